//! Statements residents agree or disagree with, as values valid by construction, and the file
//! editors publish them in (`statements.toml`): sets per theme, RU and KK, with open and close
//! dates in the region's local time.

use chrono::NaiveDate;
use serde::Deserialize;

use super::Theme;

/// Longest statement, in characters (Pol.is keeps them as short).
pub const MAX_STATEMENT_CHARS: usize = 140;
/// Longest set id (it travels in buttons and deep links).
pub const MAX_SET_ID: usize = 32;

/// A resident's vote on one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vote {
    Agree,
    Disagree,
    Pass,
}

impl Vote {
    pub const ALL: [Self; 3] = [Self::Agree, Self::Disagree, Self::Pass];

    /// As stored: 1, -1, 0.
    pub fn value(self) -> i64 {
        match self {
            Self::Agree => 1,
            Self::Disagree => -1,
            Self::Pass => 0,
        }
    }

    pub fn from_value(v: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.value() == v)
    }

    /// One letter, for button data.
    pub fn code(self) -> &'static str {
        match self {
            Self::Agree => "a",
            Self::Disagree => "d",
            Self::Pass => "p",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Why a text is not a statement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("empty")]
    Empty,
    #[error("{len} characters, at most {MAX_STATEMENT_CHARS}")]
    TooLong { len: usize },
}

/// A statement's text: one line, non-empty, at most [`MAX_STATEMENT_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementText(String);

impl StatementText {
    pub fn parse(s: &str) -> Result<Self, StatementError> {
        let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.is_empty() {
            return Err(StatementError::Empty);
        }
        let len = one_line.chars().count();
        if len > MAX_STATEMENT_CHARS {
            return Err(StatementError::TooLong { len });
        }
        Ok(Self(one_line))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `s` can be a set id: lowercase ASCII letters, digits, `_` and `-`, at most
/// [`MAX_SET_ID`].
pub fn is_set_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SET_ID
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// One set as the file describes it, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SetSpec {
    pub id: String,
    pub theme: Theme,
    pub title_ru: String,
    pub title_kk: String,
    /// Unix seconds: the start of the opening day, local.
    pub opens_at: i64,
    /// Unix seconds: the end of the closing day, local.
    pub closes_at: i64,
    /// (RU, KK) of each statement, in order; one of the two may be empty.
    pub statements: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    set: Vec<RawSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    id: String,
    theme: String,
    title_ru: String,
    #[serde(default)]
    title_kk: String,
    opens: String,
    closes: String,
    #[serde(default)]
    statement: Vec<RawStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatement {
    #[serde(default)]
    ru: String,
    #[serde(default)]
    kk: String,
}

use super::local_day_start as local_midnight;

/// Parses a statements file: every problem is reported (set and statement numbered from 1),
/// and nothing is accepted unless there are none.
pub fn parse_statements_file(text: &str) -> Result<Vec<SetSpec>, Vec<String>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![e.to_string().trim().to_owned()])?;
    let mut problems = Vec::new();
    let mut sets = Vec::new();
    if raw.set.is_empty() {
        problems.push("no [[set]] in the file".to_owned());
    }
    let mut seen = std::collections::HashSet::new();
    for (n, s) in raw.set.iter().enumerate() {
        let at = format!("set {} (`{}`)", n + 1, s.id);
        if !is_set_id(&s.id) {
            problems.push(format!(
                "{at}: id must be 1–{MAX_SET_ID} lowercase letters, digits, `_` or `-`"
            ));
        }
        if !seen.insert(s.id.clone()) {
            problems.push(format!("{at}: the id appears twice"));
        }
        let theme = s.theme.parse::<Theme>();
        if theme.is_err() {
            problems.push(format!("{at}: unknown theme `{}`", s.theme));
        }
        for (field, title) in [("title_ru", &s.title_ru), ("title_kk", &s.title_kk)] {
            if field == "title_ru" && title.trim().is_empty() {
                problems.push(format!("{at}: title_ru is empty"));
            }
            if title.chars().count() > 100 {
                problems.push(format!("{at}: {field} is longer than 100 characters"));
            }
        }
        let date = |field: &str, v: &str, problems: &mut Vec<String>| match NaiveDate::parse_from_str(
            v.trim(),
            "%Y-%m-%d",
        ) {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(format!("{at}: {field} `{v}` is not a date YYYY-MM-DD"));
                None
            }
        };
        let opens = date("opens", &s.opens, &mut problems);
        let closes = date("closes", &s.closes, &mut problems);
        if let (Some(o), Some(c)) = (opens, closes)
            && c < o
        {
            problems.push(format!("{at}: closes before it opens"));
        }
        if s.statement.is_empty() {
            problems.push(format!("{at}: no [[set.statement]]"));
        }
        let mut statements = Vec::new();
        for (k, st) in s.statement.iter().enumerate() {
            let mut text = |v: &str, lang: &str| -> String {
                if v.trim().is_empty() {
                    return String::new();
                }
                match StatementText::parse(v) {
                    Ok(t) => t.as_str().to_owned(),
                    Err(e) => {
                        problems.push(format!("{at}, statement {} ({lang}): {e}", k + 1));
                        String::new()
                    }
                }
            };
            let (ru, kk) = (text(&st.ru, "ru"), text(&st.kk, "kk"));
            if st.ru.trim().is_empty() && st.kk.trim().is_empty() {
                problems.push(format!("{at}, statement {}: neither ru nor kk", k + 1));
            }
            statements.push((ru, kk));
        }
        if let (Ok(theme), Some(o), Some(c)) = (theme, opens, closes) {
            sets.push(SetSpec {
                id: s.id.clone(),
                theme,
                title_ru: s.title_ru.trim().to_owned(),
                title_kk: s.title_kk.trim().to_owned(),
                opens_at: local_midnight(o),
                closes_at: local_midnight(c + chrono::Days::new(1)),
                statements,
            });
        }
    }
    if problems.is_empty() {
        Ok(sets)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample editors copy from is valid, and every statement is in both languages.
    #[test]
    fn the_example_file_parses() {
        let sets = parse_statements_file(include_str!("../../examples/statements.toml"))
            .unwrap_or_else(|p| panic!("examples/statements.toml: {p:?}"));
        assert_eq!(sets.len(), 2);
        for set in &sets {
            assert!(
                !set.title_kk.is_empty() && set.statements.len() >= 4,
                "{}",
                set.id
            );
            assert!(
                set.statements
                    .iter()
                    .all(|(ru, kk)| !ru.is_empty() && !kk.is_empty()),
                "{}",
                set.id
            );
        }
    }

    #[test]
    fn statement_text_is_one_short_line() {
        assert_eq!(StatementText::parse("  a\n b ").unwrap().as_str(), "a b");
        assert_eq!(StatementText::parse(" \n"), Err(StatementError::Empty));
        let long = "ә".repeat(141);
        assert_eq!(
            StatementText::parse(&long),
            Err(StatementError::TooLong { len: 141 })
        );
        assert!(StatementText::parse(&"ә".repeat(140)).is_ok());
    }

    #[test]
    fn a_file_is_all_or_nothing_with_every_problem() {
        let good = r#"
[[set]]
id = "local-2026"
theme = "local_government"
title_ru = "Местное самоуправление"
title_kk = "Жергілікті өзін-өзі басқару"
opens = "2026-12-01"
closes = "2026-12-31"
[[set.statement]]
ru = "Акимов сёл нужно выбирать"
kk = "Ауыл әкімдерін сайлау керек"
"#;
        let sets = parse_statements_file(good).unwrap();
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].closes_at - sets[0].opens_at, 31 * 86_400);
        assert_eq!(
            chrono::DateTime::from_timestamp(sets[0].opens_at, 0)
                .unwrap()
                .to_rfc3339(),
            "2026-11-30T19:00:00+00:00"
        );
        let bad = good
            .replace("local_government", "weather")
            .replace("2026-12-31", "2026-11-01")
            .replace("Акимов сёл нужно выбирать", &"я".repeat(150));
        let problems = parse_statements_file(&bad).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(parse_statements_file("[[set]]\nid = 1").is_err());
    }

    #[test]
    fn votes_round_trip() {
        for v in Vote::ALL {
            assert_eq!(Vote::from_value(v.value()), Some(v));
            assert_eq!(Vote::from_code(v.code()), Some(v));
        }
    }
}
