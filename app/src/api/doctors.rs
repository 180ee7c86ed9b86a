//! Public doctor lists: specialties and approved doctors.

use crate::error::AppError;
use leptos::prelude::*;
use shared::{ListedDoctor, Specialty};

#[server(endpoint = "doctors/specialties", input = leptos::server_fn::codec::GetUrl)]
pub async fn specialties() -> Result<Vec<Specialty>, AppError> {
    let state = crate::backend::state()?;
    super::with_status(crate::backend::doctors::specialties(&state.db).await)
}

#[server(endpoint = "doctors/listed", input = leptos::server_fn::codec::GetUrl)]
pub async fn listed_doctors() -> Result<Vec<ListedDoctor>, AppError> {
    let state = crate::backend::state()?;
    super::with_status(crate::backend::doctors::listed(&state.db).await)
}
