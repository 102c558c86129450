/* cmd_backup.c — `dxtrack backup FILE` and `dxtrack restore FILE`: an online, checked copy of
 * the whole database, and putting one back in its place (app/backup.c). */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char cmd_backup_help[] =
    "Usage: dxtrack [--db PATH] backup FILE [--force] [--as NAME]\n"
    "\n"
    "Writes a copy of the whole database to FILE while it is in use: a running `dxtrack serve`\n"
    "goes on serving reads and writes, and the copy is the database exactly as it stood when\n"
    "the backup began. FILE is one self-contained SQLite file, written as FILE.tmp, checked\n"
    "(integrity check, schema version), flushed to the disk and only then renamed: FILE is\n"
    "either a complete, checked backup or absent. Prints its size, SHA-256 and counts, and\n"
    "records db.backup in the audit log. For administrators (the command line is one).\n"
    "On PostgreSQL (--db postgresql://…) FILE is an archive of pg_dump (custom format, the\n"
    "newest pg_dump installed) of one snapshot, checked with pg_restore instead.\n"
    "\n"
    "Options:\n"
    "  --force     replace FILE if it exists (else refused: nothing is written)\n"
    "  --as NAME   who is recorded in the audit log (default: the system user)\n"
    "\n"
    "Put it back with `dxtrack restore FILE`. Exit codes: 0 ok, 1 refused or failed, 2 usage.\n";

static const char cmd_restore_help[] =
    "Usage: dxtrack [--db PATH] restore FILE [--force] [--as NAME]\n"
    "\n"
    "Replaces the database by the backup FILE (from `dxtrack backup`). FILE is checked first\n"
    "and only read: it must be a sound dxtrack database (integrity check), not newer than this\n"
    "dxtrack; an older one is brought up to date as every open does. The database is replaced\n"
    "atomically (a copy is written beside it, flushed, and renamed over it), and db.restore\n"
    "(the file, its SHA-256 and size) is appended to the restored database's audit log.\n"
    "On PostgreSQL FILE is an archive of `dxtrack backup`: everything in the database's schema\n"
    "is replaced by it in one transaction, with the audit row (ownership and grants are not\n"
    "restored: the restoring role owns it all); a database holding other programs' tables is\n"
    "refused, and so is one to which any other session is connected.\n"
    "\n"
    "Refused, and nothing is changed: FILE is not a database, is damaged or truncated, or is\n"
    "newer; a database exists and --force is not given; the database is in use (stop\n"
    "`dxtrack serve` first, and run nothing else meanwhile).\n"
    "\n"
    "Options:\n"
    "  --force     replace the existing database (what it holds now is lost: back it up first)\n"
    "  --as NAME   who is recorded in the audit log (default: the system user)\n"
    "\n"
    "Exit codes: 0 ok, 1 refused or failed, 2 usage error.\n";

/* The options both commands take: FILE [--force] [--as NAME]. 0, or an exit code to return. */
static int cmd_backup_args(const char *command, const char *help, int argc, char **argv,
                           const char **file, bool *force, const char **actor, bool *done)
{
	static const struct option options[] = {
	    {"force", no_argument, NULL, 'f'},
	    {"as", required_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	*file = NULL;
	*force = false;
	*actor = NULL;
	*done = false;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			*force = true;
			break;
		case 'a':
			*actor = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			*done = true;
			return CLI_OK;
		default:
			return cli_usage_error(command, "bad option");
		}
	}
	if (optind >= argc || !argv[optind][0])
		return cli_usage_error(command, "%s needs a FILE", command);
	*file = argv[optind++];
	if (optind < argc)
		return cli_usage_error(command, "unexpected argument \"%s\"", argv[optind]);
	return CLI_OK;
}

/* dxtrack backup FILE [--force] [--as NAME] */
int cmd_backup(const struct cli *cli, int argc, char **argv)
{
	const char *file, *actor;
	bool force, done;
	int rc =
	    cmd_backup_args("backup", cmd_backup_help, argc, argv, &file, &force, &actor, &done);
	if (rc != CLI_OK || done)
		return rc;
	struct app a;
	if ((rc = cli_open(cli, &a, actor)) != CLI_OK)
		return rc;
	struct diag d;
	diag_init(&d);
	struct app_db_copy c;
	enum app_status s = app_backup(&a, file, force, &c, &d);
	if (s == APP_OK) {
		printf("Backup written: %s (%lld bytes, schema version %d, integrity ok)\n", file,
		       (long long)c.info.bytes, c.info.schema_version);
		printf("  %lld tasks, %lld units, %lld audit rows\n", (long long)c.info.tasks,
		       (long long)c.info.units, (long long)c.info.audit);
		printf("  SHA-256 %s\n", c.sha256);
	} else if (c.written) {
		fprintf(stderr,
		        "dxtrack: the backup %s is complete, but not recorded in the audit "
		        "log:\n",
		        file);
	}
	rc = cli_report(&a, s, &d);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* dxtrack restore FILE [--force] [--as NAME] */
int cmd_restore(const struct cli *cli, int argc, char **argv)
{
	const char *file, *actor;
	bool force, done;
	int rc =
	    cmd_backup_args("restore", cmd_restore_help, argc, argv, &file, &force, &actor, &done);
	if (rc != CLI_OK || done)
		return rc;
	if (!actor) {
		struct passwd *pw = getpwuid(getuid());
		actor = pw ? pw->pw_name : getenv("USER");
	}
	const char *now = getenv("DXTRACK_NOW");
	char why[1200];
	struct app_db_copy c;
	if (app_restore(cli->db_url, file, force, actor, now && now[0] ? now : NULL, &c, why,
	                sizeof why) != APP_OK) {
		fprintf(stderr, "dxtrack: %s\n", why);
		return CLI_FAILURE;
	}
	printf("Restored %s from %s (SHA-256 %s)\n", c.database, file, c.sha256);
	if (c.found_version != c.info.schema_version)
		printf("  schema version %d, brought up to %d; integrity ok\n", c.found_version,
		       c.info.schema_version);
	else
		printf("  schema version %d, integrity ok\n", c.info.schema_version);
	printf("  %lld tasks, %lld units, %lld audit rows\n", (long long)c.info.tasks,
	       (long long)c.info.units, (long long)c.info.audit);
	return CLI_OK;
}
