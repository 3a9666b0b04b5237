//! The network edge, used by two commands only: `dropbox serve` (the drop box between field
//! laptops and headquarters) and `sync` (a vault's side of it). Nothing else in fieldvault
//! opens a socket. Requests are signed through the core's `relay` protocol; TLS pins the
//! drop box's certificate. See `docs/sync.md`.

pub mod client;
mod protocol;
pub mod server;
pub mod sync;
pub mod tls;
pub mod watch;
