/* import.c — importing a tasks CSV from the browser, all or nothing.
 *
 *   GET  /import   the upload form (multipart/form-data: file, csrf)
 *   POST /import   app_import_tasks on the uploaded file: the counts, or every problem exactly
 *                  as `dxtrack import tasks` prints it ("FILE:LINE: column: message") and
 *                  nothing written
 *
 * The file may also be an Excel workbook (.xlsx): its first sheet is read as the CSV would be, and
 * problems are placed as "FILE:SHEET!ROW" (io/table.h).
 *
 * Admins import any task; editors only their unit's (app/ checks every row).
 */
#include <stdio.h>
#include <string.h>

#include "../http/escape.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

static void import_form(struct http_exchange *x)
{
	struct buf *b = &x->rs->body;
	buf_puts(b,
	         "<section class=\"panel\" aria-labelledby=\"h-upload\">\n"
	         "<h2 id=\"h-upload\">Tải lên tệp nhiệm vụ</h2>\n"
	         "<p>Tệp CSV (UTF-8, có hoặc không có BOM, như Excel lưu) hoặc tệp Excel "
	         "(.xlsx, đọc trang tính đầu tiên) với dòng tiêu đề "
	         "<code>code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,"
	         "progress_pct,status,carried_from,tags,start_date,end_date,note</code> "
	         "(thứ tự tùy ý; bắt buộc có <code>code, year, name, investor, budget_vnd, "
	         "status</code>). Tệp tải về từ trang Nhiệm vụ (Tải CSV) nhập lại được ngay.</p>\n"
	         "<p>Tất cả hoặc không: chỉ một dòng sai là cả tệp không được ghi, và mọi lỗi đều "
	         "được liệt kê theo dòng. Nhiệm vụ đã có (cùng năm và mã) được cập nhật và ghi vào "
	         "lịch sử.</p>\n"
	         "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\">\n");
	page_csrf(b, x->csrf);
	buf_putc(b, '\n');
	page_input(b, &(struct page_field){
	                  .name = "file",
	                  .label = "Tệp CSV nhiệm vụ",
	                  .type = "file",
	                  .hint = "Tối đa 16 MiB.",
	                  .attrs = "accept=\".csv,text/csv,.xlsx,application/"
	                           "vnd.openxmlformats-officedocument.spreadsheetml.sheet\" "
	                           "required",
	              });
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Nhập dữ liệu</button></div>\n"
	            "</form>\n</section>\n");
}

/* 403 unless the role may import tasks at all. */
static bool import_allowed(struct http_exchange *x)
{
	const struct app_principal *who = page_user(x);
	if (who && user_may_import_tasks(who->role))
		return true;
	web_error(x, 403, "Tài khoản của bạn không được nhập dữ liệu.");
	return false;
}

/* GET /import: the upload form. */
void web_import_form(struct http_exchange *x)
{
	if (!import_allowed(x))
		return;
	x->rs->status = 200;
	page_begin(x, "Nhập dữ liệu nhiệm vụ", PAGE_NAV_IMPORT);
	import_form(x);
	page_end(x);
}

/* POST /import: the uploaded file (field "file") through app_import_tasks. */
void web_import(struct http_exchange *x)
{
	struct diag d;
	struct import_result r = {0};
	diag_init(&d);
	if (!import_allowed(x))
		goto out;
	const struct http_upload *up = &x->rq->upload;
	if (!up->field) {
		x->rs->status = 422;
		page_begin(x, "Nhập dữ liệu nhiệm vụ", PAGE_NAV_IMPORT);
		page_notice(&x->rs->body, PAGE_NOTICE_ERROR,
		            "Chưa chọn tệp: hãy chọn một tệp CSV rồi bấm Nhập dữ liệu.");
		import_form(x);
		page_end(x);
		goto out;
	}
	const char *label = up->filename && up->filename[0] ? up->filename : "upload.csv";
	enum app_status st =
	    app_import_tasks(x->app, label, up->data ? up->data : "", up->len, &d, &r);
	if (st != APP_OK && st != APP_BAD_INPUT && st != APP_FORBIDDEN) {
		page_fail(x, st);
		goto out;
	}
	x->rs->status = exchange_status_of(st);
	page_begin(x, "Nhập dữ liệu nhiệm vụ", PAGE_NAV_IMPORT);
	struct buf *b = &x->rs->body;
	if (st == APP_OK) {
		escape_htmlf(b,
		             "<div class=\"notice notice-ok\" role=\"status\" id=\"import-result\">"
		             "<p>Đã nhập tệp <strong>%s</strong>.</p>\n<ul>",
		             label);
		buf_printf(
		    b,
		    "<li>Số dòng: <span id=\"import-rows\">%zu</span></li>"
		    "<li>Nhiệm vụ mới: <span id=\"import-inserted\">%zu</span></li>"
		    "<li>Cập nhật: <span id=\"import-updated\">%zu</span></li>"
		    "<li>Không thay đổi: <span id=\"import-unchanged\">%zu</span></li></ul>\n"
		    "<p><a href=\"/tasks\">Xem danh sách nhiệm vụ</a></p></div>\n",
		    r.rows, r.inserted, r.updated, r.unchanged);
	} else {
		struct buf m;
		buf_init(&m, 0);
		if (st == APP_FORBIDDEN)
			buf_puts(&m, "Tệp có nhiệm vụ ngoài phạm vi đơn vị của bạn.");
		else
			buf_printf(&m, "Tệp %s có %zu lỗi.", label, diag_total(&d));
		page_diag(b, buf_cstr(&m), "import-errors", &d, "Không có dữ liệu nào được ghi.");
		buf_finish(&m);
	}
	import_form(x);
	page_end(x);
out:
	diag_finish(&d);
}
