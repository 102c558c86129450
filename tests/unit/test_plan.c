/* test_plan.c — unit tests for next year's catalogue (core/plan.c): the tier rules, the
 * Vietnamese reasons, carry-over arithmetic, and the selection under a ceiling — exact knapsack,
 * ties, locks, excludes, rounding to millions, empty tiers, zero scores.
 *
 * Expected values are worked out by hand from plan.h's rules (each case says how), and the two
 * layouts of the knapsack are checked against every subset of small random instances, with rule c
 * written here independently: of the best subsets, the one whose membership, read in code
 * order, is largest as a binary number (the first differing code is taken).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/money.h"
#include "core/plan.h"
#include "core/task.h"
#include "lib/buf.h"

/* ---- helpers ------------------------------------------------------------------------------- */

#define M 1000000 /* one million đồng */

static void test_plan_reason_is(uint32_t tags, const char *carried, int year, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	plan_reason(&b, tags, carried, year);
	assert_string_equal(buf_cstr(&b), want);
	buf_finish(&b);
}

/* The item of code in items, or a failure. */
static const struct plan_item *test_plan_item(const struct plan_item *items, size_t n,
                                              const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].code, code) == 0)
			return &items[i];
	fail_msg("no item %s", code);
	return NULL;
}

/* "A,C": the codes selected, in the items' order. */
static void test_plan_selected_are(const struct plan_item *items, size_t n, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++)
		if (plan_pick_selected(items[i].pick)) {
			if (b.len)
				buf_putc(&b, ',');
			buf_puts(&b, items[i].code);
		}
	assert_string_equal(buf_cstr(&b), want);
	buf_finish(&b);
}

/* ---- tiers and reasons --------------------------------------------------------------------- */

static void test_plan_tiers(void **state)
{
	(void)state;
	/* each of the six tags of the first priority makes tier 1, alone or with others */
	const uint32_t first[] = {TAG_CITIZEN_SERVICE,      TAG_ONLINE_PUBLIC_SERVICE,
	                          TAG_ADMIN_REFORM,         TAG_SHARED_INFRASTRUCTURE,
	                          TAG_INFORMATION_SECURITY, TAG_DE_AN_06};
	for (size_t i = 0; i < sizeof first / sizeof first[0]; i++) {
		assert_int_equal(plan_tier(first[i], NULL), 1);
		assert_int_equal(plan_tier(first[i] | TAG_SOCIO_ECONOMIC, "CDS23-01"), 1);
	}
	/* carried over and none of them: tier 2 */
	assert_int_equal(plan_tier(0, "CDS23-10"), 2);
	assert_int_equal(plan_tier(TAG_SECTOR_MANAGEMENT | TAG_SOCIO_ECONOMIC, "CDS23-10"), 2);
	/* the rest: tier 3 (an empty carried_from is none) */
	assert_int_equal(plan_tier(0, NULL), 3);
	assert_int_equal(plan_tier(0, ""), 3);
	assert_int_equal(plan_tier(TAG_SECTOR_MANAGEMENT, NULL), 3);
	assert_int_equal(plan_tier(TAG_SOCIO_ECONOMIC, ""), 3);
}

static void test_plan_reasons(void **state)
{
	(void)state;
	test_plan_reason_is(TAG_CITIZEN_SERVICE, NULL, 0,
	                    "Ưu tiên số 1: phục vụ người dân, doanh nghiệp");
	test_plan_reason_is(TAG_ONLINE_PUBLIC_SERVICE, NULL, 0,
	                    "Ưu tiên số 1: dịch vụ công trực tuyến");
	test_plan_reason_is(TAG_ADMIN_REFORM, NULL, 0, "Ưu tiên số 1: cải cách hành chính");
	test_plan_reason_is(TAG_SHARED_INFRASTRUCTURE, NULL, 0, "Ưu tiên số 1: hạ tầng dùng chung");
	test_plan_reason_is(TAG_INFORMATION_SECURITY, NULL, 0, "Ưu tiên số 1: an toàn thông tin");
	test_plan_reason_is(TAG_DE_AN_06, NULL, 0, "Ưu tiên số 1: Đề án 06");
	/* every tag of the first priority, in tag order, whatever the other tags and carried_from
	 */
	test_plan_reason_is(TAG_DE_AN_06 | TAG_SECTOR_MANAGEMENT | TAG_CITIZEN_SERVICE, "X", 2023,
	                    "Ưu tiên số 1: phục vụ người dân, doanh nghiệp; Đề án 06");
	test_plan_reason_is(TAG_SOCIO_ECONOMIC, "CDS23-10", 2023,
	                    "Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm 2023");
	test_plan_reason_is(0, "CDS21-04", 2021, "Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm 2021");
	test_plan_reason_is(0, "CDS23-10", 0, "Ưu tiên số 2: nhiệm vụ chuyển tiếp từ năm trước");
	test_plan_reason_is(TAG_SECTOR_MANAGEMENT, NULL, 0,
	                    "Ưu tiên số 3: nâng cao hiệu quả quản lý ngành, lĩnh vực, phát triển "
	                    "kinh tế - xã hội");
	assert_string_equal(plan_pick_reason(PLAN_PICK_NO_MONEY), "không đủ kinh phí còn lại");
	assert_string_equal(plan_pick_reason(PLAN_PICK_EXCLUDED), "bị loại theo yêu cầu");
	assert_string_equal(plan_pick_reason(PLAN_PICK_CHOSEN), "");
}

/* ---- carry-over and the proposal rules ----------------------------------------------------- */

static void test_plan_carry_over(void **state)
{
	(void)state;
	/* CDS23-08 of the sample: 8.000.000.000 budget, 2.800.000.000 disbursed, in progress */
	struct task t = {
	    .year = 2023,
	    .code = (char *)"CDS23-08",
	    .name = (char *)"Đầu tư hạ tầng Trung tâm dữ liệu tỉnh Bắc Kạn",
	    .investor = (char *)"STTTT",
	    .category = (char *)"Hạ tầng số",
	    .funding = FUNDING_PUBLIC_INVESTMENT,
	    .budget_vnd = INT64_C(8000000000),
	    .disbursed_vnd = INT64_C(2800000000),
	    .progress_pct = 35,
	    .status = TASK_IN_PROGRESS,
	    .carried_from = (char *)"CDS22-05",
	    .tags = TAG_SHARED_INFRASTRUCTURE,
	    .start_date = {2023, 1, 1},
	    .end_date = {2024, 6, 30},
	};
	assert_true(plan_carries_over(&t));
	struct proposal p;
	plan_carry_over(&t, &p);
	assert_int_equal(p.task.year, 2024);
	assert_string_equal(p.task.code, "CDS23-08");
	assert_string_equal(p.task.carried_from, "CDS23-08"); /* the task it comes from */
	assert_string_equal(p.task.name, t.name);
	assert_string_equal(p.task.investor, "STTTT");
	assert_string_equal(p.task.category, "Hạ tầng số");
	assert_int_equal(p.task.funding, FUNDING_PUBLIC_INVESTMENT);
	assert_int_equal(p.task.tags, TAG_SHARED_INFRASTRUCTURE);
	assert_int_equal(p.task.budget_vnd, INT64_C(5200000000)); /* 8.000 − 2.800 million */
	assert_int_equal(p.task.disbursed_vnd, 0);
	assert_int_equal(p.task.progress_pct, 0);
	assert_int_equal(p.task.status, TASK_PLANNED);
	assert_false(date_is_set(p.task.start_date)); /* last year's dates do not carry */
	assert_false(date_is_set(p.task.end_date));
	assert_int_equal(p.score, PLAN_SCORE_DEFAULT);
	assert_int_equal(p.carried_year, 2023);
	assert_string_equal(p.task.note, "Chuyển tiếp từ nhiệm vụ CDS23-08 năm 2023: còn lại "
	                                 "5.200.000.000 đồng (kinh phí 8.000.000.000, đã giải "
	                                 "ngân 2.800.000.000)");
	/* the same proposal made twice is equal; another score is not */
	struct proposal again;
	plan_carry_over(&t, &again);
	assert_true(proposal_equal(&p, &again));
	again.score = 7;
	assert_false(proposal_equal(&p, &again));
	proposal_clear(&again);
	proposal_clear(&p);

	/* deferred carries over too; the other statuses do not */
	t.status = TASK_DEFERRED;
	assert_true(plan_carries_over(&t));
	t.status = TASK_PLANNED;
	assert_false(plan_carries_over(&t));
	t.status = TASK_COMPLETED;
	assert_false(plan_carries_over(&t));
	t.status = TASK_STOPPED;
	assert_false(plan_carries_over(&t));
}

static int test_plan_problems;
static char test_plan_columns[256];

static void test_plan_report(void *ctx, const char *column, const char *message)
{
	(void)ctx;
	(void)message;
	test_plan_problems++;
	strncat(test_plan_columns, column,
	        sizeof test_plan_columns - strlen(test_plan_columns) - 2);
	strcat(test_plan_columns, " ");
}

static void test_plan_proposal_check(void **state)
{
	(void)state;
	struct proposal p = {.task = {.year = 2024, .status = TASK_PLANNED}, .score = 1000};
	test_plan_problems = 0;
	assert_int_equal(proposal_check(&p, test_plan_report, NULL), 0);
	p.task.status = TASK_IN_PROGRESS;
	p.task.progress_pct = 10;
	p.task.disbursed_vnd = 1;
	p.score = 1001;
	test_plan_columns[0] = '\0';
	assert_int_equal(proposal_check(&p, test_plan_report, NULL), 4);
	assert_string_equal(test_plan_columns, "status progress_pct disbursed_vnd score ");
}

/* ---- the knapsack -------------------------------------------------------------------------- */

/* The exact knapsack beats greedy by score per cost. Capacity 10 (million):
 *   A costs 6, scores 7 (7/6 = 1,17 per million)
 *   B costs 5, scores 5 (1,00)
 *   C costs 5, scores 5 (1,00)
 * Greedy by score/cost takes A first (6), then neither B nor C fits (6 + 5 = 11 > 10): score 7.
 * The subsets that fit: {} 0, {A} 7, {B} 5, {C} 5, {B,C} 10 (cost 10); {A,B}, {A,C} cost 11.
 * The best is {B, C}: score 10. */
static void test_plan_exact_beats_greedy(void **state)
{
	(void)state;
	const int64_t cost[] = {6, 5, 5};
	const int score[] = {7, 5, 5};
	for (int dp = PLAN_DP_AUTO; dp <= PLAN_DP_SCORE; dp++) {
		bool take[3] = {true, true, true};
		assert_int_equal(plan_knapsack(cost, score, 3, 10, (enum plan_dp)dp, take), 0);
		assert_false(take[0]);
		assert_true(take[1]);
		assert_true(take[2]);
	}
	/* the same through plan_select, in đồng: 10 billion ceiling, all tier 3 */
	struct plan_item items[] = {
	    {.code = "A", .tier = 3, .score = 7, .budget_vnd = 6000 * (int64_t)M},
	    {.code = "B", .tier = 3, .score = 5, .budget_vnd = 5000 * (int64_t)M},
	    {.code = "C", .tier = 3, .score = 5, .budget_vnd = 5000 * (int64_t)M},
	};
	struct plan_totals tot;
	assert_int_equal(plan_select(items, 3, 10000 * (int64_t)M, &tot), PLAN_OK);
	test_plan_selected_are(items, 3, "B,C");
	assert_int_equal(items[0].pick, PLAN_PICK_NO_MONEY);
	assert_int_equal(tot.score, 10);
	assert_int_equal(tot.selected_vnd, 10000 * (int64_t)M);
	assert_int_equal(tot.left, 0);
}

/* Ties of score go to the smaller cost, then to the set holding the first code. */
static void test_plan_ties(void **state)
{
	(void)state;
	struct plan_totals tot;
	/* capacity 3: A (score 5, cost 3) and B (score 5, cost 2) cannot both fit (5); equal
	 * scores, so the smaller cost wins, though A comes first in code order */
	struct plan_item a[] = {
	    {.code = "A", .tier = 1, .score = 5, .budget_vnd = 3 * M, .locked = false},
	    {.code = "B", .tier = 1, .score = 5, .budget_vnd = 2 * M},
	};
	assert_int_equal(plan_select(a, 2, 3 * M, &tot), PLAN_OK);
	test_plan_selected_are(a, 2, "B");
	/* same score and cost: the first code in byte order ("B-1" < "B1" < "b1"), whatever the
	 * order the items come in */
	struct plan_item b[] = {
	    {.code = "b1", .tier = 1, .score = 4, .budget_vnd = 2 * M},
	    {.code = "B1", .tier = 1, .score = 4, .budget_vnd = 2 * M},
	    {.code = "B-1", .tier = 1, .score = 4, .budget_vnd = 2 * M},
	};
	assert_int_equal(plan_select(b, 3, 2 * M, &tot), PLAN_OK);
	test_plan_selected_are(b, 3, "B-1");
	/* capacity 4: {P, S} and {Q, R} both score 7 and cost 4 (P 5/3, Q 4/2, R 3/2, S 2/1);
	 * {P, R} costs 5, {Q, S} scores 6. The walk takes P (a best set holds it), then must take
	 * S: {P, S}, the set with the first code. */
	struct plan_item c[] = {
	    {.code = "S", .tier = 2, .score = 2, .budget_vnd = 1 * M},
	    {.code = "R", .tier = 2, .score = 3, .budget_vnd = 2 * M},
	    {.code = "Q", .tier = 2, .score = 4, .budget_vnd = 2 * M},
	    {.code = "P", .tier = 2, .score = 5, .budget_vnd = 3 * M},
	};
	assert_int_equal(plan_select(c, 4, 4 * M, &tot), PLAN_OK);
	test_plan_selected_are(c, 4, "S,P");
	assert_int_equal(tot.score, 7);
}

/* Locks are taken first and reduce the ceiling; excludes are never taken; too many locks fail. */
static void test_plan_locks_excludes(void **state)
{
	(void)state;
	struct plan_totals tot;
	/* ceiling 10: T1 (tier 1, 6) would be chosen first, but the lock of L (tier 3, 5) leaves 5:
	 * T1 no longer fits, T2 (tier 1, 4) does; X (tier 2, 1) is excluded; Z (tier 3, 1) takes
	 * the last million */
	struct plan_item items[] = {
	    {.code = "T1", .tier = 1, .score = 9, .budget_vnd = 6 * M},
	    {.code = "T2", .tier = 1, .score = 3, .budget_vnd = 4 * M},
	    {.code = "X", .tier = 2, .score = 9, .budget_vnd = 1 * M, .excluded = true},
	    {.code = "L", .tier = 3, .score = 0, .budget_vnd = 5 * M, .locked = true},
	    {.code = "Z", .tier = 3, .score = 1, .budget_vnd = 1 * M},
	};
	assert_int_equal(plan_select(items, 5, 10 * M, &tot), PLAN_OK);
	test_plan_selected_are(items, 5, "T2,L,Z");
	assert_int_equal(test_plan_item(items, 5, "L")->pick, PLAN_PICK_LOCKED);
	assert_int_equal(test_plan_item(items, 5, "X")->pick, PLAN_PICK_EXCLUDED);
	assert_int_equal(test_plan_item(items, 5, "T1")->pick, PLAN_PICK_NO_MONEY);
	assert_int_equal(tot.locked, 5);
	assert_int_equal(tot.chosen[1], 4);
	assert_int_equal(tot.chosen[2], 0);
	assert_int_equal(tot.chosen[3], 1);
	assert_int_equal(tot.left, 0);
	assert_int_equal(tot.selected_vnd, 10 * M);

	/* locks alone over the ceiling: 5 + 6 = 11 > 10 */
	items[0].locked = true;
	assert_int_equal(plan_select(items, 5, 10 * M, &tot), PLAN_LOCKS_OVER);
	assert_int_equal(tot.locked, 11);
	assert_int_equal(tot.capacity, 10);
	/* exactly the ceiling is allowed, and leaves nothing for the tiers */
	items[3].budget_vnd = 4 * M;
	assert_int_equal(plan_select(items, 5, 10 * M, &tot), PLAN_OK);
	test_plan_selected_are(items, 5, "T1,L");
	assert_int_equal(test_plan_item(items, 5, "Z")->pick, PLAN_PICK_NO_MONEY);
}

/* Costs are whole millions rounded up, the ceiling whole millions rounded down. */
static void test_plan_rounding(void **state)
{
	(void)state;
	struct plan_totals tot;
	/* X 1.000.001 đồng costs 2 million, Y 1.000.000 costs 1: 3 million together */
	struct plan_item items[] = {
	    {.code = "X", .tier = 3, .score = 1, .budget_vnd = 1000001},
	    {.code = "Y", .tier = 3, .score = 1, .budget_vnd = 1000000},
	};
	assert_int_equal(plan_select(items, 2, 3000000, &tot), PLAN_OK);
	test_plan_selected_are(items, 2, "X,Y");
	assert_int_equal(tot.selected_vnd, 2000001);
	assert_int_equal(tot.left, 0);
	/* 2.999.999 đồng is a ceiling of 2 million: one of them, Y (the smaller cost) */
	assert_int_equal(plan_select(items, 2, 2999999, &tot), PLAN_OK);
	assert_int_equal(tot.capacity, 2);
	test_plan_selected_are(items, 2, "Y");
	/* though 2.000.001 đồng would fit 2.500.000 in đồng, rounded up it costs 3 million */
	assert_int_equal(plan_select(items, 2, 2500000, &tot), PLAN_OK);
	test_plan_selected_are(items, 2, "Y");
	/* a ceiling below a million takes only what costs nothing */
	struct plan_item z[] = {
	    {.code = "Z0", .tier = 1, .score = 0, .budget_vnd = 0},
	    {.code = "Z1", .tier = 1, .score = 5, .budget_vnd = 1},
	};
	assert_int_equal(plan_select(z, 2, 999999, &tot), PLAN_OK);
	test_plan_selected_are(z, 2, "Z0");
}

/* A tier with no proposals passes all its money on; no proposals at all selects nothing. */
static void test_plan_empty_tier(void **state)
{
	(void)state;
	struct plan_totals tot;
	struct plan_item items[] = {
	    {.code = "A", .tier = 1, .score = 2, .budget_vnd = 3 * M},
	    {.code = "C", .tier = 3, .score = 1, .budget_vnd = 7 * M},
	    {.code = "D", .tier = 3, .score = 1, .budget_vnd = 8 * M},
	};
	assert_int_equal(plan_select(items, 3, 10 * M, &tot), PLAN_OK);
	test_plan_selected_are(items, 3, "A,C"); /* 7 left after tier 1 and empty tier 2 */
	assert_int_equal(tot.chosen[2], 0);
	assert_int_equal(tot.chosen[3], 7);
	assert_int_equal(plan_select(NULL, 0, 10 * M, &tot), PLAN_OK);
	assert_int_equal(tot.selected_vnd, 0);
	assert_int_equal(tot.left, 10);
	bool take[1];
	assert_int_equal(plan_knapsack(NULL, NULL, 0, 5, PLAN_DP_AUTO, take), 0);
}

/* A proposal scored 0 adds cost and no score: it is taken only when it costs nothing or is
 * locked; when it would have fitted, its reason says so. */
static void test_plan_zero_scores(void **state)
{
	(void)state;
	struct plan_totals tot;
	struct plan_item items[] = {
	    {.code = "A", .tier = 1, .score = 0, .budget_vnd = 1 * M},
	    {.code = "B", .tier = 1, .score = 0, .budget_vnd = 0},
	    {.code = "C", .tier = 1, .score = 3, .budget_vnd = 2 * M},
	    {.code = "D", .tier = 2, .score = 0, .budget_vnd = 50 * M},
	    {.code = "E", .tier = 2, .score = 0, .budget_vnd = 4 * M, .locked = true},
	};
	assert_int_equal(plan_select(items, 5, 10 * M, &tot), PLAN_OK);
	test_plan_selected_are(items, 5, "B,C,E");
	assert_int_equal(items[0].pick, PLAN_PICK_ZERO_SCORE); /* fitted, 4 left */
	assert_int_equal(items[3].pick, PLAN_PICK_NO_MONEY);   /* 50 > 4 */
	assert_string_equal(plan_pick_reason(PLAN_PICK_ZERO_SCORE),
	                    "điểm bằng 0: không làm tăng tổng điểm");
	assert_int_equal(tot.score, 3);
	assert_int_equal(tot.left, 4);
}

/* Rule c written independently: among the best subsets (largest score, then smallest cost), the
 * one whose membership bits, item 0 most significant, form the largest number. */
static unsigned test_plan_brute(const int64_t *cost, const int *score, size_t n, int64_t cap)
{
	unsigned best = 0;
	int64_t best_score = -1, best_cost = 0;
	for (unsigned set = 0; set < (1u << n); set++) {
		int64_t c = 0, s = 0;
		for (size_t i = 0; i < n; i++)
			if (set & (1u << (n - 1 - i))) {
				c += cost[i];
				s += score[i];
			}
		if (c > cap)
			continue;
		if (s > best_score || (s == best_score && c < best_cost) ||
		    (s == best_score && c == best_cost && set > best)) {
			best = set;
			best_score = s;
			best_cost = c;
		}
	}
	return best;
}

static void test_plan_against_every_subset(void **state)
{
	(void)state;
	uint64_t seed = 20231214;
	for (int round = 0; round < 3000; round++) {
		int64_t cost[12];
		int score[12];
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		size_t n = (size_t)(seed >> 33) % 13;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			/* small ranges, so that ties and zeros are frequent */
			cost[i] = (int64_t)((seed >> 20) % (round % 2 ? 9 : 40));
			score[i] = (int)((seed >> 40) % (round % 3 ? 6 : 1001));
		}
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		int64_t cap = (int64_t)((seed >> 30) % 60);
		unsigned want = test_plan_brute(cost, score, n, cap);
		for (int dp = PLAN_DP_AUTO; dp <= PLAN_DP_SCORE; dp++) {
			bool take[12];
			assert_int_equal(plan_knapsack(cost, score, n, cap, (enum plan_dp)dp, take),
			                 0);
			unsigned got = 0;
			for (size_t i = 0; i < n; i++)
				if (take[i])
					got |= 1u << (n - 1 - i);
			if (got != want)
				fail_msg(
				    "round %d, n %zu, capacity %lld, table %d: got %#x, want %#x",
				    round, n, (long long)cap, dp, got, want);
		}
	}
}

/* A tier whose table would pass PLAN_TABLE_BITS_MAX is refused, not approximated. */
static void test_plan_too_large(void **state)
{
	(void)state;
	enum { N = 1500 };
	struct plan_item *items = calloc(N, sizeof *items);
	char(*codes)[16] = calloc(N, sizeof *codes);
	for (int i = 0; i < N; i++) {
		snprintf(codes[i], sizeof codes[i], "P%04d", i);
		/* scores 999 and 1000 (GCD 1), costs of coprime millions: both tables are over
		 * 1500 × 1.5 million columns */
		items[i] = (struct plan_item){.code = codes[i],
		                              .tier = 2,
		                              .score = 999 + i % 2,
		                              .budget_vnd = (INT64_C(1000003) + i) * M};
	}
	struct plan_totals tot;
	assert_int_equal(plan_select(items, N, MONEY_MAX_VND, &tot), PLAN_TOO_LARGE);
	assert_int_equal(tot.too_large_tier, 2);
	free(codes);
	free(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan_tiers),
	    cmocka_unit_test(test_plan_reasons),
	    cmocka_unit_test(test_plan_carry_over),
	    cmocka_unit_test(test_plan_proposal_check),
	    cmocka_unit_test(test_plan_exact_beats_greedy),
	    cmocka_unit_test(test_plan_ties),
	    cmocka_unit_test(test_plan_locks_excludes),
	    cmocka_unit_test(test_plan_rounding),
	    cmocka_unit_test(test_plan_empty_tier),
	    cmocka_unit_test(test_plan_zero_scores),
	    cmocka_unit_test(test_plan_against_every_subset),
	    cmocka_unit_test(test_plan_too_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
