/* test_doc.c — unit tests for the document model (report/doc.h) and the text template
 * (report/template.h): the snapshot JSON round trip and its refusals, section numbers, the
 * Decree 30 place-and-date line, Roman numerals, every template line kind, fields, {{if}}
 * nesting, and the errors with their line numbers (nothing added on error).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/diag.h"
#include "lib/mem.h"
#include "report/doc.h"
#include "report/template.h"

/* A document with every kind of block and every header element. */
static void test_doc_sample(struct doc *d)
{
	doc_init(d);
	struct doc_header *h = &d->header;
	h->parent_body = mem_strdup("UBND TỈNH BẮC KẠN");
	h->issuing_body = mem_strdup("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ");
	h->number = mem_strdup("Số: 125/BC-BCĐ");
	h->place = mem_strdup("Bắc Kạn");
	h->date = (struct date){2023, 12, 14};
	h->doc_type = mem_strdup("BÁO CÁO");
	h->title = mem_strdup("Kết quả thực hiện nhiệm vụ chuyển đổi số năm 2023");
	h->n_recipients = 2;
	h->recipients = mem_calloc(2, sizeof *h->recipients);
	h->recipients[0] = mem_strdup("Thường trực Tỉnh ủy");
	h->recipients[1] = mem_strdup("Lưu: VT, BCĐ");
	h->signer_authority = mem_strdup("TM. BAN CHỈ ĐẠO");
	h->signer_title = mem_strdup("TRƯỞNG BAN");
	h->signer_name = mem_strdup("Nguyễn Văn A");

	doc_add_paragraph(d, "Mở đầu: \"trích dẫn\" & <ký hiệu>.");
	doc_add_heading(d, 1, "I. KẾT QUẢ THỰC HIỆN NĂM 2023");
	doc_add_heading(d, 2, "1. Tình hình triển khai");
	doc_add_bullet(d, "Đã hoàn thành: 12 nhiệm vụ;");
	static const char *const head[] = {"STT", "Chủ đầu tư", "Kinh phí (triệu đồng)"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT, DOC_RIGHT};
	static const int width[] = {10, 60, 30};
	struct doc_block *t = doc_add_table(d, 3, head, align, width);
	doc_table_row(t, (const char *const[]){"1", "Sở Thông tin và Truyền thông", "23.290"});
	doc_table_row(t, (const char *const[]){"", "Tổng cộng", "67.150"});
	t->table.last_row_total = true;
	doc_add_page_break(d);
	doc_add_heading(d, 1, "II. CHỈ SỐ");
	struct doc_block *c = doc_add_chart(d, "Số nhiệm vụ theo tình trạng");
	doc_chart_bar(c, "Hoàn thành", 12, "12");
	doc_chart_bar(c, "Đang triển khai", 0.5, "0,5");
}

static char *test_doc_dump(const struct doc *d)
{
	json_t *j = doc_to_json(d);
	assert_non_null(j);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_non_null(s);
	return s;
}

static void test_doc_round_trip(void **state)
{
	(void)state;
	struct doc d;
	test_doc_sample(&d);
	doc_number_sections(&d);
	char *a = test_doc_dump(&d);

	json_error_t err;
	json_t *j = json_loads(a, 0, &err);
	assert_non_null(j);
	struct doc back;
	char why[256];
	assert_int_equal(doc_from_json(j, &back, why, sizeof why), 0);
	json_decref(j);
	char *b = test_doc_dump(&back);
	assert_string_equal(a, b);

	/* the model itself came back */
	assert_int_equal(back.n_blocks, d.n_blocks);
	assert_string_equal(back.header.place, "Bắc Kạn");
	assert_int_equal(back.header.date.day, 14);
	assert_int_equal(back.header.n_recipients, 2);
	assert_int_equal(back.blocks[4].kind, DOC_TABLE);
	assert_int_equal(back.blocks[4].table.n_rows, 2);
	assert_true(back.blocks[4].table.last_row_total);
	assert_int_equal(back.blocks[4].table.align[2], DOC_RIGHT);
	assert_string_equal(back.blocks[4].table.cells[4], "Tổng cộng");
	assert_int_equal(back.blocks[7].chart.n, 2);
	assert_true(back.blocks[7].chart.values[1] == 0.5);

	/* the keys come in the fixed order */
	assert_int_equal(strncmp(a, "{\"version\":1,\"header\":{\"parent_body\":", 37), 0);
	assert_non_null(strstr(a, "{\"kind\":\"table\",\"section\":\"I.1\",\"head\":"));
	assert_non_null(strstr(a, "\"date\":\"2023-12-14\""));
	free(a);
	free(b);
	doc_finish(&back);

	/* an unset date and unnumbered blocks: null, and back */
	d.header.date = (struct date){0, 0, 0};
	free(d.blocks[0].section);
	d.blocks[0].section = NULL;
	a = test_doc_dump(&d);
	assert_non_null(strstr(a, "\"date\":null"));
	assert_non_null(strstr(a, "{\"kind\":\"paragraph\",\"section\":null,"));
	j = json_loads(a, 0, &err);
	assert_int_equal(doc_from_json(j, &back, why, sizeof why), 0);
	json_decref(j);
	b = test_doc_dump(&back);
	assert_string_equal(a, b);
	assert_false(date_is_set(back.header.date));
	free(a);
	free(b);
	doc_finish(&back);
	doc_finish(&d);

	/* an empty document */
	doc_init(&d);
	a = test_doc_dump(&d);
	j = json_loads(a, 0, &err);
	assert_int_equal(doc_from_json(j, &back, why, sizeof why), 0);
	json_decref(j);
	b = test_doc_dump(&back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	doc_finish(&back);
	doc_finish(&d);
}

/* doc_from_json of text refuses with a reason holding want. */
static void test_doc_refused(const char *text, const char *want)
{
	json_error_t err;
	json_t *j = json_loads(text, JSON_ALLOW_NUL, &err);
	if (!j)
		fail_msg("bad test JSON %s: %s", text, err.text);
	struct doc d;
	char why[256];
	assert_int_equal(doc_from_json(j, &d, why, sizeof why), -1);
	json_decref(j);
	if (!strstr(why, want))
		fail_msg("for %s: got \"%s\", want \"%s\"", text, why, want);
	assert_int_equal(d.n_blocks, 0); /* finished and empty */
	assert_null(d.blocks);
	assert_null(d.header.title);
}

#define TEST_HEADER                                                                                \
	"\"header\":{\"parent_body\":\"\",\"issuing_body\":\"\",\"number\":\"\",\"place\":\"\","   \
	"\"date\":null,\"doc_type\":\"\",\"title\":\"T\",\"recipients\":[],"                       \
	"\"signer_authority\":\"\",\"signer_title\":\"\",\"signer_name\":\"\"}"

static void test_doc_json_errors(void **state)
{
	(void)state;
	test_doc_refused("[]", "document: not an object");
	test_doc_refused("{\"version\":1," TEST_HEADER "}", "document: missing key \"blocks\"");
	test_doc_refused("{\"version\":2," TEST_HEADER ",\"blocks\":[]}", "version: not 1");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[],\"x\":1}",
	                 "document: unknown key \"x\"");
	test_doc_refused("{\"version\":1,\"header\":{},\"blocks\":[]}",
	                 "header: missing key \"parent_body\"");
	test_doc_refused("{\"version\":1,\"header\":{\"parent_body\":1,\"issuing_body\":\"\","
	                 "\"number\":\"\",\"place\":\"\",\"date\":null,\"doc_type\":\"\","
	                 "\"title\":\"\",\"recipients\":[],\"signer_authority\":\"\","
	                 "\"signer_title\":\"\",\"signer_name\":\"\"},\"blocks\":[]}",
	                 "header.parent_body: not a string");
	test_doc_refused("{\"version\":1,\"header\":{\"parent_body\":\"\",\"issuing_body\":\"\","
	                 "\"number\":\"\",\"place\":\"\",\"date\":\"14/12/2023\",\"doc_type\":\"\","
	                 "\"title\":\"\",\"recipients\":[],\"signer_authority\":\"\","
	                 "\"signer_title\":\"\",\"signer_name\":\"\"},\"blocks\":[]}",
	                 "header.date: not a day as YYYY-MM-DD");
	test_doc_refused("{\"version\":1,\"header\":{\"parent_body\":\"\",\"issuing_body\":\"\","
	                 "\"number\":\"\",\"place\":\"\",\"date\":\"2023-02-30\",\"doc_type\":\"\","
	                 "\"title\":\"\",\"recipients\":[],\"signer_authority\":\"\","
	                 "\"signer_title\":\"\",\"signer_name\":\"\"},\"blocks\":[]}",
	                 "header.date: not a day");
	test_doc_refused("{\"version\":1,\"header\":{\"parent_body\":\"\",\"issuing_body\":\"\","
	                 "\"number\":\"\",\"place\":\"\",\"date\":null,\"doc_type\":\"\","
	                 "\"title\":\"\",\"recipients\":[\"a\",2],\"signer_authority\":\"\","
	                 "\"signer_title\":\"\",\"signer_name\":\"\"},\"blocks\":[]}",
	                 "header.recipients[1]: not a string");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"para\"}]}",
	                 "blocks[0]: unknown kind \"para\"");
	test_doc_refused("{\"version\":1," TEST_HEADER
	                 ",\"blocks\":[{\"kind\":\"paragraph\",\"section\":null}]}",
	                 "blocks[0]: missing key \"text\"");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"paragraph\","
	                 "\"section\":null,\"text\":\"a\",\"level\":1}]}",
	                 "blocks[0]: unknown key \"level\"");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"paragraph\","
	                 "\"section\":null,\"text\":\"a\\u0000b\"}]}",
	                 "blocks[0].text: contains a NUL character");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"heading\","
	                 "\"section\":\"I\",\"level\":3,\"text\":\"a\"}]}",
	                 "blocks[0]: level is not 1 or 2");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"bullet\","
	                 "\"section\":7,\"text\":\"a\"}]}",
	                 "blocks[0].section: neither a string nor null");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"table\","
	                 "\"section\":null,\"head\":[\"a\",\"b\"],\"align\":[\"left\",\"middle\"],"
	                 "\"width_pct\":[50,50],\"last_row_total\":false,\"rows\":[]}]}",
	                 "blocks[0].align: value 1 is not");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"table\","
	                 "\"section\":null,\"head\":[\"a\",\"b\"],\"align\":[\"left\",\"right\"],"
	                 "\"width_pct\":[50,40],\"last_row_total\":false,\"rows\":[]}]}",
	                 "blocks[0].width_pct: the widths add up to 90, not 100");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"table\","
	                 "\"section\":null,\"head\":[\"a\",\"b\"],\"align\":[\"left\",\"right\"],"
	                 "\"width_pct\":[50,50],\"last_row_total\":false,"
	                 "\"rows\":[[\"1\",\"2\"],[\"3\"]]}]}",
	                 "blocks[0].rows[1]: 1 values where the table has 2 columns");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"table\","
	                 "\"section\":null,\"head\":[],\"align\":[],"
	                 "\"width_pct\":[],\"last_row_total\":false,\"rows\":[]}]}",
	                 "blocks[0].head: a table needs at least one column");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"chart\","
	                 "\"section\":null,\"title\":\"c\",\"bars\":[{\"label\":\"a\","
	                 "\"value\":-1,\"text\":\"-1\"}]}]}",
	                 "blocks[0].bars[0]: value is not a number ≥ 0");
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"chart\","
	                 "\"section\":null,\"title\":\"c\",\"bars\":[{\"label\":\"a\","
	                 "\"value\":1}]}]}",
	                 "blocks[0].bars[0]: missing key \"text\"");
	/* a later block's failure frees what the earlier ones built */
	test_doc_refused("{\"version\":1," TEST_HEADER ",\"blocks\":[{\"kind\":\"paragraph\","
	                 "\"section\":null,\"text\":\"ok\"},{\"kind\":\"page_break\"}]}",
	                 "blocks[1]: missing key \"section\"");
}

static void test_doc_sections(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	doc_add_paragraph(&d, "before");  /* 0 */
	doc_add_heading(&d, 2, "orphan"); /* 0.1 */
	doc_add_heading(&d, 1, "I");      /* I */
	doc_add_paragraph(&d, "p");       /* I */
	doc_add_heading(&d, 2, "1");      /* I.1 */
	doc_add_bullet(&d, "b");          /* I.1 */
	doc_add_heading(&d, 2, "2");      /* I.2 */
	doc_add_heading(&d, 1, "II");     /* II */
	doc_add_page_break(&d);           /* II */
	doc_add_heading(&d, 2, "1");      /* II.1 */
	doc_add_heading(&d, 1, "III");    /* III */
	doc_add_heading(&d, 1, "IV");     /* IV */
	doc_number_sections(&d);
	static const char *const want[] = {"0",   "0.1", "I",  "I",    "I.1", "I.1",
	                                   "I.2", "II",  "II", "II.1", "III", "IV"};
	assert_int_equal(d.n_blocks, 12);
	for (size_t i = 0; i < d.n_blocks; i++)
		assert_string_equal(d.blocks[i].section, want[i]);
	doc_number_sections(&d); /* again: the same */
	assert_string_equal(d.blocks[9].section, "II.1");
	doc_finish(&d);
	assert_int_equal(d.n_blocks, 0);
}

static void test_doc_place_date_one(const char *place, struct date dt, const char *want)
{
	struct doc_header h;
	memset(&h, 0, sizeof h);
	h.place = (char *)place;
	h.date = dt;
	struct buf b;
	buf_init(&b, 0);
	doc_place_date(&h, &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_finish(&b);
}

static void test_doc_place_date(void **state)
{
	(void)state;
	test_doc_place_date_one("Bắc Kạn", (struct date){2024, 1, 5},
	                        "Bắc Kạn, ngày 05 tháng 01 năm 2024");
	test_doc_place_date_one("Bắc Kạn", (struct date){2023, 12, 14},
	                        "Bắc Kạn, ngày 14 tháng 12 năm 2023");
	test_doc_place_date_one("Bắc Kạn", (struct date){2024, 2, 29},
	                        "Bắc Kạn, ngày 29 tháng 02 năm 2024");
	test_doc_place_date_one("Thành phố Hồ Chí Minh", (struct date){2019, 6, 29},
	                        "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019");
	test_doc_place_date_one("Hà Nội", (struct date){2020, 3, 9},
	                        "Hà Nội, ngày 09 tháng 3 năm 2020");
	test_doc_place_date_one("Hà Nội", (struct date){2020, 10, 10},
	                        "Hà Nội, ngày 10 tháng 10 năm 2020");
	test_doc_place_date_one("Bắc Kạn", (struct date){0, 0, 0}, "Bắc Kạn, ngày … tháng … năm …");
	test_doc_place_date_one(NULL, (struct date){2024, 1, 5}, "ngày 05 tháng 01 năm 2024");
	test_doc_place_date_one("", (struct date){0, 0, 0}, "ngày … tháng … năm …");
}

static void test_doc_roman(void **state)
{
	(void)state;
	static const char *const want[] = {
	    "",      "I",      "II",    "III",   "IV",     "V",      "VI",      "VII",
	    "VIII",  "IX",     "X",     "XI",    "XII",    "XIII",   "XIV",     "XV",
	    "XVI",   "XVII",   "XVIII", "XIX",   "XX",     "XXI",    "XXII",    "XXIII",
	    "XXIV",  "XXV",    "XXVI",  "XXVII", "XXVIII", "XXIX",   "XXX",     "XXXI",
	    "XXXII", "XXXIII", "XXXIV", "XXXV",  "XXXVI",  "XXXVII", "XXXVIII", "XXXIX"};
	struct buf b;
	buf_init(&b, 0);
	for (int n = 1; n <= 39; n++) {
		buf_reset(&b);
		doc_roman(n, &b);
		assert_string_equal(buf_cstr(&b), want[n]);
	}
	buf_reset(&b);
	doc_roman(40, &b);
	assert_string_equal(buf_cstr(&b), "XL");
	buf_reset(&b);
	doc_roman(1999, &b);
	assert_string_equal(buf_cstr(&b), "MCMXCIX");
	buf_reset(&b);
	doc_roman(0, &b);
	assert_string_equal(buf_cstr(&b), "0");
	buf_finish(&b);
}

static void test_doc_widths(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	static const char *const head[] = {"a", "b", "c"};
	struct doc_block *t = doc_add_table(&d, 3, head, NULL, NULL); /* equal: 34, 33, 33 */
	assert_int_equal(t->table.width_pct[0], 34);
	assert_int_equal(t->table.width_pct[1], 33);
	assert_int_equal(t->table.width_pct[2], 33);
	assert_int_equal(t->table.align[1], DOC_LEFT);
	static const int w[] = {1, 1, 2}; /* scaled: 25, 25, 50 */
	t = doc_add_table(&d, 3, head, NULL, w);
	assert_int_equal(t->table.width_pct[0] + t->table.width_pct[1] + t->table.width_pct[2],
	                 100);
	assert_int_equal(t->table.width_pct[2], 50);
	static const int w2[] = {10, 10, 10}; /* scaled: 34, 33, 33 */
	t = doc_add_table(&d, 3, head, NULL, w2);
	assert_int_equal(t->table.width_pct[0], 34);
	assert_int_equal(t->table.width_pct[2], 33);
	doc_finish(&d);
}

/* ---- templates ---- */

static void test_tpl_block_table(void *ctx, struct doc *d)
{
	(*(int *)ctx)++;
	static const char *const head[] = {"A"};
	struct doc_block *t = doc_add_table(d, 1, head, NULL, NULL);
	doc_table_row(t, (const char *const[]){"x"});
}

static void test_tpl_block_chart(void *ctx, struct doc *d)
{
	(*(int *)ctx)++;
	struct doc_block *c = doc_add_chart(d, "C");
	doc_chart_bar(c, "a", 1, "1");
}

static int test_tpl_calls;
static const struct template_field test_tpl_fields[] = {
    {"year", "2023"}, {"yes", "1"},     {"no", ""},
    {"none", NULL},   {"x.y_2", "<&>"}, {"nfd", "Nghe\xcc\x82\xcc\x83"}, /* "Nghễ" decomposed */
    {"empty", ""},
};
static const struct template_block test_tpl_blocks[] = {
    {"table", test_tpl_block_table, &test_tpl_calls},
    {"chart", test_tpl_block_chart, &test_tpl_calls},
};

/* Renders text; returns the result and fills d and dg. */
static int test_tpl(const char *text, struct doc *d, struct diag *dg)
{
	doc_init(d);
	diag_init(dg);
	return template_render("mau.txt", text, strlen(text), test_tpl_fields,
	                       sizeof test_tpl_fields / sizeof *test_tpl_fields, test_tpl_blocks,
	                       sizeof test_tpl_blocks / sizeof *test_tpl_blocks, d, dg);
}

static void test_tpl_expect(const struct doc *d, size_t i, enum doc_block_kind kind,
                            const char *text)
{
	assert_true(i < d->n_blocks);
	assert_int_equal(d->blocks[i].kind, kind);
	if (text)
		assert_string_equal(d->blocks[i].text, text);
}

static void test_template_kinds(void **state)
{
	(void)state;
	struct doc d;
	struct diag dg;
	test_tpl_calls = 0;
	const char *text = "% a comment {{unknown}} is not read\n"
	                   "# I. KẾT QUẢ NĂM {{year}}\n"
	                   "\n"
	                   "## 1. Nhiệm vụ\r\n"
	                   "  Đoạn văn {{year}}, {{x.y_2}} và {{none}}{{no}}.  \n"
	                   "- gạch đầu dòng\n"
	                   "{{block:table}}\n"
	                   "  {{pagebreak}}  \n"
	                   "{{block:chart}}\n"
	                   "{{nfd}}\n"
	                   "{{empty}}\n"
	                   "- {{empty}}\n"
	                   "#không phải đề mục\n"
	                   "-không phải gạch\n"
	                   "Cuối }} { {x}";
	assert_int_equal(test_tpl(text, &d, &dg), 0);
	assert_int_equal(diag_total(&dg), 0);
	assert_int_equal(test_tpl_calls, 2);
	assert_int_equal(d.n_blocks, 11);
	test_tpl_expect(&d, 0, DOC_HEADING, "I. KẾT QUẢ NĂM 2023");
	assert_int_equal(d.blocks[0].level, 1);
	test_tpl_expect(&d, 1, DOC_HEADING, "1. Nhiệm vụ");
	assert_int_equal(d.blocks[1].level, 2);
	test_tpl_expect(&d, 2, DOC_PARAGRAPH, "Đoạn văn 2023, <&> và .");
	test_tpl_expect(&d, 3, DOC_BULLET, "gạch đầu dòng");
	test_tpl_expect(&d, 4, DOC_TABLE, NULL);
	test_tpl_expect(&d, 5, DOC_PAGE_BREAK, NULL);
	test_tpl_expect(&d, 6, DOC_CHART, NULL);
	test_tpl_expect(&d, 7, DOC_PARAGRAPH, "Nghễ"); /* NFC */
	test_tpl_expect(&d, 8, DOC_PARAGRAPH, "#không phải đề mục");
	test_tpl_expect(&d, 9, DOC_PARAGRAPH, "-không phải gạch");
	test_tpl_expect(&d, 10, DOC_PARAGRAPH, "Cuối }} { {x}");
	doc_finish(&d);
	diag_finish(&dg);

	/* the last line without "\n", and an empty template */
	assert_int_equal(test_tpl("a\nb", &d, &dg), 0);
	assert_int_equal(d.n_blocks, 2);
	test_tpl_expect(&d, 1, DOC_PARAGRAPH, "b");
	doc_finish(&d);
	diag_finish(&dg);
	assert_int_equal(test_tpl("", &d, &dg), 0);
	assert_int_equal(d.n_blocks, 0);
	doc_finish(&d);
	diag_finish(&dg);
}

static void test_template_if(void **state)
{
	(void)state;
	struct doc d;
	struct diag dg;
	test_tpl_calls = 0;
	const char *text = "{{if:yes}}\n"
	                   "kept 1\n"
	                   "  {{if:no}}\n"
	                   "dropped 1\n"
	                   "{{block:table}}\n"
	                   "{{pagebreak}}\n"
	                   "{{if:yes}}\n"
	                   "dropped 2\n"
	                   "{{end}}\n"
	                   "{{end}}\n"
	                   "kept 2\n"
	                   "{{if:none}}\n"
	                   "dropped 3\n"
	                   "{{end}}\n"
	                   "{{if:year}}\n"
	                   "{{if:x.y_2}}\n"
	                   "kept 3\n"
	                   "{{end}}\n"
	                   "{{end}}\n"
	                   "{{end}}\n"
	                   "kept 4\n";
	assert_int_equal(test_tpl(text, &d, &dg), 0);
	assert_int_equal(test_tpl_calls, 0); /* the block inside {{if:no}} was not added */
	assert_int_equal(d.n_blocks, 4);
	test_tpl_expect(&d, 0, DOC_PARAGRAPH, "kept 1");
	test_tpl_expect(&d, 1, DOC_PARAGRAPH, "kept 2");
	test_tpl_expect(&d, 2, DOC_PARAGRAPH, "kept 3");
	test_tpl_expect(&d, 3, DOC_PARAGRAPH, "kept 4");
	doc_finish(&d);
	diag_finish(&dg);
}

/* The diagnostics as one string, a line each. */
static char *test_tpl_diags(const struct diag *dg)
{
	struct buf all, line;
	buf_init(&all, 0);
	buf_init(&line, 0);
	for (size_t i = 0; i < dg->count; i++) {
		buf_reset(&line);
		diag_format(&dg->items[i], &line);
		buf_puts(&all, buf_cstr(&line));
		buf_putc(&all, '\n');
	}
	buf_finish(&line);
	return buf_steal(&all);
}

static void test_template_errors(void **state)
{
	(void)state;
	struct doc d;
	struct diag dg;
	test_tpl_calls = 0;
	doc_init(&d);
	doc_add_paragraph(&d, "already there");
	diag_init(&dg);
	const char *text = "# Năm {{year}}\n"            /* 1 fine */
	                   "Đoạn {{nam}} và {{Year}}\n"  /* 2 unknown, bad name */
	                   "{{if:no}}\n"                 /* 3 */
	                   "{{block:bang}}\n"            /* 4 unknown block, though dropped */
	                   "{{end}}\n"                   /* 5 */
	                   "{{end}}\n"                   /* 6 stray */
	                   "{{if:chua_co}}\n"            /* 7 unknown field, no end */
	                   "text {{block:table}} more\n" /* 8 not alone */
	                   "{{if:yes}}\n"                /* 9 no end */
	                   "open {{year\n"               /* 10 unclosed */
	                   "bad \xff byte\n"             /* 11 invalid UTF-8 */
	                   "{{block:table}}\n"           /* 12 fine */
	                   "{{}}\n";                     /* 13 empty name */
	assert_int_equal(template_render("mau.txt", text, strlen(text), test_tpl_fields,
	                                 sizeof test_tpl_fields / sizeof *test_tpl_fields,
	                                 test_tpl_blocks,
	                                 sizeof test_tpl_blocks / sizeof *test_tpl_blocks, &d, &dg),
	                 -1);
	assert_int_equal(d.n_blocks, 1); /* nothing added */
	assert_int_equal(test_tpl_calls, 0);
	char *all = test_tpl_diags(&dg);
	const char *want =
	    "mau.txt:2: template: unknown field \"nam\"\n"
	    "mau.txt:2: template: bad name \"Year\" in a field (names are made of a-z, 0-9, _ and "
	    ".)\n"
	    "mau.txt:4: template: unknown block \"bang\"\n"
	    "mau.txt:6: template: {{end}} without {{if:…}}\n"
	    "mau.txt:7: template: unknown field \"chua_co\"\n"
	    "mau.txt:8: template: {{block:table}} must be alone on its line\n"
	    "mau.txt:10: template: \"{{\" without \"}}\"\n"
	    "mau.txt:11: template: not valid UTF-8 (byte 5 of the line)\n"
	    "mau.txt:13: template: bad name \"\" in a field (names are made of a-z, 0-9, _ and .)\n"
	    "mau.txt:9: template: {{if:yes}} without {{end}}\n"
	    "mau.txt:7: template: {{if:chua_co}} without {{end}}\n";
	assert_string_equal(all, want);
	free(all);
	doc_finish(&d);
	diag_finish(&dg);
}

/* The default template knows exactly the builder's fields and blocks. */
static void test_template_default(void **state)
{
	(void)state;
	static const char *const names[] = {"year",
	                                    "as_of",
	                                    "tasks_total",
	                                    "tasks_completed",
	                                    "tasks_in_progress",
	                                    "tasks_planned",
	                                    "tasks_stopped",
	                                    "tasks_deferred",
	                                    "tasks_lagging",
	                                    "budget_text",
	                                    "budget_vnd_text",
	                                    "disbursed_text",
	                                    "disbursed_vnd_text",
	                                    "disbursed_pct",
	                                    "investors_total",
	                                    "summary_paragraph",
	                                    "indicators",
	                                    "indicators_met",
	                                    "indicators_total",
	                                    "dti",
	                                    "dti_framework",
	                                    "dti_score",
	                                    "dti_points",
	                                    "dti_points_at_risk",
	                                    "dti_score_evidenced",
	                                    "dti_overdue",
	                                    "plan",
	                                    "plan_year",
	                                    "plan_selected",
	                                    "plan_proposals",
	                                    "plan_budget_text",
	                                    "plan_selected_text",
	                                    "sec_indicators",
	                                    "sec_dti",
	                                    "sec_plan",
	                                    "sec_proposals",
	                                    "comments"};
	enum { N = sizeof names / sizeof names[0] };
	struct template_field f[N];
	for (size_t i = 0; i < N; i++)
		f[i] = (struct template_field){names[i], "9"};
	int calls = 0;
	const struct template_block b[] = {
	    {"investors", test_tpl_block_table, &calls},
	    {"status", test_tpl_block_chart, &calls},
	    {"lagging", test_tpl_block_table, &calls},
	    {"indicators", test_tpl_block_table, &calls},
	    {"dti_main", test_tpl_block_table, &calls},
	    {"dti_at_risk", test_tpl_block_table, &calls},
	    {"plan", test_tpl_block_table, &calls},
	    {"comments", test_tpl_block_table, &calls},
	};
	assert_int_equal(strlen(template_default_annual), template_default_annual_size);
	struct doc d;
	struct diag dg;
	doc_init(&d);
	diag_init(&dg);
	int rc = template_render("bao-cao-nam.txt", template_default_annual,
	                         template_default_annual_size, f, N, b, 8, &d, &dg);
	if (rc) {
		char *all = test_tpl_diags(&dg);
		fail_msg("%s", all);
	}
	assert_int_equal(calls, 8);
	doc_number_sections(&d);
	/* five parts: I … V, and the comment log */
	size_t parts = 0;
	for (size_t i = 0; i < d.n_blocks; i++)
		parts += d.blocks[i].kind == DOC_HEADING && d.blocks[i].level == 1;
	assert_int_equal(parts, 6);
	doc_finish(&d);

	/* without the optional parts: II is the proposals */
	f[16].value = "";   /* indicators */
	f[19].value = "";   /* dti */
	f[26].value = "";   /* plan */
	f[35].value = "II"; /* sec_proposals */
	f[36].value = "";   /* comments */
	calls = 0;
	doc_init(&d);
	assert_int_equal(template_render("bao-cao-nam.txt", template_default_annual,
	                                 template_default_annual_size, f, N, b, 8, &d, &dg),
	                 0);
	assert_int_equal(calls, 3);
	const char *last = NULL;
	for (size_t i = 0; i < d.n_blocks; i++)
		if (d.blocks[i].kind == DOC_HEADING && d.blocks[i].level == 1)
			last = d.blocks[i].text;
	assert_string_equal(last, "II. ĐỀ XUẤT, KIẾN NGHỊ");
	doc_finish(&d);
	diag_finish(&dg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_doc_round_trip),  cmocka_unit_test(test_doc_json_errors),
	    cmocka_unit_test(test_doc_sections),    cmocka_unit_test(test_doc_place_date),
	    cmocka_unit_test(test_doc_roman),       cmocka_unit_test(test_doc_widths),
	    cmocka_unit_test(test_template_kinds),  cmocka_unit_test(test_template_if),
	    cmocka_unit_test(test_template_errors), cmocka_unit_test(test_template_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
