/* migrate.c — moving the whole database into another one, of either backend (app.h): both are
 * opened (and so brought up to this binary's schema), the store copies and verifies every table
 * (store_copy) inside one transaction of the target, and db.migrate goes into the target's audit
 * log in that same transaction: the target gets all of it, verified, or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "app_impl.h"

/* The source as the audit log names it: a file by its absolute name, a URL without password. */
static char *migrate_label(const char *url)
{
	const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	if (!strstr(url, "://")) {
		char *abs = realpath(path, NULL);
		if (abs)
			return abs;
	}
	return store_url_display(url);
}

static json_t *migrate_detail(const struct app_migration *m, const char *from)
{
	return json_pack("{s:s,s:i,s:I,s:I}", "from", from, "schema_version",
	                 m->report.schema_version, "tables", (json_int_t)m->report.n, "rows",
	                 (json_int_t)m->report.rows);
}

enum app_status app_migrate(const char *from_url, const char *to_url, const char *actor,
                            const char *now_utc, struct app_migration *out, char *why,
                            size_t why_size)
{
	memset(out, 0, sizeof *out);
	char *shown = store_url_display(from_url);
	snprintf(out->from, sizeof out->from, "%s", shown);
	free(shown);
	shown = store_url_display(to_url);
	snprintf(out->to, sizeof out->to, "%s", shown);
	free(shown);
	if (strcmp(from_url, to_url) == 0) {
		snprintf(why, why_size, "the source and the target are the same database");
		return APP_FAILED;
	}
	char opened[600];
	struct store *from = store_open(from_url, opened, sizeof opened);
	if (!from) {
		snprintf(why, why_size, "the source: %s", opened);
		return APP_FAILED;
	}
	struct app a;
	if (app_open(&a, to_url, actor, "cli", now_utc, opened, sizeof opened) != APP_OK) {
		snprintf(why, why_size, "the target: %s", opened);
		store_close(from);
		return APP_FAILED;
	}
	enum app_status status = APP_FAILED;
	if (store_begin(a.store) < 0) {
		snprintf(why, why_size, "the target: %s", store_error(a.store));
	} else if (store_copy(from, a.store, &out->report) < 0) {
		snprintf(why, why_size, "%s; nothing was written", store_error(a.store));
		store_rollback(a.store);
	} else {
		char *label = migrate_label(from_url);
		status = app_commit(&a, 0, "db.migrate", label, migrate_detail(out, label));
		free(label);
		if (status != APP_OK)
			snprintf(why, why_size, "%s; nothing was written", app_error(&a));
	}
	app_close(&a);
	store_close(from);
	return status;
}
