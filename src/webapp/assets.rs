//! The page's files, built into the binary (`webapp/` at the repo root): nothing to install or
//! build beside the bot. The map library (Leaflet with its marker clusters) is vendored there
//! with its licence. The page may reach only its own origin (and the tile server, when the
//! operator set one): the Content-Security-Policy says so to the browser.

use axum::{
    Router,
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};

use crate::config::MapTiles;

/// (name under `/app/static/`, content type, bytes).
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../webapp/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../webapp/app.css"),
    ),
    (
        "leaflet.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../webapp/vendor/leaflet/leaflet.js"),
    ),
    (
        "leaflet.css",
        "text/css; charset=utf-8",
        include_bytes!("../../webapp/vendor/leaflet/leaflet.css"),
    ),
    (
        "leaflet.markercluster.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../webapp/vendor/markercluster/leaflet.markercluster.js"),
    ),
    (
        "MarkerCluster.css",
        "text/css; charset=utf-8",
        include_bytes!("../../webapp/vendor/markercluster/MarkerCluster.css"),
    ),
];

const INDEX: &str = include_str!("../../webapp/index.html");

/// The page at `/app/` and its files at `/app/static/…`.
pub fn router(tiles: Option<&MapTiles>) -> Router {
    let csp = policy(tiles);
    Router::new()
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route(
            "/app/",
            get(move || {
                let csp = csp.clone();
                async move {
                    let mut response = axum::response::Html(INDEX).into_response();
                    let headers = response.headers_mut();
                    if let Ok(v) = HeaderValue::from_str(&csp) {
                        headers.insert(header::CONTENT_SECURITY_POLICY, v);
                    }
                    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
                    response
                }
            }),
        )
        .route("/app/static/{file}", get(file))
}

async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, bytes)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=3600"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Only the page's own origin (and the tile server's, when set); no inline scripts.
fn policy(tiles: Option<&MapTiles>) -> String {
    let tile_origin = tiles
        .and_then(|t| url::Url::parse(&t.url.replace(['{', '}'], "")).ok())
        .map(|u| u.origin().ascii_serialization())
        .map_or_else(String::new, |o| format!(" {o}"));
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tile_origin}; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The budget the issue set: the whole page, map library included, at most 300 KB as the
    /// server sends it (gzip).
    #[test]
    fn the_page_weighs_at_most_300_kb_compressed() {
        use std::io::Write;
        let gzipped = |bytes: &[u8]| {
            let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            z.write_all(bytes).unwrap();
            z.finish().unwrap().len()
        };
        let total: usize =
            FILES.iter().map(|(_, _, b)| gzipped(b)).sum::<usize>() + gzipped(INDEX.as_bytes());
        assert!(total <= 300 * 1024, "{total} bytes compressed");
        // Every file the page names is served.
        for name in [
            "app.js",
            "app.css",
            "leaflet.js",
            "leaflet.css",
            "leaflet.markercluster.js",
            "MarkerCluster.css",
        ] {
            assert!(
                INDEX.contains(&format!("static/{name}")),
                "index.html loads {name}"
            );
            assert!(FILES.iter().any(|(n, _, _)| *n == name), "{name} is built in");
        }
    }

    #[test]
    fn the_policy_admits_only_the_tile_server_beside_the_page() {
        assert!(!policy(None).contains("https:"));
        let tiles = MapTiles {
            url: "https://tiles.example.kz/{z}/{x}/{y}.png".into(),
            attribution: "© OSM".into(),
        };
        let p = policy(Some(&tiles));
        assert!(
            p.contains("img-src 'self' data: https://tiles.example.kz;"),
            "{p}"
        );
        assert!(p.contains("connect-src 'self';"), "{p}");
    }
}
