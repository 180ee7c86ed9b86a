//! The site header: brand, main navigation (a menu button below 640 px) and the language switch.

use crate::api::auth::log_out;
use crate::components::bell::Bell;
use crate::components::session::use_current_user;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;
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
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"+"</span>
                <span class="brand-name">{t!(i18n, app_name)}</span>
            </a>
            <Bell />
            <button
                type="button"
                class="menu-toggle"
                aria-controls="main-nav"
                aria-expanded=move || menu_open.get().to_string()
                aria-label=toggle_label
                on:click=move |_| set_menu_open.update(|open| *open = !*open)
            >
                <span class="menu-toggle-bars" aria-hidden="true"></span>
                <span class="menu-toggle-text">{t!(i18n, nav.menu)}</span>
            </button>
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
            </nav>
        </header>
    }
}

/// Login and sign-up for visitors; the account, the role's own pages and logout once signed in.
#[component]
fn AccountLinks() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let navigate = leptos_router::hooks::use_navigate();
    let log_out_action = Action::new(|_: &()| log_out());
    Effect::new(move |_| {
        if let Some(Ok(())) = log_out_action.value().get() {
            user.reload();
            navigate("/", Default::default());
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || match user.0.get() {
                Some(Ok(Some(me))) => view! {
                    {(me.role == Role::Patient).then(|| view! { <li><A href="/appointments">{t!(i18n, nav.appointments)}</A></li> })}
                    {(me.role == Role::Doctor).then(|| view! { <li><A href="/practice">{t!(i18n, nav.practice)}</A></li> })}
                    {(me.role == Role::ClinicAdmin).then(|| view! { <li><A href="/clinic" exact=true>{t!(i18n, nav.clinic)}</A></li> })}
                    {matches!(me.role, Role::Secretary | Role::ClinicAdmin).then(|| view! { <li><A href="/clinic/desk">{t!(i18n, nav.front_desk)}</A></li> })}
                    {matches!(me.role, Role::Secretary | Role::ClinicAdmin).then(|| view! { <li><A href="/clinic/calendar">{t!(i18n, nav.calendars)}</A></li> })}
                    {matches!(me.role, Role::Secretary | Role::ClinicAdmin).then(|| view! { <li><A href="/clinic/stats">{t!(i18n, nav.statistics)}</A></li> })}
                    {(me.role == Role::PlatformAdmin).then(|| view! { <li><A href="/admin">{t!(i18n, nav.admin)}</A></li> })}
                    <li><A href="/account">{t!(i18n, nav.account)}</A></li>
                    <li>
                        <button type="button" class="link-button" on:click=move |_| { log_out_action.dispatch(()); }>
                            {t!(i18n, nav.log_out)}
                        </button>
                    </li>
                }.into_any(),
                Some(_) => view! {
                    <li><A href="/login">{t!(i18n, nav.log_in)}</A></li>
                    <li><A href="/signup">{t!(i18n, nav.sign_up)}</A></li>
                }.into_any(),
                None => ().into_any(),
            }}
        </Transition>
    }
}

/// Switches between English and French. leptos_i18n keeps the choice in a cookie, so the
/// server renders the next page in the same language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();

    let on_change = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        let locale = match chosen.as_str() {
            "fr" => Locale::fr,
            _ => Locale::en,
        };
        i18n.set_locale(locale);
        toasts.push(
            ToastKind::Info,
            td_string!(locale, language.changed).to_string(),
        );
    };

    view! {
        <div class="language-switch">
            <label for="language-select">{t!(i18n, language.label)}</label>
            <select id="language-select" on:change=on_change>
                <option value="en" selected=move || i18n.get_locale() == Locale::en>"English"</option>
                <option value="fr" selected=move || i18n.get_locale() == Locale::fr>"Français"</option>
            </select>
        </div>
    }
}
