-- fieldvault schema v8: consent changes. An interviewee may later narrow or withdraw the
-- consent recorded in the interview; the change is kept here, never by editing a sealed
-- revision. On a field laptop a change travels to headquarters in the next bundle's signed
-- manifest (`bundle_id`: the bundle it left in; `delivered`: a receipt for that bundle came
-- back). At headquarters `origin` names the device that sent it, or is NULL for a change
-- recorded there. No reference to `interviews`: a change may arrive before the revision it
-- narrows, and it outlives the wiping of the interview on the laptop.

CREATE TABLE consent_changes (
    id             TEXT PRIMARY KEY,                 -- random UUID
    interview_id   TEXT NOT NULL,
    code           TEXT NOT NULL,
    revision_hash  TEXT,                             -- the newest sealed revision when it was recorded
    at             TEXT NOT NULL,
    quote          TEXT CHECK (quote IS NULL OR quote IN ('no', 'anonymised', 'named')),
    share_with     TEXT,                             -- space-separated; NULL: unchanged
    withdrawn      INTEGER NOT NULL CHECK (withdrawn IN (0, 1)),
    note           TEXT,
    origin         TEXT,                             -- headquarters: the sending device
    bundle_id      TEXT,                             -- field: the bundle it left in
    delivered      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX consent_changes_by_interview ON consent_changes(interview_id, at);
