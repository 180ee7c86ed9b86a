//! What Salus tells a patient about the money of an appointment paid online: one sentence
//! for every combination of how the doctor answers bookings, where the appointment stands and
//! where its payment stands. Each is true for its combination (`payment_note`), so a page
//! never says "authorised" of a payment that failed, nor "charged when the doctor confirms"
//! of a doctor who confirms at once.

use crate::appointment::AppointmentStatus;
use crate::doctor::BookingMode;
use crate::payment::{MoneyStep, PaymentStatus};
use serde::{Deserialize, Serialize};

/// The sentence about the money, as a code the reader's language words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentNote {
    /// The slot is held; paying confirms the visit at once and charges the card.
    PayToConfirm,
    /// The slot is held; paying sends the request: the card is authorised, charged only if
    /// the doctor confirms.
    PayToRequest,
    /// The card is authorised, not charged; it is charged only if the doctor confirms.
    AuthorisedUntilAnswered,
    /// The visit stands and its authorised money is being taken.
    BeingCharged,
    /// The money was taken.
    Paid,
    /// The visit will not take place: a refund is on its way.
    RefundOnItsWay,
    /// Part of the money was given back.
    PartlyRefunded,
    /// All of the money was given back.
    Refunded,
    /// Nothing was (or will be) taken.
    NothingCharged,
}

/// The note for a payment at `payment` of an appointment at `status` with a doctor who
/// answers bookings by `booking`; `next` is what the money rule (`payment::decide`) does
/// with it now.
pub fn payment_note(
    booking: BookingMode,
    status: AppointmentStatus,
    payment: PaymentStatus,
    next: MoneyStep,
) -> PaymentNote {
    use AppointmentStatus as A;
    use PaymentNote as N;
    use PaymentStatus as P;
    match (status, payment) {
        (_, P::Refunded) => N::Refunded,
        (_, P::Released | P::Failed) => N::NothingCharged,
        (_, P::PartiallyRefunded) => match next {
            MoneyStep::Refund { percent } if percent > 0 => N::RefundOnItsWay,
            _ => N::PartlyRefunded,
        },
        (A::Held, P::RequiresPayment) => match booking {
            BookingMode::Instant => N::PayToConfirm,
            BookingMode::Approval => N::PayToRequest,
        },
        // Authorised a moment ago: the request is on its way to the doctor, or the visit is
        // being confirmed.
        (A::Held | A::Requested, P::Authorized) => match booking {
            BookingMode::Instant if status == A::Held => N::BeingCharged,
            _ => N::AuthorisedUntilAnswered,
        },
        (A::Confirmed | A::Completed | A::NoShow, P::Authorized) => N::BeingCharged,
        (_, P::Captured) => match next {
            MoneyStep::Refund { percent } if percent > 0 => N::RefundOnItsWay,
            _ => N::Paid,
        },
        // No card authorised: the request, the visit or its hold ends without any charge.
        (_, P::RequiresPayment) | (A::Cancelled | A::Refused | A::Expired, P::Authorized) => {
            N::NothingCharged
        }
    }
}

/// The bank's words about a declined card, when they say more than "declined": Stripe's
/// message is often just that, and "declined: declined" tells nobody anything.
pub fn decline_detail(message: &str) -> Option<&str> {
    let plain = message
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase()
        .replace(['_', '-'], " ");
    let says_nothing = plain.is_empty()
        || [
            "declined",
            "card declined",
            "your card was declined",
            "your card has been declined",
            "the card was declined",
            "generic decline",
        ]
        .contains(&plain.as_str());
    (!says_nothing).then_some(message.trim())
}

/// How a receipt is numbered for the patient and their insurer: the year it was made and a
/// zero-padded sequence ("2026-000042"), never a bare database id.
pub fn receipt_number(year: i32, id: i64) -> String {
    format!("{year}-{id:06}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus as A;
    use PaymentNote as N;
    use PaymentStatus as P;

    const NEXT: [MoneyStep; 7] = [
        MoneyStep::Wait,
        MoneyStep::Capture,
        MoneyStep::Release,
        MoneyStep::Refund { percent: 0 },
        MoneyStep::Refund { percent: 100 },
        MoneyStep::Keep,
        MoneyStep::Settled,
    ];

    /// Every combination of booking mode, appointment status, payment status and next step.
    fn every() -> impl Iterator<Item = (BookingMode, A, P, MoneyStep, N)> {
        [BookingMode::Instant, BookingMode::Approval]
            .into_iter()
            .flat_map(|booking| {
                A::ALL.into_iter().flat_map(move |status| {
                    P::ALL.into_iter().flat_map(move |payment| {
                        NEXT.into_iter().map(move |next| {
                            (
                                booking,
                                status,
                                payment,
                                next,
                                payment_note(booking, status, payment, next),
                            )
                        })
                    })
                })
            })
    }

    #[test]
    fn authorised_is_said_only_of_an_authorised_card() {
        for (booking, status, payment, next, note) in every() {
            if note == N::AuthorisedUntilAnswered {
                assert_eq!(payment, P::Authorized, "{booking:?} {status:?} {next:?}");
                assert!(matches!(status, A::Held | A::Requested));
            }
        }
    }

    #[test]
    fn a_doctor_who_books_instantly_never_makes_the_patient_wait_for_a_confirmation() {
        for (booking, status, payment, next, note) in every() {
            if booking == BookingMode::Instant {
                assert!(
                    !matches!(note, N::PayToRequest | N::AuthorisedUntilAnswered)
                        || status == A::Requested,
                    "{status:?} {payment:?} {next:?}: {note:?}"
                );
            } else {
                assert_ne!(note, N::PayToConfirm, "{status:?} {payment:?}");
            }
        }
    }

    #[test]
    fn money_said_taken_was_taken_and_nothing_charged_means_nothing_kept() {
        for (booking, status, payment, next, note) in every() {
            let context = format!("{booking:?} {status:?} {payment:?} {next:?}: {note:?}");
            match note {
                N::Paid | N::BeingCharged => {
                    assert!(matches!(payment, P::Captured | P::Authorized), "{context}")
                }
                N::NothingCharged => assert!(
                    matches!(
                        payment,
                        P::RequiresPayment | P::Authorized | P::Released | P::Failed
                    ),
                    "{context}"
                ),
                N::Refunded => assert_eq!(payment, P::Refunded, "{context}"),
                N::RefundOnItsWay => assert!(
                    matches!(next, MoneyStep::Refund { percent } if percent > 0),
                    "{context}"
                ),
                N::PayToConfirm | N::PayToRequest => {
                    assert_eq!(
                        (status, payment),
                        (A::Held, P::RequiresPayment),
                        "{context}"
                    )
                }
                N::AuthorisedUntilAnswered | N::PartlyRefunded => {}
            }
        }
    }

    #[test]
    fn failed_and_released_payments_say_nothing_was_charged() {
        for (_, _, payment, _, note) in every() {
            if matches!(payment, P::Failed | P::Released) {
                assert_eq!(note, N::NothingCharged);
            }
        }
    }

    #[test]
    fn the_usual_journeys_read_right() {
        let wait = MoneyStep::Wait;
        assert_eq!(
            payment_note(BookingMode::Approval, A::Held, P::RequiresPayment, wait),
            N::PayToRequest
        );
        assert_eq!(
            payment_note(BookingMode::Instant, A::Held, P::RequiresPayment, wait),
            N::PayToConfirm
        );
        assert_eq!(
            payment_note(BookingMode::Approval, A::Requested, P::Authorized, wait),
            N::AuthorisedUntilAnswered
        );
        assert_eq!(
            payment_note(
                BookingMode::Instant,
                A::Confirmed,
                P::Authorized,
                MoneyStep::Capture
            ),
            N::BeingCharged
        );
        assert_eq!(
            payment_note(
                BookingMode::Instant,
                A::Confirmed,
                P::Captured,
                MoneyStep::Keep
            ),
            N::Paid
        );
        assert_eq!(
            payment_note(
                BookingMode::Approval,
                A::Cancelled,
                P::Captured,
                MoneyStep::Refund { percent: 100 }
            ),
            N::RefundOnItsWay
        );
        assert_eq!(
            payment_note(
                BookingMode::Approval,
                A::Cancelled,
                P::Captured,
                MoneyStep::Refund { percent: 0 }
            ),
            N::Paid,
            "a late cancellation that refunds nothing keeps the payment"
        );
        assert_eq!(
            payment_note(
                BookingMode::Approval,
                A::Expired,
                P::Failed,
                MoneyStep::Settled
            ),
            N::NothingCharged
        );
    }

    #[test]
    fn a_decline_says_more_than_declined_or_nothing() {
        assert_eq!(decline_detail("declined"), None);
        assert_eq!(decline_detail("Your card was declined."), None);
        assert_eq!(decline_detail("card_declined"), None);
        assert_eq!(decline_detail("  "), None);
        assert_eq!(
            decline_detail("Your card does not support this type of purchase."),
            Some("Your card does not support this type of purchase.")
        );
    }

    #[test]
    fn receipts_carry_a_year_and_a_padded_number() {
        assert_eq!(receipt_number(2026, 2), "2026-000002");
        assert_eq!(receipt_number(2027, 1_234_567), "2027-1234567");
    }
}
