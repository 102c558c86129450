/* units.c — units over time (app.h): the tree of any day, and the events that change it —
 * merge, dissolve, move — one by one from the command line or as a file of events.
 *
 * Every event is checked whole before anything is written, against the tree of its day; then it
 * closes spans and opens new ones (store_unit_end, store_unit_reparent), so the tree of every
 * earlier day stays as it was. Events are recorded in date order: a unit that has something
 * recorded after the event's day (store_unit_changed_after) is not touched. Tasks are not
 * touched either: their investor code stays that of the unit that carried them out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/table.h"
#include "../lib/mem.h"
#include "../text/utf8.h"
#include "app_impl.h"

/* One event being checked and applied, and where its problems are reported. */
struct units_op {
	struct app *a;
	struct diag *d;
	const char *file; /* the events file, or NULL for the command line */
	unsigned line;
	struct date on;
	char on_iso[16];
};

static void units_op_init(struct units_op *op, struct app *a, struct diag *d, struct date on)
{
	memset(op, 0, sizeof *op);
	op->a = a;
	op->d = d;
	op->on = on;
	snprintf(op->on_iso, sizeof op->on_iso, "%04d-%02d-%02d", on.year, on.month, on.day);
}

/* Reports a problem about unit `code` (NULL: a code that cannot be shown): "unit X: message" on
 * the command line, "FILE:LINE: column: unit X: message" from a file. */
static void units_problem(struct units_op *op, const char *column, const char *code,
                          const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void units_problem(struct units_op *op, const char *column, const char *code,
                          const char *fmt, ...)
{
	struct buf msg;
	buf_init(&msg, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (op->file && code)
		diag_add(op->d, op->file, op->line, column, "unit %s: %s", code, buf_cstr(&msg));
	else if (op->file)
		diag_add(op->d, op->file, op->line, column, "%s", buf_cstr(&msg));
	else if (code)
		diag_add(op->d, NULL, 0, NULL, "unit %s: %s", code, buf_cstr(&msg));
	else
		diag_add(op->d, NULL, 0, column, "%s", buf_cstr(&msg));
	buf_finish(&msg);
}

/* 1 when nothing about code is recorded after the event's day; 0 (reported) when something
 * is; -1 on a store failure. */
static int units_in_order(struct units_op *op, const char *column, const char *code)
{
	struct date first;
	int rc = store_unit_changed_after(op->a->store, code, op->on_iso, &first);
	if (rc == 1) {
		struct buf day;
		buf_init(&day, 0);
		date_format_iso(&day, first);
		units_problem(op, column, code,
		              "it changes on %s, after %s: record events in date order",
		              buf_cstr(&day), op->on_iso);
		buf_finish(&day);
		return 0;
	}
	return rc < 0 ? -1 : 1;
}

/* Reads a unit an event acts on into *u: it exists, is valid on the day, and has nothing
 * recorded after it. 1 ok, 0 a problem (reported), -1 a store failure. */
static int units_get_valid(struct units_op *op, const char *column, const char *code,
                           struct unit *u)
{
	if (!unit_code_valid(code, UNIT_CODE_MAX)) {
		units_problem(op, column, NULL,
		              "a unit code is 1 to %d letters, digits, '.', '_' or '-'",
		              UNIT_CODE_MAX);
		return 0;
	}
	int rc = store_unit_get(op->a->store, code, u);
	if (rc <= 0) {
		if (rc == 0)
			units_problem(op, column, code, "no such unit");
		return rc;
	}
	if (!unit_valid_on(u, op->on)) {
		struct buf span;
		buf_init(&span, 0);
		unit_span_format(&span, u->valid_from, u->valid_to);
		units_problem(op, column, code, "does not exist on %s (it is valid %s)", op->on_iso,
		              buf_cstr(&span));
		buf_finish(&span);
		return 0;
	}
	return units_in_order(op, column, code);
}

/* A unit that ends on the day must have begun before it. */
static bool units_may_end(struct units_op *op, const char *column, const struct unit *u)
{
	if (u->kind == UNIT_NATION) {
		units_problem(op, column, u->code, "a nation is never merged or dissolved");
		return false;
	}
	if (date_compare(u->valid_from, op->on) == 0) {
		units_problem(op, column, u->code, "it begins on %s: it cannot also end that day",
		              op->on_iso);
		return false;
	}
	return true;
}

/* Checks the children of `code` on the day, which pass to `heir` (of kind heir_kind): each may
 * hang under it and has nothing recorded later. Adds them to *moving unless they are in `skip`
 * (units ending in the same event). 0, or -1 on a store failure. */
static int units_children_pass(struct units_op *op, const char *column, const char *code,
                               const char *heir, enum unit_kind heir_kind, const char *const *skip,
                               size_t n_skip, struct unit_list *moving)
{
	struct unit_list children = {0};
	int rc = store_unit_children_at(op->a->store, code, op->on_iso, unit_list_add, &children);
	for (size_t i = 0; rc == 0 && i < children.count; i++) {
		const struct unit *c = &children.items[i];
		bool skipped = false;
		for (size_t j = 0; j < n_skip; j++)
			skipped = skipped || strcmp(skip[j], c->code) == 0;
		if (skipped)
			continue;
		if (!unit_parent_allowed(c->kind, heir_kind)) {
			units_problem(op, column, code,
			              "its child %s, a %s, cannot pass to %s, a %s", c->code,
			              unit_kind_code(c->kind), heir, unit_kind_code(heir_kind));
			continue;
		}
		int ok = units_in_order(op, column, c->code);
		if (ok < 0)
			rc = -1;
		else if (ok == 1)
			unit_list_add(moving, c);
	}
	unit_list_finish(&children);
	return rc;
}

static json_t *units_codes_json(const struct unit_list *l)
{
	json_t *codes = json_array();
	for (size_t i = 0; i < l->count; i++)
		json_array_append_new(codes, json_string(l->items[i].code));
	return codes;
}

/* Checks a new unit's name and returns its NFC form (malloc'd), or NULL (reported). */
static char *units_new_name(struct units_op *op, const char *code, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	char *nfc = n ? utf8_nfc(name, n) : NULL;
	if (!nfc || !nfc[0] || utf8_length(nfc, strlen(nfc)) > UNIT_NAME_MAX) {
		units_problem(op, op->file ? "name" : NULL, code,
		              "a new unit needs a name of 1 to %d characters of UTF-8",
		              UNIT_NAME_MAX);
		free(nfc);
		return NULL;
	}
	return nfc;
}

/* The merge, checked then written; *detail receives its audit detail. 0 (problems, if any, in
 * op->d: then nothing was written), or -1 on a store failure. */
static int units_merge(struct units_op *op, const char *const *sources, size_t n, const char *into,
                       const struct app_unit_new *create, json_t **detail)
{
	struct store *s = op->a->store;
	size_t problems = diag_total(op->d);
	struct unit target = {0}, parent = {0}, src = {0};
	struct unit_list moving = {0};
	char *name = NULL;
	enum unit_kind kind = UNIT_AGENCY;
	int rc = -1, found = 0;
	int heir = 0; /* 1 when into may receive the sources' children: valid, or to be created */
	*detail = NULL;
	if (!unit_code_valid(into, UNIT_CODE_MAX)) {
		units_problem(op, "into", NULL,
		              "a unit code is 1 to %d letters, digits, '.', '_' or '-'",
		              UNIT_CODE_MAX);
	} else if ((found = store_unit_get(s, into, &target)) < 0) {
		goto out;
	} else if (create && found == 1) {
		units_problem(
		    op, "into", into,
		    "it exists already: a name, kind and parent are given only to create it");
	} else if (create) {
		kind = create->kind;
		name = units_new_name(op, into, create->name);
		heir = create->parent ? units_get_valid(op, "parent", create->parent, &parent) : 0;
		if (heir < 0)
			goto out;
		if (!create->parent) {
			units_problem(op, "parent", into, "a new unit needs a parent");
		} else if (heir == 1 && !unit_parent_allowed(kind, parent.kind)) {
			units_problem(op, "parent", into, "a %s cannot be under a %s (%s)",
			              unit_kind_code(kind), unit_kind_code(parent.kind),
			              parent.code);
			heir = 0;
		}
	} else if (found == 0) {
		units_problem(op, "into", into,
		              "no such unit: to create it, give its name, kind and parent");
	} else {
		kind = target.kind;
		unit_clear(&target);
		heir = units_get_valid(op, "into", into, &target);
		if (heir < 0)
			goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *code = sources[i];
		bool twice = false;
		for (size_t j = 0; j < i; j++)
			twice = twice || strcmp(sources[j], code) == 0;
		if (twice) {
			units_problem(op, "unit", code, "it is named twice");
			continue;
		}
		if (strcmp(code, into) == 0) {
			units_problem(op, "unit", code, "a unit cannot merge into itself");
			continue;
		}
		unit_clear(&src);
		int ok = units_get_valid(op, "unit", code, &src);
		if (ok < 0)
			goto out;
		if (ok == 0 || !units_may_end(op, "unit", &src))
			continue;
		if (heir != 1)
			continue;
		/* into, or the parent a new into will have, must not lie below a source */
		const char *below = create ? create->parent : into;
		ok = store_unit_within_at(s, below, code, op->on_iso);
		if (ok < 0)
			goto out;
		if (ok == 1) {
			units_problem(op, "into", code,
			              "it cannot merge into %s%s, which lies below it on %s",
			              create ? "a new unit under " : "", below, op->on_iso);
			continue;
		}
		if (units_children_pass(op, "unit", code, into, kind, sources, n, &moving) < 0)
			goto out;
	}
	rc = 0;
	if (diag_total(op->d) > problems)
		goto out;

	/* checked: now written */
	rc = -1;
	if (create) {
		struct unit nu = {.code = (char *)into,
		                  .name = name,
		                  .kind = kind,
		                  .parent_code = (char *)create->parent,
		                  .valid_from = op->on};
		struct unit_link l = {.code = (char *)into,
		                      .parent_code = (char *)create->parent,
		                      .valid_from = op->on};
		if (store_unit_put(s, &nu) < 0 || store_unit_link_add(s, &l) < 0)
			goto out;
	}
	for (size_t i = 0; i < moving.count; i++)
		if (store_unit_reparent(s, moving.items[i].code, into, op->on_iso) < 0)
			goto out;
	json_t *codes = json_array();
	for (size_t i = 0; i < n; i++) {
		struct unit_succession e = {.code = (char *)sources[i],
		                            .successor_code = (char *)into,
		                            .on = op->on,
		                            .event = UNIT_EVENT_MERGE};
		json_array_append_new(codes, json_string(sources[i]));
		if (store_unit_end(s, sources[i], op->on_iso) < 0 ||
		    store_unit_succession_add(s, &e) < 0) {
			json_decref(codes);
			goto out;
		}
	}
	*detail = json_pack("{s:s,s:o,s:s,s:o}", "into", into, "sources", codes, "on", op->on_iso,
	                    "children", units_codes_json(&moving));
	if (create)
		json_object_set_new(*detail, "created",
		                    json_pack("{s:s,s:s,s:s}", "name", name, "kind",
		                              unit_kind_code(kind), "parent", create->parent));
	rc = 0;
out:
	free(name);
	unit_clear(&target);
	unit_clear(&parent);
	unit_clear(&src);
	unit_list_finish(&moving);
	return rc;
}

/* The dissolution, checked then written (as units_merge). */
static int units_dissolve(struct units_op *op, const char *code, json_t **detail)
{
	struct store *s = op->a->store;
	size_t problems = diag_total(op->d);
	struct unit u = {0}, parent = {0};
	struct unit_list moving = {0};
	char *parent_code = NULL;
	int rc = -1;
	*detail = NULL;
	int ok = units_get_valid(op, "unit", code, &u);
	if (ok < 0)
		goto out;
	if (ok == 1 && units_may_end(op, "unit", &u)) {
		ok = store_unit_parent_at(s, code, op->on_iso, &parent_code);
		if (ok < 0)
			goto out;
		if (ok == 0)
			units_problem(op, "unit", code,
			              "it has no parent on %s to pass its children to", op->on_iso);
		else
			ok = units_get_valid(op, "unit", parent_code, &parent);
		if (ok < 0)
			goto out;
		if (ok == 1 && units_children_pass(op, "unit", code, parent_code, parent.kind, NULL,
		                                   0, &moving) < 0)
			goto out;
	}
	rc = 0;
	if (diag_total(op->d) > problems)
		goto out;

	rc = -1;
	for (size_t i = 0; i < moving.count; i++)
		if (store_unit_reparent(s, moving.items[i].code, parent_code, op->on_iso) < 0)
			goto out;
	struct unit_succession e = {.code = (char *)code,
	                            .successor_code = parent_code,
	                            .on = op->on,
	                            .event = UNIT_EVENT_DISSOLVE};
	if (store_unit_end(s, code, op->on_iso) < 0 || store_unit_succession_add(s, &e) < 0)
		goto out;
	*detail = json_pack("{s:s,s:s,s:s,s:o}", "unit", code, "on", op->on_iso, "parent",
	                    parent_code, "children", units_codes_json(&moving));
	rc = 0;
out:
	free(parent_code);
	unit_clear(&u);
	unit_clear(&parent);
	unit_list_finish(&moving);
	return rc;
}

/* The move, checked then written (as units_merge). */
static int units_move(struct units_op *op, const char *code, const char *to, json_t **detail)
{
	struct store *s = op->a->store;
	size_t problems = diag_total(op->d);
	struct unit u = {0}, parent = {0};
	char *from = NULL;
	int rc = -1;
	*detail = NULL;
	int ok = units_get_valid(op, "unit", code, &u);
	if (ok < 0)
		goto out;
	if (ok == 1 && strcmp(code, to) == 0) {
		units_problem(op, "parent", code, "a unit cannot be its own parent");
		ok = 0;
	}
	int pok = ok == 1 ? units_get_valid(op, "parent", to, &parent) : 0;
	if (pok < 0)
		goto out;
	if (ok == 1 && pok == 1) {
		ok = store_unit_parent_at(s, code, op->on_iso, &from);
		int loop = ok == 1 ? store_unit_within_at(s, to, code, op->on_iso) : 0;
		if (ok < 0 || loop < 0)
			goto out;
		if (ok == 0)
			units_problem(op, "unit", code,
			              "it has no parent on %s: a nation is never moved",
			              op->on_iso);
		else if (strcmp(from, to) == 0)
			units_problem(op, "parent", code, "it is under %s already on %s", to,
			              op->on_iso);
		else if (loop == 1)
			units_problem(op, "parent", code,
			              "it cannot move under %s, which lies below it on %s", to,
			              op->on_iso);
		else if (!unit_parent_allowed(u.kind, parent.kind))
			units_problem(op, "parent", code, "a %s cannot be under a %s (%s)",
			              unit_kind_code(u.kind), unit_kind_code(parent.kind), to);
	}
	rc = 0;
	if (diag_total(op->d) > problems)
		goto out;

	rc = -1;
	if (store_unit_reparent(s, code, to, op->on_iso) < 0)
		goto out;
	*detail =
	    json_pack("{s:s,s:s,s:s,s:s}", "unit", code, "on", op->on_iso, "from", from, "to", to);
	rc = 0;
out:
	free(from);
	unit_clear(&u);
	unit_clear(&parent);
	return rc;
}

/* Begins a command-line event: an administrator, a day, one transaction. */
static enum app_status units_begin(struct app *a, struct units_op *op, struct date on,
                                   struct diag *d, const char *what)
{
	enum app_status status = app_require_admin(a, d, what);
	if (status != APP_OK)
		return status;
	if (!date_is_set(on)) {
		diag_add(d, NULL, 0, "on", "the day of the event is needed");
		return APP_BAD_INPUT;
	}
	units_op_init(op, a, d, on);
	return store_begin(a->store) < 0 ? APP_FAILED : APP_OK;
}

/* Ends a command-line event: commits it with its audit row, or rolls back on a problem. */
static enum app_status units_end(struct units_op *op, int rc, size_t problems, const char *action,
                                 const char *code, json_t *detail)
{
	char object[16 + UNIT_CODE_MAX];
	if (rc < 0) {
		json_decref(detail);
		return app_fail(op->a);
	}
	if (diag_total(op->d) > problems) {
		json_decref(detail);
		store_rollback(op->a->store);
		return APP_BAD_INPUT;
	}
	snprintf(object, sizeof object, "unit %s", code);
	return app_commit(op->a, 0, action, object, detail);
}

enum app_status app_unit_merge(struct app *a, const char *const *sources, size_t n_sources,
                               const char *into, struct date on, const struct app_unit_new *create,
                               struct diag *d)
{
	struct units_op op;
	size_t problems = diag_total(d);
	if (n_sources == 0) {
		diag_add(d, NULL, 0, NULL, "name at least one unit to merge");
		return APP_BAD_INPUT;
	}
	enum app_status status = units_begin(a, &op, on, d, "merge units");
	if (status != APP_OK)
		return status;
	json_t *detail = NULL;
	int rc = units_merge(&op, sources, n_sources, into, create, &detail);
	/* the audit row names the unit that remains */
	return units_end(&op, rc, problems, "unit.merge",
	                 unit_code_valid(into, UNIT_CODE_MAX) ? into : "?", detail);
}

enum app_status app_unit_dissolve(struct app *a, const char *code, struct date on, struct diag *d)
{
	struct units_op op;
	size_t problems = diag_total(d);
	enum app_status status = units_begin(a, &op, on, d, "dissolve units");
	if (status != APP_OK)
		return status;
	json_t *detail = NULL;
	int rc = units_dissolve(&op, code, &detail);
	return units_end(&op, rc, problems, "unit.dissolve", code, detail);
}

enum app_status app_unit_move(struct app *a, const char *code, const char *parent, struct date on,
                              struct diag *d)
{
	struct units_op op;
	size_t problems = diag_total(d);
	enum app_status status = units_begin(a, &op, on, d, "move units");
	if (status != APP_OK)
		return status;
	json_t *detail = NULL;
	int rc = units_move(&op, code, parent, &detail);
	return units_end(&op, rc, problems, "unit.move", code, detail);
}

/* ---- a file of events ---- */

enum { E_EVENT, E_UNIT, E_INTO, E_ON, E_NAME, E_KIND, E_PARENT, E_COLUMNS };

static const struct table_column units_event_columns[E_COLUMNS] = {
    [E_EVENT] = {"event", true},    [E_UNIT] = {"unit", true},  [E_INTO] = {"into", false},
    [E_ON] = {"on", true},          [E_NAME] = {"name", false}, [E_KIND] = {"kind", false},
    [E_PARENT] = {"parent", false},
};

/* One parsed row of the file; strings owned. */
struct units_event {
	unsigned line;
	enum unit_event event;
	struct date on;
	char *unit;
	char *into;
	char *name; /* NULL when empty */
	bool has_kind;
	enum unit_kind kind;
	char *parent;
};

static char *units_field(const char *v)
{
	return v[0] ? mem_strdup(v) : NULL;
}

/* Parses one row; false (reported) when it breaks a rule of the file's shape. */
static bool units_event_parse(struct table_reader *t, const struct table_row *row,
                              struct units_event *e)
{
	const char *const *v = row->values;
	const char *why;
	bool ok = true;
	if (unit_event_parse(v[E_EVENT], &e->event) < 0 || e->event == UNIT_EVENT_SPLIT) {
		table_report(t, row, "event", "unknown event \"%s\": use merge, dissolve or move",
		             v[E_EVENT]);
		return false;
	}
	if (!unit_code_valid(v[E_UNIT], UNIT_CODE_MAX)) {
		table_report(t, row, "unit",
		             "a unit code is 1 to %d letters, digits, '.', '_' or '-'",
		             UNIT_CODE_MAX);
		ok = false;
	}
	if (date_parse(v[E_ON], strlen(v[E_ON]), &e->on, &why) < 0) {
		table_report(t, row, "on", "%s", why);
		ok = false;
	}
	if (v[E_KIND][0] && unit_kind_parse(v[E_KIND], &e->kind) < 0) {
		table_report(
		    t, row, "kind",
		    "unknown kind \"%s\": use nation, province, district, commune or agency",
		    v[E_KIND]);
		ok = false;
	}
	e->has_kind = v[E_KIND][0] != '\0';
	/* each event uses its own columns; another one filled is a mistake worth a word */
	bool into = v[E_INTO][0], name = v[E_NAME][0], parent = v[E_PARENT][0];
	switch (e->event) {
	case UNIT_EVENT_MERGE:
		if (!into) {
			table_report(t, row, "into", "a merge needs the unit it merges into");
			ok = false;
		}
		if ((name || e->has_kind || parent) && !(name && e->has_kind && parent)) {
			table_report(
			    t, row, name ? (e->has_kind ? "parent" : "kind") : "name",
			    "to create the unit merged into, give its name, kind and parent");
			ok = false;
		}
		break;
	case UNIT_EVENT_DISSOLVE:
		if (into || name || e->has_kind || parent) {
			table_report(
			    t, row,
			    into          ? "into"
			    : name        ? "name"
			    : e->has_kind ? "kind"
			                  : "parent",
			    "a dissolution names only the unit and the day: its children pass "
			    "to its parent");
			ok = false;
		}
		break;
	default:
		if (!parent) {
			table_report(t, row, "parent", "a move needs the new parent");
			ok = false;
		}
		if (into || name || e->has_kind) {
			table_report(t, row,
			             into   ? "into"
			             : name ? "name"
			                    : "kind",
			             "a move names only the unit, the day and the new parent");
			ok = false;
		}
		break;
	}
	if (!ok)
		return false;
	e->line = row->line;
	e->unit = mem_strdup(v[E_UNIT]);
	e->into = units_field(v[E_INTO]);
	e->name = units_field(v[E_NAME]);
	e->parent = units_field(v[E_PARENT]);
	return true;
}

static void units_event_clear(struct units_event *e)
{
	free(e->unit);
	free(e->into);
	free(e->name);
	free(e->parent);
	memset(e, 0, sizeof *e);
}

/* Applies one event of the file (inside the file's transaction) with its audit row. 0, or -1 on
 * a store failure; problems are in op->d. */
static int units_apply_event(struct units_op *op, const char *label, const struct units_event *e,
                             struct app_units_applied *r)
{
	size_t problems = diag_total(op->d);
	json_t *detail = NULL;
	const char *action, *object_code = e->unit;
	int rc;
	if (e->event == UNIT_EVENT_MERGE) {
		/* into is created only when it does not exist yet */
		struct unit known = {0};
		struct app_unit_new create = {e->name, e->kind, e->parent};
		int found = unit_code_valid(e->into, UNIT_CODE_MAX)
		                ? store_unit_get(op->a->store, e->into, &known)
		                : 0;
		if (found < 0)
			return -1;
		if (found == 1 && e->has_kind && known.kind != e->kind)
			units_problem(op, "kind", e->into, "it exists, and is a %s, not a %s",
			              unit_kind_code(known.kind), unit_kind_code(e->kind));
		unit_clear(&known);
		const char *const sources[1] = {e->unit};
		rc = units_merge(op, sources, 1, e->into, found == 0 && e->name ? &create : NULL,
		                 &detail);
		action = "unit.merge";
		object_code = e->into;
		if (rc == 0 && detail) {
			r->merged++;
			r->created += found == 0;
		}
	} else if (e->event == UNIT_EVENT_DISSOLVE) {
		rc = units_dissolve(op, e->unit, &detail);
		action = "unit.dissolve";
		r->dissolved += rc == 0 && detail;
	} else {
		rc = units_move(op, e->unit, e->parent, &detail);
		action = "unit.move";
		r->moved += rc == 0 && detail;
	}
	if (rc < 0 || diag_total(op->d) > problems || !detail) {
		json_decref(detail);
		return rc;
	}
	char object[16 + UNIT_CODE_MAX];
	snprintf(object, sizeof object, "unit %s", object_code);
	json_object_set_new(detail, "file", json_string(label));
	json_object_set_new(detail, "line", json_integer(e->line));
	rc = app_audit(op->a, action, object, detail);
	json_decref(detail);
	return rc;
}

enum app_status app_unit_apply(struct app *a, const char *label, const char *data, size_t len,
                               struct diag *d, struct app_units_applied *r)
{
	memset(r, 0, sizeof *r);
	enum app_status status = app_require_admin(a, d, "apply unit events");
	if (status != APP_OK)
		return status;
	struct units_event *events = NULL;
	size_t n = 0, cap = 0;
	size_t problems = diag_total(d);
	status = APP_BAD_INPUT;
	struct table_reader *t = table_open(label, data, len, units_event_columns, E_COLUMNS, d);
	if (!t)
		goto out;
	struct table_row row;
	int rc;
	while ((rc = table_next(t, &row)) > 0) {
		r->events++;
		struct units_event e = {0};
		if (!row.ok || !units_event_parse(t, &row, &e))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			events = mem_realloc(events, cap * sizeof *events);
		}
		events[n++] = e;
	}
	if (rc < 0 || diag_total(d) > problems)
		goto out;
	if (store_begin(a->store) < 0) {
		status = APP_FAILED;
		goto out;
	}
	/* in file order: each event sees the tree the earlier ones made */
	for (size_t i = 0; i < n; i++) {
		struct units_op op;
		units_op_init(&op, a, d, events[i].on);
		op.file = table_label(t);
		op.line = events[i].line;
		if (units_apply_event(&op, table_label(t), &events[i], r) < 0) {
			status = app_fail(a);
			goto out;
		}
	}
	if (diag_total(d) > problems) {
		store_rollback(a->store);
		goto out;
	}
	json_t *detail =
	    json_pack("{s:I,s:I,s:I,s:I,s:I}", "events", (json_int_t)r->events, "merged",
	              (json_int_t)r->merged, "dissolved", (json_int_t)r->dissolved, "moved",
	              (json_int_t)r->moved, "created", (json_int_t)r->created);
	status = app_commit(a, 0, "unit.apply", label, detail);
out:
	for (size_t i = 0; i < n; i++)
		units_event_clear(&events[i]);
	free(events);
	table_close(t);
	return status;
}

/* ---- reads ---- */

enum app_status app_units_at(struct app *a, struct date on,
                             int (*each)(void *ctx, const struct unit *u), void *ctx)
{
	char iso[16];
	if (!date_is_set(on))
		on = a->today;
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", on.year, on.month, on.day);
	return store_units_at(a->store, iso, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

enum app_status app_unit_links(struct app *a, const char *code,
                               int (*each)(void *ctx, const struct unit_link *l), void *ctx)
{
	return store_unit_links_each(a->store, code, each, ctx) < 0 ? APP_FAILED : APP_OK;
}

enum app_status app_unit_successions(struct app *a, const char *code,
                                     int (*each)(void *ctx, const struct unit_succession *e),
                                     void *ctx)
{
	return store_unit_successions_each(a->store, code, each, ctx) < 0 ? APP_FAILED : APP_OK;
}
