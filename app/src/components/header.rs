//! The site header: brand, bell, main navigation (behind a menu link below 640 px) and the
//! language switch. Everything in it works as plain HTML before (or without) the WASM: the
//! menu link opens the navigation through its `#main-nav` anchor (CSS `:target`), logging out
//! and choosing a language are forms that post; the script only smooths them.

use crate::api::auth::LogOut;
use crate::components::bell::Bell;
use crate::components::session::{here, use_current_user};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use shared::Role;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let (menu_open, set_menu_open) = signal(false);

    let toggle_label = move || {
        if menu_open.get() {
            t_string!(i18n, nav.close_menu)
        } else {
            t_string!(i18n, nav.open_menu)
        }
    };

    view! {
        <header class="site-header" id="top">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"+"</span>
                <span class="brand-name">{t!(i18n, app_name)}</span>
            </a>
            <Bell />
            <a
                href="#main-nav"
                role="button"
                class="menu-toggle"
                aria-controls="main-nav"
                aria-expanded=move || menu_open.get().to_string()
                aria-label=toggle_label
                on:click=move |ev| {
                    ev.prevent_default();
                    set_menu_open.update(|open| *open = !*open);
                }
            >
                <span class="menu-toggle-bars" aria-hidden="true"></span>
                <span class="menu-toggle-text">{t!(i18n, nav.menu)}</span>
            </a>
            <nav
                id="main-nav"
                class="main-nav"
                class:open=move || menu_open.get()
                aria-label=move || t_string!(i18n, nav.label)
            >
                // Following a link closes the phone menu, so the new page is not hidden under it.
                <ul on:click=move |_| set_menu_open.set(false)>
                    <li><A href="/" exact=true>{t!(i18n, nav.home)}</A></li>
                    <li><A href="/doctors">{t!(i18n, nav.doctors)}</A></li>
                    <AccountLinks />
                </ul>
                <LanguageSwitch />
                <a class="menu-close" href="#top">{t!(i18n, nav.close_menu)}</a>
            </nav>
        </header>
    }
}

/// Login and sign-up for visitors; the account, the role's own pages and logout once signed in.
#[component]
fn AccountLinks() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let log_out = ServerAction::<LogOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = log_out.value().get() {
            // A whole page load: every piece of the signed-in page goes.
            let _ = window().location().set_href("/");
        }
    });
    move || {
        match user.get() {
        Some(me) => view! {
            {(me.role == Role::Patient).then(|| view! { <li><A href="/appointments">{t!(i18n, nav.appointments)}</A></li> })}
            {(me.role == Role::Doctor).then(|| view! { <li><A href="/practice">{t!(i18n, nav.practice)}</A></li> })}
            {(me.role == Role::ClinicAdmin).then(|| view! { <li><A href="/clinic" exact=true>{t!(i18n, nav.clinic)}</A></li> })}
            {matches!(me.role, Role::Secretary | Role::ClinicAdmin).then(|| view! { <li><A href="/clinic/desk">{t!(i18n, nav.front_desk)}</A></li> })}
            {matches!(me.role, Role::Secretary | Role::ClinicAdmin).then(|| view! { <li><A href="/clinic/calendar">{t!(i18n, nav.calendars)}</A></li> })}
            {matches!(me.role, Role::Secretary | Role::ClinicAdmin).then(|| view! { <li><A href="/clinic/stats">{t!(i18n, nav.statistics)}</A></li> })}
            {(me.role == Role::PlatformAdmin).then(|| view! { <li><A href="/admin">{t!(i18n, nav.admin)}</A></li> })}
            <li><A href="/account">{t!(i18n, nav.account)}</A></li>
            <li>
                <ActionForm action=log_out attr:class="log-out">
                    <button type="submit" class="link-button">{t!(i18n, nav.log_out)}</button>
                </ActionForm>
            </li>
        }
        .into_any(),
        None => view! {
            <li><A href="/login">{t!(i18n, nav.log_in)}</A></li>
            <li><A href="/signup">{t!(i18n, nav.sign_up)}</A></li>
        }
        .into_any(),
    }
    }
}

/// Switches between English and French: a form that posts the choice to `/language`, which
/// keeps it in leptos_i18n's cookie and comes back to this page, rendered in that language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    // Read again after each navigation inside the app.
    let location = use_location();
    let back = move || {
        location.pathname.track();
        location.search.track();
        let (path, query) = here();
        let query = query.trim_start_matches('?');
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    let current = move |locale: Locale| (i18n.get_locale() == locale).to_string();
    view! {
        <form class="language-switch" method="post" action="/language">
            <span class="language-label" id="language-label">{t!(i18n, language.label)}</span>
            <input type="hidden" name="back" value=back />
            <span class="language-choices" role="group" aria-labelledby="language-label">
                <button type="submit" name="language" value="en" lang="en"
                    aria-pressed=move || current(Locale::en)>"English"</button>
                <button type="submit" name="language" value="fr" lang="fr"
                    aria-pressed=move || current(Locale::fr)>"Français"</button>
            </span>
        </form>
    }
}
