/* pg_accounts.c — the PostgreSQL backend: users, sessions, API tokens and failed logins
 * (sql/pg/0002). The statements of sqlite.c's Q_USER_*, Q_SESSION_*, Q_TOKEN_* and Q_LOGIN_*,
 * in PostgreSQL's dialect. Sessions are rows of the database, so every `dxtrack serve` sharing
 * it sees them. Timestamps are ISO text compared in byte order (COLLATE "C").
 */
#include <stdio.h>
#include <string.h>

#include "pg_impl.h"

#define PG_USER_COLUMNS "id, name, role, unit, disabled, created_at, pw_hash"

/* A caller's callback and context, for the row adapters below. */
struct pg_accounts_each {
	int (*user)(void *, const struct user *);
	int (*token)(void *, const struct store_token_row *);
	void *ctx;
};

/* Reads row i of PG_USER_COLUMNS (pw_hash only when with_hash and present). */
static void pg_user_read(const PGresult *r, int i, struct user *u, bool with_hash)
{
	memset(u, 0, sizeof *u);
	u->id = pg_bigint(r, i, 0);
	u->name = pg_strdup(r, i, 1);
	const char *role = pg_text(r, i, 2);
	/* an unknown role (a newer schema) reads as the least privileged one */
	if (!role || user_role_parse(role, &u->role) < 0)
		u->role = ROLE_VIEWER;
	u->unit = pg_strdup(r, i, 3);
	u->disabled = pg_bigint(r, i, 4) != 0;
	u->created_at = pg_strdup(r, i, 5);
	if (with_hash && PQnfields(r) > 6)
		u->pw_hash = pg_strdup(r, i, 6);
}

int pg_user_insert(struct store *s, struct user *u)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_text(&p, u->name, false);
	pg_param_text(&p, user_role_code(u->role), false);
	pg_param_text(&p, u->unit, true);
	pg_param_int64(&p, u->disabled);
	pg_param_text(&p, u->pw_hash ? u->pw_hash : "", false);
	pg_param_text(&p, u->created_at ? u->created_at : "", false);
	int64_t id = 0;
	int rc =
	    pg_value_int64(q, "adding a user",
	                   "INSERT INTO account (name, role, unit, disabled, pw_hash, created_at) "
	                   "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	                   &p, &id);
	if (rc < 0)
		return -1;
	u->id = id;
	return 0;
}

/* Runs a user query: 1 and *out filled (with its hash), 0 not found. */
static int pg_user_one(struct pg_store *q, const char *sql, const struct pg_params *p,
                       struct user *out)
{
	PGresult *r = pg_query(q, "reading a user", sql, p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		pg_user_read(r, 0, out, true);
	PQclear(r);
	return found;
}

int pg_user_get(struct store *s, const char *name, struct user *out)
{
	struct pg_params p = {0};
	pg_param_text(&p, name, false);
	return pg_user_one(pg_of(s), "SELECT " PG_USER_COLUMNS " FROM account WHERE name = $1", &p,
	                   out);
}

int pg_user_get_by_id(struct store *s, int64_t id, struct user *out)
{
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	return pg_user_one(pg_of(s), "SELECT " PG_USER_COLUMNS " FROM account WHERE id = $1", &p,
	                   out);
}

int pg_user_update(struct store *s, const struct user *u)
{
	struct pg_params p = {0};
	pg_param_int64(&p, u->id);
	pg_param_text(&p, user_role_code(u->role), false);
	pg_param_text(&p, u->unit, true);
	pg_param_int64(&p, u->disabled);
	pg_param_text(&p, u->pw_hash ? u->pw_hash : "", false);
	return pg_command(pg_of(s), "changing a user",
	                  "UPDATE account SET role = $2, unit = $3, disabled = $4, pw_hash = $5 "
	                  "WHERE id = $1",
	                  &p, NULL);
}

static int pg_user_row(const PGresult *r, int i, void *ctx)
{
	struct pg_accounts_each *e = ctx;
	struct user u;
	pg_user_read(r, i, &u, false);
	int stop = e->user(e->ctx, &u);
	user_clear(&u);
	return stop;
}

int pg_users_each(struct store *s, int (*each)(void *, const struct user *), void *ctx)
{
	struct pg_accounts_each e = {.user = each, .ctx = ctx};
	return pg_rows(pg_of(s), "listing users",
	               "SELECT id, name, role, unit, disabled, created_at FROM account "
	               "ORDER BY name COLLATE \"C\"",
	               NULL, pg_user_row, &e);
}

int pg_session_insert(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                      const char *created_at, const char *expires_at)
{
	struct pg_params p = {0};
	pg_param_text(&p, token_hash, false);
	pg_param_int64(&p, user_id);
	pg_param_text(&p, csrf, false);
	pg_param_text(&p, created_at, false);
	pg_param_text(&p, expires_at, false);
	return pg_command(pg_of(s), "opening a session",
	                  "INSERT INTO session (token_hash, user_id, csrf, created_at, expires_at) "
	                  "VALUES ($1, $2, $3, $4, $5)",
	                  &p, NULL);
}

/* The strings of *out are copied into the handle (cred_csrf, cred_expires): valid until the
 * next call, as store.h says. */
int pg_session_get(struct store *s, const char *token_hash, struct store_credential *out)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_text(&p, token_hash, false);
	PGresult *r =
	    pg_query(q, "reading a session",
	             "SELECT user_id, csrf, expires_at FROM session WHERE token_hash = $1", &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found) {
		const char *csrf = pg_text(r, 0, 1);
		const char *expires = pg_text(r, 0, 2);
		snprintf(q->cred_csrf, sizeof q->cred_csrf, "%s", csrf ? csrf : "");
		snprintf(q->cred_expires, sizeof q->cred_expires, "%s", expires ? expires : "");
		*out = (struct store_credential){
		    .id = 0,
		    .user_id = pg_bigint(r, 0, 0),
		    .expires_at = q->cred_expires,
		    .csrf = q->cred_csrf,
		    .revoked = false,
		};
	}
	PQclear(r);
	return found;
}

int pg_session_delete(struct store *s, const char *token_hash)
{
	struct pg_params p = {0};
	pg_param_text(&p, token_hash, false);
	return pg_command(pg_of(s), "ending a session",
	                  "DELETE FROM session WHERE token_hash = $1::text", &p, NULL);
}

int pg_sessions_delete_user(struct store *s, int64_t user_id)
{
	struct pg_params p = {0};
	pg_param_int64(&p, user_id);
	return pg_command(pg_of(s), "ending a user's sessions",
	                  "DELETE FROM session WHERE user_id = $1", &p, NULL);
}

int pg_sessions_delete_expired(struct store *s, const char *now)
{
	struct pg_params p = {0};
	pg_param_text(&p, now, false);
	return pg_command(pg_of(s), "removing expired sessions",
	                  "DELETE FROM session WHERE expires_at COLLATE \"C\" <= $1::text", &p,
	                  NULL);
}

int pg_token_insert(struct store *s, const char *token_hash, int64_t user_id, const char *label,
                    const char *created_at, int64_t *id)
{
	struct pg_params p = {0};
	pg_param_text(&p, token_hash, false);
	pg_param_int64(&p, user_id);
	pg_param_text(&p, label ? label : "", false);
	pg_param_text(&p, created_at, false);
	int64_t new_id = 0;
	if (pg_value_int64(pg_of(s), "adding an API token",
	                   "INSERT INTO api_token (token_hash, user_id, label, created_at) "
	                   "VALUES ($1, $2, $3, $4) RETURNING id",
	                   &p, &new_id) < 0)
		return -1;
	if (id)
		*id = new_id;
	return 0;
}

int pg_token_get(struct store *s, const char *token_hash, struct store_credential *out)
{
	struct pg_params p = {0};
	pg_param_text(&p, token_hash, false);
	PGresult *r = pg_query(pg_of(s), "reading an API token",
	                       "SELECT id, user_id, revoked_at IS NOT NULL FROM api_token "
	                       "WHERE token_hash = $1",
	                       &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		*out = (struct store_credential){
		    .id = pg_bigint(r, 0, 0),
		    .user_id = pg_bigint(r, 0, 1),
		    .expires_at = NULL,
		    .csrf = NULL,
		    .revoked = pg_bigint(r, 0, 2) != 0,
		};
	PQclear(r);
	return found;
}

/* Revoking twice keeps the first time. */
int pg_token_revoke(struct store *s, int64_t id, const char *at)
{
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	pg_param_text(&p, at, false);
	int64_t changed = 0;
	if (pg_command(pg_of(s), "revoking an API token",
	               "UPDATE api_token SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1",
	               &p, &changed) < 0)
		return -1;
	return changed > 0;
}

int pg_tokens_revoke_user(struct store *s, int64_t user_id, const char *at)
{
	struct pg_params p = {0};
	pg_param_int64(&p, user_id);
	pg_param_text(&p, at, false);
	return pg_command(pg_of(s), "revoking a user's API tokens",
	                  "UPDATE api_token SET revoked_at = $2 "
	                  "WHERE user_id = $1 AND revoked_at IS NULL",
	                  &p, NULL);
}

static int pg_token_row(const PGresult *r, int i, void *ctx)
{
	struct pg_accounts_each *e = ctx;
	struct store_token_row t = {
	    .id = pg_bigint(r, i, 0),
	    .user = pg_text(r, i, 1),
	    .label = pg_text(r, i, 2),
	    .created_at = pg_text(r, i, 3),
	    .revoked_at = pg_text(r, i, 4),
	};
	return e->token(e->ctx, &t);
}

int pg_tokens_each(struct store *s, int (*each)(void *, const struct store_token_row *), void *ctx)
{
	struct pg_accounts_each e = {.token = each, .ctx = ctx};
	return pg_rows(pg_of(s), "listing API tokens",
	               "SELECT t.id, a.name, t.label, t.created_at, t.revoked_at "
	               "FROM api_token t JOIN account a ON a.id = t.user_id ORDER BY t.id",
	               NULL, pg_token_row, &e);
}

int pg_login_failure_add(struct store *s, const char *name, const char *client, const char *at)
{
	struct pg_params p = {0};
	pg_param_text(&p, name, false);
	pg_param_text(&p, client, false);
	pg_param_text(&p, at, false);
	return pg_command(pg_of(s), "recording a failed login",
	                  "INSERT INTO login_failure (name, client, at) VALUES ($1, $2, $3)", &p,
	                  NULL);
}

/* A NULL client matches no row, so it counts 0. */
int pg_login_failures_count(struct store *s, const char *name, const char *client,
                            const char *since, int64_t *by_name, int64_t *by_client)
{
	struct pg_params p = {0};
	pg_param_text(&p, name, false);
	pg_param_text(&p, client, false);
	pg_param_text(&p, since, false);
	PGresult *r = pg_query(pg_of(s), "counting failed logins",
	                       "SELECT (SELECT count(*) FROM login_failure WHERE name = $1::text "
	                       "AND at COLLATE \"C\" >= $3::text), "
	                       "(SELECT count(*) FROM login_failure WHERE client = $2::text "
	                       "AND at COLLATE \"C\" >= $3::text)",
	                       &p);
	if (!r)
		return -1;
	*by_name = pg_bigint(r, 0, 0);
	*by_client = pg_bigint(r, 0, 1);
	PQclear(r);
	return 0;
}

int pg_login_failures_clear(struct store *s, const char *name)
{
	struct pg_params p = {0};
	pg_param_text(&p, name, false);
	return pg_command(pg_of(s), "clearing failed logins",
	                  "DELETE FROM login_failure WHERE name = $1::text", &p, NULL);
}
