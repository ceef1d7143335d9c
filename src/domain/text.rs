//! Text as Telegram measures it and as people type it.
//!
//! Lengths are UTF-16 code units, as Telegram counts: an emoji is one character to some counters
//! and two units to Telegram, so UTF-16 is the safe over-count. Folding: many Kazakh speakers
//! type on a Russian layout, so ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и (and ё→е) make both
//! spellings compare equal.

/// Length as Telegram counts it (UTF-16 code units).
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `s` cut to at most `max` UTF-16 units, ending in "…" when anything was cut (never inside a
/// character; trailing spaces before the "…" go).
pub fn shorten(s: &str, max: usize) -> String {
    if utf16_len(s) <= max {
        return s.to_owned();
    }
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_owned();
    if max > 0 {
        out.push('…');
    }
    out
}

/// One letter folded to its Russian look-alike (lowercase input).
pub fn fold_char(c: char) -> char {
    match c {
        'ә' => 'а',
        'ғ' => 'г',
        'қ' => 'к',
        'ң' => 'н',
        'ө' => 'о',
        'ұ' | 'ү' => 'у',
        'һ' => 'х',
        'і' => 'и',
        'ё' => 'е',
        c => c,
    }
}

/// Characters that make a spreadsheet run a cell as a formula when they start it.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell safe to open in Excel: text that would run as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or CR) is written as text, with a leading apostrophe.
pub fn csv_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_START) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The cell as it was before [`csv_text`]: export then import changes nothing.
pub fn csv_untext(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => s,
    }
}

/// Lowercased and folded.
pub fn fold(s: &str) -> String {
    s.to_lowercase().chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{shorten, utf16_len};

    #[test]
    fn formulas_become_text_and_come_back() {
        for f in ["=1+1", "+7 777", "-", "@SUM(A1)", "\tx", "\rx"] {
            let safe = super::csv_text(f);
            assert!(safe.starts_with('\''), "{f}");
            assert_eq!(super::csv_untext(&safe), f);
        }
        assert_eq!(super::csv_text("Встреча"), "Встреча");
        assert_eq!(super::csv_untext("'обычный"), "'обычный");
    }

    #[test]
    fn emoji_count_twice_and_shortening_never_splits_one() {
        assert_eq!(utf16_len("😀а"), 3);
        assert_eq!(shorten("😀😀😀", 4), "😀…");
        assert_eq!(shorten("короткий", 100), "короткий");
    }

    proptest! {
        #[test]
        fn shortened_text_fits(s in "\\PC{0,300}", max in 0usize..200) {
            let out = shorten(&s, max);
            prop_assert!(utf16_len(&out) <= max);
            if utf16_len(&s) <= max {
                prop_assert_eq!(out, s);
            }
        }
    }

    #[test]
    fn kazakh_letters_fold_to_russian_look_alikes() {
        assert_eq!(super::fold("Халық Кеңесі Ёлка"), "халык кенеси елка");
    }
}
