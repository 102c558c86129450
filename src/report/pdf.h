/* pdf.h — a document (report/doc.h) as PDF, rendered natively with cairo and pango in the same
 * Decree 30/2020 layout as report/docx.h: A4, the same margins, Liberation Serif (the metric
 * twin of Times New Roman in Debian's fonts-liberation2) at the same sizes, the header, body,
 * signature and recipients, page numbers centred in the top margin from page 2, tables with
 * their borders repeated across page breaks as needed, and charts drawn as vectors. Pango shapes
 * and breaks the Vietnamese lines; blocks break across pages (a heading is kept with the next
 * line). The bytes depend only on the document (the creation date is the document's date), so
 * a snapshot regenerates byte for byte.
 */
#ifndef DXTRACK_PDF_H
#define DXTRACK_PDF_H

#include <stddef.h>

#include "../lib/buf.h"
#include "doc.h"

/* Writes d as PDF into out (appended). 0, or -1 with the reason in why. */
int pdf_write(const struct doc *d, struct buf *out, char *why, size_t why_size);

#endif
