/* appendix_xlsx.h — the report's appendix (Phụ lục) workbook, written with libxlsxwriter from
 * its data as JSON (the same JSON a submitted report keeps in its snapshot):
 *   {"year":2023,"title":"Phụ lục …","subtitle":"(Kèm theo Báo cáo số … ngày …)",
 *    "tasks":[{"code","name","investor","investor_name","budget_vnd","disbursed_vnd",
 *              "progress_pct","status_vi","note"}…],
 *    "investors":[{"code","name","tasks","budget_vnd","disbursed_vnd"}…],
 *    "indicators":[{"code","name","measure","value","target","decimals","status_vi"}…]}
 * (money in whole đồng as JSON integers; value and target numbers or null).
 * Sheets:
 *   "Nhiệm vụ"      STT, Tên nhiệm vụ, Chủ đầu tư, Kinh phí (đồng), Đã giải ngân (đồng),
 *                   Tỷ lệ giải ngân (%), Tiến độ (%), Tình trạng, Ghi chú; the totals row is made
 *                   of formulas (SUM of the rows; the rate = disbursed / budget), money as
 *                   "#,##0" (Vietnamese Excel shows 1.000), frozen header, repeated on every
 *                   printed page, A4 landscape, fit to one page wide;
 *   "Theo chủ đầu tư" the same per investor with formula totals;
 *   "Chỉ số"        indicator, measure, value, target, status.
 * Titles follow Decree 30's appendix rules (bold, centred, the "Kèm theo" line in italics).
 * Fixed document properties (no creation time), so the bytes depend only on the data.
 */
#ifndef DXTRACK_APPENDIX_XLSX_H
#define DXTRACK_APPENDIX_XLSX_H

#include <stddef.h>

#include <jansson.h>

#include "../lib/buf.h"

/* Writes the workbook into out (appended). 0, or -1 with the reason in why. */
int appendix_xlsx_write(const json_t *appendix, struct buf *out, char *why, size_t why_size);

#endif
