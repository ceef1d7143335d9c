//! Telegram's HTML dialect: validation (what Telegram would reject), visible length, and a
//! readable plain rendering for the terminal.
//!
//! Used by the content checker, by the fake Bot API (to reject what Telegram would) and by
//! chat mode (to print messages).

/// Telegram's limit on a message's text after entity parsing.
pub const MAX_MESSAGE_LEN: usize = 4096;

/// Why Telegram would refuse a piece of HTML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason} at byte {offset}")]
pub struct HtmlError {
    pub offset: usize,
    pub reason: String,
}

/// A piece of parsed HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(String),
    Open { name: &'a str, href: Option<String> },
    Close(&'a str),
}

const ALLOWED: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
];

fn unescape_entity(entity: &str) -> Option<char> {
    match entity {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let num = entity.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn unescape(s: &str, base: usize) -> Result<String, HtmlError> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|e| *e <= 10).ok_or_else(|| HtmlError {
            offset: base + (s.len() - rest.len()) + amp,
            reason: "`&` must be written &amp;".into(),
        })?;
        let c = unescape_entity(&after[..end]).ok_or_else(|| HtmlError {
            offset: base + (s.len() - rest.len()) + amp,
            reason: format!("unsupported entity &{};", &after[..end]),
        })?;
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn parse(html: &str) -> Result<Vec<Piece<'_>>, HtmlError> {
    let mut pieces = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut pos = 0;
    while pos < html.len() {
        let rest = &html[pos..];
        if let Some(stripped) = rest.strip_prefix('<') {
            let end = stripped.find('>').ok_or_else(|| HtmlError {
                offset: pos,
                reason: "`<` must be written &lt;".into(),
            })?;
            let inner = &stripped[..end];
            if let Some(name) = inner.strip_prefix('/') {
                let name = name.trim();
                match stack.pop() {
                    Some(open) if open == name => pieces.push(Piece::Close(name)),
                    Some(open) => {
                        return Err(HtmlError {
                            offset: pos,
                            reason: format!("</{name}> closes <{open}>"),
                        });
                    }
                    None => {
                        return Err(HtmlError {
                            offset: pos,
                            reason: format!("</{name}> was never opened"),
                        });
                    }
                }
            } else {
                let (name, attrs) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
                if !ALLOWED.contains(&name) {
                    return Err(HtmlError {
                        offset: pos,
                        reason: format!("tag <{name}> is not allowed by Telegram"),
                    });
                }
                let href = if name == "a" {
                    let value = attr(attrs, "href").ok_or_else(|| HtmlError {
                        offset: pos,
                        reason: "<a> needs href=\"...\"".into(),
                    })?;
                    Some(unescape(value, pos)?)
                } else {
                    None
                };
                stack.push(name);
                pieces.push(Piece::Open { name, href });
            }
            pos += end + 2;
        } else {
            let next = rest.find('<').unwrap_or(rest.len());
            if rest[..next].contains('>') {
                return Err(HtmlError {
                    offset: pos + rest.find('>').unwrap_or(0),
                    reason: "`>` must be written &gt;".into(),
                });
            }
            pieces.push(Piece::Text(unescape(&rest[..next], pos)?));
            pos += next;
        }
    }
    if let Some(open) = stack.pop() {
        return Err(HtmlError {
            offset: html.len(),
            reason: format!("<{open}> is never closed"),
        });
    }
    Ok(pieces)
}

fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let start = attrs.find(&format!("{name}=\""))? + name.len() + 2;
    let len = attrs[start..].find('"')?;
    Some(&attrs[start..start + len])
}

/// Checks `html` as Telegram would and returns the visible text's length (UTF-16 units, as
/// Telegram counts).
pub fn validate(html: &str) -> Result<usize, HtmlError> {
    let pieces = parse(html)?;
    Ok(pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.encode_utf16().count(),
            _ => 0,
        })
        .sum())
}

/// The visible text of valid HTML, with link targets shown as `text <url>`; invalid HTML is
/// returned as it is.
pub fn to_plain(html: &str) -> String {
    let Ok(pieces) = parse(html) else {
        return html.to_owned();
    };
    let mut out = String::new();
    let mut links: Vec<Option<String>> = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&t),
            Piece::Open { name, href } => {
                if name == "a" {
                    links.push(href);
                }
            }
            Piece::Close("a") => {
                if let Some(Some(href)) = links.pop()
                    && !out.ends_with(&href)
                {
                    out.push_str(&format!(" <{href}>"));
                }
            }
            Piece::Close(_) => {}
        }
    }
    out
}

/// Telegram's limit on a photo's caption after entity parsing.
pub const MAX_CAPTION_LEN: usize = 1024;

/// Renders a message around user text `quote` so that it fits `limit` visible UTF-16 units:
/// `render` gets the escaped quote; when the whole does not fit, the quote is shortened with
/// "…" (the rest of the message is never cut).
pub fn fit(limit: usize, quote: &str, render: impl Fn(&str) -> String) -> String {
    let full = render(&escape(quote));
    let Ok(len) = validate(&full) else {
        return full;
    };
    if len <= limit {
        return full;
    }
    let over = len - limit;
    let keep = crate::domain::utf16_len(quote).saturating_sub(over);
    render(&escape(&crate::domain::shorten(quote, keep)))
}

/// Escapes user text for inclusion in HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn accepts_telegram_tags_and_counts_visible_text() {
        assert_eq!(
            validate("<b>Hi</b> &amp; <a href=\"https://t.me/x?a=1&amp;b=2\">there</a>"),
            Ok(10)
        );
        assert_eq!(validate("Қазақ"), Ok(5));
    }

    #[test]
    fn rejects_what_telegram_rejects() {
        for bad in [
            "<b>x",
            "<b>x</i>",
            "<div>x</div>",
            "a < b",
            "x & y",
            "&nbsp;",
            "</b>",
            "<a>x</a>",
            "a > b",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plain_rendering_shows_link_targets() {
        assert_eq!(
            to_plain("<b>Read</b> <a href=\"https://adilet.zan.kz\">the text</a>"),
            "Read the text <https://adilet.zan.kz>"
        );
    }

    proptest! {
        #[test]
        fn escaped_text_is_always_valid_and_keeps_its_length(s in "\\PC{0,200}") {
            let escaped = escape(&s);
            prop_assert_eq!(validate(&escaped), Ok(s.encode_utf16().count()));
            prop_assert_eq!(to_plain(&escaped), s);
        }
    }
}
