-- 0002_accounts.sql — user accounts, sessions, API tokens and failed logins (issue 3).
--
-- Secrets are never stored: a password only as its Argon2id PHC string (libsodium), a session or
-- API token only as the BLAKE2b hash of its secret, in lower-case hex. Timestamps are UTC
-- 'YYYY-MM-DDTHH:MM:SSZ', so text order is time order. CHECKs list values with OR, not IN (see
-- 0001). The tables are named account and api_token rather than user and token, which are
-- keywords in PostgreSQL.

CREATE TABLE account (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,        -- lower-case ASCII (core/user.c user_name_valid)
	role       TEXT NOT NULL
	           CHECK (role = 'admin' OR role = 'viewer' OR role = 'editor' OR role = 'finance'),
	unit       TEXT REFERENCES unit (code), -- required for an editor
	disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled = 0 OR disabled = 1),
	pw_hash    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	CHECK (role <> 'editor' OR unit IS NOT NULL)
) STRICT;

-- A signed-in browser: looked up by the hash of its cookie on every request.
CREATE TABLE session (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES account (id),
	csrf       TEXT NOT NULL,               -- the session's CSRF token (not a login secret)
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX session_user ON session (user_id);
CREATE INDEX session_expires ON session (expires_at);

-- A machine client's bearer token; revoked tokens stay listed.
CREATE TABLE api_token (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES account (id),
	label      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	revoked_at TEXT
) STRICT;
CREATE INDEX api_token_user ON api_token (user_id);

-- One row per failed login, counted by name and by client address within a window.
CREATE TABLE login_failure (
	name   TEXT NOT NULL,
	client TEXT,                            -- the peer's address; NULL when unknown
	at     TEXT NOT NULL
) STRICT;
CREATE INDEX login_failure_name ON login_failure (name, at);
CREATE INDEX login_failure_client ON login_failure (client, at);

-- The audit log is read newest first, often for one person.
CREATE INDEX audit_actor ON audit (actor, id);
