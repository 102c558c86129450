/* static.c — GET /static/app.css: the one stylesheet, embedded in the binary. */
#include "../http/static.h"
#include "web.h"

/* GET /static/app.css: cached for an hour and revalidated by ETag. */
void web_stylesheet(struct http_exchange *x)
{
	const struct static_asset *a = static_find("/static/app.css");
	if (!a) {
		web_error(x, 404, "Không tìm thấy tệp.");
		return;
	}
	static_serve(x->rq, x->rs, a);
}
