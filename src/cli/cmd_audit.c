/* cmd_audit.c — `dxtrack audit`: who wrote what and when, newest first. Every write (imports,
 * progress updates, accounts, tokens, sign-ins) leaves one row in the same transaction. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../io/texttable.h"
#include "cli.h"

#define CMD_AUDIT_LIMIT 100 /* rows shown unless --limit says otherwise */

static const char cmd_audit_help[] =
    "Usage: dxtrack [--db PATH] audit [--actor NAME] [--action A] [--search TEXT]\n"
    "                                 [--since DATE] [--until DATE] [--limit N]\n"
    "                                 [--format table|json]\n"
    "\n"
    "The audit log, newest first: one row per write, with its time (UTC), who made it, the\n"
    "action, what it wrote and details as JSON. Passwords and secrets are never in it.\n"
    "\n"
    "Actions: import.units, import.tasks, task.update, user.add, user.change, token.add,\n"
    "token.revoke, session.login, session.logout, session.refused (a failed sign-in).\n"
    "\n"
    "Options:\n"
    "  --actor NAME    only rows written by NAME (exactly)\n"
    "  --action A      only this action; \"task.\" (ending in a dot) means every task.* action\n"
    "  --search TEXT   only rows whose object contains TEXT (case matters): \"2023/CDS23-01\"\n"
    "  --since DATE    from this day on (YYYY-MM-DD or DD/MM/YYYY, UTC days)\n"
    "  --until DATE    up to this day, included\n"
    "  --limit N       at most N rows (default 100; 0 shows every row)\n"
    "  --format F      table (default) or json (an array of {id, at, actor, action, object,\n"
    "                  detail})\n";

struct cmd_audit_out {
	bool json;
	json_t *array;
	struct texttable *table;
	size_t count;
};

static int cmd_audit_each(void *ctx, const struct audit_entry *e)
{
	struct cmd_audit_out *o = ctx;
	o->count++;
	if (o->json) {
		json_t *detail = e->detail ? json_loads(e->detail, 0, NULL) : json_null();
		if (!detail)
			detail = json_string(e->detail); /* not JSON: kept as text */
		json_array_append_new(o->array, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "id",
		                                          (json_int_t)e->id, "at", e->at, "actor",
		                                          e->actor, "action", e->action, "object",
		                                          e->object, "detail", detail));
		return 0;
	}
	const char *row[] = {e->at, e->actor, e->action, e->object, e->detail ? e->detail : ""};
	texttable_add(o->table, row);
	return 0;
}

/* dxtrack audit [--actor NAME] [--action A] [--search TEXT] [--since DATE] [--until DATE]
 *               [--limit N] [--format table|json] */
int cmd_audit(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"actor", required_argument, NULL, 'a'},
	    {"action", required_argument, NULL, 'A'},
	    {"search", required_argument, NULL, 'q'},
	    {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},
	    {"limit", required_argument, NULL, 'l'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct audit_filter f = {.limit = CMD_AUDIT_LIMIT};
	bool json = false;
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'a':
			f.actor = optarg;
			break;
		case 'A':
			f.action = optarg;
			break;
		case 'q':
			f.search = optarg;
			break;
		case 's':
			f.since = optarg; /* app_audit_each checks the days */
			break;
		case 'u':
			f.until = optarg;
			break;
		case 'l':
			if (cli_parse_int(optarg, 0, 100000000, &n) < 0)
				return cli_usage_error("audit", "--limit: expected a number");
			f.limit = (size_t)n;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "table") != 0)
				return cli_usage_error("audit", "--format: use table or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(cmd_audit_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("audit", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("audit", "unexpected argument \"%s\"", argv[optind]);

	static const char *const headers[] = {"Thời điểm (UTC)", "Người thực hiện", "Thao tác",
	                                      "Đối tượng", "Chi tiết"};
	static const size_t max[] = {0, 0, 0, 40, 0}; /* the details in full: the last column */
	struct cmd_audit_out o = {.json = json};
	struct app a;
	struct diag d;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	if (json)
		o.array = json_array();
	else
		o.table = texttable_create(5, headers, NULL, max);
	enum app_status s = app_audit_each(&a, &f, cmd_audit_each, &o, &d);
	if (s == APP_BAD_INPUT && d.count > 0) /* a day that is not a date: the option's fault */
		rc = cli_usage_error("audit", "--%s: %s", d.items[0].column, d.items[0].message);
	else
		rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		if (json) {
			cli_json(&out, o.array, TASK_IO_JSON_FLAGS);
		} else {
			texttable_render(o.table, &out);
			buf_printf(&out, "\n%zu row%s, newest first.\n", o.count,
			           o.count == 1 ? "" : "s");
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	json_decref(o.array);
	texttable_destroy(o.table);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
