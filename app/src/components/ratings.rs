//! Ratings as pages show them: the distribution of stars, one rating with its reply (and the
//! doctor's reply form, the moderator's hide form), paging, and the patient's rating form.

use crate::api::feedback::{hide_rating, reply_to_rating, SaveRating};
use crate::components::chart::Stars;
use crate::components::dates::short_day;
use crate::components::form::{
    field_errors, refused_value, textarea_text, FieldMessage, FormError,
};
use crate::components::language::language_of;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use shared::feedback::{distribution_widths, Rating, RatingsPage};
use shared::RatingSummary;

/// The average, the count and five bars, one per number of stars.
#[component]
pub fn Distribution(summary: Option<RatingSummary>, distribution: [i64; 5]) -> impl IntoView {
    let i18n = use_i18n();
    let widths = distribution_widths(&distribution);
    view! {
        <div class="rating-overview">
            {summary.map(|s| view! {
                <p class="rating-average">
                    <span class="rating-big">{move || s.average_text(language_of(i18n.get_locale()))}</span>
                    <span class="muted">{move || t_string!(i18n, feedback.out_of_five, count = s.count).to_string()}</span>
                </p>
            })}
            <ul class="distribution" aria-label=move || t_string!(i18n, feedback.distribution)>
                {(1..=5).rev().map(|stars| {
                    let count = distribution[stars - 1];
                    let width = widths[stars - 1];
                    view! {
                        <li>
                            <span class="distribution-label">{move || t_string!(i18n, feedback.n_stars, count = stars).to_string()}</span>
                            // SVG geometry, not an inline style: the CSP allows no inline styles.
                            <svg class="distribution-track" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                                <rect width="100" height="8" rx="4" class="distribution-empty" />
                                <rect width=width height="8" rx="4" class="distribution-fill" />
                            </svg>
                            <span class="distribution-count">{count}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// One rating: stars, who and when, the comment (or that it was hidden), the reply; the
/// doctor's reply form and the moderator's hide form when the reader may use them.
#[component]
pub fn RatingItem(rating: Rating) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(rating);
    view! {
        {move || {
            let r = current.get();
            let date = r.visit_date;
            let when = move || short_day(language_of(i18n.get_locale()), date);
            let hidden_note = r.hidden.then(|| {
                let reason = r.hidden_reason.clone();
                view! {
                    <p class="muted rating-hidden">
                        {t!(i18n, feedback.hidden_comment)}
                        {reason.map(|reason| view! { " " <span>"(" {reason} ")"</span> })}
                    </p>
                }
            });
            view! {
                <li class="rating-item">
                    <p class="rating-head">
                        <Stars stars=r.stars />
                        <strong>{r.patient_name.clone()}</strong>
                        <span class="muted">{move || t_string!(i18n, feedback.visit_on, date = when()).to_string()}</span>
                    </p>
                    {r.comment.clone().map(|text| view! { <p class="rating-comment">{text}</p> })}
                    {hidden_note}
                    {r.reply.clone().map(|text| view! {
                        <div class="rating-reply">
                            <p class="muted">{t!(i18n, feedback.doctor_reply)}</p>
                            <p>{text}</p>
                        </div>
                    })}
                    {r.may_reply.then(|| view! { <NoteForm rating=r.id kind=NoteKind::Reply current /> })}
                    {r.may_moderate.then(|| view! { <NoteForm rating=r.id kind=NoteKind::Hide current /> })}
                </li>
            }
        }}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    Reply,
    Hide,
}

/// A reply or a moderation: a short text and a button, behind a disclosure.
#[component]
fn NoteForm(rating: i64, kind: NoteKind, current: RwSignal<Rating>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let text = RwSignal::new(String::new());
    let send = Action::new(move |text: &String| {
        let text = text.clone();
        async move {
            match kind {
                NoteKind::Reply => reply_to_rating(rating, text).await,
                NoteKind::Hide => hide_rating(rating, text).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = send.value().get() {
            current.set(updated);
            let message = match kind {
                NoteKind::Reply => t_string!(i18n, feedback.replied).to_string(),
                NoteKind::Hide => t_string!(i18n, feedback.hidden).to_string(),
            };
            toasts.push(ToastKind::Success, message);
        }
    });
    let errors = field_errors(send.value());
    let field = match kind {
        NoteKind::Reply => "text",
        NoteKind::Hide => "reason",
    };
    let id = format!("note-{}-{rating}", field);
    let label = move || match kind {
        NoteKind::Reply => t_string!(i18n, feedback.reply_label).to_string(),
        NoteKind::Hide => t_string!(i18n, feedback.hide_reason).to_string(),
    };
    let summary = move || match kind {
        NoteKind::Reply => t_string!(i18n, feedback.reply).to_string(),
        NoteKind::Hide => t_string!(i18n, feedback.hide).to_string(),
    };
    let submit = move || match kind {
        NoteKind::Reply => t_string!(i18n, feedback.send_reply).to_string(),
        NoteKind::Hide => t_string!(i18n, feedback.confirm_hide).to_string(),
    };
    view! {
        <details class="note-form">
            <summary>{summary}</summary>
            <form class="form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                send.dispatch(text.get_untracked());
            }>
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <textarea id=id.clone() rows="2" maxlength="1000" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <FieldMessage field errors />
                </div>
                <FormError value=send.value() />
                <button type="submit" class="button button-secondary" disabled=move || send.pending().get()>{submit}</button>
            </form>
        </details>
    }
}

/// Links to the newer and older pages of ratings.
#[component]
pub fn RatingsPager(
    page: RatingsPage,
    /// The link to a page without its number: `/doctors/5?ratings_page=`.
    prefix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let (current, pages) = (page.page, page.pages());
    let href = move |n: i64| format!("{prefix}{n}");
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, feedback.pages)>
                {(current > 1).then(|| view! { <a href=href(current - 1) rel="prev">{t!(i18n, feedback.newer)}</a> })}
                <span>{move || t_string!(i18n, feedback.page_of, page = current, pages = pages).to_string()}</span>
                {(current < pages).then(|| view! { <a href=href(current + 1) rel="next">{t!(i18n, feedback.older)}</a> })}
            </nav>
        }
    })
}

/// The patient's form: five stars as radio buttons (keyboard and screen reader friendly) and
/// an optional comment. `existing` is the rating being edited. A real form, so it posts
/// without a script too (the server then answers with the appointment's page).
#[component]
pub fn RatingFormView(
    appointment: i64,
    existing: Option<Rating>,
    on_saved: Callback<Rating>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let editing = existing.is_some();
    // After a form refused without JavaScript, what was chosen and typed comes back.
    let stars = refused_value("form[stars]")
        .and_then(|n| n.parse().ok())
        .or(existing.as_ref().map(|r| r.stars))
        .unwrap_or(0);
    let comment = refused_value("form[comment]")
        .or(existing.and_then(|r| r.comment))
        .unwrap_or_default();
    let save = ServerAction::<SaveRating>::new();
    Effect::new(move |_| {
        if let Some(Ok(rating)) = save.value().get() {
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, feedback.thanks).to_string(),
            );
            on_saved.run(rating);
        }
    });
    let errors = field_errors(save.value());
    view! {
        <ActionForm action=save attr:class="form rating-form" attr:novalidate=true>
            <input type="hidden" name="appointment" value=appointment.to_string() />
            <input type="hidden" name="edit" value=editing.to_string() />
            <fieldset class="star-picker">
                <legend>{t!(i18n, feedback.your_stars)}</legend>
                {(1..=5).map(|n| {
                    let id = format!("rating-star-{n}");
                    view! {
                        <input type="radio" name="form[stars]" id=id.clone() value=n.to_string()
                            checked=stars == n />
                        <label for=id>
                            <span aria-hidden="true">"★"</span>
                            <span class="visually-hidden">{move || t_string!(i18n, feedback.stars_label, count = n).to_string()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <FieldMessage field="stars" errors />
            <div class="field">
                <label for="rating-comment">{t!(i18n, feedback.comment_label)}</label>
                <textarea id="rating-comment" name="form[comment]" rows="3" maxlength="1000">{textarea_text(comment)}</textarea>
                <FieldMessage field="comment" errors />
            </div>
            <FormError value=save.value() />
            <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                {move || if editing { t_string!(i18n, feedback.save_changes).to_string() } else { t_string!(i18n, feedback.post).to_string() }}
            </button>
        </ActionForm>
    }
}
