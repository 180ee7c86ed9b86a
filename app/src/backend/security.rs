//! The Content-Security-Policy every response carries.

/// Builds the policy. Scripts run only from our origin or with this response's nonce; WASM may
/// be compiled (`'wasm-unsafe-eval'`, which does not allow JavaScript `eval`); nothing may
/// frame the page. Without a nonce (API answers, files) no inline script is allowed at all.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let script_src = match nonce {
        Some(nonce) => format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    [
        "default-src 'self'",
        &script_src,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_the_nonce_and_allows_wasm_but_not_framing() {
        let policy = content_security_policy(Some("abc123"));
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("object-src 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn policy_without_nonce_allows_no_inline_script() {
        let policy = content_security_policy(None);
        assert!(!policy.contains("nonce-"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"));
    }
}
