use super::*;
use AppointmentStatus as S;

fn status(from: Option<S>, to: S) -> Happening {
    Happening::Status { from, to }
}

/// Who is told (patient, doctor); channels have their own tests.
fn who(happening: Happening, actor: Actor) -> Option<(NoticeKind, (bool, bool))> {
    recipients(happening, actor).map(|(kind, to)| (kind, to.who()))
}

fn told(kind: NoticeKind, doctor: bool) -> Option<(NoticeKind, (bool, bool))> {
    Some((kind, (true, doctor)))
}

#[test]
fn a_request_tells_the_doctor_to_answer_and_the_patient_it_was_sent() {
    for actor in [Actor::Patient, Actor::Clinic] {
        assert_eq!(
            who(status(None, S::Requested), actor),
            told(NoticeKind::Requested, true)
        );
    }
}

#[test]
fn a_paid_request_is_a_request_for_both() {
    // The card authorised (Stripe's answer, or the patient's own payment step).
    for actor in [Actor::System, Actor::Patient] {
        assert_eq!(
            who(status(Some(S::Held), S::Requested), actor),
            told(NoticeKind::Requested, true)
        );
    }
}

#[test]
fn the_doctor_is_not_told_of_their_own_answers() {
    assert_eq!(
        who(status(Some(S::Requested), S::Confirmed), Actor::Doctor),
        told(NoticeKind::Confirmed, false)
    );
    assert_eq!(
        who(status(Some(S::Requested), S::Refused), Actor::Doctor),
        told(NoticeKind::Refused, false)
    );
    assert_eq!(
        who(status(Some(S::Requested), S::Refused), Actor::Clinic),
        told(NoticeKind::Refused, true)
    );
    for actor in [Actor::Patient, Actor::Clinic] {
        assert_eq!(
            who(status(Some(S::Confirmed), S::Cancelled), actor),
            told(NoticeKind::Cancelled, true)
        );
    }
    assert_eq!(
        who(status(Some(S::Confirmed), S::Cancelled), Actor::Doctor),
        told(NoticeKind::Cancelled, false)
    );
}

#[test]
fn a_paid_hold_and_a_direct_booking_are_confirmations() {
    assert_eq!(
        who(status(Some(S::Held), S::Confirmed), Actor::System),
        told(NoticeKind::Confirmed, true)
    );
    assert_eq!(
        who(status(None, S::Confirmed), Actor::Doctor),
        told(NoticeKind::Confirmed, false)
    );
    assert_eq!(
        who(status(None, S::Confirmed), Actor::Patient),
        told(NoticeKind::Confirmed, true)
    );
}

#[test]
fn what_lapses_tells_the_patient_only() {
    assert_eq!(
        who(status(Some(S::Requested), S::Expired), Actor::System),
        told(NoticeKind::Expired, false)
    );
    assert_eq!(
        who(status(Some(S::Held), S::Expired), Actor::System),
        told(NoticeKind::HoldExpired, false)
    );
    assert_eq!(
        who(Happening::Move(EventKind::MoveLapsed), Actor::System),
        told(NoticeKind::MoveLapsed, false)
    );
}

#[test]
fn a_lapsed_card_authorisation_tells_both_sides_why() {
    assert_eq!(
        who(Happening::PaymentLapsed, Actor::System),
        told(NoticeKind::PaymentLapsed, true)
    );
    assert!(NoticeKind::PaymentLapsed.withdraws());
}

#[test]
fn a_move_tells_the_patient_and_the_doctor_unless_they_moved_it() {
    for actor in [Actor::Patient, Actor::Clinic] {
        assert_eq!(
            who(Happening::Move(EventKind::Moved), actor),
            told(NoticeKind::Rescheduled, true)
        );
    }
    assert_eq!(
        who(Happening::Move(EventKind::Moved), Actor::Doctor),
        told(NoticeKind::Rescheduled, false)
    );
    assert!(!NoticeKind::Rescheduled.withdraws());
}

#[test]
fn a_proposal_asks_the_doctor_and_its_answer_tells_the_patient() {
    assert_eq!(
        who(Happening::Move(EventKind::MoveProposed), Actor::Patient),
        told(NoticeKind::MoveProposed, true)
    );
    assert_eq!(
        who(Happening::Move(EventKind::MoveRefused), Actor::Doctor),
        told(NoticeKind::MoveRefused, false)
    );
    assert_eq!(
        who(Happening::Move(EventKind::MoveRefused), Actor::Clinic),
        told(NoticeKind::MoveRefused, true)
    );
    for kind in [
        NoticeKind::MoveProposed,
        NoticeKind::MoveRefused,
        NoticeKind::MoveLapsed,
    ] {
        assert!(!kind.withdraws(), "{kind:?} keeps the visit");
    }
}

#[test]
fn the_reminder_tells_the_patient_only() {
    assert_eq!(
        who(Happening::VisitSoon, Actor::System),
        told(NoticeKind::Reminder, false)
    );
}

#[test]
fn everyone_told_is_emailed_and_the_bell_rings_for_what_others_did() {
    let both = Channels::ALL;
    let email_only = Channels {
        bell: false,
        email: true,
    };
    let happenings = [
        status(None, S::Requested),
        status(Some(S::Held), S::Requested),
        status(None, S::Confirmed),
        status(Some(S::Requested), S::Confirmed),
        status(Some(S::Confirmed), S::Cancelled),
        Happening::Move(EventKind::Moved),
        Happening::Move(EventKind::MoveProposed),
        Happening::Move(EventKind::MoveRefused),
        Happening::PaymentLapsed,
        Happening::VisitSoon,
    ];
    for happening in happenings {
        for actor in [Actor::System, Actor::Patient, Actor::Doctor, Actor::Clinic] {
            let Some((_, to)) = recipients(happening, actor) else {
                continue;
            };
            // The patient's own step is their record (email), not news for their bell.
            let patient = if actor == Actor::Patient {
                email_only
            } else {
                both
            };
            assert_eq!(to.patient, Some(patient), "{happening:?} by {actor:?}");
            if let Some(doctor) = to.doctor {
                assert_eq!(doctor, both, "{happening:?} by {actor:?}");
            }
        }
    }
}

#[test]
fn silent_steps_tell_nobody() {
    assert_eq!(who(status(None, S::Held), Actor::Patient), None);
    assert_eq!(
        who(status(Some(S::Confirmed), S::Completed), Actor::Doctor),
        None
    );
    assert_eq!(
        who(status(Some(S::Confirmed), S::NoShow), Actor::Doctor),
        None
    );
    for actor in [Actor::Patient, Actor::Clinic, Actor::System] {
        assert_eq!(who(Happening::Move(EventKind::MoveWithdrawn), actor), None);
    }
}

#[test]
fn kinds_and_states_read_back() {
    for kind in NoticeKind::ALL {
        assert_eq!(NoticeKind::parse(kind.as_str()), Ok(kind));
    }
    assert_eq!(NoticeKind::parse("party"), Err(ValidationCode::NotAChoice));
    for state in [
        DeliveryState::Pending,
        DeliveryState::Sent,
        DeliveryState::Failed,
    ] {
        assert_eq!(DeliveryState::parse(state.as_str()), Ok(state));
    }
    assert!(NoticeKind::Cancelled.withdraws());
    assert!(!NoticeKind::Reminder.withdraws());
}

#[test]
fn a_reminder_delay_is_one_hour_to_a_week() {
    assert_eq!(parse_reminder_hours("24"), Ok(24));
    assert_eq!(parse_reminder_hours(" 1 "), Ok(1));
    assert_eq!(parse_reminder_hours("168"), Ok(168));
    let out = Err(ValidationCode::OutOfRange { min: 1, max: 168 });
    assert_eq!(parse_reminder_hours("0"), out);
    assert_eq!(parse_reminder_hours("169"), out);
    assert_eq!(
        parse_reminder_hours("soon"),
        Err(ValidationCode::NotANumber)
    );
    assert_eq!(parse_reminder_hours(""), Err(ValidationCode::Required));
}
