/* dti.c — the DTI self-assessment's writes: binding a year to a framework (`dxtrack dti use`) and
 * an item's entry (`dxtrack dti set`, the item page's forms, PATCH /api/v1/dti/{y}/{c}); the
 * rights of each user on an item. Rules of scoring live in core/dti.c; who may write what is
 * said in app.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "dti_impl.h"

void dti_object(char *out, size_t size, int year, const char *code)
{
	if (code)
		snprintf(out, size, "dti %d/%s", year, code);
	else
		snprintf(out, size, "dti %d", year);
}

void dti_year_finish(struct dti_year *y)
{
	for (size_t i = 0; y->items && i < y->n; i++)
		dti_item_clear(&y->items[i]);
	free(y->items);
	free(y->framework);
	free(y->province);
	memset(y, 0, sizeof *y);
}

enum app_status dti_year_load(struct app *a, int year, struct dti_year *y, struct diag *d)
{
	memset(y, 0, sizeof *y);
	y->year = year;
	int rc = store_dti_year_get(a->store, year, &y->framework, &y->province);
	if (rc < 0)
		return APP_FAILED;
	if (rc == 0) {
		char object[64];
		dti_object(object, sizeof object, year, NULL);
		diag_add(
		    d, object, 0, NULL,
		    "year %d is not bound to a DTI framework: run dxtrack dti use %d FRAMEWORK",
		    year, year);
		return APP_NOT_FOUND;
	}
	rc = store_dti_framework_get(a->store, y->framework, &y->items, &y->n);
	if (rc < 0)
		return APP_FAILED;
	if (rc == 0) {
		diag_add(d, NULL, 0, NULL, "framework %s of year %d is missing", y->framework,
		         year);
		return APP_NOT_FOUND;
	}
	return APP_OK;
}

size_t dti_year_find(const struct dti_year *y, const char *code)
{
	for (size_t i = 0; i < y->n; i++)
		if (strcmp(y->items[i].code, code) == 0)
			return i;
	return y->n;
}

size_t dti_year_scored(const struct dti_year *y, const char *code, const char *file, unsigned line,
                       struct diag *d)
{
	char object[96];
	dti_object(object, sizeof object, y->year, code);
	size_t i = dti_year_find(y, code);
	const char *place = file ? file : object;
	const char *column = file ? "code" : NULL;
	if (i == y->n) {
		diag_add(d, place, line, column, "no item %s in framework %s", code, y->framework);
		return y->n;
	}
	if (!dti_item_scored(y->items, y->n, i)) {
		diag_add(d, place, line, column,
		         "%s is a main index scored from its components: enter its components",
		         code);
		return y->n;
	}
	return i;
}

int dti_rights(struct app *a, const char *unit, enum dti_status status, unsigned *rights)
{
	*rights = 0;
	if (a->who.kind == APP_NOBODY)
		return 0;
	if (a->who.role == ROLE_ADMIN) {
		*rights = APP_DTI_VALUE | APP_DTI_EVIDENCE | APP_DTI_ASSIGN | APP_DTI_VERIFY;
		return 0;
	}
	if (a->who.role != ROLE_EDITOR || !unit || !a->who.unit[0] || status == DTI_VERIFIED)
		return 0;
	int rc = store_unit_within(a->store, unit, a->who.unit);
	if (rc < 0)
		return -1;
	if (rc == 1)
		*rights = APP_DTI_VALUE | APP_DTI_EVIDENCE;
	return 0;
}

unsigned app_dti_rights(struct app *a, const struct dti_assessment *as, size_t i)
{
	unsigned rights = 0;
	if (i >= as->n || !as->scored[i])
		return 0;
	if (dti_rights(a, as->entries[i].unit, as->entries[i].status, &rights) < 0)
		return 0;
	return rights;
}

static void dti_entry_copy(struct dti_entry *dst, const struct dti_entry *src)
{
	*dst = *src;
	dst->unit = mem_strdup(src->unit);
	dst->unit_name = mem_strdup(src->unit_name);
	dst->indicator = mem_strdup(src->indicator);
	dst->note = mem_strdup(src->note);
	dst->updated_at = mem_strdup(src->updated_at);
	dst->author = mem_strdup(src->author);
}

static bool dti_same_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

static bool dti_entry_same(const struct dti_entry *x, const struct dti_entry *y)
{
	return x->has_value == y->has_value && (!x->has_value || x->value == y->value) &&
	       dti_same_text(x->unit, y->unit) && date_compare(x->due, y->due) == 0 &&
	       x->status == y->status && dti_same_text(x->indicator, y->indicator) &&
	       dti_same_text(x->note, y->note);
}

/* The fields of an entry as recorded in the audit row. */
static json_t *dti_entry_audit_json(const struct dti_entry *e)
{
	char due[16] = "";
	if (date_is_set(e->due))
		snprintf(due, sizeof due, "%04d-%02d-%02d", e->due.year, e->due.month, e->due.day);
	return json_pack(
	    "{s:o,s:o,s:o,s:s,s:o,s:o}", "value", e->has_value ? json_real(e->value) : json_null(),
	    "unit", e->unit ? json_string(e->unit) : json_null(), "due",
	    due[0] ? json_string(due) : json_null(), "status", dti_status_name(e->status),
	    "indicator", e->indicator ? json_string(e->indicator) : json_null(), "note",
	    e->note ? json_string(e->note) : json_null());
}

/* Why the acting user may not make a change needing `needs` (rights it has). */
static void dti_refuse(struct app *a, const struct dti_entry *old, unsigned needs, unsigned rights,
                       const char *place, unsigned line, struct diag *d)
{
	unsigned missing = needs & ~rights;
	if (a->who.role == ROLE_EDITOR && old->status == DTI_VERIFIED)
		diag_add(d, place, line, NULL,
		         "the item is verified: only an administrator may change it now");
	else if (a->who.role == ROLE_EDITOR && (missing & (APP_DTI_ASSIGN | APP_DTI_VERIFY)))
		diag_add(d, place, line, NULL,
		         "only an administrator may assign the unit, due date or linked indicator, "
		         "or verify an item");
	else if (a->who.role == ROLE_EDITOR && !old->unit)
		diag_add(d, place, line, NULL, "the item is not assigned to a unit yet");
	else if (a->who.role == ROLE_EDITOR)
		diag_add(d, place, line, NULL, "the item is assigned to %s, outside your unit %s",
		         old->unit, a->who.unit[0] ? a->who.unit : "(none)");
	else
		diag_add(d, place, line, NULL, "%s may not change DTI entries",
		         app_role_phrase(a->who.role));
}

/* Checks the change's references and text and puts it into e (a copy of the old entry). The
 * number of problems reported, or -1 on a store failure. */
static int dti_change_into(struct app *a, const struct dti_item *it, const struct dti_entry *old,
                           const struct app_dti_change *c, const char *place, unsigned line,
                           struct diag *d, struct dti_entry *e)
{
	int problems = 0;
	const char *why;
	if (c->indicator) {
		free(e->indicator);
		e->indicator = NULL;
		if (c->indicator[0]) {
			struct indicator ind = {0};
			int rc = store_indicator_get(a->store, c->indicator, &ind);
			indicator_clear(&ind);
			if (rc < 0)
				return -1;
			if (rc == 0) {
				diag_add(d, place, line, "indicator", "no indicator %s",
				         c->indicator);
				problems++;
			}
			e->indicator = mem_strdup(c->indicator);
			e->has_value = false; /* its value comes from the indicator */
		}
	}
	if (c->has_value && c->clear_value) {
		e->has_value = false;
	} else if (c->has_value && e->indicator) {
		diag_add(d, place, line, "value",
		         "the value comes from indicator %s: unlink it first to enter one",
		         e->indicator);
		problems++;
	} else if (c->has_value && dti_value_check(it->kind, c->value, &why) < 0) {
		diag_add(d, place, line, "value", "%s (%s), got %g", why, dti_kind_name(it->kind),
		         c->value);
		problems++;
	} else if (c->has_value) {
		e->has_value = true;
		e->value = c->value;
	}
	if (c->unit) {
		free(e->unit);
		e->unit = NULL;
		if (c->unit[0]) {
			struct unit u = {0};
			int rc = store_unit_get(a->store, c->unit, &u);
			unit_clear(&u);
			if (rc < 0)
				return -1;
			if (rc == 0) {
				diag_add(d, place, line, "unit", "no unit %s", c->unit);
				problems++;
			}
			e->unit = mem_strdup(c->unit);
		}
	}
	if (c->has_due)
		e->due = c->due;
	if (c->note) {
		size_t len = strlen(c->note);
		if (!utf8_valid(c->note, len, NULL)) {
			diag_add(d, place, line, "note", "invalid UTF-8");
			problems++;
		} else if (utf8_length(c->note, len) > DTI_TEXT_MAX) {
			diag_add(d, place, line, "note", "longer than %d characters", DTI_TEXT_MAX);
			problems++;
		}
		free(e->note);
		e->note = c->note[0] ? mem_strdup(c->note) : NULL;
	}
	if (c->has_status)
		e->status = c->status;
	else if (c->has_value && !c->clear_value && old->status == DTI_MISSING)
		e->status = DTI_DRAFT;
	else if (c->has_value && c->clear_value)
		e->status = DTI_MISSING;
	if (e->status >= DTI_SUBMITTED && !e->has_value && !e->indicator) {
		diag_add(d, place, line, "status", "an item without a value cannot be %s",
		         dti_status_name(e->status));
		problems++;
	}
	return problems;
}

enum app_status dti_apply(struct app *a, const struct dti_year *y, const char *code,
                          const struct app_dti_change *c, const char *file, unsigned line,
                          struct diag *d, struct dti_entry *result, bool *changed, json_t **detail)
{
	struct dti_entry old = {0}, e = {0};
	char object[96];
	enum app_status status = APP_FAILED;
	*changed = false;
	if (detail)
		*detail = NULL;
	dti_object(object, sizeof object, y->year, code);
	const char *place = file ? file : object;
	size_t i = dti_year_scored(y, code, file, line, d);
	if (i == y->n) /* unknown, or a main index scored from its components */
		return dti_year_find(y, code) == y->n ? APP_NOT_FOUND : APP_BAD_INPUT;
	if (store_dti_entry_get(a->store, y->year, code, &old) < 0)
		return APP_FAILED;

	unsigned rights, needs = 0;
	if (dti_rights(a, old.unit, old.status, &rights) < 0)
		goto out;
	if (c->has_value || c->note)
		needs |= APP_DTI_VALUE;
	if (c->has_status)
		needs |= c->status == DTI_VERIFIED ? APP_DTI_VERIFY : APP_DTI_VALUE;
	if (c->unit || c->has_due || c->indicator)
		needs |= APP_DTI_ASSIGN;
	if (!rights || (needs & ~rights)) {
		dti_refuse(a, &old, needs, rights, place, line, d);
		status = APP_FORBIDDEN;
		goto out;
	}
	if (c->expected_version && c->expected_version != old.version) {
		diag_add(d, place, line, NULL, "%s is at version %lld, not %lld: reload it", object,
		         (long long)old.version, (long long)c->expected_version);
		status = APP_CONFLICT;
		goto give_old;
	}
	dti_entry_copy(&e, &old);
	int problems = dti_change_into(a, &y->items[i], &old, c, place, line, d, &e);
	if (problems < 0)
		goto out;
	if (problems > 0) {
		status = APP_BAD_INPUT;
		goto out;
	}
	if (old.version > 0 && dti_entry_same(&old, &e)) {
		status = APP_OK;
		goto give_old;
	}
	free(e.updated_at);
	free(e.author);
	e.updated_at = mem_strdup(a->now);
	e.author = mem_strdup(a->actor);
	if (store_dti_entry_put(a->store, y->year, code, &e) < 0)
		goto out;
	*changed = true;
	if (detail)
		*detail = json_pack("{s:o,s:o,s:I}", "old", dti_entry_audit_json(&old), "new",
		                    dti_entry_audit_json(&e), "version", (json_int_t)e.version);
	if (result) {
		dti_entry_clear(result);
		*result = e;
		memset(&e, 0, sizeof e);
	}
	status = APP_OK;
	goto out;
give_old:
	if (result) {
		dti_entry_clear(result);
		*result = old;
		memset(&old, 0, sizeof old);
	}
out:
	dti_entry_clear(&old);
	dti_entry_clear(&e);
	return status;
}

enum app_status app_dti_set(struct app *a, int year, const char *code,
                            const struct app_dti_change *c, struct diag *d,
                            struct dti_entry *result)
{
	struct dti_year y;
	json_t *detail = NULL;
	bool changed = false;
	char object[96];
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	status = dti_year_load(a, year, &y, d);
	if (status == APP_OK)
		status = dti_apply(a, &y, code, c, NULL, 0, d, result, &changed, &detail);
	dti_object(object, sizeof object, year, code);
	if (status == APP_OK && changed)
		status = app_commit(a, 0, "dti.set", object, detail);
	else if (status == APP_FAILED)
		status = app_fail(a);
	else
		store_rollback(a->store);
	dti_year_finish(&y);
	return status;
}

enum app_status app_dti_history(struct app *a, int year, const char *code,
                                int (*each)(void *ctx, const struct dti_entry *e), void *ctx)
{
	return store_dti_entry_history(a->store, year, code, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

enum app_status app_dti_years_each(struct app *a,
                                   int (*each)(void *ctx, int year, const char *framework,
                                               const char *province),
                                   void *ctx)
{
	return store_dti_years_each(a->store, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

enum app_status app_dti_frameworks_each(struct app *a,
                                        int (*each)(void *ctx, const struct store_dti_framework *f),
                                        void *ctx)
{
	return store_dti_frameworks_each(a->store, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

/* The province a year is assessed for when none is named: the one unit of kind province valid
 * on 31 December of the year. */
struct dti_province_find {
	char *code;
	size_t count;
	struct buf names;
};

static int dti_province_row(void *ctx, const struct unit *u)
{
	struct dti_province_find *f = ctx;
	if (u->kind != UNIT_PROVINCE)
		return 0;
	if (f->count++ == 0)
		f->code = mem_strdup(u->code);
	buf_printf(&f->names, "%s%s", f->names.len ? ", " : "", u->code);
	return 0;
}

/* Codes of a year's entries and evidence: one check against a new framework. */
struct dti_codes_check {
	const struct dti_item *items;
	size_t n;
	const char *framework;
	char *object;
	struct diag *d;
	int problems;
};

static void dti_code_check(struct dti_codes_check *k, const char *code)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->items[i].code, code) == 0 && dti_item_scored(k->items, k->n, i))
			return;
	diag_add(k->d, k->object, 0, NULL,
	         "%s has entries or evidence this year but is not a scored item of %s", code,
	         k->framework);
	k->problems++;
}

static int dti_code_entry_row(void *ctx, const char *code, const struct dti_entry *e)
{
	(void)e;
	dti_code_check(ctx, code);
	return 0;
}

static int dti_code_evidence_row(void *ctx, const struct dti_evidence *e)
{
	dti_code_check(ctx, e->code);
	return 0;
}

enum app_status app_dti_use(struct app *a, int year, const char *framework, const char *province,
                            struct diag *d)
{
	struct dti_item *items = NULL;
	size_t n = 0;
	char *old_framework = NULL, *old_province = NULL;
	struct dti_province_find found = {0};
	char object[64];
	dti_object(object, sizeof object, year, NULL);
	buf_init(&found.names, 4096);
	enum app_status status = app_require_admin(a, d, "bind a year to a DTI framework");
	if (status != APP_OK)
		goto out;
	status = APP_BAD_INPUT;
	if (year < 2000 || year > 2100) {
		diag_add(d, object, 0, NULL, "the year must be from 2000 to 2100");
		goto out;
	}
	status = APP_FAILED;
	if (store_begin(a->store) < 0)
		goto out;
	int rc = store_dti_framework_get(a->store, framework, &items, &n);
	if (rc <= 0) {
		status = rc < 0 ? app_fail(a) : APP_NOT_FOUND;
		if (rc == 0) {
			store_rollback(a->store);
			diag_add(
			    d, object, 0, NULL,
			    "no framework %s: import it with dxtrack dti framework import FILE.csv",
			    framework);
		}
		goto out;
	}
	if (province) {
		struct unit u = {0};
		rc = store_unit_get(a->store, province, &u);
		enum unit_kind kind = u.kind;
		unit_clear(&u);
		if (rc <= 0) {
			status = rc < 0 ? app_fail(a) : APP_NOT_FOUND;
			if (rc == 0) {
				store_rollback(a->store);
				diag_add(d, object, 0, "province", "no unit %s", province);
			}
			goto out;
		}
		if (kind != UNIT_PROVINCE) {
			store_rollback(a->store);
			diag_add(d, object, 0, "province",
			         "%s is not a province: the DTI assesses a province", province);
			status = APP_BAD_INPUT;
			goto out;
		}
	} else {
		char day[16];
		snprintf(day, sizeof day, "%04d-12-31", year);
		if (store_units_at(a->store, day, dti_province_row, &found) < 0) {
			status = app_fail(a);
			goto out;
		}
		if (found.count > 1) {
			store_rollback(a->store);
			diag_add(
			    d, object, 0, "province",
			    "%zu provinces on 31/12/%d (%s): name the one assessed with --province",
			    found.count, year, buf_cstr(&found.names));
			status = APP_BAD_INPUT;
			goto out;
		}
		province = found.code;
	}
	rc = store_dti_year_get(a->store, year, &old_framework, &old_province);
	if (rc < 0) {
		status = app_fail(a);
		goto out;
	}
	if (rc == 1 && strcmp(old_framework, framework) != 0) {
		struct dti_codes_check k = {items, n, framework, object, d, 0};
		if (store_dti_entries_each(a->store, year, dti_code_entry_row, &k) < 0 ||
		    store_dti_evidence_each(a->store, year, NULL, true, dti_code_evidence_row, &k) <
		        0) {
			status = app_fail(a);
			goto out;
		}
		if (k.problems) {
			store_rollback(a->store);
			status = APP_BAD_INPUT;
			goto out;
		}
	}
	json_t *detail = json_pack("{s:s,s:o,s:o}", "framework", framework, "province",
	                           province ? json_string(province) : json_null(), "previous",
	                           old_framework ? json_string(old_framework) : json_null());
	status =
	    app_commit(a, store_dti_year_put(a->store, year, framework, province, a->now, a->actor),
	               "dti.use", object, detail);
out:
	for (size_t i = 0; i < n; i++)
		dti_item_clear(&items[i]);
	free(items);
	free(old_framework);
	free(old_province);
	free(found.code);
	buf_finish(&found.names);
	return status;
}
