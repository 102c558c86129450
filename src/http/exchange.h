/* exchange.h — what a route handler (web/ pages, api/ endpoints) works with: the request, the
 * response it fills, and the app session acting as the signed-in user.
 *
 * serve/ builds one per request after the router has matched the route and checked its access
 * rule (signed in, admin); handlers re-check per row through app_* (DESIGN §5.11).
 */
#ifndef DXTRACK_EXCHANGE_H
#define DXTRACK_EXCHANGE_H

#include <stdbool.h>

#include "../app/app.h"
#include "../lib/cache.h"
#include "http.h"

struct http_exchange {
	struct http_request *rq;
	struct http_response *rs;
	struct app *app;     /* app->who: the signed-in user, or APP_NOBODY on public routes */
	const char *csrf;    /* the session's CSRF token; "" without a cookie session */
	const char *token;   /* the session's or API token's secret; "" when nobody */
	bool secure_cookies; /* add "Secure" to cookies (served behind TLS) */
	int default_year;    /* exchange_default_year's answer once asked; 0 before */
	struct cache *cache; /* the server's cache of responses; may be NULL */
};

/* The year pages show when none is asked for (app_default_year), read from the database the
 * first time a handler asks, so requests that never need it never pay for it. */
int exchange_default_year(struct http_exchange *x);

/* The one table from an app status to an HTTP status, for pages and API alike: OK 200,
 * FAILED 500, BAD_INPUT 422, NOT_FOUND 404, FORBIDDEN 403, CONFLICT 409, UNAUTHORIZED 401,
 * THROTTLED 429. */
int exchange_status_of(enum app_status s);

/* The cached bytes of key made from the data as it is now: appended to out, true. On a miss
 * *gen receives the data's generation (or -1 when it cannot be read: then nothing is cached), to
 * give exchange_cache_put with the freshly made bytes. The key must name everything the bytes
 * depend on besides the data (the query, and today's date when "lagging" is in them). */
bool exchange_cache_get(struct http_exchange *x, const char *key, struct buf *out, int64_t *gen);
void exchange_cache_put(struct http_exchange *x, const char *key, int64_t gen, const char *data,
                        size_t len);

/* Answers 200 with a stored file as a download: its media type (NULL or "":
 * application/octet-stream), Content-Disposition: attachment with the name (RFC 6266 and 5987:
 * an ASCII fallback with '_' for each other character, and filename* in UTF-8; NULL or "":
 * "tai-lieu"), a sandboxing CSP besides the server's (the file can run nothing, even if opened),
 * no-store, and the ETag etag (quoted here; may be NULL). content is handed over (no copy) and
 * left empty. */
void exchange_send_file(struct http_exchange *x, const char *media_type, const char *file_name,
                        const char *etag, struct buf *content);

#endif
