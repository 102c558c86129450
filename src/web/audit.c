/* audit.c — the audit log: every write, newest first, filtered and paged.
 *
 *   GET /audit?actor=&action=&q=&since=&until=&before=   100 rows a page; "Cũ hơn" continues
 *                                                        with before=<the last row's id>
 *
 * action is exact ("task.update") or a prefix ending in "." ("task."); since and until are days
 * (YYYY-MM-DD, or dd/mm/yyyy) in UTC; q is a part of the object ("2023/CDS23-01").
 */
#include <stdio.h>
#include <string.h>

#include "../http/escape.h"
#include "page.h"
#include "web.h"

#define AUDIT_PAGE_SIZE 100

struct audit_rows {
	struct buf *b;
	size_t n;
	int64_t last_id; /* of the last row shown */
	bool more;       /* a row beyond the page exists */
};

static int audit_row(void *ctx, const struct audit_entry *e)
{
	struct audit_rows *r = ctx;
	if (r->n == AUDIT_PAGE_SIZE) {
		r->more = true;
		return 0;
	}
	r->n++;
	r->last_id = e->id;
	buf_printf(r->b, "<tr id=\"audit-%lld\"><td class=\"code\">", (long long)e->id);
	page_utc(r->b, e->at);
	escape_htmlf(r->b, "</td><td>%s</td><td><code>%s</code></td><td>%s</td><td>", e->actor,
	             e->action, e->object ? e->object : "");
	if (e->detail && e->detail[0])
		escape_htmlf(r->b, "<code class=\"json\">%s</code>", e->detail);
	else
		buf_puts(r->b, "—");
	buf_puts(r->b, "</td></tr>\n");
	return 0;
}

static const char *audit_nonempty(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* GET /audit: the filter form and one page of the log. */
void web_audit(struct http_exchange *x)
{
	struct audit_filter f = {.limit = AUDIT_PAGE_SIZE + 1};
	struct buf rows, url;
	buf_init(&rows, 0);
	buf_init(&url, 0);
	f.actor = audit_nonempty(page_query(x, "actor"));
	f.action = audit_nonempty(page_query(x, "action"));
	f.search = audit_nonempty(page_query(x, "q"));
	const char *before = audit_nonempty(page_query(x, "before"));
	if (before && page_parse_int(before, 1, INT64_MAX, &f.before_id) < 0) {
		web_error(x, 400, "Tham số before không hợp lệ.");
		goto out;
	}
	f.since = audit_nonempty(page_query(x, "since"));
	f.until = audit_nonempty(page_query(x, "until"));
	struct audit_rows r = {&rows, 0, 0, false};
	struct diag d;
	diag_init(&d);
	enum app_status st = app_audit_each(x->app, &f, audit_row, &r, &d);
	diag_finish(&d);
	if (st == APP_BAD_INPUT) {
		web_error(x, 400, "Ngày không hợp lệ: dùng dạng dd/mm/yyyy hoặc yyyy-mm-dd.");
		goto out;
	}
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}

	x->rs->status = 200;
	page_begin(x, "Nhật ký thay đổi", PAGE_NAV_AUDIT);
	struct buf *b = &x->rs->body;
	buf_puts(b,
	         "<form class=\"panel filters\" method=\"get\" action=\"/audit\" role=\"search\" "
	         "aria-label=\"Lọc nhật ký\">\n");
	page_input(b, &(struct page_field){.id = "f-actor",
	                                   .name = "actor",
	                                   .label = "Người thực hiện",
	                                   .value = f.actor,
	                                   .hint = "Tên đăng nhập, đúng từng ký tự."});
	page_input(b, &(struct page_field){.id = "f-action",
	                                   .name = "action",
	                                   .label = "Thao tác",
	                                   .value = f.action,
	                                   .hint = "Ví dụ task.update, hoặc task. cho mọi thao tác "
	                                           "trên nhiệm vụ."});
	page_input(b, &(struct page_field){.id = "f-q",
	                                   .name = "q",
	                                   .label = "Đối tượng chứa",
	                                   .type = "search",
	                                   .value = f.search,
	                                   .hint = "Ví dụ 2023/CDS23-01 hoặc tên tệp."});
	page_input(b, &(struct page_field){.id = "f-since",
	                                   .name = "since",
	                                   .label = "Từ ngày",
	                                   .type = "date",
	                                   .value = f.since});
	page_input(b, &(struct page_field){.id = "f-until",
	                                   .name = "until",
	                                   .label = "Đến ngày",
	                                   .type = "date",
	                                   .value = f.until});
	buf_puts(
	    b, "<div class=\"actions\"><button type=\"submit\">Lọc</button>"
	       "<a class=\"button button-secondary\" href=\"/audit\">Bỏ lọc</a></div>\n</form>\n");

	static const struct page_col cols[] = {
	    {"Thời gian (UTC)", false}, {"Người thực hiện", false}, {"Thao tác", false},
	    {"Đối tượng", false},       {"Chi tiết", false},
	};
	char caption[96];
	snprintf(caption, sizeof caption, "Nhật ký, mới nhất trước (%zu dòng%s)", r.n,
	         before ? ", trang sau" : "");
	page_table_begin(b, "audit", caption, cols, 5);
	if (r.n == 0)
		buf_puts(
		    b, "<tr><td colspan=\"5\">Không có dòng nhật ký nào khớp bộ lọc.</td></tr>\n");
	buf_append(b, rows.data, rows.len);
	page_table_end(b);

	buf_puts(&url, "/audit");
	page_query_add(&url, "actor", f.actor);
	page_query_add(&url, "action", f.action);
	page_query_add(&url, "q", f.search);
	page_query_add(&url, "since", f.since);
	page_query_add(&url, "until", f.until);
	const char *first = before ? arena_strdup(x->rq->arena, buf_cstr(&url)) : NULL;
	if (r.more) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)r.last_id);
		page_query_add(&url, "before", id);
	}
	page_pager(b, first, "Mới nhất", r.more ? buf_cstr(&url) : NULL, "Cũ hơn");
	page_end(x);
out:
	buf_finish(&rows);
	buf_finish(&url);
}
