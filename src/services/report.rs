//! The coalition's report for a period: the numbers gathered from storage, turned into the
//! report's labelled tables in the reader's language (`/report`, `atazan report`), and a
//! volunteer's own figures (`/mystats`).

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, TimeZone};

use crate::{
    domain::{District, Lang, Theme, region_tz},
    i18n,
    report::{AnswerTimes, EventRow, QuestionRow, ReportData, StatementRow},
    storage::{Db, StorageError, localized, now},
};

/// What `/report` covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Week,
    Month,
    All,
}

impl Span {
    /// `week`, `month`, `all` (also in Russian and Kazakh); empty: a week.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "" | "week" | "неделя" | "апта" => Some(Self::Week),
            "month" | "месяц" | "ай" => Some(Self::Month),
            "all" | "всё" | "все" | "барлығы" => Some(Self::All),
            _ => None,
        }
    }

    /// The local dates it covers, ending today.
    pub fn dates(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let from = match self {
            Self::Week => today - Days::new(6),
            Self::Month => today - Days::new(29),
            // The campaign's start: nothing is older.
            Self::All => NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
        };
        (from.min(today), today)
    }
}

/// Today in the region.
pub fn today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&region_tz()).date_naive()
}

fn midnight(d: NaiveDate) -> i64 {
    let naive = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    region_tz()
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc().timestamp(), |t| t.timestamp())
}

/// A label without its leading emoji (the charts' font has none).
fn plain(label: String) -> String {
    match label.split_once(' ') {
        Some((head, rest)) if !head.chars().any(char::is_alphanumeric) => rest.to_owned(),
        _ => label,
    }
}

fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The median and 90th percentile (nearest rank) of `secs`, in minutes.
pub fn median_p90_minutes(secs: &[i64]) -> (Option<i64>, Option<i64>) {
    let mut sorted = secs.to_vec();
    sorted.sort_unstable();
    (
        percentile(&sorted, 0.5).map(|s| s / 60),
        percentile(&sorted, 0.9).map(|s| s / 60),
    )
}

/// The report for the local dates `from..=to`, labelled in `lang`.
pub async fn build(db: &Db, from: NaiveDate, to: NaiveDate, lang: Lang) -> Result<ReportData, StorageError> {
    let (start, end) = (midnight(from), midnight(to + Days::new(1)));
    let t = now();
    let raw = db.report(start, end, t).await?;
    let none = i18n::t(lang, "report-label-none");

    let mut by_theme: BTreeMap<String, QuestionRow> = BTreeMap::new();
    let mut by_district: BTreeMap<String, QuestionRow> = BTreeMap::new();
    for g in &raw.questions {
        let theme = g
            .theme
            .as_deref()
            .and_then(|x| x.parse::<Theme>().ok())
            .map_or_else(|| none.clone(), |x| plain(i18n::t(lang, &x.name_key())));
        let district = g
            .district
            .as_deref()
            .and_then(|x| x.parse::<District>().ok())
            .map_or_else(|| none.clone(), |d| d.name(lang).to_owned());
        for (map, label) in [(&mut by_theme, theme), (&mut by_district, district)] {
            let row = map.entry(label.clone()).or_insert_with(|| QuestionRow {
                label,
                ..QuestionRow::default()
            });
            row.received += g.received;
            row.answered += g.answered;
        }
    }
    let sorted = |m: BTreeMap<String, QuestionRow>| {
        let mut v: Vec<_> = m.into_values().collect();
        v.sort_by(|a, b| b.received.cmp(&a.received).then(a.label.cmp(&b.label)));
        v
    };

    let (median_minutes, p90_minutes) = median_p90_minutes(&raw.answer_secs);
    let answers = AnswerTimes {
        answered: raw.answer_secs.len() as i64,
        median_minutes,
        p90_minutes,
        within_48h: raw.answer_secs.iter().filter(|s| **s <= 48 * 3600).count() as i64,
    };

    let events = District::all()
        .map(|d| {
            let g = raw.events.iter().find(|g| g.district == d.id());
            EventRow {
                district: d.name(lang).to_owned(),
                planned: g.map_or(0, |g| g.planned),
                held: g.map_or(0, |g| g.held),
                cancelled: g.map_or(0, |g| g.cancelled),
                reported: g.map_or(0, |g| g.reported),
                attendance: g.map_or(0, |g| g.attendance),
            }
        })
        .collect();

    let top_statements = raw
        .statements
        .iter()
        .map(|s| StatementRow {
            set_title: localized(lang, &s.title_ru, &s.title_kk).to_owned(),
            text: localized(lang, &s.text_ru, &s.text_kk).to_owned(),
            agree: s.agree,
            disagree: s.disagree,
            pass: s.pass,
        })
        .collect();

    let mut consensus = Vec::new();
    let sets = db.statement_sets().await?;
    for set_id in &raw.voted_sets {
        let statements = db.set_statements(set_id).await?;
        let ballots = db.set_ballots(set_id).await?;
        let (_, opinion) = super::statements::groups_of(&statements, &ballots);
        let title = sets
            .iter()
            .find(|s| &s.id == set_id)
            .map_or_else(String::new, |s| s.title(lang).to_owned());
        for i in opinion.map(|o| o.consensus).unwrap_or_default() {
            if let Some(s) = statements.get(i) {
                consensus.push(StatementRow {
                    set_title: title.clone(),
                    text: s.text(lang).to_owned(),
                    agree: s.agree,
                    disagree: s.disagree,
                    pass: s.pass,
                });
            }
        }
    }

    // Subscribers at the end of each week (Monday to Sunday) of the period.
    let mut subscribers = Vec::new();
    let mut monday = from - Days::new(u64::from(from.weekday().num_days_from_monday()));
    while monday <= to {
        let week_end = midnight(monday + Days::new(7)).min(end);
        let count = raw.subscribed_at.partition_point(|s| *s < week_end) as i64;
        subscribers.push((monday, count));
        monday = monday + Days::new(7);
    }

    let generated_at = chrono::DateTime::from_timestamp(t, 0)
        .map(|x| x.with_timezone(&region_tz()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    Ok(ReportData {
        from,
        to,
        generated_at,
        by_theme: sorted(by_theme),
        by_district: sorted(by_district),
        answers,
        events,
        top_statements,
        consensus,
        subscribers,
    })
}

/// A volunteer's work: answered, median minutes to answer, helpful and not helpful ratings.
pub async fn volunteer_stats(db: &Db, volunteer: i64) -> Result<(i64, Option<i64>, i64, i64), StorageError> {
    let (secs, helpful, not_helpful) = db.volunteer_work(volunteer).await?;
    let (median, _) = median_p90_minutes(&secs);
    Ok((secs.len() as i64, median, helpful, not_helpful))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let secs: Vec<i64> = (1..=10).map(|m| m * 60).collect();
        assert_eq!(median_p90_minutes(&secs), (Some(5), Some(9)));
        assert_eq!(median_p90_minutes(&[]), (None, None));
    }

    #[test]
    fn spans_end_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(
            Span::parse("").unwrap().dates(today).0,
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        assert_eq!(
            Span::parse("month").unwrap().dates(today).0,
            NaiveDate::from_ymd_opt(2026, 11, 4).unwrap()
        );
        assert_eq!(Span::parse("nonsense"), None);
    }
}
