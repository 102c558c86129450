/* indicator_entry.c — data entry of indicator values (Nhập số liệu chỉ số), for departments and
 * communes.
 *
 *   GET  /indicators/entry?period=&unit=&page=N   a form with one row per indicator that takes
 *                                                 values (not a ratio) and unit the user may
 *                                                 enter for (app_indicator_entries), prefilled
 *                                                 with the unit's own value of the period;
 *                                                 ENTRY_PAGE_ROWS rows a page
 *   POST /indicators/entry                        period, unit, page, csrf, and a field
 *                                                 "v:INDICATOR:UNIT" per row; the rows whose text
 *                                                 changed go through app_values_enter (the
 *                                                 values importer: its checks, its rights, all or
 *                                                 nothing, one audit row); then back with a notice
 *
 * Editors enter for their own unit and below (a commune's editor: that commune), administrators
 * anywhere; viewers and finance get 403, as on the import page. An empty field changes nothing:
 * values are replaced, never deleted. A row left as it was is not sent, so its source ("Sở
 * TT&TT", a file) is kept. Problems are listed as the import page lists them, each named by its
 * unit and indicator instead of the line of the form's CSV, and the fields stay as typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/escape.h"
#include "../lib/hmap.h"
#include "../text/vnfmt.h"
#include "indicator_page.h"
#include "web.h"

#define ENTRY_PAGE_ROWS 150 /* rows a page: each is a form field, under HTTP_PARAMS_MAX */

/* One row as the page shows it. */
struct entry_row {
	const struct indicator *ind; /* a copy in the arena */
	const char *unit;
	const char *unit_name;
	const char *stored; /* the value as prefilled ("90,5"), "" when none */
	const char *shown;  /* what the field holds: stored, or what was posted */
	bool invalid;
};

/* The rows of one page (only those are kept: a province has thousands), and how many there are
 * in all. */
struct entry_rows {
	struct http_exchange *x;
	size_t first;            /* the index of the page's first row among all */
	size_t total;            /* rows in all */
	const char *before_unit; /* the unit of the row before the page, or NULL */
	struct entry_row *rows;
	size_t n, cap;
	struct hmap inds; /* indicator code → copy in the arena (index in copies) */
	const struct indicator **copies;
	size_t n_copies, cap_copies;
};

/* The stored value as the field shows it: the shortest of 0..6 decimals that reads back the
 * same, with a decimal comma, no grouping ("1919", "90,5"): what the importer reads. */
static void entry_text(struct buf *b, double v)
{
	char text[64];
	int d = 0;
	for (; d < INDICATOR_DECIMALS_MAX; d++) {
		snprintf(text, sizeof text, "%.*f", d, v);
		if (strtod(text, NULL) == v)
			break;
	}
	snprintf(text, sizeof text, "%.*f", d, v);
	for (char *c = text; *c; c++)
		if (*c == '.')
			*c = ',';
	buf_puts(b, text);
}

static const struct indicator *entry_indicator(struct entry_rows *r, const struct indicator *ind)
{
	int64_t i;
	if (hmap_get(&r->inds, ind->code, &i))
		return r->copies[i];
	struct arena *a = r->x->rq->arena;
	struct indicator *c = arena_alloc(a, sizeof *c);
	*c = *ind;
	c->code = arena_strdup(a, ind->code);
	c->name = arena_strdup(a, ind->name);
	c->measure = arena_strdup(a, ind->measure ? ind->measure : "");
	c->numerator = c->denominator = NULL;
	if (r->n_copies == r->cap_copies) {
		size_t cap = r->cap_copies ? 2 * r->cap_copies : 32;
		const struct indicator **grown = arena_alloc(a, cap * sizeof *grown);
		if (r->n_copies)
			memcpy(grown, r->copies, r->n_copies * sizeof *grown);
		r->copies = grown;
		r->cap_copies = cap;
	}
	r->copies[r->n_copies] = c;
	hmap_put(&r->inds, c->code, (int64_t)r->n_copies++);
	return c;
}

static int entry_rows_each(void *ctx, const struct indicator_entry *e)
{
	struct entry_rows *r = ctx;
	struct arena *a = r->x->rq->arena;
	size_t at = r->total++;
	if (at + 1 == r->first)
		r->before_unit = arena_strdup(a, e->unit);
	if (at < r->first || at >= r->first + ENTRY_PAGE_ROWS)
		return 0;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		struct entry_row *grown = arena_alloc(a, cap * sizeof *grown);
		if (r->n)
			memcpy(grown, r->rows, r->n * sizeof *grown);
		r->rows = grown;
		r->cap = cap;
	}
	struct buf t;
	buf_init(&t, 0);
	if (e->has_value)
		entry_text(&t, e->value);
	struct entry_row *row = &r->rows[r->n++];
	*row = (struct entry_row){
	    .ind = entry_indicator(r, e->indicator),
	    .unit = arena_strdup(a, e->unit),
	    .unit_name = arena_strdup(a, e->unit_name ? e->unit_name : e->unit),
	    .stored = arena_strdup(a, buf_cstr(&t)),
	};
	row->shown = row->stored;
	buf_finish(&t);
	return 0;
}

/* The field name of a row: "v:INDICATOR:UNIT" (codes hold no ':'). */
static void entry_field(struct buf *b, const char *ind, const char *unit)
{
	buf_printf(b, "v:%s:%s", ind, unit);
}

/* Reads the rows of a page (a page past the last one reads the last); on a refusal writes the
 * page (403, 404 …) and returns -1. */
static int entry_load(struct http_exchange *x, const struct indicator_page_query *q, int64_t *page,
                      struct entry_rows *r)
{
	struct diag d;
	diag_init(&d);
	r->first = (size_t)(*page - 1) * ENTRY_PAGE_ROWS;
	enum app_status s =
	    app_indicator_entries(x->app, q->unit, q->period, entry_rows_each, r, &d);
	if (s == APP_OK && r->total > 0 && r->first >= r->total) {
		*page = (int64_t)((r->total + ENTRY_PAGE_ROWS - 1) / ENTRY_PAGE_ROWS);
		r->first = (size_t)(*page - 1) * ENTRY_PAGE_ROWS;
		r->total = r->n = 0;
		s = app_indicator_entries(x->app, q->unit, q->period, entry_rows_each, r, &d);
	}
	diag_finish(&d);
	if (s == APP_OK)
		return 0;
	if (s == APP_FORBIDDEN) {
		const struct app_principal *who = page_user(x);
		web_error(
		    x, 403,
		    who && who->role == ROLE_EDITOR
		        ? "Đơn vị này nằm ngoài phạm vi đơn vị của bạn: bạn chỉ nhập được số "
		          "liệu của đơn vị mình và các đơn vị trực thuộc."
		        : "Tài khoản của bạn không được nhập số liệu chỉ số (chỉ quản trị viên "
		          "và người cập nhật của đơn vị).");
	} else if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có đơn vị này trong kỳ đã chọn.");
	} else {
		page_fail(x, s);
	}
	return -1;
}

/* The form's query: page (1-based) and the default unit of an editor (its own). */
static int entry_query(struct http_exchange *x, bool post, struct indicator_page_query *q,
                       int64_t *page)
{
	const struct app_principal *who = page_user(x);
	const char *own = who && who->role == ROLE_EDITOR ? who->unit : NULL;
	if (post) {
		/* the form's fields stand in for the query */
		x->rq->query = x->rq->form;
	}
	if (indicator_page_query(x, false, own, q) < 0)
		return -1;
	const char *p = page_query(x, "page");
	*page = 1;
	if (p && p[0] && page_parse_int(p, 1, 1000000, page) < 0) {
		web_error(x, 400, "Số trang không hợp lệ.");
		return -1;
	}
	return 0;
}

static void entry_url(struct buf *u, const struct indicator_page_query *q, int64_t page)
{
	char n[24];
	buf_puts(u, "/indicators/entry");
	page_query_add(u, "period", q->period_text);
	page_query_add(u, "unit", q->unit);
	snprintf(n, sizeof n, "%lld", (long long)page);
	if (page > 1)
		page_query_add(u, "page", n);
}

static void entry_render(struct http_exchange *x, const struct indicator_page_query *q,
                         int64_t page, struct entry_rows *r, const char *ok, const char *error,
                         struct diag *d)
{
	page_begin(x, "Nhập số liệu chỉ số", PAGE_NAV_INDICATORS);
	struct buf *b = &x->rs->body;
	const struct app_principal *who = page_user(x);
	if (ok)
		page_notice(b, PAGE_NOTICE_OK, ok);
	if (error)
		page_diag(b, error, "entry-errors", d, "Không có giá trị nào được ghi.");
	indicator_page_picker(x, q,
	                      &(struct indicator_page_picker){
	                          .action = "/indicators/entry",
	                          .within = who && who->role == ROLE_EDITOR ? who->unit : NULL,
	                      });
	struct buf when, u;
	buf_init(&when, 0);
	buf_init(&u, 0);
	period_format_vi(&when, q->period);
	size_t pages = (r->total + ENTRY_PAGE_ROWS - 1) / ENTRY_PAGE_ROWS;
	size_t first = r->first, last = r->first + r->n;
	escape_htmlf(b,
	             "<p>Số liệu của kỳ <strong>%s</strong>: mỗi dòng là giá trị của một đơn vị "
	             "cho một chỉ số. Số thập phân viết <code>90,5</code> hoặc <code>90.5</code>, "
	             "không dùng dấu phân cách hàng nghìn; chỉ số dạng có/không nhập 1 (có) hoặc "
	             "0 (chưa có). Ô để trống không thay đổi giá trị đã có. Tất cả hoặc không: "
	             "một giá trị sai thì không giá trị nào được ghi.</p>\n",
	             buf_cstr(&when));
	if (r->total == 0) {
		page_notice(b, PAGE_NOTICE_INFO,
		            "Không có chỉ số nào để nhập cho đơn vị này trong kỳ: các chỉ số chưa "
		            "có đơn vị nào báo cáo được nhập lần đầu bằng tệp CSV.");
		goto out;
	}
	buf_printf(b, "<p class=\"muted\">Dòng %zu–%zu trên %zu.</p>\n", first + 1, last, r->total);
	buf_puts(b, "<form id=\"entry-form\" method=\"post\" action=\"/indicators/entry\" "
	            "novalidate>\n");
	page_csrf(b, x->csrf);
	page_hidden(b, "period", q->period_text);
	page_hidden(b, "unit", q->unit);
	char pg[24];
	snprintf(pg, sizeof pg, "%lld", (long long)page);
	page_hidden(b, "page", pg);
	buf_putc(b, '\n');
	static const struct page_col cols[] = {
	    {"Chỉ số", false}, {"Giá trị", false}, {"Đơn vị tính", false}};
	struct buf caption, name;
	buf_init(&caption, 0);
	buf_init(&name, 0);
	for (size_t k = 0; k < r->n; k++) {
		const struct entry_row *row = &r->rows[k];
		size_t i = first + k; /* the row's number among all: its field's id */
		if (k == 0 || strcmp(row->unit, r->rows[k - 1].unit) != 0) {
			if (k != 0)
				page_table_end(b);
			buf_reset(&caption);
			buf_printf(&caption, "%s (%s)", row->unit_name, row->unit);
			if (k == 0 && r->before_unit && strcmp(row->unit, r->before_unit) == 0)
				buf_puts(&caption, " — tiếp theo");
			page_table_begin(b, NULL, buf_cstr(&caption), cols, 3);
		}
		buf_reset(&name);
		entry_field(&name, row->ind->code, row->unit);
		escape_htmlf(
		    b,
		    "<tr><th scope=\"row\"><label for=\"e-%zu\">%s<span class=\"sr-only\"> — "
		    "%s</span></label> <span class=\"muted\">(%s)</span></th><td>"
		    "<input type=\"text\" class=\"entry-value\" id=\"e-%zu\" name=\"%s\" "
		    "value=\"%s\" inputmode=\"decimal\" autocomplete=\"off\" size=\"12\"",
		    i, row->ind->name, row->unit_name, row->ind->code, i, buf_cstr(&name),
		    row->shown);
		if (row->invalid)
			buf_puts(b, " aria-invalid=\"true\"");
		escape_htmlf(b, "></td><td>%s</td></tr>\n",
		             row->ind->aggregation == INDICATOR_SHARE ? "1 = có, 0 = chưa có"
		                                                      : row->ind->measure);
	}
	page_table_end(b);
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Lưu số liệu</button></div>\n"
	            "</form>\n");
	struct buf prev, next;
	buf_init(&prev, 0);
	buf_init(&next, 0);
	if (page > 1)
		entry_url(&prev, q, page - 1);
	if ((size_t)page < pages)
		entry_url(&next, q, page + 1);
	page_pager(b, prev.len ? buf_cstr(&prev) : NULL, "Trang trước",
	           next.len ? buf_cstr(&next) : NULL, "Trang sau");
	buf_finish(&prev);
	buf_finish(&next);
	buf_finish(&caption);
	buf_finish(&name);
out:
	indicator_page_url(&u, "/indicators/missing", NULL, q, NULL);
	escape_htmlf(b, "<p><a href=\"%s\">Xem đơn vị chưa báo cáo</a></p>\n", buf_cstr(&u));
	buf_finish(&when);
	buf_finish(&u);
	page_end(x);
}

/* GET /indicators/entry?period=&unit=&page=: the form. */
void web_indicator_entry_form(struct http_exchange *x)
{
	struct indicator_page_query q;
	int64_t page;
	struct entry_rows r = {.x = x};
	hmap_init(&r.inds);
	if (entry_query(x, false, &q, &page) < 0 || entry_load(x, &q, &page, &r) < 0)
		goto out;
	const char *saved = page_query(x, "saved");
	struct buf ok;
	buf_init(&ok, 0);
	int64_t n = 0;
	if (saved && page_parse_int(saved, 0, 1000000, &n) == 0) {
		if (n == 0)
			buf_puts(&ok, "Không có giá trị nào thay đổi.");
		else {
			buf_puts(&ok, "Đã lưu ");
			vnfmt_int(&ok, n);
			buf_puts(&ok, " giá trị.");
		}
	}
	x->rs->status = 200;
	entry_render(x, &q, page, &r, ok.len ? buf_cstr(&ok) : NULL, NULL, NULL);
	buf_finish(&ok);
out:
	hmap_finish(&r.inds);
}

/* "Phường Sông Cầu (01837), Dân số": where a problem of an entry is, instead of the line of the
 * form's CSV (names from the page's rows; codes for a field that is not on the page). */
static void entry_place(struct buf *b, const struct entry_rows *r, const struct app_value_entry *e)
{
	const char *unit_name = e->unit, *ind_name = e->indicator;
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->rows[i].unit, e->unit) == 0)
			unit_name = r->rows[i].unit_name;
		if (strcmp(r->rows[i].ind->code, e->indicator) == 0)
			ind_name = r->rows[i].ind->name;
	}
	buf_printf(b, "%s (%s), %s", unit_name, e->unit, ind_name);
}

/* POST /indicators/entry: the changed rows through the values importer, all or nothing. */
void web_indicator_entry(struct http_exchange *x)
{
	struct indicator_page_query q;
	int64_t page;
	struct entry_rows r = {.x = x};
	struct diag d, shown;
	struct import_result res = {0};
	struct hmap index; /* field name → row */
	hmap_init(&r.inds);
	hmap_init(&index);
	diag_init(&d);
	diag_init(&shown);
	struct http_params form = x->rq->form;
	if (entry_query(x, true, &q, &page) < 0 || entry_load(x, &q, &page, &r) < 0)
		goto out;
	struct buf name;
	buf_init(&name, 0);
	for (size_t i = 0; i < r.n; i++) {
		buf_reset(&name);
		entry_field(&name, r.rows[i].ind->code, r.rows[i].unit);
		hmap_put(&index, buf_cstr(&name), (int64_t)i);
	}
	buf_finish(&name);
	/* the fields whose text is not what the form showed: what the user changed */
	struct app_value_entry *e =
	    arena_alloc(x->rq->arena, (form.count ? form.count : 1) * sizeof *e);
	int64_t *row_of = arena_alloc(x->rq->arena, (form.count ? form.count : 1) * sizeof *row_of);
	size_t n = 0;
	for (size_t i = 0; i < form.count; i++) {
		const struct http_param *p = &form.items[i];
		if (strncmp(p->name, "v:", 2) != 0)
			continue;
		const char *ind = p->name + 2, *sep = strchr(ind, ':');
		if (!sep)
			continue;
		/* trimmed of spaces around it, as the importer trims */
		const char *v = p->value;
		while (*v == ' ' || *v == '\t')
			v++;
		size_t len = strlen(v);
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		char *text = arena_strndup(x->rq->arena, v, len);
		int64_t row = -1;
		hmap_get(&index, p->name, &row);
		if (row >= 0)
			r.rows[row].shown = text;
		if (!text[0] || (row >= 0 && strcmp(text, r.rows[row].stored) == 0))
			continue;
		e[n] = (struct app_value_entry){
		    .indicator = arena_strndup(x->rq->arena, ind, (size_t)(sep - ind)),
		    .unit = sep + 1,
		    .value = text,
		};
		row_of[n++] = row;
	}
	enum app_status s = app_values_enter(x->app, q.period, e, n, &d, &res);
	if (s == APP_OK) {
		struct buf url;
		char saved[24];
		buf_init(&url, 0);
		entry_url(&url, &q, page);
		snprintf(saved, sizeof saved, "%zu", res.inserted + res.updated);
		page_query_add(&url, "saved", saved);
		http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, buf_cstr(&url)));
		x->rs->no_store = true;
		buf_finish(&url);
		goto out;
	}
	if (s == APP_FORBIDDEN) {
		web_error(x, 403,
		          "Có giá trị của đơn vị ngoài phạm vi đơn vị của bạn; không giá "
		          "trị nào được ghi.");
		goto out;
	}
	if (s != APP_BAD_INPUT) {
		page_fail(x, s);
		goto out;
	}
	/* every problem named by its unit and indicator; those fields marked */
	struct buf place;
	buf_init(&place, 0);
	diag_sort(&d);
	for (size_t i = 0; i < d.count; i++) {
		const struct diag_item *it = &d.items[i];
		bool ours = it->file && strcmp(it->file, APP_VALUES_FORM_LABEL) == 0 &&
		            it->line >= 2 && it->line - 2 < n;
		if (!ours) {
			diag_add(&shown, it->file, it->line, it->column, "%s", it->message);
			continue;
		}
		size_t k = it->line - 2;
		buf_reset(&place);
		entry_place(&place, &r, &e[k]);
		if (row_of[k] >= 0)
			r.rows[row_of[k]].invalid = true;
		diag_add(&shown, buf_cstr(&place), 0, it->column, "%s", it->message);
	}
	shown.dropped = d.dropped;
	buf_finish(&place);
	struct buf m;
	buf_init(&m, 0);
	buf_printf(&m, "Chưa lưu được: có %zu lỗi trong số liệu nhập.", diag_total(&d));
	x->rs->status = 422;
	entry_render(x, &q, page, &r, NULL, buf_cstr(&m), &shown);
	buf_finish(&m);
out:
	hmap_finish(&r.inds);
	hmap_finish(&index);
	diag_finish(&d);
	diag_finish(&shown);
}
