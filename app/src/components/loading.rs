use crate::i18n::*;
use leptos::prelude::*;

/// A placeholder while data loads: skeleton lines that keep the layout still, and a text that
/// screen readers announce.
#[component]
pub fn Loading(#[prop(default = 3)] lines: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="visually-hidden">{t!(i18n, loading)}</span>
            {(0..lines).map(|_| view! { <span class="skeleton-line" aria-hidden="true"></span> }).collect_view()}
        </div>
    }
}
