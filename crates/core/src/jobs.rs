//! Long work (export, import, wipe) on a named thread, with progress the UI polls.
//!
//! The UI hands the job everything it needs, usually the unlocked [`crate::vault::Vault`]
//! itself, and gets it back with the result, so one vault is never used from two threads.
//! The job counts its steps in a shared [`Progress`], checks [`Progress::cancelled`] where
//! stopping is safe, and wakes the UI through the `wake` callback when something changed.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;

/// Progress shared between a job and the UI.
#[derive(Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
    step: Mutex<String>,
    wake: Mutex<Option<Box<dyn Fn() + Send>>>,
}

impl Progress {
    /// Sets the number of steps, and the current one.
    pub fn set(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        self.wake();
    }

    /// Names the step in progress (a file name or phase, never interview content).
    pub fn set_step(&self, step: impl Into<String>) {
        if let Ok(mut current) = self.step.lock() {
            *current = step.into();
        }
        self.wake();
    }

    pub fn step(&self) -> String {
        self.step.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// `(done, total)`; total 0 means the job cannot tell yet.
    pub fn fraction(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    fn wake(&self) {
        if let Ok(wake) = self.wake.lock()
            && let Some(wake) = wake.as_ref()
        {
            wake();
        }
    }
}

/// A running job that yields a `T`.
pub struct Job<T> {
    name: String,
    progress: Arc<Progress>,
    handle: Option<JoinHandle<T>>,
}

/// A job that panicked; its name says which.
#[derive(Debug, thiserror::Error)]
#[error("the {0} job stopped unexpectedly")]
pub struct JobPanicked(pub String);

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread named `fieldvault-<name>`. `wake` is called whenever
    /// progress changes and once when the work is done.
    pub fn spawn(
        name: &str,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> std::io::Result<Job<T>> {
        let progress = Arc::new(Progress::default());
        if let Ok(mut slot) = progress.wake.lock() {
            *slot = Some(Box::new(wake));
        }
        let shared = Arc::clone(&progress);
        let handle = std::thread::Builder::new()
            .name(format!("fieldvault-{name}"))
            .spawn(move || {
                let result = work(&shared);
                shared.wake();
                result
            })?;
        Ok(Job {
            name: name.to_owned(),
            progress,
            handle: Some(handle),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn is_finished(&self) -> bool {
        self.handle.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// The result once the job has finished; `None` while it runs (or after it was taken).
    pub fn try_take(&mut self) -> Option<Result<T, JobPanicked>> {
        if !self.handle.as_ref()?.is_finished() {
            return None;
        }
        let handle = self.handle.take()?;
        Some(handle.join().map_err(|_| JobPanicked(self.name.clone())))
    }

    /// Waits for the result (used when the app must lock or quit while a job runs).
    pub fn wait(mut self) -> Option<Result<T, JobPanicked>> {
        let handle = self.handle.take()?;
        Some(handle.join().map_err(|_| JobPanicked(self.name.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::{Duration, Instant};

    #[test]
    fn a_job_reports_progress_and_its_result() {
        let wakes = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&wakes);
        let mut job = Job::spawn(
            "test",
            move || {
                counted.fetch_add(1, Ordering::Relaxed);
            },
            |progress| {
                for i in 0..=4 {
                    progress.set(i, 4);
                }
                assert_eq!(std::thread::current().name(), Some("fieldvault-test"));
                42
            },
        )
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let result = loop {
            if let Some(result) = job.try_take() {
                break result;
            }
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(result.unwrap(), 42);
        assert_eq!(job.progress().fraction(), (4, 4));
        assert!(wakes.load(Ordering::Relaxed) >= 6);
        assert!(job.try_take().is_none(), "a result is taken once");
    }

    #[test]
    fn cancellation_is_seen_by_the_job_and_a_panic_is_reported() {
        let job = Job::spawn(
            "cancel",
            || {},
            |progress| {
                let start = Instant::now();
                while !progress.cancelled() {
                    assert!(start.elapsed() < Duration::from_secs(10));
                    std::thread::sleep(Duration::from_millis(1));
                }
                "stopped"
            },
        )
        .unwrap();
        job.progress().cancel();
        assert_eq!(job.wait().unwrap().unwrap(), "stopped");

        let job = Job::spawn("boom", || {}, |_| -> u8 { panic!("expected in this test") }).unwrap();
        let error = job.wait().unwrap().unwrap_err();
        assert!(error.to_string().contains("boom"));
    }
}
