/* fuzz_units.c — libFuzzer target: units over time on arbitrary bytes. The first byte chooses the
 * parser: even, a units CSV (with valid_from and valid_to) for the importer; odd, a file of events
 * (event,unit,into,on,name,kind,parent) for app_unit_apply, which merges, dissolves and moves
 * units of a small Bắc Kạn in an in-memory database. Any outcome is fine except a crash, a
 * sanitizer report, a success that reported problems, or a refusal without one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

static const char fuzz_units_tree[] = "code,name,kind,parent_code\n"
                                      "VN,Việt Nam,nation,\n"
                                      "06,Tỉnh Bắc Kạn,province,VN\n"
                                      "058,Thành phố Bắc Kạn,district,06\n"
                                      "01834,Phường Nguyễn Thị Minh Khai,commune,058\n"
                                      "01840,Phường Đức Xuân,commune,058\n"
                                      "STTTT,Sở Thông tin và Truyền thông,agency,06\n";

static struct app *fuzz_units_app(void)
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
		    app_import_units(&a, "units", fuzz_units_tree, strlen(fuzz_units_tree), &d,
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
	if (size == 0)
		return 0;
	struct app *a = fuzz_units_app();
	struct diag d;
	enum app_status s;
	const char *text = (const char *)data + 1;
	diag_init(&d);
	if (data[0] % 2 == 0) {
		struct import_result r;
		s = app_import_units(a, "fuzz.csv", text, size - 1, &d, &r);
	} else {
		struct app_units_applied r;
		s = app_unit_apply(a, "fuzz.csv", text, size - 1, &d, &r);
	}
	if (s == APP_OK && diag_total(&d) != 0)
		abort();
	if (s == APP_BAD_INPUT && diag_total(&d) == 0)
		abort();
	if (s == APP_FAILED)
		abort(); /* the database never fails on an in-memory file */
	diag_finish(&d);
	return 0;
}
