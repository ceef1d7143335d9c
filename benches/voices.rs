//! What residents think, measured (not part of `cargo test`): `cargo bench --bench voices` prints
//! a Markdown table: groups of opinion for 10,000 voters × 40 statements (time and the peak memory
//! it adds), and the coalition's report over a year of data (100,000 questions, 700 events, votes
//! and subscribers) in a real SQLite file, gathered and rendered (charts, CSVs, the HTML).
//!
//! `BENCH_SAMPLE_OUT=DIR` also writes the sample report the README shows, made from the sample
//! data: the 42 events of `examples/sample-events.csv` moved back into the last eight weeks, the
//! sets of `examples/statements.toml`, and synthetic residents' questions, votes and attendance
//! (a fixed seed).

use std::{
    path::Path,
    time::{Duration, Instant},
};

use atazan::{
    domain::{
        District, Lang, Theme,
        opinion::{Ballot, groups},
        statement::parse_statements_file,
    },
    services,
    storage::{Backend, Db, now},
};
use chrono::{Days, NaiveDate};
use rand_xoshiro::{
    Xoshiro256Plus,
    rand_core::{RngCore, SeedableRng},
};

const DAY: i64 = 24 * 3600;

/// A uniform float in [0, 1) from a seeded generator.
struct Rng(Xoshiro256Plus);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(Xoshiro256Plus::seed_from_u64(seed))
    }
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n as u64) as usize
    }
}

/// 10,000 voters × 40 statements: each votes on ~25 random statements following one of 3
/// planted tendencies (50 / 30 / 20 % of voters), with 15 % noise.
fn ballots(voters: usize, statements: usize) -> Vec<Ballot> {
    let mut rng = Rng::new(2024);
    let mut ballots = Vec::new();
    for voter in 0..voters {
        let tendency = match voter % 10 {
            0..5 => 0,
            5..8 => 1,
            _ => 2,
        };
        for statement in 0..statements {
            if rng.unit() >= 25.0 / statements as f64 {
                continue;
            }
            let stance = if statement * 3 / statements == tendency {
                1
            } else {
                -1
            };
            let noise = rng.unit();
            let vote = if noise < 0.05 {
                0
            } else if noise < 0.15 {
                -stance
            } else {
                stance
            };
            ballots.push(Ballot {
                voter,
                statement,
                vote,
            });
        }
    }
    ballots
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn opinion(rows: &mut Vec<[String; 3]>) {
    const VOTERS: usize = 10_000;
    const STATEMENTS: usize = 40;
    let ballots = ballots(VOTERS, STATEMENTS);
    // The peak this process reaches while grouping, above what it holds before (the ballots):
    // writing 5 to clear_refs resets the high-water mark (Linux).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kb("VmRSS:");
    let opinion = groups(VOTERS, STATEMENTS, &ballots).expect("enough voters");
    let peak = status_kb("VmHWM:");
    let sizes: Vec<usize> = opinion.groups.iter().map(|g| g.members.len()).collect();
    let mut times: Vec<Duration> = (0..10)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(groups(VOTERS, STATEMENTS, &ballots));
            t.elapsed()
        })
        .collect();
    times.sort();
    rows.push([
        format!(
            "groups of opinion, 10,000 voters × 40 statements ({} ballots, 3 planted tendencies → groups of {sizes:?}): median / slowest of 10; peak memory added",
            ballots.len()
        ),
        "—".into(),
        format!(
            "{:.0} ms / {:.0} ms; {:.1} MB",
            times[4].as_secs_f64() * 1e3,
            times[9].as_secs_f64() * 1e3,
            peak.saturating_sub(before) as f64 / 1024.0
        ),
    ]);
}

fn pool(db: &Db) -> &sqlx::SqlitePool {
    match db.backend() {
        Backend::Sqlite(pool) => pool,
        _ => unreachable!("the benchmark opens SQLite"),
    }
}

/// What a period holds: `questions` questions over `days` days ending now, `residents` residents
/// (70 % subscribed, at a time spread over the period), `voters` of them voting in the sets.
struct Scale {
    days: i64,
    residents: i64,
    questions: i64,
    voters: i64,
}

/// Residents, questions (with themes and districts, 85 % answered, in minutes to days), and
/// votes on every published statement, written straight to the database in one transaction.
async fn seed_people(db: &Db, scale: &Scale, rng: &mut Rng) {
    let t = now();
    let start = t - scale.days * DAY;
    let districts: Vec<District> = District::all().collect();
    let mut tx = pool(db).begin().await.unwrap();
    for id in 0..scale.residents {
        let user = 1_000_000 + id;
        let seen = start + (rng.unit() * (scale.days * DAY) as f64) as i64;
        let district = (rng.unit() < 0.8).then(|| districts[rng.below(districts.len())].id());
        let subscribed = rng.unit() < 0.7;
        sqlx::query(
            "INSERT INTO users (id, lang, district, subscribed, subscribed_at, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )
        .bind(user)
        .bind(if rng.unit() < 0.3 { "kk" } else { "ru" })
        .bind(district)
        .bind(subscribed)
        .bind(subscribed.then_some(seen))
        .bind(seen)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    // Volunteers who answer.
    for v in 0..12i64 {
        sqlx::query("INSERT INTO users (id, lang, role, first_seen, last_seen) VALUES (?1, 'ru', 'volunteer', ?2, ?2)")
            .bind(500 + v)
            .bind(start)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    // Themes are uneven, as real questions are: local government and social justice lead.
    let weights = [0.24, 0.12, 0.14, 0.1, 0.08, 0.12, 0.2];
    for q in 0..scale.questions {
        let user = 1_000_000 + rng.below(scale.residents as usize) as i64;
        let created = start + (rng.unit() * (scale.days * DAY - 3 * DAY) as f64) as i64;
        let mut pick = rng.unit();
        let theme = Theme::ALL
            .iter()
            .zip(weights)
            .find(|(_, w)| {
                pick -= w;
                pick < 0.0
            })
            .map_or(Theme::ALL[0], |(t, _)| *t);
        let theme = (rng.unit() > 0.05).then(|| theme.id());
        let answered = rng.unit() < 0.85;
        // Minutes to days: most within a day, a tail to a week.
        let wait = (60.0 * 10.0 * (rng.unit() * 6.5).exp()) as i64;
        sqlx::query(
            "INSERT INTO questions (user_id, chat_id, source_message_id, lang, body, status, answer, answered_by,
                                    answered_at, delivery, rating, created_at, theme, district)
             VALUES (?1, ?1, ?2, 'ru', 'Вопрос жителя', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                     (SELECT district FROM users WHERE id = ?1))",
        )
        .bind(user)
        .bind(q)
        .bind(if answered { "answered" } else { "waiting" })
        .bind(answered.then_some("Ответ волонтёра"))
        .bind(answered.then(|| 500 + rng.below(12) as i64))
        .bind(answered.then_some(created + wait))
        .bind(answered.then_some("delivered"))
        .bind(if answered && rng.unit() < 0.4 { Some(if rng.unit() < 0.85 { 1 } else { -1 }) } else { None })
        .bind(created)
        .bind(theme)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    // Votes: each voter on most statements, in two camps that agree on some statements.
    let statements: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, position FROM statements WHERE status = 'published' ORDER BY set_id, position",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    for v in 0..scale.voters {
        let user = 1_000_000 + v;
        let camp = v % 5 < 3;
        for &(id, position) in &statements {
            if rng.unit() < 0.15 {
                continue;
            }
            let stance: i64 = match position % 3 {
                0 => 1,
                1 if camp => 1,
                1 => -1,
                _ if camp => -1,
                _ => 1,
            };
            let noise = rng.unit();
            let vote = if noise < 0.08 {
                0
            } else if noise < 0.2 {
                -stance
            } else {
                stance
            };
            sqlx::query("INSERT INTO votes (statement_id, user_id, vote, voted_at) VALUES (?1, ?2, ?3, ?4)")
                .bind(id)
                .bind(user)
                .bind(vote)
                .bind(start + (rng.unit() * (scale.days * DAY) as f64) as i64)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

/// Past events get an attendance (80 % of them, 8 to 120 people) and a few are cancelled.
async fn report_events(db: &Db, rng: &mut Rng) {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM events WHERE ends_at <= ?1 ORDER BY id")
        .bind(now())
        .fetch_all(pool(db))
        .await
        .unwrap();
    let mut tx = pool(db).begin().await.unwrap();
    for id in ids {
        let roll = rng.unit();
        if roll < 0.05 {
            sqlx::query("UPDATE events SET status = 'cancelled' WHERE id = ?1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
        } else if roll < 0.85 {
            sqlx::query("UPDATE events SET attendance = ?2, report_note = 'Встреча прошла', reported_at = ends_at WHERE id = ?1")
                .bind(id)
                .bind(8 + rng.below(113) as i64)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

fn statements_file() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/statements.toml"))
        .expect("examples/statements.toml")
}

/// The sets of `examples/statements.toml`, open over the whole period.
async fn publish(db: &Db, from: NaiveDate, to: NaiveDate) {
    let file = statements_file()
        .lines()
        .map(|l| {
            if l.starts_with("opens = ") {
                format!("opens = \"{from}\"")
            } else if l.starts_with("closes = ") {
                format!("closes = \"{to}\"")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let sets = parse_statements_file(&file).expect("examples/statements.toml parses");
    db.publish_sets(&sets, 1).await.unwrap();
}

/// 700 events over the year, across districts, themes and kinds, as an events CSV.
fn year_of_events(from: i64, days: i64) -> Vec<u8> {
    let kinds = [
        "meeting",
        "round_table",
        "public_discussion",
        "dialogue_platform",
        "online",
    ];
    let mut out = String::from(
        "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status\n",
    );
    let districts: Vec<District> = District::all().collect();
    for i in 0..700i64 {
        let at = from + DAY + i * (days - 2) * DAY / 700;
        let district = districts[i as usize * 7 % districts.len()];
        out.push_str(&format!(
            "year-{i:03};Встреча с жителями №{i};Тұрғындармен кездесу №{i};{};{};;{};Дом культуры;ул. Абая, 1;;;;Коалиция;{};80;scheduled\n",
            kinds[i as usize % kinds.len()],
            atazan::domain::event::format_local_csv(at),
            district.id(),
            Theme::ALL[i as usize % Theme::ALL.len()].id(),
        ));
    }
    out.into_bytes()
}

async fn open(dir: &tempfile::TempDir, name: &str) -> Db {
    Db::open(&format!("sqlite://{}", dir.path().join(name).display()))
        .await
        .expect("bench database opens")
}

async fn year_report(rows: &mut Vec<[String; 3]>) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir, "year.db").await;
    let to = services::report::today();
    let from = to - Days::new(364);
    let scale = Scale {
        days: 365,
        residents: 40_000,
        questions: 100_000,
        voters: 5_000,
    };
    let seeding = Instant::now();
    publish(&db, from, to).await;
    services::events::import(&db, &year_of_events(now() - 365 * DAY, 365), now() - 366 * DAY)
        .await
        .expect("the year's events import");
    let mut rng = Rng::new(365);
    report_events(&db, &mut rng).await;
    seed_people(&db, &scale, &mut rng).await;
    eprintln!("seeded a year in {:.1} s", seeding.elapsed().as_secs_f64());
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let data = services::report::build(&db, from, to, Lang::Ru).await.unwrap();
        let gathered = t.elapsed();
        let rendered = atazan::report::render::render(&data, Lang::Ru).unwrap();
        let zip = atazan::report::render::zip(&rendered).unwrap();
        times.push((t.elapsed(), gathered, zip.len()));
    }
    times.sort();
    let (total, gathered, bytes) = times[2];
    rows.push([
        "the report for a year (100,000 questions, 700 events, 40,000 residents, 5,000 voters on 9 statements): gathered + rendered (5 PNG charts, 7 CSVs, the HTML, zipped), median of 5".into(),
        "< 5 s".into(),
        format!(
            "{:.0} ms (gathering {:.0} ms), zip {} KB",
            total.as_secs_f64() * 1e3,
            gathered.as_secs_f64() * 1e3,
            bytes / 1024
        ),
    ]);
    db.close().await;
}

/// The README's sample: the sample events moved back into the last eight weeks, the example sets,
/// 600 residents, 1,200 questions, 300 voters.
async fn sample_report(out: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir, "sample.db").await;
    let to = services::report::today();
    let from = to - Days::new(55);
    publish(&db, from, to).await;
    let csv =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-events.csv")).unwrap();
    services::events::import(&db, &csv, 0)
        .await
        .expect("the sample events import");
    // Whole weeks back, so that the first lies at the period's start (weekdays and hours kept).
    let first: i64 = sqlx::query_scalar("SELECT MIN(starts_at) FROM events")
        .fetch_one(pool(&db))
        .await
        .unwrap();
    let target = now() - 55 * DAY;
    let weeks = (first - target).div_euclid(7 * DAY);
    sqlx::query("UPDATE events SET starts_at = starts_at - ?1, ends_at = ends_at - ?1")
        .bind(weeks * 7 * DAY)
        .execute(pool(&db))
        .await
        .unwrap();
    let mut rng = Rng::new(42);
    report_events(&db, &mut rng).await;
    let scale = Scale {
        days: 56,
        residents: 600,
        questions: 1_200,
        voters: 300,
    };
    seed_people(&db, &scale, &mut rng).await;
    for lang in [Lang::Ru, Lang::Kk] {
        let data = services::report::build(&db, from, to, lang).await.unwrap();
        let rendered = atazan::report::render::render(&data, lang).unwrap();
        let dir = out.join(lang.code());
        let files = atazan::report::render::write_dir(&rendered, &dir).unwrap();
        eprintln!("{}: {} files", dir.display(), files.len());
    }
    db.close().await;
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let run = |name: &str| only.is_empty() || only.split(',').any(|o| o == name);
    let mut rows: Vec<[String; 3]> = Vec::new();
    if run("opinion") {
        opinion(&mut rows);
    }
    if run("report") {
        runtime.block_on(year_report(&mut rows));
    }
    if let Ok(out) = std::env::var("BENCH_SAMPLE_OUT") {
        runtime.block_on(sample_report(Path::new(&out)));
    }
    println!("\n| benchmark | goal | measured |\n|---|---|---|");
    for [what, goal, got] in rows {
        println!("| {what} | {goal} | {got} |");
    }
}
