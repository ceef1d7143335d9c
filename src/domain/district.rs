//! The districts of West Kazakhstan region: a fixed vocabulary with Russian and Kazakh names
//! and the old names people still use.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Lang, UnknownValue};

/// Uralsk (the regional centre) or one of the region's twelve districts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum District {
    Uralsk,
    Akzhaik,
    Baiterek,
    Bokeyorda,
    Burlin,
    Zhangala,
    Zhanibek,
    Kaztalov,
    Karatobe,
    Syrym,
    Taskala,
    Terekti,
    Shyngyrlau,
}

struct Names {
    id: &'static str,
    ru: &'static str,
    kk: &'static str,
    /// Other spellings accepted on input (old names, towns, Latin forms), already folded.
    aliases: &'static [&'static str],
}

const NAMES: [(District, Names); 13] = [
    (
        District::Uralsk,
        Names {
            id: "uralsk",
            ru: "Уральск",
            kk: "Орал",
            aliases: &["орал", "oral", "уральск г", "город уральск", "орал каласы"],
        },
    ),
    (
        District::Akzhaik,
        Names {
            id: "akzhaik",
            ru: "Акжаикский район",
            kk: "Ақжайық ауданы",
            aliases: &["акжаик", "акжайык", "akzhaiyk"],
        },
    ),
    (
        District::Baiterek,
        Names {
            id: "baiterek",
            ru: "Байтерекский район",
            kk: "Бәйтерек ауданы",
            aliases: &["байтерек", "зеленовский", "зеленовский район", "zelenovsky"],
        },
    ),
    (
        District::Bokeyorda,
        Names {
            id: "bokeyorda",
            ru: "Бокейординский район",
            kk: "Бөкей ордасы ауданы",
            aliases: &[
                "бокейорда",
                "бокей орда",
                "бокей ордасы",
                "урдинский",
                "урдинский район",
                "urdinsky",
            ],
        },
    ),
    (
        District::Burlin,
        Names {
            id: "burlin",
            ru: "Бурлинский район",
            kk: "Бөрлі ауданы",
            aliases: &[
                "бурлин",
                "борли",
                "борили",
                "бурли",
                "аксай",
                "ақсай",
                "aksai",
                "aksay",
            ],
        },
    ),
    (
        District::Zhangala,
        Names {
            id: "zhangala",
            ru: "Жангалинский район",
            kk: "Жаңақала ауданы",
            aliases: &[
                "жангала",
                "жанакала",
                "джангалинский",
                "джангалинский район",
                "dzhangala",
            ],
        },
    ),
    (
        District::Zhanibek,
        Names {
            id: "zhanibek",
            ru: "Жанибекский район",
            kk: "Жәнібек ауданы",
            aliases: &["жанибек", "джанибекский", "dzhanibek"],
        },
    ),
    (
        District::Kaztalov,
        Names {
            id: "kaztalov",
            ru: "Казталовский район",
            kk: "Қазталов ауданы",
            aliases: &["казталов", "kaztalovka"],
        },
    ),
    (
        District::Karatobe,
        Names {
            id: "karatobe",
            ru: "Каратобинский район",
            kk: "Қаратөбе ауданы",
            aliases: &["каратобе", "karatobe"],
        },
    ),
    (
        District::Syrym,
        Names {
            id: "syrym",
            ru: "Сырымский район",
            kk: "Сырым ауданы",
            aliases: &["сырым"],
        },
    ),
    (
        District::Taskala,
        Names {
            id: "taskala",
            ru: "Таскалинский район",
            kk: "Тасқала ауданы",
            aliases: &["таскала"],
        },
    ),
    (
        District::Terekti,
        Names {
            id: "terekti",
            ru: "Теректинский район",
            kk: "Теректі ауданы",
            aliases: &["теректи", "теректы"],
        },
    ),
    (
        District::Shyngyrlau,
        Names {
            id: "shyngyrlau",
            ru: "Чингирлауский район",
            kk: "Шыңғырлау ауданы",
            aliases: &["чингирлау", "шынгырлау", "chingirlau"],
        },
    ),
];

impl District {
    pub const ALL: [Self; 13] = [
        Self::Uralsk,
        Self::Akzhaik,
        Self::Baiterek,
        Self::Bokeyorda,
        Self::Burlin,
        Self::Zhangala,
        Self::Zhanibek,
        Self::Kaztalov,
        Self::Karatobe,
        Self::Syrym,
        Self::Taskala,
        Self::Terekti,
        Self::Shyngyrlau,
    ];

    fn names(self) -> &'static Names {
        &NAMES
            .iter()
            .find(|(d, _)| *d == self)
            .expect("every district has names")
            .1
    }

    /// The stable id (`../shared/interfaces.md`).
    pub fn id(self) -> &'static str {
        self.names().id
    }

    /// The district's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => self.names().ru,
            Lang::Kk => self.names().kk,
        }
    }

    /// Parses what an operator may type in a spreadsheet: the id, the Russian or Kazakh name
    /// (with or without «район»/«ауданы»), an old name, case and Kazakh letters folded.
    pub fn parse_loose(input: &str) -> Result<Self, UnknownValue> {
        if let Ok(d) = input.parse() {
            return Ok(d);
        }
        let folded = fold(input);
        let stripped = strip_suffixes(&folded);
        for (d, n) in &NAMES {
            let candidates = [fold(n.ru), fold(n.kk)];
            if candidates
                .iter()
                .any(|c| *c == folded || strip_suffixes(c) == stripped)
                || n.aliases.iter().any(|a| fold(a) == folded || fold(a) == stripped)
            {
                return Ok(*d);
            }
        }
        Err(UnknownValue::new("district", input))
    }
}

impl FromStr for District {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        NAMES
            .iter()
            .find(|(_, n)| n.id == s)
            .map(|(d, _)| *d)
            .ok_or_else(|| UnknownValue::new("district", s))
    }
}

/// Folded (see [`super::fold`]), punctuation to spaces, spaces collapsed.
fn fold(s: &str) -> String {
    let mapped: String = super::fold(s.trim())
        .chars()
        .map(|c| if matches!(c, '.' | ',' | '-') { ' ' } else { c })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_suffixes(folded: &str) -> String {
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
        for d in District::ALL {
            assert_eq!(d.id().parse::<District>().unwrap(), d);
            assert!(!d.name(Lang::Ru).is_empty() && !d.name(Lang::Kk).is_empty());
        }
    }

    #[test]
    fn loose_parsing_accepts_names_old_names_and_kazakh_typed_in_russian() {
        let cases = [
            ("uralsk", District::Uralsk),
            ("Уральск", District::Uralsk),
            ("Орал", District::Uralsk),
            ("Зеленовский район", District::Baiterek),
            ("Бәйтерек ауданы", District::Baiterek),
            ("Байтерек", District::Baiterek),
            ("Урдинский", District::Bokeyorda),
            ("Бөкей ордасы ауданы", District::Bokeyorda),
            ("Аксай", District::Burlin),
            ("Бурлинский район", District::Burlin),
            ("Джангалинский район", District::Zhangala),
            ("Шынгырлау ауданы", District::Shyngyrlau),
            ("ЧИНГИРЛАУСКИЙ РАЙОН", District::Shyngyrlau),
            ("Тасқала", District::Taskala),
        ];
        for (input, want) in cases {
            assert_eq!(District::parse_loose(input), Ok(want), "{input}");
        }
        assert!(District::parse_loose("Атырау").is_err());
        assert!(District::parse_loose("").is_err());
    }
}
