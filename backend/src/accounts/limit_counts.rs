//! Where the rate limits keep their counts (`throttle`, `login_guard`): each limit's rule
//! reads and changes a small state per key (an address, an account, a device), and this
//! store keeps it.
//!
//! - On PostgreSQL the counts are rows of `limit_counts`, shared by every instance behind
//!   the load balancer: an attacker's budget is the same whichever instance answers. A change
//!   locks its row for the length of its transaction, so two instances never lose a count.
//! - On SQLite (one instance) they stay in memory: a flood of failed logins must not turn
//!   into writes queueing in front of the bookings on SQLite's single writer.
//!
//! Rows are keyed by a hash of the limit's key: the table holds no email or address.
//! A state is kept until the time its rule says it is forgotten (`keep_until`), then it
//! reads as new; forgotten rows are deleted by the worker once a minute.

use crate::db::{begin_write, Backend, Db};
use serde::{de::DeserializeOwned, Serialize};
use shared::error::AppError;
use std::collections::HashMap;
use std::sync::Mutex;

/// States kept in memory before the forgotten ones are dropped.
const MAX_KEPT_IN_MEMORY: usize = 50_000;

pub enum LimitCounts {
    Memory(Mutex<HashMap<String, Kept>>),
    Shared(Db),
}

/// A state as stored: its JSON and the unix second it is forgotten after.
pub struct Kept {
    state: String,
    keep_until: i64,
}

impl LimitCounts {
    /// The store for a server on `db`: shared on PostgreSQL, in memory on SQLite.
    pub fn for_database(db: &Db) -> Self {
        match db.backend {
            Backend::Postgres => LimitCounts::Shared(db.clone()),
            Backend::Sqlite => LimitCounts::in_memory(),
        }
    }

    pub fn in_memory() -> Self {
        LimitCounts::Memory(Mutex::new(HashMap::new()))
    }

    /// The state under `key` as of `now` (a new one when none is kept).
    pub async fn read<T>(&self, key: &str, now: i64) -> Result<T, AppError>
    where
        T: DeserializeOwned + Default,
    {
        let kept = match self {
            LimitCounts::Memory(map) => locked(map)
                .get(key)
                .map(|kept| (kept.state.clone(), kept.keep_until)),
            LimitCounts::Shared(db) => {
                sqlx::query_as("SELECT state, keep_until FROM limit_counts WHERE key = $1")
                    .bind(row_key(key))
                    .fetch_optional(&db.pool)
                    .await?
            }
        };
        Ok(current(kept, now))
    }

    /// Applies `change` to the state under `key`, atomically across every instance sharing
    /// the store. `change` answers its result and when the new state may be forgotten.
    pub async fn update<T, R>(
        &self,
        key: &str,
        now: i64,
        change: impl FnOnce(&mut T) -> (R, i64),
    ) -> Result<R, AppError>
    where
        T: Serialize + DeserializeOwned + Default,
    {
        match self {
            LimitCounts::Memory(map) => {
                let mut map = locked(map);
                if map.len() > MAX_KEPT_IN_MEMORY {
                    map.retain(|_, kept| kept.keep_until >= now);
                }
                let before = map
                    .get(key)
                    .map(|kept| (kept.state.clone(), kept.keep_until));
                let mut state: T = current(before, now);
                let (result, keep_until) = change(&mut state);
                map.insert(key.to_owned(), Kept::of(&state, keep_until)?);
                Ok(result)
            }
            LimitCounts::Shared(db) => {
                let key = row_key(key);
                let mut tx = begin_write(db).await?;
                // The row exists before it is locked, so two first counts of a key queue too.
                sqlx::query(
                    "INSERT INTO limit_counts (key, state, keep_until) VALUES ($1, '', 0) \
                     ON CONFLICT (key) DO NOTHING",
                )
                .bind(&key)
                .execute(&mut *tx)
                .await?;
                let before: (String, i64) = sqlx::query_as(
                    "SELECT state, keep_until FROM limit_counts WHERE key = $1 FOR UPDATE",
                )
                .bind(&key)
                .fetch_one(&mut *tx)
                .await?;
                let mut state: T = current(Some(before), now);
                let (result, keep_until) = change(&mut state);
                let kept = Kept::of(&state, keep_until)?;
                sqlx::query("UPDATE limit_counts SET state = $1, keep_until = $2 WHERE key = $3")
                    .bind(kept.state)
                    .bind(kept.keep_until)
                    .bind(&key)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(result)
            }
        }
    }

    /// Forgets the state under `key` at once.
    pub async fn remove(&self, key: &str) -> Result<(), AppError> {
        match self {
            LimitCounts::Memory(map) => {
                locked(map).remove(key);
            }
            LimitCounts::Shared(db) => {
                sqlx::query("DELETE FROM limit_counts WHERE key = $1")
                    .bind(row_key(key))
                    .execute(&db.pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// Deletes the states forgotten before `now`; answers how many.
    pub async fn delete_forgotten(&self, now: i64) -> Result<u64, AppError> {
        match self {
            LimitCounts::Memory(map) => {
                let mut map = locked(map);
                let before = map.len();
                map.retain(|_, kept| kept.keep_until >= now);
                Ok((before - map.len()) as u64)
            }
            LimitCounts::Shared(db) => Ok(sqlx::query(
                "DELETE FROM limit_counts WHERE keep_until < $1",
            )
            .bind(now)
            .execute(&db.pool)
            .await?
            .rows_affected()),
        }
    }
}

impl Kept {
    fn of<T: Serialize>(state: &T, keep_until: i64) -> Result<Self, AppError> {
        Ok(Kept {
            state: serde_json::to_string(state).map_err(|_| AppError::Internal)?,
            keep_until,
        })
    }
}

/// A kept state, or a new one when there is none, it was forgotten, or it no longer reads
/// (a state written by an older release starts over rather than failing a login).
fn current<T: DeserializeOwned + Default>(kept: Option<(String, i64)>, now: i64) -> T {
    kept.filter(|(_, keep_until)| *keep_until >= now)
        .and_then(|(state, _)| serde_json::from_str(&state).ok())
        .unwrap_or_default()
}

/// A row's key: the SHA-256 of the limit's key, so the table names no email or address.
fn row_key(key: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(key.as_bytes()))
}

fn locked(map: &Mutex<HashMap<String, Kept>>) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
    // The counts only slow attempts down: a panic while holding the lock leaves nothing that
    // matters inconsistent, so a poisoned lock is used as it is.
    map.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_state_is_changed_in_place_and_forgotten_after_its_time() {
        let counts = LimitCounts::in_memory();
        for expected in 1..=3 {
            let seen = counts
                .update("k", 100, |n: &mut u32| {
                    *n += 1;
                    (*n, 200)
                })
                .await
                .unwrap();
            assert_eq!(seen, expected);
        }
        assert_eq!(counts.read::<u32>("k", 200).await.unwrap(), 3);
        assert_eq!(counts.read::<u32>("k", 201).await.unwrap(), 0, "forgotten");
        assert_eq!(counts.delete_forgotten(201).await.unwrap(), 1);
        counts
            .update("k", 300, |_: &mut u32| ((), 400))
            .await
            .unwrap();
        counts.remove("k").await.unwrap();
        assert_eq!(counts.read::<u32>("k", 300).await.unwrap(), 0);
    }
}
