//! Scenario builders: the clinic, doctor and patient most tests begin with, in one line, so a
//! test reads as the behaviour it checks.
//!
//! ```ignore
//! let (app, s) = Scenario::new(db).doctor(APPROVAL).patient().build().await;
//! let booked = s.booked_at(&app, &slot_at(10, "09:30")).await;
//! ```

use crate::helpers::{spawn_app, Database, TestApp, PASSWORD};
use serde_json::Value;

/// The scenario's doctor and patient sign in with these.
pub const DOCTOR: &str = "doc@example.org";
pub const PATIENT: &str = "amina@example.org";

/// How a doctor takes bookings: (payment mode, booking mode).
pub type Mode = (&'static str, &'static str);
/// Paid at the visit; each booking is a request the doctor answers.
pub const APPROVAL: Mode = ("at_visit", "approval");
/// Paid at the visit; confirmed at once.
pub const INSTANT: Mode = ("at_visit", "instant");
/// Paid online (held while the patient pays); answered by the doctor.
pub const ONLINE: Mode = ("online", "approval");

/// Who a scenario's test plays with, once built: a clinic ("Clinique du Lac", Tunis, TND), and if
/// asked for, its listed doctor `doc@example.org` (hours every day 09:00-12:00 in 30-minute
/// slots) and a verified patient `amina@example.org`.
pub struct Cast {
    pub clinic: i64,
    pub doctor: i64,
    pub doctor_token: String,
    /// The patient's bearer token.
    pub patient: String,
}

/// The parts of a scenario to make: `Scenario::new(db)`, then what the test needs, then
/// `build()`.
pub struct Scenario {
    db: Database,
    doctor: Option<Mode>,
    patient: bool,
}

impl Cast {
    /// The patient's booking of the doctor at `start`, which must succeed; answers the
    /// booking (`{"appointment": …}`).
    pub async fn booked_at(&self, app: &TestApp, start: &str) -> Value {
        let response = app.book(&self.patient, self.doctor, start).await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 201, "booking {start}: {body}");
        body
    }

    /// Moves the clock to `plus_minutes` after `at` (see `TestApp::travel_to`) and signs the
    /// doctor and the patient in again there (a token lives an hour).
    pub async fn travel_to(&mut self, app: &TestApp, at: &str, plus_minutes: i64) {
        app.travel_to(at, plus_minutes);
        self.sign_in_again(app).await;
    }

    /// New tokens for the doctor and the patient, after the clock has moved.
    pub async fn sign_in_again(&mut self, app: &TestApp) {
        if !self.doctor_token.is_empty() {
            self.doctor_token = app.token(DOCTOR, PASSWORD).await;
        }
        if !self.patient.is_empty() {
            self.patient = app.token(PATIENT, PASSWORD).await;
        }
    }
}

impl Scenario {
    pub fn new(db: Database) -> Self {
        Self {
            db,
            doctor: None,
            patient: false,
        }
    }

    /// The clinic's doctor, taking bookings in `mode`.
    pub fn doctor(mut self, mode: Mode) -> Self {
        self.doctor = Some(mode);
        self
    }

    /// A verified patient.
    pub fn patient(mut self) -> Self {
        self.patient = true;
        self
    }

    /// Starts a server on the database and makes what was asked for.
    pub async fn build(self) -> (TestApp, Cast) {
        let app = spawn_app(self.db).await;
        let clinic = app.clinic("Clinique du Lac").await;
        let (doctor, doctor_token) = match self.doctor {
            Some(mode) => app.listed_doctor(DOCTOR, clinic, mode).await,
            None => (0, String::new()),
        };
        let patient = match self.patient {
            true => app.verified_patient(PATIENT).await,
            false => String::new(),
        };
        let cast = Cast {
            clinic,
            doctor,
            doctor_token,
            patient,
        };
        (app, cast)
    }
}
