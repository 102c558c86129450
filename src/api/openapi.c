/* openapi.c — GET /api/v1/openapi.json: the API's description (src/api/openapi.json, embedded in
 * the binary at build time like the stylesheet). */
#include "../http/static.h"
#include "api_impl.h"

/* GET /api/v1/openapi.json */
void api_openapi(struct http_exchange *x)
{
	const struct static_asset *doc = static_find("/static/openapi.json");
	if (!doc) {
		api_error(x, 404, "not_found", "this build has no API description");
		return;
	}
	static_serve(x->rq, x->rs, doc);
}
