/* serve.h — `dxtrack serve`: the web dashboard and the JSON API on one HTTP server.
 *
 * serve/ joins the layers: the route table (routes.c) names every path, its methods, who may use
 * it and its handler (web/ or api/); the dispatcher (serve.c) matches the route, opens an app
 * session on one of the server's database connections, authenticates the caller (session cookie
 * or Bearer token), enforces the route's access rule and CSRF, and calls the handler. Nothing is
 * global: the server's state is one struct serve, shared read-only by the worker threads except
 * for the connection pool and the caches, which have their own locks, and the store's watch of
 * other servers' writes (store_watch_start), which has its own thread.
 */
#ifndef DXTRACK_SERVE_H
#define DXTRACK_SERVE_H

#include <stdbool.h>
#include <stddef.h>

struct serve_config {
	const char *db_url;
	const char *listen;  /* "127.0.0.1:8080" */
	unsigned threads;    /* worker threads = database connections */
	bool secure_cookies; /* behind a TLS proxy: cookies get "Secure" */
	const char *now_utc; /* fixed clock "YYYY-MM-DDTHH:MM:SSZ" (tests), or NULL */
	/* Called once the server listens, with its address ("127.0.0.1:8080"); may be NULL. */
	void (*ready)(void *ctx, const char *address);
	void *ready_ctx;
};

struct cache;
struct store;
struct http_request;
struct http_response;

/* What the server keeps while the data's generation is unchanged, shared by its threads: the
 * responses handlers keep (http/exchange.h), and the credentials found valid
 * (app_keep_credentials). Either may be NULL: nothing is kept. */
struct serve_caches {
	struct cache *responses;
	struct cache *credentials;
};

/* Answers one request, as the server does for each (route, app session on store, credentials,
 * access rule, CSRF, handler): what serve_run's workers call with a pooled connection, and what
 * fuzz/fuzz_api.c calls without a socket. c->now_utc and c->secure_cookies are the only fields
 * read. */
void serve_handle(const struct serve_config *c, struct store *store,
                  const struct serve_caches *caches, struct http_request *rq,
                  struct http_response *rs);

/* Serves until SIGINT or SIGTERM. 0 after a clean shutdown, -1 with the reason in why. */
int serve_run(const struct serve_config *c, char *why, size_t why_size);

#endif
