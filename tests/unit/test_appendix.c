/* test_appendix.c — the appendix workbook (report/appendix_xlsx.c): its parts as libxlsxwriter
 * writes them (formulas for the totals, the frozen header, A4 landscape, one page wide, the header
 * row repeated on each printed page), the same bytes for the same JSON (also in another time
 * zone), refusals with a reason, and LibreOffice as the judge: it opens the workbook,
 * recalculates every formula (its profile is set to recalculate on load, so the cached results
 * written by us do not count) and prints it to PDF, whose text (pdftotext) must show the
 * Vietnamese names and the totals computed here from the rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>
#include <zip.h>

#include "lib/buf.h"
#include "report/appendix_xlsx.h"

static const char ta_json[] =
    "{\"year\":2023,"
    "\"title\":\"Phụ lục: Danh mục nhiệm vụ chuyển đổi số năm 2023\","
    "\"subtitle\":\"(Kèm theo Báo cáo số 123/BC-BCĐ ngày 14 tháng 12 năm 2023 của Ban Chỉ đạo "
    "chuyển đổi số tỉnh)\","
    "\"tasks\":["
    "{\"code\":\"T-1\",\"name\":\"Nâng cấp Trung tâm dữ liệu tỉnh\",\"investor\":\"STTTT\","
    "\"investor_name\":\"Sở Thông tin và Truyền thông\",\"budget_vnd\":1500000000,"
    "\"disbursed_vnd\":750000000,\"progress_pct\":50,\"status_vi\":\"Đang triển khai\","
    "\"note\":\"Ghi chú\\ndòng hai\"},"
    "{\"code\":\"T-2\",\"name\":\"Số hóa hồ sơ đất đai\",\"investor\":\"STNMT\","
    "\"investor_name\":\"Sở Tài nguyên và Môi trường\",\"budget_vnd\":2345000000,"
    "\"disbursed_vnd\":0,\"progress_pct\":0,\"status_vi\":\"Chưa triển khai\",\"note\":\"\"},"
    "{\"code\":\"T-3\",\"name\":\"Cổng dịch vụ công tỉnh Bắc Kạn\",\"investor\":\"VPUBND\","
    "\"investor_name\":\"Văn phòng UBND tỉnh\",\"budget_vnd\":67150000000,"
    "\"disbursed_vnd\":35600000000,\"progress_pct\":100,\"status_vi\":\"Hoàn thành\","
    "\"note\":null}],"
    "\"investors\":["
    "{\"code\":\"STTTT\",\"name\":\"Sở Thông tin và Truyền thông\",\"tasks\":1,"
    "\"budget_vnd\":1500000000,\"disbursed_vnd\":750000000},"
    "{\"code\":\"STNMT\",\"name\":\"Sở Tài nguyên và Môi trường\",\"tasks\":1,"
    "\"budget_vnd\":2345000000,\"disbursed_vnd\":0},"
    "{\"code\":\"VPUBND\",\"name\":\"Văn phòng UBND tỉnh\",\"tasks\":1,"
    "\"budget_vnd\":67150000000,\"disbursed_vnd\":35600000000}],"
    "\"indicators\":["
    "{\"code\":\"I1\",\"name\":\"Tỷ lệ hồ sơ trực tuyến toàn trình\",\"measure\":\"%\","
    "\"value\":53.5,\"target\":60,\"decimals\":1,\"status_vi\":\"Chưa đạt\"},"
    "{\"code\":\"I2\",\"name\":\"Số thuê bao băng rộng\",\"measure\":\"thuê bao\","
    "\"value\":null,\"target\":1000,\"decimals\":0,\"status_vi\":\"Chưa có số liệu\"}]}";

static json_t *ta_load(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if (!j)
		fail_msg("JSON: %s", err.text);
	return j;
}

static void ta_write(const json_t *j, struct buf *out)
{
	char why[256];
	if (appendix_xlsx_write(j, out, why, sizeof why) != 0)
		fail_msg("appendix_xlsx_write: %s", why);
}

/* The text of one part of the workbook, unzipped with libzip. */
static void ta_part(const struct buf *x, const char *name, struct buf *out)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(x->data, x->len, 0, &ze);
	assert_non_null(src);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		fail_msg("no part %s", name);
	char chunk[65536];
	zip_int64_t n;
	while ((n = zip_fread(f, chunk, sizeof chunk)) > 0)
		assert_int_equal(buf_append(out, chunk, (size_t)n), 0);
	assert_true(n == 0);
	zip_fclose(f);
	zip_discard(z);
}

static void ta_has(const struct buf *text, const char *what, const char *where)
{
	if (!strstr(buf_cstr(text), what))
		fail_msg("%s lacks: %s", where, what);
}

/* ---- the parts ------------------------------------------------------------------------------ */

static void test_appendix_parts(void **state)
{
	(void)state;
	json_t *j = ta_load(ta_json);
	struct buf x, part;
	buf_init(&x, 0);
	buf_init(&part, 0);
	ta_write(j, &x);

	ta_part(&x, "xl/worksheets/sheet1.xml", &part);
	const char *s1 = "xl/worksheets/sheet1.xml";
	/* the totals row (8) of the three task rows (5..7) are formulas */
	ta_has(&part, "<f>SUM(D5:D7)</f><v>70995000000</v></c>", s1);
	ta_has(&part, "<f>SUM(E5:E7)</f><v>36350000000</v>", s1);
	ta_has(&part, "<f>IF(D8=0,0,E8/D8*100)</f>", s1);
	ta_has(&part, "<f>IF(D5=0,0,E5/D5*100)</f><v>50</v>", s1);
	/* frozen below the header; A4 landscape, one page wide; the title merged across */
	ta_has(&part,
	       "<pane ySplit=\"4\" topLeftCell=\"A5\" activePane=\"bottomLeft\" "
	       "state=\"frozen\"/>",
	       s1);
	ta_has(&part, "<pageSetUpPr fitToPage=\"1\"/>", s1);
	ta_has(&part, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>",
	       s1);
	ta_has(&part, "<mergeCell ref=\"A1:I1\"/>", s1);
	/* money stays exact */
	ta_has(&part, "<v>67150000000</v></c><c r=\"E7\"", s1);

	buf_reset(&part);
	ta_part(&x, "xl/worksheets/sheet2.xml", &part);
	ta_has(&part, "<f>SUM(C5:C7)</f><v>3</v>", "sheet2.xml");
	ta_has(&part, "<f>SUM(D5:D7)</f><v>70995000000</v>", "sheet2.xml");

	buf_reset(&part);
	ta_part(&x, "xl/workbook.xml", &part);
	ta_has(&part, "<sheet name=\"Nhiệm vụ\" sheetId=\"1\" r:id=\"rId1\"/>", "workbook.xml");
	ta_has(&part, "<sheet name=\"Theo chủ đầu tư\" sheetId=\"2\" r:id=\"rId2\"/>",
	       "workbook.xml");
	ta_has(&part, "<sheet name=\"Chỉ số\" sheetId=\"3\" r:id=\"rId3\"/>", "workbook.xml");
	ta_has(&part,
	       "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Nhiệm vụ'!$4:$4"
	       "</definedName>",
	       "workbook.xml");

	buf_reset(&part);
	ta_part(&x, "xl/styles.xml", &part);
	ta_has(&part, "formatCode=\"#,##0\"", "styles.xml");
	ta_has(&part, "formatCode=\"0.0\"", "styles.xml");
	ta_has(&part, "<i/>", "styles.xml"); /* the "Kèm theo" line */

	buf_reset(&part);
	ta_part(&x, "docProps/core.xml", &part);
	ta_has(&part, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z",
	       "core.xml");

	buf_finish(&part);
	buf_finish(&x);
	json_decref(j);
}

/* Same JSON, same bytes: written twice, a second apart, and once more in another time zone. */
static void test_appendix_deterministic(void **state)
{
	(void)state;
	json_t *j = ta_load(ta_json);
	struct buf a, b, c;
	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&c, 0);
	ta_write(j, &a);
	struct timespec second = {1, 100000000};
	nanosleep(&second, NULL);
	ta_write(j, &b);
	const char *tz = getenv("TZ");
	char *saved = tz ? strdup(tz) : NULL;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	ta_write(j, &c);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_int_equal(a.len, c.len);
	assert_memory_equal(a.data, c.data, a.len);
	/* appended, not overwritten */
	buf_reset(&b);
	buf_puts(&b, "head");
	ta_write(j, &b);
	assert_int_equal(b.len, 4 + a.len);
	assert_memory_equal(b.data + 4, a.data, a.len);
	buf_finish(&a);
	buf_finish(&b);
	buf_finish(&c);
	json_decref(j);
}

static void ta_refused(const char *text, const char *want)
{
	json_t *j = ta_load(text);
	struct buf out;
	char why[256];
	buf_init(&out, 0);
	assert_int_equal(appendix_xlsx_write(j, &out, why, sizeof why), -1);
	assert_string_equal(why, want);
	assert_int_equal(out.len, 0);
	buf_finish(&out);
	json_decref(j);
}

static void test_appendix_refused(void **state)
{
	(void)state;
	ta_refused("[]", "the appendix is not a JSON object");
	ta_refused("{\"title\":\"P\"}", "year: expected a year (a JSON integer)");
	ta_refused("{\"year\":2023}", "title: expected the appendix's title");
	ta_refused("{\"year\":2023,\"title\":\"P\",\"tasks\":{}}", "tasks: expected an array");
	ta_refused("{\"year\":2023,\"title\":\"P\",\"tasks\":[{\"budget_vnd\":1},"
	           "{\"budget_vnd\":\"1.000\"}]}",
	           "tasks[1].budget_vnd: expected whole đồng (a JSON integer, 0 or more)");
	ta_refused("{\"year\":2023,\"title\":\"P\",\"indicators\":[{\"value\":\"x\"}]}",
	           "indicators[0].value: expected a number or null");

	/* no rows at all is a workbook with zero totals */
	json_t *j = ta_load("{\"year\":2023,\"title\":\"P\"}");
	struct buf x, part;
	buf_init(&x, 0);
	buf_init(&part, 0);
	ta_write(j, &x);
	ta_part(&x, "xl/worksheets/sheet1.xml", &part);
	ta_has(&part, "<f>IF(D5=0,0,E5/D5*100)</f><v>0</v>", "sheet1.xml");
	assert_null(strstr(buf_cstr(&part), "SUM("));
	buf_finish(&part);
	buf_finish(&x);
	json_decref(j);
}

/* ---- LibreOffice as the judge --------------------------------------------------------------- */

/* n with groups of three digits separated by sep. */
static void ta_grouped(int64_t n, char sep, char out[32])
{
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", (long long)n);
	size_t len = strlen(digits), k = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = sep;
		out[k++] = digits[i];
	}
	out[k] = '\0';
}

/* A number as LibreOffice may print it: grouped with ',' (en-US) or '.' (vi-VN). */
static void ta_has_amount(const struct buf *text, int64_t n)
{
	char comma[32], dot[32];
	ta_grouped(n, ',', comma);
	ta_grouped(n, '.', dot);
	if (!strstr(buf_cstr(text), comma) && !strstr(buf_cstr(text), dot))
		fail_msg("the PDF's text lacks the total %s", comma);
}

static void test_appendix_libreoffice(void **state)
{
	(void)state;
	if (system("command -v libreoffice >/dev/null 2>&1 && command -v pdftotext >/dev/null "
	           "2>&1") != 0) {
		fprintf(stderr, "libreoffice or pdftotext is not installed: skipped\n");
		skip();
	}
	char dir[] = "/tmp/test_appendix-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], cmd[2048];
	json_t *j = ta_load(ta_json);
	struct buf x;
	buf_init(&x, 0);
	ta_write(j, &x);
	snprintf(path, sizeof path, "%s/phu-luc.xlsx", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(x.data, 1, x.len, f), x.len);
	fclose(f);
	/* a fresh profile (c-stack gotcha 13) that recalculates every formula on load */
	snprintf(path, sizeof path, "%s/profile/user", dir);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/profile/user/registrymodifications.xcu", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
	      "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
	      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
	      "<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\">"
	      "<prop oor:name=\"OOXMLRecalcMode\" oor:op=\"fuse\"><value>0</value></prop></item>\n"
	      "</oor:items>\n",
	      f);
	fclose(f);
	snprintf(cmd, sizeof cmd,
	         "cd '%s' && HOME='%s' timeout 180 libreoffice --headless "
	         "-env:UserInstallation=file://%s/profile --convert-to pdf phu-luc.xlsx "
	         ">lo.log 2>&1 && pdftotext -layout phu-luc.pdf phu-luc.txt",
	         dir, dir, dir);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof cmd, "cat '%s/lo.log' >&2", dir);
		(void)!system(cmd);
		fail_msg("libreoffice could not convert the workbook");
	}
	snprintf(path, sizeof path, "%s/phu-luc.txt", dir);
	struct buf text;
	buf_init(&text, 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&text, chunk, n);
	fclose(f);

	ta_has(&text, "Phụ lục: Danh mục nhiệm vụ chuyển đổi số năm 2023", "PDF");
	ta_has(&text, "(Kèm theo Báo cáo số 123/BC-BCĐ", "PDF");
	ta_has(&text, "Nâng cấp Trung tâm dữ liệu tỉnh", "PDF");
	ta_has(&text, "Số hóa hồ sơ đất đai", "PDF");
	ta_has(&text, "Cổng dịch vụ công tỉnh Bắc Kạn", "PDF");
	ta_has(&text, "TỔNG HỢP THEO CHỦ ĐẦU TƯ NĂM 2023", "PDF");
	ta_has(&text, "Tỷ lệ hồ sơ trực tuyến toàn trình", "PDF");
	ta_has(&text, "Tổng cộng", "PDF");
	/* the totals LibreOffice computed are the sums of the rows, computed here */
	int64_t budget = 0, disbursed = 0;
	const json_t *tasks = json_object_get(j, "tasks");
	for (size_t i = 0; i < json_array_size(tasks); i++) {
		const json_t *t = json_array_get(tasks, i);
		budget += json_integer_value(json_object_get(t, "budget_vnd"));
		disbursed += json_integer_value(json_object_get(t, "disbursed_vnd"));
	}
	assert_int_equal(budget, 70995000000);
	ta_has_amount(&text, budget);
	ta_has_amount(&text, disbursed);
	char rate[16];
	snprintf(rate, sizeof rate, "%.1f", (double)disbursed / (double)budget * 100); /* 51.2 */
	if (!strstr(buf_cstr(&text), rate)) {
		*strchr(rate, '.') = ','; /* a Vietnamese locale's decimal comma */
		ta_has(&text, rate, "PDF");
	}
	snprintf(cmd, sizeof cmd, "pdfinfo '%s/phu-luc.pdf' | grep -q 'A4'", dir);
	assert_int_equal(system(cmd), 0);

	buf_finish(&text);
	buf_finish(&x);
	json_decref(j);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_appendix_parts),
	    cmocka_unit_test(test_appendix_deterministic),
	    cmocka_unit_test(test_appendix_refused),
	    cmocka_unit_test(test_appendix_libreoffice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
