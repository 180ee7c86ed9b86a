//! Online payment against a running localstripe (`scripts/test.sh` starts it): authorise at
//! booking, capture on confirmation, release or refund by policy, hold expiry, webhooks.
//!
//! One coherent thing over 400 lines: every end state of a paid visit against one Stripe stand-in.

use crate::db_tests;
use crate::helpers::{
    doctor_profile, error_of, every_day, join_all, slot_at, spawn_app, Database, TestApp, PASSWORD,
};
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};

db_tests!(
    a_paid_request_is_captured_when_the_doctor_accepts,
    a_refused_request_releases_the_authorisation,
    an_expired_request_releases_the_authorisation,
    a_cancellation_in_time_is_refunded_in_full,
    a_late_cancellation_is_refunded_by_the_policy,
    racing_settlements_refund_once,
    a_lapsed_hold_frees_the_slot_and_cancels_the_payment,
    a_payment_made_just_before_expiry_keeps_the_booking,
    three_d_secure_completes_in_the_browser_then_authorises,
    a_declined_card_is_explained_and_the_slot_stays_held,
    a_webhook_with_a_bad_signature_changes_nothing,
    repeated_and_out_of_order_webhooks_make_one_transition_and_one_capture,
    payments_belong_to_their_patient,
    a_paid_visit_whose_new_time_is_refused_keeps_its_time_and_its_payment,
    a_paid_visit_whose_new_time_lapses_keeps_its_time_and_its_payment,
    a_paid_visit_moved_to_an_accepted_time_keeps_its_payment,
    accepting_a_request_whose_authorisation_was_cancelled_at_stripe_is_refused,
    a_cancelled_intent_reported_by_webhook_ends_the_request,
);

/// localstripe: the tests' Stripe (the servers' development default).
fn stripe_url() -> String {
    std::env::var("SALUS_TEST_STRIPE_URL").unwrap_or_else(|_| "http://127.0.0.1:8420".to_owned())
}

const WEBHOOK_SECRET: &[u8] = b"whsec_salus_localstripe";

/// A listed doctor who takes payment online; `instant` confirms bookings at once.
async fn online_doctor(app: &TestApp, email: &str, instant: bool) -> (i64, String) {
    let clinic = app.clinic(&format!("Clinique {email}")).await;
    let (id, token) = app.doctor(email, clinic, true).await;
    let mut profile = doctor_profile(1, "Tunis", "50", &["fr"]);
    profile["payment_mode"] = json!("online");
    profile["booking_mode"] = json!(if instant { "instant" } else { "approval" });
    app.put_ok("/api/v1/me/doctor-profile", &token, profile)
        .await;
    app.put_ok(
        "/api/v1/me/availability",
        &token,
        every_day("09:00", "12:00"),
    )
    .await;
    (id, token)
}

async fn book_held(app: &TestApp, patient: &str, doctor: i64, start: &str) -> i64 {
    let booked = app
        .post_ok(
            "/api/v1/appointments",
            patient,
            json!({"doctor_id": doctor, "start": start, "reason": "Chest pain when running"}),
        )
        .await;
    assert_eq!(booked["appointment"]["status"], "held");
    booked["appointment"]["id"].as_i64().unwrap()
}

/// A card tokenised as Stripe.js does it in the browser; answers the id to pay with.
async fn card(app: &TestApp, number: &str) -> String {
    let response = app
        .client
        .post(format!("{}/v1/tokens", stripe_url()))
        .form(&[
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2031"),
            ("card[cvc]", "123"),
            ("key", "pk_test_salus_localstripe"),
        ])
        .send()
        .await
        .expect("localstripe must run for the payment tests (scripts/test.sh starts it)");
    let token: Value = response.json().await.unwrap();
    token["card"]["id"]
        .as_str()
        .expect("a card token")
        .to_owned()
}

async fn pay(app: &TestApp, patient: &str, appointment: i64, number: &str) -> reqwest::Response {
    app.post_ok(
        &format!("/api/v1/appointments/{appointment}/payment"),
        patient,
        json!({}),
    )
    .await;
    let card = card(app, number).await;
    app.api(
        Method::POST,
        &format!("/api/v1/appointments/{appointment}/payment/card"),
        Some(patient),
        Some(json!({"payment_method": card})),
    )
    .await
}

async fn pay_ok(app: &TestApp, patient: &str, appointment: i64) -> Value {
    let response = pay(app, patient, appointment, "4242424242424242").await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["payment"]["status"], "authorized");
    body
}

async fn appointment_status(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The payment's row, once it reaches `status` (the worker settles with Stripe in the
/// background; the test also runs the due jobs itself).
async fn payment_reaches(
    app: &TestApp,
    appointment: i64,
    status: &str,
) -> (String, i64, i64, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        server::worker::run_due_jobs(&app.state, "payments-test", app.state.clock.now())
            .await
            .unwrap();
        let row: (String, i64, i64, String) = sqlx::query_as(
            "SELECT status, amount_captured, amount_refunded, intent_id FROM payments WHERE appointment_id = $1",
        )
        .bind(appointment)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        if row.0 == status || std::time::Instant::now() > deadline {
            assert_eq!(row.0, status, "payment of appointment {appointment}");
            return row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The PaymentIntent as localstripe knows it.
async fn intent_at_stripe(app: &TestApp, id: &str) -> Value {
    app.client
        .get(format!("{}/v1/payment_intents/{id}", stripe_url()))
        .basic_auth("sk_test_salus_localstripe", Some(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn act(app: &TestApp, token: &str, id: i64, action: &str, reason: &str) -> Value {
    let response = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/{action}"),
            Some(token),
            Some(json!({"reason": reason})),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{action}: {body}");
    body
}

async fn a_paid_request_is_captured_when_the_doctor_accepts(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    let opened = app
        .post_ok(
            &format!("/api/v1/appointments/{id}/payment"),
            &patient,
            json!({}),
        )
        .await;
    assert_eq!(opened["payment"]["status"], "requires_payment");
    assert_eq!(
        opened["payment"]["amount"],
        json!({"minor": 50000, "currency": "TND"})
    );
    assert!(opened["client_secret"]
        .as_str()
        .unwrap()
        .contains("_secret_"));
    assert_eq!(opened["publishable_key"], "pk_test_salus_localstripe");
    pay_ok(&app, &patient, id).await;
    assert_eq!(
        appointment_status(&app, id).await,
        "requested",
        "paid: on to the doctor"
    );
    let (_, captured, _, intent) = payment_reaches(&app, id, "authorized").await;
    assert_eq!(captured, 0, "authorised, not taken");
    assert_eq!(
        intent_at_stripe(&app, &intent).await["status"],
        "requires_capture"
    );
    act(&app, &doctor_token, id, "accept", "").await;
    let (_, captured, _, intent) = payment_reaches(&app, id, "captured").await;
    assert_eq!(captured, 50000);
    assert_eq!(intent_at_stripe(&app, &intent).await["status"], "succeeded");
    let (subject, body) = app.last_mail("amina@example.org").await;
    assert!(subject.starts_with("Receipt: 50.000 TND"), "{subject}");
    assert!(body.contains("/receipt"));
    let history = app.get_json("/api/v1/me/payments", Some(&patient)).await;
    assert_eq!(history[0]["status"], "captured");
    let revenue = app
        .get_json("/api/v1/me/revenue?period=month", Some(&doctor_token))
        .await;
    assert_eq!(
        revenue["total_net"],
        json!([{"minor": 50000, "currency": "TND"}])
    );
}

async fn a_refused_request_releases_the_authorisation(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    pay_ok(&app, &patient, id).await;
    act(
        &app,
        &doctor_token,
        id,
        "refuse",
        "Not my specialty, see a cardiologist",
    )
    .await;
    let (_, captured, _, intent) = payment_reaches(&app, id, "released").await;
    assert_eq!(captured, 0);
    assert_eq!(intent_at_stripe(&app, &intent).await["status"], "canceled");
}

async fn an_expired_request_releases_the_authorisation(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, _) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    pay_ok(&app, &patient, id).await;
    app.advance_clock(Duration::hours(49));
    app.run_due_jobs().await;
    assert_eq!(appointment_status(&app, id).await, "expired");
    let (_, _, _, intent) = payment_reaches(&app, id, "released").await;
    assert_eq!(intent_at_stripe(&app, &intent).await["status"], "canceled");
}

async fn a_cancellation_in_time_is_refunded_in_full(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, _) = online_doctor(&app, "doc@example.org", true).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    pay_ok(&app, &patient, id).await;
    assert_eq!(
        appointment_status(&app, id).await,
        "confirmed",
        "instant booking"
    );
    payment_reaches(&app, id, "captured").await;
    act(&app, &patient, id, "cancel", "").await;
    let (_, captured, refunded, _) = payment_reaches(&app, id, "refunded").await;
    assert_eq!((captured, refunded), (50000, 50000));
}

/// A visit paid online (50.000 TND captured) at a clinic that refunds 40 % of a late
/// cancellation, with the clock (of `app` and of `others`) three hours before it: inside the
/// 24-hour notice. Answers the appointment and a fresh token of its patient.
async fn captured_visit_three_hours_away(app: &TestApp, others: &[&TestApp]) -> (i64, String) {
    let (doctor, _) = online_doctor(app, "doc@example.org", true).await;
    sqlx::query("UPDATE clinics SET late_cancellation_refund_percent = 40")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(app, &patient, doctor, &slot_at(10, "09:00")).await;
    pay_ok(app, &patient, id).await;
    payment_reaches(app, id, "captured").await;
    for server in std::iter::once(app).chain(others.iter().copied()) {
        server.travel_to(&slot_at(10, "09:00"), -3 * 60);
    }
    // What fell due meanwhile (the paid hold's expiry check, the reminder) runs first.
    app.drain_due_jobs().await;
    (id, app.token("amina@example.org", PASSWORD).await)
}

async fn a_late_cancellation_is_refunded_by_the_policy(db: Database) {
    let app = spawn_app(db).await;
    let (id, patient) = captured_visit_three_hours_away(&app, &[]).await;
    let detail = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&patient))
        .await;
    assert_eq!(
        detail["appointment"]["allowed"]["cancel"], true,
        "paid: a late cancellation is allowed"
    );
    assert_eq!(
        detail["appointment"]["policy"]["late_refund_percent"], 40,
        "and its refund explained"
    );
    act(&app, &patient, id, "cancel", "").await;
    let (_, captured, refunded, _) = payment_reaches(&app, id, "partially_refunded").await;
    assert_eq!((captured, refunded), (50000, 20000), "40% back");
}

/// Settlements of one payment racing each other (the cancellation's job, the hold's expiry
/// check, a second instance's worker, a webhook) refund it once: localstripe, unlike Stripe,
/// ignores idempotency keys, so a second refund would show at Stripe.
async fn racing_settlements_refund_once(db: Database) {
    let app = spawn_app(db).await;
    let second = app.second_instance().await;
    let (id, patient) = captured_visit_three_hours_away(&app, &[&second]).await;
    act(&app, &patient, id, "cancel", "").await;
    let now = app.state.clock.now();
    let racers = (0..6).map(|racer| {
        let state = if racer % 2 == 0 {
            &app.state
        } else {
            &second.state
        };
        backend::payments::settle(state, id, now)
    });
    for settled in join_all(racers).await {
        settled.expect("a settlement that finds its payment busy is queued again, not failed");
    }
    let (_, captured, refunded, intent) = payment_reaches(&app, id, "partially_refunded").await;
    assert_eq!((captured, refunded), (50000, 20000), "40% back, once");
    app.drain_due_jobs().await;
    let charge = app
        .client
        .get(format!(
            "{}/v1/payment_intents/{intent}?expand[]=latest_charge",
            stripe_url()
        ))
        .basic_auth("sk_test_salus_localstripe", Some(""))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        charge["latest_charge"]["amount_refunded"], 20000,
        "Stripe was asked for one refund"
    );
    let leased: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE settling_until IS NOT NULL")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(leased, 0, "every settlement gave its lease back");
}

async fn a_lapsed_hold_frees_the_slot_and_cancels_the_payment(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, _) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let start = slot_at(10, "09:00");
    let id = book_held(&app, &patient, doctor, &start).await;
    app.post_ok(
        &format!("/api/v1/appointments/{id}/payment"),
        &patient,
        json!({}),
    )
    .await;
    app.advance_clock(Duration::minutes(16));
    app.run_due_jobs().await;
    assert_eq!(appointment_status(&app, id).await, "expired");
    let (_, _, _, intent) = payment_reaches(&app, id, "failed").await;
    assert_eq!(
        intent_at_stripe(&app, &intent).await["status"],
        "canceled",
        "nobody can pay for it now"
    );
    let other = app.verified_patient("omar@example.org").await;
    book_held(&app, &other, doctor, &start).await;
    // Paying the lapsed hold is refused.
    let late = pay(&app, &patient, id, "4242424242424242").await;
    let body: Value = late.json().await.unwrap();
    assert_eq!(body["details"], "hold_expired");
}

async fn a_payment_made_just_before_expiry_keeps_the_booking(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, _) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    let opened = app
        .post_ok(
            &format!("/api/v1/appointments/{id}/payment"),
            &patient,
            json!({}),
        )
        .await;
    let intent =
        sqlx::query_scalar::<_, String>("SELECT intent_id FROM payments WHERE appointment_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(opened["client_secret"]
        .as_str()
        .unwrap()
        .starts_with(&intent));
    // The card is authorised at Stripe at 14:59, and Salus has not heard of it yet.
    let card = card(&app, "4242424242424242").await;
    for (path, form) in [
        (
            format!("payment_intents/{intent}"),
            vec![("payment_method", card.as_str())],
        ),
        (format!("payment_intents/{intent}/confirm"), vec![]),
    ] {
        let response = app
            .client
            .post(format!("{}/v1/{path}", stripe_url()))
            .basic_auth("sk_test_salus_localstripe", Some(""))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    app.advance_clock(Duration::minutes(16));
    app.run_due_jobs().await;
    assert_eq!(
        appointment_status(&app, id).await,
        "requested",
        "the booking stays"
    );
    payment_reaches(&app, id, "authorized").await;
}

async fn three_d_secure_completes_in_the_browser_then_authorises(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, _) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    let response = pay(&app, &patient, id, "4000000000003220").await;
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert_eq!(
        session["payment"]["status"], "requires_payment",
        "the bank asks for 3-D Secure"
    );
    let secret = session["client_secret"].as_str().unwrap().to_owned();
    assert!(!secret.is_empty());
    // Stripe.js's confirmCardPayment: the patient completes the bank's check.
    let intent = secret.split("_secret_").next().unwrap();
    let authenticated = app
        .client
        .post(format!(
            "{}/v1/payment_intents/{intent}/_authenticate?success=true",
            stripe_url()
        ))
        .body(json!({"key": "pk_test_salus_localstripe", "client_secret": secret}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(authenticated.status(), 200);
    let refreshed = app
        .post_ok(
            &format!("/api/v1/appointments/{id}/payment"),
            &patient,
            json!({}),
        )
        .await;
    assert_eq!(refreshed["payment"]["status"], "authorized");
    assert_eq!(refreshed["client_secret"], "", "nothing left to pay");
    assert_eq!(appointment_status(&app, id).await, "requested");
}

async fn a_declined_card_is_explained_and_the_slot_stays_held(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, _) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    let declined = pay(&app, &patient, id, "4000000000000341").await;
    let status = declined.status();
    let body: Value = declined.json().await.unwrap();
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["error"], "payment_declined");
    assert_eq!(body["details"]["code"], "card_declined");
    assert_eq!(
        appointment_status(&app, id).await,
        "held",
        "the slot stays held"
    );
    let shown = app
        .get_json(
            &format!("/api/v1/appointments/{id}/payment"),
            Some(&patient),
        )
        .await;
    assert_eq!(shown["last_error"], "Your card was declined.");
    // Another card works while the hold lasts.
    let second = card(&app, "4242424242424242").await;
    let ok = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/payment/card"),
            Some(&patient),
            Some(json!({"payment_method": second})),
        )
        .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(appointment_status(&app, id).await, "requested");
}

async fn post_webhook(app: &TestApp, body: &str, secret: &[u8]) -> reqwest::Response {
    let signature =
        backend::payments::webhook::sign(body.as_bytes(), secret, Utc::now().timestamp());
    app.client
        .post(app.url("/webhooks/stripe"))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

fn event(id: &str, kind: &str, intent: &str) -> String {
    json!({"id": id, "object": "event", "type": kind, "data": {"object": {"id": intent, "object": "payment_intent"}}}).to_string()
}

async fn authorise_at_stripe(app: &TestApp, intent: &str) {
    let card = card(app, "4242424242424242").await;
    for (path, form) in [
        (
            format!("payment_intents/{intent}"),
            vec![("payment_method", card.as_str())],
        ),
        (format!("payment_intents/{intent}/confirm"), vec![]),
    ] {
        let response = app
            .client
            .post(format!("{}/v1/{path}", stripe_url()))
            .basic_auth("sk_test_salus_localstripe", Some(""))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
}

async fn a_webhook_with_a_bad_signature_changes_nothing(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, _) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    app.post_ok(
        &format!("/api/v1/appointments/{id}/payment"),
        &patient,
        json!({}),
    )
    .await;
    let intent: String =
        sqlx::query_scalar("SELECT intent_id FROM payments WHERE appointment_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    authorise_at_stripe(&app, &intent).await;
    let body = event(
        "evt_forged",
        "payment_intent.amount_capturable_updated",
        &intent,
    );
    let forged = post_webhook(&app, &body, b"whsec_not_ours").await;
    assert_eq!(forged.status(), 400);
    let unsigned = app
        .client
        .post(app.url("/webhooks/stripe"))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
    let (status, error, field) = error_of(forged_old(&app, &body).await).await;
    assert_eq!((status, error.as_str()), (400, "validation"));
    assert_eq!(
        field,
        Some(("stripe-signature".into(), "invalid_signature".into()))
    );
    assert_eq!(
        appointment_status(&app, id).await,
        "held",
        "nothing changed"
    );
    let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stripe_events")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(seen, 0, "refused events are not recorded");
}

/// A correctly signed delivery replayed an hour later.
async fn forged_old(app: &TestApp, body: &str) -> reqwest::Response {
    let signature = backend::payments::webhook::sign(
        body.as_bytes(),
        WEBHOOK_SECRET,
        Utc::now().timestamp() - 3600,
    );
    app.client
        .post(app.url("/webhooks/stripe"))
        .header("stripe-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

async fn repeated_and_out_of_order_webhooks_make_one_transition_and_one_capture(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    app.post_ok(
        &format!("/api/v1/appointments/{id}/payment"),
        &patient,
        json!({}),
    )
    .await;
    let intent: String =
        sqlx::query_scalar("SELECT intent_id FROM payments WHERE appointment_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    authorise_at_stripe(&app, &intent).await;
    // Stripe says "authorised" ten times at once (one event, delivered again and again).
    let body = event(
        "evt_authorised",
        "payment_intent.amount_capturable_updated",
        &intent,
    );
    let deliveries = (0..10).map(|_| post_webhook(&app, &body, WEBHOOK_SECRET));
    for response in join_all(deliveries).await {
        assert_eq!(response.status(), 200);
    }
    assert_eq!(appointment_status(&app, id).await, "requested");
    let moves: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointment_events WHERE appointment_id = $1 AND from_status = 'held'",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(moves, 1, "one transition");
    act(&app, &doctor_token, id, "accept", "").await;
    payment_reaches(&app, id, "captured").await;
    // Events arriving late and out of order: an older "authorised", a "succeeded" twice.
    for (event_id, kind) in [
        (
            "evt_late_authorised",
            "payment_intent.amount_capturable_updated",
        ),
        ("evt_succeeded", "payment_intent.succeeded"),
        ("evt_succeeded", "payment_intent.succeeded"),
        ("evt_created", "payment_intent.created"),
    ] {
        let response = post_webhook(&app, &event(event_id, kind, &intent), WEBHOOK_SECRET).await;
        assert_eq!(response.status(), 200);
    }
    let (status, captured, _, _) = payment_reaches(&app, id, "captured").await;
    assert_eq!(
        (status.as_str(), captured),
        ("captured", 50000),
        "still captured, once"
    );
    let stripe = intent_at_stripe(&app, &intent).await;
    assert_eq!(
        stripe["latest_charge"]["amount_captured"]
            .as_i64()
            .unwrap_or(50000),
        50000
    );
    assert_eq!(stripe["amount"], 50000, "one capture of the whole amount");
    let confirmations: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointment_events WHERE appointment_id = $1 AND to_status = 'confirmed'",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(confirmations, 1);
}

async fn payments_belong_to_their_patient(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let other = app.verified_patient("omar@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    pay_ok(&app, &patient, id).await;
    let path = format!("/api/v1/appointments/{id}/payment");
    assert_eq!(
        app.api(Method::POST, &path, Some(&other), Some(json!({})))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.api(Method::GET, &path, Some(&other), None)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.api(Method::POST, &path, Some(&doctor_token), Some(json!({})))
            .await
            .status(),
        403
    );
    let seen = app.get_json(&path, Some(&doctor_token)).await;
    assert_eq!(seen["status"], "authorized", "the doctor sees the payment");
    assert!(app
        .get_json("/api/v1/me/payments", Some(&other))
        .await
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        app.api(Method::GET, "/api/v1/me/revenue", Some(&patient), None)
            .await
            .status(),
        403
    );
}

/// A paid visit, accepted and captured, for which the patient then asks a new time
/// (`new_start`) of a doctor who answers requests: answers (the doctor's token, the visit's
/// id).
async fn captured_then_proposed(app: &TestApp, patient: &str) -> (String, i64) {
    let (doctor, doctor_token) = online_doctor(app, "doc@example.org", false).await;
    let id = book_held(app, patient, doctor, &slot_at(10, "09:00")).await;
    pay_ok(app, patient, id).await;
    act(app, &doctor_token, id, "accept", "").await;
    payment_reaches(app, id, "captured").await;
    let proposed = app
        .post_ok(
            &format!("/api/v1/appointments/{id}/reschedule"),
            patient,
            json!({"start": slot_at(11, "10:00")}),
        )
        .await;
    assert_eq!(proposed["appointment"]["id"], id, "the same appointment");
    assert_eq!(proposed["appointment"]["proposal"]["slot"]["time"], "10:00");
    (doctor_token, id)
}

/// The visit's status, local time, and its payment (status, captured, refunded) once the jobs
/// due by the server's clock have run.
async fn visit_and_payment(
    app: &TestApp,
    patient: &str,
    id: i64,
) -> (String, String, (String, i64, i64)) {
    app.run_due_jobs().await;
    let visit = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(patient))
        .await;
    let history = app.get_json("/api/v1/me/payments", Some(patient)).await;
    assert_eq!(history.as_array().unwrap().len(), 1, "one payment");
    let payment = &history[0];
    assert_eq!(payment["appointment_id"], id, "still this visit's payment");
    (
        visit["appointment"]["status"].as_str().unwrap().to_owned(),
        visit["appointment"]["slot"]["time"]
            .as_str()
            .unwrap()
            .to_owned(),
        (
            payment["status"].as_str().unwrap().to_owned(),
            payment["captured"]["minor"].as_i64().unwrap(),
            payment["refunded"]["minor"].as_i64().unwrap(),
        ),
    )
}

fn paid_in_full() -> (String, i64, i64) {
    ("captured".to_owned(), 50000, 0)
}

async fn a_paid_visit_whose_new_time_is_refused_keeps_its_time_and_its_payment(db: Database) {
    let app = spawn_app(db).await;
    let patient = app.verified_patient("amina@example.org").await;
    let (doctor_token, id) = captured_then_proposed(&app, &patient).await;
    app.post_ok(
        &format!("/api/v1/appointments/{id}/proposal/refuse"),
        &doctor_token,
        json!({"reason": "Fully booked that day"}),
    )
    .await;
    assert_eq!(
        visit_and_payment(&app, &patient, id).await,
        ("confirmed".to_owned(), "09:00".to_owned(), paid_in_full()),
        "still confirmed at the original time, still paid"
    );
}

async fn a_paid_visit_whose_new_time_lapses_keeps_its_time_and_its_payment(db: Database) {
    let app = spawn_app(db).await;
    let patient = app.verified_patient("amina@example.org").await;
    let (_, id) = captured_then_proposed(&app, &patient).await;
    // The proposal's deadline passes; the patient signs in again two days on.
    app.advance_clock(Duration::hours(49));
    let patient = app.token("amina@example.org", PASSWORD).await;
    assert_eq!(
        visit_and_payment(&app, &patient, id).await,
        ("confirmed".to_owned(), "09:00".to_owned(), paid_in_full())
    );
}

async fn a_paid_visit_moved_to_an_accepted_time_keeps_its_payment(db: Database) {
    let app = spawn_app(db).await;
    let patient = app.verified_patient("amina@example.org").await;
    let (doctor_token, id) = captured_then_proposed(&app, &patient).await;
    app.post_ok(
        &format!("/api/v1/appointments/{id}/proposal/accept"),
        &doctor_token,
        json!({}),
    )
    .await;
    assert_eq!(
        visit_and_payment(&app, &patient, id).await,
        ("confirmed".to_owned(), "10:00".to_owned(), paid_in_full())
    );
}

/// Cancels an intent at Stripe's side, as its dashboard (or a lapsed authorisation) would.
async fn cancel_at_stripe(app: &TestApp, intent: &str) {
    let response = app
        .client
        .post(format!(
            "{}/v1/payment_intents/{intent}/cancel",
            stripe_url()
        ))
        .basic_auth("sk_test_salus_localstripe", Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn accepting_a_request_whose_authorisation_was_cancelled_at_stripe_is_refused(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let start = slot_at(10, "09:00");
    let id = book_held(&app, &patient, doctor, &start).await;
    pay_ok(&app, &patient, id).await;
    let (_, _, _, intent) = payment_reaches(&app, id, "authorized").await;
    cancel_at_stripe(&app, &intent).await;
    let accepted = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/accept"),
            Some(&doctor_token),
            Some(json!({})),
        )
        .await;
    let (status, error, _) = error_of(accepted).await;
    assert_eq!(
        (status, error.as_str()),
        (409, "conflict"),
        "an unpaid visit is not confirmed"
    );
    assert_eq!(appointment_status(&app, id).await, "expired");
    payment_reaches(&app, id, "released").await;
    let detail = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&patient))
        .await;
    assert_eq!(detail["appointment"]["status_reason"], "payment_lapsed");
    assert_eq!(
        app.notice_kinds("amina@example.org", id)
            .await
            .last()
            .unwrap(),
        "payment_lapsed"
    );
    assert_eq!(
        app.notice_kinds("doc@example.org", id)
            .await
            .last()
            .unwrap(),
        "payment_lapsed"
    );
    // The slot is free again.
    let other = app.verified_patient("omar@example.org").await;
    book_held(&app, &other, doctor, &start).await;
}

async fn a_cancelled_intent_reported_by_webhook_ends_the_request(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token) = online_doctor(&app, "doc@example.org", false).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_held(&app, &patient, doctor, &slot_at(10, "09:00")).await;
    pay_ok(&app, &patient, id).await;
    let (_, _, _, intent) = payment_reaches(&app, id, "authorized").await;
    cancel_at_stripe(&app, &intent).await;
    // localstripe does not send `payment_intent.canceled`; Stripe would.
    let body = event("evt_cancelled", "payment_intent.canceled", &intent);
    assert_eq!(
        post_webhook(&app, &body, WEBHOOK_SECRET).await.status(),
        200
    );
    payment_reaches(&app, id, "released").await;
    assert_eq!(
        appointment_status(&app, id).await,
        "expired",
        "the request ends without waiting for the doctor"
    );
    assert_eq!(
        app.notice_kinds("amina@example.org", id)
            .await
            .last()
            .unwrap(),
        "payment_lapsed"
    );
    assert_eq!(
        app.notice_kinds("doc@example.org", id)
            .await
            .last()
            .unwrap(),
        "payment_lapsed"
    );
    server::worker::run_due_jobs(&app.state, "payments-test", app.state.clock.now())
        .await
        .unwrap();
    let letter: String = sqlx::query_scalar(
        "SELECT body FROM mail_outbox WHERE recipient = $1 AND notification_id IS NOT NULL \
         ORDER BY id DESC LIMIT 1",
    )
    .bind("amina@example.org")
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(
        letter.contains(&format!("/doctors/{doctor}")),
        "the patient is offered to book again: {letter}"
    );
    let accepted = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/accept"),
            Some(&doctor_token),
            Some(json!({})),
        )
        .await;
    assert_eq!(accepted.status(), 409);
}
