use crate::error::AppError;
use leptos::prelude::*;
use shared::ClinicSummary;

/// The clinics on Salus, for the home page and the directory. Public: no caller needed.
#[server(endpoint = "clinics/list", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_clinics() -> Result<Vec<ClinicSummary>, AppError> {
    let state = crate::api::request::state()?;
    super::with_status(crate::backend::clinics::list(&state.db).await)
}
