//! Reading the Constitution: sections → articles, themes, glossary, search, inline mode,
//! deep links. Navigation edits the message in place.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{
        InlineKeyboardButton, InlineKeyboardMarkup, InlineQuery, InlineQueryResult, InlineQueryResultArticle,
        InputMessageContent, InputMessageContentText, MessageId, ParseMode,
    },
};

use super::{law, toc::sections_view};
use crate::{
    bot::{
        Dialogue, HandlerResult, State, Tg, UserCtx,
        callback::Callback,
        keyboards::{back, button},
    },
    content::{Kind, Pack, search::Target},
    context::App,
    domain::{Lang, Theme},
    t,
    telegram_html::escape,
    ui::view::{View, page_of, pager, part_pager, show},
};

/// A section: what it covers and its articles.
pub fn section_view(pack: &Pack, id: &str, lang: Lang, page: usize) -> Option<View> {
    let section = pack.item(id).filter(|i| i.kind == Kind::Section)?;
    let articles: Vec<_> = pack.articles_of(id).collect();
    let (shown, page) = page_of(&articles, page);
    let mut rows = vec![vec![button(
        t!(lang, "content-button-about-section"),
        &Callback::Item {
            id: id.to_owned(),
            part: 0,
        },
    )]];
    rows.extend(shown.iter().map(|a| {
        vec![button(
            a.text(lang).title.clone(),
            &Callback::Item {
                id: a.id.clone(),
                part: 0,
            },
        )]
    }));
    rows.extend(pager(page, articles.len(), |page| Callback::Section {
        id: id.to_owned(),
        page,
    }));
    rows.push(vec![back(lang, &Callback::Sections { page: 0 })]);
    let text = t!(
        lang,
        "view-section",
        title = escape(&section.text(lang).title),
        summary = escape(&section.text(lang).summary),
        articles = t!(lang, "content-section-articles", count = articles.len())
    );
    Some(View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    })
}

/// The share link of an item: opens it in the bot.
pub fn share_link(username: &str, id: &str) -> String {
    format!("https://t.me/{username}?start=art_{id}")
}

/// One part of an explanation with its actions.
pub fn item_view(
    pack: &Pack,
    id: &str,
    part: usize,
    lang: Lang,
    username: &str,
    editor: bool,
) -> Option<View> {
    let item = pack.item(id)?;
    let parts = item.parts(lang);
    let part = part.min(parts.len().saturating_sub(1));
    let mut rows = Vec::new();
    rows.extend(part_pager(part, parts.len(), |part| Callback::Item {
        id: id.to_owned(),
        part,
    }));
    if item.kind == Kind::Article || item.kind == Kind::Overview {
        rows.push(vec![button(
            t!(lang, "content-button-ask"),
            &Callback::AskAbout { item: id.to_owned() },
        )]);
    }
    if let Some(theme) = item.themes.first() {
        let filter = crate::domain::EventFilter {
            theme: Some(*theme),
            ..Default::default()
        };
        rows.push(vec![button(
            t!(lang, "content-button-events"),
            &Callback::Events { filter, page: 0 },
        )]);
    }
    for r in item.related.iter().filter_map(|r| pack.item(r)).take(3) {
        rows.push(vec![button(
            format!("→ {}", r.text(lang).title),
            &Callback::Item {
                id: r.id.clone(),
                part: 0,
            },
        )]);
    }
    if editor {
        // Editors record that they checked a language's part against the official text.
        rows.push(
            [Lang::Ru, Lang::Kk]
                .into_iter()
                .map(|l| {
                    button(
                        t!(lang, &format!("review-button-checked-{l}")),
                        &Callback::MarkChecked {
                            item: id.to_owned(),
                            lang: l,
                        },
                    )
                })
                .collect(),
        );
    }
    if let Ok(url) =
        url::Url::parse_with_params("https://t.me/share/url", [("url", share_link(username, id))])
    {
        rows.push(vec![InlineKeyboardButton::url(
            t!(lang, "content-button-share"),
            url,
        )]);
    }
    let back_to = match &item.section {
        Some(s) => Callback::Section {
            id: s.clone(),
            page: 0,
        },
        None => Callback::Sections { page: 0 },
    };
    rows.push(vec![back(lang, &back_to)]);
    Some(View {
        text: parts.get(part)?.clone(),
        markup: InlineKeyboardMarkup::new(rows),
    })
}

/// The seven themes.
pub fn themes_view(pack: &Pack, lang: Lang) -> View {
    let mut rows: Vec<_> = Theme::ALL
        .into_iter()
        .map(|th| {
            vec![button(
                format!("{} ({})", t!(lang, &th.name_key()), pack.on_theme(th).count()),
                &Callback::Theme { theme: th, page: 0 },
            )]
        })
        .collect();
    rows.push(vec![back(lang, &Callback::Sections { page: 0 })]);
    View {
        text: t!(lang, "content-themes-intro"),
        markup: InlineKeyboardMarkup::new(rows),
    }
}

/// The items on a theme.
pub fn theme_view(pack: &Pack, theme: Theme, lang: Lang, page: usize) -> View {
    let items: Vec<_> = pack.on_theme(theme).collect();
    let (shown, page) = page_of(&items, page);
    let mut rows: Vec<_> = shown
        .iter()
        .map(|i| {
            vec![button(
                i.text(lang).title.clone(),
                &Callback::Item {
                    id: i.id.clone(),
                    part: 0,
                },
            )]
        })
        .collect();
    rows.extend(pager(page, items.len(), |page| Callback::Theme { theme, page }));
    rows.push(vec![back(lang, &Callback::Themes)]);
    let text = t!(
        lang,
        "view-theme",
        theme = t!(lang, &theme.name_key()),
        items = t!(lang, "content-theme-items", count = items.len())
    );
    View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    }
}

/// The glossary, a page of terms with definitions.
pub fn glossary_view(pack: &Pack, lang: Lang, page: usize) -> View {
    let mut terms: Vec<_> = pack.glossary.iter().map(|t| t.text(lang)).collect();
    terms.sort_by_key(|t| t.term.to_lowercase());
    let (shown, page) = page_of(&terms, page);
    let body = shown
        .iter()
        .map(|t| {
            let definition =
                crate::content::markdown::render(&t.definition).unwrap_or_else(|_| escape(&t.definition));
            t!(
                lang,
                "view-glossary-term",
                term = escape(&t.term),
                definition = definition
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut rows = Vec::new();
    rows.extend(pager(page, terms.len(), |page| Callback::Glossary { page }));
    rows.push(vec![back(lang, &Callback::Sections { page: 0 })]);
    View {
        text: t!(
            lang,
            "view-glossary",
            title = t!(lang, "content-glossary-title"),
            terms = body
        ),
        markup: InlineKeyboardMarkup::new(rows),
    }
}

/// `/constitution` or the menu button.
pub async fn constitution(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let view = sections_view(&app.content.get(), ctx.lang, 0);
    show(&bot, ctx.chat, None, view).await
}

pub async fn themes(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    show(&bot, ctx.chat, None, themes_view(&app.content.get(), ctx.lang)).await
}

pub async fn glossary(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    show(
        &bot,
        ctx.chat,
        None,
        glossary_view(&app.content.get(), ctx.lang, 0),
    )
    .await
}

/// Opens an item as a new message (deep links, search results, `/article`).
pub async fn open_item(bot: &Tg, app: &App, ctx: &UserCtx, id: &str) -> HandlerResult {
    match item_view(
        &app.content.get(),
        id,
        0,
        ctx.lang,
        app.bot_username(),
        ctx.editor,
    ) {
        Some(view) => show(bot, ctx.chat, None, view).await,
        None => {
            bot.send_message(ctx.chat, t!(ctx.lang, "content-not-found"))
                .await?;
            Ok(())
        }
    }
}

/// A navigation button: the screen it names, in place.
pub async fn navigate(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    cb: Callback,
) -> HandlerResult {
    let pack = app.content.get();
    let lang = ctx.lang;
    let view = match cb {
        Callback::Sections { page } => Some(sections_view(&pack, lang, page.into())),
        Callback::Section { id, page } => section_view(&pack, &id, lang, page.into()),
        Callback::Item { id, part } => {
            item_view(&pack, &id, part.into(), lang, app.bot_username(), ctx.editor)
        }
        Callback::Themes => Some(themes_view(&pack, lang)),
        Callback::Theme { theme, page } => Some(theme_view(&pack, theme, lang, page.into())),
        Callback::Glossary { page } => Some(glossary_view(&pack, lang, page.into())),
        _ => None,
    };
    match view {
        Some(view) => show(&bot, ctx.chat, message, view).await,
        // An item removed by a reload since the button was shown.
        None => show(&bot, ctx.chat, None, sections_view(&pack, lang, 0)).await,
    }
}

/// Free text outside a flow: search the pack.
pub async fn search(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    state: State,
    msg: Message,
    text: String,
) -> HandlerResult {
    // Remember the text: "Ask the volunteers" turns it into a question without retyping.
    if matches!(state, State::Idle | State::SearchMiss { .. }) {
        dialogue
            .update(State::SearchMiss {
                text: text.clone(),
                message_id: msg.id.0,
            })
            .await?;
    }
    let pack = app.content.get();
    let hits = pack.search.search(&text, ctx.lang, 5);
    if hits.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "search-nothing"))
            .reply_markup(InlineKeyboardMarkup::new(vec![vec![button(
                t!(ctx.lang, "search-button-ask"),
                &Callback::AskSearched,
            )]]))
            .await?;
        return Ok(());
    }
    let mut definitions = Vec::new();
    let mut rows = Vec::new();
    for hit in &hits {
        match &hit.target {
            Target::Item(id) => {
                if let Some(item) = pack.item(id) {
                    rows.push(vec![button(
                        item.text(ctx.lang).title.clone(),
                        &Callback::Item {
                            id: id.clone(),
                            part: 0,
                        },
                    )]);
                }
            }
            Target::Article(n) => rows.push(vec![button(
                t!(ctx.lang, "law-button-article", number = *n),
                &Callback::Article {
                    number: *n as u16,
                    part: 0,
                },
            )]),
            Target::Term(id) => {
                if let Some(term) = pack.glossary.iter().find(|t| &t.id == id) {
                    let t = term.text(ctx.lang);
                    definitions.push(format!(
                        "📖 <b>{}</b> — {}",
                        escape(&t.term),
                        escape(&t.definition)
                    ));
                }
            }
        }
    }
    let mut text = t!(ctx.lang, "search-found");
    if !definitions.is_empty() {
        text = format!("{}\n\n{text}", definitions.join("\n\n"));
    }
    rows.push(vec![button(
        t!(ctx.lang, "search-button-ask"),
        &Callback::AskSearched,
    )]);
    bot.send_message(ctx.chat, text)
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// Inline mode: `@bot земля` in any chat lists explanations to post.
pub async fn inline_query(bot: Tg, app: Arc<App>, q: InlineQuery) -> HandlerResult {
    let stored = app
        .db
        .user(q.from.id.0 as i64)
        .await
        .ok()
        .flatten()
        .and_then(|u| u.lang);
    let lang = stored
        .or_else(|| Lang::from_telegram(q.from.language_code.as_deref()))
        .unwrap_or(Lang::Ru);
    let pack = app.content.get();
    let ids: Vec<String> = if q.query.trim().is_empty() {
        pack.items
            .iter()
            .filter(|i| i.kind != Kind::Section)
            .take(10)
            .map(|i| i.id.clone())
            .collect()
    } else {
        pack.search
            .search(&q.query, lang, 10)
            .into_iter()
            .filter_map(|h| match h.target {
                Target::Item(id) => Some(id),
                Target::Term(_) | Target::Article(_) => None,
            })
            .collect()
    };
    let mut results: Vec<InlineQueryResult> = Vec::new();
    // «ст. 9» / «9-бап»: the article itself first.
    if let Some(n) = crate::content::law::article_reference(&q.query)
        && let Some(view) = law::article_view(&pack, n, lang, 0)
        && let Ok(link) = format!("https://t.me/{}?start=a_{n}", app.bot_username()).parse()
    {
        let content =
            InputMessageContent::Text(InputMessageContentText::new(view.text).parse_mode(ParseMode::Html));
        results.push(InlineQueryResult::Article(
            InlineQueryResultArticle::new(
                format!("{}-a{n}", lang.code()),
                t!(lang, "law-button-article", number = n),
                content,
            )
            .reply_markup(InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::url(
                t!(lang, "content-button-open-bot"),
                link,
            )]])),
        ));
    }
    results.extend(ids.iter().filter_map(|id| pack.item(id)).filter_map(|item| {
        let text = item.text(lang);
        let content = InputMessageContent::Text(
            InputMessageContentText::new(item.parts(lang).first()?.clone()).parse_mode(ParseMode::Html),
        );
        let link = share_link(app.bot_username(), &item.id).parse().ok()?;
        let open = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::url(
            t!(lang, "content-button-open-bot"),
            link,
        )]]);
        Some(InlineQueryResult::Article(
            InlineQueryResultArticle::new(
                format!("{}-{}", lang.code(), item.id),
                text.title.clone(),
                content,
            )
            .description(text.summary.chars().take(200).collect::<String>())
            .reply_markup(open),
        ))
    }));
    bot.answer_inline_query(q.id, results).cache_time(60).await?;
    Ok(())
}
