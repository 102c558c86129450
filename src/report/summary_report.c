/* summary_report.c — rendering the committee summary (see summary_report.h). */
#include "summary_report.h"

#include <stdio.h>
#include <string.h>

#include "../io/task_io.h"
#include "../io/texttable.h"
#include "../text/vnfmt.h"

/* Administrative-unit names are common nouns inside a sentence: "tỉnh Bắc Kạn". */
static void summary_report_scope(const struct summary *s, struct buf *out)
{
	static const char *const lower[] = {"Tỉnh ",     "Thành phố ", "Huyện ", "Thị xã ",
	                                    "Thị trấn ", "Xã ",        "Phường "};
	const char *name = s->scope_name;
	if (!name || !name[0]) {
		buf_puts(out, "các chủ đầu tư");
		return;
	}
	for (size_t i = 0; i < sizeof lower / sizeof lower[0]; i++) {
		if (strncmp(name, lower[i], strlen(lower[i])) == 0) {
			buf_putc(out, (char)(name[0] - 'A' + 'a'));
			buf_puts(out, name + 1);
			return;
		}
	}
	buf_puts(out, name);
}

/* "hơn 67 tỷ đồng", "67 tỷ đồng", or exact money below one tỷ. */
static void summary_report_total(int64_t vnd, struct buf *out)
{
	int64_t ty = vnfmt_ty_floor(vnd);
	if (ty < 1) {
		vnfmt_money(out, vnd);
		return;
	}
	if (vnd > ty * 1000000000)
		buf_puts(out, "hơn ");
	vnfmt_int(out, ty);
	buf_puts(out, " tỷ đồng");
}

static void summary_report_count(struct buf *out, bool *first, int n, const char *what)
{
	if (n <= 0)
		return;
	if (!*first)
		buf_puts(out, "; ");
	buf_printf(out, "%d %s", n, what);
	*first = false;
}

void summary_report_paragraph(const struct summary *s, struct buf *out)
{
	buf_printf(out, "Trong năm %d, ", s->year);
	summary_report_scope(s, out);
	if (s->tasks == 0) {
		buf_puts(out, " chưa có nhiệm vụ, dự án chuyển đổi số nào được ghi nhận.");
		return;
	}
	buf_printf(out, " đã triển khai %d nhiệm vụ, dự án chuyển đổi số với tổng kinh phí ",
	           s->tasks);
	summary_report_total(s->budget_vnd, out);
	buf_puts(out, ". Trong đó: ");
	bool first = true;
	const int *n = s->by_status;
	summary_report_count(out, &first, n[TASK_COMPLETED],
	                     "nhiệm vụ hoàn thành 100% khối lượng công việc");
	struct buf next;
	buf_init(&next, 0);
	buf_printf(&next, "nhiệm vụ dừng thực hiện hoặc đề xuất chuyển sang thực hiện trong năm %d",
	           s->year + 1);
	if (n[TASK_STOPPED] && n[TASK_DEFERRED]) {
		summary_report_count(out, &first, n[TASK_STOPPED] + n[TASK_DEFERRED],
		                     buf_cstr(&next));
	} else {
		summary_report_count(out, &first, n[TASK_STOPPED], "nhiệm vụ dừng thực hiện");
		buf_reset(&next);
		buf_printf(&next, "nhiệm vụ đề xuất chuyển sang thực hiện trong năm %d",
		           s->year + 1);
		summary_report_count(out, &first, n[TASK_DEFERRED], buf_cstr(&next));
	}
	buf_finish(&next);
	summary_report_count(out, &first, n[TASK_IN_PROGRESS],
	                     "nhiệm vụ đang trong quá trình triển khai thực hiện");
	summary_report_count(out, &first, n[TASK_PLANNED], "nhiệm vụ chưa triển khai");
	buf_puts(out, ".");
	if (s->lagging > 0)
		buf_printf(out, " Có %d nhiệm vụ chậm tiến độ so với kế hoạch.", s->lagging);
	/* the disbursement, as the press writes it: "khoảng 36/67 tỷ đồng, đạt khoảng 53%" */
	buf_puts(out, " Các chủ đầu tư đã giải ngân được ");
	if (vnfmt_ty_round(s->budget_vnd) >= 10) {
		buf_puts(out, "khoảng ");
		vnfmt_int(out, vnfmt_ty_round(s->disbursed_vnd));
		buf_putc(out, '/');
		vnfmt_int(out, vnfmt_ty_round(s->budget_vnd));
		buf_puts(out, " tỷ đồng");
	} else {
		vnfmt_money(out, s->disbursed_vnd);
	}
	if (s->budget_vnd > 0) {
		int64_t pct_x10 = summary_pct_x10(s->disbursed_vnd, s->budget_vnd);
		bool exact = (s->disbursed_vnd * 100) % s->budget_vnd == 0;
		buf_printf(out, ", đạt %s", exact ? "" : "khoảng ");
		vnfmt_int(out, (pct_x10 + 5) / 10);
		buf_puts(out, "% kế hoạch");
	}
	buf_puts(out, ".");
}

static struct texttable *summary_report_table(const struct summary *s)
{
	static const char *const headers[] = {
	    "Chủ đầu tư", "Số NV",      "Kinh phí (tr.đ)", "Giải ngân (tr.đ)",
	    "Tỷ lệ (%)",  "Hoàn thành", "Chậm tiến độ",
	};
	static const bool right[] = {false, true, true, true, true, true, true};
	static const size_t max[] = {40, 0, 0, 0, 0, 0, 0};
	struct texttable *t = texttable_create(7, headers, right, max);
	struct buf cell[7];
	for (int i = 0; i < 7; i++)
		buf_init(&cell[i], 0);
	for (size_t i = 0; i <= s->n_investors; i++) {
		bool total = i == s->n_investors;
		const struct summary_investor *inv = total ? NULL : &s->investors[i];
		for (int c = 0; c < 7; c++)
			buf_reset(&cell[c]);
		if (total)
			buf_puts(&cell[0], "Tổng cộng");
		else
			buf_puts(&cell[0], inv->name ? inv->name : inv->code);
		int64_t budget = total ? s->budget_vnd : inv->budget_vnd;
		int64_t disbursed = total ? s->disbursed_vnd : inv->disbursed_vnd;
		vnfmt_int(&cell[1], total ? s->tasks : inv->tasks);
		vnfmt_million(&cell[2], budget);
		vnfmt_million(&cell[3], disbursed);
		vnfmt_fixed(&cell[4], summary_pct_x10(disbursed, budget), 1);
		vnfmt_int(&cell[5], total ? s->by_status[TASK_COMPLETED] : inv->completed);
		vnfmt_int(&cell[6], total ? s->lagging : inv->lagging);
		const char *row[7];
		for (int c = 0; c < 7; c++)
			row[c] = buf_cstr(&cell[c]);
		texttable_add(t, row);
	}
	for (int i = 0; i < 7; i++)
		buf_finish(&cell[i]);
	return t;
}

void summary_report_text(const struct summary *s, struct buf *out)
{
	summary_report_paragraph(s, out);
	buf_puts(out, "\n\n");
	buf_puts(out, "Tình hình thực hiện theo chủ đầu tư (đơn vị tính: triệu đồng; chậm tiến độ "
	              "tính đến ngày ");
	vnfmt_date(out, s->as_of.year, s->as_of.month, s->as_of.day);
	buf_puts(out, "):\n\n");
	struct texttable *t = summary_report_table(s);
	texttable_render(t, out);
	texttable_destroy(t);
}

json_t *summary_report_json(const struct summary *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(s->year));
	json_object_set_new(o, "tasks", json_integer(s->tasks));
	json_object_set_new(o, "budget_vnd", json_integer(s->budget_vnd));
	json_object_set_new(o, "disbursed_vnd", json_integer(s->disbursed_vnd));
	json_object_set_new(o, "disbursement_pct",
	                    task_io_pct_json(s->disbursed_vnd, s->budget_vnd));
	json_t *by = json_object();
	for (int i = 0; i < TASK_STATUS_COUNT; i++)
		json_object_set_new(by, task_status_code(i), json_integer(s->by_status[i]));
	json_object_set_new(o, "by_status", by);
	json_object_set_new(o, "lagging", json_integer(s->lagging));
	char as_of[16];
	snprintf(as_of, sizeof as_of, "%04d-%02d-%02d", s->as_of.year, s->as_of.month,
	         s->as_of.day);
	json_object_set_new(o, "as_of", json_string(as_of));
	json_object_set_new(o, "scope", s->scope_name ? json_string(s->scope_name) : json_null());
	json_t *invs = json_array();
	for (size_t i = 0; i < s->n_investors; i++) {
		const struct summary_investor *v = &s->investors[i];
		json_t *j = json_object();
		json_object_set_new(j, "code", json_string(v->code));
		json_object_set_new(j, "name", v->name ? json_string(v->name) : json_null());
		json_object_set_new(j, "tasks", json_integer(v->tasks));
		json_object_set_new(j, "budget_vnd", json_integer(v->budget_vnd));
		json_object_set_new(j, "disbursed_vnd", json_integer(v->disbursed_vnd));
		json_object_set_new(j, "disbursement_pct",
		                    task_io_pct_json(v->disbursed_vnd, v->budget_vnd));
		json_object_set_new(j, "completed", json_integer(v->completed));
		json_object_set_new(j, "lagging", json_integer(v->lagging));
		json_array_append_new(invs, j);
	}
	json_object_set_new(o, "by_investor", invs);
	return o;
}

/* Escapes the characters that would break a Markdown table cell. */
static void summary_report_md_cell(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\' || *s == '*' || *s == '_')
			buf_putc(out, '\\');
		buf_putc(out, *s == '\n' ? ' ' : *s);
	}
}

void summary_report_md(const struct summary *s, struct buf *out)
{
	buf_printf(out, "## Kết quả thực hiện nhiệm vụ, dự án chuyển đổi số năm %d\n\n", s->year);
	summary_report_paragraph(s, out);
	buf_puts(out, "\n\n*Đơn vị tính: triệu đồng.*\n\n");
	buf_puts(out, "| Chủ đầu tư | Số NV | Kinh phí | Giải ngân | Tỷ lệ (%) | Hoàn thành | "
	              "Chậm tiến độ |\n|---|--:|--:|--:|--:|--:|--:|\n");
	for (size_t i = 0; i <= s->n_investors; i++) {
		bool total = i == s->n_investors;
		const struct summary_investor *v = total ? NULL : &s->investors[i];
		int64_t budget = total ? s->budget_vnd : v->budget_vnd;
		int64_t disbursed = total ? s->disbursed_vnd : v->disbursed_vnd;
		buf_puts(out, "| ");
		if (total)
			buf_puts(out, "**Tổng cộng**");
		else
			summary_report_md_cell(out, v->name ? v->name : v->code);
		buf_puts(out, " | ");
		vnfmt_int(out, total ? s->tasks : v->tasks);
		buf_puts(out, " | ");
		vnfmt_million(out, budget);
		buf_puts(out, " | ");
		vnfmt_million(out, disbursed);
		buf_puts(out, " | ");
		vnfmt_fixed(out, summary_pct_x10(disbursed, budget), 1);
		buf_puts(out, " | ");
		vnfmt_int(out, total ? s->by_status[TASK_COMPLETED] : v->completed);
		buf_puts(out, " | ");
		vnfmt_int(out, total ? s->lagging : v->lagging);
		buf_puts(out, " |\n");
	}
}
