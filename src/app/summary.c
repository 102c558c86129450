/* summary.c — the committee summary of a year (`dxtrack summary`, later the dashboard).
 *
 * A year is summed up on the tree of its as-of day (units over time): after the 2025
 * restructuring, the 2023 summary still names Bắc Kạn and `--unit 06` still finds its agencies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "app_impl.h"

static int summary_each_task(void *ctx, const struct task *t)
{
	summary_add(ctx, t);
	return 0;
}

/* The name of the first province at or above code in the tree of day `on` (a unit that did
 * not exist that day goes up through today's parent), or NULL. */
static char *summary_province_of(struct app *a, const char *code, const char *on)
{
	char *cur = mem_strdup(code);
	char *name = NULL;
	for (int depth = 0; cur && depth < 16 && !name; depth++) {
		struct unit u = {0};
		char *parent = NULL;
		if (store_unit_get(a->store, cur, &u) != 1 ||
		    store_unit_parent_at(a->store, cur, on, &parent) < 0) {
			unit_clear(&u);
			break;
		}
		free(cur);
		cur = NULL;
		if (u.kind == UNIT_PROVINCE) {
			name = u.name;
			u.name = NULL;
			free(parent);
		} else if (parent) {
			cur = parent;
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
	char on[16];
	snprintf(on, sizeof on, "%04d-%02d-%02d", as_of.year, as_of.month, as_of.day);
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
	struct task_filter f = {.year = year, .status = -1, .unit = unit, .unit_on = on};
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
		out->scope_name = summary_province_of(a, out->investors[0].code, on);
	return APP_OK;
}
