/* page.c — the layout every page shares and the HTML pieces pages are built from (page.h).
 *
 * All data goes through http/escape.h; the markup around it is this file's own literals.
 */
#include "page.h"

#include <stdio.h>
#include <string.h>

#include "../core/user.h"
#include "../http/escape.h"
#include "../text/vnfmt.h"
#include "web.h"

/* The navigation, in order; who may see each item. */
static const struct {
	enum page_nav nav;
	const char *href;
	const char *label;
	int need; /* 0 everyone, 1 may import tasks, 2 admin */
} page_nav_items[] = {
    {PAGE_NAV_DASHBOARD, "/", "Tổng quan", 0},
    {PAGE_NAV_TASKS, "/tasks", "Nhiệm vụ", 0},
    {PAGE_NAV_INDICATORS, "/indicators", "Chỉ số", 0},
    {PAGE_NAV_DTI, "/dti", "DTI", 0},
    {PAGE_NAV_PLAN, "/plan", "Danh mục", 0},
    {PAGE_NAV_DISBURSEMENT, "/disbursement", "Giải ngân", 0},
    {PAGE_NAV_REPORTS, "/reports", "Báo cáo", 0},
    {PAGE_NAV_IMPORT, "/import", "Nhập dữ liệu", 1},
    {PAGE_NAV_USERS, "/users", "Tài khoản", 2},
    {PAGE_NAV_AUDIT, "/audit", "Nhật ký", 0},
};

static const char *const page_app_messages[] = {
    [APP_OK] = "",
    [APP_FAILED] = "Hệ thống không đọc hoặc ghi được dữ liệu. Vui lòng thử lại sau.",
    [APP_BAD_INPUT] = "Dữ liệu gửi lên không hợp lệ.",
    [APP_NOT_FOUND] = "Không tìm thấy dữ liệu được yêu cầu.",
    [APP_FORBIDDEN] = "Bạn không có quyền thực hiện thao tác này.",
    [APP_CONFLICT] = "Dữ liệu đã được người khác thay đổi. Vui lòng tải lại trang.",
    [APP_UNAUTHORIZED] = "Vui lòng đăng nhập lại.",
    [APP_THROTTLED] = "Quá nhiều yêu cầu. Vui lòng thử lại sau.",
};

void page_fail(struct http_exchange *x, enum app_status s)
{
	size_t n = sizeof page_app_messages / sizeof page_app_messages[0];
	const char *message = (size_t)s < n && page_app_messages[s] ? page_app_messages[s]
	                                                            : page_app_messages[APP_FAILED];
	if (s == APP_FAILED && x->app) /* the reason is for the operator's log, not the page */
		fprintf(stderr, "dxtrack: %s %s: %s\n", http_method_name(x->rq->method),
		        x->rq->path, app_error(x->app));
	web_error(x, exchange_status_of(s), message);
}

const struct app_principal *page_user(const struct http_exchange *x)
{
	if (!x->app || x->app->who.kind != APP_USER)
		return NULL;
	return &x->app->who;
}

static void page_header(struct http_exchange *x, enum page_nav active)
{
	struct buf *b = &x->rs->body;
	const struct app_principal *who = page_user(x);
	buf_puts(b, "<header class=\"site-header\">\n<div class=\"bar\">\n"
	            "<a class=\"brand\" href=\"/\">dxtrack<span class=\"brand-sub\">Ban Chỉ đạo "
	            "chuyển đổi số</span></a>\n");
	if (!who) {
		buf_puts(b, "</div>\n</header>\n");
		return;
	}
	buf_puts(b, "<nav class=\"site-nav\" aria-label=\"Điều hướng chính\">\n<ul>\n");
	for (size_t i = 0; i < sizeof page_nav_items / sizeof page_nav_items[0]; i++) {
		int need = page_nav_items[i].need;
		if ((need == 1 && !user_may_import_tasks(who->role)) ||
		    (need == 2 && !user_may_admin(who->role)))
			continue;
		buf_printf(b, "<li><a href=\"%s\"%s>%s</a></li>\n", page_nav_items[i].href,
		           page_nav_items[i].nav == active ? " aria-current=\"page\"" : "",
		           page_nav_items[i].label);
	}
	buf_puts(b, "</ul>\n</nav>\n<div class=\"who\">\n");
	escape_htmlf(b, "<span class=\"name\">%s</span> <span class=\"role\">(%s)</span>\n",
	             who->name, user_role_label_vi(who->role));
	buf_printf(b, "<a href=\"/account\"%s>Đổi mật khẩu</a>\n",
	           active == PAGE_NAV_ACCOUNT ? " aria-current=\"page\"" : "");
	buf_puts(b, "<form method=\"post\" action=\"/logout\">");
	page_csrf(b, x->csrf);
	buf_puts(b, "<button type=\"submit\">Đăng xuất</button></form>\n</div>\n</div>\n"
	            "</header>\n");
}

void page_begin(struct http_exchange *x, const char *title, enum page_nav active)
{
	struct buf *b = &x->rs->body;
	buf_reset(b);
	x->rs->content_type = "text/html; charset=utf-8";
	if (page_user(x))
		x->rs->no_store = true;
	buf_puts(b, "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>");
	escape_html(b, title);
	buf_puts(b, " — dxtrack</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
	            "<link rel=\"icon\" href=\"data:,\">\n"
	            "</head>\n<body>\n"
	            "<a class=\"skip\" href=\"#main\">Bỏ qua, đến nội dung chính</a>\n");
	page_header(x, active);
	buf_printf(b, "<main id=\"main\" tabindex=\"-1\"%s>\n<h1>",
	           page_user(x) ? "" : " class=\"narrow\"");
	escape_html(b, title);
	buf_puts(b, "</h1>\n");
}

bool page_cached(struct http_exchange *x, const char *key, const char *title, enum page_nav active,
                 void (*prelude)(struct http_exchange *x, const void *arg), const void *arg,
                 int64_t *gen)
{
	struct buf kept;
	buf_init(&kept, 0);
	bool hit = exchange_cache_get(x, key, &kept, gen);
	if (hit) {
		x->rs->status = 200;
		page_begin(x, title, active);
		if (prelude)
			prelude(x, arg);
		buf_append(&x->rs->body, kept.data, kept.len);
		page_end(x);
	}
	buf_finish(&kept);
	return hit;
}

void page_end_cached(struct http_exchange *x, const char *key, int64_t gen, size_t mark)
{
	struct buf *b = &x->rs->body;
	exchange_cache_put(x, key, gen, b->data + mark, b->len - mark);
	page_end(x);
}

void page_end(struct http_exchange *x)
{
	buf_puts(&x->rs->body, "</main>\n<footer class=\"site-footer\"><p>dxtrack — công cụ theo "
	                       "dõi nhiệm vụ, dự án chuyển đổi số của Ban Chỉ đạo chuyển đổi số "
	                       "tỉnh.</p></footer>\n</body>\n</html>\n");
}

/* ---- forms --------------------------------------------------------------------------------- */

void page_hidden(struct buf *b, const char *name, const char *value)
{
	escape_htmlf(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", name,
	             value ? value : "");
}

void page_csrf(struct buf *b, const char *csrf)
{
	page_hidden(b, "csrf", csrf ? csrf : "");
}

static const char *page_field_id(const struct page_field *f)
{
	return f->id ? f->id : f->name;
}

/* <label for=…>…</label> and the hint; then the control's common attributes are written by
 * page_field_attrs. */
static void page_field_label(struct buf *b, const struct page_field *f)
{
	const char *id = page_field_id(f);
	escape_htmlf(b, "<div class=\"field\"><label for=\"%s\">%s</label>", id, f->label);
	if (f->hint)
		escape_htmlf(b, "<span class=\"hint\" id=\"%s-hint\">%s</span>", id, f->hint);
}

static void page_field_attrs(struct buf *b, const struct page_field *f)
{
	const char *id = page_field_id(f);
	escape_htmlf(b, " id=\"%s\" name=\"%s\"", id, f->name);
	if (f->hint)
		escape_htmlf(b, " aria-describedby=\"%s-hint\"", id);
	if (f->invalid)
		buf_puts(b, " aria-invalid=\"true\"");
	if (f->attrs) {
		buf_putc(b, ' ');
		buf_puts(b, f->attrs);
	}
}

void page_input(struct buf *b, const struct page_field *f)
{
	page_field_label(b, f);
	escape_htmlf(b, "<input type=\"%s\"", f->type ? f->type : "text");
	page_field_attrs(b, f);
	if (f->value)
		escape_htmlf(b, " value=\"%s\"", f->value);
	buf_puts(b, "></div>\n");
}

void page_textarea(struct buf *b, const struct page_field *f)
{
	page_field_label(b, f);
	buf_puts(b, "<textarea");
	page_field_attrs(b, f);
	buf_puts(b, ">");
	/* a newline right after <textarea> is dropped by parsers: keep a leading one */
	if (f->value && f->value[0] == '\n')
		buf_putc(b, '\n');
	escape_html(b, f->value ? f->value : "");
	buf_puts(b, "</textarea></div>\n");
}

void page_select_begin(struct buf *b, const struct page_field *f)
{
	page_field_label(b, f);
	buf_puts(b, "<select");
	page_field_attrs(b, f);
	buf_puts(b, ">\n");
}

void page_option(struct buf *b, const char *value, const char *label, bool selected)
{
	escape_htmlf(b, "<option value=\"%s\"", value);
	if (selected)
		buf_puts(b, " selected");
	escape_htmlf(b, ">%s</option>\n", label);
}

void page_select_end(struct buf *b)
{
	buf_puts(b, "</select></div>\n");
}

void page_checkbox(struct buf *b, const char *id, const char *name, const char *value,
                   const char *label, bool checked)
{
	escape_htmlf(b,
	             "<div class=\"check\"><input type=\"checkbox\" id=\"%s\" name=\"%s\" "
	             "value=\"%s\"",
	             id, name, value);
	if (checked)
		buf_puts(b, " checked");
	escape_htmlf(b, "><label for=\"%s\">%s</label></div>\n", id, label);
}

/* ---- notices ------------------------------------------------------------------------------- */

void page_notice(struct buf *b, enum page_notice kind, const char *message)
{
	static const char *const open[] = {
	    [PAGE_NOTICE_OK] = "<div class=\"notice notice-ok\" role=\"status\"><p>",
	    [PAGE_NOTICE_INFO] = "<div class=\"notice notice-info\" role=\"status\"><p>",
	    [PAGE_NOTICE_ERROR] = "<div class=\"notice notice-error\" role=\"alert\"><p>",
	};
	buf_puts(b, open[kind]);
	escape_html(b, message);
	buf_puts(b, "</p></div>\n");
}

void page_diag(struct buf *b, const char *message, const char *list_id, struct diag *d,
               const char *after)
{
	struct buf line;
	buf_init(&line, 0);
	buf_puts(b, "<div class=\"notice notice-error\" role=\"alert\">\n<p>");
	escape_html(b, message);
	buf_puts(b, "</p>\n");
	if (d && (d->count || list_id)) {
		if (list_id)
			escape_htmlf(b, "<ul id=\"%s\">\n", list_id);
		else
			buf_puts(b, "<ul>\n");
		diag_sort(d);
		for (size_t i = 0; i < d->count; i++) {
			buf_reset(&line);
			diag_format(&d->items[i], &line);
			escape_htmlf(b, "<li>%s</li>\n", buf_cstr(&line));
		}
		buf_puts(b, "</ul>\n");
		if (d->dropped)
			buf_printf(b, "<p>… và %zu lỗi khác.</p>\n", d->dropped);
	}
	if (after)
		escape_htmlf(b, "<p>%s</p>\n", after);
	buf_puts(b, "</div>\n");
	buf_finish(&line);
}

/* ---- tables -------------------------------------------------------------------------------- */

void page_table_begin(struct buf *b, const char *id, const char *caption,
                      const struct page_col *cols, size_t n)
{
	/* the wrapper is a focusable region so keyboard users can scroll a wide table */
	buf_puts(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	escape_attr(b, caption);
	buf_puts(b, "\">\n<table");
	if (id)
		escape_htmlf(b, " id=\"%s\"", id);
	escape_htmlf(b, ">\n<caption>%s</caption>\n<thead><tr>", caption);
	for (size_t i = 0; i < n; i++)
		escape_htmlf(b,
		             cols[i].numeric ? "<th scope=\"col\" class=\"num\">%s</th>"
		                             : "<th scope=\"col\">%s</th>",
		             cols[i].label);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
}

void page_table_end(struct buf *b)
{
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

void page_pager(struct buf *b, const char *prev_href, const char *prev_label, const char *next_href,
                const char *next_label)
{
	if (!prev_href && !next_href)
		return;
	buf_puts(b, "<nav class=\"pager\" aria-label=\"Phân trang\"><ul>\n");
	if (prev_href)
		escape_htmlf(b, "<li><a href=\"%s\" rel=\"prev\">%s</a></li>\n", prev_href,
		             prev_label);
	if (next_href)
		escape_htmlf(b, "<li><a href=\"%s\" rel=\"next\">%s</a></li>\n", next_href,
		             next_label);
	buf_puts(b, "</ul></nav>\n");
}

/* ---- URLs ---------------------------------------------------------------------------------- */

void page_query_add(struct buf *q, const char *name, const char *value)
{
	if (!value || !value[0])
		return;
	buf_putc(q, strchr(buf_cstr(q), '?') ? '&' : '?');
	escape_url(q, name);
	buf_putc(q, '=');
	escape_url(q, value);
}

void page_task_url(struct buf *b, int year, const char *code)
{
	buf_printf(b, "/tasks/%d/", year);
	escape_url(b, code);
}

bool page_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return false;
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
		if (*p < 0x20 || *p == 0x7f || n > 2000)
			return false;
	return true;
}

/* ---- values -------------------------------------------------------------------------------- */

int page_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s || !*s)
		return -1;
	bool neg = false;
	if (*s == '-' && min < 0) {
		neg = true;
		s++;
	}
	if (!*s || strlen(s) > 18)
		return -1;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

const char *page_query(const struct http_exchange *x, const char *name)
{
	return http_param_get(&x->rq->query, name);
}

const char *page_form(const struct http_exchange *x, const char *name)
{
	return http_param_get(&x->rq->form, name);
}

void page_capitalized(struct buf *b, const char *s)
{
	char first[3] = {0};
	if (s[0] >= 'a' && s[0] <= 'z') {
		first[0] = (char)(s[0] - 'a' + 'A');
		s += 1;
	} else if ((unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0x91) {
		first[0] = (char)0xC4; /* đ U+0111 → Đ U+0110 */
		first[1] = (char)0x90;
		s += 2;
	}
	buf_puts(b, first);
	escape_html(b, s);
}

void page_vnd(struct buf *b, int64_t vnd)
{
	vnfmt_int(b, vnd);
	buf_puts(b, " đồng");
}

void page_date(struct buf *b, struct date d)
{
	if (date_is_set(d))
		vnfmt_date(b, d.year, d.month, d.day);
	else
		buf_puts(b, "—");
}

void page_utc(struct buf *b, const char *ts)
{
	/* YYYY-MM-DDTHH:MM:SSZ */
	static const char shape[] = "dddd-dd-ddTdd:dd";
	size_t i = 0;
	for (; ts && shape[i]; i++) {
		char c = ts[i];
		if (shape[i] == 'd' ? !(c >= '0' && c <= '9') : c != shape[i])
			break;
	}
	if (!ts || shape[i]) {
		escape_html(b, ts ? ts : "");
		return;
	}
	buf_printf(b, "%.2s/%.2s/%.4s %.5s", ts + 8, ts + 5, ts, ts + 11);
}

void page_status(struct buf *b, enum task_status s)
{
	buf_printf(b, "<span class=\"status status-%s\">", task_status_code(s));
	escape_html(b, task_status_label_vi(s));
	buf_puts(b, "</span>");
}
