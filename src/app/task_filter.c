/* task_filter.c — the shared parser of task list options (task_filter.h). */
#include "task_filter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void task_filter_init(struct task_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = -1;
	f->sort = TASK_SORT_CODE;
}

/* A whole decimal number in [min, max]: no sign, no spaces, no trailing text. */
static int task_filter_number(const char *s, long min, long max, long *out)
{
	char *end;
	if (!(*s >= '0' && *s <= '9'))
		return -1;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static bool task_filter_known(const char *field)
{
	static const char *const fields[] = {
	    "year",   "status", "investor", "unit",    "category", "tag",    "q",
	    "search", "sort",   "desc",     "reverse", "limit",    "offset",
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(field, fields[i]) == 0)
			return true;
	return false;
}

int task_filter_set(struct task_filter *f, const char *field, const char *value, char *why,
                    size_t why_size)
{
	static const char *const sorts[] = {
	    [TASK_SORT_CODE] = "code",
	    [TASK_SORT_NAME] = "name",
	    [TASK_SORT_BUDGET] = "budget",
	    [TASK_SORT_PROGRESS] = "progress",
	};
	long n;
	if (!value || !value[0])
		return task_filter_known(field) ? 0 : 1;
	if (strcmp(field, "year") == 0) {
		if (task_filter_number(value, TASK_YEAR_MIN, TASK_YEAR_MAX, &n) < 0)
			goto bad;
		f->year = (int)n;
	} else if (strcmp(field, "status") == 0) {
		enum task_status st;
		if (task_status_parse(value, &st) < 0)
			goto bad;
		f->status = (int)st;
	} else if (strcmp(field, "investor") == 0) {
		f->investor = value;
	} else if (strcmp(field, "unit") == 0) {
		f->unit = value;
	} else if (strcmp(field, "category") == 0) {
		f->category = value;
	} else if (strcmp(field, "tag") == 0) {
		uint32_t bits;
		if (task_tags_parse(value, &bits, NULL) < 0)
			goto bad;
		f->tags |= bits;
	} else if (strcmp(field, "q") == 0 || strcmp(field, "search") == 0) {
		f->search = value;
	} else if (strcmp(field, "sort") == 0) {
		size_t i = 0;
		while (i < sizeof sorts / sizeof sorts[0] && strcmp(value, sorts[i]) != 0)
			i++;
		if (i == sizeof sorts / sizeof sorts[0])
			goto bad;
		f->sort = (enum task_sort)i;
	} else if (strcmp(field, "reverse") == 0) {
		if (!strcmp(value, "1") || !strcmp(value, "true") || !strcmp(value, "yes"))
			f->descending = true;
		else if (!strcmp(value, "0") || !strcmp(value, "false") || !strcmp(value, "no"))
			f->descending = false;
		else
			goto bad;
	} else if (strcmp(field, "limit") == 0 || strcmp(field, "offset") == 0) {
		if (task_filter_number(value, 0, TASK_FILTER_LIMIT_MAX, &n) < 0)
			goto bad;
		if (field[0] == 'l')
			f->limit = (size_t)n;
		else
			f->offset = (size_t)n;
	} else {
		return 1;
	}
	return 0;
bad:
	if (strcmp(field, "sort") == 0)
		snprintf(why, why_size, "sort: use code, name, budget or progress");
	else if (strcmp(field, "year") == 0)
		snprintf(why, why_size, "year: expected a year from %d to %d", TASK_YEAR_MIN,
		         TASK_YEAR_MAX);
	else if (strcmp(field, "limit") == 0 || strcmp(field, "offset") == 0)
		snprintf(why, why_size, "%s: expected a whole number", field);
	else if (strcmp(field, "reverse") == 0)
		snprintf(why, why_size, "reverse: expected 1 or 0");
	else
		snprintf(why, why_size, "%s: unknown %s \"%.60s\"", field, field, value);
	return -1;
}
