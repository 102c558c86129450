/* doc.h — an official document (văn bản hành chính) as data: the Decree 30/2020 header and
 * signature elements, and a body of blocks. One model, three renderers (report/docx.h,
 * report/pdf.h, and the pages), and one frozen form: the snapshot JSON a submitted report keeps,
 * from which every format regenerates byte for byte.
 *
 * Text is UTF-8 NFC. The model knows nothing of tasks or DTI: app/report_build.c fills it from
 * the live data through a template (report/template.h).
 */
#ifndef DXTRACK_DOC_H
#define DXTRACK_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../core/date.h"
#include "../lib/buf.h"

/* The elements around the body (shared/reference/nd30/nd30_2020_element_format.csv). Every
 * string is malloc'd; NULL or "" leaves the element out. */
struct doc_header {
	char *parent_body; /* ô 2, line 1: "UBND TỈNH BẮC KẠN" (upper case, regular) */
	char *issuing_body; /* ô 2, line 2: "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ" (upper case, bold, ruled) */
	char *number; /* ô 3: "Số: 125/BC-BCĐ", or "Số:      /BC-BCĐ" while not numbered */
	char *place;  /* ô 4: "Bắc Kạn" */
	struct date date; /* ô 4: "Bắc Kạn, ngày 14 tháng 12 năm 2023" (unset: "ngày … tháng …") */
	char *doc_type;    /* ô 5a: "BÁO CÁO" */
	char *title;       /* ô 5a: the trích yếu under it, bold, ruled */
	char **recipients; /* ô 9b: "Nơi nhận:" lines, each without its leading "- " */
	size_t n_recipients;
	char *signer_authority; /* ô 7a: "TM. BAN CHỈ ĐẠO", may be "" */
	char *signer_title;     /* ô 7a: "TRƯỞNG BAN" */
	char *signer_name;      /* ô 7b */
};

enum doc_block_kind {
	DOC_HEADING,   /* level 1: "I. KẾT QUẢ …" upper case bold; level 2: "1. …" bold */
	DOC_PARAGRAPH, /* body text, justified, first line indented 1 cm */
	DOC_BULLET,    /* "- …" */
	DOC_TABLE,     /* a table with a header row */
	DOC_CHART,     /* horizontal bars (PDF: vectors; DOCX: its data as a table) */
	DOC_PAGE_BREAK,
};

enum doc_align { DOC_LEFT, DOC_CENTER, DOC_RIGHT };

struct doc_table {
	size_t n_cols, n_rows; /* rows without the header */
	char **head;           /* n_cols headings */
	char **cells;          /* n_rows × n_cols, row by row */
	enum doc_align *align; /* n_cols */
	int *width_pct;        /* n_cols, adding up to 100 */
	bool last_row_total;   /* the last row is a total: bold */
};

struct doc_chart {
	char *title;
	size_t n;
	char **labels;
	double *values; /* ≥ 0; bars scaled to the largest */
	char **texts;   /* each value as shown ("35,6 tỷ") */
};

/* A block of the body. section names the part a comment of the review refers to ("I", "I.2",
 * …): set by doc_number_sections from the headings. */
struct doc_block {
	enum doc_block_kind kind;
	int level;  /* DOC_HEADING: 1 or 2 */
	char *text; /* DOC_HEADING, DOC_PARAGRAPH, DOC_BULLET */
	struct doc_table table;
	struct doc_chart chart;
	char *section;
};

struct doc {
	struct doc_header header;
	struct doc_block *blocks;
	size_t n_blocks, cap_blocks;
};

void doc_init(struct doc *d);
void doc_finish(struct doc *d); /* frees everything; the doc may be initialised again */

/* Appends a block; text is copied. The returned block stays valid until the next add. */
struct doc_block *doc_add_heading(struct doc *d, int level, const char *text);
struct doc_block *doc_add_paragraph(struct doc *d, const char *text);
struct doc_block *doc_add_bullet(struct doc *d, const char *text);
void doc_add_page_break(struct doc *d);
/* A table of n_cols columns (headings copied); rows are added with doc_table_row. */
struct doc_block *doc_add_table(struct doc *d, size_t n_cols, const char *const *head,
                                const enum doc_align *align, const int *width_pct);
void doc_table_row(struct doc_block *b, const char *const *cells); /* n_cols cells, copied */
struct doc_block *doc_add_chart(struct doc *d, const char *title);
void doc_chart_bar(struct doc_block *b, const char *label, double value, const char *text);

/* Sets each block's section from the headings before it: "I", "II" for level 1 (Roman, in
 * order), "I.1", "I.2" for level 2; blocks before any heading get "0". */
void doc_number_sections(struct doc *d);

/* Helpers for the renderers: "Bắc Kạn, ngày 14 tháng 12 năm 2023" (days < 10 and months 1, 2
 * with a leading 0, as Decree 30 says) and the Roman numeral of 1..39. */
void doc_place_date(const struct doc_header *h, struct buf *out);
void doc_roman(int n, struct buf *out);

/* The snapshot: the whole document as JSON (keys in a fixed order, so equal documents give
 * equal bytes) and back. doc_from_json: 0, or -1 with a reason in why (d is then finished and
 * empty). */
json_t *doc_to_json(const struct doc *d);
int doc_from_json(const json_t *j, struct doc *d, char *why, size_t why_size);

#endif
