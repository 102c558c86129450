/* dashboard.c — the committee's overview of a year (Tổng quan).
 *
 *   GET /?year=Y   the figures exactly as `dxtrack summary` computes them (app_summary), the
 *                  report paragraph, the two charts, the table per investor, and the lagging
 *                  tasks linked to their pages
 *
 * Two queries per request: the summary, and one pass over the year's tasks for the lagging
 * ones (investor names come from the summary, so the pass needs no further lookups).
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../http/escape.h"
#include "../report/chart_svg.h"
#include "../report/summary_report.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

struct dashboard_lagging {
	const struct summary *s;
	struct buf *rows;
	struct buf url;
	int count;
};

/* The investor's name as the summary knows it, else its code. */
static const char *dashboard_investor(const struct summary *s, const char *code)
{
	for (size_t i = 0; i < s->n_investors; i++)
		if (strcmp(s->investors[i].code, code) == 0)
			return s->investors[i].name ? s->investors[i].name : code;
	return code;
}

static int dashboard_lagging_each(void *ctx, const struct task *t)
{
	struct dashboard_lagging *l = ctx;
	if (!task_is_lagging(t, l->s->as_of))
		return 0;
	l->count++;
	buf_reset(&l->url);
	page_task_url(&l->url, t->year, t->code);
	escape_htmlf(l->rows,
	             "<tr><td class=\"code\"><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td>",
	             buf_cstr(&l->url), t->code, t->name, dashboard_investor(l->s, t->investor));
	buf_printf(l->rows, "<td class=\"num\">%d %%</td><td>", t->progress_pct);
	page_date(l->rows, t->end_date);
	buf_puts(l->rows, "</td><td>");
	page_status(l->rows, t->status);
	buf_puts(l->rows, "</td></tr>\n");
	return 0;
}

/* "53,0 %" */
static void dashboard_pct(struct buf *b, int64_t part, int64_t whole)
{
	vnfmt_fixed(b, summary_pct_x10(part, whole), 1);
	buf_puts(b, " %");
}

static void dashboard_year_picker(struct http_exchange *x, int year)
{
	struct buf *b = &x->rs->body;
	int from = exchange_default_year(x) - 3, to = exchange_default_year(x) + 1;
	if (from < TASK_YEAR_MIN)
		from = TASK_YEAR_MIN;
	if (to > TASK_YEAR_MAX)
		to = TASK_YEAR_MAX;
	buf_puts(b, "<form class=\"year-picker\" method=\"get\" action=\"/\">\n");
	page_select_begin(b, &(struct page_field){.name = "year", .label = "Năm"});
	char v[16];
	bool shown = false;
	for (int y = from; y <= to; y++) {
		if (!shown && year < y) {
			snprintf(v, sizeof v, "%d", year);
			page_option(b, v, v, true);
			shown = true;
		}
		snprintf(v, sizeof v, "%d", y);
		page_option(b, v, v, y == year);
		shown |= y == year;
	}
	if (!shown) {
		snprintf(v, sizeof v, "%d", year);
		page_option(b, v, v, true);
	}
	page_select_end(b);
	buf_puts(b, "<button type=\"submit\" class=\"button-secondary\">Xem</button>\n</form>\n");
}

/* An amount as the committee reads it ("67,2 tỷ đồng"), the exact đồng under it, and the value
 * for machines in a <data> element. */
static void dashboard_money(struct buf *b, int64_t vnd)
{
	buf_printf(b, "<data value=\"%lld\">", (long long)vnd);
	vnfmt_money(b, vnd);
	buf_puts(b, "</data><span class=\"exact\">");
	vnfmt_int(b, vnd);
	buf_puts(b, " đồng</span>");
}

static void dashboard_figures(struct buf *b, const struct summary *s)
{
	buf_puts(b, "<dl class=\"figures\">\n<div class=\"figure\"><dt>Số nhiệm vụ, dự án</dt>"
	            "<dd id=\"fig-tasks\">");
	vnfmt_int(b, s->tasks);
	buf_puts(b,
	         "</dd></div>\n<div class=\"figure\"><dt>Tổng kinh phí</dt><dd id=\"fig-budget\">");
	dashboard_money(b, s->budget_vnd);
	buf_puts(b, "</dd></div>\n<div class=\"figure\"><dt>Đã giải ngân</dt>"
	            "<dd id=\"fig-disbursed\">");
	dashboard_money(b, s->disbursed_vnd);
	buf_puts(b,
	         "</dd></div>\n<div class=\"figure\"><dt>Tỷ lệ giải ngân</dt><dd id=\"fig-rate\">");
	dashboard_pct(b, s->disbursed_vnd, s->budget_vnd);
	buf_puts(b, "</dd></div>\n<div class=\"figure\"><dt>Chậm tiến độ</dt>"
	            "<dd id=\"fig-lagging\">");
	vnfmt_int(b, s->lagging);
	buf_puts(b, "</dd></div>\n</dl>\n");
}

static void dashboard_by_status(struct buf *b, const struct summary *s)
{
	static const struct page_col cols[] = {
	    {"Trạng thái", false}, {"Số nhiệm vụ", true}, {"Tỷ lệ", true}};
	page_table_begin(b, "by-status", "Số nhiệm vụ theo trạng thái", cols, 3);
	for (int st = 0; st < TASK_STATUS_COUNT; st++) {
		buf_printf(b, "<tr id=\"status-%s\"><th scope=\"row\">",
		           task_status_code((enum task_status)st));
		page_capitalized(b, task_status_label_vi((enum task_status)st));
		buf_puts(b, "</th><td class=\"num\">");
		vnfmt_int(b, s->by_status[st]);
		buf_puts(b, "</td><td class=\"num\">");
		if (s->tasks > 0)
			dashboard_pct(b, s->by_status[st], s->tasks);
		else
			buf_puts(b, "—");
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
}

static void dashboard_charts(struct buf *b, struct arena *arena, const struct summary *s)
{
	size_t n = s->n_investors;
	struct chart_bar *bars = n ? arena_alloc(arena, n * sizeof *bars) : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct summary_investor *inv = &s->investors[i];
		bars[i] = (struct chart_bar){inv->name ? inv->name : inv->code, inv->budget_vnd,
		                             inv->disbursed_vnd};
	}
	buf_puts(b, "<div class=\"charts\">\n<figure>\n<figcaption>Kinh phí và giải ngân theo chủ "
	            "đầu tư</figcaption>\n");
	chart_svg_budget(b, "chart-budget", "Kinh phí và giải ngân theo chủ đầu tư", bars, n);
	buf_puts(b, "</figure>\n<figure>\n<figcaption>Nhiệm vụ theo trạng thái</figcaption>\n");
	chart_svg_status(b, "chart-status", "Nhiệm vụ theo trạng thái", s->by_status);
	buf_puts(b, "</figure>\n</div>\n");
}

static void dashboard_investors(struct buf *b, const struct summary *s)
{
	static const struct page_col cols[] = {
	    {"Chủ đầu tư", false},           {"Số nhiệm vụ", true},
	    {"Kinh phí (triệu đồng)", true}, {"Giải ngân (triệu đồng)", true},
	    {"Tỷ lệ giải ngân", true},       {"Hoàn thành", true},
	    {"Chậm tiến độ", true},
	};
	page_table_begin(b, "by-investor", "Theo chủ đầu tư", cols, 7);
	for (size_t i = 0; i <= s->n_investors; i++) {
		bool total = i == s->n_investors;
		const struct summary_investor *inv = total ? NULL : &s->investors[i];
		if (total)
			buf_puts(b, "<tr class=\"total\"><th scope=\"row\">Tổng cộng</th>");
		else
			escape_htmlf(b, "<tr><th scope=\"row\">%s</th>",
			             inv->name ? inv->name : inv->code);
		int64_t budget = total ? s->budget_vnd : inv->budget_vnd;
		int64_t disbursed = total ? s->disbursed_vnd : inv->disbursed_vnd;
		buf_puts(b, "<td class=\"num\">");
		vnfmt_int(b, total ? s->tasks : inv->tasks);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, budget);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, disbursed);
		buf_puts(b, "</td><td class=\"num\">");
		dashboard_pct(b, disbursed, budget);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_int(b, total ? s->by_status[TASK_COMPLETED] : inv->completed);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_int(b, total ? s->lagging : inv->lagging);
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
}

/* GET /?year=Y: the committee's figures for year Y (default: exchange_default_year). */
void web_dashboard(struct http_exchange *x)
{
	struct summary s;
	struct diag d;
	struct dashboard_lagging lag = {.s = &s};
	struct buf rows;
	bool have_summary = false;
	int64_t year = exchange_default_year(x);
	const char *qy = page_query(x, "year");
	buf_init(&lag.url, 0);
	buf_init(&rows, 0);
	lag.rows = &rows;
	diag_init(&d);
	if (qy && qy[0] && page_parse_int(qy, TASK_YEAR_MIN, TASK_YEAR_MAX, &year) < 0) {
		web_error(x, 400, "Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.");
		goto out;
	}
	/* everything below the header depends only on the data, the year, the years offered and
	 * today (lagging): the user's name and CSRF token are in the header */
	char title[64], key[128];
	int64_t gen;
	snprintf(title, sizeof title, "Tổng quan năm %d", (int)year);
	snprintf(key, sizeof key, "dashboard %d %d %04d-%02d-%02d", (int)year,
	         exchange_default_year(x), x->app->today.year, x->app->today.month,
	         x->app->today.day);
	if (page_cached(x, key, title, PAGE_NAV_DASHBOARD, NULL, NULL, &gen))
		goto out;
	enum app_status st = app_summary(x->app, (int)year, NULL, (struct date){0, 0, 0}, &s, &d);
	have_summary = true;
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	struct task_filter f = {.year = (int)year, .status = -1, .sort = TASK_SORT_CODE};
	st = app_tasks_each(x->app, &f, dashboard_lagging_each, &lag);
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}

	x->rs->status = 200;
	page_begin(x, title, PAGE_NAV_DASHBOARD);
	struct buf *b = &x->rs->body;
	size_t content = b->len;
	dashboard_year_picker(x, (int)year);
	buf_puts(b, "<p class=\"muted\">Số liệu hiện hành; chậm tiến độ tính đến ngày ");
	page_date(b, s.as_of);
	buf_puts(b, ".</p>\n");
	dashboard_figures(b, &s);

	struct buf para;
	buf_init(&para, 0);
	summary_report_paragraph(&s, &para);
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-paragraph\">\n"
	            "<h2 id=\"h-paragraph\">Báo cáo tóm tắt</h2>\n<p class=\"paragraph\" "
	            "id=\"summary-paragraph\">");
	escape_html(b, buf_cstr(&para));
	buf_puts(b, "</p>\n</section>\n");
	buf_finish(&para);

	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-charts\">\n"
	            "<h2 id=\"h-charts\">Biểu đồ</h2>\n");
	dashboard_charts(b, x->rq->arena, &s);
	buf_puts(b, "</section>\n<h2>Theo trạng thái</h2>\n");
	dashboard_by_status(b, &s);
	buf_puts(b, "<h2>Theo chủ đầu tư</h2>\n");
	dashboard_investors(b, &s);

	static const struct page_col cols[] = {
	    {"Mã", false},     {"Tên nhiệm vụ", false},  {"Chủ đầu tư", false},
	    {"Tiến độ", true}, {"Ngày kết thúc", false}, {"Trạng thái", false},
	};
	char caption[96];
	snprintf(caption, sizeof caption, "Nhiệm vụ chậm tiến độ (%d)", lag.count);
	buf_puts(b, "<h2>Nhiệm vụ chậm tiến độ</h2>\n<p class=\"muted\">Chưa hoàn thành và đã quá "
	            "ngày kết thúc, hoặc tiến độ chậm hơn 25 điểm phần trăm so với thời gian đã "
	            "trôi qua.</p>\n");
	page_table_begin(b, "lagging", caption, cols, 6);
	if (lag.count == 0)
		buf_puts(b,
		         "<tr><td colspan=\"6\">Không có nhiệm vụ nào chậm tiến độ.</td></tr>\n");
	else
		buf_append(b, rows.data, rows.len);
	page_table_end(b);
	page_end_cached(x, key, gen, content);
out:
	if (have_summary)
		summary_finish(&s);
	buf_finish(&lag.url);
	buf_finish(&rows);
	diag_finish(&d);
}
