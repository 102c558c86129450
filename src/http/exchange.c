/* exchange.c — what handlers share: the app status → HTTP status table, the response cache
 * keyed by the data's generation (exchange.h). */
#include "exchange.h"

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
	if (!x->default_year)
		x->default_year = app_default_year(x->app);
	return x->default_year;
}
