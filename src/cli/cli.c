/* cli.c — global options, the command table, help, and the helpers every command uses. */
#include "cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/mem.h"
#include "cmd_dti.h"

struct cli_command {
	const char *name;
	int (*run)(const struct cli *cli, int argc, char **argv);
	const char *summary;
};

static const struct cli_command cli_commands[] = {
    {"init", cmd_init, "create the database (or bring its schema up to date)"},
    {"import", cmd_import, "import units, tasks or indicator data from a CSV file, all or nothing"},
    {"unit", cmd_unit, "record a merge, dissolution or move of units from a day on; show one"},
    {"units", cmd_units, "the units and agencies as they stood on a day: tree, CSV or JSON"},
    {"export", cmd_export, "write the tasks as CSV or JSON"},
    {"tasks", cmd_tasks, "list tasks: filter, search without diacritics, sort"},
    {"task", cmd_task, "show one task with its history, or record a progress update"},
    {"summary", cmd_summary, "the committee's figures for a year, as text, JSON or Markdown"},
    {"plan", cmd_plan, "next year's catalogue: carry over, select under a ceiling, adopt, show"},
    {"report", cmd_report, "the committee's report (Decree 30 layout) as DOCX, PDF, XLSX; review"},
    {"settings", cmd_settings, "the texts the documents use: issuing body, signer, template…"},
    {"disbursement", cmd_disbursement, "disbursement against plan by month, projection, lags"},
    {"allocate", cmd_allocate, "record the budget Finance delegates to a unit for a year"},
    {"allocations", cmd_allocations, "allocated vs committed vs disbursed per unit; bottlenecks"},
    {"user", cmd_user, "accounts of the web dashboard and API: add, list, set, disable…"},
    {"token", cmd_token, "API tokens for programs: add, revoke, list"},
    {"audit", cmd_audit, "who wrote what and when, newest first"},
    {"indicators", cmd_indicators, "the indicator definitions: name, measure, how they add up"},
    {"indicator", cmd_indicator, "an indicator's figure for a unit and period, or all of them"},
    {"dti", cmd_dti, "DTI readiness: framework, self-assessment, evidence, points at risk"},
    {"backup", cmd_backup, "an online, checked copy of the whole database into one file"},
    {"restore", cmd_restore, "replace the database by a backup, after checking it"},
    {"migrate", cmd_migrate, "copy the database into an empty one (SQLite → PostgreSQL), verified"},
    {"serve", cmd_serve, "serve the web dashboard and the JSON API (Ctrl-C stops)"},
};

static const char cli_help[] =
    "dxtrack — the digital-transformation programme of a province, in one program.\n"
    "\n"
    "Usage: dxtrack [--db PATH] COMMAND [OPTIONS...]\n"
    "\n"
    "Global options:\n"
    "  --db PATH      the database: a SQLite file, or postgresql://… for a PostgreSQL\n"
    "                 database that several servers share (default: $DXTRACK_DB, else\n"
    "                 ./dxtrack.db)\n"
    "  -h, --help     this help; `dxtrack COMMAND --help` explains a command\n"
    "  --version      print the version\n"
    "\n"
    "Commands:\n";

static const char cli_help_tail[] =
    "\n"
    "Exit codes: 0 ok, 1 failure (also: not allowed, or changed by someone else meanwhile),\n"
    "2 usage error, 3 bad input data (nothing was written).\n"
    "Environment: DXTRACK_DB (database), DXTRACK_NOW (fix the clock, YYYY-MM-DDTHH:MM:SSZ).\n"
    "\n"
    "Example, with the sample data of Bắc Kạn 2023:\n"
    "  dxtrack init\n"
    "  dxtrack import units data/sample/backan-2023/units.csv\n"
    "  dxtrack import tasks data/sample/backan-2023/tasks.csv\n"
    "  dxtrack summary --year 2023\n";

static void cli_print_help(FILE *f)
{
	size_t width = 0; /* the longest command name aligns the summaries */
	for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
		if (strlen(cli_commands[i].name) > width)
			width = strlen(cli_commands[i].name);
	fputs(cli_help, f);
	for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
		fprintf(f, "  %-*s %s\n", (int)width, cli_commands[i].name,
		        cli_commands[i].summary);
	fputs(cli_help_tail, f);
}

void cli_json(struct buf *out, const json_t *v, size_t flags)
{
	char *text = json_dumps(v, flags);
	if (text)
		buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
}

int cli_exit_of(enum app_status s)
{
	static const int table[] = {
	    [APP_OK] = CLI_OK,
	    [APP_FAILED] = CLI_FAILURE,
	    [APP_BAD_INPUT] = CLI_BAD_INPUT,
	    [APP_NOT_FOUND] = CLI_FAILURE,
	    [APP_FORBIDDEN] = CLI_FAILURE,
	    [APP_CONFLICT] = CLI_FAILURE,
	    [APP_UNAUTHORIZED] = CLI_FAILURE,
	    [APP_THROTTLED] = CLI_FAILURE,
	};
	return (unsigned)s < sizeof table / sizeof table[0] ? table[s] : CLI_FAILURE;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	fputs("dxtrack: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (command)
		fprintf(stderr, "\nTry 'dxtrack %s --help'.\n", command);
	else
		fputs("\nTry 'dxtrack --help'.\n", stderr);
	return CLI_USAGE;
}

int cli_open(const struct cli *cli, struct app *a, const char *actor)
{
	char why[600];
	const char *user = actor;
	if (!user) {
		struct passwd *pw = getpwuid(getuid());
		user = pw ? pw->pw_name : getenv("USER");
	}
	const char *now = getenv("DXTRACK_NOW");
	if (app_open(a, cli->db_url, user, "cli", now && now[0] ? now : NULL, why, sizeof why) !=
	    APP_OK) {
		fprintf(stderr, "dxtrack: %s\n", why);
		return CLI_FAILURE;
	}
	return CLI_OK;
}

int cli_report(struct app *a, enum app_status s, struct diag *d)
{
	if (s == APP_OK)
		return CLI_OK;
	/* the statuses of who may act need no store error to explain them */
	static const char *const plain[] = {
	    [APP_FORBIDDEN] = "not allowed",
	    [APP_CONFLICT] = "changed by someone else meanwhile: reload it",
	    [APP_UNAUTHORIZED] = "sign in first",
	    [APP_THROTTLED] = "too many failed sign-ins: try again later",
	};
	if (diag_total(d) > 0) {
		diag_sort(d);
		diag_print(d, stderr);
	} else if ((unsigned)s < sizeof plain / sizeof plain[0] && plain[s]) {
		fprintf(stderr, "dxtrack: %s\n", plain[s]);
	} else {
		fprintf(stderr, "dxtrack: %s\n", app_error(a));
	}
	if (s == APP_BAD_INPUT)
		fprintf(stderr, "dxtrack: %zu problem%s; nothing was written\n", diag_total(d),
		        diag_total(d) == 1 ? "" : "s");
	return cli_exit_of(s);
}

int cli_read_file(const char *path, size_t limit, struct buf *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	int rc = CLI_FAILURE;
	if (!f) {
		fprintf(stderr, "dxtrack: cannot open %s: %s\n", path, strerror(errno));
		return CLI_FAILURE;
	}
	/* a regular file is read into one allocation of its size */
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size <= limit)
		buf_reserve(out, (size_t)sb.st_size);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (out->len + n > limit || buf_append(out, chunk, n) < 0) {
			fprintf(stderr, "dxtrack: %s: the file is larger than %zu MiB\n", path,
			        limit >> 20);
			rc = CLI_BAD_INPUT;
			goto out;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "dxtrack: cannot read %s: %s\n", path, strerror(errno));
		goto out;
	}
	rc = CLI_OK;
out:
	if (f != stdin)
		fclose(f);
	return rc;
}

int cli_parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = {.db_url = getenv("DXTRACK_DB")};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			cli_print_help(stdout);
			return CLI_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("dxtrack 0.1.0\n");
			return CLI_OK;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			cli.db_url = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			cli.db_url = argv[i] + 5;
		} else {
			return cli_usage_error(NULL, "unknown option %s", argv[i]);
		}
	}
	if (!cli.db_url || !cli.db_url[0])
		cli.db_url = "dxtrack.db";
	if (i == argc) {
		cli_print_help(stderr);
		return CLI_USAGE;
	}
	/* "dxtrack help COMMAND" is "dxtrack COMMAND --help" */
	char *help_argv[3] = {NULL, (char *)"--help", NULL};
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 == argc) {
			cli_print_help(stdout);
			return CLI_OK;
		}
		help_argv[0] = argv[i + 1];
		argv = help_argv;
		argc = 2;
		i = 0;
	}
	for (size_t c = 0; c < sizeof cli_commands / sizeof cli_commands[0]; c++)
		if (strcmp(argv[i], cli_commands[c].name) == 0)
			return cli_commands[c].run(&cli, argc - i, argv + i);
	return cli_usage_error(NULL, "unknown command \"%s\"", argv[i]);
}
