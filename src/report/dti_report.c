/* dti_report.c — a year's DTI assessment as JSON, as the reminders text, and as a chart. */
#include "dti_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/vnfmt.h"
#include "chart_svg.h"

/* x rounded to `decimals` places (half away from zero), as JSON. */
static json_t *dti_report_real(double x, int decimals)
{
	double scale = decimals == 4 ? 1e4 : 1e2;
	double r = round(x * scale) / scale;
	return json_real(r == 0 ? 0 : r); /* never -0 */
}

static json_t *dti_report_score(double x)
{
	return dti_report_real(x, 4);
}

static json_t *dti_report_points(double x)
{
	return dti_report_real(x, 2);
}

static json_t *dti_report_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *dti_report_date(struct date d)
{
	char text[16];
	if (!date_is_set(d))
		return json_null();
	snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
	return json_string(text);
}

/* Vietnamese decimals: "0,8002", "612,30". */
static void dti_report_fixed(struct buf *out, double x, int decimals)
{
	vnfmt_fixed(out, llround(x * (decimals == 4 ? 1e4 : 1e2)), decimals);
}

/* The scored items the lists are made of. */
static bool dti_missing_evidence(const struct dti_assessment *a, size_t i)
{
	return a->scored[i] && a->items[i].evidence_required && a->entries[i].evidence_in_year == 0;
}

static json_t *dti_report_codes(const struct dti_assessment *a, int which)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < a->n; i++) {
		if (!a->scored[i])
			continue;
		bool take = which == 0   ? !a->entries[i].has_value
		            : which == 1 ? dti_missing_evidence(a, i)
		                         : a->overdue[i];
		if (take)
			json_array_append_new(arr, json_string(a->items[i].code));
	}
	return arr;
}

/* ---- per responsible unit ---- */

struct dti_unit_row {
	const char *unit; /* NULL: not assigned */
	const char *unit_name;
	size_t owed, overdue;
	double at_risk;
};

static int dti_unit_row_compare(const void *x, const void *y)
{
	const struct dti_unit_row *p = x, *q = y;
	if (p->at_risk != q->at_risk)
		return p->at_risk > q->at_risk ? -1 : 1;
	if (!p->unit || !q->unit)
		return !p->unit - !q->unit; /* the unassigned last */
	return strcmp(p->unit, q->unit);
}

/* The units with owed items or points at risk, most points at risk first. *n receives how
 * many; the array is malloc'd. */
static struct dti_unit_row *dti_report_units(const struct dti_assessment *a, size_t *n)
{
	struct dti_unit_row *rows = mem_calloc(a->n ? a->n : 1, sizeof *rows);
	*n = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (!a->scored[i] || (!a->owed[i] && a->item_at_risk[i] <= 0))
			continue;
		const char *unit = a->entries[i].unit;
		size_t k = 0;
		while (k < *n && !(rows[k].unit == unit ||
		                   (rows[k].unit && unit && strcmp(rows[k].unit, unit) == 0)))
			k++;
		if (k == *n) {
			rows[k].unit = unit;
			rows[k].unit_name = a->entries[i].unit_name;
			(*n)++;
		}
		rows[k].owed += a->owed[i];
		rows[k].overdue += a->overdue[i];
		rows[k].at_risk += a->item_at_risk[i];
	}
	qsort(rows, *n, sizeof *rows, dti_unit_row_compare);
	return rows;
}

/* Scored items with points at risk, most first (then framework order). */
struct dti_risk_row {
	size_t item;
	double points;
};

static int dti_risk_compare(const void *x, const void *y)
{
	const struct dti_risk_row *p = x, *q = y;
	if (p->points != q->points)
		return p->points > q->points ? -1 : 1;
	return p->item < q->item ? -1 : p->item > q->item;
}

static struct dti_risk_row *dti_report_risks(const struct dti_assessment *a, size_t *n)
{
	struct dti_risk_row *rows = mem_calloc(a->n ? a->n : 1, sizeof *rows);
	*n = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->scored[i] && a->item_at_risk[i] > 0)
			rows[(*n)++] = (struct dti_risk_row){i, a->item_at_risk[i]};
	qsort(rows, *n, sizeof *rows, dti_risk_compare);
	return rows;
}

json_t *dti_report_json(const struct dti_assessment *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(a->year));
	json_object_set_new(o, "framework", dti_report_str(a->framework));
	json_object_set_new(o, "province", dti_report_str(a->province));
	json_object_set_new(o, "as_of", dti_report_date(a->as_of));
	json_object_set_new(o, "score", dti_report_score(a->score));
	json_object_set_new(o, "points", dti_report_points(a->points));
	json_object_set_new(o, "points_evidenced", dti_report_points(a->points_evidenced));
	json_object_set_new(o, "points_at_risk", dti_report_points(a->points_at_risk));
	json_object_set_new(o, "score_evidenced",
	                    dti_report_score(a->points_evidenced / DTI_POINTS_TOTAL));
	json_object_set_new(o, "missing_value", dti_report_codes(a, 0));
	json_object_set_new(o, "missing_evidence", dti_report_codes(a, 1));
	json_object_set_new(o, "overdue", dti_report_codes(a, 2));

	size_t n_units;
	struct dti_unit_row *units = dti_report_units(a, &n_units);
	json_t *by_unit = json_array();
	for (size_t k = 0; k < n_units; k++)
		json_array_append_new(
		    by_unit,
		    json_pack("{s:o,s:o,s:I,s:I,s:o}", "unit", dti_report_str(units[k].unit),
		              "unit_name", dti_report_str(units[k].unit_name), "owed",
		              (json_int_t)units[k].owed, "overdue", (json_int_t)units[k].overdue,
		              "points_at_risk", dti_report_points(units[k].at_risk)));
	free(units);
	json_object_set_new(o, "by_unit", by_unit);

	json_t *mains = json_array();
	for (size_t i = 0; i < a->n; i++) {
		if (a->items[i].parent)
			continue;
		bool prev = a->previous.has_value[i];
		json_array_append_new(
		    mains,
		    json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "code", a->items[i].code, "name",
		              a->items[i].name, "value", dti_report_score(a->item_score[i]),
		              "points", dti_report_points(a->item_points[i]), "points_max",
		              dti_report_points(a->item_max_points[i]), "points_at_risk",
		              dti_report_points(a->item_at_risk[i]), "previous",
		              prev ? dti_report_score(a->previous.value[i]) : json_null(), "change",
		              prev ? dti_report_score(a->item_score[i] - a->previous.value[i])
		                   : json_null()));
	}
	json_object_set_new(o, "main_indices", mains);

	size_t n_risks;
	struct dti_risk_row *risks = dti_report_risks(a, &n_risks);
	json_t *at_risk = json_array();
	for (size_t k = 0; k < n_risks; k++) {
		size_t i = risks[k].item;
		json_array_append_new(
		    at_risk, json_pack("{s:s,s:s,s:o,s:o}", "code", a->items[i].code, "name",
		                       a->items[i].name, "unit", dti_report_str(a->entries[i].unit),
		                       "points", dti_report_points(risks[k].points)));
	}
	free(risks);
	json_object_set_new(o, "at_risk", at_risk);

	if (a->previous.year)
		json_object_set_new(o, "previous",
		                    json_pack("{s:i,s:o,s:b}", "year", a->previous.year, "score",
		                              a->previous.has_score
		                                  ? dti_report_score(a->previous.score)
		                                  : json_null(),
		                              "published", a->previous.score_published));
	else
		json_object_set_new(o, "previous", json_null());
	return o;
}

json_t *dti_report_item_json(const struct dti_assessment *a, size_t i)
{
	const struct dti_item *it = &a->items[i];
	const struct dti_entry *e = &a->entries[i];
	struct buf rule;
	buf_init(&rule, 0);
	dti_rule_format(&it->rule, &rule);
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(it->code));
	json_object_set_new(o, "parent", dti_report_str(it->parent));
	json_object_set_new(o, "name", json_string(it->name));
	json_object_set_new(o, "official", json_boolean(it->official));
	json_object_set_new(o, "kind",
	                    it->has_kind ? json_string(dti_kind_name(it->kind)) : json_null());
	json_object_set_new(o, "rule", rule.len ? json_string(buf_cstr(&rule)) : json_null());
	json_object_set_new(o, "target", it->has_target ? json_real(it->target) : json_null());
	json_object_set_new(o, "evidence_required", json_boolean(it->evidence_required));
	json_object_set_new(o, "value", e->has_value ? json_real(e->value) : json_null());
	json_object_set_new(o, "unit", dti_report_str(e->unit));
	json_object_set_new(o, "unit_name", dti_report_str(e->unit_name));
	json_object_set_new(o, "due", dti_report_date(e->due));
	json_object_set_new(o, "status", json_string(dti_status_name(e->status)));
	json_object_set_new(o, "indicator", dti_report_str(e->indicator));
	json_object_set_new(o, "note", dti_report_str(e->note));
	json_object_set_new(o, "version", json_integer(e->version));
	json_object_set_new(o, "updated_at", dti_report_str(e->updated_at));
	json_object_set_new(o, "updated_by", dti_report_str(e->author));
	json_object_set_new(o, "score", dti_report_score(a->item_score[i]));
	json_object_set_new(o, "points", dti_report_points(a->item_points[i]));
	json_object_set_new(o, "points_max", dti_report_points(a->item_max_points[i]));
	json_object_set_new(o, "points_at_risk", dti_report_points(a->item_at_risk[i]));
	json_object_set_new(o, "evidence", json_integer((json_int_t)e->evidence));
	json_object_set_new(o, "evidence_in_year", json_integer((json_int_t)e->evidence_in_year));
	json_object_set_new(o, "owed", json_boolean(a->owed[i]));
	json_object_set_new(o, "overdue", json_boolean(a->overdue[i]));
	buf_finish(&rule);
	return o;
}

json_t *dti_report_evidence_json(const struct dti_evidence *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "year", json_integer(e->year));
	json_object_set_new(o, "code", dti_report_str(e->code));
	json_object_set_new(o, "number", json_string(e->number ? e->number : ""));
	json_object_set_new(o, "title", dti_report_str(e->title));
	json_object_set_new(o, "date", dti_report_date(e->doc_date));
	json_object_set_new(o, "summary", json_string(e->summary ? e->summary : ""));
	json_object_set_new(o, "counts", json_boolean(dti_evidence_backs(e)));
	if (e->has_file)
		json_object_set_new(o, "file",
		                    json_pack("{s:s?, s:s?, s:I, s:s}", "name", e->file_name,
		                              "media_type", e->media_type, "size_bytes",
		                              (json_int_t)e->size_bytes, "sha256", e->sha256));
	else
		json_object_set_new(o, "file", json_null());
	json_object_set_new(o, "recorded_at", dti_report_str(e->recorded_at));
	json_object_set_new(o, "recorded_by", dti_report_str(e->author));
	json_object_set_new(o, "withdrawn_at", dti_report_str(e->withdrawn_at));
	json_object_set_new(o, "withdrawn_by", dti_report_str(e->withdrawn_by));
	return o;
}

json_t *dti_report_entry_json(const struct dti_entry *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "version", json_integer(e->version));
	json_object_set_new(o, "updated_at", dti_report_str(e->updated_at));
	json_object_set_new(o, "updated_by", dti_report_str(e->author));
	json_object_set_new(o, "value", e->has_value ? json_real(e->value) : json_null());
	json_object_set_new(o, "unit", dti_report_str(e->unit));
	json_object_set_new(o, "due", dti_report_date(e->due));
	json_object_set_new(o, "status", json_string(dti_status_name(e->status)));
	json_object_set_new(o, "indicator", dti_report_str(e->indicator));
	json_object_set_new(o, "note", dti_report_str(e->note));
	return o;
}

/* ---- the reminders text ---- */

/* "thiếu số liệu, tài liệu kiểm chứng; chưa gửi" for item i. */
static void dti_report_owes(const struct dti_assessment *a, size_t i, struct buf *out)
{
	const struct dti_entry *e = &a->entries[i];
	bool value = !e->has_value, evidence = dti_missing_evidence(a, i);
	if (value || evidence)
		buf_printf(out, "thiếu %s%s%s", value ? "số liệu" : "",
		           value && evidence ? ", " : "", evidence ? "tài liệu kiểm chứng" : "");
	if (e->status < DTI_SUBMITTED)
		buf_printf(out, "%s%s", value || evidence ? "; " : "",
		           e->status == DTI_DRAFT ? "chưa gửi (dự thảo)" : "chưa gửi");
}

static void dti_report_unit_items(const struct dti_assessment *a, const char *unit, struct buf *out)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct dti_entry *e = &a->entries[i];
		if (!a->scored[i] || (!a->owed[i] && a->item_at_risk[i] <= 0))
			continue;
		if (!(e->unit == unit || (e->unit && unit && strcmp(e->unit, unit) == 0)))
			continue;
		buf_printf(out, "  - %s %s: ", a->items[i].code, a->items[i].name);
		dti_report_owes(a, i, out);
		if (date_is_set(e->due)) {
			buf_puts(out, "; hạn ");
			vnfmt_date(out, e->due.year, e->due.month, e->due.day);
			if (a->overdue[i])
				buf_puts(out, " (QUÁ HẠN)");
		}
		if (!e->has_value) {
			buf_puts(out, "; tối đa ");
			dti_report_fixed(out, a->item_max_points[i], 2);
			buf_puts(out, " điểm");
		} else if (a->item_at_risk[i] > 0) {
			buf_puts(out, "; ");
			dti_report_fixed(out, a->item_at_risk[i], 2);
			buf_puts(out, " điểm có nguy cơ mất");
		} else {
			buf_puts(out, "; đạt ");
			dti_report_fixed(out, a->item_points[i], 2);
			buf_puts(out, "/");
			dti_report_fixed(out, a->item_max_points[i], 2);
			buf_puts(out, " điểm");
		}
		buf_putc(out, '\n');
	}
}

void dti_report_text(const struct dti_assessment *a, struct buf *out)
{
	buf_printf(out, "Chỉ số chuyển đổi số (DTI) năm %d — bộ chỉ số %s", a->year,
	           a->framework ? a->framework : "—");
	if (a->province)
		buf_printf(out, " — %s", a->province);
	if (date_is_set(a->as_of)) {
		buf_puts(out, " — tính đến ");
		vnfmt_date(out, a->as_of.year, a->as_of.month, a->as_of.day);
	}
	buf_puts(out, "\nĐiểm tự đánh giá:   ");
	dti_report_fixed(out, a->score, 4);
	buf_puts(out, " (");
	dti_report_fixed(out, a->points, 2);
	buf_puts(out, " điểm)\nĐiểm có minh chứng: ");
	dti_report_fixed(out, a->points_evidenced / DTI_POINTS_TOTAL, 4);
	buf_puts(out, " (");
	dti_report_fixed(out, a->points_evidenced, 2);
	buf_puts(out, " điểm); ");
	dti_report_fixed(out, a->points_at_risk, 2);
	buf_puts(out, " điểm chưa có tài liệu kiểm chứng trong năm\n");
	if (a->previous.year && a->previous.has_score) {
		buf_printf(out, "Năm %d (Bộ công bố): ", a->previous.year);
		dti_report_fixed(out, a->previous.score, 4);
		buf_putc(out, '\n');
	}

	size_t n_units;
	struct dti_unit_row *units = dti_report_units(a, &n_units);
	if (n_units == 0)
		buf_puts(out, "\nKhông còn mục nào phải bổ sung.\n");
	for (size_t k = 0; k < n_units; k++) {
		const struct dti_unit_row *u = &units[k];
		if (u->unit)
			buf_printf(out, "\n%s (%s): ", u->unit_name ? u->unit_name : u->unit,
			           u->unit);
		else
			buf_puts(out, "\nChưa giao đơn vị: ");
		buf_printf(out, "%zu mục còn nợ, %zu quá hạn, ", u->owed, u->overdue);
		dti_report_fixed(out, u->at_risk, 2);
		buf_puts(out, " điểm có nguy cơ mất\n");
		dti_report_unit_items(a, u->unit, out);
	}
	free(units);
}

void dti_report_chart_svg(const struct dti_assessment *a, struct buf *out)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n; i++)
		n += !a->items[i].parent && a->items[i].points > 0;
	struct chart_score *rows = mem_calloc(n ? n : 1, sizeof *rows);
	struct buf *texts = mem_calloc(n ? 2 * n : 1, sizeof *texts);
	size_t k = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->items[i].parent || !(a->items[i].points > 0))
			continue;
		buf_init(&texts[2 * k], 64);
		buf_init(&texts[2 * k + 1], 64);
		dti_report_fixed(&texts[2 * k], a->item_score[i], 4);
		rows[k].label = a->items[i].name;
		rows[k].value = (int)llround(a->item_score[i] * CHART_SVG_SCORE_SCALE);
		rows[k].value_text = buf_cstr(&texts[2 * k]);
		if (a->previous.has_value[i]) {
			dti_report_fixed(&texts[2 * k + 1], a->previous.value[i], 4);
			rows[k].has_previous = true;
			rows[k].previous =
			    (int)llround(a->previous.value[i] * CHART_SVG_SCORE_SCALE);
			rows[k].previous_text = buf_cstr(&texts[2 * k + 1]);
		}
		k++;
	}
	char title[80];
	snprintf(title, sizeof title, "Giá trị các chỉ số chính DTI năm %d", a->year);
	chart_svg_scores(out, "dti-main", title, rows, n);
	for (size_t j = 0; j < 2 * n; j++)
		buf_finish(&texts[j]);
	free(texts);
	free(rows);
}
