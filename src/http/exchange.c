/* exchange.c — what handlers share: the app status → HTTP status table, the response cache
 * keyed by the data's generation, file downloads (exchange.h). */
#include "exchange.h"

#include <stdio.h>
#include <stdlib.h>

#include "escape.h"

int exchange_status_of(enum app_status s)
{
	static const int table[] = {
	    [APP_OK] = 200,           [APP_FAILED] = 500,    [APP_BAD_INPUT] = 422,
	    [APP_NOT_FOUND] = 404,    [APP_FORBIDDEN] = 403, [APP_CONFLICT] = 409,
	    [APP_UNAUTHORIZED] = 401, [APP_THROTTLED] = 429,
	};
	return (unsigned)s < sizeof table / sizeof table[0] && table[s] ? table[s] : 500;
}

bool exchange_cache_get(struct http_exchange *x, const char *key, struct buf *out, int64_t *gen)
{
	*gen = -1;
	if (!x->cache || app_generation(x->app, gen) != APP_OK) {
		*gen = -1;
		return false;
	}
	return cache_get(x->cache, key, *gen, out);
}

void exchange_cache_put(struct http_exchange *x, const char *key, int64_t gen, const char *data,
                        size_t len)
{
	if (gen >= 0)
		cache_put(x->cache, key, gen, data, len);
}

int exchange_default_year(struct http_exchange *x)
{
	if (x->default_year)
		return x->default_year;
	/* it depends on the data and today: kept like a response */
	char key[48];
	int64_t gen;
	struct buf kept;
	buf_init(&kept, 16);
	snprintf(key, sizeof key, "default year %04d-%02d-%02d", x->app->today.year,
	         x->app->today.month, x->app->today.day);
	if (exchange_cache_get(x, key, &kept, &gen)) {
		x->default_year = (int)strtol(buf_cstr(&kept), NULL, 10);
	} else {
		x->default_year = app_default_year(x->app);
		buf_reset(&kept);
		buf_printf(&kept, "%d", x->default_year);
		exchange_cache_put(x, key, gen, kept.data, kept.len);
	}
	buf_finish(&kept);
	return x->default_year;
}

void exchange_send_file(struct http_exchange *x, const char *media_type, const char *file_name,
                        const char *etag, struct buf *content)
{
	struct arena *arena = x->rq->arena;
	struct buf b;
	const char *name = file_name && file_name[0] ? file_name : "tai-lieu";
	buf_init(&b, 0);
	buf_puts(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if ((*p & 0xC0) != 0x80) /* one '_' per character beyond ASCII */
			buf_putc(&b, *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' ? (char)*p
			                                                                : '_');
	buf_puts(&b, "\"; filename*=UTF-8''");
	escape_url(&b, name);
	x->rs->status = 200;
	x->rs->no_store = true;
	x->rs->content_type = arena_strdup(
	    arena, media_type && media_type[0] ? media_type : "application/octet-stream");
	http_response_header(x->rs, arena, "Content-Disposition",
	                     arena_strdup(arena, buf_cstr(&b)));
	http_response_header(x->rs, arena, "Content-Security-Policy",
	                     "default-src 'none'; sandbox");
	if (etag) {
		buf_reset(&b);
		buf_printf(&b, "\"%s\"", etag);
		http_response_header(x->rs, arena, "ETag", arena_strdup(arena, buf_cstr(&b)));
	}
	buf_finish(&b);
	buf_finish(&x->rs->body);
	x->rs->body = *content; /* handed over: no copy of up to 50 MiB */
	buf_init(content, 0);
}
