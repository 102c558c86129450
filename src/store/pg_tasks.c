/* pg_tasks.c — the PostgreSQL backend: tasks, their history and the audit log (sql/pg/0001). The
 * statements of sqlite.c's Q_TASK_*, Q_UPDATE_APPEND, Q_AUDIT_APPEND and its task filter, in
 * PostgreSQL's dialect. A new task or audit row gets the id max(id) + 1, as SQLite's rowid does:
 * an identity sequence would skip the ids of rolled-back transactions, and ids are shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/fold.h"
#include "pg_impl.h"

#define PG_TASK_COLUMNS                                                                            \
	"id, year, code, name, investor, category, funding, budget_vnd, carried_from, tags, "      \
	"start_date, end_date, note, progress_pct, disbursed_vnd, status, updated_on, version"

#define PG_HISTORY_COLUMNS                                                                         \
	"seq, task_id, on_date, recorded_at, author, source, progress_pct, disbursed_vnd, "        \
	"status, "                                                                                 \
	"note, changes"

/* A caller's callback and context, for the row adapters below. */
struct pg_tasks_each {
	int (*task)(void *, const struct task *);
	int (*update)(void *, const struct task_update *);
	int (*audit)(void *, const struct audit_entry *);
	int (*code)(void *, const char *, int64_t);
	void *ctx;
};

/* Reads columns 0–12 of row i: a task's plan (id … note), as PG_TASK_COLUMNS and the
 * proposals' columns both begin. */
void pg_task_plan_read(const PGresult *r, int i, struct task *t)
{
	memset(t, 0, sizeof *t);
	t->id = pg_bigint(r, i, 0);
	t->year = (int)pg_bigint(r, i, 1);
	t->code = pg_strdup(r, i, 2);
	t->name = pg_strdup(r, i, 3);
	t->investor = pg_strdup(r, i, 4);
	t->category = pg_strdup(r, i, 5);
	const char *funding = pg_text(r, i, 6);
	if (!funding || task_funding_parse(funding, &t->funding) < 0)
		t->funding = FUNDING_NONE;
	t->budget_vnd = pg_bigint(r, i, 7);
	t->carried_from = pg_strdup(r, i, 8);
	const char *tags = pg_text(r, i, 9);
	if (tags)
		task_tags_parse(tags, &t->tags, NULL);
	t->start_date = pg_date(r, i, 10);
	t->end_date = pg_date(r, i, 11);
	t->note = pg_strdup(r, i, 12);
}

/* Reads row i of PG_TASK_COLUMNS. */
static void pg_task_read(const PGresult *r, int i, struct task *t)
{
	pg_task_plan_read(r, i, t);
	t->progress_pct = (int)pg_bigint(r, i, 13);
	t->disbursed_vnd = pg_bigint(r, i, 14);
	const char *status = pg_text(r, i, 15);
	if (!status || task_status_parse(status, &t->status) < 0)
		t->status = TASK_PLANNED;
	t->updated_on = pg_date(r, i, 16);
	t->version = pg_bigint(r, i, 17);
}

int pg_task_get(struct store *s, int year, const char *code, struct task *out)
{
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	pg_param_text(&p, code, false);
	PGresult *r = pg_query(pg_of(s), "reading a task",
	                       "SELECT " PG_TASK_COLUMNS " FROM task_current WHERE year = $1 AND "
	                       "code = $2",
	                       &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	if (found)
		pg_task_read(r, 0, out);
	PQclear(r);
	return found;
}

/* The text of a task's plan that is not a field of it: search_fold (the fold of code and name)
 * and tags. */
struct pg_plan_text {
	struct buf fold;
	struct buf tags;
};

/* Adds the plan fields shared by insert and update: name, search_fold, investor, category,
 * funding, budget, carried_from, tags, start, end, note. Their text must outlive the statement:
 * t's strings and pt's buffers. */
static void pg_param_plan(struct pg_params *p, struct pg_plan_text *pt, const struct task *t)
{
	buf_init(&pt->fold, 0);
	buf_init(&pt->tags, 0);
	fold_append(&pt->fold, t->code, strlen(t->code));
	buf_putc(&pt->fold, ' ');
	fold_append(&pt->fold, t->name, strlen(t->name));
	task_tags_format(&pt->tags, t->tags);
	pg_param_text(p, t->name, false);
	pg_param_text(p, buf_cstr(&pt->fold), false);
	pg_param_text(p, t->investor, false);
	pg_param_text(p, t->category ? t->category : "", false);
	pg_param_text(p, task_funding_code(t->funding), false);
	pg_param_int64(p, t->budget_vnd);
	pg_param_text(p, t->carried_from, true);
	pg_param_text(p, buf_cstr(&pt->tags), false);
	pg_param_date(p, t->start_date);
	pg_param_date(p, t->end_date);
	pg_param_text(p, t->note ? t->note : "", false);
}

static void pg_plan_text_finish(struct pg_plan_text *pt)
{
	buf_finish(&pt->fold);
	buf_finish(&pt->tags);
}

/* Adds a history record's fields: on_date, recorded_at, author, source, progress_pct,
 * disbursed_vnd, status, note. */
static void pg_param_record(struct pg_params *p, const struct task_update *u)
{
	pg_param_date(p, u->on_date);
	pg_param_text(p, u->recorded_at, false);
	pg_param_text(p, u->author, false);
	pg_param_text(p, u->source, false);
	pg_param_int64(p, u->progress_pct);
	pg_param_int64(p, u->disbursed_vnd);
	pg_param_text(p, task_status_code(u->status), false);
	pg_param_text(p, u->note ? u->note : "", false);
}

/* Adds a new task's year, code, plan and first record (pt: as pg_param_plan). */
static void pg_param_task(struct pg_params *p, struct pg_plan_text *pt, const struct task *t,
                          const struct task_update *first)
{
	pg_param_int64(p, t->year);
	pg_param_text(p, t->code, false);
	pg_param_plan(p, pt, t);
	pg_param_record(p, first);
}

/* The columns of a new task as pg_task_insert gives them: id, then its parameters in order. */
#define PG_TASK_NEW_COLUMNS                                                                        \
	"id, year, code, name, search_fold, investor, category, funding, budget_vnd, "             \
	"carried_from, tags, start_date, end_date, note, on_date, recorded_at, author, source, "   \
	"progress_pct, disbursed_vnd, status, first_note"
#define PG_TASKS_HELD_MAX ((size_t)4 << 20) /* bytes of rows held before they are sent */

int pg_tasks_send(struct pg_store *q)
{
	if (!q->tasks_held.len)
		return 0;
	int rc = 0;
	PGresult *r = PQexec(q->conn, "COPY task (" PG_TASK_NEW_COLUMNS ") FROM STDIN");
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = pg_fail(q, "adding tasks", r);
		PQclear(r);
		goto out;
	}
	PQclear(r);
	bool sent = PQputCopyData(q->conn, q->tasks_held.data, (int)q->tasks_held.len) == 1;
	if (PQputCopyEnd(q->conn, sent ? NULL : "the rows could not be sent") != 1)
		sent = false;
	while ((r = PQgetResult(q->conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
			rc = pg_fail(q, "adding tasks", r);
		PQclear(r);
	}
	if (!sent && rc == 0)
		rc = pg_fail(q, "adding tasks", NULL);
out:
	buf_reset(&q->tasks_held);
	return rc;
}

void pg_tasks_forget(struct pg_store *q)
{
	q->task_next_id = 0;
	if (q->tasks_held.cap > PG_TASKS_HELD_MAX) /* (a large import's memory is given back) */
		buf_finish(&q->tasks_held);
	buf_reset(&q->tasks_held);
}

/* In a write transaction a new task is numbered here (the largest id + 1, read once: the write
 * lock is held, so nobody else adds one) and held back, and the tasks are sent together with
 * one COPY before the next other statement or the commit (an import of 100,000 tasks was one
 * round trip each). An error of theirs then fails that statement or the commit, and with it the
 * whole transaction, as the importers want; they check every row before. */
int pg_task_insert(struct store *s, struct task *t, const struct task_update *first)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	struct pg_plan_text pt;
	if (q->writing) {
		if (!q->task_next_id) {
			int64_t newest = 0;
			if (pg_value_int64(q, "numbering tasks",
			                   "SELECT coalesce(max(id), 0) FROM task", NULL,
			                   &newest) < 0)
				return -1;
			q->task_next_id = newest + 1;
		}
		pg_param_int64(&p, q->task_next_id);
		pg_param_task(&p, &pt, t, first);
		pg_copy_params_row(&q->tasks_held, &p);
		pg_plan_text_finish(&pt);
		t->id = q->task_next_id++;
		return q->tasks_held.len < PG_TASKS_HELD_MAX ? 0 : pg_tasks_send(q);
	}
	pg_param_task(&p, &pt, t, first);
	int64_t id = 0;
	int rc = pg_value_int64(
	    pg_of(s), "adding a task",
	    "INSERT INTO task (id, year, code, name, search_fold, investor, category, funding, "
	    "budget_vnd, carried_from, tags, start_date, end_date, note, on_date, recorded_at, "
	    "author, source, progress_pct, disbursed_vnd, status, first_note) VALUES ((SELECT "
	    "coalesce(max(id), 0) + 1 FROM task), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
	    "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id",
	    &p, &id);
	pg_plan_text_finish(&pt);
	if (rc < 0)
		return -1;
	t->id = id;
	return 0;
}

int pg_task_update_plan(struct store *s, const struct task *t)
{
	struct pg_params p = {0};
	struct pg_plan_text pt;
	pg_param_int64(&p, t->id);
	pg_param_plan(&p, &pt, t);
	int rc = pg_command(pg_of(s), "changing a task",
	                    "UPDATE task SET name = $2, search_fold = $3, investor = $4, "
	                    "category = $5, funding = $6, budget_vnd = $7, carried_from = $8, "
	                    "tags = $9, start_date = $10, end_date = $11, note = $12 WHERE id = $1",
	                    &p, NULL);
	pg_plan_text_finish(&pt);
	return rc;
}

static int pg_code_row(const PGresult *r, int i, void *ctx)
{
	struct pg_tasks_each *e = ctx;
	return e->code(e->ctx, pg_text(r, i, 0), pg_bigint(r, i, 1));
}

int pg_task_codes(struct store *s, int year, int (*each)(void *, const char *, int64_t), void *ctx)
{
	struct pg_tasks_each e = {.code = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, year);
	/* SQLite reads them through the index (year, code) */
	return pg_rows(pg_of(s), "listing task codes",
	               "SELECT code, id FROM task WHERE year = $1 ORDER BY code COLLATE \"C\"", &p,
	               pg_code_row, &e);
}

int pg_task_exists_before(struct store *s, const char *code, int year)
{
	struct pg_params p = {0};
	pg_param_text(&p, code, false);
	pg_param_int64(&p, year);
	PGresult *r = pg_query(pg_of(s), "looking for an earlier task",
	                       "SELECT 1 FROM task WHERE code = $1 AND year < $2 LIMIT 1", &p);
	if (!r)
		return -1;
	int found = PQntuples(r) > 0;
	PQclear(r);
	return found;
}

int pg_update_append(struct store *s, const struct task_update *u)
{
	struct pg_store *q = pg_of(s);
	struct pg_params p = {0};
	pg_param_int64(&p, u->task_id);
	pg_param_int64(&p, u->version);
	pg_param_record(&p, u);
	pg_param_text(&p, u->changes, true);
	int64_t added = 0;
	/* the primary key (task_id, seq) taken: another writer appended this version first. No
	 * error is raised, so the transaction stays usable, as SQLite's */
	if (pg_command(
	        q, "recording a progress update",
	        "INSERT INTO task_update (task_id, seq, on_date, recorded_at, author, source, "
	        "progress_pct, disbursed_vnd, status, note, changes) VALUES ($1, $2, $3, $4, "
	        "$5, $6, $7, $8, $9, $10, $11) ON CONFLICT (task_id, seq) DO NOTHING",
	        &p, &added) < 0)
		return -1;
	if (added == 0) {
		store_fail(s, "recording a progress update: UNIQUE constraint failed: "
		              "task_update.task_id, task_update.seq");
		return STORE_CONFLICT;
	}
	return 0;
}

/* A statement built from a filter: its SQL and parameters (text kept in owned until run). */
struct pg_task_query {
	struct buf sql;
	struct pg_params p;
	char *owned[PG_MAX_PARAMS];
	int n_owned;
};

/* Adds v as the next parameter; returns its number ($n). */
static int pg_task_query_text(struct pg_task_query *qq, const char *v)
{
	char *copy = mem_strdup(v);
	qq->owned[qq->n_owned++] = copy;
	pg_param_text(&qq->p, copy, false);
	return qq->p.n;
}

static int pg_task_query_int(struct pg_task_query *qq, int64_t v)
{
	pg_param_int64(&qq->p, v);
	return qq->p.n;
}

static void pg_task_query_finish(struct pg_task_query *qq)
{
	for (int i = 0; i < qq->n_owned; i++)
		free(qq->owned[i]);
	buf_finish(&qq->sql);
}

/* Appends the search words of text (folded, split on blanks) to words, space-separated, as
 * SQLite's filter takes them: while its statement has fewer than 48 parameters (n so far). */
static void pg_search_words(struct buf *words, const char *text, int n)
{
	char *key = fold_key(text, strlen(text));
	char *save = NULL;
	for (char *w = key ? strtok_r(key, " \t", &save) : NULL; w && n < 48;
	     w = strtok_r(NULL, " \t", &save), n++) {
		if (words->len)
			buf_putc(words, ' ');
		buf_puts(words, w);
	}
	free(key);
}

/* Builds "FROM task_current WHERE …" for a filter; every value is a parameter. */
static void pg_task_where(struct pg_task_query *qq, const struct task_filter *f)
{
	int sqlite_n = 0; /* the parameters SQLite's statement has: it limits the search words */
	buf_puts(&qq->sql, " FROM task_current WHERE 1 = 1");
	if (f->year) {
		buf_printf(&qq->sql, " AND year = $%d", pg_task_query_int(qq, f->year));
		sqlite_n++;
	}
	if (f->status >= 0 && f->status < TASK_STATUS_COUNT) {
		buf_printf(&qq->sql, " AND status = $%d",
		           pg_task_query_text(qq, task_status_code(f->status)));
		sqlite_n++;
	}
	if (f->investor && f->investor[0]) {
		buf_printf(&qq->sql, " AND investor = $%d", pg_task_query_text(qq, f->investor));
		sqlite_n++;
	}
	if (f->unit && f->unit[0] && f->unit_on && f->unit_on[0]) {
		/* the subtree as it stood that day (units over time, 0003) */
		int unit = pg_task_query_text(qq, f->unit);
		int on = pg_task_query_text(qq, f->unit_on);
		buf_printf(
		    &qq->sql,
		    " AND investor IN (WITH RECURSIVE sub (code) AS (SELECT $%d::text "
		    "UNION SELECT l.code FROM unit_link l JOIN sub ON l.parent_code = sub.code "
		    "WHERE (l.valid_from IS NULL OR l.valid_from <= $%d::text) "
		    "AND (l.valid_to IS NULL OR $%d::text < l.valid_to)) SELECT code FROM sub)",
		    unit, on, on);
		sqlite_n += 3;
	} else if (f->unit && f->unit[0]) {
		buf_printf(&qq->sql,
		           " AND investor IN (WITH RECURSIVE sub (code) AS (SELECT $%d::text "
		           "UNION SELECT u.code FROM unit u JOIN sub ON u.parent_code = sub.code) "
		           "SELECT code FROM sub)",
		           pg_task_query_text(qq, f->unit));
		sqlite_n++;
	}
	if (f->category && f->category[0]) {
		buf_printf(&qq->sql, " AND category = $%d", pg_task_query_text(qq, f->category));
		sqlite_n++;
	}
	for (unsigned i = 0; i < TASK_TAG_COUNT; i++) {
		if (!(f->tags & (1u << i)))
			continue;
		char pattern[64];
		snprintf(pattern, sizeof pattern, "%%;%s;%%", task_tag_code(i));
		buf_printf(&qq->sql, " AND (';' || tags || ';') LIKE $%d",
		           pg_task_query_text(qq, pattern));
		sqlite_n++;
	}
	if (f->search && f->search[0]) {
		/* every word is in search_fold: one parameter, the words separated by spaces */
		struct buf words;
		buf_init(&words, 0);
		pg_search_words(&words, f->search, sqlite_n);
		if (words.len)
			buf_printf(
			    &qq->sql,
			    " AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array($%d::text, "
			    "' ')) w WHERE strpos(search_fold, w) = 0)",
			    pg_task_query_text(qq, buf_cstr(&words)));
		buf_finish(&words);
	}
}

static int pg_task_row(const PGresult *r, int i, void *ctx)
{
	struct pg_tasks_each *e = ctx;
	struct task t;
	pg_task_read(r, i, &t);
	int stop = e->task(e->ctx, &t);
	task_clear(&t);
	return stop;
}

int pg_tasks_each(struct store *s, const struct task_filter *f,
                  int (*each)(void *, const struct task *), void *ctx)
{
	struct pg_task_query qq = {.n_owned = 0};
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql, "SELECT " PG_TASK_COLUMNS);
	pg_task_where(&qq, f);
	/* name and code ascend, budget and progress descend; reverse flips either */
	static const char *const order[][2] = {
	    [TASK_SORT_CODE] = {" ORDER BY year, code COLLATE \"C\"",
	                        " ORDER BY year DESC, code COLLATE \"C\" DESC"},
	    [TASK_SORT_NAME] = {" ORDER BY name COLLATE vi, year, code COLLATE \"C\"",
	                        " ORDER BY name COLLATE vi DESC, year, code COLLATE \"C\""},
	    [TASK_SORT_BUDGET] = {" ORDER BY budget_vnd DESC, year, code COLLATE \"C\"",
	                          " ORDER BY budget_vnd, year, code COLLATE \"C\""},
	    [TASK_SORT_PROGRESS] = {" ORDER BY progress_pct DESC, year, code COLLATE \"C\"",
	                            " ORDER BY progress_pct, year, code COLLATE \"C\""},
	};
	buf_puts(&qq.sql,
	         order[(unsigned)f->sort <= TASK_SORT_PROGRESS ? f->sort : 0][f->descending]);
	if (f->limit)
		buf_printf(&qq.sql, " LIMIT %zu OFFSET %zu", f->limit, f->offset);
	struct pg_tasks_each e = {.task = each, .ctx = ctx};
	int rc = pg_rows(pg_of(s), "querying tasks", buf_cstr(&qq.sql), &qq.p, pg_task_row, &e);
	pg_task_query_finish(&qq);
	return rc;
}

int pg_task_count(struct store *s, const struct task_filter *f, int64_t *count)
{
	struct pg_task_query qq = {.n_owned = 0};
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql, "SELECT count(*)");
	pg_task_where(&qq, f);
	*count = 0;
	int rc = pg_value_int64(pg_of(s), "counting tasks", buf_cstr(&qq.sql), &qq.p, count);
	pg_task_query_finish(&qq);
	return rc < 0 ? -1 : 0;
}

int pg_task_years(struct store *s, int *years, size_t max, size_t *n)
{
	struct pg_params p = {0};
	*n = 0;
	pg_param_int64(&p, (int64_t)max);
	PGresult *r = pg_query(pg_of(s), "listing the years",
	                       "SELECT DISTINCT year FROM task ORDER BY year DESC LIMIT $1", &p);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r) && *n < max; i++)
		years[(*n)++] = (int)pg_bigint(r, i, 0);
	PQclear(r);
	return 0;
}

/* Reads row i of PG_HISTORY_COLUMNS and hands it on. */
static int pg_update_row(const PGresult *r, int i, void *ctx)
{
	struct pg_tasks_each *e = ctx;
	struct task_update u = {0};
	u.version = pg_bigint(r, i, 0);
	u.task_id = pg_bigint(r, i, 1);
	u.on_date = pg_date(r, i, 2);
	u.recorded_at = pg_strdup(r, i, 3);
	u.author = pg_strdup(r, i, 4);
	u.source = pg_strdup(r, i, 5);
	u.progress_pct = (int)pg_bigint(r, i, 6);
	u.disbursed_vnd = pg_bigint(r, i, 7);
	const char *status = pg_text(r, i, 8);
	if (!status || task_status_parse(status, &u.status) < 0)
		u.status = TASK_PLANNED;
	u.note = pg_strdup(r, i, 9);
	u.changes = pg_strdup(r, i, 10);
	int stop = e->update(e->ctx, &u);
	task_update_clear(&u);
	return stop;
}

int pg_updates_each(struct store *s, int64_t task_id,
                    int (*each)(void *, const struct task_update *), void *ctx)
{
	struct pg_tasks_each e = {.update = each, .ctx = ctx};
	struct pg_params p = {0};
	pg_param_int64(&p, task_id);
	return pg_rows(pg_of(s), "reading progress history",
	               "SELECT " PG_HISTORY_COLUMNS " FROM task_history WHERE task_id = $1 "
	               "ORDER BY seq",
	               &p, pg_update_row, &e);
}

int pg_history_each(struct store *s, const struct task_filter *f,
                    int (*each)(void *, const struct task_update *), void *ctx)
{
	struct pg_task_query qq = {.n_owned = 0};
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql, "SELECT " PG_HISTORY_COLUMNS " FROM task_history WHERE task_id IN "
	                  "(SELECT id");
	pg_task_where(&qq, f);
	buf_puts(&qq.sql, ") ORDER BY task_id, seq");
	struct pg_tasks_each e = {.update = each, .ctx = ctx};
	int rc = pg_rows(pg_of(s), "reading the history of tasks", buf_cstr(&qq.sql), &qq.p,
	                 pg_update_row, &e);
	pg_task_query_finish(&qq);
	return rc;
}

int pg_audit_append(struct store *s, const struct audit_entry *e)
{
	struct pg_params p = {0};
	pg_param_text(&p, e->at, false);
	pg_param_text(&p, e->actor, false);
	pg_param_text(&p, e->action, false);
	pg_param_text(&p, e->object, false);
	pg_param_text(&p, e->detail, true);
	return pg_command(pg_of(s), "writing the audit log",
	                  "INSERT INTO audit (id, at, actor, action, object, detail) VALUES "
	                  "((SELECT coalesce(max(id), 0) + 1 FROM audit), $1, $2, $3, $4, $5)",
	                  &p, NULL);
}

static int pg_audit_row(const PGresult *r, int i, void *ctx)
{
	struct pg_tasks_each *e = ctx;
	struct audit_entry a = {
	    .id = pg_bigint(r, i, 0),
	    .at = pg_text(r, i, 1),
	    .actor = pg_text(r, i, 2),
	    .action = pg_text(r, i, 3),
	    .object = pg_text(r, i, 4),
	    .detail = pg_text(r, i, 5),
	};
	return e->audit(e->ctx, &a);
}

int pg_audit_each(struct store *s, const struct audit_filter *f,
                  int (*each)(void *, const struct audit_entry *), void *ctx)
{
	struct pg_task_query qq = {.n_owned = 0};
	buf_init(&qq.sql, 0);
	buf_puts(&qq.sql, "SELECT id, at, actor, action, object, detail FROM audit WHERE 1 = 1");
	if (f->actor && f->actor[0])
		buf_printf(&qq.sql, " AND actor = $%d", pg_task_query_text(&qq, f->actor));
	if (f->action && f->action[0]) {
		size_t n = strlen(f->action);
		/* "task." is a prefix; strpos, not LIKE, so that '%' and '_' mean themselves */
		if (f->action[n - 1] == '.')
			buf_printf(&qq.sql, " AND strpos(action, $%d) = 1",
			           pg_task_query_text(&qq, f->action));
		else
			buf_printf(&qq.sql, " AND action = $%d",
			           pg_task_query_text(&qq, f->action));
	}
	if (f->search && f->search[0])
		buf_printf(&qq.sql, " AND strpos(object, $%d) > 0",
		           pg_task_query_text(&qq, f->search));
	/* timestamps are "YYYY-MM-DDTHH:MM:SSZ": the day's rows sort between "DAY" and "DAYU" */
	if (f->since && f->since[0])
		buf_printf(&qq.sql, " AND at COLLATE \"C\" >= $%d",
		           pg_task_query_text(&qq, f->since));
	if (f->until && f->until[0]) {
		char until[64];
		snprintf(until, sizeof until, "%.40sU", f->until);
		buf_printf(&qq.sql, " AND at COLLATE \"C\" < $%d", pg_task_query_text(&qq, until));
	}
	if (f->before_id)
		buf_printf(&qq.sql, " AND id < $%d", pg_task_query_int(&qq, f->before_id));
	buf_puts(&qq.sql, " ORDER BY id DESC");
	if (f->limit)
		buf_printf(&qq.sql, " LIMIT $%d", pg_task_query_int(&qq, (int64_t)f->limit));
	struct pg_tasks_each e = {.audit = each, .ctx = ctx};
	int rc =
	    pg_rows(pg_of(s), "reading the audit log", buf_cstr(&qq.sql), &qq.p, pg_audit_row, &e);
	pg_task_query_finish(&qq);
	return rc;
}
