/* fuzz_xlsx.c — libFuzzer target for the .xlsx reader, xlsx_first_sheet_csv (run by fuzz/run.sh).
 *
 * Two ways in, chosen by the first byte:
 *   even: the rest is the file, as an upload would give it (the ZIP layer, truncations, bombs);
 *   odd:  the rest is up to five XML parts separated by "|||" — workbook.xml, its .rels,
 *         sharedStrings.xml, styles.xml, sheet1.xml (a missing one gets a valid default) — which
 *         are zipped here (stored, so no CRC stands between a mutation and the XML handlers).
 * What it checks: on success, the CSV is well-formed RFC 4180 and every record has the same
 * number of fields, the last one not empty, and the sheet name is a C string; on failure, a
 * reason is given and the output buffer is as it was. Any broken promise calls abort().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/csv.h"
#include "io/xlsx.h"
#include "lib/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_xlsx_check(bool ok)
{
	if (!ok)
		abort();
}

#define FX_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define FX_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define FX_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static const char *const fuzz_xlsx_names[5] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                               "xl/sharedStrings.xml", "xl/styles.xml",
                                               "xl/worksheets/sheet1.xml"};
static const char *const fuzz_xlsx_defaults[5] = {
    "<workbook xmlns=\"" FX_MAIN "\" xmlns:r=\"" FX_REL
    "\"><sheets><sheet name=\"S\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>",
    "<Relationships xmlns=\"" FX_PKG "\"><Relationship Id=\"rId1\" Type=\"" FX_REL "/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" FX_REL
    "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" FX_REL
    "/styles\" Target=\"styles.xml\"/></Relationships>",
    "<sst xmlns=\"" FX_MAIN "\"><si><t>a</t></si></sst>",
    "<styleSheet xmlns=\"" FX_MAIN "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
    "</cellXfs></styleSheet>",
    "<worksheet xmlns=\"" FX_MAIN "\"><sheetData><row><c t=\"s\"><v>0</v></c><c s=\"1\"><v>45291"
    "</v></c></row></sheetData></worksheet>",
};

/* Zips the parts found in text (see the head comment) into out; false when libzip fails. */
static bool fuzz_xlsx_build(const char *text, size_t len, struct buf *out)
{
	const char *part[5];
	size_t part_len[5];
	size_t n = 0;
	const char *p = text, *end = text + len;
	while (n < 5 && p <= end) {
		const char *sep = memmem(p, (size_t)(end - p), "|||", 3);
		const char *stop = sep ? sep : end;
		part[n] = p;
		part_len[n] = (size_t)(stop - p);
		n++;
		if (!sep)
			break;
		p = sep + 3;
	}
	for (size_t i = n; i < 5; i++) {
		part[i] = fuzz_xlsx_defaults[i];
		part_len[i] = strlen(fuzz_xlsx_defaults[i]);
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return false;
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	bool ok = z != NULL;
	for (size_t i = 0; ok && i < 5; i++) {
		zip_source_t *s = zip_source_buffer(z, part[i], part_len[i], 0);
		zip_int64_t idx = s ? zip_file_add(z, fuzz_xlsx_names[i], s, 0) : -1;
		if (idx < 0) {
			zip_source_free(s);
			ok = false;
			break;
		}
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	if (z && (!ok || zip_close(z) != 0)) {
		zip_discard(z);
		ok = false;
	}
	if (ok && zip_source_open(src) == 0) {
		char chunk[4096];
		zip_int64_t got;
		while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
			buf_append(out, chunk, (size_t)got);
		zip_source_close(src);
	}
	zip_source_free(src);
	return ok;
}

/* The promises of xlsx.h about the CSV of a sheet. */
static void fuzz_xlsx_check_csv(const char *csv, size_t len)
{
	struct csv_reader *r = csv_reader_create(csv, len);
	struct csv_record rec;
	size_t width = 0;
	bool last_empty = false;
	int rc;
	while ((rc = csv_reader_next(r, &rec)) == 1) {
		if (width == 0)
			width = rec.n_fields;
		fuzz_xlsx_check(rec.n_fields == width);
		last_empty = true;
		for (size_t i = 0; i < rec.n_fields; i++)
			last_empty = last_empty && rec.lens[i] == 0;
	}
	if (rc < 0) {
		/* only a sheet wider than the CSV reader's limit may fail to read back */
		const char *why = csv_reader_error(r, NULL);
		fuzz_xlsx_check(why && strstr(why, "fields") != NULL);
	} else {
		fuzz_xlsx_check(!last_empty);
		fuzz_xlsx_check(len == 0 || (len >= 2 && memcmp(csv + len - 2, "\r\n", 2) == 0));
	}
	csv_reader_destroy(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct buf file;
	buf_init(&file, 0);
	if (data[0] & 1) {
		if (!fuzz_xlsx_build((const char *)data + 1, size - 1, &file)) {
			buf_finish(&file);
			return 0;
		}
	} else {
		buf_append(&file, data + 1, size - 1);
	}
	struct buf csv;
	buf_init(&csv, 0);
	buf_puts(&csv, "seed\n");
	char name[XLSX_SHEET_NAME_MAX], why[256];
	memset(name, 'x', sizeof name);
	int rc = xlsx_first_sheet_csv(file.data, file.len, &csv, name, why, sizeof why);
	fuzz_xlsx_check(rc == 0 || rc == -1);
	fuzz_xlsx_check(csv.len >= 5 && memcmp(csv.data, "seed\n", 5) == 0);
	if (rc == 0) {
		fuzz_xlsx_check(memchr(name, '\0', sizeof name) != NULL);
		fuzz_xlsx_check_csv(csv.data + 5, csv.len - 5);
	} else {
		fuzz_xlsx_check(why[0] != '\0' && memchr(why, '\0', sizeof why) != NULL);
		fuzz_xlsx_check(csv.len == 5);
	}
	buf_finish(&csv);
	buf_finish(&file);
	return 0;
}
