/* cmd_import.c — `dxtrack import units|tasks FILE`: CSV in, all or nothing. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define CMD_IMPORT_LIMIT ((size_t)256 << 20) /* 256 MiB: the largest file accepted */

static const char cmd_import_help[] =
    "Usage: dxtrack [--db PATH] import units|tasks FILE [--as NAME] [--as-of DATE]\n"
    "\n"
    "Imports a CSV file (UTF-8 with or without BOM, CRLF or LF, as Excel saves it; \"-\" reads\n"
    "standard input). One bad row rejects the whole file: nothing is written, every problem\n"
    "is printed as FILE:LINE: column: message, and the exit code is 3.\n"
    "\n"
    "  units   header: code,name,kind,parent_code\n"
    "          kind is nation, province, district, commune or agency\n"
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
    "\n"
    "Options:\n"
    "  --as NAME       who is importing (default: the operating-system user)\n"
    "  --as-of DATE    the date the progress figures are as of (default: today)\n";

/* dxtrack import units|tasks FILE [--as NAME] [--as-of DATE] */
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
		return cli_usage_error("import", "expected: import units|tasks FILE");
	bool tasks = strcmp(what, "tasks") == 0;
	if (!tasks && strcmp(what, "units") != 0)
		return cli_usage_error("import", "cannot import \"%s\": use units or tasks", what);
	const char *why;
	if (as_of_text && date_parse(as_of_text, strlen(as_of_text), &as_of, &why) < 0)
		return cli_usage_error("import", "--as-of: %s", why);

	struct buf data;
	struct diag d;
	struct app a;
	struct import_result r;
	int rc;
	buf_init(&data, CMD_IMPORT_LIMIT + 1);
	diag_init(&d);
	rc = cli_read_file(file, CMD_IMPORT_LIMIT, &data);
	if (rc != CLI_OK)
		goto out_data;
	rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK)
		goto out_data;
	if (date_is_set(as_of))
		a.today = as_of;
	enum app_status s =
	    tasks ? app_import_tasks(&a, file, data.data ? data.data : "", data.len, &d, &r)
	          : app_import_units(&a, file, data.data ? data.data : "", data.len, &d, &r);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		printf("%s: %zu %s imported (%zu new, %zu updated, %zu unchanged).\n", file, r.rows,
		       tasks ? "tasks" : "units", r.inserted, r.updated, r.unchanged);
	app_close(&a);
out_data:
	diag_finish(&d);
	buf_finish(&data);
	return rc;
}
