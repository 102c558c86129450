/* summary.h — the committee's figures for a year: tasks by status, money, disbursement rate,
 * and the same per investor (chủ đầu tư). Pure accumulation over tasks; rendering is in report/.
 */
#ifndef DXTRACK_SUMMARY_H
#define DXTRACK_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "task.h"

struct summary_investor {
	char *code;
	char *name; /* filled by the caller after accumulation; may stay NULL */
	int tasks;
	int64_t budget_vnd;
	int64_t disbursed_vnd;
	int completed;
	int lagging;
};

struct summary {
	int year;
	struct date as_of; /* the date "lagging" is judged on */
	char *scope_name;  /* "Tỉnh Bắc Kạn": the unit the summary is about, or NULL */
	int tasks;
	int64_t budget_vnd;
	int64_t disbursed_vnd;
	int by_status[TASK_STATUS_COUNT];
	int lagging;
	struct summary_investor *investors;
	size_t n_investors;
	size_t cap_investors;
};

void summary_init(struct summary *s, int year, struct date as_of);
void summary_finish(struct summary *s);
void summary_add(struct summary *s, const struct task *t);
/* disbursed / budget in tenths of a percent, rounded half up (530 = 53,0 %). */
int64_t summary_pct_x10(int64_t disbursed_vnd, int64_t budget_vnd);
/* Orders investors by budget, largest first, then by code. */
void summary_sort_investors(struct summary *s);

#endif
