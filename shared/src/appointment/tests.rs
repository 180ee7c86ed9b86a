use super::*;
use AppointmentStatus::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// The table of DESIGN.md, written out pair by pair.
const ALLOWED: [(Option<AppointmentStatus>, AppointmentStatus); 14] = [
    (None, Held),
    (None, Requested),
    (None, Confirmed),
    (Some(Held), Requested),
    (Some(Held), Confirmed),
    (Some(Held), Expired),
    (Some(Held), Cancelled),
    (Some(Requested), Confirmed),
    (Some(Requested), Refused),
    (Some(Requested), Expired),
    (Some(Requested), Cancelled),
    (Some(Confirmed), Completed),
    (Some(Confirmed), NoShow),
    (Some(Confirmed), Cancelled),
];

#[test]
fn every_pair_of_the_transition_table_is_allowed_or_refused_as_designed() {
    let froms = std::iter::once(None).chain(AppointmentStatus::ALL.into_iter().map(Some));
    let mut checked = 0;
    for from in froms {
        for to in AppointmentStatus::ALL {
            let expected = ALLOWED.contains(&(from, to));
            assert_eq!(
                AppointmentStatus::may_become(from, to),
                expected,
                "{from:?} → {to:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 9 * 8, "every pair");
}

#[test]
fn final_statuses_never_change() {
    for from in [Completed, NoShow, Cancelled, Refused, Expired] {
        for to in AppointmentStatus::ALL {
            assert!(
                !AppointmentStatus::may_become(Some(from), to),
                "{from:?} → {to:?}"
            );
        }
    }
}

#[test]
fn statuses_round_trip_and_only_three_are_active() {
    for status in AppointmentStatus::ALL {
        assert_eq!(AppointmentStatus::parse(status.as_str()), Ok(status));
    }
    let active: Vec<_> = AppointmentStatus::ALL
        .into_iter()
        .filter(|s| s.is_active())
        .collect();
    assert_eq!(active, [Held, Requested, Confirmed]);
}

fn facts(status: AppointmentStatus) -> Facts {
    Facts {
        status,
        starts_at: at("2026-12-10T09:00:00Z"),
        ends_at: at("2026-12-10T09:30:00Z"),
        request_expires_at: Some(at("2026-12-09T12:00:00Z")),
        hold_expires_at: None,
        paid: false,
    }
}

const POLICY: CancellationPolicy = CancellationPolicy {
    notice_hours: 24,
    late_refund_percent: 50,
};

#[test]
fn patient_can_cancel_up_to_exactly_24_hours_before() {
    let confirmed = facts(Confirmed);
    let exactly = at("2026-12-09T09:00:00Z");
    assert_eq!(
        check_change(&confirmed, Change::Cancel, Party::Patient, &POLICY, exactly),
        Ok(Cancelled)
    );
    let a_second_late = at("2026-12-09T09:00:01Z");
    assert_eq!(
        check_change(
            &confirmed,
            Change::Cancel,
            Party::Patient,
            &POLICY,
            a_second_late
        ),
        Err(RuleRefusal::TooLateToChange)
    );
    assert_eq!(POLICY.patient_deadline(confirmed.starts_at), exactly);
}

#[test]
fn patient_cannot_cancel_within_24_hours_but_the_clinic_can() {
    let confirmed = facts(Confirmed);
    let evening_before = at("2026-12-09T20:00:00Z");
    assert_eq!(
        check_change(
            &confirmed,
            Change::Cancel,
            Party::Patient,
            &POLICY,
            evening_before
        ),
        Err(RuleRefusal::TooLateToChange)
    );
    assert_eq!(
        check_change(
            &confirmed,
            Change::Cancel,
            Party::Clinic,
            &POLICY,
            evening_before
        ),
        Ok(Cancelled)
    );
    // Nobody cancels a visit that is over.
    assert_eq!(
        check_change(
            &confirmed,
            Change::Cancel,
            Party::Clinic,
            &POLICY,
            confirmed.ends_at
        ),
        Err(RuleRefusal::VisitOver)
    );
}

#[test]
fn a_held_slot_may_be_let_go_at_any_time_before_the_visit() {
    let held = facts(Held);
    let late = at("2026-12-10T08:00:00Z");
    assert_eq!(
        check_change(&held, Change::Cancel, Party::Patient, &POLICY, late),
        Ok(Cancelled)
    );
    assert_eq!(
        check_change(&held, Change::Accept, Party::Clinic, &POLICY, late),
        Err(RuleRefusal::InvalidTransition),
        "a hold waits for its payment"
    );
}

#[test]
fn requests_are_answered_before_their_deadline_only() {
    let requested = facts(Requested);
    let just_before = at("2026-12-09T11:59:59Z");
    let at_deadline = at("2026-12-09T12:00:00Z");
    assert_eq!(
        check_change(
            &requested,
            Change::Accept,
            Party::Clinic,
            &POLICY,
            just_before
        ),
        Ok(Confirmed)
    );
    assert_eq!(
        check_change(
            &requested,
            Change::Refuse,
            Party::Clinic,
            &POLICY,
            just_before
        ),
        Ok(Refused)
    );
    assert_eq!(
        check_change(
            &requested,
            Change::Accept,
            Party::Clinic,
            &POLICY,
            at_deadline
        ),
        Err(RuleRefusal::RequestExpired)
    );
}

#[test]
fn patients_only_cancel() {
    let requested = facts(Requested);
    let now = at("2026-12-01T00:00:00Z");
    for change in [
        Change::Accept,
        Change::Refuse,
        Change::Complete,
        Change::NoShow,
    ] {
        assert_eq!(
            check_change(&requested, change, Party::Patient, &POLICY, now),
            Err(RuleRefusal::InvalidTransition),
            "{change:?}"
        );
    }
}

#[test]
fn a_visit_is_completed_or_missed_once_it_has_started() {
    let confirmed = facts(Confirmed);
    for change in [Change::Complete, Change::NoShow] {
        assert_eq!(
            check_change(
                &confirmed,
                change,
                Party::Clinic,
                &POLICY,
                at("2026-12-10T08:59:59Z")
            ),
            Err(RuleRefusal::VisitNotStarted)
        );
        assert_eq!(
            check_change(
                &confirmed,
                change,
                Party::Clinic,
                &POLICY,
                confirmed.starts_at
            ),
            Ok(change.target())
        );
    }
    // A request cannot be completed: it was never confirmed.
    assert_eq!(
        check_change(
            &facts(Requested),
            Change::Complete,
            Party::Clinic,
            &POLICY,
            confirmed.ends_at
        ),
        Err(RuleRefusal::InvalidTransition)
    );
}

#[test]
fn refunds_follow_the_policy_at_its_boundary() {
    let starts = at("2026-12-10T09:00:00Z");
    assert_eq!(
        POLICY.refund_percent(Party::Patient, starts, at("2026-12-09T09:00:00Z")),
        100
    );
    assert_eq!(
        POLICY.refund_percent(Party::Patient, starts, at("2026-12-09T09:00:01Z")),
        50
    );
    assert_eq!(
        POLICY.refund_percent(Party::Clinic, starts, at("2026-12-10T08:59:00Z")),
        100
    );
}

#[test]
fn a_request_expires_at_the_deadline_or_the_visit_whichever_is_first() {
    let booked = at("2026-12-01T10:00:00Z");
    assert_eq!(
        request_deadline(booked, 48, at("2026-12-10T09:00:00Z")),
        at("2026-12-03T10:00:00Z")
    );
    assert_eq!(
        request_deadline(booked, 48, at("2026-12-02T09:00:00Z")),
        at("2026-12-02T09:00:00Z")
    );
}

#[test]
fn scopes_parse_with_upcoming_as_default() {
    assert_eq!(AppointmentScope::parse(""), Ok(AppointmentScope::Upcoming));
    assert_eq!(AppointmentScope::parse("past"), Ok(AppointmentScope::Past));
    assert_eq!(
        AppointmentScope::parse("proposals"),
        Ok(AppointmentScope::Proposals)
    );
    assert_eq!(
        AppointmentScope::parse("soon"),
        Err(ValidationCode::NotAChoice)
    );
}

#[test]
fn a_paid_visit_may_be_cancelled_late_by_the_patient_under_the_refund_policy() {
    let mut paid = facts(Confirmed);
    paid.paid = true;
    let evening_before = at("2026-12-09T20:00:00Z");
    assert_eq!(
        check_change(
            &paid,
            Change::Cancel,
            Party::Patient,
            &POLICY,
            evening_before
        ),
        Ok(Cancelled)
    );
    assert_eq!(
        POLICY.refund_percent(Party::Patient, paid.starts_at, evening_before),
        50
    );
}

#[test]
fn a_booking_form_parses_into_a_command_or_names_every_refused_field() {
    let form = BookingForm {
        doctor_id: " 12 ".into(),
        start: "2026-12-10T08:30:00Z".into(),
        reason: "  Chest pain when climbing stairs ".into(),
        for_dependant: "".into(),
    };
    let booking = form.parse().unwrap();
    assert_eq!(booking.doctor, crate::UserId(12));
    assert_eq!(booking.start.to_rfc3339(), "2026-12-10T08:30:00+00:00");
    assert_eq!(booking.reason, "Chest pain when climbing stairs");
    assert_eq!(booking.for_dependant, None);
    let family = BookingForm {
        for_dependant: "7".into(),
        ..form.clone()
    };
    assert_eq!(family.parse().unwrap().for_dependant, Some(7));

    let bad = BookingForm {
        doctor_id: "twelve".into(),
        start: "tomorrow".into(),
        reason: "x".into(),
        for_dependant: "my son".into(),
    };
    let errors = bad.parse().unwrap_err();
    assert_eq!(
        errors.for_field("doctor_id"),
        Some(&ValidationCode::NotAChoice)
    );
    assert_eq!(
        errors.for_field("start"),
        Some(&ValidationCode::InvalidDate)
    );
    assert!(errors.for_field("reason").is_some());
    assert_eq!(
        errors.for_field("for_dependant"),
        Some(&ValidationCode::NotAChoice)
    );
    let empty = BookingForm::default().parse().unwrap_err();
    assert_eq!(empty.for_field("start"), Some(&ValidationCode::Required));
}
