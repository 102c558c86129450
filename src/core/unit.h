/* unit.h — organisation units: the administrative tree and the agencies in it.
 *
 * nation > province > district > commune (the district level exists before 1 July 2025 only);
 * agencies (Sở, Ban, Công an tỉnh…) hang under a province or district. Codes are the official GSO
 * codes for administrative units ("06", "058", "01834") and short codes of our own for agencies.
 *
 * Units over time: a unit is valid from valid_from until valid_to (exclusive: on valid_to it no
 * longer exists); an unset date is open. Its parent is a list of dated links (struct unit_link),
 * and a unit that ends may name its successor (struct unit_succession): merged into, dissolved
 * into its parent. History is added to, never rewritten.
 */
#ifndef DXTRACK_UNIT_H
#define DXTRACK_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

enum unit_kind {
	UNIT_NATION,
	UNIT_PROVINCE,
	UNIT_DISTRICT,
	UNIT_COMMUNE,
	UNIT_AGENCY,
	UNIT_KIND_COUNT
};

#define UNIT_CODE_MAX 32  /* bytes */
#define UNIT_NAME_MAX 300 /* code points */

struct unit {
	char *code;
	char *name;
	enum unit_kind kind;
	char *parent_code; /* NULL for the nation; the parent today (or on the date asked for) */
	struct date valid_from; /* unset: since always */
	struct date valid_to;   /* exclusive; unset: still valid */
};

/* A dated link of the tree: code hangs under parent_code from valid_from (unset: always) until
 * valid_to (exclusive; unset: still). A link with valid_from == valid_to was never in force: it
 * records a change undone on the same day by a later event of that day. */
struct unit_link {
	char *code;
	char *parent_code;
	struct date valid_from;
	struct date valid_to;
};

/* What ended a unit, or moved its territory: the unit code gave way to successor_code on `on`. */
enum unit_event {
	UNIT_EVENT_MERGE,    /* code merged into successor_code */
	UNIT_EVENT_DISSOLVE, /* code dissolved; its children passed to successor_code, its parent */
	UNIT_EVENT_SPLIT,    /* code split; successor_code is one of its parts (not recorded yet) */
	UNIT_EVENT_MOVE,     /* code's territory moved to successor_code (not recorded yet) */
	UNIT_EVENT_COUNT
};

struct unit_succession {
	char *code;
	char *successor_code;
	struct date on;
	enum unit_event event;
};

void unit_clear(struct unit *u); /* frees the strings and zeroes */

/* A growable list of units, each a copy the list owns. */
struct unit_list {
	struct unit *items;
	size_t count;
	size_t cap;
};
/* Appends a copy of u; returns 0, so it can be given as the callback of the *_each readers. */
int unit_list_add(void *list, const struct unit *u);
void unit_list_finish(struct unit_list *l);       /* frees the copies; the list may be used again */
const char *unit_kind_code(enum unit_kind k);     /* "province" */
const char *unit_kind_label_vi(enum unit_kind k); /* "tỉnh" */
int unit_kind_parse(const char *s, enum unit_kind *out); /* 0, or -1 if unknown */
/* "district,province" → bits 1 << enum unit_kind in *out; 0, or -1 when s is empty or a word is
 * not a kind. */
int unit_kinds_parse(const char *s, unsigned *out);

/* True when a code is 1..UNIT_CODE_MAX bytes of ASCII letters, digits, '.', '_' or '-'. Task codes
 * follow the same rule (with their own length limit). */
bool unit_code_valid(const char *code, size_t max_len);

/* True when a unit of this kind may hang under a parent of parent_kind: province under nation;
 * district under province; commune under district or (from 2025) province; agency under nation,
 * province or district. */
bool unit_parent_allowed(enum unit_kind kind, enum unit_kind parent_kind);

/* ---- units over time ---- */

void unit_link_clear(struct unit_link *l);                 /* frees the strings and zeroes */
void unit_succession_clear(struct unit_succession *e);     /* frees the strings and zeroes */
const char *unit_event_code(enum unit_event e);            /* "merge" */
const char *unit_event_label_vi(enum unit_event e);        /* "sáp nhập" */
int unit_event_parse(const char *s, enum unit_event *out); /* 0, or -1 if unknown */

/* True when the interval [from, to) holds the day `on`; an unset bound is open. */
bool unit_span_holds(struct date from, struct date to, struct date on);
/* True when [from, to) is a possible validity: from before to when both are set. */
bool unit_span_valid(struct date from, struct date to);
/* True when [from, to) lies inside [outer_from, outer_to): what a child's validity must do with
 * its parent's. An open bound lies inside an open bound only. */
bool unit_span_within(struct date from, struct date to, struct date outer_from,
                      struct date outer_to);
/* True when the unit exists on the day `on`. */
bool unit_valid_on(const struct unit *u, struct date on);
/* Appends a span in words for messages: "always", "from 2023-01-01", "before 2025-07-01" (the
 * first day it no longer holds) or "from 2023-01-01, before 2025-07-01". */
void unit_span_format(struct buf *out, struct date from, struct date to);

#endif
