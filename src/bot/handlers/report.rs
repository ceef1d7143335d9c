//! `/report [week|month|all]` for admins: the coalition's report as one HTML document and a
//! zip of its charts and tables; `/mystats` for volunteers: their own work.

use std::sync::Arc;

use teloxide::{prelude::*, types::InputFile};

use crate::{
    bot::{HandlerResult, Tg, UserCtx},
    context::App,
    report::render,
    services::report::{self, Span},
    t,
};

pub async fn report(bot: Tg, app: Arc<App>, ctx: UserCtx, arg: String) -> HandlerResult {
    let Some(span) = Span::parse(&arg) else {
        bot.send_message(ctx.chat, t!(ctx.lang, "report-usage")).await?;
        return Ok(());
    };
    let (from, to) = span.dates(report::today());
    let lang = ctx.lang;
    let data = report::build(&app.db, from, to, lang).await?;
    let files = tokio::task::spawn_blocking(move || {
        let rendered = render::render(&data, lang)?;
        let zip = render::zip(&rendered)?;
        Ok::<_, String>((rendered.html, zip))
    })
    .await?;
    let (html, zip) = match files {
        Ok(f) => f,
        Err(e) => {
            log::error!("cannot render the report: {e}");
            bot.send_message(ctx.chat, t!(lang, "report-failed")).await?;
            return Ok(());
        }
    };
    let name = format!("atazan-report-{from}-{to}");
    bot.send_document(
        ctx.chat,
        InputFile::memory(html.into_bytes()).file_name(format!("{name}.html")),
    )
    .caption(t!(
        lang,
        "report-caption",
        from = from.to_string(),
        to = to.to_string()
    ))
    .await?;
    bot.send_document(ctx.chat, InputFile::memory(zip).file_name(format!("{name}.zip")))
        .await?;
    log::info!("admin {} made the report {from}..{to}", ctx.id());
    Ok(())
}

pub async fn mystats(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let (answered, median, helpful, not_helpful) = report::volunteer_stats(&app.db, ctx.id()).await?;
    let median = median.map_or_else(|| "—".to_owned(), |m| duration(ctx.lang, m));
    bot.send_message(
        ctx.chat,
        t!(
            ctx.lang,
            "mystats",
            answered = answered,
            median = median,
            helpful = helpful,
            not_helpful = not_helpful
        ),
    )
    .await?;
    Ok(())
}

/// Minutes as "2 ч 5 мин" / "2 сағ 5 мин".
fn duration(lang: crate::domain::Lang, minutes: i64) -> String {
    t!(lang, "duration", hours = minutes / 60, minutes = minutes % 60)
}
