-- 0005_plan.sql — next year's catalogue (issue 5): proposals, and each year's adopted decision.
--
-- A proposal is a task's plan (the columns of `task`, without progress history) and the
-- committee's merit score, for the year it is proposed for. Proposals are the planning material:
-- a re-import or a carry-over replaces a proposal's fields (same year and code).
--
-- An adoption is the committee's decision for one year, kept as it was taken: who, when, the
-- ceiling, the locks and excludes, and every proposal considered with its tier, score, budget,
-- whether it was selected and why. `dxtrack plan show` reads it back, whatever happens to the
-- proposals and tasks afterwards; triggers keep it immutable, and a year is adopted once.

CREATE TABLE proposal (
	id           INTEGER PRIMARY KEY,
	year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	code         TEXT NOT NULL,
	name         TEXT NOT NULL,
	search_fold  TEXT NOT NULL,             -- fold of code and name, as task.search_fold
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
	score        INTEGER NOT NULL DEFAULT 1 CHECK (score BETWEEN 0 AND 1000),
	created_at   TEXT NOT NULL,             -- UTC, when it was first written
	updated_at   TEXT NOT NULL,             -- UTC, when it was last changed
	UNIQUE (year, code)
) STRICT;

CREATE TABLE plan_adoption (
	year         INTEGER PRIMARY KEY,       -- one adoption per year
	adopted_at   TEXT NOT NULL,             -- UTC
	adopted_by   TEXT NOT NULL,
	budget_vnd   INTEGER NOT NULL CHECK (budget_vnd >= 0),  -- the ceiling
	selected_vnd INTEGER NOT NULL CHECK (selected_vnd >= 0),
	locks        TEXT NOT NULL DEFAULT '',  -- codes joined by ';'
	excludes     TEXT NOT NULL DEFAULT ''
) STRICT;

-- Every proposal the decision considered, in the order it was shown (selected first).
CREATE TABLE plan_adoption_item (
	year         INTEGER NOT NULL REFERENCES plan_adoption (year),
	position     INTEGER NOT NULL,
	code         TEXT NOT NULL,
	name         TEXT NOT NULL,
	investor     TEXT NOT NULL,
	tier         INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
	score        INTEGER NOT NULL,
	budget_vnd   INTEGER NOT NULL,
	selected     INTEGER NOT NULL CHECK (selected = 0 OR selected = 1),
	reason       TEXT NOT NULL,
	PRIMARY KEY (year, position)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER plan_adoption_no_update BEFORE UPDATE ON plan_adoption
BEGIN SELECT RAISE(ABORT, 'an adopted catalogue is never changed'); END;
CREATE TRIGGER plan_adoption_no_delete BEFORE DELETE ON plan_adoption
BEGIN SELECT RAISE(ABORT, 'an adopted catalogue is never changed'); END;
CREATE TRIGGER plan_adoption_item_no_update BEFORE UPDATE ON plan_adoption_item
BEGIN SELECT RAISE(ABORT, 'an adopted catalogue is never changed'); END;
CREATE TRIGGER plan_adoption_item_no_delete BEFORE DELETE ON plan_adoption_item
BEGIN SELECT RAISE(ABORT, 'an adopted catalogue is never changed'); END;
