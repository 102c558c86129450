/* auth.c — signing in and out, sessions, API tokens and the secrets behind them (app.h).
 *
 * Every secret comes from libsodium: 32 random bytes shown as 43 base64url characters (sessions,
 * CSRF tokens, API tokens) and random passwords from an alphabet without look-alikes. Secrets are
 * stored only as hashes: passwords as Argon2id PHC strings, tokens as BLAKE2b-256 in hex, so a
 * copy of the database signs nobody in. A failed login costs the same time whether or not the
 * name exists, and failures are counted per name and per client to throttle guessing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "app_impl.h"

#define AUTH_LABEL_MAX 200 /* characters of an API token's label */
#define AUTH_CLIENT_MAX 64 /* bytes of a client address as recorded */

/* ---- secrets ---- */

void app_random_token(char out[APP_TOKEN_CHARS + 1])
{
	unsigned char bin[32];
	randombytes_buf(bin, sizeof bin);
	sodium_bin2base64(out, APP_TOKEN_CHARS + 1, bin, sizeof bin,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bin, sizeof bin);
}

void app_password_generate(char out[APP_PASSWORD_CHARS + 1])
{
	/* no 0 O o 1 l I: a password read aloud or from paper is typed right */
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	                               "abcdefghijkmnpqrstuvwxyz"
	                               "23456789";
	for (int i = 0; i < APP_PASSWORD_CHARS; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[APP_PASSWORD_CHARS] = '\0';
}

void app_token_hash(const char *token, char out[APP_HASH_HEX + 1])
{
	unsigned char bin[32];
	crypto_generichash(bin, sizeof bin, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, APP_HASH_HEX + 1, bin, sizeof bin);
}

bool app_password_acceptable(const char *password, const char *object, struct diag *d)
{
	size_t n = strlen(password);
	if (!utf8_valid(password, n, NULL)) {
		diag_add(d, object, 0, "password", "the password is not valid UTF-8 text");
		return false;
	}
	if (n < USER_PASSWORD_MIN || n > USER_PASSWORD_MAX) {
		diag_add(d, object, 0, "password", "a password must be %d to %d bytes long",
		         USER_PASSWORD_MIN, USER_PASSWORD_MAX);
		return false;
	}
	return true;
}

char *app_password_hash(const char *password)
{
	char out[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_alg(
	        out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return NULL;
	return mem_strdup(out);
}

/* The hash an unknown name is checked against: made once per process, of a random password,
 * with the same parameters as real ones, so that it takes as long. */
static char auth_dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t auth_dummy_once = PTHREAD_ONCE_INIT;

static void auth_dummy_make(void)
{
	char password[APP_TOKEN_CHARS + 1];
	app_random_token(password);
	if (crypto_pwhash_str_alg(
	        auth_dummy_hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		auth_dummy_hash[0] = '\0';
	sodium_memzero(password, sizeof password);
}

bool app_password_verify(const char *pw_hash, const char *password)
{
	if (!pw_hash) {
		pthread_once(&auth_dummy_once, auth_dummy_make);
		/* the result does not matter, only the time it takes */
		volatile int ignored =
		    auth_dummy_hash[0]
		        ? crypto_pwhash_str_verify(auth_dummy_hash, password, strlen(password))
		        : -1;
		(void)ignored;
		return false;
	}
	return crypto_pwhash_str_verify(pw_hash, password, strlen(password)) == 0;
}

/* ---- signing in ---- */

/* True when s may be recorded as typed: 1..max bytes of UTF-8 without control characters. */
static bool auth_printable(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max || !utf8_valid(s, n, NULL))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* Records a refused login (failure row and audit row, committed) and answers APP_UNAUTHORIZED. */
static enum app_status auth_refuse(struct app *a, const char *name, const char *client)
{
	char object[32 + USER_NAME_MAX];
	snprintf(object, sizeof object, "user %s", name);
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	json_t *detail = json_pack("{s:s?}", "client", client);
	int rc = store_login_failure_add(a->store, name, client, a->now);
	if (app_commit(a, rc, "session.refused", object, detail) != APP_OK)
		return APP_FAILED;
	return APP_UNAUTHORIZED;
}

/* Acts as user u from now on: history and audit rows carry its name. */
static void auth_become_principal(struct app *a, const struct app_principal *p)
{
	a->who = *p;
	free(a->actor);
	a->actor = mem_strdup(p->name);
}

static void auth_principal_of(const struct user *u, struct app_principal *p)
{
	memset(p, 0, sizeof *p);
	p->kind = APP_USER;
	p->user_id = u->id;
	p->role = u->role;
	snprintf(p->unit, sizeof p->unit, "%s", u->unit ? u->unit : "");
	snprintf(p->name, sizeof p->name, "%s", u->name);
}

static void auth_become(struct app *a, const struct user *u)
{
	struct app_principal p;
	auth_principal_of(u, &p);
	auth_become_principal(a, &p);
}

enum app_status app_login(struct app *a, const char *name, const char *password, const char *client,
                          struct app_session *out)
{
	struct user u = {0};
	enum app_status status = APP_FAILED;
	char since[32], expires[32], hash[APP_HASH_HEX + 1];
	char token[APP_TOKEN_CHARS + 1], csrf[APP_TOKEN_CHARS + 1];
	char object[32 + USER_NAME_MAX];
	int64_t by_name = 0, by_client = 0;
	memset(out, 0, sizeof *out);
	name = name ? name : "";
	password = password ? password : "";
	/* what is recorded: the name as typed when it can be shown, the client likewise */
	const char *key = auth_printable(name, USER_NAME_MAX) ? name : "(invalid name)";
	if (client && !auth_printable(client, AUTH_CLIENT_MAX))
		client = "(invalid address)";

	app_time_shift(a, -APP_LOGIN_WINDOW_SECONDS, since);
	if (store_login_failures_count(a->store, key, client, since, &by_name, &by_client) < 0)
		goto out;
	if (by_name >= APP_LOGIN_MAX_FAILURES || by_client >= APP_LOGIN_MAX_FAILURES_CLIENT) {
		status = APP_THROTTLED; /* the password is not even looked at */
		goto out;
	}
	int found = user_name_valid(name) ? store_user_get(a->store, name, &u) : 0;
	if (found < 0)
		goto out;
	/* one Argon2id verification whatever happens, so timing tells nothing about the name */
	bool shaped = strlen(password) <= USER_PASSWORD_MAX;
	bool good = app_password_verify(found ? u.pw_hash : NULL, shaped ? password : "");
	if (!found || u.disabled || !good || !shaped) {
		status = auth_refuse(a, key, client);
		goto out;
	}

	app_random_token(token);
	app_random_token(csrf);
	app_token_hash(token, hash);
	app_time_shift(a, APP_SESSION_SECONDS, expires);
	snprintf(object, sizeof object, "user %s", u.name);
	if (store_begin(a->store) < 0)
		goto out;
	char *actor = a->actor;
	a->actor = u.name; /* the session's own audit row is its user's */
	json_t *detail = json_pack("{s:s?,s:s}", "client", client, "expires_at", expires);
	int rc = store_login_failures_clear(a->store, u.name);
	if (rc == 0)
		rc = store_sessions_delete_expired(a->store, a->now);
	if (rc == 0)
		rc = store_session_insert(a->store, hash, u.id, csrf, a->now, expires);
	status = app_commit(a, rc, "session.login", object, detail);
	a->actor = actor;
	if (status != APP_OK)
		goto out;
	memcpy(out->token, token, sizeof out->token);
	memcpy(out->csrf, csrf, sizeof out->csrf);
	snprintf(out->expires_at, sizeof out->expires_at, "%s", expires);
	auth_become(a, &u);
	status = APP_OK;
out:
	sodium_memzero(token, sizeof token);
	user_clear(&u);
	return status;
}

/* What app_authenticate keeps of a credential it found valid (app_keep_credentials), as the
 * bytes of a cache entry keyed by the secret's hash. */
struct auth_kept {
	struct app_principal who;
	char csrf[APP_TOKEN_CHARS + 1]; /* "" for an API token */
	char expires_at[32];            /* "" for an API token */
};

/* The kept credential of hash at generation gen, if any and not expired. */
static bool auth_kept_get(struct app *a, const char *key, int64_t gen, struct auth_kept *k)
{
	struct buf b;
	buf_init(&b, sizeof *k);
	bool hit = cache_get(a->credentials, key, gen, &b) && b.len == sizeof *k;
	if (hit)
		memcpy(k, b.data, sizeof *k);
	sodium_memzero(b.data, b.len);
	buf_finish(&b);
	return hit && (!k->expires_at[0] || strcmp(k->expires_at, a->now) > 0);
}

static enum app_status auth_kept_use(struct app *a, const struct auth_kept *k,
                                     struct app_session *out)
{
	auth_become_principal(a, &k->who);
	if (out) {
		snprintf(out->csrf, sizeof out->csrf, "%s", k->csrf);
		snprintf(out->expires_at, sizeof out->expires_at, "%s", k->expires_at);
	}
	return APP_OK;
}

enum app_status app_authenticate(struct app *a, const char *token, struct app_session *out)
{
	char hash[APP_HASH_HEX + 1], key[8 + APP_HASH_HEX];
	char csrf[APP_TOKEN_CHARS + 1] = "", expires[32] = "";
	struct store_credential c;
	struct user u = {0};
	struct auth_kept kept;
	int64_t gen = -1;
	enum app_status status = APP_UNAUTHORIZED;
	if (out)
		memset(out, 0, sizeof *out);
	if (!token || strlen(token) != APP_TOKEN_CHARS)
		return APP_UNAUTHORIZED;
	app_token_hash(token, hash);
	/* the generation first: what is found below is at least as new */
	snprintf(key, sizeof key, "cred %s", hash);
	if (a->credentials && store_generation(a->store, &gen) < 0)
		gen = -1;
	if (gen >= 0 && auth_kept_get(a, key, gen, &kept))
		return auth_kept_use(a, &kept, out);
	int rc = store_session_get(a->store, hash, &c);
	if (rc < 0)
		return APP_FAILED;
	if (rc == 1 && strcmp(c.expires_at, a->now) > 0) {
		/* copied now: the store's strings last until its next call */
		snprintf(csrf, sizeof csrf, "%s", c.csrf);
		snprintf(expires, sizeof expires, "%s", c.expires_at);
	} else {
		rc = store_token_get(a->store, hash, &c);
		if (rc < 0)
			return APP_FAILED;
		if (rc == 0 || c.revoked)
			return APP_UNAUTHORIZED;
	}
	rc = store_user_get_by_id(a->store, c.user_id, &u);
	if (rc < 0)
		status = APP_FAILED;
	else if (rc == 1 && !u.disabled)
		status = APP_OK;
	if (status == APP_OK) {
		memset(&kept, 0, sizeof kept);
		auth_principal_of(&u, &kept.who);
		snprintf(kept.csrf, sizeof kept.csrf, "%s", csrf);
		snprintf(kept.expires_at, sizeof kept.expires_at, "%s", expires);
		auth_kept_use(a, &kept, out);
		if (gen >= 0)
			cache_put(a->credentials, key, gen, (const char *)&kept, sizeof kept);
	}
	sodium_memzero(&kept, sizeof kept);
	user_clear(&u);
	return status;
}

enum app_status app_logout(struct app *a, const char *token)
{
	char hash[APP_HASH_HEX + 1], object[32 + USER_NAME_MAX];
	struct store_credential c;
	struct user u = {0};
	enum app_status status = APP_FAILED;
	if (!token || strlen(token) != APP_TOKEN_CHARS)
		return APP_UNAUTHORIZED;
	app_token_hash(token, hash);
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	int rc = store_session_get(a->store, hash, &c);
	if (rc == 1)
		rc = store_user_get_by_id(a->store, c.user_id, &u);
	if (rc < 0) {
		status = app_fail(a);
		goto out;
	}
	if (rc == 0) {
		store_rollback(a->store);
		status = APP_UNAUTHORIZED;
		goto out;
	}
	snprintf(object, sizeof object, "user %s", u.name);
	char *actor = a->actor;
	a->actor = u.name; /* the user who leaves, whether or not this session was authenticated */
	rc = store_session_delete(a->store, hash);
	status = app_commit(a, rc, "session.logout", object, NULL);
	a->actor = actor;
out:
	user_clear(&u);
	return status;
}

/* ---- API tokens ---- */

enum app_status app_token_add(struct app *a, const char *user, const char *label,
                              char token[APP_TOKEN_CHARS + 1], int64_t *id, struct diag *d)
{
	struct user u = {0};
	char *text = NULL;
	char secret[APP_TOKEN_CHARS + 1], hash[APP_HASH_HEX + 1], object[64];
	int64_t new_id = 0;
	token[0] = '\0';
	enum app_status status = app_require_admin(a, d, "create API tokens");
	if (status != APP_OK)
		return status;
	status = APP_BAD_INPUT;
	label = label ? label : "";
	if (!utf8_valid(label, strlen(label), NULL)) {
		diag_add(d, NULL, 0, "label", "the label is not valid UTF-8 text");
		goto out;
	}
	text = utf8_nfc(label, strlen(label));
	if (utf8_length(text, strlen(text)) > AUTH_LABEL_MAX) {
		diag_add(d, NULL, 0, "label", "the label is longer than %d characters",
		         AUTH_LABEL_MAX);
		goto out;
	}
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	int found = user_name_valid(user) ? store_user_get(a->store, user, &u) : 0;
	if (found < 0) {
		status = app_fail(a);
		goto out;
	}
	if (found == 0 || u.disabled) {
		store_rollback(a->store);
		if (found == 0) {
			diag_add(d, NULL, 0, NULL, "no user %s", user);
			status = APP_NOT_FOUND;
		} else {
			diag_add(d, NULL, 0, NULL, "user %s is disabled: enable it first", user);
		}
		goto out;
	}
	app_random_token(secret);
	app_token_hash(secret, hash);
	int rc = store_token_insert(a->store, hash, u.id, text, a->now, &new_id);
	snprintf(object, sizeof object, "token %lld", (long long)new_id);
	status = app_commit(
	    a, rc, "token.add", object,
	    json_pack("{s:I,s:s,s:s}", "id", (json_int_t)new_id, "user", u.name, "label", text));
	if (status != APP_OK)
		goto out;
	memcpy(token, secret, sizeof secret);
	if (id)
		*id = new_id;
	status = APP_OK;
out:
	sodium_memzero(secret, sizeof secret);
	free(text);
	user_clear(&u);
	return status;
}

enum app_status app_token_revoke(struct app *a, int64_t id, struct diag *d)
{
	char object[64];
	enum app_status status = app_require_admin(a, d, "revoke API tokens");
	if (status != APP_OK)
		return status;
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	int rc = store_token_revoke(a->store, id, a->now);
	if (rc < 0)
		return app_fail(a);
	if (rc == 0) {
		store_rollback(a->store);
		diag_add(d, NULL, 0, NULL, "no API token %lld", (long long)id);
		return APP_NOT_FOUND;
	}
	snprintf(object, sizeof object, "token %lld", (long long)id);
	return app_commit(a, 0, "token.revoke", object, json_pack("{s:I}", "id", (json_int_t)id));
}

struct auth_tokens_ctx {
	int (*each)(void *ctx, const struct api_token *t);
	void *ctx;
};

static int auth_token_row(void *ctx, const struct store_token_row *row)
{
	struct auth_tokens_ctx *c = ctx;
	struct api_token t = {
	    .id = row->id,
	    .user = row->user,
	    .label = row->label,
	    .created_at = row->created_at,
	    .revoked_at = row->revoked_at,
	};
	return c->each(c->ctx, &t);
}

enum app_status app_tokens_each(struct app *a, int (*each)(void *ctx, const struct api_token *t),
                                void *ctx)
{
	enum app_status status = app_require_admin(a, NULL, "list API tokens");
	if (status != APP_OK)
		return status;
	struct auth_tokens_ctx c = {each, ctx};
	return store_tokens_each(a->store, auth_token_row, &c) < 0 ? APP_FAILED : APP_OK;
}
