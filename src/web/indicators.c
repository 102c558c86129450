/* indicators.c — the committee's indicators (Chỉ số): every indicator of a unit, one indicator
 * with its drill-down, ranking and trend, and the units that have not reported.
 *
 *   GET /indicators?period=&unit=               every indicator's figure for the unit: value,
 *                                               measure, target, red/amber/green in words,
 *                                               reporting/expected units; links to each
 *   GET /indicators/{code}?period=&unit=&level= the figure; the units below (next level down, or
 *                                               every unit of `level`) ranked best first by the
 *                                               indicator's direction, each linking to its own
 *                                               page (drill-down); the trend as an SVG chart
 *                                               and a table
 *   GET /indicators/missing?period=&unit=       completeness: per indicator the expected units
 *                                               that have not reported, by name
 *
 * The figures are app/'s (the same computation as `dxtrack indicator value`); the part of a
 * page below its header is kept in the response cache while the data's generation is unchanged,
 * so a write (an import, the entry form) shows at once. The picker's "this year" makes today's
 * year part of each key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/escape.h"
#include "../report/chart_svg.h"
#include "../text/vnfmt.h"
#include "indicator_page.h"
#include "web.h"

/* Links for the roles that may enter values; outside the cached part (it depends on the user). */
static void indicators_entry_link(struct http_exchange *x, const void *arg)
{
	const struct indicator_page_query *q = arg;
	const struct app_principal *who = page_user(x);
	if (!who || (who->role != ROLE_ADMIN && who->role != ROLE_EDITOR))
		return;
	struct buf u;
	buf_init(&u, 0);
	buf_puts(&u, "/indicators/entry");
	page_query_add(&u, "period", q->period_text);
	if (who->role == ROLE_ADMIN)
		page_query_add(&u, "unit", q->unit);
	escape_htmlf(
	    &x->rs->body,
	    "<p class=\"page-links\"><a class=\"button button-secondary\" href=\"%s\">Nhập "
	    "số liệu chỉ số</a></p>\n",
	    buf_cstr(&u));
	buf_finish(&u);
}

/* "Tỉnh Bắc Kạn, năm 2023 — theo các đơn vị hành chính ngày 31/12/2023." */
static void indicators_scope(struct buf *b, const char *unit_name, struct period p)
{
	struct buf when;
	buf_init(&when, 0);
	period_format_vi(&when, p);
	escape_htmlf(b,
	             "<p class=\"muted\" id=\"scope\"><strong>%s</strong>, %s — tính theo các "
	             "đơn vị hành chính ngày ",
	             unit_name, buf_cstr(&when));
	struct date last = period_last_day(p);
	page_date(b, last);
	buf_puts(b, ". Giá trị tổng hợp từ các đơn vị cấp thấp nhất báo cáo chỉ số; đơn vị chưa "
	            "báo cáo không được tính là 0.</p>\n");
	buf_finish(&when);
}

/* ---- /indicators ----------------------------------------------------------------------------- */

struct indicators_overview {
	struct http_exchange *x;
	const struct indicator_page_query *q;
	struct buf rows;
	struct buf url;
	char unit_name[UNIT_NAME_MAX * 4 + 1];
	size_t n;
};

static int indicators_overview_row(void *ctx, const struct indicator_figure *f)
{
	struct indicators_overview *o = ctx;
	struct buf *b = &o->rows;
	const struct indicator *ind = f->indicator;
	if (!o->unit_name[0])
		snprintf(o->unit_name, sizeof o->unit_name, "%s",
		         f->unit_name ? f->unit_name : f->unit);
	buf_reset(&o->url);
	indicator_page_url(&o->url, "/indicators", ind->code, o->q, NULL);
	escape_htmlf(b,
	             "<tr id=\"ind-%s\"><th scope=\"row\"><a href=\"%s\">%s</a></th>"
	             "<td class=\"num value\">",
	             ind->code, buf_cstr(&o->url), ind->name);
	indicator_page_value(b, ind, f->has_value, f->value);
	escape_htmlf(b, "</td><td>%s</td><td class=\"num\">", ind->measure ? ind->measure : "");
	indicator_page_value(b, ind, f->has_target, f->target);
	buf_puts(b, "</td><td>");
	indicator_page_rag(b, f);
	buf_puts(b, "</td><td class=\"num\">");
	indicator_page_reporting(b, f);
	buf_puts(b, "</td></tr>\n");
	o->n++;
	return 0;
}

/* GET /indicators?period=&unit=: every indicator for one unit and period. */
void web_indicators(struct http_exchange *x)
{
	struct indicator_page_query q;
	struct indicators_overview o = {.x = x, .q = &q};
	struct diag d;
	buf_init(&o.rows, 0);
	buf_init(&o.url, 0);
	diag_init(&d);
	if (indicator_page_query(x, false, NULL, &q) < 0)
		goto out;
	char key[CACHE_KEY_MAX + 1];
	int64_t gen;
	snprintf(key, sizeof key, "page indicators %s %s %d", q.period_text, q.unit,
	         x->app->today.year);
	if (page_cached(x, key, "Chỉ số chuyển đổi số", PAGE_NAV_INDICATORS, indicators_entry_link,
	                &q, &gen))
		goto out;
	enum app_status s =
	    app_indicator_unit(x->app, q.unit, q.period, indicators_overview_row, &o, &d);
	if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có đơn vị này trong kỳ đã chọn.");
		goto out;
	}
	if (s != APP_OK) {
		page_fail(x, s);
		goto out;
	}
	x->rs->status = 200;
	page_begin(x, "Chỉ số chuyển đổi số", PAGE_NAV_INDICATORS);
	indicators_entry_link(x, &q);
	struct buf *b = &x->rs->body;
	size_t content = b->len;
	indicator_page_picker(x, &q, &(struct indicator_page_picker){.action = "/indicators"});
	if (!o.unit_name[0]) {
		struct unit u = {0};
		if (app_unit_get(x->app, q.unit, &u) == APP_OK)
			snprintf(o.unit_name, sizeof o.unit_name, "%s", u.name);
		unit_clear(&u);
	}
	indicators_scope(b, o.unit_name[0] ? o.unit_name : q.unit, q.period);
	buf_reset(&o.url);
	indicator_page_url(&o.url, "/indicators/missing", NULL, &q, NULL);
	escape_htmlf(b, "<p><a href=\"%s\">Đơn vị chưa báo cáo trong kỳ</a></p>\n",
	             buf_cstr(&o.url));
	static const struct page_col cols[] = {
	    {"Chỉ số", false},  {"Giá trị", true},   {"Đơn vị tính", false},
	    {"Chỉ tiêu", true}, {"Đánh giá", false}, {"Đơn vị đã báo cáo", true},
	};
	struct buf caption;
	buf_init(&caption, 0);
	buf_printf(&caption, "Các chỉ số — %s, ", o.unit_name[0] ? o.unit_name : q.unit);
	period_format_vi(&caption, q.period);
	page_table_begin(b, "indicators", buf_cstr(&caption), cols, 6);
	buf_finish(&caption);
	if (o.n == 0)
		buf_puts(b, "<tr><td colspan=\"6\">Chưa có chỉ số nào: hãy nhập danh mục chỉ số "
		            "(<code>dxtrack import indicators</code>).</td></tr>\n");
	buf_append(b, o.rows.data, o.rows.len);
	page_table_end(b);
	buf_puts(b, "<p class=\"muted\">Đánh giá so với chỉ tiêu theo hướng của chỉ số: "
	            "<strong>Đạt</strong> khi đạt hoặc vượt chỉ tiêu; <strong>Gần đạt</strong> khi "
	            "còn cách chỉ tiêu không quá 10 % của chỉ tiêu; <strong>Chưa đạt</strong> khi "
	            "cách xa hơn.</p>\n");
	page_end_cached(x, key, gen, content);
out:
	buf_finish(&o.rows);
	buf_finish(&o.url);
	diag_finish(&d);
}

/* ---- /indicators/{code} ---------------------------------------------------------------------- */

/* A unit below, kept for the ranking. */
struct indicators_child {
	struct indicator_figure f; /* strings below are copies in the arena */
};

struct indicators_detail {
	struct http_exchange *x;
	const struct indicator *ind; /* the page's copy: app's lives only during the call */
	bool have_self;
	struct indicator_figure self;
	struct indicators_child *children;
	size_t n, cap;
};

static const char *indicators_dup(struct http_exchange *x, const char *s)
{
	return s ? arena_strdup(x->rq->arena, s) : NULL;
}

static int indicators_detail_each(void *ctx, const struct indicator_figure *f)
{
	struct indicators_detail *dt = ctx;
	struct indicator_figure c = *f;
	c.indicator = dt->ind;
	c.unit = indicators_dup(dt->x, f->unit);
	c.unit_name = indicators_dup(dt->x, f->unit_name);
	if (!dt->have_self) {
		dt->self = c;
		dt->have_self = true;
		return 0;
	}
	if (dt->n == dt->cap) {
		size_t cap = dt->cap ? 2 * dt->cap : 64;
		struct indicators_child *grown = arena_alloc(dt->x->rq->arena, cap * sizeof *grown);
		if (dt->n)
			memcpy(grown, dt->children, dt->n * sizeof *grown);
		dt->children = grown;
		dt->cap = cap;
	}
	dt->children[dt->n++].f = c;
	return 0;
}

static int indicators_rank_cmp(const void *a, const void *b)
{
	const struct indicator_figure *x = &((const struct indicators_child *)a)->f;
	const struct indicator_figure *y = &((const struct indicators_child *)b)->f;
	int c = indicator_compare(x->indicator, x->has_value, x->value, y->has_value, y->value);
	return c ? c : strcmp(x->unit, y->unit);
}

/* The indicator's definition in words. */
static void indicators_definition(struct buf *b, const struct indicator *ind)
{
	static const char *const how[INDICATOR_AGGREGATION_COUNT] = {
	    [INDICATOR_SUM] = "tổng giá trị các đơn vị báo cáo",
	    [INDICATOR_RATIO] = "tỷ số",
	    [INDICATOR_SHARE] = "tỷ lệ đơn vị đạt (giá trị 1) trên số đơn vị báo cáo",
	    [INDICATOR_MEAN] = "trung bình các đơn vị báo cáo",
	    [INDICATOR_MIN] = "giá trị nhỏ nhất",
	    [INDICATOR_MAX] = "giá trị lớn nhất",
	    [INDICATOR_LAST] = "tổng các giá trị mới nhất của các đơn vị báo cáo",
	};
	escape_htmlf(b, "<p class=\"muted\">Mã %s; cách tổng hợp: %s", ind->code,
	             how[ind->aggregation]);
	if (ind->aggregation == INDICATOR_RATIO) {
		struct indicator shown = {.decimals = 6};
		buf_puts(b, " ");
		indicator_format_value(b, &shown, ind->multiplier);
		escape_htmlf(b, " × %s / %s", ind->numerator, ind->denominator);
	}
	buf_puts(b, ind->direction == INDICATOR_DOWN ? "; càng thấp càng tốt.</p>\n"
	                                             : "; càng cao càng tốt.</p>\n");
}

static void indicators_figures(struct buf *b, const struct indicator_figure *f)
{
	const struct indicator *ind = f->indicator;
	buf_puts(b, "<dl class=\"figures\">\n<div class=\"figure\"><dt>Giá trị</dt>"
	            "<dd id=\"fig-value\">");
	indicator_page_amount(b, ind, f->has_value, f->value);
	buf_puts(b, "</dd></div>\n<div class=\"figure\"><dt>Chỉ tiêu</dt><dd id=\"fig-target\">");
	indicator_page_amount(b, ind, f->has_target, f->target);
	buf_puts(b, "</dd></div>\n<div class=\"figure\"><dt>Đánh giá</dt><dd id=\"fig-status\">");
	indicator_page_rag(b, f);
	buf_puts(b, "</dd></div>\n<div class=\"figure\"><dt>Đơn vị đã báo cáo</dt>"
	            "<dd id=\"fig-reporting\">");
	indicator_page_reporting(b, f);
	buf_puts(b, "</dd></div>\n</dl>\n");
}

static void indicators_ranking(struct http_exchange *x, const struct indicator_page_query *q,
                               struct indicators_detail *dt)
{
	struct buf *b = &x->rs->body;
	const struct indicator *ind = dt->self.indicator;
	qsort(dt->children, dt->n, sizeof *dt->children, indicators_rank_cmp);
	struct buf caption, url;
	buf_init(&caption, 0);
	buf_init(&url, 0);
	buf_puts(&caption, "Xếp hạng ");
	vnfmt_int(&caption, (int64_t)dt->n);
	buf_printf(&caption, " đơn vị %s %s, ", q->levels ? "thuộc" : "cấp dưới của",
	           dt->self.unit_name ? dt->self.unit_name : dt->self.unit);
	period_format_vi(&caption, q->period);
	buf_puts(&caption, ind->direction == INDICATOR_DOWN ? " (thấp nhất đứng đầu)"
	                                                    : " (cao nhất đứng đầu)");
	static const struct page_col cols[] = {
	    {"Hạng", true},     {"Đơn vị", false},   {"Giá trị", true},
	    {"Chỉ tiêu", true}, {"Đánh giá", false}, {"Đơn vị đã báo cáo", true},
	};
	page_table_begin(b, "ranking", buf_cstr(&caption), cols, 6);
	size_t rank = 0;
	for (size_t i = 0; i < dt->n; i++) {
		const struct indicator_figure *f = &dt->children[i].f;
		/* equal figures share a rank (1, 2, 2, 4); no value: no rank */
		const struct indicator_figure *prev = i ? &dt->children[i - 1].f : NULL;
		if (!prev || indicator_compare(ind, prev->has_value, prev->value, f->has_value,
		                               f->value) != 0)
			rank = i + 1;
		buf_reset(&url);
		indicator_page_url(&url, "/indicators", ind->code, q, f->unit);
		escape_htmlf(b, "<tr id=\"unit-%s\"><td class=\"num\">", f->unit);
		if (f->has_value)
			buf_printf(b, "%zu", rank);
		else
			buf_puts(b, "—");
		escape_htmlf(b, "</td><th scope=\"row\"><a href=\"%s\">", buf_cstr(&url));
		indicator_page_unit_name(b, f);
		escape_htmlf(b,
		             "</a> <span class=\"muted\">(%s)</span></th><td class=\"num value\">",
		             f->unit);
		indicator_page_value(b, ind, f->has_value, f->value);
		buf_puts(b, "</td><td class=\"num\">");
		indicator_page_value(b, ind, f->has_target, f->target);
		buf_puts(b, "</td><td>");
		indicator_page_rag(b, f);
		buf_puts(b, "</td><td class=\"num\">");
		indicator_page_reporting(b, f);
		buf_puts(b, "</td></tr>\n");
	}
	if (dt->n == 0)
		buf_puts(b, "<tr><td colspan=\"6\">Không có đơn vị cấp dưới nào báo cáo chỉ số "
		            "này.</td></tr>\n");
	page_table_end(b);
	buf_finish(&caption);
	buf_finish(&url);
}

/* The trend's periods as the page keeps them. */
struct indicators_trend {
	const struct indicator *ind; /* the page's copy: app's lives only during the call */
	struct indicator_figure f[APP_INDICATOR_TREND_MAX];
	size_t n;
};

static int indicators_trend_each(void *ctx, const struct indicator_figure *f)
{
	struct indicators_trend *t = ctx;
	if (t->n < APP_INDICATOR_TREND_MAX) {
		t->f[t->n] = *f; /* its strings are not kept: only its numbers are read */
		t->f[t->n].indicator = t->ind;
		t->f[t->n].unit = t->f[t->n].unit_name = NULL;
		t->n++;
	}
	return 0;
}

static void indicators_trend(struct http_exchange *x, const struct indicator *ind,
                             const char *unit_name, struct indicators_trend *t)
{
	struct buf *b = &x->rs->body;
	struct arena *arena = x->rq->arena;
	struct chart_point *pts = arena_alloc(arena, (t->n ? t->n : 1) * sizeof *pts);
	struct buf text;
	buf_init(&text, 0);
	for (size_t i = 0; i < t->n; i++) {
		const struct indicator_figure *f = &t->f[i];
		static const char *const quarters[] = {"", "Quý I", "Quý II", "Quý III", "Quý IV"};
		char label[16];
		if (f->period.type == PERIOD_YEAR)
			snprintf(label, sizeof label, "%d", f->period.year);
		else if (f->period.type == PERIOD_QUARTER)
			snprintf(label, sizeof label, "%s", quarters[f->period.index]);
		else
			snprintf(label, sizeof label, "T%d", f->period.index);
		pts[i] = (struct chart_point){.label = arena_strdup(arena, label),
		                              .has_value = f->has_value,
		                              .value = f->value,
		                              .has_target = f->has_target,
		                              .target = f->target};
		buf_reset(&text);
		indicator_format_value(&text, ind, f->value);
		pts[i].value_text = arena_strdup(arena, buf_cstr(&text));
		buf_reset(&text);
		indicator_format_value(&text, ind, f->target);
		pts[i].target_text = arena_strdup(arena, buf_cstr(&text));
	}
	buf_reset(&text);
	buf_printf(&text, "%s — %s", ind->name, unit_name);
	buf_puts(b, "<figure class=\"trend\">\n<figcaption>");
	escape_html(b, buf_cstr(&text));
	buf_puts(b, "</figcaption>\n");
	chart_svg_columns(b, "chart-trend", buf_cstr(&text), ind->measure, pts, t->n);
	buf_puts(b, "</figure>\n");
	static const struct page_col cols[] = {
	    {"Kỳ", false},       {"Giá trị", true},           {"Chỉ tiêu", true},
	    {"Đánh giá", false}, {"Đơn vị đã báo cáo", true},
	};
	page_table_begin(b, "trend", "Số liệu của biểu đồ", cols, 5);
	for (size_t i = 0; i < t->n; i++) {
		const struct indicator_figure *f = &t->f[i];
		buf_reset(&text);
		period_format_vi(&text, f->period);
		buf_puts(b, "<tr><th scope=\"row\">");
		page_capitalized(b, buf_cstr(&text));
		buf_puts(b, "</th><td class=\"num value\">");
		indicator_page_value(b, ind, f->has_value, f->value);
		buf_puts(b, "</td><td class=\"num\">");
		indicator_page_value(b, ind, f->has_target, f->target);
		buf_puts(b, "</td><td>");
		indicator_page_rag(b, f);
		buf_puts(b, "</td><td class=\"num\">");
		indicator_page_reporting(b, f);
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
	buf_finish(&text);
}

/* Home › Tỉnh Bắc Kạn › Thành phố Bắc Kạn: the way back up the tree, each a link. */
static void indicators_breadcrumb(struct http_exchange *x, const struct indicator_page_query *q,
                                  const char *code)
{
	struct unit_list l = {0};
	if (app_units_at(x->app, period_last_day(q->period), unit_list_add, &l) != APP_OK) {
		unit_list_finish(&l);
		return;
	}
	const struct unit *path[ROLLUP_DEPTH_MAX];
	size_t n = 0;
	const char *at = q->unit;
	while (at && n < ROLLUP_DEPTH_MAX) {
		const struct unit *u = NULL;
		for (size_t i = 0; i < l.count && !u; i++) /* a short walk over one list */
			if (strcmp(l.items[i].code, at) == 0)
				u = &l.items[i];
		if (!u)
			break;
		path[n++] = u;
		at = u->parent_code;
	}
	struct buf *b = &x->rs->body;
	struct buf url;
	buf_init(&url, 0);
	buf_puts(b, "<nav class=\"breadcrumb\" aria-label=\"Cấp đơn vị\"><ol>\n");
	for (size_t k = n; k-- > 0;) {
		buf_reset(&url);
		indicator_page_url(&url, "/indicators", code, q, path[k]->code);
		if (k == 0)
			escape_htmlf(b, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>\n",
			             buf_cstr(&url), path[k]->name);
		else
			escape_htmlf(b, "<li><a href=\"%s\">%s</a></li>\n", buf_cstr(&url),
			             path[k]->name);
	}
	buf_puts(b, "</ol></nav>\n");
	buf_finish(&url);
	unit_list_finish(&l);
}

/* GET /indicators/{code}?period=&unit=&level=: one indicator, its units below, its trend. */
void web_indicator(struct http_exchange *x)
{
	struct indicator_page_query q;
	struct indicator ind = {0};
	struct indicators_detail dt = {.x = x, .ind = &ind};
	struct indicators_trend *trend = arena_alloc(x->rq->arena, sizeof *trend);
	struct diag d;
	diag_init(&d);
	memset(trend, 0, sizeof *trend);
	trend->ind = &ind;
	const char *code = x->rq->route_param_count ? x->rq->route_params[0] : "";
	if (indicator_page_query(x, true, NULL, &q) < 0)
		goto out;
	enum app_status s = unit_code_valid(code, INDICATOR_CODE_MAX)
	                        ? app_indicator_get(x->app, code, &ind)
	                        : APP_NOT_FOUND;
	if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có chỉ số này.");
		goto out;
	}
	if (s != APP_OK) {
		page_fail(x, s);
		goto out;
	}
	char key[CACHE_KEY_MAX + 1];
	int64_t gen;
	snprintf(key, sizeof key, "page indicator %s %s %s %u %d", code, q.period_text, q.unit,
	         q.levels, x->app->today.year);
	if (page_cached(x, key, ind.name, PAGE_NAV_INDICATORS, NULL, NULL, &gen))
		goto out;
	s = app_indicator_children(x->app, code, q.unit, q.period, q.levels, indicators_detail_each,
	                           &dt, &d);
	if (s == APP_OK)
		s = app_indicator_trend(x->app, code, q.unit, q.period, indicators_trend_each,
		                        trend, &d);
	if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có đơn vị này trong kỳ đã chọn.");
		goto out;
	}
	if (s != APP_OK || !dt.have_self) {
		page_fail(x, s != APP_OK ? s : APP_FAILED);
		goto out;
	}
	x->rs->status = 200;
	page_begin(x, ind.name, PAGE_NAV_INDICATORS);
	struct buf *b = &x->rs->body;
	size_t content = b->len;
	struct buf url;
	buf_init(&url, 0);
	indicator_page_url(&url, "/indicators", NULL, &q, NULL);
	escape_htmlf(b, "<p><a href=\"%s\">← Tất cả chỉ số</a></p>\n", buf_cstr(&url));
	buf_finish(&url);
	indicators_breadcrumb(x, &q, code);
	struct buf action;
	buf_init(&action, 0);
	buf_puts(&action, "/indicators/");
	escape_url(&action, code);
	indicator_page_picker(
	    x, &q,
	    &(struct indicator_page_picker){.action = buf_cstr(&action), .with_level = true});
	buf_finish(&action);
	const char *unit_name = dt.self.unit_name ? dt.self.unit_name : dt.self.unit;
	indicators_scope(b, unit_name, q.period);
	indicators_definition(b, &ind);
	indicators_figures(b, &dt.self);
	buf_puts(b, "<h2 id=\"h-ranking\">So sánh các đơn vị</h2>\n");
	indicators_ranking(x, &q, &dt);
	buf_puts(b, "<h2 id=\"h-trend\">Xu hướng</h2>\n");
	indicators_trend(x, &ind, unit_name, trend);
	page_end_cached(x, key, gen, content);
out:
	indicator_clear(&ind);
	diag_finish(&d);
}

/* ---- /indicators/missing --------------------------------------------------------------------- */

struct indicators_missing {
	struct buf summary; /* rows of the table */
	struct buf lists;   /* a section per indicator with missing units */
	char unit_name[UNIT_NAME_MAX * 4 + 1];
	size_t n, incomplete;
};

static int indicators_missing_each(void *ctx, const struct indicator_completeness *c)
{
	struct indicators_missing *m = ctx;
	const struct indicator_figure *f = c->figure;
	const struct indicator *ind = f->indicator;
	if (!m->unit_name[0])
		snprintf(m->unit_name, sizeof m->unit_name, "%s",
		         f->unit_name ? f->unit_name : f->unit);
	m->n++;
	escape_htmlf(&m->summary, "<tr id=\"done-%s\"><th scope=\"row\">%s</th><td class=\"num\">",
	             ind->code, ind->name);
	vnfmt_int(&m->summary, (int64_t)f->reporting_units);
	buf_puts(&m->summary, "/");
	vnfmt_int(&m->summary, (int64_t)f->expected_units);
	buf_puts(&m->summary, "</td><td class=\"num\">");
	if (c->n_missing)
		escape_htmlf(&m->summary, "<a href=\"#missing-%s\">%zu</a>", ind->code,
		             c->n_missing);
	else
		buf_puts(&m->summary, "0");
	buf_puts(&m->summary, "</td></tr>\n");
	if (!c->n_missing)
		return 0;
	m->incomplete++;
	escape_htmlf(&m->lists,
	             "<section class=\"panel\" id=\"missing-%s\" aria-labelledby=\"h-missing-%s\">"
	             "\n<h2 id=\"h-missing-%s\">%s: ",
	             ind->code, ind->code, ind->code, ind->name);
	vnfmt_int(&m->lists, (int64_t)c->n_missing);
	buf_puts(&m->lists, " đơn vị chưa báo cáo</h2>\n<ul class=\"unit-list\">\n");
	for (size_t i = 0; i < c->n_missing; i++) {
		const struct indicator_unit_ref *u = &c->missing[i];
		escape_htmlf(&m->lists, "<li data-unit=\"%s\">%s <span class=\"muted\">(%s)</span>",
		             u->code, u->name, u->code);
		if (u->parent_name)
			escape_htmlf(&m->lists, " — %s", u->parent_name);
		buf_puts(&m->lists, "</li>\n");
	}
	buf_puts(&m->lists, "</ul>\n</section>\n");
	return 0;
}

/* GET /indicators/missing?period=&unit=: who has not reported what. */
void web_indicators_missing(struct http_exchange *x)
{
	struct indicator_page_query q;
	struct indicators_missing m = {0};
	struct diag d;
	buf_init(&m.summary, 0);
	buf_init(&m.lists, 0);
	diag_init(&d);
	if (indicator_page_query(x, false, NULL, &q) < 0)
		goto out;
	char key[CACHE_KEY_MAX + 1];
	int64_t gen;
	snprintf(key, sizeof key, "page missing %s %s %d", q.period_text, q.unit,
	         x->app->today.year);
	if (page_cached(x, key, "Đơn vị chưa báo cáo", PAGE_NAV_INDICATORS, indicators_entry_link,
	                &q, &gen))
		goto out;
	enum app_status s =
	    app_indicator_missing(x->app, q.unit, q.period, indicators_missing_each, &m, &d);
	if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có đơn vị này trong kỳ đã chọn.");
		goto out;
	}
	if (s != APP_OK) {
		page_fail(x, s);
		goto out;
	}
	x->rs->status = 200;
	page_begin(x, "Đơn vị chưa báo cáo", PAGE_NAV_INDICATORS);
	indicators_entry_link(x, &q);
	struct buf *b = &x->rs->body;
	size_t content = b->len;
	struct buf url;
	buf_init(&url, 0);
	indicator_page_url(&url, "/indicators", NULL, &q, NULL);
	escape_htmlf(b, "<p><a href=\"%s\">← Tất cả chỉ số</a></p>\n", buf_cstr(&url));
	buf_finish(&url);
	indicator_page_picker(x, &q,
	                      &(struct indicator_page_picker){.action = "/indicators/missing"});
	if (!m.unit_name[0]) {
		struct unit u = {0};
		if (app_unit_get(x->app, q.unit, &u) == APP_OK)
			snprintf(m.unit_name, sizeof m.unit_name, "%s", u.name);
		unit_clear(&u);
	}
	indicators_scope(b, m.unit_name[0] ? m.unit_name : q.unit, q.period);
	buf_puts(b, "<p>Đơn vị phải báo cáo một chỉ số là các đơn vị cấp thấp nhất thuộc loại đã "
	            "từng gửi số liệu của chỉ số đó (ví dụ các xã, hoặc các cơ quan). Các chỉ số "
	            "tính từ hai chỉ số khác (tỷ số) không được liệt kê riêng.</p>\n");
	if (m.n && !m.incomplete)
		page_notice(b, PAGE_NOTICE_OK,
		            "Tất cả đơn vị đã báo cáo đủ các chỉ số trong kỳ này.");
	static const struct page_col cols[] = {
	    {"Chỉ số", false}, {"Đã báo cáo", true}, {"Chưa báo cáo", true}};
	page_table_begin(b, "completeness", "Mức độ đầy đủ của số liệu theo chỉ số", cols, 3);
	if (m.n == 0)
		buf_puts(b, "<tr><td colspan=\"3\">Chưa có chỉ số nào nhận số liệu.</td></tr>\n");
	buf_append(b, m.summary.data, m.summary.len);
	page_table_end(b);
	buf_append(b, m.lists.data, m.lists.len);
	page_end_cached(x, key, gen, content);
out:
	buf_finish(&m.summary);
	buf_finish(&m.lists);
	diag_finish(&d);
}
