//! Signing in and password care through HTTP: login and its limits, sessions and their
//! renewal and revocation, password change and reset, and the cross-site guard.
//!
//! One coherent thing over 400 lines: a person's proof of who they are.

use crate::db_tests;
use crate::helpers::{
    error_of, session_cookie, session_cookie_header, spawn_app, spawn_app_with, Database, TestApp,
    PASSWORD, TEST_JWT_SECRET,
};
use backend::accounts::sessions::{self, Audience};
use backend::Secret;
use reqwest::Method;
use serde_json::{json, Value};
use shared::UserId;

db_tests!(
    login_failures_say_nothing_about_which_part_was_wrong,
    logins_are_rate_limited_per_address,
    two_instances_share_the_limits_on_postgresql,
    web_login_sets_an_http_only_lax_cookie_and_logout_clears_it,
    an_idle_session_expires_and_an_active_one_is_renewed,
    the_api_accepts_bearer_tokens_only,
    changing_the_password_ends_every_other_session,
    changing_the_password_needs_the_current_one,
    logging_out_everywhere_ends_every_session,
    a_reset_link_works_once_and_ends_old_sessions,
    an_expired_reset_link_is_refused,
    password_reset_never_reveals_whether_an_account_exists,
    requests_from_another_site_are_refused,
    an_older_reset_link_dies_once_the_password_changes,
    guessing_links_is_rate_limited_per_address,
    behind_a_trusted_proxy_each_client_has_its_own_limit,
);

async fn login_failures_say_nothing_about_which_part_was_wrong(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("known@example.org").await;
    let wrong_password = app
        .post_json(
            "/api/v1/auth/token",
            json!({"email": "known@example.org", "password": "wrong password 1"}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/auth/token",
            json!({"email": "nobody@example.org", "password": PASSWORD}),
        )
        .await;
    let a = error_of(wrong_password).await;
    let b = error_of(unknown).await;
    assert_eq!(a, (401, "bad_credentials".into(), None));
    assert_eq!(a, b);
}

async fn logins_are_rate_limited_per_address(db: Database) {
    let app = spawn_app(db).await;
    let mut statuses = Vec::new();
    for i in 0..70 {
        let response = app
            .post_json(
                "/api/v1/auth/token",
                json!({"email": format!("user{i}@example.org"), "password": PASSWORD}),
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    // The first ten failures are free, then the address waits, longer after each failure
    // (1 s, 2 s, 4 s…): most of what follows is refused at once.
    assert!(statuses[..10].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(
        statuses[10..].iter().filter(|s| **s == 429).count() >= 50,
        "{statuses:?}"
    );
}

/// Behind a load balancer, an attacker alternating between two instances gets no more
/// tries than against one: on PostgreSQL the counts are shared rows (issue 23). On SQLite,
/// which runs as one instance, each process keeps its own.
async fn two_instances_share_the_limits_on_postgresql(db: Database) {
    let first = spawn_app(db).await;
    let second = first.second_instance().await;
    let instances = [&first, &second];
    let mut logins = Vec::new();
    for i in 0..20 {
        let response = instances[i % 2]
            .post_json(
                "/api/v1/auth/token",
                json!({"email": format!("user{i}@example.org"), "password": PASSWORD}),
            )
            .await;
        logins.push(response.status().as_u16());
    }
    let mut resets = Vec::new();
    for i in 0..6 {
        let response = instances[i % 2]
            .post_json(
                "/api/v1/auth/password-reset",
                json!({"email": "someone@example.org"}),
            )
            .await;
        resets.push(response.status().as_u16());
    }
    let refused = |statuses: &[u16]| statuses.iter().filter(|s| **s == 429).count();
    match db {
        Database::Postgres => {
            assert!(logins[..10].iter().all(|s| *s == 401), "{logins:?}");
            assert!(
                refused(&logins[10..]) >= 8,
                "one budget of 10 for both: {logins:?}"
            );
            assert_eq!(&resets[..3], &[202, 202, 202], "{resets:?}");
            assert_eq!(
                refused(&resets[3..]),
                3,
                "3 reset emails per account: {resets:?}"
            );
        }
        Database::Sqlite => {
            assert!(logins.iter().all(|s| *s == 401), "10 each: {logins:?}");
            assert_eq!(refused(&resets), 0, "3 each: {resets:?}");
        }
    }
}

async fn web_login_sets_an_http_only_lax_cookie_and_logout_clears_it(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("web@example.org").await;
    let response = app
        .server_fn(
            "/api/auth/log_in",
            &[("email", "web@example.org"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let header = session_cookie_header(&response).unwrap();
    assert!(header.contains("HttpOnly"), "{header}");
    assert!(header.contains("SameSite=Lax"), "{header}");
    assert!(header.contains("Path=/"), "{header}");
    let session = session_cookie(&response).unwrap();
    let logged_in: Value = response.json().await.unwrap();
    assert_eq!(logged_in["me"]["email"], "web@example.org");
    assert_eq!(logged_in["next"], "/account", "no page asked for: home");

    let current: Value = app.me_with_session(&session).await;
    assert_eq!(current["email"], "web@example.org");

    let out = app
        .server_fn("/api/auth/log_out", &[], Some(&session))
        .await;
    assert_eq!(out.status(), 200);
    let cleared = session_cookie_header(&out).unwrap();
    assert!(cleared.starts_with("salus_session=;"), "{cleared}");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // A copy of the token kept elsewhere stopped working too.
    let replayed: Value = app.me_with_session(&session).await;
    assert_eq!(
        replayed,
        Value::Null,
        "logout ends the session on the server"
    );

    let wrong = app
        .server_fn(
            "/api/auth/log_in",
            &[
                ("email", "web@example.org"),
                ("password", "wrong password 1"),
            ],
            None,
        )
        .await;
    assert!(
        session_cookie(&wrong).is_none(),
        "no cookie for a failed login"
    );
    assert_eq!(error_of(wrong).await.1, "bad_credentials");
}

async fn an_idle_session_expires_and_an_active_one_is_renewed(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("idle@example.org").await;
    let id: i64 = app.user_id("idle@example.org").await;
    let secret = Secret::new(TEST_JWT_SECRET.as_bytes().to_vec());
    let now = chrono::Utc::now().timestamp();

    // Issued two hours ago: past the idle lifetime.
    let idle = sessions::issue(
        &secret,
        UserId(id),
        0,
        Audience::Web,
        now - 7200,
        now - 7200,
    )
    .unwrap();
    let response = app
        .client
        .get(app.url("/api/account/me"))
        .header("cookie", format!("salus_session={idle}"))
        .send()
        .await
        .unwrap();
    assert!(
        session_cookie(&response).is_none(),
        "an expired session is not renewed"
    );
    let me: Value = response.json().await.unwrap();
    assert_eq!(me, Value::Null, "an expired session is a visitor");

    // Issued ten minutes ago and still valid: the next request renews it.
    let active =
        sessions::issue(&secret, UserId(id), 0, Audience::Web, now - 600, now - 600).unwrap();
    let cookie = format!("salus_session={active}");
    let response = app.page("/account", &[("cookie", &cookie)]).await;
    let renewed = session_cookie(&response).expect("a renewed cookie");
    let claims = sessions::decode(&secret, &renewed, Audience::Web, now).unwrap();
    assert!(claims.iat >= now, "freshly issued");
    assert_eq!(claims.auth_time, now - 600, "the login time is kept");

    // A fresh session is left alone.
    let fresh = sessions::issue(&secret, UserId(id), 0, Audience::Web, now, now).unwrap();
    let cookie = format!("salus_session={fresh}");
    let response = app.page("/account", &[("cookie", &cookie)]).await;
    assert!(session_cookie(&response).is_none());

    // An expired bearer token is a 401.
    let old_api = sessions::issue(
        &secret,
        UserId(id),
        0,
        Audience::Api,
        now - 7200,
        now - 7200,
    )
    .unwrap();
    let response = app
        .api(Method::GET, "/api/v1/me", Some(&old_api), None)
        .await;
    assert_eq!(response.status(), 401);
}

async fn the_api_accepts_bearer_tokens_only(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("bearer@example.org").await;
    let session = app.web_session("bearer@example.org", PASSWORD).await;
    let with_cookie = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("salus_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        with_cookie.status(),
        401,
        "the API ignores the session cookie"
    );
    let cookie_as_bearer = app
        .api(Method::GET, "/api/v1/me", Some(&session), None)
        .await;
    assert_eq!(
        cookie_as_bearer.status(),
        401,
        "a web token is not an API token"
    );
    let forged = app
        .api(
            Method::GET,
            "/api/v1/me",
            Some("eyJhbGciOiJub25lIn0.e30."),
            None,
        )
        .await;
    assert_eq!(forged.status(), 401);
}

async fn changing_the_password_ends_every_other_session(db: Database) {
    let app = spawn_app(db).await;
    let first = app.verified_patient("change@example.org").await;
    let second = app.token("change@example.org", PASSWORD).await;
    let web = app.web_session("change@example.org", PASSWORD).await;
    let response = app
        .api(
            Method::POST,
            "/api/v1/me/password",
            Some(&first),
            Some(json!({"current_password": PASSWORD, "new_password": "a brand new one 9"})),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let fresh = body["access_token"].as_str().unwrap().to_owned();

    for old in [&first, &second] {
        let response = app.api(Method::GET, "/api/v1/me", Some(old), None).await;
        assert_eq!(response.status(), 401, "old tokens are revoked");
    }
    let me: Value = app.me_with_session(&web).await;
    assert_eq!(me, Value::Null, "the browser session ended too");
    let response = app.api(Method::GET, "/api/v1/me", Some(&fresh), None).await;
    assert_eq!(response.status(), 200, "the caller's new token works");
    app.token("change@example.org", "a brand new one 9").await;
}

async fn changing_the_password_needs_the_current_one(db: Database) {
    let app = spawn_app(db).await;
    let token = app.verified_patient("guard@example.org").await;
    let response = app
        .api(
            Method::POST,
            "/api/v1/me/password",
            Some(&token),
            Some(
                json!({"current_password": "not it at all 1", "new_password": "a brand new one 9"}),
            ),
        )
        .await;
    let (status, _, field) = error_of(response).await;
    assert_eq!(status, 422);
    assert_eq!(
        field,
        Some(("current_password".into(), "wrong_password".into()))
    );
    app.token("guard@example.org", PASSWORD).await;
}

async fn logging_out_everywhere_ends_every_session(db: Database) {
    let app = spawn_app(db).await;
    let api = app.verified_patient("everywhere@example.org").await;
    let phone = app.web_session("everywhere@example.org", PASSWORD).await;
    let laptop = app.web_session("everywhere@example.org", PASSWORD).await;
    let response = app
        .server_fn("/api/auth/log_out_everywhere", &[], Some(&laptop))
        .await;
    assert_eq!(response.status(), 200);
    for session in [&phone, &laptop] {
        let me: Value = app.me_with_session(session).await;
        assert_eq!(me, Value::Null);
    }
    let response = app.api(Method::GET, "/api/v1/me", Some(&api), None).await;
    assert_eq!(response.status(), 401);
}

async fn a_reset_link_works_once_and_ends_old_sessions(db: Database) {
    let app = spawn_app(db).await;
    let old = app.verified_patient("forgot@example.org").await;
    let response = app
        .post_json(
            "/api/v1/auth/password-reset",
            json!({"email": "forgot@example.org"}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let (subject, _) = app.last_mail("forgot@example.org").await;
    assert_eq!(subject, "Reset your Salus password");
    let link = app
        .link_token("forgot@example.org", "/reset-password")
        .await;

    // A refused password does not use up the link.
    let weak = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": link, "password": "weak"}),
        )
        .await;
    assert_eq!(
        error_of(weak).await.2,
        Some(("password".into(), "too_short".into()))
    );

    let done = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": link, "password": "reset and renewed 5"}),
        )
        .await;
    assert_eq!(done.status(), 204);
    let again = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": link, "password": "another reset 55"}),
        )
        .await;
    assert_eq!(
        error_of(again).await.2,
        Some(("token".into(), "invalid_link".into()))
    );
    let response = app.api(Method::GET, "/api/v1/me", Some(&old), None).await;
    assert_eq!(response.status(), 401, "sessions from before the reset end");
    app.token("forgot@example.org", "reset and renewed 5").await;
}

async fn an_expired_reset_link_is_refused(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("late@example.org").await;
    app.post_json(
        "/api/v1/auth/password-reset",
        json!({"email": "late@example.org"}),
    )
    .await;
    let link = app.link_token("late@example.org", "/reset-password").await;
    // An hour and a second later.
    app.advance_clock(chrono::Duration::seconds(3601));
    let response = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": link, "password": "too late for this 1"}),
        )
        .await;
    assert_eq!(
        error_of(response).await.2,
        Some(("token".into(), "invalid_link".into()))
    );
    app.token("late@example.org", PASSWORD).await;
}

async fn password_reset_never_reveals_whether_an_account_exists(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("real@example.org").await;
    let known = app
        .post_json(
            "/api/v1/auth/password-reset",
            json!({"email": "real@example.org"}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/auth/password-reset",
            json!({"email": "ghost@example.org"}),
        )
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(app.mail_count("ghost@example.org").await, 0);
}

async fn requests_from_another_site_are_refused(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("csrf@example.org").await;
    let session = app.web_session("csrf@example.org", PASSWORD).await;
    let forged = app
        .client
        .post(app.url("/api/account/profile"))
        .header("origin", "https://evil.example")
        .header("cookie", format!("salus_session={session}"))
        .form(&[
            ("form[first_name]", "Hacked"),
            ("form[last_name]", "Hacked"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(forged).await.0, 403);
    let no_origin_cross_site = app
        .client
        .post(app.url("/api/auth/log_out_everywhere"))
        .header("sec-fetch-site", "cross-site")
        .header("cookie", format!("salus_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_origin_cross_site.status(), 403);
    let login = app
        .client
        .post(app.url("/api/auth/log_in"))
        .header("origin", "null")
        .form(&[("email", "csrf@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 403);
    let name: String = sqlx::query_scalar("SELECT first_name FROM users WHERE email = $1")
        .bind("csrf@example.org")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Amina", "nothing changed");
    // Our own pages still work, and the session survived.
    let me: Value = app.me_with_session(&session).await;
    assert_eq!(me["email"], "csrf@example.org");
}

async fn an_older_reset_link_dies_once_the_password_changes(db: Database) {
    let app = spawn_app(db).await;
    let token = app.verified_patient("older@example.org").await;
    app.post_json(
        "/api/v1/auth/password-reset",
        json!({"email": "older@example.org"}),
    )
    .await;
    let link = app.link_token("older@example.org", "/reset-password").await;
    let changed = app
        .api(
            Method::POST,
            "/api/v1/me/password",
            Some(&token),
            Some(json!({"current_password": PASSWORD, "new_password": "changed in app 8"})),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let response = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": link, "password": "taken over now 9"}),
        )
        .await;
    assert_eq!(
        error_of(response).await.2,
        Some(("token".into(), "invalid_link".into()))
    );
    app.token("older@example.org", "changed in app 8").await;
}

async fn guessing_links_is_rate_limited_per_address(db: Database) {
    let app = spawn_app(db).await;
    for attempt in 0..30 {
        let response = app
            .post_json(
                "/api/v1/auth/password-reset/confirm",
                json!({"token": format!("guess-{attempt}"), "password": "whatever it is 1"}),
            )
            .await;
        assert_eq!(response.status(), 422, "attempt {attempt}");
    }
    let response = app
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"token": "one-more-guess"}),
        )
        .await;
    assert_eq!(error_of(response).await.1, "rate_limited");
}

async fn behind_a_trusted_proxy_each_client_has_its_own_limit(db: Database) {
    let proxied = spawn_app_with(db, &[("SALUS_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let direct = spawn_app(db).await;
    let attempt = |app: &TestApp, i: usize| {
        app.client
            .post(app.url("/api/v1/auth/token"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&json!({"email": format!("user{i}@example.org"), "password": PASSWORD}))
            .send()
    };
    // Behind the proxy, 70 clients with one try each: none is limited.
    for i in 0..70 {
        let status = attempt(&proxied, i).await.unwrap().status().as_u16();
        assert_eq!(status, 401, "proxied attempt {i}");
    }
    // Directly, the header is ignored and every failure counts against 127.0.0.1: ten are
    // free, then the address waits longer and longer.
    let mut statuses = Vec::new();
    for i in 0..70 {
        statuses.push(attempt(&direct, i).await.unwrap().status().as_u16());
    }
    assert!(statuses[..10].iter().all(|&s| s == 401), "{statuses:?}");
    assert!(
        statuses[10..].iter().filter(|&&s| s == 429).count() >= 50,
        "{statuses:?}"
    );
}
