//! Questions as CSV for the coalition's spreadsheets: UTF-8 with a BOM and `;` so Excel in a
//! Russian locale opens it correctly; times in the region's local time; residents' and
//! volunteers' text never runs as a formula there.

use crate::{
    domain::{csv_text, region_tz},
    storage::{Db, StorageError},
};

fn local(unix: Option<i64>) -> String {
    unix.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.with_timezone(&region_tz()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Every question with status, timings and answer.
pub async fn questions_csv(db: &Db) -> Result<Vec<u8>, StorageError> {
    let questions = db.all_questions().await?;
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        let header = [
            "id",
            "created_at",
            "lang",
            "status",
            "item_id",
            "follow_up_of",
            "question",
            "media",
            "answered_at",
            "minutes_to_answer",
            "answer",
            "delivery",
            "rating",
            "reject_reason",
        ];
        let write = |w: &mut csv::Writer<&mut Vec<u8>>, rec: Vec<String>| {
            w.write_record(&rec)
                .map_err(|e| StorageError::Io(std::io::Error::other(e)))
        };
        write(&mut w, header.iter().map(|s| (*s).to_owned()).collect())?;
        for q in questions {
            let minutes = q
                .answered_at
                .map(|a| ((a - q.created_at).max(0) / 60).to_string())
                .unwrap_or_default();
            write(
                &mut w,
                vec![
                    q.id.to_string(),
                    local(Some(q.created_at)),
                    q.lang.code().to_owned(),
                    q.status.as_str().to_owned(),
                    q.item_id.unwrap_or_default(),
                    q.follow_up_of.map(|n| n.to_string()).unwrap_or_default(),
                    csv_text(&q.body).into_owned(),
                    q.media_kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
                    local(q.answered_at),
                    minutes,
                    csv_text(q.answer.as_deref().unwrap_or_default()).into_owned(),
                    q.delivery.map(|d| d.as_str().to_owned()).unwrap_or_default(),
                    q.rating.map(|r| r.to_string()).unwrap_or_default(),
                    q.reject_reason.map(|r| r.as_str().to_owned()).unwrap_or_default(),
                ],
            )?;
        }
        w.flush()?;
    }
    Ok(out)
}
