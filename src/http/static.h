/* static.h — files embedded in the binary at build time: the stylesheet (src/web/static/) and
 * the API's description (src/api/openapi.json), served with caching by ETag.
 *
 * tools/embed_static.cmake turns each file into one entry of a const table
 * (build/gen/static_assets.c), with its content type and an ETag computed from its SHA-256 at
 * build time: no file is read and no state is kept at run time.
 */
#ifndef DXTRACK_STATIC_H
#define DXTRACK_STATIC_H

#include <stddef.h>

#include "http.h"

struct static_asset {
	const char *path;         /* "/static/app.css" */
	const char *content_type; /* "text/css; charset=utf-8" */
	const char *etag;         /* a strong ETag with its quotes: "\"3f1c…\"" */
	size_t len;
	const char *data; /* len bytes (plus a NUL that is not counted) */
};

extern const struct static_asset static_assets[]; /* generated */
extern const size_t static_assets_count;

/* The asset embedded as path ("/static/app.css", "/static/openapi.json"), or NULL. */
const struct static_asset *static_find(const char *path);

/* Answers a request with an asset: 200 with its bytes and ETag, cached publicly for an hour
 * (even for a signed-in user: it is the same for everyone), or 304 when If-None-Match names
 * its ETag. */
void static_serve(const struct http_request *rq, struct http_response *rs,
                  const struct static_asset *asset);

#endif
