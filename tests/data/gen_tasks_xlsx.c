/* gen_tasks_xlsx.c — makes the .xlsx fixtures of tests/cli/import_xlsx.t from a tasks CSV, typed
 * as a person typing into Excel would leave them: year, money and progress as numbers, dates as
 * date serials shown "dd/mm/yyyy", the rest as (shared) strings. Not built by CMake: the
 * fixtures are committed, and this is how they were made (run from the repository's root):
 *
 *   cc -std=c17 -Isrc tests/data/gen_tasks_xlsx.c src/io/csv.c src/lib/buf.c src/lib/mem.c \
 *      $(pkg-config --cflags --libs xlsxwriter) -o /tmp/gen_tasks_xlsx
 *   /tmp/gen_tasks_xlsx data/sample/backan-2023/tasks.csv tests/data/tasks.xlsx
 *   /tmp/gen_tasks_xlsx --bad data/sample/backan-2023/tasks.csv tests/data/tasks_bad.xlsx
 *
 * The sheet is "Nhiệm vụ", and a second sheet "Ghi chú" follows it (the importer reads the
 * first). With --bad: data row 2's note holds a line break, an empty row comes before data row
 * 6, data row 10's budget_vnd is the text "67,15 tỷ" and data row 20's status is "xong" — so the
 * two problems are on sheet rows 12 and 22 while their CSV records start on other lines.
 * Same input, same bytes: the creation time is fixed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "io/csv.h"
#include "lib/buf.h"

static int slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(b, chunk, n);
	fclose(f);
	return 0;
}

static bool is_column(const char *name, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	bool bad = argc == 4 && strcmp(argv[1], "--bad") == 0;
	if (argc != 3 && !bad) {
		fprintf(stderr, "usage: gen_tasks_xlsx [--bad] IN.csv OUT.xlsx\n");
		return 2;
	}
	const char *in = argv[argc - 2], *out = argv[argc - 1];
	struct buf data;
	buf_init(&data, 0);
	if (slurp(in, &data) < 0) {
		perror(in);
		return 1;
	}
	static const char *const numbers[] = {"year", "budget_vnd", "disbursed_vnd", "progress_pct",
	                                      NULL};
	static const char *const dates[] = {"start_date", "end_date", NULL};

	lxw_workbook *wb = workbook_new(out);
	lxw_doc_properties props = {.created = 946684800};
	workbook_set_properties(wb, &props);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Nhiệm vụ");
	lxw_worksheet *notes = workbook_add_worksheet(wb, "Ghi chú");
	worksheet_write_string(notes, 0, 0, "Bảng này không được nhập", NULL);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "dd/mm/yyyy");
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0");
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);

	struct csv_reader *r = csv_reader_create(data.data, data.len);
	struct csv_record rec;
	char *header[CSV_MAX_FIELDS];
	size_t n_header = 0;
	lxw_row_t row = 0;
	int k = 0; /* data row, 1-based */
	while (csv_reader_next(r, &rec) == 1) {
		if (n_header == 0) {
			for (size_t f = 0; f < rec.n_fields; f++) {
				header[f] = strdup(rec.fields[f]);
				worksheet_write_string(ws, row, (lxw_col_t)f, header[f], NULL);
			}
			n_header = rec.n_fields;
			row++;
			continue;
		}
		k++;
		if (bad && k == 6)
			row++; /* an empty row */
		for (size_t f = 0; f < rec.n_fields && f < n_header; f++) {
			const char *v = rec.fields[f], *col = header[f];
			lxw_col_t c = (lxw_col_t)f;
			if (bad && k == 2 && strcmp(col, "note") == 0)
				v = "Ghi chú dòng một\ndòng hai";
			if (bad && k == 10 && strcmp(col, "budget_vnd") == 0)
				v = "67,15 tỷ";
			if (bad && k == 20 && strcmp(col, "status") == 0)
				v = "xong";
			if (!v[0])
				continue;
			int y, m, d;
			char *end;
			double num = strtod(v, &end);
			if (is_column(col, numbers) && *end == '\0')
				worksheet_write_number(ws, row, c, num,
				                       strstr(col, "vnd") ? money : NULL);
			else if (is_column(col, dates) && sscanf(v, "%d-%d-%d", &y, &m, &d) == 3)
				worksheet_write_datetime(
				    ws, row, c, &(lxw_datetime){y, (uint8_t)m, (uint8_t)d, 0, 0, 0},
				    date);
			else
				worksheet_write_string(ws, row, c, v,
				                       strchr(v, '\n') ? wrap : NULL);
		}
		row++;
	}
	csv_reader_destroy(r);
	buf_finish(&data);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
