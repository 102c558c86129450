/* dti.c — the DTI readiness of a year (Chỉ số chuyển đổi số DTI): what the province would score,
 * what is not yet backed by evidence, and who owes what by when.
 *
 *   GET /dti?year=Y   (default: the newest bound year not after this year) the score claimed
 *                     and the score if nothing more is evidenced, the points at risk; the main
 *                     indices as a chart (report/dti_report's SVG) and a table with the year
 *                     before's published values; the items whose points are at risk, most
 *                     first; the reminders (overdue items); the responsible units
 *
 * The figures are app_dti_assessment's, as of today, rounded as the readiness JSON rounds them
 * (report/dti_report: a score to 4 decimals, points to 2); the lists are that JSON's, so the page,
 * `dxtrack dti readiness` and GET /api/v1/dti/{year} never disagree. Numbers are written the
 * Vietnamese way (0,8002; 123,45). Everything below the header depends only on the data, the
 * year and today, so it is cached like the dashboard.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "../http/escape.h"
#include "../report/dti_report.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

#define DTI_YEARS_MAX 64 /* bound years offered by the picker */

/* The bound years, newest first. */
struct dti_years {
	int years[DTI_YEARS_MAX];
	size_t n;
};

static int dti_years_each(void *ctx, int year, const char *framework, const char *province)
{
	struct dti_years *y = ctx;
	(void)framework;
	(void)province;
	if (y->n < DTI_YEARS_MAX)
		y->years[y->n++] = year;
	return 0;
}

/* v rounded to `decimals` places, the Vietnamese way: (0.80016, 4) → "0,8002". */
static void dti_fixed(struct buf *b, double v, int decimals)
{
	vnfmt_fixed(b, (int64_t)llround(v * pow(10, decimals)), decimals);
}

/* A number of the JSON (a real or an integer) to `decimals` places; "—" for null. */
static void dti_json_fixed(struct buf *b, const json_t *v, int decimals)
{
	if (json_is_number(v))
		dti_fixed(b, json_number_value(v), decimals);
	else
		buf_puts(b, "—");
}

static const char *dti_json_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* /dti/2023/1.1: an item's page (the code as one escaped path segment). */
static void dti_item_url(struct buf *u, int year, const char *code)
{
	buf_printf(u, "/dti/%d/", year);
	escape_url(u, code);
}

/* <a href="/dti/Y/CODE">CODE</a> */
static void dti_item_link(struct buf *b, int year, const char *code)
{
	struct buf u;
	buf_init(&u, 0);
	dti_item_url(&u, year, code);
	escape_htmlf(b, "<a href=\"%s\">%s</a>", buf_cstr(&u), code);
	buf_finish(&u);
}

static void dti_year_picker(struct buf *b, const struct dti_years *ys, int year)
{
	buf_puts(b, "<form class=\"year-picker\" method=\"get\" action=\"/dti\">\n");
	page_select_begin(b, &(struct page_field){.name = "year", .label = "Năm đánh giá"});
	char v[16];
	bool shown = false;
	for (size_t i = 0; i < ys->n; i++) {
		snprintf(v, sizeof v, "%d", ys->years[i]);
		page_option(b, v, v, ys->years[i] == year);
		shown |= ys->years[i] == year;
	}
	if (!shown) {
		snprintf(v, sizeof v, "%d", year);
		page_option(b, v, v, true);
	}
	page_select_end(b);
	buf_puts(b, "<button type=\"submit\" class=\"button-secondary\">Xem</button>\n</form>\n");
}

/* What an administrator runs to start: a framework, then a year bound to it. */
static void dti_how_to_start(struct buf *b, int year)
{
	buf_printf(b,
	           "<p>Quản trị viên nhập khung chỉ số và gắn năm đánh giá với nó bằng dòng lệnh, "
	           "ví dụ:</p>\n<pre class=\"command\"><code>dxtrack dti framework import "
	           "data/dti/QD922.csv\ndxtrack dti use %d QD922</code></pre>\n",
	           year);
}

/* The figures: the score claimed, the score if nothing more is evidenced, the points at risk,
 * the overdue items, and the year before's score when it was published. */
static void dti_figures(struct buf *b, const struct dti_assessment *a, size_t overdue)
{
	buf_puts(
	    b, "<dl class=\"figures dti-figures\">\n<div class=\"figure\"><dt>Điểm tự đánh giá</dt>"
	       "<dd id=\"fig-score\">");
	dti_fixed(b, a->score, 4);
	buf_puts(b, "<span class=\"exact\">");
	dti_fixed(b, a->points, 2);
	buf_puts(b, " điểm / 1.000</span></dd></div>\n<div class=\"figure\"><dt>Điểm có minh "
	            "chứng</dt><dd id=\"fig-evidenced\">");
	dti_fixed(b, a->points_evidenced / DTI_POINTS_TOTAL, 4);
	buf_puts(b, "<span class=\"exact\">");
	dti_fixed(b, a->points_evidenced, 2);
	buf_puts(b, " điểm: nếu không bổ sung minh chứng</span></dd></div>\n"
	            "<div class=\"figure figure-risk\"><dt>Điểm chưa có minh chứng</dt>"
	            "<dd id=\"fig-at-risk\">");
	dti_fixed(b, a->points_at_risk, 2);
	buf_puts(b, "<span class=\"exact\">điểm có thể bị mất</span></dd></div>\n"
	            "<div class=\"figure\"><dt>Quá hạn</dt><dd id=\"fig-overdue\">");
	buf_printf(b, "%zu<span class=\"exact\">mục còn nợ đã quá hạn</span></dd></div>\n",
	           overdue);
	if (a->previous.year) {
		buf_printf(b, "<div class=\"figure\"><dt>DTI năm %d</dt><dd id=\"fig-previous\">",
		           a->previous.year);
		if (a->previous.has_score)
			dti_fixed(b, a->previous.score, 4);
		else
			buf_puts(b, "—");
		buf_printf(b, "<span class=\"exact\">%s</span></dd></div>\n",
		           a->previous.score_published ? "Bộ đã công bố"
		                                       : "tính từ các chỉ số chính đã công bố");
	}
	buf_puts(b, "</dl>\n");
}

/* The main indices: value, points (of their maximum), points at risk, the year before. */
static void dti_main_table(struct buf *b, const json_t *mains)
{
	static const struct page_col cols[] = {
	    {"Mã", false},
	    {"Chỉ số chính", false},
	    {"Giá trị", true},
	    {"Điểm đạt / tối đa", true},
	    {"Chưa có minh chứng (điểm)", true},
	    {"Năm trước", true},
	    {"Thay đổi", true},
	};
	page_table_begin(b, "main-indices", "Các chỉ số chính", cols, 7);
	size_t i;
	const json_t *m;
	json_array_foreach(mains, i, m)
	{
		escape_htmlf(b, "<tr><td class=\"code\">%s</td><th scope=\"row\">%s</th>",
		             dti_json_str(m, "code"), dti_json_str(m, "name"));
		buf_puts(b, "<td class=\"num\">");
		dti_json_fixed(b, json_object_get(m, "value"), 4);
		buf_puts(b, "</td><td class=\"num\">");
		dti_json_fixed(b, json_object_get(m, "points"), 2);
		buf_puts(b, " / ");
		dti_json_fixed(b, json_object_get(m, "points_max"), 2);
		buf_puts(b, "</td><td class=\"num\">");
		dti_json_fixed(b, json_object_get(m, "points_at_risk"), 2);
		buf_puts(b, "</td><td class=\"num\">");
		dti_json_fixed(b, json_object_get(m, "previous"), 4);
		buf_puts(b, "</td><td class=\"num\">");
		const json_t *change = json_object_get(m, "change");
		if (json_is_number(change) && json_number_value(change) > 0)
			buf_puts(b, "+");
		dti_json_fixed(b, change, 4);
		buf_puts(b, "</td></tr>\n");
	}
	if (json_array_size(mains) == 0)
		buf_puts(
		    b, "<tr><td colspan=\"7\">Khung chỉ số chưa có chỉ số chính nào.</td></tr>\n");
	page_table_end(b);
}

/* The responsible unit of a list row: "Sở Thông tin và Truyền thông (STTTT)", or "chưa giao". */
static void dti_unit_cell(struct buf *b, const char *code, const char *name)
{
	if (!code)
		buf_puts(b, "<span class=\"muted\">chưa giao</span>");
	else if (name)
		escape_htmlf(b, "%s <span class=\"muted\">(%s)</span>", name, code);
	else
		escape_html(b, code);
}

/* The items whose points are at risk, most points first (the JSON's order). */
static void dti_at_risk_table(struct buf *b, const struct dti_assessment *a, const json_t *list)
{
	static const struct page_col cols[] = {{"Mã", false},
	                                       {"Chỉ tiêu thành phần", false},
	                                       {"Đơn vị chịu trách nhiệm", false},
	                                       {"Điểm chưa có minh chứng", true}};
	page_table_begin(b, "at-risk", "Điểm chưa có minh chứng, nhiều điểm nhất trước", cols, 4);
	size_t i;
	const json_t *r;
	json_array_foreach(list, i, r)
	{
		const char *code = dti_json_str(r, "code");
		size_t k = code ? app_dti_find(a, code) : a->n;
		buf_puts(b, "<tr><td class=\"code\">");
		dti_item_link(b, a->year, code ? code : "");
		escape_htmlf(b, "</td><td>%s</td><td>", dti_json_str(r, "name"));
		dti_unit_cell(b, dti_json_str(r, "unit"),
		              k < a->n ? a->entries[k].unit_name : NULL);
		buf_puts(b, "</td><td class=\"num\">");
		dti_json_fixed(b, json_object_get(r, "points"), 2);
		buf_puts(b, "</td></tr>\n");
	}
	if (json_array_size(list) == 0)
		buf_puts(b, "<tr><td colspan=\"4\">Mọi điểm đạt được đều đã có minh chứng trong "
		            "năm đánh giá.</td></tr>\n");
	page_table_end(b);
}

/* The reminders: the overdue items (framework order), each with its unit, due date and the
 * points it is worth. */
static void dti_reminders_table(struct buf *b, const struct dti_assessment *a, size_t overdue)
{
	static const struct page_col cols[] = {{"Mã", false},
	                                       {"Chỉ tiêu thành phần", false},
	                                       {"Đơn vị", false},
	                                       {"Hạn", false},
	                                       {"Trạng thái", false},
	                                       {"Điểm tối đa", true},
	                                       {"Chưa có minh chứng (điểm)", true}};
	page_table_begin(b, "reminders", "Mục quá hạn cần nhắc", cols, 7);
	for (size_t i = 0; i < a->n; i++) {
		if (!a->scored[i] || !a->overdue[i])
			continue;
		const struct dti_entry *e = &a->entries[i];
		buf_puts(b, "<tr><td class=\"code\">");
		dti_item_link(b, a->year, a->items[i].code);
		escape_htmlf(b, "</td><td>%s</td><td>", a->items[i].name);
		dti_unit_cell(b, e->unit, e->unit_name);
		buf_puts(b, "</td><td class=\"code overdue\">");
		page_date(b, e->due);
		buf_printf(b, "</td><td><span class=\"dti-status dti-status-%s\">",
		           dti_status_name(e->status));
		page_capitalized(b, dti_status_label_vi(e->status));
		buf_puts(b, "</span></td><td class=\"num\">");
		dti_fixed(b, a->item_max_points[i], 2);
		buf_puts(b, "</td><td class=\"num\">");
		dti_fixed(b, a->item_at_risk[i], 2);
		buf_puts(b, "</td></tr>\n");
	}
	if (overdue == 0)
		buf_puts(b, "<tr><td colspan=\"7\">Không có mục nào quá hạn.</td></tr>\n");
	page_table_end(b);
}

/* Per responsible unit: items owed, overdue, points at risk (the JSON's order). */
static void dti_units_table(struct buf *b, const json_t *list)
{
	static const struct page_col cols[] = {{"Đơn vị chịu trách nhiệm", false},
	                                       {"Số mục còn nợ", true},
	                                       {"Quá hạn", true},
	                                       {"Điểm chưa có minh chứng", true}};
	page_table_begin(b, "by-unit", "Theo đơn vị chịu trách nhiệm", cols, 4);
	size_t i;
	const json_t *u;
	json_array_foreach(list, i, u)
	{
		buf_puts(b, "<tr><th scope=\"row\">");
		dti_unit_cell(b, dti_json_str(u, "unit"), dti_json_str(u, "unit_name"));
		buf_printf(b,
		           "</th><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
		           "<td class=\"num\">",
		           (long long)json_integer_value(json_object_get(u, "owed")),
		           (long long)json_integer_value(json_object_get(u, "overdue")));
		dti_json_fixed(b, json_object_get(u, "points_at_risk"), 2);
		buf_puts(b, "</td></tr>\n");
	}
	if (json_array_size(list) == 0)
		buf_puts(b, "<tr><td colspan=\"4\">Không đơn vị nào còn nợ.</td></tr>\n");
	page_table_end(b);
}

/* The page of a bound year (status 200). */
static void dti_render(struct http_exchange *x, const struct dti_years *ys,
                       const struct dti_assessment *a, const json_t *j)
{
	struct buf *b = &x->rs->body;
	size_t overdue = 0;
	for (size_t i = 0; i < a->n; i++)
		overdue += a->scored[i] && a->overdue[i];
	dti_year_picker(b, ys, a->year);
	escape_htmlf(b, "<p class=\"muted\" id=\"dti-scope\">Khung chỉ số <strong>%s</strong>",
	             a->framework);
	if (a->province) {
		struct unit u = {0};
		if (app_unit_get(x->app, a->province, &u) == APP_OK)
			escape_htmlf(b, "; đơn vị được đánh giá: %s", u.name);
		unit_clear(&u);
	}
	buf_puts(b, "; tính đến ngày ");
	page_date(b, a->as_of);
	buf_puts(b, ".</p>\n");
	dti_figures(b, a, overdue);
	buf_puts(b, "<p class=\"paragraph\" id=\"dti-claim\">Nếu không bổ sung thêm minh chứng, "
	            "tỉnh chỉ được tính <strong>");
	dti_fixed(b, a->points_evidenced, 2);
	buf_puts(b, " điểm</strong> thay vì ");
	dti_fixed(b, a->points, 2);
	buf_puts(b, " điểm tự đánh giá: ");
	dti_fixed(b, a->points_at_risk, 2);
	buf_puts(b, " điểm chưa có tài liệu kiểm chứng ghi ngày trong năm đánh giá.</p>\n");

	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-main\">\n"
	            "<h2 id=\"h-main\">Các chỉ số chính</h2>\n<figure class=\"dti-chart\">\n"
	            "<figcaption>Giá trị các chỉ số chính (0 đến 1)");
	if (a->previous.year)
		buf_printf(b, ", so với năm %d", a->previous.year);
	buf_puts(b, "</figcaption>\n");
	dti_report_chart_svg(a, b);
	buf_puts(b, "</figure>\n");
	dti_main_table(b, json_object_get(j, "main_indices"));
	buf_puts(b, "</section>\n");

	buf_puts(b, "<h2 id=\"h-at-risk\">Điểm chưa có minh chứng</h2>\n<p class=\"muted\">Điểm mà "
	            "một chỉ tiêu cần tài liệu kiểm chứng đóng góp khi chưa có tài liệu nào ghi "
	            "ngày trong năm đánh giá: Bộ sẽ không tính.</p>\n");
	dti_at_risk_table(b, a, json_object_get(j, "at_risk"));
	buf_puts(b, "<h2 id=\"h-reminders\">Nhắc việc: mục quá hạn</h2>\n<p class=\"muted\">Còn "
	            "nợ (chưa có giá trị, chưa có minh chứng trong năm hoặc chưa gửi) và đã qua "
	            "hạn.</p>\n");
	dti_reminders_table(b, a, overdue);
	buf_puts(b, "<h2 id=\"h-units\">Theo đơn vị</h2>\n");
	dti_units_table(b, json_object_get(j, "by_unit"));
}

/* GET /dti?year=Y */
void web_dti(struct http_exchange *x)
{
	struct dti_years ys = {.n = 0};
	struct dti_assessment a;
	struct diag d;
	json_t *j = NULL;
	bool have = false;
	diag_init(&d);
	enum app_status st = app_dti_years_each(x->app, dti_years_each, &ys);
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	int today = x->app->today.year;
	int64_t year = 0;
	const char *qy = page_query(x, "year");
	if (qy && qy[0]) {
		if (page_parse_int(qy, TASK_YEAR_MIN, TASK_YEAR_MAX, &year) < 0) {
			web_error(x, 400, "Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.");
			goto out;
		}
	} else {
		for (size_t i = 0; i < ys.n && !year; i++)
			if (ys.years[i] <= today)
				year = ys.years[i];
		if (!year && ys.n)
			year = ys.years[ys.n - 1]; /* only years ahead: the nearest */
	}
	char title[64];
	if (!year) {
		x->rs->status = 200;
		page_begin(x, "Chỉ số chuyển đổi số DTI", PAGE_NAV_DTI);
		struct buf *b = &x->rs->body;
		page_notice(b, PAGE_NOTICE_INFO,
		            "Chưa có năm đánh giá DTI nào: chưa có năm nào được gắn với một khung "
		            "chỉ số.");
		dti_how_to_start(b, today);
		page_end(x);
		goto out;
	}
	snprintf(title, sizeof title, "Chỉ số chuyển đổi số DTI năm %d", (int)year);
	char key[96];
	int64_t gen;
	snprintf(key, sizeof key, "dti %d %04d-%02d-%02d", (int)year, x->app->today.year,
	         x->app->today.month, x->app->today.day);
	if (page_cached(x, key, title, PAGE_NAV_DTI, NULL, NULL, &gen))
		goto out;
	st = app_dti_assessment(x->app, (int)year, (struct date){0, 0, 0}, &a, &d);
	have = true;
	if (st == APP_NOT_FOUND) {
		x->rs->status = 404;
		page_begin(x, title, PAGE_NAV_DTI);
		struct buf *b = &x->rs->body;
		if (ys.n)
			dti_year_picker(b, &ys, (int)year);
		char m[160];
		snprintf(
		    m, sizeof m,
		    "Năm %d chưa được gắn với khung chỉ số DTI nào, nên chưa có gì để đánh giá.",
		    (int)year);
		page_notice(b, PAGE_NOTICE_ERROR, m);
		dti_how_to_start(b, (int)year);
		page_end(x);
		goto out;
	}
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	j = dti_report_json(&a);
	x->rs->status = 200;
	page_begin(x, title, PAGE_NAV_DTI);
	size_t mark = x->rs->body.len;
	dti_render(x, &ys, &a, j);
	page_end_cached(x, key, gen, mark);
out:
	json_decref(j);
	if (have)
		dti_assessment_clear(&a);
	diag_finish(&d);
}
