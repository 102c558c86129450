/* tasks.c — the tasks of the API: list, read, progress update (PATCH), CSV import. */
#include <stdlib.h>
#include <string.h>

#include "../app/task_filter.h"
#include "../io/task_io.h"
#include "api_impl.h"

#define API_TASKS_LIMIT 100 /* default page size; at most API_TASKS_LIMIT_MAX */
#define API_TASKS_LIMIT_MAX 10000

static int api_tasks_each(void *ctx, const struct task *t)
{
	json_array_append_new(ctx, task_io_json(t));
	return 0;
}

/* GET /api/v1/tasks?year=&status=&investor=&unit=&category=&tag=&q=&sort=&desc=&limit=&offset=
 * → {"total","limit","offset","tasks":[…]} */
void api_tasks(struct http_exchange *x)
{
	struct task_filter f;
	char why[160];
	task_filter_init(&f);
	f.limit = API_TASKS_LIMIT;
	for (size_t i = 0; i < x->rq->query.count; i++) {
		const struct http_param *p = &x->rq->query.items[i];
		int rc = task_filter_set(&f, p->name, p->value, why, sizeof why);
		if (rc < 0) {
			api_error(x, 400, "bad_request", why);
			return;
		}
		if (rc > 0) {
			snprintf(why, sizeof why, "unknown parameter \"%.60s\"", p->name);
			api_error(x, 400, "bad_request", why);
			return;
		}
	}
	if (f.limit == 0 || f.limit > API_TASKS_LIMIT_MAX) {
		api_error(x, 400, "bad_request", "limit: from 1 to 10000");
		return;
	}
	int64_t total = 0;
	json_t *tasks = json_array();
	enum app_status s = app_task_count(x->app, &f, &total);
	if (s == APP_OK)
		s = app_tasks_each(x->app, &f, api_tasks_each, tasks);
	if (s != APP_OK) {
		json_decref(tasks);
		api_fail(x, s, NULL, NULL);
		return;
	}
	api_send(x, 200,
	         json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)total, "limit",
	                   (json_int_t)f.limit, "offset", (json_int_t)f.offset, "tasks", tasks));
}

/* The task's ETag: its version, which every update moves on. */
static void api_task_etag(struct http_exchange *x, json_t *task)
{
	char tag[32];
	snprintf(tag, sizeof tag, "\"%lld\"",
	         (long long)json_integer_value(json_object_get(task, "version")));
	http_response_header(x->rs, x->rq->arena, "ETag", arena_strdup(x->rq->arena, tag));
}

/* GET /api/v1/tasks/{year}/{code} → the task with "version" and its full "history" */
void api_task(struct http_exchange *x)
{
	int year;
	const char *code;
	json_t *task;
	if (api_task_key(x, &year, &code) < 0)
		return;
	enum app_status s = app_task_json(x->app, year, code, true, &task);
	if (s != APP_OK) {
		struct diag d;
		diag_init(&d);
		if (s == APP_NOT_FOUND)
			diag_add(&d, NULL, 0, NULL, "no task %s in %d", code, year);
		api_fail(x, s, &d, NULL);
		diag_finish(&d);
		return;
	}
	api_task_etag(x, task);
	api_send(x, 200, task);
}

/* Reads the PATCH body into a change; answers 400 and returns -1 on a malformed field. */
static int api_task_change(struct http_exchange *x, json_t *body, struct task_change *c)
{
	const char *key;
	json_t *v;
	char why[160];
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "progress_pct") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < -1000000 ||
			    json_integer_value(v) > 1000000)
				goto bad;
			c->has_progress = true;
			c->progress_pct = (int)json_integer_value(v);
		} else if (strcmp(key, "disbursed_vnd") == 0) {
			if (!json_is_integer(v))
				goto bad;
			c->has_disbursed = true;
			c->disbursed_vnd = json_integer_value(v);
		} else if (strcmp(key, "status") == 0) {
			if (!json_is_string(v) ||
			    task_status_parse(json_string_value(v), &c->status) < 0)
				goto bad;
			c->has_status = true;
		} else if (strcmp(key, "note") == 0) {
			if (!json_is_string(v))
				goto bad;
			c->note = json_string_value(v);
		} else if (strcmp(key, "on_date") == 0) {
			const char *err;
			if (!json_is_string(v) ||
			    date_parse(json_string_value(v), strlen(json_string_value(v)),
			               &c->on_date, &err) < 0)
				goto bad;
		} else if (strcmp(key, "version") != 0) {
			snprintf(
			    why, sizeof why,
			    "unknown field \"%.60s\": send progress_pct, disbursed_vnd, status, "
			    "note, on_date, version",
			    key);
			api_error(x, 400, "bad_request", why);
			return -1;
		}
	}
	return 0;
bad:
	snprintf(why, sizeof why, "%s: %s", key,
	         strcmp(key, "status") == 0
	             ? "expected planned, in_progress, completed, stopped or deferred"
	         : strcmp(key, "note") == 0    ? "expected a string"
	         : strcmp(key, "on_date") == 0 ? "expected a date YYYY-MM-DD"
	                                       : "expected a whole number");
	api_error(x, 400, "bad_request", why);
	return -1;
}

/* PATCH /api/v1/tasks/{year}/{code} {"progress_pct","disbursed_vnd","status","note",
 * "version"} (or If-Match) → the task as it now is; 409 with "current" when it moved on. */
void api_task_patch(struct http_exchange *x)
{
	int year;
	const char *code;
	struct task_change c = {0};
	struct task now = {0};
	struct diag d;
	diag_init(&d);
	json_t *body = NULL;
	if (api_task_key(x, &year, &code) < 0)
		goto out;
	body = api_body_object(x);
	if (!body || api_task_change(x, body, &c) < 0)
		goto out;
	int64_t expected = api_expected_version(x, body, 1);
	if (expected < 0) {
		api_error(x, 400, "bad_request",
		          "version: send the task's version as a whole number (\"version\" or "
		          "If-Match), the same in both");
		goto out;
	}
	c.expected_version = expected;
	if (!c.has_progress && !c.has_disbursed && !c.has_status && !c.note) {
		api_error(x, 400, "bad_request",
		          "nothing to change: send progress_pct, disbursed_vnd, status or note");
		goto out;
	}
	enum app_status s = app_task_update(x->app, year, code, &c, &d, &now);
	if (s == APP_NOT_FOUND && diag_total(&d) == 0)
		diag_add(&d, NULL, 0, NULL, "no task %s in %d", code, year);
	if (s == APP_CONFLICT) {
		json_t *current = NULL;
		app_task_json(x->app, year, code, false, &current);
		api_fail(x, s, &d, current ? json_pack("{s:o}", "current", current) : NULL);
	} else if (s != APP_OK) {
		api_fail(x, s, &d, NULL);
	} else {
		json_t *task = task_io_json(&now);
		api_task_etag(x, task);
		api_send(x, 200, task);
	}
out:
	json_decref(body);
	task_clear(&now);
	diag_finish(&d);
}

/* POST /api/v1/import/tasks?name=FILE.csv (the CSV as the body) → {"rows","inserted","updated",
 * "unchanged"}; any problem: 422 with every message and nothing written. */
void api_import_tasks(struct http_exchange *x)
{
	api_import(x, "tasks", app_import_tasks);
}
