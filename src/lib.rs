//! atazan («Ата Заң»): a Telegram bot for the public discussion of Kazakhstan's Constitution in
//! a region (West Kazakhstan by default; the region is a file). Residents read plain-language explanations, find events and ask
//! questions; volunteers answer; admins manage content and announcements.
//!
//! Layers, top to bottom (imports only go down; `tests/layers.rs` fails on a cycle between
//! these modules): `cli` (the command line) → `chat` (terminal mode) → `app` (startup) → `bot`
//! (Telegram in, replies out), `webapp` (the Mini App's page and API), `webhook` and `workers` (background sending) → `services` (the
//! rules) → `context` (the state they all share) → `delivery` (the outbox handle, lanes, sender
//! and limiter) → `ui` (presentation both sides use), `config`, `content` (the pack), `export`,
//! `report` (the coalition's report) and `chart` → `i18n` and `telegram_html` → `storage` (all
//! SQL) and `domain` (values valid by construction). Only what the binary,
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
pub mod report;
pub mod services;
pub mod storage;
pub mod telegram_html;
pub(crate) mod ui;
pub mod webapp;
pub(crate) mod webhook;
pub(crate) mod workers;
