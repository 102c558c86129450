/* cmd_serve.c — `dxtrack serve`: the web dashboard and the JSON API. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../serve/serve.h"
#include "cli.h"

static const char cmd_serve_help[] =
    "Usage: dxtrack [--db PATH] serve [--listen ADDRESS:PORT] [--threads N] [--secure-cookies]\n"
    "\n"
    "Serves the web dashboard (pages in Vietnamese) and the JSON API under /api/v1 until\n"
    "interrupted (Ctrl-C, SIGTERM): requests in flight are answered first.\n"
    "\n"
    "  --listen A:P       address and port (default 127.0.0.1:8080; [::1]:8080 for IPv6,\n"
    "                     0.0.0.0:8080 for every interface, port 0 picks a free one)\n"
    "  --threads N        worker threads, each with its own database connection (default 4)\n"
    "  --secure-cookies   mark cookies Secure: use it when a TLS proxy serves dxtrack\n"
    "\n"
    "Sign in with an account made by `dxtrack user add`. The API is described at\n"
    "/api/v1/openapi.json; machine clients use tokens from `dxtrack token add`.\n"
    "One access-log line per request goes to standard error.\n";

static void cmd_serve_ready(void *ctx, const char *address)
{
	(void)ctx;
	fprintf(stderr, "dxtrack: serving on http://%s/ (Ctrl-C stops)\n", address);
}

/* dxtrack serve [--listen ADDRESS:PORT] [--threads N] [--secure-cookies] */
int cmd_serve(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"secure-cookies", no_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct serve_config c = {
	    .db_url = cli->db_url,
	    .listen = "127.0.0.1:8080",
	    .threads = 4,
	    .now_utc = getenv("DXTRACK_NOW"),
	    .ready = cmd_serve_ready,
	};
	long n;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'l':
			c.listen = optarg;
			break;
		case 't':
			if (cli_parse_int(optarg, 1, 64, &n) < 0)
				return cli_usage_error(
				    "serve", "--threads: expected 1 to 64, got \"%s\"", optarg);
			c.threads = (unsigned)n;
			break;
		case 's':
			c.secure_cookies = true;
			break;
		case 'h':
			fputs(cmd_serve_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("serve", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument \"%s\"", argv[optind]);
	if (c.now_utc && !c.now_utc[0])
		c.now_utc = NULL;
	/* create the database and apply migrations once, before the workers open it */
	struct app a;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	app_close(&a);
	char why[512] = "";
	if (serve_run(&c, why, sizeof why) < 0) {
		fprintf(stderr, "dxtrack: serve: %s\n", why);
		return CLI_FAILURE;
	}
	fprintf(stderr, "dxtrack: stopped\n");
	return CLI_OK;
}
