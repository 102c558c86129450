/* indicator_page.c — what the indicator pages share (indicator_page.h). */
#include "indicator_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/escape.h"
#include "../lib/hmap.h"
#include "../lib/mem.h"
#include "../text/vnfmt.h"
#include "web.h"

#define INDICATOR_PAGE_YEARS 32 /* years offered by the period picker */

int indicator_page_query(struct http_exchange *x, bool with_level, const char *default_unit,
                         struct indicator_page_query *q)
{
	const char *period = page_query(x, "period"), *unit = page_query(x, "unit"), *why;
	memset(q, 0, sizeof *q);
	if (period && period[0]) {
		if (period_parse(period, strlen(period), &q->period, &why) < 0) {
			web_error(
			    x, 400,
			    "Kỳ báo cáo không hợp lệ: hãy chọn một năm (2023), một quý (2023Q4) "
			    "hoặc một tháng (2023-12).");
			return -1;
		}
	} else {
		q->period = (struct period){app_indicator_default_year(x->app), PERIOD_YEAR, 0};
	}
	period_text(q->period, q->period_text);
	if (with_level) {
		q->level_s = page_query(x, "level");
		if (q->level_s && !q->level_s[0])
			q->level_s = NULL;
		if (q->level_s && unit_kinds_parse(q->level_s, &q->levels) < 0) {
			web_error(x, 400, "Cấp đơn vị không hợp lệ.");
			return -1;
		}
	}
	if (unit && unit[0]) {
		if (!unit_code_valid(unit, UNIT_CODE_MAX)) {
			web_error(x, 404, "Không có đơn vị này.");
			return -1;
		}
		snprintf(q->unit, sizeof q->unit, "%s", unit);
	} else if (default_unit && default_unit[0]) {
		snprintf(q->unit, sizeof q->unit, "%s", default_unit);
	} else {
		enum app_status s = app_indicator_default_unit(x->app, q->period, q->unit);
		if (s != APP_OK) {
			page_fail(x, s);
			return -1;
		}
		if (!q->unit[0]) {
			web_error(x, 404,
			          "Chưa có đơn vị nào trong kỳ này: hãy nhập danh mục đơn vị.");
			return -1;
		}
	}
	return 0;
}

/* ---- the picker ------------------------------------------------------------------------------ */

/* The units of a day in tree order (each after its parent, siblings by code), with depths. */
struct indicator_page_units {
	struct unit_list list;
	size_t *order;
	int *depth;
	size_t n;
};

static int indicator_page_units_cmp_parent(const void *a, const void *b, void *ctx)
{
	const struct unit *u = ctx;
	const struct unit *x = &u[*(const size_t *)a], *y = &u[*(const size_t *)b];
	const char *px = x->parent_code ? x->parent_code : "",
	           *py = y->parent_code ? y->parent_code : "";
	int c = strcmp(px, py);
	return c ? c : strcmp(x->code, y->code);
}

/* Orders the list in tree order: a depth-first walk from the units whose parent is not in it. */
static void indicator_page_units_order(struct indicator_page_units *t)
{
	size_t n = t->list.count;
	struct unit *u = t->list.items;
	struct hmap index;
	hmap_init(&index);
	for (size_t i = 0; i < n; i++)
		hmap_put(&index, u[i].code, (int64_t)i);
	/* children grouped by parent: by_parent sorted on (parent, code) */
	size_t *by_parent = mem_alloc((n ? n : 1) * sizeof *by_parent);
	for (size_t i = 0; i < n; i++)
		by_parent[i] = i;
	qsort_r(by_parent, n, sizeof *by_parent, indicator_page_units_cmp_parent, u);
	t->order = mem_alloc((n ? n : 1) * sizeof *t->order);
	t->depth = mem_alloc((n ? n : 1) * sizeof *t->depth);
	size_t *stack = mem_alloc((n ? n : 1) * sizeof *stack);
	int *stack_depth = mem_alloc((n ? n : 1) * sizeof *stack_depth);
	bool *seen = mem_calloc(n ? n : 1, sizeof *seen);
	t->n = 0;
	/* from each root (its parent not in the list), in code order: the list is by code */
	for (size_t r = 0; r < n; r++) {
		int64_t p;
		if (u[r].parent_code && hmap_get(&index, u[r].parent_code, &p))
			continue;
		size_t top = 0;
		stack[top] = r;
		stack_depth[top++] = 0;
		while (top > 0) {
			size_t i = stack[--top];
			int d = stack_depth[top];
			if (seen[i])
				continue;
			seen[i] = true;
			t->order[t->n] = i;
			t->depth[t->n++] = d;
			/* push the children of i in reverse code order */
			size_t lo = 0, hi = n;
			while (lo < hi) { /* first entry whose parent is >= u[i].code */
				size_t mid = (lo + hi) / 2;
				const char *pc = u[by_parent[mid]].parent_code;
				if (strcmp(pc ? pc : "", u[i].code) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			size_t end = lo;
			while (end < n && u[by_parent[end]].parent_code &&
			       strcmp(u[by_parent[end]].parent_code, u[i].code) == 0)
				end++;
			for (size_t k = end; k-- > lo;) {
				stack[top] = by_parent[k];
				stack_depth[top++] = d + 1;
			}
		}
	}
	free(by_parent);
	free(stack);
	free(stack_depth);
	free(seen);
	hmap_finish(&index);
}

static void indicator_page_units_finish(struct indicator_page_units *t)
{
	unit_list_finish(&t->list);
	free(t->order);
	free(t->depth);
}

static void indicator_page_period_options(struct http_exchange *x, struct buf *b,
                                          struct period chosen)
{
	int years[INDICATOR_PAGE_YEARS + 2];
	size_t n = 0;
	if (app_indicator_years(x->app, years, INDICATOR_PAGE_YEARS, &n) != APP_OK)
		n = 0;
	/* the chosen year and this year too, newest first */
	int extra[2] = {chosen.year, x->app->today.year};
	for (int e = 0; e < 2; e++) {
		size_t i = 0;
		while (i < n && years[i] > extra[e])
			i++;
		if (i < n && years[i] == extra[e])
			continue;
		memmove(years + i + 1, years + i, (n - i) * sizeof *years);
		years[i] = extra[e];
		n++;
	}
	struct buf label;
	buf_init(&label, 0);
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "<optgroup label=\"%d\">\n", years[i]);
		for (int slot = 0; slot < PERIOD_SLOTS; slot++) {
			struct period p = period_of_slot(years[i], slot);
			char text[PERIOD_TEXT_MAX];
			period_text(p, text);
			buf_reset(&label);
			period_format_vi(&label, p);
			struct buf cap;
			buf_init(&cap, 0);
			page_capitalized(&cap, buf_cstr(&label));
			page_option(b, text, buf_cstr(&cap),
			            p.year == chosen.year && p.type == chosen.type &&
			                p.index == chosen.index);
			buf_finish(&cap);
		}
		buf_puts(b, "</optgroup>\n");
	}
	buf_finish(&label);
}

void indicator_page_picker(struct http_exchange *x, const struct indicator_page_query *q,
                           const struct indicator_page_picker *how)
{
	struct buf *b = &x->rs->body;
	escape_htmlf(b,
	             "<form class=\"panel filters\" method=\"get\" action=\"%s\" "
	             "aria-label=\"Chọn kỳ và đơn vị\">\n",
	             how->action);
	if (how->hidden[0])
		page_hidden(b, how->hidden[0], how->hidden[1]);
	page_select_begin(b,
	                  &(struct page_field){.id = "f-period", .name = "period", .label = "Kỳ"});
	indicator_page_period_options(x, b, q->period);
	page_select_end(b);

	struct indicator_page_units t = {0};
	bool listed =
	    app_units_at(x->app, period_last_day(q->period), unit_list_add, &t.list) == APP_OK;
	page_select_begin(b,
	                  &(struct page_field){.id = "f-unit", .name = "unit", .label = "Đơn vị"});
	bool found = false;
	if (listed) {
		indicator_page_units_order(&t);
		int within_depth = -1; /* inside the subtree of how->within: its depth */
		struct buf label;
		buf_init(&label, 0);
		for (size_t k = 0; k < t.n; k++) {
			const struct unit *u = &t.list.items[t.order[k]];
			if (how->within) {
				if (within_depth >= 0 && t.depth[k] <= within_depth)
					within_depth = -1;
				if (within_depth < 0 && strcmp(u->code, how->within) == 0)
					within_depth = t.depth[k];
				if (within_depth < 0)
					continue;
			}
			buf_reset(&label);
			for (int d = 0; d < t.depth[k] && d < 8; d++)
				buf_puts(&label, "\u00a0\u00a0\u00a0");
			buf_printf(&label, "%s (%s)", u->name, u->code);
			bool selected = strcmp(u->code, q->unit) == 0;
			found |= selected;
			page_option(b, u->code, buf_cstr(&label), selected);
		}
		buf_finish(&label);
	}
	if (!found)
		page_option(b, q->unit, q->unit, true);
	page_select_end(b);
	indicator_page_units_finish(&t);

	if (how->with_level) {
		page_select_begin(b, &(struct page_field){.id = "f-level",
		                                          .name = "level",
		                                          .label = "So sánh theo"});
		page_option(b, "", "Đơn vị cấp dưới trực tiếp", !q->level_s);
		for (int k = UNIT_PROVINCE; k < UNIT_KIND_COUNT; k++) {
			struct buf label;
			buf_init(&label, 0);
			buf_puts(&label, "Mọi ");
			buf_puts(&label, unit_kind_label_vi((enum unit_kind)k));
			page_option(b, unit_kind_code((enum unit_kind)k), buf_cstr(&label),
			            q->level_s && q->levels == 1u << k);
			buf_finish(&label);
		}
		page_select_end(b);
	}
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Xem</button></div>\n</form>\n");
}

/* ---- URLs and figures ------------------------------------------------------------------------ */

void indicator_page_url(struct buf *u, const char *path, const char *code,
                        const struct indicator_page_query *q, const char *unit)
{
	buf_puts(u, path);
	if (code) {
		buf_putc(u, '/');
		escape_url(u, code);
	}
	page_query_add(u, "period", q->period_text);
	page_query_add(u, "unit", unit ? unit : q->unit);
}

void indicator_page_value(struct buf *b, const struct indicator *ind, bool has, double v)
{
	if (has)
		indicator_format_value(b, ind, v); /* digits, '.', ',', '-' only */
	else
		buf_puts(b, "—");
}

void indicator_page_amount(struct buf *b, const struct indicator *ind, bool has, double v)
{
	indicator_page_value(b, ind, has, v);
	if (has && ind->measure && ind->measure[0]) {
		if (strcmp(ind->measure, "%") != 0)
			buf_putc(b, ' ');
		escape_html(b, ind->measure);
	}
}

void indicator_page_rag(struct buf *b, const struct indicator_figure *f)
{
	enum indicator_status s =
	    indicator_status(f->indicator, f->has_value, f->value, f->has_target, f->target);
	const char *code = indicator_status_code(s);
	const char *label = s != INDICATOR_STATUS_NONE ? indicator_status_label_vi(s)
	                    : !f->has_value            ? "Chưa có số liệu"
	                                               : "Chưa có chỉ tiêu";
	escape_htmlf(b, "<span class=\"rag rag-%s\">%s</span>", code ? code : "none", label);
}

void indicator_page_reporting(struct buf *b, const struct indicator_figure *f)
{
	vnfmt_int(b, (int64_t)f->reporting_units);
	buf_putc(b, '/');
	vnfmt_int(b, (int64_t)f->expected_units);
	if (f->reporting_units < f->expected_units) {
		buf_puts(b, " <span class=\"lagging\">(thiếu ");
		vnfmt_int(b, (int64_t)(f->expected_units - f->reporting_units));
		buf_puts(b, ")</span>");
	}
}

void indicator_page_unit_name(struct buf *b, const struct indicator_figure *f)
{
	escape_html(b, f->unit_name ? f->unit_name : f->unit);
}
