/* sqlite_backup.c — backup and restore of the SQLite backend (store.h).
 *
 * A backup copies the database with SQLite's backup API from one snapshot: the source holds a
 * read transaction across the steps, which in WAL mode holds up no writer, so a running
 * `dxtrack serve` goes on serving writes and the copy is exactly the database as of the moment
 * the backup began. The copy is written to PATH.tmp, switched to a rollback journal (so that it
 * is one self-contained file: nothing beside it to lose), checked (integrity_check, our tables,
 * the schema version), fsync'd and only then renamed to PATH, the directory fsync'd too: PATH is
 * either absent or a complete, checked backup, whatever happens to the process or the machine.
 *
 * A restore checks the file first and only reads it, then takes the database it replaces away
 * from everyone: switching it out of WAL mode (which SQLite refuses while any other connection
 * has it open, even an idle one: BEGIN EXCLUSIVE alone would not see an idle server in WAL mode)
 * with no busy wait, then BEGIN EXCLUSIVE. That also checkpoints and removes its -wal and -shm:
 * a stale -wal left beside a database is replayed into whatever database then carries the name,
 * so none may survive the swap. The copy (DB.tmp) is migrated up, audited by the caller, made
 * self-contained, checked, fsync'd and renamed over the database; the old file's header is then
 * spoiled (if no other name links to it) so that a program that opened it during the swap fails
 * cleanly instead of writing a -wal for the new file.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/mem.h"
#include "../text/collate.h"
#include "migrations.h"
#include "sqlite_impl.h"
#include "store_file.h"
#include "store_impl.h"

enum {
	BACKUP_STEP_PAGES = 256, /* 4 MiB of 16 KiB pages per step */
	BACKUP_BUSY_SLEEP_MS = 20,
	BACKUP_BUSY_TRIES = 500, /* 10 s of SQLITE_BUSY / SQLITE_LOCKED in a row */
};

/* The files SQLite keeps beside a database. */
static const char *const backup_side_files[] = {"-journal", "-wal", "-shm"};

/* True when a and b name the same existing file. */
static bool backup_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return a && b && a[0] && b[0] && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int backup_latest_version(void)
{
	return migrations_sqlite_count ? migrations_sqlite[migrations_sqlite_count - 1].version : 0;
}

/* Removes PATH-journal, PATH-wal and PATH-shm: 0, or -1 with errno (a missing one is fine). */
static int backup_remove_side_files(const char *path)
{
	int rc = 0;
	for (size_t i = 0; i < sizeof backup_side_files / sizeof backup_side_files[0]; i++) {
		char *side = store_file_path_with(path, backup_side_files[i]);
		if (unlink(side) < 0 && errno != ENOENT)
			rc = -1;
		free(side);
	}
	return rc;
}

/* Removes path and its side files, keeping errno as it was (a clean-up). */
static void backup_remove(const char *path)
{
	int saved = errno;
	if (path) {
		unlink(path);
		backup_remove_side_files(path);
	}
	errno = saved;
}

static int backup_collate_vi(void *ctx, int alen, const void *a, int blen, const void *b)
{
	return collate_compare(ctx, a, (size_t)alen, b, (size_t)blen);
}

static void backup_collate_destroy(void *ctx)
{
	collate_destroy(ctx);
}

/* A bare connection to path (no pragma, no migration) with the "vi" collation, which an index
 * may use: NULL with the reason in why. */
static sqlite3 *backup_open(const char *path, int flags, const char *label, char *why,
                            size_t why_size)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(why, why_size, "cannot open %s: %s", label,
		         db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	struct collator *c = collate_create();
	if (c && sqlite3_create_collation_v2(db, "vi", SQLITE_UTF8, c, backup_collate_vi,
	                                     backup_collate_destroy) != SQLITE_OK)
		collate_destroy(c);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* The message of a failed read of file label: not a database, damaged, or another reason. */
static int backup_read_failed(sqlite3 *db, int rc, const char *label, char *why, size_t why_size)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		snprintf(why, why_size, "%s is not a database", label);
		break;
	case SQLITE_CORRUPT:
		snprintf(why, why_size, "%s is damaged: %s", label, sqlite3_errmsg(db));
		break;
	default:
		snprintf(why, why_size, "cannot read %s: %s", label, sqlite3_errmsg(db));
	}
	return -1;
}

/* Runs a one-row query: its first column as an integer in *v. */
static int backup_query_int(sqlite3 *db, const char *sql, int64_t *v)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Checks that path (named label in messages) is a sound database of dxtrack's, only reading it:
 * PRAGMA integrity_check says "ok", it has our tables and a schema version. Fills *info. 0, or
 * -1 with the reason in why. */
static int backup_check_file(const char *path, const char *label, struct store_file_info *info,
                             char *why, size_t why_size)
{
	memset(info, 0, sizeof *info);
	struct stat sb;
	if (stat(path, &sb) < 0) {
		snprintf(why, why_size, "cannot read %s: %s", label, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(why, why_size, "%s is not a regular file", label);
		return -1;
	}
	if (sb.st_size == 0) {
		snprintf(why, why_size, "%s is empty: not a database", label);
		return -1;
	}
	sqlite3 *db = backup_open(path, SQLITE_OPEN_READONLY, label, why, why_size);
	if (!db)
		return -1;
	int rc = -1;
	sqlite3_stmt *st = NULL;
	int step = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
	if (step == SQLITE_OK)
		step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		backup_read_failed(db, step, label, why, why_size);
		goto out;
	}
	const char *verdict = (const char *)sqlite3_column_text(st, 0);
	if (!verdict || strcmp(verdict, "ok") != 0) {
		snprintf(why, why_size, "%s is damaged: integrity check: %.300s", label,
		         verdict ? verdict : "no answer");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	int64_t ours = 0, version = 0;
	if ((step = backup_query_int(db,
	                             "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
	                             "AND name IN ('task', 'unit', 'audit')",
	                             &ours)) != SQLITE_OK ||
	    (step = backup_query_int(db, "PRAGMA user_version", &version)) != SQLITE_OK) {
		backup_read_failed(db, step, label, why, why_size);
		goto out;
	}
	if (ours != 3 || version < 1) {
		snprintf(
		    why, why_size,
		    "%s is a SQLite database but not one of dxtrack's (no tasks, units and audit "
		    "log, or no schema version)",
		    label);
		goto out;
	}
	if ((step = backup_query_int(db, "SELECT count(*) FROM task", &info->tasks)) != SQLITE_OK ||
	    (step = backup_query_int(db, "SELECT count(*) FROM unit", &info->units)) != SQLITE_OK ||
	    (step = backup_query_int(db, "SELECT count(*) FROM audit", &info->audit)) !=
	        SQLITE_OK) {
		backup_read_failed(db, step, label, why, why_size);
		goto out;
	}
	info->schema_version = (int)version;
	info->bytes = (int64_t)sb.st_size;
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

/* Copies the main database of `from` over that of `to` with the backup API, in steps, sleeping
 * and retrying while either is busy or locked. 0, or -1 with the reason in why. */
static int backup_copy(sqlite3 *from, sqlite3 *to, char *why, size_t why_size)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		snprintf(why, why_size, "cannot start the copy: %s", sqlite3_errmsg(to));
		return -1;
	}
	int step, busy = 0;
	for (;;) {
		step = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (step == SQLITE_OK) {
			busy = 0;
		} else if ((step & 0xff) == SQLITE_BUSY || (step & 0xff) == SQLITE_LOCKED) {
			if (++busy > BACKUP_BUSY_TRIES)
				break;
			sqlite3_sleep(BACKUP_BUSY_SLEEP_MS);
		} else {
			break;
		}
	}
	int finish = sqlite3_backup_finish(b);
	if (step != SQLITE_DONE || finish != SQLITE_OK) {
		int rc = step != SQLITE_DONE ? step : finish;
		snprintf(why, why_size, "copying the database: %s%s", sqlite3_errstr(rc),
		         (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED
		             ? " (still locked after 10 s)"
		             : "");
		return -1;
	}
	return 0;
}

/* Runs SQL on a bare connection: 0, or -1 with "what: message" in why. */
static int backup_exec(sqlite3 *db, const char *sql, const char *what, char *why, size_t why_size)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(why, why_size, "%s: %s", what, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Switches db to a rollback journal: its file is then the whole database, with no -wal. 0, or
 * the SQLite code of the failure (SQLITE_BUSY: another connection has it open). */
static int backup_single_file(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *mode = (const char *)sqlite3_column_text(st, 0);
			rc = mode && strcmp(mode, "delete") == 0 ? SQLITE_OK : SQLITE_BUSY;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Gives tmp the name path: replacing it when replace, else failing with EEXIST when it exists
 * (atomically where hard links work). 0, or -1 with errno. */
int sqlite_backup(struct store *s, const char *path, bool force, struct store_file_info *info)
{
	struct sqlite_store *q = sqlite_of(s);
	char why[600];
	memset(info, 0, sizeof *info);
	if (!sqlite3_get_autocommit(q->db))
		return store_fail(s, "a backup cannot be made inside a transaction");
	const char *db_path = sqlite3_db_filename(q->db, "main");
	struct stat sb;
	if (stat(path, &sb) == 0) {
		if (backup_same_file(path, db_path))
			return store_fail(
			    s, "%s is the database itself: write the backup elsewhere", path);
		if (!force) {
			store_fail(s, "%s exists: add --force to replace it; nothing was written",
			           path);
			return STORE_CONFLICT;
		}
		if (!S_ISREG(sb.st_mode))
			return store_fail(s, "%s is not a regular file: nothing was written", path);
	}
	char *tmp = store_file_path_with(path, ".tmp");
	sqlite3 *to = NULL;
	int rc = -1;
	if (backup_same_file(tmp, db_path)) {
		store_fail(s, "%s is the database itself: write the backup elsewhere", tmp);
		free(tmp);
		return -1;
	}
	if ((unlink(tmp) < 0 && errno != ENOENT) || backup_remove_side_files(tmp) < 0) {
		store_fail(s, "cannot remove the old %s: %s", tmp, strerror(errno));
		goto out;
	}
	to = backup_open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, tmp, why, sizeof why);
	/* the copy is fsync'd once, at the end: until it is renamed, it is nobody's data */
	if (!to || backup_exec(to, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", tmp, why,
	                       sizeof why) < 0) {
		store_fail(s, "%s", why);
		goto out;
	}
	/* one snapshot for every step: a read transaction held from here to the end of the copy
	 * (in WAL mode it holds up no writer; without it a write elsewhere restarts the copy) */
	if (sqlite_exec(q, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_schema") < 0) {
		if (!sqlite3_get_autocommit(q->db))
			sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	int copied = backup_copy(q->db, to, why, sizeof why);
	sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
	if (copied < 0) {
		store_fail(s, "%s", why);
		goto out;
	}
	int single = backup_single_file(to);
	if (single != SQLITE_OK) {
		store_fail(s, "%s: cannot make it one file: %s", tmp, sqlite3_errstr(single));
		goto out;
	}
	sqlite3_close(to);
	to = NULL;
	if (backup_check_file(tmp, tmp, info, why, sizeof why) < 0) {
		store_fail(s, "the copy failed its check: %s", why);
		goto out;
	}
	int version = store_schema_version(s);
	if (info->schema_version != version) {
		store_fail(s, "the copy has schema version %d, the database %d",
		           info->schema_version, version);
		goto out;
	}
	bool published;
	rc = store_file_finish(s, tmp, path, force, &info->bytes, &published);
	if (published)
		goto out_written;
out:
	sqlite3_close(to);
	backup_remove(tmp);
out_written:
	free(tmp);
	return rc;
}

/* ---- restore ---- */

struct sqlite_restore {
	struct store_restore base; /* first */
	char *target;              /* the database being replaced */
	char *tmp;                 /* TARGET.tmp: the copy */
	bool existed;              /* target existed (and force was given) */
	sqlite3 *lock;             /* target under BEGIN EXCLUSIVE; NULL when it was no database */
	int old_fd;                /* target's file as it was, to spoil its header once replaced */
	struct store *copy;        /* the copy, open and migrated, until commit */
};

/* Takes the database at path away from every other program: out of WAL mode with no busy wait
 * (SQLite refuses while another connection has it open), then its exclusive lock. 0 with *lock,
 * 1 when path is not a database at all (nothing to lock), -1 with the reason in why. */
static int restore_lock(const char *path, sqlite3 **lock, char *why, size_t why_size)
{
	*lock = backup_open(path, SQLITE_OPEN_READWRITE, path, why, why_size);
	if (!*lock)
		return -1;
	sqlite3_busy_timeout(*lock, 0);
	int rc = backup_single_file(*lock);
	if (rc == SQLITE_OK &&
	    sqlite3_exec(*lock, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
		rc = sqlite3_errcode(*lock);
	if (rc == SQLITE_OK)
		return 0;
	int primary = rc & 0xff;
	if (primary == SQLITE_NOTADB) {
		sqlite3_close(*lock);
		*lock = NULL;
		return 1;
	}
	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		snprintf(why, why_size,
		         "%s is in use by another program (is `dxtrack serve` running?): stop it, "
		         "then restore again; nothing was changed",
		         path);
	else
		snprintf(why, why_size,
		         "cannot take %s over (%s): stop what uses it, or move it away yourself; "
		         "nothing was changed",
		         path, sqlite3_errmsg(*lock));
	sqlite3_close(*lock);
	*lock = NULL;
	return -1;
}

static void restore_free(struct sqlite_restore *r)
{
	store_close(r->copy);
	sqlite3_close(r->lock); /* rolls back the empty exclusive transaction, lets go */
	if (r->old_fd >= 0)
		close(r->old_fd);
	free(r->target);
	free(r->tmp);
	free(r);
}

static void restore_abort(struct store_restore *base)
{
	struct sqlite_restore *r = (struct sqlite_restore *)base;
	store_close(r->copy);
	r->copy = NULL;
	if (r->tmp)
		backup_remove(r->tmp);
	restore_free(r);
}

static int restore_commit(struct store_restore *base, struct store_file_info *result, char *why,
                          size_t why_size)
{
	struct sqlite_restore *r = (struct sqlite_restore *)base;
	memset(result, 0, sizeof *result);
	int single = backup_single_file(sqlite_of(r->copy)->db);
	store_close(r->copy);
	r->copy = NULL;
	if (single != SQLITE_OK) {
		snprintf(why, why_size, "%s: cannot make it one file: %s", r->tmp,
		         sqlite3_errstr(single));
		goto fail;
	}
	if (backup_check_file(r->tmp, r->tmp, result, why, why_size) < 0)
		goto fail;
	if (result->schema_version != backup_latest_version()) {
		snprintf(why, why_size, "%s has schema version %d after migrating, not %d", r->tmp,
		         result->schema_version, backup_latest_version());
		goto fail;
	}
	if (store_file_fsync(r->tmp, O_RDONLY) < 0) {
		snprintf(why, why_size, "cannot flush %s to the disk: %s", r->tmp, strerror(errno));
		goto fail;
	}
	/* Under the lock the old database is in rollback mode, its -wal and -shm gone; without one
	 * there was no database, and what lies beside its name is stale: a -wal would be replayed
	 * into the restored database. Either way nothing beside the name may survive. */
	if (backup_remove_side_files(r->target) < 0) {
		snprintf(why, why_size, "cannot remove the old files beside %s: %s", r->target,
		         strerror(errno));
		goto fail;
	}
	if (store_file_publish(r->tmp, r->target, r->existed) < 0) {
		if (errno == EEXIST)
			snprintf(
			    why, why_size,
			    "%s appeared while restoring: nothing was changed (restore again with "
			    "--force to replace it)",
			    r->target);
		else
			snprintf(why, why_size, "cannot rename %s to %s: %s", r->tmp, r->target,
			         strerror(errno));
		goto fail;
	}
	int flushed = store_file_fsync_dir(r->target);
	int saved = errno;
	/* a program that opened the old file during the swap now finds no database in it (rather
	 * than writing a -wal beside the new one) — unless another name still links to it */
	struct stat sb;
	static const char spoiled[100] = "dxtrack: replaced by a restore";
	if (r->old_fd >= 0 && fstat(r->old_fd, &sb) == 0 && sb.st_nlink == 0) {
		/* best effort: the file goes away with the last program holding it */
		ssize_t written = pwrite(r->old_fd, spoiled, sizeof spoiled, 0);
		(void)written;
	}
	restore_free(r);
	if (flushed < 0) {
		snprintf(why, why_size, "restored, but the directory could not be flushed: %s",
		         strerror(saved));
		return -1;
	}
	return 0;
fail:
	restore_abort(&r->base);
	return -1;
}

struct store_restore *store_sqlite_restore_begin(const char *path, const char *file, bool force,
                                                 struct store **copy, struct store_file_info *found,
                                                 char *why, size_t why_size)
{
	*copy = NULL;
	memset(found, 0, sizeof *found);
	struct stat fsb, tsb;
	if (stat(file, &fsb) < 0) {
		snprintf(why, why_size, "cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	bool existed = stat(path, &tsb) == 0;
	if (existed && fsb.st_dev == tsb.st_dev && fsb.st_ino == tsb.st_ino) {
		snprintf(why, why_size, "%s is the database itself: nothing to restore", file);
		return NULL;
	}
	char check[500];
	if (backup_check_file(file, file, found, check, sizeof check) < 0) {
		snprintf(why, why_size, "%s; nothing was changed", check);
		return NULL;
	}
	if (found->schema_version > backup_latest_version()) {
		snprintf(why, why_size,
		         "%s has schema version %d, newer than this dxtrack (%d): use a newer "
		         "dxtrack; nothing was changed",
		         file, found->schema_version, backup_latest_version());
		return NULL;
	}
	if (existed && !force) {
		snprintf(why, why_size,
		         "%s exists: add --force to replace it by %s; nothing was changed", path,
		         file);
		return NULL;
	}
	if (existed && !S_ISREG(tsb.st_mode)) {
		snprintf(why, why_size, "%s is not a regular file; nothing was changed", path);
		return NULL;
	}
	struct sqlite_restore *r = mem_calloc(1, sizeof *r);
	r->base.commit = restore_commit;
	r->base.abort = restore_abort;
	r->target = mem_strdup(path);
	r->existed = existed;
	r->old_fd = -1;
	sqlite3 *from = NULL, *to = NULL;
	if (existed) {
		/* opened before SQLite takes its locks: closing it last cannot drop them early */
		r->old_fd = open(path, O_RDWR | O_CLOEXEC);
		if (r->old_fd < 0) {
			snprintf(why, why_size, "cannot open %s: %s; nothing was changed", path,
			         strerror(errno));
			goto fail;
		}
		if (restore_lock(path, &r->lock, why, why_size) < 0)
			goto fail;
	}
	r->tmp = store_file_path_with(path, ".tmp");
	if (backup_same_file(r->tmp, file)) {
		snprintf(why, why_size, "%s is the restore's own temporary name: rename it first",
		         file);
		free(r->tmp);
		r->tmp = NULL;
		goto fail;
	}
	if ((unlink(r->tmp) < 0 && errno != ENOENT) || backup_remove_side_files(r->tmp) < 0) {
		snprintf(why, why_size, "cannot remove the old %s: %s", r->tmp, strerror(errno));
		goto fail;
	}
	from = backup_open(file, SQLITE_OPEN_READONLY, file, why, why_size);
	if (!from)
		goto fail;
	to = backup_open(r->tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, r->tmp, why, why_size);
	if (!to ||
	    backup_exec(to, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", r->tmp, why,
	                why_size) < 0 ||
	    backup_copy(from, to, why, why_size) < 0)
		goto fail;
	sqlite3_close(from);
	sqlite3_close(to);
	from = to = NULL;
	/* brought up to this binary's schema, in WAL mode, as every open does */
	char open_why[600];
	r->copy = store_sqlite_open(r->tmp, open_why, sizeof open_why);
	if (!r->copy) {
		snprintf(why, why_size, "cannot bring %s up to date: %s", file, open_why);
		goto fail;
	}
	*copy = r->copy;
	return &r->base;
fail:
	sqlite3_close(from);
	sqlite3_close(to);
	restore_abort(&r->base);
	return NULL;
}
