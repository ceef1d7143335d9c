//! The handler tree, as data: which update goes to which handler.

use std::sync::Arc;

use teloxide::{
    dispatching::{UpdateHandler, dialogue::ErasedStorage},
    dptree::{self, case},
    prelude::*,
    types::User,
};

use super::{
    HandlerError, HandlerResult, State, Tg, UserCtx,
    callback::Callback,
    commands::Command,
    handlers::{
        self, admin, broadcast, content, drafts, editors, events, fallback, law, menu, organisers, privacy,
        questions, settings, start, statements, volunteer,
    },
};
use crate::{
    context::App,
    domain::{Lang, Role},
    i18n,
};

/// The whole handler tree.
pub fn schema() -> UpdateHandler<HandlerError> {
    let commands = dptree::entry()
        .filter_command::<Command>()
        .branch(
            dptree::filter(|cmd: Command, ctx: UserCtx| {
                permits(&ctx, cmd.required_role()) && (!cmd.needs_editor() || ctx.editor)
            })
            .endpoint(handlers::command),
        )
        .endpoint(refuse_command);

    // In the volunteer group, a reply to a question's post answers it; nothing else is handled.
    let group = dptree::filter(|m: Message, app: Arc<App>| Some(m.chat.id.0) == app.config.volunteer_chat_id)
        .filter(|m: Message| m.reply_to_message().is_some() && m.text().is_some())
        .endpoint(volunteer::group_reply);

    let messages = Update::filter_message()
        .branch(group)
        .filter(|m: Message| m.chat.is_private())
        .filter_map_async(|m: Message, app: Arc<App>| async move {
            load_ctx(&app, m.from.as_ref(), m.chat.id).await
        })
        .enter_dialogue::<Message, ErasedStorage<State>, State>()
        .branch(commands)
        .branch(
            dptree::filter(|m: Message| m.text().is_some_and(|t| t.starts_with('/')))
                .endpoint(fallback::unknown_command),
        )
        .branch(case![State::ChoosingLanguage { payload }].endpoint(start::still_choosing_language))
        .branch(dptree::filter_map(menu::MenuButton::from_message).endpoint(menu::pressed))
        .branch(case![State::Asking { item, follow_up }].endpoint(questions::received))
        .branch(case![State::CollectingAlbum { album }].endpoint(questions::album_part))
        .branch(case![State::ConfirmingQuestion { draft }].endpoint(questions::revised))
        .branch(case![State::Proposing { set }].endpoint(statements::proposal_written))
        .branch(case![State::Commenting { doc, article }].endpoint(drafts::comment_written))
        .branch(case![State::RespondingNote { comment, response }].endpoint(drafts::respond_note_written))
        .branch(case![State::RecordingAttendance { event }].endpoint(organisers::attendance_written))
        .branch(case![State::RecordingNote { event, attendance }].endpoint(organisers::note_written))
        // Privileged steps re-check the role on every message: a role taken away mid-flow
        // ends the flow (the dialogue is reset and the user told).
        .branch(
            dptree::filter(|s: State| s.required_role() > Role::Resident)
                .branch(
                    dptree::filter(|s: State, ctx: UserCtx| !permits(&ctx, s.required_role()))
                        .endpoint(role_ended),
                )
                .branch(case![State::Answering { question }].endpoint(volunteer::answer_written))
                .branch(
                    case![State::PreviewingAnswer { question, text }].endpoint(volunteer::answer_rewritten),
                )
                .branch(case![State::PublishingFaq { question }].endpoint(volunteer::faq_written))
                .branch(case![State::BroadcastCompose].endpoint(broadcast::composed))
                .branch(case![State::RejectingProposal { proposal }].endpoint(statements::rejection_written))
                .branch(case![State::RejectingComment { comment }].endpoint(drafts::rejection_written))
                .branch(case![State::BroadcastWhen { draft, audience }].endpoint(broadcast::when_written)),
        )
        // A volunteer holding a question: what they type is the answer draft for it (with
        // the preview), not a search.
        .branch(
            dptree::filter(|m: Message, ctx: UserCtx| {
                ctx.role.allows(Role::Volunteer) && m.text().is_some_and(|t| !t.trim().is_empty())
            })
            .filter_map_async(|ctx: UserCtx, app: Arc<App>| async move {
                let claim = app.db.current_claim(ctx.id()).await;
                claim.ok().flatten().map(|q| volunteer::Claimed(q.id))
            })
            .endpoint(volunteer::draft_for_claim),
        )
        .branch(
            dptree::filter(|m: Message| m.text().is_some_and(|t| i18n::is_any(t, "events-near-button")))
                .endpoint(events::near_button_as_text),
        )
        .branch(dptree::filter_map(|m: Message| m.location().copied()).endpoint(events::nearest))
        .branch(
            dptree::filter_map(|m: Message, ctx: UserCtx| {
                m.document()
                    .filter(|d| ctx.editor && statements::is_statements_file(d))
                    .cloned()
            })
            .endpoint(statements::upload),
        )
        .branch(
            dptree::filter_map(|m: Message, ctx: UserCtx| {
                m.document()
                    .filter(|d| ctx.editor && editors::is_pack_file(d))
                    .cloned()
            })
            .endpoint(editors::upload),
        )
        .branch(
            dptree::filter_map(|m: Message, ctx: UserCtx| {
                m.document().filter(|_| ctx.role.allows(Role::Admin)).cloned()
            })
            .endpoint(events::upload),
        )
        .branch(dptree::filter_map(law::ArticleRef::from_message).endpoint(law::typed))
        .branch(dptree::filter_map(|m: Message| m.text().map(str::to_owned)).endpoint(content::search))
        .endpoint(fallback::unexpected_message);

    let callbacks = Update::filter_callback_query()
        .filter_map_async(|q: CallbackQuery, app: Arc<App>| async move {
            let chat = q
                .message
                .as_ref()
                .map_or(ChatId(q.from.id.0 as i64), |m| m.chat().id);
            load_ctx(&app, Some(&q.from), chat).await
        })
        .enter_dialogue::<CallbackQuery, ErasedStorage<State>, State>()
        .branch(
            dptree::filter_map(|q: CallbackQuery| q.data.as_deref().and_then(|d| Callback::decode(d).ok()))
                .branch(
                    dptree::filter(|cb: Callback, ctx: UserCtx| {
                        !permits(&ctx, cb.required_role()) || (cb.needs_editor() && !ctx.editor)
                    })
                    .endpoint(refuse_callback),
                )
                .map_async(acknowledge)
                .chain(buttons()),
        )
        .endpoint(fallback::unknown_callback);

    let membership = Update::filter_my_chat_member().endpoint(settings::membership_changed);
    let inline = Update::filter_inline_query().endpoint(content::inline_query);

    count_statements()
        // Every update is about one reply: bulk sending makes room for it (within the second).
        .inspect(|app: Arc<App>| app.outbox.sender.limiter().note_reply())
        .branch(messages)
        .branch(callbacks)
        .branch(membership)
        .branch(inline)
}

/// An entry that counts the SQL statements the rest of the tree runs for each update (logged
/// at debug level and kept for tests and benchmarks: the hot path's cost, per chat).
fn count_statements() -> UpdateHandler<HandlerError> {
    dptree::from_fn_with_description(
        dptree::HandlerDescription::entry(),
        |deps: dptree::di::DependencyMap, cont| async move {
            let update = deps.try_get::<Update>();
            let (flow, n) = crate::storage::counting(cont(deps)).await;
            if let Some(update) = update {
                let chat = update.chat().map_or(0, |c| c.id.0);
                log::debug!("update {}: {n} SQL statements", update.id.0);
                crate::storage::record_update_statements(chat, i64::from(update.id.0), n);
            }
            flow
        },
        dptree::HandlerSignature::Entry,
    )
}

/// Button presses, decoded, authorised and answered: one branch per button, and where a
/// button belongs to a step of a dialogue, one per state (a stale button gets "outdated").
fn buttons() -> UpdateHandler<HandlerError> {
    use super::callback::VolunteerAction;
    dptree::entry()
        .branch(case![Callback::SetLang(lang)].endpoint(start::language_chosen))
        .branch(case![Callback::Settings(action)].endpoint(settings::action))
        .branch(case![Callback::SetDistrict(district)].endpoint(settings::district_chosen))
        .branch(case![Callback::Forget(yes)].endpoint(privacy::forget_confirmed))
        .branch(case![Callback::Menu(target)].endpoint(menu::open))
        .branch(case![Callback::AskAbout { item }].endpoint(questions::ask_about))
        .branch(
            case![Callback::AskSearched]
                .branch(case![State::SearchMiss { text, message_id }].endpoint(questions::ask_searched))
                .endpoint(questions::ask_fresh),
        )
        .branch(
            case![Callback::Consent(yes)]
                .branch(case![State::AwaitingConsent { start }].endpoint(questions::consent))
                .endpoint(fallback::outdated_button),
        )
        .branch(
            case![Callback::SubmitQuestion(send)]
                .branch(case![State::ConfirmingQuestion { draft }].endpoint(questions::submit))
                .endpoint(questions::already_handled),
        )
        .branch(case![Callback::ShowFaq { id }].endpoint(questions::show_faq))
        .branch(case![Callback::Rate { question, helpful }].endpoint(questions::rate))
        .branch(case![Callback::FollowUp { question }].endpoint(questions::follow_up))
        .branch(case![Callback::TakeNext].endpoint(volunteer::take_next))
        .branch(case![Callback::QueueLang(lang)].endpoint(volunteer::toggle_lang))
        .branch(
            case![Callback::Volunteer { question, action }]
                .branch(
                    dptree::filter(|(_, action): (i64, VolunteerAction)| {
                        action == VolunteerAction::SendAnswer
                    })
                    .chain(case![State::PreviewingAnswer { question, text }])
                    .endpoint(volunteer::send_answer),
                )
                .endpoint(volunteer::action),
        )
        .branch(case![Callback::RemoveVolunteer { user }].endpoint(admin::remove_volunteer))
        .branch(case![Callback::RemoveEditor { user }].endpoint(editors::remove_editor))
        .branch(case![Callback::PublishPack { draft }].endpoint(editors::publish))
        .branch(case![Callback::Rollback { version }].endpoint(editors::rollback))
        .branch(case![Callback::MarkChecked { item, lang }].endpoint(editors::mark_checked))
        .branch(
            case![Callback::BroadcastTo(choice)]
                .branch(case![State::BroadcastAudience { draft }].endpoint(broadcast::audience_chosen))
                .endpoint(fallback::outdated_button),
        )
        .branch(
            case![Callback::BroadcastNow]
                .branch(case![State::BroadcastConfirm { draft, audience }].endpoint(broadcast::send_now))
                .endpoint(fallback::outdated_button),
        )
        .branch(
            case![Callback::BroadcastLater]
                .branch(case![State::BroadcastConfirm { draft, audience }].endpoint(broadcast::later))
                .endpoint(fallback::outdated_button),
        )
        .branch(case![Callback::BroadcastCancel].endpoint(broadcast::cancel))
        .branch(case![Callback::StopBroadcast { id }].endpoint(broadcast::stop_button))
        .branch(case![Callback::Undeliverable(retry)].endpoint(admin::undeliverable))
        .branch(case![Callback::Event { id, action }].endpoint(events::card_action))
        .branch(case![Callback::EventsNear].endpoint(events::ask_location))
        .branch(case![Callback::StatementCard { set, at }].endpoint(statements::open))
        .branch(
            case![Callback::Vote {
                statement,
                vote,
                next
            }]
            .endpoint(statements::voted),
        )
        .branch(case![Callback::StatementResults { set }].endpoint(statements::results))
        .branch(case![Callback::Propose { set }].endpoint(statements::propose_start))
        .branch(case![Callback::ModerateNext].endpoint(statements::moderate_next))
        .branch(case![Callback::Moderate { proposal, approve }].endpoint(statements::moderation))
        .branch(case![Callback::OrganiserEvents].endpoint(organisers::events))
        .branch(case![Callback::Attendance { event }].endpoint(organisers::attendance_start))
        .branch(case![Callback::RemoveOrganiser { user }].endpoint(organisers::remove))
        .branch(case![Callback::Drafts].endpoint(drafts::list))
        .branch(case![Callback::Draft { doc }].endpoint(drafts::card))
        .branch(case![Callback::DraftArticle { doc, article, part }].endpoint(drafts::article))
        .branch(case![Callback::DraftComments { doc, article, page }].endpoint(drafts::comments))
        .branch(case![Callback::WriteComment { doc, article }].endpoint(drafts::write_start))
        .branch(case![Callback::AgreeComment { comment }].endpoint(drafts::agree))
        .branch(case![Callback::ModerateNextComment].endpoint(drafts::moderate_next))
        .branch(case![Callback::ModerateComment { comment, approve }].endpoint(drafts::moderation))
        .branch(case![Callback::Respond { comment, response }].endpoint(drafts::respond_start))
        .branch(case![Callback::DigestOf { doc }].endpoint(drafts::digest))
        .branch(dptree::filter(|cb: Callback| cb.is_event_list()).endpoint(events::navigate))
        .branch(dptree::filter(|cb: Callback| cb.is_law()).endpoint(law::navigate))
        .branch(dptree::filter(|cb: Callback| cb.is_pack_browsing()).endpoint(content::navigate))
}

/// Every press is answered at once (the spinner stops), whatever the handler does next: the
/// answer goes out beside the handler's own calls, not before them. Returns the message the
/// button was under.
async fn acknowledge(bot: Tg, q: CallbackQuery) -> Option<teloxide::types::MessageId> {
    let id = q.id.clone();
    tokio::spawn(async move {
        if let Err(e) = bot.answer_callback_query(id).await {
            log::warn!("atazan::bot: cannot answer a button press: {e}");
        }
    });
    q.message.as_ref().map(|m| m.id())
}

/// Records the user and works out their language and role; reads their dialogue state and
/// question counts in the same statement.
async fn load_ctx(app: &App, from: Option<&User>, chat: ChatId) -> Option<UserCtx> {
    let from = from?;
    let loaded = match app.db.load_for_update(from.id.0 as i64, chat.0).await {
        Ok(l) => l,
        Err(e) => {
            log::error!("cannot record user {}: {e}", from.id.0);
            return None;
        }
    };
    let user = loaded.user;
    let telegram_lang = Lang::from_telegram(from.language_code.as_deref());
    Some(UserCtx {
        lang: user.lang.or(telegram_lang).unwrap_or(Lang::Ru),
        role: app.role_of(&user),
        editor: user.is_editor || app.is_admin(user.id),
        telegram_lang,
        chat,
        user,
        name: from
            .username
            .as_ref()
            .map_or_else(|| from.first_name.clone(), |u| format!("@{u}")),
        open_questions: loaded.open_questions,
        questions_today: loaded.questions_today,
    })
}

/// The one role check, for commands and buttons alike.
fn permits(ctx: &UserCtx, required: Role) -> bool {
    ctx.role.allows(required)
}

/// A command the user's role does not allow: say so.
async fn refuse_command(cmd: Command, ctx: UserCtx, bot: Tg) -> HandlerResult {
    log::warn!("user {} ({:?}) tried {cmd:?}", ctx.id(), ctx.role);
    bot.send_message(ctx.chat, crate::t!(ctx.lang, "not-allowed"))
        .await?;
    Ok(())
}

/// A message in the middle of a flow the user's role no longer allows: the flow ends.
async fn role_ended(bot: Tg, ctx: UserCtx, dialogue: super::Dialogue, state: State) -> HandlerResult {
    log::warn!(
        "user {} ({:?}) lost the role for {state:?}; ending it",
        ctx.id(),
        ctx.role
    );
    dialogue.update(State::Idle).await?;
    bot.send_message(ctx.chat, crate::t!(ctx.lang, "role-ended"))
        .await?;
    Ok(())
}

/// A button the user's role does not allow (forged data, or a role revoked since): say so.
async fn refuse_callback(cb: Callback, q: CallbackQuery, ctx: UserCtx, bot: Tg) -> HandlerResult {
    log::warn!("user {} ({:?}) pressed {cb:?}", ctx.id(), ctx.role);
    bot.answer_callback_query(q.id)
        .text(crate::t!(ctx.lang, "not-allowed"))
        .show_alert(true)
        .await?;
    Ok(())
}
