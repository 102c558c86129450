-- 0001_portfolio.sql — organisation units, tasks, their progress history, and the audit log.
-- CHECKs list values with OR, not IN (…): SQLite builds a temporary table for an IN list on
-- every execution of an INSERT, which cost 7 % of a bulk import. Money is INTEGER đồng. Text is UTF-8 NFC. Dates are TEXT 'YYYY-MM-DD'; timestamps are UTC
-- 'YYYY-MM-DDTHH:MM:SSZ'. A task's current state is its latest task_update row: history is
-- append-only and never rewritten.

CREATE TABLE unit (
	code        TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	name_fold   TEXT NOT NULL,              -- search key: no case, no diacritics, đ → d
	kind        TEXT NOT NULL CHECK (kind = 'nation' OR kind = 'province' OR kind = 'district'
	                                 OR kind = 'commune' OR kind = 'agency'),
	parent_code TEXT REFERENCES unit (code) DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX unit_parent ON unit (parent_code);

CREATE TABLE task (
	id           INTEGER PRIMARY KEY,
	year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	code         TEXT NOT NULL,
	name         TEXT NOT NULL,
	search_fold  TEXT NOT NULL,             -- fold of code and name, for diacritic-free search
	investor     TEXT NOT NULL REFERENCES unit (code),
	category     TEXT NOT NULL DEFAULT '',
	funding      TEXT NOT NULL DEFAULT ''
	             CHECK (funding = '' OR funding = 'public_investment' OR funding = 'recurrent'
	                    OR funding = 'other'),
	budget_vnd   INTEGER NOT NULL CHECK (budget_vnd >= 0),
	carried_from TEXT,
	tags         TEXT NOT NULL DEFAULT '',
	start_date   TEXT,
	end_date     TEXT,
	note         TEXT NOT NULL DEFAULT '',
	UNIQUE (year, code)
) STRICT;

CREATE TABLE task_update (
	task_id       INTEGER NOT NULL REFERENCES task (id),
	seq           INTEGER NOT NULL,         -- 1, 2, … per task: the task's version after it
	on_date       TEXT NOT NULL,            -- the date the figures are as of
	recorded_at   TEXT NOT NULL,
	author        TEXT NOT NULL,
	source        TEXT NOT NULL,            -- import, cli, web, api
	progress_pct  INTEGER NOT NULL CHECK (progress_pct BETWEEN 0 AND 100),
	disbursed_vnd INTEGER NOT NULL CHECK (disbursed_vnd >= 0),
	status        TEXT NOT NULL
	              CHECK (status = 'planned' OR status = 'in_progress' OR status = 'completed'
	                     OR status = 'stopped' OR status = 'deferred'),
	note          TEXT NOT NULL DEFAULT '',
	changes       TEXT,                     -- JSON: plan fields changed with this update
	PRIMARY KEY (task_id, seq)              -- one b-tree: history is read by task, in order
) STRICT, WITHOUT ROWID;

-- The current state of every task: its plan joined to its latest update.
CREATE VIEW task_current AS
SELECT t.id, t.year, t.code, t.name, t.search_fold, t.investor, t.category, t.funding,
       t.budget_vnd, t.carried_from, t.tags, t.start_date, t.end_date, t.note,
       u.progress_pct, u.disbursed_vnd, u.status, u.on_date AS updated_on, u.seq AS version
FROM task t
JOIN task_update u ON u.task_id = t.id
                  AND u.seq = (SELECT max(seq) FROM task_update WHERE task_id = t.id);

CREATE TABLE audit (
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	detail TEXT
) STRICT;

-- Nothing may rewrite history or the audit log.
CREATE TRIGGER task_update_no_update BEFORE UPDATE ON task_update
BEGIN SELECT RAISE(ABORT, 'progress history is append-only'); END;
CREATE TRIGGER task_update_no_delete BEFORE DELETE ON task_update
BEGIN SELECT RAISE(ABORT, 'progress history is append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
