/* audit.c — reading the audit log (app.h): every write's row, newest first, for any signed-in
 * user. The rows themselves are appended by each write, in its own transaction (app.c
 * app_audit); nothing here changes them. */
#include "app_impl.h"

enum app_status app_audit_each(struct app *a, const struct audit_filter *f,
                               int (*each)(void *ctx, const struct audit_entry *e), void *ctx)
{
	enum app_status status = app_require_user(a, NULL);
	if (status != APP_OK)
		return status;
	return store_audit_each(a->store, f, each, ctx) < 0 ? APP_FAILED : APP_OK;
}
