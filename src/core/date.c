/* date.c — parsing, comparing and counting calendar dates (see date.h). */
#include "date.h"

static bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool date_valid(int year, int month, int day)
{
	static const int days_in[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1)
		return false;
	int max = days_in[month - 1] + (month == 2 && date_is_leap(year));
	return day <= max;
}

bool date_is_set(struct date d)
{
	return d.year != 0;
}

/* Reads exactly n digits at s; -1 if any is not a digit. */
static int date_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, size_t len, struct date *d, const char **why)
{
	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	int y = -1, m = -1, day = -1;
	if (len == 10 && s[4] == '-' && s[7] == '-') {
		y = date_digits(s, 4);
		m = date_digits(s + 5, 2);
		day = date_digits(s + 8, 2);
	} else if (len >= 8 && len <= 10) {
		/* D/M/YYYY with one- or two-digit day and month */
		size_t i = 0;
		int parts[3] = {-1, -1, -1};
		for (int p = 0; p < 3; p++) {
			size_t start = i;
			while (i < len && s[i] != '/')
				i++;
			size_t n = i - start;
			if ((p < 2 && (n < 1 || n > 2)) || (p == 2 && n != 4))
				break;
			parts[p] = date_digits(s + start, (int)n);
			if (p < 2 && i < len)
				i++;
		}
		if (i == len) {
			day = parts[0];
			m = parts[1];
			y = parts[2];
		}
	}
	if (y < 0 || m < 0 || day < 0) {
		*why = "date must be YYYY-MM-DD or DD/MM/YYYY";
		return -1;
	}
	if (!date_valid(y, m, day)) {
		*why = "no such date";
		return -1;
	}
	d->year = y;
	d->month = m;
	d->day = day;
	return 0;
}

int date_compare(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
int64_t date_to_days(struct date d)
{
	int64_t y = d.year - (d.month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d.month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date date_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

void date_iso(struct date d, char out[DATE_ISO_SIZE])
{
	out[0] = '\0';
	if (!date_is_set(d) || d.year < 0 || d.year > 9999 || d.month < 0 || d.month > 99 ||
	    d.day < 0 || d.day > 99)
		return;
	int parts[3] = {d.year, d.month, d.day}, widths[3] = {4, 2, 2};
	char *at = out;
	for (int p = 0; p < 3; p++) {
		if (p)
			*at++ = '-';
		for (int i = widths[p] - 1, v = parts[p]; i >= 0; i--, v /= 10)
			at[i] = (char)('0' + v % 10);
		at += widths[p];
	}
	*at = '\0';
}

void date_format_iso(struct buf *out, struct date d)
{
	char text[DATE_ISO_SIZE];
	date_iso(d, text);
	buf_puts(out, text);
}
