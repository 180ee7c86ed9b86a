//! Failed logins, counted so that nobody can lock an account's owner out (OWASP's "Blocking
//! Brute Force Attacks": count failures, not attempts; slow down, do not lock; recognise the
//! owner's own browser).
//!
//! - Only failures count: a right password is never slowed by the count, nor counted.
//! - Failures from one client address slow that address only, by a delay that doubles with
//!   each failure after the first [`ADDRESS_FREE_FAILURES`].
//! - An account is slowed only by failures spread over many addresses: each address adds at
//!   most [`PER_ADDRESS_TOWARD_ACCOUNT`] of its failures to the account's count, which may
//!   reach [`ACCOUNT_FREE_FAILURES`] before delays start. Even then, a browser that signed in
//!   to the account before (a signed device cookie, see `device_cookie`) is not slowed, unless
//!   that device itself keeps failing.
//! - The owner is told by email, once per window, when failures pile up on their account.
//!
//! A count is forgotten once [`WINDOW_SECONDS`] pass without a new failure. The clock is
//! passed in, so the rules are tested at any moment. The counts live in `limit_counts`:
//! shared by every instance on PostgreSQL, so a second instance gives an attacker nothing.

use crate::accounts::limit_counts::LimitCounts;
use serde::{Deserialize, Serialize};
use shared::error::AppError;
use std::net::IpAddr;
use std::sync::Arc;

/// How long a count lasts after its last failure.
pub const WINDOW_SECONDS: i64 = 3600;
/// Failures an address may make (typos, a forgotten password) before it waits.
pub const ADDRESS_FREE_FAILURES: u32 = 10;
/// The most one address adds to an account's count.
pub const PER_ADDRESS_TOWARD_ACCOUNT: u32 = 3;
/// Failures an account may collect from many addresses before logins to it wait.
pub const ACCOUNT_FREE_FAILURES: u32 = 20;
/// Failures a known device may make before it stops being trusted.
pub const DEVICE_FREE_FAILURES: u32 = 10;
/// Failures on one account, from anywhere, after which its owner is told.
pub const TELL_OWNER_AFTER: u32 = 10;
/// The longest delay between two tries.
pub const MAX_DELAY_SECONDS: i64 = 15 * 60;
/// Addresses remembered per account: past them, new addresses share one count (the account
/// is long slowed by then, as each address adds up to 3 toward its 20).
const MAX_ADDRESSES_PER_ACCOUNT: usize = 256;

/// How long to wait after the last failure, once `failures` have been made and `free` of them
/// cost nothing: 1 s, 2 s, 4 s… up to [`MAX_DELAY_SECONDS`].
pub fn delay_after(failures: u32, free: u32) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(30);
    (1i64 << doublings).min(MAX_DELAY_SECONDS)
}

/// A run of failures.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Run {
    failures: u32,
    last: i64,
}

impl Run {
    fn current(&self, now: i64) -> u32 {
        if now - self.last > WINDOW_SECONDS {
            0
        } else {
            self.failures
        }
    }

    fn add(&mut self, now: i64) {
        self.failures = self.current(now) + 1;
        self.last = now;
    }

    fn waits(&self, free: u32, now: i64) -> bool {
        let failures = self.current(now);
        failures >= free && now < self.last + delay_after(failures, free)
    }
}

/// An account's failures, by the address they came from (`None`: no address known, or past
/// [`MAX_ADDRESSES_PER_ACCOUNT`]).
#[derive(Debug, Default, Serialize, Deserialize)]
struct AccountRuns {
    by_address: Vec<(Option<IpAddr>, u32)>,
    last: i64,
    told_owner: bool,
}

impl AccountRuns {
    fn forget_if_stale(&mut self, now: i64) {
        if now - self.last > WINDOW_SECONDS {
            *self = AccountRuns::default();
        }
    }

    fn add(&mut self, address: Option<IpAddr>, now: i64) {
        let address = if self.by_address.len() >= MAX_ADDRESSES_PER_ACCOUNT
            && !self.by_address.iter().any(|(a, _)| *a == address)
        {
            None
        } else {
            address
        };
        match self.by_address.iter_mut().find(|(a, _)| *a == address) {
            Some((_, failures)) => *failures += 1,
            None => self.by_address.push((address, 1)),
        }
        self.last = now;
    }

    /// The count that slows the account: each address adds at most a few failures.
    fn spread(&self) -> u32 {
        self.by_address
            .iter()
            .map(|(_, n)| (*n).min(PER_ADDRESS_TOWARD_ACCOUNT))
            .sum()
    }

    fn total(&self) -> u32 {
        self.by_address.iter().map(|(_, n)| n).sum()
    }

    fn waits(&self, now: i64) -> bool {
        let spread = self.spread();
        now - self.last <= WINDOW_SECONDS
            && spread >= ACCOUNT_FREE_FAILURES
            && now < self.last + delay_after(spread, ACCOUNT_FREE_FAILURES)
    }
}

/// Who is trying to log in: the account (its normalised email), the client's address, and
/// the device cookie's id when the browser presented a valid one for this very account.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub account: &'a str,
    pub address: Option<IpAddr>,
    pub known_device: Option<&'a str>,
}

/// What a failure calls for beyond the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterFailure {
    /// Failures have piled up on the account: tell its owner (once per window).
    pub tell_owner: bool,
}

/// The failed-login counts.
pub struct LoginGuard {
    counts: Arc<LimitCounts>,
}

fn address_key(address: IpAddr) -> String {
    format!("login:address:{address}")
}

fn account_key(account: &str) -> String {
    format!("login:account:{account}")
}

fn device_key(device: &str) -> String {
    format!("login:device:{device}")
}

impl LoginGuard {
    pub fn new(counts: Arc<LimitCounts>) -> Self {
        Self { counts }
    }

    /// Whether this attempt may test a password now. Checked before the password, so a
    /// slowed attempt learns nothing and costs no hashing.
    pub async fn may_try(&self, attempt: Attempt<'_>, now: i64) -> Result<bool, AppError> {
        if let Some(address) = attempt.address {
            let run: Run = self.counts.read(&address_key(address), now).await?;
            if run.waits(ADDRESS_FREE_FAILURES, now) {
                return Ok(false);
            }
        }
        if let Some(device) = attempt.known_device {
            let run: Run = self.counts.read(&device_key(device), now).await?;
            if run.current(now) < DEVICE_FREE_FAILURES {
                return Ok(true);
            }
        }
        let mut account: AccountRuns = self.counts.read(&account_key(attempt.account), now).await?;
        account.forget_if_stale(now);
        Ok(!account.waits(now))
    }

    /// Counts a wrong password (or an unknown account).
    pub async fn failed(&self, attempt: Attempt<'_>, now: i64) -> Result<AfterFailure, AppError> {
        let add = |run: &mut Run| {
            run.add(now);
            ((), now + WINDOW_SECONDS)
        };
        if let Some(address) = attempt.address {
            self.counts.update(&address_key(address), now, add).await?;
        }
        if let Some(device) = attempt.known_device {
            self.counts.update(&device_key(device), now, add).await?;
        }
        let key = account_key(attempt.account);
        self.counts
            .update(&key, now, |account: &mut AccountRuns| {
                account.forget_if_stale(now);
                account.add(attempt.address, now);
                let tell_owner = !account.told_owner && account.total() >= TELL_OWNER_AFTER;
                account.told_owner |= tell_owner;
                (AfterFailure { tell_owner }, now + WINDOW_SECONDS)
            })
            .await
    }

    /// A right password from a known device clears that device's own failures (its owner
    /// typed it right at last); nothing else is forgiven.
    pub async fn succeeded(&self, attempt: Attempt<'_>) -> Result<(), AppError> {
        match attempt.known_device {
            Some(device) => self.counts.remove(&device_key(device)).await,
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000;

    fn from(address: &str) -> Attempt<'static> {
        Attempt {
            account: "owner@example.org",
            address: Some(address.parse().unwrap()),
            known_device: None,
        }
    }

    #[test]
    fn delays_double_after_the_free_failures_up_to_a_ceiling() {
        assert_eq!(delay_after(0, 10), 0);
        assert_eq!(delay_after(9, 10), 0);
        assert_eq!(delay_after(10, 10), 1);
        assert_eq!(delay_after(11, 10), 2);
        assert_eq!(delay_after(14, 10), 16);
        assert_eq!(delay_after(40, 10), MAX_DELAY_SECONDS);
        assert_eq!(delay_after(u32::MAX, 0), MAX_DELAY_SECONDS);
    }

    #[tokio::test]
    async fn one_address_failing_slows_that_address_only() {
        let guard = LoginGuard::new(Arc::new(LimitCounts::in_memory()));
        let attacker = from("198.51.100.7");
        for i in 0..ADDRESS_FREE_FAILURES {
            assert!(
                guard.may_try(attacker, T0 + i64::from(i)).await.unwrap(),
                "typo {i} is free"
            );
            guard.failed(attacker, T0 + i64::from(i)).await.unwrap();
        }
        let last = T0 + i64::from(ADDRESS_FREE_FAILURES) - 1;
        assert!(
            !guard.may_try(attacker, last).await.unwrap(),
            "now it waits"
        );
        assert!(
            guard.may_try(attacker, last + 1).await.unwrap(),
            "one second later, one more try"
        );
        guard.failed(attacker, last + 1).await.unwrap();
        assert!(
            !guard.may_try(attacker, last + 2).await.unwrap(),
            "the next wait is longer"
        );
        assert!(guard.may_try(attacker, last + 3).await.unwrap());
        assert!(
            guard.may_try(from("203.0.113.5"), last + 1).await.unwrap(),
            "the owner elsewhere is not slowed"
        );
    }

    #[tokio::test]
    async fn failures_spread_over_many_addresses_slow_the_account() {
        let guard = LoginGuard::new(Arc::new(LimitCounts::in_memory()));
        let mut now = T0;
        for address in 0..7 {
            let attempt = from(&format!("198.51.100.{address}"));
            for _ in 0..PER_ADDRESS_TOWARD_ACCOUNT + 2 {
                guard.failed(attempt, now).await.unwrap();
                now += 1;
            }
        }
        // 7 addresses × at most 3 each = 21 ≥ 20: the account waits, from anywhere new.
        assert!(!guard.may_try(from("203.0.113.5"), now).await.unwrap());
        // But a device that signed in to it before does not.
        let device = Attempt {
            known_device: Some("device-1"),
            ..from("203.0.113.5")
        };
        assert!(guard.may_try(device, now).await.unwrap());
        // Unless that device keeps failing.
        for _ in 0..DEVICE_FREE_FAILURES {
            guard.failed(device, now).await.unwrap();
        }
        assert!(!guard.may_try(device, now).await.unwrap());
        // An hour without failures, and the account is as new.
        assert!(guard
            .may_try(from("203.0.113.9"), now + WINDOW_SECONDS + 1)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn many_failures_from_one_address_never_slow_the_account() {
        let guard = LoginGuard::new(Arc::new(LimitCounts::in_memory()));
        let mut now = T0;
        for _ in 0..200 {
            guard.failed(from("198.51.100.7"), now).await.unwrap();
            now += MAX_DELAY_SECONDS;
        }
        assert!(guard.may_try(from("203.0.113.5"), now).await.unwrap());
    }

    #[tokio::test]
    async fn the_owner_is_told_once_per_window() {
        let guard = LoginGuard::new(Arc::new(LimitCounts::in_memory()));
        let mut told = Vec::new();
        for i in 0..30 {
            let after = guard.failed(from("198.51.100.7"), T0 + i).await.unwrap();
            told.push(after.tell_owner);
        }
        assert_eq!(told.iter().filter(|t| **t).count(), 1);
        assert!(told[(TELL_OWNER_AFTER - 1) as usize]);
        let later = T0 + 30 + WINDOW_SECONDS + 1;
        let mut again = Vec::new();
        for i in 0..TELL_OWNER_AFTER {
            let at = later + i64::from(i);
            again.push(
                guard
                    .failed(from("198.51.100.7"), at)
                    .await
                    .unwrap()
                    .tell_owner,
            );
        }
        assert_eq!(
            again.iter().filter(|t| **t).count(),
            1,
            "a new window, a new email"
        );
    }
}
