/* test_text.c — unit tests for src/text: UTF-8, fold keys, Vietnamese collation, vnfmt.
 *
 * Every expected value is written by hand from Vietnamese conventions (alphabet, tone order,
 * CLDR vi number format, Decree 30/2020 dates), never copied from the program's output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "lib/buf.h"
#include "text/collate.h"
#include "text/fold.h"
#include "text/utf8.h"
#include "text/vnfmt.h"

/* Runs a vnfmt call that appends to &b and checks the whole buffer against want. */
#define TEST_TEXT_FMT(want, call)                                                                  \
	do {                                                                                       \
		struct buf b;                                                                      \
		buf_init(&b, 0);                                                                   \
		call;                                                                              \
		assert_string_equal(buf_cstr(&b), (want));                                         \
		buf_finish(&b);                                                                    \
	} while (0)

/* ---- utf8 ---------------------------------------------------------------------------------- */

static void test_text_expect_valid(const char *s, size_t len)
{
	size_t bad = 12345;

	assert_true(utf8_valid(s, len, &bad));
	assert_true(utf8_valid(s, len, NULL));
}

static void test_text_expect_invalid(const char *s, size_t len, size_t want_offset)
{
	size_t bad = 12345;

	assert_false(utf8_valid(s, len, &bad));
	assert_int_equal(bad, want_offset);
	assert_false(utf8_valid(s, len, NULL));
}

static void test_text_utf8_valid_good(void **state)
{
	(void)state;
	test_text_expect_valid("", 0);
	test_text_expect_valid("Ha Noi", 6);
	test_text_expect_valid("Chuyển đổi số", strlen("Chuyển đổi số"));
	test_text_expect_valid("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	                       strlen("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	/* decomposed text is valid UTF-8 too */
	test_text_expect_valid("Nghe\xCC\xA3\xCC\x82", 8);
	/* edges of the legal ranges: U+D7FF, U+E000, U+FFFF, U+10000, U+1F600, U+10FFFF */
	test_text_expect_valid("\xED\x9F\xBF", 3);
	test_text_expect_valid("\xEE\x80\x80", 3);
	test_text_expect_valid("\xEF\xBF\xBF", 3);
	test_text_expect_valid("\xF0\x90\x80\x80", 4);
	test_text_expect_valid("\xF0\x9F\x98\x80", 4);
	test_text_expect_valid("\xF4\x8F\xBF\xBF", 4);
	/* the length is respected: a bad byte after len is not looked at */
	test_text_expect_valid("Huế\xFF", strlen("Huế"));
}

static void test_text_utf8_valid_bad(void **state)
{
	(void)state;
	/* overlong "/" (C0 AF), and overlong 3- and 4-byte forms */
	test_text_expect_invalid("\xC0\xAF", 2, 0);
	test_text_expect_invalid("../\xC0\xAF", 5, 3);
	test_text_expect_invalid("\xC1\xBF", 2, 0);
	test_text_expect_invalid("\xE0\x80\xAF", 3, 0);
	test_text_expect_invalid("\xF0\x80\x80\xAF", 4, 0);
	/* surrogates U+D800 and U+DFFF */
	test_text_expect_invalid("\xED\xA0\x80", 3, 0);
	test_text_expect_invalid("Hu\xED\xBF\xBF", 5, 2);
	/* "ệ" is E1 BB 87: cut after two bytes, at the end and before more text */
	test_text_expect_invalid("\xE1\xBB", 2, 0);
	test_text_expect_invalid("Ngh\xE1\xBB", 5, 3);
	test_text_expect_invalid("Ngh\xE1\xBB An", 8, 3);
	/* above U+10FFFF: U+110000 and a F5 lead byte */
	test_text_expect_invalid("\xF4\x90\x80\x80", 4, 0);
	test_text_expect_invalid("ab\xF5\x80\x80\x80", 6, 2);
	/* a lone continuation byte, and FF */
	test_text_expect_invalid("\x80", 1, 0);
	test_text_expect_invalid("Đà\xFF", 5, 4);
	/* "Việt" saved as Windows-1258 (ê = EA) is not UTF-8: the error is at the ê */
	test_text_expect_invalid("Vi\xEAt", 4, 2);
}

static void test_text_utf8_nfc(void **state)
{
	(void)state;
	/* "Nghệ" typed as e + dot below (U+0323) + circumflex (U+0302) becomes ệ (U+1EC7) */
	char *s = utf8_nfc("Nghe\xCC\xA3\xCC\x82", 8);
	assert_non_null(s);
	assert_string_equal(s, "Ngh\xE1\xBB\x87");
	assert_int_equal(strlen(s), 6);
	free(s);

	/* the same marks in the other order are canonically equivalent: same bytes */
	s = utf8_nfc("Nghe\xCC\x82\xCC\xA3", 8);
	assert_string_equal(s, "Ngh\xE1\xBB\x87");
	free(s);

	/* "Tiếng Việt" with every tone typed as a combining mark */
	const char *nfd = "Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t";
	s = utf8_nfc(nfd, strlen(nfd));
	assert_string_equal(s, "Ti\xE1\xBA\xBFng Vi\xE1\xBB\x87t");
	free(s);

	/* text that is already NFC is unchanged, and the result is NUL-terminated at len */
	s = utf8_nfc("Đắk Lắk, Đắk Nông", strlen("Đắk Lắk"));
	assert_string_equal(s, "Đắk Lắk");
	free(s);

	s = utf8_nfc("", 0);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	assert_null(utf8_nfc("Vi\xEAt", 4));
	assert_null(utf8_nfc("\xED\xA0\x80", 3));
}

static void test_text_utf8_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("Nghệ An", strlen("Nghệ An")), 7);
	assert_int_equal(utf8_length("Đắk Lắk", strlen("Đắk Lắk")), 7);
	/* code points, not letters: decomposed "Nghệ" is N g h e + 2 marks */
	assert_int_equal(utf8_length("Nghe\xCC\xA3\xCC\x82", 8), 6);
	assert_int_equal(utf8_length("\xF0\x9F\x98\x80", 4), 1);
}

/* ---- fold ---------------------------------------------------------------------------------- */

static void test_text_expect_fold(const char *in, const char *want)
{
	char *key = fold_key(in, strlen(in));

	assert_non_null(key);
	assert_string_equal(key, want);
	free(key);
}

static void test_text_fold_vietnamese(void **state)
{
	(void)state;
	test_text_expect_fold("Chuyển đổi số", "chuyen doi so");
	test_text_expect_fold("ĐÀ NẴNG", "da nang");
	test_text_expect_fold("Đắk Lắk", "dak lak");
	test_text_expect_fold("Sở Thông tin và Truyền thông", "so thong tin va truyen thong");
	test_text_expect_fold("Thừa Thiên Huế", "thua thien hue");
	test_text_expect_fold("Dương Minh Châu", "duong minh chau");
	test_text_expect_fold("Quảng Trị", "quang tri");
	test_text_expect_fold("ỦY BAN NHÂN DÂN TỈNH", "uy ban nhan dan tinh");
	/* all six tones and all vowel marks go */
	test_text_expect_fold("a à ả ã á ạ ă â ê ô ơ ư", "a a a a a a a a e o o u");
	/* ASCII input, digits and punctuation */
	test_text_expect_fold("HA NOI", "ha noi");
	test_text_expect_fold("QĐ-UBND 123/2024", "qd-ubnd 123/2024");
	test_text_expect_fold("", "");
}

static void test_text_fold_decomposed(void **state)
{
	(void)state;
	/* "Nghệ An" typed with combining marks folds like the precomposed form */
	test_text_expect_fold("Nghe\xCC\xA3\xCC\x82 An", "nghe an");
	test_text_expect_fold("Ngh\xE1\xBB\x87 An", "nghe an");
	/* "ĐẮK LẮK" with Đ precomposed but Ắ typed as A (\x41) + breve + acute */
	test_text_expect_fold("\xC4\x90\x41\xCC\x86\xCC\x81K L\x41\xCC\x86\xCC\x81K", "dak lak");
}

static void test_text_fold_invalid(void **state)
{
	(void)state;
	assert_null(fold_key("Vi\xEAt", 4));
	assert_null(fold_key("\xC0\xAF", 2));
	assert_null(fold_key("Ngh\xE1\xBB", 5));
}

static void test_text_fold_append(void **state)
{
	(void)state;
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(fold_append(&b, "Hà Nội", strlen("Hà Nội")), 0);
	assert_int_equal(buf_putc(&b, ' '), 0);
	assert_int_equal(fold_append(&b, "ĐỒNG NAI", strlen("ĐỒNG NAI")), 0);
	assert_string_equal(buf_cstr(&b), "ha noi dong nai");
	/* invalid input: -1 and the buffer keeps what it had */
	assert_int_equal(fold_append(&b, " \xED\xA0\x80", 4), -1);
	assert_string_equal(buf_cstr(&b), "ha noi dong nai");
	assert_int_equal(b.len, strlen("ha noi dong nai"));
	buf_finish(&b);

	/* a key that would pass the buffer's limit fails and leaves the buffer unchanged */
	buf_init(&b, 4);
	assert_int_equal(fold_append(&b, "Đà Nẵng", strlen("Đà Nẵng")), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(fold_append(&b, "Huế", strlen("Huế")), 0);
	assert_string_equal(buf_cstr(&b), "hue");
	buf_finish(&b);
}

/* ---- collate ------------------------------------------------------------------------------- */

static struct collator *test_text_coll; /* qsort has no context argument */

static int test_text_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa;
	const char *b = *(const char *const *)pb;

	return collate_compare(test_text_coll, a, strlen(a), b, strlen(b));
}

static void test_text_expect_sorted(const char **in, const char **want, size_t n)
{
	qsort(in, n, sizeof(*in), test_text_cmp);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(in[i], want[i]);
}

static int test_text_setup_collate(void **state)
{
	(void)state;
	test_text_coll = collate_create();
	return test_text_coll ? 0 : -1;
}

static int test_text_teardown_collate(void **state)
{
	(void)state;
	collate_destroy(test_text_coll);
	test_text_coll = NULL;
	return 0;
}

static void test_text_collate_place_names(void **state)
{
	(void)state;
	const char *in[] = {"Hà Nội", "Đà Nẵng",         "An Giang", "Ăn Uống", "Ân Thi", "Bắc Kạn",
	                    "Cà Mau", "Dương Minh Châu", "Đắk Lắk",  "Eo Gió",  "Ê Đê"};
	const char *want[] = {"An Giang",        "Ăn Uống", "Ân Thi",  "Bắc Kạn", "Cà Mau",
	                      "Dương Minh Châu", "Đà Nẵng", "Đắk Lắk", "Eo Gió",  "Ê Đê",
	                      "Hà Nội"};

	test_text_expect_sorted(in, want, sizeof(in) / sizeof(in[0]));
}

static void test_text_collate_d_before_dstroke(void **state)
{
	(void)state;
	/* d is a letter before đ: every "d..." word comes before every "đ..." word */
	const char *in[] = {"Đông", "Dương", "Đa", "Duy", "Đà", "Dư", "Dân"};
	const char *want[] = {"Dân", "Duy", "Dư", "Dương", "Đa", "Đà", "Đông"};

	test_text_expect_sorted(in, want, sizeof(in) / sizeof(in[0]));
	assert_true(collate_compare(test_text_coll, "Dzzz", 4, "Đa", strlen("Đa")) < 0);
	assert_true(collate_compare(test_text_coll, "đa", strlen("đa"), "dzzz", 4) > 0);
}

static void test_text_collate_alphabet_and_tones(void **state)
{
	(void)state;
	/* the Vietnamese alphabet order of the letters with marks */
	const char *letters[] = {"y", "ư", "u", "ơ", "ô", "o", "i", "h", "g",
	                         "ê", "e", "đ", "d", "c", "b", "â", "ă", "a"};
	const char *alphabet[] = {"a", "ă", "â", "b", "c", "d", "đ", "e", "ê",
	                          "g", "h", "i", "o", "ô", "ơ", "u", "ư", "y"};
	test_text_expect_sorted(letters, alphabet, sizeof(letters) / sizeof(letters[0]));

	/* tones: ngang, huyền, hỏi, ngã, sắc, nặng */
	const char *caps[] = {"Ạ", "Á", "Ã", "Ả", "À", "A"};
	const char *caps_want[] = {"A", "À", "Ả", "Ã", "Á", "Ạ"};
	test_text_expect_sorted(caps, caps_want, 6);

	const char *ma[] = {"mạ", "mã", "má", "mà", "ma", "mả"};
	const char *ma_want[] = {"ma", "mà", "mả", "mã", "má", "mạ"};
	test_text_expect_sorted(ma, ma_want, 6);
}

static void test_text_collate_equivalence_and_invalid(void **state)
{
	(void)state;
	struct collator *c = test_text_coll;

	/* precomposed and decomposed "Nghệ" are the same word */
	assert_int_equal(collate_compare(c, "Ngh\xE1\xBB\x87", 6, "Nghe\xCC\xA3\xCC\x82", 8), 0);
	/* ... also with the marks typed circumflex first (not in canonical order) */
	assert_int_equal(collate_compare(c, "Ngh\xE1\xBB\x87", 6, "Nghe\xCC\x82\xCC\xA3", 8), 0);
	assert_true(collate_compare(c, "Nghe\xCC\x82\xCC\xA3", 8, "Nghi", 4) < 0);
	assert_int_equal(collate_compare(c, "Huế", strlen("Huế"), "Huế", strlen("Huế")), 0);
	/* lengths are respected: "Hà" is a prefix of "Hà Nội" */
	assert_true(collate_compare(c, "Hà Nội", strlen("Hà"), "Hà Nội", strlen("Hà Nội")) < 0);
	/* invalid UTF-8 after any valid text, including a late letter */
	assert_true(collate_compare(c, "Vi\xEAt", 4, "Ỹ", strlen("Ỹ")) > 0);
	assert_true(collate_compare(c, "Ỹ", strlen("Ỹ"), "Vi\xEAt", 4) < 0);
	assert_true(collate_compare(c, "", 0, "\xFF", 1) < 0);
	assert_int_equal(collate_compare(c, "\xFF", 1, "\xFF", 1), 0);
	collate_destroy(NULL);
}

/* ---- vnfmt --------------------------------------------------------------------------------- */

static void test_text_vnfmt_int(void **state)
{
	(void)state;
	TEST_TEXT_FMT("0", vnfmt_int(&b, 0));
	TEST_TEXT_FMT("999", vnfmt_int(&b, 999));
	TEST_TEXT_FMT("1.000", vnfmt_int(&b, 1000));
	TEST_TEXT_FMT("67.150.000.000", vnfmt_int(&b, 67150000000));
	TEST_TEXT_FMT("-1.234.567", vnfmt_int(&b, -1234567));
	TEST_TEXT_FMT("-1.000", vnfmt_int(&b, -1000));
	TEST_TEXT_FMT("-999", vnfmt_int(&b, -999));
	TEST_TEXT_FMT("-9.223.372.036.854.775.808", vnfmt_int(&b, INT64_MIN));
	TEST_TEXT_FMT("9.223.372.036.854.775.807", vnfmt_int(&b, INT64_MAX));
}

static void test_text_vnfmt_fixed(void **state)
{
	(void)state;
	TEST_TEXT_FMT("90,5", vnfmt_fixed(&b, 905, 1));
	TEST_TEXT_FMT("53,0", vnfmt_fixed(&b, 530, 1));
	TEST_TEXT_FMT("93,21", vnfmt_fixed(&b, 9321, 2));
	TEST_TEXT_FMT("123.456,7", vnfmt_fixed(&b, 1234567, 1));
	TEST_TEXT_FMT("0,05", vnfmt_fixed(&b, 5, 2));
	TEST_TEXT_FMT("-0,5", vnfmt_fixed(&b, -5, 1));
	TEST_TEXT_FMT("0,00", vnfmt_fixed(&b, 0, 2));
	TEST_TEXT_FMT("1.000", vnfmt_fixed(&b, 1000, 0));
	TEST_TEXT_FMT("0,000001", vnfmt_fixed(&b, 1, 6));
	TEST_TEXT_FMT("-92.233.720.368.547.758,08", vnfmt_fixed(&b, INT64_MIN, 2));

	TEST_TEXT_FMT("53", vnfmt_fixed_trim(&b, 530, 1));
	TEST_TEXT_FMT("90,5", vnfmt_fixed_trim(&b, 905, 1));
	TEST_TEXT_FMT("93,20", vnfmt_fixed_trim(&b, 9320, 2));
	TEST_TEXT_FMT("100", vnfmt_fixed_trim(&b, 10000, 2));
	TEST_TEXT_FMT("0", vnfmt_fixed_trim(&b, 0, 1));
	/* triệu đồng: half up to a tenth, symmetric for a negative amount (money left over) */
	TEST_TEXT_FMT("23.290", vnfmt_million(&b, 23290000000));
	TEST_TEXT_FMT("1,3", vnfmt_million(&b, 1250000));
	TEST_TEXT_FMT("0", vnfmt_million(&b, 49999));
	TEST_TEXT_FMT("-1,3", vnfmt_million(&b, -1250000));
	TEST_TEXT_FMT("-2", vnfmt_fixed_trim(&b, -20, 1));
}

static void test_text_vnfmt_money(void **state)
{
	(void)state;
	TEST_TEXT_FMT("67,2 tỷ đồng", vnfmt_money(&b, 67150000000));
	TEST_TEXT_FMT("67 tỷ đồng", vnfmt_money(&b, 67000000000));
	TEST_TEXT_FMT("14,7 tỷ đồng", vnfmt_money(&b, 14700000000));
	TEST_TEXT_FMT("850 triệu đồng", vnfmt_money(&b, 850000000));
	TEST_TEXT_FMT("500.000 đồng", vnfmt_money(&b, 500000));
	TEST_TEXT_FMT("1.700 tỷ đồng", vnfmt_money(&b, 1700000000000));
	/* boundaries and rounding */
	TEST_TEXT_FMT("0 đồng", vnfmt_money(&b, 0));
	TEST_TEXT_FMT("999.999 đồng", vnfmt_money(&b, 999999));
	TEST_TEXT_FMT("1 triệu đồng", vnfmt_money(&b, 1000000));
	TEST_TEXT_FMT("1,1 triệu đồng", vnfmt_money(&b, 1050000));
	TEST_TEXT_FMT("999,9 triệu đồng", vnfmt_money(&b, 999940000));
	TEST_TEXT_FMT("1 tỷ đồng", vnfmt_money(&b, 999950000));
	TEST_TEXT_FMT("1 tỷ đồng", vnfmt_money(&b, 1000000000));
	TEST_TEXT_FMT("1 tỷ đồng", vnfmt_money(&b, 1049999999));
	TEST_TEXT_FMT("1,1 tỷ đồng", vnfmt_money(&b, 1050000000));
	/* negative: minus sign, rounded away from zero */
	TEST_TEXT_FMT("-67,2 tỷ đồng", vnfmt_money(&b, -67150000000));
	TEST_TEXT_FMT("-500.000 đồng", vnfmt_money(&b, -500000));
	TEST_TEXT_FMT("-9.223.372.036,9 tỷ đồng", vnfmt_money(&b, INT64_MIN));
	/* vnfmt appends to what the buffer holds */
	TEST_TEXT_FMT("Tổng vốn: 67,2 tỷ đồng",
	              (buf_puts(&b, "Tổng vốn: "), vnfmt_money(&b, 67150000000)));
}

static void test_text_vnfmt_ty(void **state)
{
	(void)state;
	assert_int_equal(vnfmt_ty_round(35600000000), 36);
	assert_int_equal(vnfmt_ty_round(35400000000), 35);
	assert_int_equal(vnfmt_ty_round(35500000000), 36);
	assert_int_equal(vnfmt_ty_round(-35500000000), -36);
	assert_int_equal(vnfmt_ty_round(499999999), 0);
	assert_true(vnfmt_ty_round(INT64_MIN) == -9223372037);

	assert_int_equal(vnfmt_ty_floor(67150000000), 67);
	assert_int_equal(vnfmt_ty_floor(67999999999), 67);
	assert_int_equal(vnfmt_ty_floor(999999999), 0);
	assert_true(vnfmt_ty_floor(-67150000000) == -68);
	assert_true(vnfmt_ty_floor(-67000000000) == -67);
	assert_true(vnfmt_ty_floor(INT64_MIN) == -9223372037);
}

static void test_text_vnfmt_dates(void **state)
{
	(void)state;
	TEST_TEXT_FMT("14/12/2023", vnfmt_date(&b, 2023, 12, 14));
	TEST_TEXT_FMT("05/01/2024", vnfmt_date(&b, 2024, 1, 5));

	TEST_TEXT_FMT("ngày 05 tháng 01 năm 2020", vnfmt_date_long(&b, 2020, 1, 5));
	TEST_TEXT_FMT("ngày 29 tháng 6 năm 2019", vnfmt_date_long(&b, 2019, 6, 29));
	TEST_TEXT_FMT("ngày 14 tháng 12 năm 2023", vnfmt_date_long(&b, 2023, 12, 14));
	TEST_TEXT_FMT("ngày 10 tháng 02 năm 2024", vnfmt_date_long(&b, 2024, 2, 10));
	TEST_TEXT_FMT("ngày 01 tháng 10 năm 2024", vnfmt_date_long(&b, 2024, 10, 1));
	TEST_TEXT_FMT("ngày 31 tháng 3 năm 2025", vnfmt_date_long(&b, 2025, 3, 31));
}

/* The NFC fast path claims whole ranges are NFC in any context: check every code point of
 * them, alone and after "a" and before a combining mark, against utf8proc's own NFC. */
static void test_text_nfc_fast_path_ranges(void **state)
{
	(void)state;
	static const unsigned ranges[][2] = {
	    {0x80, 0x2FF}, {0x1E00, 0x1EFF}, {0x2010, 0x205E}, {0x20A0, 0x20CF}};
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (unsigned cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			utf8proc_uint8_t text[8] = "a";
			utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, text + 1);
			if (!utf8proc_codepoint_valid((utf8proc_int32_t)cp))
				continue;
			assert_true(utf8_is_surely_nfc((const char *)text, (size_t)n + 1));
			utf8proc_uint8_t *mapped = NULL;
			utf8proc_ssize_t m =
			    utf8proc_map(text, n + 1, &mapped, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
			assert_int_equal(m, n + 1);
			assert_memory_equal(mapped, text, (size_t)n + 1);
			free(mapped);
		}
	}
	/* a combining mark is never on the fast path */
	assert_false(utf8_is_surely_nfc("e\xcc\x82", 3));
	/* the fast path and the full path agree on a Vietnamese sentence */
	char *a = utf8_nfc("Chuyển đổi số tỉnh Bắc Kạn — 67 tỷ ₫",
	                   strlen("Chuyển đổi số tỉnh Bắc Kạn — 67 tỷ ₫"));
	assert_string_equal(a, "Chuyển đổi số tỉnh Bắc Kạn — 67 tỷ ₫");
	free(a);
}

/* The table-driven fold must agree with utf8proc (COMPOSE|STRIPMARK|CASEFOLD, then đ → d),
 * computed here independently, for every code point of the table's ranges placed between
 * ASCII letters, and for a long Vietnamese sentence. */
static void test_text_fold_table_agrees(void **state)
{
	(void)state;
	static const unsigned ranges[][2] = {{0xC0, 0x24F}, {0x1E00, 0x1EFF}};
	for (size_t r = 0; r < 2; r++) {
		for (unsigned cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			if (!utf8proc_codepoint_valid((utf8proc_int32_t)cp))
				continue;
			utf8proc_uint8_t text[16] = "Xa";
			utf8proc_ssize_t n =
			    2 + utf8proc_encode_char((utf8proc_int32_t)cp, text + 2);
			text[n++] = 'Q';
			utf8proc_uint8_t *want = NULL;
			utf8proc_ssize_t m =
			    utf8proc_map(text, n, &want,
			                 UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
			assert_true(m > 0);
			/* đ/Đ → d, done here by hand on the expected side */
			struct buf expect;
			buf_init(&expect, 0);
			for (utf8proc_ssize_t i = 0; i < m; i++) {
				if (want[i] == 0xC4 && i + 1 < m &&
				    (want[i + 1] == 0x91 || want[i + 1] == 0x90)) {
					buf_putc(&expect, 'd');
					i++;
				} else {
					buf_putc(&expect, (char)want[i]);
				}
			}
			char *got = fold_key((const char *)text, (size_t)n);
			assert_non_null(got);
			assert_string_equal(got, buf_cstr(&expect));
			free(got);
			free(want);
			buf_finish(&expect);
		}
	}
	const char *sentence = "ĐỒNG BỘ dữ liệu Ủy ban nhân dân Tỉnh Bắc Kạn ƯU TIÊN";
	char *k = fold_key(sentence, strlen(sentence));
	assert_string_equal(k, "dong bo du lieu uy ban nhan dan tinh bac kan uu tien");
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_utf8_valid_good),
	    cmocka_unit_test(test_text_utf8_valid_bad),
	    cmocka_unit_test(test_text_utf8_nfc),
	    cmocka_unit_test(test_text_nfc_fast_path_ranges),
	    cmocka_unit_test(test_text_fold_table_agrees),
	    cmocka_unit_test(test_text_utf8_length),
	    cmocka_unit_test(test_text_fold_vietnamese),
	    cmocka_unit_test(test_text_fold_decomposed),
	    cmocka_unit_test(test_text_fold_invalid),
	    cmocka_unit_test(test_text_fold_append),
	    cmocka_unit_test_setup_teardown(test_text_collate_place_names, test_text_setup_collate,
	                                    test_text_teardown_collate),
	    cmocka_unit_test_setup_teardown(test_text_collate_d_before_dstroke,
	                                    test_text_setup_collate, test_text_teardown_collate),
	    cmocka_unit_test_setup_teardown(test_text_collate_alphabet_and_tones,
	                                    test_text_setup_collate, test_text_teardown_collate),
	    cmocka_unit_test_setup_teardown(test_text_collate_equivalence_and_invalid,
	                                    test_text_setup_collate, test_text_teardown_collate),
	    cmocka_unit_test(test_text_vnfmt_int),
	    cmocka_unit_test(test_text_vnfmt_fixed),
	    cmocka_unit_test(test_text_vnfmt_money),
	    cmocka_unit_test(test_text_vnfmt_ty),
	    cmocka_unit_test(test_text_vnfmt_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
