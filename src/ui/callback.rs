//! The one codec for inline-button data: an enum ↔ a compact string of at most 64 bytes.
//!
//! Anything a button can ask for is a variant here; data that does not decode (forged, or from
//! an older version of the bot) is an error the handler answers politely.

use std::fmt::Write as _;

use crate::domain::{
    District, EventFilter, Lang, Period, RejectReason, Role, Theme, Vote,
    draft::{Response, is_doc_id},
    statement::is_set_id,
};

/// Telegram's limit on `callback_data`.
pub const MAX_LEN: usize = 64;

/// What a settings button changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsAction {
    /// Show the settings card.
    Show,
    Lang,
    District,
    /// The district picker as a new message, under the first question's receipt.
    DistrictOnce,
    ToggleSubscription,
    ToggleDistrictOnly,
}

/// What an inline button asks the bot to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    SetLang(Lang),
    Settings(SettingsAction),
    SetDistrict(District),
    /// `/forget` confirmation: `true` erases.
    Forget(bool),
    /// The list of sections, page n.
    Sections {
        page: u16,
    },
    /// A section's articles, page n.
    Section {
        id: String,
        page: u16,
    },
    /// An item, part n (long items are split).
    Item {
        id: String,
        part: u16,
    },
    /// An article of the Constitution's own text, page `part`.
    Article {
        number: u16,
        part: u16,
    },
    /// The articles of one section of the Constitution's text.
    LawSection {
        number: u16,
        page: u16,
    },
    Themes,
    Theme {
        theme: Theme,
        page: u16,
    },
    Glossary {
        page: u16,
    },
    /// A menu entry pressed from an inline keyboard.
    Menu(MenuTarget),
    /// "Ask about this" under an explanation.
    AskAbout {
        item: String,
    },
    /// "Send this as a question" after a search found nothing.
    AskSearched,
    /// The consent notice: agree or not.
    Consent(bool),
    /// The question preview: send it, or drop it.
    SubmitQuestion(bool),
    /// A published answer offered before submitting.
    ShowFaq {
        id: i64,
    },
    /// The resident rates an answer.
    Rate {
        question: i64,
        helpful: bool,
    },
    /// The resident asks a follow-up to an answered question.
    FollowUp {
        question: i64,
    },
    /// Volunteer: claim the oldest waiting question.
    TakeNext,
    /// Volunteer: toggle answering in a language.
    QueueLang(Lang),
    /// Volunteer actions on a claimed question.
    Volunteer {
        question: i64,
        action: VolunteerAction,
    },
    /// Admin: revoke a volunteer.
    RemoveVolunteer {
        user: i64,
    },
    /// Remove under `/editors` (admins).
    RemoveEditor {
        user: i64,
    },
    /// Publish a checked pack file (editors).
    PublishPack {
        draft: i64,
    },
    /// Make a kept version live again (editors).
    Rollback {
        version: i64,
    },
    /// An item's part checked against the official text (editors).
    MarkChecked {
        item: String,
        lang: Lang,
    },
    /// Admin composing a broadcast: the audience.
    BroadcastTo(AudienceChoice),
    /// Admin: send the previewed broadcast now.
    BroadcastNow,
    /// Admin: schedule it instead.
    BroadcastLater,
    /// Admin: drop the draft.
    BroadcastCancel,
    /// Admin: the Stop button on a progress message.
    StopBroadcast {
        id: i64,
    },
    /// Admin: messages given up (`/stats`): try them again (`true`) or discard them.
    Undeliverable(bool),
    /// The events list with a filter, page n.
    Events {
        filter: EventFilter,
        page: u16,
    },
    /// Choosing one filter of the events list (the others kept).
    EventsFilter {
        filter: EventFilter,
        field: FilterField,
    },
    /// An event (by its row id): open its card, or one of the card's buttons.
    Event {
        id: i64,
        action: EventAction,
    },
    /// "Events near me": ask for the resident's location.
    EventsNear,
    /// A statement set's card: the statement at `at`, or (None) the next not voted on.
    StatementCard {
        set: String,
        at: Option<u16>,
    },
    /// A vote; then the card at `next` (going through again), or the next not voted on.
    Vote {
        statement: i64,
        vote: Vote,
        next: Option<u16>,
    },
    /// A set's results.
    StatementResults {
        set: String,
    },
    /// "Propose a statement" for a set.
    Propose {
        set: String,
    },
    /// Volunteer: the oldest proposal waiting.
    ModerateNext,
    /// Volunteer: approve or reject a proposal.
    Moderate {
        proposal: i64,
        approve: bool,
    },
    /// Organiser: record what an event (row id) achieved.
    Attendance {
        event: i64,
    },
    /// Organiser: their district's recent events.
    OrganiserEvents,
    /// Remove under `/organisers` (admins).
    RemoveOrganiser {
        user: i64,
    },
    /// The documents in discussion.
    Drafts,
    /// A draft's card.
    Draft {
        doc: String,
    },
    /// Article `article` of a draft, page `part` of its text.
    DraftArticle {
        doc: String,
        article: u16,
        part: u16,
    },
    /// The approved comments on an article, page `page`.
    DraftComments {
        doc: String,
        article: u16,
        page: u16,
    },
    /// "Comment" under an article.
    WriteComment {
        doc: String,
        article: u16,
    },
    /// Support an approved comment.
    AgreeComment {
        comment: i64,
    },
    /// Volunteer: the oldest comment waiting.
    ModerateNextComment,
    /// Volunteer: approve or reject a comment.
    ModerateComment {
        comment: i64,
        approve: bool,
    },
    /// Editor: the digest of a draft's discussion (under the closing notice).
    DigestOf {
        doc: String,
    },
    /// Editor: record what the drafters made of a comment.
    Respond {
        comment: i64,
        response: Response,
    },
}

/// Audience buttons of the broadcast flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudienceChoice {
    All,
    Lang(Lang),
    /// Show the district list.
    Districts,
    District(District),
    /// Show the upcoming events.
    Events,
    /// Residents signed up for an event (row id).
    Event(i64),
}

/// What a volunteer does with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolunteerAction {
    /// Claim it (from the volunteer group).
    Claim,
    Answer,
    SendAnswer,
    EditAnswer,
    Release,
    Reject,
    RejectWith(RejectReason),
    Escalate,
    PublishFaq,
    /// Take the published FAQ entry made from it down again.
    UnpublishFaq,
    /// Choose the question's theme (None: show the themes).
    Theme(Option<Theme>),
}

/// Which filter of the events list is being chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    District,
    Theme,
    Period,
}

/// What a button of an event card does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAction {
    /// Show the card (as a new message).
    Open,
    /// "I'll come" on or off.
    Going,
    /// Reminders on or off.
    Remind,
    /// Send an `.ics` file.
    Calendar,
    /// Send the venue pin.
    Map,
}

impl EventAction {
    const ALL: [(Self, &'static str); 5] = [
        (Self::Open, "o"),
        (Self::Going, "g"),
        (Self::Remind, "r"),
        (Self::Calendar, "c"),
        (Self::Map, "m"),
    ];
}

/// `district:theme:period` with `*` for "any".
fn encode_filter(f: &EventFilter) -> String {
    format!(
        "{}:{}:{}",
        f.district.map_or("*", District::id),
        f.theme.map_or("*", Theme::id),
        f.period.code()
    )
}

fn decode_filter(d: &str, t: &str, p: &str) -> Option<EventFilter> {
    Some(EventFilter {
        district: match d {
            "*" => None,
            d => Some(d.parse().ok()?),
        },
        theme: match t {
            "*" => None,
            t => Some(t.parse().ok()?),
        },
        period: Period::from_code(p)?,
    })
}

/// Main-menu destinations reachable from inline buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuTarget {
    Constitution,
    Events,
    Ask,
    Settings,
}

/// Data that is not a button of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unrecognised callback data `{0}`")]
pub struct DecodeError(pub String);

/// An optional page: the number, or `-`.
fn opt(n: Option<u16>) -> String {
    n.map_or_else(|| "-".to_owned(), |n| n.to_string())
}

fn opt_page(s: &str) -> Option<Option<u16>> {
    match s {
        "-" => Some(None),
        s => s.parse().ok().filter(|n: &u16| n.to_string() == s).map(Some),
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 50
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl Callback {
    /// Whether this is a page of the events list or one of its filters.
    pub fn is_event_list(&self) -> bool {
        matches!(self, Self::Events { .. } | Self::EventsFilter { .. })
    }

    /// Whether this opens an article of the Constitution's text or a section of it.
    pub fn is_law(&self) -> bool {
        matches!(self, Self::Article { .. } | Self::LawSection { .. })
    }

    /// Whether this browses the pack: sections, items, themes, the glossary.
    pub fn is_pack_browsing(&self) -> bool {
        matches!(
            self,
            Self::Sections { .. }
                | Self::Section { .. }
                | Self::Item { .. }
                | Self::Themes
                | Self::Theme { .. }
                | Self::Glossary { .. }
        )
    }

    /// Whether only editors (and admins) may press this button.
    pub fn needs_editor(&self) -> bool {
        matches!(
            self,
            Self::PublishPack { .. }
                | Self::Rollback { .. }
                | Self::MarkChecked { .. }
                | Self::Respond { .. }
                | Self::DigestOf { .. }
        )
    }

    /// The least role allowed to press this button (checked for every press).
    pub fn required_role(&self) -> Role {
        match self {
            Self::TakeNext
            | Self::QueueLang(_)
            | Self::Volunteer { .. }
            | Self::ModerateNext
            | Self::Moderate { .. }
            | Self::ModerateNextComment
            | Self::ModerateComment { .. } => Role::Volunteer,
            Self::RemoveVolunteer { .. }
            | Self::RemoveOrganiser { .. }
            | Self::RemoveEditor { .. }
            | Self::BroadcastTo(_)
            | Self::BroadcastNow
            | Self::BroadcastLater
            | Self::BroadcastCancel
            | Self::StopBroadcast { .. }
            | Self::Undeliverable(_) => Role::Admin,
            _ => Role::Resident,
        }
    }

    pub fn encode(&self) -> String {
        let mut s = String::new();
        match self {
            Self::SetLang(l) => write!(s, "l:{}", l.code()),
            Self::Settings(a) => {
                let a = match a {
                    SettingsAction::Show => "show",
                    SettingsAction::Lang => "lang",
                    SettingsAction::District => "dist",
                    SettingsAction::DistrictOnce => "dnew",
                    SettingsAction::ToggleSubscription => "sub",
                    SettingsAction::ToggleDistrictOnly => "donly",
                };
                write!(s, "s:{a}")
            }
            Self::SetDistrict(d) => write!(s, "d:{}", d.id()),
            Self::Forget(yes) => write!(s, "f:{}", u8::from(*yes)),
            Self::Sections { page } => write!(s, "cs:{page}"),
            Self::Section { id, page } => write!(s, "c:{id}:{page}"),
            Self::Item { id, part } => write!(s, "i:{id}:{part}"),
            Self::Article { number, part } => write!(s, "ar:{number}:{part}"),
            Self::LawSection { number, page } => write!(s, "ls:{number}:{page}"),
            Self::Themes => write!(s, "ts"),
            Self::Theme { theme, page } => write!(s, "t:{}:{page}", theme.id()),
            Self::Glossary { page } => write!(s, "g:{page}"),
            Self::Menu(m) => {
                let m = match m {
                    MenuTarget::Constitution => "c",
                    MenuTarget::Events => "e",
                    MenuTarget::Ask => "a",
                    MenuTarget::Settings => "s",
                };
                write!(s, "m:{m}")
            }
            Self::AskAbout { item } => write!(s, "aq:{item}"),
            Self::AskSearched => write!(s, "as"),
            Self::Consent(yes) => write!(s, "ok:{}", u8::from(*yes)),
            Self::SubmitQuestion(yes) => write!(s, "qs:{}", u8::from(*yes)),
            Self::ShowFaq { id } => write!(s, "fq:{id}"),
            Self::Rate { question, helpful } => write!(s, "rt:{question}:{}", u8::from(*helpful)),
            Self::FollowUp { question } => write!(s, "fu:{question}"),
            Self::TakeNext => write!(s, "vt"),
            Self::QueueLang(l) => write!(s, "vl:{}", l.code()),
            Self::Volunteer { question, action } => {
                let a = match action {
                    VolunteerAction::Claim => "c".to_owned(),
                    VolunteerAction::Answer => "a".to_owned(),
                    VolunteerAction::SendAnswer => "s".to_owned(),
                    VolunteerAction::EditAnswer => "e".to_owned(),
                    VolunteerAction::Release => "r".to_owned(),
                    VolunteerAction::Reject => "x".to_owned(),
                    VolunteerAction::RejectWith(reason) => format!("x-{}", reason.as_str()),
                    VolunteerAction::Escalate => "u".to_owned(),
                    VolunteerAction::PublishFaq => "p".to_owned(),
                    VolunteerAction::UnpublishFaq => "n".to_owned(),
                    VolunteerAction::Theme(None) => "t".to_owned(),
                    VolunteerAction::Theme(Some(theme)) => format!("t-{}", theme.id()),
                };
                write!(s, "v:{question}:{a}")
            }
            Self::RemoveVolunteer { user } => write!(s, "rv:{user}"),
            Self::RemoveEditor { user } => write!(s, "re:{user}"),
            Self::PublishPack { draft } => write!(s, "pp:{draft}"),
            Self::Rollback { version } => write!(s, "rb:{version}"),
            Self::MarkChecked { item, lang } => write!(s, "mc:{item}:{}", lang.code()),
            Self::BroadcastTo(choice) => match choice {
                AudienceChoice::All => write!(s, "ba:all"),
                AudienceChoice::Lang(l) => write!(s, "ba:l:{}", l.code()),
                AudienceChoice::Districts => write!(s, "ba:ds"),
                AudienceChoice::District(d) => write!(s, "ba:d:{}", d.id()),
                AudienceChoice::Events => write!(s, "ba:es"),
                AudienceChoice::Event(id) => write!(s, "ba:e:{id}"),
            },
            Self::BroadcastNow => write!(s, "bg"),
            Self::BroadcastLater => write!(s, "bl"),
            Self::BroadcastCancel => write!(s, "bc"),
            Self::StopBroadcast { id } => write!(s, "bx:{id}"),
            Self::Undeliverable(retry) => write!(s, "ud:{}", u8::from(*retry)),
            Self::Events { filter, page } => write!(s, "el:{}:{page}", encode_filter(filter)),
            Self::EventsFilter { filter, field } => {
                let f = match field {
                    FilterField::District => "d",
                    FilterField::Theme => "t",
                    FilterField::Period => "p",
                };
                write!(s, "ef:{f}:{}", encode_filter(filter))
            }
            Self::Event { id, action } => {
                let a = EventAction::ALL
                    .iter()
                    .find(|(x, _)| x == action)
                    .map_or("o", |(_, code)| code);
                write!(s, "ev:{id}:{a}")
            }
            Self::EventsNear => write!(s, "en"),
            Self::StatementCard { set, at } => write!(s, "sc:{set}:{}", opt(*at)),
            Self::Vote {
                statement,
                vote,
                next,
            } => write!(s, "sv:{statement}:{}:{}", vote.code(), opt(*next)),
            Self::StatementResults { set } => write!(s, "sr:{set}"),
            Self::Propose { set } => write!(s, "sp:{set}"),
            Self::ModerateNext => write!(s, "mn"),
            Self::Moderate { proposal, approve } => write!(s, "mo:{proposal}:{}", u8::from(*approve)),
            Self::Attendance { event } => write!(s, "at:{event}"),
            Self::OrganiserEvents => write!(s, "oe"),
            Self::RemoveOrganiser { user } => write!(s, "ro:{user}"),
            Self::Drafts => write!(s, "dl"),
            Self::Draft { doc } => write!(s, "dd:{doc}"),
            Self::DraftArticle { doc, article, part } => write!(s, "da:{doc}:{article}:{part}"),
            Self::DraftComments { doc, article, page } => write!(s, "dk:{doc}:{article}:{page}"),
            Self::WriteComment { doc, article } => write!(s, "dw:{doc}:{article}"),
            Self::AgreeComment { comment } => write!(s, "dg:{comment}"),
            Self::ModerateNextComment => write!(s, "cx"),
            Self::ModerateComment { comment, approve } => write!(s, "cm:{comment}:{}", u8::from(*approve)),
            Self::Respond { comment, response } => write!(s, "rs:{comment}:{}", response.id()),
            Self::DigestOf { doc } => write!(s, "dz:{doc}"),
        }
        .expect("writing to a String cannot fail");
        debug_assert!(s.len() <= MAX_LEN, "callback data too long: {s}");
        s
    }

    pub fn decode(data: &str) -> Result<Self, DecodeError> {
        let err = || DecodeError(data.chars().take(80).collect());
        if data.len() > MAX_LEN {
            return Err(err());
        }
        let mut parts = data.split(':');
        let tag = parts.next().ok_or_else(err)?;
        let fields: Vec<&str> = parts.collect();
        let page = |s: &str| s.parse::<u16>().map_err(|_| err());
        let number = |s: &str| s.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(err);
        let flag = |s: &str| match s {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(err()),
        };
        let decoded = match (tag, fields.as_slice()) {
            ("l", [l]) => Self::SetLang(l.parse().map_err(|_| err())?),
            ("s", [a]) => Self::Settings(match *a {
                "show" => SettingsAction::Show,
                "lang" => SettingsAction::Lang,
                "dist" => SettingsAction::District,
                "dnew" => SettingsAction::DistrictOnce,
                "sub" => SettingsAction::ToggleSubscription,
                "donly" => SettingsAction::ToggleDistrictOnly,
                _ => return Err(err()),
            }),
            ("d", [d]) => Self::SetDistrict(d.parse().map_err(|_| err())?),
            ("f", ["1"]) => Self::Forget(true),
            ("f", ["0"]) => Self::Forget(false),
            ("cs", [p]) => Self::Sections { page: page(p)? },
            ("c", [id, p]) if is_id(id) => Self::Section {
                id: (*id).to_owned(),
                page: page(p)?,
            },
            ("i", [id, p]) if is_id(id) => Self::Item {
                id: (*id).to_owned(),
                part: page(p)?,
            },
            ("ar", [n, p]) => Self::Article {
                number: page(n)?,
                part: page(p)?,
            },
            ("ls", [n, p]) => Self::LawSection {
                number: page(n)?,
                page: page(p)?,
            },
            ("ts", []) => Self::Themes,
            ("t", [t, p]) => Self::Theme {
                theme: t.parse().map_err(|_| err())?,
                page: page(p)?,
            },
            ("g", [p]) => Self::Glossary { page: page(p)? },
            ("m", [m]) => Self::Menu(match *m {
                "c" => MenuTarget::Constitution,
                "e" => MenuTarget::Events,
                "a" => MenuTarget::Ask,
                "s" => MenuTarget::Settings,
                _ => return Err(err()),
            }),
            ("aq", [id]) if is_id(id) => Self::AskAbout {
                item: (*id).to_owned(),
            },
            ("as", []) => Self::AskSearched,
            ("ok", [b]) => Self::Consent(flag(b)?),
            ("qs", [b]) => Self::SubmitQuestion(flag(b)?),
            ("fq", [id]) => Self::ShowFaq { id: number(id)? },
            ("rt", [q, b]) => Self::Rate {
                question: number(q)?,
                helpful: flag(b)?,
            },
            ("fu", [q]) => Self::FollowUp { question: number(q)? },
            ("vt", []) => Self::TakeNext,
            ("vl", [l]) => Self::QueueLang(l.parse().map_err(|_| err())?),
            ("v", [q, a]) => Self::Volunteer {
                question: number(q)?,
                action: match *a {
                    "c" => VolunteerAction::Claim,
                    "a" => VolunteerAction::Answer,
                    "s" => VolunteerAction::SendAnswer,
                    "e" => VolunteerAction::EditAnswer,
                    "r" => VolunteerAction::Release,
                    "x" => VolunteerAction::Reject,
                    "u" => VolunteerAction::Escalate,
                    "p" => VolunteerAction::PublishFaq,
                    "n" => VolunteerAction::UnpublishFaq,
                    "t" => VolunteerAction::Theme(None),
                    other => match (other.strip_prefix("x-"), other.strip_prefix("t-")) {
                        (Some(reason), _) => VolunteerAction::RejectWith(reason.parse().map_err(|_| err())?),
                        (_, Some(theme)) => VolunteerAction::Theme(Some(theme.parse().map_err(|_| err())?)),
                        _ => return Err(err()),
                    },
                },
            },
            ("rv", [u]) => Self::RemoveVolunteer { user: number(u)? },
            ("re", [u]) => Self::RemoveEditor { user: number(u)? },
            ("pp", [d]) => Self::PublishPack { draft: number(d)? },
            ("rb", [v]) => Self::Rollback { version: number(v)? },
            ("mc", [id, l]) if is_id(id) => Self::MarkChecked {
                item: (*id).to_owned(),
                lang: l.parse().map_err(|_| err())?,
            },
            ("ba", ["all"]) => Self::BroadcastTo(AudienceChoice::All),
            ("ba", ["ds"]) => Self::BroadcastTo(AudienceChoice::Districts),
            ("ba", ["es"]) => Self::BroadcastTo(AudienceChoice::Events),
            ("ba", ["e", id]) => Self::BroadcastTo(AudienceChoice::Event(number(id)?)),
            ("ba", ["l", l]) => Self::BroadcastTo(AudienceChoice::Lang(l.parse().map_err(|_| err())?)),
            ("ba", ["d", d]) => Self::BroadcastTo(AudienceChoice::District(d.parse().map_err(|_| err())?)),
            ("bg", []) => Self::BroadcastNow,
            ("bl", []) => Self::BroadcastLater,
            ("bc", []) => Self::BroadcastCancel,
            ("bx", [id]) => Self::StopBroadcast { id: number(id)? },
            ("ud", [b]) => Self::Undeliverable(flag(b)?),
            ("el", [d, t, p, n]) => Self::Events {
                filter: decode_filter(d, t, p).ok_or_else(err)?,
                page: page(n)?,
            },
            ("ef", [f, d, t, p]) => Self::EventsFilter {
                filter: decode_filter(d, t, p).ok_or_else(err)?,
                field: match *f {
                    "d" => FilterField::District,
                    "t" => FilterField::Theme,
                    "p" => FilterField::Period,
                    _ => return Err(err()),
                },
            },
            ("ev", [id, a]) => Self::Event {
                // Canonical positive numbers only, so every button has one spelling.
                id: id
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0 && n.to_string() == *id)
                    .ok_or_else(err)?,
                action: EventAction::ALL
                    .iter()
                    .find(|(_, code)| code == a)
                    .map(|(x, _)| *x)
                    .ok_or_else(err)?,
            },
            ("en", []) => Self::EventsNear,
            ("sc", [set, at]) if is_set_id(set) => Self::StatementCard {
                set: (*set).to_owned(),
                at: opt_page(at).ok_or_else(err)?,
            },
            ("sv", [id, v, next]) => Self::Vote {
                statement: number(id)?,
                vote: Vote::from_code(v).ok_or_else(err)?,
                next: opt_page(next).ok_or_else(err)?,
            },
            ("sr", [set]) if is_set_id(set) => Self::StatementResults {
                set: (*set).to_owned(),
            },
            ("sp", [set]) if is_set_id(set) => Self::Propose {
                set: (*set).to_owned(),
            },
            ("mn", []) => Self::ModerateNext,
            ("mo", [id, b]) => Self::Moderate {
                proposal: number(id)?,
                approve: flag(b)?,
            },
            ("at", [id]) => Self::Attendance { event: number(id)? },
            ("oe", []) => Self::OrganiserEvents,
            ("ro", [u]) => Self::RemoveOrganiser { user: number(u)? },
            ("dl", []) => Self::Drafts,
            ("dd", [doc]) if is_doc_id(doc) => Self::Draft {
                doc: (*doc).to_owned(),
            },
            ("da", [doc, n, p]) if is_doc_id(doc) => Self::DraftArticle {
                doc: (*doc).to_owned(),
                article: page(n)?,
                part: page(p)?,
            },
            ("dk", [doc, n, p]) if is_doc_id(doc) => Self::DraftComments {
                doc: (*doc).to_owned(),
                article: page(n)?,
                page: page(p)?,
            },
            ("dw", [doc, n]) if is_doc_id(doc) => Self::WriteComment {
                doc: (*doc).to_owned(),
                article: page(n)?,
            },
            ("dg", [id]) => Self::AgreeComment { comment: number(id)? },
            ("cx", []) => Self::ModerateNextComment,
            ("cm", [id, b]) => Self::ModerateComment {
                comment: number(id)?,
                approve: flag(b)?,
            },
            ("dz", [doc]) if is_doc_id(doc) => Self::DigestOf {
                doc: (*doc).to_owned(),
            },
            ("rs", [id, r]) => Self::Respond {
                comment: number(id)?,
                response: r.parse().map_err(|_| err())?,
            },
            _ => return Err(err()),
        };
        Ok(decoded)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn any_callback() -> impl Strategy<Value = Callback> {
        let id = "[a-z0-9_-]{1,50}";
        prop_oneof![
            prop::sample::select(Lang::ALL.to_vec()).prop_map(Callback::SetLang),
            prop::sample::select(vec![
                SettingsAction::Show,
                SettingsAction::Lang,
                SettingsAction::District,
                SettingsAction::DistrictOnce,
                SettingsAction::ToggleSubscription,
                SettingsAction::ToggleDistrictOnly
            ])
            .prop_map(Callback::Settings),
            prop::sample::select(District::all().collect::<Vec<_>>()).prop_map(Callback::SetDistrict),
            any::<bool>().prop_map(Callback::Forget),
            any::<u16>().prop_map(|page| Callback::Sections { page }),
            (id, any::<u16>()).prop_map(|(id, page)| Callback::Section { id, page }),
            (id, any::<u16>()).prop_map(|(id, part)| Callback::Item { id, part }),
            Just(Callback::Themes),
            (prop::sample::select(Theme::ALL.to_vec()), any::<u16>())
                .prop_map(|(theme, page)| Callback::Theme { theme, page }),
            any::<u16>().prop_map(|page| Callback::Glossary { page }),
            prop::sample::select(vec![
                MenuTarget::Constitution,
                MenuTarget::Events,
                MenuTarget::Ask,
                MenuTarget::Settings
            ])
            .prop_map(Callback::Menu),
            id.prop_map(|item| Callback::AskAbout { item }),
            Just(Callback::AskSearched),
            (any::<u16>(), any::<u16>()).prop_map(|(number, part)| Callback::Article { number, part }),
            (any::<u16>(), any::<u16>()).prop_map(|(number, page)| Callback::LawSection { number, page }),
            any::<bool>().prop_map(Callback::Consent),
            any::<bool>().prop_map(Callback::SubmitQuestion),
            (1..i64::MAX).prop_map(|id| Callback::ShowFaq { id }),
            (1..i64::MAX, any::<bool>()).prop_map(|(question, helpful)| Callback::Rate { question, helpful }),
            (1..i64::MAX).prop_map(|question| Callback::FollowUp { question }),
            Just(Callback::TakeNext),
            prop::sample::select(Lang::ALL.to_vec()).prop_map(Callback::QueueLang),
            (1..i64::MAX, any_action())
                .prop_map(|(question, action)| Callback::Volunteer { question, action }),
            (1..i64::MAX).prop_map(|user| Callback::RemoveVolunteer { user }),
            (1..i64::MAX).prop_map(|user| Callback::RemoveEditor { user }),
            (1..i64::MAX).prop_map(|draft| Callback::PublishPack { draft }),
            (1..i64::MAX).prop_map(|version| Callback::Rollback { version }),
            (id, prop::sample::select(Lang::ALL.to_vec()))
                .prop_map(|(item, lang)| Callback::MarkChecked { item, lang }),
            prop_oneof![
                Just(AudienceChoice::All),
                Just(AudienceChoice::Districts),
                Just(AudienceChoice::Events),
                (1..i64::MAX).prop_map(AudienceChoice::Event),
                prop::sample::select(Lang::ALL.to_vec()).prop_map(AudienceChoice::Lang),
                prop::sample::select(District::all().collect::<Vec<_>>()).prop_map(AudienceChoice::District),
            ]
            .prop_map(Callback::BroadcastTo),
            Just(Callback::BroadcastNow),
            Just(Callback::BroadcastLater),
            Just(Callback::BroadcastCancel),
            (1..i64::MAX).prop_map(|id| Callback::StopBroadcast { id }),
            any::<bool>().prop_map(Callback::Undeliverable),
            (any_filter(), any::<u16>()).prop_map(|(filter, page)| Callback::Events { filter, page }),
            (
                any_filter(),
                prop::sample::select(vec![
                    FilterField::District,
                    FilterField::Theme,
                    FilterField::Period
                ])
            )
                .prop_map(|(filter, field)| Callback::EventsFilter { filter, field }),
            (
                1..=i64::MAX,
                prop::sample::select(EventAction::ALL.map(|(a, _)| a).to_vec())
            )
                .prop_map(|(id, action)| Callback::Event { id, action }),
            Just(Callback::EventsNear),
            ("[a-z0-9_-]{1,32}", prop::option::of(any::<u16>()))
                .prop_map(|(set, at)| Callback::StatementCard { set, at }),
            (
                1..=i64::MAX,
                prop::sample::select(Vote::ALL.to_vec()),
                prop::option::of(any::<u16>())
            )
                .prop_map(|(statement, vote, next)| Callback::Vote {
                    statement,
                    vote,
                    next
                }),
            "[a-z0-9_-]{1,32}".prop_map(|set| Callback::StatementResults { set }),
            "[a-z0-9_-]{1,32}".prop_map(|set| Callback::Propose { set }),
            Just(Callback::ModerateNext),
            (1..=i64::MAX, any::<bool>())
                .prop_map(|(proposal, approve)| Callback::Moderate { proposal, approve }),
            (1..=i64::MAX).prop_map(|event| Callback::Attendance { event }),
            Just(Callback::OrganiserEvents),
            (1..=i64::MAX).prop_map(|user| Callback::RemoveOrganiser { user }),
            Just(Callback::Drafts),
            "[a-z0-9-]{1,24}".prop_map(|doc| Callback::Draft { doc }),
            ("[a-z0-9-]{1,24}", any::<u16>(), any::<u16>())
                .prop_map(|(doc, article, part)| Callback::DraftArticle { doc, article, part }),
            ("[a-z0-9-]{1,24}", any::<u16>(), any::<u16>())
                .prop_map(|(doc, article, page)| Callback::DraftComments { doc, article, page }),
            ("[a-z0-9-]{1,24}", any::<u16>())
                .prop_map(|(doc, article)| Callback::WriteComment { doc, article }),
            (1..=i64::MAX).prop_map(|comment| Callback::AgreeComment { comment }),
            Just(Callback::ModerateNextComment),
            (1..=i64::MAX, any::<bool>())
                .prop_map(|(comment, approve)| Callback::ModerateComment { comment, approve }),
            "[a-z0-9-]{1,24}".prop_map(|doc| Callback::DigestOf { doc }),
            (1..=i64::MAX, prop::sample::select(Response::ALL.to_vec()))
                .prop_map(|(comment, response)| Callback::Respond { comment, response }),
        ]
    }

    fn any_action() -> impl Strategy<Value = VolunteerAction> {
        let mut all = vec![
            VolunteerAction::Claim,
            VolunteerAction::Answer,
            VolunteerAction::SendAnswer,
            VolunteerAction::EditAnswer,
            VolunteerAction::Release,
            VolunteerAction::Reject,
            VolunteerAction::Escalate,
            VolunteerAction::PublishFaq,
            VolunteerAction::UnpublishFaq,
        ];
        all.extend(RejectReason::ALL.map(VolunteerAction::RejectWith));
        all.push(VolunteerAction::Theme(None));
        all.extend(Theme::ALL.map(|t| VolunteerAction::Theme(Some(t))));
        prop::sample::select(all)
    }

    fn any_filter() -> impl Strategy<Value = EventFilter> {
        (
            prop::option::of(prop::sample::select(District::all().collect::<Vec<_>>())),
            prop::option::of(prop::sample::select(Theme::ALL.to_vec())),
            prop::sample::select(Period::ALL.to_vec()),
        )
            .prop_map(|(district, theme, period)| EventFilter {
                district,
                theme,
                period,
            })
    }

    proptest! {
        #[test]
        fn round_trips_within_telegram_limit(cb in any_callback()) {
            let data = cb.encode();
            prop_assert!(data.len() <= MAX_LEN, "{} bytes: {}", data.len(), data);
            prop_assert_eq!(Callback::decode(&data), Ok(cb));
        }

        #[test]
        fn arbitrary_data_never_panics(data in ".{0,100}") {
            let _ = Callback::decode(&data);
        }
    }

    #[test]
    fn forged_data_is_rejected() {
        for forged in [
            "",
            "x",
            "l:en",
            "d:atyrau",
            "f:2",
            "i:../etc:0",
            "cs:-1",
            "c:s01",
            "m:z",
            "s:root",
            "ev:0:o",
            "ev:-1:g",
            "ev:01:g",
            "ev:1:x",
            "el:atyrau:*:a:0",
            "el:*:*:y:0",
            "ef:x:*:*:a",
        ] {
            assert!(Callback::decode(forged).is_err(), "{forged}");
        }
    }
}
