//! The server's one clock. Every handler, server function and job asks it the time, so a
//! test can move time forward (`advance`) instead of sleeping or back-dating rows. In
//! production it is the system clock: nothing moves it — there is no configuration variable
//! and no endpoint for it; only code holding the state (the test harness) can.

use chrono::{DateTime, Duration, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// The system's time, plus an offset that only tests change (zero otherwise). Time keeps
/// flowing in tests too, so rate-limit windows and session lifetimes behave as in production.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// The current instant as the database stores it: UTC unix seconds.
    pub fn now_unix(&self) -> i64 {
        self.now().timestamp()
    }

    /// Moves this clock (and every copy of it) forward by `by`: a test's way to stand after
    /// a deadline.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_reads_the_system_time_and_an_advanced_one_reads_later() {
        let clock = Clock::system();
        let before = Utc::now();
        let read = clock.now();
        assert!(read >= before && read - before < Duration::seconds(5));
        let copy = clock.clone();
        copy.advance(Duration::hours(2));
        let later = clock.now() - Utc::now();
        assert!(later >= Duration::minutes(119) && later <= Duration::minutes(121));
    }
}
