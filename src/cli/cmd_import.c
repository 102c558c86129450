/* cmd_import.c — `dxtrack import units|tasks|proposals|indicators|targets|values FILE`: CSV (or
 * an .xlsx workbook's first sheet) in, all or nothing. The file is read as bytes and handed to
 * the use case whole; io/table.c tells a workbook from a CSV file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define CMD_IMPORT_LIMIT ((size_t)256 << 20) /* 256 MiB: the largest file accepted */

/* Values come by the million: 1 GiB is some 35 million rows. */
#define CMD_IMPORT_VALUES_LIMIT ((size_t)1 << 30)

/* What can be imported: the use case, and the word for the rows and their replacements. */
static const struct {
	const char *what;
	enum app_status (*run)(struct app *a, const char *label, const char *data, size_t len,
	                       struct diag *d, struct import_result *r);
	const char *updated;
	size_t limit;
} cmd_import_kinds[] = {
    {"units", app_import_units, "updated", CMD_IMPORT_LIMIT},
    {"tasks", app_import_tasks, "updated", CMD_IMPORT_LIMIT},
    {"proposals", app_import_proposals, "updated", CMD_IMPORT_LIMIT},
    {"indicators", app_import_indicators, "updated", CMD_IMPORT_LIMIT},
    {"targets", app_import_targets, "replaced", CMD_IMPORT_LIMIT},
    {"values", app_import_values, "replaced", CMD_IMPORT_VALUES_LIMIT},
};

static const char cmd_import_help[] =
    "Usage: dxtrack [--db PATH] import units|tasks|proposals|indicators|targets|values FILE\n"
    "                                  [--as NAME] [--as-of DATE]\n"
    "\n"
    "Imports a CSV file (UTF-8 with or without BOM, CRLF or LF, as Excel saves it; \"-\" reads\n"
    "standard input), or the first sheet of an Excel workbook (.xlsx) with the same columns.\n"
    "One bad row rejects the whole file: nothing is written, every problem is printed as\n"
    "FILE:LINE: column: message (FILE:SHEET!ROW: … for a workbook), and the exit code is 3.\n"
    "\n"
    "  units   header: code,name,kind,parent_code[,valid_from,valid_to]\n"
    "          kind is nation, province, district, commune or agency\n"
    "          valid_from, valid_to (optional): the first day the unit exists and the first\n"
    "          day it no longer does; empty means always. parent_code is the unit's parent\n"
    "          from its beginning. A unit already known keeps its recorded history: record\n"
    "          later changes with `dxtrack unit merge|dissolve|move`.\n"
    "  tasks   header: code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,\n"
    "          progress_pct,status,carried_from,tags,start_date,end_date,note\n"
    "          (any order; code, year, name, investor, budget_vnd and status must be filled)\n"
    "          funding: public_investment, recurrent, other\n"
    "          status: planned, in_progress, completed, stopped, deferred, or chưa triển khai,\n"
    "                  đang triển khai, hoàn thành, dừng thực hiện, chuyển sang năm sau\n"
    "          money: whole đồng, 67150000000 or 67.150.000.000; dates YYYY-MM-DD or DD/MM/YYYY\n"
    "          tags: ;-separated from citizen_service, online_public_service, admin_reform,\n"
    "                shared_infrastructure, information_security, de_an_06,\n"
    "                sector_management, socio_economic\n"
    "          A task already present (same year and code) is updated; the change is kept in\n"
    "          its history as a progress update.\n"
    "  proposals  next year's proposals (administrators): the tasks header plus score, the\n"
    "          committee's merit score, a whole number from 0 to 1000 (1 when the column is\n"
    "          absent or empty); year is the year proposed for. Checked as tasks are; a\n"
    "          proposal is not begun: status planned (or left out), no progress, nothing\n"
    "          disbursed. A proposal already present (same year and code) is replaced.\n"
    "          Then: dxtrack plan --help\n"
    "  indicators  header: code,name,measure,aggregation,numerator,denominator,multiplier,\n"
    "          direction,decimals (code, name, aggregation, direction, decimals filled)\n"
    "          aggregation: sum, ratio, share, mean, min, max, last; a ratio names its\n"
    "          numerator and denominator (other indicators) and multiplier (100: percent)\n"
    "          direction: up (more is better) or down; decimals: 0 to 6, for display\n"
    "  targets header: indicator,unit,period,target\n"
    "          a target applies to the unit and those below it, for the period and those\n"
    "          inside it, unless they set their own\n"
    "  values  header: indicator,unit,period,value,source (at most 1 GiB)\n"
    "          period: 2023, 2023Q4 or 2023-12; the unit must exist on its last day\n"
    "          value: digits with \".\" as decimal point (90.5), or \",\" in a quoted field\n"
    "          (\"90,5\"), no grouping; a share takes 0 or 1; a ratio has no values\n"
    "          A value (or target) already stored for the same indicator, unit and period is\n"
    "          replaced; the audit log counts the replacements.\n"
    "\n"
    "Options:\n"
    "  --as NAME       who is importing (default: the operating-system user)\n"
    "  --as-of DATE    the date the progress figures are as of (default: today)\n";

/* dxtrack import units|tasks|indicators|targets|values FILE [--as NAME] [--as-of DATE] */
int cmd_import(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"as", required_argument, NULL, 'a'},
	    {"as-of", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *actor = NULL, *as_of_text = NULL;
	struct date as_of = {0, 0, 0};
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'a':
			actor = optarg;
			break;
		case 'd':
			as_of_text = optarg;
			break;
		case 'h':
			fputs(cmd_import_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("import", "bad option");
		}
	}
	const char *what = optind < argc ? argv[optind++] : NULL;
	const char *file = optind < argc ? argv[optind++] : NULL;
	if (!what || !file || optind < argc)
		return cli_usage_error("import", "expected: import WHAT FILE");
	size_t kind = 0, n_kinds = sizeof cmd_import_kinds / sizeof cmd_import_kinds[0];
	while (kind < n_kinds && strcmp(what, cmd_import_kinds[kind].what) != 0)
		kind++;
	if (kind == n_kinds)
		return cli_usage_error("import", "cannot import \"%s\": use %s", what,
		                       "units, tasks, proposals, indicators, targets or values");
	const char *why;
	if (as_of_text && date_parse(as_of_text, strlen(as_of_text), &as_of, &why) < 0)
		return cli_usage_error("import", "--as-of: %s", why);

	struct buf data;
	struct diag d;
	struct app a;
	struct import_result r;
	int rc;
	buf_init(&data, cmd_import_kinds[kind].limit + 1);
	diag_init(&d);
	rc = cli_read_file(file, cmd_import_kinds[kind].limit, &data);
	if (rc != CLI_OK)
		goto out_data;
	rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK)
		goto out_data;
	if (date_is_set(as_of))
		a.today = as_of;
	enum app_status s =
	    cmd_import_kinds[kind].run(&a, file, data.data ? data.data : "", data.len, &d, &r);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		printf("%s: %zu %s imported (%zu new, %zu %s, %zu unchanged).\n", file, r.rows,
		       what, r.inserted, r.updated, cmd_import_kinds[kind].updated, r.unchanged);
	app_close(&a);
out_data:
	diag_finish(&d);
	buf_finish(&data);
	return rc;
}
