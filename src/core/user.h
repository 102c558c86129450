/* user.h — accounts and what each role may do: the rules, without storage or HTTP.
 *
 * Four roles (issue 3): `viewer` (committee members) reads everything; `editor` is bound to one
 * org unit and changes only tasks whose investor is that unit or below it; `finance` reads
 * everything and changes disbursement figures; `admin` does everything. The CLI acts as admin:
 * whoever can run it can open the database file anyway.
 */
#ifndef DXTRACK_USER_H
#define DXTRACK_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum user_role { ROLE_ADMIN, ROLE_VIEWER, ROLE_EDITOR, ROLE_FINANCE, ROLE_COUNT };

#define USER_NAME_MAX 64      /* bytes */
#define USER_PASSWORD_MIN 10  /* bytes */
#define USER_PASSWORD_MAX 256 /* bytes */

struct user {
	int64_t id;
	char *name;
	enum user_role role;
	char *unit; /* org-unit code: required for an editor, optional otherwise; NULL if none */
	bool disabled;
	char *created_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	char *pw_hash;    /* Argon2id PHC string; NULL when read for display */
};

void user_clear(struct user *u); /* frees the strings and zeroes */

const char *user_role_code(enum user_role r);            /* "editor" */
const char *user_role_label_vi(enum user_role r);        /* "Cập nhật (sở, ngành)" */
int user_role_parse(const char *s, enum user_role *out); /* 0, or -1 if unknown */

/* A user name is 2..USER_NAME_MAX bytes of lower-case ASCII letters, digits, '.', '_' or '-',
 * starting with a letter: it appears in audit rows and URLs, so it is kept plain. */
bool user_name_valid(const char *name);

/* What may be changed in a task: a bit set. */
enum user_right {
	RIGHT_PROGRESS = 1 << 0,  /* progress_pct */
	RIGHT_DISBURSED = 1 << 1, /* disbursed_vnd */
	RIGHT_STATUS = 1 << 2,    /* status */
	RIGHT_NOTE = 1 << 3,      /* the note of an update */
	RIGHT_ALL = RIGHT_PROGRESS | RIGHT_DISBURSED | RIGHT_STATUS | RIGHT_NOTE,
};

/* The rights of a role over one task; in_own_unit says whether the task's investor is the user's
 * unit or below it (only an editor's rights depend on it). */
unsigned user_task_rights(enum user_role r, bool in_own_unit);

/* Whether a role may import tasks (an editor: only tasks of its own unit, checked per row), import
 * units, and administer accounts. */
bool user_may_import_tasks(enum user_role r);
bool user_may_admin(enum user_role r);

#endif
