//! A clinic's statistics for its secretaries and admins, over a chosen period of local days:
//! appointments by status, cancellation and no-show rates, utilisation per doctor (booked time
//! against the time their schedule offered), the busiest hours; and the same figures as CSV.

use crate::api::feedback::get_clinic_stats;
use crate::components::appointment_view::status_label;
use crate::components::chart::{Bar, BarChart};
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::stats::{ClinicStats, ClinicStatsQuery};
use shared::{Me, Role};

#[component]
pub fn ClinicStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, stats.clinic_title).to_string()) />
        <h1>{t!(i18n, stats.clinic_title)}</h1>
        <SignedIn children=move |me: Me| {
            if matches!(me.role, Role::Secretary | Role::ClinicAdmin) {
                view! { <ClinicReport /> }.into_any()
            } else {
                view! { <p class="notice notice-error" role="alert">{t!(i18n, stats.staff_only)}</p> }.into_any()
            }
        } />
    }
}

#[component]
fn ClinicReport() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let read = params.read();
        let get = |key: &str| read.get(key).filter(|v| !v.trim().is_empty());
        ClinicStatsQuery {
            from: get("from"),
            to: get("to"),
        }
    });
    let report = Resource::new(move || query.get(), |q| get_clinic_stats(q.from, q.to));
    view! {
        <Suspense fallback=|| view! { <Loading lines=6 /> }>
            {move || report.get().map(|result| match result {
                Ok(stats) => view! { <PeriodForm stats=stats.clone() /> <Report stats /> }.into_any(),
                Err(error) => view! {
                    <PeriodForm stats=None />
                    <ErrorNotice error on_retry=Callback::new(move |_| report.refetch()) />
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The period, as a plain GET form (works before hydration, and the URL can be shared).
#[component]
fn PeriodForm(#[prop(into)] stats: Option<ClinicStats>) -> impl IntoView {
    let i18n = use_i18n();
    let from = stats
        .as_ref()
        .map(|s| s.from.to_string())
        .unwrap_or_default();
    let to = stats.as_ref().map(|s| s.to.to_string()).unwrap_or_default();
    let csv = format!("/clinic/stats.csv?from={from}&to={to}");
    view! {
        <form class="card filters" method="get" action="/clinic/stats">
            <div class="field">
                <label for="period-from">{t!(i18n, stats.from)}</label>
                <input id="period-from" type="date" name="from" value=from />
            </div>
            <div class="field">
                <label for="period-to">{t!(i18n, stats.to)}</label>
                <input id="period-to" type="date" name="to" value=to />
            </div>
            <div class="button-row">
                <button type="submit" class="button button-primary">{t!(i18n, stats.show)}</button>
                {stats.is_some().then(|| view! { <a class="button button-secondary" href=csv download rel="external">{t!(i18n, stats.download_csv)}</a> })}
            </div>
        </form>
    }
}

#[component]
fn Report(stats: ClinicStats) -> impl IntoView {
    let i18n = use_i18n();
    let language = language_of(i18n.get_locale_untracked());
    let counts = stats.counts;
    let (cancellation, no_show) = (stats.cancellation, stats.no_show);
    let statuses: Vec<Bar> = counts
        .each()
        .into_iter()
        .map(|(status, n)| Bar {
            label: status_label(i18n.get_locale_untracked(), status),
            value: n,
            text: n.to_string(),
        })
        .collect();
    let utilisation: Vec<Bar> = stats
        .doctors
        .iter()
        .map(|d| Bar {
            label: d.name.clone(),
            value: d.utilisation.per_mille().unwrap_or(0),
            text: d.utilisation.text(language),
        })
        .collect();
    let hours: Vec<Bar> = stats
        .busiest_hours
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(hour, n)| Bar {
            label: format!("{hour:02}:00"),
            value: *n,
            text: n.to_string(),
        })
        .collect();
    let zone = stats.time_zone.clone();
    let text = move |key: fn(Locale) -> String| Signal::derive(move || key(i18n.get_locale()));
    let doctors = stats.doctors.clone();
    view! {
        <dl class="tiles">
            <div><dt>{t!(i18n, stats.appointments)}</dt><dd>{counts.total()}</dd></div>
            <div><dt>{t!(i18n, stats.visits)}</dt><dd>{counts.completed}</dd></div>
            <div><dt>{t!(i18n, stats.cancellation_rate)}</dt><dd>{move || cancellation.text(language_of(i18n.get_locale()))}</dd></div>
            <div><dt>{t!(i18n, stats.no_show_rate)}</dt><dd>{move || no_show.text(language_of(i18n.get_locale()))}</dd></div>
        </dl>
        <p class="muted">{move || t_string!(i18n, stats.clinic_note, zone = zone.clone()).to_string()}</p>
        <div class="chart-grid">
            <BarChart id="chart-status" title=text(|l| td_string!(l, stats.status_chart).to_string())
                summary=text(|l| td_string!(l, stats.status_summary).to_string()) bars=statuses />
            <BarChart id="chart-utilisation" title=text(|l| td_string!(l, stats.utilisation_chart).to_string())
                summary=text(|l| td_string!(l, stats.utilisation_summary).to_string()) bars=utilisation scale=1000 />
            {(!hours.is_empty()).then(|| view! {
                <BarChart id="chart-hours" title=text(|l| td_string!(l, stats.hours_chart).to_string())
                    summary=text(|l| td_string!(l, stats.hours_summary).to_string()) bars=hours />
            })}
        </div>
        // Not a landmark itself: the table's scrolling box below is the region named by the heading.
        <section class="card">
            <h2 id="utilisation-heading">{t!(i18n, stats.utilisation_table)}</h2>
            // Focusable and named: on a phone the table scrolls sideways, and a keyboard user
            // must be able to scroll it too.
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="utilisation-heading">
                <table class="revenue">
                    <thead><tr>
                        <th scope="col">{t!(i18n, roles.doctor)}</th>
                        <th scope="col">{t!(i18n, stats.booked_hours)}</th>
                        <th scope="col">{t!(i18n, stats.offered_hours)}</th>
                        <th scope="col">{t!(i18n, stats.utilisation)}</th>
                    </tr></thead>
                    <tbody>
                        {doctors.into_iter().map(|d| {
                            let rate = d.utilisation;
                            view! {
                                <tr>
                                    <th scope="row">{d.name}</th>
                                    <td>{hours_text(d.booked_minutes)}</td>
                                    <td>{hours_text(d.offered_minutes)}</td>
                                    <td>{move || rate.text(language_of(i18n.get_locale()))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// "12 h 30" from minutes.
fn hours_text(minutes: i64) -> String {
    format!("{} h {:02}", minutes / 60, minutes % 60)
}
