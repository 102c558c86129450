/* fuzz_import.c — libFuzzer target: the whole tasks importer (CSV table reader, field parsers,
 * rules, references, the SQLite writes) on arbitrary bytes. The database is in memory, opened
 * once with a few units; each input is one all-or-nothing import. Any outcome is fine except a
 * crash, a sanitizer report, or an import that succeeded while reporting problems.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

static const char fuzz_import_units[] = "code,name,kind,parent_code\n"
                                        "VN,Việt Nam,nation,\n"
                                        "06,Tỉnh Bắc Kạn,province,VN\n"
                                        "STTTT,Sở Thông tin và Truyền thông,agency,06\n"
                                        "SYT,Sở Y tế,agency,06\n";

static struct app *fuzz_import_app(void)
{
	static struct app a;
	static int ready;
	if (!ready) {
		char why[256];
		struct diag d;
		struct import_result r;
		diag_init(&d);
		if (app_open(&a, ":memory:", "fuzz", "fuzz", "2023-12-14T08:00:00Z", why,
		             sizeof why) != APP_OK ||
		    app_import_units(&a, "units", fuzz_import_units, strlen(fuzz_import_units), &d,
		                     &r) != APP_OK)
			abort();
		diag_finish(&d);
		ready = 1;
	}
	return &a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app *a = fuzz_import_app();
	struct diag d;
	struct import_result r;
	diag_init(&d);
	enum app_status s = app_import_tasks(a, "fuzz.csv", (const char *)data, size, &d, &r);
	if (s == APP_OK && diag_total(&d) != 0)
		abort();
	if (s == APP_BAD_INPUT && diag_total(&d) == 0)
		abort();
	diag_finish(&d);
	return 0;
}
