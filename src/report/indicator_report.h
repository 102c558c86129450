/* indicator_report.h — indicators and their figures as JSON: the one shape the CLI
 * (`dxtrack indicators --format json`, `dxtrack indicator value|rollup --format json`) and the
 * API (GET /api/v1/indicators, GET /api/v1/indicators/{code}/values) both print. Data in, JSON
 * out: no database, no rules (the red/amber/green rule is core/indicator.h's).
 */
#ifndef DXTRACK_INDICATOR_REPORT_H
#define DXTRACK_INDICATOR_REPORT_H

#include <stdbool.h>

#include <jansson.h>

#include "../core/indicator.h"
#include "../core/rollup.h"

/* Printed with TASK_IO_JSON_FLAGS (io/task_io.h) like every dxtrack JSON: 15 significant digits,
 * so a value rounded to its decimals prints as it is shown (33.3, not 33.299999999999997). */

/* {"code","name","measure","aggregation","numerator","denominator","multiplier","direction",
 *  "decimals"}: numerator and denominator null unless a ratio. A new reference. */
json_t *indicator_report_definition_json(const struct indicator *ind);

/* {"indicator","unit","period","value","target","reporting_units","expected_units"}, value and
 * target rounded to the indicator's decimals (an integer when it has none), null when there is
 * none; with_status adds "status": "green", "amber", "red" or null (indicator_status). A new
 * reference. */
json_t *indicator_report_json(const struct indicator_figure *f, bool with_status);

#endif
