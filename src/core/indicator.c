/* indicator.c — indicator definitions: codes of their vocabularies, their rules, numbers in and
 * out (indicator.h). */
#include "indicator.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/utf8.h"
#include "../text/vnfmt.h"
#include "unit.h"

static const char *const indicator_aggregation_codes[INDICATOR_AGGREGATION_COUNT] = {
    [INDICATOR_SUM] = "sum",   [INDICATOR_RATIO] = "ratio", [INDICATOR_SHARE] = "share",
    [INDICATOR_MEAN] = "mean", [INDICATOR_MIN] = "min",     [INDICATOR_MAX] = "max",
    [INDICATOR_LAST] = "last",
};

static const double indicator_pow10[INDICATOR_DECIMALS_MAX + 1] = {1e0, 1e1, 1e2, 1e3,
                                                                   1e4, 1e5, 1e6};

void indicator_clear(struct indicator *ind)
{
	free(ind->code);
	free(ind->name);
	free(ind->measure);
	free(ind->numerator);
	free(ind->denominator);
	memset(ind, 0, sizeof *ind);
}

const char *indicator_aggregation_code(enum indicator_aggregation a)
{
	return (unsigned)a < INDICATOR_AGGREGATION_COUNT ? indicator_aggregation_codes[a] : "?";
}

int indicator_aggregation_parse(const char *s, enum indicator_aggregation *out)
{
	for (int i = 0; i < INDICATOR_AGGREGATION_COUNT; i++) {
		if (strcmp(s, indicator_aggregation_codes[i]) == 0) {
			*out = (enum indicator_aggregation)i;
			return 0;
		}
	}
	return -1;
}

const char *indicator_direction_code(enum indicator_direction d)
{
	return d == INDICATOR_DOWN ? "down" : "up";
}

int indicator_direction_parse(const char *s, enum indicator_direction *out)
{
	if (strcmp(s, "up") == 0)
		*out = INDICATOR_UP;
	else if (strcmp(s, "down") == 0)
		*out = INDICATOR_DOWN;
	else
		return -1;
	return 0;
}

static bool indicator_empty(const char *s)
{
	return !s || !s[0];
}

int indicator_check(const struct indicator *ind,
                    void (*report)(void *ctx, const char *column, const char *message), void *ctx)
{
	int problems = 0;
	char msg[160];
#define INDICATOR_REPORT(column, ...)                                                              \
	do {                                                                                       \
		snprintf(msg, sizeof msg, __VA_ARGS__);                                            \
		report(ctx, column, msg);                                                          \
		problems++;                                                                        \
	} while (0)
	if (!ind->code || !unit_code_valid(ind->code, INDICATOR_CODE_MAX))
		INDICATOR_REPORT("code",
		                 "an indicator code is 1 to %d letters, digits, '.', '_' or '-'",
		                 INDICATOR_CODE_MAX);
	if (indicator_empty(ind->name))
		INDICATOR_REPORT("name", "a name is required");
	else if (utf8_length(ind->name, strlen(ind->name)) > INDICATOR_NAME_MAX)
		INDICATOR_REPORT("name", "longer than %d characters", INDICATOR_NAME_MAX);
	if (ind->measure && utf8_length(ind->measure, strlen(ind->measure)) > INDICATOR_MEASURE_MAX)
		INDICATOR_REPORT("measure", "longer than %d characters", INDICATOR_MEASURE_MAX);
	const char *parts[2] = {ind->numerator, ind->denominator};
	static const char *const names[2] = {"numerator", "denominator"};
	for (int i = 0; i < 2; i++) {
		if (ind->aggregation != INDICATOR_RATIO) {
			if (!indicator_empty(parts[i]))
				INDICATOR_REPORT(names[i], "only a ratio has a %s; %s is a %s",
				                 names[i], ind->code ? ind->code : "this indicator",
				                 indicator_aggregation_code(ind->aggregation));
		} else if (indicator_empty(parts[i])) {
			INDICATOR_REPORT(names[i],
			                 "a ratio needs the code of its %s (another indicator)",
			                 names[i]);
		} else if (!unit_code_valid(parts[i], INDICATOR_CODE_MAX)) {
			INDICATOR_REPORT(names[i], "\"%.40s\" is not an indicator code", parts[i]);
		} else if (ind->code && strcmp(parts[i], ind->code) == 0) {
			INDICATOR_REPORT(names[i], "a ratio cannot be its own %s", names[i]);
		}
	}
	if (!(ind->multiplier > 0) || !isfinite(ind->multiplier) ||
	    ind->multiplier > INDICATOR_VALUE_MAX)
		INDICATOR_REPORT("multiplier", "the multiplier must be a number above 0");
	else if (ind->aggregation != INDICATOR_RATIO && ind->multiplier != 1)
		INDICATOR_REPORT("multiplier",
		                 "only a ratio has a multiplier (leave it empty or 1)");
	if (ind->decimals < 0 || ind->decimals > INDICATOR_DECIMALS_MAX)
		INDICATOR_REPORT("decimals", "decimals must be a whole number from 0 to %d",
		                 INDICATOR_DECIMALS_MAX);
#undef INDICATOR_REPORT
	return problems;
}

int indicator_number_parse(const char *s, size_t len, double *out, const char **why)
{
	size_t i = 0;
	bool negative = len > 0 && s[0] == '-';
	uint64_t mantissa = 0;
	int digits = 0, frac_digits = 0;
	bool point = false, precise = true;
	if (negative)
		i++;
	if (i == len) {
		*why = "expected a number such as 90.5";
		return -1;
	}
	for (; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (mantissa > (UINT64_MAX - 9) / 10)
				precise = false; /* more digits than fit: strtod below */
			else
				mantissa = mantissa * 10 + (uint64_t)(c - '0');
			digits++;
			frac_digits += point;
		} else if ((c == '.' || c == ',') && !point && digits > 0 && i + 1 < len) {
			point = true;
		} else {
			*why = "expected a number such as 90.5 (digits, one decimal point, no "
			       "grouping)";
			return -1;
		}
	}
	double v;
	if (precise && mantissa <= (UINT64_C(1) << 53) && frac_digits <= 22) {
		/* both operands are exact doubles: one correctly rounded division */
		static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
		                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
		                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
		v = (double)mantissa / p10[frac_digits];
	} else {
		char copy[400];
		if (len >= sizeof copy) {
			*why = "the number is too long";
			return -1;
		}
		memcpy(copy, s, len);
		copy[len] = '\0';
		char *comma = strchr(copy, ',');
		if (comma)
			*comma = '.';
		v = fabs(strtod(copy, NULL));
	}
	if (!(v <= INDICATOR_VALUE_MAX)) {
		*why = "the number is too large (at most 10^15)";
		return -1;
	}
	*out = negative && v != 0 ? -v : v;
	return 0;
}

bool indicator_value_allowed(const struct indicator *ind, double v, const char **why)
{
	if (ind->aggregation == INDICATOR_SHARE && v != 0 && v != 1) {
		*why = "a share indicator takes 0 or 1 (has it or not)";
		return false;
	}
	return true;
}

/* |v|·10^d rounded half away from zero (with the forgiveness of indicator_round); false when it
 * would not fit an int64_t. */
static bool indicator_scaled(double v, int d, int64_t *out)
{
	double x = fabs(v) * indicator_pow10[d];
	if (!(x < 9e18))
		return false;
	double whole = floor(x);
	double tolerance = fmin(x * 1e-12, 1e-6);
	int64_t n = (int64_t)whole + (x - whole + tolerance >= 0.5);
	*out = v < 0 ? -n : n;
	return true;
}

static int indicator_decimals(const struct indicator *ind)
{
	int d = ind->decimals;
	return d < 0 ? 0 : d > INDICATOR_DECIMALS_MAX ? INDICATOR_DECIMALS_MAX : d;
}

double indicator_round(const struct indicator *ind, double v)
{
	int d = indicator_decimals(ind);
	int64_t n;
	if (!indicator_scaled(v, d, &n))
		return v;
	return (double)n / indicator_pow10[d];
}

void indicator_format_value(struct buf *out, const struct indicator *ind, double v)
{
	int d = indicator_decimals(ind);
	int64_t n;
	/* a value too large for its decimals loses them rather than its leading digits */
	while (!indicator_scaled(v, d, &n) && d > 0)
		d--;
	if (indicator_scaled(v, d, &n))
		vnfmt_fixed_trim(out, n, d);
	else
		buf_printf(out, "%.6g", v);
}

/* ---- red, amber, green ---- */

static const char *const indicator_status_codes[INDICATOR_STATUS_COUNT] = {
    [INDICATOR_STATUS_NONE] = NULL,
    [INDICATOR_STATUS_GREEN] = "green",
    [INDICATOR_STATUS_AMBER] = "amber",
    [INDICATOR_STATUS_RED] = "red",
};

static const char *const indicator_status_labels[INDICATOR_STATUS_COUNT] = {
    [INDICATOR_STATUS_NONE] = "Chưa đánh giá",
    [INDICATOR_STATUS_GREEN] = "Đạt",
    [INDICATOR_STATUS_AMBER] = "Gần đạt",
    [INDICATOR_STATUS_RED] = "Chưa đạt",
};

/* Small enough that a difference of two such numbers times 100 still fits an int64_t. */
static bool indicator_small(int64_t n)
{
	return n < INT64_MAX / 256 && n > -(INT64_MAX / 256);
}

/* a and b as shown, in whole units of the last decimal (forgiving noise as indicator_round
 * does); values too large for that lose decimals on both sides alike. */
static bool indicator_shown_pair(const struct indicator *ind, double a, double b, int64_t *na,
                                 int64_t *nb)
{
	for (int d = indicator_decimals(ind); d >= 0; d--)
		if (indicator_scaled(a, d, na) && indicator_scaled(b, d, nb) &&
		    indicator_small(*na) && indicator_small(*nb))
			return true;
	return false;
}

enum indicator_status indicator_status(const struct indicator *ind, bool has_value, double value,
                                       bool has_target, double target)
{
	if (!has_value || !has_target)
		return INDICATOR_STATUS_NONE;
	int64_t v, t;
	if (!indicator_shown_pair(ind, value, target, &v, &t))
		return INDICATOR_STATUS_NONE; /* beyond INDICATOR_VALUE_MAX: cannot happen */
	int64_t shortfall = ind->direction == INDICATOR_DOWN ? v - t : t - v;
	if (shortfall <= 0)
		return INDICATOR_STATUS_GREEN;
	/* shortfall ≤ pct/100 × |t|, exactly */
	if (shortfall * 100 <= (t < 0 ? -t : t) * INDICATOR_AMBER_PCT)
		return INDICATOR_STATUS_AMBER;
	return INDICATOR_STATUS_RED;
}

const char *indicator_status_code(enum indicator_status s)
{
	return (unsigned)s < INDICATOR_STATUS_COUNT ? indicator_status_codes[s] : NULL;
}

const char *indicator_status_label_vi(enum indicator_status s)
{
	return (unsigned)s < INDICATOR_STATUS_COUNT ? indicator_status_labels[s]
	                                            : indicator_status_labels[0];
}

int indicator_compare(const struct indicator *ind, bool has_a, double a, bool has_b, double b)
{
	if (!has_a || !has_b)
		return has_a == has_b ? 0 : has_a ? -1 : 1;
	int64_t na, nb;
	if (!indicator_shown_pair(ind, a, b, &na, &nb)) {
		na = a < b ? -1 : a > b;
		nb = 0;
	}
	int c = (na > nb) - (na < nb); /* 1 when a is larger */
	return ind->direction == INDICATOR_DOWN ? c : -c;
}
