/* report_build.c — the committee's annual report from the live data (`dxtrack report docx|pdf|
 * xlsx`, the review's versions): the Decree 30 header from the settings, the body from the
 * template with the year's figures — those of app_summary for the same as_of, so the report and
 * `dxtrack summary` never disagree — the indicators of the province, the DTI readiness and next
 * year's catalogue when they exist, and the appendix's data; and any snapshot rendered back.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../lib/mem.h"
#include "../report/appendix_xlsx.h"
#include "../report/docx.h"
#include "../report/dti_report.h"
#include "../report/pdf.h"
#include "../report/summary_report.h"
#include "../report/template.h"
#include "../text/utf8.h"
#include "../text/vnfmt.h"
#include "app_impl.h"

#define BUILD_TASKS_MAX 100000 /* tasks a report lists at most */

/* Everything the body is made from, gathered once. */
struct build {
	struct app *app;
	int year;
	struct date as_of;
	struct summary summary;
	struct task *tasks; /* the year's tasks, by code */
	size_t n_tasks, cap_tasks;
	char *province; /* the province's code on as_of (NULL: none, or several) */
	char *province_name;
	struct indicator_row {
		struct indicator ind;
		bool has_value, has_target;
		double value, target;
	} * indicators;
	size_t n_indicators, cap_indicators;
	bool has_dti;
	struct dti_assessment dti;
	bool has_plan;
	struct plan_result plan;
	json_t *figures;  /* field → text */
	json_t *comments; /* the answered comments of the year's report, oldest first */
};

/* ---- gathering ---- */

static int build_task_row(void *ctx, const struct task *t)
{
	struct build *b = ctx;
	if (b->n_tasks == BUILD_TASKS_MAX)
		return 1;
	if (b->n_tasks == b->cap_tasks) {
		b->cap_tasks = b->cap_tasks ? b->cap_tasks * 2 : 64;
		b->tasks = mem_realloc(b->tasks, b->cap_tasks * sizeof *b->tasks);
	}
	struct task *c = &b->tasks[b->n_tasks++];
	*c = *t;
	c->code = mem_strdup(t->code);
	c->name = mem_strdup(t->name);
	c->investor = mem_strdup(t->investor);
	c->category = mem_strdup(t->category);
	c->carried_from = mem_strdup(t->carried_from);
	c->note = mem_strdup(t->note);
	return 0;
}

struct build_province {
	char *code, *name;
	size_t count;
};

static int build_province_row(void *ctx, const struct unit *u)
{
	struct build_province *p = ctx;
	if (u->kind != UNIT_PROVINCE)
		return 0;
	if (p->count++ == 0) {
		p->code = mem_strdup(u->code);
		p->name = mem_strdup(u->name);
	}
	return 0;
}

static int build_indicator_row(void *ctx, const struct indicator_figure *f)
{
	struct build *b = ctx;
	if (b->n_indicators == b->cap_indicators) {
		b->cap_indicators = b->cap_indicators ? b->cap_indicators * 2 : 16;
		b->indicators =
		    mem_realloc(b->indicators, b->cap_indicators * sizeof *b->indicators);
	}
	struct indicator_row *r = &b->indicators[b->n_indicators++];
	memset(r, 0, sizeof *r);
	const struct indicator *i = f->indicator;
	r->ind = *i;
	r->ind.code = mem_strdup(i->code);
	r->ind.name = mem_strdup(i->name);
	r->ind.measure = mem_strdup(i->measure);
	r->ind.numerator = mem_strdup(i->numerator);
	r->ind.denominator = mem_strdup(i->denominator);
	r->has_value = f->has_value;
	r->value = f->value;
	r->has_target = f->has_target;
	r->target = f->target;
	return 0;
}

/* The review's answered comments of the year's report (the comment log that becomes the
 * annex of the next version): only answered ones, which never change again. */
struct build_report_of {
	int year;
	int64_t id;
};

static int build_report_row(void *ctx, const struct report_version *v)
{
	struct build_report_of *r = ctx;
	if (v->year == r->year)
		r->id = v->report_id;
	return 0;
}

static int build_comment_row(void *ctx, const struct report_comment *c)
{
	if (c->answer == REPORT_OPEN)
		return 0;
	static const char *const answers[] = {"", "Tiếp thu", "Giải trình", "Không tiếp thu"};
	json_array_append_new(ctx, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s}", "version", c->version,
	                                     "section", c->section ? c->section : "", "text",
	                                     c->text ? c->text : "", "author",
	                                     c->author ? c->author : "", "answer",
	                                     (unsigned)c->answer < 4 ? answers[c->answer] : "",
	                                     "answer_text", c->answer_text ? c->answer_text : ""));
	return 0;
}

static enum app_status build_gather_comments(struct build *b)
{
	struct build_report_of r = {b->year, 0};
	b->comments = json_array();
	enum app_status s = app_report_versions(b->app, 0, build_report_row, &r);
	if (s == APP_OK && r.id)
		s = app_report_comments(b->app, r.id, build_comment_row, b->comments);
	return s;
}

/* The province, its indicators, the DTI and next year's catalogue: each part is optional, and a
 * part that cannot be read is left out of the report (the core figures come from the summary). */
static enum app_status build_gather_parts(struct build *b)
{
	struct build_province p = {0};
	if (app_units_at(b->app, b->as_of, build_province_row, &p) != APP_OK)
		return APP_FAILED;
	if (p.count == 1) {
		b->province = p.code;
		b->province_name = p.name;
	} else {
		free(p.code);
		free(p.name);
	}
	struct diag ignored;
	diag_init(&ignored);
	if (b->province) {
		struct period y = {.year = b->year, .type = PERIOD_YEAR, .index = 0};
		if (app_indicator_unit(b->app, b->province, y, build_indicator_row, b, &ignored) ==
		    APP_FAILED)
			goto failed;
	}
	enum app_status s = app_dti_assessment(b->app, b->year, b->as_of, &b->dti, &ignored);
	if (s == APP_FAILED)
		goto failed;
	b->has_dti = s == APP_OK;
	s = app_plan_show(b->app, b->year + 1, &b->plan, &ignored);
	if (s == APP_NOT_FOUND) {
		plan_result_finish(&b->plan);
		plan_result_init(&b->plan);
		struct app_plan_request q = {.year = b->year + 1, .budget_vnd = MONEY_MAX_VND};
		s = app_plan(b->app, &q, &b->plan, &ignored);
		if (s == APP_BAD_INPUT || s == APP_NOT_FOUND)
			s = APP_OK; /* no proposals */
	}
	if (s == APP_FAILED)
		goto failed;
	b->has_plan = b->plan.n > 0;
	diag_finish(&ignored);
	return build_gather_comments(b);
failed:
	diag_finish(&ignored);
	return APP_FAILED;
}

static void build_finish(struct build *b)
{
	summary_finish(&b->summary);
	for (size_t i = 0; i < b->n_tasks; i++)
		task_clear(&b->tasks[i]);
	free(b->tasks);
	for (size_t i = 0; i < b->n_indicators; i++)
		indicator_clear(&b->indicators[i].ind);
	free(b->indicators);
	free(b->province);
	free(b->province_name);
	dti_assessment_clear(&b->dti);
	plan_result_finish(&b->plan);
	json_decref(b->figures);
	json_decref(b->comments);
}

/* ---- fields ---- */

static void build_field(struct build *b, const char *name, const char *value)
{
	json_object_set_new(b->figures, name, json_string(value ? value : ""));
}

static void build_field_int(struct build *b, const char *name, int64_t n)
{
	struct buf t;
	buf_init(&t, 64);
	vnfmt_int(&t, n);
	build_field(b, name, buf_cstr(&t));
	buf_finish(&t);
}

/* A year: no grouping ("2023", never "2.023"). */
static void build_field_year(struct build *b, const char *name, int year)
{
	char text[16];
	snprintf(text, sizeof text, "%d", year);
	build_field(b, name, text);
}

/* Money as two fields: STEM_text ("67,2 tỷ đồng") and STEM_vnd_text ("67.150.000.000 đồng"). */
static void build_field_money(struct build *b, const char *stem, int64_t vnd)
{
	struct buf t;
	char name[64];
	buf_init(&t, 128);
	vnfmt_money(&t, vnd);
	snprintf(name, sizeof name, "%s_text", stem);
	build_field(b, name, buf_cstr(&t));
	buf_reset(&t);
	vnfmt_int(&t, vnd);
	buf_puts(&t, " đồng");
	snprintf(name, sizeof name, "%s_vnd_text", stem);
	build_field(b, name, buf_cstr(&t));
	buf_finish(&t);
}

static void build_field_fixed(struct build *b, const char *name, double x, int decimals)
{
	struct buf t;
	buf_init(&t, 64);
	double scale = decimals == 4 ? 1e4 : decimals == 2 ? 1e2 : 10;
	vnfmt_fixed(&t, llround(x * scale), decimals);
	build_field(b, name, buf_cstr(&t));
	buf_finish(&t);
}

static void build_fields(struct build *b)
{
	const struct summary *s = &b->summary;
	struct buf t;
	buf_init(&t, 0);
	build_field_year(b, "year", b->year);
	vnfmt_date(&t, b->as_of.year, b->as_of.month, b->as_of.day);
	build_field(b, "as_of", buf_cstr(&t));
	build_field_int(b, "tasks_total", s->tasks);
	build_field_int(b, "tasks_completed", s->by_status[TASK_COMPLETED]);
	build_field_int(b, "tasks_in_progress", s->by_status[TASK_IN_PROGRESS]);
	build_field_int(b, "tasks_planned", s->by_status[TASK_PLANNED]);
	build_field_int(b, "tasks_stopped", s->by_status[TASK_STOPPED]);
	build_field_int(b, "tasks_deferred", s->by_status[TASK_DEFERRED]);
	build_field_int(b, "tasks_lagging", s->lagging);
	build_field_money(b, "budget", s->budget_vnd);
	build_field_money(b, "disbursed", s->disbursed_vnd);
	buf_reset(&t);
	vnfmt_fixed(&t, summary_pct_x10(s->disbursed_vnd, s->budget_vnd), 1);
	build_field(b, "disbursed_pct", buf_cstr(&t));
	build_field_int(b, "investors_total", (int64_t)s->n_investors);
	buf_reset(&t);
	summary_report_paragraph(s, &t);
	build_field(b, "summary_paragraph", buf_cstr(&t));

	int section = 2; /* I is the year's results */
	buf_reset(&t);
	size_t met = 0, with_target = 0;
	for (size_t i = 0; i < b->n_indicators; i++) {
		const struct indicator_row *r = &b->indicators[i];
		enum indicator_status st =
		    indicator_status(&r->ind, r->has_value, r->value, r->has_target, r->target);
		with_target += st != INDICATOR_STATUS_NONE;
		met += st == INDICATOR_STATUS_GREEN;
	}
	build_field(b, "indicators", b->n_indicators ? "1" : "");
	build_field_int(b, "indicators_total", (int64_t)b->n_indicators);
	build_field_int(b, "indicators_with_target", (int64_t)with_target);
	build_field_int(b, "indicators_met", (int64_t)met);
	buf_reset(&t);
	if (b->n_indicators)
		doc_roman(section++, &t);
	build_field(b, "sec_indicators", buf_cstr(&t));

	build_field(b, "dti", b->has_dti ? "1" : "");
	build_field(b, "dti_framework", b->has_dti ? b->dti.framework : "");
	build_field_fixed(b, "dti_score", b->has_dti ? b->dti.score : 0, 4);
	build_field_fixed(b, "dti_points", b->has_dti ? b->dti.points : 0, 2);
	build_field_fixed(b, "dti_points_at_risk", b->has_dti ? b->dti.points_at_risk : 0, 2);
	build_field_fixed(b, "dti_score_evidenced",
	                  b->has_dti ? b->dti.points_evidenced / DTI_POINTS_TOTAL : 0, 4);
	size_t overdue = 0;
	for (size_t i = 0; b->has_dti && i < b->dti.n; i++)
		overdue += b->dti.overdue[i];
	build_field_int(b, "dti_overdue", (int64_t)overdue);
	buf_reset(&t);
	if (b->has_dti)
		doc_roman(section++, &t);
	build_field(b, "sec_dti", buf_cstr(&t));

	build_field(b, "plan", b->has_plan ? "1" : "");
	build_field_year(b, "plan_year", b->year + 1);
	build_field_int(b, "plan_proposals", (int64_t)b->plan.n);
	build_field_int(b, "plan_selected", (int64_t)b->plan.n_selected);
	int64_t proposed = 0;
	for (size_t i = 0; i < b->plan.n; i++)
		proposed += b->plan.entries[i].budget_vnd;
	build_field_money(b, "plan_budget", proposed);
	build_field_money(b, "plan_selected", b->plan.selected_vnd);
	build_field(b, "plan_adopted", b->plan.adopted_at ? "1" : "");
	buf_reset(&t);
	if (b->has_plan)
		doc_roman(section++, &t);
	build_field(b, "sec_plan", buf_cstr(&t));
	buf_reset(&t);
	doc_roman(section, &t);
	build_field(b, "sec_proposals", buf_cstr(&t));
	build_field(b, "comments", json_array_size(b->comments) ? "1" : "");
	buf_finish(&t);
}

/* ---- blocks ---- */

/* Cells of one row, formatted into bufs the caller finishes. */
struct build_row {
	struct buf cell[8];
	const char *text[8];
	size_t n;
};

static void build_row_init(struct build_row *r, size_t n)
{
	r->n = n;
	for (size_t i = 0; i < n; i++)
		buf_init(&r->cell[i], 0);
}

static void build_row_add(struct doc_block *blk, struct build_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		r->text[i] = buf_cstr(&r->cell[i]);
	doc_table_row(blk, r->text);
	for (size_t i = 0; i < r->n; i++)
		buf_reset(&r->cell[i]);
}

static void build_row_finish(struct build_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		buf_finish(&r->cell[i]);
}

static void build_block_investors(void *ctx, struct doc *d)
{
	const struct summary *s = &((struct build *)ctx)->summary;
	static const char *const head[] = {"STT",
	                                   "Chủ đầu tư",
	                                   "Số nhiệm vụ",
	                                   "Kinh phí (triệu đồng)",
	                                   "Đã giải ngân (triệu đồng)",
	                                   "Tỷ lệ (%)"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT,  DOC_RIGHT,
	                                       DOC_RIGHT,  DOC_RIGHT, DOC_RIGHT};
	static const int width[] = {7, 39, 12, 15, 15, 12};
	struct doc_block *blk = doc_add_table(d, 6, head, align, width);
	struct build_row r;
	build_row_init(&r, 6);
	for (size_t i = 0; i < s->n_investors; i++) {
		const struct summary_investor *v = &s->investors[i];
		buf_printf(&r.cell[0], "%zu", i + 1);
		buf_puts(&r.cell[1], v->name ? v->name : v->code);
		vnfmt_int(&r.cell[2], v->tasks);
		vnfmt_million(&r.cell[3], v->budget_vnd);
		vnfmt_million(&r.cell[4], v->disbursed_vnd);
		vnfmt_fixed(&r.cell[5], summary_pct_x10(v->disbursed_vnd, v->budget_vnd), 1);
		build_row_add(blk, &r);
	}
	buf_puts(&r.cell[1], "Tổng cộng");
	vnfmt_int(&r.cell[2], s->tasks);
	vnfmt_million(&r.cell[3], s->budget_vnd);
	vnfmt_million(&r.cell[4], s->disbursed_vnd);
	vnfmt_fixed(&r.cell[5], summary_pct_x10(s->disbursed_vnd, s->budget_vnd), 1);
	build_row_add(blk, &r);
	blk->table.last_row_total = true;
	build_row_finish(&r);
}

static void build_block_status(void *ctx, struct doc *d)
{
	const struct summary *s = &((struct build *)ctx)->summary;
	struct doc_block *blk = doc_add_chart(d, "Số nhiệm vụ theo tình trạng");
	struct buf t;
	buf_init(&t, 0);
	for (int k = 0; k < TASK_STATUS_COUNT; k++) {
		buf_reset(&t);
		vnfmt_int(&t, s->by_status[k]);
		doc_chart_bar(blk, task_status_label_vi((enum task_status)k), s->by_status[k],
		              buf_cstr(&t));
	}
	buf_finish(&t);
}

/* The investor's name as the summary knows it, else its code. */
static const char *build_investor_name(const struct build *b, const char *code)
{
	for (size_t i = 0; i < b->summary.n_investors; i++)
		if (strcmp(b->summary.investors[i].code, code) == 0)
			return b->summary.investors[i].name ? b->summary.investors[i].name : code;
	return code;
}

static void build_block_lagging(void *ctx, struct doc *d)
{
	struct build *b = ctx;
	static const char *const head[] = {"STT",        "Mã",          "Tên nhiệm vụ",
	                                   "Chủ đầu tư", "Tiến độ (%)", "Tình trạng"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT,  DOC_LEFT,
	                                       DOC_LEFT,   DOC_RIGHT, DOC_LEFT};
	static const int width[] = {7, 13, 35, 20, 10, 15};
	struct doc_block *blk = doc_add_table(d, 6, head, align, width);
	struct build_row r;
	build_row_init(&r, 6);
	size_t k = 0;
	for (size_t i = 0; i < b->n_tasks; i++) {
		const struct task *t = &b->tasks[i];
		if (!task_is_lagging(t, b->as_of))
			continue;
		buf_printf(&r.cell[0], "%zu", ++k);
		buf_puts(&r.cell[1], t->code);
		buf_puts(&r.cell[2], t->name);
		buf_puts(&r.cell[3], build_investor_name(b, t->investor));
		buf_printf(&r.cell[4], "%d", t->progress_pct);
		buf_puts(&r.cell[5], task_status_label_vi(t->status));
		build_row_add(blk, &r);
	}
	if (k == 0) {
		buf_puts(&r.cell[2], "Không có nhiệm vụ chậm tiến độ.");
		build_row_add(blk, &r);
	}
	build_row_finish(&r);
}

static void build_block_indicators(void *ctx, struct doc *d)
{
	struct build *b = ctx;
	static const char *const head[] = {"STT",     "Chỉ số",   "Đơn vị tính",
	                                   "Kết quả", "Chỉ tiêu", "Đánh giá"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT,  DOC_LEFT,
	                                       DOC_RIGHT,  DOC_RIGHT, DOC_LEFT};
	static const int width[] = {7, 38, 15, 13, 13, 14};
	struct doc_block *blk = doc_add_table(d, 6, head, align, width);
	struct build_row r;
	build_row_init(&r, 6);
	for (size_t i = 0; i < b->n_indicators; i++) {
		const struct indicator_row *x = &b->indicators[i];
		buf_printf(&r.cell[0], "%zu", i + 1);
		buf_puts(&r.cell[1], x->ind.name);
		buf_puts(&r.cell[2], x->ind.measure ? x->ind.measure : "");
		if (x->has_value)
			indicator_format_value(&r.cell[3], &x->ind, x->value);
		else
			buf_puts(&r.cell[3], "—");
		if (x->has_target)
			indicator_format_value(&r.cell[4], &x->ind, x->target);
		else
			buf_puts(&r.cell[4], "—");
		buf_puts(&r.cell[5],
		         indicator_status_label_vi(indicator_status(&x->ind, x->has_value, x->value,
		                                                    x->has_target, x->target)));
		build_row_add(blk, &r);
	}
	build_row_finish(&r);
}

static void build_fixed(struct buf *out, double x, int decimals)
{
	vnfmt_fixed(out, llround(x * (decimals == 4 ? 1e4 : 1e2)), decimals);
}

static void build_block_dti_main(void *ctx, struct doc *d)
{
	const struct dti_assessment *a = &((struct build *)ctx)->dti;
	static const char *const head[] = {"Mã", "Chỉ số chính", "Giá trị", "Điểm đạt / tối đa",
	                                   "Chưa có minh chứng (điểm)"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT, DOC_RIGHT, DOC_RIGHT,
	                                       DOC_RIGHT};
	static const int width[] = {8, 40, 14, 20, 18};
	struct doc_block *blk = doc_add_table(d, 5, head, align, width);
	struct build_row r;
	build_row_init(&r, 5);
	for (size_t i = 0; i < a->n; i++) {
		if (a->items[i].parent)
			continue;
		buf_puts(&r.cell[0], a->items[i].code);
		buf_puts(&r.cell[1], a->items[i].name);
		build_fixed(&r.cell[2], a->item_score[i], 4);
		build_fixed(&r.cell[3], a->item_points[i], 2);
		buf_puts(&r.cell[3], " / ");
		build_fixed(&r.cell[3], a->item_max_points[i], 2);
		build_fixed(&r.cell[4], a->item_at_risk[i], 2);
		build_row_add(blk, &r);
	}
	buf_puts(&r.cell[1], "Chỉ số DTI");
	build_fixed(&r.cell[2], a->score, 4);
	build_fixed(&r.cell[3], a->points, 2);
	buf_puts(&r.cell[3], " / 1.000,00");
	build_fixed(&r.cell[4], a->points_at_risk, 2);
	build_row_add(blk, &r);
	blk->table.last_row_total = true;
	build_row_finish(&r);
}

static void build_block_dti_at_risk(void *ctx, struct doc *d)
{
	const struct dti_assessment *a = &((struct build *)ctx)->dti;
	static const char *const head[] = {"Mã", "Chỉ tiêu", "Đơn vị chịu trách nhiệm",
	                                   "Điểm chưa có minh chứng"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT, DOC_LEFT, DOC_RIGHT};
	static const int width[] = {10, 45, 27, 18};
	struct doc_block *blk = doc_add_table(d, 4, head, align, width);
	struct build_row r;
	build_row_init(&r, 4);
	json_t *j = dti_report_json(a); /* its at_risk list is already ordered */
	json_t *list = json_object_get(j, "at_risk"), *it;
	size_t k;
	json_array_foreach(list, k, it)
	{
		size_t i = app_dti_find(a, json_string_value(json_object_get(it, "code")));
		if (i == a->n)
			continue;
		buf_puts(&r.cell[0], a->items[i].code);
		buf_puts(&r.cell[1], a->items[i].name);
		buf_puts(&r.cell[2], a->entries[i].unit_name ? a->entries[i].unit_name
		                     : a->entries[i].unit    ? a->entries[i].unit
		                                             : "chưa giao");
		build_fixed(&r.cell[3], a->item_at_risk[i], 2);
		build_row_add(blk, &r);
	}
	if (json_array_size(list) == 0) {
		buf_puts(&r.cell[1], "Mọi điểm đạt được đều đã có tài liệu kiểm chứng.");
		build_row_add(blk, &r);
	}
	json_decref(j);
	build_row_finish(&r);
}

static void build_block_plan(void *ctx, struct doc *d)
{
	struct build *b = ctx;
	static const char *const head[] = {"STT",        "Mã",      "Tên nhiệm vụ",
	                                   "Chủ đầu tư", "Ưu tiên", "Kinh phí (triệu đồng)"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT,   DOC_LEFT,
	                                       DOC_LEFT,   DOC_CENTER, DOC_RIGHT};
	static const int width[] = {7, 13, 38, 18, 9, 15};
	struct doc_block *blk = doc_add_table(d, 6, head, align, width);
	struct build_row r;
	build_row_init(&r, 6);
	for (size_t i = 0; i < b->plan.n_selected; i++) {
		const struct plan_entry *e = &b->plan.entries[i];
		buf_printf(&r.cell[0], "%zu", i + 1);
		buf_puts(&r.cell[1], e->code);
		buf_puts(&r.cell[2], e->name);
		buf_puts(&r.cell[3], build_investor_name(b, e->investor));
		buf_printf(&r.cell[4], "%d", e->tier);
		vnfmt_million(&r.cell[5], e->budget_vnd);
		build_row_add(blk, &r);
	}
	buf_puts(&r.cell[2], "Tổng cộng");
	vnfmt_million(&r.cell[5], b->plan.selected_vnd);
	build_row_add(blk, &r);
	blk->table.last_row_total = true;
	build_row_finish(&r);
}

static void build_block_comments(void *ctx, struct doc *d)
{
	const json_t *list = ((struct build *)ctx)->comments;
	static const char *const head[] = {"STT",          "Bản",         "Mục",
	                                   "Ý kiến góp ý", "Người góp ý", "Tiếp thu, giải trình"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_CENTER, DOC_CENTER,
	                                       DOC_LEFT,   DOC_LEFT,   DOC_LEFT};
	static const int width[] = {6, 7, 7, 35, 15, 30};
	struct doc_block *blk = doc_add_table(d, 6, head, align, width);
	struct build_row r;
	build_row_init(&r, 6);
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		buf_printf(&r.cell[0], "%zu", i + 1);
		buf_printf(&r.cell[1], "%d",
		           (int)json_integer_value(json_object_get(c, "version")));
		buf_puts(&r.cell[2], json_string_value(json_object_get(c, "section")));
		buf_puts(&r.cell[3], json_string_value(json_object_get(c, "text")));
		buf_puts(&r.cell[4], json_string_value(json_object_get(c, "author")));
		buf_printf(&r.cell[5], "%s: %s", json_string_value(json_object_get(c, "answer")),
		           json_string_value(json_object_get(c, "answer_text")));
		build_row_add(blk, &r);
	}
	build_row_finish(&r);
}

/* ---- the appendix's data ---- */

static json_t *build_appendix(const struct build *b, const struct doc *doc)
{
	json_t *tasks = json_array(), *investors = json_array(), *indicators = json_array();
	for (size_t i = 0; i < b->n_tasks; i++) {
		const struct task *t = &b->tasks[i];
		json_array_append_new(
		    tasks, json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:i,s:s,s:s}", "code", t->code,
		                     "name", t->name, "investor", t->investor, "investor_name",
		                     build_investor_name(b, t->investor), "budget_vnd",
		                     (json_int_t)t->budget_vnd, "disbursed_vnd",
		                     (json_int_t)t->disbursed_vnd, "progress_pct", t->progress_pct,
		                     "status_vi", task_status_label_vi(t->status), "note",
		                     t->note ? t->note : ""));
	}
	for (size_t i = 0; i < b->summary.n_investors; i++) {
		const struct summary_investor *v = &b->summary.investors[i];
		json_array_append_new(investors,
		                      json_pack("{s:s,s:s,s:i,s:I,s:I}", "code", v->code, "name",
		                                v->name ? v->name : v->code, "tasks", v->tasks,
		                                "budget_vnd", (json_int_t)v->budget_vnd,
		                                "disbursed_vnd", (json_int_t)v->disbursed_vnd));
	}
	for (size_t i = 0; i < b->n_indicators; i++) {
		const struct indicator_row *x = &b->indicators[i];
		json_array_append_new(
		    indicators,
		    json_pack("{s:s,s:s,s:s,s:o,s:o,s:i,s:s}", "code", x->ind.code, "name",
		              x->ind.name, "measure", x->ind.measure ? x->ind.measure : "", "value",
		              x->has_value ? json_real(x->value) : json_null(), "target",
		              x->has_target ? json_real(x->target) : json_null(), "decimals",
		              x->ind.decimals, "status_vi",
		              indicator_status_label_vi(indicator_status(
		                  &x->ind, x->has_value, x->value, x->has_target, x->target))));
	}
	struct buf sub;
	buf_init(&sub, 0);
	buf_puts(&sub, "(Kèm theo Báo cáo ");
	buf_puts(&sub, doc->header.number && doc->header.number[0] ? doc->header.number : "số");
	if (date_is_set(doc->header.date)) {
		buf_putc(&sub, ' ');
		vnfmt_date_long(&sub, doc->header.date.year, doc->header.date.month,
		                doc->header.date.day);
	}
	buf_puts(&sub, " của ");
	buf_puts(&sub, doc->header.issuing_body ? doc->header.issuing_body : "Ban Chỉ đạo");
	buf_putc(&sub, ')');
	char title[128];
	snprintf(title, sizeof title, "Phụ lục: Danh mục nhiệm vụ, dự án chuyển đổi số năm %d",
	         b->year);
	json_t *j = json_pack("{s:i,s:s,s:s,s:o,s:o,s:o}", "year", b->year, "title", title,
	                      "subtitle", buf_cstr(&sub), "tasks", tasks, "investors", investors,
	                      "indicators", indicators);
	buf_finish(&sub);
	return j;
}

/* ---- the header ---- */

/* A setting's value, or NULL when not set (or unreadable). */
static char *build_setting(struct app *a, const char *key)
{
	char *v = NULL;
	if (app_setting_get(a, key, &v) != APP_OK)
		return NULL;
	if (v && !v[0]) {
		free(v);
		v = NULL;
	}
	return v;
}

/* "Tỉnh Bắc Kạn" → "Bắc Kạn"; "Thành phố Huế" → "Huế". */
static const char *build_place_of(const char *province_name)
{
	static const char *const prefixes[] = {"Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (strncmp(province_name, prefixes[i], strlen(prefixes[i])) == 0)
			return province_name + strlen(prefixes[i]);
	return province_name;
}

static char *build_replace_year(const char *text, int year)
{
	struct buf t;
	buf_init(&t, 0);
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	for (const char *p = text; *p;) {
		if (strncmp(p, "{{year}}", 8) == 0) {
			buf_puts(&t, y);
			p += 8;
		} else if (strncmp(p, "{{next_year}}", 13) == 0) {
			buf_printf(&t, "%d", year + 1);
			p += 13;
		} else {
			buf_putc(&t, *p++);
		}
	}
	char *s = mem_strdup(buf_cstr(&t));
	buf_finish(&t);
	return s;
}

static void build_header(struct build *b, const struct app_report_options *o, struct doc *doc)
{
	struct doc_header *h = &doc->header;
	struct app *a = b->app;
	char *v;
	h->parent_body = build_setting(a, "parent_body");
	if (!h->parent_body && b->province_name) {
		char *up = utf8_upper(build_place_of(b->province_name),
		                      strlen(build_place_of(b->province_name)));
		struct buf t;
		buf_init(&t, 0);
		buf_printf(&t, "UBND TỈNH %s", up ? up : "");
		h->parent_body = mem_strdup(buf_cstr(&t));
		buf_finish(&t);
		free(up);
	}
	h->issuing_body = build_setting(a, "issuing_body");
	if (!h->issuing_body)
		h->issuing_body = mem_strdup("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ");
	v = build_setting(a, "number_suffix");
	struct buf t;
	buf_init(&t, 0);
	buf_printf(&t, "Số: %s/%s", o->number && o->number[0] ? o->number : "      ",
	           v ? v : "BC-BCĐ");
	h->number = mem_strdup(buf_cstr(&t));
	free(v);
	h->place = build_setting(a, "place");
	if (!h->place && b->province_name)
		h->place = mem_strdup(build_place_of(b->province_name));
	h->date = date_is_set(o->date) ? o->date : b->as_of;
	h->doc_type = mem_strdup("BÁO CÁO");
	v = build_setting(a, "report_title");
	h->title = build_replace_year(
	    v ? v
	      : "Kết quả thực hiện nhiệm vụ chuyển đổi số năm {{year}}, phương hướng, nhiệm vụ "
	        "năm {{next_year}}",
	    b->year);
	free(v);
	h->signer_authority = build_setting(a, "signer_authority");
	if (!h->signer_authority)
		h->signer_authority = mem_strdup("TM. BAN CHỈ ĐẠO");
	h->signer_title = build_setting(a, "signer_title");
	if (!h->signer_title)
		h->signer_title = mem_strdup("TRƯỞNG BAN");
	h->signer_name = build_setting(a, "signer_name");
	v = build_setting(a, "recipients");
	const char *list = v ? v
	                     : "Ban Thường vụ Tỉnh ủy (b/c);\nThường trực HĐND tỉnh (b/c);\n"
	                       "Chủ tịch, các Phó Chủ tịch UBND tỉnh;\nThành viên Ban Chỉ đạo;\n"
	                       "Lưu: VT.";
	for (const char *p = list; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		while (len && (*p == ' ' || *p == '-')) /* "- " is the renderer's */
			p++, len--;
		if (len) {
			h->recipients = mem_realloc(h->recipients,
			                            (h->n_recipients + 1) * sizeof *h->recipients);
			h->recipients[h->n_recipients++] = mem_strndup(p, len);
		}
		p = end ? end + 1 : p + len;
	}
	free(v);
	buf_finish(&t);
}

/* ---- the use cases ---- */

enum app_status app_report_build(struct app *a, int year, const struct app_report_options *o,
                                 struct doc *doc, json_t **appendix, json_t **figures,
                                 struct diag *d)
{
	struct build b = {.app = a, .year = year};
	char *stored = NULL;
	doc_init(doc);
	*appendix = *figures = NULL;
	plan_result_init(&b.plan);
	b.figures = json_object();
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		goto out;
	status = app_summary(a, year, NULL, o->as_of, &b.summary, d);
	if (status != APP_OK)
		goto out;
	b.as_of = b.summary.as_of;
	struct task_filter f = {.year = year, .status = -1, .sort = TASK_SORT_CODE};
	status = app_tasks_each(a, &f, build_task_row, &b);
	if (status == APP_OK)
		status = build_gather_parts(&b);
	if (status != APP_OK)
		goto out;
	build_header(&b, o, doc);
	build_fields(&b);
	/* what was asked, so that a revised version can keep it (app_report_revise) */
	build_field(&b, "doc_number", o->number ? o->number : "");
	char day[16] = "";
	if (date_is_set(o->date))
		snprintf(day, sizeof day, "%04d-%02d-%02d", o->date.year, o->date.month,
		         o->date.day);
	build_field(&b, "doc_date", day);

	const char *label = o->template_label ? o->template_label : "template";
	const char *text = o->template_text;
	if (!text) {
		stored = build_setting(a, "template");
		text = stored;
		label = stored ? "settings:template" : "built-in template";
	}
	if (!text)
		text = template_default_annual;
	size_t n_fields = json_object_size(b.figures);
	struct template_field *fields = mem_calloc(n_fields ? n_fields : 1, sizeof *fields);
	const char *key;
	json_t *value;
	size_t k = 0;
	json_object_foreach(b.figures, key, value)
	{
		fields[k].name = key;
		fields[k++].value = json_string_value(value);
	}
	const struct template_block blocks[] = {
	    {"investors", build_block_investors, &b}, {"status", build_block_status, &b},
	    {"lagging", build_block_lagging, &b},     {"indicators", build_block_indicators, &b},
	    {"dti_main", build_block_dti_main, &b},   {"dti_at_risk", build_block_dti_at_risk, &b},
	    {"plan", build_block_plan, &b},           {"comments", build_block_comments, &b},
	};
	int rc = template_render(label, text, strlen(text), fields, n_fields, blocks,
	                         sizeof blocks / sizeof *blocks, doc, d);
	free(fields);
	if (rc < 0) {
		status = APP_BAD_INPUT;
		goto out;
	}
	doc_number_sections(doc);
	*appendix = build_appendix(&b, doc);
	*figures = json_incref(b.figures);
	status = APP_OK;
out:
	free(stored);
	build_finish(&b);
	return status;
}

enum app_status app_report_live(struct app *a, int year, const struct app_report_options *o,
                                json_t **snapshot, struct diag *d)
{
	struct doc doc;
	json_t *appendix, *figures;
	*snapshot = NULL;
	enum app_status s = app_report_build(a, year, o, &doc, &appendix, &figures, d);
	if (s == APP_OK)
		*snapshot = json_pack("{s:o,s:o,s:o}", "doc", doc_to_json(&doc), "appendix",
		                      appendix, "figures", figures);
	doc_finish(&doc);
	return s;
}

enum app_status app_report_render(const json_t *snapshot, enum app_report_format f, struct buf *out,
                                  struct diag *d)
{
	char why[256] = "";
	int rc = -1;
	if (f == APP_REPORT_XLSX) {
		rc = appendix_xlsx_write(json_object_get(snapshot, "appendix"), out, why,
		                         sizeof why);
	} else {
		struct doc doc;
		doc_init(&doc);
		rc = doc_from_json(json_object_get(snapshot, "doc"), &doc, why, sizeof why);
		if (rc == 0)
			rc = f == APP_REPORT_DOCX ? docx_write(&doc, out, why, sizeof why)
			                          : pdf_write(&doc, out, why, sizeof why);
		doc_finish(&doc);
	}
	if (rc < 0) {
		diag_add(d, NULL, 0, NULL, "the document could not be written: %s", why);
		return APP_FAILED;
	}
	return APP_OK;
}
