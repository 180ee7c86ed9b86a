//! Probes for orchestrators: liveness (the process answers) and readiness (it can serve,
//! i.e. the database answers).

use crate::state::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, `ready` or `unavailable`.
    pub status: &'static str,
    /// Present on readiness: `ok` or `unreachable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
}

/// The process is up and answering.
#[utoipa::path(get, path = "/health/live", tag = "health",
    responses((status = 200, description = "The server is alive", body = Health)))]
pub async fn live() -> Json<Health> {
    Json(Health {
        status: "ok",
        database: None,
    })
}

/// The server can serve requests: its database answers within two seconds.
#[utoipa::path(get, path = "/health/ready", tag = "health",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "The database is unreachable", body = Health)
    ))]
pub async fn ready(State(state): State<ServerState>) -> (StatusCode, Json<Health>) {
    if backend::db::is_reachable(&state.app.db).await {
        (
            StatusCode::OK,
            Json(Health {
                status: "ready",
                database: Some("ok"),
            }),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable",
                database: Some("unreachable"),
            }),
        )
    }
}
