# fieldvault desktop app: English. Every key here must also be in ../ko/app.ftl (a test checks).

## Top bar and navigation
role-field = Field laptop
role-hq = Headquarters
switch-language = 한국어
nav-lock = Lock now
nav-interviews = Interviews
nav-new-interview = + New interview
nav-export = Export to USB
nav-receipt = Bring back receipt
nav-wipe = Wipe delivered
nav-trust = Trust and keys
nav-settings = Settings
nav-destroy = Destroy vault
nav-archive = Archive
nav-hq-import = Import bundles
nav-devices = Devices
panic-lock-hint = Ctrl+L locks at once.
status-line = { $interviews ->
    [one] 1 interview
   *[other] { $interviews } interviews
} · { $draft ->
    [one] 1 draft
   *[other] { $draft } drafts
} · { $sealed } sealed · { $exported } exported · { $delivered } delivered
notice-dismiss = Dismiss
notice-details = Details
notice-technical = Technical details (in English, for your technical contact):
locked-notice = Locked. Everything decrypted was removed from memory.
cancel = Cancel
choose-none = (none)
choose-search = Type to search
choose-other-code = or code:
gender-female = Female
gender-male = Male
gender-own-words = or in their words:

## Create and unlock
unlock-title = Unlock the vault
unlock-passphrase = Passphrase
unlock-button = Unlock
unlock-hint = If you forget the passphrase, nobody can open this vault, not even headquarters.
create-title = Create a vault
create-intro = No vault was found on this laptop. Choose a passphrase: long, several unrelated words, never written down next to the laptop.
create-passphrase = New passphrase
create-repeat = Repeat the passphrase
create-label = Name of this vault
create-label-hint = e.g. laptop 3
create-hq = This is the headquarters vault (imports bundles from field laptops)
create-mismatch = The two passphrases are not the same. Type both again.
create-button = Create vault
create-default-field-label = Field laptop
create-default-hq-label = Headquarters
pass-strength-empty = At least 10 characters.
pass-strength-short = Too short: at least 10 characters.
pass-strength-fair = Acceptable. Longer is safer.
pass-strength-good = Good.
pass-strength-strong = Strong.

## Errors (the technical detail is under "Details")
err-wrong-passphrase = The passphrase did not open the vault. Nothing was changed. Check the keyboard language (한/영) and try again.
err-invalid = Some fields are not valid yet. Nothing was saved. Correct the fields listed and save again.
err-not-a-vault = This folder does not hold a vault. Check the folder, or create a new vault.
err-damaged = The vault or a file is damaged. Do not delete anything; contact your data manager.
err-conflict = This cannot be done now. Read the details for what to do first.
err-not-found = That was not found. It may have been wiped or removed.
err-rejected = The file was refused: it is damaged, forged, or not meant for this vault. Nothing was changed.
err-io-missing = A folder or file it needs is not there. Check the folder named in the details, then try again.
err-io-permission = This user account may not use that folder. Choose a folder in your home folder, then try again.
err-io-read-only = That folder cannot be written to. Choose a folder you can write to, then try again.
err-io-full = The laptop's disk is full. Nothing was lost; free some space, then try again.
err-stick-exists = The USB stick already has a file of that name. Nothing was overwritten: choose another folder on it or move the earlier file away.
err-io-exists = A file of that name is already there. Nothing was overwritten: choose an empty folder or move the earlier file away.
err-io-other = A file or folder could not be used (details below). Nothing was lost; try again, and tell your data manager if it keeps happening.
err-stick-missing = The USB stick's folder is not there: the stick may have been removed. Plug it in, choose its folder again, and try again.
err-stick-read-only = The USB stick cannot be written to. Check its write-protect switch, or use another stick.
err-stick-full = The USB stick is full. Nothing was lost; free space on it or use another stick.
err-stick-other = The USB stick could not be used (details below). Nothing was lost; check the stick, or use another one.
err-weak-passphrase = The passphrase is too short. Use at least 10 characters; several unrelated words work well.
err-not-empty = That folder already holds files. A new vault needs an empty or new folder: choose another one.
err-card = This is not a trust card this vault can use (details below). Ask the other side for their card again.
err-busy = Please wait until the current task has finished.
err-job-crashed = The task stopped unexpectedly. The vault was locked to be safe; unlock it and check the result.

## Interview list
list-title = Interviews
list-title-hq = Archive
list-count = { $count } shown
list-filter = State
list-search = Search for
list-search-button = Search
list-search-clear = Clear search
list-hits = { $count ->
    [1] 1 interview matches
   *[other] { $count } interviews match
}
snippet-narrative = narrative
snippet-incidents = incidents
snippet-places = places
snippet-facilities = facilities
snippet-tags = tags
snippet-code = code
list-revision = revision { $number }
list-empty = No interviews yet. Start with "+ New interview".
list-empty-hq = The archive is empty. Import bundles from field laptops.
state-all = All states
work-copy-line = Unsaved work from { $time } was kept safe.
work-restore = Continue editing
work-discard = Discard work
work-pending = { $count ->
    [one] One unsaved form was kept from last time; it is at the top of the list.
   *[other] { $count } unsaved forms were kept from last time; they are at the top of the list.
}

## One interview
detail-back = ← Back to the list
detail-hash = Revision hash:
detail-device = From device { $device }
detail-edit = Edit draft
detail-seal = Seal…
detail-seal-warning = A sealed interview can no longer be changed; corrections become a new revision.
detail-seal-confirm = Seal now
detail-revise = Start a correction (new revision)
detail-wiped = Delivered to headquarters and wiped from this laptop.
detail-history = Revision history
detail-record = The stored record, exactly (JSON)
detail-missing = This interview could not be shown.
detail-no-content = The content was wiped after delivery; only the record of it remains.
seal-done = Sealed: it can no longer be changed. Its revision hash is under Details.

## Editor
editor-title-new = New interview
editor-title-draft = Edit draft
editor-title-revise = Correction of a sealed interview
editor-save = Save
editor-close = Close
editor-saved = Saved.
editor-autosaved = Kept safe in the vault.
editor-unsaved = Changes not yet kept…
editor-ready = Ready to save.
editor-problem-count = { $count ->
    [one] 1 field to correct before saving (listed at the bottom).
   *[other] { $count } fields to correct before saving (listed at the bottom).
}
editor-problems = To save, correct these:
editor-revise-note = Saving creates a new draft revision that names the sealed one; the sealed revision stays as it was.
editor-bad-date = Not a date. Examples: 2019-10, 2014~, 2012?, 2015/2017
section-interview = Interview
section-consent = Consent
section-interviewee = Interviewee (never a name)
section-narrative = Testimony
section-incidents = Incidents ({ $count })
section-children = Children ({ $count })
section-follow-up = Follow-up and tags
field-code = Interviewee code
field-interviewed-on = Date of interview
field-place = Place of interview
field-interviewer = Interviewer code
field-language = Language of the interview
field-interpreter = Interpreter code
field-recording = Audio recording allowed
field-quote = Quotes allowed
field-share-with = May be shared with (comma-separated)
field-consent-note = Consent note
field-gender = Gender
field-birth-year = Year of birth
field-origin = Place of origin
field-current-country = Country where they live now
field-narrative = Narrative
field-incident-kind = What happened
field-when = When
field-incident-place = Where (place)
field-country = Country
field-facility-name = Facility name
field-facility-type = Facility type
field-perpetrator-kind = Perpetrator
field-perpetrator-note = Note on perpetrator
field-victims = Victims (self, sister…)
field-source = Source
field-description = Description
field-child-birth-year = Child's year of birth
field-child-country = Child's country
field-registered = Birth registered
field-with-whom = Lives with
field-child-note = Note
field-follow-up = Follow-up (referrals, needs)
field-tags = Tags (comma-separated)
incident-number = Incident { $number }
incident-add = + Add incident
incident-remove = Remove incident
perpetrator-add = + Add perpetrator
perpetrator-remove = Remove
child-number = Child { $number }
child-add = + Add child
child-remove = Remove child
registered-unknown = Unknown
registered-yes = Yes
registered-no = No

## File picker
picker-home = Home
picker-sticks = USB sticks:
picker-no-stick = none found. Plug one in; it appears here.
picker-stick = { $label } ({ $free } free)
picker-up = ↑ Up
picker-location = Folder
picker-receipt-location = Receipt folder
picker-go = Go
picker-no-such-folder = There is no such folder.
picker-unreadable = This folder cannot be read.
picker-empty = (empty)

## Export
export-title = Export to USB stick
export-intro = Sealed interviews go into one encrypted file that only headquarters can open. This laptop cannot open it again.
export-no-hq = No headquarters is trusted yet, so nobody could open an export. Add headquarters' trust card under "Trust and keys".
export-pending = { $count ->
    [one] 1 sealed interview will go into the bundle:
   *[other] { $count } sealed interviews will go into the bundle:
}
export-leave-out-hint = Untick an interview to leave it out of this bundle; it stays on this laptop for a later export.
export-nothing = Nothing to export. Seal finished interviews first.
export-choose-folder = Choose the USB stick's folder:
export-destination = Destination:
export-start = Write bundle
export-done = { $count ->
    [one] 1 interview exported.
   *[other] { $count } interviews exported.
}
export-verified = The file was read back and verified.
export-recovered = { $count ->
    [one] A bundle that an interrupted export had finished was found in this folder and recorded; it can go to headquarters as it is.
   *[other] { $count } bundles that interrupted exports had finished were found in this folder and recorded; they can go to headquarters as they are.
}
export-file = File:
export-recipients = Only these can open it: { $names }
export-on-vault-disk = This folder is on the laptop's own disk, not on a separate stick. If a stick should be there, it is not plugged in or not mounted: plug it in, move the file onto it, and check that the folder belongs to the stick.
export-next = Take the stick to headquarters. Interviews stay here until headquarters' receipt comes back.

## Receipt
receipt-title = Bring back a receipt
receipt-intro = Headquarters answers each bundle with a signed receipt, written onto the USB stick. Choose the stick's folder: every receipt for this laptop there is checked, and only the interviews they name count as delivered.
receipt-import = Check receipts in this folder
receipt-done = { $count ->
    [one] 1 interview confirmed as delivered.
   *[other] { $count } interviews confirmed as delivered.
}
receipt-from = Signed by { $name }.
receipt-next = They can now be wiped from this laptop under "Wipe delivered".

## Wipe and destroy
wipe-title = Wipe delivered interviews
wipe-intro = Only interviews that headquarters confirmed with a receipt are wiped. Everything else stays.
wipe-nothing = Nothing to wipe: no interview is confirmed as delivered.
wipe-will-go = { $count ->
    [one] This interview will be wiped from this laptop:
   *[other] These { $count } interviews will be wiped from this laptop:
}
wipe-kept = { $count ->
    [one] 1 other interview is not delivered yet and stays.
   *[other] { $count } other interviews are not delivered yet and stay.
}
wipe-passphrase = Passphrase (the vault key is replaced)
wipe-need-passphrase = Type the passphrase to continue.
wipe-hold = Hold to wipe
wipe-done = { $count ->
    [one] 1 interview wiped.
   *[other] { $count } interviews wiped.
}
wipe-work-copies = Unsaved editor work on these interviews ({ $count }) goes with them.
wipe-work-discarded = { $count ->
    [one] 1 unsaved editor work copy of them was discarded.
   *[other] { $count } unsaved editor work copies of them were discarded.
}
wipe-limits = What a wipe does and does not guarantee
# The four limits of wiping delivered interviews (the core's DELIVERED_LIMITS, in order).
wipe-limit-1 = The wiped interviews' text, search entries and log details were removed inside the encrypted database, and the database was rewritten without them.
wipe-limit-2 = The database key was replaced: any old copy of the database or of its pages (for example blocks an SSD or USB stick kept when it remapped writes) is encrypted under a key that no longer exists, provided the old vault.header is gone too.
wipe-limit-3 = The old vault.header was overwritten in place before removal; on flash media the old blocks may still survive physically, and anyone holding such a copy AND the passphrase of that time could recover the old key. Change the passphrase after a wipe if that matters.
wipe-limit-4 = Kept on purpose: a tombstone per wiped revision (code, revision number, revision hash, receipt id, time), so that delivery can be shown.
destroy-title = Destroy this vault
destroy-intro = For emergencies: everything in this vault becomes unreadable at once and is then deleted. Interviews not yet delivered are lost for ever.
destroy-what = { $count ->
    [one] 1 interview in { $folder }:
   *[other] { $count } interviews in { $folder }:
}
destroy-warning = This cannot be undone.
destroy-hold = Hold to destroy everything
destroy-done = The vault was destroyed.
destroy-partial = The key is gone, but some files could not be removed; see details.
destroy-problems = { $count ->
    [one] One file could not be overwritten; it was removed or left as the technical details say.
   *[other] { $count } files could not be overwritten; each was removed or left as the technical details say.
  }

## Trust
trust-title = Trust and keys
trust-own = This vault
trust-fingerprint = Fingerprint:
trust-export-card = Save this vault's trust card to a folder
trust-write-card = Save trust card
trust-card-written = Trust card saved.
trust-hqs = Headquarters that can open exports
trust-devices = Enrolled field laptops
trust-none-hq = No headquarters yet.
trust-none-device = No field laptops enrolled yet.
trust-remove = Remove
trust-removed-mark = removed
trust-add = Add a trust card
trust-add-button = Add
trust-read-card = Read the card
trust-card-says = This card's fingerprint:
trust-type-read-out = Ask the other side to read out the fingerprint shown on their screen, and type it here:
trust-new-key = This party is already trusted, with another encryption key. Everything exported from now on would go to the new key:
trust-accept-new-key = They confirmed to me that they changed their key
trust-was-removed = This party was removed from trust on { $when }. If that was for a reason (a lost or seized device, a replaced key), do not add it again.
trust-added = { $label } is now trusted.
trust-added-again = { $label } is trusted again. It had been removed on { $when }: if that was for a reason (a lost or seized device, a replaced key), remove it again at once.
trust-removed = { $label } is no longer trusted.
trust-compare = Compare this fingerprint with the other side before relying on it:
trust-unreadable = The file could not be read as a trust card.

## Settings
settings-title = Settings
settings-language = Language
settings-auto-lock = Lock after idle (minutes)
settings-apply = Apply
settings-text-size = Text size
settings-text-normal = Normal
settings-text-large = Large
settings-text-larger = Larger
settings-saved = { $minutes ->
    [one] The vault now locks after 1 idle minute.
   *[other] The vault now locks after { $minutes } idle minutes.
}
settings-passphrase = Change the passphrase
settings-old-passphrase = Current passphrase
settings-new-passphrase = New passphrase
settings-repeat-passphrase = Repeat the new passphrase
settings-change = Change passphrase
settings-passphrase-changed = The passphrase was changed. The old one no longer opens this vault.

## Headquarters
hq-import-title = Import bundles
hq-import-intro = Choose the bundle files on the USB stick. Each is verified and stored whole, or refused with nothing changed.
hq-import-receipts = Write receipts for the laptops
hq-import-receipt-folder = Folder for receipts (usually the same USB stick):
hq-import-button = { $count ->
    [one] Import 1 bundle
   *[other] Import { $count } bundles
}
import-done = Imported: { $ok }. Refused: { $failed }.
import-cancelled = Stopped. Imported: { $ok }. Refused: { $failed }.
import-stored = { $count ->
    [one] 1 interview stored from { $device } (bundle { $sequence })
   *[other] { $count } interviews stored from { $device } (bundle { $sequence })
}
import-already = Already imported earlier; nothing changed.
import-held-back = { $count ->
    [one] One revision was held back until the revision it follows arrives; the laptop keeps it.
   *[other] { $count } revisions were held back until the revisions they follow arrive; the laptop keeps them.
}
import-flagged = { $count ->
    [one] One thing needs review (for example a code another laptop also used): run `fieldvault hq review`.
   *[other] { $count } things need review (for example a code another laptop also used): run `fieldvault hq review`.
}
devices-title = Devices
devices-gaps = Missing bundles
devices-no-gaps = No bundle is missing.
devices-gap = { $count ->
    [1] { $device }: bundle { $first } has not arrived.
   *[other] { $device }: bundles { $first } to { $last } have not arrived.
}

## Jobs
job-export = Writing the bundle…
job-export-verifying = The bundle is written; making sure the stick holds it exactly (flush, read back)…
job-import = Importing bundles…
job-receipt = Checking the receipt…
job-wipe = Wiping…
job-working = Working…
job-progress = { $done } of { $total }
job-cancel = Stop after this bundle
job-stopping = Stopping after this bundle…
job-no-cancel = This task cannot be stopped half-way safely; it finishes in a moment.

steps-title = First steps: the way of an interview to headquarters
steps-cards = Exchange trust cards with headquarters (compare the fingerprints)
steps-interview = Take an interview
steps-seal = Seal it when it is complete (open it in the list, then "Seal")
steps-export = Export it to a USB stick
steps-receipt = Bring back headquarters' receipt
steps-wipe = Wipe the delivered interview from this laptop
steps-go-trust = → Trust and keys
steps-go-new = → New interview
steps-go-export = → Export
steps-go-receipt = → Receipt
steps-go-wipe = → Wipe

## Sync through the drop box
nav-sync-field = Send to headquarters
nav-sync-hq = Fetch from drop box
sync-title-field = Send to headquarters
sync-title-hq = Fetch from the drop box
sync-intro-field = Sends sealed interviews to headquarters through your organisation's drop box, and brings back headquarters' receipts. The drop box cannot read anything it carries. Nothing is sent until you press the button below.
sync-intro-hq = Fetches the bundles field laptops left on the drop box, imports them with every check of an import from a stick, and sends each laptop its receipt.
sync-waiting = Sealed, to be sent: { $sealed }. Sent or exported, waiting for a receipt: { $exported }.
sync-address = Drop box address
sync-pin = Certificate pin
sync-proxy = Tor proxy (optional)
sync-pin-hint = The pin is the drop box certificate's fingerprint, 64 characters. Get it from headquarters by a channel you trust (in person, or read out over a call you placed). It is kept in this vault for next time.
sync-start-field = Send now
sync-start-hq = Fetch now
sync-bad-address = The address must begin with https:// (for example https://dropbox.example.org:8443).
sync-bad-pin = The pin must be 64 characters 0-9 and a-f, as headquarters gave it.
sync-bad-proxy = The proxy must look like socks5h://127.0.0.1:9050 (leave it empty to connect directly).
sync-moved = What moved:
sync-moved-before-stop = What moved before the sync stopped (it is kept):
sync-exported = The sealed interviews were exported into a new bundle.
sync-sent = Bundles sent: { $count }
sync-receipts = Receipts applied: { $count }
sync-delivered = Interview versions now confirmed delivered: { $count }
sync-imported = Bundles imported: { $count }
sync-refused = Bundles refused (left on the drop box): { $count }
sync-done-field = Sync finished. Bundles sent: { $sent }. Confirmed delivered: { $delivered }.
sync-done-hq = Sync finished. Imported: { $imported }. Refused: { $refused }.
err-sync = The sync did not finish.
job-sync = Syncing with the drop box…
job-sync-progress = { $done } of { $total } MiB
job-sync-cancel = Stop the sync
job-sync-stopping = Stopping; what already moved is kept…

## Attachments
attach-title = Attachments ({ $count })
attach-none = No attachments.
attach-show = Show
attach-hide = Hide the photo
attach-remove = Remove
attach-add = Add files…
attach-add-hint = Choose the files to attach. Each is encrypted into the vault as it is read; the original stays where it is (wipe it afterwards if it should not stay).
attach-add-chosen = { $count ->
    [one] Attach 1 file
   *[other] Attach { $count } files
}
attach-done = { $count ->
    [one] 1 file attached, encrypted in the vault.
   *[other] { $count } files attached, encrypted in the vault.
}
attach-removed = { $name } was removed from the draft.
attach-photo = The photo, decrypted in memory only
attach-gps-warning = This photo records where it was taken (GPS). Whoever sees the file can see the place.
attach-no-exif = No EXIF metadata in this file.
attach-exif = EXIF metadata ({ $count } fields)
attach-too-large-to-show = This photo is too large to show here (over 64 MiB).
attach-unreadable = This attachment does not read back as it was stored; nothing is shown.
attach-undecodable = This file could not be shown as a picture; it is kept byte for byte.
job-photo = Decrypting the photo in memory…
job-attach = Encrypting the files into the vault…

## Recording and playback
rec-start = Record audio
rec-no-consent = Recording is possible only when the interviewee consented to be recorded (Consent: recording).
rec-recording = ● Recording { $time }
rec-paused = Paused at { $time }
rec-level = Microphone level
rec-pause = Pause
rec-resume = Resume
rec-mark = Add marker
rec-marker = Marker { $n }
rec-marker-hint = What is said here
rec-stop = Stop and save
rec-saved-note = Every 2 seconds reach the disk, encrypted. If the laptop stops, the recording is offered at the next unlock.
rec-disk-full = the disk is full
rec-failed = The recording stopped being written: { $reason }. What reached the disk is kept; stop, make room, and keep it from the list below.
rec-cannot-start = The recording could not start.
rec-no-sound = This build of fieldvault has no sound support: it was built without the `sound` feature.
rec-no-device = No microphone or speaker was found. Plug one in and try again.
rec-device = The sound device refused: { $reason }
rec-cut-off = A recording started { $started } was cut off after about { $time }.
rec-keep = Keep it
rec-discard = Wipe it
rec-discarded = The cut-off recording was wiped.
rec-cut-off-notice = { $count ->
    [one] A recording was cut off before it was saved. Open its interview to keep or wipe it.
   *[other] { $count } recordings were cut off before they were saved. Open their interviews to keep or wipe them.
}
job-recording = Saving the recording (FLAC, encrypted)…
job-audio = Decrypting the recording in memory…
play-play = Play
play-pause = Pause
play-position = Position
play-time = { $position } of { $duration }
play-markers = Markers
play-too-large = This recording is too large to play here (over 1 GiB).
play-unreadable = This recording does not read back as it was stored; nothing is played.
play-no-output = No sound can be played here: { $reason }
play-close = Close the player

## Headquarters: review
nav-review = Review
review-title = Review the archive
review-any = (any)
review-status = Status
review-kind = Incident kind
review-facility-type = Facility type
review-perpetrator = Perpetrator
review-country = Country (CN, KP)
review-tag = Tag
review-from = From (EDTF)
review-to = To (EDTF)
review-dates-hint = Dates are EDTF: 2015, 2015-03, 2013/2019. An incident matches if it may have happened in the range.
review-apply = Filter
review-found = { $count ->
    [one] 1 interview
   *[other] { $count } interviews
}
review-matching = { $count ->
    [one] 1 incident matches
   *[other] { $count } incidents match
}
review-pick = Choose an interview on the left to review it.
review-tags = Tags
review-consent = Consent in force: { $quote }; shared with { $audiences }
review-consent-withdrawn = Consent withdrawn: not quoted, exported or counted.
review-reviewer = Reviewer
review-set-status = Set status
review-add-tag = Add tag
review-note = Note
review-save = Save annotation
review-saved = Annotation of { $code } saved and written to the audit log.
review-history = History ({ $count })
review-candidates = Corroboration candidates ({ $count })
review-no-candidates = No interviews from different devices share a facility, place or month.
review-confirm = Confirm
review-dismiss = Dismiss
review-confirmed = Corroboration confirmed.
review-dismissed = Candidate dismissed.
review-status-new = New
review-status-reviewed = Reviewed
review-status-needs-follow-up = Needs follow-up
review-status-excluded = Excluded

## Headquarters: statistics
nav-stats = Statistics
stats-title = Statistics
stats-breakdown = Break down by
stats-by-year = and by year
stats-dim-kind = Incident kind
stats-dim-year = Year
stats-dim-country = Country
stats-dim-facility-type = Facility type
stats-dim-perpetrator = Perpetrator
stats-incidents = Incidents
stats-interviewees = Interviewees
stats-incidents-certain = Incidents certainly in the year
stats-interviewees-certain = Interviewees (certainly)
stats-incidents-possible = Incidents possibly in the year
stats-interviewees-possible = Interviewees (possibly)
stats-totals = { $incidents } incidents in all; { $interviewees } interviewees in the archive.
stats-withdrawn = { $count ->
    [one] 1 interview whose consent was withdrawn is not counted.
   *[other] { $count } interviews whose consent was withdrawn are not counted.
}
stats-empty = No incidents to count yet.
stats-uncertain = An incident is certainly in a year only if its date cannot mean another year and is not marked approximate or uncertain; otherwise it counts as possibly in each year it may mean. Never add the two counts.
stats-uncertain-short = "Possibly" counts incidents whose date may fall in that year; never add them to "certainly".
stats-chart-for = Chart for
stats-save-title = Save the chart for a report
stats-save-folder = Folder for the chart
stats-save-svg = Save as SVG
stats-save-png = Save as PNG
stats-saved = Chart saved (counts only, no interview text).
export-consent-pending = { $count ->
    [one] 1 consent change goes to headquarters with this bundle.
   *[other] { $count } consent changes go to headquarters with this bundle.
}
export-consent-changes = { $count ->
    [one] It carries 1 consent change; it goes again with each export until a receipt confirms it.
   *[other] It carries { $count } consent changes; they go again with each export until a receipt confirms them.
}
review-no-one = no one

## Headquarters: excerpts and publication packs
nav-publish = Publication pack
excerpt-title = Choose an excerpt to quote
excerpt-hint = Select words in the narrative (or set the characters, counted from 0, the end excluded), then add the excerpt to the publication pack.
excerpt-narrative = Narrative (newest revision)
excerpt-from = From character
excerpt-to = To character
excerpt-add = Add to the publication pack
excerpt-added = { $count ->
    [one] Excerpt of { $code } added; 1 excerpt chosen.
   *[other] Excerpt of { $code } added; { $count } excerpts chosen.
}
publish-title = Publication pack
publish-intro = Quotable excerpts for a report, with consent enforced: only interviews whose consent allows quoting and sharing with the audience are used, witnesses are described in general terms, and a description shared by fewer than k interviewees is generalised further or withheld.
publish-chosen = Excerpts chosen ({ $count })
publish-none-chosen = None yet: choose excerpts on the Review screen.
publish-remove = Remove
publish-audience = Audience
publish-audience-un = United Nations (un)
publish-audience-public = The public (public)
publish-audience-researchers = Researchers (researchers)
publish-audience-courts = Courts (courts)
publish-k = Shared by at least (k)
publish-rare = A rarer witness
publish-generalise = Generalise further
publish-withhold = Withhold the excerpt
publish-organisation = Interviewed by (organisation)
publish-folder = Folder for the pack
publish-understood = I understand that the pack is written unencrypted (Markdown and JSON).
publish-write = Write the publication pack
publish-written = Publication pack written: { $excerpts } excerpt(s); { $excluded } interview(s) left out (see details).

## Consent changes
consent-title = Consent in force and later changes
consent-change-title = Record a consent change
consent-changes-so-far = { $count ->
    [one] 1 change recorded so far.
   *[other] { $count } changes recorded so far.
}
consent-withdraw = The interviewee withdraws their consent altogether
consent-quote = Quoting now allowed
consent-audiences = Still allowed to share with:
consent-note = What the interviewee asked, and how (kept encrypted)
consent-record = Record the change
consent-recorded = Consent change for { $code } recorded and written to the audit log.
consent-travels = On this laptop the change goes to headquarters with the next export, even if the interview was already delivered and wiped here.
