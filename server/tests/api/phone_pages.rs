//! The patient journey never waits for the WASM (issue 20): public pages and the booking page
//! come whole from the server, signed in or not, and load no script; their forms post and are
//! answered with a page; and server rendering of signed-in pages never hangs.

use crate::db_tests;
use crate::helpers::{slot_at, spawn_app, Database, TestApp, PASSWORD};

db_tests!(
    public_pages_are_whole_from_the_server_signed_in_or_out,
    forms_work_without_javascript_and_answer_with_a_page,
    a_refused_form_comes_back_with_its_messages,
    signed_in_pages_render_500_times_without_hanging,
);

/// A listed doctor paid at the visit who answers requests, and a verified patient with a
/// browser session: (doctor id, patient session cookie value).
async fn doctor_and_patient(app: &TestApp) -> (i64, String) {
    let clinic = app.clinic("Clinique du Lac").await;
    let (doctor, _) = app
        .listed_doctor("doc@example.org", clinic, ("at_visit", "approval"))
        .await;
    app.verified_patient("amina@example.org").await;
    let session = app.web_session("amina@example.org", PASSWORD).await;
    (doctor, session)
}

/// The page's HTML as a browser gets it, with the session when given.
async fn html(app: &TestApp, path: &str, session: Option<&str>) -> String {
    let cookie = session.map(|s| format!("salus_session={s}"));
    let headers: Vec<(&str, &str)> = cookie.iter().map(|c| ("cookie", c.as_str())).collect();
    let response = app.page(path, &headers).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

fn assert_whole(page: &str, path: &str) {
    assert!(
        !page.contains("skeleton-line"),
        "{path} is rendered whole, with no loading placeholder"
    );
    assert!(
        !page.contains(".wasm") && !page.contains("modulepreload"),
        "{path} loads no WASM"
    );
}

async fn public_pages_are_whole_from_the_server_signed_in_or_out(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, session) = doctor_and_patient(&app).await;
    let start = slot_at(3, "10:00");
    let book = format!("/book?doctor={doctor}&start={}", urlencode(&start));
    let doctor_page = format!("/doctors/{doctor}");
    for (path, content) in [
        ("/", r#"action="/doctors""#),
        ("/doctors", "Test doc"),
        (doctor_page.as_str(), r#"action="/book""#),
        ("/login", r#"name="password""#),
        ("/signup", r#"name="form[birth_date]""#),
    ] {
        for signed_in in [None, Some(session.as_str())] {
            let page = html(&app, path, signed_in).await;
            assert_whole(&page, path);
            assert!(page.contains(content), "{path} ({signed_in:?}): {content}");
            let account_link = page.contains(r#"href="/appointments""#);
            assert_eq!(
                account_link,
                signed_in.is_some(),
                "{path}: the header knows who is there"
            );
        }
    }
    // The doctor page's slots are a form of radio buttons, one per slot, named by its time.
    let page = html(&app, &doctor_page, None).await;
    assert!(page.contains(r#"method="get""#) && page.contains(r#"type="radio" name="start""#));
    assert!(page.contains(&format!(r#"name="doctor" value="{doctor}""#)));
    // The booking page: an invitation to log in that comes back, or the whole form.
    let visitor = html(&app, &book, None).await;
    assert_whole(&visitor, &book);
    assert!(
        visitor.contains("/login?next=%2Fbook%3Fdoctor%3D"),
        "{visitor}"
    );
    let patient = html(&app, &book, Some(&session)).await;
    assert_whole(&patient, &book);
    assert!(patient.contains(r#"name="form[reason]""#));
    assert!(patient.contains(r#"action="/api/appointments/book""#));
    assert!(patient.contains("Africa/Tunis"), "the slot's zone is named");
}

fn urlencode(raw: &str) -> String {
    shared::doctor::encode_query_value(raw)
}

/// A form post as a browser without JavaScript sends it (it accepts HTML).
async fn post_form(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    session: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("origin", app.address.clone())
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url("/book"))
        .header("cookie", format!("salus_session={session}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// The response's `Set-Cookie` header that starts with `prefix`.
fn set_cookie(response: &reqwest::Response, prefix: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(prefix))
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn forms_work_without_javascript_and_answer_with_a_page(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, session) = doctor_and_patient(&app).await;
    let start = slot_at(3, "10:00");
    let doctor_id = doctor.to_string();
    let booking = [
        ("form[doctor_id]", doctor_id.as_str()),
        ("form[start]", start.as_str()),
        ("form[reason]", "Back pain since last week"),
        ("form[for_dependant]", ""),
    ];
    let booked = post_form(&app, "/api/appointments/book", &booking, &session).await;
    assert_eq!(booked.status(), 303);
    let page = location(&booked);
    // A second tap on the same button (nothing disables it without a script) posts the same
    // form again: it shows the booking just made instead of "slot taken", and books nothing.
    let again = post_form(&app, "/api/appointments/book", &booking, &session).await;
    assert_eq!(again.status(), 303);
    assert_eq!(location(&again), page);
    let bookings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(bookings, 1);
    assert!(page.ends_with("?booked=1"), "{page}");
    let id: i64 = page
        .trim_start_matches("/appointments/")
        .trim_end_matches("?booked=1")
        .parse()
        .unwrap();
    let shown = html(&app, &page, Some(&session)).await;
    assert!(shown.contains("Booking received"));
    assert!(shown.contains("Back pain since last week"));
    assert!(
        shown.contains(r#"name="change" value="cancel""#),
        "the cancellation is a form"
    );

    let cancelled = post_form(
        &app,
        "/api/appointments/change",
        &[
            ("id", &id.to_string()),
            ("change", "cancel"),
            ("reason", ""),
        ],
        &session,
    )
    .await;
    assert_eq!(cancelled.status(), 303);
    assert_eq!(location(&cancelled), format!("/appointments/{id}"));
    let status: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "cancelled");

    let out = post_form(&app, "/api/auth/log_out", &[], &session).await;
    assert_eq!(out.status(), 303);
    assert_eq!(location(&out), "/");
    assert!(
        set_cookie(&out, "salus_session=;").is_some(),
        "logging out clears the session cookie"
    );
    let after = html(&app, "/", Some(&session)).await;
    assert!(
        !after.contains(r#"href="/appointments""#),
        "the old session no longer signs the page in"
    );

    let signed_up = app
        .client
        .post(app.url("/api/auth/sign_up"))
        .header("origin", app.address.clone())
        .header("accept", "text/html")
        .form(&[
            ("form[first_name]", "Omar"),
            ("form[last_name]", "Haddad"),
            ("form[email]", "omar@example.org"),
            ("form[phone]", "+216 20 123 456"),
            ("form[birth_date]", "1990-04-12"),
            ("form[password]", PASSWORD),
            ("form[language]", "en"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_up.status(), 303);
    assert_eq!(location(&signed_up), "/signup?sent=1");
    let page = html(&app, "/signup?sent=1", None).await;
    assert!(
        page.contains("Check your email") || page.contains("check your email"),
        "{page}"
    );
}

async fn a_refused_form_comes_back_with_its_messages(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, session) = doctor_and_patient(&app).await;
    let start = slot_at(3, "10:00");
    let book = format!("/book?doctor={doctor}&start={}", urlencode(&start));
    // A reason far too long: refused, with what was typed kept for the form.
    let long_reason = format!("Back pain {}", "x".repeat(1100));
    let refused = app
        .client
        .post(app.url("/api/appointments/book"))
        .header("origin", app.address.clone())
        .header("accept", "text/html")
        .header("referer", app.url(&book))
        .header("cookie", format!("salus_session={session}"))
        .form(&[
            ("form[doctor_id]", doctor.to_string().as_str()),
            ("form[start]", start.as_str()),
            ("form[reason]", long_reason.as_str()),
            ("form[for_dependant]", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 303, "the browser comes back with a GET");
    let back = location(&refused);
    assert!(back.contains("/book?doctor="), "back to the form: {back}");
    let kept = set_cookie(&refused, "salus_form=").expect("what was typed is kept");
    assert!(kept.contains("HttpOnly") && kept.contains("Max-Age=120"));
    let kept = kept.split(';').next().unwrap().to_owned();
    let path = back.trim_start_matches(&app.address);
    let shown = app
        .page(
            path,
            &[("cookie", &format!("salus_session={session}; {kept}"))],
        )
        .await;
    assert!(
        set_cookie(&shown, "salus_form=;").is_some(),
        "the kept form is shown once"
    );
    let page = shown.text().await.unwrap();
    assert!(
        page.contains("Use at most 1000 characters."),
        "the refused field is explained in place: {page}"
    );
    assert!(
        page.contains(&long_reason),
        "the reason comes back as typed"
    );
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(none, 0);

    // A refused login keeps the email, never the password.
    let login = app
        .client
        .post(app.url("/api/auth/log_in"))
        .header("origin", app.address.clone())
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[
            ("email", "amina@example.org"),
            ("password", "a wrong password 123"),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let kept = set_cookie(&login, "salus_form=").expect("the email is kept");
    let kept = kept.split(';').next().unwrap().to_owned();
    let path = location(&login);
    let page = app
        .page(path.trim_start_matches(&app.address), &[("cookie", &kept)])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"value="amina@example.org""#), "{page}");
    assert!(!page.contains("a wrong password 123"));
}

/// A GET with a hard 10 s limit and no second try: a page that does not arrive is a hang.
async fn get_within_10_s(app: &TestApp, path: &str, session: &str) -> u16 {
    let request = app
        .client
        .get(app.url(path))
        .header("cookie", format!("salus_session={session}"))
        .send();
    let whole = async {
        let response = request.await.expect("the server answers");
        let status = response.status().as_u16();
        response.bytes().await.expect("the whole page arrives");
        status
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), whole)
        .await
        .unwrap_or_else(|_| panic!("GET {path}: no whole answer in 10 s"))
}

async fn signed_in_pages_render_500_times_without_hanging(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, session) = doctor_and_patient(&app).await;
    let start = slot_at(3, "10:00");
    let pages = [
        "/".to_owned(),
        "/doctors".to_owned(),
        format!("/doctors/{doctor}"),
        format!("/book?doctor={doctor}&start={}", urlencode(&start)),
        "/appointments".to_owned(),
        "/account".to_owned(),
        "/notifications".to_owned(),
    ];
    for round in 0..500 {
        let path = &pages[round % pages.len()];
        assert_eq!(get_within_10_s(&app, path, &session).await, 200, "{path}");
    }
}
