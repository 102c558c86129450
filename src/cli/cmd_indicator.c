/* cmd_indicator.c — `dxtrack indicators` (the definitions) and `dxtrack indicator value|rollup`
 * (an indicator's figure for a unit and period, rolled up the tree as it stood). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../io/texttable.h"
#include "../report/indicator_report.h"
#include "../text/vnfmt.h"
#include "cli.h"

static const char cmd_indicators_help[] =
    "Usage: dxtrack [--db PATH] indicators [--format table|json]\n"
    "\n"
    "The indicator definitions, by code: name, measure, aggregation (sum, ratio, share, mean,\n"
    "min, max, last; a ratio is multiplier × numerator / denominator), direction (up: more is\n"
    "better) and decimals. Import them with `dxtrack import indicators FILE`.\n";

static const char cmd_indicator_help[] =
    "Usage: dxtrack [--db PATH] indicator value CODE --unit UNIT --period P [--format json|text]\n"
    "       dxtrack [--db PATH] indicator rollup --period P [--level district,province]\n"
    "                                            [--format csv|json]\n"
    "\n"
    "value: indicator CODE for UNIT in period P (2023, 2023Q4 or 2023-12), computed from the\n"
    "lowest units that report it under UNIT, in the tree as it stood on the period's last day.\n"
    "  json (default): {\"indicator\",\"unit\",\"period\",\"value\",\"target\",\n"
    "                  \"reporting_units\",\"expected_units\"} — value and target rounded to the\n"
    "                  indicator's decimals, null when there is none;\n"
    "  text: one line in Vietnamese number formats (90,5; 1.000).\n"
    "rollup: every indicator for every unit of the levels asked (kinds of unit, comma-separated;\n"
    "default province), as CSV (indicator,unit,period,value,target,reporting_units,\n"
    "expected_units) or a JSON array of the objects above.\n"
    "\n"
    "A unit that should report and did not is counted in expected_units only: missing data is\n"
    "never taken as 0. A yearly or quarterly figure is derived from monthly or quarterly values\n"
    "by the indicator's rule (sum: only when no month is missing; mean, min, max: of the months\n"
    "there are; last, share: the latest). Targets are inherited from the nearest unit above\n"
    "and the nearest period around that set one.\n";

/* ---- dxtrack indicators ---- */

struct cmd_indicators_ctx {
	struct texttable *table;
	json_t *list;
};

static int cmd_indicators_row(void *ctx, const struct indicator *ind)
{
	struct cmd_indicators_ctx *c = ctx;
	if (c->list) {
		json_array_append_new(c->list, indicator_report_definition_json(ind));
		return 0;
	}
	struct buf agg;
	char decimals[8];
	buf_init(&agg, 0);
	buf_puts(&agg, indicator_aggregation_code(ind->aggregation));
	if (ind->aggregation == INDICATOR_RATIO) {
		buf_puts(&agg, " ");
		struct indicator shown = {.decimals = 6};
		indicator_format_value(&agg, &shown, ind->multiplier);
		buf_printf(&agg, " × %s / %s", ind->numerator, ind->denominator);
	}
	snprintf(decimals, sizeof decimals, "%d", ind->decimals);
	const char *cells[6] = {ind->code,
	                        ind->name,
	                        ind->measure,
	                        buf_cstr(&agg),
	                        indicator_direction_code(ind->direction),
	                        decimals};
	texttable_add(c->table, cells);
	buf_finish(&agg);
	return 0;
}

/* dxtrack indicators [--format table|json] */
int cmd_indicators(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *format = "table";
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json"))
				return cli_usage_error("indicators", "--format: use table or json");
			format = optarg;
			break;
		case 'h':
			fputs(cmd_indicators_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("indicators", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("indicators", "unexpected argument \"%s\"", argv[optind]);
	struct app a;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	static const char *const headers[6] = {
	    "Mã", "Tên chỉ số", "Đơn vị tính", "Cách tổng hợp", "Hướng", "Số lẻ"};
	static const size_t max[6] = {0, 60, 0, 0, 0, 0};
	struct cmd_indicators_ctx c = {0};
	struct buf out;
	struct diag d;
	buf_init(&out, 0);
	diag_init(&d);
	if (strcmp(format, "json") == 0)
		c.list = json_array();
	else
		c.table = texttable_create(6, headers, NULL, max);
	enum app_status s = app_indicators_each(&a, cmd_indicators_row, &c);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		if (c.list) {
			cli_json(&out, c.list, TASK_IO_JSON_FLAGS);
		} else {
			texttable_render(c.table, &out);
		}
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	}
	json_decref(c.list);
	texttable_destroy(c.table);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* ---- dxtrack indicator value|rollup ---- */

/* "90,5 máy/100 dân", "100%" */
static void cmd_indicator_amount(struct buf *out, const struct indicator *ind, double v)
{
	indicator_format_value(out, ind, v);
	if (ind->measure && ind->measure[0])
		buf_printf(out, "%s%s", strcmp(ind->measure, "%") == 0 ? "" : " ", ind->measure);
}

struct cmd_indicator_ctx {
	struct app *app;
	const char *format;
	struct buf out;
	json_t *list; /* rollup --format json */
};

static int cmd_indicator_figure(void *ctx, const struct indicator_figure *f)
{
	struct cmd_indicator_ctx *c = ctx;
	if (c->list) {
		json_array_append_new(c->list, indicator_report_json(f, false));
	} else if (strcmp(c->format, "json") == 0) {
		json_t *o = indicator_report_json(f, false);
		cli_json(&c->out, o, TASK_IO_JSON_FLAGS);
		json_decref(o);
	} else if (strcmp(c->format, "csv") == 0) {
		char period[PERIOD_TEXT_MAX];
		period_text(f->period, period);
		int d = f->indicator->decimals;
		buf_printf(&c->out, "%s,%s,%s,", f->indicator->code, f->unit, period);
		if (f->has_value)
			buf_printf(&c->out, "%.*f", d, indicator_round(f->indicator, f->value));
		buf_putc(&c->out, ',');
		if (f->has_target)
			buf_printf(&c->out, "%.*f", d, indicator_round(f->indicator, f->target));
		buf_printf(&c->out, ",%zu,%zu\n", f->reporting_units, f->expected_units);
	} else {
		/* Mật độ điện thoại — Tỉnh Bắc Kạn, năm 2023: 90,5 máy/100 dân (chỉ tiêu 95 máy/100
		 * dân); 8/8 đơn vị đã báo cáo. */
		struct unit u = {0};
		bool named = app_unit_get(c->app, f->unit, &u) == APP_OK;
		buf_printf(&c->out, "%s — %s, ", f->indicator->name, named ? u.name : f->unit);
		unit_clear(&u);
		period_format_vi(&c->out, f->period);
		buf_puts(&c->out, ": ");
		if (f->has_value)
			cmd_indicator_amount(&c->out, f->indicator, f->value);
		else
			buf_puts(&c->out, "chưa có số liệu");
		if (f->has_target) {
			buf_puts(&c->out, " (chỉ tiêu ");
			cmd_indicator_amount(&c->out, f->indicator, f->target);
			buf_puts(&c->out, ")");
		}
		buf_puts(&c->out, "; ");
		vnfmt_int(&c->out, (int64_t)f->reporting_units);
		buf_puts(&c->out, "/");
		vnfmt_int(&c->out, (int64_t)f->expected_units);
		buf_puts(&c->out, " đơn vị đã báo cáo");
		if (f->reporting_units < f->expected_units) {
			buf_puts(&c->out, ", thiếu ");
			vnfmt_int(&c->out, (int64_t)(f->expected_units - f->reporting_units));
		}
		buf_puts(&c->out, ".\n");
	}
	return 0;
}

/* dxtrack indicator value CODE --unit UNIT --period P [--format json|text]
 * dxtrack indicator rollup --period P [--level KINDS] [--format csv|json] */
int cmd_indicator(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"unit", required_argument, NULL, 'u'},  {"period", required_argument, NULL, 'p'},
	    {"level", required_argument, NULL, 'l'}, {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
	};
	const char *unit = NULL, *period_arg = NULL, *format = NULL, *why;
	unsigned levels = 1u << UNIT_PROVINCE;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'u':
			unit = optarg;
			break;
		case 'p':
			period_arg = optarg;
			break;
		case 'l':
			if (unit_kinds_parse(optarg, &levels) < 0)
				return cli_usage_error("indicator",
				                       "--level: kinds of unit such as "
				                       "district,province");
			break;
		case 'f':
			format = optarg;
			break;
		case 'h':
			fputs(cmd_indicator_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("indicator", "bad option");
		}
	}
	const char *what = optind < argc ? argv[optind++] : NULL;
	bool value = what && strcmp(what, "value") == 0;
	if (!what || (!value && strcmp(what, "rollup") != 0))
		return cli_usage_error("indicator", "expected: indicator value CODE … or indicator "
		                                    "rollup …");
	const char *code = value && optind < argc ? argv[optind++] : NULL;
	if (optind < argc)
		return cli_usage_error("indicator", "unexpected argument \"%s\"", argv[optind]);
	if (value && (!code || !unit))
		return cli_usage_error("indicator", "expected: indicator value CODE --unit UNIT "
		                                    "--period P");
	if (!format)
		format = value ? "json" : "csv";
	if (value ? strcmp(format, "json") && strcmp(format, "text")
	          : strcmp(format, "json") && strcmp(format, "csv"))
		return cli_usage_error("indicator", "--format: use %s",
		                       value ? "json or text" : "csv or json");
	struct period p;
	if (!period_arg)
		return cli_usage_error("indicator", "--period is required (2023, 2023Q4, 2023-12)");
	if (period_parse(period_arg, strlen(period_arg), &p, &why) < 0)
		return cli_usage_error("indicator", "--period: %s", why);

	struct app a;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	struct diag d;
	struct cmd_indicator_ctx c = {.app = &a, .format = format};
	diag_init(&d);
	buf_init(&c.out, 0);
	if (!value && strcmp(format, "json") == 0)
		c.list = json_array();
	else if (!value)
		buf_puts(&c.out,
		         "indicator,unit,period,value,target,reporting_units,expected_units\n");
	enum app_status s = app_snapshot_begin(&a);
	if (s == APP_OK) {
		s = value ? app_indicator_value(&a, code, unit, p, cmd_indicator_figure, &c, &d)
		          : app_indicator_rollup(&a, p, levels, cmd_indicator_figure, &c, &d);
		app_snapshot_end(&a);
	}
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		if (c.list) {
			cli_json(&c.out, c.list, TASK_IO_JSON_FLAGS);
		}
		fwrite(c.out.data ? c.out.data : "", 1, c.out.len, stdout);
	}
	json_decref(c.list);
	buf_finish(&c.out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
