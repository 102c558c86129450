/* indicators.c — reading indicators and their figures: `dxtrack indicators`,
 * `dxtrack indicator value` and `dxtrack indicator rollup` (app.h).
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

static int indicators_tree_add(void *ctx, const struct unit *u)
{
	rollup_tree_add(ctx, u->code, u->parent_code, u->kind);
	return 0;
}

/* The tree as it stood on `on`: every unit valid that day, under its parent of that day. */
static enum app_status indicators_tree(struct app *a, struct date on, struct rollup_tree *t)
{
	enum app_status s = app_units_at(a, on, indicators_tree_add, t);
	rollup_tree_link(t);
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
	hmap_init(&run->ind_index);
	hmap_init(&run->targets);
	enum app_status s = indicators_tree(a, period_last_day(p), &run->tree);
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
	for (size_t i = 0; i < run->tree.n; i++)
		rollup_acc_init(&run->acc[i]);
	for (size_t i = 0; i < run->tree.n; i++) {
		if (!rollup_tree_expected(&run->tree, (int32_t)i, kinds))
			continue;
		struct rollup_acc one;
		rollup_acc_init(&one);
		rollup_acc_add_unit(&one, rule, &run->num[i],
		                    ind->aggregation == INDICATOR_RATIO ? &run->den[i] : NULL,
		                    run->period);
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
	    .period = run->period,
	    .has_value = r.has_value,
	    .value = r.value,
	    .reporting_units = r.reporting_units,
	    .expected_units = r.expected_units,
	};
	f->has_target =
	    rollup_target(&run->tree, node, run->period, indicators_target_lookup, run, &f->target);
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
	if (!hmap_get(&run.ind_index, code, &i)) {
		diag_add(d, NULL, 0, NULL, "no indicator \"%s\": see `dxtrack indicators`", code);
		s = APP_NOT_FOUND;
		goto out;
	}
	int32_t node = rollup_tree_find(&run.tree, unit);
	if (node < 0) {
		struct buf day;
		buf_init(&day, 0);
		struct date last = period_last_day(p);
		vnfmt_date(&day, last.year, last.month, last.day);
		diag_add(d, NULL, 0, NULL, "no unit \"%s\" on %s, the last day of the period", unit,
		         buf_cstr(&day));
		buf_finish(&day);
		s = APP_NOT_FOUND;
		goto out;
	}
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
