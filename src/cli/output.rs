//! What the CLI prints: plain text for people, `--json` for scripts.

use std::io::IsTerminal;

use crate::vault::{InterviewSummary, InterviewView, LogReport, SearchHit, StatusReport};

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
