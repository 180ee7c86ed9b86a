//! Server-sent event streams fed by the live hub (`backend::live`): a doctor's free slots for
//! the doctor and booking pages, and the bell's unread count. Each open stream waits on this
//! instance's hub, which hears every instance's changes; nothing polls per stream.
//!
//! Streams are capped: a person (signed in) holds at most [`PER_USER`] at once, a client
//! address at most [`PER_ADDRESS`]; one more is refused with 429 until another closes.

use app::AppError;
use axum::response::sse::{Event, KeepAlive, Sse};
use backend::live::{Change, Live};
use futures::Stream;
use shared::UserId;
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::Instant;

/// Open streams one signed-in person may hold (tabs and devices).
pub const PER_USER: usize = 16;
/// Open streams one client address may hold (a clinic's staff may share one address).
pub const PER_ADDRESS: usize = 256;
/// A stream ends after this long; the browser reconnects on its own (and a signed-in one is
/// checked again then).
pub const STREAM_FOR: Duration = Duration::from_secs(300);
/// A stream re-reads at least this often, in case a change was missed (the hub dropped it
/// while the stream lagged, or a listening connection was being reopened).
const READ_AGAIN_EVERY: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Holder {
    Address(IpAddr),
    User(i64),
}

/// The open streams of this instance, by who holds them.
#[derive(Default)]
pub struct StreamCaps {
    open: Mutex<HashMap<Holder, usize>>,
}

/// One open stream: counted until dropped (the client went, or the stream ended).
pub struct StreamPermit {
    caps: Arc<StreamCaps>,
    holders: Vec<Holder>,
    gauge: &'static str,
}

impl StreamCaps {
    /// Counts a stream for `address` and `user`, or refuses it when either holds its most.
    /// `gauge` names the metric that counts the open streams of this kind.
    pub fn open(
        self: &Arc<Self>,
        address: Option<IpAddr>,
        user: Option<UserId>,
        gauge: &'static str,
    ) -> Result<StreamPermit, AppError> {
        let holders: Vec<(Holder, usize)> = address
            .map(|ip| (Holder::Address(ip), PER_ADDRESS))
            .into_iter()
            .chain(user.map(|user| (Holder::User(user.0), PER_USER)))
            .collect();
        let mut open = self.counts();
        if holders
            .iter()
            .any(|(holder, most)| open.get(holder).copied().unwrap_or(0) >= *most)
        {
            return Err(AppError::RateLimited);
        }
        for (holder, _) in &holders {
            *open.entry(*holder).or_default() += 1;
        }
        metrics::gauge!(gauge).increment(1.0);
        Ok(StreamPermit {
            caps: self.clone(),
            holders: holders.into_iter().map(|(holder, _)| holder).collect(),
            gauge,
        })
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<Holder, usize>> {
        // Counts of open streams only: a panic while holding the lock leaves nothing that
        // matters inconsistent.
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for StreamPermit {
    fn drop(&mut self) {
        let mut open = self.caps.counts();
        for holder in &self.holders {
            if let Some(count) = open.get_mut(holder) {
                *count -= 1;
                if *count == 0 {
                    open.remove(holder);
                }
            }
        }
        metrics::gauge!(self.gauge).decrement(1.0);
    }
}

/// Why a stream wakes.
enum Wake {
    /// A change it cares about (or changes it may have missed).
    Changed,
    /// Time to read again anyway.
    ReadAgain,
    /// Its time is up, or the hub closed.
    End,
}

/// Waits for the next change that `concerns` the stream, the next periodic read, or its end.
async fn next_wake(
    changes: &mut broadcast::Receiver<Change>,
    concerns: &impl Fn(Change) -> bool,
    until: Instant,
) -> Wake {
    let read_again = Instant::now() + READ_AGAIN_EVERY;
    loop {
        tokio::select! {
            change = changes.recv() => match change {
                Ok(change) if concerns(change) => return Wake::Changed,
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => return Wake::Changed,
                Err(RecvError::Closed) => return Wake::End,
            },
            () = tokio::time::sleep_until(read_again.min(until)) => {
                return if Instant::now() >= until { Wake::End } else { Wake::ReadAgain };
            }
        }
    }
}

/// A stream that sends what `read` answers at once, then again whenever it differs after a
/// change that `concerns` it, as `name` events of JSON.
pub fn watch<T, R, F>(
    live: &Live,
    concerns: impl Fn(Change) -> bool + Send + Sync + 'static,
    read: R,
    name: &'static str,
    permit: StreamPermit,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    T: serde::Serialize + PartialEq + Send + 'static,
    R: Fn() -> F + Send + Sync + 'static,
    F: std::future::Future<Output = Result<T, AppError>> + Send,
{
    struct Watch<T, C, R> {
        changes: broadcast::Receiver<Change>,
        concerns: C,
        read: R,
        last: Option<T>,
        until: Instant,
        _permit: StreamPermit,
    }
    let start = Watch {
        changes: live.subscribe(),
        concerns,
        read,
        last: None,
        until: Instant::now() + STREAM_FOR,
        _permit: permit,
    };
    let stream = futures::stream::unfold(start, move |mut watch| async move {
        loop {
            if watch.last.is_some()
                && matches!(
                    next_wake(&mut watch.changes, &watch.concerns, watch.until).await,
                    Wake::End
                )
            {
                return None;
            }
            let now = match (watch.read)().await {
                Ok(now) => now,
                Err(error) => {
                    tracing::warn!(%error, stream = name, "live stream stopped");
                    return None;
                }
            };
            if watch.last.as_ref() != Some(&now) {
                let data = serde_json::to_string(&now).unwrap_or_default();
                watch.last = Some(now);
                let event = Event::default().event(name).data(data);
                return Some((Ok(event), watch));
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_capped_per_user_and_per_address_and_freed_when_closed() {
        let caps = Arc::new(StreamCaps::default());
        let ip: IpAddr = "198.51.100.7".parse().unwrap();
        let user = Some(UserId(3));
        let mut held: Vec<StreamPermit> = (0..PER_USER)
            .map(|_| caps.open(Some(ip), user, "test_streams").unwrap())
            .collect();
        assert!(
            caps.open(Some(ip), user, "test_streams").is_err(),
            "the person's most"
        );
        assert!(
            caps.open(Some(ip), Some(UserId(4)), "test_streams").is_ok(),
            "another person at the same address"
        );
        held.pop();
        assert!(
            caps.open(Some(ip), user, "test_streams").is_ok(),
            "one closed, one more"
        );
        let other: IpAddr = "203.0.113.9".parse().unwrap();
        let anonymous: Vec<StreamPermit> = (0..PER_ADDRESS)
            .map(|_| caps.open(Some(other), None, "test_streams").unwrap())
            .collect();
        assert!(
            caps.open(Some(other), None, "test_streams").is_err(),
            "the address's most"
        );
        drop(anonymous);
        assert!(
            caps.counts().get(&Holder::Address(other)).is_none(),
            "all freed"
        );
    }
}
