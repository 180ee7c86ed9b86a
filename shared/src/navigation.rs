//! Where a person goes after logging in: back to the page they asked for (`?next=`), which
//! must be a path on this site. Checked on the server (the redirect after a form post) and
//! used by the page's script alike.

use crate::doctor::encode_query_value;

/// The longest `next` followed; anything longer goes home.
pub const MAX_NEXT_LEN: usize = 1024;

/// `next` when it is a path with its query on this very site, as a browser will read it.
///
/// Browsers forgive a lot in a URL (they drop tab, CR and LF, read `\` as `/`, decode
/// percent escapes in places), so rather than list what is dangerous, this accepts only a
/// plain local path: it starts with one `/`, holds printable ASCII without `\`, quotes or
/// angle brackets, and no percent escape of a control character, a slash, a backslash or a
/// percent sign (a doubly encoded `//` would become one after a decode somewhere).
pub fn safe_next(next: &str) -> Option<&str> {
    let bytes = next.as_bytes();
    let printable = |b: &u8| (0x21..=0x7e).contains(b) && !b"\\\"<>`".contains(b);
    let local = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'));
    if next.len() > MAX_NEXT_LEN || !local || !bytes.iter().all(printable) {
        return None;
    }
    let mut escapes = next.split('%').skip(1);
    let harmless = escapes.all(|after| {
        let code = after
            .get(..2)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        matches!(code, Some(byte) if byte >= 0x20 && byte != 0x7f && !b"/\\%".contains(&byte))
    });
    harmless.then_some(next)
}

/// The sign-up page's address that comes back to `path` (with its query) once the new
/// account's email is verified, encoded once.
pub fn signup_href(path: &str, query: &str) -> String {
    login_href(path, query).replacen("/login?", "/signup?", 1)
}

/// `address` with `next` added to its query when `next` is a safe local path (see
/// `safe_next`); `address` unchanged otherwise.
pub fn with_next(address: &str, next: Option<&str>) -> String {
    match next.and_then(safe_next) {
        Some(next) => {
            let joint = if address.contains('?') { '&' } else { '?' };
            format!("{address}{joint}next={}", encode_query_value(next))
        }
        None => address.to_owned(),
    }
}

/// The login page's address that comes back to `path` (with its query, given without or
/// with its leading `?`, as routers differ) afterwards, encoded once.
pub fn login_href(path: &str, query: &str) -> String {
    let query = query.trim_start_matches('?');
    let here = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    format!("/login?next={}", encode_query_value(&here))
}

/// The value of `key` in a raw query string (with or without its `?`), decoded once as a
/// browser encodes form values (`+` is a space, `%XX` a byte). Routers may decode twice, which
/// turns an encoded `%2B` inside a `next` address into a `+` and then a space.
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(name, _)| decode_component(name).as_deref() == Some(key))
        .and_then(|(_, value)| decode_component(value))
}

/// One round of form decoding; `None` when the bytes are not UTF-8.
fn decode_component(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match raw
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_next_page_rides_along_only_when_it_is_local() {
        assert_eq!(
            with_next("/verify-email?token=abc", Some("/book?doctor=3&start=x")),
            "/verify-email?token=abc&next=%2Fbook%3Fdoctor%3D3%26start%3Dx"
        );
        assert_eq!(
            with_next("/login", Some("/account")),
            "/login?next=%2Faccount"
        );
        assert_eq!(with_next("/login", Some("//evil.example")), "/login");
        assert_eq!(with_next("/login", None), "/login");
        assert_eq!(
            signup_href("/book", "doctor=3"),
            "/signup?next=%2Fbook%3Fdoctor%3D3"
        );
    }

    #[test]
    fn a_local_path_with_its_query_is_followed() {
        for next in [
            "/clinic",
            "/book?doctor=3&start=2031-01-06T08%3A00%3A00Z",
            "/doctors?city=Tunis&q=Ben+Ali",
            "/appointments#past",
            "/doctors?q=%C3%A9",
        ] {
            assert_eq!(safe_next(next), Some(next), "{next}");
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_is_refused() {
        let long = format!("/doctors?q={}", "a".repeat(MAX_NEXT_LEN));
        for next in [
            "",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            " /account",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/%09/evil.example",
            "/%0A/evil.example",
            "/%0d/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%252F/evil.example",
            "/%7F",
            "/%",
            "/%zz",
            "/doctors?q=\u{e9}",
            "/<script>",
            long.as_str(),
        ] {
            assert_eq!(safe_next(next), None, "{next:?}");
        }
    }

    #[test]
    fn the_login_link_keeps_the_query_and_its_question_mark() {
        let booking = "doctor=3&start=2031-01-06T08%3A00%3A00Z";
        let href = login_href("/book", booking);
        assert_eq!(
            href,
            "/login?next=%2Fbook%3Fdoctor%3D3%26start%3D2031-01-06T08%253A00%253A00Z"
        );
        assert_eq!(login_href("/book", &format!("?{booking}")), href);
        assert_eq!(
            login_href("/appointments", ""),
            "/login?next=%2Fappointments"
        );
        // Read back once (as the login page's query is), it is the page asked for, and safe.
        let next = "/book?doctor=3&start=2031-01-06T08%3A00%3A00Z";
        assert_eq!(
            query_value(&href["/login?".len()..], "next").as_deref(),
            Some(next)
        );
        assert_eq!(safe_next(next), Some(next));
    }

    #[test]
    fn a_query_value_is_decoded_once() {
        let query = "?next=%2Fbook%3Fstart%3D2031-01-06T08%253A00%253A00%252B01%253A00&q=Ben+Ali";
        assert_eq!(
            query_value(query, "next").as_deref(),
            Some("/book?start=2031-01-06T08%3A00%3A00%2B01%3A00")
        );
        assert_eq!(query_value(query, "q").as_deref(), Some("Ben Ali"));
        assert_eq!(query_value(query, "missing"), None);
        assert_eq!(query_value("flag", "flag").as_deref(), Some(""));
        assert_eq!(query_value("bad=%FF", "bad"), None, "not UTF-8");
    }
}
