//! The computer's default microphone and speakers, through cpal (ALSA on Linux, WASAPI on
//! Windows, CoreAudio on macOS). A cpal stream stays on the thread that made it; that
//! thread lives until the guard is dropped. Samples are converted to mono 16-bit here;
//! playback at a rate the device lacks is resampled (nearest sample: for speech, enough).

use std::sync::Arc;
use std::sync::mpsc;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use super::{AudioError, AudioInput, AudioOutput, Capture, Player};

pub struct Microphone;
pub struct Speakers;

/// Ends the stream's thread when dropped.
struct StreamThread(Option<mpsc::Sender<()>>);

impl Drop for StreamThread {
    fn drop(&mut self) {
        self.0.take();
    }
}

fn device_error(e: impl std::fmt::Display) -> AudioError {
    AudioError::Device(e.to_string())
}

/// Runs `build` on a thread of its own, keeps its stream playing there until the guard
/// is dropped, and hands back what `build` returned besides the stream.
fn on_stream_thread<T: Send + 'static>(
    build: impl FnOnce() -> Result<(cpal::Stream, T), AudioError> + Send + 'static,
) -> Result<(T, StreamThread), AudioError> {
    let (ready, started) = mpsc::channel();
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("sound-device".into())
        .spawn(move || {
            match build()
                .and_then(|(stream, value)| stream.play().map_err(device_error).map(|()| (stream, value)))
            {
                Ok((stream, value)) => {
                    let _ = ready.send(Ok(value));
                    // Until the guard's sender is dropped.
                    let _ = stopped.recv();
                    drop(stream);
                }
                Err(error) => {
                    let _ = ready.send(Err(error));
                }
            }
        })
        .map_err(device_error)?;
    let value = started.recv().map_err(device_error)??;
    Ok((value, StreamThread(Some(stop))))
}

impl AudioInput for Microphone {
    fn start(&self, rate: u32) -> Result<Capture, AudioError> {
        let (send, blocks) = mpsc::sync_channel::<Vec<i16>>(512);
        let (got_rate, guard) = on_stream_thread(move || {
            let device = cpal::default_host()
                .default_input_device()
                .ok_or(AudioError::NoDevice)?;
            // The asked-for rate if a configuration offers it, else the device's default.
            let config = device
                .supported_input_configs()
                .map_err(device_error)?
                .filter(|c| {
                    c.sample_format() == cpal::SampleFormat::I16
                        || c.sample_format() == cpal::SampleFormat::F32
                })
                .find_map(|c| c.try_with_sample_rate(rate))
                .map_or_else(|| device.default_input_config().map_err(device_error), Ok)?;
            let channels = usize::from(config.channels()).max(1);
            let got_rate = config.sample_rate();
            let error = |e: cpal::Error| eprintln!("microphone: {e}");
            let stream = match config.sample_format() {
                cpal::SampleFormat::F32 => device.build_input_stream(
                    config.config(),
                    move |data: &[f32], _: &_| {
                        let block = data
                            .chunks(channels)
                            .map(|frame| (frame.iter().sum::<f32>() / channels as f32 * 32_767.0) as i16)
                            .collect();
                        let _ = send.try_send(block);
                    },
                    error,
                    None,
                ),
                _ => device.build_input_stream(
                    config.config(),
                    move |data: &[i16], _: &_| {
                        let block = data
                            .chunks(channels)
                            .map(|frame| {
                                (frame.iter().map(|&s| i32::from(s)).sum::<i32>() / channels as i32) as i16
                            })
                            .collect();
                        let _ = send.try_send(block);
                    },
                    error,
                    None,
                ),
            }
            .map_err(device_error)?;
            Ok((stream, got_rate))
        })?;
        Ok(Capture {
            rate: got_rate,
            blocks,
            guard: Box::new(guard),
        })
    }
}

impl AudioOutput for Speakers {
    fn start(&self, player: Arc<Player>) -> Result<Box<dyn Send>, AudioError> {
        let ((), guard) = on_stream_thread(move || {
            let device = cpal::default_host()
                .default_output_device()
                .ok_or(AudioError::NoDevice)?;
            let config = device
                .supported_output_configs()
                .map_err(device_error)?
                .filter(|c| c.sample_format() == cpal::SampleFormat::F32)
                .find_map(|c| c.try_with_sample_rate(player.rate()))
                .map_or_else(|| device.default_output_config().map_err(device_error), Ok)?;
            if config.sample_format() != cpal::SampleFormat::F32 {
                return Err(AudioError::Device(
                    "the speakers take no 32-bit float samples".into(),
                ));
            }
            let channels = usize::from(config.channels()).max(1);
            let ratio = f64::from(player.rate()) / f64::from(config.sample_rate());
            let mut source = Vec::new();
            let stream = device
                .build_output_stream(
                    config.config(),
                    move |data: &mut [f32], _: &_| {
                        let frames = data.len() / channels;
                        let wanted = ((frames as f64) * ratio).ceil() as usize;
                        source.resize(wanted.max(1), 0i16);
                        player.fill(&mut source);
                        for (n, frame) in data.chunks_mut(channels).enumerate() {
                            let sample = source[((n as f64 * ratio) as usize).min(source.len() - 1)];
                            frame.fill(f32::from(sample) / 32_768.0);
                        }
                    },
                    |e| eprintln!("speakers: {e}"),
                    None,
                )
                .map_err(device_error)?;
            Ok((stream, ()))
        })?;
        Ok(Box::new(guard))
    }
}
