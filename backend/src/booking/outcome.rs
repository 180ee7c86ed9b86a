//! Bookings counted by outcome for the operators' metrics: `bookings_total`, labelled by
//! channel (`patient`, `desk`) and outcome (the new appointment's status, or why it was
//! refused: the conflict's code, `refused` for bad input, `denied`, `error`).

use shared::error::AppError;
use shared::AppointmentDetail;

/// Counts one booking attempt and hands its result back.
pub(super) fn counted(
    channel: &'static str,
    result: Result<AppointmentDetail, AppError>,
) -> Result<AppointmentDetail, AppError> {
    metrics::counter!("bookings_total", "channel" => channel, "outcome" => outcome(&result))
        .increment(1);
    result
}

fn outcome(result: &Result<AppointmentDetail, AppError>) -> String {
    match result {
        Ok(detail) => detail.appointment.status.as_str().to_owned(),
        Err(AppError::Conflict(code)) => serde_json::to_value(code)
            .ok()
            .and_then(|code| code.as_str().map(str::to_owned))
            .unwrap_or_else(|| "conflict".to_owned()),
        Err(AppError::Validation(_)) => "refused".to_owned(),
        Err(
            AppError::Unauthorized
            | AppError::Forbidden
            | AppError::NotFound
            | AppError::EmailNotVerified,
        ) => "denied".to_owned(),
        Err(_) => "error".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::error::ConflictCode;

    #[test]
    fn refusals_are_named_by_their_code() {
        let taken = Err(AppError::Conflict(ConflictCode::SlotTaken));
        assert_eq!(outcome(&taken), "slot_taken");
        assert_eq!(outcome(&Err(AppError::Forbidden)), "denied");
        assert_eq!(outcome(&Err(AppError::Internal)), "error");
    }
}
