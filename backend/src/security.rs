//! The Content-Security-Policy every response carries.

/// Builds the policy. Scripts run only from our origin or with this response's nonce; WASM may
/// be compiled (`'wasm-unsafe-eval'`, which does not allow JavaScript `eval`); nothing may
/// frame the page. Without a nonce (API answers, files) no inline script is allowed at all.
pub fn content_security_policy(nonce: Option<&str>, payments: Option<&PaymentOrigins>) -> String {
    let extra = |pick: fn(&PaymentOrigins) -> &str| {
        payments
            .map(|p| format!(" {}", pick(p)))
            .unwrap_or_default()
    };
    let script_src = match nonce {
        Some(nonce) => format!(
            "script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'{}",
            extra(|p| &p.script)
        ),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    let connect_src = format!("connect-src 'self'{}", extra(|p| &p.connect));
    let frame_src = match payments {
        Some(p) => format!("frame-src {}", p.frames),
        None => "frame-src 'none'".to_owned(),
    };
    [
        "default-src 'self'",
        &script_src,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        &connect_src,
        &frame_src,
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

/// Where the payment page's Stripe.js comes from and talks to, so the policy lets exactly
/// those in (from the configured Stripe URLs, never a wildcard).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentOrigins {
    pub script: String,
    pub connect: String,
    /// Stripe.js shows card fields and 3-D Secure in frames.
    pub frames: String,
}

/// `https://js.stripe.com/v3/` → `https://js.stripe.com`.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    matches!(scheme, "http" | "https").then(|| format!("{scheme}://{host}"))
}

impl PaymentOrigins {
    pub fn new(js_url: &str, api_url: &str) -> Option<Self> {
        let script = origin_of(js_url)?;
        let connect = origin_of(api_url)?;
        let mut frames = vec![script.clone()];
        if script == "https://js.stripe.com" {
            frames.push("https://hooks.stripe.com".to_owned());
        }
        Some(Self {
            frames: frames.join(" "),
            script,
            connect,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_the_nonce_and_allows_wasm_but_not_framing() {
        let policy = content_security_policy(Some("abc123"), None);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-src 'none'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("object-src 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn policy_without_nonce_allows_no_inline_script() {
        let policy = content_security_policy(None, None);
        assert!(!policy.contains("nonce-"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"));
    }

    #[test]
    fn stripe_is_allowed_by_origin_only() {
        let origins =
            PaymentOrigins::new("https://js.stripe.com/v3/", "https://api.stripe.com/").unwrap();
        let policy = content_security_policy(Some("n"), Some(&origins));
        assert!(policy
            .contains("script-src 'self' 'nonce-n' 'wasm-unsafe-eval' https://js.stripe.com;"));
        assert!(policy.contains("connect-src 'self' https://api.stripe.com;"));
        assert!(policy.contains("frame-src https://js.stripe.com https://hooks.stripe.com;"));
        let local = PaymentOrigins::new(
            "http://127.0.0.1:8420/js.stripe.com/v3/",
            "http://127.0.0.1:8420/",
        )
        .unwrap();
        assert_eq!(local.script, "http://127.0.0.1:8420");
        assert_eq!(origin_of("javascript:alert(1)"), None);
    }
}
