/* api.c — what every API handler shares: errors, JSON in and out. */
#include "api_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/task_io.h"
#include "../text/utf8.h"

/* The stable error code of each status, for machine clients. */
static const char *api_code_of(int status)
{
	switch (status) {
	case 400:
		return "bad_request";
	case 401:
		return "unauthorized";
	case 403:
		return "forbidden";
	case 404:
		return "not_found";
	case 405:
		return "method_not_allowed";
	case 409:
		return "conflict";
	case 413:
		return "too_large";
	case 422:
		return "invalid";
	case 429:
		return "throttled";
	default:
		return "failed";
	}
}

void api_send(struct http_exchange *x, int status, json_t *value)
{
	char *text = value ? json_dumps(value, TASK_IO_JSON_FLAGS) : NULL;
	x->rs->status = status;
	x->rs->content_type = "application/json";
	if (!text) { /* cannot happen with valid UTF-8 everywhere: never send an empty answer */
		x->rs->status = 500;
		buf_puts(&x->rs->body, "{\"error\":{\"code\":\"internal\",\"message\":\"the answer "
		                       "could not be written\"}}");
	} else {
		buf_puts(&x->rs->body, text);
	}
	buf_putc(&x->rs->body, '\n');
	free(text);
	json_decref(value);
}

/* A JSON string of s with each byte that is not valid UTF-8 shown as U+FFFD: messages may quote
 * a client's bytes (jansson's "near '…'" shows the first byte of a character only). */
static json_t *api_valid_string(const char *s)
{
	size_t bad, len = strlen(s);
	if (utf8_valid(s, len, &bad))
		return json_stringn(s, len);
	struct buf b;
	buf_init(&b, 0);
	while (!utf8_valid(s, len, &bad)) {
		buf_append(&b, s, bad);
		buf_puts(&b, "\xEF\xBF\xBD");
		s += bad + 1;
		len -= bad + 1;
	}
	buf_append(&b, s, len);
	json_t *j = json_stringn(b.data ? b.data : "", b.len);
	buf_finish(&b);
	return j;
}

static json_t *api_error_object(const char *code, const char *message)
{
	return json_pack("{s:{s:s,s:o}}", "error", "code", code, "message",
	                 api_valid_string(message));
}

void api_error(struct http_exchange *x, int status, const char *code, const char *message)
{
	api_send(x, status, api_error_object(code ? code : api_code_of(status), message));
}

void api_fail(struct http_exchange *x, enum app_status s, struct diag *d, json_t *extra)
{
	int status = exchange_status_of(s);
	struct buf line;
	buf_init(&line, 0);
	json_t *details = json_array();
	if (d) {
		diag_sort(d);
		for (size_t i = 0; i < d->count; i++) {
			buf_reset(&line);
			diag_format(&d->items[i], &line);
			json_array_append_new(details, api_valid_string(buf_cstr(&line)));
		}
	}
	const char *message;
	buf_reset(&line);
	if (s == APP_FAILED) {
		message = app_error(x->app);
	} else if (d && d->count == 1 && json_array_size(details) == 1) {
		message = json_string_value(json_array_get(details, 0));
	} else if (d && diag_total(d) > 0) {
		buf_printf(&line, "%zu problems%s", diag_total(d),
		           s == APP_BAD_INPUT ? "; nothing was written" : "");
		message = buf_cstr(&line);
	} else {
		message = http_status_text(status);
	}
	json_t *o = api_error_object(api_code_of(status), message);
	if (json_array_size(details) > 0)
		json_object_set(json_object_get(o, "error"), "details", details);
	if (d && d->dropped)
		json_object_set_new(json_object_get(o, "error"), "more",
		                    json_integer((json_int_t)d->dropped));
	json_decref(details);
	if (extra)
		json_object_update(o, extra);
	json_decref(extra);
	api_send(x, status, o);
	buf_finish(&line);
}

json_t *api_body_object(struct http_exchange *x)
{
	json_error_t err;
	if (strcmp(x->rq->content_type, "application/json") != 0) {
		api_error(x, 415, "unsupported_media_type", "send Content-Type: application/json");
		return NULL;
	}
	json_t *o = json_loadb(x->rq->body, x->rq->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!o || !json_is_object(o)) {
		char message[256];
		snprintf(message, sizeof message,
		         "the body is not a JSON object: %s (line %d, column %d)",
		         o ? "not an object" : err.text, err.line, err.column);
		json_decref(o);
		api_error(x, 400, "bad_request", message);
		return NULL;
	}
	return o;
}

void api_import(struct http_exchange *x, const char *what,
                enum app_status (*import)(struct app *a, const char *label, const char *data,
                                          size_t len, struct diag *d, struct import_result *r))
{
	struct import_result r = {0};
	struct diag d;
	diag_init(&d);
	const char *label = http_param_get(&x->rq->query, "name");
	if (!label || !label[0])
		label = "request body";
	if (x->rq->body_len == 0) {
		char message[96];
		snprintf(message, sizeof message, "send the %s CSV as the request body", what);
		api_error(x, 400, "bad_request", message);
		goto out;
	}
	enum app_status s = import(x->app, label, x->rq->body, x->rq->body_len, &d, &r);
	if (s != APP_OK) {
		api_fail(x, s, &d, NULL);
		goto out;
	}
	api_send(x, 200,
	         json_pack("{s:I,s:I,s:I,s:I}", "rows", (json_int_t)r.rows, "inserted",
	                   (json_int_t)r.inserted, "updated", (json_int_t)r.updated, "unchanged",
	                   (json_int_t)r.unchanged));
out:
	diag_finish(&d);
}

int api_task_key(struct http_exchange *x, int *year, const char **code)
{
	const char *y = x->rq->route_params[0];
	char *end;
	long n = strtol(y, &end, 10);
	if (x->rq->route_param_count != 2 || *end || end - y != 4 || n < TASK_YEAR_MIN ||
	    n > TASK_YEAR_MAX) {
		api_error(x, 404, "not_found", "no such task: the path is /api/v1/tasks/YEAR/CODE");
		return -1;
	}
	*year = (int)n;
	*code = x->rq->route_params[1];
	return 0;
}

int64_t api_expected_version(struct http_exchange *x, json_t *body, int64_t min)
{
	const char *tag = http_header(x->rq, "if-match");
	json_t *v = json_object_get(body, "version");
	int64_t from_body = 0, from_header = 0;
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < min)
			return -1;
		from_body = json_integer_value(v);
	}
	if (tag && strcmp(tag, "*") != 0) {
		if (strncmp(tag, "W/", 2) == 0)
			tag += 2;
		char *end;
		const char *digits = tag[0] == '"' ? tag + 1 : tag;
		long long n = strtoll(digits, &end, 10);
		if (end == digits || n < min || (tag[0] == '"' ? strcmp(end, "\"") : *end) != 0)
			return -1;
		from_header = n;
	}
	if (from_body && from_header && from_body != from_header)
		return -1;
	return from_body ? from_body : from_header;
}
