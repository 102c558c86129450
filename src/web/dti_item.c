/* dti_item.c — one item of a year's DTI assessment: what it is, how it scores, its entry's
 * history, its evidence, and the forms the signed-in user's rights allow (app_dti_rights).
 *
 *   GET  /dti/{year}/{code}                the item (?saved=1|0, ?assigned=1, ?added=ID,
 *                                          ?withdrawn=1 after a form)
 *   POST /dti/{year}/{code}                form=value: value, clear_value, status, note;
 *                                          form=assign: unit, due, indicator; with version
 *                                          (the one the form was made from) and csrf
 *   POST /dti/{year}/{code}/evidence       multipart/form-data: number, title, date, summary,
 *                                          file (at most DTI_EVIDENCE_MAX_BYTES; the route
 *                                          takes a body that large), csrf
 *   POST /dti/evidence/{id}/withdraw       year and code (where to come back), csrf
 *   GET  /dti/evidence/{id}                the file, as an attachment, to any signed-in user
 *
 * As on a task's page (web/task.c): a field is sent to app/ only when it differs from what the
 * form showed; app/ checks every right again; a stale version gives 409 with the item as it now
 * is; broken rules give 422 with every message, and the form keeps what was typed (but not a
 * chosen file: a browser cannot be given one back); success goes back with 303. Forms show only
 * what the user may change: the value form to the responsible unit's editors (and
 * administrators), the status verified to administrators, the assignment form to
 * administrators, the upload form and the withdraw buttons to those who may handle evidence.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/escape.h"
#include "../report/dti_report.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

/* What the value form shows: the entry's state, or what was sent back. */
struct dti_value_form {
	const char *value; /* text of the fields */
	bool clear;
	const char *status; /* a status name */
	const char *note;
	bool bad_value, bad_status, bad_note;
};

/* What the assignment form shows. */
struct dti_assign_form {
	const char *unit; /* a unit code, "" for nobody */
	const char *due;  /* YYYY-MM-DD, "" for none */
	const char *indicator;
	bool bad_unit, bad_due, bad_indicator;
};

/* What the evidence form shows (empty, or what was sent back). */
struct dti_evidence_form {
	const char *number, *title, *date, *summary;
	bool bad_title, bad_date, bad_file;
};

/* The forms of a page, and the version they were made from. */
struct dti_forms {
	struct dti_value_form value;
	struct dti_assign_form assign;
	struct dti_evidence_form evidence;
	int64_t version;
};

/* A notice and the problems to show above the item. */
struct dti_message {
	const char *ok;
	const char *error;
	struct diag *d;
};

/* ---- numbers and text ---------------------------------------------------------------------- */

/* v rounded to `decimals` places, the Vietnamese way: (0.80016, 4) → "0,8002". */
static void dti_fixed(struct buf *b, double v, int decimals)
{
	vnfmt_fixed(b, (int64_t)llround(v * pow(10, decimals)), decimals);
}

/* The fewest decimals (at most 6) that show v exactly: 90.5 → 2 … → 1. */
static int dti_decimals(double v)
{
	int d = 0;
	for (double scale = 1; d < 6; d++, scale *= 10)
		if (fabs(llround(v * scale) / scale - v) <= 1e-9 * fmax(1, fabs(v)))
			break;
	return d;
}

/* A value to read: "1.234,5", "90,5", "1". */
static void dti_value(struct buf *b, double v)
{
	int d = dti_decimals(v);
	vnfmt_fixed(b, (int64_t)llround(v * pow(10, d)), d);
}

/* A value as a form field holds it: decimal comma, no grouping ("1234,5"), what the form reads
 * back. */
static void dti_value_field(struct buf *b, double v)
{
	char text[64];
	snprintf(text, sizeof text, "%.*f", dti_decimals(v), v);
	for (char *c = text; *c; c++)
		if (*c == '.')
			*c = ',';
	buf_puts(b, text);
}

/* Reads a decimal number: an optional '-', digits, at most one ',' or '.' and digits, spaces
 * around it ignored; no grouping, no exponent. 0, or -1 when it is not one. */
static int dti_parse_number(const char *s, double *out)
{
	char text[64];
	size_t n = 0;
	bool digits = false, point = false;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-')
		text[n++] = *s++;
	for (; *s && *s != ' ' && *s != '\t'; s++) {
		if (n + 2 > sizeof text)
			return -1;
		if (*s >= '0' && *s <= '9') {
			digits = true;
			text[n++] = *s;
		} else if ((*s == ',' || *s == '.') && !point) {
			point = true;
			text[n++] = '.';
		} else {
			return -1;
		}
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s || !digits)
		return -1;
	text[n] = '\0';
	*out = strtod(text, NULL);
	return isfinite(*out) ? 0 : -1;
}

/* "12,3 MiB", "350,0 KiB", "812 byte" */
static void dti_size(struct buf *b, int64_t bytes)
{
	if (bytes >= (int64_t)1 << 20) {
		vnfmt_fixed(b, (int64_t)llround((double)bytes * 10 / (1 << 20)), 1);
		buf_puts(b, " MiB");
	} else if (bytes >= 1024) {
		vnfmt_fixed(b, (int64_t)llround((double)bytes * 10 / 1024), 1);
		buf_puts(b, " KiB");
	} else {
		vnfmt_int(b, bytes);
		buf_puts(b, " byte");
	}
}

static void dti_iso(struct arena *arena, struct date d, const char **out)
{
	struct buf t;
	buf_init(&t, 0);
	date_format_iso(&t, d);
	*out = arena_strdup(arena, buf_cstr(&t));
	buf_finish(&t);
}

/* /dti/2023/1.1 */
static void dti_item_url(struct buf *u, int year, const char *code)
{
	buf_printf(u, "/dti/%d/", year);
	escape_url(u, code);
}

static void dti_status_badge(struct buf *b, enum dti_status s)
{
	struct buf label;
	buf_init(&label, 0);
	page_capitalized(&label, dti_status_label_vi(s));
	buf_printf(b, "<span class=\"dti-status dti-status-%s\">%s</span>", dti_status_name(s),
	           buf_cstr(&label));
	buf_finish(&label);
}

/* What a kind of value holds, for the value field's hint. */
static const char *dti_kind_hint(enum dti_kind k)
{
	switch (k) {
	case DTI_PERCENT:
		return "Tỷ lệ phần trăm, từ 0 đến 100; ví dụ 90,5.";
	case DTI_YES_NO:
		return "1 = có, 0 = chưa có.";
	case DTI_LEVEL:
		return "Mức đạt được, từ 0 trở lên.";
	default:
		return "Số lượng, từ 0 trở lên.";
	}
}

/* How a rule turns a value into a score, in words, then its file form. */
static void dti_rule_text(struct buf *b, const struct dti_item *it)
{
	const struct dti_rule *r = &it->rule;
	switch (r->kind) {
	case DTI_RULE_LINEAR:
		buf_puts(b, "tỷ lệ với chỉ tiêu: giá trị / ");
		if (it->has_target)
			dti_value(b, it->target);
		else
			buf_puts(b, "chỉ tiêu");
		buf_puts(b, ", tối đa 1");
		break;
	case DTI_RULE_YES_NO:
		buf_puts(b, "có/không: 1 điểm số khi có");
		break;
	case DTI_RULE_THRESHOLD:
		buf_puts(b, "ngưỡng: 1 khi giá trị từ ");
		dti_value(b, r->threshold);
		buf_puts(b, " trở lên, dưới đó 0");
		break;
	case DTI_RULE_STEPS:
		buf_puts(b, "theo bậc:");
		for (size_t k = 0; k < r->n_steps; k++) {
			buf_puts(b, k ? "; từ " : " từ ");
			dti_value(b, r->step_value[k]);
			buf_puts(b, " được ");
			dti_fixed(b, r->step_score[k], 2);
		}
		break;
	default:
		buf_puts(b, "trung bình điểm số các chỉ tiêu thành phần");
		return;
	}
	struct buf code;
	buf_init(&code, 0);
	dti_rule_format(r, &code);
	escape_htmlf(b, " <code>%s</code>", buf_cstr(&code));
	buf_finish(&code);
}

/* ---- the route ----------------------------------------------------------------------------- */

/* Year and code from the route; the 404 page (and -1) when the year is not one. */
static int dti_route(struct http_exchange *x, int *year, const char **code)
{
	int64_t y;
	if (x->rq->route_param_count < 2 ||
	    page_parse_int(x->rq->route_params[0], TASK_YEAR_MIN, TASK_YEAR_MAX, &y) < 0 ||
	    !x->rq->route_params[1][0]) {
		web_error(x, 404, "Không có mục DTI ở địa chỉ này.");
		return -1;
	}
	*year = (int)y;
	*code = x->rq->route_params[1];
	return 0;
}

/* The assessment of year and the index of code in it; on a failure writes the page (404 for a
 * year not bound or an unknown code) and returns -1 (a is cleared by the caller either way). */
static int dti_load(struct http_exchange *x, int year, const char *code, struct dti_assessment *a,
                    size_t *i)
{
	struct diag d;
	diag_init(&d);
	enum app_status st = app_dti_assessment(x->app, year, (struct date){0, 0, 0}, a, &d);
	diag_finish(&d);
	char m[200];
	if (st == APP_NOT_FOUND) {
		snprintf(
		    m, sizeof m,
		    "Năm %d chưa được gắn với khung chỉ số DTI nào (quản trị viên chạy dxtrack "
		    "dti use %d KHUNG).",
		    year, year);
		web_error(x, 404, m);
		return -1;
	}
	if (st != APP_OK) {
		page_fail(x, st);
		return -1;
	}
	*i = app_dti_find(a, code);
	if (*i == a->n) {
		struct buf mb;
		buf_init(&mb, 0);
		buf_printf(&mb, "Khung chỉ số %s của năm %d không có mục “%s”.", a->framework, year,
		           code);
		web_error(x, 404, buf_cstr(&mb));
		buf_finish(&mb);
		return -1;
	}
	return 0;
}

/* The forms filled from the entry's current state. */
static void dti_forms_of(struct http_exchange *x, const struct dti_assessment *a, size_t i,
                         struct dti_forms *f)
{
	const struct dti_entry *e = &a->entries[i];
	struct arena *arena = x->rq->arena;
	struct buf v;
	buf_init(&v, 0);
	memset(f, 0, sizeof *f);
	if (e->has_value && !e->indicator)
		dti_value_field(&v, e->value);
	f->value.value = arena_strdup(arena, buf_cstr(&v));
	f->value.status = dti_status_name(e->status);
	f->value.note = e->note ? arena_strdup(arena, e->note) : "";
	f->assign.unit = e->unit ? arena_strdup(arena, e->unit) : "";
	dti_iso(arena, e->due, &f->assign.due);
	f->assign.indicator = e->indicator ? arena_strdup(arena, e->indicator) : "";
	f->version = e->version;
	buf_finish(&v);
}

/* ---- the page ------------------------------------------------------------------------------ */

/* <dt>label</dt><dd>value (escaped)</dd>; "—" when empty. */
static void dti_dd(struct buf *b, const char *id, const char *label, const char *value)
{
	if (id)
		escape_htmlf(b, "<dt>%s</dt><dd id=\"%s\">%s</dd>\n", label, id,
		             value && value[0] ? value : "—");
	else
		escape_htmlf(b, "<dt>%s</dt><dd>%s</dd>\n", label, value && value[0] ? value : "—");
}

static void dti_fields(struct http_exchange *x, const struct dti_assessment *a, size_t i)
{
	struct buf *b = &x->rs->body;
	const struct dti_item *it = &a->items[i];
	const struct dti_entry *e = &a->entries[i];
	struct buf u;
	buf_init(&u, 0);
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-item\">\n"
	            "<h2 id=\"h-item\">Thông tin chỉ tiêu</h2>\n<dl class=\"fields\">\n");
	dti_dd(b, NULL, "Mã", it->code);
	escape_htmlf(b, "<dt>Tên</dt><dd id=\"item-name\">%s", it->name);
	if (!it->official)
		buf_puts(b, " <span class=\"badge badge-illustrative\" title=\"Không có trong danh "
		            "mục chính thức của Bộ\">minh họa</span>");
	buf_puts(b, "</dd>\n");
	if (it->parent) {
		const struct dti_item *m = &a->items[a->main_of[i]];
		dti_item_url(&u, a->year, m->code);
		escape_htmlf(b, "<dt>Chỉ số chính</dt><dd><a href=\"%s\">%s — %s</a></dd>\n",
		             buf_cstr(&u), m->code, m->name);
	}
	escape_htmlf(b, "<dt>Khung chỉ số</dt><dd>%s, năm đánh giá %d</dd>\n", a->framework,
	             a->year);
	if (it->source && it->source[0])
		dti_dd(b, NULL, "Nguồn", it->source);
	if (a->scored[i]) {
		escape_htmlf(b, "<dt>Loại giá trị</dt><dd>%s</dd>\n<dt>Cách chấm</dt><dd>",
		             dti_kind_label_vi(it->kind));
		dti_rule_text(b, it);
		buf_puts(b, "</dd>\n<dt>Chỉ tiêu</dt><dd>");
		if (it->has_target)
			dti_value(b, it->target);
		else
			buf_puts(b, "—");
		buf_printf(b, "</dd>\n<dt>Tài liệu kiểm chứng</dt><dd>%s</dd>\n",
		           it->evidence_required ? "Bắt buộc" : "Không bắt buộc");
	}
	buf_puts(b, "<dt>Điểm tối đa</dt><dd id=\"item-max\">");
	dti_fixed(b, a->item_max_points[i], 2);
	buf_puts(b, " điểm</dd>\n");
	if (a->scored[i]) {
		buf_puts(b, "<dt>Giá trị</dt><dd id=\"item-value\">");
		if (e->has_value)
			dti_value(b, e->value);
		else
			buf_puts(b, "Chưa có");
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "<dt>Điểm số</dt><dd id=\"item-score\">");
	dti_fixed(b, a->item_score[i], 4);
	buf_puts(b, "</dd>\n<dt>Điểm đạt</dt><dd id=\"item-points\">");
	dti_fixed(b, a->item_points[i], 2);
	buf_puts(b, " điểm</dd>\n<dt>Điểm chưa có minh chứng</dt><dd id=\"item-at-risk\">");
	dti_fixed(b, a->item_at_risk[i], 2);
	buf_puts(b, " điểm</dd>\n");
	if (a->scored[i]) {
		buf_puts(b, "<dt>Trạng thái</dt><dd id=\"item-status\">");
		dti_status_badge(b, e->status);
		buf_puts(b, "</dd>\n<dt>Đơn vị chịu trách nhiệm</dt><dd id=\"item-unit\">");
		if (e->unit && e->unit_name)
			escape_htmlf(b, "%s <span class=\"muted\">(%s)</span>", e->unit_name,
			             e->unit);
		else if (e->unit)
			escape_html(b, e->unit);
		else
			buf_puts(b, "Chưa giao");
		buf_puts(b, "</dd>\n<dt>Hạn</dt><dd id=\"item-due\">");
		page_date(b, e->due);
		if (a->overdue[i])
			buf_puts(b, " <strong class=\"overdue\">Quá hạn</strong>");
		buf_puts(b, "</dd>\n<dt>Chỉ tiêu liên kết</dt><dd>");
		if (e->indicator) {
			buf_reset(&u);
			buf_puts(&u, "/indicators/");
			escape_url(&u, e->indicator);
			escape_htmlf(b,
			             "<a href=\"%s\">%s</a> <span class=\"muted\">(giá trị tự lấy "
			             "theo số liệu của tỉnh trong năm)</span>",
			             buf_cstr(&u), e->indicator);
		} else {
			buf_puts(b, "—");
		}
		buf_puts(b, "</dd>\n");
		dti_dd(b, "item-note", "Ghi chú", e->note);
		buf_printf(b,
		           "<dt>Minh chứng</dt><dd id=\"item-evidence\">%zu tài liệu, %zu ghi "
		           "ngày trong năm %d</dd>\n",
		           e->evidence, e->evidence_in_year, a->year);
		buf_printf(b, "<dt>Phiên bản</dt><dd id=\"item-version\">%lld",
		           (long long)e->version);
		if (e->updated_at) {
			buf_puts(b, " (");
			page_utc(b, e->updated_at);
			escape_htmlf(b, " UTC, %s)", e->author ? e->author : "");
		}
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n</section>\n");
	buf_finish(&u);
}

/* A main index with components: its components, each linked. */
static void dti_components(struct http_exchange *x, const struct dti_assessment *a, size_t m)
{
	struct buf *b = &x->rs->body;
	static const struct page_col cols[] = {{"Mã", false},
	                                       {"Chỉ tiêu thành phần", false},
	                                       {"Giá trị", true},
	                                       {"Điểm đạt / tối đa", true},
	                                       {"Chưa có minh chứng (điểm)", true},
	                                       {"Trạng thái", false}};
	struct buf u;
	buf_init(&u, 0);
	page_table_begin(b, "components", "Các chỉ tiêu thành phần", cols, 6);
	for (size_t i = 0; i < a->n; i++) {
		if (i == m || a->main_of[i] != m)
			continue;
		buf_reset(&u);
		dti_item_url(&u, a->year, a->items[i].code);
		escape_htmlf(b, "<tr><td class=\"code\"><a href=\"%s\">%s</a></td><td>%s",
		             buf_cstr(&u), a->items[i].code, a->items[i].name);
		if (!a->items[i].official)
			buf_puts(b, " <span class=\"badge badge-illustrative\">minh họa</span>");
		buf_puts(b, "</td><td class=\"num\">");
		if (a->entries[i].has_value)
			dti_value(b, a->entries[i].value);
		else
			buf_puts(b, "—");
		buf_puts(b, "</td><td class=\"num\">");
		dti_fixed(b, a->item_points[i], 2);
		buf_puts(b, " / ");
		dti_fixed(b, a->item_max_points[i], 2);
		buf_puts(b, "</td><td class=\"num\">");
		dti_fixed(b, a->item_at_risk[i], 2);
		buf_puts(b, "</td><td>");
		dti_status_badge(b, a->entries[i].status);
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
	buf_finish(&u);
}

/* The form's action: the item's URL, with a suffix ("/evidence"). */
static void dti_form_open(struct buf *b, const char *id, const char *url, const char *suffix,
                          bool multipart)
{
	escape_htmlf(b, "<form id=\"%s\" method=\"post\" action=\"%s%s\"", id, url, suffix);
	buf_puts(b,
	         multipart ? " enctype=\"multipart/form-data\" novalidate>\n" : " novalidate>\n");
}

static void dti_version_field(struct buf *b, int64_t version)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)version);
	page_hidden(b, "version", v);
}

static void dti_value_form(struct http_exchange *x, const struct dti_assessment *a, size_t i,
                           unsigned rights, const struct dti_forms *f, const char *url)
{
	struct buf *b = &x->rs->body;
	const struct dti_item *it = &a->items[i];
	const struct dti_entry *e = &a->entries[i];
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-value\">\n"
	            "<h2 id=\"h-value\">Cập nhật giá trị</h2>\n");
	dti_form_open(b, "value-form", url, "", false);
	page_csrf(b, x->csrf);
	page_hidden(b, "form", "value");
	dti_version_field(b, f->version);
	buf_putc(b, '\n');
	if (e->indicator) {
		escape_htmlf(
		    b,
		    "<p class=\"muted\">Giá trị lấy tự động từ chỉ tiêu <strong>%s</strong>: "
		    "muốn nhập tay, quản trị viên bỏ liên kết trước.</p>\n",
		    e->indicator);
	} else {
		page_input(b, &(struct page_field){
		                  .name = "value",
		                  .label = "Giá trị",
		                  .value = f->value.value,
		                  .hint = dti_kind_hint(it->kind),
		                  .attrs = "inputmode=\"decimal\" autocomplete=\"off\"",
		                  .invalid = f->value.bad_value,
		              });
		if (e->has_value)
			page_checkbox(b, "clear_value", "clear_value", "1",
			              "Xoá giá trị (trạng thái trở về “chưa có”)", f->value.clear);
	}
	page_select_begin(b, &(struct page_field){.name = "status",
	                                          .label = "Trạng thái",
	                                          .hint = "Đã gửi: giá trị và minh chứng đã đủ để "
	                                                  "cơ quan thường trực thẩm định.",
	                                          .invalid = f->value.bad_status});
	for (int s = 0; s < DTI_STATUS_COUNT; s++) {
		if (s == DTI_VERIFIED && !(rights & APP_DTI_VERIFY) &&
		    strcmp(f->value.status, dti_status_name(DTI_VERIFIED)) != 0)
			continue;
		struct buf label;
		buf_init(&label, 0);
		page_capitalized(&label, dti_status_label_vi((enum dti_status)s));
		page_option(b, dti_status_name((enum dti_status)s), buf_cstr(&label),
		            strcmp(f->value.status, dti_status_name((enum dti_status)s)) == 0);
		buf_finish(&label);
	}
	page_select_end(b);
	page_textarea(b, &(struct page_field){
	                     .name = "note",
	                     .label = "Ghi chú",
	                     .value = f->value.note,
	                     .hint = "Nguồn số liệu, việc còn phải làm (không bắt buộc).",
	                     .attrs = "rows=\"3\" maxlength=\"2000\"",
	                     .invalid = f->value.bad_note,
	                 });
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Lưu giá trị</button></div>\n"
	            "</form>\n</section>\n");
}

/* The options of the unit select: units valid today, departments first. */
struct dti_units {
	struct buf *b[4]; /* agencies; the province; districts; communes */
	const char *selected;
	bool found;
};

static int dti_units_each(void *ctx, const struct unit *u)
{
	struct dti_units *o = ctx;
	int group = u->kind == UNIT_AGENCY     ? 0
	            : u->kind == UNIT_PROVINCE ? 1
	            : u->kind == UNIT_DISTRICT ? 2
	            : u->kind == UNIT_COMMUNE  ? 3
	                                       : -1;
	if (group < 0)
		return 0;
	struct buf label;
	buf_init(&label, 0);
	buf_printf(&label, "%s (%s)", u->name, u->code);
	bool sel = strcmp(u->code, o->selected) == 0;
	o->found |= sel;
	page_option(o->b[group], u->code, buf_cstr(&label), sel);
	buf_finish(&label);
	return 0;
}

struct dti_indicators {
	struct buf *b;
	const char *selected;
	bool found;
};

static int dti_indicators_each(void *ctx, const struct indicator *ind)
{
	struct dti_indicators *o = ctx;
	struct buf label;
	buf_init(&label, 0);
	buf_printf(&label, "%s (%s)", ind->name, ind->code);
	bool sel = strcmp(ind->code, o->selected) == 0;
	o->found |= sel;
	page_option(o->b, ind->code, buf_cstr(&label), sel);
	buf_finish(&label);
	return 0;
}

static void dti_assign_form(struct http_exchange *x, const struct dti_forms *f, const char *url)
{
	struct buf *b = &x->rs->body;
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-assign\">\n"
	            "<h2 id=\"h-assign\">Giao việc</h2>\n");
	dti_form_open(b, "assign-form", url, "", false);
	page_csrf(b, x->csrf);
	page_hidden(b, "form", "assign");
	dti_version_field(b, f->version);
	buf_putc(b, '\n');
	struct buf groups[4];
	struct dti_units units = {.selected = f->assign.unit};
	for (int g = 0; g < 4; g++) {
		buf_init(&groups[g], 0);
		units.b[g] = &groups[g];
	}
	app_units_at(x->app, x->app->today, dti_units_each, &units);
	page_select_begin(b, &(struct page_field){.name = "unit",
	                                          .label = "Đơn vị chịu trách nhiệm",
	                                          .invalid = f->assign.bad_unit});
	page_option(b, "", "— Chưa giao —", !f->assign.unit[0]);
	if (f->assign.unit[0] && !units.found)
		page_option(b, f->assign.unit, f->assign.unit, true);
	static const char *const group_labels[4] = {"Sở, ban, ngành", "Tỉnh", "Huyện, thành phố",
	                                            "Xã, phường, thị trấn"};
	for (int g = 0; g < 4; g++) {
		if (groups[g].len) {
			escape_htmlf(b, "<optgroup label=\"%s\">\n", group_labels[g]);
			buf_append(b, groups[g].data, groups[g].len);
			buf_puts(b, "</optgroup>\n");
		}
		buf_finish(&groups[g]);
	}
	page_select_end(b);
	page_input(b, &(struct page_field){
	                  .name = "due",
	                  .label = "Hạn hoàn thành",
	                  .type = "date",
	                  .value = f->assign.due,
	                  .hint = "Để trống: không có hạn.",
	                  .invalid = f->assign.bad_due,
	              });
	struct buf inds;
	buf_init(&inds, 0);
	struct dti_indicators io = {.b = &inds, .selected = f->assign.indicator};
	app_indicators_each(x->app, dti_indicators_each, &io);
	page_select_begin(b, &(struct page_field){
	                         .name = "indicator",
	                         .label = "Chỉ tiêu liên kết",
	                         .hint = "Khi liên kết, giá trị lấy tự động từ số liệu của tỉnh.",
	                         .invalid = f->assign.bad_indicator});
	page_option(b, "", "— Không liên kết —", !f->assign.indicator[0]);
	if (f->assign.indicator[0] && !io.found)
		page_option(b, f->assign.indicator, f->assign.indicator, true);
	buf_append(b, inds.data, inds.len);
	buf_finish(&inds);
	page_select_end(b);
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Lưu giao việc</button></div>\n"
	            "</form>\n</section>\n");
}

static void dti_evidence_form(struct http_exchange *x, const struct dti_assessment *a,
                              const struct dti_forms *f, const char *url)
{
	struct buf *b = &x->rs->body;
	char hint[200];
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-add\">\n"
	            "<h2 id=\"h-add\">Thêm tài liệu kiểm chứng</h2>\n");
	dti_form_open(b, "evidence-form", url, "/evidence", true);
	page_csrf(b, x->csrf);
	buf_putc(b, '\n');
	page_input(b, &(struct page_field){.id = "ev-number",
	                                   .name = "number",
	                                   .label = "Số hiệu văn bản",
	                                   .value = f->evidence.number,
	                                   .hint = "Ví dụ 811/KH-UBND (không bắt buộc).",
	                                   .attrs = "maxlength=\"100\" autocomplete=\"off\""});
	page_input(b, &(struct page_field){.id = "ev-title",
	                                   .name = "title",
	                                   .label = "Tên văn bản",
	                                   .value = f->evidence.title,
	                                   .attrs = "required maxlength=\"2000\"",
	                                   .invalid = f->evidence.bad_title});
	snprintf(hint, sizeof hint,
	         "Chỉ văn bản ghi ngày trong năm %d mới được tính cho năm đánh giá này.", a->year);
	page_input(b, &(struct page_field){.id = "ev-date",
	                                   .name = "date",
	                                   .label = "Ngày văn bản",
	                                   .type = "date",
	                                   .value = f->evidence.date,
	                                   .hint = hint,
	                                   .attrs = "required",
	                                   .invalid = f->evidence.bad_date});
	page_textarea(b, &(struct page_field){.id = "ev-summary",
	                                      .name = "summary",
	                                      .label = "Trích yếu",
	                                      .value = f->evidence.summary,
	                                      .attrs = "rows=\"2\" maxlength=\"2000\""});
	snprintf(hint, sizeof hint,
	         "Tối đa %zu MiB; PDF, DOCX, XLSX, PNG hoặc JPEG (nhận biết theo nội dung tệp). "
	         "Không bắt buộc: có thể chỉ ghi số hiệu văn bản.",
	         DTI_EVIDENCE_MAX_BYTES >> 20);
	page_input(b, &(struct page_field){
	                  .id = "ev-file",
	                  .name = "file",
	                  .label = "Tệp văn bản",
	                  .type = "file",
	                  .hint = hint,
	                  .attrs = "accept=\".pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,"
	                           "image/png,image/jpeg,application/"
	                           "vnd.openxmlformats-officedocument.wordprocessingml.document,"
	                           "application/"
	                           "vnd.openxmlformats-officedocument.spreadsheetml.sheet\"",
	                  .invalid = f->evidence.bad_file,
	              });
	buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Tải lên</button></div>\n"
	            "</form>\n</section>\n");
}

/* The evidence table's rows. */
struct dti_evidence_rows {
	struct http_exchange *x;
	struct buf *b;
	int year;
	const char *code;
	bool may; /* may withdraw */
	size_t n;
};

static int dti_evidence_row(void *ctx, const struct dti_evidence *e)
{
	struct dti_evidence_rows *r = ctx;
	struct buf *b = r->b;
	bool gone = e->withdrawn_at != NULL;
	bool counts = dti_evidence_counts(r->year, e->doc_date);
	r->n++;
	buf_printf(b, "<tr id=\"evidence-%lld\"%s>", (long long)e->id,
	           gone ? " class=\"withdrawn\"" : "");
	const char *del = gone ? "<del>" : "", *end = gone ? "</del>" : "";
	buf_printf(b, "<td class=\"code\">%s", del);
	escape_html(b, e->number && e->number[0] ? e->number : "—");
	buf_printf(b, "%s</td><td>%s", end, del);
	escape_html(b, e->title);
	buf_puts(b, end);
	if (gone) {
		buf_puts(b, "<span class=\"note-withdrawn\">Đã rút ngày ");
		page_utc(b, e->withdrawn_at);
		escape_htmlf(b, " (%s)</span>", e->withdrawn_by ? e->withdrawn_by : "");
	}
	buf_puts(b, "</td><td class=\"code\">");
	page_date(b, e->doc_date);
	if (!counts)
		buf_puts(b, "<span class=\"outside-year\">ngoài năm đánh giá — không được "
		            "tính</span>");
	escape_htmlf(b, "</td><td>%s</td><td>", e->summary && e->summary[0] ? e->summary : "—");
	if (e->has_file) {
		escape_htmlf(b,
		             "<a href=\"/dti/evidence/%lld\" download>%s</a><span class=\"muted "
		             "file-meta\">",
		             (long long)e->id, e->file_name ? e->file_name : "tệp");
		dti_size(b, e->size_bytes);
		escape_htmlf(b, ", %s</span>", e->media_type ? e->media_type : "");
	} else {
		buf_puts(b, "<span class=\"muted\">Không có tệp</span>");
	}
	buf_puts(b, "</td><td>");
	page_utc(b, e->recorded_at);
	escape_htmlf(b, "<span class=\"muted file-meta\">%s</span></td>",
	             e->author ? e->author : "");
	if (r->may) {
		buf_puts(b, "<td>");
		if (!gone) {
			escape_htmlf(b,
			             "<form class=\"inline-form\" method=\"post\" "
			             "action=\"/dti/evidence/%lld/withdraw\">",
			             (long long)e->id);
			page_csrf(b, r->x->csrf);
			char y[16];
			snprintf(y, sizeof y, "%d", r->year);
			page_hidden(b, "year", y);
			page_hidden(b, "code", r->code);
			/* the name in aria-label, not in an .sr-only span: positioned absolutely,
			 * that would escape the scrolling table and widen the page */
			escape_htmlf(b,
			             "<button type=\"submit\" class=\"button-secondary\" "
			             "aria-label=\"Rút tài liệu %s\">Rút</button></form>",
			             e->title);
		}
		buf_puts(b, "</td>");
	}
	buf_puts(b, "</tr>\n");
	return 0;
}

/* One state of the entry's history. */
static int dti_history_row(void *ctx, const struct dti_entry *e)
{
	struct buf *b = ctx;
	buf_printf(b, "<tr><td class=\"num\">%lld</td><td class=\"code\">", (long long)e->version);
	page_utc(b, e->updated_at);
	escape_htmlf(b, "</td><td>%s</td><td class=\"num\">", e->author ? e->author : "");
	if (e->has_value)
		dti_value(b, e->value);
	else
		buf_puts(b, "—");
	escape_htmlf(b, "</td><td>%s</td><td class=\"code\">", e->unit ? e->unit : "—");
	page_date(b, e->due);
	buf_puts(b, "</td><td>");
	dti_status_badge(b, e->status);
	escape_htmlf(b, "</td><td>%s</td><td>%s</td></tr>\n", e->indicator ? e->indicator : "—",
	             e->note && e->note[0] ? e->note : "—");
	return 0;
}

/* The whole page of item i; the status is already set. f NULL: the forms from the entry. */
static void dti_item_render(struct http_exchange *x, const struct dti_assessment *a, size_t i,
                            const struct dti_forms *f, const struct dti_message *msg)
{
	const struct dti_item *it = &a->items[i];
	struct dti_forms own;
	if (!f) {
		dti_forms_of(x, a, i, &own);
		f = &own;
	}
	unsigned rights = app_dti_rights(x->app, a, i);
	struct buf evidence, history, url, title;
	buf_init(&evidence, 0);
	buf_init(&history, 0);
	buf_init(&url, 0);
	buf_init(&title, 0);
	dti_item_url(&url, a->year, it->code);
	struct dti_evidence_rows rows = {.x = x,
	                                 .b = &evidence,
	                                 .year = a->year,
	                                 .code = it->code,
	                                 .may = (rights & APP_DTI_EVIDENCE) != 0};
	enum app_status st = APP_OK;
	if (a->scored[i]) {
		st =
		    app_dti_evidence_each(x->app, a->year, it->code, true, dti_evidence_row, &rows);
		if (st == APP_OK)
			st = app_dti_history(x->app, a->year, it->code, dti_history_row, &history);
	}
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	buf_printf(&title, "%s: %s", it->code, it->name);
	page_begin(x, buf_cstr(&title), PAGE_NAV_DTI);
	struct buf *b = &x->rs->body;
	buf_printf(b, "<p><a href=\"/dti?year=%d\">← DTI năm %d</a></p>\n", a->year, a->year);
	if (msg && msg->ok)
		page_notice(b, PAGE_NOTICE_OK, msg->ok);
	if (msg && msg->error && msg->d && msg->d->count)
		page_diag(b, msg->error, "item-errors", msg->d, NULL);
	else if (msg && msg->error)
		page_notice(b, PAGE_NOTICE_ERROR, msg->error);
	dti_fields(x, a, i);
	if (!a->scored[i]) {
		dti_components(x, a, i);
		page_end(x);
		goto out;
	}
	if (rights & APP_DTI_VALUE)
		dti_value_form(x, a, i, rights, f, buf_cstr(&url));
	if (rights & APP_DTI_ASSIGN)
		dti_assign_form(x, f, buf_cstr(&url));
	if (!(rights & (APP_DTI_VALUE | APP_DTI_ASSIGN | APP_DTI_EVIDENCE)))
		buf_puts(b,
		         "<p class=\"muted\" id=\"read-only\">Tài khoản của bạn chỉ được xem mục "
		         "này: giá trị và minh chứng do người cập nhật của đơn vị chịu trách nhiệm "
		         "nhập; mục đã thẩm định chỉ quản trị viên sửa được.</p>\n");

	buf_puts(b, "<h2 id=\"h-evidence\">Tài liệu kiểm chứng</h2>\n");
	static const struct page_col cols[] = {{"Số hiệu", false},      {"Tên văn bản", false},
	                                       {"Ngày văn bản", false}, {"Trích yếu", false},
	                                       {"Tệp", false},          {"Ghi nhận", false},
	                                       {"Thao tác", false}};
	size_t ncols = rows.may ? 7 : 6;
	page_table_begin(b, "evidence", "Tài liệu kiểm chứng (kể cả tài liệu đã rút)", cols, ncols);
	if (rows.n == 0)
		buf_printf(b,
		           "<tr><td colspan=\"%zu\">Chưa có tài liệu kiểm chứng nào.</td></tr>\n",
		           ncols);
	buf_append(b, evidence.data, evidence.len);
	page_table_end(b);
	if (rights & APP_DTI_EVIDENCE)
		dti_evidence_form(x, a, f, buf_cstr(&url));

	static const struct page_col hcols[] = {
	    {"Phiên bản", true},       {"Ghi lúc (UTC)", false},
	    {"Người cập nhật", false}, {"Giá trị", true},
	    {"Đơn vị", false},         {"Hạn", false},
	    {"Trạng thái", false},     {"Chỉ tiêu liên kết", false},
	    {"Ghi chú", false}};
	buf_puts(b, "<h2 id=\"h-history\">Lịch sử cập nhật</h2>\n");
	page_table_begin(b, "history", "Lịch sử cập nhật, theo thứ tự thời gian", hcols, 9);
	if (history.len == 0)
		buf_puts(b, "<tr><td colspan=\"9\">Chưa ghi lần nào.</td></tr>\n");
	buf_append(b, history.data, history.len);
	page_table_end(b);
	page_end(x);
out:
	buf_finish(&evidence);
	buf_finish(&history);
	buf_finish(&url);
	buf_finish(&title);
}

/* GET /dti/{year}/{code} */
void web_dti_item(struct http_exchange *x)
{
	int year;
	const char *code;
	struct dti_assessment a;
	size_t i;
	if (dti_route(x, &year, &code) < 0)
		return;
	if (dti_load(x, year, code, &a, &i) == 0) {
		const char *q;
		int64_t n;
		char ok[96];
		struct dti_message msg = {0};
		if ((q = page_query(x, "saved")))
			msg.ok = strcmp(q, "0") == 0 ? "Không có gì thay đổi." : "Đã lưu.";
		else if (page_query(x, "assigned"))
			msg.ok = "Đã lưu giao việc.";
		else if (page_query(x, "withdrawn"))
			msg.ok =
			    "Đã rút tài liệu kiểm chứng: tài liệu vẫn được lưu nhưng không còn "
			    "được tính.";
		else if (page_parse_int(page_query(x, "added"), 1, INT64_MAX, &n) == 0) {
			snprintf(ok, sizeof ok, "Đã thêm tài liệu kiểm chứng (số %lld).",
			         (long long)n);
			msg.ok = ok;
		}
		x->rs->status = 200;
		dti_item_render(x, &a, i, NULL, &msg);
	}
	dti_assessment_clear(&a);
}

/* Back to the item's page with a notice (303). */
static void dti_back(struct http_exchange *x, int year, const char *code, const char *query)
{
	struct buf url;
	buf_init(&url, 0);
	dti_item_url(&url, year, code);
	buf_puts(&url, query);
	http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, buf_cstr(&url)));
	x->rs->no_store = true;
	buf_finish(&url);
}

static bool dti_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Reads the value form into c, starting f from the entry's state; problems go to d. */
static void dti_read_value(struct http_exchange *x, const struct dti_entry *e,
                           struct app_dti_change *c, struct dti_forms *f, struct diag *d)
{
	const char *s = page_form(x, "value");
	const char *clear = page_form(x, "clear_value");
	if (s)
		f->value.value = s;
	if (clear && strcmp(clear, "1") == 0) {
		f->value.clear = true;
		c->has_value = c->clear_value = true;
	} else if (s && s[0]) {
		double v;
		if (dti_parse_number(s, &v) < 0) {
			f->value.bad_value = true;
			diag_add(
			    d, NULL, 0, "value",
			    "giá trị phải là một số, ví dụ 90,5 hoặc 90.5 (không dùng dấu phân "
			    "cách hàng nghìn)");
		} else if (!e->has_value || v != e->value) {
			c->has_value = true;
			c->value = v;
		}
	}
	s = page_form(x, "status");
	if (s && s[0]) {
		f->value.status = s;
		enum dti_status st;
		if (dti_status_parse(s, &st) < 0) {
			f->value.bad_status = true;
			diag_add(d, NULL, 0, "status", "trạng thái không hợp lệ");
		} else if (st != e->status) {
			c->has_status = true;
			c->status = st;
		}
	}
	s = page_form(x, "note");
	if (s) {
		f->value.note = s;
		if (dti_differs(s, e->note))
			c->note = s;
	}
}

/* Reads the assignment form into c; problems go to d. */
static void dti_read_assign(struct http_exchange *x, const struct dti_entry *e,
                            struct app_dti_change *c, struct dti_forms *f, struct diag *d)
{
	const char *s = page_form(x, "unit");
	if (s) {
		f->assign.unit = s;
		if (dti_differs(s, e->unit))
			c->unit = s;
	}
	s = page_form(x, "due");
	if (s) {
		f->assign.due = s;
		struct date due = {0, 0, 0};
		const char *why;
		if (s[0] && date_parse(s, strlen(s), &due, &why) < 0) {
			f->assign.bad_due = true;
			diag_add(d, NULL, 0, "due",
			         "hạn hoàn thành không hợp lệ: dùng dạng ngày/tháng/năm, ví dụ "
			         "30/11/2023");
		} else if (date_compare(due, e->due) != 0) {
			c->has_due = true;
			c->due = due;
		}
	}
	s = page_form(x, "indicator");
	if (s) {
		f->assign.indicator = s;
		if (dti_differs(s, e->indicator))
			c->indicator = s;
	}
}

/* POST /dti/{year}/{code}: the value form or the assignment form, then back (303). */
void web_dti_item_post(struct http_exchange *x)
{
	int year;
	const char *code;
	struct dti_assessment a;
	size_t i;
	struct diag d;
	struct dti_forms f;
	struct app_dti_change c = {0};
	diag_init(&d);
	if (dti_route(x, &year, &code) < 0)
		goto out_diag;
	const char *which = page_form(x, "form");
	bool assign = which && strcmp(which, "assign") == 0;
	if (!which || (!assign && strcmp(which, "value") != 0)) {
		web_error(x, 400, "Biểu mẫu không hợp lệ: hãy tải lại trang và thử lại.");
		goto out_diag;
	}
	if (dti_load(x, year, code, &a, &i) < 0)
		goto out;
	if (!a.scored[i]) {
		web_error(x, 422,
		          "Chỉ số chính được tính từ các chỉ tiêu thành phần: hãy cập nhật "
		          "từng chỉ tiêu thành phần.");
		goto out;
	}
	const struct dti_entry *e = &a.entries[i];
	dti_forms_of(x, &a, i, &f);
	if (assign)
		dti_read_assign(x, e, &c, &f, &d);
	else
		dti_read_value(x, e, &c, &f, &d);
	const char *v = page_form(x, "version");
	int64_t version = 0;
	if (v && v[0] && page_parse_int(v, 0, INT64_MAX, &version) < 0)
		diag_add(&d, NULL, 0, "version", "phiên bản không hợp lệ");
	c.expected_version = version;
	f.version = version;
	bool nothing =
	    !c.has_value && !c.has_status && !c.note && !c.unit && !c.has_due && !c.indicator;
	if (nothing && !d.count) {
		dti_back(x, year, code, "?saved=0");
		goto out;
	}
	enum app_status st =
	    d.count ? APP_BAD_INPUT : app_dti_set(x->app, year, code, &c, &d, NULL);
	if (st == APP_OK) {
		dti_back(x, year, code, assign ? "?assigned=1" : "?saved=1");
		goto out;
	}
	if (st == APP_FORBIDDEN) {
		web_error(
		    x, 403,
		    assign ? "Chỉ quản trị viên được giao đơn vị, hạn và chỉ tiêu liên kết."
		    : c.has_status && c.status == DTI_VERIFIED
		        ? "Chỉ quản trị viên được xác nhận “đã thẩm định”."
		        : "Bạn không có quyền cập nhật mục này: chỉ người cập nhật của đơn vị "
		          "chịu trách nhiệm (hoặc đơn vị cấp trên) và quản trị viên; mục đã "
		          "thẩm định chỉ quản trị viên sửa được.");
		goto out;
	}
	if (st == APP_NOT_FOUND) {
		web_error(x, 404, "Không tìm thấy mục này trong khung chỉ số của năm.");
		goto out;
	}
	if (st != APP_BAD_INPUT && st != APP_CONFLICT) {
		page_fail(x, st);
		goto out;
	}
	if (st == APP_CONFLICT) {
		/* the item as it now is; the user's note is kept */
		const char *note = f.value.note;
		dti_assessment_clear(&a);
		if (dti_load(x, year, code, &a, &i) < 0)
			goto out;
		dti_forms_of(x, &a, i, &f);
		if (!assign && note)
			f.value.note = note;
		x->rs->status = 409;
		dti_item_render(x, &a, i, &f,
		                &(struct dti_message){.error =
		                                          "Mục này đã được người khác cập nhật; "
		                                          "dữ liệu dưới đây là mới nhất. Hãy "
		                                          "kiểm tra rồi lưu lại."});
		goto out;
	}
	/* 422: what was sent, with every message */
	for (size_t k = 0; k < d.count; k++) {
		const char *col = d.items[k].column;
		if (!col)
			continue;
		f.value.bad_value |= strcmp(col, "value") == 0;
		f.value.bad_status |= strcmp(col, "status") == 0;
		f.value.bad_note |= strcmp(col, "note") == 0;
		f.assign.bad_unit |= strcmp(col, "unit") == 0;
		f.assign.bad_due |= strcmp(col, "due") == 0;
		f.assign.bad_indicator |= strcmp(col, "indicator") == 0;
	}
	x->rs->status = 422;
	dti_item_render(
	    x, &a, i, &f,
	    &(struct dti_message){.error = "Chưa lưu được vì dữ liệu chưa hợp lệ:", .d = &d});
out:
	dti_assessment_clear(&a);
out_diag:
	diag_finish(&d);
}

/* POST /dti/{year}/{code}/evidence: a document reference and optionally its file. */
void web_dti_evidence_post(struct http_exchange *x)
{
	int year;
	const char *code;
	struct dti_assessment a;
	size_t i;
	struct diag d;
	struct dti_forms f;
	diag_init(&d);
	if (dti_route(x, &year, &code) < 0)
		goto out_diag;
	if (dti_load(x, year, code, &a, &i) < 0)
		goto out;
	dti_forms_of(x, &a, i, &f);
	f.evidence.number = page_form(x, "number");
	f.evidence.title = page_form(x, "title");
	f.evidence.date = page_form(x, "date");
	f.evidence.summary = page_form(x, "summary");
	const struct http_upload *up = &x->rq->upload;
	struct app_dti_evidence_new n = {
	    .number = f.evidence.number,
	    .title = f.evidence.title ? f.evidence.title : "",
	    .summary = f.evidence.summary,
	};
	if (up->field) {
		n.file = up->data;
		n.file_bytes = up->len;
		n.file_name = up->filename;
	}
	const char *why;
	if (!f.evidence.date || !f.evidence.date[0]) {
		f.evidence.bad_date = true;
		diag_add(&d, NULL, 0, "date", "hãy nhập ngày văn bản");
	} else if (date_parse(f.evidence.date, strlen(f.evidence.date), &n.doc_date, &why) < 0) {
		f.evidence.bad_date = true;
		diag_add(&d, NULL, 0, "date",
		         "ngày văn bản không hợp lệ: dùng dạng ngày/tháng/năm, ví dụ 15/03/2023");
	}
	int64_t id = 0;
	enum app_status st =
	    d.count ? APP_BAD_INPUT : app_dti_evidence_add(x->app, year, code, &n, &d, &id);
	if (st == APP_OK) {
		char q[48];
		snprintf(q, sizeof q, "?added=%lld#evidence-%lld", (long long)id, (long long)id);
		dti_back(x, year, code, q);
		goto out;
	}
	if (st == APP_FORBIDDEN) {
		web_error(
		    x, 403,
		    "Bạn không có quyền thêm tài liệu kiểm chứng cho mục này: chỉ người cập "
		    "nhật của đơn vị chịu trách nhiệm (hoặc đơn vị cấp trên) và quản trị viên; "
		    "mục đã thẩm định chỉ quản trị viên sửa được.");
		goto out;
	}
	if (st == APP_NOT_FOUND) {
		web_error(x, 404,
		          "Mục này không nhận tài liệu kiểm chứng (không phải chỉ tiêu được "
		          "chấm điểm).");
		goto out;
	}
	if (st != APP_BAD_INPUT) {
		page_fail(x, st);
		goto out;
	}
	for (size_t k = 0; k < d.count; k++) {
		const char *col = d.items[k].column;
		f.evidence.bad_title |= col && strcmp(col, "title") == 0;
		f.evidence.bad_file |= col && strcmp(col, "file") == 0;
	}
	x->rs->status = 422;
	dti_item_render(x, &a, i, &f,
	                &(struct dti_message){.error = "Chưa thêm được tài liệu kiểm chứng (nếu đã "
	                                               "chọn tệp, hãy chọn lại):",
	                                      .d = &d});
out:
	dti_assessment_clear(&a);
out_diag:
	diag_finish(&d);
}

/* The evidence id of the route, or -1 with the 404 page. */
static int64_t dti_evidence_id(struct http_exchange *x)
{
	int64_t id;
	if (x->rq->route_param_count < 1 ||
	    page_parse_int(x->rq->route_params[0], 1, INT64_MAX, &id) < 0) {
		web_error(x, 404, "Không có tài liệu kiểm chứng ở địa chỉ này.");
		return -1;
	}
	return id;
}

/* POST /dti/evidence/{id}/withdraw: it stays on record and no longer counts; then back to the
 * item (year and code of the form), or to /dti. */
void web_dti_evidence_withdraw(struct http_exchange *x)
{
	struct diag d;
	diag_init(&d);
	int64_t id = dti_evidence_id(x);
	if (id < 0)
		goto out;
	enum app_status st = app_dti_evidence_withdraw(x->app, id, &d);
	if (st == APP_OK) {
		int64_t year;
		const char *code = page_form(x, "code");
		if (page_parse_int(page_form(x, "year"), TASK_YEAR_MIN, TASK_YEAR_MAX, &year) ==
		        0 &&
		    code && code[0])
			dti_back(x, (int)year, code, "?withdrawn=1#h-evidence");
		else
			http_redirect(x->rs, x->rq->arena, "/dti");
		x->rs->no_store = true;
	} else if (st == APP_FORBIDDEN) {
		web_error(x, 403,
		          "Bạn không có quyền rút tài liệu kiểm chứng của mục này: chỉ người cập "
		          "nhật của đơn vị chịu trách nhiệm và quản trị viên.");
	} else if (st == APP_NOT_FOUND) {
		web_error(x, 404, "Không có tài liệu kiểm chứng này.");
	} else if (st == APP_BAD_INPUT) {
		web_error(x, 422, "Tài liệu kiểm chứng này đã được rút trước đó.");
	} else {
		page_fail(x, st);
	}
out:
	diag_finish(&d);
}

/* GET /dti/evidence/{id}: the file, to any signed-in user, as an attachment that cannot run in
 * the site's origin. */
void web_dti_evidence_file(struct http_exchange *x)
{
	struct dti_evidence meta = {0};
	struct buf content;
	buf_init(&content, DTI_EVIDENCE_MAX_BYTES + 1);
	int64_t id = dti_evidence_id(x);
	if (id < 0)
		goto out;
	enum app_status st = app_dti_evidence_file(x->app, id, &meta, &content);
	if (st == APP_NOT_FOUND) {
		web_error(x, 404, "Không có tệp của tài liệu kiểm chứng này.");
		goto out;
	}
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	exchange_send_file(x, meta.media_type, meta.file_name, meta.sha256, &content);
out:
	dti_evidence_clear(&meta);
	buf_finish(&content);
}
