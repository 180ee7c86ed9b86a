//! Short messages that confirm an action or report a failure without moving the page. They
//! are announced to screen readers and dismiss themselves after a few seconds.

use crate::i18n::*;
use leptos::prelude::*;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: String,
}

/// The toast queue, shared through context.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// How long a toast stays on screen: long enough to read two lines on a phone.
const TOAST_LIFETIME: Duration = Duration::from_secs(6);

/// More than a few toasts at once is noise; the oldest make way.
const MAX_VISIBLE: usize = 3;

impl Toasts {
    pub fn push(&self, kind: ToastKind, message: String) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| {
            items.push(Toast { id, kind, message });
            let overflow = items.len().saturating_sub(MAX_VISIBLE);
            items.drain(..overflow);
        });
        let this = *self;
        set_timeout(move || this.dismiss(id), TOAST_LIFETIME);
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        items: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    };
    provide_context(toasts);
    toasts
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    view! {
        <div class="toast-region" role="status" aria-live="polite" aria-label=move || t_string!(i18n, notifications)>
            <For each=move || toasts.items.get() key=|toast| toast.id let:toast>
                <div class="toast" class:toast-error=toast.kind == ToastKind::Error class:toast-success=toast.kind == ToastKind::Success>
                    <p>{toast.message.clone()}</p>
                    <button
                        type="button"
                        class="toast-dismiss"
                        aria-label=move || t_string!(i18n, dismiss)
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        <span aria-hidden="true">"×"</span>
                    </button>
                </div>
            </For>
        </div>
    }
}
