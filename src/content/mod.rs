//! The explanation pack: loaded from `CONTENT_DIR` (never compiled in), validated completely,
//! rendered to Telegram HTML and indexed for search. Editors change text; code reads it.

pub mod drafts;
pub(crate) mod faq;
pub mod files;
pub mod law;
pub mod markdown;
mod pack;
pub mod render;
pub mod search;

use std::sync::{Arc, RwLock};

pub use files::PackFiles;
pub use pack::{
    Document, Item, Kind, KkReview, Law, MAX_LEN, Pack, Phase, Problem, Review, ReviewSummary, Term,
};

/// The pack the bot is serving and its published version (0: read from `CONTENT_DIR`);
/// replaced whole, for everyone at once.
#[derive(Debug)]
pub struct Library {
    current: RwLock<(Arc<Pack>, i64)>,
    dir: std::path::PathBuf,
}

impl Library {
    /// Loads the pack in `dir`, or every problem in it.
    pub fn open(dir: &std::path::Path) -> Result<Self, Vec<Problem>> {
        Ok(Self::from_pack(Pack::load(dir)?, 0, dir))
    }

    /// Serves `pack`, published as `version`; `dir` is `CONTENT_DIR`.
    pub fn from_pack(pack: Pack, version: i64, dir: &std::path::Path) -> Self {
        Self {
            current: RwLock::new((Arc::new(pack), version)),
            dir: dir.to_owned(),
        }
    }

    /// The pack as it is now (cheap: an `Arc`).
    pub fn get(&self) -> Arc<Pack> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).0.clone()
    }

    /// The published version being served (0: the pack from `CONTENT_DIR`).
    pub fn version(&self) -> i64 {
        self.current.read().unwrap_or_else(|e| e.into_inner()).1
    }

    /// `CONTENT_DIR`.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Serves `pack` from now on.
    pub fn replace(&self, pack: Pack, version: i64) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = (Arc::new(pack), version);
    }
}
