/* disbursement_report.h — disbursement monitoring (core/disbursement.h) and Finance's allocations
 * as JSON, shared by the CLI (`disbursement`, `allocations`, `task colour` --format json) and the
 * API, so both give the same bytes. Data in, JSON out: no database, no rules.
 */
#ifndef DXTRACK_DISBURSEMENT_REPORT_H
#define DXTRACK_DISBURSEMENT_REPORT_H

#include <jansson.h>

#include "../core/disbursement.h"

/* "2023-12-14", or null when the date is unset — a new reference. */
json_t *disbursement_report_date_json(struct date d);
/* {"shown","computed","flags":["below_progress","below_schedule"],"override":{…}|null} */
json_t *disbursement_report_colour_json(const struct disbursement_task *t);
/* {"year","as_of","scope","plan","projection","total","investors","tasks","idle"} */
json_t *disbursement_report_json(const struct disbursement *r);
/* {"year","as_of","departments":[{"unit","name","allocated_vnd",…}],"total":{…}} */
json_t *disbursement_report_allocations_json(const struct disbursement_departments *v);

#endif
