//! `/api/v1/clinics*` and doctor reviews: clinic administration.

use super::caller::ApiCaller;
use super::{ClinicDto, Json};
use crate::state::ServerState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use backend::{clinics, clinics::doctors, clinics::staff};
use serde::Deserialize;
use shared::forms::{ClinicSettingsForm, NewClinicForm, StaffInviteForm};
use shared::{ClinicId, ClinicSettings, DoctorApplication, StaffMember, UserId};
use utoipa::ToSchema;

/// Creates a clinic (platform admins).
#[utoipa::path(post, path = "/api/v1/clinics", tag = "clinics", security(("bearer" = [])),
    request_body = NewClinicForm,
    responses((status = 201, description = "Created", body = ClinicDto),
        (status = 403, description = "Not a platform admin"),
        (status = 409, description = "A clinic with this name exists")))]
pub async fn create(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<NewClinicForm>,
) -> Result<(StatusCode, axum::Json<ClinicDto>), AppError> {
    let clinic = clinics::create_by_admin(
        &state.app.db,
        &caller,
        &form.parse()?,
        state.app.clock.now_unix(),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(clinic.into())))
}

/// A clinic's settings (its admins and platform admins).
#[utoipa::path(get, path = "/api/v1/clinics/{id}/settings", tag = "clinics",
    security(("bearer" = [])), params(("id" = i64, Path, description = "Clinic id")),
    responses((status = 200, description = "Settings", body = ClinicSettings),
        (status = 403, description = "Not an admin of this clinic")))]
pub async fn settings(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<ClinicSettings>, AppError> {
    clinics::settings(&state.app.db, &caller, ClinicId(id))
        .await
        .map(axum::Json)
}

/// Saves a clinic's settings: name, address, phone, time zone, currency, cancellation policy
/// and the doctors' answer deadline.
#[utoipa::path(put, path = "/api/v1/clinics/{id}/settings", tag = "clinics",
    security(("bearer" = [])), params(("id" = i64, Path, description = "Clinic id")),
    request_body = ClinicSettingsForm,
    responses((status = 200, description = "Saved", body = ClinicSettings),
        (status = 403, description = "Not an admin of this clinic"),
        (status = 422, description = "Refused fields")))]
pub async fn update_settings(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(form): Json<ClinicSettingsForm>,
) -> Result<axum::Json<ClinicSettings>, AppError> {
    clinics::update_settings(&state.app.db, &caller, ClinicId(id), &form.parse()?)
        .await
        .map(axum::Json)
}

/// The clinic's staff accounts.
#[utoipa::path(get, path = "/api/v1/clinics/{id}/staff", tag = "clinics",
    security(("bearer" = [])), params(("id" = i64, Path, description = "Clinic id")),
    responses((status = 200, description = "Staff", body = [StaffMember])))]
pub async fn list_staff(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<StaffMember>>, AppError> {
    staff::list(&state.app.db, &caller, ClinicId(id))
        .await
        .map(axum::Json)
}

/// Creates a secretary or doctor account (platform admins: also clinic admins); the person
/// gets an emailed invitation to choose a password.
#[utoipa::path(post, path = "/api/v1/clinics/{id}/staff", tag = "clinics",
    security(("bearer" = [])), params(("id" = i64, Path, description = "Clinic id")),
    request_body = StaffInviteForm,
    responses((status = 201, description = "Invited", body = StaffMember),
        (status = 409, description = "Email already registered"),
        (status = 422, description = "Refused fields")))]
pub async fn invite_staff(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(form): Json<StaffInviteForm>,
) -> Result<(StatusCode, axum::Json<StaffMember>), AppError> {
    let clinic = ClinicId(id);
    let choices = staff::invite_choices(&state.app.db, &caller, clinic).await?;
    let member = staff::invite(&state.app, &caller, clinic, form.parse(&choices)?).await?;
    Ok((StatusCode::CREATED, axum::Json(member)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DisabledFlag {
    pub disabled: bool,
}

/// Disables (ending its sessions) or re-enables a staff account.
#[utoipa::path(put, path = "/api/v1/clinics/{id}/staff/{user_id}/disabled", tag = "clinics",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Clinic id"), ("user_id" = i64, Path, description = "Account id")),
    request_body = DisabledFlag,
    responses((status = 204, description = "Done"),
        (status = 404, description = "No such staff member in this clinic")))]
pub async fn set_disabled(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path((id, user_id)): Path<(i64, i64)>,
    Json(flag): Json<DisabledFlag>,
) -> Result<StatusCode, AppError> {
    staff::set_disabled(
        &state.app.db,
        &caller,
        ClinicId(id),
        UserId(user_id),
        flag.disabled,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The clinic's doctors and their applications, pending first.
#[utoipa::path(get, path = "/api/v1/clinics/{id}/doctor-applications", tag = "clinics",
    security(("bearer" = [])), params(("id" = i64, Path, description = "Clinic id")),
    responses((status = 200, description = "Applications", body = [DoctorApplication])))]
pub async fn applications(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<DoctorApplication>>, AppError> {
    doctors::applications(&state.app.db, &caller, ClinicId(id))
        .await
        .map(axum::Json)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewRequest {
    pub approve: bool,
    /// Required when refusing; shown to the doctor.
    #[serde(default)]
    pub reason: String,
}

/// Approves or refuses a pending application (an admin of the doctor's clinic).
#[utoipa::path(post, path = "/api/v1/doctor-applications/{doctor_id}/review", tag = "clinics",
    security(("bearer" = [])), params(("doctor_id" = i64, Path, description = "The doctor's account id")),
    request_body = ReviewRequest,
    responses((status = 200, description = "Decided", body = DoctorApplication),
        (status = 403, description = "Not an admin of the doctor's clinic"),
        (status = 409, description = "Already decided")))]
pub async fn review(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(doctor_id): Path<i64>,
    Json(request): Json<ReviewRequest>,
) -> Result<axum::Json<DoctorApplication>, AppError> {
    let decision = doctors::Decision::parse(request.approve, &request.reason)?;
    doctors::review(&state.app, &caller, UserId(doctor_id), decision)
        .await
        .map(axum::Json)
}
