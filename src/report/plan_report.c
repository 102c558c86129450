/* plan_report.c — rendering a catalogue selection (see plan_report.h). */
#include "plan_report.h"

#include <string.h>

#include "../io/csv.h"
#include "../io/texttable.h"
#include "../text/vnfmt.h"

static json_t *plan_report_entry(const struct plan_entry *e)
{
	return json_pack("{s:s,s:i,s:i,s:I,s:s}", "code", e->code, "tier", e->tier, "score",
	                 e->score, "budget_vnd", (json_int_t)e->budget_vnd, "reason",
	                 e->reason ? e->reason : "");
}

/* ["A","B"] from "A;B" ("" gives []). */
static json_t *plan_report_codes(const char *joined)
{
	json_t *a = json_array();
	const char *s = joined ? joined : "";
	while (*s) {
		const char *end = strchr(s, ';');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		json_array_append_new(a, json_stringn(s, n));
		s += n + (end != NULL);
	}
	return a;
}

json_t *plan_report_json(const struct plan_result *r)
{
	json_t *o = json_object();
	json_t *selected = json_array(), *others = json_array();
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "budget_vnd", json_integer(r->budget_vnd));
	json_object_set_new(o, "selected_vnd", json_integer(r->selected_vnd));
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(r->entries[i].selected ? selected : others,
		                      plan_report_entry(&r->entries[i]));
	json_object_set_new(o, "selected", selected);
	json_object_set_new(o, "not_selected", others);
	if (r->adopted_at) {
		json_object_set_new(o, "adopted_at", json_string(r->adopted_at));
		json_object_set_new(o, "adopted_by",
		                    json_string(r->adopted_by ? r->adopted_by : ""));
		json_object_set_new(o, "locks", plan_report_codes(r->locks));
		json_object_set_new(o, "excludes", plan_report_codes(r->excludes));
	}
	return o;
}

static void plan_report_field(struct buf *out, const char *s, char after)
{
	csv_write_field(out, s ? s : "", s ? strlen(s) : 0, true);
	buf_putc(out, after);
}

void plan_report_csv(const struct plan_result *r, struct buf *out)
{
	buf_puts(out, "code,name,investor,tier,score,budget_vnd,selected,reason\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct plan_entry *e = &r->entries[i];
		plan_report_field(out, e->code, ',');
		plan_report_field(out, e->name, ',');
		plan_report_field(out, e->investor, ',');
		buf_printf(out, "%d,%d,%lld,%d,", e->tier, e->score, (long long)e->budget_vnd,
		           e->selected ? 1 : 0);
		plan_report_field(out, e->reason, '\n');
	}
}

/* One part of the list: entries [from, to) as a table. */
static void plan_report_table(const struct plan_result *r, size_t from, size_t to, struct buf *out)
{
	static const char *const headers[] = {
	    "TT", "Mã", "Tên", "Chủ đầu tư", "Mức", "Điểm", "Kinh phí (tr.đ)", "Lý do"};
	static const bool right[] = {true, false, false, false, true, true, true, false};
	static const size_t max[] = {0, 0, 50, 0, 0, 0, 0, 60};
	if (from == to) {
		buf_puts(out, "(không có)\n");
		return;
	}
	struct texttable *t = texttable_create(8, headers, right, max);
	struct buf cells[4];
	for (int i = 0; i < 4; i++)
		buf_init(&cells[i], 0);
	for (size_t i = from; i < to; i++) {
		const struct plan_entry *e = &r->entries[i];
		for (int k = 0; k < 4; k++)
			buf_reset(&cells[k]);
		buf_printf(&cells[0], "%zu", i - from + 1);
		buf_printf(&cells[1], "%d", e->tier);
		buf_printf(&cells[2], "%d", e->score);
		vnfmt_million(&cells[3], e->budget_vnd);
		const char *row[] = {buf_cstr(&cells[0]),
		                     e->code,
		                     e->name,
		                     e->investor,
		                     buf_cstr(&cells[1]),
		                     buf_cstr(&cells[2]),
		                     buf_cstr(&cells[3]),
		                     e->reason};
		texttable_add(t, row);
	}
	texttable_render(t, out);
	for (int i = 0; i < 4; i++)
		buf_finish(&cells[i]);
	texttable_destroy(t);
}

void plan_report_text(const struct plan_result *r, struct buf *out)
{
	buf_printf(out, "Danh mục nhiệm vụ năm %d — trần kinh phí ", r->year);
	vnfmt_int(out, r->budget_vnd);
	buf_puts(out, " đồng\n");
	if (r->adopted_at) {
		buf_puts(out, "Đã thông qua lúc ");
		buf_puts(out, r->adopted_at);
		buf_printf(out, " (UTC), người thông qua: %s", r->adopted_by ? r->adopted_by : "");
		if (r->locks && r->locks[0])
			buf_printf(out, "; chọn theo yêu cầu: %s", r->locks);
		if (r->excludes && r->excludes[0])
			buf_printf(out, "; loại theo yêu cầu: %s", r->excludes);
		buf_putc(out, '\n');
	}
	buf_printf(out, "\nĐược chọn: %zu đề xuất, ", r->n_selected);
	vnfmt_int(out, r->selected_vnd);
	buf_puts(out, " đồng\n");
	plan_report_table(r, 0, r->n_selected, out);
	buf_printf(out, "\n--- Không được chọn: %zu đề xuất ---\n", r->n - r->n_selected);
	plan_report_table(r, r->n_selected, r->n, out);
	buf_puts(out, "\nKinh phí được chọn ");
	vnfmt_int(out, r->selected_vnd);
	buf_puts(out, " đồng; còn lại ");
	vnfmt_int(out, r->budget_vnd - r->selected_vnd);
	buf_puts(out, " đồng.\n");
}
