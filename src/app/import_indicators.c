/* import_indicators.c — `dxtrack import indicators` and `dxtrack import targets`, all or nothing,
 * and what the imports of indicator data share (indicators_impl.h).
 *
 * Definitions: pass 1 checks each row alone (core/indicator.c) and duplicates in the file; pass 2
 * checks what needs the others: a ratio's numerator and denominator are indicators (in the file
 * or the database) that are not ratios themselves, and an indicator that has values keeps its
 * aggregation (its stored values were checked against it: a share's are 0 or 1). Then the
 * definitions are written. Administrators only: definitions are shared by everyone.
 *
 * Targets: each row names a known indicator, a unit that exists on the period's last day, a
 * period and a number; one target per (indicator, unit, period) in the file; a target already
 * stored is replaced. Administrators only.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "indicators_impl.h"

/* ---- what the imports share ---- */

static int indicators_units_row(void *ctx, const struct unit *unit)
{
	struct indicators_units *u = ctx;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 1024;
		u->units = mem_realloc(u->units, u->cap * sizeof *u->units);
	}
	u->units[u->n] = (struct indicators_unit){
	    .code = arena_strdup(&u->strings, unit->code),
	    .kind = unit->kind,
	    .valid_from = unit->valid_from,
	    .valid_to = unit->valid_to,
	    .within = -1,
	};
	hmap_put(&u->index, unit->code, (int64_t)u->n);
	u->n++;
	return 0;
}

static int indicators_units_key_row(void *ctx, const char *code, int64_t id)
{
	struct indicators_units *u = ctx;
	int64_t i = indicators_units_find(u, code);
	if (i >= 0)
		u->units[i].key = id;
	return 0;
}

enum app_status indicators_units_load(struct app *a, struct indicators_units *u)
{
	memset(u, 0, sizeof *u);
	hmap_init(&u->index);
	arena_init(&u->strings);
	if (app_units_each(a, indicators_units_row, u) != APP_OK ||
	    store_unit_keys_each(a->store, indicators_units_key_row, u) < 0)
		return APP_FAILED;
	return APP_OK;
}

void indicators_units_finish(struct indicators_units *u)
{
	free(u->units);
	hmap_finish(&u->index);
	arena_finish(&u->strings);
	memset(u, 0, sizeof *u);
}

int64_t indicators_units_find(const struct indicators_units *u, const char *code)
{
	int64_t i;
	return hmap_get(&u->index, code, &i) ? i : -1;
}

int indicators_units_key(struct app *a, struct indicators_units *u, size_t i)
{
	if (u->units[i].key > 0)
		return 0;
	return store_unit_key_add(a->store, u->units[i].code, &u->units[i].key);
}

int indicators_units_allowed(struct app *a, struct indicators_units *u, size_t i)
{
	if (a->who.role != ROLE_EDITOR)
		return 1;
	if (u->units[i].within < 0) {
		int rc =
		    a->who.unit[0] ? store_unit_within(a->store, u->units[i].code, a->who.unit) : 0;
		if (rc < 0)
			return -1;
		u->units[i].within = (signed char)rc;
	}
	return u->units[i].within;
}

bool indicators_units_check_period(struct table_reader *t, const struct table_row *row,
                                   const struct indicators_units *u, size_t i, struct period p)
{
	const struct indicators_unit *x = &u->units[i];
	if (!date_is_set(x->valid_from) && !date_is_set(x->valid_to))
		return true; /* always there: the common case, without a calendar */
	struct date last = period_last_day(p);
	if (unit_span_holds(x->valid_from, x->valid_to, last))
		return true;
	struct buf span, day;
	buf_init(&span, 0);
	buf_init(&day, 0);
	unit_span_format(&span, x->valid_from, x->valid_to);
	date_format_iso(&day, last);
	table_report(t, row, "unit",
	             "unit %s does not exist on %s, the last day of the period (it exists %s): "
	             "roll-ups of the period use the tree of that day",
	             x->code, buf_cstr(&day), buf_cstr(&span));
	buf_finish(&span);
	buf_finish(&day);
	return false;
}

enum app_status indicators_import_finish(struct app *a, const char *action, const char *label,
                                         const struct import_result *r)
{
	json_t *detail =
	    json_pack("{s:s,s:I,s:I,s:I,s:I}", "file", label, "rows", (json_int_t)r->rows,
	              "inserted", (json_int_t)r->inserted, "replaced", (json_int_t)r->updated,
	              "unchanged", (json_int_t)r->unchanged);
	return app_commit(a, 0, action, label, detail);
}

/* A whole number in [min, max] written with digits only. */
static int indicators_int(const char *s, int min, int max, int *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 9)
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* ---- definitions ---- */

enum { I_CODE, I_NAME, I_MEASURE, I_AGG, I_NUM, I_DEN, I_MULT, I_DIR, I_DEC, I_COLUMNS };

static const struct table_column import_indicator_columns[I_COLUMNS] = {
    [I_CODE] = {"code", true},        [I_NAME] = {"name", true},
    [I_MEASURE] = {"measure", false}, [I_AGG] = {"aggregation", true},
    [I_NUM] = {"numerator", false},   [I_DEN] = {"denominator", false},
    [I_MULT] = {"multiplier", false}, [I_DIR] = {"direction", true},
    [I_DEC] = {"decimals", true},
};

struct import_indicator_row {
	unsigned line;
	struct indicator ind;
};

struct import_indicators {
	struct app *app;
	struct table_reader *table;
	struct import_indicator_row *rows;
	size_t n_rows, cap_rows;
	struct hmap index; /* code → row */
};

struct import_indicator_report {
	struct table_reader *table;
	const struct table_row *row;
};

static void import_indicator_report(void *ctx, const char *column, const char *message)
{
	struct import_indicator_report *c = ctx;
	table_report(c->table, c->row, column, "%s", message);
}

static char *import_indicator_opt(const char *s)
{
	return s[0] ? mem_strdup(s) : NULL;
}

/* Pass 1 for one row. */
static bool import_indicator_parse(struct import_indicators *im, const struct table_row *row,
                                   struct indicator *ind)
{
	const char *const *v = row->values;
	const char *why;
	bool ok = true;
	ind->code = mem_strdup(v[I_CODE]);
	ind->name = mem_strdup(v[I_NAME]);
	ind->measure = mem_strdup(v[I_MEASURE]);
	ind->numerator = import_indicator_opt(v[I_NUM]);
	ind->denominator = import_indicator_opt(v[I_DEN]);
	ind->multiplier = 1;
	if (indicator_aggregation_parse(v[I_AGG], &ind->aggregation) < 0) {
		table_report(
		    im->table, row, "aggregation",
		    "unknown aggregation \"%s\": use sum, ratio, share, mean, min, max or last",
		    v[I_AGG]);
		ok = false;
	}
	if (indicator_direction_parse(v[I_DIR], &ind->direction) < 0) {
		table_report(im->table, row, "direction",
		             "unknown direction \"%s\": use up (more is better) or down", v[I_DIR]);
		ok = false;
	}
	if (indicators_int(v[I_DEC], 0, INDICATOR_DECIMALS_MAX, &ind->decimals) < 0) {
		table_report(im->table, row, "decimals",
		             "decimals must be a whole number from 0 to %d, got \"%s\"",
		             INDICATOR_DECIMALS_MAX, v[I_DEC]);
		ok = false;
	}
	if (v[I_MULT][0] &&
	    indicator_number_parse(v[I_MULT], strlen(v[I_MULT]), &ind->multiplier, &why) < 0) {
		table_report(im->table, row, "multiplier", "%s", why);
		ok = false;
	}
	if (ok) {
		struct import_indicator_report c = {im->table, row};
		if (indicator_check(ind, import_indicator_report, &c) > 0)
			ok = false;
	}
	int64_t first;
	if (ok && hmap_get(&im->index, ind->code, &first)) {
		table_report(im->table, row, "code",
		             "indicator %s appears again (first on line %u)", ind->code,
		             im->rows[first].line);
		ok = false;
	}
	return ok;
}

/* The aggregation of code as it will be after the import: the file wins over the database.
 * 1 found, 0 not, -1 store failure. */
static int import_indicator_lookup(struct import_indicators *im, const char *code,
                                   enum indicator_aggregation *agg)
{
	int64_t i;
	if (hmap_get(&im->index, code, &i)) {
		*agg = im->rows[i].ind.aggregation;
		return 1;
	}
	struct indicator old = {0};
	int rc = store_indicator_get(im->app->store, code, &old);
	if (rc == 1)
		*agg = old.aggregation;
	indicator_clear(&old);
	return rc;
}

/* Pass 2: the parts of ratios, and aggregations that may not change. */
static int import_indicators_check(struct import_indicators *im, struct diag *d)
{
	for (size_t i = 0; i < im->n_rows; i++) {
		const struct indicator *ind = &im->rows[i].ind;
		unsigned line = im->rows[i].line;
		const char *parts[2] = {ind->numerator, ind->denominator};
		static const char *const names[2] = {"numerator", "denominator"};
		for (int k = 0; k < 2 && ind->aggregation == INDICATOR_RATIO; k++) {
			enum indicator_aggregation agg = INDICATOR_SUM;
			int rc = import_indicator_lookup(im, parts[k], &agg);
			if (rc < 0)
				return -1;
			if (rc == 0)
				diag_add(
				    d, table_label(im->table), line, names[k],
				    "unknown indicator \"%s\": define it in this file or import it "
				    "first",
				    parts[k]);
			else if (agg == INDICATOR_RATIO)
				diag_add(d, table_label(im->table), line, names[k],
				         "%s is a ratio itself: a ratio divides two indicators "
				         "that have "
				         "values",
				         parts[k]);
		}
		struct indicator old = {0};
		int rc = store_indicator_get(im->app->store, ind->code, &old);
		int has = rc == 1 && old.aggregation != ind->aggregation
		              ? store_indicator_has_values(im->app->store, old.id)
		              : 0;
		if (rc < 0 || has < 0) {
			indicator_clear(&old);
			return -1;
		}
		if (has)
			diag_add(d, table_label(im->table), line, "aggregation",
			         "indicator %s has values: its aggregation stays %s (define a new "
			         "indicator for %s)",
			         ind->code, indicator_aggregation_code(old.aggregation),
			         indicator_aggregation_code(ind->aggregation));
		indicator_clear(&old);
	}
	return 0;
}

static bool import_indicator_same(const struct indicator *a, const struct indicator *b)
{
	const char *sa[5] = {a->name, a->measure, a->numerator, a->denominator, NULL};
	const char *sb[5] = {b->name, b->measure, b->numerator, b->denominator, NULL};
	for (int i = 0; i < 4; i++)
		if (strcmp(sa[i] ? sa[i] : "", sb[i] ? sb[i] : "") != 0)
			return false;
	return a->aggregation == b->aggregation && a->multiplier == b->multiplier &&
	       a->direction == b->direction && a->decimals == b->decimals;
}

/* Pass 3 for one row. -1 on a store failure. */
static int import_indicator_write(struct import_indicators *im, struct indicator *ind,
                                  struct import_result *r)
{
	struct indicator old = {0};
	int rc = store_indicator_get(im->app->store, ind->code, &old);
	if (rc == 1 && import_indicator_same(&old, ind)) {
		r->unchanged++;
	} else if (rc >= 0) {
		rc = store_indicator_put(im->app->store, ind);
		if (rc == 0 && old.code)
			r->updated++;
		else if (rc == 0)
			r->inserted++;
	}
	indicator_clear(&old);
	return rc < 0 ? -1 : 0;
}

enum app_status app_import_indicators(struct app *a, const char *label, const char *data,
                                      size_t len, struct diag *d, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_admin(a, d, "import indicators");
	if (status != APP_OK)
		return status;
	struct import_indicators im = {.app = a};
	size_t problems = diag_total(d);
	hmap_init(&im.index);
	status = APP_BAD_INPUT;
	im.table = table_open(label, data, len, import_indicator_columns, I_COLUMNS, d);
	if (!im.table)
		goto out;
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	struct table_row row;
	int rc;
	while ((rc = table_next(im.table, &row)) > 0) {
		r->rows++;
		if (!row.ok)
			continue;
		if (im.n_rows == im.cap_rows) {
			im.cap_rows = im.cap_rows ? 2 * im.cap_rows : 64;
			im.rows = mem_realloc(im.rows, im.cap_rows * sizeof *im.rows);
		}
		struct import_indicator_row *slot = &im.rows[im.n_rows];
		memset(slot, 0, sizeof *slot);
		slot->line = row.line;
		if (import_indicator_parse(&im, &row, &slot->ind)) {
			hmap_put(&im.index, slot->ind.code, (int64_t)im.n_rows);
			im.n_rows++;
		} else {
			indicator_clear(&slot->ind);
		}
	}
	if (rc < 0)
		goto rollback;
	if (import_indicators_check(&im, d) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (diag_total(d) > problems)
		goto rollback;
	for (size_t i = 0; i < im.n_rows; i++) {
		if (import_indicator_write(&im, &im.rows[i].ind, r) < 0) {
			status = app_fail(a);
			goto out;
		}
	}
	status = app_import_finish(a, "import.indicators", label, r);
	goto out;
rollback:
	store_rollback(a->store);
	status = APP_BAD_INPUT;
out:
	for (size_t i = 0; i < im.n_rows; i++)
		indicator_clear(&im.rows[i].ind);
	free(im.rows);
	hmap_finish(&im.index);
	table_close(im.table);
	return status;
}

/* ---- targets ---- */

enum { G_INDICATOR, G_UNIT, G_PERIOD, G_TARGET, G_COLUMNS };

static const struct table_column import_target_columns[G_COLUMNS] = {
    [G_INDICATOR] = {"indicator", true},
    [G_UNIT] = {"unit", true},
    [G_PERIOD] = {"period", true},
    [G_TARGET] = {"target", true},
};

struct import_target_row {
	unsigned line;
	int64_t indicator_id;
	size_t unit; /* index in the units */
	struct period period;
	double target;
};

/* Pass 1 for one target row; the indicators seen are cached in known (code → id, or 0). */
static bool import_target_parse(struct app *a, struct table_reader *t, const struct table_row *row,
                                struct indicators_units *units, struct hmap *known,
                                struct hmap *keys, struct import_target_row *out, int *failed)
{
	const char *const *v = row->values;
	const char *why;
	bool ok = true;
	int64_t id;
	if (!hmap_get(known, v[G_INDICATOR], &id)) {
		struct indicator ind = {0};
		int rc = store_indicator_get(a->store, v[G_INDICATOR], &ind);
		if (rc < 0)
			*failed = 1;
		id = rc == 1 ? ind.id : 0;
		indicator_clear(&ind);
		hmap_put(known, v[G_INDICATOR], id);
	}
	if (id == 0) {
		table_report(t, row, "indicator",
		             "unknown indicator \"%s\": import it with `dxtrack import indicators` "
		             "first",
		             v[G_INDICATOR]);
		ok = false;
	}
	int64_t u = indicators_units_find(units, v[G_UNIT]);
	if (u < 0) {
		table_report(t, row, "unit", "unknown unit \"%s\"", v[G_UNIT]);
		ok = false;
	}
	bool period_ok = period_parse(v[G_PERIOD], strlen(v[G_PERIOD]), &out->period, &why) == 0;
	if (!period_ok) {
		table_report(t, row, "period", "%s, got \"%s\"", why, v[G_PERIOD]);
		ok = false;
	}
	if (u >= 0 && period_ok &&
	    !indicators_units_check_period(t, row, units, (size_t)u, out->period))
		ok = false;
	if (indicator_number_parse(v[G_TARGET], strlen(v[G_TARGET]), &out->target, &why) < 0) {
		table_report(t, row, "target", "%s, got \"%s\"", why, v[G_TARGET]);
		ok = false;
	}
	if (!ok)
		return false;
	out->indicator_id = id;
	out->unit = (size_t)u;
	struct buf key;
	buf_init(&key, 0);
	buf_printf(&key, "%s/%s/%s", v[G_INDICATOR], v[G_UNIT], v[G_PERIOD]);
	int64_t first;
	if (hmap_get(keys, buf_cstr(&key), &first)) {
		table_report(t, row, "target",
		             "a target of %s for unit %s in %s appears again (first on line %u)",
		             v[G_INDICATOR], v[G_UNIT], v[G_PERIOD], (unsigned)first);
		ok = false;
	} else {
		hmap_put(keys, buf_cstr(&key), row->line);
	}
	buf_finish(&key);
	return ok;
}

enum app_status app_import_targets(struct app *a, const char *label, const char *data, size_t len,
                                   struct diag *d, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_admin(a, d, "import targets");
	if (status != APP_OK)
		return status;
	struct indicators_units units = {0};
	struct hmap known, keys;
	struct import_target_row *rows = NULL;
	size_t n_rows = 0, cap_rows = 0, problems = diag_total(d);
	int failed = 0;
	hmap_init(&known);
	hmap_init(&keys);
	hmap_init(&units.index);
	arena_init(&units.strings);
	struct table_reader *t = table_open(label, data, len, import_target_columns, G_COLUMNS, d);
	status = APP_BAD_INPUT;
	if (!t)
		goto out;
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	indicators_units_finish(&units);
	if (indicators_units_load(a, &units) != APP_OK) {
		status = app_fail(a);
		goto out;
	}
	struct table_row row;
	int rc;
	while ((rc = table_next(t, &row)) > 0) {
		r->rows++;
		if (!row.ok)
			continue;
		if (n_rows == cap_rows) {
			cap_rows = cap_rows ? 2 * cap_rows : 256;
			rows = mem_realloc(rows, cap_rows * sizeof *rows);
		}
		rows[n_rows].line = row.line;
		if (import_target_parse(a, t, &row, &units, &known, &keys, &rows[n_rows], &failed))
			n_rows++;
		if (failed) {
			status = app_fail(a);
			goto out;
		}
	}
	if (rc < 0 || diag_total(d) > problems) {
		store_rollback(a->store);
		goto out;
	}
	int64_t import_id;
	if (store_indicator_import_add(a->store, a->now, a->actor, label, &import_id) < 0) {
		status = app_fail(a);
		goto out;
	}
	for (size_t i = 0; i < n_rows; i++) {
		enum store_put_outcome o;
		struct store_value v = {
		    .indicator_id = rows[i].indicator_id,
		    .period = period_code(rows[i].period),
		    .value = rows[i].target,
		    .import_id = import_id,
		};
		if (indicators_units_key(a, &units, rows[i].unit) < 0) {
			status = app_fail(a);
			goto out;
		}
		v.unit_id = units.units[rows[i].unit].key;
		if (store_target_put(a->store, &v, &o) < 0) {
			status = app_fail(a);
			goto out;
		}
		r->inserted += o == STORE_PUT_INSERTED;
		r->updated += o == STORE_PUT_REPLACED;
		r->unchanged += o == STORE_PUT_UNCHANGED;
	}
	status = indicators_import_finish(a, "import.targets", label, r);
out:
	free(rows);
	hmap_finish(&known);
	hmap_finish(&keys);
	indicators_units_finish(&units);
	table_close(t);
	return status;
}
