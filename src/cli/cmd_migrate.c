/* cmd_migrate.c — `dxtrack migrate --to URL`: the whole database copied into another one, of
 * either backend (a SQLite file into PostgreSQL, or back), and verified (app/migrate.c). */
#include <getopt.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char cmd_migrate_help[] =
    "Usage: dxtrack [--db PATH] migrate --to URL [--from URL] [--as NAME]\n"
    "\n"
    "Copies the whole database into another one that holds no data yet, of either backend: a\n"
    "SQLite file into PostgreSQL (--to postgresql://USER@HOST/DB), or back (--to sqlite:FILE).\n"
    "Both are first brought up to this dxtrack's schema. Every table is copied in one\n"
    "transaction of the target, referenced rows first; then each side counts its rows and\n"
    "hashes them (SHA-256 of every value, in key order), read back through its own backend,\n"
    "and the copy is kept only when every count and hash match: the target holds all of it,\n"
    "verified, or nothing. The source is only read (a running `dxtrack serve` may go on: the\n"
    "copy is the data as of one moment). Prints each table's rows and SHA-256, and records\n"
    "db.migrate in the target's audit log.\n"
    "\n"
    "Refused, and nothing is written: the target holds data already (a database just created,\n"
    "or just initialised with `dxtrack init`, holds none); either database cannot be opened;\n"
    "either has tables or columns this dxtrack does not know.\n"
    "\n"
    "Options:\n"
    "  --to URL     the target: postgresql://… (a libpq URI), or sqlite:FILE (a file name)\n"
    "  --from URL   the source (default: the database of --db, else $DXTRACK_DB, else\n"
    "               ./dxtrack.db)\n"
    "  --as NAME    who is recorded in the audit log (default: the system user)\n"
    "\n"
    "Keep a password out of the command line: PGPASSWORD or ~/.pgpass give it to libpq.\n"
    "Exit codes: 0 copied and verified, 1 refused, failed or different (nothing kept), 2 usage.\n";

/* Prints the tables of a copy that went as far as comparing them. */
static void cmd_migrate_print(const struct app_migration *m)
{
	const struct store_copy_report *r = &m->report;
	if (r->n == 0 || !r->tables[r->n - 1].sha256_to[0])
		return;
	printf("  %-20s %9s %9s  %s\n", "table", "source", "target", "SHA-256 of the rows");
	for (size_t i = 0; i < r->n; i++) {
		const struct store_copy_table *t = &r->tables[i];
		bool same = t->rows_from == t->rows_to && strcmp(t->sha256_from, t->sha256_to) == 0;
		printf("  %-20s %9" PRId64 " %9" PRId64 "  %s  %s\n", t->name, t->rows_from,
		       t->rows_to, t->sha256_from, same ? "match" : "DIFFERS");
		if (strcmp(t->sha256_from, t->sha256_to) != 0)
			printf("  %-20s %9s %9s  %s  (target)\n", "", "", "", t->sha256_to);
	}
}

/* dxtrack migrate --to URL [--from URL] [--as NAME] */
int cmd_migrate(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"to", required_argument, NULL, 't'},
	    {"from", required_argument, NULL, 'f'},
	    {"as", required_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *to = NULL, *from = cli->db_url, *actor = NULL;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 't':
			to = optarg;
			break;
		case 'f':
			from = optarg;
			break;
		case 'a':
			actor = optarg;
			break;
		case 'h':
			fputs(cmd_migrate_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("migrate", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("migrate", "unexpected argument \"%s\"", argv[optind]);
	if (!to || !to[0])
		return cli_usage_error("migrate", "migrate needs --to URL (the target database)");
	if (!from || !from[0])
		return cli_usage_error("migrate", "--from needs a URL");
	if (!actor) {
		struct passwd *pw = getpwuid(getuid());
		actor = pw ? pw->pw_name : getenv("USER");
	}
	const char *now = getenv("DXTRACK_NOW");
	char why[1200];
	struct app_migration m;
	enum app_status s =
	    app_migrate(from, to, actor, now && now[0] ? now : NULL, &m, why, sizeof why);
	if (s == APP_OK)
		printf("Migrated %s to %s (schema version %d): %zu tables, %" PRId64 " rows\n",
		       m.from, m.to, m.report.schema_version, m.report.n, m.report.rows);
	cmd_migrate_print(&m);
	if (s != APP_OK) {
		fprintf(stderr, "dxtrack: %s\n", why);
		return cli_exit_of(s);
	}
	printf("Every count and SHA-256 match on both sides; db.migrate is in the target's audit "
	       "log.\n");
	return CLI_OK;
}
