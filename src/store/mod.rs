//! The SQLCipher store; the only user of rusqlite.
