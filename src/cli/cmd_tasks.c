/* cmd_tasks.c — `dxtrack tasks` (list) and `dxtrack export tasks` (CSV/JSON for re-import). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../io/texttable.h"
#include "../text/vnfmt.h"
#include "cli.h"

static const char cmd_tasks_help[] =
    "Usage: dxtrack [--db PATH] tasks [OPTIONS]\n"
    "\n"
    "Lists tasks with their current state (the latest progress update).\n"
    "\n"
    "Options:\n"
    "  --year Y            only year Y\n"
    "  --status S          planned, in_progress, completed, stopped or deferred\n"
    "                      (or the Vietnamese label, e.g. \"hoàn thành\")\n"
    "  --investor CODE     only this investor\n"
    "  --unit CODE         investors at or below this unit (a province, a district…)\n"
    "  --category TEXT     only this category\n"
    "  --tag TAG           only tasks with this tag (may be repeated)\n"
    "  --search TEXT       words in the code or name, ignoring case and diacritics\n"
    "                      (\"chuyen doi so\" finds \"chuyển đổi số\", \"d\" finds \"đ\")\n"
    "  --sort KEY          code (default), name (Vietnamese order), budget or progress\n"
    "                      (largest first)\n"
    "  --reverse           reverse the order\n"
    "  --limit N           at most N tasks; --offset N skips the first N\n"
    "  --format F          table (default), csv or json (an array of task objects with the\n"
    "                      CSV's field names)\n";

static const char cmd_export_help[] =
    "Usage: dxtrack [--db PATH] export tasks [--year Y] [--format csv|json] [-o FILE]\n"
    "\n"
    "Writes the tasks (all years, or year Y) in the import format, so that the file can be\n"
    "edited in a spreadsheet and imported again. CSV by default. Text that starts with = + - @\n"
    "is prefixed with ' so a spreadsheet does not run it as a formula; import removes the '.\n"
    "The options of `dxtrack tasks` filter the export too.\n";

enum cmd_tasks_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct cmd_tasks_out {
	enum cmd_tasks_format format;
	FILE *file;
	struct buf line;
	json_t *array;
	struct texttable *table;
	int64_t count, budget_vnd, disbursed_vnd;
};

static int cmd_tasks_each(void *ctx, const struct task *t)
{
	struct cmd_tasks_out *o = ctx;
	o->count++;
	o->budget_vnd += t->budget_vnd;
	o->disbursed_vnd += t->disbursed_vnd;
	switch (o->format) {
	case FORMAT_CSV:
		buf_reset(&o->line);
		task_io_csv_row(&o->line, t);
		fwrite(o->line.data, 1, o->line.len, o->file);
		break;
	case FORMAT_JSON:
		json_array_append_new(o->array, task_io_json(t));
		break;
	case FORMAT_TABLE: {
		struct buf cells[7];
		for (int i = 0; i < 7; i++)
			buf_init(&cells[i], 0);
		buf_printf(&cells[0], "%d", t->year);
		vnfmt_million(&cells[1], t->budget_vnd);
		vnfmt_million(&cells[2], t->disbursed_vnd);
		buf_printf(&cells[3], "%d%%", t->progress_pct);
		const char *row[] = {
		    buf_cstr(&cells[0]),
		    t->code,
		    t->name,
		    t->investor,
		    buf_cstr(&cells[1]),
		    buf_cstr(&cells[2]),
		    buf_cstr(&cells[3]),
		    task_status_label_vi(t->status),
		};
		texttable_add(o->table, row);
		for (int i = 0; i < 7; i++)
			buf_finish(&cells[i]);
		break;
	}
	}
	return 0;
}

static int cmd_tasks_run(const struct cli *cli, int argc, char **argv, bool export)
{
	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"status", required_argument, NULL, 's'},
	    {"investor", required_argument, NULL, 'i'},
	    {"unit", required_argument, NULL, 'u'},
	    {"category", required_argument, NULL, 'c'},
	    {"tag", required_argument, NULL, 't'},
	    {"search", required_argument, NULL, 'q'},
	    {"sort", required_argument, NULL, 'S'},
	    {"reverse", no_argument, NULL, 'r'},
	    {"limit", required_argument, NULL, 'l'},
	    {"offset", required_argument, NULL, 'O'},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *name = export ? "export" : "tasks";
	struct task_filter f = {.status = -1, .sort = TASK_SORT_CODE};
	struct cmd_tasks_out o = {.format = export ? FORMAT_CSV : FORMAT_TABLE, .file = stdout};
	const char *output = NULL;
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (cli_parse_int(optarg, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0)
				return cli_usage_error(name, "--year: expected a year, got \"%s\"",
				                       optarg);
			f.year = (int)n;
			break;
		case 's': {
			enum task_status st;
			if (task_status_parse(optarg, &st) < 0)
				return cli_usage_error(name, "--status: unknown status \"%s\"",
				                       optarg);
			f.status = (int)st;
			break;
		}
		case 'i':
			f.investor = optarg;
			break;
		case 'u':
			f.unit = optarg;
			break;
		case 'c':
			f.category = optarg;
			break;
		case 't': {
			uint32_t bits;
			if (task_tags_parse(optarg, &bits, NULL) < 0)
				return cli_usage_error(name, "--tag: unknown tag \"%s\"", optarg);
			f.tags |= bits;
			break;
		}
		case 'q':
			f.search = optarg;
			break;
		case 'S':
			if (strcmp(optarg, "code") == 0)
				f.sort = TASK_SORT_CODE;
			else if (strcmp(optarg, "name") == 0)
				f.sort = TASK_SORT_NAME;
			else if (strcmp(optarg, "budget") == 0)
				f.sort = TASK_SORT_BUDGET;
			else if (strcmp(optarg, "progress") == 0)
				f.sort = TASK_SORT_PROGRESS;
			else
				return cli_usage_error(name, "--sort: use code, name, budget or "
				                             "progress");
			break;
		case 'r':
			f.descending = true;
			break;
		case 'l':
		case 'O':
			if (cli_parse_int(optarg, 0, 100000000, &n) < 0)
				return cli_usage_error(name, "--%s: expected a number",
				                       opt == 'l' ? "limit" : "offset");
			if (opt == 'l')
				f.limit = (size_t)n;
			else
				f.offset = (size_t)n;
			break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				o.format = FORMAT_CSV;
			else if (strcmp(optarg, "json") == 0)
				o.format = FORMAT_JSON;
			else if (strcmp(optarg, "table") == 0 && !export)
				o.format = FORMAT_TABLE;
			else
				return cli_usage_error(name, "--format: use %s",
				                       export ? "csv or json"
				                              : "table, csv or json");
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(export ? cmd_export_help : cmd_tasks_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error(name, "bad option");
		}
	}
	if (export) {
		if (optind >= argc || strcmp(argv[optind], "tasks") != 0)
			return cli_usage_error(name, "expected: export tasks");
		optind++;
	}
	if (optind < argc)
		return cli_usage_error(name, "unexpected argument \"%s\"", argv[optind]);
	if (f.offset && !f.limit)
		f.limit = (size_t)-1 / 2;

	struct app a;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	if (output && !(o.file = fopen(output, "wb"))) {
		fprintf(stderr, "dxtrack: cannot write %s\n", output);
		app_close(&a);
		return CLI_FAILURE;
	}
	static const char *const headers[] = {"Năm",
	                                      "Mã",
	                                      "Tên nhiệm vụ",
	                                      "Chủ đầu tư",
	                                      "Kinh phí (tr.đ)",
	                                      "Giải ngân (tr.đ)",
	                                      "Tiến độ",
	                                      "Trạng thái"};
	static const bool right[] = {false, false, false, false, true, true, true, false};
	static const size_t max[] = {0, 0, 60, 0, 0, 0, 0, 0};
	buf_init(&o.line, 0);
	if (o.format == FORMAT_CSV) {
		task_io_csv_header(&o.line);
		fwrite(o.line.data, 1, o.line.len, o.file);
	} else if (o.format == FORMAT_JSON) {
		o.array = json_array();
	} else {
		o.table = texttable_create(8, headers, right, max);
	}
	struct diag d;
	diag_init(&d);
	enum app_status s = app_tasks_each(&a, &f, cmd_tasks_each, &o);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK && o.format == FORMAT_JSON) {
		json_dumpf(o.array, o.file, TASK_IO_JSON_FLAGS);
		fputc('\n', o.file);
	} else if (s == APP_OK && o.format == FORMAT_TABLE) {
		buf_reset(&o.line);
		texttable_render(o.table, &o.line);
		buf_printf(&o.line, "\n%lld nhiệm vụ; kinh phí ", (long long)o.count);
		vnfmt_money(&o.line, o.budget_vnd);
		buf_puts(&o.line, "; đã giải ngân ");
		vnfmt_money(&o.line, o.disbursed_vnd);
		buf_puts(&o.line, " (");
		vnfmt_fixed(&o.line, summary_pct_x10(o.disbursed_vnd, o.budget_vnd), 1);
		buf_puts(&o.line, "%).\n");
		fwrite(o.line.data, 1, o.line.len, o.file);
	}
	if (o.file != stdout && fclose(o.file) != 0 && rc == CLI_OK) {
		fprintf(stderr, "dxtrack: cannot write %s\n", output);
		rc = CLI_FAILURE;
	}
	json_decref(o.array);
	texttable_destroy(o.table);
	buf_finish(&o.line);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* dxtrack tasks [--year Y] [--status S] [--investor CODE] [--search TEXT] [--sort K]
 *               [--format table|csv|json] */
int cmd_tasks(const struct cli *cli, int argc, char **argv)
{
	return cmd_tasks_run(cli, argc, argv, false);
}

/* dxtrack export tasks [--year Y] [--format csv|json] [-o FILE] */
int cmd_export(const struct cli *cli, int argc, char **argv)
{
	return cmd_tasks_run(cli, argc, argv, true);
}
