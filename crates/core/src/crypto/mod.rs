//! Cryptography: key derivation, key wrapping, digests, signatures and age sealing. The
//! only module that uses ring and age; everything above it sees typed keys and errors.

pub mod chunked;
pub mod digest;
pub mod header;
pub mod kdf;
pub mod keywrap;
pub mod random;
pub mod seal;
pub mod signing;
