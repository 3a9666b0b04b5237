//! A recording being made: a thread takes the input's blocks and appends them to the
//! vault's journal (each full chunk reaches the disk before the next is taken), and keeps
//! what the screen shows — elapsed time, the level, pause — in atomics the UI reads each
//! frame. The vault is not needed while recording: the journal owns its file.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::Capture;
use crate::vault::{Marker, RecordingJournal};

#[derive(Default)]
struct Shared {
    paused: AtomicBool,
    stop: AtomicBool,
    /// The last block's level (f32 bits), 0 to 1.
    level: AtomicU32,
    recorded_ms: AtomicU64,
    /// Why writing stopped (a full disk), if it did.
    failed: Mutex<Option<WriteFailure>>,
}

/// Why a recording stopped being written; what reached the disk is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteFailure {
    DiskFull,
    Other(String),
}

impl std::fmt::Display for WriteFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteFailure::DiskFull => f.write_str("the disk is full"),
            WriteFailure::Other(detail) => f.write_str(detail),
        }
    }
}

pub struct Recorder {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<RecordingJournal>>,
    id: String,
    /// The interview it records for.
    pub interview: String,
    /// Markers dropped so far, labels as typed.
    pub markers: Vec<Marker>,
}

impl Recorder {
    /// Starts appending `capture`'s samples to `journal`.
    pub fn start(interview: &str, capture: Capture, mut journal: RecordingJournal) -> Recorder {
        let shared = Arc::new(Shared::default());
        let id = journal.id().to_owned();
        let state = shared.clone();
        let thread = std::thread::Builder::new()
            .name("recorder".into())
            .spawn(move || {
                let Capture { blocks, guard, .. } = capture;
                let mut guard = Some(guard);
                loop {
                    let stopping = state.stop.load(Ordering::Relaxed);
                    if stopping {
                        // Stop the device, then keep what it already gave.
                        drop(guard.take());
                    }
                    let block = match blocks.recv_timeout(Duration::from_millis(50)) {
                        Ok(block) => block,
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) if !stopping => continue,
                        Err(_) => break,
                    };
                    let paused = state.paused.load(Ordering::Relaxed);
                    let level = if paused { 0.0 } else { super::level(&block) };
                    state.level.store(level.to_bits(), Ordering::Relaxed);
                    if paused || state.failed.lock().is_ok_and(|f| f.is_some()) {
                        continue;
                    }
                    if let Err(error) = journal.append(&block) {
                        let failure = if error.kind() == std::io::ErrorKind::StorageFull {
                            WriteFailure::DiskFull
                        } else {
                            WriteFailure::Other(error.to_string())
                        };
                        if let Ok(mut failed) = state.failed.lock() {
                            *failed = Some(failure);
                        }
                        continue;
                    }
                    state.recorded_ms.store(journal.recorded_ms(), Ordering::Relaxed);
                }
                journal
            })
            .expect("a thread for the recorder");
        Recorder {
            shared,
            thread: Some(thread),
            id,
            interview: interview.to_owned(),
            markers: Vec::new(),
        }
    }

    /// The journal's id (for its markers).
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn recorded_ms(&self) -> u64 {
        self.shared.recorded_ms.load(Ordering::Relaxed)
    }

    pub fn level(&self) -> f32 {
        f32::from_bits(self.shared.level.load(Ordering::Relaxed))
    }

    pub fn is_paused(&self) -> bool {
        self.shared.paused.load(Ordering::Relaxed)
    }

    pub fn set_paused(&self, paused: bool) {
        self.shared.paused.store(paused, Ordering::Relaxed);
    }

    /// Why the recording stopped being written, if it did (the disk is full).
    pub fn failure(&self) -> Option<WriteFailure> {
        self.shared.failed.lock().ok().and_then(|f| f.clone())
    }

    /// Drops a marker at the current time, with an empty label to fill in.
    pub fn mark(&mut self) {
        let at_ms = self.recorded_ms();
        self.markers.push(Marker {
            at_ms,
            label: String::new(),
        });
    }

    /// Stops the input and hands back the journal with every sample it gave.
    pub fn stop(mut self) -> RecordingJournal {
        self.finish().expect("the recorder thread runs until stopped")
    }

    fn finish(&mut self) -> Option<RecordingJournal> {
        self.shared.stop.store(true, Ordering::Relaxed);
        let thread = self.thread.take()?;
        Some(
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    }
}

impl Drop for Recorder {
    /// Dropped without `stop` (the vault locks): the journal closes with everything
    /// recorded, and the next unlock offers it.
    fn drop(&mut self) {
        let _ = self.finish();
    }
}
