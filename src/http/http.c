/* http.c — the request/response records' helpers (see http.h): parameter lists, response
 * headers, redirects, cookies, and the status and method names.
 *
 * Everything a helper creates lives in the request's arena; nothing here touches a socket.
 */
#include "http.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

const char *http_param_get(const struct http_params *p, const char *name)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].name, name) == 0)
			return p->items[i].value;
	return NULL;
}

int http_param_add(struct http_params *p, struct arena *arena, const char *name, const char *value,
                   size_t value_len)
{
	if (p->count >= HTTP_PARAMS_MAX)
		return -1;
	if (p->count == p->cap) {
		/* grow geometrically inside the arena; the old array is simply left behind */
		size_t cap = p->cap ? p->cap * 2 : 16;
		if (cap > HTTP_PARAMS_MAX)
			cap = HTTP_PARAMS_MAX;
		struct http_param *items = arena_alloc(arena, cap * sizeof *items);
		if (p->count)
			memcpy(items, p->items, p->count * sizeof *items);
		p->items = items;
		p->cap = cap;
	}
	struct http_param *it = &p->items[p->count++];
	it->name = name;
	it->value = value;
	it->value_len = value_len;
	return 0;
}

const char *http_header(const struct http_request *rq, const char *lower_name)
{
	return http_param_get(&rq->headers, lower_name);
}

void http_response_header(struct http_response *rs, struct arena *arena, const char *name,
                          const char *value)
{
	const char *v = arena_strdup(arena, value);
	int rc = http_param_add(&rs->headers, arena, arena_strdup(arena, name), v, strlen(v));
	assert(rc == 0 && "more than HTTP_PARAMS_MAX response headers");
	(void)rc;
}

void http_redirect(struct http_response *rs, struct arena *arena, const char *location)
{
	rs->status = 303;
	http_response_header(rs, arena, "Location", location);
}

/* RFC 6265 cookie-octet (and token for the name): no controls, space, '"', ',', ';' or '\\'. */
__attribute__((unused)) static bool http_cookie_safe(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\')
			return false;
	}
	return true;
}

void http_cookie_set(struct http_response *rs, struct arena *arena, const char *name,
                     const char *value, long max_age_s, bool secure)
{
	static const char fmt[] = "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s";
	const char *tail = secure ? "; Secure" : "";
	assert(*name && http_cookie_safe(name) && !strchr(name, '=') && http_cookie_safe(value));
	if (max_age_s < 0)
		max_age_s = 0;
	int n = snprintf(NULL, 0, fmt, name, value, max_age_s, tail);
	assert(n > 0);
	char *line = arena_alloc(arena, (size_t)n + 1);
	snprintf(line, (size_t)n + 1, fmt, name, value, max_age_s, tail);
	int rc = http_param_add(&rs->headers, arena, "Set-Cookie", line, (size_t)n);
	assert(rc == 0 && "more than HTTP_PARAMS_MAX response headers");
	(void)rc;
}

/* The statuses dxtrack sends (and a few a proxy might); anything else is "Unknown". */
static const struct {
	int status;
	const char *text;
} http_statuses[] = {
    {100, "Continue"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Payload Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {422, "Unprocessable Entity"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

const char *http_status_text(int status)
{
	for (size_t i = 0; i < sizeof http_statuses / sizeof http_statuses[0]; i++)
		if (http_statuses[i].status == status)
			return http_statuses[i].text;
	return "Unknown";
}

const char *http_method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET:
		return "GET";
	case HTTP_HEAD:
		return "HEAD";
	case HTTP_POST:
		return "POST";
	case HTTP_PATCH:
		return "PATCH";
	case HTTP_DELETE:
		return "DELETE";
	case HTTP_PUT:
		return "PUT";
	case HTTP_OTHER:
		break;
	}
	return "OTHER";
}
