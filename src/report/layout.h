/* layout.h — the page both renderers of a document draw (report/docx.c, report/pdf.c): the
 * measures of Nghị định 30/2020/NĐ-CP (shared/reference/nd30/nd30_2020_page_setup.csv) and this
 * project's choices within its ranges, in millimetres, in one place so that the DOCX and the PDF
 * stay alike. Each renderer converts to its own unit (twips, points). */
#ifndef DXTRACK_LAYOUT_H
#define DXTRACK_LAYOUT_H

#define LAYOUT_PAGE_W_MM 210.0 /* A4 portrait */
#define LAYOUT_PAGE_H_MM 297.0
#define LAYOUT_MARGIN_TOP_MM 20.0    /* the decree: 20–25 */
#define LAYOUT_MARGIN_BOTTOM_MM 20.0 /* 20–25 */
#define LAYOUT_MARGIN_LEFT_MM 30.0   /* 30–35 */
#define LAYOUT_MARGIN_RIGHT_MM 15.0  /* 15–20 */
#define LAYOUT_PAGE_NO_TOP_MM 10.0   /* the page number, centred in the top margin */
#define LAYOUT_INDENT_MM 10.0        /* the first line of body text: 1 cm (or 1,27) */
#define LAYOUT_HEAD_LEFT_MM 70.0     /* the header's left column: the issuing body */
#define LAYOUT_SIGN_LEFT_MM 80.0     /* the signature block's left column: "Nơi nhận:" */
#define LAYOUT_CELL_PAD_MM 1.5       /* left and right padding of a bordered table's cells */
#define LAYOUT_SIGN_LINES 3          /* empty lines between the signer's title and name */

#define LAYOUT_MM_PER_INCH 25.4

#endif
