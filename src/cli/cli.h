/* cli.h — the command-line interface: `dxtrack [--db PATH] COMMAND ...`.
 *
 * Commands are a static table (cli.c); each command's handler comment starts with its synopsis.
 * Every command calls app_* functions and nothing below them. Exit codes are one table:
 * 0 ok, 1 failure (also: not allowed, not signed in, throttled, a conflicting change),
 * 2 usage error, 3 bad input data.
 */
#ifndef DXTRACK_CLI_H
#define DXTRACK_CLI_H

#include <stddef.h>

#include <jansson.h>

#include "../app/app.h"

enum cli_exit { CLI_OK = 0, CLI_FAILURE = 1, CLI_USAGE = 2, CLI_BAD_INPUT = 3 };

/* What every command receives: the global options. */
struct cli {
	const char *db_url; /* --db, else $DXTRACK_DB, else ./dxtrack.db */
};

int cli_main(int argc, char **argv);

/* Helpers for the commands. */
int cli_exit_of(enum app_status s); /* the one status → exit-code table */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))); /* prints, returns CLI_USAGE */
/* Opens the database for a command; actor NULL means the operating-system user. Prints the reason
 * and returns CLI_FAILURE on failure, else CLI_OK. */
int cli_open(const struct cli *cli, struct app *a, const char *actor);
/* Appends a JSON value (not stolen) dumped with flags, and a newline: every --format json. */
void cli_json(struct buf *out, const json_t *v, size_t flags);
/* Prints a failed app status: the diagnostics (sorted) or the store's error; returns the exit. */
int cli_report(struct app *a, enum app_status s, struct diag *d);
/* Reads a whole file (or "-" for standard input) of at most limit bytes into out. Prints the
 * reason and returns CLI_FAILURE (cannot read) or CLI_BAD_INPUT (too large) on failure. */
int cli_read_file(const char *path, size_t limit, struct buf *out);
/* Parses an option value as a whole number in [min, max]; -1 if it is not one. */
int cli_parse_int(const char *s, long min, long max, long *out);
/* True when argv holds -h or --help before any "--". */
int cli_wants_help(int argc, char **argv);

/* The commands (cmd_*.c). argv[0] is the command name. */
int cmd_init(const struct cli *cli, int argc, char **argv);
int cmd_import(const struct cli *cli, int argc, char **argv);
int cmd_unit(const struct cli *cli, int argc, char **argv);
int cmd_units(const struct cli *cli, int argc, char **argv);
int cmd_export(const struct cli *cli, int argc, char **argv);
int cmd_tasks(const struct cli *cli, int argc, char **argv);
int cmd_task(const struct cli *cli, int argc, char **argv);
int cmd_summary(const struct cli *cli, int argc, char **argv);
int cmd_user(const struct cli *cli, int argc, char **argv);
int cmd_token(const struct cli *cli, int argc, char **argv);
int cmd_audit(const struct cli *cli, int argc, char **argv);
int cmd_serve(const struct cli *cli, int argc, char **argv);
int cmd_indicators(const struct cli *cli, int argc, char **argv);
int cmd_indicator(const struct cli *cli, int argc, char **argv);
int cmd_plan(const struct cli *cli, int argc, char **argv);
int cmd_report(const struct cli *cli, int argc, char **argv);
int cmd_settings(const struct cli *cli, int argc, char **argv);
int cmd_disbursement(const struct cli *cli, int argc, char **argv);
int cmd_allocate(const struct cli *cli, int argc, char **argv);
int cmd_allocations(const struct cli *cli, int argc, char **argv);
int cmd_backup(const struct cli *cli, int argc, char **argv);  /* cmd_backup.c */
int cmd_restore(const struct cli *cli, int argc, char **argv); /* cmd_backup.c */
int cmd_migrate(const struct cli *cli, int argc, char **argv);
/* `task colour` (cmd_disbursement.c; argv[0] is "colour"), and the colour of a task in
 * `task show`: a "Màu:" line, or its JSON (json_null() when it cannot be read). */
int cmd_task_colour(const struct cli *cli, int argc, char **argv);
void cmd_task_colour_line(struct app *a, const struct task *t, struct buf *out);
json_t *cmd_task_colour_json(struct app *a, const struct task *t);

#endif
