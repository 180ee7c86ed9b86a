//! The public side of doctors: specialties, the directory, a doctor's page and free slots.

use crate::error::AppError;
use leptos::prelude::*;
use shared::forms::SpecialtyForm;
use shared::{City, DirectoryPage, DoctorProfile, SlotList, Specialty};

#[cfg(feature = "ssr")]
use crate::api::request::{self, answer, signed_in, state};
#[cfg(feature = "ssr")]
use crate::backend::scheduling::free_slots;
#[cfg(feature = "ssr")]
use crate::backend::{clinics::directory, clinics::specialties as specialty_list, doctor_profiles};
#[cfg(feature = "ssr")]
use shared::{DirectoryQuery, UserId};

#[server(endpoint = "doctors/specialties", input = leptos::server_fn::codec::GetUrl)]
pub async fn specialties() -> Result<Vec<Specialty>, AppError> {
    answer(async { specialty_list::list(&state()?.db).await }).await
}

/// Adds a specialty to the list (platform admins).
#[server(endpoint = "doctors/add_specialty")]
pub async fn add_specialty(form: SpecialtyForm) -> Result<Specialty, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        specialty_list::create(&state.db, &caller, &form.parse()?).await
    })
    .await
}

/// One page of the directory; `search` is the directory URL's query string
/// (`specialty=cardiology&city=Tunis`), so the page and its data share one description.
#[server(endpoint = "doctors/search", input = leptos::server_fn::codec::GetUrl)]
pub async fn search_doctors(search: String) -> Result<DirectoryPage, AppError> {
    answer(async {
        let state = state()?;
        let query: DirectoryQuery = serde_urlencoded::from_str(&search)
            .map_err(|_| AppError::field("query", shared::ValidationCode::InvalidRequestBody))?;
        directory::search(&state.db, &query, state.clock.now()).await
    })
    .await
}

#[server(endpoint = "doctors/cities", input = leptos::server_fn::codec::GetUrl)]
pub async fn cities() -> Result<Vec<City>, AppError> {
    answer(async { directory::cities(&state()?.db).await }).await
}

/// A doctor's public page (the doctor also sees their own before being listed).
#[server(endpoint = "doctors/profile", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_doctor_profile(doctor: i64) -> Result<DoctorProfile, AppError> {
    answer(async {
        let state = state()?;
        let viewer = request::optional_caller().await?;
        doctor_profiles::public_profile(
            &state.db,
            UserId(doctor),
            viewer.as_ref(),
            state.clock.now(),
        )
        .await
    })
    .await
}

/// Free slots of a doctor over the clinic's local days `from..=to` (`YYYY-MM-DD`; empty
/// `from` is today, empty `to` a week).
#[server(endpoint = "doctors/slots", input = leptos::server_fn::codec::GetUrl)]
pub async fn doctor_slots(doctor: i64, from: String, to: String) -> Result<SlotList, AppError> {
    answer(async {
        let state = state()?;
        let viewer = request::optional_caller().await?;
        free_slots::slot_list(
            &state.db,
            UserId(doctor),
            viewer.as_ref(),
            Some((&from, &to)),
            state.clock.now(),
        )
        .await
    })
    .await
}
