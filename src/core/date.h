/* date.h — calendar dates (no time of day, no time zone).
 *
 * Accepted on input: "YYYY-MM-DD" (ISO, what the CLI prints and the database stores) and
 * "DD/MM/YYYY" (what Vietnamese spreadsheets hold). Shown to people as dd/mm/yyyy (text/vnfmt).
 */
#ifndef DXTRACK_DATE_H
#define DXTRACK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"

struct date {
	int year; /* 0 means "no date" */
	int month;
	int day;
};

/* Returns 0 and sets *d, or -1 with *why a static English message. Empty input is an error; the
 * caller decides whether a date is optional. */
int date_parse(const char *s, size_t len, struct date *d, const char **why);
bool date_is_set(struct date d);
bool date_valid(int year, int month, int day);
int date_compare(struct date a, struct date b); /* <0, 0, >0; an unset date sorts first */
int64_t date_to_days(struct date d);            /* days since 1970-01-01 (proleptic Gregorian) */
struct date date_from_days(int64_t days);
void date_format_iso(struct buf *out, struct date d); /* "2023-12-14"; nothing if unset */
/* The same into out ("" if unset), without printf: an import writes three dates per row. */
#define DATE_ISO_SIZE 11
void date_iso(struct date d, char out[DATE_ISO_SIZE]);

#endif
