/* error.c — the page every failed request ends with (web_error): 400, 403, 404, 409, 500 …
 *
 * Inside the layout for a signed-in user, in the minimal signed-out layout otherwise, with the
 * status's Vietnamese name as the heading, the message, and a way back.
 */
#include <stddef.h>

#include "../http/escape.h"
#include "page.h"
#include "web.h"

static const struct {
	int status;
	const char *title;
} web_error_titles[] = {
    {400, "Yêu cầu không hợp lệ"},
    {401, "Cần đăng nhập"},
    {403, "Không có quyền truy cập"},
    {404, "Không tìm thấy"},
    {405, "Phương thức không được hỗ trợ"},
    {409, "Dữ liệu đã thay đổi"},
    {413, "Dữ liệu gửi lên quá lớn"},
    {422, "Dữ liệu không hợp lệ"},
    {429, "Quá nhiều yêu cầu"},
    {500, "Lỗi hệ thống"},
    {503, "Hệ thống tạm thời không phục vụ được"},
};

/* The page every error ends with: 403, 404, 400 … in the layout, with a way back. */
void web_error(struct http_exchange *x, int status, const char *message)
{
	const char *title = status >= 500 ? "Lỗi hệ thống" : "Không thực hiện được";
	for (size_t i = 0; i < sizeof web_error_titles / sizeof web_error_titles[0]; i++)
		if (web_error_titles[i].status == status)
			title = web_error_titles[i].title;
	x->rs->status = status;
	page_begin(x, title, PAGE_NAV_NONE);
	struct buf *b = &x->rs->body;
	page_notice(b, PAGE_NOTICE_ERROR, message && message[0] ? message : title);
	buf_printf(b, "<p class=\"muted\">Mã lỗi HTTP %d.</p>\n", status);
	if (page_user(x))
		buf_puts(b, "<p><a href=\"/\">Về trang Tổng quan</a> · <a href=\"/tasks\">Danh "
		            "sách nhiệm vụ</a></p>\n");
	else
		buf_puts(b, "<p><a href=\"/login\">Đến trang đăng nhập</a></p>\n");
	page_end(x);
}
