//! Deep-link payloads (`https://t.me/<bot>?start=<payload>`), per `../shared/interfaces.md`.

use crate::domain::Theme;

/// What a `/start` payload asks to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeepLink {
    Article(String),
    Theme(Theme),
    Event(String),
    VolunteerInvite(String),
    EditorInvite(String),
    /// An article of the Constitution by its number.
    LawArticle(u32),
    /// A statement set to vote in.
    Statements(String),
    OrganiserInvite(String),
    /// Article `n` of a draft in discussion: `dr_<doc>_<n>`.
    DraftArticle(String, u32),
}

impl DeepLink {
    /// Parses a payload; anything else (including over-long or odd characters) is `None`.
    pub fn parse(payload: &str) -> Option<Self> {
        if payload.is_empty()
            || payload.len() > 64
            || !payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        let (kind, rest) = payload.split_once('_')?;
        if rest.is_empty() {
            return None;
        }
        match kind {
            "art" => Some(Self::Article(rest.to_owned())),
            "theme" => rest.parse().ok().map(Self::Theme),
            // `ev_<id>` is what the Mini App shares (../shared/interfaces.md); `event_` came first.
            "event" | "ev" => Some(Self::Event(rest.to_owned())),
            "vol" => Some(Self::VolunteerInvite(rest.to_owned())),
            "ed" => Some(Self::EditorInvite(rest.to_owned())),
            "or" => Some(Self::OrganiserInvite(rest.to_owned())),
            "st" if crate::domain::statement::is_set_id(rest) => Some(Self::Statements(rest.to_owned())),
            "dr" => {
                let (doc, n) = rest.rsplit_once('_')?;
                let n: u32 = n.parse().ok().filter(|n| (1..1000).contains(n))?;
                crate::domain::draft::is_doc_id(doc).then(|| Self::DraftArticle(doc.to_owned(), n))
            }
            "a" => rest
                .parse()
                .ok()
                .filter(|n| (1..1000).contains(n))
                .map(Self::LawArticle),
            _ => None,
        }
    }

    pub fn encode(&self) -> String {
        match self {
            Self::Article(id) => format!("art_{id}"),
            Self::Theme(t) => format!("theme_{}", t.id()),
            Self::Event(id) => format!("ev_{id}"),
            Self::VolunteerInvite(token) => format!("vol_{token}"),
            Self::EditorInvite(token) => format!("ed_{token}"),
            Self::LawArticle(n) => format!("a_{n}"),
            Self::Statements(set) => format!("st_{set}"),
            Self::OrganiserInvite(token) => format!("or_{token}"),
            Self::DraftArticle(doc, n) => format!("dr_{doc}_{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_and_junk_is_refused() {
        for link in [
            DeepLink::Article("kurultai".into()),
            DeepLink::Theme(Theme::Labour),
            DeepLink::Event("wko-2026-001".into()),
            DeepLink::VolunteerInvite("Ab3_x".into()),
            DeepLink::LawArticle(9),
            DeepLink::EditorInvite("Zx9_y".into()),
            DeepLink::Statements("local-2026".into()),
            DeepLink::OrganiserInvite("Qw8_z".into()),
            DeepLink::DraftArticle("kurultai-law".into(), 12),
        ] {
            assert_eq!(DeepLink::parse(&link.encode()), Some(link));
        }
        for junk in [
            "",
            "art_",
            "theme_weather",
            "x_y",
            "art_<script>",
            "a_x",
            "a_0",
            "dr_kurultai",
            "dr_Kurultai_1",
            "dr_kurultai_0",
            &"a".repeat(80),
        ] {
            assert_eq!(DeepLink::parse(junk), None, "{junk}");
        }
    }
}
