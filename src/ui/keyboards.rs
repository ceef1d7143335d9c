//! Keyboards: the main menu and the inline keyboards the handlers show.

use teloxide::types::{
    ButtonRequest, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup,
};

use super::callback::{Callback, SettingsAction};
use crate::{
    domain::{District, Lang},
    i18n::t,
    storage::UserRow,
};

pub fn button(text: impl Into<String>, cb: &Callback) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(text, cb.encode())
}

/// The persistent main menu: Constitution, Events, Ask a question, Settings.
pub fn main_menu(lang: Lang) -> KeyboardMarkup {
    KeyboardMarkup::new(vec![
        vec![
            KeyboardButton::new(t(lang, "menu-constitution")),
            KeyboardButton::new(t(lang, "menu-events")),
        ],
        vec![
            KeyboardButton::new(t(lang, "menu-ask")),
            KeyboardButton::new(t(lang, "menu-settings")),
        ],
    ])
    .resize_keyboard()
    .persistent()
}

/// The main menu with "📍 Events near me" (shares the location) on top.
pub fn events_near(lang: Lang) -> KeyboardMarkup {
    let mut menu = main_menu(lang);
    menu.keyboard.insert(
        0,
        vec![KeyboardButton::new(t(lang, "events-near-button")).request(ButtonRequest::Location)],
    );
    menu
}

/// Қазақша / Русский, `first` on top (the language Telegram reports, or Kazakh).
pub fn languages(first: Lang) -> InlineKeyboardMarkup {
    let row = |l: Lang| vec![button(t(l, "lang-name"), &Callback::SetLang(l))];
    InlineKeyboardMarkup::new(vec![row(first), row(first.other())])
}

/// The settings card's buttons.
pub fn settings(lang: Lang, user: &UserRow) -> InlineKeyboardMarkup {
    let mut rows = vec![
        vec![button(
            t(lang, "settings-button-lang"),
            &Callback::Settings(SettingsAction::Lang),
        )],
        vec![button(
            t(lang, "settings-button-district"),
            &Callback::Settings(SettingsAction::District),
        )],
        vec![button(
            t(
                lang,
                if user.subscribed {
                    "settings-button-unsubscribe"
                } else {
                    "settings-button-subscribe"
                },
            ),
            &Callback::Settings(SettingsAction::ToggleSubscription),
        )],
    ];
    if user.subscribed {
        rows.push(vec![button(
            t(
                lang,
                if user.district_only {
                    "settings-button-all-districts"
                } else {
                    "settings-button-district-only"
                },
            ),
            &Callback::Settings(SettingsAction::ToggleDistrictOnly),
        )]);
    }
    InlineKeyboardMarkup::new(rows)
}

/// The region's districts, two per row, the current one marked, and Back.
pub fn districts(lang: Lang, current: Option<District>) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = District::all()
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|d| {
                    let name = d.name(lang);
                    let label = if Some(*d) == current {
                        format!("✓ {name}")
                    } else {
                        name.to_owned()
                    };
                    button(label, &Callback::SetDistrict(*d))
                })
                .collect()
        })
        .collect();
    rows.push(vec![back(lang, &Callback::Settings(SettingsAction::Show))]);
    InlineKeyboardMarkup::new(rows)
}

/// Erase / Keep, for `/forget`.
pub fn forget(lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(t(lang, "forget-button-yes"), &Callback::Forget(true)),
        button(t(lang, "forget-button-no"), &Callback::Forget(false)),
    ]])
}

/// Characters of a title that fit beside other words in a button.
pub const TITLE_IN_LABEL: usize = 20;

pub fn back(lang: Lang, to: &Callback) -> InlineKeyboardButton {
    button(t(lang, "button-back"), to)
}

#[cfg(test)]
mod tests {
    use crate::{
        domain::Lang,
        i18n::{Arg, t_args},
    };

    /// Widest label that shows whole on a phone in a full-width button (Telegram cuts longer
    /// ones with "…"); two buttons in a row get about half each.
    const MAX_LABEL: usize = 40;

    /// Every locale key the code puts on a button: found in the sources, so a new button is
    /// checked without being listed here.
    fn button_keys() -> Vec<String> {
        let mut keys = std::collections::BTreeSet::new();
        let mut files = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for start in [
                "button(t!(",
                "button(\n",
                "KeyboardButton::new(t(",
                "back(",
                "button(t(",
            ] {
                for (i, _) in text.match_indices(start) {
                    let rest = &text[i + start.len()..text.len().min(i + start.len() + 120)];
                    // The key must be the call's own argument, not a later string.
                    if let Some(q) = rest.find('"').filter(|q| !rest[..*q].contains([';', '&', ')'])) {
                        let key: String = rest[q + 1..]
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '-' || c.is_ascii_digit())
                            .collect();
                        if key.len() > 3 && rest[q + 1 + key.len()..].starts_with('"') {
                            keys.insert(key);
                        }
                    }
                }
            }
        }
        keys.extend(crate::domain::Theme::ALL.iter().map(|t| t.name_key()));
        keys.into_iter().collect()
    }

    #[test]
    fn every_button_label_fits_a_phone_in_both_languages() {
        let keys = button_keys();
        assert!(keys.len() > 30, "found the buttons: {keys:?}");
        let mut too_long = Vec::new();
        for key in &keys {
            for lang in Lang::ALL {
                let args = || {
                    vec![
                        ("number", Arg::from(12_345_i64)),
                        ("count", Arg::from(999_i64)),
                        ("voted", Arg::from(40_i64)),
                        ("response", Arg::from("ішінара ескерілді")),
                        ("total", Arg::from(40_i64)),
                        ("id", Arg::from("1234567890")),
                        ("name", Arg::from("@volunteer_name")),
                        ("version", Arg::from(12_345_i64)),
                        ("date", Arg::from("02.12.2026 14:30")),
                        // Titles in buttons are shortened to this many characters.
                        (
                            "title",
                            Arg::from("Ж".repeat(crate::ui::keyboards::TITLE_IN_LABEL)),
                        ),
                    ]
                };
                let label = t_args(lang, key, args());
                assert!(!label.starts_with(key.as_str()), "{key} is missing in {lang:?}");
                let width = label.chars().count();
                if width > MAX_LABEL {
                    too_long.push(format!("{key} ({lang:?}, {width}): {label}"));
                }
            }
        }
        assert!(too_long.is_empty(), "labels too long for a phone: {too_long:#?}");
    }
}
