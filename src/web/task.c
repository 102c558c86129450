/* task.c — one task: every field, its whole history, and the progress-update form.
 *
 *   GET  /tasks/{year}/{code}    the task (?saved=1 after an update)
 *   POST /tasks/{year}/{code}    a progress update: progress_pct, disbursed_vnd, status, note,
 *                                version (the one the form was made from), csrf
 *
 * The form shows only what the user's role may change there (user_task_rights); app/ checks it
 * again. A stale version gives 409 with the current state; broken rules give 422 with every
 * message; both keep what the user typed in the note.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "../core/money.h"
#include "../http/escape.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

/* What the update form shows: the task's state, or what was sent back. */
struct task_form {
	const char *progress; /* text of the fields */
	const char *disbursed;
	const char *status; /* a status code */
	const char *note;
	int64_t version; /* the version the next update expects */
	bool bad_progress, bad_disbursed, bad_status, bad_note;
};

/* What the signed-in user may change in t (app/ decides; 0 on a failure: no form). */
static unsigned task_rights(struct http_exchange *x, const struct task *t)
{
	unsigned rights = 0;
	if (app_task_rights(x->app, t, &rights) != APP_OK)
		rights = 0;
	return rights;
}

/* Year and code from the route; 404 page (and -1) when the year is not one. */
static int task_route(struct http_exchange *x, int *year, const char **code)
{
	int64_t y;
	if (x->rq->route_param_count < 2 ||
	    page_parse_int(x->rq->route_params[0], TASK_YEAR_MIN, TASK_YEAR_MAX, &y) < 0 ||
	    !x->rq->route_params[1][0]) {
		web_error(x, 404, "Không có nhiệm vụ ở địa chỉ này.");
		return -1;
	}
	*year = (int)y;
	*code = x->rq->route_params[1];
	return 0;
}

static void task_not_found(struct http_exchange *x, int year, const char *code)
{
	struct buf m;
	buf_init(&m, 0);
	buf_printf(&m, "Không có nhiệm vụ mã “%s” trong năm %d.", code, year);
	web_error(x, 404, buf_cstr(&m));
	buf_finish(&m);
}

/* The form's fields filled from the task's current state. */
static void task_form_of(struct http_exchange *x, const struct task *t, struct task_form *f)
{
	struct buf v;
	buf_init(&v, 0);
	buf_printf(&v, "%d", t->progress_pct);
	f->progress = arena_strdup(x->rq->arena, buf_cstr(&v));
	buf_reset(&v);
	vnfmt_int(&v, t->disbursed_vnd);
	f->disbursed = arena_strdup(x->rq->arena, buf_cstr(&v));
	f->status = task_status_code(t->status);
	f->version = t->version;
	buf_finish(&v);
}

/* A field of the plan: <dt>label</dt><dd>value (escaped)</dd>; "—" when empty. */
static void task_dd(struct buf *b, const char *label, const char *value)
{
	escape_htmlf(b, "<dt>%s</dt><dd>%s</dd>\n", label, value && value[0] ? value : "—");
}

static void task_fields(struct http_exchange *x, const struct task *t)
{
	struct buf *b = &x->rs->body;
	struct buf v;
	buf_init(&v, 0);
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-fields\">\n"
	            "<h2 id=\"h-fields\">Thông tin nhiệm vụ</h2>\n<dl class=\"fields\">\n");
	task_dd(b, "Mã", t->code);
	buf_printf(b, "<dt>Năm</dt><dd>%d</dd>\n", t->year);
	task_dd(b, "Tên nhiệm vụ", t->name);
	struct unit u = {0};
	if (app_unit_get(x->app, t->investor, &u) == APP_OK)
		escape_htmlf(b,
		             "<dt>Chủ đầu tư</dt><dd>%s <span class=\"muted\">(%s)</span></dd>\n",
		             u.name, t->investor);
	else
		task_dd(b, "Chủ đầu tư", t->investor);
	unit_clear(&u);
	task_dd(b, "Lĩnh vực", t->category);
	task_dd(b, "Nguồn vốn", t->funding ? task_funding_label_vi(t->funding) : NULL);
	buf_puts(b, "<dt>Kinh phí</dt><dd id=\"task-budget\">");
	page_vnd(b, t->budget_vnd);
	buf_puts(b, "</dd>\n<dt>Đã giải ngân</dt><dd id=\"task-disbursed\">");
	page_vnd(b, t->disbursed_vnd);
	buf_puts(b, " (");
	vnfmt_fixed(b, money_pct_x10(t->disbursed_vnd, t->budget_vnd), 1);
	buf_printf(b,
	           " %%)</dd>\n<dt>Tiến độ</dt><dd id=\"task-progress\">%d %%</dd>\n"
	           "<dt>Trạng thái</dt><dd id=\"task-status\">",
	           t->progress_pct);
	page_status(b, t->status);
	buf_puts(b, "</dd>\n");
	if (task_is_lagging(t, x->app->today)) {
		buf_puts(b, "<dt>Cảnh báo</dt><dd class=\"lagging\">Chậm tiến độ (tính đến ngày ");
		page_date(b, x->app->today);
		buf_puts(b, ")</dd>\n");
	}
	if (t->carried_from && t->carried_from[0]) {
		buf_reset(&v);
		buf_puts(&v, "/tasks");
		page_query_add(&v, "year", "all");
		page_query_add(&v, "q", t->carried_from);
		escape_htmlf(b, "<dt>Chuyển tiếp từ</dt><dd><a href=\"%s\">%s</a></dd>\n",
		             buf_cstr(&v), t->carried_from);
	} else {
		task_dd(b, "Chuyển tiếp từ", NULL);
	}
	buf_reset(&v);
	for (unsigned i = 0; i < TASK_TAG_COUNT; i++) {
		if (!(t->tags & (1u << i)))
			continue;
		if (v.len)
			buf_puts(&v, "; ");
		buf_puts(&v, task_tag_label_vi(i));
	}
	task_dd(b, "Nhóm ưu tiên", buf_cstr(&v));
	buf_puts(b, "<dt>Ngày bắt đầu</dt><dd>");
	page_date(b, t->start_date);
	buf_puts(b, "</dd>\n<dt>Ngày kết thúc</dt><dd>");
	page_date(b, t->end_date);
	buf_puts(b, "</dd>\n");
	task_dd(b, "Ghi chú", t->note);
	buf_printf(b, "<dt>Phiên bản</dt><dd id=\"task-version\">%lld (số liệu đến ngày ",
	           (long long)t->version);
	page_date(b, t->updated_on);
	buf_puts(b, ")</dd>\n</dl>\n</section>\n");
	buf_finish(&v);
}

static void task_update_form(struct http_exchange *x, const struct task *t, unsigned rights,
                             const struct task_form *f)
{
	struct buf *b = &x->rs->body;
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-update\">\n"
	            "<h2 id=\"h-update\">Cập nhật tiến độ</h2>\n");
	if (!rights) {
		buf_puts(b, "<p class=\"muted\">Tài khoản của bạn chỉ được xem nhiệm vụ này.</p>\n"
		            "</section>\n");
		return;
	}
	struct buf url;
	buf_init(&url, 0);
	page_task_url(&url, t->year, t->code);
	escape_htmlf(b, "<form id=\"update-form\" method=\"post\" action=\"%s\" novalidate>\n",
	             buf_cstr(&url));
	buf_finish(&url);
	page_csrf(b, x->csrf);
	char version[24];
	snprintf(version, sizeof version, "%lld", (long long)f->version);
	page_hidden(b, "version", version);
	buf_putc(b, '\n');
	if (rights & RIGHT_PROGRESS)
		page_input(b, &(struct page_field){
		                  .name = "progress_pct",
		                  .label = "Tiến độ (%)",
		                  .type = "number",
		                  .value = f->progress,
		                  .hint = "Số nguyên từ 0 đến 100.",
		                  .attrs = "min=\"0\" max=\"100\" step=\"1\" inputmode=\"numeric\"",
		                  .invalid = f->bad_progress,
		              });
	if (rights & RIGHT_DISBURSED)
		page_input(b,
		           &(struct page_field){
		               .name = "disbursed_vnd",
		               .label = "Giải ngân lũy kế (đồng)",
		               .value = f->disbursed,
		               .hint = "Số đồng đã giải ngân từ đầu đến nay, ví dụ 1.200.000.000.",
		               .attrs = "inputmode=\"numeric\" autocomplete=\"off\"",
		               .invalid = f->bad_disbursed,
		           });
	if (rights & RIGHT_STATUS) {
		page_select_begin(b, &(struct page_field){.name = "status",
		                                          .label = "Trạng thái",
		                                          .invalid = f->bad_status});
		for (int s = 0; s < TASK_STATUS_COUNT; s++) {
			struct buf label;
			buf_init(&label, 0);
			page_capitalized(&label, task_status_label_vi((enum task_status)s));
			page_option(b, task_status_code((enum task_status)s), buf_cstr(&label),
			            f->status && strcmp(f->status, task_status_code(
			                                               (enum task_status)s)) == 0);
			buf_finish(&label);
		}
		page_select_end(b);
	}
	if (rights & RIGHT_NOTE)
		page_textarea(b, &(struct page_field){
		                     .name = "note",
		                     .label = "Ghi chú cập nhật",
		                     .value = f->note,
		                     .hint = "Việc đã làm, vướng mắc (không bắt buộc).",
		                     .attrs = "rows=\"3\" maxlength=\"4000\"",
		                     .invalid = f->bad_note,
		                 });
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Lưu cập nhật</button></div>\n"
	            "</form>\n</section>\n");
}

/* Field names of a plan change, in Vietnamese. */
static const char *task_change_label(const char *field)
{
	static const struct {
		const char *field, *label;
	} labels[] = {
	    {"name", "Tên"},
	    {"investor", "Chủ đầu tư"},
	    {"category", "Lĩnh vực"},
	    {"carried_from", "Chuyển tiếp từ"},
	    {"note", "Ghi chú"},
	    {"funding", "Nguồn vốn"},
	    {"budget_vnd", "Kinh phí"},
	    {"tags", "Nhóm"},
	    {"start_date", "Ngày bắt đầu"},
	    {"end_date", "Ngày kết thúc"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].field, field) == 0)
			return labels[i].label;
	return field;
}

/* One side of a change, readable: money in đồng, dates dd/mm/yyyy, funding in words. */
static void task_change_value(struct buf *b, const char *field, const json_t *v)
{
	if (json_is_integer(v)) {
		vnfmt_int(b, (int64_t)json_integer_value(v));
		if (strcmp(field, "budget_vnd") == 0)
			buf_puts(b, " đồng");
		return;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (!s || !s[0]) {
		buf_puts(b, "(trống)");
		return;
	}
	struct date d;
	const char *why;
	enum task_funding fu;
	if (strstr(field, "_date") && date_parse(s, strlen(s), &d, &why) == 0)
		page_date(b, d);
	else if (strcmp(field, "funding") == 0 && task_funding_parse(s, &fu) == 0 && fu)
		escape_html(b, task_funding_label_vi(fu));
	else
		escape_html(b, s);
}

/* The plan changes of a history record ({"field": [old, new]}) as a list; anything else as
 * escaped JSON text. */
static void task_changes(struct buf *b, const char *changes)
{
	json_error_t err;
	json_t *o = changes ? json_loads(changes, 0, &err) : NULL;
	if (!changes) {
		buf_puts(b, "—");
		return;
	}
	const char *key;
	json_t *pair;
	bool readable = json_is_object(o);
	json_object_foreach(o, key, pair) readable &=
	    json_is_array(pair) && json_array_size(pair) == 2;
	if (!readable) {
		escape_htmlf(b, "<code class=\"json\">%s</code>", changes);
		json_decref(o);
		return;
	}
	buf_puts(b, "<ul class=\"changes\">");
	json_object_foreach(o, key, pair)
	{
		escape_htmlf(b, "<li>%s: ", task_change_label(key));
		task_change_value(b, key, json_array_get(pair, 0));
		buf_puts(b, " → ");
		task_change_value(b, key, json_array_get(pair, 1));
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>");
	json_decref(o);
}

static const char *task_source_label(const char *source)
{
	static const struct {
		const char *code, *label;
	} sources[] = {
	    {"import", "Nhập tệp"}, {"cli", "Dòng lệnh"}, {"web", "Trang web"}, {"api", "API"}};
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
		if (source && strcmp(sources[i].code, source) == 0)
			return sources[i].label;
	return source ? source : "";
}

static int task_history_each(void *ctx, const struct task_update *u)
{
	struct buf *b = ctx;
	buf_printf(b, "<tr><td class=\"num\">%lld</td><td>", (long long)u->version);
	page_date(b, u->on_date);
	buf_puts(b, "</td><td class=\"code\">");
	page_utc(b, u->recorded_at);
	escape_htmlf(b, "</td><td>%s</td><td>%s</td><td class=\"num\">%d %%</td><td class=\"num\">",
	             u->author ? u->author : "", task_source_label(u->source), u->progress_pct);
	vnfmt_int(b, u->disbursed_vnd);
	buf_puts(b, "</td><td>");
	page_status(b, u->status);
	escape_htmlf(b, "</td><td>%s</td><td>", u->note && u->note[0] ? u->note : "—");
	task_changes(b, u->changes);
	buf_puts(b, "</td></tr>\n");
	return 0;
}

/* The whole page for t; status already set. form NULL: from t's state. */
static void task_render(struct http_exchange *x, const struct task *t, struct task_form *form,
                        const char *ok, const char *error, struct diag *d)
{
	struct task_form own = {0};
	if (!form) {
		task_form_of(x, t, &own);
		form = &own;
	}
	struct buf history;
	buf_init(&history, 0);
	enum app_status st = app_task_history(x->app, t->id, task_history_each, &history);
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	struct buf title;
	buf_init(&title, 0);
	buf_printf(&title, "%s: %s", t->code, t->name);
	page_begin(x, buf_cstr(&title), PAGE_NAV_TASKS);
	buf_finish(&title);
	struct buf *b = &x->rs->body;
	escape_htmlf(b, "<p><a href=\"/tasks?year=%d\">← Danh sách nhiệm vụ năm %d</a></p>\n",
	             t->year, t->year);
	if (ok)
		page_notice(b, PAGE_NOTICE_OK, ok);
	if (error && d && d->count)
		page_diag(b, error, "update-errors", d, NULL);
	else if (error)
		page_notice(b, PAGE_NOTICE_ERROR, error);
	task_fields(x, t);
	task_update_form(x, t, task_rights(x, t), form);
	static const struct page_col cols[] = {
	    {"Phiên bản", true},        {"Số liệu đến ngày", false},
	    {"Ghi lúc (UTC)", false},   {"Người cập nhật", false},
	    {"Nguồn", false},           {"Tiến độ", true},
	    {"Giải ngân (đồng)", true}, {"Trạng thái", false},
	    {"Ghi chú", false},         {"Thay đổi kế hoạch", false},
	};
	buf_puts(b, "<h2>Lịch sử cập nhật</h2>\n");
	page_table_begin(b, "history", "Lịch sử cập nhật, theo thứ tự thời gian", cols, 10);
	buf_append(b, history.data, history.len);
	page_table_end(b);
	page_end(x);
out:
	buf_finish(&history);
}

/* GET /tasks/{year}/{code}: every field, the history, and the update form. */
void web_task(struct http_exchange *x)
{
	int year;
	const char *code;
	struct task t = {0};
	if (task_route(x, &year, &code) < 0)
		goto out;
	enum app_status st = app_task_get(x->app, year, code, &t);
	if (st == APP_NOT_FOUND) {
		task_not_found(x, year, code);
		goto out;
	}
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	const char *saved = page_query(x, "saved");
	x->rs->status = 200;
	task_render(x, &t, NULL, saved && strcmp(saved, "1") == 0 ? "Đã lưu cập nhật." : NULL, NULL,
	            NULL);
out:
	task_clear(&t);
}

/* Reads the form into c and f; problems go to d (by field, in Vietnamese). */
static void task_read_form(struct http_exchange *x, struct task_change *c, struct task_form *f,
                           struct diag *d)
{
	const char *s;
	int64_t n;
	const char *why;
	f->progress = page_form(x, "progress_pct");
	if (f->progress && f->progress[0]) {
		if (page_parse_int(f->progress, 0, 100, &n) == 0) {
			c->has_progress = true;
			c->progress_pct = (int)n;
		} else {
			f->bad_progress = true;
			diag_add(d, NULL, 0, "progress_pct",
			         "tiến độ phải là số nguyên từ 0 đến 100");
		}
	}
	f->disbursed = page_form(x, "disbursed_vnd");
	if (f->disbursed && f->disbursed[0]) {
		if (money_parse(f->disbursed, strlen(f->disbursed), &c->disbursed_vnd, &why) == 0) {
			c->has_disbursed = true;
		} else {
			f->bad_disbursed = true;
			diag_add(d, NULL, 0, "disbursed_vnd",
			         "số tiền giải ngân phải là số đồng nguyên, ví dụ 1.200.000.000");
		}
	}
	f->status = page_form(x, "status");
	if (f->status && f->status[0]) {
		if (task_status_parse(f->status, &c->status) == 0) {
			c->has_status = true;
		} else {
			f->bad_status = true;
			diag_add(d, NULL, 0, "status", "trạng thái không hợp lệ");
		}
	}
	f->note = page_form(x, "note");
	if (f->note && f->note[0])
		c->note = f->note;
	s = page_form(x, "version");
	if (s && s[0]) {
		if (page_parse_int(s, 1, INT64_MAX, &n) == 0)
			c->expected_version = n;
		else
			diag_add(d, NULL, 0, "version", "phiên bản không hợp lệ");
	}
	if (!c->has_progress && !c->has_disbursed && !c->has_status && !c->note && !d->count)
		diag_add(d, NULL, 0, NULL, "không có gì để cập nhật: hãy nhập ít nhất một giá trị");
}

/* POST /tasks/{year}/{code}: records a progress update, then back to the task (303). */
void web_task_update(struct http_exchange *x)
{
	int year;
	const char *code;
	struct task t = {0};
	struct task_change c = {.note = NULL};
	struct task_form f = {0};
	struct diag d;
	diag_init(&d);
	if (task_route(x, &year, &code) < 0)
		goto out;
	task_read_form(x, &c, &f, &d);
	enum app_status st =
	    d.count ? APP_BAD_INPUT : app_task_update(x->app, year, code, &c, &d, NULL);
	if (st == APP_OK) {
		struct buf url;
		buf_init(&url, 0);
		page_task_url(&url, year, code);
		buf_puts(&url, "?saved=1");
		http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, buf_cstr(&url)));
		x->rs->no_store = true;
		buf_finish(&url);
		goto out;
	}
	if (st == APP_FORBIDDEN) {
		web_error(x, 403, "Bạn không có quyền cập nhật nhiệm vụ này (hoặc trường này).");
		goto out;
	}
	if (st != APP_BAD_INPUT && st != APP_CONFLICT && st != APP_NOT_FOUND) {
		page_fail(x, st);
		goto out;
	}
	/* re-render with the task as it is now */
	enum app_status got = app_task_get(x->app, year, code, &t);
	if (got == APP_NOT_FOUND || st == APP_NOT_FOUND) {
		task_not_found(x, year, code);
		goto out;
	}
	if (got != APP_OK) {
		page_fail(x, got);
		goto out;
	}
	if (st == APP_CONFLICT) {
		const char *note = f.note;
		memset(&f, 0, sizeof f);
		task_form_of(x, &t, &f);
		f.note = note; /* the user's words are kept */
		x->rs->status = 409;
		task_render(x, &t, &f, NULL,
		            "Nhiệm vụ đã được người khác cập nhật; dữ liệu dưới đây là mới nhất.",
		            NULL);
		goto out;
	}
	/* 422: what was sent (the task's state where a field was not), with the messages */
	struct task_form now = {0};
	task_form_of(x, &t, &now);
	f.progress = f.progress ? f.progress : now.progress;
	f.disbursed = f.disbursed ? f.disbursed : now.disbursed;
	f.status = f.status ? f.status : now.status;
	f.version = c.expected_version ? c.expected_version : t.version;
	x->rs->status = 422;
	task_render(x, &t, &f, NULL, "Chưa lưu được cập nhật vì dữ liệu chưa hợp lệ:", &d);
out:
	task_clear(&t);
	diag_finish(&d);
}
