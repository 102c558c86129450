/* cmd_settings.c — `dxtrack settings`: the named texts the official documents use (app.h,
 * APP_SETTING_KEYS): list them, print one, set or remove one (administrators; audited as
 * setting.set with the old and new values).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../text/vnfmt.h"
#include "cli.h"

/* The largest file `settings set KEY --file FILE` reads; the application refuses values above
 * 64 KiB with its own message. */
#define CMD_SETTINGS_FILE_MAX ((size_t)1 << 20)

static const char cmd_settings_help[] =
    "Usage: dxtrack [--db PATH] settings [list] [--format text|json]\n"
    "       dxtrack [--db PATH] settings get KEY\n"
    "       dxtrack [--db PATH] settings set KEY VALUE [--as NAME]\n"
    "       dxtrack [--db PATH] settings set KEY --file FILE.txt [--as NAME]\n"
    "\n"
    "The texts the committee's report takes its header, signature and body from. Setting one\n"
    "is for administrators and is recorded in the audit log (setting.set, old and new value);\n"
    "VALUE \"\" removes it, and the built-in default applies again. Values are UTF-8 text of at\n"
    "most 64 KiB; --file reads the value from a file (the template, or the recipients one per\n"
    "line). `settings get` prints the value as it is (exit 1 when it is not set).\n"
    "\n"
    "Keys:\n"
#define X(key, help) "  " #key "\n      " help "\n"
    APP_SETTING_KEYS
#undef X
    "\n"
    "The template is text, one element per line: \"# TEXT\" a heading, \"## TEXT\" a\n"
    "sub-heading, \"- TEXT\" a bullet, other lines paragraphs; {{field}} is replaced by a figure\n"
    "and {{block:NAME}} alone on a line by a generated table (see `dxtrack report --help`).\n"
    "Example: dxtrack settings set signer_name \"Nguyễn Văn A\"\n"
    "         dxtrack settings set template --file mau-bao-cao.txt\n";

static const char *const cmd_settings_keys[] = {
#define X(key, help) #key,
    APP_SETTING_KEYS
#undef X
};

/* 0 when key is one of APP_SETTING_KEYS, else -1 after a usage error. */
static int cmd_settings_key(const char *key)
{
	for (size_t i = 0; i < sizeof cmd_settings_keys / sizeof cmd_settings_keys[0]; i++)
		if (strcmp(cmd_settings_keys[i], key) == 0)
			return 0;
	struct buf keys;
	buf_init(&keys, 0);
	for (size_t i = 0; i < sizeof cmd_settings_keys / sizeof cmd_settings_keys[0]; i++)
		buf_printf(&keys, "%s%s", i ? ", " : "", cmd_settings_keys[i]);
	cli_usage_error("settings", "unknown setting \"%s\": one of %s", key, buf_cstr(&keys));
	buf_finish(&keys);
	return -1;
}

struct cmd_settings_list {
	struct buf *out;
	json_t *array; /* --format json */
};

static int cmd_settings_row(void *ctx, const char *key, const char *value, const char *help)
{
	struct cmd_settings_list *l = ctx;
	if (l->array) {
		json_array_append_new(l->array, json_pack("{s:s,s:s?,s:s}", "key", key, "value",
		                                          value, "help", help));
		return 0;
	}
	struct buf *out = l->out;
	buf_printf(out, "%s# %s\n%s:", out->len ? "\n" : "", help, key);
	if (!value) {
		buf_puts(out, " (chưa đặt: dùng mặc định)\n");
		return 0;
	}
	if (strcmp(key, "template") == 0) {
		size_t lines = 0;
		for (const char *p = value; *p; p++)
			lines += *p == '\n';
		if (value[0] && value[strlen(value) - 1] != '\n')
			lines++;
		buf_putc(out, ' ');
		vnfmt_int(out, (int64_t)lines);
		buf_puts(out, " dòng, ");
		vnfmt_int(out, (int64_t)strlen(value));
		buf_puts(out, " byte (dxtrack settings get template)\n");
		return 0;
	}
	if (!strchr(value, '\n')) {
		buf_printf(out, " %s\n", value);
		return 0;
	}
	buf_putc(out, '\n');
	for (const char *p = value; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		buf_puts(out, "  ");
		buf_append(out, p, len);
		buf_putc(out, '\n');
		p = end ? end + 1 : p + len;
	}
	return 0;
}

static int cmd_settings_write(const struct buf *out, FILE *f)
{
	if (out->len && fwrite(out->data, 1, out->len, f) != out->len) {
		fputs("dxtrack: cannot write the output\n", stderr);
		return CLI_FAILURE;
	}
	return CLI_OK;
}

static int cmd_settings_list(const struct cli *cli, bool json)
{
	struct app a;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	buf_init(&out, 0);
	struct cmd_settings_list l = {.out = &out, .array = json ? json_array() : NULL};
	enum app_status s = app_settings_each(&a, cmd_settings_row, &l);
	rc = cli_report(&a, s, NULL);
	if (s == APP_OK) {
		if (json) {
			json_t *o = json_pack("{s:O}", "settings", l.array);
			cli_json(&out, o, TASK_IO_JSON_FLAGS);
			json_decref(o);
		}
		rc = cmd_settings_write(&out, stdout);
	}
	json_decref(l.array);
	buf_finish(&out);
	app_close(&a);
	return rc;
}

static int cmd_settings_get(const struct cli *cli, const char *key)
{
	struct app a;
	char *value = NULL;
	if (cmd_settings_key(key) < 0)
		return CLI_USAGE;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	enum app_status s = app_setting_get(&a, key, &value);
	rc = cli_report(&a, s, NULL);
	if (s == APP_OK && !value) {
		fprintf(stderr, "dxtrack: %s is not set: the built-in default applies\n", key);
		rc = CLI_FAILURE;
	} else if (s == APP_OK) {
		struct buf out;
		buf_init(&out, 0);
		buf_puts(&out, value);
		if (!out.len || out.data[out.len - 1] != '\n')
			buf_putc(&out, '\n');
		rc = cmd_settings_write(&out, stdout);
		buf_finish(&out);
	}
	free(value);
	app_close(&a);
	return rc;
}

static int cmd_settings_set(const struct cli *cli, const char *key, const char *value,
                            const char *file, const char *actor)
{
	struct app a;
	struct diag d;
	struct buf text;
	char *old = NULL;
	if (cmd_settings_key(key) < 0)
		return CLI_USAGE;
	buf_init(&text, CMD_SETTINGS_FILE_MAX);
	int rc = CLI_OK;
	if (file) {
		rc = cli_read_file(file, CMD_SETTINGS_FILE_MAX, &text);
		if (rc != CLI_OK) {
			buf_finish(&text);
			return rc;
		}
		if (memchr(text.data ? text.data : "", '\0', text.len)) {
			fprintf(stderr, "dxtrack: %s: not a text file (it holds NUL bytes)\n",
			        file);
			buf_finish(&text);
			return CLI_BAD_INPUT;
		}
		value = buf_cstr(&text);
	}
	rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK) {
		buf_finish(&text);
		return rc;
	}
	diag_init(&d);
	enum app_status s = app_setting_get(&a, key, &old);
	if (s == APP_OK)
		s = app_setting_set(&a, key, value, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		char *now = NULL;
		app_setting_get(&a, key, &now);
		if (strcmp(old ? old : "", now ? now : "") == 0)
			printf("%s: unchanged.\n", key);
		else if (!now)
			printf("%s: removed (the built-in default applies).\n", key);
		else
			printf("%s: set (%zu bytes).\n", key, strlen(now));
		free(now);
	}
	free(old);
	diag_finish(&d);
	buf_finish(&text);
	app_close(&a);
	return rc;
}

/* dxtrack settings [list|get KEY|set KEY VALUE|set KEY --file F] [--as NAME] [--format F]
 * Options may come anywhere; after "--" everything is an operand (a VALUE starting with "-"). */
int cmd_settings(const struct cli *cli, int argc, char **argv)
{
	const char *file = NULL, *actor = NULL, *format = NULL;
	const char *ops[3];
	int n_ops = 0;
	bool options = true;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options && strcmp(arg, "--") == 0) {
			options = false;
			continue;
		}
		if (options && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)) {
			fputs(cmd_settings_help, stdout);
			return CLI_OK;
		}
		const char **target = !options                       ? NULL
		                      : strcmp(arg, "--file") == 0   ? &file
		                      : strcmp(arg, "--as") == 0     ? &actor
		                      : strcmp(arg, "--format") == 0 ? &format
		                                                     : NULL;
		if (target) {
			if (i + 1 >= argc)
				return cli_usage_error("settings", "%s needs a value", arg);
			*target = argv[++i];
			continue;
		}
		if (options && strncmp(arg, "--", 2) == 0)
			return cli_usage_error("settings", "unknown option %s", arg);
		if (n_ops == 3)
			return cli_usage_error("settings", "unexpected argument \"%s\"", arg);
		ops[n_ops++] = arg;
	}
	const char *sub = n_ops ? ops[0] : "list";
	if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("settings", "--format: use text or json");
	if (strcmp(sub, "list") == 0) {
		if (n_ops > 1 || file || actor)
			return cli_usage_error("settings",
			                       "expected: settings list [--format text|json]");
		return cmd_settings_list(cli, format && strcmp(format, "json") == 0);
	}
	if (format)
		return cli_usage_error("settings", "--format goes with settings list");
	if (strcmp(sub, "get") == 0) {
		if (n_ops != 2 || file || actor)
			return cli_usage_error("settings", "expected: settings get KEY");
		return cmd_settings_get(cli, ops[1]);
	}
	if (strcmp(sub, "set") == 0) {
		if (n_ops == 3 && file)
			return cli_usage_error("settings", "give VALUE or --file FILE, not both");
		if (n_ops != 3 && !(n_ops == 2 && file))
			return cli_usage_error(
			    "settings", "expected: settings set KEY VALUE, or settings set KEY "
			                "--file FILE");
		return cmd_settings_set(cli, ops[1], n_ops == 3 ? ops[2] : NULL, file, actor);
	}
	return cli_usage_error("settings", "unknown subcommand \"%s\": list, get or set", sub);
}
