use crate::db_tests;
use crate::helpers::{spawn_app, spawn_app_with, Database};
use backend::{accounts::users, clinics, demo};
use serde_json::Value;

db_tests!(
    home_page_is_rendered_on_the_server_in_english_by_default,
    home_page_follows_the_remembered_language_cookie,
    home_page_follows_the_browser_language,
    unknown_path_answers_a_translated_404_page,
    clinics_are_listed_by_the_rest_api,
    clinics_are_listed_by_the_server_function,
    clinic_names_are_unique_whatever_their_letter_case,
    staff_cannot_point_at_a_clinic_that_does_not_exist,
    development_default_seeds_demo_data_once,
    production_start_on_an_empty_database_creates_no_account,
);

async fn home_page_is_rendered_on_the_server_in_english_by_default(db: Database) {
    let app = spawn_app(db).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("See the right doctor, at a time that suits you"));
    assert!(
        html.contains(r#"href="/doctors""#),
        "links to the directory"
    );
    assert!(
        html.contains("lang=\"en\""),
        "the document names its language"
    );
    assert!(html.contains(r#"name="viewport""#), "phone-ready viewport");
}

async fn home_page_follows_the_remembered_language_cookie(db: Database) {
    let app = spawn_app(db).await;
    let html = app
        .page("/", &[("cookie", "i18n_pref_locale=fr")])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Consultez le bon médecin, au moment qui vous convient"));
    assert!(html.contains("lang=\"fr\""));
}

async fn home_page_follows_the_browser_language(db: Database) {
    let app = spawn_app(db).await;
    let html = app
        .page("/", &[("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Trouver un médecin"));
}

async fn unknown_path_answers_a_translated_404_page(db: Database) {
    let app = spawn_app(db).await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"));
    assert!(html.contains("Back to the home page"));

    let french = app
        .page("/nulle-part", &[("cookie", "i18n_pref_locale=fr")])
        .await;
    assert_eq!(french.status(), 404);
    assert!(french.text().await.unwrap().contains("Page introuvable"));
}

async fn clinics_are_listed_by_the_rest_api(db: Database) {
    let app = spawn_app(db).await;
    for (name, zone, currency) in [
        ("Zeta Clinic", "Europe/Paris", "EUR"),
        ("Alpha Clinic", "Africa/Tunis", "TND"),
    ] {
        let clinic = clinics::NewClinic::parse(name, zone, currency).unwrap();
        clinics::create(&app.db.pool, &clinic, app.state.clock.now_unix())
            .await
            .unwrap();
    }
    let response = app.get("/api/v1/clinics").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let listed: Vec<(&str, &str, &str)> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["time_zone"].as_str().unwrap(),
                c["currency"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            ("Alpha Clinic", "Africa/Tunis", "TND"),
            ("Zeta Clinic", "Europe/Paris", "EUR")
        ]
    );
}

async fn clinics_are_listed_by_the_server_function(db: Database) {
    let app = spawn_app(db).await;
    let clinic = clinics::NewClinic::parse("Clinique du Lac", "Africa/Tunis", "TND").unwrap();
    clinics::create(&app.db.pool, &clinic, app.state.clock.now_unix())
        .await
        .unwrap();
    let response = app.get("/api/clinics/list").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body[0]["name"], "Clinique du Lac");
    assert_eq!(body.as_array().unwrap().len(), 1);
}

async fn development_default_seeds_demo_data_once(db: Database) {
    // No SALUS_ENV, no SALUS_DEMO_DATA: the development default on a loopback address.
    let app = spawn_app_with(db, &[("SALUS_DEMO_DATA", "")]).await;
    assert_eq!(clinics::count(&app.db).await.unwrap(), 6);
    // Six role accounts, 42 generated doctors and the four patients of the demo ratings.
    assert_eq!(users::count(&app.db).await.unwrap(), 52);
    assert!(
        !demo::seed_if_empty(&app.db, app.state.clock.now())
            .await
            .unwrap(),
        "a second start seeds nothing"
    );
    assert_eq!(users::count(&app.db).await.unwrap(), 52);
    let ratings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ratings")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(ratings > 20, "demo doctors have ratings: {ratings}");
    // `<!>` is a hydration marker between the number and the text.
    let html = app.get("/").await.text().await.unwrap().replace("<!>", "");
    assert!(
        html.contains("6 clinics use Salus"),
        "the home page counts the clinics"
    );
}

async fn production_start_on_an_empty_database_creates_no_account(db: Database) {
    // Production with its own defaults: SALUS_DEMO_DATA is not set.
    let app = spawn_app_with(
        db,
        &[
            ("SALUS_ENV", "production"),
            ("SALUS_PUBLIC_URL", "https://salus.example.org"),
            ("SALUS_DEMO_DATA", ""),
        ],
    )
    .await;
    assert_eq!(app.get("/health/ready").await.status(), 200);
    assert_eq!(users::count(&app.db).await.unwrap(), 0);
    assert_eq!(clinics::count(&app.db).await.unwrap(), 0);
}

async fn clinic_names_are_unique_whatever_their_letter_case(db: Database) {
    let app = spawn_app(db).await;
    let first = clinics::NewClinic::parse("Clinique Élan", "Europe/Paris", "EUR").unwrap();
    clinics::create(&app.db.pool, &first, app.state.clock.now_unix())
        .await
        .unwrap();
    let same = clinics::NewClinic::parse("clinique  élan", "Europe/Paris", "EUR").unwrap();
    assert_eq!(
        clinics::create(&app.db.pool, &same, app.state.clock.now_unix())
            .await
            .unwrap_err(),
        app::AppError::Conflict(app::ConflictCode::ClinicAlreadyExists),
        "the same name in other letter case is the same clinic, on both databases"
    );
}

/// Foreign keys hold on both databases (SQLite enforces them only when the pragma is set on
/// the connection, which `after_connect` does for every pooled connection).
async fn staff_cannot_point_at_a_clinic_that_does_not_exist(db: Database) {
    let app = spawn_app(db).await;
    for _ in 0..3 {
        let account = users::NewAccount {
            email: shared::Email::parse("ghost@salus.test").unwrap(),
            password_hash: None,
            role: shared::Role::Doctor,
            clinic_id: Some(shared::ClinicId(999_999)),
            first_name: "Ghost".into(),
            last_name: "Doctor".into(),
            language: shared::Language::En,
            email_verified: false,
        };
        assert!(
            users::insert(&app.db.pool, &account, app.state.clock.now_unix())
                .await
                .is_err()
        );
    }
    assert_eq!(users::count(&app.db).await.unwrap(), 0);
}
