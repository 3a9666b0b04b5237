//! Passphrase → wrapping key, with Argon2id (RFC 9106, version 0x13).
//!
//! The parameters travel in `vault.header`, which an adversary may have edited, so they are
//! checked against fixed bounds before any memory is allocated: a hostile header must not be
//! able to make fieldvault allocate a terabyte or grind for a day. The Argon2 working memory
//! is allocated here (fallibly) and wiped before it is freed, because it is derived from the
//! passphrase.

use crate::explain::{Explain, Explanation};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use zeroize::Zeroizing;

use crate::secret::{Passphrase, WrappingKey};

/// Length of the Argon2 salt stored in the header.
pub const SALT_LEN: usize = 16;

/// Argon2id cost parameters, as stored in `vault.header`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KdfParams {
    /// Memory in KiB (Argon2 `m`).
    pub memory_kib: u32,
    /// Passes over the memory (Argon2 `t`).
    pub iterations: u32,
    /// Lanes (Argon2 `p`). Our Argon2 build computes lanes one after another, so more lanes
    /// only help an attacker with parallel hardware; we use 1.
    pub parallelism: u32,
}

impl KdfParams {
    /// Chosen by measurement on a 2-core laptop-class machine (see `docs/vault-format.md`):
    /// 256 MiB, 3 passes, 1 lane takes about 0.7 s, in release and in test builds alike.
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 256 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// True when any parameter is below today's default (a header written by an old
    /// version, or by hand): unlock then re-wraps the key with the default.
    pub fn weaker_than_default(&self) -> bool {
        self.memory_kib < Self::DEFAULT.memory_kib || self.iterations < Self::DEFAULT.iterations
    }

    /// Each parameter at least as strong as in `other` (never weaker than either).
    pub fn at_least(&self, other: &KdfParams) -> KdfParams {
        KdfParams {
            memory_kib: self.memory_kib.max(other.memory_kib),
            iterations: self.iterations.max(other.iterations),
            parallelism: self.parallelism.max(other.parallelism),
        }
    }

    /// Smallest memory accepted: 8 MiB.
    pub const MIN_MEMORY_KIB: u32 = 8 * 1024;
    /// Largest memory accepted: 4 GiB.
    pub const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
    pub const MIN_ITERATIONS: u32 = 1;
    pub const MAX_ITERATIONS: u32 = 100;
    pub const MIN_PARALLELISM: u32 = 1;
    pub const MAX_PARALLELISM: u32 = 16;

    /// Refuses parameters outside sane bounds (memory 8 MiB..=4 GiB, iterations 1..=100,
    /// parallelism 1..=16), so a damaged or hostile header cannot exhaust the machine.
    pub fn validate(&self) -> Result<(), KdfError> {
        check(
            "memory (KiB)",
            self.memory_kib,
            Self::MIN_MEMORY_KIB,
            Self::MAX_MEMORY_KIB,
        )?;
        check(
            "iterations",
            self.iterations,
            Self::MIN_ITERATIONS,
            Self::MAX_ITERATIONS,
        )?;
        check(
            "parallelism",
            self.parallelism,
            Self::MIN_PARALLELISM,
            Self::MAX_PARALLELISM,
        )
    }
}

// The default must never drop below 64 MiB: checked when compiling.
const _: () = assert!(KdfParams::DEFAULT.memory_kib >= 64 * 1024);

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

fn check(setting: &'static str, value: u32, min: u32, max: u32) -> Result<(), KdfError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(KdfError::OutOfBounds {
            setting,
            value,
            min,
            max,
        })
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KdfError {
    /// A setting outside the accepted range: refused so that a damaged or hostile
    /// vault.header cannot make fieldvault use unbounded memory or time.
    OutOfBounds {
        setting: &'static str,
        value: u32,
        min: u32,
        max: u32,
    },
    OutOfMemory {
        mib: u32,
    },
    /// Argon2's own message (a technical detail).
    Argon2(String),
}

impl Explain for KdfError {
    fn explain(&self) -> Explanation {
        match self {
            KdfError::OutOfBounds {
                setting,
                value,
                min,
                max,
            } => Explanation::new("kdf-out-of-bounds")
                .text("setting", setting)
                .number("value", *value)
                .number("min", *min)
                .number("max", *max),
            KdfError::OutOfMemory { mib } => Explanation::new("kdf-out-of-memory").number("mib", *mib),
            KdfError::Argon2(message) => Explanation::new("kdf-argon2").technical(message),
        }
    }
}

crate::explain::display_in_english!(KdfError);

/// Derives the 256-bit wrapping key from a passphrase with Argon2id v0x13.
///
/// The passphrase is used as its exact UTF-8 bytes (no normalisation here). The Argon2
/// working memory and the output buffer are zeroized before they are released.
pub fn derive_wrapping_key(
    passphrase: &Passphrase,
    salt: &[u8; SALT_LEN],
    params: &KdfParams,
) -> Result<WrappingKey, KdfError> {
    params.validate()?;
    let argon_params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(WrappingKey::LEN),
    )
    .map_err(|e| KdfError::Argon2(e.to_string()))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);

    // Allocate the working memory ourselves: fallibly (a large `m` on a small machine is an
    // error, not an abort) and wrapped so that it is wiped on every path out of here.
    let blocks_len = argon.params().block_count();
    let mut blocks: Zeroizing<Vec<Block>> = Zeroizing::new(Vec::new());
    blocks
        .try_reserve_exact(blocks_len)
        .map_err(|_| KdfError::OutOfMemory {
            mib: params.memory_kib / 1024,
        })?;
    blocks.resize(blocks_len, Block::new());

    let mut out = Zeroizing::new([0u8; WrappingKey::LEN]);
    argon
        .hash_password_into_with_memory(
            passphrase.expose_secret().as_bytes(),
            salt,
            out.as_mut(),
            blocks.as_mut_slice(),
        )
        .map_err(|e| KdfError::Argon2(e.to_string()))?;
    Ok(WrappingKey::from_bytes(*out))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Cheap parameters for tests of logic, not of cost.
    pub(crate) const TEST: KdfParams = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 1,
        parallelism: 1,
    };

    fn pass(s: &str) -> Passphrase {
        Passphrase::new(s.to_owned())
    }

    #[test]
    fn matches_the_reference_implementation() {
        // RFC 9106 §5.3 uses a secret and associated data, which we never use; this vector
        // was computed with the reference C implementation (through argon2-cffi):
        // argon2id v=19, m=8192, t=1, p=1, password "password", salt "somesaltsomesalt".
        let key = derive_wrapping_key(&pass("password"), b"somesaltsomesalt", &TEST).unwrap();
        assert_eq!(hex::encode(key.expose_secret()), REFERENCE_VECTOR);
    }
    const REFERENCE_VECTOR: &str = "84fb006bbc3cd69895722b64b5bf735251a9e8e9f3ecb93ff595b98aeb7accb7";

    #[test]
    fn same_inputs_same_key_different_salt_or_passphrase_different_key() {
        let salt = [1u8; SALT_LEN];
        let a = derive_wrapping_key(&pass("원숭이 엉덩이는 빨개"), &salt, &TEST).unwrap();
        let b = derive_wrapping_key(&pass("원숭이 엉덩이는 빨개"), &salt, &TEST).unwrap();
        let c = derive_wrapping_key(&pass("원숭이 엉덩이는 빨개!"), &salt, &TEST).unwrap();
        let d = derive_wrapping_key(&pass("원숭이 엉덩이는 빨개"), &[2u8; SALT_LEN], &TEST).unwrap();
        assert_eq!(a.expose_secret(), b.expose_secret());
        assert_ne!(a.expose_secret(), c.expose_secret());
        assert_ne!(a.expose_secret(), d.expose_secret());
    }

    #[test]
    fn parameters_change_the_key() {
        let salt = [1u8; SALT_LEN];
        let a = derive_wrapping_key(&pass("x"), &salt, &TEST).unwrap();
        let more_t = KdfParams {
            iterations: 2,
            ..TEST
        };
        let b = derive_wrapping_key(&pass("x"), &salt, &more_t).unwrap();
        assert_ne!(a.expose_secret(), b.expose_secret());
    }

    #[test]
    fn default_is_within_bounds_and_strong_enough() {
        KdfParams::DEFAULT.validate().unwrap();
        assert_eq!(KdfParams::default(), KdfParams::DEFAULT);
    }

    #[test]
    fn derive_with_default_params() {
        let key = derive_wrapping_key(&pass("correct horse"), &[9u8; SALT_LEN], &KdfParams::DEFAULT).unwrap();
        assert_ne!(key.expose_secret(), &[0u8; 32]);
    }

    #[test]
    fn bounds_are_inclusive_and_enforced() {
        let ok = [
            KdfParams {
                memory_kib: 8 * 1024,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 4 * 1024 * 1024,
                iterations: 100,
                parallelism: 16,
            },
        ];
        for p in ok {
            p.validate().unwrap();
        }
        let bad = [
            (
                KdfParams {
                    memory_kib: 8191,
                    ..TEST
                },
                "memory (KiB)",
            ),
            (
                KdfParams {
                    memory_kib: 4 * 1024 * 1024 + 1,
                    ..TEST
                },
                "memory (KiB)",
            ),
            (
                KdfParams {
                    memory_kib: u32::MAX,
                    ..TEST
                },
                "memory (KiB)",
            ),
            (
                KdfParams {
                    iterations: 0,
                    ..TEST
                },
                "iterations",
            ),
            (
                KdfParams {
                    iterations: 101,
                    ..TEST
                },
                "iterations",
            ),
            (
                KdfParams {
                    parallelism: 0,
                    ..TEST
                },
                "parallelism",
            ),
            (
                KdfParams {
                    parallelism: 17,
                    ..TEST
                },
                "parallelism",
            ),
        ];
        for (p, name) in bad {
            match p.validate() {
                Err(KdfError::OutOfBounds { setting, .. }) => assert_eq!(setting, name),
                other => panic!("{p:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn hostile_params_are_refused_before_allocating() {
        // Would be 1 TB if it were allocated.
        let hostile = KdfParams {
            memory_kib: u32::MAX,
            iterations: 1,
            parallelism: 1,
        };
        let err = derive_wrapping_key(&pass("x"), &[0u8; SALT_LEN], &hostile)
            .err()
            .unwrap();
        let msg = err.to_string();
        assert!(msg.contains("memory"), "{msg}");
        assert!(msg.contains("hostile vault.header"), "{msg}");
    }

    /// Measures unlock cost for a grid of parameters. Run with
    /// `cargo test --release --lib kdf::tests::measure -- --ignored --nocapture`.
    #[test]
    #[ignore = "measurement, not a test"]
    fn measure() {
        let grid = [
            (64, 1, 1),
            (64, 2, 1),
            (64, 3, 1),
            (64, 4, 1),
            (128, 1, 1),
            (128, 2, 1),
            (128, 3, 1),
            (256, 1, 1),
            (256, 2, 1),
            (256, 3, 1),
            (256, 3, 2),
            (512, 1, 1),
        ];
        for (mib, t, p) in grid {
            let params = KdfParams {
                memory_kib: mib * 1024,
                iterations: t,
                parallelism: p,
            };
            let mut times = Vec::new();
            for _ in 0..3 {
                let start = std::time::Instant::now();
                derive_wrapping_key(&pass("measure"), &[3u8; SALT_LEN], &params).unwrap();
                times.push(start.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            println!(
                "m={mib:>4} MiB t={t} p={}: median {:.3} s",
                params.parallelism, times[1]
            );
        }
    }
}
