/* users.c — the accounts, for administrators.
 *
 *   GET  /users    the table of accounts with a small form per account, and the create form
 *                  (?done=update|disable|enable|create&name=N: the notice after a change)
 *   POST /users    action=create|update|reset|disable|enable, name, and per action: role,
 *                  unit, password (create; empty: a generated one)
 *
 * The router allows these routes to admins only; the handlers check again. A generated or reset
 * password is shown once, in the response to the POST itself (never in a URL); other changes
 * redirect back to GET /users so that reloading the page does not repeat them.
 */
#include <stdio.h>
#include <string.h>

#include "../http/escape.h"
#include "page.h"
#include "web.h"

/* The create form's values after a refused attempt (never the password). */
struct users_create {
	const char *name;
	const char *role;
	const char *unit;
};

struct users_rows {
	struct buf *b;
	const char *csrf;
	size_t n;
};

static void users_role_select(struct buf *b, const char *id, const char *label_html,
                              const char *selected)
{
	escape_htmlf(b, "<div class=\"field\"><label for=\"%s\">", id);
	buf_puts(b, label_html); /* trusted markup, built by the caller with escaping */
	escape_htmlf(b, "</label><select id=\"%s\" name=\"role\">\n", id);
	for (int r = 0; r < ROLE_COUNT; r++)
		page_option(b, user_role_code((enum user_role)r),
		            user_role_label_vi((enum user_role)r),
		            selected && strcmp(selected, user_role_code((enum user_role)r)) == 0);
	buf_puts(b, "</select></div>\n");
}

/* One small POST form of a row: action, name, csrf, then the caller's fields and button. */
static void users_form_open(struct buf *b, const char *csrf, const char *action, const char *name)
{
	buf_puts(b, "<form class=\"inline-form\" method=\"post\" action=\"/users\">");
	page_csrf(b, csrf);
	page_hidden(b, "action", action);
	page_hidden(b, "name", name);
}

static int users_row(void *ctx, const struct user *u)
{
	struct users_rows *r = ctx;
	struct buf *b = r->b;
	struct buf label;
	buf_init(&label, 0);
	r->n++;
	escape_htmlf(b,
	             "<tr id=\"user-%s\"><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td>"
	             "<td class=\"code\">",
	             u->name, u->name, user_role_label_vi(u->role), u->unit ? u->unit : "—",
	             u->disabled ? "Đã khoá" : "Đang hoạt động");
	page_utc(b, u->created_at);
	buf_puts(b, "</td>\n<td>\n");

	/* role and unit */
	users_form_open(b, r->csrf, "update", u->name);
	char id[USER_NAME_MAX + 16];
	snprintf(id, sizeof id, "role-%s", u->name);
	escape_htmlf(&label, "Vai trò<span class=\"sr-only\"> của %s</span>", u->name);
	users_role_select(b, id, buf_cstr(&label), user_role_code(u->role));
	snprintf(id, sizeof id, "unit-%s", u->name);
	escape_htmlf(b,
	             "<div class=\"field\"><label for=\"%s\">Đơn vị<span class=\"sr-only\"> của "
	             "%s</span></label><input type=\"text\" id=\"%s\" name=\"unit\" value=\"%s\" "
	             "list=\"unit-list\" autocomplete=\"off\"></div>",
	             id, u->name, id, u->unit ? u->unit : "");
	escape_htmlf(b,
	             "<button type=\"submit\" class=\"button-secondary\">Lưu<span "
	             "class=\"sr-only\"> vai trò và đơn vị của %s</span></button></form>\n",
	             u->name);

	/* password reset, disable / enable: side by side */
	buf_puts(b, "<div class=\"row-actions\">\n");
	users_form_open(b, r->csrf, "reset", u->name);
	escape_htmlf(b,
	             "<button type=\"submit\" class=\"button-secondary\">Đặt lại mật khẩu<span "
	             "class=\"sr-only\"> của %s</span></button></form>\n",
	             u->name);

	users_form_open(b, r->csrf, u->disabled ? "enable" : "disable", u->name);
	if (u->disabled)
		escape_htmlf(b,
		             "<button type=\"submit\" class=\"button-secondary\">Mở khoá<span "
		             "class=\"sr-only\"> tài khoản %s</span></button></form>\n",
		             u->name);
	else
		escape_htmlf(b,
		             "<button type=\"submit\" class=\"button-danger\">Khoá<span "
		             "class=\"sr-only\"> tài khoản %s</span></button></form>\n",
		             u->name);
	buf_puts(b, "</div>\n</td></tr>\n");
	buf_finish(&label);
	return 0;
}

static int users_unit_option(void *ctx, const struct unit *u)
{
	escape_htmlf(ctx, "<option value=\"%s\">%s</option>\n", u->code, u->name);
	return 0;
}

static void users_create_form(struct http_exchange *x, const struct users_create *c)
{
	struct buf *b = &x->rs->body;
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-create\">\n"
	            "<h2 id=\"h-create\">Tạo tài khoản</h2>\n"
	            "<form id=\"create-form\" method=\"post\" action=\"/users\">\n");
	page_csrf(b, x->csrf);
	page_hidden(b, "action", "create");
	buf_putc(b, '\n');
	page_input(b, &(struct page_field){
	                  .id = "new-name",
	                  .name = "name",
	                  .label = "Tên đăng nhập",
	                  .value = c ? c->name : NULL,
	                  .hint = "2–64 ký tự: chữ thường không dấu, chữ số, dấu . _ -; bắt đầu "
	                          "bằng một chữ cái.",
	                  .attrs = "required autocomplete=\"off\" autocapitalize=\"none\" "
	                           "spellcheck=\"false\" maxlength=\"64\"",
	              });
	users_role_select(b, "new-role", "Vai trò", c && c->role ? c->role : "viewer");
	page_input(b, &(struct page_field){
	                  .id = "new-unit",
	                  .name = "unit",
	                  .label = "Đơn vị",
	                  .value = c ? c->unit : NULL,
	                  .hint = "Mã đơn vị; bắt buộc với vai trò Cập nhật (chủ đầu tư).",
	                  .attrs = "list=\"unit-list\" autocomplete=\"off\"",
	              });
	page_input(b, &(struct page_field){
	                  .id = "new-password",
	                  .name = "password",
	                  .label = "Mật khẩu",
	                  .type = "password",
	                  .hint = "Ít nhất 10 ký tự. Để trống để hệ thống tạo một mật khẩu ngẫu "
	                          "nhiên và hiển thị một lần.",
	                  .attrs = "autocomplete=\"new-password\"",
	              });
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Tạo tài khoản</button></div>\n"
	            "</form>\n</section>\n");
}

/* The whole page; the caller has set the status and writes its notices through notice(). */
static void users_render(struct http_exchange *x, const struct users_create *c,
                         void (*notice)(struct buf *b, const void *ctx), const void *ctx)
{
	struct buf rows, units;
	buf_init(&rows, 0);
	buf_init(&units, 0);
	struct users_rows r = {&rows, x->csrf, 0};
	enum app_status st = app_users_each(x->app, users_row, &r);
	if (st == APP_OK)
		st = app_units_each(x->app, users_unit_option, &units);
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	page_begin(x, "Tài khoản", PAGE_NAV_USERS);
	struct buf *b = &x->rs->body;
	if (notice)
		notice(b, ctx);
	static const struct page_col cols[] = {
	    {"Tên đăng nhập", false}, {"Vai trò", false},       {"Đơn vị", false},
	    {"Trạng thái", false},    {"Tạo lúc (UTC)", false}, {"Thao tác", false},
	};
	char caption[64];
	snprintf(caption, sizeof caption, "Tài khoản (%zu)", r.n);
	page_table_begin(b, "users", caption, cols, 6);
	buf_append(b, rows.data, rows.len);
	page_table_end(b);
	users_create_form(x, c);
	buf_puts(b, "<datalist id=\"unit-list\">\n");
	buf_append(b, units.data, units.len);
	buf_puts(b, "</datalist>\n");
	page_end(x);
out:
	buf_finish(&rows);
	buf_finish(&units);
}

/* ---- notices ------------------------------------------------------------------------------- */

struct users_secret {
	const char *name;
	const char *password;
	bool created;
};

static void users_notice_secret(struct buf *b, const void *ctx)
{
	const struct users_secret *s = ctx;
	escape_htmlf(
	    b,
	    "<div class=\"notice notice-ok\" role=\"status\" id=\"password-notice\">"
	    "<p>%s <strong>%s</strong>: <code class=\"secret\" id=\"new-password-value\">%s"
	    "</code></p>\n",
	    s->created ? "Đã tạo tài khoản; mật khẩu của" : "Mật khẩu mới của", s->name,
	    s->password);
	buf_puts(b, "<p>Mật khẩu chỉ hiển thị một lần này. Hãy chuyển cho người dùng qua một kênh "
	            "an toàn; người dùng nên đổi mật khẩu sau khi đăng nhập.</p></div>\n");
}

struct users_done {
	const char *action;
	const char *name;
};

static void users_notice_done(struct buf *b, const void *ctx)
{
	const struct users_done *d = ctx;
	static const struct {
		const char *action, *text;
	} texts[] = {
	    {"create", "Đã tạo tài khoản %s."},
	    {"update", "Đã lưu vai trò và đơn vị của tài khoản %s."},
	    {"disable", "Đã khoá tài khoản %s; các phiên đăng nhập và khoá API của tài khoản đã bị "
	                "thu hồi."},
	    {"enable", "Đã mở khoá tài khoản %s."},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		if (strcmp(texts[i].action, d->action) != 0)
			continue;
		buf_puts(b, "<div class=\"notice notice-ok\" role=\"status\"><p>");
		escape_htmlf(b, texts[i].text, d->name);
		buf_puts(b, "</p></div>\n");
	}
}

struct users_problem {
	const char *message;
	struct diag *diag;
};

static void users_notice_problem(struct buf *b, const void *ctx)
{
	const struct users_problem *p = ctx;
	page_diag(b, p->message, "user-errors", p->diag, NULL);
}

/* ---- handlers ------------------------------------------------------------------------------ */

static bool users_admin(struct http_exchange *x)
{
	const struct app_principal *who = page_user(x);
	if (who && user_may_admin(who->role))
		return true;
	web_error(x, 403, "Chỉ quản trị viên được quản lý tài khoản.");
	return false;
}

/* GET /users: every account, its forms, and the create form. */
void web_users(struct http_exchange *x)
{
	if (!users_admin(x))
		return;
	struct users_done done = {page_query(x, "done"), page_query(x, "name")};
	bool show = done.action && done.name && user_name_valid(done.name);
	x->rs->status = 200;
	users_render(x, NULL, show ? users_notice_done : NULL, &done);
}

/* POST /users: action=create|update|reset|disable|enable for the account name. */
void web_users_post(struct http_exchange *x)
{
	char password[APP_PASSWORD_CHARS + 1] = "";
	struct diag d;
	diag_init(&d);
	if (!users_admin(x))
		goto out;
	const char *action = page_form(x, "action");
	const char *name = page_form(x, "name");
	const char *role_s = page_form(x, "role");
	const char *unit = page_form(x, "unit");
	struct users_create create = {name, role_s, unit};
	enum app_status st = APP_BAD_INPUT;
	bool generated = false;
	enum user_role role = ROLE_VIEWER;
	if (!action) {
		web_error(x, 400, "Thiếu thao tác.");
		goto out;
	}
	if (!name || !name[0])
		diag_add(&d, NULL, 0, "name", "thiếu tên đăng nhập");
	if (role_s && role_s[0] && user_role_parse(role_s, &role) < 0)
		diag_add(&d, NULL, 0, "role", "vai trò không hợp lệ");
	if (strcmp(action, "create") == 0) {
		const char *pw = page_form(x, "password");
		if (!pw || !pw[0]) {
			app_password_generate(password);
			pw = password;
			generated = true;
		}
		if (!role_s || !role_s[0])
			diag_add(&d, NULL, 0, "role", "thiếu vai trò");
		if (!d.count)
			st =
			    app_user_add(x->app, name, role, unit && unit[0] ? unit : NULL, pw, &d);
	} else {
		struct user_change c = {.has_role = false};
		if (strcmp(action, "update") == 0) {
			c.has_role = role_s && role_s[0];
			c.role = role;
			c.unit = unit; /* "" removes the unit */
		} else if (strcmp(action, "reset") == 0) {
			app_password_generate(password);
			c.password = password;
			generated = true;
		} else if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0) {
			c.has_disabled = true;
			c.disabled = strcmp(action, "disable") == 0;
		} else {
			web_error(x, 400, "Thao tác không hợp lệ.");
			goto out;
		}
		if (!d.count)
			st = app_user_change(x->app, name, &c, NULL, &d);
	}

	if (st == APP_OK && generated) {
		struct users_secret s = {name, password, strcmp(action, "create") == 0};
		x->rs->status = 200;
		users_render(x, NULL, users_notice_secret, &s);
	} else if (st == APP_OK) {
		struct buf url;
		buf_init(&url, 0);
		buf_puts(&url, "/users");
		page_query_add(&url, "done", action);
		page_query_add(&url, "name", name);
		http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, buf_cstr(&url)));
		x->rs->no_store = true;
		buf_finish(&url);
	} else if (st == APP_BAD_INPUT || st == APP_NOT_FOUND) {
		struct buf m;
		buf_init(&m, 0);
		if (st == APP_NOT_FOUND)
			buf_printf(&m, "Không có tài khoản “%s”.", name ? name : "");
		else
			buf_puts(&m, "Chưa thực hiện được:");
		struct users_problem p = {buf_cstr(&m), &d};
		x->rs->status = exchange_status_of(st);
		users_render(x, strcmp(action, "create") == 0 ? &create : NULL,
		             users_notice_problem, &p);
		buf_finish(&m);
	} else {
		page_fail(x, st);
	}
out:
	explicit_bzero(password, sizeof password);
	diag_finish(&d);
}
