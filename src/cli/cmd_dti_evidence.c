/* cmd_dti_evidence.c — `dxtrack dti evidence add|list|withdraw|get`: the evidence (tài liệu kiểm
 * chứng) of a year's DTI items. Help and option parsing are in cmd_dti.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../io/task_io.h"
#include "../io/texttable.h"
#include "../report/dti_report.h"
#include "../text/vnfmt.h"
#include "cmd_dti.h"

/* "ngoài năm 2023", "đã rút 2023-12-14T08:00:00Z", or "" when it counts */
static void cmd_dti_evidence_standing(struct buf *out, const struct dti_evidence *e)
{
	if (e->withdrawn_at)
		buf_printf(out, "đã rút %s", e->withdrawn_at);
	else if (!dti_evidence_counts(e->year, e->doc_date))
		buf_printf(out, "ngoài năm %d, không được tính", e->year);
}

/* "a.pdf, application/pdf, 1.234 byte" */
static void cmd_dti_evidence_file_text(struct buf *out, const struct dti_evidence *e)
{
	buf_printf(out, "%s, %s, ", e->file_name ? e->file_name : "?",
	           e->media_type ? e->media_type : "?");
	vnfmt_int(out, e->size_bytes);
	buf_puts(out, " byte");
}

void cmd_dti_evidence_line(struct buf *out, const struct dti_evidence *e)
{
	buf_printf(out, "#%lld  ", (long long)e->id);
	vnfmt_date(out, e->doc_date.year, e->doc_date.month, e->doc_date.day);
	buf_puts(out, "  ");
	if (e->number && e->number[0])
		buf_printf(out, "%s  ", e->number);
	buf_puts(out, e->title ? e->title : "");
	if (e->summary && e->summary[0])
		buf_printf(out, " — %s", e->summary);
	if (e->has_file) {
		buf_puts(out, " (tệp: ");
		cmd_dti_evidence_file_text(out, e);
		buf_puts(out, ")");
	}
	if (!dti_evidence_backs(e)) {
		buf_puts(out, " [");
		cmd_dti_evidence_standing(out, e);
		buf_puts(out, "]");
	}
	buf_putc(out, '\n');
}

/* An evidence id operand: 0, or -1 after a usage error. */
static int cmd_dti_evidence_id(const struct cmd_dti_opts *o, int64_t *id)
{
	long n;
	if (cli_parse_int(o->argv[0], 1, LONG_MAX, &n) < 0) {
		cli_usage_error(o->command, "\"%s\" is not an evidence id (a whole number)",
		                o->argv[0]);
		return -1;
	}
	*id = n;
	return 0;
}

/* Reads an evidence file: a regular file larger than the limit is refused before it is read. */
static int cmd_dti_evidence_read(const char *path, struct buf *data)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uintmax_t)sb.st_size > (uintmax_t)DTI_EVIDENCE_MAX_BYTES) {
		fprintf(stderr,
		        "dxtrack: %s: the file is %.1f MiB; an evidence file may hold at most %zu "
		        "MiB: nothing was written\n",
		        path, (double)sb.st_size / (1024.0 * 1024.0), DTI_EVIDENCE_MAX_BYTES >> 20);
		return CLI_BAD_INPUT;
	}
	return cli_read_file(path, DTI_EVIDENCE_MAX_BYTES, data);
}

int cmd_dti_evidence_add(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int year;
	if (cmd_dti_year(o, o->argv[0], &year) < 0)
		return CLI_USAGE;
	const char *code = o->argv[1];
	if (!o->title || !date_is_set(o->date))
		return cli_usage_error(o->command, "--title and --date are required");
	if (o->file && strcmp(o->file, "-") == 0)
		return cli_usage_error(o->command, "--file: give the path of a file");
	struct buf data;
	struct diag d;
	struct app a;
	int64_t id = 0;
	buf_init(&data, DTI_EVIDENCE_MAX_BYTES + 1);
	diag_init(&d);
	int rc = o->file ? cmd_dti_evidence_read(o->file, &data) : CLI_OK;
	if (rc == CLI_OK)
		rc = cli_open(cli, &a, o->actor);
	if (rc == CLI_OK) {
		const char *slash = o->file ? strrchr(o->file, '/') : NULL;
		struct app_dti_evidence_new e = {
		    .number = o->number,
		    .title = o->title,
		    .doc_date = o->date,
		    .summary = o->summary,
		    .file_name = o->file ? (slash ? slash + 1 : o->file) : NULL,
		    .file = o->file ? (const void *)buf_cstr(&data) : NULL,
		    .file_bytes = data.len,
		};
		enum app_status s = app_dti_evidence_add(&a, year, code, &e, &d, &id);
		if (s == APP_NOT_FOUND && diag_total(&d) == 0)
			diag_add(&d, NULL, 0, NULL, "%d: no scored item %s in the year's framework",
			         year, code);
		rc = cli_report(&a, s, &d);
		if (s == APP_OK) {
			printf("Evidence %lld recorded for %d/%s.\n", (long long)id, year, code);
			if (!dti_evidence_counts(year, o->date))
				fprintf(stderr,
				        "dxtrack: note: the document is dated %d, outside the "
				        "assessment year %d: it does not back the item's points\n",
				        o->date.year, year);
		}
		app_close(&a);
	}
	diag_finish(&d);
	buf_finish(&data);
	return rc;
}

struct cmd_dti_evidence_ctx {
	json_t *list;
	struct texttable *table;
	size_t n;
};

static int cmd_dti_evidence_row(void *ctx, const struct dti_evidence *e)
{
	struct cmd_dti_evidence_ctx *c = ctx;
	c->n++;
	if (c->list) {
		json_array_append_new(c->list, dti_report_evidence_json(e));
		return 0;
	}
	struct buf cell[6];
	for (int i = 0; i < 6; i++)
		buf_init(&cell[i], 0);
	buf_printf(&cell[0], "%lld", (long long)e->id);
	vnfmt_date(&cell[1], e->doc_date.year, e->doc_date.month, e->doc_date.day);
	buf_puts(&cell[2], e->number ? e->number : "");
	buf_puts(&cell[3], e->title ? e->title : "");
	if (e->has_file)
		cmd_dti_evidence_file_text(&cell[4], e);
	if (dti_evidence_backs(e))
		buf_puts(&cell[5], "có");
	else
		cmd_dti_evidence_standing(&cell[5], e);
	const char *cells[7] = {buf_cstr(&cell[0]), e->code,
	                        buf_cstr(&cell[1]), buf_cstr(&cell[2]),
	                        buf_cstr(&cell[3]), buf_cstr(&cell[4]),
	                        buf_cstr(&cell[5])};
	texttable_add(c->table, cells);
	for (int i = 0; i < 6; i++)
		buf_finish(&cell[i]);
	return 0;
}

int cmd_dti_evidence_list(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int year;
	if (cmd_dti_year(o, o->argv[0], &year) < 0)
		return CLI_USAGE;
	const char *code = o->argc > 1 ? o->argv[1] : NULL;
	static const char *const headers[7] = {"ID",          "Mã",  "Ngày văn bản", "Số hiệu",
	                                       "Tên văn bản", "Tệp", "Được tính"};
	static const size_t max[7] = {0, 0, 0, 24, 60, 48, 0};
	struct cmd_dti_evidence_ctx c = {0};
	struct app a;
	struct diag d;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	if (o->json)
		c.list = json_array();
	else
		c.table = texttable_create(7, headers, (const bool[]){1, 0, 0, 0, 0, 0, 0}, max);
	enum app_status s = app_dti_evidence_each(&a, year, code, o->all, cmd_dti_evidence_row, &c);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		if (c.list)
			cli_json(&out, c.list, TASK_IO_JSON_FLAGS);
		else if (c.n == 0 && code)
			buf_printf(&out, "Chưa có tài liệu kiểm chứng nào cho %d/%s.\n", year,
			           code);
		else if (c.n == 0)
			buf_printf(&out, "Chưa có tài liệu kiểm chứng nào cho năm %d.\n", year);
		else
			texttable_render(c.table, &out);
		rc = cmd_dti_print(&out);
	}
	json_decref(c.list);
	texttable_destroy(c.table);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

int cmd_dti_evidence_withdraw(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int64_t id;
	if (cmd_dti_evidence_id(o, &id) < 0)
		return CLI_USAGE;
	struct app a;
	struct diag d;
	int rc = cli_open(cli, &a, o->actor);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	enum app_status s = app_dti_evidence_withdraw(&a, id, &d);
	if (s == APP_NOT_FOUND && diag_total(&d) == 0)
		diag_add(&d, NULL, 0, NULL, "no evidence with id %lld", (long long)id);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		printf("Evidence %lld withdrawn: it stays on record and no longer counts.\n",
		       (long long)id);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

int cmd_dti_evidence_get(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int64_t id;
	if (cmd_dti_evidence_id(o, &id) < 0)
		return CLI_USAGE;
	if (!o->output)
		return cli_usage_error(o->command, "-o FILE is required (\"-\": standard output)");
	struct app a;
	struct diag d;
	struct dti_evidence meta = {0};
	struct buf content;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&content, DTI_EVIDENCE_MAX_BYTES + 1);
	enum app_status s = app_dti_evidence_file(&a, id, &meta, &content);
	if (s == APP_NOT_FOUND && diag_total(&d) == 0)
		diag_add(&d, NULL, 0, NULL, "no evidence file with id %lld", (long long)id);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		bool to_stdout = strcmp(o->output, "-") == 0;
		FILE *f = to_stdout ? stdout : fopen(o->output, "wb");
		bool written = f && fwrite(buf_cstr(&content), 1, content.len, f) == content.len;
		if (f && !to_stdout && fclose(f) != 0)
			written = false;
		if (!written) {
			fprintf(stderr, "dxtrack: cannot write %s: %s\n", o->output,
			        strerror(errno));
			rc = CLI_FAILURE;
		} else if (!to_stdout) {
			struct buf line;
			buf_init(&line, 0);
			buf_printf(&line, "%s: evidence %lld of %d/%s (", o->output, (long long)id,
			           meta.year, meta.code ? meta.code : "?");
			cmd_dti_evidence_file_text(&line, &meta);
			buf_printf(&line, ", sha256 %s).\n", meta.sha256);
			rc = cmd_dti_print(&line);
			buf_finish(&line);
		}
	}
	dti_evidence_clear(&meta);
	buf_finish(&content);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
