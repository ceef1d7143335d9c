//! The command line (`../shared/interfaces.md`): parsing here, the work elsewhere.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use crate::chat::ChatRole;
use crate::{app, config::Config};

#[derive(Parser, Debug)]
#[command(
    name = "atazan",
    version,
    about = "Telegram bot for the public discussion of Kazakhstan's Constitution"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Run the bot (long polling). Needs TELOXIDE_TOKEN.
    Run,
    /// Talk to the bot in this terminal, without Telegram (uses data/chat.db).
    Chat {
        /// The role of the local user.
        #[arg(long = "as", value_enum, default_value_t = ChatRole::Resident)]
        role: ChatRole,
        /// The language of the local user's Telegram app.
        #[arg(long, value_parser = ["ru", "kk"], default_value = "ru")]
        lang: String,
    },
    /// Write all questions as CSV (UTF-8 with BOM, `;`), for Excel.
    ExportQuestions {
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Make a consistent copy of the database while the bot runs.
    Backup {
        /// The new file (must not exist).
        file: std::path::PathBuf,
    },
    /// Validate a content pack (default: CONTENT_DIR) and count what editors still need to review.
    CheckContent {
        /// The pack's folder.
        dir: Option<std::path::PathBuf>,
        /// Also list the items whose facts were not checked (`as_of`) for this many days.
        #[arg(long, value_name = "DAYS")]
        stale: Option<u32>,
    },
    /// Read the official text of the Constitution (plain text or an HTML page saved from
    /// adilet.zan.kz) into the pack in CONTENT_DIR as `law/<lang>.toml`, all or nothing; with
    /// `--doc ID`, a draft's text into `drafts/ID/<lang>.toml` (its `draft.toml` must exist).
    ImportText {
        /// The draft whose text this is (default: the Constitution).
        #[arg(long)]
        doc: Option<String>,
        /// The language of the text.
        #[arg(long, value_parser = ["ru", "kk"])]
        lang: String,
        /// The saved text (UTF-8).
        file: std::path::PathBuf,
        /// Where it was copied from (URL or publication), kept with the text.
        #[arg(long, default_value = "")]
        source: String,
    },
    /// Import events from a CSV file (upsert by `id`), all or nothing; see README "Events CSV".
    ImportEvents {
        /// The CSV file (`;` or `,`, UTF-8 with or without BOM).
        file: std::path::PathBuf,
    },
    /// Copy this database (DATABASE_URL, SQLite) into an empty PostgreSQL database, all or
    /// nothing, with every table's row count verified.
    MigrateDb {
        /// The PostgreSQL database (`postgres://user:password@host/database`), created and empty.
        #[arg(long)]
        to: String,
    },
    /// Write every event as CSV, in the format import-events reads.
    ExportEvents {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Write the coalition's report for the local dates FROM..=TO (YYYY-MM-DD) into DIR:
    /// report.html, a PNG per chart and a CSV per table.
    Report {
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
        #[arg(long)]
        out: std::path::PathBuf,
        /// The report's language.
        #[arg(long, value_parser = ["ru", "kk"], default_value = "ru")]
        lang: String,
    },
    /// Write the digest of a draft's discussion into DIR: digest.html and digest.csv, the
    /// approved comments per article with their support, districts and the drafters' response.
    Digest {
        #[arg(long)]
        doc: String,
        #[arg(long)]
        out: std::path::PathBuf,
        /// The digest's language.
        #[arg(long, value_parser = ["ru", "kk"], default_value = "ru")]
        lang: String,
    },
}

/// Parses the command line, runs the command, and turns errors into one line and exit status 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_filter = match cli.command {
        // Chat mode's terminal is for the conversation; only warnings go to stderr.
        Some(Cmd::Chat { .. }) => "warn",
        _ => "info",
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default_filter)).init();

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result: Result<(), String> = runtime.block_on(async {
        let config = Config::from_env().map_err(|e| e.to_string())?;
        let region = crate::domain::region::install_from(config.region_file.as_deref()).map_err(|lines| {
            for l in &lines {
                eprintln!("{l}");
            }
            format!("the region file (REGION_FILE) has {} problems", lines.len())
        })?;
        if matches!(cli.command, Some(Cmd::CheckContent { .. })) {
            println!("{}: OK — {}", region.origin, region.summary());
        }
        match cli.command.unwrap_or(Cmd::Run) {
            Cmd::Run => app::run(config, app::shutdown_signal())
                .await
                .map_err(|e| e.to_string()),
            Cmd::Chat { role, lang } => crate::chat::run(config, role, &lang)
                .await
                .map_err(|e| e.to_string()),
            Cmd::ExportQuestions { out } => export_questions(&config, out.as_deref()).await,
            Cmd::Backup { file } => backup(&config, &file).await,
            Cmd::CheckContent { dir, stale } => {
                check_content(&dir.clone().unwrap_or(config.content_dir.clone()), stale)?;
                comment_states(&config).await
            }
            Cmd::ImportText {
                doc,
                lang,
                file,
                source,
            } => import_text(&config.content_dir, doc.as_deref(), &lang, &file, &source),
            Cmd::ImportEvents { file } => import_events(&config, &file).await,
            Cmd::ExportEvents { out } => export_events(&config, out.as_deref()).await,
            Cmd::MigrateDb { to } => migrate_db(&config, &to).await,
            Cmd::Report { from, to, out, lang } => report(&config, from, to, &out, &lang).await,
            Cmd::Digest { doc, out, lang } => digest(&config, &doc, &out, &lang).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `atazan check-content`: every problem as `file:line: what`, or the review summary.
fn check_content(dir: &std::path::Path, stale: Option<u32>) -> Result<(), String> {
    match crate::content::Pack::load(dir) {
        Ok(pack) => {
            println!("{}: OK — {}", dir.display(), pack.summary());
            if let Some(days) = stale {
                let today = chrono::Local::now().date_naive();
                let old = pack.stale(today, days);
                println!("{} items not checked for {days} days or more:", old.len());
                for item in old {
                    println!(
                        "{}: as_of {} ({} days){}",
                        item.file.display(),
                        item.as_of,
                        (today - item.as_of).num_days(),
                        if item.time_sensitive {
                            ", time-sensitive"
                        } else {
                            ""
                        }
                    );
                }
            }
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            Err(format!(
                "{}: {} problems; the bot will not start on this pack",
                dir.display(),
                problems.len()
            ))
        }
    }
}

/// For `check-content`: where the residents' comments on drafts stand, from the bot's database
/// (DATABASE_URL) when there is one.
async fn comment_states(config: &Config) -> Result<(), String> {
    if let Some(path) = config.database_url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        if !std::path::Path::new(path).exists() {
            println!("comments on drafts: no database yet ({path})");
            return Ok(());
        }
    }
    let db = crate::storage::Db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let states = db.comment_states().await;
    db.close().await;
    let states = states.map_err(|e| e.to_string())?;
    if states.is_empty() {
        println!("comments on drafts: none");
    }
    let mut docs: Vec<&str> = states.iter().map(|(d, ..)| d.as_str()).collect();
    docs.dedup();
    for doc in docs {
        let of = |s: &str| {
            states
                .iter()
                .find(|(d, st, _)| d == doc && st == s)
                .map_or(0, |(.., n)| *n)
        };
        println!(
            "comments on {doc}: {} approved, {} waiting for a volunteer, {} rejected, {} removed by their authors",
            of("approved"),
            of("pending"),
            of("rejected"),
            of("removed")
        );
    }
    Ok(())
}

/// `atazan digest --doc ID --out DIR`: digest.html and digest.csv of a draft's discussion.
async fn digest(config: &Config, doc: &str, out: &std::path::Path, lang: &str) -> Result<(), String> {
    let lang: crate::domain::Lang = lang.parse().map_err(|e| format!("{e}"))?;
    let pack = crate::content::Pack::load(&config.content_dir).map_err(|p| problems_line(&p))?;
    let Some(draft) = pack.draft(doc) else {
        let ids: Vec<&str> = pack.drafts.iter().map(|d| d.id.as_str()).collect();
        return Err(format!(
            "no draft `{doc}` in {}; drafts there: {}",
            config.content_dir.display(),
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            }
        ));
    };
    let db = crate::storage::Db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let data = crate::services::drafts::digest(&db, draft, lang).await;
    db.close().await;
    let data = data.map_err(|e| e.to_string())?;
    let generated = crate::domain::format_local(chrono::Utc::now());
    let html = crate::report::digest::html(&data, lang, &generated);
    let csv = crate::report::digest::csv(&data, lang)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, bytes) in [("digest.html", html.into_bytes()), ("digest.csv", csv)] {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!(
        "{}: the digest of {doc} (version {}): {} approved comments on {} articles, {} waiting, {} rejected, {} removed",
        out.display(),
        data.version,
        data.approved,
        data.articles.len(),
        data.pending,
        data.rejected,
        data.removed
    );
    Ok(())
}

/// `atazan import-text [--doc ID] --lang ru|kk FILE`: the official text into `law/<lang>.toml`
/// (or a draft's into `drafts/ID/<lang>.toml`), or every problem with its line; nothing is
/// written on a problem.
fn import_text(
    dir: &std::path::Path,
    doc: Option<&str>,
    lang: &str,
    file: &std::path::Path,
    source: &str,
) -> Result<(), String> {
    let lang: crate::domain::Lang = lang.parse().map_err(|_| format!("unknown language `{lang}`"))?;
    let bytes = std::fs::read(file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    let input = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 (at byte {}); save the page as UTF-8",
            file.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let files = crate::content::PackFiles::from_dir(dir).map_err(|p| problems_line(&p))?;
    let folder = match doc {
        None => "law".to_owned(),
        Some(id) if files.get(&format!("drafts/{id}/draft.toml")).is_some() => format!("drafts/{id}"),
        Some(id) => {
            let known = crate::content::drafts::draft_ids(&files);
            return Err(format!(
                "no draft `{id}` in {} (drafts/{id}/draft.toml); drafts there: {}",
                dir.display(),
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.into_iter().collect::<Vec<_>>().join(", ")
                }
            ));
        }
    };
    let today = chrono::Local::now().date_naive();
    let (files, text) = crate::content::law::import_into(&files, &folder, lang, &input, file, source, today)
        .map_err(|problems| {
            for p in &problems {
                eprintln!("{p}");
            }
            format!(
                "{}: {} problems; nothing was written",
                file.display(),
                problems.len()
            )
        })?;
    let rel = format!("{folder}/{lang}.toml");
    let target = dir.join(&rel);
    let tmp = dir.join(format!("{rel}.tmp"));
    std::fs::create_dir_all(dir.join(&folder)).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&tmp, files.get(&rel).unwrap_or_default())
        .map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &target).map_err(|e| format!("{}: {e}", target.display()))?;
    println!("{}: {}", target.display(), text.report());
    Ok(())
}

fn problems_line(problems: &[crate::content::Problem]) -> String {
    for p in problems {
        eprintln!("{p}");
    }
    format!("{} problems in the pack", problems.len())
}

/// `atazan export-questions [--out FILE]`.
async fn export_questions(config: &Config, out: Option<&std::path::Path>) -> Result<(), String> {
    let db = crate::storage::Db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let csv = crate::export::questions_csv(&db)
        .await
        .map_err(|e| e.to_string())?;
    db.close().await;
    match out {
        Some(path) => std::fs::write(path, csv).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&csv).map_err(|e| e.to_string())
        }
    }
}

/// `atazan backup FILE`.
async fn backup(config: &Config, file: &std::path::Path) -> Result<(), String> {
    let db = crate::storage::Db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let result = db.backup(file).await.map_err(|e| e.to_string());
    db.close().await;
    result?;
    println!("backup written to {}", file.display());
    Ok(())
}

/// `atazan migrate-db --to URL`: each table's count as it lands, then the total.
#[cfg(all(feature = "sqlite", feature = "postgres"))]
async fn migrate_db(config: &Config, to: &str) -> Result<(), String> {
    use crate::storage::{Db, is_postgres};
    if !is_postgres(to) {
        return Err("--to takes a PostgreSQL URL (postgres://user:password@host/database)".into());
    }
    if is_postgres(&config.database_url) {
        return Err("DATABASE_URL is PostgreSQL already; migrate-db copies an SQLite database".into());
    }
    let started = std::time::Instant::now();
    let source = Db::open(&config.database_url)
        .await
        .map_err(|e| format!("{}: {e}", Db::describe(&config.database_url)))?;
    let target = Db::open(to)
        .await
        .map_err(|e| format!("{}: {e}", Db::describe(to)))?;
    let result = source
        .copy_to(&target, |table, rows| println!("{table}: {rows} rows"))
        .await;
    source.close().await;
    target.close().await;
    let copied = result.map_err(|e| e.to_string())?;
    println!(
        "copied {} rows of {} tables from {} to {} in {:.1} s; counts verified; new numbers continue after the copied ones",
        copied.total_rows(),
        copied.tables.len(),
        Db::describe(&config.database_url),
        Db::describe(to),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(not(all(feature = "sqlite", feature = "postgres")))]
async fn migrate_db(_config: &Config, _to: &str) -> Result<(), String> {
    Err("migrate-db needs a build with both engines (cargo features `sqlite` and `postgres`)".into())
}

/// `atazan import-events FILE`: every problem as `FILE:LINE: reason`, or the summary.
async fn import_events(config: &Config, file: &std::path::Path) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    let db = crate::storage::Db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let result = crate::services::events::import(&db, &bytes, crate::storage::now()).await;
    if let Ok(s) = &result {
        // Actor 0: the operator at the command line.
        let detail = format!(
            "{} (command line): {} added, {} updated, {} unchanged",
            file.display(),
            s.added,
            s.updated,
            s.unchanged
        );
        if let Err(e) = db.audit(0, "events_import", &detail).await {
            log::warn!("cannot write the audit log: {e}");
        }
    }
    db.close().await;
    match result {
        Ok(s) => {
            println!(
                "{}: imported: {} added, {} updated, {} unchanged; {} notices queued for residents who signed up",
                file.display(),
                s.added,
                s.updated,
                s.unchanged,
                s.notices
            );
            Ok(())
        }
        Err(crate::services::events::ImportError::Invalid(errors)) => {
            for e in &errors {
                eprintln!("{}:{e}", file.display());
            }
            Err(format!(
                "{}: {} problems; nothing was imported",
                file.display(),
                errors.len()
            ))
        }
        Err(crate::services::events::ImportError::Storage(e)) => Err(e.to_string()),
    }
}

/// `atazan export-events [--out FILE]`: the events CSV on standard output or in a file.
async fn export_events(config: &Config, out: Option<&std::path::Path>) -> Result<(), String> {
    let db = crate::storage::Db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let csv = crate::services::events::export(&db)
        .await
        .map_err(|e| e.to_string());
    db.close().await;
    let csv = csv?;
    match out {
        Some(path) => {
            std::fs::write(path, &csv).map_err(|e| format!("{}: cannot write: {e}", path.display()))
        }
        None => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(&csv)
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
    }
}

/// `atazan report --from DATE --to DATE --out DIR`: the report's files in DIR.
async fn report(
    config: &Config,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    out: &std::path::Path,
    lang: &str,
) -> Result<(), String> {
    if to < from {
        return Err(format!("--to {to} is before --from {from}"));
    }
    let lang: crate::domain::Lang = lang.parse().map_err(|e| format!("{e}"))?;
    let db = crate::storage::Db::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let data = crate::services::report::build(&db, from, to, lang).await;
    db.close().await;
    let data = data.map_err(|e| e.to_string())?;
    let rendered = crate::report::render::render(&data, lang)?;
    let files =
        crate::report::render::write_dir(&rendered, out).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{}: the report for {from} – {to}, {} files",
        out.display(),
        files.len()
    );
    Ok(())
}
