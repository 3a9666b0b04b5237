//! Desktop app benchmark (issue: desktop app). Run: `cargo bench --bench app --features bench-hooks`
//! (`FIELDVAULT_BENCH_APP_N=1000` for a quicker run).
//!
//! With N (default 10,000) interviews in a vault, measures the time to build one frame
//! (`Context::run_ui` with the real `App`, no accessibility tree, as in eframe without a
//! screen reader) while scrolling the interview list, and while typing into a 50 KB
//! narrative, as p50 and p99; the same with tessellation added; and the peak memory of
//! this process, which holds only the unlocked app (the vault is made by a child process).
//! When `xvfb-run` is installed it also launches the release binary in a real window and
//! reports the time from process start to the first frame of the unlock screen.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fieldvault::ui::App;
use fieldvault_core::domain::Lang;
use fieldvault_core::secret::Passphrase;
use fieldvault_core::vault::{Role, Vault};

const PASS: &str = "benchmark passphrase 1";
const FRAMES: usize = 600;

fn main() {
    if let Ok(dir) = std::env::var("FIELDVAULT_APPBENCH_PREPARE") {
        prepare(Path::new(&dir));
        return;
    }
    let n: usize = std::env::var("FIELDVAULT_BENCH_APP_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let work = tempfile::tempdir().expect("temp dir");
    let dir = work.path().join("vault");
    let started = Instant::now();
    let status = Command::new(std::env::current_exe().unwrap())
        .env("FIELDVAULT_APPBENCH_PREPARE", &dir)
        .env("FIELDVAULT_BENCH_APP_N", n.to_string())
        .status()
        .expect("prepare the vault in a child process");
    assert!(status.success());
    println!(
        "vault with {n} interviews prepared in {:.1} s (child process)",
        started.elapsed().as_secs_f64()
    );

    // Unlock through the UI, then take the app out of the test harness.
    let mut harness = Harness::builder()
        .with_size([1280.0, 900.0])
        .with_context_setup(App::setup)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), App::new(dir.clone(), Lang::En));
    harness.run_steps(2);
    harness.get_by_label("Passphrase").click();
    harness.run_steps(1);
    harness.get_by_label("Passphrase").type_text(PASS);
    harness.run_steps(1);
    let unlock = Instant::now();
    harness.get_by_label("Unlock").click();
    harness.run_steps(1);
    let unlock_s = unlock.elapsed().as_secs_f64();
    let mut app = harness.into_state();
    assert!(!app.is_locked());
    let rows = app.session().map(|s| s.screens.list.rows().len()).unwrap_or(0);
    assert_eq!(rows, n);
    println!("unlock + list of {rows} rows loaded: {unlock_s:.2} s");
    // Unlocking peaks at Argon2id's 256 MiB; reset the high-water mark to see the app's own.
    let peak_with_unlock = peak_rss_mib(std::process::id()).unwrap_or(0);
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();

    let ctx = egui::Context::default();
    App::setup(&ctx);
    let mut time = 0.0;
    let mut frame = |ctx: &egui::Context, app: &mut App, events: Vec<egui::Event>, tessellate: bool| -> f64 {
        time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 900.0),
            )),
            time: Some(time),
            events,
            ..Default::default()
        };
        let start = Instant::now();
        let output = ctx.run_ui(input, |ui| app.ui(ui));
        if tessellate {
            let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
        }
        start.elapsed().as_secs_f64() * 1000.0
    };
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new(), true);
    }

    // Scrolling the list: a wheel event every frame, pointer over the list.
    let mut report = Vec::new();
    for tessellate in [false, true] {
        let mut times = Vec::with_capacity(FRAMES);
        for i in 0..FRAMES {
            let delta = if (i / 150) % 2 == 0 { -120.0 } else { 120.0 };
            let events = vec![
                egui::Event::PointerMoved(egui::pos2(640.0, 450.0)),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: egui::vec2(0.0, delta),
                    modifiers: egui::Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                },
            ];
            times.push(frame(&ctx, &mut app, events, tessellate));
        }
        report.push((
            format!(
                "list of {n}, scrolling{}",
                if tessellate { " (+tessellate)" } else { "" }
            ),
            times,
        ));
    }

    // Typing into a 50 KB narrative: as one paragraph (the worst case: egui lays out each
    // paragraph again when it changes), and as paragraphs of about 1 KB, as testimony is typed.
    let one_paragraph = common::prose(&mut common::Rng::new(7), 50 * 1024);
    let paragraphs = one_paragraph
        .split_inclusive(". ")
        .fold((String::new(), 0), |(mut text, mut since), sentence| {
            text.push_str(sentence);
            since += sentence.len();
            if since > 1024 {
                text.push_str("\n\n");
                since = 0;
            }
            (text, since)
        })
        .0;
    for (shape, narrative) in [("one paragraph", one_paragraph), ("1 KB paragraphs", paragraphs)] {
        app.open_editor_for_benchmark(narrative);
        for _ in 0..5 {
            frame(&ctx, &mut app, Vec::new(), true);
        }
        ctx.memory_mut(|m| m.request_focus(egui::Id::unique("field-narrative")));
        frame(&ctx, &mut app, Vec::new(), true);
        for tessellate in [false, true] {
            let mut times = Vec::with_capacity(FRAMES);
            for i in 0..FRAMES {
                let text = if i % 2 == 0 { "가" } else { "a" };
                times.push(frame(
                    &ctx,
                    &mut app,
                    vec![egui::Event::Text(text.into())],
                    tessellate,
                ));
            }
            report.push((
                format!(
                    "typing, 50 KB narrative, {shape}{}",
                    if tessellate { " (+tessellate)" } else { "" }
                ),
                times,
            ));
        }
        let typed = app.editor_narrative_len();
        assert!(
            typed > 50 * 1024,
            "the keystrokes reached the narrative ({typed} bytes)"
        );
    }

    println!("\nframe build time, {FRAMES} frames each (ms):");
    println!("{:<48} {:>8} {:>8} {:>8}", "", "p50", "p99", "max");
    for (name, mut times) in report {
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{name:<48} {:>8.3} {:>8.3} {:>8.3}",
            common::percentile(&times, 50.0),
            common::percentile(&times, 99.0),
            times.last().copied().unwrap_or(0.0)
        );
    }
    println!(
        "\npeak memory of this process (VmHWM): {peak_with_unlock} MiB up to the unlock (Argon2id: 256 MiB)"
    );
    if reset {
        println!(
            "peak memory after the unlock (list and editor): {} MiB",
            peak_rss_mib(std::process::id()).unwrap_or(0)
        );
    }
    drop(app);
    launch_in_window(&dir);
}

/// Child process: a vault with N generated interviews, a tenth of them sealed.
fn prepare(dir: &Path) {
    let n: usize = std::env::var("FIELDVAULT_BENCH_APP_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut rng = common::Rng::new(42);
    let mut vault = Vault::create(dir, &Passphrase::new(PASS.into()), Role::Field, "bench").expect("create");
    let interviews: Vec<serde_json::Value> = (0..n).map(|i| common::interview(i, &mut rng)).collect();
    for chunk in interviews.chunks(1000) {
        vault
            .add_interviews(&[("batch".into(), serde_json::to_vec(chunk).unwrap())])
            .expect("add");
    }
    let sealed: Vec<String> = interviews
        .iter()
        .step_by(10)
        .filter_map(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned))
        .collect();
    vault.seal(&sealed).expect("seal");
}

fn peak_rss_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// Launch → unlock screen in a real window, three times; and the window's own peak memory.
fn launch_in_window(dir: &Path) {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        println!("\nlaunch time: skipped (xvfb-run is not installed)");
        return;
    }
    let binary = release_binary();
    if !binary.is_file() {
        println!("\nlaunch time: skipped (build the release binary first: cargo build --release)");
        return;
    }
    let mut times = Vec::new();
    for _ in 0..3 {
        let output = Command::new("timeout")
            .args(["20", "xvfb-run", "-a", "-s", "-screen 0 1280x900x24"])
            .arg(&binary)
            .arg("--vault")
            .arg(dir)
            .env("FIELDVAULT_TRACE_STARTUP", "1")
            .env("FIELDVAULT_EXIT_AFTER_FIRST_FRAME", "1")
            .output()
            .expect("run the app under xvfb");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if let Some(ms) = stderr
            .lines()
            .find_map(|l| l.strip_prefix("fieldvault: unlock screen drawn after "))
            .and_then(|rest| rest.trim_end_matches(" ms").parse::<f64>().ok())
        {
            times.push(ms);
        } else {
            println!("launch: no timing line; stderr was: {stderr}");
        }
    }
    if !times.is_empty() {
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "\nlaunch to the unlock screen (release binary, real window under Xvfb, Mesa llvmpipe): median {:.0} ms of {:?}",
            times[times.len() / 2],
            times
        );
    }
}

fn release_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("release").join("fieldvault")
}
