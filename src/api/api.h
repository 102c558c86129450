/* api.h — the JSON API under /api/v1: the same rules as the pages, for machine clients.
 *
 * Each handler's comment starts with its route. Bodies are JSON (jansson, which rejects invalid
 * UTF-8); errors are {"error":{"code":"...","message":"...","details":[...]}} with the status
 * from the one app_status → HTTP table (exchange_status_of). Documented by openapi.json.
 */
#ifndef DXTRACK_API_H
#define DXTRACK_API_H

#include "../http/exchange.h"

void api_openapi(struct http_exchange *x);        /* GET /api/v1/openapi.json */
void api_session_post(struct http_exchange *x);   /* POST /api/v1/session */
void api_session_delete(struct http_exchange *x); /* DELETE /api/v1/session */
void api_summary(struct http_exchange *x);        /* GET /api/v1/summary */
void api_tasks(struct http_exchange *x);          /* GET /api/v1/tasks */
void api_task(struct http_exchange *x);           /* GET /api/v1/tasks/{year}/{code} */
void api_task_patch(struct http_exchange *x);     /* PATCH /api/v1/tasks/{year}/{code} */
void api_import_tasks(struct http_exchange *x);   /* POST /api/v1/import/tasks */
void api_audit(struct http_exchange *x);          /* GET /api/v1/audit */
void api_me(struct http_exchange *x);             /* GET /api/v1/me */
void api_indicators(struct http_exchange *x);     /* GET /api/v1/indicators */
/* GET /api/v1/indicators/{code}/values, GET /api/v1/indicators/missing,
 * POST /api/v1/import/values */
void api_indicator_values(struct http_exchange *x);
void api_indicators_missing(struct http_exchange *x);
void api_import_values(struct http_exchange *x);
/* GET /api/v1/plan, POST /api/v1/plan/adopt, GET /api/v1/plan/adopted (plan.c) */
void api_plan(struct http_exchange *x);
void api_plan_adopt(struct http_exchange *x);
void api_plan_adopted(struct http_exchange *x);
/* Disbursement and Finance's allocations (disbursement.c) */
void api_disbursement(struct http_exchange *x);     /* GET /api/v1/disbursement */
void api_allocations(struct http_exchange *x);      /* GET /api/v1/allocations */
void api_allocations_post(struct http_exchange *x); /* POST /api/v1/allocations */
void api_task_colour_post(struct http_exchange *x); /* POST /api/v1/tasks/{y}/{c}/colour */

/* DTI readiness (dti.c) */
void api_dti_years(struct http_exchange *x);             /* GET /api/v1/dti */
void api_dti_readiness(struct http_exchange *x);         /* GET /api/v1/dti/{year} */
void api_dti_item(struct http_exchange *x);              /* GET /api/v1/dti/{year}/{code} */
void api_dti_item_patch(struct http_exchange *x);        /* PATCH /api/v1/dti/{year}/{code} */
void api_dti_evidence_post(struct http_exchange *x);     /* POST …/{year}/{code}/evidence */
void api_dti_evidence_withdraw(struct http_exchange *x); /* POST …/evidence/{id}/withdraw */
void api_dti_evidence_file(struct http_exchange *x);     /* GET …/evidence/{id}/file */
void api_dti_frameworks_post(struct http_exchange *x);   /* POST /api/v1/dti/frameworks */
void api_dti_published_post(struct http_exchange *x);    /* POST /api/v1/dti/published */

/* The committee's report under review and the settings of its documents (reports.c) */
void api_reports(struct http_exchange *x);             /* GET /api/v1/reports */
void api_report(struct http_exchange *x);              /* GET /api/v1/reports/{id} */
void api_reports_post(struct http_exchange *x);        /* POST /api/v1/reports */
void api_report_revise(struct http_exchange *x);       /* POST /api/v1/reports/{id}/revise */
void api_report_submit(struct http_exchange *x);       /* POST /api/v1/reports/{id}/submit */
void api_report_comment_post(struct http_exchange *x); /* POST /api/v1/reports/{id}/comments */
void api_comment_answer(struct http_exchange *x);      /* POST /api/v1/comments/{id}/answer */
void api_report_file(struct http_exchange *x); /* GET …/reports/{id}/versions/{n}.docx|pdf|xlsx */
void api_settings(struct http_exchange *x);    /* GET /api/v1/settings */
void api_setting_put(struct http_exchange *x); /* PUT /api/v1/settings/{key} */

/* Writes the error body and status: code is a stable word ("forbidden"), message for people. */
void api_error(struct http_exchange *x, int status, const char *code, const char *message);

#endif
