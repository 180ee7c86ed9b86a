//! The HTML document around the application, rendered on the server for every page.

use crate::backend::security::content_security_policy;
use crate::App;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    send_security_policy_with_nonce();
    // Public pages are whole without a script (links and forms): they load no WASM at all,
    // so a phone can use them at once. Every other page hydrates, loading its own chunk.
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_owned());
    let hydrates = !path
        .as_deref()
        .is_some_and(crate::app::works_without_script);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f6b63" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                // Without a script, what needs one says so (a file, so the CSP needs no
                // inline style).
                <noscript><link rel="stylesheet" href="/no-script.css" /></noscript>
                {hydrates.then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// leptos_axum mints a nonce for every render and puts it on the inline scripts it writes
/// (hydration, streamed resources). The page's Content-Security-Policy must name that same
/// nonce, so the header is set here, where the nonce is known; the security-header middleware
/// leaves a policy set by the page alone.
fn send_security_policy_with_nonce() {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = use_nonce().map(|n| n.to_string());
    let payments = use_context::<crate::backend::AppState>()
        .and_then(|state| state.settings.stripe.as_ref().and_then(|s| s.origins()));
    let policy = content_security_policy(nonce.as_deref(), payments.as_ref());
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
