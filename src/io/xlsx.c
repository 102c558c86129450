/* xlsx.c — the first sheet of an .xlsx workbook as CSV (see xlsx.h).
 *
 * An .xlsx is a ZIP archive of XML parts: _rels/.rels names the workbook part, the workbook lists
 * its sheets in order, each with a relationship id, and the workbook's own relationships map
 * those ids (and the shared strings and the styles) to parts. Every part is read in chunks
 * straight from the archive into expat, so no part is ever held whole in memory; what is kept is
 * the shared strings (one buffer, each string once) and one date flag per cell style.
 *
 * The sheet is read twice: first to find its used range (the last row and the last column that
 * hold a non-empty value), then to write the CSV, so that every record gets as many fields as the
 * widest row without building the table in memory. Empty cells (styled but without a value) do
 * not count, so formatting alone never widens or lengthens the CSV.
 *
 * Hostile archives: a part whose uncompressed size is over XLSX_PART_MAX is refused, and reading
 * stops there even when the archive lies about the size (a zip bomb); a DOCTYPE is refused (no
 * OOXML part has one; expat would also stop entity expansion attacks); the shared strings and the
 * sheet's cells are capped at XLSX_MAX_CELLS, and so is the used range (rows × columns), so a
 * single cell at XFD1048576 cannot make the CSV 17 GB.
 */
#include "xlsx.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../lib/mem.h"

#define XLSX_PART_MAX ((zip_uint64_t)256 << 20) /* uncompressed bytes of one part */
#define XLSX_PATH_MAX 512                       /* bytes of a part name */
#define XLSX_TEXT_MAX ((size_t)4 << 20)         /* bytes of one cell's text (Excel: 32767 chars) */
#define XLSX_MAX_COLS 16384u                    /* XFD */
#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_STYLES 65536u /* cell formats and number formats (Excel: 64000) */
#define XLSX_NS_SEP '|'        /* expat: "namespace-uri|local-name" */

enum xlsx_cell_type {
	XLSX_NUMBER, /* t="n" or absent */
	XLSX_SHARED, /* t="s" */
	XLSX_INLINE, /* t="inlineStr" */
	XLSX_STR,    /* t="str": a formula's string result */
	XLSX_BOOL,   /* t="b" */
	XLSX_ERROR,  /* t="e" */
	XLSX_DATE,   /* t="d": an ISO 8601 date */
};

/* What a cell's number format makes of its number. */
enum xlsx_shown {
	XLSX_SHOWN_NUMBER,  /* the number */
	XLSX_SHOWN_DATE,    /* a date: YYYY-MM-DD */
	XLSX_SHOWN_PERCENT, /* a percentage: 0.53 is shown (and written) "53%" */
};

struct xlsx_numfmt {
	unsigned id;
	size_t seq; /* order in styles.xml: of two definitions of one id, the last wins */
	enum xlsx_shown shown;
};

struct xlsx {
	zip_t *zip;
	XML_Parser parser; /* the part being read */
	const char *part;  /* its base name, for messages */
	char *why;
	size_t why_size;
	bool failed; /* why holds the first error */

	/* text being collected (a <t> of a shared or inline string) */
	struct buf text;
	bool collecting;
	unsigned rph; /* depth inside <rPh> (phonetic runs, skipped) */

	/* _rels/.rels and the workbook */
	char workbook[XLSX_PATH_MAX];
	char sheet_rid[XLSX_PATH_MAX];
	bool have_sheet;
	char sheet_name[XLSX_SHEET_NAME_MAX];
	bool date1904;
	char sheet_path[XLSX_PATH_MAX];
	char strings_path[XLSX_PATH_MAX];
	char styles_path[XLSX_PATH_MAX];
	bool in_sheets;

	/* shared strings: each NUL-terminated in sst, starting at sst_off[i] */
	struct buf sst;
	size_t *sst_off;
	size_t n_sst, cap_sst;
	bool in_si;

	/* styles: the numFmtId of each cellXfs entry, then what it shows */
	unsigned *xf_fmt;
	unsigned char *xf_shown; /* enum xlsx_shown */
	size_t n_xf, cap_xf;
	struct xlsx_numfmt *fmts;
	size_t n_fmts, cap_fmts;
	bool in_cellxfs;

	/* the sheet */
	bool measure; /* pass 1: find the used range; pass 2: write */
	bool in_data, in_row, in_cell, in_v, in_is;
	unsigned row, col; /* the current row and the last cell's column, 1-based; 0: none yet */
	enum xlsx_cell_type type;
	long style; /* the cell's s, or -1 */
	char ref[16];
	struct buf v;     /* the cell's <v> */
	struct buf value; /* the cell rendered */
	uint64_t cells;
	unsigned last_row, width; /* the used range, from pass 1 */
	unsigned written;         /* pass 2: rows written */
	unsigned commas;          /* pass 2: commas written in the current row */
	struct buf *csv;
};

__attribute__((format(printf, 2, 3))) static void xlsx_fail(struct xlsx *x, const char *fmt, ...)
{
	if (x->failed)
		return;
	x->failed = true;
	va_list ap;
	va_start(ap, fmt);
	if (x->why && x->why_size)
		vsnprintf(x->why, x->why_size, fmt, ap);
	va_end(ap);
	if (x->parser)
		XML_StopParser(x->parser, XML_FALSE);
}

/* ---- names and attributes ---- */

/* The local part of an expat name ("uri|local" or "local"). */
static const char *xlsx_local(const char *name)
{
	const char *bar = strrchr(name, XLSX_NS_SEP);
	return bar ? bar + 1 : name;
}

/* The value of the attribute with this local name and no namespace, or NULL. */
static const char *xlsx_attr(const XML_Char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strchr(atts[i], XLSX_NS_SEP) && strcmp(atts[i], local) == 0)
			return atts[i + 1];
	return NULL;
}

/* The value of a namespaced attribute with this local name (r:id), or NULL. */
static const char *xlsx_attr_ns(const XML_Char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *bar = strrchr(atts[i], XLSX_NS_SEP);
		if (bar && strcmp(bar + 1, local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

static bool xlsx_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Copies s into out[size] (size > 0), cut at a UTF-8 character boundary when it is too long. */
static void xlsx_copy_utf8(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Resolves a relationship's target against the part that holds it (its directory), into a part
 * name without a leading '/': "/xl/x.xml" is from the root, "../x" climbs. -1 when it does not
 * fit or climbs above the root. */
static int xlsx_resolve(const char *base, const char *target, char out[XLSX_PATH_MAX])
{
	char joined[2 * XLSX_PATH_MAX];
	int n;
	if (target[0] == '/') {
		n = snprintf(joined, sizeof joined, "%s", target + 1);
	} else {
		const char *slash = strrchr(base, '/');
		int dir = slash ? (int)(slash - base + 1) : 0;
		n = snprintf(joined, sizeof joined, "%.*s%s", dir, base, target);
	}
	if (n < 0 || (size_t)n >= sizeof joined)
		return -1;
	/* segments on a stack: "." and "" vanish, ".." pops */
	size_t len = 0;
	char *save = NULL;
	for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (len == 0)
				return -1;
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--; /* the slash */
			continue;
		}
		size_t m = strlen(seg);
		if (len + (len ? 1 : 0) + m + 1 > XLSX_PATH_MAX)
			return -1;
		if (len)
			out[len++] = '/';
		memcpy(out + len, seg, m);
		len += m;
	}
	out[len] = '\0';
	return len ? 0 : -1;
}

static const char *xlsx_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ---- reading one part through expat ---- */

static void XMLCALL xlsx_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                 const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	struct xlsx *x = ud;
	xlsx_fail(x, "%s: a DOCTYPE is not allowed in a workbook part", x->part);
}

static void XMLCALL xlsx_chars(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;
	struct buf *to = x->collecting ? &x->text : x->in_v ? &x->v : NULL;
	if (to && len > 0 && buf_append(to, s, (size_t)len) < 0)
		xlsx_fail(x, "%s: a cell's text is longer than %zu MiB", x->part,
		          XLSX_TEXT_MAX >> 20);
}

/* Reads the part named path with these handlers. A missing part is an error unless optional
 * (then 0 and nothing read). 0, or -1 with x->why set. */
static int xlsx_parse(struct xlsx *x, const char *path, bool optional,
                      XML_StartElementHandler start, XML_EndElementHandler end)
{
	x->part = xlsx_basename(path);
	zip_int64_t idx = zip_name_locate(x->zip, path, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (optional)
			return 0;
		xlsx_fail(x, "not an .xlsx file: the archive has no part %s", path);
		return -1;
	}
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > XLSX_PART_MAX) {
		xlsx_fail(x, "%s: more than %llu MiB uncompressed (refused)", x->part,
		          (unsigned long long)(XLSX_PART_MAX >> 20));
		return -1;
	}
	zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
	if (!f) {
		xlsx_fail(x, "%s: cannot read: %s", x->part, zip_strerror(x->zip));
		return -1;
	}
	XML_Parser p = XML_ParserCreateNS(NULL, XLSX_NS_SEP);
	if (!p) {
		zip_fclose(f);
		xlsx_fail(x, "%s: out of memory", x->part);
		return -1;
	}
	x->parser = p;
	x->collecting = x->in_v = false;
	x->rph = 0;
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, xlsx_chars);
	XML_SetStartDoctypeDeclHandler(p, xlsx_doctype);
	enum { XLSX_CHUNK = 1 << 16 };
	char *chunk = mem_alloc(XLSX_CHUNK); /* not static: the server converts in many threads */
	zip_uint64_t total = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, XLSX_CHUNK);
		if (n < 0) {
			xlsx_fail(x, "%s: cannot read: %s", x->part, zip_file_strerror(f));
			break;
		}
		total += (zip_uint64_t)n;
		if (total > XLSX_PART_MAX) {
			xlsx_fail(x, "%s: more than %llu MiB uncompressed (refused)", x->part,
			          (unsigned long long)(XLSX_PART_MAX >> 20));
			break;
		}
		if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!x->failed)
				xlsx_fail(x, "%s: XML error at line %lu: %s", x->part,
				          (unsigned long)XML_GetCurrentLineNumber(p),
				          XML_ErrorString(XML_GetErrorCode(p)));
			break;
		}
		if (n == 0)
			break;
	}
	free(chunk);
	x->parser = NULL;
	XML_ParserFree(p);
	zip_fclose(f);
	return x->failed ? -1 : 0;
}

/* ---- _rels/.rels and the workbook's relationships ---- */

static void XMLCALL xlsx_root_rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	if (x->workbook[0] || strcmp(xlsx_local(name), "Relationship") != 0)
		return;
	const char *type = xlsx_attr(atts, "Type"), *target = xlsx_attr(atts, "Target");
	const char *mode = xlsx_attr(atts, "TargetMode");
	if (type && target && xlsx_ends_with(type, "/officeDocument") &&
	    !(mode && strcmp(mode, "External") == 0))
		if (xlsx_resolve("", target, x->workbook) < 0)
			x->workbook[0] = '\0';
}

static void XMLCALL xlsx_ignore_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void XMLCALL xlsx_wb_rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	if (strcmp(xlsx_local(name), "Relationship") != 0)
		return;
	const char *id = xlsx_attr(atts, "Id"), *type = xlsx_attr(atts, "Type");
	const char *target = xlsx_attr(atts, "Target"), *mode = xlsx_attr(atts, "TargetMode");
	if (!type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	char *to = NULL;
	if (id && strcmp(id, x->sheet_rid) == 0)
		to = x->sheet_path;
	else if (xlsx_ends_with(type, "/sharedStrings"))
		to = x->strings_path;
	else if (xlsx_ends_with(type, "/styles"))
		to = x->styles_path;
	if (to && !to[0] && xlsx_resolve(x->workbook, target, to) < 0)
		to[0] = '\0';
}

/* ---- workbook.xml: the first sheet, and the date system ---- */

static bool xlsx_true(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void XMLCALL xlsx_wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *local = xlsx_local(name);
	if (strcmp(local, "workbookPr") == 0) {
		x->date1904 = xlsx_true(xlsx_attr(atts, "date1904"));
	} else if (strcmp(local, "sheets") == 0) {
		x->in_sheets = true;
	} else if (x->in_sheets && !x->have_sheet && strcmp(local, "sheet") == 0) {
		const char *sheet = xlsx_attr(atts, "name"), *rid = xlsx_attr_ns(atts, "id");
		if (!sheet || !rid) {
			xlsx_fail(x, "%s: the first sheet has no %s", x->part,
			          sheet ? "relationship id (r:id)" : "name");
			return;
		}
		x->have_sheet = true;
		xlsx_copy_utf8(x->sheet_name, sizeof x->sheet_name, sheet);
		xlsx_copy_utf8(x->sheet_rid, sizeof x->sheet_rid, rid);
	}
}

static void XMLCALL xlsx_wb_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	if (strcmp(xlsx_local(name), "sheets") == 0)
		x->in_sheets = false;
}

/* ---- styles.xml: which cell formats are dates (or percentages) ---- */

/* A custom format code is a date when it has d, m or y outside quotes, brackets ([Red],
 * [$-42A], [h]) and escapes (\x, _x, *x); else a percentage when it has a % there. */
static enum xlsx_shown xlsx_code_shows(const char *code)
{
	bool percent = false;
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
		case '[':
			p = strchr(p + 1, *p == '"' ? '"' : ']');
			if (!p)
				return percent ? XLSX_SHOWN_PERCENT : XLSX_SHOWN_NUMBER;
			break;
		case '\\':
		case '_':
		case '*':
			if (!p[1])
				return percent ? XLSX_SHOWN_PERCENT : XLSX_SHOWN_NUMBER;
			p++;
			break;
		case 'd':
		case 'D':
		case 'm':
		case 'M':
		case 'y':
		case 'Y':
			return XLSX_SHOWN_DATE;
		case '%':
			percent = true;
			break;
		default:
			break;
		}
	}
	return percent ? XLSX_SHOWN_PERCENT : XLSX_SHOWN_NUMBER;
}

/* The built-in formats: 14–22 and 45–47 are dates and times, 9 and 10 percentages. */
static enum xlsx_shown xlsx_builtin_shows(unsigned id)
{
	if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))
		return XLSX_SHOWN_DATE;
	return id == 9 || id == 10 ? XLSX_SHOWN_PERCENT : XLSX_SHOWN_NUMBER;
}

static bool xlsx_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || *s < '0' || *s > '9')
		return false;
	unsigned long v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return false;
	}
	if (*s)
		return false;
	*out = v;
	return true;
}

static void XMLCALL xlsx_styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *local = xlsx_local(name);
	unsigned long id = 0;
	if (strcmp(local, "cellXfs") == 0) {
		x->in_cellxfs = true;
	} else if (strcmp(local, "numFmt") == 0) {
		const char *code = xlsx_attr(atts, "formatCode");
		if (!code || !xlsx_parse_uint(xlsx_attr(atts, "numFmtId"), UINT32_MAX, &id))
			return;
		if (x->n_fmts == XLSX_MAX_STYLES) {
			xlsx_fail(x, "%s: more than %u number formats", x->part, XLSX_MAX_STYLES);
			return;
		}
		if (x->n_fmts == x->cap_fmts) {
			x->cap_fmts = x->cap_fmts ? 2 * x->cap_fmts : 32;
			x->fmts = mem_realloc(x->fmts, x->cap_fmts * sizeof *x->fmts);
		}
		x->fmts[x->n_fmts] =
		    (struct xlsx_numfmt){(unsigned)id, x->n_fmts, xlsx_code_shows(code)};
		x->n_fmts++;
	} else if (x->in_cellxfs && strcmp(local, "xf") == 0) {
		if (!xlsx_parse_uint(xlsx_attr(atts, "numFmtId"), UINT32_MAX, &id))
			id = 0; /* General */
		if (x->n_xf == XLSX_MAX_STYLES) {
			xlsx_fail(x, "%s: more than %u cell formats", x->part, XLSX_MAX_STYLES);
			return;
		}
		if (x->n_xf == x->cap_xf) {
			x->cap_xf = x->cap_xf ? 2 * x->cap_xf : 32;
			x->xf_fmt = mem_realloc(x->xf_fmt, x->cap_xf * sizeof *x->xf_fmt);
		}
		x->xf_fmt[x->n_xf++] = (unsigned)id;
	}
}

static void XMLCALL xlsx_styles_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	if (strcmp(xlsx_local(name), "cellXfs") == 0)
		x->in_cellxfs = false;
}

static int xlsx_numfmt_order(const void *a, const void *b)
{
	const struct xlsx_numfmt *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* After styles.xml: what each cell format shows (a custom format overrides a built-in id; of
 * two custom ones with the same id, the last). The custom formats are sorted once, so this is
 * O((formats + cell formats) log formats) however many of each a hostile file has. */
static void xlsx_styles_resolve(struct xlsx *x)
{
	x->xf_shown = mem_calloc(x->n_xf ? x->n_xf : 1, sizeof *x->xf_shown);
	if (x->n_fmts > 1)
		qsort(x->fmts, x->n_fmts, sizeof *x->fmts, xlsx_numfmt_order);
	for (size_t i = 0; i < x->n_xf; i++) {
		unsigned id = x->xf_fmt[i];
		enum xlsx_shown shown = xlsx_builtin_shows(id);
		size_t lo = 0, hi = x->n_fmts; /* the first custom format with an id above id */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (x->fmts[mid].id <= id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0 && x->fmts[lo - 1].id == id)
			shown = x->fmts[lo - 1].shown;
		x->xf_shown[i] = (unsigned char)shown;
	}
}

/* ---- text as OOXML stores it ---- */

static int xlsx_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends s[0..n) to out, decoding the ST_Xstring escapes "_xHHHH_" that Excel writes for
 * characters XML cannot hold (_x000D_ is a CR, _x005F_ a literal '_'). Escapes of NUL and of
 * surrogates are kept as they are. -1 past out's limit. */
static int xlsx_append_text(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, from = 0;
	while (i + 7 <= n) {
		if (s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') {
			i++;
			continue;
		}
		int h[4];
		bool hex = true;
		for (int k = 0; k < 4; k++)
			hex = (h[k] = xlsx_hex(s[i + 2 + (size_t)k])) >= 0 && hex;
		unsigned cp = hex ? (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]) : 0;
		if (!hex || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			i++;
			continue;
		}
		if (buf_append(out, s + from, i - from) < 0)
			return -1;
		char u[3];
		size_t m;
		if (cp < 0x80) {
			u[0] = (char)cp;
			m = 1;
		} else if (cp < 0x800) {
			u[0] = (char)(0xC0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3F));
			m = 2;
		} else {
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			m = 3;
		}
		if (buf_append(out, u, m) < 0)
			return -1;
		i += 7;
		from = i;
	}
	return buf_append(out, s + from, n - from);
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL xlsx_sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct xlsx *x = ud;
	const char *local = xlsx_local(name);
	if (strcmp(local, "si") == 0) {
		x->in_si = true;
		x->rph = 0;
		buf_reset(&x->text);
	} else if (x->in_si && strcmp(local, "rPh") == 0) {
		x->rph++;
	} else if (x->in_si && !x->rph && strcmp(local, "t") == 0) {
		x->collecting = true; /* rich-text runs add up */
	}
}

static void XMLCALL xlsx_sst_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *local = xlsx_local(name);
	if (strcmp(local, "t") == 0) {
		x->collecting = false;
	} else if (strcmp(local, "rPh") == 0) {
		if (x->rph)
			x->rph--;
	} else if (strcmp(local, "si") == 0 && x->in_si) {
		x->in_si = false;
		if (x->n_sst == XLSX_MAX_CELLS) {
			xlsx_fail(x, "%s: more than %d strings (refused)", x->part, XLSX_MAX_CELLS);
			return;
		}
		if (x->n_sst == x->cap_sst) {
			x->cap_sst = x->cap_sst ? 2 * x->cap_sst : 256;
			x->sst_off = mem_realloc(x->sst_off, x->cap_sst * sizeof *x->sst_off);
		}
		x->sst_off[x->n_sst++] = x->sst.len;
		if (xlsx_append_text(&x->sst, x->text.data ? x->text.data : "", x->text.len) < 0 ||
		    buf_putc(&x->sst, '\0') < 0)
			xlsx_fail(x, "%s: the strings are too large", x->part);
	}
}

/* ---- numbers and dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms). */
static long xlsx_days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void xlsx_civil_from_days(long z, long *y, long *m, long *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* A date serial as "YYYY-MM-DD" (the time of day dropped). In the 1900 system serial 1 is
 * 1900-01-01 and serial 60 the 1900-02-29 that Excel invented (Lotus's bug), so serials from 61
 * on are one day behind a plain count; in the 1904 system serial 0 is 1904-01-01. false (nothing
 * written) for serials that are no date: below 1 (1900) or 0 (1904), or past 9999-12-31. */
static bool xlsx_date(struct buf *out, double v, bool d1904)
{
	if (!(v >= 0 && v < 3e6))
		return false;
	long serial = (long)floor(v), y, m, d;
	if (d1904) {
		xlsx_civil_from_days(xlsx_days_from_civil(1904, 1, 1) + serial, &y, &m, &d);
	} else if (serial < 1) {
		return false;
	} else if (serial == 60) {
		y = 1900, m = 2, d = 29;
	} else {
		long base = serial < 60 ? xlsx_days_from_civil(1899, 12, 31)
		                        : xlsx_days_from_civil(1899, 12, 30);
		xlsx_civil_from_days(base + serial, &y, &m, &d);
	}
	if (y > 9999)
		return false;
	return buf_printf(out, "%04ld-%02ld-%02ld", y, m, d) == 0;
}

/* A number in the shortest text that reads back as the same double: whole numbers up to 2^53
 * as digits, others as the first of %.15g, %.16g, %.17g that round-trips. */
static int xlsx_number(struct buf *out, double v)
{
	char s[40];
	if (v == 0)
		return buf_putc(out, '0'); /* also -0 */
	if (v == floor(v) && fabs(v) <= 9007199254740992.0) {
		snprintf(s, sizeof s, "%.0f", v);
		return buf_puts(out, s);
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	return buf_puts(out, s);
}

/* A fraction as the percentage a percent format shows, with up to 15 significant digits (as
 * Excel shows numbers, and so that 0.53 × 100 = 53.000000000000007 comes out "53%"). */
static int xlsx_percent(struct buf *out, double v)
{
	char s[40];
	double p = v * 100;
	if (p == 0)
		p = 0; /* no "-0%" */
	snprintf(s, sizeof s, "%.15g%%", p);
	return buf_puts(out, s);
}

/* ---- the sheet ---- */

static void xlsx_col_name(unsigned col, char out[4])
{
	char tmp[4];
	int n = 0;
	while (col > 0 && n < 3) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* The column of a reference such as "B12" (1-based), or 0 when it is not one. */
static unsigned xlsx_ref_col(const char *ref)
{
	unsigned col = 0;
	const char *p = ref;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		if (p - ref == 3)
			return 0;
		col = col * 26 + (unsigned)((*p | 0x20) - 'a' + 1);
	}
	if (p == ref || col > XLSX_MAX_COLS)
		return 0;
	const char *digits = p;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p || p == digits ? 0 : col;
}

static void xlsx_set_ref(struct xlsx *x)
{
	char col[4];
	xlsx_col_name(x->col, col);
	snprintf(x->ref, sizeof x->ref, "%s%u", col, x->row);
}

/* pass 2: appends n commas (fields left empty) */
static int xlsx_commas(struct xlsx *x, unsigned n)
{
	if (n == 0)
		return 0;
	if (buf_reserve(x->csv, n) < 0)
		return -1;
	memset(x->csv->data + x->csv->len, ',', n);
	x->csv->len += n;
	x->csv->data[x->csv->len] = '\0';
	x->commas += n;
	return 0;
}

/* pass 2: the rows before the current one that have no <row> element, as empty records */
static int xlsx_empty_rows_until(struct xlsx *x, unsigned row)
{
	for (; x->written + 1 < row; x->written++) {
		x->commas = 0;
		if (xlsx_commas(x, x->width - 1) < 0 || buf_puts(x->csv, "\r\n") < 0)
			return -1;
	}
	return 0;
}

/* pass 2: one field, quoted when it holds a comma, a quote, a CR or an LF (RFC 4180). */
static int xlsx_field(struct buf *out, const char *s, size_t n)
{
	bool quote = false;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote)
		return buf_append(out, s, n);
	if (buf_putc(out, '"') < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *q = memchr(s + i, '"', n - i);
		size_t upto = q ? (size_t)(q - s) + 1 : n;
		if (buf_append(out, s + i, upto - i) < 0 || (q && buf_putc(out, '"') < 0))
			return -1;
		i = upto - 1;
	}
	return buf_putc(out, '"');
}

static void xlsx_too_large(struct xlsx *x)
{
	xlsx_fail(x, "the sheet is too large to convert (more than %zu MiB as CSV)",
	          x->csv->limit >> 20);
}

static const char *xlsx_trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		(*n)--;
	}
	while (*n &&
	       (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r' || s[*n - 1] == '\n'))
		(*n)--;
	return s;
}

/* The current cell's value as text into x->value. */
static void xlsx_render(struct xlsx *x)
{
	struct buf *out = &x->value;
	size_t n = x->v.len;
	const char *v = xlsx_trim(x->v.data ? x->v.data : "", &n);
	int rc = 0;
	buf_reset(out);
	switch (x->type) {
	case XLSX_SHARED: {
		unsigned long i;
		char digits[16];
		if (n == 0)
			break; /* no value */
		snprintf(digits, sizeof digits, "%.*s", (int)(n < 15 ? n : 15), v);
		if (n > 12 || !xlsx_parse_uint(digits, UINT32_MAX, &i) || i >= x->n_sst) {
			xlsx_fail(x, "%s: cell %s: there is no shared string \"%s%s\"", x->part,
			          x->ref, digits, n > 15 ? "…" : "");
			return;
		}
		rc = buf_puts(out, x->sst.data + x->sst_off[i]);
		break;
	}
	case XLSX_INLINE:
		rc = xlsx_append_text(out, x->text.data ? x->text.data : "", x->text.len);
		break;
	case XLSX_STR:
		rc = xlsx_append_text(out, x->v.data ? x->v.data : "", x->v.len);
		break;
	case XLSX_BOOL:
		if (n == 1 && (v[0] == '0' || v[0] == '1'))
			rc = buf_putc(out, v[0]);
		else if (n == 4 && strncmp(v, "true", 4) == 0)
			rc = buf_putc(out, '1');
		else if (n == 5 && strncmp(v, "false", 5) == 0)
			rc = buf_putc(out, '0');
		else
			rc = buf_append(out, v, n);
		break;
	case XLSX_DATE: /* ISO 8601: the date part */
		rc = buf_append(out, v, n > 10 && v[10] == 'T' ? 10 : n);
		break;
	case XLSX_ERROR:
		rc = buf_append(out, v, n);
		break;
	case XLSX_NUMBER: {
		if (n == 0)
			break;
		char *copy = mem_strndup(v, n), *end;
		errno = 0;
		double d = strtod(copy, &end);
		bool number = end == copy + n && isfinite(d);
		free(copy);
		enum xlsx_shown shown = XLSX_SHOWN_NUMBER;
		if (x->style >= 0 && (size_t)x->style < x->n_xf && x->xf_shown)
			shown = (enum xlsx_shown)x->xf_shown[x->style];
		if (!number)
			rc = buf_append(out, v, n); /* not a number after all: as written */
		else if (shown == XLSX_SHOWN_DATE && xlsx_date(out, d, x->date1904))
			rc = 0;
		else if (shown == XLSX_SHOWN_PERCENT)
			rc = xlsx_percent(out, d);
		else
			rc = xlsx_number(out, d);
		break;
	}
	}
	if (rc < 0)
		xlsx_fail(x, "%s: cell %s: the value is too long", x->part, x->ref);
}

static enum xlsx_cell_type xlsx_type_of(const char *t)
{
	static const struct {
		const char *name;
		enum xlsx_cell_type type;
	} types[] = {{"s", XLSX_SHARED}, {"inlineStr", XLSX_INLINE}, {"str", XLSX_STR},
	             {"b", XLSX_BOOL},   {"e", XLSX_ERROR},          {"d", XLSX_DATE}};
	for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].type;
	return XLSX_NUMBER;
}

static void xlsx_row_start(struct xlsx *x, const XML_Char **atts)
{
	const char *r = xlsx_attr(atts, "r");
	unsigned long row = x->row + 1ul;
	if (r && !xlsx_parse_uint(r, XLSX_MAX_ROWS, &row)) {
		xlsx_fail(x, "%s: row number \"%.20s\" is not valid", x->part, r);
		return;
	}
	if (row == 0 || row <= x->row) {
		xlsx_fail(x, "%s: row %lu is out of order (after row %u)", x->part, row, x->row);
		return;
	}
	if (row > XLSX_MAX_ROWS) {
		xlsx_fail(x, "%s: more than %u rows", x->part, XLSX_MAX_ROWS);
		return;
	}
	x->row = (unsigned)row;
	x->col = 0;
	x->in_row = true;
	if (!x->measure && x->row <= x->last_row) {
		if (xlsx_empty_rows_until(x, x->row) < 0)
			xlsx_too_large(x);
		x->commas = 0;
	}
}

static void xlsx_cell_start(struct xlsx *x, const XML_Char **atts)
{
	const char *r = xlsx_attr(atts, "r");
	unsigned col = x->col + 1;
	if (r) {
		col = xlsx_ref_col(r);
		if (!col) {
			xlsx_fail(x, "%s: row %u: cell reference \"%.20s\" is not valid", x->part,
			          x->row, r);
			return;
		}
	}
	if (col > XLSX_MAX_COLS) {
		xlsx_fail(x, "%s: row %u: more than %u columns", x->part, x->row, XLSX_MAX_COLS);
		return;
	}
	if (col <= x->col) {
		xlsx_fail(x, "%s: row %u: cell %.20s is out of order", x->part, x->row, r);
		return;
	}
	x->col = col;
	xlsx_set_ref(x);
	if (x->measure && ++x->cells > XLSX_MAX_CELLS) {
		xlsx_fail(x, "the sheet has more than %d cells (refused)", XLSX_MAX_CELLS);
		return;
	}
	x->type = xlsx_type_of(xlsx_attr(atts, "t"));
	unsigned long s;
	x->style = xlsx_parse_uint(xlsx_attr(atts, "s"), UINT32_MAX, &s) ? (long)s : -1;
	buf_reset(&x->v);
	buf_reset(&x->text);
	x->in_cell = true;
}

static void xlsx_cell_end(struct xlsx *x)
{
	x->in_cell = false;
	xlsx_render(x);
	if (x->failed || x->value.len == 0)
		return;
	if (x->measure) {
		x->last_row = x->row;
		if (x->col > x->width)
			x->width = x->col;
		return;
	}
	if (x->row > x->last_row || x->col > x->width)
		return; /* cannot happen: pass 1 saw the same cells */
	if (xlsx_commas(x, x->col - 1 - x->commas) < 0 ||
	    xlsx_field(x->csv, x->value.data, x->value.len) < 0)
		xlsx_too_large(x);
}

static void XMLCALL xlsx_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *local = xlsx_local(name);
	if (!x->in_data) {
		x->in_data = strcmp(local, "sheetData") == 0;
	} else if (!x->in_row) {
		if (strcmp(local, "row") == 0)
			xlsx_row_start(x, atts);
	} else if (!x->in_cell) {
		if (strcmp(local, "c") == 0)
			xlsx_cell_start(x, atts);
	} else if (strcmp(local, "v") == 0) {
		buf_reset(&x->v);
		x->in_v = true;
	} else if (strcmp(local, "is") == 0) {
		x->in_is = true;
		x->rph = 0;
	} else if (x->in_is && strcmp(local, "rPh") == 0) {
		x->rph++;
	} else if (x->in_is && !x->rph && strcmp(local, "t") == 0) {
		x->collecting = true;
	}
}

static void XMLCALL xlsx_sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *local = xlsx_local(name);
	if (x->in_cell) {
		if (strcmp(local, "c") == 0)
			xlsx_cell_end(x);
		else if (strcmp(local, "v") == 0)
			x->in_v = false;
		else if (strcmp(local, "t") == 0)
			x->collecting = false;
		else if (strcmp(local, "rPh") == 0 && x->rph)
			x->rph--;
		else if (strcmp(local, "is") == 0)
			x->in_is = false;
	} else if (x->in_row) {
		if (strcmp(local, "row") != 0)
			return;
		x->in_row = false;
		if (!x->measure && x->row <= x->last_row) {
			if (xlsx_commas(x, x->width - 1 - x->commas) < 0 ||
			    buf_puts(x->csv, "\r\n") < 0)
				xlsx_too_large(x);
			x->written = x->row;
		}
	} else if (x->in_data && strcmp(local, "sheetData") == 0) {
		x->in_data = false;
	}
}

static int xlsx_sheet_pass(struct xlsx *x, bool measure)
{
	x->measure = measure;
	x->in_data = x->in_row = x->in_cell = x->in_v = x->in_is = false;
	x->row = x->col = 0;
	x->written = x->commas = 0;
	return xlsx_parse(x, x->sheet_path, false, xlsx_sheet_start, xlsx_sheet_end);
}

/* ---- the whole ---- */

bool xlsx_sniff(const void *data, size_t len)
{
	/* a local file header (PK\3\4); an empty archive (PK\5\6) is no workbook either way */
	return data && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

static int xlsx_open(struct xlsx *x, const void *data, size_t len)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(len ? data : NULL, len, 0, &err);
	if (src) {
		x->zip = zip_open_from_source(src, ZIP_RDONLY, &err);
		if (!x->zip)
			zip_source_free(src);
	}
	if (!x->zip) {
		int code = zip_error_code_zip(&err);
		if (code == ZIP_ER_NOZIP)
			xlsx_fail(x, "not an .xlsx file: not a ZIP archive");
		else if (code == ZIP_ER_INCONS)
			xlsx_fail(x, "not an .xlsx file: the ZIP archive is damaged or incomplete");
		else
			xlsx_fail(x, "not an .xlsx file: %s", zip_error_strerror(&err));
	}
	zip_error_fini(&err);
	return x->zip ? 0 : -1;
}

static int xlsx_run(struct xlsx *x, const void *data, size_t len)
{
	if (!xlsx_sniff(data, len)) {
		xlsx_fail(x, "not an .xlsx file: it does not start like a ZIP archive");
		return -1;
	}
	if (xlsx_open(x, data, len) < 0)
		return -1;
	if (xlsx_parse(x, "_rels/.rels", true, xlsx_root_rels_start, xlsx_ignore_end) < 0)
		return -1;
	if (!x->workbook[0])
		snprintf(x->workbook, sizeof x->workbook, "xl/workbook.xml");
	if (zip_name_locate(x->zip, x->workbook, ZIP_FL_NOCASE) < 0) {
		xlsx_fail(x, "not an .xlsx file: the archive has no workbook (%s)", x->workbook);
		return -1;
	}
	if (xlsx_parse(x, x->workbook, false, xlsx_wb_start, xlsx_wb_end) < 0)
		return -1;
	if (!x->have_sheet) {
		xlsx_fail(x, "the workbook has no sheet");
		return -1;
	}
	/* dir/_rels/name.rels */
	char rels[XLSX_PATH_MAX];
	const char *base = xlsx_basename(x->workbook);
	int dir = (int)(base - x->workbook);
	if (snprintf(rels, sizeof rels, "%.*s_rels/%s.rels", dir, x->workbook, base) >=
	    (int)sizeof rels) {
		xlsx_fail(x, "not an .xlsx file: the workbook's name is too long");
		return -1;
	}
	if (xlsx_parse(x, rels, false, xlsx_wb_rels_start, xlsx_ignore_end) < 0)
		return -1;
	if (!x->sheet_path[0]) {
		xlsx_fail(x, "%s: the first sheet \"%s\" (relationship %s) has no part",
		          xlsx_basename(rels), x->sheet_name, x->sheet_rid);
		return -1;
	}
	if (zip_name_locate(x->zip, x->sheet_path, ZIP_FL_NOCASE) < 0) {
		xlsx_fail(x, "the first sheet \"%s\" (%s) is missing from the archive",
		          x->sheet_name, x->sheet_path);
		return -1;
	}
	if (x->styles_path[0] &&
	    xlsx_parse(x, x->styles_path, true, xlsx_styles_start, xlsx_styles_end) < 0)
		return -1;
	xlsx_styles_resolve(x);
	if (x->strings_path[0] &&
	    xlsx_parse(x, x->strings_path, true, xlsx_sst_start, xlsx_sst_end) < 0)
		return -1;
	if (xlsx_sheet_pass(x, true) < 0)
		return -1;
	if (x->last_row && (uint64_t)x->last_row * x->width > XLSX_MAX_CELLS) {
		char col[4];
		xlsx_col_name(x->width, col);
		xlsx_fail(x, "the sheet's used range A1:%s%u is more than %d cells (refused)", col,
		          x->last_row, XLSX_MAX_CELLS);
		return -1;
	}
	return x->last_row ? xlsx_sheet_pass(x, false) : 0;
}

int xlsx_first_sheet_csv(const void *data, size_t len, struct buf *csv,
                         char sheet_name[XLSX_SHEET_NAME_MAX], char *why, size_t why_size)
{
	struct xlsx x;
	memset(&x, 0, sizeof x);
	x.why = why;
	x.why_size = why_size;
	x.csv = csv;
	if (why && why_size)
		why[0] = '\0';
	buf_init(&x.text, XLSX_TEXT_MAX);
	buf_init(&x.v, XLSX_TEXT_MAX);
	buf_init(&x.value, 0);
	buf_init(&x.sst, 0);
	size_t had = csv->len;
	int rc = xlsx_run(&x, data, len);
	if (rc < 0 && csv->len > had) {
		csv->len = had; /* what it held before */
		csv->data[had] = '\0';
	}
	if (rc == 0 && sheet_name)
		memcpy(sheet_name, x.sheet_name, sizeof x.sheet_name);
	if (x.zip)
		zip_discard(x.zip);
	buf_finish(&x.text);
	buf_finish(&x.v);
	buf_finish(&x.value);
	buf_finish(&x.sst);
	free(x.sst_off);
	free(x.xf_fmt);
	free(x.xf_shown);
	free(x.fmts);
	return rc;
}
