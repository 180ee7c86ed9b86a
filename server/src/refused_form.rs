//! A form posted by a browser without JavaScript and refused by the server (a missing field, a
//! date in the future) comes back with what was typed. The server function answers with a
//! redirect back to the form, the error in its address; this keeps the posted fields — never
//! passwords, tokens or card data — in a short-lived cookie that the next page render reads
//! (`app::components::form::refused_value`) and clears. A cookie rather than the address, so
//! that what a patient types (symptoms, a birth date) never lands in a URL, a log or history.

use app::components::form::RefusedForm;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use backend::AppState;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http_body_util::BodyExt;

const COOKIE: &str = "salus_form";
/// Browsers keep cookies up to about 4 KB; a longer form is not kept (the messages still show).
const MAX_COOKIE_VALUE: usize = 3500;

/// Around server functions posted as plain forms: keeps a refused form's fields.
pub async fn keep_refused_forms(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_plain_form_post = request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && !request.uri().path().starts_with("/api/v1/")
        && header_has(&request, header::ACCEPT, "text/html")
        && header_has(
            &request,
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
    if !is_plain_form_post {
        return next.run(request).await;
    }
    // The body fits in memory: `body_limit` has already refused anything large.
    let (parts, body) = request.into_parts();
    let Ok(bytes) = body.collect().await.map(|collected| collected.to_bytes()) else {
        return next.run(Request::from_parts(parts, Body::empty())).await;
    };
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    let refused = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|location| location.contains("__err="));
    if refused {
        // Leptos answers a refused plain form with 302 to the form's page; 303 says plainly
        // that the browser must come back with a GET.
        *response.status_mut() = axum::http::StatusCode::SEE_OTHER;
        if let Some(value) = cookie_value(&bytes) {
            // What a patient typed may be medical (a visit's reason): never sent in clear
            // where the site is https.
            let secure = if state.settings.secure_cookies {
                "; Secure"
            } else {
                ""
            };
            let cookie =
                format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=120{secure}");
            if let Ok(cookie) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
        }
    }
    response
}

fn header_has(request: &Request, name: header::HeaderName, needle: &str) -> bool {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|value| value.contains(needle))
}

/// Whether a field must never be kept, whatever its form.
fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "token", "card", "cvc", "secret"]
        .iter()
        .any(|word| name.contains(word))
}

/// The kept fields, as the cookie's value.
fn cookie_value(body: &[u8]) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(name, _)| !is_secret(name))
        .collect();
    let encoded = serde_urlencoded::to_string(&kept).ok()?;
    let value = URL_SAFE_NO_PAD.encode(encoded);
    (!kept.is_empty() && value.len() <= MAX_COOKIE_VALUE).then_some(value)
}

/// The refused form in a page request's cookies, and the header that clears it: it is shown
/// once.
pub fn take(headers: &axum::http::HeaderMap) -> Option<(RefusedForm, HeaderValue)> {
    let value = backend::accounts::sessions::cookie(headers, COOKIE)?;
    let clear = HeaderValue::from_static("salus_form=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    let decoded = URL_SAFE_NO_PAD.decode(value).ok()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&decoded).ok()?;
    let pairs = pairs
        .into_iter()
        .filter(|(name, _)| !is_secret(name))
        .collect();
    Some((RefusedForm(pairs), clear))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_form_is_kept_without_its_secrets() {
        let body =
            b"form%5Bemail%5D=a%40b.org&form%5Bpassword%5D=hunter2&form%5Breason%5D=Back+pain";
        let value = cookie_value(body).unwrap();
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {COOKIE}={value}")).unwrap(),
        );
        let (form, clear) = take(&headers).unwrap();
        assert_eq!(
            form.0,
            vec![
                ("form[email]".to_owned(), "a@b.org".to_owned()),
                ("form[reason]".to_owned(), "Back pain".to_owned())
            ]
        );
        assert!(clear.to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn an_overlong_form_is_not_kept() {
        let body = format!("form%5Breason%5D={}", "a".repeat(5000));
        assert_eq!(cookie_value(body.as_bytes()), None);
    }
}
