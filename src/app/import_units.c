/* import_units.c — `dxtrack import units`: the organisation-unit tree from CSV, all or nothing.
 * Administrators only: the tree decides which tasks each editor may change.
 *
 * Units over time: the optional columns valid_from and valid_to give a new unit's validity (empty:
 * always), and parent_code is the parent the unit has from its beginning. A unit already in the
 * database keeps its recorded history: its name and kind may change; empty dates keep its
 * validity and other dates are refused; its parent may be corrected only while it has one
 * undated link (it was never moved). Later changes are events: `dxtrack unit merge|dissolve|move`.
 */
#include <stdlib.h>
#include <string.h>

#include "../io/table.h"
#include "../lib/hmap.h"
#include "../lib/mem.h"
#include "../text/utf8.h"
#include "app_impl.h"

enum { U_CODE, U_NAME, U_KIND, U_PARENT, U_FROM, U_TO, U_COLUMNS };

static const struct table_column import_unit_columns[U_COLUMNS] = {
    [U_CODE] = {"code", true},        [U_NAME] = {"name", true},
    [U_KIND] = {"kind", true},        [U_PARENT] = {"parent_code", false},
    [U_FROM] = {"valid_from", false}, [U_TO] = {"valid_to", false},
};

/* What a row does to the unit's parent links. */
enum import_unit_parent { PARENT_SAME, PARENT_ADD, PARENT_CORRECT };

struct import_unit_row {
	unsigned line;
	struct unit unit;
	int found;       /* 1 when the unit is in the database (then old holds it) */
	struct unit old; /* as recorded: its parent_code is today's parent */
	bool changed;    /* name or kind differ from the database */
	enum import_unit_parent parent;
};

struct import_units {
	struct app *app;
	struct table_reader *table;
	struct import_unit_row *rows;
	size_t n_rows;
	size_t cap_rows;
	struct hmap index; /* code → row index */
};

/* Parses an optional date column; false (reported) when it is not a date. */
static bool import_unit_date(struct import_units *im, const struct table_row *row, int col,
                             struct date *out)
{
	const char *why;
	const char *v = row->values[col];
	if (!v[0])
		return true;
	if (date_parse(v, strlen(v), out, &why) == 0)
		return true;
	table_report(im->table, row, import_unit_columns[col].name, "%s", why);
	return false;
}

/* Parses one row into a unit; false (with the problems reported) if it breaks a rule. */
static bool import_unit_parse(struct import_units *im, const struct table_row *row, struct unit *u)
{
	const char *const *v = row->values;
	bool ok = true;
	if (!unit_code_valid(v[U_CODE], UNIT_CODE_MAX)) {
		table_report(im->table, row, "code",
		             "a code is 1 to %d letters, digits, '.', '_' or '-'", UNIT_CODE_MAX);
		ok = false;
	}
	if (utf8_length(v[U_NAME], strlen(v[U_NAME])) > UNIT_NAME_MAX) {
		table_report(im->table, row, "name", "name is longer than %d characters",
		             UNIT_NAME_MAX);
		ok = false;
	}
	if (unit_kind_parse(v[U_KIND], &u->kind) < 0) {
		table_report(
		    im->table, row, "kind",
		    "unknown kind \"%s\": use nation, province, district, commune or agency",
		    v[U_KIND]);
		ok = false;
	}
	if (ok && u->kind == UNIT_NATION && v[U_PARENT][0]) {
		table_report(im->table, row, "parent_code", "a nation has no parent");
		ok = false;
	} else if (ok && u->kind != UNIT_NATION && !v[U_PARENT][0]) {
		table_report(im->table, row, "parent_code", "a %s needs a parent_code",
		             unit_kind_code(u->kind));
		ok = false;
	}
	bool dates = import_unit_date(im, row, U_FROM, &u->valid_from);
	dates = import_unit_date(im, row, U_TO, &u->valid_to) && dates;
	if (dates && !unit_span_valid(u->valid_from, u->valid_to)) {
		table_report(im->table, row, "valid_to",
		             "valid_to is the first day the unit no longer exists: it must come "
		             "after valid_from");
		dates = false;
	}
	ok = ok && dates;
	int64_t first;
	if (ok && hmap_get(&im->index, v[U_CODE], &first)) {
		table_report(im->table, row, "code", "unit %s appears again (first on line %u)",
		             v[U_CODE], im->rows[first].line);
		ok = false;
	}
	if (!ok)
		return false;
	u->code = mem_strdup(v[U_CODE]);
	u->name = mem_strdup(v[U_NAME]);
	u->parent_code = v[U_PARENT][0] ? mem_strdup(v[U_PARENT]) : NULL;
	return true;
}

/* The kind, parent and validity of code as it will be after the import: the file wins over the
 * database. 1 found, 0 not, -1 store failure. from and to may be NULL. */
static int import_unit_lookup(struct import_units *im, const char *code, enum unit_kind *kind,
                              char **parent, struct date *from, struct date *to)
{
	int64_t i;
	if (hmap_get(&im->index, code, &i)) {
		const struct import_unit_row *r = &im->rows[i];
		/* a known unit keeps its recorded validity: an import does not change it */
		const struct unit *span = r->found == 1 ? &r->old : &r->unit;
		*kind = r->unit.kind;
		*parent = mem_strdup(r->unit.parent_code);
		if (from)
			*from = span->valid_from;
		if (to)
			*to = span->valid_to;
		return 1;
	}
	struct unit u = {0};
	int rc = store_unit_get(im->app->store, code, &u);
	if (rc == 1) {
		*kind = u.kind;
		*parent = u.parent_code;
		u.parent_code = NULL;
		if (from)
			*from = u.valid_from;
		if (to)
			*to = u.valid_to;
	}
	unit_clear(&u);
	return rc;
}

/* Checks each row's parent: it exists, its kind fits, a new unit lies within its validity, and
 * the chain does not loop. */
static int import_units_check_parents(struct import_units *im, struct diag *d)
{
	for (size_t i = 0; i < im->n_rows; i++) {
		const struct unit *u = &im->rows[i].unit;
		unsigned line = im->rows[i].line;
		if (!u->parent_code)
			continue;
		enum unit_kind pkind = UNIT_AGENCY;
		char *up = NULL;
		struct date pfrom = {0, 0, 0}, pto = {0, 0, 0};
		int rc = import_unit_lookup(im, u->parent_code, &pkind, &up, &pfrom, &pto);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			diag_add(d, table_label(im->table), line, "parent_code",
			         "unknown unit \"%s\"", u->parent_code);
			continue;
		}
		if (!unit_parent_allowed(u->kind, pkind)) {
			diag_add(d, table_label(im->table), line, "parent_code",
			         "a %s cannot be under a %s (%s)", unit_kind_code(u->kind),
			         unit_kind_code(pkind), u->parent_code);
			free(up);
			continue;
		}
		if (im->rows[i].found == 0 &&
		    !unit_span_within(u->valid_from, u->valid_to, pfrom, pto)) {
			struct buf span, pspan;
			buf_init(&span, 0);
			buf_init(&pspan, 0);
			unit_span_format(&span, u->valid_from, u->valid_to);
			unit_span_format(&pspan, pfrom, pto);
			diag_add(d, table_label(im->table), line, "parent_code",
			         "unit %s (valid %s) must lie within the validity of its parent %s "
			         "(%s)",
			         u->code, buf_cstr(&span), u->parent_code, buf_cstr(&pspan));
			buf_finish(&span);
			buf_finish(&pspan);
		}
		/* walk up from the parent: meeting u again means a loop */
		for (int depth = 0; up && depth < 64; depth++) {
			if (strcmp(up, u->code) == 0) {
				diag_add(d, table_label(im->table), line, "parent_code",
				         "the parent chain of %s loops back to it", u->code);
				break;
			}
			char *next = NULL;
			enum unit_kind k;
			rc = import_unit_lookup(im, up, &k, &next, NULL, NULL);
			free(up);
			up = rc == 1 ? next : NULL;
			if (rc < 0)
				return -1;
		}
		free(up);
	}
	return 0;
}

/* The parent links of a known unit, as far as a row needs them. */
struct import_unit_links {
	size_t count;
	struct unit_link first; /* the oldest link */
};

static int import_unit_link_each(void *ctx, const struct unit_link *l)
{
	struct import_unit_links *k = ctx;
	if (k->count++ == 0) {
		k->first = *l;
		k->first.code = mem_strdup(l->code);
		k->first.parent_code = mem_strdup(l->parent_code);
	}
	return 0;
}

static bool import_unit_same_date(struct date a, struct date b)
{
	return date_compare(a, b) == 0;
}

/* Compares a row with its unit in the database: what changes, and whether the recorded history
 * allows it (problems reported). 0, or -1 on a store failure. */
static int import_unit_check_known(struct import_units *im, struct import_unit_row *r,
                                   struct diag *d)
{
	const char *label = table_label(im->table);
	const struct unit *u = &r->unit, *old = &r->old;
	struct import_unit_links links = {0};
	r->changed = strcmp(u->name, old->name) != 0 || u->kind != old->kind;
	if (date_is_set(u->valid_from) && !import_unit_same_date(u->valid_from, old->valid_from))
		diag_add(
		    d, label, r->line, "valid_from",
		    "unit %s is recorded with another valid_from: the validity of a known unit "
		    "changes only by `dxtrack unit merge` or `dissolve`",
		    u->code);
	if (date_is_set(u->valid_to) && !import_unit_same_date(u->valid_to, old->valid_to))
		diag_add(d, label, r->line, "valid_to",
		         "unit %s is recorded with another valid_to: the validity of a known unit "
		         "changes only by `dxtrack unit merge` or `dissolve`",
		         u->code);
	if (store_unit_links_each(im->app->store, u->code, import_unit_link_each, &links) < 0)
		return -1;
	const struct unit_link *first = &links.first;
	if (links.count == 0) {
		r->parent = u->parent_code ? PARENT_ADD : PARENT_SAME;
	} else if (!u->parent_code) {
		diag_add(d, label, r->line, "parent_code",
		         "unit %s has a parent (%s): a parent is never removed", u->code,
		         first->parent_code);
	} else if (strcmp(u->parent_code, first->parent_code) == 0) {
		r->parent = PARENT_SAME;
	} else if (links.count == 1 && !date_is_set(first->valid_from) &&
	           !date_is_set(first->valid_to)) {
		r->parent = PARENT_CORRECT; /* never moved: the import corrects it, as before */
	} else {
		diag_add(d, label, r->line, "parent_code",
		         "unit %s begins under %s and its parent has a dated history: record a "
		         "change with `dxtrack unit move`",
		         u->code, first->parent_code);
	}
	unit_link_clear(&links.first);
	return 0;
}

/* Writes one row: a new unit with its first link, or the changes to a known one. */
static int import_unit_write(struct store *s, const struct import_unit_row *r)
{
	const struct unit *u = &r->unit;
	if (r->found == 0) {
		struct unit_link l = {.code = u->code,
		                      .parent_code = u->parent_code,
		                      .valid_from = u->valid_from,
		                      .valid_to = u->valid_to};
		if (store_unit_put(s, u) < 0)
			return -1;
		return u->parent_code ? store_unit_link_add(s, &l) : 0;
	}
	if (r->changed) {
		/* name and kind change; today's parent and the validity stay as recorded */
		struct unit put = *u;
		put.parent_code = r->old.parent_code;
		put.valid_from = r->old.valid_from;
		put.valid_to = r->old.valid_to;
		if (store_unit_put(s, &put) < 0)
			return -1;
	}
	if (r->parent == PARENT_CORRECT)
		return store_unit_link_correct(s, u->code, u->parent_code);
	if (r->parent == PARENT_ADD) {
		struct unit_link l = {.code = u->code,
		                      .parent_code = u->parent_code,
		                      .valid_from = r->old.valid_from,
		                      .valid_to = r->old.valid_to};
		return store_unit_link_add(s, &l);
	}
	return 0;
}

static void import_units_free(struct import_units *im)
{
	for (size_t i = 0; i < im->n_rows; i++) {
		unit_clear(&im->rows[i].unit);
		unit_clear(&im->rows[i].old);
	}
	free(im->rows);
	hmap_finish(&im->index);
	table_close(im->table);
}

enum app_status app_import_units(struct app *a, const char *label, const char *data, size_t len,
                                 struct diag *d, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	/* the tree decides what every editor may change: only an administrator sets it */
	enum app_status status = app_require_admin(a, d, "import units");
	if (status != APP_OK)
		return status;
	struct import_units im = {.app = a};
	status = APP_BAD_INPUT;
	size_t problems = diag_total(d);
	hmap_init(&im.index);
	im.table = table_open(label, data, len, import_unit_columns, U_COLUMNS, d);
	if (!im.table)
		goto out;
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	struct table_row row;
	int rc;
	while ((rc = table_next(im.table, &row)) > 0) {
		r->rows++;
		struct unit u = {0};
		if (!row.ok || !import_unit_parse(&im, &row, &u))
			continue;
		if (im.n_rows == im.cap_rows) {
			im.cap_rows = im.cap_rows ? im.cap_rows * 2 : 256;
			im.rows = mem_realloc(im.rows, im.cap_rows * sizeof *im.rows);
		}
		hmap_put(&im.index, u.code, (int64_t)im.n_rows);
		im.rows[im.n_rows++] = (struct import_unit_row){.line = row.line, .unit = u};
	}
	if (rc < 0)
		goto rollback;
	for (size_t i = 0; i < im.n_rows; i++) {
		struct import_unit_row *ir = &im.rows[i];
		ir->found = store_unit_get(a->store, ir->unit.code, &ir->old);
		if (ir->found < 0 || (ir->found == 1 && import_unit_check_known(&im, ir, d) < 0)) {
			status = app_fail(a);
			goto out;
		}
	}
	if (import_units_check_parents(&im, d) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (diag_total(d) > problems)
		goto rollback;
	for (size_t i = 0; i < im.n_rows; i++) {
		const struct import_unit_row *ir = &im.rows[i];
		bool same = ir->found == 1 && !ir->changed && ir->parent == PARENT_SAME;
		if (!same && import_unit_write(a->store, ir) < 0) {
			status = app_fail(a);
			goto out;
		}
		r->inserted += ir->found == 0;
		r->updated += ir->found == 1 && !same;
		r->unchanged += same;
	}
	status = app_import_finish(a, "import.units", label, r);
	goto out;
rollback:
	store_rollback(a->store);
	status = APP_BAD_INPUT;
out:
	import_units_free(&im);
	return status;
}
