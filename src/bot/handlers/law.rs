//! The Constitution's own text: `/article N`, the deep link `a_N`, «статья 9» / «9-бап» typed
//! as text, search hits on an article, and the list of a section's articles. An article shows its
//! text in the reader's language (paged when long), then the explanations that cover it and what
//! they say changed against 1995; without a loaded text, the official publication's link.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId},
};

use super::toc::sections_view;
use crate::{
    bot::{
        HandlerResult, Tg, UserCtx,
        callback::Callback,
        keyboards::{back, button},
    },
    content::{Pack, markdown},
    context::App,
    domain::{Lang, shorten, utf16_len},
    t,
    telegram_html::escape,
    ui::view::{View, page_of, pager, part_pager, show},
};

/// Room for the article's text in one message (UTF-16 units), leaving the heading, the
/// explanations and what changed their own room under Telegram's 4,096.
const TEXT_BUDGET: usize = 3_000;

/// The article's text cut into pages at line ends (a line longer than a page is cut at a
/// character boundary).
pub(crate) fn pages(text: &str) -> Vec<String> {
    let mut pages = vec![String::new()];
    for line in text.lines() {
        let mut line = line.to_owned();
        while utf16_len(&line) > TEXT_BUDGET {
            let cut = line
                .char_indices()
                .scan(0, |n, (i, c)| {
                    *n += c.len_utf16();
                    Some((i, *n))
                })
                .take_while(|(_, n)| *n <= TEXT_BUDGET)
                .last()
                .map_or(line.len(), |(i, _)| i);
            let rest = line.split_off(cut);
            pages.push(line);
            pages.push(String::new());
            line = rest;
        }
        let current = pages.last_mut().expect("never empty");
        if !current.is_empty() && utf16_len(current) + utf16_len(&line) + 1 > TEXT_BUDGET {
            pages.push(line);
        } else {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(&line);
        }
    }
    pages.retain(|p| !p.is_empty());
    if pages.is_empty() {
        pages.push(String::new());
    }
    pages
}

/// Article `n`, page `part`, in `lang`; `None` when the loaded text has no such article.
pub fn article_view(pack: &Pack, n: u32, lang: Lang, part: usize) -> Option<View> {
    let count = pack.law.article_count();
    if count > 0 && (n == 0 || n > count) {
        return None;
    }
    let explanations: Vec<_> = pack.for_article(n).collect();
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    let mut text;
    let mut last_page = true;
    match pack.law.text_or_other(lang) {
        Some(law) => {
            let article = law.article(n)?;
            let section = law.section(article.section);
            let pages = pages(&article.text);
            let part = part.min(pages.len() - 1);
            last_page = part + 1 == pages.len();
            text = t!(
                lang,
                "law-article",
                number = n,
                section = escape(section.map_or("", |s| s.heading.as_str())),
                text = escape(&pages[part])
            );
            if law.lang != lang {
                text.push_str("\n\n");
                text.push_str(&t!(lang, "law-other-language"));
            }
            rows.extend(part_pager(part, pages.len(), |part| Callback::Article {
                number: n as u16,
                part,
            }));
            let mut nav = Vec::new();
            if n > 1 {
                nav.push(button(
                    t!(lang, "law-button-previous", number = n - 1),
                    &Callback::Article {
                        number: (n - 1) as u16,
                        part: 0,
                    },
                ));
            }
            if n < count {
                nav.push(button(
                    t!(lang, "law-button-next", number = n + 1),
                    &Callback::Article {
                        number: (n + 1) as u16,
                        part: 0,
                    },
                ));
            }
            rows.push(nav);
            if let Some(section) = section {
                rows.push(vec![button(
                    t!(lang, "law-button-section", number = section.number),
                    &Callback::LawSection {
                        number: section.number as u16,
                        page: 0,
                    },
                )]);
            }
        }
        None => {
            let url = pack
                .document
                .sources
                .first()
                .map(|s| s.url.clone())
                .unwrap_or_default();
            text = t!(lang, "law-not-loaded", number = n, url = escape(&url));
        }
    }
    if last_page {
        if explanations.is_empty() {
            text.push_str("\n\n");
            text.push_str(&t!(lang, "law-no-explanation"));
        } else {
            text.push_str("\n\n");
            text.push_str(&t!(lang, "law-explanations"));
            for item in &explanations {
                let changes = &item.text(lang).changes;
                if changes.is_empty() {
                    continue;
                }
                let rendered = markdown::render(changes).unwrap_or_else(|_| escape(changes));
                let block = t!(
                    lang,
                    "law-changes",
                    title = escape(&item.text(lang).title),
                    changes = rendered
                );
                // What changed is shown when it fits; the explanation's button is always there.
                if utf16_len(&text) + utf16_len(&block) + 2 <= crate::telegram_html::MAX_MESSAGE_LEN {
                    text.push_str("\n\n");
                    text.push_str(&block);
                }
            }
        }
        for item in &explanations {
            rows.push(vec![button(
                item.text(lang).title.clone(),
                &Callback::Item {
                    id: item.id.clone(),
                    part: 0,
                },
            )]);
        }
    }
    rows.push(vec![back(lang, &Callback::Sections { page: 0 })]);
    rows.retain(|r| !r.is_empty());
    Some(View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    })
}

/// The articles of section `n` of the loaded text, as buttons.
pub fn section_view(pack: &Pack, n: u32, lang: Lang, page: usize) -> Option<View> {
    let law = pack.law.text_or_other(lang)?;
    let section = law.section(n)?;
    let articles: Vec<_> = law.articles.iter().filter(|a| a.section == n).collect();
    let (shown, page) = page_of(&articles, page);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = shown
        .iter()
        .map(|a| {
            let first = a.text.lines().next().unwrap_or_default();
            let label = shorten(&format!("{}. {first}", a.number), 40);
            vec![button(
                label,
                &Callback::Article {
                    number: a.number as u16,
                    part: 0,
                },
            )]
        })
        .collect();
    rows.extend(pager(page, articles.len(), |page| Callback::LawSection {
        number: n as u16,
        page,
    }));
    rows.push(vec![back(lang, &Callback::Sections { page: 0 })]);
    Some(View {
        text: t!(
            lang,
            "law-section",
            section = escape(&section.heading),
            count = articles.len()
        ),
        markup: InlineKeyboardMarkup::new(rows),
    })
}

/// Opens article `n` in a new message; says plainly when there is no such article.
pub async fn open(bot: &Tg, app: &App, ctx: &UserCtx, n: u32) -> HandlerResult {
    let pack = app.content.get();
    match article_view(&pack, n, ctx.lang, 0) {
        Some(view) => show(bot, ctx.chat, None, view).await,
        None => {
            bot.send_message(
                ctx.chat,
                t!(
                    ctx.lang,
                    "law-no-such-article",
                    number = n,
                    count = pack.law.article_count()
                ),
            )
            .await?;
            Ok(())
        }
    }
}

/// `/article N`.
pub async fn article(bot: Tg, app: Arc<App>, ctx: UserCtx, arg: String) -> HandlerResult {
    let Ok(n) = arg.trim().trim_start_matches('№').trim().parse::<u32>() else {
        bot.send_message(ctx.chat, t!(ctx.lang, "content-article-usage"))
            .await?;
        return Ok(());
    };
    open(&bot, &app, &ctx, n).await
}

/// «статья 9», «ст. 9», «9-бап» typed as a message.
pub async fn typed(bot: Tg, app: Arc<App>, ctx: UserCtx, reference: ArticleRef) -> HandlerResult {
    open(&bot, &app, &ctx, reference.0).await
}

/// An article number found in a message.
#[derive(Debug, Clone, Copy)]
pub struct ArticleRef(pub u32);

impl ArticleRef {
    pub fn from_message(msg: Message) -> Option<Self> {
        msg.text()
            .and_then(crate::content::law::article_reference)
            .map(Self)
    }
}

/// An article button or a section of the text: in place.
pub async fn navigate(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    cb: Callback,
) -> HandlerResult {
    let pack = app.content.get();
    let view = match cb {
        Callback::Article { number, part } => article_view(&pack, number.into(), ctx.lang, part.into()),
        Callback::LawSection { number, page } => section_view(&pack, number.into(), ctx.lang, page.into()),
        _ => None,
    };
    match view {
        Some(view) => show(&bot, ctx.chat, message, view).await,
        // The text changed since the button was shown.
        None => show(&bot, ctx.chat, None, sections_view(&pack, ctx.lang, 0)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_paged_within_budget() {
        let line = "😀 Каждый имеет право на жизнь, свободу и личную неприкосновенность.";
        let text = vec![line; 200].join("\n");
        let pages = pages(&text);
        assert!(pages.len() > 1);
        assert!(pages.iter().all(|p| utf16_len(p) <= TEXT_BUDGET));
        assert_eq!(pages.join("\n"), text, "nothing lost between pages");
        let one = "ж".repeat(TEXT_BUDGET * 2 + 5);
        let pages = super::pages(&one);
        assert_eq!(pages.concat(), one);
        assert!(pages.iter().all(|p| utf16_len(p) <= TEXT_BUDGET));
    }
}
