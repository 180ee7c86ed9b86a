//! Profile photos: the web app's upload endpoint (session cookie) and serving stored photos.

use crate::rest::caller::WebCaller;
use crate::state::ServerState;
use app::AppError;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use backend::{accounts::photos, accounts::users, profiles};
use shared::Me;

/// `POST /account/photo` with the picture as the body, from the "my account" page. Cookie
/// authentication, so it sits behind the cross-site guard like every server function.
pub async fn upload_photo(
    State(state): State<ServerState>,
    WebCaller(caller): WebCaller,
    body: Bytes,
) -> Result<Json<Me>, AppError> {
    profiles::set_photo(&state.app, &caller, body.to_vec())
        .await
        .map(Json)
}

/// `GET /media/photos/{name}`: a stored photo. Names are random and unguessable; only names
/// of our own form that some account uses are served, always as JPEG.
pub async fn serve_photo(State(state): State<ServerState>, Path(name): Path<String>) -> Response {
    if !photos::is_photo_name(&name)
        || !matches!(users::photo_in_use(&state.app.db, &name).await, Ok(true))
    {
        return AppError::NotFound.into_response();
    }
    let path = photos::folder(&state.app.settings.data_dir).join(&name);
    match tokio::fs::read(path).await {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                // A replaced photo gets a new name, so a cached copy is never stale.
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, max-age=604800, immutable"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => AppError::NotFound.into_response(),
    }
}
