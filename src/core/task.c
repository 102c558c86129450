/* task.c — task statuses, funding sources, tags and the rules on one task (see task.h). */
#include "task.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/fold.h"

static const char *const task_status_codes[TASK_STATUS_COUNT] = {
    "planned", "in_progress", "completed", "stopped", "deferred",
};
static const char *const task_status_labels[TASK_STATUS_COUNT] = {
    "chưa triển khai", "đang triển khai", "hoàn thành", "dừng thực hiện", "chuyển sang năm sau",
};
static const char *const task_funding_codes[FUNDING_COUNT] = {
    "",
    "public_investment",
    "recurrent",
    "other",
};
static const char *const task_funding_labels[FUNDING_COUNT] = {
    "",
    "vốn đầu tư công",
    "kinh phí sự nghiệp",
    "nguồn khác",
};
static const char *const task_tag_codes[TASK_TAG_COUNT] = {
    "citizen_service",       "online_public_service", "admin_reform",
    "shared_infrastructure", "information_security",  "de_an_06",
    "sector_management",     "socio_economic",
};

static const char *const task_tag_labels[TASK_TAG_COUNT] = {
    "Phục vụ người dân, doanh nghiệp", /* citizen_service */
    "Dịch vụ công trực tuyến",         /* online_public_service */
    "Cải cách hành chính",             /* admin_reform */
    "Hạ tầng dùng chung",              /* shared_infrastructure */
    "An toàn thông tin",               /* information_security */
    "Đề án 06",                        /* de_an_06 */
    "Quản lý ngành, lĩnh vực",         /* sector_management */
    "Phát triển kinh tế - xã hội",     /* socio_economic */
};

void task_clear(struct task *t)
{
	free(t->code);
	free(t->name);
	free(t->investor);
	free(t->category);
	free(t->carried_from);
	free(t->note);
	memset(t, 0, sizeof *t);
}

void task_update_clear(struct task_update *u)
{
	free(u->recorded_at);
	free(u->author);
	free(u->source);
	free(u->note);
	free(u->changes);
	memset(u, 0, sizeof *u);
}

void task_copy(struct task *dst, const struct task *src)
{
	*dst = *src;
	dst->code = mem_strdup(src->code);
	dst->name = mem_strdup(src->name);
	dst->investor = mem_strdup(src->investor);
	dst->category = mem_strdup(src->category);
	dst->carried_from = mem_strdup(src->carried_from);
	dst->note = mem_strdup(src->note);
}

const char *task_status_code(enum task_status s)
{
	return (unsigned)s < TASK_STATUS_COUNT ? task_status_codes[s] : "?";
}

const char *task_status_label_vi(enum task_status s)
{
	return (unsigned)s < TASK_STATUS_COUNT ? task_status_labels[s] : "?";
}

/* Finds s among codes[] or, ignoring case and diacritics, among labels[]; -1 if absent. */
static int task_lookup(const char *s, const char *const *codes, const char *const *labels, int n)
{
	for (int i = 0; i < n; i++)
		if (codes[i][0] && strcmp(s, codes[i]) == 0)
			return i;
	int found = -1;
	char *key = fold_key(s, strlen(s));
	if (!key)
		return -1;
	for (int i = 0; i < n && found < 0; i++) {
		char *label = fold_key(labels[i], strlen(labels[i]));
		char *code = fold_key(codes[i], strlen(codes[i]));
		if ((label[0] && strcmp(key, label) == 0) || (code[0] && strcmp(key, code) == 0))
			found = i;
		free(label);
		free(code);
	}
	free(key);
	return found;
}

int task_status_parse(const char *s, enum task_status *out)
{
	int i = task_lookup(s, task_status_codes, task_status_labels, TASK_STATUS_COUNT);
	if (i < 0)
		return -1;
	*out = (enum task_status)i;
	return 0;
}

const char *task_funding_code(enum task_funding f)
{
	return (unsigned)f < FUNDING_COUNT ? task_funding_codes[f] : "?";
}

const char *task_funding_label_vi(enum task_funding f)
{
	return (unsigned)f < FUNDING_COUNT ? task_funding_labels[f] : "?";
}

int task_funding_parse(const char *s, enum task_funding *out)
{
	if (s[0] == '\0') {
		*out = FUNDING_NONE;
		return 0;
	}
	int i = task_lookup(s, task_funding_codes, task_funding_labels, FUNDING_COUNT);
	if (i <= 0)
		return -1;
	*out = (enum task_funding)i;
	return 0;
}

const char *task_tag_code(unsigned bit_index)
{
	return bit_index < TASK_TAG_COUNT ? task_tag_codes[bit_index] : "?";
}

const char *task_tag_label_vi(unsigned bit_index)
{
	return bit_index < TASK_TAG_COUNT ? task_tag_labels[bit_index] : "?";
}

int task_tags_parse(const char *s, uint32_t *tags, struct buf *bad)
{
	uint32_t bits = 0;
	int rc = 0;
	const char *p = s;
	while (*p) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *a = p, *b = p + n;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			unsigned i;
			for (i = 0; i < TASK_TAG_COUNT; i++)
				if (strlen(task_tag_codes[i]) == (size_t)(b - a) &&
				    memcmp(task_tag_codes[i], a, (size_t)(b - a)) == 0)
					break;
			if (i < TASK_TAG_COUNT) {
				bits |= 1u << i;
			} else {
				if (bad && rc == 0)
					buf_append(bad, a, (size_t)(b - a));
				rc = -1;
			}
		}
		p = end ? end + 1 : p + n;
	}
	*tags = bits;
	return rc;
}

void task_tags_format(struct buf *out, uint32_t tags)
{
	bool first = true;
	for (unsigned i = 0; i < TASK_TAG_COUNT; i++) {
		if (!(tags & (1u << i)))
			continue;
		if (!first)
			buf_putc(out, ';');
		buf_puts(out, task_tag_codes[i]);
		first = false;
	}
}

int task_check(const struct task *t,
               void (*report)(void *ctx, const char *column, const char *message), void *ctx)
{
	int n = 0;
	if (t->year < TASK_YEAR_MIN || t->year > TASK_YEAR_MAX) {
		report(ctx, "year", "year must be between 2000 and 2100");
		n++;
	}
	if (t->progress_pct < 0 || t->progress_pct > 100) {
		report(ctx, "progress_pct", "progress must be between 0 and 100");
		n++;
	}
	if (t->budget_vnd < 0) {
		report(ctx, "budget_vnd", "amount must not be negative");
		n++;
	}
	if (t->disbursed_vnd < 0) {
		report(ctx, "disbursed_vnd", "amount must not be negative");
		n++;
	} else if (t->disbursed_vnd > t->budget_vnd) {
		report(ctx, "disbursed_vnd", "disbursed amount is more than the budget");
		n++;
	}
	if (t->status == TASK_COMPLETED && t->progress_pct != 100) {
		report(ctx, "status", "a completed task must have progress 100");
		n++;
	}
	if (date_is_set(t->start_date) && date_is_set(t->end_date) &&
	    date_compare(t->end_date, t->start_date) < 0) {
		report(ctx, "end_date", "end date is before the start date");
		n++;
	}
	return n;
}

bool task_is_lagging(const struct task *t, struct date as_of)
{
	if (t->status != TASK_PLANNED && t->status != TASK_IN_PROGRESS)
		return false;
	if (!date_is_set(t->end_date) || t->progress_pct >= 100)
		return false;
	if (date_compare(as_of, t->end_date) > 0)
		return true;
	if (!date_is_set(t->start_date) || date_compare(as_of, t->start_date) <= 0)
		return false;
	int64_t total = date_to_days(t->end_date) - date_to_days(t->start_date);
	int64_t gone = date_to_days(as_of) - date_to_days(t->start_date);
	if (total <= 0)
		return false;
	/* elapsed share in percent, compared in integers: progress + LAG < 100 * gone / total */
	return ((int64_t)t->progress_pct + TASK_LAG_POINTS) * total < 100 * gone;
}
