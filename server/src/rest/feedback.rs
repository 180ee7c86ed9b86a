//! Ratings and statistics: `/api/v1/appointments/{id}/rating`, `/api/v1/ratings/{id}/…`,
//! `/api/v1/doctors/{id}/ratings`, `/api/v1/me/feedback`, `/api/v1/me/stats` and
//! `/api/v1/clinic/stats` (JSON or CSV). The same CSV is offered to the signed-in browser at
//! `/clinic/stats.csv`, authenticated by the session cookie (a GET that changes nothing).

use super::caller::{ApiCaller, OptionalApiCaller, WebCaller};
use super::{Json, Query};
use crate::state::ServerState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use backend::{feedback, stats};
use serde::Deserialize;
use shared::feedback::{
    FeedbackQuery, Rating, RatingEdit, RatingForm, RatingNote, RatingsPage, VisitRating,
};
use shared::stats::{ClinicStats, ClinicStatsQuery, DoctorStats};
use utoipa::IntoParams;

/// A visit's rating and whether its patient may rate it now.
#[utoipa::path(get, path = "/api/v1/appointments/{id}/rating", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "The rating, if any", body = VisitRating),
        (status = 404, description = "No such appointment of yours")))]
pub async fn of_visit(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<VisitRating>, AppError> {
    feedback::of_visit(&state.app.db, &caller, id, state.app.clock.now())
        .await
        .map(axum::Json)
}

/// Rates a completed visit (its patient, once, within 30 days of the visit).
#[utoipa::path(post, path = "/api/v1/appointments/{id}/rating", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = RatingForm,
    responses((status = 201, description = "Rated", body = Rating),
        (status = 404, description = "No such appointment of yours"),
        (status = 409, description = "visit_not_completed, already_rated or rating_closed"),
        (status = 422, description = "Refused fields (stars, comment)")))]
pub async fn rate(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(form): Json<RatingForm>,
) -> Result<(axum::http::StatusCode, axum::Json<Rating>), AppError> {
    let content = form.parse()?;
    feedback::rate(&state.app.db, &caller, id, &content, state.app.clock.now())
        .await
        .map(|rating| (axum::http::StatusCode::CREATED, axum::Json(rating)))
}

/// Edits the caller's rating of a visit, within 7 days of posting it.
#[utoipa::path(put, path = "/api/v1/appointments/{id}/rating", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = RatingEdit,
    responses((status = 200, description = "Saved", body = Rating),
        (status = 404, description = "No rating of yours for this appointment"),
        (status = 409, description = "rating_locked: more than 7 days after posting"),
        (status = 422, description = "Refused fields")))]
pub async fn edit(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(form): Json<RatingEdit>,
) -> Result<axum::Json<Rating>, AppError> {
    let content = RatingForm::from(form).parse()?;
    feedback::edit(&state.app.db, &caller, id, &content, state.app.clock.now())
        .await
        .map(axum::Json)
}

/// The rated doctor's one public reply.
#[utoipa::path(post, path = "/api/v1/ratings/{id}/reply", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rating id")), request_body = RatingNote,
    responses((status = 200, description = "Replied", body = Rating),
        (status = 404, description = "No such rating of yours"),
        (status = 409, description = "already_replied")))]
pub async fn reply(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(note): Json<RatingNote>,
) -> Result<axum::Json<Rating>, AppError> {
    feedback::reply(
        &state.app.db,
        &caller,
        id,
        &note.text,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

/// Hides a rating's comment (clinic admins of its clinic, platform admins); the text is why.
#[utoipa::path(post, path = "/api/v1/ratings/{id}/hide", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rating id")), request_body = RatingNote,
    responses((status = 200, description = "Hidden", body = Rating),
        (status = 403, description = "Not an admin of the doctor's clinic"),
        (status = 404, description = "No such rating")))]
pub async fn hide(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(note): Json<RatingNote>,
) -> Result<axum::Json<Rating>, AppError> {
    feedback::hide(
        &state.app.db,
        &caller,
        id,
        &note.text,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageParam {
    /// From 1.
    pub page: Option<String>,
}

/// A listed doctor's ratings, newest first, with the average and the distribution of stars.
/// Hidden comments are left out.
#[utoipa::path(get, path = "/api/v1/doctors/{id}/ratings", tag = "feedback",
    params(("id" = i64, Path, description = "The doctor's user id"), PageParam),
    responses((status = 200, description = "A page of ratings", body = RatingsPage),
        (status = 404, description = "No such listed doctor")))]
pub async fn of_doctor(
    State(state): State<ServerState>,
    OptionalApiCaller(viewer): OptionalApiCaller,
    Path(id): Path<i64>,
    Query(params): Query<PageParam>,
) -> Result<axum::Json<RatingsPage>, AppError> {
    feedback::public_ratings(
        &state.app.db,
        viewer.as_ref(),
        shared::UserId(id),
        &params.page,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

/// The signed-in doctor's feedback: every rating with the patient's name, filtered by stars,
/// visit dates and patient.
#[utoipa::path(get, path = "/api/v1/me/feedback", tag = "feedback", security(("bearer" = [])),
    params(FeedbackQuery),
    responses((status = 200, description = "A page of ratings", body = RatingsPage),
        (status = 403, description = "Not a doctor"),
        (status = 422, description = "Refused filters")))]
pub async fn mine(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<FeedbackQuery>,
) -> Result<axum::Json<RatingsPage>, AppError> {
    feedback::own_feedback(&state.app.db, &caller, &query, state.app.clock.now())
        .await
        .map(axum::Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct GrainParam {
    /// `week` (default) or `month`.
    pub grain: Option<String>,
}

/// The signed-in doctor's last 12 weeks or months: appointments by status, cancellation and
/// no-show rates, revenue net of refunds, average rating; by the clinic's local dates.
#[utoipa::path(get, path = "/api/v1/me/stats", tag = "feedback", security(("bearer" = [])),
    params(GrainParam),
    responses((status = 200, description = "The statistics", body = DoctorStats),
        (status = 403, description = "Not a doctor of a clinic")))]
pub async fn doctor_stats(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(params): Query<GrainParam>,
) -> Result<axum::Json<DoctorStats>, AppError> {
    let grain = params.grain.unwrap_or_default();
    stats::of_doctor(&state.app.db, &caller, &grain, state.app.clock.now())
        .await
        .map(axum::Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ClinicStatsParams {
    /// First local day (`YYYY-MM-DD`); 29 days before `to` when empty.
    pub from: Option<String>,
    /// Last local day, included; today when empty.
    pub to: Option<String>,
    /// The clinic (platform admins only; staff always get their own).
    pub clinic: Option<i64>,
}

async fn clinic_report(
    state: &ServerState,
    caller: &backend::accounts::auth::Caller,
    params: ClinicStatsParams,
) -> Result<ClinicStats, AppError> {
    let query = ClinicStatsQuery {
        from: params.from,
        to: params.to,
    };
    stats::of_clinic(
        &state.app.db,
        caller,
        params.clinic,
        &query,
        state.app.clock.now(),
    )
    .await
}

/// A clinic's figures over a period (secretaries and clinic admins of the clinic): appointments
/// by status, cancellation and no-show rates, utilisation per doctor (booked / offered time),
/// visits by local hour.
#[utoipa::path(get, path = "/api/v1/clinic/stats", tag = "feedback", security(("bearer" = [])),
    params(ClinicStatsParams),
    responses((status = 200, description = "The statistics", body = ClinicStats),
        (status = 403, description = "Not a secretary or admin of a clinic"),
        (status = 422, description = "Refused period")))]
pub async fn clinic_stats(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(params): Query<ClinicStatsParams>,
) -> Result<axum::Json<ClinicStats>, AppError> {
    clinic_report(&state, &caller, params).await.map(axum::Json)
}

/// The same figures as `GET /api/v1/clinic/stats`, as CSV rows `section,item,value`.
#[utoipa::path(get, path = "/api/v1/clinic/stats.csv", tag = "feedback", security(("bearer" = [])),
    params(ClinicStatsParams),
    responses((status = 200, description = "The statistics as CSV", content_type = "text/csv", body = String),
        (status = 403, description = "Not a secretary or admin of a clinic")))]
pub async fn clinic_stats_csv(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(params): Query<ClinicStatsParams>,
) -> Result<Response, AppError> {
    let report = clinic_report(&state, &caller, params).await?;
    csv_response(&report)
}

/// `/clinic/stats.csv` for the signed-in browser (session cookie), the page's download link.
pub async fn clinic_stats_csv_download(
    State(state): State<ServerState>,
    WebCaller(caller): WebCaller,
    Query(params): Query<ClinicStatsParams>,
) -> Result<Response, AppError> {
    let report = clinic_report(&state, &caller, params).await?;
    csv_response(&report)
}

fn csv_response(report: &ClinicStats) -> Result<Response, AppError> {
    let body = stats::csv(report)?;
    let name = format!("salus-clinic-{}-{}.csv", report.from, report.to);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
