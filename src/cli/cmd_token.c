/* cmd_token.c — `dxtrack token add|revoke|list`: API tokens for machine clients (provincial
 * platforms, scripts). A token acts as its user, with that user's role. The secret is printed
 * once, alone on standard output, and stored only as a hash; confirmations go to standard error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../io/texttable.h"
#include "cli.h"

static const char cmd_token_help[] =
    "Usage: dxtrack [--db PATH] token add USER [--label TEXT]\n"
    "       dxtrack [--db PATH] token revoke ID\n"
    "       dxtrack [--db PATH] token list [--format table|json]\n"
    "\n"
    "API tokens let a program call the JSON API as USER (with USER's role), sending\n"
    "\"Authorization: Bearer TOKEN\".\n"
    "\n"
    "  add      creates a token for an enabled user and prints it (43 characters) alone on\n"
    "           standard output. It is shown only this once: dxtrack keeps only a hash.\n"
    "  revoke   the token no longer works (revoking is final).\n"
    "  list     every token: id, user, label, created_at, revoked_at (never the secret).\n"
    "\n"
    "Options:\n"
    "  --label TEXT   what the token is for (at most 200 characters)\n"
    "  --format F     list as table (default) or json\n"
    "\n"
    "Messages go to standard error. Exit codes: 0 ok, 1 failure (unknown user or token),\n"
    "2 usage error, 3 bad input (a disabled user, a label too long).\n";

struct cmd_token_list {
	bool json;
	json_t *array;
	struct texttable *table;
	size_t count;
};

static int cmd_token_each(void *ctx, const struct api_token *t)
{
	struct cmd_token_list *l = ctx;
	l->count++;
	if (l->json) {
		json_array_append_new(
		    l->array, json_pack("{s:I,s:s,s:s,s:s,s:s?}", "id", (json_int_t)t->id, "user",
		                        t->user, "label", t->label ? t->label : "", "created_at",
		                        t->created_at, "revoked_at", t->revoked_at));
		return 0;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)t->id);
	const char *row[] = {id, t->user, t->label && t->label[0] ? t->label : "—", t->created_at,
	                     t->revoked_at ? t->revoked_at : "—"};
	texttable_add(l->table, row);
	return 0;
}

static int cmd_token_list(struct app *a, bool json)
{
	static const char *const headers[] = {"ID", "Người dùng", "Nhãn", "Tạo lúc (UTC)",
	                                      "Thu hồi lúc (UTC)"};
	static const bool right[] = {true, false, false, false, false};
	static const size_t max[] = {0, 0, 60, 0, 0};
	struct cmd_token_list l = {.json = json};
	struct diag d;
	struct buf out;
	diag_init(&d);
	buf_init(&out, 0);
	if (json)
		l.array = json_array();
	else
		l.table = texttable_create(5, headers, right, max);
	enum app_status s = app_tokens_each(a, cmd_token_each, &l);
	int rc = cli_report(a, s, &d);
	if (s == APP_OK) {
		if (json) {
			cli_json(&out, l.array, TASK_IO_JSON_FLAGS);
		} else {
			texttable_render(l.table, &out);
			buf_printf(&out, "\n%zu API token%s.\n", l.count, l.count == 1 ? "" : "s");
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	json_decref(l.array);
	texttable_destroy(l.table);
	buf_finish(&out);
	diag_finish(&d);
	return rc;
}

/* dxtrack token add USER [--label TEXT] | revoke ID | list [--format table|json] */
int cmd_token(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"label", required_argument, NULL, 'l'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *label = NULL;
	bool json = false, has_format = false;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'l':
			label = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "table") != 0)
				return cli_usage_error("token", "--format: use table or json");
			json = strcmp(optarg, "json") == 0;
			has_format = true;
			break;
		case 'h':
			fputs(cmd_token_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("token", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("token", "expected: token add USER, token revoke ID or "
		                                "token list");
	const char *verb = argv[optind++];
	bool add = strcmp(verb, "add") == 0, revoke = strcmp(verb, "revoke") == 0;
	bool list = strcmp(verb, "list") == 0;
	if (!add && !revoke && !list)
		return cli_usage_error("token", "unknown action \"%s\": use add, revoke or list",
		                       verb);
	const char *arg = NULL;
	if (!list) {
		if (optind >= argc)
			return cli_usage_error("token", "token %s needs %s", verb,
			                       add ? "a USER" : "an ID");
		arg = argv[optind++];
	}
	if (optind < argc)
		return cli_usage_error("token", "unexpected argument \"%s\"", argv[optind]);
	if (label && !add)
		return cli_usage_error("token", "--label is for token add");
	if (has_format && !list)
		return cli_usage_error("token", "--format is for token list");
	long id = 0;
	if (revoke && cli_parse_int(arg, 1, 0x7fffffffL, &id) < 0)
		return cli_usage_error("token", "\"%s\" is not a token ID (see token list)", arg);

	struct app a;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	if (list) {
		rc = cmd_token_list(&a, json);
		app_close(&a);
		return rc;
	}
	struct diag d;
	diag_init(&d);
	if (add) {
		char token[APP_TOKEN_CHARS + 1];
		int64_t new_id = 0;
		enum app_status s = app_token_add(&a, arg, label, token, &new_id, &d);
		rc = cli_report(&a, s, &d);
		if (s == APP_OK) {
			printf("%s\n", token);
			fprintf(stderr,
			        "dxtrack: API token %lld created for %s; it is shown only now.\n",
			        (long long)new_id, arg);
		}
		explicit_bzero(token, sizeof token);
	} else {
		enum app_status s = app_token_revoke(&a, id, &d);
		rc = cli_report(&a, s, &d);
		if (s == APP_OK)
			fprintf(stderr, "dxtrack: API token %ld revoked.\n", id);
	}
	diag_finish(&d);
	app_close(&a);
	return rc;
}
