/* summary.c — GET /api/v1/summary: the committee's figures, the same JSON as the CLI's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/summary_report.h"
#include "api_impl.h"

/* GET /api/v1/summary?year=Y[&unit=CODE][&as_of=YYYY-MM-DD] → `dxtrack summary --format json` */
void api_summary(struct http_exchange *x)
{
	const struct http_params *q = &x->rq->query;
	const char *year_text = http_param_get(q, "year");
	const char *unit = http_param_get(q, "unit");
	const char *as_of_text = http_param_get(q, "as_of");
	struct date as_of = {0, 0, 0};
	struct summary sum;
	struct diag d;
	int year;
	if (year_text && year_text[0]) {
		char *end;
		long n = strtol(year_text, &end, 10);
		if (*end || end - year_text != 4 || n < TASK_YEAR_MIN || n > TASK_YEAR_MAX) {
			api_error(x, 400, "bad_request", "year: expected a year such as 2023");
			return;
		}
		year = (int)n;
	} else {
		year = app_default_year(x->app);
	}
	if (as_of_text && as_of_text[0]) {
		const char *why;
		if (date_parse(as_of_text, strlen(as_of_text), &as_of, &why) < 0) {
			api_error(x, 400, "bad_request", "as_of: expected a date YYYY-MM-DD");
			return;
		}
	}
	if (unit && !unit[0])
		unit = NULL;
	/* the JSON depends on the data, the query and (for lagging) today */
	char key[CACHE_KEY_MAX + 1];
	int64_t gen;
	snprintf(key, sizeof key, "api summary %d %.64s %.16s %04d-%02d-%02d", year,
	         unit ? unit : "", as_of_text ? as_of_text : "", x->app->today.year,
	         x->app->today.month, x->app->today.day);
	x->rs->content_type = "application/json";
	if (exchange_cache_get(x, key, &x->rs->body, &gen))
		return;
	diag_init(&d);
	enum app_status s = app_summary(x->app, year, unit, as_of, &sum, &d);
	if (s == APP_OK) {
		api_send(x, 200, summary_report_json(&sum));
		exchange_cache_put(x, key, gen, x->rs->body.data, x->rs->body.len);
	} else
		api_fail(x, s, &d, NULL);
	summary_finish(&sum);
	diag_finish(&d);
}
