//! Sound in and out of the desktop app: the microphone into a recording, a recording out to
//! the speakers. Both sit behind a trait ([`AudioInput`], [`AudioOutput`]) so that tests,
//! and a laptop with no sound device, use generated audio instead: a test tone in, silence
//! out. The real devices (cpal) are the `sound` feature.
//!
//! Samples are mono, 16-bit. Nothing here touches the disk: recorded samples go straight
//! into the vault's encrypted journal ([`recorder`]), and playback reads from memory
//! ([`player`]).

use std::sync::Arc;

#[cfg(feature = "sound")]
mod device;
pub mod player;
pub mod recorder;
mod tone;

pub use player::Player;
pub use recorder::Recorder;
pub use tone::{SilentOutput, TestTone};

/// What stops sound from starting.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("this build of fieldvault has no sound support (the `sound` feature)")]
    NotInThisBuild,
    #[error("no microphone or speaker was found")]
    NoDevice,
    #[error("the sound device refused: {0}")]
    Device(String),
}

/// Samples arriving from an input, until it is dropped.
pub struct Capture {
    /// Samples per second, as the device gives them (the rate asked for when it can).
    pub rate: u32,
    /// Blocks of mono samples, in order.
    pub blocks: std::sync::mpsc::Receiver<Vec<i16>>,
    /// Stops the input when dropped.
    pub guard: Box<dyn Send>,
}

/// Where recorded sound comes from.
pub trait AudioInput: Send + Sync {
    /// Starts capturing mono samples, at `rate` if the device can.
    fn start(&self, rate: u32) -> Result<Capture, AudioError>;
}

/// Where played sound goes.
pub trait AudioOutput: Send + Sync {
    /// Plays what `player` gives until the returned guard is dropped.
    fn start(&self, player: Arc<Player>) -> Result<Box<dyn Send>, AudioError>;
}

/// The app's input and output.
#[derive(Clone)]
pub struct Devices {
    pub input: Arc<dyn AudioInput>,
    pub output: Arc<dyn AudioOutput>,
}

impl Devices {
    /// The computer's default microphone and speakers (with the `sound` feature).
    pub fn system() -> Devices {
        #[cfg(feature = "sound")]
        {
            Devices {
                input: Arc::new(device::Microphone),
                output: Arc::new(device::Speakers),
            }
        }
        #[cfg(not(feature = "sound"))]
        {
            Devices {
                input: Arc::new(NoSound),
                output: Arc::new(NoSound),
            }
        }
    }

    /// A generated test tone in and silence out, in real time: for tests, and to check
    /// the recording chain on a machine without a microphone.
    pub fn generated() -> Devices {
        Devices {
            input: Arc::new(TestTone),
            output: Arc::new(SilentOutput),
        }
    }
}

/// A build without sound support.
#[cfg(not(feature = "sound"))]
struct NoSound;

#[cfg(not(feature = "sound"))]
impl AudioInput for NoSound {
    fn start(&self, _rate: u32) -> Result<Capture, AudioError> {
        Err(AudioError::NotInThisBuild)
    }
}

#[cfg(not(feature = "sound"))]
impl AudioOutput for NoSound {
    fn start(&self, _player: Arc<Player>) -> Result<Box<dyn Send>, AudioError> {
        Err(AudioError::NotInThisBuild)
    }
}

/// The loudness of a block, 0 to 1, on a decibel scale from -60 dB: what a level meter shows.
pub fn level(samples: &[i16]) -> f32 {
    let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
    if peak == 0 {
        return 0.0;
    }
    let db = 20.0 * (f32::from(peak) / 32_768.0).log10();
    ((db + 60.0) / 60.0).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_on_a_decibel_scale() {
        assert_eq!(level(&[]), 0.0);
        assert_eq!(level(&[0, 0]), 0.0);
        assert!((level(&[i16::MAX]) - 1.0).abs() < 0.01);
        let half = level(&[16_384]);
        assert!((half - 0.9).abs() < 0.01, "-6 dB is 90% of the meter: {half}");
        assert!(level(&[30]) < 0.05);
    }
}
