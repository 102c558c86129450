/* routes.h — the route table: every path the server answers, in one place. */
#ifndef DXTRACK_ROUTES_H
#define DXTRACK_ROUTES_H

#include <stddef.h>

#include "../http/exchange.h"

/* Who may use a route; the router checks it before the handler runs, and app/ re-checks every
 * write for the row it touches. */
enum route_access {
	ROUTE_PUBLIC,    /* anyone: login, health, the stylesheet, the API description */
	ROUTE_SIGNED_IN, /* any signed-in user (reads; writes are checked per row by app/) */
	ROUTE_ADMIN,     /* administrators only */
};

/* How a route answers errors: a page in the layout, or a JSON error object. */
enum route_kind { ROUTE_PAGE, ROUTE_API, ROUTE_PLAIN };

struct route {
	unsigned methods;    /* enum http_method bits */
	const char *pattern; /* "/tasks/{}/{}": "{}" matches one path segment */
	enum route_access access;
	enum route_kind kind;
	void (*handler)(struct http_exchange *x);
	size_t body_max; /* the largest request body (an upload); 0: HTTP_BODY_MAX */
};

extern const struct route routes[];
extern const size_t routes_count;

/* The route for a path: *allowed gets the methods of every route whose pattern matches (for
 * 405 and its Allow header); returns the route matching the method too, or NULL. Fills
 * rq->route_params (pointers into the arena). */
const struct route *routes_match(struct http_request *rq, unsigned *allowed);
/* The body limit of the route for method (as sent: "POST") and the raw request target
 * ("/path?query", percent-encoded): its body_max, or 0 (HTTP_BODY_MAX) when it has none or no
 * route matches. The server asks it once a request's headers are in. */
size_t routes_body_max(const char *method, const char *raw_target);

#endif
