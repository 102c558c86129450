/* cmd_plan.c — `dxtrack plan`: next year's catalogue by the committee's priorities. Carry the
 * unfinished tasks over as proposals, select under a budget ceiling, adopt, show the adopted
 * catalogue. (Proposals from a file: `dxtrack import proposals`, cmd_import.c.)
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../io/task_io.h"
#include "../lib/mem.h"
#include "../report/plan_report.h"
#include "../report/plan_xlsx.h"
#include "../text/vnfmt.h"
#include "cli.h"

static const char cmd_plan_help[] =
    "Usage: dxtrack [--db PATH] plan --year Y --budget-vnd N [--lock CODE]... [--exclude CODE]...\n"
    "                                [--format table|json|csv|xlsx] [-o FILE]\n"
    "       dxtrack [--db PATH] plan carry-over --from Y [--as NAME]\n"
    "       dxtrack [--db PATH] plan adopt --year Y --budget-vnd N [--lock CODE]...\n"
    "                                [--exclude CODE]... [--as NAME]\n"
    "       dxtrack [--db PATH] plan show --year Y [--format table|json|csv|xlsx] [-o FILE]\n"
    "\n"
    "Next year's catalogue, in the committee's order of priority. Proposals come from\n"
    "`dxtrack import proposals FILE` (the tasks CSV plus a score column) or from carry-over.\n"
    "\n"
    "  plan        selects among the proposals of year Y under a ceiling of N đồng and prints\n"
    "              what is selected and what is not, each with its reason. Tiers:\n"
    "                1  tags citizen_service, online_public_service, admin_reform,\n"
    "                   shared_infrastructure, information_security or de_an_06;\n"
    "                2  otherwise carried over from an earlier year (carried_from);\n"
    "                3  the others.\n"
    "              Locked proposals are taken first; tiers are then filled in order, each\n"
    "              with the set of its proposals of largest total score that fits the money\n"
    "              left (an exact knapsack; costs in whole millions rounded up, the ceiling\n"
    "              rounded down), ties to the smaller cost, then to the set holding the\n"
    "              first code (byte order) where equally good sets differ. What a tier leaves\n"
    "              passes to the next. A proposal scored 0 is taken only if it costs nothing\n"
    "              or is locked. Output: selected first, then not selected, each by tier,\n"
    "              then code.\n"
    "  carry-over  makes a proposal for Y+1 from every task of year Y now in progress or\n"
    "              deferred: same code, name, investor, category, funding and tags, budget =\n"
    "              budget − disbursed, carried_from = the task's code, score 1. A proposal\n"
    "              already there keeps its score and takes the task's figures; run twice, the\n"
    "              second run changes nothing (\"unchanged\").\n"
    "  adopt       makes the same selection and registers the selected proposals as the tasks\n"
    "              of year Y (planned, progress 0, nothing disbursed, carried_from kept),\n"
    "              recording the decision: who, when, the ceiling, locks, excludes, every\n"
    "              proposal with its tier and reason. A year is adopted once.\n"
    "  show        the adopted catalogue of year Y, as it was adopted.\n"
    "\n"
    "Options:\n"
    "  --year Y          the year of the catalogue (the proposals' year)\n"
    "  --budget-vnd N    the ceiling in đồng: 200000000000 or 200.000.000.000\n"
    "  --lock CODE       take this proposal whatever its tier (may be repeated)\n"
    "  --exclude CODE    never take this proposal (may be repeated)\n"
    "  --from Y          carry-over: the year whose unfinished tasks are carried over\n"
    "  --format F        table (default); json: {\"year\",\"budget_vnd\",\"selected_vnd\",\n"
    "                    \"selected\":[{\"code\",\"tier\",\"score\",\"budget_vnd\",\"reason\"}],\n"
    "                    \"not_selected\":[…]} (show adds \"adopted_at\", \"adopted_by\", "
    "\"locks\",\n"
    "                    \"excludes\"); csv: code,name,investor,tier,score,budget_vnd,selected,\n"
    "                    reason; xlsx: a workbook (sheet \"Danh mục\", a row per proposal,\n"
    "                    a SUMIF total of the selected money), needs -o FILE\n"
    "  -o, --output FILE write to FILE instead of standard output\n"
    "  --as NAME         who is acting (default: the operating-system user)\n";

enum cmd_plan_action { PLAN_SELECT, PLAN_CARRY_OVER, PLAN_ADOPT, PLAN_SHOW };

static int cmd_plan_print(const struct plan_result *r, const char *format, const char *output)
{
	struct buf out;
	buf_init(&out, 0);
	if (strcmp(format, "xlsx") == 0) {
		if (plan_xlsx_write(r, &out) < 0) {
			fprintf(stderr, "dxtrack plan: could not make the workbook\n");
			buf_finish(&out);
			return CLI_FAILURE;
		}
	} else if (strcmp(format, "json") == 0) {
		json_t *j = plan_report_json(r);
		cli_json(&out, j, TASK_IO_JSON_FLAGS);
		json_decref(j);
	} else if (strcmp(format, "csv") == 0) {
		plan_report_csv(r, &out);
	} else {
		plan_report_text(r, &out);
	}
	int rc = CLI_OK;
	FILE *f = output ? fopen(output, "wb") : stdout;
	if (!f || fwrite(out.data, 1, out.len, f) != out.len || (output && fclose(f) != 0)) {
		fprintf(stderr, "dxtrack plan: cannot write %s\n", output ? output : "output");
		rc = CLI_FAILURE;
	}
	buf_finish(&out);
	return rc;
}

/* dxtrack plan [carry-over|adopt|show] [--year Y] [--budget-vnd N] [--lock CODE]...
 *              [--exclude CODE]... [--from Y] [--format table|json|csv|xlsx] [-o FILE]
 *              [--as NAME] */
int cmd_plan(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'},   {"budget-vnd", required_argument, NULL, 'b'},
	    {"lock", required_argument, NULL, 'l'},   {"exclude", required_argument, NULL, 'x'},
	    {"from", required_argument, NULL, 'F'},   {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'}, {"as", required_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	enum cmd_plan_action action = PLAN_SELECT;
	if (argc > 1 && strcmp(argv[1], "carry-over") == 0)
		action = PLAN_CARRY_OVER;
	else if (argc > 1 && strcmp(argv[1], "adopt") == 0)
		action = PLAN_ADOPT;
	else if (argc > 1 && strcmp(argv[1], "show") == 0)
		action = PLAN_SHOW;
	if (action != PLAN_SELECT) {
		argv++;
		argc--;
	}
	const char **locks = mem_calloc((size_t)argc, sizeof *locks);
	const char **excludes = mem_calloc((size_t)argc, sizeof *excludes);
	struct app_plan_request q = {.locks = locks, .excludes = excludes};
	const char *format = "table", *actor = NULL, *output = NULL, *why;
	bool has_budget = false;
	int from = 0, rc = CLI_USAGE;
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
		switch (opt) {
		case 'y':
		case 'F':
			if (cli_parse_int(optarg, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0) {
				cli_usage_error("plan", "--%s: expected a year, got \"%s\"",
				                opt == 'y' ? "year" : "from", optarg);
				goto out;
			}
			if (opt == 'y')
				q.year = (int)n;
			else
				from = (int)n;
			break;
		case 'b':
			if (money_parse(optarg, strlen(optarg), &q.budget_vnd, &why) < 0) {
				cli_usage_error("plan", "--budget-vnd: %s", why);
				goto out;
			}
			has_budget = true;
			break;
		case 'l':
			locks[q.n_locks++] = optarg;
			break;
		case 'x':
			excludes[q.n_excludes++] = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json") &&
			    strcmp(optarg, "csv") && strcmp(optarg, "xlsx")) {
				cli_usage_error("plan", "--format: use table, json, csv or xlsx");
				goto out;
			}
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'a':
			actor = optarg;
			break;
		case 'h':
			fputs(cmd_plan_help, stdout);
			rc = CLI_OK;
			goto out;
		default:
			cli_usage_error("plan", "bad option");
			goto out;
		}
	}
	if (optind < argc) {
		cli_usage_error("plan", "unexpected argument \"%s\"", argv[optind]);
		goto out;
	}
	bool selects = action == PLAN_SELECT || action == PLAN_ADOPT;
	if (action == PLAN_CARRY_OVER ? !from : !q.year) {
		cli_usage_error("plan", "%s is required",
		                action == PLAN_CARRY_OVER ? "--from Y" : "--year Y");
		goto out;
	}
	if (strcmp(format, "xlsx") == 0 && !output) {
		cli_usage_error("plan", "--format xlsx needs -o FILE");
		goto out;
	}
	if (selects && !has_budget) {
		cli_usage_error("plan", "--budget-vnd N is required");
		goto out;
	}
	if ((action == PLAN_CARRY_OVER || action == PLAN_SHOW) &&
	    (has_budget || q.n_locks || q.n_excludes)) {
		cli_usage_error("plan", "--budget-vnd, --lock and --exclude choose a selection: "
		                        "not with carry-over or show");
		goto out;
	}

	struct app a;
	rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK)
		goto out;
	struct diag d;
	struct plan_result r;
	struct import_result counts;
	enum app_status s = APP_OK;
	diag_init(&d);
	plan_result_init(&r);
	switch (action) {
	case PLAN_SELECT:
		s = app_plan(&a, &q, &r, &d);
		break;
	case PLAN_ADOPT:
		s = app_plan_adopt(&a, &q, &r, &d);
		break;
	case PLAN_SHOW:
		s = app_plan_show(&a, q.year, &r, &d);
		break;
	case PLAN_CARRY_OVER:
		s = app_plan_carry_over(&a, from, &d, &counts);
		break;
	}
	rc = cli_report(&a, s, &d);
	if (s == APP_OK && action == PLAN_CARRY_OVER) {
		printf("%d → %d: %zu tasks in progress or deferred carried over as proposals (%zu "
		       "new, %zu updated, %zu unchanged).\n",
		       from, from + 1, counts.rows, counts.inserted, counts.updated,
		       counts.unchanged);
	} else if (s == APP_OK && action == PLAN_ADOPT) {
		struct buf line;
		buf_init(&line, 0);
		buf_printf(&line, "%d: %zu proposals adopted as tasks (planned), ", r.year,
		           r.n_selected);
		vnfmt_int(&line, r.selected_vnd);
		buf_puts(&line, " of a ");
		vnfmt_int(&line, r.budget_vnd);
		buf_printf(&line, " đồng ceiling; see `dxtrack plan show --year %d`.\n", r.year);
		fwrite(line.data, 1, line.len, stdout);
		buf_finish(&line);
	} else if (s == APP_OK) {
		rc = cmd_plan_print(&r, format, output);
	}
	plan_result_finish(&r);
	diag_finish(&d);
	app_close(&a);
out:
	free(locks);
	free(excludes);
	return rc;
}
