/* task_rows.c — tasks read from CSV rows, and a new task's registration (task_rows.h). Moved here
 * from import_tasks.c unchanged in behaviour, so that the proposals import and the adoption of a
 * catalogue read and register tasks exactly as the tasks import does.
 */
#include "task_rows.h"

#include <string.h>

#include "../core/money.h"
#include "../text/utf8.h"

const struct table_column task_row_columns[TASK_ROW_COLUMNS] = {
    [TASK_ROW_CODE] = {"code", true},
    [TASK_ROW_YEAR] = {"year", true},
    [TASK_ROW_NAME] = {"name", true},
    [TASK_ROW_INVESTOR] = {"investor", true},
    [TASK_ROW_CATEGORY] = {"category", false},
    [TASK_ROW_FUNDING] = {"funding", false},
    [TASK_ROW_BUDGET] = {"budget_vnd", true},
    [TASK_ROW_DISBURSED] = {"disbursed_vnd", false},
    [TASK_ROW_PROGRESS] = {"progress_pct", false},
    [TASK_ROW_STATUS] = {"status", true},
    [TASK_ROW_CARRIED] = {"carried_from", false},
    [TASK_ROW_TAGS] = {"tags", false},
    [TASK_ROW_START] = {"start_date", false},
    [TASK_ROW_END] = {"end_date", false},
    [TASK_ROW_NOTE] = {"note", false},
};

void task_rows_init(struct task_rows *r, const char *noun, struct arena *strings)
{
	memset(r, 0, sizeof *r);
	r->strings = strings;
	r->noun = noun;
	hmap_init(&r->keys);
	hmap_init(&r->investors);
}

void task_rows_finish(struct task_rows *r)
{
	hmap_finish(&r->keys);
	hmap_finish(&r->investors);
}

int task_rows_int(const char *s, int min, int max, bool percent, int *out)
{
	size_t n = strlen(s);
	if (percent && n && s[n - 1] == '%')
		n--;
	if (n == 0 || n > 9)
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

struct task_rows_report_ctx {
	struct table_reader *table;
	const struct table_row *row;
};

static void task_rows_report(void *ctx, const char *column, const char *message)
{
	struct task_rows_report_ctx *c = ctx;
	table_report(c->table, c->row, column, "%s", message);
}

static void task_rows_money(struct task_rows *r, const struct table_row *row, int col, int64_t *out,
                            bool *ok)
{
	const char *s = row->values[col];
	const char *why;
	*out = 0;
	if (s[0] && money_parse(s, strlen(s), out, &why) < 0) {
		table_report(r->table, row, task_row_columns[col].name, "%s", why);
		*ok = false;
	}
}

static void task_rows_date(struct task_rows *r, const struct table_row *row, int col,
                           struct date *out, bool *ok)
{
	const char *s = row->values[col];
	const char *why;
	if (s[0] && date_parse(s, strlen(s), out, &why) < 0) {
		table_report(r->table, row, task_row_columns[col].name, "%s: \"%s\"", why, s);
		*ok = false;
	}
}

static void task_rows_text(struct task_rows *r, const struct table_row *row, int col, size_t max,
                           char **out, bool *ok)
{
	const char *s = row->values[col];
	if (utf8_length(s, strlen(s)) > max) {
		table_report(r->table, row, task_row_columns[col].name,
		             "longer than %zu characters", max);
		*ok = false;
	}
	*out = arena_strdup(r->strings, s);
}

void task_rows_key(struct buf *key, int year, const char *code)
{
	char digits[12];
	int n = 0;
	for (int y = year; y > 0 && n < 11; y /= 10)
		digits[n++] = (char)('0' + y % 10);
	buf_reset(key);
	while (n > 0)
		buf_putc(key, digits[--n]);
	buf_putc(key, '/');
	buf_puts(key, code);
}

bool task_rows_parse(struct task_rows *r, const struct table_row *row, struct task *t)
{
	const char *const *v = row->values;
	bool ok = true;
	if (!unit_code_valid(v[TASK_ROW_CODE], TASK_CODE_MAX)) {
		table_report(r->table, row, "code",
		             "a task code is 1 to %d letters, digits, '.', '_' or '-'",
		             TASK_CODE_MAX);
		ok = false;
	}
	bool year_ok =
	    task_rows_int(v[TASK_ROW_YEAR], TASK_YEAR_MIN, TASK_YEAR_MAX, false, &t->year) == 0;
	if (!year_ok)
		table_report(r->table, row, "year", "year must be a whole number from %d to %d",
		             TASK_YEAR_MIN, TASK_YEAR_MAX);
	t->code = arena_strdup(r->strings, v[TASK_ROW_CODE]);
	task_rows_text(r, row, TASK_ROW_NAME, TASK_NAME_MAX, &t->name, &ok);
	t->investor = arena_strdup(r->strings, v[TASK_ROW_INVESTOR]);
	task_rows_text(r, row, TASK_ROW_CATEGORY, TASK_TEXT_MAX, &t->category, &ok);
	task_rows_text(r, row, TASK_ROW_NOTE, TASK_TEXT_MAX, &t->note, &ok);
	if (task_funding_parse(v[TASK_ROW_FUNDING], &t->funding) < 0) {
		table_report(r->table, row, "funding",
		             "unknown funding \"%s\": use public_investment, recurrent or other",
		             v[TASK_ROW_FUNDING]);
		ok = false;
	}
	bool money_ok = true;
	task_rows_money(r, row, TASK_ROW_BUDGET, &t->budget_vnd, &money_ok);
	task_rows_money(r, row, TASK_ROW_DISBURSED, &t->disbursed_vnd, &money_ok);
	bool progress_ok = !v[TASK_ROW_PROGRESS][0] ||
	                   task_rows_int(v[TASK_ROW_PROGRESS], 0, 100, true, &t->progress_pct) == 0;
	if (!progress_ok)
		table_report(r->table, row, "progress_pct",
		             "progress must be a whole number from 0 to 100, got \"%s\"",
		             v[TASK_ROW_PROGRESS]);
	bool status_ok =
	    !v[TASK_ROW_STATUS][0] || task_status_parse(v[TASK_ROW_STATUS], &t->status) == 0;
	if (!status_ok)
		table_report(r->table, row, "status",
		             "unknown status \"%s\": use planned, in_progress, completed, stopped, "
		             "deferred (or chưa triển khai, đang triển khai, hoàn thành, dừng thực "
		             "hiện, chuyển sang năm sau)",
		             v[TASK_ROW_STATUS]);
	if (v[TASK_ROW_CARRIED][0]) {
		if (!unit_code_valid(v[TASK_ROW_CARRIED], TASK_CODE_MAX)) {
			table_report(r->table, row, "carried_from", "\"%s\" is not a task code",
			             v[TASK_ROW_CARRIED]);
			ok = false;
		}
		t->carried_from = arena_strdup(r->strings, v[TASK_ROW_CARRIED]);
	}
	struct buf bad;
	buf_init(&bad, 256);
	if (task_tags_parse(v[TASK_ROW_TAGS], &t->tags, &bad) < 0) {
		table_report(r->table, row, "tags",
		             "unknown tag \"%s\": use citizen_service, online_public_service, "
		             "admin_reform, shared_infrastructure, information_security, de_an_06, "
		             "sector_management or socio_economic",
		             buf_cstr(&bad));
		ok = false;
	}
	buf_finish(&bad);
	bool dates_ok = true;
	task_rows_date(r, row, TASK_ROW_START, &t->start_date, &dates_ok);
	task_rows_date(r, row, TASK_ROW_END, &t->end_date, &dates_ok);
	ok = ok && year_ok && money_ok && progress_ok && status_ok && dates_ok;
	/* the cross-field rules only make sense when the fields themselves parsed */
	if (year_ok && money_ok && progress_ok && status_ok && dates_ok) {
		struct task_rows_report_ctx ctx = {r->table, row};
		if (task_check(t, task_rows_report, &ctx) > 0)
			ok = false;
	}
	if (ok) {
		struct buf key;
		buf_init(&key, 0);
		task_rows_key(&key, t->year, t->code);
		int64_t first;
		if (hmap_get(&r->keys, buf_cstr(&key), &first)) {
			table_report(r->table, row, "code",
			             "%s %s appears again (first on line %u)", r->noun,
			             buf_cstr(&key), (unsigned)first);
			ok = false;
		} else {
			hmap_put(&r->keys, buf_cstr(&key), (int64_t)row->line);
		}
		buf_finish(&key);
	}
	return ok;
}

int task_rows_investor(struct task_rows *r, struct app *a, unsigned line, const char *investor,
                       struct diag *d)
{
	int64_t known;
	if (!hmap_get(&r->investors, investor, &known)) {
		struct unit u = {0};
		int rc = store_unit_get(a->store, investor, &u);
		unit_clear(&u);
		if (rc < 0)
			return -1;
		known = rc;
		hmap_put(&r->investors, investor, known);
	}
	if (!known)
		diag_add(d, table_label(r->table), line, "investor",
		         "unknown unit \"%s\": import it with `dxtrack import units` first",
		         investor);
	return (int)known;
}

int task_rows_register(struct app *a, struct task *t, const char *source)
{
	struct task_update first = {
	    .version = 1,
	    .on_date = a->today,
	    .recorded_at = a->now,
	    .author = a->actor,
	    .source = (char *)source,
	    .progress_pct = t->progress_pct,
	    .disbursed_vnd = t->disbursed_vnd,
	    .status = t->status,
	    .note = (char *)"",
	};
	return store_task_insert(a->store, t, &first);
}
