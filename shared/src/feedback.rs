//! Ratings after a visit: who may rate, until when, and what is shown. Only a patient whose
//! visit was marked completed may rate it, once, within `RATE_WITHIN_DAYS` of the visit; the
//! rating can be edited for `EDIT_FOR_DAYS` after it was posted. Hidden comments keep their
//! star (the visit happened), but nobody outside the clinic reads the words.

use crate::validation::ValidationCode;
use crate::{AppointmentStatus, RatingSummary, UserId};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How long after the visit a patient may post a rating.
pub const RATE_WITHIN_DAYS: i64 = 30;
/// How long a posted rating stays editable.
pub const EDIT_FOR_DAYS: i64 = 7;
/// The longest comment, reply or moderation reason.
pub const COMMENT_MAX: u32 = 1000;
/// Ratings per page on the doctor's public page and the feedback page.
pub const RATINGS_PER_PAGE: i64 = 10;

/// Why a rating cannot be posted or changed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RatingRefusal {
    /// Only a completed visit can be rated (not a cancelled or missed one, nor a future one).
    #[error("only a completed visit can be rated")]
    VisitNotCompleted,
    /// One rating per visit.
    #[error("this visit is already rated")]
    AlreadyRated,
    /// Too long after the visit.
    #[error("the time to rate this visit is over")]
    RatingClosed,
    /// The rating was posted more than `EDIT_FOR_DAYS` ago.
    #[error("this rating can no longer be changed")]
    EditClosed,
}

/// May a patient rate this visit now? (`already_rated` comes from the database.)
pub fn may_rate(
    status: AppointmentStatus,
    visit_end: DateTime<Utc>,
    already_rated: bool,
    now: DateTime<Utc>,
) -> Result<(), RatingRefusal> {
    if status != AppointmentStatus::Completed {
        return Err(RatingRefusal::VisitNotCompleted);
    }
    if already_rated {
        return Err(RatingRefusal::AlreadyRated);
    }
    if now > rating_deadline(visit_end) {
        return Err(RatingRefusal::RatingClosed);
    }
    Ok(())
}

/// The last moment a visit can be rated.
pub fn rating_deadline(visit_end: DateTime<Utc>) -> DateTime<Utc> {
    visit_end + Duration::days(RATE_WITHIN_DAYS)
}

/// The last moment a rating posted at `posted_at` can be edited.
pub fn edit_deadline(posted_at: DateTime<Utc>) -> DateTime<Utc> {
    posted_at + Duration::days(EDIT_FOR_DAYS)
}

/// May the author still edit a rating posted at `posted_at`?
pub fn may_edit(posted_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), RatingRefusal> {
    if now > edit_deadline(posted_at) {
        Err(RatingRefusal::EditClosed)
    } else {
        Ok(())
    }
}

/// 1 to 5 stars; 0 is what a form sends when none was chosen.
pub fn parse_stars(stars: i64) -> Result<i64, ValidationCode> {
    if stars == 0 {
        Err(ValidationCode::Required)
    } else if (1..=5).contains(&stars) {
        Ok(stars)
    } else {
        Err(ValidationCode::OutOfRange { min: 1, max: 5 })
    }
}

/// An optional comment: trimmed, empty allowed, at most `COMMENT_MAX` characters, no control
/// characters other than line breaks.
pub fn parse_comment(raw: &str) -> Result<String, ValidationCode> {
    let text = raw.trim();
    if text.chars().count() > COMMENT_MAX as usize {
        return Err(ValidationCode::TooLong { max: COMMENT_MAX });
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationCode::ForbiddenCharacters);
    }
    Ok(text.replace("\r\n", "\n"))
}

/// What a patient sends to rate a visit: the stars and an optional comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingForm {
    /// 1 to 5 (absent reads as 0, refused by name as `stars: required`: a form posted with
    /// no star chosen sends nothing for it).
    #[serde(default)]
    pub stars: i64,
    #[serde(default)]
    pub comment: String,
}

/// A rating as edited: the whole of it, since it replaces the one stored. An absent comment
/// is refused rather than read as "no comment" (an empty one removes it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingEdit {
    /// 1 to 5.
    pub stars: i64,
    pub comment: String,
}

/// A rating's stars and comment, parsed at the edge from a [`RatingForm`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingContent {
    pub stars: i64,
    pub comment: String,
}

impl RatingForm {
    /// Both fields parsed; both refusals reported together.
    pub fn parse(&self) -> Result<RatingContent, crate::ValidationErrors> {
        let mut errors = crate::ValidationErrors::default();
        let stars = errors.check("stars", parse_stars(self.stars));
        let comment = errors.check("comment", parse_comment(&self.comment));
        match (stars, comment) {
            (Some(stars), Some(comment)) if errors.is_empty() => {
                Ok(RatingContent { stars, comment })
            }
            _ => Err(errors),
        }
    }
}

impl From<RatingEdit> for RatingForm {
    fn from(edit: RatingEdit) -> Self {
        Self {
            stars: edit.stars,
            comment: edit.comment,
        }
    }
}

/// One rating as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub id: i64,
    pub appointment_id: i64,
    pub doctor_id: UserId,
    pub stars: i64,
    /// `None` when empty, or hidden by a moderator and the reader is not the clinic.
    pub comment: Option<String>,
    /// Whether a moderator hid the comment.
    pub hidden: bool,
    /// Why (shown to the clinic and the author only).
    pub hidden_reason: Option<String>,
    /// The public shows a first name and an initial; the doctor the patient's full name.
    pub patient_name: String,
    /// The clinic's local date of the visit.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub visit_date: NaiveDate,
    pub posted_at: DateTime<Utc>,
    /// Until when its author may edit it; `None` once closed or for other readers.
    pub editable_until: Option<DateTime<Utc>>,
    /// The doctor's public reply.
    pub reply: Option<String>,
    /// Whether the reader may hide the comment (clinic admins, platform admins).
    pub may_moderate: bool,
    /// Whether the reader may post the reply (the doctor, until they have).
    pub may_reply: bool,
}

/// A page of a doctor's ratings with the summary and the distribution of stars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingsPage {
    pub summary: Option<RatingSummary>,
    /// How many ratings gave 1, 2, 3, 4 and 5 stars (index 0 is one star).
    pub distribution: [i64; 5],
    pub ratings: Vec<Rating>,
    /// The ratings matching the filters.
    pub total: i64,
    /// From 1.
    pub page: i64,
    pub per_page: i64,
}

impl RatingsPage {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// A bar's width in percent of the most common star count (so the longest bar is full).
pub fn distribution_widths(distribution: &[i64; 5]) -> [i64; 5] {
    let most = distribution.iter().copied().max().unwrap_or(0);
    distribution.map(|n| {
        if most == 0 {
            0
        } else {
            (n * 100 + most / 2) / most
        }
    })
}

/// The doctor's feedback filters, as the URL carries them (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct FeedbackQuery {
    /// Exactly this many stars, 1 to 5.
    #[serde(default)]
    pub stars: Option<String>,
    /// Visits on or after this local date (`YYYY-MM-DD`).
    #[serde(default)]
    pub from: Option<String>,
    /// Visits on or before this local date.
    #[serde(default)]
    pub to: Option<String>,
    /// Part of the patient's name.
    #[serde(default)]
    pub patient: Option<String>,
    /// From 1.
    #[serde(default)]
    pub page: Option<String>,
}

/// A patient's rating of one appointment, and what they may still do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitRating {
    /// The rating, once posted.
    pub rating: Option<Rating>,
    /// Whether the patient may post one now.
    pub may_rate: bool,
    /// Until when they may post it.
    pub rate_until: Option<DateTime<Utc>>,
}

/// A reply or a moderation, with its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingNote {
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn only_a_completed_unrated_recent_visit_can_be_rated() {
        let end = at("2026-11-10T10:00:00Z");
        let soon = at("2026-11-11T10:00:00Z");
        assert_eq!(
            may_rate(AppointmentStatus::Completed, end, false, soon),
            Ok(())
        );
        for status in [
            AppointmentStatus::Confirmed,
            AppointmentStatus::NoShow,
            AppointmentStatus::Cancelled,
            AppointmentStatus::Requested,
        ] {
            assert_eq!(
                may_rate(status, end, false, soon),
                Err(RatingRefusal::VisitNotCompleted),
                "{status:?}"
            );
        }
        assert_eq!(
            may_rate(AppointmentStatus::Completed, end, true, soon),
            Err(RatingRefusal::AlreadyRated)
        );
    }

    #[test]
    fn the_rating_window_closes_thirty_days_after_the_visit() {
        let end = at("2026-11-10T10:00:00Z");
        let last = at("2026-12-10T10:00:00Z");
        assert_eq!(
            may_rate(AppointmentStatus::Completed, end, false, last),
            Ok(())
        );
        assert_eq!(
            may_rate(
                AppointmentStatus::Completed,
                end,
                false,
                last + Duration::seconds(1)
            ),
            Err(RatingRefusal::RatingClosed)
        );
    }

    #[test]
    fn a_rating_is_editable_for_seven_days() {
        let posted = at("2026-11-10T10:00:00Z");
        assert_eq!(may_edit(posted, at("2026-11-17T10:00:00Z")), Ok(()));
        assert_eq!(
            may_edit(posted, at("2026-11-17T10:00:01Z")),
            Err(RatingRefusal::EditClosed)
        );
        assert_eq!(edit_deadline(posted), at("2026-11-17T10:00:00Z"));
    }

    #[test]
    fn stars_are_one_to_five() {
        assert_eq!(parse_stars(1), Ok(1));
        assert_eq!(parse_stars(5), Ok(5));
        assert_eq!(parse_stars(0), Err(ValidationCode::Required), "none chosen");
        for bad in [6, -1] {
            assert_eq!(
                parse_stars(bad),
                Err(ValidationCode::OutOfRange { min: 1, max: 5 })
            );
        }
    }

    #[test]
    fn comments_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(
            parse_comment("  Very kind.\r\nOn time. "),
            Ok("Very kind.\nOn time.".into())
        );
        assert_eq!(parse_comment(""), Ok(String::new()));
        assert_eq!(
            parse_comment(&"a".repeat(1001)),
            Err(ValidationCode::TooLong { max: 1000 })
        );
        assert_eq!(
            parse_comment("bell\u{7}"),
            Err(ValidationCode::ForbiddenCharacters)
        );
    }

    #[test]
    fn the_longest_bar_is_full() {
        assert_eq!(distribution_widths(&[0, 1, 0, 2, 4]), [0, 25, 0, 50, 100]);
        assert_eq!(distribution_widths(&[0; 5]), [0; 5]);
        assert_eq!(distribution_widths(&[1, 0, 0, 0, 3]), [33, 0, 0, 0, 100]);
    }
}
