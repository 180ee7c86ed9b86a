//! Development only: the emails Salus has written, so sign-up, reset and invitation links can
//! be followed without a mail server. The server answers "not found" in production.

use crate::api::dev::outbox;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mails = Resource::new(|| (), |_| outbox());
    view! {
        <Title text=localized(|locale| td_string!(locale, outbox.title).to_string()) />
        <Meta name="robots" content="noindex" />
        <h1>{t!(i18n, outbox.title)}</h1>
        <p class="muted">{t!(i18n, outbox.note)}</p>
        <button type="button" class="button button-secondary" on:click=move |_| mails.refetch()>
            {t!(i18n, outbox.refresh)}
        </button>
        <Suspense fallback=|| view! { <Loading lines=4 /> }>
            {move || mails.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p>{t!(i18n, outbox.empty)}</p> }.into_any(),
                Ok(list) => view! {
                    <ol class="stack-list outbox">
                        {list.into_iter().map(|mail| view! {
                            <li class="card outbox-mail">
                                <p class="muted">{t!(i18n, outbox.to)} " " <span class="outbox-recipient">{mail.recipient.clone()}</span>
                                    " · " {mail.language.clone()}</p>
                                <h2 class="outbox-subject">{mail.subject.clone()}</h2>
                                <div class="outbox-body">{body_with_links(&mail.body)}</div>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })}
        </Suspense>
    }
}

/// The plain-text body, one paragraph per line, with our own links made clickable.
fn body_with_links(body: &str) -> impl IntoView {
    body.lines()
        .map(|line| {
            let line = line.trim().to_owned();
            if line.starts_with("http://") || line.starts_with("https://") {
                view! { <p><a class="outbox-link" href=line.clone()>{line.clone()}</a></p> }
                    .into_any()
            } else {
                view! { <p>{line}</p> }.into_any()
            }
        })
        .collect_view()
}
