/* dti_read.c — a year's DTI assessment as every view reads it (`dxtrack dti readiness`, the DTI
 * pages, GET /api/v1/dti/{year}): the framework's items with their entries, linked indicators'
 * values, evidence counted, the year before's published results, scored by core/dti.c.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../report/dti_report.h"
#include "dti_impl.h"

size_t app_dti_find(const struct dti_assessment *as, const char *code)
{
	for (size_t i = 0; i < as->n; i++)
		if (strcmp(as->items[i].code, code) == 0)
			return i;
	return as->n;
}

static int dti_read_entry(void *ctx, const char *code, const struct dti_entry *e)
{
	struct dti_assessment *as = ctx;
	size_t i = app_dti_find(as, code);
	if (i == as->n)
		return 0; /* an entry of a code the framework lost (app_dti_use refuses that) */
	struct dti_entry *slot = &as->entries[i];
	dti_entry_clear(slot);
	*slot = *e;
	slot->unit = mem_strdup(e->unit);
	slot->unit_name = NULL;
	slot->indicator = mem_strdup(e->indicator);
	slot->note = mem_strdup(e->note);
	slot->updated_at = mem_strdup(e->updated_at);
	slot->author = mem_strdup(e->author);
	slot->evidence = slot->evidence_in_year = 0;
	return 0;
}

static int dti_read_evidence(void *ctx, const struct dti_evidence *e)
{
	struct dti_assessment *as = ctx;
	size_t i = app_dti_find(as, e->code);
	if (i == as->n)
		return 0;
	as->entries[i].evidence++;
	if (dti_evidence_counts(as->year, e->doc_date))
		as->entries[i].evidence_in_year++;
	return 0;
}

static int dti_read_figure(void *ctx, const struct indicator_figure *f)
{
	struct dti_entry *e = ctx;
	e->has_value = f->has_value;
	e->value = f->value;
	return 1;
}

/* Unit names and the values of linked items (the figure of the unit assessed for the year). */
static enum app_status dti_read_fill(struct app *a, struct dti_assessment *as)
{
	for (size_t i = 0; i < as->n; i++) {
		struct dti_entry *e = &as->entries[i];
		if (e->unit) {
			struct unit u = {0};
			int rc = store_unit_get(a->store, e->unit, &u);
			if (rc < 0)
				return APP_FAILED;
			if (rc == 1)
				e->unit_name = mem_strdup(u.name);
			unit_clear(&u);
		}
		if (e->indicator) {
			e->has_value = false;
			if (!as->province)
				continue;
			struct diag ignored;
			diag_init(&ignored);
			struct period p = {.year = as->year, .type = PERIOD_YEAR, .index = 0};
			enum app_status s = app_indicator_value(a, e->indicator, as->province, p,
			                                        dti_read_figure, e, &ignored);
			diag_finish(&ignored);
			if (s == APP_FAILED)
				return APP_FAILED;
		}
	}
	return APP_OK;
}

struct dti_published_row {
	char *code;
	double value;
};

struct dti_published {
	struct dti_published_row *rows;
	size_t n, cap;
};

static int dti_read_published(void *ctx, const char *code, double value, const char *source)
{
	struct dti_published *p = ctx;
	(void)source;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->rows = mem_realloc(p->rows, p->cap * sizeof *p->rows);
	}
	p->rows[p->n++] = (struct dti_published_row){mem_strdup(code), value};
	return 0;
}

/* The year before's published results, matched to as's main indices by name. */
static enum app_status dti_read_previous(struct app *a, struct dti_assessment *as)
{
	struct dti_published pub = {0};
	char *framework = NULL, *province = NULL;
	struct dti_item *items = NULL;
	size_t n = 0;
	enum app_status status = APP_FAILED;
	int year = as->year - 1;
	int rc = store_dti_year_get(a->store, year, &framework, &province);
	if (rc <= 0) {
		status = rc < 0 ? APP_FAILED : APP_OK;
		goto out;
	}
	if (store_dti_framework_get(a->store, framework, &items, &n) < 0 ||
	    store_dti_published_each(a->store, year, dti_read_published, &pub) < 0)
		goto out;
	status = APP_OK;
	if (pub.n == 0)
		goto out;
	struct dti_previous *prev = &as->previous;
	prev->year = year;
	double *values = mem_calloc(n ? n : 1, sizeof(double));
	double *points = mem_calloc(n ? n : 1, sizeof(double));
	bool complete = true;
	size_t n_main = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].parent)
			continue;
		bool found = false;
		for (size_t k = 0; k < pub.n && !found; k++) {
			if (strcmp(pub.rows[k].code, items[i].code) != 0)
				continue;
			found = true;
			values[n_main] = pub.rows[k].value;
			for (size_t j = 0; j < as->n; j++)
				if (!as->items[j].parent &&
				    strcmp(as->items[j].name, items[i].name) == 0) {
					prev->has_value[j] = true;
					prev->value[j] = pub.rows[k].value;
				}
		}
		if (!found && items[i].points > 0)
			complete = false;
		points[n_main++] = found ? items[i].points : 0;
	}
	for (size_t k = 0; k < pub.n; k++)
		if (strcmp(pub.rows[k].code, "DTI") == 0) {
			prev->has_score = prev->score_published = true;
			prev->score = pub.rows[k].value;
		}
	if (!prev->has_score && complete) {
		prev->has_score = true;
		prev->score = dti_total(values, points, n_main);
	}
	free(values);
	free(points);
out:
	for (size_t k = 0; k < pub.n; k++)
		free(pub.rows[k].code);
	free(pub.rows);
	for (size_t i = 0; i < n; i++)
		dti_item_clear(&items[i]);
	free(items);
	free(framework);
	free(province);
	return status;
}

enum app_status app_dti_assessment(struct app *a, int year, struct date as_of,
                                   struct dti_assessment *out, struct diag *d)
{
	struct dti_year y;
	dti_assessment_init(out, 0);
	enum app_status status = dti_year_load(a, year, &y, d);
	if (status != APP_OK)
		goto out;
	dti_assessment_clear(out);
	dti_assessment_init(out, y.n);
	out->year = year;
	out->as_of = date_is_set(as_of) ? as_of : a->today;
	out->framework = y.framework;
	out->province = y.province;
	memcpy(out->items, y.items, y.n * sizeof *y.items);
	free(y.items);
	memset(&y, 0, sizeof y);
	status = APP_FAILED;
	if (store_dti_entries_each(a->store, year, dti_read_entry, out) < 0 ||
	    store_dti_evidence_each(a->store, year, NULL, false, dti_read_evidence, out) < 0)
		goto out;
	status = dti_read_fill(a, out);
	if (status == APP_OK)
		status = dti_read_previous(a, out);
	if (status == APP_OK)
		dti_assess(out);
out:
	dti_year_finish(&y);
	return status;
}

static int dti_read_evidence_json(void *ctx, const struct dti_evidence *e)
{
	json_array_append_new(ctx, dti_report_evidence_json(e));
	return 0;
}

static int dti_read_entry_json(void *ctx, const struct dti_entry *e)
{
	json_array_append_new(ctx, dti_report_entry_json(e));
	return 0;
}

enum app_status app_dti_item_json(struct app *a, const struct dti_assessment *as, size_t i,
                                  json_t **out)
{
	const char *code = as->items[i].code;
	json_t *evidence = json_array(), *history = json_array();
	json_t *j = dti_report_item_json(as, i);
	enum app_status s = APP_OK;
	if (store_dti_evidence_each(a->store, as->year, code, true, dti_read_evidence_json,
	                            evidence) < 0 ||
	    (as->scored[i] &&
	     store_dti_entry_history(a->store, as->year, code, dti_read_entry_json, history) < 0))
		s = APP_FAILED;
	json_object_set_new(j, "evidence_items", evidence);
	json_object_set_new(j, "history", history);
	if (s != APP_OK) {
		json_decref(j);
		j = NULL;
	}
	*out = j;
	return s;
}
