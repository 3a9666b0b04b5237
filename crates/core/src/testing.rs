//! The narrow surface that tests, fuzz targets and benchmarks need below the façade, behind
//! the `testing` feature (enabled only by their dev-dependency on this crate, never by a
//! front end or a release build).
//!
//! It exists because the proofs must build what no honest fieldvault writes: bundles and
//! receipts signed by a stranger or cut short (`bundle`, `crypto`), headers with weak
//! settings (`crypto::header`), and files to overwrite without a vault (`disk`). Each
//! item is named here one by one; adding one is a decision, not an accident.

/// Bundle, receipt and trust card formats: writing, reading and their errors.
pub mod bundle {
    pub use crate::bundle::card::{CardRole, TrustCard};
    pub use crate::bundle::{
        BundleError, BundleInfo, BundleItem, BundleReader, Doc, Manifest, RECEIPT_FORMAT, Receipt,
        ReceiptEntry, read_receipt, write_bundle, write_receipt,
    };
}

/// Keys, sealing and the vault header.
pub mod crypto {
    /// SHA-256 in hex.
    pub mod digest {
        pub use crate::crypto::digest::sha256_hex;
    }
    /// The vault header and its key-derivation settings.
    pub mod header {
        pub use crate::crypto::header::{KdfParams, VaultHeader};
    }
    /// Random database keys.
    pub mod random {
        pub use crate::crypto::random::new_database_key;
    }
    /// age encryption to and from X25519 keys.
    pub mod seal {
        pub use crate::crypto::seal::{AgeIdentity, AgeRecipient, decrypting_reader, encrypt_to};
    }
    /// Ed25519 signing keys.
    pub mod signing {
        pub use crate::crypto::signing::{PublicKey, SigningKey};
    }
}

/// Overwriting files and folders, without a vault.
pub mod disk {
    pub use crate::disk::wipe::{WipeError, destroy_vault_dir, wipe_file};
}

/// The text the search index is built from, for the search benchmark's plain-SQLCipher peer.
pub mod store {
    pub use crate::store::search_tokens;
}

/// One example of every error a person can meet (for the front ends' translation tests).
pub use crate::vault::error_examples::examples as error_examples;
