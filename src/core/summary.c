/* summary.c — accumulating the committee's figures over a year's tasks (see summary.h). */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "money.h"

void summary_init(struct summary *s, int year, struct date as_of)
{
	memset(s, 0, sizeof *s);
	s->year = year;
	s->as_of = as_of;
}

void summary_finish(struct summary *s)
{
	for (size_t i = 0; i < s->n_investors; i++) {
		free(s->investors[i].code);
		free(s->investors[i].name);
	}
	free(s->investors);
	free(s->scope_name);
	memset(s, 0, sizeof *s);
}

static struct summary_investor *summary_investor_of(struct summary *s, const char *code)
{
	for (size_t i = 0; i < s->n_investors; i++)
		if (strcmp(s->investors[i].code, code) == 0)
			return &s->investors[i];
	if (s->n_investors == s->cap_investors) {
		s->cap_investors = s->cap_investors ? s->cap_investors * 2 : 16;
		s->investors = mem_realloc(s->investors, s->cap_investors * sizeof *s->investors);
	}
	struct summary_investor *inv = &s->investors[s->n_investors++];
	memset(inv, 0, sizeof *inv);
	inv->code = mem_strdup(code);
	return inv;
}

void summary_add(struct summary *s, const struct task *t)
{
	bool lagging = task_is_lagging(t, s->as_of);
	s->tasks++;
	s->budget_vnd += t->budget_vnd;
	s->disbursed_vnd += t->disbursed_vnd;
	if ((unsigned)t->status < TASK_STATUS_COUNT)
		s->by_status[t->status]++;
	s->lagging += lagging;
	struct summary_investor *inv = summary_investor_of(s, t->investor ? t->investor : "");
	inv->tasks++;
	inv->budget_vnd += t->budget_vnd;
	inv->disbursed_vnd += t->disbursed_vnd;
	inv->completed += t->status == TASK_COMPLETED;
	inv->lagging += lagging;
}

int64_t summary_pct_x10(int64_t disbursed_vnd, int64_t budget_vnd)
{
	return money_pct_x10(disbursed_vnd, budget_vnd);
}

static int summary_investor_compare(const void *a, const void *b)
{
	const struct summary_investor *x = a, *y = b;
	if (x->budget_vnd != y->budget_vnd)
		return x->budget_vnd > y->budget_vnd ? -1 : 1;
	return strcmp(x->code, y->code);
}

void summary_sort_investors(struct summary *s)
{
	if (s->n_investors > 1)
		qsort(s->investors, s->n_investors, sizeof *s->investors, summary_investor_compare);
}
