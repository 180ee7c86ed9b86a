//! Public doctor lists.

use crate::startup::ServerState;
use app::backend::doctors;
use app::AppError;
use axum::extract::State;
use shared::{ListedDoctor, Specialty};

/// The medical specialties doctors choose from.
#[utoipa::path(get, path = "/api/v1/specialties", tag = "doctors",
    responses((status = 200, description = "Specialties", body = [Specialty])))]
pub async fn specialties(
    State(state): State<ServerState>,
) -> Result<axum::Json<Vec<Specialty>>, AppError> {
    doctors::specialties(&state.app.db).await.map(axum::Json)
}

/// Approved doctors with active accounts. Applicants appear only once their clinic approves.
#[utoipa::path(get, path = "/api/v1/doctors", tag = "doctors",
    responses((status = 200, description = "Doctors", body = [ListedDoctor])))]
pub async fn list(
    State(state): State<ServerState>,
) -> Result<axum::Json<Vec<ListedDoctor>>, AppError> {
    doctors::listed(&state.app.db).await.map(axum::Json)
}
