/* tasks.c — the list of tasks, filtered, searched, sorted and paged, and its CSV export.
 *
 *   GET /tasks?year=&status=&investor=&category=&tag=&q=&sort=code|name|budget|progress&reverse=1
 *             &page=N              50 tasks a page, with the count and totals of all matches
 *   GET /tasks?…&format=csv        every matching task (all pages), in the import format
 *
 * year absent means exchange_default_year; year=all (or empty) means every year. The other filters
 * are read by app/task_filter.h, as for `dxtrack tasks` and GET /api/v1/tasks. The search ignores
 * case and diacritics and name sorts in Vietnamese order (store/ does both). app/ has no count
 * function, so one pass without a limit counts and sums every match and keeps the shown page.
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../http/escape.h"
#include "../app/task_filter.h"
#include "../io/task_io.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

#define TASKS_PAGE_SIZE 50
#define TASKS_UNITS_LISTED 500 /* investor suggestions in the filter form */
#define TASKS_YEARS_LISTED 64  /* years in the year filter */

static const struct {
	const char *code;
	const char *label;
	enum task_sort sort;
} tasks_sorts[] = {
    {"code", "Mã", TASK_SORT_CODE},
    {"name", "Tên (theo vần tiếng Việt)", TASK_SORT_NAME},
    {"budget", "Kinh phí (lớn trước)", TASK_SORT_BUDGET},
    {"progress", "Tiến độ (cao trước)", TASK_SORT_PROGRESS},
};

/* The request's filters, as parsed and as given (to refill the form and build links). */
struct tasks_query {
	struct task_filter filter;
	const char *year_s; /* "2023", or "all" */
	const char *status_s, *investor, *category, *tag_s, *q, *sort_s;
	bool desc;
	int64_t page; /* 1-based */
	bool csv;
};

/* What one pass over the matches collects. */
struct tasks_pass {
	size_t count;
	int64_t budget_vnd, disbursed_vnd;
	size_t first; /* index of the page's first match */
	struct task rows[TASKS_PAGE_SIZE];
	const char *investor_names[TASKS_PAGE_SIZE]; /* in the arena; NULL: unknown unit */
	size_t n_rows;
	struct buf *csv; /* CSV mode: every row goes here instead */
};

static int tasks_each(void *ctx, const struct task *t)
{
	struct tasks_pass *p = ctx;
	if (p->csv) {
		task_io_csv_row(p->csv, t);
	} else if (p->count >= p->first && p->n_rows < TASKS_PAGE_SIZE) {
		task_copy(&p->rows[p->n_rows], t);
		p->n_rows++;
	}
	p->count++;
	p->budget_vnd += t->budget_vnd;
	p->disbursed_vnd += t->disbursed_vnd;
	return 0;
}

static const char *tasks_nonempty(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* Parses the query; on a bad value writes the 400 page and returns -1. */
static int tasks_parse(struct http_exchange *x, struct tasks_query *q, char *year_buf,
                       size_t year_size)
{
	struct task_filter *f = &q->filter;
	task_filter_init(f);
	const char *s = page_query(x, "year");
	int64_t n;
	if (!s) {
		f->year = exchange_default_year(x);
		snprintf(year_buf, year_size, "%d", f->year);
		q->year_s = f->year ? year_buf : "all";
	} else if (!s[0] || strcmp(s, "all") == 0) {
		q->year_s = "all";
	} else if (page_parse_int(s, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) == 0) {
		f->year = (int)n;
		q->year_s = s;
	} else {
		web_error(x, 400, "Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.");
		return -1;
	}
	/* the other filters through the parser the CLI and the API share */
	static const char *const fields[] = {"status", "investor", "category", "tag",
	                                     "q",      "sort",     "reverse"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char why[160];
		if (task_filter_set(f, fields[i], page_query(x, fields[i]), why, sizeof why) < 0) {
			struct buf m;
			buf_init(&m, 0);
			buf_printf(&m, "Bộ lọc không hợp lệ (%s).", why);
			web_error(x, 400, buf_cstr(&m));
			buf_finish(&m);
			return -1;
		}
	}
	q->status_s = f->status >= 0 ? task_status_code((enum task_status)f->status) : NULL;
	q->investor = f->investor;
	q->category = f->category;
	q->q = f->search;
	q->tag_s = tasks_nonempty(page_query(x, "tag"));
	q->sort_s = tasks_nonempty(page_query(x, "sort"));
	q->desc = f->descending;
	q->page = 1;
	s = tasks_nonempty(page_query(x, "page"));
	if (s && page_parse_int(s, 1, 1000000, &q->page) < 0) {
		web_error(x, 400, "Số trang không hợp lệ.");
		return -1;
	}
	s = tasks_nonempty(page_query(x, "format"));
	if (s && strcmp(s, "csv") != 0 && strcmp(s, "html") != 0) {
		web_error(x, 400, "Định dạng không hợp lệ: dùng format=csv.");
		return -1;
	}
	q->csv = s && strcmp(s, "csv") == 0;
	return 0;
}

/* /tasks?year=…&status=…… with the filters of q (no page). */
static void tasks_url(struct buf *u, const struct tasks_query *q)
{
	buf_puts(u, "/tasks");
	page_query_add(u, "year", q->year_s);
	page_query_add(u, "status", q->status_s);
	page_query_add(u, "investor", q->investor);
	page_query_add(u, "category", q->category);
	page_query_add(u, "tag", q->tag_s);
	page_query_add(u, "q", q->q);
	page_query_add(u, "sort", q->sort_s);
	page_query_add(u, "reverse", q->desc ? "1" : NULL);
}

struct tasks_units {
	struct buf *b;
	size_t n;
};

static int tasks_unit_option(void *ctx, const struct unit *u)
{
	struct tasks_units *l = ctx;
	/* the list is a convenience: it stops after TASKS_UNITS_LISTED units */
	if (l->n++ < TASKS_UNITS_LISTED)
		escape_htmlf(l->b, "<option value=\"%s\">%s</option>\n", u->code, u->name);
	return 0;
}

/* Inserts year into the descending list years[0..*n) unless it is there (or 0). */
static void tasks_year_add(int *years, size_t *n, int year)
{
	size_t i = 0;
	if (!year)
		return;
	while (i < *n && years[i] > year)
		i++;
	if (i < *n && years[i] == year)
		return;
	memmove(years + i + 1, years + i, (*n - i) * sizeof *years);
	years[i] = year;
	(*n)++;
}

static void tasks_form(struct http_exchange *x, const struct tasks_query *q)
{
	struct buf *b = &x->rs->body;
	char v[16];
	buf_puts(b, "<form class=\"panel filters\" method=\"get\" action=\"/tasks\" "
	            "role=\"search\" aria-label=\"Lọc nhiệm vụ\">\n");
	page_input(b, &(struct page_field){.id = "f-q",
	                                   .name = "q",
	                                   .label = "Tìm kiếm",
	                                   .type = "search",
	                                   .value = q->q,
	                                   .hint = "Mã hoặc tên; không phân biệt dấu, hoa thường"});
	page_select_begin(b, &(struct page_field){.id = "f-year", .name = "year", .label = "Năm"});
	page_option(b, "all", "Tất cả các năm", !q->filter.year);
	/* the years that have tasks, and the default and the chosen year, newest first */
	int years[TASKS_YEARS_LISTED + 2];
	size_t ny = 0;
	if (app_task_years(x->app, years, TASKS_YEARS_LISTED, &ny) != APP_OK)
		ny = 0;
	tasks_year_add(years, &ny, exchange_default_year(x));
	tasks_year_add(years, &ny, q->filter.year);
	for (size_t i = 0; i < ny; i++) {
		snprintf(v, sizeof v, "%d", years[i]);
		page_option(b, v, v, years[i] == q->filter.year);
	}
	page_select_end(b);
	page_select_begin(
	    b, &(struct page_field){.id = "f-status", .name = "status", .label = "Trạng thái"});
	page_option(b, "", "Tất cả", q->filter.status < 0);
	for (int s = 0; s < TASK_STATUS_COUNT; s++) {
		struct buf label;
		buf_init(&label, 0);
		page_capitalized(&label, task_status_label_vi((enum task_status)s));
		/* page_option escapes the label again: harmless, statuses hold no & < > " ' */
		page_option(b, task_status_code((enum task_status)s), buf_cstr(&label),
		            q->filter.status == s);
		buf_finish(&label);
	}
	page_select_end(b);
	page_input(b, &(struct page_field){.id = "f-investor",
	                                   .name = "investor",
	                                   .label = "Chủ đầu tư (mã đơn vị)",
	                                   .value = q->investor,
	                                   .attrs = "list=\"unit-list\" autocomplete=\"off\""});
	page_input(b, &(struct page_field){.id = "f-category",
	                                   .name = "category",
	                                   .label = "Lĩnh vực",
	                                   .value = q->category});
	page_select_begin(
	    b, &(struct page_field){.id = "f-tag", .name = "tag", .label = "Nhóm ưu tiên"});
	page_option(b, "", "Tất cả", !q->tag_s);
	for (unsigned i = 0; i < TASK_TAG_COUNT; i++)
		page_option(b, task_tag_code(i), task_tag_label_vi(i),
		            q->tag_s && strcmp(q->tag_s, task_tag_code(i)) == 0);
	page_select_end(b);
	page_select_begin(
	    b, &(struct page_field){.id = "f-sort", .name = "sort", .label = "Sắp xếp theo"});
	for (size_t i = 0; i < sizeof tasks_sorts / sizeof tasks_sorts[0]; i++)
		page_option(b, tasks_sorts[i].code, tasks_sorts[i].label,
		            q->filter.sort == tasks_sorts[i].sort);
	page_select_end(b);
	page_checkbox(b, "f-reverse", "reverse", "1", "Đảo thứ tự", q->desc);
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Lọc</button>"
	            "<a class=\"button button-secondary\" href=\"/tasks\">Bỏ lọc</a></div>\n"
	            "</form>\n<datalist id=\"unit-list\">\n");
	struct buf units;
	buf_init(&units, 0);
	struct tasks_units l = {&units, 0};
	if (app_units_each(x->app, tasks_unit_option, &l) == APP_OK)
		buf_append(b, units.data, units.len);
	buf_finish(&units);
	buf_puts(b, "</datalist>\n");
}

static void tasks_table(struct http_exchange *x, const struct tasks_query *q,
                        const struct tasks_pass *p)
{
	struct buf *b = &x->rs->body;
	bool all_years = !q->filter.year;
	static const struct page_col cols[] = {
	    {"Năm", false},
	    {"Mã", false},
	    {"Tên nhiệm vụ", false},
	    {"Chủ đầu tư", false},
	    {"Kinh phí (triệu đồng)", true},
	    {"Đã giải ngân (triệu đồng)", true},
	    {"Tiến độ", true},
	    {"Trạng thái", false},
	};
	char caption[96];
	size_t pages = (p->count + TASKS_PAGE_SIZE - 1) / TASKS_PAGE_SIZE;
	snprintf(caption, sizeof caption, "Danh sách nhiệm vụ — trang %lld/%zu", (long long)q->page,
	         pages ? pages : 1);
	page_table_begin(b, "tasks", caption, all_years ? cols : cols + 1, all_years ? 8 : 7);
	struct buf url;
	buf_init(&url, 0);
	for (size_t i = 0; i < p->n_rows; i++) {
		const struct task *t = &p->rows[i];
		buf_reset(&url);
		page_task_url(&url, t->year, t->code);
		buf_puts(b, "<tr>");
		if (all_years)
			buf_printf(b, "<td>%d</td>", t->year);
		escape_htmlf(
		    b, "<td class=\"code\"><a href=\"%s\">%s</a></td><td class=\"wide\">%s</td>",
		    buf_cstr(&url), t->code, t->name);
		if (p->investor_names[i])
			escape_htmlf(b, "<td>%s <span class=\"muted\">(%s)</span></td>",
			             p->investor_names[i], t->investor);
		else
			escape_htmlf(b, "<td>%s</td>", t->investor);
		buf_puts(b, "<td class=\"num\">");
		vnfmt_million(b, t->budget_vnd);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, t->disbursed_vnd);
		buf_printf(b, "</td><td class=\"num\">%d %%</td><td>", t->progress_pct);
		page_status(b, t->status);
		buf_puts(b, "</td></tr>\n");
	}
	if (p->n_rows == 0)
		buf_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", all_years ? 8 : 7,
		           p->count ? "Trang này không có nhiệm vụ nào."
		                    : "Không có nhiệm vụ nào khớp bộ lọc.");
	page_table_end(b);
	buf_finish(&url);
}

static void tasks_pager(struct http_exchange *x, const struct tasks_query *q,
                        const struct tasks_pass *p)
{
	struct buf prev, next;
	buf_init(&prev, 0);
	buf_init(&next, 0);
	char n[24];
	if (q->page > 1) {
		tasks_url(&prev, q);
		snprintf(n, sizeof n, "%lld", (long long)(q->page - 1));
		if (q->page > 2)
			page_query_add(&prev, "page", n);
	}
	if ((size_t)q->page * TASKS_PAGE_SIZE < p->count) {
		tasks_url(&next, q);
		snprintf(n, sizeof n, "%lld", (long long)(q->page + 1));
		page_query_add(&next, "page", n);
	}
	page_pager(&x->rs->body, prev.len ? buf_cstr(&prev) : NULL, "Trang trước",
	           next.len ? buf_cstr(&next) : NULL, "Trang sau");
	buf_finish(&prev);
	buf_finish(&next);
}

/* Names the investors of the shown rows (one lookup per distinct unit, after the pass). */
static void tasks_investor_names(struct http_exchange *x, struct tasks_pass *p)
{
	for (size_t i = 0; i < p->n_rows; i++) {
		size_t j = 0;
		while (j < i && strcmp(p->rows[j].investor, p->rows[i].investor) != 0)
			j++;
		if (j < i) {
			p->investor_names[i] = p->investor_names[j];
			continue;
		}
		struct unit u = {0};
		if (app_unit_get(x->app, p->rows[i].investor, &u) == APP_OK)
			p->investor_names[i] = arena_strdup(x->rq->arena, u.name);
		unit_clear(&u);
	}
}

/* The CSV export: the import format, UTF-8 with a BOM (Excel reads it as UTF-8). */
static void tasks_csv(struct http_exchange *x, const struct tasks_query *q)
{
	struct buf body;
	buf_init(&body, 0);
	buf_puts(&body, "\xEF\xBB\xBF");
	task_io_csv_header(&body);
	struct tasks_pass *p = arena_alloc(x->rq->arena, sizeof *p);
	memset(p, 0, sizeof *p);
	p->csv = &body;
	enum app_status st = app_tasks_each(x->app, &q->filter, tasks_each, p);
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	char disposition[80];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"tasks-%s.csv\"",
	         q->year_s);
	x->rs->status = 200;
	x->rs->no_store = true;
	x->rs->content_type = "text/csv; charset=utf-8";
	http_response_header(x->rs, x->rq->arena, "Content-Disposition",
	                     arena_strdup(x->rq->arena, disposition));
	buf_reset(&x->rs->body);
	buf_append(&x->rs->body, body.data, body.len);
out:
	buf_finish(&body);
}

/* GET /tasks: the filter form, the count and totals, one page of tasks, the CSV link. */
void web_tasks(struct http_exchange *x)
{
	struct tasks_query q;
	char year_buf[16];
	struct tasks_pass *p = NULL;
	struct buf u;
	buf_init(&u, 0);
	if (tasks_parse(x, &q, year_buf, sizeof year_buf) < 0)
		goto out;
	if (q.csv) {
		tasks_csv(x, &q);
		goto out;
	}
	p = arena_alloc(x->rq->arena, sizeof *p);
	memset(p, 0, sizeof *p);
	p->first = (size_t)(q.page - 1) * TASKS_PAGE_SIZE;
	enum app_status st = app_tasks_each(x->app, &q.filter, tasks_each, p);
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	tasks_investor_names(x, p);
	x->rs->status = 200;
	page_begin(x, "Nhiệm vụ, dự án", PAGE_NAV_TASKS);
	struct buf *b = &x->rs->body;
	tasks_form(x, &q);

	buf_printf(b, "<p id=\"task-count\">Có <strong>%zu</strong> nhiệm vụ khớp bộ lọc",
	           p->count);
	if (p->count) {
		buf_puts(b, "; tổng kinh phí ");
		vnfmt_money(b, p->budget_vnd);
		buf_puts(b, ", đã giải ngân ");
		vnfmt_money(b, p->disbursed_vnd);
		buf_puts(b, " (");
		vnfmt_fixed(b, money_pct_x10(p->disbursed_vnd, p->budget_vnd), 1);
		buf_puts(b, " %)");
	}
	buf_puts(b, ".</p>\n");
	tasks_url(&u, &q);
	page_query_add(&u, "format", "csv");
	buf_puts(b, "<p><a id=\"csv-link\" class=\"button button-secondary\" href=\"");
	escape_attr(b, buf_cstr(&u));
	buf_printf(b,
	           "\" download>Tải CSV</a> <span class=\"muted\">(tất cả %zu nhiệm vụ khớp "
	           "bộ lọc, không chỉ trang này; mở được bằng Excel và nhập lại được)</span></p>\n",
	           p->count);
	tasks_table(x, &q, p);
	tasks_pager(x, &q, p);
	page_end(x);
out:
	if (p)
		for (size_t i = 0; i < p->n_rows; i++)
			task_clear(&p->rows[i]);
	buf_finish(&u);
}
