/* collate.h — Vietnamese alphabetical order (ICU collator "vi").
 *
 * a ă â b c d đ e ê g h i o ô ơ u ư y, tones ordered A À Ả Ã Á Ạ; words compared as words (not the
 * glibc vi_VN order, which gets them wrong). One collator per thread or connection: ICU collators
 * are not safe to share between threads.
 */
#ifndef DXTRACK_COLLATE_H
#define DXTRACK_COLLATE_H

#include <stddef.h>

struct collator;

struct collator *collate_create(void);    /* NULL only if ICU has no "vi" data */
void collate_destroy(struct collator *c); /* accepts NULL */
/* <0, 0, >0 like strcmp, for two UTF-8 strings; invalid UTF-8 compares after valid text. */
int collate_compare(struct collator *c, const char *a, size_t alen, const char *b, size_t blen);

#endif
