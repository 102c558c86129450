/* cmd_init.c — `dxtrack init`: create the database or bring its schema up to date. */
#include <stdio.h>

#include "cli.h"

static const char cmd_init_help[] =
    "Usage: dxtrack [--db PATH] init\n"
    "\n"
    "Creates the database if it does not exist and applies every schema migration it lacks.\n"
    "Every other command does the same on open, so init is only needed to start empty.\n";

/* dxtrack init */
int cmd_init(const struct cli *cli, int argc, char **argv)
{
	struct app a;
	if (cli_wants_help(argc, argv)) {
		fputs(cmd_init_help, stdout);
		return CLI_OK;
	}
	if (argc > 1)
		return cli_usage_error("init", "init takes no arguments");
	if (cli_open(cli, &a, NULL) != CLI_OK)
		return CLI_FAILURE;
	printf("Database %s is ready (schema version %d).\n", cli->db_url, app_schema_version(&a));
	app_close(&a);
	return CLI_OK;
}
