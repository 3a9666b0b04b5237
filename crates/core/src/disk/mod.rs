//! The disk primitives every layer above leans on: durable atomic writes and private
//! folders (`atomic`), one stream written into files of a bounded size (`split`),
//! overwriting and deleting (`wipe`), and keeping an unlocked process out of core dumps
//! (`harden`). Nothing here knows what a vault or an interview is.

pub mod atomic;
pub mod harden;
pub mod split;
pub mod wipe;
