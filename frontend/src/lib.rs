//! The browser entry point: hydrates the page (its route's code arrives as its own WASM
//! chunk), and keeps a page that cannot fetch a chunk usable. Everything else lives in `app`.

// Leptos views are deeply nested types; whole pages need more than the default 128.
#![recursion_limit = "256"]

use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    /// The address of the last link followed inside the app, while its page loads.
    static HEADING_TO: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if info.to_string().contains(CHUNK_LOAD_FAILED) {
            load_whole_page();
        }
    }));
    remember_followed_links();
    // As `leptos::mount::hydrate_lazy`, then one more step: once the whole page has hydrated
    // (its route's chunk included), `<body data-hydrated>` says so, for tests and the curious.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Setting an attribute cannot fail on a live <body>.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}

/// What `#[lazy]` code panics with when its WASM chunk cannot be fetched (offline, or a tab
/// left open across a deploy that removed the old chunks).
const CHUNK_LOAD_FAILED: &str = "load callback should succeed";

/// A page whose code cannot be fetched is loaded whole from the server instead, where it
/// renders (and works through its links and forms) without that chunk.
fn load_whole_page() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let target = HEADING_TO
        .with(|to| to.borrow_mut().take())
        .or_else(|| window.location().href().ok());
    if let Some(target) = target {
        let _ = window.location().assign(&target);
    }
}

/// Notes the address of every link followed (before the router handles it), so a failed
/// chunk load can still take the person where they were going.
fn remember_followed_links() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let link = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|link| link.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(link) = link {
            HEADING_TO.with(|to| *to.borrow_mut() = Some(link.href()));
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        listener.as_ref().unchecked_ref(),
        &options,
    );
    // The listener lives as long as the page.
    listener.forget();
}
