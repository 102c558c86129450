/* cmd_unit.c — `dxtrack unit merge|dissolve|move|show|apply` (units over time: events that change
 * the administrative tree from a day on, history kept) and `dxtrack units` (the tree of a day, as
 * an indented tree, CSV or JSON). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/csv.h"
#include "../io/task_io.h"
#include "../lib/hmap.h"
#include "../lib/mem.h"
#include "../text/utf8.h"
#include "../text/vnfmt.h"
#include "cli.h"

#define CMD_UNIT_FILE_LIMIT ((size_t)64 << 20) /* 64 MiB: the largest events file accepted */

static const char cmd_unit_help[] =
    "Usage: dxtrack [--db PATH] unit merge CODE... --into CODE --on DATE\n"
    "                               [--name NAME --kind KIND --parent CODE]\n"
    "       dxtrack [--db PATH] unit dissolve CODE --on DATE\n"
    "       dxtrack [--db PATH] unit move CODE --to PARENT --on DATE\n"
    "       dxtrack [--db PATH] unit apply FILE\n"
    "       dxtrack [--db PATH] unit show CODE\n"
    "\n"
    "Records a change of the administrative tree from a day on. History is kept: the tree of\n"
    "every earlier day stays as it was (see `dxtrack units --on DATE`), and tasks keep their\n"
    "investor code. Events are recorded in date order; each is checked whole against the tree\n"
    "of its day, and on any problem nothing is written (exit 3).\n"
    "\n"
    "  merge     the units end on DATE and their children of that day pass to the unit\n"
    "            --into, which must exist on DATE, or is created from DATE when --name,\n"
    "            --kind and --parent are given. A unit cannot merge into itself or into a\n"
    "            unit below it.\n"
    "  dissolve  the unit ends on DATE and its children pass to its parent.\n"
    "  move      the unit hangs under PARENT from DATE on (no loops; a commune may hang\n"
    "            under a district or, as from 2025, a province).\n"
    "  apply     applies a CSV file of events in order, all or nothing. Header:\n"
    "            event,unit,into,on,name,kind,parent — event is merge (into; name, kind and\n"
    "            parent create `into` when it does not exist yet), dissolve, or move (parent).\n"
    "  show      the unit, its validity, its parents over time and its successions.\n"
    "\n"
    "Options:\n"
    "  --on DATE       the first day of the new state: YYYY-MM-DD or DD/MM/YYYY\n"
    "  --into CODE     the unit merged into\n"
    "  --name NAME     the name of the unit --into, to create it\n"
    "  --kind KIND     its kind: nation, province, district, commune or agency\n"
    "  --parent CODE   its parent\n"
    "  --to CODE       the new parent of a moved unit\n"
    "  --as NAME       who records the change (default: the operating-system user)\n";

static const char cmd_units_help[] =
    "Usage: dxtrack [--db PATH] units [--on DATE] [--format tree|csv|json]\n"
    "\n"
    "The administrative units and agencies as they stood on DATE (default: today), each with\n"
    "its parent of that day.\n"
    "\n"
    "  --on DATE     YYYY-MM-DD or DD/MM/YYYY\n"
    "  --format F    tree (default: indented, with codes and kinds), csv (header\n"
    "                code,name,kind,parent_code,valid_from,valid_to: the columns of\n"
    "                `dxtrack import units`), or json (an array of objects with those\n"
    "                fields)\n";

enum cmd_unit_verb { VERB_MERGE, VERB_DISSOLVE, VERB_MOVE, VERB_APPLY, VERB_SHOW };

/* The span of a unit or link for people: "từ 01/07/2025", "đến hết 30/06/2025" (the day before
 * valid_to, which is the first day without it), or "không giới hạn". */
static void cmd_unit_span(struct buf *out, struct date from, struct date to)
{
	if (!date_is_set(from) && !date_is_set(to)) {
		buf_puts(out, "không giới hạn");
		return;
	}
	if (date_is_set(from)) {
		buf_puts(out, "từ ");
		vnfmt_date(out, from.year, from.month, from.day);
	}
	if (date_is_set(to)) {
		struct date last = date_from_days(date_to_days(to) - 1);
		buf_puts(out, date_is_set(from) ? " đến hết " : "đến hết ");
		vnfmt_date(out, last.year, last.month, last.day);
	}
}

/* "Label:        value", the labels padded by characters so the lines align. */
static void cmd_unit_line(struct buf *out, const char *label, const char *value)
{
	buf_puts(out, label);
	for (size_t n = utf8_length(label, strlen(label)); n < 14; n++)
		buf_putc(out, ' ');
	buf_printf(out, "%s\n", value);
}

struct cmd_unit_show {
	struct app *a;
	struct buf *out;
	struct buf value;
	size_t lines;
};

static int cmd_unit_show_link(void *ctx, const struct unit_link *l)
{
	struct cmd_unit_show *s = ctx;
	/* a link undone on its first day was never in force: nothing to show */
	if (date_is_set(l->valid_from) && date_compare(l->valid_from, l->valid_to) == 0)
		return 0;
	struct unit p = {0};
	buf_reset(&s->value);
	buf_puts(&s->value, l->parent_code);
	if (app_unit_get(s->a, l->parent_code, &p) == APP_OK)
		buf_printf(&s->value, " %s", p.name);
	unit_clear(&p);
	buf_puts(&s->value, ", ");
	cmd_unit_span(&s->value, l->valid_from, l->valid_to);
	cmd_unit_line(s->out, s->lines++ ? "" : "Trực thuộc:", buf_cstr(&s->value));
	return 0;
}

static int cmd_unit_show_succession(void *ctx, const struct unit_succession *e)
{
	struct cmd_unit_show *s = ctx;
	buf_reset(&s->value);
	vnfmt_date(&s->value, e->on.year, e->on.month, e->on.day);
	buf_printf(&s->value, ": %s → %s (%s)", e->code, e->successor_code,
	           unit_event_label_vi(e->event));
	cmd_unit_line(s->out, s->lines++ ? "" : "Kế thừa:", buf_cstr(&s->value));
	return 0;
}

static int cmd_unit_show(struct app *a, const char *code)
{
	struct unit u = {0};
	struct buf out;
	struct diag d;
	struct cmd_unit_show s = {.a = a, .out = &out};
	buf_init(&out, 0);
	buf_init(&s.value, 0);
	diag_init(&d);
	enum app_status st = app_unit_get(a, code, &u);
	if (st == APP_NOT_FOUND)
		diag_add(&d, NULL, 0, NULL, "unit %s: no such unit",
		         unit_code_valid(code, UNIT_CODE_MAX) ? code : "?");
	if (st != APP_OK)
		goto out;
	buf_printf(&out, "%s %s (%s)\n", u.code, u.name, unit_kind_label_vi(u.kind));
	cmd_unit_span(&s.value, u.valid_from, u.valid_to);
	cmd_unit_line(&out, "Hiệu lực:", buf_cstr(&s.value));
	st = app_unit_links(a, code, cmd_unit_show_link, &s);
	if (st == APP_OK && s.lines == 0)
		cmd_unit_line(&out, "Trực thuộc:", "—");
	s.lines = 0;
	if (st == APP_OK)
		st = app_unit_successions(a, code, cmd_unit_show_succession, &s);
	if (st == APP_OK && s.lines == 0)
		cmd_unit_line(&out, "Kế thừa:", "—");
	if (st == APP_OK)
		fwrite(out.data, 1, out.len, stdout);
out:;
	int rc = cli_report(a, st, &d);
	unit_clear(&u);
	buf_finish(&s.value);
	buf_finish(&out);
	diag_finish(&d);
	return rc;
}

static int cmd_unit_apply(struct app *a, const char *file)
{
	struct buf data;
	struct diag d;
	struct app_units_applied r;
	buf_init(&data, CMD_UNIT_FILE_LIMIT + 1);
	diag_init(&d);
	int rc = cli_read_file(file, CMD_UNIT_FILE_LIMIT, &data);
	if (rc == CLI_OK) {
		enum app_status s =
		    app_unit_apply(a, file, data.data ? data.data : "", data.len, &d, &r);
		rc = cli_report(a, s, &d);
		if (s == APP_OK)
			printf("%s: %zu events applied (%zu merged, %zu dissolved, %zu moved; %zu "
			       "units created).\n",
			       file, r.events, r.merged, r.dissolved, r.moved, r.created);
	}
	diag_finish(&d);
	buf_finish(&data);
	return rc;
}

/* dxtrack unit merge|dissolve|move|apply|show ARGS [OPTIONS] */
int cmd_unit(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"on", required_argument, NULL, 'o'},
	    {"into", required_argument, NULL, 'i'},
	    {"name", required_argument, NULL, 'n'},
	    {"kind", required_argument, NULL, 'k'},
	    {"parent", required_argument, NULL, 'p'},
	    {"to", required_argument, NULL, 't'},
	    {"as", required_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *on_text = NULL, *into = NULL, *name = NULL, *kind_text = NULL;
	const char *parent = NULL, *to = NULL, *actor = NULL;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			on_text = optarg;
			break;
		case 'i':
			into = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'k':
			kind_text = optarg;
			break;
		case 'p':
			parent = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'a':
			actor = optarg;
			break;
		case 'h':
			fputs(cmd_unit_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("unit", "bad option");
		}
	}
	static const char *const verbs[] = {
	    [VERB_MERGE] = "merge", [VERB_DISSOLVE] = "dissolve", [VERB_MOVE] = "move",
	    [VERB_APPLY] = "apply", [VERB_SHOW] = "show",
	};
	if (optind >= argc)
		return cli_usage_error("unit", "expected: unit merge|dissolve|move|apply|show ...");
	const char *verb_text = argv[optind++];
	int verb = -1;
	for (int v = 0; v < (int)(sizeof verbs / sizeof verbs[0]); v++)
		if (strcmp(verb_text, verbs[v]) == 0)
			verb = v;
	if (verb < 0)
		return cli_usage_error("unit",
		                       "unknown action \"%s\": use merge, dissolve, move, apply or "
		                       "show",
		                       verb_text);
	const char *const *codes = (const char *const *)argv + optind;
	size_t n_codes = (size_t)(argc - optind);
	if (n_codes == 0)
		return cli_usage_error("unit", "unit %s needs %s", verb_text,
		                       verb == VERB_MERGE   ? "the units to merge"
		                       : verb == VERB_APPLY ? "a FILE"
		                                            : "a unit CODE");
	if (verb != VERB_MERGE && n_codes > 1)
		return cli_usage_error("unit", "unexpected argument \"%s\"", codes[1]);
	bool dated = verb == VERB_MERGE || verb == VERB_DISSOLVE || verb == VERB_MOVE;
	if (dated && !on_text)
		return cli_usage_error("unit", "unit %s needs --on DATE", verb_text);
	if (verb == VERB_SHOW && (on_text || actor))
		return cli_usage_error("unit", "--on and --as are not for unit show");
	if (on_text && !dated)
		return cli_usage_error("unit", "--on is for merge, dissolve and move: the events "
		                               "of a file carry their own days");
	if ((into || name || kind_text || parent) && verb != VERB_MERGE)
		return cli_usage_error("unit",
		                       "--into, --name, --kind and --parent are for unit merge");
	if (to && verb != VERB_MOVE)
		return cli_usage_error("unit", "--to is for unit move");
	if (verb == VERB_MERGE && !into)
		return cli_usage_error("unit", "unit merge needs --into CODE");
	if (verb == VERB_MOVE && !to)
		return cli_usage_error("unit", "unit move needs --to PARENT");
	if ((name || kind_text || parent) && !(name && kind_text && parent))
		return cli_usage_error("unit",
		                       "--name, --kind and --parent go together: they create "
		                       "the unit merged into");
	struct app_unit_new create = {.name = name, .parent = parent};
	if (kind_text && unit_kind_parse(kind_text, &create.kind) < 0)
		return cli_usage_error(
		    "unit",
		    "--kind: unknown kind \"%s\": use nation, province, district, "
		    "commune or agency",
		    kind_text);
	struct date on = {0, 0, 0};
	const char *why;
	if (on_text && date_parse(on_text, strlen(on_text), &on, &why) < 0)
		return cli_usage_error("unit", "--on: %s", why);

	struct app a;
	int rc = cli_open(cli, &a, actor);
	if (rc != CLI_OK)
		return rc;
	if (verb == VERB_SHOW) {
		rc = cmd_unit_show(&a, codes[0]);
		app_close(&a);
		return rc;
	}
	if (verb == VERB_APPLY) {
		rc = cmd_unit_apply(&a, codes[0]);
		app_close(&a);
		return rc;
	}
	struct diag d;
	diag_init(&d);
	enum app_status s;
	if (verb == VERB_MERGE)
		s = app_unit_merge(&a, codes, n_codes, into, on, name ? &create : NULL, &d);
	else if (verb == VERB_DISSOLVE)
		s = app_unit_dissolve(&a, codes[0], on, &d);
	else
		s = app_unit_move(&a, codes[0], to, on, &d);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		struct buf done, day;
		buf_init(&done, 0);
		buf_init(&day, 0);
		date_format_iso(&day, on);
		for (size_t i = 0; i < n_codes; i++)
			buf_printf(&done, "%s%s", i ? ", " : "", codes[i]);
		if (verb == VERB_MERGE)
			printf("%s merged into %s%s on %s.\n", buf_cstr(&done), into,
			       name ? " (created)" : "", buf_cstr(&day));
		else if (verb == VERB_DISSOLVE)
			printf("%s dissolved on %s; its children passed to its parent.\n", codes[0],
			       buf_cstr(&day));
		else
			printf("%s moved under %s on %s.\n", codes[0], to, buf_cstr(&day));
		buf_finish(&done);
		buf_finish(&day);
	}
	diag_finish(&d);
	app_close(&a);
	return rc;
}

/* ---- dxtrack units ---- */

enum cmd_units_format { UNITS_TREE, UNITS_CSV, UNITS_JSON };

static void cmd_units_date(struct buf *out, struct date d)
{
	if (date_is_set(d))
		date_format_iso(out, d);
}

/* Prints u and, indented below it, its children (first_child / next_sibling lists). */
static void cmd_units_tree(struct buf *out, const struct unit *units, const size_t *first_child,
                           const size_t *next, size_t i, int depth)
{
	const size_t none = (size_t)-1;
	for (int k = 0; k < depth; k++)
		buf_puts(out, "  ");
	buf_printf(out, "%s %s (%s)\n", units[i].code, units[i].name,
	           unit_kind_label_vi(units[i].kind));
	if (depth >= 64) /* the tree of a day has no loop; this only bounds a broken one */
		return;
	for (size_t c = first_child[i]; c != none; c = next[c])
		cmd_units_tree(out, units, first_child, next, c, depth + 1);
}

/* Renders the units of a day (ordered by code) in the chosen format. */
static void cmd_units_render(const struct unit_list *l, enum cmd_units_format format,
                             struct date on, struct buf *out)
{
	if (format == UNITS_JSON) {
		json_t *array = json_array();
		for (size_t i = 0; i < l->count; i++) {
			const struct unit *u = &l->items[i];
			struct buf from, to;
			buf_init(&from, 0);
			buf_init(&to, 0);
			cmd_units_date(&from, u->valid_from);
			cmd_units_date(&to, u->valid_to);
			json_array_append_new(
			    array, json_pack("{s:s,s:s,s:s,s:s?,s:s?,s:s?}", "code", u->code,
			                     "name", u->name, "kind", unit_kind_code(u->kind),
			                     "parent_code", u->parent_code, "valid_from",
			                     from.len ? buf_cstr(&from) : NULL, "valid_to",
			                     to.len ? buf_cstr(&to) : NULL));
			buf_finish(&from);
			buf_finish(&to);
		}
		cli_json(out, array, TASK_IO_JSON_FLAGS);
		json_decref(array);
		return;
	}
	if (format == UNITS_CSV) {
		buf_puts(out, "code,name,kind,parent_code,valid_from,valid_to\n");
		for (size_t i = 0; i < l->count; i++) {
			const struct unit *u = &l->items[i];
			const char *fields[] = {u->code, u->name, unit_kind_code(u->kind),
			                        u->parent_code ? u->parent_code : ""};
			for (size_t f = 0; f < 4; f++) {
				csv_write_field(out, fields[f], strlen(fields[f]), true);
				buf_putc(out, ',');
			}
			cmd_units_date(out, u->valid_from);
			buf_putc(out, ',');
			cmd_units_date(out, u->valid_to);
			buf_putc(out, '\n');
		}
		return;
	}
	/* the tree: children in code order under their parent of that day */
	const size_t none = (size_t)-1;
	size_t *first_child = mem_realloc(NULL, (l->count + 1) * sizeof *first_child);
	size_t *next = mem_realloc(NULL, (l->count + 1) * sizeof *next);
	size_t *last = mem_realloc(NULL, (l->count + 1) * sizeof *last);
	struct hmap index;
	hmap_init(&index);
	for (size_t i = 0; i < l->count; i++) {
		first_child[i] = next[i] = last[i] = none;
		hmap_put(&index, l->items[i].code, (int64_t)i);
	}
	for (size_t i = 0; i < l->count; i++) {
		int64_t p;
		const char *parent = l->items[i].parent_code;
		if (!parent || !hmap_get(&index, parent, &p) || (size_t)p == i)
			continue;
		if (last[p] == none)
			first_child[p] = i;
		else
			next[last[p]] = i;
		last[p] = i;
	}
	/* roots: units without a parent on that day (the nation), or whose parent is not listed */
	for (size_t i = 0; i < l->count; i++) {
		int64_t p;
		const char *parent = l->items[i].parent_code;
		if (!parent || !hmap_get(&index, parent, &p) || (size_t)p == i)
			cmd_units_tree(out, l->items, first_child, next, i, 0);
	}
	buf_printf(out, "\n%zu đơn vị, ngày ", l->count);
	vnfmt_date(out, on.year, on.month, on.day);
	buf_puts(out, ".\n");
	hmap_finish(&index);
	free(first_child);
	free(next);
	free(last);
}

/* dxtrack units [--on DATE] [--format tree|csv|json] */
int cmd_units(const struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"on", required_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum cmd_units_format format = UNITS_TREE;
	struct date on = {0, 0, 0};
	const char *why;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			if (date_parse(optarg, strlen(optarg), &on, &why) < 0)
				return cli_usage_error("units", "--on: %s", why);
			break;
		case 'f':
			if (strcmp(optarg, "tree") == 0)
				format = UNITS_TREE;
			else if (strcmp(optarg, "csv") == 0)
				format = UNITS_CSV;
			else if (strcmp(optarg, "json") == 0)
				format = UNITS_JSON;
			else
				return cli_usage_error("units", "--format: use tree, csv or json");
			break;
		case 'h':
			fputs(cmd_units_help, stdout);
			return CLI_OK;
		default:
			return cli_usage_error("units", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("units", "unexpected argument \"%s\"", argv[optind]);

	struct app a;
	int rc = cli_open(cli, &a, NULL);
	if (rc != CLI_OK)
		return rc;
	struct unit_list l = {0};
	struct diag d;
	struct buf out;
	diag_init(&d);
	buf_init(&out, 0);
	if (!date_is_set(on))
		on = a.today;
	enum app_status s = app_units_at(&a, on, unit_list_add, &l);
	rc = cli_report(&a, s, &d);
	if (s == APP_OK) {
		cmd_units_render(&l, format, on, &out);
		fwrite(out.data, 1, out.len, stdout);
	}
	unit_list_finish(&l);
	buf_finish(&out);
	diag_finish(&d);
	app_close(&a);
	return rc;
}
