//! Who is signed in, shared by the header and every page. Loaded in the browser once per
//! page view and reloaded after login, logout and profile changes.
//!
//! It is a browser-only resource on purpose: private pages are not worth rendering on the
//! server, and an asynchronous read in the header of every page made server rendering wait
//! on it, which exposed a Leptos/leptos_i18n race (an effect touching a disposed owner)
//! that left about one page in five hanging under test.

use crate::api::account::current_user;
use crate::error::AppError;
use leptos::prelude::*;
use shared::{Me, Role};

#[derive(Clone, Copy)]
pub struct CurrentUser(pub LocalResource<Result<Option<Me>, AppError>>);

impl CurrentUser {
    /// The account, once loaded (`None` for a visitor or while loading).
    pub fn get(&self) -> Option<Me> {
        self.0.get().and_then(Result::ok).flatten()
    }

    pub fn role(&self) -> Option<Role> {
        self.get().map(|me| me.role)
    }

    pub fn reload(&self) {
        self.0.refetch();
    }
}

pub fn provide_current_user() {
    provide_context(CurrentUser(LocalResource::new(current_user)));
}

pub fn use_current_user() -> CurrentUser {
    expect_context::<CurrentUser>()
}

/// Shows `children` with the signed-in account, or an invitation to log in (coming back
/// here afterwards), or the error that kept the account from loading.
#[component]
pub fn SignedIn<F, V>(children: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    use crate::components::error_message::ErrorNotice;
    use crate::components::loading::Loading;
    use crate::i18n::*;
    let i18n = use_i18n();
    let user = use_current_user();
    let location = leptos_router::hooks::use_location();
    let children = std::sync::Arc::new(children);
    view! {
        <Suspense fallback=|| view! { <Loading lines=3 /> }>
            {
                let children = children.clone();
                move || user.0.get().map(|result| match result {
                    Ok(Some(me)) => children(me).into_view().into_any(),
                    Ok(None) => {
                        // The router's `search` has no leading `?`: login_href puts it back.
                        let href = shared::navigation::login_href(
                            &location.pathname.get(),
                            &location.search.get(),
                        );
                        view! {
                            <section class="auth-card">
                                <h1>{t!(i18n, auth.login_required_title)}</h1>
                                <p>{t!(i18n, auth.login_required)}</p>
                                <a class="button button-primary" href=href>{t!(i18n, auth.login_link)}</a>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! {
                        <ErrorNotice error on_retry=Callback::new(move |_| user.reload()) />
                    }.into_any(),
                })
            }
        </Suspense>
    }
}
