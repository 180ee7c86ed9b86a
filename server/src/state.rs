//! The router's state, in a module of its own: the REST handlers, health, media and webhooks
//! take it, and `startup` builds it, so neither depends on the other.

use axum::extract::FromRef;
use backend::AppState;
use leptos::config::LeptosOptions;

/// Router state: Leptos needs its options, handlers need the service layer's state.
#[derive(Clone)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos_options.clone()
    }
}
