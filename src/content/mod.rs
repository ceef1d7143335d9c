//! The explanation pack: loaded from `CONTENT_DIR` (never compiled in), validated completely,
//! rendered to Telegram HTML and indexed for search. Editors change text; code reads it.

pub mod files;
pub mod law;
pub mod markdown;
mod pack;
pub mod render;
pub mod search;

use std::sync::{Arc, RwLock};

pub use files::PackFiles;
pub use pack::{Document, Item, Kind, Law, Pack, Phase, Problem, Review, ReviewSummary, Term};

/// The pack the bot is serving; replaced whole on `/reload`.
#[derive(Debug)]
pub struct Library {
    current: RwLock<Arc<Pack>>,
    dir: std::path::PathBuf,
}

impl Library {
    /// Loads the pack in `dir`, or every problem in it.
    pub fn open(dir: &std::path::Path) -> Result<Self, Vec<Problem>> {
        let pack = Pack::load(dir)?;
        Ok(Self {
            current: RwLock::new(Arc::new(pack)),
            dir: dir.to_owned(),
        })
    }

    /// The pack as it is now (cheap: an `Arc`).
    pub fn get(&self) -> Arc<Pack> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Loads the pack again; a broken pack is refused and the old one stays.
    pub fn reload(&self) -> Result<ReviewSummary, Vec<Problem>> {
        let pack = Pack::load(&self.dir)?;
        let summary = pack.summary();
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(pack);
        Ok(summary)
    }
}
