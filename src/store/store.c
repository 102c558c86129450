/* store.c — chooses the backend for a database URL and forwards each call to it (store.h). */
#include "store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool store_url_is_pg(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

struct store *store_open(const char *url, char *why, size_t why_size)
{
	if (store_url_is_pg(url))
		return store_pg_open(url, why, why_size);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return store_sqlite_open(url, why, why_size);
}

int store_fail(struct store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof s->error, fmt, ap);
	va_end(ap);
	return -1;
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

const char *store_error(const struct store *s)
{
	return s->error;
}

int store_schema_version(struct store *s)
{
	return s->ops->schema_version(s);
}

int store_begin(struct store *s)
{
	return s->ops->begin(s);
}

int store_commit(struct store *s)
{
	return s->ops->commit(s);
}

int store_read_begin(struct store *s)
{
	return s->ops->read_begin(s);
}

int store_read_end(struct store *s)
{
	return s->ops->read_end(s);
}

int store_generation(struct store *s, int64_t *gen)
{
	return s->ops->generation(s, gen);
}

struct store_watch *store_watch_start(const char *url, char *why, size_t why_size)
{
	if (why && why_size)
		why[0] = '\0';
	return store_url_is_pg(url) ? store_pg_watch_start(url, why, why_size) : NULL;
}

void store_watch_attach(struct store *s, struct store_watch *w)
{
	if (s && w && s->ops->watch_attach)
		s->ops->watch_attach(s, w);
}

void store_watch_stop(struct store_watch *w)
{
	store_pg_watch_stop(w);
}

int store_rollback(struct store *s)
{
	return s->ops->rollback(s);
}

int store_unit_get(struct store *s, const char *code, struct unit *out)
{
	return s->ops->unit_get(s, code, out);
}

int store_unit_put(struct store *s, const struct unit *u)
{
	return s->ops->unit_put(s, u);
}

int store_units_each(struct store *s, int (*each)(void *ctx, const struct unit *u), void *ctx)
{
	return s->ops->units_each(s, each, ctx);
}

int store_unit_count(struct store *s, int64_t *count)
{
	return s->ops->unit_count(s, count);
}

int store_task_get(struct store *s, int year, const char *code, struct task *out)
{
	return s->ops->task_get(s, year, code, out);
}

int store_task_insert(struct store *s, struct task *t, const struct task_update *first)
{
	return s->ops->task_insert(s, t, first);
}

int store_task_update_plan(struct store *s, const struct task *t)
{
	return s->ops->task_update_plan(s, t);
}

int store_task_codes(struct store *s, int year,
                     int (*each)(void *ctx, const char *code, int64_t id), void *ctx)
{
	return s->ops->task_codes(s, year, each, ctx);
}

int store_task_exists_before(struct store *s, const char *code, int year)
{
	return s->ops->task_exists_before(s, code, year);
}

int store_update_append(struct store *s, const struct task_update *u)
{
	return s->ops->update_append(s, u);
}

int store_tasks_each(struct store *s, const struct task_filter *f,
                     int (*each)(void *ctx, const struct task *t), void *ctx)
{
	return s->ops->tasks_each(s, f, each, ctx);
}

int store_task_count(struct store *s, const struct task_filter *f, int64_t *count)
{
	return s->ops->task_count(s, f, count);
}

int store_task_years(struct store *s, int *years, size_t max, size_t *n)
{
	return s->ops->task_years(s, years, max, n);
}

int store_updates_each(struct store *s, int64_t task_id,
                       int (*each)(void *ctx, const struct task_update *u), void *ctx)
{
	return s->ops->updates_each(s, task_id, each, ctx);
}

int store_audit_append(struct store *s, const struct audit_entry *e)
{
	return s->ops->audit_append(s, e);
}

int store_audit_each(struct store *s, const struct audit_filter *f,
                     int (*each)(void *ctx, const struct audit_entry *e), void *ctx)
{
	return s->ops->audit_each(s, f, each, ctx);
}

int store_unit_within(struct store *s, const char *unit, const char *ancestor)
{
	return s->ops->unit_within(s, unit, ancestor);
}

int store_units_at(struct store *s, const char *date_iso,
                   int (*each)(void *ctx, const struct unit *u), void *ctx)
{
	return s->ops->units_at(s, date_iso, each, ctx);
}

int store_unit_children_at(struct store *s, const char *code, const char *date_iso,
                           int (*each)(void *ctx, const struct unit *u), void *ctx)
{
	return s->ops->unit_children_at(s, code, date_iso, each, ctx);
}

int store_unit_parent_at(struct store *s, const char *code, const char *date_iso, char **parent)
{
	return s->ops->unit_parent_at(s, code, date_iso, parent);
}

int store_unit_within_at(struct store *s, const char *unit, const char *ancestor,
                         const char *date_iso)
{
	return s->ops->unit_within_at(s, unit, ancestor, date_iso);
}

int store_unit_changed_after(struct store *s, const char *code, const char *date_iso,
                             struct date *first)
{
	return s->ops->unit_changed_after(s, code, date_iso, first);
}

int store_unit_links_each(struct store *s, const char *code,
                          int (*each)(void *ctx, const struct unit_link *l), void *ctx)
{
	return s->ops->unit_links_each(s, code, each, ctx);
}

int store_unit_successions_each(struct store *s, const char *code,
                                int (*each)(void *ctx, const struct unit_succession *e), void *ctx)
{
	return s->ops->unit_successions_each(s, code, each, ctx);
}

int store_unit_link_add(struct store *s, const struct unit_link *l)
{
	return s->ops->unit_link_add(s, l);
}

int store_unit_link_correct(struct store *s, const char *code, const char *parent)
{
	return s->ops->unit_link_correct(s, code, parent);
}

int store_unit_reparent(struct store *s, const char *code, const char *parent, const char *date_iso)
{
	return s->ops->unit_reparent(s, code, parent, date_iso);
}

int store_unit_end(struct store *s, const char *code, const char *date_iso)
{
	return s->ops->unit_end(s, code, date_iso);
}

int store_unit_succession_add(struct store *s, const struct unit_succession *e)
{
	return s->ops->unit_succession_add(s, e);
}

int store_user_insert(struct store *s, struct user *u)
{
	return s->ops->user_insert(s, u);
}

int store_user_get(struct store *s, const char *name, struct user *out)
{
	return s->ops->user_get(s, name, out);
}

int store_user_get_by_id(struct store *s, int64_t id, struct user *out)
{
	return s->ops->user_get_by_id(s, id, out);
}

int store_user_update(struct store *s, const struct user *u)
{
	return s->ops->user_update(s, u);
}

int store_users_each(struct store *s, int (*each)(void *ctx, const struct user *u), void *ctx)
{
	return s->ops->users_each(s, each, ctx);
}

int store_session_insert(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
                         const char *created_at, const char *expires_at)
{
	return s->ops->session_insert(s, token_hash, user_id, csrf, created_at, expires_at);
}

int store_session_get(struct store *s, const char *token_hash, struct store_credential *out)
{
	return s->ops->session_get(s, token_hash, out);
}

int store_session_delete(struct store *s, const char *token_hash)
{
	return s->ops->session_delete(s, token_hash);
}

int store_sessions_delete_user(struct store *s, int64_t user_id)
{
	return s->ops->sessions_delete_user(s, user_id);
}

int store_sessions_delete_expired(struct store *s, const char *now)
{
	return s->ops->sessions_delete_expired(s, now);
}

int store_token_insert(struct store *s, const char *token_hash, int64_t user_id, const char *label,
                       const char *created_at, int64_t *id)
{
	return s->ops->token_insert(s, token_hash, user_id, label, created_at, id);
}

int store_token_get(struct store *s, const char *token_hash, struct store_credential *out)
{
	return s->ops->token_get(s, token_hash, out);
}

int store_token_revoke(struct store *s, int64_t id, const char *at)
{
	return s->ops->token_revoke(s, id, at);
}

int store_tokens_revoke_user(struct store *s, int64_t user_id, const char *at)
{
	return s->ops->tokens_revoke_user(s, user_id, at);
}

int store_tokens_each(struct store *s, int (*each)(void *ctx, const struct store_token_row *t),
                      void *ctx)
{
	return s->ops->tokens_each(s, each, ctx);
}

int store_login_failure_add(struct store *s, const char *name, const char *client, const char *at)
{
	return s->ops->login_failure_add(s, name, client, at);
}

int store_login_failures_count(struct store *s, const char *name, const char *client,
                               const char *since, int64_t *by_name, int64_t *by_client)
{
	return s->ops->login_failures_count(s, name, client, since, by_name, by_client);
}

int store_login_failures_clear(struct store *s, const char *name)
{
	return s->ops->login_failures_clear(s, name);
}

/* ---- indicators ---- */

int store_indicator_get(struct store *s, const char *code, struct indicator *out)
{
	return s->ops->indicator_get(s, code, out);
}

int store_indicator_put(struct store *s, struct indicator *ind)
{
	return s->ops->indicator_put(s, ind);
}

int store_indicators_each(struct store *s, int (*each)(void *ctx, const struct indicator *ind),
                          void *ctx)
{
	return s->ops->indicators_each(s, each, ctx);
}

int store_indicator_add_kinds(struct store *s, int64_t id, unsigned kinds)
{
	return s->ops->indicator_add_kinds(s, id, kinds);
}

int store_indicator_has_values(struct store *s, int64_t id)
{
	return s->ops->indicator_has_values(s, id);
}

int store_unit_keys_each(struct store *s, int (*each)(void *ctx, const char *code, int64_t id),
                         void *ctx)
{
	return s->ops->unit_keys_each(s, each, ctx);
}

int store_unit_key_add(struct store *s, const char *code, int64_t *id)
{
	return s->ops->unit_key_add(s, code, id);
}

int store_indicator_import_add(struct store *s, const char *recorded_at, const char *author,
                               const char *file, int64_t *id)
{
	return s->ops->indicator_import_add(s, recorded_at, author, file, id);
}

int store_values_put(struct store *s, const struct store_value *v, size_t n,
                     struct store_put_counts *counts)
{
	return s->ops->values_put(s, v, n, counts);
}

int store_values_each(struct store *s, int64_t indicator_id, int32_t period_lo, int32_t period_hi,
                      int (*each)(void *ctx, int64_t unit_id, int32_t period, double value),
                      void *ctx)
{
	return s->ops->values_each(s, indicator_id, period_lo, period_hi, each, ctx);
}

int store_value_years(struct store *s, int64_t indicator_id, int *years, size_t max, size_t *n)
{
	return s->ops->value_years(s, indicator_id, years, max, n);
}

int store_target_put(struct store *s, const struct store_value *t, enum store_put_outcome *outcome)
{
	return s->ops->target_put(s, t, outcome);
}

int store_targets_each(struct store *s, int64_t indicator_id,
                       int (*each)(void *ctx, int64_t unit_id, int32_t period, double target),
                       void *ctx)
{
	return s->ops->targets_each(s, indicator_id, each, ctx);
}

/* ---- next year's catalogue ---- */

int store_proposal_get(struct store *s, int year, const char *code, struct proposal *out)
{
	return s->ops->proposal_get(s, year, code, out);
}

int store_proposal_put(struct store *s, struct proposal *p, const char *at)
{
	return s->ops->proposal_put(s, p, at);
}

int store_proposals_each(struct store *s, int year,
                         int (*each)(void *ctx, const struct proposal *p), void *ctx)
{
	return s->ops->proposals_each(s, year, each, ctx);
}

int store_plan_adopt(struct store *s, const struct plan_result *r)
{
	return s->ops->plan_adopt(s, r);
}

int store_plan_adopted(struct store *s, int year, struct plan_result *out)
{
	return s->ops->plan_adopted(s, year, out);
}

/* ---- disbursement monitoring ---- */

int store_history_each(struct store *s, const struct task_filter *f,
                       int (*each)(void *ctx, const struct task_update *u), void *ctx)
{
	return s->ops->history_each(s, f, each, ctx);
}

int store_allocation_add(struct store *s, struct disbursement_allocation *al)
{
	return s->ops->allocation_add(s, al);
}

int store_allocations_each(struct store *s, int year,
                           int (*each)(void *ctx, const struct disbursement_allocation *al),
                           void *ctx)
{
	return s->ops->allocations_each(s, year, each, ctx);
}

int store_allocation_get(struct store *s, int year, const char *unit,
                         struct disbursement_allocation *out)
{
	return s->ops->allocation_get(s, year, unit, out);
}

int store_override_add(struct store *s, struct disbursement_override *o)
{
	return s->ops->override_add(s, o);
}

int store_overrides_each(struct store *s, int year,
                         int (*each)(void *ctx, const struct disbursement_override *o), void *ctx)
{
	return s->ops->overrides_each(s, year, each, ctx);
}

int store_override_get(struct store *s, int64_t task_id, struct disbursement_override *out)
{
	return s->ops->override_get(s, task_id, out);
}

/* ---- DTI self-assessment ---- */

int store_dti_framework_put(struct store *s, const char *code, const struct dti_item *items,
                            size_t n, const char *at, const char *author)
{
	return s->ops->dti_framework_put(s, code, items, n, at, author);
}

int store_dti_framework_get(struct store *s, const char *code, struct dti_item **items, size_t *n)
{
	return s->ops->dti_framework_get(s, code, items, n);
}

int store_dti_frameworks_each(struct store *s,
                              int (*each)(void *ctx, const struct store_dti_framework *f),
                              void *ctx)
{
	return s->ops->dti_frameworks_each(s, each, ctx);
}

int store_dti_codes_in_use(struct store *s, const char *framework,
                           int (*each)(void *ctx, const char *code), void *ctx)
{
	return s->ops->dti_codes_in_use(s, framework, each, ctx);
}

int store_dti_year_put(struct store *s, int year, const char *framework, const char *province,
                       const char *at, const char *author)
{
	return s->ops->dti_year_put(s, year, framework, province, at, author);
}

int store_dti_year_get(struct store *s, int year, char **framework, char **province)
{
	return s->ops->dti_year_get(s, year, framework, province);
}

int store_dti_years_each(struct store *s,
                         int (*each)(void *ctx, int year, const char *framework,
                                     const char *province),
                         void *ctx)
{
	return s->ops->dti_years_each(s, each, ctx);
}

int store_dti_entry_get(struct store *s, int year, const char *code, struct dti_entry *out)
{
	return s->ops->dti_entry_get(s, year, code, out);
}

int store_dti_entries_each(struct store *s, int year,
                           int (*each)(void *ctx, const char *code, const struct dti_entry *e),
                           void *ctx)
{
	return s->ops->dti_entries_each(s, year, each, ctx);
}

int store_dti_entry_put(struct store *s, int year, const char *code, struct dti_entry *e)
{
	return s->ops->dti_entry_put(s, year, code, e);
}

int store_dti_entry_history(struct store *s, int year, const char *code,
                            int (*each)(void *ctx, const struct dti_entry *e), void *ctx)
{
	return s->ops->dti_entry_history(s, year, code, each, ctx);
}

int store_dti_evidence_add(struct store *s, struct dti_evidence *e, const void *content)
{
	return s->ops->dti_evidence_add(s, e, content);
}

int store_dti_evidence_each(struct store *s, int year, const char *code, bool with_withdrawn,
                            int (*each)(void *ctx, const struct dti_evidence *e), void *ctx)
{
	return s->ops->dti_evidence_each(s, year, code, with_withdrawn, each, ctx);
}

int store_dti_evidence_get(struct store *s, int64_t id, struct dti_evidence *out)
{
	return s->ops->dti_evidence_get(s, id, out);
}

int store_dti_evidence_withdraw(struct store *s, int64_t id, const char *at, const char *by)
{
	return s->ops->dti_evidence_withdraw(s, id, at, by);
}

int store_dti_file_get(struct store *s, const char *sha256, struct buf *out)
{
	return s->ops->dti_file_get(s, sha256, out);
}

int store_dti_published_put(struct store *s, int year, const char *code, double value,
                            const char *source, const char *at, const char *author)
{
	return s->ops->dti_published_put(s, year, code, value, source, at, author);
}

int store_dti_published_each(struct store *s, int year,
                             int (*each)(void *ctx, const char *code, double value,
                                         const char *source),
                             void *ctx)
{
	return s->ops->dti_published_each(s, year, each, ctx);
}

/* ---- settings and the report under review (0008) ---- */

int store_setting_get(struct store *s, const char *key, char **value)
{
	return s->ops->setting_get(s, key, value);
}

int store_setting_put(struct store *s, const char *key, const char *value, const char *at,
                      const char *author)
{
	return s->ops->setting_put(s, key, value, at, author);
}

int store_report_add(struct store *s, int year, const char *at, const char *author, int64_t *id)
{
	return s->ops->report_add(s, year, at, author, id);
}

int store_report_find(struct store *s, int year, int64_t *id)
{
	return s->ops->report_find(s, year, id);
}

int store_report_year(struct store *s, int64_t id, int *year)
{
	return s->ops->report_year(s, id, year);
}

int store_report_version_add(struct store *s, const struct store_report_version *v,
                             const char *snapshot, size_t len)
{
	return s->ops->report_version_add(s, v, snapshot, len);
}

int store_report_versions_each(struct store *s, int64_t report_id,
                               int (*each)(void *ctx, const struct store_report_version *v),
                               void *ctx)
{
	return s->ops->report_versions_each(s, report_id, each, ctx);
}

int store_report_snapshot(struct store *s, int64_t report_id, int version, struct buf *out,
                          char sha256[65])
{
	return s->ops->report_snapshot(s, report_id, version, out, sha256);
}

int store_report_submit(struct store *s, int64_t report_id, int version, const char *at)
{
	return s->ops->report_submit(s, report_id, version, at);
}

int store_report_comment_add(struct store *s, const struct store_report_comment *c, int64_t *id)
{
	return s->ops->report_comment_add(s, c, id);
}

int store_report_comments_each(struct store *s, int64_t report_id,
                               int (*each)(void *ctx, const struct store_report_comment *c),
                               void *ctx)
{
	return s->ops->report_comments_each(s, report_id, each, ctx);
}

int store_report_comment_get(struct store *s, int64_t id,
                             int (*each)(void *ctx, const struct store_report_comment *c),
                             void *ctx)
{
	return s->ops->report_comment_get(s, id, each, ctx);
}

int store_report_comment_answer(struct store *s, int64_t id, const char *answer, const char *text,
                                const char *by, const char *at)
{
	return s->ops->report_comment_answer(s, id, answer, text, by, at);
}

int store_report_open_count(struct store *s, int64_t report_id, int version, int64_t *count)
{
	return s->ops->report_open_count(s, report_id, version, count);
}

int store_backup(struct store *s, const char *path, bool force, struct store_file_info *info)
{
	return s->ops->backup(s, path, force, info);
}

struct store_restore *store_restore_begin(const char *url, const char *file, bool force,
                                          struct store **copy, struct store_file_info *found,
                                          char *why, size_t why_size)
{
	*copy = NULL;
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return store_pg_restore_begin(url, file, force, copy, found, why, why_size);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return store_sqlite_restore_begin(url, file, force, copy, found, why, why_size);
}

int store_restore_commit(struct store_restore *r, struct store_file_info *result, char *why,
                         size_t why_size)
{
	return r->commit(r, result, why, why_size);
}

void store_restore_abort(struct store_restore *r)
{
	if (r)
		r->abort(r);
}

/* Writes "***" for the text at *at up to the first of the characters in ends (or the end). */
static void store_mask(struct buf *out, const char **at, const char *ends)
{
	buf_puts(out, "***");
	*at += strcspn(*at, ends);
}

char *store_url_display(const char *url)
{
	struct buf out;
	buf_init(&out, 0);
	const char *scheme = strstr(url, "://");
	if (!scheme || strchr(url, '/') < scheme) { /* a file name */
		buf_puts(&out, url);
		return buf_steal(&out);
	}
	const char *at = scheme + 3;
	buf_append(&out, url, (size_t)(at - url));
	/* user:password@ in the authority */
	size_t authority = strcspn(at, "/?#");
	const char *sign = memchr(at, '@', authority);
	const char *colon = sign ? memchr(at, ':', (size_t)(sign - at)) : NULL;
	if (colon) {
		buf_append(&out, at, (size_t)(colon - at) + 1);
		at = colon + 1;
		store_mask(&out, &at, "@");
	}
	/* password=… among the parameters */
	while (*at) {
		if (strncmp(at, "password=", 9) == 0 && (at[-1] == '?' || at[-1] == '&')) {
			buf_puts(&out, "password=");
			at += 9;
			store_mask(&out, &at, "&#");
			continue;
		}
		buf_putc(&out, *at++);
	}
	return buf_steal(&out);
}
