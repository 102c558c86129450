/* reports.c — the committee's report under review, in pages (app.h, "the review"):
 *
 *   GET  /reports                        every report and version (year, version, status, date,
 *                                        author, SHA-256); administrators: the draft form
 *                                        (?drafted=1 after it)
 *   POST /reports                        year, date, number, csrf: app_report_draft, then the
 *                                        report's page (303)
 *   GET  /reports/{id}?version=N         a version (default: the latest) read from its frozen
 *                                        snapshot: the Decree 30 header, every section with
 *                                        its comments and answers, a comment form per section
 *                                        for any signed-in user while the version is the latest
 *                                        and not submitted, an answer form on each open comment
 *                                        and the revise / submit buttons for administrators, the
 *                                        downloads, the appendix, and the whole comment log
 *                                        (the annex "tổng hợp ý kiến")
 *   GET  /reports/{id}/compare?a=1&b=2   what changed between two versions: the figures key by
 *                                        key (old → new, changed ones only), and the text block
 *                                        by block (an LCS over the blocks' texts), by section
 *   GET  /reports/{id}/{n}.docx|.pdf|.xlsx  version n as a document, rendered from its snapshot
 *   POST /reports/{id}/comments          version, section, text, csrf
 *   POST /reports/comments/{id}/answer   answer (accepted, explained, rejected), text, report
 *                                        and version (where to come back), csrf
 *   POST /reports/{id}/revise            date, number (optional), csrf
 *   POST /reports/{id}/submit            csrf
 *
 * As on the DTI item's page (web/dti_item.c): app/ checks every right again (a forged post
 * gets 403), a refusal of the report's state (a comment open, a version revised or submitted
 * meanwhile) gives 409 with the page as it now is, broken rules give 422 with every message and
 * the form keeps what was typed, and success goes back with 303.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/reports.h"
#include "../core/user.h"
#include "../http/escape.h"
#include "../lib/mem.h"
#include "../report/doc.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

/* ---- what a page is made of ---------------------------------------------------------------- */

struct rp_version {
	int version;
	enum report_status status;
	char sha256[65];
	const char *created_at, *author, *submitted_at; /* in the request's arena */
};

struct rp_report {
	int64_t id;
	int year;
	struct rp_version *v; /* in version order */
	size_t n;
	struct arena *arena;
};

struct rp_comment {
	int64_t id;
	int version;
	enum report_answer answer;
	const char *section, *text, *author, *created_at; /* in the request's arena */
	const char *answer_text, *answered_by, *answered_at;
};

struct rp_comments {
	struct rp_comment *c;
	size_t n;
	struct arena *arena;
};

/* What the forms show again after a refusal (NULL: as new). */
struct rp_forms {
	const char *comment_section, *comment_text; /* the comment form sent */
	int64_t answer_id;                          /* the answer form sent (0: none) */
	const char *answer, *answer_text;
	const char *date, *number; /* the revise form, or the draft form */
	const char *year;          /* the draft form */
};

/* A notice and the problems to show at the top. */
struct rp_message {
	const char *ok;
	const char *error;
	struct diag *d;
};

static int rp_version_row(void *ctx, const struct report_version *v)
{
	struct rp_report *r = ctx;
	r->v = mem_realloc(r->v, (r->n + 1) * sizeof *r->v);
	struct rp_version *o = &r->v[r->n++];
	r->year = v->year;
	o->version = v->version;
	o->status = v->status;
	snprintf(o->sha256, sizeof o->sha256, "%s", v->sha256);
	o->created_at = arena_strdup(r->arena, v->created_at);
	o->author = arena_strdup(r->arena, v->author);
	o->submitted_at = arena_strdup(r->arena, v->submitted_at);
	return 0;
}

static int rp_comment_row(void *ctx, const struct report_comment *c)
{
	struct rp_comments *l = ctx;
	l->c = mem_realloc(l->c, (l->n + 1) * sizeof *l->c);
	struct rp_comment *o = &l->c[l->n++];
	o->id = c->id;
	o->version = c->version;
	o->answer = c->answer;
	o->section = arena_strdup(l->arena, c->section);
	o->text = arena_strdup(l->arena, c->text);
	o->author = arena_strdup(l->arena, c->author);
	o->created_at = arena_strdup(l->arena, c->created_at);
	o->answer_text = arena_strdup(l->arena, c->answer_text);
	o->answered_by = arena_strdup(l->arena, c->answered_by);
	o->answered_at = arena_strdup(l->arena, c->answered_at);
	return 0;
}

/* Loads report id's versions: 0, or -1 after writing the page (404 for an unknown report). */
static int rp_load(struct http_exchange *x, int64_t id, struct rp_report *r)
{
	memset(r, 0, sizeof *r);
	r->id = id;
	r->arena = x->rq->arena;
	enum app_status s = app_report_versions(x->app, id, rp_version_row, r);
	if (s == APP_NOT_FOUND || (s == APP_OK && r->n == 0)) {
		web_error(x, 404, "Không có báo cáo này.");
		return -1;
	}
	if (s != APP_OK) {
		page_fail(x, s);
		return -1;
	}
	return 0;
}

static const struct rp_version *rp_find(const struct rp_report *r, int version)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].version == version)
			return &r->v[i];
	return NULL;
}

/* A version's snapshot; on a failure writes the page and returns NULL. A snapshot that no
 * longer matches its SHA-256 is the operator's problem: the reason goes to the log too. */
static json_t *rp_snapshot(struct http_exchange *x, int64_t id, int version)
{
	struct diag d;
	json_t *snapshot = NULL;
	diag_init(&d);
	enum app_status s = app_report_snapshot(x->app, id, version, &snapshot, &d);
	if (s == APP_FAILED && d.count) {
		struct buf line;
		buf_init(&line, 0);
		diag_format(&d.items[0], &line);
		fprintf(stderr, "dxtrack: %s %s: %s\n", http_method_name(x->rq->method),
		        x->rq->path, buf_cstr(&line));
		buf_finish(&line);
		web_error(x, 500,
		          "Bản lưu của phiên bản này không còn khớp với mã SHA-256 đã ghi khi lập: "
		          "không hiển thị. Hãy báo quản trị hệ thống.");
	} else if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Báo cáo không có phiên bản này.");
	} else if (s != APP_OK) {
		page_fail(x, s);
	}
	diag_finish(&d);
	return snapshot;
}

/* The route's report id; -1 after the 404 page. */
static int64_t rp_route_id(struct http_exchange *x, size_t i)
{
	int64_t id;
	if (x->rq->route_param_count <= i ||
	    page_parse_int(x->rq->route_params[i], 1, INT64_MAX, &id) < 0) {
		web_error(x, 404, "Không có báo cáo ở địa chỉ này.");
		return -1;
	}
	return id;
}

static bool rp_admin(const struct http_exchange *x)
{
	const struct app_principal *who = page_user(x);
	return who && user_may_admin(who->role);
}

/* ---- small pieces -------------------------------------------------------------------------- */

static void rp_status_badge(struct buf *b, enum report_status s)
{
	struct buf label;
	buf_init(&label, 0);
	page_capitalized(&label, app_report_status_label_vi(s));
	buf_printf(b, "<span class=\"report-status report-status-%s\">%s</span>",
	           app_report_status_name(s), buf_cstr(&label));
	buf_finish(&label);
}

static void rp_answer_badge(struct buf *b, enum report_answer a)
{
	struct buf label;
	buf_init(&label, 0);
	page_capitalized(&label, app_report_answer_label_vi(a));
	buf_printf(b, "<span class=\"answer answer-%s\">%s</span>", app_report_answer_name(a),
	           buf_cstr(&label));
	buf_finish(&label);
}

/* Text with its line breaks kept: each line escaped, joined by <br>. */
static void rp_text(struct buf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *line = mem_strndup(p, len && p[len - 1] == '\r' ? len - 1 : len);
		escape_html(b, line);
		free(line);
		if (end && end[1])
			buf_puts(b, "<br>\n");
		p = end ? end + 1 : p + len;
	}
}

/* /reports/1/2.docx */
static void rp_file_url(struct buf *b, int64_t id, int version, const char *ext)
{
	buf_printf(b, "/reports/%lld/%d.%s", (long long)id, version, ext);
}

static void rp_downloads(struct buf *b, int64_t id, int version)
{
	struct buf u;
	buf_init(&u, 0);
	buf_puts(b, "<ul class=\"report-downloads\">");
	static const char *const what[3][2] = {
	    {"docx", "DOCX (Word)"}, {"pdf", "PDF"}, {"xlsx", "XLSX (phụ lục)"}};
	for (int k = 0; k < 3; k++) {
		buf_reset(&u);
		rp_file_url(&u, id, version, what[k][0]);
		escape_htmlf(b, "<li><a href=\"%s\" download>%s</a></li>", buf_cstr(&u),
		             what[k][1]);
	}
	buf_puts(b, "</ul>");
	buf_finish(&u);
}

/* ---- the document as HTML ------------------------------------------------------------------ */

static const char *rp_align_class(enum doc_align a)
{
	return a == DOC_RIGHT ? " class=\"num\"" : a == DOC_CENTER ? " class=\"center\"" : "";
}

static void rp_table(struct buf *b, const struct doc_table *t, const char *label)
{
	buf_puts(b, "<div class=\"table-wrap doc-table\" role=\"region\" tabindex=\"0\" "
	            "aria-label=\"");
	escape_attr(b, label);
	buf_puts(b, "\">\n<table>\n<thead><tr>");
	for (size_t c = 0; c < t->n_cols; c++) {
		buf_printf(b, "<th scope=\"col\"%s>", t->align ? rp_align_class(t->align[c]) : "");
		escape_html(b, t->head ? t->head[c] : "");
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		bool total = t->last_row_total && r + 1 == t->n_rows;
		buf_puts(b, total ? "<tr class=\"total\">" : "<tr>");
		for (size_t c = 0; c < t->n_cols; c++) {
			buf_printf(b, "<td%s>", t->align ? rp_align_class(t->align[c]) : "");
			escape_html(b, t->cells[r * t->n_cols + c]);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static void rp_chart(struct buf *b, const struct doc_chart *ch)
{
	buf_puts(b, "<figure class=\"doc-chart\">\n");
	if (ch->title && ch->title[0])
		escape_htmlf(b, "<figcaption>%s</figcaption>\n", ch->title);
	buf_puts(b, "<ul>\n");
	for (size_t i = 0; i < ch->n; i++)
		escape_htmlf(
		    b,
		    "<li><span class=\"bar-label\">%s</span> <span class=\"num\">%s</span></li>\n",
		    ch->labels[i], ch->texts && ch->texts[i] ? ch->texts[i] : "");
	buf_puts(b, "</ul>\n</figure>\n");
}

static void rp_doc_header(struct buf *b, const struct doc_header *h)
{
	struct buf pd;
	buf_init(&pd, 0);
	doc_place_date(h, &pd);
	buf_puts(b, "<header class=\"doc-header\">\n<div class=\"doc-head-row\">\n"
	            "<div class=\"doc-org\">");
	if (h->parent_body && h->parent_body[0])
		escape_htmlf(b, "<p class=\"doc-parent\">%s</p>", h->parent_body);
	if (h->issuing_body && h->issuing_body[0])
		escape_htmlf(b, "<p class=\"doc-issuer\">%s</p>", h->issuing_body);
	if (h->number && h->number[0])
		escape_htmlf(b, "<p class=\"doc-number\" id=\"doc-number\">%s</p>", h->number);
	buf_puts(b, "</div>\n<div class=\"doc-nation\"><p class=\"doc-motto1\">CỘNG HÒA XÃ HỘI CHỦ "
	            "NGHĨA VIỆT NAM</p><p class=\"doc-motto2\">Độc lập - Tự do - Hạnh phúc</p>");
	escape_htmlf(b, "<p class=\"doc-date\" id=\"doc-date\">%s</p></div>\n</div>\n",
	             buf_cstr(&pd));
	if (h->doc_type && h->doc_type[0])
		escape_htmlf(b, "<p class=\"doc-type\">%s</p>\n", h->doc_type);
	if (h->title && h->title[0])
		escape_htmlf(b, "<p class=\"doc-title\" id=\"doc-title\">%s</p>\n", h->title);
	buf_puts(b, "</header>\n");
	buf_finish(&pd);
}

static void rp_doc_signature(struct buf *b, const struct doc_header *h)
{
	buf_puts(b, "<footer class=\"doc-sign\">\n<div class=\"doc-recipients\">"
	            "<p class=\"doc-recipients-head\">Nơi nhận:</p>\n<ul>\n");
	for (size_t i = 0; i < h->n_recipients; i++)
		escape_htmlf(b, "<li>- %s</li>\n", h->recipients[i]);
	buf_puts(b, "</ul></div>\n<div class=\"doc-signer\">");
	if (h->signer_authority && h->signer_authority[0])
		escape_htmlf(b, "<p class=\"doc-authority\">%s</p>", h->signer_authority);
	if (h->signer_title && h->signer_title[0])
		escape_htmlf(b, "<p class=\"doc-signer-title\">%s</p>", h->signer_title);
	escape_htmlf(b, "<p class=\"doc-signer-name\">%s</p></div>\n</footer>\n",
	             h->signer_name ? h->signer_name : "");
}

/* ---- comments ------------------------------------------------------------------------------ */

/* What the report page needs while writing sections. */
struct rp_page {
	struct http_exchange *x;
	const struct rp_report *r;
	const struct rp_version *v; /* shown */
	bool latest;                /* v is the latest version */
	bool open_for_comments;     /* the latest, not submitted */
	bool admin;
	const struct rp_comments *comments;
	const struct rp_forms *f;
};

static void rp_answer_form(struct rp_page *p, const struct rp_comment *c)
{
	struct buf *b = &p->x->rs->body;
	const struct rp_forms *f = p->f;
	bool sent = f && f->answer_id == c->id;
	char id[48], rid[24], ver[16];
	snprintf(rid, sizeof rid, "%lld", (long long)p->r->id);
	snprintf(ver, sizeof ver, "%d", c->version);
	escape_htmlf(b,
	             "<form class=\"answer-form\" id=\"answer-form-%lld\" method=\"post\" "
	             "action=\"/reports/comments/%lld/answer\" novalidate>\n",
	             (long long)c->id, (long long)c->id);
	page_csrf(b, p->x->csrf);
	page_hidden(b, "report", rid);
	page_hidden(b, "version", ver);
	buf_putc(b, '\n');
	snprintf(id, sizeof id, "answer-%lld", (long long)c->id);
	const char *chosen = sent && f->answer ? f->answer : "accepted";
	page_select_begin(b, &(struct page_field){.id = id, .name = "answer", .label = "Trả lời"});
	for (int a = REPORT_ACCEPTED; a <= REPORT_REJECTED; a++) {
		struct buf label;
		buf_init(&label, 0);
		page_capitalized(&label, app_report_answer_label_vi((enum report_answer)a));
		page_option(b, app_report_answer_name((enum report_answer)a), buf_cstr(&label),
		            strcmp(chosen, app_report_answer_name((enum report_answer)a)) == 0);
		buf_finish(&label);
	}
	page_select_end(b);
	snprintf(id, sizeof id, "answer-text-%lld", (long long)c->id);
	page_textarea(b, &(struct page_field){
	                     .id = id,
	                     .name = "text",
	                     .label = "Nội dung tiếp thu, giải trình",
	                     .value = sent ? f->answer_text : NULL,
	                     .attrs = "rows=\"2\" maxlength=\"4000\" required",
	                     .invalid = sent,
	                 });
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Gửi trả lời</button></div>\n"
	            "</form>\n");
}

static void rp_comment_item(struct rp_page *p, const struct rp_comment *c, bool with_forms)
{
	struct buf *b = &p->x->rs->body;
	buf_printf(b, "<li class=\"comment\" id=\"comment-%lld\">\n<p class=\"comment-meta\">",
	           (long long)c->id);
	escape_htmlf(b, "<strong>%s</strong> · ", c->author);
	page_utc(b, c->created_at);
	buf_printf(b, " · #%lld · ", (long long)c->id);
	rp_answer_badge(b, c->answer);
	buf_puts(b, "</p>\n<p class=\"comment-text\">");
	rp_text(b, c->text);
	buf_puts(b, "</p>\n");
	if (c->answer != REPORT_OPEN) {
		buf_puts(b, "<div class=\"comment-answer\"><p class=\"comment-meta\">");
		escape_htmlf(b, "Trả lời của <strong>%s</strong> · ", c->answered_by);
		page_utc(b, c->answered_at);
		buf_puts(b, "</p>\n<p>");
		rp_text(b, c->answer_text);
		buf_puts(b, "</p></div>\n");
	} else if (with_forms && p->admin && p->v->status != REPORT_SUBMITTED) {
		rp_answer_form(p, c);
	}
	buf_puts(b, "</li>\n");
}

/* The comments of the shown version on section, and the form for a new one. */
static void rp_section_comments(struct rp_page *p, const char *section, const char *name)
{
	struct buf *b = &p->x->rs->body;
	size_t n = 0;
	for (size_t i = 0; i < p->comments->n; i++)
		n += p->comments->c[i].version == p->v->version &&
		     strcmp(p->comments->c[i].section, section) == 0;
	if (n == 0 && !p->open_for_comments)
		return;
	buf_puts(b, "<aside class=\"comments\" aria-label=\"");
	escape_attr(b, "Góp ý: ");
	escape_attr(b, name);
	buf_puts(b, "\">\n");
	buf_printf(b, "<p class=\"comments-head\">Ý kiến góp ý (%zu)</p>\n", n);
	if (n) {
		buf_puts(b, "<ol class=\"comment-list\">\n");
		for (size_t i = 0; i < p->comments->n; i++) {
			const struct rp_comment *c = &p->comments->c[i];
			if (c->version == p->v->version && strcmp(c->section, section) == 0)
				rp_comment_item(p, c, true);
		}
		buf_puts(b, "</ol>\n");
	}
	if (p->open_for_comments) {
		const struct rp_forms *f = p->f;
		bool sent = f && f->comment_section && strcmp(f->comment_section, section) == 0;
		char ver[16];
		struct buf id, label;
		buf_init(&id, 0);
		buf_init(&label, 0);
		snprintf(ver, sizeof ver, "%d", p->v->version);
		escape_htmlf(b,
		             "<form class=\"comment-form\" method=\"post\" action=\"/reports/%lld/"
		             "comments\" novalidate>\n",
		             (long long)p->r->id);
		page_csrf(b, p->x->csrf);
		page_hidden(b, "version", ver);
		page_hidden(b, "section", section);
		buf_putc(b, '\n');
		buf_printf(&id, "comment-text-%s", section);
		buf_printf(&label, "Góp ý cho %s", name);
		page_textarea(b, &(struct page_field){
		                     .id = buf_cstr(&id),
		                     .name = "text",
		                     .label = buf_cstr(&label),
		                     .value = sent ? f->comment_text : NULL,
		                     .attrs = "rows=\"3\" maxlength=\"4000\" required",
		                     .invalid = sent,
		                 });
		buf_puts(b,
		         "<div class=\"actions\"><button type=\"submit\">Gửi góp ý</button></div>\n"
		         "</form>\n");
		buf_finish(&id);
		buf_finish(&label);
	}
	buf_puts(b, "</aside>\n");
}

/* "mục I" / "phần đầu văn bản" / "phụ lục" */
static void rp_section_name(struct buf *out, const char *section)
{
	if (strcmp(section, "0") == 0)
		buf_puts(out, "phần đầu văn bản");
	else if (strcmp(section, "appendix") == 0)
		buf_puts(out, "phụ lục");
	else
		buf_printf(out, "mục %s", section);
}

static void rp_section_open(struct rp_page *p, const char *section)
{
	struct buf *b = &p->x->rs->body;
	buf_puts(b, "<section class=\"doc-section\" id=\"s-");
	escape_attr(b, section);
	buf_puts(b, "\">\n");
}

static void rp_section_close(struct rp_page *p, const char *section)
{
	struct buf name;
	buf_init(&name, 0);
	rp_section_name(&name, section);
	rp_section_comments(p, section, buf_cstr(&name));
	buf_finish(&name);
	buf_puts(&p->x->rs->body, "</section>\n");
}

/* The body, section by section, each followed by its comments. */
static void rp_doc_body(struct rp_page *p, const struct doc *doc)
{
	struct buf *b = &p->x->rs->body;
	const char *current = "0";
	bool in_list = false;
	rp_section_open(p, current);
	rp_doc_header(b, &doc->header);
	for (size_t i = 0; i < doc->n_blocks; i++) {
		const struct doc_block *blk = &doc->blocks[i];
		const char *section = blk->section ? blk->section : current;
		if (in_list && (blk->kind != DOC_BULLET || strcmp(section, current) != 0)) {
			buf_puts(b, "</ul>\n");
			in_list = false;
		}
		if (strcmp(section, current) != 0) {
			rp_section_close(p, current);
			current = section;
			rp_section_open(p, current);
		}
		switch (blk->kind) {
		case DOC_HEADING:
			escape_htmlf(b,
			             blk->level <= 1 ? "<h2 class=\"doc-h1\">%s</h2>\n"
			                             : "<h3 class=\"doc-h2\">%s</h3>\n",
			             blk->text);
			break;
		case DOC_PARAGRAPH:
			escape_htmlf(b, "<p class=\"doc-p\">%s</p>\n", blk->text);
			break;
		case DOC_BULLET:
			if (!in_list)
				buf_puts(b, "<ul class=\"doc-ul\">\n");
			in_list = true;
			escape_htmlf(b, "<li>%s</li>\n", blk->text);
			break;
		case DOC_TABLE: {
			struct buf label;
			buf_init(&label, 0);
			buf_puts(&label, "Bảng, ");
			rp_section_name(&label, current);
			rp_table(b, &blk->table, buf_cstr(&label));
			buf_finish(&label);
			break;
		}
		case DOC_CHART:
			rp_chart(b, &blk->chart);
			break;
		case DOC_PAGE_BREAK:
			break;
		}
	}
	if (in_list)
		buf_puts(b, "</ul>\n");
	rp_section_close(p, current);
	rp_doc_signature(b, &doc->header);
}

/* The appendix (from the snapshot's data), with its comments. */
static void rp_appendix(struct rp_page *p, const json_t *appendix)
{
	struct buf *b = &p->x->rs->body;
	const json_t *tasks = json_object_get(appendix, "tasks");
	const json_t *investors = json_object_get(appendix, "investors");
	const char *title = json_string_value(json_object_get(appendix, "title"));
	const char *subtitle = json_string_value(json_object_get(appendix, "subtitle"));
	rp_section_open(p, "appendix");
	escape_htmlf(b, "<h2 class=\"doc-h1\">%s</h2>\n", title ? title : "Phụ lục");
	if (subtitle)
		escape_htmlf(b, "<p class=\"doc-subtitle\">%s</p>\n", subtitle);
	size_t i;
	const json_t *t;
	struct buf n;
	buf_init(&n, 0);
	buf_printf(b,
	           "<details class=\"appendix-tasks\"><summary>Danh sách %zu nhiệm vụ</summary>\n",
	           json_array_size(tasks));
	static const struct page_col cols[] = {{"STT", true},
	                                       {"Tên nhiệm vụ", false},
	                                       {"Chủ đầu tư", false},
	                                       {"Kinh phí (đồng)", true},
	                                       {"Đã giải ngân (đồng)", true},
	                                       {"Tiến độ (%)", true},
	                                       {"Tình trạng", false}};
	page_table_begin(b, "appendix-tasks", "Phụ lục: danh sách nhiệm vụ", cols, 7);
	json_array_foreach(tasks, i, t)
	{
		const char *investor = json_string_value(json_object_get(t, "investor_name"));
		if (!investor)
			investor = json_string_value(json_object_get(t, "investor"));
		buf_printf(b, "<tr><td class=\"num\">%zu</td><td>", i + 1);
		escape_html(b, json_string_value(json_object_get(t, "name")));
		buf_puts(b, "</td><td>");
		escape_html(b, investor);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_int(b, (int64_t)json_integer_value(json_object_get(t, "budget_vnd")));
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_int(b, (int64_t)json_integer_value(json_object_get(t, "disbursed_vnd")));
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_int(b, (int64_t)json_integer_value(json_object_get(t, "progress_pct")));
		buf_puts(b, "</td><td>");
		escape_html(b, json_string_value(json_object_get(t, "status_vi")));
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
	buf_puts(b, "</details>\n");
	if (json_array_size(investors)) {
		static const struct page_col icols[] = {{"Chủ đầu tư", false},
		                                        {"Số nhiệm vụ", true},
		                                        {"Kinh phí (đồng)", true},
		                                        {"Đã giải ngân (đồng)", true}};
		buf_printf(
		    b,
		    "<details class=\"appendix-investors\"><summary>Tổng hợp theo %zu chủ đầu "
		    "tư</summary>\n",
		    json_array_size(investors));
		page_table_begin(b, "appendix-investors", "Phụ lục: tổng hợp theo chủ đầu tư",
		                 icols, 4);
		json_array_foreach(investors, i, t)
		{
			buf_puts(b, "<tr><td>");
			escape_html(b, json_string_value(json_object_get(t, "name")));
			buf_puts(b, "</td><td class=\"num\">");
			vnfmt_int(b, (int64_t)json_integer_value(json_object_get(t, "tasks")));
			buf_puts(b, "</td><td class=\"num\">");
			vnfmt_int(b, (int64_t)json_integer_value(json_object_get(t, "budget_vnd")));
			buf_puts(b, "</td><td class=\"num\">");
			vnfmt_int(b,
			          (int64_t)json_integer_value(json_object_get(t, "disbursed_vnd")));
			buf_puts(b, "</td></tr>\n");
		}
		page_table_end(b);
		buf_puts(b, "</details>\n");
	}
	buf_finish(&n);
	rp_section_close(p, "appendix");
}

/* The comment log of every version: the annex of comments and answers. */
static void rp_comment_log(struct rp_page *p)
{
	struct buf *b = &p->x->rs->body;
	buf_puts(b, "<section class=\"panel\" id=\"comment-log\" aria-labelledby=\"h-log\">\n"
	            "<h2 id=\"h-log\">Tổng hợp ý kiến góp ý và việc tiếp thu, giải trình</h2>\n");
	if (p->comments->n == 0) {
		buf_puts(b, "<p class=\"muted\">Chưa có ý kiến góp ý nào.</p>\n</section>\n");
		return;
	}
	static const struct page_col cols[] = {{"Số", true},
	                                       {"Bản", true},
	                                       {"Mục", false},
	                                       {"Người góp ý", false},
	                                       {"Ý kiến", false},
	                                       {"Trả lời", false},
	                                       {"Nội dung trả lời", false},
	                                       {"Người trả lời", false}};
	page_table_begin(b, "comment-log-table",
	                 "Mọi ý kiến góp ý của các phiên bản, theo thứ tự, với việc trả lời", cols,
	                 8);
	for (size_t i = 0; i < p->comments->n; i++) {
		const struct rp_comment *c = &p->comments->c[i];
		buf_printf(b, "<tr><td class=\"num\">%lld</td><td class=\"num\">%d</td><td>",
		           (long long)c->id, c->version);
		struct buf name;
		buf_init(&name, 0);
		rp_section_name(&name, c->section);
		page_capitalized(b, buf_cstr(&name));
		buf_finish(&name);
		escape_htmlf(b, "</td><td>%s<br><span class=\"muted\">", c->author);
		page_utc(b, c->created_at);
		buf_puts(b, "</span></td><td class=\"wide\">");
		rp_text(b, c->text);
		buf_puts(b, "</td><td>");
		rp_answer_badge(b, c->answer);
		buf_puts(b, "</td><td class=\"wide\">");
		if (c->answer_text)
			rp_text(b, c->answer_text);
		else
			buf_puts(b, "—");
		buf_puts(b, "</td><td>");
		if (c->answered_by) {
			escape_htmlf(b, "%s<br><span class=\"muted\">", c->answered_by);
			page_utc(b, c->answered_at);
			buf_puts(b, "</span>");
		} else {
			buf_puts(b, "—");
		}
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
	buf_puts(b, "</section>\n");
}

/* ---- the report page ----------------------------------------------------------------------- */

static void rp_version_panel(struct rp_page *p, size_t open)
{
	struct buf *b = &p->x->rs->body;
	const struct rp_version *v = p->v;
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-version\">\n"
	            "<h2 id=\"h-version\">Phiên bản</h2>\n<dl class=\"fields\">\n");
	buf_printf(b, "<dt>Bản</dt><dd id=\"version-number\">%d", v->version);
	if (!p->latest)
		buf_printf(b,
		           " <span class=\"muted\">(bản mới nhất: <a href=\"/reports/%lld\">bản "
		           "%d</a>)</span>",
		           (long long)p->r->id, p->r->v[p->r->n - 1].version);
	buf_puts(b, "</dd>\n<dt>Trạng thái</dt><dd id=\"version-status\">");
	rp_status_badge(b, v->status);
	buf_puts(b, "</dd>\n<dt>Lập lúc</dt><dd>");
	page_utc(b, v->created_at);
	escape_htmlf(b, " UTC, %s</dd>\n", v->author);
	if (v->submitted_at) {
		buf_puts(b, "<dt>Trình lúc</dt><dd id=\"version-submitted\">");
		page_utc(b, v->submitted_at);
		buf_puts(b, " UTC</dd>\n");
	}
	escape_htmlf(b,
	             "<dt>SHA-256</dt><dd><code class=\"sha\" id=\"version-sha\">%s</code></dd>\n"
	             "<dt>Ý kiến chưa trả lời</dt><dd id=\"version-open\">%zu</dd>\n"
	             "<dt>Tải về</dt><dd>",
	             v->sha256, open);
	rp_downloads(b, p->r->id, v->version);
	buf_puts(b, "</dd>\n</dl>\n");
	if (p->r->n > 1) {
		buf_puts(b, "<nav class=\"version-nav\" aria-label=\"Các phiên bản\"><ul>\n");
		for (size_t i = 0; i < p->r->n; i++) {
			const struct rp_version *o = &p->r->v[i];
			buf_printf(b, "<li><a href=\"/reports/%lld?version=%d\"%s>Bản %d — ",
			           (long long)p->r->id, o->version,
			           o->version == v->version ? " aria-current=\"page\"" : "",
			           o->version);
			escape_html(b, app_report_status_label_vi(o->status));
			buf_puts(b, "</a></li>\n");
		}
		buf_puts(b, "</ul></nav>\n");
		int a = v->version > 1 ? v->version - 1 : v->version;
		int bb = v->version > 1 ? v->version : v->version + 1;
		buf_printf(
		    b,
		    "<p><a id=\"compare-link\" href=\"/reports/%lld/compare?a=%d&amp;b=%d\">So "
		    "sánh bản %d với bản %d</a></p>\n",
		    (long long)p->r->id, a, bb, a, bb);
	}
	buf_puts(b, "</section>\n");
}

static void rp_actions_panel(struct rp_page *p, size_t open)
{
	struct buf *b = &p->x->rs->body;
	const struct rp_forms *f = p->f;
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-actions\">\n"
	            "<h2 id=\"h-actions\">Xử lý của đơn vị soạn thảo</h2>\n");
	if (open)
		buf_printf(
		    b,
		    "<p class=\"notice notice-info\" role=\"status\">Còn %zu ý kiến chưa trả "
		    "lời: hãy trả lời từng ý kiến (tiếp thu, giải trình hoặc không tiếp thu) "
		    "trước khi phát hành bản sửa đổi hoặc trình ký.</p>\n",
		    open);
	escape_htmlf(b,
	             "<form id=\"revise-form\" method=\"post\" action=\"/reports/%lld/revise\" "
	             "novalidate>\n",
	             (long long)p->r->id);
	page_csrf(b, p->x->csrf);
	buf_putc(b, '\n');
	page_input(b, &(struct page_field){.id = "revise-date",
	                                   .name = "date",
	                                   .label = "Ngày của văn bản",
	                                   .type = "date",
	                                   .value = f ? f->date : NULL,
	                                   .hint = "Để trống: ngày số liệu."});
	page_input(b, &(struct page_field){.id = "revise-number",
	                                   .name = "number",
	                                   .label = "Số văn bản",
	                                   .value = f ? f->number : NULL,
	                                   .hint = "Để trống khi chưa cấp số.",
	                                   .attrs = "maxlength=\"20\" autocomplete=\"off\""});
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Phát hành bản sửa đổi</button>"
	            "</div>\n</form>\n");
	escape_htmlf(b,
	             "<form id=\"submit-form\" method=\"post\" action=\"/reports/%lld/submit\">\n",
	             (long long)p->r->id);
	page_csrf(b, p->x->csrf);
	buf_printf(
	    b,
	    "\n<p class=\"hint\">Trình ký bản %d: sau đó báo cáo bị khoá, không nhận thêm góp "
	    "ý hay bản sửa đổi.</p>\n<div class=\"actions\"><button type=\"submit\" "
	    "class=\"button-danger\">Trình ký / Gửi</button></div>\n</form>\n</section>\n",
	    p->v->version);
}

/* The page of a version (0: the latest); the status is already set. */
static void rp_render(struct http_exchange *x, int64_t id, int version, const struct rp_forms *f,
                      const struct rp_message *msg)
{
	struct rp_report r;
	struct rp_comments comments = {.arena = x->rq->arena};
	struct doc doc;
	json_t *snapshot = NULL;
	int status = x->rs->status;
	doc_init(&doc);
	if (rp_load(x, id, &r) < 0)
		goto out;
	const struct rp_version *v = version ? rp_find(&r, version) : &r.v[r.n - 1];
	if (!v) {
		web_error(x, 404, "Báo cáo không có phiên bản này.");
		goto out;
	}
	snapshot = rp_snapshot(x, id, v->version);
	if (!snapshot)
		goto out;
	char why[256];
	if (doc_from_json(json_object_get(snapshot, "doc"), &doc, why, sizeof why) < 0) {
		fprintf(stderr, "dxtrack: %s: report %lld v%d: %s\n", x->rq->path, (long long)id,
		        v->version, why);
		web_error(x, 500, "Không đọc được nội dung phiên bản này.");
		goto out;
	}
	enum app_status s = app_report_comments(x->app, id, rp_comment_row, &comments);
	if (s != APP_OK) {
		page_fail(x, s);
		goto out;
	}
	struct rp_page p = {
	    .x = x,
	    .r = &r,
	    .v = v,
	    .latest = v == &r.v[r.n - 1],
	    .admin = rp_admin(x),
	    .comments = &comments,
	    .f = f,
	};
	p.open_for_comments = p.latest && v->status != REPORT_SUBMITTED;
	size_t open = 0;
	for (size_t i = 0; i < comments.n; i++)
		open += comments.c[i].version == v->version && comments.c[i].answer == REPORT_OPEN;

	struct buf title;
	buf_init(&title, 0);
	buf_printf(&title, "Báo cáo năm %d — bản %d (%s)", r.year, v->version,
	           app_report_status_label_vi(v->status));
	page_begin(x, buf_cstr(&title), PAGE_NAV_REPORTS);
	buf_finish(&title);
	x->rs->status = status ? status : 200;
	struct buf *b = &x->rs->body;
	buf_puts(b, "<p><a href=\"/reports\">← Tất cả báo cáo</a></p>\n");
	if (msg && msg->ok)
		page_notice(b, PAGE_NOTICE_OK, msg->ok);
	if (msg && msg->error && msg->d && msg->d->count)
		page_diag(b, msg->error, "report-errors", msg->d, NULL);
	else if (msg && msg->error)
		page_notice(b, PAGE_NOTICE_ERROR, msg->error);
	if (v->status == REPORT_SUBMITTED)
		page_notice(b, PAGE_NOTICE_INFO,
		            "Báo cáo đã trình ký: nội dung được khoá, không nhận thêm góp ý.");
	else if (!p.latest)
		page_notice(b, PAGE_NOTICE_INFO, "Đây là một bản cũ: góp ý cho bản mới nhất.");
	rp_version_panel(&p, open);
	if (p.admin && p.open_for_comments)
		rp_actions_panel(&p, open);
	if (p.open_for_comments)
		buf_puts(b,
		         "<p class=\"hint\">Mỗi mục của báo cáo có ô góp ý ngay bên dưới. Đơn vị "
		         "soạn thảo trả lời từng ý kiến trước khi phát hành bản sửa đổi.</p>\n");
	buf_puts(b, "<article class=\"report-doc\" aria-label=\"Nội dung báo cáo\">\n");
	rp_doc_body(&p, &doc);
	buf_puts(b, "</article>\n");
	const json_t *appendix = json_object_get(snapshot, "appendix");
	if (json_is_object(appendix))
		rp_appendix(&p, appendix);
	rp_comment_log(&p);
	page_end(x);
out:
	free(r.v);
	free(comments.c);
	json_decref(snapshot);
	doc_finish(&doc);
}

/* GET /reports/{id}?version=N */
void web_report(struct http_exchange *x)
{
	int64_t id = rp_route_id(x, 0), n = 0;
	if (id < 0)
		return;
	const char *q = page_query(x, "version");
	if (q && q[0] && page_parse_int(q, 1, 1000000, &n) < 0) {
		web_error(x, 404, "Báo cáo không có phiên bản này.");
		return;
	}
	struct rp_message msg = {0};
	char ok[128];
	int64_t c;
	if (page_query(x, "drafted"))
		msg.ok =
		    "Đã lập dự thảo (bản 1). Các thành viên Ban Chỉ đạo có thể góp ý từng mục.";
	else if (page_query(x, "revised"))
		msg.ok = "Đã phát hành bản sửa đổi từ số liệu hiện tại.";
	else if (page_query(x, "submitted"))
		msg.ok = "Đã trình ký: báo cáo được khoá.";
	else if (page_parse_int(page_query(x, "commented"), 1, INT64_MAX, &c) == 0) {
		snprintf(ok, sizeof ok, "Đã gửi góp ý (số %lld).", (long long)c);
		msg.ok = ok;
	} else if (page_parse_int(page_query(x, "answered"), 1, INT64_MAX, &c) == 0) {
		snprintf(ok, sizeof ok, "Đã trả lời ý kiến số %lld.", (long long)c);
		msg.ok = ok;
	}
	x->rs->status = 200;
	rp_render(x, id, (int)n, NULL, &msg);
}

/* ---- the list ------------------------------------------------------------------------------ */

static int rp_list_row(void *ctx, const struct report_version *v)
{
	struct buf *b = ctx;
	buf_printf(b,
	           "<tr><td class=\"num\">%d</td><td class=\"num\"><a "
	           "href=\"/reports/%lld?version=%d\">Bản %d</a></td><td>",
	           v->year, (long long)v->report_id, v->version, v->version);
	rp_status_badge(b, v->status);
	buf_puts(b, "</td><td>");
	page_utc(b, v->created_at);
	if (v->submitted_at) {
		buf_puts(b, "<br><span class=\"muted\">trình ");
		page_utc(b, v->submitted_at);
		buf_puts(b, "</span>");
	}
	escape_htmlf(b, "</td><td>%s</td><td><code class=\"sha\" title=\"%s\">", v->author,
	             v->sha256);
	buf_printf(b, "%.12s</code></td><td>", v->sha256);
	rp_downloads(b, v->report_id, v->version);
	buf_puts(b, "</td></tr>\n");
	return 0;
}

/* The list page; the status is already set. */
static void rp_list_render(struct http_exchange *x, const struct rp_forms *f,
                           const struct rp_message *msg)
{
	struct buf rows;
	buf_init(&rows, 0);
	enum app_status s = app_report_versions(x->app, 0, rp_list_row, &rows);
	if (s != APP_OK) {
		buf_finish(&rows);
		page_fail(x, s);
		return;
	}
	int status = x->rs->status;
	page_begin(x, "Báo cáo của Ban Chỉ đạo", PAGE_NAV_REPORTS);
	x->rs->status = status ? status : 200;
	struct buf *b = &x->rs->body;
	if (msg && msg->error && msg->d && msg->d->count)
		page_diag(b, msg->error, "report-errors", msg->d, NULL);
	else if (msg && msg->error)
		page_notice(b, PAGE_NOTICE_ERROR, msg->error);
	buf_puts(b, "<p>Báo cáo năm của Ban Chỉ đạo theo thể thức Nghị định 30/2020/NĐ-CP. Mỗi "
	            "phiên bản được lưu cố định (kèm mã SHA-256) nên tải lại lúc nào cũng ra đúng "
	            "văn bản đó: dự thảo → góp ý → bản sửa đổi → trình ký.</p>\n");
	static const struct page_col cols[] = {{"Năm", true},         {"Phiên bản", true},
	                                       {"Trạng thái", false}, {"Ngày lập (UTC)", false},
	                                       {"Người lập", false},  {"SHA-256", false},
	                                       {"Tải về", false}};
	page_table_begin(b, "reports", "Các báo cáo và phiên bản", cols, 7);
	if (rows.len == 0)
		buf_puts(b, "<tr><td colspan=\"7\">Chưa có báo cáo nào.</td></tr>\n");
	buf_append(b, rows.data, rows.len);
	page_table_end(b);
	buf_finish(&rows);
	if (rp_admin(x)) {
		char year[16];
		snprintf(year, sizeof year, "%d", exchange_default_year(x));
		bool sent = f != NULL;
		buf_puts(
		    b, "<section class=\"panel\" aria-labelledby=\"h-draft\">\n"
		       "<h2 id=\"h-draft\">Lập dự thảo báo cáo</h2>\n"
		       "<form id=\"draft-form\" method=\"post\" action=\"/reports\" novalidate>\n");
		page_csrf(b, x->csrf);
		buf_putc(b, '\n');
		page_input(b, &(struct page_field){.id = "draft-year",
		                                   .name = "year",
		                                   .label = "Năm báo cáo",
		                                   .type = "number",
		                                   .value = sent && f->year ? f->year : year,
		                                   .attrs = "min=\"2000\" max=\"2100\" required",
		                                   .invalid = sent});
		page_input(b, &(struct page_field){.id = "draft-date",
		                                   .name = "date",
		                                   .label = "Ngày của văn bản",
		                                   .type = "date",
		                                   .value = sent ? f->date : NULL,
		                                   .hint =
		                                       "Để trống: ngày 31/12 của năm, hoặc hôm nay "
		                                       "nếu sớm hơn."});
		page_input(b,
		           &(struct page_field){.id = "draft-number",
		                                .name = "number",
		                                .label = "Số văn bản",
		                                .value = sent ? f->number : NULL,
		                                .hint = "Để trống khi chưa cấp số.",
		                                .attrs = "maxlength=\"20\" autocomplete=\"off\""});
		buf_puts(
		    b, "<div class=\"actions\"><button type=\"submit\">Lập dự thảo</button></div>\n"
		       "</form>\n<p class=\"hint\">Nội dung lấy từ số liệu hiện tại theo mẫu báo "
		       "cáo và các thông tin trong <code>dxtrack settings</code>. Mỗi năm có một "
		       "báo cáo.</p>\n</section>\n");
	}
	page_end(x);
}

/* GET /reports */
void web_reports(struct http_exchange *x)
{
	x->rs->status = 200;
	rp_list_render(x, NULL, NULL);
}

/* A date field of a form: unset when empty; problems to d. */
static void rp_form_date(const char *s, const char *column, struct date *out, struct diag *d)
{
	const char *why;
	*out = (struct date){0, 0, 0};
	if (s && s[0] && date_parse(s, strlen(s), out, &why) < 0)
		diag_add(d, NULL, 0, column,
		         "ngày không hợp lệ: dùng dạng ngày/tháng/năm, ví dụ 14/12/2023");
}

static const char *rp_trimmed(struct http_exchange *x, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len ? arena_strndup(x->rq->arena, s, len) : NULL;
}

/* Back to a report's page with a notice (303). */
static void rp_back(struct http_exchange *x, int64_t id, const char *query)
{
	char url[160];
	snprintf(url, sizeof url, "/reports/%lld%s", (long long)id, query);
	http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, url));
	x->rs->no_store = true;
}

/* POST /reports: year, date, number → the new report's page */
void web_reports_post(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	struct rp_forms f = {.year = page_form(x, "year"),
	                     .date = page_form(x, "date"),
	                     .number = page_form(x, "number")};
	struct app_report_options o = {0};
	int64_t year = 0, id = 0;
	if (page_parse_int(f.year, TASK_YEAR_MIN, TASK_YEAR_MAX, &year) < 0)
		diag_add(&d, NULL, 0, "year", "năm báo cáo phải là một năm từ 2000 đến 2100");
	rp_form_date(f.date, "date", &o.date, &d);
	o.number = rp_trimmed(x, f.number);
	enum app_status s =
	    d.count ? APP_BAD_INPUT : app_report_draft(x->app, (int)year, &o, &id, &d);
	if (s == APP_OK) {
		rp_back(x, id, "?drafted=1");
	} else if (s == APP_FORBIDDEN) {
		web_error(x, 403, "Chỉ quản trị viên (đơn vị soạn thảo) được lập dự thảo báo cáo.");
	} else if (s == APP_CONFLICT) {
		x->rs->status = 409;
		rp_list_render(x, &f,
		               &(struct rp_message){.error =
		                                        "Năm này đã có báo cáo: hãy mở báo cáo "
		                                        "đó và phát hành bản sửa đổi.",
		                                    .d = &d});
	} else if (s == APP_BAD_INPUT) {
		x->rs->status = 422;
		rp_list_render(x, &f,
		               &(struct rp_message){.error = "Chưa lập được dự thảo:", .d = &d});
	} else {
		page_fail(x, s);
	}
	diag_finish(&d);
}

/* ---- the review's forms -------------------------------------------------------------------- */

/* POST /reports/{id}/comments: version, section, text */
void web_report_comment_post(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	int64_t id = rp_route_id(x, 0), version = 0, cid = 0;
	if (id < 0)
		goto out;
	struct rp_forms f = {.comment_section = page_form(x, "section"),
	                     .comment_text = page_form(x, "text")};
	if (page_parse_int(page_form(x, "version"), 1, 1000000, &version) < 0 ||
	    !f.comment_section) {
		web_error(x, 400, "Biểu mẫu không hợp lệ: hãy tải lại trang và thử lại.");
		goto out;
	}
	enum app_status s = app_report_comment(x->app, id, (int)version, f.comment_section,
	                                       f.comment_text, &cid, &d);
	if (s == APP_OK) {
		char q[96];
		snprintf(q, sizeof q, "?version=%lld&commented=%lld#comment-%lld",
		         (long long)version, (long long)cid, (long long)cid);
		rp_back(x, id, q);
	} else if (s == APP_FORBIDDEN) {
		web_error(x, 403, "Bạn không có quyền góp ý báo cáo này.");
	} else if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có báo cáo hoặc phiên bản này.");
	} else if (s == APP_CONFLICT) {
		x->rs->status = 409;
		rp_render(x, id, 0, &f,
		          &(struct rp_message){.error =
		                                   "Chưa gửi được góp ý: phiên bản này đã được "
		                                   "sửa đổi hoặc đã trình ký. Dưới đây là bản "
		                                   "mới nhất.",
		                               .d = &d});
	} else if (s == APP_BAD_INPUT) {
		x->rs->status = 422;
		rp_render(x, id, (int)version, &f,
		          &(struct rp_message){.error = "Chưa gửi được góp ý:", .d = &d});
	} else {
		page_fail(x, s);
	}
out:
	diag_finish(&d);
}

/* POST /reports/comments/{id}/answer: answer, text, report, version */
void web_report_answer_post(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	int64_t cid, rid = 0, version = 0;
	if (x->rq->route_param_count < 1 ||
	    page_parse_int(x->rq->route_params[0], 1, INT64_MAX, &cid) < 0) {
		web_error(x, 404, "Không có ý kiến góp ý ở địa chỉ này.");
		goto out;
	}
	struct rp_forms f = {.answer_id = cid,
	                     .answer = page_form(x, "answer"),
	                     .answer_text = page_form(x, "text")};
	page_parse_int(page_form(x, "report"), 1, INT64_MAX, &rid);
	page_parse_int(page_form(x, "version"), 1, 1000000, &version);
	enum report_answer answer = REPORT_OPEN;
	if (app_report_answer_parse(f.answer, &answer) < 0 || answer == REPORT_OPEN)
		diag_add(&d, NULL, 0, "answer", "chọn tiếp thu, giải trình hoặc không tiếp thu");
	enum app_status s =
	    d.count ? APP_BAD_INPUT : app_report_answer(x->app, cid, answer, f.answer_text, &d);
	if (s == APP_OK && rid) {
		char q[96];
		snprintf(q, sizeof q, "?version=%lld&answered=%lld#comment-%lld",
		         (long long)version, (long long)cid, (long long)cid);
		rp_back(x, rid, q);
	} else if (s == APP_OK) {
		http_redirect(x->rs, x->rq->arena, "/reports");
		x->rs->no_store = true;
	} else if (s == APP_FORBIDDEN) {
		web_error(x, 403,
		          "Chỉ quản trị viên (đơn vị soạn thảo) được trả lời ý kiến góp ý.");
	} else if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có ý kiến góp ý này.");
	} else if ((s == APP_CONFLICT || s == APP_BAD_INPUT) && rid) {
		x->rs->status = s == APP_CONFLICT ? 409 : 422;
		if (s == APP_CONFLICT)
			f.answer_id = 0;
		rp_render(x, rid, s == APP_CONFLICT ? 0 : (int)version, &f,
		          &(struct rp_message){.error = s == APP_CONFLICT
		                                            ? "Ý kiến này đã được trả lời trước đó."
		                                            : "Chưa gửi được câu trả lời:",
		                               .d = &d});
	} else if (s == APP_CONFLICT || s == APP_BAD_INPUT) {
		web_error(x, s == APP_CONFLICT ? 409 : 422,
		          s == APP_CONFLICT ? "Ý kiến này đã được trả lời trước đó."
		                            : "Câu trả lời chưa hợp lệ: hãy chọn hình thức và ghi "
		                              "nội dung trả lời.");
	} else {
		page_fail(x, s);
	}
out:
	diag_finish(&d);
}

/* POST /reports/{id}/revise and /reports/{id}/submit */
static void rp_move_on(struct http_exchange *x, bool submit)
{
	struct diag d;
	diag_init(&d);
	int64_t id = rp_route_id(x, 0);
	if (id < 0)
		goto out;
	struct rp_forms f = {.date = page_form(x, "date"), .number = page_form(x, "number")};
	struct app_report_options o = {0};
	enum app_status s;
	if (submit) {
		s = app_report_submit(x->app, id, &d);
	} else {
		rp_form_date(f.date, "date", &o.date, &d);
		o.number = rp_trimmed(x, f.number);
		s = d.count ? APP_BAD_INPUT : app_report_revise(x->app, id, &o, &d);
	}
	if (s == APP_OK) {
		rp_back(x, id, submit ? "?submitted=1" : "?revised=1");
	} else if (s == APP_FORBIDDEN) {
		web_error(x, 403,
		          submit ? "Chỉ quản trị viên (đơn vị soạn thảo) được trình ký báo cáo."
		                 : "Chỉ quản trị viên (đơn vị soạn thảo) được phát hành bản sửa "
		                   "đổi.");
	} else if (s == APP_NOT_FOUND) {
		web_error(x, 404, "Không có báo cáo này.");
	} else if (s == APP_CONFLICT || s == APP_BAD_INPUT) {
		x->rs->status = s == APP_CONFLICT ? 409 : 422;
		rp_render(x, id, 0, submit ? NULL : &f,
		          &(struct rp_message){
		              .error = s == APP_BAD_INPUT ? "Chưa phát hành được bản sửa đổi:"
		                       : submit           ? "Chưa trình ký được:"
		                                : "Chưa phát hành được bản sửa đổi:",
		              .d = &d});
	} else {
		page_fail(x, s);
	}
out:
	diag_finish(&d);
}

void web_report_revise_post(struct http_exchange *x)
{
	rp_move_on(x, false);
}

void web_report_submit_post(struct http_exchange *x)
{
	rp_move_on(x, true);
}

/* ---- downloads ----------------------------------------------------------------------------- */

/* GET /reports/{id}/{n}.docx|.pdf|.xlsx */
void web_report_file(struct http_exchange *x)
{
	struct diag d;
	struct buf out;
	struct app_report_file meta;
	int64_t id = rp_route_id(x, 0);
	if (id < 0)
		return;
	diag_init(&d);
	buf_init(&out, 0);
	enum app_status s = app_report_file(x->app, id, x->rq->route_params[1], &out, &meta, &d);
	if (s == APP_OK) {
		exchange_send_file(x, meta.media_type, meta.name, meta.etag, &out);
	} else if (s == APP_NOT_FOUND) {
		web_error(x, 404,
		          "Không có tệp ở địa chỉ này: dùng /reports/ID/BẢN.docx, .pdf hoặc .xlsx "
		          "của một phiên bản có thật.");
	} else {
		if (d.count) {
			struct buf line;
			buf_init(&line, 0);
			diag_format(&d.items[0], &line);
			fprintf(stderr, "dxtrack: %s: %s\n", x->rq->path, buf_cstr(&line));
			buf_finish(&line);
		}
		page_fail(x, s);
	}
	buf_finish(&out);
	diag_finish(&d);
}

/* ---- comparing two versions ---------------------------------------------------------------- */

/* A block as one comparable text, and its section. */
struct rp_line {
	const char *section;
	char *text;
};

static void rp_block_text(const struct doc_block *blk, struct buf *t)
{
	switch (blk->kind) {
	case DOC_HEADING:
	case DOC_PARAGRAPH:
		buf_puts(t, blk->text ? blk->text : "");
		break;
	case DOC_BULLET:
		buf_printf(t, "- %s", blk->text ? blk->text : "");
		break;
	case DOC_TABLE:
		for (size_t c = 0; c < blk->table.n_cols; c++)
			buf_printf(t, "%s%s", c ? " | " : "", blk->table.head[c]);
		for (size_t r = 0; r < blk->table.n_rows; r++) {
			buf_putc(t, '\n');
			for (size_t c = 0; c < blk->table.n_cols; c++)
				buf_printf(t, "%s%s", c ? " | " : "",
				           blk->table.cells[r * blk->table.n_cols + c]);
		}
		break;
	case DOC_CHART:
		buf_puts(t, blk->chart.title ? blk->chart.title : "");
		for (size_t i = 0; i < blk->chart.n; i++)
			buf_printf(t, "\n%s: %s", blk->chart.labels[i],
			           blk->chart.texts && blk->chart.texts[i] ? blk->chart.texts[i]
			                                                   : "");
		break;
	case DOC_PAGE_BREAK:
		break;
	}
}

/* The comparable lines of a document: its header's texts (section "0"), then its blocks. */
static struct rp_line *rp_lines(struct http_exchange *x, const struct doc *doc, size_t *n)
{
	struct rp_line *l = arena_alloc(x->rq->arena, (doc->n_blocks + 8) * sizeof *l);
	const struct doc_header *h = &doc->header;
	const char *head[] = {h->parent_body, h->issuing_body, h->number, h->title};
	struct buf t;
	buf_init(&t, 0);
	*n = 0;
	for (size_t i = 0; i < 4; i++)
		if (head[i] && head[i][0])
			l[(*n)++] = (struct rp_line){"0", arena_strdup(x->rq->arena, head[i])};
	doc_place_date(h, &t);
	l[(*n)++] = (struct rp_line){"0", arena_strdup(x->rq->arena, buf_cstr(&t))};
	for (size_t i = 0; i < doc->n_blocks; i++) {
		if (doc->blocks[i].kind == DOC_PAGE_BREAK)
			continue;
		buf_reset(&t);
		rp_block_text(&doc->blocks[i], &t);
		l[(*n)++] = (struct rp_line){doc->blocks[i].section ? doc->blocks[i].section : "0",
		                             arena_strdup(x->rq->arena, buf_cstr(&t))};
	}
	buf_finish(&t);
	return l;
}

/* The differences of the texts, by section: an LCS over the lines, then the removed and added
 * ones in order, grouped under their section (a removed line's in the old version, a kept or
 * added line's in the new one). Returns how many lines changed. */
static size_t rp_text_diff(struct buf *b, const struct rp_line *a, size_t na,
                           const struct rp_line *c, size_t nc)
{
	/* lcs[i][j]: the longest common run of a[i..] and c[j..] */
	uint32_t *lcs = mem_calloc((na + 1) * (nc + 1), sizeof *lcs);
#define LCS(i, j) lcs[(size_t)(i) * (nc + 1) + (size_t)(j)]
	for (size_t i = na; i-- > 0;)
		for (size_t j = nc; j-- > 0;)
			LCS(i, j) =
			    strcmp(a[i].text, c[j].text) == 0
			        ? LCS(i + 1, j + 1) + 1
			        : (LCS(i + 1, j) >= LCS(i, j + 1) ? LCS(i + 1, j) : LCS(i, j + 1));
	size_t i = 0, j = 0, changed = 0;
	const char *group = NULL;
	bool open = false;
	while (i < na || j < nc) {
		const struct rp_line *line;
		bool removed;
		if (i < na && j < nc && strcmp(a[i].text, c[j].text) == 0) {
			i++, j++;
			continue;
		}
		if (j == nc || (i < na && LCS(i + 1, j) >= LCS(i, j + 1))) {
			line = &a[i++];
			removed = true;
		} else {
			line = &c[j++];
			removed = false;
		}
		changed++;
		if (!group || strcmp(group, line->section) != 0) {
			if (open)
				buf_puts(b, "</ul>\n");
			struct buf name;
			buf_init(&name, 0);
			rp_section_name(&name, line->section);
			buf_puts(b, "<h3>");
			page_capitalized(b, buf_cstr(&name));
			buf_puts(b, "</h3>\n<ul class=\"diff\">\n");
			buf_finish(&name);
			group = line->section;
			open = true;
		}
		buf_puts(
		    b, removed ? "<li class=\"diff-del\"><span class=\"diff-mark\">Bỏ:</span> <del>"
		               : "<li class=\"diff-ins\"><span class=\"diff-mark\">Thêm:</span> "
		                 "<ins>");
		rp_text(b, line->text);
		buf_puts(b, removed ? "</del></li>\n" : "</ins></li>\n");
	}
	if (open)
		buf_puts(b, "</ul>\n");
#undef LCS
	free(lcs);
	return changed;
}

/* A figure's value as shown: a string as it is, null as "—", anything else as JSON. */
static void rp_figure(struct buf *b, const json_t *v)
{
	if (!v) {
		buf_puts(b, "<span class=\"muted\">(không có)</span>");
	} else if (json_is_string(v)) {
		escape_html(b, json_string_value(v));
	} else if (json_is_null(v)) {
		buf_puts(b, "—");
	} else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
		escape_html(b, s ? s : "");
		free(s);
	}
}

static size_t rp_figures_diff(struct buf *b, const json_t *fa, const json_t *fb, int va, int vb)
{
	size_t changed = 0;
	struct buf rows;
	buf_init(&rows, 0);
	const char *key;
	json_t *v;
	/* the new version's keys in order, then those only the old one has */
	for (int pass = 0; pass < 2; pass++) {
		const json_t *from = pass == 0 ? fb : fa;
		json_object_foreach((json_t *)from, key, v)
		{
			const json_t *old = json_object_get(fa, key),
			             *now = json_object_get(fb, key);
			if (pass == 1 && now)
				continue;
			if (old && now && json_equal((json_t *)old, (json_t *)now))
				continue;
			changed++;
			escape_htmlf(&rows, "<tr><th scope=\"row\" class=\"code\">%s</th><td>",
			             key);
			rp_figure(&rows, old);
			buf_puts(&rows, "</td><td>");
			rp_figure(&rows, now);
			buf_puts(&rows, "</td></tr>\n");
		}
	}
	char a[32], c[32];
	snprintf(a, sizeof a, "Bản %d", va);
	snprintf(c, sizeof c, "Bản %d", vb);
	const struct page_col cols[] = {{"Số liệu", false}, {a, false}, {c, false}};
	if (changed) {
		page_table_begin(b, "figures-diff", "Số liệu đã thay đổi (cũ → mới)", cols, 3);
		buf_append(b, rows.data, rows.len);
		page_table_end(b);
	} else {
		buf_puts(b, "<p id=\"figures-same\">Không có số liệu nào thay đổi.</p>\n");
	}
	buf_finish(&rows);
	return changed;
}

/* GET /reports/{id}/compare?a=1&b=2 */
void web_report_compare(struct http_exchange *x)
{
	struct rp_report r;
	struct doc da, db;
	json_t *sa = NULL, *sb = NULL;
	doc_init(&da);
	doc_init(&db);
	int64_t id = rp_route_id(x, 0), va = 0, vb = 0;
	if (id < 0)
		return;
	if (rp_load(x, id, &r) < 0)
		return;
	int latest = r.v[r.n - 1].version;
	const char *qa = page_query(x, "a"), *qb = page_query(x, "b");
	if ((qa && qa[0] && page_parse_int(qa, 1, 1000000, &va) < 0) ||
	    (qb && qb[0] && page_parse_int(qb, 1, 1000000, &vb) < 0)) {
		web_error(x, 400, "Phiên bản cần so sánh không hợp lệ.");
		goto out;
	}
	if (!vb)
		vb = latest;
	if (!va)
		va = vb > 1 ? vb - 1 : vb;
	if (!rp_find(&r, (int)va) || !rp_find(&r, (int)vb)) {
		web_error(x, 404, "Báo cáo không có phiên bản này.");
		goto out;
	}
	sa = rp_snapshot(x, id, (int)va);
	if (!sa)
		goto out;
	sb = rp_snapshot(x, id, (int)vb);
	if (!sb)
		goto out;
	char why[256];
	if (doc_from_json(json_object_get(sa, "doc"), &da, why, sizeof why) < 0 ||
	    doc_from_json(json_object_get(sb, "doc"), &db, why, sizeof why) < 0) {
		web_error(x, 500, "Không đọc được nội dung phiên bản.");
		goto out;
	}
	struct buf title;
	buf_init(&title, 0);
	buf_printf(&title, "So sánh bản %lld và bản %lld — báo cáo năm %d", (long long)va,
	           (long long)vb, r.year);
	page_begin(x, buf_cstr(&title), PAGE_NAV_REPORTS);
	buf_finish(&title);
	struct buf *b = &x->rs->body;
	buf_printf(b, "<p><a href=\"/reports/%lld?version=%lld\">← Bản %lld</a></p>\n",
	           (long long)id, (long long)vb, (long long)vb);
	buf_printf(b, "<form class=\"filters\" method=\"get\" action=\"/reports/%lld/compare\">\n",
	           (long long)id);
	for (int k = 0; k < 2; k++) {
		page_select_begin(b, &(struct page_field){.id = k ? "cmp-b" : "cmp-a",
		                                          .name = k ? "b" : "a",
		                                          .label = k ? "Bản mới" : "Bản cũ"});
		for (size_t i = 0; i < r.n; i++) {
			char val[16], label[64];
			snprintf(val, sizeof val, "%d", r.v[i].version);
			snprintf(label, sizeof label, "Bản %d — %s", r.v[i].version,
			         app_report_status_label_vi(r.v[i].status));
			page_option(b, val, label, r.v[i].version == (k ? vb : va));
		}
		page_select_end(b);
	}
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">So sánh</button></div>\n"
	            "</form>\n");
	if (va == vb)
		page_notice(b, PAGE_NOTICE_INFO,
		            "Hai bản được chọn là một: không có gì khác nhau.");
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-figures\">\n"
	            "<h2 id=\"h-figures\">Số liệu</h2>\n");
	rp_figures_diff(b, json_object_get(sa, "figures"), json_object_get(sb, "figures"), (int)va,
	                (int)vb);
	buf_puts(b, "</section>\n<section class=\"panel\" id=\"text-diff\" "
	            "aria-labelledby=\"h-text\">\n<h2 id=\"h-text\">Nội dung</h2>\n");
	size_t na, nb;
	const struct rp_line *la = rp_lines(x, &da, &na), *lb = rp_lines(x, &db, &nb);
	if (rp_text_diff(b, la, na, lb, nb) == 0)
		buf_puts(b, "<p id=\"text-same\">Nội dung không thay đổi.</p>\n");
	buf_puts(b, "</section>\n");
	page_end(x);
out:
	free(r.v);
	json_decref(sa);
	json_decref(sb);
	doc_finish(&da);
	doc_finish(&db);
}
