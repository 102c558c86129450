/* cmd_user.c — `dxtrack user add|list|set|passwd|disable|enable`: the accounts of the web
 * dashboard and the API. The CLI acts as the system (an administrator): whoever can run it can
 * open the database file anyway.
 *
 * A password is never an argument (it would show in `ps` and the shell's history): it is read
 * from one line of standard input, or generated and printed once on standard output, alone, so
 * that a script can capture it. Confirmations go to standard error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/csv.h"
#include "../io/task_io.h"
#include "../io/texttable.h"
#include "cli.h"

#define CMD_USER_LINE_MAX 4096 /* bytes of the password line read from standard input */

static const char cmd_user_help[] =
    "Usage: dxtrack [--db PATH] user add NAME --role ROLE [--unit CODE]\n"
    "                                (--password-stdin | --generate-password)\n"
    "       dxtrack [--db PATH] user list [--format table|csv|json]\n"
    "       dxtrack [--db PATH] user set NAME [--role ROLE] [--unit CODE | --no-unit]\n"
    "       dxtrack [--db PATH] user passwd NAME (--password-stdin | --generate-password)\n"
    "       dxtrack [--db PATH] user disable|enable NAME\n"
    "\n"
    "The accounts of the web dashboard and the JSON API. The command line itself acts as an\n"
    "administrator.\n"
    "\n"
    "  add       creates an account. NAME is 2 to 64 lower-case letters, digits, '.', '_' or\n"
    "            '-', starting with a letter.\n"
    "  list      every account by name: name, role, unit, disabled, created_at.\n"
    "  set       changes the role or the unit (an editor must keep a unit).\n"
    "  passwd    sets a new password; the user's sessions end.\n"
    "  disable   the user can no longer sign in: its sessions end and its API tokens are\n"
    "            revoked. The last enabled administrator cannot be disabled or demoted.\n"
    "  enable    allows the user to sign in again (API tokens stay revoked).\n"
    "\n"
    "Options:\n"
    "  --role ROLE           admin (everything), viewer (reads everything), editor (updates\n"
    "                        the tasks of its unit and the units below it), finance (reads\n"
    "                        everything, updates disbursement)\n"
    "  --unit CODE           the user's org unit (required for an editor)\n"
    "  --no-unit             removes the unit\n"
    "  --password-stdin      reads the password from one line of standard input\n"
    "                        (10 to 256 bytes; the line end is not part of it)\n"
    "  --generate-password   generates a password of 20 letters and digits and prints it,\n"
    "                        alone, on standard output: it is shown only this once\n"
    "  --format F            list as table (default), csv or json\n"
    "\n"
    "Messages go to standard error. Exit codes: 0 ok, 1 failure (unknown user), 2 usage\n"
    "error, 3 bad input (an invalid name, role, unit or password; nothing was changed).\n";

enum cmd_user_format { USER_TABLE, USER_CSV, USER_JSON };

/* Reads one line of standard input into pw, without its "\n" or "\r\n". CLI_OK, or the exit
 * status after printing why. */
static int cmd_user_read_password(struct buf *pw)
{
	int c;
	while ((c = getchar()) != EOF && c != '\n') {
		if (buf_putc(pw, (char)c) < 0) {
			fprintf(stderr, "dxtrack: the password line is longer than %d bytes\n",
			        CMD_USER_LINE_MAX);
			return CLI_BAD_INPUT;
		}
	}
	if (pw->len && pw->data[pw->len - 1] == '\r')
		pw->data[--pw->len] = '\0';
	if (strlen(buf_cstr(pw)) != pw->len) {
		fprintf(stderr, "dxtrack: the password holds a NUL byte\n");
		return CLI_BAD_INPUT;
	}
	return CLI_OK;
}

/* Erases a buffer that held a password, then frees it. */
static void cmd_user_forget(struct buf *pw)
{
	if (pw->data)
		explicit_bzero(pw->data, pw->cap);
	buf_finish(pw);
}

struct cmd_user_list {
	enum cmd_user_format format;
	struct buf out;
	json_t *array;
	struct texttable *table;
	size_t count;
};

static int cmd_user_each(void *ctx, const struct user *u)
{
	struct cmd_user_list *l = ctx;
	const char *unit = u->unit ? u->unit : "";
	l->count++;
	switch (l->format) {
	case USER_CSV: {
		const char *fields[] = {u->name, user_role_code(u->role), unit,
		                        u->disabled ? "1" : "0",
		                        u->created_at ? u->created_at : ""};
		for (size_t i = 0; i < 5; i++) {
			if (i)
				buf_putc(&l->out, ',');
			csv_write_field(&l->out, fields[i], strlen(fields[i]), true);
		}
		buf_putc(&l->out, '\n');
		break;
	}
	case USER_JSON:
		json_array_append_new(l->array, json_pack("{s:s,s:s,s:s?,s:b,s:s?}", "name",
		                                          u->name, "role", user_role_code(u->role),
		                                          "unit", u->unit, "disabled", u->disabled,
		                                          "created_at", u->created_at));
		break;
	case USER_TABLE: {
		const char *row[] = {u->name, user_role_code(u->role), u->unit ? u->unit : "—",
		                     u->disabled ? "đã khóa" : "hoạt động", u->created_at};
		texttable_add(l->table, row);
		break;
	}
	}
	return 0;
}

static int cmd_user_list(struct app *a, enum cmd_user_format format)
{
	static const char *const headers[] = {"Tên đăng nhập", "Vai trò", "Đơn vị", "Trạng thái",
	                                      "Tạo lúc (UTC)"};
	struct cmd_user_list l = {.format = format};
	struct diag d;
	diag_init(&d);
	buf_init(&l.out, 0);
	if (format == USER_CSV)
		buf_puts(&l.out, "name,role,unit,disabled,created_at\n");
	else if (format == USER_JSON)
		l.array = json_array();
	else
		l.table = texttable_create(5, headers, NULL, NULL);
	enum app_status s = app_users_each(a, cmd_user_each, &l);
	int rc = cli_report(a, s, &d);
	if (s == APP_OK) {
		if (format == USER_JSON) {
			cli_json(&l.out, l.array, TASK_IO_JSON_FLAGS);
		} else if (format == USER_TABLE) {
			texttable_render(l.table, &l.out);
			buf_printf(&l.out, "\n%zu tài khoản.\n", l.count);
		}
		fwrite(l.out.data, 1, l.out.len, stdout);
	}
	json_decref(l.array);
	texttable_destroy(l.table);
	buf_finish(&l.out);
	diag_finish(&d);
	return rc;
}

/* dxtrack user add|list|set|passwd|disable|enable [NAME] [OPTIONS] */
int cmd_user(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"unit", required_argument, NULL, 'u'},
	    {"no-unit", no_argument, NULL, 'U'},
	    {"password-stdin", no_argument, NULL, 'P'},
	    {"generate-password", no_argument, NULL, 'g'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum user_role role = ROLE_VIEWER;
	bool has_role = false, no_unit = false, pw_stdin = false, pw_generate = false;
	bool has_format = false;
	const char *unit = NULL;
	enum cmd_user_format format = USER_TABLE;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			if (user_role_parse(optarg, &role) < 0)
				return cli_usage_error("user",
				                       "--role: unknown role \"%s\": use admin, "
				                       "viewer, editor or finance",
				                       optarg);
			has_role = true;
			break;
		case 'u':
			unit = optarg;
			break;
		case 'U':
			no_unit = true;
			break;
		case 'P':
			pw_stdin = true;
			break;
		case 'g':
			pw_generate = true;
			break;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				format = USER_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				format = USER_CSV;
			else if (strcmp(optarg, "json") == 0)
				format = USER_JSON;
			else
				return cli_usage_error("user", "--format: use table, csv or json");
			has_format = true;
			break;
		case 'h':
			fputs(cmd_user_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("user", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("user",
		                       "expected: user add|list|set|passwd|disable|enable [NAME]");
	const char *verb = argv[optind++];
	bool add = strcmp(verb, "add") == 0, list = strcmp(verb, "list") == 0;
	bool set = strcmp(verb, "set") == 0, passwd = strcmp(verb, "passwd") == 0;
	bool disable = strcmp(verb, "disable") == 0, enable = strcmp(verb, "enable") == 0;
	if (!add && !list && !set && !passwd && !disable && !enable)
		return cli_usage_error("user",
		                       "unknown action \"%s\": use add, list, set, passwd, disable "
		                       "or enable",
		                       verb);
	const char *name = NULL;
	if (!list) {
		if (optind >= argc)
			return cli_usage_error("user", "user %s needs a user NAME", verb);
		name = argv[optind++];
	}
	if (optind < argc)
		return cli_usage_error("user", "unexpected argument \"%s\"", argv[optind]);
	bool wants_password = add || passwd;
	if (has_format && !list)
		return cli_usage_error("user", "--format is for user list");
	if ((has_role || unit || no_unit) && !add && !set)
		return cli_usage_error("user",
		                       "--role, --unit and --no-unit are for user add and set");
	if ((pw_stdin || pw_generate) && !wants_password)
		return cli_usage_error("user", "--password-stdin and --generate-password are for "
		                               "user add and passwd");
	if (wants_password && pw_stdin == pw_generate)
		return cli_usage_error("user",
		                       "user %s needs one of --password-stdin or "
		                       "--generate-password",
		                       verb);
	if (unit && no_unit)
		return cli_usage_error("user", "--unit and --no-unit exclude each other");
	if (add && !has_role)
		return cli_usage_error("user", "user add needs --role");
	if (add && no_unit)
		return cli_usage_error("user", "--no-unit is for user set");
	if (set && !has_role && !unit && !no_unit)
		return cli_usage_error("user", "user set needs --role, --unit or --no-unit");

	struct buf pw;
	char generated[APP_PASSWORD_CHARS + 1] = "";
	int rc = CLI_OK;
	buf_init(&pw, CMD_USER_LINE_MAX);
	buf_reserve(&pw, CMD_USER_LINE_MAX); /* one allocation, so no copy is left behind */
	buf_reset(&pw);
	if (pw_stdin)
		rc = cmd_user_read_password(&pw);
	if (pw_generate) {
		app_password_generate(generated);
		buf_puts(&pw, generated);
	}
	if (rc != CLI_OK) {
		cmd_user_forget(&pw);
		return rc;
	}

	struct app a;
	rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK) {
		cmd_user_forget(&pw);
		return rc;
	}
	struct diag d;
	diag_init(&d);
	enum app_status s = APP_OK;
	if (list) {
		rc = cmd_user_list(&a, format);
		goto out;
	}
	if (add) {
		s = app_user_add(&a, name, role, unit, buf_cstr(&pw), &d);
	} else {
		struct user_change c = {.has_role = has_role, .role = role};
		c.unit = no_unit ? "" : unit;
		c.has_disabled = disable || enable;
		c.disabled = disable;
		c.password = passwd ? buf_cstr(&pw) : NULL;
		s = app_user_change(&a, name, &c, NULL, &d);
	}
	rc = cli_report(&a, s, &d);
	if (s != APP_OK)
		goto out;
	if (pw_generate)
		printf("%s\n", generated);
	if (add)
		fprintf(stderr, "dxtrack: user %s added (%s%s%s).\n", name, user_role_code(role),
		        unit ? ", unit " : "", unit ? unit : "");
	else if (passwd)
		fprintf(stderr, "dxtrack: the password of %s is changed; its sessions are ended.\n",
		        name);
	else if (disable)
		fprintf(stderr,
		        "dxtrack: user %s is disabled; its sessions are ended and its API tokens "
		        "revoked.\n",
		        name);
	else if (enable)
		fprintf(stderr, "dxtrack: user %s is enabled.\n", name);
	else
		fprintf(stderr, "dxtrack: user %s is changed.\n", name);
out:
	explicit_bzero(generated, sizeof generated);
	cmd_user_forget(&pw);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
