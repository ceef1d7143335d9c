//! The published FAQ, indexed for "similar questions": stemmed once, rebuilt when an entry is
//! published or taken down, not for every draft. Below `context` (which holds the index) and
//! free of storage: the rows come in as plain values.

use std::collections::HashSet;

use super::search;
use crate::domain::Lang;

/// The published FAQ, stemmed once.
#[derive(Debug, Default)]
pub struct FaqIndex {
    entries: Vec<(i64, Lang, String, HashSet<String>)>,
}

impl FaqIndex {
    /// Indexes published entries: `(id, language, public wording of the question)`.
    pub fn build(entries: impl IntoIterator<Item = (i64, Lang, String)>) -> Self {
        let entries = entries
            .into_iter()
            .map(|(id, lang, question)| {
                let terms = terms(&question);
                (id, lang, question, terms)
            })
            .collect();
        Self { entries }
    }

    /// Up to 3 entries similar to a question with `query`'s terms, in `lang` first.
    pub fn similar(&self, query: &HashSet<String>, lang: Lang) -> Vec<(i64, String)> {
        let mut scored: Vec<(f32, i64, String)> = self
            .entries
            .iter()
            .filter_map(|(id, entry_lang, question, terms)| {
                let common = query.intersection(terms).count() as f32;
                let score = common / (query.len().max(terms.len()) as f32).sqrt();
                let bonus = if *entry_lang == lang { 0.01 } else { 0.0 };
                (common >= 1.0 && score >= 0.5).then(|| (score + bonus, *id, question.clone()))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, id, q)| (id, q)).collect()
    }
}

/// The terms of `text` as the FAQ compares them.
pub fn terms(text: &str) -> HashSet<String> {
    search::terms(text, stemmer()).into_iter().collect()
}

/// The stemmer for FAQ terms in both languages: Kazakh has none here; `search::terms` folds its
/// letters to Russian ones, so the Russian stemmer trims the endings the two share.
fn stemmer() -> &'static rust_stemmers::Stemmer {
    static RU: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    RU.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Russian))
}
