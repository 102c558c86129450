/* page.h — the one layout of every page, and the small HTML pieces the pages are made of.
 *
 * page_begin writes the document up to the page's <h1> into x->rs->body, page_end closes it;
 * between them a page writes its content with the helpers below and escape.h. Every helper
 * escapes what it is given (labels, values, messages) except where a parameter is documented as
 * trusted markup (a string literal of the page's own, never data). Nothing here uses inline
 * style or script: the CSP forbids both, and every class is in static/app.css.
 */
#ifndef DXTRACK_PAGE_H
#define DXTRACK_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/task.h"
#include "../http/exchange.h"
#include "../lib/buf.h"
#include "../lib/diag.h"

/* The navigation item a page belongs to (marked aria-current="page"). */
enum page_nav {
	PAGE_NAV_NONE,
	PAGE_NAV_DASHBOARD, /* Tổng quan / */
	PAGE_NAV_TASKS,     /* Nhiệm vụ /tasks */
	PAGE_NAV_IMPORT,    /* Nhập dữ liệu /import (admin, editor) */
	PAGE_NAV_USERS,     /* Tài khoản /users (admin) */
	PAGE_NAV_AUDIT,     /* Nhật ký /audit */
	PAGE_NAV_ACCOUNT,   /* Đổi mật khẩu /account (beside the user's name) */
	/* Chỉ số /indicators (after Nhiệm vụ in the navigation) */
	PAGE_NAV_INDICATORS,
	/* Danh mục /plan (next year's catalogue) */
	PAGE_NAV_PLAN,
	PAGE_NAV_DISBURSEMENT, /* Giải ngân /disbursement (and /allocations) */
	PAGE_NAV_DTI,          /* DTI /dti (the digital-transformation index, after Chỉ số) */
	PAGE_NAV_REPORTS,      /* Báo cáo /reports (the committee's report and its review) */
};

/* Opens the page: doctype, <html lang="vi">, head (title "title — dxtrack", viewport, the
 * stylesheet), the skip link, the header and <main id="main">, then <h1>title</h1>. For a
 * signed-in user (x->app->who is a user) the header has the navigation (items by role), the
 * user's name and role and the logout form, and the response is marked no_store; otherwise it
 * is the minimal header of the login and error pages. Resets the body first: a page that fails
 * half-way can start again with web_error. */
void page_begin(struct http_exchange *x, const char *title, enum page_nav active);
/* Closes <main>, adds the footer and ends the document. */
void page_end(struct http_exchange *x);

/* Pages whose body below the header depends only on the data and on key (never on the user: the
 * header carries the user's name and CSRF token, prelude anything else of theirs). page_cached
 * serves the whole page (status 200) from the server's cache and returns true when the body
 * for key is there at the data's current generation; else it returns false with *gen set, and
 * the handler renders as usual, starting the body with page_begin (and its prelude), taking
 * mark = x->rs->body.len, and ending with page_end_cached, which keeps the bytes since mark. */
bool page_cached(struct http_exchange *x, const char *key, const char *title, enum page_nav active,
                 void (*prelude)(struct http_exchange *x, const void *arg), const void *arg,
                 int64_t *gen);
void page_end_cached(struct http_exchange *x, const char *key, int64_t gen, size_t mark);

/* web_error with exchange_status_of(s) and a Vietnamese sentence saying what went wrong. */
void page_fail(struct http_exchange *x, enum app_status s);

/* The signed-in user, or NULL on a public route. */
const struct app_principal *page_user(const struct http_exchange *x);

/* ---- forms ---- */

/* <input type="hidden" name="csrf" value="…">: in every POST form. */
void page_csrf(struct buf *b, const char *csrf);
void page_hidden(struct buf *b, const char *name, const char *value);

/* A labelled form control. id defaults to name; value, hint and attrs may be NULL. attrs is
 * trusted markup added inside the tag (a literal: "required autocomplete=\"username\""). A hint
 * is linked with aria-describedby; invalid adds aria-invalid="true". */
struct page_field {
	const char *id;
	const char *name;
	const char *label;
	const char *type; /* input type: "text" when NULL */
	const char *value;
	const char *hint;
	const char *attrs;
	bool invalid;
};
void page_input(struct buf *b, const struct page_field *f);
void page_textarea(struct buf *b, const struct page_field *f);
/* <div class="field"><label…><select…>; then page_option for each choice, then page_select_end. */
void page_select_begin(struct buf *b, const struct page_field *f);
void page_option(struct buf *b, const char *value, const char *label, bool selected);
void page_select_end(struct buf *b);
/* A checkbox with its label after it. */
void page_checkbox(struct buf *b, const char *id, const char *name, const char *value,
                   const char *label, bool checked);

/* ---- notices ---- */

enum page_notice {
	PAGE_NOTICE_OK,    /* role="status": something was done */
	PAGE_NOTICE_INFO,  /* role="status": for information */
	PAGE_NOTICE_ERROR, /* role="alert": something went wrong */
};
void page_notice(struct buf *b, enum page_notice kind, const char *message);
/* An alert box: the message, then every diagnostic as diag_format writes it (the CLI's lines,
 * "FILE:LINE: column: message"), sorted with diag_sort, in <ul id="list_id"> (list_id may be
 * NULL), then "… và N lỗi khác" when some were not kept, then after (may be NULL). */
void page_diag(struct buf *b, const char *message, const char *list_id, struct diag *d,
               const char *after);

/* ---- tables ---- */

struct page_col {
	const char *label;
	bool numeric; /* right-aligned, tabular figures */
};
/* <div class="table-wrap" …><table id=…><caption>…</caption><thead>…<th scope="col">…</thead>
 * <tbody>. The wrapper scrolls horizontally on small screens and can take the keyboard focus.
 * id may be NULL. Rows are the caller's: <tr>, <th scope="row"> or <td>, with class "num" on
 * numbers. */
void page_table_begin(struct buf *b, const char *id, const char *caption,
                      const struct page_col *cols, size_t n);
void page_table_end(struct buf *b); /* </tbody></table></div> */

/* Previous/next links in <nav aria-label="Phân trang">; an href NULL leaves its link out; both
 * NULL write nothing. hrefs are URLs of ours (escaped here as attributes). */
void page_pager(struct buf *b, const char *prev_href, const char *prev_label, const char *next_href,
                const char *next_label);

/* ---- URLs ---- */

/* Appends "?name=value" or "&name=value" to a URL being built in q, the value URL-escaped;
 * nothing when value is NULL or "". */
void page_query_add(struct buf *q, const char *name, const char *value);
/* href="/tasks/2023/CDS23-01" for a task: the code as one escaped path segment. Writes
 * the URL only (no attribute syntax). */
void page_task_url(struct buf *b, int year, const char *code);
/* True for a local path to return to after login: starts with one "/", not "//" or "/\", and
 * holds no control character. */
bool page_local_path(const char *s);

/* ---- values ---- */

/* Parses a whole decimal number in [min, max]: digits only (a leading '-' when min < 0), no
 * spaces, no sign '+'. 0, or -1 when s is NULL, empty, malformed or out of range. */
int page_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* The value of a query (GET) or form (POST) field, or NULL. */
const char *page_query(const struct http_exchange *x, const char *name);
const char *page_form(const struct http_exchange *x, const char *name);

/* s with its first letter upper-case ("đang triển khai" → "Đang triển khai"), HTML-escaped. */
void page_capitalized(struct buf *b, const char *s);
/* "1.200.000.000 đồng" */
void page_vnd(struct buf *b, int64_t vnd);
/* "14/12/2023", or "—" when the date is unset. */
void page_date(struct buf *b, struct date d);
/* A UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" as "14/12/2023 08:30" (escaped as is when it has
 * another shape). */
void page_utc(struct buf *b, const char *ts);
/* <span class="status status-CODE">label</span> */
void page_status(struct buf *b, enum task_status s);

#endif
