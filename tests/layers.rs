//! Layering: `lib.rs` says imports between the crate's top-level modules only go down. This
//! reads every file under `src/`, finds which top-level module it belongs to (`src/foo.rs` or
//! `src/foo/…`) and which top-level modules it names (`crate::x`, `use crate::{x, y::{…}}`,
//! `$crate::x`, `super::` paths that climb to the crate root, and the crate-root macros such as
//! `t!` as the module that defines them), and fails on any cycle in that graph.
//!
//! Comments and string literals are skipped, so a doc link or a message naming a module is not
//! an import. No dependency: a small tokenizer is enough for the crate's own sources.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

/// Edges that are known to close a cycle, each with the reason it is tolerated for now. Every
/// entry is temporary: the test fails when an entry no longer matches an import, so that it
/// is deleted together with the import.
const KNOWN_BACK_EDGES: &[(&str, &str, &str)] = &[];

/// One token of Rust source, as far as paths are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `$crate`.
    DollarCrate,
    /// `::`.
    PathSep,
    Punct(char),
}

/// Splits `src` into tokens with their line numbers, dropping comments, string, byte-string,
/// raw-string and char literals, lifetimes and numbers.
fn tokenize(src: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && at(i + 1) == 'r')) && {
            let mut j = i + if c == 'b' { 2 } else { 1 };
            while at(j) == '#' {
                j += 1;
            }
            at(j) == '"'
        } {
            // Raw string: r"…", r#"…"#, br##"…"##.
            i += if c == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while at(i) == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1; // the opening quote
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    i += 1 + hashes;
                    break;
                }
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') || (c == 'c' && at(i + 1) == '"') {
            i += if c == '"' { 1 } else { 2 };
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            // A char literal ('x', '\n', '\u{…}', b'x') or a lifetime ('a, 'static).
            let start = if c == 'b' { i + 1 } else { i };
            if at(start + 1) == '\\' {
                // The escaped character, then up to the closing quote (`'\u{…}'`).
                let mut j = start + 3;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if at(start + 2) == '\'' {
                i = start + 3;
            } else {
                // A lifetime: skip the quote, the name is an ordinary identifier after it.
                i = start + 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_ascii_digit() {
            while at(i).is_alphanumeric() || at(i) == '_' || at(i) == '.' && at(i + 1).is_ascii_digit() {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let mut word: String = chars[start..i].iter().collect();
            // `r#ident`
            if word == "r" && at(i) == '#' && (at(i + 1).is_alphabetic() || at(i + 1) == '_') {
                i += 1;
                let start = i;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
                word = chars[start..i].iter().collect();
            }
            out.push((Tok::Ident(word), line));
        } else if c == '$' && chars[i + 1..].starts_with(&['c', 'r', 'a', 't', 'e']) {
            i += 6;
            out.push((Tok::DollarCrate, line));
        } else if c == ':' && at(i + 1) == ':' {
            i += 2;
            out.push((Tok::PathSep, line));
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// Where one top-level module names another.
#[derive(Debug, Clone)]
struct Use {
    file: PathBuf,
    line: usize,
}

/// The top-level modules named in `tokens`, read from a file whose module path is `path`
/// (`["bot", "handlers", "law"]` for `src/bot/handlers/law.rs`). `modules` are the crate's
/// top-level modules, `macros` the crate-root macros and the module defining each.
fn references(
    tokens: &[(Tok, usize)],
    path: &[String],
    modules: &BTreeSet<String>,
    macros: &BTreeMap<String, String>,
) -> Vec<(String, usize)> {
    let ident = |i: usize| match tokens.get(i) {
        Some((Tok::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let is = |i: usize, t: &Tok| tokens.get(i).map(|(x, _)| x) == Some(t);
    let mut found = Vec::new();
    let name = |i: usize, found: &mut Vec<(String, usize)>| {
        let Some(n) = ident(i) else { return };
        let line = tokens[i].1;
        if modules.contains(n) {
            found.push((n.to_owned(), line));
        } else if let Some(m) = macros.get(n) {
            found.push((m.clone(), line));
        }
    };
    // Inline `mod x { … }` blocks deepen the module path for `super::`.
    let mut inline_mods: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].0 {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline_mods.last() == Some(&depth) {
                    inline_mods.pop();
                }
            }
            Tok::Ident(m) if m == "mod" && ident(i + 1).is_some() && is(i + 2, &Tok::Punct('{')) => {
                inline_mods.push(depth);
                depth += 1;
                i += 3;
                continue;
            }
            // A crate-root macro used by its textual name (`t!`, not `x::t!`).
            Tok::Ident(s)
                if macros.contains_key(s.as_str())
                    && is(i + 1, &Tok::Punct('!'))
                    && !(i > 0 && is(i - 1, &Tok::PathSep)) =>
            {
                name(i, &mut found);
            }
            _ => {}
        }
        let root_path = match &tokens[i].0 {
            Tok::Ident(s) if s == "crate" => true,
            Tok::DollarCrate => true,
            Tok::Ident(s) if s == "super" && !(i > 0 && is(i - 1, &Tok::PathSep)) => {
                // `super::super::…`: climbs to the root when it climbs past the file's path.
                let mut j = i;
                let mut ups = 0;
                while ident(j) == Some("super") && is(j + 1, &Tok::PathSep) {
                    ups += 1;
                    j += 2;
                }
                if ups > 0 && ups >= path.len() + inline_mods.len() {
                    i = j - 2;
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if root_path && is(i + 1, &Tok::PathSep) {
            if is(i + 2, &Tok::Punct('{')) {
                // `crate::{a, b::{c, d}, e}`: the first segment of each item at the outer level.
                let mut level = 0;
                let mut j = i + 2;
                let mut expect_item = false;
                while j < tokens.len() {
                    match &tokens[j].0 {
                        Tok::Punct('{') => {
                            level += 1;
                            if level == 1 {
                                expect_item = true;
                            }
                        }
                        Tok::Punct('}') => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        Tok::Punct(',') if level == 1 => expect_item = true,
                        Tok::Ident(_) if level == 1 && expect_item => {
                            name(j, &mut found);
                            expect_item = false;
                        }
                        _ => {
                            if level == 1 {
                                expect_item = false;
                            }
                        }
                    }
                    j += 1;
                }
            } else {
                name(i + 2, &mut found);
            }
        }
        i += 1;
    }
    found
}

/// `src/` of this crate.
fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under `src/`: `src/bot/mod.rs` → `["bot"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The crate's top-level modules, as `lib.rs` declares them.
fn top_level_modules(lib: &str) -> BTreeSet<String> {
    let tokens = tokenize(lib);
    let mut modules = BTreeSet::new();
    for (i, (tok, _)) in tokens.iter().enumerate() {
        if *tok == Tok::Ident("mod".into())
            && let (Some((Tok::Ident(name), _)), Some((Tok::Punct(';'), _))) =
                (tokens.get(i + 1), tokens.get(i + 2))
        {
            modules.insert(name.clone());
        }
    }
    modules
}

/// Whether the item after `before` carries `#[macro_export]` among its attributes (and doc
/// comments, which the tokenizer dropped).
fn exported(before: &[(Tok, usize)]) -> bool {
    let mut end = before.len();
    // Walk back over `#[…]` attributes.
    while end > 0 && before[end - 1].0 == Tok::Punct(']') {
        let mut level = 0;
        let mut start = end;
        while start > 0 {
            start -= 1;
            match before[start].0 {
                Tok::Punct(']') => level += 1,
                Tok::Punct('[') => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        if start == 0 || before[start - 1].0 != Tok::Punct('#') {
            return false;
        }
        if before.get(start + 1).map(|t| &t.0) == Some(&Tok::Ident("macro_export".into())) {
            return true;
        }
        end = start - 1;
    }
    false
}

/// The import graph between top-level modules: `from → to → where`.
type Graph = BTreeMap<String, BTreeMap<String, Vec<Use>>>;

/// Reads the crate: every file's references to other top-level modules.
fn graph_of(sources: &[(PathBuf, String)], lib: &str) -> Graph {
    let modules = top_level_modules(lib);
    assert!(!modules.is_empty(), "lib.rs declares no module");
    // `#[macro_export] macro_rules! name` lands at the crate root but belongs to its module.
    let mut macros = BTreeMap::new();
    for (rel, text) in sources {
        let tokens = tokenize(text);
        for (k, w) in tokens.windows(3).enumerate() {
            if w[0].0 == Tok::Ident("macro_rules".into())
                && w[1].0 == Tok::Punct('!')
                && let Tok::Ident(name) = &w[2].0
                && exported(&tokens[..k])
                && let Some(top) = module_path(rel).first()
            {
                macros.insert(name.clone(), top.clone());
            }
        }
    }
    let mut graph = Graph::new();
    for (rel, text) in sources {
        let path = module_path(rel);
        let Some(from) = path.first().filter(|m| modules.contains(*m)) else {
            continue;
        };
        for (to, line) in references(&tokenize(text), &path, &modules, &macros) {
            if to != *from {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to.clone())
                    .or_default()
                    .push(Use {
                        file: rel.clone(),
                        line,
                    });
            }
        }
    }
    graph
}

/// The strongly connected components of more than one module (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        if let Some(next) = graph.get(v) {
            for w in next {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    let nodes: BTreeSet<&str> = graph
        .iter()
        .flat_map(|(k, v)| std::iter::once(k.as_str()).chain(v.iter().map(String::as_str)))
        .collect();
    for v in nodes {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// What is wrong with `graph` once the known back edges are set aside: cycles, each with the
/// imports that make it, and known back edges that no longer exist.
fn problems(graph: &Graph, known: &[(&str, &str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (from, to, why) in known {
        if !graph.get(*from).is_some_and(|t| t.contains_key(*to)) {
            problems.push(format!(
                "`{from}` no longer imports `{to}`: delete its entry in KNOWN_BACK_EDGES ({why})"
            ));
        }
    }
    let edges: BTreeMap<String, BTreeSet<String>> = graph
        .iter()
        .map(|(from, to)| {
            let to = to
                .keys()
                .filter(|t| !known.iter().any(|(f, k, _)| f == from && k == *t))
                .cloned()
                .collect();
            (from.clone(), to)
        })
        .collect();
    for component in cycles(&edges) {
        let mut text = format!("import cycle between {}:", component.join(", "));
        for from in &component {
            for to in edges[from].iter().filter(|t| component.contains(t)) {
                let uses = &graph[from][to];
                let places: Vec<String> = uses
                    .iter()
                    .take(3)
                    .map(|u| format!("src/{}:{}", u.file.display(), u.line))
                    .collect();
                let more = uses.len().saturating_sub(3);
                text += &format!(
                    "\n  {from} → {to}: {}{}",
                    places.join(", "),
                    if more > 0 {
                        format!(" (+{more} more)")
                    } else {
                        String::new()
                    }
                );
            }
        }
        problems.push(text);
    }
    problems
}

fn crate_sources() -> (Vec<(PathBuf, String)>, String) {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let sources = files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            (path.strip_prefix(&src).unwrap().to_owned(), text)
        })
        .collect();
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    (sources, lib)
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let (sources, lib) = crate_sources();
    let graph = graph_of(&sources, &lib);
    // The reader found the crate's imports at all.
    assert!(
        graph.get("bot").is_some_and(|to| to.contains_key("storage")),
        "no `bot → storage` import found: {graph:?}"
    );
    let problems = problems(&graph, KNOWN_BACK_EDGES);
    assert!(
        problems.is_empty(),
        "imports between src/'s top-level modules must only go down (see lib.rs):\n{}",
        problems.join("\n")
    );
}

/// The reader itself, on small made-up crates, so a cycle cannot hide behind a parsing gap.
mod reader {
    use super::*;

    const LIB: &str = "pub mod a; pub(crate) mod b;\nmod c;\n#[cfg(test)] mod d { }";

    fn graph(files: &[(&str, &str)]) -> Graph {
        let sources: Vec<(PathBuf, String)> = files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
            .collect();
        graph_of(&sources, LIB)
    }

    fn edges(files: &[(&str, &str)]) -> Vec<(String, String)> {
        graph(files)
            .into_iter()
            .flat_map(|(from, to)| to.into_keys().map(move |t| (from.clone(), t)))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_owned(), b.to_owned())
    }

    #[test]
    fn groups_nested_and_over_lines() {
        let found = edges(&[(
            "a/x.rs",
            "use crate::{\n    b::{self, Y},\n    c::{z::{W}, V},\n};\nuse crate::{ self as s };",
        )]);
        assert_eq!(found, vec![pair("a", "b"), pair("a", "c")]);
    }

    #[test]
    fn nested_names_are_not_top_level() {
        // `a` inside `b::{…}` is b's own child, not the top-level `a`.
        assert_eq!(edges(&[("c.rs", "use crate::b::{a, c};")]), vec![pair("c", "b")]);
    }

    #[test]
    fn paths_in_code_macros_and_super() {
        let found = edges(&[
            ("a.rs", "fn f() { crate::b::g(); }"),
            (
                "b/mod.rs",
                "#[macro_export] macro_rules! m { () => { $crate::b::h() }; }",
            ),
            ("c.rs", "fn f() { let _ = m!(); }"),
            ("a/deep/x.rs", "use super::super::super::c::Z;"),
        ]);
        assert_eq!(found, vec![pair("a", "b"), pair("a", "c"), pair("c", "b")]);
    }

    #[test]
    fn comments_strings_and_visibility_are_not_imports() {
        let found = edges(&[(
            "a.rs",
            "//! See [`crate::b`].\n/* crate::c /* nested */ crate::c */\n\
             pub(crate) fn f<'x>(s: &'x str) -> char { let _ = \"crate::b\"; \
             let _ = r#\"crate::c\"#; let _ = b\"crate::b\"; '\"' }",
        )]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn super_within_an_inline_module_stays_in_the_file() {
        assert!(edges(&[("a.rs", "mod tests { use super::b; }")]).is_empty());
        assert_eq!(
            edges(&[("a.rs", "mod tests { use super::super::b; }")]),
            vec![pair("a", "b")]
        );
    }

    #[test]
    fn a_cycle_fails_and_names_its_imports() {
        let g = graph(&[
            ("a.rs", "use crate::b::X;"),
            ("b/y.rs", "\n\nfn f() { crate::c::g() }"),
            ("c.rs", "use crate::{a};"),
        ]);
        let problems = problems(&g, &[]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("a, b, c"), "{}", problems[0]);
        assert!(problems[0].contains("b → c: src/b/y.rs:3"), "{}", problems[0]);
    }

    #[test]
    fn a_known_back_edge_is_allowed_until_it_goes() {
        let g = graph(&[("a.rs", "use crate::b::X;"), ("b.rs", "use crate::a::Y;")]);
        assert!(problems(&g, &[("b", "a", "test")]).is_empty());
        let g = graph(&[("a.rs", "use crate::b::X;")]);
        let problems = problems(&g, &[("b", "a", "test")]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("delete its entry"), "{}", problems[0]);
    }
}

/// `cargo test --test layers -- --ignored --nocapture graph`: the graph, for reading.
#[test]
#[ignore = "prints the import graph; asserts nothing"]
fn print_graph() {
    let (sources, lib) = crate_sources();
    for (from, to) in graph_of(&sources, &lib) {
        let to: Vec<&str> = to.keys().map(String::as_str).collect();
        println!("{from} → {}", to.join(", "));
    }
}
