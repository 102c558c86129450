/* user.c — roles and their rights (user.h). */
#include "user.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *code;
	const char *label;
} user_roles[ROLE_COUNT] = {
    [ROLE_ADMIN] = {"admin", "Quản trị"},
    [ROLE_VIEWER] = {"viewer", "Xem (thành viên Ban Chỉ đạo)"},
    [ROLE_EDITOR] = {"editor", "Cập nhật (chủ đầu tư)"},
    [ROLE_FINANCE] = {"finance", "Tài chính"},
};

void user_clear(struct user *u)
{
	free(u->name);
	free(u->unit);
	free(u->created_at);
	if (u->pw_hash) {
		memset(u->pw_hash, 0, strlen(u->pw_hash));
		free(u->pw_hash);
	}
	memset(u, 0, sizeof *u);
}

const char *user_role_code(enum user_role r)
{
	return (unsigned)r < ROLE_COUNT ? user_roles[r].code : "?";
}

const char *user_role_label_vi(enum user_role r)
{
	return (unsigned)r < ROLE_COUNT ? user_roles[r].label : "?";
}

int user_role_parse(const char *s, enum user_role *out)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (strcmp(s, user_roles[r].code) == 0) {
			*out = (enum user_role)r;
			return 0;
		}
	return -1;
}

bool user_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n < 2 || n > USER_NAME_MAX || !(name[0] >= 'a' && name[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

unsigned user_task_rights(enum user_role r, bool in_own_unit)
{
	switch (r) {
	case ROLE_ADMIN:
		return RIGHT_ALL;
	case ROLE_EDITOR:
		return in_own_unit ? RIGHT_ALL : 0;
	case ROLE_FINANCE:
		return RIGHT_DISBURSED | RIGHT_NOTE;
	case ROLE_VIEWER:
	case ROLE_COUNT:
		break;
	}
	return 0;
}

bool user_may_import_tasks(enum user_role r)
{
	return r == ROLE_ADMIN || r == ROLE_EDITOR;
}

bool user_may_admin(enum user_role r)
{
	return r == ROLE_ADMIN;
}
