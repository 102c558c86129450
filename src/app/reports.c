/* reports.c — the review of the committee's report (app.h, "the review"): a report per year is a
 * list of frozen versions, draft → (comments, answers) → revised → … → submitted.
 *
 * A version is made from the live data by app_report_live (app/report_build.c) and serialised
 * once, with json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)); those
 * bytes are what is stored and hashed (SHA-256, libsodium), and every document of the version is
 * rendered from them, so it regenerates byte for byte later. Reading a snapshot hashes it again
 * and fails loudly when the bytes are not those that were hashed.
 *
 * Who may do what: any signed-in user reads and comments (on the latest version while it is not
 * submitted); administrators draft, answer, revise and submit. A revision or a submission is
 * refused (APP_CONFLICT) while a comment on the latest version is open, and once the report is
 * submitted nothing more is added (the schema refuses it too). A comment names a section of its
 * version's document — a doc_block.section value, "0" for the part before the first heading
 * (the header), or "appendix" — and is 1..APP_REPORT_TEXT_MAX characters, as is an answer. Each
 * step is one transaction with its audit row (report.draft, report.comment, report.answer,
 * report.revise, report.submit); a version is built inside that transaction, from one state of
 * the data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "app_impl.h"
#include "reports.h"

/* The largest snapshot read back (a province of 100,000 tasks is far below it). */
#define REPORT_SNAPSHOT_MAX ((size_t)256 << 20)

static const char *const report_status_names[] = {"draft", "revised", "submitted"};
static const char *const report_status_labels[] = {"dự thảo", "bản sửa đổi", "đã trình"};
static const char *const report_answer_names[] = {"open", "accepted", "explained", "rejected"};
static const char *const report_answer_labels[] = {"chưa trả lời", "tiếp thu", "giải trình",
                                                   "không tiếp thu"};

const char *app_report_status_name(enum report_status s)
{
	return (unsigned)s <= REPORT_SUBMITTED ? report_status_names[s] : "draft";
}

const char *app_report_status_label_vi(enum report_status s)
{
	return (unsigned)s <= REPORT_SUBMITTED ? report_status_labels[s] : "";
}

const char *app_report_answer_name(enum report_answer a)
{
	return (unsigned)a <= REPORT_REJECTED ? report_answer_names[a] : "open";
}

const char *app_report_answer_label_vi(enum report_answer a)
{
	return (unsigned)a <= REPORT_REJECTED ? report_answer_labels[a] : "";
}

int app_report_answer_parse(const char *s, enum report_answer *out)
{
	for (int i = 0; s && i <= REPORT_REJECTED; i++)
		if (strcmp(s, report_answer_names[i]) == 0) {
			*out = (enum report_answer)i;
			return 0;
		}
	return -1;
}

static int report_status_parse(const char *s, enum report_status *out)
{
	for (int i = 0; s && i <= REPORT_SUBMITTED; i++)
		if (strcmp(s, report_status_names[i]) == 0) {
			*out = (enum report_status)i;
			return 0;
		}
	return -1;
}

/* "report 2023", "report 2023 v2", "report 2023 v2 comment 7": the object of messages and audit
 * rows. */
static void report_object(char *out, size_t size, int year, int version, int64_t comment)
{
	int n = snprintf(out, size, "report %d", year);
	if (version > 0 && n > 0 && (size_t)n < size)
		n += snprintf(out + n, size - (size_t)n, " v%d", version);
	if (comment > 0 && n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, " comment %lld", (long long)comment);
}

static void report_sha256(const char *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* ---- a report and its latest version ---- */

struct report_latest {
	int64_t id;
	int year;
	int version; /* 0: none */
	enum report_status status;
	char sha256[65];
	char submitted_at[32];
	bool bad; /* a stored status is unknown */
};

static int report_latest_row(void *ctx, const struct store_report_version *v)
{
	struct report_latest *l = ctx;
	l->year = v->year;
	l->version = v->version;
	l->bad |= report_status_parse(v->status, &l->status) < 0;
	snprintf(l->sha256, sizeof l->sha256, "%s", v->sha256);
	snprintf(l->submitted_at, sizeof l->submitted_at, "%s",
	         v->submitted_at ? v->submitted_at : "");
	return 0;
}

/* Loads report id's year and latest version: APP_OK, APP_NOT_FOUND (with a diagnostic) or
 * APP_FAILED. */
static enum app_status report_latest(struct app *a, int64_t id, struct report_latest *l,
                                     struct diag *d)
{
	memset(l, 0, sizeof *l);
	l->id = id;
	int rc = id > 0 ? store_report_year(a->store, id, &l->year) : 0;
	if (rc < 0)
		return APP_FAILED;
	if (rc == 0) {
		if (d)
			diag_add(d, NULL, 0, NULL,
			         "no report with id %lld: see dxtrack report list", (long long)id);
		return APP_NOT_FOUND;
	}
	if (store_report_versions_each(a->store, id, report_latest_row, l) < 0)
		return APP_FAILED;
	if (l->version == 0 || l->bad) {
		char object[64];
		report_object(object, sizeof object, l->year, 0, 0);
		if (d)
			diag_add(d, object, 0, NULL, "the stored report has %s",
			         l->bad ? "a version of unknown status" : "no version");
		return APP_FAILED;
	}
	return APP_OK;
}

/* Rolls back and returns status (APP_FAILED through app_fail, keeping the store's reason). */
static enum app_status report_abort(struct app *a, enum app_status status)
{
	if (status == APP_FAILED)
		return app_fail(a);
	store_rollback(a->store);
	return status;
}

/* Makes version `version` (status) of report id from the live data, inside the caller's
 * transaction: the snapshot serialised once, hashed, stored. sha receives its SHA-256. */
static enum app_status report_make_version(struct app *a, int64_t id, int year, int version,
                                           enum report_status status,
                                           const struct app_report_options *o, struct diag *d,
                                           char sha[65])
{
	json_t *snapshot = NULL;
	enum app_status s = app_report_live(a, year, o, &snapshot, d);
	if (s != APP_OK) {
		json_decref(snapshot);
		return s;
	}
	char *bytes =
	    json_dumps(snapshot, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(snapshot);
	char object[64];
	report_object(object, sizeof object, year, version, 0);
	if (!bytes) {
		diag_add(d, object, 0, NULL, "the report could not be serialised");
		return APP_FAILED;
	}
	size_t len = strlen(bytes);
	report_sha256(bytes, len, sha);
	struct store_report_version v = {
	    .report_id = id,
	    .version = version,
	    .status = app_report_status_name(status),
	    .sha256 = sha,
	    .created_at = a->now,
	    .author = a->actor,
	};
	int rc = store_report_version_add(a->store, &v, bytes, len);
	free(bytes);
	if (rc == STORE_CONFLICT) {
		diag_add(d, object, 0, NULL,
		         "version %d was made by someone else meanwhile: reload", version);
		return APP_CONFLICT;
	}
	return rc < 0 ? APP_FAILED : APP_OK;
}

/* Checks that the latest version may move on (be revised or submitted): not submitted, no
 * comment open. APP_OK, APP_CONFLICT (with a diagnostic) or APP_FAILED. */
static enum app_status report_may_move_on(struct app *a, const struct report_latest *l,
                                          const char *what, struct diag *d)
{
	char object[64];
	report_object(object, sizeof object, l->year, l->version, 0);
	if (l->status == REPORT_SUBMITTED) {
		diag_add(d, object, 0, NULL,
		         "the report was submitted (version %d, %s): it can no longer be %s",
		         l->version, l->submitted_at, what);
		return APP_CONFLICT;
	}
	int64_t open = 0;
	if (store_report_open_count(a->store, l->id, l->version, &open) < 0)
		return APP_FAILED;
	if (open > 0) {
		diag_add(d, object, 0, NULL,
		         "%lld comment%s on version %d %s still open: answer %s before the report "
		         "is %s",
		         (long long)open, open == 1 ? "" : "s", l->version,
		         open == 1 ? "is" : "are", open == 1 ? "it" : "them", what);
		return APP_CONFLICT;
	}
	return APP_OK;
}

/* ---- the writes ---- */

enum app_status app_report_draft(struct app *a, int year, const struct app_report_options *o,
                                 int64_t *report_id, struct diag *d)
{
	static const struct app_report_options none;
	char object[64], sha[65];
	int64_t id = 0;
	if (!o)
		o = &none;
	report_object(object, sizeof object, year, 0, 0);
	enum app_status status = app_require_admin(a, d, "draft a report");
	if (status != APP_OK)
		return status;
	if (year < TASK_YEAR_MIN || year > TASK_YEAR_MAX) {
		diag_add(d, object, 0, "year", "the year must be from %d to %d", TASK_YEAR_MIN,
		         TASK_YEAR_MAX);
		return APP_BAD_INPUT;
	}
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	int rc = store_report_find(a->store, year, &id);
	if (rc < 0)
		return app_fail(a);
	if (rc == 0)
		rc = store_report_add(a->store, year, a->now, a->actor, &id);
	else
		rc = STORE_CONFLICT;
	if (rc == STORE_CONFLICT) {
		store_rollback(a->store);
		if (store_report_find(a->store, year, &id) == 1)
			*report_id = id;
		diag_add(d, object, 0, NULL,
		         "year %d has a report already (id %lld): revise it (dxtrack report revise "
		         "%lld)",
		         year, (long long)id, (long long)id);
		return APP_CONFLICT;
	}
	if (rc < 0)
		return app_fail(a);
	status = report_make_version(a, id, year, 1, REPORT_DRAFT, o, d, sha);
	if (status != APP_OK)
		return report_abort(a, status);
	report_object(object, sizeof object, year, 1, 0);
	json_t *detail = json_pack("{s:i,s:I,s:i,s:s,s:s}", "year", year, "report", (json_int_t)id,
	                           "version", 1, "status", "draft", "sha256", sha);
	status = app_commit(a, 0, "report.draft", object, detail);
	if (status == APP_OK)
		*report_id = id;
	return status;
}

enum app_status app_report_revise(struct app *a, int64_t report_id,
                                  const struct app_report_options *o, struct diag *d)
{
	static const struct app_report_options none;
	struct report_latest l;
	char object[64], sha[65];
	if (!o)
		o = &none;
	enum app_status status = app_require_admin(a, d, "issue a revised report");
	if (status != APP_OK)
		return status;
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	status = report_latest(a, report_id, &l, d);
	if (status == APP_OK)
		status = report_may_move_on(a, &l, "revised", d);
	/* the number and date the previous version was given stay unless new ones are */
	struct app_report_options kept = *o;
	json_t *previous = NULL;
	if (status == APP_OK && (!o->number || !date_is_set(o->date)))
		status = app_report_snapshot(a, report_id, l.version, &previous, d);
	if (status == APP_OK && previous) {
		json_t *figures = json_object_get(previous, "figures");
		const char *number = json_string_value(json_object_get(figures, "doc_number"));
		const char *day = json_string_value(json_object_get(figures, "doc_date"));
		const char *why;
		if (!o->number && number && number[0])
			kept.number = number;
		if (!date_is_set(o->date) && day && day[0] &&
		    date_parse(day, strlen(day), &kept.date, &why) < 0)
			kept.date = o->date;
	}
	if (status == APP_OK)
		status = report_make_version(a, report_id, l.year, l.version + 1, REPORT_REVISED,
		                             &kept, d, sha);
	json_decref(previous);
	if (status != APP_OK)
		return report_abort(a, status);
	report_object(object, sizeof object, l.year, l.version + 1, 0);
	json_t *detail = json_pack("{s:i,s:I,s:i,s:s,s:s,s:s}", "year", l.year, "report",
	                           (json_int_t)report_id, "version", l.version + 1, "status",
	                           "revised", "sha256", sha, "previous_sha256", l.sha256);
	return app_commit(a, 0, "report.revise", object, detail);
}

enum app_status app_report_submit(struct app *a, int64_t report_id, struct diag *d)
{
	struct report_latest l;
	char object[64];
	enum app_status status = app_require_admin(a, d, "submit a report");
	if (status != APP_OK)
		return status;
	if (store_begin(a->store) < 0)
		return APP_FAILED;
	status = report_latest(a, report_id, &l, d);
	if (status == APP_OK)
		status = report_may_move_on(a, &l, "submitted", d);
	if (status != APP_OK)
		return report_abort(a, status);
	report_object(object, sizeof object, l.year, l.version, 0);
	int rc = store_report_submit(a->store, report_id, l.version, a->now);
	if (rc < 0)
		return app_fail(a);
	if (rc == 0) {
		store_rollback(a->store);
		diag_add(d, object, 0, NULL, "the version was submitted by someone else meanwhile");
		return APP_CONFLICT;
	}
	json_t *detail =
	    json_pack("{s:i,s:I,s:i,s:s,s:s}", "year", l.year, "report", (json_int_t)report_id,
	              "version", l.version, "status", "submitted", "sha256", l.sha256);
	return app_commit(a, 0, "report.submit", object, detail);
}

/* Checks a comment's or an answer's text: valid UTF-8, 1..APP_REPORT_TEXT_MAX characters once
 * trimmed; *out receives it trimmed, in NFC (malloc'd), or NULL with the problem in d. */
static int report_text(const char *text, const char *object, const char *column, char **out,
                       struct diag *d)
{
	*out = NULL;
	const char *s = text ? text : "";
	size_t len = strlen(s), bad = 0;
	if (!utf8_valid(s, len, &bad)) {
		diag_add(d, object, 0, column, "invalid UTF-8 at byte %zu", bad + 1);
		return -1;
	}
	while (len && strchr(" \t\r\n", *s))
		s++, len--;
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	char *nfc = utf8_nfc(s, len);
	size_t chars = utf8_length(nfc, strlen(nfc));
	if (chars == 0 || chars > APP_REPORT_TEXT_MAX) {
		if (chars)
			diag_add(d, object, 0, column, "%zu characters: at most %d", chars,
			         APP_REPORT_TEXT_MAX);
		else
			diag_add(d, object, 0, column, "write something (1 to %d characters)",
			         APP_REPORT_TEXT_MAX);
		free(nfc);
		return -1;
	}
	*out = nfc;
	return 0;
}

/* Reads and checks a version's snapshot (report_snapshot_read below). */
static enum app_status report_snapshot_read(struct app *a, int64_t report_id, int year, int version,
                                            json_t **snapshot, struct diag *d);

/* Whether section is one of the version's: a doc_block.section of its document, "0" or
 * "appendix". *known receives them all ("0, I, I.1, …, appendix") for the message. */
static bool report_section_known(const json_t *snapshot, const char *section, struct buf *known)
{
	bool found = strcmp(section, "0") == 0 || strcmp(section, "appendix") == 0;
	const json_t *blocks = json_object_get(json_object_get(snapshot, "doc"), "blocks");
	const char *last = "0";
	size_t i;
	const json_t *b;
	buf_puts(known, "0");
	json_array_foreach(blocks, i, b)
	{
		const char *s = json_string_value(json_object_get(b, "section"));
		if (!s || strcmp(s, last) == 0)
			continue;
		found |= strcmp(s, section) == 0;
		if (strcmp(s, "0") != 0)
			buf_printf(known, ", %s", s);
		last = s;
	}
	buf_puts(known, ", appendix");
	return found;
}

enum app_status app_report_comment(struct app *a, int64_t report_id, int version,
                                   const char *section, const char *text, int64_t *comment_id,
                                   struct diag *d)
{
	struct report_latest l;
	char object[96];
	char *clean = NULL;
	json_t *snapshot = NULL;
	struct buf known;
	buf_init(&known, 0);
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		goto out;
	status = APP_FAILED;
	if (store_begin(a->store) < 0)
		goto out;
	status = report_latest(a, report_id, &l, d);
	if (status != APP_OK)
		goto abort;
	report_object(object, sizeof object, l.year, version, 0);
	if (version < 1 || version > l.version) {
		diag_add(d, object, 0, "version", "the report has versions 1 to %d", l.version);
		status = APP_NOT_FOUND;
		goto abort;
	}
	if (version != l.version || l.status == REPORT_SUBMITTED) {
		diag_add(d, object, 0, "version",
		         version != l.version
		             ? "a comment goes on the latest version, %d: this one was revised"
		             : "version %d is submitted: it takes no more comments",
		         l.version);
		status = APP_CONFLICT;
		goto abort;
	}
	status = report_snapshot_read(a, report_id, l.year, version, &snapshot, d);
	if (status != APP_OK)
		goto abort;
	int problems = report_text(text, object, "text", &clean, d) < 0;
	size_t bad = 0;
	if (!section || !section[0] || !utf8_valid(section, strlen(section), &bad)) {
		diag_add(d, object, 0, "section", "name the section commented on (I, I.1, …)");
		problems++;
	} else if (!report_section_known(snapshot, section, &known)) {
		diag_add(d, object, 0, "section", "no section \"%.40s\" in this version: one of %s",
		         section, buf_cstr(&known));
		problems++;
	}
	if (problems) {
		status = APP_BAD_INPUT;
		goto abort;
	}
	struct store_report_comment c = {
	    .report_id = report_id,
	    .version = version,
	    .section = section,
	    .text = clean,
	    .author = a->actor,
	    .created_at = a->now,
	};
	int64_t id = 0;
	if (store_report_comment_add(a->store, &c, &id) < 0) {
		status = app_fail(a);
		goto out;
	}
	report_object(object, sizeof object, l.year, version, id);
	json_t *detail = json_pack("{s:i,s:I,s:i,s:I,s:s,s:s}", "year", l.year, "report",
	                           (json_int_t)report_id, "version", version, "comment",
	                           (json_int_t)id, "section", section, "text", clean);
	status = app_commit(a, 0, "report.comment", object, detail);
	if (status == APP_OK && comment_id)
		*comment_id = id;
	goto out;
abort:
	status = report_abort(a, status);
out:
	json_decref(snapshot);
	free(clean);
	buf_finish(&known);
	return status;
}

/* ---- reading back ---- */

static void report_version_of(const struct store_report_version *s, struct report_version *v)
{
	memset(v, 0, sizeof *v);
	v->report_id = s->report_id;
	v->year = s->year;
	v->version = s->version;
	if (report_status_parse(s->status, &v->status) < 0)
		v->status = REPORT_DRAFT;
	snprintf(v->sha256, sizeof v->sha256, "%s", s->sha256);
	v->created_at = s->created_at;
	v->author = s->author;
	v->submitted_at = s->submitted_at;
}

static void report_comment_of(const struct store_report_comment *s, struct report_comment *c)
{
	memset(c, 0, sizeof *c);
	c->id = s->id;
	c->report_id = s->report_id;
	c->version = s->version;
	c->section = s->section;
	c->text = s->text;
	c->author = s->author;
	c->created_at = s->created_at;
	if (app_report_answer_parse(s->answer, &c->answer) < 0)
		c->answer = REPORT_OPEN;
	c->answer_text = s->answer_text;
	c->answered_by = s->answered_by;
	c->answered_at = s->answered_at;
}

/* The comment app_report_answer works on, copied out of the store's row. */
struct report_found_comment {
	bool found;
	int64_t report_id;
	int version;
	enum report_answer answer;
	char answered_by[128];
	char answered_at[32];
};

static int report_found_comment_row(void *ctx, const struct store_report_comment *s)
{
	struct report_found_comment *f = ctx;
	struct report_comment c;
	report_comment_of(s, &c);
	f->found = true;
	f->report_id = c.report_id;
	f->version = c.version;
	f->answer = c.answer;
	snprintf(f->answered_by, sizeof f->answered_by, "%s", c.answered_by ? c.answered_by : "");
	snprintf(f->answered_at, sizeof f->answered_at, "%s", c.answered_at ? c.answered_at : "");
	return 0;
}

enum app_status app_report_answer(struct app *a, int64_t comment_id, enum report_answer answer,
                                  const char *text, struct diag *d)
{
	char object[96];
	char *clean = NULL;
	struct report_found_comment f = {0};
	snprintf(object, sizeof object, "comment %lld", (long long)comment_id);
	enum app_status status = app_require_admin(a, d, "answer comments");
	if (status != APP_OK)
		return status;
	int problems = 0;
	if (answer != REPORT_ACCEPTED && answer != REPORT_EXPLAINED && answer != REPORT_REJECTED) {
		diag_add(d, object, 0, "answer", "the answer is accepted, explained or rejected");
		problems++;
	}
	problems += report_text(text, object, "text", &clean, d) < 0;
	if (store_begin(a->store) < 0) {
		free(clean);
		return APP_FAILED;
	}
	int rc = comment_id > 0
	             ? store_report_comment_get(a->store, comment_id, report_found_comment_row, &f)
	             : 0;
	int year = 0;
	if (rc == 1)
		rc = store_report_year(a->store, f.report_id, &year);
	if (rc < 0) {
		free(clean);
		return app_fail(a);
	}
	if (rc == 0) {
		diag_add(d, object, 0, NULL, "no such comment");
		status = APP_NOT_FOUND;
	} else if (f.answer != REPORT_OPEN) {
		report_object(object, sizeof object, year, f.version, comment_id);
		diag_add(d, object, 0, NULL, "the comment was answered already (%s, by %s, %s)",
		         app_report_answer_name(f.answer), f.answered_by, f.answered_at);
		status = APP_CONFLICT;
	} else if (problems) {
		status = APP_BAD_INPUT;
	}
	if (status != APP_OK) {
		free(clean);
		return report_abort(a, status);
	}
	report_object(object, sizeof object, year, f.version, comment_id);
	rc = store_report_comment_answer(a->store, comment_id, app_report_answer_name(answer),
	                                 clean, a->actor, a->now);
	if (rc == 0) {
		store_rollback(a->store);
		free(clean);
		diag_add(d, object, 0, NULL, "the comment was answered by someone else meanwhile");
		return APP_CONFLICT;
	}
	json_t *detail =
	    json_pack("{s:i,s:I,s:i,s:I,s:s,s:s}", "year", year, "report", (json_int_t)f.report_id,
	              "version", f.version, "comment", (json_int_t)comment_id, "answer",
	              app_report_answer_name(answer), "text", clean);
	free(clean);
	return app_commit(a, rc < 0 ? -1 : 0, "report.answer", object, detail);
}

struct report_each {
	int (*version)(void *, const struct report_version *);
	int (*comment)(void *, const struct report_comment *);
	void *ctx;
	size_t n;
};

static int report_version_row(void *ctx, const struct store_report_version *s)
{
	struct report_each *e = ctx;
	struct report_version v;
	report_version_of(s, &v);
	e->n++;
	return e->version(e->ctx, &v);
}

static int report_comment_row(void *ctx, const struct store_report_comment *s)
{
	struct report_each *e = ctx;
	struct report_comment c;
	report_comment_of(s, &c);
	e->n++;
	return e->comment(e->ctx, &c);
}

enum app_status app_report_versions(struct app *a, int64_t report_id,
                                    int (*each)(void *ctx, const struct report_version *v),
                                    void *ctx)
{
	enum app_status status = app_require_user(a, NULL);
	if (status != APP_OK)
		return status;
	if (report_id < 0)
		return APP_NOT_FOUND;
	struct report_each e = {.version = each, .ctx = ctx};
	if (store_report_versions_each(a->store, report_id, report_version_row, &e) < 0)
		return APP_FAILED;
	return report_id && e.n == 0 ? APP_NOT_FOUND : APP_OK;
}

enum app_status app_report_comments(struct app *a, int64_t report_id,
                                    int (*each)(void *ctx, const struct report_comment *c),
                                    void *ctx)
{
	enum app_status status = app_require_user(a, NULL);
	if (status != APP_OK)
		return status;
	int year;
	int rc = report_id > 0 ? store_report_year(a->store, report_id, &year) : 0;
	if (rc <= 0)
		return rc < 0 ? APP_FAILED : APP_NOT_FOUND;
	struct report_each e = {.comment = each, .ctx = ctx};
	return store_report_comments_each(a->store, report_id, report_comment_row, &e) < 0
	           ? APP_FAILED
	           : APP_OK;
}

static enum app_status report_snapshot_read(struct app *a, int64_t report_id, int year, int version,
                                            json_t **snapshot, struct diag *d)
{
	char object[64], stored[65] = "", computed[65];
	struct buf bytes;
	*snapshot = NULL;
	report_object(object, sizeof object, year, version, 0);
	buf_init(&bytes, REPORT_SNAPSHOT_MAX);
	int rc = store_report_snapshot(a->store, report_id, version, &bytes, stored);
	enum app_status status = APP_FAILED;
	if (rc == 0) {
		diag_add(d, object, 0, NULL, "the report has no version %d", version);
		status = APP_NOT_FOUND;
	}
	if (rc <= 0)
		goto out;
	report_sha256(bytes.data ? bytes.data : "", bytes.len, computed);
	if (strcmp(computed, stored) != 0) {
		diag_add(d, object, 0, NULL,
		         "the stored snapshot does not match its SHA-256: %s was recorded, its "
		         "bytes give %s. The version was altered after it was made; it is not "
		         "shown",
		         stored, computed);
		goto out;
	}
	json_error_t err;
	*snapshot = json_loadb(bytes.data ? bytes.data : "", bytes.len, 0, &err);
	if (!*snapshot || !json_is_object(*snapshot)) {
		diag_add(d, object, 0, NULL, "the stored snapshot is not a JSON object: %s",
		         *snapshot ? "another value" : err.text);
		json_decref(*snapshot);
		*snapshot = NULL;
		goto out;
	}
	status = APP_OK;
out:
	buf_finish(&bytes);
	return status;
}

enum app_status app_report_snapshot(struct app *a, int64_t report_id, int version,
                                    json_t **snapshot, struct diag *d)
{
	*snapshot = NULL;
	enum app_status status = app_require_user(a, d);
	if (status != APP_OK)
		return status;
	int year = 0;
	int rc = report_id > 0 ? store_report_year(a->store, report_id, &year) : 0;
	if (rc < 0)
		return APP_FAILED;
	if (rc == 0) {
		diag_add(d, NULL, 0, NULL, "no report with id %lld", (long long)report_id);
		return APP_NOT_FOUND;
	}
	return report_snapshot_read(a, report_id, year, version, snapshot, d);
}

/* ---- JSON (reports.h) ---- */

json_t *app_report_version_json(const struct report_version *v)
{
	return json_pack("{s:i,s:s,s:s,s:s,s:s,s:s?}", "version", v->version, "status",
	                 app_report_status_name(v->status), "sha256", v->sha256, "created_at",
	                 v->created_at ? v->created_at : "", "author", v->author ? v->author : "",
	                 "submitted_at", v->submitted_at);
}

json_t *app_report_comment_json(const struct report_comment *c)
{
	return json_pack("{s:I,s:i,s:s,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?}", "id", (json_int_t)c->id,
	                 "version", c->version, "section", c->section ? c->section : "", "text",
	                 c->text ? c->text : "", "author", c->author ? c->author : "", "created_at",
	                 c->created_at ? c->created_at : "", "answer",
	                 app_report_answer_name(c->answer), "answer_text", c->answer_text,
	                 "answered_by", c->answered_by, "answered_at", c->answered_at);
}

/* Collects the reports (in the order listed) with their versions. */
struct report_json {
	json_t *reports; /* array of report objects */
	json_t *current; /* the last report object, or NULL */
	int only;        /* a version to keep (0: all) */
	size_t kept;
};

static int report_json_version(void *ctx, const struct report_version *v)
{
	struct report_json *j = ctx;
	if (!j->current ||
	    json_integer_value(json_object_get(j->current, "id")) != (json_int_t)v->report_id) {
		j->current = json_pack("{s:I,s:i,s:i,s:s,s:[]}", "id", (json_int_t)v->report_id,
		                       "year", v->year, "version", v->version, "status",
		                       app_report_status_name(v->status), "versions");
		json_array_append_new(j->reports, j->current);
	}
	/* the latest: versions come in order */
	json_object_set_new(j->current, "version", json_integer(v->version));
	json_object_set_new(j->current, "status", json_string(app_report_status_name(v->status)));
	if (!j->only || v->version == j->only) {
		json_array_append_new(json_object_get(j->current, "versions"),
		                      app_report_version_json(v));
		j->kept++;
	}
	return 0;
}

static int report_json_comment(void *ctx, const struct report_comment *c)
{
	struct report_json *j = ctx;
	if (!j->only || c->version == j->only)
		json_array_append_new(json_object_get(j->current, "comments"),
		                      app_report_comment_json(c));
	return 0;
}

enum app_status app_report_json(struct app *a, int64_t report_id, int version, json_t **out)
{
	struct report_json j = {.reports = json_array(), .only = version};
	*out = NULL;
	enum app_status s = report_id > 0
	                        ? app_report_versions(a, report_id, report_json_version, &j)
	                        : APP_NOT_FOUND;
	if (s == APP_OK && version && j.kept == 0)
		s = APP_NOT_FOUND;
	if (s == APP_OK) {
		json_object_set_new(j.current, "comments", json_array());
		s = app_report_comments(a, report_id, report_json_comment, &j);
	}
	if (s == APP_OK)
		*out = json_incref(j.current);
	json_decref(j.reports);
	return s;
}

enum app_status app_reports_json(struct app *a, json_t **out)
{
	struct report_json j = {.reports = json_array()};
	*out = NULL;
	enum app_status s = app_report_versions(a, 0, report_json_version, &j);
	if (s == APP_OK)
		*out = json_pack("{s:o}", "reports", j.reports);
	else
		json_decref(j.reports);
	return s;
}
