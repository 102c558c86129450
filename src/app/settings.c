/* settings.c — the named texts the official documents use (app.h, APP_SETTING_KEYS): the issuing
 * bodies, number suffix, place, signer, recipients, the report's title and its body template.
 * Administrators set them (`dxtrack settings set`, PUT /api/v1/settings/{key}); each write is
 * one transaction with its audit row (setting.set, with the old and new values). Values are
 * valid UTF-8, stored in NFC, at most APP_SETTING_MAX_BYTES (the template holds a whole file);
 * "" removes a setting, so the built-in default applies again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/utf8.h"
#include "app_impl.h"

#define APP_SETTING_MAX_BYTES ((size_t)64 << 10)

static const struct {
	const char *key;
	const char *help;
} settings_keys[] = {
#define X(key, help) {#key, help},
    APP_SETTING_KEYS
#undef X
};

static const size_t settings_count = sizeof settings_keys / sizeof settings_keys[0];

/* The index of key among APP_SETTING_KEYS, or settings_count. */
static size_t settings_find(const char *key)
{
	for (size_t i = 0; key && i < settings_count; i++)
		if (strcmp(settings_keys[i].key, key) == 0)
			return i;
	return settings_count;
}

/* "parent_body, issuing_body, …": every key, for messages. */
static void settings_key_list(struct buf *out)
{
	for (size_t i = 0; i < settings_count; i++)
		buf_printf(out, "%s%s", i ? ", " : "", settings_keys[i].key);
}

enum app_status app_setting_set(struct app *a, const char *key, const char *value, struct diag *d)
{
	char object[96];
	snprintf(object, sizeof object, "setting %.60s", key ? key : "");
	enum app_status status = app_require_admin(a, d, "change the settings");
	if (status != APP_OK)
		return status;
	if (settings_find(key) == settings_count) {
		struct buf keys;
		buf_init(&keys, 0);
		settings_key_list(&keys);
		diag_add(d, object, 0, NULL, "no such setting: use one of %s", buf_cstr(&keys));
		buf_finish(&keys);
		return APP_BAD_INPUT;
	}
	if (!value)
		value = "";
	size_t len = strlen(value), bad = 0;
	if (len > APP_SETTING_MAX_BYTES) {
		diag_add(d, object, 0, NULL, "the value is %zu bytes long: at most %zu", len,
		         APP_SETTING_MAX_BYTES);
		return APP_BAD_INPUT;
	}
	if (!utf8_valid(value, len, &bad)) {
		diag_add(d, object, 0, NULL, "invalid UTF-8 at byte %zu", bad + 1);
		return APP_BAD_INPUT;
	}
	char *nfc = utf8_nfc(value, len);
	char *old = NULL;
	if (store_begin(a->store) < 0) {
		free(nfc);
		return APP_FAILED;
	}
	int rc = store_setting_get(a->store, key, &old);
	if (rc < 0) {
		status = app_fail(a);
	} else if (strcmp(old ? old : "", nfc) == 0) {
		store_rollback(a->store); /* nothing changes: nothing to record */
		status = APP_OK;
	} else {
		json_t *detail = json_pack("{s:s,s:o,s:o}", "key", key, "old",
		                           old ? json_string(old) : json_null(), "new",
		                           nfc[0] ? json_string(nfc) : json_null());
		status = app_commit(a, store_setting_put(a->store, key, nfc, a->now, a->actor),
		                    "setting.set", object, detail);
	}
	free(old);
	free(nfc);
	return status;
}

enum app_status app_setting_get(struct app *a, const char *key, char **value)
{
	*value = NULL;
	if (settings_find(key) == settings_count)
		return APP_BAD_INPUT;
	return store_setting_get(a->store, key, value) < 0 ? APP_FAILED : APP_OK;
}

enum app_status app_settings_each(struct app *a,
                                  int (*each)(void *ctx, const char *key, const char *value,
                                              const char *help),
                                  void *ctx)
{
	for (size_t i = 0; i < settings_count; i++) {
		char *value = NULL;
		if (store_setting_get(a->store, settings_keys[i].key, &value) < 0)
			return APP_FAILED;
		int stop = each(ctx, settings_keys[i].key, value, settings_keys[i].help);
		free(value);
		if (stop)
			break;
	}
	return APP_OK;
}
