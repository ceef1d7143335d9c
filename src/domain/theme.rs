//! The coalition's seven themes: a fixed vocabulary with stable ids.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::UnknownValue;

/// One of the seven themes of the coalition's discussion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    SocialJustice,
    RegionalDevelopment,
    PropertyBusiness,
    Accountability,
    Participation,
    Labour,
    LocalGovernment,
}

impl Theme {
    pub const ALL: [Self; 7] = [
        Self::SocialJustice,
        Self::RegionalDevelopment,
        Self::PropertyBusiness,
        Self::Accountability,
        Self::Participation,
        Self::Labour,
        Self::LocalGovernment,
    ];

    /// The stable id (`../shared/interfaces.md`), also the i18n key suffix.
    pub fn id(self) -> &'static str {
        match self {
            Self::SocialJustice => "social_justice",
            Self::RegionalDevelopment => "regional_development",
            Self::PropertyBusiness => "property_business",
            Self::Accountability => "accountability",
            Self::Participation => "participation",
            Self::Labour => "labour",
            Self::LocalGovernment => "local_government",
        }
    }

    /// The locale key of the theme's name.
    pub fn name_key(self) -> String {
        format!("theme-{}", self.id().replace('_', "-"))
    }
}

impl FromStr for Theme {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse_id(&Self::ALL, Self::id, "theme", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for t in Theme::ALL {
            assert_eq!(t.id().parse::<Theme>().unwrap(), t);
        }
        assert!("justice".parse::<Theme>().is_err());
    }
}
