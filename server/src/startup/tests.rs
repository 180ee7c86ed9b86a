use super::*;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt as _;

async fn cache_control(hashed: bool, path: &str) -> (u16, String) {
    let dir = std::env::temp_dir().join(format!("salus-pkg-{}-{hashed}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("salus.abc123.css"), "body{}").unwrap();
    let response = static_assets(&dir, hashed)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let value = response.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .to_owned();
    (response.status().as_u16(), value)
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year() {
    assert_eq!(
        cache_control(true, "/salus.abc123.css").await,
        (200, "public, max-age=31536000, immutable".to_owned())
    );
}

#[tokio::test]
async fn unhashed_assets_are_revalidated() {
    assert_eq!(
        cache_control(false, "/salus.abc123.css").await,
        (200, "no-cache".to_owned())
    );
}

#[tokio::test]
async fn a_missing_asset_is_never_cached() {
    assert_eq!(
        cache_control(true, "/salus.old999.wasm").await,
        (404, "no-store".to_owned())
    );
}
