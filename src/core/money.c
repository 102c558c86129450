/* money.c — parsing amounts of đồng and exact percentage arithmetic (see money.h). */
#include "money.h"

#include <stdbool.h>

static bool money_is_space(char c)
{
	return c == ' ' || c == '\t';
}

int money_parse(const char *s, size_t len, int64_t *vnd, const char **why)
{
	size_t i = 0, end = len;
	while (i < end && money_is_space(s[i]))
		i++;
	while (end > i && money_is_space(s[end - 1]))
		end--;
	if (i == end) {
		*why = "amount is empty";
		return -1;
	}
	if (s[i] == '-') {
		*why = "amount must not be negative";
		return -1;
	}
	if (s[i] == '+')
		i++;
	int64_t value = 0;
	int group = 0;        /* digits since the last separator */
	bool grouped = false; /* a "." was seen */
	bool first_group = true;
	for (size_t k = i; k < end; k++) {
		char c = s[k];
		if (c >= '0' && c <= '9') {
			if (value > MONEY_MAX_VND / 10) {
				*why = "amount is too large (over 10^16 đồng)";
				return -1;
			}
			value = value * 10 + (c - '0');
			group++;
		} else if (c == '.') {
			if (group == 0 || (first_group && group > 3) ||
			    (!first_group && group != 3)) {
				*why = "amount is badly grouped: use 67150000000 or 67.150.000.000";
				return -1;
			}
			grouped = true;
			first_group = false;
			group = 0;
		} else if (c == ',') {
			*why = "amount must be whole đồng (no decimal comma)";
			return -1;
		} else {
			*why = "amount must be digits, optionally grouped with '.'";
			return -1;
		}
	}
	if (group == 0 || (grouped && group != 3)) {
		*why = "amount is badly grouped: use 67150000000 or 67.150.000.000";
		return -1;
	}
	if (value > MONEY_MAX_VND) {
		*why = "amount is too large (over 10^16 đồng)";
		return -1;
	}
	*vnd = value;
	return 0;
}

int64_t money_pct_x10(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return 0;
	/* round half away from zero; 128-bit because part * 1000 can pass INT64_MAX */
	__int128 num = (__int128)part * 1000;
	__int128 mag = ((num < 0 ? -num : num) * 2 + whole) / ((__int128)whole * 2);
	return (int64_t)(num < 0 ? -mag : mag);
}

int64_t money_millions_ceil(int64_t vnd)
{
	if (vnd <= 0)
		return 0;
	return (vnd + 999999) / 1000000;
}
