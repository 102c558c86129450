/* unit.c — organisation-unit kinds, codes, the shape of the administrative tree, and the
 * validity spans and events of units over time (unit.h). */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"

static const char *const unit_kind_codes[UNIT_KIND_COUNT] = {
    "nation", "province", "district", "commune", "agency",
};
static const char *const unit_kind_labels[UNIT_KIND_COUNT] = {
    "quốc gia", "tỉnh", "huyện", "xã", "cơ quan",
};

void unit_clear(struct unit *u)
{
	free(u->code);
	free(u->name);
	free(u->parent_code);
	memset(u, 0, sizeof *u);
}

int unit_list_add(void *list, const struct unit *u)
{
	struct unit_list *l = list;
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = mem_realloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->count++] = (struct unit){
	    .code = mem_strdup(u->code),
	    .name = mem_strdup(u->name),
	    .kind = u->kind,
	    .parent_code = mem_strdup(u->parent_code),
	    .valid_from = u->valid_from,
	    .valid_to = u->valid_to,
	};
	return 0;
}

void unit_list_finish(struct unit_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		unit_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

const char *unit_kind_code(enum unit_kind k)
{
	return (unsigned)k < UNIT_KIND_COUNT ? unit_kind_codes[k] : "?";
}

const char *unit_kind_label_vi(enum unit_kind k)
{
	return (unsigned)k < UNIT_KIND_COUNT ? unit_kind_labels[k] : "?";
}

int unit_kind_parse(const char *s, enum unit_kind *out)
{
	for (int i = 0; i < UNIT_KIND_COUNT; i++) {
		if (strcmp(s, unit_kind_codes[i]) == 0) {
			*out = (enum unit_kind)i;
			return 0;
		}
	}
	return -1;
}

int unit_kinds_parse(const char *s, unsigned *out)
{
	unsigned kinds = 0;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char word[16];
		enum unit_kind k;
		if (n == 0 || n >= sizeof word)
			return -1;
		memcpy(word, s, n);
		word[n] = '\0';
		if (unit_kind_parse(word, &k) < 0)
			return -1;
		kinds |= 1u << k;
		s += n + (end != NULL);
		if (end && !*s)
			return -1; /* a trailing comma */
	}
	if (!kinds)
		return -1;
	*out = kinds;
	return 0;
}

bool unit_code_valid(const char *code, size_t max_len)
{
	size_t n = strlen(code);
	if (n == 0 || n > max_len)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

bool unit_parent_allowed(enum unit_kind kind, enum unit_kind parent_kind)
{
	switch (kind) {
	case UNIT_NATION:
		return false;
	case UNIT_PROVINCE:
		return parent_kind == UNIT_NATION;
	case UNIT_DISTRICT:
		return parent_kind == UNIT_PROVINCE;
	case UNIT_COMMUNE:
		return parent_kind == UNIT_DISTRICT || parent_kind == UNIT_PROVINCE;
	case UNIT_AGENCY:
		return parent_kind == UNIT_NATION || parent_kind == UNIT_PROVINCE ||
		       parent_kind == UNIT_DISTRICT;
	default:
		return false;
	}
}

/* ---- units over time ---- */

static const char *const unit_event_codes[UNIT_EVENT_COUNT] = {
    "merge",
    "dissolve",
    "split",
    "move",
};
static const char *const unit_event_labels[UNIT_EVENT_COUNT] = {
    "sáp nhập",
    "giải thể",
    "chia tách",
    "điều chuyển",
};

void unit_link_clear(struct unit_link *l)
{
	free(l->code);
	free(l->parent_code);
	memset(l, 0, sizeof *l);
}

void unit_succession_clear(struct unit_succession *e)
{
	free(e->code);
	free(e->successor_code);
	memset(e, 0, sizeof *e);
}

const char *unit_event_code(enum unit_event e)
{
	return (unsigned)e < UNIT_EVENT_COUNT ? unit_event_codes[e] : "?";
}

const char *unit_event_label_vi(enum unit_event e)
{
	return (unsigned)e < UNIT_EVENT_COUNT ? unit_event_labels[e] : "?";
}

int unit_event_parse(const char *s, enum unit_event *out)
{
	for (int i = 0; i < UNIT_EVENT_COUNT; i++) {
		if (strcmp(s, unit_event_codes[i]) == 0) {
			*out = (enum unit_event)i;
			return 0;
		}
	}
	return -1;
}

bool unit_span_holds(struct date from, struct date to, struct date on)
{
	if (date_is_set(from) && date_compare(on, from) < 0)
		return false;
	return !date_is_set(to) || date_compare(on, to) < 0;
}

bool unit_span_valid(struct date from, struct date to)
{
	return !date_is_set(from) || !date_is_set(to) || date_compare(from, to) < 0;
}

bool unit_span_within(struct date from, struct date to, struct date outer_from,
                      struct date outer_to)
{
	/* an open start is inside an open start only; likewise an open end */
	if (date_is_set(outer_from) && (!date_is_set(from) || date_compare(from, outer_from) < 0))
		return false;
	return !date_is_set(outer_to) || (date_is_set(to) && date_compare(to, outer_to) <= 0);
}

bool unit_valid_on(const struct unit *u, struct date on)
{
	return unit_span_holds(u->valid_from, u->valid_to, on);
}

void unit_span_format(struct buf *out, struct date from, struct date to)
{
	if (!date_is_set(from) && !date_is_set(to)) {
		buf_puts(out, "always");
		return;
	}
	if (date_is_set(from)) {
		buf_puts(out, "from ");
		date_format_iso(out, from);
	}
	if (date_is_set(to)) {
		buf_puts(out, date_is_set(from) ? ", before " : "before ");
		date_format_iso(out, to);
	}
}
