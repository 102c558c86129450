/* login.c — signing in and out.
 *
 *   GET  /login    the form; sets a fresh login CSRF cookie (dx_login_csrf) that the router
 *                  checks the form's csrf field against
 *   POST /login    name and password → a session cookie (dx_session), then back to ?next
 *   POST /logout   ends the session and deletes its cookie
 *
 * next is only ever a local path ("/tasks?year=2023"), never another site.
 */
#include <string.h>

#include "../http/escape.h"
#include "page.h"
#include "web.h"

#define LOGIN_CSRF_COOKIE "dx_login_csrf"
#define LOGIN_CSRF_SECONDS 600
#define LOGIN_SESSION_COOKIE "dx_session"

/* The form, with a new login CSRF token (cookie and hidden field), the name typed so far, and
 * an optional message. */
static void login_render(struct http_exchange *x, int status, const char *username,
                         const char *next, enum page_notice kind, const char *message)
{
	char token[APP_TOKEN_CHARS + 1];
	app_random_token(token);
	x->rs->status = status;
	x->rs->no_store = true;
	page_begin(x, "Đăng nhập", PAGE_NAV_NONE);
	http_cookie_set(x->rs, x->rq->arena, LOGIN_CSRF_COOKIE, token, LOGIN_CSRF_SECONDS,
	                x->secure_cookies);
	struct buf *b = &x->rs->body;
	if (message)
		page_notice(b, kind, message);
	buf_puts(b, "<form class=\"panel\" method=\"post\" action=\"/login\">\n");
	page_csrf(b, token);
	if (page_local_path(next))
		page_hidden(b, "next", next);
	buf_putc(b, '\n');
	page_input(b, &(struct page_field){
	                  .name = "username",
	                  .label = "Tên đăng nhập",
	                  .value = username,
	                  .attrs = "required autocomplete=\"username\" autocapitalize=\"none\" "
	                           "spellcheck=\"false\" maxlength=\"64\"",
	              });
	page_input(b, &(struct page_field){
	                  .name = "password",
	                  .label = "Mật khẩu",
	                  .type = "password",
	                  .attrs = "required autocomplete=\"current-password\"",
	              });
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Đăng nhập</button></div>\n"
	            "</form>\n"
	            "<p class=\"muted\">Quên mật khẩu? Liên hệ quản trị viên của cơ quan thường "
	            "trực để được cấp lại.</p>\n");
	page_end(x);
	explicit_bzero(token, sizeof token);
}

/* GET /login: the sign-in form (?next=/path to return to; ?changed=1 after a password change). */
void web_login_form(struct http_exchange *x)
{
	const char *next = page_query(x, "next");
	if (!page_local_path(next))
		next = NULL;
	if (page_user(x)) { /* already signed in */
		http_redirect(x->rs, x->rq->arena, next ? next : "/");
		x->rs->no_store = true;
		return;
	}
	const char *changed = page_query(x, "changed");
	if (changed && strcmp(changed, "1") == 0)
		login_render(x, 200, NULL, next, PAGE_NOTICE_OK,
		             "Đã đổi mật khẩu. Vui lòng đăng nhập lại bằng mật khẩu mới.");
	else
		login_render(x, 200, NULL, next, PAGE_NOTICE_INFO, NULL);
}

/* POST /login: username, password, next (csrf already checked against the cookie). */
void web_login(struct http_exchange *x)
{
	const char *name = page_form(x, "username");
	const char *password = page_form(x, "password");
	const char *next = page_form(x, "next");
	if (!page_local_path(next))
		next = NULL;
	struct app_session session;
	memset(&session, 0, sizeof session);
	enum app_status st =
	    app_login(x->app, name ? name : "", password ? password : "", x->rq->client, &session);
	switch (st) {
	case APP_OK:
		http_cookie_set(x->rs, x->rq->arena, LOGIN_SESSION_COOKIE, session.token,
		                APP_SESSION_SECONDS, x->secure_cookies);
		http_cookie_set(x->rs, x->rq->arena, LOGIN_CSRF_COOKIE, "", 0, x->secure_cookies);
		http_redirect(x->rs, x->rq->arena, next ? next : "/");
		x->rs->no_store = true;
		break;
	case APP_UNAUTHORIZED:
		login_render(x, 401, name, next, PAGE_NOTICE_ERROR,
		             "Tên đăng nhập hoặc mật khẩu không đúng.");
		break;
	case APP_THROTTLED:
		http_response_header(x->rs, x->rq->arena, "Retry-After", "900");
		login_render(x, 429, name, next, PAGE_NOTICE_ERROR,
		             "Quá nhiều lần đăng nhập sai. Vui lòng thử lại sau 15 phút.");
		break;
	default:
		page_fail(x, st);
		break;
	}
	explicit_bzero(&session, sizeof session);
}

/* POST /logout: ends this session (csrf checked by the router), back to the login form. */
void web_logout(struct http_exchange *x)
{
	if (x->token && x->token[0])
		app_logout(x->app, x->token);
	http_cookie_set(x->rs, x->rq->arena, LOGIN_SESSION_COOKIE, "", 0, x->secure_cookies);
	http_redirect(x->rs, x->rq->arena, "/login");
	x->rs->no_store = true;
}
