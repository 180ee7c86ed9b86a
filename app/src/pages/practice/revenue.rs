//! A doctor's revenue per day, week or month, net of refunds.

use super::{DoctorOnly, PracticeNav, PracticeTab};
use crate::api::payments::my_revenue;
use crate::components::dates::{month_and_year, short_day};
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::{Me, RevenuePeriod};

#[component]
pub fn PracticeRevenuePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, practice.revenue_title).to_string()) />
        <PracticeNav current=PracticeTab::Revenue />
        <h1 id="revenue-heading">{t!(i18n, practice.revenue_title)}</h1>
        <DoctorOnly children=move |_: Me| view! { <RevenueTable /> } />
    }
}

#[component]
fn RevenueTable() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let period = move || {
        RevenuePeriod::parse(&query.read().get("period").unwrap_or_default()).unwrap_or_default()
    };
    let revenue = Resource::new(move || period().as_str().to_owned(), my_revenue);
    let label = move |p: RevenuePeriod| match p {
        RevenuePeriod::Day => t_string!(i18n, practice.view_day).to_string(),
        RevenuePeriod::Week => t_string!(i18n, practice.view_week).to_string(),
        RevenuePeriod::Month => t_string!(i18n, practice.view_month).to_string(),
    };
    view! {
        <nav class="segmented" aria-label=move || t_string!(i18n, practice.revenue_period)>
            {[RevenuePeriod::Day, RevenuePeriod::Week, RevenuePeriod::Month].into_iter().map(|p| view! {
                <a href=format!("/practice/revenue?period={}", p.as_str()) aria-current=move || (period() == p).then_some("page")>{move || label(p)}</a>
            }).collect_view()}
        </nav>
        <Suspense fallback=|| view! { <Loading lines=5 /> }>
            {move || revenue.get().map(|result| match result {
                Ok(revenue) if revenue.rows.is_empty() => view! { <p class="empty-state">{t!(i18n, practice.no_revenue)}</p> }.into_any(),
                Ok(revenue) => {
                    let period = revenue.period;
                    let totals = revenue.total_net.clone();
                    view! {
                        <p class="result-count revenue-total">
                            {t!(i18n, practice.revenue_total)} " "
                            {move || totals.iter().map(|m| m.display(language_of(i18n.get_locale()))).collect::<Vec<_>>().join(" · ")}
                        </p>
                        // On a phone the table scrolls in its own box (focusable, for keyboards).
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="revenue-heading">
                        <table class="revenue">
                            <thead><tr>
                                <th scope="col">{move || label(period)}</th>
                                <th scope="col">{t!(i18n, practice.revenue_visits)}</th>
                                <th scope="col">{t!(i18n, payment.paid)}</th>
                                <th scope="col">{t!(i18n, payment.refunded)}</th>
                                <th scope="col">{t!(i18n, payment.net)}</th>
                            </tr></thead>
                            <tbody>
                                {revenue.rows.into_iter().map(|row| {
                                    let from = row.from;
                                    let when = move || {
                                        let language = language_of(i18n.get_locale());
                                        match period {
                                            RevenuePeriod::Month => month_and_year(language, from),
                                            _ => short_day(language, from),
                                        }
                                    };
                                    let money = move |m: shared::Money| m.display(language_of(i18n.get_locale()));
                                    view! {
                                        <tr>
                                            <th scope="row">{when}</th>
                                            <td>{row.visits}</td>
                                            <td>{move || money(row.captured)}</td>
                                            <td>{move || money(row.refunded)}</td>
                                            <td><strong>{move || money(row.net)}</strong></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any()
                }
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| revenue.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}
