//! Who is signed in, shared by the header and every page. The server reads the session cookie
//! once per request (`server::session_renewal`) and renders the page with the account already
//! known; the browser starts from the same value (a `SharedValue` serialised into the page),
//! so nothing waits for the WASM or for a second request to know who is there. It is
//! reloaded after actions that change it (profile, photo, email verification).
//!
//! Reading it is synchronous on purpose: an asynchronous read in the header of every page
//! made server rendering wait on it, which exposed a Leptos/leptos_i18n race that left pages
//! hanging now and then.

use crate::api::account::current_user;
use leptos::prelude::*;
use shared::account::SignedInUser;
use shared::{Me, Role};

/// The account a page is rendered for, put in the request by the server.
#[derive(Debug, Clone, Default)]
pub struct PageSession(pub Option<SignedInUser>);

#[derive(Clone, Copy)]
pub struct CurrentUser(RwSignal<Option<SignedInUser>>);

impl CurrentUser {
    /// The signed-in account (`None` for a visitor).
    pub fn get(&self) -> Option<Me> {
        self.0
            .with(|user| user.as_ref().map(|user| user.me.clone()))
    }

    pub fn role(&self) -> Option<Role> {
        self.0.with(|user| user.as_ref().map(|user| user.me.role))
    }

    /// Unread notifications when the page was shown.
    pub fn unread(&self) -> i64 {
        self.0
            .with(|user| user.as_ref().map_or(0, |user| user.unread))
    }

    /// Reads the account again (after a change to it); keeps the unread count.
    pub fn reload(&self) {
        let signal = self.0;
        leptos::task::spawn_local(async move {
            if let Ok(me) = current_user().await {
                signal.update(|user| {
                    let unread = user.as_ref().map_or(0, |user| user.unread);
                    *user = me.map(|me| SignedInUser { me, unread });
                });
            }
        });
    }
}

pub fn provide_current_user() {
    let initial = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<PageSession>().cloned())
                .and_then(|session| session.0)
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    });
    provide_context(CurrentUser(RwSignal::new(initial.into_inner())));
}

pub fn use_current_user() -> CurrentUser {
    expect_context::<CurrentUser>()
}

/// Shows `children` with the signed-in account, or an invitation to log in that comes back
/// here afterwards.
#[component]
pub fn SignedIn<F, V>(children: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    use crate::i18n::*;
    let i18n = use_i18n();
    let user = use_current_user();
    move || match user.get() {
        Some(me) => children(me).into_view().into_any(),
        None => {
            let (path, query) = here();
            let href = shared::navigation::login_href(&path, &query);
            // A newcomer signs up from here and comes back to this very page once verified.
            let signup = shared::navigation::signup_href(&path, &query);
            view! {
                <section class="auth-card">
                    <h1>{t!(i18n, auth.login_required_title)}</h1>
                    <p>{t!(i18n, auth.login_required)}</p>
                    <p class="button-row">
                        <a class="button button-primary" href=href>{t!(i18n, auth.login_link)}</a>
                        <a class="button button-secondary" href=signup>{t!(i18n, auth.signup_instead)}</a>
                    </p>
                </section>
            }
            .into_any()
        }
    }
}

/// The address of the page being shown, path and query, exactly as the browser has it (still
/// percent-encoded: the router's own copy is decoded, which would turn a `%2B` into a `+`, read
/// back as a space).
pub fn here() -> (String, String) {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                (
                    parts.uri.path().to_owned(),
                    parts.uri.query().unwrap_or_default().to_owned(),
                )
            })
            .unwrap_or_else(|| ("/".to_owned(), String::new()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let location = window().location();
        (
            location.pathname().unwrap_or_else(|_| "/".to_owned()),
            location.search().unwrap_or_default(),
        )
    }
}
