/* test_server.c — a smoke test of http/server.c over a real socket.
 *
 * The server runs in a thread on 127.0.0.1 with a port the kernel picks, with a dispatcher that
 * echoes what it was given. Plain sockets send hand-written requests and the raw responses are
 * checked: the status line, the security headers on every response, decoding, HEAD, keep-alive,
 * 400 for malformed input, 413 for a body over HTTP_BODY_MAX (at once to a client that waits for
 * "100 Continue", else after the body is read and discarded, so that a browser sees it), and a
 * route with a larger limit (the body_limit callback: paths holding "/big" take 40 MiB), whose
 * 413 names its own limit and still answers a 200 MB upload. The last test stops the
 * server the way an operator does, with SIGTERM, while a slow request is in flight: that request
 * must still be answered, and http_server_run must return 0.
 *
 * SIGINT and SIGTERM are blocked in the main thread before the server thread starts, so every
 * thread inherits the mask and only the server's sigwait receives the signal sent to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "http/server.h"

struct test_server {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool ready;
	char address[64];
	atomic_int slow_entered;
	pthread_mutex_t limit_lock;
	char limit_method[16], limit_target[128]; /* what body_limit was last asked */
	struct http_server_config cfg;
	pthread_t thread;
	int rc;
	char why[256];
};

static void test_server_dispatch(void *ctx, struct http_request *rq, struct http_response *rs)
{
	struct test_server *ts = ctx;

	if (rq->ctx != ts)
		abort(); /* no cmocka assert here: this is a server thread */
	if (strcmp(rq->path, "/slow") == 0) {
		atomic_store(&ts->slow_entered, 1);
		struct timespec d = {0, 300 * 1000 * 1000};
		nanosleep(&d, NULL);
		buf_puts(&rs->body, "slow done");
		return;
	}
	if (strcmp(rq->path, "/login") == 0) {
		http_cookie_set(rs, rq->arena, "dx_session", "tok", 60, false);
		http_redirect(rs, rq->arena, "/");
		rs->no_store = true;
		return;
	}
	const char *a = http_param_get(&rq->query, "a");
	const char *f = http_param_get(&rq->form, "f");
	const char *c = http_param_get(&rq->cookies, "c");
	rs->content_type = "text/plain; charset=utf-8";
	buf_printf(&rs->body, "%s path=%s qs=%s a=%s f=%s c=%s ct=%s client=%s len=%zu",
	           http_method_name(rq->method), rq->path, rq->query_string, a ? a : "-",
	           f ? f : "-", c ? c : "-", rq->content_type, rq->client, rq->body_len);
}

#define TEST_SERVER_BIG ((size_t)40 << 20) /* the limit of "/big" paths */

static size_t test_server_body_limit(void *ctx, const char *method, const char *raw_target)
{
	struct test_server *ts = ctx;
	pthread_mutex_lock(&ts->limit_lock);
	snprintf(ts->limit_method, sizeof ts->limit_method, "%s", method);
	snprintf(ts->limit_target, sizeof ts->limit_target, "%s", raw_target);
	pthread_mutex_unlock(&ts->limit_lock);
	return strstr(raw_target, "/big") ? TEST_SERVER_BIG : 0;
}

static void test_server_ready(void *ctx, const char *address)
{
	struct test_server *ts = ctx;
	pthread_mutex_lock(&ts->lock);
	snprintf(ts->address, sizeof ts->address, "%s", address);
	ts->ready = true;
	pthread_cond_signal(&ts->cond);
	pthread_mutex_unlock(&ts->lock);
}

static void *test_server_thread(void *arg)
{
	struct test_server *ts = arg;
	ts->rc = http_server_run(&ts->cfg, ts->why, sizeof ts->why);
	return NULL;
}

static int test_server_port(const struct test_server *ts)
{
	const char *colon = strrchr(ts->address, ':');
	return colon ? atoi(colon + 1) : 0;
}

/* Sends raw to the server and reads until the server closes; the response, malloc'd. */
static char *test_server_send(const struct test_server *ts, const char *raw, size_t raw_len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)test_server_port(ts))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	size_t sent = 0;
	while (sent < raw_len) {
		ssize_t n = send(fd, raw + sent, raw_len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may answer (413) and close before reading it all */
		sent += (size_t)n;
	}
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	for (;;) {
		if (cap - len < 1024)
			out = realloc(out, cap *= 2);
		ssize_t n = recv(fd, out + len, cap - len - 1, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	out[len] = '\0';
	close(fd);
	return out;
}

static char *test_server_get(const struct test_server *ts, const char *raw)
{
	return test_server_send(ts, raw, strlen(raw));
}

/* Sends head, then body_len bytes of 'x' (a body too large to build in memory), and reads the
 * response until the server closes; *sent gets the body bytes the server took before it
 * answered or closed. The response, malloc'd. */
static char *test_server_stream(const struct test_server *ts, const char *head, size_t body_len,
                                size_t *sent)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {20, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)test_server_port(ts))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
	size_t chunk = (size_t)1 << 20;
	char *filler = malloc(chunk);
	memset(filler, 'x', chunk);
	*sent = 0;
	while (*sent < body_len) {
		size_t n = body_len - *sent < chunk ? body_len - *sent : chunk;
		ssize_t w = send(fd, filler, n, MSG_NOSIGNAL);
		if (w <= 0)
			break; /* answered and closed before the end */
		*sent += (size_t)w;
	}
	free(filler);
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	for (;;) {
		if (cap - len < 1024)
			out = realloc(out, cap *= 2);
		ssize_t n = recv(fd, out + len, cap - len - 1, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	out[len] = '\0';
	close(fd);
	return out;
}

/* The body after the blank line that ends the headers. */
static const char *test_server_body(const char *resp)
{
	const char *p = strstr(resp, "\r\n\r\n");
	assert_non_null(p);
	return p + 4;
}

static void test_server_security_headers(const char *resp)
{
	assert_non_null(strstr(resp, "\r\nContent-Security-Policy: default-src 'self'; script-src "
	                             "'self'; style-src 'self'; img-src 'self' data:; object-src "
	                             "'none'; base-uri 'none'; form-action 'self'; frame-ancestors "
	                             "'none'\r\n"));
	assert_non_null(strstr(resp, "\r\nX-Frame-Options: DENY\r\n"));
	assert_non_null(strstr(resp, "\r\nX-Content-Type-Options: nosniff\r\n"));
	assert_non_null(strstr(resp, "\r\nReferrer-Policy: same-origin\r\n"));
}

static int test_server_setup(void **state)
{
	static struct test_server ts;
	sigset_t stop;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	pthread_mutex_init(&ts.lock, NULL);
	pthread_mutex_init(&ts.limit_lock, NULL);
	pthread_cond_init(&ts.cond, NULL);
	ts.cfg = (struct http_server_config){
	    .listen = "127.0.0.1:0",
	    .threads = 2,
	    .timeout_s = 5,
	    .dispatch = test_server_dispatch,
	    .ctx = &ts,
	    .ready = test_server_ready,
	    .body_limit = test_server_body_limit,
	};
	if (pthread_create(&ts.thread, NULL, test_server_thread, &ts) != 0)
		return -1;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&ts.lock);
	while (!ts.ready && pthread_cond_timedwait(&ts.cond, &ts.lock, &until) == 0)
		;
	pthread_mutex_unlock(&ts.lock);
	if (!ts.ready) {
		fprintf(stderr, "test_server: the server did not start: %s\n", ts.why);
		return -1;
	}
	*state = &ts;
	return 0;
}

/* ---- tests --------------------------------------------------------------------------------- */

static void test_server_address(void **state)
{
	struct test_server *ts = *state;
	assert_int_equal(strncmp(ts->address, "127.0.0.1:", 10), 0);
	assert_true(test_server_port(ts) > 0 && test_server_port(ts) < 65536);
}

static void test_server_get_decoded(void **state)
{
	struct test_server *ts = *state;
	char *r = test_server_get(ts, "GET /a%20b/%C4%91?a=x+y%26&b=2 HTTP/1.1\r\nHost: t\r\n"
	                              "Cookie: c=\"v1\"; other=2\r\nConnection: close\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 200 OK\r\n", 17), 0);
	test_server_security_headers(r);
	assert_non_null(strstr(r, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
	assert_null(strstr(r, "Cache-Control"));
	assert_string_equal(test_server_body(r),
	                    "GET path=/a b/\xC4\x91 qs=a=x+y%26&b=2 a=x y& f=- "
	                    "c=v1 ct= client=127.0.0.1 len=0");
	free(r);
}

static void test_server_head(void **state)
{
	struct test_server *ts = *state;
	char *r = test_server_get(ts, "HEAD /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 200 OK\r\n", 17), 0);
	test_server_security_headers(r);
	assert_string_equal(test_server_body(r), "");
	free(r);
}

static void test_server_post_form(void **state)
{
	struct test_server *ts = *state;
	char *r =
	    test_server_get(ts, "POST /f HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                        "Content-Type: Application/X-WWW-Form-Urlencoded; charset=UTF-8\r\n"
	                        "Content-Length: 13\r\n\r\nf=%C4%91+1&g=");
	assert_int_equal(strncmp(r, "HTTP/1.1 200 OK\r\n", 17), 0);
	assert_string_equal(test_server_body(r),
	                    "POST path=/f qs= a=- f=\xC4\x91 1 c=- "
	                    "ct=application/x-www-form-urlencoded client=127.0.0.1 len=13");
	free(r);
}

static void test_server_redirect_cookie(void **state)
{
	struct test_server *ts = *state;
	char *r = test_server_get(ts, "POST /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                              "Content-Length: 0\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 303 See Other\r\n", 24), 0);
	assert_non_null(strstr(r, "\r\nLocation: /\r\n"));
	assert_non_null(strstr(r,
	                       "\r\nSet-Cookie: dx_session=tok; Path=/; HttpOnly; SameSite=Strict; "
	                       "Max-Age=60\r\n"));
	assert_non_null(strstr(r, "\r\nCache-Control: no-store\r\n"));
	test_server_security_headers(r);
	free(r);
}

static void test_server_keep_alive(void **state)
{
	struct test_server *ts = *state;
	char *r = test_server_get(ts, "GET /one HTTP/1.1\r\nHost: t\r\n\r\n"
	                              "GET /two HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	const char *second = strstr(r + 1, "HTTP/1.1 200 OK\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 200 OK\r\n", 17), 0);
	assert_non_null(second);
	assert_non_null(strstr(r, "GET path=/one "));
	assert_non_null(strstr(second, "GET path=/two "));
	free(r);
}

static void test_server_bad_requests(void **state)
{
	struct test_server *ts = *state;
	static const char *const bad[] = {
	    "GET /a%00b HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", /* NUL in the path */
	    "GET /a%zz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",  /* bad escape */
	    "GET /x?q=%C3%28 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", /* not UTF-8 */
	    "POST /f HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: "
	    "multipart/form-data; "
	    "boundary=B\r\nContent-Length: 9\r\n\r\n--B\r\nabcd", /* multipart without its end */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *r = test_server_get(ts, bad[i]);
		assert_int_equal(strncmp(r, "HTTP/1.1 400 Bad Request\r\n", 26), 0);
		test_server_security_headers(r);
		assert_non_null(strstr(r, "\r\nContent-Type: text/html; charset=utf-8\r\n"));
		free(r);
	}
	char *r = test_server_get(ts, "GET /api/v1/x?q=%FF HTTP/1.1\r\nHost: t\r\nConnection: close"
	                              "\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 400 Bad Request\r\n", 26), 0);
	assert_non_null(strstr(r, "\r\nContent-Type: application/json\r\n"));
	assert_int_equal(strncmp(test_server_body(r), "{\"error\":{\"code\":\"bad_request\",", 31),
	                 0);
	free(r);
}

static void test_server_too_large(void **state)
{
	struct test_server *ts = *state;
	/* 16 MiB + 1 declared by a client that waits for 100 Continue: refused before any body
	 * byte is read, with the limit in MiB */
	char *r = test_server_get(ts, "POST /api/v1/import/tasks HTTP/1.1\r\nHost: t\r\n"
	                              "Content-Length: 16777217\r\nExpect: 100-continue\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	test_server_security_headers(r);
	assert_non_null(strstr(r, "\r\nContent-Type: application/json\r\n"));
	assert_string_equal(test_server_body(r),
	                    "{\"error\":{\"code\":\"too_large\",\"message\":\"Dữ liệu gửi lên quá "
	                    "lớn: tối đa 16 MiB.\"}}\n");
	assert_null(strstr(r, "100 Continue"));
	free(r);

	/* a declared length past what would be discarded: at once */
	r = test_server_get(ts, "POST /import HTTP/1.1\r\nHost: t\r\n"
	                        "Content-Length: 99999999999999999999\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	free(r);

	/* a browser sends its whole body without waiting: it is read and discarded, then 413 (a
	 * form with a file says "Tệp quá lớn") */
	size_t sent;
	r = test_server_stream(ts,
	                       "POST /import HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                       "Content-Type: multipart/form-data; boundary=B\r\n"
	                       "Content-Length: 16777217\r\n\r\n",
	                       16777217, &sent);
	assert_int_equal(sent, 16777217);
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	test_server_security_headers(r);
	assert_non_null(strstr(r, "\r\nContent-Type: text/html; charset=utf-8\r\n"));
	assert_non_null(strstr(test_server_body(r), "<p>Tệp quá lớn: tối đa 16 MiB.</p>"));
	free(r);

	/* chunked past the cap: the rest is read and discarded, then 413 */
	size_t chunk = (size_t)1 << 20, chunks = 17;
	char head[64];
	int hl = snprintf(head, sizeof head, "%zx\r\n", chunk);
	const char *start = "POST /import HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                    "Transfer-Encoding: chunked\r\n\r\n";
	size_t total = strlen(start) + chunks * ((size_t)hl + chunk + 2) + 5;
	char *req = malloc(total + 1), *p = req;
	p += sprintf(p, "%s", start);
	for (size_t i = 0; i < chunks; i++) {
		memcpy(p, head, (size_t)hl);
		p += hl;
		memset(p, 'x', chunk);
		p += chunk;
		memcpy(p, "\r\n", 2);
		p += 2;
	}
	memcpy(p, "0\r\n\r\n", 5);
	p += 5;
	r = test_server_send(ts, req, (size_t)(p - req));
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	assert_non_null(strstr(r, "\r\nContent-Type: text/html; charset=utf-8\r\n"));
	assert_non_null(strstr(test_server_body(r), "Dữ liệu gửi lên quá lớn: tối đa 16 MiB."));
	free(r);
	free(req);
}

/* A route with a larger limit (body_limit says 40 MiB for "/big" paths). */
static void test_server_route_limit(void **state)
{
	struct test_server *ts = *state;
	size_t sent, mib = (size_t)1 << 20;

	/* 20 MiB: taken by the big route and handed to the dispatcher whole … */
	char *r = test_server_stream(ts,
	                             "POST /big%20up?x=1 HTTP/1.1\r\nHost: t\r\nConnection: "
	                             "close\r\nContent-Type: application/octet-stream\r\n"
	                             "Content-Length: 20971520\r\n\r\n",
	                             20 * mib, &sent);
	assert_int_equal(strncmp(r, "HTTP/1.1 200 OK\r\n", 17), 0);
	assert_non_null(strstr(test_server_body(r), "POST path=/big up qs=x=1 "));
	assert_non_null(strstr(test_server_body(r), " len=20971520"));
	free(r);
	/* the callback was asked with the method and the raw (still encoded) target */
	pthread_mutex_lock(&ts->limit_lock);
	assert_string_equal(ts->limit_method, "POST");
	assert_string_equal(ts->limit_target, "/big%20up?x=1");
	pthread_mutex_unlock(&ts->limit_lock);

	/* … refused by any other route, whose limit stays 16 MiB */
	r = test_server_stream(ts,
	                       "POST /small HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                       "Content-Length: 20971520\r\n\r\n",
	                       20 * mib, &sent);
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	assert_non_null(strstr(test_server_body(r), "tối đa 16 MiB."));
	free(r);

	/* exactly the limit passes; one byte more is refused, naming 40 MiB */
	r = test_server_stream(ts,
	                       "POST /api/v1/big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                       "Content-Length: 41943040\r\n\r\n",
	                       40 * mib, &sent);
	assert_int_equal(strncmp(r, "HTTP/1.1 200 OK\r\n", 17), 0);
	assert_non_null(strstr(test_server_body(r), " len=41943040"));
	free(r);
	r = test_server_get(ts,
	                    "POST /api/v1/big HTTP/1.1\r\nHost: t\r\nContent-Length: 41943041\r\n"
	                    "Expect: 100-continue\r\nContent-Type: multipart/form-data; "
	                    "boundary=B\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	assert_string_equal(test_server_body(r), "{\"error\":{\"code\":\"too_large\",\"message\":"
	                                         "\"Tệp quá lớn: tối đa 40 MiB.\"}}\n");
	free(r);

	/* a 200 MB upload from a browser (no Expect): read to its end and discarded, then answered
	 * with the limit, not cut off */
	r = test_server_stream(ts,
	                       "POST /big/evidence HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	                       "Content-Type: multipart/form-data; boundary=B\r\n"
	                       "Content-Length: 200000000\r\n\r\n",
	                       200000000, &sent);
	assert_int_equal(sent, 200000000);
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	test_server_security_headers(r);
	assert_non_null(strstr(test_server_body(r), "<p>Tệp quá lớn: tối đa 40 MiB.</p>"));
	free(r);

	/* past 256 MiB (more than 4 × 40 MiB) nothing is read: 413 at once */
	r = test_server_get(ts, "POST /big/evidence HTTP/1.1\r\nHost: t\r\n"
	                        "Content-Length: 300000000\r\n\r\nabc");
	assert_int_equal(strncmp(r, "HTTP/1.1 413 ", 13), 0);
	assert_non_null(strstr(test_server_body(r), "tối đa 40 MiB."));
	free(r);

	/* a request without a body is served as usual, without asking for a limit */
	pthread_mutex_lock(&ts->limit_lock);
	ts->limit_target[0] = '\0';
	pthread_mutex_unlock(&ts->limit_lock);
	r = test_server_get(ts, "GET /big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	assert_int_equal(strncmp(r, "HTTP/1.1 200 OK\r\n", 17), 0);
	free(r);
	pthread_mutex_lock(&ts->limit_lock);
	assert_string_equal(ts->limit_target, "");
	pthread_mutex_unlock(&ts->limit_lock);
}

static void test_server_cannot_start(void **state)
{
	struct test_server *ts = *state;
	struct http_server_config c = ts->cfg;
	char why[256];

	c.listen = "127.0.0.1";
	assert_int_equal(http_server_run(&c, why, sizeof why), -1);
	assert_non_null(strstr(why, "bad listen address"));
	c.listen = "256.0.0.1:80";
	assert_int_equal(http_server_run(&c, why, sizeof why), -1);
	c.listen = "127.0.0.1:65536";
	assert_int_equal(http_server_run(&c, why, sizeof why), -1);
	c.listen = ts->address; /* in use by the running server */
	assert_int_equal(http_server_run(&c, why, sizeof why), -1);
	assert_non_null(strstr(why, "Address already in use"));
}

struct test_server_client {
	const struct test_server *ts;
	char *response;
};

static void *test_server_slow_client(void *arg)
{
	struct test_server_client *c = arg;
	c->response =
	    test_server_get(c->ts, "GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	return NULL;
}

/* Last: SIGTERM while a request is in flight. */
static void test_server_shutdown(void **state)
{
	struct test_server *ts = *state;
	struct test_server_client c = {.ts = ts};
	pthread_t client;

	assert_int_equal(pthread_create(&client, NULL, test_server_slow_client, &c), 0);
	for (int i = 0; i < 500 && !atomic_load(&ts->slow_entered); i++) {
		struct timespec d = {0, 10 * 1000 * 1000};
		nanosleep(&d, NULL);
	}
	assert_int_equal(atomic_load(&ts->slow_entered), 1);
	assert_int_equal(pthread_kill(ts->thread, SIGTERM), 0);
	pthread_join(client, NULL);
	pthread_join(ts->thread, NULL);
	assert_int_equal(ts->rc, 0);
	assert_int_equal(strncmp(c.response, "HTTP/1.1 200 OK\r\n", 17), 0);
	assert_string_equal(test_server_body(c.response), "slow done");
	free(c.response);

	/* the port is closed now */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)test_server_port(ts))};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), -1);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_server_address),
	    cmocka_unit_test(test_server_get_decoded),
	    cmocka_unit_test(test_server_head),
	    cmocka_unit_test(test_server_post_form),
	    cmocka_unit_test(test_server_redirect_cookie),
	    cmocka_unit_test(test_server_keep_alive),
	    cmocka_unit_test(test_server_bad_requests),
	    cmocka_unit_test(test_server_too_large),
	    cmocka_unit_test(test_server_route_limit),
	    cmocka_unit_test(test_server_cannot_start),
	    cmocka_unit_test(test_server_shutdown),
	};
	return cmocka_run_group_tests(tests, test_server_setup, NULL);
}
