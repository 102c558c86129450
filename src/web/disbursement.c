/* disbursement.c — disbursement monitoring (Giải ngân) and Finance's allocations (Phân cấp).
 *
 *   GET  /disbursement?year=Y&as_of=DATE&investor=CODE
 *                      plan against actual by month as a chart (the province, and the investor
 *                      when one is chosen), the projection with its method, a table per investor,
 *                      the alerts (flagged tasks linked to their pages, idle and bottleneck
 *                      units), and every task's colour with an administrator's override
 *   GET  /allocations?year=Y      allocated, committed and disbursed per unit with the
 *                                 bottleneck marks; for finance and admin the form below
 *   POST /allocations             an allocation: year, unit, vnd ("1.000.000.000"), note, csrf
 *                                 (303 back; 422 with every message; 403 for other roles)
 *
 * The figures are app_disbursement's and app_allocations' (the rules of core/disbursement.h),
 * the same as `dxtrack disbursement` and `dxtrack allocations`.
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../core/user.h"
#include "../http/escape.h"
#include "../report/chart_svg.h"
#include "../text/vnfmt.h"
#include "page.h"
#include "web.h"

/* "53,0 %" */
static void disb_pct(struct buf *b, int64_t part, int64_t whole)
{
	vnfmt_fixed(b, money_pct_x10(part, whole), 1);
	buf_puts(b, " %");
}

/* The colour as a badge with its word: <span class="rag rag-red">Đỏ</span>. */
static void disb_badge(struct buf *b, enum disbursement_colour c)
{
	static const char *const words[DISBURSEMENT_COLOUR_COUNT] = {[DISBURSEMENT_GREEN] = "Xanh",
	                                                             [DISBURSEMENT_AMBER] = "Vàng",
	                                                             [DISBURSEMENT_RED] = "Đỏ"};
	buf_printf(b, "<span class=\"rag rag-%s\">%s</span>", disbursement_colour_code(c),
	           words[c]);
}

/* The badge of the colour shown; when overridden, who set it, when and why, and the computed
 * colour. */
static void disb_colour(struct buf *b, const struct disbursement_task *k)
{
	disb_badge(b, disbursement_task_shown(k));
	if (!k->overridden)
		return;
	escape_htmlf(b, " <span class=\"muted\">đặt tay bởi %s ngày ", k->override.author);
	page_date(b, k->override.on_date);
	escape_htmlf(b, ": “%s” (tính toán: ", k->override.comment);
	buf_puts(b, disbursement_colour_label_vi(k->computed));
	buf_puts(b, ")</span>");
}

static void disb_flags(struct buf *b, unsigned flags)
{
	if (flags & DISBURSEMENT_FLAG_PROGRESS)
		buf_printf(b, "Giải ngân thấp hơn tiến độ thực hiện hơn %d điểm",
		           DISBURSEMENT_PROGRESS_GAP_POINTS);
	if ((flags & DISBURSEMENT_FLAG_PROGRESS) && (flags & DISBURSEMENT_FLAG_SCHEDULE))
		buf_puts(b, "; ");
	if (flags & DISBURSEMENT_FLAG_SCHEDULE)
		buf_printf(b, "%siải ngân chậm hơn kế hoạch đến ngày hơn %d điểm",
		           flags & DISBURSEMENT_FLAG_PROGRESS ? "g" : "G",
		           DISBURSEMENT_SCHEDULE_GAP_POINTS);
}

/* "chậm; đứng yên 104 ngày" */
static void disb_bottleneck(struct buf *b, const struct disbursement_department *dep)
{
	if (dep->slow)
		buf_puts(b, "Chậm");
	if (dep->slow && dep->idle)
		buf_puts(b, "; đ");
	else if (dep->idle)
		buf_puts(b, "Đ");
	if (dep->idle)
		buf_printf(b, "ứng yên %lld ngày", (long long)dep->idle_days);
	if (!dep->slow && !dep->idle)
		buf_puts(b, "—");
}

static void disb_chart(struct buf *b, const char *id, const char *title,
                       const struct disbursement_line *l)
{
	buf_puts(b, "<figure>\n<figcaption>");
	escape_html(b, title);
	buf_puts(b, "</figcaption>\n");
	chart_svg_plan_actual(b, id, title, l->planned_vnd, l->actual_vnd);
	buf_puts(b, "</figure>\n");
}

static void disb_projection(struct buf *b, const struct disbursement *r)
{
	const struct disbursement_line *l = &r->total;
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-projection\">\n"
	            "<h2 id=\"h-projection\">Dự báo đến cuối năm</h2>\n<p id=\"actual\">Đã giải "
	            "ngân đến ngày ");
	page_date(b, r->as_of);
	buf_puts(b, ": <strong>");
	page_vnd(b, l->actual_as_of_vnd);
	buf_puts(b, "</strong>, đạt ");
	disb_pct(b, l->actual_as_of_vnd, l->planned_as_of_vnd);
	buf_puts(b, " kế hoạch lũy kế (");
	page_vnd(b, l->planned_as_of_vnd);
	buf_puts(b, ").</p>\n<p id=\"projection\">Dự báo giải ngân đến ");
	vnfmt_date(b, r->year, 12, 31);
	buf_puts(b, ": <strong>");
	page_vnd(b, l->projected_vnd);
	buf_puts(b, "</strong>, đạt ");
	disb_pct(b, l->projected_vnd, l->budget_vnd);
	buf_puts(b, " kế hoạch năm (");
	page_vnd(b, l->budget_vnd);
	buf_puts(b, ").</p>\n<p id=\"projection-method\">Phương pháp: ");
	if (r->method == DISBURSEMENT_SEASONAL) {
		buf_puts(b, "theo mùa vụ của các năm ");
		for (size_t i = 0; i < r->n_shape_years; i++)
			buf_printf(b, "%s%d", i ? ", " : "", r->shape_years[i]);
		buf_printf(b, " — đến ngày %02d/%02d các năm đó đã giải ngân trung bình ",
		           r->as_of.day, r->as_of.month);
		vnfmt_fixed(b, (r->share_ppm + 500) / 1000, 1);
		buf_puts(b, " % số giải ngân cả năm; dự báo = số đã giải ngân / tỷ lệ đó.");
	} else {
		buf_puts(b, "tuyến tính — số đã giải ngân đến ngày ");
		page_date(b, r->as_of);
		buf_printf(b,
		           " × %d/%d ngày của năm; chưa có năm trước nào có lịch sử giải ngân theo "
		           "tháng (số liệu trong ít nhất %d tháng).",
		           disbursement_days_in_year(r->year),
		           disbursement_days_gone(r->year, r->as_of),
		           DISBURSEMENT_SHAPE_MIN_MONTHS);
	}
	buf_puts(b, " Kế hoạch: kinh phí mỗi nhiệm vụ chia đều theo ngày từ ngày bắt đầu đến ngày "
	            "kết thúc.</p>\n</section>\n");
}

static void disb_investors(struct buf *b, const struct disbursement *r)
{
	static const struct page_col cols[] = {
	    {"Chủ đầu tư", false},
	    {"Số nhiệm vụ", true},
	    {"Kinh phí (triệu đồng)", true},
	    {"Kế hoạch lũy kế (triệu đồng)", true},
	    {"Đã giải ngân (triệu đồng)", true},
	    {"Đạt kế hoạch lũy kế", true},
	    {"Dự báo cuối năm (triệu đồng)", true},
	    {"Xanh", true},
	    {"Vàng", true},
	    {"Đỏ", true},
	};
	page_table_begin(b, "by-investor", "Giải ngân theo chủ đầu tư", cols, 10);
	for (size_t i = 0; i <= r->n_investors; i++) {
		bool total = i == r->n_investors;
		const struct disbursement_line *l = total ? &r->total : &r->investors[i];
		if (total)
			buf_puts(b, "<tr class=\"total\"><th scope=\"row\">Tổng cộng</th>");
		else
			escape_htmlf(b, "<tr><th scope=\"row\">%s</th>",
			             l->name ? l->name : l->code);
		buf_puts(b, "<td class=\"num\">");
		vnfmt_int(b, l->tasks);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, l->budget_vnd);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, l->planned_as_of_vnd);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, l->actual_as_of_vnd);
		buf_puts(b, "</td><td class=\"num\">");
		disb_pct(b, l->actual_as_of_vnd, l->planned_as_of_vnd);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, l->projected_vnd);
		for (int c = 0; c < DISBURSEMENT_COLOUR_COUNT; c++) {
			buf_puts(b, "</td><td class=\"num\">");
			vnfmt_int(b, l->colours[c]);
		}
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
}

/* One task row: code (linked), name, investor, figures, colour, and (flags) the flags. */
static void disb_task_row(struct buf *b, const struct disbursement *r,
                          const struct disbursement_task *k, bool flags)
{
	struct buf url;
	buf_init(&url, 0);
	page_task_url(&url, r->year, k->code);
	escape_htmlf(b, "<tr><td class=\"code\"><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td>",
	             buf_cstr(&url), k->code, k->name ? k->name : "", k->investor);
	buf_finish(&url);
	buf_puts(b, "<td class=\"num\">");
	disb_pct(b, k->state.disbursed_vnd, k->budget_vnd);
	buf_printf(b, "</td><td class=\"num\">%d %%</td><td class=\"num\">", k->state.progress_pct);
	if (k->elapsed_x10 >= 0) {
		vnfmt_fixed(b, k->elapsed_x10, 1);
		buf_puts(b, " %");
	} else {
		buf_puts(b, "—");
	}
	buf_puts(b, "</td><td>");
	if (flags) {
		disb_flags(b, k->flags);
		buf_puts(b, "</td><td>");
	}
	disb_colour(b, k);
	buf_puts(b, "</td></tr>\n");
}

static void disb_alerts(struct buf *b, const struct disbursement *r)
{
	static const struct page_col cols[] = {
	    {"Mã", false},       {"Tên nhiệm vụ", false}, {"Chủ đầu tư", false},
	    {"Giải ngân", true}, {"Tiến độ", true},       {"Thời gian đã qua", true},
	    {"Cảnh báo", false}, {"Màu", false},
	};
	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-alerts\">\n"
	            "<h2 id=\"h-alerts\">Cảnh báo</h2>\n");
	char caption[96];
	snprintf(caption, sizeof caption, "Nhiệm vụ chậm giải ngân (%d)", r->total.flagged);
	page_table_begin(b, "alerts-tasks", caption, cols, 8);
	if (r->total.flagged == 0)
		buf_puts(b,
		         "<tr><td colspan=\"8\">Không có nhiệm vụ nào chậm giải ngân.</td></tr>\n");
	for (size_t i = 0; i < r->n_tasks; i++)
		if (r->tasks[i].flags)
			disb_task_row(b, r, &r->tasks[i], true);
	page_table_end(b);

	const struct disbursement_departments *v = &r->departments;
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		n += disbursement_department_bottleneck(&v->items[i]);
	buf_printf(b, "<h3>Đơn vị ách tắc (%zu)</h3>\n<ul id=\"alerts-units\">\n", n);
	if (n == 0)
		buf_puts(b, v->n ? "<li>Không có đơn vị nào ách tắc.</li>\n"
		                 : "<li>Chưa có phân cấp kinh phí.</li>\n");
	for (size_t i = 0; i < v->n; i++) {
		const struct disbursement_department *dep = &v->items[i];
		if (!disbursement_department_bottleneck(dep))
			continue;
		escape_htmlf(b, "<li><strong>%s — %s</strong>: ", dep->allocation.unit,
		             dep->name ? dep->name : "?");
		disb_bottleneck(b, dep);
		buf_puts(b, "; phân cấp ");
		page_vnd(b, dep->allocation.amount_vnd);
		buf_puts(b, ", đã giải ngân ");
		page_vnd(b, dep->disbursed_vnd);
		if (date_is_set(dep->last_rise)) {
			buf_puts(b, " (lần tăng cuối: ");
			page_date(b, dep->last_rise);
			buf_puts(b, ")");
		}
		buf_puts(b, ".</li>\n");
	}
	buf_printf(
	    b,
	    "</ul>\n<p class=\"muted\">Chậm giải ngân: tỷ lệ giải ngân thấp hơn tiến độ thực "
	    "hiện hơn %d điểm, hoặc thấp hơn kế hoạch đến ngày hơn %d điểm. Ách tắc: tỷ lệ "
	    "giải ngân trên số phân cấp thấp hơn phần thời gian đã qua của năm hơn %d điểm "
	    "(chậm), hoặc còn tiền chưa giải ngân mà không tăng giải ngân trong ít nhất %d "
	    "ngày (đứng yên). <a href=\"/allocations?year=%d\">Xem phân cấp kinh phí</a>.</p>"
	    "\n</section>\n",
	    DISBURSEMENT_PROGRESS_GAP_POINTS, DISBURSEMENT_SCHEDULE_GAP_POINTS,
	    DISBURSEMENT_BOTTLENECK_POINTS, DISBURSEMENT_IDLE_DAYS, r->year);
}

static void disb_tasks(struct buf *b, const struct disbursement *r)
{
	static const struct page_col cols[] = {
	    {"Mã", false},       {"Tên nhiệm vụ", false}, {"Chủ đầu tư", false},
	    {"Giải ngân", true}, {"Tiến độ", true},       {"Thời gian đã qua", true},
	    {"Màu", false},
	};
	page_table_begin(b, "task-colours", "Màu từng nhiệm vụ", cols, 7);
	for (size_t i = 0; i < r->n_tasks; i++)
		disb_task_row(b, r, &r->tasks[i], false);
	page_table_end(b);
	buf_printf(b,
	           "<p class=\"muted\">Màu: Đỏ khi tạm dừng, hoãn, hoặc chậm tiến độ (quá ngày kết "
	           "thúc chưa xong, hoặc tiến độ chậm hơn thời gian đã qua hơn 25 điểm); Vàng khi "
	           "tiến độ chậm hơn thời gian đã qua hơn %d điểm hoặc có cảnh báo giải ngân; Xanh "
	           "trong các trường hợp còn lại. Màu do quản trị viên đặt tay được hiển thị kèm "
	           "người đặt, ngày và lý do.</p>\n",
	           DISBURSEMENT_AMBER_POINTS);
}

static void disb_filter(struct buf *b, int year, const char *as_of, const char *investor)
{
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	buf_puts(b, "<form class=\"year-picker\" method=\"get\" action=\"/disbursement\">\n");
	page_input(b, &(struct page_field){.name = "year",
	                                   .label = "Năm",
	                                   .type = "number",
	                                   .value = y,
	                                   .attrs = "min=\"2000\" max=\"2100\" step=\"1\""});
	page_input(
	    b, &(struct page_field){
	           .name = "as_of", .label = "Số liệu đến ngày", .type = "date", .value = as_of});
	page_input(b, &(struct page_field){.name = "investor",
	                                   .label = "Mã chủ đầu tư (để trống: toàn tỉnh)",
	                                   .value = investor});
	buf_puts(b, "<button type=\"submit\" class=\"button-secondary\">Xem</button>\n</form>\n");
}

/* ?year= (default: the default year); 400 page and -1 when it is not a year. */
static int disb_year(struct http_exchange *x, int *year)
{
	int64_t y = exchange_default_year(x);
	const char *qy = page_query(x, "year");
	if (qy && qy[0] && page_parse_int(qy, TASK_YEAR_MIN, TASK_YEAR_MAX, &y) < 0) {
		web_error(x, 400, "Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.");
		return -1;
	}
	*year = (int)y;
	return 0;
}

/* GET /disbursement?year=Y&as_of=DATE&investor=CODE */
void web_disbursement(struct http_exchange *x)
{
	struct disbursement all, scoped;
	struct diag d;
	bool have_all = false, have_scoped = false;
	struct date as_of = {0, 0, 0};
	int year;
	diag_init(&d);
	if (disb_year(x, &year) < 0)
		goto out;
	const char *as_of_text = page_query(x, "as_of");
	const char *investor = page_query(x, "investor");
	if (investor && !investor[0])
		investor = NULL;
	if (as_of_text && as_of_text[0]) {
		const char *why;
		if (date_parse(as_of_text, strlen(as_of_text), &as_of, &why) < 0) {
			web_error(x, 400, "Ngày không hợp lệ: hãy nhập ngày dạng 2023-12-14.");
			goto out;
		}
	}
	enum app_status st = app_disbursement(x->app, year, NULL, as_of, &all, &d);
	have_all = true;
	if (st == APP_OK && investor) {
		st = app_disbursement(x->app, year, investor, as_of, &scoped, &d);
		have_scoped = true;
	}
	if (st == APP_NOT_FOUND) {
		web_error(x, 404, "Không có chủ đầu tư với mã này.");
		goto out;
	}
	if (st == APP_BAD_INPUT) {
		web_error(x, 400, "Ngày lấy số liệu phải thuộc năm được chọn (hoặc sau đó).");
		goto out;
	}
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	const struct disbursement *r = have_scoped ? &scoped : &all;
	char title[64];
	snprintf(title, sizeof title, "Giải ngân năm %d", year);
	x->rs->status = 200;
	page_begin(x, title, PAGE_NAV_DISBURSEMENT);
	struct buf *b = &x->rs->body;
	disb_filter(b, year, as_of_text, investor);
	buf_puts(b, "<p class=\"muted\">");
	escape_html(b, r->scope_name ? r->scope_name : "Các chủ đầu tư");
	buf_puts(b, ", số liệu đến ngày ");
	page_date(b, r->as_of);
	buf_printf(b,
	           " (%d nhiệm vụ). <a href=\"/allocations?year=%d\">Phân cấp kinh phí</a></p>\n",
	           r->total.tasks, year);

	buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-charts\">\n"
	            "<h2 id=\"h-charts\">Kế hoạch và thực tế giải ngân lũy kế theo tháng</h2>\n"
	            "<div class=\"charts\">\n");
	struct buf t;
	buf_init(&t, 0);
	buf_printf(&t, "Giải ngân lũy kế — %s", all.scope_name ? all.scope_name : "toàn tỉnh");
	disb_chart(b, "chart-province", buf_cstr(&t), &all.total);
	if (have_scoped) {
		buf_reset(&t);
		buf_printf(&t, "Giải ngân lũy kế — %s",
		           scoped.scope_name ? scoped.scope_name : investor);
		disb_chart(b, "chart-investor", buf_cstr(&t), &scoped.total);
	}
	buf_finish(&t);
	buf_puts(b, "</div>\n</section>\n");
	disb_projection(b, r);
	buf_puts(b, "<h2>Theo chủ đầu tư</h2>\n");
	disb_investors(b, r);
	disb_alerts(b, r);
	buf_puts(b, "<h2>Màu từng nhiệm vụ</h2>\n");
	disb_tasks(b, r);
	page_end(x);
out:
	if (have_all)
		disbursement_finish(&all);
	if (have_scoped)
		disbursement_finish(&scoped);
	diag_finish(&d);
}

/* ---- allocations ---- */

/* What the allocation form shows: empty, or what was sent back. */
struct alloc_form {
	const char *unit, *vnd, *note;
	bool bad_unit, bad_vnd;
};

static bool alloc_may_write(const struct http_exchange *x)
{
	const struct app_principal *u = page_user(x);
	return u && (u->role == ROLE_FINANCE || user_may_admin(u->role));
}

static void alloc_table(struct buf *b, const struct disbursement_departments *v)
{
	static const struct page_col cols[] = {
	    {"Đơn vị", false},
	    {"Phân cấp (triệu đồng)", true},
	    {"Đã giao (triệu đồng)", true},
	    {"Chưa giao (triệu đồng)", true},
	    {"Đã giải ngân (triệu đồng)", true},
	    {"Giải ngân / phân cấp", true},
	    {"Ngày không tăng", true},
	    {"Ách tắc", false},
	};
	page_table_begin(b, "allocations", "Phân cấp, đã giao và đã giải ngân theo đơn vị", cols,
	                 8);
	if (v->n == 0)
		buf_puts(b, "<tr><td colspan=\"8\">Chưa có phân cấp kinh phí nào.</td></tr>\n");
	for (size_t i = 0; i <= v->n && v->n; i++) {
		bool total = i == v->n;
		const struct disbursement_department *dep = total ? NULL : &v->items[i];
		int64_t allocated = total ? v->allocated_vnd : dep->allocation.amount_vnd;
		int64_t committed = total ? v->committed_vnd : dep->committed_vnd;
		int64_t disbursed = total ? v->disbursed_vnd : dep->disbursed_vnd;
		if (total)
			buf_puts(b, "<tr class=\"total\"><th scope=\"row\">Tổng cộng</th>");
		else
			escape_htmlf(
			    b, "<tr%s><th scope=\"row\">%s — %s</th>",
			    disbursement_department_bottleneck(dep) ? " class=\"bottleneck\"" : "",
			    dep->allocation.unit, dep->name ? dep->name : "?");
		buf_puts(b, "<td class=\"num\">");
		vnfmt_million(b, allocated);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, committed);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, allocated - committed);
		buf_puts(b, "</td><td class=\"num\">");
		vnfmt_million(b, disbursed);
		buf_puts(b, "</td><td class=\"num\">");
		disb_pct(b, disbursed, allocated);
		buf_puts(b, "</td><td class=\"num\">");
		if (!total)
			vnfmt_int(b, dep->idle_days);
		buf_puts(b, "</td><td>");
		if (!total) {
			if (disbursement_department_bottleneck(dep))
				buf_puts(b, "<span class=\"rag rag-red\">");
			disb_bottleneck(b, dep);
			if (disbursement_department_bottleneck(dep))
				buf_puts(b, "</span>");
		}
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
}

static void alloc_render(struct http_exchange *x, int year, const struct alloc_form *f,
                         const char *notice, const char *error, struct diag *d)
{
	struct disbursement_departments v;
	struct diag rd;
	diag_init(&rd);
	enum app_status st = app_allocations(x->app, year, (struct date){0, 0, 0}, &v, &rd);
	if (st != APP_OK) {
		page_fail(x, st);
		goto out;
	}
	char title[64];
	snprintf(title, sizeof title, "Phân cấp kinh phí năm %d", year);
	int status = x->rs->status ? x->rs->status : 200;
	page_begin(x, title, PAGE_NAV_DISBURSEMENT);
	x->rs->status = status;
	struct buf *b = &x->rs->body;
	if (notice)
		page_notice(b, PAGE_NOTICE_OK, notice);
	if (error)
		page_diag(b, error, "allocation-errors", d, NULL);
	buf_puts(b, "<p class=\"muted\">Số liệu đến ngày ");
	page_date(b, v.as_of);
	buf_printf(b, ". <a href=\"/disbursement?year=%d\">Giải ngân</a></p>\n", year);
	alloc_table(b, &v);
	buf_printf(
	    b,
	    "<p class=\"muted\">Ách tắc: “chậm” — tỷ lệ giải ngân trên số phân cấp thấp hơn "
	    "phần thời gian đã qua của năm hơn %d điểm; “đứng yên” — còn tiền chưa giải ngân "
	    "và không tăng giải ngân trong ít nhất %d ngày.</p>\n",
	    DISBURSEMENT_BOTTLENECK_POINTS, DISBURSEMENT_IDLE_DAYS);
	if (alloc_may_write(x)) {
		char y[16];
		snprintf(y, sizeof y, "%d", year);
		buf_puts(b, "<section class=\"panel\" aria-labelledby=\"h-allocate\">\n"
		            "<h2 id=\"h-allocate\">Ghi phân cấp kinh phí</h2>\n"
		            "<form id=\"allocation-form\" method=\"post\" action=\"/allocations\" "
		            "novalidate>\n");
		page_csrf(b, x->csrf);
		page_hidden(b, "year", y);
		buf_putc(b, '\n');
		page_input(b, &(struct page_field){.name = "unit",
		                                   .label = "Mã đơn vị",
		                                   .value = f ? f->unit : NULL,
		                                   .hint = "Ví dụ SYT (Sở Y tế).",
		                                   .attrs = "required autocomplete=\"off\"",
		                                   .invalid = f && f->bad_unit});
		page_input(b, &(struct page_field){
		                  .name = "vnd",
		                  .label = "Số tiền phân cấp (đồng)",
		                  .value = f ? f->vnd : NULL,
		                  .hint = "Số đồng, ví dụ 1.000.000.000; không nhỏ hơn số đã giao.",
		                  .attrs = "required inputmode=\"numeric\" autocomplete=\"off\"",
		                  .invalid = f && f->bad_vnd});
		page_textarea(b, &(struct page_field){.name = "note",
		                                      .label = "Ghi chú",
		                                      .value = f ? f->note : NULL});
		buf_puts(b, "<button type=\"submit\">Ghi phân cấp</button>\n</form>\n</section>\n");
	}
	page_end(x);
out:
	disbursement_departments_finish(&v);
	diag_finish(&rd);
}

/* GET /allocations?year=Y (&saved=1 after an allocation) */
void web_allocations(struct http_exchange *x)
{
	int year;
	if (disb_year(x, &year) < 0)
		return;
	const char *saved = page_query(x, "saved");
	x->rs->status = 200;
	alloc_render(x, year, NULL,
	             saved && !strcmp(saved, "1") ? "Đã ghi phân cấp kinh phí." : NULL, NULL, NULL);
}

/* POST /allocations: year, unit, vnd, note, csrf → 303 to /allocations?year=Y&saved=1 */
void web_allocations_post(struct http_exchange *x)
{
	struct alloc_form f = {
	    .unit = page_form(x, "unit"), .vnd = page_form(x, "vnd"), .note = page_form(x, "note")};
	struct diag d;
	struct disbursement_departments result;
	bool have_result = false;
	int64_t year, amount = -1;
	diag_init(&d);
	if (page_parse_int(page_form(x, "year"), TASK_YEAR_MIN, TASK_YEAR_MAX, &year) < 0) {
		web_error(x, 400, "Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.");
		goto out;
	}
	if (!alloc_may_write(x)) {
		web_error(x, 403,
		          "Chỉ cán bộ tài chính hoặc quản trị viên được ghi phân cấp kinh phí.");
		goto out;
	}
	if (!f.unit || !f.unit[0]) {
		diag_add(&d, NULL, 0, "unit", "hãy nhập mã đơn vị");
		f.bad_unit = true;
	}
	const char *why = NULL;
	if (!f.vnd || !f.vnd[0]) {
		diag_add(&d, NULL, 0, "vnd", "hãy nhập số tiền (đồng)");
		f.bad_vnd = true;
	} else if (money_parse(f.vnd, strlen(f.vnd), &amount, &why) < 0) {
		diag_add(&d, NULL, 0, "vnd", "%s", why);
		f.bad_vnd = true;
	}
	enum app_status st = APP_BAD_INPUT;
	if (!d.count) {
		st = app_allocate(x->app, f.unit, (int)year, amount,
		                  f.note && f.note[0] ? f.note : NULL, &d, &result, NULL);
		have_result = true;
	}
	if (st == APP_OK) {
		char url[64];
		snprintf(url, sizeof url, "/allocations?year=%d&saved=1", (int)year);
		http_redirect(x->rs, x->rq->arena, arena_strdup(x->rq->arena, url));
		x->rs->no_store = true;
		goto out;
	}
	if (st == APP_FORBIDDEN) {
		web_error(x, 403,
		          "Chỉ cán bộ tài chính hoặc quản trị viên được ghi phân cấp kinh phí.");
		goto out;
	}
	if (st == APP_NOT_FOUND) {
		f.bad_unit = true;
		st = APP_BAD_INPUT;
		if (!d.count)
			diag_add(&d, NULL, 0, "unit", "không có đơn vị mã “%s”", f.unit);
	}
	if (st != APP_BAD_INPUT) {
		page_fail(x, st);
		goto out;
	}
	for (size_t i = 0; i < d.count; i++) {
		const char *col = d.items[i].column;
		f.bad_vnd |= col && !strcmp(col, "vnd");
		f.bad_unit |= col && !strcmp(col, "unit");
	}
	x->rs->status = 422;
	alloc_render(x, (int)year, &f, NULL, "Chưa ghi được phân cấp vì dữ liệu chưa hợp lệ:", &d);
out:
	if (have_result)
		disbursement_departments_finish(&result);
	diag_finish(&d);
}
