-- fieldvault schema v7: headquarters' analysis and review (#18).
--
-- The facts tables hold the coded fields of the newest revision of each interview, one row
-- per interview and one per incident, so that statistics, filters and analysis exports
-- read small typed rows instead of parsing every record. They are derived: rebuilt from
-- the revisions whenever the program's facts version changes (meta `facts_version`), and
-- refreshed in the transaction that stores a newer revision. They hold no free text but
-- the facility name and place (which filters need); the narrative stays in the revisions.

CREATE TABLE interview_facts (
    interview_id    TEXT PRIMARY KEY REFERENCES interviews(id),
    revision_rowid  INTEGER NOT NULL REFERENCES revisions(rowid),
    code            TEXT NOT NULL,
    device          TEXT,
    interviewed_on  TEXT NOT NULL,                -- EDTF as recorded
    gender          TEXT,
    birth_year      TEXT,                         -- EDTF year as recorded
    birth_earliest  INTEGER,
    birth_latest    INTEGER,
    origin          TEXT,
    current_country TEXT,
    quote           TEXT NOT NULL,                -- consent.quote (as recorded; consent changes apply on top)
    share_with      TEXT NOT NULL,                -- consent.share_with, space-separated
    tags            TEXT NOT NULL                 -- space-separated
) STRICT;

CREATE TABLE incident_facts (
    interview_id    TEXT NOT NULL REFERENCES interviews(id),
    idx             INTEGER NOT NULL,             -- the incident's position in the record, from 0
    kind            TEXT NOT NULL,
    when_edtf       TEXT,                         -- EDTF as recorded
    earliest        TEXT,                         -- first day it may mean, YYYY-MM-DD; NULL if open or unknown
    latest          TEXT,                         -- last day it may mean
    qualified       INTEGER NOT NULL,             -- 1 if approximate (~), uncertain (?) or both (%)
    country         TEXT,
    place           TEXT,
    facility_type   TEXT,
    facility_name   TEXT,
    perpetrators    TEXT NOT NULL,                -- perpetrator kinds, space-separated
    victims         TEXT NOT NULL,                -- space-separated
    source          TEXT,
    PRIMARY KEY (interview_id, idx)
) STRICT;
CREATE INDEX incident_facts_by_kind ON incident_facts(kind);
CREATE INDEX incident_facts_by_country ON incident_facts(country);
CREATE INDEX incident_facts_by_facility ON incident_facts(facility_type);
CREATE INDEX interview_facts_by_code ON interview_facts(code);

-- Review annotations: headquarters' own judgement beside the sealed revisions, which never
-- change. Each is a row (the latest per interview, incident and field wins) and an audit
-- entry. `incident` is NULL for the interview itself.
CREATE TABLE annotations (
    id            INTEGER PRIMARY KEY,
    interview_id  TEXT NOT NULL REFERENCES interviews(id),
    incident      INTEGER,
    field         TEXT NOT NULL CHECK (field IN ('status', 'tag', 'untag', 'note')),
    value         TEXT NOT NULL,
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL
) STRICT;
CREATE INDEX annotations_by_interview ON annotations(interview_id, incident);

-- The review's current state, kept with each annotation so that filters read one row:
-- status and review tags (space-separated, with a space at each end) of each interview
-- (incident -1) and incident.
CREATE TABLE review_state (
    interview_id  TEXT NOT NULL REFERENCES interviews(id),
    incident      INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('new', 'reviewed', 'needs_follow_up', 'excluded')),
    tags          TEXT NOT NULL,
    PRIMARY KEY (interview_id, incident)
) STRICT;

-- Corroboration candidates a reviewer confirmed or dismissed (a pair of interviews from
-- different devices and what they share), so a dismissed pair is not offered again.
CREATE TABLE corroborations (
    first         TEXT NOT NULL REFERENCES interviews(id),
    second        TEXT NOT NULL REFERENCES interviews(id),
    basis         TEXT NOT NULL,                  -- e.g. `facility:kyohwaso:Jongori`
    decision      TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (first, second, basis)
) STRICT;
