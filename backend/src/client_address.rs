//! Which address a request came from, for rate limits. Behind a reverse proxy every request
//! arrives from the proxy, so the proxy's `X-Forwarded-For` is believed, but only when the
//! connection comes from a proxy the operator listed (`SALUS_TRUSTED_PROXIES`); anyone else
//! could write any address there.

use std::net::IpAddr;

/// The client's address: the peer itself, or, when the peer is a trusted proxy, the nearest
/// address in `X-Forwarded-For` that is not one of our proxies.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(chain) = forwarded_for else {
        return peer;
    };
    // Each proxy appends the address it saw: read from the right, skipping our own proxies.
    chain
        .rsplit(',')
        .map(str::trim)
        .map(|hop| hop.parse::<IpAddr>())
        .take_while(Result::is_ok)
        .filter_map(Result::ok)
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_direct_client_is_its_peer_whatever_it_claims() {
        assert_eq!(
            client_ip(ip("203.0.113.7"), Some("198.51.100.1"), &[ip("10.0.0.2")]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_client_counts() {
        let trusted = [ip("10.0.0.2"), ip("10.0.0.3")];
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("198.51.100.1"), &trusted),
            ip("198.51.100.1")
        );
        // A client's own forged entry sits to the left of what our proxy saw.
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                Some("1.2.3.4, 198.51.100.1, 10.0.0.3"),
                &trusted
            ),
            ip("198.51.100.1")
        );
        assert_eq!(client_ip(ip("10.0.0.2"), None, &trusted), ip("10.0.0.2"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("garbage"), &trusted),
            ip("10.0.0.2")
        );
    }
}
