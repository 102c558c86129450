-- 0003_units_over_time.sql — units over time (issue 4, part 1): validity, dated parents,
-- successors. Vietnam's 2025 restructuring (63 provinces → 34, districts abolished) must not
-- rewrite the tree that 2023 data was entered under, so the tree is kept for every date.
--
-- Dates are TEXT 'YYYY-MM-DD'; NULL is open. A span [valid_from, valid_to) holds the days from
-- valid_from up to the day before valid_to: on valid_to the unit (or link) no longer exists.
--
-- unit.valid_from / valid_to: when the unit exists (NULL, NULL: always, as every unit imported
-- before this migration).
-- unit_link: the unit's parent over time, one row per span. unit.parent_code stays, and keeps
-- meaning "the parent today": it is the parent of the unit's latest link (the one in force now,
-- or for a unit that ended, the one of its last day), so the code that walks the current tree
-- (task filters by unit, summary --unit, editor rights) works unchanged. The store refreshes it
-- with every link it writes. (The name unit_parent is taken by the index of 0001.)
-- unit_successor: which unit took over from one that ended, on which day, by which event.
--
-- History is added to, never rewritten: no row is deleted; a link's span is only closed (its
-- open valid_to set once); an undated link still open (imported, never moved) may have its
-- parent corrected by a re-import; a unit's valid_to is set once.

-- A day is checked as date(julianday(d)) IS d: a real calendar day written YYYY-MM-DD (date()
-- alone lets 2026-02-30 through).
ALTER TABLE unit ADD COLUMN valid_from TEXT
	CHECK (valid_from IS NULL
	       OR (length(valid_from) = 10 AND date(julianday(valid_from)) IS valid_from));
ALTER TABLE unit ADD COLUMN valid_to TEXT
	CHECK (valid_to IS NULL OR (length(valid_to) = 10 AND date(julianday(valid_to)) IS valid_to));

CREATE TABLE unit_link (
	code        TEXT NOT NULL REFERENCES unit (code),
	parent_code TEXT NOT NULL REFERENCES unit (code),
	valid_from  TEXT CHECK (valid_from IS NULL OR (length(valid_from) = 10
	                        AND date(julianday(valid_from)) IS valid_from)),
	valid_to    TEXT CHECK (valid_to IS NULL OR (length(valid_to) = 10
	                        AND date(julianday(valid_to)) IS valid_to)),
	-- valid_from = valid_to: a link undone on its first day by a later event of that day
	CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
) STRICT;
CREATE INDEX unit_link_code ON unit_link (code, valid_from);
CREATE INDEX unit_link_parent ON unit_link (parent_code, valid_from);

-- Every unit imported so far hangs under its parent always.
INSERT INTO unit_link (code, parent_code)
SELECT code, parent_code FROM unit WHERE parent_code IS NOT NULL;

CREATE TABLE unit_successor (
	code           TEXT NOT NULL REFERENCES unit (code),
	successor_code TEXT NOT NULL REFERENCES unit (code),
	on_date        TEXT NOT NULL
	               CHECK (length(on_date) = 10 AND date(julianday(on_date)) IS on_date),
	event          TEXT NOT NULL CHECK (event = 'merge' OR event = 'dissolve' OR event = 'split'
	                                    OR event = 'move')
) STRICT;
CREATE INDEX unit_successor_code ON unit_successor (code, on_date);
CREATE INDEX unit_successor_successor ON unit_successor (successor_code, on_date);

CREATE TRIGGER unit_no_delete BEFORE DELETE ON unit
BEGIN SELECT RAISE(ABORT, 'units are never deleted: their history must stay'); END;
CREATE TRIGGER unit_validity_once BEFORE UPDATE OF valid_from, valid_to ON unit
WHEN NEW.valid_from IS NOT OLD.valid_from
     OR (OLD.valid_to IS NOT NULL AND NEW.valid_to IS NOT OLD.valid_to)
BEGIN SELECT RAISE(ABORT, 'the validity of a unit is never rewritten'); END;
CREATE TRIGGER unit_link_no_delete BEFORE DELETE ON unit_link
BEGIN SELECT RAISE(ABORT, 'the history of the unit tree is never deleted'); END;
-- allowed: closing an open link (valid_to set, nothing else), or correcting the parent of an
-- undated link that is still open
CREATE TRIGGER unit_link_history BEFORE UPDATE ON unit_link
WHEN NOT (NEW.code = OLD.code AND NEW.valid_from IS OLD.valid_from AND OLD.valid_to IS NULL
          AND (NEW.parent_code = OLD.parent_code
               OR (OLD.valid_from IS NULL AND NEW.valid_to IS NULL)))
BEGIN SELECT RAISE(ABORT, 'the history of the unit tree is never rewritten'); END;
CREATE TRIGGER unit_successor_no_update BEFORE UPDATE ON unit_successor
BEGIN SELECT RAISE(ABORT, 'successions are never rewritten'); END;
CREATE TRIGGER unit_successor_no_delete BEFORE DELETE ON unit_successor
BEGIN SELECT RAISE(ABORT, 'successions are never deleted'); END;
