//! End-to-end tests: the real bot, started as in production, against the fake Bot API and a
//! fresh SQLite file per test. One binary, one module per capability.

mod support;

mod broadcast;
mod browser;
mod chat;
mod content;
mod delivery;
mod drafts;
mod editors;
mod events;
mod foundation;
mod guarantees;
mod instances;
mod law;
mod load;
mod migrate;
mod ops;
mod process;
mod questions;
mod region;
mod voices;
mod webapp;
