/* serve.c — the dispatcher of `dxtrack serve`: route, connection pool, authentication, access
 * rules and CSRF, then the handler (serve.h). */
#include "serve.h"

#include <malloc.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../api/api.h"
#include "../http/escape.h"
#include "../http/server.h"
#include "../lib/mem.h"
#include "../web/web.h"
#include "routes.h"

#define SERVE_SESSION_COOKIE "dx_session"
#define SERVE_LOGIN_COOKIE "dx_login_csrf"

/* The database connections: one per worker thread, lent to one request at a time. */
struct serve_pool {
	pthread_mutex_t lock;
	pthread_cond_t returned;
	struct store **stores;
	bool *lent;
	size_t count;
};

struct serve {
	const struct serve_config *config;
	struct serve_pool pool;
	struct serve_caches caches;
	struct store_watch *watch; /* PostgreSQL: the generation without a round trip */
};

static int serve_pool_init(struct serve_pool *p, const char *db_url, size_t count, char *why,
                           size_t why_size)
{
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->returned, NULL);
	p->stores = mem_calloc(count, sizeof *p->stores);
	p->lent = mem_calloc(count, sizeof *p->lent);
	p->count = count;
	for (size_t i = 0; i < count; i++) {
		p->stores[i] = store_open(db_url, why, why_size);
		if (!p->stores[i])
			return -1;
	}
	return 0;
}

static void serve_pool_finish(struct serve_pool *p)
{
	for (size_t i = 0; i < p->count; i++)
		store_close(p->stores[i]);
	free(p->stores);
	free(p->lent);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->returned);
}

static struct store *serve_pool_take(struct serve_pool *p)
{
	struct store *s = NULL;
	pthread_mutex_lock(&p->lock);
	while (!s) {
		for (size_t i = 0; i < p->count && !s; i++)
			if (!p->lent[i]) {
				p->lent[i] = true;
				s = p->stores[i];
			}
		if (!s)
			pthread_cond_wait(&p->returned, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return s;
}

static void serve_pool_give(struct serve_pool *p, struct store *s)
{
	pthread_mutex_lock(&p->lock);
	for (size_t i = 0; i < p->count; i++)
		if (p->stores[i] == s)
			p->lent[i] = false;
	pthread_cond_signal(&p->returned);
	pthread_mutex_unlock(&p->lock);
}

/* Equal secrets, compared in constant time; an empty one never matches. */
static bool serve_secret_equal(const char *a, const char *b)
{
	size_t n = a ? strlen(a) : 0;
	return n > 0 && b && strlen(b) == n && sodium_memcmp(a, b, n) == 0;
}

/* The caller's secret: "Authorization: Bearer X" (*via_cookie false) or the session cookie. */
static const char *serve_credential(const struct http_request *rq, bool *via_cookie)
{
	const char *auth = http_header(rq, "authorization");
	*via_cookie = false;
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		auth += 7;
		while (*auth == ' ')
			auth++;
		return auth;
	}
	const char *cookie = http_param_get(&rq->cookies, SERVE_SESSION_COOKIE);
	*via_cookie = cookie != NULL;
	return cookie;
}

/* The error of the router itself, in the route's kind (a page, JSON, or plain text). */
static void serve_error(struct http_exchange *x, enum route_kind kind, int status, const char *code,
                        const char *message)
{
	if (kind == ROUTE_API) {
		api_error(x, status, code, message);
	} else if (kind == ROUTE_PAGE) {
		web_error(x, status, message);
	} else {
		x->rs->status = status;
		x->rs->content_type = "text/plain; charset=utf-8";
		buf_printf(&x->rs->body, "%s\n", message);
	}
}

/* Whether an unsafe request carries the right CSRF token. Bearer tokens are not ambient
 * credentials, so they need none; a cookie session needs its token in the form field "csrf"
 * (pages) or the header X-CSRF-Token (API); the login form pairs its field with a cookie. */
static bool serve_csrf_ok(const struct http_exchange *x, const struct route *r, bool via_cookie)
{
	const struct http_request *rq = x->rq;
	if (rq->method & (HTTP_GET | HTTP_HEAD))
		return true;
	if (r->access == ROUTE_PUBLIC) {
		if (r->kind ==
		    ROUTE_API) /* login by JSON only (415 otherwise): no form can send it */
			return true;
		return serve_secret_equal(http_param_get(&rq->form, "csrf"),
		                          http_param_get(&rq->cookies, SERVE_LOGIN_COOKIE));
	}
	if (!via_cookie)
		return true;
	const char *sent = r->kind == ROUTE_API ? http_header(rq, "x-csrf-token")
	                                        : http_param_get(&rq->form, "csrf");
	return serve_secret_equal(sent, x->csrf);
}

/* Sends a signed-out visitor of a page to the login form, coming back afterwards. */
static void serve_to_login(struct http_exchange *x)
{
	struct buf to;
	buf_init(&to, 4096);
	buf_puts(&to, "/login");
	if (strcmp(x->rq->path, "/") != 0 && (x->rq->method & (HTTP_GET | HTTP_HEAD))) {
		buf_puts(&to, "?next=");
		escape_url(&to, x->rq->path);
	}
	http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, buf_cstr(&to)));
	buf_finish(&to);
}

void serve_handle(const struct serve_config *c, struct store *store,
                  const struct serve_caches *caches, struct http_request *rq,
                  struct http_response *rs)
{
	unsigned allowed;
	const struct route *r = routes_match(rq, &allowed);
	enum route_kind kind = strncmp(rq->path, "/api/", 5) == 0 ? ROUTE_API : ROUTE_PAGE;
	struct app app;
	struct app_session session = {0};
	struct http_exchange x = {
	    .rq = rq,
	    .rs = rs,
	    .app = &app,
	    .csrf = "",
	    .token = "",
	    .secure_cookies = c->secure_cookies,
	};
	char why[256];
	if (app_attach(&app, store, kind == ROUTE_API ? "api" : "web", c->now_utc, why,
	               sizeof why) != APP_OK) {
		serve_error(&x, ROUTE_PLAIN, 500, "failed", why);
		return;
	}
	app_keep_credentials(&app, caches ? caches->credentials : NULL);
	/* a read-only request sees one snapshot of the data, taken under one lock */
	bool snapshot = (rq->method & (HTTP_GET | HTTP_HEAD)) && app_snapshot_begin(&app) == APP_OK;
	x.cache = caches ? caches->responses : NULL;
	if (!r) {
		if (allowed) {
			struct buf list;
			buf_init(&list, 256);
			for (unsigned m = HTTP_GET; m < HTTP_OTHER; m <<= 1)
				if (allowed & m)
					buf_printf(&list, "%s%s", list.len ? ", " : "",
					           http_method_name(m));
			http_response_header(rs, rq->arena, "Allow",
			                     arena_strdup(rq->arena, buf_cstr(&list)));
			buf_finish(&list);
			serve_error(&x, kind, 405, "method_not_allowed",
			            "Phương thức này không được hỗ trợ ở địa chỉ này.");
		} else {
			serve_error(&x, kind, 404, "not_found",
			            "Không tìm thấy trang hoặc tài nguyên.");
		}
		goto out;
	}
	kind = r->kind;
	bool via_cookie;
	const char *secret = serve_credential(rq, &via_cookie);
	if (secret && secret[0] && app_authenticate(&app, secret, &session) == APP_OK) {
		x.token = secret;
		x.csrf = via_cookie ? session.csrf : "";
	} else {
		via_cookie = false;
	}
	if (r->access != ROUTE_PUBLIC && app.who.kind != APP_USER) {
		if (kind == ROUTE_PAGE && (rq->method & (HTTP_GET | HTTP_HEAD)))
			serve_to_login(&x);
		else
			serve_error(&x, kind, 401, "unauthorized", "Cần đăng nhập.");
		goto out;
	}
	if (r->access == ROUTE_ADMIN && app.who.role != ROLE_ADMIN) {
		serve_error(&x, kind, 403, "forbidden",
		            "Chỉ quản trị viên được dùng chức năng này.");
		goto out;
	}
	if (!serve_csrf_ok(&x, r, via_cookie)) {
		serve_error(
		    &x, kind, 403, "csrf",
		    "Yêu cầu không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang và thử "
		    "lại.");
		goto out;
	}
	if (app.who.kind == APP_USER)
		rs->no_store = true;
	r->handler(&x);
out:
	if (snapshot)
		app_snapshot_end(&app);
	app_close(&app);
}

static void serve_dispatch(void *ctx, struct http_request *rq, struct http_response *rs)
{
	struct serve *sv = ctx;
	struct store *store = serve_pool_take(&sv->pool);
	serve_handle(sv->config, store, &sv->caches, rq, rs);
	serve_pool_give(&sv->pool, store);
}

/* The body limit of a request, from its route (http/ knows no routes). */
static size_t serve_body_limit(void *ctx, const char *method, const char *raw_target)
{
	(void)ctx;
	return routes_body_max(method, raw_target);
}

static void serve_ready(void *ctx, const char *address)
{
	const struct serve *sv = ctx;
	if (sv->config->ready)
		sv->config->ready(sv->config->ready_ctx, address);
}

int serve_run(const struct serve_config *c, char *why, size_t why_size)
{
	struct serve sv = {.config = c};
	int rc = -1;
	unsigned threads = c->threads ? c->threads : 4;
	/* Two malloc arenas for the worker threads, not glibc's one per busy thread: pages freed
	 * in many arenas stay resident, and under the 10-minute soak (bench/soak.sh) a server's RSS
	 * crept by about 0,2 MiB a minute (+5 % in 3 minutes; +2 % with two arenas, measured in the
	 * same way). One arena halved the rate at 50 connections; two keep it (bench/http.sh). */
	mallopt(M_ARENA_MAX, 2);
	if (sodium_init() < 0) {
		snprintf(why, why_size, "libsodium cannot start");
		return -1;
	}
	if (serve_pool_init(&sv.pool, c->db_url, threads, why, why_size) < 0)
		goto out;
	sv.watch = store_watch_start(c->db_url, why, why_size);
	if (!sv.watch && why[0])
		goto out;
	for (size_t i = 0; i < sv.pool.count; i++)
		store_watch_attach(sv.pool.stores[i], sv.watch);
	sv.caches.responses = cache_create(64, (size_t)32 << 20);
	sv.caches.credentials = cache_create(256, (size_t)1 << 20);
	struct http_server_config hc = {
	    .listen = c->listen,
	    .threads = threads,
	    .timeout_s = 15,
	    .dispatch = serve_dispatch,
	    .ctx = &sv,
	    .ready = serve_ready,
	    .body_limit = serve_body_limit,
	};
	rc = http_server_run(&hc, why, why_size);
out:
	cache_destroy(sv.caches.responses);
	cache_destroy(sv.caches.credentials);
	serve_pool_finish(&sv.pool);
	store_watch_stop(sv.watch);
	return rc;
}
