/* server.h — the HTTP/1.1 server: libmicrohttpd with a thread pool and epoll.
 *
 * http_server_run reads each request completely (headers, then the body up to its limit:
 * HTTP_BODY_MAX, or what body_limit says for that request; 413 beyond it, stating the limit in
 * MiB), fills a struct http_request (query, cookies, form or multipart
 * fields decoded by form.h; 400 on malformed input), calls dispatch, and sends the response with
 * the security headers every response carries (CSP without inline script, frame-ancestors,
 * X-Frame-Options, nosniff, Referrer-Policy). One access-log line per request goes to stderr.
 * It returns when SIGINT or SIGTERM arrives, after the requests in flight are answered.
 * There is no global state: everything lives in the server struct and the per-request arena.
 */
#ifndef DXTRACK_SERVER_H
#define DXTRACK_SERVER_H

#include <stddef.h>

#include "http.h"

struct http_server_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080" */
	unsigned threads;   /* worker threads (thread pool size), at least 1 */
	unsigned timeout_s; /* idle connection timeout (slow clients): default 15 */
	/* Handles one request: fills rs (status, body, headers). rq->ctx is ctx. Called from
	 * several threads at once. */
	void (*dispatch)(void *ctx, struct http_request *rq, struct http_response *rs);
	void *ctx;
	/* Called once the socket listens (e.g. to print the address); may be NULL. */
	void (*ready)(void *ctx, const char *address);
	/* The largest body a request may send, asked once its headers are in when it has a body
	 * (a Content-Length above 0, or Transfer-Encoding): method as sent ("POST"), raw_target
	 * the request target as sent ("/path?query", not decoded). 0, or a NULL callback:
	 * HTTP_BODY_MAX. Called from several threads at once. */
	size_t (*body_limit)(void *ctx, const char *method, const char *raw_target);
};

/* Runs until SIGINT/SIGTERM. 0 on a clean shutdown; -1 with the reason in why when the server
 * cannot start (bad address, port in use). */
int http_server_run(const struct http_server_config *cfg, char *why, size_t why_size);

#endif
