/* session.c — signing in and out through the API, and who the caller is. */
#include <string.h>

#include "api_impl.h"

#define API_SESSION_COOKIE "dx_session"

static json_t *api_user_json(const struct app_principal *who)
{
	return json_pack("{s:s,s:s,s:s?}", "name", who->name, "role", user_role_code(who->role),
	                 "unit", who->unit[0] ? who->unit : NULL);
}

/* POST /api/v1/session {"username","password"} → 201 {"token","csrf","expires_at","user"} and
 * the session cookie. A cookie-authenticated client sends the csrf value as X-CSRF-Token with
 * every write; a client that sends the token as "Authorization: Bearer" needs none. */
void api_session_post(struct http_exchange *x)
{
	struct app_session session = {0};
	json_t *body = api_body_object(x);
	if (!body)
		return;
	json_t *name = json_object_get(body, "username");
	json_t *password = json_object_get(body, "password");
	if (!json_is_string(name) || !json_is_string(password) || json_object_size(body) != 2) {
		api_error(x, 400, "bad_request",
		          "send exactly {\"username\": \"…\", \"password\": \"…\"}");
		goto out;
	}
	enum app_status s = app_login(x->app, json_string_value(name), json_string_value(password),
	                              x->rq->client, &session);
	if (s == APP_UNAUTHORIZED) {
		api_error(x, 401, "unauthorized", "wrong user name or password");
		goto out;
	}
	if (s == APP_THROTTLED) {
		http_response_header(x->rs, x->rq->arena, "Retry-After", "900");
		api_error(x, 429, "throttled", "too many failed logins: try again in 15 minutes");
		goto out;
	}
	if (s != APP_OK) {
		api_fail(x, s, NULL, NULL);
		goto out;
	}
	http_cookie_set(x->rs, x->rq->arena, API_SESSION_COOKIE, session.token, APP_SESSION_SECONDS,
	                x->secure_cookies);
	x->rs->no_store = true;
	api_send(x, 201,
	         json_pack("{s:s,s:s,s:s,s:o}", "token", session.token, "csrf", session.csrf,
	                   "expires_at", session.expires_at, "user", api_user_json(&x->app->who)));
out:
	json_decref(body);
}

/* DELETE /api/v1/session → 204: the session of the cookie or Bearer token ends. */
void api_session_delete(struct http_exchange *x)
{
	enum app_status s = app_logout(x->app, x->token);
	if (s != APP_OK) {
		api_fail(x, s, NULL, NULL);
		return;
	}
	http_cookie_set(x->rs, x->rq->arena, API_SESSION_COOKIE, "", 0, x->secure_cookies);
	x->rs->status = 204;
	x->rs->content_type = "application/json";
}

/* GET /api/v1/me → {"name","role","unit"} */
void api_me(struct http_exchange *x)
{
	api_send(x, 200, api_user_json(&x->app->who));
}
