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

/// The thirteen districts, two per row, the current one marked, and Back.
pub fn districts(lang: Lang, current: Option<District>) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = District::ALL
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

pub fn back(lang: Lang, to: &Callback) -> InlineKeyboardButton {
    button(t(lang, "button-back"), to)
}
