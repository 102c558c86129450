/* dti_evidence.c — evidence (tài liệu kiểm chứng) of DTI items: `dxtrack dti evidence`, the item
 * page's upload form, POST /api/v1/dti/{y}/{c}/evidence. A file's type is recognised from its
 * bytes, never from its name alone; its SHA-256 (libsodium) is its key in the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "dti_impl.h"

#define DTI_FILE_NAME_MAX 200 /* bytes of a stored file name */

static const char dti_docx_type[] =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
static const char dti_xlsx_type[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

static bool dti_has(const void *data, size_t len, const char *needle)
{
	return memmem(data, len, needle, strlen(needle)) != NULL;
}

/* The media type of an accepted file, or NULL. A ZIP is a DOCX or an XLSX by its parts. */
static const char *dti_media_type(const unsigned char *p, size_t len)
{
	if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	if (len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) {
		if (dti_has(p, len, "word/document.xml"))
			return dti_docx_type;
		if (dti_has(p, len, "xl/workbook.xml"))
			return dti_xlsx_type;
	}
	return NULL;
}

/* The base name of an uploaded file (after the last '/' or '\'), without control characters,
 * at most DTI_FILE_NAME_MAX bytes cut at a character boundary; "tai-lieu" when nothing is
 * left. Malloc'd. */
static char *dti_file_name(const char *name)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	struct buf b;
	buf_init(&b, 0);
	for (const unsigned char *p = (const unsigned char *)base; *p; p++)
		if (*p >= 0x20 && *p != 0x7F)
			buf_putc(&b, (char)*p);
	size_t len = b.len;
	if (len > DTI_FILE_NAME_MAX) {
		len = DTI_FILE_NAME_MAX;
		while (len > 0 && ((unsigned char)b.data[len] & 0xC0) == 0x80)
			len--;
	}
	char *out = len && utf8_valid(b.data, len, NULL) && strcmp(b.data, ".") != 0 &&
	                    strcmp(b.data, "..") != 0
	                ? mem_strndup(b.data, len)
	                : mem_strdup("tai-lieu");
	buf_finish(&b);
	return out;
}

/* A text field: valid UTF-8 of at most max characters (required: not empty). */
static int dti_text_check(const char *s, size_t max, bool required, const char *object,
                          const char *column, struct diag *d)
{
	size_t len = s ? strlen(s) : 0;
	if (required && len == 0) {
		diag_add(d, object, 0, column, "required");
		return 1;
	}
	if (len && !utf8_valid(s, len, NULL)) {
		diag_add(d, object, 0, column, "invalid UTF-8");
		return 1;
	}
	if (len && utf8_length(s, len) > max) {
		diag_add(d, object, 0, column, "longer than %zu characters", max);
		return 1;
	}
	return 0;
}

/* Checks the reference and the file; fills the record (type, hash, name). Problems reported. */
static int dti_evidence_check(const struct app_dti_evidence_new *n, const char *object,
                              struct diag *d, struct dti_evidence *e)
{
	int problems = dti_text_check(n->title, DTI_TEXT_MAX, true, object, "title", d) +
	               dti_text_check(n->number, DTI_NUMBER_MAX, false, object, "number", d) +
	               dti_text_check(n->summary, DTI_TEXT_MAX, false, object, "summary", d);
	if (!date_is_set(n->doc_date)) {
		diag_add(d, object, 0, "date", "the document's date is required");
		problems++;
	}
	if (!n->file)
		return problems;
	if (n->file_bytes > DTI_EVIDENCE_MAX_BYTES) {
		diag_add(d, object, 0, "file", "the file has %zu bytes: at most %zu MiB",
		         n->file_bytes, DTI_EVIDENCE_MAX_BYTES >> 20);
		return problems + 1;
	}
	if (n->file_bytes == 0) {
		diag_add(d, object, 0, "file", "the file is empty");
		return problems + 1;
	}
	const char *type = dti_media_type(n->file, n->file_bytes);
	if (!type) {
		diag_add(d, object, 0, "file",
		         "not a PDF, DOCX, XLSX, PNG or JPEG file (recognised from its content)");
		return problems + 1;
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, n->file, n->file_bytes);
	sodium_bin2hex(e->sha256, sizeof e->sha256, hash, sizeof hash);
	e->has_file = true;
	e->media_type = mem_strdup(type);
	e->size_bytes = (int64_t)n->file_bytes;
	e->file_name = dti_file_name(n->file_name);
	return problems;
}

/* The entry of (y, code) and the acting user's rights on it; 1 when the user may handle its
 * evidence, 0 when not (reported), -1 on a store failure. */
static int dti_evidence_may(struct app *a, int year, const char *code, const char *object,
                            struct diag *d)
{
	struct dti_entry e = {0};
	unsigned rights;
	int rc = store_dti_entry_get(a->store, year, code, &e);
	if (rc >= 0)
		rc = dti_rights(a, e.unit, e.status, &rights);
	if (rc >= 0) {
		rc = (rights & APP_DTI_EVIDENCE) != 0;
		if (!rc && a->who.role == ROLE_EDITOR && e.status == DTI_VERIFIED)
			diag_add(
			    d, object, 0, NULL,
			    "the item is verified: only an administrator may change its evidence");
		else if (!rc && a->who.role == ROLE_EDITOR && !e.unit)
			diag_add(d, object, 0, NULL, "the item is not assigned to a unit yet");
		else if (!rc && a->who.role == ROLE_EDITOR)
			diag_add(d, object, 0, NULL,
			         "the item is assigned to %s, outside your unit %s", e.unit,
			         a->who.unit[0] ? a->who.unit : "(none)");
		else if (!rc)
			diag_add(d, object, 0, NULL, "%s may not add or withdraw evidence",
			         app_role_phrase(a->who.role));
	}
	dti_entry_clear(&e);
	return rc;
}

enum app_status app_dti_evidence_add(struct app *a, int year, const char *code,
                                     const struct app_dti_evidence_new *n, struct diag *d,
                                     int64_t *id)
{
	struct dti_year y = {0};
	struct dti_evidence e = {0};
	char object[96];
	dti_object(object, sizeof object, year, code);
	*id = 0;
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	status = dti_year_load(a, year, &y, d);
	if (status != APP_OK)
		goto rollback;
	status = APP_NOT_FOUND;
	if (dti_year_scored(&y, code, NULL, 0, d) == y.n)
		goto rollback;
	int rc = dti_evidence_may(a, year, code, object, d);
	if (rc <= 0) {
		status = rc < 0 ? APP_FAILED : APP_FORBIDDEN;
		goto rollback;
	}
	status = APP_BAD_INPUT;
	if (dti_evidence_check(n, object, d, &e) > 0)
		goto rollback;
	e.year = year;
	e.code = mem_strdup(code);
	e.number = mem_strdup(n->number ? n->number : "");
	e.title = mem_strdup(n->title);
	e.doc_date = n->doc_date;
	e.summary = mem_strdup(n->summary ? n->summary : "");
	e.recorded_at = mem_strdup(a->now);
	e.author = mem_strdup(a->actor);
	rc = store_dti_evidence_add(a->store, &e, n->file);
	char date[16];
	snprintf(date, sizeof date, "%04d-%02d-%02d", e.doc_date.year, e.doc_date.month,
	         e.doc_date.day);
	json_t *detail = json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)e.id,
	                           "number", e.number, "title", e.title, "date", date, "file",
	                           e.has_file ? json_string(e.file_name) : json_null(), "sha256",
	                           e.has_file ? json_string(e.sha256) : json_null(), "size_bytes",
	                           e.has_file ? json_integer(e.size_bytes) : json_null());
	status = app_commit(a, rc, "dti.evidence", object, detail);
	if (status == APP_OK)
		*id = e.id;
	goto out;
rollback:
	if (status == APP_FAILED)
		status = app_fail(a);
	else
		store_rollback(a->store);
out:
	dti_evidence_clear(&e);
	dti_year_finish(&y);
	return status;
}

enum app_status app_dti_evidence_withdraw(struct app *a, int64_t id, struct diag *d)
{
	struct dti_evidence e = {0};
	char object[96];
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	int rc = store_dti_evidence_get(a->store, id, &e);
	if (rc <= 0) {
		status = rc < 0 ? APP_FAILED : APP_NOT_FOUND;
		if (rc == 0)
			diag_add(d, NULL, 0, NULL, "no evidence %lld", (long long)id);
		goto rollback;
	}
	dti_object(object, sizeof object, e.year, e.code);
	if (e.withdrawn_at) {
		diag_add(d, object, 0, NULL, "evidence %lld was already withdrawn on %s",
		         (long long)id, e.withdrawn_at);
		status = APP_BAD_INPUT;
		goto rollback;
	}
	rc = dti_evidence_may(a, e.year, e.code, object, d);
	if (rc <= 0) {
		status = rc < 0 ? APP_FAILED : APP_FORBIDDEN;
		goto rollback;
	}
	status = app_commit(a, store_dti_evidence_withdraw(a->store, id, a->now, a->actor),
	                    "dti.withdraw", object,
	                    json_pack("{s:I,s:s}", "id", (json_int_t)id, "title", e.title));
	goto out;
rollback:
	if (status == APP_FAILED)
		status = app_fail(a);
	else
		store_rollback(a->store);
out:
	dti_evidence_clear(&e);
	return status;
}

enum app_status app_dti_evidence_each(struct app *a, int year, const char *code,
                                      bool with_withdrawn,
                                      int (*each)(void *ctx, const struct dti_evidence *e),
                                      void *ctx)
{
	return store_dti_evidence_each(a->store, year, code, with_withdrawn, each, ctx) < 0
	           ? APP_FAILED
	           : APP_OK;
}

enum app_status app_dti_evidence_file(struct app *a, int64_t id, struct dti_evidence *meta,
                                      struct buf *content)
{
	enum app_status status = app_require_user(a, NULL);
	if (status != APP_OK)
		return status;
	int rc = store_dti_evidence_get(a->store, id, meta);
	if (rc <= 0)
		return rc < 0 ? APP_FAILED : APP_NOT_FOUND;
	if (!meta->has_file)
		return APP_NOT_FOUND;
	rc = store_dti_file_get(a->store, meta->sha256, content);
	return rc < 0 ? APP_FAILED : rc == 0 ? APP_NOT_FOUND : APP_OK;
}
