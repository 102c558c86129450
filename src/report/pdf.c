/* pdf.c — a document as PDF with cairo and pango (see pdf.h).
 *
 * Geometry, in PDF points (1/72 in; the cairo PDF surface's user unit), y growing downwards.
 * The arrangement, sizes and spacings are docx.c's, so that both formats of a report look alike:
 *   the page is A4 portrait, the text area lies inside margins of 20 mm (top, bottom), 30 mm
 *   (left) and 15 mm (right), 165 mm wide;
 *   the header is two columns (7 cm | the rest): issuing body | national name and motto, each
 *   with its rule, then "Số: …" | place and date; then the type and title centred with a short
 *   rule; the parent and issuing bodies, the type, level-1 headings and the signer's authority
 *   and title are set in upper case (Decree 30: "In hoa");
 *   the body flows line by line: a paragraph may break between two of its lines, a table between
 *   two rows (its header row drawn again on the new page), a chart between two bars; a heading
 *   moves to the next page when the first line of what follows it would not fit;
 *   the signature block (8 cm | the rest) is kept whole on one page;
 *   page numbers from 2 on are centred in the top margin, 1 cm from the edge.
 * Lines of the body are PDF_LINE times the font's line height (Word's "1.15 lines"); the header,
 * table cells and the signature block are single-spaced.
 *
 * The output depends only on the document: the PDF dates are the document's date, the rest of
 * what cairo writes (object order, font subset tags) follows from the drawing, which follows
 * from the document. Each document gets its own pango font map, context, font descriptions
 * and layouts (about 5 ms): nothing is left behind in the calling thread, and no state of an
 * earlier document can reach the bytes of the next.
 */
#include "pdf.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "../lib/mem.h"
#include "../text/utf8.h"
#include "layout.h"

#define PDF_MM (72.0 / LAYOUT_MM_PER_INCH)
#define PDF_PAGE_W (LAYOUT_PAGE_W_MM * PDF_MM) /* 595,276 */
#define PDF_PAGE_H (LAYOUT_PAGE_H_MM * PDF_MM) /* 841,89 */
#define PDF_TOP (LAYOUT_MARGIN_TOP_MM * PDF_MM)
#define PDF_BOTTOM (LAYOUT_MARGIN_BOTTOM_MM * PDF_MM)
#define PDF_LEFT (LAYOUT_MARGIN_LEFT_MM * PDF_MM)
#define PDF_RIGHT (LAYOUT_MARGIN_RIGHT_MM * PDF_MM)
#define PDF_TEXT_W (PDF_PAGE_W - PDF_LEFT - PDF_RIGHT)
#define PDF_LIMIT (PDF_PAGE_H - PDF_BOTTOM) /* no text below this */

#define PDF_FAMILY "Liberation Serif"
#define PDF_LINE 1.15 /* body line spacing */
#define PDF_AFTER 6.0 /* space after a body paragraph */
#define PDF_INDENT                                                                                 \
	(LAYOUT_INDENT_MM * PDF_MM) /* first-line indent of body paragraphs and headings */
#define PDF_RULE_W 0.6              /* the header's and title's rules */
#define PDF_RULE_SHORT 0.4          /* a short rule: 1/3 to 1/2 of its line (Decree 30) */
#define PDF_HEAD_LEFT (LAYOUT_HEAD_LEFT_MM * PDF_MM) /* the header's left column */
#define PDF_SIG_LEFT                                                                               \
	(LAYOUT_SIGN_LEFT_MM * PDF_MM)  /* the signature block's left column ("Nơi nhận:") */
#define PDF_SIG_LINES LAYOUT_SIGN_LINES /* empty lines for the signature and seal */
#define PDF_PAGE_NO_TOP (LAYOUT_PAGE_NO_TOP_MM * PDF_MM) /* the page number's top */
#define PDF_CELL_PAD_X (LAYOUT_CELL_PAD_MM * PDF_MM)     /* 0,15 cm */
#define PDF_CELL_PAD_Y 2.4
#define PDF_BORDER_W 0.5
#define PDF_BAR_H 10.0
#define PDF_BAR_GAP 6.0
#define PDF_UNDATED ((struct date){2000, 1, 1}) /* the PDF dates of an undated document */

enum pdf_style {
	PDF_S11,   /* recipients */
	PDF_S12,   /* parent body, table cells, chart texts */
	PDF_S12B,  /* issuing body, national name, table header */
	PDF_S12BI, /* "Nơi nhận:" */
	PDF_S13,   /* number */
	PDF_S13B,  /* motto, chart title */
	PDF_S13I,  /* place and date */
	PDF_S14,   /* body, page numbers */
	PDF_S14B,  /* type, title, headings, signer */
	PDF_N_STYLES
};

static const struct {
	double size;
	bool bold, italic;
} pdf_styles[PDF_N_STYLES] = {
    [PDF_S11] = {11, false, false}, [PDF_S12] = {12, false, false}, [PDF_S12B] = {12, true, false},
    [PDF_S12BI] = {12, true, true}, [PDF_S13] = {13, false, false}, [PDF_S13B] = {13, true, false},
    [PDF_S13I] = {13, false, true}, [PDF_S14] = {14, false, false}, [PDF_S14B] = {14, true, false},
};

struct pdf {
	const struct doc *doc;
	struct buf *out;
	bool write_failed;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *ctx;
	PangoFontDescription *font[PDF_N_STYLES];
	double line_h[PDF_N_STYLES]; /* each style's single line height, line gap included */
	PangoLayout *layout;         /* text blocks, the header */
	PangoLayout *num;            /* page numbers (drawn while p->layout is being drawn) */
	PangoLayout **head, **cell;  /* a table's header and current row, one per column */
	size_t n_pool;
	int page;        /* the current page, from 1 */
	double y;        /* where the next thing goes on the current page */
	bool page_empty; /* nothing drawn in the text area of the current page yet */
};

static bool pdf_has(const char *s)
{
	return s && *s;
}

static bool pdf_utf8(const char *s)
{
	return !s || utf8_valid(s, strlen(s), NULL);
}

/* Sets up a layout: style, width in points (0: unbounded), alignment, justification and first
 * line indent, then the text. */
static void pdf_set(struct pdf *p, PangoLayout *l, enum pdf_style s, double width,
                    PangoAlignment align, bool justify, double indent, const char *text)
{
	pango_layout_set_font_description(l, p->font[s]);
	pango_layout_set_width(l, width > 0 ? pango_units_from_double(width) : -1);
	pango_layout_set_alignment(l, align);
	pango_layout_set_justify(l, justify);
	pango_layout_set_indent(l, pango_units_from_double(indent));
	pango_layout_set_text(l, text ? text : "", -1);
}

/* The logical extents of a layout, in points. */
static void pdf_extents(PangoLayout *l, double *x, double *w, double *h)
{
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	if (x)
		*x = pango_units_to_double(log.x);
	if (w)
		*w = pango_units_to_double(log.width);
	if (h)
		*h = pango_units_to_double(log.height);
}

static void pdf_rule(struct pdf *p, double x0, double x1, double y)
{
	cairo_set_line_width(p->cr, PDF_RULE_W);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* Draws a whole single-spaced layout with its top left corner at (x, y); returns its height. */
static double pdf_show(struct pdf *p, PangoLayout *l, double x, double y)
{
	double h;
	pdf_extents(l, NULL, NULL, &h);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	return h;
}

/* How long a rule under a line of width w is. */
enum pdf_rule_kind {
	PDF_NO_RULE,
	PDF_RULE_ISSUER, /* 2/5 of the line, at least 1,5 cm */
	PDF_RULE_MOTTO,  /* the whole line and 3 pt either side */
	PDF_RULE_TITLE,  /* 2/5 of the line, from 2 to 6 cm */
};

static double pdf_rule_length(enum pdf_rule_kind k, double w, double room)
{
	double len = 0;
	switch (k) {
	case PDF_NO_RULE:
		break;
	case PDF_RULE_ISSUER:
		len = fmax(w * PDF_RULE_SHORT, 15 * PDF_MM);
		break;
	case PDF_RULE_MOTTO:
		len = w + 6;
		break;
	case PDF_RULE_TITLE:
		len = fmin(fmax(w * PDF_RULE_SHORT, 20 * PDF_MM), 60 * PDF_MM);
		break;
	}
	return fmin(len, room);
}

/* Draws text centred in the column [x, x + w] from y; returns the y under it (and its rule). */
static double pdf_centred(struct pdf *p, enum pdf_style s, const char *text, double x, double w,
                          double y, enum pdf_rule_kind rule)
{
	pdf_set(p, p->layout, s, w, PANGO_ALIGN_CENTER, false, 0, text);
	y += pdf_show(p, p->layout, x, y);
	if (rule != PDF_NO_RULE) {
		double tw;
		pdf_extents(p->layout, NULL, &tw, NULL);
		double len = pdf_rule_length(rule, tw, w), mid = x + w / 2;
		y += 2.5;
		pdf_rule(p, mid - len / 2, mid + len / 2, y);
		y += PDF_RULE_W;
	}
	return y;
}

/* Draws text in upper case (Decree 30's "In hoa"), as pdf_centred. */
static double pdf_centred_upper(struct pdf *p, enum pdf_style s, const char *text, double x,
                                double w, double y, enum pdf_rule_kind rule)
{
	char *u = utf8_upper(text, strlen(text));
	y = pdf_centred(p, s, u ? u : text, x, w, y, rule);
	free(u);
	return y;
}

static void pdf_page_number(struct pdf *p)
{
	char num[16];
	snprintf(num, sizeof num, "%d", p->page);
	pdf_set(p, p->num, PDF_S14, PDF_TEXT_W, PANGO_ALIGN_CENTER, false, 0, num);
	pdf_show(p, p->num, PDF_LEFT, PDF_PAGE_NO_TOP);
}

static void pdf_new_page(struct pdf *p)
{
	cairo_show_page(p->cr);
	p->page++;
	p->y = PDF_TOP;
	p->page_empty = true;
	pdf_page_number(p);
}

/* Starts a new page unless h more points fit on this one (or nothing is on it yet). */
static void pdf_need(struct pdf *p, double h)
{
	if (p->y + h > PDF_LIMIT && !p->page_empty)
		pdf_new_page(p);
}

/* ---- the header ------------------------------------------------------------------------- */

static void pdf_header(struct pdf *p)
{
	const struct doc_header *h = &p->doc->header;
	double lw = PDF_HEAD_LEFT, rw = PDF_TEXT_W - lw;
	double lx = PDF_LEFT, rx = PDF_LEFT + lw;
	double ly = PDF_TOP, ry = PDF_TOP;

	if (pdf_has(h->parent_body))
		ly = pdf_centred_upper(p, PDF_S12, h->parent_body, lx, lw, ly, PDF_NO_RULE);
	if (pdf_has(h->issuing_body))
		ly = pdf_centred_upper(p, PDF_S12B, h->issuing_body, lx, lw, ly, PDF_RULE_ISSUER);
	ry =
	    pdf_centred(p, PDF_S12B, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rx, rw, ry, PDF_NO_RULE);
	ry = pdf_centred(p, PDF_S13B, "Độc lập - Tự do - Hạnh phúc", rx, rw, ry, PDF_RULE_MOTTO);

	double y = (ly > ry ? ly : ry) + 6;
	ly = ry = y;
	if (pdf_has(h->number))
		ly = pdf_centred(p, PDF_S13, h->number, lx, lw, y, PDF_NO_RULE);
	struct buf date;
	buf_init(&date, 0);
	doc_place_date(h, &date);
	if (date.len)
		ry = pdf_centred(p, PDF_S13I, buf_cstr(&date), rx, rw, y, PDF_NO_RULE);
	buf_finish(&date);
	y = (ly > ry ? ly : ry) + 18;

	if (pdf_has(h->doc_type))
		y = pdf_centred_upper(p, PDF_S14B, h->doc_type, PDF_LEFT, PDF_TEXT_W, y,
		                      PDF_NO_RULE);
	if (pdf_has(h->title))
		y = pdf_centred(p, PDF_S14B, h->title, PDF_LEFT, PDF_TEXT_W, y, PDF_RULE_TITLE);
	p->y = y + 12;
	p->page_empty = false;
}

/* ---- text blocks ------------------------------------------------------------------------ */

/* Lays out a heading, paragraph or bullet in p->layout; returns its style. */
static enum pdf_style pdf_text_layout(struct pdf *p, const struct doc_block *b, struct buf *tmp)
{
	const char *text = b->text ? b->text : "";
	switch (b->kind) {
	case DOC_HEADING:
		if (b->level == 1) { /* upper case */
			char *u = utf8_upper(text, strlen(text));
			buf_reset(tmp);
			buf_puts(tmp, u ? u : text);
			free(u);
			text = buf_cstr(tmp);
		}
		pdf_set(p, p->layout, PDF_S14B, PDF_TEXT_W, PANGO_ALIGN_LEFT, true, PDF_INDENT,
		        text);
		return PDF_S14B;
	case DOC_BULLET:
		buf_reset(tmp);
		buf_puts(tmp, "- ");
		buf_puts(tmp, text);
		text = buf_cstr(tmp);
		break;
	default:
		break;
	}
	pdf_set(p, p->layout, PDF_S14, PDF_TEXT_W, PANGO_ALIGN_LEFT, true, PDF_INDENT, text);
	return PDF_S14;
}

/* Draws p->layout (in style s) line by line from the cursor, each line PDF_LINE times the
 * style's line height, breaking the page between lines. */
static void pdf_flow(struct pdf *p, enum pdf_style s)
{
	PangoLayoutIter *it = pango_layout_get_iter(p->layout);
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		double base = pango_units_to_double(pango_layout_iter_get_baseline(it));
		double top = pango_units_to_double(log.y), h = pango_units_to_double(log.height);
		pdf_need(p, h);
		cairo_move_to(p->cr, PDF_LEFT + pango_units_to_double(log.x), p->y + base - top);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += p->line_h[s] * PDF_LINE;
		p->page_empty = false;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* ---- tables ----------------------------------------------------------------------------- */

static void pdf_pool(struct pdf *p, size_t n)
{
	if (n <= p->n_pool)
		return;
	p->head = mem_realloc(p->head, n * sizeof *p->head);
	p->cell = mem_realloc(p->cell, n * sizeof *p->cell);
	for (size_t i = p->n_pool; i < n; i++) {
		p->head[i] = pango_layout_new(p->ctx);
		p->cell[i] = pango_layout_new(p->ctx);
		pango_layout_set_wrap(p->head[i], PANGO_WRAP_WORD_CHAR);
		pango_layout_set_wrap(p->cell[i], PANGO_WRAP_WORD_CHAR);
	}
	p->n_pool = n;
}

struct pdf_cols {
	size_t n;
	double *x, *w; /* each column's left edge and width */
};

/* Column widths as docx.c's: each its percentage of the text width, the last one the rest (all
 * equal without percentages). */
static void pdf_cols_init(struct pdf_cols *c, const struct doc_table *t)
{
	c->n = t->n_cols;
	c->x = mem_calloc(c->n, sizeof *c->x);
	c->w = mem_calloc(c->n, sizeof *c->w);
	double x = PDF_LEFT;
	for (size_t i = 0; i < c->n; i++) {
		double pct = !t->width_pct         ? 100.0 / (double)c->n
		             : t->width_pct[i] > 0 ? t->width_pct[i]
		                                   : 0;
		c->w[i] = i + 1 < c->n ? PDF_TEXT_W * pct / 100 : PDF_LEFT + PDF_TEXT_W - x;
		if (c->w[i] < 1)
			c->w[i] = 1;
		c->x[i] = x;
		x += c->w[i];
	}
}

static void pdf_cols_finish(struct pdf_cols *c)
{
	free(c->x);
	free(c->w);
}

static PangoAlignment pdf_align(enum doc_align a)
{
	return a == DOC_CENTER  ? PANGO_ALIGN_CENTER
	       : a == DOC_RIGHT ? PANGO_ALIGN_RIGHT
	                        : PANGO_ALIGN_LEFT;
}

static double pdf_cell_width(const struct pdf_cols *c, size_t i)
{
	double w = c->w[i] - 2 * PDF_CELL_PAD_X;
	return w > 1 ? w : 1;
}

/* Lays out the header row in p->head; returns its height. */
static double pdf_table_head(struct pdf *p, const struct doc_table *t, const struct pdf_cols *c)
{
	double hmax = 0;
	for (size_t i = 0; i < c->n; i++) {
		double h;
		pdf_set(p, p->head[i], PDF_S12B, pdf_cell_width(c, i), PANGO_ALIGN_CENTER, false, 0,
		        t->head ? t->head[i] : "");
		pdf_extents(p->head[i], NULL, NULL, &h);
		if (h > hmax)
			hmax = h;
	}
	return hmax + 2 * PDF_CELL_PAD_Y;
}

/* Lays out row r in p->cell; returns its height. */
static double pdf_table_row(struct pdf *p, const struct doc_table *t, const struct pdf_cols *c,
                            size_t r)
{
	bool bold = t->last_row_total && r + 1 == t->n_rows;
	double hmax = 0;
	for (size_t i = 0; i < c->n; i++) {
		double h;
		pdf_set(p, p->cell[i], bold ? PDF_S12B : PDF_S12, pdf_cell_width(c, i),
		        pdf_align(t->align ? t->align[i] : DOC_LEFT), false, 0,
		        t->cells[r * t->n_cols + i]);
		pdf_extents(p->cell[i], NULL, NULL, &h);
		if (h > hmax)
			hmax = h;
	}
	return hmax + 2 * PDF_CELL_PAD_Y;
}

/* Draws the laid-out row (layouts ls) of height h at the cursor, with its borders. */
static void pdf_table_draw(struct pdf *p, PangoLayout **ls, const struct pdf_cols *c, double h,
                           bool centre_v)
{
	cairo_set_line_width(p->cr, PDF_BORDER_W);
	for (size_t i = 0; i < c->n; i++)
		cairo_rectangle(p->cr, c->x[i], p->y, c->w[i], h);
	cairo_stroke(p->cr);
	for (size_t i = 0; i < c->n; i++) {
		double th, dy = PDF_CELL_PAD_Y;
		if (centre_v) {
			pdf_extents(ls[i], NULL, NULL, &th);
			dy = (h - th) / 2;
		}
		cairo_move_to(p->cr, c->x[i] + PDF_CELL_PAD_X, p->y + dy);
		pango_cairo_show_layout(p->cr, ls[i]);
	}
	p->y += h;
	p->page_empty = false;
}

static void pdf_table(struct pdf *p, const struct doc_table *t)
{
	if (t->n_cols == 0)
		return;
	struct pdf_cols c;
	pdf_cols_init(&c, t);
	pdf_pool(p, t->n_cols);
	double head_h = pdf_table_head(p, t, &c);
	double row_h = t->n_rows ? pdf_table_row(p, t, &c, 0) : 0;
	pdf_need(p, head_h + row_h);
	pdf_table_draw(p, p->head, &c, head_h, true);
	for (size_t r = 0; r < t->n_rows; r++) {
		if (r > 0)
			row_h = pdf_table_row(p, t, &c, r);
		if (p->y + row_h > PDF_LIMIT) {
			/* a row taller than a page runs past the bottom of a fresh one */
			pdf_new_page(p);
			pdf_table_draw(p, p->head, &c, head_h, true);
		}
		pdf_table_draw(p, p->cell, &c, row_h, false);
	}
	p->y += PDF_AFTER;
	pdf_cols_finish(&c);
}

/* ---- charts ----------------------------------------------------------------------------- */

#define PDF_CHART_LABEL 0.38 /* the label column, of the text width */

/* Lays out the chart's title in p->layout; returns its height with the space under it (0 for
 * no title). */
static double pdf_chart_title(struct pdf *p, const struct doc_chart *ch)
{
	double h;
	if (!pdf_has(ch->title))
		return 0;
	pdf_set(p, p->layout, PDF_S13B, PDF_TEXT_W, PANGO_ALIGN_CENTER, false, 0, ch->title);
	pdf_extents(p->layout, NULL, NULL, &h);
	return h + 3;
}

/* Lays out bar i's label in p->cell[0] and value text in p->cell[1]; returns the row's height. */
static double pdf_chart_row(struct pdf *p, const struct doc_chart *ch, size_t i)
{
	double lh, th;
	pdf_set(p, p->cell[0], PDF_S12, PDF_TEXT_W * PDF_CHART_LABEL, PANGO_ALIGN_LEFT, false, 0,
	        ch->labels[i]);
	pdf_set(p, p->cell[1], PDF_S12, 0, PANGO_ALIGN_LEFT, false, 0, ch->texts[i]);
	pdf_extents(p->cell[0], NULL, NULL, &lh);
	pdf_extents(p->cell[1], NULL, NULL, &th);
	double h = lh > th ? lh : th;
	return (h > PDF_BAR_H ? h : PDF_BAR_H) + 4;
}

static double pdf_chart_value(double v)
{
	return isfinite(v) && v > 0 ? v : 0;
}

static void pdf_chart(struct pdf *p, const struct doc_chart *ch)
{
	pdf_pool(p, 2);
	double max = 0, text_w = 0;
	for (size_t i = 0; i < ch->n; i++) {
		double w, v = pdf_chart_value(ch->values[i]);
		if (v > max)
			max = v;
		pdf_set(p, p->cell[1], PDF_S12, 0, PANGO_ALIGN_LEFT, false, 0, ch->texts[i]);
		pdf_extents(p->cell[1], NULL, &w, NULL);
		if (w > text_w)
			text_w = w;
	}
	double label_w = PDF_TEXT_W * PDF_CHART_LABEL;
	double x0 = PDF_LEFT + label_w + PDF_BAR_GAP;
	double full = PDF_LEFT + PDF_TEXT_W - x0 - PDF_BAR_GAP - text_w;
	if (full < 20)
		full = 20;

	/* the whole chart on one page when it fits on one, else at least the title and a bar */
	if (!p->page_empty)
		p->y += 6; /* space before */
	double title_h = pdf_chart_title(p, ch), total = title_h;
	for (size_t i = 0; i < ch->n; i++)
		total += pdf_chart_row(p, ch, i);
	double first = title_h + (ch->n ? pdf_chart_row(p, ch, 0) : 0);
	pdf_need(p, total <= PDF_LIMIT - PDF_TOP ? total : first);
	if (title_h > 0) {
		pdf_chart_title(p, ch);
		pdf_show(p, p->layout, PDF_LEFT, p->y);
		p->y += title_h;
		p->page_empty = false;
	}
	for (size_t i = 0; i < ch->n; i++) {
		double h = pdf_chart_row(p, ch, i);
		if (p->y + h > PDF_LIMIT)
			pdf_new_page(p);
		double th, mid = p->y + (h - 4) / 2;
		pdf_show(p, p->cell[0], PDF_LEFT, p->y);
		double len = max > 0 ? full * pdf_chart_value(ch->values[i]) / max : 0;
		cairo_set_source_rgb(p->cr, 0x0b / 255.0, 0x57 / 255.0, 0xa4 / 255.0);
		cairo_rectangle(p->cr, x0, mid - PDF_BAR_H / 2, len, PDF_BAR_H);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4); /* the axis */
		cairo_set_line_width(p->cr, PDF_BORDER_W);
		cairo_move_to(p->cr, x0, p->y);
		cairo_line_to(p->cr, x0, p->y + h);
		cairo_stroke(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		pdf_extents(p->cell[1], NULL, NULL, &th);
		pdf_show(p, p->cell[1], x0 + len + PDF_BAR_GAP / 2, mid - th / 2);
		p->y += h;
		p->page_empty = false;
	}
	p->y += PDF_AFTER;
}

/* ---- the body --------------------------------------------------------------------------- */

/* The space above a heading (none at the top of a page). */
static double pdf_heading_before(const struct doc_block *b)
{
	return b->level == 1 ? 6 : 3;
}

/* How much of the blocks from i on must fit on the page of the heading before them: the first
 * line of a paragraph, a table's header and first row, a chart's title and first bar, or a
 * heading whole with what must follow it (so that headings in a row stay together, as Word's
 * "keep with next" does). Leaves p->layout and the pools laid out with other things. */
static double pdf_keep_height(struct pdf *p, size_t i, struct buf *tmp)
{
	const struct doc *d = p->doc;
	if (i >= d->n_blocks)
		return 0;
	const struct doc_block *b = &d->blocks[i];
	switch (b->kind) {
	case DOC_HEADING: {
		pdf_text_layout(p, b, tmp);
		double lines = pango_layout_get_line_count(p->layout);
		return pdf_heading_before(b) + lines * p->line_h[PDF_S14B] * PDF_LINE + PDF_AFTER +
		       pdf_keep_height(p, i + 1, tmp);
	}
	case DOC_PARAGRAPH:
	case DOC_BULLET:
		return p->line_h[PDF_S14] * PDF_LINE;
	case DOC_TABLE: {
		if (b->table.n_cols == 0)
			return 0;
		struct pdf_cols c;
		pdf_cols_init(&c, &b->table);
		pdf_pool(p, b->table.n_cols);
		double h = pdf_table_head(p, &b->table, &c);
		if (b->table.n_rows)
			h += pdf_table_row(p, &b->table, &c, 0);
		pdf_cols_finish(&c);
		return h;
	}
	case DOC_CHART:
		pdf_pool(p, 2);
		return 6 + pdf_chart_title(p, &b->chart) +
		       (b->chart.n ? pdf_chart_row(p, &b->chart, 0) : 0);
	case DOC_PAGE_BREAK:
		break;
	}
	return 0;
}

static void pdf_body(struct pdf *p)
{
	const struct doc *d = p->doc;
	struct buf tmp;
	buf_init(&tmp, 0);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		switch (b->kind) {
		case DOC_HEADING: {
			double next = pdf_keep_height(p, i + 1, &tmp);
			if (!p->page_empty)
				p->y += pdf_heading_before(b);
			pdf_text_layout(p, b, &tmp);
			double lines = pango_layout_get_line_count(p->layout);
			pdf_need(p, lines * p->line_h[PDF_S14B] * PDF_LINE + PDF_AFTER + next);
			pdf_flow(p, PDF_S14B);
			p->y += PDF_AFTER;
			break;
		}
		case DOC_PARAGRAPH:
		case DOC_BULLET:
			pdf_flow(p, pdf_text_layout(p, b, &tmp));
			p->y += PDF_AFTER;
			break;
		case DOC_TABLE:
			pdf_table(p, &b->table);
			break;
		case DOC_CHART:
			pdf_chart(p, &b->chart);
			break;
		case DOC_PAGE_BREAK:
			if (!p->page_empty)
				pdf_new_page(p);
			break;
		}
	}
	buf_finish(&tmp);
}

/* ---- the signature block ---------------------------------------------------------------- */

/* Lays out the recipients ("Nơi nhận:" and its "- …;" lines) in p->cell[0] and p->cell[1]. */
static void pdf_recipients(struct pdf *p, double w, struct buf *list)
{
	const struct doc_header *h = &p->doc->header;
	for (size_t i = 0; i < h->n_recipients; i++) {
		const char *r = h->recipients[i] ? h->recipients[i] : "";
		size_t n = strlen(r);
		while (n &&
		       (r[n - 1] == ';' || r[n - 1] == '.' || r[n - 1] == ',' || r[n - 1] == ' '))
			n--; /* the list's own punctuation replaces any the line has */
		if (n >= 2 && r[0] == '-' && r[1] == ' ') {
			r += 2;
			n -= 2;
		}
		if (i)
			buf_putc(list, '\n');
		buf_puts(list, "- ");
		buf_append(list, r, n);
		buf_putc(list, i + 1 == h->n_recipients ? '.' : ';');
	}
	pdf_set(p, p->cell[0], PDF_S12BI, w, PANGO_ALIGN_LEFT, false, 0, "Nơi nhận:");
	pdf_set(p, p->cell[1], PDF_S11, w, PANGO_ALIGN_LEFT, false, 0, buf_cstr(list));
}

/* Lays out the signer (authority, title | name) in p->layout and p->head[0]; returns the height
 * of the whole right column. */
static double pdf_signer(struct pdf *p, double w, struct buf *text)
{
	const struct doc_header *h = &p->doc->header;
	double top = 0, name = 0;
	if (pdf_has(h->signer_authority)) {
		buf_puts(text, h->signer_authority);
		if (pdf_has(h->signer_title))
			buf_putc(text, '\n');
	}
	if (pdf_has(h->signer_title))
		buf_puts(text, h->signer_title);
	char *u = utf8_upper(buf_cstr(text), text->len);
	if (u) {
		buf_reset(text);
		buf_puts(text, u);
		free(u);
	}
	pdf_set(p, p->layout, PDF_S14B, w, PANGO_ALIGN_CENTER, false, 0, buf_cstr(text));
	if (text->len)
		pdf_extents(p->layout, NULL, NULL, &top);
	pdf_set(p, p->head[0], PDF_S14B, w, PANGO_ALIGN_CENTER, false, 0, h->signer_name);
	if (pdf_has(h->signer_name))
		pdf_extents(p->head[0], NULL, NULL, &name);
	if (top == 0 && name == 0)
		return 0;
	return top + (name > 0 ? PDF_SIG_LINES * p->line_h[PDF_S14B] : 0) + name;
}

static void pdf_signature(struct pdf *p)
{
	const struct doc_header *h = &p->doc->header;
	double lw = PDF_SIG_LEFT, rw = PDF_TEXT_W - lw;
	struct buf list, signer;
	buf_init(&list, 0);
	buf_init(&signer, 0);
	pdf_pool(p, 2);
	pdf_recipients(p, lw, &list);
	double right = pdf_signer(p, rw, &signer), left = 0, nh = 0, lh = 0;
	if (h->n_recipients) {
		pdf_extents(p->cell[0], NULL, NULL, &nh);
		pdf_extents(p->cell[1], NULL, NULL, &lh);
		left = nh + lh;
	}
	double need = left > right ? left : right;
	if (need > 0) {
		p->y += 12;
		pdf_need(p, need);
		if (h->n_recipients) {
			pdf_show(p, p->cell[0], PDF_LEFT, p->y);
			pdf_show(p, p->cell[1], PDF_LEFT, p->y + nh);
		}
		if (right > 0) {
			double top = signer.len ? pdf_show(p, p->layout, PDF_LEFT + lw, p->y) : 0;
			if (pdf_has(h->signer_name))
				pdf_show(p, p->head[0], PDF_LEFT + lw,
				         p->y + top + PDF_SIG_LINES * p->line_h[PDF_S14B]);
		}
		p->y += need;
	}
	buf_finish(&list);
	buf_finish(&signer);
}

/* ---- the document ----------------------------------------------------------------------- */

/* The creation and modification dates: the document's date at midnight in Vietnam (UTC+7).
 *
 * cairo 1.16 writes a date set with cairo_pdf_surface_set_metadata without the "D:" that a PDF
 * date must start with (ISO 32000-1, 7.9.4; cairo's own default date has it): from
 * "2023-12-14T00:00:00+07:00" it writes "(20231214000000+07'00)". pdf_fix_dates rewrites that
 * in place as "(D:20231214000000+07')": the same length, so the cross-reference offsets still
 * hold (the offset's minutes, optional in a PDF date, make room for the "D:"; without seconds
 * instead, poppler misreads the date). A cairo that writes the "D:" itself is left alone. */
static void pdf_set_dates(cairo_surface_t *s, struct date d)
{
	char iso[40];
	snprintf(iso, sizeof iso, "%04d-%02d-%02dT00:00:00+07:00", d.year, d.month, d.day);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
}

static void pdf_fix_dates(struct buf *out, size_t start, struct date d)
{
	static const char *const keys[] = {"/CreationDate ", "/ModDate "};
	char bad[64], good[64];
	for (size_t k = 0; k < 2; k++) {
		int n = snprintf(bad, sizeof bad, "%s(%04d%02d%02d000000+07'00)", keys[k], d.year,
		                 d.month, d.day);
		int m = snprintf(good, sizeof good, "%s(D:%04d%02d%02d000000+07')", keys[k], d.year,
		                 d.month, d.day);
		if (n != m || n <= 0 || (size_t)n >= sizeof bad)
			continue;
		char *at = memmem(out->data + start, out->len - start, bad, (size_t)n);
		if (at)
			memcpy(at, good, (size_t)n);
	}
}

static cairo_status_t pdf_sink(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf *p = closure;
	if (buf_append(p->out, data, len) != 0) {
		p->write_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* The first string of the document that is not valid UTF-8, or NULL. */
static const char *pdf_bad_utf8(const struct doc *d)
{
	const struct doc_header *h = &d->header;
	const char *head[] = {h->parent_body, h->issuing_body, h->number,           h->place,
	                      h->doc_type,    h->title,        h->signer_authority, h->signer_title,
	                      h->signer_name};
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		if (!pdf_utf8(head[i]))
			return "the header";
	for (size_t i = 0; i < h->n_recipients; i++)
		if (!pdf_utf8(h->recipients[i]))
			return "a recipient";
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		bool ok = pdf_utf8(b->text);
		const struct doc_table *t = &b->table;
		for (size_t k = 0; ok && b->kind == DOC_TABLE && k < t->n_cols; k++)
			ok = pdf_utf8(t->head[k]);
		for (size_t k = 0; ok && b->kind == DOC_TABLE && k < t->n_cols * t->n_rows; k++)
			ok = pdf_utf8(t->cells[k]);
		const struct doc_chart *c = &b->chart;
		if (ok && b->kind == DOC_CHART)
			ok = pdf_utf8(c->title);
		for (size_t k = 0; ok && b->kind == DOC_CHART && k < c->n; k++)
			ok = pdf_utf8(c->labels[k]) && pdf_utf8(c->texts[k]);
		if (!ok)
			return "the body";
	}
	return NULL;
}

/* Whether fontconfig gives Liberation Serif itself (rather than a substitute) for style s. */
static bool pdf_font_present(struct pdf *p, enum pdf_style s)
{
	PangoFont *font = pango_context_load_font(p->ctx, p->font[s]);
	if (!font)
		return false;
	PangoFontDescription *got = pango_font_describe(font);
	const char *family = pango_font_description_get_family(got);
	bool ok = family && strcasecmp(family, PDF_FAMILY) == 0;
	pango_font_description_free(got);
	g_object_unref(font);
	return ok;
}

static int pdf_setup(struct pdf *p, char *why, size_t why_size)
{
	p->fontmap = pango_cairo_font_map_new();
	p->ctx = pango_font_map_create_context(p->fontmap);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(p->ctx, 72);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	for (int s = 0; s < PDF_N_STYLES; s++) {
		PangoFontDescription *f = pango_font_description_new();
		pango_font_description_set_family_static(f, PDF_FAMILY);
		pango_font_description_set_absolute_size(f, pdf_styles[s].size * PANGO_SCALE);
		pango_font_description_set_weight(f, pdf_styles[s].bold ? PANGO_WEIGHT_BOLD
		                                                        : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(f, pdf_styles[s].italic ? PANGO_STYLE_ITALIC
		                                                         : PANGO_STYLE_NORMAL);
		p->font[s] = f;
		PangoFontMetrics *m = pango_context_get_metrics(p->ctx, f, NULL);
		p->line_h[s] = pango_units_to_double(pango_font_metrics_get_height(m));
		pango_font_metrics_unref(m);
	}
	if (!pdf_font_present(p, PDF_S14) || !pdf_font_present(p, PDF_S14B)) {
		snprintf(why, why_size,
		         "the font " PDF_FAMILY
		         " is not installed: apt-get install fonts-liberation2");
		return -1;
	}
	p->layout = pango_layout_new(p->ctx);
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	p->num = pango_layout_new(p->ctx);
	return 0;
}

static void pdf_cleanup(struct pdf *p)
{
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	for (size_t i = 0; i < p->n_pool; i++) {
		g_object_unref(p->head[i]);
		g_object_unref(p->cell[i]);
	}
	free(p->head);
	free(p->cell);
	if (p->layout)
		g_object_unref(p->layout);
	if (p->num)
		g_object_unref(p->num);
	for (int s = 0; s < PDF_N_STYLES; s++)
		if (p->font[s])
			pango_font_description_free(p->font[s]);
	if (p->ctx)
		g_object_unref(p->ctx);
	if (p->fontmap)
		g_object_unref(p->fontmap);
}

int pdf_write(const struct doc *d, struct buf *out, char *why, size_t why_size)
{
	char spare[1];
	if (!why || !why_size) {
		why = spare;
		why_size = sizeof spare;
	}
	struct pdf p;
	memset(&p, 0, sizeof p);
	p.doc = d;
	p.out = out;
	size_t start = out->len;
	int rc = -1;
	struct date date;

	const char *bad = pdf_bad_utf8(d);
	if (bad) {
		snprintf(why, why_size, "%s holds text that is not valid UTF-8", bad);
		return -1;
	}
	if (pdf_setup(&p, why, why_size) != 0)
		goto done;

	p.surface = cairo_pdf_surface_create_for_stream(pdf_sink, &p, PDF_PAGE_W, PDF_PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
		snprintf(why, why_size, "cairo cannot make a PDF: %s",
		         cairo_status_to_string(cairo_surface_status(p.surface)));
		goto done;
	}
	date = d->header.date;
	if (!date_is_set(date) || !date_valid(date.year, date.month, date.day) || date.year > 9999)
		date = PDF_UNDATED;
	pdf_set_dates(p.surface, date);
	if (pdf_has(d->header.title))
		cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE,
		                               d->header.title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "dxtrack");

	p.cr = cairo_create(p.surface);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.page = 1;
	pdf_header(&p);
	pdf_body(&p);
	pdf_signature(&p);

	cairo_status_t st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	p.cr = NULL;
	cairo_surface_finish(p.surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surface);
	if (p.write_failed)
		snprintf(why, why_size, "the PDF is larger than its buffer may hold");
	else if (st != CAIRO_STATUS_SUCCESS)
		snprintf(why, why_size, "cairo: %s", cairo_status_to_string(st));
	else
		rc = 0;
	if (rc == 0)
		pdf_fix_dates(out, start, date);
done:
	pdf_cleanup(&p);
	if (rc != 0 && out->len > start) {
		out->len = start;
		out->data[start] = '\0';
	}
	return rc;
}
