/* test_auth.c — unit tests of accounts, sign-in, sessions, API tokens, authorization and the
 * audit log (app/auth.c, app/users.c, app/tasks.c, app/import_*.c, store/sqlite.c), on a real
 * SQLite database in a temporary directory.
 *
 * The fixture is built once through the public API (app_open acts as the system): a province
 * 06 with district 058 and its commune 01834, two agencies SYT and STTTT, three tasks and four
 * users, one per role. Each test works on its own copy, attached as a web request would be
 * (app_attach: nobody until a sign-in), keeping the credentials it finds valid as the server
 * does (app_keep_credentials), so every sign-out, expiry, revocation and disabling below is
 * also a test that nothing kept outlives it. Expected values are worked out by hand: 08:00 + 8 h is
 * 16:00; the hash of a token is recomputed here with libsodium's BLAKE2b and compared with what
 * the database holds; JSON details are written out from the contract.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "app/app.h"
#include "lib/buf.h"
#include "lib/diag.h"

#define TEST_NOW "2023-12-14T08:00:00Z"
#define TEST_PW_ADMIN "quan-tri-vien-2023"
#define TEST_PW_LAN "lan-ba-be-058!"
#define TEST_PW_MAI "tai-chinh-mai-01"
#define TEST_PW_XEM "chi-xem-thoi-99"

static const char test_auth_units[] = "code,name,kind,parent_code\n"
                                      "VN,Việt Nam,nation,\n"
                                      "06,Tỉnh Bắc Kạn,province,VN\n"
                                      "058,Huyện Ba Bể,district,06\n"
                                      "01834,Xã Chợ Rã,commune,058\n"
                                      "SYT,Sở Y tế,agency,06\n"
                                      "STTTT,Sở Thông tin và Truyền thông,agency,06\n";

static const char test_auth_tasks[] =
    "code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status\n"
    "T-XA,2023,Wifi công cộng xã,01834,100000000,0,10,in_progress\n"
    "T-SYT,2023,Bệnh án điện tử,SYT,200000000,0,0,planned\n"
    "T-HUYEN,2023,Một cửa điện tử huyện,058,50000000,0,20,in_progress\n";

static char test_auth_dir[] = "/tmp/dxtrack-test-auth-XXXXXX";
static char test_auth_fixture[256];
static int test_auth_copies;

/* ---- helpers ------------------------------------------------------------------------------- */

/* A session as the system (the CLI): every right. */
static void test_auth_system(struct app *a, const char *path, const char *now)
{
	char why[512];
	if (app_open(a, path, "tester", "cli", now, why, sizeof why) != APP_OK)
		fail_msg("app_open %s: %s", path, why);
}

static void test_auth_add_user(struct app *a, const char *name, enum user_role role,
                               const char *unit, const char *password)
{
	struct diag d;
	diag_init(&d);
	enum app_status s = app_user_add(a, name, role, unit, password, &d);
	if (s != APP_OK)
		fail_msg("app_user_add %s: status %d, %zu problems", name, s, diag_total(&d));
	diag_finish(&d);
}

static int test_auth_group_setup(void **state)
{
	struct app a;
	struct diag d;
	struct import_result r;
	(void)state;
	if (!mkdtemp(test_auth_dir))
		return -1;
	snprintf(test_auth_fixture, sizeof test_auth_fixture, "%s/fixture.db", test_auth_dir);
	test_auth_system(&a, test_auth_fixture, TEST_NOW);
	diag_init(&d);
	assert_int_equal(
	    app_import_units(&a, "units.csv", test_auth_units, strlen(test_auth_units), &d, &r),
	    APP_OK);
	assert_int_equal(
	    app_import_tasks(&a, "tasks.csv", test_auth_tasks, strlen(test_auth_tasks), &d, &r),
	    APP_OK);
	diag_finish(&d);
	test_auth_add_user(&a, "quantri", ROLE_ADMIN, NULL, TEST_PW_ADMIN);
	test_auth_add_user(&a, "lan", ROLE_EDITOR, "058", TEST_PW_LAN);
	test_auth_add_user(&a, "mai", ROLE_FINANCE, NULL, TEST_PW_MAI);
	test_auth_add_user(&a, "xem", ROLE_VIEWER, "06", TEST_PW_XEM);
	app_close(&a);
	return 0;
}

static int test_auth_group_teardown(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_auth_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* One test's database: a copy of the fixture, and a store the test's requests attach to. */
struct test_auth {
	char path[300];
	struct store *store;
	struct cache *credentials; /* the server's: shared by the test's requests */
	struct app app;            /* attached: nobody until a sign-in */
};

static void test_auth_copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char chunk[65536];
	size_t n;
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		assert_int_equal(fwrite(chunk, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* A fresh request on the test's store at time now (the previous one ends). */
static void test_auth_request(struct test_auth *t, const char *now)
{
	char why[512];
	app_close(&t->app);
	if (app_attach(&t->app, t->store, "web", now, why, sizeof why) != APP_OK)
		fail_msg("app_attach: %s", why);
	app_keep_credentials(&t->app, t->credentials);
}

static int test_auth_setup(void **state)
{
	struct test_auth *t = calloc(1, sizeof *t);
	char why[512];
	snprintf(t->path, sizeof t->path, "%s/test%d.db", test_auth_dir, ++test_auth_copies);
	test_auth_copy(test_auth_fixture, t->path);
	t->store = store_open(t->path, why, sizeof why);
	if (!t->store)
		fail_msg("store_open: %s", why);
	t->credentials = cache_create(16, 1 << 16);
	t->app.store_borrowed = true; /* nothing to close yet */
	test_auth_request(t, TEST_NOW);
	*state = t;
	return 0;
}

static int test_auth_teardown(void **state)
{
	struct test_auth *t = *state;
	app_close(&t->app);
	store_close(t->store);
	cache_destroy(t->credentials);
	free(t);
	return 0;
}

static void test_auth_login(struct app *a, const char *name, const char *password,
                            struct app_session *s)
{
	enum app_status st = app_login(a, name, password, "10.0.0.9", s);
	if (st != APP_OK)
		fail_msg("login of %s: status %d", name, st);
}

/* The diagnostics as "FILE:LINE: column: message" lines, each ended by "\n". */
static void test_auth_diag_text(struct diag *d, struct buf *out)
{
	diag_sort(d);
	for (size_t i = 0; i < d->count; i++) {
		diag_format(&d->items[i], out);
		buf_putc(out, '\n');
	}
}

static void test_auth_diag_is(struct diag *d, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	test_auth_diag_text(d, &b);
	if (strcmp(buf_cstr(&b), want) != 0)
		fail_msg("diagnostics:\n%s\nwanted:\n%s", buf_cstr(&b), want);
	buf_finish(&b);
}

/* Audit rows as "actor action object detail" lines, newest first. */
static int test_auth_audit_line(void *ctx, const struct audit_entry *e)
{
	buf_printf(ctx, "%s %s %s %s\n", e->actor, e->action, e->object,
	           e->detail ? e->detail : "-");
	return 0;
}

static void test_auth_audit(struct app *a, const struct audit_filter *f, struct buf *out)
{
	buf_reset(out);
	assert_int_equal(app_audit_each(a, f, test_auth_audit_line, out, NULL), APP_OK);
}

/* One text value from the test's database (a query of the test's own). */
static void test_auth_sql_text(const char *path, const char *sql, char *out, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static bool test_auth_base64url(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

/* ---- secrets ------------------------------------------------------------------------------- */

static void test_auth_random(void **state)
{
	char a[APP_TOKEN_CHARS + 1], b[APP_TOKEN_CHARS + 1];
	char p[APP_PASSWORD_CHARS + 1], q[APP_PASSWORD_CHARS + 1];
	(void)state;
	assert_int_equal(APP_TOKEN_CHARS, 43); /* 32 bytes = 256 bits, 6 bits per character */
	app_random_token(a);
	app_random_token(b);
	assert_true(test_auth_base64url(a, 43));
	assert_true(test_auth_base64url(b, 43));
	assert_string_not_equal(a, b);
	/* 1000 passwords of 20 characters: none has a look-alike, all 56 letters appear */
	bool seen[256] = {false};
	for (int i = 0; i < 1000; i++) {
		app_password_generate(p);
		assert_int_equal(strlen(p), APP_PASSWORD_CHARS);
		for (int j = 0; j < APP_PASSWORD_CHARS; j++) {
			unsigned char c = (unsigned char)p[j];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9')))
				fail_msg("password %s has '%c'", p, c);
			if (strchr("0Oo1lI", c))
				fail_msg("password %s has the look-alike '%c'", p, c);
			seen[c] = true;
		}
	}
	int distinct = 0;
	for (int c = 0; c < 256; c++)
		distinct += seen[c];
	assert_int_equal(distinct, 26 - 2 + 26 - 2 + 10 - 2);
	app_password_generate(q);
	assert_string_not_equal(p, q);
}

/* ---- signing in ---------------------------------------------------------------------------- */

static void test_auth_login_ok(void **state)
{
	struct test_auth *t = *state;
	struct app_session s, again;
	char want_hash[65], stored[200];
	unsigned char bin[32];
	assert_int_equal(t->app.who.kind, APP_NOBODY);
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	assert_true(test_auth_base64url(s.token, 43));
	assert_true(test_auth_base64url(s.csrf, 43));
	assert_string_not_equal(s.token, s.csrf);
	assert_string_equal(s.expires_at, "2023-12-14T16:00:00Z"); /* 08:00 + 8 h */
	assert_int_equal(t->app.who.kind, APP_USER);
	assert_int_equal(t->app.who.role, ROLE_EDITOR);
	assert_string_equal(t->app.who.unit, "058");
	assert_string_equal(t->app.who.name, "lan");
	assert_string_equal(t->app.actor, "lan");

	/* only the BLAKE2b-256 hash of the secret is stored, in lower-case hex */
	crypto_generichash(bin, sizeof bin, (const unsigned char *)s.token, strlen(s.token), NULL,
	                   0);
	sodium_bin2hex(want_hash, sizeof want_hash, bin, sizeof bin);
	test_auth_sql_text(t->path, "SELECT token_hash FROM session", stored, sizeof stored);
	assert_string_equal(stored, want_hash);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM session WHERE instr(token_hash || csrf, '%s') > 0", s.token);
	test_auth_sql_text(t->path, sql, stored, sizeof stored);
	assert_string_equal(stored, "0");
	/* the password is kept as an Argon2id PHC string only */
	test_auth_sql_text(t->path, "SELECT pw_hash FROM account WHERE name = 'lan'", stored,
	                   sizeof stored);
	assert_memory_equal(stored, "$argon2id$", 10);
	assert_null(strstr(stored, TEST_PW_LAN));

	/* the next request presents the token: it acts as lan, with the session's CSRF token */
	test_auth_request(t, "2023-12-14T09:30:00Z");
	assert_int_equal(app_authenticate(&t->app, s.token, &again), APP_OK);
	assert_string_equal(again.csrf, s.csrf);
	assert_string_equal(again.expires_at, "2023-12-14T16:00:00Z");
	assert_string_equal(again.token, "");
	assert_int_equal(t->app.who.kind, APP_USER);
	assert_string_equal(t->app.who.name, "lan");
	assert_string_equal(t->app.actor, "lan");

	/* a token one character off, a short one, none */
	test_auth_request(t, "2023-12-14T09:30:00Z");
	char wrong[APP_TOKEN_CHARS + 1];
	memcpy(wrong, s.token, sizeof wrong);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	assert_int_equal(app_authenticate(&t->app, wrong, &again), APP_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&t->app, "abc", &again), APP_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&t->app, NULL, &again), APP_UNAUTHORIZED);
	assert_int_equal(t->app.who.kind, APP_NOBODY);

	/* the login's audit row: who, from where, until when */
	struct buf b;
	struct audit_filter f = {.action = "session."};
	buf_init(&b, 0);
	/* nobody may read it */
	assert_int_equal(app_audit_each(&t->app, &f, test_auth_audit_line, &b, NULL), APP_UNAUTHORIZED);
	buf_finish(&b);
	struct app sys;
	test_auth_system(&sys, t->path, TEST_NOW);
	buf_init(&b, 0);
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b), "lan session.login user lan "
	                                  "{\"client\":\"10.0.0.9\",\"expires_at\":\"2023-12-14T16:"
	                                  "00:00Z\"}\n");
	buf_finish(&b);
	app_close(&sys);
}

static void test_auth_login_refused(void **state)
{
	struct test_auth *t = *state;
	struct app_session s;
	/* a wrong password, an unknown name, a disabled account: the same answer */
	assert_int_equal(app_login(&t->app, "lan", "not-the-password", "10.0.0.1", &s),
	                 APP_UNAUTHORIZED);
	assert_int_equal(app_login(&t->app, "ghost", TEST_PW_LAN, "10.0.0.1", &s),
	                 APP_UNAUTHORIZED);
	assert_int_equal(app_login(&t->app, "Lan", TEST_PW_LAN, NULL, &s), APP_UNAUTHORIZED);
	assert_int_equal(app_login(&t->app, "lan", "", "10.0.0.2", &s), APP_UNAUTHORIZED);
	assert_string_equal(s.token, "");
	assert_int_equal(t->app.who.kind, APP_NOBODY);

	struct app sys;
	struct diag d;
	struct user_change off = {.has_disabled = true, .disabled = true};
	diag_init(&d);
	test_auth_system(&sys, t->path, TEST_NOW);
	assert_int_equal(app_user_change(&sys, "mai", &off, NULL, &d), APP_OK);
	assert_int_equal(app_login(&t->app, "mai", TEST_PW_MAI, "10.0.0.3", &s), APP_UNAUTHORIZED);
	assert_int_equal(t->app.who.kind, APP_NOBODY);

	/* each refusal is audited, with the client and never the password tried */
	struct buf b;
	struct audit_filter f = {.action = "session.refused"};
	buf_init(&b, 0);
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "anonymous session.refused user mai {\"client\":\"10.0.0.3\"}\n"
	                    "anonymous session.refused user lan {\"client\":\"10.0.0.2\"}\n"
	                    "anonymous session.refused user Lan {\"client\":null}\n"
	                    "anonymous session.refused user ghost {\"client\":\"10.0.0.1\"}\n"
	                    "anonymous session.refused user lan {\"client\":\"10.0.0.1\"}\n");
	struct audit_filter all = {.limit = 0};
	test_auth_audit(&sys, &all, &b);
	assert_null(strstr(buf_cstr(&b), "not-the-password"));
	assert_null(strstr(buf_cstr(&b), TEST_PW_LAN));
	assert_null(strstr(buf_cstr(&b), TEST_PW_MAI));
	assert_null(strstr(buf_cstr(&b), "argon2"));
	buf_finish(&b);
	diag_finish(&d);
	app_close(&sys);
}

static void test_auth_throttle(void **state)
{
	struct test_auth *t = *state;
	struct app_session s;
	/* five failures for lan from 10.0.0.1 within the window */
	for (int i = 0; i < APP_LOGIN_MAX_FAILURES; i++)
		assert_int_equal(app_login(&t->app, "lan", "guess-number-x", "10.0.0.1", &s),
		                 APP_UNAUTHORIZED);
	/* now the right password does not help for that name, from anywhere */
	assert_int_equal(app_login(&t->app, "lan", TEST_PW_LAN, "10.0.0.1", &s), APP_THROTTLED);
	assert_int_equal(app_login(&t->app, "lan", TEST_PW_LAN, "10.0.0.2", &s), APP_THROTTLED);
	assert_int_equal(t->app.who.kind, APP_NOBODY);
	/* but five failures of one name do not lock the office out: another name from the same
	 * client signs in (a client is throttled only after APP_LOGIN_MAX_FAILURES_CLIENT) */
	assert_int_equal(app_login(&t->app, "mai", TEST_PW_MAI, "10.0.0.1", &s), APP_OK);

	/* a throttled attempt records nothing: still exactly five failures, no audit row more */
	char n[32];
	test_auth_sql_text(t->path, "SELECT count(*) FROM login_failure", n, sizeof n);
	assert_string_equal(n, "5");

	/* the window is 15 minutes: at 08:15:00 the failures of 08:00:00 still count, one second
	 * later they do not */
	test_auth_request(t, "2023-12-14T08:15:00Z");
	assert_int_equal(app_login(&t->app, "lan", TEST_PW_LAN, "10.0.0.7", &s), APP_THROTTLED);
	test_auth_request(t, "2023-12-14T08:15:01Z");
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	/* a good login clears the name's failures */
	test_auth_sql_text(t->path, "SELECT count(*) FROM login_failure WHERE name = 'lan'", n,
	                   sizeof n);
	assert_string_equal(n, "0");

	/* one client guessing many names is throttled after 30 failures, whatever the name */
	for (int i = 0; i < APP_LOGIN_MAX_FAILURES_CLIENT; i++) {
		char name[16];
		snprintf(name, sizeof name, "guess%d", i);
		assert_int_equal(app_login(&t->app, name, "guess-number-x", "10.0.0.9", &s),
		                 APP_UNAUTHORIZED);
	}
	assert_int_equal(app_login(&t->app, "mai", TEST_PW_MAI, "10.0.0.9", &s), APP_THROTTLED);
	assert_int_equal(app_login(&t->app, "mai", TEST_PW_MAI, "10.0.0.10", &s), APP_OK);
}

static void test_auth_session_expiry_logout(void **state)
{
	struct test_auth *t = *state;
	struct app_session s, seen;
	test_auth_login(&t->app, "xem", TEST_PW_XEM, &s);
	test_auth_request(t, "2023-12-14T15:59:59Z");
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_OK);
	test_auth_request(t, "2023-12-14T16:00:00Z"); /* expires_at is not "after now" any more */
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(t->app.who.kind, APP_NOBODY);

	/* a new session, then logout: the token stops working, once */
	test_auth_request(t, "2023-12-14T17:00:00Z");
	test_auth_login(&t->app, "xem", TEST_PW_XEM, &s);
	char n[32];
	/* the expired session was removed by this login */
	test_auth_sql_text(t->path, "SELECT count(*) FROM session", n, sizeof n);
	assert_string_equal(n, "1");
	test_auth_request(t, "2023-12-14T17:05:00Z");
	assert_int_equal(app_logout(&t->app, s.token), APP_OK);
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(app_logout(&t->app, s.token), APP_UNAUTHORIZED);
	test_auth_sql_text(t->path, "SELECT count(*) FROM session", n, sizeof n);
	assert_string_equal(n, "0");

	struct app sys;
	struct buf b;
	struct audit_filter f = {.action = "session.logout"};
	test_auth_system(&sys, t->path, TEST_NOW);
	buf_init(&b, 0);
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b), "xem session.logout user xem -\n");
	buf_finish(&b);
	app_close(&sys);
}

/* What is kept is trusted again while the data's generation is unchanged: the session's row,
 * deleted behind the application's back (no audit row, so no new generation), still signs in
 * (with its CSRF token and end) until any write, and then no more. */
static void test_auth_kept_until_a_write(void **state)
{
	struct test_auth *t = *state;
	struct app_session s, seen;
	test_auth_login(&t->app, "xem", TEST_PW_XEM, &s);
	test_auth_request(t, TEST_NOW);
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_OK);
	char n[32];
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM session", NULL, NULL, NULL), SQLITE_OK);
	test_auth_request(t, "2023-12-14T09:00:00Z");
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_OK);
	assert_string_equal(t->app.who.name, "xem");
	assert_string_equal(seen.csrf, s.csrf);
	assert_string_equal(seen.expires_at, "2023-12-14T16:00:00Z");
	test_auth_sql_text(t->path, "SELECT count(*) FROM session", n, sizeof n);
	assert_string_equal(n, "0");
	/* any write (a sign-in of someone else) moves the generation on */
	struct app_session other;
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &other);
	test_auth_request(t, "2023-12-14T09:00:01Z");
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(t->app.who.kind, APP_NOBODY);
	assert_int_equal(app_authenticate(&t->app, other.token, &seen), APP_OK);
	sqlite3_close(db);
}

/* ---- API tokens ---------------------------------------------------------------------------- */

static int test_auth_token_line(void *ctx, const struct api_token *tk)
{
	buf_printf(ctx, "%lld %s [%s] %s %s\n", (long long)tk->id, tk->user, tk->label,
	           tk->created_at, tk->revoked_at ? tk->revoked_at : "-");
	return 0;
}

static void test_auth_tokens(void **state)
{
	struct test_auth *t = *state;
	struct app sys;
	struct diag d;
	struct app_session seen;
	struct buf b;
	char token[APP_TOKEN_CHARS + 1], other[APP_TOKEN_CHARS + 1], refused[APP_TOKEN_CHARS + 1];
	int64_t id = 0, id2 = 0;
	diag_init(&d);
	buf_init(&b, 0);
	test_auth_system(&sys, t->path, TEST_NOW);
	assert_int_equal(app_token_add(&sys, "mai", "Cổng tài chính", token, &id, &d), APP_OK);
	assert_int_equal(id, 1);
	assert_true(test_auth_base64url(token, 43));
	assert_int_equal(app_token_add(&sys, "lan", NULL, other, &id2, &d), APP_OK);
	assert_int_equal(id2, 2);

	/* the token acts as its user, without a CSRF token or an end */
	assert_int_equal(app_authenticate(&t->app, token, &seen), APP_OK);
	assert_string_equal(seen.csrf, "");
	assert_string_equal(seen.expires_at, "");
	assert_int_equal(t->app.who.role, ROLE_FINANCE);
	assert_string_equal(t->app.who.name, "mai");
	assert_string_equal(t->app.who.unit, "");

	/* mai is no administrator: no tokens for her */
	assert_int_equal(app_token_add(&t->app, "mai", NULL, refused, &id2, &d), APP_FORBIDDEN);
	assert_string_equal(refused, ""); /* no secret handed out */
	assert_int_equal(app_token_revoke(&t->app, 1, &d), APP_FORBIDDEN);
	assert_int_equal(app_tokens_each(&t->app, test_auth_token_line, &b), APP_FORBIDDEN);
	test_auth_diag_is(&d,
	                  "only an administrator may create API tokens; mai is a finance user\n"
	                  "only an administrator may revoke API tokens; mai is a finance user\n");
	diag_finish(&d);
	test_auth_request(t, TEST_NOW);
	assert_int_equal(app_token_add(&t->app, "mai", NULL, refused, &id2, &d), APP_UNAUTHORIZED);
	test_auth_diag_is(&d, "sign in first\n");
	diag_finish(&d);

	/* revoked: it stops working; revoking an unknown id is "not found" */
	struct app later;
	test_auth_system(&later, t->path, "2023-12-15T10:00:00Z");
	assert_int_equal(app_token_revoke(&later, 1, &d), APP_OK);
	assert_int_equal(app_token_revoke(&later, 99, &d), APP_NOT_FOUND);
	test_auth_diag_is(&d, "no API token 99\n");
	diag_finish(&d);
	assert_int_equal(app_authenticate(&t->app, token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&t->app, other, &seen), APP_OK);
	assert_int_equal(app_tokens_each(&later, test_auth_token_line, &b), APP_OK);
	assert_string_equal(buf_cstr(&b), "1 mai [Cổng tài chính] 2023-12-14T08:00:00Z "
	                                  "2023-12-15T10:00:00Z\n"
	                                  "2 lan [] 2023-12-14T08:00:00Z -\n");

	/* no token for an unknown or a disabled user; a label of 201 characters is too long */
	assert_int_equal(app_token_add(&later, "ghost", NULL, refused, &id2, &d), APP_NOT_FOUND);
	struct user_change off = {.has_disabled = true, .disabled = true};
	assert_int_equal(app_user_change(&later, "xem", &off, NULL, &d), APP_OK);
	assert_int_equal(app_token_add(&later, "xem", NULL, refused, &id2, &d), APP_BAD_INPUT);
	char label[202];
	memset(label, 'a', 201);
	label[201] = '\0'; /* 201 characters */
	assert_int_equal(app_token_add(&later, "lan", label, refused, &id2, &d), APP_BAD_INPUT);
	label[200] = '\0'; /* 200: fine */
	assert_int_equal(app_token_add(&later, "lan", label, refused, &id2, &d), APP_OK);
	assert_int_equal(id2, 3);
	test_auth_diag_is(&d, "no user ghost\n"
	                      "user xem is disabled: enable it first\n"
	                      "label: the label is longer than 200 characters\n");
	/* the audit rows name the token and its user, never the secret */
	struct audit_filter f = {.action = "token."};
	test_auth_audit(&later, &f, &b);
	char want[600];
	snprintf(
	    want, sizeof want,
	    "tester token.add token 3 {\"id\":3,\"label\":\"%s\",\"user\":\"lan\"}\n"
	    "tester token.revoke token 1 {\"id\":1}\n"
	    "tester token.add token 2 {\"id\":2,\"label\":\"\",\"user\":\"lan\"}\n"
	    "tester token.add token 1 {\"id\":1,\"label\":\"Cổng tài chính\",\"user\":\"mai\"}\n",
	    label);
	assert_string_equal(buf_cstr(&b), want);
	assert_null(strstr(buf_cstr(&b), token));
	buf_finish(&b);
	diag_finish(&d);
	app_close(&later);
	app_close(&sys);
}

static void test_auth_disable_ends_everything(void **state)
{
	struct test_auth *t = *state;
	struct app sys;
	struct diag d;
	struct app_session s, seen;
	char token[APP_TOKEN_CHARS + 1];
	int64_t id;
	diag_init(&d);
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	test_auth_system(&sys, t->path, TEST_NOW);
	assert_int_equal(app_token_add(&sys, "lan", "script", token, &id, &d), APP_OK);
	struct user_change off = {.has_disabled = true, .disabled = true};
	assert_int_equal(app_user_change(&sys, "lan", &off, NULL, &d), APP_OK);
	test_auth_request(t, TEST_NOW);
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&t->app, token, &seen), APP_UNAUTHORIZED);
	/* enabled again: signing in works, the old session and token stay dead */
	struct user_change on = {.has_disabled = true, .disabled = false};
	assert_int_equal(app_user_change(&sys, "lan", &on, NULL, &d), APP_OK);
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&t->app, token, &seen), APP_UNAUTHORIZED);
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	/* the audit rows of the two changes */
	struct buf b;
	struct audit_filter f = {.action = "user.change"};
	buf_init(&b, 0);
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "tester user.change user lan "
	                    "{\"new\":{\"disabled\":false,\"role\":\"editor\",\"unit\":\"058\"},"
	                    "\"old\":{\"disabled\":true,\"role\":\"editor\",\"unit\":\"058\"}}\n"
	                    "tester user.change user lan "
	                    "{\"new\":{\"disabled\":true,\"role\":\"editor\",\"unit\":\"058\"},"
	                    "\"old\":{\"disabled\":false,\"role\":\"editor\",\"unit\":\"058\"}}\n");
	buf_finish(&b);
	diag_finish(&d);
	app_close(&sys);
}

/* ---- accounts ------------------------------------------------------------------------------ */

static int test_auth_user_line(void *ctx, const struct user *u)
{
	buf_printf(ctx, "%s %s %s %d %s\n", u->name, user_role_code(u->role),
	           u->unit ? u->unit : "-", u->disabled, u->pw_hash ? "HASH" : "-");
	return 0;
}

static void test_auth_users(void **state)
{
	struct test_auth *t = *state;
	struct app sys;
	struct diag d;
	struct buf b;
	struct user u = {0};
	diag_init(&d);
	buf_init(&b, 0);
	test_auth_system(&sys, t->path, TEST_NOW);

	/* each rule of a new account, reported together; nothing is written */
	assert_int_equal(app_user_add(&sys, "Bad Name", ROLE_VIEWER, NULL, "short", &d),
	                 APP_BAD_INPUT);
	assert_int_equal(app_user_add(&sys, "hoa", ROLE_EDITOR, "", TEST_PW_LAN, &d),
	                 APP_BAD_INPUT);
	assert_int_equal(app_user_add(&sys, "hoa", ROLE_FINANCE, "NOPE", TEST_PW_LAN, &d),
	                 APP_BAD_INPUT);
	assert_int_equal(app_user_add(&sys, "lan", ROLE_VIEWER, NULL, TEST_PW_LAN, &d),
	                 APP_BAD_INPUT);
	assert_int_equal(app_user_add(&sys, "hoa", ROLE_VIEWER, NULL, "\xff\xfe-not-utf-8", &d),
	                 APP_BAD_INPUT);
	char longpw[USER_PASSWORD_MAX + 2];
	memset(longpw, 'x', sizeof longpw - 1);
	longpw[USER_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(app_user_add(&sys, "hoa", ROLE_VIEWER, NULL, longpw, &d), APP_BAD_INPUT);
	longpw[USER_PASSWORD_MAX] = '\0'; /* 256 bytes: the longest allowed */
	assert_int_equal(app_user_add(&sys, "hoa", ROLE_VIEWER, NULL, longpw, &d), APP_OK);
	assert_int_equal(app_user_add(&sys, "tien", ROLE_VIEWER, NULL, "0123456789", &d), APP_OK);
	test_auth_diag_is(
	    &d,
	    "name: a user name is 2 to 64 lower-case letters (a-z), digits, '.', '_' or '-', "
	    "starting with a letter\n"
	    "password: a password must be 10 to 256 bytes long\n"
	    "user hoa: unit: an editor belongs to a unit: give the unit whose tasks it updates\n"
	    "user hoa: unit: unknown unit \"NOPE\": import it with `dxtrack import units` "
	    "first\n"
	    "user hoa: password: the password is not valid UTF-8 text\n"
	    "user hoa: password: a password must be 10 to 256 bytes long\n"
	    "user lan: name: a user lan exists already\n");
	diag_finish(&d);

	/* listed by name, without hashes; any signed-in user may list, nobody may not */
	assert_int_equal(app_users_each(&t->app, test_auth_user_line, &b), APP_UNAUTHORIZED);
	struct app_session s;
	test_auth_login(&t->app, "xem", TEST_PW_XEM, &s);
	assert_int_equal(app_users_each(&t->app, test_auth_user_line, &b), APP_OK);
	assert_string_equal(buf_cstr(&b), "hoa viewer - 0 -\n"
	                                  "lan editor 058 0 -\n"
	                                  "mai finance - 0 -\n"
	                                  "quantri admin - 0 -\n"
	                                  "tien viewer - 0 -\n"
	                                  "xem viewer 06 0 -\n");
	assert_int_equal(app_user_get(&t->app, "lan", &u), APP_OK);
	assert_string_equal(u.name, "lan");
	assert_string_equal(u.unit, "058");
	assert_null(u.pw_hash);
	user_clear(&u);
	assert_int_equal(app_user_get(&t->app, "ghost", &u), APP_NOT_FOUND);
	/* a viewer adds nobody */
	assert_int_equal(app_user_add(&t->app, "khach", ROLE_VIEWER, NULL, TEST_PW_XEM, &d),
	                 APP_FORBIDDEN);
	test_auth_diag_is(&d, "only an administrator may add users; xem is a viewer\n");
	diag_finish(&d);
	buf_finish(&b);
	app_close(&sys);
}

static void test_auth_own_password(void **state)
{
	struct test_auth *t = *state;
	struct diag d;
	struct app_session s, s2, seen;
	diag_init(&d);
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	struct user_change pw = {.password = "mat-khau-moi-lan"};
	/* without, or with a wrong, old password: refused */
	assert_int_equal(app_user_change(&t->app, "lan", &pw, NULL, &d), APP_UNAUTHORIZED);
	assert_int_equal(app_user_change(&t->app, "lan", &pw, "doan-bua-thoi", &d),
	                 APP_UNAUTHORIZED);
	/* not someone else's, not one's own role */
	assert_int_equal(app_user_change(&t->app, "mai", &pw, TEST_PW_LAN, &d), APP_FORBIDDEN);
	struct user_change promote = {.has_role = true, .role = ROLE_ADMIN};
	assert_int_equal(app_user_change(&t->app, "lan", &promote, TEST_PW_LAN, &d), APP_FORBIDDEN);
	test_auth_diag_is(&d, "old_password: the current password is not right\n"
	                      "old_password: the current password is not right\n"
	                      "only an administrator may change another user; lan is an editor\n"
	                      "only an administrator may change a role, a unit or whether an "
	                      "account is enabled; lan is an editor\n");
	diag_finish(&d);
	/* a second session of lan, then the change: every session of lan ends */
	struct app other;
	char why[256];
	assert_int_equal(app_attach(&other, t->store, "web", TEST_NOW, why, sizeof why), APP_OK);
	test_auth_login(&other, "lan", TEST_PW_LAN, &s2);
	app_close(&other);
	assert_int_equal(app_user_change(&t->app, "lan", &pw, TEST_PW_LAN, &d), APP_OK);
	test_auth_request(t, TEST_NOW);
	assert_int_equal(app_authenticate(&t->app, s.token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&t->app, s2.token, &seen), APP_UNAUTHORIZED);
	assert_int_equal(app_login(&t->app, "lan", TEST_PW_LAN, NULL, &s), APP_UNAUTHORIZED);
	test_auth_login(&t->app, "lan", "mat-khau-moi-lan", &s);
	/* audited as a change, the password only as "changed" */
	struct app sys;
	struct buf b;
	struct audit_filter f = {.action = "user.change"};
	test_auth_system(&sys, t->path, TEST_NOW);
	buf_init(&b, 0);
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "lan user.change user lan "
	                    "{\"new\":{\"disabled\":false,\"role\":\"editor\","
	                    "\"unit\":\"058\"},\"old\":{\"disabled\":false,\"role\":"
	                    "\"editor\",\"unit\":\"058\"},\"password\":\"changed\"}\n");
	buf_finish(&b);
	app_close(&sys);
}

static void test_auth_last_admin(void **state)
{
	struct test_auth *t = *state;
	struct app sys;
	struct diag d;
	diag_init(&d);
	test_auth_system(&sys, t->path, TEST_NOW);
	struct user_change off = {.has_disabled = true, .disabled = true};
	struct user_change demote = {.has_role = true, .role = ROLE_VIEWER};
	struct user_change editor_no_unit = {.has_role = true, .role = ROLE_EDITOR};
	assert_int_equal(app_user_change(&sys, "quantri", &off, NULL, &d), APP_BAD_INPUT);
	assert_int_equal(app_user_change(&sys, "quantri", &demote, NULL, &d), APP_BAD_INPUT);
	/* an editor needs a unit; mai has none */
	assert_int_equal(app_user_change(&sys, "mai", &editor_no_unit, NULL, &d), APP_BAD_INPUT);
	test_auth_diag_is(&d, "user mai: unit: an editor belongs to a unit: give the unit whose "
	                      "tasks it updates\n"
	                      "user quantri: the last enabled administrator cannot be disabled or "
	                      "lose the role: add or enable another administrator first\n"
	                      "user quantri: the last enabled administrator cannot be disabled or "
	                      "lose the role: add or enable another administrator first\n");
	diag_finish(&d);
	/* with a second administrator, the first may go */
	struct user_change promote = {.has_role = true, .role = ROLE_ADMIN};
	assert_int_equal(app_user_change(&sys, "mai", &promote, NULL, &d), APP_OK);
	assert_int_equal(app_user_change(&sys, "quantri", &off, NULL, &d), APP_OK);
	/* … and then mai is the last one */
	assert_int_equal(app_user_change(&sys, "mai", &demote, NULL, &d), APP_BAD_INPUT);
	struct user_change unit = {.unit = "STTTT"};
	assert_int_equal(app_user_change(&sys, "mai", &unit, NULL, &d), APP_OK);
	struct user_change no_unit = {.unit = ""};
	struct user_change lan_no_unit = {.unit = ""};
	assert_int_equal(app_user_change(&sys, "mai", &no_unit, NULL, &d), APP_OK);
	assert_int_equal(app_user_change(&sys, "lan", &lan_no_unit, NULL, &d), APP_BAD_INPUT);
	assert_int_equal(app_user_change(&sys, "ghost", &unit, NULL, &d), APP_NOT_FOUND);
	diag_finish(&d);
	app_close(&sys);
}

/* ---- authorization of task updates --------------------------------------------------------- */

static void test_auth_task_rights(void **state)
{
	struct test_auth *t = *state;
	struct diag d;
	struct task r = {0};
	struct app_session s;
	diag_init(&d);
	struct task_change progress = {.has_progress = true, .progress_pct = 40};
	struct task_change money = {
	    .has_disbursed = true, .disbursed_vnd = 30000000, .note = "Thanh toán đợt 1"};
	struct task_change status = {.has_status = true, .status = TASK_STOPPED};

	/* nobody */
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &progress, &d, &r),
	                 APP_UNAUTHORIZED);
	test_auth_diag_is(&d, "sign in first\n");
	diag_finish(&d);

	/* a viewer changes nothing */
	test_auth_login(&t->app, "xem", TEST_PW_XEM, &s);
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &progress, &d, &r), APP_FORBIDDEN);
	struct task_change empty = {.note = ""};
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &empty, &d, &r), APP_FORBIDDEN);
	test_auth_diag_is(&d, "task 2023/T-XA: a viewer may not change tasks\n"
	                      "task 2023/T-XA: a viewer may not change tasks\n");
	diag_finish(&d);

	/* finance: the disbursement (with a note), not progress or status, in any unit */
	test_auth_request(t, TEST_NOW);
	test_auth_login(&t->app, "mai", TEST_PW_MAI, &s);
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &progress, &d, &r), APP_FORBIDDEN);
	assert_int_equal(app_task_update(&t->app, 2023, "T-SYT", &status, &d, &r), APP_FORBIDDEN);
	test_auth_diag_is(&d, "task 2023/T-SYT: a finance user may change only the disbursement "
	                      "(and add a note)\n"
	                      "task 2023/T-XA: a finance user may change only the disbursement "
	                      "(and add a note)\n");
	diag_finish(&d);
	assert_int_equal(app_task_update(&t->app, 2023, "T-SYT", &money, &d, &r), APP_OK);
	assert_int_equal(r.disbursed_vnd, 30000000);
	assert_int_equal(r.version, 2);

	/* editor of district 058: its own tasks and its commune's, not SYT's */
	test_auth_request(t, TEST_NOW);
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &progress, &d, &r), APP_OK);
	assert_int_equal(r.progress_pct, 40);
	assert_int_equal(app_task_update(&t->app, 2023, "T-HUYEN", &status, &d, &r), APP_OK);
	assert_int_equal(app_task_update(&t->app, 2023, "T-SYT", &progress, &d, &r), APP_FORBIDDEN);
	assert_int_equal(app_task_update(&t->app, 2023, "NONE", &progress, &d, &r), APP_NOT_FOUND);
	test_auth_diag_is(&d, "no task NONE in 2023\n"
	                      "task 2023/T-SYT: investor SYT is outside your unit 058\n");
	diag_finish(&d);

	/* the history records who, the audit row what changed */
	struct app sys;
	struct buf b;
	struct audit_filter f = {.action = "task.update"};
	test_auth_system(&sys, t->path, TEST_NOW);
	buf_init(&b, 0);
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(
	    buf_cstr(&b),
	    "lan task.update task 2023/T-HUYEN "
	    "{\"new\":{\"disbursed_vnd\":0,\"note\":\"\",\"progress_pct\":20,\"status\":"
	    "\"stopped\"},"
	    "\"old\":{\"disbursed_vnd\":0,\"progress_pct\":20,\"status\":\"in_progress\"},"
	    "\"version\":2}\n"
	    "lan task.update task 2023/T-XA "
	    "{\"new\":{\"disbursed_vnd\":0,\"note\":\"\",\"progress_pct\":40,\"status\":"
	    "\"in_progress\"},\"old\":{\"disbursed_vnd\":0,\"progress_pct\":10,\"status\":"
	    "\"in_progress\"},\"version\":2}\n"
	    "mai task.update task 2023/T-SYT "
	    "{\"new\":{\"disbursed_vnd\":30000000,\"note\":\"Thanh toán đợt 1\",\"progress_pct\":0,"
	    "\"status\":\"planned\"},\"old\":{\"disbursed_vnd\":0,\"progress_pct\":0,\"status\":"
	    "\"planned\"},\"version\":2}\n");
	buf_finish(&b);
	app_close(&sys);
	task_clear(&r);
}

static void test_auth_task_conflict(void **state)
{
	struct test_auth *t = *state;
	struct diag d;
	struct task r = {0};
	struct app_session s;
	diag_init(&d);
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	/* two people open T-XA at version 1; the first saves */
	struct task_change first = {
	    .has_progress = true, .progress_pct = 30, .expected_version = 1};
	struct task_change second = {
	    .has_progress = true, .progress_pct = 50, .expected_version = 1};
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &first, &d, &r), APP_OK);
	assert_int_equal(r.version, 2);
	/* the second is told, and given the task as it now is */
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &second, &d, &r), APP_CONFLICT);
	test_auth_diag_is(&d, "task 2023/T-XA is at version 2, not 1: reload it\n");
	diag_finish(&d);
	assert_int_equal(r.version, 2);
	assert_int_equal(r.progress_pct, 30);
	assert_string_equal(r.code, "T-XA");
	/* after reloading it saves */
	second.expected_version = r.version;
	assert_int_equal(app_task_update(&t->app, 2023, "T-XA", &second, &d, &r), APP_OK);
	assert_int_equal(r.version, 3);
	assert_int_equal(r.progress_pct, 50);

	/* the store refuses a version that exists: the race two writers could run */
	struct task_update u = {
	    .task_id = r.id,
	    .version = 3,
	    .on_date = {2023, 12, 14},
	    .recorded_at = (char *)TEST_NOW,
	    .author = (char *)"lan",
	    .source = (char *)"web",
	    .progress_pct = 60,
	    .status = TASK_IN_PROGRESS,
	    .note = (char *)"",
	};
	assert_int_equal(store_update_append(t->store, &u), STORE_CONFLICT);
	u.version = 4;
	assert_int_equal(store_update_append(t->store, &u), 0);
	task_clear(&r);
}

/* ---- authorization of imports -------------------------------------------------------------- */

static void test_auth_imports(void **state)
{
	struct test_auth *t = *state;
	struct diag d;
	struct import_result r;
	struct app_session s;
	struct task got = {0};
	static const char mixed[] = "code,year,name,investor,budget_vnd,status\n"
	                            "N-XA,2023,Điểm phục vụ bưu chính xã,01834,10000000,planned\n"
	                            "N-SYT,2023,Khám bệnh từ xa,SYT,20000000,planned\n"
	                            "N-TT,2023,Trung tâm giám sát,STTTT,30000000,planned\n";
	static const char own[] = "code,year,name,investor,budget_vnd,status\n"
	                          "N-XA,2023,Điểm phục vụ bưu chính xã,01834,10000000,planned\n"
	                          "N-H,2023,Số hóa hồ sơ huyện,058,5000000,in_progress\n";
	/* a file moving SYT's stored task into lan's district */
	static const char grab[] = "code,year,name,investor,budget_vnd,status\n"
	                           "T-SYT,2023,Bệnh án điện tử,058,200000000,planned\n";
	static const char units[] = "code,name,kind,parent_code\n"
	                            "01835,Xã Mới,commune,058\n";
	diag_init(&d);
	assert_int_equal(app_import_tasks(&t->app, "own.csv", own, strlen(own), &d, &r),
	                 APP_UNAUTHORIZED);
	diag_finish(&d);

	test_auth_login(&t->app, "xem", TEST_PW_XEM, &s);
	assert_int_equal(app_import_tasks(&t->app, "own.csv", own, strlen(own), &d, &r),
	                 APP_FORBIDDEN);
	test_auth_diag_is(&d, "only an administrator or an editor may import tasks; xem is a "
	                      "viewer\n");
	diag_finish(&d);

	test_auth_request(t, TEST_NOW);
	test_auth_login(&t->app, "lan", TEST_PW_LAN, &s);
	assert_int_equal(app_import_tasks(&t->app, "mixed.csv", mixed, strlen(mixed), &d, &r),
	                 APP_FORBIDDEN);
	test_auth_diag_is(&d, "mixed.csv:3: investor: unit SYT is outside your unit 058\n"
	                      "mixed.csv:4: investor: unit STTTT is outside your unit 058\n");
	diag_finish(&d);
	/* nothing was written, not even the row of lan's own commune */
	assert_int_equal(app_task_get(&t->app, 2023, "N-XA", &got), APP_NOT_FOUND);
	assert_int_equal(app_import_tasks(&t->app, "grab.csv", grab, strlen(grab), &d, &r),
	                 APP_FORBIDDEN);
	test_auth_diag_is(&d, "grab.csv:2: investor: task 2023/T-SYT belongs to unit SYT, outside "
	                      "your unit 058\n");
	diag_finish(&d);
	assert_int_equal(app_task_get(&t->app, 2023, "T-SYT", &got), APP_OK);
	assert_string_equal(got.investor, "SYT");
	task_clear(&got);
	assert_int_equal(app_import_units(&t->app, "units.csv", units, strlen(units), &d, &r),
	                 APP_FORBIDDEN);
	test_auth_diag_is(&d, "only an administrator may import units; lan is an editor\n");
	diag_finish(&d);

	/* the rows of its own units go in, recorded under lan's name */
	assert_int_equal(app_import_tasks(&t->app, "own.csv", own, strlen(own), &d, &r), APP_OK);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(diag_total(&d), 0);
	struct app sys;
	struct buf b;
	struct audit_filter f = {.actor = "lan", .action = "import.tasks"};
	test_auth_system(&sys, t->path, TEST_NOW);
	buf_init(&b, 0);
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "lan import.tasks own.csv "
	                    "{\"inserted\":2,\"rows\":2,\"unchanged\":0,\"updated\":0}"
	                    "\n");
	buf_finish(&b);
	app_close(&sys);
	diag_finish(&d);
}

/* ---- the audit log's filters --------------------------------------------------------------- */

static void test_auth_audit_filters(void **state)
{
	struct test_auth *t = *state;
	struct app sys;
	struct buf b;
	buf_init(&b, 0);
	/* the fixture wrote, at 2023-12-14T08:00:00Z: import.units, import.tasks, 4 × user.add */
	struct app later;
	struct diag d;
	diag_init(&d);
	test_auth_system(&later, t->path, "2023-12-16T23:59:59Z");
	struct task_change c = {.has_progress = true, .progress_pct = 15};
	assert_int_equal(app_task_update(&later, 2023, "T-XA", &c, &d, NULL), APP_OK);
	app_close(&later);
	test_auth_system(&sys, t->path, TEST_NOW);

	struct audit_filter f = {.action = "user."};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "tester user.add user xem {\"role\":\"viewer\",\"unit\":\"06\"}\n"
	                    "tester user.add user mai {\"role\":\"finance\",\"unit\":null}\n"
	                    "tester user.add user lan {\"role\":\"editor\",\"unit\":\"058\"}\n"
	                    "tester user.add user quantri {\"role\":\"admin\",\"unit\":null}\n");
	/* "user" without the dot is an exact action: there is none */
	f = (struct audit_filter){.action = "user"};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b), "");
	/* a substring of the object; % and _ are plain characters, not patterns */
	f = (struct audit_filter){.search = "an"};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "tester user.add user lan {\"role\":\"editor\",\"unit\":\"058\"}\n"
	                    "tester user.add user quantri {\"role\":\"admin\",\"unit\":null}\n");
	f = (struct audit_filter){.search = "%"};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b), "");
	f = (struct audit_filter){.search = "_"};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b), "");
	/* days: since and until are whole UTC days, both included */
	f = (struct audit_filter){.since = "2023-12-16"};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "tester task.update task 2023/T-XA "
	                    "{\"new\":{\"disbursed_vnd\":0,\"note\":\"\",\"progress_pct\":15,"
	                    "\"status\":\"in_progress\"},\"old\":{\"disbursed_vnd\":0,"
	                    "\"progress_pct\":10,\"status\":\"in_progress\"},\"version\":2}\n");
	f = (struct audit_filter){.since = "2023-12-17"};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b), "");
	f = (struct audit_filter){.until = "2023-12-15", .limit = 2};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "tester user.add user xem {\"role\":\"viewer\",\"unit\":\"06\"}\n"
	                    "tester user.add user mai {\"role\":\"finance\",\"unit\":null}\n");
	f = (struct audit_filter){.until = "2023-12-16", .actor = "tester", .limit = 1};
	test_auth_audit(&sys, &f, &b);
	assert_memory_equal(buf_cstr(&b), "tester task.update", 18);
	/* paging: the rows before id 3 (import.units is 1, import.tasks 2) */
	f = (struct audit_filter){.before_id = 3};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b),
	                    "tester import.tasks tasks.csv "
	                    "{\"inserted\":3,\"rows\":3,\"unchanged\":0,\"updated\":0}\n"
	                    "tester import.units units.csv "
	                    "{\"inserted\":6,\"rows\":6,\"unchanged\":0,\"updated\":0}\n");
	f = (struct audit_filter){.actor = "lan"};
	test_auth_audit(&sys, &f, &b);
	assert_string_equal(buf_cstr(&b), "");
	/* nobody reads nothing */
	assert_int_equal(app_audit_each(&t->app, &f, test_auth_audit_line, &b, NULL), APP_UNAUTHORIZED);
	buf_finish(&b);
	diag_finish(&d);
	app_close(&sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_auth_random),
	    cmocka_unit_test_setup_teardown(test_auth_login_ok, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_login_refused, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_throttle, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_session_expiry_logout, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_kept_until_a_write, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_tokens, test_auth_setup, test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_disable_ends_everything, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_users, test_auth_setup, test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_own_password, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_last_admin, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_task_rights, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_task_conflict, test_auth_setup,
	                                    test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_imports, test_auth_setup, test_auth_teardown),
	    cmocka_unit_test_setup_teardown(test_auth_audit_filters, test_auth_setup,
	                                    test_auth_teardown),
	};
	return cmocka_run_group_tests(tests, test_auth_group_setup, test_auth_group_teardown);
}
