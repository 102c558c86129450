/* test_csv.c — the CSV reader against csv-spectrum and hand-checked edge cases, and the writer's
 * quoting and formula guard by round trip.
 *
 * Most edge cases compare a rendering of everything the reader returns ("LINE:f1|f2;" per record,
 * "!LINE:message" for an error) with an expectation written by hand from the input.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "io/csv.h"
#include "lib/buf.h"
#include "lib/mem.h"

#define SPECTRUM_DIR DX_SOURCE_DIR "/tests/conformance/csv-spectrum"

/* Cases of the suite that cannot match their .json, with what the reader does instead. See
 * tests/conformance/csv-spectrum/README.md. */
static const struct {
	const char *name;
	const char *error;
	unsigned line;
} test_csv_divergent[] = {
    /* An unquoted field holds a quote (RFC 4180 2.5); the .json is wrong upstream too. */
    {"location_coordinates", "quote inside unquoted field", 2},
};

/* Reads a whole file into b; fails the test when it cannot. */
static void test_csv_slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_append(b, chunk, n), 0);
	assert_false(ferror(f));
	fclose(f);
}

/* Turns each LF that has no CR before it into CRLF: gives back the upstream *_crlf inputs, whose
 * CRs the shared copy lost. Leaves a file that already uses CRLF as it is. */
static void test_csv_restore_crlf(const struct buf *in, struct buf *out)
{
	for (size_t i = 0; i < in->len; i++) {
		if (in->data[i] == '\n' && (i == 0 || in->data[i - 1] != '\r'))
			buf_putc(out, '\r');
		buf_putc(out, in->data[i]);
	}
}

static bool test_csv_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Appends a field to out so that separators and line ends stay visible. */
static void test_csv_render_field(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\n':
			buf_puts(out, "\\n");
			break;
		case '\r':
			buf_puts(out, "\\r");
			break;
		case '|':
			buf_puts(out, "\\|");
			break;
		case '\\':
			buf_puts(out, "\\\\");
			break;
		default:
			buf_putc(out, s[i]);
		}
	}
}

/* Everything the reader gives for data[0..len): "LINE:f1|f2;" per record, then "!LINE:message"
 * if it fails. Also checks that every field is NUL-terminated. The caller frees the result. */
static char *test_csv_render(const char *data, size_t len)
{
	struct buf out;
	buf_init(&out, 0);
	struct csv_reader *r = csv_reader_create(data, len);
	struct csv_record rec;
	int rc;
	while ((rc = csv_reader_next(r, &rec)) == 1) {
		assert_true(rec.n_fields >= 1);
		buf_printf(&out, "%u:", rec.line);
		for (size_t i = 0; i < rec.n_fields; i++) {
			assert_int_equal(rec.fields[i][rec.lens[i]], '\0');
			if (i)
				buf_putc(&out, '|');
			test_csv_render_field(&out, rec.fields[i], rec.lens[i]);
		}
		buf_putc(&out, ';');
	}
	if (rc < 0) {
		unsigned line;
		const char *msg = csv_reader_error(r, &line);
		assert_non_null(msg);
		buf_printf(&out, "!%u:%s", line, msg);
		/* Reading cannot go on after an error. */
		assert_int_equal(csv_reader_next(r, &rec), -1);
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(csv_reader_next(r, &rec), 0);
	}
	csv_reader_destroy(r);
	return buf_steal(&out);
}

/* Renders a string literal's bytes (without its terminating NUL) and compares. */
#define CHECK_CSV(input, expected)                                                                 \
	do {                                                                                       \
		char *got_ = test_csv_render((input), sizeof(input) - 1);                          \
		assert_string_equal(got_, (expected));                                             \
		free(got_);                                                                        \
	} while (0)

/* Compares the records of one csv-spectrum input with its .json, field by field and byte for
 * byte. Returns the number of data records compared. */
static size_t test_csv_match_json(const char *name, const struct buf *csv, json_t *expected)
{
	assert_true(json_is_array(expected));
	struct csv_reader *r = csv_reader_create(csv->data, csv->len);
	struct csv_record rec;
	char *header[CSV_MAX_FIELDS];
	size_t n_header;
	unsigned line;

	assert_int_equal(csv_reader_next(r, &rec), 1);
	n_header = rec.n_fields;
	for (size_t i = 0; i < n_header; i++)
		header[i] = mem_strndup(rec.fields[i], rec.lens[i]);

	size_t n = 0;
	int rc;
	while ((rc = csv_reader_next(r, &rec)) == 1) {
		if (n >= json_array_size(expected))
			fail_msg("%s: record on line %u is not in the .json", name, rec.line);
		json_t *obj = json_array_get(expected, n);
		assert_true(json_is_object(obj));
		assert_int_equal(json_object_size(obj), n_header);
		assert_int_equal(rec.n_fields, n_header);
		for (size_t i = 0; i < n_header; i++) {
			json_t *v = json_object_get(obj, header[i]);
			if (!json_is_string(v))
				fail_msg("%s: record %zu has no string \"%s\"", name, n + 1,
				         header[i]);
			if (json_string_length(v) != rec.lens[i] ||
			    memcmp(json_string_value(v), rec.fields[i], rec.lens[i]) != 0)
				fail_msg("%s: record %zu, %s: expected \"%s\", got \"%s\"", name,
				         n + 1, header[i], json_string_value(v), rec.fields[i]);
		}
		n++;
	}
	if (rc < 0)
		fail_msg("%s: %s on line %u", name, csv_reader_error(r, &line), line);
	assert_int_equal(n, json_array_size(expected));

	for (size_t i = 0; i < n_header; i++)
		free(header[i]);
	csv_reader_destroy(r);
	return n;
}

static int test_csv_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every csv-spectrum case: eleven match their .json exactly, the divergent one fails as listed. */
static void test_csv_spectrum(void **state)
{
	(void)state;
	DIR *dir = opendir(SPECTRUM_DIR "/csvs");
	if (!dir)
		fail_msg("cannot open %s/csvs", SPECTRUM_DIR);
	char *names[64];
	size_t n_names = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (!test_csv_ends_with(e->d_name, ".csv"))
			continue;
		assert_true(n_names < sizeof(names) / sizeof(names[0]));
		names[n_names++] = mem_strndup(e->d_name, strlen(e->d_name) - 4);
	}
	closedir(dir);
	qsort(names, n_names, sizeof(names[0]), test_csv_cmp_names);
	assert_true(n_names >= 12);

	size_t n_matched = 0, n_divergent = 0;
	for (size_t k = 0; k < n_names; k++) {
		const char *name = names[k];
		struct buf path, raw, csv;
		buf_init(&path, 0);
		buf_init(&raw, 0);
		buf_init(&csv, 0);

		buf_printf(&path, "%s/csvs/%s.csv", SPECTRUM_DIR, name);
		test_csv_slurp(buf_cstr(&path), &raw);
		if (test_csv_ends_with(name, "_crlf"))
			test_csv_restore_crlf(&raw, &csv);
		else
			buf_append(&csv, raw.data, raw.len);

		const char *divergent_error = NULL;
		unsigned divergent_line = 0;
		for (size_t i = 0; i < sizeof(test_csv_divergent) / sizeof(test_csv_divergent[0]);
		     i++) {
			if (strcmp(name, test_csv_divergent[i].name) == 0) {
				divergent_error = test_csv_divergent[i].error;
				divergent_line = test_csv_divergent[i].line;
			}
		}

		if (divergent_error) {
			struct csv_reader *r = csv_reader_create(csv.data, csv.len);
			struct csv_record rec;
			unsigned line;
			int rc;
			while ((rc = csv_reader_next(r, &rec)) == 1)
				;
			assert_int_equal(rc, -1);
			assert_string_equal(csv_reader_error(r, &line), divergent_error);
			assert_int_equal(line, divergent_line);
			csv_reader_destroy(r);
			print_message("csv-spectrum %s: rejected as expected (%s, line %u)\n", name,
			              divergent_error, divergent_line);
			n_divergent++;
		} else {
			buf_reset(&path);
			buf_printf(&path, "%s/json/%s.json", SPECTRUM_DIR, name);
			json_error_t jerr;
			json_t *expected = json_load_file(buf_cstr(&path), 0, &jerr);
			if (!expected)
				fail_msg("%s: %s", buf_cstr(&path), jerr.text);
			size_t n = test_csv_match_json(name, &csv, expected);
			print_message("csv-spectrum %s: %zu records match\n", name, n);
			json_decref(expected);
			n_matched++;
		}
		buf_finish(&path);
		buf_finish(&raw);
		buf_finish(&csv);
	}
	print_message("csv-spectrum: %zu cases match their .json, %zu known divergence\n",
	              n_matched, n_divergent);
	assert_int_equal(n_divergent, sizeof(test_csv_divergent) / sizeof(test_csv_divergent[0]));
	assert_int_equal(n_matched + n_divergent, n_names);
	for (size_t k = 0; k < n_names; k++)
		free(names[k]);
}

/* The CRLF restoration used above is checked on its own, since the spectrum depends on it. */
static void test_csv_restore(void **state)
{
	(void)state;
	struct buf in, out;
	buf_init(&in, 0);
	buf_init(&out, 0);
	buf_puts(&in, "a\n\"b\nc\"\r\nd\n");
	test_csv_restore_crlf(&in, &out);
	assert_string_equal(buf_cstr(&out), "a\r\n\"b\r\nc\"\r\nd\r\n");
	buf_finish(&in);
	buf_finish(&out);
}

static void test_csv_bom(void **state)
{
	(void)state;
	CHECK_CSV("\xEF\xBB\xBFid,name\n1,x\n", "1:id|name;2:1|x;");
	/* Only one BOM is the file's; a second one is data. */
	CHECK_CSV("\xEF\xBB\xBF\xEF\xBB\xBF"
	          "a\n",
	          "1:\xEF\xBB\xBF"
	          "a;");
	CHECK_CSV("\xEF\xBB\xBF", "");
	CHECK_CSV("\xEF\xBB\xBF\"q\",r", "1:q|r;");
	CHECK_CSV("", "");
	struct csv_reader *r = csv_reader_create(NULL, 0);
	struct csv_record rec;
	assert_int_equal(csv_reader_next(r, &rec), 0);
	csv_reader_destroy(r);
}

static void test_csv_crlf(void **state)
{
	(void)state;
	CHECK_CSV("a,b\r\nc,d\r\n", "1:a|b;2:c|d;");
	CHECK_CSV("\"a\",\"b\"\r\n\"c\"\r\n", "1:a|b;2:c;");
	/* A final CR alone still ends the record. */
	CHECK_CSV("a,b\r", "1:a|b;");
	CHECK_CSV("\"a\"\r", "1:a;");
	/* A CR that does not end a line is data. */
	CHECK_CSV("a\rb,c\n", "1:a\\rb|c;");
}

static void test_csv_line_numbers(void **state)
{
	(void)state;
	CHECK_CSV("h1,h2\n\"multi\nline\nfield\",x\nnext,y\n",
	          "1:h1|h2;2:multi\\nline\\nfield|x;5:next|y;");
	/* CRLF inside the quotes counts one line each, like CRLF outside. */
	CHECK_CSV("h\r\n\"a\r\nb\r\nc\"\r\nd\r\n", "1:h;2:a\\r\\nb\\r\\nc;5:d;");
	/* Two multi-line fields in one record: lines 1 to 4, so the next record is on line 5. */
	CHECK_CSV("\"a\nb\",\"c\nd\ne\"\nf\n", "1:a\\nb|c\\nd\\ne;5:f;");
}

static void test_csv_blank_lines(void **state)
{
	(void)state;
	CHECK_CSV("a\n\n\r\nb\n\n", "1:a;4:b;");
	CHECK_CSV("\n\na", "3:a;");
	CHECK_CSV("\r\n\r\n\r", "");
	CHECK_CSV("\n", "");
	/* A line of spaces is a record with one field, not a blank line. */
	CHECK_CSV(" \n", "1: ;");
	/* Two quotes make a record with one empty field. */
	CHECK_CSV("\"\"\nx\n", "1:;2:x;");
}

static void test_csv_errors(void **state)
{
	(void)state;
	/* The line where the field opened, not where the data ran out. */
	CHECK_CSV("a,b\n1,\"open\nmore\nstill\n", "1:a|b;!2:unterminated quoted field");
	CHECK_CSV("a\n\"x\"y,z\n", "1:a;!2:unexpected character after closing quote");
	CHECK_CSV("\"x\ny\" ,z\n", "!2:unexpected character after closing quote");
	CHECK_CSV("\"x\"\rb\n", "!1:unexpected character after closing quote");
	CHECK_CSV("a,b\nab\"c,d\n", "1:a|b;!2:quote inside unquoted field");
	CHECK_CSV("a, \"b\"\n", "!1:quote inside unquoted field");
	CHECK_CSV("x\n\"a\nb\",c\"\n", "1:x;!3:quote inside unquoted field");

	/* Before an error there is none. */
	struct csv_reader *r = csv_reader_create("a\n", 2);
	unsigned line = 99;
	assert_null(csv_reader_error(r, &line));
	assert_int_equal(line, 0);
	csv_reader_destroy(r);
}

/* Builds "x\nx\n" then a record of n fields "0,1,...,n-1" on line 3. */
static char *test_csv_wide(size_t n, size_t *len)
{
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "x\nx\n");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%zu", i ? "," : "", i);
	buf_putc(&b, '\n');
	*len = b.len;
	return buf_steal(&b);
}

static void test_csv_too_many_fields(void **state)
{
	(void)state;
	size_t len;
	char *data = test_csv_wide(CSV_MAX_FIELDS, &len);
	struct csv_reader *r = csv_reader_create(data, len);
	struct csv_record rec;
	assert_int_equal(csv_reader_next(r, &rec), 1);
	assert_int_equal(csv_reader_next(r, &rec), 1);
	assert_int_equal(csv_reader_next(r, &rec), 1);
	assert_int_equal(rec.line, 3);
	assert_int_equal(rec.n_fields, 256);
	assert_string_equal(rec.fields[255], "255");
	assert_int_equal(csv_reader_next(r, &rec), 0);
	csv_reader_destroy(r);
	free(data);

	data = test_csv_wide(CSV_MAX_FIELDS + 1, &len);
	char *got = test_csv_render(data, len);
	assert_string_equal(got, "1:x;2:x;!3:more than 256 fields");
	free(got);
	free(data);
}

static void test_csv_record_shapes(void **state)
{
	(void)state;
	/* The final record needs no line end. */
	CHECK_CSV("a,b\nc,d", "1:a|b;2:c|d;");
	CHECK_CSV("a,\"b\"", "1:a|b;");
	/* A trailing comma makes an empty last field. */
	CHECK_CSV("a,b,\n", "1:a|b|;");
	CHECK_CSV(",\n", "1:|;");
	CHECK_CSV("a,\"\"", "1:a|;");

	struct csv_reader *r = csv_reader_create("a,b,\n", 5);
	struct csv_record rec;
	assert_int_equal(csv_reader_next(r, &rec), 1);
	assert_int_equal(rec.n_fields, 3);
	assert_int_equal(rec.lens[2], 0);
	assert_string_equal(rec.fields[2], "");
	csv_reader_destroy(r);

	/* A lone quote opens a field that never closes. */
	CHECK_CSV("\"", "!1:unterminated quoted field");
	CHECK_CSV("a,\"", "!1:unterminated quoted field");
	CHECK_CSV("\"\"\"", "!1:unterminated quoted field");
	/* Doubled quotes give one quote; a field may hold a NUL byte. */
	CHECK_CSV("\"a\"\"b\",\"\"\"\"\n", "1:a\"b|\";");
	char nul[] = {'a', '\0', 'b', ',', 'c'};
	char *got = test_csv_render(nul, sizeof(nul));
	assert_memory_equal(got, "1:a\0b|c;", 9);
	free(got);
}

/* The writer's exact bytes, checked by hand against the quoting and guard rules. */
static void test_csv_write_bytes(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool guard;
		const char *out;
	} cases[] = {
	    {"plain", false, "plain"},
	    {"", false, ""},
	    {"a,b", false, "\"a,b\""},
	    {"say \"hi\"", false, "\"say \"\"hi\"\"\""},
	    {"two\nlines", false, "\"two\nlines\""},
	    {"cr\rx", false, "\"cr\rx\""},
	    {" lead", false, "\" lead\""},
	    {"trail ", false, "\"trail \""},
	    {"in side", false, "in side"},
	    {"=SUM(A1)", false, "=SUM(A1)"},
	    {"=SUM(A1)", true, "'=SUM(A1)"},
	    {"+1", true, "'+1"},
	    {"-5", true, "'-5"},
	    {"@x", true, "'@x"},
	    {"=A1,B1", true, "\"'=A1,B1\""},
	    {"'=x", true, "''=x"},
	    {"'x", true, "'x"},
	    {"a=b", true, "a=b"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		buf_init(&b, 0);
		csv_write_field(&b, cases[i].in, strlen(cases[i].in), cases[i].guard);
		assert_string_equal(buf_cstr(&b), cases[i].out);
		buf_finish(&b);
	}

	/* A field that would pass the buffer's limit is not written at all. */
	struct buf small;
	buf_init(&small, 8);
	buf_puts(&small, "ab,");
	csv_write_field(&small, "a,b\"c", 5, false); /* needs 8 bytes: "a,b""c" */
	assert_string_equal(buf_cstr(&small), "ab,");
	csv_write_field(&small, "xyz", 3, false);
	assert_string_equal(buf_cstr(&small), "ab,xyz");
	buf_finish(&small);
}

static void test_csv_unguard_cases(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t start, len;
	} cases[] = {
	    {"'=x", 1, 2}, {"'+1", 1, 2}, {"'-", 1, 1}, {"'@a", 1, 2}, {"''=x", 1, 3},
	    {"'x", 0, 2},  {"'", 0, 1},   {"''", 0, 2}, {"=x", 0, 2},  {"", 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t start = 99;
		size_t len = csv_unguard(cases[i].in, strlen(cases[i].in), &start);
		assert_int_equal(start, cases[i].start);
		assert_int_equal(len, cases[i].len);
	}
}

/* Tricky fields written in one record (guarded) and read back give the originals. */
static void test_csv_round_trip(void **state)
{
	(void)state;
	static const char *const fields[] = {
	    "comma, inside", "quote \" inside", "\"", "new\nline", "crlf\r\ninside", "lone\rcr",
	    " leading",      "trailing ",       "",   "=SUM(A1)",  "'=already",      "-5",
	    "@user",         "+84 912",         "'",  "plain",
	};
	size_t n = sizeof(fields) / sizeof(fields[0]);
	struct buf out;
	buf_init(&out, 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&out, ',');
		csv_write_field(&out, fields[i], strlen(fields[i]), true);
	}
	buf_puts(&out, "\r\nnext\n");

	struct csv_reader *r = csv_reader_create(out.data, out.len);
	struct csv_record rec;
	assert_int_equal(csv_reader_next(r, &rec), 1);
	assert_int_equal(rec.line, 1);
	assert_int_equal(rec.n_fields, n);
	for (size_t i = 0; i < n; i++) {
		size_t start;
		size_t len = csv_unguard(rec.fields[i], rec.lens[i], &start);
		assert_int_equal(len, strlen(fields[i]));
		assert_memory_equal(rec.fields[i] + start, fields[i], len);
	}
	/* "new\nline" and "crlf\r\ninside" hold one LF each, and the record ends with a third: the
	 * next record starts on line 4. */
	assert_int_equal(csv_reader_next(r, &rec), 1);
	assert_int_equal(rec.line, 4);
	assert_string_equal(rec.fields[0], "next");
	assert_int_equal(csv_reader_next(r, &rec), 0);
	csv_reader_destroy(r);
	buf_finish(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_spectrum),      cmocka_unit_test(test_csv_restore),
	    cmocka_unit_test(test_csv_bom),           cmocka_unit_test(test_csv_crlf),
	    cmocka_unit_test(test_csv_line_numbers),  cmocka_unit_test(test_csv_blank_lines),
	    cmocka_unit_test(test_csv_errors),        cmocka_unit_test(test_csv_too_many_fields),
	    cmocka_unit_test(test_csv_record_shapes), cmocka_unit_test(test_csv_write_bytes),
	    cmocka_unit_test(test_csv_unguard_cases), cmocka_unit_test(test_csv_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
