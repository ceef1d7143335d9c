//! The Mini App in a real browser: Debian's headless Chromium, driven over WebDriver
//! (chromedriver), opens the page as Telegram would (signed `initData` and theme in the URL's
//! fragment) against a test bot with 50 events, and checks what a resident sees and does: the
//! list, a pin per event with a venue, the district filter on both, the calendar's days in the
//! region's zone (the browser runs in New York's), sign-up with the confirmation in the chat,
//! the dark theme, Kazakh, and a forged link refused. Screenshots are saved as artifacts.
//!
//! Chromium and chromedriver are required (`.ci/run` installs them); without them these tests
//! fail with how to install them, they do not skip.

use std::{collections::BTreeMap, path::PathBuf, process::Stdio, time::Duration};

use chrono::{NaiveDate, TimeZone};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::{
    support::{TestApp, WAIT},
    webapp::{HEADER, signed, spawn_with_webapp},
};

/// One browser at a time: Chromium is heavy for a 2-core machine.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Where screenshots go (kept after the run; CI can upload them).
pub fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// chromedriver with its Chromium; both end with the test.
pub struct Browser {
    pub client: Client,
    _driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

fn program(var: &str, default: &str) -> String {
    let path = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    assert!(
        std::path::Path::new(&path).exists(),
        "{path} is missing: the browser tests need Debian's Chromium and its driver \
         (apt-get install chromium chromium-driver; .ci/run installs them), or set {var}"
    );
    path
}

impl Browser {
    /// A fresh headless Chromium, 390×844 (a phone), in a time zone far from the region's.
    pub async fn start() -> Self {
        let chromium = program("CHROMIUM", "/usr/bin/chromium");
        let chromedriver = program("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = tokio::process::Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .env("TZ", "America/New_York")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--window-size=390,844", "--lang=ru",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }))
        .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = tokio::time::Instant::now() + WAIT;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) => {
                    assert!(
                        tokio::time::Instant::now() < deadline,
                        "chromedriver did not start Chromium: {e}"
                    );
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        };
        Self {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    /// Opens `url` and waits until the page has shown its first list.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("the page opens");
        self.wait_for(
            "the page loads",
            "return document.body.dataset.loaded === 'true';",
            json!(true),
        )
        .await;
    }

    /// Runs `script` (a function body) and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("the script runs")
    }

    /// Waits until `script` returns `want`; panics with the last value otherwise.
    pub async fn wait_for(&self, what: &str, script: &str, want: Value) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let got = self.client.execute(script, vec![]).await.unwrap_or(Value::Null);
            if got == want {
                return got;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{what}: wanted {want}, the page shows {got}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Saves a screenshot as `name` among the artifacts and checks it is a PNG.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "screenshots are PNG");
        let path = artifacts().join(name);
        std::fs::write(&path, png).unwrap();
        eprintln!("screenshot: {}", path.display());
        path
    }

    /// Saves a screenshot of one element (`css`) as `name` among the artifacts.
    pub async fn shot_of(&self, css: &str, name: &str) -> PathBuf {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .expect("the element to shoot");
        let png = el.screenshot().await.expect("an element screenshot");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "screenshots are PNG");
        let path = artifacts().join(name);
        std::fs::write(&path, png).unwrap();
        path
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// The page's address as Telegram opens it: the launch parameters in the fragment.
pub fn page_url(base: &str, init_data: &str, theme: &Value) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "{base}/app/#tgWebAppData={}&tgWebAppVersion=8.0&tgWebAppPlatform=android&tgWebAppThemeParams={}",
        enc(init_data),
        enc(&theme.to_string())
    )
}

pub fn dark() -> Value {
    json!({ "bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499", "link_color": "#6ab3f3",
            "button_color": "#5288c1", "button_text_color": "#ffffff", "secondary_bg_color": "#232e3c" })
}

pub fn light() -> Value {
    json!({ "bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#999999", "link_color": "#2481cc",
            "button_color": "#2481cc", "button_text_color": "#ffffff", "secondary_bg_color": "#efeff3" })
}

/// District ids with a point near each centre.
pub const PLACES: [(&str, f64, f64); 13] = [
    ("uralsk", 51.22, 51.37),
    ("akzhaik", 50.20, 51.17),
    ("baiterek", 51.20, 50.85),
    ("bokeyorda", 48.82, 46.77),
    ("burlin", 51.17, 52.99),
    ("zhangala", 49.21, 50.30),
    ("zhanibek", 49.42, 46.85),
    ("kaztalov", 49.76, 48.69),
    ("karatobe", 49.69, 53.52),
    ("syrym", 50.25, 52.60),
    ("taskala", 51.11, 50.29),
    ("terekti", 51.27, 51.68),
    ("shyngyrlau", 51.10, 54.08),
];

/// A test event as the test knows it.
#[derive(Debug, Clone)]
pub struct Planted {
    pub id: String,
    pub title: String,
    pub district: &'static str,
    pub venue: bool,
    /// The local (Asia/Oral) date of the start, computed here, not by the bot.
    pub date: NaiveDate,
}

/// 50 events over the coming weeks across the districts, 6 of them online, two starting near
/// midnight local time (00:30 and 23:30: another day in UTC and in the browser's zone).
pub async fn plant_fifty(app: &TestApp) -> Vec<Planted> {
    let oral = chrono_tz::Asia::Oral;
    let today = chrono::Utc::now().with_timezone(&oral).date_naive();
    let mut rows = Vec::new();
    let mut planted = Vec::new();
    for i in 0..50usize {
        let (district, lat, lon) = PLACES[i % PLACES.len()];
        let day = today + chrono::Days::new(1 + (i as u64 * 40) / 50);
        let (h, m) = match i {
            3 => (0, 30),
            7 => (23, 30),
            _ => (10 + (i % 8) as u32, 0),
        };
        let start = oral
            .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
            .single()
            .unwrap();
        let venue = i % 8 != 5;
        let id = format!("b-{i:02}");
        let title = format!("Встреча №{i} о Конституции");
        let (venue_name, coords, online) = if venue {
            (
                format!("Дом культуры {i}"),
                format!("{};{}", lat + i as f64 * 0.002, lon + i as f64 * 0.002),
                String::new(),
            )
        } else {
            (
                String::new(),
                ";".to_owned(),
                "https://example.org/live".to_owned(),
            )
        };
        rows.push(format!(
            "{id};{title};Конституция туралы №{i} кездесу;meeting;{};;{district};{venue_name};ул. Абая, {i};{coords};{online};Коалиция;participation;;",
            start.format("%Y-%m-%d %H:%M")
        ));
        planted.push(Planted {
            id,
            title,
            district,
            venue,
            date: start.date_naive(),
        });
    }
    let db = app.db().await;
    let bytes = format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes();
    atazan::services::events::import(&db, &bytes, atazan::storage::now())
        .await
        .expect("the 50 events import");
    planted
}

const PINS: &str = r#"
    const singles = document.querySelectorAll('#map .leaflet-marker-icon.pin').length;
    const clustered = [...document.querySelectorAll('#map .marker-cluster')]
        .reduce((n, c) => n + parseInt(c.textContent, 10), 0);
    return singles + clustered;"#;

const LISTED: &str = "return document.querySelectorAll('#list li').length;";

#[tokio::test]
async fn a_resident_finds_filters_and_signs_up_in_the_mini_app() {
    let _one = ONE_BROWSER.lock().await;
    let (app, base) = spawn_with_webapp(&[]).await;
    let planted = plant_fifty(&app).await;
    let user = app.onboard(8101, "ru").await;
    let browser = Browser::start().await;
    browser
        .open(&page_url(&base, &signed(user.id, "ru"), &dark()))
        .await;

    // The list shows all 50.
    browser.wait_for("the list", LISTED, json!(50)).await;
    // Telegram's dark theme is applied.
    assert_eq!(
        browser
            .js("return getComputedStyle(document.body).backgroundColor;")
            .await,
        json!("rgb(23, 33, 43)")
    );
    assert_eq!(
        browser.js("return document.documentElement.dataset.theme;").await,
        json!("dark")
    );
    browser.screenshot("webapp-list-dark.png").await;

    // The map: a pin per event with a venue (clusters count theirs).
    let with_venue = planted.iter().filter(|p| p.venue).count();
    browser.click("#tab-map").await;
    browser.wait_for("the pins", PINS, json!(with_venue)).await;
    browser.screenshot("webapp-map.png").await;
    browser.shot_of("#view-map", "webapp-map-only.png").await;
    // The district filter narrows the list and the map.
    let burlin: Vec<&Planted> = planted.iter().filter(|p| p.district == "burlin").collect();
    let district = browser.client.find(Locator::Css("#district")).await.unwrap();
    district.select_by_value("burlin").await.unwrap();
    browser
        .wait_for("the list narrowed", LISTED, json!(burlin.len()))
        .await;
    browser
        .wait_for(
            "the map narrowed",
            PINS,
            json!(burlin.iter().filter(|p| p.venue).count()),
        )
        .await;
    assert_eq!(
        browser
            .js("return [...document.querySelectorAll('#list li')].every(li => li.dataset.district === 'burlin');")
            .await,
        json!(true)
    );
    let district = browser.client.find(Locator::Css("#district")).await.unwrap();
    district.select_by_value("").await.unwrap();
    browser.wait_for("the whole list again", LISTED, json!(50)).await;

    // Tapping a pin shows its event.
    browser.wait_for("the pins again", PINS, json!(with_venue)).await;
    // As a resident would: a cluster zooms in, until a pin stands alone.
    let mut tapped = Value::Null;
    for _ in 0..12 {
        tapped = browser
            .js("const pin = document.querySelector('#map .leaflet-marker-icon.pin'); if (!pin) return null; pin.click(); return pin.dataset.event;")
            .await;
        if !tapped.is_null() {
            break;
        }
        browser
            .js("const c = document.querySelector('#map .marker-cluster'); if (c) c.click(); return 1;")
            .await;
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
    let tapped = planted
        .iter()
        .find(|p| json!(p.id) == tapped)
        .unwrap_or_else(|| panic!("a lone pin to tap (got {tapped})"));
    browser
        .wait_for(
            "the pin's event",
            "const t = document.querySelector('#map .leaflet-popup-content .title'); return t ? t.textContent : null;",
            json!(tapped.title),
        )
        .await;

    // The calendar: the right local days, month by month.
    browser.click("#tab-calendar").await;
    let mut per_month: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for p in &planted {
        *per_month
            .entry(p.date.format("%Y-%m").to_string())
            .or_default()
            .entry(p.date.to_string())
            .or_default() += 1;
    }
    for (month, days) in &per_month {
        for _ in 0..24 {
            let shown = browser
                .js("return document.getElementById('month-title').dataset.month;")
                .await;
            if shown == json!(month) {
                break;
            }
            browser.click("#next-month").await;
        }
        let counts = browser
            .wait_for(
                &format!("the days of {month}"),
                r#"const out = {};
                   document.querySelectorAll('#days button').forEach(b => {
                       const c = b.querySelector('.count');
                       if (c) out[b.dataset.date] = parseInt(c.textContent, 10);
                   });
                   return out;"#,
                json!(days),
            )
            .await;
        assert_eq!(counts, json!(days));
    }
    browser.screenshot("webapp-calendar-dark.png").await;
    browser
        .shot_of("#view-calendar", "webapp-calendar-only.png")
        .await;

    // Sign up from the page: the bot sends the confirmation to this resident.
    let chosen = &planted[4];
    browser.click("#tab-list").await;
    app.skip_all(user.id);
    browser
        .click(&format!("#list li[data-event='{}'] button", chosen.id))
        .await;
    browser
        .wait_for(
            "the event",
            "const t = document.getElementById('event-title'); return t ? t.textContent : null;",
            json!(chosen.title),
        )
        .await;
    browser.click("#rsvp").await;
    browser
        .wait_for(
            "the sign-up shown",
            "return !!document.getElementById('going-note');",
            json!(true),
        )
        .await;
    let note = app
        .expect(user.id, "the confirmation", |c| {
            c.method == "sendmessage" && c.text().is_some_and(|t| t.contains(&chosen.title))
        })
        .await;
    assert!(note.text().unwrap().contains("записались"), "{:?}", note.text());
    let db = app.db().await;
    let row = db.event_by_external_id(&chosen.id).await.unwrap().unwrap();
    assert!(db.rsvp(row.row_id, user.id).await.unwrap().going);
    browser.screenshot("webapp-event-dark.png").await;

    // Nothing the page loaded came from anywhere but the bot's own origin.
    assert_eq!(
        browser
            .js("return performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin));")
            .await,
        json!(true)
    );
    browser.close().await;
}

#[tokio::test]
async fn a_kazakh_resident_sees_kazakh_and_a_forged_link_changes_nothing() {
    let _one = ONE_BROWSER.lock().await;
    let (app, base) = spawn_with_webapp(&[]).await;
    let planted = plant_fifty(&app).await;
    let user = app.onboard(8201, "kk").await;
    let browser = Browser::start().await;
    browser
        .open(&page_url(&base, &signed(user.id, "kk"), &light()))
        .await;
    assert_eq!(
        browser.js("return document.documentElement.lang;").await,
        json!("kk")
    );
    assert_eq!(
        browser
            .js("return document.getElementById('tab-calendar').textContent;")
            .await,
        json!("Күнтізбе")
    );
    assert_eq!(
        browser
            .js("return getComputedStyle(document.body).backgroundColor;")
            .await,
        json!("rgb(255, 255, 255)")
    );
    let first = &planted[0];
    browser
        .click(&format!("#list li[data-event='{}'] button", first.id))
        .await;
    browser
        .wait_for(
            "the Kazakh sign-up button",
            "const b = document.getElementById('rsvp'); return b ? b.textContent : null;",
            json!("✅ Барамын"),
        )
        .await;
    browser
        .wait_for(
            "the Kazakh title",
            "return document.getElementById('event-title').textContent;",
            json!(format!("Конституция туралы №0 кездесу")),
        )
        .await;
    browser.screenshot("webapp-event-kk.png").await;

    // A link whose initData was altered (another user id under the old hash).
    let stranger = 8299;
    let forged = signed(user.id, "kk").replace(
        &format!("%22id%22%3A{}", user.id),
        &format!("%22id%22%3A{stranger}"),
    );
    assert_ne!(forged, signed(user.id, "kk"));
    browser.client.goto("about:blank").await.unwrap();
    browser
        .client
        .goto(&page_url(&base, &forged, &light()))
        .await
        .unwrap();
    browser
        .wait_for(
            "the error",
            "const e = document.getElementById('error'); return !e.hidden && e.textContent.includes('Telegram');",
            json!(true),
        )
        .await;
    assert_eq!(
        browser.js("return document.getElementById('main').hidden;").await,
        json!(true)
    );
    assert_eq!(
        browser
            .js("return document.querySelectorAll('#list li').length;")
            .await,
        json!(0)
    );
    browser.screenshot("webapp-forged.png").await;
    let db = app.db().await;
    assert!(
        db.user(stranger).await.unwrap().is_none(),
        "the forged caller left no trace"
    );
    assert!(db.rsvps_of(stranger).await.unwrap().is_empty());
    assert!(
        db.rsvps_of(user.id).await.unwrap().is_empty(),
        "nothing was signed up"
    );
    browser.close().await;
}
