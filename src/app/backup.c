/* backup.c — backup and restore of the whole database (app.h): who may, the SHA-256 of the
 * file, and the audit rows (db.backup in the database backed up, db.restore in the database
 * restored). The copying, the checks and the swap are the store's (store_backup,
 * store_restore_begin). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../lib/mem.h"
#include "app_impl.h"

/* The SHA-256 of a file, in lower-case hex: 0, or -1 with errno. */
static int backup_sha256(const char *path, char out[65])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		crypto_hash_sha256_update(&st, chunk, n);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		errno = EIO;
		return -1;
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, hash);
	sodium_bin2hex(out, 65, hash, sizeof hash);
	return 0;
}

/* The file's absolute name, for the audit log (as given when it cannot be resolved). */
static char *backup_abs_path(const char *path)
{
	char *abs = realpath(path, NULL);
	return abs ? abs : mem_strdup(path);
}

/* The details of an audit row about a backup file. */
static json_t *backup_detail(const struct app_db_copy *c)
{
	return json_pack("{s:I,s:s,s:i,s:I,s:I,s:I}", "bytes", (json_int_t)c->info.bytes, "sha256",
	                 c->sha256, "schema_version", c->info.schema_version, "tasks",
	                 (json_int_t)c->info.tasks, "units", (json_int_t)c->info.units,
	                 "audit_rows", (json_int_t)c->info.audit);
}

enum app_status app_backup(struct app *a, const char *path, bool force, struct app_db_copy *out,
                           struct diag *d)
{
	memset(out, 0, sizeof *out);
	enum app_status status = app_require_admin(a, d, "back up the database");
	if (status != APP_OK)
		return status;
	if (!path || !path[0]) {
		diag_add(d, NULL, 0, NULL, "name the backup file");
		return APP_BAD_INPUT;
	}
	if (store_backup(a->store, path, force, &out->info) != 0)
		return APP_FAILED;
	out->written = true;
	if (backup_sha256(path, out->sha256) < 0) {
		diag_add(d, path, 0, NULL, "written, but it cannot be read back: %s",
		         strerror(errno));
		return APP_FAILED;
	}
	char *abs = backup_abs_path(path);
	status = store_begin(a->store) < 0 ? APP_FAILED
	                                   : app_commit(a, 0, "db.backup", abs, backup_detail(out));
	free(abs);
	return status;
}

enum app_status app_restore(const char *db_url, const char *file, bool force, const char *actor,
                            const char *now_utc, struct app_db_copy *out, char *why,
                            size_t why_size)
{
	memset(out, 0, sizeof *out);
	char *shown = store_url_display(db_url);
	snprintf(out->database, sizeof out->database, "%s", shown);
	free(shown);
	if (sodium_init() < 0) {
		snprintf(why, why_size, "libsodium cannot start");
		return APP_FAILED;
	}
	struct store *copy = NULL;
	struct store_file_info found;
	struct store_restore *r =
	    store_restore_begin(db_url, file, force, &copy, &found, why, why_size);
	if (!r)
		return APP_FAILED;
	out->found_version = found.schema_version;
	if (backup_sha256(file, out->sha256) < 0) {
		snprintf(why, why_size, "cannot read %s: %s; nothing was changed", file,
		         strerror(errno));
		store_restore_abort(r);
		return APP_FAILED;
	}
	/* the audit row goes into the copy, as the system (administrator) named actor */
	struct app a;
	if (app_attach(&a, copy, "cli", now_utc, why, why_size) != APP_OK) {
		store_restore_abort(r);
		return APP_FAILED;
	}
	free(a.actor);
	a.actor = mem_strdup(actor && actor[0] ? actor : "unknown");
	a.who.kind = APP_SYSTEM;
	a.who.role = ROLE_ADMIN;
	size_t n = strlen(a.actor);
	if (n >= sizeof a.who.name) /* cut at a character boundary */
		for (n = sizeof a.who.name - 1;
		     n > 0 && ((unsigned char)a.actor[n] & 0xC0) == 0x80;)
			n--;
	memcpy(a.who.name, a.actor, n);
	a.who.name[n] = '\0';
	char *abs = backup_abs_path(file);
	struct app_db_copy as_found = {.info = found};
	memcpy(as_found.sha256, out->sha256, sizeof as_found.sha256);
	json_t *detail = backup_detail(&as_found);
	if (found.schema_version != store_schema_version(copy))
		json_object_set_new(detail, "migrated_to",
		                    json_integer(store_schema_version(copy)));
	enum app_status status = APP_FAILED;
	if (store_begin(copy) < 0)
		json_decref(detail);
	else
		status = app_commit(&a, 0, "db.restore", abs, detail);
	free(abs);
	if (status != APP_OK) {
		snprintf(why, why_size,
		         "cannot write the audit row of the restore: %s; nothing was "
		         "changed",
		         store_error(copy));
		app_close(&a);
		store_restore_abort(r);
		return APP_FAILED;
	}
	app_close(&a);
	if (store_restore_commit(r, &out->info, why, why_size) < 0)
		return APP_FAILED;
	return APP_OK;
}
