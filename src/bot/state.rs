//! What a user is in the middle of: the dialogue state, kept in the database across restarts.

use serde::{Deserialize, Serialize};

use crate::domain::{AnswerText, Audience, Media, QuestionText, Role, draft::Response};

/// A chat's dialogue state. `Idle` is the default: commands, menu buttons and free text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
    /// First contact: the user is choosing a language; `payload` is a deep link to open after.
    ChoosingLanguage { payload: Option<String> },
    /// A search found nothing; the text can be sent as a question.
    SearchMiss { text: String, message_id: i32 },
    /// The consent notice is shown; what the user wanted to ask waits.
    AwaitingConsent { start: Box<AskStart> },
    /// The bot waits for the question.
    Asking {
        item: Option<String>,
        follow_up: Option<i64>,
    },
    /// Photos sent together (one Telegram album) are arriving; they become one question.
    CollectingAlbum { album: Box<Album> },
    /// The question is written; the user confirms (after seeing similar answered questions).
    ConfirmingQuestion { draft: Box<Draft> },
    /// A volunteer writes the answer to a question they claimed.
    Answering { question: i64 },
    /// A volunteer looks at the preview of their answer.
    PreviewingAnswer { question: i64, text: AnswerText },
    /// A volunteer writes the public wording of a question for the FAQ.
    PublishingFaq { question: i64 },
    /// An admin writes an announcement.
    BroadcastCompose,
    /// An admin picks its audience.
    BroadcastAudience { draft: BroadcastDraft },
    /// An admin saw the preview and the recipient count.
    BroadcastConfirm {
        draft: BroadcastDraft,
        audience: Audience,
    },
    /// An admin types when to send it.
    BroadcastWhen {
        draft: BroadcastDraft,
        audience: Audience,
    },
    /// A resident writes a statement to propose for a set.
    Proposing { set: String },
    /// A volunteer writes why a proposal is rejected.
    RejectingProposal { proposal: i64 },
    /// An organiser types how many came to an event (row id).
    RecordingAttendance { event: i64 },
    /// An organiser writes a short note on it.
    RecordingNote { event: i64, attendance: i64 },
    /// A resident writes a comment on an article of a draft.
    Commenting { doc: String, article: u32 },
    /// A volunteer writes why a comment is rejected.
    RejectingComment { comment: i64 },
    /// An editor writes the drafters' note on their response to a comment.
    RespondingNote { comment: i64, response: Response },
}

impl State {
    /// The least role that may be in this state (checked on every message in it).
    pub fn required_role(&self) -> Role {
        match self {
            Self::Answering { .. }
            | Self::PreviewingAnswer { .. }
            | Self::PublishingFaq { .. }
            | Self::RejectingProposal { .. }
            | Self::RejectingComment { .. } => Role::Volunteer,
            Self::BroadcastCompose
            | Self::BroadcastAudience { .. }
            | Self::BroadcastConfirm { .. }
            | Self::BroadcastWhen { .. } => Role::Admin,
            _ => Role::Resident,
        }
    }
}

/// An announcement being composed: Telegram HTML and an optional photo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BroadcastDraft {
    pub html: String,
    pub photo: Option<String>,
}

/// How an ask flow started (kept while the consent notice is shown).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskStart {
    pub item: Option<String>,
    pub follow_up: Option<i64>,
    /// Text already written (a search that found nothing), with its message id.
    pub text: Option<(String, i32)>,
}

/// An album being collected: its Telegram `media_group_id`, the photos so far and the caption.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Album {
    pub group: String,
    pub media: Vec<Media>,
    pub text: Option<QuestionText>,
    pub item: Option<String>,
    pub follow_up: Option<i64>,
    /// The first message of the album: the question's idempotency key.
    pub source_message: i32,
}

/// A question ready to be sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub text: Option<QuestionText>,
    /// A voice message or photos (an album has several); a draft stored by an older version
    /// holds one or none.
    #[serde(default, deserialize_with = "one_or_many")]
    pub media: Vec<Media>,
    pub item: Option<String>,
    pub follow_up: Option<i64>,
    /// The message it came from: one question per message, however often it is sent.
    pub source_message: i32,
}

/// `null`, one value or a list.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Media>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Media),
        Many(Vec<Media>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(m)) => vec![m],
        Some(OneOrMany::Many(v)) => v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_stored_before_albums_still_read() {
        let old = r#"{"state":"confirming_question","draft":{"text":"Вопрос","media":{"kind":"photo","file_id":"f1"},"item":null,"follow_up":null,"source_message":5}}"#;
        let State::ConfirmingQuestion { draft } = serde_json::from_str(old).unwrap() else {
            panic!("not a draft");
        };
        assert_eq!(draft.media.len(), 1);
        let none = old.replace(r#"{"kind":"photo","file_id":"f1"}"#, "null");
        let State::ConfirmingQuestion { draft } = serde_json::from_str(&none).unwrap() else {
            panic!("not a draft");
        };
        assert!(draft.media.is_empty());
    }
}
