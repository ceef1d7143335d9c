//! Statements: `/statements` and `st_<set>` links, the voting card (one statement at a time,
//! with progress, editable answers), results, residents' proposals, volunteers' moderation,
//! and editors' `statements.toml` uploads.

use std::sync::Arc;

use teloxide::{
    net::Download,
    prelude::*,
    types::{Document, InlineKeyboardButton, InlineKeyboardMarkup, MessageId},
};

use super::moderation;
use crate::{
    bot::{Dialogue, HandlerResult, State, Tg, UserCtx, callback::Callback, keyboards::button},
    context::App,
    domain::{
        Lang, MAX_STATEMENT_CHARS, StatementText, Vote, opinion::MIN_VOTERS, statement::StatementError,
    },
    report::shown,
    services::statements::{self, Card, MAX_REASON_CHARS, PublishError, Results},
    storage::VoteOutcome,
    t,
    telegram_html::{MAX_MESSAGE_LEN, escape},
};

/// Whether a document is a statements file (editors and admins).
pub fn is_statements_file(doc: &Document) -> bool {
    doc.file_name
        .as_deref()
        .is_some_and(|n| n.to_lowercase().ends_with(".toml") && n.to_lowercase().contains("statements"))
}

/// `/statements`: the open sets, or straight into the only one.
pub async fn list(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let sets = statements::open_sets(&app, ctx.id()).await?;
    if sets.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "statements-none"))
            .await?;
        return Ok(());
    }
    if let [(set, ..)] = sets.as_slice() {
        return show(&bot, &app, &ctx, None, &set.id, None).await;
    }
    let rows = sets
        .iter()
        .map(|(set, total, voted)| {
            vec![button(
                t!(
                    ctx.lang,
                    "statements-set-button",
                    title = set.title(ctx.lang),
                    voted = *voted,
                    total = *total
                ),
                &Callback::StatementCard {
                    set: set.id.clone(),
                    at: None,
                },
            )]
        })
        .collect::<Vec<_>>();
    bot.send_message(ctx.chat, t!(ctx.lang, "statements-list"))
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// The `st_<set>` deep link and the set buttons.
pub async fn open(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    (set, at): (String, Option<u16>),
) -> HandlerResult {
    show(&bot, &app, &ctx, message, &set, at.map(usize::from)).await
}

pub async fn open_link(bot: &Tg, app: &App, ctx: &UserCtx, set: &str) -> HandlerResult {
    show(bot, app, ctx, None, set, None).await
}

/// Sends (or, with `message`, edits into) the card for `set`.
async fn show(
    bot: &Tg,
    app: &App,
    ctx: &UserCtx,
    message: Option<MessageId>,
    set: &str,
    at: Option<usize>,
) -> HandlerResult {
    let lang = ctx.lang;
    let card = statements::card(app, ctx.id(), set, at, lang).await?;
    let (text, rows) = match card {
        Card::Unknown => (t!(lang, "statements-unknown"), Vec::new()),
        Card::Closed { set } => (
            t!(lang, "statements-closed", set = escape(set.title(lang))),
            vec![vec![results_button(lang, &set.id)]],
        ),
        Card::Done { set, total } => (
            t!(
                lang,
                "statements-done",
                set = escape(set.title(lang)),
                total = total
            ),
            vec![
                vec![results_button(lang, &set.id)],
                vec![
                    button(
                        t!(lang, "statements-change"),
                        &Callback::StatementCard {
                            set: set.id.clone(),
                            at: Some(0),
                        },
                    ),
                    propose_button(lang, &set.id),
                ],
            ],
        ),
        Card::Statement {
            set,
            statement,
            text,
            index,
            total,
            current,
        } => {
            let current = current.map_or_else(String::new, |v| {
                format!(
                    "\n\n{}",
                    t!(lang, "statements-your-vote", vote = t!(lang, vote_key(v)))
                )
            });
            let body = t!(
                lang,
                "statements-card",
                set = escape(set.title(lang)),
                number = index + 1,
                total = total,
                text = escape(&text),
                current = current
            );
            // While going through again (`at`), the next card is the next statement.
            let next = at.map(|_| (index + 1) as u16);
            let vote = |v: Vote| {
                button(
                    t!(lang, vote_key(v)),
                    &Callback::Vote {
                        statement,
                        vote: v,
                        next,
                    },
                )
            };
            let mut nav: Vec<InlineKeyboardButton> = Vec::new();
            if index > 0 {
                nav.push(button(
                    "◀",
                    &Callback::StatementCard {
                        set: set.id.clone(),
                        at: Some((index - 1) as u16),
                    },
                ));
            }
            nav.push(propose_button(lang, &set.id));
            nav.push(results_button(lang, &set.id));
            (
                body,
                vec![
                    vec![vote(Vote::Agree), vote(Vote::Disagree)],
                    vec![vote(Vote::Pass)],
                    nav,
                ],
            )
        }
    };
    let view = crate::ui::view::View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    };
    // A double tap shows the same card: not an error (see `show`).
    crate::ui::view::show(bot, ctx.chat, message, view).await
}

pub(super) fn vote_key(v: Vote) -> &'static str {
    match v {
        Vote::Agree => "vote-agree",
        Vote::Disagree => "vote-disagree",
        Vote::Pass => "vote-pass",
    }
}

fn results_button(lang: Lang, set: &str) -> InlineKeyboardButton {
    button(
        t!(lang, "statements-results-button"),
        &Callback::StatementResults { set: set.to_owned() },
    )
}

fn propose_button(lang: Lang, set: &str) -> InlineKeyboardButton {
    button(
        t!(lang, "statements-propose-button"),
        &Callback::Propose { set: set.to_owned() },
    )
}

/// A vote button: recorded (or changed), then the next card in the same message.
pub async fn voted(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    (statement, vote, next): (i64, Vote, Option<u16>),
) -> HandlerResult {
    let (outcome, set) = statements::vote(&app, ctx.id(), statement, vote).await?;
    match (outcome, set) {
        (VoteOutcome::Recorded | VoteOutcome::Closed, Some(set)) => {
            show(&bot, &app, &ctx, message, &set, next.map(usize::from)).await
        }
        _ => {
            bot.send_message(ctx.chat, t!(ctx.lang, "statements-unknown"))
                .await?;
            Ok(())
        }
    }
}

/// The results of a set: shares per statement and groups of opinion (no one's votes).
pub async fn results(bot: Tg, app: Arc<App>, ctx: UserCtx, set: String) -> HandlerResult {
    let Some(r) = statements::results(&app, &set).await? else {
        bot.send_message(ctx.chat, t!(ctx.lang, "statements-unknown"))
            .await?;
        return Ok(());
    };
    bot.send_message(ctx.chat, results_text(ctx.lang, &r)).await?;
    Ok(())
}

/// A count of people for Telegram HTML: 1–4 as "&lt;5".
fn cell(n: i64) -> String {
    escape(&shown(n))
}

/// Shares as "👍 62% · 👎 30% · 🤷 8%", or "<5" votes and no shares.
fn shares(lang: Lang, agree: i64, disagree: i64, pass: i64) -> String {
    let n = agree + disagree + pass;
    if n < crate::report::SMALL_CELL {
        return t!(lang, "statements-few-votes", votes = cell(n));
    }
    let pct = |x: i64| (x * 100 + n / 2) / n;
    t!(
        lang,
        "statements-shares",
        agree = pct(agree),
        disagree = pct(disagree),
        pass = pct(pass),
        votes = n
    )
}

fn results_text(lang: Lang, r: &Results) -> String {
    let mut text = t!(
        lang,
        "statements-results",
        set = escape(r.set.title(lang)),
        voters = cell(r.voters as i64)
    );
    for s in &r.statements {
        text.push_str(&format!(
            "\n\n«{}»\n{}",
            escape(s.text(lang)),
            shares(lang, s.agree, s.disagree, s.pass)
        ));
    }
    text.push_str("\n\n");
    match &r.opinion {
        None => text.push_str(&t!(lang, "statements-groups-later", min = MIN_VOTERS)),
        Some(o) => {
            let sizes: Vec<String> = o.groups.iter().map(|g| cell(g.members.len() as i64)).collect();
            text.push_str(&t!(
                lang,
                "statements-groups",
                count = o.groups.len(),
                sizes = sizes.join(" · ")
            ));
            let quote = |i: &usize| {
                r.statements
                    .get(*i)
                    .map(|s| format!("\n• «{}»", escape(s.text(lang))))
                    .unwrap_or_default()
            };
            if !o.consensus.is_empty() {
                text.push_str(&format!(
                    "\n\n{}{}",
                    t!(lang, "statements-consensus"),
                    o.consensus.iter().map(quote).collect::<String>()
                ));
            }
            if !o.divisive.is_empty() {
                text.push_str(&format!(
                    "\n\n{}{}",
                    t!(lang, "statements-divisive"),
                    o.divisive.iter().map(quote).collect::<String>()
                ));
            }
        }
    }
    crate::domain::shorten(&text, MAX_MESSAGE_LEN)
}

/// "Propose a statement": the resident writes one.
pub async fn propose_start(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    set: String,
) -> HandlerResult {
    let open = statements::set(&app, &set)
        .await?
        .is_some_and(|s| s.is_open(crate::storage::now()));
    if !open {
        bot.send_message(ctx.chat, t!(ctx.lang, "statements-unknown"))
            .await?;
        return Ok(());
    }
    dialogue.update(State::Proposing { set }).await?;
    bot.send_message(
        ctx.chat,
        t!(ctx.lang, "proposal-prompt", max = MAX_STATEMENT_CHARS),
    )
    .await?;
    Ok(())
}

/// The resident's proposal text.
pub async fn proposal_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    set: String,
) -> HandlerResult {
    let Some(text) = msg.text() else {
        bot.send_message(ctx.chat, t!(ctx.lang, "proposal-not-text"))
            .await?;
        return Ok(());
    };
    let statement = match StatementText::parse(text) {
        Ok(s) => s,
        Err(StatementError::Empty) => {
            bot.send_message(ctx.chat, t!(ctx.lang, "proposal-not-text"))
                .await?;
            return Ok(());
        }
        Err(StatementError::TooLong { len }) => {
            bot.send_message(
                ctx.chat,
                t!(
                    ctx.lang,
                    "proposal-too-long",
                    len = len,
                    max = MAX_STATEMENT_CHARS
                ),
            )
            .await?;
            return Ok(());
        }
    };
    dialogue.update(State::Idle).await?;
    let key = match statements::propose(&app, ctx.id(), &set, &statement, ctx.lang).await? {
        Some(_) => "proposal-received",
        None => "statements-unknown",
    };
    bot.send_message(ctx.chat, t!(ctx.lang, key)).await?;
    Ok(())
}

/// Volunteers: the oldest proposal waiting, with Approve / Reject.
pub async fn moderate_next(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let Some(p) = app.db.next_proposal().await? else {
        bot.send_message(ctx.chat, t!(ctx.lang, "moderation-empty"))
            .await?;
        return Ok(());
    };
    let title = statements::set(&app, &p.set_id)
        .await?
        .map_or_else(String::new, |s| s.title(ctx.lang).to_owned());
    let waiting = app.db.proposals_waiting().await?;
    let text = t!(
        ctx.lang,
        "moderation-card",
        number = p.id,
        set = escape(&title),
        lang = p.lang.code(),
        text = escape(&p.text),
        waiting = waiting
    );
    let markup = moderation::approve_reject(
        ctx.lang,
        Callback::Moderate {
            proposal: p.id,
            approve: true,
        },
        Callback::Moderate {
            proposal: p.id,
            approve: false,
        },
    );
    bot.send_message(ctx.chat, text).reply_markup(markup).await?;
    Ok(())
}

/// Approve publishes at once; Reject asks for the reason the resident will read.
pub async fn moderation(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    (proposal, approve): (i64, bool),
) -> HandlerResult {
    if !approve {
        dialogue.update(State::RejectingProposal { proposal }).await?;
        return moderation::ask_reason(&bot, &ctx, MAX_REASON_CHARS).await;
    }
    let key = match statements::moderate(&app, ctx.id(), proposal, None).await? {
        Some(_) => "moderation-approved",
        None => "moderation-already",
    };
    after_moderation(&bot, &app, &ctx, key).await
}

/// The volunteer's reason for a rejection.
pub async fn rejection_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    proposal: i64,
) -> HandlerResult {
    let Some(reason) = moderation::reason(&msg, MAX_REASON_CHARS) else {
        return moderation::ask_reason(&bot, &ctx, MAX_REASON_CHARS).await;
    };
    dialogue.update(State::Idle).await?;
    let key = match statements::moderate(&app, ctx.id(), proposal, Some(reason)).await? {
        Some(_) => "moderation-rejected",
        None => "moderation-already",
    };
    after_moderation(&bot, &app, &ctx, key).await
}

async fn after_moderation(bot: &Tg, app: &App, ctx: &UserCtx, key: &str) -> HandlerResult {
    let waiting = app.db.proposals_waiting().await?;
    moderation::decided(bot, ctx, key, waiting, "moderation-next", Callback::ModerateNext).await
}

/// An editor sent a statements file: published whole, or every problem listed.
pub async fn upload(bot: Tg, app: Arc<App>, ctx: UserCtx, doc: Document) -> HandlerResult {
    if doc.file.size > 1 << 20 {
        bot.send_message(ctx.chat, t!(ctx.lang, "pack-too-big")).await?;
        return Ok(());
    }
    let file = bot.get_file(doc.file.id.clone()).await?;
    let mut bytes = Vec::new();
    bot.inner().download_file(&file.path, &mut bytes).await?;
    let text = match statements::publish_file(&app, ctx.id(), &bytes).await {
        Ok(summary) => {
            let sets = summary
                .iter()
                .map(|(id, added, withdrawn)| {
                    t!(
                        ctx.lang,
                        "statements-published-set",
                        id = escape(id),
                        added = *added,
                        withdrawn = *withdrawn
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            t!(ctx.lang, "statements-published", sets = sets)
        }
        Err(PublishError::Problems(problems)) => {
            let list = problems
                .iter()
                .map(|p| format!("• {}", escape(p)))
                .collect::<Vec<_>>()
                .join("\n");
            crate::domain::shorten(
                &t!(ctx.lang, "statements-file-problems", problems = list),
                MAX_MESSAGE_LEN,
            )
        }
        Err(PublishError::Storage(e)) => return Err(e.into()),
    };
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}
