-- 0006_disbursement.sql — disbursement monitoring (issue 5, parts 4 and 5): Finance's
-- allocations (phân cấp) and administrators' colour overrides of tasks.
--
-- Both are histories: a change is a new row, the latest row (highest id) of a key is in force,
-- and triggers refuse every rewrite and delete. The curves, projections and colours themselves
-- are computed from the tasks' dated history (task_history, 0001), never stored.

-- Budget Finance delegates to a unit for a year: the latest row of (year, unit) is in force. The
-- year's tasks of the unit and the units below it must fit within it (app/allocations.c).
CREATE TABLE allocation (
	id          INTEGER PRIMARY KEY,
	year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	unit        TEXT NOT NULL REFERENCES unit (code),
	amount_vnd  INTEGER NOT NULL CHECK (amount_vnd >= 0),
	note        TEXT NOT NULL DEFAULT '',
	on_date     TEXT NOT NULL,              -- the day it was recorded
	recorded_at TEXT NOT NULL,
	author      TEXT NOT NULL
) STRICT;
CREATE INDEX allocation_year_unit ON allocation (year, unit, id);

-- An administrator's colour of a task, replacing the computed one until cleared: the latest row
-- of a task is in force; a row with colour NULL clears it. Setting one needs a comment.
CREATE TABLE task_colour (
	id          INTEGER PRIMARY KEY,
	task_id     INTEGER NOT NULL REFERENCES task (id),
	colour      TEXT CHECK (colour IS NULL OR colour = 'green' OR colour = 'amber'
	                        OR colour = 'red'),
	comment     TEXT NOT NULL DEFAULT '',
	on_date     TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	author      TEXT NOT NULL,
	CHECK (colour IS NULL OR comment <> '')
) STRICT;
CREATE INDEX task_colour_task ON task_colour (task_id, id);

CREATE TRIGGER allocation_no_update BEFORE UPDATE ON allocation
BEGIN SELECT RAISE(ABORT, 'allocations are append-only: record a new one'); END;
CREATE TRIGGER allocation_no_delete BEFORE DELETE ON allocation
BEGIN SELECT RAISE(ABORT, 'allocations are append-only: record a new one'); END;
CREATE TRIGGER task_colour_no_update BEFORE UPDATE ON task_colour
BEGIN SELECT RAISE(ABORT, 'colour overrides are append-only: record a new one'); END;
CREATE TRIGGER task_colour_no_delete BEFORE DELETE ON task_colour
BEGIN SELECT RAISE(ABORT, 'colour overrides are append-only: record a new one'); END;
