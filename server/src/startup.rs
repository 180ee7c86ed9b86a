//! Building and running the HTTP application.

use crate::config::{dev_jwt_secret, Config, Environment};
use crate::csrf::{self, PublicOrigin};
use crate::openapi::ApiDoc;
use crate::state::ServerState;
use crate::{
    body_limit, directory_url, health, media, refused_form, rest, security_headers, session_renewal,
};
use app::{shell, App, AppError};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::{middleware, Router};
use backend::accounts::throttle::Throttles;
use backend::clock::Clock;
use backend::db::{self, Db, DbError};
use backend::notify::mail::{Mailer, MailerError};
use backend::payments::gateway::Gateway;
use backend::{clinics::directory, demo, AppState, Settings};
use leptos::config::LeptosOptions;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// The stack of each worker thread. Leptos renders a page's whole view tree recursively on
/// the worker's stack once the page is rendered with its data (the signed-in session, an
/// appointment's details): the appointment page needs more than 4 MB in an unoptimised build,
/// more than tokio's default 2 MB leaves. 8 MB is address space, not memory, until used.
pub const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("could not create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not prepare the development JWT key: {0}")]
    JwtKey(std::io::Error),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("could not prepare the data: {0}")]
    Seed(AppError),
    #[error(transparent)]
    Mail(MailerError),
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Opens the database named by the configuration (creating the data directory for SQLite)
/// and brings its schema up to date. The CLI and the server share this.
pub async fn open_database(config: &Config) -> Result<Db, StartupError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| StartupError::DataDir {
        path: config.data_dir.clone(),
        source,
    })?;
    let db = db::connect(&config.database_url).await?;
    db::migrate(&db).await?;
    Ok(db)
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    state: AppState,
    live_listener: tokio::task::JoinHandle<()>,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let db = open_database(&config).await?;
        directory::backfill_search_names(&db)
            .await
            .map_err(StartupError::Seed)?;
        if config.environment == Environment::Development && !config.addr.ip().is_loopback() {
            tracing::warn!(
                "running in development mode on a non-loopback address; set SALUS_ENV=production \
                 for a real deployment"
            );
        }
        if config.environment == Environment::Production
            && !config.public_url.starts_with("https://")
        {
            tracing::warn!(
                "SALUS_PUBLIC_URL is not https://: browsers will not keep the Secure session \
                 cookie, so nobody can stay logged in"
            );
        }
        // The server's one clock: everything that runs in it asks this one the time.
        let clock = Clock::system();
        let wants_demo = config.demo_data && config.environment == Environment::Development;
        if wants_demo
            && demo::seed_if_empty(&db, clock.now())
                .await
                .map_err(StartupError::Seed)?
        {
            tracing::info!("seeded demo clinics and accounts (see README.md for the logins)");
        }
        let jwt_secret = match config.jwt_secret.clone() {
            Some(secret) => secret,
            None => dev_jwt_secret(&config.data_dir).map_err(StartupError::JwtKey)?,
        };
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let mailer = Mailer::new(config.smtp_url.as_deref(), &config.mail_from)
            .map_err(StartupError::Mail)?;
        let app_state = AppState {
            db: db.clone(),
            clock,
            settings: Arc::new(Settings {
                jwt_secret,
                public_url: config.public_url.clone(),
                data_dir: config.data_dir.clone(),
                // Production is served over HTTPS (possibly behind a proxy): its cookies are
                // always `Secure`.
                secure_cookies: config.public_url.starts_with("https://")
                    || config.environment == Environment::Production,
                // The outbox holds live reset links: only a development server that nobody
                // else can reach may list it.
                show_outbox: config.environment == Environment::Development
                    && config.addr.ip().is_loopback(),
                mailer,
                trusted_proxies: config.trusted_proxies.clone(),
                stripe: config.stripe.as_ref().map(|stripe| {
                    Gateway::new(
                        &stripe.api_url,
                        &String::from_utf8_lossy(stripe.secret_key.expose()),
                        &stripe.publishable_key,
                        &stripe.js_url,
                        stripe.webhook_secret.clone(),
                    )
                }),
            }),
            throttles: Arc::new(Throttles::for_database(&db)),
            live: Arc::default(),
        };
        // On PostgreSQL, one connection per instance hears every instance's live changes.
        let live_listener = tokio::spawn(backend::live::listen(
            config.database_url.clone(),
            db.backend,
            app_state.live.clone(),
        ));
        let router = build_router(&config, app_state.clone());
        Ok(Self {
            listener,
            router,
            db,
            state: app_state,
            live_listener,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound TCP listener always has a local address")
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The service layer's state (database, settings, Stripe), as the worker uses it.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight and closes the
    /// database pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let Self {
            listener,
            router,
            db,
            state,
            live_listener,
        } = self;
        let worker = crate::worker::spawn(state);
        let result = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        worker.abort();
        live_listener.abort();
        db.pool.close().await;
        result
    }
}

fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_files = hash_file_present();
    LeptosOptions::builder()
        .output_name("salus")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hash_files)
        .build()
}

/// cargo-leptos writes `hash.txt` (the content hashes of the JS, WASM and CSS file names) next
/// to the server binary in release builds. Leptos panics if hashing is on and the file is
/// missing, so hashing follows the file's presence.
fn hash_file_present() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.exists())
}

pub fn build_router(config: &Config, app_state: AppState) -> Router {
    let leptos_options = leptos_options(config);
    if !config.site_root.join("pkg").is_dir() {
        tracing::warn!(
            site_root = %config.site_root.display(),
            "no built bundle under LEPTOS_SITE_ROOT/pkg: pages will render but not hydrate \
             (build with `cargo leptos build --release`, or run from the project root)"
        );
    }
    let routes = generate_route_list(App);
    crate::metrics::install();
    let state = ServerState {
        leptos_options: leptos_options.clone(),
        app: app_state.clone(),
        metrics: crate::state::MetricsAccess::from_config(config),
        streams: Arc::default(),
    };
    let context = {
        let app_state = app_state.clone();
        move || leptos::prelude::provide_context(app_state.clone())
    };

    let router = Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .route("/metrics", get(crate::metrics::scrape))
        .nest("/api/v1", rest::router())
        .route(
            "/account/photo",
            post(media::upload_photo).layer(DefaultBodyLimit::max(body_limit::PHOTO_LIMIT)),
        )
        .route("/media/photos/{name}", get(media::serve_photo))
        // The clinic report's download link, for the signed-in browser.
        .route(
            "/clinic/stats.csv",
            get(rest::feedback::clinic_stats_csv_download),
        )
        // The bell's live unread count, for the signed-in browser.
        .route(
            "/notifications/stream",
            get(rest::notifications::stream_for_browser),
        )
        // The header's language buttons, for pages shown without JavaScript too.
        .route("/language", post(crate::language::choose))
        // Stripe's deliveries: verified by signature, not by session or origin.
        .route("/webhooks/stripe", post(crate::webhooks::stripe))
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", ApiDoc::openapi()))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .nest_service(
            "/pkg",
            static_assets(&config.site_root.join("pkg"), leptos_options.hash_files),
        )
        // Every route above notes its pattern for the request metrics (`metrics::track`).
        .route_layer(middleware::from_fn(crate::metrics::note_route))
        .fallback(file_and_error_handler_with_context::<ServerState, _>(
            context, shell,
        ))
        .with_state(state)
        // A request that has not produced its response head in 30 s is abandoned, so slow
        // clients or a stuck query cannot pile up connections.
        .layer(TimeoutLayer::with_status_code(
            // 503 rather than 408: browsers may silently replay a request answered 408.
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            std::time::Duration::from_secs(30),
        ))
        .layer(middleware::from_fn_with_state(
            app_state.clone(),
            refused_form::keep_refused_forms,
        ))
        .layer(middleware::from_fn(directory_url::clean_directory_url))
        .layer(middleware::from_fn_with_state(
            app_state.clone(),
            session_renewal::renew_session,
        ))
        .layer(middleware::from_fn_with_state(
            PublicOrigin::from_url(&config.public_url),
            csrf::refuse_cross_site,
        ))
        .layer(middleware::from_fn(security_headers::add_security_headers))
        // Outside the CSRF guard and every handler: an oversized body is refused unread.
        .layer(middleware::from_fn(body_limit::limit_bodies))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn(crate::metrics::track));
    if config.public_url.starts_with("https://") {
        router.layer(middleware::from_fn(security_headers::add_hsts))
    } else {
        router
    }
}

/// The JS, WASM and CSS bundle. With hashed file names a new build means new URLs, so browsers
/// may keep each file for a year without asking again; without hashes they must revalidate.
/// Only files that exist are cached: a 404 (say, an old bundle during a deploy) must not be.
pub fn static_assets(pkg_dir: &Path, hashed: bool) -> Router {
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::map_response(
            move |mut response: axum::response::Response| async move {
                let value = if response.status().is_success() {
                    cache
                } else {
                    "no-store"
                };
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
                response
            },
        ))
}

/// Completes on Ctrl-C or SIGTERM (what `docker stop` sends).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests;
