/* summary_report.h — the committee summary as a Vietnamese report paragraph with its investor
 * table, as JSON, and as Markdown. Data in, bytes out: no database, no rules.
 */
#ifndef DXTRACK_SUMMARY_REPORT_H
#define DXTRACK_SUMMARY_REPORT_H

#include <jansson.h>

#include "../core/summary.h"
#include "../lib/buf.h"

/* The paragraph a committee report would carry ("… đã triển khai 42 nhiệm vụ, dự án chuyển đổi số
 * với tổng kinh phí hơn 67 tỷ đồng …"), without a trailing newline. */
void summary_report_paragraph(const struct summary *s, struct buf *out);
/* The paragraph, a blank line, then the per-investor table (money in triệu đồng). */
void summary_report_text(const struct summary *s, struct buf *out);
/* {"year","tasks","budget_vnd","disbursed_vnd","disbursement_pct","by_status":{…},"lagging",
 *  "as_of","scope","by_investor":[…]} — a new reference. */
json_t *summary_report_json(const struct summary *s);
/* A Markdown section: heading, paragraph, investor table. */
void summary_report_md(const struct summary *s, struct buf *out);

#endif
