/* task_io.c — tasks as CSV rows and JSON objects (see task_io.h). */
#include "task_io.h"

#include <string.h>

#include "../core/money.h"
#include "csv.h"

static const char *const task_io_columns[] = {
    "code",         "year",       "name",          "investor",     "category",
    "funding",      "budget_vnd", "disbursed_vnd", "progress_pct", "status",
    "carried_from", "tags",       "start_date",    "end_date",     "note",
};

void task_io_csv_header(struct buf *out)
{
	for (size_t i = 0; i < sizeof task_io_columns / sizeof task_io_columns[0]; i++) {
		if (i)
			buf_putc(out, ',');
		buf_puts(out, task_io_columns[i]);
	}
	buf_putc(out, '\n');
}

static void task_io_csv_text(struct buf *out, const char *s)
{
	csv_write_field(out, s ? s : "", s ? strlen(s) : 0, true);
	buf_putc(out, ',');
}

void task_io_csv_row(struct buf *out, const struct task *t)
{
	struct buf tmp;
	buf_init(&tmp, 0);
	task_io_csv_text(out, t->code);
	buf_printf(out, "%d,", t->year);
	task_io_csv_text(out, t->name);
	task_io_csv_text(out, t->investor);
	task_io_csv_text(out, t->category);
	buf_printf(out, "%s,%lld,%lld,%d,%s,", task_funding_code(t->funding),
	           (long long)t->budget_vnd, (long long)t->disbursed_vnd, t->progress_pct,
	           task_status_code(t->status));
	task_io_csv_text(out, t->carried_from);
	task_tags_format(&tmp, t->tags);
	task_io_csv_text(out, buf_cstr(&tmp));
	buf_reset(&tmp);
	date_format_iso(&tmp, t->start_date);
	buf_printf(out, "%s,", buf_cstr(&tmp));
	buf_reset(&tmp);
	date_format_iso(&tmp, t->end_date);
	buf_printf(out, "%s,", buf_cstr(&tmp));
	csv_write_field(out, t->note ? t->note : "", t->note ? strlen(t->note) : 0, true);
	buf_putc(out, '\n');
	buf_finish(&tmp);
}

static json_t *task_io_json_text(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *task_io_json_date(struct date d)
{
	if (!date_is_set(d))
		return json_null();
	struct buf b;
	buf_init(&b, 0);
	date_format_iso(&b, d);
	json_t *j = json_string(buf_cstr(&b));
	buf_finish(&b);
	return j;
}

json_t *task_io_json(const struct task *t)
{
	struct buf tags;
	buf_init(&tags, 0);
	task_tags_format(&tags, t->tags);
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(t->code));
	json_object_set_new(o, "year", json_integer(t->year));
	json_object_set_new(o, "name", json_string(t->name));
	json_object_set_new(o, "investor", json_string(t->investor));
	json_object_set_new(o, "category", task_io_json_text(t->category));
	json_object_set_new(o, "funding", task_io_json_text(task_funding_code(t->funding)));
	json_object_set_new(o, "budget_vnd", json_integer(t->budget_vnd));
	json_object_set_new(o, "disbursed_vnd", json_integer(t->disbursed_vnd));
	json_object_set_new(o, "progress_pct", json_integer(t->progress_pct));
	json_object_set_new(o, "status", json_string(task_status_code(t->status)));
	json_object_set_new(o, "carried_from", task_io_json_text(t->carried_from));
	json_object_set_new(o, "tags", json_string(buf_cstr(&tags)));
	json_object_set_new(o, "start_date", task_io_json_date(t->start_date));
	json_object_set_new(o, "end_date", task_io_json_date(t->end_date));
	json_object_set_new(o, "note", task_io_json_text(t->note));
	json_object_set_new(o, "version", json_integer(t->version));
	json_object_set_new(o, "updated_on", task_io_json_date(t->updated_on));
	buf_finish(&tags);
	return o;
}

json_t *task_io_update_json(const struct task_update *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "on_date", task_io_json_date(u->on_date));
	json_object_set_new(o, "recorded_at", json_string(u->recorded_at));
	json_object_set_new(o, "author", json_string(u->author));
	json_object_set_new(o, "source", json_string(u->source));
	json_object_set_new(o, "progress_pct", json_integer(u->progress_pct));
	json_object_set_new(o, "disbursed_vnd", json_integer(u->disbursed_vnd));
	json_object_set_new(o, "status", json_string(task_status_code(u->status)));
	json_object_set_new(o, "note", task_io_json_text(u->note));
	json_t *changes = u->changes ? json_loads(u->changes, 0, NULL) : NULL;
	json_object_set_new(o, "changes", changes ? changes : json_null());
	return o;
}

json_t *task_io_pct_json(int64_t part, int64_t whole)
{
	return json_real((double)money_pct_x10(part, whole) / 10.0);
}
