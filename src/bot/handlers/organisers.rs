//! Organisers: invited by admins for one district (`/addorganiser`, `or_<token>`), listed and
//! removed under `/organisers`; after their district's events they record from Telegram how
//! many came and a short note (the report counts both).

use std::sync::Arc;

use teloxide::{prelude::*, types::InlineKeyboardMarkup};

use crate::{
    bot::{
        Dialogue, HandlerResult, State, Tg, UserCtx, callback::Callback, deeplink::DeepLink,
        keyboards::button,
    },
    context::App,
    domain::{District, Grant},
    services::invites,
    storage::{InviteOutcome, localized, now},
    t,
    telegram_html::escape,
};

/// Days after an event its organiser can still record it.
const REPORT_DAYS: i64 = 30;
/// Longest note on an event.
pub const MAX_NOTE_CHARS: usize = 500;
/// More than this many people at one event is a typo.
const MAX_ATTENDANCE: i64 = 100_000;

/// `/addorganiser <district>`: a one-time invite for that district.
pub async fn add(bot: Tg, app: Arc<App>, ctx: UserCtx, arg: String) -> HandlerResult {
    let Ok(district) = District::parse_loose(arg.trim()) else {
        let ids = District::all().map(District::id).collect::<Vec<_>>().join(", ");
        bot.send_message(ctx.chat, t!(ctx.lang, "organiser-usage", districts = ids))
            .await?;
        return Ok(());
    };
    let token = invites::create(&app, ctx.id(), Grant::Organiser, Some(district)).await?;
    let link = format!(
        "https://t.me/{}?start={}",
        app.bot_username(),
        DeepLink::OrganiserInvite(token).encode()
    );
    bot.send_message(
        ctx.chat,
        t!(
            ctx.lang,
            "organiser-invite-created",
            link = escape(&link),
            district = district.name(ctx.lang)
        ),
    )
    .await?;
    Ok(())
}

/// Opening an organiser invite link.
pub async fn invite_opened(bot: &Tg, app: &App, ctx: &UserCtx, token: &str) -> HandlerResult {
    let key = match invites::accept(app, ctx.id(), &ctx.name, token, Grant::Organiser).await? {
        InviteOutcome::Granted => "organiser-invite-granted",
        InviteOutcome::Expired => "invite-expired",
        InviteOutcome::AlreadyUsed => "invite-used",
        InviteOutcome::Unknown => "invite-unknown",
    };
    let mut request = bot.send_message(ctx.chat, t!(ctx.lang, key));
    if key == "organiser-invite-granted" {
        request = request.reply_markup(events_button(ctx));
    }
    request.await?;
    Ok(())
}

fn events_button(ctx: &UserCtx) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![button(
        t!(ctx.lang, "organiser-events-button"),
        &Callback::OrganiserEvents,
    )]])
}

/// Under `/events`, for organisers: the way to their district's recent events.
pub async fn offer(bot: &Tg, ctx: &UserCtx) -> HandlerResult {
    if let Some(district) = ctx.user.organiser {
        bot.send_message(
            ctx.chat,
            t!(ctx.lang, "organiser-offer", district = district.name(ctx.lang)),
        )
        .reply_markup(events_button(ctx))
        .await?;
    }
    Ok(())
}

/// `/organisers`: the list, with Remove buttons.
pub async fn list(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let list: Vec<(i64, Option<String>)> = app
        .db
        .organisers()
        .await?
        .into_iter()
        .map(|(id, name, d)| {
            let name = name.unwrap_or_else(|| t!(ctx.lang, "volunteers-no-name"));
            (id, Some(format!("{name} · {}", d.name(ctx.lang))))
        })
        .collect();
    super::admin::roster(
        &bot,
        &ctx,
        &list,
        ["organisers-none", "organisers-list"],
        |user| Callback::RemoveOrganiser { user },
    )
    .await
}

/// Remove under `/organisers`: the role ends at once (a flow half-way ends at its next step).
pub async fn remove(bot: Tg, app: Arc<App>, ctx: UserCtx, user: i64) -> HandlerResult {
    if app.db.remove_organiser(user).await? {
        app.db
            .audit(ctx.id(), "organiser_removed", &user.to_string())
            .await?;
    }
    bot.send_message(
        ctx.chat,
        t!(ctx.lang, "organisers-removed", id = user.to_string()),
    )
    .await?;
    Ok(())
}

/// The organiser's district's events of the last days, each a button to record it.
pub async fn events(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let Some(district) = ctx.user.organiser else {
        bot.send_message(ctx.chat, t!(ctx.lang, "not-allowed")).await?;
        return Ok(());
    };
    let list = app.db.events_to_report(district, now(), REPORT_DAYS).await?;
    if list.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "organiser-no-events", days = REPORT_DAYS))
            .await?;
        return Ok(());
    }
    let rows = list
        .iter()
        .map(|(id, ru, kk, starts_at, attendance)| {
            let when = chrono::DateTime::from_timestamp(*starts_at, 0)
                .map(|t| {
                    t.with_timezone(&crate::domain::region_tz())
                        .format("%d.%m")
                        .to_string()
                })
                .unwrap_or_default();
            let mark = attendance.map_or_else(|| "📝".to_owned(), |n| format!("✅ {n}"));
            let title: String = localized(ctx.lang, ru, kk).chars().take(40).collect();
            vec![button(
                format!("{mark} {when} {title}"),
                &Callback::Attendance { event: *id },
            )]
        })
        .collect::<Vec<_>>();
    bot.send_message(
        ctx.chat,
        t!(ctx.lang, "organiser-events", district = district.name(ctx.lang)),
    )
    .reply_markup(InlineKeyboardMarkup::new(rows))
    .await?;
    Ok(())
}

/// An event's button: how many came?
pub async fn attendance_start(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    event: i64,
) -> HandlerResult {
    let allowed = match (ctx.user.organiser, app.db.event(event).await?) {
        (Some(d), Some(e)) => e.event.district == d && e.event.ends_at <= now(),
        _ => false,
    };
    if !allowed {
        bot.send_message(ctx.chat, t!(ctx.lang, "not-allowed")).await?;
        return Ok(());
    }
    dialogue.update(State::RecordingAttendance { event }).await?;
    bot.send_message(ctx.chat, t!(ctx.lang, "organiser-attendance-prompt"))
        .await?;
    Ok(())
}

/// The number of people.
pub async fn attendance_written(
    bot: Tg,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    event: i64,
) -> HandlerResult {
    if ctx.user.organiser.is_none() {
        return role_gone(&bot, &ctx, &dialogue).await;
    }
    let number = msg
        .text()
        .and_then(|t| t.trim().parse::<i64>().ok())
        .filter(|n| (0..=MAX_ATTENDANCE).contains(n));
    let Some(attendance) = number else {
        bot.send_message(ctx.chat, t!(ctx.lang, "organiser-attendance-prompt"))
            .await?;
        return Ok(());
    };
    dialogue
        .update(State::RecordingNote { event, attendance })
        .await?;
    bot.send_message(
        ctx.chat,
        t!(ctx.lang, "organiser-note-prompt", max = MAX_NOTE_CHARS),
    )
    .await?;
    Ok(())
}

/// The note ("-" for none): recorded.
pub async fn note_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    (event, attendance): (i64, i64),
) -> HandlerResult {
    let Some(district) = ctx.user.organiser else {
        return role_gone(&bot, &ctx, &dialogue).await;
    };
    let Some(text) = msg.text().map(str::trim) else {
        bot.send_message(
            ctx.chat,
            t!(ctx.lang, "organiser-note-prompt", max = MAX_NOTE_CHARS),
        )
        .await?;
        return Ok(());
    };
    if text.chars().count() > MAX_NOTE_CHARS {
        bot.send_message(
            ctx.chat,
            t!(ctx.lang, "organiser-note-prompt", max = MAX_NOTE_CHARS),
        )
        .await?;
        return Ok(());
    }
    let note = Some(text).filter(|t| !t.is_empty() && *t != "-");
    dialogue.update(State::Idle).await?;
    let key = if app
        .db
        .record_attendance(event, district, attendance, note, now())
        .await?
    {
        app.db
            .audit(
                ctx.id(),
                "attendance_recorded",
                &format!("event {event}: {attendance}"),
            )
            .await?;
        "organiser-recorded"
    } else {
        "not-allowed"
    };
    bot.send_message(ctx.chat, t!(ctx.lang, key, count = attendance))
        .reply_markup(events_button(&ctx))
        .await?;
    Ok(())
}

async fn role_gone(bot: &Tg, ctx: &UserCtx, dialogue: &Dialogue) -> HandlerResult {
    dialogue.update(State::Idle).await?;
    bot.send_message(ctx.chat, t!(ctx.lang, "role-ended")).await?;
    Ok(())
}
