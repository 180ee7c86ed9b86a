use crate::error::AppError;
use leptos::prelude::*;
use shared::ClinicSummary;

/// The clinics on Salus, for the home page and the directory. Public: no caller needed.
#[server(endpoint = "clinics/list", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_clinics() -> Result<Vec<ClinicSummary>, AppError> {
    crate::api::request::answer(async {
        let state = crate::api::request::state()?;
        crate::backend::clinics::list(&state.db).await
    })
    .await
}
