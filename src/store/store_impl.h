/* store_impl.h — what a storage backend provides: the table of operations behind store.h.
 * Only backends and store.c include this file. */
#ifndef DXTRACK_STORE_IMPL_H
#define DXTRACK_STORE_IMPL_H

#include "store.h"

struct store_ops {
	void (*close)(struct store *s);
	int (*schema_version)(struct store *s);
	int (*begin)(struct store *s);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);
	int (*unit_get)(struct store *s, const char *code, struct unit *out);
	int (*unit_put)(struct store *s, const struct unit *u);
	int (*units_each)(struct store *s, int (*each)(void *, const struct unit *), void *ctx);
	int (*unit_count)(struct store *s, int64_t *count);
	int (*task_get)(struct store *s, int year, const char *code, struct task *out);
	int (*task_insert)(struct store *s, struct task *t, const struct task_update *first);
	int (*task_update_plan)(struct store *s, const struct task *t);
	int (*task_codes)(struct store *s, int year, int (*each)(void *, const char *, int64_t),
	                  void *ctx);
	int (*task_exists_before)(struct store *s, const char *code, int year);
	int (*update_append)(struct store *s, const struct task_update *u);
	int (*tasks_each)(struct store *s, const struct task_filter *f,
	                  int (*each)(void *, const struct task *), void *ctx);
	int (*task_count)(struct store *s, const struct task_filter *f, int64_t *count);
	int (*updates_each)(struct store *s, int64_t task_id,
	                    int (*each)(void *, const struct task_update *), void *ctx);
	int (*audit_append)(struct store *s, const struct audit_entry *e);
	int (*audit_each)(struct store *s, int64_t after_id, size_t limit,
	                  int (*each)(void *, const struct audit_entry *), void *ctx);
};

/* The head of every backend's handle. */
struct store {
	const struct store_ops *ops;
	char error[512];
};

/* Backend constructors: NULL and a reason in why on failure. */
struct store *store_sqlite_open(const char *path, char *why, size_t why_size);

/* Records a backend failure message (printf-style) in s->error; returns -1. */
int store_fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
