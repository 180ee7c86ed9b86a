//! REST API v1. Handlers are thin: they call the same `backend` services as the server
//! functions, and answer errors with the shared `AppError` JSON and its HTTP status.

pub mod account;
pub mod appointments;
pub mod auth;
pub mod caller;
pub mod clinics;
pub mod dependants;
pub mod doctors;
pub mod feedback;
pub mod front_desk;
pub mod notifications;
pub mod payments;
pub mod practice;

use crate::state::ServerState;
use app::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::{ClinicSummary, ValidationCode};
use utoipa::ToSchema;

pub fn router() -> Router<ServerState> {
    Router::new()
        .route("/clinics", get(list_clinics).post(clinics::create))
        .route(
            "/clinics/{id}/settings",
            get(clinics::settings).put(clinics::update_settings),
        )
        .route(
            "/clinics/{id}/staff",
            get(clinics::list_staff).post(clinics::invite_staff),
        )
        .route(
            "/clinics/{id}/staff/{user_id}/disabled",
            put(clinics::set_disabled),
        )
        .route(
            "/clinics/{id}/doctor-applications",
            get(clinics::applications),
        )
        .route(
            "/doctor-applications/{doctor_id}/review",
            post(clinics::review),
        )
        .route("/auth/register", post(auth::register))
        .route("/auth/doctor-applications", post(auth::apply))
        .route("/auth/token", post(auth::token))
        .route("/auth/verify-email", post(auth::verify_email))
        .route("/auth/verification-email", post(auth::resend_verification))
        .route("/auth/password-reset", post(auth::request_reset))
        .route("/auth/password-reset/confirm", post(auth::confirm_reset))
        .route("/auth/logout-everywhere", post(auth::logout_everywhere))
        .route("/me", get(account::me).put(account::update_me))
        .route("/me/password", post(account::change_password))
        .route(
            "/me/photo",
            put(account::put_photo).layer(DefaultBodyLimit::max(crate::body_limit::PHOTO_LIMIT)),
        )
        .route(
            "/specialties",
            get(doctors::list_specialties).post(doctors::create_specialty),
        )
        .route("/specialties/{id}", put(doctors::rename_specialty))
        .route("/doctors", get(doctors::search))
        .route("/doctors/{id}", get(doctors::profile))
        .route("/doctors/{id}/slots", get(doctors::slots))
        .route("/doctors/{id}/slots/stream", get(doctors::slots_stream))
        .route("/cities", get(doctors::cities))
        .route(
            "/me/doctor-profile",
            get(practice::profile).put(practice::update_profile),
        )
        .route(
            "/me/availability",
            get(practice::availability).put(practice::update_availability),
        )
        .route(
            "/me/availability/unavailable",
            put(practice::set_unavailable),
        )
        .route("/me/calendar", get(practice::calendar))
        .route("/me/visits", post(appointments::add_visit))
        .route("/me/availability/conflicts", get(appointments::conflicts))
        .route(
            "/appointments",
            get(appointments::list).post(appointments::book),
        )
        .route("/appointments/{id}", get(appointments::detail))
        .route(
            "/appointments/{id}/payment",
            get(payments::status).post(payments::open),
        )
        .route("/appointments/{id}/payment/card", post(payments::pay))
        .route("/me/payments", get(payments::mine))
        .route("/me/revenue", get(payments::revenue))
        .route("/appointments/{id}/cancel", post(appointments::cancel))
        .route("/appointments/{id}/accept", post(appointments::accept))
        .route("/appointments/{id}/refuse", post(appointments::refuse))
        .route("/appointments/{id}/complete", post(appointments::complete))
        .route("/appointments/{id}/no-show", post(appointments::no_show))
        .route(
            "/appointments/{id}/rating",
            get(feedback::of_visit)
                .post(feedback::rate)
                .put(feedback::edit),
        )
        .route("/ratings/{id}/reply", post(feedback::reply))
        .route("/ratings/{id}/hide", post(feedback::hide))
        .route("/doctors/{id}/ratings", get(feedback::of_doctor))
        .route("/me/feedback", get(feedback::mine))
        .route("/me/stats", get(feedback::doctor_stats))
        .route("/clinic/stats", get(feedback::clinic_stats))
        .route("/clinic/stats.csv", get(feedback::clinic_stats_csv))
        .route(
            "/me/dependants",
            get(dependants::list).post(dependants::add),
        )
        .route(
            "/me/dependants/{id}",
            put(dependants::update).delete(dependants::remove),
        )
        .route(
            "/clinic/patients",
            get(front_desk::find_patients).post(front_desk::create_patient),
        )
        .route("/clinic/doctors", get(front_desk::doctors))
        .route("/clinic/calendar", get(front_desk::calendar))
        .route("/me/appointments/month", get(appointments::patient_month))
        .route("/clinic/slots", get(front_desk::slots))
        .route("/clinic/appointments", post(front_desk::book))
        .route("/appointments/{id}/reassign", post(front_desk::reassign))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::mark_read))
        .route("/notifications/stream", get(notifications::stream))
        .route(
            "/appointments/{id}/reschedule",
            post(appointments::reschedule),
        )
        .route(
            "/appointments/{id}/proposal/accept",
            post(appointments::accept_proposal),
        )
        .route(
            "/appointments/{id}/proposal/refuse",
            post(appointments::refuse_proposal),
        )
        // An unknown API path answers JSON like every other API error, not the HTML 404 page.
        .fallback(|| async { AppError::NotFound })
}

/// A JSON body. A body that is not JSON, or lacks a field, is a 422 naming the problem in
/// the API's error format rather than axum's plain-text rejection.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(body_error(&rejection)),
        }
    }
}

/// Query parameters. A query string that cannot be read is a 422 in the API's error format.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "refused a query string");
                Err(AppError::field("query", ValidationCode::InvalidRequestBody))
            }
        }
    }
}

/// The API's error for a body it cannot use: a missing field is named (`weekly`, or
/// `weekly[0].start` inside a list), anything else is a bad body.
fn body_error(rejection: &JsonRejection) -> AppError {
    tracing::debug!(%rejection, "refused a request body");
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::PayloadTooLarge {
            limit_bytes: crate::body_limit::DEFAULT_LIMIT as u64,
        };
    }
    match missing_field(&rejection.body_text()) {
        Some(field) => AppError::field(&field, ValidationCode::Required),
        None => AppError::field("body", ValidationCode::InvalidRequestBody),
    }
}

/// The field a serde "missing field" message names, with its path in the body when it is
/// inside one (axum reports it through serde_path_to_error: "weekly[0]: missing field `end`").
fn missing_field(message: &str) -> Option<String> {
    let (before, after) = message.split_once("missing field `")?;
    let name = after.split('`').next()?;
    let path = before
        .rsplit_once("target type: ")
        .map_or(before, |(_, path)| path)
        .trim()
        .trim_end_matches(':')
        .trim();
    Some(match path {
        "" | "." => name.to_owned(),
        path => format!("{path}.{name}"),
    })
}

/// The answer to a request that was accepted whatever the outcome (sign-up, reset), so it
/// reveals nothing about which accounts exist.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    #[schema(example = "accepted")]
    pub status: &'static str,
}

impl Accepted {
    pub fn response() -> (StatusCode, axum::Json<Accepted>) {
        (
            StatusCode::ACCEPTED,
            axum::Json(Accepted { status: "accepted" }),
        )
    }
}

/// A clinic as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClinicDto {
    pub id: i64,
    pub name: String,
    /// IANA time zone; appointment times are shown in it.
    #[schema(example = "Africa/Tunis")]
    pub time_zone: String,
    /// ISO 4217 code; prices are integers in this currency's minor unit.
    #[schema(example = "TND")]
    pub currency: String,
}

impl From<ClinicSummary> for ClinicDto {
    fn from(clinic: ClinicSummary) -> Self {
        Self {
            id: clinic.id.0,
            name: clinic.name,
            time_zone: clinic.time_zone,
            currency: clinic.currency,
        }
    }
}

/// Every clinic on Salus, by name.
#[utoipa::path(get, path = "/api/v1/clinics", tag = "clinics",
    responses((status = 200, description = "The clinics", body = [ClinicDto])))]
pub async fn list_clinics(
    State(state): State<ServerState>,
) -> Result<axum::Json<Vec<ClinicDto>>, AppError> {
    let clinics = backend::clinics::list(&state.app.db).await?;
    Ok(axum::Json(clinics.into_iter().map(Into::into).collect()))
}

#[cfg(test)]
mod tests {
    use super::missing_field;

    #[test]
    fn a_missing_field_is_named_with_its_path() {
        assert_eq!(
            missing_field(
                "Failed to deserialize the JSON body into the target type: missing field `weekly` at line 1 column 2"
            ),
            Some("weekly".to_owned())
        );
        assert_eq!(
            missing_field(
                "Failed to deserialize the JSON body into the target type: weekly[0]: missing field `end` at line 1 column 40"
            ),
            Some("weekly[0].end".to_owned())
        );
        assert_eq!(
            missing_field("Failed to parse the request body as JSON: expected value"),
            None
        );
    }
}
