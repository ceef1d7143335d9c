//! Benchmarks for issue 6 (not part of `cargo test`): importing 10,000 CSV rows (goal < 2 s)
//! and the listing query over 10,000 events (goal < 1 ms). Run with `cargo bench --bench events`.

use std::time::{Duration, Instant};

use atazan::{
    domain::{
        District, EventFilter, Period, Theme,
        event::{Coordinates, format_local_csv},
    },
    services::events,
    storage::{Db, now},
};
use criterion::{Criterion, criterion_group, criterion_main};

const ROWS: usize = 10_000;

/// 10,000 events over the next 120 days, across all districts, themes and kinds.
fn csv(rows: usize) -> Vec<u8> {
    let kinds = [
        "meeting",
        "round_table",
        "public_discussion",
        "dialogue_platform",
        "online",
    ];
    let start = now() + 3600;
    let mut out = String::from(
        "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status\n",
    );
    for i in 0..rows {
        let district = District::all().nth(i % District::all().len()).unwrap();
        let theme = Theme::ALL[i % Theme::ALL.len()];
        let at = start + (i as i64 * 120 * 24 * 3600) / rows as i64;
        let lat = format!("{:.4}", 49.0 + (i % 300) as f64 / 100.0).replace('.', ",");
        let lon = format!("{:.4}", 47.0 + (i % 700) as f64 / 100.0);
        out.push_str(&format!(
            "bench-{i:05};Встреча с жителями №{i};Тұрғындармен кездесу №{i};{};{};;{};Дом культуры;ул. Абая, {};{lat};{lon};;Коалиция;{}|participation;{};scheduled\n",
            kinds[i % kinds.len()],
            format_local_csv(at),
            district.id(),
            i % 200 + 1,
            theme.id(),
            50 + i % 100,
        ));
    }
    out.into_bytes()
}

async fn fresh_db(dir: &tempfile::TempDir, n: usize) -> Db {
    let url = format!("sqlite://{}", dir.path().join(format!("bench-{n}.db")).display());
    Db::open(&url).await.expect("bench database opens")
}

fn import(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let bytes = csv(ROWS);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    let mut group = c.benchmark_group("import");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("10k rows into an empty database", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    n += 1;
                    let db = fresh_db(&dir, n).await;
                    let t = Instant::now();
                    let s = events::import(&db, &bytes, now()).await.expect("imports");
                    total += t.elapsed();
                    assert_eq!(s.added, ROWS);
                    db.close().await;
                }
                total
            })
        });
    });
    let db = rt.block_on(async {
        let db = fresh_db(&dir, 0).await;
        events::import(&db, &bytes, now()).await.expect("imports");
        db
    });
    group.bench_function("10k rows again, all unchanged", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let t = Instant::now();
                for _ in 0..iters {
                    let s = events::import(&db, &bytes, now()).await.expect("imports");
                    assert_eq!(s.unchanged, ROWS);
                }
                t.elapsed()
            })
        });
    });
    group.finish();
}

fn listing(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = rt.block_on(async {
        let db = fresh_db(&dir, 0).await;
        events::import(&db, &csv(ROWS), now()).await.expect("imports");
        db
    });
    let mut group = c.benchmark_group("listing 10k events");
    let cases = [
        (
            "district, first page",
            EventFilter {
                district: Some("burlin".parse::<District>().unwrap()),
                ..EventFilter::default()
            },
        ),
        ("all districts, first page", EventFilter::default()),
        (
            "district + theme + this month",
            EventFilter {
                district: Some("uralsk".parse::<District>().unwrap()),
                theme: Some(Theme::Labour),
                period: Period::Month,
            },
        ),
    ];
    for (name, filter) in cases {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let t = Instant::now();
                    for _ in 0..iters {
                        let found = db.upcoming_events(&filter, now(), 6, 0).await.expect("lists");
                        assert!(!found.is_empty());
                    }
                    t.elapsed()
                })
            });
        });
    }
    group.bench_function("all districts, page 20", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let t = Instant::now();
                for _ in 0..iters {
                    db.upcoming_events(&EventFilter::default(), now(), 6, 100)
                        .await
                        .expect("lists");
                }
                t.elapsed()
            })
        });
    });
    let here = Coordinates {
        lat: 51.23,
        lon: 51.37,
    };
    group.bench_function("nearest 5 (places, haversine, sort, load 5)", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let t = Instant::now();
                for _ in 0..iters {
                    let places = db.upcoming_event_places(now()).await.expect("lists");
                    let mut by_distance: Vec<(f64, i64)> =
                        places.iter().map(|(id, c)| (here.distance_km(*c), *id)).collect();
                    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
                    by_distance.truncate(5);
                    for (_, id) in &by_distance {
                        db.event(*id).await.expect("loads").expect("exists");
                    }
                    assert_eq!(by_distance.len(), 5);
                }
                t.elapsed()
            })
        });
    });
    group.finish();
}

criterion_group!(benches, import, listing);
criterion_main!(benches);
