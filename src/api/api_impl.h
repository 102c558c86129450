/* api_impl.h — helpers shared by the API handlers (not for callers of api.h). */
#ifndef DXTRACK_API_IMPL_H
#define DXTRACK_API_IMPL_H

#include <jansson.h>

#include "api.h"

/* Sends a JSON value (stolen) with a status. */
void api_send(struct http_exchange *x, int status, json_t *value);
/* The error of an app status, with the diagnostics as "details" (each line as the CLI prints
 * it). extra (stolen, may be NULL) is merged into the top-level object (e.g. "current"). */
void api_fail(struct http_exchange *x, enum app_status s, struct diag *d, json_t *extra);
/* The request body as a JSON object; on failure answers 400 and returns NULL. */
json_t *api_body_object(struct http_exchange *x);
/* Route parameters {year}/{code} of a task path; on failure answers 404 and returns -1. */
int api_task_key(struct http_exchange *x, int *year, const char **code);

/* A CSV import by request body (?name=FILE.csv names it in the messages): answers
 * {"rows","inserted","updated","unchanged"}, or the problems with nothing written. what names
 * the file in the 400 for an empty body ("tasks", "values"). */
void api_import(struct http_exchange *x, const char *what,
                enum app_status (*import)(struct app *a, const char *label, const char *data,
                                          size_t len, struct diag *d, struct import_result *r));

/* The version a write expects, from If-Match ("7", W/"7" or 7) or the body's "version": 0 when
 * neither is given, -1 when one is malformed, below min, or they differ. */
int64_t api_expected_version(struct http_exchange *x, json_t *body, int64_t min);

#endif
