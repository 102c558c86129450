-- 0004_indicators.sql — indicators (issue 4, parts 2–5): definitions, targets, values.
--
-- Values are many (10 million: 3,300 communes × 50 indicators × 60 months) and are read by
-- roll-ups that take one indicator and one year at a time, so they are keyed for that scan:
-- integer ids for the indicator and the unit, an integer period code (core/period.h: year Y is
-- Y·100, quarter q Y·100+10+q, month m Y·100+20+m, so a year and everything in it is the range
-- Y·100 … Y·100+99), and a WITHOUT ROWID primary key (indicator_id, period, unit_id): a roll-up
-- reads one contiguous range of one b-tree, and an import sorted in key order appends to it.
-- Who recorded a value, when and from which file is kept once per import (indicator_import),
-- not repeated in ten million rows. Values are REAL: measurements, not money.

CREATE TABLE indicator (
	id             INTEGER PRIMARY KEY,
	code           TEXT NOT NULL UNIQUE,
	name           TEXT NOT NULL,
	measure        TEXT NOT NULL DEFAULT '',  -- the unit of measurement: 'máy/100 dân', '%'
	aggregation    TEXT NOT NULL
	               CHECK (aggregation = 'sum' OR aggregation = 'ratio' OR aggregation = 'share'
	                      OR aggregation = 'mean' OR aggregation = 'min' OR aggregation = 'max'
	                      OR aggregation = 'last'),
	numerator      TEXT,                      -- ratio only: codes of two other indicators
	denominator    TEXT,
	multiplier     REAL NOT NULL DEFAULT 1 CHECK (multiplier > 0),
	direction      TEXT NOT NULL CHECK (direction = 'up' OR direction = 'down'),
	decimals       INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 6),
	reported_kinds INTEGER NOT NULL DEFAULT 0, -- bits 1 << kind (core/unit.h) of the units
	                                           -- that have sent values: who is expected
	CHECK ((aggregation = 'ratio') = (numerator IS NOT NULL AND denominator IS NOT NULL))
) STRICT;

-- The integer key of a unit in indicator data (assigned on first use). Not unit's rowid, which
-- VACUUM may renumber in a table whose key is TEXT.
CREATE TABLE unit_key (
	id   INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE REFERENCES unit (code)
) STRICT;

-- One row per import of values or targets: who, when, which file.
CREATE TABLE indicator_import (
	id          INTEGER PRIMARY KEY,
	recorded_at TEXT NOT NULL,
	author      TEXT NOT NULL,
	file        TEXT NOT NULL
) STRICT;

-- A re-import replaces a value (the import's audit row counts how many).
CREATE TABLE indicator_value (
	indicator_id INTEGER NOT NULL,  -- indicator (id)
	period       INTEGER NOT NULL,  -- period code
	unit_id      INTEGER NOT NULL,  -- unit_key (id)
	value        REAL NOT NULL,
	source       TEXT NOT NULL DEFAULT '',  -- where the figure comes from, as the file says
	import_id    INTEGER NOT NULL,  -- indicator_import (id): recorded_at, author, file
	PRIMARY KEY (indicator_id, period, unit_id)
) STRICT, WITHOUT ROWID;

-- A target applies to its unit and everything below it, for its period and every period
-- inside it, unless a nearer unit or a narrower period sets its own (core/rollup.h).
CREATE TABLE indicator_target (
	indicator_id INTEGER NOT NULL REFERENCES indicator (id),
	unit_id      INTEGER NOT NULL REFERENCES unit_key (id),
	period       INTEGER NOT NULL,
	target       REAL NOT NULL,
	import_id    INTEGER NOT NULL REFERENCES indicator_import (id),
	PRIMARY KEY (indicator_id, unit_id, period)
) STRICT, WITHOUT ROWID;
