//! What residents think: statement sets published from a file, one vote per resident per
//! statement while a set is open, proposals moderated by volunteers (the proposer is told
//! either way), and results — shares per statement and, with enough voters, groups of opinion
//! with what all of them agree on. No one's votes are shown to anyone but themselves.

use std::collections::HashMap;

use crate::{
    context::App,
    domain::{
        Lang, StatementText, Vote,
        opinion::{self, Opinion},
        statement::parse_statements_file,
    },
    storage::{NewMessage, OutboxKind, Proposal, SetRow, StatementRow, StorageError, VoteOutcome, now},
    t,
    telegram_html::escape,
};

/// Longest reason a volunteer gives for a rejection.
pub const MAX_REASON_CHARS: usize = 300;

/// Why a statements file was not published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{} problem(s)", .0.len())]
    Problems(Vec<String>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Checks and publishes a statements file (all or nothing); (set id, added, withdrawn) per set.
pub async fn publish_file(
    app: &App,
    by: i64,
    bytes: &[u8],
) -> Result<Vec<(String, usize, usize)>, PublishError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| PublishError::Problems(vec!["the file is not UTF-8 text".into()]))?;
    let sets = parse_statements_file(text).map_err(PublishError::Problems)?;
    let summary = app.db.publish_sets(&sets, by).await?;
    let ids: Vec<_> = summary.iter().map(|(id, ..)| id.as_str()).collect();
    app.db.audit(by, "statements_published", &ids.join(",")).await?;
    log::info!("user {by} published statement sets {ids:?}");
    Ok(summary)
}

/// The set `set_id`, if it exists.
pub async fn set(app: &App, set_id: &str) -> Result<Option<SetRow>, StorageError> {
    Ok(app
        .db
        .statement_sets()
        .await?
        .into_iter()
        .find(|s| s.id == set_id))
}

/// The sets a resident can vote in now, each with (statements, voted by them).
pub async fn open_sets(app: &App, user: i64) -> Result<Vec<(SetRow, usize, usize)>, StorageError> {
    let t = now();
    let mut out = Vec::new();
    for set in app.db.statement_sets().await? {
        if set.is_open(t) && set.statements > 0 {
            let progress = app.db.user_progress(&set.id, user).await?;
            let voted = progress.iter().filter(|(_, v)| v.is_some()).count();
            out.push((set, progress.len(), voted));
        }
    }
    Ok(out)
}

/// What the voting card shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Card {
    /// A statement to vote on: its position (0-based) of `total`, and the resident's vote so far.
    Statement {
        set: SetRow,
        statement: i64,
        text: String,
        index: usize,
        total: usize,
        current: Option<Vote>,
    },
    /// Every statement has the resident's vote.
    Done {
        set: SetRow,
        total: usize,
    },
    /// Not open (yet, or any more).
    Closed {
        set: SetRow,
    },
    Unknown,
}

/// The card for `set`: the statement at `at`, or (None) the first the resident has not voted on.
pub async fn card(
    app: &App,
    user: i64,
    set_id: &str,
    at: Option<usize>,
    lang: Lang,
) -> Result<Card, StorageError> {
    let Some(set) = set(app, set_id).await? else {
        return Ok(Card::Unknown);
    };
    if !set.is_open(now()) {
        return Ok(Card::Closed { set });
    }
    let progress = app.db.user_progress(set_id, user).await?;
    let total = progress.len();
    let index = match at {
        Some(i) if i < total => i,
        Some(_) => return Ok(Card::Done { set, total }),
        None => match progress.iter().position(|(_, v)| v.is_none()) {
            Some(i) => i,
            None => return Ok(Card::Done { set, total }),
        },
    };
    let (statement, current) = progress[index];
    let text = match app.db.statement(statement).await? {
        Some((_, ru, kk)) => crate::storage::localized(lang, &ru, &kk).to_owned(),
        None => return Ok(Card::Unknown),
    };
    Ok(Card::Statement {
        set,
        statement,
        text,
        index,
        total,
        current,
    })
}

/// Records a vote (changing an earlier one); the set it belongs to when recorded.
pub async fn vote(
    app: &App,
    user: i64,
    statement: i64,
    v: Vote,
) -> Result<(VoteOutcome, Option<String>), StorageError> {
    let outcome = app.db.vote(user, statement, v, now()).await?;
    let set = match outcome {
        VoteOutcome::Unknown => None,
        _ => app.db.statement(statement).await?.map(|(set, ..)| set),
    };
    Ok((outcome, set))
}

/// A set's results: statements with counts, the number of voters, and groups of opinion when
/// there are enough voters.
#[derive(Debug, Clone)]
pub struct Results {
    pub set: SetRow,
    pub statements: Vec<StatementRow>,
    pub voters: usize,
    pub opinion: Option<Opinion>,
}

pub async fn results(app: &App, set_id: &str) -> Result<Option<Results>, StorageError> {
    let Some(set) = set(app, set_id).await? else {
        return Ok(None);
    };
    let statements = app.db.set_statements(set_id).await?;
    let ballots = app.db.set_ballots(set_id).await?;
    let (voters, opinion) = groups_of(&statements, &ballots);
    Ok(Some(Results {
        set,
        statements,
        voters,
        opinion,
    }))
}

/// Voters and groups of opinion from a set's ballots (`statements` in the set's order).
pub fn groups_of(
    statements: &[StatementRow],
    ballots: &[crate::storage::Ballot],
) -> (usize, Option<Opinion>) {
    let index: HashMap<i64, usize> = statements.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let voters = ballots.last().map_or(0, |b| b.voter as usize + 1);
    let ballots: Vec<_> = ballots
        .iter()
        .filter_map(|b| {
            Some(opinion::Ballot {
                voter: b.voter as usize,
                statement: *index.get(&b.statement)?,
                vote: b.vote as i8,
            })
        })
        .collect();
    (voters, opinion::groups(voters, statements.len(), &ballots))
}

/// Stores a resident's proposal for moderation.
pub async fn propose(
    app: &App,
    user: i64,
    set_id: &str,
    text: &StatementText,
    lang: Lang,
) -> Result<Option<i64>, StorageError> {
    let open = set(app, set_id).await?.is_some_and(|s| s.is_open(now()));
    if !open {
        return Ok(None);
    }
    let id = app.db.propose(set_id, user, lang, text.as_str()).await?;
    log::info!("statement proposal {id} from user {user} for set {set_id}");
    Ok(Some(id))
}

/// A volunteer approves (`reason` None) or rejects a waiting proposal; the proposer is told in
/// their language through the outbox. None: someone moderated it already.
pub async fn moderate(
    app: &App,
    volunteer: i64,
    id: i64,
    reason: Option<&str>,
) -> Result<Option<Proposal>, StorageError> {
    let sets = app.db.statement_sets().await?;
    let done = app
        .db
        .moderate(id, volunteer, reason, |p| {
            let to = p.proposed_by.filter(|u| *u > 0)?;
            let lang = p.lang;
            let title = sets
                .iter()
                .find(|s| s.id == p.set_id)
                .map_or_else(String::new, |s| s.title(lang).to_owned());
            let text = match reason {
                None => t!(
                    lang,
                    "proposal-approved",
                    text = escape(&p.text),
                    set = escape(&title)
                ),
                Some(r) => t!(
                    lang,
                    "proposal-rejected",
                    text = escape(&p.text),
                    set = escape(&title),
                    reason = escape(r)
                ),
            };
            Some(NewMessage::new(OutboxKind::Notice, to, text))
        })
        .await?;
    if let Some(p) = &done {
        app.outbox.wake();
        let what = if reason.is_some() {
            "proposal_rejected"
        } else {
            "proposal_approved"
        };
        app.db.audit(volunteer, what, &p.id.to_string()).await?;
    }
    Ok(done)
}
