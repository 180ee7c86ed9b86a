//! Rate limits: failed logins (see `login_guard`), and password reset, sign-up and emailed
//! links per account and per client address with governor's GCRA limiters. All in memory:
//! each server instance counts its own requests.

use crate::accounts::login_guard::LoginGuard;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use shared::error::AppError;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

/// Keys kept before old, fully replenished ones are forgotten.
const MAX_TRACKED_KEYS: usize = 50_000;

fn limiter<K: Hash + Eq + Clone>(burst: u32, every: Duration) -> DefaultKeyedRateLimiter<K> {
    let burst = NonZeroU32::new(burst).expect("a burst of at least one");
    let quota = Quota::with_period(every)
        .expect("a non-zero replenishment period")
        .allow_burst(burst);
    RateLimiter::keyed(quota)
}

/// One kind of attempt, limited per account (email) and per address.
pub struct AttemptLimit {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl AttemptLimit {
    fn new(account: (u32, Duration), address: (u32, Duration)) -> Self {
        Self {
            per_account: limiter(account.0, account.1),
            per_address: limiter(address.0, address.1),
        }
    }

    /// Counts one attempt against the address's budget only (for requests that name no
    /// account, like following an emailed link).
    pub fn check_address(&self, address: Option<IpAddr>) -> Result<(), AppError> {
        if self.per_address.len() > MAX_TRACKED_KEYS {
            self.per_address.retain_recent();
        }
        match address {
            Some(ip) if self.per_address.check_key(&ip).is_err() => Err(AppError::RateLimited),
            _ => Ok(()),
        }
    }

    /// Counts one attempt; refuses it when either limit is used up. The account key is the
    /// normalised email, so `A@x.org` and `a@x.org` share a budget.
    pub fn check(&self, account: &str, address: Option<IpAddr>) -> Result<(), AppError> {
        if self.per_account.len() > MAX_TRACKED_KEYS {
            self.per_account.retain_recent();
        }
        if self.per_address.len() > MAX_TRACKED_KEYS {
            self.per_address.retain_recent();
        }
        let address_ok = address.is_none_or(|ip| self.per_address.check_key(&ip).is_ok());
        let account_ok = self.per_account.check_key(&account.to_owned()).is_ok();
        if address_ok && account_ok {
            Ok(())
        } else {
            Err(AppError::RateLimited)
        }
    }
}

/// The limits of the running server.
pub struct Throttles {
    /// Failed logins, per address and per account, with delays that grow (`login_guard`).
    pub login: LoginGuard,
    /// Reset emails and sign-ups: 3 per account, then one a minute; 20 per address, then
    /// one every 10 s. Keeps Salus from being used to flood someone's inbox.
    pub mail: AttemptLimit,
    /// Following emailed links (verify, reset): 30 per address, then one every 2 s, so
    /// guessing tokens, or making the server hash passwords for bogus ones, is slow.
    pub links: AttemptLimit,
    /// Password changes of a signed-in account (the current password is checked): 5, then
    /// one every 12 s, so a stolen session cannot guess the password at speed.
    pub password_change: AttemptLimit,
}

impl Default for Throttles {
    fn default() -> Self {
        Self {
            login: LoginGuard::default(),
            mail: AttemptLimit::new((3, Duration::from_secs(60)), (20, Duration::from_secs(10))),
            links: AttemptLimit::new((30, Duration::from_secs(2)), (30, Duration::from_secs(2))),
            password_change: AttemptLimit::new(
                (5, Duration::from_secs(12)),
                (50, Duration::from_secs(2)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_is_limited_per_account_whatever_the_address() {
        let throttles = Throttles::default();
        for i in 0..3 {
            let ip: IpAddr = format!("10.0.0.{i}").parse().unwrap();
            assert_eq!(throttles.mail.check("a@b.test", Some(ip)), Ok(()));
        }
        let fresh_ip: IpAddr = "10.0.1.1".parse().unwrap();
        assert_eq!(
            throttles.mail.check("a@b.test", Some(fresh_ip)),
            Err(AppError::RateLimited)
        );
        assert_eq!(throttles.mail.check("c@d.test", Some(fresh_ip)), Ok(()));
    }

    #[test]
    fn links_are_limited_per_address() {
        let throttles = Throttles::default();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        for _ in 0..30 {
            assert_eq!(throttles.links.check_address(Some(ip)), Ok(()));
        }
        assert_eq!(
            throttles.links.check_address(Some(ip)),
            Err(AppError::RateLimited)
        );
    }
}
