//! The bot's configuration, read once at start from the environment (and `.env`).
//!
//! `Config::from_vars` takes any map, so tests build configurations without touching the
//! process environment. Every error names the variable and says what a valid value looks like.

use std::{collections::HashMap, fmt, net::SocketAddr, path::PathBuf};

use url::Url;

use crate::domain::Lang;

/// Bulk messages per second Telegram tolerates from one bot.
pub const MAX_BROADCAST_RATE: u32 = 30;

/// A bot token from @BotFather. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Parses the `<bot id>:<secret>` shape Telegram issues.
    pub fn parse(s: &str) -> Result<Self, ConfigError> {
        let s = s.trim();
        let (id, secret) = s.split_once(':').ok_or(ConfigError::MalformedToken)?;
        let id_ok = !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit());
        let secret_ok = secret.len() >= 20
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !(id_ok && secret_ok) {
            return Err(ConfigError::MalformedToken);
        }
        Ok(Self(s.to_owned()))
    }

    /// The secret itself, to hand to teloxide and nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// Webhook mode settings (long polling when absent).
#[derive(Debug, Clone)]
pub struct Webhook {
    pub url: Url,
    pub secret: Option<String>,
    pub listen: SocketAddr,
}

/// The Mini App (events on a map and a calendar inside Telegram).
#[derive(Debug, Clone)]
pub struct WebApp {
    /// The public HTTPS address of the page (`…/app/`): what the bot's buttons open.
    pub url: Url,
    /// Where the page is served in polling mode (webhook mode serves it beside the webhook).
    pub listen: SocketAddr,
    /// An optional map tile source; `None`: the region's outline only, no outside requests.
    pub tiles: Option<MapTiles>,
}

/// A `{z}/{x}/{y}` tile template and the attribution its licence asks for.
#[derive(Debug, Clone)]
pub struct MapTiles {
    pub url: String,
    pub attribution: String,
}

/// The language of texts in the volunteer group: one, or both (Kazakh first, then Russian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupLang {
    One(Lang),
    Both,
}

impl GroupLang {
    /// The languages a group text is written in, in order.
    pub fn langs(self) -> &'static [Lang] {
        match self {
            Self::One(Lang::Ru) => &[Lang::Ru],
            Self::One(Lang::Kk) => &[Lang::Kk],
            Self::Both => &[Lang::Kk, Lang::Ru],
        }
    }
}

/// Everything the program needs from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub token: Option<Token>,
    pub api_url: Option<Url>,
    pub database_url: String,
    pub admin_ids: Vec<u64>,
    pub content_dir: PathBuf,
    /// The region file; `None`: the built-in West Kazakhstan.
    pub region_file: Option<PathBuf>,
    pub volunteer_chat_id: Option<i64>,
    /// The language(s) of the volunteer group's posts.
    pub volunteer_chat_lang: GroupLang,
    pub broadcast_rate: u32,
    /// Seconds a claimed message (or a webhook update being handled) is held before another
    /// sender may take it; renewed while it waits, so only a crash lets it run out.
    pub lease_secs: i64,
    pub webhook: Option<Webhook>,
    pub webapp: Option<WebApp>,
}

/// A configuration problem, shown to the operator as one line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "TELOXIDE_TOKEN is not set: get a token from @BotFather (https://t.me/BotFather, command /newbot) and put it in .env or the environment; to try the bot without a token run `atazan chat`"
    )]
    MissingToken,
    #[error("TELOXIDE_TOKEN is malformed: expected `<digits>:<secret>` exactly as @BotFather gave it")]
    MalformedToken,
    #[error("{var} is invalid: {reason}")]
    Invalid { var: &'static str, reason: String },
}

fn invalid(var: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        var,
        reason: reason.into(),
    }
}

impl Config {
    /// Reads `.env` (if present) and the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        // A missing .env is normal; a broken one is worth a warning, not a stop.
        if let Err(e) = dotenvy::dotenv()
            && !e.not_found()
        {
            log::warn!("could not read .env: {e}");
        }
        Self::from_vars(&std::env::vars().collect())
    }

    /// Builds a configuration from variables; empty values count as unset.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |k: &str| vars.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());

        let token = get("TELOXIDE_TOKEN").map(Token::parse).transpose()?;

        let api_url = get("TELOXIDE_API_URL")
            .map(|v| {
                let url = Url::parse(v)
                    .map_err(|e| invalid("TELOXIDE_API_URL", format!("`{v}` is not a URL ({e})")))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(invalid("TELOXIDE_API_URL", "must start with http:// or https://"));
                }
                Ok(url)
            })
            .transpose()?;

        let database_url = get("DATABASE_URL")
            .unwrap_or("sqlite://data/atazan.db")
            .to_owned();
        if crate::storage::is_postgres(&database_url) {
            let url = Url::parse(&database_url)
                .map_err(|e| invalid("DATABASE_URL", format!("not a PostgreSQL URL ({e})")))?;
            if url.path().trim_matches('/').is_empty() {
                return Err(invalid(
                    "DATABASE_URL",
                    "name the database: postgres://user:password@host/atazan",
                ));
            }
        } else if !database_url.starts_with("sqlite:") {
            return Err(invalid(
                "DATABASE_URL",
                "must be sqlite://FILE (such as sqlite://data/atazan.db) or postgres://user:password@host/database",
            ));
        }

        let admin_ids = get("ADMIN_IDS")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<u64>().map_err(|_| {
                            invalid(
                                "ADMIN_IDS",
                                format!("`{s}` is not a Telegram user id (digits, comma-separated)"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
            .unwrap_or_default();

        let content_dir = PathBuf::from(get("CONTENT_DIR").unwrap_or("content"));
        let region_file = get("REGION_FILE").map(PathBuf::from);

        let volunteer_chat_id = get("VOLUNTEER_CHAT_ID")
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    invalid(
                        "VOLUNTEER_CHAT_ID",
                        format!("`{v}` is not a chat id (e.g. -1001234567890)"),
                    )
                })
            })
            .transpose()?;

        let volunteer_chat_lang = match get("VOLUNTEER_CHAT_LANG").map(str::trim) {
            None | Some("ru") => GroupLang::One(Lang::Ru),
            Some("kk") => GroupLang::One(Lang::Kk),
            Some("both") => GroupLang::Both,
            Some(v) => {
                return Err(invalid(
                    "VOLUNTEER_CHAT_LANG",
                    format!("`{v}` is not one of ru, kk, both"),
                ));
            }
        };

        let broadcast_rate = match get("BROADCAST_RATE") {
            None => 25,
            Some(v) => match v.parse::<u32>() {
                Ok(n @ 1..=MAX_BROADCAST_RATE) => n,
                Ok(n) if n > MAX_BROADCAST_RATE => {
                    log::warn!("BROADCAST_RATE={n} is above Telegram's limit; using {MAX_BROADCAST_RATE}");
                    MAX_BROADCAST_RATE
                }
                _ => {
                    return Err(invalid(
                        "BROADCAST_RATE",
                        format!(
                            "`{v}` is not a number of messages per second between 1 and {MAX_BROADCAST_RATE}"
                        ),
                    ));
                }
            },
        };

        let lease_secs = match get("SEND_LEASE_SECS") {
            None => 60,
            Some(v) => match v.parse::<i64>() {
                Ok(n @ 3..=3600) => n,
                _ => {
                    return Err(invalid(
                        "SEND_LEASE_SECS",
                        format!("`{v}` is not a number of seconds between 3 and 3600"),
                    ));
                }
            },
        };

        let webhook = get("WEBHOOK_URL")
            .map(|v| {
                let url =
                    Url::parse(v).map_err(|e| invalid("WEBHOOK_URL", format!("`{v}` is not a URL ({e})")))?;
                let listen = get("WEBHOOK_LISTEN")
                    .unwrap_or("0.0.0.0:8080")
                    .parse::<SocketAddr>()
                    .map_err(|_| invalid("WEBHOOK_LISTEN", "expected an address like 0.0.0.0:8080"))?;
                let secret = get("WEBHOOK_SECRET").map(str::to_owned);
                if let Some(s) = &secret
                    && (s.len() > 256
                        || !s
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
                {
                    return Err(invalid(
                        "WEBHOOK_SECRET",
                        "use 1-256 characters A-Z, a-z, 0-9, _ and -",
                    ));
                }
                if secret.is_none() && crate::storage::is_postgres(&database_url) {
                    return Err(invalid(
                        "WEBHOOK_SECRET",
                        "required in webhook mode on PostgreSQL: every instance behind the endpoint must check the same secret",
                    ));
                }
                Ok(Webhook { url, secret, listen })
            })
            .transpose()?;

        let webapp = get("WEBAPP_URL")
            .map(|v| {
                let url = Url::parse(v)
                    .map_err(|e| invalid("WEBAPP_URL", format!("`{v}` is not a URL ({e})")))?;
                if url.scheme() != "https" {
                    return Err(invalid(
                        "WEBAPP_URL",
                        format!("`{v}` is not HTTPS: Telegram opens Mini Apps only over HTTPS (README \"Mini App\")"),
                    ));
                }
                let listen = get("WEBAPP_LISTEN")
                    .unwrap_or("0.0.0.0:8081")
                    .parse::<SocketAddr>()
                    .map_err(|_| invalid("WEBAPP_LISTEN", "expected an address like 0.0.0.0:8081"))?;
                let tiles = get("MAP_TILES_URL")
                    .map(|t| {
                        if !(t.starts_with("https://") && t.contains("{z}") && t.contains("{x}") && t.contains("{y}")) {
                            return Err(invalid(
                                "MAP_TILES_URL",
                                format!("`{t}` is not an HTTPS template with {{z}}, {{x}} and {{y}}"),
                            ));
                        }
                        let attribution = get("MAP_TILES_ATTRIBUTION").ok_or_else(|| {
                            invalid("MAP_TILES_ATTRIBUTION", "required with MAP_TILES_URL: the tiles' licence asks for it")
                        })?;
                        Ok(MapTiles {
                            url: t.to_owned(),
                            attribution: attribution.to_owned(),
                        })
                    })
                    .transpose()?;
                Ok(WebApp { url, listen, tiles })
            })
            .transpose()?;

        Ok(Self {
            token,
            api_url,
            database_url,
            admin_ids,
            content_dir,
            region_file,
            volunteer_chat_id,
            volunteer_chat_lang,
            broadcast_rate,
            lease_secs,
            webhook,
            webapp,
        })
    }

    /// The token, required to talk to real Telegram.
    pub fn require_token(&self) -> Result<&Token, ConfigError> {
        self.token.as_ref().ok_or(ConfigError::MissingToken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const TOKEN: &str = "123456:ABCdefGhIJKlmnoPQRstuVWXyz_0123-45";

    #[test]
    fn defaults_apply_when_unset() {
        let c = Config::from_vars(&vars(&[])).unwrap();
        assert!(c.token.is_none());
        assert_eq!(c.database_url, "sqlite://data/atazan.db");
        assert_eq!(c.broadcast_rate, 25);
        assert!(c.admin_ids.is_empty());
        assert!(matches!(c.require_token(), Err(ConfigError::MissingToken)));
    }

    #[test]
    fn missing_token_message_names_the_variable_and_botfather() {
        let msg = ConfigError::MissingToken.to_string();
        assert!(msg.contains("TELOXIDE_TOKEN") && msg.contains("@BotFather"));
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn malformed_values_name_their_variable() {
        for (k, v) in [
            ("TELOXIDE_TOKEN", "not-a-token"),
            ("ADMIN_IDS", "12,abc"),
            ("TELOXIDE_API_URL", "ftp://x"),
            ("BROADCAST_RATE", "0"),
            ("VOLUNTEER_CHAT_ID", "group"),
            ("DATABASE_URL", "mysql://x"),
            ("DATABASE_URL", "postgres://user:secret@host"),
        ] {
            let err = Config::from_vars(&vars(&[(k, v)])).unwrap_err().to_string();
            assert!(err.contains(k), "{err}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn token_is_never_printed() {
        let c = Config::from_vars(&vars(&[("TELOXIDE_TOKEN", TOKEN), ("ADMIN_IDS", "1, 2")])).unwrap();
        assert_eq!(c.admin_ids, vec![1, 2]);
        assert!(!format!("{c:?}").contains("ABCdef"));
        assert_eq!(c.token.unwrap().expose(), TOKEN);
    }

    #[test]
    fn webhook_mode_on_postgres_needs_the_shared_secret() {
        let pg = [
            ("DATABASE_URL", "postgres://atazan:pw@127.0.0.1/atazan_wko"),
            ("WEBHOOK_URL", "https://bot.example.kz/telegram"),
        ];
        let err = Config::from_vars(&vars(&pg)).unwrap_err().to_string();
        assert!(err.contains("WEBHOOK_SECRET") && !err.contains("pw"), "{err}");
        let mut with_secret = pg.to_vec();
        with_secret.push(("WEBHOOK_SECRET", "same-for-all"));
        assert!(Config::from_vars(&vars(&with_secret)).is_ok());
        // One instance on SQLite may use a random secret per run.
        assert!(Config::from_vars(&vars(&[("WEBHOOK_URL", "https://bot.example.kz/telegram")])).is_ok());
    }

    #[test]
    fn broadcast_rate_is_capped() {
        let c = Config::from_vars(&vars(&[("BROADCAST_RATE", "100")])).unwrap();
        assert_eq!(c.broadcast_rate, MAX_BROADCAST_RATE);
    }
}
