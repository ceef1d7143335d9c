//! The coalition's report: what the bot and the events achieved over a period, as PNG charts,
//! a CSV per table and one HTML document in the reader's language (`/report`, `atazan report`).
//! `data` gathers the numbers from storage; `render` draws and writes them. Counts of people
//! under five are never shown exactly (see [`shown`]).

pub mod data;
pub mod digest;
pub mod render;

pub use data::*;

/// A count of people as the report shows it: 1–4 become "<5" (a small cell could point at a
/// person); 0 and 5+ are exact.
pub fn shown(n: i64) -> String {
    if (1..SMALL_CELL).contains(&n) {
        "<5".to_owned()
    } else {
        n.to_string()
    }
}

/// Counts below this (and above zero) are hidden.
pub const SMALL_CELL: i64 = 5;
