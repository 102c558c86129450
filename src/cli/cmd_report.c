/* cmd_report.c — `dxtrack report docx|pdf|xlsx`: the committee's annual report from the live
 * data in the Decree 30/2020 layout, and its appendix workbook. The review's subcommands (draft,
 * comment, revise, submit, get …) are in cmd_report_review.c and tried first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "cli.h"
#include "cmd_report.h"

static const char cmd_report_help[] =
    "Usage: dxtrack [--db PATH] report docx|pdf|xlsx --year Y -o FILE [--as-of DATE]\n"
    "                           [--date DATE] [--number N] [--template FILE.txt]\n"
    "       dxtrack [--db PATH] report draft|revise|submit|list|show|comment|answer|get …\n"
    "                           (the review: `dxtrack report draft --help`)\n"
    "\n"
    "The steering committee's report of year Y from the data as it is now, in the layout of\n"
    "Nghị định 30/2020/NĐ-CP: A4, Times New Roman (Liberation Serif in the PDF), the issuing\n"
    "body and the national motto side by side, \"Số: N/BC-BCĐ\", place and date, \"BÁO CÁO\" and\n"
    "its title, the body, \"Nơi nhận:\" and the signer; page numbers from page 2.\n"
    "\n"
    "  docx   the report as a Word document (LibreOffice and Word open it)\n"
    "  pdf    the same report as PDF, rendered natively\n"
    "  xlsx   the appendix (Phụ lục): every task with formula totals, a sheet per investor\n"
    "         summary, and the indicators against their targets\n"
    "\n"
    "The body is the template's (`dxtrack settings set template --file FILE.txt`, or\n"
    "--template for this run; the built-in one otherwise) with the year's figures — exactly\n"
    "those of `dxtrack summary --year Y --as-of DATE` — the indicators, the DTI readiness when\n"
    "the year is bound to a framework, and next year's catalogue when it has proposals. The\n"
    "issuing body, place, signer and recipients are settings (`dxtrack settings`).\n"
    "\n"
    "Options:\n"
    "  --year Y            the year reported on (required)\n"
    "  -o, --output FILE   where to write the document (required)\n"
    "  --as-of DATE        the day the figures are judged on (default 31/12/Y, or today)\n"
    "  --date DATE         the document's date (default: --as-of)\n"
    "  --number N          the document's number (\"Số: N/BC-BCĐ\"); blank when not given\n"
    "  --template FILE     a template file for this run (see `dxtrack settings`)\n";

static int cmd_report_date(const char *s, struct date *out)
{
	const char *why;
	if (date_parse(s, strlen(s), out, &why) < 0)
		return cli_usage_error("report", "%s: %s", s, why);
	return 0;
}

/* Writes bytes to path. */
static int cmd_report_write(const char *path, const struct buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || (f != stdout && fclose(f) != 0)) {
		fprintf(stderr, "dxtrack report: cannot write %s\n", path);
		return CLI_FAILURE;
	}
	return CLI_OK;
}

/* report docx|pdf|xlsx --year Y -o FILE [--as-of D] [--date D] [--number N] [--template F] */
int cmd_report(const struct cli *cli, int argc, char **argv)
{
	int rc = cmd_report_review(cli, argc, argv);
	if (rc >= 0)
		return rc;
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(cmd_report_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	enum app_report_format format;
	if (strcmp(argv[1], "docx") == 0)
		format = APP_REPORT_DOCX;
	else if (strcmp(argv[1], "pdf") == 0)
		format = APP_REPORT_PDF;
	else if (strcmp(argv[1], "xlsx") == 0)
		format = APP_REPORT_XLSX;
	else
		return cli_usage_error("report", "unknown subcommand \"%s\"", argv[1]);

	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"output", required_argument, NULL, 'o'},
	    {"as-of", required_argument, NULL, 'A'},
	    {"date", required_argument, NULL, 'D'},
	    {"number", required_argument, NULL, 'n'},
	    {"template", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	struct app_report_options o = {0};
	long year = 0;
	const char *output = NULL, *template_path = NULL;
	int c;
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", options, NULL)) != -1) {
		switch (c) {
		case 'y':
			if (cli_parse_int(optarg, 2000, 2100, &year) < 0)
				return cli_usage_error(
				    "report", "--year: expected 2000 to 2100, got %s", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case 'A':
			if (cmd_report_date(optarg, &o.as_of) < 0)
				return CLI_USAGE;
			break;
		case 'D':
			if (cmd_report_date(optarg, &o.date) < 0)
				return CLI_USAGE;
			break;
		case 'n':
			o.number = optarg;
			break;
		case 't':
			template_path = optarg;
			break;
		case ':':
			return cli_usage_error("report", "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("report", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument \"%s\"", argv[optind]);
	if (!year)
		return cli_usage_error("report", "--year is required");
	if (!output)
		return cli_usage_error("report", "-o FILE is required");

	struct app a;
	struct diag d;
	struct buf template_text, out;
	json_t *snapshot = NULL;
	buf_init(&template_text, 1024 * 1024);
	buf_init(&out, 0);
	diag_init(&d);
	rc = CLI_OK;
	if (template_path) {
		rc = cli_read_file(template_path, 1024 * 1024, &template_text);
		o.template_label = template_path;
		o.template_text = buf_cstr(&template_text);
	}
	if (rc == CLI_OK)
		rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		goto out_files;
	enum app_status s = app_report_live(&a, (int)year, &o, &snapshot, &d);
	if (s == APP_OK)
		s = app_report_render(snapshot, format, &out, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		rc = cmd_report_write(output, &out);
	json_decref(snapshot);
	app_close(&a);
out_files:
	diag_finish(&d);
	buf_finish(&out);
	buf_finish(&template_text);
	return rc;
}
