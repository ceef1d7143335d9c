//! A busy day: a backlog in the volunteer group, a flood wait, a 429 on a receipt, chatter
//! during a broadcast. The delivery pipeline keeps its promises under load, not only one
//! message at a time: answers never wait behind the group, nothing is sent twice, bulk
//! recovers as soon as the chatter ends, and no edit repeats what a message already shows.

use std::{collections::HashMap, time::Duration};

use atazan::{
    domain::{Lang, QuestionText},
    fakeapi::{Call, Failure},
    storage::{Db, NewMessage, NewQuestion, OutboxKind},
};

use crate::{
    questions::{answer, ask, take, volunteer},
    support::{ADMIN, TestApp, WAIT, admin_user, wait_until},
};

const GROUP: i64 = -100_555;

/// `n` questions from residents `from..from+n`, stored as the bot stores them, each with its
/// post to the volunteer group: the group's queue (Telegram takes about one post per 3 s there).
pub(crate) async fn group_backlog(db: &Db, group: i64, from: i64, n: i64) -> Vec<i64> {
    let mut numbers = Vec::new();
    for user in from..from + n {
        db.touch_user(user).await.unwrap();
        let text = QuestionText::parse(&format!("Вопрос жителя {user} о местном самоуправлении")).unwrap();
        let q = NewQuestion {
            theme: None,
            user_id: user,
            chat_id: user,
            source_message_id: 1,
            lang: Lang::Ru,
            item_id: None,
            follow_up_of: None,
            text: Some(&text),
            media: &[],
        };
        let (number, _) = db
            .insert_question(&q, |n| {
                Some(NewMessage::new(OutboxKind::GroupPost, group, format!("Новый вопрос №{n}")).question(n))
            })
            .await
            .unwrap();
        numbers.push(number);
    }
    numbers
}

/// How many times each group post (by its text) was accepted by Telegram.
fn group_posts(calls: &[Call]) -> HashMap<String, usize> {
    let mut posts = HashMap::new();
    for c in calls {
        if c.method == "sendmessage" && c.ok && c.chat_id() == Some(GROUP) {
            *posts.entry(c.text().unwrap_or_default().to_owned()).or_insert(0) += 1;
        }
    }
    posts
}

#[tokio::test]
async fn an_answer_never_waits_behind_the_volunteer_groups_backlog() {
    let app = TestApp::spawn_with(&[("VOLUNTEER_CHAT_ID", &GROUP.to_string())]).await;
    let resident = app.onboard(21_001, "ru").await;
    let number = ask(&app, &resident, "Кто теперь назначает акима района?").await;
    let v = volunteer(&app, 21_002).await;
    // Forty more questions arrive at once: their posts queue for the group, 3 s apart.
    let db = app.db().await;
    let backlog = group_backlog(&db, GROUP, 21_100, 40).await;
    app.fake
        .wait_call(0, WAIT, |c| c.chat_id() == Some(GROUP) && c.ok)
        .await;

    let card = take(&app, &v).await;
    assert!(
        card.text().unwrap().contains(&format!("№{number}")),
        "{:?}",
        card.text()
    );
    let told = answer(
        &app,
        &v,
        &card,
        "Акимов районов избирают жители; подробности в законе.",
    )
    .await;
    assert!(told.text().unwrap().contains("доставлен"), "{:?}", told.text());
    let delivered = app
        .expect(resident.id, "the answer", |c| {
            c.method == "sendmessage" && c.text().is_some_and(|t| t.contains("Акимов районов избирают"))
        })
        .await;

    // The resident's chat had nothing else queued: the answer went before the group's queue
    // drained, not after it.
    let posted_before: usize = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.at < delivered.at && c.ok && c.chat_id() == Some(GROUP) && c.method == "sendmessage")
        .count();
    assert!(
        posted_before + 30 <= backlog.len() + 1,
        "the answer waited for {posted_before} of {} group posts",
        backlog.len() + 1
    );
}

#[tokio::test]
async fn a_flood_wait_on_the_group_posts_each_question_once() {
    let app = TestApp::spawn_with(&[("VOLUNTEER_CHAT_ID", &GROUP.to_string())]).await;
    // The group's first post meets Telegram's flood wait: 25 s.
    app.fake
        .fail_chat("sendmessage", GROUP, Failure::TooManyRequests(25), 1);
    let db = app.db().await;
    let numbers = group_backlog(&db, GROUP, 22_100, 16).await;
    // A resident writing meanwhile is answered at once: the hold is the group's, not the bot's.
    let resident = app.onboard(22_001, "ru").await;
    let help = app.say(&resident, "/help").await;
    assert!(help.ok);

    wait_until("every question posted", WAIT * 8, || {
        group_posts(&app.fake.calls()).len() == numbers.len()
    })
    .await;
    // Let any second copy (a claim whose lease ran out while it waited) show itself.
    app.fake.wait_quiet(Duration::from_secs(4), WAIT).await;
    let posts = group_posts(&app.fake.calls());
    let twice: Vec<_> = posts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "posted more than once: {twice:?}");
    for n in numbers {
        assert_eq!(posts.get(&format!("Новый вопрос №{n}")), Some(&1), "question {n}");
    }
}

#[tokio::test]
async fn a_claim_that_waits_past_its_lease_keeps_it_and_sends_once() {
    // Leases of 3 s; the group is held for 7 s, so every post waits more than two leases.
    let app = TestApp::spawn_with(&[
        ("VOLUNTEER_CHAT_ID", &GROUP.to_string()),
        ("SEND_LEASE_SECS", "3"),
    ])
    .await;
    app.fake
        .fail_chat("sendmessage", GROUP, Failure::TooManyRequests(7), 1);
    let db = app.db().await;
    let numbers = group_backlog(&db, GROUP, 23_100, 4).await;
    wait_until("every question posted", WAIT * 2, || {
        group_posts(&app.fake.calls()).len() == numbers.len()
    })
    .await;
    app.fake.wait_quiet(Duration::from_secs(4), WAIT).await;
    let posts = group_posts(&app.fake.calls());
    assert!(posts.values().all(|n| *n == 1), "each post once: {posts:?}");
    // And each question knows its post (the outcome was recorded by the claim that sent it).
    for n in numbers {
        let q = db.question(n).await.unwrap().unwrap();
        assert!(q.group_message_id.is_some(), "question {n} has its post's id");
    }
}

#[tokio::test]
async fn a_receipt_that_meets_a_429_still_reaches_the_resident() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(24_001, "ru").await;
    let first = app.say(&resident, "/ask").await;
    app.press(&resident, &first, "Согласен");
    app.expect_edit(resident.id).await;
    app.expect_message(resident.id).await;
    let preview = app.say(&resident, "Можно ли изъять землю без компенсации?").await;
    // Telegram is busy at the moment of the receipt.
    app.fake
        .fail_chat("sendmessage", resident.id, Failure::TooManyRequests(2), 1);
    app.press(&resident, &preview, "✅ Отправить");
    let receipt = app
        .expect(resident.id, "the receipt", |c| {
            c.method == "sendmessage" && c.text().is_some_and(|t| t.contains('№'))
        })
        .await;
    let refused = app
        .fake
        .calls()
        .into_iter()
        .find(|c| c.chat_id() == Some(resident.id) && !c.ok)
        .expect("the 429");
    assert!(
        receipt.at > refused.at,
        "the receipt came after the 429, from the outbox"
    );
    assert!(
        receipt.callback_data("Указать район").is_some(),
        "with its button (the first receipt offers the district), as a direct receipt: {:?}",
        receipt.params["reply_markup"]
    );
    // A second 5xx on the next receipt: the same, with the main menu.
    let again = app.say(&resident, "/ask").await;
    assert!(again.ok);
    let preview = app.say(&resident, "И ещё: что такое Курултай?").await;
    app.fake
        .fail_chat("sendmessage", resident.id, Failure::ServerError, 1);
    app.press(&resident, &preview, "✅ Отправить");
    let receipt = app
        .expect(resident.id, "the second receipt", |c| {
            c.method == "sendmessage" && c.text().is_some_and(|t| t.contains('№'))
        })
        .await;
    assert!(
        receipt.params["reply_markup"]["keyboard"].is_array(),
        "{:?}",
        receipt.params["reply_markup"]
    );
}

/// `n` subscribers with ids from `from`.
async fn subscribers(db: &Db, from: i64, n: i64) -> Vec<i64> {
    let mut ids = Vec::new();
    for id in from..from + n {
        db.touch_user(id).await.unwrap();
        db.set_lang(id, Lang::Ru).await.unwrap();
        db.set_subscription(id, true, false).await.unwrap();
        ids.push(id);
    }
    ids
}

/// The admin sends `text` to all subscribers now; returns the progress message.
async fn broadcast_now(app: &TestApp, text: &str) -> Call {
    let admin = app.onboard(ADMIN, "ru").await;
    app.say(&admin, "/broadcast").await;
    let choose = app.say(&admin, text).await;
    app.press(&admin, &choose, "Всем подписчикам");
    app.expect_message(ADMIN).await; // the preview
    let confirm = app.expect_message(ADMIN).await;
    app.press(&admin_user(), &confirm, "Отправить сейчас");
    app.expect_message(ADMIN).await
}

fn deliveries(calls: &[Call], ids: &[i64], text: &str) -> Vec<Call> {
    calls
        .iter()
        .filter(|c| {
            c.method == "sendmessage"
                && c.ok
                && c.chat_id().is_some_and(|id| ids.contains(&id))
                && c.text().is_some_and(|t| t.contains(text))
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_broadcast_resumes_as_soon_as_the_chatter_ends() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "10")]).await;
    let db = app.db().await;
    let ids = subscribers(&db, 25_000, 100).await;
    let chatty: Vec<_> = (0..20).map(|i| app.user(25_500 + i, Some("ru"))).collect();
    for u in &chatty {
        app.onboard(u.id, "ru").await;
    }
    broadcast_now(&app, "Встреча в акимате в пятницу").await;
    wait_until("the broadcast under way", WAIT, || {
        !deliveries(&app.fake.calls(), &ids, "Встреча в акимате").is_empty()
    })
    .await;
    // Eight seconds of 60 updates a second from twenty residents.
    let chatter_from = app.fake.call_count();
    for tick in 0..80 {
        for u in chatty.iter().cycle().skip((tick % 4) * 5).take(6) {
            app.fake.send_text(u, "/help");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The chatter ends when the bot has answered all of it.
    let answered =
        |c: &Call| c.method == "sendmessage" && c.chat_id().is_some_and(|id| (25_500..25_520).contains(&id));
    wait_until("the chatter answered", WAIT * 3, || {
        app.fake.calls()[chatter_from..]
            .iter()
            .filter(|c| answered(c))
            .count()
            >= 80 * 6
    })
    .await;
    let ended = app
        .fake
        .calls()
        .iter()
        .rfind(|c| answered(c))
        .map(|c| c.at)
        .unwrap();
    let sent_by_then = deliveries(&app.fake.calls(), &ids, "Встреча в акимате")
        .iter()
        .filter(|c| c.at <= ended)
        .count();
    if sent_by_then < ids.len() {
        // Bulk is back at its rate within a couple of seconds, not after the chatter's debt.
        let from = app.fake.call_count();
        let next = app
            .fake
            .wait_call(from, Duration::from_secs(8), |c| {
                c.method == "sendmessage" && c.ok && c.chat_id().is_some_and(|id| ids.contains(&id))
            })
            .await;
        assert!(next.is_some(), "no delivery within 8 s after the chatter ended");
    }
    wait_until("everyone reached", WAIT * 6, || {
        deliveries(&app.fake.calls(), &ids, "Встреча в акимате").len() >= ids.len()
    })
    .await;
    let sent = deliveries(&app.fake.calls(), &ids, "Встреча в акимате");
    let mut per_chat = HashMap::new();
    for c in &sent {
        *per_chat.entry(c.chat_id().unwrap()).or_insert(0) += 1;
    }
    assert!(per_chat.values().all(|n| *n == 1), "each subscriber once");
    let mut times: Vec<_> = sent.iter().map(|c| c.at).collect();
    times.sort();
    assert!(
        atazan::fakeapi::busiest_second(&times) <= 10,
        "never more than BROADCAST_RATE in a second"
    );
}

#[tokio::test]
async fn progress_is_never_edited_to_what_it_already_shows() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let db = app.db().await;
    let ids = subscribers(&db, 26_000, 3).await;
    // One recipient makes the broadcast wait 8 s: progress stays the same meanwhile.
    app.fake
        .fail_chat("sendmessage", 26_002, Failure::TooManyRequests(8), 1);
    let progress = broadcast_now(&app, "Публичное обсуждение закона о маслихатах").await;
    let id = progress.result_message_id().unwrap();
    app.expect(ADMIN, "final report", |c| {
        c.method == "sendmessage" && c.text().is_some_and(|t| t.contains("завершена"))
    })
    .await;
    assert_eq!(deliveries(&app.fake.calls(), &ids, "маслихатах").len(), 3);
    let edits: Vec<Call> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| {
            c.method == "editmessagetext" && c.chat_id() == Some(ADMIN) && c.params["message_id"] == id
        })
        .collect();
    assert!(!edits.is_empty(), "progress is shown");
    let refused: Vec<_> = edits.iter().filter(|c| !c.ok).collect();
    assert!(
        refused.is_empty(),
        "edits Telegram refused as \"not modified\": {}",
        refused.len()
    );
}

#[tokio::test]
async fn one_ask_flow_runs_at_most_seven_sql_statements() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(27_001, "ru").await;
    // The first question gives consent; the second is the flow measured.
    ask(&app, &resident, "Что изменилось в правах маслихатов?").await;
    let counted = || atazan::storage::statements_per_update(27_001);
    // The first flow's last update (Send) is counted once its handler has returned, which
    // may be after its receipt arrived.
    let boundary = app.fake.last_update_id();
    wait_until("the first flow counted", WAIT, || {
        counted().iter().any(|&(id, _)| id == boundary)
    })
    .await;
    let number = ask(&app, &resident, "А кто утверждает бюджет района?").await;
    let flow = || -> Vec<u32> {
        counted()
            .into_iter()
            .filter(|&(id, _)| id > boundary)
            .map(|(_, n)| n)
            .collect()
    };
    wait_until("the flow's three updates counted", WAIT, || flow().len() >= 3).await;
    let flow = flow();
    assert_eq!(flow.len(), 3, "/ask, the text, Send: {flow:?}");
    let total: u32 = flow.iter().sum();
    assert!(
        total <= 7,
        "one ask flow ran {total} SQL statements ({flow:?} for /ask, text, Send)"
    );
    // And it did what it should: stored, the dialogue over.
    let db = app.db().await;
    assert!(db.question(number).await.unwrap().is_some());
    assert_eq!(
        crate::support::scalar(
            &db,
            "SELECT COUNT(*) FROM dialogues WHERE chat_id = $1",
            &[crate::support::Val::I(27_001)]
        )
        .await,
        0,
        "the ask flow ended with the question stored"
    );
}
