//! Types that both sides of Salus use: identifiers, roles, validated value objects and the
//! validation error codes the UI translates. Pure Rust: no I/O. The server-only conversions of
//! the error type sit behind the `server` feature, which the browser's build never turns on.

pub mod account;
pub mod appointment;
pub mod appointment_detail;
pub mod calendar;
pub mod clinic;
pub mod dates;
pub mod dependant;
pub mod doctor;
pub mod email;
pub mod error;
pub mod feedback;
pub mod forms;
pub mod front_desk;
pub mod ids;
pub mod locale;
pub mod money;
pub mod moves;
pub mod navigation;
pub mod notification;
pub mod password;
pub mod payment;
pub mod payment_detail;
pub mod payment_note;
pub mod person;
pub mod reason;
pub mod role;
pub mod schedule;
pub mod stats;
pub mod time;
pub mod validation;

pub use account::{
    ApplicationStatus, BloodGroup, ClinicSettings, DoctorApplication, Gender, Me, Specialty,
    StaffMember,
};
pub use appointment::{
    AppointmentScope, AppointmentStatus, BookSlot, BookingForm, CancellationPolicy, Change,
    EndedBy, Party, RuleRefusal,
};
pub use appointment_detail::{AllowedChanges, Appointment, AppointmentDetail, AppointmentEvent};
pub use calendar::{Calendar, CalendarDay, CalendarView, Closure};
pub use clinic::{ClinicName, ClinicSummary, Currency, TimeZoneName};
pub use doctor::{
    BookingMode, City, DaySlots, DirectoryPage, DirectoryQuery, DirectorySort, DoctorCard,
    DoctorProfile, DoctorProfileForm, PaymentMode, RatingSummary, SlotList, SpokenLanguage,
};
pub use email::Email;
pub use error::{AppError, ConflictCode};
pub use ids::{ClinicId, UserId};
pub use locale::Language;
pub use money::Money;
pub use password::Password;
pub use payment::{PaymentStatus, Revenue, RevenuePeriod, RevenueRow};
pub use payment_detail::{Payment, PaymentSession};
pub use person::{BirthDate, PersonName, Phone};
pub use role::Role;
pub use time::{LocalSlot, LocalTime};
pub use validation::{FieldError, ValidationCode, ValidationErrors};
