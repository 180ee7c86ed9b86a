//! Why Salus itself ended an appointment, and the notes it writes in an appointment's history.
//! Stored as codes (with their parameters) in the appointment's `status_reason` and its events'
//! `reason`, and said in the reader's language where they are shown; a reason a person typed
//! (a refusal, a cancellation) is kept in their own words.

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

/// The note of a request the desk gave to another doctor: `reassigned:<doctor's name>`.
pub fn reassigned_to(doctor: &str) -> String {
    format!("{REASSIGNED}{}", doctor.trim())
}

const REASSIGNED: &str = "reassigned:";

/// A stored reason, read back: one of Salus's codes, or a person's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredReason<'a> {
    /// Salus ended the visit.
    End(EndReason),
    /// The desk gave the request to this doctor.
    ReassignedTo(&'a str),
    /// What a person wrote.
    Words(&'a str),
}

impl<'a> StoredReason<'a> {
    pub fn parse(stored: &'a str) -> Self {
        if let Some(reason) = EndReason::parse(stored) {
            StoredReason::End(reason)
        } else if let Some(doctor) = stored.strip_prefix(REASSIGNED) {
            StoredReason::ReassignedTo(doctor)
        } else {
            StoredReason::Words(stored)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_reasons_read_back_as_codes_or_words() {
        assert_eq!(
            StoredReason::parse("hold_expired"),
            StoredReason::End(EndReason::HoldExpired)
        );
        assert_eq!(
            StoredReason::parse(&reassigned_to(" Karim Ben Ali ")),
            StoredReason::ReassignedTo("Karim Ben Ali")
        );
        assert_eq!(
            StoredReason::parse("Away that week."),
            StoredReason::Words("Away that week.")
        );
    }

    #[test]
    fn codes_read_back_and_a_persons_words_are_not_codes() {
        for reason in EndReason::ALL {
            assert_eq!(EndReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(EndReason::parse("The doctor is away that day."), None);
        assert_eq!(EndReason::parse(""), None);
    }
}
