use crate::db_tests;
use crate::helpers::{spawn_app, Database};
use serde_json::Value;

db_tests!(
    liveness_answers_ok,
    readiness_answers_ready_when_the_database_answers,
    readiness_answers_503_when_the_database_is_down,
);

async fn liveness_answers_ok(db: Database) {
    let app = spawn_app(db).await;
    let response = app.get("/health/live").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

async fn readiness_answers_ready_when_the_database_answers(db: Database) {
    let app = spawn_app(db).await;
    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], "ok");
}

async fn readiness_answers_503_when_the_database_is_down(db: Database) {
    let app = spawn_app(db).await;
    // Closing the server's pool is what a lost database looks like from inside: every
    // acquire fails.
    app.db.pool.close().await;
    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"], "unreachable");
    // Liveness does not depend on the database.
    assert_eq!(app.get("/health/live").await.status(), 200);
}
