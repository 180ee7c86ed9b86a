//! The router's state, in a module of its own: the REST handlers, health, media and webhooks
//! take it, and `startup` builds it, so neither depends on the other.

use crate::config::{Config, Environment};
use axum::extract::FromRef;
use axum::http::{header, HeaderMap};
use backend::{AppState, Secret};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use subtle::ConstantTimeEq;

/// Router state: Leptos needs its options, handlers need the service layer's state.
#[derive(Clone)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
    /// Who may read `GET /metrics`.
    pub metrics: MetricsAccess,
    /// The live streams open on this instance, capped per person and per address.
    pub streams: std::sync::Arc<crate::live_streams::StreamCaps>,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos_options.clone()
    }
}

/// Who may read the metrics: the bearer of `SALUS_METRICS_TOKEN`, and in development any
/// request from loopback.
#[derive(Clone, Debug)]
pub struct MetricsAccess {
    token: Option<Secret>,
    loopback_open: bool,
}

impl MetricsAccess {
    pub fn from_config(config: &Config) -> Self {
        Self {
            token: config.metrics_token.clone(),
            loopback_open: config.environment == Environment::Development,
        }
    }

    pub fn allows(&self, peer: SocketAddr, headers: &HeaderMap) -> bool {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        let token_ok = match (&self.token, presented) {
            (Some(token), Some(presented)) => {
                bool::from(token.expose().ct_eq(presented.trim().as_bytes()))
            }
            _ => false,
        };
        token_ok || (self.loopback_open && peer.ip().is_loopback())
    }
}
