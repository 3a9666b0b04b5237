//! Exit codes, stable for scripts; listed in the README.

use crate::vault::{ErrorKind, VaultError};

pub const OK: u8 = 0;
pub const OTHER: u8 = 1;
pub const USAGE: u8 = 2;
pub const WRONG_PASSPHRASE: u8 = 3;
pub const INVALID_INPUT: u8 = 4;
pub const NOT_A_VAULT: u8 = 5;
pub const CONFLICT: u8 = 6;
pub const NOT_FOUND: u8 = 7;
pub const LOG_BROKEN: u8 = 8;
pub const REFUSED: u8 = 9;

pub fn code_for(error: &VaultError) -> u8 {
    match error.kind() {
        ErrorKind::WrongPassphrase => WRONG_PASSPHRASE,
        ErrorKind::InvalidInput => INVALID_INPUT,
        ErrorKind::NotAVault | ErrorKind::Damaged => NOT_A_VAULT,
        ErrorKind::Conflict => CONFLICT,
        ErrorKind::NotFound => NOT_FOUND,
        ErrorKind::Rejected => REFUSED,
        ErrorKind::Io => OTHER,
    }
}
