//! The report's numbers, gathered from storage for a period and already labelled in the
//! reader's language, so that rendering needs nothing else.

use chrono::NaiveDate;

/// Everything the report shows, for the local dates `from..=to`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportData {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The region's local time the report was made, "YYYY-MM-DD HH:MM".
    pub generated_at: String,
    /// Questions received in the period, by theme (the label "—" row: no theme), most first.
    pub by_theme: Vec<QuestionRow>,
    /// The same questions by the resident's district ("—": not given), most first.
    pub by_district: Vec<QuestionRow>,
    /// Answer times of the questions received in the period and answered (by now).
    pub answers: AnswerTimes,
    /// Events starting in the period, per district (every district of the region, in its order).
    pub events: Vec<EventRow>,
    /// Statements with the most votes in the period, most first (at most ten).
    pub top_statements: Vec<StatementRow>,
    /// Statements every group of opinion agrees with (sets with enough voters), in set order.
    pub consensus: Vec<StatementRow>,
    /// Subscribers at the end of each week of the period (the week's Monday, count), oldest first.
    pub subscribers: Vec<(NaiveDate, i64)>,
}

/// Questions for one theme or district.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QuestionRow {
    pub label: String,
    pub received: i64,
    pub answered: i64,
}

/// How fast questions were answered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnswerTimes {
    pub answered: i64,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
    /// Of `answered`, how many within 48 hours of the question.
    pub within_48h: i64,
}

/// Events of one district.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventRow {
    pub district: String,
    /// All events starting in the period (cancelled included).
    pub planned: i64,
    /// Not cancelled and over by the time of the report.
    pub held: i64,
    pub cancelled: i64,
    /// Of `held`, how many have attendance recorded by their organiser.
    pub reported: i64,
    /// People at the reported events, summed.
    pub attendance: i64,
}

/// One statement's votes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatementRow {
    pub set_title: String,
    pub text: String,
    pub agree: i64,
    pub disagree: i64,
    pub pass: i64,
}

impl StatementRow {
    pub fn votes(&self) -> i64 {
        self.agree + self.disagree + self.pass
    }
}
