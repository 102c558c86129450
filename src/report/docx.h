/* docx.h — a document (report/doc.h) as Office Open XML (.docx) in the Decree 30/2020 layout:
 * A4 portrait, margins top 20, bottom 20, left 30, right 15 mm; Times New Roman; the two-column
 * header table without borders (issuing body | national name and motto, each with its rule),
 * number | place and date (italic), the document type and title centred bold with a short rule,
 * the body (13–14 pt, justified, first line indented 1 cm, 6 pt after, line spacing 1.15), the
 * signature table ("Nơi nhận:" 12 pt bold italic with its 11 pt list | authority, title, name
 * 14 pt bold centred), and page numbers centred in the top margin from page 2 (a first-page
 * header without one). Written with libzip: [Content_Types].xml, _rels/.rels,
 * word/document.xml, word/styles.xml, word/settings.xml, word/header1.xml and their relations.
 * Every text is XML-escaped. The bytes depend only on the document: fixed entry times, no
 * generation date, so a snapshot regenerates byte for byte.
 */
#ifndef DXTRACK_DOCX_H
#define DXTRACK_DOCX_H

#include <stddef.h>

#include "../lib/buf.h"
#include "doc.h"

/* Writes d as a .docx into out (appended). 0, or -1 with the reason in why. */
int docx_write(const struct doc *d, struct buf *out, char *why, size_t why_size);

#endif
