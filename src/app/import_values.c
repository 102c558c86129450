/* import_values.c — `dxtrack import values`: indicator values from CSV, all or nothing, fast.
 *
 * Built for ten million rows (3,300 communes × 50 indicators × 60 months) at over a million rows
 * a second:
 *   - every indicator and unit is loaded once into hash maps (the code of the previous row is
 *     kept, so a run of rows of the same unit or indicator skips even the hash); periods and
 *     sources likewise; nothing is allocated per row: a row is 24 bytes in one growing array;
 *   - pass 1 checks each row (known indicator that is not a ratio, known unit that exists on the
 *     period's last day and that an editor may write, period, number, a share's 0 or 1) and
 *     reports every problem;
 *   - the rows' keys are then renumbered densely (indicator, period, unit, each in the order of
 *     the database's key) and sorted by a stable radix sort — unless the file is in that order
 *     already — so that duplicates in the file are neighbours (reported with the line of the
 *     first) and the inserts append to the primary key's b-tree in order;
 *   - prepared multi-row INSERTs with bound integers and a double (store_values_put), in the one
 *     transaction that also holds the audit row; a key already stored is replaced (and
 *     counted).
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "indicators_impl.h"

enum { V_INDICATOR, V_UNIT, V_PERIOD, V_VALUE, V_SOURCE, V_COLUMNS };

static const struct table_column import_value_columns[V_COLUMNS] = {
    [V_INDICATOR] = {"indicator", true}, [V_UNIT] = {"unit", true},
    [V_PERIOD] = {"period", true},       [V_VALUE] = {"value", true},
    [V_SOURCE] = {"source", false},
};

/* Pass 1 puts (indicator index, period code, unit index) in key; the dense renumbering then
 * replaces it by ((indicator rank × periods) + period rank) × units + unit rank. */
#define IMPORT_VALUE_UNIT_BITS 24
#define IMPORT_VALUE_PERIOD_BITS 18
#define IMPORT_VALUE_PERIODS ((PERIOD_YEAR_MAX - PERIOD_YEAR_MIN + 1) * 100)
#define IMPORT_VALUES_BATCH 1024 /* rows handed to the store at a time */

struct import_value_row {
	uint64_t key;
	double value;
	uint32_t line;
	uint32_t source; /* index in sources; 0 is "" */
};

struct import_values {
	struct app *app;
	struct table_reader *table;
	struct indicators_units units;
	struct indicator *inds; /* every indicator */
	size_t n_inds, cap_inds;
	struct hmap ind_index; /* code → index in inds */
	unsigned *ind_kinds;   /* per indicator: the kinds of the units in the file */
	struct import_value_row *rows;
	size_t n_rows, cap_rows;
	struct hmap source_index; /* text → index in sources */
	char **sources;
	size_t n_sources, cap_sources;
	struct arena strings;
	size_t forbidden; /* rows outside an editor's unit */
	/* the previous row's codes and what they resolved to */
	char prev_ind[INDICATOR_CODE_MAX + 1], prev_unit[UNIT_CODE_MAX + 1];
	char prev_period[PERIOD_TEXT_MAX];
	int64_t prev_ind_i, prev_unit_i;
	struct period prev_p;
	/* the dense renumbering: rank → index in inds, units; period code */
	size_t *ind_by_rank, *unit_by_rank;
	int32_t *period_by_rank;
	size_t n_ind_ranks, n_period_ranks, n_unit_ranks;
};

static int import_values_ind_row(void *ctx, const struct indicator *ind)
{
	struct import_values *im = ctx;
	if (im->n_inds == im->cap_inds) {
		im->cap_inds = im->cap_inds ? 2 * im->cap_inds : 64;
		im->inds = mem_realloc(im->inds, im->cap_inds * sizeof *im->inds);
	}
	struct indicator *c = &im->inds[im->n_inds];
	memset(c, 0, sizeof *c);
	c->id = ind->id;
	c->code = mem_strdup(ind->code);
	c->aggregation = ind->aggregation;
	c->numerator = ind->numerator ? mem_strdup(ind->numerator) : NULL;
	c->denominator = ind->denominator ? mem_strdup(ind->denominator) : NULL;
	hmap_put(&im->ind_index, c->code, (int64_t)im->n_inds);
	im->n_inds++;
	return 0;
}

/* Copies s into a previous-code slot; false when it does not fit (then it is not cached). */
static bool import_values_remember(char *slot, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size) {
		slot[0] = '\0';
		return false;
	}
	memcpy(slot, s, n + 1);
	return true;
}

/* The indicator of a row (index in inds), or -1 after reporting why not. */
static int64_t import_values_indicator(struct import_values *im, const struct table_row *row)
{
	const char *code = row->values[V_INDICATOR];
	if (im->prev_ind[0] && strcmp(code, im->prev_ind) == 0)
		return im->prev_ind_i;
	int64_t i;
	if (!hmap_get(&im->ind_index, code, &i)) {
		table_report(im->table, row, "indicator",
		             "unknown indicator \"%s\": import it with `dxtrack import indicators` "
		             "first",
		             code);
		i = -1;
	} else if (im->inds[i].aggregation == INDICATOR_RATIO) {
		table_report(im->table, row, "indicator",
		             "%s is the ratio of %s to %s and is computed: import values of those",
		             code, im->inds[i].numerator, im->inds[i].denominator);
		i = -1;
	}
	if (i >= 0 && import_values_remember(im->prev_ind, sizeof im->prev_ind, code))
		im->prev_ind_i = i;
	else
		im->prev_ind[0] = '\0';
	return i;
}

/* The unit of a row (index in units), or -1 after reporting why not; -2 on a store failure. */
static int64_t import_values_unit(struct import_values *im, const struct table_row *row)
{
	const char *code = row->values[V_UNIT];
	if (im->prev_unit[0] && strcmp(code, im->prev_unit) == 0)
		return im->prev_unit_i;
	int64_t i = indicators_units_find(&im->units, code);
	if (i < 0) {
		table_report(im->table, row, "unit", "unknown unit \"%s\"", code);
		im->prev_unit[0] = '\0';
		return -1;
	}
	int allowed = indicators_units_allowed(im->app, &im->units, (size_t)i);
	if (allowed < 0)
		return -2;
	if (!allowed) {
		table_report(im->table, row, "unit", "unit %s is outside your unit %s", code,
		             im->app->who.unit);
		im->forbidden++;
		im->prev_unit[0] = '\0';
		return -1;
	}
	if (import_values_remember(im->prev_unit, sizeof im->prev_unit, code))
		im->prev_unit_i = i;
	return i;
}

static uint32_t import_values_source(struct import_values *im, const char *s)
{
	if (!s[0])
		return 0;
	int64_t i;
	if (hmap_get(&im->source_index, s, &i))
		return (uint32_t)i;
	if (im->n_sources == im->cap_sources) {
		im->cap_sources = 2 * im->cap_sources;
		im->sources = mem_realloc(im->sources, im->cap_sources * sizeof *im->sources);
	}
	im->sources[im->n_sources] = arena_strdup(&im->strings, s);
	hmap_put(&im->source_index, s, (int64_t)im->n_sources);
	return (uint32_t)im->n_sources++;
}

/* Pass 1 for one row: appends it when it is right. -1 on a store failure. */
static int import_values_parse(struct import_values *im, const struct table_row *row)
{
	const char *const *v = row->values;
	const char *why;
	int64_t ind = import_values_indicator(im, row);
	int64_t unit = import_values_unit(im, row);
	if (unit == -2)
		return -1;
	struct period p;
	bool period_ok = true;
	if (im->prev_period[0] && strcmp(v[V_PERIOD], im->prev_period) == 0) {
		p = im->prev_p;
	} else if (period_parse(v[V_PERIOD], strlen(v[V_PERIOD]), &p, &why) == 0) {
		im->prev_p = p;
		import_values_remember(im->prev_period, sizeof im->prev_period, v[V_PERIOD]);
	} else {
		table_report(im->table, row, "period", "%s, got \"%s\"", why, v[V_PERIOD]);
		period_ok = false;
	}
	double value;
	bool value_ok = indicator_number_parse(v[V_VALUE], strlen(v[V_VALUE]), &value, &why) == 0;
	if (!value_ok)
		table_report(im->table, row, "value", "%s, got \"%s\"", why, v[V_VALUE]);
	else if (ind >= 0 && !indicator_value_allowed(&im->inds[ind], value, &why)) {
		table_report(im->table, row, "value", "%s: %s, got \"%s\"", im->inds[ind].code, why,
		             v[V_VALUE]);
		value_ok = false;
	}
	if (unit >= 0 && period_ok &&
	    !indicators_units_check_period(im->table, row, &im->units, (size_t)unit, p))
		unit = -1;
	if (ind < 0 || unit < 0 || !period_ok || !value_ok)
		return 0;
	if (im->n_rows == im->cap_rows) {
		im->cap_rows = 2 * im->cap_rows;
		im->rows = mem_realloc(im->rows, im->cap_rows * sizeof *im->rows);
	}
	im->ind_kinds[ind] |= 1u << im->units.units[unit].kind;
	im->rows[im->n_rows++] = (struct import_value_row){
	    .key = (uint64_t)ind << (IMPORT_VALUE_PERIOD_BITS + IMPORT_VALUE_UNIT_BITS) |
	           (uint64_t)period_code(p) << IMPORT_VALUE_UNIT_BITS | (uint64_t)unit,
	    .value = value,
	    .line = row->line,
	    .source = import_values_source(im, v[V_SOURCE]),
	};
	return 0;
}

/* qsort orders of the rank tables: indicators and units by their database ids. */
static int import_values_by_id(const void *a, const void *b)
{
	const int64_t *x = a, *y = b; /* [id, index] pairs */
	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Ranks the marked items of n by their ids: rank[i] for each marked i, and by_rank the items'
 * indexes in that order. Returns how many were marked. */
static size_t import_values_rank(const int64_t *ids, const bool *marked, size_t n, uint32_t *rank,
                                 size_t **by_rank)
{
	int64_t *pairs = mem_alloc((n ? n : 1) * 2 * sizeof *pairs);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!marked[i])
			continue;
		pairs[2 * m] = ids[i];
		pairs[2 * m + 1] = (int64_t)i;
		m++;
	}
	qsort(pairs, m, 2 * sizeof *pairs, import_values_by_id);
	*by_rank = mem_alloc((m ? m : 1) * sizeof **by_rank);
	for (size_t r = 0; r < m; r++) {
		rank[pairs[2 * r + 1]] = (uint32_t)r;
		(*by_rank)[r] = (size_t)pairs[2 * r + 1];
	}
	free(pairs);
	return m;
}

/* A stable LSD radix sort of the rows by key, whose largest value is max: as few passes of at
 * most 12 bits as the keys need, a pass skipped when every key has the same digit. */
static void import_values_sort(struct import_value_row *rows, size_t n, uint64_t max)
{
	int bits = 0;
	while (bits < 64 && (max >> bits) != 0)
		bits++;
	int passes = (bits + 11) / 12;
	if (passes == 0 || n < 2)
		return;
	int digit = (bits + passes - 1) / passes;
	size_t buckets = (size_t)1 << digit;
	uint64_t mask = buckets - 1;
	struct import_value_row *tmp = mem_alloc(n * sizeof *rows);
	size_t *count = mem_alloc(buckets * sizeof *count);
	struct import_value_row *src = rows, *dst = tmp;
	for (int pass = 0; pass < passes; pass++) {
		int shift = pass * digit;
		memset(count, 0, buckets * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[src[i].key >> shift & mask]++;
		if (count[src[0].key >> shift & mask] == n)
			continue;
		size_t at = 0;
		for (size_t b = 0; b < buckets; b++) {
			size_t c = count[b];
			count[b] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[src[i].key >> shift & mask]++] = src[i];
		struct import_value_row *swap = src;
		src = dst;
		dst = swap;
	}
	if (src != rows)
		memcpy(rows, src, n * sizeof *rows);
	free(tmp);
	free(count);
}

/* After pass 1: keys of the units in the file, the dense renumbering, the sort, and duplicates
 * (reported). -1 on a store failure. */
static int import_values_order(struct import_values *im, struct diag *d)
{
	size_t n_units = im->units.n;
	bool *ind_seen = mem_calloc(im->n_inds ? im->n_inds : 1, sizeof *ind_seen);
	bool *unit_seen = mem_calloc(n_units ? n_units : 1, sizeof *unit_seen);
	bool *period_seen = mem_calloc(IMPORT_VALUE_PERIODS, sizeof *period_seen);
	uint32_t *ind_rank = mem_alloc((im->n_inds ? im->n_inds : 1) * sizeof *ind_rank);
	uint32_t *unit_rank = mem_alloc((n_units ? n_units : 1) * sizeof *unit_rank);
	uint32_t *period_rank = mem_alloc(IMPORT_VALUE_PERIODS * sizeof *period_rank);
	int64_t *ids = mem_alloc((n_units > im->n_inds ? n_units : im->n_inds) * sizeof *ids + 8);
	const uint64_t unit_mask = ((uint64_t)1 << IMPORT_VALUE_UNIT_BITS) - 1;
	const uint64_t period_mask = ((uint64_t)1 << IMPORT_VALUE_PERIOD_BITS) - 1;
	int rc = -1;
	for (size_t i = 0; i < im->n_rows; i++) {
		uint64_t k = im->rows[i].key;
		unit_seen[k & unit_mask] = true;
		period_seen[(k >> IMPORT_VALUE_UNIT_BITS & period_mask) - PERIOD_YEAR_MIN * 100] =
		    true;
		ind_seen[k >> (IMPORT_VALUE_UNIT_BITS + IMPORT_VALUE_PERIOD_BITS)] = true;
	}
	for (size_t u = 0; u < n_units; u++)
		if (unit_seen[u] && indicators_units_key(im->app, &im->units, u) < 0)
			goto out;
	for (size_t i = 0; i < im->n_inds; i++)
		ids[i] = im->inds[i].id;
	im->n_ind_ranks = import_values_rank(ids, ind_seen, im->n_inds, ind_rank, &im->ind_by_rank);
	for (size_t u = 0; u < n_units; u++)
		ids[u] = im->units.units[u].key;
	im->n_unit_ranks =
	    import_values_rank(ids, unit_seen, n_units, unit_rank, &im->unit_by_rank);
	im->period_by_rank = mem_alloc(IMPORT_VALUE_PERIODS * sizeof *im->period_by_rank);
	for (size_t c = 0; c < IMPORT_VALUE_PERIODS; c++) {
		if (!period_seen[c])
			continue;
		period_rank[c] = (uint32_t)im->n_period_ranks;
		im->period_by_rank[im->n_period_ranks++] = (int32_t)(c + PERIOD_YEAR_MIN * 100);
	}
	uint64_t np = im->n_period_ranks, nu = im->n_unit_ranks;
	bool sorted = true;
	for (size_t i = 0; i < im->n_rows; i++) {
		uint64_t k = im->rows[i].key;
		uint64_t dense =
		    ((uint64_t)ind_rank[k >> (IMPORT_VALUE_UNIT_BITS + IMPORT_VALUE_PERIOD_BITS)] *
		         np +
		     period_rank[(k >> IMPORT_VALUE_UNIT_BITS & period_mask) -
		                 PERIOD_YEAR_MIN * 100]) *
		        nu +
		    unit_rank[k & unit_mask];
		im->rows[i].key = dense;
		sorted = sorted && (i == 0 || im->rows[i - 1].key <= dense);
	}
	if (!sorted)
		import_values_sort(im->rows, im->n_rows, im->n_ind_ranks * np * nu);
	for (size_t i = 1, first = 0; i < im->n_rows; i++) {
		if (im->rows[i].key != im->rows[first].key) {
			first = i;
			continue;
		}
		uint64_t k = im->rows[i].key;
		struct period p;
		char text[PERIOD_TEXT_MAX];
		period_from_code(im->period_by_rank[k / nu % np], &p);
		period_text(p, text);
		diag_add(d, table_label(im->table), im->rows[i].line, "value",
		         "a value of %s for unit %s in %s appears again (first on line %u)",
		         im->inds[im->ind_by_rank[k / nu / np]].code,
		         im->units.units[im->unit_by_rank[k % nu]].code, text,
		         (unsigned)im->rows[first].line);
	}
	rc = 0;
out:
	free(ind_seen);
	free(unit_seen);
	free(period_seen);
	free(ind_rank);
	free(unit_rank);
	free(period_rank);
	free(ids);
	return rc;
}

/* Pass 3: the rows in key order. -1 on a store failure. */
static int import_values_write(struct import_values *im, struct import_result *r)
{
	struct app *a = im->app;
	int64_t import_id;
	if (store_indicator_import_add(a->store, a->now, a->actor, table_label(im->table),
	                               &import_id) < 0)
		return -1;
	uint64_t np = im->n_period_ranks, nu = im->n_unit_ranks;
	struct store_value batch[IMPORT_VALUES_BATCH];
	struct store_put_counts counts = {0, 0, 0};
	size_t n = 0;
	for (size_t i = 0; i < im->n_rows; i++) {
		uint64_t k = im->rows[i].key;
		batch[n++] = (struct store_value){
		    .indicator_id = im->inds[im->ind_by_rank[k / nu / np]].id,
		    .period = im->period_by_rank[k / nu % np],
		    .unit_id = im->units.units[im->unit_by_rank[k % nu]].key,
		    .value = im->rows[i].value,
		    .source = im->sources[im->rows[i].source],
		    .import_id = import_id,
		};
		if ((n == IMPORT_VALUES_BATCH || i + 1 == im->n_rows) &&
		    store_values_put(a->store, batch, n, &counts) < 0)
			return -1;
		if (n == IMPORT_VALUES_BATCH)
			n = 0;
	}
	r->inserted = counts.inserted;
	r->updated = counts.replaced;
	r->unchanged = counts.unchanged;
	for (size_t i = 0; i < im->n_inds; i++)
		if (im->ind_kinds[i] &&
		    store_indicator_add_kinds(a->store, im->inds[i].id, im->ind_kinds[i]) < 0)
			return -1;
	return 0;
}

static void import_values_free(struct import_values *im)
{
	for (size_t i = 0; i < im->n_inds; i++)
		indicator_clear(&im->inds[i]);
	free(im->inds);
	hmap_finish(&im->ind_index);
	free(im->ind_kinds);
	free(im->rows);
	hmap_finish(&im->source_index);
	free(im->sources);
	arena_finish(&im->strings);
	free(im->ind_by_rank);
	free(im->unit_by_rank);
	free(im->period_by_rank);
	indicators_units_finish(&im->units);
	table_close(im->table);
}

enum app_status app_import_values(struct app *a, const char *label, const char *data, size_t len,
                                  struct diag *d, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	if (a->who.role != ROLE_ADMIN && a->who.role != ROLE_EDITOR) {
		diag_add(d, NULL, 0, NULL,
		         "only an administrator or an editor may import values; %s is %s",
		         a->who.name, app_role_phrase(a->who.role));
		return APP_FORBIDDEN;
	}
	struct import_values im = {.app = a};
	size_t problems = diag_total(d);
	hmap_init(&im.ind_index);
	hmap_init(&im.source_index);
	hmap_init(&im.units.index);
	arena_init(&im.units.strings);
	arena_init(&im.strings);
	im.cap_sources = 16;
	im.sources = mem_alloc(im.cap_sources * sizeof *im.sources);
	im.sources[im.n_sources++] = (char *)"";
	im.cap_rows = len / 24 + 16; /* a row takes some 25 bytes or more */
	im.rows = mem_alloc(im.cap_rows * sizeof *im.rows);
	status = APP_BAD_INPUT;
	im.table = table_open(label, data, len, import_value_columns, V_COLUMNS, d);
	if (!im.table)
		goto out;
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	indicators_units_finish(&im.units);
	if (indicators_units_load(a, &im.units) != APP_OK ||
	    store_indicators_each(a->store, import_values_ind_row, &im) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (im.units.n >= (size_t)1 << IMPORT_VALUE_UNIT_BITS || im.n_inds >= (size_t)1 << 20) {
		diag_add(d, label, 0, NULL, "more units or indicators than one import can key");
		goto rollback;
	}
	im.ind_kinds = mem_calloc(im.n_inds ? im.n_inds : 1, sizeof *im.ind_kinds);
	struct table_row row;
	int rc;
	while ((rc = table_next(im.table, &row)) > 0) {
		r->rows++;
		if (row.ok && import_values_parse(&im, &row) < 0) {
			status = app_fail(a);
			goto out;
		}
	}
	if (rc < 0)
		goto rollback;
	/* duplicates are looked for even when rows failed, so that one run reports everything */
	if (import_values_order(&im, d) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (diag_total(d) > problems)
		goto rollback;
	if (import_values_write(&im, r) < 0) {
		status = app_fail(a);
		goto out;
	}
	status = indicators_import_finish(a, "import.values", label, r);
	goto out;
rollback:
	store_rollback(a->store);
	status = im.forbidden ? APP_FORBIDDEN : APP_BAD_INPUT;
out:
	import_values_free(&im);
	return status;
}
