/* chart_svg.c — the budget, status and trend charts as inline SVG (see chart_svg.h).
 *
 * Layout, in viewBox units (CHART_SVG_WIDTH wide):
 *   budget: a legend line, then per row a label line and an 18-unit bar line; the rate is
 *           right-aligned at the end of the bar line;
 *   status: one 28-unit stacked bar, then the legend, one status per line;
 *   columns: a legend line, a line for the values' text, the plot (CHART_SVG_PLOT_H) above the
 *           baseline, and the labels under it.
 * The viewBox is narrow so that text stays legible when a phone scales the chart down.
 * Colours have at least 3:1 contrast with the white page (WCAG 1.4.11); text is near black.
 */
#include "chart_svg.h"

#include <math.h>
#include <string.h>

#include "../core/money.h"
#include "../text/vnfmt.h"

#define CHART_SVG_LEGEND_H 32 /* height of the budget chart's legend line */
#define CHART_SVG_ROW_H 44    /* one investor: label line and bar line */
#define CHART_SVG_BAR_H 18
#define CHART_SVG_STACK_H 28 /* the status chart's bar */
#define CHART_SVG_ITEM_H 22  /* one legend line of the status chart */

#define CHART_SVG_INK "#1b1f24"
#define CHART_SVG_BUDGET_FILL "#c9d8ea"
#define CHART_SVG_BUDGET_EDGE "#41648f"
#define CHART_SVG_DISBURSED "#0b57a4"

static const char *const chart_svg_status_colours[TASK_STATUS_COUNT] = {
    [TASK_PLANNED] = "#6b7280", [TASK_IN_PROGRESS] = "#1d4ed8", [TASK_COMPLETED] = "#15803d",
    [TASK_STOPPED] = "#b91c1c", [TASK_DEFERRED] = "#a16207",
};

/* XML text and attribute values: the same five entities as http/escape.h (report/ may not use
 * http/). */
static void chart_svg_escape_n(struct buf *out, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *entity;
		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(out, s + start, i - start);
		buf_puts(out, entity);
		start = i + 1;
	}
	buf_append(out, s + start, len - start);
}

static void chart_svg_escape(struct buf *out, const char *s)
{
	chart_svg_escape_n(out, s, strlen(s));
}

/* The label, cut after CHART_SVG_LABEL_MAX - 1 code points with "…" when it is longer. */
static void chart_svg_label(struct buf *out, const char *s)
{
	size_t points = 0, cut = 0, len = strlen(s);
	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue; /* a continuation byte */
		if (points == CHART_SVG_LABEL_MAX - 1)
			cut = i;
		points++;
	}
	if (points <= CHART_SVG_LABEL_MAX) {
		chart_svg_escape_n(out, s, len);
		return;
	}
	chart_svg_escape_n(out, s, cut);
	buf_puts(out, "…");
}

int chart_svg_scale(int64_t value, int64_t full_value, int full_px)
{
	if (full_value <= 0 || value <= 0 || full_px <= 0)
		return 0;
	if (value >= full_value)
		return full_px;
	/* 128-bit: a sum of budgets times a few hundred can pass INT64_MAX */
	__int128 num = (__int128)value * full_px * 2 + full_value;
	return (int)(num / ((__int128)full_value * 2));
}

/* "53,0 %", or "—" when there is no budget to compare with. */
static void chart_svg_rate(struct buf *out, int64_t part, int64_t whole)
{
	if (whole <= 0) {
		buf_puts(out, "—");
		return;
	}
	vnfmt_fixed(out, money_pct_x10(part, whole), 1);
	buf_puts(out, " %");
}

static void chart_svg_open(struct buf *out, const char *id, int height)
{
	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
	           "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" aria-labelledby=\"",
	           CHART_SVG_WIDTH, height, CHART_SVG_WIDTH, height);
	chart_svg_escape(out, id);
	buf_puts(out, "-title ");
	chart_svg_escape(out, id);
	buf_puts(out, "-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, "
	              "'Noto Sans', sans-serif\" font-size=\"13\" fill=\"" CHART_SVG_INK "\">\n");
}

/* <title> and the opening of <desc>; the caller writes the description and closes it. */
static void chart_svg_heading(struct buf *out, const char *id, const char *title)
{
	buf_puts(out, "<title id=\"");
	chart_svg_escape(out, id);
	buf_puts(out, "-title\">");
	chart_svg_escape(out, title ? title : "");
	buf_puts(out, "</title>\n<desc id=\"");
	chart_svg_escape(out, id);
	buf_puts(out, "-desc\">");
}

void chart_svg_budget(struct buf *out, const char *id, const char *title,
                      const struct chart_bar *bars, size_t n)
{
	struct buf tmp;
	buf_init(&tmp, 0);
	int64_t full = 0;
	for (size_t i = 0; i < n; i++) {
		if (bars[i].budget_vnd > full)
			full = bars[i].budget_vnd;
		if (bars[i].disbursed_vnd > full)
			full = bars[i].disbursed_vnd;
	}
	int height = n ? CHART_SVG_LEGEND_H + (int)n * CHART_SVG_ROW_H : 40;
	chart_svg_open(out, id, height);
	chart_svg_heading(out, id, title);
	if (n == 0) {
		buf_puts(out, "Chưa có chủ đầu tư nào có nhiệm vụ.</desc>\n"
		              "<text x=\"0\" y=\"24\">Chưa có dữ liệu.</text>\n</svg>\n");
		goto out;
	}
	buf_printf(out, "Kinh phí và số đã giải ngân của %zu chủ đầu tư. ", n);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&tmp);
		chart_svg_escape(out, bars[i].label ? bars[i].label : "—");
		buf_puts(&tmp, ": kinh phí ");
		vnfmt_money(&tmp, bars[i].budget_vnd);
		buf_puts(&tmp, ", đã giải ngân ");
		vnfmt_money(&tmp, bars[i].disbursed_vnd);
		buf_puts(&tmp, " (");
		chart_svg_rate(&tmp, bars[i].disbursed_vnd, bars[i].budget_vnd);
		buf_puts(&tmp, i + 1 < n ? "); " : ").");
		buf_append(out, tmp.data, tmp.len);
	}
	buf_puts(out, "</desc>\n");
	/* legend */
	buf_puts(out,
	         "<g aria-hidden=\"true\">"
	         "<rect x=\"0\" y=\"8\" width=\"14\" height=\"14\" fill=\"" CHART_SVG_BUDGET_FILL
	         "\" stroke=\"" CHART_SVG_BUDGET_EDGE "\"/>"
	         "<text x=\"20\" y=\"20\">Kinh phí</text>"
	         "<rect x=\"120\" y=\"8\" width=\"14\" height=\"14\" fill=\"" CHART_SVG_DISBURSED
	         "\"/><text x=\"140\" y=\"20\">Đã giải ngân</text></g>\n");
	for (size_t i = 0; i < n; i++) {
		const struct chart_bar *b = &bars[i];
		int y = CHART_SVG_LEGEND_H + (int)i * CHART_SVG_ROW_H;
		int wb = chart_svg_scale(b->budget_vnd, full, CHART_SVG_BAR_MAX);
		int wd = chart_svg_scale(b->disbursed_vnd, full, CHART_SVG_BAR_MAX);
		buf_reset(&tmp);
		chart_svg_rate(&tmp, b->disbursed_vnd, b->budget_vnd);
		buf_puts(out, "<g><text x=\"0\" y=\"");
		buf_printf(out, "%d\">", y + 13);
		chart_svg_label(out, b->label ? b->label : "—");
		buf_printf(
		    out,
		    "</text>"
		    "<rect class=\"bar-budget\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "fill=\"" CHART_SVG_BUDGET_FILL "\" stroke=\"" CHART_SVG_BUDGET_EDGE "\"/>"
		    "<rect class=\"bar-disbursed\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "fill=\"" CHART_SVG_DISBURSED "\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    y + 18, wb, CHART_SVG_BAR_H, y + 18, wd, CHART_SVG_BAR_H, CHART_SVG_WIDTH,
		    y + 32);
		buf_append(out, tmp.data, tmp.len);
		buf_puts(out, "</text></g>\n");
	}
	buf_puts(out, "</svg>\n");
out:
	buf_finish(&tmp);
}

void chart_svg_status(struct buf *out, const char *id, const char *title,
                      const int counts[TASK_STATUS_COUNT])
{
	int64_t total = 0;
	for (int s = 0; s < TASK_STATUS_COUNT; s++)
		total += counts[s] > 0 ? counts[s] : 0;
	int height = total ? CHART_SVG_STACK_H + 12 + TASK_STATUS_COUNT * CHART_SVG_ITEM_H : 40;
	chart_svg_open(out, id, height);
	chart_svg_heading(out, id, title);
	if (total == 0) {
		buf_puts(out, "Chưa có nhiệm vụ nào.</desc>\n"
		              "<text x=\"0\" y=\"24\">Chưa có nhiệm vụ nào.</text>\n</svg>\n");
		return;
	}
	buf_printf(out, "%lld nhiệm vụ theo trạng thái: ", (long long)total);
	for (int s = 0; s < TASK_STATUS_COUNT; s++) {
		buf_printf(out, "%s: %d", task_status_label_vi((enum task_status)s),
		           counts[s] > 0 ? counts[s] : 0);
		buf_puts(out, s + 1 < TASK_STATUS_COUNT ? "; " : ".");
	}
	buf_puts(out, "</desc>\n");
	int64_t cum = 0;
	int x = 0;
	for (int s = 0; s < TASK_STATUS_COUNT; s++) {
		int c = counts[s] > 0 ? counts[s] : 0;
		cum += c;
		int end = chart_svg_scale(cum, total, CHART_SVG_WIDTH);
		if (c > 0)
			buf_printf(
			    out,
			    "<rect class=\"seg-%s\" x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\" "
			    "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
			    task_status_code((enum task_status)s), x, end - x, CHART_SVG_STACK_H,
			    chart_svg_status_colours[s]);
		x = end;
	}
	buf_puts(out, "<g aria-hidden=\"true\">\n");
	for (int s = 0; s < TASK_STATUS_COUNT; s++) {
		int c = counts[s] > 0 ? counts[s] : 0;
		int lx = 0;
		int ly = CHART_SVG_STACK_H + 12 + s * CHART_SVG_ITEM_H;
		buf_printf(out,
		           "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
		           "<text x=\"%d\" y=\"%d\">%s: %d (",
		           lx, ly, chart_svg_status_colours[s], lx + 20, ly + 12,
		           task_status_label_vi((enum task_status)s), c);
		chart_svg_rate(out, c, total);
		buf_puts(out, ")</text>\n");
	}
	buf_puts(out, "</g>\n</svg>\n");
}

#define CHART_SVG_COL_TOP 42 /* legend line (24) and the line of the values' text (18) */
#define CHART_SVG_COL_FOOT 24
#define CHART_SVG_COL_MAX 64 /* a column is at most this wide, however few the points */

/* value × CHART_SVG_PLOT_H / full, rounded half up, clamped to 0..CHART_SVG_PLOT_H. */
static int chart_svg_height(double value, double full)
{
	if (!(full > 0) || !(value > 0))
		return 0;
	if (value >= full)
		return CHART_SVG_PLOT_H;
	return (int)floor(value * CHART_SVG_PLOT_H / full + 0.5);
}

/* "90,5 máy/100 dân", "100%" (a measure "%" is written without a space) */
static void chart_svg_amount(struct buf *out, const char *text, const char *measure)
{
	chart_svg_escape(out, text ? text : "—");
	if (text && measure && measure[0]) {
		if (strcmp(measure, "%") != 0)
			buf_putc(out, ' ');
		chart_svg_escape(out, measure);
	}
}

void chart_svg_columns(struct buf *out, const char *id, const char *title, const char *measure,
                       const struct chart_point *points, size_t n)
{
	int base = CHART_SVG_COL_TOP + CHART_SVG_PLOT_H;
	int height = n ? base + CHART_SVG_COL_FOOT : 40;
	chart_svg_open(out, id, height);
	chart_svg_heading(out, id, title);
	if (n == 0) {
		buf_puts(out, "Chưa có số liệu.</desc>\n"
		              "<text x=\"0\" y=\"24\">Chưa có số liệu.</text>\n</svg>\n");
		return;
	}
	double full = 0;
	bool targets = false;
	for (size_t i = 0; i < n; i++) {
		if (points[i].has_value && points[i].value > full)
			full = points[i].value;
		if (points[i].has_target && points[i].target > full)
			full = points[i].target;
		targets |= points[i].has_target;
	}
	for (size_t i = 0; i < n; i++) {
		const struct chart_point *p = &points[i];
		chart_svg_escape(out, p->label ? p->label : "—");
		buf_puts(out, ": ");
		if (p->has_value)
			chart_svg_amount(out, p->value_text, measure);
		else
			buf_puts(out, "chưa có số liệu");
		if (p->has_target) {
			buf_puts(out, ", chỉ tiêu ");
			chart_svg_amount(out, p->target_text, measure);
		}
		buf_puts(out, i + 1 < n ? "; " : ".");
	}
	buf_puts(out, "</desc>\n<g aria-hidden=\"true\">"
	              "<rect x=\"0\" y=\"6\" width=\"14\" height=\"14\" fill=\"" CHART_SVG_DISBURSED
	              "\"/><text x=\"20\" y=\"18\">Giá trị</text>");
	if (targets)
		buf_puts(out,
		         "<line x1=\"120\" y1=\"13\" x2=\"140\" y2=\"13\" stroke=\"" CHART_SVG_INK
		         "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
		         "<text x=\"146\" y=\"18\">Chỉ tiêu</text>");
	buf_puts(out, "</g>\n");
	int slot = CHART_SVG_WIDTH / (int)(n < (size_t)CHART_SVG_WIDTH ? n : CHART_SVG_WIDTH);
	int col = slot * 3 / 5 > CHART_SVG_COL_MAX ? CHART_SVG_COL_MAX
	          : slot * 3 / 5 > 0               ? slot * 3 / 5
	                                           : 1;
	const char *small = n > 6 ? " font-size=\"11\"" : "";
	for (size_t i = 0; i < n && i < (size_t)CHART_SVG_WIDTH; i++) {
		const struct chart_point *p = &points[i];
		int x = (int)i * slot, mid = x + slot / 2;
		int h = p->has_value ? chart_svg_height(p->value, full) : 0;
		buf_puts(out, "<g>");
		if (h > 0)
			buf_printf(
			    out,
			    "<rect class=\"col\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			    "fill=\"" CHART_SVG_DISBURSED "\"/>",
			    x + (slot - col) / 2, base - h, col, h);
		if (p->has_target) {
			int ty = base - chart_svg_height(p->target, full);
			buf_printf(out,
			           "<line class=\"target\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			           "stroke=\"" CHART_SVG_INK
			           "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
			           x + 2, ty, x + slot - 2, ty);
		}
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\"%s>", mid,
		           base - h - 5, small);
		chart_svg_escape(out, p->has_value && p->value_text ? p->value_text : "—");
		buf_printf(out, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"middle\"%s>", mid,
		           base + 17, small);
		chart_svg_label(out, p->label ? p->label : "—");
		buf_puts(out, "</text></g>\n");
	}
	buf_printf(out,
	           "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#6b7280\" "
	           "stroke-width=\"1\"/>\n</svg>\n",
	           base, CHART_SVG_WIDTH, base);
}

/* ---- plan against actual, month by month ---- */

#define CHART_SVG_PLAN "#6b7280"

void chart_svg_plan_actual(struct buf *out, const char *id, const char *title,
                           const int64_t planned[CHART_SVG_MONTHS],
                           const int64_t actual[CHART_SVG_MONTHS])
{
	int64_t full = 0;
	for (int m = 0; m < CHART_SVG_MONTHS; m++) {
		if (planned[m] > full)
			full = planned[m];
		if (actual[m] > full)
			full = actual[m];
	}
	int base = CHART_SVG_COL_TOP + CHART_SVG_PLOT_H;
	chart_svg_open(out, id, full > 0 ? base + CHART_SVG_COL_FOOT : 40);
	chart_svg_heading(out, id, title);
	if (full <= 0) {
		buf_puts(out, "Chưa có kinh phí kế hoạch.</desc>\n"
		              "<text x=\"0\" y=\"24\">Chưa có số liệu.</text>\n</svg>\n");
		return;
	}
	buf_puts(out, "Giải ngân lũy kế theo tháng, kế hoạch và thực tế. ");
	for (int m = 0; m < CHART_SVG_MONTHS; m++) {
		buf_printf(out, "T%d: kế hoạch ", m + 1);
		vnfmt_money(out, planned[m]);
		buf_puts(out, ", thực tế ");
		if (actual[m] >= 0)
			vnfmt_money(out, actual[m]);
		else
			buf_puts(out, "chưa có");
		buf_puts(out, m + 1 < CHART_SVG_MONTHS ? "; " : ".");
	}
	buf_puts(out,
	         "</desc>\n<g aria-hidden=\"true\">"
	         "<line x1=\"0\" y1=\"13\" x2=\"20\" y2=\"13\" stroke=\"" CHART_SVG_PLAN
	         "\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
	         "<text x=\"26\" y=\"18\">Kế hoạch</text>"
	         "<line x1=\"110\" y1=\"13\" x2=\"130\" y2=\"13\" stroke=\"" CHART_SVG_DISBURSED
	         "\" stroke-width=\"3\"/><circle cx=\"120\" cy=\"13\" r=\"3\" "
	         "fill=\"" CHART_SVG_DISBURSED "\"/><text x=\"136\" y=\"18\">Thực tế</text></g>\n");
	int slot = CHART_SVG_WIDTH / CHART_SVG_MONTHS;
	buf_puts(out, "<polyline class=\"plan\" fill=\"none\" stroke=\"" CHART_SVG_PLAN
	              "\" stroke-width=\"2\" stroke-dasharray=\"5 3\" points=\"");
	for (int m = 0; m < CHART_SVG_MONTHS; m++)
		buf_printf(out, "%s%d,%d", m ? " " : "", m * slot + slot / 2,
		           base - chart_svg_scale(planned[m], full, CHART_SVG_PLOT_H));
	buf_puts(out, "\"/>\n");
	int shown = 0;
	while (shown < CHART_SVG_MONTHS && actual[shown] >= 0)
		shown++;
	if (shown > 0) {
		buf_puts(out,
		         "<polyline class=\"actual\" fill=\"none\" stroke=\"" CHART_SVG_DISBURSED
		         "\" stroke-width=\"3\" points=\"");
		for (int m = 0; m < shown; m++)
			buf_printf(out, "%s%d,%d", m ? " " : "", m * slot + slot / 2,
			           base - chart_svg_scale(actual[m], full, CHART_SVG_PLOT_H));
		buf_puts(out, "\"/>\n<g>");
		for (int m = 0; m < shown; m++)
			buf_printf(out,
			           "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"" CHART_SVG_DISBURSED
			           "\"/>",
			           m * slot + slot / 2,
			           base - chart_svg_scale(actual[m], full, CHART_SVG_PLOT_H));
		buf_puts(out, "</g>\n");
	}
	buf_puts(out, "<g font-size=\"11\">");
	for (int m = 0; m < CHART_SVG_MONTHS; m++)
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">T%d</text>",
		           m * slot + slot / 2, base + 17, m + 1);
	buf_printf(out,
	           "</g>\n<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#6b7280\" "
	           "stroke-width=\"1\"/>\n</svg>\n",
	           base, CHART_SVG_WIDTH, base);
}

/* ---- scores between 0 and 1 ---- */

#define CHART_SVG_PREVIOUS "#c2410c"

void chart_svg_scores(struct buf *out, const char *id, const char *title,
                      const struct chart_score *rows, size_t n)
{
	int height = n ? CHART_SVG_LEGEND_H + (int)n * CHART_SVG_ROW_H : 40;
	bool any_previous = false;
	for (size_t i = 0; i < n; i++)
		any_previous |= rows[i].has_previous;
	chart_svg_open(out, id, height);
	chart_svg_heading(out, id, title);
	if (n == 0) {
		buf_puts(out, "Chưa có chỉ số nào.</desc>\n"
		              "<text x=\"0\" y=\"24\">Chưa có dữ liệu.</text>\n</svg>\n");
		return;
	}
	buf_printf(out, "Giá trị của %zu chỉ số, thang từ 0 đến 1. ", n);
	for (size_t i = 0; i < n; i++) {
		chart_svg_escape(out, rows[i].label ? rows[i].label : "—");
		buf_puts(out, ": ");
		chart_svg_escape(out, rows[i].value_text ? rows[i].value_text : "—");
		if (rows[i].has_previous) {
			buf_puts(out, ", năm trước ");
			chart_svg_escape(out, rows[i].previous_text ? rows[i].previous_text : "—");
		}
		buf_puts(out, i + 1 < n ? "; " : ".");
	}
	buf_puts(out, "</desc>\n<g aria-hidden=\"true\">"
	              "<rect x=\"0\" y=\"8\" width=\"14\" height=\"14\" fill=\"" CHART_SVG_DISBURSED
	              "\"/><text x=\"20\" y=\"20\">Năm đánh giá</text>");
	if (any_previous)
		buf_puts(out, "<rect x=\"140\" y=\"6\" width=\"3\" height=\"18\" "
		              "fill=\"" CHART_SVG_PREVIOUS
		              "\"/><text x=\"150\" y=\"20\">Năm trước</text>");
	buf_puts(out, "</g>\n");
	for (size_t i = 0; i < n; i++) {
		const struct chart_score *r = &rows[i];
		int y = CHART_SVG_LEGEND_H + (int)i * CHART_SVG_ROW_H;
		int w = chart_svg_scale(r->value, CHART_SVG_SCORE_SCALE, CHART_SVG_BAR_MAX);
		buf_printf(out, "<g><text x=\"0\" y=\"%d\">", y + 13);
		chart_svg_label(out, r->label ? r->label : "—");
		buf_printf(out,
		           "</text><rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
		           "fill=\"" CHART_SVG_BUDGET_FILL "\" stroke=\"" CHART_SVG_BUDGET_EDGE
		           "\"/>"
		           "<rect class=\"bar-score\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
		           "fill=\"" CHART_SVG_DISBURSED "\"/>",
		           y + 18, CHART_SVG_BAR_MAX, CHART_SVG_BAR_H, y + 18, w, CHART_SVG_BAR_H);
		if (r->has_previous) {
			int x =
			    chart_svg_scale(r->previous, CHART_SVG_SCORE_SCALE, CHART_SVG_BAR_MAX);
			buf_printf(out,
			           "<rect class=\"mark-previous\" x=\"%d\" y=\"%d\" width=\"3\" "
			           "height=\"%d\" fill=\"" CHART_SVG_PREVIOUS "\"/>",
			           x > 1 ? x - 1 : 0, y + 15, CHART_SVG_BAR_H + 6);
		}
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", CHART_SVG_WIDTH,
		           y + 32);
		chart_svg_escape(out, r->value_text ? r->value_text : "—");
		buf_puts(out, "</text></g>\n");
	}
	buf_puts(out, "</svg>\n");
}
