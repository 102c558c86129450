/* test_http.c — unit tests for the generic HTTP layer: percent-decoding, query strings and
 * urlencoded forms, cookies, multipart/form-data bodies (form.h), the output escapers
 * (escape.h) and the request/response helpers (http.h).
 *
 * Every expected value is written by hand from the RFCs and the headers' contracts: the
 * multipart bodies are spelled out the way a browser sends them, byte counts are added up in
 * the comments, and UTF-8 sequences are written as their bytes.
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

#include "http/escape.h"
#include "http/form.h"
#include "http/http.h"
#include "lib/arena.h"
#include "lib/buf.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static int test_http_setup(void **state)
{
	struct arena *a = malloc(sizeof *a);
	arena_init(a);
	*state = a;
	return 0;
}

static int test_http_teardown(void **state)
{
	arena_finish(*state);
	free(*state);
	return 0;
}

/* form_decode of a C string; returns the decoded text, or NULL on -1. */
static const char *test_http_decode(struct arena *a, const char *s, int plus)
{
	char *out = (char *)"unchanged";
	int rc = form_decode(a, s, strlen(s), plus, &out);
	if (rc < 0) {
		assert_null(out);
		return NULL;
	}
	assert_int_equal(rc, 0);
	return out;
}

static void test_http_expect_param(const struct http_params *p, size_t i, const char *name,
                                   const char *value)
{
	assert_true(i < p->count);
	assert_string_equal(p->items[i].name, name);
	assert_string_equal(p->items[i].value, value);
	assert_int_equal(p->items[i].value_len, strlen(value));
}

/* ---- percent-decoding ---------------------------------------------------------------------- */

static void test_decode_good(void **state)
{
	struct arena *a = *state;
	assert_string_equal(test_http_decode(a, "", 0), "");
	assert_string_equal(test_http_decode(a, "abc", 0), "abc");
	assert_string_equal(test_http_decode(a, "a%20b%2Fc", 0), "a b/c");
	assert_string_equal(test_http_decode(a, "%41%62", 0), "Ab");
	/* đ is U+0111: bytes C4 91, in either case of hex digits */
	assert_string_equal(test_http_decode(a, "%C4%91", 0), "\xC4\x91");
	assert_string_equal(test_http_decode(a, "%c4%91", 0), "\xC4\x91");
	assert_string_equal(test_http_decode(a, "Nguy%E1%BB%85n", 0), "Nguy\xE1\xBB\x85n"); /* ễ */
	/* raw UTF-8 passes as is */
	assert_string_equal(test_http_decode(a, "\xC4\x91\xC3\xA1", 0), "\xC4\x91\xC3\xA1");
	/* '+' is a space only in forms and queries */
	assert_string_equal(test_http_decode(a, "a+b", 1), "a b");
	assert_string_equal(test_http_decode(a, "a+b", 0), "a+b");
	assert_string_equal(test_http_decode(a, "%2B", 1), "+");
}

static void test_decode_bad(void **state)
{
	struct arena *a = *state;
	assert_null(test_http_decode(a, "%zz", 0));
	assert_null(test_http_decode(a, "%4", 0));
	assert_null(test_http_decode(a, "ab%", 0));
	assert_null(test_http_decode(a, "%G0", 0));
	assert_null(test_http_decode(a, "%00", 0));       /* NUL */
	assert_null(test_http_decode(a, "a%00b", 1));     /* NUL in the middle */
	assert_null(test_http_decode(a, "%C3%28", 0));    /* C3 needs a continuation byte */
	assert_null(test_http_decode(a, "%C4", 0));       /* truncated sequence */
	assert_null(test_http_decode(a, "%C0%AF", 0));    /* overlong '/' */
	assert_null(test_http_decode(a, "%ED%A0%80", 0)); /* surrogate U+D800 */
	assert_null(test_http_decode(a, "\xFF", 0));      /* raw invalid byte */

	/* a raw NUL byte inside the given length */
	char *out;
	assert_int_equal(form_decode(a, "a\0b", 3, 0, &out), -1);
	/* the length bounds the input: "%4" then a '1' outside it is still a bad escape */
	assert_int_equal(form_decode(a, "%41", 2, 0, &out), -1);
	assert_int_equal(form_decode(a, "%41", 3, 0, &out), 0);
	assert_string_equal(out, "A");
}

/* ---- urlencoded ---------------------------------------------------------------------------- */

static void test_urlencoded(void **state)
{
	struct arena *a = *state;
	struct http_params p = {0};
	const char *s = "a=1&b=x+y&&c&=z&d=%C4%91&e=p%3Dq%26r&f=g=h";

	assert_int_equal(form_parse_urlencoded(a, s, strlen(s), &p), 0);
	/* "&&" is skipped, "c" is c = "", "=z" has no name and is skipped */
	assert_int_equal(p.count, 6);
	test_http_expect_param(&p, 0, "a", "1");
	test_http_expect_param(&p, 1, "b", "x y");
	test_http_expect_param(&p, 2, "c", "");
	test_http_expect_param(&p, 3, "d", "\xC4\x91");
	test_http_expect_param(&p, 4, "e", "p=q&r");
	test_http_expect_param(&p, 5, "f", "g=h"); /* only the first '=' separates */
	assert_string_equal(http_param_get(&p, "d"), "\xC4\x91");
	assert_null(http_param_get(&p, "z"));
	assert_null(http_param_get(&p, ""));
}

static void test_urlencoded_edges(void **state)
{
	struct arena *a = *state;
	struct http_params p = {0};

	assert_int_equal(form_parse_urlencoded(a, "", 0, &p), 0);
	assert_int_equal(p.count, 0);
	assert_int_equal(form_parse_urlencoded(a, "&&&", 3, &p), 0);
	assert_int_equal(p.count, 0);

	/* repeated names: both kept, the first one is what http_param_get returns */
	assert_int_equal(form_parse_urlencoded(a, "t=1&t=2", 7, &p), 0);
	assert_int_equal(p.count, 2);
	assert_string_equal(http_param_get(&p, "t"), "1");
	test_http_expect_param(&p, 1, "t", "2");

	/* only len bytes are read */
	struct http_params q = {0};
	assert_int_equal(form_parse_urlencoded(a, "a=1&b=2", 3, &q), 0);
	assert_int_equal(q.count, 1);
	test_http_expect_param(&q, 0, "a", "1");

	/* bad escapes, NUL and invalid UTF-8 in a name or a value fail the whole string */
	struct http_params r = {0};
	assert_int_equal(form_parse_urlencoded(a, "a=1&b=%zz", 9, &r), -1);
	assert_int_equal(form_parse_urlencoded(a, "a=%00", 5, &r), -1);
	assert_int_equal(form_parse_urlencoded(a, "%C3%28=1", 8, &r), -1);
	assert_int_equal(form_parse_urlencoded(a, "x=%E1%BB", 8, &r), -1);
}

static void test_urlencoded_limit(void **state)
{
	struct arena *a = *state;
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < HTTP_PARAMS_MAX; i++)
		buf_printf(&b, "%sk%d=%d", i ? "&" : "", i, i);

	struct http_params p = {0};
	assert_int_equal(form_parse_urlencoded(a, b.data, b.len, &p), 0);
	assert_int_equal(p.count, HTTP_PARAMS_MAX);
	test_http_expect_param(&p, 255, "k255", "255");

	buf_puts(&b, "&one=more");
	struct http_params q = {0};
	assert_int_equal(form_parse_urlencoded(a, b.data, b.len, &q), -1);
	buf_finish(&b);
}

/* ---- cookies ------------------------------------------------------------------------------- */

static void test_cookies(void **state)
{
	struct arena *a = *state;
	struct http_params p = {0};

	assert_int_equal(form_parse_cookies(a, "a=1; b=2", &p), 0);
	assert_int_equal(p.count, 2);
	test_http_expect_param(&p, 0, "a", "1");
	test_http_expect_param(&p, 1, "b", "2");

	/* spaces around names and values, quotes, a pair without '=', an empty pair, an empty
	 * value, '=' inside a value, values not percent-decoded */
	struct http_params q = {0};
	assert_int_equal(form_parse_cookies(a,
	                                    "  a = 1 ;b=\"quoted value\";junk; ;c=;"
	                                    "sid=abc==;\tp=%41",
	                                    &q),
	                 0);
	assert_int_equal(q.count, 5);
	test_http_expect_param(&q, 0, "a", "1");
	test_http_expect_param(&q, 1, "b", "quoted value");
	test_http_expect_param(&q, 2, "c", "");
	test_http_expect_param(&q, 3, "sid", "abc==");
	test_http_expect_param(&q, 4, "p", "%41");

	/* a lone quote is not a quoted value; an invalid UTF-8 value (another site's cookie) is
	 * skipped, not fatal */
	struct http_params r = {0};
	assert_int_equal(form_parse_cookies(a, "x=\"; bad=\xFF\xFE; =nameless; ok=1", &r), 0);
	assert_int_equal(r.count, 2);
	test_http_expect_param(&r, 0, "x", "\"");
	test_http_expect_param(&r, 1, "ok", "1");

	struct http_params e = {0};
	assert_int_equal(form_parse_cookies(a, "", &e), 0);
	assert_int_equal(e.count, 0);
}

/* ---- multipart/form-data ------------------------------------------------------------------- */

#define TEST_BOUNDARY "----WebKitFormBoundary7MA4YWxkTrZu0gW"
#define TEST_CT "multipart/form-data; boundary=" TEST_BOUNDARY

/* What Chromium sends for a form with a CSRF token, a text field and a CSV file whose name has
 * spaces and a ';', with a preamble and an epilogue added (both must be ignored). */
static const char test_browser_body[] =
    "This is the preamble; it is ignored.\r\n"
    "--" TEST_BOUNDARY "\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n"
    "\r\n"
    "tok123\r\n"
    "--" TEST_BOUNDARY "\r\n"
    "Content-Disposition: form-data; name=\"note\"\r\n"
    "\r\n"
    "\xC4\x90\xC3\xA3 nh\xE1\xBA\xADp; \"xong\"\r\nline 2\r\n"
    "--" TEST_BOUNDARY "\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"ke hoach 2023; ban 2.csv\"\r\n"
    "Content-Type: text/csv\r\n"
    "\r\n"
    "code,name\r\n"
    "T1,S\xE1\xBB\x91 ho\xC3\xA1\r\n"
    "\r\n"
    "--" TEST_BOUNDARY "--\r\n"
    "epilogue, ignored\r\n";

static void test_multipart_browser(void **state)
{
	struct arena *a = *state;
	struct http_params f = {0};
	struct http_upload up;

	assert_int_equal(form_parse_multipart(a, TEST_CT, test_browser_body,
	                                      sizeof test_browser_body - 1, &f, &up),
	                 0);
	assert_int_equal(f.count, 2);
	test_http_expect_param(&f, 0, "csrf", "tok123");
	/* "Đã nhập; "xong"" CRLF "line 2": the CRLF inside a value is kept */
	test_http_expect_param(&f, 1, "note",
	                       "\xC4\x90\xC3\xA3 nh\xE1\xBA\xADp; \"xong\"\r\nline 2");

	assert_non_null(up.field);
	assert_string_equal(up.field, "file");
	assert_string_equal(up.filename, "ke hoach 2023; ban 2.csv");
	/* "code,name\r\n" is 11 bytes; "T1,Số hoá\r\n" is 3 + 4 (S, ố = E1 BB 91) + 1 + 4 (h, o,
	 * á = C3 A1) + 2 = 14: 25 bytes. The CRLF of the blank line after them starts the
	 * delimiter, so it is not part of the file. */
	assert_int_equal(up.len, 25);
	assert_memory_equal(up.data, "code,name\r\nT1,S\xE1\xBB\x91 ho\xC3\xA1\r\n", 25);
	assert_int_equal(up.data[25], '\0');
}

static void test_multipart_missing_close(void **state)
{
	struct arena *a = *state;
	struct http_params f = {0};
	struct http_upload up;

	/* the last part is never closed */
	static const char open[] = "--B\r\n"
	                           "Content-Disposition: form-data; name=\"a\"\r\n"
	                           "\r\n"
	                           "1\r\n";
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=B", open,
	                                      sizeof open - 1, &f, &up),
	                 -1);
	assert_null(up.field);

	/* a delimiter without the final "--" and nothing after it */
	static const char cut[] = "--B\r\n"
	                          "Content-Disposition: form-data; name=\"a\"\r\n"
	                          "\r\n"
	                          "1\r\n"
	                          "--B";
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=B", cut,
	                                      sizeof cut - 1, &f, &up),
	                 -1);

	/* no delimiter at all, and an empty body */
	assert_int_equal(
	    form_parse_multipart(a, "multipart/form-data; boundary=B", "hello", 5, &f, &up), -1);
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=B", "", 0, &f, &up),
	                 -1);

	/* the same body closed properly parses */
	static const char closed[] = "--B\r\n"
	                             "Content-Disposition: form-data; name=\"a\"\r\n"
	                             "\r\n"
	                             "1\r\n"
	                             "--B--";
	struct http_params g = {0};
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=B", closed,
	                                      sizeof closed - 1, &g, &up),
	                 0);
	assert_int_equal(g.count, 1);
	test_http_expect_param(&g, 0, "a", "1");
	assert_null(up.field);
}

static void test_multipart_quoted_boundary(void **state)
{
	struct arena *a = *state;
	struct http_params f = {0};
	struct http_upload up;

	/* quoted, with a space and a ';' inside; parameter names and the type in any case */
	static const char body[] = "--a b;c\r\n"
	                           "content-disposition: FORM-DATA; NAME=year\r\n"
	                           "\r\n"
	                           "2023\r\n"
	                           "--a b;c--\r\n";
	assert_int_equal(form_parse_multipart(a,
	                                      "Multipart/Form-Data; charset=utf-8; "
	                                      "BOUNDARY=\"a b;c\"",
	                                      body, sizeof body - 1, &f, &up),
	                 0);
	assert_int_equal(f.count, 1);
	test_http_expect_param(&f, 0, "year", "2023");
}

static void test_multipart_binary_file(void **state)
{
	struct arena *a = *state;
	struct http_params f = {0};
	struct http_upload up;

	/* file bytes 00 01 FF 00 0D 0A (6 bytes), then a second file (ignored) and a part with
	 * filename="" (no file chosen: ignored) */
	static const char body[] =
	    "--xyz\r\n"
	    "Content-Disposition: form-data; name=\"skip\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\r\n"
	    "--xyz\r\n"
	    "Content-Disposition: form-data; name=\"blob\"; filename=\"a.bin\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\x00\x01\xFF\x00\r\n"
	    "\r\n"
	    "--xyz\r\n"
	    "Content-Disposition: form-data; name=\"second\"; filename=\"b.txt\"\r\n"
	    "\r\n"
	    "second file\r\n"
	    "--xyz--";
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=xyz", body,
	                                      sizeof body - 1, &f, &up),
	                 0);
	assert_int_equal(f.count, 0);
	assert_string_equal(up.field, "blob");
	assert_string_equal(up.filename, "a.bin");
	assert_int_equal(up.len, 6);
	assert_memory_equal(up.data, "\x00\x01\xFF\x00\r\n", 6);
}

static void test_multipart_bad(void **state)
{
	struct arena *a = *state;
	struct http_params f = {0};
	struct http_upload up;
	const char *ct = "multipart/form-data; boundary=B";
	static const char good[] =
	    "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B--";

	/* content types without a usable boundary */
	assert_int_equal(
	    form_parse_multipart(a, "multipart/form-data", good, sizeof good - 1, &f, &up), -1);
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=", good,
	                                      sizeof good - 1, &f, &up),
	                 -1);
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=\"B", good,
	                                      sizeof good - 1, &f, &up),
	                 -1);
	assert_int_equal(
	    form_parse_multipart(a, "text/plain; boundary=B", good, sizeof good - 1, &f, &up), -1);
	/* 70 characters are allowed (RFC 2046), 71 are not: each with a body that uses it */
#define TEST_B70 "1234567890123456789012345678901234567890123456789012345678901234567890"
	static const char b70[] = "--" TEST_B70 "\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	                          "1\r\n--" TEST_B70 "--";
	static const char b71[] = "--" TEST_B70 "X\r\nContent-Disposition: form-data; name=a\r\n"
	                          "\r\n1\r\n--" TEST_B70 "X--";
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=" TEST_B70, b70,
	                                      sizeof b70 - 1, &f, &up),
	                 0);
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=" TEST_B70 "X", b71,
	                                      sizeof b71 - 1, &f, &up),
	                 -1);
	/* a control character in the boundary */
	static const char ctl[] = "--a\x01z\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
	                          "--a\x01z--";
	assert_int_equal(form_parse_multipart(a, "multipart/form-data; boundary=\"a\x01z\"", ctl,
	                                      sizeof ctl - 1, &f, &up),
	                 -1);
	/* a NUL byte in a part's name */
	static const char nulname[] = "--B\r\nContent-Disposition: form-data; name=\"a\x00"
	                              "b\"\r\n\r\n"
	                              "1\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, nulname, sizeof nulname - 1, &f, &up), -1);
	assert_int_equal(form_parse_multipart(a, ct, good, sizeof good - 1, &f, &up), 0);

	/* a text field holding NUL or invalid UTF-8 */
	static const char nul[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\x00"
	                          "2\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, nul, sizeof nul - 1, &f, &up), -1);
	static const char bad8[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xC3"
	                           "(\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, bad8, sizeof bad8 - 1, &f, &up), -1);
	/* a part without Content-Disposition, without a name, or another disposition type */
	static const char nodisp[] = "--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, nodisp, sizeof nodisp - 1, &f, &up), -1);
	static const char noname[] = "--B\r\nContent-Disposition: form-data\r\n\r\n1\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, noname, sizeof noname - 1, &f, &up), -1);
	static const char empty[] =
	    "--B\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, empty, sizeof empty - 1, &f, &up), -1);
	static const char attach[] = "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1"
	                             "\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, attach, sizeof attach - 1, &f, &up), -1);
	/* an unterminated quoted name; a header line without ':'; no blank line after headers */
	static const char unq[] =
	    "--B\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, unq, sizeof unq - 1, &f, &up), -1);
	static const char nocolon[] =
	    "--B\r\nContent-Disposition: form-data; name=a\r\njunk\r\n\r\n"
	    "1\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, nocolon, sizeof nocolon - 1, &f, &up), -1);
	static const char noblank[] = "--B\r\nContent-Disposition: form-data; name=a\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, noblank, sizeof noblank - 1, &f, &up), -1);
	/* garbage after a delimiter instead of CRLF or "--" */
	static const char after[] =
	    "--Bx\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--B--";
	assert_int_equal(form_parse_multipart(a, ct, after, sizeof after - 1, &f, &up), -1);
}

static void test_multipart_limit(void **state)
{
	struct arena *a = *state;
	struct buf b;
	buf_init(&b, 0);
	/* 255 text parts and one file: 256 parts, the most allowed */
	for (int i = 0; i < HTTP_PARAMS_MAX - 1; i++)
		buf_printf(&b, "--B\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n",
		           i, i);
	buf_puts(&b,
	         "--B\r\nContent-Disposition: form-data; name=\"up\"; filename=\"a\"\r\n\r\nA\r\n");
	size_t at = b.len;
	buf_puts(&b, "--B--\r\n");

	struct http_params f = {0};
	struct http_upload up;
	assert_int_equal(
	    form_parse_multipart(a, "multipart/form-data; boundary=B", b.data, b.len, &f, &up), 0);
	assert_int_equal(f.count, HTTP_PARAMS_MAX - 1);
	test_http_expect_param(&f, 254, "f254", "254");
	assert_string_equal(up.field, "up");

	/* one part more, a second file that adds no field: the part count alone refuses it */
	b.len = at;
	buf_puts(&b,
	         "--B\r\nContent-Disposition: form-data; name=\"x\"; filename=\"b\"\r\n\r\n1\r\n"
	         "--B--\r\n");
	struct http_params g = {0};
	assert_int_equal(
	    form_parse_multipart(a, "multipart/form-data; boundary=B", b.data, b.len, &g, &up), -1);
	assert_null(up.field);
	buf_finish(&b);
}

/* ---- escapers ------------------------------------------------------------------------------ */

/* Runs one escaper on s and compares the whole buffer with want. */
static void test_http_escape(int (*fn)(struct buf *, const char *), const char *s, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(fn(&b, s), 0);
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(b.len, strlen(want));
	buf_finish(&b);
}

static void test_escape_html(void **state)
{
	(void)state;
	test_http_escape(escape_html, "", "");
	test_http_escape(escape_html, NULL, "");
	test_http_escape(escape_html, "plain \xC4\x91", "plain \xC4\x91");
	test_http_escape(escape_html, "&", "&amp;");
	test_http_escape(escape_html, "<", "&lt;");
	test_http_escape(escape_html, ">", "&gt;");
	test_http_escape(escape_html, "\"", "&quot;");
	test_http_escape(escape_html, "'", "&#39;");
	test_http_escape(escape_html, "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	test_http_escape(escape_html, "<script>alert('x')</script>",
	                 "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	test_http_escape(escape_attr, "\" onmouseover='x'", "&quot; onmouseover=&#39;x&#39;");

	/* the cap: nothing of a value that does not fit is left behind */
	struct buf b;
	buf_init(&b, 7);
	assert_int_equal(buf_puts(&b, "ab"), 0);
	assert_int_equal(escape_html(&b, "x<y"), -1); /* "x&lt;y" is 6 bytes: 8 in all */
	assert_string_equal(buf_cstr(&b), "ab");
	assert_int_equal(b.len, 2);
	assert_int_equal(escape_html(&b, "<>"), -1); /* 8 bytes: 10 in all */
	assert_int_equal(b.len, 2);
	assert_int_equal(escape_html(&b, "x<"), 0); /* 5 bytes: exactly 7 */
	assert_string_equal(buf_cstr(&b), "abx&lt;");
	buf_finish(&b);
}

static void test_escape_url(void **state)
{
	(void)state;
	test_http_escape(escape_url, "", "");
	test_http_escape(escape_url, "AZaz09-._~", "AZaz09-._~");
	test_http_escape(escape_url, "a b", "a%20b");
	test_http_escape(escape_url, "a+b&c=d/e?f#g%", "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25");
	test_http_escape(escape_url, "\xC4\x91", "%C4%91");
	test_http_escape(escape_url, "\"<'>", "%22%3C%27%3E");
}

static void test_escape_json(void **state)
{
	(void)state;
	test_http_escape(escape_json, "", "\"\"");
	test_http_escape(escape_json, "abc \xC4\x91", "\"abc \xC4\x91\"");
	test_http_escape(escape_json, "a\"b", "\"a\\\"b\"");
	test_http_escape(escape_json, "a\\b", "\"a\\\\b\"");
	test_http_escape(escape_json, "</script>", "\"\\u003c/script\\u003e\"");
	test_http_escape(escape_json, "a&b", "\"a\\u0026b\"");
	test_http_escape(escape_json, "\n\r\t\x01\x1f\x7f",
	                 "\"\\u000a\\u000d\\u0009\\u0001\\u001f\\u007f\"");
	/* U+2028 LINE SEPARATOR is E2 80 A8, U+2029 is E2 80 A9 */
	test_http_escape(escape_json,
	                 "a\xE2\x80\xA8"
	                 "b\xE2\x80\xA9",
	                 "\"a\\u2028b\\u2029\"");
	/* invalid UTF-8 never reaches the output: each bad byte becomes U+FFFD */
	test_http_escape(escape_json,
	                 "a\xFF"
	                 "b\xC3",
	                 "\"a\\ufffdb\\ufffd\"");
	test_http_escape(escape_json, "\xC3(", "\"\\ufffd(\"");
	test_http_escape(escape_json, NULL, "\"\"");
}

static void test_escape_htmlf(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(escape_htmlf(&b, "<p class=\"x\">%s: %d/%zu %lld%% %u %ld %i</p>", "<b>&'",
	                              -3, (size_t)7, 10000000000LL, 4000000000u, -5L, 42),
	                 0);
	assert_string_equal(
	    buf_cstr(&b),
	    "<p class=\"x\">&lt;b&gt;&amp;&#39;: -3/7 10000000000% 4000000000 -5 42</p>");
	buf_reset(&b);
	assert_int_equal(escape_htmlf(&b, "%s%s", "\"", ""), 0);
	assert_string_equal(buf_cstr(&b), "&quot;");
	buf_reset(&b);
	assert_int_equal(escape_htmlf(&b, "no conversions"), 0);
	assert_string_equal(buf_cstr(&b), "no conversions");
	buf_finish(&b);

	/* past the cap: -1 and the buffer as it was */
	buf_init(&b, 10);
	buf_puts(&b, "12345");
	assert_int_equal(escape_htmlf(&b, "<i>%s</i>", "x"), -1);
	assert_string_equal(buf_cstr(&b), "12345");
	buf_finish(&b);
}

/* ---- http.h helpers ------------------------------------------------------------------------ */

static void test_http_helpers(void **state)
{
	struct arena *a = *state;
	struct http_response rs = {0};
	buf_init(&rs.body, 0);

	http_cookie_set(&rs, a, "dx_session", "abc-_09", 3600, false);
	http_cookie_set(&rs, a, "dx_session", "", 0, true);
	assert_int_equal(rs.headers.count, 2);
	test_http_expect_param(
	    &rs.headers, 0, "Set-Cookie",
	    "dx_session=abc-_09; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600");
	test_http_expect_param(&rs.headers, 1, "Set-Cookie",
	                       "dx_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure");

	char loc[] = "/tasks/2023/T1";
	http_redirect(&rs, a, loc);
	loc[1] = 'X'; /* the header keeps its own copy */
	assert_int_equal(rs.status, 303);
	assert_string_equal(http_param_get(&rs.headers, "Location"), "/tasks/2023/T1");
	http_response_header(&rs, a, "ETag", "\"v3\"");
	test_http_expect_param(&rs.headers, 3, "ETag", "\"v3\"");
	buf_finish(&rs.body);

	struct http_request rq = {0};
	assert_int_equal(http_param_add(&rq.headers, a, "content-type", "text/csv", 8), 0);
	assert_string_equal(http_header(&rq, "content-type"), "text/csv");
	assert_null(http_header(&rq, "cookie"));

	struct http_params p = {0};
	for (int i = 0; i < HTTP_PARAMS_MAX; i++)
		assert_int_equal(http_param_add(&p, a, "n", "v", 1), 0);
	assert_int_equal(http_param_add(&p, a, "n", "v", 1), -1);
	assert_int_equal(p.count, HTTP_PARAMS_MAX);

	assert_string_equal(http_status_text(200), "OK");
	assert_string_equal(http_status_text(303), "See Other");
	assert_string_equal(http_status_text(404), "Not Found");
	assert_string_equal(http_status_text(413), "Payload Too Large");
	assert_string_equal(http_status_text(299), "Unknown");
	assert_string_equal(http_method_name(HTTP_GET), "GET");
	assert_string_equal(http_method_name(HTTP_PATCH), "PATCH");
	assert_string_equal(http_method_name(HTTP_OTHER), "OTHER");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_decode_good, test_http_setup, test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_decode_bad, test_http_setup, test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_urlencoded, test_http_setup, test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_urlencoded_edges, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_urlencoded_limit, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_cookies, test_http_setup, test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_multipart_browser, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_multipart_missing_close, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_multipart_quoted_boundary, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_multipart_binary_file, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_multipart_bad, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test_setup_teardown(test_multipart_limit, test_http_setup,
	                                    test_http_teardown),
	    cmocka_unit_test(test_escape_html),
	    cmocka_unit_test(test_escape_url),
	    cmocka_unit_test(test_escape_json),
	    cmocka_unit_test(test_escape_htmlf),
	    cmocka_unit_test_setup_teardown(test_http_helpers, test_http_setup, test_http_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
