use super::*;
use shared::appointment::Facts;
use shared::{AppointmentStatus, CancellationPolicy, ValidationCode};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn facts(status: AppointmentStatus) -> Facts {
    Facts {
        status,
        starts_at: at("2026-12-10T09:00:00Z"),
        ends_at: at("2026-12-10T09:30:00Z"),
        request_expires_at: Some(at("2026-12-09T09:00:00Z")),
        hold_expires_at: None,
        paid: false,
    }
}

#[test]
fn a_patient_is_told_when_it_is_too_late_to_change() {
    let policy = CancellationPolicy::default();
    let late = allowed_changes(
        &facts(AppointmentStatus::Confirmed),
        Party::Patient,
        &policy,
        at("2026-12-09T20:00:00Z"),
    );
    assert!(!late.cancel && !late.reschedule);
    assert_eq!(late.refusal, Some(RuleRefusal::TooLateToChange));
    let early = allowed_changes(
        &facts(AppointmentStatus::Confirmed),
        Party::Patient,
        &policy,
        at("2026-12-01T00:00:00Z"),
    );
    assert!(early.cancel && early.reschedule && !early.accept);
    assert_eq!(early.refusal, None);
}

#[test]
fn the_clinic_answers_requests_and_closes_visits() {
    let policy = CancellationPolicy::default();
    let request = allowed_changes(
        &facts(AppointmentStatus::Requested),
        Party::Clinic,
        &policy,
        at("2026-12-01T00:00:00Z"),
    );
    assert!(request.accept && request.refuse && request.cancel && !request.complete);
    let visit = allowed_changes(
        &facts(AppointmentStatus::Confirmed),
        Party::Clinic,
        &policy,
        at("2026-12-10T09:10:00Z"),
    );
    assert!(visit.complete && visit.no_show && visit.cancel && !visit.reschedule);
}

#[test]
fn refusing_or_cancelling_for_the_clinic_needs_a_reason() {
    assert_eq!(
        parse_reason(Change::Refuse, Party::Clinic, " "),
        Err(AppError::field("reason", ValidationCode::Required))
    );
    assert_eq!(parse_reason(Change::Cancel, Party::Patient, ""), Ok(None));
    assert_eq!(
        parse_reason(Change::Cancel, Party::Clinic, "Doctor is ill"),
        Ok(Some("Doctor is ill".to_owned()))
    );
}
