//! The front desk: what a clinic's secretary sends and reads when booking for a patient.

use serde::{Deserialize, Serialize};

/// A patient the desk found or created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientMatch {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// `YYYY-MM-DD`, when known.
    pub birth_date: Option<String>,
}

/// A patient created at the desk; they get an email inviting them to set a password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPatientForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `en` or `fr`: the language of their emails.
    #[serde(default)]
    pub language: String,
}

/// A walk-in patient, parsed at the edge from a [`NewPatientForm`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPatient {
    pub first_name: crate::PersonName,
    pub last_name: crate::PersonName,
    pub email: crate::Email,
    pub phone: crate::Phone,
    pub birth_date: crate::BirthDate,
    pub language: crate::Language,
}

impl NewPatientForm {
    /// Every field parsed; every refused field reported together.
    pub fn parse(&self, today: chrono::NaiveDate) -> Result<NewPatient, crate::ValidationErrors> {
        use crate::{BirthDate, Email, PersonName, Phone};
        let mut errors = crate::ValidationErrors::default();
        let first_name = errors.check("first_name", PersonName::parse(&self.first_name));
        let last_name = errors.check("last_name", PersonName::parse(&self.last_name));
        let email = errors.check("email", Email::parse(&self.email));
        let phone = errors.check("phone", Phone::parse(&self.phone));
        let birth_date = errors.check("birth_date", BirthDate::parse(&self.birth_date, today));
        match (first_name, last_name, email, phone, birth_date) {
            (Some(first_name), Some(last_name), Some(email), Some(phone), Some(birth_date))
                if errors.is_empty() =>
            {
                Ok(NewPatient {
                    first_name,
                    last_name,
                    email,
                    phone,
                    birth_date,
                    language: crate::Language::from_tag(&self.language),
                })
            }
            _ => Err(errors),
        }
    }
}

/// A booking made by the desk for a patient.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskBookingForm {
    #[serde(deserialize_with = "crate::validation::lenient_text")]
    pub patient_id: String,
    #[serde(deserialize_with = "crate::validation::lenient_text")]
    pub doctor_id: String,
    /// RFC 3339, one of the slots `GET /api/v1/clinic/slots` lists.
    pub start: String,
    #[serde(default)]
    pub reason: String,
    /// Urgent: the minimum notice and the booking horizon do not apply (another
    /// appointment still does).
    #[serde(default)]
    pub urgent: bool,
}

/// A desk booking, parsed at the edge from a [`DeskBookingForm`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskBooking {
    pub patient: crate::UserId,
    pub doctor: crate::UserId,
    pub start: chrono::DateTime<chrono::Utc>,
    pub reason: String,
    pub urgent: bool,
}

impl DeskBookingForm {
    /// Every field parsed; every refused field reported together.
    pub fn parse(&self) -> Result<DeskBooking, crate::ValidationErrors> {
        use crate::appointment::{parse_start, parse_visit_reason};
        let mut errors = crate::ValidationErrors::default();
        let patient = errors.check("patient_id", crate::UserId::parse_choice(&self.patient_id));
        let doctor = errors.check("doctor_id", crate::UserId::parse_choice(&self.doctor_id));
        let start = errors.check("start", parse_start(&self.start));
        let reason = errors.check("reason", parse_visit_reason(&self.reason));
        match (patient, doctor, start, reason) {
            (Some(patient), Some(doctor), Some(start), Some(reason)) if errors.is_empty() => {
                Ok(DeskBooking {
                    patient,
                    doctor,
                    start,
                    reason,
                    urgent: self.urgent,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Another doctor of the clinic for a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReassignForm {
    #[serde(deserialize_with = "crate::validation::lenient_text")]
    pub doctor_id: String,
}

impl ReassignForm {
    /// The doctor chosen; whether they may take the request over is the backend's question.
    pub fn parse(&self) -> Result<crate::UserId, crate::ValidationErrors> {
        self.doctor_id
            .trim()
            .parse()
            .map(crate::UserId)
            .map_err(|_| {
                crate::FieldError::new("doctor_id", crate::ValidationCode::NotAChoice).into()
            })
    }
}

/// A doctor of the clinic, for the desk's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskDoctor {
    pub id: i64,
    pub name: String,
    pub specialty_id: i64,
    pub specialty_en: String,
    pub specialty_fr: String,
}

/// Whether the desk may hand a visit to another doctor: a request not answered yet, paid at
/// the visit (a card authorised online was authorised for the doctor the patient chose).
pub fn may_reassign(status: crate::AppointmentStatus, payment: crate::PaymentMode) -> bool {
    status == crate::AppointmentStatus::Requested && payment == crate::PaymentMode::AtVisit
}

/// Whether `candidate`, one of the desk's doctors (the clinic's approved doctors with an
/// enabled account), may take over a request of `specialty` now with `doctor_now`: a colleague
/// of the same specialty.
pub fn takes_over(candidate: &DeskDoctor, specialty: i64, doctor_now: i64) -> bool {
    candidate.specialty_id == specialty && candidate.id != doctor_now
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AppointmentStatus, PaymentMode};

    #[test]
    fn only_an_unanswered_request_paid_at_the_visit_changes_doctor() {
        assert!(may_reassign(
            AppointmentStatus::Requested,
            PaymentMode::AtVisit
        ));
        assert!(!may_reassign(
            AppointmentStatus::Requested,
            PaymentMode::Online
        ));
        for status in [
            AppointmentStatus::Held,
            AppointmentStatus::Confirmed,
            AppointmentStatus::Cancelled,
            AppointmentStatus::Completed,
        ] {
            assert!(!may_reassign(status, PaymentMode::AtVisit), "{status:?}");
        }
    }

    #[test]
    fn a_desk_booking_parses_every_field_or_names_the_refused_ones() {
        let form = DeskBookingForm {
            patient_id: "4".into(),
            doctor_id: "9".into(),
            start: "2026-12-10T08:30:00Z".into(),
            reason: "Follow-up".into(),
            urgent: true,
        };
        let booking = form.parse().unwrap();
        assert_eq!(
            (booking.patient, booking.doctor, booking.urgent),
            (crate::UserId(4), crate::UserId(9), true)
        );
        let errors = DeskBookingForm::default().parse().unwrap_err();
        for field in ["patient_id", "doctor_id", "start", "reason"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_request_goes_to_a_colleague_of_the_same_specialty() {
        let doctor = |id, specialty_id| DeskDoctor {
            id,
            name: format!("Doctor {id}"),
            specialty_id,
            specialty_en: String::new(),
            specialty_fr: String::new(),
        };
        assert!(takes_over(&doctor(2, 7), 7, 1));
        assert!(
            !takes_over(&doctor(1, 7), 7, 1),
            "not the doctor it is with"
        );
        assert!(!takes_over(&doctor(3, 8), 7, 1), "not another specialty");
    }

    #[test]
    fn a_walk_in_patient_parses_with_every_refusal_named() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let form = NewPatientForm {
            first_name: "Sami".into(),
            last_name: "Trabelsi".into(),
            email: "sami@example.test".into(),
            phone: "+216 20 123 456".into(),
            birth_date: "1984-06-30".into(),
            language: "fr".into(),
        };
        let patient = form.parse(today).unwrap();
        assert_eq!(patient.language, crate::Language::Fr);
        assert_eq!(patient.phone.as_str(), "+21620123456");
        let errors = NewPatientForm {
            email: "nope".into(),
            birth_date: "tomorrow".into(),
            ..form
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(
            errors.for_field("email"),
            Some(&crate::ValidationCode::InvalidEmail)
        );
        assert!(errors.for_field("birth_date").is_some());
        assert_eq!(errors.for_field("first_name"), None);
    }

    #[test]
    fn a_reassignment_names_a_doctor_by_id() {
        let to = |id: &str| {
            ReassignForm {
                doctor_id: id.into(),
            }
            .parse()
        };
        assert_eq!(to(" 7 "), Ok(crate::UserId(7)));
        assert_eq!(
            to("dr who").unwrap_err().for_field("doctor_id"),
            Some(&crate::ValidationCode::NotAChoice)
        );
    }
}
