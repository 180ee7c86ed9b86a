//! The application root: contexts, the page frame and the routes.

use crate::components::form::provide_refused_form;
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
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};

/// A page whose code is loaded on demand: the browser fetches its part of the WASM when the
/// route is first shown (`cargo leptos build --split`), so each page pays only for itself.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),+ $(,)?) => {
        $(
            struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(_this: Self) -> AnyView {
                    view! { <$page /> }.into_any()
                }
            }
        )+
    };
}

lazy_pages! {
    HomeRoute => HomePage,
    DoctorsRoute => DoctorsPage,
    DoctorRoute => DoctorPage,
    PracticeTodayRoute => PracticeTodayPage,
    BookingRoute => BookingPage,
    AppointmentsRoute => AppointmentsPage,
    AppointmentRoute => AppointmentPage,
    PaymentRoute => PaymentPage,
    ReceiptRoute => ReceiptPage,
    PaymentsRoute => PaymentsPage,
    NotificationsRoute => NotificationsPage,
    PracticeRevenueRoute => PracticeRevenuePage,
    PracticeFeedbackRoute => PracticeFeedbackPage,
    PracticeStatsRoute => PracticeStatsPage,
    PracticeCalendarRoute => PracticeCalendarPage,
    PracticeAvailabilityRoute => PracticeAvailabilityPage,
    PracticeProfileRoute => PracticeProfilePage,
    LoginRoute => LoginPage,
    SignUpRoute => SignUpPage,
    DoctorApplicationRoute => DoctorApplicationPage,
    VerifyEmailRoute => VerifyEmailPage,
    ForgotPasswordRoute => ForgotPasswordPage,
    ResetPasswordRoute => ResetPasswordPage,
    AccountRoute => AccountPage,
    ClinicRoute => ClinicPage,
    ClinicStatsRoute => ClinicStatsPage,
    FrontDeskRoute => FrontDeskPage,
    ClinicCalendarRoute => ClinicCalendarPage,
    AdminRoute => AdminPage,
    OutboxRoute => OutboxPage,
}

/// The public pages, served as plain HTML without the WASM: everything on them works with links
/// and forms (searching, choosing a slot, logging in, signing up, confirming a booking).
#[cfg(feature = "ssr")]
pub fn works_without_script(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    matches!(path, "" | "/doctors" | "/login" | "/signup" | "/book")
        || path
            .strip_prefix("/doctors/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_toasts();
    provide_current_user();
    provide_refused_form();

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

    view! {
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                    // Rendered whole before sending, so the status (404), the title and the
                    // structured data reach search engines.
                    <Route path=path!("doctors") view={Lazy::<DoctorsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("doctors/:id") view={Lazy::<DoctorRoute>::new()} ssr=SsrMode::Async />
                    // The dashboards too: sent whole, their largest paint is the first
                    // response, not a streamed list swapped in after the skeleton.
                    <Route path=path!("practice") view={Lazy::<PracticeTodayRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("book") view={Lazy::<BookingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("appointments") view={Lazy::<AppointmentsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("appointments/:id") view={Lazy::<AppointmentRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("appointments/:id/pay") view={Lazy::<PaymentRoute>::new()} />
                    <Route path=path!("appointments/:id/receipt") view={Lazy::<ReceiptRoute>::new()} />
                    <Route path=path!("payments") view={Lazy::<PaymentsRoute>::new()} />
                    <Route path=path!("notifications") view={Lazy::<NotificationsRoute>::new()} />
                    <Route path=path!("practice/revenue") view={Lazy::<PracticeRevenueRoute>::new()} />
                    <Route path=path!("practice/feedback") view={Lazy::<PracticeFeedbackRoute>::new()} />
                    <Route path=path!("practice/stats") view={Lazy::<PracticeStatsRoute>::new()} />
                    <Route path=path!("practice/calendar") view={Lazy::<PracticeCalendarRoute>::new()} />
                    <Route path=path!("practice/availability") view={Lazy::<PracticeAvailabilityRoute>::new()} />
                    <Route path=path!("practice/profile") view={Lazy::<PracticeProfileRoute>::new()} />
                    <Route path=path!("login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("signup") view={Lazy::<SignUpRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("signup/doctor") view={Lazy::<DoctorApplicationRoute>::new()} />
                    <Route path=path!("verify-email") view={Lazy::<VerifyEmailRoute>::new()} />
                    <Route path=path!("forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} />
                    <Route path=path!("reset-password") view={Lazy::<ResetPasswordRoute>::new()} />
                    <Route path=path!("account") view={Lazy::<AccountRoute>::new()} />
                    <Route path=path!("clinic") view={Lazy::<ClinicRoute>::new()} />
                    <Route path=path!("clinic/stats") view={Lazy::<ClinicStatsRoute>::new()} />
                    <Route path=path!("clinic/desk") view={Lazy::<FrontDeskRoute>::new()} />
                    <Route path=path!("clinic/calendar") view={Lazy::<ClinicCalendarRoute>::new()} />
                    <Route path=path!("admin") view={Lazy::<AdminRoute>::new()} />
                    <Route path=path!("dev/outbox") view={Lazy::<OutboxRoute>::new()} />
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
