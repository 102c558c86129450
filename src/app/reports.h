/* reports.h — the review's words and JSON shapes (app/reports.c), shared by the CLI
 * (`dxtrack report list|show --format json`) and the API (GET /api/v1/reports…), so both print
 * the same objects. The use cases themselves are in app.h ("the review").
 */
#ifndef DXTRACK_REPORTS_H
#define DXTRACK_REPORTS_H

#include <jansson.h>

#include "app.h"

/* The largest comment or answer, in characters. */
#define APP_REPORT_TEXT_MAX 4000

/* "draft", "revised", "submitted" / "open", "accepted", "explained", "rejected": the words of
 * the schema, the CLI and the API. The parsers return 0, or -1 for another word. */
const char *app_report_status_name(enum report_status s);
const char *app_report_answer_name(enum report_answer a);
int app_report_answer_parse(const char *s, enum report_answer *out);
/* In Vietnamese, lower case: "dự thảo", "bản sửa đổi", "đã trình" / "chưa trả lời", "tiếp thu",
 * "giải trình", "không tiếp thu". */
const char *app_report_status_label_vi(enum report_status s);
const char *app_report_answer_label_vi(enum report_answer a);

/* {"version","status","sha256","created_at","author","submitted_at"} (a new reference). */
json_t *app_report_version_json(const struct report_version *v);
/* {"id","version","section","text","author","created_at","answer","answer_text",
 * "answered_by","answered_at"} (a new reference). */
json_t *app_report_comment_json(const struct report_comment *c);

/* One report: {"id","year","version" (the latest),"status" (the latest's),"versions":[…],
 * "comments":[…]} with the versions and comments of version only (0: all of them). *out is
 * new; APP_NOT_FOUND when there is no such report (or version). */
enum app_status app_report_json(struct app *a, int64_t report_id, int version, json_t **out);
/* Every report, newest year first: {"reports":[{"id","year","version","status",
 * "versions":[…]}]} (*out new). */
enum app_status app_reports_json(struct app *a, json_t **out);

#endif
