//! atazan («Ата Заң»): a Telegram bot for the public discussion of Kazakhstan's Constitution in
//! a region (West Kazakhstan by default; the region is a file). Residents read plain-language explanations, find events and ask
//! questions; volunteers answer; admins manage content and announcements.
//!
//! Layers, top to bottom (imports only go down): `app` (startup) → `bot` (Telegram in, replies
//! out) and `workers` (background sending) → `services` (the rules) → `ui` (presentation both
//! use) → `storage` (all SQL) and `domain` (values valid by construction). Only what the binary,
//! the tests and the benchmarks use is public, so the dead-code lint sees the rest.

pub mod app;
pub(crate) mod bot;
pub(crate) mod chart;
pub(crate) mod chat;
pub mod cli;
pub mod config;
pub mod content;
pub(crate) mod context;
pub(crate) mod delivery;
pub mod domain;
pub(crate) mod export;
pub mod fakeapi;
pub(crate) mod i18n;
pub mod services;
pub mod storage;
pub mod telegram_html;
pub(crate) mod ui;
pub(crate) mod webhook;
pub(crate) mod workers;
