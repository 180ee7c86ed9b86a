//! The doctor's feedback: every rating with its stars, comment, patient and visit date,
//! filtered by stars, visit dates and patient; a public reply to each.

use super::{DoctorOnly, PracticeNav, PracticeTab};
use crate::api::feedback::my_feedback;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::components::ratings::{Distribution, RatingItem, RatingsPager};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::doctor::encode_query_value;
use shared::feedback::FeedbackQuery;
use shared::Me;

#[component]
pub fn PracticeFeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, feedback.practice_title).to_string()) />
        <PracticeNav current=PracticeTab::Feedback />
        <h1>{t!(i18n, feedback.practice_title)}</h1>
        <DoctorOnly children=move |_: Me| view! { <FeedbackList /> } />
    }
}

/// The filters' URL without the page number, for the pager.
fn filter_prefix(query: &FeedbackQuery) -> String {
    let mut parts = Vec::new();
    for (key, value) in [
        ("stars", &query.stars),
        ("from", &query.from),
        ("to", &query.to),
        ("patient", &query.patient),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{key}={}", encode_query_value(value)));
        }
    }
    parts.push("page=".to_owned());
    format!("/practice/feedback?{}", parts.join("&"))
}

#[component]
fn FeedbackList() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let read = params.read();
        let get = |key: &str| read.get(key).filter(|v| !v.trim().is_empty());
        FeedbackQuery {
            stars: get("stars"),
            from: get("from"),
            to: get("to"),
            patient: get("patient"),
            page: get("page"),
        }
    });
    let feedback = Resource::new(
        move || query.get(),
        |q| my_feedback(q.stars, q.from, q.to, q.patient, q.page),
    );
    let filtered = move || {
        let q = query.get();
        q.stars.is_some() || q.from.is_some() || q.to.is_some() || q.patient.is_some()
    };
    let value = move |pick: fn(&FeedbackQuery) -> Option<String>| {
        move || pick(&query.get()).unwrap_or_default()
    };
    view! {
        <form class="card filters feedback-filters" method="get" action="/practice/feedback">
            <div class="field">
                <label for="filter-stars">{t!(i18n, feedback.filter_stars)}</label>
                <select id="filter-stars" name="stars">
                    <option value="" selected=move || query.get().stars.is_none()>{t!(i18n, feedback.any_stars)}</option>
                    {(1..=5).rev().map(|n| view! {
                        <option value=n.to_string() selected=move || query.get().stars.as_deref() == Some(n.to_string().as_str())>
                            {move || t_string!(i18n, feedback.n_stars, count = n).to_string()}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-from">{t!(i18n, feedback.filter_from)}</label>
                <input id="filter-from" type="date" name="from" prop:value=value(|q| q.from.clone()) />
            </div>
            <div class="field">
                <label for="filter-to">{t!(i18n, feedback.filter_to)}</label>
                <input id="filter-to" type="date" name="to" prop:value=value(|q| q.to.clone()) />
            </div>
            <div class="field">
                <label for="filter-patient">{t!(i18n, feedback.filter_patient)}</label>
                <input id="filter-patient" type="search" name="patient" maxlength="100" prop:value=value(|q| q.patient.clone()) />
            </div>
            <div class="button-row">
                <button type="submit" class="button button-primary">{t!(i18n, feedback.filter)}</button>
                {move || filtered().then(|| view! { <a class="button button-secondary" href="/practice/feedback">{t!(i18n, feedback.clear_filters)}</a> })}
            </div>
        </form>
        <Suspense fallback=|| view! { <Loading lines=5 /> }>
            {move || feedback.get().map(|result| match result {
                Ok(page) if page.total == 0 && !filtered() => view! {
                    <p class="empty-state">{t!(i18n, feedback.none_yet)}</p>
                }.into_any(),
                Ok(page) => {
                    let prefix = filter_prefix(&query.get_untracked());
                    let total = page.total;
                    view! {
                        <div class="card">
                            <Distribution summary=page.summary distribution=page.distribution />
                        </div>
                        <p class="result-count" role="status">{move || t_string!(i18n, feedback.matching, count = total).to_string()}</p>
                        {(total == 0).then(|| view! { <p class="empty-state">{t!(i18n, feedback.no_match)}</p> })}
                        <ul class="rating-list card">
                            {page.ratings.clone().into_iter().map(|rating| view! { <RatingItem rating /> }).collect_view()}
                        </ul>
                        <RatingsPager page prefix />
                    }.into_any()
                }
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| feedback.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_keeps_the_filters() {
        let query = FeedbackQuery {
            stars: Some("5".into()),
            patient: Some("Ben Ali".into()),
            ..Default::default()
        };
        assert_eq!(
            filter_prefix(&query),
            "/practice/feedback?stars=5&patient=Ben%20Ali&page="
        );
        assert_eq!(
            filter_prefix(&FeedbackQuery::default()),
            "/practice/feedback?page="
        );
    }
}
