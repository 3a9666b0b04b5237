//! Generated sound in real time: a test tone for an input, silence for an output. Tests
//! record and play through these without a sound device, at the pace a device keeps.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{AudioError, AudioInput, AudioOutput, Capture, Player};

/// Blocks are this long, as a device delivers them.
const BLOCK: Duration = Duration::from_millis(20);

/// A 440 Hz tone at a speaking voice's level, delivered in 20 ms blocks in real time.
pub struct TestTone;

/// Stops a generating thread when dropped.
struct Running(Arc<AtomicBool>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

impl AudioInput for TestTone {
    fn start(&self, rate: u32) -> Result<Capture, AudioError> {
        let (send, blocks) = std::sync::mpsc::sync_channel(256);
        let running = Arc::new(AtomicBool::new(true));
        let flag = running.clone();
        std::thread::Builder::new()
            .name("test-tone".into())
            .spawn(move || {
                let start = Instant::now();
                let mut sent: u64 = 0;
                while flag.load(Ordering::Relaxed) {
                    // As many samples as real time has reached: no drift over an hour.
                    let due = (start.elapsed().as_secs_f64() * f64::from(rate)) as u64;
                    if due > sent {
                        let block: Vec<i16> = (sent..due)
                            .map(|n| {
                                let t = n as f64 / f64::from(rate);
                                ((t * 440.0 * std::f64::consts::TAU).sin() * 8_000.0) as i16
                            })
                            .collect();
                        sent = due;
                        if send.send(block).is_err() {
                            return;
                        }
                    }
                    std::thread::sleep(BLOCK);
                }
            })
            .map_err(|e| AudioError::Device(e.to_string()))?;
        Ok(Capture {
            rate,
            blocks,
            guard: Box::new(Running(running)),
        })
    }
}

/// Plays into nothing at the pace of a real device, so position and the end of a
/// recording behave as they would with speakers.
pub struct SilentOutput;

impl AudioOutput for SilentOutput {
    fn start(&self, player: Arc<Player>) -> Result<Box<dyn Send>, AudioError> {
        let running = Arc::new(AtomicBool::new(true));
        let flag = running.clone();
        std::thread::Builder::new()
            .name("silent-output".into())
            .spawn(move || {
                let per_block = (player.rate() as usize * BLOCK.as_millis() as usize / 1000).max(1);
                let mut sink = vec![0i16; per_block];
                while flag.load(Ordering::Relaxed) {
                    player.fill(&mut sink);
                    std::thread::sleep(BLOCK);
                }
            })
            .map_err(|e| AudioError::Device(e.to_string()))?;
        Ok(Box::new(Running(running)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tone_arrives_in_real_time() {
        let capture = TestTone.start(16_000).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        drop(capture.guard);
        let samples: usize = capture.blocks.try_iter().map(|b| b.len()).sum();
        // 0.3 s is 4,800 samples; a busy machine may lag a block or two behind.
        assert!((3_000..=5_600).contains(&samples), "{samples}");
    }
}
