/* cmd_summary.c — `dxtrack summary`: the committee's figures for a year. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../report/summary_report.h"
#include "cli.h"

static const char cmd_summary_help[] =
    "Usage: dxtrack [--db PATH] summary [--year Y] [--unit CODE] [--as-of DATE]\n"
    "                                   [--format text|json|md]\n"
    "\n"
    "The committee's figures for year Y (default: this year): tasks by status, budget,\n"
    "disbursement and its rate, lagging tasks, and the same per investor.\n"
    "\n"
    "  --unit CODE    only the tasks of investors at or below this unit\n"
    "  --as-of DATE   the date lagging is judged on (default: 31/12 of the year, or today)\n"
    "  --format F     text (default): the paragraph of the committee's report and a table\n"
    "                 per investor, in Vietnamese number formats;\n"
    "                 json: {\"year\",\"tasks\",\"budget_vnd\",\"disbursed_vnd\",\n"
    "                 \"disbursement_pct\",\"by_status\":{…},…}; md: Markdown.\n"
    "\n"
    "A task lags when it is planned or in progress and its end date has passed, or its\n"
    "progress is more than 25 points behind the share of its planned time already spent.\n";

/* dxtrack summary --year Y [--unit CODE] [--as-of DATE] [--format text|json|md] */
int cmd_summary(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'},  {"unit", required_argument, NULL, 'u'},
	    {"as-of", required_argument, NULL, 'd'}, {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
	};
	const char *unit = NULL, *format = "text", *why;
	struct date as_of = {0, 0, 0};
	int year = 0;
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (cli_parse_int(optarg, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0)
				return cli_usage_error("summary",
				                       "--year: expected a year, got "
				                       "\"%s\"",
				                       optarg);
			year = (int)n;
			break;
		case 'u':
			unit = optarg;
			break;
		case 'd':
			if (date_parse(optarg, strlen(optarg), &as_of, &why) < 0)
				return cli_usage_error("summary", "--as-of: %s", why);
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "md"))
				return cli_usage_error("summary", "--format: use text, json or md");
			format = optarg;
			break;
		case 'h':
			fputs(cmd_summary_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("summary", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("summary", "unexpected argument \"%s\"", argv[optind]);

	struct app a;
	struct summary s;
	struct diag d;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	if (!year)
		year = a.today.year;
	enum app_status st = app_summary(&a, year, unit, as_of, &s, &d);
	rc = cli_report(&a, st, &d);
	if (st == APP_OK) {
		if (strcmp(format, "json") == 0) {
			json_t *j = summary_report_json(&s);
			cli_json(&out, j, TASK_IO_JSON_FLAGS);
			json_decref(j);
		} else if (strcmp(format, "md") == 0) {
			summary_report_md(&s, &out);
		} else {
			summary_report_text(&s, &out);
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	summary_finish(&s);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
