/* money.h — amounts of money in whole đồng, and percentages kept exact until formatted.
 *
 * Money is int64_t đồng everywhere (never a float). Percentages are integers in tenths of a
 * percent (pct_x10: 530 means 53,0 %), rounded half up once, when computed.
 */
#ifndef DXTRACK_MONEY_H
#define DXTRACK_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* The largest amount accepted: 10^16 đồng (ten million tỷ), far above any province's budget and
 * far enough below INT64_MAX that sums of many amounts cannot overflow. */
#define MONEY_MAX_VND INT64_C(10000000000000000)

/* Parses an amount in đồng: plain digits ("67150000000") or digits grouped Vietnamese-style with
 * "." ("67.150.000.000", groups of exactly three after the first). Surrounding spaces are ignored.
 * Returns 0 and sets *vnd, or -1 and sets *why to a static English message. */
int money_parse(const char *s, size_t len, int64_t *vnd, const char **why);

/* part/whole in tenths of a percent, rounded half away from zero (half up for the
 * non-negative amounts dxtrack stores); 0 when whole <= 0. */
int64_t money_pct_x10(int64_t part, int64_t whole);

/* Whole millions of đồng, rounded up (the planning issue's knapsack unit). */
int64_t money_millions_ceil(int64_t vnd);

#endif
