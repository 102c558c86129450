/* app_impl.h — helpers shared by the use cases in app/ (not for callers of app.h). */
#ifndef DXTRACK_APP_IMPL_H
#define DXTRACK_APP_IMPL_H

#include <jansson.h>

#include "app.h"

/* Appends the audit row of a write (inside the caller's transaction); detail may be NULL and is
 * not stolen. 0 or -1. */
int app_audit(struct app *a, const char *action, const char *object, json_t *detail);

/* Rolls back and returns APP_FAILED (a store failure) — the one failure path of every write. */
enum app_status app_fail(struct app *a);

#endif
