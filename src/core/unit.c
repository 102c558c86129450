/* unit.c — organisation-unit kinds, codes and the shape of the administrative tree (unit.h). */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

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
