/* pg_plan.c — the PostgreSQL backend of next year's catalogue (proposals, adopted decisions,
 * sql/pg/0005) and of disbursement monitoring's allocations and colour overrides (sql/pg/0006):
 * the same statements, rows and order as sqlite.c's. The histories are append-only: the latest
 * row (highest id) of a key is in force, and the schema's triggers refuse rewrites.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/mem.h"
#include "../text/fold.h"
#include "pg_impl.h"
#include "store_impl.h"

/* A new row's id is given as SQLite gives a rowid, "(SELECT coalesce(max(id), 0) + 1 FROM t)":
 * a rolled back insert or an upsert that updates uses none up (an identity sequence would, and
 * the ids shown would drift from SQLite's). Writers hold store_begin's lock: no two compute it
 * at once. */

/* ---- next year's catalogue (0005): proposals, adopted decisions ---- */

/* carried_year: the latest year before the proposal's of a task named carried_from */
#define PG_PROPOSAL_COLUMNS                                                                        \
	"p.id, p.year, p.code, p.name, p.investor, p.category, p.funding, p.budget_vnd, "          \
	"p.carried_from, p.tags, p.start_date, p.end_date, p.note, p.score, "                      \
	"(SELECT max(t.year) FROM task t WHERE t.code = p.carried_from AND t.year < p.year)"

/* Reads row i of PG_PROPOSAL_COLUMNS. */
static void pg_proposal_read(const PGresult *r, int i, struct proposal *p)
{
	memset(p, 0, sizeof *p);
	pg_task_plan_read(r, i, &p->task);
	p->task.status = TASK_PLANNED;
	p->score = (int)pg_bigint(r, i, 13);
	p->carried_year = (int)pg_bigint(r, i, 14);
}

int pg_proposal_get(struct store *s, int year, const char *code, struct proposal *out)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, code, false);
	PGresult *r = pg_query(
	    q, "reading a proposal",
	    "SELECT " PG_PROPOSAL_COLUMNS " FROM proposal p WHERE p.year = $1 AND p.code = $2", &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		pg_proposal_read(r, 0, out);
	PQclear(r);
	return found;
}

int pg_proposal_put(struct store *s, struct proposal *p, const char *at)
{
	struct pg_store *q = pg_of(s);
	const struct task *t = &p->task;
	struct buf fold, tags;
	buf_init(&fold, 0);
	buf_init(&tags, 0);
	fold_append(&fold, t->code, strlen(t->code));
	buf_putc(&fold, ' ');
	fold_append(&fold, t->name, strlen(t->name));
	task_tags_format(&tags, t->tags);
	struct pg_params pp = {0};
	pg_param_int64(&pp, t->year);
	pg_param_text(&pp, t->code, false);
	pg_param_text(&pp, t->name, false);
	pg_param_text(&pp, buf_cstr(&fold), false);
	pg_param_text(&pp, t->investor, false);
	pg_param_text(&pp, t->category ? t->category : "", false);
	pg_param_text(&pp, task_funding_code(t->funding), false);
	pg_param_int64(&pp, t->budget_vnd);
	pg_param_text(&pp, t->carried_from, true);
	pg_param_text(&pp, buf_cstr(&tags), false);
	pg_param_date(&pp, t->start_date);
	pg_param_date(&pp, t->end_date);
	pg_param_text(&pp, t->note ? t->note : "", false);
	pg_param_int64(&pp, p->score);
	pg_param_text(&pp, at, false);
	int64_t id = 0;
	int rc = pg_value_int64(
	    q, "writing a proposal",
	    "INSERT INTO proposal (id, year, code, name, search_fold, investor, category, funding, "
	    "budget_vnd, carried_from, tags, start_date, end_date, note, score, created_at, "
	    "updated_at) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM proposal), $1, $2, $3, $4, "
	    "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) ON CONFLICT (year, code) DO "
	    "UPDATE SET name = excluded.name, search_fold = excluded.search_fold, "
	    "investor = excluded.investor, category = excluded.category, "
	    "funding = excluded.funding, budget_vnd = excluded.budget_vnd, "
	    "carried_from = excluded.carried_from, tags = excluded.tags, "
	    "start_date = excluded.start_date, end_date = excluded.end_date, note = excluded.note, "
	    "score = excluded.score, updated_at = excluded.updated_at RETURNING id",
	    &pp, &id);
	if (rc == 1)
		p->task.id = id;
	else if (rc == 0)
		store_fail(s, "writing a proposal: no id returned");
	buf_finish(&fold);
	buf_finish(&tags);
	return rc == 1 ? 0 : -1;
}

struct pg_proposal_each {
	int (*each)(void *, const struct proposal *);
	void *ctx;
};

static int pg_proposal_row(const PGresult *r, int i, void *ctx)
{
	struct pg_proposal_each *e = ctx;
	struct proposal p;
	pg_proposal_read(r, i, &p);
	int stop = e->each(e->ctx, &p);
	proposal_clear(&p);
	return stop;
}

int pg_proposals_each(struct store *s, int year, int (*each)(void *, const struct proposal *),
                      void *ctx)
{
	struct pg_proposal_each e = {each, ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	return pg_rows(pg_of(s), "listing proposals",
	               "SELECT " PG_PROPOSAL_COLUMNS
	               " FROM proposal p WHERE p.year = $1 ORDER BY p.code COLLATE \"C\"",
	               &p, pg_proposal_row, &e);
}

int pg_plan_adopt(struct store *s, const struct plan_result *r)
{
	struct pg_store *q = pg_of(s);
	const char *what = "recording an adoption";
	struct pg_params p = {0};
	pg_param_int64(&p, r->year);
	pg_param_text(&p, r->adopted_at ? r->adopted_at : "", false);
	pg_param_text(&p, r->adopted_by ? r->adopted_by : "", false);
	pg_param_int64(&p, r->budget_vnd);
	pg_param_int64(&p, r->selected_vnd);
	pg_param_text(&p, r->locks ? r->locks : "", false);
	pg_param_text(&p, r->excludes ? r->excludes : "", false);
	if (pg_command(q, what,
	               "INSERT INTO plan_adoption (year, adopted_at, adopted_by, budget_vnd, "
	               "selected_vnd, locks, excludes) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	               &p, NULL) < 0)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct plan_entry *e = &r->entries[i];
		struct pg_params ip = {0};
		pg_param_int64(&ip, r->year);
		pg_param_int64(&ip, (int64_t)i + 1);
		pg_param_text(&ip, e->code, false);
		pg_param_text(&ip, e->name ? e->name : "", false);
		pg_param_text(&ip, e->investor ? e->investor : "", false);
		pg_param_int64(&ip, e->tier);
		pg_param_int64(&ip, e->score);
		pg_param_int64(&ip, e->budget_vnd);
		pg_param_int64(&ip, e->selected ? 1 : 0);
		pg_param_text(&ip, e->reason ? e->reason : "", false);
		if (pg_command(
		        q, what,
		        "INSERT INTO plan_adoption_item (year, position, code, name, investor, "
		        "tier, score, budget_vnd, selected, reason) VALUES ($1, $2, $3, $4, $5, "
		        "$6, $7, $8, $9, $10)",
		        &ip, NULL) < 0)
			return -1;
	}
	return 0;
}

static int pg_plan_item_row(const PGresult *r, int i, void *ctx)
{
	struct plan_entry e = {
	    .code = pg_text(r, i, 0),
	    .name = pg_text(r, i, 1),
	    .investor = pg_text(r, i, 2),
	    .tier = (int)pg_bigint(r, i, 3),
	    .score = (int)pg_bigint(r, i, 4),
	    .budget_vnd = pg_bigint(r, i, 5),
	    .selected = pg_bigint(r, i, 6) != 0,
	    .reason = pg_text(r, i, 7),
	};
	plan_result_add(ctx, &e);
	return 0;
}

int pg_plan_adopted(struct store *s, int year, struct plan_result *out)
{
	struct pg_store *q = pg_of(s);
	const char *what = "reading an adoption";
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	PGresult *r = pg_query(q, what,
	                       "SELECT adopted_at, adopted_by, budget_vnd, selected_vnd, locks, "
	                       "excludes FROM plan_adoption WHERE year = $1",
	                       &p);
	if (!r)
		return -1;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return 0;
	}
	out->year = year;
	out->adopted_at = arena_strdup(&out->strings, pg_text(r, 0, 0));
	out->adopted_by = arena_strdup(&out->strings, pg_text(r, 0, 1));
	out->budget_vnd = pg_bigint(r, 0, 2);
	out->selected_vnd = pg_bigint(r, 0, 3);
	out->locks = arena_strdup(&out->strings, pg_text(r, 0, 4));
	out->excludes = arena_strdup(&out->strings, pg_text(r, 0, 5));
	PQclear(r);
	return pg_rows(q, what,
	               "SELECT code, name, investor, tier, score, budget_vnd, selected, reason "
	               "FROM plan_adoption_item WHERE year = $1 ORDER BY position",
	               &p, pg_plan_item_row, out) < 0
	           ? -1
	           : 1;
}

/* ---- disbursement monitoring (0006): allocations, colour overrides ---- */

/* The allocation in force of each unit of a year ($1), with the day of its first record. */
#define PG_ALLOCATION_SELECT                                                                       \
	"SELECT a.id, a.year, a.unit, a.amount_vnd, a.note, a.on_date, a.recorded_at, a.author, "  \
	"(SELECT min(f.on_date COLLATE \"C\") FROM allocation f WHERE f.year = a.year "            \
	"AND f.unit = a.unit) FROM allocation a WHERE a.year = $1 AND a.id = "                     \
	"(SELECT max(b.id) FROM allocation b WHERE b.year = a.year AND b.unit = a.unit)"

static void pg_allocation_read(const PGresult *r, int i, struct disbursement_allocation *al)
{
	memset(al, 0, sizeof *al);
	al->id = pg_bigint(r, i, 0);
	al->year = (int)pg_bigint(r, i, 1);
	al->unit = pg_strdup(r, i, 2);
	al->amount_vnd = pg_bigint(r, i, 3);
	al->note = pg_strdup(r, i, 4);
	al->on_date = pg_date(r, i, 5);
	al->recorded_at = pg_strdup(r, i, 6);
	al->author = pg_strdup(r, i, 7);
	al->first_on = pg_date(r, i, 8);
}

struct pg_allocation_each {
	int (*each)(void *, const struct disbursement_allocation *);
	void *ctx;
};

static int pg_allocation_row(const PGresult *r, int i, void *ctx)
{
	struct pg_allocation_each *e = ctx;
	struct disbursement_allocation al;
	pg_allocation_read(r, i, &al);
	int stop = e->each(e->ctx, &al);
	disbursement_allocation_clear(&al);
	return stop;
}

int pg_allocation_add(struct store *s, struct disbursement_allocation *al)
{
	struct pg_params p = {0};
	pg_param_int64(&p, al->year);
	pg_param_text(&p, al->unit, false);
	pg_param_int64(&p, al->amount_vnd);
	pg_param_text(&p, al->note ? al->note : "", false);
	pg_param_date(&p, al->on_date);
	pg_param_text(&p, al->recorded_at, false);
	pg_param_text(&p, al->author, false);
	int64_t id = 0;
	int rc =
	    pg_value_int64(pg_of(s), "recording an allocation",
	                   "INSERT INTO allocation (id, year, unit, amount_vnd, note, on_date, "
	                   "recorded_at, author) VALUES ((SELECT coalesce(max(id), 0) + 1 "
	                   "FROM allocation), $1, $2, $3, $4, $5, $6, $7) RETURNING id",
	                   &p, &id);
	if (rc == 0)
		store_fail(s, "recording an allocation: no id returned");
	if (rc != 1)
		return -1;
	al->id = id;
	return 0;
}

int pg_allocations_each(struct store *s, int year,
                        int (*each)(void *, const struct disbursement_allocation *), void *ctx)
{
	struct pg_allocation_each e = {each, ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	return pg_rows(pg_of(s), "reading allocations",
	               PG_ALLOCATION_SELECT " ORDER BY a.unit COLLATE \"C\"", &p, pg_allocation_row,
	               &e);
}

int pg_allocation_get(struct store *s, int year, const char *unit,
                      struct disbursement_allocation *out)
{
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, unit, false);
	PGresult *r = pg_query(pg_of(s), "reading an allocation",
	                       PG_ALLOCATION_SELECT " AND a.unit = $2", &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		pg_allocation_read(r, 0, out);
	PQclear(r);
	return found;
}

#define PG_OVERRIDE_COLUMNS                                                                        \
	"c.id, c.task_id, c.colour, c.comment, c.on_date, c.recorded_at, c.author"

static void pg_override_read(const PGresult *r, int i, struct disbursement_override *o)
{
	memset(o, 0, sizeof *o);
	o->id = pg_bigint(r, i, 0);
	o->task_id = pg_bigint(r, i, 1);
	const char *colour = pg_text(r, i, 2);
	o->cleared = !colour || disbursement_colour_parse(colour, &o->colour) < 0;
	o->comment = pg_strdup(r, i, 3);
	o->on_date = pg_date(r, i, 4);
	o->recorded_at = pg_strdup(r, i, 5);
	o->author = pg_strdup(r, i, 6);
}

struct pg_override_each {
	int (*each)(void *, const struct disbursement_override *);
	void *ctx;
};

static int pg_override_row(const PGresult *r, int i, void *ctx)
{
	struct pg_override_each *e = ctx;
	struct disbursement_override o;
	pg_override_read(r, i, &o);
	int stop = e->each(e->ctx, &o);
	disbursement_override_clear(&o);
	return stop;
}

int pg_override_add(struct store *s, struct disbursement_override *o)
{
	struct pg_params p = {0};
	pg_param_int64(&p, o->task_id);
	pg_param_text(&p, o->cleared ? NULL : disbursement_colour_code(o->colour), false);
	pg_param_text(&p, o->comment ? o->comment : "", false);
	pg_param_date(&p, o->on_date);
	pg_param_text(&p, o->recorded_at, false);
	pg_param_text(&p, o->author, false);
	int64_t id = 0;
	int rc = pg_value_int64(pg_of(s), "recording a colour",
	                        "INSERT INTO task_colour (id, task_id, colour, comment, on_date, "
	                        "recorded_at, author) VALUES ((SELECT coalesce(max(id), 0) + 1 "
	                        "FROM task_colour), $1, $2, $3, $4, $5, $6) RETURNING id",
	                        &p, &id);
	if (rc == 0)
		store_fail(s, "recording a colour: no id returned");
	if (rc != 1)
		return -1;
	o->id = id;
	return 0;
}

int pg_overrides_each(struct store *s, int year,
                      int (*each)(void *, const struct disbursement_override *), void *ctx)
{
	struct pg_override_each e = {each, ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	return pg_rows(pg_of(s), "reading colour overrides",
	               "SELECT " PG_OVERRIDE_COLUMNS " FROM task_colour c JOIN task t "
	               "ON t.id = c.task_id WHERE t.year = $1 AND c.id = (SELECT max(d.id) "
	               "FROM task_colour d WHERE d.task_id = c.task_id) ORDER BY c.task_id",
	               &p, pg_override_row, &e);
}

int pg_override_get(struct store *s, int64_t task_id, struct disbursement_override *out)
{
	struct pg_params p = {0};
	pg_param_int64(&p, task_id);
	PGresult *r = pg_query(pg_of(s), "reading a colour override",
	                       "SELECT " PG_OVERRIDE_COLUMNS " FROM task_colour c "
	                       "WHERE c.task_id = $1 ORDER BY c.id DESC LIMIT 1",
	                       &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		pg_override_read(r, 0, out);
	PQclear(r);
	return found;
}
