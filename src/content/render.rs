//! An item as Telegram messages: title, summary, explanation, what changes, FAQ, source, phase
//! and review status, split between blocks so each message fits Telegram's limit.

use super::{
    markdown,
    pack::{Document, Item, Kind, KkReview, MAX_LEN, Phase, Review},
};
use crate::{
    domain::Lang,
    t,
    telegram_html::{self, escape},
};

/// The phase line shown under every explanation, from `document.toml`'s dates.
pub fn phase_line(document: &Document, lang: Lang) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_default();
    match document.phase {
        Phase::Draft => t!(
            lang,
            "content-phase-draft",
            published = document.draft_published_on.format("%d.%m.%Y").to_string()
        ),
        Phase::Adopted => t!(
            lang,
            "content-phase-adopted",
            adopted = date(document.adopted_on),
            in_force = date(document.in_force_on)
        ),
        Phase::InForce => t!(
            lang,
            "content-phase-in-force",
            adopted = date(document.adopted_on),
            in_force = date(document.in_force_on)
        ),
    }
}

/// The HTML blocks of an item in `lang`, in reading order.
fn blocks(item: &Item, document: &Document, lang: Lang) -> Result<Vec<String>, String> {
    let text = item.text(lang);
    let md = |s: &str| markdown::render_blocks(s).map_err(|e| e.message);
    let mut out = Vec::new();

    let mut head = format!("<b>{}</b>", escape(&text.title));
    if !item.articles.is_empty() {
        let list = item
            .articles
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        head.push('\n');
        head.push_str(&t!(
            lang,
            "content-articles",
            count = item.articles.len(),
            list = list
        ));
    }
    out.push(head);
    out.push(format!("<i>{}</i>", escape(&text.summary)));
    if item.time_sensitive {
        out.push(t!(
            lang,
            "content-as-of",
            date = item.as_of.format("%d.%m.%Y").to_string()
        ));
    }
    out.extend(md(&text.body)?);
    if !text.changes.is_empty() {
        let mut changes = md(&text.changes)?;
        if let Some(first) = changes.first_mut() {
            *first = format!("<b>{}</b>\n{first}", t!(lang, "content-changes"));
        }
        out.extend(changes);
    }
    for (i, faq) in text.faq.iter().enumerate() {
        let answer = md(&faq.a)?.join("\n");
        let heading = if i == 0 {
            format!("<b>{}</b>\n", t!(lang, "content-faq"))
        } else {
            String::new()
        };
        out.push(format!("{heading}<b>❓ {}</b>\n{answer}", escape(&faq.q)));
    }
    let mut footer = vec![
        t!(lang, "content-source", url = escape(&item.source)),
        phase_line(document, lang),
    ];
    if item.status == Review::Draft && item.kind != Kind::Section {
        footer.push(t!(lang, "content-draft"));
    }
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_default();
    match lang {
        Lang::Ru if item.status == Review::Reviewed => footer.push(t!(
            lang,
            "content-reviewed",
            who = escape(&item.reviewed_by),
            date = date(item.reviewed_on)
        )),
        Lang::Kk if item.kk_status == KkReview::Reviewed && !item.kk_reviewed_by.is_empty() => {
            footer.push(t!(
                lang,
                "content-reviewed",
                who = escape(&item.kk_reviewed_by),
                date = date(item.kk_reviewed_on)
            ))
        }
        _ => {}
    }
    if lang == Lang::Kk && item.kk_status == KkReview::Unreviewed {
        footer.push(t!(lang, "content-kk-unreviewed"));
    }
    out.push(format!("<i>{}</i>", footer.join("\n")));
    Ok(out)
}

/// The messages of an item in `lang`: blocks packed greedily, each valid and within 4096.
pub fn item_parts(item: &Item, document: &Document, lang: Lang) -> Result<Vec<String>, String> {
    pack_blocks(blocks(item, document, lang)?)
}

/// Packs blocks into messages of at most Telegram's limit, breaking only between blocks.
pub fn pack_blocks(blocks: Vec<String>) -> Result<Vec<String>, String> {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for block in blocks {
        let len =
            telegram_html::validate(&block).map_err(|e| format!("renders to HTML Telegram rejects: {e}"))?;
        if len > MAX_LEN {
            return Err(format!(
                "a paragraph of {len} characters is longer than a Telegram message ({MAX_LEN}); split it"
            ));
        }
        if !cur.is_empty() && cur_len + 2 + len > MAX_LEN {
            parts.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if !cur.is_empty() {
            cur.push_str("\n\n");
            cur_len += 2;
        }
        cur.push_str(&block);
        cur_len += len;
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_split_between_blocks_and_every_part_fits() {
        let para = format!("<b>{}</b>", "а".repeat(1500));
        let parts = pack_blocks(vec![para.clone(); 7]).unwrap();
        assert_eq!(parts.len(), 4, "two 1500-character blocks per message");
        for p in &parts {
            let len = telegram_html::validate(p).unwrap();
            assert!(len <= MAX_LEN, "{len}");
        }
        assert_eq!(
            parts.concat().matches("<b>").count(),
            7,
            "no block is lost or cut"
        );
    }

    #[test]
    fn an_oversized_paragraph_is_an_error() {
        let err = pack_blocks(vec!["я".repeat(5000)]).unwrap_err();
        assert!(err.contains("4096"), "{err}");
    }
}
