/* import_units.c — `dxtrack import units`: the organisation-unit tree from CSV, all or nothing.
 * Administrators only: the tree decides which tasks each editor may change. */
#include <stdlib.h>
#include <string.h>

#include "../io/table.h"
#include "../lib/hmap.h"
#include "../lib/mem.h"
#include "../text/utf8.h"
#include "app_impl.h"

enum { U_CODE, U_NAME, U_KIND, U_PARENT, U_COLUMNS };

static const struct table_column import_unit_columns[U_COLUMNS] = {
    [U_CODE] = {"code", true},
    [U_NAME] = {"name", true},
    [U_KIND] = {"kind", true},
    [U_PARENT] = {"parent_code", false},
};

struct import_unit_row {
	unsigned line;
	struct unit unit;
};

struct import_units {
	struct app *app;
	struct table_reader *table;
	struct import_unit_row *rows;
	size_t n_rows;
	size_t cap_rows;
	struct hmap index; /* code → row index */
};

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

/* The kind and parent of code as it will be after the import: the file wins over the database.
 * 1 found, 0 not, -1 store failure. */
static int import_unit_lookup(struct import_units *im, const char *code, enum unit_kind *kind,
                              char **parent)
{
	int64_t i;
	if (hmap_get(&im->index, code, &i)) {
		*kind = im->rows[i].unit.kind;
		*parent = mem_strdup(im->rows[i].unit.parent_code);
		return 1;
	}
	struct unit u = {0};
	int rc = store_unit_get(im->app->store, code, &u);
	if (rc == 1) {
		*kind = u.kind;
		*parent = u.parent_code;
		u.parent_code = NULL;
	}
	unit_clear(&u);
	return rc;
}

/* Checks each row's parent: it exists, its kind fits, and the chain does not loop. */
static int import_units_check_parents(struct import_units *im, struct diag *d)
{
	for (size_t i = 0; i < im->n_rows; i++) {
		const struct unit *u = &im->rows[i].unit;
		unsigned line = im->rows[i].line;
		if (!u->parent_code)
			continue;
		enum unit_kind pkind = UNIT_AGENCY;
		char *up = NULL;
		int rc = import_unit_lookup(im, u->parent_code, &pkind, &up);
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
		/* walk up from the parent: meeting u again means a loop */
		for (int depth = 0; up && depth < 64; depth++) {
			if (strcmp(up, u->code) == 0) {
				diag_add(d, table_label(im->table), line, "parent_code",
				         "the parent chain of %s loops back to it", u->code);
				break;
			}
			char *next = NULL;
			enum unit_kind k;
			rc = import_unit_lookup(im, up, &k, &next);
			free(up);
			up = rc == 1 ? next : NULL;
			if (rc < 0)
				return -1;
		}
		free(up);
	}
	return 0;
}

static bool import_unit_same(const struct unit *a, const struct unit *b)
{
	return strcmp(a->name, b->name) == 0 && a->kind == b->kind &&
	       strcmp(a->parent_code ? a->parent_code : "", b->parent_code ? b->parent_code : "") ==
	           0;
}

static void import_units_free(struct import_units *im)
{
	for (size_t i = 0; i < im->n_rows; i++)
		unit_clear(&im->rows[i].unit);
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
		im.rows[im.n_rows++] = (struct import_unit_row){row.line, u};
	}
	if (rc < 0)
		goto rollback;
	if (import_units_check_parents(&im, d) < 0) {
		status = app_fail(a);
		goto out;
	}
	if (diag_total(d) > problems)
		goto rollback;
	for (size_t i = 0; i < im.n_rows; i++) {
		struct unit old = {0};
		int found = store_unit_get(a->store, im.rows[i].unit.code, &old);
		bool same = found == 1 && import_unit_same(&old, &im.rows[i].unit);
		unit_clear(&old);
		if (found < 0 || (!same && store_unit_put(a->store, &im.rows[i].unit) < 0)) {
			status = app_fail(a);
			goto out;
		}
		r->inserted += found == 0;
		r->updated += found == 1 && !same;
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
