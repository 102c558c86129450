/* plan_xlsx.c — a catalogue selection as an .xlsx workbook (see plan_xlsx.h). */
#include "plan_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "xlsx_money.h"

#define PLAN_XLSX_COLS 8
#define PLAN_XLSX_FIRST 2 /* the first entry's row (0-based): after the title and header */

static const char *plan_xlsx_str(const char *s)
{
	return s ? s : "";
}

/* The sheet into the workbook; LXW_NO_ERROR or the first error. */

static lxw_error plan_xlsx_sheet(lxw_workbook *wb, const struct plan_result *r)
{
	static const char *const headers[PLAN_XLSX_COLS] = {
	    "Mã",   "Tên nhiệm vụ",    "Chủ đầu tư", "Nhóm ưu tiên",
	    "Điểm", "Kinh phí (đồng)", "Được chọn",  "Lý do"};
	static const double widths[PLAN_XLSX_COLS] = {12, 50, 24, 13, 8, 18, 11, 40};
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Danh mục");
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_border(head, LXW_BORDER_THIN);
	lxw_format *text = workbook_add_format(wb); /* names and reasons may hold line breaks */
	format_set_text_wrap(text);
	format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *num = workbook_add_format(wb);
	format_set_align(num, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0");
	format_set_align(money, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *total_label = workbook_add_format(wb);
	format_set_bold(total_label);
	format_set_top(total_label, LXW_BORDER_THIN);
	lxw_format *total = workbook_add_format(wb);
	format_set_bold(total);
	format_set_num_format(total, "#,##0");
	format_set_top(total, LXW_BORDER_THIN);

	for (lxw_col_t c = 0; c < PLAN_XLSX_COLS; c++)
		worksheet_set_column(ws, c, c, widths[c], c == 1 || c == 2 || c == 7 ? text : NULL);
	char line[160];
	snprintf(line, sizeof line, "Danh mục nhiệm vụ năm %d", r->year);
	lxw_error e = worksheet_write_string(ws, 0, 0, line, title);
	for (lxw_col_t c = 0; c < PLAN_XLSX_COLS && !e; c++)
		e = worksheet_write_string(ws, 1, c, headers[c], head);
	for (size_t i = 0; i < r->n && !e; i++) {
		const struct plan_entry *en = &r->entries[i];
		lxw_row_t row = (lxw_row_t)(PLAN_XLSX_FIRST + i);
		e = worksheet_write_string(ws, row, 0, plan_xlsx_str(en->code), num);
		if (!e)
			e = worksheet_write_string(ws, row, 1, plan_xlsx_str(en->name), text);
		if (!e)
			e = worksheet_write_string(ws, row, 2, plan_xlsx_str(en->investor), text);
		if (!e)
			e = worksheet_write_number(ws, row, 3, en->tier, num);
		if (!e)
			e = worksheet_write_number(ws, row, 4, en->score, num);
		if (!e)
			e = xlsx_money_write(ws, row, 5, en->budget_vnd, money);
		if (!e)
			e = worksheet_write_string(ws, row, 6, en->selected ? "Có" : "Không", num);
		if (!e)
			e = worksheet_write_string(ws, row, 7, plan_xlsx_str(en->reason), text);
	}
	lxw_row_t trow = (lxw_row_t)(PLAN_XLSX_FIRST + r->n);
	if (!e)
		e = worksheet_write_string(ws, trow, 0, "Tổng kinh phí được chọn", total_label);
	for (lxw_col_t c = 1; c < PLAN_XLSX_COLS && !e; c++)
		if (c != 5)
			e = worksheet_write_blank(ws, trow, c, total_label);
	if (!e && r->n) {
		/* rows are 1-based in formulas */
		char formula[96];
		snprintf(formula, sizeof formula, "=SUMIF(G%d:G%d,\"Có\",F%d:F%d)",
		         PLAN_XLSX_FIRST + 1, (int)trow, PLAN_XLSX_FIRST + 1, (int)trow);
		e = worksheet_write_formula_num(ws, trow, 5, formula, total,
		                                xlsx_money_cached(r->selected_vnd));
	} else if (!e) {
		e = worksheet_write_number(ws, trow, 5, 0, total);
	}
	if (e)
		return e;
	worksheet_freeze_panes(ws, PLAN_XLSX_FIRST, 0);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 1, 1);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	return LXW_NO_ERROR;
}

int plan_xlsx_write(const struct plan_result *r, struct buf *out)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !dir[0])
		dir = "/tmp";
	char path[4096];
	if (snprintf(path, sizeof path, "%s/dxtrack-plan-XXXXXX", dir) >= (int)sizeof path)
		return -1;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)dir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	int rc = -1;
	if (wb) {
		lxw_error e = plan_xlsx_sheet(wb, r);
		lxw_error closed = workbook_close(wb); /* writes the file and frees wb */
		if (e == LXW_NO_ERROR && closed == LXW_NO_ERROR) {
			struct buf bytes;
			buf_init(&bytes, 0);
			rc = buf_append_file(&bytes, path);
			if (rc == 0)
				rc = buf_append(out, bytes.data, bytes.len);
			buf_finish(&bytes);
		}
	}
	unlink(path);
	return rc;
}
