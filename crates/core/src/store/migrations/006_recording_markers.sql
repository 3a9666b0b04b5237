-- fieldvault schema v6: the markers an interviewer drops while recording (a JSON array of
-- {"at_ms": …, "label": …}), kept with the recording while it is made, so that a recording
-- cut off by a crash keeps them. A finished recording carries them inside its FLAC file
-- (Vorbis comment chapters), where headquarters finds them too.

ALTER TABLE attachments ADD COLUMN markers TEXT;
