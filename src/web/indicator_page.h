/* indicator_page.h — what the indicator pages share (web/indicators.c, web/indicator_entry.c):
 * the period and unit they show, their picker form, figures in Vietnamese, the red/amber/green
 * badge. Not for other pages.
 */
#ifndef DXTRACK_INDICATOR_PAGE_H
#define DXTRACK_INDICATOR_PAGE_H

#include <stdbool.h>

#include "../core/indicator.h"
#include "../core/period.h"
#include "../core/rollup.h"
#include "../core/unit.h"
#include "page.h"

/* The period, unit (and level) a page shows, from ?period=&unit=&level=. */
struct indicator_page_query {
	struct period period;
	char period_text[PERIOD_TEXT_MAX];
	char unit[UNIT_CODE_MAX + 1];
	unsigned levels;     /* 0: the next level down */
	const char *level_s; /* as given, or NULL */
};

/* Reads the query: period (default: the newest year with values, app_indicator_default_year),
 * unit (default: default_unit when not NULL, else app_indicator_default_unit) and, with_level,
 * level (kinds of unit). On a bad value writes the 400 (or 404) page and returns -1. */
int indicator_page_query(struct http_exchange *x, bool with_level, const char *default_unit,
                         struct indicator_page_query *q);

/* Which units the picker offers: every unit of the period's tree, or only those at or below
 * within (the entry page of an editor). */
struct indicator_page_picker {
	const char *action;    /* the form's path (URL-escaped; escaped here as an attribute) */
	bool with_level;       /* the level select of the indicator page */
	const char *within;    /* NULL: every unit */
	const char *hidden[2]; /* extra hidden field name and value, or NULL */
};
/* The GET form: period (years with values, their quarters and months), unit (the tree of the
 * period's last day, indented by depth) and optionally level, and a "Xem" button. */
void indicator_page_picker(struct http_exchange *x, const struct indicator_page_query *q,
                           const struct indicator_page_picker *how);

/* "/indicators…?period=2023&unit=06" (path is ours; code, when not NULL, is escaped as a path
 * segment after it): a URL, to be escaped as an attribute by the caller. */
void indicator_page_url(struct buf *u, const char *path, const char *code,
                        const struct indicator_page_query *q, const char *unit);

/* The figure's value as the page shows it ("90,5", "1.000"), or "—". HTML-safe. */
void indicator_page_value(struct buf *b, const struct indicator *ind, bool has, double v);
/* The same with the measure ("90,5 máy/100 dân", "100%"), escaped. */
void indicator_page_amount(struct buf *b, const struct indicator *ind, bool has, double v);
/* <span class="rag rag-green">Đạt</span>: colour and words; without a value "Chưa có số liệu",
 * without a target "Chưa có chỉ tiêu". */
void indicator_page_rag(struct buf *b, const struct indicator_figure *f);
/* "108/108", or "105/108 (thiếu 3)". */
void indicator_page_reporting(struct buf *b, const struct indicator_figure *f);
/* "Thành phố Bắc Kạn", or the code when the name is not known; escaped. */
void indicator_page_unit_name(struct buf *b, const struct indicator_figure *f);

#endif
