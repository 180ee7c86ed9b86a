//! REST API v1. Handlers are thin: they call the same `app::backend` services as the server
//! functions, and answer errors with the shared `AppError` JSON and its HTTP status.

use crate::startup::ServerState;
use app::AppError;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use shared::ClinicSummary;
use utoipa::ToSchema;

pub fn router() -> Router<ServerState> {
    Router::new()
        .route("/clinics", get(list_clinics))
        // An unknown API path answers JSON like every other API error, not the HTML 404 page.
        .fallback(|| async { AppError::NotFound })
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
) -> Result<Json<Vec<ClinicDto>>, AppError> {
    let clinics = app::backend::clinics::list(&state.app.db).await?;
    Ok(Json(clinics.into_iter().map(Into::into).collect()))
}
