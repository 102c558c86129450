/* dti.c — DTI frameworks, scoring rules and the assessment of a year (rules in dti.h). */
#include "dti.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "indicator.h"

static const char *const dti_kind_names[DTI_KIND_COUNT] = {"percent", "count", "yes_no", "level"};
static const char *const dti_kind_labels[DTI_KIND_COUNT] = {"tỷ lệ %", "số lượng", "có/không",
                                                            "mức"};
static const char *const dti_status_names[DTI_STATUS_COUNT] = {"missing", "draft", "submitted",
                                                               "verified"};
static const char *const dti_status_labels[DTI_STATUS_COUNT] = {"chưa có", "dự thảo", "đã gửi",
                                                                "đã thẩm định"};

void dti_item_clear(struct dti_item *it)
{
	free(it->code);
	free(it->parent);
	free(it->name);
	free(it->source);
	memset(it, 0, sizeof *it);
}

void dti_entry_clear(struct dti_entry *e)
{
	free(e->unit);
	free(e->unit_name);
	free(e->indicator);
	free(e->note);
	free(e->updated_at);
	free(e->author);
	memset(e, 0, sizeof *e);
}

void dti_evidence_clear(struct dti_evidence *e)
{
	free(e->code);
	free(e->number);
	free(e->title);
	free(e->summary);
	free(e->file_name);
	free(e->media_type);
	free(e->recorded_at);
	free(e->author);
	free(e->withdrawn_at);
	free(e->withdrawn_by);
	memset(e, 0, sizeof *e);
}

const char *dti_kind_name(enum dti_kind k)
{
	return k < DTI_KIND_COUNT ? dti_kind_names[k] : "?";
}

const char *dti_kind_label_vi(enum dti_kind k)
{
	return k < DTI_KIND_COUNT ? dti_kind_labels[k] : "?";
}

int dti_kind_parse(const char *s, enum dti_kind *out)
{
	for (int k = 0; k < DTI_KIND_COUNT; k++)
		if (strcmp(s, dti_kind_names[k]) == 0) {
			*out = (enum dti_kind)k;
			return 0;
		}
	return -1;
}

const char *dti_status_name(enum dti_status s)
{
	return s < DTI_STATUS_COUNT ? dti_status_names[s] : "?";
}

const char *dti_status_label_vi(enum dti_status s)
{
	return s < DTI_STATUS_COUNT ? dti_status_labels[s] : "?";
}

int dti_status_parse(const char *s, enum dti_status *out)
{
	for (int k = 0; k < DTI_STATUS_COUNT; k++)
		if (strcmp(s, dti_status_names[k]) == 0) {
			*out = (enum dti_status)k;
			return 0;
		}
	return -1;
}

/* A number of a rule, s[0..len), not negative. */
static int dti_rule_number(const char *s, size_t len, double *out, const char **why)
{
	while (len > 0 && s[0] == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (indicator_number_parse(s, len, out, why) < 0)
		return -1;
	if (*out < 0 || *out > DTI_VALUE_MAX) {
		*why = "a number of a rule must be from 0 to 10^12";
		return -1;
	}
	return 0;
}

static int dti_rule_steps(const char *s, struct dti_rule *r, const char **why)
{
	r->kind = DTI_RULE_STEPS;
	r->n_steps = 0;
	while (*s) {
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *eq = memchr(s, '=', len);
		if (!eq) {
			*why = "each step is VALUE=SCORE, e.g. steps:1=0.25;2=0.5;3=1";
			return -1;
		}
		if (r->n_steps == DTI_STEPS_MAX) {
			*why = "a steps rule has at most 16 steps";
			return -1;
		}
		double v, sc;
		if (dti_rule_number(s, (size_t)(eq - s), &v, why) < 0 ||
		    dti_rule_number(eq + 1, len - (size_t)(eq + 1 - s), &sc, why) < 0)
			return -1;
		if (sc > 1) {
			*why = "a step's score is from 0 to 1";
			return -1;
		}
		if (r->n_steps > 0 && !(v > r->step_value[r->n_steps - 1])) {
			*why = "the values of the steps must increase";
			return -1;
		}
		r->step_value[r->n_steps] = v;
		r->step_score[r->n_steps] = sc;
		r->n_steps++;
		if (!end)
			break;
		s = end + 1;
	}
	if (r->n_steps == 0) {
		*why = "a steps rule needs at least one VALUE=SCORE";
		return -1;
	}
	return 0;
}

int dti_rule_parse(const char *s, struct dti_rule *out, const char **why)
{
	memset(out, 0, sizeof *out);
	if (!s[0]) {
		out->kind = DTI_RULE_NONE;
		return 0;
	}
	if (strcmp(s, "linear") == 0) {
		out->kind = DTI_RULE_LINEAR;
		return 0;
	}
	if (strcmp(s, "yes_no") == 0) {
		out->kind = DTI_RULE_YES_NO;
		return 0;
	}
	if (strncmp(s, "threshold:", 10) == 0) {
		out->kind = DTI_RULE_THRESHOLD;
		return dti_rule_number(s + 10, strlen(s + 10), &out->threshold, why);
	}
	if (strncmp(s, "steps:", 6) == 0)
		return dti_rule_steps(s + 6, out, why);
	*why = "expected linear, yes_no, threshold:T or steps:V1=S1;V2=S2;…";
	return -1;
}

/* %.15g, which gives back the double parsed from it and prints 0.25 as "0.25". */
static void dti_number_format(struct buf *out, double v)
{
	buf_printf(out, "%.15g", v);
}

void dti_rule_format(const struct dti_rule *r, struct buf *out)
{
	switch (r->kind) {
	case DTI_RULE_NONE:
		break;
	case DTI_RULE_LINEAR:
		buf_puts(out, "linear");
		break;
	case DTI_RULE_YES_NO:
		buf_puts(out, "yes_no");
		break;
	case DTI_RULE_THRESHOLD:
		buf_puts(out, "threshold:");
		dti_number_format(out, r->threshold);
		break;
	case DTI_RULE_STEPS:
		buf_puts(out, "steps:");
		for (size_t i = 0; i < r->n_steps; i++) {
			if (i)
				buf_putc(out, ';');
			dti_number_format(out, r->step_value[i]);
			buf_putc(out, '=');
			dti_number_format(out, r->step_score[i]);
		}
		break;
	}
}

int dti_value_check(enum dti_kind kind, double value, const char **why)
{
	if (!isfinite(value) || fabs(value) > DTI_VALUE_MAX) {
		*why = "the value must be a number of at most 10^12";
		return -1;
	}
	switch (kind) {
	case DTI_PERCENT:
		if (value < 0 || value > 100) {
			*why = "a percentage is from 0 to 100";
			return -1;
		}
		break;
	case DTI_YES_NO:
		if (value != 0 && value != 1) {
			*why = "a yes/no value is 1 (yes) or 0 (no)";
			return -1;
		}
		break;
	case DTI_COUNT:
	case DTI_LEVEL:
	case DTI_KIND_COUNT:
		if (value < 0) {
			*why = "the value cannot be negative";
			return -1;
		}
		break;
	}
	return 0;
}

double dti_rule_score(const struct dti_rule *r, double target, double value)
{
	double s = 0;
	switch (r->kind) {
	case DTI_RULE_NONE:
		break;
	case DTI_RULE_LINEAR:
		s = target > 0 ? value / target : 0;
		break;
	case DTI_RULE_YES_NO:
		s = value == 1;
		break;
	case DTI_RULE_THRESHOLD:
		s = value >= r->threshold;
		break;
	case DTI_RULE_STEPS:
		for (size_t i = 0; i < r->n_steps && r->step_value[i] <= value; i++)
			s = r->step_score[i];
		break;
	}
	return s < 0 ? 0 : s > 1 ? 1 : s;
}

static bool dti_code_valid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return n > 0 && n <= DTI_CODE_MAX;
}

/* The index of the item with this code among items[0..n), or n. */
static size_t dti_find(const struct dti_item *items, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].code && strcmp(items[i].code, code) == 0)
			return i;
	return n;
}

struct dti_reporter {
	void (*report)(void *ctx, size_t item, const char *column, const char *message);
	void *ctx;
	int problems;
};

__attribute__((format(printf, 4, 5))) static void
dti_report(struct dti_reporter *r, size_t item, const char *column, const char *fmt, ...)
{
	char message[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	r->report(r->ctx, item, column, message);
	r->problems++;
}

/* The rules of one scored item (a component, or a main index without components). */
static void dti_check_scored(struct dti_reporter *r, const struct dti_item *it, size_t i)
{
	if (!it->has_kind)
		dti_report(r, i, "kind",
		           "a scored item needs a kind: percent, count, yes_no or level");
	if (it->rule.kind == DTI_RULE_NONE)
		dti_report(r, i, "rule",
		           "a scored item needs a rule: linear, yes_no, threshold:T or steps:…");
	if (it->rule.kind == DTI_RULE_LINEAR && !(it->has_target && it->target > 0))
		dti_report(r, i, "target", "a linear rule needs a target above 0");
	if (it->has_target && !(it->target >= 0 && it->target <= DTI_VALUE_MAX))
		dti_report(r, i, "target", "the target must be from 0 to 10^12");
	if (it->has_kind && (it->rule.kind == DTI_RULE_YES_NO) != (it->kind == DTI_YES_NO))
		dti_report(r, i, "rule", "the yes_no rule goes with the yes_no kind, and only it");
	if (it->has_kind && it->kind == DTI_PERCENT && it->has_target && it->target > 100)
		dti_report(r, i, "target", "a percentage target is at most 100");
}

/* The weight of component it, as the file gives it (0: none given). */
static double dti_given_weight(const struct dti_item *it)
{
	return it->has_weight ? it->weight : it->has_points ? it->points : 0;
}

int dti_framework_check(const struct dti_item *items, size_t n,
                        void (*report)(void *ctx, size_t item, const char *column,
                                       const char *message),
                        void *ctx)
{
	struct dti_reporter r = {report, ctx, 0};
	double total = 0;
	if (n > DTI_ITEMS_MAX)
		dti_report(&r, n, NULL, "a framework has at most %d items", DTI_ITEMS_MAX);
	for (size_t i = 0; i < n; i++) {
		const struct dti_item *it = &items[i];
		if (!it->code || !dti_code_valid(it->code))
			dti_report(&r, i, "code",
			           "a code is 1 to %d letters, digits, '.', '_' or '-'",
			           DTI_CODE_MAX);
		else if (dti_find(items, i, it->code) < i)
			dti_report(&r, i, "code", "%s is listed twice", it->code);
		if (!it->name || !it->name[0])
			dti_report(&r, i, "name", "the name is empty");
		else if (utf8_length(it->name, strlen(it->name)) > DTI_NAME_MAX)
			dti_report(&r, i, "name", "the name is longer than %d characters",
			           DTI_NAME_MAX);
		if (it->has_weight && !(it->weight > 0 && it->weight <= DTI_VALUE_MAX))
			dti_report(&r, i, "weight", "a weight must be a number above 0");
		if (it->has_points && !(it->points >= 0 && it->points <= DTI_VALUE_MAX))
			dti_report(&r, i, "points", "points must be a number from 0 to 10^12");
		if (!it->parent) {
			bool has_components = false;
			for (size_t j = i + 1; j < n && !has_components; j++)
				has_components = items[j].parent && it->code &&
				                 strcmp(items[j].parent, it->code) == 0;
			if (!it->has_points)
				dti_report(
				    &r, i, "points",
				    "a main index needs its points (its weight out of 1000)");
			else
				total += it->points;
			if (it->has_weight)
				dti_report(&r, i, "weight",
				           "a main index has no weight: its points weigh it");
			if (has_components && it->rule.kind != DTI_RULE_NONE)
				dti_report(
				    &r, i, "rule",
				    "a main index with components is scored from them: leave "
				    "its rule empty");
			if (!has_components)
				dti_check_scored(&r, it, i);
			continue;
		}
		size_t p = dti_find(items, i, it->parent);
		if (p == i) {
			dti_report(&r, i, "parent", "%s is not a main index listed before this row",
			           it->parent);
			continue;
		}
		if (items[p].parent) {
			dti_report(&r, i, "parent",
			           "%s is a component: a component's parent is a main index",
			           it->parent);
			continue;
		}
		dti_check_scored(&r, it, i);
		/* weights: the same kind for every component of the index as its first one */
		size_t first = i;
		for (size_t j = p + 1; j < i; j++)
			if (items[j].parent && strcmp(items[j].parent, it->parent) == 0) {
				first = j;
				break;
			}
		if (first < i) {
			const struct dti_item *f = &items[first];
			bool same = f->has_weight == it->has_weight &&
			            (f->has_weight || f->has_points == it->has_points);
			if (!same)
				dti_report(
				    &r, i, it->has_weight || f->has_weight ? "weight" : "points",
				    "give a weight (or points) to every component of %s, or to "
				    "none",
				    it->parent);
		}
		if (!it->has_weight && it->has_points && !(it->points > 0))
			dti_report(&r, i, "points",
			           "a component's points weigh it within its index: above 0");
	}
	if (n > 0 && !(total > 0))
		dti_report(&r, n, "points", "the main indices' points add up to 0");
	return r.problems;
}

bool dti_item_scored(const struct dti_item *items, size_t n, size_t i)
{
	if (items[i].parent)
		return true;
	for (size_t j = 0; j < n; j++)
		if (items[j].parent && strcmp(items[j].parent, items[i].code) == 0)
			return false;
	return true;
}

static bool dti_str_equal(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool dti_item_equal(const struct dti_item *a, const struct dti_item *b)
{
	if (!dti_str_equal(a->code, b->code) || !dti_str_equal(a->parent, b->parent) ||
	    !dti_str_equal(a->name, b->name) || !dti_str_equal(a->source, b->source))
		return false;
	if (a->has_points != b->has_points || (a->has_points && a->points != b->points))
		return false;
	if (a->has_kind != b->has_kind || (a->has_kind && a->kind != b->kind))
		return false;
	if (a->has_target != b->has_target || (a->has_target && a->target != b->target))
		return false;
	if (a->has_weight != b->has_weight || (a->has_weight && a->weight != b->weight))
		return false;
	if (a->evidence_required != b->evidence_required || a->official != b->official)
		return false;
	const struct dti_rule *p = &a->rule, *q = &b->rule;
	if (p->kind != q->kind || p->threshold != q->threshold || p->n_steps != q->n_steps)
		return false;
	for (size_t i = 0; i < p->n_steps; i++)
		if (p->step_value[i] != q->step_value[i] || p->step_score[i] != q->step_score[i])
			return false;
	return true;
}

bool dti_evidence_counts(int year, struct date d)
{
	return date_is_set(d) && d.year == year;
}

bool dti_evidence_backs(const struct dti_evidence *e)
{
	return !e->withdrawn_at && dti_evidence_counts(e->year, e->doc_date);
}

void dti_assessment_init(struct dti_assessment *a, size_t n)
{
	memset(a, 0, sizeof *a);
	a->n = n;
	size_t m = n ? n : 1;
	a->items = mem_calloc(m, sizeof *a->items);
	a->entries = mem_calloc(m, sizeof *a->entries);
	a->item_score = mem_calloc(m, sizeof(double));
	a->item_max_points = mem_calloc(m, sizeof(double));
	a->item_points = mem_calloc(m, sizeof(double));
	a->item_at_risk = mem_calloc(m, sizeof(double));
	a->scored = mem_calloc(m, sizeof(bool));
	a->owed = mem_calloc(m, sizeof(bool));
	a->overdue = mem_calloc(m, sizeof(bool));
	a->main_of = mem_calloc(m, sizeof(size_t));
	a->previous.has_value = mem_calloc(m, sizeof(bool));
	a->previous.value = mem_calloc(m, sizeof(double));
}

void dti_assessment_clear(struct dti_assessment *a)
{
	for (size_t i = 0; a->items && i < a->n; i++) {
		dti_item_clear(&a->items[i]);
		dti_entry_clear(&a->entries[i]);
	}
	free(a->framework);
	free(a->province);
	free(a->items);
	free(a->entries);
	free(a->item_score);
	free(a->item_max_points);
	free(a->item_points);
	free(a->item_at_risk);
	free(a->scored);
	free(a->owed);
	free(a->overdue);
	free(a->main_of);
	free(a->previous.has_value);
	free(a->previous.value);
	memset(a, 0, sizeof *a);
}

/* Scores one scored item and decides whether it is owed and overdue. */
static void dti_assess_item(struct dti_assessment *a, size_t i)
{
	const struct dti_item *it = &a->items[i];
	const struct dti_entry *e = &a->entries[i];
	bool evidenced = !it->evidence_required || e->evidence_in_year > 0;
	a->scored[i] = true;
	a->item_score[i] = e->has_value ? dti_rule_score(&it->rule, it->target, e->value) : 0;
	a->owed[i] = !e->has_value || !evidenced || e->status < DTI_SUBMITTED;
	a->overdue[i] = a->owed[i] && date_is_set(e->due) && date_is_set(a->as_of) &&
	                date_compare(e->due, a->as_of) < 0;
}

void dti_assess(struct dti_assessment *a)
{
	a->points_total = 0;
	for (size_t i = 0; i < a->n; i++)
		if (!a->items[i].parent)
			a->points_total += a->items[i].points;
	double scale = a->points_total > 0 ? DTI_POINTS_TOTAL / a->points_total : 0;
	a->score = a->points = a->points_evidenced = a->points_at_risk = 0;

	for (size_t m = 0; m < a->n; m++) {
		const struct dti_item *main = &a->items[m];
		if (main->parent)
			continue;
		a->main_of[m] = m;
		a->item_max_points[m] = main->points * scale;
		double sum_w = 0, sum_ws = 0;
		bool has_components = false;
		for (size_t c = m + 1; c < a->n; c++) {
			if (!a->items[c].parent || strcmp(a->items[c].parent, main->code) != 0)
				continue;
			has_components = true;
			a->main_of[c] = m;
			dti_assess_item(a, c);
			double w = dti_given_weight(&a->items[c]);
			w = w > 0 ? w : 1;
			sum_w += w;
			sum_ws += w * a->item_score[c];
		}
		if (!has_components) {
			dti_assess_item(a, m);
		} else {
			a->item_score[m] = sum_w > 0 ? sum_ws / sum_w : 0;
			for (size_t c = m + 1; c < a->n; c++) {
				if (!a->items[c].parent ||
				    strcmp(a->items[c].parent, main->code) != 0)
					continue;
				double w = dti_given_weight(&a->items[c]);
				w = w > 0 ? w : 1;
				a->item_max_points[c] = a->item_max_points[m] * w / sum_w;
			}
		}
	}
	/* contributions and risks of the scored items, summed into their main index */
	for (size_t i = 0; i < a->n; i++) {
		if (!a->scored[i])
			continue;
		const struct dti_item *it = &a->items[i];
		bool evidenced = !it->evidence_required || a->entries[i].evidence_in_year > 0;
		a->item_points[i] = a->item_max_points[i] * a->item_score[i];
		a->item_at_risk[i] = evidenced ? 0 : a->item_points[i];
		size_t m = a->main_of[i];
		if (m != i) {
			a->item_points[m] += a->item_points[i];
			a->item_at_risk[m] += a->item_at_risk[i];
		}
		a->points += a->item_points[i];
		a->points_at_risk += a->item_at_risk[i];
	}
	a->score = a->points / DTI_POINTS_TOTAL;
	a->points_evidenced = a->points - a->points_at_risk;
}

double dti_total(const double *values, const double *points, size_t n)
{
	double sum = 0, total = 0;
	for (size_t i = 0; i < n; i++) {
		sum += values[i] * points[i];
		total += points[i];
	}
	return total > 0 ? sum / total : 0;
}
