//! The OpenAPI document of the REST API, served at `/api/v1/openapi.json` and browsable at
//! `/api/docs` (Swagger UI, bundled in the binary so it works offline).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Salus API",
        version = "1",
        description = "Online medical appointments. Authenticate with `POST /api/v1/auth/token` and send `Authorization: Bearer <token>`; the API never reads the web session cookie. Errors are JSON objects `{\"error\": code, \"details\": …}`; validation errors list each refused field with a code."
    ),
    paths(
        crate::health::live,
        crate::health::ready,
        crate::rest::list_clinics,
        crate::rest::clinics::create,
        crate::rest::clinics::settings,
        crate::rest::clinics::update_settings,
        crate::rest::clinics::list_staff,
        crate::rest::clinics::invite_staff,
        crate::rest::clinics::set_disabled,
        crate::rest::clinics::applications,
        crate::rest::clinics::review,
        crate::rest::auth::register,
        crate::rest::auth::apply,
        crate::rest::auth::token,
        crate::rest::auth::verify_email,
        crate::rest::auth::resend_verification,
        crate::rest::auth::request_reset,
        crate::rest::auth::confirm_reset,
        crate::rest::auth::logout_everywhere,
        crate::rest::account::me,
        crate::rest::account::update_me,
        crate::rest::account::change_password,
        crate::rest::account::put_photo,
        crate::rest::doctors::list_specialties,
        crate::rest::doctors::create_specialty,
        crate::rest::doctors::rename_specialty,
        crate::rest::doctors::search,
        crate::rest::doctors::cities,
        crate::rest::doctors::profile,
        crate::rest::doctors::slots,
        crate::rest::practice::profile,
        crate::rest::practice::update_profile,
        crate::rest::practice::availability,
        crate::rest::practice::update_availability,
        crate::rest::practice::set_unavailable,
        crate::rest::practice::calendar,
        crate::rest::appointments::book,
        crate::rest::appointments::list,
        crate::rest::appointments::detail,
        crate::rest::appointments::cancel,
        crate::rest::appointments::accept,
        crate::rest::appointments::refuse,
        crate::rest::appointments::complete,
        crate::rest::appointments::no_show,
        crate::rest::appointments::reschedule,
        crate::rest::appointments::add_visit,
        crate::rest::appointments::conflicts,
    ),
    components(schemas(
        crate::health::Health,
        crate::rest::ClinicDto,
        crate::rest::Accepted,
        crate::rest::auth::TokenRequest,
        crate::rest::auth::TokenResponse,
        crate::rest::auth::LinkToken,
        crate::rest::auth::ResetRequest,
        crate::rest::auth::ResetConfirm,
        crate::rest::clinics::DisabledFlag,
        crate::rest::clinics::ReviewRequest,
        shared::forms::SignUpForm,
        shared::forms::DoctorApplicationForm,
        shared::forms::ProfileForm,
        shared::forms::ChangePasswordForm,
        shared::forms::ClinicSettingsForm,
        shared::forms::NewClinicForm,
        shared::forms::StaffInviteForm,
        shared::Me,
        shared::ClinicSettings,
        shared::StaffMember,
        shared::DoctorApplication,
        shared::Specialty,
        shared::forms::SpecialtyForm,
        shared::DirectoryPage,
        shared::DoctorCard,
        shared::DoctorProfile,
        shared::DoctorProfileForm,
        shared::City,
        shared::SlotList,
        shared::DaySlots,
        shared::LocalSlot,
        shared::LocalTime,
        shared::Money,
        shared::Currency,
        shared::RatingSummary,
        shared::PaymentMode,
        shared::BookingMode,
        shared::SpokenLanguage,
        shared::DirectorySort,
        shared::schedule::AvailabilityForm,
        shared::schedule::WeeklyHoursForm,
        shared::schedule::ExceptionForm,
        shared::schedule::BookingRulesForm,
        shared::schedule::ExceptionKind,
        shared::Calendar,
        shared::CalendarDay,
        shared::CalendarView,
        shared::Closure,
        crate::rest::practice::UnavailableFlag,
        crate::rest::appointments::ReasonBody,
        crate::rest::appointments::RescheduleBody,
        crate::rest::appointments::VisitBody,
        shared::BookingForm,
        shared::Appointment,
        shared::AppointmentDetail,
        shared::AppointmentEvent,
        shared::AppointmentStatus,
        shared::AllowedChanges,
        shared::CancellationPolicy,
        shared::RuleRefusal,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "health", description = "Liveness and readiness probes"),
        (name = "auth", description = "Sign-up, tokens, email verification, password reset"),
        (name = "account", description = "The caller's own account"),
        (name = "clinics", description = "Clinics and their administration"),
        (name = "doctors", description = "Specialties, the doctor directory, public profiles and free slots"),
        (name = "practice", description = "A doctor's own profile, availability and calendar"),
        (name = "appointments", description = "Booking and the appointment lifecycle"),
    )
)]
pub struct ApiDoc;

/// Declares the bearer scheme the secured operations name.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}
