-- fieldvault schema v3: the desktop editor's autosaved work copies.
-- A work copy is the editor's form exactly as typed, valid or not, so that nothing typed
-- is lost to a crash, a power cut or auto-lock. It is not an interview revision: it is
-- never exported, hashed or audited; saving in the editor turns it into one.
CREATE TABLE editor_work (
    slot          TEXT PRIMARY KEY,         -- random id of the editor session
    interview_id  TEXT,                     -- the interview being edited; NULL for a new one
    form          TEXT NOT NULL,            -- the form as JSON (strings as typed)
    saved_at      TEXT NOT NULL
) STRICT;
