/* template.h — the body of a report from a text template the standing agency can edit.
 *
 * A template is UTF-8 text, one element per line:
 *   # TEXT          a level-1 heading ("I. KẾT QUẢ …": numbering is the template's own text)
 *   ## TEXT         a level-2 heading
 *   - TEXT          a bullet
 *   TEXT            a paragraph (each non-empty line is one paragraph)
 *   (empty line)    nothing: spacing is the renderer's
 *   % TEXT          a comment, ignored
 *   {{block:NAME}}  alone on a line: a generated table or chart (the caller's blocks)
 *   {{if:NAME}} … {{end}}  alone on their lines: the lines between are kept only when field
 *                   NAME is set and not empty (nesting allowed)
 *   {{pagebreak}}   alone on a line: a page break
 * and anywhere in TEXT, {{NAME}} is replaced by the field's value (already formatted the
 * Vietnamese way by the caller). Names are [a-z0-9_.]. An unknown field or block, an {{if}}
 * without {{end}}, or a stray {{end}} is reported as "LABEL:LINE: template: message"; every
 * problem of the template is reported in one pass, and on any problem nothing is added.
 */
#ifndef DXTRACK_TEMPLATE_H
#define DXTRACK_TEMPLATE_H

#include <stddef.h>

#include "../lib/diag.h"
#include "doc.h"

struct template_field {
	const char *name;
	const char
	    *value; /* NULL or "": not set (an {{if}} on it drops its lines; {{NAME}} gives "") */
};

/* A named generated block: add appends it to the document. */
struct template_block {
	const char *name;
	void (*add)(void *ctx, struct doc *d);
	void *ctx;
};

/* Appends the body the template describes to out. 0, or -1 with the problems in d. */
int template_render(const char *label, const char *text, size_t len,
                    const struct template_field *fields, size_t n_fields,
                    const struct template_block *blocks, size_t n_blocks, struct doc *out,
                    struct diag *d);

/* The default body of the committee's annual report (data/templates/bao-cao-nam.txt, embedded
 * at build time by tools/embed_template.cmake into gen/template_default.c): size bytes of UTF-8
 * text, followed by a NUL that size does not count. Its header comment lists the fields and
 * blocks it uses. */
extern const char template_default_annual[];
extern const size_t template_default_annual_size;

#endif
