//! A resident's comment on an article of a draft, and what the drafters made of it.

use std::fmt;

/// Longest document id: it travels in callback data and deep links (`dr_<id>_<article>`).
pub const MAX_DOC_ID: usize = 24;

/// Whether `s` can be a document id: lowercase ASCII letters, digits and `-`, at most
/// [`MAX_DOC_ID`] (no `_`: it separates the parts of a deep link).
pub fn is_doc_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_DOC_ID
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 1_000;

/// A comment's text: non-empty, at most [`MAX_COMMENT_CHARS`] characters (lines kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentText(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommentError {
    #[error("empty")]
    Empty,
    #[error("{len} characters, at most {MAX_COMMENT_CHARS}")]
    TooLong { len: usize },
}

impl CommentText {
    pub fn parse(s: &str) -> Result<Self, CommentError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(CommentError::Empty);
        }
        let len = s.chars().count();
        if len > MAX_COMMENT_CHARS {
            return Err(CommentError::TooLong { len });
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The drafters' response to a comment, as an editor records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Accepted,
    /// Taken into account (in part, or in another form).
    Considered,
    Rejected,
}

impl Response {
    pub const ALL: [Self; 3] = [Self::Accepted, Self::Considered, Self::Rejected];

    pub fn id(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Considered => "considered",
            Self::Rejected => "rejected",
        }
    }

    /// The locale key of its name.
    pub fn name_key(self) -> &'static str {
        match self {
            Self::Accepted => "response-accepted",
            Self::Considered => "response-considered",
            Self::Rejected => "response-rejected",
        }
    }
}

impl std::str::FromStr for Response {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|r| r.id() == s).ok_or(())
    }
}

impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_short_text() {
        assert_eq!(
            CommentText::parse("  мнение \n"),
            Ok(CommentText("мнение".into()))
        );
        assert_eq!(CommentText::parse(" \n "), Err(CommentError::Empty));
        assert!(CommentText::parse(&"я".repeat(1_000)).is_ok());
        assert_eq!(
            CommentText::parse(&"я".repeat(1_001)),
            Err(CommentError::TooLong { len: 1_001 })
        );
        for r in Response::ALL {
            assert_eq!(r.id().parse::<Response>(), Ok(r));
        }
    }
}
