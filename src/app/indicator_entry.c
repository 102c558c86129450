/* indicator_entry.c — values typed into the data-entry form (or sent by a program), written
 * through the one importer of values (app.h app_values_enter).
 *
 * The entries become a small values CSV in memory, so that every rule of a value — a known
 * indicator that is not a ratio, a unit that exists on the period's last day and is within an
 * editor's unit, the number's form, a share's 0 or 1 — and all or nothing, and the audit row,
 * stay in app/import_values.c alone.
 */
#include <string.h>

#include "../io/csv.h"
#include "app_impl.h"

/* A CSV field; line breaks become spaces so that each entry stays on its own line. */
static void indicator_entry_field(struct buf *out, const char *s)
{
	struct buf one;
	buf_init(&one, 0);
	buf_puts(&one, s ? s : "");
	for (size_t i = 0; i < one.len; i++)
		if (one.data[i] == '\n' || one.data[i] == '\r')
			one.data[i] = ' ';
	csv_write_field(out, one.data ? one.data : "", one.len, false);
	buf_finish(&one);
}

enum app_status app_values_enter(struct app *a, struct period p, const struct app_value_entry *e,
                                 size_t n, struct diag *d, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	if (n == 0)
		return app_require_user(a, d);
	char period[PERIOD_TEXT_MAX];
	period_text(p, period);
	struct buf csv;
	buf_init(&csv, 0);
	buf_puts(&csv, "indicator,unit,period,value,source\n");
	for (size_t i = 0; i < n; i++) {
		indicator_entry_field(&csv, e[i].indicator);
		buf_putc(&csv, ',');
		indicator_entry_field(&csv, e[i].unit);
		buf_printf(&csv, ",%s,", period);
		indicator_entry_field(&csv, e[i].value);
		buf_puts(&csv, "," APP_VALUES_FORM_LABEL "\n");
	}
	enum app_status s =
	    app_import_values(a, APP_VALUES_FORM_LABEL, csv.data ? csv.data : "", csv.len, d, r);
	buf_finish(&csv);
	return s;
}
