//! The rules of each capability, between the Telegram layer and storage: handlers parse input,
//! call one function here and render its typed outcome; workers call these too, never handlers.

pub mod broadcasts;
pub mod drafts;
pub mod events;
pub mod invites;
pub mod packs;
pub mod questions;
pub mod report;
pub mod statements;
pub mod volunteers;
