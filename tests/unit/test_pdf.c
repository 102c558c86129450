/* test_pdf.c — unit tests for the native PDF of a document (report/pdf.h).
 *
 * The judges are poppler's tools (poppler-utils): pdftotext reads the text back (diacritics,
 * page of each element, the page number at the top of page 2), pdffonts lists the embedded
 * fonts, and pdftoppm renders pages 1 and 2 to PNG. The PDF and the PNGs are kept in
 * BUILD/report-artifacts/ (BUILD being the directory above this executable's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/mem.h"
#include "report/doc.h"
#include "report/pdf.h"

#define TEST_PDF_TITLE "Kết quả thực hiện chuyển đổi số năm 2023 và nhiệm vụ trọng tâm năm 2024"
#define TEST_PDF_ROWS 18 /* enough for the table to cross from page 1 to page 2 */

static char test_pdf_dir[2100]; /* BUILD/report-artifacts */

/* Under AddressSanitizer (tools/test.sh runs the suite with detect_leaks=1): fontconfig 2.14
 * loses a few hundred bytes parsing its configuration, in the thread pango starts it in, and
 * never frees the rest of its caches; not ours to fix. This hook is LeakSanitizer's own. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static const char test_pdf_long[] =
    "Năm 2023, Ban Chỉ đạo chuyển đổi số tỉnh Bắc Kạn đã tập trung chỉ đạo các sở, ban, ngành "
    "và Ủy ban nhân dân các huyện, thành phố triển khai đồng bộ các nhiệm vụ chuyển đổi số trên "
    "cả ba trụ cột chính quyền số, kinh tế số và xã hội số; hạ tầng số tiếp tục được đầu tư, "
    "nâng cấp, bảo đảm kết nối thông suốt từ tỉnh đến cấp xã; các hệ thống thông tin dùng chung "
    "được vận hành ổn định, an toàn; tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết "
    "trực tuyến toàn trình tăng rõ rệt so với cùng kỳ; người dân và doanh nghiệp ngày càng quen "
    "thuộc với dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và các nền tảng số phục "
    "vụ đời sống, sản xuất, kinh doanh. Tuy nhiên, nguồn nhân lực công nghệ thông tin còn thiếu "
    "và yếu, kinh phí bố trí cho chuyển đổi số còn hạn chế, việc giải ngân một số nhiệm vụ còn "
    "chậm so với kế hoạch đề ra.";

/* BUILD/report-artifacts from /proc/self/exe = BUILD/tests/test_pdf. */
static int test_pdf_setup(void **state)
{
	(void)state;
	char exe[2048];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return -1;
		*slash = '\0';
	}
	snprintf(test_pdf_dir, sizeof test_pdf_dir, "%s/report-artifacts", exe);
	mkdir(test_pdf_dir, 0755);
	return 0;
}

static char *test_pdf_str(const char *s)
{
	return mem_strdup(s);
}

/* The header and signature elements of the sample report; the parent body, the type and the
 * signer's title are given in lower case, which the PDF sets in upper case. */
static void test_pdf_header(struct doc *d)
{
	struct doc_header *h = &d->header;
	h->parent_body = test_pdf_str("UBND tỉnh Bắc Kạn");
	h->issuing_body = test_pdf_str("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ");
	h->number = test_pdf_str("Số: 125/BC-BCĐ");
	h->place = test_pdf_str("Bắc Kạn");
	h->date = (struct date){2023, 12, 14};
	h->doc_type = test_pdf_str("Báo cáo");
	h->title = test_pdf_str(TEST_PDF_TITLE);
	static const char *const recipients[] = {
	    "Ban Chỉ đạo chuyển đổi số quốc gia (b/c)", "Thường trực Tỉnh ủy (b/c)",
	    "Thường trực HĐND tỉnh (b/c)", "Thành viên Ban Chỉ đạo", "Lưu: VT, Sở TTTT"};
	h->n_recipients = sizeof recipients / sizeof recipients[0];
	h->recipients = mem_calloc(h->n_recipients, sizeof *h->recipients);
	for (size_t i = 0; i < h->n_recipients; i++)
		h->recipients[i] = test_pdf_str(recipients[i]);
	h->signer_authority = test_pdf_str("TM. BAN CHỈ ĐẠO");
	h->signer_title = test_pdf_str("Trưởng ban");
	h->signer_name = test_pdf_str("Nguyễn Đăng Bình");
}

/* The sample report: every kind of block, a long paragraph, a table across a page break. */
static void test_pdf_sample(struct doc *d)
{
	doc_init(d);
	test_pdf_header(d);
	doc_add_heading(d, 1, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2023");
	doc_add_heading(d, 2, "1. Công tác chỉ đạo, điều hành");
	doc_add_paragraph(d, test_pdf_long);
	doc_add_bullet(d, "Ban hành 12 văn bản chỉ đạo, hướng dẫn về chuyển đổi số;");
	doc_add_bullet(d, "Tổ chức 04 hội nghị tập huấn cho cán bộ, công chức cấp xã.");
	doc_add_heading(d, 2, "2. Tình hình thực hiện và giải ngân các nhiệm vụ");
	static const char *const head[] = {"STT", "Tên nhiệm vụ", "Chủ đầu tư",
	                                   "Kinh phí (triệu đồng)"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT, DOC_LEFT, DOC_RIGHT};
	static const int width[] = {8, 47, 25, 20};
	struct doc_block *t = doc_add_table(d, 4, head, align, width);
	for (int i = 1; i <= TEST_PDF_ROWS; i++) {
		char stt[16], name[96], money[32];
		snprintf(stt, sizeof stt, "%d", i);
		snprintf(name, sizeof name, "Nhiệm vụ số %02d: hạ tầng số cấp xã", i);
		snprintf(money, sizeof money, "%d.%03d", i, (i * 37) % 1000);
		const char *row[] = {stt, name,
		                     i % 2 ? "Sở Thông tin và Truyền thông" : "UBND huyện Chợ Mới",
		                     money};
		doc_table_row(t, row);
	}
	const char *total[] = {"", "Tổng cộng", "", "1.234.567"};
	doc_table_row(t, total);
	t->table.last_row_total = true;
	doc_add_paragraph(d, "Tỷ lệ giải ngân theo chủ đầu tư được thể hiện ở biểu đồ dưới đây.");
	struct doc_block *c = doc_add_chart(d, "Giải ngân theo chủ đầu tư (tỷ đồng)");
	doc_chart_bar(c, "Sở Thông tin và Truyền thông", 35.6, "35,6 tỷ");
	doc_chart_bar(c, "UBND huyện Chợ Mới", 12.25, "12,25 tỷ");
	doc_chart_bar(c, "UBND huyện Ba Bể", 7, "7,0 tỷ");
	doc_chart_bar(c, "Sở Y tế", 0, "0 tỷ");
	doc_add_paragraph(d, test_pdf_long);
	doc_add_page_break(d);
	doc_add_heading(d, 1, "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024");
	doc_add_paragraph(d, test_pdf_long);
	doc_add_bullet(d, "Hoàn thành 100% nhiệm vụ được giao trong Kế hoạch năm 2024.");
}

static void test_pdf_save(const char *name, const struct buf *b)
{
	char path[2400];
	snprintf(path, sizeof path, "%s/%s", test_pdf_dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

/* The standard output of a shell command; fails the test when it does not exit 0. */
static char *test_pdf_run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf out;
	buf_init(&out, 0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		assert_int_equal(buf_append(&out, chunk, n), 0);
	int st = pclose(p);
	if (st != 0)
		fail_msg("`%s` exited with status %d (is poppler-utils installed?)", cmd, st);
	char *s = mem_strdup(buf_cstr(&out));
	buf_finish(&out);
	return s;
}

static char *test_pdf_text(const char *file, int first, int last)
{
	char cmd[5000];
	if (first)
		snprintf(cmd, sizeof cmd, "pdftotext -layout -f %d -l %d '%s/%s' -", first, last,
		         test_pdf_dir, file);
	else
		snprintf(cmd, sizeof cmd, "pdftotext -layout '%s/%s' -", test_pdf_dir, file);
	return test_pdf_run(cmd);
}

/* The first line of text that is not blank, trimmed, in out. */
static void test_pdf_first_line(const char *text, char *out, size_t size)
{
	const char *p = text;
	while (*p == ' ' || *p == '\n' || *p == '\f')
		p++;
	size_t n = strcspn(p, "\n");
	while (n && p[n - 1] == ' ')
		n--;
	snprintf(out, size, "%.*s", (int)n, p);
}

static void test_pdf_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("the PDF's text lacks \"%s\"", want);
}

static void test_pdf_render(void **state)
{
	(void)state;
	struct doc d;
	test_pdf_sample(&d);
	struct buf out;
	buf_init(&out, 0);
	char why[256] = "";
	if (pdf_write(&d, &out, why, sizeof why) != 0)
		fail_msg("pdf_write: %s", why);
	assert_true(out.len > 1000);
	assert_memory_equal(out.data, "%PDF-", 5);
	/* the metadata: the document's date, not the time of writing */
	assert_non_null(memmem(out.data, out.len, "/CreationDate (D:20231214000000+07')", 36));
	assert_non_null(memmem(out.data, out.len, "/ModDate (D:20231214000000+07')", 31));
	assert_non_null(memmem(out.data, out.len, "/Creator (dxtrack)", 18));
	test_pdf_save("report.pdf", &out);
	char cmd[5000];
	snprintf(cmd, sizeof cmd, "pdfinfo -isodates '%s/report.pdf'", test_pdf_dir);
	char *info = test_pdf_run(cmd);
	test_pdf_has(info, "CreationDate:    2023-12-14T00:00:00+07");
	test_pdf_has(info, "ModDate:         2023-12-14T00:00:00+07");
	test_pdf_has(info, "Title:           " TEST_PDF_TITLE);
	test_pdf_has(info, "Page size:       595.276 x 841.89 pts (A4)");
	free(info);

	char *all = test_pdf_text("report.pdf", 0, 0);
	test_pdf_has(all, "UBND TỈNH BẮC KẠN");
	test_pdf_has(all, "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ");
	test_pdf_has(all, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	test_pdf_has(all, "Độc lập - Tự do - Hạnh phúc");
	test_pdf_has(all, "Số: 125/BC-BCĐ");
	test_pdf_has(all, "Bắc Kạn, ngày 14 tháng 12 năm 2023");
	test_pdf_has(all, "BÁO CÁO");
	test_pdf_has(all, "Kết quả thực hiện chuyển đổi số năm 2023");
	test_pdf_has(all, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2023");
	test_pdf_has(all, "1. Công tác chỉ đạo, điều hành");
	test_pdf_has(all, "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024");
	test_pdf_has(all, "Ban Chỉ đạo chuyển đổi số tỉnh Bắc Kạn");
	test_pdf_has(all, "- Ban hành 12 văn bản chỉ đạo");
	test_pdf_has(all, "Giải ngân theo chủ đầu tư (tỷ đồng)");
	test_pdf_has(all, "35,6 tỷ");
	test_pdf_has(all, "Nơi nhận:");
	test_pdf_has(all, "- Thường trực Tỉnh ủy (b/c);");
	test_pdf_has(all, "- Lưu: VT, Sở TTTT.");
	test_pdf_has(all, "TM. BAN CHỈ ĐẠO");
	test_pdf_has(all, "TRƯỞNG BAN");
	test_pdf_has(all, "Nguyễn Đăng Bình");
	free(all);

	/* page 1: the header first, no page number; the table starts */
	char line[512];
	char *p1 = test_pdf_text("report.pdf", 1, 1);
	test_pdf_first_line(p1, line, sizeof line);
	assert_non_null(strstr(line, "UBND TỈNH BẮC KẠN"));
	assert_non_null(strstr(line, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	test_pdf_has(p1, "Nhiệm vụ số 01: hạ tầng số cấp xã");
	assert_null(strstr(p1, "Tổng cộng"));
	free(p1);

	/* page 2: "2" at its top, the table's header again, its last rows */
	char *p2 = test_pdf_text("report.pdf", 2, 2);
	test_pdf_first_line(p2, line, sizeof line);
	assert_string_equal(line, "2");
	test_pdf_has(p2, "Tên nhiệm vụ");
	char last[96];
	snprintf(last, sizeof last, "Nhiệm vụ số %02d: hạ tầng số cấp xã", TEST_PDF_ROWS);
	test_pdf_has(p2, last);
	test_pdf_has(p2, "Tổng cộng");
	test_pdf_has(p2, "1.234.567");
	free(p2);

	/* the page break: part II opens page 3, under its number */
	char *p3 = test_pdf_text("report.pdf", 3, 3);
	test_pdf_first_line(p3, line, sizeof line);
	assert_string_equal(line, "3");
	test_pdf_has(p3, "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024");
	free(p3);

	/* fonts: only Liberation Serif, embedded as subsets */
	snprintf(cmd, sizeof cmd, "pdffonts '%s/report.pdf'", test_pdf_dir);
	char *fonts = test_pdf_run(cmd);
	size_t n_fonts = 0;
	for (char *l = strtok(fonts, "\n"); l; l = strtok(NULL, "\n")) {
		if (strncmp(l, "name", 4) == 0 || strncmp(l, "----", 4) == 0)
			continue;
		/* "ABCDEF+LiberationSerif-Bold  CID TrueType  Identity-H  yes yes yes  …" */
		if (!(strlen(l) > 7 && l[6] == '+' && strncmp(l + 7, "LiberationSerif", 15) == 0))
			fail_msg("pdffonts: not a Liberation Serif subset: %s", l);
		if (!strstr(l, " yes yes "))
			fail_msg("pdffonts: not embedded as a subset: %s", l);
		n_fonts++;
	}
	assert_true(n_fonts >= 3); /* regular, bold, italic, bold italic */
	free(fonts);

	/* pages 1 and 2 as PNG (report-1.png, report-2.png), kept for people to look at */
	snprintf(cmd, sizeof cmd, "pdftoppm -png -r 60 -f 1 -l 2 '%s/report.pdf' '%s/report'",
	         test_pdf_dir, test_pdf_dir);
	free(test_pdf_run(cmd));
	for (int page = 1; page <= 2; page++) {
		char png[2400], png0[2400];
		struct stat st;
		snprintf(png, sizeof png, "%s/report-%d.png", test_pdf_dir, page);
		snprintf(png0, sizeof png0, "%s/report-0%d.png", test_pdf_dir, page);
		assert_true(stat(png, &st) == 0 || stat(png0, &st) == 0);
		assert_true(st.st_size > 1000);
	}

	buf_finish(&out);
	doc_finish(&d);
}

/* The same document gives the same bytes: twice in a row, and again after the clock moved and
 * another document was written in between. */
static void test_pdf_deterministic(void **state)
{
	(void)state;
	struct doc d, undated, other;
	test_pdf_sample(&d);
	test_pdf_sample(&undated);
	undated.header.date = (struct date){0, 0, 0};
	doc_init(&other);
	doc_add_paragraph(&other, "Một văn bản khác, viết xen giữa.");
	struct buf a, b, c, u1, u2;
	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&c, 0);
	buf_init(&u1, 0);
	buf_init(&u2, 0);
	char why[256];
	assert_int_equal(pdf_write(&d, &a, why, sizeof why), 0);
	assert_int_equal(pdf_write(&d, &b, why, sizeof why), 0);
	assert_int_equal(pdf_write(&undated, &u1, why, sizeof why), 0);
	sleep(1); /* the PDF dates have seconds */
	buf_reset(&c);
	assert_int_equal(pdf_write(&other, &c, why, sizeof why), 0);
	buf_reset(&c);
	assert_int_equal(pdf_write(&d, &c, why, sizeof why), 0);
	assert_int_equal(pdf_write(&undated, &u2, why, sizeof why), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_int_equal(a.len, c.len);
	assert_memory_equal(a.data, c.data, a.len);
	/* an undated document: fixed dates */
	assert_non_null(memmem(u1.data, u1.len, "/CreationDate (D:20000101000000+07')", 36));
	assert_int_equal(u1.len, u2.len);
	assert_memory_equal(u1.data, u2.data, u1.len);

	/* appended after what the buffer held */
	buf_reset(&b);
	buf_puts(&b, "xyz");
	assert_int_equal(pdf_write(&d, &b, why, sizeof why), 0);
	assert_int_equal(b.len, a.len + 3);
	assert_memory_equal(b.data, "xyz", 3);
	assert_memory_equal(b.data + 3, a.data, a.len);

	buf_finish(&a);
	buf_finish(&b);
	buf_finish(&c);
	buf_finish(&u1);
	buf_finish(&u2);
	doc_finish(&d);
	doc_finish(&undated);
	doc_finish(&other);
}

/* Nothing but a header, a heading as the last block, empty strings, no recipients. */
static void test_pdf_sparse(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	d.header.issuing_body = test_pdf_str("");
	d.header.place = test_pdf_str("Bắc Kạn");
	doc_add_heading(&d, 1, "I. KẾT LUẬN");
	struct buf out;
	buf_init(&out, 0);
	char why[256];
	assert_int_equal(pdf_write(&d, &out, why, sizeof why), 0);
	test_pdf_save("sparse.pdf", &out);
	char *all = test_pdf_text("sparse.pdf", 0, 0);
	test_pdf_has(all, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	test_pdf_has(all, "I. KẾT LUẬN");
	assert_null(strstr(all, "Nơi nhận"));
	free(all);
	buf_finish(&out);
	doc_finish(&d);
}

static void test_pdf_bad_text(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	doc_add_paragraph(&d, "Ch\xe1\xbb"); /* cut in the middle of a character */
	struct buf out;
	buf_init(&out, 0);
	buf_puts(&out, "keep");
	char why[256] = "";
	assert_int_equal(pdf_write(&d, &out, why, sizeof why), -1);
	assert_non_null(strstr(why, "UTF-8"));
	assert_string_equal(buf_cstr(&out), "keep");
	buf_finish(&out);
	doc_finish(&d);
}

/* Without Liberation Serif (fontconfig given no font directory) the reason names the package.
 * fontconfig reads its configuration once per process, so this runs in a child process. */
static void test_pdf_no_font(void **state)
{
	(void)state;
	char conf[2400];
	snprintf(conf, sizeof conf, "%s/no-fonts.conf", test_pdf_dir);
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f,
	        "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>%s/no-fonts-cache</cachedir>"
	        "</fontconfig>\n",
	        test_pdf_dir);
	assert_int_equal(fclose(f), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("FONTCONFIG_FILE", conf, 1);
		execl("/proc/self/exe", "test_pdf", "--no-font-child", (char *)NULL);
		_exit(127);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static int test_pdf_no_font_child(void)
{
	struct doc d;
	doc_init(&d);
	doc_add_paragraph(&d, "Chuyển đổi số");
	struct buf out;
	buf_init(&out, 0);
	char why[256] = "";
	int rc = pdf_write(&d, &out, why, sizeof why);
	fprintf(stderr, "without fonts: %d, %s\n", rc, why);
	bool ok = rc == -1 && strstr(why, "Liberation Serif") && strstr(why, "fonts-liberation2") &&
	          out.len == 0;
	buf_finish(&out);
	doc_finish(&d);
	return ok ? 0 : 1;
}

/* The page of pdftotext's text (pages split by form feeds, from 1) where want first appears; 0
 * if nowhere. */
static int test_pdf_page_of(const char *text, const char *want)
{
	const char *at = strstr(text, want);
	if (!at)
		return 0;
	int page = 1;
	for (const char *p = text; p < at; p++)
		page += *p == '\f';
	return page;
}

/* A heading never ends a page: wherever the bottom of page 1 falls (the fillers move it by
 * lines of 18,5 + 6 pt and table rows of about 19 pt), two headings in a row and the first line
 * after them share a page; level 1 is set in upper case. */
static void test_pdf_keep_heading(void **state)
{
	(void)state;
	int moved = 0, cases = 0;
	for (int rows = 0; rows < 4; rows++) {
		for (int k = 14; k <= 26; k++) {
			struct doc d;
			doc_init(&d);
			if (rows) {
				static const char *const head[] = {"STT", "Nội dung"};
				struct doc_block *t = doc_add_table(&d, 2, head, NULL, NULL);
				for (int r = 0; r < rows; r++) {
					const char *row[] = {"1", "Hạ tầng số"};
					doc_table_row(t, row);
				}
			}
			for (int i = 0; i < k; i++)
				doc_add_paragraph(&d, "Đoạn đệm một dòng.");
			doc_add_heading(&d, 1, "III. Phần có hai tiêu đề liền nhau");
			doc_add_heading(&d, 2, "2. Tiêu đề đi cùng dòng sau");
			doc_add_paragraph(&d, "Dòng đầu sau tiêu đề. " TEST_PDF_TITLE
			                      ". " TEST_PDF_TITLE);
			struct buf out;
			buf_init(&out, 0);
			char why[256];
			assert_int_equal(pdf_write(&d, &out, why, sizeof why), 0);
			test_pdf_save("keep.pdf", &out);
			char *text = test_pdf_text("keep.pdf", 0, 0);
			int h1 = test_pdf_page_of(text, "III. PHẦN CÓ HAI TIÊU ĐỀ LIỀN NHAU");
			int hp = test_pdf_page_of(text, "2. Tiêu đề đi cùng dòng sau");
			int pp = test_pdf_page_of(text, "Dòng đầu sau tiêu đề.");
			int fp = test_pdf_page_of(text, "Đoạn đệm một dòng.\n\f");
			assert_true(hp > 0);
			if (h1 != hp || hp != pp)
				fail_msg("rows %d, fillers %d: the headings on pages %d and %d, "
				         "the next "
				         "line on page %d",
				         rows, k, h1, hp, pp);
			moved += fp > 0 && fp < hp; /* the last filler closed a page */
			cases++;
			free(text);
			buf_finish(&out);
			doc_finish(&d);
		}
	}
	assert_true(moved > 0 && moved < cases);
}

/* A report of about 30 pages: the time it takes is printed (the benchmark of issue 7 wants
 * all three formats of 500 tasks in under a second). */
static void test_pdf_speed(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	test_pdf_header(&d);
	for (int part = 1; part <= 8; part++) {
		char h[64];
		snprintf(h, sizeof h, "%d. Phần thứ %d", part, part);
		doc_add_heading(&d, part == 1 ? 1 : 2, h);
		for (int k = 0; k < 3; k++)
			doc_add_paragraph(&d, test_pdf_long);
		doc_add_bullet(&d, "Hoàn thành 100% nhiệm vụ được giao.");
	}
	static const char *const head[] = {"STT",      "Tên nhiệm vụ", "Chủ đầu tư",
	                                   "Kinh phí", "Giải ngân",    "Tỷ lệ"};
	static const enum doc_align align[] = {DOC_CENTER, DOC_LEFT,  DOC_LEFT,
	                                       DOC_RIGHT,  DOC_RIGHT, DOC_RIGHT};
	static const int width[] = {7, 38, 20, 13, 13, 9};
	struct doc_block *t = doc_add_table(&d, 6, head, align, width);
	for (int i = 1; i <= 500; i++) {
		char stt[16], name[96], money[32], paid[32], rate[32];
		snprintf(stt, sizeof stt, "%d", i);
		snprintf(name, sizeof name, "Nhiệm vụ số %03d: số hóa hồ sơ, dữ liệu chuyên ngành",
		         i);
		snprintf(money, sizeof money, "%d.%03d", i % 97 + 1, i * 7 % 1000);
		snprintf(paid, sizeof paid, "%d.%03d", i % 53, i * 3 % 1000);
		snprintf(rate, sizeof rate, "%d,%d %%", i % 100, i % 10);
		const char *row[] = {stt, name, "Sở Thông tin và Truyền thông", money, paid, rate};
		doc_table_row(t, row);
	}
	struct doc_block *c = doc_add_chart(&d, "Giải ngân theo chủ đầu tư");
	for (int i = 0; i < 12; i++) {
		char label[64], text[32];
		snprintf(label, sizeof label, "UBND huyện số %d", i + 1);
		snprintf(text, sizeof text, "%d,%d tỷ", i * 3, i);
		doc_chart_bar(c, label, i * 3 + i / 10.0, text);
	}
	struct buf out;
	buf_init(&out, 0);
	char why[256];
	assert_int_equal(pdf_write(&d, &out, why, sizeof why), 0); /* warm the font caches */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	buf_reset(&out);
	assert_int_equal(pdf_write(&d, &out, why, sizeof why), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	test_pdf_save("speed.pdf", &out);
	char cmd[5000];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s/speed.pdf' | sed -n 's/^Pages: *//p'", test_pdf_dir);
	char *pages = test_pdf_run(cmd);
	print_message("pdf_write: %d pages, %zu bytes in %.1f ms\n", atoi(pages), out.len, ms);
	assert_true(atoi(pages) >= 20);
	assert_true(ms < 5000);
	free(pages);
	buf_finish(&out);
	doc_finish(&d);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--no-font-child") == 0)
		return test_pdf_no_font_child();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pdf_render),  cmocka_unit_test(test_pdf_deterministic),
	    cmocka_unit_test(test_pdf_sparse),  cmocka_unit_test(test_pdf_bad_text),
	    cmocka_unit_test(test_pdf_no_font), cmocka_unit_test(test_pdf_keep_heading),
	    cmocka_unit_test(test_pdf_speed),
	};
	return cmocka_run_group_tests(tests, test_pdf_setup, NULL);
}
