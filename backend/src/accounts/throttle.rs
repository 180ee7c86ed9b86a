//! Rate limits: failed logins (see `login_guard`), and password reset, sign-up, emailed links
//! and password changes per account and per client address. The counts live in
//! `limit_counts`: shared by every instance on PostgreSQL, in memory on SQLite.
//!
//! The budgets are GCRA ("generic cell rate algorithm", the rule governor implements): a
//! burst of `burst` attempts, then one every `every`. Its whole state is one instant (the
//! theoretical arrival time), which is what makes it cheap to keep in a shared row.

use crate::accounts::limit_counts::LimitCounts;
use crate::accounts::login_guard::LoginGuard;
use crate::db::Db;
use serde::{Deserialize, Serialize};
use shared::error::AppError;
use std::net::IpAddr;
use std::sync::Arc;

/// A budget: `burst` attempts at once, then one every `every_ms`.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub burst: i64,
    pub every_ms: i64,
}

/// GCRA's state: the instant (unix milliseconds) the budget is whole again.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
struct Budget {
    full_at_ms: i64,
}

impl Rate {
    const fn new(burst: i64, every_secs: i64) -> Self {
        Rate {
            burst,
            every_ms: every_secs * 1000,
        }
    }

    /// Spends one attempt of `budget` at `now_ms` if one is left.
    fn admit(&self, budget: &mut Budget, now_ms: i64) -> bool {
        let next = budget.full_at_ms.max(now_ms) + self.every_ms;
        if next - now_ms > self.burst * self.every_ms {
            return false;
        }
        budget.full_at_ms = next;
        true
    }
}

/// One kind of attempt, limited per account (email) and per address.
pub struct AttemptLimit {
    name: &'static str,
    per_account: Rate,
    per_address: Rate,
    counts: Arc<LimitCounts>,
}

impl AttemptLimit {
    /// Spends one attempt of the budget under `key`; answers whether there was one.
    async fn spend(&self, rate: Rate, key: String, now_ms: i64) -> Result<bool, AppError> {
        let keep_until = |budget: &Budget| budget.full_at_ms / 1000 + 1;
        self.counts
            .update(&key, now_ms / 1000, |budget: &mut Budget| {
                let admitted = rate.admit(budget, now_ms);
                (admitted, keep_until(budget))
            })
            .await
    }

    /// Counts one attempt against the address's budget only (for requests that name no
    /// account, like following an emailed link).
    pub async fn check_address(
        &self,
        address: Option<IpAddr>,
        now_ms: i64,
    ) -> Result<(), AppError> {
        let Some(ip) = address else {
            return Ok(());
        };
        let key = format!("{}:address:{ip}", self.name);
        if self.spend(self.per_address, key, now_ms).await? {
            Ok(())
        } else {
            Err(AppError::RateLimited)
        }
    }

    /// Counts one attempt; refuses it when either budget is spent. The account key is the
    /// normalised email, so `A@x.org` and `a@x.org` share a budget.
    pub async fn check(
        &self,
        account: &str,
        address: Option<IpAddr>,
        now_ms: i64,
    ) -> Result<(), AppError> {
        let address_ok = self.check_address(address, now_ms).await.is_ok();
        let key = format!("{}:account:{account}", self.name);
        let account_ok = self.spend(self.per_account, key, now_ms).await?;
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
    counts: Arc<LimitCounts>,
}

impl Throttles {
    /// The limits of a server on `db`: shared by its instances on PostgreSQL.
    pub fn for_database(db: &Db) -> Self {
        Self::with_counts(Arc::new(LimitCounts::for_database(db)))
    }

    /// Limits counted in this process only.
    pub fn in_memory() -> Self {
        Self::with_counts(Arc::new(LimitCounts::in_memory()))
    }

    fn with_counts(counts: Arc<LimitCounts>) -> Self {
        let limit = |name, per_account, per_address| AttemptLimit {
            name,
            per_account,
            per_address,
            counts: counts.clone(),
        };
        Self {
            login: LoginGuard::new(counts.clone()),
            mail: limit("mail", Rate::new(3, 60), Rate::new(20, 10)),
            links: limit("links", Rate::new(30, 2), Rate::new(30, 2)),
            password_change: limit("password", Rate::new(5, 12), Rate::new(50, 2)),
            counts,
        }
    }

    /// Deletes the counts every limit has forgotten (run once a minute by the worker).
    pub async fn delete_forgotten(&self, now: i64) -> Result<u64, AppError> {
        self.counts.delete_forgotten(now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000;

    #[tokio::test]
    async fn mail_is_limited_per_account_whatever_the_address() {
        let throttles = Throttles::in_memory();
        for i in 0..3 {
            let ip: IpAddr = format!("10.0.0.{i}").parse().unwrap();
            assert_eq!(throttles.mail.check("a@b.test", Some(ip), T0).await, Ok(()));
        }
        let fresh_ip: IpAddr = "10.0.1.1".parse().unwrap();
        assert_eq!(
            throttles.mail.check("a@b.test", Some(fresh_ip), T0).await,
            Err(AppError::RateLimited)
        );
        assert_eq!(
            throttles.mail.check("c@d.test", Some(fresh_ip), T0).await,
            Ok(())
        );
        assert_eq!(
            throttles
                .mail
                .check("a@b.test", Some(fresh_ip), T0 + 60_000)
                .await,
            Ok(()),
            "one more a minute later"
        );
    }

    #[tokio::test]
    async fn links_are_limited_per_address() {
        let throttles = Throttles::in_memory();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        for _ in 0..30 {
            assert_eq!(throttles.links.check_address(Some(ip), T0).await, Ok(()));
        }
        assert_eq!(
            throttles.links.check_address(Some(ip), T0).await,
            Err(AppError::RateLimited)
        );
    }

    #[test]
    fn a_budget_allows_its_burst_then_one_per_period() {
        let rate = Rate::new(3, 10);
        let mut budget = Budget::default();
        assert!((0..3).all(|_| rate.admit(&mut budget, T0)), "the burst");
        assert!(!rate.admit(&mut budget, T0), "then nothing");
        assert!(!rate.admit(&mut budget, T0 + 9_999));
        assert!(rate.admit(&mut budget, T0 + 10_000), "one per period");
        assert!(!rate.admit(&mut budget, T0 + 10_000));
        assert!(
            (0..3).all(|_| rate.admit(&mut budget, T0 + 40_000)),
            "a whole burst again once it refilled"
        );
        assert!(
            !rate.admit(&mut budget, T0 + 40_000),
            "never more than the burst"
        );
    }
}
