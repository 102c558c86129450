/* pg_backup.c — backup and restore of the PostgreSQL backend (store.h): a pg_dump archive.
 *
 * A backup runs the newest pg_dump installed (/usr/lib/postgresql/N/bin, N at least the
 * server's, else the one on PATH) in the custom format from one snapshot: this connection opens
 * a REPEATABLE READ transaction, exports its snapshot and counts the tasks, units and audit rows
 * in it, and pg_dump reads that very snapshot (--snapshot), so the counts printed are those of
 * the archive; writers go on meanwhile. The archive is written to PATH.tmp, checked
 * (pg_restore --list names our tables; pg_restore reads every block of it back), fsync'd and only
 * then renamed to PATH, the directory fsync'd too: PATH is either absent or a complete, checked
 * backup. The connection is handed to the child processes in their environment (PGHOST,
 * PGPASSWORD, …, from the URL), never on their command line, where `ps` would show a password.
 *
 * A restore checks the archive first and only reads it (pg_restore --list; the schema version
 * from its schema_migration data), refuses while any other session is connected to the target
 * database (as SQLite's refuses while a server has the file open), then replaces the database
 * in ONE transaction of a connection of its own, which is the copy handed to the caller: it
 * drops every object of the schema, runs the SQL that pg_restore makes of the archive (ownership
 * and grants left out: the restoring role owns what it restores) statement by statement, with
 * the COPY data sent as such, and applies this binary's newer migrations. The caller's audit row
 * (db.restore) commits that transaction: the database is replaced with its audit row, or not at
 * all. store_restore_commit then compares the counts with the archive's.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/mem.h"
#include "migrations.h"
#include "pg_impl.h"
#include "store_file.h"

extern char **environ;

enum { PG_TOOL_ERR_MAX = 4096 }; /* of a tool's standard error kept for the message */

/* ---- files ---- */

/* Gives tmp the name path: replacing it when replace, else failing with EEXIST when it exists
 * (atomically where hard links work). 0, or -1 with errno. */
/* ---- the PostgreSQL tools ---- */

/* The tool to run (pg_dump, pg_restore) into path: the newest of /usr/lib/postgresql/N/bin,
 * which must be at least major (0: any); else the name alone, found on PATH. 0, or -1 with the
 * reason in why. */
static int tool_find(const char *name, int major, char *path, size_t path_size, char *why,
                     size_t why_size)
{
	char pattern[128];
	snprintf(pattern, sizeof pattern, "/usr/lib/postgresql/*/bin/%s", name);
	glob_t g;
	int best = -1;
	if (glob(pattern, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			char *end;
			long n = strtol(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"), &end, 10);
			if (*end == '/' && n > best && n < INT_MAX &&
			    access(g.gl_pathv[i], X_OK) == 0) {
				best = (int)n;
				snprintf(path, path_size, "%s", g.gl_pathv[i]);
			}
		}
		globfree(&g);
	}
	if (best < 0) {
		snprintf(path, path_size, "%s", name);
		return 0;
	}
	if (best < major) {
		snprintf(why, why_size,
		         "the server is PostgreSQL %d, the newest %s installed is of %d: install "
		         "postgresql-client-%d",
		         major, name, best, major);
		return -1;
	}
	return 0;
}

/* The environment of a tool connecting to url: ours, with every connection parameter of the
 * URL as its libpq variable (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, …). A parameter
 * without a variable goes into *conninfo ("key='value' …", malloc'd, NULL when none), for
 * --dbname: none of them is a password. NULL with the reason in why. */
static char **tool_env(const char *url, char **conninfo, char *why, size_t why_size)
{
	*conninfo = NULL;
	char *error = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &error);
	if (!opts) {
		snprintf(why, why_size, "not a PostgreSQL URL: %s",
		         error ? error : "out of memory");
		PQfreemem(error);
		return NULL;
	}
	size_t n = 0, ours = 0;
	while (environ[n])
		n++;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		ours++;
	char **env = mem_calloc(n + ours + 1, sizeof *env);
	size_t k = 0;
	struct buf info;
	buf_init(&info, 0);
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val)
			continue;
		if (!o->envvar) {
			buf_printf(&info, "%s%s='", info.len ? " " : "", o->keyword);
			for (const char *c = o->val; *c; c++) {
				if (*c == '\'' || *c == '\\')
					buf_putc(&info, '\\');
				buf_putc(&info, *c);
			}
			buf_putc(&info, '\'');
			continue;
		}
		size_t len = strlen(o->envvar) + 1 + strlen(o->val) + 1;
		env[k] = mem_alloc(len);
		snprintf(env[k], len, "%s=%s", o->envvar, o->val);
		k++;
	}
	/* the inherited variables the URL does not override */
	for (size_t i = 0; i < n; i++) {
		bool overridden = false;
		for (size_t j = 0; j < k && !overridden; j++) {
			size_t name = (size_t)(strchr(env[j], '=') - env[j]);
			overridden = strncmp(environ[i], env[j], name + 1) == 0;
		}
		if (!overridden)
			env[k++] = mem_strdup(environ[i]);
	}
	PQconninfoFree(opts);
	if (info.len)
		*conninfo = buf_steal(&info);
	buf_finish(&info);
	return env;
}

static void tool_env_free(char **env)
{
	if (!env)
		return;
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
}

/* Runs a tool (argv[0] a path, or a name looked up on PATH) with env (NULL: ours), its standard
 * input /dev/null. Its standard output goes to out() in pieces until out returns non-zero (the
 * tool is then stopped), its standard error (the first PG_TOOL_ERR_MAX bytes) into err. The
 * tool's exit code, 128 + the signal that ended it, or -1 (why says) when it could not run. */
static int tool_run(char *const argv[], char *const env[],
                    int (*out)(void *ctx, const char *data, size_t len), void *ctx, struct buf *err,
                    char *why, size_t why_size)
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1};
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		snprintf(why, why_size, "cannot run %s: %s", argv[0], strerror(errno));
		for (int i = 0; i < 2; i++) {
			if (po[i] >= 0)
				close(po[i]);
			if (pe[i] >= 0)
				close(pe[i]);
		}
		return -1;
	}
	/* a tool dies with us: a killed `dxtrack backup` leaves no pg_dump writing on (the
	 * kernel's parent-death signal, which posix_spawn cannot ask for) */
	pid_t parent = getpid();
	int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pid_t pid = null_fd < 0 ? -1 : fork();
	if (pid == 0) { /* the child: only calls safe after fork, then the tool */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent ||
		    dup2(null_fd, 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0)
			_exit(127);
		if (strchr(argv[0], '/'))
			execve(argv[0], argv, env ? env : environ);
		else
			execvpe(argv[0], argv, env ? env : environ);
		static const char cannot[] = "error: cannot run ";
		static const char because[] = ": not found, or not a program\n";
		if (write(2, cannot, sizeof cannot - 1) >= 0 &&
		    write(2, argv[0], strlen(argv[0])) >= 0)
			(void)!write(2, because, sizeof because - 1);
		_exit(127);
	}
	int spawn_errno = errno;
	if (null_fd >= 0)
		close(null_fd);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		snprintf(why, why_size, "cannot run %s: %s", argv[0], strerror(spawn_errno));
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	struct pollfd fds[2] = {{.fd = po[0], .events = POLLIN}, {.fd = pe[0], .events = POLLIN}};
	bool stopped = false;
	char chunk[65536];
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				continue;
			}
			if (i == 1) {
				size_t room = err && err->len < PG_TOOL_ERR_MAX
				                  ? PG_TOOL_ERR_MAX - err->len
				                  : 0;
				if (room)
					buf_append(err, chunk, (size_t)n < room ? (size_t)n : room);
			} else if (!stopped && out && out(ctx, chunk, (size_t)n)) {
				stopped = true;
				kill(pid, SIGTERM);
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(why, why_size, "%s: %s", argv[0], strerror(errno));
			return -1;
		}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The first line of a tool's standard error, without its "pg_restore: error: " (for a
 * message), or "exit code N" when it said nothing. */
static const char *tool_message(struct buf *err, int code, char *scratch, size_t size)
{
	const char *text = buf_cstr(err);
	const char *colon = strstr(text, "error: ");
	if (colon)
		text = colon + 7;
	size_t len = strcspn(text, "\n");
	if (len == 0) {
		snprintf(scratch, size, "exit code %d", code);
		return scratch;
	}
	snprintf(scratch, size, "%.*s", (int)len, text);
	return scratch;
}

/* Appends a tool's output to a buffer (a --list, a table's data). */
static int tool_collect(void *ctx, const char *data, size_t len)
{
	return buf_append(ctx, data, len) < 0;
}

/* ---- checking an archive ---- */

/* Checks that file is a pg_dump archive holding dxtrack's tables (pg_restore --list), with the
 * tool pg_restore: 0, or -1 with the reason (naming label) in why. */
static int archive_check_list(const char *restore, const char *file, const char *label, char *why,
                              size_t why_size)
{
	char *argv[] = {(char *)restore, (char *)"--list", (char *)file, NULL};
	struct buf list, err;
	buf_init(&list, 64 << 20);
	buf_init(&err, 0);
	int rc = -1;
	int code = tool_run(argv, NULL, tool_collect, &list, &err, why, why_size);
	char msg[300];
	if (code < 0)
		goto out;
	if (code != 0) {
		/* an archive of pg_dump's custom format begins with "PGDMP" */
		char magic[5] = {0};
		FILE *f = fopen(file, "rb");
		bool archive = f && fread(magic, 1, sizeof magic, f) == sizeof magic &&
		               memcmp(magic, "PGDMP", 5) == 0;
		if (f)
			fclose(f);
		snprintf(why, why_size,
		         archive ? "%s is damaged: pg_restore: %s"
		                 : "%s is not a PostgreSQL backup (pg_restore: %s)",
		         label, tool_message(&err, code, msg, sizeof msg));
		goto out;
	}
	/* lines "ID; CLASS OID TABLE SCHEMA NAME OWNER" */
	static const char *const ours[] = {"task", "unit", "audit", "schema_migration"};
	int found = 0;
	for (const char *line = buf_cstr(&list); *line;) {
		size_t len = strcspn(line, "\n");
		const char *table = memmem(line, len, " TABLE ", 7);
		if (table && line[0] != ';') {
			const char *schema = table + 7;
			const char *name = memchr(schema, ' ', len - (size_t)(schema - line));
			for (size_t i = 0; name && i < sizeof ours / sizeof ours[0]; i++) {
				size_t n = strlen(ours[i]);
				if (strncmp(name + 1, ours[i], n) == 0 && name[1 + n] == ' ')
					found |= 1 << i;
			}
		}
		line += len + (line[len] == '\n');
	}
	if (found != 15) {
		snprintf(why, why_size,
		         "%s is a PostgreSQL backup but not one of dxtrack's (no tasks, units and "
		         "audit log, or no schema version)",
		         label);
		goto out;
	}
	rc = 0;
out:
	buf_finish(&list);
	buf_finish(&err);
	return rc;
}

/* A row of schema_migration's COPY data ("version\tname\tapplied_at"): raises *version to its
 * version when that is a number above it; other rows are ignored. */
static void archive_version_row(const char *line, size_t len, int *version)
{
	char *end;
	errno = 0;
	long v = strtol(line, &end, 10);
	if (errno == 0 && end > line && (size_t)(end - line) <= len &&
	    (*end == '\t' || end == line + len) && v > *version && v < INT_MAX)
		*version = (int)v;
}

/* The schema version of an archive: the largest version in its schema_migration data. 0, or
 * -1 with the reason in why (the archive cannot be read there: damaged). */
static int archive_version(const char *restore, const char *file, const char *label, int *version,
                           char *why, size_t why_size)
{
	char *argv[] = {(char *)restore,
	                (char *)"--data-only",
	                (char *)"--table",
	                (char *)"schema_migration",
	                (char *)"--file=-",
	                (char *)file,
	                NULL};
	struct buf data, err;
	buf_init(&data, 16 << 20);
	buf_init(&err, 0);
	int code = tool_run(argv, NULL, tool_collect, &data, &err, why, why_size);
	int rc = -1;
	char msg[300];
	*version = 0;
	if (code < 0)
		goto out;
	if (code != 0) {
		snprintf(why, why_size, "%s is damaged: pg_restore: %s", label,
		         tool_message(&err, code, msg, sizeof msg));
		goto out;
	}
	bool in_copy = false;
	for (const char *line = buf_cstr(&data); *line;) {
		size_t len = strcspn(line, "\n");
		if (in_copy && len == 2 && line[0] == '\\' && line[1] == '.')
			in_copy = false;
		else if (in_copy)
			archive_version_row(line, len, version);
		else if (!in_copy && strncmp(line, "COPY ", 5) == 0)
			in_copy = true;
		line += len + (line[len] == '\n');
	}
	rc = 0;
out:
	buf_finish(&data);
	buf_finish(&err);
	return rc;
}

static int backup_latest_version(void)
{
	return migrations_pg_count ? migrations_pg[migrations_pg_count - 1].version : 0;
}

/* Counts the tasks, units and audit rows of the database q is connected to. */
static int backup_count(struct pg_store *q, struct store_file_info *info)
{
	if (pg_value_int64(q, "counting the tasks", "SELECT count(*) FROM task", NULL,
	                   &info->tasks) < 0 ||
	    pg_value_int64(q, "counting the units", "SELECT count(*) FROM unit", NULL,
	                   &info->units) < 0 ||
	    pg_value_int64(q, "counting the audit rows", "SELECT count(*) FROM audit", NULL,
	                   &info->audit) < 0)
		return -1;
	return 0;
}

/* ---- backup ---- */

/* Runs pg_dump into tmp from the snapshot: 0, or -1 with the reason recorded on q. */
static int backup_dump(struct pg_store *q, const char *snapshot, const char *tmp)
{
	char tool[PATH_MAX], why[600];
	if (tool_find("pg_dump", PQserverVersion(q->conn) / 10000, tool, sizeof tool, why,
	              sizeof why) < 0)
		return store_fail(&q->base, "%s", why);
	char *conninfo = NULL;
	char **env = tool_env(q->url, &conninfo, why, sizeof why);
	if (!env)
		return store_fail(&q->base, "%s", why);
	struct buf snap, file, dbname, err;
	buf_init(&snap, 0);
	buf_init(&file, 0);
	buf_init(&dbname, 0);
	buf_init(&err, 0);
	buf_printf(&snap, "--snapshot=%s", snapshot);
	buf_printf(&file, "--file=%s", tmp);
	char *argv[8] = {tool, (char *)"--format=custom", (char *)"--no-password", snap.data,
	                 file.data};
	if (conninfo) {
		buf_printf(&dbname, "--dbname=%s", conninfo);
		argv[5] = dbname.data;
	}
	int rc = 0;
	int code = tool_run(argv, env, NULL, NULL, &err, why, sizeof why);
	char msg[300];
	if (code < 0)
		rc = store_fail(&q->base, "%s", why);
	else if (code != 0)
		rc = store_fail(&q->base, "pg_dump failed: %s",
		                tool_message(&err, code, msg, sizeof msg));
	buf_finish(&snap);
	buf_finish(&file);
	buf_finish(&dbname);
	buf_finish(&err);
	free(conninfo);
	tool_env_free(env);
	return rc;
}

/* Checks the archive just written: our tables listed, every block readable. 0, or -1 on q. */
static int backup_check_written(struct pg_store *q, const char *tmp)
{
	char tool[PATH_MAX], why[600];
	if (tool_find("pg_restore", 0, tool, sizeof tool, why, sizeof why) < 0 ||
	    archive_check_list(tool, tmp, tmp, why, sizeof why) < 0)
		return store_fail(&q->base, "the copy failed its check: %s", why);
	char *argv[] = {tool, (char *)"--file=/dev/null", (char *)tmp, NULL};
	struct buf err;
	buf_init(&err, 0);
	int code = tool_run(argv, NULL, NULL, NULL, &err, why, sizeof why);
	char msg[300];
	int rc = 0;
	if (code < 0)
		rc = store_fail(&q->base, "%s", why);
	else if (code != 0)
		rc = store_fail(&q->base, "the copy failed its check: %s",
		                tool_message(&err, code, msg, sizeof msg));
	buf_finish(&err);
	return rc;
}

int pg_backup(struct store *s, const char *path, bool force, struct store_file_info *info)
{
	struct pg_store *q = pg_of(s);
	memset(info, 0, sizeof *info);
	if (PQtransactionStatus(q->conn) != PQTRANS_IDLE)
		return store_fail(s, "a backup cannot be made inside a transaction");
	struct stat sb;
	if (stat(path, &sb) == 0) {
		if (!force) {
			store_fail(s, "%s exists: add --force to replace it; nothing was written",
			           path);
			return STORE_CONFLICT;
		}
		if (!S_ISREG(sb.st_mode))
			return store_fail(s, "%s is not a regular file: nothing was written", path);
	}
	char *tmp = store_file_path_with(path, ".tmp");
	int rc = -1;
	if (unlink(tmp) < 0 && errno != ENOENT) {
		store_fail(s, "cannot remove the old %s: %s", tmp, strerror(errno));
		goto out;
	}
	/* one snapshot: counted here, dumped by pg_dump (--snapshot), held until it is done */
	if (pg_exec(q, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") < 0)
		goto out;
	PGresult *r = pg_query(q, "exporting the snapshot", "SELECT pg_export_snapshot()", NULL);
	char *snapshot = r ? pg_strdup(r, 0, 0) : NULL;
	PQclear(r);
	info->schema_version = snapshot ? store_schema_version(s) : -1;
	int dumped = info->schema_version < 0 || backup_count(q, info) < 0
	                 ? -1
	                 : backup_dump(q, snapshot, tmp);
	free(snapshot);
	PQclear(PQexec(q->conn, "ROLLBACK"));
	if (dumped < 0 || backup_check_written(q, tmp) < 0)
		goto out;
	bool published;
	rc = store_file_finish(s, tmp, path, force, &info->bytes, &published);
	if (published)
		goto out_written;
out:
	unlink(tmp);
out_written:
	free(tmp);
	return rc;
}

/* ---- running the SQL of an archive ---- */

/* Where the scanner is: in plain SQL, or inside a literal, an identifier, a comment, or the
 * data of a COPY. */
enum script_mode {
	SCRIPT_SQL,
	SCRIPT_QUOTE,   /* '…' */
	SCRIPT_EQUOTE,  /* E'…', with backslash escapes */
	SCRIPT_IDENT,   /* "…" */
	SCRIPT_DOLLAR,  /* $tag$…$tag$ */
	SCRIPT_COMMENT, /* -- to the end of the line */
	SCRIPT_BLOCK,   /* nested slash-star comments */
	SCRIPT_COPY,    /* lines of data up to \. */
};

/* The SQL that pg_restore writes, split into statements as it comes and run on q, in the
 * transaction that is open there. */
struct restore_script {
	struct pg_store *q;
	struct buf text; /* received, not yet run */
	size_t pos;      /* scanned up to here */
	size_t start;    /* the current statement's first byte; SIZE_MAX: between statements */
	enum script_mode mode;
	int depth;     /* of block comments */
	char tag[128]; /* the closing $tag$ */
	size_t tag_len;
	bool copy_starts; /* the rest of the COPY statement's line is still to be skipped */
	bool failed;      /* the reason is on q */
	struct buf stmt;
};

static bool script_ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Runs one statement (text of len bytes ending in ';'). SET becomes SET LOCAL and set_config
 * local too: nothing outlives the transaction. COPY … FROM stdin switches to its data. */
static int script_statement(struct restore_script *sc, const char *text, size_t len)
{
	struct buf *st = &sc->stmt;
	buf_reset(st);
	static const char set_config[] = "SELECT pg_catalog.set_config(";
	if (len > 4 && strncmp(text, "SET ", 4) == 0) {
		buf_puts(st, "SET LOCAL ");
		buf_append(st, text + 4, len - 4);
	} else if (len > sizeof set_config + 7 &&
	           strncmp(text, set_config, sizeof set_config - 1) == 0 &&
	           strncmp(text + len - 7, "false);", 7) == 0) {
		buf_append(st, text, len - 7);
		buf_puts(st, "true);");
	} else {
		buf_append(st, text, len);
	}
	PGresult *r = PQexec(sc->q->conn, buf_cstr(st));
	ExecStatusType status = PQresultStatus(r);
	int rc = 0;
	if (status == PGRES_COPY_IN) {
		sc->mode = SCRIPT_COPY;
		sc->copy_starts = true;
	} else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		rc = pg_fail(sc->q, "restoring", r);
	PQclear(r);
	return rc;
}

/* Sends the complete lines of COPY data from pos; at "\." ends the COPY. 0 when more data is
 * needed or the COPY ended, -1 on failure. */
static int script_copy_lines(struct restore_script *sc)
{
	struct pg_store *q = sc->q;
	for (;;) {
		const char *at = sc->text.data + sc->pos;
		const char *nl = memchr(at, '\n', sc->text.len - sc->pos);
		if (!nl)
			return 0;
		size_t len = (size_t)(nl - at) + 1;
		if (sc->copy_starts) { /* the data begins on the line after the statement */
			sc->copy_starts = false;
			sc->pos += len;
			continue;
		}
		if (len == 3 && at[0] == '\\' && at[1] == '.') {
			sc->pos += len;
			sc->mode = SCRIPT_SQL;
			int rc =
			    PQputCopyEnd(q->conn, NULL) == 1 ? 0 : pg_fail(q, "restoring", NULL);
			PGresult *r;
			while ((r = PQgetResult(q->conn)) != NULL) {
				if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
					rc = pg_fail(q, "restoring", r);
				PQclear(r);
			}
			return rc;
		}
		if (PQputCopyData(q->conn, at, (int)len) != 1)
			return pg_fail(q, "restoring", NULL);
		sc->pos += len;
	}
}

/* Scans what was received: runs every complete statement. 0, or -1 on failure. */
static int script_scan(struct restore_script *sc)
{
	const char *t = sc->text.data;
	size_t n = sc->text.len;
	while (sc->pos < n) {
		if (sc->mode == SCRIPT_COPY) {
			if (script_copy_lines(sc) < 0)
				return -1;
			if (sc->mode == SCRIPT_COPY)
				return 0; /* a line is incomplete */
			continue;
		}
		size_t i = sc->pos;
		char c = t[i];
		bool more = i + 1 < n; /* the next byte is here */
		switch (sc->mode) {
		case SCRIPT_SQL:
			if (sc->start == SIZE_MAX) {
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
					sc->pos++;
					continue;
				}
				if (c == '\\') { /* a psql command (\restrict …): not SQL */
					const char *nl = memchr(t + i, '\n', n - i);
					if (!nl)
						return 0;
					sc->pos = (size_t)(nl - t) + 1;
					continue;
				}
			}
			if (c == '-' || c == '/' || c == '$' || c == '\'') {
				if (!more)
					return 0;
			}
			if (c == '-' && t[i + 1] == '-') {
				sc->mode = SCRIPT_COMMENT;
				sc->pos += 2;
				continue;
			}
			if (c == '/' && t[i + 1] == '*') {
				sc->mode = SCRIPT_BLOCK;
				sc->depth = 1;
				sc->pos += 2;
				continue;
			}
			if (sc->start == SIZE_MAX)
				sc->start = i;
			if (c == '\'') {
				bool e = i > sc->start && (t[i - 1] == 'E' || t[i - 1] == 'e') &&
				         (i - 1 == sc->start || !script_ident_char(t[i - 2]));
				sc->mode = e ? SCRIPT_EQUOTE : SCRIPT_QUOTE;
			} else if (c == '"') {
				sc->mode = SCRIPT_IDENT;
			} else if (c == '$' && (i == sc->start || !script_ident_char(t[i - 1]))) {
				size_t j = i + 1;
				while (j < n && script_ident_char(t[j]) &&
				       !(j == i + 1 && t[j] >= '0' && t[j] <= '9'))
					j++;
				if (j == n)
					return 0;
				if (t[j] == '$' && j + 1 - i <= sizeof sc->tag) {
					sc->tag_len = j + 1 - i;
					memcpy(sc->tag, t + i, sc->tag_len);
					sc->mode = SCRIPT_DOLLAR;
					sc->pos = j + 1;
					continue;
				}
			} else if (c == ';') {
				int rc = script_statement(sc, t + sc->start, i + 1 - sc->start);
				sc->start = SIZE_MAX;
				sc->pos = i + 1;
				if (rc < 0)
					return -1;
				continue;
			}
			sc->pos++;
			break;
		case SCRIPT_QUOTE:
		case SCRIPT_IDENT: {
			char end = sc->mode == SCRIPT_QUOTE ? '\'' : '"';
			if (c == end) {
				if (!more)
					return 0;
				if (t[i + 1] == end) {
					sc->pos += 2;
					continue;
				}
				sc->mode = SCRIPT_SQL;
			}
			sc->pos++;
			break;
		}
		case SCRIPT_EQUOTE:
			if (c == '\\') {
				if (!more)
					return 0;
				sc->pos += 2;
				continue;
			}
			if (c == '\'') {
				if (!more)
					return 0;
				if (t[i + 1] == '\'') {
					sc->pos += 2;
					continue;
				}
				sc->mode = SCRIPT_SQL;
			}
			sc->pos++;
			break;
		case SCRIPT_DOLLAR:
			if (c == '$') {
				if (n - i < sc->tag_len)
					return 0;
				if (memcmp(t + i, sc->tag, sc->tag_len) == 0) {
					sc->mode = SCRIPT_SQL;
					sc->pos += sc->tag_len;
					continue;
				}
			}
			sc->pos++;
			break;
		case SCRIPT_COMMENT:
			if (c == '\n')
				sc->mode = SCRIPT_SQL;
			sc->pos++;
			break;
		case SCRIPT_BLOCK:
			if ((c == '/' || c == '*') && !more)
				return 0;
			if (c == '/' && t[i + 1] == '*') {
				sc->depth++;
				sc->pos += 2;
				continue;
			}
			if (c == '*' && t[i + 1] == '/') {
				if (--sc->depth == 0)
					sc->mode = SCRIPT_SQL;
				sc->pos += 2;
				continue;
			}
			sc->pos++;
			break;
		case SCRIPT_COPY:
			break;
		}
	}
	return 0;
}

/* Takes a piece of pg_restore's output; non-zero stops it (a statement failed). */
static int script_take(void *ctx, const char *data, size_t len)
{
	struct restore_script *sc = ctx;
	if (sc->failed)
		return 1;
	/* what was run is dropped first: the text kept is the current statement or line */
	size_t keep = sc->start != SIZE_MAX ? sc->start : sc->pos;
	if (keep > 0) {
		memmove(sc->text.data, sc->text.data + keep, sc->text.len - keep);
		sc->text.len -= keep;
		sc->text.data[sc->text.len] = '\0';
		sc->pos -= keep;
		if (sc->start != SIZE_MAX)
			sc->start -= keep;
	}
	if (buf_append(&sc->text, data, len) < 0) {
		store_fail(&sc->q->base, "restoring: a statement of more than 1 GiB");
		sc->failed = true;
		return 1;
	}
	if (script_scan(sc) < 0)
		sc->failed = true;
	return sc->failed;
}

/* ---- restore ---- */

struct pg_restore {
	struct store_restore base; /* first */
	struct store *copy;        /* the target, inside the restore's transaction */
	struct store_file_info found;
	char *label; /* the target as it may be shown */
};

/* Drops every object of the schema the database's tables live in (what an extension owns
 * aside, and what goes with a table), in the open transaction. */
static const char restore_drop_all[] =
    "DO $drop$ DECLARE r record; BEGIN "
    "FOR r IN SELECT format('DROP %s IF EXISTS %I.%I CASCADE', "
    "CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' "
    "WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, "
    "n.nspname, c.relname) AS sql "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
    "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
    "AND d.objid = c.oid AND d.deptype IN ('e', 'i', 'a')) "
    "LOOP EXECUTE r.sql; END LOOP; "
    "FOR r IN SELECT format('DROP ROUTINE IF EXISTS %I.%I(%s) CASCADE', n.nspname, p.proname, "
    "pg_get_function_identity_arguments(p.oid)) AS sql "
    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_depend d "
    "WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') "
    "LOOP EXECUTE r.sql; END LOOP; "
    "FOR r IN SELECT format('DROP TYPE IF EXISTS %I.%I CASCADE', n.nspname, t.typname) AS sql "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname = current_schema() AND t.typtype IN ('d', 'e', 'r', 'm') "
    "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass "
    "AND d.objid = t.oid AND d.deptype = 'e') "
    "LOOP EXECUTE r.sql; END LOOP; "
    "FOR r IN SELECT format('DROP COLLATION IF EXISTS %I.%I CASCADE', n.nspname, c.collname) "
    "AS sql FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace "
    "WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_depend d "
    "WHERE d.classid = 'pg_collation'::regclass AND d.objid = c.oid AND d.deptype = 'e') "
    "LOOP EXECUTE r.sql; END LOOP; "
    "END $drop$";

/* How many other sessions (client backends) are connected to conn's database: 0 or more, or -1
 * with PostgreSQL's message in why. A program that has just disconnected is still listed while
 * its backend exits (a few milliseconds): the count is taken again, fresh, for up to 2 s while it
 * is not 0. */
static int64_t restore_others(PGconn *conn, char *why, size_t why_size)
{
	int64_t others = -1;
	for (int tries = 0; tries < 40; tries++) {
		if (tries)
			usleep(50 * 1000);
		PGresult *r =
		    PQexec(conn, "SELECT pg_stat_clear_snapshot(), count(*) "
		                 "FROM pg_stat_activity WHERE datname = current_database() "
		                 "AND pid <> pg_backend_pid() "
		                 "AND backend_type = 'client backend'");
		if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
			const char *msg = PQresultErrorMessage(r);
			snprintf(why, why_size, "looking for other sessions: %.*s",
			         (int)strcspn(msg, "\n"), msg);
			PQclear(r);
			return -1;
		}
		others = pg_bigint(r, 0, 1);
		PQclear(r);
		if (others == 0)
			break;
	}
	return others;
}

static void restore_free(struct pg_restore *r)
{
	store_close(r->copy);
	free(r->label);
	free(r);
}

static void restore_abort(struct store_restore *base)
{
	struct pg_restore *r = (struct pg_restore *)base;
	if (r->copy)
		store_rollback(r->copy);
	restore_free(r);
}

static int restore_commit(struct store_restore *base, struct store_file_info *result, char *why,
                          size_t why_size)
{
	struct pg_restore *r = (struct pg_restore *)base;
	struct pg_store *q = pg_of(r->copy);
	memset(result, 0, sizeof *result);
	/* the caller's audit row committed the transaction; when it did not, this does */
	PGTransactionStatusType status = PQtransactionStatus(q->conn);
	if (status == PQTRANS_INTRANS && store_commit(r->copy) < 0) {
		snprintf(why, why_size, "cannot commit the restore: %s; nothing was changed",
		         store_error(r->copy));
		restore_abort(base);
		return -1;
	}
	if (status != PQTRANS_IDLE && status != PQTRANS_INTRANS) {
		snprintf(why, why_size, "the restore's transaction failed; nothing was changed");
		restore_abort(base);
		return -1;
	}
	int64_t bytes = 0;
	result->schema_version = store_schema_version(r->copy);
	int rc = 0;
	if (result->schema_version < 0 || backup_count(q, result) < 0 ||
	    pg_value_int64(q, "measuring the database",
	                   "SELECT pg_database_size(current_database())", NULL, &bytes) < 0) {
		snprintf(why, why_size, "restored, but it cannot be read back: %s",
		         store_error(r->copy));
		rc = -1;
	} else if (result->tasks != r->found.tasks || result->units != r->found.units ||
	           result->audit != r->found.audit + 1) {
		snprintf(why, why_size,
		         "restored, but the counts differ from the backup's: %" PRId64
		         " tasks, %" PRId64 " units, %" PRId64 " audit rows, not %" PRId64
		         ", %" PRId64 " and %" PRId64 " + 1",
		         result->tasks, result->units, result->audit, r->found.tasks,
		         r->found.units, r->found.audit);
		rc = -1;
	} else if (result->schema_version != backup_latest_version()) {
		snprintf(why, why_size, "%s has schema version %d after migrating, not %d",
		         r->label, result->schema_version, backup_latest_version());
		rc = -1;
	}
	result->bytes = bytes;
	restore_free(r);
	return rc;
}

/* The checks made before anything is touched, on a connection of their own: the target's
 * schema holds something (and then, it is dxtrack's), other sessions. 0, or -1 with why. */
static int restore_target(const char *url, const char *label, const char *file, bool force,
                          char *why, size_t why_size)
{
	PGconn *conn = PQconnectdb(url);
	int rc = -1;
	if (PQstatus(conn) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(conn);
		int len = (int)strcspn(msg, "\n");
		snprintf(why, why_size, "cannot connect to PostgreSQL: %.*s; nothing was changed",
		         len, msg);
		goto out;
	}
	PGresult *r = PQexec(conn, "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n "
	                           "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
	                           "AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')), "
	                           "to_regclass('schema_migration') IS NOT NULL");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		const char *msg = PQresultErrorMessage(r);
		snprintf(why, why_size, "cannot look into %s: %.*s; nothing was changed", label,
		         (int)strcspn(msg, "\n"), msg);
		PQclear(r);
		goto out;
	}
	int64_t relations = pg_bigint(r, 0, 0), others = 0;
	bool ours = pg_bigint(r, 0, 1) != 0;
	PQclear(r);
	char seen[300];
	if (relations > 0 && !ours)
		snprintf(
		    why, why_size,
		    "%s holds tables that are not dxtrack's: restore into a database of its own; "
		    "nothing was changed",
		    label);
	else if (relations > 0 && !force)
		snprintf(why, why_size,
		         "%s exists: add --force to replace it by %s; nothing was changed", label,
		         file);
	else if ((others = restore_others(conn, seen, sizeof seen)) < 0)
		snprintf(why, why_size, "%s; nothing was changed", seen);
	else if (others > 0)
		snprintf(
		    why, why_size,
		    "%s is in use by another program (is `dxtrack serve` running?): stop it, then "
		    "restore again; nothing was changed",
		    label);
	else
		rc = 0;
out:
	PQfinish(conn);
	return rc;
}

/* The schema of the database's tables as one sorted text, a line per object: relations,
 * columns (type, NOT NULL, default), indexes, constraints, triggers and functions, each as
 * PostgreSQL prints its definition. */
static const char restore_schema_sql[] =
    "WITH ns AS (SELECT current_schema()::regnamespace AS oid), lines AS ("
    "SELECT 'relation ' || c.relkind::text || ' ' || c.relname AS line FROM pg_class c, ns "
    "WHERE c.relnamespace = ns.oid "
    "UNION ALL SELECT 'column ' || c.relname || '.' || a.attname || ' ' || "
    "format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' "
    "END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || "
    "CASE WHEN a.attidentity::text <> '' THEN ' identity ' || a.attidentity::text ELSE '' END "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON c.relnamespace = "
    "ns.oid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
    "UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i "
    "JOIN pg_class c ON c.oid = i.indrelid JOIN ns ON c.relnamespace = ns.oid "
    "UNION ALL SELECT 'constraint ' || c.relname || ' ' || k.conname || ' ' || "
    "pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
    "JOIN ns ON c.relnamespace = ns.oid "
    "UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN ns ON c.relnamespace = ns.oid "
    "WHERE NOT t.tgisinternal "
    "UNION ALL SELECT 'function ' || p.proname || '(' || pg_get_function_arguments(p.oid) || "
    "') ' || md5(p.prosrc) FROM pg_proc p, ns WHERE p.pronamespace = ns.oid) "
    "SELECT coalesce(string_agg(line, E'\\n' ORDER BY line COLLATE \"C\"), '') FROM lines";

static char *restore_schema(struct pg_store *q)
{
	PGresult *r = pg_query(q, "reading the schema", restore_schema_sql, NULL);
	char *text = r ? pg_strdup(r, 0, 0) : NULL;
	PQclear(r);
	return text;
}

/* The first line of want (sorted) that have lacks, or NULL. */
static const char *restore_schema_missing(const char *want, const char *have, size_t *len)
{
	for (const char *w = want; *w;) {
		size_t n = strcspn(w, "\n");
		bool found = false;
		for (const char *h = have; *h && !found;) {
			size_t m = strcspn(h, "\n");
			found = m == n && memcmp(h, w, n) == 0;
			h += m + (h[m] == '\n');
		}
		if (!found) {
			*len = n;
			return w;
		}
		w += n + (w[n] == '\n');
	}
	return NULL;
}

/* Replaces everything in the copy's transaction by the archive, then migrates it up and fills
 * found: 0, or -1 with the reason in why. The schema restored and migrated must be the one the
 * database had on opening (store_open brought it to this binary's): a damaged table of
 * contents may lose an index, a constraint or a trigger without pg_restore noticing. */
static int restore_run(struct pg_restore *r, const char *tool, const char *file, char *why,
                       size_t why_size)
{
	struct pg_store *q = pg_of(r->copy);
	char seen[300];
	int64_t others = restore_others(q->conn, seen, sizeof seen);
	if (others < 0) {
		snprintf(why, why_size, "%s; nothing was changed", seen);
		return -1;
	}
	if (others > 0) {
		snprintf(
		    why, why_size,
		    "%s is in use by another program (is `dxtrack serve` running?): stop it, then "
		    "restore again; nothing was changed",
		    r->label);
		return -1;
	}
	char *schema = restore_schema(q);
	if (!schema || pg_exec(q, restore_drop_all) < 0) {
		snprintf(why, why_size, "%s; nothing was changed", store_error(r->copy));
		free(schema);
		return -1;
	}
	char *argv[] = {(char *)tool,       (char *)"--no-owner", (char *)"--no-privileges",
	                (char *)"--file=-", (char *)file,         NULL};
	struct restore_script sc = {.q = q, .start = SIZE_MAX};
	buf_init(&sc.text, 0);
	buf_init(&sc.stmt, 0);
	struct buf err;
	buf_init(&err, 0);
	int code = tool_run(argv, NULL, script_take, &sc, &err, why, why_size);
	int rc = -1;
	char msg[300];
	if (code < 0)
		goto out;
	if (sc.failed) {
		snprintf(why, why_size, "%s; nothing was changed", store_error(r->copy));
		goto out;
	}
	if (code != 0) {
		snprintf(why, why_size, "%s is damaged: pg_restore: %s; nothing was changed", file,
		         tool_message(&err, code, msg, sizeof msg));
		goto out;
	}
	if (sc.mode == SCRIPT_COPY || sc.start != SIZE_MAX) {
		snprintf(why, why_size,
		         "%s is damaged: it ends inside a statement; nothing was changed", file);
		goto out;
	}
	/* back to this connection's own settings; the archive as it was: version, counts */
	int64_t version = 0;
	if (pg_exec(q, "SET LOCAL search_path TO DEFAULT; SET LOCAL check_function_bodies TO "
	               "DEFAULT; SET LOCAL row_security TO DEFAULT") < 0 ||
	    pg_value_int64(q, "reading the schema version",
	                   "SELECT coalesce(max(version), 0) FROM schema_migration", NULL,
	                   &version) < 0 ||
	    backup_count(q, &r->found) < 0) {
		snprintf(why, why_size, "%s; nothing was changed", store_error(r->copy));
		goto out;
	}
	r->found.schema_version = (int)version;
	/* brought up to this binary's schema, in this transaction */
	if (pg_migrate_from(q, (int)version) < 0) {
		snprintf(why, why_size, "cannot bring %s up to date: %s", file,
		         store_error(r->copy));
		goto out;
	}
	/* a damaged table of contents may lose an object without pg_restore noticing */
	if (store_check_tables(r->copy) < 0) {
		snprintf(why, why_size, "%s is damaged: restored, %s; nothing was changed", file,
		         store_error(r->copy));
		goto out;
	}
	char *restored = restore_schema(q);
	const char *lost = NULL, *extra = NULL;
	size_t lost_len = 0, extra_len = 0;
	if (!restored) {
		snprintf(why, why_size, "%s; nothing was changed", store_error(r->copy));
		goto out;
	}
	lost = restore_schema_missing(schema, restored, &lost_len);
	extra = lost ? NULL : restore_schema_missing(restored, schema, &extra_len);
	if (lost || extra)
		snprintf(why, why_size,
		         "%s is damaged: restored, its schema %s %.*s; nothing was changed", file,
		         lost ? "lacks" : "has an unknown", (int)(lost ? lost_len : extra_len),
		         lost ? lost : extra);
	free(restored);
	if (lost || extra)
		goto out;
	rc = 0;
out:
	free(schema);
	buf_finish(&sc.text);
	buf_finish(&sc.stmt);
	buf_finish(&err);
	return rc;
}

struct store_restore *store_pg_restore_begin(const char *url, const char *file, bool force,
                                             struct store **copy, struct store_file_info *found,
                                             char *why, size_t why_size)
{
	*copy = NULL;
	memset(found, 0, sizeof *found);
	/* the file: an archive of dxtrack's, not newer than this binary; only read */
	struct stat sb;
	if (stat(file, &sb) < 0) {
		snprintf(why, why_size, "cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(why, why_size, "%s is not a regular file; nothing was changed", file);
		return NULL;
	}
	if (sb.st_size == 0) {
		snprintf(why, why_size, "%s is empty: not a backup; nothing was changed", file);
		return NULL;
	}
	char head[16] = {0};
	FILE *f = fopen(file, "rb");
	if (f) {
		size_t got = fread(head, 1, sizeof head, f);
		(void)got;
		fclose(f);
	}
	if (memcmp(head, "SQLite format 3", 16) == 0) {
		snprintf(
		    why, why_size,
		    "%s is a SQLite database, not a PostgreSQL backup: copy it in with `dxtrack "
		    "migrate --from sqlite:%s --to URL`; nothing was changed",
		    file, file);
		return NULL;
	}
	char tool[PATH_MAX], check[600];
	int version = 0;
	if (tool_find("pg_restore", 0, tool, sizeof tool, check, sizeof check) < 0 ||
	    archive_check_list(tool, file, file, check, sizeof check) < 0 ||
	    archive_version(tool, file, file, &version, check, sizeof check) < 0) {
		snprintf(why, why_size, "%s; nothing was changed", check);
		return NULL;
	}
	if (version < 1) {
		snprintf(why, why_size,
		         "%s is a PostgreSQL backup but not one of dxtrack's (no schema version); "
		         "nothing was changed",
		         file);
		return NULL;
	}
	if (version > backup_latest_version()) {
		snprintf(why, why_size,
		         "%s has schema version %d, newer than this dxtrack (%d): use a newer "
		         "dxtrack; nothing was changed",
		         file, version, backup_latest_version());
		return NULL;
	}
	/* the target: its checks, then a connection in one transaction holding the write lock */
	struct pg_restore *r = mem_calloc(1, sizeof *r);
	r->base.commit = restore_commit;
	r->base.abort = restore_abort;
	r->label = store_url_display(url);
	if (restore_target(url, r->label, file, force, why, why_size) < 0)
		goto fail;
	char open_why[600];
	r->copy = store_pg_open(url, open_why, sizeof open_why);
	if (!r->copy) {
		snprintf(why, why_size, "cannot open %s: %s; nothing was changed", r->label,
		         open_why);
		goto fail;
	}
	if (store_begin(r->copy) < 0) {
		snprintf(why, why_size, "%s; nothing was changed", store_error(r->copy));
		goto fail;
	}
	if (restore_run(r, tool, file, why, why_size) < 0)
		goto fail;
	r->found.bytes = (int64_t)sb.st_size;
	*found = r->found;
	*copy = r->copy;
	return &r->base;
fail:
	restore_abort(&r->base);
	return NULL;
}
