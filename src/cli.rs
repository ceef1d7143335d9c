//! The command line (`../shared/interfaces.md`): parsing here, the work elsewhere.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    },
    /// Import events from a CSV file (upsert by `id`), all or nothing; see README "Events CSV".
    ImportEvents {
        /// The CSV file (`;` or `,`, UTF-8 with or without BOM).
        file: std::path::PathBuf,
    },
    /// Write every event as CSV, in the format import-events reads.
    ExportEvents {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatRole {
    Resident,
    Volunteer,
    Admin,
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
        match cli.command.unwrap_or(Cmd::Run) {
            Cmd::Run => app::run(config, app::shutdown_signal())
                .await
                .map_err(|e| e.to_string()),
            Cmd::Chat { role, lang } => crate::chat::run(config, role, &lang)
                .await
                .map_err(|e| e.to_string()),
            Cmd::ExportQuestions { out } => export_questions(&config, out.as_deref()).await,
            Cmd::Backup { file } => backup(&config, &file).await,
            Cmd::CheckContent { dir } => check_content(&dir.unwrap_or(config.content_dir)),
            Cmd::ImportEvents { file } => import_events(&config, &file).await,
            Cmd::ExportEvents { out } => export_events(&config, out.as_deref()).await,
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
fn check_content(dir: &std::path::Path) -> Result<(), String> {
    match crate::content::Pack::load(dir) {
        Ok(pack) => {
            println!("{}: OK — {}", dir.display(), pack.summary());
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
