/* fuzz_values.c — libFuzzer target: the indicator-values importer (CSV table reader, periods,
 * numbers, the checks, the dense renumbering and radix sort, duplicates, the multi-row SQLite
 * writes) on arbitrary bytes, then a roll-up of what was written. The database is in memory,
 * opened once with a small tree and a few indicators; each input is one all-or-nothing import.
 * Any outcome is fine except a crash, a sanitizer report, or an import that succeeded while
 * reporting problems (or failed on bad input without saying why).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

static const char fuzz_values_units[] = "code,name,kind,parent_code\n"
                                        "VN,Việt Nam,nation,\n"
                                        "T1,Tỉnh Một,province,VN\n"
                                        "H1,Huyện Một,district,T1\n"
                                        "X1,Xã Một,commune,H1\n"
                                        "X2,Xã Hai,commune,H1\n"
                                        "S1,Sở Y tế,agency,T1\n";

static const char fuzz_values_indicators[] =
    "code,name,measure,aggregation,numerator,denominator,multiplier,direction,decimals\n"
    "PHU,Phủ sóng,%,share,,,,up,0\n"
    "TB,Thuê bao,thuê bao,last,,,,up,0\n"
    "DS,Dân số,người,last,,,,up,0\n"
    "MD,Mật độ,máy/100 dân,ratio,TB,DS,100,up,1\n"
    "TV,Thành viên,người,sum,,,,up,0\n"
    "HS,Hồ sơ,%,mean,,,,up,1\n";

static int fuzz_values_figure(void *ctx, const struct indicator_figure *f)
{
	(void)ctx;
	if (f->reporting_units > f->expected_units)
		abort();
	return 0;
}

static struct app *fuzz_values_app(void)
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
		    app_import_units(&a, "units", fuzz_values_units, strlen(fuzz_values_units), &d,
		                     &r) != APP_OK ||
		    app_import_indicators(&a, "indicators", fuzz_values_indicators,
		                          strlen(fuzz_values_indicators), &d, &r) != APP_OK)
			abort();
		diag_finish(&d);
		ready = 1;
	}
	return &a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app *a = fuzz_values_app();
	struct diag d;
	struct import_result r;
	diag_init(&d);
	enum app_status s = app_import_values(a, "fuzz.csv", (const char *)data, size, &d, &r);
	if (s == APP_OK && diag_total(&d) != 0)
		abort();
	if (s == APP_BAD_INPUT && diag_total(&d) == 0)
		abort();
	if (s == APP_OK && r.inserted + r.updated + r.unchanged != r.rows)
		abort();
	struct period p = {2023, PERIOD_YEAR, 0};
	if (app_indicator_rollup(a, p, ~0u, fuzz_values_figure, NULL, &d) != APP_OK)
		abort();
	diag_finish(&d);
	return 0;
}
