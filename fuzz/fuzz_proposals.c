/* fuzz_proposals.c — libFuzzer target: the whole proposals importer (the tasks row parser it
 * shares with the tasks import, the score, the proposal rules, references, the SQLite writes) on
 * arbitrary bytes, followed by a selection of what was imported. The database is in memory,
 * opened once with a few units and one 2023 task to carry from; each input is one all-or-nothing
 * import. Any outcome is fine except a crash, a sanitizer report, an import that succeeded while
 * reporting problems, or a selection over the ceiling.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

static const char fuzz_proposals_units[] = "code,name,kind,parent_code\n"
                                           "VN,Việt Nam,nation,\n"
                                           "06,Tỉnh Bắc Kạn,province,VN\n"
                                           "STTTT,Sở Thông tin và Truyền thông,agency,06\n"
                                           "SYT,Sở Y tế,agency,06\n";
static const char fuzz_proposals_tasks[] = "code,year,name,investor,budget_vnd,status\n"
                                           "CDS23-01,2023,Nhiệm vụ,STTTT,1000000,in_progress\n";

static struct app *fuzz_proposals_app(void)
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
		    app_import_units(&a, "units", fuzz_proposals_units,
		                     strlen(fuzz_proposals_units), &d, &r) != APP_OK ||
		    app_import_tasks(&a, "tasks", fuzz_proposals_tasks,
		                     strlen(fuzz_proposals_tasks), &d, &r) != APP_OK)
			abort();
		diag_finish(&d);
		ready = 1;
	}
	return &a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app *a = fuzz_proposals_app();
	struct diag d;
	struct import_result r;
	diag_init(&d);
	enum app_status s = app_import_proposals(a, "fuzz.csv", (const char *)data, size, &d, &r);
	if (s == APP_OK && diag_total(&d) != 0)
		abort();
	if (s == APP_BAD_INPUT && diag_total(&d) == 0)
		abort();
	/* select what the file proposed for 2024, under a small ceiling */
	struct app_plan_request q = {.year = 2024, .budget_vnd = 5000000};
	struct plan_result p;
	plan_result_init(&p);
	if (app_plan(a, &q, &p, &d) == APP_OK && p.selected_vnd > q.budget_vnd)
		abort();
	plan_result_finish(&p);
	diag_finish(&d);
	return 0;
}
