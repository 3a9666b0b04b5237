//! How a running sync is watched and stopped from elsewhere (the app's progress bar and
//! its Cancel button): bytes moved against bytes to move, and a flag the transfer checks
//! between every piece it sends or receives.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Shared between the sync and whoever watches it; cloning shares it.
#[derive(Clone, Default)]
pub struct Watch(Arc<Counters>);

#[derive(Default)]
struct Counters {
    cancelled: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

impl Watch {
    /// Asks the sync to stop at the next piece; what already moved is kept.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    /// Bytes moved and bytes to move, as far as the sync knows yet.
    pub fn progress(&self) -> (u64, u64) {
        (
            self.0.done.load(Ordering::Relaxed),
            self.0.total.load(Ordering::Relaxed),
        )
    }

    pub(crate) fn expect(&self, bytes: u64) {
        self.0.total.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(crate) fn advance(&self, bytes: u64) {
        self.0.done.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Undoes the progress of a transfer that is tried again.
    pub(crate) fn rewind(&self, bytes: u64) {
        self.0
            .done
            .fetch_sub(bytes.min(self.0.done.load(Ordering::Relaxed)), Ordering::Relaxed);
    }
}

/// A reader that counts what passes and fails once the sync is cancelled.
pub(crate) struct Watched<R> {
    pub inner: R,
    pub watch: Watch,
    pub passed: u64,
    /// The inner reader failed (the network, for a download): told apart from a failure
    /// to write what was read.
    pub failed: bool,
}

impl<R> Watched<R> {
    pub fn new(inner: R, watch: Watch) -> Watched<R> {
        Watched {
            inner,
            watch,
            passed: 0,
            failed: false,
        }
    }
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.watch.is_cancelled() {
            return Err(io::Error::new(io::ErrorKind::Interrupted, CANCELLED));
        }
        let n = self.inner.read(buf).inspect_err(|_| self.failed = true)?;
        self.passed += n as u64;
        self.watch.advance(n as u64);
        Ok(n)
    }
}

/// What a cancelled transfer's error says, so that it is told from a network fault.
pub(crate) const CANCELLED: &str = "fieldvault: sync cancelled";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_transfer_stops_at_the_next_piece() {
        let watch = Watch::default();
        watch.expect(6);
        let mut reader = Watched::new(&b"abcdef"[..], watch.clone());
        let mut piece = [0u8; 3];
        assert_eq!(reader.read(&mut piece).unwrap(), 3);
        assert_eq!(watch.progress(), (3, 6));
        watch.cancel();
        let error = reader.read(&mut piece).unwrap_err();
        assert_eq!(error.to_string(), CANCELLED);
        assert_eq!(watch.progress(), (3, 6));
    }
}
