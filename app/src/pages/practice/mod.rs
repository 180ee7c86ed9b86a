//! A doctor's own pages: the public profile, availability and the working calendar.

pub mod availability;
pub mod calendar;
pub mod feedback;
pub mod profile;
pub mod revenue;
pub mod stats;
pub mod today;

use crate::components::session::SignedIn;
use crate::i18n::*;
use leptos::prelude::*;
use shared::{Me, Role};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PracticeTab {
    Today,
    Calendar,
    Availability,
    Profile,
    Revenue,
    Feedback,
    Stats,
}

/// The tabs between a doctor's pages.
#[component]
pub fn PracticeNav(current: PracticeTab) -> impl IntoView {
    let i18n = use_i18n();
    let tab = move |tab: PracticeTab, href: &'static str, label: String| {
        let current = (tab == current).then_some("page");
        view! { <li><a href=href aria-current=current>{label}</a></li> }
    };
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, practice.nav_label)>
            <ul>
                {move || tab(PracticeTab::Today, "/practice", t_string!(i18n, practice.today_title).to_string())}
                {move || tab(PracticeTab::Calendar, "/practice/calendar", t_string!(i18n, practice.calendar_title).to_string())}
                {move || tab(PracticeTab::Availability, "/practice/availability", t_string!(i18n, practice.availability_title).to_string())}
                {move || tab(PracticeTab::Profile, "/practice/profile", t_string!(i18n, practice.profile_tab).to_string())}
                {move || tab(PracticeTab::Revenue, "/practice/revenue", t_string!(i18n, practice.revenue_tab).to_string())}
                {move || tab(PracticeTab::Feedback, "/practice/feedback", t_string!(i18n, feedback.tab).to_string())}
                {move || tab(PracticeTab::Stats, "/practice/stats", t_string!(i18n, stats.tab).to_string())}
            </ul>
        </nav>
    }
}

/// `children` for a signed-in doctor; a clear refusal for anyone else.
#[component]
pub fn DoctorOnly<F, V>(children: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let children = std::sync::Arc::new(children);
    view! {
        <SignedIn children=move |me: Me| {
            if me.role == Role::Doctor {
                children(me).into_view().into_any()
            } else {
                view! { <p class="notice notice-error" role="alert">{t!(i18n, practice.doctors_only)}</p> }.into_any()
            }
        } />
    }
}
