/* http.h — one HTTP request and its response, as the page and API handlers see them.
 *
 * The server (server.c) reads a request with libmicrohttpd, copies what handlers need into a
 * struct http_request (every string in the request's arena, NUL-terminated and valid UTF-8 where
 * the parsers say so), calls the route's handler, and sends the struct http_response. Handlers
 * never see libmicrohttpd, so they can be tested and fuzzed without a socket.
 */
#ifndef DXTRACK_HTTP_H
#define DXTRACK_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "../lib/buf.h"

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PATCH = 1 << 3,
	HTTP_DELETE = 1 << 4,
	HTTP_PUT = 1 << 5,
	HTTP_OTHER = 1 << 6,
};

/* Request limits. A larger body gets 413 before any handler runs. */
#define HTTP_BODY_MAX ((size_t)16 << 20) /* 16 MiB: a tasks CSV upload */
#define HTTP_PARAMS_MAX 256              /* query, form or cookie pairs */

/* A name/value pair: query and form fields, cookies, headers (names in lower case). */
struct http_param {
	const char *name;
	const char *value;
	size_t value_len; /* values may hold NUL bytes (an uploaded file) */
};

struct http_params {
	struct http_param *items; /* in the arena */
	size_t count;
	size_t cap;
};

/* The first value of name, or NULL. */
const char *http_param_get(const struct http_params *p, const char *name);
/* Appends a pair (strings are not copied). -1 once HTTP_PARAMS_MAX pairs are held. */
int http_param_add(struct http_params *p, struct arena *arena, const char *name, const char *value,
                   size_t value_len);

/* An uploaded file (the first file part of a multipart/form-data body). */
struct http_upload {
	const char *field;    /* the form field's name, NULL when there was no file */
	const char *filename; /* as the browser sent it (display only) */
	const char *data;
	size_t len;
};

struct http_request {
	enum http_method method;
	const char *path;         /* percent-decoded, without the query; always starts with '/' */
	const char *query_string; /* raw, after '?'; "" if none */
	struct http_params query;
	struct http_params headers; /* names in lower case */
	struct http_params cookies;
	struct http_params form; /* POST fields: urlencoded or multipart text parts */
	struct http_upload upload;
	const char *content_type; /* media type only, lower case, "" if none */
	const char *body;         /* raw body (NUL-terminated), "" if none */
	size_t body_len;
	const char *client;          /* peer address, "127.0.0.1" */
	const char *route_params[4]; /* the {…} parts of the matched route, in order */
	size_t route_param_count;
	struct arena *arena; /* freed after the response is sent */
	void *ctx;           /* the server's context for handlers (serve/) */
};

/* Extra response headers (Set-Cookie, Location, ETag, Retry-After, Content-Disposition …). */
struct http_response {
	int status;               /* 200 unless set */
	const char *content_type; /* default "text/html; charset=utf-8" */
	struct buf body;
	struct http_params headers;
	bool no_store; /* Cache-Control: no-store (every authenticated response) */
};

const char *http_header(const struct http_request *rq, const char *lower_name);
void http_response_header(struct http_response *rs, struct arena *arena, const char *name,
                          const char *value);
/* 303 See Other to location (a path of ours). */
void http_redirect(struct http_response *rs, struct arena *arena, const char *location);
/* Set-Cookie: name=value; Path=/; HttpOnly; SameSite=Strict; Max-Age=max_age_s (0 deletes the
 * cookie) [; Secure]. value must be cookie-safe (our tokens are base64url). */
void http_cookie_set(struct http_response *rs, struct arena *arena, const char *name,
                     const char *value, long max_age_s, bool secure);
const char *http_status_text(int status); /* "Not Found" */
const char *http_method_name(enum http_method m);

#endif
