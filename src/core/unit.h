/* unit.h — organisation units: the administrative tree and the agencies in it.
 *
 * nation > province > district > commune (the district level exists before 1 July 2025 only);
 * agencies (Sở, Ban, Công an tỉnh…) hang under a province or district. Codes are the official GSO
 * codes for administrative units ("06", "058", "01834") and short codes of our own for agencies.
 */
#ifndef DXTRACK_UNIT_H
#define DXTRACK_UNIT_H

#include <stdbool.h>
#include <stddef.h>

enum unit_kind {
	UNIT_NATION,
	UNIT_PROVINCE,
	UNIT_DISTRICT,
	UNIT_COMMUNE,
	UNIT_AGENCY,
	UNIT_KIND_COUNT
};

#define UNIT_CODE_MAX 32  /* bytes */
#define UNIT_NAME_MAX 300 /* code points */

struct unit {
	char *code;
	char *name;
	enum unit_kind kind;
	char *parent_code; /* NULL for the nation */
};

void unit_clear(struct unit *u);                         /* frees the strings and zeroes */
const char *unit_kind_code(enum unit_kind k);            /* "province" */
const char *unit_kind_label_vi(enum unit_kind k);        /* "tỉnh" */
int unit_kind_parse(const char *s, enum unit_kind *out); /* 0, or -1 if unknown */

/* True when a code is 1..UNIT_CODE_MAX bytes of ASCII letters, digits, '.', '_' or '-'. Task codes
 * follow the same rule (with their own length limit). */
bool unit_code_valid(const char *code, size_t max_len);

/* True when a unit of this kind may hang under a parent of parent_kind: province under nation;
 * district under province; commune under district or (from 2025) province; agency under nation,
 * province or district. */
bool unit_parent_allowed(enum unit_kind kind, enum unit_kind parent_kind);

#endif
