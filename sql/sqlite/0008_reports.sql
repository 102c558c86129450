-- 0008_reports.sql — the settings the official documents use, and the committee's report as a
-- versioned object under review: draft → comments → revised → submitted.
--
-- A setting (one of APP_SETTING_KEYS in src/app/app.h) is a named text an administrator sets;
-- writing one replaces it and removing one deletes its row. Its history is the audit log
-- (setting.set, with the old and new values).
--
-- A report (one per year) is a list of versions. Each version is frozen when made: its snapshot
-- (the JSON {"doc","appendix","figures"} exactly as the application serialised it) and the
-- SHA-256 of those bytes never change (triggers), so any version regenerates byte for byte
-- whatever the data does later. The only change a version ever sees is its status moving to
-- 'submitted' (with submitted_at), once; after that the report takes no new version and no
-- comment. Comments are made on a version, per section of its document, and answered once
-- (answer, answer_text, answered_by, answered_at, written together); they are never deleted.
-- Times are UTC "YYYY-MM-DDTHH:MM:SSZ".

CREATE TABLE setting (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	author     TEXT NOT NULL
) STRICT;

CREATE TABLE report (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
	created_at TEXT NOT NULL,
	author     TEXT NOT NULL
) STRICT;

CREATE TABLE report_version (
	report_id    INTEGER NOT NULL REFERENCES report (id),
	version      INTEGER NOT NULL CHECK (version >= 1),
	status       TEXT NOT NULL
	             CHECK (status = 'draft' OR status = 'revised' OR status = 'submitted'),
	snapshot     TEXT NOT NULL,                 -- the JSON bytes, exactly as given
	sha256       TEXT NOT NULL CHECK (length(sha256) = 64),  -- of snapshot, lower-case hex
	created_at   TEXT NOT NULL,
	author       TEXT NOT NULL,
	submitted_at TEXT,                          -- NULL until submitted
	PRIMARY KEY (report_id, version),
	CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
) STRICT;

CREATE TABLE report_comment (
	id          INTEGER PRIMARY KEY,
	report_id   INTEGER NOT NULL,
	version     INTEGER NOT NULL,
	section     TEXT NOT NULL,                  -- doc_block.section, "0" or "appendix"
	text        TEXT NOT NULL,
	author      TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	answer      TEXT NOT NULL DEFAULT 'open'
	            CHECK (answer = 'open' OR answer = 'accepted' OR answer = 'explained'
	                   OR answer = 'rejected'),
	answer_text TEXT,
	answered_by TEXT,
	answered_at TEXT,
	FOREIGN KEY (report_id, version) REFERENCES report_version (report_id, version),
	CHECK ((answer = 'open') = (answer_text IS NULL)
	       AND (answer = 'open') = (answered_by IS NULL)
	       AND (answer = 'open') = (answered_at IS NULL))
) STRICT;
CREATE INDEX report_comment_version ON report_comment (report_id, version, id);

-- A report is never rewritten or deleted.
CREATE TRIGGER report_no_update BEFORE UPDATE ON report
BEGIN SELECT RAISE(ABORT, 'a report is never rewritten'); END;
CREATE TRIGGER report_no_delete BEFORE DELETE ON report
BEGIN SELECT RAISE(ABORT, 'a report is never deleted'); END;

-- A version is frozen: only its status may move to submitted (with submitted_at), once.
CREATE TRIGGER report_version_no_delete BEFORE DELETE ON report_version
BEGIN SELECT RAISE(ABORT, 'a report version is never deleted'); END;
CREATE TRIGGER report_version_frozen BEFORE UPDATE ON report_version
WHEN NEW.report_id IS NOT OLD.report_id OR NEW.version IS NOT OLD.version
     OR NEW.snapshot IS NOT OLD.snapshot OR NEW.sha256 IS NOT OLD.sha256
     OR NEW.created_at IS NOT OLD.created_at OR NEW.author IS NOT OLD.author
BEGIN SELECT RAISE(ABORT, 'a report version is frozen: its snapshot and hash never change'); END;
CREATE TRIGGER report_version_submit_once BEFORE UPDATE ON report_version
WHEN OLD.status = 'submitted' OR NEW.status IS NOT 'submitted' OR NEW.submitted_at IS NULL
BEGIN SELECT RAISE(ABORT, 'a report version may only be submitted, once'); END;
-- Nothing follows a submitted version.
CREATE TRIGGER report_version_after_submit BEFORE INSERT ON report_version
WHEN EXISTS (SELECT 1 FROM report_version WHERE report_id = NEW.report_id
             AND status = 'submitted')
BEGIN SELECT RAISE(ABORT, 'the report is submitted: it takes no new version'); END;

-- Comments are never deleted; a comment's only change is its answer, written once; a submitted
-- version takes no comment.
CREATE TRIGGER report_comment_no_delete BEFORE DELETE ON report_comment
BEGIN SELECT RAISE(ABORT, 'a comment is never deleted'); END;
CREATE TRIGGER report_comment_answer_once BEFORE UPDATE ON report_comment
WHEN OLD.answer IS NOT 'open' OR NEW.answer IS 'open'
     OR NEW.id IS NOT OLD.id OR NEW.report_id IS NOT OLD.report_id
     OR NEW.version IS NOT OLD.version OR NEW.section IS NOT OLD.section
     OR NEW.text IS NOT OLD.text OR NEW.author IS NOT OLD.author
     OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'a comment is answered once and never rewritten'); END;
CREATE TRIGGER report_comment_not_submitted BEFORE INSERT ON report_comment
WHEN EXISTS (SELECT 1 FROM report_version WHERE report_id = NEW.report_id
             AND version = NEW.version AND status = 'submitted')
BEGIN SELECT RAISE(ABORT, 'the version is submitted: it takes no comment'); END;
