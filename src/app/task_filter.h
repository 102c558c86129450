/* task_filter.h — a task filter from named text values: the one parser of the list options that
 * `dxtrack tasks`, GET /tasks and GET /api/v1/tasks share, so each accepts the same words.
 */
#ifndef DXTRACK_TASK_FILTER_H
#define DXTRACK_TASK_FILTER_H

#include <stddef.h>

#include "../store/store.h"

#define TASK_FILTER_LIMIT_MAX 100000000

/* An empty filter: every task, by code. */
void task_filter_init(struct task_filter *f);

/* Sets one field from its text: year, status (code or Vietnamese label), investor, unit,
 * category, tag (added to the tags already set), q or search, sort (code|name|budget|progress:
 * budget and progress put the largest first), reverse ("1", "true", "yes"; "0", "false", "no"),
 * limit, offset. An empty value leaves the field unset (a form's empty select). value is borrowed:
 * it must outlive f. 0, 1 when field is not a filter field, or -1 with a message (English) in why.
 */
int task_filter_set(struct task_filter *f, const char *field, const char *value, char *why,
                    size_t why_size);

#endif
