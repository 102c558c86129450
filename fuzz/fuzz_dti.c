/* fuzz_dti.c — libFuzzer target: the DTI imports (frameworks, a year's entries, published
 * results; core/dti.c rules, the SQLite writes) on arbitrary bytes, each followed by the year's
 * assessment and its three renderings. The database is in memory, opened once with a few units,
 * a framework and 2022–2023 bound to it. The first byte chooses the importer. Any outcome is fine
 * except a crash, a sanitizer report, an import that succeeded while reporting problems (or
 * failed silently), or a score outside 0..1 or more points at risk than points.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "report/dti_report.h"

static const char fuzz_dti_units[] = "code,name,kind,parent_code\n"
                                     "VN,Việt Nam,nation,\n"
                                     "06,Tỉnh Bắc Kạn,province,VN\n"
                                     "STTTT,Sở Thông tin và Truyền thông,agency,06\n"
                                     "SYT,Sở Y tế,agency,06\n";
static const char fuzz_dti_framework[] =
    "framework,code,parent,name,points,kind,target,rule,evidence_required,weight\n"
    "F,1,,Nhận thức số,300,percent,100,linear,yes,\n"
    "F,2,,Hạ tầng số,700,,,,yes,\n"
    "F,2.1,2,Cáp quang,,percent,80,linear,yes,2\n"
    "F,2.2,2,4G,,percent,,threshold:100,no,1\n"
    "F,2.3,2,Mức,,level,,steps:1=0.25;2=1,yes,1\n";

static struct app *fuzz_dti_app(void)
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
		    app_import_units(&a, "units", fuzz_dti_units, strlen(fuzz_dti_units), &d, &r) !=
		        APP_OK ||
		    app_dti_framework_import(&a, "framework", fuzz_dti_framework,
		                             strlen(fuzz_dti_framework), &d, &r) != APP_OK ||
		    app_dti_use(&a, 2022, "F", NULL, &d) != APP_OK ||
		    app_dti_use(&a, 2023, "F", NULL, &d) != APP_OK)
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
	struct app *a = fuzz_dti_app();
	struct diag d;
	struct import_result r;
	diag_init(&d);
	const char *csv = (const char *)data + 1;
	size_t len = size - 1;
	enum app_status s;
	switch (data[0] % 3) {
	case 0:
		s = app_dti_framework_import(a, "fuzz.csv", csv, len, &d, &r);
		break;
	case 1:
		s = app_dti_import(a, 2023, "fuzz.csv", csv, len, &d, &r);
		break;
	default:
		s = app_dti_published_import(a, "fuzz.csv", csv, len, &d, &r);
		break;
	}
	if (s == APP_OK && diag_total(&d) != 0)
		abort();
	if (s == APP_BAD_INPUT && diag_total(&d) == 0)
		abort();
	diag_finish(&d);

	diag_init(&d);
	struct dti_assessment as;
	if (app_dti_assessment(a, 2023, (struct date){2023, 12, 14}, &as, &d) == APP_OK) {
		if (!(as.score >= 0 && as.score <= 1.0000001) ||
		    !(as.points_at_risk <= as.points + 1e-6))
			abort();
		json_t *j = dti_report_json(&as);
		struct buf b;
		buf_init(&b, 0);
		dti_report_text(&as, &b);
		dti_report_chart_svg(&as, &b);
		buf_finish(&b);
		json_decref(j);
	}
	dti_assessment_clear(&as);
	diag_finish(&d);
	return 0;
}
