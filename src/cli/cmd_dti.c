/* cmd_dti.c — `dxtrack dti`: the DTI framework (Chỉ số đánh giá chuyển đổi số) as data, the
 * binding of an assessment year to it, the self-assessment of each item, its evidence, the
 * ministry's published values, the readiness of a year and one item in full. This file holds the
 * help, the options and the dispatch; the subcommands are in cmd_dti_entry.c (frameworks, years,
 * entries, published values), cmd_dti_show.c (readiness, one item) and cmd_dti_evidence.c. The
 * rules (scoring, points at risk, owed and overdue) are in core/dti.h.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/vnfmt.h"
#include "cmd_dti.h"

static const char cmd_dti_help[] =
    "Usage: dxtrack [--db PATH] dti framework import FILE.csv [--as NAME]\n"
    "       dxtrack [--db PATH] dti frameworks [--format text|json]\n"
    "       dxtrack [--db PATH] dti use YEAR FRAMEWORK [--province CODE] [--as NAME]\n"
    "       dxtrack [--db PATH] dti set YEAR CODE [--value V | --clear-value] [--unit CODE]\n"
    "                        [--due DATE] [--status S] [--indicator CODE] [--note TEXT]\n"
    "                        [--version N] [--as NAME]\n"
    "       dxtrack [--db PATH] dti import YEAR FILE.csv [--as NAME]\n"
    "       dxtrack [--db PATH] dti evidence add YEAR CODE --title T --date DATE [--number N]\n"
    "                        [--summary S] [--file PATH] [--as NAME]\n"
    "       dxtrack [--db PATH] dti evidence list YEAR [CODE] [--all] [--format text|json]\n"
    "       dxtrack [--db PATH] dti evidence withdraw ID [--as NAME]\n"
    "       dxtrack [--db PATH] dti evidence get ID -o FILE\n"
    "       dxtrack [--db PATH] dti published import FILE.csv [--as NAME]\n"
    "       dxtrack [--db PATH] dti readiness YEAR [--as-of DATE] [--format text|json]\n"
    "       dxtrack [--db PATH] dti show YEAR CODE [--as-of DATE] [--format text|json]\n"
    "\n"
    "The provincial digital-transformation index (DTI, 1.000 points) the ministry scores each\n"
    "year: what the province would score now, which points have no evidence yet, and who owes\n"
    "what by when. `dxtrack dti SUBCOMMAND --help` explains each subcommand.\n"
    "\n"
    "A framework (one per ministry decision: QĐ 922/QĐ-BTTTT for DTI 2021–2023, QĐ 405/QĐ-BKHCN\n"
    "from DTI 2024; data/dti/) lists main indices with their points and the component\n"
    "indicators under them. A component scores 0..1 from its value by its rule; a main index's\n"
    "value is the (weighted) mean of its components' scores; the DTI score is\n"
    "Σ main value × points / Σ points. Points a scored item contributes without evidence dated\n"
    "within the assessment year are at risk: the ministry would not count them.\n"
    "\n"
    "Frameworks, year bindings, published values, units, due dates, linked indicators and the\n"
    "status verified are for administrators; a value, note, status up to submitted and evidence\n"
    "for editors of the item's responsible unit (or a unit above it).\n";

static const char cmd_dti_framework_help[] =
    "Usage: dxtrack [--db PATH] dti framework import FILE.csv [--as NAME]\n"
    "\n"
    "Imports one or more frameworks (administrators), all or nothing. Header:\n"
    "  framework,code,parent,name,points,kind,target,rule,evidence_required\n"
    "and optionally weight, official and source.\n"
    "  parent            empty for a main index; else the code of a main index listed before\n"
    "  points            a main index's weight out of the total (1000); a component's points,\n"
    "                    when given, weigh it within its index\n"
    "  kind              percent (0..100), count, yes_no (1 or 0) or level; empty for a main\n"
    "                    index scored from its components\n"
    "  target            the value that scores 1 under the linear rule\n"
    "  rule              linear (value / target, at most 1), yes_no, threshold:T (1 from T on),\n"
    "                    steps:V1=S1;V2=S2;… (the score of the largest step reached)\n"
    "  evidence_required yes/no, 1/0 or có/không\n"
    "  weight            a component's weight within its index (all of an index's components\n"
    "                    or none; without weights or points they count equally)\n"
    "  official          yes (default) or no for an illustrative row; source: where it comes\n"
    "                    from\n"
    "A framework named in the file is replaced as a whole; it is refused when an item that has\n"
    "entries or evidence in a bound year would disappear. Problems are printed as\n"
    "FILE:LINE: column: message and nothing is written (exit code 3).\n"
    "Example: dxtrack dti framework import data/dti/QD922.csv\n";

static const char cmd_dti_frameworks_help[] =
    "Usage: dxtrack [--db PATH] dti frameworks [--format text|json]\n"
    "\n"
    "The frameworks stored (code, items, when imported and by whom) and the assessment years\n"
    "bound to them. JSON: {\"frameworks\":[{\"code\",\"items\",\"imported_at\",\"author\"}],\n"
    "\"years\":[{\"year\",\"framework\",\"province\"}]}.\n";

static const char cmd_dti_use_help[] =
    "Usage: dxtrack [--db PATH] dti use YEAR FRAMEWORK [--province CODE] [--as NAME]\n"
    "\n"
    "Binds assessment year YEAR to FRAMEWORK (administrators), and the unit assessed: CODE,\n"
    "or by default the one unit of kind province valid on 31 December of YEAR. Rebinding a\n"
    "year to another framework is refused while it has entries or evidence of codes the new\n"
    "framework lacks. Example: dxtrack dti use 2023 QD922\n";

static const char cmd_dti_set_help[] =
    "Usage: dxtrack [--db PATH] dti set YEAR CODE [--value V | --clear-value] [--unit CODE]\n"
    "                        [--due DATE] [--status S] [--indicator CODE] [--note TEXT]\n"
    "                        [--version N] [--as NAME]\n"
    "\n"
    "Writes the self-assessment of item CODE (a component, or a main index without components)\n"
    "for YEAR, which must be bound (`dxtrack dti use`). What is not given stays as it is; each\n"
    "write is kept in the item's history (`dxtrack dti show YEAR CODE`).\n"
    "\n"
    "Options:\n"
    "  --value V         the value: 90.5 or 90,5; percent 0..100, yes_no 1 or 0, count and\n"
    "                    level ≥ 0. A first value makes the status draft\n"
    "  --clear-value     remove the value (the status becomes missing)\n"
    "  --unit CODE       the responsible unit (\"\" unassigns)\n"
    "  --due DATE        the due date, YYYY-MM-DD or DD/MM/YYYY (none: no due date)\n"
    "  --status S        missing, draft, submitted or verified (submitted and verified need a\n"
    "                    value; verified is for administrators)\n"
    "  --indicator CODE  link the item to an indicator: its value is then the figure of the\n"
    "                    unit assessed for the year, and cannot be set (\"\" unlinks)\n"
    "  --note TEXT       a note\n"
    "  --version N       refuse the write if the entry is no longer at version N\n"
    "  --as NAME         the author recorded in the history (default: the OS user)\n";

static const char cmd_dti_import_help[] =
    "Usage: dxtrack [--db PATH] dti import YEAR FILE.csv [--as NAME]\n"
    "\n"
    "Bulk self-assessment for YEAR, all or nothing. Header code,value,unit and optionally due,\n"
    "status, note: an empty cell leaves that field as it is. Values and dates as for\n"
    "`dxtrack dti set`. Problems are printed as FILE:LINE: column: message and nothing is\n"
    "written (exit code 3).\n";

static const char cmd_dti_published_help[] =
    "Usage: dxtrack [--db PATH] dti published import FILE.csv [--as NAME]\n"
    "\n"
    "The ministry's published results (administrators), all or nothing. Header year,code,value\n"
    "and optionally source: code is a main index of the year's framework (the year must be\n"
    "bound) or DTI for the whole index; value is 0..1 as published (0,8002 or 0.8002). The\n"
    "readiness of the following year shows them beside its own values, with the change per main\n"
    "index; without a DTI row, the previous score is computed from the main indices.\n";

static const char cmd_dti_readiness_help[] =
    "Usage: dxtrack [--db PATH] dti readiness YEAR [--as-of DATE] [--format text|json]\n"
    "\n"
    "The assessment of YEAR as it stands on the as-of day (default: today).\n"
    "  text (default): the list the standing agency sends round — the score claimed and the\n"
    "        score evidenced, then per responsible unit (most points at risk first) each item\n"
    "        it owes, what is missing, its due date (QUÁ HẠN when overdue) and its points.\n"
    "  json: {\"year\",\"framework\",\"province\",\"as_of\",\"score\",\"points\",\n"
    "        \"points_evidenced\",\"points_at_risk\",\"score_evidenced\",\"missing_value\",\n"
    "        \"missing_evidence\",\"overdue\",\"by_unit\":[{\"unit\",\"unit_name\",\"owed\",\n"
    "        \"overdue\",\"points_at_risk\"}],\"main_indices\":[{\"code\",\"name\",\"value\",\n"
    "        \"points\",\"points_max\",\"points_at_risk\",\"previous\",\"change\"}],\"at_risk\",\n"
    "        \"previous\":{\"year\",\"score\",\"published\"}}; scores to 4 decimals, points to 2.\n"
    "An item is owed while it has no value, or needs evidence and has none dated in YEAR, or is\n"
    "not yet submitted; it is overdue when owed and its due date is before the as-of day.\n";

static const char cmd_dti_show_help[] =
    "Usage: dxtrack [--db PATH] dti show YEAR CODE [--as-of DATE] [--format text|json]\n"
    "\n"
    "One item of YEAR's assessment: its definition, its entry (value, unit, due date, status),\n"
    "its score and points, its evidence (withdrawn items included, marked) and the history of\n"
    "its entry. JSON: the item's object (code, parent, name, official, kind, rule, target,\n"
    "evidence_required, value, unit, unit_name, due, status, indicator, note, version,\n"
    "updated_at, updated_by, score, points, points_max, points_at_risk, evidence,\n"
    "evidence_in_year, owed, overdue) with \"evidence_items\":[…] and \"history\":[…].\n";

static const char cmd_dti_evidence_help[] =
    "Usage: dxtrack [--db PATH] dti evidence add YEAR CODE --title T --date DATE [--number N]\n"
    "                        [--summary S] [--file PATH] [--as NAME]\n"
    "       dxtrack [--db PATH] dti evidence list YEAR [CODE] [--all] [--format text|json]\n"
    "       dxtrack [--db PATH] dti evidence withdraw ID [--as NAME]\n"
    "       dxtrack [--db PATH] dti evidence get ID -o FILE\n"
    "\n"
    "Evidence (tài liệu kiểm chứng) of an item: document references, each optionally with the\n"
    "file itself (PDF, DOCX, XLSX, PNG or JPEG, at most 50 MiB), kept with its SHA-256. Only\n"
    "evidence dated within the assessment year backs an item's points.\n"
    "\n"
    "  add       records a document for item CODE of YEAR and prints its id:\n"
    "            --title T (tên văn bản), --date DATE (ngày văn bản, YYYY-MM-DD or DD/MM/YYYY),\n"
    "            --number N (số hiệu, 811/KH-UBND), --summary S (trích yếu), --file PATH\n"
    "  list      the evidence of YEAR (of CODE only when given), by code; --all includes the\n"
    "            withdrawn items\n"
    "  withdraw  withdraws item ID: it stays on record and no longer counts\n"
    "  get       writes the file of item ID to FILE (\"-\": standard output)\n";

/* ---- helpers shared with cmd_dti_entry.c, cmd_dti_show.c and cmd_dti_evidence.c ---- */

int cmd_dti_year(const struct cmd_dti_opts *o, const char *s, int *year)
{
	long n;
	if (cli_parse_int(s, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0) {
		cli_usage_error(o->command, "\"%s\" is not a year", s);
		return -1;
	}
	*year = (int)n;
	return 0;
}

void cmd_dti_number(struct buf *out, double v, int decimals)
{
	double scale = pow(10, decimals);
	int64_t scaled = (int64_t)llround(v * scale);
	while (decimals > 0 && scaled % 10 == 0) {
		scaled /= 10;
		decimals--;
	}
	vnfmt_fixed(out, scaled, decimals);
}

int cmd_dti_print(const struct buf *out)
{
	if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len) {
		fputs("dxtrack: cannot write the output\n", stderr);
		return CLI_FAILURE;
	}
	return CLI_OK;
}

void cmd_dti_date(struct buf *out, struct date d)
{
	if (date_is_set(d))
		vnfmt_date(out, d.year, d.month, d.day);
	else
		buf_puts(out, "—");
}

/* "giá trị 90,5; đơn vị STTTT; hạn 30/11/2023; dự thảo" */
void cmd_dti_entry_text(struct buf *out, const struct dti_entry *e)
{
	if (e->has_value) {
		buf_puts(out, "giá trị ");
		cmd_dti_number(out, e->value, 6);
	} else {
		buf_puts(out, "chưa có giá trị");
	}
	if (e->indicator)
		buf_printf(out, " (theo chỉ số %s)", e->indicator);
	buf_printf(out, "; %s%s; ", e->unit ? "đơn vị " : "chưa giao đơn vị",
	           e->unit ? e->unit : "");
	if (date_is_set(e->due)) {
		buf_puts(out, "hạn ");
		cmd_dti_date(out, e->due);
	} else {
		buf_puts(out, "không có hạn");
	}
	buf_printf(out, "; %s", dti_status_label_vi(e->status));
}

/* ---- the subcommands and their options ---- */

struct cmd_dti_sub {
	const char *word, *word2; /* "evidence", "add"; word2 NULL for a one-word subcommand */
	int (*run)(const struct cli *cli, const struct cmd_dti_opts *o);
	unsigned options; /* enum cmd_dti_option bits it takes */
	int min_args, max_args;
	const char *operands; /* for the message of a wrong count */
	const char *help;
};

#define CMD_DTI_SET_OPTIONS                                                                        \
	(CMD_DTI_O_VALUE | CMD_DTI_O_CLEAR_VALUE | CMD_DTI_O_UNIT | CMD_DTI_O_DUE |                \
	 CMD_DTI_O_STATUS | CMD_DTI_O_INDICATOR | CMD_DTI_O_NOTE | CMD_DTI_O_VERSION |             \
	 CMD_DTI_O_AS)
#define CMD_DTI_ADD_OPTIONS                                                                        \
	(CMD_DTI_O_TITLE | CMD_DTI_O_DATE | CMD_DTI_O_NUMBER | CMD_DTI_O_SUMMARY |                 \
	 CMD_DTI_O_FILE | CMD_DTI_O_AS)

static const struct cmd_dti_sub cmd_dti_subs[] = {
    {"framework", "import", cmd_dti_framework_import, CMD_DTI_O_AS, 1, 1, "FILE.csv",
     cmd_dti_framework_help},
    {"frameworks", NULL, cmd_dti_frameworks, CMD_DTI_O_FORMAT, 0, 0, "", cmd_dti_frameworks_help},
    {"use", NULL, cmd_dti_use, CMD_DTI_O_PROVINCE | CMD_DTI_O_AS, 2, 2, "YEAR FRAMEWORK",
     cmd_dti_use_help},
    {"set", NULL, cmd_dti_set, CMD_DTI_SET_OPTIONS, 2, 2, "YEAR CODE", cmd_dti_set_help},
    {"import", NULL, cmd_dti_import, CMD_DTI_O_AS, 2, 2, "YEAR FILE.csv", cmd_dti_import_help},
    {"evidence", "add", cmd_dti_evidence_add, CMD_DTI_ADD_OPTIONS, 2, 2, "YEAR CODE",
     cmd_dti_evidence_help},
    {"evidence", "list", cmd_dti_evidence_list, CMD_DTI_O_ALL | CMD_DTI_O_FORMAT, 1, 2,
     "YEAR [CODE]", cmd_dti_evidence_help},
    {"evidence", "withdraw", cmd_dti_evidence_withdraw, CMD_DTI_O_AS, 1, 1, "ID",
     cmd_dti_evidence_help},
    {"evidence", "get", cmd_dti_evidence_get, CMD_DTI_O_OUTPUT, 1, 1, "ID", cmd_dti_evidence_help},
    {"published", "import", cmd_dti_published, CMD_DTI_O_AS, 1, 1, "FILE.csv",
     cmd_dti_published_help},
    {"readiness", NULL, cmd_dti_readiness, CMD_DTI_O_AS_OF | CMD_DTI_O_FORMAT, 1, 1, "YEAR",
     cmd_dti_readiness_help},
    {"show", NULL, cmd_dti_show, CMD_DTI_O_AS_OF | CMD_DTI_O_FORMAT, 2, 2, "YEAR CODE",
     cmd_dti_show_help},
};

/* The long options; their position in this table is their bit in enum cmd_dti_option. */
static const struct option cmd_dti_options[] = {
    {"as", required_argument, NULL, 0},
    {"format", required_argument, NULL, 0},
    {"output", required_argument, NULL, 0},
    {"province", required_argument, NULL, 0},
    {"value", required_argument, NULL, 0},
    {"clear-value", no_argument, NULL, 0},
    {"unit", required_argument, NULL, 0},
    {"due", required_argument, NULL, 0},
    {"status", required_argument, NULL, 0},
    {"indicator", required_argument, NULL, 0},
    {"note", required_argument, NULL, 0},
    {"version", required_argument, NULL, 0},
    {"title", required_argument, NULL, 0},
    {"date", required_argument, NULL, 0},
    {"number", required_argument, NULL, 0},
    {"summary", required_argument, NULL, 0},
    {"file", required_argument, NULL, 0},
    {"all", no_argument, NULL, 0},
    {"as-of", required_argument, NULL, 0},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Parses the value of option bit `opt` into o; 0, or -1 after a usage error. */
static int cmd_dti_option(struct cmd_dti_opts *o, unsigned opt, const char *arg)
{
	const char *why;
	long n;
	switch ((enum cmd_dti_option)opt) {
	case CMD_DTI_O_AS:
		o->actor = arg;
		break;
	case CMD_DTI_O_FORMAT:
		if (strcmp(arg, "text") && strcmp(arg, "json")) {
			cli_usage_error(o->command, "--format: use text or json");
			return -1;
		}
		o->json = strcmp(arg, "json") == 0;
		break;
	case CMD_DTI_O_OUTPUT:
		o->output = arg;
		break;
	case CMD_DTI_O_PROVINCE:
		o->province = arg;
		break;
	case CMD_DTI_O_VALUE:
		if (indicator_number_parse(arg, strlen(arg), &o->change.value, &why) < 0) {
			cli_usage_error(o->command, "--value: %s, got \"%s\"", why, arg);
			return -1;
		}
		o->change.has_value = true;
		break;
	case CMD_DTI_O_CLEAR_VALUE:
		o->change.has_value = true;
		o->change.clear_value = true;
		break;
	case CMD_DTI_O_UNIT:
		o->change.unit = arg;
		break;
	case CMD_DTI_O_DUE:
		o->change.has_due = true;
		o->change.due = (struct date){0, 0, 0};
		if (arg[0] && strcmp(arg, "none") != 0 &&
		    date_parse(arg, strlen(arg), &o->change.due, &why) < 0) {
			cli_usage_error(o->command, "--due: %s, got \"%s\"", why, arg);
			return -1;
		}
		break;
	case CMD_DTI_O_STATUS:
		if (dti_status_parse(arg, &o->change.status) < 0) {
			cli_usage_error(o->command,
			                "--status: use missing, draft, submitted or verified, got "
			                "\"%s\"",
			                arg);
			return -1;
		}
		o->change.has_status = true;
		break;
	case CMD_DTI_O_INDICATOR:
		o->change.indicator = arg;
		break;
	case CMD_DTI_O_NOTE:
		o->change.note = arg;
		break;
	case CMD_DTI_O_VERSION:
		if (cli_parse_int(arg, 1, LONG_MAX, &n) < 0) {
			cli_usage_error(o->command, "--version: a whole number from 1, got \"%s\"",
			                arg);
			return -1;
		}
		o->change.expected_version = n;
		break;
	case CMD_DTI_O_TITLE:
		o->title = arg;
		break;
	case CMD_DTI_O_DATE:
	case CMD_DTI_O_AS_OF:
		if (date_parse(arg, strlen(arg), opt == CMD_DTI_O_DATE ? &o->date : &o->as_of,
		               &why) < 0) {
			cli_usage_error(o->command, "--%s: %s, got \"%s\"",
			                opt == CMD_DTI_O_DATE ? "date" : "as-of", why, arg);
			return -1;
		}
		break;
	case CMD_DTI_O_NUMBER:
		o->number = arg;
		break;
	case CMD_DTI_O_SUMMARY:
		o->summary = arg;
		break;
	case CMD_DTI_O_FILE:
		o->file = arg;
		break;
	case CMD_DTI_O_ALL:
		o->all = true;
		break;
	}
	return 0;
}

/* dxtrack dti SUBCOMMAND [OPERANDS...] [OPTIONS...] */
int cmd_dti(const struct cli *cli, int argc, char **argv)
{
	if (argc < 2) {
		fputs(cmd_dti_help, stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(cmd_dti_help, stdout);
		return CLI_OK;
	}
	size_t n_subs = sizeof cmd_dti_subs / sizeof cmd_dti_subs[0], k = 0;
	bool group = false; /* argv[1] names a group of two-word subcommands */
	for (; k < n_subs; k++) {
		const struct cmd_dti_sub *sub = &cmd_dti_subs[k];
		if (strcmp(argv[1], sub->word) != 0)
			continue;
		group = sub->word2 != NULL;
		if (!group || (argc > 2 && strcmp(argv[2], sub->word2) == 0))
			break;
	}
	if (k == n_subs && group && argc > 2 &&
	    (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
		fputs(strcmp(argv[1], "evidence") == 0 ? cmd_dti_evidence_help : cmd_dti_help,
		      stdout);
		return CLI_OK;
	}
	if (k == n_subs && group)
		return cli_usage_error("dti", "expected: dti %s %s", argv[1],
		                       strcmp(argv[1], "evidence") == 0 ? "add|list|withdraw|get"
		                                                        : "import");
	if (k == n_subs)
		return cli_usage_error("dti", "unknown subcommand \"%s\"", argv[1]);

	const struct cmd_dti_sub *sub = &cmd_dti_subs[k];
	char command[64];
	snprintf(command, sizeof command, "dti %s%s%s", sub->word, sub->word2 ? " " : "",
	         sub->word2 ? sub->word2 : "");
	struct cmd_dti_opts o = {.command = command};
	int skip = sub->word2 ? 2 : 1; /* argv[skip] is the subcommand's last word */
	argc -= skip;
	argv += skip;
	int opt, index;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "ho:", cmd_dti_options, &index)) != -1) {
		unsigned bit;
		if (opt == 'h') {
			fputs(sub->help, stdout);
			return CLI_OK;
		} else if (opt == 'o') {
			bit = CMD_DTI_O_OUTPUT;
		} else if (opt == 0) {
			bit = 1u << index;
		} else {
			return cli_usage_error(command, "bad option");
		}
		if (!(sub->options & bit)) {
			size_t b = 0;
			while ((1u << b) != bit)
				b++;
			return cli_usage_error(command, "%s does not take --%s", command,
			                       cmd_dti_options[b].name);
		}
		o.given |= bit;
		if (cmd_dti_option(&o, bit, optarg) < 0)
			return CLI_USAGE;
	}
	o.argc = argc - optind;
	o.argv = argv + optind;
	if (o.argc < sub->min_args || o.argc > sub->max_args)
		return cli_usage_error(command, "expected: %s %s", command, sub->operands);
	return sub->run(cli, &o);
}
