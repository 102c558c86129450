/* plan_report.h — a selection of next year's catalogue (core/plan.h struct plan_result) as JSON,
 * CSV and a plain-text table in Vietnamese. Data in, bytes out: no database, no rules.
 *
 * Every form lists the selected proposals first, then the others, each part in the result's
 * order (tier, then code).
 */
#ifndef DXTRACK_PLAN_REPORT_H
#define DXTRACK_PLAN_REPORT_H

#include <jansson.h>

#include "../core/plan.h"
#include "../lib/buf.h"

/* {"year":Y,"budget_vnd":N,"selected_vnd":S,"selected":[{"code","tier","score","budget_vnd",
 * "reason"}…],"not_selected":[…]}, and for an adopted catalogue "adopted_at", "adopted_by",
 * "locks" and "excludes" (arrays of codes) after those. A new reference. */
json_t *plan_report_json(const struct plan_result *r);
/* Header code,name,investor,tier,score,budget_vnd,selected,reason (selected 1 or 0), one line
 * per proposal; text guarded against spreadsheet formulas. */
void plan_report_csv(const struct plan_result *r, struct buf *out);
/* A heading with the ceiling, the selected proposals' table, the cut line, the others' table,
 * and the money selected and left. */
void plan_report_text(const struct plan_result *r, struct buf *out);

#endif
