/* test_xlsx.c — the .xlsx reader (io/xlsx.c): workbooks written by libxlsxwriter (shared strings,
 * then inline strings in its constant-memory mode), numbers and dates at their edges, parts
 * written by hand (rich text with phonetic runs, _xHHHH_ escapes, the 1904 date system, custom
 * date formats, implicit cell references, sheets listed out of file order, relative and absolute
 * targets), what it refuses (not a zip, no workbook, no sheet, truncated archives, broken XML, a
 * DOCTYPE, rows out of order, a used range past the cell limit, zip bombs honest and lying), and
 * the table reader on a sheet: "FILE:SHEET!ROW" labels, rows counted as the sheet counts them
 * even after a cell with a line break, empty rows skipped.
 *
 * Every expected CSV is written out by hand from the cells the test put in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "io/table.h"
#include "io/xlsx.h"
#include "lib/buf.h"
#include "lib/diag.h"

/* ---- helpers ------------------------------------------------------------------------------- */

/* A fresh temporary file name for libxlsxwriter (which writes only to files). */
static void tx_tmp(char path[64])
{
	snprintf(path, 64, "/tmp/test_xlsx-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
}

/* Closes wb (writing path), reads the file into out and removes it. */
static void tx_close(lxw_workbook *wb, const char *path, struct buf *out)
{
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_append(out, chunk, n), 0);
	fclose(f);
	unlink(path);
}

/* A ZIP archive of the parts {name, content, name, content, …, NULL}, made with libzip in
 * memory. */
static void tx_zip(const char *const *parts, struct buf *out)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; parts[i]; i += 2) {
		zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, parts[i], s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_open(src), 0);
	char chunk[65536];
	zip_int64_t n;
	while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		assert_int_equal(buf_append(out, chunk, (size_t)n), 0);
	zip_source_close(src);
	zip_source_free(src);
}

/* Converts and checks the CSV and the sheet's name exactly. */
static void tx_expect(const struct buf *x, const char *sheet, const char *csv)
{
	struct buf out;
	char name[XLSX_SHEET_NAME_MAX], why[512];
	buf_init(&out, 0);
	int rc = xlsx_first_sheet_csv(x->data, x->len, &out, name, why, sizeof why);
	if (rc != 0)
		fail_msg("xlsx_first_sheet_csv: %s", why);
	assert_string_equal(name, sheet);
	assert_string_equal(buf_cstr(&out), csv);
	buf_finish(&out);
}

/* Converts, expects -1 and a reason that starts with want, and the CSV buffer as it was. */
static void tx_refused(const void *data, size_t len, const char *want)
{
	struct buf out;
	char name[XLSX_SHEET_NAME_MAX], why[512];
	buf_init(&out, 0);
	buf_puts(&out, "kept");
	int rc = xlsx_first_sheet_csv(data, len, &out, name, why, sizeof why);
	assert_int_equal(rc, -1);
	if (strncmp(why, want, strlen(want)) != 0)
		fail_msg("why: \"%s\", expected it to start with \"%s\"", why, want);
	assert_string_equal(buf_cstr(&out), "kept");
	buf_finish(&out);
}

/* The parts of a minimal workbook around one sheet XML (with or without shared strings). */
#define TX_NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define TX_NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define TX_NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define TX_ROOT_RELS                                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" TX_NS_PKG "\">"        \
	"<Relationship Id=\"rId1\" Type=\"" TX_NS_REL "/officeDocument\" "                         \
	"Target=\"xl/workbook.xml\"/></Relationships>"
#define TX_WORKBOOK(sheets)                                                                        \
	"<workbook xmlns=\"" TX_NS_MAIN "\" xmlns:r=\"" TX_NS_REL "\"><sheets>" sheets             \
	"</sheets></workbook>"
#define TX_WB_RELS(target)                                                                         \
	"<Relationships xmlns=\"" TX_NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" TX_NS_REL       \
	"/worksheet\" Target=\"" target "\"/><Relationship Id=\"rId3\" Type=\"" TX_NS_REL          \
	"/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
#define TX_SHEET(data)                                                                             \
	"<worksheet xmlns=\"" TX_NS_MAIN "\"><sheetData>" data "</sheetData></worksheet>"

static void tx_one_sheet(const char *sheet_xml, struct buf *out)
{
	const char *parts[] = {"_rels/.rels",
	                       TX_ROOT_RELS,
	                       "xl/workbook.xml",
	                       TX_WORKBOOK("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"),
	                       "xl/_rels/workbook.xml.rels",
	                       TX_WB_RELS("worksheets/sheet1.xml"),
	                       "xl/sharedStrings.xml",
	                       "<sst xmlns=\"" TX_NS_MAIN "\"><si><t>một</t></si></sst>",
	                       "xl/worksheets/sheet1.xml",
	                       sheet_xml,
	                       NULL};
	tx_zip(parts, out);
}

/* ---- written by libxlsxwriter -----------------------------------------------------------------
 */

/* Shared strings (one used twice), a line break, money, a fraction, a built-in date format and a
 * custom one, a boolean, a formula's cached string, an empty row in the middle, a sparse row, a
 * field that needs quoting; the second sheet is not read. */
static void test_xlsx_libxlsxwriter(void **state)
{
	(void)state;
	char path[64];
	tx_tmp(path);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Nhiệm vụ");
	lxw_worksheet *other = workbook_add_worksheet(wb, "Khác");
	lxw_format *d14 = workbook_add_format(wb);
	format_set_num_format_index(d14, 14);
	lxw_format *dmy = workbook_add_format(wb);
	format_set_num_format(dmy, "dd/mm/yyyy");
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0");
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	static const char *const head[] = {"code",  "name", "budget_vnd", "rate",
	                                   "start", "end",  "done",       "label"};
	for (lxw_col_t c = 0; c < 8; c++)
		worksheet_write_string(ws, 0, c, head[c], NULL);
	worksheet_write_string(ws, 1, 0, "A-1", NULL);
	worksheet_write_string(ws, 1, 1, "Cổng dịch vụ công\ndòng hai", wrap);
	worksheet_write_number(ws, 1, 2, 67150000000.0, money);
	worksheet_write_number(ws, 1, 3, 53.5, NULL);
	worksheet_write_datetime(ws, 1, 4, &(lxw_datetime){2023, 3, 1, 0, 0, 0}, d14);
	worksheet_write_datetime(ws, 1, 5, &(lxw_datetime){2023, 12, 31, 0, 0, 0}, dmy);
	worksheet_write_boolean(ws, 1, 6, 1, NULL);
	worksheet_write_formula_str(ws, 1, 7, "=\"A\"&\"B\"", NULL, "AB");
	/* row 3 (index 2) left empty */
	worksheet_write_string(ws, 3, 0, "A-1", NULL);
	worksheet_write_number(ws, 3, 3, 0.1, NULL);
	worksheet_write_string(ws, 3, 7, "x, \"y\"", NULL);
	worksheet_write_string(other, 0, 0, "không đọc", NULL);
	struct buf x;
	buf_init(&x, 0);
	tx_close(wb, path, &x);
	assert_true(xlsx_sniff(x.data, x.len));
	tx_expect(
	    &x, "Nhiệm vụ",
	    "code,name,budget_vnd,rate,start,end,done,label\r\n"
	    "A-1,\"Cổng dịch vụ công\ndòng hai\",67150000000,53.5,2023-03-01,2023-12-31,1,AB\r\n"
	    ",,,,,,,\r\n"
	    "A-1,,,0.1,,,,\"x, \"\"y\"\"\"\r\n");
	buf_finish(&x);
}

/* libxlsxwriter's constant-memory mode writes inline strings (t="inlineStr"); a one-column sheet
 * makes an empty row an empty line. */
static void test_xlsx_inline_strings(void **state)
{
	(void)state;
	char path[64];
	tx_tmp(path);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Một cột");
	worksheet_write_string(ws, 0, 0, "Bắc Kạn", NULL);
	worksheet_write_string(ws, 2, 0, "ba", NULL);
	struct buf x;
	buf_init(&x, 0);
	tx_close(wb, path, &x);
	tx_expect(&x, "Một cột", "Bắc Kạn\r\n\r\nba\r\n");
	buf_finish(&x);
}

/* Numbers in their shortest round-trip text, and date serials at the 1900 system's edges. */
static void test_xlsx_numbers_and_dates(void **state)
{
	(void)state;
	char path[64];
	tx_tmp(path);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Số");
	lxw_format *d14 = workbook_add_format(wb);
	format_set_num_format_index(d14, 14);
	/* (libxlsxwriter writes numbers with %.16g: 17-digit ones are in test_xlsx_number_text) */
	static const double numbers[] = {1.0 / 3, 9007199254740992.0, 1e20, -2.5,
	                                 1e-7,    123456789.123,      -0.0, 2023};
	for (lxw_col_t c = 0; c < sizeof numbers / sizeof numbers[0]; c++)
		worksheet_write_number(ws, 0, c, numbers[c], NULL);
	/* 59: 1900-02-28; 60: Excel's 1900-02-29; 61: 1900-03-01; 45291.75: the time is dropped;
	 * 0.5: no date; 2958465: 9999-12-31, the last; 2958466: past it, a number */
	static const double serials[] = {59, 60, 61, 1, 45291, 45291.75, 0.5, 2958465, 2958466};
	for (lxw_col_t c = 0; c < sizeof serials / sizeof serials[0]; c++)
		worksheet_write_number(ws, 1, c, serials[c], d14);
	/* percentages as Excel shows them: built-in 9 (0%), a custom 0.0%; a quoted % is text */
	lxw_format *p9 = workbook_add_format(wb);
	format_set_num_format_index(p9, 9);
	lxw_format *p1 = workbook_add_format(wb);
	format_set_num_format(p1, "0.0%");
	lxw_format *quoted = workbook_add_format(wb);
	format_set_num_format(quoted, "0.0\"%\"");
	worksheet_write_number(ws, 2, 0, 1, p9);
	worksheet_write_number(ws, 2, 1, 0.53, p9);
	worksheet_write_number(ws, 2, 2, 0.535, p1);
	worksheet_write_number(ws, 2, 3, 53.5, quoted);
	worksheet_write_number(ws, 2, 4, -0.0, p9);
	struct buf x;
	buf_init(&x, 0);
	tx_close(wb, path, &x);
	tx_expect(&x, "Số",
	          "0.3333333333333333,9007199254740992,1e+20,-2.5,1e-07,123456789.123,0,2023,\r\n"
	          "1900-02-28,1900-02-29,1900-03-01,1900-01-01,2023-12-31,2023-12-31,0.5,"
	          "9999-12-31,2958466\r\n"
	          "100%,53%,53.5%,53.5,0%,,,,\r\n");
	buf_finish(&x);
}

/* ---- parts written by hand ------------------------------------------------------------------ */

/* Number cells as other writers leave them: 17 significant digits, exponents, spaces around,
 * and text that is no number (kept as written). */
static void test_xlsx_number_text(void **state)
{
	(void)state;
	struct buf x;
	buf_init(&x, 0);
	tx_one_sheet(
	    TX_SHEET("<row><c><v>0.30000000000000004</v></c><c><v>5.35E1</v></c>"
	             "<c><v>1E-3</v></c><c><v> 42 </v></c><c><v>abc</v></c>"
	             "<c><v>0.1</v></c><c><v>-1.5e300</v></c><c><v>9007199254740993</v></c>"
	             "</row>"),
	    &x);
	/* 2^53+1 is no double: it reads as 2^53 */
	tx_expect(&x, "S",
	          "0.30000000000000004,53.5,0.001,42,abc,0.1,-1.5e+300,9007199254740992\r\n");
	buf_finish(&x);
}

/* The sheet listed first in the workbook is the second part, reached by an absolute target; the
 * workbook is reached by an absolute target too; 1904 dates; rich text and phonetic runs; _x
 * escapes; custom formats with a locale prefix (a date), a quoted word and an escaped d (not
 * dates); a format id defined twice (the last counts); a cellStyleXfs entry that must not count;
 * rows and cells without references; an error cell, an ISO date cell, a FALSE, a formula string;
 * trailing empty styled cells ignored. */
static void test_xlsx_by_hand(void **state)
{
	(void)state;
	const char *parts[] = {
	    "_rels/.rels",
	    "<Relationships xmlns=\"" TX_NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" TX_NS_REL
	    "/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>",
	    "xl/workbook.xml",
	    "<workbook xmlns=\"" TX_NS_MAIN "\" xmlns:rr=\"" TX_NS_REL "\">"
	    "<workbookPr date1904=\"1\"/><sheets>"
	    "<sheet name=\"Sổ 1\" sheetId=\"2\" rr:id=\"rId2\"/>"
	    "<sheet name=\"Hai\" sheetId=\"1\" rr:id=\"rId1\"/></sheets></workbook>",
	    "xl/_rels/workbook.xml.rels",
	    "<Relationships xmlns=\"" TX_NS_PKG "\">"
	    "<Relationship Id=\"rId1\" Type=\"" TX_NS_REL "/worksheet\" "
	    "Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" TX_NS_REL "/worksheet\" "
	    "Target=\"/xl/worksheets/sheet2.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" TX_NS_REL "/sharedStrings\" "
	    "Target=\"./sharedStrings.xml\"/>"
	    "<Relationship Id=\"rId4\" Type=\"" TX_NS_REL "/styles\" "
	    "Target=\"worksheets/../styles.xml\"/></Relationships>",
	    "xl/styles.xml",
	    "<styleSheet xmlns=\"" TX_NS_MAIN "\"><numFmts count=\"4\">"
	    "<numFmt numFmtId=\"164\" formatCode=\"0.00\"/>" /* redefined below: the last wins */
	    "<numFmt numFmtId=\"164\" formatCode=\"[$-42A]dd/mm/yyyy;@\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"0.0 &quot;ngày&quot;\"/>"
	    "<numFmt numFmtId=\"166\" formatCode=\"\\d0_m\"/></numFmts>"
	    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
	    "<xf numFmtId=\"14\"/><xf numFmtId=\"166\"/></cellXfs></styleSheet>",
	    "xl/sharedStrings.xml",
	    "<sst xmlns=\"" TX_NS_MAIN "\" count=\"3\" uniqueCount=\"3\">"
	    "<si><r><t>Bắc </t></r><r><rPr><b/></rPr><t>Kạn</t></r>"
	    "<rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh></si>"
	    "<si><t>a_x000D_b</t></si><si><t>_x005F_x0041_</t></si></sst>",
	    "xl/worksheets/sheet1.xml",
	    TX_SHEET("<row><c t=\"inlineStr\"><is><t>không đọc</t></is></c></row>"),
	    "xl/worksheets/sheet2.xml",
	    TX_SHEET("<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c>"
	             "</row>"
	             "<row><c s=\"1\"><v>0</v></c><c s=\"2\"><v>5</v></c><c s=\"3\"><v>1.5</v></c>"
	             "<c s=\"4\"><v>7</v></c></row>"
	             "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><r><t>tr</t></r><r><t>ong</t>"
	             "</r></is></c><c r=\"C4\" t=\"e\"><v>#DIV/0!</v></c></row>"
	             "<row r=\"5\"><c r=\"A5\" t=\"d\"><v>2023-12-31T00:00:00</v></c>"
	             "<c r=\"B5\" t=\"b\"><v>0</v></c>"
	             "<c r=\"C5\" t=\"str\"><f>X1&amp;\"\"</f><v>kết quả</v></c></row>"
	             "<row r=\"6\"><c r=\"A6\" s=\"1\"/><c r=\"F6\" s=\"2\"/></row>"),
	    NULL};
	struct buf x;
	buf_init(&x, 0);
	tx_zip(parts, &x);
	tx_expect(&x, "Sổ 1",
	          "Bắc Kạn,\"a\rb\",_x0041_,\r\n"
	          "1904-01-01,5,1904-01-02,7\r\n"
	          ",,,\r\n"
	          ",trong,#DIV/0!,\r\n"
	          "2023-12-31,0,kết quả,\r\n");
	buf_finish(&x);

	/* without _rels/.rels the workbook is looked for at xl/workbook.xml */
	buf_init(&x, 0);
	tx_zip(parts + 2, &x);
	tx_expect(&x, "Sổ 1",
	          "Bắc Kạn,\"a\rb\",_x0041_,\r\n1904-01-01,5,1904-01-02,7\r\n,,,\r\n"
	          ",trong,#DIV/0!,\r\n2023-12-31,0,kết quả,\r\n");
	buf_finish(&x);
}

/* A sheet with no value at all gives no CSV (and no error: the importer says it is empty). */
static void test_xlsx_empty_sheet(void **state)
{
	(void)state;
	struct buf x;
	buf_init(&x, 0);
	tx_one_sheet(TX_SHEET("<row r=\"3\"><c r=\"B3\" s=\"0\"/></row>"), &x);
	tx_expect(&x, "S", "");
	buf_finish(&x);
}

/* ---- refused -------------------------------------------------------------------------------- */

static void test_xlsx_refused(void **state)
{
	(void)state;
	tx_refused("code,name\r\n", 11, "not an .xlsx file: it does not start like a ZIP archive");
	tx_refused("PK\x03\x04 and then nothing of a zip", 30, "not an .xlsx file: ");
	assert_false(xlsx_sniff("PK", 2));
	assert_false(xlsx_sniff(NULL, 0));

	struct buf x;
	buf_init(&x, 0);
	const char *no_workbook[] = {"a.txt", "xin chào", NULL};
	tx_zip(no_workbook, &x);
	tx_refused(x.data, x.len,
	           "not an .xlsx file: the archive has no workbook (xl/workbook.xml)");

	buf_reset(&x);
	const char *no_sheet[] = {"xl/workbook.xml", TX_WORKBOOK(""), NULL};
	tx_zip(no_sheet, &x);
	tx_refused(x.data, x.len, "the workbook has no sheet");

	buf_reset(&x);
	const char *lost[] = {
	    "xl/workbook.xml", TX_WORKBOOK("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"),
	    "xl/_rels/workbook.xml.rels", TX_WB_RELS("worksheets/sheet9.xml"), NULL};
	tx_zip(lost, &x);
	tx_refused(x.data, x.len,
	           "the first sheet \"S\" (xl/worksheets/sheet9.xml) is missing from the archive");

	buf_reset(&x);
	tx_one_sheet(TX_SHEET("<row><c><v>1</v></c>\n<row></sheetData></worksheet>"), &x);
	tx_refused(x.data, x.len, "sheet1.xml: XML error at line 2: mismatched tag");

	buf_reset(&x);
	tx_one_sheet(TX_SHEET("<row><c t=\"s\"><v>7</v></c></row>"), &x);
	tx_refused(x.data, x.len, "sheet1.xml: cell A1: there is no shared string \"7\"");

	buf_reset(&x);
	tx_one_sheet("<!DOCTYPE w [<!ENTITY a \"aaaa\">]>" TX_SHEET("<row><c><v>1</v></c></row>"),
	             &x);
	tx_refused(x.data, x.len, "sheet1.xml: a DOCTYPE is not allowed in a workbook part");

	buf_reset(&x);
	tx_one_sheet(TX_SHEET("<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"/>"), &x);
	tx_refused(x.data, x.len, "sheet1.xml: row 2 is out of order (after row 3)");

	buf_reset(&x);
	tx_one_sheet(TX_SHEET("<row><c r=\"C1\"><v>1</v></c><c r=\"B1\"><v>1</v></c></row>"), &x);
	tx_refused(x.data, x.len, "sheet1.xml: row 1: cell B1 is out of order");

	buf_reset(&x);
	tx_one_sheet(TX_SHEET("<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"), &x);
	tx_refused(x.data, x.len,
	           "the sheet's used range A1:XFD1048576 is more than 2000000 cells (refused)");

	/* a real workbook cut short anywhere is refused, never half-read */
	buf_reset(&x);
	tx_one_sheet(TX_SHEET("<row><c><v>1</v></c></row>"), &x);
	for (size_t cut = 1; cut < x.len; cut += 7)
		tx_refused(x.data, cut, "not an .xlsx file: ");
	buf_finish(&x);
}

/* A zip bomb: a sheet that inflates to 257 MiB of spaces. Made by a libzip source that produces
 * the bytes as they are asked for, so the test never holds them. */
struct tx_bomb {
	zip_uint64_t size, at;
};

static zip_int64_t tx_bomb_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct tx_bomb *b = ud;
	static const char head[] = "<worksheet><sheetData>";
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		b->at = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = b->size - b->at < len ? b->size - b->at : len;
		char *out = data;
		for (zip_uint64_t i = 0; i < n; i++) {
			zip_uint64_t pos = b->at + i;
			out[i] = pos < sizeof head - 1 ? head[pos] : ' ';
		}
		b->at += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = b->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return 2 * (zip_int64_t)sizeof(int);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

/* Overwrites the uncompressed size of the entry name in its local header and in the central
 * directory: an archive that lies. */
static void tx_lie_about_size(struct buf *x, const char *name, uint32_t size)
{
	size_t n = strlen(name);
	int patched = 0;
	for (size_t i = 0; i + 46 + n <= x->len; i++) {
		unsigned char *p = (unsigned char *)x->data + i;
		size_t at = 0;
		if (memcmp(p, "PK\x03\x04", 4) == 0 && memcmp(p + 30, name, n) == 0)
			at = 22;
		else if (memcmp(p, "PK\x01\x02", 4) == 0 && memcmp(p + 46, name, n) == 0)
			at = 24;
		if (!at)
			continue;
		for (int k = 0; k < 4; k++)
			p[at + (size_t)k] = (unsigned char)(size >> (8 * k));
		patched++;
	}
	assert_int_equal(patched, 2);
}

static void test_xlsx_zip_bomb(void **state)
{
	(void)state;
	struct tx_bomb bomb = {.size = ((zip_uint64_t)257 << 20)};
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	const char *parts[] = {"xl/workbook.xml",
	                       TX_WORKBOOK("<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"),
	                       "xl/_rels/workbook.xml.rels", TX_WB_RELS("worksheets/sheet1.xml")};
	for (size_t i = 0; i < 4; i += 2)
		zip_file_add(z, parts[i],
		             zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0), 0);
	zip_int64_t idx = zip_file_add(z, "xl/worksheets/sheet1.xml",
	                               zip_source_function(z, tx_bomb_source, &bomb), 0);
	assert_true(idx >= 0);
	zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
	assert_int_equal(zip_close(z), 0);
	struct buf x;
	buf_init(&x, 0);
	assert_int_equal(zip_source_open(src), 0);
	char chunk[65536];
	zip_int64_t n;
	while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		buf_append(&x, chunk, (size_t)n);
	zip_source_close(src);
	zip_source_free(src);
	assert_true(x.len < ((size_t)4 << 20)); /* a small file */

	/* honest sizes: refused before inflating */
	tx_refused(x.data, x.len, "sheet1.xml: more than 256 MiB uncompressed (refused)");
	/* sizes that lie: reading stops (at the limit, or where libzip sees the lie) */
	tx_lie_about_size(&x, "xl/worksheets/sheet1.xml", 1000);
	tx_refused(x.data, x.len, "sheet1.xml: ");
	buf_finish(&x);
}

/* ---- the table reader on a sheet ------------------------------------------------------------ */

static void test_xlsx_table_rows(void **state)
{
	(void)state;
	static const struct table_column cols[] = {{"code", TABLE_REQUIRED},
	                                           {"name", TABLE_REQUIRED}};
	struct buf x;
	buf_init(&x, 0);
	/* row 1 header; row 2 a name on two lines; row 3 empty; row 4 without its name; row 6 ok */
	tx_one_sheet(TX_SHEET("<row><c t=\"inlineStr\"><is><t>code</t></is></c>"
	                      "<c t=\"inlineStr\"><is><t>name</t></is></c></row>"
	                      "<row><c t=\"inlineStr\"><is><t>A</t></is></c>"
	                      "<c t=\"inlineStr\"><is><t>một\nhai\nba</t></is></c></row>"
	                      "<row r=\"4\"><c t=\"s\"><v>0</v></c></row>"
	                      "<row r=\"6\"><c><v>2023</v></c><c t=\"s\"><v>0</v></c></row>"),
	             &x);
	struct diag d;
	diag_init(&d);
	struct table_reader *t = table_open("t.xlsx", x.data, x.len, cols, 2, &d);
	assert_non_null(t);
	assert_string_equal(table_label(t), "t.xlsx:S!");
	struct table_row row;
	assert_int_equal(table_next(t, &row), 1);
	assert_int_equal(row.line, 2);
	assert_true(row.ok);
	assert_string_equal(row.values[1], "một\nhai\nba");
	assert_int_equal(table_next(t, &row), 1); /* row 3 is skipped */
	assert_int_equal(row.line, 4);
	assert_false(row.ok);
	assert_int_equal(table_next(t, &row), 1);
	assert_int_equal(row.line, 6);
	assert_true(row.ok);
	assert_string_equal(row.values[0], "2023");
	assert_string_equal(row.values[1], "một");
	assert_int_equal(table_next(t, &row), 0);
	table_close(t);

	assert_int_equal(d.count, 1);
	struct buf line;
	buf_init(&line, 0);
	diag_format(&d.items[0], &line);
	assert_string_equal(buf_cstr(&line), "t.xlsx:S!4: name: a value is required");
	diag_finish(&d);

	/* a workbook that cannot be read is one problem about the file */
	diag_init(&d);
	x.len /= 2;
	assert_null(table_open("t.xlsx", x.data, x.len, cols, 2, &d));
	assert_int_equal(d.count, 1);
	buf_reset(&line);
	diag_format(&d.items[0], &line);
	assert_string_equal(buf_cstr(&line), "t.xlsx: not an .xlsx file: not a ZIP archive");
	diag_finish(&d);

	/* a sheet without a row of values: no header; the place is the sheet, without '!' */
	diag_init(&d);
	buf_reset(&x);
	tx_one_sheet(TX_SHEET(""), &x);
	assert_null(table_open("t.xlsx", x.data, x.len, cols, 2, &d));
	buf_reset(&line);
	diag_format(&d.items[0], &line);
	assert_string_equal(buf_cstr(&line), "t.xlsx:S: the sheet is empty: expected a header row");
	diag_finish(&d);

	/* an old .xls (an OLE compound file) */
	diag_init(&d);
	assert_null(table_open("t.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", 13, cols, 2, &d));
	buf_reset(&line);
	diag_format(&d.items[0], &line);
	assert_true(strstr(buf_cstr(&line), "t.xls: an Excel 97-2003 workbook (.xls)") ==
	            buf_cstr(&line));
	diag_finish(&d);
	buf_finish(&line);
	buf_finish(&x);
}

/* In a CSV file a record of empty fields is skipped too, and lines stay physical lines. */
static void test_xlsx_table_csv_empty_records(void **state)
{
	(void)state;
	static const struct table_column cols[] = {{"code", TABLE_REQUIRED},
	                                           {"name", TABLE_REQUIRED}};
	const char *csv = ",\ncode,name\nA,\"x\ny\"\n,\n\"\",\"\"\nB,\n";
	struct diag d;
	diag_init(&d);
	struct table_reader *t = table_open("t.csv", csv, strlen(csv), cols, 2, &d);
	assert_non_null(t);
	struct table_row row;
	assert_int_equal(table_next(t, &row), 1);
	assert_int_equal(row.line, 3);
	assert_int_equal(table_next(t, &row), 1);
	assert_int_equal(row.line, 7);
	assert_false(row.ok);
	assert_int_equal(table_next(t, &row), 0);
	table_close(t);
	struct buf line;
	buf_init(&line, 0);
	diag_format(&d.items[0], &line);
	assert_string_equal(buf_cstr(&line), "t.csv:7: name: a value is required");
	buf_finish(&line);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsx_libxlsxwriter),
	    cmocka_unit_test(test_xlsx_inline_strings),
	    cmocka_unit_test(test_xlsx_numbers_and_dates),
	    cmocka_unit_test(test_xlsx_number_text),
	    cmocka_unit_test(test_xlsx_by_hand),
	    cmocka_unit_test(test_xlsx_empty_sheet),
	    cmocka_unit_test(test_xlsx_refused),
	    cmocka_unit_test(test_xlsx_zip_bomb),
	    cmocka_unit_test(test_xlsx_table_rows),
	    cmocka_unit_test(test_xlsx_table_csv_empty_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
