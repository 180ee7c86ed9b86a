//! `/api/v1/me/…` for doctors: the public profile, availability and the calendar.

use super::caller::ApiCaller;
use super::{Json, Query};
use crate::state::ServerState;
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use backend::scheduling::availability;
use backend::{booking::calendar, doctor_profiles};
use serde::{Deserialize, Serialize};
use shared::schedule::{Availability, AvailabilityForm};
use shared::{Calendar, DoctorProfile, DoctorProfileForm};
use utoipa::{IntoParams, ToSchema};

/// The signed-in doctor's profile, as patients see it (plus whether it is listed yet).
#[utoipa::path(get, path = "/api/v1/me/doctor-profile", tag = "practice", security(("bearer" = [])),
    responses((status = 200, description = "The profile", body = DoctorProfile),
        (status = 403, description = "Not a doctor")))]
pub async fn profile(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<DoctorProfile>, AppError> {
    doctor_profiles::own(&state.app.db, &caller, state.app.clock.now())
        .await
        .map(axum::Json)
}

/// Saves the signed-in doctor's public profile. Every refused field is named.
#[utoipa::path(put, path = "/api/v1/me/doctor-profile", tag = "practice", security(("bearer" = [])),
    request_body = DoctorProfileForm,
    responses((status = 200, description = "Saved", body = DoctorProfile),
        (status = 403, description = "Not a doctor"),
        (status = 422, description = "Refused fields")))]
pub async fn update_profile(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<DoctorProfileForm>,
) -> Result<axum::Json<DoctorProfile>, AppError> {
    let db = &state.app.db;
    let update = form.parse(&doctor_profiles::choices(db, &caller).await?)?;
    doctor_profiles::update(db, &caller, &update, state.app.clock.now())
        .await
        .map(axum::Json)
}

/// The signed-in doctor's availability: weekly hours, exceptions, booking rules and the
/// "unavailable now" switch, in the shape `PUT` takes back.
#[utoipa::path(get, path = "/api/v1/me/availability", tag = "practice", security(("bearer" = [])),
    responses((status = 200, description = "The availability", body = AvailabilityForm),
        (status = 403, description = "Not a doctor")))]
pub async fn availability(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<AvailabilityForm>, AppError> {
    availability::own(&state.app.db, &caller)
        .await
        .map(axum::Json)
}

/// Replaces the signed-in doctor's whole availability. Refused fields are named like
/// `weekly[2].end` or `exceptions[0].first_day`.
#[utoipa::path(put, path = "/api/v1/me/availability", tag = "practice", security(("bearer" = [])),
    request_body = AvailabilityForm,
    responses((status = 200, description = "Saved", body = AvailabilityForm),
        (status = 403, description = "Not a doctor"),
        (status = 422, description = "Refused fields")))]
pub async fn update_availability(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<AvailabilityForm>,
) -> Result<axum::Json<AvailabilityForm>, AppError> {
    availability::save(
        &state.app.db,
        &caller,
        &Availability::parse(&form)?,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnavailableFlag {
    /// `true` hides every slot until set back to `false`.
    pub unavailable: bool,
}

/// The one-click "unavailable now" switch.
#[utoipa::path(put, path = "/api/v1/me/availability/unavailable", tag = "practice",
    security(("bearer" = [])), request_body = UnavailableFlag,
    responses((status = 204, description = "Switched"),
        (status = 403, description = "Not a doctor")))]
pub async fn set_unavailable(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(flag): Json<UnavailableFlag>,
) -> Result<StatusCode, AppError> {
    availability::set_unavailable(
        &state.app.db,
        &caller,
        flag.unavailable,
        state.app.clock.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarRequest {
    /// `day`, `week` (default) or `month`.
    #[serde(default)]
    pub view: Option<String>,
    /// Any day inside the view, `YYYY-MM-DD`; default today.
    #[serde(default)]
    pub date: Option<String>,
}

/// The signed-in doctor's calendar for a day, week or month, in the clinic's time zone.
#[utoipa::path(get, path = "/api/v1/me/calendar", tag = "practice", security(("bearer" = [])),
    params(CalendarRequest),
    responses((status = 200, description = "The calendar", body = Calendar),
        (status = 403, description = "Not a doctor"),
        (status = 422, description = "A refused view or date")))]
pub async fn calendar(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(request): Query<CalendarRequest>,
) -> Result<axum::Json<Calendar>, AppError> {
    let query = shared::calendar::CalendarQuery::parse(
        request.view.as_deref().unwrap_or_default(),
        request.date.as_deref().unwrap_or_default(),
    )?;
    calendar::doctor_calendar(&state.app.db, &caller, query, state.app.clock.now())
        .await
        .map(axum::Json)
}
