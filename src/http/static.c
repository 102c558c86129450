/* static.c — finding an embedded file and answering a request for it: 200 with the bytes, or
 * 304 when the client's If-None-Match already names its ETag (static.h). The table itself is
 * generated at build time (tools/embed_static.cmake).
 */
#include "static.h"

#include <stdbool.h>
#include <string.h>

const struct static_asset *static_find(const char *path)
{
	for (size_t i = 0; i < static_assets_count; i++)
		if (strcmp(static_assets[i].path, path) == 0)
			return &static_assets[i];
	return NULL;
}

/* True when an If-None-Match header ("*", or a list of ETags, weak or strong) matches etag:
 * the weak comparison RFC 9110 §13.1.2 asks for. */
static bool static_etag_matches(const char *header, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		const char *end = p;
		if (*end == '"') {
			end = strchr(end + 1, '"');
			if (!end)
				return false;
			end++;
		} else {
			while (*end && *end != ',')
				end++;
		}
		if ((size_t)(end - p) == elen && memcmp(p, etag, elen) == 0)
			return true;
		p = end;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

void static_serve(const struct http_request *rq, struct http_response *rs,
                  const struct static_asset *asset)
{
	rs->content_type = asset->content_type;
	rs->no_store = false;
	http_response_header(rs, rq->arena, "Cache-Control", "public, max-age=3600");
	http_response_header(rs, rq->arena, "ETag", asset->etag);
	const char *inm = http_header(rq, "if-none-match");
	if (inm && static_etag_matches(inm, asset->etag)) {
		rs->status = 304;
		return;
	}
	rs->status = 200;
	buf_append(&rs->body, asset->data, asset->len);
}
