//! The front desk's server functions: find or create a patient, the clinic's doctors and a
//! day's slots, book for a patient, hand a request to another doctor.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use shared::front_desk::{DeskBookingForm, DeskDoctor, NewPatientForm, PatientMatch, ReassignForm};
use shared::{AppointmentDetail, SlotList};

#[cfg(feature = "ssr")]
use crate::api::request::{answer, signed_in};
#[cfg(feature = "ssr")]
use crate::backend::{booking, booking::front_desk};

#[server(endpoint = "desk/patients", input = GetUrl)]
pub async fn find_patients(q: String) -> Result<Vec<PatientMatch>, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        front_desk::find_patients(&state.db, &caller, &q).await
    })
    .await
}

#[server(endpoint = "desk/new_patient")]
pub async fn create_patient(patient: NewPatientForm) -> Result<PatientMatch, AppError> {
    let form = patient;
    answer(async {
        let (state, caller) = signed_in().await?;
        let patient = form.parse(state.clock.now().date_naive())?;
        front_desk::create_patient(&state, &caller, &patient).await
    })
    .await
}

#[server(endpoint = "desk/doctors", input = GetUrl)]
pub async fn desk_doctors() -> Result<Vec<DeskDoctor>, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        front_desk::doctors(&state.db, &caller).await
    })
    .await
}

#[server(endpoint = "desk/slots", input = GetUrl)]
pub async fn desk_slots(doctor: i64, date: String, urgent: bool) -> Result<SlotList, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        front_desk::day_slots(&state.db, &caller, doctor, &date, urgent, state.clock.now()).await
    })
    .await
}

#[server(endpoint = "desk/book")]
pub async fn book_at_desk(form: DeskBookingForm) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let command = form.parse()?;
        booking::book_at_desk(&state.db, &caller, &command, state.clock.now()).await
    })
    .await
}

#[server(endpoint = "desk/reassign")]
pub async fn reassign(appointment: i64, form: ReassignForm) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        front_desk::reassign(
            &state.db,
            &caller,
            appointment,
            form.parse()?,
            state.clock.now(),
        )
        .await
    })
    .await
}

/// One doctor's day, week or month, for the front desk.
#[server(endpoint = "desk/calendar", input = GetUrl)]
pub async fn clinic_calendar(
    doctor: String,
    view: String,
    date: String,
) -> Result<shared::Calendar, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let doctor = shared::calendar::parse_doctor(&doctor)?;
        let query = shared::calendar::CalendarQuery::parse(&view, &date)?;
        crate::backend::booking::calendar::clinic_calendar(
            &state.db,
            &caller,
            doctor,
            query,
            state.clock.now(),
        )
        .await
    })
    .await
}
