/* app_impl.h — helpers shared by the use cases in app/ (not for callers of app.h). */
#ifndef DXTRACK_APP_IMPL_H
#define DXTRACK_APP_IMPL_H

#include <jansson.h>

#include "app.h"

/* Appends the audit row of a write (inside the caller's transaction); detail may be NULL and is
 * not stolen. 0 or -1. */
int app_audit(struct app *a, const char *action, const char *object, json_t *detail);

/* Ends a successful import: appends its audit row (action, the file's label, the counts) and
 * commits. APP_OK, or APP_FAILED after a rollback. */
enum app_status app_import_finish(struct app *a, const char *action, const char *label,
                                  const struct import_result *r);

/* Rolls back and returns APP_FAILED (a store failure) — the one failure path of every write. */
enum app_status app_fail(struct app *a);

#endif
