/* health.c — GET /healthz for load balancers and the tests: 200 {"status":"ok","schema":N} when
 * the database answers, 503 otherwise. */
#include "health.h"

/* GET /healthz */
void health_check(struct http_exchange *x)
{
	int version = app_schema_version(x->app);
	x->rs->content_type = "application/json";
	x->rs->no_store = true;
	if (version <= 0) {
		x->rs->status = 503;
		buf_puts(&x->rs->body, "{\"status\":\"unavailable\"}\n");
		return;
	}
	buf_printf(&x->rs->body, "{\"status\":\"ok\",\"schema\":%d}\n", version);
}
