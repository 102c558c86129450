/* chart_svg.h — the dashboard's charts as SVG text: data in, markup out.
 *
 * The SVG is meant to be inlined in an HTML page (no external files, no script, no style
 * attribute or element: colours and sizes are SVG presentation attributes, so a strict CSP with
 * style-src 'self' allows it). Each chart is accessible: role="img", a <title> and a <desc> that
 * says in words what the bars show, and every label is XML-escaped here. Geometry uses integer
 * arithmetic only; money appears as text through text/vnfmt. The viewBox is CHART_SVG_WIDTH wide
 * and the page's stylesheet scales it to the screen.
 */
#ifndef DXTRACK_CHART_SVG_H
#define DXTRACK_CHART_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/task.h"
#include "../lib/buf.h"

#define CHART_SVG_WIDTH 400    /* viewBox width of both charts */
#define CHART_SVG_BAR_MAX 300  /* length of the longest budget bar in the budget chart */
#define CHART_SVG_LABEL_MAX 52 /* code points of a bar's label before it is cut with "…" */

/* One row of the budget chart: an investor (chủ đầu tư) and its money. */
struct chart_bar {
	const char *label; /* UTF-8, shown as is (escaped here); NULL shows "—" */
	int64_t budget_vnd;
	int64_t disbursed_vnd;
};

/* The length of a bar for value when full_value fills full_px: value * full_px / full_value,
 * rounded half up, clamped to 0..full_px; 0 when full_value <= 0 or value <= 0. */
int chart_svg_scale(int64_t value, int64_t full_value, int full_px);

/* A horizontal bar chart, one row per bar in the given order: the label, a light bar for the
 * budget, the disbursed amount overlaid on it in a dark colour, and the rate ("53,0 %", or "—"
 * for a zero budget) at the right. The largest amount of all rows fills CHART_SVG_BAR_MAX.
 * id (an HTML id: letters, digits, '-') names the <title> and <desc>; title is their heading.
 * With n == 0 the chart says that there is no data. */
void chart_svg_budget(struct buf *out, const char *id, const char *title,
                      const struct chart_bar *bars, size_t n);

/* The tasks by status as one stacked bar across the whole width (segments in enum order, each
 * from the rounded cumulative share, so they add up to the full width exactly) and a legend of
 * every status with its count and share, one per line, using task_status_label_vi. With no task at
 * all the chart says so. */
void chart_svg_status(struct buf *out, const char *id, const char *title,
                      const int counts[TASK_STATUS_COUNT]);

/* ---- an indicator over time: a column chart ---- */

#define CHART_SVG_PLOT_H 160 /* height of the tallest column (the largest value or target) */

/* One period of a trend: its label under the column ("2023", "Quý IV", "T12"), its value and
 * target, and both as the page shows them ("90,5"), since only the caller knows the indicator's
 * decimals. */
struct chart_point {
	const char *label;
	bool has_value;
	double value;
	const char *value_text; /* NULL: the value is not shown */
	bool has_target;
	double target;
	const char *target_text;
};

/* A column chart of a series in the given order. The n points share the width in equal slots
 * of CHART_SVG_WIDTH / n units (rounded down); a column is 3/5 of its slot (at most 64 units),
 * centred, of height
 * value × CHART_SVG_PLOT_H / full rounded half up (full: the largest value or target; a value at
 * or below 0 has no column), with the value's text above it and the label under the baseline. A
 * point without a value has no column and "—" above the baseline. A target is a dashed line
 * across its slot at its height, and then the legend names it. The description lists every
 * point in words ("2023: 90,5 máy/100 dân, chỉ tiêu 90 máy/100 dân"; "chưa có số liệu"); measure
 * (may be NULL or "") follows each number there. With n == 0 the chart says there is no data. */
void chart_svg_columns(struct buf *out, const char *id, const char *title, const char *measure,
                       const struct chart_point *points, size_t n);

/* ---- plan against actual, month by month: a line chart ---- */

#define CHART_SVG_MONTHS 12

/* Cumulative plan (a dashed line) and actual (a solid line with a dot per month) at the end of
 * each month of a year, in đồng. The 12 months share the width in slots of CHART_SVG_WIDTH / 12
 * units; a point sits in the middle of its slot at height value × CHART_SVG_PLOT_H / full
 * rounded half up (full: the largest value of both lines). An actual value below 0 is a month
 * not yet ended: the actual line stops before it. The labels under the baseline are "T1" …
 * "T12"; the description says every month in words ("T1: kế hoạch 1,2 tỷ đồng, thực tế 800
 * triệu đồng"; "thực tế chưa có"). With full == 0 the chart says there is nothing planned. */
void chart_svg_plan_actual(struct buf *out, const char *id, const char *title,
                           const int64_t planned[CHART_SVG_MONTHS],
                           const int64_t actual[CHART_SVG_MONTHS]);

/* ---- scores between 0 and 1: the DTI's main indices ---- */

#define CHART_SVG_SCORE_SCALE 10000 /* a score in ten-thousandths: 8002 is 0,8002 */

/* One bar of a score chart: a score and optionally last year's, in ten-thousandths, with their
 * text as the page shows it ("0,8002"). */
struct chart_score {
	const char *label;
	int value; /* 0..CHART_SVG_SCORE_SCALE */
	const char *value_text;
	bool has_previous;
	int previous;
	const char *previous_text;
};

/* Horizontal bars on a common scale where 1 fills CHART_SVG_BAR_MAX: per row the label, a light
 * track for the whole scale, the score in a dark colour over it, last year's score as a
 * vertical mark, and the score's text at the right. The description says every score in words
 * ("Nhận thức số: 0,9000, năm trước 0,8500"). With n == 0 the chart says there is no data. */
void chart_svg_scores(struct buf *out, const char *id, const char *title,
                      const struct chart_score *rows, size_t n);

#endif
