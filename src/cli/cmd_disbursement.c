/* cmd_disbursement.c — `dxtrack disbursement` (plan against actual per month, the year-end
 * projection, lagging tasks, idle allocations) and `dxtrack task colour` (a task's colour and an
 * administrator's override); also the colour line of `dxtrack task show`. The rules are those of
 * core/disbursement.h; this file only renders them. */
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

static const char cmd_disbursement_help[] =
    "Usage: dxtrack [--db PATH] disbursement [--year Y] [--as-of DATE] [--investor CODE]\n"
    "                                        [--format text|json]\n"
    "\n"
    "Disbursement (giải ngân) of year Y (default: this year) against its plan, month by month,\n"
    "for the province and per investor; the projection to 31 December; every task's colour;\n"
    "the tasks whose disbursement lags; the units whose allocation has not moved.\n"
    "\n"
    "  --as-of DATE     the day the figures are taken on (default: 31/12 of the year, or today)\n"
    "  --investor CODE  only the tasks of this investor and the units below it\n"
    "  --format F       text (default), or json: {\"year\",\"as_of\",\"scope\",\"projection\",\n"
    "                   \"total\",\"investors\",\"tasks\",\"idle\"} with every curve month by "
    "month\n"
    "\n"
    "Actual: a task's cumulative disbursement on a day is that of its record written last among\n"
    "those dated on or before the day; a month's figure is taken on its last day. Plan: each\n"
    "task's budget spread evenly over the days from its start to its end date (a missing date:\n"
    "the first or last day of its year).\n"
    "Projection to 31/12, never above the budget: seasonal when earlier years have monthly\n"
    "history (records in at least 4 months of the year; the latest 5 such years): the share of\n"
    "the year's disbursement those years had reached on the same day, averaged; projection =\n"
    "actual / share. Otherwise linear: actual × days of the year / days gone by.\n"
    "Flags: disbursement rate (disbursed / budget) more than 30 points below physical progress,\n"
    "or more than 25 points below the plan's share for the day (tasks neither stopped nor\n"
    "deferred). Idle: a unit with an allocation (`dxtrack allocate`) not all disbursed and no\n"
    "rise in its tasks' disbursement for at least 60 days.\n"
    "Colour: red when stopped or deferred, or lagging (past its end date unfinished, or progress\n"
    "more than 25 points behind the time gone by); amber when progress is more than 10 points\n"
    "behind the time gone by, or a disbursement flag is raised; green otherwise. An\n"
    "administrator's colour (`dxtrack task colour`) is shown instead, with its author, day and\n"
    "comment, until it is cleared.\n";

static const char cmd_task_colour_help[] =
    "Usage: dxtrack [--db PATH] task colour YEAR CODE [--as-of DATE] [--format text|json]\n"
    "       dxtrack [--db PATH] task colour YEAR CODE --set red|amber|green --comment TEXT\n"
    "                                      [--as NAME]\n"
    "       dxtrack [--db PATH] task colour YEAR CODE --clear [--comment TEXT] [--as NAME]\n"
    "\n"
    "Shows the task's colour on --as-of DATE (default: today, on its current state; see\n"
    "`dxtrack disbursement --help` for the rule), or sets it by hand (administrators; the\n"
    "comment saying why is required) or clears what was set. Each is a new record with its\n"
    "author and day, audited; the latest wins and stays until cleared — later progress\n"
    "updates do not end it. The computed colour is always shown next to it.\n"
    "Colours: red (đỏ), amber (vàng), green (xanh).\n";

static void cmd_disbursement_date(struct buf *out, struct date d)
{
	vnfmt_date(out, d.year, d.month, d.day);
}

/* "giải ngân thấp hơn tiến độ; chậm so với kế hoạch" */
static void cmd_disbursement_flags(struct buf *out, unsigned flags)
{
	if (flags & DISBURSEMENT_FLAG_PROGRESS)
		buf_puts(out, "giải ngân thấp hơn tiến độ");
	if ((flags & DISBURSEMENT_FLAG_PROGRESS) && (flags & DISBURSEMENT_FLAG_SCHEDULE))
		buf_puts(out, "; ");
	if (flags & DISBURSEMENT_FLAG_SCHEDULE)
		buf_puts(out, "giải ngân chậm so với kế hoạch");
}

/* "đỏ, đặt tay bởi Nguyễn Văn A ngày 14/12/2023: Nhà thầu chậm (tính toán: vàng)" */
static void cmd_disbursement_colour_text(struct buf *out, const struct disbursement_task *t)
{
	buf_puts(out, disbursement_colour_label_vi(disbursement_task_shown(t)));
	if (!t->overridden)
		return;
	buf_printf(out, ", đặt tay bởi %s ngày ", t->override.author);
	cmd_disbursement_date(out, t->override.on_date);
	buf_printf(out, ": %s (tính toán: %s)", t->override.comment,
	           disbursement_colour_label_vi(t->computed));
}

/* ---- dxtrack disbursement: text ---- */

/* The monthly table: complete months at their end, the as-of day, the months after it. */
static void cmd_disbursement_months(const struct disbursement *r, const struct disbursement_line *l,
                                    struct buf *out)
{
	static const char *const headers[] = {"Tháng", "Kế hoạch lũy kế", "Thực tế lũy kế",
	                                      "Đạt KH lũy kế (%)", "Đạt KH năm (%)"};
	static const bool right[] = {false, true, true, true, true};
	struct texttable *t = texttable_create(5, headers, right, NULL);
	struct buf cell[5];
	for (int c = 0; c < 5; c++)
		buf_init(&cell[c], 0);
	bool as_of_shown = false;
	for (int m = 0; m < DISBURSEMENT_MONTHS; m++) {
		struct date end = disbursement_month_end(r->year, m + 1);
		bool ended = l->actual_vnd[m] >= 0;
		for (int pass = 0; pass < 2; pass++) {
			/* pass 0: the as-of day, before the first month not ended on it */
			if (pass == 0 && (ended || as_of_shown || r->as_of.year != r->year))
				continue;
			for (int c = 0; c < 5; c++)
				buf_reset(&cell[c]);
			int64_t plan = pass == 0 ? l->planned_as_of_vnd : l->planned_vnd[m];
			int64_t actual = pass == 0 ? l->actual_as_of_vnd : l->actual_vnd[m];
			if (pass == 0) {
				cmd_disbursement_date(&cell[0], r->as_of);
				as_of_shown = true;
			} else {
				buf_printf(&cell[0], "%02d/%d", end.month, end.year);
			}
			vnfmt_million(&cell[1], plan);
			if (pass == 1 && !ended) {
				for (int c = 2; c < 5; c++)
					buf_puts(&cell[c], "—");
			} else {
				vnfmt_million(&cell[2], actual);
				vnfmt_fixed(&cell[3], money_pct_x10(actual, plan), 1);
				vnfmt_fixed(&cell[4], money_pct_x10(actual, l->budget_vnd), 1);
			}
			const char *row[5];
			for (int c = 0; c < 5; c++)
				row[c] = buf_cstr(&cell[c]);
			texttable_add(t, row);
		}
	}
	texttable_render(t, out);
	texttable_destroy(t);
	for (int c = 0; c < 5; c++)
		buf_finish(&cell[c]);
}

static void cmd_disbursement_projection(const struct disbursement *r, struct buf *out)
{
	const struct disbursement_line *l = &r->total;
	buf_puts(out, "Dự báo giải ngân đến ");
	vnfmt_date(out, r->year, 12, 31);
	buf_puts(out, ": ");
	vnfmt_million(out, l->projected_vnd);
	buf_puts(out, " triệu đồng, đạt ");
	vnfmt_fixed(out, money_pct_x10(l->projected_vnd, l->budget_vnd), 1);
	buf_puts(out, "% kế hoạch năm (");
	vnfmt_million(out, l->budget_vnd);
	buf_puts(out, " triệu đồng).\nPhương pháp: ");
	if (r->method == DISBURSEMENT_SEASONAL) {
		buf_puts(out, "theo mùa vụ của các năm ");
		for (size_t i = 0; i < r->n_shape_years; i++)
			buf_printf(out, "%s%d", i ? ", " : "", r->shape_years[i]);
		buf_puts(out, " — đến ngày ");
		buf_printf(out, "%02d/%02d", r->as_of.day, r->as_of.month);
		buf_puts(out, " các năm đó đã giải ngân trung bình ");
		vnfmt_fixed(out, (r->share_ppm + 500) / 1000, 1);
		buf_puts(out, "% số giải ngân cả năm; dự báo = số đã giải ngân / tỷ lệ đó.\n");
	} else {
		int gone = disbursement_days_gone(r->year, r->as_of);
		int all = disbursement_days_in_year(r->year);
		buf_puts(out, "tuyến tính — số đã giải ngân đến ");
		cmd_disbursement_date(out, r->as_of);
		buf_printf(out,
		           " × %d/%d ngày của năm; chưa có năm trước nào có lịch sử giải ngân "
		           "theo tháng (số liệu trong ít nhất %d tháng).\n",
		           all, gone, DISBURSEMENT_SHAPE_MIN_MONTHS);
	}
}

static void cmd_disbursement_investors(const struct disbursement *r, struct buf *out)
{
	static const char *const headers[] = {
	    "Chủ đầu tư",      "Kinh phí", "KH lũy kế", "Đã giải ngân", "Đạt KH lũy kế (%)",
	    "Dự báo cuối năm", "Xanh",     "Vàng",      "Đỏ",
	};
	static const bool right[] = {false, true, true, true, true, true, true, true, true};
	static const size_t max[] = {40, 0, 0, 0, 0, 0, 0, 0, 0};
	struct texttable *t = texttable_create(9, headers, right, max);
	struct buf cell[9];
	for (int c = 0; c < 9; c++)
		buf_init(&cell[c], 0);
	for (size_t i = 0; i <= r->n_investors; i++) {
		const struct disbursement_line *l =
		    i < r->n_investors ? &r->investors[i] : &r->total;
		for (int c = 0; c < 9; c++)
			buf_reset(&cell[c]);
		buf_puts(&cell[0], i == r->n_investors ? "Tổng cộng" : l->name ? l->name : l->code);
		vnfmt_million(&cell[1], l->budget_vnd);
		vnfmt_million(&cell[2], l->planned_as_of_vnd);
		vnfmt_million(&cell[3], l->actual_as_of_vnd);
		vnfmt_fixed(&cell[4], money_pct_x10(l->actual_as_of_vnd, l->planned_as_of_vnd), 1);
		vnfmt_million(&cell[5], l->projected_vnd);
		for (int c = 0; c < DISBURSEMENT_COLOUR_COUNT; c++)
			vnfmt_int(&cell[6 + c], l->colours[c]);
		const char *row[9];
		for (int c = 0; c < 9; c++)
			row[c] = buf_cstr(&cell[c]);
		texttable_add(t, row);
	}
	texttable_render(t, out);
	texttable_destroy(t);
	for (int c = 0; c < 9; c++)
		buf_finish(&cell[c]);
}

static void cmd_disbursement_tasks(const struct disbursement *r, struct buf *out)
{
	static const char *const headers[] = {
	    "Mã",          "Chủ đầu tư",    "Kinh phí", "Giải ngân (%)",
	    "Tiến độ (%)", "Thời gian (%)", "Màu",      "Cảnh báo",
	};
	static const bool right[] = {false, false, true, true, true, true, false, false};
	struct texttable *t = texttable_create(8, headers, right, NULL);
	struct buf cell[8];
	for (int c = 0; c < 8; c++)
		buf_init(&cell[c], 0);
	for (size_t i = 0; i < r->n_tasks; i++) {
		const struct disbursement_task *k = &r->tasks[i];
		for (int c = 0; c < 8; c++)
			buf_reset(&cell[c]);
		buf_puts(&cell[0], k->code);
		buf_puts(&cell[1], k->investor);
		vnfmt_million(&cell[2], k->budget_vnd);
		vnfmt_fixed(&cell[3], money_pct_x10(k->state.disbursed_vnd, k->budget_vnd), 1);
		vnfmt_int(&cell[4], k->state.progress_pct);
		if (k->elapsed_x10 >= 0)
			vnfmt_fixed(&cell[5], k->elapsed_x10, 1);
		else
			buf_puts(&cell[5], "—");
		buf_puts(&cell[6], disbursement_colour_label_vi(disbursement_task_shown(k)));
		if (k->overridden)
			buf_puts(&cell[6], "*");
		cmd_disbursement_flags(&cell[7], k->flags);
		const char *row[8];
		for (int c = 0; c < 8; c++)
			row[c] = buf_cstr(&cell[c]);
		texttable_add(t, row);
	}
	texttable_render(t, out);
	texttable_destroy(t);
	for (int c = 0; c < 8; c++)
		buf_finish(&cell[c]);
	bool any = false;
	for (size_t i = 0; i < r->n_tasks; i++) {
		const struct disbursement_task *k = &r->tasks[i];
		if (!k->overridden)
			continue;
		if (!any)
			buf_puts(out, "\n* Màu đặt tay:\n");
		any = true;
		buf_printf(out, "  %s: ", k->code);
		cmd_disbursement_colour_text(out, k);
		buf_putc(out, '\n');
	}
}

static void cmd_disbursement_idle(const struct disbursement *r, struct buf *out)
{
	const struct disbursement_departments *v = &r->departments;
	size_t idle = 0;
	for (size_t i = 0; i < v->n; i++)
		idle += v->items[i].idle;
	buf_printf(out, "Đơn vị được phân cấp nhưng không giải ngân trong %d ngày: ",
	           DISBURSEMENT_IDLE_DAYS);
	if (!idle) {
		buf_puts(out, v->n ? "không có.\n" : "không có (chưa có phân cấp).\n");
		return;
	}
	buf_printf(out, "%zu.\n", idle);
	for (size_t i = 0; i < v->n; i++) {
		const struct disbursement_department *dep = &v->items[i];
		if (!dep->idle)
			continue;
		buf_printf(out, "  %s — %s: phân cấp ", dep->allocation.unit,
		           dep->name ? dep->name : "?");
		vnfmt_million(out, dep->allocation.amount_vnd);
		buf_puts(out, " triệu đồng, đã giải ngân ");
		vnfmt_million(out, dep->disbursed_vnd);
		buf_printf(out, " triệu đồng; %lld ngày không tăng giải ngân",
		           (long long)dep->idle_days);
		if (date_is_set(dep->last_rise)) {
			buf_puts(out, " (lần tăng cuối: ");
			cmd_disbursement_date(out, dep->last_rise);
			buf_puts(out, ")");
		}
		buf_puts(out, ".\n");
	}
}

static void cmd_disbursement_text(const struct disbursement *r, struct buf *out)
{
	buf_printf(out, "Giải ngân năm %d — %s, số liệu đến ngày ", r->year,
	           r->scope_name ? r->scope_name : "các chủ đầu tư");
	cmd_disbursement_date(out, r->as_of);
	buf_printf(out, " (%d nhiệm vụ; đơn vị tính: triệu đồng)\n\n", r->total.tasks);
	cmd_disbursement_months(r, &r->total, out);
	buf_putc(out, '\n');
	cmd_disbursement_projection(r, out);
	buf_puts(out, "\nTheo chủ đầu tư (kế hoạch và giải ngân lũy kế đến ngày ");
	cmd_disbursement_date(out, r->as_of);
	buf_puts(out, "; số nhiệm vụ theo màu):\n\n");
	cmd_disbursement_investors(r, out);
	buf_puts(out, "\nMàu từng nhiệm vụ (thời gian: phần thời gian thực hiện đã qua; quy tắc: "
	              "dxtrack disbursement --help):\n\n");
	cmd_disbursement_tasks(r, out);
	int below_progress = 0, below_schedule = 0;
	for (size_t i = 0; i < r->n_tasks; i++) {
		below_progress += (r->tasks[i].flags & DISBURSEMENT_FLAG_PROGRESS) != 0;
		below_schedule += (r->tasks[i].flags & DISBURSEMENT_FLAG_SCHEDULE) != 0;
	}
	buf_printf(out,
	           "\nNhiệm vụ chậm giải ngân: %d (giải ngân thấp hơn tiến độ hơn %d điểm: %d; "
	           "thấp hơn kế hoạch đến ngày hơn %d điểm: %d).\n",
	           r->total.flagged, DISBURSEMENT_PROGRESS_GAP_POINTS, below_progress,
	           DISBURSEMENT_SCHEDULE_GAP_POINTS, below_schedule);
	cmd_disbursement_idle(r, out);
}

/* ---- dxtrack disbursement: JSON ---- */

/* dxtrack disbursement [--year Y] [--as-of DATE] [--investor CODE] [--format text|json] */
int cmd_disbursement(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'},     {"as-of", required_argument, NULL, 'd'},
	    {"investor", required_argument, NULL, 'i'}, {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	const char *unit = NULL, *why;
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
				    "disbursement", "--year: expected a year, got \"%s\"", optarg);
			year = (int)n;
			break;
		case 'd':
			if (date_parse(optarg, strlen(optarg), &as_of, &why) < 0)
				return cli_usage_error("disbursement", "--as-of: %s", why);
			break;
		case 'i':
			unit = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage_error("disbursement",
				                       "--format: use text or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(cmd_disbursement_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("disbursement", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("disbursement", "unexpected argument \"%s\"", argv[optind]);

	struct app a;
	struct disbursement r;
	struct diag d;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	if (!year)
		year = a.today.year;
	enum app_status st = app_disbursement(&a, year, unit, as_of, &r, &d);
	rc = cli_report(&a, st, &d);
	if (st == APP_OK) {
		if (json) {
			json_t *j = disbursement_report_json(&r);
			cli_json(&out, j, TASK_IO_JSON_FLAGS);
			json_decref(j);
		} else {
			cmd_disbursement_text(&r, &out);
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	disbursement_finish(&r);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* ---- dxtrack task colour, and the colour in `task show` ---- */

void cmd_task_colour_line(struct app *a, const struct task *t, struct buf *out)
{
	struct disbursement r;
	struct diag d;
	diag_init(&d);
	if (app_task_colour(a, t->year, t->code, (struct date){0}, &r, &d) == APP_OK &&
	    r.n_tasks == 1) {
		buf_puts(out, "Màu:");
		for (int i = 4; i < 17; i++)
			buf_putc(out, ' ');
		cmd_disbursement_colour_text(out, &r.tasks[0]);
		buf_putc(out, '\n');
	}
	disbursement_finish(&r);
	diag_finish(&d);
}

json_t *cmd_task_colour_json(struct app *a, const struct task *t)
{
	struct disbursement r;
	struct diag d;
	json_t *o = NULL;
	diag_init(&d);
	if (app_task_colour(a, t->year, t->code, (struct date){0}, &r, &d) == APP_OK &&
	    r.n_tasks == 1)
		o = disbursement_report_colour_json(&r.tasks[0]);
	disbursement_finish(&r);
	diag_finish(&d);
	return o ? o : json_null();
}

/* dxtrack task colour YEAR CODE [--set C --comment TEXT | --clear] [--as NAME] [--as-of DATE]
 * [--format text|json]; argv[0] is "colour". */
int cmd_task_colour(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"set", required_argument, NULL, 's'},     {"clear", no_argument, NULL, 'c'},
	    {"comment", required_argument, NULL, 'm'}, {"as", required_argument, NULL, 'a'},
	    {"as-of", required_argument, NULL, 'd'},   {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	const char *comment = NULL, *actor = NULL, *why;
	enum disbursement_colour colour = DISBURSEMENT_GREEN;
	bool set = false, clear = false, json = false;
	struct date as_of = {0, 0, 0};
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (disbursement_colour_parse(optarg, &colour) < 0)
				return cli_usage_error(
				    "task colour",
				    "--set: use red, amber or green (đỏ, vàng, xanh)");
			set = true;
			break;
		case 'c':
			clear = true;
			break;
		case 'm':
			comment = optarg;
			break;
		case 'a':
			actor = optarg;
			break;
		case 'd':
			if (date_parse(optarg, strlen(optarg), &as_of, &why) < 0)
				return cli_usage_error("task colour", "--as-of: %s", why);
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage_error("task colour", "--format: use text or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(cmd_task_colour_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("task colour", "bad option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("task colour", "expected: task colour YEAR CODE");
	if (cli_parse_int(argv[optind], TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0)
		return cli_usage_error("task colour", "\"%s\" is not a year", argv[optind]);
	if (set && clear)
		return cli_usage_error("task colour", "use --set or --clear, not both");
	if (!set && !clear && comment)
		return cli_usage_error("task colour", "--comment goes with --set or --clear");
	int year = (int)n;
	const char *code = argv[optind + 1];

	struct app a;
	struct diag d;
	struct buf out;
	struct disbursement r;
	int rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	enum app_status st = APP_OK;
	if (set || clear)
		st = app_task_colour_set(&a, year, code, set ? &colour : NULL, comment, &d);
	if (st == APP_OK)
		st = app_task_colour(&a, year, code, as_of, &r, &d);
	else
		disbursement_init(&r, year, as_of);
	rc = cli_report(&a, st, &d);
	if (st == APP_OK && r.n_tasks == 1) {
		const struct disbursement_task *k = &r.tasks[0];
		if (json) {
			json_t *o = disbursement_report_colour_json(k);
			json_object_set_new(o, "as_of", disbursement_report_date_json(r.as_of));
			cli_json(&out, o, TASK_IO_JSON_FLAGS);
			json_decref(o);
		} else {
			buf_printf(&out, "%d/%s: ", year, code);
			cmd_disbursement_colour_text(&out, k);
			buf_puts(&out, " — ngày ");
			cmd_disbursement_date(&out, r.as_of);
			if (k->flags) {
				buf_puts(&out, "; ");
				cmd_disbursement_flags(&out, k->flags);
			}
			buf_puts(&out, ".\n");
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	disbursement_finish(&r);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
