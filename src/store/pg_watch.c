/* pg_watch.c — the generation of a PostgreSQL database, known without asking it on every request
 * (store.h: store_watch_*).
 *
 * Every write transaction ends by sending the newest audit id on the channel PG_WATCH_CHANNEL
 * (pg.c, pg_commit); PostgreSQL delivers it to every listener at commit. A watch is one more
 * connection, listening on that channel in a thread of its own: it keeps the largest id it heard
 * of, and every PG_WATCH_BEAT_MS reads max(audit.id) itself. That read is the watch's
 * confirmation: everything committed before it was sent is known. A handle given the watch takes
 * its generation from it while the last confirmation was sent less than STORE_WATCH_FRESH_MS
 * ago, and asks the database otherwise (pg.c), so a lost connection or a stalled server costs
 * round trips, never stale answers beyond that bound. The thread makes the connection again
 * while it is lost, and store_watch_stop ends it through a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../lib/mem.h"
#include "pg_impl.h"

#define PG_WATCH_BEAT_MS 200   /* between confirmations */
#define PG_WATCH_RETRY_MS 500  /* between attempts to connect */
#define PG_WATCH_WAIT_MS 10000 /* for a connection to be made */

struct store_watch {
	char url[512];
	pthread_t thread;
	int wake[2];                  /* a pipe: a byte written to wake[1] ends the thread */
	_Atomic int64_t generation;   /* the newest audit id known; -1 before the first */
	_Atomic int64_t confirmed_ms; /* when the last confirmation was sent; 0: none valid */
};

static int64_t pg_watch_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void pg_watch_advance(struct store_watch *w, int64_t gen)
{
	int64_t seen = atomic_load(&w->generation);
	while (gen > seen && !atomic_compare_exchange_weak(&w->generation, &seen, gen))
		;
}

bool pg_watch_generation(struct store_watch *w, int64_t *gen)
{
	int64_t confirmed = atomic_load(&w->confirmed_ms);
	if (confirmed == 0 || pg_watch_now_ms() - confirmed >= STORE_WATCH_FRESH_MS)
		return false;
	int64_t g = atomic_load(&w->generation);
	if (g < 0)
		return false;
	*gen = g;
	return true;
}

/* Waits until fd is ready for events, the watch is stopped (-1), or timeout_ms pass (0); 1 when
 * ready. */
static int pg_watch_wait(struct store_watch *w, int fd, short events, int64_t timeout_ms)
{
	struct pollfd p[2] = {{.fd = w->wake[0], .events = POLLIN}, {.fd = fd, .events = events}};
	int64_t until = pg_watch_now_ms() + timeout_ms;
	for (;;) {
		int64_t left = until - pg_watch_now_ms();
		int n = poll(p, fd >= 0 ? 2 : 1, left > 0 ? (int)left : 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || p[0].revents)
			return -1;
		if (n > 0 && p[1].revents)
			return 1;
		if (left <= 0)
			return 0;
	}
}

/* The notifications received so far: each names the newest audit id of a commit. */
static void pg_watch_drain(struct store_watch *w, PGconn *c)
{
	PGnotify *n;
	while ((n = PQnotifies(c)) != NULL) {
		char *end;
		long long gen = strtoll(n->extra, &end, 10);
		if (end != n->extra && !*end)
			pg_watch_advance(w, gen);
		PQfreemem(n);
	}
}

/* Sends sql and waits for its one result (up to STORE_WATCH_FRESH_MS): its first cell in *value
 * (when not NULL). 0, or -1 when the connection failed, the server is too slow, or the watch is
 * stopped. */
static int pg_watch_ask(struct store_watch *w, PGconn *c, const char *sql, int64_t *value)
{
	int rc = -1;
	int64_t until = pg_watch_now_ms() + STORE_WATCH_FRESH_MS;
	if (!PQsendQuery(c, sql))
		return -1;
	int unsent;
	while ((unsent = PQflush(c)) == 1)
		if (pg_watch_wait(w, PQsocket(c), POLLOUT, until - pg_watch_now_ms()) <= 0)
			return -1;
	if (unsent < 0)
		return -1;
	for (;;) {
		while (PQisBusy(c)) { /* (PQgetResult would block) */
			int64_t left = until - pg_watch_now_ms();
			if (left <= 0 || pg_watch_wait(w, PQsocket(c), POLLIN, left) <= 0 ||
			    !PQconsumeInput(c))
				return -1;
		}
		PGresult *r = PQgetResult(c);
		if (!r)
			break;
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			rc = 0;
			if (value && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
				*value = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		}
		PQclear(r);
	}
	pg_watch_drain(w, c);
	return rc;
}

/* Confirms the generation: what the database says, as of when it was asked. */
static int pg_watch_confirm(struct store_watch *w, PGconn *c)
{
	int64_t asked = pg_watch_now_ms(), gen = -1;
	if (pg_watch_ask(w, c, "SELECT coalesce(max(id), 0) FROM audit", &gen) < 0 || gen < 0)
		return -1;
	pg_watch_advance(w, gen);
	atomic_store(&w->confirmed_ms, asked);
	return 0;
}

/* Makes the connection without blocking the stop: NULL when it failed or the watch stopped. */
static PGconn *pg_watch_connect(struct store_watch *w)
{
	const char *keys[] = {"dbname", "application_name", NULL};
	const char *values[] = {w->url, "dxtrack watch", NULL};
	PGconn *c = PQconnectStartParams(keys, values, 1);
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	int64_t until = pg_watch_now_ms() + PG_WATCH_WAIT_MS;
	while (c && PQstatus(c) != CONNECTION_BAD && st != PGRES_POLLING_OK &&
	       st != PGRES_POLLING_FAILED) {
		int64_t left = until - pg_watch_now_ms();
		short events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT;
		if (left <= 0 || pg_watch_wait(w, PQsocket(c), events, left) <= 0)
			break;
		st = PQconnectPoll(c);
	}
	if (c && st == PGRES_POLLING_OK && PQstatus(c) == CONNECTION_OK &&
	    PQsetnonblocking(c, 1) == 0)
		return c;
	PQfinish(c);
	return NULL;
}

/* Listens on one connection until it fails or the watch stops. */
static void pg_watch_listen(struct store_watch *w, PGconn *c)
{
	if (pg_watch_ask(w, c, "LISTEN " PG_WATCH_CHANNEL, NULL) < 0 || pg_watch_confirm(w, c) < 0)
		return;
	int64_t next = pg_watch_now_ms() + PG_WATCH_BEAT_MS;
	for (;;) {
		int ready = pg_watch_wait(w, PQsocket(c), POLLIN, next - pg_watch_now_ms());
		if (ready < 0)
			return;
		if (ready > 0) {
			if (!PQconsumeInput(c) || PQstatus(c) == CONNECTION_BAD)
				return;
			pg_watch_drain(w, c);
		}
		if (pg_watch_now_ms() >= next) {
			if (pg_watch_confirm(w, c) < 0)
				return;
			next = pg_watch_now_ms() + PG_WATCH_BEAT_MS;
		}
	}
}

static void *pg_watch_run(void *arg)
{
	struct store_watch *w = arg;
	do {
		PGconn *c = pg_watch_connect(w);
		if (c)
			pg_watch_listen(w, c);
		atomic_store(&w->confirmed_ms, 0); /* until confirmed on a new connection */
		PQfinish(c);
	} while (pg_watch_wait(w, -1, 0, PG_WATCH_RETRY_MS) == 0);
	return NULL;
}

struct store_watch *store_pg_watch_start(const char *url, char *why, size_t why_size)
{
	struct store_watch *w = mem_calloc(1, sizeof *w);
	snprintf(w->url, sizeof w->url, "%s", url);
	atomic_init(&w->generation, -1);
	atomic_init(&w->confirmed_ms, 0);
	if (pipe2(w->wake, O_CLOEXEC) < 0) {
		snprintf(why, why_size, "watching the database: %s", strerror(errno));
		free(w);
		return NULL;
	}
	int err = pthread_create(&w->thread, NULL, pg_watch_run, w);
	if (err) {
		snprintf(why, why_size, "watching the database: %s", strerror(err));
		close(w->wake[0]);
		close(w->wake[1]);
		free(w);
		return NULL;
	}
	return w;
}

void store_pg_watch_stop(struct store_watch *w)
{
	if (!w)
		return;
	while (write(w->wake[1], "x", 1) < 0 && errno == EINTR)
		;
	pthread_join(w->thread, NULL);
	close(w->wake[0]);
	close(w->wake[1]);
	free(w);
}
