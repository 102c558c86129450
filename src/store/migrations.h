/* migrations.h — the numbered schema migrations embedded in the binary (generated from sql/). */
#ifndef DXTRACK_MIGRATIONS_H
#define DXTRACK_MIGRATIONS_H

struct migration {
	int version;      /* the number the file name starts with: 1, 2, … */
	const char *name; /* file name, for messages */
	const char *sql;  /* the whole script */
};

extern const struct migration migrations_sqlite[];
extern const int migrations_sqlite_count;
extern const struct migration migrations_pg[];
extern const int migrations_pg_count;

#endif
