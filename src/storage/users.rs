//! Users: language, district, role, subscription, first/last seen, blocked.

use crate::domain::{District, Lang};

use super::{Db, Lock, StorageError, now, sql};

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub lang: Option<Lang>,
    pub district: Option<District>,
    pub is_volunteer: bool,
    pub is_editor: bool,
    pub subscribed: bool,
    pub district_only: bool,
    pub blocked: bool,
    /// Agreed to how questions are stored (asked once, before the first question).
    pub question_consent: bool,
    /// An organiser of this district's events.
    pub organiser: Option<District>,
    /// Asked for their district once already (after a question, when they had none).
    pub district_asked: bool,
    pub first_seen: i64,
    pub last_seen: i64,
}

struct RawUser {
    id: i64,
    lang: Option<String>,
    district: Option<String>,
    role: String,
    editor: bool,
    subscribed: bool,
    district_only: bool,
    blocked: bool,
    consented: bool,
    organiser_district: Option<String>,
    district_asked: bool,
    first_seen: i64,
    last_seen: i64,
}

impl From<RawUser> for UserRow {
    fn from(r: RawUser) -> Self {
        Self {
            id: r.id,
            lang: r.lang.and_then(|l| l.parse().ok()),
            district: r.district.and_then(|d| d.parse().ok()),
            is_volunteer: r.role == "volunteer",
            is_editor: r.editor,
            subscribed: r.subscribed,
            district_only: r.district_only,
            blocked: r.blocked,
            question_consent: r.consented,
            organiser: r.organiser_district.and_then(|d| d.parse().ok()),
            district_asked: r.district_asked,
            first_seen: r.first_seen,
            last_seen: r.last_seen,
        }
    }
}

/// A user as an update finds them ([`Db::load_for_update`]).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub user: UserRow,
    /// The dialogue state's JSON in the update's chat, if any.
    pub dialogue: Option<String>,
    pub open_questions: i64,
    pub questions_today: i64,
}

/// How stale `last_seen` may be before an update writes it again.
const LAST_SEEN_PRECISION_SECS: i64 = 60;

impl Db {
    /// Records that `user_id` wrote to the bot now; returns the stored user.
    /// A user who writes has evidently unblocked the bot. The last-seen time is kept to the
    /// minute: an active user's updates are a read, not a write each.
    pub async fn touch_user(&self, user_id: i64) -> Result<UserRow, StorageError> {
        let t = now();
        if let Some(user) = self.user(user_id).await?
            && !user.blocked
            && user.last_seen > t - LAST_SEEN_PRECISION_SECS
        {
            return Ok(user);
        }
        self.record_user(user_id, t).await
    }

    /// Records `user_id` as seen at `t` (new, or unblocked and seen again).
    async fn record_user(&self, user_id: i64, t: i64) -> Result<UserRow, StorageError> {
        let row = sql!((write self) => fetch_one, query_as!(
            RawUser,
            r#"INSERT INTO users (id, first_seen, last_seen) VALUES ($1, $2, $2)
               ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, blocked = FALSE
               RETURNING id AS "id!", lang, district, role, editor AS "editor: bool", subscribed AS "subscribed: bool",
                         district_only AS "district_only: bool", blocked AS "blocked: bool",
                         question_consent_at IS NOT NULL AS "consented!: bool", organiser_district,
                      district_asked AS "district_asked: bool", first_seen, last_seen"#,
            user_id,
            t
        ))?;
        Ok(row.into())
    }

    /// Everything an update needs about its user, in one statement: the user (recorded if
    /// new, `last_seen` kept to the minute), their dialogue state in `chat_id` (JSON), and how
    /// many questions they have open and asked in the last 24 hours (the limits of `/ask`).
    /// The dialogue is handed to [`DialogueStorage`](super::DialogueStorage) for this update,
    /// so it is not read twice.
    pub async fn load_for_update(&self, user_id: i64, chat_id: i64) -> Result<Loaded, StorageError> {
        let t = now();
        let since = t - 86_400;
        let row = sql!((pool self) => fetch_optional, query!(
            r#"SELECT u.id AS "id!", u.lang, u.district, u.role, u.editor AS "editor: bool",
                      u.subscribed AS "subscribed: bool", u.district_only AS "district_only: bool",
                      u.blocked AS "blocked: bool", u.question_consent_at IS NOT NULL AS "consented!: bool",
                      u.organiser_district, u.district_asked AS "district_asked: bool", u.first_seen, u.last_seen, d.state AS "dialogue?",
                      (SELECT COUNT(*) FROM questions q
                       WHERE q.user_id = u.id AND q.status IN ('waiting', 'claimed', 'escalated')) AS "open!: i64",
                      (SELECT COUNT(*) FROM questions q WHERE q.user_id = u.id AND q.created_at >= $3) AS "today!: i64"
               FROM users u LEFT JOIN dialogues d ON d.chat_id = $2
               WHERE u.id = $1"#,
            user_id,
            chat_id,
            since
        ) => |r| Loaded {
            user: RawUser {
                id: r.id,
                lang: r.lang,
                district: r.district,
                role: r.role,
                editor: r.editor,
                subscribed: r.subscribed,
                district_only: r.district_only,
                blocked: r.blocked,
                consented: r.consented,
                organiser_district: r.organiser_district,
                district_asked: r.district_asked,
                first_seen: r.first_seen,
                last_seen: r.last_seen,
            }
            .into(),
            dialogue: r.dialogue,
            open_questions: r.open,
            questions_today: r.today,
        })?;
        let loaded = match row {
            Some(l) if !l.user.blocked && l.user.last_seen > t - LAST_SEEN_PRECISION_SECS => l,
            Some(l) => Loaded {
                user: self.record_user(user_id, t).await?,
                ..l
            },
            None => Loaded {
                user: self.record_user(user_id, t).await?,
                dialogue: None,
                open_questions: 0,
                questions_today: 0,
            },
        };
        self.prime_dialogue(chat_id, loaded.dialogue.clone());
        Ok(loaded)
    }

    /// The stored user, if any.
    pub async fn user(&self, user_id: i64) -> Result<Option<UserRow>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query_as!(
            RawUser,
            r#"SELECT id AS "id!", lang, district, role, editor AS "editor: bool", subscribed AS "subscribed: bool",
                      district_only AS "district_only: bool", blocked AS "blocked: bool",
                      question_consent_at IS NOT NULL AS "consented!: bool", organiser_district,
                      district_asked AS "district_asked: bool", first_seen, last_seen
               FROM users WHERE id = $1"#,
            user_id
        ))?;
        Ok(row.map(Into::into))
    }

    pub async fn set_lang(&self, user_id: i64, lang: Lang) -> Result<(), StorageError> {
        let code = lang.code();
        sql!((write self) => execute, query!("UPDATE users SET lang = $2 WHERE id = $1", user_id, code))?;
        Ok(())
    }

    pub async fn set_district(&self, user_id: i64, district: District) -> Result<(), StorageError> {
        let id = district.id();
        let mut tx = self.write_tx(Lock::User(user_id)).await?;
        sql!((tx &mut tx) => execute, query!("UPDATE users SET district = $2 WHERE id = $1", user_id, id))?;
        // Questions still open take it, when they were asked without one.
        sql!((tx &mut tx) => execute, query!(
            "UPDATE questions SET district = $2 WHERE user_id = $1 AND district IS NULL
               AND status IN ('waiting', 'claimed', 'escalated')",
            user_id,
            id
        ))?;
        tx.commit().await?;
        Ok(())
    }

    /// Organisers: (id, name, district), by district.
    pub async fn organisers(&self) -> Result<Vec<(i64, Option<String>, District)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT id AS "id!", display_name, organiser_district AS "district!" FROM users
               WHERE organiser_district IS NOT NULL ORDER BY organiser_district, id"#
        ) => |r| (r.id, r.display_name, r.district))?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, name, d)| d.parse().ok().map(|d| (id, name, d)))
            .collect())
    }

    /// Ends a user's organiser role; whether they had it.
    pub async fn remove_organiser(&self, user_id: i64) -> Result<bool, StorageError> {
        let done = sql!((write self) => execute, query!(
            "UPDATE users SET organiser_district = NULL WHERE id = $1 AND organiser_district IS NOT NULL",
            user_id
        ))?;
        Ok(done.rows_affected() > 0)
    }

    /// Notes that the user was asked for their district (they are not asked again).
    pub async fn set_district_asked(&self, user_id: i64) -> Result<(), StorageError> {
        sql!((write self) => execute, query!("UPDATE users SET district_asked = TRUE WHERE id = $1", user_id))?;
        Ok(())
    }

    /// Sets the announcement subscription; `district_only` limits it to the user's district.
    pub async fn set_subscription(
        &self,
        user_id: i64,
        subscribed: bool,
        district_only: bool,
    ) -> Result<(), StorageError> {
        let t = now();
        sql!((write self) => execute, query!(
            "UPDATE users SET subscribed = $2, district_only = $3,
                    subscribed_at = CASE WHEN NOT $2 THEN NULL WHEN subscribed THEN subscribed_at ELSE $4 END
             WHERE id = $1",
            user_id,
            subscribed,
            district_only,
            t
        ))?;
        Ok(())
    }

    /// Marks whether the user has blocked the bot (from `my_chat_member` or a 403).
    pub async fn set_blocked(&self, user_id: i64, blocked: bool) -> Result<(), StorageError> {
        sql!((write self) => execute, query!("UPDATE users SET blocked = $2 WHERE id = $1", user_id, blocked))?;
        Ok(())
    }

    /// Grants or revokes the volunteer role. Returns whether the user exists.
    pub async fn set_volunteer(&self, user_id: i64, volunteer: bool) -> Result<bool, StorageError> {
        let role = if volunteer { "volunteer" } else { "resident" };
        let done =
            sql!((write self) => execute, query!("UPDATE users SET role = $2 WHERE id = $1", user_id, role))?;
        Ok(done.rows_affected() == 1)
    }

    /// Erases everything stored about a user, in one transaction: afterwards their Telegram id
    /// is in no table. What they asked stays, anonymised (the text helps others; nothing links
    /// it to them); what staff did stays in the audit log, with them anonymised in it; messages
    /// still to send them, deliveries, sign-ups, reminders and dialogue go.
    pub async fn forget_user(&self, user_id: i64) -> Result<(), StorageError> {
        let mut tx = self.write_tx(Lock::User(user_id)).await?;
        let id_text = user_id.to_string();
        sql!((tx &mut tx) => execute, query!(
            "DELETE FROM question_media WHERE question_id IN (SELECT id FROM questions WHERE user_id = $1)",
            user_id
        ))?;
        sql!((tx &mut tx) => execute, query!(
            "UPDATE questions SET user_id = NULL, chat_id = NULL, source_message_id = NULL,
                    media_file_id = NULL WHERE user_id = $1 OR chat_id = $1",
            user_id
        ))?;
        // A volunteer or admin who leaves: their work stays, not their id.
        sql!((tx &mut tx) => execute, query!(
            "UPDATE questions SET claimed_by = NULL, lease_until = NULL,
                    status = CASE WHEN status = 'claimed'
                                  THEN CASE WHEN escalated_at IS NULL THEN 'waiting' ELSE 'escalated' END
                                  ELSE status END
             WHERE claimed_by = $1",
            user_id
        ))?;
        sql!((tx &mut tx) => execute, query!(
            "UPDATE questions SET answered_by = NULL WHERE answered_by = $1",
            user_id
        ))?;
        sql!((tx &mut tx) => execute, query!("UPDATE faq SET published_by = 0 WHERE published_by = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM outbox WHERE chat_id = $1", user_id))?;
        // Updates already handled (this /forget among them) go; later ones are still to handle.
        sql!((tx &mut tx) => execute, query!("DELETE FROM inbox WHERE chat_id = $1 AND status <> 'waiting'", user_id))?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM chat_slots WHERE chat_id = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("UPDATE outbox SET report_to = NULL WHERE report_to = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM deliveries WHERE chat_id = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!(
            "UPDATE broadcasts SET created_by = 0, progress_chat = NULL, progress_message = NULL
             WHERE created_by = $1 OR progress_chat = $1",
            user_id
        ))?;
        sql!((tx &mut tx) => execute, query!("UPDATE invites SET used_by = 0 WHERE used_by = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("UPDATE invites SET created_by = 0 WHERE created_by = $1", user_id))?;
        // The audit log: entries by them keep what was done; they are "someone" (0) now, and
        // their id is taken out of the details of entries about them.
        sql!((tx &mut tx) => execute, query!("UPDATE audit_log SET actor = 0 WHERE actor = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!(
            "UPDATE audit_log SET detail = REPLACE(detail, $1, '(forgotten)') WHERE REPLACE(detail, $1, '') <> detail",
            id_text
        ))?;
        sql!((tx &mut tx) => execute, query!(
            "UPDATE pack_versions SET published_by = 0 WHERE published_by = $1",
            user_id
        ))?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM pack_drafts WHERE editor = $1", user_id))?;
        // Votes go (also by the cascade); proposals not published go; published ones stay,
        // no longer linked to them.
        sql!((tx &mut tx) => execute, query!("DELETE FROM votes WHERE user_id = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!(
            "DELETE FROM statements WHERE proposed_by = $1 AND status IN ('proposed', 'rejected')",
            user_id
        ))?;
        sql!((tx &mut tx) => execute, query!("UPDATE statements SET proposed_by = 0 WHERE proposed_by = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("UPDATE statements SET moderated_by = 0 WHERE moderated_by = $1", user_id))?;
        // Comments on drafts: the text and the link to them go, the row stays as «removed» so
        // that the digest's counts still add up; their support of others' comments goes.
        sql!((tx &mut tx) => execute, query!(
            "UPDATE draft_comments SET status = 'removed', body = '', user_id = NULL, district = NULL WHERE user_id = $1",
            user_id
        ))?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM comment_agrees WHERE user_id = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("UPDATE draft_comments SET moderated_by = 0 WHERE moderated_by = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("UPDATE draft_comments SET responded_by = 0 WHERE responded_by = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM admin_menus WHERE chat_id = $1", user_id))?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM dialogues WHERE chat_id = $1", user_id))?;
        // RSVPs and reminders go with the user (ON DELETE CASCADE).
        sql!((tx &mut tx) => execute, query!("DELETE FROM users WHERE id = $1", user_id))?;
        tx.commit().await?;
        Ok(())
    }
}

impl Db {
    /// Ids of all volunteers (for their command menus).
    pub async fn volunteer_ids(&self) -> Result<Vec<i64>, StorageError> {
        let ids = sql!((pool self) => fetch_all, query_scalar!(r#"SELECT id AS "id!" FROM users WHERE role = 'volunteer' ORDER BY id"#))?;
        Ok(ids)
    }
}

impl Db {
    /// (questions asked, events signed up for) by a user, for `/mydata`.
    pub async fn user_activity(&self, user_id: i64) -> Result<(i64, i64), StorageError> {
        let row = sql!((pool self) => fetch_one, query!(
            r#"SELECT (SELECT COUNT(*) FROM questions WHERE user_id = $1) AS "questions!: i64",
                      (SELECT COUNT(*) FROM rsvps WHERE user_id = $1) AS "rsvps!: i64""#,
            user_id
        ) => |r| (r.questions, r.rsvps))?;
        Ok(row)
    }
}

impl Db {
    /// The name stored for a volunteer (how admins see them), if any.
    pub async fn display_name(&self, user_id: i64) -> Result<Option<String>, StorageError> {
        let name = sql!((pool self) => fetch_optional, query_scalar!("SELECT display_name FROM users WHERE id = $1", user_id))?
            .flatten();
        Ok(name)
    }

    /// Chats that were given the admin command menu.
    pub async fn admin_menus(&self) -> Result<Vec<i64>, StorageError> {
        let ids = sql!((pool self) => fetch_all, query_scalar!(r#"SELECT chat_id AS "id!" FROM admin_menus ORDER BY chat_id"#))?;
        Ok(ids)
    }

    /// Records who has the admin command menu now.
    pub async fn set_admin_menus(&self, chats: &[i64]) -> Result<(), StorageError> {
        let mut tx = self.write_tx(Lock::AdminMenus).await?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM admin_menus"))?;
        for chat in chats {
            sql!((tx &mut tx) => execute, query!("INSERT INTO admin_menus (chat_id) VALUES ($1)", chat))?;
        }
        tx.commit().await?;
        Ok(())
    }
}
