/* indicator.h — an indicator the committee watches (chỉ số) and the rules of its definition.
 *
 * An indicator is measured per unit and period and rolled up the administrative tree
 * (core/rollup.h) by its aggregation:
 *   sum    members, subscriptions: the total
 *   ratio  multiplier × Σnumerator / Σdenominator of two other (non-ratio) indicators, e.g.
 *          telephone density = 100 × subscriptions / population; it has no values of its own
 *   share  each unit reports 0 or 1 (a commune has 4G or not): the percentage of units with 1
 *   mean, min, max  of the units' values
 *   last   a stock (population, members on the rolls): the latest value in time, summed
 *          over units
 * direction says which way is better (up: more is better). decimals (0..6) is how the value is
 * shown: rounding happens only there (indicator_format_value), never in the arithmetic.
 * The rules here look at one definition; those that need other indicators (a ratio's parts exist
 * and are not ratios) live in app/.
 */
#ifndef DXTRACK_INDICATOR_H
#define DXTRACK_INDICATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"

enum indicator_aggregation {
	INDICATOR_SUM,
	INDICATOR_RATIO,
	INDICATOR_SHARE,
	INDICATOR_MEAN,
	INDICATOR_MIN,
	INDICATOR_MAX,
	INDICATOR_LAST,
	INDICATOR_AGGREGATION_COUNT
};

enum indicator_direction { INDICATOR_UP, INDICATOR_DOWN };

#define INDICATOR_CODE_MAX 32    /* bytes, the characters of unit codes */
#define INDICATOR_NAME_MAX 300   /* code points */
#define INDICATOR_MEASURE_MAX 50 /* code points: "máy/100 dân", "%", "thành viên" */
#define INDICATOR_DECIMALS_MAX 6
#define INDICATOR_VALUE_MAX 1e15 /* the largest magnitude of a value or target */

struct indicator {
	int64_t id;
	char *code;
	char *name;
	char *measure; /* "" when not given */
	enum indicator_aggregation aggregation;
	char *numerator;   /* ratio only: the code of the indicator above the line; else NULL */
	char *denominator; /* ratio only: the code of the indicator below the line; else NULL */
	double multiplier; /* ratio only (100 for a percentage); 1 for the others */
	enum indicator_direction direction;
	int decimals;
	unsigned reported_kinds; /* bit 1 << enum unit_kind for each kind of unit that has sent
	                            values of this indicator (maintained by the value import) */
};

void indicator_clear(struct indicator *ind); /* frees the strings and zeroes */
const char *indicator_aggregation_code(enum indicator_aggregation a);            /* "sum" */
int indicator_aggregation_parse(const char *s, enum indicator_aggregation *out); /* 0 or -1 */
const char *indicator_direction_code(enum indicator_direction d);                /* "up" */
int indicator_direction_parse(const char *s, enum indicator_direction *out);     /* 0 or -1 */

/* Checks a definition: code (1..INDICATOR_CODE_MAX letters, digits, '.', '_', '-'), name
 * (1..INDICATOR_NAME_MAX characters), measure (at most INDICATOR_MEASURE_MAX), a ratio has a
 * numerator and a denominator (valid codes, not its own) and the others have neither, multiplier
 * > 0 (and exactly 1 unless a ratio), decimals 0..6. Each problem goes to report (column and
 * message); returns how many there were. */
int indicator_check(const struct indicator *ind,
                    void (*report)(void *ctx, const char *column, const char *message), void *ctx);

/* A number as machine-written CSV holds it: an optional '-', digits, and optionally a decimal
 * point followed by digits; the point may be "." or "," ("90.5", "90,5" — a comma reaches us
 * only from a quoted field, since an unquoted one would have split the record). No thousands
 * grouping, no exponent, no '+', no spaces; magnitude at most INDICATOR_VALUE_MAX. 0, or -1 with
 * *why a static English message. */
int indicator_number_parse(const char *s, size_t len, double *out, const char **why);
/* Whether v may be a value of ind: a share's values are 0 or 1. false with *why. */
bool indicator_value_allowed(const struct indicator *ind, double v, const char **why);

/* v rounded to ind's decimals, half away from zero; binary noise below 10^-12 of the value (and
 * below a millionth of the last digit shown) is forgiven, so a computed 90.4499999999999 rounds
 * to 90,5 at one decimal, as the exact 90.45 would. */
double indicator_round(const struct indicator *ind, double v);
/* v in Vietnamese conventions with ind's decimals, a zero fraction dropped: "90,5", "1.000",
 * "100". */
void indicator_format_value(struct buf *out, const struct indicator *ind, double v);

/* ---- a figure against its target: red, amber, green ----
 *
 * The value and the target are compared as they are shown (rounded to the indicator's decimals,
 * indicator_round), in whole units of the last decimal, so the badge agrees with the numbers on
 * the page and no binary noise decides it. With the shortfall the distance on the wrong side of
 * the target (target − value for an indicator whose direction is up, value − target for down):
 *   green  the target is met: shortfall ≤ 0
 *   amber  within INDICATOR_AMBER_PCT % of the target: 0 < shortfall ≤ 10 % of |target|
 *   red    further away
 *   none   no value, or no target
 * e.g. up, target 95: 95 and 98 are green, 85,5 amber (exactly 10 % short), 85,4 red. A target
 * of 0 leaves no amber band. */
#define INDICATOR_AMBER_PCT 10

enum indicator_status {
	INDICATOR_STATUS_NONE,
	INDICATOR_STATUS_GREEN,
	INDICATOR_STATUS_AMBER,
	INDICATOR_STATUS_RED,
	INDICATOR_STATUS_COUNT
};

enum indicator_status indicator_status(const struct indicator *ind, bool has_value, double value,
                                       bool has_target, double target);
/* "green", "amber", "red"; NULL for none (JSON null). */
const char *indicator_status_code(enum indicator_status s);
/* What a person reads beside the colour: "Đạt", "Gần đạt", "Chưa đạt"; "Chưa đánh giá" for
 * none (no value or no target: the page says which). */
const char *indicator_status_label_vi(enum indicator_status s);

/* The order of a ranking: negative when figure a is better than b by ind's direction (higher
 * first for up, lower first for down), positive when worse, 0 when they are equal as shown
 * (rounded to the decimals). A figure without a value comes after every one with a value. */
int indicator_compare(const struct indicator *ind, bool has_a, double a, bool has_b, double b);

#endif
