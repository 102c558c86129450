/* cmd_dti_entry.c — `dxtrack dti framework import|frameworks|use|set|import|published import`:
 * the frameworks, the binding of a year to one, the self-assessment entries and the ministry's
 * published values. Help and option parsing are in cmd_dti.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../io/texttable.h"
#include "cmd_dti.h"

#define CMD_DTI_CSV_LIMIT ((size_t)64 << 20) /* 64 MiB: the largest CSV file accepted */

/* Reports APP_NOT_FOUND without a diagnostic as "no item CODE …". */
static void cmd_dti_not_found(enum app_status s, struct diag *d, int year, const char *code)
{
	if (s == APP_NOT_FOUND && diag_total(d) == 0)
		diag_add(d, NULL, 0, NULL, "%d: no scored item %s in the year's framework", year,
		         code);
}

/* Reads a CSV operand and runs an import on it. */
static int cmd_dti_read(const char *file, struct buf *data)
{
	buf_init(data, CMD_DTI_CSV_LIMIT + 1);
	return cli_read_file(file, CMD_DTI_CSV_LIMIT, data);
}

/* ---- framework import, frameworks, use ---- */

int cmd_dti_framework_import(const struct cli *cli, const struct cmd_dti_opts *o)
{
	const char *file = o->argv[0];
	struct buf data;
	struct diag d;
	struct app a;
	struct import_result r = {0};
	diag_init(&d);
	int rc = cmd_dti_read(file, &data);
	if (rc == CLI_OK)
		rc = cli_open(cli, &a, o->actor);
	if (rc == CLI_OK) {
		enum app_status s =
		    app_dti_framework_import(&a, file, buf_cstr(&data), data.len, &d, &r);
		rc = cli_report(&a, s, &d);
		if (s == APP_OK)
			printf("%s: %zu frameworks imported (%zu new, %zu replaced, %zu unchanged; "
			       "%zu items).\n",
			       file, r.inserted + r.updated + r.unchanged, r.inserted, r.updated,
			       r.unchanged, r.rows);
		app_close(&a);
	}
	diag_finish(&d);
	buf_finish(&data);
	return rc;
}

struct cmd_dti_list_ctx {
	struct texttable *table;
	json_t *list;
	size_t n;
};

static int cmd_dti_framework_row(void *ctx, const struct store_dti_framework *f)
{
	struct cmd_dti_list_ctx *c = ctx;
	c->n++;
	if (c->list) {
		json_array_append_new(c->list,
		                      json_pack("{s:s, s:I, s:s?, s:s?}", "code", f->code, "items",
		                                (json_int_t)f->items, "imported_at", f->imported_at,
		                                "author", f->author));
		return 0;
	}
	char items[32];
	snprintf(items, sizeof items, "%zu", f->items);
	const char *cells[4] = {f->code, items, f->imported_at, f->author};
	texttable_add(c->table, cells);
	return 0;
}

static int cmd_dti_year_row(void *ctx, int year, const char *framework, const char *province)
{
	struct cmd_dti_list_ctx *c = ctx;
	c->n++;
	if (c->list) {
		json_array_append_new(c->list,
		                      json_pack("{s:i, s:s, s:s?}", "year", year, "framework",
		                                framework, "province", province));
		return 0;
	}
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	const char *cells[3] = {y, framework, province ? province : "—"};
	texttable_add(c->table, cells);
	return 0;
}

int cmd_dti_frameworks(const struct cli *cli, const struct cmd_dti_opts *o)
{
	struct app a;
	struct diag d;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	static const char *const fw_headers[4] = {"Khung chỉ số", "Số mục", "Nhập lúc",
	                                          "Người nhập"};
	static const char *const year_headers[3] = {"Năm đánh giá", "Khung chỉ số",
	                                            "Đơn vị được đánh giá"};
	struct cmd_dti_list_ctx fw = {0}, years = {0};
	diag_init(&d);
	buf_init(&out, 0);
	if (o->json) {
		fw.list = json_array();
		years.list = json_array();
	} else {
		fw.table = texttable_create(4, fw_headers, (const bool[]){0, 1, 0, 0}, NULL);
		years.table = texttable_create(3, year_headers, NULL, NULL);
	}
	enum app_status s = app_dti_frameworks_each(&a, cmd_dti_framework_row, &fw);
	if (s == APP_OK)
		s = app_dti_years_each(&a, cmd_dti_year_row, &years);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK && o->json) {
		json_t *j = json_pack("{s:O, s:O}", "frameworks", fw.list, "years", years.list);
		cli_json(&out, j, TASK_IO_JSON_FLAGS);
		json_decref(j);
	} else if (s == APP_OK) {
		if (fw.n == 0) {
			buf_puts(&out, "Chưa có khung chỉ số DTI nào: dxtrack dti framework import "
			               "FILE.csv\n");
		} else {
			texttable_render(fw.table, &out);
			buf_putc(&out, '\n');
			if (years.n == 0)
				buf_puts(&out, "Chưa có năm đánh giá nào: dxtrack dti use YEAR "
				               "FRAMEWORK\n");
			else
				texttable_render(years.table, &out);
		}
	}
	if (s == APP_OK)
		rc = cmd_dti_print(&out);
	json_decref(fw.list);
	json_decref(years.list);
	texttable_destroy(fw.table);
	texttable_destroy(years.table);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

struct cmd_dti_binding {
	int year;
	char *framework;
	char *province;
};

static int cmd_dti_binding_row(void *ctx, int year, const char *framework, const char *province)
{
	struct cmd_dti_binding *b = ctx;
	if (year == b->year) {
		b->framework = strdup(framework);
		b->province = province ? strdup(province) : NULL;
	}
	return 0;
}

int cmd_dti_use(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int year;
	if (cmd_dti_year(o, o->argv[0], &year) < 0)
		return CLI_USAGE;
	struct app a;
	struct diag d;
	int rc = cli_open(cli, &a, o->actor);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	enum app_status s = app_dti_use(&a, year, o->argv[1], o->province, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		struct cmd_dti_binding b = {.year = year};
		struct unit u = {0};
		app_dti_years_each(&a, cmd_dti_binding_row, &b);
		bool named = b.province && app_unit_get(&a, b.province, &u) == APP_OK;
		printf("%d is assessed under %s (unit assessed: %s%s%s).\n", year,
		       b.framework ? b.framework : o->argv[1], b.province ? b.province : "none",
		       named ? " — " : "", named ? u.name : "");
		unit_clear(&u);
		free(b.framework);
		free(b.province);
	}
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* ---- set, import, published import ---- */

int cmd_dti_set(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int year;
	if (cmd_dti_year(o, o->argv[0], &year) < 0)
		return CLI_USAGE;
	const char *code = o->argv[1];
	unsigned changes = CMD_DTI_O_VALUE | CMD_DTI_O_CLEAR_VALUE | CMD_DTI_O_UNIT |
	                   CMD_DTI_O_DUE | CMD_DTI_O_STATUS | CMD_DTI_O_INDICATOR | CMD_DTI_O_NOTE;
	if (!(o->given & changes))
		return cli_usage_error(o->command, "set needs at least one of --value, "
		                                   "--clear-value, --unit, --due, --status, "
		                                   "--indicator or --note");
	if ((o->given & CMD_DTI_O_VALUE) && (o->given & CMD_DTI_O_CLEAR_VALUE))
		return cli_usage_error(o->command, "--value and --clear-value do not go together");
	struct app a;
	struct diag d;
	struct dti_entry e = {0};
	int rc = cli_open(cli, &a, o->actor);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	enum app_status s = app_dti_set(&a, year, code, &o->change, &d, &e);
	cmd_dti_not_found(s, &d, year, code);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		struct buf out;
		buf_init(&out, 0);
		buf_printf(&out, "%d/%s: ", year, code);
		cmd_dti_entry_text(&out, &e);
		buf_printf(&out, " (phiên bản %lld).\n", (long long)e.version);
		rc = cmd_dti_print(&out);
		buf_finish(&out);
	}
	dti_entry_clear(&e);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* dti import YEAR FILE and dti published import FILE */
static int cmd_dti_import_file(const struct cli *cli, const struct cmd_dti_opts *o, int year)
{
	const char *file = o->argv[year ? 1 : 0];
	struct buf data;
	struct diag d;
	struct app a;
	struct import_result r = {0};
	diag_init(&d);
	int rc = cmd_dti_read(file, &data);
	if (rc == CLI_OK)
		rc = cli_open(cli, &a, o->actor);
	if (rc == CLI_OK) {
		enum app_status s =
		    year ? app_dti_import(&a, year, file, buf_cstr(&data), data.len, &d, &r)
		         : app_dti_published_import(&a, file, buf_cstr(&data), data.len, &d, &r);
		rc = cli_report(&a, s, &d);
		if (s == APP_OK && year)
			printf("%s: %zu rows of %d imported (%zu changed, %zu unchanged).\n", file,
			       r.rows, year, r.updated, r.unchanged);
		else if (s == APP_OK) /* each replaces an earlier value of its year and code */
			printf("%s: %zu published values recorded.\n", file, r.rows);
		app_close(&a);
	}
	diag_finish(&d);
	buf_finish(&data);
	return rc;
}

int cmd_dti_import(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int year;
	if (cmd_dti_year(o, o->argv[0], &year) < 0)
		return CLI_USAGE;
	return cmd_dti_import_file(cli, o, year);
}

int cmd_dti_published(const struct cli *cli, const struct cmd_dti_opts *o)
{
	return cmd_dti_import_file(cli, o, 0);
}