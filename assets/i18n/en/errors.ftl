# fieldvault's errors in English. Each error has what happened (err-ID) and what to do
# (rec-ID); ../ko/errors.ftl has the same ids (a test checks). The CLI prints "err; rec",
# the desktop app shows them as two lines. Arguments are data (paths, codes, counts), never
# testimony. $detail is untranslatable technical text (an operating system's message).
# $cause and $cause_todo are the wrapped error's own two parts.

## The vault

err-wrong-passphrase = the passphrase did not open the vault (nothing was changed)
rec-wrong-passphrase = check the keyboard layout and try again
err-passphrase-too-short = the new passphrase is too short
rec-passphrase-too-short = use at least { $min } characters (several unrelated words work well)
err-not-a-vault = { $path } is not a fieldvault vault (it has no vault.header)
rec-not-a-vault = check the --vault path, or run `fieldvault --vault { $path } init` to make a new vault
err-no-such-folder = { $path } does not exist
rec-no-such-folder = check the --vault path, or run `fieldvault --vault { $path } init` to make a new vault
err-not-empty = { $path } already holds files
rec-not-empty = a new vault needs an empty or new folder
err-vault-header = vault.header: { $cause }
rec-vault-header = { $cause_todo }
err-wrong-role = { $operation ->
    [import-bundles] importing bundles
    [import-receipts] importing receipts
    [export-bundles] exporting bundles
    [export-hq-key] exporting the headquarters key
    [wipe-delivered] wiping delivered interviews
    [analysis] analysing the archive (statistics, analysis exports, publication)
   *[review] reviewing imports
  } is done on a { $needed } vault; this one is a { $this } vault
rec-wrong-role = { $this ->
    [field] a field laptop records interviews and exports them to headquarters
   *[headquarters] headquarters imports bundles from field laptops and answers with receipts
  }

## The vault header

err-header-wrong-passphrase = the passphrase did not open the vault
rec-header-wrong-passphrase = check the keyboard layout and try again
err-header-not-a-header = this is not a fieldvault header (wrong first line)
rec-header-not-a-header = check the --vault path
err-header-newer-version = written by a newer fieldvault (header format v{ $version })
rec-header-newer-version = update fieldvault to open this vault
err-header-damaged = damaged ({ $detail })
rec-header-damaged = restore vault.header from a backup
err-kdf-out-of-bounds = the key-derivation setting { $setting } = { $value } is outside the accepted range { $min }..={ $max }
rec-kdf-out-of-bounds = it was refused so that a damaged or hostile vault.header cannot make fieldvault use unbounded memory or time: restore vault.header from a backup
err-kdf-out-of-memory = not enough free memory to derive the key ({ $mib } MiB needed)
rec-kdf-out-of-memory = close other programs and try again
err-kdf-argon2 = Argon2 refused its inputs: { $detail }
rec-kdf-argon2 = restore vault.header from a backup, and tell your organisation's technical contact

## What is damaged

err-damage-database-missing = { $path } is missing
rec-damage-database-missing = restore the vault from a backup
err-damage-database-other = { $path } does not belong to this vault.header or is damaged
rec-damage-database-other = restore the vault from a backup
err-damage-database = the vault is damaged: { $path } ({ $detail })
rec-damage-database = restore the vault from a backup
err-damage-role = the vault is damaged: it does not record whether it is a field or headquarters vault
rec-damage-role = restore the vault from a backup
err-damage-no-revisions = the vault is damaged: interview { $interview } has no revisions
rec-damage-no-revisions = restore the vault from a backup
err-damage-revision-unreadable = the vault is damaged: revision { $revision } of { $code } is unreadable
rec-damage-revision-unreadable = restore the vault from a backup
err-damage-no-keys = the vault is damaged: it has no identity keys
rec-damage-no-keys = restore the vault from a backup
err-damage-signing-key = the vault is damaged: its signing key is unreadable
rec-damage-signing-key = restore the vault from a backup
err-damage-age-identity = the vault is damaged: its age identity is unreadable
rec-damage-age-identity = restore the vault from a backup
err-damage-stored-age-key = the vault is damaged: the stored age key of { $label } is unreadable
rec-damage-stored-age-key = remove that party and add its trust card again
err-damage-trusted-fingerprint = the vault is damaged: a trusted fingerprint is unreadable
rec-damage-trusted-fingerprint = restore the vault from a backup
err-damage-key-generation = the vault could not make its keys ({ $detail })
rec-damage-key-generation = try again; if it happens again, tell your organisation's technical contact

## The encrypted database

err-store-wrong-key = the key did not open the database
rec-store-wrong-key = restore the vault from a backup
err-store-damaged = the database file is damaged ({ $detail })
rec-store-damaged = restore the vault from a backup
err-store-newer-schema = the vault was written by a newer fieldvault (schema { $found }, this one knows { $known })
rec-store-newer-schema = update fieldvault
err-store-read-only = the database is read-only or on a read-only medium
rec-store-read-only = copy the vault to a writable folder
err-store-disk-full = the disk is full
rec-store-disk-full = free some space and try again (nothing was changed)
err-store-busy = the database is busy in another fieldvault window or process
rec-store-busy = close it and try again
err-store-migration-references = upgrading the vault (step { $migration }) would break { $broken } references
rec-store-migration-references = the vault was left as it was; keep a backup and tell your organisation's technical contact
err-store-no-longer-draft = the revision is no longer a draft (it was sealed in the meantime)
rec-store-no-longer-draft = open it again to see where it stands
err-store-cannot-create = cannot create { $path }: { $detail }
rec-store-cannot-create = use a folder you can write to
err-store-sqlite = database error: { $detail }
rec-store-sqlite = nothing was changed; try again, and if it happens again, tell your organisation's technical contact

## Interviews

err-interview-code-in-vault = { $file }: code { $code } is already in the vault
rec-interview-code-in-vault = to change that interview use `interview update` (draft) or `interview revise` (sealed), or give this one a new code
err-interview-code-taken = code { $code } already belongs to another interview
rec-interview-code-taken = choose another code
err-interview-code-on-several-devices = code { $code } is used by { $count } interviews from different devices ({ $ids })
rec-interview-code-on-several-devices = give the id instead (`hq review` lists them)
err-interview-fixed = { $code } revision { $revision } is { $state } and cannot change
rec-interview-fixed = `interview revise { $code }` makes a new revision that names it
err-interview-still-draft = { $code } revision { $revision } is still a draft
rec-interview-still-draft = change it with `interview update`
err-interview-wiped-after-delivery = { $code } was wiped from this laptop after delivery
rec-interview-wiped-after-delivery = corrections now belong at headquarters
err-interview-already-sealed = { $code } revision { $revision } is already { $state }
rec-interview-already-sealed = nothing to seal; a sealed revision never changes (`interview revise` makes a new one)
err-interview-already-sealed-hash = { $code } revision { $revision } is already { $state } (hash { $hash })
rec-interview-already-sealed-hash = nothing to seal; a sealed revision never changes (`interview revise` makes a new one)
err-interview-form-too-large = the form is larger than { $mib } MiB and cannot be kept
rec-interview-form-too-large = shorten the narrative

## Not found

err-missing-interview = no interview has the code or id { $selector }
rec-missing-interview = `interview list` shows them all
err-missing-several-interviews = { $selector } matches several interviews
rec-missing-several-interviews = give more of the id or the code
err-missing-attachment = the interview has no attachment { $selector }
rec-missing-attachment = `attach list` shows its attachments with their ids and file names
err-missing-several-attachments = { $selector } matches several attachments of the interview
rec-missing-several-attachments = give more of the id (`attach list` shows them)

## Attachments

err-attachment-not-a-file = { $path } is not a regular file (a folder, link, pipe or device)
rec-attachment-not-a-file = attach the file itself; nothing was stored
err-attachment-changed = { $path } changed while it was being read
rec-attachment-changed = nothing was kept; wait until whatever writes it has finished (a recorder, a copy), then attach it again
err-attachment-no-recording-consent = the consent of { $code } does not allow recording, so no audio is attached to it
rec-attachment-no-recording-consent = if the interviewee did agree to be recorded, correct the interview's consent (`recording: true`) first; otherwise do not keep the recording
err-attachment-interview-full = the interview's attachments would pass { $limit } GiB
rec-attachment-interview-full = nothing was stored; split the recording, or attach it to a follow-up interview
err-review-unknown-value = { $value } is not a known { $what }
rec-review-unknown-value = use one of: { $known }; nothing was changed
err-review-bad-date = { $value } is not a date fieldvault reads (EDTF: 2014, 2014-03, 2013/2019, 2014~)
rec-review-bad-date = give the date as a year, a month or an interval; nothing was changed
err-review-no-such-incident = { $code } has no incident { $number } (it has { $count })
rec-review-no-such-incident = number the incidents from 1, as `review show { $code }` lists them; nothing was changed
err-review-no-reviewer = the annotation names no reviewer
rec-review-no-reviewer = give --reviewer with your name or initials (or set FIELDVAULT_REVIEWER); nothing was changed
err-review-nothing = the annotation records nothing
rec-review-nothing = give --status, --tag, --untag or --note
err-publish-no-consent = no interviewee's consent allows sharing with { $audience }
rec-publish-no-consent = choose an audience their consent names (consent.share_with: un, courts, researchers, public); nothing was written
err-publish-out-of-range = the excerpt { $start }–{ $end } of { $code } is not inside its narrative ({ $length } characters)
rec-publish-out-of-range = count characters from 0, the end excluded, and keep the end within the narrative; nothing was written
err-publish-revision-changed = the excerpt of { $code } was chosen in revision { $chosen }…, but its newest revision is { $current }…
rec-publish-revision-changed = the narrative may have changed: choose the excerpt again in the newest revision; nothing was written
err-consent-nothing = the consent change names nothing to change
rec-consent-nothing = give --withdraw, --quote or --share-with; nothing was recorded
err-consent-widening = { $code }: a consent change can only narrow, and { $what } would widen it
rec-consent-widening = if the interviewee now allows more, correct the interview's consent in a new revision; nothing was recorded
err-attachment-vault-full = the vault's attachments would pass { $limit } GiB
rec-attachment-vault-full = nothing was stored; deliver and wipe interviews to make room
err-attachment-damaged = the attachment { $name } does not read back as it was stored
rec-attachment-damaged = the vault folder's copy was changed or damaged; nothing was written from it. Keep the vault as it is and tell your technical contact
err-missing-party = no trusted party matches { $selector }
rec-missing-party = `trust list` shows them
err-missing-several-parties = { $selector } matches several
rec-missing-several-parties = give more of the fingerprint
err-missing-setting = { $key } is not a setting
rec-missing-setting = the settings are listed in docs/desktop-app.md
err-missing-receipt = no receipt for this laptop in { $dir }
rec-missing-receipt = headquarters writes it onto the stick when it imports the bundle

## Trust cards

err-invalid-card = trust card: { $cause }
rec-invalid-card = { $cause_todo }
err-card-too-long = this is far too long to be a trust card ({ $bytes } bytes)
rec-card-too-long = check that it is the right file
err-card-line = line { $line }: { $detail }
rec-card-line = get the card again from its owner
err-card-bad-signature = the trust card's signature does not verify: the card was changed after it was made, or forged
rec-card-bad-signature = get the card again from its owner, in person
err-card-cannot-make = cannot make the trust card: { $detail }
rec-card-cannot-make = tell your organisation's technical contact
err-trust-wrong-role = trust card: this is a { $card } card; a { $vault } vault trusts { $vault ->
    [field] headquarters
   *[headquarters] field
  } cards only
rec-trust-wrong-role = { $vault ->
    [field] ask headquarters for its card
   *[headquarters] ask the field laptop for its card
  }
err-trust-own-card = trust card: this is this vault's own card
rec-trust-own-card = add the other side's card, not this one
err-trust-number-mismatch = trust card: the fingerprint you were given does not match this card's ({ $number })
rec-trust-number-mismatch = do not trust this card: it may have been swapped on the way. Compare again, in person or on a call you trust
err-trust-recipient-changed = { $label } is already trusted with another encryption key (old { $old }, new { $new })
rec-trust-recipient-changed = everything exported from now on would go to the new key. If the other side confirms that it changed its key, add the card again and accept the new key (CLI: --accept-new-recipient)
err-trust-already-removed = { $label } was already removed
rec-trust-already-removed = nothing to do; `trust list` shows who is trusted
err-trust-bad-label = trust card: the label must be 1 to 100 characters on one line
rec-trust-bad-label = give a short name such as "Seoul HQ" or "laptop 3"

## Bundles and receipts

err-in-file = { $file }: { $cause }
rec-in-file = { $cause_todo }
err-bundle-not-for-us = this { $doc } was not encrypted to this { $doc ->
    [bundle] vault
   *[receipt] device
  }'s key — it is meant for { $doc ->
    [bundle] another headquarters (or it is a receipt, for a field laptop)
   *[receipt] another device (or it is a bundle, for headquarters)
  }
rec-bundle-not-for-us = nothing was changed; { $doc ->
    [bundle] give it to the headquarters it was made for
   *[receipt] give it to the laptop it was made for
  }
err-bundle-receipt-for-another-device = this receipt is for another device (device { $device }); it does not cover this laptop's interviews
rec-bundle-receipt-for-another-device = nothing was changed; give it to that device
err-bundle-not-a-document = this is not a fieldvault { $doc }: { $detail }
rec-bundle-not-a-document = check that it is the right file
err-bundle-damaged = the { $doc } is damaged or incomplete (it may have been cut short when the stick was pulled)
rec-bundle-damaged = ask for it again
err-bundle-bad-signature = the { $doc }'s signature does not verify: it was changed after it was signed, or forged
rec-bundle-bad-signature = do not use it, and ask for it again
err-bundle-tampered = the { $doc } does not match what was signed ({ $detail }): it was changed after it was signed, or forged
rec-bundle-tampered = do not use it, and ask for it again
err-bundle-unknown-signer = the { $doc } was signed by a key that is not trusted here ({ $fingerprint })
rec-bundle-unknown-signer = compare this fingerprint with the sender's trust card, and enroll the key first if it is genuine
err-bundle-newer-format = this { $doc } was made by a newer fieldvault (format { $found })
rec-bundle-newer-format = update fieldvault
err-bundle-hostile = the { $doc } was refused because it is not built the way fieldvault builds it ({ $detail })
rec-bundle-hostile = it may have been crafted to attack this computer — do not open it with other tools, and report it
err-bundle-invalid-input = cannot write the { $doc }: { $detail }
rec-bundle-invalid-input = tell your organisation's technical contact
err-bundle-io = could not read or write the { $doc }: { $detail }
rec-bundle-io = check the stick, then try again
err-passed-over-receipt = a receipt, for the field laptop (`receipt import`), not a bundle
rec-passed-over-receipt = give it to the field laptop
err-passed-over-partial = an export that never finished
rec-passed-over-partial = export again on the laptop
err-passed-over-hidden = a hidden file, not a bundle
rec-passed-over-hidden = nothing to do
err-passed-over-own-receipt = a receipt this headquarters wrote, for a field laptop
rec-passed-over-own-receipt = give the stick back to the field laptop

## Headquarters' checks on import

err-import-removed-device = the bundle is signed by device { $device } ({ $label }), which was removed from the enrolled devices on { $removed_on }; it is refused
rec-import-removed-device = nothing was imported; if the device should deliver again, enroll its trust card again
err-import-invalid-interview = the bundle holds an invalid interview: { $file }: { $cause }
rec-import-invalid-interview = nothing was imported; ask the device's owner how this bundle was made
err-import-not-one-interview = { $file } must hold exactly one interview
rec-import-not-one-interview = nothing was imported; the bundle was made wrongly
err-import-code-mismatch = { $file }: the manifest says code "{ $manifest_code }" but the file says "{ $file_code }"
rec-import-code-mismatch = nothing was imported; the bundle was made wrongly
err-import-previous-claim = { $file }: revision { $revision } { $revision ->
    [1] names
   *[other] does not name
  } a previous revision
rec-import-previous-claim = nothing was imported; the bundle was made wrongly
err-import-hash-mismatch = { $file }: the revision hash does not match its content
rec-import-hash-mismatch = nothing was imported; the bundle was made wrongly or altered before signing
err-import-foreign-revision = { $sender } sent revision { $revision } of interview { $interview } (code "{ $code }"), which belongs to { $owner }; only the device that recorded an interview may revise it
rec-import-foreign-revision = the whole bundle was refused and nothing from it was imported; the attempt is listed by `hq review`
err-import-forked = { $sender } sent revision { $revision } of interview { $interview } (code "{ $code }") following a revision { $previous } that is not the one headquarters holds
rec-import-forked = a sealed revision never changes, so the whole bundle was refused and nothing from it was imported (ask the device's owner how this bundle was made)
err-import-already-different = headquarters already holds revision { $revision } of { $code } with different content
rec-import-already-different = a sealed revision never changes, so this bundle was refused and nothing was imported (ask the device's owner how this bundle was made)
err-import-held-invalid = a held revision no longer validates: { $cause }
rec-import-held-invalid = it stays held; tell your organisation's technical contact
err-import-not-enrolled = the device is no longer enrolled
rec-import-not-enrolled = enroll its trust card again to write its receipt
err-import-bad-recipient = the device's stored encryption key is unreadable ({ $detail })
rec-import-bad-recipient = remove the device and enroll its trust card again
err-import-io = cannot read { $path }: { $detail }
rec-import-io = check the stick, then import again

## Bundles in parts (a bundle over the part size, split for FAT32 sticks)

err-parts-missing = part { $part } of { $count } of { $name } is missing
rec-parts-missing = copy every part of the bundle from the stick, then import again
err-parts-extra = { $file } is not one of the { $count } parts of { $name } (its number is beyond the count)
rec-parts-extra = it belongs to another copy of the bundle: move it away, copy every part from the stick again, then import again
err-parts-mixed = the parts of { $name } come from two exports (some say { $first } parts, others { $second })
rec-parts-mixed = keep the parts of one export only: copy every part from the stick again, then import again
err-parts-wrong-size = { $which ->
    [empty] the last part of { $name } (part { $part } of { $count }) is empty
    [last] the last part of { $name } (part { $part } of { $count }) is { $size } bytes, more than the { $expected } bytes of each part before it
   *[other] part { $part } of { $count } of { $name } is { $size } bytes, but each part before the last is { $expected } bytes
  }; it was cut short, changed, renamed or put out of order
rec-parts-wrong-size = copy every part of the bundle from the stick again under the names export gave them, then import again
err-parts-do-not-join = the { $count } parts of { $name } do not join into one intact bundle ({ $cause })
rec-parts-do-not-join = a part may be damaged, renamed or from another bundle: copy every part from the stick again, or ask for the bundle again
err-part-size-not-a-size = { $text } is not a part size
rec-part-size-not-a-size = give a number of bytes with a unit, such as 4GiB, 100MiB or 64KiB
err-part-size-too-small = a part size of { $bytes } bytes is too small
rec-part-size-too-small = use at least { $min } bytes (64KiB); the default, 4 GiB less one byte, is the largest file a FAT32 stick takes

## Receipts on the laptop

err-receipt-for-another-device = this receipt is for another device
rec-receipt-for-another-device = nothing was marked delivered; give it to that device
err-receipt-unknown-bundle = this receipt names a bundle this laptop never exported
rec-receipt-unknown-bundle = nothing was marked delivered; it may be for another laptop
err-receipt-sequence-mismatch = the receipt's sequence number does not match the bundle it names
rec-receipt-sequence-mismatch = nothing was marked delivered; ask headquarters for the receipt again
err-receipt-not-in-bundle = the receipt names revision { $revision } of { $code }, which was not in that bundle: it may be replayed or forged
rec-receipt-not-in-bundle = nothing was marked delivered; ask headquarters for the receipt again
err-receipt-not-in-vault = revision { $revision } of { $code } is not in this vault
rec-receipt-not-in-vault = nothing was marked delivered; ask headquarters for the receipt again

## Export

err-export-no-headquarters = no headquarters is trusted yet, so nobody could open a bundle
rec-export-no-headquarters = get headquarters' trust card and run `trust add CARD`
err-export-nothing-sealed = nothing to export: there are no sealed interviews awaiting delivery
rec-export-nothing-sealed = seal drafts with `interview seal`
err-export-all-left-out = nothing to export: every interview awaiting delivery was left out
rec-export-all-left-out = leave fewer out
err-export-changed-meanwhile = interviews changed while they were being exported
rec-export-changed-meanwhile = nothing was marked exported, export again
err-export-read-back = { $path } reads back differently from what was written: the medium may be failing
rec-export-read-back = the file was removed and nothing was marked exported, try another stick

## Wiping

err-wipe-not-found = { $path } does not exist, so there is nothing to wipe
rec-wipe-not-found = it may have been wiped already
err-wipe-not-a-file = { $path } is { $kind ->
    [folder] a folder
    [device] a device
    [pipe] a pipe
    [socket] a socket
   *[other] something else
  }, not a regular file
rec-wipe-not-a-file = only regular files can be wiped, so nothing was done
err-wipe-not-a-folder = { $path } is not a folder
rec-wipe-not-a-folder = give the vault's folder
err-wipe-symlink = { $path } is a symbolic link; links are never followed when wiping, so nothing was done
rec-wipe-symlink = wipe the file it points to by its real path
err-wipe-hard-linked = { $path } has { $links } names (hard links); overwriting it would also destroy the data seen through the other names, so nothing was done
rec-wipe-hard-linked = remove the other names, then wipe again
err-wipe-read-only = the medium is read-only; nothing was wiped ({ $path } is untouched)
rec-wipe-read-only = make the medium writable, e.g. the lock switch of the stick, and run the wipe again
err-wipe-not-writable = no permission to write { $path }; nothing was wiped
rec-wipe-not-writable = run fieldvault as the user who owns the file and run the wipe again
err-wipe-interrupted = wiping { $path } stopped: overwritten { $percent }%; { $state ->
    [overwriting] the file is still there with part of its old content
    [truncating] the file was overwritten but is still there under its name
    [renaming] the file was overwritten and emptied but is still there under its name
   *[unlinking] the file was overwritten and emptied; an empty file with a random name may remain
  }; now at { $now_at } ({ $detail })
rec-wipe-interrupted = plug the stick in (or fix the error) and run the wipe again
err-wipe-io = could not { $action ->
    [open] open
    [replaced] wipe (it was replaced while being opened)
   *[read] read
  } { $path } ({ $detail }); nothing was wiped
rec-wipe-io = check the file and run the wipe again
err-wipe-not-covered = { $path }: { $cause }
rec-wipe-not-covered = nothing was wiped (add --force to wipe it anyway)
err-not-covered-not-ours = not a bundle this laptop exported
rec-not-covered-not-ours = nothing was wiped
err-not-covered-changed = it has the name of bundle { $sequence } but not its content (changed or damaged)
rec-not-covered-changed = nothing was wiped
err-not-covered-no-receipt = no headquarters receipt covers bundle { $sequence } yet: it may be the only copy of those testimonies
rec-not-covered-no-receipt = import headquarters' receipt first
err-wipe-not-delivered = { $code } is { $state ->
    [absent] not in this vault
   *[other] { $state }
  }: no headquarters receipt covers it, so it is not wiped
rec-wipe-not-delivered = nothing was wiped; import headquarters' receipt first
err-wipe-not-a-bundle-file = { $path } is not a regular file (a folder or a link)
rec-wipe-not-a-bundle-file = only bundle files are wiped this way

## Files and folders

err-io-failed = could not { $action ->
    [create-vault-folder] create the vault folder
    [protect-database] protect
    [read-folder] read the folder
    [read-vault-header] read the vault header
    [write-vault-header] write the vault header
    [write-key-file] write the key file
    [write-trust-card] write the trust card to
    [write-receipt] write the receipt
    [keep-in-transit] keep a file in transit in
    [create-bundle] create
    [write-bundle] write
    [name-bundle] name the bundle
    [read-back-bundle] read back
    [store-attachment] store the attachment in
    [export-attachment] write the attachment's copy to
    [export-analysis] write the export file
   *[read] read
  } { $path }: { $why ->
    [missing] { $action ->
        [create-bundle] the folder is gone (was the stick removed?)
        [write-bundle] the folder or file is gone (was the stick removed?)
        [name-bundle] the folder or file is gone (was the stick removed?)
        [read-back-bundle] the file disappeared (was the stick removed?)
       *[other] it does not exist
      }
    [permission] permission denied
    [read-only] the medium is read-only
    [full] the disk is full
    [exists] a file of that name is already there
   *[other] { $detail }
  }
rec-io-failed = { $action ->
    [write-receipt] the bundle itself was imported and is safe: { $why ->
        [full] free some space on the stick, then run the same import again to write its receipt
        [read-only] make the stick writable, then run the same import again to write its receipt
       *[other] once that is fixed, run the same import again to write its receipt
      }
    [create-bundle] nothing was marked exported; { $why ->
        [missing] plug it in and export again
        [permission] use a folder you can write to
        [read-only] use a writable stick
        [full] free some space on it or use another stick, then export again
       *[other] the medium may be failing or have been removed: check it, then export again
      }
    [write-bundle] nothing was marked exported; { $why ->
        [missing] plug it in and export again
        [permission] use a folder you can write to
        [read-only] use a writable stick
        [full] free some space on it or use another stick, then export again
       *[other] the medium may be failing or have been removed: check it, then export again
      }
    [name-bundle] nothing was marked exported; { $why ->
        [missing] plug it in and export again
        [full] free some space on it or use another stick, then export again
       *[other] check the stick, then export again
      }
    [read-back-bundle] nothing was marked exported; { $why ->
        [missing] plug it in and export again
       *[other] the medium may be failing: try another stick
      }
   *[other] { $why ->
        [missing] check the path and try again
        [permission] use a folder you can write to
        [read-only] use a writable folder
        [full] free some space and try again
        [exists] choose an empty folder or move the earlier file away: nothing is overwritten
       *[other] check the folder and try again
      }
  }

## Interview files (each problem is named with its place: incidents[2].when, tags[0])

err-validation-at = { $path }: { $cause }
rec-validation-at = { $cause_todo }
err-validation-and-more = { $cause } (and { $more } more)
rec-validation-and-more = { $cause_todo }
err-validation-none = no errors
rec-validation-none = nothing to do
err-edtf-not-a-date = { $value } is not a date ({ $why ->
    [empty] it is empty
    [range] a month, day or season is out of range
    [backwards] the interval ends before it starts
   *[syntax] it is not written as an EDTF date
  })
rec-edtf-not-a-date = use EDTF such as 2008, 2008-11, 2008-11-03, 2014~, 2012?, 201X, 2015/2017 or 2015/..
err-edtf-not-a-year = { $value } is not a year (a year is written 1991, 1991~, 1991? or 199X)
rec-edtf-not-a-year = write the year alone, in EDTF
err-problem-not-an-interview = expected an interview object, found { $found ->
    [null] null
    [boolean] a boolean
    [number] a number
    [string] a string
   *[list] a list
  }
rec-problem-not-an-interview = give one interview object, or a list of them (docs/interview-format.md)
err-problem-file-too-large = the file is too large: { $bytes } bytes, the limit is { $limit } bytes{ $unit ->
    [none] {""}
   *[other] {" "}({ $unit })
  }
rec-problem-file-too-large = split it into several files
err-problem-not-json = { $detail }
rec-problem-not-json = the file is not valid JSON: check it in a text editor near that line
err-problem-shape = { $detail }
rec-problem-shape = see docs/interview-format.md for the fields and their types
err-problem-unknown-field = unknown field
rec-problem-unknown-field = check its spelling (docs/interview-format.md lists the fields)
err-problem-unknown-field-allowed = unknown field (allowed here: { $allowed })
rec-problem-unknown-field-allowed = check its spelling
err-problem-empty-list = the list is empty; expected at least one interview
rec-problem-empty-list = nothing to add
err-problem-too-many-interviews = too many interviews: { $count }, the limit is { $limit } per file
rec-problem-too-many-interviews = split it into several files
err-problem-not-one-interview = holds { $count } interviews
rec-problem-not-one-interview = give exactly one
err-problem-duplicate-code = { $code } is also used by [{ $first }]
rec-problem-duplicate-code = each interview needs its own code
err-problem-code-twice-in-import = { $code } appears twice in this import (also in { $first })
rec-problem-code-twice-in-import = each interview needs its own code
err-problem-nul = contains a NUL character, which is not allowed in text
rec-problem-nul = remove it
err-problem-invalid-code = { $value } is not a valid code
rec-problem-invalid-code = use 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit; never a real name
err-problem-not-a-country = { $value } is not a country code
rec-problem-not-a-country = use ISO 3166-1 alpha-2 in capitals, e.g. KP, CN, KR
err-problem-not-a-language = { $value } is not a language tag
rec-problem-not-a-language = use BCP 47, e.g. ko, en, ko-KR
err-problem-not-in-vocabulary = { $value } is not { $kind ->
    [incident_kind] an incident kind
    [facility_type] a facility type
    [perpetrator_kind] a perpetrator kind
    [quote] a quote level
   *[source] a source type
  } (see the vocabulary list)
rec-problem-not-in-vocabulary = use a term from the vocabulary list
err-problem-not-in-vocabulary-suggest = { $value } is not { $kind ->
    [incident_kind] an incident kind
    [facility_type] a facility type
    [perpetrator_kind] a perpetrator kind
    [quote] a quote level
   *[source] a source type
  } (see the vocabulary list; did you mean { $suggestion }?)
rec-problem-not-in-vocabulary-suggest = use a term from the vocabulary list
err-problem-too-long-bytes = too long: { $bytes } bytes, the limit is { $limit } bytes{ $unit ->
    [none] {""}
   *[other] {" "}({ $unit })
  }
rec-problem-too-long-bytes = shorten it
err-problem-too-long-chars = too long: { $chars } characters, the limit is { $limit }
rec-problem-too-long-chars = shorten it
err-problem-too-many = too many { $what ->
    [entries] entries
    [incidents] incidents
    [children] children
    [tags] tags
    [perpetrators] perpetrators
   *[victims] victims
  }: { $count }, the limit is { $limit }
rec-problem-too-many = remove some
err-problem-empty = is empty
rec-problem-empty = fill it in or remove it

## The drop box (sync)

err-relay-unknown-key = the drop box does not know this key
rec-relay-unknown-key = give the drop box this vault's trust card (its operator adds it with --trust), or check that this laptop is still enrolled
err-relay-bad-signature = the drop box could not verify the request's signature: it was changed on the way, or forged
rec-relay-bad-signature = nothing was stored; try again, and if it happens again, the connection is not safe: stop and tell headquarters
err-relay-stale = the request's time is { $skew } seconds away from the drop box's clock
rec-relay-stale = set this computer's clock (date and time zone), then try again
err-relay-replayed = the drop box has seen this request before
rec-relay-replayed = nothing was changed; run sync again (each request is signed anew)
err-relay-malformed = the request's signature headers are missing or not well formed
rec-relay-malformed = use fieldvault's own sync on both sides
err-relay-not-allowed = this key may not do that at the drop box
rec-relay-not-allowed = a field laptop reads and writes only its own mailbox; headquarters fetches and acknowledges
err-sync-unreachable = the drop box cannot be reached ({ $detail })
rec-sync-unreachable = check the address and the network, then sync again (nothing was lost)
err-sync-pin-mismatch = the drop box presented another certificate than the pinned one: this may not be your organisation's drop box
rec-sync-pin-mismatch = nothing was sent; check the pin with headquarters, by a channel you trust
err-sync-status = the drop box answered with an error (HTTP { $status })
rec-sync-status = nothing was marked delivered; sync again later, and tell the drop box's operator if it goes on
err-sync-garbled = the drop box sent something other than what was asked for
rec-sync-garbled = nothing was changed; sync again
err-sync-too-large = a bundle is larger than the drop box accepts
rec-sync-too-large = nothing was lost: the bundle stays in the vault; ask the drop box's operator to raise its limit (--max-mib), or carry it on a stick
err-sync-store-full = the drop box cannot store anything: its storage is full or out of service
rec-sync-store-full = nothing was lost: the bundles stay in the vault; tell the drop box's operator, then sync again
err-sync-cancelled = the sync was stopped
rec-sync-cancelled = what was already sent or received is kept; nothing else changed. Sync again to finish
err-sync-bad-proxy = { $address } is not a SOCKS5 proxy address of the form socks5h://HOST:PORT
rec-sync-bad-proxy = give the proxy as socks5h://127.0.0.1:9050 (Tor's usual address); socks5h lets the proxy look up the drop box's name, so it does not leak to the local network
