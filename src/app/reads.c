/* reads.c — read-only use cases that the CLI, the pages and the API share (app.h). */
#include <stdlib.h>

#include "../io/task_io.h"
#include "app_impl.h"

enum app_status app_snapshot_begin(struct app *a)
{
	return store_read_begin(a->store) < 0 ? APP_FAILED : APP_OK;
}

void app_snapshot_end(struct app *a)
{
	store_read_end(a->store);
}

enum app_status app_generation(struct app *a, int64_t *gen)
{
	return store_generation(a->store, gen) < 0 ? APP_FAILED : APP_OK;
}

static int reads_history_each(void *ctx, const struct task_update *u)
{
	json_array_append_new(ctx, task_io_update_json(u));
	return 0;
}

enum app_status app_task_json(struct app *a, int year, const char *code, bool with_history,
                              json_t **out)
{
	struct task t = {0};
	*out = NULL;
	enum app_status s = app_task_get(a, year, code, &t);
	if (s != APP_OK)
		goto out;
	json_t *o = task_io_json(&t);
	if (with_history) {
		json_t *history = json_array();
		json_object_set_new(o, "history", history);
		s = app_task_history(a, t.id, reads_history_each, history);
	}
	if (s == APP_OK)
		*out = o;
	else
		json_decref(o);
out:
	task_clear(&t);
	return s;
}

enum app_status app_task_count(struct app *a, const struct task_filter *f, int64_t *count)
{
	struct task_filter all = *f, copy;
	char day[16];
	all.limit = 0;
	all.offset = 0;
	return store_task_count(a->store, app_filter_dated(a, &all, &copy, day), count) < 0
	           ? APP_FAILED
	           : APP_OK;
}

enum app_status app_task_years(struct app *a, int *years, size_t max, size_t *n)
{
	return store_task_years(a->store, years, max, n) < 0 ? APP_FAILED : APP_OK;
}

int app_default_year(struct app *a)
{
	int years[64];
	size_t n = 0;
	if (app_task_years(a, years, sizeof years / sizeof years[0], &n) == APP_OK)
		for (size_t i = 0; i < n; i++)
			if (years[i] <= a->today.year)
				return years[i];
	return a->today.year;
}
