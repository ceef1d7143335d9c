//! The table of contents (the overview and the sections): where reading starts, and where every
//! reading screen falls back when what its button named is gone. Apart from the screens that
//! lead to it, so that they need not import each other.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::{
    bot::{callback::Callback, keyboards::button},
    content::{Kind, Pack, render},
    domain::Lang,
    t,
    telegram_html::escape,
    ui::view::{View, page_of, pager},
};

/// The table of contents: overview and sections.
pub fn sections_view(pack: &Pack, lang: Lang, page: usize) -> View {
    let doc = pack.document.text(lang);
    let entries: Vec<_> = pack.overview().into_iter().chain(pack.sections()).collect();
    let (shown, page) = page_of(&entries, page);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = shown
        .iter()
        .map(|item| {
            let title = &item.text(lang).title;
            match item.kind {
                Kind::Section => vec![button(
                    title.clone(),
                    &Callback::Section {
                        id: item.id.clone(),
                        page: 0,
                    },
                )],
                _ => vec![button(
                    format!("📌 {title}"),
                    &Callback::Item {
                        id: item.id.clone(),
                        part: 0,
                    },
                )],
            }
        })
        .collect();
    rows.extend(pager(page, entries.len(), |page| Callback::Sections { page }));
    rows.push(vec![
        button(t!(lang, "content-button-themes"), &Callback::Themes),
        button(
            t!(lang, "content-button-glossary"),
            &Callback::Glossary { page: 0 },
        ),
    ]);
    if let Some(source) = pack.document.sources.first()
        && let Ok(url) = source.url.parse()
    {
        rows.push(vec![InlineKeyboardButton::url(
            t!(lang, "content-button-official"),
            url,
        )]);
    }
    let text = t!(
        lang,
        "view-sections",
        title = escape(&doc.title),
        phase = render::phase_line(&pack.document, lang),
        intro = t!(lang, "content-sections-intro")
    );
    View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    }
}
