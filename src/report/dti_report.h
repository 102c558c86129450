/* dti_report.h — a year's DTI assessment (core/dti.h, computed by dti_assess) as JSON, the
 * standing agency's reminders text, and an SVG chart of the main indices. Data in, bytes out.
 *
 * Rounding happens only here: a score (0..1) to 4 decimals, points to 2.
 */
#ifndef DXTRACK_DTI_REPORT_H
#define DXTRACK_DTI_REPORT_H

#include <stddef.h>

#include <jansson.h>

#include "../core/dti.h"
#include "../lib/buf.h"

/* The readiness object (dxtrack dti readiness --format json, GET /api/v1/dti/{year}):
 * {"year","framework","province","as_of","score","points","points_evidenced","points_at_risk",
 *  "score_evidenced" (points_evidenced / 1000: what the ministry would give if nothing more
 *  were evidenced), "missing_value":[codes],"missing_evidence":[codes],"overdue":[codes],
 *  "by_unit":[{"unit","unit_name","owed","overdue","points_at_risk"}] (by points at risk, most
 *  first; unit null for items nobody is assigned), "main_indices":[{"code","name","value",
 *  "points","points_max","points_at_risk","previous","change"}] ("previous" and "change" null
 *  when the year before has no published value), "at_risk":[{"code","name","unit","points"}]
 *  (by points, most first), "previous":{"year","score","published"} or null}. Codes in
 *  framework order. A new reference. */
json_t *dti_report_json(const struct dti_assessment *a);
/* One item as JSON: {"code","parent","name","official","kind","rule","target","evidence_required",
 * "value","unit","unit_name","due","status","indicator","note","version","updated_at",
 * "updated_by","score","points","points_max","points_at_risk","evidence","evidence_in_year",
 * "owed","overdue"}; null for what is absent. A new reference. */
json_t *dti_report_item_json(const struct dti_assessment *a, size_t i);
/* An item of evidence: {"id","year","code","number","title","date","summary","counts" (it backs
 * the item: not withdrawn and dated in the year), "file":{"name","media_type","size_bytes",
 * "sha256"} or null,"recorded_at","recorded_by","withdrawn_at","withdrawn_by"}. New reference. */
json_t *dti_report_evidence_json(const struct dti_evidence *e);
/* A recorded state of an entry (its history): {"version","updated_at","updated_by","value",
 * "unit","due","status","indicator","note"}. A new reference. */
json_t *dti_report_entry_json(const struct dti_entry *e);
/* The list a standing agency sends round: the score claimed and the score evidenced, then per
 * responsible unit (most points at risk first) each item it owes with what is missing, its due
 * date (dd/mm/yyyy, "QUÁ HẠN" when overdue) and the points it is worth, in Vietnamese. */
void dti_report_text(const struct dti_assessment *a, struct buf *out);
/* Horizontal bars of the main indices' values (0..1) with the previous year's value marked, as
 * an accessible SVG (title, desc, a text label per bar). */
void dti_report_chart_svg(const struct dti_assessment *a, struct buf *out);

#endif
