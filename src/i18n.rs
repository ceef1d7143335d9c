//! User-facing text: every string the bot shows comes from `locales/{ru,kk}/*.ftl` (Fluent),
//! so Russian and Kazakh plural rules are right and texts change without touching handlers.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::{LanguageIdentifier, Loader, fluent_bundle::FluentValue, langid};

use crate::domain::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "ru",
        // Bidi isolation marks would show up as junk in Telegram and break tests' matching.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static RU: LanguageIdentifier = langid!("ru");
static KK: LanguageIdentifier = langid!("kk");

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::Ru => &RU,
        Lang::Kk => &KK,
    }
}

/// An argument for a message: text or a number (numbers select plural forms).
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Self::Str(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Num(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Num(n as i64)
    }
}
impl From<i32> for Arg {
    fn from(n: i32) -> Self {
        Self::Num(n.into())
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Self::Num(n.into())
    }
}

/// The message `key` in `lang`.
pub fn t(lang: Lang, key: &str) -> String {
    t_args(lang, key, Vec::new())
}

/// The message `key` in `lang` with arguments.
pub fn t_args(lang: Lang, key: &str, args: Vec<(&'static str, Arg)>) -> String {
    // The region's names are there for every message (texts say «время Уральска» through them).
    let region = crate::domain::region::current();
    let region_args = [
        ("region", region.name.get(lang)),
        ("region_city", region.main_city().names.get(lang)),
        ("local_time", region.local_time.get(lang)),
        ("coalition", region.coalition.get(lang)),
    ]
    .map(|(k, v)| (k, Arg::Str(v.to_owned())))
    .into_iter()
    .chain([("utc", Arg::Str(region.utc_offset()))]);
    let args: HashMap<Cow<'static, str>, FluentValue> = region_args
        .into_iter()
        .chain(args)
        .map(|(k, v)| {
            let v = match v {
                Arg::Str(s) => FluentValue::from(s),
                Arg::Num(n) => FluentValue::from(n),
            };
            (Cow::Borrowed(k), v)
        })
        .collect();
    match LOCALES.try_lookup_with_args(langid(lang), key, &args) {
        Some(s) => s,
        None => {
            log::error!("missing locale key `{key}` for {lang}");
            key.to_owned()
        }
    }
}

/// `t!(lang, "key")` or `t!(lang, "key", name = value, ...)`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr) => {
        $crate::i18n::t($lang, $key)
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::t_args($lang, $key, vec![$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// Whether `text` is the message `key` in either language (for reply-keyboard buttons).
pub fn is_any(text: &str, key: &str) -> bool {
    // Checked on every incoming text (menu buttons): the labels are formatted once.
    static LABELS: std::sync::OnceLock<std::sync::Mutex<HashMap<String, Vec<String>>>> =
        std::sync::OnceLock::new();
    let labels = LABELS.get_or_init(Default::default);
    let mut labels = labels.lock().unwrap_or_else(|e| e.into_inner());
    labels
        .entry(key.to_owned())
        .or_insert_with(|| Lang::ALL.into_iter().map(|l| t(l, key)).collect())
        .iter()
        .any(|label| label == text)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                let Some((name, _)) = line.split_once(" =") else {
                    continue;
                };
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    keys.insert(name.to_owned());
                }
            }
        }
        keys
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let ru = keys("ru");
        let kk = keys("kk");
        assert!(ru.len() > 50, "locale files were not read");
        let only_ru: Vec<_> = ru.difference(&kk).collect();
        let only_kk: Vec<_> = kk.difference(&ru).collect();
        assert!(only_ru.is_empty(), "keys missing in kk: {only_ru:?}");
        assert!(only_kk.is_empty(), "keys missing in ru: {only_kk:?}");
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let cases = [
            (1, "1 вопрос"),
            (2, "2 вопроса"),
            (5, "5 вопросов"),
            (21, "21 вопрос"),
            (111, "111 вопросов"),
        ];
        for (n, want) in cases {
            assert_eq!(t!(Lang::Ru, "count-questions", count = n as i64), want);
        }
        assert_eq!(t!(Lang::Kk, "count-questions", count = 5i64), "5 сұрақ");
    }

    #[test]
    fn kazakh_texts_use_kazakh_letters() {
        let welcome = t(Lang::Kk, "welcome");
        assert!(welcome.chars().any(|c| "әғқңөұүһі".contains(c)), "{welcome}");
    }
}
