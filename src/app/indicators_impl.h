/* indicators_impl.h — what the imports of indicator data share (app/import_indicators.c,
 * app/import_values.c): the units as an importer sees them, and the end of an import. Not for
 * callers of app.h. */
#ifndef DXTRACK_INDICATORS_IMPL_H
#define DXTRACK_INDICATORS_IMPL_H

#include "../core/period.h"
#include "../io/table.h"
#include "../lib/arena.h"
#include "../lib/hmap.h"
#include "app_impl.h"

/* Every unit, loaded once: its code, kind, validity and integer key (unit_key), and for an
 * editor whether it lies at or below the editor's unit. */
struct indicators_unit {
	const char *code;
	enum unit_kind kind;
	struct date valid_from, valid_to;
	int64_t key;        /* unit_key id; 0 until it has one */
	signed char within; /* editors: 1 inside, 0 outside, -1 not asked yet */
};

struct indicators_units {
	struct indicators_unit *units;
	size_t n, cap;
	struct hmap index; /* code → index in units */
	struct arena strings;
};

/* Loads the units and their keys. APP_OK or APP_FAILED. */
enum app_status indicators_units_load(struct app *a, struct indicators_units *u);
void indicators_units_finish(struct indicators_units *u);
/* The index of code, or -1. */
int64_t indicators_units_find(const struct indicators_units *u, const char *code);
/* Gives unit i its integer key if it has none yet (inside the import's transaction). -1 on a
 * store failure. */
int indicators_units_key(struct app *a, struct indicators_units *u, size_t i);
/* Whether the acting user may write data of unit i: everyone who may import at all, except an
 * editor outside its unit. 1, 0, or -1 on a store failure. */
int indicators_units_allowed(struct app *a, struct indicators_units *u, size_t i);
/* Reports at the row's place, with column, when unit i does not exist on the last day of p (its
 * values would count nowhere: roll-ups use the tree of that day). Returns whether it exists. */
bool indicators_units_check_period(struct table_reader *t, const struct table_row *row,
                                   const struct indicators_units *u, size_t i, struct period p);

/* Ends an import of values or targets: the audit row (action, file, rows, inserted, replaced,
 * unchanged) and the commit. */
enum app_status indicators_import_finish(struct app *a, const char *action, const char *label,
                                         const struct import_result *r);

#endif
