/* test_chart.c — unit tests for the dashboard's SVG charts (report/chart_svg.h).
 *
 * Bar lengths were worked out by hand from the contract: length = value * full_px / full_value,
 * rounded half up, where the largest amount of all rows fills CHART_SVG_BAR_MAX (300) units and
 * the status bar fills CHART_SVG_WIDTH (400) from rounded cumulative shares. Percentages are the
 * committee's: tenths of a percent, half up, "53,0 %".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "report/chart_svg.h"

/* Counts the occurrences of needle in hay. */
static size_t test_chart_count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

/* Checks the frame every chart has: one <svg> with role="img", labelled by its title and
 * description, balanced groups, and nothing that a CSP with style-src 'self' would block. */
static void test_chart_frame(const char *svg, const char *id)
{
	char want[128];
	assert_int_equal(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39), 0);
	assert_int_equal(test_chart_count(svg, "<svg"), 1);
	assert_int_equal(test_chart_count(svg, "</svg>"), 1);
	assert_string_equal(svg + strlen(svg) - 7, "</svg>\n");
	assert_non_null(strstr(svg, "role=\"img\""));
	snprintf(want, sizeof want, "aria-labelledby=\"%s-title %s-desc\"", id, id);
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof want, "<title id=\"%s-title\">", id);
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof want, "<desc id=\"%s-desc\">", id);
	assert_non_null(strstr(svg, want));
	assert_int_equal(test_chart_count(svg, "<g"), test_chart_count(svg, "</g>"));
	assert_null(strstr(svg, "style"));
	assert_null(strstr(svg, "<script"));
}

static void test_chart_scale(void **state)
{
	(void)state;
	assert_int_equal(chart_svg_scale(1, 3, 360), 120);
	assert_int_equal(chart_svg_scale(2, 3, 100), 67);   /* 66,67 */
	assert_int_equal(chart_svg_scale(1, 8, 100), 13);   /* 12,5 rounds up */
	assert_int_equal(chart_svg_scale(3, 8, 100), 38);   /* 37,5 rounds up */
	assert_int_equal(chart_svg_scale(1, 1000, 100), 0); /* 0,1 */
	assert_int_equal(chart_svg_scale(5, 5, 360), 360);
	assert_int_equal(chart_svg_scale(7, 5, 360), 360); /* clamped */
	assert_int_equal(chart_svg_scale(0, 5, 360), 0);
	assert_int_equal(chart_svg_scale(-3, 5, 360), 0);
	assert_int_equal(chart_svg_scale(3, 0, 360), 0); /* no division by zero */
	/* 10^18 * 360 passes INT64_MAX: still exact */
	assert_int_equal(
	    chart_svg_scale(INT64_C(1000000000000000000), INT64_C(2000000000000000000), 360), 180);
}

static void test_chart_budget_widths(void **state)
{
	(void)state;
	/* full = 10 tỷ (the largest amount) = 300 units.
	 * A: 10 tỷ → 300; 5,3 tỷ → 5,3 * 30 = 159; rate 53,0 %
	 * B: 4 tỷ → 120; 1 tỷ → 30; rate 25,0 %
	 * C: 2,5 tỷ → 75; 1/3 of it, 833.333.333 → 24,99… → 25; rate 33,3 %
	 * rows start at y = 32 and are 44 apart; a bar lies 18 below its row's top. */
	const struct chart_bar bars[] = {
	    {"Sở Thông tin và Truyền thông", INT64_C(10000000000), INT64_C(5300000000)},
	    {"UBND huyện Chợ Mới", INT64_C(4000000000), INT64_C(1000000000)},
	    {"Công an tỉnh", INT64_C(2500000000), INT64_C(833333333)},
	};
	struct buf b;
	buf_init(&b, 0);
	chart_svg_budget(&b, "chart-budget", "Giải ngân theo chủ đầu tư", bars, 3);
	const char *svg = buf_cstr(&b);
	test_chart_frame(svg, "chart-budget");
	assert_non_null(strstr(svg, "viewBox=\"0 0 400 164\"")); /* 32 + 3 * 44 */
	assert_non_null(strstr(svg, "<rect class=\"bar-budget\" x=\"0\" y=\"50\" width=\"300\""));
	assert_non_null(
	    strstr(svg, "<rect class=\"bar-disbursed\" x=\"0\" y=\"50\" width=\"159\""));
	assert_non_null(strstr(svg, "<rect class=\"bar-budget\" x=\"0\" y=\"94\" width=\"120\""));
	assert_non_null(strstr(svg, "<rect class=\"bar-disbursed\" x=\"0\" y=\"94\" width=\"30\""));
	assert_non_null(strstr(svg, "<rect class=\"bar-budget\" x=\"0\" y=\"138\" width=\"75\""));
	assert_non_null(
	    strstr(svg, "<rect class=\"bar-disbursed\" x=\"0\" y=\"138\" width=\"25\""));
	assert_non_null(strstr(svg, "text-anchor=\"end\">53,0 %</text>"));
	assert_non_null(strstr(svg, "text-anchor=\"end\">25,0 %</text>"));
	assert_non_null(strstr(svg, "text-anchor=\"end\">33,3 %</text>"));
	/* rows keep the caller's order, labels as given */
	const char *a = strstr(svg, ">Sở Thông tin và Truyền thông</text>");
	const char *c = strstr(svg, ">Công an tỉnh</text>");
	assert_non_null(a);
	assert_non_null(c);
	assert_true(a < c);
	/* the description says it in words, with Vietnamese money */
	assert_non_null(strstr(svg, "Kinh phí và số đã giải ngân của 3 chủ đầu tư."));
	assert_non_null(strstr(svg, "Sở Thông tin và Truyền thông: kinh phí 10 tỷ đồng, "
	                            "đã giải ngân 5,3 tỷ đồng (53,0 %)"));
	assert_non_null(strstr(svg, "Công an tỉnh: kinh phí 2,5 tỷ đồng, đã giải ngân "
	                            "833,3 triệu đồng (33,3 %)."));
	buf_finish(&b);
}

static void test_chart_hostile_label(void **state)
{
	(void)state;
	const struct chart_bar bars[] = {
	    {"<script>&\"'", 100, 50},
	};
	struct buf b;
	buf_init(&b, 0);
	chart_svg_budget(&b, "c1", "Tiêu đề <b>&", bars, 1);
	const char *svg = buf_cstr(&b);
	test_chart_frame(svg, "c1");
	assert_null(strstr(svg, "<script>"));
	assert_null(strstr(svg, "<b>"));
	/* in the label and in the description */
	assert_int_equal(test_chart_count(svg, "&lt;script&gt;&amp;&quot;&#39;"), 2);
	assert_non_null(strstr(svg, "<title id=\"c1-title\">Tiêu đề &lt;b&gt;&amp;</title>"));
	buf_finish(&b);

	/* a hostile id cannot break out of its attribute */
	buf_init(&b, 0);
	chart_svg_budget(&b, "x\"><script>", "t", bars, 1);
	assert_null(strstr(buf_cstr(&b), "<script>"));
	assert_non_null(strstr(buf_cstr(&b), "aria-labelledby=\"x&quot;&gt;&lt;script&gt;-title"));
	buf_finish(&b);
}

static void test_chart_long_label(void **state)
{
	(void)state;
	/* 70 two-byte letters: cut to 51 and "…" */
	char label[200] = "";
	for (int i = 0; i < 70; i++)
		strcat(label, "đ");
	char want[200] = ">";
	for (int i = 0; i < CHART_SVG_LABEL_MAX - 1; i++)
		strcat(want, "đ");
	strcat(want, "…</text>");
	const struct chart_bar bars[] = {{label, 10, 5}};
	struct buf b;
	buf_init(&b, 0);
	chart_svg_budget(&b, "c", "t", bars, 1);
	assert_non_null(strstr(buf_cstr(&b), want));
	/* the description keeps the whole name */
	assert_non_null(strstr(buf_cstr(&b), label));
	buf_finish(&b);
}

static void test_chart_zero_budget(void **state)
{
	(void)state;
	const struct chart_bar bars[] = {
	    {"Xã A", 0, 0},
	    {"Xã B", 0, 0},
	};
	struct buf b;
	buf_init(&b, 0);
	chart_svg_budget(&b, "z", "t", bars, 2);
	const char *svg = buf_cstr(&b);
	test_chart_frame(svg, "z");
	assert_int_equal(test_chart_count(svg, "width=\"0\""), 4);
	assert_int_equal(test_chart_count(svg, "text-anchor=\"end\">—</text>"), 2);
	assert_non_null(strstr(svg, "Xã A: kinh phí 0 đồng, đã giải ngân 0 đồng (—)"));
	buf_finish(&b);

	/* one investor without budget next to one with: its bars are empty, the other full */
	const struct chart_bar mixed[] = {
	    {"Xã A", 0, 0},
	    {"Xã B", 2000000, 1000000},
	};
	buf_init(&b, 0);
	chart_svg_budget(&b, "m", "t", mixed, 2);
	svg = buf_cstr(&b);
	assert_non_null(strstr(svg, "<rect class=\"bar-budget\" x=\"0\" y=\"50\" width=\"0\""));
	assert_non_null(strstr(svg, "<rect class=\"bar-budget\" x=\"0\" y=\"94\" width=\"300\""));
	assert_non_null(
	    strstr(svg, "<rect class=\"bar-disbursed\" x=\"0\" y=\"94\" width=\"150\""));
	assert_non_null(strstr(svg, ">50,0 %</text>"));
	buf_finish(&b);
}

static void test_chart_empty(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	chart_svg_budget(&b, "e", "Giải ngân", NULL, 0);
	const char *svg = buf_cstr(&b);
	test_chart_frame(svg, "e");
	assert_non_null(strstr(svg, "Chưa có dữ liệu."));
	assert_null(strstr(svg, "<rect"));
	buf_finish(&b);

	int none[TASK_STATUS_COUNT] = {0};
	buf_init(&b, 0);
	chart_svg_status(&b, "s", "Trạng thái", none);
	svg = buf_cstr(&b);
	test_chart_frame(svg, "s");
	assert_non_null(strstr(svg, "Chưa có nhiệm vụ nào."));
	assert_null(strstr(svg, "<rect"));
	buf_finish(&b);
}

static void test_chart_status(void **state)
{
	(void)state;
	/* The Bắc Kạn 2023 figures: 21 completed, 17 in progress, 2 stopped, 2 deferred (42).
	 * Cumulative ends over 400: in_progress 17 → 161,90 → 162; completed 38 → 361,90 → 362;
	 * stopped 40 → 380,95 → 381; deferred 42 → 400. */
	int counts[TASK_STATUS_COUNT] = {0};
	counts[TASK_IN_PROGRESS] = 17;
	counts[TASK_COMPLETED] = 21;
	counts[TASK_STOPPED] = 2;
	counts[TASK_DEFERRED] = 2;
	struct buf b;
	buf_init(&b, 0);
	chart_svg_status(&b, "st", "Nhiệm vụ theo trạng thái", counts);
	const char *svg = buf_cstr(&b);
	test_chart_frame(svg, "st");
	assert_null(strstr(svg, "seg-planned"));
	assert_non_null(strstr(svg, "class=\"seg-in_progress\" x=\"0\" y=\"0\" width=\"162\""));
	assert_non_null(strstr(svg, "class=\"seg-completed\" x=\"162\" y=\"0\" width=\"200\""));
	assert_non_null(strstr(svg, "class=\"seg-stopped\" x=\"362\" y=\"0\" width=\"19\""));
	assert_non_null(strstr(svg, "class=\"seg-deferred\" x=\"381\" y=\"0\" width=\"19\""));
	/* legend: every status, with its count and share (17/42 = 40,48 %) */
	assert_non_null(strstr(svg, ">hoàn thành: 21 (50,0 %)</text>"));
	assert_non_null(strstr(svg, ">đang triển khai: 17 (40,5 %)</text>"));
	assert_non_null(strstr(svg, ">chưa triển khai: 0 (0,0 %)</text>"));
	assert_non_null(strstr(svg, ">dừng thực hiện: 2 (4,8 %)</text>"));
	assert_non_null(strstr(svg, "42 nhiệm vụ theo trạng thái: chưa triển khai: 0; "
	                            "đang triển khai: 17; hoàn thành: 21;"));
	buf_finish(&b);
}

/* The trend chart. Heights by hand: full = the largest value or target; height = value × 160 /
 * full, half up; the baseline is at 42 + 160 = 202; 3 slots of 400 / 3 = 133, columns 64 wide
 * (3/5 of 133 is 79, above the largest width 64), centred: x = slot × 133 + 34. */
static void test_chart_columns(void **state)
{
	(void)state;
	const struct chart_point pts[] = {
	    {"2021", true, 50, "50", true, 95, "95"},
	    {"2022", false, 0, NULL, true, 95, "95"},
	    {"2023", true, 100, "100", false, 0, NULL},
	};
	struct buf b;
	buf_init(&b, 0);
	chart_svg_columns(&b, "trend", "Mật độ điện thoại", "máy/100 dân", pts, 3);
	const char *svg = buf_cstr(&b);
	test_chart_frame(svg, "trend");
	assert_non_null(strstr(svg, "viewBox=\"0 0 400 226\"")); /* 202 + 24 */
	/* 50 of 100 → 80 high, from y = 122; 100 → the whole 160, from y = 42 */
	assert_non_null(
	    strstr(svg, "<rect class=\"col\" x=\"34\" y=\"122\" width=\"64\" height=\"80\""));
	assert_non_null(
	    strstr(svg, "<rect class=\"col\" x=\"300\" y=\"42\" width=\"64\" height=\"160\""));
	assert_int_equal(test_chart_count(svg, "class=\"col\""), 2); /* 2022 has no value */
	/* the target 95 → 152 high: y = 50, across each slot that has one */
	assert_non_null(
	    strstr(svg, "<line class=\"target\" x1=\"2\" y1=\"50\" x2=\"131\" y2=\"50\""));
	assert_non_null(
	    strstr(svg, "<line class=\"target\" x1=\"135\" y1=\"50\" x2=\"264\" y2=\"50\""));
	assert_int_equal(test_chart_count(svg, "class=\"target\""), 2);
	/* values above their columns, "—" on the baseline without one; labels under it */
	assert_non_null(strstr(svg, "<text x=\"66\" y=\"117\" text-anchor=\"middle\">50</text>"));
	assert_non_null(strstr(svg, "<text x=\"199\" y=\"197\" text-anchor=\"middle\">—</text>"));
	assert_non_null(
	    strstr(svg, "<text x=\"332\" y=\"219\" text-anchor=\"middle\">2023</text>"));
	assert_non_null(strstr(svg, ">Chỉ tiêu</text>")); /* the legend names the target */
	/* in words */
	assert_non_null(strstr(svg, "2021: 50 máy/100 dân, chỉ tiêu 95 máy/100 dân; 2022: chưa có "
	                            "số liệu, chỉ tiêu 95 máy/100 dân; 2023: 100 máy/100 dân."));
	buf_finish(&b);

	/* twelve months, no target: slots of 33, columns of 19, smaller text; a "%" measure
	 * without a space; a value of 0 has no column */
	struct chart_point months[12];
	char labels[12][8], texts[12][8];
	for (int i = 0; i < 12; i++) {
		snprintf(labels[i], sizeof labels[i], "T%d", i + 1);
		snprintf(texts[i], sizeof texts[i], "%d", i * 10);
		months[i] = (struct chart_point){labels[i], true, i * 10, texts[i], false, 0, NULL};
	}
	buf_init(&b, 0);
	chart_svg_columns(&b, "m", "t", "%", months, 12);
	svg = buf_cstr(&b);
	test_chart_frame(svg, "m");
	assert_int_equal(test_chart_count(svg, "class=\"col\""), 11);
	/* 110 of 110 fills the plot: x = 11 × 33 + 7 */
	assert_non_null(
	    strstr(svg, "<rect class=\"col\" x=\"370\" y=\"42\" width=\"19\" height=\"160\""));
	/* 10 of 110 → 14,5… → 15 */
	assert_non_null(
	    strstr(svg, "<rect class=\"col\" x=\"40\" y=\"187\" width=\"19\" height=\"15\""));
	assert_non_null(strstr(svg, "font-size=\"11\">T12</text>"));
	assert_null(strstr(svg, ">Chỉ tiêu</text>"));
	assert_non_null(strstr(svg, "T1: 0%; T2: 10%;"));
	buf_finish(&b);

	/* nothing to draw, and hostile text */
	buf_init(&b, 0);
	chart_svg_columns(&b, "e", "t", NULL, NULL, 0);
	test_chart_frame(buf_cstr(&b), "e");
	assert_non_null(strstr(buf_cstr(&b), "Chưa có số liệu."));
	buf_finish(&b);
	const struct chart_point bad[] = {{"<b>", true, 1, "1&2", false, 0, NULL}};
	buf_init(&b, 0);
	chart_svg_columns(&b, "h", "<i>", "<u>", bad, 1);
	svg = buf_cstr(&b);
	test_chart_frame(svg, "h");
	assert_null(strstr(svg, "<b>"));
	assert_null(strstr(svg, "<u>"));
	assert_null(strstr(svg, "<i>"));
	assert_non_null(strstr(svg, "&lt;b&gt;: 1&amp;2 &lt;u&gt;."));
	buf_finish(&b);
}

/* Plan against actual: 12 slots of 400 / 12 = 33 units, points in the middle (16 + 33 m); the
 * baseline at 42 + 160 = 202; the largest value (12 tỷ, December's plan) is 160 units high.
 * January's plan 1 tỷ: 160/12 = 13,3 → 13 → y 189; March's actual 6 tỷ: 80 → y 122; January's
 * actual 0,5 tỷ: 6,7 → 7 → y 195. The actual line stops after March (-1: not yet). */
static void test_chart_plan_actual(void **state)
{
	(void)state;
	int64_t planned[CHART_SVG_MONTHS], actual[CHART_SVG_MONTHS];
	for (int m = 0; m < CHART_SVG_MONTHS; m++) {
		planned[m] = (int64_t)(m + 1) * 1000000000;
		actual[m] = -1;
	}
	actual[0] = 500000000;
	actual[1] = 3000000000;
	actual[2] = 6000000000;
	struct buf b;
	buf_init(&b, 0);
	chart_svg_plan_actual(&b, "chart-plan", "Kế hoạch <và> thực tế", planned, actual);
	const char *svg = buf_cstr(&b);
	test_chart_frame(svg, "chart-plan");
	assert_non_null(strstr(svg, "<title id=\"chart-plan-title\">Kế hoạch &lt;và&gt; thực tế"));
	assert_non_null(strstr(svg, "T1: kế hoạch 1 tỷ đồng, thực tế 500 triệu đồng; "));
	assert_non_null(strstr(svg, "T4: kế hoạch 4 tỷ đồng, thực tế chưa có; "));
	assert_non_null(strstr(svg, "T12: kế hoạch 12 tỷ đồng, thực tế chưa có.</desc>"));
	assert_non_null(strstr(svg, "points=\"16,189 49,"));
	assert_non_null(strstr(svg, " 379,42\"/>"));
	assert_non_null(strstr(svg, "class=\"actual\""));
	assert_non_null(strstr(svg, "points=\"16,195 49,162 82,122\"/>"));
	assert_int_equal(test_chart_count(svg, "<circle"), 1 + 3); /* legend and 3 months */
	assert_int_equal(test_chart_count(svg, "text-anchor=\"middle\">T"), 12); /* T1 … T12 */

	/* nothing planned or spent: said in words, no lines */
	memset(planned, 0, sizeof planned);
	for (int m = 0; m < CHART_SVG_MONTHS; m++)
		actual[m] = -1;
	buf_reset(&b);
	chart_svg_plan_actual(&b, "empty", "Trống", planned, actual);
	svg = buf_cstr(&b);
	test_chart_frame(svg, "empty");
	assert_non_null(strstr(svg, "Chưa có kinh phí kế hoạch."));
	assert_null(strstr(svg, "<polyline"));
	buf_finish(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chart_scale),         cmocka_unit_test(test_chart_budget_widths),
	    cmocka_unit_test(test_chart_hostile_label), cmocka_unit_test(test_chart_long_label),
	    cmocka_unit_test(test_chart_zero_budget),   cmocka_unit_test(test_chart_empty),
	    cmocka_unit_test(test_chart_status),        cmocka_unit_test(test_chart_columns),
	    cmocka_unit_test(test_chart_plan_actual),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
