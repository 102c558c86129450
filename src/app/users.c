/* users.c — accounts: adding, changing, disabling and listing users (app.h).
 *
 * Only an administrator (or the system, i.e. the CLI) manages accounts; any other user may change
 * only its own password, and must give the old one. A password is hashed (Argon2id, auth.c)
 * before the transaction starts, so the write lock is not held for the hash's 64 MiB of work.
 * The last enabled administrator can be neither disabled nor demoted: someone must be able to
 * sign in and manage the others. Audit rows name what changed, never a password or its hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../lib/mem.h"
#include "app_impl.h"

/* The message for a name that breaks user_name_valid. */
static void users_bad_name(struct diag *d, const char *name)
{
	(void)name; /* not echoed: it may be anything, of any length */
	diag_add(d, NULL, 0, "name",
	         "a user name is 2 to %d lower-case letters (a-z), digits, '.', '_' or '-', "
	         "starting with a letter",
	         USER_NAME_MAX);
}

/* Checks that a unit exists; 1 yes, 0 no (reported under object), -1 store failure. */
static int users_unit_known(struct app *a, const char *object, const char *unit, struct diag *d)
{
	struct unit u = {0};
	int rc = store_unit_get(a->store, unit, &u);
	unit_clear(&u);
	if (rc == 0)
		diag_add(d, object, 0, "unit",
		         "unknown unit \"%s\": import it with `dxtrack import units` first", unit);
	return rc;
}

static json_t *users_json_unit(const char *unit)
{
	return unit && unit[0] ? json_string(unit) : json_null();
}

enum app_status app_user_add(struct app *a, const char *name, enum user_role role, const char *unit,
                             const char *password, struct diag *d)
{
	struct user u = {0};
	char object[32 + USER_NAME_MAX];
	enum app_status status = app_require_admin(a, d, "add users");
	if (status != APP_OK)
		return status;
	status = APP_BAD_INPUT;
	size_t problems = diag_total(d);
	bool named = user_name_valid(name);
	/* messages name the account, once its name can be shown */
	snprintf(object, sizeof object, "user %s", named ? name : "");
	const char *where = named ? object : NULL;
	if (!named)
		users_bad_name(d, name);
	if ((unsigned)role >= ROLE_COUNT)
		diag_add(d, where, 0, "role", "unknown role: use admin, viewer, editor or finance");
	if (unit && !unit[0])
		unit = NULL;
	if (role == ROLE_EDITOR && !unit)
		diag_add(d, where, 0, "unit",
		         "an editor belongs to a unit: give the unit whose tasks it updates");
	if (unit && users_unit_known(a, where, unit, d) < 0)
		return APP_FAILED;
	app_password_acceptable(password, where, d);
	if (diag_total(d) > problems)
		return APP_BAD_INPUT;

	u.pw_hash = app_password_hash(password);
	if (!u.pw_hash) {
		diag_add(d, object, 0, "password",
		         "the password could not be hashed (out of memory)");
		status = APP_FAILED;
		goto out;
	}
	u.name = mem_strdup(name);
	u.role = role;
	u.unit = mem_strdup(unit);
	u.created_at = mem_strdup(a->now);
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	struct user old = {0};
	int found = store_user_get(a->store, name, &old);
	user_clear(&old);
	if (found < 0) {
		status = app_fail(a);
		goto out;
	}
	if (found == 1) {
		store_rollback(a->store);
		diag_add(d, object, 0, "name", "a user %s exists already", name);
		goto out;
	}
	json_t *detail =
	    json_pack("{s:s,s:o}", "role", user_role_code(role), "unit", users_json_unit(unit));
	status = app_commit(a, store_user_insert(a->store, &u), "user.add", object, detail);
out:
	user_clear(&u);
	return status;
}

struct users_admins {
	int64_t except_id;
	int64_t count; /* enabled administrators other than except_id */
};

static int users_count_admin(void *ctx, const struct user *u)
{
	struct users_admins *c = ctx;
	c->count += u->role == ROLE_ADMIN && !u->disabled && u->id != c->except_id;
	return 0;
}

static json_t *users_state_json(const struct user *u)
{
	return json_pack("{s:s,s:o,s:b}", "role", user_role_code(u->role), "unit",
	                 users_json_unit(u->unit), "disabled", u->disabled);
}

/* Who may make change c to user target: APP_OK, or the refusal (reported). A non-administrator
 * may only set its own password, proving it knows the old one. */
static enum app_status users_may_change(struct app *a, const struct user *target,
                                        const struct user_change *c, const char *old_password,
                                        struct diag *d)
{
	bool admin = user_may_admin(a->who.role);
	bool self = a->who.kind == APP_USER && a->who.user_id == target->id;
	bool only_password = !c->has_role && !c->unit && !c->has_disabled && c->password;
	if (!admin && !self) {
		diag_add(d, NULL, 0, NULL,
		         "only an administrator may change another user; %s is %s", a->who.name,
		         app_role_phrase(a->who.role));
		return APP_FORBIDDEN;
	}
	if (!admin && !only_password) {
		diag_add(d, NULL, 0, NULL,
		         "only an administrator may change a role, a unit or whether an account is "
		         "enabled; %s is %s",
		         a->who.name, app_role_phrase(a->who.role));
		return APP_FORBIDDEN;
	}
	/* the old password is required of a non-administrator, and checked whenever given */
	if ((!admin && !old_password) ||
	    (old_password && !app_password_verify(target->pw_hash, old_password))) {
		diag_add(d, NULL, 0, "old_password", "the current password is not right");
		return APP_UNAUTHORIZED;
	}
	return APP_OK;
}

enum app_status app_user_change(struct app *a, const char *name, const struct user_change *c,
                                const char *old_password, struct diag *d)
{
	struct user u = {0}, now = {0};
	char *new_hash = NULL;
	char object[32 + USER_NAME_MAX];
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	/* only a valid name is looked up, so only a valid name is ever shown */
	snprintf(object, sizeof object, "user %s", user_name_valid(name) ? name : "?");
	int found = user_name_valid(name) ? store_user_get(a->store, name, &u) : 0;
	if (found <= 0) {
		if (found == 0)
			diag_add(d, NULL, 0, NULL, "no user %s", name);
		status = found < 0 ? APP_FAILED : APP_NOT_FOUND;
		goto out;
	}
	status = users_may_change(a, &u, c, old_password, d);
	if (status != APP_OK)
		goto out;
	status = APP_BAD_INPUT;
	if (!c->has_role && !c->unit && !c->has_disabled && !c->password) {
		diag_add(d, object, 0, NULL, "nothing to change");
		goto out;
	}
	size_t problems = diag_total(d);
	if (c->has_role && (unsigned)c->role >= ROLE_COUNT)
		diag_add(d, object, 0, "role",
		         "unknown role: use admin, viewer, editor or finance");
	if (c->unit && c->unit[0] && users_unit_known(a, object, c->unit, d) < 0) {
		status = APP_FAILED;
		goto out;
	}
	if (c->password && !app_password_acceptable(c->password, object, d))
		goto out;
	if (diag_total(d) > problems)
		goto out;
	if (c->password) {
		new_hash = app_password_hash(c->password);
		if (!new_hash) {
			diag_add(d, object, 0, "password",
			         "the password could not be hashed (out of memory)");
			status = APP_FAILED;
			goto out;
		}
	}

	/* the account as it is inside the transaction: it may have changed since the check */
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	found = store_user_get(a->store, name, &now);
	if (found <= 0) {
		status = found < 0 ? app_fail(a) : APP_NOT_FOUND;
		if (found == 0) {
			store_rollback(a->store);
			diag_add(d, NULL, 0, NULL, "no user %s", name);
		}
		goto out;
	}
	json_t *old_state = users_state_json(&now);
	bool was_admin = now.role == ROLE_ADMIN && !now.disabled;
	bool was_disabled = now.disabled;
	if (c->has_role)
		now.role = c->role;
	if (c->unit) {
		free(now.unit);
		now.unit = c->unit[0] ? mem_strdup(c->unit) : NULL;
	}
	if (c->has_disabled)
		now.disabled = c->disabled;
	if (new_hash) {
		free(now.pw_hash);
		now.pw_hash = new_hash;
		new_hash = NULL;
	}
	if (now.role == ROLE_EDITOR && !now.unit)
		diag_add(d, object, 0, "unit",
		         "an editor belongs to a unit: give the unit whose tasks it updates");
	struct users_admins admins = {.except_id = now.id};
	int rc = 0;
	if (was_admin && !(now.role == ROLE_ADMIN && !now.disabled)) {
		rc = store_users_each(a->store, users_count_admin, &admins);
		if (rc == 0 && admins.count == 0)
			diag_add(
			    d, object, 0, NULL,
			    "the last enabled administrator cannot be disabled or lose the role: "
			    "add or enable another administrator first");
	}
	if (rc == 0 && diag_total(d) > problems) {
		json_decref(old_state);
		store_rollback(a->store);
		goto out;
	}
	json_t *detail = json_pack("{s:o,s:o}", "old", old_state, "new", users_state_json(&now));
	if (c->password)
		json_object_set_new(detail, "password", json_string("changed"));
	if (rc == 0)
		rc = store_user_update(a->store, &now);
	/* a disabled account signs nobody in; a new password ends the sessions of the old one */
	if (rc == 0 && (c->password || (now.disabled && !was_disabled)))
		rc = store_sessions_delete_user(a->store, now.id);
	if (rc == 0 && now.disabled && !was_disabled)
		rc = store_tokens_revoke_user(a->store, now.id, a->now);
	status = app_commit(a, rc, "user.change", object, detail);
out:
	if (new_hash) {
		sodium_memzero(new_hash, strlen(new_hash));
		free(new_hash);
	}
	user_clear(&u);
	user_clear(&now);
	return status;
}

enum app_status app_user_get(struct app *a, const char *name, struct user *out)
{
	enum app_status status = app_require_user(a, NULL);
	if (status != APP_OK)
		return status;
	memset(out, 0, sizeof *out);
	int rc = user_name_valid(name) ? store_user_get(a->store, name, out) : 0;
	if (rc == 1 && out->pw_hash) {
		sodium_memzero(out->pw_hash, strlen(out->pw_hash));
		free(out->pw_hash);
		out->pw_hash = NULL;
	}
	return rc < 0 ? APP_FAILED : rc == 0 ? APP_NOT_FOUND : APP_OK;
}

enum app_status app_users_each(struct app *a, int (*each)(void *ctx, const struct user *u),
                               void *ctx)
{
	enum app_status status = app_require_user(a, NULL);
	if (status != APP_OK)
		return status;
	return store_users_each(a->store, each, ctx) < 0 ? APP_FAILED : APP_OK;
}
