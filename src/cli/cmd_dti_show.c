/* cmd_dti_show.c — `dxtrack dti readiness|show`: a year's assessment (the standing agency's
 * reminders list, or JSON) and one item in full with its evidence and history. Help and option
 * parsing are in cmd_dti.c.
 */
#include <stdio.h>
#include <string.h>

#include "../io/task_io.h"
#include "../report/dti_report.h"
#include "../text/utf8.h"
#include "cmd_dti.h"

/* "Label:            value", the labels padded by characters so Vietnamese lines align. */
static void cmd_dti_line(struct buf *out, const char *label, const char *value)
{
	buf_puts(out, label);
	for (size_t n = utf8_length(label, strlen(label)); n < 20; n++)
		buf_putc(out, ' ');
	buf_printf(out, "%s\n", value);
}

int cmd_dti_readiness(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int year;
	if (cmd_dti_year(o, o->argv[0], &year) < 0)
		return CLI_USAGE;
	struct app a;
	struct diag d;
	struct dti_assessment as;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	enum app_status s = app_dti_assessment(&a, year, o->as_of, &as, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		if (o->json) {
			json_t *j = dti_report_json(&as);
			cli_json(&out, j, TASK_IO_JSON_FLAGS);
			json_decref(j);
		} else {
			dti_report_text(&as, &out);
		}
		rc = cmd_dti_print(&out);
	}
	dti_assessment_clear(&as);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}

static int cmd_dti_history_text(void *ctx, const struct dti_entry *e)
{
	struct buf *out = ctx;
	buf_printf(out, "  v%lld  %s  %s: ", (long long)e->version,
	           e->updated_at ? e->updated_at : "?", e->author ? e->author : "?");
	cmd_dti_entry_text(out, e);
	if (e->note && e->note[0])
		buf_printf(out, " — %s", e->note);
	buf_putc(out, '\n');
	return 0;
}

static int cmd_dti_evidence_text_row(void *ctx, const struct dti_evidence *e)
{
	buf_puts(ctx, "  ");
	cmd_dti_evidence_line(ctx, e);
	return 0;
}

/* The item's definition, entry and score as lines of text. */
static void cmd_dti_item_text(const struct dti_assessment *as, size_t i, struct buf *out)
{
	const struct dti_item *it = &as->items[i];
	const struct dti_entry *e = &as->entries[i];
	struct buf v;
	buf_init(&v, 0);
	buf_printf(out, "%s (%d, %s): %s\n\n", it->code, as->year, as->framework, it->name);
	if (it->parent) {
		const struct dti_item *m = &as->items[as->main_of[i]];
		buf_printf(&v, "%s — %s", m->code, m->name);
		cmd_dti_line(out, "Chỉ số chính:", buf_cstr(&v));
	}
	if (as->scored[i]) {
		buf_reset(&v);
		buf_printf(&v, "%s, ", dti_kind_label_vi(it->kind));
		dti_rule_format(&it->rule, &v);
		if (it->has_target) {
			buf_puts(&v, ", chỉ tiêu ");
			cmd_dti_number(&v, it->target, 6);
		}
		buf_puts(&v, it->evidence_required ? "; cần tài liệu kiểm chứng"
		                                   : "; không cần tài liệu kiểm chứng");
		cmd_dti_line(out, "Cách chấm:", buf_cstr(&v));
	}
	buf_reset(&v);
	buf_puts(&v, it->official ? "chính thức" : "minh họa, không chính thức");
	if (it->source && it->source[0])
		buf_printf(&v, " — %s", it->source);
	cmd_dti_line(out, "Nguồn:", buf_cstr(&v));
	if (as->scored[i]) {
		buf_reset(&v);
		if (e->has_value)
			cmd_dti_number(&v, e->value, 6);
		else
			buf_puts(&v, "chưa có");
		if (e->indicator)
			buf_printf(&v, " (theo chỉ số %s)", e->indicator);
		cmd_dti_line(out, "Giá trị:", buf_cstr(&v));
		buf_reset(&v);
		if (e->unit)
			buf_printf(&v, "%s%s%s", e->unit, e->unit_name ? " — " : "",
			           e->unit_name ? e->unit_name : "");
		else
			buf_puts(&v, "chưa giao");
		cmd_dti_line(out, "Đơn vị phụ trách:", buf_cstr(&v));
		buf_reset(&v);
		cmd_dti_date(&v, e->due);
		if (as->overdue[i])
			buf_puts(&v, " (QUÁ HẠN)");
		cmd_dti_line(out, "Hạn:", buf_cstr(&v));
		cmd_dti_line(out, "Trạng thái:", dti_status_label_vi(e->status));
		cmd_dti_line(out, "Ghi chú:", e->note && e->note[0] ? e->note : "—");
	}
	buf_reset(&v);
	buf_puts(&v, "điểm số ");
	cmd_dti_number(&v, as->item_score[i], 4);
	buf_puts(&v, "; ");
	cmd_dti_number(&v, as->item_points[i], 2);
	buf_puts(&v, " / ");
	cmd_dti_number(&v, as->item_max_points[i], 2);
	buf_puts(&v, " điểm; chưa có kiểm chứng: ");
	cmd_dti_number(&v, as->item_at_risk[i], 2);
	buf_puts(&v, " điểm");
	cmd_dti_line(out, "Điểm:", buf_cstr(&v));
	if (!as->scored[i]) {
		buf_puts(out, "\nThành phần:\n");
		for (size_t c = 0; c < as->n; c++) {
			if (c == i || as->main_of[c] != i)
				continue;
			buf_printf(out, "  %s %s: điểm số ", as->items[c].code, as->items[c].name);
			cmd_dti_number(out, as->item_score[c], 4);
			buf_puts(out, "; ");
			cmd_dti_number(out, as->item_points[c], 2);
			buf_puts(out, " / ");
			cmd_dti_number(out, as->item_max_points[c], 2);
			buf_puts(out, " điểm\n");
		}
	}
	if (as->scored[i]) {
		buf_reset(&v);
		buf_printf(&v, "%zu tài liệu, %zu trong năm %d", e->evidence, e->evidence_in_year,
		           as->year);
		cmd_dti_line(out, "Kiểm chứng:", buf_cstr(&v));
		cmd_dti_line(out, "Còn nợ:",
		             as->owed[i] ? (as->overdue[i] ? "có, quá hạn" : "có") : "không");
		buf_reset(&v);
		buf_printf(&v, "%lld", (long long)e->version);
		if (e->updated_at)
			buf_printf(&v, " (%s, %s)", e->updated_at, e->author ? e->author : "?");
		cmd_dti_line(out, "Phiên bản:", buf_cstr(&v));
	}
	buf_finish(&v);
}

int cmd_dti_show(const struct cli *cli, const struct cmd_dti_opts *o)
{
	int year;
	if (cmd_dti_year(o, o->argv[0], &year) < 0)
		return CLI_USAGE;
	const char *code = o->argv[1];
	struct app a;
	struct diag d;
	struct dti_assessment as;
	struct buf out;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	diag_init(&d);
	buf_init(&out, 0);
	enum app_status s = app_dti_assessment(&a, year, o->as_of, &as, &d);
	size_t i = s == APP_OK ? app_dti_find(&as, code) : 0;
	if (s == APP_OK && i == as.n) {
		diag_add(&d, NULL, 0, NULL, "%d: no item %s in framework %s", year, code,
		         as.framework);
		s = APP_NOT_FOUND;
	}
	json_t *j = NULL;
	if (s == APP_OK && o->json) {
		s = app_dti_item_json(&a, &as, i, &j);
		if (s == APP_OK)
			cli_json(&out, j, TASK_IO_JSON_FLAGS);
	} else if (s == APP_OK) {
		cmd_dti_item_text(&as, i, &out);
		if (as.scored[i]) {
			buf_puts(&out, "\nTài liệu kiểm chứng:\n");
			size_t heading = out.len;
			s = app_dti_evidence_each(&a, year, code, true, cmd_dti_evidence_text_row,
			                          &out);
			if (s == APP_OK && out.len == heading)
				buf_puts(&out, "  (chưa có)\n");
			buf_puts(&out, "\nLịch sử:\n");
			heading = out.len;
			if (s == APP_OK)
				s = app_dti_history(&a, year, code, cmd_dti_history_text, &out);
			if (s == APP_OK && out.len == heading)
				buf_puts(&out, "  (chưa ghi lần nào)\n");
		}
	}
	rc = cli_report(&a, s, &d);
	if (s == APP_OK)
		rc = cmd_dti_print(&out);
	json_decref(j);
	dti_assessment_clear(&as);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
