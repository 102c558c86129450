/* dti_import.c — the DTI's CSV imports, each all or nothing: frameworks (`dxtrack dti framework
 * import`), a year's entries (`dxtrack dti import`) and the ministry's published results
 * (`dxtrack dti published import`). Headers and rules are in app.h and core/dti.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/indicator.h"
#include "../io/table.h"
#include "../lib/mem.h"
#include "dti_impl.h"

/* ---- frameworks ---- */

enum {
	F_FRAMEWORK,
	F_CODE,
	F_PARENT,
	F_NAME,
	F_POINTS,
	F_KIND,
	F_TARGET,
	F_RULE,
	F_EVIDENCE,
	F_WEIGHT,
	F_OFFICIAL,
	F_SOURCE,
	F_COLUMNS
};

static const struct table_column dti_framework_columns[F_COLUMNS] = {
    [F_FRAMEWORK] = {"framework", true},
    [F_CODE] = {"code", true},
    [F_PARENT] = {"parent", TABLE_IN_HEADER},
    [F_NAME] = {"name", true},
    [F_POINTS] = {"points", TABLE_IN_HEADER},
    [F_KIND] = {"kind", TABLE_IN_HEADER},
    [F_TARGET] = {"target", TABLE_IN_HEADER},
    [F_RULE] = {"rule", TABLE_IN_HEADER},
    [F_EVIDENCE] = {"evidence_required", TABLE_IN_HEADER},
    [F_WEIGHT] = {"weight", false},
    [F_OFFICIAL] = {"official", false},
    [F_SOURCE] = {"source", false},
};

/* yes/no, 1/0, có/không (any case of the ASCII ones); empty gives dflt. 0 or -1. */
static int dti_yes_no(const char *s, bool dflt, bool *out)
{
	static const char *const yes[] = {"yes", "Yes", "YES", "1", "có", "Có", "x", "X"};
	static const char *const no[] = {"no", "No", "NO", "0", "không", "Không"};
	if (!s[0]) {
		*out = dflt;
		return 0;
	}
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	return -1;
}

/* An optional number cell: *has false when empty. 0, or -1 (reported). */
static int dti_cell_number(struct table_reader *t, const struct table_row *row, int column,
                           bool *has, double *out)
{
	const char *s = row->values[column];
	const char *why;
	*has = false;
	if (!s[0])
		return 0;
	if (indicator_number_parse(s, strlen(s), out, &why) < 0) {
		table_report(t, row, dti_framework_columns[column].name, "%s, got \"%.40s\"", why,
		             s);
		return -1;
	}
	*has = true;
	return 0;
}

/* One framework of the file: its items in file order and their lines. */
struct dti_import_framework {
	char *code;
	struct dti_item *items;
	unsigned *lines;
	size_t n, cap;
};

struct dti_framework_import {
	struct dti_import_framework *fw;
	size_t n_fw, cap_fw;
	const char *label;
	struct diag *d;
};

static struct dti_import_framework *dti_import_framework_of(struct dti_framework_import *im,
                                                            const char *code)
{
	for (size_t i = 0; i < im->n_fw; i++)
		if (strcmp(im->fw[i].code, code) == 0)
			return &im->fw[i];
	if (im->n_fw == im->cap_fw) {
		im->cap_fw = im->cap_fw ? im->cap_fw * 2 : 4;
		im->fw = mem_realloc(im->fw, im->cap_fw * sizeof *im->fw);
	}
	struct dti_import_framework *f = &im->fw[im->n_fw++];
	memset(f, 0, sizeof *f);
	f->code = mem_strdup(code);
	return f;
}

/* Reads one row into an item; false when it had a problem (reported). */
static bool dti_import_item(struct table_reader *t, const struct table_row *row,
                            struct dti_item *it)
{
	const char *const *v = row->values;
	const char *why;
	bool ok = true;
	it->code = mem_strdup(v[F_CODE]);
	it->parent = v[F_PARENT][0] ? mem_strdup(v[F_PARENT]) : NULL;
	it->name = mem_strdup(v[F_NAME]);
	it->source = v[F_SOURCE][0] ? mem_strdup(v[F_SOURCE]) : NULL;
	if (dti_cell_number(t, row, F_POINTS, &it->has_points, &it->points) < 0 ||
	    dti_cell_number(t, row, F_TARGET, &it->has_target, &it->target) < 0 ||
	    dti_cell_number(t, row, F_WEIGHT, &it->has_weight, &it->weight) < 0)
		ok = false;
	if (v[F_KIND][0]) {
		it->has_kind = dti_kind_parse(v[F_KIND], &it->kind) == 0;
		if (!it->has_kind) {
			table_report(t, row, "kind",
			             "expected percent, count, yes_no or level, got \"%.40s\"",
			             v[F_KIND]);
			ok = false;
		}
	}
	if (dti_rule_parse(v[F_RULE], &it->rule, &why) < 0) {
		table_report(t, row, "rule", "%s, got \"%.60s\"", why, v[F_RULE]);
		ok = false;
	}
	if (dti_yes_no(v[F_EVIDENCE], true, &it->evidence_required) < 0) {
		table_report(t, row, "evidence_required", "expected yes or no, got \"%.40s\"",
		             v[F_EVIDENCE]);
		ok = false;
	}
	if (dti_yes_no(v[F_OFFICIAL], true, &it->official) < 0) {
		table_report(t, row, "official", "expected yes or no, got \"%.40s\"",
		             v[F_OFFICIAL]);
		ok = false;
	}
	return ok;
}

struct dti_check_report {
	const struct dti_framework_import *im;
	const struct dti_import_framework *f;
};

static void dti_check_report(void *ctx, size_t item, const char *column, const char *message)
{
	struct dti_check_report *r = ctx;
	if (item < r->f->n)
		diag_add(r->im->d, r->im->label, r->f->lines[item], column, "%s", message);
	else
		diag_add(r->im->d, r->im->label, 0, column, "framework %s: %s", r->f->code,
		         message);
}

/* An item with entries or evidence must stay a scored item of the replaced framework. */
struct dti_in_use {
	const struct dti_import_framework *f;
	const char *label;
	struct diag *d;
};

static int dti_in_use_row(void *ctx, const char *code)
{
	struct dti_in_use *u = ctx;
	for (size_t i = 0; i < u->f->n; i++)
		if (strcmp(u->f->items[i].code, code) == 0 &&
		    dti_item_scored(u->f->items, u->f->n, i))
			return 0;
	diag_add(u->d, u->label, 0, NULL,
	         "framework %s: item %s has entries or evidence in a bound year and must remain a "
	         "scored item",
	         u->f->code, code);
	return 0;
}

/* Writes one framework unless identical to the stored one. -1 on a store failure. */
static int dti_import_write(struct app *a, const struct dti_import_framework *f,
                            struct import_result *r)
{
	struct dti_item *old = NULL;
	size_t n_old = 0;
	int rc = store_dti_framework_get(a->store, f->code, &old, &n_old);
	if (rc < 0)
		return -1;
	bool same = rc == 1 && n_old == f->n;
	for (size_t i = 0; same && i < f->n; i++)
		same = dti_item_equal(&old[i], &f->items[i]);
	for (size_t i = 0; i < n_old; i++)
		dti_item_clear(&old[i]);
	free(old);
	if (same) {
		r->unchanged++;
		return 0;
	}
	if (store_dti_framework_put(a->store, f->code, f->items, f->n, a->now, a->actor) < 0)
		return -1;
	if (rc == 1)
		r->updated++;
	else
		r->inserted++;
	return 0;
}

static void dti_framework_import_free(struct dti_framework_import *im)
{
	for (size_t i = 0; i < im->n_fw; i++) {
		for (size_t j = 0; j < im->fw[i].n; j++)
			dti_item_clear(&im->fw[i].items[j]);
		free(im->fw[i].items);
		free(im->fw[i].lines);
		free(im->fw[i].code);
	}
	free(im->fw);
}

enum app_status app_dti_framework_import(struct app *a, const char *label, const char *data,
                                         size_t len, struct diag *d, struct import_result *r)
{
	struct dti_framework_import im = {.label = label, .d = d};
	struct table_reader *t = NULL;
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_admin(a, d, "import DTI frameworks");
	if (status != APP_OK)
		return status;
	status = APP_BAD_INPUT;
	size_t problems = diag_total(d);
	t = table_open(label, data, len, dti_framework_columns, F_COLUMNS, d);
	if (!t)
		goto out;
	struct table_row row;
	int rc;
	while ((rc = table_next(t, &row)) > 0) {
		r->rows++;
		if (!row.ok)
			continue;
		struct dti_import_framework *f =
		    dti_import_framework_of(&im, row.values[F_FRAMEWORK]);
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 64;
			f->items = mem_realloc(f->items, f->cap * sizeof *f->items);
			f->lines = mem_realloc(f->lines, f->cap * sizeof *f->lines);
		}
		memset(&f->items[f->n], 0, sizeof *f->items);
		f->lines[f->n] = row.line;
		if (dti_import_item(t, &row, &f->items[f->n]))
			f->n++;
		else
			dti_item_clear(&f->items[f->n]);
	}
	if (rc < 0 || diag_total(d) > problems)
		goto out;
	for (size_t i = 0; i < im.n_fw; i++) {
		struct dti_check_report ctx = {&im, &im.fw[i]};
		if (strlen(im.fw[i].code) > DTI_CODE_MAX)
			diag_add(d, label, im.fw[i].lines[0], "framework",
			         "a framework code is at most %d characters", DTI_CODE_MAX);
		dti_framework_check(im.fw[i].items, im.fw[i].n, dti_check_report, &ctx);
	}
	if (diag_total(d) > problems)
		goto out;
	status = APP_FAILED;
	if (store_begin(a->store) < 0)
		goto out;
	for (size_t i = 0; i < im.n_fw; i++) {
		struct dti_in_use u = {&im.fw[i], label, d};
		if (store_dti_codes_in_use(a->store, im.fw[i].code, dti_in_use_row, &u) < 0) {
			status = app_fail(a);
			goto out;
		}
	}
	if (diag_total(d) > problems) {
		store_rollback(a->store);
		status = APP_BAD_INPUT;
		goto out;
	}
	for (size_t i = 0; i < im.n_fw; i++)
		if (dti_import_write(a, &im.fw[i], r) < 0) {
			status = app_fail(a);
			goto out;
		}
	status = app_import_finish(a, "dti.framework", label, r);
out:
	table_close(t);
	dti_framework_import_free(&im);
	return status;
}

/* ---- a year's entries ---- */

enum { E_CODE, E_VALUE, E_UNIT, E_DUE, E_STATUS, E_NOTE, E_COLUMNS };

static const struct table_column dti_entry_columns[E_COLUMNS] = {
    [E_CODE] = {"code", true},
    [E_VALUE] = {"value", TABLE_IN_HEADER},
    [E_UNIT] = {"unit", TABLE_IN_HEADER},
    [E_DUE] = {"due", false},
    [E_STATUS] = {"status", false},
    [E_NOTE] = {"note", false},
};

/* One row as a change; false when a cell is malformed (reported). */
static bool dti_import_change(struct table_reader *t, const struct table_row *row,
                              struct app_dti_change *c)
{
	const char *const *v = row->values;
	const char *why;
	bool ok = true;
	memset(c, 0, sizeof *c);
	if (v[E_VALUE][0]) {
		c->has_value = true;
		if (indicator_number_parse(v[E_VALUE], strlen(v[E_VALUE]), &c->value, &why) < 0) {
			table_report(t, row, "value", "%s, got \"%.40s\"", why, v[E_VALUE]);
			ok = false;
		}
	}
	if (v[E_UNIT][0])
		c->unit = v[E_UNIT];
	if (v[E_DUE][0]) {
		c->has_due = true;
		if (date_parse(v[E_DUE], strlen(v[E_DUE]), &c->due, &why) < 0) {
			table_report(t, row, "due", "%s, got \"%.40s\"", why, v[E_DUE]);
			ok = false;
		}
	}
	if (v[E_STATUS][0]) {
		c->has_status = true;
		if (dti_status_parse(v[E_STATUS], &c->status) < 0) {
			table_report(
			    t, row, "status",
			    "expected missing, draft, submitted or verified, got \"%.40s\"",
			    v[E_STATUS]);
			ok = false;
		}
	}
	if (v[E_NOTE][0])
		c->note = v[E_NOTE];
	return ok;
}

enum app_status app_dti_import(struct app *a, int year, const char *label, const char *data,
                               size_t len, struct diag *d, struct import_result *r)
{
	struct dti_year y = {0};
	struct table_reader *t = NULL;
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	size_t problems = diag_total(d);
	t = table_open(label, data, len, dti_entry_columns, E_COLUMNS, d);
	if (!t)
		return APP_BAD_INPUT;
	status = APP_FAILED;
	if (store_begin(a->store) < 0)
		goto out;
	status = dti_year_load(a, year, &y, d);
	if (status != APP_OK) {
		store_rollback(a->store);
		goto out;
	}
	struct table_row row;
	int rc;
	enum app_status worst = APP_OK;
	while ((rc = table_next(t, &row)) > 0) {
		struct app_dti_change c;
		r->rows++;
		if (!row.ok || !dti_import_change(t, &row, &c))
			continue;
		bool changed = false;
		enum app_status s = dti_apply(a, &y, row.values[E_CODE], &c, label, row.line, d,
		                              NULL, &changed, NULL);
		if (s == APP_FAILED) {
			status = app_fail(a);
			goto out;
		}
		if (s == APP_FORBIDDEN || (s != APP_OK && worst == APP_OK))
			worst = s;
		if (changed)
			r->updated++;
		else if (s == APP_OK)
			r->unchanged++;
	}
	if (rc < 0 || diag_total(d) > problems) {
		store_rollback(a->store);
		status = worst == APP_FORBIDDEN ? APP_FORBIDDEN : APP_BAD_INPUT;
		goto out;
	}
	status = app_import_finish(a, "dti.import", label, r);
out:
	table_close(t);
	dti_year_finish(&y);
	return status;
}

/* ---- the ministry's published results ---- */

enum { P_YEAR, P_CODE, P_VALUE, P_SOURCE, P_COLUMNS };

static const struct table_column dti_published_columns[P_COLUMNS] = {
    [P_YEAR] = {"year", true},
    [P_CODE] = {"code", true},
    [P_VALUE] = {"value", true},
    [P_SOURCE] = {"source", false},
};

/* Checks one published row against its year's framework (loaded into *y when the year
 * changes). -1 on a store failure, else the number of problems. */
static int dti_published_row(struct app *a, struct table_reader *t, const struct table_row *row,
                             struct dti_year *y, int *year, double *value)
{
	const char *const *v = row->values;
	const char *why;
	char *end;
	long n = strtol(v[P_YEAR], &end, 10);
	if (*end || n < 2000 || n > 2100) {
		table_report(t, row, "year", "expected a year from 2000 to 2100, got \"%.20s\"",
		             v[P_YEAR]);
		return 1;
	}
	*year = (int)n;
	if (y->year != *year) {
		struct diag ignored;
		diag_init(&ignored);
		dti_year_finish(y);
		enum app_status s = dti_year_load(a, *year, y, &ignored);
		diag_finish(&ignored);
		if (s == APP_FAILED)
			return -1;
		y->year = *year; /* also when not bound: y->n is 0 then */
	}
	int problems = 0;
	if (!y->framework) {
		table_report(t, row, "year",
		             "year %d is not bound to a DTI framework: run dxtrack dti use %d "
		             "FRAMEWORK first",
		             *year, *year);
		problems++;
	} else if (strcmp(v[P_CODE], "DTI") != 0) {
		size_t i = dti_year_find(y, v[P_CODE]);
		if (i == y->n || y->items[i].parent) {
			table_report(t, row, "code", "%.40s is not a main index of %s (nor DTI)",
			             v[P_CODE], y->framework);
			problems++;
		}
	}
	if (indicator_number_parse(v[P_VALUE], strlen(v[P_VALUE]), value, &why) < 0) {
		table_report(t, row, "value", "%s, got \"%.40s\"", why, v[P_VALUE]);
		problems++;
	} else if (*value < 0 || *value > 1) {
		table_report(t, row, "value", "a published value is from 0 to 1, got %s",
		             v[P_VALUE]);
		problems++;
	}
	return problems;
}

enum app_status app_dti_published_import(struct app *a, const char *label, const char *data,
                                         size_t len, struct diag *d, struct import_result *r)
{
	struct dti_year y = {0};
	struct table_reader *t = NULL;
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_admin(a, d, "enter published DTI results");
	if (status != APP_OK)
		return status;
	size_t problems = diag_total(d);
	t = table_open(label, data, len, dti_published_columns, P_COLUMNS, d);
	if (!t)
		return APP_BAD_INPUT;
	status = APP_FAILED;
	if (store_begin(a->store) < 0)
		goto out;
	struct table_row row;
	int rc;
	while ((rc = table_next(t, &row)) > 0) {
		r->rows++;
		if (!row.ok)
			continue;
		int year;
		double value;
		int bad = dti_published_row(a, t, &row, &y, &year, &value);
		if (bad < 0) {
			status = app_fail(a);
			goto out;
		}
		if (bad > 0 || diag_total(d) > problems)
			continue;
		if (store_dti_published_put(a->store, year, row.values[P_CODE], value,
		                            row.values[P_SOURCE], a->now, a->actor) < 0) {
			status = app_fail(a);
			goto out;
		}
		r->updated++;
	}
	if (rc < 0 || diag_total(d) > problems) {
		store_rollback(a->store);
		status = APP_BAD_INPUT;
		goto out;
	}
	status = app_import_finish(a, "dti.published", label, r);
out:
	table_close(t);
	dti_year_finish(&y);
	return status;
}
