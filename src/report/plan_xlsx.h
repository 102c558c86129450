/* plan_xlsx.h — a selection of next year's catalogue (core/plan.h struct plan_result) as an
 * Office Open XML workbook (.xlsx), made with libxlsxwriter. Data in, bytes out.
 *
 * One sheet "Danh mục": a title row, a header row (Mã, Tên nhiệm vụ, Chủ đầu tư, Nhóm ưu tiên,
 * Điểm, Kinh phí (đồng), Được chọn, Lý do), one row per entry in the result's order (selected
 * first), money as numbers formatted "#,##0", and a total row =SUMIF(G…,"Có",F…) over the
 * selected rows' money. The header row is frozen; A4 landscape, one page wide.
 */
#ifndef DXTRACK_PLAN_XLSX_H
#define DXTRACK_PLAN_XLSX_H

#include "../core/plan.h"
#include "../lib/buf.h"

/* Appends the workbook's bytes to out. libxlsxwriter writes only to a file, so this makes a
 * temporary one (mkstemp in $TMPDIR, else /tmp), reads it back and removes it. 0, or -1 when
 * the file could not be made, written or read (out then holds what it held before). */
int plan_xlsx_write(const struct plan_result *r, struct buf *out);

#endif
