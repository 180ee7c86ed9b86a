//! The bell in the header: the unread count, kept live by server-sent events (gloo-net's
//! `EventSource`), and the words for each kind of notification.

use crate::components::session::use_current_user;
use crate::i18n::*;
use leptos::prelude::*;
use shared::notification::NoticeKind;

/// What a notification says, in the reader's language.
pub fn notice_label(locale: Locale, kind: NoticeKind) -> String {
    match kind {
        NoticeKind::Requested => td_string!(locale, bell.kind_requested),
        NoticeKind::Confirmed => td_string!(locale, bell.kind_confirmed),
        NoticeKind::Refused => td_string!(locale, bell.kind_refused),
        NoticeKind::Expired => td_string!(locale, bell.kind_expired),
        NoticeKind::Cancelled => td_string!(locale, bell.kind_cancelled),
        NoticeKind::Rescheduled => td_string!(locale, bell.kind_rescheduled),
        NoticeKind::Reminder => td_string!(locale, bell.kind_reminder),
        NoticeKind::PaymentLapsed => td_string!(locale, bell.kind_payment_lapsed),
        NoticeKind::HoldExpired => td_string!(locale, bell.kind_hold_expired),
        NoticeKind::MoveProposed => td_string!(locale, bell.kind_move_proposed),
        NoticeKind::MoveRefused => td_string!(locale, bell.kind_move_refused),
        NoticeKind::MoveLapsed => td_string!(locale, bell.kind_move_lapsed),
    }
    .to_string()
}

/// The bell, for signed-in people only.
#[component]
pub fn Bell() -> impl IntoView {
    let user = use_current_user();
    view! {
        <Show when=move || user.get().is_some()>
            <BellLink />
        </Show>
    }
}

#[component]
fn BellLink() -> impl IntoView {
    let i18n = use_i18n();
    // The count the page was rendered with; live once the script follows the stream.
    let unread = RwSignal::new(use_current_user().unread());
    // Set once the first count has arrived: until then 0 only means "not known yet".
    let live = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    live::follow(unread, live);
    let label = move || match unread.get() {
        0 => t_string!(i18n, bell.open_none).to_string(),
        count => t_string!(i18n, bell.open_some, count = count).to_string(),
    };
    view! {
        <a class="bell" href="/notifications" aria-label=label data-unread=move || unread.get().to_string()
            data-live=move || live.get().to_string()>
            <svg class="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
                    fill="currentColor" />
            </svg>
            <Show when=move || { unread.get() > 0 }>
                <span class="bell-count" aria-hidden="true">
                    {move || if unread.get() > 99 { "99+".to_owned() } else { unread.get().to_string() }}
                </span>
            </Show>
        </a>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use futures::StreamExt;
    use gloo_net::eventsource::futures::EventSource;
    use leptos::prelude::*;

    #[derive(serde::Deserialize)]
    struct Unread {
        unread: i64,
    }

    /// Opens the stream and keeps `unread` current; the browser reconnects by itself when
    /// the server ends a stream, and the stream closes when the bell goes (logout).
    pub fn follow(unread: RwSignal<i64>, live: RwSignal<bool>) {
        let Ok(mut source) = EventSource::new("/notifications/stream") else {
            return;
        };
        let Ok(mut events) = source.subscribe("unread") else {
            return;
        };
        leptos::task::spawn_local(async move {
            while let Some(event) = events.next().await {
                // An error event is a dropped connection the browser is already retrying.
                let Ok((_, message)) = event else { continue };
                let news = message
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<Unread>(&text).ok());
                if let Some(news) = news {
                    unread.try_set(news.unread);
                    live.try_set(true);
                }
            }
        });
        let source = StoredValue::new_local(Some(source));
        on_cleanup(move || {
            source.try_update_value(|source| {
                if let Some(source) = source.take() {
                    source.close();
                }
            });
        });
    }
}
