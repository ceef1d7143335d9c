//! Dialogue state in our own table, so it lives in the same database, migrations and `/forget`.
//!
//! The state is read together with the user ([`Db::load_for_update`]) and handed over here for
//! the update in hand ("primed"), so an update reads it once; a write that would store what the
//! update found is skipped. Right with several instances too: a chat's updates are handled one
//! at a time, whichever instance has them, and a primed state serves only the update that read
//! it (within seconds), never a later one.

use std::{
    collections::HashMap,
    marker::PhantomData,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use futures_util::future::BoxFuture;
use serde::{Serialize, de::DeserializeOwned};
use teloxide::{dispatching::dialogue::Storage, types::ChatId};

use super::{Db, StorageError, now, sql};

/// A primed state is used only this soon after it was read.
const PRIMED_FOR: Duration = Duration::from_secs(5);

/// The state of a chat as the update in hand found it.
#[derive(Debug)]
struct Found {
    json: Option<String>,
    at: Instant,
    /// Handed to the dialogue: later reads in the update go to the database.
    taken: bool,
}

/// Dialogue states read with the user, per chat.
#[derive(Debug, Clone, Default)]
pub(crate) struct Primed(Arc<Mutex<HashMap<i64, Found>>>);

impl Primed {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Found>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Db {
    /// Hands `json`, just read with the user, to the update in hand.
    pub(crate) fn prime_dialogue(&self, chat: i64, json: Option<String>) {
        let mut primed = self.primed.lock();
        if primed.len() > 10_000 {
            primed.retain(|_, f| f.at.elapsed() < PRIMED_FOR);
        }
        primed.insert(
            chat,
            Found {
                json,
                at: Instant::now(),
                taken: false,
            },
        );
    }

    /// The primed state of `chat`, once, if it was read for this update.
    fn take_primed(&self, chat: i64) -> Option<Option<String>> {
        let mut primed = self.primed.lock();
        let found = primed.get_mut(&chat)?;
        if found.taken || found.at.elapsed() >= PRIMED_FOR {
            return None;
        }
        found.taken = true;
        Some(found.json.clone())
    }

    /// Whether storing `json` for `chat` would change nothing this update found; remembers it.
    fn unchanged(&self, chat: i64, json: Option<&str>) -> bool {
        let mut primed = self.primed.lock();
        let Some(found) = primed.get_mut(&chat) else {
            return false;
        };
        if !found.taken || found.at.elapsed() >= PRIMED_FOR {
            return false;
        }
        let same = found.json.as_deref() == json;
        found.json = json.map(str::to_owned);
        same
    }
}

/// teloxide's dialogue [`Storage`] backed by the `dialogues` table (state as JSON).
pub struct DialogueStorage<D> {
    db: Db,
    _state: PhantomData<fn() -> D>,
}

impl<D> DialogueStorage<D> {
    pub fn new(db: Db) -> Arc<Self> {
        Arc::new(Self {
            db,
            _state: PhantomData,
        })
    }
}

impl<D> Storage<D> for DialogueStorage<D>
where
    D: Serialize + DeserializeOwned + Default + Send + 'static,
{
    type Error = StorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            if self.db.unchanged(chat_id.0, None) {
                return Ok(());
            }
            sql!((write self.db) => execute, query!("DELETE FROM dialogues WHERE chat_id = $1", chat_id.0))?;
            Ok(())
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let state = serde_json::to_string(&dialogue)?;
            // The default state is kept as no row: what a missing row reads as anyway.
            if state == serde_json::to_string(&D::default())? {
                return self.remove_dialogue(chat_id).await;
            }
            if self.db.unchanged(chat_id.0, Some(&state)) {
                return Ok(());
            }
            let t = now();
            sql!((write self.db) => execute, query!(
                "INSERT INTO dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                chat_id.0,
                state,
                t
            ))?;
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            let row = match self.db.take_primed(chat_id.0) {
                Some(json) => json,
                None => {
                    sql!((pool self.db) => fetch_optional, query_scalar!("SELECT state FROM dialogues WHERE chat_id = $1", chat_id.0))?
                }
            };
            match row {
                None => Ok(None),
                // A state from an older version that no longer parses starts the user afresh.
                Some(json) => match serde_json::from_str(&json) {
                    Ok(state) => Ok(Some(state)),
                    Err(e) => {
                        log::warn!("dropping unreadable dialogue state of chat {}: {e}", chat_id.0);
                        Ok(None)
                    }
                },
            }
        })
    }
}

impl Db {
    /// Ends whatever `chat` was in the middle of (its role ended).
    pub async fn reset_dialogue(&self, chat: i64) -> Result<(), StorageError> {
        self.primed.lock().remove(&chat);
        sql!((write self) => execute, query!("DELETE FROM dialogues WHERE chat_id = $1", chat))?;
        Ok(())
    }
}
