//! Doctors: specialties, the directory, public profiles and free slots.

use super::caller::{ApiCaller, ClientIp, OptionalApiCaller};
use super::{Json, Query};
use crate::state::ServerState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, Sse};
use backend::live::Change;
use backend::scheduling::free_slots;
use backend::{clinics::directory, clinics::specialties, doctor_profiles};
use futures::Stream;
use serde::Deserialize;
use shared::forms::SpecialtyForm;
use shared::{City, DirectoryPage, DirectoryQuery, DoctorProfile, SlotList, Specialty, UserId};
use std::convert::Infallible;
use utoipa::IntoParams;

/// The medical specialties doctors choose from.
#[utoipa::path(get, path = "/api/v1/specialties", tag = "doctors",
    responses((status = 200, description = "Specialties", body = [Specialty])))]
pub async fn list_specialties(
    State(state): State<ServerState>,
) -> Result<axum::Json<Vec<Specialty>>, AppError> {
    specialties::list(&state.app.db).await.map(axum::Json)
}

/// Adds a specialty (platform admins). Its slug is made from the English name.
#[utoipa::path(post, path = "/api/v1/specialties", tag = "doctors", security(("bearer" = [])),
    request_body = SpecialtyForm,
    responses((status = 201, description = "Created", body = Specialty),
        (status = 403, description = "Not a platform admin"),
        (status = 409, description = "A specialty with this name exists"),
        (status = 422, description = "Refused fields")))]
pub async fn create_specialty(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<SpecialtyForm>,
) -> Result<(StatusCode, axum::Json<Specialty>), AppError> {
    let specialty = specialties::create(&state.app.db, &caller, &form.parse()?).await?;
    Ok((StatusCode::CREATED, axum::Json(specialty)))
}

/// Renames a specialty in both languages (platform admins).
#[utoipa::path(put, path = "/api/v1/specialties/{id}", tag = "doctors", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Specialty id")), request_body = SpecialtyForm,
    responses((status = 200, description = "Renamed", body = Specialty),
        (status = 403, description = "Not a platform admin"),
        (status = 404, description = "No such specialty")))]
pub async fn rename_specialty(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(form): Json<SpecialtyForm>,
) -> Result<axum::Json<Specialty>, AppError> {
    specialties::rename(&state.app.db, &caller, id, &form.parse()?)
        .await
        .map(axum::Json)
}

/// Listed doctors (approved by their clinic, account active), filtered, sorted and paged, 12 a
/// page. Every parameter is optional; a refused one is named in a 422.
#[utoipa::path(get, path = "/api/v1/doctors", tag = "doctors", params(DirectoryQuery),
    responses((status = 200, description = "One page of doctors", body = DirectoryPage),
        (status = 422, description = "A refused parameter")))]
pub async fn search(
    State(state): State<ServerState>,
    Query(query): Query<DirectoryQuery>,
) -> Result<axum::Json<DirectoryPage>, AppError> {
    directory::search(&state.app.db, &query, state.app.clock.now())
        .await
        .map(axum::Json)
}

/// Cities where listed doctors practise.
#[utoipa::path(get, path = "/api/v1/cities", tag = "doctors",
    responses((status = 200, description = "Cities", body = [City])))]
pub async fn cities(State(state): State<ServerState>) -> Result<axum::Json<Vec<City>>, AppError> {
    directory::cities(&state.app.db).await.map(axum::Json)
}

/// A listed doctor's public profile.
#[utoipa::path(get, path = "/api/v1/doctors/{id}", tag = "doctors",
    params(("id" = i64, Path, description = "Doctor (account) id")),
    responses((status = 200, description = "The profile", body = DoctorProfile),
        (status = 404, description = "No listed doctor with this id")))]
pub async fn profile(
    State(state): State<ServerState>,
    OptionalApiCaller(viewer): OptionalApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<DoctorProfile>, AppError> {
    doctor_profiles::public_profile(
        &state.app.db,
        UserId(id),
        viewer.as_ref(),
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotRange {
    /// First local day (`YYYY-MM-DD`, the clinic's zone); default today.
    #[serde(default)]
    pub from: Option<String>,
    /// Last local day, inclusive; default a week from `from`; at most 62 days in all.
    #[serde(default)]
    pub to: Option<String>,
}

/// A listed doctor's free slots, day by day, in the clinic's time zone.
#[utoipa::path(get, path = "/api/v1/doctors/{id}/slots", tag = "doctors",
    params(("id" = i64, Path, description = "Doctor (account) id"), SlotRange),
    responses((status = 200, description = "Free slots", body = SlotList),
        (status = 404, description = "No listed doctor with this id"),
        (status = 422, description = "A refused date range")))]
pub async fn slots(
    State(state): State<ServerState>,
    OptionalApiCaller(viewer): OptionalApiCaller,
    Path(id): Path<i64>,
    Query(range): Query<SlotRange>,
) -> Result<axum::Json<SlotList>, AppError> {
    let from = range.from.unwrap_or_default();
    let to = range.to.unwrap_or_default();
    free_slots::slot_list(
        &state.app.db,
        UserId(id),
        viewer.as_ref(),
        Some((&from, &to)),
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

/// Server-sent events: a `slots` event with `{"version": n}` at once, then whenever the
/// doctor's free slots change (a booking, a cancellation, an expiry, new hours), within a
/// second whichever instance made the change. The doctor and booking pages read the slots
/// again when it comes. Anyone may listen; a client address holds at most 64 streams.
#[utoipa::path(get, path = "/api/v1/doctors/{id}/slots/stream", tag = "doctors",
    params(("id" = i64, Path, description = "Doctor (account) id")),
    responses((status = 200, description = "text/event-stream of `slots` events", content_type = "text/event-stream"),
        (status = 404, description = "No listed doctor with this id"),
        (status = 429, description = "Too many open streams from this address")))]
pub async fn slots_stream(
    State(state): State<ServerState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let doctor = UserId(id);
    free_slots::slots_version(&state.app.db, doctor).await?;
    let permit = state.streams.open(ip, None, "slot_streams_open")?;
    let db = state.app.db.clone();
    Ok(crate::live_streams::watch(
        &state.app.live,
        move |change| change == Change::Slots(doctor),
        move || {
            let db = db.clone();
            async move {
                let version = free_slots::slots_version(&db, doctor).await?;
                Ok(serde_json::json!({ "version": version }))
            }
        },
        "slots",
        permit,
    ))
}
