//! Sync under faults (#16): a drop box that refuses a bundle as too large, a store that is
//! full, a connection cut in the middle of an upload (once, and every time), a drop box
//! restarted in the middle of a transfer, and a server that answers with garbage or the
//! wrong length. Each must end with a clear message, nothing marked delivered that
//! headquarters has not receipted, no bundle lost, and nothing partial left in the store;
//! syncing again once the fault is gone must finish the job.

use crate::common;
use crate::full_disk::Medium;
use crate::sync::{DropBox, interview_count, objects_under, pair_and_dropbox, states};

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Env, card, pair};

/// The bundles waiting in a field vault's outbox.
fn outbox(env: &Env) -> Vec<PathBuf> {
    objects_under(&env.vault().join("outbox"))
}

/// The finished objects in a drop box's up-mailboxes: not the staging file of an upload
/// cut off with a killed drop box (`NAME#N`, swept after an hour), which is never listed.
fn uploaded(store: &Path) -> Vec<(PathBuf, u64)> {
    objects_under(&store.join("up"))
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains('#'))
        .map(|p| {
            let size = std::fs::metadata(&p).unwrap().len();
            (p, size)
        })
        .collect()
}

fn sync_to(env: &Env, dropbox_url: &str, pin: &str) -> common::Run {
    env.run(&["sync", "--to", dropbox_url, "--pin", pin])
}

/// A TCP relay in front of the drop box that cuts the first `cut` connections after
/// `after` bytes from the client (the request, mid-body), and passes the rest whole.
struct CuttingProxy {
    address: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl CuttingProxy {
    fn start(upstream: SocketAddr, after: usize, cut: usize) -> CuttingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let number = counter.fetch_add(1, Ordering::SeqCst);
                let limit = if number < cut { Some(after) } else { None };
                std::thread::spawn(move || relay(client, upstream, limit, None));
            }
        });
        CuttingProxy { address, connections }
    }

    fn url(&self) -> String {
        format!("https://{}", self.address)
    }
}

/// Passes bytes both ways; after `limit` bytes from the client, cuts the connection, or
/// with `stall` set, raises it and holds the connection until the server goes away.
fn relay(client: TcpStream, upstream: SocketAddr, limit: Option<usize>, stall: Option<Arc<AtomicUsize>>) {
    let Ok(server) = TcpStream::connect(upstream) else {
        return;
    };
    let (mut client_in, mut server_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let (mut server_in, mut client_out) = (server, client);
    let answers = std::thread::spawn(move || {
        let _ = std::io::copy(&mut server_in, &mut client_out);
        let _ = client_out.shutdown(Shutdown::Both);
    });
    let mut passed = 0usize;
    let mut piece = [0u8; 1024];
    loop {
        let n = match client_in.read(&mut piece) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let n = match limit {
            Some(limit) if passed + n >= limit => {
                let _ = server_out.write_all(&piece[..limit - passed]);
                if let Some(flag) = &stall {
                    flag.store(1, Ordering::SeqCst);
                    let _ = answers.join();
                }
                break;
            }
            _ => n,
        };
        if server_out.write_all(&piece[..n]).is_err() {
            break;
        }
        passed += n;
    }
    // The cut: both sides see the connection end in the middle of the request.
    let _ = server_out.shutdown(Shutdown::Both);
    let _ = client_in.shutdown(Shutdown::Both);
}

fn socket_of(url: &str) -> SocketAddr {
    url.strip_prefix("https://").unwrap().parse().unwrap()
}

#[test]
fn a_bundle_over_the_limit_is_refused_and_kept() {
    let pair = pair();
    let hq_card = card(&pair.hq, "hq-relay.card");
    let field_card = card(&pair.field, "field-relay.card");
    let store = tempfile::tempdir().unwrap();
    let dropbox = DropBox::launch(
        store.path().to_str().unwrap(),
        &[&hq_card, &field_card],
        &["--max-mib", "0.001"],
        &[],
    );
    let refused =
        sync_to(&pair.field, &dropbox.url, &dropbox.pin).fails(1, "larger than the drop box accepts");
    assert!(refused.stderr.contains("--max-mib"), "{}", refused.stderr);
    assert_eq!(outbox(&pair.field).len(), 1, "the bundle stays in the vault");
    assert!(states(&pair.field).contains("exported   6"));
    assert_eq!(uploaded(store.path()), vec![]);
}

#[test]
fn a_full_store_loses_nothing_and_sync_finishes_once_there_is_room() {
    let Some(medium) = Medium::new(8) else { return };
    let pair = pair();
    let hq_card = card(&pair.hq, "hq-relay.card");
    let field_card = card(&pair.field, "field-relay.card");
    let dropbox = DropBox::launch(medium.dir.to_str().unwrap(), &[&hq_card, &field_card], &[], &[]);
    // Full before anything is asked: the laptop learns it at its first request, before
    // it exports anything.
    medium.fill(0);
    let before = states(&pair.field);
    let full = sync_to(&pair.field, &dropbox.url, &dropbox.pin).fails(1, "cannot store anything");
    assert!(full.stderr.contains("operator"), "{}", full.stderr);
    assert_eq!(states(&pair.field), before);
    assert_eq!(uploaded(&medium.dir), vec![]);

    // Room for the requests but not for the bundle: exported, kept, not sent.
    medium.free();
    medium.fill(12 * 1024);
    sync_to(&pair.field, &dropbox.url, &dropbox.pin).fails(1, "cannot store anything");
    assert_eq!(outbox(&pair.field).len(), 1, "the bundle stays in the vault");
    assert!(
        states(&pair.field).contains("exported   6"),
        "{}",
        states(&pair.field)
    );
    assert_eq!(uploaded(&medium.dir), vec![]);

    medium.free();
    sync_to(&pair.field, &dropbox.url, &dropbox.pin).ok();
    pair.hq
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    sync_to(&pair.field, &dropbox.url, &dropbox.pin).ok();
    assert!(
        states(&pair.field).contains("delivered  6"),
        "{}",
        states(&pair.field)
    );
}

#[test]
fn a_connection_cut_mid_upload_is_tried_again() {
    let (pair, _, _, dropbox) = pair_and_dropbox();
    let proxy = CuttingProxy::start(socket_of(&dropbox.url), 3000, 1);
    let sent = sync_to(&pair.field, &proxy.url(), &dropbox.pin).ok();
    assert!(sent.stdout.contains("sent bundle"), "{}", sent.stdout);
    assert!(
        proxy.connections.load(Ordering::SeqCst) >= 2,
        "the cut was not met"
    );
    let bundle = &outbox(&pair.field)[0];
    let on_dropbox = uploaded(dropbox.store());
    assert_eq!(on_dropbox.len(), 1, "{on_dropbox:?}");
    assert_eq!(on_dropbox[0].1, std::fs::metadata(bundle).unwrap().len());
    assert_eq!(
        std::fs::read(&on_dropbox[0].0).unwrap(),
        std::fs::read(bundle).unwrap()
    );
}

#[test]
fn a_connection_cut_every_time_fails_clearly_and_keeps_everything() {
    let (pair, _, _, dropbox) = pair_and_dropbox();
    let proxy = CuttingProxy::start(socket_of(&dropbox.url), 3000, usize::MAX);
    let cut = sync_to(&pair.field, &proxy.url(), &dropbox.pin).fails(1, "cannot be reached");
    assert!(cut.stderr.contains("nothing was lost"), "{}", cut.stderr);
    assert_eq!(outbox(&pair.field).len(), 1);
    assert!(states(&pair.field).contains("exported   6"));
    // No partial bundle under a final name, and no staging file left behind: the drop box
    // aborted each cut upload.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(objects_under(&dropbox.store().join("up")), Vec::<PathBuf>::new());

    // Without the fault, the same bundle goes through.
    sync_to(&pair.field, &dropbox.url, &dropbox.pin).ok();
    assert_eq!(uploaded(dropbox.store()).len(), 1);
}

#[test]
fn a_drop_box_restarted_mid_transfer_is_picked_up_again() {
    let (pair, hq_card, field_card, dropbox) = pair_and_dropbox();
    let address = socket_of(&dropbox.url);
    // The first connection stalls part-way through the upload until the drop box dies.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let front = listener.local_addr().unwrap();
    let stalled = Arc::new(AtomicUsize::new(0));
    let flag = stalled.clone();
    std::thread::spawn(move || {
        for (number, client) in listener.incoming().enumerate() {
            let Ok(client) = client else { return };
            let (limit, stall) = if number == 0 {
                (Some(3000), Some(flag.clone()))
            } else {
                (None, None)
            };
            std::thread::spawn(move || relay(client, address, limit, stall));
        }
    });
    let url = format!("https://{front}");
    let pin = dropbox.pin.clone();
    let field = std::thread::spawn(move || {
        let run = sync_to(&pair.field, &url, &pin);
        (pair, run)
    });
    // Once the laptop is part-way through, the drop box stops and starts again on the
    // same address and store.
    for _ in 0..600 {
        if stalled.load(Ordering::SeqCst) == 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(stalled.load(Ordering::SeqCst), 1, "the laptop never got part-way");
    let store = dropbox.stop();
    let dropbox = DropBox::launch(
        store.path().to_str().unwrap(),
        &[&hq_card, &field_card],
        &["--listen", &address.to_string()],
        &[],
    );
    let (pair, run) = field.join().unwrap();
    let run = run.ok();
    assert!(run.stdout.contains("sent bundle"), "{}", run.stdout);
    assert_eq!(uploaded(store.path()).len(), 1);
    pair.hq
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    assert_eq!(interview_count(&pair.hq), 6);
}

/// A server that holds the right certificate (someone who stole it, or a broken proxy)
/// but answers with nonsense: the laptop and headquarters must stop, change nothing and
/// say so.
mod garbage {
    use super::*;

    use axum::Router;
    use axum::http::header::CONTENT_LENGTH;
    use axum::response::IntoResponse;
    use axum::routing::get;

    /// Headquarters syncs from a server that lists one bundle of 1000 bytes and answers
    /// its fetch with `fetched`: the sync fails saying `message`, nothing is imported and
    /// nothing is left in the inbox.
    fn hq_fetches_from(fetched: Router, message: &str) {
        let pair = pair();
        let listed = r#"[{"device":"0123456789abcdef","name":"0123456789abcdef","size":1000}]"#;
        let router = Router::new()
            .route("/v1/up", get(move || async move { listed }))
            .merge(fetched);
        let (url, pin, _runtime) = serve(router);
        pair.hq
            .run(&["sync", "--from", &url, "--pin", &pin])
            .fails(1, message);
        assert_eq!(interview_count(&pair.hq), 0);
        let inbox = objects_under(&pair.hq.vault().join("inbox"));
        assert!(inbox.is_empty(), "{inbox:?}");
    }

    /// Serves `router` over TLS on loopback; returns its URL and pin.
    fn serve(router: Router) -> (String, String, tokio::runtime::Runtime) {
        fieldvault::relay::tls::install_provider();
        let (cert, key) = fieldvault::relay::tls::self_signed(vec!["127.0.0.1".into()]).unwrap();
        let pin = fieldvault::relay::tls::fingerprint(&fieldvault::relay::tls::first_der(&cert).unwrap());
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        runtime.spawn(async move {
            let config = axum_server::tls_rustls::RustlsConfig::from_pem(cert.into_bytes(), key.into_bytes())
                .await
                .unwrap();
            axum_server::from_tcp_rustls(listener, config)
                .unwrap()
                .serve(router.into_make_service())
                .await
                .unwrap();
        });
        (url, pin, runtime)
    }

    #[test]
    fn garbage_instead_of_receipts_changes_nothing() {
        let pair = pair();
        pair.field
            .run(&["export", "--to", pair.stick.path().to_str().unwrap()])
            .ok();
        let before = states(&pair.field);
        let (url, pin, _runtime) =
            serve(Router::new().route("/v1/down", get(|| async { "<html>not json</html>" })));
        sync_to(&pair.field, &url, &pin).fails(1, "something other than what was asked for");
        assert_eq!(states(&pair.field), before);
    }

    #[test]
    fn a_bundle_of_the_wrong_length_is_not_imported() {
        let fetched = Router::new().route(
            "/v1/up/{device}/{name}",
            get(|| async { ([(CONTENT_LENGTH, "10")], "0123456789").into_response() }),
        );
        hq_fetches_from(fetched, "something other than what was asked for");
    }

    #[test]
    fn a_bundle_cut_short_is_not_imported() {
        // Claims 1000 bytes, sends 10, and ends the connection.
        let fetched = Router::new().route(
            "/v1/up/{device}/{name}",
            get(|| async {
                let stream = futures::stream::iter([
                    Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"0123456789")),
                    Err(std::io::Error::other("cut")),
                ]);
                ([(CONTENT_LENGTH, "1000")], axum::body::Body::from_stream(stream)).into_response()
            }),
        );
        hq_fetches_from(fetched, "cannot be reached");
    }
}

/// The app's Cancel (a [`Watch`] cancelled from another thread) stops an upload part-way:
/// the sync says it was stopped, the bundle stays in the outbox and the drop box keeps
/// nothing of it.
#[test]
fn a_cancelled_upload_stops_part_way_and_keeps_the_bundle() {
    use fieldvault::relay::client::{DropBoxClient, SyncError};
    use fieldvault::relay::sync::{SyncReport, run};
    use fieldvault::relay::watch::Watch;
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::vault::Vault;

    let (pair, _, _, dropbox) = pair_and_dropbox();
    let mut vault = Vault::unlock(
        &pair.field.vault(),
        &Passphrase::new(common::PASSPHRASE.to_owned()),
    )
    .unwrap();
    // A large bundle waiting in the outbox (its content does not matter to the drop box).
    let outbox = vault.exchange_folder("outbox").unwrap();
    let big = outbox.join("00000000000000000000000000000abc");
    let mut file = std::fs::File::create(&big).unwrap();
    let piece = vec![0x17u8; 1 << 20];
    for _ in 0..256 {
        file.write_all(&piece).unwrap();
    }
    drop(file);

    let watch = Watch::default();
    let client = DropBoxClient::new(&dropbox.url, &dropbox.pin, None, watch.clone()).unwrap();
    let canceller = {
        let watch = watch.clone();
        std::thread::spawn(move || {
            while watch.progress().0 < 8 << 20 {
                std::thread::sleep(Duration::from_millis(1));
            }
            watch.cancel();
        })
    };
    let mut report = SyncReport::default();
    let outcome = run(&mut vault, &client, &mut report);
    canceller.join().unwrap();
    assert!(matches!(outcome, Err(SyncError::Cancelled)), "{outcome:?}");
    let (done, total) = watch.progress();
    assert!(done < total, "stopped part-way: {done} of {total}");
    assert!(big.is_file());
    assert!(
        !report
            .sent
            .contains(&"00000000000000000000000000000abc".to_owned())
    );
    // The drop box aborted the cut upload: no object, no staging file.
    std::thread::sleep(Duration::from_millis(500));
    let left: Vec<_> = objects_under(&dropbox.store().join("up"))
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("0abc"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
