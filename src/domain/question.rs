//! Questions and answers as values that are valid by construction.

use serde::{Deserialize, Serialize};

/// Longest question text accepted, in UTF-16 units as Telegram counts (its limit is 4096; the
/// rest is for the volunteer's card around it).
pub const MAX_QUESTION_CHARS: usize = 3500;
/// Longest answer, in UTF-16 units: it is sent with the question quoted (shortened to fit).
pub const MAX_ANSWER_CHARS: usize = 3000;

/// Why a text is not a question (or an answer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("empty")]
    Empty,
    #[error("{len} characters, at most {max}")]
    TooLong { len: usize, max: usize },
}

fn parse_text(s: &str, max: usize) -> Result<String, TextError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    let len = super::utf16_len(s);
    if len > max {
        return Err(TextError::TooLong { len, max });
    }
    Ok(s.to_owned())
}

/// A resident's question text: non-empty, at most [`MAX_QUESTION_CHARS`] (also when read back
/// from storage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct QuestionText(String);

impl TryFrom<String> for QuestionText {
    type Error = TextError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<QuestionText> for String {
    fn from(t: QuestionText) -> Self {
        t.0
    }
}

impl QuestionText {
    pub fn parse(s: &str) -> Result<Self, TextError> {
        parse_text(s, MAX_QUESTION_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A volunteer's answer: non-empty, at most [`MAX_ANSWER_CHARS`] (also when read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AnswerText(String);

impl TryFrom<String> for AnswerText {
    type Error = TextError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<AnswerText> for String {
    fn from(t: AnswerText) -> Self {
        t.0
    }
}

impl AnswerText {
    pub fn parse(s: &str) -> Result<Self, TextError> {
        parse_text(s, MAX_ANSWER_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A voice message or photo attached to a question (Telegram file id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    pub file_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Voice,
    Photo,
}

impl MediaKind {
    pub const ALL: [Self; 2] = [Self::Voice, Self::Photo];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Voice => "voice",
            Self::Photo => "photo",
        }
    }
}

impl std::str::FromStr for MediaKind {
    type Err = super::UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse_id(&Self::ALL, Self::as_str, "media kind", s)
    }
}

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionStatus {
    Waiting,
    Claimed,
    Answered,
    Rejected,
    Escalated,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Claimed => "claimed",
            Self::Answered => "answered",
            Self::Rejected => "rejected",
            Self::Escalated => "escalated",
        }
    }
}

impl std::str::FromStr for QuestionStatus {
    type Err = super::UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "waiting" => Self::Waiting,
            "claimed" => Self::Claimed,
            "answered" => Self::Answered,
            "rejected" => Self::Rejected,
            "escalated" => Self::Escalated,
            _ => return Err(super::UnknownValue::new("question status", s)),
        })
    }
}

/// Why a volunteer rejects a question; the resident sees a polite version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    Spam,
    Abuse,
    OffTopic,
    Duplicate,
}

impl RejectReason {
    pub const ALL: [Self; 4] = [Self::Spam, Self::Abuse, Self::OffTopic, Self::Duplicate];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::Abuse => "abuse",
            Self::OffTopic => "off_topic",
            Self::Duplicate => "duplicate",
        }
    }
}

impl std::str::FromStr for RejectReason {
    type Err = super::UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse_id(&Self::ALL, Self::as_str, "reject reason", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_text_is_trimmed_non_empty_and_bounded() {
        assert_eq!(
            QuestionText::parse("  Что с землёй?  ").unwrap().as_str(),
            "Что с землёй?"
        );
        assert_eq!(QuestionText::parse(" \n "), Err(TextError::Empty));
        assert_eq!(
            QuestionText::parse(&"ж".repeat(5000)),
            Err(TextError::TooLong {
                len: 5000,
                max: MAX_QUESTION_CHARS
            })
        );
        assert!(QuestionText::parse(&"ж".repeat(MAX_QUESTION_CHARS)).is_ok());
    }

    #[test]
    fn reasons_round_trip() {
        for r in RejectReason::ALL {
            assert_eq!(r.as_str().parse::<RejectReason>().unwrap(), r);
        }
    }
}

/// Where the delivery of an answer to the resident stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerDelivery {
    /// In the outbox, being sent or retried.
    Pending,
    Delivered,
    /// The resident cannot get it (blocked the bot, erased their data, or given up).
    Undeliverable,
}

impl AnswerDelivery {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Delivered, Self::Undeliverable];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Undeliverable => "undeliverable",
        }
    }
}

impl std::str::FromStr for AnswerDelivery {
    type Err = super::UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse_id(&Self::ALL, Self::as_str, "answer delivery", s)
    }
}
