//! Clinic administration: settings, staff and doctor applications (clinic admins of that
//! clinic and platform admins), and clinic creation (platform admins).

use crate::error::AppError;
use leptos::prelude::*;
use shared::forms::{ClinicSettingsForm, NewClinicForm, StaffInviteForm};
use shared::{ClinicSettings, ClinicSummary, DoctorApplication, StaffMember};

#[cfg(feature = "ssr")]
use crate::api::request::{answer, signed_in};
#[cfg(feature = "ssr")]
use crate::backend::{clinics, clinics::doctors, clinics::staff};
#[cfg(feature = "ssr")]
use shared::{ClinicId, UserId};

/// Everything the clinic page shows, in one call.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClinicDashboard {
    pub settings: ClinicSettings,
    pub staff: Vec<StaffMember>,
    pub applications: Vec<DoctorApplication>,
}

/// A clinic admin's own clinic (`clinic` empty), or any clinic for a platform admin.
#[server(endpoint = "clinic/overview", input = leptos::server_fn::codec::GetUrl)]
pub async fn clinic_overview(clinic: Option<i64>) -> Result<ClinicDashboard, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let clinic = clinic
            .map(ClinicId)
            .or(caller.clinic_id)
            .ok_or(AppError::Forbidden)?;
        Ok(ClinicDashboard {
            settings: clinics::settings(&state.db, &caller, clinic).await?,
            staff: staff::list(&state.db, &caller, clinic).await?,
            applications: doctors::applications(&state.db, &caller, clinic).await?,
        })
    })
    .await
}

#[server(endpoint = "clinic/settings")]
pub async fn save_clinic_settings(
    clinic: i64,
    form: ClinicSettingsForm,
) -> Result<ClinicSettings, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        clinics::update_settings(&state.db, &caller, ClinicId(clinic), &form.parse()?).await
    })
    .await
}

#[server(endpoint = "clinic/invite")]
pub async fn invite_staff(clinic: i64, form: StaffInviteForm) -> Result<StaffMember, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let clinic = ClinicId(clinic);
        let choices = staff::invite_choices(&state.db, &caller, clinic).await?;
        staff::invite(&state, &caller, clinic, form.parse(&choices)?).await
    })
    .await
}

#[server(endpoint = "clinic/staff_disabled")]
pub async fn set_staff_disabled(clinic: i64, member: i64, disabled: bool) -> Result<(), AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        staff::set_disabled(
            &state.db,
            &caller,
            ClinicId(clinic),
            UserId(member),
            disabled,
        )
        .await
    })
    .await
}

/// Approves (`approve`) or refuses (with `reason`) a doctor's application.
#[server(endpoint = "clinic/review")]
pub async fn review_application(
    doctor: i64,
    approve: bool,
    reason: String,
) -> Result<DoctorApplication, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let decision = doctors::Decision::parse(approve, &reason)?;
        doctors::review(&state, &caller, UserId(doctor), decision).await
    })
    .await
}

#[server(endpoint = "admin/create_clinic")]
pub async fn create_clinic(form: NewClinicForm) -> Result<ClinicSummary, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        clinics::create_by_admin(&state.db, &caller, &form.parse()?, state.clock.now_unix()).await
    })
    .await
}
