//! Dialogue state in our own table, so it lives in the same database, migrations and `/forget`.

use std::{marker::PhantomData, sync::Arc};

use futures_util::future::BoxFuture;
use serde::{Serialize, de::DeserializeOwned};
use teloxide::{dispatching::dialogue::Storage, types::ChatId};

use super::{Db, StorageError, now, sql};

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
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = StorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
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
            let row = sql!((pool self.db) => fetch_optional, query_scalar!("SELECT state FROM dialogues WHERE chat_id = $1", chat_id.0))?;
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
        sql!((write self) => execute, query!("DELETE FROM dialogues WHERE chat_id = $1", chat))?;
        Ok(())
    }
}
