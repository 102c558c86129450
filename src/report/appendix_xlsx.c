/* appendix_xlsx.c — the report's appendix workbook from its JSON (see appendix_xlsx.h).
 *
 * Each sheet: the appendix title (bold, centred across the table) and the "Kèm theo …" line
 * (italic) as Decree 30 sets an appendix's head, an empty row, the header row, the data rows and,
 * on the first two sheets, a totals row of formulas. Every cell carries a format in Times New
 * Roman, so the sheet prints like the report it goes with. The formulas' cached results are
 * computed here too, so a reader that does not recalculate shows the right totals.
 *
 * Same JSON, same bytes: libxlsxwriter 1.1.4 stamps every ZIP entry 1980-01-01 00:00 and writes
 * the parts in a fixed order; the only clock it reads is the document's creation time
 * (docProps/core.xml, dcterms:created and dcterms:modified), which is set here to a fixed value.
 */
#include "appendix_xlsx.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../core/money.h"
#include "xlsx_money.h"

#define AX_HEAD_ROW 3        /* the header row (0-based): after the title, "Kèm theo" and a gap */
#define AX_FIRST 4           /* the first data row (0-based) */
#define AX_CREATED 946684800 /* 2000-01-01T00:00:00Z: the fixed creation time */
#define AX_FONT "Times New Roman"
#define AX_MAX_DECIMALS 6

struct ax {
	lxw_workbook *wb;
	lxw_error e; /* the first libxlsxwriter error */
	char *why;
	size_t why_size;
	bool failed; /* why is set */
	int year;
	const char *title, *subtitle;
	lxw_format *title_f, *subtitle_f, *head, *text, *center, *money, *pct, *count;
	lxw_format *total_label, *total_money, *total_pct, *total_count, *total_blank;
	lxw_format *decimals[AX_MAX_DECIMALS + 1]; /* indicator values with 0..6 decimals */
};

__attribute__((format(printf, 2, 3))) static void ax_fail(struct ax *x, const char *fmt, ...)
{
	if (x->failed)
		return;
	x->failed = true;
	va_list ap;
	va_start(ap, fmt);
	if (x->why && x->why_size)
		vsnprintf(x->why, x->why_size, fmt, ap);
	va_end(ap);
}

/* ---- the JSON ---- */

static const char *ax_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Whole đồng: a JSON integer, 0 when absent or null. false (why set) for anything else. */
static bool ax_money(struct ax *x, const json_t *o, const char *what, size_t i, const char *key,
                     int64_t *out)
{
	const json_t *v = json_object_get(o, key);
	*out = 0;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		ax_fail(x, "%s[%zu].%s: expected whole đồng (a JSON integer, 0 or more)", what, i,
		        key);
		return false;
	}
	*out = (int64_t)json_integer_value(v);
	return true;
}

/* A number, or none (absent or null). false (why set) for anything else. */
static bool ax_number(struct ax *x, const json_t *o, const char *what, size_t i, const char *key,
                      bool *present, double *out)
{
	const json_t *v = json_object_get(o, key);
	*present = false;
	*out = 0;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_number(v)) {
		ax_fail(x, "%s[%zu].%s: expected a number or null", what, i, key);
		return false;
	}
	*present = true;
	*out = json_number_value(v);
	return true;
}

/* The array under key, or NULL when absent or null (jansson reads NULL as an empty array);
 * why is set when it is something else. */
static const json_t *ax_array(struct ax *x, const json_t *appendix, const char *key)
{
	const json_t *v = json_object_get(appendix, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v))
		ax_fail(x, "%s: expected an array", key);
	return v;
}

/* ---- cells ---- */

/* An amount of đồng (xlsx_money_write). */
static void ax_write_money(struct ax *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t vnd,
                           lxw_format *f)
{
	if (!x->e)
		x->e = xlsx_money_write(ws, r, c, vnd, f);
}

static void ax_write_str(struct ax *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                         lxw_format *f)
{
	if (x->e)
		return;
	x->e = s[0] ? worksheet_write_string(ws, r, c, s, f) : worksheet_write_blank(ws, r, c, f);
}

static void ax_write_num(struct ax *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
                         lxw_format *f)
{
	if (!x->e)
		x->e = worksheet_write_number(ws, r, c, v, f);
}

static void ax_write_formula(struct ax *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                             const char *formula, lxw_format *f, double cached)
{
	if (!x->e)
		x->e = worksheet_write_formula_num(ws, r, c, formula, f, cached);
}

/* =SUM of column col over the data rows (0-based first..last), or 0 when there are none. */
static void ax_write_sum(struct ax *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, size_t n,
                         lxw_format *f, int64_t sum_vnd)
{
	if (n == 0) {
		ax_write_num(x, ws, r, col, 0, f);
		return;
	}
	char formula[64], letter = (char)('A' + col);
	snprintf(formula, sizeof formula, "=SUM(%c%d:%c%d)", letter, AX_FIRST + 1, letter,
	         (int)(AX_FIRST + n));
	ax_write_formula(x, ws, r, col, formula, f, xlsx_money_cached(sum_vnd));
}

/* The disbursement rate in percent of row r (0-based): =IF(Dr=0,0,Er/Dr*100). */
static void ax_write_rate(struct ax *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t budget_col,
                          lxw_col_t disbursed_col, lxw_col_t col, lxw_format *f, int64_t budget_vnd,
                          int64_t disbursed_vnd)
{
	char formula[80], b = (char)('A' + budget_col), d = (char)('A' + disbursed_col);
	int row = (int)r + 1;
	snprintf(formula, sizeof formula, "=IF(%c%d=0,0,%c%d/%c%d*100)", b, row, d, row, b, row);
	/* cached: the rate as the summary rounds it, in integer tenths of a percent; only the
	 * resulting percentage (not money) becomes the cell's number */
	int64_t rate_pct_x10 = money_pct_x10(disbursed_vnd, budget_vnd);
	ax_write_formula(x, ws, r, col, formula, f, (double)rate_pct_x10 / 10);
}

/* ---- formats ---- */

static lxw_format *ax_format(struct ax *x, bool border)
{
	lxw_format *f = workbook_add_format(x->wb);
	format_set_font_name(f, AX_FONT);
	format_set_font_size(f, 12);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void ax_formats(struct ax *x)
{
	x->title_f = ax_format(x, false);
	format_set_bold(x->title_f);
	format_set_font_size(x->title_f, 14);
	format_set_align(x->title_f, LXW_ALIGN_CENTER);
	format_set_text_wrap(x->title_f);
	x->subtitle_f = ax_format(x, false);
	format_set_italic(x->subtitle_f);
	format_set_font_size(x->subtitle_f, 13);
	format_set_align(x->subtitle_f, LXW_ALIGN_CENTER);
	format_set_text_wrap(x->subtitle_f);
	x->head = ax_format(x, true);
	format_set_bold(x->head);
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_CENTER);
	format_set_bg_color(x->head, 0xD9E1F2);
	/* names and notes may be long or hold line breaks: wrap them (c-stack gotcha 10) */
	x->text = ax_format(x, true);
	format_set_text_wrap(x->text);
	x->center = ax_format(x, true);
	format_set_align(x->center, LXW_ALIGN_CENTER);
	format_set_text_wrap(x->center);
	x->money = ax_format(x, true);
	format_set_num_format(x->money, "#,##0"); /* Vietnamese Excel shows 1.000.000 */
	x->pct = ax_format(x, true);
	format_set_num_format(x->pct, "0.0");
	x->count = ax_format(x, true);
	format_set_num_format(x->count, "0");
	format_set_align(x->count, LXW_ALIGN_CENTER);
	x->total_label = ax_format(x, true);
	format_set_bold(x->total_label);
	format_set_align(x->total_label, LXW_ALIGN_CENTER);
	x->total_blank = ax_format(x, true);
	x->total_money = ax_format(x, true);
	format_set_bold(x->total_money);
	format_set_num_format(x->total_money, "#,##0");
	x->total_pct = ax_format(x, true);
	format_set_bold(x->total_pct);
	format_set_num_format(x->total_pct, "0.0");
	x->total_count = ax_format(x, true);
	format_set_bold(x->total_count);
	format_set_num_format(x->total_count, "0");
	format_set_align(x->total_count, LXW_ALIGN_CENTER);
	static const char *const codes[AX_MAX_DECIMALS + 1] = {
	    "#,##0",      "#,##0.0",     "#,##0.00",    "#,##0.000",
	    "#,##0.0000", "#,##0.00000", "#,##0.000000"};
	for (int i = 0; i <= AX_MAX_DECIMALS; i++) {
		x->decimals[i] = ax_format(x, true);
		format_set_num_format(x->decimals[i], codes[i]);
	}
}

/* ---- sheets ---- */

/* A new sheet with its head (title, "Kèm theo" line), header row, widths, frozen header, and the
 * print set-up: A4 landscape, one page wide, the header row on every page, Decree 30 margins
 * (top and bottom 2 cm, left 3 cm, right 1.5 cm), page numbers in the footer. */
static lxw_worksheet *ax_sheet(struct ax *x, const char *name, const char *title,
                               const char *const *headers, const double *widths, lxw_col_t cols)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws) {
		x->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return NULL;
	}
	for (lxw_col_t c = 0; c < cols; c++)
		worksheet_set_column(ws, c, c, widths[c], NULL);
	worksheet_set_row(ws, 0, 40, NULL);
	if (!x->e)
		x->e = worksheet_merge_range(ws, 0, 0, 0, cols - 1, title, x->title_f);
	if (!x->e && x->subtitle[0])
		x->e = worksheet_merge_range(ws, 1, 0, 1, cols - 1, x->subtitle, x->subtitle_f);
	for (lxw_col_t c = 0; c < cols; c++)
		ax_write_str(x, ws, AX_HEAD_ROW, c, headers[c], x->head);
	worksheet_freeze_panes(ws, AX_FIRST, 0);
	worksheet_repeat_rows(ws, AX_HEAD_ROW, AX_HEAD_ROW);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 1.18, 0.59, 0.79, 0.79);
	worksheet_center_horizontally(ws);
	worksheet_set_footer(ws, "&CTrang &P/&N");
	return ws;
}

static void ax_tasks(struct ax *x, const json_t *tasks)
{
	static const char *const headers[] = {"STT",
	                                      "Tên nhiệm vụ",
	                                      "Chủ đầu tư",
	                                      "Kinh phí (đồng)",
	                                      "Đã giải ngân (đồng)",
	                                      "Tỷ lệ giải ngân (%)",
	                                      "Tiến độ (%)",
	                                      "Tình trạng",
	                                      "Ghi chú"};
	static const double widths[] = {6, 48, 26, 18, 18, 11, 9, 17, 30};
	lxw_worksheet *ws = ax_sheet(x, "Nhiệm vụ", x->title, headers, widths, 9);
	if (!ws)
		return;
	size_t n = json_array_size(tasks);
	int64_t budget_sum = 0, disbursed_sum = 0;
	for (size_t i = 0; i < n && !x->e && !x->failed; i++) {
		const json_t *t = json_array_get(tasks, i);
		int64_t budget, disbursed;
		bool has_progress;
		double progress;
		if (!json_is_object(t)) {
			ax_fail(x, "tasks[%zu]: expected an object", i);
			return;
		}
		if (!ax_money(x, t, "tasks", i, "budget_vnd", &budget) ||
		    !ax_money(x, t, "tasks", i, "disbursed_vnd", &disbursed) ||
		    !ax_number(x, t, "tasks", i, "progress_pct", &has_progress, &progress))
			return;
		if (__builtin_add_overflow(budget_sum, budget, &budget_sum) ||
		    __builtin_add_overflow(disbursed_sum, disbursed, &disbursed_sum)) {
			ax_fail(x, "tasks: the money total does not fit in 64 bits");
			return;
		}
		const char *investor = ax_str(t, "investor_name");
		if (!investor[0])
			investor = ax_str(t, "investor");
		lxw_row_t r = (lxw_row_t)(AX_FIRST + i);
		ax_write_num(x, ws, r, 0, (double)(i + 1), x->count);
		ax_write_str(x, ws, r, 1, ax_str(t, "name"), x->text);
		ax_write_str(x, ws, r, 2, investor, x->text);
		ax_write_money(x, ws, r, 3, budget, x->money);
		ax_write_money(x, ws, r, 4, disbursed, x->money);
		ax_write_rate(x, ws, r, 3, 4, 5, x->pct, budget, disbursed);
		if (has_progress)
			ax_write_num(x, ws, r, 6, progress, x->pct);
		else
			ax_write_str(x, ws, r, 6, "", x->pct);
		ax_write_str(x, ws, r, 7, ax_str(t, "status_vi"), x->center);
		ax_write_str(x, ws, r, 8, ax_str(t, "note"), x->text);
	}
	if (x->failed)
		return;
	lxw_row_t r = (lxw_row_t)(AX_FIRST + n);
	ax_write_str(x, ws, r, 0, "", x->total_blank);
	ax_write_str(x, ws, r, 1, "Tổng cộng", x->total_label);
	ax_write_str(x, ws, r, 2, "", x->total_blank);
	ax_write_sum(x, ws, r, 3, n, x->total_money, budget_sum);
	ax_write_sum(x, ws, r, 4, n, x->total_money, disbursed_sum);
	ax_write_rate(x, ws, r, 3, 4, 5, x->total_pct, budget_sum, disbursed_sum);
	for (lxw_col_t c = 6; c < 9; c++)
		ax_write_str(x, ws, r, c, "", x->total_blank);
}

static void ax_investors(struct ax *x, const json_t *investors)
{
	static const char *const headers[] = {"STT",
	                                      "Chủ đầu tư",
	                                      "Số nhiệm vụ",
	                                      "Kinh phí (đồng)",
	                                      "Đã giải ngân (đồng)",
	                                      "Tỷ lệ giải ngân (%)"};
	static const double widths[] = {6, 48, 12, 20, 20, 12};
	char title[160];
	snprintf(title, sizeof title, "TỔNG HỢP THEO CHỦ ĐẦU TƯ NĂM %d", x->year);
	lxw_worksheet *ws = ax_sheet(x, "Theo chủ đầu tư", title, headers, widths, 6);
	if (!ws)
		return;
	size_t n = json_array_size(investors);
	int64_t budget_sum = 0, disbursed_sum = 0;
	double tasks_sum = 0;
	for (size_t i = 0; i < n && !x->e && !x->failed; i++) {
		const json_t *v = json_array_get(investors, i);
		int64_t budget, disbursed;
		bool has_tasks;
		double tasks;
		if (!json_is_object(v)) {
			ax_fail(x, "investors[%zu]: expected an object", i);
			return;
		}
		if (!ax_money(x, v, "investors", i, "budget_vnd", &budget) ||
		    !ax_money(x, v, "investors", i, "disbursed_vnd", &disbursed) ||
		    !ax_number(x, v, "investors", i, "tasks", &has_tasks, &tasks))
			return;
		if (__builtin_add_overflow(budget_sum, budget, &budget_sum) ||
		    __builtin_add_overflow(disbursed_sum, disbursed, &disbursed_sum)) {
			ax_fail(x, "investors: the money total does not fit in 64 bits");
			return;
		}
		tasks_sum += tasks;
		const char *name = ax_str(v, "name");
		lxw_row_t r = (lxw_row_t)(AX_FIRST + i);
		ax_write_num(x, ws, r, 0, (double)(i + 1), x->count);
		ax_write_str(x, ws, r, 1, name[0] ? name : ax_str(v, "code"), x->text);
		ax_write_num(x, ws, r, 2, tasks, x->count);
		ax_write_money(x, ws, r, 3, budget, x->money);
		ax_write_money(x, ws, r, 4, disbursed, x->money);
		ax_write_rate(x, ws, r, 3, 4, 5, x->pct, budget, disbursed);
	}
	if (x->failed)
		return;
	lxw_row_t r = (lxw_row_t)(AX_FIRST + n);
	ax_write_str(x, ws, r, 0, "", x->total_blank);
	ax_write_str(x, ws, r, 1, "Tổng cộng", x->total_label);
	ax_write_sum(x, ws, r, 2, n, x->total_count, tasks_sum);
	ax_write_sum(x, ws, r, 3, n, x->total_money, budget_sum);
	ax_write_sum(x, ws, r, 4, n, x->total_money, disbursed_sum);
	ax_write_rate(x, ws, r, 3, 4, 5, x->total_pct, budget_sum, disbursed_sum);
}

static void ax_indicators(struct ax *x, const json_t *indicators)
{
	static const char *const headers[] = {"STT",     "Chỉ số",   "Đơn vị đo",
	                                      "Giá trị", "Chỉ tiêu", "Tình trạng"};
	static const double widths[] = {6, 60, 14, 16, 16, 22};
	char title[160];
	snprintf(title, sizeof title, "CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM %d", x->year);
	lxw_worksheet *ws = ax_sheet(x, "Chỉ số", title, headers, widths, 6);
	if (!ws)
		return;
	size_t n = json_array_size(indicators);
	for (size_t i = 0; i < n && !x->e && !x->failed; i++) {
		const json_t *v = json_array_get(indicators, i);
		bool has_value, has_target, has_decimals;
		double value, target, decimals;
		if (!json_is_object(v)) {
			ax_fail(x, "indicators[%zu]: expected an object", i);
			return;
		}
		if (!ax_number(x, v, "indicators", i, "value", &has_value, &value) ||
		    !ax_number(x, v, "indicators", i, "target", &has_target, &target) ||
		    !ax_number(x, v, "indicators", i, "decimals", &has_decimals, &decimals))
			return;
		int places = 0;
		if (has_decimals && decimals >= 0 && decimals <= AX_MAX_DECIMALS)
			places = (int)decimals;
		lxw_format *f = x->decimals[places];
		lxw_row_t r = (lxw_row_t)(AX_FIRST + i);
		ax_write_num(x, ws, r, 0, (double)(i + 1), x->count);
		ax_write_str(x, ws, r, 1, ax_str(v, "name"), x->text);
		ax_write_str(x, ws, r, 2, ax_str(v, "measure"), x->center);
		if (has_value)
			ax_write_num(x, ws, r, 3, value, f);
		else
			ax_write_str(x, ws, r, 3, "", f);
		if (has_target)
			ax_write_num(x, ws, r, 4, target, f);
		else
			ax_write_str(x, ws, r, 4, "", f);
		ax_write_str(x, ws, r, 5, ax_str(v, "status_vi"), x->center);
	}
}

/* ---- the workbook ---- */

static void ax_build(struct ax *x, const json_t *appendix)
{
	const json_t *tasks = ax_array(x, appendix, "tasks");
	const json_t *investors = ax_array(x, appendix, "investors");
	const json_t *indicators = ax_array(x, appendix, "indicators");
	if (x->failed)
		return;
	lxw_doc_properties props = {
	    .title = (char *)x->title,
	    .created = AX_CREATED, /* fixed: the bytes depend only on the data */
	};
	x->e = workbook_set_properties(x->wb, &props);
	ax_formats(x);
	ax_tasks(x, tasks);
	if (!x->failed)
		ax_investors(x, investors);
	if (!x->failed)
		ax_indicators(x, indicators);
}

int appendix_xlsx_write(const json_t *appendix, struct buf *out, char *why, size_t why_size)
{
	struct ax x = {.why = why, .why_size = why_size};
	if (why && why_size)
		why[0] = '\0';
	if (!json_is_object(appendix)) {
		ax_fail(&x, "the appendix is not a JSON object");
		return -1;
	}
	const json_t *year = json_object_get(appendix, "year");
	if (!json_is_integer(year) || json_integer_value(year) < 1 ||
	    json_integer_value(year) > 9999) {
		ax_fail(&x, "year: expected a year (a JSON integer)");
		return -1;
	}
	x.year = (int)json_integer_value(year);
	x.title = ax_str(appendix, "title");
	x.subtitle = ax_str(appendix, "subtitle");
	if (!x.title[0]) {
		ax_fail(&x, "title: expected the appendix's title");
		return -1;
	}

	const char *dir = getenv("TMPDIR");
	if (!dir || !dir[0])
		dir = "/tmp";
	char path[4096];
	if (snprintf(path, sizeof path, "%s/dxtrack-appendix-XXXXXX", dir) >= (int)sizeof path) {
		ax_fail(&x, "the temporary directory's name is too long");
		return -1;
	}
	int fd = mkstemp(path);
	if (fd < 0) {
		ax_fail(&x, "cannot make a temporary file in %s", dir);
		return -1;
	}
	close(fd);
	/* libxlsxwriter writes only to a file: write it, read it back, remove it */
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)dir};
	x.wb = workbook_new_opt(path, &opt);
	int rc = -1;
	if (!x.wb) {
		ax_fail(&x, "cannot start the workbook");
	} else {
		ax_build(&x, appendix);
		lxw_error closed = workbook_close(x.wb); /* writes the file and frees wb */
		if (!x.failed && x.e)
			ax_fail(&x, "libxlsxwriter: %s", lxw_strerror(x.e));
		if (!x.failed && closed)
			ax_fail(&x, "libxlsxwriter: %s", lxw_strerror(closed));
		if (!x.failed) {
			size_t had = out->len;
			rc = buf_append_file(out, path);
			if (rc < 0) {
				out->len = had;
				if (out->data)
					out->data[had] = '\0';
				ax_fail(&x, "cannot read the workbook back from %s", path);
			}
		}
	}
	unlink(path);
	return rc;
}
