//! The front desk over the API (secretaries and clinic admins of one clinic):
//! `/api/v1/clinic/patients`, `/api/v1/clinic/doctors`, `/api/v1/clinic/slots`,
//! `/api/v1/clinic/appointments` and `/api/v1/appointments/{id}/reassign`. The queue of
//! requests is `GET /api/v1/appointments?scope=requests`.

use super::caller::ApiCaller;
use super::{Json, Query};
use crate::state::ServerState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use backend::{booking, booking::front_desk};
use serde::Deserialize;
use shared::front_desk::{DeskBookingForm, DeskDoctor, NewPatientForm, PatientMatch, ReassignForm};
use shared::{AppointmentDetail, SlotList};
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct PatientQuery {
    /// An exact email or phone number (any patient), or part of a name (the clinic's patients).
    pub q: String,
}

/// Finds patients to book for.
#[utoipa::path(get, path = "/api/v1/clinic/patients", tag = "front desk", security(("bearer" = [])),
    params(PatientQuery),
    responses((status = 200, description = "At most 20 patients", body = [PatientMatch]),
        (status = 403, description = "Not a secretary or clinic admin"),
        (status = 422, description = "A query shorter than 2 characters")))]
pub async fn find_patients(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<PatientQuery>,
) -> Result<axum::Json<Vec<PatientMatch>>, AppError> {
    front_desk::find_patients(&state.app.db, &caller, &query.q)
        .await
        .map(axum::Json)
}

/// Creates a patient at the desk; they are emailed a link to set their password.
#[utoipa::path(post, path = "/api/v1/clinic/patients", tag = "front desk", security(("bearer" = [])),
    request_body = NewPatientForm,
    responses((status = 201, description = "Created", body = PatientMatch),
        (status = 409, description = "email_already_registered: search for them instead"),
        (status = 422, description = "Refused fields")))]
pub async fn create_patient(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<NewPatientForm>,
) -> Result<(StatusCode, axum::Json<PatientMatch>), AppError> {
    let patient = form.parse(state.app.clock.now().date_naive())?;
    front_desk::create_patient(&state.app, &caller, &patient)
        .await
        .map(|patient| (StatusCode::CREATED, axum::Json(patient)))
}

/// The clinic's doctors, with their specialty.
#[utoipa::path(get, path = "/api/v1/clinic/doctors", tag = "front desk", security(("bearer" = [])),
    responses((status = 200, description = "The clinic's approved doctors", body = [DeskDoctor])))]
pub async fn doctors(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<Vec<DeskDoctor>>, AppError> {
    front_desk::doctors(&state.app.db, &caller)
        .await
        .map(axum::Json)
}

#[derive(Deserialize, IntoParams)]
pub struct SlotQuery {
    pub doctor: i64,
    /// A local date, `YYYY-MM-DD`; today when empty.
    #[serde(default)]
    pub date: String,
    /// Every free slot of the doctor's hours still ahead, ignoring notice and horizon.
    #[serde(default)]
    pub urgent: bool,
}

/// A doctor's free slots on one day, for the desk.
#[utoipa::path(get, path = "/api/v1/clinic/slots", tag = "front desk", security(("bearer" = [])),
    params(SlotQuery),
    responses((status = 200, description = "The day's free slots", body = SlotList),
        (status = 422, description = "Not a doctor of your clinic, or a bad date")))]
pub async fn slots(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<SlotQuery>,
) -> Result<axum::Json<SlotList>, AppError> {
    front_desk::day_slots(
        &state.app.db,
        &caller,
        query.doctor,
        &query.date,
        query.urgent,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

/// Books a visit for a patient, confirmed at once; `urgent` ignores notice and horizon.
#[utoipa::path(post, path = "/api/v1/clinic/appointments", tag = "front desk", security(("bearer" = [])),
    request_body = DeskBookingForm,
    responses((status = 201, description = "Booked", body = AppointmentDetail),
        (status = 409, description = "slot_taken or patient_overlap"),
        (status = 422, description = "Refused fields")))]
pub async fn book(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<DeskBookingForm>,
) -> Result<(StatusCode, axum::Json<AppointmentDetail>), AppError> {
    let command = form.parse()?;
    booking::book_at_desk(&state.app.db, &caller, &command, state.app.clock.now())
        .await
        .map(|detail| (StatusCode::CREATED, axum::Json(detail)))
}

/// Hands a request to another doctor of the clinic with the same specialty, free then.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/reassign", tag = "front desk", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = ReassignForm,
    responses((status = 200, description = "Reassigned", body = AppointmentDetail),
        (status = 404, description = "Not an appointment of your clinic"),
        (status = 409, description = "Not a request paid at the visit, or the doctor is busy"),
        (status = 422, description = "Not a doctor of your clinic with that specialty")))]
pub async fn reassign(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(form): Json<ReassignForm>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    front_desk::reassign(
        &state.app.db,
        &caller,
        id,
        form.parse()?,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

#[derive(Deserialize, IntoParams)]
pub struct ClinicCalendarRequest {
    /// The doctor of the clinic whose calendar to show.
    pub doctor: String,
    /// `day`, `week` (default) or `month`.
    #[serde(default)]
    pub view: String,
    /// Any day inside the view, `YYYY-MM-DD`; default today.
    #[serde(default)]
    pub date: String,
}

/// One doctor's calendar for the front desk, in the clinic's time zone.
#[utoipa::path(get, path = "/api/v1/clinic/calendar", tag = "front desk", security(("bearer" = [])),
    params(ClinicCalendarRequest),
    responses((status = 200, description = "The calendar", body = shared::Calendar),
        (status = 403, description = "Not a secretary or clinic admin"),
        (status = 422, description = "Not a doctor of your clinic, or a refused view or date")))]
pub async fn calendar(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(request): Query<ClinicCalendarRequest>,
) -> Result<axum::Json<shared::Calendar>, AppError> {
    let doctor = shared::calendar::parse_doctor(&request.doctor)?;
    let query = shared::calendar::CalendarQuery::parse(&request.view, &request.date)?;
    backend::booking::calendar::clinic_calendar(
        &state.app.db,
        &caller,
        doctor,
        query,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}
