/* cmd_task.c — `dxtrack task show|update YEAR CODE`: one task, its history, its progress. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../io/task_io.h"
#include "../text/utf8.h"
#include "../text/vnfmt.h"
#include "cli.h"

static const char cmd_task_help[] =
    "Usage: dxtrack [--db PATH] task show YEAR CODE [--format text|json]\n"
    "       dxtrack [--db PATH] task update YEAR CODE [--progress N] [--disbursed VND]\n"
    "               [--status S] [--note TEXT] [--date DATE] [--as NAME]\n"
    "       dxtrack [--db PATH] task colour YEAR CODE [--set red|amber|green --comment TEXT |\n"
    "               --clear]   (see `dxtrack task colour --help`)\n"
    "\n"
    "show    all fields of the task and the full history of its progress updates.\n"
    "update  records a dated progress update; the task's state is its latest update, and\n"
    "        history is never changed. The rules are checked on the new state: a completed\n"
    "        task has progress 100, the disbursement is cumulative and at most the budget.\n"
    "\n"
    "Options of update:\n"
    "  --progress N      progress in percent, 0 to 100\n"
    "  --disbursed VND   cumulative disbursement in đồng (67150000000 or 67.150.000.000)\n"
    "  --status S        planned, in_progress, completed, stopped, deferred (or Vietnamese)\n"
    "  --note TEXT       what happened\n"
    "  --date DATE       the date the figures are as of (default: today)\n"
    "  --as NAME         the author recorded in the history (default: the OS user)\n";

/* "Label:          value", the labels padded by characters so Vietnamese lines align. */
static void cmd_task_line(struct buf *out, const char *label, const char *value)
{
	buf_puts(out, label);
	for (size_t n = utf8_length(label, strlen(label)); n < 17; n++)
		buf_putc(out, ' ');
	buf_printf(out, "%s\n", value);
}

static void cmd_task_date(struct buf *out, struct date d)
{
	if (date_is_set(d))
		vnfmt_date(out, d.year, d.month, d.day);
	else
		buf_puts(out, "—");
}

static int cmd_task_history_text(void *ctx, const struct task_update *u)
{
	struct buf *out = ctx;
	buf_puts(out, "  ");
	cmd_task_date(out, u->on_date);
	buf_printf(out, "  %s (%s): tiến độ %d%%, giải ngân ", u->author, u->source,
	           u->progress_pct);
	vnfmt_int(out, u->disbursed_vnd);
	buf_printf(out, " đồng, %s", task_status_label_vi(u->status));
	if (u->note && u->note[0])
		buf_printf(out, " — %s", u->note);
	if (u->changes)
		buf_printf(out, "\n      thay đổi: %s", u->changes);
	buf_putc(out, '\n');
	return 0;
}

static int cmd_task_history_json(void *ctx, const struct task_update *u)
{
	json_array_append_new(ctx, task_io_update_json(u));
	return 0;
}

static void cmd_task_render(struct app *a, const struct task *t, struct buf *out)
{
	struct buf v;
	buf_init(&v, 0);
	buf_printf(out, "%s (%d): %s\n\n", t->code, t->year, t->name);
	struct unit u = {0};
	buf_puts(&v, t->investor);
	if (app_unit_get(a, t->investor, &u) == APP_OK)
		buf_printf(&v, " — %s", u.name);
	unit_clear(&u);
	cmd_task_line(out, "Chủ đầu tư:", buf_cstr(&v));
	cmd_task_line(out, "Lĩnh vực:", t->category && t->category[0] ? t->category : "—");
	cmd_task_line(out, "Nguồn vốn:", t->funding ? task_funding_label_vi(t->funding) : "—");
	buf_reset(&v);
	vnfmt_int(&v, t->budget_vnd);
	buf_puts(&v, " đồng");
	cmd_task_line(out, "Kinh phí:", buf_cstr(&v));
	buf_reset(&v);
	vnfmt_int(&v, t->disbursed_vnd);
	buf_puts(&v, " đồng (");
	vnfmt_fixed(&v, money_pct_x10(t->disbursed_vnd, t->budget_vnd), 1);
	buf_puts(&v, "%)");
	cmd_task_line(out, "Đã giải ngân:", buf_cstr(&v));
	buf_reset(&v);
	buf_printf(&v, "%d%%", t->progress_pct);
	cmd_task_line(out, "Tiến độ:", buf_cstr(&v));
	cmd_task_line(out, "Trạng thái:", task_status_label_vi(t->status));
	cmd_task_colour_line(a, t, out); /* red / amber / green, and an override (disbursement) */
	cmd_task_line(out, "Chuyển tiếp từ:", t->carried_from ? t->carried_from : "—");
	buf_reset(&v);
	task_tags_format(&v, t->tags);
	cmd_task_line(out, "Nhóm:", v.len ? buf_cstr(&v) : "—");
	buf_reset(&v);
	cmd_task_date(&v, t->start_date);
	buf_puts(&v, " – ");
	cmd_task_date(&v, t->end_date);
	cmd_task_line(out, "Thời gian:", buf_cstr(&v));
	cmd_task_line(out, "Ghi chú:", t->note && t->note[0] ? t->note : "—");
	buf_reset(&v);
	buf_printf(&v, "%lld (cập nhật ", (long long)t->version);
	cmd_task_date(&v, t->updated_on);
	buf_puts(&v, ")");
	cmd_task_line(out, "Phiên bản:", buf_cstr(&v));
	buf_puts(out, "\nLịch sử cập nhật:\n");
	buf_finish(&v);
}

static int cmd_task_show(struct app *a, int year, const char *code, bool json)
{
	struct task t = {0};
	struct buf out;
	struct diag d;
	buf_init(&out, 0);
	diag_init(&d);
	enum app_status s = app_task_get(a, year, code, &t);
	if (s == APP_NOT_FOUND)
		diag_add(&d, NULL, 0, NULL, "no task %s in %d", code, year);
	if (s == APP_OK && json) {
		json_t *o = task_io_json(&t);
		json_t *history = json_array();
		s = app_task_history(a, t.id, cmd_task_history_json, history);
		json_object_set_new(o, "colour", cmd_task_colour_json(a, &t));
		json_object_set_new(o, "history", history);
		cli_json(&out, o, TASK_IO_JSON_FLAGS);
		json_decref(o);
	} else if (s == APP_OK) {
		cmd_task_render(a, &t, &out);
		s = app_task_history(a, t.id, cmd_task_history_text, &out);
	}
	int rc = cli_report(a, s, &d);
	if (s == APP_OK)
		fwrite(out.data, 1, out.len, stdout);
	task_clear(&t);
	buf_finish(&out);
	diag_finish(&d);
	return rc;
}

/* dxtrack task show|update YEAR CODE [...] */
int cmd_task(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"progress", required_argument, NULL, 'p'},
	    {"disbursed", required_argument, NULL, 'm'},
	    {"status", required_argument, NULL, 's'},
	    {"note", required_argument, NULL, 'n'},
	    {"date", required_argument, NULL, 'd'},
	    {"as", required_argument, NULL, 'a'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct task_change c = {.note = NULL};
	const char *actor = NULL, *why;
	bool json = false, has_update_option = false;
	long n;
	int opt;
	/* `task colour …` has options of its own (cmd_disbursement.c) */
	if (argc > 1 && strcmp(argv[1], "colour") == 0)
		return cmd_task_colour(cli, argc - 1, argv + 1);
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		has_update_option |= opt != 'f' && opt != 'h';
		switch (opt) {
		case 'p':
			if (cli_parse_int(optarg, 0, 100, &n) < 0)
				return cli_usage_error("task",
				                       "--progress: a whole number from 0 to 100");
			c.has_progress = true;
			c.progress_pct = (int)n;
			break;
		case 'm':
			if (money_parse(optarg, strlen(optarg), &c.disbursed_vnd, &why) < 0)
				return cli_usage_error("task", "--disbursed: %s", why);
			c.has_disbursed = true;
			break;
		case 's':
			if (task_status_parse(optarg, &c.status) < 0)
				return cli_usage_error("task", "--status: unknown status \"%s\"",
				                       optarg);
			c.has_status = true;
			break;
		case 'n':
			c.note = optarg;
			break;
		case 'd':
			if (date_parse(optarg, strlen(optarg), &c.on_date, &why) < 0)
				return cli_usage_error("task", "--date: %s", why);
			break;
		case 'a':
			actor = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
				return cli_usage_error("task", "--format: use text or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(cmd_task_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("task", "bad option");
		}
	}
	if (argc - optind != 3)
		return cli_usage_error("task", "expected: task show|update YEAR CODE");
	const char *verb = argv[optind];
	bool update = strcmp(verb, "update") == 0;
	if (!update && strcmp(verb, "show") != 0)
		return cli_usage_error("task", "unknown action \"%s\": use show or update", verb);
	if (cli_parse_int(argv[optind + 1], TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0)
		return cli_usage_error("task", "\"%s\" is not a year", argv[optind + 1]);
	int year = (int)n;
	const char *code = argv[optind + 2];
	if (!update && has_update_option)
		return cli_usage_error("task", "show takes only --format");
	if (update && !c.has_progress && !c.has_disbursed && !c.has_status && !c.note)
		return cli_usage_error("task", "update needs at least one of --progress, "
		                               "--disbursed, --status or --note");

	struct app a;
	int rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK)
		return rc;
	if (!update) {
		rc = cmd_task_show(&a, year, code, json);
	} else {
		struct diag d;
		struct task t = {0};
		diag_init(&d);
		enum app_status s = app_task_update(&a, year, code, &c, &d, &t);
		rc = cli_report(&a, s, &d);
		if (s == APP_OK)
			printf("%d/%s: tiến độ %d%%, giải ngân %lld đồng, %s (phiên bản %lld).\n",
			       year, code, t.progress_pct, (long long)t.disbursed_vnd,
			       task_status_label_vi(t.status), (long long)t.version);
		task_clear(&t);
		diag_finish(&d);
	}
	app_close(&a);
	return rc;
}
