/* cmd_allocate.c — `dxtrack allocate` (Finance records the budget delegated to a unit for a
 * year: phân cấp) and `dxtrack allocations` (allocated against committed and disbursed, with
 * the bottlenecks). The rules are in core/disbursement.h; the check that budgets fit is applied
 * by app/ wherever budgets are written. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../io/task_io.h"
#include "../io/texttable.h"
#include "../report/disbursement_report.h"
#include "../text/vnfmt.h"
#include "cli.h"

static const char cmd_allocate_help[] =
    "Usage: dxtrack [--db PATH] allocate UNIT --year Y --vnd N [--note TEXT] [--as NAME]\n"
    "\n"
    "Records the budget Finance delegates to UNIT for year Y (phân cấp), in đồng\n"
    "(25000000000 or 25.000.000.000). Each call is a new record; the latest is in force, and\n"
    "every one is audited (allocation.set). For a finance user or an administrator.\n"
    "\n"
    "From then on the year's tasks whose investor is UNIT or below it (in the tree of the\n"
    "year) must fit: the sum of their budgets may not pass the allocation. A tasks import that\n"
    "would pass it is refused (FILE:LINE: budget_vnd: …, nothing written), and so is an\n"
    "allocation smaller than what the tasks already commit.\n";

static const char cmd_allocations_help[] =
    "Usage: dxtrack [--db PATH] allocations [--year Y] [--as-of DATE] [--format table|json]\n"
    "\n"
    "Every allocation in force for year Y (default: this year), by unit: allocated, committed\n"
    "(the sum of the budgets of the year's tasks at or below the unit), not yet committed,\n"
    "disbursed on the as-of day (default: 31/12 of the year, or today) and its share of the\n"
    "allocation, and the bottlenecks (ách tắc):\n"
    "  chậm      the disbursed share of the allocation is more than 25 points below the share\n"
    "            of the year gone by;\n"
    "  đứng yên  money allocated is not all disbursed and none of the unit's tasks has\n"
    "            disbursed more for at least 60 days (since its first allocation of the year\n"
    "            or the last rise).\n"
    "JSON: {\"year\",\"as_of\",\"departments\":[{\"unit\",\"name\",\"allocated_vnd\",\n"
    "\"committed_vnd\",\"uncommitted_vnd\",\"disbursed_vnd\",\"disbursed_pct\",…}],\"total\":{…}}"
    "\n";

/* "chậm; đứng yên 104 ngày", or "" */
static void cmd_allocate_bottleneck(struct buf *out, const struct disbursement_department *dep)
{
	if (dep->slow)
		buf_puts(out, "chậm");
	if (dep->slow && dep->idle)
		buf_puts(out, "; ");
	if (dep->idle)
		buf_printf(out, "đứng yên %lld ngày", (long long)dep->idle_days);
}

/* dxtrack allocate UNIT --year Y --vnd N [--note TEXT] [--as NAME] */
int cmd_allocate(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'}, {"vnd", required_argument, NULL, 'v'},
	    {"note", required_argument, NULL, 'n'}, {"as", required_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
	};
	const char *note = NULL, *actor = NULL, *why;
	int64_t vnd = -1;
	int year = 0;
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (cli_parse_int(optarg, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0)
				return cli_usage_error(
				    "allocate", "--year: expected a year, got \"%s\"", optarg);
			year = (int)n;
			break;
		case 'v':
			if (money_parse(optarg, strlen(optarg), &vnd, &why) < 0)
				return cli_usage_error("allocate", "--vnd: %s", why);
			break;
		case 'n':
			note = optarg;
			break;
		case 'a':
			actor = optarg;
			break;
		case 'h':
			fputs(cmd_allocate_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("allocate", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("allocate", "expected: allocate UNIT --year Y --vnd N");
	if (!year || vnd < 0)
		return cli_usage_error("allocate", "--year and --vnd are required");
	const char *unit = argv[optind];

	struct app a;
	struct diag d;
	struct disbursement_departments result;
	int64_t previous = -1;
	int rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	enum app_status st = app_allocate(&a, unit, year, vnd, note, &d, &result, &previous);
	rc = cli_report(&a, st, &d);
	if (st == APP_OK && result.n == 1) {
		const struct disbursement_department *dep = &result.items[0];
		struct buf out;
		buf_init(&out, 0);
		buf_printf(&out, "Phân cấp năm %d cho %s — %s: ", year, unit,
		           dep->name ? dep->name : "?");
		vnfmt_int(&out, dep->allocation.amount_vnd);
		buf_puts(&out, " đồng (trước đó: ");
		if (previous >= 0) {
			vnfmt_int(&out, previous);
			buf_puts(&out, " đồng");
		} else {
			buf_puts(&out, "chưa có");
		}
		buf_printf(&out, "). Đã giao cho %d nhiệm vụ: ", dep->tasks);
		vnfmt_int(&out, dep->committed_vnd);
		buf_puts(&out, " đồng; chưa giao: ");
		vnfmt_int(&out, dep->allocation.amount_vnd - dep->committed_vnd);
		buf_puts(&out, " đồng.\n");
		fwrite(out.data, 1, out.len, stdout);
		buf_finish(&out);
	}
	disbursement_departments_finish(&result);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

static void cmd_allocations_table(const struct disbursement_departments *v, struct buf *out)
{
	static const char *const headers[] = {
	    "Đơn vị",       "Phân cấp",        "Đã giao",         "Chưa giao",
	    "Đã giải ngân", "GN/phân cấp (%)", "Ngày không tăng", "Ách tắc",
	};
	static const bool right[] = {false, true, true, true, true, true, true, false};
	static const size_t max[] = {48, 0, 0, 0, 0, 0, 0, 0};
	struct texttable *t = texttable_create(8, headers, right, max);
	struct buf cell[8];
	for (int c = 0; c < 8; c++)
		buf_init(&cell[c], 0);
	for (size_t i = 0; i <= v->n; i++) {
		bool total = i == v->n;
		const struct disbursement_department *dep = total ? NULL : &v->items[i];
		int64_t allocated = total ? v->allocated_vnd : dep->allocation.amount_vnd;
		int64_t committed = total ? v->committed_vnd : dep->committed_vnd;
		int64_t disbursed = total ? v->disbursed_vnd : dep->disbursed_vnd;
		for (int c = 0; c < 8; c++)
			buf_reset(&cell[c]);
		if (total)
			buf_puts(&cell[0], "Tổng cộng");
		else
			buf_printf(&cell[0], "%s — %s", dep->allocation.unit,
			           dep->name ? dep->name : "?");
		vnfmt_million(&cell[1], allocated);
		vnfmt_million(&cell[2], committed);
		vnfmt_million(&cell[3], allocated - committed);
		vnfmt_million(&cell[4], disbursed);
		vnfmt_fixed(&cell[5], money_pct_x10(disbursed, allocated), 1);
		if (!total) {
			vnfmt_int(&cell[6], dep->idle_days);
			cmd_allocate_bottleneck(&cell[7], dep);
		}
		const char *row[8];
		for (int c = 0; c < 8; c++)
			row[c] = buf_cstr(&cell[c]);
		texttable_add(t, row);
	}
	texttable_render(t, out);
	texttable_destroy(t);
	for (int c = 0; c < 8; c++)
		buf_finish(&cell[c]);
}

/* dxtrack allocations [--year Y] [--as-of DATE] [--format table|json] */
int cmd_allocations(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"as-of", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *why;
	bool json = false;
	struct date as_of = {0, 0, 0};
	int year = 0;
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'y':
			if (cli_parse_int(optarg, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0)
				return cli_usage_error(
				    "allocations", "--year: expected a year, got \"%s\"", optarg);
			year = (int)n;
			break;
		case 'd':
			if (date_parse(optarg, strlen(optarg), &as_of, &why) < 0)
				return cli_usage_error("allocations", "--as-of: %s", why);
			break;
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json"))
				return cli_usage_error("allocations",
				                       "--format: use table or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(cmd_allocations_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("allocations", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("allocations", "unexpected argument \"%s\"", argv[optind]);

	struct app a;
	struct diag d;
	struct disbursement_departments v;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	if (!year)
		year = a.today.year;
	enum app_status st = app_allocations(&a, year, as_of, &v, &d);
	rc = cli_report(&a, st, &d);
	if (st == APP_OK) {
		if (json) {
			json_t *j = disbursement_report_allocations_json(&v);
			cli_json(&out, j, TASK_IO_JSON_FLAGS);
			json_decref(j);
		} else if (v.n == 0) {
			buf_printf(&out, "Chưa có phân cấp kinh phí nào cho năm %d.\n", year);
		} else {
			buf_printf(&out, "Phân cấp kinh phí năm %d, số liệu đến ngày ", year);
			vnfmt_date(&out, v.as_of.year, v.as_of.month, v.as_of.day);
			buf_puts(&out, " (đơn vị tính: triệu đồng):\n\n");
			cmd_allocations_table(&v, &out);
			buf_puts(&out,
			         "\nÁch tắc: \"chậm\" — tỷ lệ giải ngân trên số phân cấp thấp hơn "
			         "phần thời gian đã qua của năm (");
			vnfmt_fixed(&out,
			            money_pct_x10(disbursement_days_gone(year, v.as_of),
			                          disbursement_days_in_year(year)),
			            1);
			buf_printf(
			    &out,
			    "%%) hơn %d điểm; \"đứng yên\" — còn tiền chưa giải ngân và không "
			    "tăng giải ngân trong ít nhất %d ngày.\n",
			    DISBURSEMENT_BOTTLENECK_POINTS, DISBURSEMENT_IDLE_DAYS);
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	disbursement_departments_finish(&v);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
