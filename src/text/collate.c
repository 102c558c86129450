/* collate.c — Vietnamese alphabetical order with the ICU "vi" collator.
 *
 * Tertiary strength (ICU's default), with normalisation on so that decomposed input compares
 * equal to its NFC form. Invalid UTF-8 sorts after all valid text, in byte order.
 */
#include "collate.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>

#include "../lib/mem.h"
#include "utf8.h"

struct collator {
	UCollator *ucol;
};

struct collator *collate_create(void)
{
	UErrorCode status = U_ZERO_ERROR;
	struct collator *c = NULL;
	UCollator *ucol = ucol_open("vi", &status);

	/* U_USING_DEFAULT_WARNING: no "vi" data, ICU fell back to the root order. */
	if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING)
		goto out;
	status = U_ZERO_ERROR;
	ucol_setAttribute(ucol, UCOL_NORMALIZATION_MODE, UCOL_ON, &status);
	if (U_FAILURE(status))
		goto out;
	c = mem_alloc(sizeof(*c));
	c->ucol = ucol;
	ucol = NULL;
out:
	if (ucol)
		ucol_close(ucol);
	return c;
}

void collate_destroy(struct collator *c)
{
	if (!c)
		return;
	ucol_close(c->ucol);
	free(c);
}

/* Byte order, shorter prefix first: the tie-breaker when ICU cannot be used. */
static int collate_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int r = n ? memcmp(a, b, n) : 0;

	if (r != 0)
		return r < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

int collate_compare(struct collator *c, const char *a, size_t alen, const char *b, size_t blen)
{
	bool avalid = utf8_valid(a, alen, NULL);
	bool bvalid = utf8_valid(b, blen, NULL);

	if (!avalid || !bvalid) {
		if (avalid != bvalid)
			return avalid ? -1 : 1;
		return collate_bytes(a, alen, b, blen);
	}
	/* ICU takes int32_t lengths; texts over 2 GiB never occur in practice. */
	if (alen > INT32_MAX || blen > INT32_MAX)
		return collate_bytes(a, alen, b, blen);

	UErrorCode status = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(c->ucol, a, (int32_t)alen, b, (int32_t)blen, &status);
	if (U_FAILURE(status))
		return collate_bytes(a, alen, b, blen);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}
