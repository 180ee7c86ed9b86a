//! The doctor's statistics over the last twelve weeks or months: visits, revenue net of
//! refunds, cancellation and no-show rates, average rating; charts with their figures.

use super::{DoctorOnly, PracticeNav, PracticeTab};
use crate::api::feedback::my_stats;
use crate::components::chart::{Bar, BarChart};
use crate::components::dates::{month_and_year, short_day};
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::stats::{DoctorStats, DoctorStatsRow, StatsGrain};
use shared::{Language, Me};

#[component]
pub fn PracticeStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, stats.doctor_title).to_string()) />
        <PracticeNav current=PracticeTab::Stats />
        <h1>{t!(i18n, stats.doctor_title)}</h1>
        <DoctorOnly children=move |_: Me| view! { <StatsView /> } />
    }
}

/// A span's label: "23 Nov" for a week, "November 2026" for a month.
fn span_label(language: Language, grain: StatsGrain, from: chrono::NaiveDate) -> String {
    match grain {
        StatsGrain::Week => short_day(language, from),
        StatsGrain::Month => month_and_year(language, from),
    }
}

/// One bar per span, newest first (the most recent figures at the top, where a phone starts).
fn bars(
    stats: &DoctorStats,
    language: Language,
    value: impl Fn(&DoctorStatsRow) -> (i64, String),
) -> Vec<Bar> {
    stats
        .rows
        .iter()
        .rev()
        .map(|row| {
            let (value, text) = value(row);
            Bar {
                label: span_label(language, stats.grain, row.from),
                value,
                text,
            }
        })
        .collect()
}

#[component]
fn StatsView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let grain = move || {
        StatsGrain::parse(&query.read().get("grain").unwrap_or_default()).unwrap_or_default()
    };
    let stats = Resource::new(move || grain().as_str().to_owned(), my_stats);
    let grain_label = move |g: StatsGrain| match g {
        StatsGrain::Week => t_string!(i18n, stats.by_week).to_string(),
        StatsGrain::Month => t_string!(i18n, stats.by_month).to_string(),
    };
    view! {
        <nav class="segmented" aria-label=move || t_string!(i18n, stats.grain)>
            {[StatsGrain::Week, StatsGrain::Month].into_iter().map(|g| view! {
                <a href=format!("/practice/stats?grain={}", g.as_str()) aria-current=move || (grain() == g).then_some("page")>{move || grain_label(g)}</a>
            }).collect_view()}
        </nav>
        <Suspense fallback=|| view! { <Loading lines=6 /> }>
            {move || stats.get().map(|result| match result {
                Ok(stats) => view! { <Charts stats /> }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| stats.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Charts(stats: DoctorStats) -> impl IntoView {
    let i18n = use_i18n();
    let language = language_of(i18n.get_locale_untracked());
    let visits = bars(&stats, language, |r| {
        (r.counts.completed, r.counts.completed.to_string())
    });
    let revenue = bars(&stats, language, |r| {
        (r.net.minor.max(0), r.net.display(language))
    });
    let cancellations = bars(&stats, language, |r| {
        (
            r.cancellation.per_mille().unwrap_or(0),
            r.cancellation.text(language),
        )
    });
    let no_shows = bars(&stats, language, |r| {
        (r.no_show.per_mille().unwrap_or(0), r.no_show.text(language))
    });
    let ratings = bars(&stats, language, |r| match r.rating {
        Some(rating) => (rating.average_tenths, rating.average_text(language)),
        None => (0, "–".to_owned()),
    });
    let totals = stats.totals;
    let (cancellation, no_show, net, rating) =
        (stats.cancellation, stats.no_show, stats.net, stats.rating);
    let zone = stats.time_zone.clone();
    let text = move |key: fn(Locale) -> String| Signal::derive(move || key(i18n.get_locale()));
    view! {
        <dl class="tiles">
            <div><dt>{t!(i18n, stats.visits)}</dt><dd>{totals.completed}</dd></div>
            <div><dt>{t!(i18n, stats.net_revenue)}</dt><dd>{move || net.display(language_of(i18n.get_locale()))}</dd></div>
            <div><dt>{t!(i18n, stats.cancellation_rate)}</dt><dd>{move || cancellation.text(language_of(i18n.get_locale()))}</dd></div>
            <div><dt>{t!(i18n, stats.no_show_rate)}</dt><dd>{move || no_show.text(language_of(i18n.get_locale()))}</dd></div>
            <div><dt>{t!(i18n, stats.average_rating)}</dt><dd>{move || rating.map(|r| r.average_text(language_of(i18n.get_locale()))).unwrap_or_else(|| "–".to_owned())}</dd></div>
        </dl>
        <p class="muted">{move || t_string!(i18n, stats.doctor_note, zone = zone.clone()).to_string()}</p>
        <div class="chart-grid">
            <BarChart id="chart-visits" title=text(|l| td_string!(l, stats.visits_chart).to_string())
                summary=text(|l| td_string!(l, stats.visits_summary).to_string()) bars=visits />
            <BarChart id="chart-revenue" title=text(|l| td_string!(l, stats.revenue_chart).to_string())
                summary=text(|l| td_string!(l, stats.revenue_summary).to_string()) bars=revenue />
            <BarChart id="chart-cancellations" title=text(|l| td_string!(l, stats.cancellation_chart).to_string())
                summary=text(|l| td_string!(l, stats.cancellation_summary).to_string()) bars=cancellations scale=1000 />
            <BarChart id="chart-no-shows" title=text(|l| td_string!(l, stats.no_show_chart).to_string())
                summary=text(|l| td_string!(l, stats.no_show_summary).to_string()) bars=no_shows scale=1000 />
            <BarChart id="chart-ratings" title=text(|l| td_string!(l, stats.rating_chart).to_string())
                summary=text(|l| td_string!(l, stats.rating_summary).to_string()) bars=ratings scale=50 />
        </div>
    }
}
