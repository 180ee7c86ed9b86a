//! The application root: contexts, the page frame and the routes.

use crate::components::header::Header;
use crate::components::session::provide_current_user;
use crate::components::toasts::{provide_toasts, ToastRegion};
use crate::i18n::*;
use crate::pages::clinic_calendar::ClinicCalendarPage;
use crate::pages::clinic_stats::ClinicStatsPage;
use crate::pages::front_desk::FrontDeskPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::payment::PaymentPage;
use crate::pages::payments::{PaymentsPage, ReceiptPage};
use crate::pages::practice::revenue::PracticeRevenuePage;
use crate::pages::practice::{
    availability::PracticeAvailabilityPage, calendar::PracticeCalendarPage,
    profile::PracticeProfilePage, today::PracticeTodayPage,
};
use crate::pages::practice::{feedback::PracticeFeedbackPage, stats::PracticeStatsPage};
use crate::pages::{
    account::AccountPage, admin::AdminPage, clinic::ClinicPage, doctor::DoctorPage,
    doctor_application::DoctorApplicationPage, doctors::DoctorsPage,
    forgot_password::ForgotPasswordPage, home::HomePage, login::LoginPage, not_found::NotFoundPage,
    outbox::OutboxPage, reset_password::ResetPasswordPage, sign_up::SignUpPage,
    verify_email::VerifyEmailPage,
};
use crate::pages::{
    appointment::AppointmentPage, appointments::AppointmentsPage, booking::BookingPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_toasts();
    provide_current_user();

    view! {
        <I18nContextProvider>
            <Frame />
        </I18nContextProvider>
    }
}

/// Everything inside the i18n context: header, routed page, footer and toasts.
#[component]
fn Frame() -> impl IntoView {
    let i18n = use_i18n();
    mark_hydrated();

    view! {
        <Title formatter=|text: String| format!("{text} · Salus") />
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage />
                    // Rendered whole before sending, so the status (404), the title and the
                    // structured data reach search engines.
                    <Route path=path!("doctors") view=DoctorsPage ssr=SsrMode::Async />
                    <Route path=path!("doctors/:id") view=DoctorPage ssr=SsrMode::Async />
                    <Route path=path!("practice") view=PracticeTodayPage />
                    <Route path=path!("book") view=BookingPage />
                    <Route path=path!("appointments") view=AppointmentsPage />
                    <Route path=path!("appointments/:id") view=AppointmentPage />
                    <Route path=path!("appointments/:id/pay") view=PaymentPage />
                    <Route path=path!("appointments/:id/receipt") view=ReceiptPage />
                    <Route path=path!("payments") view=PaymentsPage />
                    <Route path=path!("notifications") view=NotificationsPage />
                    <Route path=path!("practice/revenue") view=PracticeRevenuePage />
                    <Route path=path!("practice/feedback") view=PracticeFeedbackPage />
                    <Route path=path!("practice/stats") view=PracticeStatsPage />
                    <Route path=path!("practice/calendar") view=PracticeCalendarPage />
                    <Route path=path!("practice/availability") view=PracticeAvailabilityPage />
                    <Route path=path!("practice/profile") view=PracticeProfilePage />
                    <Route path=path!("login") view=LoginPage />
                    <Route path=path!("signup") view=SignUpPage />
                    <Route path=path!("signup/doctor") view=DoctorApplicationPage />
                    <Route path=path!("verify-email") view=VerifyEmailPage />
                    <Route path=path!("forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("reset-password") view=ResetPasswordPage />
                    <Route path=path!("account") view=AccountPage />
                    <Route path=path!("clinic") view=ClinicPage />
                    <Route path=path!("clinic/stats") view=ClinicStatsPage />
                    <Route path=path!("clinic/desk") view=FrontDeskPage />
                    <Route path=path!("clinic/calendar") view=ClinicCalendarPage />
                    <Route path=path!("admin") view=AdminPage />
                    <Route path=path!("dev/outbox") view=OutboxPage />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t!(i18n, footer.rights)}</p>
                <a href="/api/docs" rel="external">{t!(i18n, footer.api_docs)}</a>
            </footer>
            <ToastRegion />
        </Router>
    }
}

/// Sets `data-hydrated` on `<body>` once the WASM has taken over the server-rendered page, so
/// end-to-end tests (and anyone curious) can wait for interactivity instead of sleeping.
fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            // Setting an attribute cannot fail on a live <body>; ignore the impossible error.
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
