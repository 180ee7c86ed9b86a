//! The one error type that crosses the wire, for server functions and the REST API alike.
//! It carries codes, never English sentences: the UI translates it (see the UI's
//! `components::error_message`), and internal details are logged on the server, never sent.
//! It lives here, below both the backend and the UI, so neither has to depend on the other
//! for it; its server-only conversions sit behind the `server` feature.

use crate::{FieldError, ValidationCode, ValidationErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", content = "details", rename_all = "snake_case")]
pub enum AppError {
    #[error("invalid input: {0}")]
    Validation(ValidationErrors),
    #[error("authentication required")]
    Unauthorized,
    /// Login refused: the email and password do not match an active account. Deliberately
    /// does not say which of the two was wrong.
    #[error("email or password is incorrect")]
    BadCredentials,
    /// The account exists and the password matched, but an admin has disabled it.
    #[error("this account is disabled")]
    AccountDisabled,
    /// The action needs a verified email address (booking, for example).
    #[error("email address not verified")]
    EmailNotVerified,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0:?}")]
    Conflict(ConflictCode),
    #[error("too many requests")]
    RateLimited,
    /// The request's body is larger than this route takes; refused before it is read.
    #[error("request body larger than {limit_bytes} bytes")]
    PayloadTooLarge { limit_bytes: u64 },
    /// The card was refused; `code` is Stripe's (`card_declined`, `insufficient_funds`…),
    /// `message` the bank's words, shown when the code has no translation.
    #[error("payment declined: {message}")]
    PaymentDeclined { code: String, message: String },
    #[error("internal error")]
    Internal,
    /// The request never reached our code, or its answer could not be read (offline phone,
    /// proxy error page…). Built on the client side only.
    #[error("request failed: {0}")]
    Transport(String),
}

/// Which uniqueness rule a request broke, so the UI can say it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictCode {
    ClinicAlreadyExists,
    EmailAlreadyRegistered,
    /// The application was already approved or refused.
    AlreadyReviewed,
    /// An admin cannot disable their own account (nobody would be left to undo it).
    CannotDisableYourself,
    /// A specialty with this name (slug) exists.
    SpecialtyExists,
    /// The slot was booked by someone else, or is no longer offered.
    SlotTaken,
    /// The patient already has an appointment at that time (with any doctor).
    PatientOverlap,
    /// The patient has too many bookings waiting for payment or an answer.
    TooManyPending,
    /// The change is not possible from the appointment's current status.
    InvalidTransition,
    /// Too close to the visit for the patient to cancel or reschedule (clinic policy).
    TooLateToChange,
    /// The request expired before it was answered.
    RequestExpired,
    /// A visit can be completed or marked missed only once it has started.
    VisitNotStarted,
    /// The visit is over.
    VisitOver,
    /// Online payment is not set up on this server, or Stripe cannot be reached.
    PaymentsUnavailable,
    /// This appointment is not paid online.
    NothingToPay,
    /// The slot's hold lapsed before the payment: it is no longer reserved.
    HoldExpired,
    /// Only a completed visit can be rated.
    VisitNotCompleted,
    /// The visit is already rated (edit the rating instead).
    AlreadyRated,
    /// The time to rate this visit is over.
    RatingClosed,
    /// The rating can no longer be changed.
    RatingLocked,
    /// The doctor has already replied to this rating.
    AlreadyReplied,
    /// The card's authorisation ended (lapsed, or cancelled at Stripe) before the visit was
    /// confirmed: nothing can be taken, so the request is closed.
    PaymentLapsed,
    /// The appointment is already at the time asked for.
    AlreadyAtThatTime,
    /// No new time is waiting for an answer on this appointment (answered, withdrawn or
    /// lapsed meanwhile).
    NoProposal,
}

impl AppError {
    /// A single refused field.
    pub fn field(field: &str, code: ValidationCode) -> Self {
        AppError::Validation(FieldError::new(field, code).into())
    }
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        AppError::Validation(errors)
    }
}

/// Server functions carry this error both ways (the `server_fn` feature, on for the UI crate).
#[cfg(feature = "server_fn")]
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// The server's side: HTTP statuses, database errors and REST responses (the `server` feature).
#[cfg(feature = "server")]
mod server_side {
    use super::*;
    use axum::response::{IntoResponse, Response};
    use axum::Json;
    use http::StatusCode;

    impl AppError {
        pub fn status(&self) -> StatusCode {
            match self {
                AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
                AppError::AccountDisabled | AppError::EmailNotVerified => StatusCode::FORBIDDEN,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                AppError::PaymentDeclined { .. } => StatusCode::PAYMENT_REQUIRED,
                AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
    }

    /// Database failures are logged with their cause and reach the caller as `Internal`, except
    /// a missing row, which is an ordinary "not found". Constraint violations that mean
    /// something to a user are mapped where the query runs, because only there is it known
    /// which rule was broken.
    impl From<sqlx::Error> for AppError {
        fn from(error: sqlx::Error) -> Self {
            match error {
                sqlx::Error::RowNotFound => AppError::NotFound,
                other => {
                    tracing::error!(error = %other, "database error");
                    AppError::Internal
                }
            }
        }
    }

    impl AppError {
        /// Maps a write that broke a unique index to the conflict it means for the user; any
        /// other database error keeps its usual mapping. Relying on the index, not a prior
        /// look-up, is what makes the check safe against concurrent requests.
        pub fn conflict_on_unique(code: ConflictCode) -> impl FnOnce(sqlx::Error) -> AppError {
            move |error| match error {
                sqlx::Error::Database(ref db) if db.is_unique_violation() => {
                    AppError::Conflict(code)
                }
                other => other.into(),
            }
        }
    }

    /// The REST API answers errors with the same JSON the server functions use, and the
    /// matching HTTP status.
    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            (self.status(), Json(self)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_serialise_with_field_codes() {
        let error = AppError::field("name", ValidationCode::TooShort { min: 2 });
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "error": "validation",
                "details": {"errors": [{"field": "name", "code": "too_short", "min": 2}]}
            })
        );
    }

    #[test]
    fn unit_errors_serialise_as_a_bare_tag() {
        let json = serde_json::to_value(AppError::Internal).unwrap();
        assert_eq!(json, serde_json::json!({"error": "internal"}));
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back, AppError::Internal);
    }

    #[cfg(feature = "server")]
    #[test]
    fn each_error_has_its_http_status() {
        use http::StatusCode;
        assert_eq!(
            AppError::field("x", ValidationCode::Required).status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(AppError::Unauthorized.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(AppError::Forbidden.status(), StatusCode::FORBIDDEN);
        assert_eq!(AppError::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            AppError::Conflict(ConflictCode::ClinicAlreadyExists).status(),
            StatusCode::CONFLICT
        );
        assert_eq!(
            AppError::Internal.status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[cfg(feature = "server")]
    #[test]
    fn a_missing_row_is_not_found_and_other_database_errors_are_internal() {
        assert_eq!(AppError::from(sqlx::Error::RowNotFound), AppError::NotFound);
        assert_eq!(
            AppError::from(sqlx::Error::PoolTimedOut),
            AppError::Internal
        );
    }
}
