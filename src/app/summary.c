/* summary.c — the committee summary of a year (`dxtrack summary`, later the dashboard). */
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "app_impl.h"

static int summary_each_task(void *ctx, const struct task *t)
{
	summary_add(ctx, t);
	return 0;
}

/* The name of the first province at or above code, or NULL. */
static char *summary_province_of(struct app *a, const char *code)
{
	char *cur = mem_strdup(code);
	char *name = NULL;
	for (int depth = 0; cur && depth < 16 && !name; depth++) {
		struct unit u = {0};
		if (store_unit_get(a->store, cur, &u) != 1) {
			unit_clear(&u);
			break;
		}
		free(cur);
		cur = NULL;
		if (u.kind == UNIT_PROVINCE) {
			name = u.name;
			u.name = NULL;
		} else {
			cur = u.parent_code;
			u.parent_code = NULL;
		}
		unit_clear(&u);
	}
	free(cur);
	return name;
}

enum app_status app_summary(struct app *a, int year, const char *unit, struct date as_of,
                            struct summary *out, struct diag *d)
{
	if (!date_is_set(as_of)) {
		as_of = (struct date){year, 12, 31};
		if (date_compare(a->today, as_of) < 0)
			as_of = a->today;
	}
	summary_init(out, year, as_of);
	if (unit) {
		struct unit u = {0};
		int rc = store_unit_get(a->store, unit, &u);
		if (rc <= 0) {
			unit_clear(&u);
			if (rc == 0)
				diag_add(d, NULL, 0, NULL, "unknown unit \"%s\"", unit);
			return rc < 0 ? APP_FAILED : APP_NOT_FOUND;
		}
		out->scope_name = u.name;
		u.name = NULL;
		unit_clear(&u);
	}
	struct task_filter f = {.year = year, .status = -1, .unit = unit};
	if (store_tasks_each(a->store, &f, summary_each_task, out) < 0)
		return APP_FAILED;
	summary_sort_investors(out);
	for (size_t i = 0; i < out->n_investors; i++) {
		struct unit u = {0};
		if (store_unit_get(a->store, out->investors[i].code, &u) < 0) {
			unit_clear(&u);
			return APP_FAILED;
		}
		out->investors[i].name = u.name;
		u.name = NULL;
		unit_clear(&u);
	}
	if (!out->scope_name && out->n_investors)
		out->scope_name = summary_province_of(a, out->investors[0].code);
	return APP_OK;
}
