//! A pack as a set of text files, wherever it comes from: `CONTENT_DIR`, a file or a zip an
//! editor sent, or a published version kept in the database. The loader reads only from here,
//! so every source is checked by the same rules.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use super::Problem;

/// The files a pack is made of, by path relative to the pack's root (`/`-separated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackFiles {
    /// Shown in front of relative paths in problems (`content/items/x.md:3`).
    pub root: PathBuf,
    files: BTreeMap<String, String>,
}

/// Whether a relative path is one the pack is made of.
pub fn is_pack_path(rel: &str) -> bool {
    match rel.split_once('/') {
        None => matches!(rel, "document.toml" | "glossary.toml" | "README.md"),
        Some(("items", name)) => !name.contains('/') && name.ends_with(".md"),
        Some(("law", name)) => matches!(name, "ru.toml" | "kk.toml"),
        _ => false,
    }
}

impl PackFiles {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            files: BTreeMap::new(),
        }
    }

    /// Reads the pack's files from `dir` (other files there are not part of it).
    pub fn from_dir(dir: &Path) -> Result<Self, Vec<Problem>> {
        let mut files = Self::new(dir);
        let mut problems = Vec::new();
        let mut read = |rel: String, required: bool| {
            let path = dir.join(&rel);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    files.files.insert(rel, text);
                }
                Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => problems.push(Problem {
                    file: path,
                    line: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        };
        read("document.toml".into(), true);
        read("glossary.toml".into(), true);
        read("README.md".into(), false);
        read("law/ru.toml".into(), false);
        read("law/kk.toml".into(), false);
        match std::fs::read_dir(dir.join("items")) {
            Ok(entries) => {
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".md"))
                    .collect();
                names.sort();
                for name in names {
                    read(format!("items/{name}"), true);
                }
            }
            Err(e) => problems.push(Problem {
                file: dir.join("items"),
                line: 0,
                message: format!("cannot read: {e}"),
            }),
        }
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(problems)
        }
    }

    pub fn get(&self, rel: &str) -> Option<&str> {
        self.files.get(rel).map(String::as_str)
    }

    pub fn insert(&mut self, rel: impl Into<String>, text: impl Into<String>) {
        self.files.insert(rel.into(), text.into());
    }

    pub fn remove(&mut self, rel: &str) -> Option<String> {
        self.files.remove(rel)
    }

    /// Every file, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The item files (`items/*.md`), sorted.
    pub fn items(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter().filter(|(rel, _)| rel.starts_with("items/"))
    }

    /// The path shown for a file in problems.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes the files into `dir` (which must exist).
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        for (rel, text) in &self.files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        Ok(())
    }
}
