/* fuzz_api.c — libFuzzer target: the JSON API's write endpoints on arbitrary request bodies,
 * through serve_handle (serve/serve.c: the router, the app session, Bearer authentication, the
 * access rules, CSRF, then the real handler), without a socket. The request is built as
 * http/server.c builds it (headers in lower case, the media type, the query, a multipart body
 * parsed for POST).
 *
 * The database is in memory, opened once: units, two tasks of 2023, two proposals for 2024, a
 * DTI framework bound to 2023 with item 2.1 assigned to STTTT, a drafted report of 2023 with one
 * open comment, an admin and an editor (STTTT), each with an API token; the database keeps what
 * the inputs write. The first byte chooses the endpoint
 * (byte % 10) and the caller (admin, or the editor when (byte / 10) is odd); the rest is the
 * body. Any outcome is fine except a crash, a sanitizer report, a status outside
 * 200 201 400 401 403 404 409 413 415 422 429 (a 500 from a body is a bug), an error response
 * that is not a JSON object with "error", or a JSON success response that does not parse.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "lib/cache.h"
#include "http/form.h"
#include "http/http.h"
#include "serve/serve.h"

#define FUZZ_API_NOW "2023-12-14T08:00:00Z"
#define FUZZ_API_BOUNDARY "fuzzXB"

static const char fuzz_api_units[] = "code,name,kind,parent_code\n"
                                     "VN,Việt Nam,nation,\n"
                                     "06,Tỉnh Bắc Kạn,province,VN\n"
                                     "STTTT,Sở Thông tin và Truyền thông,agency,06\n"
                                     "SYT,Sở Y tế,agency,06\n";
static const char fuzz_api_tasks[] = "code,year,name,investor,budget_vnd,status\n"
                                     "CDS23-01,2023,Nhiệm vụ một,STTTT,1000000000,in_progress\n"
                                     "CDS23-02,2023,Nhiệm vụ hai,SYT,2000000000,planned\n";
static const char fuzz_api_proposals[] =
    "code,year,name,investor,budget_vnd,carried_from,tags,score\n"
    "P-1,2024,Một,STTTT,1000000,,citizen_service,7\n"
    "P-2,2024,Hai,SYT,2000000,CDS23-01,,3\n";
static const char fuzz_api_framework[] =
    "framework,code,parent,name,points,kind,target,rule,evidence_required,weight\n"
    "F,1,,Nhận thức số,300,percent,100,linear,yes,\n"
    "F,2,,Hạ tầng số,700,,,,yes,\n"
    "F,2.1,2,Cáp quang,,percent,80,linear,yes,2\n"
    "F,2.2,2,4G,,percent,,threshold:100,no,1\n"
    "F,2.3,2,Mức,,level,,steps:1=0.25;2=1,yes,1\n";

struct fuzz_api_endpoint {
	enum http_method method;
	const char *path;
	const char *query;
	const char *content_type; /* the whole header */
};

static const struct fuzz_api_endpoint fuzz_api_endpoints[10] = {
    {HTTP_PATCH, "/api/v1/tasks/2023/CDS23-01", "", "application/json"},
    {HTTP_PATCH, "/api/v1/dti/2023/2.1", "", "application/json"},
    {HTTP_POST, "/api/v1/reports/1/comments", "", "application/json"},
    {HTTP_POST, "/api/v1/comments/1/answer", "", "application/json"},
    {HTTP_PUT, "/api/v1/settings/signer_name", "", "application/json"},
    {HTTP_POST, "/api/v1/plan/adopt", "", "application/json"},
    {HTTP_POST, "/api/v1/allocations", "", "application/json"},
    {HTTP_POST, "/api/v1/session", "", "application/json"},
    {HTTP_POST, "/api/v1/import/tasks", "name=fuzz.csv", "text/csv"},
    {HTTP_POST, "/api/v1/dti/2023/2.1/evidence", "",
     "multipart/form-data; boundary=" FUZZ_API_BOUNDARY},
};

static struct app fuzz_api_setup_app;
static struct serve_caches fuzz_api_caches;
static char fuzz_api_tokens[2][APP_TOKEN_CHARS + 1]; /* admin, editor */
static const struct serve_config fuzz_api_config = {.db_url = ":memory:", .now_utc = FUZZ_API_NOW};

static void fuzz_api_setup(void)
{
	static int ready;
	if (ready)
		return;
	struct app *a = &fuzz_api_setup_app;
	char why[256];
	struct diag d;
	struct import_result r;
	int64_t id;
	diag_init(&d);
	struct app_dti_change assign = {.unit = "STTTT"};
	struct app_report_options o = {0};
	if (app_open(a, ":memory:", "fuzz", "fuzz", FUZZ_API_NOW, why, sizeof why) != APP_OK ||
	    app_import_units(a, "units", fuzz_api_units, strlen(fuzz_api_units), &d, &r) !=
	        APP_OK ||
	    app_import_tasks(a, "tasks", fuzz_api_tasks, strlen(fuzz_api_tasks), &d, &r) !=
	        APP_OK ||
	    app_import_proposals(a, "proposals", fuzz_api_proposals, strlen(fuzz_api_proposals), &d,
	                         &r) != APP_OK ||
	    app_dti_framework_import(a, "framework", fuzz_api_framework, strlen(fuzz_api_framework),
	                             &d, &r) != APP_OK ||
	    app_dti_use(a, 2023, "F", NULL, &d) != APP_OK ||
	    app_dti_set(a, 2023, "2.1", &assign, &d, NULL) != APP_OK ||
	    app_report_draft(a, 2023, &o, &id, &d) != APP_OK || id != 1 ||
	    app_report_comment(a, 1, 1, "I", "Góp ý", &id, &d) != APP_OK || id != 1 ||
	    app_user_add(a, "admin", ROLE_ADMIN, NULL, "pw-admin-2023", &d) != APP_OK ||
	    app_user_add(a, "sttt", ROLE_EDITOR, "STTTT", "pw-sttt-2023", &d) != APP_OK ||
	    app_token_add(a, "admin", "fuzz", fuzz_api_tokens[0], &id, &d) != APP_OK ||
	    app_token_add(a, "sttt", "fuzz", fuzz_api_tokens[1], &id, &d) != APP_OK) {
		fprintf(stderr, "fuzz_api: setup failed: %s (%zu problems)\n", app_error(a),
		        diag_total(&d));
		abort();
	}
	diag_finish(&d);
	fuzz_api_caches.responses = cache_create(64, (size_t)32 << 20);
	fuzz_api_caches.credentials = cache_create(256, (size_t)1 << 20);
	ready = 1;
}

static void fuzz_api_header(struct http_request *rq, const char *name, const char *value)
{
	if (http_param_add(&rq->headers, rq->arena, name, value, strlen(value)) < 0)
		abort();
}

/* Whether the response is what the API may answer to any body. */
static void fuzz_api_check(const struct http_response *rs)
{
	switch (rs->status) {
	case 200:
	case 201:
	case 400:
	case 401:
	case 403:
	case 404:
	case 409:
	case 413:
	case 415:
	case 422:
	case 429:
		break;
	default:
		fprintf(stderr, "fuzz_api: status %d: %.*s\n", rs->status, (int)rs->body.len,
		        buf_cstr(&rs->body));
		abort();
	}
	bool json = rs->content_type && strncmp(rs->content_type, "application/json", 16) == 0;
	if (rs->status < 400 && !json)
		return;
	json_error_t err;
	json_t *j = json_loadb(buf_cstr(&rs->body), rs->body.len, 0, &err);
	if (!j || (rs->status >= 400 && (!json_is_object(j) || !json_object_get(j, "error")))) {
		fprintf(stderr, "fuzz_api: status %d, content type %s, body not %s: %.*s\n",
		        rs->status, rs->content_type ? rs->content_type : "(none)",
		        j ? "an error object" : "JSON", (int)rs->body.len, buf_cstr(&rs->body));
		abort();
	}
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	fuzz_api_setup();
	const struct fuzz_api_endpoint *e = &fuzz_api_endpoints[data[0] % 10];
	const char *token = fuzz_api_tokens[(data[0] / 10) % 2];

	struct arena arena;
	arena_init(&arena);
	struct http_request rq = {0};
	rq.arena = &arena;
	rq.method = e->method;
	rq.path = e->path;
	rq.query_string = e->query;
	rq.client = "127.0.0.1";
	rq.body = arena_strndup(&arena, (const char *)data + 1, size - 1);
	rq.body_len = size - 1;
	if (form_parse_urlencoded(&arena, rq.query_string, strlen(rq.query_string), &rq.query) < 0)
		abort();
	char auth[16 + APP_TOKEN_CHARS];
	snprintf(auth, sizeof auth, "Bearer %s", token);
	fuzz_api_header(&rq, "host", "127.0.0.1:8080");
	fuzz_api_header(&rq, "authorization", auth);
	fuzz_api_header(&rq, "content-type", e->content_type);
	const char *semi = strchr(e->content_type, ';');
	rq.content_type =
	    semi ? arena_strndup(&arena, e->content_type, (size_t)(semi - e->content_type))
	         : e->content_type;
	/* as http/server.c does: a malformed multipart body gets 400 before any handler runs */
	if (rq.method == HTTP_POST && strcmp(rq.content_type, "multipart/form-data") == 0 &&
	    form_parse_multipart(&arena, e->content_type, rq.body, rq.body_len, &rq.form,
	                         &rq.upload) < 0) {
		arena_finish(&arena);
		return 0;
	}

	struct http_response rs = {.status = 200};
	buf_init(&rs.body, 0);
	serve_handle(&fuzz_api_config, fuzz_api_setup_app.store, &fuzz_api_caches, &rq, &rs);
	if (getenv("FUZZ_API_VERBOSE")) /* to see what the seeds get */
		fprintf(stderr, "fuzz_api: %s %s -> %d %.*s\n", http_method_name(rq.method),
		        rq.path, rs.status, (int)(rs.body.len < 300 ? rs.body.len : 300),
		        buf_cstr(&rs.body));
	fuzz_api_check(&rs);
	buf_finish(&rs.body);
	arena_finish(&arena);
	return 0;
}
