//! Padmé padding for bundle and receipt lengths.
//!
//! Why this exists: a bundle on a seized stick must not reveal how many interviews it holds.
//! age hides the content but not the length, so the tar inside is padded up to a length from
//! a sparse set. Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
//! Communication with PURBs", PETS 2019) rounds a length `L` so that only `O(log log L)` bits
//! of it remain, at a cost of at most about 12% (at most 6.25% from 1 KiB up):
//!
//! ```text
//! E = floor(log2 L)              (the position of the highest set bit)
//! S = floor(log2 E) + 1          (the number of bits needed to write E)
//! z = E - S                      (low bits to clear)
//! padme(L) = (L + 2^z - 1) with the z low bits cleared
//! ```
//!
//! Lengths 0 and 1 are returned unchanged (`log2` is undefined or 0 there).

/// The Padmé length for `len`: the smallest length ≥ `len` whose low `E - S` bits are zero.
/// Saturates at `u64::MAX` (far beyond any real bundle).
pub fn padme(len: u64) -> u64 {
    if len < 2 {
        return len;
    }
    let e = 63 - u64::from(len.leading_zeros()); // floor(log2 len) ≥ 1
    let s = (63 - u64::from(e.leading_zeros())) + 1; // floor(log2 e) + 1
    let z = e - s; // e ≥ 1 implies s ≤ e
    let mask = (1u64 << z) - 1;
    match len.checked_add(mask) {
        Some(v) => v & !mask,
        None => u64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sizes() {
        for l in 0..=8 {
            assert_eq!(padme(l), l, "tiny lengths are not padded");
        }
        assert_eq!(padme(9), 10);
        assert_eq!(padme(17), 18);
        assert_eq!(padme(1000), 1024);
        assert_eq!(padme(1025), 1088);
    }

    #[test]
    fn monotone_and_never_shorter() {
        let mut prev = 0;
        for l in 0..200_000u64 {
            let p = padme(l);
            assert!(p >= l, "padme({l}) = {p} is shorter");
            assert!(p >= prev, "padme is not monotone at {l}");
            assert_eq!(padme(p), p, "padme({l}) = {p} is not a fixed point");
            prev = p;
        }
    }

    #[test]
    fn overhead_is_bounded() {
        let mut l = 1024u64;
        while l < (1 << 40) {
            for probe in [l, l + 1, l + l / 3, 2 * l - 1] {
                let p = padme(probe);
                let overhead = (p - probe) as f64 / probe as f64;
                assert!(overhead <= 0.12, "overhead {overhead} at {probe}");
                assert!(overhead <= 0.0625, "overhead {overhead} at {probe}");
            }
            l = l * 3 / 2;
        }
    }

    #[test]
    fn few_distinct_sizes() {
        // Between 1 MiB and 2 MiB there are only 2^(S) = 32 possible padded lengths.
        let mut sizes: Vec<u64> = (1u64 << 20..1u64 << 21).step_by(97).map(padme).collect();
        sizes.dedup();
        assert!(sizes.len() <= 33, "{} sizes", sizes.len());
    }

    #[test]
    fn huge_values_saturate() {
        assert_eq!(padme(u64::MAX), u64::MAX);
        assert!(padme(u64::MAX - 5) >= u64::MAX - 5);
    }
}
