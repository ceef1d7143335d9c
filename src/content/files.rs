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
        Some(("drafts", rest)) => rest
            .split_once('/')
            .is_some_and(|(id, name)| !id.is_empty() && matches!(name, "draft.toml" | "ru.toml" | "kk.toml")),
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
        // Drafts in discussion: drafts/<id>/{draft,ru,kk}.toml.
        if let Ok(entries) = std::fs::read_dir(dir.join("drafts")) {
            let mut ids: Vec<String> = entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            ids.sort();
            for id in ids {
                read(format!("drafts/{id}/draft.toml"), true);
                read(format!("drafts/{id}/ru.toml"), false);
                read(format!("drafts/{id}/kk.toml"), false);
            }
        }
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

/// Limits on a zip an editor sends, checked before anything is unpacked.
pub const ZIP_MAX_BYTES: u64 = 20 * 1024 * 1024;
pub const ZIP_MAX_FILES: usize = 2_000;

impl PackFiles {
    /// The files as a zip (the pack's folder layout, deflated).
    pub fn to_zip(&self) -> std::io::Result<Vec<u8>> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (rel, text) in &self.files {
            zip.start_file(rel.as_str(), options)
                .map_err(std::io::Error::other)?;
            zip.write_all(text.as_bytes())?;
        }
        Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
    }

    /// A pack from a zip: of the pack's folder or of its contents. Every entry is checked
    /// first (no absolute paths, no `..`, no links, at most [`ZIP_MAX_FILES`] entries and
    /// [`ZIP_MAX_BYTES`] unpacked); files that are not part of a pack (`__MACOSX/`, dot files)
    /// are skipped. Problems name the zip (`name`) and the entry.
    pub fn from_zip(bytes: &[u8], name: &str) -> Result<Self, Vec<Problem>> {
        use std::io::Read;
        let problem = |entry: &str, message: String| Problem {
            file: PathBuf::from(if entry.is_empty() {
                name.to_owned()
            } else {
                format!("{name}/{entry}")
            }),
            line: 0,
            message,
        };
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| vec![problem("", format!("not a zip file: {e}"))])?;
        if archive.len() > ZIP_MAX_FILES {
            return Err(vec![problem(
                "",
                format!("{} files: at most {ZIP_MAX_FILES}", archive.len()),
            )]);
        }
        let mut problems = Vec::new();
        let mut entries = Vec::new();
        let mut total = 0u64;
        for i in 0..archive.len() {
            let entry = match archive.by_index_raw(i) {
                Ok(e) => e,
                Err(e) => {
                    problems.push(problem("", format!("entry {i}: {e}")));
                    continue;
                }
            };
            let path = entry.name().replace('\\', "/");
            if path.starts_with('/') || path.split('/').any(|p| p == "..") || path.contains(':') {
                problems.push(problem(
                    &path,
                    "a path outside the pack (absolute or with ..)".into(),
                ));
                continue;
            }
            if entry.is_symlink() {
                problems.push(problem(&path, "a link: send the file itself".into()));
                continue;
            }
            total = total.saturating_add(entry.size());
            if entry.is_dir() {
                continue;
            }
            entries.push((i, path));
        }
        if total > ZIP_MAX_BYTES {
            problems.push(problem(
                "",
                format!("{total} bytes unpacked: at most {ZIP_MAX_BYTES}"),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // A zip of the folder (`content/items/x.md`) or of its contents (`items/x.md`).
        let skipped = |p: &str| p.starts_with("__MACOSX/") || p.split('/').any(|s| s.starts_with('.'));
        let kept: Vec<&(usize, String)> = entries.iter().filter(|(_, p)| !skipped(p)).collect();
        let prefix = kept
            .iter()
            .find_map(|(_, p)| p.strip_suffix("document.toml"))
            .unwrap_or("")
            .to_owned();
        let mut files = Self::new(name);
        let mut left = ZIP_MAX_BYTES;
        for (i, path) in kept {
            let Some(rel) = path.strip_prefix(&prefix) else {
                continue;
            };
            if !is_pack_path(rel) {
                continue;
            }
            let mut text = String::new();
            let read = archive.by_index(*i).map_err(|e| e.to_string()).and_then(|f| {
                // The declared size can lie: never read past the limit.
                f.take(left + 1)
                    .read_to_string(&mut text)
                    .map_err(|_| "not UTF-8 text".to_owned())
            });
            match read {
                Ok(n) if n as u64 > left => {
                    problems.push(problem(path, format!("more than {ZIP_MAX_BYTES} bytes unpacked")));
                    break;
                }
                Ok(n) => {
                    left -= n as u64;
                    files.insert(rel, text);
                }
                Err(e) => problems.push(problem(path, e)),
            }
        }
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(problems)
        }
    }

    /// A fingerprint of the files (to notice that `CONTENT_DIR` changed).
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for (rel, text) in &self.files {
            hash.update(rel.as_bytes());
            hash.update([0]);
            hash.update(text.as_bytes());
            hash.update([0]);
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}
