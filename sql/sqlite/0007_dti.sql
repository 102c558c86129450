-- 0007_dti.sql — the digital-transformation index (DTI) self-assessment: the ministry's
-- frameworks, which framework each year is assessed under, each item's self-assessed entry with
-- its history, the evidence that backs it (with its files, kept once per SHA-256), and the
-- values the ministry published.
--
-- A framework (dti_framework) is replaced whole by a re-import: its items (dti_item) are deleted
-- and inserted again in file order (seq). Entries, evidence and published values are keyed by
-- year and item code, not by item row, so they survive a re-import; store_dti_codes_in_use tells
-- the importer which codes must stay.
--
-- An entry (dti_entry) is the item's current state; every write also appends the same state to
-- dti_entry_history (version 1, 2, …), which triggers keep append-only. Evidence is never
-- rewritten or deleted: it may only be withdrawn, once (withdrawn_at, withdrawn_by), and stays on
-- record. A file's bytes are stored once however many items of evidence carry them (dti_file,
-- keyed by the SHA-256 the application computes) and are never changed either.
--
-- Nullable numbers mean "not given": dti_item.points, target and weight (has_points, has_target,
-- has_weight), dti_item.kind (has_kind), dti_entry.value (has_value). Days are 'YYYY-MM-DD'.

CREATE TABLE dti_framework (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,           -- "DTI-2024"
	imported_at TEXT NOT NULL,                  -- UTC, the latest import
	author      TEXT NOT NULL
) STRICT;

-- One row of a framework file, in file order (seq). A main index has no parent_code.
CREATE TABLE dti_item (
	framework_id      INTEGER NOT NULL REFERENCES dti_framework (id),
	seq               INTEGER NOT NULL,         -- 1, 2, … in file order
	code              TEXT NOT NULL,
	parent_code       TEXT,
	name              TEXT NOT NULL,
	points            REAL,
	kind              TEXT,                     -- dti_kind_name: 'percent', 'count', …
	target            REAL,
	rule              TEXT NOT NULL DEFAULT '', -- dti_rule_format; '' for a main index's none
	evidence_required INTEGER NOT NULL CHECK (evidence_required = 0 OR evidence_required = 1),
	weight            REAL,
	official          INTEGER NOT NULL CHECK (official = 0 OR official = 1),
	source            TEXT,
	PRIMARY KEY (framework_id, code),
	UNIQUE (framework_id, seq)
) STRICT;

-- The framework a year is assessed under, and the unit assessed (NULL: not named).
CREATE TABLE dti_year (
	year         INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	framework_id INTEGER NOT NULL REFERENCES dti_framework (id),
	province     TEXT,
	bound_at     TEXT NOT NULL,                 -- UTC
	author       TEXT NOT NULL
) STRICT;

-- The current self-assessment of an item for a year: the latest row of its history.
CREATE TABLE dti_entry (
	year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	code       TEXT NOT NULL,
	value      REAL,                            -- NULL: no value yet
	unit       TEXT,                            -- the responsible unit's code
	due        TEXT,                            -- 'YYYY-MM-DD'
	status     TEXT NOT NULL
	           CHECK (status IN ('missing', 'draft', 'submitted', 'verified')),
	indicator  TEXT,                            -- a linked indicator's code
	note       TEXT,
	version    INTEGER NOT NULL CHECK (version >= 1),
	updated_at TEXT NOT NULL,                   -- UTC
	author     TEXT NOT NULL,
	PRIMARY KEY (year, code)
) STRICT;

-- Every state an entry was written in, oldest first: version 1, 2, …
CREATE TABLE dti_entry_history (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL,
	code       TEXT NOT NULL,
	value      REAL,
	unit       TEXT,
	due        TEXT,
	status     TEXT NOT NULL
	           CHECK (status IN ('missing', 'draft', 'submitted', 'verified')),
	indicator  TEXT,
	note       TEXT,
	version    INTEGER NOT NULL CHECK (version >= 1),
	updated_at TEXT NOT NULL,
	author     TEXT NOT NULL,
	UNIQUE (year, code, version)
) STRICT;

-- The bytes of evidence files, once per content.
CREATE TABLE dti_file (
	sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),  -- lower-case hex
	media_type TEXT NOT NULL,                   -- of the first upload
	size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
	content    BLOB NOT NULL,
	CHECK (length(content) = size_bytes)
) STRICT;

-- An item of evidence (tài liệu kiểm chứng): a document reference and optionally its file.
CREATE TABLE dti_evidence (
	id           INTEGER PRIMARY KEY,
	year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	code         TEXT NOT NULL,                 -- the item it backs
	number       TEXT NOT NULL DEFAULT '',      -- số hiệu: "811/KH-UBND"
	title        TEXT NOT NULL,
	doc_date     TEXT NOT NULL,                 -- 'YYYY-MM-DD'
	summary      TEXT NOT NULL DEFAULT '',
	file_sha256  TEXT REFERENCES dti_file (sha256),
	file_name    TEXT,                          -- as uploaded
	media_type   TEXT,
	size_bytes   INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
	recorded_at  TEXT NOT NULL,                 -- UTC
	author       TEXT NOT NULL,
	withdrawn_at TEXT,                          -- UTC; NULL while it counts
	withdrawn_by TEXT,
	CHECK ((file_sha256 IS NULL) = (file_name IS NULL)
	       AND (file_sha256 IS NULL) = (media_type IS NULL)
	       AND (file_sha256 IS NULL) = (size_bytes IS NULL)),
	CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
) STRICT;
CREATE INDEX dti_evidence_year_code ON dti_evidence (year, code, id);

-- The ministry's published value (0..1) of an item, or of the whole index (code 'DTI').
CREATE TABLE dti_published (
	year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	code        TEXT NOT NULL,
	value       REAL NOT NULL CHECK (value >= 0 AND value <= 1),
	source      TEXT NOT NULL DEFAULT '',       -- where it was published
	recorded_at TEXT NOT NULL,                  -- UTC
	author      TEXT NOT NULL,
	PRIMARY KEY (year, code)
) STRICT;

CREATE TRIGGER dti_entry_history_no_update BEFORE UPDATE ON dti_entry_history
BEGIN SELECT RAISE(ABORT, 'the history of a DTI entry is append-only'); END;
CREATE TRIGGER dti_entry_history_no_delete BEFORE DELETE ON dti_entry_history
BEGIN SELECT RAISE(ABORT, 'the history of a DTI entry is append-only'); END;

CREATE TRIGGER dti_file_no_update BEFORE UPDATE ON dti_file
BEGIN SELECT RAISE(ABORT, 'evidence files are never changed'); END;
CREATE TRIGGER dti_file_no_delete BEFORE DELETE ON dti_file
BEGIN SELECT RAISE(ABORT, 'evidence files are never changed'); END;

-- Evidence is withdrawn, never deleted; the only change is setting withdrawn_at and withdrawn_by,
-- once.
CREATE TRIGGER dti_evidence_no_delete BEFORE DELETE ON dti_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted: withdraw it'); END;
CREATE TRIGGER dti_evidence_withdraw_once BEFORE UPDATE ON dti_evidence
WHEN OLD.withdrawn_at IS NOT NULL OR OLD.withdrawn_by IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'this evidence is already withdrawn'); END;
CREATE TRIGGER dti_evidence_no_update BEFORE UPDATE ON dti_evidence
WHEN NEW.id IS NOT OLD.id OR NEW.year IS NOT OLD.year OR NEW.code IS NOT OLD.code
     OR NEW.number IS NOT OLD.number OR NEW.title IS NOT OLD.title
     OR NEW.doc_date IS NOT OLD.doc_date OR NEW.summary IS NOT OLD.summary
     OR NEW.file_sha256 IS NOT OLD.file_sha256 OR NEW.file_name IS NOT OLD.file_name
     OR NEW.media_type IS NOT OLD.media_type OR NEW.size_bytes IS NOT OLD.size_bytes
     OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.author IS NOT OLD.author
     OR NEW.withdrawn_at IS NULL OR NEW.withdrawn_by IS NULL
BEGIN SELECT RAISE(ABORT, 'evidence is never rewritten: withdraw it and record a new one'); END;
