/* vnfmt.h — numbers, money and dates as Vietnamese readers expect them.
 *
 * Thousands are grouped with "." and the decimal separator is "," (CLDR vi): 1.000, 90,5,
 * 67.150.000.000. Money in prose is in "tỷ đồng" / "triệu đồng". Dates are dd/mm/yyyy. All
 * functions append to a struct buf and take integers: nothing here uses floating point.
 */
#ifndef DXTRACK_VNFMT_H
#define DXTRACK_VNFMT_H

#include <stdint.h>

#include "../lib/buf.h"

/* 1234567 → "1.234.567"; -1000 → "-1.000"; 0 → "0". */
void vnfmt_int(struct buf *out, int64_t n);

/* A fixed-point number: scaled / 10^decimals, e.g. (905, 1) → "90,5", (530, 1) → "53,0",
 * (9321, 2) → "93,21", (1234567, 1) → "123.456,7". decimals is 0..6. */
void vnfmt_fixed(struct buf *out, int64_t scaled, int decimals);

/* Like vnfmt_fixed but drops a zero fraction: (530, 1) → "53", (905, 1) → "90,5". Only an
 * all-zero fraction is dropped: (9320, 2) → "93,20". */
void vnfmt_fixed_trim(struct buf *out, int64_t scaled, int decimals);

/* Money for prose, rounded half away from zero to one decimal of its unit, zero fraction
 * dropped: >= 1 tỷ (10^9) → "67,2 tỷ đồng"; >= 1 triệu (10^6) → "850 triệu đồng";
 * below → "500.000 đồng". The unit follows the rounded value: 999 950 000 → "1 tỷ đồng". */
void vnfmt_money(struct buf *out, int64_t vnd);
/* Money in triệu đồng as the committee's tables show it, to a tenth, half up, the zero tenth
 * dropped: 23290000000 → "23.290", 1250000 → "1,3". */
void vnfmt_million(struct buf *out, int64_t vnd);

/* Whole tỷ (10^9 đồng), rounded half away from zero: 35 600 000 000 → 36. */
int64_t vnfmt_ty_round(int64_t vnd);
/* Whole tỷ, rounded down (toward minus infinity): 67 150 000 000 → 67,
 * -67 150 000 000 → -68. */
int64_t vnfmt_ty_floor(int64_t vnd);

/* "14/12/2023" (day and month zero-padded). */
void vnfmt_date(struct buf *out, int year, int month, int day);
/* Decree 30 long form: "ngày 14 tháng 12 năm 2023"; a day below 10 and the months 1 and 2 take a
 * leading zero: "ngày 05 tháng 01 năm 2020", "ngày 29 tháng 6 năm 2019". */
void vnfmt_date_long(struct buf *out, int year, int month, int day);

#endif
