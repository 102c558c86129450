/* period.c — years, quarters and months of indicator values: parsing, codes, days (period.h). */
#include "period.h"

static int period_digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int period_parse(const char *s, size_t len, struct period *out, const char **why)
{
	int year = len >= 4 ? period_digits(s, 4) : -1;
	struct period p = {year, PERIOD_YEAR, 0};
	if (year < 0 || (len != 4 && len != 6 && len != 7)) {
		*why = "a period is a year (2023), a quarter (2023Q4) or a month (2023-12)";
		return -1;
	}
	if (len == 6) {
		int q = s[4] == 'Q' ? period_digits(s + 5, 1) : -1;
		if (q < 1 || q > 4) {
			*why = "a quarter is written 2023Q1 to 2023Q4";
			return -1;
		}
		p.type = PERIOD_QUARTER;
		p.index = q;
	} else if (len == 7) {
		int m = s[4] == '-' ? period_digits(s + 5, 2) : -1;
		if (m < 1 || m > 12) {
			*why = "a month is written 2023-01 to 2023-12";
			return -1;
		}
		p.type = PERIOD_MONTH;
		p.index = m;
	}
	if (year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX) {
		*why = "the year of a period must be from 2000 to 2100";
		return -1;
	}
	*out = p;
	return 0;
}

void period_text(struct period p, char out[PERIOD_TEXT_MAX])
{
	unsigned y = (unsigned)p.year % 10000, i = (unsigned)p.index % 100;
	char *o = out;
	*o++ = (char)('0' + y / 1000);
	*o++ = (char)('0' + y / 100 % 10);
	*o++ = (char)('0' + y / 10 % 10);
	*o++ = (char)('0' + y % 10);
	if (p.type == PERIOD_QUARTER) {
		*o++ = 'Q';
		*o++ = (char)('0' + i % 10);
	} else if (p.type == PERIOD_MONTH) {
		*o++ = '-';
		*o++ = (char)('0' + i / 10);
		*o++ = (char)('0' + i % 10);
	}
	*o = '\0';
}

void period_format(struct buf *out, struct period p)
{
	char text[PERIOD_TEXT_MAX];
	period_text(p, text);
	buf_puts(out, text);
}

void period_format_vi(struct buf *out, struct period p)
{
	static const char *const roman[5] = {"", "I", "II", "III", "IV"};
	switch (p.type) {
	case PERIOD_YEAR:
		buf_printf(out, "năm %d", p.year);
		break;
	case PERIOD_QUARTER:
		buf_printf(out, "quý %s/%d", roman[p.index >= 1 && p.index <= 4 ? p.index : 0],
		           p.year);
		break;
	case PERIOD_MONTH:
		buf_printf(out, "tháng %d/%d", p.index, p.year);
		break;
	}
}

/* The first and last month of p. */
static void period_months(struct period p, int *first, int *last)
{
	*first = 1;
	*last = 12;
	switch (p.type) {
	case PERIOD_YEAR:
		break;
	case PERIOD_QUARTER:
		*first = 3 * p.index - 2;
		*last = 3 * p.index;
		break;
	case PERIOD_MONTH:
		*first = *last = p.index;
		break;
	}
}

struct date period_first_day(struct period p)
{
	int first, last;
	period_months(p, &first, &last);
	return (struct date){p.year, first, 1};
}

struct date period_last_day(struct period p)
{
	int first, last;
	period_months(p, &first, &last);
	/* the day before the first of the next month */
	struct date next =
	    last == 12 ? (struct date){p.year + 1, 1, 1} : (struct date){p.year, last + 1, 1};
	return date_from_days(date_to_days(next) - 1);
}

bool period_contains(struct period outer, struct period inner)
{
	if (outer.year != inner.year || outer.type > inner.type)
		return false;
	int of, ol, inf, inl;
	period_months(outer, &of, &ol);
	period_months(inner, &inf, &inl);
	return of <= inf && inl <= ol;
}

size_t period_children(struct period p, struct period out[4])
{
	switch (p.type) {
	case PERIOD_YEAR:
		for (int q = 1; q <= 4; q++)
			out[q - 1] = (struct period){p.year, PERIOD_QUARTER, q};
		return 4;
	case PERIOD_QUARTER:
		for (int i = 0; i < 3; i++)
			out[i] = (struct period){p.year, PERIOD_MONTH, 3 * p.index - 2 + i};
		return 3;
	case PERIOD_MONTH:
		break;
	}
	return 0;
}

bool period_parent(struct period p, struct period *out)
{
	switch (p.type) {
	case PERIOD_YEAR:
		return false;
	case PERIOD_QUARTER:
		*out = (struct period){p.year, PERIOD_YEAR, 0};
		return true;
	case PERIOD_MONTH:
		*out = (struct period){p.year, PERIOD_QUARTER, (p.index + 2) / 3};
		return true;
	}
	return false;
}

int32_t period_code(struct period p)
{
	int32_t base = (int32_t)p.year * 100;
	switch (p.type) {
	case PERIOD_YEAR:
		return base;
	case PERIOD_QUARTER:
		return base + 10 + p.index;
	case PERIOD_MONTH:
		return base + 20 + p.index;
	}
	return base;
}

int period_code_slot(int32_t code)
{
	if (code < 0)
		return -1;
	int r = (int)(code % 100);
	if (r == 0)
		return 0;
	if (r >= 11 && r <= 14)
		return r - 10;
	if (r >= 21 && r <= 32)
		return r - 16;
	return -1;
}

int period_slot(struct period p)
{
	return period_code_slot(period_code(p));
}

struct period period_of_slot(int year, int slot)
{
	if (slot >= 1 && slot <= 4)
		return (struct period){year, PERIOD_QUARTER, slot};
	if (slot >= 5 && slot <= 16)
		return (struct period){year, PERIOD_MONTH, slot - 4};
	return (struct period){year, PERIOD_YEAR, 0};
}

int period_from_code(int32_t code, struct period *out)
{
	int slot = period_code_slot(code);
	int year = (int)(code / 100);
	if (slot < 0 || year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX)
		return -1;
	*out = period_of_slot(year, slot);
	return 0;
}
