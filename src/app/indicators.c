/* indicators.c — reading indicators and their figures: `dxtrack indicators`,
 * `dxtrack indicator value` and `dxtrack indicator rollup`, and the views of the pages and the
 * API built on the same computation: every indicator of a unit, the units below a unit (the
 * drill-down), a trend over periods, the units that have not reported (completeness), and the
 * rows of the data-entry form (app.h).
 *
 * A figure is computed, not stored: the tree as it stood on the period's last day is loaded once,
 * then for each indicator one range scan of its values (the year, quarter or month and the
 * periods inside it) fills each unit's series, core/rollup.c derives each expected unit's value
 * in time and adds it to that unit and every unit above it, and the targets are looked up by
 * inheritance. Callers read in one snapshot (app_snapshot_begin) when the data may change
 * meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rollup.h"
#include "../lib/hmap.h"
#include "../lib/mem.h"
#include "../text/vnfmt.h"
#include "app_impl.h"

enum app_status app_indicator_get(struct app *a, const char *code, struct indicator *out)
{
	int rc = store_indicator_get(a->store, code, out);
	return rc < 0 ? APP_FAILED : rc == 0 ? APP_NOT_FOUND : APP_OK;
}

enum app_status app_indicators_each(struct app *a,
                                    int (*each)(void *ctx, const struct indicator *ind), void *ctx)
{
	return store_indicators_each(a->store, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

/* Everything a roll-up of one period needs, loaded once. */
struct indicators_run {
	struct app *app;
	struct period period;
	int32_t lo, hi; /* the period codes read: the period and those inside it */
	struct rollup_tree tree;
	const char **names; /* per node: the unit's name (in names_arena) */
	struct arena names_arena;
	size_t cap_names;
	unsigned char *state; /* per node, after indicators_compute: an INDICATORS_* below */
	int32_t *node_of_key; /* unit_key id → tree node, or -1 */
	size_t n_keys;
	struct indicator *inds; /* every indicator, by code */
	size_t n_inds, cap_inds;
	struct hmap ind_index;           /* code → index in inds */
	struct rollup_series *num, *den; /* per node: the values read */
	struct rollup_acc *acc;          /* per node: the figure's totals */
	struct hmap targets;             /* "node/period code" → index in target_values */
	double *target_values;
	size_t n_targets, cap_targets;
	struct rollup_series *fill; /* where indicators_value_row puts what it reads */
};

/* What indicators_compute leaves in run->state for each node. */
enum { INDICATORS_NOT_EXPECTED, INDICATORS_MISSING, INDICATORS_REPORTING };

static int indicators_tree_add(void *ctx, const struct unit *u)
{
	struct indicators_run *run = ctx;
	if (run->tree.n == run->cap_names) {
		run->cap_names = run->cap_names ? 2 * run->cap_names : 256;
		run->names = mem_realloc(run->names, run->cap_names * sizeof *run->names);
	}
	run->names[run->tree.n] = arena_strdup(&run->names_arena, u->name ? u->name : u->code);
	rollup_tree_add(&run->tree, u->code, u->parent_code, u->kind);
	return 0;
}

/* The tree as it stood on `on`: every unit valid that day, under its parent of that day. */
static enum app_status indicators_tree(struct indicators_run *run, struct date on)
{
	enum app_status s = app_units_at(run->app, on, indicators_tree_add, run);
	rollup_tree_link(&run->tree);
	return s;
}

struct indicators_key {
	int64_t id;
	int32_t node;
};

struct indicators_keys {
	struct indicators_run *run;
	struct indicators_key *keys;
	size_t n, cap;
};

static int indicators_key_row(void *ctx, const char *code, int64_t id)
{
	struct indicators_keys *k = ctx;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 1024;
		k->keys = mem_realloc(k->keys, k->cap * sizeof *k->keys);
	}
	k->keys[k->n++] = (struct indicators_key){id, rollup_tree_find(&k->run->tree, code)};
	return 0;
}

static int indicators_ind_row(void *ctx, const struct indicator *ind)
{
	struct indicators_run *run = ctx;
	if (run->n_inds == run->cap_inds) {
		run->cap_inds = run->cap_inds ? 2 * run->cap_inds : 64;
		run->inds = mem_realloc(run->inds, run->cap_inds * sizeof *run->inds);
	}
	struct indicator *c = &run->inds[run->n_inds];
	*c = *ind;
	c->code = mem_strdup(ind->code);
	c->name = mem_strdup(ind->name);
	c->measure = mem_strdup(ind->measure ? ind->measure : "");
	c->numerator = ind->numerator ? mem_strdup(ind->numerator) : NULL;
	c->denominator = ind->denominator ? mem_strdup(ind->denominator) : NULL;
	hmap_put(&run->ind_index, c->code, (int64_t)run->n_inds);
	run->n_inds++;
	return 0;
}

static void indicators_run_finish(struct indicators_run *run)
{
	rollup_tree_finish(&run->tree);
	free(run->names);
	arena_finish(&run->names_arena);
	free(run->state);
	free(run->node_of_key);
	for (size_t i = 0; i < run->n_inds; i++)
		indicator_clear(&run->inds[i]);
	free(run->inds);
	hmap_finish(&run->ind_index);
	free(run->num);
	free(run->den);
	free(run->acc);
	hmap_finish(&run->targets);
	free(run->target_values);
}

/* Loads the tree of p's last day, the unit keys and every indicator. */
static enum app_status indicators_run_start(struct indicators_run *run, struct app *a,
                                            struct period p)
{
	memset(run, 0, sizeof *run);
	run->app = a;
	run->period = p;
	run->lo = period_code(p);
	run->hi = p.type == PERIOD_YEAR ? run->lo + 99
	          : p.type == PERIOD_QUARTER
	              ? period_code((struct period){p.year, PERIOD_MONTH, 3 * p.index})
	              : run->lo;
	rollup_tree_init(&run->tree);
	arena_init(&run->names_arena);
	hmap_init(&run->ind_index);
	hmap_init(&run->targets);
	enum app_status s = indicators_tree(run, period_last_day(p));
	if (s != APP_OK)
		return s;
	struct indicators_keys k = {.run = run};
	if (store_unit_keys_each(a->store, indicators_key_row, &k) < 0) {
		free(k.keys);
		return APP_FAILED;
	}
	for (size_t i = 0; i < k.n; i++)
		if (k.keys[i].id >= 0 && (size_t)k.keys[i].id >= run->n_keys)
			run->n_keys = (size_t)k.keys[i].id + 1;
	run->node_of_key = mem_alloc((run->n_keys ? run->n_keys : 1) * sizeof *run->node_of_key);
	for (size_t i = 0; i < run->n_keys; i++)
		run->node_of_key[i] = -1;
	for (size_t i = 0; i < k.n; i++)
		if (k.keys[i].id >= 0)
			run->node_of_key[k.keys[i].id] = k.keys[i].node;
	free(k.keys);
	size_t n = run->tree.n ? run->tree.n : 1;
	run->num = mem_alloc(n * sizeof *run->num);
	run->den = mem_alloc(n * sizeof *run->den);
	run->acc = mem_alloc(n * sizeof *run->acc);
	run->state = mem_alloc(n * sizeof *run->state);
	return store_indicators_each(a->store, indicators_ind_row, run) < 0 ? APP_FAILED : APP_OK;
}

static int indicators_value_row(void *ctx, int64_t unit_id, int32_t period, double value)
{
	struct indicators_run *run = ctx;
	if (unit_id < 0 || (size_t)unit_id >= run->n_keys)
		return 0;
	int32_t node = run->node_of_key[unit_id];
	if (node >= 0)
		rollup_series_set(&run->fill[node], period_code_slot(period), value);
	return 0;
}

/* Reads one indicator's values of the period into series (one per node). */
static enum app_status indicators_read(struct indicators_run *run, const struct indicator *ind,
                                       struct rollup_series *series)
{
	for (size_t i = 0; i < run->tree.n; i++)
		rollup_series_clear(&series[i]);
	run->fill = series;
	return store_values_each(run->app->store, ind->id, run->lo, run->hi, indicators_value_row,
	                         run) < 0
	           ? APP_FAILED
	           : APP_OK;
}

static void indicators_target_key(char *key, size_t size, int32_t node, int32_t period)
{
	snprintf(key, size, "%d/%d", (int)node, (int)period);
}

static int indicators_target_row(void *ctx, int64_t unit_id, int32_t period, double target)
{
	struct indicators_run *run = ctx;
	if (unit_id < 0 || (size_t)unit_id >= run->n_keys || run->node_of_key[unit_id] < 0)
		return 0;
	char key[32];
	indicators_target_key(key, sizeof key, run->node_of_key[unit_id], period);
	if (run->n_targets == run->cap_targets) {
		run->cap_targets = run->cap_targets ? 2 * run->cap_targets : 64;
		run->target_values =
		    mem_realloc(run->target_values, run->cap_targets * sizeof *run->target_values);
	}
	run->target_values[run->n_targets] = target;
	hmap_put(&run->targets, key, (int64_t)run->n_targets);
	run->n_targets++;
	return 0;
}

static bool indicators_target_lookup(void *ctx, int32_t node, int32_t period, double *target)
{
	struct indicators_run *run = ctx;
	char key[32];
	int64_t i;
	indicators_target_key(key, sizeof key, node, period);
	if (!hmap_get(&run->targets, key, &i))
		return false;
	*target = run->target_values[i];
	return true;
}

/* Computes one indicator's totals at every node (run->acc) and loads its targets. A ratio whose
 * parts are not defined (cannot happen through the importer) has no expected units. */
static enum app_status indicators_compute(struct indicators_run *run, const struct indicator *ind,
                                          struct rollup_rule *rule)
{
	const struct indicator *parts[2] = {NULL, NULL};
	unsigned kinds = ind->reported_kinds;
	*rule = (struct rollup_rule){ind->aggregation, ind->aggregation, ind->aggregation,
	                             ind->multiplier};
	enum app_status s;
	if (ind->aggregation == INDICATOR_RATIO) {
		const char *codes[2] = {ind->numerator, ind->denominator};
		kinds = 0;
		for (int i = 0; i < 2; i++) {
			int64_t j;
			if (codes[i] && hmap_get(&run->ind_index, codes[i], &j))
				parts[i] = &run->inds[j];
		}
		if (parts[0] && parts[1]) {
			rule->numerator = parts[0]->aggregation;
			rule->denominator = parts[1]->aggregation;
			kinds = parts[0]->reported_kinds | parts[1]->reported_kinds;
			if ((s = indicators_read(run, parts[0], run->num)) != APP_OK ||
			    (s = indicators_read(run, parts[1], run->den)) != APP_OK)
				return s;
		}
	} else if ((s = indicators_read(run, ind, run->num)) != APP_OK) {
		return s;
	}
	for (size_t i = 0; i < run->tree.n; i++) {
		rollup_acc_init(&run->acc[i]);
		run->state[i] = INDICATORS_NOT_EXPECTED;
	}
	for (size_t i = 0; i < run->tree.n; i++) {
		if (!rollup_tree_expected(&run->tree, (int32_t)i, kinds))
			continue;
		struct rollup_acc one;
		rollup_acc_init(&one);
		rollup_acc_add_unit(&one, rule, &run->num[i],
		                    ind->aggregation == INDICATOR_RATIO ? &run->den[i] : NULL,
		                    run->period);
		run->state[i] = one.reporting ? INDICATORS_REPORTING : INDICATORS_MISSING;
		int32_t up = (int32_t)i;
		for (int depth = 0; up >= 0 && depth <= ROLLUP_DEPTH_MAX; depth++) {
			rollup_acc_merge(&run->acc[up], &one);
			up = run->tree.nodes[up].parent;
		}
	}
	hmap_finish(&run->targets);
	hmap_init(&run->targets);
	run->n_targets = 0;
	return store_targets_each(run->app->store, ind->id, indicators_target_row, run) < 0
	           ? APP_FAILED
	           : APP_OK;
}

/* The figure of the computed indicator at one node. */
static void indicators_figure(struct indicators_run *run, const struct indicator *ind,
                              const struct rollup_rule *rule, int32_t node,
                              struct indicator_figure *f)
{
	struct rollup_result r = rollup_acc_result(&run->acc[node], rule);
	*f = (struct indicator_figure){
	    .indicator = ind,
	    .unit = run->tree.nodes[node].code,
	    .unit_name = run->names[node],
	    .period = run->period,
	    .has_value = r.has_value,
	    .value = r.value,
	    .reporting_units = r.reporting_units,
	    .expected_units = r.expected_units,
	};
	f->has_target =
	    rollup_target(&run->tree, node, run->period, indicators_target_lookup, run, &f->target);
}

/* The indicator of code (index in run->inds); APP_NOT_FOUND with a diagnostic. */
static enum app_status indicators_find(struct indicators_run *run, const char *code, int64_t *i,
                                       struct diag *d)
{
	if (hmap_get(&run->ind_index, code, i))
		return APP_OK;
	diag_add(d, NULL, 0, NULL, "no indicator \"%s\": see `dxtrack indicators`", code);
	return APP_NOT_FOUND;
}

/* The node of unit in the run's tree; APP_NOT_FOUND with a diagnostic naming the day. */
static enum app_status indicators_find_unit(struct indicators_run *run, const char *unit,
                                            int32_t *node, struct diag *d)
{
	*node = rollup_tree_find(&run->tree, unit);
	if (*node >= 0)
		return APP_OK;
	struct buf day;
	buf_init(&day, 0);
	struct date last = period_last_day(run->period);
	vnfmt_date(&day, last.year, last.month, last.day);
	diag_add(d, NULL, 0, NULL, "no unit \"%s\" on %s, the last day of the period", unit,
	         buf_cstr(&day));
	buf_finish(&day);
	return APP_NOT_FOUND;
}

enum app_status app_indicator_value(struct app *a, const char *code, const char *unit,
                                    struct period p,
                                    int (*each)(void *ctx, const struct indicator_figure *f),
                                    void *ctx, struct diag *d)
{
	struct indicators_run run;
	enum app_status s = indicators_run_start(&run, a, p);
	if (s != APP_OK)
		goto out;
	int64_t i;
	int32_t node;
	if ((s = indicators_find(&run, code, &i, d)) != APP_OK ||
	    (s = indicators_find_unit(&run, unit, &node, d)) != APP_OK)
		goto out;
	struct rollup_rule rule;
	s = indicators_compute(&run, &run.inds[i], &rule);
	if (s != APP_OK)
		goto out;
	struct indicator_figure f;
	indicators_figure(&run, &run.inds[i], &rule, node, &f);
	each(ctx, &f);
out:
	indicators_run_finish(&run);
	return s;
}

enum app_status app_indicator_rollup(struct app *a, struct period p, unsigned levels,
                                     int (*each)(void *ctx, const struct indicator_figure *f),
                                     void *ctx, struct diag *d)
{
	(void)d;
	struct indicators_run run;
	enum app_status s = indicators_run_start(&run, a, p);
	for (size_t i = 0; s == APP_OK && i < run.n_inds; i++) {
		struct rollup_rule rule;
		const struct indicator *ind = &run.inds[i];
		s = indicators_compute(&run, ind, &rule);
		for (size_t n = 0; s == APP_OK && n < run.tree.n; n++) {
			if (!(levels >> run.tree.nodes[n].kind & 1))
				continue;
			struct indicator_figure f;
			indicators_figure(&run, ind, &rule, (int32_t)n, &f);
			if (each(ctx, &f))
				goto out;
		}
	}
out:
	indicators_run_finish(&run);
	return s;
}

/* ---- the views of the pages and the API ---- */

enum app_status app_indicator_unit(struct app *a, const char *unit, struct period p,
                                   int (*each)(void *ctx, const struct indicator_figure *f),
                                   void *ctx, struct diag *d)
{
	struct indicators_run run;
	int32_t node;
	enum app_status s = indicators_run_start(&run, a, p);
	if (s == APP_OK)
		s = indicators_find_unit(&run, unit, &node, d);
	for (size_t i = 0; s == APP_OK && i < run.n_inds; i++) {
		struct rollup_rule rule;
		struct indicator_figure f;
		if ((s = indicators_compute(&run, &run.inds[i], &rule)) != APP_OK)
			break;
		indicators_figure(&run, &run.inds[i], &rule, node, &f);
		if (each(ctx, &f))
			break;
	}
	indicators_run_finish(&run);
	return s;
}

enum app_status app_indicator_children(struct app *a, const char *code, const char *unit,
                                       struct period p, unsigned levels,
                                       int (*each)(void *ctx, const struct indicator_figure *f),
                                       void *ctx, struct diag *d)
{
	struct indicators_run run;
	int64_t i;
	int32_t node;
	struct rollup_rule rule;
	struct indicator_figure f;
	enum app_status s = indicators_run_start(&run, a, p);
	if (s != APP_OK || (s = indicators_find(&run, code, &i, d)) != APP_OK ||
	    (s = indicators_find_unit(&run, unit, &node, d)) != APP_OK ||
	    (s = indicators_compute(&run, &run.inds[i], &rule)) != APP_OK)
		goto out;
	indicators_figure(&run, &run.inds[i], &rule, node, &f);
	if (each(ctx, &f))
		goto out;
	for (size_t n = 0; n < run.tree.n; n++) {
		if ((int32_t)n == node)
			continue;
		if (levels ? !(levels >> run.tree.nodes[n].kind & 1) ||
		                 !rollup_tree_within(&run.tree, (int32_t)n, node)
		           : run.tree.nodes[n].parent != node || run.acc[n].expected == 0)
			continue;
		indicators_figure(&run, &run.inds[i], &rule, (int32_t)n, &f);
		if (each(ctx, &f))
			break;
	}
out:
	indicators_run_finish(&run);
	return s;
}

static int indicators_int_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x < y) - (x > y);
}

/* Adds the years of ind's values (for a ratio: of its parts) to years[0..*n), unique. */
static enum app_status indicators_trend_years(struct indicators_run *run,
                                              const struct indicator *ind, int *years, size_t max,
                                              size_t *n)
{
	const struct indicator *parts[2] = {ind, NULL};
	if (ind->aggregation == INDICATOR_RATIO) {
		const char *codes[2] = {ind->numerator, ind->denominator};
		for (int k = 0; k < 2; k++) {
			int64_t j;
			parts[k] = codes[k] && hmap_get(&run->ind_index, codes[k], &j)
			               ? &run->inds[j]
			               : NULL;
		}
	}
	for (int k = 0; k < 2; k++) {
		int got[PERIOD_YEAR_MAX - PERIOD_YEAR_MIN + 1];
		size_t m = 0;
		if (!parts[k])
			continue;
		if (store_value_years(run->app->store, parts[k]->id, got,
		                      sizeof got / sizeof got[0], &m) < 0)
			return APP_FAILED;
		for (size_t j = 0; j < m; j++) {
			size_t at = 0;
			while (at < *n && years[at] != got[j])
				at++;
			if (at == *n && *n < max)
				years[(*n)++] = got[j];
		}
	}
	return APP_OK;
}

enum app_status app_indicator_trend(struct app *a, const char *code, const char *unit,
                                    struct period p,
                                    int (*each)(void *ctx, const struct indicator_figure *f),
                                    void *ctx, struct diag *d)
{
	struct period periods[APP_INDICATOR_TREND_MAX];
	size_t n = 0;
	struct indicators_run run;
	int64_t i;
	int32_t node;
	enum app_status s = indicators_run_start(&run, a, p);
	if (s != APP_OK || (s = indicators_find(&run, code, &i, d)) != APP_OK ||
	    (s = indicators_find_unit(&run, unit, &node, d)) != APP_OK)
		goto out;
	if (p.type == PERIOD_YEAR) {
		int years[PERIOD_YEAR_MAX - PERIOD_YEAR_MIN + 2];
		size_t ny = 0;
		if ((s = indicators_trend_years(&run, &run.inds[i], years,
		                                sizeof years / sizeof *years - 1, &ny)) != APP_OK)
			goto out;
		years[ny++] = p.year;
		qsort(years, ny, sizeof *years, indicators_int_desc);
		/* the newest years up to p's, oldest first */
		for (size_t k = ny; k-- > 0;)
			if (years[k] <= p.year && years[k] > p.year - APP_INDICATOR_TREND_YEARS &&
			    (n == 0 || periods[n - 1].year != years[k]))
				periods[n++] = (struct period){years[k], PERIOD_YEAR, 0};
	} else {
		int count = p.type == PERIOD_QUARTER ? 4 : 12;
		for (int k = 1; k <= count; k++)
			periods[n++] = (struct period){p.year, p.type, k};
	}
	indicators_run_finish(&run);
	for (size_t k = 0; k < n; k++) {
		struct rollup_rule rule;
		struct indicator_figure f;
		if ((s = indicators_run_start(&run, a, periods[k])) != APP_OK)
			goto out;
		if ((s = indicators_find(&run, code, &i, d)) != APP_OK)
			goto out;
		node = rollup_tree_find(&run.tree, unit);
		if (node < 0) {
			/* the unit did not exist then: nothing expected, no value */
			f = (struct indicator_figure){
			    .indicator = &run.inds[i], .unit = unit, .period = periods[k]};
		} else {
			if ((s = indicators_compute(&run, &run.inds[i], &rule)) != APP_OK)
				goto out;
			indicators_figure(&run, &run.inds[i], &rule, node, &f);
		}
		int stop = each(ctx, &f);
		indicators_run_finish(&run);
		if (stop)
			return APP_OK;
	}
	return APP_OK;
out:
	indicators_run_finish(&run);
	return s;
}

enum app_status app_indicator_missing(struct app *a, const char *unit, struct period p,
                                      int (*each)(void *ctx,
                                                  const struct indicator_completeness *c),
                                      void *ctx, struct diag *d)
{
	struct indicators_run run;
	int32_t node;
	struct indicator_unit_ref *missing = NULL;
	enum app_status s = indicators_run_start(&run, a, p);
	if (s == APP_OK)
		s = indicators_find_unit(&run, unit, &node, d);
	if (s == APP_OK)
		missing = mem_alloc((run.tree.n ? run.tree.n : 1) * sizeof *missing);
	for (size_t i = 0; s == APP_OK && i < run.n_inds; i++) {
		const struct indicator *ind = &run.inds[i];
		struct rollup_rule rule;
		struct indicator_figure f;
		if (ind->aggregation == INDICATOR_RATIO)
			continue; /* computed from two others: those are the ones reported */
		if ((s = indicators_compute(&run, ind, &rule)) != APP_OK)
			break;
		indicators_figure(&run, ind, &rule, node, &f);
		size_t m = 0;
		for (size_t n = 0; n < run.tree.n; n++) {
			if (run.state[n] != INDICATORS_MISSING ||
			    !rollup_tree_within(&run.tree, (int32_t)n, node))
				continue;
			int32_t up = run.tree.nodes[n].parent;
			missing[m++] = (struct indicator_unit_ref){
			    .code = run.tree.nodes[n].code,
			    .name = run.names[n],
			    .kind = run.tree.nodes[n].kind,
			    .parent_code = up >= 0 ? run.tree.nodes[up].code : NULL,
			    .parent_name = up >= 0 ? run.names[up] : NULL,
			};
		}
		struct indicator_completeness c = {
		    .figure = &f, .missing = missing, .n_missing = m};
		if (each(ctx, &c))
			break;
	}
	free(missing);
	indicators_run_finish(&run);
	return s;
}

/* One row of the entry form while they are gathered: node, indicator, own value. */
struct indicators_entry_row {
	int32_t node;
	uint32_t ind;
	bool has_value;
	double value;
};

static int indicators_entry_order(const void *a, const void *b)
{
	const struct indicators_entry_row *x = a, *y = b;
	if (x->node != y->node)
		return (x->node > y->node) - (x->node < y->node);
	return (x->ind > y->ind) - (x->ind < y->ind);
}

enum app_status app_indicator_entries(struct app *a, const char *unit, struct period p,
                                      int (*each)(void *ctx, const struct indicator_entry *e),
                                      void *ctx, struct diag *d)
{
	struct indicators_run run;
	int32_t node;
	struct indicators_entry_row *rows = NULL;
	signed char *allowed = NULL; /* editors: per node, -1 not asked yet */
	size_t n_rows = 0, cap_rows = 0;
	enum app_status s = app_require_user(a, d);
	if (s != APP_OK)
		return s;
	if (a->who.role != ROLE_ADMIN && a->who.role != ROLE_EDITOR) {
		diag_add(d, NULL, 0, NULL,
		         "only an administrator or an editor may enter values; %s is %s",
		         a->who.name, app_role_phrase(a->who.role));
		return APP_FORBIDDEN;
	}
	bool editor = a->who.role == ROLE_EDITOR;
	if (editor) {
		int rc = a->who.unit[0] ? store_unit_within(a->store, unit, a->who.unit) : 0;
		if (rc < 0)
			return APP_FAILED;
		if (!rc) {
			diag_add(d, NULL, 0, NULL, "unit %s is outside your unit %s", unit,
			         a->who.unit[0] ? a->who.unit : "(none)");
			return APP_FORBIDDEN;
		}
	}
	if ((s = indicators_run_start(&run, a, p)) != APP_OK ||
	    (s = indicators_find_unit(&run, unit, &node, d)) != APP_OK)
		goto out;
	int slot = period_slot(p);
	allowed = mem_alloc((run.tree.n ? run.tree.n : 1) * sizeof *allowed);
	memset(allowed, -1, run.tree.n ? run.tree.n : 1);
	for (size_t i = 0; i < run.n_inds; i++) {
		const struct indicator *ind = &run.inds[i];
		if (ind->aggregation == INDICATOR_RATIO || !ind->reported_kinds)
			continue;
		bool read = false;
		for (size_t n = 0; n < run.tree.n; n++) {
			if (!rollup_tree_expected(&run.tree, (int32_t)n, ind->reported_kinds) ||
			    !rollup_tree_within(&run.tree, (int32_t)n, node))
				continue;
			if (editor && allowed[n] < 0) {
				/* who may write is the importer's rule: the editor's subtree today
				 */
				int rc = store_unit_within(a->store, run.tree.nodes[n].code,
				                           a->who.unit);
				if (rc < 0) {
					s = APP_FAILED;
					goto out;
				}
				allowed[n] = (signed char)rc;
			}
			if (editor && !allowed[n])
				continue;
			if (!read && (s = indicators_read(&run, ind, run.num)) != APP_OK)
				goto out;
			read = true;
			if (n_rows == cap_rows) {
				cap_rows = cap_rows ? 2 * cap_rows : 256;
				rows = mem_realloc(rows, cap_rows * sizeof *rows);
			}
			const struct rollup_series *ser = &run.num[n];
			rows[n_rows++] = (struct indicators_entry_row){
			    .node = (int32_t)n,
			    .ind = (uint32_t)i,
			    .has_value = ser->present >> slot & 1,
			    .value = ser->v[slot],
			};
		}
	}
	if (n_rows > 1)
		qsort(rows, n_rows, sizeof *rows, indicators_entry_order);
	for (size_t k = 0; k < n_rows; k++) {
		int32_t n = rows[k].node;
		struct indicator_entry e = {
		    .indicator = &run.inds[rows[k].ind],
		    .unit = run.tree.nodes[n].code,
		    .unit_name = run.names[n],
		    .kind = run.tree.nodes[n].kind,
		    .has_value = rows[k].has_value,
		    .value = rows[k].value,
		};
		if (each(ctx, &e))
			break;
	}
out:
	free(rows);
	free(allowed);
	indicators_run_finish(&run);
	return s;
}

enum app_status app_indicator_default_unit(struct app *a, struct period p,
                                           char out[UNIT_CODE_MAX + 1])
{
	struct indicators_run run;
	out[0] = '\0';
	enum app_status s = indicators_run_start(&run, a, p);
	int32_t root = -1;
	for (size_t n = 0; s == APP_OK && n < run.tree.n; n++) {
		if (run.tree.nodes[n].kind == UNIT_PROVINCE) {
			root = (int32_t)n;
			break;
		}
		if (root < 0 && run.tree.nodes[n].parent < 0)
			root = (int32_t)n;
	}
	if (root >= 0)
		snprintf(out, UNIT_CODE_MAX + 1, "%s", run.tree.nodes[root].code);
	indicators_run_finish(&run);
	return s;
}

struct indicators_years {
	struct app *app;
	int *years;
	size_t max, n;
	bool failed;
};

static int indicators_years_of(void *ctx, const struct indicator *ind)
{
	struct indicators_years *y = ctx;
	int got[PERIOD_YEAR_MAX - PERIOD_YEAR_MIN + 1];
	size_t m = 0;
	if (store_value_years(y->app->store, ind->id, got, sizeof got / sizeof got[0], &m) < 0) {
		y->failed = true;
		return 1;
	}
	for (size_t j = 0; j < m; j++) {
		size_t at = 0;
		while (at < y->n && y->years[at] != got[j])
			at++;
		if (at == y->n && y->n < y->max)
			y->years[y->n++] = got[j];
	}
	return 0;
}

enum app_status app_indicator_years(struct app *a, int *years, size_t max, size_t *n)
{
	struct indicators_years y = {.app = a, .years = years, .max = max};
	*n = 0;
	if (store_indicators_each(a->store, indicators_years_of, &y) < 0 || y.failed)
		return APP_FAILED;
	qsort(years, y.n, sizeof *years, indicators_int_desc);
	*n = y.n;
	return APP_OK;
}

int app_indicator_default_year(struct app *a)
{
	int years[PERIOD_YEAR_MAX - PERIOD_YEAR_MIN + 1];
	size_t n = 0;
	if (app_indicator_years(a, years, sizeof years / sizeof years[0], &n) == APP_OK)
		for (size_t i = 0; i < n; i++)
			if (years[i] <= a->today.year)
				return years[i];
	return a->today.year;
}
