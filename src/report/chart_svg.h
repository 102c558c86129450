/* chart_svg.h — the dashboard's two charts as SVG text: data in, markup out.
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

#endif
