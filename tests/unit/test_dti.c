/* test_dti.c — unit tests for the DTI rules (core/dti.c): rule parsing and scores of every kind,
 * value ranges, framework checks, a whole assessment with weights, missing values, evidence
 * dates and due dates, and the published 2022 results recomputed from their main indices.
 *
 * Every expected number is worked out by hand in the comment beside it; the 2022 values are
 * copied from dti.gov.vn/xep-hang-2022 (shared/reference/dti/dti_2022_published_main_indices.csv).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/dti.h"
#include "lib/buf.h"
#include "lib/mem.h"

#define EPS 1e-9

static struct dti_rule test_rule(const char *text)
{
	struct dti_rule r;
	const char *why = NULL;
	assert_int_equal(dti_rule_parse(text, &r, &why), 0);
	return r;
}

static void test_dti_rules_parse(void **state)
{
	(void)state;
	const char *ok[] = {"linear",
	                    "yes_no",
	                    "threshold:80",
	                    "threshold:0.5",
	                    "steps:1=0.25;2=0.5;3=0.75;4=1",
	                    "steps:0.5=0.5;1=1"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct dti_rule r = test_rule(ok[i]);
		struct buf b;
		buf_init(&b, 0);
		dti_rule_format(&r, &b);
		assert_string_equal(buf_cstr(&b), ok[i]); /* the file form round-trips */
		buf_finish(&b);
	}
	/* a decimal comma is read like a point */
	struct dti_rule r = test_rule("threshold:80,5");
	assert_true(r.threshold > 80.5 - EPS && r.threshold < 80.5 + EPS);
	const char *bad[] = {"lineal",      "threshold:",      "threshold:-1",
	                     "steps:",      "steps:1",         "steps:2=0.5;1=1",
	                     "steps:1=1.5", "steps:1=0.5;1=1", "steps:a=1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *why = NULL;
		assert_int_equal(dti_rule_parse(bad[i], &r, &why), -1);
		assert_non_null(why);
	}
	assert_int_equal(dti_rule_parse("", &r, &(const char *){NULL}), 0);
	assert_int_equal(r.kind, DTI_RULE_NONE);
}

static void test_dti_rule_scores(void **state)
{
	(void)state;
	struct dti_rule linear = test_rule("linear");
	assert_true(dti_rule_score(&linear, 80, 60) == 0.75); /* 60 / 80 */
	assert_true(dti_rule_score(&linear, 80, 80) == 1);
	assert_true(dti_rule_score(&linear, 80, 95) == 1); /* capped at 1 */
	assert_true(dti_rule_score(&linear, 80, 0) == 0);
	struct dti_rule yes_no = test_rule("yes_no");
	assert_true(dti_rule_score(&yes_no, 0, 1) == 1);
	assert_true(dti_rule_score(&yes_no, 0, 0) == 0);
	struct dti_rule threshold = test_rule("threshold:100");
	assert_true(dti_rule_score(&threshold, 0, 99.9) == 0);
	assert_true(dti_rule_score(&threshold, 0, 100) == 1); /* at T counts */
	struct dti_rule steps = test_rule("steps:1=0.25;2=0.5;3=1");
	assert_true(dti_rule_score(&steps, 0, 0.5) == 0);   /* below every step */
	assert_true(dti_rule_score(&steps, 0, 1) == 0.25);  /* exactly the first */
	assert_true(dti_rule_score(&steps, 0, 2.5) == 0.5); /* the largest Vi ≤ value is 2 */
	assert_true(dti_rule_score(&steps, 0, 7) == 1);
}

static void test_dti_values(void **state)
{
	(void)state;
	const char *why;
	assert_int_equal(dti_value_check(DTI_PERCENT, 100, &why), 0);
	assert_int_equal(dti_value_check(DTI_PERCENT, 120, &why), -1);
	assert_int_equal(dti_value_check(DTI_PERCENT, -1, &why), -1);
	assert_int_equal(dti_value_check(DTI_YES_NO, 1, &why), 0);
	assert_int_equal(dti_value_check(DTI_YES_NO, 2, &why), -1);
	assert_int_equal(dti_value_check(DTI_COUNT, 1e6, &why), 0);
	assert_int_equal(dti_value_check(DTI_LEVEL, -2, &why), -1);
	/* evidence counts when dated within the assessment year, not before or after */
	assert_true(dti_evidence_counts(2023, (struct date){2023, 1, 1}));
	assert_true(dti_evidence_counts(2023, (struct date){2023, 12, 31}));
	assert_false(dti_evidence_counts(2023, (struct date){2022, 12, 31}));
	assert_false(dti_evidence_counts(2023, (struct date){2024, 1, 1}));
	assert_false(dti_evidence_counts(2023, (struct date){0, 0, 0}));
}

/* An item row; kind "" and rule "" leave them out; weight/points < 0 leave them out. */
static struct dti_item test_item(const char *code, const char *parent, double points,
                                 const char *kind, double target, const char *rule, bool evidence,
                                 double weight)
{
	struct dti_item it = {0};
	it.code = mem_strdup(code);
	it.parent = parent ? mem_strdup(parent) : NULL;
	it.name = mem_strdup(code);
	it.has_points = points >= 0;
	it.points = points >= 0 ? points : 0;
	it.has_kind = kind[0] && dti_kind_parse(kind, &it.kind) == 0;
	it.has_target = target >= 0;
	it.target = target >= 0 ? target : 0;
	it.rule = test_rule(rule);
	it.evidence_required = evidence;
	it.has_weight = weight >= 0;
	it.weight = weight >= 0 ? weight : 0;
	it.official = true;
	return it;
}

struct test_problems {
	char text[2048];
	int n;
};

static void test_collect(void *ctx, size_t item, const char *column, const char *message)
{
	struct test_problems *p = ctx;
	size_t len = strlen(p->text);
	snprintf(p->text + len, sizeof p->text - len, "[%zu %s] %s\n", item, column ? column : "-",
	         message);
	p->n++;
}

/* The framework of the assessment test below (file order). */
#define TEST_ITEMS 10
static void test_framework(struct dti_item *it)
{
	/* M1 (300 points): weighted components 2 : 1 : 1 */
	it[0] = test_item("M1", NULL, 300, "", -1, "", true, -1);
	it[1] = test_item("C1", "M1", -1, "percent", 80, "linear", true, 2);
	it[2] = test_item("C2", "M1", -1, "percent", -1, "threshold:100", true, 1);
	it[3] = test_item("C3", "M1", -1, "yes_no", -1, "yes_no", true, 1);
	/* M2 (500 points): no components, scored from its own value in % */
	it[4] = test_item("M2", NULL, 500, "percent", 100, "linear", true, -1);
	/* M3 (200 points): components weighted by their points 30 : 10 */
	it[5] = test_item("M3", NULL, 200, "", -1, "", true, -1);
	it[6] = test_item("C4", "M3", 30, "level", -1, "steps:1=0.25;2=0.5;3=1", false, -1);
	it[7] = test_item("C5", "M3", 10, "level", -1, "steps:1=0.25;2=0.5;3=1", true, -1);
	/* M4: not scored (0 points), like Đô thị thông minh */
	it[8] = test_item("M4", NULL, 0, "yes_no", -1, "yes_no", true, -1);
	/* M5 (0 points), one component */
	it[9] = test_item("C6", "M4", -1, "count", 10, "linear", true, -1);
}

static void test_dti_framework_checks(void **state)
{
	(void)state;
	struct dti_item it[TEST_ITEMS];
	test_framework(it);
	/* C6 names M4, which is scored from its own value: then M4 has a component and a rule */
	struct test_problems p = {{0}, 0};
	dti_framework_check(it, TEST_ITEMS, test_collect, &p);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.text, "[8 rule] a main index with components"));
	/* without C6 the framework is sound */
	p = (struct test_problems){{0}, 0};
	assert_int_equal(dti_framework_check(it, TEST_ITEMS - 1, test_collect, &p), 0);

	struct dti_item bad[6];
	bad[0] = test_item("A", NULL, -1, "", -1, "", true, -1);              /* no points */
	bad[1] = test_item("A1", "A", -1, "percent", -1, "linear", true, 2);  /* no target */
	bad[2] = test_item("A2", "A", -1, "count", -1, "yes_no", true, -1);   /* weight missing;
	                                                                           yes_no not count */
	bad[3] = test_item("A3", "B", -1, "percent", 50, "linear", true, 1);  /* no parent B */
	bad[4] = test_item("A1", "A", -1, "percent", 150, "linear", true, 1); /* twice, > 100 */
	bad[5] = test_item("A 4", "A1", -1, "", -1, "", true, 1); /* bad code; parent a component */
	p = (struct test_problems){{0}, 0};
	int n = dti_framework_check(bad, 6, test_collect, &p);
	const char *want[] = {
	    "[0 points] a main index needs its points",
	    "[1 target] a linear rule needs a target above 0",
	    "[2 rule] the yes_no rule goes with the yes_no kind",
	    "[2 weight] give a weight (or points) to every component of A",
	    "[3 parent] B is not a main index listed before this row",
	    "[4 code] A1 is listed twice",
	    "[4 target] a percentage target is at most 100",
	    "[5 code] a code is 1 to 32 letters",
	    "[5 parent] A1 is a component",
	    "[6 points] the main indices' points add up to 0",
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!strstr(p.text, want[i]))
			fail_msg("missing \"%s\" in:\n%s", want[i], p.text);
	assert_int_equal(n, (int)(sizeof want / sizeof *want));
	for (size_t i = 0; i < 6; i++)
		dti_item_clear(&bad[i]);
	for (size_t i = 0; i < TEST_ITEMS; i++)
		dti_item_clear(&it[i]);
}

static void test_value(struct dti_assessment *a, size_t i, double v, enum dti_status s)
{
	a->entries[i].has_value = true;
	a->entries[i].value = v;
	a->entries[i].status = s;
}

static void test_dti_assess(void **state)
{
	(void)state;
	struct dti_assessment a;
	dti_assessment_init(&a, TEST_ITEMS - 1);
	struct dti_item it[TEST_ITEMS];
	test_framework(it);
	memcpy(a.items, it, (TEST_ITEMS - 1) * sizeof *it);
	dti_item_clear(&it[TEST_ITEMS - 1]);
	a.year = 2023;
	a.as_of = (struct date){2023, 12, 14};
	/* C1 60 % of 80 → 0.75, evidence in the year, submitted */
	test_value(&a, 1, 60, DTI_SUBMITTED);
	a.entries[1].evidence = a.entries[1].evidence_in_year = 1;
	/* C2 100 % at threshold 100 → 1, no evidence: its contribution is at risk */
	test_value(&a, 2, 100, DTI_SUBMITTED);
	/* C3 no value → 0, due 31/12/2023: owed, not overdue on 14/12 */
	a.entries[3].due = (struct date){2023, 12, 31};
	/* M2 70 % → 0.7; its only evidence is dated in 2022 (counted by the caller as not in the
	 * year) */
	test_value(&a, 4, 70, DTI_VERIFIED);
	a.entries[4].evidence = 1;
	/* C4 level 2.5 → 0.5 (step 2); needs no evidence */
	test_value(&a, 6, 2.5, DTI_SUBMITTED);
	/* C5 level 3 → 1, evidenced, still a draft, due 30/11/2023: overdue on 14/12 */
	test_value(&a, 7, 3, DTI_DRAFT);
	a.entries[7].evidence = a.entries[7].evidence_in_year = 1;
	a.entries[7].due = (struct date){2023, 11, 30};
	dti_assess(&a);

	/* M1 = (2·0.75 + 1·1 + 1·0) / 4 = 0.625; M2 = 0.7; M3 = (30·0.5 + 10·1) / 40 = 0.625 */
	assert_true(fabs(a.item_score[0] - 0.625) < EPS);
	assert_true(fabs(a.item_score[4] - 0.7) < EPS);
	assert_true(fabs(a.item_score[5] - 0.625) < EPS);
	/* DTI = (300·0.625 + 500·0.7 + 200·0.625 + 0·0) / 1000 = (187.5 + 350 + 125) / 1000 */
	assert_true(fabs(a.score - 0.6625) < EPS);
	assert_true(fabs(a.points - 662.5) < EPS);
	/* maxima: C1 = 300·2/4 = 150, C2 = C3 = 75; C4 = 200·30/40 = 150, C5 = 50 */
	assert_true(fabs(a.item_max_points[1] - 150) < EPS);
	assert_true(fabs(a.item_max_points[2] - 75) < EPS);
	assert_true(fabs(a.item_max_points[6] - 150) < EPS);
	assert_true(fabs(a.item_max_points[7] - 50) < EPS);
	assert_true(fabs(a.item_max_points[8]) < EPS);
	/* at risk: C2's 75·1 and M2's 500·0.7 = 350 → 425; evidenced 662.5 − 425 = 237.5 */
	assert_true(fabs(a.item_at_risk[2] - 75) < EPS);
	assert_true(fabs(a.item_at_risk[0] - 75) < EPS); /* summed into M1 */
	assert_true(fabs(a.item_at_risk[4] - 350) < EPS);
	assert_true(fabs(a.points_at_risk - 425) < EPS);
	assert_true(fabs(a.points_evidenced - 237.5) < EPS);
	/* scored: the components and the main indices without components */
	bool scored[] = {false, true, true, true, true, false, true, true, true};
	bool owed[] = {false, false, true, true, true, false, false, true, true};
	bool overdue[] = {false, false, false, false, false, false, false, true, false};
	for (size_t i = 0; i < TEST_ITEMS - 1; i++) {
		assert_int_equal(a.scored[i], scored[i]);
		assert_int_equal(a.owed[i], owed[i]);
		assert_int_equal(a.overdue[i], overdue[i]);
	}
	/* on 01/12/2023 nothing is overdue yet */
	a.as_of = (struct date){2023, 11, 30};
	dti_assess(&a);
	assert_false(a.overdue[7]); /* due that very day */
	dti_assessment_clear(&a);
}

/* dti.gov.vn/xep-hang-2022, the top five provinces: the 8 scored main indices (Nhận thức số,
 * Thể chế số, Hạ tầng số, Nhân lực số, An toàn thông tin mạng, Hoạt động CQS, KTS, XHS) and the
 * published DTI; QĐ 922's points 100, 100, 100, 100, 100, 200, 150, 150 (Đô thị thông minh has
 * 0 and no published value). */
static void test_dti_published_2022(void **state)
{
	(void)state;
	static const double points[9] = {100, 100, 100, 100, 100, 0, 200, 150, 150};
	static const struct {
		const char *province;
		double main[8];
		double dti;
	} rows[] = {
	    {"TP. Đà Nẵng",
	     {1.0000, 0.9000, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197},
	     0.8002},
	    {"TP. Hồ Chí Minh",
	     {0.8917, 0.9000, 0.8258, 0.6267, 0.5580, 0.8406, 0.7611, 0.3590},
	     0.7163},
	    {"Quảng Ninh",
	     {0.9581, 0.9000, 0.7648, 0.6250, 0.5382, 0.8385, 0.5904, 0.4505},
	     0.7024},
	    {"Thừa Thiên - Huế",
	     {0.9500, 0.9000, 0.6823, 0.6794, 0.6423, 0.8262, 0.6787, 0.3001},
	     0.6975},
	    {"TP. Cần Thơ",
	     {0.9000, 0.8000, 0.7233, 0.7376, 0.7226, 0.7325, 0.7556, 0.2947},
	     0.6924},
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		double values[9];
		for (size_t i = 0, k = 0; i < 9; i++)
			values[i] = i == 5 ? 0.4 /* any value: 0 points */ : rows[r].main[k++];
		double dti = dti_total(values, points, 9);
		if (fabs(dti - rows[r].dti) > 0.0001)
			fail_msg("%s: computed %.6f, published %.4f", rows[r].province, dti,
			         rows[r].dti);
	}
	/* Đà Nẵng by hand: (100·(1 + 0.9 + 0.8253 + 0.8487 + 0.7578) + 200·0.8575
	 * + 150·(0.7836 + 0.5197)) / 1000 = (433.18 + 171.5 + 195.495) / 1000 = 0.800175 */
	double values[9] = {1.0000, 0.9000, 0.8253, 0.8487, 0.7578, 0, 0.8575, 0.7836, 0.5197};
	assert_true(fabs(dti_total(values, points, 9) - 0.800175) < EPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dti_rules_parse), cmocka_unit_test(test_dti_rule_scores),
	    cmocka_unit_test(test_dti_values),      cmocka_unit_test(test_dti_framework_checks),
	    cmocka_unit_test(test_dti_assess),      cmocka_unit_test(test_dti_published_2022),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
