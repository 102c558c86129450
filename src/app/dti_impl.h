/* dti_impl.h — what the DTI use cases (dti.c, dti_import.c, dti_evidence.c) share. */
#ifndef DXTRACK_DTI_IMPL_H
#define DXTRACK_DTI_IMPL_H

#include "app_impl.h"

/* A year bound to a framework, with the framework's items. */
struct dti_year {
	int year;
	char *framework;
	char *province; /* NULL when not set */
	struct dti_item *items;
	size_t n;
};

/* Loads the binding of year and its framework's items: APP_OK, APP_NOT_FOUND (with "OBJECT: year
 * Y is not bound to a DTI framework: run dxtrack dti use Y FRAMEWORK" in d) or APP_FAILED. */
enum app_status dti_year_load(struct app *a, int year, struct dti_year *y, struct diag *d);
void dti_year_finish(struct dti_year *y);
/* The index of item code in y, or y->n. */
size_t dti_year_find(const struct dti_year *y, const char *code);

/* Finds a scored item of y for a write: its index, or y->n with "FILE:LINE: code: …" (or
 * "dti Y/CODE: …" when file is NULL) added to d. */
size_t dti_year_scored(const struct dti_year *y, const char *code, const char *file, unsigned line,
                       struct diag *d);

/* The rights (enum app_dti_right) of the acting user on an item whose responsible unit is unit
 * (NULL: nobody's) and whose status is status. -1 on a store failure. */
int dti_rights(struct app *a, const char *unit, enum dti_status status, unsigned *rights);

/* Applies change c to item code of y inside the caller's transaction (rights, rules, version),
 * writing the entry when something changes (*changed says whether it did). Problems go to d
 * as "FILE:LINE: column: message" (file NULL: "dti Y/CODE: …"). result (may be NULL) receives
 * the entry as it now is; *detail (may be NULL) the audit detail of a change, {"old","new",
 * "version"}. Nothing is committed or rolled back here. */
enum app_status dti_apply(struct app *a, const struct dti_year *y, const char *code,
                          const struct app_dti_change *c, const char *file, unsigned line,
                          struct diag *d, struct dti_entry *result, bool *changed, json_t **detail);

/* "dti 2023/3.1": the object of messages and audit rows. */
void dti_object(char *out, size_t size, int year, const char *code);

#endif
