/* plan.c — next year's catalogue (issue 5): the selection under a ceiling, what-if, adoption.
 *
 *   GET  /plan?year=Y&budget_vnd=N&lock=CODE…&exclude=CODE…
 *                         the form (year, ceiling in đồng: "200.000.000.000" or digits), the
 *                         proposals in the selection's order with the cut line ("Hết kinh phí"),
 *                         a lock and an exclude checkbox per row (they re-submit the same GET
 *                         form: "Tính lại"), the totals, the adopted catalogue of the year if any
 *   GET  /plan?…&format=csv   plan_report_csv of the same selection, UTF-8 with a BOM
 *   GET  /plan?…&format=xlsx  report/plan_xlsx's workbook of the same selection
 *   POST /plan/adopt      year, budget_vnd, lock…, exclude…, csrf (admin only in the route
 *                         table): app_plan_adopt, then back to /plan?year=Y&adopted=1
 *
 * year absent means the year after exchange_default_year (proposals are for next year). The rules
 * are app/'s and core/plan.h's; the CSV is report/plan_report's, as `dxtrack plan --format csv`.
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../core/user.h"
#include "../http/escape.h"
#include "../report/plan_report.h"
#include "../report/plan_xlsx.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

/* The request, as parsed and as given (to refill the form and build links). */
struct plan_query {
	struct app_plan_request rq;
	const char *year_s;
	const char *budget_s; /* NULL: no ceiling given, no selection */
	const char **locks, **excludes;
	bool csv;
	bool xlsx;
};

static const char *plan_nonempty(const char *s)
{
	return s && s[0] ? s : NULL;
}

static bool plan_listed(const char *const *list, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], code) == 0)
			return true;
	return false;
}

/* Reads year, budget_vnd, lock and exclude (repeatable) from params (the query or the form).
 * On a bad value writes the 400 page and returns -1. */
static int plan_parse(struct http_exchange *x, const struct http_params *params,
                      struct plan_query *q, char *year_buf, size_t year_size)
{
	memset(q, 0, sizeof q->rq);
	q->budget_s = NULL;
	q->csv = false;
	q->xlsx = false;
	q->locks = arena_alloc(x->rq->arena, (params->count + 1) * sizeof *q->locks);
	q->excludes = arena_alloc(x->rq->arena, (params->count + 1) * sizeof *q->excludes);
	q->rq.locks = q->locks;
	q->rq.excludes = q->excludes;
	const char *year = NULL;
	for (size_t i = 0; i < params->count; i++) {
		const struct http_param *p = &params->items[i];
		if (strcmp(p->name, "year") == 0)
			year = plan_nonempty(p->value);
		else if (strcmp(p->name, "budget_vnd") == 0)
			q->budget_s = plan_nonempty(p->value);
		else if (strcmp(p->name, "lock") == 0 && p->value[0] &&
		         !plan_listed(q->locks, q->rq.n_locks, p->value))
			q->locks[q->rq.n_locks++] = p->value;
		else if (strcmp(p->name, "exclude") == 0 && p->value[0] &&
		         !plan_listed(q->excludes, q->rq.n_excludes, p->value))
			q->excludes[q->rq.n_excludes++] = p->value;
	}
	int64_t n;
	if (!year) {
		q->rq.year = exchange_default_year(x) + 1;
		snprintf(year_buf, year_size, "%d", q->rq.year);
		q->year_s = year_buf;
	} else if (page_parse_int(year, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) == 0) {
		q->rq.year = (int)n;
		q->year_s = year;
	} else {
		web_error(x, 400, "Năm không hợp lệ: hãy nhập một năm từ 2000 đến 2100.");
		return -1;
	}
	const char *why;
	if (q->budget_s &&
	    money_parse(q->budget_s, strlen(q->budget_s), &q->rq.budget_vnd, &why) < 0) {
		web_error(x, 400,
		          "Trần kinh phí không hợp lệ: nhập số đồng, ví dụ 200.000.000.000 hoặc "
		          "200000000000.");
		return -1;
	}
	const char *format = plan_nonempty(http_param_get(params, "format"));
	if (format && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 &&
	    strcmp(format, "html") != 0) {
		web_error(x, 400, "Định dạng không hợp lệ: dùng format=csv hoặc format=xlsx.");
		return -1;
	}
	q->csv = format && strcmp(format, "csv") == 0;
	q->xlsx = format && strcmp(format, "xlsx") == 0;
	return 0;
}

/* /plan?year=…&budget_vnd=…&lock=…&exclude=… */
static void plan_url(struct buf *u, const struct plan_query *q)
{
	buf_puts(u, "/plan");
	page_query_add(u, "year", q->year_s);
	page_query_add(u, "budget_vnd", q->budget_s);
	for (size_t i = 0; i < q->rq.n_locks; i++)
		page_query_add(u, "lock", q->locks[i]);
	for (size_t i = 0; i < q->rq.n_excludes; i++)
		page_query_add(u, "exclude", q->excludes[i]);
}

/* The cut line's text: what was selected of the ceiling and what is left. */
static void plan_cut_text(struct buf *b, const struct plan_result *r)
{
	buf_puts(b, "Hết kinh phí: đã chọn ");
	page_vnd(b, r->selected_vnd);
	buf_puts(b, " trên trần ");
	page_vnd(b, r->budget_vnd);
	buf_puts(b, ", còn lại ");
	page_vnd(b, r->budget_vnd - r->selected_vnd);
	buf_puts(b, "; các đề xuất dưới dòng này không được chọn.");
}

/* The proposals in the result's order with the cut line; with q, a lock and an exclude
 * checkbox per row (inside the GET form). */
static void plan_table(struct buf *b, const char *id, const char *caption,
                       const struct plan_result *r, const struct plan_query *q)
{
	static const struct page_col cols[] = {
	    {"Mã", false},          {"Tên nhiệm vụ", false}, {"Chủ đầu tư", false},
	    {"Nhóm ưu tiên", true}, {"Điểm", true},          {"Kinh phí (triệu đồng)", true},
	    {"Chọn", false},        {"Lý do", false},        {"Giữ / loại", false},
	};
	size_t ncols = q ? 9 : 8;
	page_table_begin(b, id, caption, cols, ncols);
	for (size_t i = 0; i < r->n; i++) {
		const struct plan_entry *e = &r->entries[i];
		if (i == r->n_selected) {
			buf_printf(b, "<tr class=\"cut-line\"><td colspan=\"%zu\">", ncols);
			plan_cut_text(b, r);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, e->selected ? "<tr class=\"plan-selected\">" : "<tr>");
		escape_htmlf(b, "<td class=\"code\">%s</td><td class=\"wide\">%s</td><td>%s</td>",
		             e->code, e->name, e->investor);
		buf_printf(b,
		           "<td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">",
		           e->tier, e->score);
		vnfmt_million(b, e->budget_vnd);
		buf_printf(b, "</td><td>%s</td>", e->selected ? "Được chọn" : "Không chọn");
		escape_htmlf(b, "<td class=\"reason\">%s</td>", e->reason);
		if (q) {
			char lid[32], xid[32], ll[96], xl[96];
			snprintf(lid, sizeof lid, "lock-%zu", i);
			snprintf(xid, sizeof xid, "exclude-%zu", i);
			snprintf(ll, sizeof ll, "Giữ %s", e->code);
			snprintf(xl, sizeof xl, "Loại %s", e->code);
			buf_puts(b, "<td class=\"plan-picks\">");
			page_checkbox(b, lid, "lock", e->code, ll,
			              plan_listed(q->locks, q->rq.n_locks, e->code));
			page_checkbox(b, xid, "exclude", e->code, xl,
			              plan_listed(q->excludes, q->rq.n_excludes, e->code));
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	if (r->n_selected == r->n && r->n) {
		buf_printf(b, "<tr class=\"cut-line\"><td colspan=\"%zu\">", ncols);
		plan_cut_text(b, r);
		buf_puts(b, "</td></tr>\n");
	}
	if (r->n == 0)
		buf_printf(b, "<tr><td colspan=\"%zu\">Chưa có đề xuất nào cho năm %d.</td></tr>\n",
		           ncols, r->year);
	page_table_end(b);
}

static void plan_totals(struct buf *b, const struct plan_result *r)
{
	buf_printf(b, "<p id=\"plan-totals\">Được chọn <strong>%zu</strong>/%zu đề xuất, tổng ",
	           r->n_selected, r->n);
	page_vnd(b, r->selected_vnd);
	buf_puts(b, "; còn lại ");
	page_vnd(b, r->budget_vnd - r->selected_vnd);
	buf_puts(b, " của trần ");
	page_vnd(b, r->budget_vnd);
	buf_puts(b, ".</p>\n");
}

/* The adopted catalogue of the year, if there is one. */
static void plan_adopted(struct http_exchange *x, int year)
{
	struct buf *b = &x->rs->body;
	struct plan_result r;
	struct diag d;
	plan_result_init(&r);
	diag_init(&d);
	enum app_status st = app_plan_show(x->app, year, &r, &d);
	if (st == APP_OK) {
		buf_printf(b,
		           "<section aria-labelledby=\"adopted-h\">\n"
		           "<h2 id=\"adopted-h\">Danh mục đã phê duyệt năm %d</h2>\n<p "
		           "id=\"adopted-by\">Phê duyệt lúc ",
		           year);
		page_utc(b, r.adopted_at);
		escape_htmlf(b, " bởi <strong>%s</strong>", r.adopted_by ? r.adopted_by : "");
		if (r.locks && r.locks[0])
			escape_htmlf(b, "; giữ: %s", r.locks);
		if (r.excludes && r.excludes[0])
			escape_htmlf(b, "; loại: %s", r.excludes);
		buf_puts(b, ".</p>\n");
		plan_totals(b, &r);
		char caption[80];
		snprintf(caption, sizeof caption, "Danh mục đã phê duyệt năm %d", year);
		plan_table(b, "plan-adopted", caption, &r, NULL);
		buf_puts(b, "</section>\n");
	} else if (st != APP_NOT_FOUND) {
		page_notice(b, PAGE_NOTICE_ERROR, "Không đọc được danh mục đã phê duyệt.");
	}
	diag_finish(&d);
	plan_result_finish(&r);
}

/* The hidden fields of a selection (the adopt form). */
static void plan_hidden(struct buf *b, const struct plan_query *q)
{
	char year[16];
	snprintf(year, sizeof year, "%d", q->rq.year);
	page_hidden(b, "year", year);
	page_hidden(b, "budget_vnd", q->budget_s);
	for (size_t i = 0; i < q->rq.n_locks; i++)
		page_hidden(b, "lock", q->locks[i]);
	for (size_t i = 0; i < q->rq.n_excludes; i++)
		page_hidden(b, "exclude", q->excludes[i]);
}

/* The page: form, selection (r NULL: none computed), the adopted catalogue. err/d: a problem
 * to list above the form. */
static void plan_render(struct http_exchange *x, const struct plan_query *q,
                        const struct plan_result *r, const char *err, struct diag *d)
{
	page_begin(x, "Danh mục nhiệm vụ năm sau", PAGE_NAV_PLAN);
	struct buf *b = &x->rs->body;
	if (page_query(x, "adopted"))
		page_notice(
		    b, PAGE_NOTICE_OK,
		    "Đã phê duyệt danh mục: các đề xuất được chọn đã thành nhiệm vụ của năm "
		    "(chưa triển khai).");
	if (err)
		page_diag(b, err, "plan-errors", d, NULL);
	buf_puts(b,
	         "<p>Chọn đề xuất theo thứ tự ưu tiên của Ban chỉ đạo: nhóm 1 (phục vụ người "
	         "dân, doanh nghiệp; cải cách hành chính; hạ tầng dùng chung; an toàn thông tin; "
	         "Đề án 06), nhóm 2 (chuyển tiếp), nhóm 3 (còn lại); trong mỗi nhóm lấy tập có "
	         "tổng điểm lớn nhất vừa kinh phí còn lại.</p>\n");
	buf_puts(b, "<form class=\"panel filters\" method=\"get\" action=\"/plan\" "
	            "aria-label=\"Tính danh mục\">\n");
	page_input(b, &(struct page_field){.id = "p-year",
	                                   .name = "year",
	                                   .label = "Năm của danh mục",
	                                   .type = "number",
	                                   .value = q->year_s,
	                                   .attrs = "min=\"2000\" max=\"2100\" required"});
	page_input(b, &(struct page_field){.id = "p-budget",
	                                   .name = "budget_vnd",
	                                   .label = "Trần kinh phí (đồng)",
	                                   .value = q->budget_s,
	                                   .hint = "Ví dụ 200.000.000.000; đổi số rồi bấm "
	                                           "“Tính lại” để thử phương án khác",
	                                   .attrs = "inputmode=\"numeric\" required"});
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Tính lại</button></div>\n");
	if (r) {
		char caption[96];
		snprintf(caption, sizeof caption, "Đề xuất năm %d theo thứ tự ưu tiên", r->year);
		plan_totals(b, r);
		plan_table(b, "plan", caption, r, q);
		buf_puts(
		    b, "<div class=\"actions\"><button type=\"submit\">Tính lại</button></div>\n");
	}
	buf_puts(b, "</form>\n");
	if (r) {
		struct buf u;
		buf_init(&u, 0);
		plan_url(&u, q);
		page_query_add(&u, "format", "csv");
		buf_puts(b, "<p><a id=\"csv-link\" class=\"button button-secondary\" href=\"");
		escape_attr(b, buf_cstr(&u));
		buf_puts(b, "\" download>Tải CSV</a> <a id=\"xlsx-link\" class=\"button "
		            "button-secondary\" href=\"");
		buf_reset(&u);
		plan_url(&u, q);
		page_query_add(&u, "format", "xlsx");
		escape_attr(b, buf_cstr(&u));
		buf_puts(b, "\" download>Tải XLSX</a> <span class=\"muted\">(danh mục đề xuất như "
		            "trên, mở được bằng Excel)</span></p>\n");
		buf_finish(&u);
		const struct app_principal *who = page_user(x);
		if (who && who->role == ROLE_ADMIN && r->n_selected) {
			buf_puts(b, "<form class=\"panel\" method=\"post\" action=\"/plan/adopt\" "
			            "aria-label=\"Phê duyệt danh mục\">\n");
			page_csrf(b, x->csrf);
			plan_hidden(b, q);
			buf_printf(b,
			           "<p>Phê duyệt: %zu đề xuất được chọn thành nhiệm vụ năm %d. Mỗi "
			           "năm chỉ phê duyệt một lần.</p>\n<div class=\"actions\"><button "
			           "type=\"submit\">Phê duyệt danh mục</button></div>\n</form>\n",
			           r->n_selected, r->year);
		}
	}
	plan_adopted(x, q->rq.year);
	page_end(x);
}

/* The CSV export: plan_report_csv, UTF-8 with a BOM (Excel reads it as UTF-8). */
static void plan_csv(struct http_exchange *x, const struct plan_query *q,
                     const struct plan_result *r)
{
	char disposition[80];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"plan-%d.csv\"",
	         q->rq.year);
	x->rs->status = 200;
	x->rs->no_store = true;
	x->rs->content_type = "text/csv; charset=utf-8";
	http_response_header(x->rs, x->rq->arena, "Content-Disposition",
	                     arena_strdup(x->rq->arena, disposition));
	buf_reset(&x->rs->body);
	buf_puts(&x->rs->body, "\xEF\xBB\xBF");
	plan_report_csv(r, &x->rs->body);
}

/* The workbook export: report/plan_xlsx; 500 when it cannot be made. */
static void plan_xlsx(struct http_exchange *x, const struct plan_query *q,
                      const struct plan_result *r)
{
	struct buf bytes;
	buf_init(&bytes, 0);
	if (plan_xlsx_write(r, &bytes) < 0) {
		buf_finish(&bytes);
		web_error(x, 500, "Không tạo được tệp XLSX.");
		return;
	}
	char disposition[80];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"plan-%d.xlsx\"",
	         q->rq.year);
	x->rs->status = 200;
	x->rs->no_store = true;
	x->rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	http_response_header(x->rs, x->rq->arena, "Content-Disposition",
	                     arena_strdup(x->rq->arena, disposition));
	buf_reset(&x->rs->body);
	buf_append(&x->rs->body, bytes.data, bytes.len);
	buf_finish(&bytes);
}

static const char *plan_problem(enum app_status st)
{
	return st == APP_CONFLICT ? "Không phê duyệt được: danh mục năm này đã được phê duyệt, "
	                            "hoặc một mã đã là nhiệm vụ của năm."
	                          : "Không tính được danh mục:";
}

/* GET /plan */
void web_plan(struct http_exchange *x)
{
	struct plan_query q;
	char year_buf[16];
	if (plan_parse(x, &x->rq->query, &q, year_buf, sizeof year_buf) < 0)
		return;
	if (!q.budget_s) {
		if (q.csv || q.xlsx) {
			web_error(x, 400,
			          q.csv ? "Hãy nhập trần kinh phí (budget_vnd) để tải CSV."
			                : "Hãy nhập trần kinh phí (budget_vnd) để tải XLSX.");
			return;
		}
		x->rs->status = 200;
		plan_render(x, &q, NULL, NULL, NULL);
		return;
	}
	struct plan_result r;
	struct diag d;
	plan_result_init(&r);
	diag_init(&d);
	enum app_status st = app_plan(x->app, &q.rq, &r, &d);
	if (st == APP_OK && q.csv) {
		plan_csv(x, &q, &r);
	} else if (st == APP_OK && q.xlsx) {
		plan_xlsx(x, &q, &r);
	} else if (st == APP_OK) {
		x->rs->status = 200;
		plan_render(x, &q, &r, NULL, NULL);
	} else if (st == APP_BAD_INPUT || st == APP_CONFLICT) {
		x->rs->status = exchange_status_of(st);
		plan_render(x, &q, NULL, plan_problem(st), &d);
	} else {
		page_fail(x, st);
	}
	diag_finish(&d);
	plan_result_finish(&r);
}

/* POST /plan/adopt */
void web_plan_adopt(struct http_exchange *x)
{
	struct plan_query q;
	char year_buf[16];
	if (plan_parse(x, &x->rq->form, &q, year_buf, sizeof year_buf) < 0)
		return;
	if (!q.budget_s) {
		web_error(x, 400, "Thiếu trần kinh phí (budget_vnd).");
		return;
	}
	struct plan_result r;
	struct diag d;
	plan_result_init(&r);
	diag_init(&d);
	enum app_status st = app_plan_adopt(x->app, &q.rq, &r, &d);
	if (st == APP_OK) {
		struct buf url;
		buf_init(&url, 0);
		buf_printf(&url, "/plan?year=%d&adopted=1", q.rq.year);
		http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, buf_cstr(&url)));
		x->rs->no_store = true;
		buf_finish(&url);
	} else if (st == APP_BAD_INPUT || st == APP_CONFLICT) {
		x->rs->status = exchange_status_of(st);
		plan_render(x, &q, NULL, plan_problem(st), &d);
	} else {
		page_fail(x, st);
	}
	diag_finish(&d);
	plan_result_finish(&r);
}
