//! Turns wire errors and validation codes into sentences in the reader's language.

use crate::error::{AppError, ConflictCode};
use crate::i18n::*;
use leptos::prelude::*;
use shared::ValidationCode;

/// The translated sentence for one refused field.
pub fn validation_text(locale: Locale, code: &ValidationCode) -> String {
    match code {
        ValidationCode::Required => td_string!(locale, validation.required).to_string(),
        ValidationCode::TooShort { min } => {
            td_string!(locale, validation.too_short, min = *min).to_string()
        }
        ValidationCode::TooLong { max } => {
            td_string!(locale, validation.too_long, max = *max).to_string()
        }
        ValidationCode::InvalidEmail => td_string!(locale, validation.invalid_email).to_string(),
        ValidationCode::PasswordTooSimple => {
            td_string!(locale, validation.password_too_simple).to_string()
        }
        ValidationCode::UnknownTimeZone => {
            td_string!(locale, validation.unknown_time_zone).to_string()
        }
        ValidationCode::UnsupportedCurrency => {
            td_string!(locale, validation.unsupported_currency).to_string()
        }
        ValidationCode::ForbiddenCharacters => {
            td_string!(locale, validation.forbidden_characters).to_string()
        }
        ValidationCode::InvalidPhone => td_string!(locale, validation.invalid_phone).to_string(),
        ValidationCode::InvalidDate => td_string!(locale, validation.invalid_date).to_string(),
        ValidationCode::DateInFuture => td_string!(locale, validation.date_in_future).to_string(),
        ValidationCode::DateTooFarInPast => {
            td_string!(locale, validation.date_too_far_in_past).to_string()
        }
        ValidationCode::NotAChoice => td_string!(locale, validation.not_a_choice).to_string(),
        ValidationCode::NotANumber => td_string!(locale, validation.not_a_number).to_string(),
        ValidationCode::OutOfRange { min, max } => {
            td_string!(locale, validation.out_of_range, min = *min, max = *max).to_string()
        }
        ValidationCode::WrongPassword => td_string!(locale, validation.wrong_password).to_string(),
        ValidationCode::UnsupportedImage => {
            td_string!(locale, validation.unsupported_image).to_string()
        }
        ValidationCode::FileTooLarge { max_mb } => {
            td_string!(locale, validation.file_too_large, max_mb = *max_mb).to_string()
        }
        ValidationCode::InvalidLink => td_string!(locale, validation.invalid_link).to_string(),
        ValidationCode::InvalidRequestBody => {
            td_string!(locale, validation.invalid_request_body).to_string()
        }
        ValidationCode::InvalidAmount => td_string!(locale, validation.invalid_amount).to_string(),
        ValidationCode::TooManyDecimals { max } => {
            td_string!(locale, validation.too_many_decimals, max = *max).to_string()
        }
        ValidationCode::InvalidTime => td_string!(locale, validation.invalid_time).to_string(),
        ValidationCode::EndNotAfterStart => {
            td_string!(locale, validation.end_not_after_start).to_string()
        }
        ValidationCode::OverlapsOtherHours => {
            td_string!(locale, validation.overlaps_other_hours).to_string()
        }
        ValidationCode::BreakOutsideHours => {
            td_string!(locale, validation.break_outside_hours).to_string()
        }
        ValidationCode::LongerThanHours => {
            td_string!(locale, validation.longer_than_hours).to_string()
        }
        ValidationCode::TooMany { max } => {
            td_string!(locale, validation.too_many, max = *max).to_string()
        }
        ValidationCode::RangeTooLong { max_days } => {
            td_string!(locale, validation.range_too_long, max_days = *max_days).to_string()
        }
        ValidationCode::ChooseAtLeastOne => {
            td_string!(locale, validation.choose_at_least_one).to_string()
        }
        ValidationCode::NoSuchPatient => td_string!(locale, validation.no_such_patient).to_string(),
        ValidationCode::InvalidSignature => {
            td_string!(locale, validation.invalid_signature).to_string()
        }
    }
}

/// The translated sentence for a whole failed request.
pub fn error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Validation(_) => td_string!(locale, errors.validation).to_string(),
        AppError::Unauthorized => td_string!(locale, errors.unauthorized).to_string(),
        AppError::BadCredentials => td_string!(locale, errors.bad_credentials).to_string(),
        AppError::AccountDisabled => td_string!(locale, errors.account_disabled).to_string(),
        AppError::EmailNotVerified => td_string!(locale, errors.email_not_verified).to_string(),
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_string(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::Conflict(ConflictCode::ClinicAlreadyExists) => {
            td_string!(locale, errors.conflict_clinic_exists).to_string()
        }
        AppError::Conflict(ConflictCode::EmailAlreadyRegistered) => {
            td_string!(locale, errors.conflict_email_taken).to_string()
        }
        AppError::Conflict(ConflictCode::AlreadyReviewed) => {
            td_string!(locale, errors.conflict_already_reviewed).to_string()
        }
        AppError::Conflict(ConflictCode::CannotDisableYourself) => {
            td_string!(locale, errors.conflict_disable_yourself).to_string()
        }
        AppError::Conflict(ConflictCode::SpecialtyExists) => {
            td_string!(locale, errors.conflict_specialty_exists).to_string()
        }
        AppError::Conflict(ConflictCode::SlotTaken) => {
            td_string!(locale, errors.slot_taken).to_string()
        }
        AppError::Conflict(ConflictCode::PatientOverlap) => {
            td_string!(locale, errors.patient_overlap).to_string()
        }
        AppError::Conflict(ConflictCode::TooManyPending) => td_string!(
            locale,
            errors.too_many_pending,
            max = shared::appointment::MAX_PENDING_PER_PATIENT
        )
        .to_string(),
        AppError::Conflict(ConflictCode::InvalidTransition) => {
            td_string!(locale, errors.invalid_transition).to_string()
        }
        AppError::Conflict(ConflictCode::TooLateToChange) => {
            td_string!(locale, errors.too_late_to_change).to_string()
        }
        AppError::Conflict(ConflictCode::RequestExpired) => {
            td_string!(locale, errors.request_expired).to_string()
        }
        AppError::Conflict(ConflictCode::VisitNotStarted) => {
            td_string!(locale, errors.visit_not_started).to_string()
        }
        AppError::Conflict(ConflictCode::VisitOver) => {
            td_string!(locale, errors.visit_over).to_string()
        }
        AppError::RateLimited => td_string!(locale, errors.rate_limited).to_string(),
        AppError::PaymentDeclined { code, message } => decline_text(locale, code, message),
        AppError::Conflict(ConflictCode::PaymentsUnavailable) => {
            td_string!(locale, errors.payments_unavailable).to_string()
        }
        AppError::Conflict(ConflictCode::NothingToPay) => {
            td_string!(locale, errors.nothing_to_pay).to_string()
        }
        AppError::Conflict(ConflictCode::HoldExpired) => {
            td_string!(locale, errors.hold_expired).to_string()
        }
        AppError::Conflict(ConflictCode::VisitNotCompleted) => {
            td_string!(locale, errors.visit_not_completed).to_string()
        }
        AppError::Conflict(ConflictCode::AlreadyRated) => {
            td_string!(locale, errors.already_rated).to_string()
        }
        AppError::Conflict(ConflictCode::RatingClosed) => {
            td_string!(locale, errors.rating_closed).to_string()
        }
        AppError::Conflict(ConflictCode::RatingLocked) => {
            td_string!(locale, errors.rating_locked).to_string()
        }
        AppError::Conflict(ConflictCode::AlreadyReplied) => {
            td_string!(locale, errors.already_replied).to_string()
        }
        AppError::Conflict(ConflictCode::PaymentLapsed) => {
            td_string!(locale, errors.payment_lapsed).to_string()
        }
        AppError::Conflict(ConflictCode::AlreadyAtThatTime) => {
            td_string!(locale, errors.already_at_that_time).to_string()
        }
        AppError::Conflict(ConflictCode::NoProposal) => {
            td_string!(locale, errors.no_proposal).to_string()
        }
        AppError::PayloadTooLarge { limit_bytes } => {
            td_string!(locale, errors.payload_too_large, limit = limit_bytes / 1024).to_string()
        }
        AppError::Internal => td_string!(locale, errors.internal).to_string(),
        AppError::Transport(_) => td_string!(locale, errors.network).to_string(),
    }
}

/// Why a card was refused, in the reader's language for the usual reasons; otherwise the
/// bank's own words.
fn decline_text(locale: Locale, code: &str, message: &str) -> String {
    match code {
        "insufficient_funds" => td_string!(locale, errors.decline_insufficient_funds).to_string(),
        "expired_card" => td_string!(locale, errors.decline_expired_card).to_string(),
        "incorrect_cvc" => td_string!(locale, errors.decline_incorrect_cvc).to_string(),
        "payment_intent_authentication_failure" => {
            td_string!(locale, errors.decline_authentication).to_string()
        }
        _ => match shared::payment_note::decline_detail(message) {
            Some(detail) => {
                td_string!(locale, errors.decline_card_with, message = detail).to_string()
            }
            None => td_string!(locale, errors.decline_card).to_string(),
        },
    }
}

/// A designed error state: what went wrong, in words, and a way to try again.
#[component]
pub fn ErrorNotice(
    error: AppError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || error_text(i18n.get_locale(), &error);
    view! {
        <div class="notice notice-error" role="alert">
            <p>{text}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>
                    {t!(i18n, retry)}
                </button>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_codes_read_in_the_chosen_language_with_their_parameters() {
        let code = ValidationCode::TooShort { min: 12 };
        assert_eq!(
            validation_text(Locale::en, &code),
            "Use at least 12 characters."
        );
        assert_eq!(
            validation_text(Locale::fr, &code),
            "Utilisez au moins 12 caractères."
        );
        assert_eq!(
            validation_text(Locale::fr, &ValidationCode::TooLong { max: 120 }),
            "Utilisez au plus 120 caractères."
        );
    }

    #[test]
    fn every_validation_code_has_distinct_english_and_french_text() {
        let codes = [
            ValidationCode::Required,
            ValidationCode::TooShort { min: 2 },
            ValidationCode::TooLong { max: 9 },
            ValidationCode::InvalidEmail,
            ValidationCode::PasswordTooSimple,
            ValidationCode::UnknownTimeZone,
            ValidationCode::UnsupportedCurrency,
            ValidationCode::ForbiddenCharacters,
            ValidationCode::InvalidPhone,
            ValidationCode::InvalidDate,
            ValidationCode::DateInFuture,
            ValidationCode::DateTooFarInPast,
            ValidationCode::NotAChoice,
            ValidationCode::NotANumber,
            ValidationCode::OutOfRange { min: 0, max: 100 },
            ValidationCode::WrongPassword,
            ValidationCode::UnsupportedImage,
            ValidationCode::FileTooLarge { max_mb: 5 },
            ValidationCode::InvalidLink,
            ValidationCode::InvalidRequestBody,
            ValidationCode::InvalidAmount,
            ValidationCode::TooManyDecimals { max: 2 },
            ValidationCode::InvalidTime,
            ValidationCode::EndNotAfterStart,
            ValidationCode::OverlapsOtherHours,
            ValidationCode::BreakOutsideHours,
            ValidationCode::LongerThanHours,
            ValidationCode::TooMany { max: 20 },
            ValidationCode::RangeTooLong { max_days: 62 },
            ValidationCode::ChooseAtLeastOne,
            ValidationCode::NoSuchPatient,
            ValidationCode::InvalidSignature,
        ];
        for code in &codes {
            let english = validation_text(Locale::en, code);
            let french = validation_text(Locale::fr, code);
            assert!(!english.is_empty() && !french.is_empty(), "{code:?}");
            assert_ne!(english, french, "{code:?} is translated");
        }
    }

    #[test]
    fn request_errors_never_show_internal_details() {
        let text = error_text(
            Locale::en,
            &AppError::Transport("connection reset by peer".into()),
        );
        assert!(!text.contains("connection reset"));
        assert_eq!(
            error_text(
                Locale::fr,
                &AppError::Conflict(ConflictCode::ClinicAlreadyExists)
            ),
            "Une clinique porte déjà ce nom."
        );
    }
}
