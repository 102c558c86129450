/* period.h — the reporting periods of indicator values: a year, a quarter or a month.
 *
 * Written "2023", "2023Q4" and "2023-12" (as DHIS2 writes yearly and quarterly periods, and ISO
 * months); nothing else is accepted: no "2023q4", "2023-1", "12/2023" or surrounding spaces.
 * Years run from PERIOD_YEAR_MIN to PERIOD_YEAR_MAX. A month lies in one quarter and a quarter in
 * one year (month ⊂ quarter ⊂ year); a period contains itself.
 *
 * The integer code of a period is what the database stores and sorts on:
 *   year Y → Y·100,  quarter q of Y → Y·100 + 10 + q,  month m of Y → Y·100 + 20 + m
 * so codes sort by year, then by type (the year, its quarters, its months), and chronologically
 * within a type; every period of a year lies in [Y·100, Y·100 + 99], which makes "this year and
 * everything in it" one range of an index. The slot of a period (code mod 100 folded to 0..16:
 * the year 0, quarters 1..4, months 5..16) indexes a year's values in memory (core/rollup.h).
 */
#ifndef DXTRACK_PERIOD_H
#define DXTRACK_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"
#include "date.h"

#define PERIOD_YEAR_MIN 2000
#define PERIOD_YEAR_MAX 2100
#define PERIOD_TEXT_MAX 8 /* "2023-12", "2023Q4": at most 7 characters and the NUL */
#define PERIOD_SLOTS 17   /* a year, its 4 quarters and its 12 months */

enum period_type { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH };

struct period {
	int year;
	enum period_type type;
	int index; /* 0 for a year, 1..4 for a quarter, 1..12 for a month */
};

/* Parses s[0..len) strictly; 0, or -1 with *why a static English message. */
int period_parse(const char *s, size_t len, struct period *out, const char **why);
/* "2023", "2023Q4", "2023-12" into out (at least PERIOD_TEXT_MAX bytes). */
void period_text(struct period p, char out[PERIOD_TEXT_MAX]);
void period_format(struct buf *out, struct period p);
/* For Vietnamese readers: "năm 2023", "quý IV/2023", "tháng 12/2023". */
void period_format_vi(struct buf *out, struct period p);

struct date period_first_day(struct period p);
struct date period_last_day(struct period p);
/* True when inner lies within outer (a period lies within itself). */
bool period_contains(struct period outer, struct period inner);
/* The periods directly inside p, in order: a year's 4 quarters, a quarter's 3 months, none in a
 * month. Returns how many were written to out. */
size_t period_children(struct period p, struct period out[4]);
/* The period directly around p (a month's quarter, a quarter's year); false for a year. */
bool period_parent(struct period p, struct period *out);

int32_t period_code(struct period p);
/* The period of a code; -1 when the code names none. */
int period_from_code(int32_t code, struct period *out);
/* The slot of p within its year: 0 the year, 1..4 its quarters, 5..16 its months. */
int period_slot(struct period p);
/* The slot of a period code (its last two digits folded), or -1. */
int period_code_slot(int32_t code);
struct period period_of_slot(int year, int slot);

#endif
