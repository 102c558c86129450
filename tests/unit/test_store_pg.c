/* test_store_pg.c — unit tests for what the PostgreSQL backend promises beyond its statements
 * (store/pg.c, sql/pg/): a fresh database gets the whole schema once, even when several
 * servers open it at the same moment, and one of a newer dxtrack is refused; writers wait for
 * each other as SQLite's single writer; a transaction in which a statement failed commits
 * nothing and says so; a version conflict leaves the transaction usable; a lost connection is
 * made again outside a transaction and reported inside one; the "never changed" triggers refuse
 * with the SQLite triggers' messages; doubles, Vietnamese text and file bytes come back exactly;
 * a read snapshot does not see later writes, and begins with its first statement; a watch gives a
 * server its own writes at once and other processes' within the bound, with no round trip, but
 * never names a snapshot by a newer generation.
 *
 * Needs a running cluster: DXTRACK_TEST_PG=DIR (tools/pg_cluster.sh start DIR; ctest's fixture
 * pg/start makes one); without it the program skips (exit 77). Each test makes its own database
 * in the cluster and drops it at the end.
 */
#include <dirent.h>
#include <float.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "core/dti.h"
#include "core/indicator.h"
#include "core/task.h"
#include "core/unit.h"
#include "lib/buf.h"
#include "store/store.h"

/* ---- helpers ------------------------------------------------------------------------------- */

/* The cluster's directory (DXTRACK_TEST_PG, links resolved: the socket's path stays short). */
static char test_pg_cluster[PATH_MAX];

/* A database of the cluster, made by the setup and dropped by the teardown of each test. */
struct test_pg_db {
	char name[64];
	char url[1024];
};

/* Runs tools/pg_cluster.sh cmd on the cluster for database name; its first output line (the
 * URL, for createdb) goes to out. 0, or -1 when it fails. */
static int test_pg_cluster_run(const char *cmd, const char *name, char *out, size_t size)
{
	char line[2 * PATH_MAX];
	snprintf(line, sizeof line, "bash '%s/tools/pg_cluster.sh' %s '%s' '%s'", DX_SOURCE_DIR,
	         cmd, test_pg_cluster, name);
	FILE *p = popen(line, "r");
	if (!p)
		return -1;
	char first[1024] = "", rest[1024];
	if (!fgets(first, sizeof first, p))
		first[0] = '\0';
	while (fgets(rest, sizeof rest, p))
		;
	int status = pclose(p);
	first[strcspn(first, "\n")] = '\0';
	if (out)
		snprintf(out, size, "%s", first);
	return status == 0 ? 0 : -1;
}

static int test_pg_setup(void **state)
{
	static int serial;
	struct test_pg_db *db = calloc(1, sizeof *db);
	snprintf(db->name, sizeof db->name, "t_store_pg_%ld_%d", (long)getpid(), ++serial);
	if (test_pg_cluster_run("createdb", db->name, db->url, sizeof db->url) < 0 || !db->url[0]) {
		fprintf(stderr, "createdb %s failed (is the cluster in %s started?)\n", db->name,
		        test_pg_cluster);
		free(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int test_pg_teardown(void **state)
{
	struct test_pg_db *db = *state;
	int rc = test_pg_cluster_run("dropdb", db->name, NULL, 0);
	free(db);
	return rc;
}

static struct store *test_pg_open(const struct test_pg_db *db)
{
	char why[512];
	struct store *s = store_open(db->url, why, sizeof why);
	if (!s)
		fail_msg("store_open %s: %s", db->url, why);
	return s;
}

static void test_pg_ok(struct store *s, int rc)
{
	if (rc < 0)
		fail_msg("store: %s", store_error(s));
}

/* A second connection to the database, with libpq directly. */
static PGconn *test_pg_connect(const struct test_pg_db *db)
{
	PGconn *c = PQconnectdb(db->url);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connecting to %s: %s", db->url, PQerrorMessage(c));
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	return c;
}

/* The first cell of a query's result as text (malloc'd; "" when NULL or no row). */
static char *test_pg_text(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	char *t = strdup(PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return t;
}

static int64_t test_pg_int(PGconn *c, const char *sql)
{
	char *t = test_pg_text(c, sql);
	int64_t v = strtoll(t, NULL, 10);
	free(t);
	return v;
}

/* The primary message with which PostgreSQL refuses sql (malloc'd), or NULL when it runs. */
static char *test_pg_refusal(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	char *msg = NULL;
	if (PQresultStatus(r) == PGRES_FATAL_ERROR) {
		const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		msg = strdup(m ? m : "");
	}
	PQclear(r);
	return msg;
}

/* Waits (at most 30 s) until a backend of the database waits for an advisory lock. */
static void test_pg_wait_for_lock_waiter(PGconn *c)
{
	for (int i = 0; i < 3000; i++) {
		if (test_pg_int(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
		                   "current_database() AND wait_event_type = 'Lock' "
		                   "AND wait_event = 'advisory'") > 0)
			return;
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
	fail_msg("no connection ever waited for the write lock");
}

/* Terminates every other client connection to the database (the store handle's), waiting until
 * it is gone; returns how many there were. */
static int64_t test_pg_terminate_others(PGconn *c)
{
	/* (the pids first: a filter would be free to call pg_terminate_backend on its own) */
	return test_pg_int(c, "WITH others AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE "
	                      "datname = current_database() AND pid <> pg_backend_pid() AND "
	                      "backend_type = 'client backend') SELECT count(*) FROM others "
	                      "WHERE pg_terminate_backend(pid, 10000)");
}

/* The migration files of sql/pg/: how many, the number of the last one, and their names in order
 * separated by ';'. */
struct test_pg_migrations {
	int count;
	int last;
	char names[1024];
};

static int test_pg_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct test_pg_migrations test_pg_migration_files(void)
{
	struct test_pg_migrations m = {0, 0, ""};
	char *names[100];
	DIR *d = opendir(DX_SOURCE_DIR "/sql/pg");
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		assert_true(m.count < 100);
		names[m.count++] = strdup(e->d_name);
		int n = atoi(e->d_name);
		if (n > m.last)
			m.last = n;
	}
	closedir(d);
	qsort(names, (size_t)m.count, sizeof names[0], test_pg_name_cmp);
	for (int i = 0; i < m.count; i++) {
		size_t at = strlen(m.names);
		snprintf(m.names + at, sizeof m.names - at, "%s%s", i ? ";" : "", names[i]);
		free(names[i]);
	}
	return m;
}

/* The message of trigger `name` in sql/sqlite/file: what RAISE(ABORT, '…') says (malloc'd). */
static char *test_pg_sqlite_message(const char *file, const char *name)
{
	char path[PATH_MAX], head[200];
	snprintf(path, sizeof path, "%s/sql/sqlite/%s", DX_SOURCE_DIR, file);
	struct buf b;
	buf_init(&b, 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	snprintf(head, sizeof head, "CREATE TRIGGER %s ", name);
	const char *at = strstr(buf_cstr(&b), head);
	if (!at)
		fail_msg("no trigger %s in %s", name, path);
	at = strstr(at, "RAISE(ABORT, '");
	assert_non_null(at);
	at += strlen("RAISE(ABORT, '");
	char *msg = strndup(at, strcspn(at, "'"));
	buf_finish(&b);
	return msg;
}

static struct unit test_pg_unit(const char *code, const char *name, enum unit_kind kind,
                                const char *parent)
{
	struct unit u;
	memset(&u, 0, sizeof u);
	u.code = (char *)code;
	u.name = (char *)name;
	u.kind = kind;
	u.parent_code = (char *)parent;
	return u;
}

static void test_pg_put_unit(struct store *s, const char *code, const char *name)
{
	struct unit u = test_pg_unit(code, name, code[0] == 'V' ? UNIT_NATION : UNIT_PROVINCE,
	                             code[0] == 'V' ? NULL : "VN");
	test_pg_ok(s, store_unit_put(s, &u));
}

/* 1 when the unit exists, 0 when not. */
static int test_pg_has_unit(struct store *s, const char *code)
{
	struct unit u;
	int found = store_unit_get(s, code, &u);
	test_pg_ok(s, found);
	if (found)
		unit_clear(&u);
	return found;
}

static int64_t test_pg_unit_count(struct store *s)
{
	int64_t n = -1;
	test_pg_ok(s, store_unit_count(s, &n));
	return n;
}

static void test_pg_audit(struct store *s, const char *object, const char *detail)
{
	struct audit_entry a = {.at = "2024-05-01T08:00:00Z",
	                        .actor = "admin",
	                        .action = "test.write",
	                        .object = object,
	                        .detail = detail};
	test_pg_ok(s, store_audit_append(s, &a));
}

static int64_t test_pg_generation(struct store *s)
{
	int64_t gen = -1;
	test_pg_ok(s, store_generation(s, &gen));
	return gen;
}

/* Task 2024/CDS-01 of investor, its first record at 10 %. */
static void test_pg_task(struct task *t, struct task_update *first, const char *investor)
{
	memset(t, 0, sizeof *t);
	t->year = 2024;
	t->code = (char *)"CDS-01";
	t->name = (char *)"Xây dựng kho dữ liệu dùng chung";
	t->investor = (char *)investor;
	t->budget_vnd = 1500000000;
	memset(first, 0, sizeof *first);
	first->version = 1;
	first->on_date = (struct date){2024, 1, 15};
	first->recorded_at = (char *)"2024-01-15T08:00:00Z";
	first->author = (char *)"admin";
	first->source = (char *)"cli";
	first->progress_pct = 10;
	first->status = TASK_IN_PROGRESS;
}

/* A record of a task's history: version, progress, note. */
static struct task_update test_pg_update(int64_t task_id, int64_t version, int progress,
                                         const char *note)
{
	struct task_update u;
	memset(&u, 0, sizeof u);
	u.task_id = task_id;
	u.version = version;
	u.on_date = (struct date){2024, 3, (int)version};
	u.recorded_at = (char *)"2024-03-01T08:00:00Z";
	u.author = (char *)"editor";
	u.source = (char *)"web";
	u.progress_pct = progress;
	u.status = TASK_IN_PROGRESS;
	u.note = (char *)note;
	return u;
}

/* Appends "version:progress:note;". */
static int test_pg_update_each(void *ctx, const struct task_update *u)
{
	buf_printf(ctx, "%lld:%d:%s;", (long long)u->version, u->progress_pct, u->note);
	return 0;
}

/* ---- the schema ---------------------------------------------------------------------------- */

/* The records of schema_migration: "version name;" in order. */
static char *test_pg_migrations_recorded(PGconn *c)
{
	return test_pg_text(c, "SELECT string_agg(version || ' ' || name || ' ' || applied_at, ';' "
	                       "ORDER BY version) FROM schema_migration");
}

static void test_pg_schema_fresh(void **state)
{
	struct test_pg_db *db = *state;
	struct test_pg_migrations m = test_pg_migration_files();
	assert_true(m.count >= 8); /* 0001_portfolio.sql … 0008_reports.sql at least */
	assert_int_equal(m.last, m.count);

	struct store *s = test_pg_open(db);
	assert_int_equal(store_schema_version(s), m.last);
	store_close(s);
	PGconn *c = test_pg_connect(db);
	/* one row per file, by number, named by its file */
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM schema_migration"), m.count);
	assert_int_equal(test_pg_int(c, "SELECT count(DISTINCT version) FROM schema_migration"),
	                 m.count);
	char *names = test_pg_text(c, "SELECT string_agg(name, ';' ORDER BY version) "
	                              "FROM schema_migration");
	assert_string_equal(names, m.names);
	free(names);
	/* the tables of the last file are there */
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM report_comment"), 0);

	/* opened again: nothing applied, the records (and their times) as they were */
	char *before = test_pg_migrations_recorded(c);
	s = test_pg_open(db);
	assert_int_equal(store_schema_version(s), m.last);
	store_close(s);
	char *after = test_pg_migrations_recorded(c);
	assert_string_equal(after, before);
	free(before);
	free(after);
	PQfinish(c);
}

/* One of the handles opened at the same moment. */
struct test_pg_opener {
	const char *url;
	pthread_barrier_t *start;
	struct store *s;
	char why[512];
};

static void *test_pg_open_thread(void *arg)
{
	struct test_pg_opener *o = arg;
	pthread_barrier_wait(o->start);
	o->s = store_open(o->url, o->why, sizeof o->why);
	return NULL;
}

/* Four servers started together on one new database: each opens it, and each migration is
 * applied and recorded once (the second waits for the first, then finds nothing to do). */
static void test_pg_schema_concurrent(void **state)
{
	struct test_pg_db *db = *state;
	struct test_pg_migrations m = test_pg_migration_files();
	enum { N = 4 };
	struct test_pg_opener o[N];
	pthread_t th[N];
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, N);
	for (int i = 0; i < N; i++) {
		o[i] =
		    (struct test_pg_opener){.url = db->url, .start = &start, .s = NULL, .why = ""};
		assert_int_equal(pthread_create(&th[i], NULL, test_pg_open_thread, &o[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
	for (int i = 0; i < N; i++)
		if (!o[i].s)
			fail_msg("opener %d: %s", i, o[i].why);
	for (int i = 0; i < N; i++) {
		assert_int_equal(store_schema_version(o[i].s), m.last);
		store_close(o[i].s);
	}
	PGconn *c = test_pg_connect(db);
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM schema_migration"), m.count);
	assert_int_equal(test_pg_int(c, "SELECT count(DISTINCT version) FROM schema_migration"),
	                 m.count);
	PQfinish(c);
}

/* A database migrated by a newer dxtrack (one more migration recorded) is refused, untouched. */
static void test_pg_schema_newer(void **state)
{
	struct test_pg_db *db = *state;
	struct test_pg_migrations m = test_pg_migration_files();
	store_close(test_pg_open(db));
	PGconn *c = test_pg_connect(db);
	char sql[300];
	snprintf(sql, sizeof sql,
	         "INSERT INTO schema_migration (version, name, applied_at) VALUES (%d, "
	         "'%04d_future.sql', '2030-01-01T00:00:00Z')",
	         m.last + 1, m.last + 1);
	PQclear(PQexec(c, sql));
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM schema_migration"), m.count + 1);

	char why[512] = "", want[300];
	assert_null(store_open(db->url, why, sizeof why));
	snprintf(want, sizeof want,
	         "the database has schema version %d, newer than this dxtrack (%d): use a newer "
	         "dxtrack",
	         m.last + 1, m.last);
	assert_string_equal(why, want);
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM schema_migration"), m.count + 1);
	PQfinish(c);
}

/* ---- transactions -------------------------------------------------------------------------- */

/* Writer B, in its own thread: begins, notes whether A had started to commit by then, reads A's
 * unit, writes its own and commits. */
struct test_pg_writer {
	struct store *s;
	atomic_bool *a_committing;
	atomic_bool began;
	bool a_had_committed;
	int begin_rc, found_a, commit_rc;
};

static void *test_pg_writer_thread(void *arg)
{
	struct test_pg_writer *w = arg;
	w->begin_rc = store_begin(w->s);
	w->a_had_committed = atomic_load(w->a_committing);
	atomic_store(&w->began, true);
	if (w->begin_rc < 0)
		return NULL;
	struct unit u;
	w->found_a = store_unit_get(w->s, "P01", &u);
	if (w->found_a == 1)
		unit_clear(&u);
	struct unit mine = test_pg_unit("P02", "Quảng Trị", UNIT_PROVINCE, "VN");
	if (store_unit_put(w->s, &mine) < 0)
		w->commit_rc = -1;
	else
		w->commit_rc = store_commit(w->s);
	return NULL;
}

static void test_pg_writers_serialised(void **state)
{
	struct test_pg_db *db = *state;
	struct store *a = test_pg_open(db);
	struct store *b = test_pg_open(db);
	PGconn *c = test_pg_connect(db);
	test_pg_put_unit(a, "VN", "Việt Nam");

	atomic_bool a_committing = false;
	struct test_pg_writer w = {.s = b, .a_committing = &a_committing};
	atomic_init(&w.began, false);
	test_pg_ok(a, store_begin(a));
	test_pg_put_unit(a, "P01", "Huế");
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, test_pg_writer_thread, &w), 0);
	/* B waits for the lock A holds, however long A takes */
	test_pg_wait_for_lock_waiter(c);
	assert_false(atomic_load(&w.began));
	atomic_store(&a_committing, true);
	test_pg_ok(a, store_commit(a));
	pthread_join(th, NULL);

	/* B began only after A's commit, and saw A's write at once */
	assert_int_equal(w.begin_rc, 0);
	assert_true(w.a_had_committed);
	assert_int_equal(w.found_a, 1);
	assert_int_equal(w.commit_rc, 0);
	assert_int_equal(test_pg_has_unit(a, "P02"), 1);
	assert_int_equal(test_pg_unit_count(a), 3);
	store_close(a);
	store_close(b);
	PQfinish(c);
}

/* A statement of the transaction failed (a task of an investor that does not exist): COMMIT
 * writes nothing, and says so, where PostgreSQL alone would answer it with a silent ROLLBACK. */
static void test_pg_commit_after_failure(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	test_pg_put_unit(s, "VN", "Việt Nam");
	test_pg_audit(s, "unit VN", NULL);
	int64_t gen = test_pg_generation(s);
	assert_int_equal(gen, 1);

	test_pg_ok(s, store_begin(s));
	test_pg_put_unit(s, "P01", "Huế");
	test_pg_audit(s, "unit P01", NULL);
	struct task t;
	struct task_update first;
	test_pg_task(&t, &first, "NOPE");
	/* (a new task is held back, and sent before the next statement, which then fails) */
	test_pg_ok(s, store_task_insert(s, &t, &first));
	struct unit vn;
	assert_int_equal(store_unit_get(s, "VN", &vn), -1);
	assert_non_null(strstr(store_error(s), "foreign key"));
	assert_int_equal(store_commit(s), -1);
	assert_string_equal(store_error(s), "committing: a statement of the transaction failed, so "
	                                    "nothing of it was written");
	assert_int_equal(store_rollback(s), 0); /* harmless: nothing is open */

	/* nothing of the transaction: neither the unit nor the audit row before the failure */
	assert_int_equal(test_pg_has_unit(s, "P01"), 0);
	assert_int_equal(test_pg_unit_count(s), 1);
	assert_int_equal(test_pg_generation(s), gen);
	struct task got;
	assert_int_equal(store_task_get(s, 2024, "CDS-01", &got), 0);

	/* and the handle goes on: the same writes without the bad one commit */
	test_pg_ok(s, store_begin(s));
	test_pg_put_unit(s, "P01", "Huế");
	test_pg_audit(s, "unit P01", NULL);
	test_pg_task(&t, &first, "P01");
	test_pg_ok(s, store_task_insert(s, &t, &first));
	test_pg_ok(s, store_commit(s));
	assert_int_equal(test_pg_has_unit(s, "P01"), 1);
	assert_int_equal(test_pg_generation(s), 2);
	assert_int_equal(store_task_get(s, 2024, "CDS-01", &got), 1);
	assert_string_equal(got.investor, "P01");
	task_clear(&got);
	store_close(s);
}

/* Version 2 appended twice in one transaction: the second is a conflict (another writer got
 * there first), and the transaction goes on to version 3 and commits both good records. */
static void test_pg_update_conflict(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	test_pg_put_unit(s, "VN", "Việt Nam");
	struct task t;
	struct task_update first;
	test_pg_task(&t, &first, "VN");
	first.note = (char *)"khởi công";
	test_pg_ok(s, store_task_insert(s, &t, &first));
	assert_int_equal(t.id, 1);

	test_pg_ok(s, store_begin(s));
	struct task_update u = test_pg_update(t.id, 2, 20, "lần 2");
	test_pg_ok(s, store_update_append(s, &u));
	u = test_pg_update(t.id, 2, 30, "lần 2 của người khác");
	assert_int_equal(store_update_append(s, &u), STORE_CONFLICT);
	assert_non_null(strstr(store_error(s), "UNIQUE constraint failed"));
	u = test_pg_update(t.id, 3, 40, "lần 3");
	test_pg_ok(s, store_update_append(s, &u));
	test_pg_audit(s, "task 2024/CDS-01", NULL);
	test_pg_ok(s, store_commit(s));

	struct task got;
	assert_int_equal(store_task_get(s, 2024, "CDS-01", &got), 1);
	assert_int_equal(got.version, 3);
	assert_int_equal(got.progress_pct, 40);
	task_clear(&got);
	struct buf b;
	buf_init(&b, 0);
	test_pg_ok(s, store_updates_each(s, t.id, test_pg_update_each, &b));
	assert_string_equal(buf_cstr(&b), "1:10:khởi công;2:20:lần 2;3:40:lần 3;");
	buf_finish(&b);
	assert_int_equal(test_pg_generation(s), 1);
	store_close(s);
}

/* ---- a lost connection --------------------------------------------------------------------- */

/* The pid of the one other client connection to the database (the store's). */
static int64_t test_pg_store_pid(PGconn *c)
{
	return test_pg_int(c, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
	                      "AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
}

static void test_pg_reconnect(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	PGconn *c = test_pg_connect(db);
	test_pg_put_unit(s, "VN", "Việt Nam");
	struct unit u;

	/* outside a transaction (the server restarted, a proxy closed it): the next read works on a
	 * new connection, set up as the first (the Vietnamese name reads back) */
	int64_t pid = test_pg_store_pid(c);
	assert_int_equal(test_pg_terminate_others(c), 1);
	assert_int_equal(store_unit_get(s, "VN", &u), 1);
	assert_string_equal(u.name, "Việt Nam");
	unit_clear(&u);
	int64_t again = test_pg_store_pid(c);
	assert_true(again > 0 && again != pid);
	/* and writes too */
	test_pg_ok(s, store_begin(s));
	test_pg_put_unit(s, "P01", "Huế");
	test_pg_ok(s, store_commit(s));
	assert_int_equal(test_pg_has_unit(s, "P01"), 1);

	/* inside a transaction its work is gone: the next statement fails, not silently run on a
	 * new connection outside it; the rollback then is harmless and the handle goes on */
	test_pg_ok(s, store_begin(s));
	test_pg_put_unit(s, "P02", "Quảng Trị");
	assert_int_equal(test_pg_terminate_others(c), 1);
	struct unit p03 = test_pg_unit("P03", "Đà Nẵng", UNIT_PROVINCE, "VN");
	assert_int_equal(store_unit_put(s, &p03), -1);
	store_rollback(s);
	assert_int_equal(test_pg_has_unit(s, "P02"), 0);
	assert_int_equal(test_pg_has_unit(s, "P03"), 0);
	assert_int_equal(test_pg_unit_count(s), 2);
	store_close(s);
	PQfinish(c);
}

/* The connection lost inside a transaction, then a commit: it fails, and nothing was written
 * (not a COMMIT run on a new connection, where no transaction is open). */
static void test_pg_lost_commit(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	PGconn *c = test_pg_connect(db);
	test_pg_put_unit(s, "VN", "Việt Nam");

	/* lost just before the commit */
	test_pg_ok(s, store_begin(s));
	test_pg_put_unit(s, "P01", "Quảng Bình");
	assert_int_equal(test_pg_terminate_others(c), 1);
	int commit_rc = store_commit(s);
	store_rollback(s);

	/* lost, noticed by a statement that failed, then committed all the same */
	test_pg_ok(s, store_begin(s));
	test_pg_put_unit(s, "P02", "Đà Nẵng");
	assert_int_equal(test_pg_terminate_others(c), 1);
	struct unit p03 = test_pg_unit("P03", "Quảng Nam", UNIT_PROVINCE, "VN");
	assert_int_equal(store_unit_put(s, &p03), -1);
	int commit_after_failure_rc = store_commit(s);
	store_rollback(s);
	int64_t units = test_pg_unit_count(s);
	store_close(s);
	PQfinish(c);

	/* (checked once the handles are closed) */
	assert_int_equal(units, 1);
	assert_int_equal(commit_rc, -1);
	assert_int_equal(commit_after_failure_rc, -1);
}

/* ---- the "never changed" triggers ---------------------------------------------------------- */

/* Writes one row of each table whose history the triggers keep. */
static void test_pg_history_rows(struct store *s)
{
	test_pg_put_unit(s, "VN", "Việt Nam");
	test_pg_audit(s, "unit VN", NULL);
	struct task t;
	struct task_update first;
	test_pg_task(&t, &first, "VN");
	test_pg_ok(s, store_task_insert(s, &t, &first));
	struct task_update u = test_pg_update(t.id, 2, 20, "lần 2");
	test_pg_ok(s, store_update_append(s, &u));

	struct dti_entry e;
	memset(&e, 0, sizeof e);
	e.status = DTI_DRAFT;
	e.has_value = true;
	e.value = 50;
	e.updated_at = (char *)"2024-05-01T08:00:00Z";
	e.author = (char *)"editor";
	test_pg_ok(s, store_dti_entry_put(s, 2024, "I1.1", &e));
	e.value = 60;
	test_pg_ok(s, store_dti_entry_put(s, 2024, "I1.1", &e));

	static const char content[] = "%PDF-1.4 kế hoạch";
	struct dti_evidence ev;
	memset(&ev, 0, sizeof ev);
	ev.year = 2024;
	ev.code = (char *)"I1.1";
	ev.number = (char *)"811/KH-UBND";
	ev.title = (char *)"Kế hoạch chuyển đổi số";
	ev.doc_date = (struct date){2024, 3, 15};
	ev.summary = (char *)"";
	ev.has_file = true;
	ev.file_name = (char *)"kehoach.pdf";
	ev.media_type = (char *)"application/pdf";
	ev.size_bytes = (int64_t)sizeof content - 1;
	memcpy(ev.sha256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 65);
	ev.recorded_at = (char *)"2024-05-01T08:00:00Z";
	ev.author = (char *)"editor";
	test_pg_ok(s, store_dti_evidence_add(s, &ev, content));

	int64_t report = 0;
	test_pg_ok(s, store_report_add(s, 2024, "2024-12-01T08:00:00Z", "admin", &report));
}

static void test_pg_triggers(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	test_pg_history_rows(s);
	store_close(s);
	PGconn *c = test_pg_connect(db);
	static const struct {
		const char *sql, *file, *trigger;
	} cases[] = {
	    {"UPDATE audit SET actor = 'x'", "0001_portfolio.sql", "audit_no_update"},
	    {"DELETE FROM audit", "0001_portfolio.sql", "audit_no_delete"},
	    {"UPDATE task_update SET progress_pct = 99", "0001_portfolio.sql",
	     "task_update_no_update"},
	    {"DELETE FROM task_update", "0001_portfolio.sql", "task_update_no_delete"},
	    {"UPDATE dti_entry_history SET value = 0", "0007_dti.sql",
	     "dti_entry_history_no_update"},
	    {"DELETE FROM dti_entry_history", "0007_dti.sql", "dti_entry_history_no_delete"},
	    {"UPDATE dti_file SET media_type = 'text/plain'", "0007_dti.sql", "dti_file_no_update"},
	    {"DELETE FROM dti_file", "0007_dti.sql", "dti_file_no_delete"},
	    {"UPDATE report SET year = 2025", "0008_reports.sql", "report_no_update"},
	    {"DELETE FROM report", "0008_reports.sql", "report_no_delete"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *want = test_pg_sqlite_message(cases[i].file, cases[i].trigger);
		char *got = test_pg_refusal(c, cases[i].sql);
		if (!got)
			fail_msg("%s: not refused", cases[i].sql);
		if (strcmp(got, want) != 0)
			fail_msg("%s: refused with \"%s\", SQLite's %s says \"%s\"", cases[i].sql,
			         got, cases[i].trigger, want);
		free(got);
		free(want);
	}
	/* every row still there, as written */
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM audit WHERE actor = 'admin'"), 1);
	assert_int_equal(test_pg_int(c, "SELECT progress_pct FROM task_update"), 20);
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM dti_entry_history"), 2);
	assert_int_equal(test_pg_int(c, "SELECT count(*) FROM dti_file "
	                                "WHERE media_type = 'application/pdf'"),
	                 1);
	assert_int_equal(test_pg_int(c, "SELECT year FROM report"), 2024);
	PQfinish(c);
}

/* ---- exact round trips --------------------------------------------------------------------- */

struct test_pg_values {
	size_t n;
	int32_t period[16];
	double value[16];
};

static int test_pg_value_each(void *ctx, int64_t unit_id, int32_t period, double value)
{
	struct test_pg_values *v = ctx;
	(void)unit_id;
	if (v->n < 16) {
		v->period[v->n] = period;
		v->value[v->n] = value;
	}
	v->n++;
	return 0;
}

static void test_pg_doubles(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	test_pg_put_unit(s, "VN", "Việt Nam");
	int64_t unit_id = 0, import_id = 0;
	test_pg_ok(s, store_unit_key_add(s, "VN", &unit_id));
	test_pg_ok(
	    s, store_indicator_import_add(s, "2024-05-01T08:00:00Z", "admin", "a.csv", &import_id));
	struct indicator ind;
	memset(&ind, 0, sizeof ind);
	ind.code = (char *)"TYLE";
	ind.name = (char *)"Tỷ lệ";
	ind.measure = (char *)"";
	ind.aggregation = INDICATOR_SUM;
	ind.multiplier = 1;
	ind.direction = INDICATOR_UP;
	test_pg_ok(s, store_indicator_put(s, &ind));

	/* values whose shortest decimal form has 17 digits, the extremes, a subnormal */
	static const double want[] = {0.1,
	                              1.0 / 3,
	                              1e-300,
	                              0.1 + 0.2,
	                              2.0 / 3,
	                              DBL_MAX,
	                              DBL_MIN,
	                              DBL_TRUE_MIN,
	                              -1.0 / 7,
	                              1 + DBL_EPSILON,
	                              1e300,
	                              -2.5e-310,
	                              123456789.123456789};
	enum { N = sizeof want / sizeof want[0] };
	struct store_value v[N];
	for (int i = 0; i < N; i++)
		v[i] = (struct store_value){.indicator_id = ind.id,
		                            .period = 202000 + i * 100, /* the years 2020 … */
		                            .unit_id = unit_id,
		                            .value = want[i],
		                            .source = "",
		                            .import_id = import_id};
	struct store_put_counts counts = {0, 0, 0};
	test_pg_ok(s, store_values_put(s, v, N, &counts));
	assert_int_equal(counts.inserted, N);

	struct test_pg_values got = {0};
	test_pg_ok(s, store_values_each(s, ind.id, 0, INT32_MAX, test_pg_value_each, &got));
	assert_int_equal(got.n, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(got.period[i], 202000 + i * 100);
		if (memcmp(&got.value[i], &want[i], sizeof want[i]) != 0)
			fail_msg("value %d: wrote %.17g, read %.17g", i, want[i], got.value[i]);
	}
	/* the same file again: every value compares equal to the stored one */
	counts = (struct store_put_counts){0, 0, 0};
	test_pg_ok(s, store_values_put(s, v, N, &counts));
	assert_int_equal(counts.unchanged, N);
	assert_int_equal(counts.replaced, 0);

	/* a target too */
	enum store_put_outcome outcome;
	struct store_value target = v[1];
	test_pg_ok(s, store_target_put(s, &target, &outcome));
	assert_int_equal(outcome, STORE_PUT_INSERTED);
	got = (struct test_pg_values){0};
	test_pg_ok(s, store_targets_each(s, ind.id, test_pg_value_each, &got));
	assert_int_equal(got.n, 1);
	assert_memory_equal(&got.value[0], &want[1], sizeof want[1]);
	test_pg_ok(s, store_target_put(s, &target, &outcome));
	assert_int_equal(outcome, STORE_PUT_UNCHANGED);
	store_close(s);
}

/* Appends "object|detail;". */
static int test_pg_audit_each(void *ctx, const struct audit_entry *e)
{
	buf_printf(ctx, "%s|%s;", e->object, e->detail ? e->detail : "-");
	return 0;
}

/* "Thừa Thiên Huế" composed (NFC: one code point per letter with its marks) and decomposed (NFD:
 * the letters followed by combining marks: horn, grave, circumflex, acute). */
#define TEST_PG_NFC "Thừa Thiên Huế"
#define TEST_PG_NFD "Thu\u031B\u0300a Thie\u0302n Hue\u0302\u0301"

static void test_pg_text_exact(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	/* the two forms differ in their bytes: the store keeps each as written */
	assert_int_equal(strlen(TEST_PG_NFC), 19);
	assert_int_equal(strlen(TEST_PG_NFD), 24);
	test_pg_put_unit(s, "VN", "Việt Nam");
	test_pg_put_unit(s, "P01", "Tỉnh " TEST_PG_NFC);
	test_pg_put_unit(s, "P02", "Tỉnh " TEST_PG_NFD);
	struct task t;
	struct task_update first;
	test_pg_task(&t, &first, "P01");
	t.name = (char *)"Ứng dụng " TEST_PG_NFD;
	t.note = (char *)"Ghi chú: " TEST_PG_NFC " / " TEST_PG_NFD;
	test_pg_ok(s, store_task_insert(s, &t, &first));
	test_pg_audit(s, "task 2024/CDS-01 " TEST_PG_NFD,
	              "{\"name\":\"" TEST_PG_NFC "\",\"old\":\"" TEST_PG_NFD "\"}");
	store_close(s);

	s = test_pg_open(db);
	struct unit u;
	assert_int_equal(store_unit_get(s, "P01", &u), 1);
	assert_string_equal(u.name, "Tỉnh " TEST_PG_NFC);
	unit_clear(&u);
	assert_int_equal(store_unit_get(s, "P02", &u), 1);
	assert_string_equal(u.name, "Tỉnh " TEST_PG_NFD);
	unit_clear(&u);
	struct task got;
	assert_int_equal(store_task_get(s, 2024, "CDS-01", &got), 1);
	assert_string_equal(got.name, "Ứng dụng " TEST_PG_NFD);
	assert_string_equal(got.note, "Ghi chú: " TEST_PG_NFC " / " TEST_PG_NFD);
	task_clear(&got);
	struct buf b;
	buf_init(&b, 0);
	struct audit_filter f;
	memset(&f, 0, sizeof f);
	test_pg_ok(s, store_audit_each(s, &f, test_pg_audit_each, &b));
	assert_string_equal(buf_cstr(&b),
	                    "task 2024/CDS-01 " TEST_PG_NFD "|{\"name\":\"" TEST_PG_NFC
	                    "\",\"old\":\"" TEST_PG_NFD "\"};");
	buf_finish(&b);
	store_close(s);
}

/* An evidence file of every byte value (NUL, quote, backslash, 0x80–0xff included), and an empty
 * one: each comes back exactly. */
static void test_pg_bytes_exact(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	unsigned char content[512];
	for (int i = 0; i < 256; i++) {
		content[i] = (unsigned char)i;
		content[511 - i] = (unsigned char)i;
	}
	static const struct {
		size_t size;
		const char *name;
	} files[] = {{sizeof content, "moi-byte.bin"}, {0, "rong.bin"}};
	char sha[2][65];
	int64_t id[2];
	for (int f = 0; f < 2; f++) {
		unsigned char hash[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(hash, content, files[f].size);
		sodium_bin2hex(sha[f], sizeof sha[f], hash, sizeof hash);
		struct dti_evidence e;
		memset(&e, 0, sizeof e);
		e.year = 2024;
		e.code = (char *)"I1.1";
		e.number = (char *)"";
		e.title = (char *)"Tệp nhị phân";
		e.doc_date = (struct date){2024, 3, 15};
		e.summary = (char *)"";
		e.has_file = true;
		e.file_name = (char *)files[f].name;
		e.media_type = (char *)"application/octet-stream";
		e.size_bytes = (int64_t)files[f].size;
		memcpy(e.sha256, sha[f], 65);
		e.recorded_at = (char *)"2024-05-01T08:00:00Z";
		e.author = (char *)"editor";
		test_pg_ok(s, store_dti_evidence_add(s, &e, content));
		id[f] = e.id;
	}
	assert_string_equal(sha[1],
	                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	store_close(s);

	s = test_pg_open(db);
	for (int f = 0; f < 2; f++) {
		struct dti_evidence e;
		assert_int_equal(store_dti_evidence_get(s, id[f], &e), 1);
		assert_true(e.has_file);
		assert_int_equal(e.size_bytes, files[f].size);
		assert_string_equal(e.sha256, sha[f]);
		dti_evidence_clear(&e);
		struct buf b;
		buf_init(&b, 0);
		buf_puts(&b, ">");
		assert_int_equal(store_dti_file_get(s, sha[f], &b), 1);
		assert_int_equal(b.len, files[f].size + 1);
		assert_memory_equal(b.data, ">", 1);
		if (files[f].size)
			assert_memory_equal(b.data + 1, content, files[f].size);
		buf_finish(&b);
	}
	store_close(s);
}

/* ---- read snapshots ------------------------------------------------------------------------ */

static void test_pg_read_snapshot(void **state)
{
	struct test_pg_db *db = *state;
	struct store *a = test_pg_open(db);
	struct store *b = test_pg_open(db);
	test_pg_put_unit(a, "VN", "Việt Nam");
	test_pg_audit(a, "unit VN", NULL);

	/* A's view is taken by its first read, and kept */
	test_pg_ok(a, store_read_begin(a));
	assert_int_equal(test_pg_unit_count(a), 1);
	int64_t gen = test_pg_generation(a);
	assert_int_equal(gen, 1);

	/* B writes meanwhile, without waiting for A */
	test_pg_ok(b, store_begin(b));
	test_pg_put_unit(b, "P01", "Huế");
	test_pg_audit(b, "unit P01", NULL);
	test_pg_ok(b, store_commit(b));
	assert_int_equal(test_pg_unit_count(b), 2);

	/* A does not see it until its read ends */
	assert_int_equal(test_pg_unit_count(a), 1);
	assert_int_equal(test_pg_has_unit(a, "P01"), 0);
	assert_int_equal(test_pg_generation(a), gen);
	test_pg_ok(a, store_read_end(a));
	assert_int_equal(test_pg_unit_count(a), 2);
	assert_int_equal(test_pg_has_unit(a, "P01"), 1);
	assert_int_equal(test_pg_generation(a), 2);
	test_pg_ok(a, store_read_end(a)); /* harmless when none is open */
	store_close(a);
	store_close(b);
}

/* ---- tasks registered in bulk -------------------------------------------------------------- */

static int64_t test_pg_task_count(PGconn *c)
{
	return test_pg_int(c, "SELECT count(*) FROM task");
}

/* New tasks of a write transaction are held back and sent together (pg_tasks_send): numbered
 * as SQLite numbers them (largest id + 1, again after a rollback), seen by the transaction's
 * next statement, sent exactly (COPY's escapes), and a bad one fails the commit whole. */
static void test_pg_tasks_held(void **state)
{
	struct test_pg_db *db = *state;
	struct store *s = test_pg_open(db);
	PGconn *c = test_pg_connect(db);
	test_pg_put_unit(s, "VN", "Việt Nam");
	struct task t, got;
	struct task_update first;
	char code[16];
	const char *odd = "Tab\there, back\\slash,\nnew line, \\N, Đắk Lắk\r";

	test_pg_ok(s, store_begin(s));
	for (int i = 1; i <= 3; i++) {
		test_pg_task(&t, &first, "VN");
		snprintf(code, sizeof code, "CDS-%02d", i);
		t.code = code;
		t.note = i == 2 ? (char *)odd : NULL;
		first.note = i == 2 ? (char *)odd : (char *)"";
		test_pg_ok(s, store_task_insert(s, &t, &first));
		assert_int_equal(t.id, i);
	}
	assert_int_equal(test_pg_task_count(c), 0); /* nothing sent yet (and uncommitted) */
	assert_int_equal(store_task_get(s, 2024, "CDS-02", &got), 1);
	assert_int_equal(got.id, 2);
	assert_string_equal(got.note, odd);
	assert_string_equal(got.name, "Xây dựng kho dữ liệu dùng chung");
	task_clear(&got);
	test_pg_ok(s, store_commit(s));
	assert_int_equal(test_pg_task_count(c), 3);
	char *history_note = test_pg_text(c, "SELECT first_note FROM task WHERE id = 2");
	assert_string_equal(history_note, odd);
	free(history_note);

	/* a rollback sends nothing, and the numbering starts again from the table */
	test_pg_ok(s, store_begin(s));
	test_pg_task(&t, &first, "VN");
	t.code = (char *)"CDS-04";
	test_pg_ok(s, store_task_insert(s, &t, &first));
	assert_int_equal(t.id, 4);
	test_pg_ok(s, store_rollback(s));
	assert_int_equal(test_pg_task_count(c), 3);
	test_pg_ok(s, store_begin(s));
	test_pg_ok(s, store_task_insert(s, &t, &first));
	assert_int_equal(t.id, 4);
	test_pg_ok(s, store_commit(s));
	assert_int_equal(test_pg_task_count(c), 4);

	/* a held task that breaks a rule (its code again) fails the commit: nothing is written */
	test_pg_ok(s, store_begin(s));
	test_pg_task(&t, &first, "VN");
	t.code = (char *)"CDS-05";
	test_pg_ok(s, store_task_insert(s, &t, &first));
	t.code = (char *)"CDS-01";
	test_pg_ok(s, store_task_insert(s, &t, &first));
	assert_int_equal(store_commit(s), -1);
	assert_non_null(strstr(store_error(s), "adding tasks"));
	store_rollback(s);
	assert_int_equal(test_pg_task_count(c), 4);
	assert_int_equal(store_task_get(s, 2024, "CDS-05", &got), 0);
	store_close(s);
	PQfinish(c);
}

/* ---- the watch --------------------------------------------------------------------------- */

static int64_t test_pg_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The client backends of the database besides c's own: the watch's, or the others. */
static int64_t test_pg_backends(PGconn *c, bool watch)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
	         "pid <> pg_backend_pid() AND backend_type = 'client backend' AND "
	         "application_name %s 'dxtrack watch'",
	         watch ? "=" : "<>");
	return test_pg_int(c, sql);
}

/* Ends the connections of the database but c's and the watch's; how many. */
static int64_t test_pg_terminate_stores(PGconn *c)
{
	return test_pg_int(c, "WITH others AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE "
	                      "datname = current_database() AND pid <> pg_backend_pid() AND "
	                      "backend_type = 'client backend' AND "
	                      "application_name <> 'dxtrack watch') SELECT count(*) FROM others "
	                      "WHERE pg_terminate_backend(pid, 10000)");
}

/* Waits (at most 10 s) until the watch has confirmed the generation once. */
static void test_pg_wait_for_watch(PGconn *c)
{
	for (int i = 0; i < 1000; i++) {
		if (test_pg_int(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
		                   "current_database() AND application_name = 'dxtrack watch' AND "
		                   "state = 'idle' AND query LIKE 'SELECT coalesce(max(id)%'") > 0)
			return;
		usleep(10000);
	}
	fail_msg("the watch did not confirm the generation within 10 s");
}

/* Writes one audit row through s, in its own transaction. */
static void test_pg_write(struct store *s, const char *object)
{
	test_pg_ok(s, store_begin(s));
	test_pg_audit(s, object, NULL);
	test_pg_ok(s, store_commit(s));
}

/* How long s took to answer generation want (polled for up to 5 s; -1: it never did). */
static int64_t test_pg_wait_for_generation(struct store *s, int64_t want)
{
	int64_t since = test_pg_now_ms();
	while (test_pg_now_ms() - since < 5000) {
		if (test_pg_generation(s) == want)
			return test_pg_now_ms() - since;
		usleep(1000);
	}
	return -1;
}

static void test_pg_watch(void **state)
{
	struct test_pg_db *db = *state;
	char why[256] = "x";
	assert_null(store_watch_start("sqlite:/nonexistent/dxtrack.db", why, sizeof why));
	assert_string_equal(why, ""); /* SQLite needs none: not a failure */

	struct store *a = test_pg_open(db), *b = test_pg_open(db), *d = test_pg_open(db);
	PGconn *c = test_pg_connect(db);
	struct store_watch *w = store_watch_start(db->url, why, sizeof why);
	if (!w)
		fail_msg("store_watch_start: %s", why);
	store_watch_attach(a, w);
	store_watch_attach(d, w);
	test_pg_wait_for_watch(c);
	assert_int_equal(test_pg_generation(a), 0);

	/* another process's write (b: another server, or the CLI) is announced with its newest
	 * audit id at its commit, and reaches a within the bound */
	PQclear(PQexec(c, "LISTEN dxtrack_generation"));
	test_pg_write(b, "unit VN");
	PGnotify *heard = NULL;
	for (int i = 0; i < 500 && !heard; i++) {
		PQconsumeInput(c);
		heard = PQnotifies(c);
		if (!heard)
			usleep(10000);
	}
	assert_non_null(heard);
	assert_string_equal(heard->extra, "1");
	PQfreemem(heard);
	PQclear(PQexec(c, "UNLISTEN *"));
	int64_t waited_ms = test_pg_wait_for_generation(a, 1);
	assert_true(waited_ms >= 0 && waited_ms < STORE_WATCH_FRESH_MS);

	/* a's own write is a's generation at once, and answering it makes no round trip: with a's
	 * connection ended, the answer comes and no new connection is made */
	test_pg_write(a, "unit P01");
	assert_int_equal(test_pg_terminate_stores(c), 3); /* a's, b's and d's */
	assert_int_equal(test_pg_generation(a), 2);
	assert_int_equal(test_pg_generation(d), 2);
	assert_int_equal(test_pg_backends(c, false), 0);
	assert_int_equal(test_pg_backends(c, true), 1);

	/* a snapshot begun is named by its own generation, not by the watch's newer one */
	test_pg_ok(a, store_read_begin(a));
	assert_int_equal(test_pg_backends(c, false), 0); /* begun with the first statement */
	assert_int_equal(test_pg_unit_count(a), 0);
	test_pg_write(b, "unit P02");
	waited_ms = test_pg_wait_for_generation(d, 3); /* d: outside any snapshot */
	assert_true(waited_ms >= 0 && waited_ms < STORE_WATCH_FRESH_MS);
	assert_int_equal(test_pg_generation(a), 2);
	test_pg_ok(a, store_read_end(a));
	assert_int_equal(test_pg_generation(a), 3);

	/* the watch's backend stalls: past the bound, the generation is asked of the database */
	int64_t pid = test_pg_int(c, "SELECT pid FROM pg_stat_activity WHERE datname = "
	                             "current_database() AND application_name = 'dxtrack watch'");
	assert_true(pid > 0);
	assert_int_equal(kill((pid_t)pid, SIGSTOP), 0);
	test_pg_write(b, "unit P03");
	usleep((STORE_WATCH_FRESH_MS + 100) * 1000);
	int64_t stalled = test_pg_generation(d);
	kill((pid_t)pid, SIGCONT);
	assert_int_equal(stalled, 4);

	store_close(a);
	store_close(b);
	store_close(d);
	store_watch_stop(w);
	PQfinish(c);
}

#define TEST_PG(f) cmocka_unit_test_setup_teardown(f, test_pg_setup, test_pg_teardown)

int main(void)
{
	const char *dir = getenv("DXTRACK_TEST_PG");
	if (!dir || !dir[0]) {
		printf("test_store_pg: skipped: DXTRACK_TEST_PG is not set (a cluster started by "
		       "tools/pg_cluster.sh start DIR)\n");
		return 77;
	}
	if (!realpath(dir, test_pg_cluster) || strchr(test_pg_cluster, '\'')) {
		fprintf(stderr, "test_store_pg: DXTRACK_TEST_PG=%s: no such directory\n", dir);
		return 1;
	}
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    TEST_PG(test_pg_schema_fresh),
	    TEST_PG(test_pg_schema_concurrent),
	    TEST_PG(test_pg_schema_newer),
	    TEST_PG(test_pg_writers_serialised),
	    TEST_PG(test_pg_commit_after_failure),
	    TEST_PG(test_pg_update_conflict),
	    TEST_PG(test_pg_reconnect),
	    TEST_PG(test_pg_lost_commit),
	    TEST_PG(test_pg_triggers),
	    TEST_PG(test_pg_doubles),
	    TEST_PG(test_pg_text_exact),
	    TEST_PG(test_pg_bytes_exact),
	    TEST_PG(test_pg_read_snapshot),
	    TEST_PG(test_pg_tasks_held),
	    TEST_PG(test_pg_watch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
