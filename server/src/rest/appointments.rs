//! `/api/v1/appointments…`: booking and every change of an appointment, with the same rules
//! and errors as the web app (one service layer).

use super::caller::ApiCaller;
use super::{Json, Query};
use crate::state::ServerState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use backend::scheduling::availability;
use backend::{appointments, booking};
use serde::Deserialize;
use shared::{Appointment, AppointmentDetail, AppointmentScope, BookingForm, Change};
use utoipa::{IntoParams, ToSchema};

/// Books a free slot (verified patients). The appointment is `held` for online payment,
/// `requested` when the doctor approves requests, or `confirmed` at once.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "appointments", security(("bearer" = [])),
    request_body = BookingForm,
    responses((status = 201, description = "Booked", body = AppointmentDetail),
        (status = 403, description = "Not a patient, or email not verified"),
        (status = 409, description = "Slot no longer available, an overlapping appointment of yours, or too many pending requests"),
        (status = 422, description = "Refused fields")))]
pub async fn book(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<BookingForm>,
) -> Result<(StatusCode, axum::Json<AppointmentDetail>), AppError> {
    let command = form.parse()?;
    let booked = booking::book(&state.app, &caller, &command, state.app.clock.now()).await?;
    Ok((StatusCode::CREATED, axum::Json(booked)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListRequest {
    /// `upcoming` (default), `past`, `cancelled`, `requests`, `proposals` (visits whose
    /// patient asked for a new time, waiting for an answer) or `all`.
    #[serde(default)]
    pub scope: Option<String>,
}

/// The caller's appointments: a patient's own, a doctor's own, the clinic's for its staff.
#[utoipa::path(get, path = "/api/v1/appointments", tag = "appointments", security(("bearer" = [])),
    params(ListRequest),
    responses((status = 200, description = "Appointments", body = [Appointment])))]
pub async fn list(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(request): Query<ListRequest>,
) -> Result<axum::Json<Vec<Appointment>>, AppError> {
    let scope = AppointmentScope::parse(request.scope.as_deref().unwrap_or_default())
        .map_err(|code| AppError::field("scope", code))?;
    appointments::list(&state.app.db, &caller, scope, state.app.clock.now())
        .await
        .map(axum::Json)
}

/// One appointment with its history (its patient, its doctor, the clinic's staff).
#[utoipa::path(get, path = "/api/v1/appointments/{id}", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "The appointment", body = AppointmentDetail),
        (status = 404, description = "No such appointment of yours")))]
pub async fn detail(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    appointments::detail(&state.app.db, &caller, id, state.app.clock.now())
        .await
        .map(axum::Json)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ReasonBody {
    /// Why: required when the clinic refuses or cancels (the patient is told).
    #[serde(default)]
    pub reason: String,
}

async fn apply(
    state: &ServerState,
    caller: &backend::accounts::auth::Caller,
    id: i64,
    change: Change,
    reason: &str,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    booking::change(
        &state.app,
        caller,
        id,
        change,
        reason,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

/// Cancels an appointment. Patients may cancel until the clinic's notice before the visit.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/cancel", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = ReasonBody,
    responses((status = 200, description = "Cancelled", body = AppointmentDetail),
        (status = 409, description = "Too late under the clinic's policy, or not possible from its status"),
        (status = 422, description = "A reason is required")))]
pub async fn cancel(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ReasonBody>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    apply(&state, &caller, id, Change::Cancel, &body.reason).await
}

/// Accepts a request (its doctor or the clinic's staff).
#[utoipa::path(post, path = "/api/v1/appointments/{id}/accept", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "Confirmed", body = AppointmentDetail),
        (status = 409, description = "Not a request, or it has expired")))]
pub async fn accept(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    apply(&state, &caller, id, Change::Accept, "").await
}

/// Refuses a request, with a reason the patient reads.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/refuse", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = ReasonBody,
    responses((status = 200, description = "Refused", body = AppointmentDetail),
        (status = 409, description = "Not a request, or it has expired"),
        (status = 422, description = "A reason is required")))]
pub async fn refuse(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ReasonBody>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    apply(&state, &caller, id, Change::Refuse, &body.reason).await
}

/// Marks a visit completed, once it has started.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/complete", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "Completed", body = AppointmentDetail),
        (status = 409, description = "Not confirmed, or the visit has not started")))]
pub async fn complete(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    apply(&state, &caller, id, Change::Complete, "").await
}

/// Marks that the patient did not come, once the visit has started.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/no-show", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "Marked", body = AppointmentDetail),
        (status = 409, description = "Not confirmed, or the visit has not started")))]
pub async fn no_show(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    apply(&state, &caller, id, Change::NoShow, "").await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RescheduleBody {
    /// The new slot's start (RFC 3339), from the doctor's free slots.
    pub start: String,
}

/// Moves an appointment to another free slot of the same doctor: the same appointment (id,
/// payment, price) changes its time. Staff, and patients of a doctor who books instantly (or
/// of a request not yet answered), move it at once; a patient moving a confirmed visit with a
/// doctor who answers requests proposes the new time (`proposal`), which holds the slot until
/// the doctor answers or `proposal.expires_at` passes, while the visit keeps its time. The
/// new slot is secured before the old one is released; if it is gone, nothing changes.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/reschedule", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = RescheduleBody,
    responses((status = 200, description = "The same appointment, moved or with its proposal", body = AppointmentDetail),
        (status = 404, description = "No such appointment of yours"),
        (status = 409, description = "Slot no longer available (`slot_taken`), the patient is busy then (`patient_overlap`), already at that time (`already_at_that_time`), or too late under the policy (`too_late_to_change`)"),
        (status = 422, description = "`start` is missing or not an RFC 3339 instant")))]
pub async fn reschedule(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<RescheduleBody>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    booking::reschedule(
        &state.app.db,
        &caller,
        id,
        &body.start,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

/// The doctor (or the clinic's staff) accepts the new time the patient proposed: the visit
/// moves to it and its old time frees.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/proposal/accept", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "Moved to the proposed time", body = AppointmentDetail),
        (status = 403, description = "The patient cannot answer their own proposal"),
        (status = 404, description = "No such appointment of your clinic"),
        (status = 409, description = "No proposal waiting (`no_proposal`), or it lapsed (`request_expired`)")))]
pub async fn accept_proposal(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    booking::answer_proposal(&state.app.db, &caller, id, true, "", state.app.clock.now())
        .await
        .map(axum::Json)
}

/// The doctor (or the clinic's staff) refuses the new time the patient proposed, with an
/// optional reason: the visit keeps its time and the patient is told.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/proposal/refuse", tag = "appointments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = ReasonBody,
    responses((status = 200, description = "Refused: the visit keeps its time", body = AppointmentDetail),
        (status = 403, description = "The patient cannot answer their own proposal"),
        (status = 404, description = "No such appointment of your clinic"),
        (status = 409, description = "No proposal waiting (`no_proposal`), or it lapsed (`request_expired`)"),
        (status = 422, description = "The reason is too short or too long")))]
pub async fn refuse_proposal(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ReasonBody>,
) -> Result<axum::Json<AppointmentDetail>, AppError> {
    booking::answer_proposal(
        &state.app.db,
        &caller,
        id,
        false,
        &body.reason,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VisitBody {
    /// The patient's account email.
    pub patient_email: String,
    /// A slot of the doctor's hours (RFC 3339).
    pub start: String,
    pub reason: String,
}

/// A doctor adds a confirmed visit for an existing patient.
#[utoipa::path(post, path = "/api/v1/me/visits", tag = "practice", security(("bearer" = [])),
    request_body = VisitBody,
    responses((status = 201, description = "Added", body = AppointmentDetail),
        (status = 403, description = "Not a doctor"),
        (status = 409, description = "The slot is taken"),
        (status = 422, description = "Refused fields, or no patient with this email")))]
pub async fn add_visit(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(body): Json<VisitBody>,
) -> Result<(StatusCode, axum::Json<AppointmentDetail>), AppError> {
    let added = booking::add_for_patient(
        &state.app.db,
        &caller,
        &body.patient_email,
        &body.start,
        &body.reason,
        state.app.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(added)))
}

/// The signed-in doctor's upcoming appointments that fall in their time off.
#[utoipa::path(get, path = "/api/v1/me/availability/conflicts", tag = "practice", security(("bearer" = [])),
    responses((status = 200, description = "Appointments to cancel or keep", body = [Appointment]),
        (status = 403, description = "Not a doctor")))]
pub async fn conflicts(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<Vec<Appointment>>, AppError> {
    availability::conflicts(&state.app.db, &caller, state.app.clock.now())
        .await
        .map(axum::Json)
}

#[derive(Deserialize, IntoParams)]
pub struct MonthRequest {
    /// Any day of the month, `YYYY-MM-DD`; default this month.
    #[serde(default)]
    pub date: String,
}

/// The signed-in patient's month of appointments (family members' included).
#[utoipa::path(get, path = "/api/v1/me/appointments/month", tag = "appointments", security(("bearer" = [])),
    params(MonthRequest),
    responses((status = 200, description = "The month, day by day", body = shared::Calendar),
        (status = 403, description = "Not a patient")))]
pub async fn patient_month(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(request): Query<MonthRequest>,
) -> Result<axum::Json<shared::Calendar>, AppError> {
    let month = shared::calendar::CalendarQuery::parse("month", &request.date)?.date;
    backend::booking::calendar::patient_calendar(
        &state.app.db,
        &caller,
        month,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}
