/* vnfmt.c — Vietnamese number, money and date formatting (CLDR vi: "." groups, "," decimals).
 *
 * Integer arithmetic only. Negative values are formatted from their magnitude as uint64_t, which
 * is exact for INT64_MIN too. Rounding is half away from zero. Errors from the buffer (its limit)
 * are ignored: the output is then cut short, as every buf user accepts.
 */
#include "vnfmt.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>

#define VNFMT_TRIEU UINT64_C(1000000)
#define VNFMT_TY UINT64_C(1000000000)

static const uint64_t vnfmt_pow10[] = {
    1, 10, 100, 1000, 10000, 100000, 1000000,
};

/* |n| without overflow: INT64_MIN gives 9223372036854775808. */
static uint64_t vnfmt_abs(int64_t n)
{
	return n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
}

/* Appends m with "." between groups of three digits: 67150000000 → "67.150.000.000". */
static void vnfmt_group(struct buf *out, uint64_t m)
{
	char tmp[32]; /* 20 digits + 6 dots */
	size_t i = sizeof(tmp);
	int digits = 0;

	do {
		if (digits > 0 && digits % 3 == 0)
			tmp[--i] = '.';
		tmp[--i] = (char)('0' + m % 10);
		m /= 10;
		digits++;
	} while (m > 0);
	buf_append(out, tmp + i, sizeof(tmp) - i);
}

/* Clamps decimals to the documented 0..6 (a caller bug, caught by assert in debug builds). */
static int vnfmt_decimals(int decimals)
{
	assert(decimals >= 0 && decimals <= 6);
	if (decimals < 0)
		return 0;
	if (decimals > 6)
		return 6;
	return decimals;
}

/* Shared body of vnfmt_fixed and vnfmt_fixed_trim. */
static void vnfmt_fixed_common(struct buf *out, int64_t scaled, int decimals, bool trim)
{
	int d = vnfmt_decimals(decimals);
	uint64_t m = vnfmt_abs(scaled);
	uint64_t whole = m / vnfmt_pow10[d];
	uint64_t frac = m % vnfmt_pow10[d];

	if (scaled < 0)
		buf_putc(out, '-');
	vnfmt_group(out, whole);
	if (d > 0 && !(trim && frac == 0))
		buf_printf(out, ",%0*" PRIu64, d, frac);
}

void vnfmt_int(struct buf *out, int64_t n)
{
	if (n < 0)
		buf_putc(out, '-');
	vnfmt_group(out, vnfmt_abs(n));
}

void vnfmt_fixed(struct buf *out, int64_t scaled, int decimals)
{
	vnfmt_fixed_common(out, scaled, decimals, false);
}

void vnfmt_fixed_trim(struct buf *out, int64_t scaled, int decimals)
{
	vnfmt_fixed_common(out, scaled, decimals, true);
}

/* Appends a count of tenths as "X" or "X,d" (grouped): 672 → "67,2", 17000 → "1.700". */
static void vnfmt_tenths(struct buf *out, uint64_t tenths)
{
	vnfmt_group(out, tenths / 10);
	if (tenths % 10 != 0)
		buf_printf(out, ",%" PRIu64, tenths % 10);
}

void vnfmt_million(struct buf *out, int64_t vnd)
{
	int64_t tenths = vnd >= 0 ? (vnd + 50000) / 100000 : -((-vnd + 50000) / 100000);
	vnfmt_fixed_trim(out, tenths, 1);
}

void vnfmt_money(struct buf *out, int64_t vnd)
{
	uint64_t m = vnfmt_abs(vnd);
	/* Tenths of a tỷ / triệu, rounded half away from zero (m <= 2^63: no overflow). */
	uint64_t ty_tenths = (m + VNFMT_TY / 20) / (VNFMT_TY / 10);
	uint64_t trieu_tenths = (m + VNFMT_TRIEU / 20) / (VNFMT_TRIEU / 10);

	if (vnd < 0)
		buf_putc(out, '-');
	/* 999 950 000 rounds to 1.000,0 triệu: say "1 tỷ" instead. */
	if (m >= VNFMT_TY || (m >= VNFMT_TRIEU && trieu_tenths >= 10000)) {
		vnfmt_tenths(out, ty_tenths);
		buf_puts(out, " tỷ đồng");
	} else if (m >= VNFMT_TRIEU) {
		vnfmt_tenths(out, trieu_tenths);
		buf_puts(out, " triệu đồng");
	} else {
		vnfmt_group(out, m);
		buf_puts(out, " đồng");
	}
}

int64_t vnfmt_ty_round(int64_t vnd)
{
	uint64_t q = (vnfmt_abs(vnd) + VNFMT_TY / 2) / VNFMT_TY; /* at most 9223372037 */

	return vnd < 0 ? -(int64_t)q : (int64_t)q;
}

int64_t vnfmt_ty_floor(int64_t vnd)
{
	const int64_t ty = (int64_t)VNFMT_TY;
	int64_t q = vnd / ty; /* C truncates toward zero; step down for negative remainders */

	if (vnd % ty < 0)
		q--;
	return q;
}

void vnfmt_date(struct buf *out, int year, int month, int day)
{
	buf_printf(out, "%02d/%02d/%d", day, month, year);
}

void vnfmt_date_long(struct buf *out, int year, int month, int day)
{
	/* Decree 30/2020/NĐ-CP: days below 10 and months 1, 2 are written with a leading zero
	 * (so "tháng 1" cannot be turned into "tháng 11"); months 3..12 are written plainly. */
	if (month == 1 || month == 2)
		buf_printf(out, "ngày %02d tháng %02d năm %d", day, month, year);
	else
		buf_printf(out, "ngày %02d tháng %d năm %d", day, month, year);
}
