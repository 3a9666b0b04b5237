//! A recording playing from memory: the decoded samples (wiped when the player goes), a
//! position an output advances and the person can move (seeking), and play or pause.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::vault::{Audio, Marker};

pub struct Player {
    samples: zeroize::Zeroizing<Vec<i16>>,
    rate: u32,
    markers: Vec<Marker>,
    position: AtomicUsize,
    playing: AtomicBool,
}

impl Player {
    pub fn new(audio: Audio) -> Player {
        Player {
            samples: audio.samples,
            rate: audio.rate.max(1),
            markers: audio.markers,
            position: AtomicUsize::new(0),
            playing: AtomicBool::new(false),
        }
    }

    pub fn rate(&self) -> u32 {
        self.rate
    }

    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// Fills `out` with the next samples while playing (silence while paused or after
    /// the end, where playing stops).
    pub fn fill(&self, out: &mut [i16]) {
        out.fill(0);
        if !self.playing.load(Ordering::Relaxed) {
            return;
        }
        let start = self.position.load(Ordering::Relaxed).min(self.samples.len());
        let end = (start + out.len()).min(self.samples.len());
        out[..end - start].copy_from_slice(&self.samples[start..end]);
        // A seek while this ran wins: only move on from where this started.
        let _ = self
            .position
            .compare_exchange(start, end, Ordering::Relaxed, Ordering::Relaxed);
        if end == self.samples.len() {
            self.playing.store(false, Ordering::Relaxed);
        }
    }

    pub fn play(&self) {
        if self.position.load(Ordering::Relaxed) >= self.samples.len() {
            self.position.store(0, Ordering::Relaxed);
        }
        self.playing.store(true, Ordering::Relaxed);
    }

    pub fn pause(&self) {
        self.playing.store(false, Ordering::Relaxed);
    }

    pub fn is_playing(&self) -> bool {
        self.playing.load(Ordering::Relaxed)
    }

    pub fn seek_ms(&self, ms: u64) {
        let sample = (ms * u64::from(self.rate) / 1000) as usize;
        self.position
            .store(sample.min(self.samples.len()), Ordering::Relaxed);
    }

    pub fn position_ms(&self) -> u64 {
        self.position.load(Ordering::Relaxed) as u64 * 1000 / u64::from(self.rate)
    }

    pub fn duration_ms(&self) -> u64 {
        self.samples.len() as u64 * 1000 / u64::from(self.rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn player(len: usize) -> Player {
        Player::new(Audio {
            rate: 1000,
            samples: zeroize::Zeroizing::new((0..len as i16).collect()),
            markers: Vec::new(),
        })
    }

    #[test]
    fn plays_seeks_and_stops_at_the_end() {
        let player = player(10);
        let mut out = [9i16; 4];
        player.fill(&mut out);
        assert_eq!(out, [0; 4], "paused: silence");
        player.play();
        player.fill(&mut out);
        assert_eq!(out, [0, 1, 2, 3]);
        player.seek_ms(7);
        player.fill(&mut out);
        assert_eq!(out, [7, 8, 9, 0]);
        assert!(!player.is_playing(), "stopped at the end");
        assert_eq!(player.position_ms(), 10);
        player.play();
        assert_eq!(player.position_ms(), 0, "playing again starts over");
        assert_eq!(player.duration_ms(), 10);
    }
}
