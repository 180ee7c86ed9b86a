//! `/api/v1/me/dependants`: a patient's family members, whom they book for.

use super::caller::ApiCaller;
use super::Json;
use crate::state::ServerState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use backend::accounts::dependants;
use shared::dependant::{Dependant, DependantForm, NewDependant};

/// The caller's family members.
#[utoipa::path(get, path = "/api/v1/me/dependants", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "Family members, oldest entry first", body = [Dependant]),
        (status = 403, description = "Not a patient")))]
pub async fn list(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<Vec<Dependant>>, AppError> {
    dependants::list(&state.app.db, &caller)
        .await
        .map(axum::Json)
}

/// Adds a family member (at most 20).
#[utoipa::path(post, path = "/api/v1/me/dependants", tag = "account", security(("bearer" = [])),
    request_body = DependantForm,
    responses((status = 201, description = "Added", body = Dependant),
        (status = 403, description = "Not a patient"),
        (status = 422, description = "Refused fields (names, birth_date, relation)")))]
pub async fn add(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<DependantForm>,
) -> Result<(StatusCode, axum::Json<Dependant>), AppError> {
    let now = state.app.clock.now();
    let member = NewDependant::parse(&form, now.date_naive())?;
    dependants::add(&state.app.db, &caller, &member, now.timestamp())
        .await
        .map(|dependant| (StatusCode::CREATED, axum::Json(dependant)))
}

/// Corrects a family member's details.
#[utoipa::path(put, path = "/api/v1/me/dependants/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Family member id")), request_body = DependantForm,
    responses((status = 200, description = "Saved", body = Dependant),
        (status = 404, description = "No such family member of yours"),
        (status = 422, description = "Refused fields")))]
pub async fn update(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(form): Json<DependantForm>,
) -> Result<axum::Json<Dependant>, AppError> {
    let member = NewDependant::parse(&form, state.app.clock.now().date_naive())?;
    dependants::update(&state.app.db, &caller, id, &member)
        .await
        .map(axum::Json)
}

/// Removes a family member from the list; their past appointments keep their name.
#[utoipa::path(delete, path = "/api/v1/me/dependants/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Family member id")),
    responses((status = 204, description = "Removed"),
        (status = 404, description = "No such family member of yours")))]
pub async fn remove(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    dependants::remove(
        &state.app.db,
        &caller,
        id,
        state.app.clock.now().timestamp(),
    )
    .await
    .map(|()| StatusCode::NO_CONTENT)
}
