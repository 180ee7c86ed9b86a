//! Server functions, grouped by domain. Each one is a few lines: who is calling, parse the
//! input, call the backend service, return.

pub mod account;
pub mod appointments;
pub mod auth;
pub mod clinic_admin;
pub mod clinics;
pub mod dev;
pub mod doctors;
pub mod feedback;
pub mod front_desk;
pub mod notifications;
pub mod payments;
pub mod practice;
#[cfg(feature = "ssr")]
pub(crate) mod request;

/// Gives a failed server function the same HTTP status the REST API would answer (422, 404,
/// 409…) instead of server_fn's blanket 500, so proxies, logs and monitoring see the truth.
/// A form posted by a browser without JavaScript is the exception: it is answered with a
/// redirect back to the form, the error in its address, and a browser follows a redirect
/// only when its status says so.
#[cfg(feature = "ssr")]
pub(crate) fn with_status<T>(
    result: Result<T, crate::error::AppError>,
) -> Result<T, crate::error::AppError> {
    if let Err(error) = &result {
        if crate::api::request::from_plain_form() {
            return result;
        }
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(error.status());
        }
    }
    result
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::with_status;
    use crate::error::{AppError, ConflictCode};
    use leptos::prelude::{provide_context, Owner};
    use leptos_axum::ResponseOptions;

    fn status_after(result: Result<(), AppError>) -> Option<http::StatusCode> {
        let owner = Owner::new();
        owner.with(|| {
            let response = ResponseOptions::default();
            provide_context(response.clone());
            let _ = with_status(result);
            let status = response
                .0
                .read()
                .expect("the lock is never poisoned here")
                .status;
            status
        })
    }

    #[test]
    fn a_failed_server_function_answers_the_rest_status() {
        assert_eq!(
            status_after(Err(AppError::NotFound)),
            Some(http::StatusCode::NOT_FOUND)
        );
        assert_eq!(
            status_after(Err(AppError::Conflict(ConflictCode::ClinicAlreadyExists))),
            Some(http::StatusCode::CONFLICT)
        );
    }

    #[test]
    fn a_successful_server_function_keeps_the_default_status() {
        assert_eq!(status_after(Ok(())), None);
    }
}
