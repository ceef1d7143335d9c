//! Telegram's `initData`: who opened the Mini App, signed by Telegram with a key only the bot
//! and Telegram know. Every API call carries it; nothing is believed before [`validate`] says so.
//!
//! The check is Telegram's: the fields but `hash`, sorted and joined as `key=value` lines, are
//! signed with HMAC-SHA256 under `HMAC-SHA256("WebAppData", bot token)`; the hash is compared in
//! constant time, and `auth_date` must be recent (a day), so a leaked link stops working.

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How long a signed `initData` is accepted.
pub const MAX_AGE_SECS: i64 = 24 * 3600;

/// The user Telegram vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WebAppUser {
    pub id: i64,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub language_code: Option<String>,
}

/// Why `initData` was refused (said to the operator's log, never to the caller beyond 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("no initData")]
    Missing,
    #[error("initData is not a query string with a hash")]
    Malformed,
    #[error("the hash does not match (tampered, or signed for another bot)")]
    BadHash,
    #[error("auth_date is missing or older than a day")]
    Stale,
    #[error("no user in initData")]
    NoUser,
}

type HmacSha256 = Hmac<Sha256>;

fn secret_key(token: &str) -> HmacSha256 {
    let mut derive = HmacSha256::new_from_slice(b"WebAppData").expect("HMAC takes any key length");
    derive.update(token.as_bytes());
    let key = derive.finalize().into_bytes();
    HmacSha256::new_from_slice(&key).expect("HMAC takes any key length")
}

fn check_string(fields: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = fields.iter().filter(|(k, _)| k != "hash").collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The user of a genuine, fresh `init_data` signed for the bot with `token`, at `now`.
pub fn validate(init_data: &str, token: &str, now: i64) -> Result<WebAppUser, Refused> {
    if init_data.trim().is_empty() {
        return Err(Refused::Missing);
    }
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(init_data.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return Err(Refused::Malformed);
    }
    let hash = fields
        .iter()
        .find(|(k, _)| k == "hash")
        .and_then(|(_, v)| decode_hex(v))
        .ok_or(Refused::Malformed)?;
    let mut mac = secret_key(token);
    mac.update(check_string(&fields).as_bytes());
    mac.verify_slice(&hash).map_err(|_| Refused::BadHash)?;
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let auth_date: i64 = field("auth_date")
        .and_then(|v| v.parse().ok())
        .ok_or(Refused::Stale)?;
    // A little clock skew is forgiven; a date from the future beyond it is not.
    if now - auth_date > MAX_AGE_SECS || auth_date - now > 300 {
        return Err(Refused::Stale);
    }
    field("user")
        .and_then(|u| serde_json::from_str::<WebAppUser>(u).ok())
        .filter(|u| u.id > 0)
        .ok_or(Refused::NoUser)
}

/// Signs `fields` as Telegram would for the bot with `token`: the `initData` query string.
/// Chat mode uses it to open the app for its local user; tests, to play Telegram.
pub fn sign(fields: &[(&str, &str)], token: &str) -> String {
    let owned: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let mut mac = secret_key(token);
    mac.update(check_string(&owned).as_bytes());
    let hash: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        query.append_pair(k, v);
    }
    query.append_pair("hash", &hash);
    query.finish()
}

/// `initData` for `user` (id, first name, language) signed at `auth_date`.
pub fn sign_user(id: i64, first_name: &str, language_code: &str, auth_date: i64, token: &str) -> String {
    let user = serde_json::json!({ "id": id, "first_name": first_name, "language_code": language_code });
    sign(
        &[
            ("auth_date", &auth_date.to_string()),
            ("query_id", "AAtazanLocal"),
            ("user", &user.to_string()),
        ],
        token,
    )
}

/// How long a calendar file's link works.
pub const FILE_LINK_SECS: i64 = 600;

fn file_mac(token: &str, event: &str, user: i64, expires: i64) -> HmacSha256 {
    // A key of its own: a file link can never pass for initData, nor the reverse.
    let mut derive = HmacSha256::new_from_slice(b"AtazanFileLink").expect("HMAC takes any key length");
    derive.update(token.as_bytes());
    let key = derive.finalize().into_bytes();
    let mut mac = HmacSha256::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(format!("ics\n{event}\n{user}\n{expires}").as_bytes());
    mac
}

/// A short-lived link token to one event's calendar file for one user (`user.expires.hash`):
/// Telegram's client downloads files itself, without the page's `Authorization` header.
pub fn file_link(token: &str, event: &str, user: i64, expires: i64) -> String {
    let hash: String = file_mac(token, event, user, expires)
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{user}.{expires}.{hash}")
}

/// The user a [`file_link`] token was made for, if it is genuine, for `event`, and not expired.
pub fn check_file_link(token: &str, event: &str, link: &str, now: i64) -> Option<i64> {
    let mut parts = link.splitn(3, '.');
    let user: i64 = parts.next()?.parse().ok()?;
    let expires: i64 = parts.next()?.parse().ok()?;
    let hash = decode_hex(parts.next()?)?;
    if expires < now || expires > now + FILE_LINK_SECS {
        return None;
    }
    file_mac(token, event, user, expires).verify_slice(&hash).ok()?;
    Some(user)
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456:ABCdefGhIJKlmnoPQRstuVWXyz_0123-45";
    const NOW: i64 = 1_790_000_000;

    #[test]
    fn a_signed_user_is_accepted_and_their_fields_read() {
        let data = sign_user(42, "Айгүл", "kk", NOW - 60, TOKEN);
        let user = validate(&data, TOKEN, NOW).unwrap();
        assert_eq!(user.id, 42);
        assert_eq!(user.first_name, "Айгүл");
        assert_eq!(user.language_code.as_deref(), Some("kk"));
    }

    /// A hash computed outside this code (Python's `hmac` over Telegram's check string, with
    /// the fields in Telegram's unsorted order on the wire) is accepted.
    #[test]
    fn a_hash_computed_independently_is_accepted() {
        let data = "query_id=AAtest&user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Ivan%22%2C%22language_code%22%3A%22ru%22%7D&auth_date=1790000000&hash=9b4a99f8c6b3c3a79ebae8588c8c3047f2139a9137d8da9fe48b044bbd611834";
        assert_eq!(validate(data, TOKEN, NOW).unwrap().id, 42);
        let fields = vec![
            ("user".to_owned(), "{\"id\":1}".to_owned()),
            ("hash".to_owned(), "x".to_owned()),
            ("auth_date".to_owned(), "1".to_owned()),
        ];
        assert_eq!(check_string(&fields), "auth_date=1\nuser={\"id\":1}");
    }

    #[test]
    fn a_file_link_opens_one_file_for_a_while() {
        let link = file_link(TOKEN, "ev-1", 42, NOW + 300);
        assert_eq!(check_file_link(TOKEN, "ev-1", &link, NOW), Some(42));
        assert_eq!(check_file_link(TOKEN, "ev-2", &link, NOW), None, "another event");
        assert_eq!(check_file_link(TOKEN, "ev-1", &link, NOW + 301), None, "expired");
        let other_user = link.replacen("42.", "43.", 1);
        assert_eq!(check_file_link(TOKEN, "ev-1", &other_user, NOW), None);
        let far = file_link(TOKEN, "ev-1", 42, NOW + 10 * FILE_LINK_SECS);
        assert_eq!(
            check_file_link(TOKEN, "ev-1", &far, NOW),
            None,
            "no long-lived links"
        );
        // initData's key does not make file links.
        assert_eq!(check_file_link("654321:other", "ev-1", &link, NOW), None);
    }

    #[test]
    fn tampering_another_bots_token_staleness_and_no_user_are_refused() {
        let good = sign_user(42, "A", "ru", NOW - 60, TOKEN);
        // Another user id with the old hash.
        let tampered = good.replace("%22id%22%3A42", "%22id%22%3A43");
        assert_ne!(tampered, good);
        assert_eq!(validate(&tampered, TOKEN, NOW), Err(Refused::BadHash));
        let other_bot = sign_user(
            42,
            "A",
            "ru",
            NOW - 60,
            "654321:ZYXwvuTSRqpoNMLkjiHGFedcba_9876-54",
        );
        assert_eq!(validate(&other_bot, TOKEN, NOW), Err(Refused::BadHash));
        let stale = sign_user(42, "A", "ru", NOW - MAX_AGE_SECS - 1, TOKEN);
        assert_eq!(validate(&stale, TOKEN, NOW), Err(Refused::Stale));
        let future = sign_user(42, "A", "ru", NOW + 3600, TOKEN);
        assert_eq!(validate(&future, TOKEN, NOW), Err(Refused::Stale));
        let no_user = sign(&[("auth_date", &(NOW - 5).to_string())], TOKEN);
        assert_eq!(validate(&no_user, TOKEN, NOW), Err(Refused::NoUser));
        assert_eq!(validate("", TOKEN, NOW), Err(Refused::Missing));
        assert_eq!(
            validate("auth_date=1&user=x", TOKEN, NOW),
            Err(Refused::Malformed)
        );
        // A second `user` field cannot smuggle another identity past the check.
        let doubled = format!("{good}&user=%7B%22id%22%3A7%7D");
        assert_eq!(validate(&doubled, TOKEN, NOW), Err(Refused::Malformed));
    }
}
