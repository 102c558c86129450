/* csv.c — RFC 4180 pull reader with starting line numbers, and the CSV field writer (see csv.h).
 *
 * The reader walks the caller's buffer once. Each field is copied into one scratch buffer that is
 * reused from record to record (so there is no allocation per field once it has grown); the field
 * pointers are fixed up when the record is complete, because appending may move the scratch.
 * Line numbers count LF bytes only, so CRLF, and CRLF or LF inside a quoted field, count once.
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/mem.h"

#define CSV_STR_(x) #x
#define CSV_STR(x) CSV_STR_(x)

/* How a field ended: another field of the same record follows, or the record is complete. */
enum { CSV_MORE = 0, CSV_END = 1 };

struct csv_reader {
	const char *pos;             /* next byte to read */
	const char *end;             /* one past the last byte */
	unsigned line;               /* physical line that pos is on */
	struct buf scratch;          /* the current record's fields, each followed by a NUL */
	size_t offs[CSV_MAX_FIELDS]; /* where each field starts in scratch */
	size_t lens[CSV_MAX_FIELDS];
	char *fields[CSV_MAX_FIELDS];
	const char *error; /* static message once reading has failed, else NULL */
	unsigned error_line;
};

/* Bytes that end the fast scan of an unquoted field. */
static const unsigned char csv_stop[256] = {
    ['\n'] = 1,
    ['\r'] = 1,
    [','] = 1,
    ['"'] = 1,
};

struct csv_reader *csv_reader_create(const char *data, size_t len)
{
	struct csv_reader *r = mem_calloc(1, sizeof(*r));
	r->pos = data;
	r->end = len ? data + len : data;
	r->line = 1;
	buf_init(&r->scratch, 0);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos += 3;
	return r;
}

void csv_reader_destroy(struct csv_reader *r)
{
	if (!r)
		return;
	buf_finish(&r->scratch);
	free(r);
}

/* Records the first error; every later csv_reader_next() returns -1 as well. */
static int csv_fail(struct csv_reader *r, const char *msg, unsigned line)
{
	r->error = msg;
	r->error_line = line;
	return -1;
}

static int csv_append(struct csv_reader *r, const char *s, size_t len)
{
	if (buf_append(&r->scratch, s, len) < 0)
		return csv_fail(r, "record too long", r->line);
	return 0;
}

/* Advances the line count over the LF bytes in [p, q). */
static void csv_count_lines(struct csv_reader *r, const char *p, const char *q)
{
	while (p < q && (p = memchr(p, '\n', (size_t)(q - p))) != NULL) {
		r->line++;
		p++;
	}
}

/* Skips lines that are empty or hold only a CR, counting them. */
static void csv_skip_blank(struct csv_reader *r)
{
	while (r->pos < r->end) {
		if (r->pos[0] == '\n') {
			r->pos++;
			r->line++;
		} else if (r->pos[0] == '\r' && r->pos + 1 == r->end) {
			r->pos++;
		} else if (r->pos[0] == '\r' && r->pos[1] == '\n') {
			r->pos += 2;
			r->line++;
		} else {
			break;
		}
	}
}

/* At the byte after a field: consumes the separator or line end. -1 when something else is there
 * (only possible after a closing quote: the unquoted scan stops at nothing else). */
static int csv_read_terminator(struct csv_reader *r)
{
	const char *p = r->pos;
	if (p == r->end)
		return CSV_END;
	if (*p == ',') {
		r->pos = p + 1;
		return CSV_MORE;
	}
	if (*p == '\n') {
		r->pos = p + 1;
		r->line++;
		return CSV_END;
	}
	if (*p == '\r' && p + 1 == r->end) {
		r->pos = p + 1;
		return CSV_END;
	}
	if (*p == '\r' && p[1] == '\n') {
		r->pos = p + 2;
		r->line++;
		return CSV_END;
	}
	return csv_fail(r, "unexpected character after closing quote", r->line);
}

/* A field that does not start with a quote. A CR that does not end the line is data. */
static int csv_read_unquoted(struct csv_reader *r)
{
	const char *start = r->pos, *p = r->pos, *end = r->end;
	for (;;) {
		while (p < end && !csv_stop[(unsigned char)*p])
			p++;
		if (p == end)
			break;
		if (*p == '"')
			return csv_fail(r, "quote inside unquoted field", r->line);
		if (*p == '\r' && p + 1 < end && p[1] != '\n') {
			p++;
			continue;
		}
		break;
	}
	if (csv_append(r, start, (size_t)(p - start)) < 0)
		return -1;
	r->pos = p;
	return csv_read_terminator(r);
}

/* A field that starts with a quote: runs to the next quote that is not doubled. */
static int csv_read_quoted(struct csv_reader *r)
{
	unsigned start_line = r->line;
	const char *p = r->pos + 1, *end = r->end;
	for (;;) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (!q)
			return csv_fail(r, "unterminated quoted field", start_line);
		csv_count_lines(r, p, q);
		if (q + 1 < end && q[1] == '"') {
			/* Keep one quote of the pair. */
			if (csv_append(r, p, (size_t)(q + 1 - p)) < 0)
				return -1;
			p = q + 2;
			continue;
		}
		if (csv_append(r, p, (size_t)(q - p)) < 0)
			return -1;
		r->pos = q + 1;
		return csv_read_terminator(r);
	}
}

int csv_reader_next(struct csv_reader *r, struct csv_record *rec)
{
	if (r->error)
		return -1;
	csv_skip_blank(r);
	if (r->pos == r->end)
		return 0;

	buf_reset(&r->scratch);
	unsigned start_line = r->line;
	size_t n = 0;
	int rc;
	do {
		if (n == CSV_MAX_FIELDS)
			return csv_fail(r, "more than " CSV_STR(CSV_MAX_FIELDS) " fields", r->line);
		r->offs[n] = r->scratch.len;
		if (r->pos < r->end && *r->pos == '"')
			rc = csv_read_quoted(r);
		else
			rc = csv_read_unquoted(r);
		if (rc < 0)
			return -1;
		r->lens[n] = r->scratch.len - r->offs[n];
		if (csv_append(r, "", 1) < 0)
			return -1;
		n++;
	} while (rc == CSV_MORE);

	for (size_t i = 0; i < n; i++)
		r->fields[i] = r->scratch.data + r->offs[i];
	rec->line = start_line;
	rec->n_fields = n;
	rec->fields = r->fields;
	rec->lens = r->lens;
	return 1;
}

const char *csv_reader_error(const struct csv_reader *r, unsigned *line)
{
	if (line)
		*line = r->error ? r->error_line : 0;
	return r->error;
}

static bool csv_is_formula_char(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@';
}

/* True when s, after any leading apostrophes, starts with a formula character. */
static bool csv_is_guardable(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == '\'')
		i++;
	return i < len && csv_is_formula_char(s[i]);
}

void csv_write_field(struct buf *out, const char *s, size_t len, bool guard)
{
	bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
	size_t n_quotes = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			n_quotes++;
		else if (c == ',' || c == '\n' || c == '\r')
			quote = true;
	}
	if (n_quotes)
		quote = true;
	bool prefix = guard && csv_is_guardable(s, len);

	/* All or nothing: after this check no append below can fail. */
	size_t need = len + n_quotes + (quote ? 2 : 0) + (prefix ? 1 : 0);
	if (need < len || need > out->limit || out->len > out->limit - need)
		return;

	if (quote)
		buf_putc(out, '"');
	if (prefix)
		buf_putc(out, '\'');
	if (!quote) {
		buf_append(out, s, len);
		return;
	}
	const char *p = s, *end = s + len;
	const char *q;
	while ((q = memchr(p, '"', (size_t)(end - p))) != NULL) {
		buf_append(out, p, (size_t)(q + 1 - p));
		buf_putc(out, '"');
		p = q + 1;
	}
	buf_append(out, p, (size_t)(end - p));
	buf_putc(out, '"');
}

size_t csv_unguard(const char *s, size_t len, size_t *start)
{
	if (len >= 2 && s[0] == '\'' && csv_is_guardable(s + 1, len - 1)) {
		*start = 1;
		return len - 1;
	}
	*start = 0;
	return len;
}
