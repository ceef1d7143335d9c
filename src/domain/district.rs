//! A district of the region: a `Copy` handle into the region file's list (see [`super::region`]),
//! stored and sent in callback data as its stable id.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Lang, UnknownValue, region};

/// The regional centre or one of the region's districts, in the region file's order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct District(pub(super) u8);

impl District {
    /// Every district of the region, in the file's order (the regional centre first there).
    pub fn all() -> impl ExactSizeIterator<Item = Self> + Clone {
        (0..region::current().districts().len()).map(|i| Self(i as u8))
    }

    pub(super) fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The stable id (`../shared/interfaces.md`).
    pub fn id(self) -> &'static str {
        &self.info().id
    }

    /// The district's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        self.info().names.get(lang)
    }

    /// Parses what an operator may type in a spreadsheet: the id, the Russian or Kazakh name
    /// (with or without «район»/«ауданы»), an old name, case and Kazakh letters folded.
    pub fn parse_loose(input: &str) -> Result<Self, UnknownValue> {
        if let Ok(d) = input.parse() {
            return Ok(d);
        }
        let folded = fold(input);
        let stripped = strip_suffixes(&folded);
        if folded.is_empty() {
            return Err(UnknownValue::new("district", input));
        }
        region::current()
            .position_loose(&folded, &stripped)
            .map(|i| Self(i as u8))
            .ok_or_else(|| UnknownValue::new("district", input))
    }
}

impl fmt::Debug for District {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "District({})", self.id())
    }
}

impl FromStr for District {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        region::current()
            .position(s)
            .map(|i| Self(i as u8))
            .ok_or_else(|| UnknownValue::new("district", s))
    }
}

impl Serialize for District {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for District {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        id.parse().map_err(serde::de::Error::custom)
    }
}

/// Folded (see [`super::fold`]), punctuation to spaces, spaces collapsed.
pub(super) fn fold(s: &str) -> String {
    let mapped: String = super::fold(s.trim())
        .chars()
        .map(|c| if matches!(c, '.' | ',' | '-') { ' ' } else { c })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn strip_suffixes(folded: &str) -> String {
    folded
        .split(' ')
        .filter(|w| {
            !matches!(
                *w,
                "район" | "р н" | "ауданы" | "г" | "город" | "каласы" | "district"
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_names_exist() {
        for d in District::all() {
            assert_eq!(d.id().parse::<District>().unwrap(), d);
            assert!(!d.name(Lang::Ru).is_empty() && !d.name(Lang::Kk).is_empty());
        }
    }

    fn d(id: &str) -> District {
        id.parse().unwrap()
    }

    #[test]
    fn loose_parsing_accepts_names_old_names_and_kazakh_typed_in_russian() {
        let cases = [
            ("uralsk", d("uralsk")),
            ("Уральск", d("uralsk")),
            ("Орал", d("uralsk")),
            ("Зеленовский район", d("baiterek")),
            ("Бәйтерек ауданы", d("baiterek")),
            ("Байтерек", d("baiterek")),
            ("Урдинский", d("bokeyorda")),
            ("Бөкей ордасы ауданы", d("bokeyorda")),
            ("Аксай", d("burlin")),
            ("Бурлинский район", d("burlin")),
            ("Джангалинский район", d("zhangala")),
            ("Шынгырлау ауданы", d("shyngyrlau")),
            ("ЧИНГИРЛАУСКИЙ РАЙОН", d("shyngyrlau")),
            ("Тасқала", d("taskala")),
        ];
        for (input, want) in cases {
            assert_eq!(District::parse_loose(input), Ok(want), "{input}");
        }
        assert!(District::parse_loose("Атырау").is_err());
        assert!(District::parse_loose("").is_err());
    }
}
