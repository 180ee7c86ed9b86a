//! Server functions, grouped by domain. Each one is a few lines: who is calling, parse the
//! input, call the backend service, return.

pub mod clinics;

/// Gives a failed server function the same HTTP status the REST API would answer (422, 404,
/// 409…) instead of server_fn's blanket 500, so proxies, logs and monitoring see the truth.
#[cfg(feature = "ssr")]
pub(crate) fn with_status<T>(
    result: Result<T, crate::error::AppError>,
) -> Result<T, crate::error::AppError> {
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(error.status());
        }
    }
    result
}
