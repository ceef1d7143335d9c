//! The bot's commands: parsing (teloxide's derive) and the lists registered with Telegram,
//! per language and per role.

use teloxide::{
    prelude::*,
    types::{BotCommand, BotCommandScope, MenuButton, Recipient},
    utils::command::BotCommands,
};

use crate::{
    context::App,
    domain::{Lang, Role},
    i18n,
};

/// Every command the bot understands (`../shared/interfaces.md`).
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    Start(String),
    Help,
    Settings,
    Lang,
    Privacy,
    Mydata,
    Forget,
    Cancel,
    Constitution,
    Article(String),
    Themes,
    Glossary,
    Events,
    Ask,
    Myquestions,
    Subscribe,
    Unsubscribe,
    Queue,
    Addvolunteer,
    Volunteers,
    Broadcast,
    Stopbroadcast,
    Stats,
    Audit,
    Export,
    Reload,
    Addeditor,
    Editors,
    Rollback,
    Pack,
    Review,
    Statements,
    Report(String),
    Mystats,
    Addorganiser(String),
    Organisers,
    Drafts,
    Digest(String),
}

/// (command, least role) in the order shown to users.
const LISTED: &[(&str, Role)] = &[
    ("start", Role::Resident),
    ("constitution", Role::Resident),
    ("themes", Role::Resident),
    ("article", Role::Resident),
    ("glossary", Role::Resident),
    ("events", Role::Resident),
    ("statements", Role::Resident),
    ("drafts", Role::Resident),
    ("ask", Role::Resident),
    ("myquestions", Role::Resident),
    ("settings", Role::Resident),
    ("lang", Role::Resident),
    ("subscribe", Role::Resident),
    ("unsubscribe", Role::Resident),
    ("help", Role::Resident),
    ("privacy", Role::Resident),
    ("mydata", Role::Resident),
    ("forget", Role::Resident),
    ("cancel", Role::Resident),
    ("queue", Role::Volunteer),
    ("mystats", Role::Volunteer),
    ("addvolunteer", Role::Admin),
    ("volunteers", Role::Admin),
    ("broadcast", Role::Admin),
    ("stopbroadcast", Role::Admin),
    ("stats", Role::Admin),
    ("report", Role::Admin),
    ("audit", Role::Admin),
    ("export", Role::Admin),
    ("reload", Role::Admin),
    ("addeditor", Role::Admin),
    ("editors", Role::Admin),
    ("addorganiser", Role::Admin),
    ("organisers", Role::Admin),
];

/// Editors' commands (admins have them too), shown to editors beside their role's.
const EDITOR_LISTED: &[&str] = &["review", "pack", "rollback", "digest"];

impl Command {
    /// The least role allowed to run this command (checked for every use).
    pub fn required_role(&self) -> Role {
        match self {
            Self::Queue | Self::Mystats => Role::Volunteer,
            Self::Addvolunteer
            | Self::Volunteers
            | Self::Broadcast
            | Self::Stopbroadcast
            | Self::Stats
            | Self::Audit
            | Self::Export
            | Self::Reload
            | Self::Addeditor
            | Self::Editors
            | Self::Report(_)
            | Self::Addorganiser(_)
            | Self::Organisers => Role::Admin,
            _ => Role::Resident,
        }
    }
}

impl Command {
    /// Whether only editors (and admins) may run this command.
    pub fn needs_editor(&self) -> bool {
        matches!(self, Self::Rollback | Self::Pack | Self::Review | Self::Digest(_))
    }
}

/// The commands a `role` sees, described in `lang` (admins see the editors' too).
pub fn listed(role: Role, lang: Lang) -> Vec<BotCommand> {
    listed_for(role, role == Role::Admin, lang)
}

/// The commands of `role`, and the editors' ones when `editor`.
pub fn listed_for(role: Role, editor: bool, lang: Lang) -> Vec<BotCommand> {
    LISTED
        .iter()
        .filter(|(_, r)| role.allows(*r))
        .map(|(c, _)| *c)
        .chain(EDITOR_LISTED.iter().copied().filter(|_| editor))
        .map(|c| BotCommand::new(c, i18n::t(lang, &format!("cmd-{c}"))))
        .collect()
}

/// Registers the menu of one user who is (or stopped being) an editor.
pub async fn register_editor(bot: &Bot, chat_id: i64, role: Role, editor: bool) {
    for lang in Lang::ALL {
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(chat_id)),
        };
        if let Err(e) = bot
            .set_my_commands(listed_for(role, editor, lang))
            .scope(scope)
            .language_code(lang.code())
            .await
        {
            log::warn!("setMyCommands for chat {chat_id} failed: {e}");
        }
    }
}

/// Registers the command menus: residents' by default, in both languages; admins' in each
/// admin's chat. A failure is logged and startup goes on (an admin who never opened the bot
/// makes Telegram refuse the chat scope).
pub async fn register(bot: &Bot, admin_ids: &[u64], volunteer_ids: &[i64]) {
    let mut calls = vec![(BotCommandScope::Default, None, Role::Resident)];
    for lang in Lang::ALL {
        calls.push((BotCommandScope::Default, Some(lang), Role::Resident));
    }
    for id in volunteer_ids {
        for lang in Lang::ALL {
            let scope = BotCommandScope::Chat {
                chat_id: Recipient::Id(ChatId(*id)),
            };
            calls.push((scope, Some(lang), Role::Volunteer));
        }
    }
    for id in admin_ids {
        for lang in Lang::ALL {
            let scope = BotCommandScope::Chat {
                chat_id: Recipient::Id(ChatId(*id as i64)),
            };
            calls.push((scope, Some(lang), Role::Admin));
        }
    }
    for (scope, lang, role) in calls {
        let commands = listed(role, lang.unwrap_or(Lang::Ru));
        let mut req = bot.set_my_commands(commands).scope(scope.clone());
        if let Some(lang) = lang {
            req = req.language_code(lang.code());
        }
        if let Err(e) = req.await {
            log::warn!(
                "setMyCommands for {scope:?} ({}) failed: {e}",
                lang.map_or("default", Lang::code)
            );
        }
    }
}

/// Registers every stored editor's menu at start (their role's commands and the editors'), as
/// an invite does; admins' menus have the editors' commands already. `volunteer_ids` are the
/// volunteers, whose role's commands an editor who is one keeps. A failure is logged.
pub async fn register_editors(bot: &Bot, app: &App, volunteer_ids: &[i64]) {
    let editors = match app.db.editors().await {
        Ok(list) => list,
        Err(e) => {
            log::warn!("cannot read the editors to register their menus: {e}");
            return;
        }
    };
    for (id, _) in editors.into_iter().filter(|(id, _)| !app.is_admin(*id)) {
        let role = if volunteer_ids.contains(&id) {
            Role::Volunteer
        } else {
            Role::Resident
        };
        register_editor(bot, id, role, true).await;
    }
}

/// Registers the volunteer command menu for one chat (after the role is granted or revoked).
pub async fn register_for(bot: &Bot, chat_id: i64, role: Role) {
    for lang in Lang::ALL {
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(chat_id)),
        };
        if let Err(e) = bot
            .set_my_commands(listed(role, lang))
            .scope(scope)
            .language_code(lang.code())
            .await
        {
            log::warn!("setMyCommands for chat {chat_id} failed: {e}");
        }
    }
}

/// Takes the admin menu away from chats that had it and are no longer in `ADMIN_IDS` (a
/// volunteer gets theirs back), and remembers who has it now.
pub async fn withdraw_admin_menus(bot: &Bot, app: &App) {
    let had = match app.db.admin_menus().await {
        Ok(h) => h,
        Err(e) => {
            log::warn!("cannot read who had the admin menu: {e}");
            return;
        }
    };
    for chat in had.into_iter().filter(|c| !app.is_admin(*c)) {
        let volunteer = app
            .db
            .user(chat)
            .await
            .ok()
            .flatten()
            .is_some_and(|u| u.is_volunteer);
        // What they were in the middle of ends at their next step (the schema re-checks roles).
        log::info!("chat {chat} is no longer an admin: withdrawing the admin menu");
        if volunteer {
            register_for(bot, chat, Role::Volunteer).await;
            continue;
        }
        for lang in Lang::ALL {
            let scope = BotCommandScope::Chat {
                chat_id: Recipient::Id(ChatId(chat)),
            };
            if let Err(e) = bot
                .delete_my_commands()
                .scope(scope)
                .language_code(lang.code())
                .await
            {
                log::warn!("deleteMyCommands for chat {chat} failed: {e}");
            }
        }
    }
    let now: Vec<i64> = app.admin_chats().collect();
    if let Err(e) = app.db.set_admin_menus(&now).await {
        log::warn!("cannot record who has the admin menu: {e}");
    }
}

/// The menu button beside the message field opens the Mini App: the default one in Russian,
/// and each chat's in the language its user chose ([`set_menu_button`]). Without `WEBAPP_URL`,
/// the default commands menu.
pub async fn register_menu_button(bot: &Bot, app: &App) {
    if let Some(button) = menu_button(app, Lang::Ru)
        && let Err(e) = bot.set_chat_menu_button().menu_button(button).await
    {
        log::warn!("setChatMenuButton (default) failed: {e}");
    }
}

/// The menu button of one private chat, in `lang`.
pub async fn set_menu_button<R: Requester>(bot: &R, app: &App, chat: ChatId, lang: Lang) {
    if let Some(button) = menu_button(app, lang)
        && let Err(e) = bot.set_chat_menu_button().chat_id(chat).menu_button(button).await
    {
        log::warn!("setChatMenuButton for chat {chat} failed: {e}");
    }
}

/// The Mini App's menu button in `lang`, when there is a Mini App.
fn menu_button(app: &App, lang: Lang) -> Option<MenuButton> {
    let w = app.config.webapp.as_ref()?;
    Some(MenuButton::WebApp {
        text: crate::t!(lang, "webapp-menu-button"),
        web_app: teloxide::types::WebAppInfo { url: w.url.clone() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_command_parses_and_has_a_description_in_both_languages() {
        for (c, role) in LISTED {
            let parsed =
                Command::parse(&format!("/{c}"), "atazan_bot").unwrap_or_else(|e| panic!("/{c}: {e}"));
            assert_eq!(parsed.required_role(), *role, "/{c}");
            for lang in Lang::ALL {
                let d = i18n::t(lang, &format!("cmd-{c}"));
                assert!(
                    !d.is_empty() && !d.starts_with("cmd-") && d.len() <= 256,
                    "/{c} {lang}"
                );
            }
        }
        assert_eq!(listed(Role::Resident, Lang::Ru).len(), 19);
        for c in EDITOR_LISTED {
            let parsed = Command::parse(&format!("/{c}"), "atazan_bot").unwrap();
            assert!(parsed.needs_editor(), "/{c}");
            for lang in Lang::ALL {
                assert!(
                    !i18n::t(lang, &format!("cmd-{c}")).starts_with("cmd-"),
                    "/{c} {lang}"
                );
            }
        }
        assert!(listed(Role::Admin, Lang::Kk).len() > listed(Role::Volunteer, Lang::Kk).len());
    }
}
