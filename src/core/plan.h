/* plan.h — next year's catalogue (issue 5): proposals, the committee's priority tiers, and the
 * selection of proposals under a budget ceiling. Pure: no database, no output format.
 *
 * TIERS, in the seed's order of priority (shared/seed/README.md):
 *   1  the tags include any of citizen_service, online_public_service, admin_reform,
 *      shared_infrastructure, information_security, de_an_06 (PLAN_TIER1_TAGS);
 *   2  otherwise, carried_from is set: a task carried over from an earlier year;
 *   3  otherwise (management of sectors and fields, socio-economic development).
 *
 * SELECTION (plan_select). A proposal costs its budget in whole millions of đồng rounded up
 * (money_millions_ceil); the ceiling is rounded down to whole millions, so a selection never
 * exceeds it in đồng either.
 *   1. Locked proposals are taken first, whatever their tier: their cost reduces the ceiling. If
 *      they alone exceed it, nothing is selected (PLAN_LOCKS_OVER).
 *   2. Excluded proposals are never taken.
 *   3. Tiers are filled in order 1, 2, 3. Within a tier the chosen set is, among the subsets of
 *      the tier's other proposals whose cost fits the money left:
 *        a. one with the largest total score;
 *        b. of those, one with the smallest total cost;
 *        c. of those, the one found by walking the tier's proposals in code order (strcmp, byte
 *           order) and taking each proposal when some set of (a, b) with the choices made so far
 *           contains it. Of two such sets, the one that holds the first code (in that order) where
 *           they differ wins: for sets of the same size, the lexicographically smallest list of
 *           codes.
 *      This is an exact 0/1 knapsack: dynamic programming over the money left or over the score
 *      (whichever table is smaller), never a heuristic.
 *   4. What a tier leaves passes to the next.
 * So a proposal scored 0 is taken only when it costs nothing (or is locked), and one that costs
 * nothing is always taken.
 */
#ifndef DXTRACK_PLAN_H
#define DXTRACK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "task.h"

#define PLAN_SCORE_MAX 1000  /* a merit score is a whole number from 0 to this */
#define PLAN_SCORE_DEFAULT 1 /* when a file gives none */
#define PLAN_TIERS 3
#define PLAN_TIER1_TAGS                                                                            \
	(TAG_CITIZEN_SERVICE | TAG_ONLINE_PUBLIC_SERVICE | TAG_ADMIN_REFORM |                      \
	 TAG_SHARED_INFRASTRUCTURE | TAG_INFORMATION_SECURITY | TAG_DE_AN_06)
/* The largest dynamic-programming table plan_select builds for one tier, in bits (256 MiB):
 * (proposals of the tier) × (money left in millions, or total score, + 1) columns; its row of
 * 64-bit sums is held to the same size. 500 proposals and a ceiling of 200 billion đồng need at
 * most 10^8 bits. */
#define PLAN_TABLE_BITS_MAX ((int64_t)1 << 31)

/* A proposal for next year's catalogue: a task's plan and the committee's merit score. */
struct proposal {
	struct task task; /* the plan fields; task.year is the year proposed for; no state */
	int score;        /* 0..PLAN_SCORE_MAX */
	int carried_year; /* the year of the task carried_from names (as read), 0 if unknown */
};

/* Frees the strings of p and zeroes it. */
void proposal_clear(struct proposal *p);
/* True when a and b have the same plan fields and score (ids and carried_year ignored). */
bool proposal_equal(const struct proposal *a, const struct proposal *b);
/* The proposal rules beyond task_check: a proposal is not begun, so its status is planned and
 * it has no progress and nothing disbursed. Reports each violation (with its CSV column) and
 * returns how many. */
int proposal_check(const struct proposal *p,
                   void (*report)(void *ctx, const char *column, const char *message), void *ctx);

/* The task of year Y is carried over to Y+1 when its current status is in_progress or
 * deferred. */
bool plan_carries_over(const struct task *t);
/* The proposal for year t->year + 1 made from task t: the same code, name, investor, category,
 * funding and tags; budget = budget − disbursed (what remains); carried_from = t's code; no
 * dates; a note saying where the figure comes from; score PLAN_SCORE_DEFAULT. *out's strings are
 * malloc'd (proposal_clear). */
void plan_carry_over(const struct task *t, struct proposal *out);

/* The tier (1..3) of a proposal with these tags and carried_from (NULL or "": none). */
int plan_tier(uint32_t tags, const char *carried_from);
/* Why a proposal has its tier, in Vietnamese, appended to out: "Ưu tiên số 1: phục vụ người
 * dân, doanh nghiệp" (every tier-1 tag it has, in tag order, joined by "; "), "Ưu tiên số 2:
 * nhiệm vụ chuyển tiếp từ năm 2023" (carried_year; 0 gives "từ năm trước"), "Ưu tiên số 3: …". */
void plan_reason(struct buf *out, uint32_t tags, const char *carried_from, int carried_year);

/* What the selection did with a proposal. */
enum plan_pick {
	PLAN_PICK_NONE,       /* not decided (before plan_select) */
	PLAN_PICK_LOCKED,     /* selected: --lock */
	PLAN_PICK_CHOSEN,     /* selected by its tier's knapsack */
	PLAN_PICK_EXCLUDED,   /* not selected: --exclude */
	PLAN_PICK_NO_MONEY,   /* not selected: its cost does not fit with the better set */
	PLAN_PICK_ZERO_SCORE, /* not selected: scored 0, so it adds cost and no score */
};
bool plan_pick_selected(enum plan_pick p);
/* The reason of a proposal not selected: "không đủ kinh phí còn lại", "bị loại theo yêu cầu",
 * "điểm bằng 0: không làm tăng tổng điểm"; "" for the others. */
const char *plan_pick_reason(enum plan_pick p);

/* One proposal as the selection sees it. */
struct plan_item {
	const char *code; /* unique among the items */
	int tier;         /* 1..PLAN_TIERS */
	int score;        /* 0..PLAN_SCORE_MAX */
	int64_t budget_vnd;
	bool locked;         /* in: take it first */
	bool excluded;       /* in: never take it (not with locked) */
	enum plan_pick pick; /* out */
};

enum plan_outcome {
	PLAN_OK,
	PLAN_LOCKS_OVER, /* the locked proposals alone cost more than the ceiling */
	PLAN_TOO_LARGE,  /* a tier's table would exceed PLAN_TABLE_BITS_MAX */
};

/* What plan_select found, in whole millions of đồng unless named _vnd. */
struct plan_totals {
	int64_t capacity;               /* the ceiling, rounded down */
	int64_t locked;                 /* cost of the locked proposals */
	int64_t chosen[PLAN_TIERS + 1]; /* cost of what each tier chose (index 1..3) */
	int64_t left;                   /* what is left at the end */
	int64_t selected_vnd;           /* the budgets of the selected proposals, in đồng */
	int64_t score;                  /* their total score */
	int too_large_tier;             /* PLAN_TOO_LARGE: which tier */
};

/* Selects under ceiling_vnd (>= 0) as the header says, setting every item's pick. On
 * PLAN_LOCKS_OVER or PLAN_TOO_LARGE the picks are not meaningful. */
enum plan_outcome plan_select(struct plan_item *items, size_t n, int64_t ceiling_vnd,
                              struct plan_totals *out);

/* How the knapsack's table is laid out (tests compare them; plan_select uses PLAN_DP_AUTO). */
enum plan_dp {
	PLAN_DP_AUTO,  /* the smaller table of the two */
	PLAN_DP_COST,  /* best score for each amount of money */
	PLAN_DP_SCORE, /* least money for each total score */
};
/* The exact 0/1 knapsack of one tier: items 0..n-1 in walk order, cost[i] >= 0 (millions),
 * score[i] in 0..PLAN_SCORE_MAX, capacity >= 0; take[i] receives the choice of rules a, b, c
 * above. 0, or -1 when the table would exceed PLAN_TABLE_BITS_MAX (take untouched). */
int plan_knapsack(const int64_t *cost, const int *score, size_t n, int64_t capacity,
                  enum plan_dp dp, bool *take);

/* ---- a selection, ready to show (built by app/, rendered by report/) ---- */

struct plan_entry {
	const char *code;
	const char *name;
	const char *investor;
	int tier;
	int score;
	int64_t budget_vnd;
	bool selected;
	const char *reason; /* selected: the tier's reason; not selected: plan_pick_reason */
};

struct plan_result {
	int year;
	int64_t budget_vnd;   /* the ceiling */
	int64_t selected_vnd; /* the budgets of the selected proposals */
	/* the selected proposals (n_selected) then the others, each part ordered by tier, then
	 * code (strcmp) */
	struct plan_entry *entries;
	size_t n;
	size_t n_selected;
	size_t cap; /* entries allocated */
	/* an adopted catalogue (plan show); NULL for a selection computed now */
	const char *adopted_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	const char *adopted_by;
	const char *locks;    /* codes joined by ";" ("" for none) */
	const char *excludes; /* likewise */
	struct arena strings; /* every string above */
};

void plan_result_init(struct plan_result *r);
void plan_result_finish(struct plan_result *r); /* frees entries and strings */
/* Appends an entry (strings copied into r->strings); returns it. */
struct plan_entry *plan_result_add(struct plan_result *r, const struct plan_entry *e);

#endif
