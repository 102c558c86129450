/* rollup.c — indicator values rolled up in time and over the tree (rollup.h). */
#include "rollup.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"

void rollup_series_clear(struct rollup_series *s)
{
	s->present = 0;
}

void rollup_series_set(struct rollup_series *s, int slot, double v)
{
	if (slot < 0 || slot >= PERIOD_SLOTS)
		return;
	s->present |= UINT32_C(1) << slot;
	s->v[slot] = v;
}

bool rollup_derive(enum indicator_aggregation agg, const struct rollup_series *s, struct period p,
                   double *out)
{
	if (!s)
		return false;
	int slot = period_slot(p);
	if (slot >= 0 && (s->present >> slot & 1)) {
		*out = s->v[slot];
		return true;
	}
	struct period inside[4];
	size_t n = period_children(p, inside);
	if (n == 0 || !s->present)
		return false;
	double v, acc = 0;
	size_t have = 0;
	switch (agg) {
	case INDICATOR_SUM:
		for (size_t i = 0; i < n; i++) {
			if (!rollup_derive(agg, s, inside[i], &v))
				return false;
			acc += v;
		}
		*out = acc;
		return true;
	case INDICATOR_MEAN:
	case INDICATOR_MIN:
	case INDICATOR_MAX:
		for (size_t i = 0; i < n; i++) {
			if (!rollup_derive(agg, s, inside[i], &v))
				continue;
			if (agg == INDICATOR_MEAN)
				acc += v;
			else if (have == 0 || (agg == INDICATOR_MIN ? v < acc : v > acc))
				acc = v;
			have++;
		}
		if (have == 0)
			return false;
		*out = agg == INDICATOR_MEAN ? acc / (double)have : acc;
		return true;
	case INDICATOR_LAST:
	case INDICATOR_SHARE:
		for (size_t i = n; i-- > 0;)
			if (rollup_derive(agg, s, inside[i], out))
				return true;
		return false;
	case INDICATOR_RATIO:
	case INDICATOR_AGGREGATION_COUNT:
		break;
	}
	return false;
}

void rollup_acc_init(struct rollup_acc *a)
{
	memset(a, 0, sizeof *a);
}

static void rollup_acc_value(struct rollup_acc *a, double v)
{
	if (a->reporting == 0 || v < a->min)
		a->min = v;
	if (a->reporting == 0 || v > a->max)
		a->max = v;
	a->sum += v;
	a->ones += v == 1;
	a->reporting++;
}

void rollup_acc_add_unit(struct rollup_acc *a, const struct rollup_rule *r,
                         const struct rollup_series *s, const struct rollup_series *den,
                         struct period p)
{
	a->expected++;
	double v, d;
	if (r->aggregation != INDICATOR_RATIO) {
		if (rollup_derive(r->aggregation, s, p, &v))
			rollup_acc_value(a, v);
		return;
	}
	if (rollup_derive(r->numerator, s, p, &v) && rollup_derive(r->denominator, den, p, &d)) {
		a->sum += v;
		a->den += d;
		a->reporting++;
	}
}

void rollup_acc_merge(struct rollup_acc *into, const struct rollup_acc *from)
{
	if (from->reporting) {
		if (into->reporting == 0 || from->min < into->min)
			into->min = from->min;
		if (into->reporting == 0 || from->max > into->max)
			into->max = from->max;
	}
	into->expected += from->expected;
	into->reporting += from->reporting;
	into->ones += from->ones;
	into->sum += from->sum;
	into->den += from->den;
}

struct rollup_result rollup_acc_result(const struct rollup_acc *a, const struct rollup_rule *r)
{
	struct rollup_result res = {
	    .has_value = a->reporting > 0,
	    .reporting_units = a->reporting,
	    .expected_units = a->expected,
	};
	if (!res.has_value)
		return res;
	switch (r->aggregation) {
	case INDICATOR_SUM:
	case INDICATOR_LAST:
		res.value = a->sum;
		break;
	case INDICATOR_MEAN:
		res.value = a->sum / (double)a->reporting;
		break;
	case INDICATOR_MIN:
		res.value = a->min;
		break;
	case INDICATOR_MAX:
		res.value = a->max;
		break;
	case INDICATOR_SHARE:
		res.value = 100.0 * (double)a->ones / (double)a->reporting;
		break;
	case INDICATOR_RATIO:
		res.has_value = a->den != 0;
		if (res.has_value)
			res.value = r->multiplier * a->sum / a->den;
		break;
	case INDICATOR_AGGREGATION_COUNT:
		res.has_value = false;
		break;
	}
	return res;
}

struct rollup_result rollup_compute(const struct rollup_rule *r, struct period p,
                                    const struct rollup_series *const *num,
                                    const struct rollup_series *const *den, size_t n)
{
	struct rollup_acc a;
	rollup_acc_init(&a);
	for (size_t i = 0; i < n; i++)
		rollup_acc_add_unit(&a, r, num ? num[i] : NULL, den ? den[i] : NULL, p);
	return rollup_acc_result(&a, r);
}

/* ---- the tree ---- */

void rollup_tree_init(struct rollup_tree *t)
{
	memset(t, 0, sizeof *t);
	hmap_init(&t->index);
	arena_init(&t->strings);
}

void rollup_tree_finish(struct rollup_tree *t)
{
	free(t->nodes);
	hmap_finish(&t->index);
	arena_finish(&t->strings);
	memset(t, 0, sizeof *t);
}

void rollup_tree_add(struct rollup_tree *t, const char *code, const char *parent_code,
                     enum unit_kind kind)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->nodes = mem_realloc(t->nodes, t->cap * sizeof *t->nodes);
	}
	struct rollup_node *u = &t->nodes[t->n];
	u->code = arena_strdup(&t->strings, code);
	u->parent_code =
	    parent_code && parent_code[0] ? arena_strdup(&t->strings, parent_code) : NULL;
	u->parent = -1;
	u->kind = kind;
	u->below = 0;
	hmap_put(&t->index, code, (int64_t)t->n);
	t->n++;
}

int32_t rollup_tree_find(const struct rollup_tree *t, const char *code)
{
	int64_t i;
	return hmap_get(&t->index, code, &i) ? (int32_t)i : -1;
}

void rollup_tree_link(struct rollup_tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct rollup_node *u = &t->nodes[i];
		u->parent = u->parent_code ? rollup_tree_find(t, u->parent_code) : -1;
		u->below = 0;
	}
	/* each unit marks its kind in every ancestor; a chain that does not end is a loop, cut at
	 * the unit where it was found */
	for (size_t i = 0; i < t->n; i++) {
		unsigned bit = 1u << t->nodes[i].kind;
		int32_t a = t->nodes[i].parent;
		for (int depth = 0; a >= 0; depth++) {
			if (depth == ROLLUP_DEPTH_MAX) {
				t->nodes[i].parent = -1;
				break;
			}
			t->nodes[a].below |= bit;
			a = t->nodes[a].parent;
		}
	}
}

bool rollup_tree_expected(const struct rollup_tree *t, int32_t u, unsigned kinds)
{
	const struct rollup_node *n = &t->nodes[u];
	return (kinds >> n->kind & 1) && !(n->below & kinds);
}

bool rollup_tree_within(const struct rollup_tree *t, int32_t u, int32_t ancestor)
{
	for (int depth = 0; u >= 0 && depth <= ROLLUP_DEPTH_MAX; depth++) {
		if (u == ancestor)
			return true;
		u = t->nodes[u].parent;
	}
	return false;
}

bool rollup_target(const struct rollup_tree *t, int32_t unit, struct period p,
                   bool (*lookup)(void *ctx, int32_t node, int32_t period_code, double *target),
                   void *ctx, double *out)
{
	for (int depth = 0; unit >= 0 && depth <= ROLLUP_DEPTH_MAX; depth++) {
		struct period q = p;
		for (;;) {
			if (lookup(ctx, unit, period_code(q), out))
				return true;
			if (!period_parent(q, &q))
				break;
		}
		unit = t->nodes[unit].parent;
	}
	return false;
}
