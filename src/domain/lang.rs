//! The two languages the bot speaks.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use super::UnknownValue;

/// A user-facing language: Kazakh or Russian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
}

impl Lang {
    pub const ALL: [Self; 2] = [Self::Kk, Self::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Self::Kk => "kk",
            Self::Ru => "ru",
        }
    }

    /// The other language (used to search the second language when the first finds nothing).
    pub fn other(self) -> Self {
        match self {
            Self::Kk => Self::Ru,
            Self::Ru => Self::Kk,
        }
    }

    /// The language Telegram reports for a user (`language_code`), when it is one of ours.
    pub fn from_telegram(code: Option<&str>) -> Option<Self> {
        let code = code?;
        let primary = code.split(['-', '_']).next()?;
        primary.parse().ok()
    }
}

impl FromStr for Lang {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kk" | "kz" | "kaz" => Ok(Self::Kk),
            "ru" | "rus" => Ok(Self::Ru),
            _ => Err(UnknownValue::new("language", s)),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_codes_map_to_our_languages() {
        assert_eq!(Lang::from_telegram(Some("kk")), Some(Lang::Kk));
        assert_eq!(Lang::from_telegram(Some("ru-RU")), Some(Lang::Ru));
        assert_eq!(Lang::from_telegram(Some("en")), None);
        assert_eq!(Lang::from_telegram(None), None);
    }
}
