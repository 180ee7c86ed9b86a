//! The directory's clean, shareable URL. Its search form is a plain GET form, so a browser
//! without the script sends every field, empty ones too (`/doctors?q=&specialty=cardiology&
//! city=&…&sort=soonest`); the server answers with a redirect to the same search written
//! cleanly (`/doctors?specialty=cardiology`), the URL the script would have gone to.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::DirectoryQuery;

pub async fn clean_directory_url(request: Request, next: Next) -> Response {
    if request.method() == Method::GET && request.uri().path() == "/doctors" {
        if let Some(clean) = request.uri().query().and_then(clean_search) {
            let target = if clean.is_empty() {
                "/doctors".to_owned()
            } else {
                format!("/doctors?{clean}")
            };
            if let Ok(location) = HeaderValue::from_str(&target) {
                return (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
            }
        }
    }
    next.run(request).await
}

/// The clean form of a directory query string, when it is not already clean. A query that
/// cannot be read is left to the page, which explains what is wrong with it.
fn clean_search(raw: &str) -> Option<String> {
    let query: DirectoryQuery = serde_urlencoded::from_str(raw).ok()?;
    let clean = query.canonical_query();
    (clean != raw).then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::clean_search;

    #[test]
    fn a_plain_form_search_is_written_cleanly_once() {
        let sent = "q=&specialty=general-practice&city=Tunis&language=&min_rating=&price_min=\
                    &price_max=&within_days=&sort=soonest";
        let clean = clean_search(sent).unwrap();
        assert_eq!(clean, "specialty=general-practice&city=Tunis");
        assert_eq!(clean_search(&clean), None, "a clean URL stays as it is");
        assert_eq!(
            clean_search("q=Ben+Ali&sort=rating").as_deref(),
            Some("q=Ben%20Ali&sort=rating")
        );
        assert_eq!(clean_search("q=Ben%20Ali&sort=rating"), None);
        assert_eq!(clean_search("q=&sort=soonest").as_deref(), Some(""));
    }
}
