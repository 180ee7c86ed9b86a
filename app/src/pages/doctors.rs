//! Placeholder replaced below.
use leptos::prelude::*;

#[component]
pub fn DoctorsPage() -> impl IntoView {
    view! { <h1>"Doctors"</h1> }
}
