/* rollup.h — an indicator's value for a unit and a period, from the values its units reported.
 *
 * Pure arithmetic on what app/ loads: the tree as it stood, the values, the targets. The rules:
 *
 * EXPECTED UNITS. The units expected to report indicator I under unit A for period P are the
 * units of the tree as it stood on P's last day that
 *   (1) are A or lie below A,
 *   (2) are of a kind that reports I — a kind some unit of which has sent a value of I (for a
 *       ratio: of its numerator or its denominator), and
 *   (3) have no unit of such a kind below them (the lowest reporting level: if districts and
 *       communes both sent values, a district's own figure is not added to its communes').
 * In practice: the communes under A for a commune indicator, the agencies under A for an agency
 * one. A unit of a reporting kind that sent nothing for P is expected and not reporting: missing
 * data shows as reporting_units < expected_units and is never counted as zero. No reporting unit
 * means no value (null), not 0.
 *
 * TIME. A unit's value for P is its own value for P when it reported one; else, for a year or a
 * quarter, it is derived from the periods directly inside (a year's quarters, a quarter's months),
 * each of them again its own value or derived from its months:
 *   sum          the total, only when every quarter (month) has a value — a year with a month
 *                missing has no sum, rather than a sum that silently counts the month as 0
 *   mean         the mean of the quarters (months) that have a value (each quarter weighs the
 *                same, whatever the number of its months)
 *   min, max     of the quarters (months) that have a value
 *   last, share  the value of the latest quarter (month) that has one (share: the unit's 0/1
 *                state at the end of the period)
 *   ratio        numerator and denominator are each derived by their own rule, then divided
 *                after summing over units (below)
 * SPACE. Over the reporting units: sum Σ; mean Σ/n; min; max; last Σ (a stock: population,
 * members); share 100 × (units with value 1) / n; ratio multiplier × Σnumerator / Σdenominator
 * over the units that have both for P (a unit with only one of them is not reporting), no value
 * when Σdenominator is 0.
 *
 * TARGETS. The target of (I, A, P) is the one set for the nearest unit among A, its parent, its
 * parent's parent…, and for that unit the most specific period among P, the quarter around P, the
 * year around P: a province's own yearly target beats the nation's monthly one, and a unit
 * without targets inherits its parent's (as the tree stood).
 */
#ifndef DXTRACK_ROLLUP_H
#define DXTRACK_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "../lib/hmap.h"
#include "indicator.h"
#include "period.h"
#include "unit.h"

/* The values one unit reported for one indicator within one year, by period slot (period.h). */
struct rollup_series {
	uint32_t present; /* bit s set when slot s holds a value */
	double v[PERIOD_SLOTS];
};

void rollup_series_clear(struct rollup_series *s);
void rollup_series_set(struct rollup_series *s, int slot, double v);

/* The unit's value for p under the time rule of agg (any but ratio); false when it has none. */
bool rollup_derive(enum indicator_aggregation agg, const struct rollup_series *s, struct period p,
                   double *out);

/* How an indicator rolls up: its aggregation, and for a ratio the rules of its two parts (which
 * decide how they are derived in time) and the multiplier. */
struct rollup_rule {
	enum indicator_aggregation aggregation;
	enum indicator_aggregation numerator;
	enum indicator_aggregation denominator;
	double multiplier;
};

/* Running totals over units: fed one expected unit at a time, or merged from subtrees. */
struct rollup_acc {
	size_t expected;
	size_t reporting;
	size_t ones; /* reporting units whose value is 1 (share) */
	double sum;  /* Σ values; for a ratio Σ numerators */
	double den;  /* ratio: Σ denominators */
	double min, max;
};

struct rollup_result {
	bool has_value; /* false: no value (null) */
	double value;
	size_t reporting_units;
	size_t expected_units;
};

void rollup_acc_init(struct rollup_acc *a);
/* One expected unit: s holds its values (for a ratio, of the numerator; den those of the
 * denominator; either may be NULL when the unit sent none). It counts as reporting when it has a
 * value for p (a ratio: both parts). */
void rollup_acc_add_unit(struct rollup_acc *a, const struct rollup_rule *r,
                         const struct rollup_series *s, const struct rollup_series *den,
                         struct period p);
void rollup_acc_merge(struct rollup_acc *into, const struct rollup_acc *from);
struct rollup_result rollup_acc_result(const struct rollup_acc *a, const struct rollup_rule *r);

/* Everything at once: the n expected units' series (num[i], den[i] may be NULL; den is NULL
 * unless a ratio). */
struct rollup_result rollup_compute(const struct rollup_rule *r, struct period p,
                                    const struct rollup_series *const *num,
                                    const struct rollup_series *const *den, size_t n);

/* An indicator's figure for one unit and period, as app/ computes it from the above: what the
 * CLI, the pages and the API show (report/indicator_report.h writes it as JSON). */
struct indicator_figure {
	const struct indicator *indicator;
	const char *unit;      /* its code */
	const char *unit_name; /* its name; NULL when not known */
	struct period period;
	bool has_value; /* false: no unit reported (null) */
	double value;
	bool has_target; /* false: no target applies */
	double target;
	size_t reporting_units;
	size_t expected_units;
};

/* ---- the tree as it stood ---- */

#define ROLLUP_DEPTH_MAX 64 /* a chain longer than this is a loop: it is cut */

struct rollup_node {
	const char *code;
	const char *parent_code; /* NULL for a root */
	int32_t parent;          /* -1: a root, or a parent not in the tree */
	enum unit_kind kind;
	unsigned below; /* bits 1 << kind of the units strictly below */
};

struct rollup_tree {
	struct rollup_node *nodes;
	size_t n, cap;
	struct hmap index;    /* code → node */
	struct arena strings; /* the codes */
};

void rollup_tree_init(struct rollup_tree *t);
void rollup_tree_finish(struct rollup_tree *t);
/* Adds a unit (codes are copied); a later rollup_tree_link resolves the parents. */
void rollup_tree_add(struct rollup_tree *t, const char *code, const char *parent_code,
                     enum unit_kind kind);
void rollup_tree_link(struct rollup_tree *t);
int32_t rollup_tree_find(const struct rollup_tree *t, const char *code); /* -1: not there */
/* Whether node u is an expected unit (rules 2 and 3 above) for an indicator reported by kinds. */
bool rollup_tree_expected(const struct rollup_tree *t, int32_t u, unsigned kinds);
/* Whether node u is ancestor or lies below it. */
bool rollup_tree_within(const struct rollup_tree *t, int32_t u, int32_t ancestor);

/* The target of (unit, p) by the rule above; lookup says whether a target is set for exactly
 * (node, period code). false when none applies. */
bool rollup_target(const struct rollup_tree *t, int32_t unit, struct period p,
                   bool (*lookup)(void *ctx, int32_t node, int32_t period_code, double *target),
                   void *ctx, double *out);

#endif
