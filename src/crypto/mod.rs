//! Cryptography: key derivation, key wrapping, signatures and age sealing; the only user of ring and age.

pub mod digest;
pub mod seal;
pub mod signing;
