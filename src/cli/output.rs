//! What the CLI prints: plain text for people, `--json` for scripts.

use std::io::IsTerminal;

use crate::vault::{
    BundleImport, DestroyReport, ExportReport, FileWipeReport, Gap, IdentityInfo, InterviewSummary,
    InterviewView, LogReport, ReceiptReport, ReceiptsFound, Review, SearchHit, StatusReport, TrustedParty,
    WipeDeliveredReport,
};

fn print_json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("fieldvault: cannot format the output as JSON: {e}"),
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

pub fn list(items: &[InterviewSummary], json: bool) {
    if json {
        return print_json(items);
    }
    if items.is_empty() {
        println!("No interviews.");
        return;
    }
    println!(
        "{:<8}  {:<16}  {:<3}  {:<9}  {:<12}  hash",
        "id", "code", "rev", "state", "interviewed"
    );
    for s in items {
        println!(
            "{:<8}  {:<16}  {:<3}  {:<9}  {:<12}  {}",
            short(&s.id),
            s.code,
            s.revision,
            s.state.as_str(),
            s.interviewed_on.as_deref().unwrap_or("-"),
            s.hash.as_deref().map_or("-", |h| h.get(..16).unwrap_or(h)),
        );
    }
}

pub fn show(view: &InterviewView, json: bool) {
    if json {
        match &view.record {
            Some(record) => println!("{}", record.pretty_json()),
            None => print_json(&serde_json::json!({
                "code": view.summary.code,
                "wiped": true,
                "history": view.history,
            })),
        }
        return;
    }
    let s = &view.summary;
    println!("Interview {}  (id {})", s.code, s.id);
    println!("State: {}, revision {}", s.state.as_str(), s.revision);
    if let Some(device) = &s.device {
        println!("Device: {device}");
    }
    if let Some(bundle) = &s.bundle_id {
        println!("Bundle: {bundle}");
    }
    println!("History:");
    for r in &view.history {
        println!(
            "  revision {}  {:<9}  created {}  {}",
            r.revision,
            r.state.as_str(),
            r.created_at,
            r.hash.as_deref().map(|h| format!("hash {h}")).unwrap_or_default()
        );
    }
    match &view.record {
        Some(record) => println!("{}", record.pretty_json()),
        None => println!("(content wiped after delivery; only this record remains)"),
    }
}

pub fn search(hits: &[SearchHit], json: bool) {
    if json {
        return print_json(hits);
    }
    if hits.is_empty() {
        println!("No matches.");
        return;
    }
    let (open, close) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for hit in hits {
        println!(
            "{}  {}  revision {}  {}",
            short(&hit.id),
            hit.code,
            hit.revision,
            hit.state.as_str()
        );
        for snippet in &hit.snippets {
            let mut text = String::new();
            let mut at = 0;
            for &(a, b) in &snippet.highlights {
                if a < at
                    || b > snippet.text.len()
                    || !snippet.text.is_char_boundary(a)
                    || !snippet.text.is_char_boundary(b)
                {
                    continue;
                }
                text.push_str(&snippet.text[at..a]);
                text.push_str(open);
                text.push_str(&snippet.text[a..b]);
                text.push_str(close);
                at = b;
            }
            text.push_str(&snippet.text[at..]);
            println!("    {}: {}", snippet.field, text);
        }
    }
}

pub fn status(report: &StatusReport, json: bool) {
    if json {
        return print_json(report);
    }
    println!(
        "{} vault: {} interview(s)",
        report.role.as_str(),
        report.interviews
    );
    for (state, n) in &report.revisions {
        println!("  {state:<10} {n}");
    }
}

pub fn log_report(report: &LogReport, json: bool) {
    if json {
        return print_json(report);
    }
    if report.is_intact() {
        println!(
            "The audit log is intact: {} entries verified end to end.",
            report.entries
        );
    } else {
        println!("The audit log is NOT intact ({} entries read):", report.entries);
        for p in &report.problems {
            println!("  {p}");
        }
    }
}

pub fn identity(id: &IdentityInfo, json: bool) {
    if json {
        return print_json(id);
    }
    println!("{} ({} vault)", id.label, id.role.as_str());
    println!("Fingerprint: {}   {}", id.safety_number, id.fingerprint);
    println!("age recipient: {}", id.age_recipient);
    println!("ssh key: {}", id.ssh_key);
}

pub fn trust_list(parties: &[TrustedParty], json: bool) {
    if json {
        return print_json(parties);
    }
    if parties.is_empty() {
        println!("Nobody is trusted yet: add a trust card with `trust add CARD`.");
        return;
    }
    for p in parties {
        let status = match &p.removed_at {
            Some(at) => format!("removed {at}"),
            None => format!("since {}", p.added_at),
        };
        println!(
            "{:<24} {:<12} {}  {}",
            p.label,
            p.role.as_str(),
            p.safety_number,
            status
        );
    }
}

pub fn export(report: &ExportReport, json: bool) {
    if json {
        return print_json(report);
    }
    // One path per line: the bundle's file, or each of its parts.
    for file in &report.files {
        println!("{}", file.display());
    }
    eprintln!(
        "Exported {} revision(s) as bundle {} ({} bytes), readable only by: {}.",
        report.interviews.len(),
        report.sequence,
        report.bytes,
        report.recipients.join(", ")
    );
    if report.consent_changes > 0 {
        eprintln!(
            "It also carries {} consent change(s) to headquarters; they go again in each export until a receipt confirms them.",
            report.consent_changes
        );
    }
    if report.files.len() > 1 {
        eprintln!(
            "The bundle is larger than the part size (a FAT32 stick's file limit unless --part-size says otherwise), so it is in {} parts: copy every one of them to headquarters; its import joins them.",
            report.files.len()
        );
    }
    eprintln!("They stay on this laptop until headquarters' receipt comes back (`receipt import`).");
    if !report.recovered.is_empty() {
        eprintln!(
            "Also found in that folder and now recorded: bundle(s) {} that an interrupted export had completed; they can go to headquarters as they are.",
            report
                .recovered
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if report.on_vault_disk {
        eprintln!(
            "Warning: {} is on this laptop's own disk, not on a separate stick. If a stick should be there, it is not mounted: plug it in, move the bundle onto it, and check that the folder is the stick's.",
            report.path.parent().unwrap_or(&report.path).display()
        );
    }
}

pub fn imports(imports: &[BundleImport], gaps: &[Gap], json: bool) {
    if json {
        return print_json(&serde_json::json!({ "imports": imports, "gaps": gaps }));
    }
    for i in imports {
        let r = &i.report;
        let file = match r.parts {
            1 => r.file.clone(),
            n => format!("{} ({n} parts)", r.file),
        };
        if r.already_imported {
            println!(
                "{file}: already imported (bundle {} from {}); nothing changed",
                r.sequence, r.device_label
            );
        } else {
            println!(
                "{file}: bundle {} from {} ({}): {} revision(s) stored, {} already held",
                r.sequence, r.device_label, r.device, r.stored, r.already_held
            );
        }
        if r.held_back > 0 {
            println!(
                "  {} revision(s) held back, waiting for the revision each follows; the receipt leaves them out, so the device keeps them and sends them again",
                r.held_back
            );
        }
        if r.released > 0 {
            println!(
                "  {} revision(s) held back earlier are now in the archive",
                r.released
            );
        }
        if r.consent_changes > 0 {
            println!(
                "  {} consent change(s) stored: publication packs, analysis exports and statistics honour them",
                r.consent_changes
            );
        }
        for flag in &r.flags {
            println!("  review: {flag}");
        }
        if let Some(path) = &i.receipt {
            println!("  receipt: {}", path.display());
        }
    }
    for gap in gaps {
        println!("warning: {gap}");
    }
}

pub fn gaps(gaps: &[Gap], json: bool) {
    if json {
        return print_json(gaps);
    }
    if gaps.is_empty() {
        println!("No bundles are missing.");
    }
    for gap in gaps {
        println!("{gap}");
    }
}

pub fn review(review: &Review, json: bool) {
    if json {
        return print_json(review);
    }
    if review.flags.is_empty() && review.held.is_empty() {
        println!("Nothing needs review.");
    }
    for flag in &review.flags {
        println!("{} [{}] {}", flag.raised_at, flag.kind, flag.detail);
    }
    for held in &review.held {
        println!(
            "held back: revision {} of interview {} from {} (waits for revision {})",
            held.revision,
            held.interview_id,
            held.device,
            held.revision.saturating_sub(1)
        );
    }
}

pub fn receipts_found(found: &ReceiptsFound, json: bool) {
    if json {
        return print_json(found);
    }
    for report in &found.applied {
        receipt(report, false);
    }
    for refused in &found.refused {
        eprintln!("refused {}: {}", refused.name, refused.error);
    }
}

pub fn receipt(report: &ReceiptReport, json: bool) {
    if json {
        return print_json(report);
    }
    if report.delivered.is_empty() && report.consent_changes == 0 {
        println!("This receipt was already applied; nothing changed.");
        return;
    }
    if !report.delivered.is_empty() {
        println!("{} confirmed delivery of:", report.headquarters);
        for d in &report.delivered {
            println!("  {d}");
        }
    }
    if report.consent_changes > 0 {
        println!(
            "{} confirmed it holds {} consent change(s) from this laptop.",
            report.headquarters, report.consent_changes
        );
    }
}

pub fn wipe_delivered(report: &WipeDeliveredReport, json: bool) {
    if json {
        return print_json(report);
    }
    if report.wiped.is_empty() {
        println!("Nothing was delivered, so nothing was wiped.");
    } else {
        println!("Wiped from this laptop ({} revision(s)):", report.wiped.len());
        for w in &report.wiped {
            println!(
                "  {} revision {}  hash {}  receipt {}",
                w.code,
                w.revision,
                w.hash,
                w.receipt_id.as_deref().unwrap_or("-")
            );
        }
    }
    if report.work_copies_discarded > 0 {
        println!(
            "Discarded {} unsaved editor work copy(ies) of the wiped interviews.",
            report.work_copies_discarded
        );
    }
    if !report.kept.is_empty() {
        println!("Kept, because no receipt covers them yet:");
        for k in &report.kept {
            println!("  {} revision {} ({})", k.code, k.revision, k.state.as_str());
        }
    }
    println!(
        "Database: {} bytes before, {} after. Key rotated: {}.",
        report.database_bytes_before,
        report.database_bytes_after,
        if report.key_rotated { "yes" } else { "no" }
    );
    println!("What this does and does not guarantee:");
    for limit in &report.limits {
        println!("  - {limit}");
    }
}

pub fn file_wipe(report: &FileWipeReport, json: bool) {
    if json {
        return print_json(report);
    }
    if report.wiped.is_empty() {
        println!("No file was wiped.");
    }
    for w in &report.wiped {
        let what = match (w.bundle, &w.receipt_id) {
            (Some(n), Some(_)) => format!("bundle {n}, confirmed by headquarters"),
            (Some(n), None) => format!("bundle {n}, NOT confirmed (forced)"),
            (None, _) => "not a bundle of this laptop (forced)".to_owned(),
        };
        println!(
            "Wiped {} ({} bytes; {}): overwritten {}, renamed {}, unlinked {}",
            w.file.path.display(),
            w.file.bytes,
            what,
            yes(w.file.overwritten),
            yes(w.file.renamed),
            yes(w.file.unlinked)
        );
    }
    for k in &report.kept {
        println!("Kept {}: {}", k.path.display(), k.reason);
    }
    limits(&report.limits);
}

pub fn destroy(report: &DestroyReport, json: bool) {
    if json {
        return print_json(report);
    }
    if report.key_destroyed {
        println!(
            "The vault key was destroyed {:.0} ms after the start: the vault can no longer be opened.",
            report.key_destroyed_after_ms
        );
    } else {
        println!("WARNING: the vault key could NOT be destroyed.");
    }
    for f in &report.files {
        println!(
            "  {} ({} bytes): overwritten {}, unlinked {}",
            f.path.display(),
            f.bytes,
            yes(f.overwritten),
            yes(f.unlinked)
        );
    }
    println!("Folder removed: {}", yes(report.folder_removed));
    for p in &report.problems {
        println!("problem: {p}");
    }
    limits(crate::vault::DESTROY_LIMITS);
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn limits(items: &[&str]) {
    println!("What this does and does not guarantee:");
    for item in items {
        println!("  - {item}");
    }
}

pub fn sync(report: &crate::relay::sync::SyncReport, json: bool) {
    if json {
        return print_json(report);
    }
    if report.exported > 0 {
        println!("Exported the sealed interviews into a new bundle.");
    }
    for name in &report.sent {
        println!("sent bundle {name}");
    }
    for name in &report.receipts {
        println!("applied receipt {name}");
    }
    for revision in &report.delivered {
        println!("  delivered: {revision}");
    }
    for name in &report.imported {
        println!("imported bundle {name}; its receipt went back to the device");
    }
    for (name, why) in &report.refused {
        eprintln!("refused bundle {name} (left on the drop box): {why}");
    }
    if report.is_empty() {
        println!("Nothing to move.");
    }
}

pub fn attached(reports: &[crate::vault::AttachReport], json: bool) {
    if json {
        return print_json(&reports);
    }
    for report in reports {
        let a = &report.attachment;
        println!(
            "Attached {} as {} ({}, {} bytes, SHA-256 {}), encrypted in the vault.",
            a.file_name, a.id, a.media_type, a.size, a.sha256
        );
        if let Some(wipe) = &report.source_wipe {
            println!(
                "  wiped the original {}: overwritten {}, renamed {}, unlinked {}",
                wipe.path.display(),
                yes(wipe.overwritten),
                yes(wipe.renamed),
                yes(wipe.unlinked)
            );
        }
    }
}

pub fn attachments(list: &[crate::vault::AttachmentInfo], json: bool) {
    if json {
        return print_json(&list);
    }
    if list.is_empty() {
        println!("No attachments.");
    }
    for a in list {
        println!(
            "{}  {}  {}  {} bytes  sha256 {}  added {} (revision {}){}",
            a.id,
            a.file_name,
            a.media_type,
            a.size,
            a.sha256,
            a.added_at,
            a.added_in,
            if a.state == "complete" {
                String::new()
            } else {
                format!("  [{}]", a.state)
            }
        );
    }
}
