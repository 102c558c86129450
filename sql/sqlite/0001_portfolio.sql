-- 0001_portfolio.sql — organisation units, tasks, their progress history, and the audit log.
--
-- Money is INTEGER đồng. Text is UTF-8 NFC. Dates are TEXT 'YYYY-MM-DD'; timestamps are UTC
-- 'YYYY-MM-DDTHH:MM:SSZ'.
--
-- History: every change of a task's progress, disbursement or status is a dated record, and a
-- task's current state is its latest record. Record 1 (the state the task was registered with)
-- is stored in the task row itself (columns marked "version 1"), records 2, 3, … in task_update:
-- registering a task is then one insert, which halves the cost of a bulk import. The views
-- task_history and task_current put them back together; triggers keep every record immutable.
--
-- CHECKs list values with OR, not IN (…): SQLite builds a temporary table for an IN list on
-- every execution of an INSERT, which cost 7 % of a bulk import.

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
	id            INTEGER PRIMARY KEY,
	year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	code          TEXT NOT NULL,
	name          TEXT NOT NULL,
	search_fold   TEXT NOT NULL,            -- fold of code and name, for diacritic-free search
	investor      TEXT NOT NULL REFERENCES unit (code),
	category      TEXT NOT NULL DEFAULT '',
	funding       TEXT NOT NULL DEFAULT ''
	              CHECK (funding = '' OR funding = 'public_investment' OR funding = 'recurrent'
	                     OR funding = 'other'),
	budget_vnd    INTEGER NOT NULL CHECK (budget_vnd >= 0),
	carried_from  TEXT,
	tags          TEXT NOT NULL DEFAULT '',
	start_date    TEXT,
	end_date      TEXT,
	note          TEXT NOT NULL DEFAULT '',
	-- version 1 of the history (immutable)
	on_date       TEXT NOT NULL,
	recorded_at   TEXT NOT NULL,
	author        TEXT NOT NULL,
	source        TEXT NOT NULL,
	progress_pct  INTEGER NOT NULL CHECK (progress_pct BETWEEN 0 AND 100),
	disbursed_vnd INTEGER NOT NULL CHECK (disbursed_vnd >= 0),
	status        TEXT NOT NULL
	              CHECK (status = 'planned' OR status = 'in_progress' OR status = 'completed'
	                     OR status = 'stopped' OR status = 'deferred'),
	first_note    TEXT NOT NULL DEFAULT '',
	UNIQUE (year, code)
) STRICT;

CREATE TABLE task_update (
	task_id       INTEGER NOT NULL REFERENCES task (id),
	seq           INTEGER NOT NULL CHECK (seq >= 2), -- the task's version after this update
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

-- Every record of every task's history, version 1 first.
CREATE VIEW task_history AS
SELECT id AS task_id, 1 AS seq, on_date, recorded_at, author, source, progress_pct,
       disbursed_vnd, status, first_note AS note, NULL AS changes
FROM task
UNION ALL
SELECT task_id, seq, on_date, recorded_at, author, source, progress_pct, disbursed_vnd, status,
       note, changes
FROM task_update;

-- The current state of every task: its plan and its latest record.
CREATE VIEW task_current AS
SELECT t.id, t.year, t.code, t.name, t.search_fold, t.investor, t.category, t.funding,
       t.budget_vnd, t.carried_from, t.tags, t.start_date, t.end_date, t.note,
       coalesce(u.progress_pct, t.progress_pct) AS progress_pct,
       coalesce(u.disbursed_vnd, t.disbursed_vnd) AS disbursed_vnd,
       coalesce(u.status, t.status) AS status,
       coalesce(u.on_date, t.on_date) AS updated_on,
       coalesce(u.seq, 1) AS version
FROM task t
LEFT JOIN task_update u ON u.task_id = t.id
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
CREATE TRIGGER task_first_record_immutable
BEFORE UPDATE OF on_date, recorded_at, author, source, progress_pct, disbursed_vnd, status,
                 first_note ON task
BEGIN SELECT RAISE(ABORT, 'progress history is append-only'); END;
CREATE TRIGGER task_no_delete BEFORE DELETE ON task
BEGIN SELECT RAISE(ABORT, 'tasks are never deleted: their history must stay'); END;
CREATE TRIGGER task_update_no_update BEFORE UPDATE ON task_update
BEGIN SELECT RAISE(ABORT, 'progress history is append-only'); END;
CREATE TRIGGER task_update_no_delete BEFORE DELETE ON task_update
BEGIN SELECT RAISE(ABORT, 'progress history is append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
