//! Ratings and statistics: rate a visit, reply, hide a comment, read a doctor's ratings, the
//! doctor's feedback and statistics, the clinic's statistics.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use shared::feedback::{Rating, RatingForm, RatingsPage, VisitRating};
use shared::stats::{ClinicStats, DoctorStats};
#[cfg(feature = "ssr")]
use shared::{feedback::FeedbackQuery, stats::ClinicStatsQuery};

#[cfg(feature = "ssr")]
use crate::api::request::{self, answer, signed_in, state};
#[cfg(feature = "ssr")]
use crate::backend::{feedback, stats};

/// A visit's rating, and whether its patient may rate it now.
#[server(endpoint = "feedback/visit", input = GetUrl)]
pub async fn get_visit_rating(appointment: i64) -> Result<VisitRating, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        feedback::of_visit(&state.db, &caller, appointment, state.clock.now()).await
    })
    .await
}

/// Posts the patient's rating of a completed visit, or edits it while it may be edited. A
/// browser without JavaScript comes back to the appointment's rating.
#[server(endpoint = "feedback/rate")]
pub async fn save_rating(
    appointment: i64,
    form: RatingForm,
    edit: bool,
) -> Result<Rating, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let now = state.clock.now();
        let content = form.parse()?;
        let rating = if edit {
            feedback::edit(&state.db, &caller, appointment, &content, now).await?
        } else {
            feedback::rate(&state.db, &caller, appointment, &content, now).await?
        };
        if request::from_plain_form() {
            request::see_other(&format!("/appointments/{appointment}#rating"));
        }
        Ok(rating)
    })
    .await
}

/// The doctor's one public reply to a rating.
#[server(endpoint = "feedback/reply")]
pub async fn reply_to_rating(rating: i64, text: String) -> Result<Rating, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        feedback::reply(&state.db, &caller, rating, &text, state.clock.now()).await
    })
    .await
}

/// Hides an abusive comment (clinic admins of the doctor's clinic, platform admins).
#[server(endpoint = "feedback/hide")]
pub async fn hide_rating(rating: i64, reason: String) -> Result<Rating, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        feedback::hide(&state.db, &caller, rating, &reason, state.clock.now()).await
    })
    .await
}

/// A doctor's ratings, newest first, a page at a time.
#[server(endpoint = "feedback/doctor", input = GetUrl)]
pub async fn doctor_ratings(doctor: i64, page: Option<String>) -> Result<RatingsPage, AppError> {
    answer(async {
        let state = state()?;
        let viewer = request::optional_caller().await?;
        feedback::public_ratings(
            &state.db,
            viewer.as_ref(),
            shared::UserId(doctor),
            &page,
            state.clock.now(),
        )
        .await
    })
    .await
}

/// The signed-in doctor's feedback, filtered. (Each filter is its own argument: a struct
/// whose fields are all empty would be left out of the URL altogether.)
#[server(endpoint = "feedback/mine", input = GetUrl)]
pub async fn my_feedback(
    stars: Option<String>,
    from: Option<String>,
    to: Option<String>,
    patient: Option<String>,
    page: Option<String>,
) -> Result<RatingsPage, AppError> {
    let query = FeedbackQuery {
        stars,
        from,
        to,
        patient,
        page,
    };
    answer(async {
        let (state, caller) = signed_in().await?;
        feedback::own_feedback(&state.db, &caller, &query, state.clock.now()).await
    })
    .await
}

/// The signed-in doctor's statistics; `grain` is `week` or `month`.
#[server(endpoint = "stats/doctor", input = GetUrl)]
pub async fn my_stats(grain: String) -> Result<DoctorStats, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        stats::of_doctor(&state.db, &caller, &grain, state.clock.now()).await
    })
    .await
}

/// The signed-in secretary's or clinic admin's clinic statistics over a period of local days
/// (`YYYY-MM-DD`, both optional).
#[server(endpoint = "stats/clinic", input = GetUrl)]
pub async fn get_clinic_stats(
    from: Option<String>,
    to: Option<String>,
) -> Result<ClinicStats, AppError> {
    let query = ClinicStatsQuery { from, to };
    answer(async {
        let (state, caller) = signed_in().await?;
        stats::of_clinic(&state.db, &caller, None, &query, state.clock.now()).await
    })
    .await
}
