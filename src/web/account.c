/* account.c — the signed-in user's own password.
 *
 *   GET  /account   the form: current password, new password, the new one again
 *   POST /account   changes it (app_user_change with the old password); every session of the
 *                   account ends with it, so the user signs in again (/login?changed=1)
 */
#include <string.h>

#include "../http/escape.h"
#include "page.h"
#include "web.h"

static void account_render(struct http_exchange *x, const char *error, struct diag *d)
{
	const struct app_principal *who = page_user(x);
	page_begin(x, "Đổi mật khẩu", PAGE_NAV_ACCOUNT);
	struct buf *b = &x->rs->body;
	if (error)
		page_diag(b, error, d && d->count ? "account-errors" : NULL, d, NULL);
	escape_htmlf(b, "<p>Tài khoản <strong>%s</strong> — %s%s%s.</p>\n", who->name,
	             user_role_label_vi(who->role), who->unit[0] ? ", đơn vị " : "", who->unit);
	buf_puts(
	    b, "<form class=\"panel\" id=\"password-form\" method=\"post\" action=\"/account\">\n");
	page_csrf(b, x->csrf);
	buf_putc(b, '\n');
	/* a hidden user name lets password managers file the new password under the account */
	escape_htmlf(
	    b,
	    "<input type=\"text\" name=\"username\" value=\"%s\" autocomplete=\"username\" "
	    "class=\"sr-only\" tabindex=\"-1\" aria-hidden=\"true\" readonly>\n",
	    who->name);
	page_input(b, &(struct page_field){
	                  .name = "old_password",
	                  .label = "Mật khẩu hiện tại",
	                  .type = "password",
	                  .attrs = "required autocomplete=\"current-password\"",
	              });
	page_input(b, &(struct page_field){
	                  .name = "new_password",
	                  .label = "Mật khẩu mới",
	                  .type = "password",
	                  .hint = "Ít nhất 10 ký tự.",
	                  .attrs = "required minlength=\"10\" maxlength=\"256\" "
	                           "autocomplete=\"new-password\"",
	              });
	page_input(b, &(struct page_field){
	                  .name = "new_password2",
	                  .label = "Nhập lại mật khẩu mới",
	                  .type = "password",
	                  .attrs = "required minlength=\"10\" maxlength=\"256\" "
	                           "autocomplete=\"new-password\"",
	              });
	buf_puts(b,
	         "<div class=\"actions\"><button type=\"submit\">Đổi mật khẩu</button></div>\n"
	         "</form>\n<p class=\"muted\">Sau khi đổi, mọi phiên đăng nhập của tài khoản đều "
	         "kết thúc và bạn đăng nhập lại bằng mật khẩu mới.</p>\n");
	page_end(x);
}

/* GET /account: the password form. */
void web_account(struct http_exchange *x)
{
	if (!page_user(x)) {
		web_error(x, 401, "Vui lòng đăng nhập.");
		return;
	}
	x->rs->status = 200;
	account_render(x, NULL, NULL);
}

/* POST /account: old_password, new_password, new_password2. */
void web_account_post(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	const struct app_principal *who = page_user(x);
	if (!who) {
		web_error(x, 401, "Vui lòng đăng nhập.");
		goto out;
	}
	const char *old_pw = page_form(x, "old_password");
	const char *new_pw = page_form(x, "new_password");
	const char *again = page_form(x, "new_password2");
	if (!old_pw || !old_pw[0] || !new_pw || !new_pw[0]) {
		x->rs->status = 422;
		account_render(x, "Hãy nhập mật khẩu hiện tại và mật khẩu mới.", NULL);
		goto out;
	}
	if (!again || strcmp(new_pw, again) != 0) {
		x->rs->status = 422;
		account_render(x, "Mật khẩu mới nhập lại không khớp.", NULL);
		goto out;
	}
	struct user_change c = {.password = new_pw};
	enum app_status st = app_user_change(x->app, who->name, &c, old_pw, &d);
	switch (st) {
	case APP_OK:
		http_cookie_set(x->rs, x->rq->arena, "dx_session", "", 0, x->secure_cookies);
		http_redirect(x->rs, x->rq->arena, "/login?changed=1");
		x->rs->no_store = true;
		break;
	case APP_BAD_INPUT:
		x->rs->status = 422;
		account_render(x, "Chưa đổi được mật khẩu:", &d);
		break;
	case APP_UNAUTHORIZED:
	case APP_FORBIDDEN:
		x->rs->status = 422;
		account_render(x, "Mật khẩu hiện tại không đúng.", &d);
		break;
	case APP_THROTTLED:
		x->rs->status = 429;
		account_render(x, "Quá nhiều lần nhập sai. Vui lòng thử lại sau 15 phút.", &d);
		break;
	default:
		page_fail(x, st);
		break;
	}
out:
	diag_finish(&d);
}
