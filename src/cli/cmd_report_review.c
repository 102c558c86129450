/* cmd_report_review.c — the review of the committee's report on the command line (app.h, "the
 * review"): `dxtrack report draft|revise|submit|list|show|comment|answer|get`. A version is frozen
 * when made (its snapshot and SHA-256 are stored), so `report get` writes the same bytes of it
 * whenever it is asked. cmd_report.c's `report` command calls cmd_report_review first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/reports.h"
#include "../io/task_io.h"
#include "../io/texttable.h"
#include "../text/vnfmt.h"
#include "cmd_report.h"

/* The largest template file --template reads (the application checks the template itself). */
#define CMD_REVIEW_TEMPLATE_MAX ((size_t)1 << 20)

static const char cmd_review_help[] =
    "Usage: dxtrack [--db PATH] report draft --year Y [--as-of DATE] [--date DATE] [--number N]\n"
    "                           [--template FILE.txt] [--as NAME]\n"
    "       dxtrack [--db PATH] report revise ID [--as-of DATE] [--date DATE] [--number N]\n"
    "                           [--template FILE.txt] [--as NAME]\n"
    "       dxtrack [--db PATH] report submit ID [--as NAME]\n"
    "       dxtrack [--db PATH] report list [--format text|json]\n"
    "       dxtrack [--db PATH] report show ID [--version N] [--format text|json]\n"
    "       dxtrack [--db PATH] report comment ID --version N --section S --text T [--as NAME]\n"
    "       dxtrack [--db PATH] report answer COMMENT_ID --accept|--explain|--reject --text T\n"
    "                           [--as NAME]\n"
    "       dxtrack [--db PATH] report get ID [--version N] --format docx|pdf|xlsx -o FILE\n"
    "\n"
    "The review of the committee's report of a year: draft → comments → revised → submitted.\n"
    "Each version is frozen when made — its data (the document, the appendix and the figures) is\n"
    "kept with its SHA-256 — so `report get` writes the same bytes of it whatever the data does\n"
    "later. Committee members comment on the latest version, section by section (the numbers of\n"
    "its headings: I, I.1, …; 0 for the part before the first heading; appendix); the drafting\n"
    "unit answers each comment and issues the next version, then submits the latest. Drafting,\n"
    "answering, revising and submitting are for administrators; each step is in the audit log\n"
    "(report.draft, report.comment, report.answer, report.revise, report.submit).\n"
    "\n"
    "  draft    makes version 1 of year Y's report from the data as it is now (one report a\n"
    "           year); prints its id\n"
    "  revise   makes the next version from the data as it is now: refused while a comment on\n"
    "           the latest version is open, and once the report is submitted; the number\n"
    "           and date of the version before are kept unless --number / --date are given\n"
    "  submit   submits the latest version (refused while a comment on it is open): nothing\n"
    "           more may be added\n"
    "  list     every report and version: year, version, status, date, author, SHA-256\n"
    "  show     a report's versions and comments with their answers (--version N: that\n"
    "           version's only). JSON: {\"id\",\"year\",\"version\",\"status\",\"versions\":[…],\n"
    "           \"comments\":[…]}, as GET /api/v1/reports/{id}\n"
    "  comment  a comment on a section of the latest version\n"
    "  answer   the answer to a comment, once: --accept (tiếp thu), --explain (giải trình) or\n"
    "           --reject (không tiếp thu), with --text\n"
    "  get      writes a version (default: the latest) as DOCX, PDF or the XLSX appendix\n"
    "           (\"-o -\": standard output)\n"
    "\n"
    "Options of draft and revise: --as-of DATE (the day the figures are judged on; default\n"
    "31/12/Y, or today), --date DATE (the document's date; default --as-of), --number N\n"
    "(\"Số: N/BC-BCĐ\"; blank when not given), --template FILE.txt (instead of the template\n"
    "setting). --as NAME names the author in the record (default: the OS user).\n";

/* Everything a subcommand may be given. */
struct cmd_review {
	const char *command; /* "report draft", for messages */
	const char *actor;   /* --as */
	long year;           /* --year */
	long version;        /* --version; 0: not given */
	const char *format;  /* --format */
	const char *output;  /* -o */
	const char *section, *text, *template_path;
	struct app_report_options o;
	bool has_answer;
	enum report_answer answer;
	const char *operand; /* the one operand: ID or COMMENT_ID */
	int64_t id;
};

/* Writes out to standard output. */
static int cmd_review_print(const struct buf *out)
{
	if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len) {
		fputs("dxtrack: cannot write the output\n", stderr);
		return CLI_FAILURE;
	}
	return CLI_OK;
}

/* Parses the options and the operand of argv (argv[0] is the subcommand) into r; allowed lists
 * the options the subcommand takes ("year,as-of,…"). 0, or -1 after a usage error. */
static int cmd_review_parse(struct cmd_review *r, int argc, char **argv, const char *allowed,
                            bool wants_operand)
{
	static const char *const valued[] = {"year", "as-of",  "date",     "number",
	                                     "as",   "format", "version",  "section",
	                                     "text", "output", "template", NULL};
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		char name[32] = "";
		const char *value = NULL;
		if (strcmp(arg, "-o") == 0) {
			snprintf(name, sizeof name, "output");
		} else if (strncmp(arg, "--", 2) == 0 && arg[2]) {
			const char *eq = strchr(arg + 2, '=');
			size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
			if (len >= sizeof name) {
				cli_usage_error(r->command, "unknown option %s", arg);
				return -1;
			}
			memcpy(name, arg + 2, len);
			name[len] = '\0';
			value = eq ? eq + 1 : NULL;
		} else if (arg[0] == '-' && arg[1]) {
			cli_usage_error(r->command, "unknown option %s", arg);
			return -1;
		} else {
			if (!wants_operand || r->operand) {
				cli_usage_error(r->command, "unexpected argument \"%s\"", arg);
				return -1;
			}
			r->operand = arg;
			continue;
		}
		/* is it one of this subcommand's? */
		const char *p = strstr(allowed, name);
		size_t nl = strlen(name);
		while (p && ((p != allowed && p[-1] != ',') || (p[nl] && p[nl] != ',')))
			p = strstr(p + 1, name);
		if (!p) {
			cli_usage_error(r->command, "%s does not take --%s", r->command, name);
			return -1;
		}
		bool takes_value = false;
		for (size_t k = 0; valued[k]; k++)
			takes_value |= strcmp(valued[k], name) == 0;
		if (takes_value && !value) {
			if (i + 1 >= argc) {
				cli_usage_error(r->command, "--%s needs a value", name);
				return -1;
			}
			value = argv[++i];
		} else if (!takes_value && value) {
			cli_usage_error(r->command, "--%s takes no value", name);
			return -1;
		}
		const char *why;
		if (strcmp(name, "year") == 0) {
			if (cli_parse_int(value, TASK_YEAR_MIN, TASK_YEAR_MAX, &r->year) < 0) {
				cli_usage_error(r->command, "--year: expected %d to %d, got \"%s\"",
				                TASK_YEAR_MIN, TASK_YEAR_MAX, value);
				return -1;
			}
		} else if (strcmp(name, "as-of") == 0 || strcmp(name, "date") == 0) {
			struct date *dt = name[0] == 'a' ? &r->o.as_of : &r->o.date;
			if (date_parse(value, strlen(value), dt, &why) < 0) {
				cli_usage_error(r->command, "--%s: %s, got \"%s\"", name, why,
				                value);
				return -1;
			}
		} else if (strcmp(name, "number") == 0) {
			r->o.number = value;
		} else if (strcmp(name, "as") == 0) {
			r->actor = value;
		} else if (strcmp(name, "format") == 0) {
			r->format = value;
		} else if (strcmp(name, "version") == 0) {
			if (cli_parse_int(value, 1, 1000000, &r->version) < 0) {
				cli_usage_error(r->command,
				                "--version: a whole number from 1, got \"%s\"",
				                value);
				return -1;
			}
		} else if (strcmp(name, "section") == 0) {
			r->section = value;
		} else if (strcmp(name, "text") == 0) {
			r->text = value;
		} else if (strcmp(name, "output") == 0) {
			r->output = value;
		} else if (strcmp(name, "template") == 0) {
			r->template_path = value;
		} else {
			enum report_answer a = strcmp(name, "accept") == 0    ? REPORT_ACCEPTED
			                       : strcmp(name, "explain") == 0 ? REPORT_EXPLAINED
			                                                      : REPORT_REJECTED;
			if (r->has_answer && r->answer != a) {
				cli_usage_error(r->command,
				                "give one of --accept, --explain and --reject");
				return -1;
			}
			r->has_answer = true;
			r->answer = a;
		}
	}
	if (wants_operand) {
		long long id;
		char *end;
		if (!r->operand) {
			cli_usage_error(r->command, "expected: %s ID", r->command);
			return -1;
		}
		errno = 0;
		id = strtoll(r->operand, &end, 10);
		if (errno || end == r->operand || *end || id < 1) {
			cli_usage_error(r->command, "\"%s\" is not an id (a whole number from 1)",
			                r->operand);
			return -1;
		}
		r->id = id;
	}
	return 0;
}

/* "report 2023 (id 1): version 2, revised, sha256 …" — the latest version as it now is. */
struct cmd_review_latest {
	struct buf *out;
	struct report_version v;
	char created_at[32], submitted_at[32];
	bool found;
};

static int cmd_review_latest_row(void *ctx, const struct report_version *v)
{
	struct cmd_review_latest *l = ctx;
	l->v = *v;
	snprintf(l->created_at, sizeof l->created_at, "%s", v->created_at ? v->created_at : "");
	snprintf(l->submitted_at, sizeof l->submitted_at, "%s",
	         v->submitted_at ? v->submitted_at : "");
	l->found = true;
	return 0;
}

static void cmd_review_latest_line(struct app *a, int64_t id, struct buf *out)
{
	struct cmd_review_latest l = {.out = out};
	if (app_report_versions(a, id, cmd_review_latest_row, &l) != APP_OK || !l.found)
		return;
	buf_printf(out, "report %d (id %lld): version %d, %s", l.v.year, (long long)id, l.v.version,
	           app_report_status_name(l.v.status));
	if (l.v.status == REPORT_SUBMITTED)
		buf_printf(out, " at %s", l.submitted_at);
	buf_printf(out, ", sha256 %s\n", l.v.sha256);
}

/* draft, revise and submit: the write, then the latest version's line. */
static int cmd_review_write(const struct cli *cli, struct cmd_review *r, const char *sub)
{
	struct app a;
	struct diag d;
	struct buf tpl, out;
	buf_init(&tpl, CMD_REVIEW_TEMPLATE_MAX);
	buf_init(&out, 0);
	int rc = CLI_OK;
	if (r->template_path) {
		rc = cli_read_file(r->template_path, CMD_REVIEW_TEMPLATE_MAX, &tpl);
		r->o.template_label = r->template_path;
		r->o.template_text = buf_cstr(&tpl);
	}
	if (rc == CLI_OK)
		rc = cli_open(cli, &a, r->actor);
	if (rc != CLI_OK) {
		buf_finish(&tpl);
		buf_finish(&out);
		return rc;
	}
	diag_init(&d);
	enum app_status s;
	int64_t id = r->id;
	if (strcmp(sub, "draft") == 0)
		s = app_report_draft(&a, (int)r->year, &r->o, &id, &d);
	else if (strcmp(sub, "revise") == 0)
		s = app_report_revise(&a, id, &r->o, &d);
	else
		s = app_report_submit(&a, id, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		cmd_review_latest_line(&a, id, &out);
		rc = cmd_review_print(&out);
	}
	diag_finish(&d);
	buf_finish(&tpl);
	buf_finish(&out);
	app_close(&a);
	return rc;
}

/* ---- list and show ---- */

static void cmd_review_when(struct buf *out, const char *utc)
{
	/* "2023-12-14T08:00:00Z" → "14/12/2023 08:00" */
	if (utc && strlen(utc) >= 16 && utc[4] == '-' && utc[10] == 'T')
		buf_printf(out, "%.2s/%.2s/%.4s %.5s", utc + 8, utc + 5, utc, utc + 11);
	else
		buf_puts(out, utc ? utc : "");
}

struct cmd_review_table {
	struct texttable *t;
	int only; /* a version to show (0: all) */
	size_t n;
};

static int cmd_review_version_row(void *ctx, const struct report_version *v)
{
	struct cmd_review_table *tt = ctx;
	char id[24], year[8], version[16], sha[16];
	if (tt->only && v->version != tt->only)
		return 0;
	struct buf when, sub;
	buf_init(&when, 0);
	buf_init(&sub, 0);
	snprintf(id, sizeof id, "%lld", (long long)v->report_id);
	snprintf(year, sizeof year, "%d", v->year);
	snprintf(version, sizeof version, "%d", v->version);
	snprintf(sha, sizeof sha, "%.12s", v->sha256);
	cmd_review_when(&when, v->created_at);
	if (v->submitted_at)
		cmd_review_when(&sub, v->submitted_at);
	const char *row[] = {id,
	                     year,
	                     version,
	                     app_report_status_label_vi(v->status),
	                     buf_cstr(&when),
	                     v->author,
	                     buf_cstr(&sub),
	                     sha};
	texttable_add(tt->t, row);
	tt->n++;
	buf_finish(&when);
	buf_finish(&sub);
	return 0;
}

static struct texttable *cmd_review_versions_table(void)
{
	static const char *const head[] = {
	    "ID",     "NĂM", "BẢN", "TRẠNG THÁI", "LẬP LÚC (UTC)", "NGƯỜI LẬP", "TRÌNH LÚC (UTC)",
	    "SHA-256"};
	static const bool right[] = {true, false, true, false, false, false, false, false};
	return texttable_create(8, head, right, NULL);
}

static int cmd_review_list(const struct cli *cli, bool json)
{
	struct app a;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	buf_init(&out, 0);
	enum app_status s;
	if (json) {
		json_t *j = NULL;
		s = app_reports_json(&a, &j);
		if (s == APP_OK)
			cli_json(&out, j, TASK_IO_JSON_FLAGS);
		json_decref(j);
	} else {
		struct cmd_review_table tt = {.t = cmd_review_versions_table()};
		s = app_report_versions(&a, 0, cmd_review_version_row, &tt);
		if (s == APP_OK && tt.n == 0)
			buf_puts(&out, "Chưa có báo cáo nào: dxtrack report draft --year Y\n");
		else if (s == APP_OK)
			texttable_render(tt.t, &out);
		texttable_destroy(tt.t);
	}
	rc = cli_report(&a, s, NULL);
	if (s == APP_OK)
		rc = cmd_review_print(&out);
	buf_finish(&out);
	app_close(&a);
	return rc;
}

/* The comments of show, in text. */
struct cmd_review_comments {
	struct buf *out;
	int only;
	size_t n;
};

static void cmd_review_indented(struct buf *out, const char *text, const char *indent)
{
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		buf_puts(out, indent);
		buf_append(out, p, len);
		buf_putc(out, '\n');
		p = end ? end + 1 : p + len;
	}
}

static int cmd_review_comment_row(void *ctx, const struct report_comment *c)
{
	struct cmd_review_comments *l = ctx;
	if (l->only && c->version != l->only)
		return 0;
	struct buf *out = l->out;
	if (l->n++ == 0)
		buf_puts(out, "\nÝ kiến góp ý:\n");
	buf_printf(out, "#%lld  bản %d, mục %s — %s, ", (long long)c->id, c->version, c->section,
	           c->author);
	cmd_review_when(out, c->created_at);
	buf_puts(out, "\n");
	cmd_review_indented(out, c->text, "    ");
	if (c->answer == REPORT_OPEN) {
		buf_puts(out, "    → chưa trả lời\n");
	} else {
		buf_printf(out, "    → %s (%s, ", app_report_answer_label_vi(c->answer),
		           c->answered_by ? c->answered_by : "");
		cmd_review_when(out, c->answered_at);
		buf_puts(out, "):\n");
		cmd_review_indented(out, c->answer_text ? c->answer_text : "", "      ");
	}
	return 0;
}

static int cmd_review_show(const struct cli *cli, const struct cmd_review *r, bool json)
{
	struct app a;
	struct diag d;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	buf_init(&out, 0);
	diag_init(&d);
	json_t *j = NULL;
	enum app_status s = app_report_json(&a, r->id, (int)r->version, &j);
	if (s == APP_NOT_FOUND)
		diag_add(&d, NULL, 0, NULL,
		         r->version ? "report %lld has no version %ld" : "no report with id %lld",
		         (long long)r->id, r->version);
	if (s == APP_OK && json) {
		cli_json(&out, j, TASK_IO_JSON_FLAGS);
	} else if (s == APP_OK) {
		struct cmd_review_latest last = {0};
		app_report_versions(&a, r->id, cmd_review_latest_row, &last);
		buf_printf(&out, "Báo cáo năm %d (id %lld): bản mới nhất %d, %s\n\n", last.v.year,
		           (long long)r->id, last.v.version,
		           app_report_status_label_vi(last.v.status));
		struct cmd_review_table tt = {.t = cmd_review_versions_table(),
		                              .only = (int)r->version};
		s = app_report_versions(&a, r->id, cmd_review_version_row, &tt);
		texttable_render(tt.t, &out);
		texttable_destroy(tt.t);
		struct cmd_review_comments l = {.out = &out, .only = (int)r->version};
		if (s == APP_OK)
			s = app_report_comments(&a, r->id, cmd_review_comment_row, &l);
		if (s == APP_OK && l.n == 0)
			buf_puts(&out, "\nChưa có ý kiến góp ý nào.\n");
	}
	json_decref(j);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		rc = cmd_review_print(&out);
	diag_finish(&d);
	buf_finish(&out);
	app_close(&a);
	return rc;
}

/* ---- comment, answer, get ---- */

static int cmd_review_comment(const struct cli *cli, const struct cmd_review *r)
{
	if (!r->version || !r->section || !r->text)
		return cli_usage_error(r->command,
		                       "--version N, --section S and --text T are required");
	struct app a;
	struct diag d;
	int rc = cli_open(cli, &a, r->actor);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	int64_t cid = 0;
	enum app_status s =
	    app_report_comment(&a, r->id, (int)r->version, r->section, r->text, &cid, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		printf("comment %lld on version %ld of report %lld, section %s.\n", (long long)cid,
		       r->version, (long long)r->id, r->section);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

static int cmd_review_answer(const struct cli *cli, const struct cmd_review *r)
{
	if (!r->has_answer || !r->text)
		return cli_usage_error(r->command,
		                       "give --accept, --explain or --reject, and --text T");
	struct app a;
	struct diag d;
	int rc = cli_open(cli, &a, r->actor);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	enum app_status s = app_report_answer(&a, r->id, r->answer, r->text, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		printf("comment %lld: %s (%s).\n", (long long)r->id,
		       app_report_answer_name(r->answer), app_report_answer_label_vi(r->answer));
	diag_finish(&d);
	app_close(&a);
	return rc;
}

static int cmd_review_get(const struct cli *cli, const struct cmd_review *r)
{
	static const struct {
		const char *name;
		enum app_report_format f;
	} formats[] = {
	    {"docx", APP_REPORT_DOCX}, {"pdf", APP_REPORT_PDF}, {"xlsx", APP_REPORT_XLSX}};
	size_t k = 0;
	while (k < 3 && (!r->format || strcmp(r->format, formats[k].name) != 0))
		k++;
	if (k == 3)
		return cli_usage_error(r->command, "--format docx, pdf or xlsx is required");
	if (!r->output)
		return cli_usage_error(r->command, "-o FILE is required (\"-\": standard output)");
	struct app a;
	struct diag d;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	json_t *snapshot = NULL;
	struct cmd_review_latest l = {0};
	enum app_status s = app_report_versions(&a, r->id, cmd_review_latest_row, &l);
	if (s == APP_NOT_FOUND)
		diag_add(&d, NULL, 0, NULL, "no report with id %lld", (long long)r->id);
	int version = r->version ? (int)r->version : l.v.version;
	if (s == APP_OK)
		s = app_report_snapshot(&a, r->id, version, &snapshot, &d);
	if (s == APP_OK)
		s = app_report_render(snapshot, formats[k].f, &out, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		bool to_stdout = strcmp(r->output, "-") == 0;
		FILE *f = to_stdout ? stdout : fopen(r->output, "wb");
		bool written = f && fwrite(out.data ? out.data : "", 1, out.len, f) == out.len;
		if (f && !to_stdout && fclose(f) != 0)
			written = false;
		if (!written) {
			fprintf(stderr, "dxtrack: cannot write %s: %s\n", r->output,
			        strerror(errno));
			rc = CLI_FAILURE;
		} else if (!to_stdout) {
			struct buf line;
			buf_init(&line, 0);
			buf_printf(&line, "%s: report %d, version %d, %s (", r->output, l.v.year,
			           version, formats[k].name);
			vnfmt_int(&line, (int64_t)out.len);
			buf_puts(&line, " byte).\n");
			rc = cmd_review_print(&line);
			buf_finish(&line);
		}
	}
	json_decref(snapshot);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* ---- dispatch ---- */

int cmd_report_review(const struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		const char *options;
		bool operand;
	} subs[] = {
	    {"draft", "year,as-of,date,number,template,as", false},
	    {"revise", "as-of,date,number,template,as", true},
	    {"submit", "as", true},
	    {"list", "format", false},
	    {"show", "version,format", true},
	    {"comment", "version,section,text,as", true},
	    {"answer", "accept,explain,reject,text,as", true},
	    {"get", "version,format,output", true},
	};
	if (argc < 2)
		return -1;
	size_t k = 0, n = sizeof subs / sizeof subs[0];
	while (k < n && strcmp(argv[1], subs[k].name) != 0)
		k++;
	if (k == n)
		return -1;
	char command[32];
	snprintf(command, sizeof command, "report %s", subs[k].name);
	for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(cmd_review_help, stdout);
			return CLI_OK;
		}
	struct cmd_review r = {.command = command};
	if (cmd_review_parse(&r, argc - 1, argv + 1, subs[k].options, subs[k].operand) < 0)
		return CLI_USAGE;
	const char *sub = subs[k].name;
	if (strcmp(sub, "draft") == 0 && !r.year)
		return cli_usage_error(command, "--year Y is required");
	if ((strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0) && r.format &&
	    strcmp(r.format, "text") != 0 && strcmp(r.format, "json") != 0)
		return cli_usage_error(command, "--format: use text or json");
	bool json = r.format && strcmp(r.format, "json") == 0;
	if (strcmp(sub, "draft") == 0 || strcmp(sub, "revise") == 0 || strcmp(sub, "submit") == 0)
		return cmd_review_write(cli, &r, sub);
	if (strcmp(sub, "list") == 0)
		return cmd_review_list(cli, json);
	if (strcmp(sub, "show") == 0)
		return cmd_review_show(cli, &r, json);
	if (strcmp(sub, "comment") == 0)
		return cmd_review_comment(cli, &r);
	if (strcmp(sub, "answer") == 0)
		return cmd_review_answer(cli, &r);
	return cmd_review_get(cli, &r);
}
