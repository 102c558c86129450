/* server.c — the HTTP/1.1 server on libmicrohttpd (see server.h).
 *
 * Life of a request: MHD parses the request line and calls server_begin (the URI log callback)
 * with the raw request target, before it decodes anything; that allocates the per-request state
 * (arena, body buffer) and keeps the raw target, because our own decoders (form.h) are stricter
 * than MHD's. server_access is then called with the headers (the body's limit is decided then:
 * cfg->body_limit's for a request with a body, else HTTP_BODY_MAX), once per body chunk, and a last
 * time with no data: it builds a struct http_request, calls the dispatcher and queues the response
 * with the security headers. server_end (the completion callback) writes the access-log line and
 * frees the state.
 *
 * A body over its limit gets 413 with the limit in MiB. A browser shows that answer only when it
 * has sent its whole body (an answer queued earlier closes the connection under the upload, and
 * the browser reports a reset), so the refused body is read to its end and discarded, then 413
 * is answered — up to SERVER_DISCARD_MIN or SERVER_DISCARD_FACTOR times the limit, whichever is
 * more. 413 goes out at once, before the body, to a client that waits for it ("Expect:
 * 100-continue", as curl does) and to a declared length past what would be discarded; past it,
 * a body without a declared length (chunked) has its connection closed.
 *
 * All state lives in struct server (on http_server_run's stack) and in each request's state; no
 * globals. Shutdown: SIGINT/SIGTERM are blocked before MHD starts its threads (which inherit the
 * mask) and taken with sigwait; then the listening socket is closed, requests in flight are
 * given time to finish, and MHD stops.
 */
#include "server.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../lib/mem.h"
#include "escape.h"
#include "form.h"

#define SERVER_CONNECTIONS_MAX 1024u
#define SERVER_CONNECTION_MEMORY ((size_t)64 << 10) /* headers and read buffer, per connection */
#define SERVER_TIMEOUT_S_DEFAULT 15u
/* A body still arriving after the idle timeout must have come at this many bytes a second on
 * average, or the connection is closed: libmicrohttpd's timeout counts only idle time, so a
 * client sending a byte a second (slowloris) would otherwise hold its connection for ever. */
#define SERVER_BODY_MIN_BYTES_PER_S 1024u
#define SERVER_DRAIN_MS 10000   /* at most this long for requests in flight at shutdown */
#define SERVER_LOG_PATH_MAX 256 /* bytes of the path an access-log line shows */
#define SERVER_DISCARD_MIN ((size_t)256 << 20) /* a refused body is read and discarded … */
#define SERVER_DISCARD_FACTOR 4                /* … up to this many times its limit, or MIN */

static const char server_csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                                 "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                 "form-action 'self'; frame-ancestors 'none'";

struct server {
	const struct http_server_config *cfg;
	atomic_size_t in_flight; /* requests begun and not yet completed */
};

/* One request's state, from the request line to the completion callback. */
struct server_request {
	struct server *srv;
	struct arena arena;
	struct buf body;    /* the request body, capped at limit */
	size_t limit;       /* the body's limit: cfg->body_limit's, or HTTP_BODY_MAX */
	const char *target; /* the raw request target ("/path?query"), in the arena */
	char method[16];    /* as sent, for the log (truncated) */
	char client[INET6_ADDRSTRLEN];
	struct timespec start; /* CLOCK_MONOTONIC */
	int status;            /* the status queued; 0 while none */
	size_t bytes;          /* body bytes of the response queued */
	bool headers_seen;     /* server_access was called once */
	bool responded;        /* a response was queued (MHD takes only one) */
	bool too_large;        /* the body passes limit: it is discarded, then 413 answered */
	size_t discarded;      /* body bytes discarded since */
	size_t received;       /* body bytes received so far */
};

/* ---- responses ----------------------------------------------------------------------------- */

static bool server_header_ok(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

/* Queues rs (its body is handed over to MHD) with the security headers every response carries.
 * A header holding CR or LF (a handler's bug: response splitting) turns the response into a 500
 * without the handler's headers. */
static void server_queue(struct server_request *r, struct MHD_Connection *conn,
                         struct http_response *rs, enum http_method method)
{
	int status = rs->status ? rs->status : 200;
	const char *ctype = rs->content_type ? rs->content_type : "text/html; charset=utf-8";
	bool ok = status >= 100 && status <= 599 && server_header_ok(ctype);
	for (size_t i = 0; ok && i < rs->headers.count; i++)
		ok = server_header_ok(rs->headers.items[i].name) &&
		     server_header_ok(rs->headers.items[i].value);
	if (!ok) {
		/* the access-log line that follows names the path (never the query: secrets) */
		fprintf(stderr,
		        "dxtrack: a handler's response had status %d or a header with CR/LF; "
		        "500 sent instead\n",
		        status);
		buf_reset(&rs->body);
		buf_puts(&rs->body, "<!DOCTYPE html><title>500</title><p>Lỗi máy chủ.</p>\n");
		status = 500;
		ctype = "text/html; charset=utf-8";
	}

	size_t len = rs->body.len;
	struct MHD_Response *resp;
	if (len)
		resp = MHD_create_response_from_buffer(len, buf_steal(&rs->body),
		                                       MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		fputs("dxtrack: out of memory (MHD response)\n", stderr);
		abort();
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	for (size_t i = 0; ok && i < rs->headers.count; i++)
		if (MHD_add_response_header(resp, rs->headers.items[i].name,
		                            rs->headers.items[i].value) != MHD_YES)
			fprintf(stderr, "dxtrack: response header %s refused by libmicrohttpd\n",
			        rs->headers.items[i].name);
	if (rs->no_store)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "Content-Security-Policy", server_csp);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (MHD_queue_response(conn, (unsigned)status, resp) == MHD_YES) {
		r->status = status;
		r->bytes = method == HTTP_HEAD ? 0 : len;
	}
	r->responded = true;
	MHD_destroy_response(resp);
}

/* An error the server answers itself (400, 413): JSON under /api/, else a short page. */
static void server_error(struct server_request *r, struct MHD_Connection *conn, int status,
                         const char *code, const char *message)
{
	struct http_response rs = {.status = status};
	buf_init(&rs.body, 0);
	if (strncmp(r->target, "/api/", 5) == 0) {
		rs.content_type = "application/json";
		buf_printf(&rs.body, "{\"error\":{\"code\":\"%s\",\"message\":", code);
		escape_json(&rs.body, message);
		buf_puts(&rs.body, "}}\n");
	} else {
		/* the page a browser shows (a refused upload): in Vietnamese, readable on a phone
		 */
		const char *heading = status == 413   ? "Dữ liệu gửi lên quá lớn"
		                      : status == 400 ? "Yêu cầu không hợp lệ"
		                                      : http_status_text(status);
		escape_htmlf(
		    &rs.body,
		    "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">"
		    "<title>%s — dxtrack</title><link rel=\"icon\" href=\"data:,\"></head>\n"
		    "<body><h1>%s</h1>\n<p>%s</p>\n<p>Mã lỗi HTTP %d.</p>\n"
		    "<p><a href=\"/\">Về trang chủ</a></p></body></html>\n",
		    heading, heading, message, status);
	}
	rs.no_store = true;
	server_queue(r, conn, &rs, HTTP_GET);
	buf_finish(&rs.body);
}

static void server_bad_request(struct server_request *r, struct MHD_Connection *conn,
                               const char *message)
{
	server_error(r, conn, 400, "bad_request", message);
}

/* 413, naming the limit that applied in whole MiB (rounded down, so that a limit with room for a
 * form's fields around its file names the file's): "Tệp quá lớn: tối đa 50 MiB." for a form with
 * a file (multipart), else "Dữ liệu gửi lên quá lớn: tối đa 16 MiB." */
static void server_too_large(struct server_request *r, struct MHD_Connection *conn)
{
	const char *ct =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	bool file = ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
	char message[128];
	if (r->limit >= ((size_t)1 << 20))
		snprintf(message, sizeof message, "%s: tối đa %zu MiB.",
		         file ? "Tệp quá lớn" : "Dữ liệu gửi lên quá lớn", r->limit >> 20);
	else
		snprintf(message, sizeof message, "%s: tối đa %zu KiB.",
		         file ? "Tệp quá lớn" : "Dữ liệu gửi lên quá lớn", r->limit >> 10);
	server_error(r, conn, 413, "too_large", message);
}

/* ---- building the request ------------------------------------------------------------------ */

static enum http_method server_method(const char *m)
{
	static const struct {
		const char *name;
		enum http_method method;
	} methods[] = {
	    {"GET", HTTP_GET},     {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},
	    {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE}, {"PUT", HTTP_PUT},
	};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(m, methods[i].name) == 0)
			return methods[i].method;
	return HTTP_OTHER;
}

struct server_headers {
	struct http_request *rq;
	bool failed;
};

/* MHD_get_connection_values_n iterator: copies each header with its name in lower case. */
static enum MHD_Result server_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
	struct server_headers *h = cls;
	struct arena *arena = h->rq->arena;
	(void)kind;

	char *name = arena_strndup(arena, key, key_size);
	for (char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *v = value ? arena_strndup(arena, value, value_size) : "";
	if (http_param_add(&h->rq->headers, arena, name, v, strlen(v)) < 0) {
		h->failed = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/* "Multipart/Form-Data; boundary=x" → "multipart/form-data", in the arena. */
static const char *server_media_type(struct arena *arena, const char *ct)
{
	if (!ct)
		return "";
	while (*ct == ' ' || *ct == '\t')
		ct++;
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	char *t = arena_strndup(arena, ct, n);
	for (char *p = t; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return t;
}

/* Fills rq from the connection and the state; NULL, or the 400 message for the client. */
static const char *server_request_fill(struct server_request *r, struct MHD_Connection *conn,
                                       const char *method, struct http_request *rq)
{
	struct arena *arena = &r->arena;

	rq->arena = arena;
	rq->ctx = r->srv->cfg->ctx;
	rq->method = server_method(method);
	rq->client = r->client;

	/* path and query from the raw target: strictly decoded (no NUL, UTF-8) */
	const char *target = r->target;
	const char *q = strchr(target, '?');
	size_t plen = q ? (size_t)(q - target) : strlen(target);
	char *path;
	if (plen == 0 || target[0] != '/' || form_decode(arena, target, plen, 0, &path) < 0)
		return "Đường dẫn không hợp lệ.";
	rq->path = path;
	rq->query_string = q ? q + 1 : "";
	if (form_parse_urlencoded(arena, rq->query_string, strlen(rq->query_string), &rq->query) <
	    0)
		return "Tham số trên địa chỉ không hợp lệ (mã hoá sai hoặc không phải UTF-8).";

	struct server_headers h = {.rq = rq};
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, server_header, &h);
	if (h.failed)
		return "Quá nhiều tiêu đề.";
	for (size_t i = 0; i < rq->headers.count; i++)
		if (strcmp(rq->headers.items[i].name, "cookie") == 0 &&
		    form_parse_cookies(arena, rq->headers.items[i].value, &rq->cookies) < 0)
			return "Quá nhiều cookie.";

	const char *ct = http_param_get(&rq->headers, "content-type");
	rq->content_type = server_media_type(arena, ct);
	rq->body = buf_cstr(&r->body);
	rq->body_len = r->body.len;
	if (rq->method == HTTP_POST) {
		if (strcmp(rq->content_type, "application/x-www-form-urlencoded") == 0 &&
		    form_parse_urlencoded(arena, rq->body, rq->body_len, &rq->form) < 0)
			return "Biểu mẫu không hợp lệ (mã hoá sai hoặc không phải UTF-8).";
		if (strcmp(rq->content_type, "multipart/form-data") == 0 &&
		    form_parse_multipart(arena, ct, rq->body, rq->body_len, &rq->form,
		                         &rq->upload) < 0)
			return "Biểu mẫu nhiều phần (multipart) không hợp lệ.";
	}
	return NULL;
}

/* The last call of a request: everything is read. */
static void server_handle(struct server_request *r, struct MHD_Connection *conn, const char *method)
{
	struct http_request rq = {0};
	const char *bad = server_request_fill(r, conn, method, &rq);
	if (bad) {
		server_bad_request(r, conn, bad);
		return;
	}

	struct http_response rs = {.status = 200};
	buf_init(&rs.body, 0);
	r->srv->cfg->dispatch(r->srv->cfg->ctx, &rq, &rs);
	server_queue(r, conn, &rs, rq.method);
	buf_finish(&rs.body);
}

/* The declared Content-Length, saturated at SIZE_MAX; 0 without one. (MHD itself rejects
 * malformed values.) */
static size_t server_declared_length(struct MHD_Connection *conn)
{
	const char *cl =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	size_t n = 0;
	for (; cl && *cl >= '0' && *cl <= '9'; cl++) {
		size_t digit = (size_t)(*cl - '0');
		if (n > (SIZE_MAX - digit) / 10)
			return SIZE_MAX;
		n = n * 10 + digit;
	}
	return n;
}

/* Whether the client waits for "100 Continue" before it sends the body. */
static bool server_expects_continue(struct MHD_Connection *conn)
{
	const char *e = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
	return e && strcasecmp(e, "100-continue") == 0;
}

/* How much of a refused body is read and discarded before the connection is closed. */
static size_t server_discard_max(const struct server_request *r)
{
	if (r->limit > SERVER_DISCARD_MIN / SERVER_DISCARD_FACTOR)
		return r->limit > SIZE_MAX / SERVER_DISCARD_FACTOR
		           ? SIZE_MAX
		           : r->limit * SERVER_DISCARD_FACTOR;
	return SERVER_DISCARD_MIN;
}

/* The headers are in: the body's limit (cfg->body_limit is asked only when there is a body: a
 * declared length, or chunks), and a declared body over it refused (at once, or after it is read
 * and discarded). */
static void server_headers_in(struct server_request *r, struct MHD_Connection *conn,
                              const char *method)
{
	const struct http_server_config *cfg = r->srv->cfg;
	size_t declared = server_declared_length(conn);
	bool body = declared > 0 || MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                                        MHD_HTTP_HEADER_TRANSFER_ENCODING);
	size_t limit = cfg->body_limit && body ? cfg->body_limit(cfg->ctx, method, r->target) : 0;
	r->limit = limit ? limit : HTTP_BODY_MAX;
	buf_finish(&r->body);
	buf_init(&r->body, r->limit);
	if (declared <= r->limit)
		return;
	if (server_expects_continue(conn) || declared > server_discard_max(r))
		server_too_large(r, conn);
	else
		r->too_large = true;
}

/* ---- MHD callbacks ------------------------------------------------------------------------- */

/* The peer's address as text; an IPv4 client of a dual-stack socket ("::ffff:10.0.0.1") is
 * shown as plain IPv4. */
static void server_client_text(const struct sockaddr *sa, char *out, size_t out_size)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, out, (socklen_t)out_size);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
			inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out, (socklen_t)out_size);
		else
			inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)out_size);
	}
}

/* URI log callback: the request line has arrived. Its return value becomes *req_cls. */
static void *server_begin(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *srv = cls;
	struct server_request *r = mem_calloc(1, sizeof *r);

	r->srv = srv;
	arena_init(&r->arena);
	r->limit = HTTP_BODY_MAX;
	buf_init(&r->body, r->limit);
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->target = arena_strdup(&r->arena, uri ? uri : "");
	snprintf(r->method, sizeof r->method, "-");
	snprintf(r->client, sizeof r->client, "-");
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr)
		server_client_text(ci->client_addr, r->client, sizeof r->client);
	atomic_fetch_add(&srv->in_flight, 1);
	return r;
}

/* True when the body has taken longer than the idle timeout and come slower, on average, than
 * SERVER_BODY_MIN_BYTES_PER_S. */
static bool server_body_too_slow(const struct server_request *r)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double elapsed_s =
	    (double)(now.tv_sec - r->start.tv_sec) + (double)(now.tv_nsec - r->start.tv_nsec) / 1e9;
	unsigned timeout_s =
	    r->srv->cfg->timeout_s ? r->srv->cfg->timeout_s : SERVER_TIMEOUT_S_DEFAULT;
	return elapsed_s > timeout_s &&
	       (double)r->received < elapsed_s * SERVER_BODY_MIN_BYTES_PER_S;
}

static enum MHD_Result server_access(void *cls, struct MHD_Connection *conn, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **req_cls)
{
	struct server_request *r = *req_cls;
	(void)cls;
	(void)url; /* already decoded by MHD: we decode the raw target ourselves */
	(void)version;

	if (!r)
		return MHD_NO; /* cannot happen: server_begin runs first */
	if (r->responded) {
		*upload_data_size = 0; /* the rest of a refused body is discarded */
		return MHD_YES;
	}
	if (!r->headers_seen) {
		r->headers_seen = true;
		snprintf(r->method, sizeof r->method, "%s", method);
		server_headers_in(r, conn, method);
		return MHD_YES;
	}
	if (*upload_data_size) {
		r->received += *upload_data_size;
		if (server_body_too_slow(r))
			return MHD_NO; /* closes the connection */
		/* A body over its limit (declared, or chunked and passing it mid-way) is read and
		 * discarded, and 413 answered at the end (libmicrohttpd 0.9.75 sends nothing before
		 * the body is read to its end); past server_discard_max of it the connection is
		 * simply closed. */
		if (!r->too_large && buf_append(&r->body, upload_data, *upload_data_size) < 0) {
			r->too_large = true;
			r->discarded = r->body.len;
			buf_finish(&r->body);
		}
		if (r->too_large) {
			r->discarded += *upload_data_size;
			if (r->discarded > server_discard_max(r))
				return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->too_large)
		server_too_large(r, conn);
	else
		server_handle(r, conn, method);
	return MHD_YES;
}

/* Writes "TIME CLIENT "METHOD PATH" STATUS BYTES DURATION_MS" to stderr in one write. The
 * path is the raw one without the query (which may hold secrets); bytes that could confuse a
 * reader of the log (controls, space, '"', '\', non-ASCII) are shown as %XX. */
static void server_log(const struct server_request *r)
{
	char path[SERVER_LOG_PATH_MAX * 3 + 4], method[sizeof r->method * 3];
	char *bufs[2] = {path, method};
	size_t sizes[2] = {sizeof path, sizeof method};
	const char *srcs[2] = {r->target, r->method};
	size_t caps[2] = {SERVER_LOG_PATH_MAX, sizeof r->method};

	for (int k = 0; k < 2; k++) {
		char *o = bufs[k], *end = bufs[k] + sizes[k] - 4; /* room for "..." and the NUL */
		size_t n = 0;
		for (const char *s = srcs[k]; *s && *s != '?' && n < caps[k] && o + 3 <= end;
		     s++, n++) {
			unsigned char c = (unsigned char)*s;
			if (c > 0x20 && c < 0x7F && c != '"' && c != '\\') {
				*o++ = (char)c;
			} else {
				*o++ = '%';
				*o++ = "0123456789ABCDEF"[c >> 4];
				*o++ = "0123456789ABCDEF"[c & 15];
			}
		}
		if (n == caps[k] && srcs[k][n] && srcs[k][n] != '?')
			o += snprintf(o, 4, "...");
		*o = '\0';
		if (!*bufs[k])
			snprintf(bufs[k], sizes[k], "-");
	}

	struct timespec now, mono;
	struct tm tm;
	char when[32];
	clock_gettime(CLOCK_REALTIME, &now);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	gmtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	long long us = (long long)(mono.tv_sec - r->start.tv_sec) * 1000000 +
	               (mono.tv_nsec - r->start.tv_nsec) / 1000;
	if (us < 0)
		us = 0;

	char line[1200];
	int n = snprintf(line, sizeof line, "%s.%03ldZ %s \"%s %s\" %d %zu %lld.%03lld\n", when,
	                 now.tv_nsec / 1000000, r->client, method, path, r->status, r->bytes,
	                 us / 1000, us % 1000);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line) {
		n = (int)sizeof line - 1;
		line[n - 1] = '\n';
	}
	ssize_t w = write(STDERR_FILENO, line, (size_t)n);
	(void)w;
}

/* Completion callback: the response is sent (or the connection died). */
static void server_end(void *cls, struct MHD_Connection *conn, void **req_cls,
                       enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct server_request *r = *req_cls;
	(void)conn;
	(void)toe;

	if (!r)
		return;
	*req_cls = NULL;
	server_log(r);
	buf_finish(&r->body);
	arena_finish(&r->arena);
	free(r);
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* ---- listening and running ----------------------------------------------------------------- */

struct server_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	bool v6;
	char host[INET6_ADDRSTRLEN];
	unsigned port;
};

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080" → a socket address. -1 if malformed. */
static int server_parse_listen(const char *listen, struct server_addr *a)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon, *hb = listen;
	size_t hlen;

	memset(a, 0, sizeof *a);
	if (!listen)
		return -1;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':')
			return -1;
		hb = listen + 1;
		hlen = (size_t)(close - hb);
		colon = close + 1;
		a->v6 = true;
	} else {
		colon = strrchr(listen, ':');
		if (!colon)
			return -1;
		hlen = (size_t)(colon - listen);
	}
	if (hlen == 0 || hlen >= sizeof host)
		return -1;
	memcpy(host, hb, hlen);
	host[hlen] = '\0';

	const char *p = colon + 1;
	unsigned long port = 0;
	if (!*p || strlen(p) > 5)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		port = port * 10 + (unsigned long)(*p - '0');
	}
	if (port > 65535)
		return -1;
	a->port = (unsigned)port;

	if (a->v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&a->ss;
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return -1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		a->len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&a->ss;
		if (strcmp(host, "localhost") == 0)
			snprintf(host, sizeof host, "127.0.0.1");
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return -1;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		a->len = sizeof *s4;
	}
	/* the canonical text of the address, for the ready callback */
	if (!inet_ntop(a->ss.ss_family,
	               a->v6 ? (const void *)&((struct sockaddr_in6 *)(void *)&a->ss)->sin6_addr
	                     : (const void *)&((struct sockaddr_in *)(void *)&a->ss)->sin_addr,
	               a->host, sizeof a->host))
		return -1;
	return 0;
}

/* After MHD failed to start: binds the address ourselves to learn why (MHD logged its own
 * message to stderr already). */
static void server_why(const struct server_addr *a, const char *listen, char *why, size_t why_size)
{
	int fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err = 0, one = 1;
	if (fd < 0) {
		err = errno;
	} else {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, (const struct sockaddr *)&a->ss, a->len) < 0)
			err = errno;
		close(fd);
	}
	if (err)
		snprintf(why, why_size, "cannot listen on %s: %s", listen, strerror(err));
	else
		snprintf(why, why_size, "cannot start the HTTP server on %s", listen);
}

int http_server_run(const struct http_server_config *cfg, char *why, size_t why_size)
{
	struct server srv = {.cfg = cfg};
	struct server_addr addr;
	struct MHD_Daemon *d = NULL;
	sigset_t stop, old;
	int rc = -1;

	atomic_init(&srv.in_flight, 0);
	if (why_size)
		why[0] = '\0';
	if (server_parse_listen(cfg->listen, &addr) < 0) {
		snprintf(why, why_size, "bad listen address \"%s\" (HOST:PORT or [IPv6]:PORT)",
		         cfg->listen ? cfg->listen : "");
		return -1;
	}

	/* blocked here, so in every thread MHD starts: only sigwait below takes them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);

	unsigned threads = cfg->threads ? cfg->threads : 1;
	unsigned timeout_s = cfg->timeout_s ? cfg->timeout_s : SERVER_TIMEOUT_S_DEFAULT;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
	                 MHD_USE_ITC | (addr.v6 ? MHD_USE_DUAL_STACK : 0);
	d = MHD_start_daemon(flags, 0, NULL, NULL, server_access, &srv, MHD_OPTION_SOCK_ADDR,
	                     (const struct sockaddr *)&addr.ss, MHD_OPTION_THREAD_POOL_SIZE,
	                     threads, MHD_OPTION_CONNECTION_TIMEOUT, timeout_s,
	                     MHD_OPTION_CONNECTION_LIMIT, SERVER_CONNECTIONS_MAX,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVER_CONNECTION_MEMORY,
	                     MHD_OPTION_URI_LOG_CALLBACK, server_begin, &srv,
	                     MHD_OPTION_NOTIFY_COMPLETED, server_end, &srv, MHD_OPTION_END);
	if (!d) {
		server_why(&addr, cfg->listen, why, why_size);
		goto out;
	}

	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info && info->port ? info->port : addr.port;
	char address[INET6_ADDRSTRLEN + 16];
	snprintf(address, sizeof address, addr.v6 ? "[%s]:%u" : "%s:%u", addr.host, port);
	if (cfg->ready)
		cfg->ready(cfg->ctx, address);

	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;

	/* stop accepting, let the requests in flight finish, then stop (closing idle keep-alive
	 * connections) */
	MHD_socket lfd = MHD_quiesce_daemon(d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	for (int waited_ms = 0; atomic_load(&srv.in_flight) > 0 && waited_ms < SERVER_DRAIN_MS;
	     waited_ms += 10) {
		struct timespec ten_ms = {0, 10 * 1000 * 1000};
		nanosleep(&ten_ms, NULL);
	}
	MHD_stop_daemon(d);
	rc = 0;
out:
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
