//! Search over the pack: titles, explanations, FAQ and glossary, in both languages.
//!
//! The pack is small (hundreds of texts), so the index lives in memory and is rebuilt with the
//! pack. Text and queries go through the same normalisation: lowercase, Kazakh letters folded
//! to their Russian look-alikes (people type Kazakh on Russian keyboards), Latin transliterated,
//! Russian words stemmed. Matching is exact stem, then prefix, then one or two typos.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::pack::{Item, Term};
use crate::domain::Lang;

/// What a hit points to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Item(String),
    Term(String),
    /// An article of the Constitution's own text.
    Article(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub target: Target,
    pub lang: Lang,
    pub score: f32,
}

#[derive(Debug)]
struct Doc {
    target: Target,
    lang: Lang,
}

/// The in-memory index.
#[derive(Debug)]
pub struct Index {
    docs: Vec<Doc>,
    /// stem → (doc, weight) postings.
    postings: HashMap<String, Vec<(usize, f32)>>,
    /// All stems, for prefix and typo matching.
    vocabulary: Vec<String>,
}

const STOPWORDS: &[&str] = &[
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "о",
    "об",
    "по",
    "за",
    "из",
    "к",
    "у",
    "не",
    "ли",
    "что",
    "как",
    "это",
    "а",
    "но",
    "для",
    "от",
    "до",
    "же",
    "бы",
    "ещё",
    "еще",
    "или",
    "то",
    "так",
    "мне",
    "меня",
    "я",
    "мы",
    "вы",
    "он",
    "она",
    "они",
    "его",
    "ее",
    "её",
    "их",
    "там",
    "тут",
    "есть",
    "будет",
    "при",
    "и",
    "мен",
    "бен",
    "пен",
    "жане",
    "бул",
    "ол",
    "не",
    "ма",
    "ме",
    "па",
    "пе",
    "ба",
    "бе",
    "да",
    "де",
    "та",
    "те",
    "ғой",
    "гой",
    "ушин",
    "туралы",
    "қалай",
    "калай",
    "кандай",
    "кім",
    "ким",
    "мен",
    "сен",
    "біз",
    "биз",
];

/// Lowercase, fold Kazakh letters and ё, transliterate Latin; returns the words.
pub fn normalize(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let translit = transliterate(&lower);
    translit
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(crate::domain::fold_char).collect())
        .collect()
}

/// Latin (official 2021 Kazakh alphabet and common Russian transliteration) to Cyrillic.
fn transliterate(s: &str) -> String {
    if !s.bytes().any(|b| b.is_ascii_alphabetic()) {
        return s.to_owned();
    }
    const PAIRS: &[(&str, &str)] = &[
        ("shch", "щ"),
        ("sh", "ш"),
        ("ch", "ч"),
        ("zh", "ж"),
        ("kh", "х"),
        ("ts", "ц"),
        ("ya", "я"),
        ("yu", "ю"),
        ("yo", "е"),
        ("á", "а"),
        ("ǵ", "г"),
        ("ń", "н"),
        ("ó", "о"),
        ("ú", "у"),
        ("ū", "у"),
        ("ı", "и"),
        ("ş", "ш"),
        ("ç", "ч"),
        ("a", "а"),
        ("b", "б"),
        ("c", "к"),
        ("d", "д"),
        ("e", "е"),
        ("f", "ф"),
        ("g", "г"),
        ("h", "х"),
        ("i", "и"),
        ("j", "ж"),
        ("k", "к"),
        ("l", "л"),
        ("m", "м"),
        ("n", "н"),
        ("o", "о"),
        ("p", "п"),
        ("q", "к"),
        ("r", "р"),
        ("s", "с"),
        ("t", "т"),
        ("u", "у"),
        ("v", "в"),
        ("w", "у"),
        ("x", "кс"),
        ("y", "ы"),
        ("z", "з"),
    ];
    let mut out = String::with_capacity(s.len() * 2);
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for (lat, cyr) in PAIRS {
            if rest.starts_with(lat) {
                out.push_str(cyr);
                rest = &rest[lat.len()..];
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Normalised, stemmed, stop words removed.
pub fn terms(text: &str, stemmer: &Stemmer) -> Vec<String> {
    normalize(text)
        .into_iter()
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| {
            let stem = stemmer.stem(&w).into_owned();
            // Very short stems lose too much: keep the word.
            if stem.chars().count() < 3 { w } else { stem }
        })
        .collect()
}

impl Index {
    pub fn build(items: &[Item], glossary: &[Term], law: &super::Law) -> Self {
        let stemmer = Stemmer::create(Algorithm::Russian);
        let mut docs = Vec::new();
        let mut postings: HashMap<String, HashMap<usize, f32>> = HashMap::new();
        let add =
            |doc: usize, text: &str, weight: f32, postings: &mut HashMap<String, HashMap<usize, f32>>| {
                for term in terms(text, &stemmer) {
                    let w = postings.entry(term).or_default().entry(doc).or_insert(0.0);
                    // The strongest field counts; repeats and other fields add a little.
                    *w = w.max(weight) + 0.1 * weight.min(*w);
                }
            };
        for item in items {
            for lang in Lang::ALL {
                let t = item.text(lang);
                let doc = docs.len();
                docs.push(Doc {
                    target: Target::Item(item.id.clone()),
                    lang,
                });
                add(doc, &t.title, 4.0, &mut postings);
                add(doc, &t.summary, 2.0, &mut postings);
                // «статья 37», «37-бап»: the numbers of the articles it explains.
                let numbers: Vec<String> = item.articles.iter().map(u32::to_string).collect();
                add(doc, &numbers.join(" "), 3.0, &mut postings);
                for f in &t.faq {
                    add(doc, &f.q, 2.0, &mut postings);
                    add(doc, &f.a, 0.5, &mut postings);
                }
                add(doc, &t.body, 0.5, &mut postings);
                add(doc, &t.changes, 0.5, &mut postings);
            }
        }
        for text in [&law.ru, &law.kk].into_iter().flatten() {
            for article in &text.articles {
                let doc = docs.len();
                docs.push(Doc {
                    target: Target::Article(article.number),
                    lang: text.lang,
                });
                // Below the explanations: the plain-language item answers first.
                add(doc, &article.text, 0.4, &mut postings);
            }
        }
        for term in glossary {
            for lang in Lang::ALL {
                let t = term.text(lang);
                let doc = docs.len();
                docs.push(Doc {
                    target: Target::Term(term.id.clone()),
                    lang,
                });
                add(doc, &t.term, 4.0, &mut postings);
                add(doc, &t.definition, 0.5, &mut postings);
            }
        }
        let postings: HashMap<String, Vec<(usize, f32)>> = postings
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect();
        let mut vocabulary: Vec<String> = postings.keys().cloned().collect();
        vocabulary.sort();
        Self {
            docs,
            postings,
            vocabulary,
        }
    }

    /// Up to `limit` targets for `query`, best first: hits in `lang` before hits in the other language.
    pub fn search(&self, query: &str, lang: Lang, limit: usize) -> Vec<Hit> {
        let stemmer = Stemmer::create(Algorithm::Russian);
        let query_terms = terms(query, &stemmer);
        if query_terms.is_empty() {
            return Vec::new();
        }
        let n_docs = self.docs.len().max(1) as f32;
        let mut scores: HashMap<usize, f32> = HashMap::new();
        for q in &query_terms {
            // Best match quality per doc for this query term. One IDF for the term, from all the
            // documents its variants reach, so a rare misspelling never outweighs the real word.
            let expansions = self.expand(q);
            let reached: std::collections::HashSet<usize> = expansions
                .iter()
                .filter_map(|(term, _)| self.postings.get(*term))
                .flatten()
                .map(|(doc, _)| *doc)
                .collect();
            if reached.is_empty() {
                continue;
            }
            let idf = (n_docs / reached.len() as f32).ln() + 1.0;
            let mut best: HashMap<usize, f32> = HashMap::new();
            for (term, quality) in expansions {
                let Some(list) = self.postings.get(term) else {
                    continue;
                };
                for &(doc, weight) in list {
                    let s = weight * quality * idf;
                    let e = best.entry(doc).or_insert(0.0);
                    if s > *e {
                        *e = s;
                    }
                }
            }
            for (doc, s) in best {
                *scores.entry(doc).or_insert(0.0) += s;
            }
        }
        let mut hits: Vec<Hit> = scores
            .into_iter()
            .map(|(doc, score)| Hit {
                target: self.docs[doc].target.clone(),
                lang: self.docs[doc].lang,
                score,
            })
            .collect();
        hits.sort_by(|a, b| {
            (b.lang == lang)
                .cmp(&(a.lang == lang))
                .then(b.score.total_cmp(&a.score))
        });
        let mut seen = std::collections::HashSet::new();
        hits.retain(|h| seen.insert(h.target.clone()));
        // Within the cut, the user's language first but weak hits do not outrank strong ones:
        // keep hits scoring at least 30% of the best.
        let best = hits.iter().map(|h| h.score).fold(0.0, f32::max);
        hits.retain(|h| h.score >= best * 0.3);
        hits.truncate(limit);
        hits
    }

    /// Vocabulary terms matching `q`: exact (1.0), prefix (0.7), typo (0.6).
    fn expand<'a>(&'a self, q: &'a str) -> Vec<(&'a str, f32)> {
        let mut out = Vec::new();
        let q_len = q.chars().count();
        if let Some(t) = self.postings.get_key_value(q) {
            out.push((t.0.as_str(), 1.0));
        }
        // Prefix: the vocabulary is sorted, so matches are contiguous.
        if q_len >= 3 {
            let start = self.vocabulary.partition_point(|t| t.as_str() < q);
            for t in self.vocabulary[start..].iter().take_while(|t| t.starts_with(q)) {
                if t != q {
                    out.push((t.as_str(), 0.7));
                }
            }
        }
        if q_len >= 4 {
            let max = if q_len >= 8 { 2 } else { 1 };
            // Typos rarely hit the first letter: only words sharing it are compared (the
            // vocabulary is sorted, so they are contiguous), which keeps search fast.
            let first: String = q.chars().take(1).collect();
            let from = self.vocabulary.partition_point(|t| t.as_str() < first.as_str());
            let same_first = self.vocabulary[from..]
                .iter()
                .take_while(|t| t.starts_with(first.as_str()));
            for t in same_first {
                let t_len = t.chars().count();
                if t_len.abs_diff(q_len) > max || t == q {
                    continue;
                }
                let d = strsim::damerau_levenshtein(q, t);
                if d <= max {
                    out.push((t.as_str(), 0.6));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_letters_and_latin_fold_to_the_same_words() {
        assert_eq!(normalize("Халық Кеңесі"), normalize("халык кенеси"));
        assert_eq!(normalize("Жер"), normalize("zher"));
        assert_eq!(normalize("Ёлка"), ["елка"]);
    }

    #[test]
    fn russian_inflections_share_a_stem() {
        let s = Stemmer::create(Algorithm::Russian);
        assert_eq!(terms("маслихатов", &s), terms("маслихат", &s));
        assert_eq!(terms("Конституции", &s), terms("конституция", &s));
    }
}
