use crate::db_tests;
use crate::helpers::{spawn_app, Database};
use serde_json::Value;

db_tests!(
    openapi_document_describes_every_rest_endpoint,
    swagger_ui_is_served_from_the_binary,
    unknown_api_paths_answer_a_json_404,
);

async fn openapi_document_describes_every_rest_endpoint(db: Database) {
    let app = spawn_app(db).await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["info"]["title"], "Salus API");
    for path in ["/health/live", "/health/ready", "/api/v1/clinics"] {
        assert!(
            doc["paths"][path]["get"].is_object(),
            "{path} is documented"
        );
    }
    assert!(doc["components"]["schemas"]["ClinicDto"].is_object());
    for (path, method) in [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/doctor-applications", "post"),
        ("/api/v1/auth/token", "post"),
        ("/api/v1/auth/verify-email", "post"),
        ("/api/v1/auth/verification-email", "post"),
        ("/api/v1/auth/password-reset", "post"),
        ("/api/v1/auth/password-reset/confirm", "post"),
        ("/api/v1/auth/logout-everywhere", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/me", "put"),
        ("/api/v1/me/password", "post"),
        ("/api/v1/me/photo", "put"),
        ("/api/v1/clinics", "post"),
        ("/api/v1/clinics/{id}/settings", "get"),
        ("/api/v1/clinics/{id}/settings", "put"),
        ("/api/v1/clinics/{id}/staff", "get"),
        ("/api/v1/clinics/{id}/staff", "post"),
        ("/api/v1/clinics/{id}/staff/{user_id}/disabled", "put"),
        ("/api/v1/clinics/{id}/doctor-applications", "get"),
        ("/api/v1/doctor-applications/{doctor_id}/review", "post"),
        ("/api/v1/specialties", "get"),
        ("/api/v1/specialties", "post"),
        ("/api/v1/specialties/{id}", "put"),
        ("/api/v1/doctors", "get"),
        ("/api/v1/doctors/{id}", "get"),
        ("/api/v1/doctors/{id}/slots", "get"),
        ("/api/v1/cities", "get"),
        ("/api/v1/me/doctor-profile", "get"),
        ("/api/v1/me/doctor-profile", "put"),
        ("/api/v1/me/availability", "get"),
        ("/api/v1/me/availability", "put"),
        ("/api/v1/me/availability/unavailable", "put"),
        ("/api/v1/me/calendar", "get"),
        ("/api/v1/me/visits", "post"),
        ("/api/v1/me/availability/conflicts", "get"),
        ("/api/v1/appointments", "get"),
        ("/api/v1/appointments", "post"),
        ("/api/v1/appointments/{id}", "get"),
        ("/api/v1/appointments/{id}/cancel", "post"),
        ("/api/v1/appointments/{id}/accept", "post"),
        ("/api/v1/appointments/{id}/refuse", "post"),
        ("/api/v1/appointments/{id}/complete", "post"),
        ("/api/v1/appointments/{id}/no-show", "post"),
        ("/api/v1/appointments/{id}/reschedule", "post"),
        ("/api/v1/appointments/{id}/proposal/accept", "post"),
        ("/api/v1/appointments/{id}/proposal/refuse", "post"),
        ("/api/v1/appointments/{id}/rating", "get"),
        ("/api/v1/appointments/{id}/rating", "post"),
        ("/api/v1/appointments/{id}/rating", "put"),
        ("/api/v1/ratings/{id}/reply", "post"),
        ("/api/v1/ratings/{id}/hide", "post"),
        ("/api/v1/doctors/{id}/ratings", "get"),
        ("/api/v1/me/feedback", "get"),
        ("/api/v1/me/stats", "get"),
        ("/api/v1/clinic/stats", "get"),
        ("/api/v1/clinic/stats.csv", "get"),
        ("/api/v1/me/dependants", "get"),
        ("/api/v1/me/dependants", "post"),
        ("/api/v1/me/dependants/{id}", "put"),
        ("/api/v1/me/dependants/{id}", "delete"),
        ("/api/v1/clinic/patients", "get"),
        ("/api/v1/clinic/patients", "post"),
        ("/api/v1/clinic/doctors", "get"),
        ("/api/v1/clinic/slots", "get"),
        ("/api/v1/clinic/appointments", "post"),
        ("/api/v1/appointments/{id}/reassign", "post"),
        ("/api/v1/clinic/calendar", "get"),
        ("/api/v1/me/appointments/month", "get"),
        ("/api/v1/notifications", "get"),
        ("/api/v1/notifications/read", "post"),
        ("/api/v1/notifications/stream", "get"),
        ("/api/v1/doctors/{id}/slots/stream", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is documented"
        );
    }
    for schema in [
        "SignUpForm",
        "ProfileForm",
        "Me",
        "TokenResponse",
        "ClinicSettings",
        "DirectoryPage",
        "DoctorProfile",
        "DoctorProfileForm",
        "AvailabilityForm",
        "SlotList",
        "Calendar",
        "BookingForm",
        "AppointmentDetail",
        "RatingForm",
        "RatingsPage",
        "DoctorStats",
        "ClinicStats",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(
        doc["paths"]["/api/v1/me"]["get"]["security"].is_array(),
        "secured operations say so"
    );
}

async fn swagger_ui_is_served_from_the_binary(db: Database) {
    let app = spawn_app(db).await;
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "Swagger UI's page is served");
    let config = app.get("/api/docs/swagger-initializer.js").await;
    assert_eq!(config.status(), 200);
    assert!(config
        .text()
        .await
        .unwrap()
        .contains("/api/v1/openapi.json"));
}

async fn unknown_api_paths_answer_a_json_404(db: Database) {
    let app = spawn_app(db).await;
    let response = app.get("/api/v1/no-such-resource").await;
    assert_eq!(response.status(), 404);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"error": "not_found"}));
}
