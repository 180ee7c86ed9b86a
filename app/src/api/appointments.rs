//! Appointments: booking, the lists and details each person may see, and every change of
//! status (accept, refuse, cancel, complete, no-show, reschedule).

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::{Appointment, AppointmentDetail, BookingForm, Change};

#[cfg(feature = "ssr")]
use crate::api::request::{self, answer, signed_in};
#[cfg(feature = "ssr")]
use crate::backend::scheduling::availability;
#[cfg(feature = "ssr")]
use crate::backend::{appointments, booking};

/// Books a slot. Posted by a browser without JavaScript, it answers `303 See Other` to the
/// payment page of a held slot, or to the booked appointment.
#[server(endpoint = "appointments/book")]
pub async fn book_appointment(form: BookingForm) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let command = form.parse()?;
        let now = state.clock.now();
        let plain_form = request::from_plain_form();
        let detail = if plain_form {
            booking::book_from_plain_form(&state, &caller, &command, now).await?
        } else {
            booking::book(&state, &caller, &command, now).await?
        };
        if plain_form {
            request::see_other(&shared::appointment_detail::after_booking(
                &detail.appointment,
            ));
        }
        Ok(detail)
    })
    .await
}

/// `scope`: `upcoming`, `past`, `cancelled`, `requests` or `all`.
#[server(endpoint = "appointments/list", input = GetUrl)]
pub async fn my_appointments(scope: String) -> Result<Vec<Appointment>, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let scope = shared::AppointmentScope::parse(&scope)
            .map_err(|code| AppError::field("scope", code))?;
        appointments::list(&state.db, &caller, scope, state.clock.now()).await
    })
    .await
}

#[server(endpoint = "appointments/detail", input = GetUrl)]
pub async fn get_appointment(id: i64) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        appointments::detail(&state.db, &caller, id, state.clock.now()).await
    })
    .await
}

#[server(endpoint = "appointments/change")]
pub async fn change_appointment(
    id: i64,
    change: Change,
    reason: String,
) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let detail =
            booking::change(&state, &caller, id, change, &reason, state.clock.now()).await?;
        // A browser without JavaScript comes back to the appointment, changed.
        if request::from_plain_form() {
            request::see_other(&format!("/appointments/{id}"));
        }
        Ok(detail)
    })
    .await
}

#[server(endpoint = "appointments/reschedule")]
pub async fn reschedule_appointment(id: i64, start: String) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        booking::reschedule(&state.db, &caller, id, &start, state.clock.now()).await
    })
    .await
}

/// The doctor or the clinic's staff answers the new time a patient proposed: `accept` moves
/// the visit to it, otherwise it keeps its time (`reason` optional). A real form: it works
/// before (or without) the script.
#[server(endpoint = "appointments/answer_proposal")]
pub async fn answer_proposal(
    id: i64,
    accept: bool,
    reason: String,
) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let detail =
            booking::answer_proposal(&state.db, &caller, id, accept, &reason, state.clock.now())
                .await?;
        if request::from_plain_form() {
            request::see_other(&format!("/appointments/{id}"));
        }
        Ok(detail)
    })
    .await
}

/// A doctor adds a visit for an existing patient.
#[server(endpoint = "appointments/add_visit")]
pub async fn add_visit(
    patient_email: String,
    start: String,
    reason: String,
) -> Result<AppointmentDetail, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        booking::add_for_patient(
            &state.db,
            &caller,
            &patient_email,
            &start,
            &reason,
            state.clock.now(),
        )
        .await
    })
    .await
}

/// The doctor's upcoming appointments that fall in their time off.
#[server(endpoint = "appointments/conflicts", input = GetUrl)]
pub async fn availability_conflicts() -> Result<Vec<Appointment>, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        availability::conflicts(&state.db, &caller, state.clock.now()).await
    })
    .await
}

/// Cancels several appointments with one reason (a doctor's conflicts with new time off);
/// answers how many were cancelled.
#[server(endpoint = "appointments/cancel_many", input = Json)]
pub async fn cancel_appointments(ids: Vec<i64>, reason: String) -> Result<usize, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        booking::cancel_many(&state, &caller, &ids, &reason, state.clock.now()).await
    })
    .await
}

/// The patient's month of appointments around `date` (empty: this month).
#[server(endpoint = "appointments/month", input = GetUrl)]
pub async fn my_month(date: String) -> Result<shared::Calendar, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let month = shared::calendar::CalendarQuery::parse("month", &date)?.date;
        crate::backend::booking::calendar::patient_calendar(
            &state.db,
            &caller,
            month,
            state.clock.now(),
        )
        .await
    })
    .await
}
