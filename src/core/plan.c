/* plan.c — tiers, reasons, carry-over and the exact knapsack of next year's catalogue (plan.h).
 *
 * The knapsack decides, for one tier, the proposals that cost something and score something and
 * fit on their own; the others are settled before it (costing nothing: always in a best set;
 * scored 0 or too dear: never). It fills one of two tables, walking the items backwards (the
 * suffixes of the walk order), with one bit per (item, column) saying "some best set of the
 * suffix at this column takes the item". Walking forwards through those bits from the answer's
 * column gives rule c of plan.h: each item is taken exactly when a best set with the choices made
 * so far takes it.
 *   By money: best[c] = the best key of a subset costing at most c, key = score × width − cost
 *     (cost < width, so a larger key is a larger score, then a smaller cost). Columns: money
 *     left, capped at the tier's total cost, in units of the costs' GCD.
 *   By score: least[s] = the least cost of a subset scoring exactly s; the answer is the largest
 *     s whose least cost fits. Columns: the tier's total score in units of the scores' GCD.
 * Both give the same choice (tests/unit/test_plan.c checks them against every subset).
 */
#include "plan.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/vnfmt.h"
#include "money.h"

/* ---- proposals ---------------------------------------------------------------------------- */

void proposal_clear(struct proposal *p)
{
	task_clear(&p->task);
	memset(p, 0, sizeof *p);
}

static bool plan_same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

bool proposal_equal(const struct proposal *a, const struct proposal *b)
{
	const struct task *x = &a->task, *y = &b->task;
	return x->year == y->year && plan_same_text(x->code, y->code) &&
	       plan_same_text(x->name, y->name) && plan_same_text(x->investor, y->investor) &&
	       plan_same_text(x->category, y->category) && x->funding == y->funding &&
	       x->budget_vnd == y->budget_vnd && plan_same_text(x->carried_from, y->carried_from) &&
	       x->tags == y->tags && date_compare(x->start_date, y->start_date) == 0 &&
	       date_compare(x->end_date, y->end_date) == 0 && plan_same_text(x->note, y->note) &&
	       a->score == b->score;
}

int proposal_check(const struct proposal *p,
                   void (*report)(void *ctx, const char *column, const char *message), void *ctx)
{
	int n = 0;
	if (p->task.status != TASK_PLANNED) {
		report(ctx, "status",
		       "a proposal is not begun yet: its status is planned (chưa triển khai)");
		n++;
	}
	if (p->task.progress_pct != 0) {
		report(ctx, "progress_pct", "a proposal has no progress yet: leave it empty or 0");
		n++;
	}
	if (p->task.disbursed_vnd != 0) {
		report(ctx, "disbursed_vnd",
		       "nothing is disbursed for a proposal yet: leave it empty or 0");
		n++;
	}
	if (p->score < 0 || p->score > PLAN_SCORE_MAX) {
		report(ctx, "score", "the score must be a whole number from 0 to 1000");
		n++;
	}
	return n;
}

bool plan_carries_over(const struct task *t)
{
	return t->status == TASK_IN_PROGRESS || t->status == TASK_DEFERRED;
}

void plan_carry_over(const struct task *t, struct proposal *out)
{
	struct buf note;
	memset(out, 0, sizeof *out);
	out->task.year = t->year + 1;
	out->task.code = mem_strdup(t->code);
	out->task.name = mem_strdup(t->name);
	out->task.investor = mem_strdup(t->investor);
	out->task.category = mem_strdup(t->category ? t->category : "");
	out->task.funding = t->funding;
	out->task.budget_vnd =
	    t->budget_vnd > t->disbursed_vnd ? t->budget_vnd - t->disbursed_vnd : 0;
	out->task.carried_from = mem_strdup(t->code);
	out->task.tags = t->tags;
	out->task.status = TASK_PLANNED;
	out->score = PLAN_SCORE_DEFAULT;
	out->carried_year = t->year;
	buf_init(&note, 0);
	buf_printf(&note, "Chuyển tiếp từ nhiệm vụ %s năm %d: còn lại ", t->code, t->year);
	vnfmt_int(&note, out->task.budget_vnd);
	buf_puts(&note, " đồng (kinh phí ");
	vnfmt_int(&note, t->budget_vnd);
	buf_puts(&note, ", đã giải ngân ");
	vnfmt_int(&note, t->disbursed_vnd);
	buf_puts(&note, ")");
	out->task.note = buf_steal(&note);
}

/* ---- tiers and reasons -------------------------------------------------------------------- */

/* The tier-1 tags in the words of the committee's priorities, by tag bit (TAG_CITIZEN_SERVICE is
 * bit 0 … TAG_DE_AN_06 bit 5). */
static const char *const plan_tier1_phrases[] = {
    "phục vụ người dân, doanh nghiệp", /* citizen_service */
    "dịch vụ công trực tuyến",         /* online_public_service */
    "cải cách hành chính",             /* admin_reform */
    "hạ tầng dùng chung",              /* shared_infrastructure */
    "an toàn thông tin",               /* information_security */
    "Đề án 06",                        /* de_an_06 */
};

int plan_tier(uint32_t tags, const char *carried_from)
{
	if (tags & PLAN_TIER1_TAGS)
		return 1;
	if (carried_from && carried_from[0])
		return 2;
	return 3;
}

void plan_reason(struct buf *out, uint32_t tags, const char *carried_from, int carried_year)
{
	switch (plan_tier(tags, carried_from)) {
	case 1: {
		const char *sep = "Ưu tiên số 1: ";
		for (unsigned i = 0; i < sizeof plan_tier1_phrases / sizeof plan_tier1_phrases[0];
		     i++) {
			if (!(tags & PLAN_TIER1_TAGS & (1u << i)))
				continue;
			buf_puts(out, sep);
			buf_puts(out, plan_tier1_phrases[i]);
			sep = "; ";
		}
		break;
	}
	case 2:
		if (carried_year > 0)
			buf_printf(out, "Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm %d",
			           carried_year);
		else
			buf_puts(out, "Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm trước");
		break;
	default:
		buf_puts(out, "Ưu tiên số 3: nâng cao hiệu quả quản lý ngành, lĩnh vực, phát triển "
		              "kinh tế - xã hội");
		break;
	}
}

bool plan_pick_selected(enum plan_pick p)
{
	return p == PLAN_PICK_LOCKED || p == PLAN_PICK_CHOSEN;
}

const char *plan_pick_reason(enum plan_pick p)
{
	switch (p) {
	case PLAN_PICK_EXCLUDED:
		return "bị loại theo yêu cầu";
	case PLAN_PICK_NO_MONEY:
		return "không đủ kinh phí còn lại";
	case PLAN_PICK_ZERO_SCORE:
		return "điểm bằng 0: không làm tăng tổng điểm";
	default:
		return "";
	}
}

/* ---- the knapsack ------------------------------------------------------------------------- */

static int64_t plan_gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Bit (row, column) of a table of rows `stride` words wide. */
static void plan_bit_set(uint64_t *bits, size_t stride, size_t row, int64_t col)
{
	bits[row * stride + (size_t)(col >> 6)] |= UINT64_C(1) << (col & 63);
}

static bool plan_bit(const uint64_t *bits, size_t stride, size_t row, int64_t col)
{
	return (bits[row * stride + (size_t)(col >> 6)] >> (col & 63)) & 1;
}

/* By money: idx[0..m) are the items the table decides, costs in units of g, width columns
 * (0..width-1: the money left). */
static void plan_dp_cost(const int64_t *cost, const int *score, const size_t *idx, size_t m,
                         int64_t g, int64_t width, bool *take)
{
	int64_t top = width - 1;
	size_t stride = (size_t)(width + 63) / 64;
	int64_t *best = mem_calloc((size_t)width, sizeof *best); /* the empty set: key 0 */
	uint64_t *bits = mem_calloc(m * stride, sizeof *bits);
	for (size_t k = m; k-- > 0;) {
		int64_t w = cost[idx[k]] / g;
		int64_t v = (int64_t)score[idx[k]] * width - w;
		for (int64_t c = top; c >= w; c--) {
			int64_t with = best[c - w] + v;
			if (with >= best[c]) { /* equal: a best set takes it too */
				best[c] = with;
				plan_bit_set(bits, stride, k, c);
			}
		}
	}
	int64_t c = top;
	for (size_t k = 0; k < m; k++) {
		if (plan_bit(bits, stride, k, c)) {
			take[idx[k]] = true;
			c -= cost[idx[k]] / g;
		}
	}
	free(bits);
	free(best);
}

/* By score: scores in units of g, width columns (0..width-1: a total score), capacity in
 * millions. */
static void plan_dp_score(const int64_t *cost, const int *score, const size_t *idx, size_t m,
                          int64_t g, int64_t width, int64_t capacity, bool *take)
{
	const int64_t none = INT64_MAX; /* no subset scores exactly this */
	int64_t top = width - 1;
	size_t stride = (size_t)(width + 63) / 64;
	int64_t *least = mem_alloc((size_t)width * sizeof *least);
	uint64_t *bits = mem_calloc(m * stride, sizeof *bits);
	least[0] = 0;
	for (int64_t s = 1; s < width; s++)
		least[s] = none;
	for (size_t k = m; k-- > 0;) {
		int64_t v = score[idx[k]] / g;
		int64_t w = cost[idx[k]];
		for (int64_t s = top; s >= v; s--) {
			if (least[s - v] == none)
				continue;
			int64_t with = least[s - v] + w;
			if (with <= least[s]) { /* equal: a best set takes it too */
				least[s] = with;
				plan_bit_set(bits, stride, k, s);
			}
		}
	}
	int64_t s = top;
	while (least[s] > capacity) /* least[0] = 0 fits */
		s--;
	for (size_t k = 0; k < m; k++) {
		if (plan_bit(bits, stride, k, s)) {
			take[idx[k]] = true;
			s -= score[idx[k]] / g;
		}
	}
	free(bits);
	free(least);
}

int plan_knapsack(const int64_t *cost, const int *score, size_t n, int64_t capacity,
                  enum plan_dp dp, bool *take)
{
	assert(capacity >= 0);
	size_t *idx = mem_alloc((n ? n : 1) * sizeof *idx);
	bool *chosen = mem_calloc(n ? n : 1, sizeof *chosen);
	size_t m = 0;
	int64_t sum_cost = 0, sum_score = 0, g_cost = 0, g_score = 0;
	int rc = -1;
	for (size_t i = 0; i < n; i++) {
		assert(cost[i] >= 0 && score[i] >= 0 && score[i] <= PLAN_SCORE_MAX);
		if (cost[i] == 0) {
			chosen[i] = true; /* it changes neither score nor cost: rule c takes it */
			continue;
		}
		if (score[i] == 0 || cost[i] > capacity)
			continue; /* it would only add cost, or it does not fit at all */
		idx[m++] = i;
		sum_cost += cost[i];
		sum_score += score[i];
		g_cost = plan_gcd(g_cost, cost[i]);
		g_score = plan_gcd(g_score, score[i]);
	}
	if (m > 0) {
		int64_t money = capacity < sum_cost ? capacity : sum_cost;
		int64_t by_cost = money / g_cost + 1, by_score = sum_score / g_score + 1;
		if (dp == PLAN_DP_AUTO)
			dp = by_cost <= by_score ? PLAN_DP_COST : PLAN_DP_SCORE;
		int64_t width = dp == PLAN_DP_COST ? by_cost : by_score;
		/* the bits, and one row of 64-bit sums */
		if ((int64_t)m > PLAN_TABLE_BITS_MAX / width || width > PLAN_TABLE_BITS_MAX / 64)
			goto out;
		if (dp == PLAN_DP_COST)
			plan_dp_cost(cost, score, idx, m, g_cost, width, chosen);
		else
			plan_dp_score(cost, score, idx, m, g_score, width, money, chosen);
	}
	memcpy(take, chosen, n * sizeof *take);
	rc = 0;
out:
	free(chosen);
	free(idx);
	return rc;
}

/* ---- the selection ------------------------------------------------------------------------ */

static int plan_item_by_code(const void *a, const void *b)
{
	const struct plan_item *x = *(const struct plan_item *const *)a;
	const struct plan_item *y = *(const struct plan_item *const *)b;
	return strcmp(x->code, y->code);
}

enum plan_outcome plan_select(struct plan_item *items, size_t n, int64_t ceiling_vnd,
                              struct plan_totals *out)
{
	assert(ceiling_vnd >= 0);
	memset(out, 0, sizeof *out);
	out->capacity = ceiling_vnd / 1000000;
	for (size_t i = 0; i < n; i++) {
		assert(items[i].tier >= 1 && items[i].tier <= PLAN_TIERS);
		assert(!(items[i].locked && items[i].excluded));
		items[i].pick = PLAN_PICK_NONE;
		if (items[i].locked)
			out->locked += money_millions_ceil(items[i].budget_vnd);
	}
	if (out->locked > out->capacity)
		return PLAN_LOCKS_OVER;
	struct plan_item **by_code = mem_alloc((n ? n : 1) * sizeof *by_code);
	struct plan_item **tier = mem_alloc((n ? n : 1) * sizeof *tier);
	int64_t *cost = mem_alloc((n ? n : 1) * sizeof *cost);
	int *score = mem_alloc((n ? n : 1) * sizeof *score);
	bool *take = mem_alloc((n ? n : 1) * sizeof *take);
	enum plan_outcome outcome = PLAN_OK;
	for (size_t i = 0; i < n; i++)
		by_code[i] = &items[i];
	qsort(by_code, n, sizeof *by_code, plan_item_by_code);
	int64_t left = out->capacity - out->locked;
	for (int t = 1; t <= PLAN_TIERS; t++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			struct plan_item *it = by_code[i];
			if (it->tier != t || it->locked || it->excluded)
				continue;
			tier[m] = it;
			cost[m] = money_millions_ceil(it->budget_vnd);
			score[m] = it->score;
			m++;
		}
		if (plan_knapsack(cost, score, m, left, PLAN_DP_AUTO, take) < 0) {
			out->too_large_tier = t;
			outcome = PLAN_TOO_LARGE;
			goto out;
		}
		for (size_t k = 0; k < m; k++)
			if (take[k]) {
				tier[k]->pick = PLAN_PICK_CHOSEN;
				out->chosen[t] += cost[k];
			}
		left -= out->chosen[t];
		for (size_t k = 0; k < m; k++)
			if (!take[k])
				tier[k]->pick = score[k] == 0 && cost[k] <= left
				                    ? PLAN_PICK_ZERO_SCORE
				                    : PLAN_PICK_NO_MONEY;
	}
	out->left = left;
	for (size_t i = 0; i < n; i++) {
		if (items[i].locked)
			items[i].pick = PLAN_PICK_LOCKED;
		else if (items[i].excluded)
			items[i].pick = PLAN_PICK_EXCLUDED;
		if (plan_pick_selected(items[i].pick)) {
			out->selected_vnd += items[i].budget_vnd;
			out->score += items[i].score;
		}
	}
out:
	free(take);
	free(score);
	free(cost);
	free(tier);
	free(by_code);
	return outcome;
}

/* ---- results ------------------------------------------------------------------------------ */

void plan_result_init(struct plan_result *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->strings);
}

void plan_result_finish(struct plan_result *r)
{
	free(r->entries);
	arena_finish(&r->strings);
	memset(r, 0, sizeof *r);
}

struct plan_entry *plan_result_add(struct plan_result *r, const struct plan_entry *e)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->entries = mem_realloc(r->entries, r->cap * sizeof *r->entries);
	}
	struct plan_entry *x = &r->entries[r->n++];
	*x = *e;
	x->code = arena_strdup(&r->strings, e->code);
	x->name = arena_strdup(&r->strings, e->name);
	x->investor = arena_strdup(&r->strings, e->investor);
	x->reason = arena_strdup(&r->strings, e->reason);
	if (x->selected)
		r->n_selected++;
	return x;
}
