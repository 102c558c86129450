/* report_file.c — one document of the review as a file (the pages' and the API's downloads):
 * "N.docx", "N.pdf" or "N.xlsx" of a report, rendered from version N's frozen snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_impl.h"

static const struct {
	const char *ext;
	enum app_report_format format;
	const char *media_type;
} report_file_kinds[] = {
    {"docx", APP_REPORT_DOCX,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"pdf", APP_REPORT_PDF, "application/pdf"},
    {"xlsx", APP_REPORT_XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

/* The version of the report that the each callback is looking for. */
struct report_file_find {
	int version;
	bool found;
	int year;
	char sha256[65];
};

static int report_file_row(void *ctx, const struct report_version *v)
{
	struct report_file_find *f = ctx;
	if (v->version != f->version)
		return 0;
	f->found = true;
	f->year = v->year;
	memcpy(f->sha256, v->sha256, sizeof f->sha256);
	return 1;
}

enum app_status app_report_file(struct app *a, int64_t report_id, const char *file_name,
                                struct buf *out, struct app_report_file *meta, struct diag *d)
{
	const char *dot = strrchr(file_name, '.');
	size_t k = 0, n = sizeof report_file_kinds / sizeof *report_file_kinds;
	while (dot && k < n && strcmp(dot + 1, report_file_kinds[k].ext) != 0)
		k++;
	char *end = NULL;
	long version =
	    dot && file_name[0] >= '1' && file_name[0] <= '9' ? strtol(file_name, &end, 10) : 0;
	if (!dot || k == n || end != dot || version < 1 || version > 1000000) {
		diag_add(d, NULL, 0, NULL,
		         "no such document: a version's file is N.docx, N.pdf or N.xlsx");
		return APP_NOT_FOUND;
	}
	struct report_file_find f = {.version = (int)version};
	enum app_status s = app_report_versions(a, report_id, report_file_row, &f);
	if (s != APP_OK)
		return s;
	if (!f.found) {
		diag_add(d, NULL, 0, NULL, "report %lld has no version %ld", (long long)report_id,
		         version);
		return APP_NOT_FOUND;
	}
	json_t *snapshot = NULL;
	s = app_report_snapshot(a, report_id, (int)version, &snapshot, d);
	if (s == APP_OK)
		s = app_report_render(snapshot, report_file_kinds[k].format, out, d);
	json_decref(snapshot);
	if (s != APP_OK)
		return s;
	snprintf(meta->name, sizeof meta->name, "bao-cao-%d-ban-%ld.%s", f.year, version,
	         report_file_kinds[k].ext);
	snprintf(meta->etag, sizeof meta->etag, "%.64s-%s", f.sha256, report_file_kinds[k].ext);
	meta->media_type = report_file_kinds[k].media_type;
	return APP_OK;
}
