/* form.h — decoding what a client sends: percent-encoding, query strings and urlencoded forms,
 * the Cookie header, and multipart/form-data bodies.
 *
 * Hand-written (not libmicrohttpd's MHD_PostProcessor) because these parsers work on a whole
 * buffered body without a connection, so they can be fuzzed alone (fuzz/fuzz_form.c) and
 * unit-tested; the body's size is already capped by the server. All output strings are in the
 * arena. Every function returns 0, or -1 on malformed input (with nothing useful added): the
 * caller answers 400. Decoded names and values must be valid UTF-8 without NUL bytes, except
 * the data of an uploaded file, which is kept as bytes.
 */
#ifndef DXTRACK_FORM_H
#define DXTRACK_FORM_H

#include <stddef.h>

#include "http.h"

/* Percent-decodes s[0..len) ('+' is a space when plus_is_space) into a new arena string. -1 on
 * a bad escape, a NUL byte or invalid UTF-8. */
int form_decode(struct arena *arena, const char *s, size_t len, int plus_is_space, char **out);

/* "a=1&b=x+y" (a query string or an application/x-www-form-urlencoded body) → pairs. Empty pairs
 * ("a=1&&b") and nameless ones ("=x") are skipped; "a" alone is a = "". -1 past HTTP_PARAMS_MAX
 * pairs. */
int form_parse_urlencoded(struct arena *arena, const char *s, size_t len, struct http_params *out);

/* "a=1; b=2" (a Cookie header) → pairs; values are not percent-decoded; surrounding quotes are
 * removed. Pairs without '=', without a name or not valid UTF-8 are skipped (another site on the
 * same host may have set them): -1 only past HTTP_PARAMS_MAX pairs. */
int form_parse_cookies(struct arena *arena, const char *header, struct http_params *out);

/* A multipart/form-data body. content_type is the whole Content-Type header (its boundary
 * parameter is read from it). Text parts go to fields; the first part with a filename goes to
 * *upload (its data copied, NUL-terminated; upload->field NULL when there is none); later file
 * parts and parts with filename="" (no file chosen) are skipped. Every part needs a
 * Content-Disposition form-data with a non-empty name; lines end in CRLF; at most
 * HTTP_PARAMS_MAX parts; the closing delimiter is required. */
int form_parse_multipart(struct arena *arena, const char *content_type, const char *body,
                         size_t len, struct http_params *fields, struct http_upload *upload);

#endif
