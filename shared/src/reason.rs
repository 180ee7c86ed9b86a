//! Why Salus itself ended an appointment. Stored as a code in the appointment's
//! `status_reason` and its event's `reason`, and said in the reader's language where it is
//! shown; a reason a person typed (a refusal, a cancellation) is kept in their own words.

/// A reason Salus gives when it ends a visit on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The card's authorisation ended before the visit was confirmed.
    PaymentLapsed,
    /// The payment was not completed before the slot's hold ran out.
    HoldExpired,
    /// The doctor did not answer the request by its deadline.
    RequestUnanswered,
}

impl EndReason {
    pub const ALL: [EndReason; 3] = [
        EndReason::PaymentLapsed,
        EndReason::HoldExpired,
        EndReason::RequestUnanswered,
    ];

    /// The code stored in the database and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::PaymentLapsed => "payment_lapsed",
            EndReason::HoldExpired => "hold_expired",
            EndReason::RequestUnanswered => "request_unanswered",
        }
    }

    /// The reason a stored code stands for; `None` for words a person wrote.
    pub fn parse(stored: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|r| r.as_str() == stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_a_persons_words_are_not_codes() {
        for reason in EndReason::ALL {
            assert_eq!(EndReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(EndReason::parse("The doctor is away that day."), None);
        assert_eq!(EndReason::parse(""), None);
    }
}
