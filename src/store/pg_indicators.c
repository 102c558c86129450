/* pg_indicators.c — the PostgreSQL backend: indicators, unit keys, imports, values and targets
 * (sql/pg/0004). The statements of sqlite.c's Q_INDICATOR_*, Q_VALUE_* and Q_TARGET_*, in
 * PostgreSQL's dialect. Values go in set-based: one INSERT … SELECT FROM unnest(arrays) per
 * batch (the arrays are sent as text literals; doubles printed with 17 digits read back
 * exactly), then, only when some keys were stored already, one UPDATE of those from the same
 * arrays: the counts are SQLite's.
 */
#include <stdio.h>
#include <string.h>

#include "../core/period.h"
#include "../lib/buf.h"
#include "pg_impl.h"

#define PG_INDICATOR_COLUMNS                                                                       \
	"id, code, name, measure, aggregation, numerator, denominator, multiplier, direction, "    \
	"decimals, reported_kinds"

/* A caller's callback and context, for the row adapters below. */
struct pg_indicators_each {
	int (*indicator)(void *, const struct indicator *);
	int (*code)(void *, const char *, int64_t);
	int (*number)(void *, int64_t, int32_t, double);
	void *ctx;
};

static void pg_indicator_read(const PGresult *r, int i, struct indicator *ind)
{
	memset(ind, 0, sizeof *ind);
	ind->id = pg_bigint(r, i, 0);
	ind->code = pg_strdup(r, i, 1);
	ind->name = pg_strdup(r, i, 2);
	ind->measure = pg_strdup(r, i, 3);
	const char *agg = pg_text(r, i, 4);
	if (!agg || indicator_aggregation_parse(agg, &ind->aggregation) < 0)
		ind->aggregation = INDICATOR_SUM;
	ind->numerator = pg_strdup(r, i, 5);
	ind->denominator = pg_strdup(r, i, 6);
	ind->multiplier = pg_double(r, i, 7);
	const char *dir = pg_text(r, i, 8);
	if (!dir || indicator_direction_parse(dir, &ind->direction) < 0)
		ind->direction = INDICATOR_UP;
	ind->decimals = (int)pg_bigint(r, i, 9);
	ind->reported_kinds = (unsigned)pg_bigint(r, i, 10);
}

int pg_indicator_get(struct store *s, const char *code, struct indicator *out)
{
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	PGresult *r =
	    pg_query(pg_of(s), "reading an indicator",
	             "SELECT " PG_INDICATOR_COLUMNS " FROM indicator WHERE code = $1", &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		pg_indicator_read(r, 0, out);
	PQclear(r);
	return found;
}

int pg_indicator_put(struct store *s, struct indicator *ind)
{
	struct pg_params p = {0};
	pg_param_text(&p, ind->code, false);
	pg_param_text(&p, ind->name, false);
	pg_param_text(&p, ind->measure ? ind->measure : "", false);
	pg_param_text(&p, indicator_aggregation_code(ind->aggregation), false);
	pg_param_text(&p, ind->numerator, true);
	pg_param_text(&p, ind->denominator, true);
	pg_param_double(&p, ind->multiplier);
	pg_param_text(&p, indicator_direction_code(ind->direction), false);
	pg_param_int64(&p, ind->decimals);
	int64_t id = 0;
	int rc =
	    pg_value_int64(pg_of(s), "writing an indicator",
	                   "INSERT INTO indicator (code, name, measure, aggregation, numerator, "
	                   "denominator, multiplier, direction, decimals) VALUES ($1, $2, $3, "
	                   "$4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO UPDATE SET "
	                   "name = excluded.name, measure = excluded.measure, "
	                   "aggregation = excluded.aggregation, numerator = excluded.numerator, "
	                   "denominator = excluded.denominator, "
	                   "multiplier = excluded.multiplier, direction = excluded.direction, "
	                   "decimals = excluded.decimals RETURNING id",
	                   &p, &id);
	if (rc < 0)
		return -1;
	ind->id = id;
	return 0;
}

static int pg_indicator_row(const PGresult *r, int i, void *ctx)
{
	struct pg_indicators_each *e = ctx;
	struct indicator ind;
	pg_indicator_read(r, i, &ind);
	int stop = e->indicator(e->ctx, &ind);
	indicator_clear(&ind);
	return stop;
}

int pg_indicators_each(struct store *s, int (*each)(void *, const struct indicator *), void *ctx)
{
	struct pg_indicators_each e = {.indicator = each, .ctx = ctx};
	return pg_rows(pg_of(s), "listing indicators",
	               "SELECT " PG_INDICATOR_COLUMNS " FROM indicator ORDER BY code COLLATE \"C\"",
	               NULL, pg_indicator_row, &e);
}

int pg_indicator_add_kinds(struct store *s, int64_t id, unsigned kinds)
{
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	pg_param_int64(&p, (int64_t)kinds);
	return pg_command(pg_of(s), "recording who reports an indicator",
	                  "UPDATE indicator SET reported_kinds = reported_kinds | $2::bigint "
	                  "WHERE id = $1",
	                  &p, NULL);
}

int pg_indicator_has_values(struct store *s, int64_t id)
{
	struct pg_params p = {0};
	pg_param_int64(&p, id);
	int64_t one = 0;
	return pg_value_int64(pg_of(s), "looking for an indicator's values",
	                      "SELECT 1 FROM indicator_value WHERE indicator_id = $1 LIMIT 1", &p,
	                      &one);
}

static int pg_code_row(const PGresult *r, int i, void *ctx)
{
	struct pg_indicators_each *e = ctx;
	return e->code(e->ctx, pg_text(r, i, 0), pg_bigint(r, i, 1));
}

int pg_unit_keys_each(struct store *s, int (*each)(void *, const char *, int64_t), void *ctx)
{
	struct pg_indicators_each e = {.code = each, .ctx = ctx};
	return pg_rows(pg_of(s), "listing unit keys", "SELECT code, id FROM unit_key ORDER BY id",
	               NULL, pg_code_row, &e);
}

int pg_unit_key_add(struct store *s, const char *code, int64_t *id)
{
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	return pg_value_int64(pg_of(s), "adding a unit key",
	                      "INSERT INTO unit_key (code) VALUES ($1) RETURNING id", &p, id) < 0
	           ? -1
	           : 0;
}

int pg_indicator_import_add(struct store *s, const char *recorded_at, const char *author,
                            const char *file, int64_t *id)
{
	struct pg_params p = {0};
	pg_param_text(&p, recorded_at, false);
	pg_param_text(&p, author, false);
	pg_param_text(&p, file, false);
	return pg_value_int64(pg_of(s), "recording an import",
	                      "INSERT INTO indicator_import (recorded_at, author, file) "
	                      "VALUES ($1, $2, $3) RETURNING id",
	                      &p, id) < 0
	           ? -1
	           : 0;
}

/* ---- values: batches as arrays ---- */

#define PG_VALUES_BATCH 4096 /* values per statement */

/* The rows of a batch, unnested: $1 indicator, $2 period, $3 unit, $4 value, $5 source,
 * $6 import. */
#define PG_VALUES_UNNEST                                                                           \
	"unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::float8[], $5::text[], "              \
	"$6::bigint[]) AS v (indicator_id, period, unit_id, value, source, import_id)"

/* A batch's columns as array literals ("{1,2,3}", "{\"a\",\"b\"}"). */
enum { PG_V_INDICATOR, PG_V_PERIOD, PG_V_UNIT, PG_V_VALUE, PG_V_SOURCE, PG_V_IMPORT, PG_V_COLS };

/* Appends s to an array literal as a quoted element. */
static void pg_array_text(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const char *c = s; *c; c++) {
		if (*c == '"' || *c == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *c);
	}
	buf_putc(b, '"');
}

/* Fills cols with the k values from v, as array literals. -1 when they pass a buffer's limit. */
static int pg_values_arrays(struct buf cols[PG_V_COLS], const struct store_value *v, size_t k)
{
	for (int c = 0; c < PG_V_COLS; c++) {
		buf_reset(&cols[c]);
		buf_putc(&cols[c], '{');
	}
	for (size_t i = 0; i < k; i++) {
		if (i)
			for (int c = 0; c < PG_V_COLS; c++)
				buf_putc(&cols[c], ',');
		buf_printf(&cols[PG_V_INDICATOR], "%lld", (long long)v[i].indicator_id);
		buf_printf(&cols[PG_V_PERIOD], "%ld", (long)v[i].period);
		buf_printf(&cols[PG_V_UNIT], "%lld", (long long)v[i].unit_id);
		buf_printf(&cols[PG_V_VALUE], "%.17g", v[i].value);
		pg_array_text(&cols[PG_V_SOURCE], v[i].source ? v[i].source : "");
		buf_printf(&cols[PG_V_IMPORT], "%lld", (long long)v[i].import_id);
	}
	int rc = 0;
	for (int c = 0; c < PG_V_COLS; c++)
		if (buf_putc(&cols[c], '}') < 0)
			rc = -1;
	return rc;
}

/* Values go in PG_VALUES_BATCH at a time as one INSERT … ON CONFLICT DO NOTHING. When it
 * inserted fewer rows than it had, the others were stored already: one UPDATE then replaces
 * those that are not equal and not inserted by this import (its import_id), as sqlite.c's
 * Q_VALUE_REPLACE does row by row; the rest are unchanged. */
int pg_values_put(struct store *s, const struct store_value *v, size_t n,
                  struct store_put_counts *counts)
{
	struct pg_store *q = pg_of(s);
	struct buf cols[PG_V_COLS];
	for (int c = 0; c < PG_V_COLS; c++)
		buf_init(&cols[c], 0);
	int rc = 0;
	for (size_t at = 0; at < n;) {
		size_t k = n - at < PG_VALUES_BATCH ? n - at : PG_VALUES_BATCH;
		if (pg_values_arrays(cols, v + at, k) < 0) {
			rc = store_fail(s, "writing values: a batch too large");
			break;
		}
		struct pg_params p = {0};
		for (int c = 0; c < PG_V_COLS; c++)
			pg_param_text(&p, buf_cstr(&cols[c]), false);
		int64_t inserted = 0, replaced = 0;
		if (pg_command(
		        q, "writing values",
		        "INSERT INTO indicator_value (indicator_id, period, unit_id, value, "
		        "source, import_id) SELECT indicator_id, period, unit_id, value, source, "
		        "import_id FROM " PG_VALUES_UNNEST " ON CONFLICT DO NOTHING",
		        &p, &inserted) < 0) {
			rc = -1;
			break;
		}
		if ((size_t)inserted < k &&
		    pg_command(
		        q, "replacing a value",
		        "UPDATE indicator_value t SET value = v.value, source = v.source, "
		        "import_id = v.import_id FROM " PG_VALUES_UNNEST
		        " WHERE t.indicator_id = v.indicator_id AND t.period = v.period "
		        "AND t.unit_id = v.unit_id AND t.import_id IS DISTINCT FROM v.import_id "
		        "AND (t.value IS DISTINCT FROM v.value "
		        "OR t.source IS DISTINCT FROM v.source)",
		        &p, &replaced) < 0) {
			rc = -1;
			break;
		}
		counts->inserted += (size_t)inserted;
		counts->replaced += (size_t)replaced;
		counts->unchanged += k - (size_t)inserted - (size_t)replaced;
		at += k;
	}
	for (int c = 0; c < PG_V_COLS; c++)
		buf_finish(&cols[c]);
	return rc;
}

static int pg_number_row(const PGresult *r, int i, void *ctx)
{
	struct pg_indicators_each *e = ctx;
	return e->number(e->ctx, pg_bigint(r, i, 0), (int32_t)pg_bigint(r, i, 1),
	                 pg_double(r, i, 2));
}

int pg_values_each(struct store *s, int64_t indicator_id, int32_t period_lo, int32_t period_hi,
                   int (*each)(void *, int64_t, int32_t, double), void *ctx)
{
	struct pg_indicators_each e = {.number = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, indicator_id);
	pg_param_int64(&p, period_lo);
	pg_param_int64(&p, period_hi);
	return pg_rows(pg_of(s), "reading values",
	               "SELECT unit_id, period, value FROM indicator_value "
	               "WHERE indicator_id = $1 AND period BETWEEN $2 AND $3 "
	               "ORDER BY period, unit_id",
	               &p, pg_number_row, &e);
}

/* The years newest first, one seek down the primary key per year (as sqlite.c's loop of
 * Q_VALUE_YEAR_BEFORE), in one statement: the recursion stops at the LIMIT. */
int pg_value_years(struct store *s, int64_t indicator_id, int *years, size_t max, size_t *n)
{
	struct pg_store *q = pg_of(s);
	*n = 0;
	if (!max)
		return 0;
	struct pg_params p = {0};
	pg_param_int64(&p, indicator_id);
	pg_param_int64(&p, (int64_t)(PERIOD_YEAR_MAX + 1) * 100);
	pg_param_int64(&p, (int64_t)max);
	PGresult *r = pg_query(
	    q, "reading the years of values",
	    "WITH RECURSIVE y (year) AS ("
	    "SELECT (SELECT period FROM indicator_value WHERE indicator_id = $1 AND period < $2 "
	    "ORDER BY period DESC LIMIT 1) / 100 "
	    "UNION ALL SELECT (SELECT period FROM indicator_value WHERE indicator_id = $1 "
	    "AND period < y.year * 100 ORDER BY period DESC LIMIT 1) / 100 FROM y "
	    "WHERE y.year IS NOT NULL) "
	    "SELECT year FROM y WHERE year IS NOT NULL LIMIT $3",
	    &p);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r) && *n < max; i++)
		years[(*n)++] = (int)pg_bigint(r, i, 0);
	PQclear(r);
	return 0;
}

/* The insert (which does nothing when the key is taken), then, when it did nothing, the update
 * (which does nothing when the target is equal). */
int pg_target_put(struct store *s, const struct store_value *t, enum store_put_outcome *outcome)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, t->indicator_id);
	pg_param_int64(&p, t->period);
	pg_param_int64(&p, t->unit_id);
	pg_param_double(&p, t->value);
	pg_param_int64(&p, t->import_id);
	int64_t changed = 0;
	if (pg_command(q, "writing a target",
	               "INSERT INTO indicator_target (indicator_id, unit_id, period, target, "
	               "import_id) VALUES ($1, $3, $2, $4, $5) ON CONFLICT DO NOTHING",
	               &p, &changed) < 0)
		return -1;
	if (changed > 0) {
		*outcome = STORE_PUT_INSERTED;
		return 0;
	}
	if (pg_command(q, "writing a target",
	               "UPDATE indicator_target SET target = $4, import_id = $5 "
	               "WHERE indicator_id = $1 AND unit_id = $3 AND period = $2 "
	               "AND target IS DISTINCT FROM $4",
	               &p, &changed) < 0)
		return -1;
	*outcome = changed > 0 ? STORE_PUT_REPLACED : STORE_PUT_UNCHANGED;
	return 0;
}

/* In the order of SQLite's WITHOUT ROWID primary key (indicator_id, unit_id, period). */
int pg_targets_each(struct store *s, int64_t indicator_id,
                    int (*each)(void *, int64_t, int32_t, double), void *ctx)
{
	struct pg_indicators_each e = {.number = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, indicator_id);
	return pg_rows(pg_of(s), "reading targets",
	               "SELECT unit_id, period, target FROM indicator_target "
	               "WHERE indicator_id = $1 ORDER BY unit_id, period",
	               &p, pg_number_row, &e);
}
