/* audit.c — reading the audit log (app.h): every write's row, newest first, for any signed-in
 * user. The rows themselves are appended by each write, in its own transaction (app.c
 * app_audit); nothing here changes them. */
#include <stdio.h>
#include <string.h>

#include "app_impl.h"

enum app_status app_audit_each(struct app *a, const struct audit_filter *f,
                               int (*each)(void *ctx, const struct audit_entry *e), void *ctx,
                               struct diag *d)
{
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	/* the days may come as a person types them; the store compares "YYYY-MM-DD" */
	struct audit_filter iso = *f;
	char days[2][16];
	const char *given[2] = {f->since, f->until};
	const char *names[2] = {"since", "until"};
	for (int i = 0; i < 2; i++) {
		struct date day;
		const char *why;
		if (!given[i] || !given[i][0]) {
			given[i] = NULL;
			continue;
		}
		if (date_parse(given[i], strlen(given[i]), &day, &why) < 0) {
			if (d)
				diag_add(d, NULL, 0, names[i], "%s", why);
			status = APP_BAD_INPUT;
			continue;
		}
		snprintf(days[i], sizeof days[i], "%04d-%02d-%02d", day.year, day.month, day.day);
		given[i] = days[i];
	}
	if (status != APP_OK)
		return status;
	iso.since = given[0];
	iso.until = given[1];
	return store_audit_each(a->store, &iso, each, ctx) < 0 ? APP_FAILED : APP_OK;
}
