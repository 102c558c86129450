/* task.h — a digital-transformation task or project (nhiệm vụ, dự án) and its rules.
 *
 * A task has a plan (code, year, name, investor, money, dates, tags…) and a current state
 * (progress, disbursement, status) that is the latest of its dated progress updates. The rules
 * here are pure: they look at one task and report every problem through a callback, so that the
 * importer, the CLI and the web forms give the same messages. Rules that need the database
 * (investor exists, carried_from names an earlier task) live in app/.
 */
#ifndef DXTRACK_TASK_H
#define DXTRACK_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"
#include "date.h"

enum task_status {
	TASK_PLANNED,     /* chưa triển khai */
	TASK_IN_PROGRESS, /* đang triển khai */
	TASK_COMPLETED,   /* hoàn thành */
	TASK_STOPPED,     /* dừng thực hiện */
	TASK_DEFERRED,    /* chuyển sang năm sau */
	TASK_STATUS_COUNT
};

enum task_funding {
	FUNDING_NONE,              /* not given */
	FUNDING_PUBLIC_INVESTMENT, /* vốn đầu tư công */
	FUNDING_RECURRENT,         /* kinh phí sự nghiệp */
	FUNDING_OTHER,
	FUNDING_COUNT
};

/* The seed's priority vocabulary, as bits of task.tags. */
enum task_tag {
	TAG_CITIZEN_SERVICE = 1u << 0,
	TAG_ONLINE_PUBLIC_SERVICE = 1u << 1,
	TAG_ADMIN_REFORM = 1u << 2,
	TAG_SHARED_INFRASTRUCTURE = 1u << 3,
	TAG_INFORMATION_SECURITY = 1u << 4,
	TAG_DE_AN_06 = 1u << 5,
	TAG_SECTOR_MANAGEMENT = 1u << 6,
	TAG_SOCIO_ECONOMIC = 1u << 7,
};
#define TASK_TAG_COUNT 8

#define TASK_CODE_MAX 64   /* bytes */
#define TASK_NAME_MAX 1000 /* code points */
#define TASK_TEXT_MAX 4000 /* code points, for category and note */
#define TASK_YEAR_MIN 2000
#define TASK_YEAR_MAX 2100

struct task {
	int64_t id; /* store row id; 0 before it is stored */
	int year;
	char *code;
	char *name;
	char *investor; /* org-unit code */
	char *category;
	enum task_funding funding;
	int64_t budget_vnd;
	int64_t disbursed_vnd; /* cumulative */
	int progress_pct;      /* 0..100 */
	enum task_status status;
	char *carried_from; /* code of an earlier year's task, or NULL */
	uint32_t tags;      /* enum task_tag bits */
	struct date start_date;
	struct date end_date;
	char *note;
	struct date updated_on; /* date of the latest progress update */
	int64_t version;        /* number of progress updates so far */
};

/* One dated progress update: the history from which a task's state is derived. */
struct task_update {
	int64_t task_id;
	int64_t version;     /* the task's version after this update: 1, 2, … (its key) */
	struct date on_date; /* the date the figures are as of */
	char *recorded_at;   /* UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" when it was written */
	char *author;
	char *source; /* "import", "cli", "web", "api" */
	int progress_pct;
	int64_t disbursed_vnd;
	enum task_status status;
	char *note;
	char *changes; /* JSON object of plan fields changed with it, or NULL */
};

/* Frees the strings of a task or update and zeroes it; the struct itself is the caller's. */
void task_clear(struct task *t);
void task_update_clear(struct task_update *u);
/* Deep copy of src into dst (dst is overwritten, not freed first). */
void task_copy(struct task *dst, const struct task *src);

const char *task_status_code(enum task_status s);     /* "in_progress" */
const char *task_status_label_vi(enum task_status s); /* "đang triển khai" */
/* Accepts the code or the Vietnamese label, ignoring case and diacritics
 * ("Hoàn thành", "hoan thanh", "completed"). 0 on success, -1 if unknown. */
int task_status_parse(const char *s, enum task_status *out);

const char *task_funding_code(enum task_funding f); /* "" for FUNDING_NONE */
const char *task_funding_label_vi(enum task_funding f);
int task_funding_parse(const char *s, enum task_funding *out); /* "" gives FUNDING_NONE */

const char *task_tag_code(unsigned bit_index);     /* 0..TASK_TAG_COUNT-1 */
const char *task_tag_label_vi(unsigned bit_index); /* "Phục vụ người dân, doanh nghiệp" */
/* Parses "a;b;c" (spaces around names allowed, empty list allowed). On an unknown name returns -1
 * and appends that name to *bad (if bad is not NULL). */
int task_tags_parse(const char *s, uint32_t *tags, struct buf *bad);
void task_tags_format(struct buf *out, uint32_t tags); /* "citizen_service;de_an_06" */

/* Checks every rule that needs nothing but the task and calls report once per violation, with the
 * CSV column it concerns; returns the number of problems. */
int task_check(const struct task *t,
               void (*report)(void *ctx, const char *column, const char *message), void *ctx);

/* A task is lagging (chậm tiến độ) on as_of when it is not finished (planned or in progress) and
 * either its end date has passed, or its progress is more than TASK_LAG_POINTS percentage points
 * behind the share of its planned duration already elapsed. Tasks without dates are never
 * lagging by time. */
#define TASK_LAG_POINTS 25
bool task_is_lagging(const struct task *t, struct date as_of);

#endif
