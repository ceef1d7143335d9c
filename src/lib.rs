//! atazan («Ата Заң»): a Telegram bot for the public discussion of Kazakhstan's Constitution in
//! West Kazakhstan region. Residents read plain-language explanations, find events and ask
//! questions; volunteers answer; admins manage content and announcements.

pub mod app;
pub mod bot;
pub mod chart;
pub mod chat;
pub mod cli;
pub mod config;
pub mod content;
pub mod context;
pub mod domain;
pub mod events;
pub mod export;
pub mod fakeapi;
pub mod i18n;
pub mod questions;
pub mod storage;
pub mod telegram_html;
pub mod webhook;
pub mod workers;
