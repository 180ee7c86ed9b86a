//! Online payments: where a payment stands, and how it may move. Stripe is asked for the
//! truth and its answers can come twice or out of order, so a payment only ever moves
//! forward: what Stripe reports is applied only when it is ahead of what is known.

use crate::appointment::{AppointmentStatus, CancellationPolicy, EndedBy};
use crate::money::Money;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Waiting for the patient's card (or a declined attempt, which may be retried).
    RequiresPayment,
    /// The card is authorised; the money is taken when the doctor confirms.
    Authorized,
    /// Taken.
    Captured,
    PartiallyRefunded,
    Refunded,
    /// The authorisation was cancelled: nothing was taken.
    Released,
    /// Never paid: the slot was let go before a card was authorised.
    Failed,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 7] = [
        PaymentStatus::RequiresPayment,
        PaymentStatus::Authorized,
        PaymentStatus::Captured,
        PaymentStatus::PartiallyRefunded,
        PaymentStatus::Refunded,
        PaymentStatus::Released,
        PaymentStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::RequiresPayment => "requires_payment",
            PaymentStatus::Authorized => "authorized",
            PaymentStatus::Captured => "captured",
            PaymentStatus::PartiallyRefunded => "partially_refunded",
            PaymentStatus::Refunded => "refunded",
            PaymentStatus::Released => "released",
            PaymentStatus::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Whether money was taken, so the patient has a receipt (kept after a refund, which the
    /// receipt shows).
    pub fn has_receipt(self) -> bool {
        matches!(
            self,
            PaymentStatus::Captured | PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded
        )
    }

    /// Released and failed payments end there; refunds only grow.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            PaymentStatus::Released | PaymentStatus::Failed | PaymentStatus::Refunded
        )
    }

    /// How far along the money's path a status is.
    fn rank(self) -> u8 {
        match self {
            PaymentStatus::RequiresPayment => 0,
            PaymentStatus::Authorized => 1,
            PaymentStatus::Captured => 2,
            PaymentStatus::PartiallyRefunded => 3,
            PaymentStatus::Refunded => 4,
            PaymentStatus::Released | PaymentStatus::Failed => 5,
        }
    }

    /// Whether a payment at `self` may become `next`: forward only, and never from a final
    /// status. Released and failed are reached only from before the capture.
    pub fn may_become(self, next: PaymentStatus) -> bool {
        if self == next || self.is_final() {
            return false;
        }
        match next {
            PaymentStatus::Released => matches!(
                self,
                PaymentStatus::RequiresPayment | PaymentStatus::Authorized
            ),
            PaymentStatus::Failed => self == PaymentStatus::RequiresPayment,
            _ => next.rank() > self.rank(),
        }
    }
}

/// What Stripe says about a PaymentIntent, reduced to what Salus needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// Stripe's `status`: `requires_payment_method`, `requires_capture`, `succeeded`…
    pub intent_status: String,
    pub amount: i64,
    pub amount_received: i64,
    /// What has been refunded of the captured amount.
    pub amount_refunded: i64,
}

/// The status a payment at `current` takes from what Stripe reports, or `None` when the report
/// is old news (a duplicate, or an event that arrived after a later one).
pub fn advance(current: PaymentStatus, observed: &Observed) -> Option<PaymentStatus> {
    let reported = match observed.intent_status.as_str() {
        "requires_capture" => PaymentStatus::Authorized,
        "succeeded"
            if observed.amount_refunded >= observed.amount_received
                && observed.amount_received > 0 =>
        {
            PaymentStatus::Refunded
        }
        "succeeded" if observed.amount_refunded > 0 => PaymentStatus::PartiallyRefunded,
        "succeeded" => PaymentStatus::Captured,
        "canceled" if current == PaymentStatus::Authorized => PaymentStatus::Released,
        "canceled" => PaymentStatus::Failed,
        _ => PaymentStatus::RequiresPayment,
    };
    current.may_become(reported).then_some(reported)
}

/// What must happen to the money of an online-paid appointment next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyStep {
    /// The booking is still in play (held, requested) or nothing is authorised yet: wait.
    Wait,
    /// The visit stands: take the authorised money.
    Capture,
    /// The visit will not take place and nothing was taken: let the authorisation go.
    Release,
    /// The visit will not take place and money was taken: give back this share of it.
    Refund { percent: i64 },
    /// The money stays with the clinic as taken (a visit that stands, or was missed).
    Keep,
    /// The payment has reached its end (refunded, released, failed): nothing more to do.
    Settled,
}

/// How a paid appointment stands, as the money rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidVisit {
    pub status: AppointmentStatus,
    /// Who ended it, for an appointment that has ended (`None` while it is active).
    pub ended_by: Option<EndedBy>,
    /// Whether it ended inside the clinic's window (too late for the patient to change it).
    pub inside_window: bool,
    pub payment: PaymentStatus,
}

/// The one decision of what every state of a paid appointment does with its money. The
/// payment code only carries it out (`payments::settle`), whatever path led there: a refusal,
/// an expiry, a cancellation by anyone, a visit moved and then refused.
pub fn decide(visit: PaidVisit, policy: &CancellationPolicy) -> MoneyStep {
    use AppointmentStatus as A;
    use PaymentStatus as P;
    match (visit.status, visit.payment) {
        (_, P::Refunded | P::Released | P::Failed) => MoneyStep::Settled,
        (A::Held | A::Requested, _) => MoneyStep::Wait,
        // Confirmed without an authorisation cannot be taken: the lapse follow-up ends it.
        (A::Confirmed | A::Completed | A::NoShow, P::RequiresPayment) => MoneyStep::Wait,
        (A::Confirmed | A::Completed | A::NoShow, P::Authorized) => MoneyStep::Capture,
        (A::Confirmed | A::Completed | A::NoShow, P::Captured | P::PartiallyRefunded) => {
            MoneyStep::Keep
        }
        (A::Cancelled | A::Refused | A::Expired, P::RequiresPayment | P::Authorized) => {
            MoneyStep::Release
        }
        (A::Cancelled | A::Refused | A::Expired, P::Captured | P::PartiallyRefunded) => {
            MoneyStep::Refund {
                percent: policy.refund_share(
                    visit.status,
                    visit.ended_by.unwrap_or(EndedBy::Salus),
                    visit.inside_window,
                ),
            }
        }
    }
}

/// What is still owed back, in minor units, when `percent` of `captured` goes back and
/// `refunded` already has: never negative, rounded down (a refund never overpays).
pub fn refund_owed(captured: i64, refunded: i64, percent: i64) -> i64 {
    (captured * percent.clamp(0, 100) / 100 - refunded).max(0)
}

/// The span a revenue row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevenuePeriod {
    Day,
    #[default]
    Week,
    Month,
}

impl RevenuePeriod {
    pub fn parse(raw: &str) -> Result<Self, crate::ValidationCode> {
        match raw.trim() {
            "" | "week" => Ok(Self::Week),
            "day" => Ok(Self::Day),
            "month" => Ok(Self::Month),
            _ => Err(crate::ValidationCode::NotAChoice),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The first day of the span that holds `date` (weeks start on Monday).
    pub fn start_of(self, date: chrono::NaiveDate) -> chrono::NaiveDate {
        use chrono::Datelike;
        match self {
            Self::Day => date,
            Self::Week => {
                date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
            }
            Self::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

/// Money taken over one span, net of refunds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevenueRow {
    /// The span's first day (the clinic's local date of the visits).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: chrono::NaiveDate,
    pub visits: i64,
    pub captured: Money,
    pub refunded: Money,
    pub net: Money,
}

/// A doctor's revenue, one row per span, newest first; one list per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revenue {
    pub period: RevenuePeriod,
    pub rows: Vec<RevenueRow>,
    pub total_net: Vec<Money>,
}

/// Sums payments into spans: `(visit date, captured, refunded)` in one currency.
pub fn revenue_rows(
    period: RevenuePeriod,
    currency: crate::Currency,
    payments: &[(chrono::NaiveDate, i64, i64)],
) -> Vec<RevenueRow> {
    let mut spans: std::collections::BTreeMap<chrono::NaiveDate, (i64, i64, i64)> =
        std::collections::BTreeMap::new();
    for (date, captured, refunded) in payments {
        let entry = spans.entry(period.start_of(*date)).or_default();
        entry.0 += 1;
        entry.1 += captured;
        entry.2 += refunded;
    }
    spans
        .into_iter()
        .rev()
        .map(|(from, (visits, captured, refunded))| RevenueRow {
            from,
            visits,
            captured: Money::new(captured, currency),
            refunded: Money::new(refunded, currency),
            net: Money::new(captured - refunded, currency),
        })
        .collect()
}

#[cfg(test)]
mod tests;
