use super::*;
use PaymentStatus::*;

fn seen(status: &str, received: i64, refunded: i64) -> Observed {
    Observed {
        intent_status: status.into(),
        amount: 5000,
        amount_received: received,
        amount_refunded: refunded,
    }
}

#[test]
fn a_receipt_exists_once_money_was_taken() {
    let with: Vec<_> = PaymentStatus::ALL
        .into_iter()
        .filter(|s| s.has_receipt())
        .collect();
    assert_eq!(
        with,
        [
            PaymentStatus::Captured,
            PaymentStatus::PartiallyRefunded,
            PaymentStatus::Refunded
        ]
    );
}

#[test]
fn a_payment_moves_forward_only() {
    assert_eq!(
        advance(RequiresPayment, &seen("requires_capture", 0, 0)),
        Some(Authorized)
    );
    assert_eq!(
        advance(Authorized, &seen("succeeded", 5000, 0)),
        Some(Captured)
    );
    assert_eq!(
        advance(Captured, &seen("succeeded", 5000, 2500)),
        Some(PartiallyRefunded)
    );
    assert_eq!(
        advance(PartiallyRefunded, &seen("succeeded", 5000, 5000)),
        Some(Refunded)
    );
    // Old news changes nothing.
    assert_eq!(advance(Captured, &seen("requires_capture", 0, 0)), None);
    assert_eq!(
        advance(Authorized, &seen("requires_payment_method", 0, 0)),
        None
    );
    assert_eq!(advance(Refunded, &seen("succeeded", 5000, 2500)), None);
    assert_eq!(
        advance(Captured, &seen("succeeded", 5000, 0)),
        None,
        "a duplicate"
    );
}

#[test]
fn a_cancelled_intent_releases_an_authorisation_or_fails_an_unpaid_payment() {
    assert_eq!(advance(Authorized, &seen("canceled", 0, 0)), Some(Released));
    assert_eq!(
        advance(RequiresPayment, &seen("canceled", 0, 0)),
        Some(Failed)
    );
    assert_eq!(
        advance(Captured, &seen("canceled", 5000, 0)),
        None,
        "taken money is refunded, not released"
    );
    assert_eq!(
        advance(Released, &seen("requires_capture", 0, 0)),
        None,
        "final"
    );
}

#[test]
fn the_forward_order_is_a_strict_order() {
    for from in PaymentStatus::ALL {
        assert!(!from.may_become(from), "{from:?} never becomes itself");
        for to in PaymentStatus::ALL {
            if from.may_become(to) && to.may_become(from) {
                panic!("{from:?} and {to:?} could loop");
            }
        }
    }
    assert!(
        RequiresPayment.may_become(Captured),
        "a capture seen before its authorisation"
    );
    assert!(!Failed.may_become(Authorized));
}

const POLICY: CancellationPolicy = CancellationPolicy {
    notice_hours: 24,
    late_refund_percent: 40,
};

/// The expected step for every end state × who acted × inside the window × payment
/// status, written out case by case rather than derived, so the table reads as a table.
fn expected(
    status: AppointmentStatus,
    by: Option<EndedBy>,
    inside: bool,
    payment: PaymentStatus,
) -> MoneyStep {
    use AppointmentStatus as A;
    if matches!(payment, Refunded | Released | Failed) {
        return MoneyStep::Settled;
    }
    let taken = matches!(payment, Captured | PartiallyRefunded);
    match status {
        A::Held | A::Requested => MoneyStep::Wait,
        A::Confirmed | A::Completed | A::NoShow => match payment {
            RequiresPayment => MoneyStep::Wait,
            Authorized => MoneyStep::Capture,
            _ => MoneyStep::Keep,
        },
        A::Cancelled if taken && by == Some(EndedBy::Patient) && inside => {
            MoneyStep::Refund { percent: 40 }
        }
        A::Cancelled | A::Refused | A::Expired if taken => MoneyStep::Refund { percent: 100 },
        A::Cancelled | A::Refused | A::Expired => MoneyStep::Release,
    }
}

#[test]
fn every_end_of_a_paid_appointment_decides_its_money() {
    let mut cases = 0;
    for status in AppointmentStatus::ALL {
        let enders: Vec<Option<EndedBy>> = if status.is_active() {
            vec![None]
        } else {
            EndedBy::ALL.into_iter().map(Some).collect()
        };
        for by in enders {
            for inside in [false, true] {
                for payment in PaymentStatus::ALL {
                    let visit = PaidVisit {
                        status,
                        ended_by: by,
                        inside_window: inside,
                        payment,
                    };
                    assert_eq!(
                        decide(visit, &POLICY),
                        expected(status, by, inside, payment),
                        "{visit:?}"
                    );
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, (3 + 5 * 3) * 2 * 7);
}

#[test]
fn the_money_of_a_moved_visit_that_is_refused_or_lapses_goes_back_in_full() {
    for status in [AppointmentStatus::Refused, AppointmentStatus::Expired] {
        for by in EndedBy::ALL {
            let visit = PaidVisit {
                status,
                ended_by: Some(by),
                inside_window: true,
                payment: Captured,
            };
            assert_eq!(decide(visit, &POLICY), MoneyStep::Refund { percent: 100 });
        }
    }
}

#[test]
fn a_refund_owes_what_is_left_never_more() {
    assert_eq!(refund_owed(5000, 0, 100), 5000);
    assert_eq!(refund_owed(5000, 0, 40), 2000);
    assert_eq!(refund_owed(5000, 2000, 40), 0, "already given back");
    assert_eq!(refund_owed(5000, 2000, 100), 3000);
    assert_eq!(refund_owed(3333, 0, 33), 1099, "rounded down");
    assert_eq!(refund_owed(5000, 0, 250), 5000, "a share is at most all");
}

#[test]
fn the_preview_a_patient_sees_follows_the_same_rule() {
    use chrono::TimeZone;
    let starts = chrono::Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap();
    let early = starts - chrono::Duration::hours(48);
    let late = starts - chrono::Duration::hours(2);
    assert_eq!(
        POLICY.refund_percent(crate::appointment::Party::Patient, starts, early),
        100
    );
    assert_eq!(
        POLICY.refund_percent(crate::appointment::Party::Patient, starts, late),
        40
    );
    assert_eq!(
        POLICY.refund_percent(crate::appointment::Party::Clinic, starts, late),
        100
    );
}

#[test]
fn statuses_round_trip() {
    for status in PaymentStatus::ALL {
        assert_eq!(PaymentStatus::parse(status.as_str()), Some(status));
    }
    assert_eq!(PaymentStatus::parse("paid"), None);
}

#[test]
fn revenue_is_summed_per_span_net_of_refunds() {
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let payments = [
        (day("2026-11-23"), 5000, 0),
        (day("2026-11-25"), 5000, 2500),
        (day("2026-11-30"), 4000, 4000),
    ];
    let weeks = revenue_rows(RevenuePeriod::Week, crate::Currency::EUR, &payments);
    assert_eq!(weeks.len(), 2);
    assert_eq!(weeks[0].from, day("2026-11-30"), "newest first");
    assert_eq!(weeks[0].net.minor, 0);
    assert_eq!(weeks[1].from, day("2026-11-23"));
    assert_eq!(
        (weeks[1].visits, weeks[1].captured.minor, weeks[1].net.minor),
        (2, 10000, 7500)
    );
    let months = revenue_rows(RevenuePeriod::Month, crate::Currency::EUR, &payments);
    assert_eq!(months[0].from, day("2026-11-01"));
    assert_eq!(months[0].net.minor, 7500);
    assert_eq!(
        RevenuePeriod::parse("year"),
        Err(crate::ValidationCode::NotAChoice)
    );
}
