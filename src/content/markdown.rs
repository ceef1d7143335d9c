//! Markdown (a CommonMark subset) to Telegram HTML, block by block, so long texts can be split
//! between paragraphs and never inside a tag.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::telegram_html::escape;

/// A Markdown construct Telegram cannot show, with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub offset: usize,
    pub message: String,
}

/// Renders `md` to Telegram HTML blocks (paragraphs, lists, quotes…), in order.
pub fn render_blocks(md: &str) -> Result<Vec<String>, MarkdownError> {
    let mut blocks = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize; // nesting of block containers
    let mut lists: Vec<Option<u64>> = Vec::new();
    let fail = |offset: usize, message: &str| {
        Err(MarkdownError {
            offset,
            message: message.to_owned(),
        })
    };

    for (event, range) in
        Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).into_offset_iter()
    {
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Paragraph => {
                        if depth > 0
                            && !cur.is_empty()
                            && !cur.ends_with('\n')
                            && !cur.ends_with(' ')
                            && !cur.ends_with("<blockquote>")
                        {
                            cur.push('\n');
                        }
                    }
                    Tag::Heading { .. } => cur.push_str("<b>"),
                    Tag::BlockQuote(_) => cur.push_str("<blockquote>"),
                    Tag::CodeBlock(_) => cur.push_str("<pre>"),
                    Tag::List(start) => {
                        if !cur.is_empty() && !cur.ends_with('\n') {
                            cur.push('\n');
                        }
                        lists.push(*start);
                    }
                    Tag::Item => {
                        if !cur.is_empty() && !cur.ends_with('\n') {
                            cur.push('\n');
                        }
                        let indent = "  ".repeat(lists.len().saturating_sub(1));
                        match lists.last_mut() {
                            Some(Some(n)) => {
                                cur.push_str(&format!("{indent}{n}. "));
                                *n += 1;
                            }
                            _ => cur.push_str(&format!("{indent}• ")),
                        }
                    }
                    Tag::Emphasis => cur.push_str("<i>"),
                    Tag::Strong => cur.push_str("<b>"),
                    Tag::Strikethrough => cur.push_str("<s>"),
                    Tag::Link { dest_url, .. } => {
                        if !(dest_url.starts_with("https://")
                            || dest_url.starts_with("http://")
                            || dest_url.starts_with("tg://"))
                        {
                            return fail(range.start, "links must be absolute http(s) URLs");
                        }
                        cur.push_str(&format!("<a href=\"{}\">", escape(dest_url)));
                    }
                    Tag::Image { .. } => {
                        return fail(range.start, "images are not supported; link to them instead");
                    }
                    Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                        return fail(range.start, "tables are not supported by Telegram; use a list");
                    }
                    Tag::HtmlBlock => return fail(range.start, "raw HTML is not allowed; use Markdown"),
                    Tag::FootnoteDefinition(_)
                    | Tag::MetadataBlock(_)
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition
                    | Tag::Superscript
                    | Tag::Subscript => {
                        return fail(range.start, "unsupported Markdown construct");
                    }
                }
                if matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) {
                    depth += 1;
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::Heading(_) => cur.push_str("</b>"),
                    TagEnd::BlockQuote(_) => {
                        while cur.ends_with('\n') {
                            cur.pop();
                        }
                        cur.push_str("</blockquote>");
                    }
                    TagEnd::CodeBlock => {
                        while cur.ends_with('\n') {
                            cur.pop();
                        }
                        cur.push_str("</pre>");
                    }
                    TagEnd::List(_) => {
                        lists.pop();
                    }
                    TagEnd::Emphasis => cur.push_str("</i>"),
                    TagEnd::Strong => cur.push_str("</b>"),
                    TagEnd::Strikethrough => cur.push_str("</s>"),
                    TagEnd::Link => cur.push_str("</a>"),
                    _ => {}
                }
                if matches!(end, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) {
                    depth -= 1;
                }
                let block_end = matches!(
                    end,
                    TagEnd::Paragraph
                        | TagEnd::Heading(_)
                        | TagEnd::BlockQuote(_)
                        | TagEnd::CodeBlock
                        | TagEnd::List(_)
                );
                if block_end && depth == 0 {
                    let block = cur.trim().to_owned();
                    if !block.is_empty() {
                        blocks.push(block);
                    }
                    cur.clear();
                }
            }
            Event::Text(t) => cur.push_str(&escape(&t)),
            Event::Code(t) => {
                cur.push_str("<code>");
                cur.push_str(&escape(&t));
                cur.push_str("</code>");
            }
            Event::SoftBreak => cur.push(' '),
            Event::HardBreak => cur.push('\n'),
            Event::Rule => {
                if !cur.trim().is_empty() {
                    blocks.push(cur.trim().to_owned());
                }
                cur.clear();
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                return fail(range.start, "raw HTML is not allowed; use Markdown");
            }
            Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {
                return fail(range.start, "unsupported Markdown construct");
            }
        }
    }
    if !cur.trim().is_empty() {
        blocks.push(cur.trim().to_owned());
    }
    Ok(blocks)
}

/// Renders `md` to one piece of Telegram HTML (blocks separated by blank lines).
pub fn render(md: &str) -> Result<String, MarkdownError> {
    Ok(render_blocks(md)?.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telegram_html::validate;

    #[test]
    fn renders_the_supported_subset_to_valid_telegram_html() {
        let md = "## Что это\n\n**Жирный** и *курсив*, `код`, [ссылка](https://adilet.zan.kz?a=1&b=2).\nПродолжение.\n\n- один\n- два <тег> & всё\n\n1. первый\n2. второй\n\n> цитата";
        let blocks = render_blocks(md).unwrap();
        assert_eq!(blocks[0], "<b>Что это</b>");
        assert_eq!(
            blocks[1],
            "<b>Жирный</b> и <i>курсив</i>, <code>код</code>, <a href=\"https://adilet.zan.kz?a=1&amp;b=2\">ссылка</a>. Продолжение."
        );
        assert_eq!(blocks[2], "• один\n• два &lt;тег&gt; &amp; всё");
        assert_eq!(blocks[3], "1. первый\n2. второй");
        assert_eq!(blocks[4], "<blockquote>цитата</blockquote>");
        for b in &blocks {
            validate(b).unwrap();
        }
    }

    #[test]
    fn refuses_what_telegram_cannot_show() {
        for (md, what) in [
            ("<div>x</div>", "HTML"),
            ("a <b>x</b>", "HTML"),
            ("| a | b |\n|---|---|\n| 1 | 2 |", "table"),
            ("![x](https://e/x.png)", "image"),
            ("[x](relative)", "absolute"),
        ] {
            let err = render_blocks(md).unwrap_err();
            assert!(err.message.contains(what), "{md}: {err:?}");
        }
    }
}
