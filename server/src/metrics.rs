//! `GET /metrics`, in Prometheus's text format, for operators. The code records through the
//! `metrics` facade (requests here, bookings and emails in the backend, open streams in the
//! notification stream) into one recorder per process, `metrics-exporter-prometheus`; what
//! the database knows (the job queue, the pool) is read when scraped, so it is always now.
//!
//! Who may read: with `SALUS_METRICS_TOKEN`, a request carrying it as a bearer token; in
//! development, also any request from loopback. Anyone else gets 401.

use crate::state::ServerState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use backend::AppState;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Instant;

/// Request latency buckets, in seconds: from a cached page to the 30 s timeout.
const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder, installed on first use. Every server of the process (tests start
/// many) records into it.
fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".to_owned()),
                &LATENCY_BUCKETS,
            )
            .and_then(PrometheusBuilder::install_recorder)
            .expect("the only metrics recorder of the process, with buckets");
        describe();
        // Present from the start, at zero, rather than only once a stream has opened.
        metrics::gauge!("notification_streams_open").set(0.0);
        metrics::gauge!("slot_streams_open").set(0.0);
        handle
    })
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        "http_requests_total",
        "Requests answered, by route and status"
    );
    describe_histogram!(
        "http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer a request, by route and status"
    );
    describe_counter!("bookings_total", "Booking attempts, by channel and outcome");
    describe_counter!("emails_total", "Emails, by outcome (sent, failed, outbox)");
    describe_gauge!("jobs_pending", "Jobs waiting to run, due or not, by kind");
    describe_gauge!("jobs_due", "Jobs due and not yet run, by kind");
    describe_gauge!(
        "jobs_lag_seconds",
        Unit::Seconds,
        "How long the oldest due job of a kind has waited"
    );
    describe_gauge!("db_pool_connections", "Database connections, by state");
    describe_gauge!("notification_streams_open", "Open notification streams");
    describe_gauge!(
        "slot_streams_open",
        "Open live slot streams (doctor and booking pages)"
    );
}

/// Installs the recorder when the server starts, so the first scrape has every metric
/// described.
pub fn install() {
    recorder();
}

/// The metrics, as Prometheus scrapes them.
#[utoipa::path(get, path = "/metrics", tag = "health",
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Prometheus text format (version 0.0.4)", content_type = "text/plain", body = String),
        (status = 401, description = "No valid metrics token (SALUS_METRICS_TOKEN)")))]
pub async fn scrape(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !state.metrics.allows(peer, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a metrics token is required\n",
        )
            .into_response();
    }
    if let Err(error) = read_database(&state.app).await {
        tracing::warn!(%error, "metrics: could not read the job queue");
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        recorder().render(),
    )
        .into_response()
}

/// Sets the gauges the database knows: the job queue per kind and the connection pool.
async fn read_database(state: &AppState) -> Result<(), shared::AppError> {
    let pool = &state.db.pool;
    let idle = pool.num_idle() as f64;
    metrics::gauge!("db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(pool.size()) - idle);
    for queue in backend::jobs::depth(&state.db, state.clock.now_unix()).await? {
        metrics::gauge!("jobs_pending", "kind" => queue.kind).set(queue.pending as f64);
        metrics::gauge!("jobs_due", "kind" => queue.kind).set(queue.due as f64);
        metrics::gauge!("jobs_lag_seconds", "kind" => queue.kind).set(queue.lag_seconds as f64);
    }
    Ok(())
}

/// The route a request matched, passed from inside the router to `track` outside it.
#[derive(Clone)]
struct Route(String);

/// Inside the router (a route layer): notes the matched route's pattern on the response.
pub async fn note_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| Route(path.as_str().to_owned()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Outside the router: counts every request and its latency by method, route pattern (never
/// the raw path, whose ids would make a series per appointment) and status.
pub async fn track(request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<Route>()
        .map_or_else(|| "unmatched".to_owned(), |route| route.0.clone());
    let labels = [
        ("method", method),
        ("route", route),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}
