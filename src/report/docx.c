/* docx.c — a document as WordprocessingML in the Decree 30/2020 layout (see docx.h).
 *
 * The package, in this order: [Content_Types].xml, _rels/.rels, docProps/core.xml,
 * docProps/app.xml, word/document.xml, word/styles.xml, word/settings.xml, word/header1.xml
 * (the page number, PAGE centred, 14 pt), word/header2.xml (the first page's: empty, so page 1
 * shows no number: titlePg), word/_rels/document.xml.rels. Every entry is deflated and dated
 * 1980-01-01 00:00 as a DOS time set directly (zip_file_set_dostime: zip_file_set_mtime would
 * go through localtime and so depend on the time zone), with Unix mode 0644; no part holds a
 * date, so the bytes depend only on the document (and this libzip/zlib).
 *
 * Lengths are in twips (1/20 pt; 567 ≈ 1 cm), font sizes in half-points. Page: A4 11906×16838,
 * margins top 1134, bottom 1134, left 1701, right 850 (20, 20, 30, 15 mm), header 567 from the
 * edge: a text width of 9355.
 *
 * Rules under the issuing body and under the title are the bottom borders of empty narrow
 * paragraphs (centred by equal indents), 1/3 to 1/2 as long as the line above (estimated from
 * the text, as the writer measures no font); the motto's rule is the bottom border of the motto
 * paragraph itself, indented to the motto's width in Times New Roman 13 pt bold (3225 twips,
 * measured with its metric twin Liberation Serif), so it is as long as the line.
 */
#include "docx.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "layout.h"

/* twips (1/1440 inch) of a length in millimetres, rounded */
#define DOCX_TWIPS(mm) ((int)((mm)*1440 / LAYOUT_MM_PER_INCH + 0.5))
#define DOCX_PAGE_W DOCX_TWIPS(LAYOUT_PAGE_W_MM) /* 11906 */
#define DOCX_PAGE_H DOCX_TWIPS(LAYOUT_PAGE_H_MM) /* 16838 */
#define DOCX_MARGIN_TOP DOCX_TWIPS(LAYOUT_MARGIN_TOP_MM)
#define DOCX_MARGIN_BOTTOM DOCX_TWIPS(LAYOUT_MARGIN_BOTTOM_MM)
#define DOCX_MARGIN_LEFT DOCX_TWIPS(LAYOUT_MARGIN_LEFT_MM)
#define DOCX_MARGIN_RIGHT DOCX_TWIPS(LAYOUT_MARGIN_RIGHT_MM)
#define DOCX_HEADER_DIST DOCX_TWIPS(LAYOUT_PAGE_NO_TOP_MM)
#define DOCX_TEXT_W (DOCX_PAGE_W - DOCX_MARGIN_LEFT - DOCX_MARGIN_RIGHT) /* 9355 */

#define DOCX_HEAD_LEFT_W DOCX_TWIPS(LAYOUT_HEAD_LEFT_MM) /* the issuing body's column */
#define DOCX_HEAD_RIGHT_W (DOCX_TEXT_W - DOCX_HEAD_LEFT_W)
#define DOCX_MOTTO_W 3225 /* "Độc lập - Tự do - Hạnh phúc", 13 pt bold */
#define DOCX_SIGN_LEFT_W DOCX_TWIPS(LAYOUT_SIGN_LEFT_MM) /* "Nơi nhận:" */
#define DOCX_SIGN_RIGHT_W (DOCX_TEXT_W - DOCX_SIGN_LEFT_W)
#define DOCX_INDENT DOCX_TWIPS(LAYOUT_INDENT_MM)        /* the body's first line */
#define DOCX_CELL_MARGIN DOCX_TWIPS(LAYOUT_CELL_PAD_MM) /* bordered tables' cells */

#define DOCX_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DOCX_XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* ---- text ---- */

/* The next code point of s (NUL-terminated); its length in *n, or -1 with *n = 1 for a byte
 * that starts no valid sequence. */
static int32_t docx_next(const unsigned char *s, size_t *n)
{
	unsigned char c = s[0];
	*n = 1;
	if (c < 0x80)
		return c;
	int len;
	int32_t cp, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*n = (size_t)len;
	return cp;
}

/* XML 1.0's Char, less the line breaks and tabs a run writes as elements. */
static bool docx_char_ok(int32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* s escaped for XML text or an attribute value; characters XML 1.0 forbids and invalid bytes
 * are dropped. With runs, a tab becomes <w:tab/> and a line break <w:br/> (a carriage return
 * is dropped), between <w:t> elements. */
static void docx_escape_mode(struct buf *out, const char *s, bool runs)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	bool in_t = false;
	while (*p) {
		size_t n;
		int32_t cp = docx_next(p, &n);
		if (cp < 0 || !docx_char_ok(cp)) {
			p += n;
			continue;
		}
		if (runs && (cp == '\t' || cp == '\n' || cp == '\r')) {
			if (in_t)
				buf_puts(out, "</w:t>");
			in_t = false;
			if (cp == '\t')
				buf_puts(out, "<w:tab/>");
			else if (cp == '\n')
				buf_puts(out, "<w:br/>");
			p += n;
			continue;
		}
		if (runs && !in_t) {
			buf_puts(out, "<w:t xml:space=\"preserve\">");
			in_t = true;
		}
		switch (cp) {
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '"':
			buf_puts(out, "&quot;");
			break;
		case '\'':
			buf_puts(out, "&apos;");
			break;
		case '\t':
			buf_puts(out, "&#9;");
			break;
		case '\n':
			buf_puts(out, "&#10;");
			break;
		case '\r':
			buf_puts(out, "&#13;");
			break;
		default:
			buf_append(out, p, n);
		}
		p += n;
	}
	if (in_t)
		buf_puts(out, "</w:t>");
}

static void docx_escape(struct buf *out, const char *s)
{
	docx_escape_mode(out, s, false);
}

static bool docx_set(const char *s)
{
	return s && s[0];
}

/* A rough width of s in twips at half_pt, for the rules' lengths: Times New Roman averages
 * about 0,71 em a letter in bold capitals and 0,44 em in bold running text; a space 0,25 em. */
static int docx_estimate(const char *s, int half_pt, bool capitals)
{
	long w = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		size_t n;
		int32_t cp = docx_next(p, &n);
		p += n;
		w += cp == ' ' ? 25 : capitals ? 71 : 44; /* hundredths of an em */
	}
	return (int)(w * half_pt * 10 / 100); /* one em is half_pt × 10 twips */
}

/* ---- runs and paragraphs ---- */

struct docx_font {
	int half_pt;
	bool bold, italic;
};

static const struct docx_font docx_body = {28, false, false};

static void docx_rpr(struct buf *out, struct docx_font f)
{
	buf_puts(out, "<w:rPr>");
	if (f.bold)
		buf_puts(out, "<w:b/><w:bCs/>");
	if (f.italic)
		buf_puts(out, "<w:i/><w:iCs/>");
	buf_printf(out, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", f.half_pt, f.half_pt);
	buf_puts(out, "</w:rPr>");
}

static void docx_run(struct buf *out, struct docx_font f, const char *text)
{
	buf_puts(out, "<w:r>");
	docx_rpr(out, f);
	docx_escape_mode(out, text, true);
	buf_puts(out, "</w:r>");
}

struct docx_para {
	const char *style; /* pStyle or NULL */
	const char *jc;    /* "left", "center", "right", "both" */
	int first_line;    /* first-line indent */
	int left, right;   /* indents */
	int before, after; /* spacing */
	int line;          /* 240 = single; 276 = 1,15 */
	bool exact;        /* line is an exact height */
	bool keep_next;
	bool rule;      /* a bottom border: the rules of Decree 30 */
	int rule_space; /* points between the text and the rule (0: 1 pt) */
};

static void docx_ppr(struct buf *out, const struct docx_para *p, struct docx_font mark)
{
	buf_puts(out, "<w:pPr>");
	if (p->style)
		buf_printf(out, "<w:pStyle w:val=\"%s\"/>", p->style);
	if (p->keep_next)
		buf_puts(out, "<w:keepNext/>");
	if (p->rule)
		buf_printf(out,
		           "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"%d\" "
		           "w:color=\"000000\"/></w:pBdr>",
		           p->rule_space ? p->rule_space : 1);
	buf_printf(out,
	           "<w:spacing w:before=\"%d\" w:after=\"%d\" w:line=\"%d\" w:lineRule=\"%s\"/>",
	           p->before, p->after, p->line ? p->line : 240, p->exact ? "exact" : "auto");
	buf_printf(out, "<w:ind w:left=\"%d\" w:right=\"%d\" w:firstLine=\"%d\"/>", p->left,
	           p->right, p->first_line);
	buf_printf(out, "<w:jc w:val=\"%s\"/>", p->jc ? p->jc : "left");
	docx_rpr(out, mark);
	buf_puts(out, "</w:pPr>");
}

/* A paragraph of one run (none when text is NULL). */
static void docx_para(struct buf *out, const struct docx_para *p, struct docx_font f,
                      const char *text)
{
	buf_puts(out, "<w:p>");
	docx_ppr(out, p, f);
	if (text && text[0])
		docx_run(out, f, text);
	buf_puts(out, "</w:p>");
}

/* A centred rule width long within a space of avail: an empty paragraph 3 pt high whose
 * bottom border is the rule. */
static void docx_rule(struct buf *out, int avail, int width, int after)
{
	if (width > avail)
		width = avail;
	int side = (avail - width) / 2;
	struct docx_para p = {.jc = "center",
	                      .left = side,
	                      .right = side,
	                      .after = after,
	                      .line = 60,
	                      .exact = true,
	                      .rule = true};
	docx_para(out, &p, (struct docx_font){4, false, false}, NULL);
}

/* A spacer: an empty paragraph of height twips. */
static void docx_space(struct buf *out, int height)
{
	struct docx_para p = {.jc = "left", .line = height, .exact = true};
	docx_para(out, &p, (struct docx_font){4, false, false}, NULL);
}

/* Text in upper case (Decree 30: "In hoa"), the text as it is if it cannot be. */
static char *docx_upper(const char *s)
{
	char *u = s ? utf8_upper(s, strlen(s)) : NULL;
	return u ? u : mem_strdup(s ? s : "");
}

/* ---- tables ---- */

static void docx_tbl_open(struct buf *out, int width, const char *jc, bool borders, int cell_margin,
                          const int *cols, size_t n)
{
	buf_puts(out, "<w:tbl><w:tblPr>");
	buf_printf(out, "<w:tblW w:w=\"%d\" w:type=\"dxa\"/>", width);
	buf_printf(out, "<w:jc w:val=\"%s\"/>", jc);
	const char *v = borders ? "single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000" : "nil";
	buf_printf(out,
	           "<w:tblBorders><w:top w:val=\"%s\"/><w:left w:val=\"%s\"/><w:bottom "
	           "w:val=\"%s\"/><w:right w:val=\"%s\"/><w:insideH w:val=\"%s\"/><w:insideV "
	           "w:val=\"%s\"/></w:tblBorders>",
	           v, v, v, v, v, v);
	buf_puts(out, "<w:tblLayout w:type=\"fixed\"/>");
	buf_printf(out,
	           "<w:tblCellMar><w:top w:w=\"%d\" w:type=\"dxa\"/><w:left w:w=\"%d\" "
	           "w:type=\"dxa\"/><w:bottom w:w=\"%d\" w:type=\"dxa\"/><w:right w:w=\"%d\" "
	           "w:type=\"dxa\"/></w:tblCellMar>",
	           borders ? 28 : 0, cell_margin, borders ? 28 : 0, cell_margin);
	buf_puts(out, "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" "
	              "w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>");
	buf_puts(out, "</w:tblPr><w:tblGrid>");
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "<w:gridCol w:w=\"%d\"/>", cols[i]);
	buf_puts(out, "</w:tblGrid>");
}

static void docx_tc_open(struct buf *out, int width, const char *valign)
{
	buf_printf(out,
	           "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/><w:vAlign w:val=\"%s\"/>"
	           "</w:tcPr>",
	           width, valign);
}

static const char *docx_jc(enum doc_align a)
{
	return a == DOC_CENTER ? "center" : a == DOC_RIGHT ? "right" : "left";
}

/* A cell of a bordered table: 12 pt, single spacing. */
static void docx_cell(struct buf *out, int width, enum doc_align a, bool bold, const char *text,
                      const char *valign)
{
	docx_tc_open(out, width, valign);
	struct docx_para p = {.jc = docx_jc(a), .before = 20, .after = 20, .line = 240};
	docx_para(out, &p, (struct docx_font){24, bold, false}, text);
	buf_puts(out, "</w:tc>");
}

/* Column widths in twips from percentages of total; the last column takes the rounding. */
static int *docx_cols(const int *pct, size_t n, int total)
{
	int *w = mem_calloc(n ? n : 1, sizeof *w);
	int used = 0;
	for (size_t i = 0; i < n; i++) {
		w[i] =
		    i + 1 < n ? (int)((long)total * (pct[i] > 0 ? pct[i] : 0) / 100) : total - used;
		if (w[i] < 1)
			w[i] = 1;
		used += w[i];
	}
	return w;
}

static void docx_table(struct buf *out, const struct doc_table *t)
{
	if (t->n_cols == 0)
		return;
	int *w = docx_cols(t->width_pct, t->n_cols, DOCX_TEXT_W);
	docx_tbl_open(out, DOCX_TEXT_W, "center", true, DOCX_CELL_MARGIN, w, t->n_cols);
	buf_puts(out, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
	for (size_t c = 0; c < t->n_cols; c++)
		docx_cell(out, w[c], DOC_CENTER, true, t->head[c], "center");
	buf_puts(out, "</w:tr>");
	for (size_t r = 0; r < t->n_rows; r++) {
		bool bold = t->last_row_total && r + 1 == t->n_rows;
		buf_puts(out, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		for (size_t c = 0; c < t->n_cols; c++)
			docx_cell(out, w[c], t->align[c], bold, t->cells[r * t->n_cols + c], "top");
		buf_puts(out, "</w:tr>");
	}
	buf_puts(out, "</w:tbl>");
	free(w);
	docx_space(out, 120);
}

/* A chart as its data: the title, bold and centred, kept with a two-column table. */
static void docx_chart(struct buf *out, const struct doc_chart *c)
{
	struct docx_para tp = {
	    .jc = "center", .before = 120, .after = 60, .line = 276, .keep_next = true};
	docx_para(out, &tp, (struct docx_font){26, true, false}, c->title);
	if (c->n == 0)
		return;
	const int total = DOCX_TEXT_W * 7 / 10;
	const int cols[2] = {total * 7 / 10, total - total * 7 / 10};
	docx_tbl_open(out, total, "center", true, DOCX_CELL_MARGIN, cols, 2);
	for (size_t i = 0; i < c->n; i++) {
		buf_puts(out, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		docx_cell(out, cols[0], DOC_LEFT, false, c->labels[i], "top");
		docx_cell(out, cols[1], DOC_RIGHT, false, c->texts[i], "top");
		buf_puts(out, "</w:tr>");
	}
	buf_puts(out, "</w:tbl>");
	docx_space(out, 120);
}

/* ---- the parts of the page ---- */

/* The two-column header: issuing body | national name and motto, then number | place, date. */
static void docx_header_block(struct buf *out, const struct doc_header *h)
{
	const int cols[2] = {DOCX_HEAD_LEFT_W, DOCX_HEAD_RIGHT_W};
	struct docx_para c = {.jc = "center", .line = 240};
	docx_tbl_open(out, DOCX_TEXT_W, "left", false, 0, cols, 2);

	buf_puts(out, "<w:tr>");
	docx_tc_open(out, cols[0], "top");
	bool any = false;
	if (docx_set(h->parent_body)) {
		char *u = docx_upper(h->parent_body);
		docx_para(out, &c, (struct docx_font){24, false, false}, u);
		free(u);
		any = true;
	}
	if (docx_set(h->issuing_body)) {
		char *u = docx_upper(h->issuing_body);
		docx_para(out, &c, (struct docx_font){24, true, false}, u);
		int line = docx_estimate(u, 24, true);
		if (line > DOCX_HEAD_LEFT_W)
			line = DOCX_HEAD_LEFT_W;
		int rule = line * 2 / 5;
		docx_rule(out, DOCX_HEAD_LEFT_W, rule < 850 ? 850 : rule, 0);
		free(u);
		any = true;
	}
	if (!any)
		docx_para(out, &c, (struct docx_font){24, false, false}, NULL);
	buf_puts(out, "</w:tc>");
	docx_tc_open(out, cols[1], "top");
	docx_para(out, &c, (struct docx_font){24, true, false},
	          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	/* the motto's paragraph as wide as the motto (and a little air): its border is the rule */
	int side = (DOCX_HEAD_RIGHT_W - DOCX_MOTTO_W - 120) / 2;
	struct docx_para motto = {.jc = "center",
	                          .left = side,
	                          .right = side,
	                          .line = 240,
	                          .rule = true,
	                          .rule_space = 2};
	docx_para(out, &motto, (struct docx_font){26, true, false}, "Độc lập - Tự do - Hạnh phúc");
	buf_puts(out, "</w:tc></w:tr>");

	struct buf when;
	buf_init(&when, 0);
	doc_place_date(h, &when);
	struct docx_para row2 = {.jc = "center", .before = 120, .line = 240};
	buf_puts(out, "<w:tr>");
	docx_tc_open(out, cols[0], "top");
	docx_para(out, &row2, (struct docx_font){26, false, false},
	          docx_set(h->number) ? h->number : NULL);
	buf_puts(out, "</w:tc>");
	docx_tc_open(out, cols[1], "top");
	docx_para(out, &row2, (struct docx_font){26, false, true}, buf_cstr(&when));
	buf_puts(out, "</w:tc></w:tr></w:tbl>");
	buf_finish(&when);
}

/* "BÁO CÁO", the title under it and the title's rule. */
static void docx_title_block(struct buf *out, const struct doc_header *h)
{
	struct docx_para p = {.jc = "center", .before = 360, .line = 240, .keep_next = true};
	if (docx_set(h->doc_type)) {
		char *u = docx_upper(h->doc_type);
		docx_para(out, &p, (struct docx_font){28, true, false}, u);
		free(u);
		p.before = 0;
	}
	if (docx_set(h->title)) {
		docx_para(out, &p, (struct docx_font){28, true, false}, h->title);
		int line = docx_estimate(h->title, 28, false);
		if (line > DOCX_TEXT_W)
			line = DOCX_TEXT_W;
		int rule = line * 2 / 5;
		docx_rule(out, DOCX_TEXT_W, rule < 1134 ? 1134 : rule > 3402 ? 3402 : rule, 240);
	} else {
		docx_space(out,
		           240); /* and a table first in the body stays apart from the header's */
	}
}

static void docx_blocks(struct buf *out, const struct doc *d)
{
	struct docx_para body = {
	    .jc = "both", .first_line = DOCX_INDENT, .after = 120, .line = 276};
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		/* a text that introduces a table ("… như sau:") stays on its page */
		body.keep_next = i + 1 < d->n_blocks && (d->blocks[i + 1].kind == DOC_TABLE ||
		                                         d->blocks[i + 1].kind == DOC_CHART);
		switch (b->kind) {
		case DOC_HEADING: {
			struct docx_para hp = body;
			hp.style = b->level == 1 ? "Heading1" : "Heading2";
			hp.keep_next = true;
			hp.before = b->level == 1 ? 120 : 60;
			if (b->level == 1) {
				char *u = docx_upper(b->text);
				docx_para(out, &hp, (struct docx_font){28, true, false}, u);
				free(u);
			} else {
				docx_para(out, &hp, (struct docx_font){28, true, false}, b->text);
			}
			break;
		}
		case DOC_PARAGRAPH:
			docx_para(out, &body, docx_body, b->text);
			break;
		case DOC_BULLET: {
			struct buf t;
			buf_init(&t, 0);
			buf_puts(&t, "- ");
			buf_puts(&t, b->text ? b->text : "");
			docx_para(out, &body, docx_body, buf_cstr(&t));
			buf_finish(&t);
			break;
		}
		case DOC_TABLE:
			docx_table(out, &b->table);
			break;
		case DOC_CHART:
			docx_chart(out, &b->chart);
			break;
		case DOC_PAGE_BREAK:
			/* a paragraph 1 pt high holding the break, so the next page starts
			 * with the next block rather than an empty line */
			buf_puts(out,
			         "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" "
			         "w:line=\"20\" w:lineRule=\"exact\"/><w:rPr><w:sz w:val=\"2\"/>"
			         "<w:szCs w:val=\"2\"/></w:rPr></w:pPr><w:r><w:rPr><w:sz "
			         "w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr><w:br "
			         "w:type=\"page\"/></w:r></w:p>");
			break;
		}
	}
}

/* A recipient as listed: "- NAME;" (the last "- NAME."), its own ending dropped first. */
static void docx_recipient(struct buf *out, const char *r, bool last)
{
	size_t len = strlen(r);
	while (len &&
	       (r[len - 1] == ';' || r[len - 1] == '.' || r[len - 1] == ',' || r[len - 1] == ' '))
		len--;
	size_t skip = 0;
	if (len >= 2 && r[0] == '-' && r[1] == ' ')
		skip = 2;
	buf_puts(out, "- ");
	buf_append(out, r + skip, len - skip);
	buf_putc(out, last ? '.' : ';');
}

/* "Nơi nhận:" and its list | the signer's authority, title, three empty lines and name. */
static void docx_signature(struct buf *out, const struct doc_header *h)
{
	const struct doc_header *s = h;
	if (!h->n_recipients && !docx_set(s->signer_authority) && !docx_set(s->signer_title) &&
	    !docx_set(s->signer_name))
		return;
	docx_space(out, 240);
	const int cols[2] = {DOCX_SIGN_LEFT_W, DOCX_SIGN_RIGHT_W};
	docx_tbl_open(out, DOCX_TEXT_W, "left", false, 0, cols, 2);
	buf_puts(out, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
	docx_tc_open(out, cols[0], "top");
	struct docx_para left = {.jc = "left", .line = 240};
	if (h->n_recipients) {
		docx_para(out, &left, (struct docx_font){24, true, true}, "Nơi nhận:");
		struct buf line;
		buf_init(&line, 0);
		for (size_t i = 0; i < h->n_recipients; i++) {
			buf_reset(&line);
			docx_recipient(&line, h->recipients[i] ? h->recipients[i] : "",
			               i + 1 == h->n_recipients);
			docx_para(out, &left, (struct docx_font){22, false, false},
			          buf_cstr(&line));
		}
		buf_finish(&line);
	} else {
		docx_para(out, &left, (struct docx_font){24, false, false}, NULL);
	}
	buf_puts(out, "</w:tc>");
	docx_tc_open(out, cols[1], "top");
	struct docx_para right = {.jc = "center", .line = 240, .keep_next = true};
	const struct docx_font big = {28, true, false};
	bool any = false;
	if (docx_set(s->signer_authority)) {
		char *u = docx_upper(s->signer_authority);
		docx_para(out, &right, big, u);
		free(u);
		any = true;
	}
	if (docx_set(s->signer_title)) {
		char *u = docx_upper(s->signer_title);
		docx_para(out, &right, big, u);
		free(u);
		any = true;
	}
	if (any || docx_set(s->signer_name))
		for (int i = 0; i < LAYOUT_SIGN_LINES; i++) /* the room for the signature and the seal */
			docx_para(out, &right, big, NULL);
	if (docx_set(s->signer_name)) {
		docx_para(out, &right, big, s->signer_name);
		any = true;
	}
	if (!any)
		docx_para(out, &right, big, NULL);
	buf_puts(out, "</w:tc></w:tr></w:tbl>");
	docx_space(out, 20); /* the body ends with a paragraph, as Word expects */
}

static void docx_document(struct buf *out, const struct doc *d)
{
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out, "<w:document xmlns:w=\"" DOCX_W_NS "\" xmlns:r=\"" DOCX_R_NS "\"><w:body>");
	docx_header_block(out, &d->header);
	docx_title_block(out, &d->header);
	docx_blocks(out, d);
	docx_signature(out, &d->header);
	buf_printf(out,
	           "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/>"
	           "<w:headerReference w:type=\"first\" r:id=\"rId4\"/>"
	           "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
	           "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
	           "w:header=\"%d\" w:footer=\"%d\" w:gutter=\"0\"/>"
	           "<w:pgNumType w:start=\"1\"/><w:cols w:space=\"720\"/><w:titlePg/>"
	           "<w:docGrid w:linePitch=\"360\"/></w:sectPr>",
	           DOCX_PAGE_W, DOCX_PAGE_H, DOCX_MARGIN_TOP, DOCX_MARGIN_RIGHT, DOCX_MARGIN_BOTTOM,
	           DOCX_MARGIN_LEFT, DOCX_HEADER_DIST, DOCX_HEADER_DIST);
	buf_puts(out, "</w:body></w:document>");
}

static void docx_styles(struct buf *out)
{
	static const char *const fonts =
	    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	    "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>";
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out, "<w:styles xmlns:w=\"" DOCX_W_NS "\">");
	buf_printf(out,
	           "<w:docDefaults><w:rPrDefault><w:rPr>%s<w:color w:val=\"000000\"/>"
	           "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"
	           "<w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/></w:rPr>"
	           "</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" "
	           "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
	           fonts);
	buf_printf(out,
	           "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	           "<w:name w:val=\"Normal\"/><w:qFormat/><w:rPr>%s</w:rPr></w:style>",
	           fonts);
	buf_puts(out,
	         "<w:style w:type=\"character\" w:default=\"1\" "
	         "w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/>"
	         "<w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>");
	buf_puts(out, "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
	              "<w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" "
	              "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left "
	              "w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right "
	              "w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
	for (int level = 1; level <= 2; level++)
		buf_printf(out,
		           "<w:style w:type=\"paragraph\" w:styleId=\"Heading%d\">"
		           "<w:name w:val=\"heading %d\"/><w:basedOn w:val=\"Normal\"/>"
		           "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
		           "<w:outlineLvl w:val=\"%d\"/></w:pPr><w:rPr>%s<w:b/><w:bCs/>"
		           "<w:color w:val=\"000000\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"
		           "</w:rPr></w:style>",
		           level, level, level - 1, fonts);
	buf_printf(out,
	           "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/>"
	           "<w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
	           "<w:rPr>%s<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>",
	           fonts);
	buf_puts(out, "</w:styles>");
}

static void docx_settings(struct buf *out)
{
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out, "<w:settings xmlns:w=\"" DOCX_W_NS "\">"
	              "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>"
	              "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
	              "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	              "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
	              "<w:themeFontLang w:val=\"vi-VN\"/>"
	              "<w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/>"
	              "</w:settings>");
}

/* The page number, centred in the top margin (page 1 takes the empty first-page header). */
static void docx_header_part(struct buf *out, bool number)
{
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out, "<w:hdr xmlns:w=\"" DOCX_W_NS "\" xmlns:r=\"" DOCX_R_NS "\">");
	buf_puts(out, "<w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:jc w:val=\"center\"/></w:pPr>");
	if (number) {
		static const char rpr[] =
		    "<w:rPr><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>";
		buf_printf(out,
		           "<w:r>%s<w:fldChar w:fldCharType=\"begin\"/></w:r>"
		           "<w:r>%s<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
		           "<w:r>%s<w:fldChar w:fldCharType=\"separate\"/></w:r>"
		           "<w:r>%s<w:t>2</w:t></w:r>"
		           "<w:r>%s<w:fldChar w:fldCharType=\"end\"/></w:r>",
		           rpr, rpr, rpr, rpr, rpr);
	}
	buf_puts(out, "</w:p></w:hdr>");
}

static void docx_content_types(struct buf *out)
{
	static const char wml[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out,
	         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	         "<Default Extension=\"rels\" "
	         "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
	buf_printf(out,
	           "<Override PartName=\"/word/document.xml\" ContentType=\"%sdocument.main+xml\"/>"
	           "<Override PartName=\"/word/styles.xml\" ContentType=\"%sstyles+xml\"/>"
	           "<Override PartName=\"/word/settings.xml\" ContentType=\"%ssettings+xml\"/>"
	           "<Override PartName=\"/word/header1.xml\" ContentType=\"%sheader+xml\"/>"
	           "<Override PartName=\"/word/header2.xml\" ContentType=\"%sheader+xml\"/>",
	           wml, wml, wml, wml, wml);
	buf_puts(out, "<Override PartName=\"/docProps/core.xml\" "
	              "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	              "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
	              "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	              "</Types>");
}

static void docx_package_rels(struct buf *out)
{
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out,
	         "<Relationships "
	         "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	         "officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	         "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
	         "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	         "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
	         "officeDocument/2006/relationships/extended-properties\" "
	         "Target=\"docProps/app.xml\"/></Relationships>");
}

static void docx_document_rels(struct buf *out)
{
	static const char rel[] =
	    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
	buf_puts(out, DOCX_XML_DECL);
	buf_printf(out,
	           "<Relationships "
	           "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	           "<Relationship Id=\"rId1\" Type=\"%sstyles\" Target=\"styles.xml\"/>"
	           "<Relationship Id=\"rId2\" Type=\"%ssettings\" Target=\"settings.xml\"/>"
	           "<Relationship Id=\"rId3\" Type=\"%sheader\" Target=\"header1.xml\"/>"
	           "<Relationship Id=\"rId4\" Type=\"%sheader\" Target=\"header2.xml\"/>"
	           "</Relationships>",
	           rel, rel, rel, rel);
}

static void docx_core(struct buf *out, const struct doc *d)
{
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out, "<cp:coreProperties "
	              "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
	              "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	              "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
	              "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
	              "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
	if (docx_set(d->header.title)) {
		buf_puts(out, "<dc:title>");
		docx_escape(out, d->header.title);
		buf_puts(out, "</dc:title>");
	}
	buf_puts(out, "<dc:creator>");
	docx_escape(out, docx_set(d->header.issuing_body) ? d->header.issuing_body : "dxtrack");
	buf_puts(out, "</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>");
}

static void docx_app(struct buf *out)
{
	buf_puts(out, DOCX_XML_DECL);
	buf_puts(out, "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	              "extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/"
	              "officeDocument/2006/docPropsVTypes\"><Application>dxtrack</Application>"
	              "<DocSecurity>0</DocSecurity></Properties>");
}

/* ---- the package ---- */

enum { DOCX_PARTS = 11 };

static void docx_fail(char *why, size_t why_size, const char *what, zip_error_t *ze)
{
	if (why && why_size)
		snprintf(why, why_size, "docx: %s: %s", what,
		         ze ? zip_error_strerror(ze) : "failed");
}

int docx_write(const struct doc *d, struct buf *out, char *why, size_t why_size)
{
	static const char *const names[DOCX_PARTS] = {"[Content_Types].xml",
	                                              "_rels/.rels",
	                                              "docProps/core.xml",
	                                              "docProps/app.xml",
	                                              "word/document.xml",
	                                              "word/styles.xml",
	                                              "word/settings.xml",
	                                              "word/header1.xml",
	                                              "word/header2.xml",
	                                              "word/_rels/document.xml.rels",
	                                              NULL};
	struct buf parts[DOCX_PARTS];
	for (size_t i = 0; i < DOCX_PARTS; i++)
		buf_init(&parts[i], 0);
	docx_content_types(&parts[0]);
	docx_package_rels(&parts[1]);
	docx_core(&parts[2], d);
	docx_app(&parts[3]);
	docx_document(&parts[4], d);
	docx_styles(&parts[5]);
	docx_settings(&parts[6]);
	docx_header_part(&parts[7], true);
	docx_header_part(&parts[8], false);
	docx_document_rels(&parts[9]);

	int rc = -1;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_t *za = NULL;
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src) {
		docx_fail(why, why_size, "cannot make the archive buffer", &ze);
		goto done;
	}
	za = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	if (!za) {
		docx_fail(why, why_size, "cannot open the archive", &ze);
		zip_source_free(src);
		src = NULL;
		goto done;
	}
	zip_source_keep(src); /* ours after zip_close, to read the archive back */
	for (size_t i = 0; names[i]; i++) {
		zip_source_t *s =
		    zip_source_buffer(za, parts[i].data ? parts[i].data : "", parts[i].len, 0);
		zip_int64_t idx = s ? zip_file_add(za, names[i], s, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			if (s)
				zip_source_free(s);
			docx_fail(why, why_size, names[i], zip_get_error(za));
			zip_discard(za);
			za = NULL;
			goto done;
		}
		zip_uint64_t u = (zip_uint64_t)idx;
		if (zip_file_set_dostime(za, u, 0 /* 00:00:00 */, (0 << 9) | (1 << 5) | 1, 0) < 0 ||
		    zip_file_set_external_attributes(za, u, 0, ZIP_OPSYS_UNIX, 0100644u << 16) <
		        0 ||
		    zip_set_file_compression(za, u, ZIP_CM_DEFLATE, 6) < 0) {
			docx_fail(why, why_size, names[i], zip_get_error(za));
			zip_discard(za);
			za = NULL;
			goto done;
		}
	}
	if (zip_close(za) < 0) {
		docx_fail(why, why_size, "cannot write the archive", zip_get_error(za));
		zip_discard(za);
		za = NULL;
		goto done;
	}
	za = NULL;
	if (zip_source_open(src) < 0) {
		docx_fail(why, why_size, "cannot read the archive back", zip_source_error(src));
		goto done;
	}
	struct buf bytes; /* appended to out whole or not at all */
	buf_init(&bytes, out->limit);
	char chunk[16384];
	zip_int64_t n;
	while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		if (buf_append(&bytes, chunk, (size_t)n) < 0)
			break;
	if (n < 0)
		docx_fail(why, why_size, "cannot read the archive back", zip_source_error(src));
	else if (n > 0 || buf_append(out, bytes.data ? bytes.data : "", bytes.len) < 0)
		snprintf(why ? why : chunk, why ? why_size : sizeof chunk,
		         "docx: the document is larger than allowed");
	else
		rc = 0;
	buf_finish(&bytes);
	zip_source_close(src);
done:
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	for (size_t i = 0; i < DOCX_PARTS; i++)
		buf_finish(&parts[i]);
	return rc;
}
