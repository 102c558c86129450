/* web.h — the pages: server-rendered HTML in Vietnamese that works without JavaScript.
 *
 * Each handler's comment starts with its route. Every page is built with page.h (one layout, one
 * stylesheet at /static/app.css), escapes all data through http/escape.h, and calls only app_*
 * functions. Forms carry the session's CSRF token; serve/ checks it before a POST handler runs.
 */
#ifndef DXTRACK_WEB_H
#define DXTRACK_WEB_H

#include "../http/exchange.h"

void web_login_form(struct http_exchange *x);   /* GET /login */
void web_login(struct http_exchange *x);        /* POST /login */
void web_logout(struct http_exchange *x);       /* POST /logout */
void web_dashboard(struct http_exchange *x);    /* GET / */
void web_tasks(struct http_exchange *x);        /* GET /tasks (?format=csv: what is shown) */
void web_task(struct http_exchange *x);         /* GET /tasks/{year}/{code} */
void web_task_update(struct http_exchange *x);  /* POST /tasks/{year}/{code} */
void web_import_form(struct http_exchange *x);  /* GET /import */
void web_import(struct http_exchange *x);       /* POST /import */
void web_users(struct http_exchange *x);        /* GET /users */
void web_users_post(struct http_exchange *x);   /* POST /users (create, change, reset, disable) */
void web_account(struct http_exchange *x);      /* GET /account (own password) */
void web_account_post(struct http_exchange *x); /* POST /account */
void web_audit(struct http_exchange *x);        /* GET /audit */
void web_stylesheet(struct http_exchange *x);   /* GET /static/app.css */

/* The indicators: GET /indicators, GET /indicators/{code}, GET /indicators/missing, and the
 * entry form GET and POST /indicators/entry. */
void web_indicators(struct http_exchange *x);
void web_indicator(struct http_exchange *x);
void web_indicators_missing(struct http_exchange *x);
void web_indicator_entry_form(struct http_exchange *x);
void web_indicator_entry(struct http_exchange *x);
/* GET /plan (?format=csv), POST /plan/adopt: next year's catalogue (plan.c) */
void web_plan(struct http_exchange *x);
void web_plan_adopt(struct http_exchange *x);
/* GET /disbursement, GET and POST /allocations: disbursement monitoring and Finance's
 * allocations (disbursement.c) */
void web_disbursement(struct http_exchange *x);
void web_allocations(struct http_exchange *x);
void web_allocations_post(struct http_exchange *x);

/* DTI readiness (dti.c, dti_item.c): GET /dti?year=Y (the score, main indices, points at
 * risk, reminders, units); GET /dti/{year}/{code} (one item: history, evidence, forms by
 * rights); POST /dti/{year}/{code} (the value or the assignment form); POST
 * /dti/{year}/{code}/evidence (multipart upload); POST /dti/evidence/{id}/withdraw; GET
 * /dti/evidence/{id} (the file, as an attachment) */
void web_dti(struct http_exchange *x);
void web_dti_item(struct http_exchange *x);
void web_dti_item_post(struct http_exchange *x);
void web_dti_evidence_post(struct http_exchange *x);
void web_dti_evidence_withdraw(struct http_exchange *x);
void web_dti_evidence_file(struct http_exchange *x);

/* The committee's report under review (reports.c): GET and POST /reports (the list; an
 * administrator's draft), GET /reports/{id}?version=N (a version with its comments and the
 * forms the user may use), GET /reports/{id}/compare?a=&b=, GET /reports/{id}/{n}.docx|.pdf|.xlsx,
 * POST /reports/{id}/comments, POST /reports/comments/{id}/answer, POST /reports/{id}/revise,
 * POST /reports/{id}/submit */
void web_reports(struct http_exchange *x);
void web_reports_post(struct http_exchange *x);
void web_report(struct http_exchange *x);
void web_report_compare(struct http_exchange *x);
void web_report_file(struct http_exchange *x);
void web_report_comment_post(struct http_exchange *x);
void web_report_answer_post(struct http_exchange *x);
void web_report_revise_post(struct http_exchange *x);
void web_report_submit_post(struct http_exchange *x);

/* The page every error ends with: 403, 404, 400 … in the layout, with a way back. */
void web_error(struct http_exchange *x, int status, const char *message);

#endif
