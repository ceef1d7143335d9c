//! What residents think, end to end: statement sets published from a file, one changeable vote
//! per resident, proposals moderated by volunteers, groups of opinion on planted groups, the
//! close date, `/mydata` and `/forget`; themes and districts on questions; organisers and
//! attendance; the report (through `/report` and `atazan report`) against the test's own
//! count of the rows it made; `/mystats`.

use std::io::Read;

use atazan::fakeapi::Call;

use crate::{
    editors::send_file,
    questions::{answer, ask, take, volunteer},
    support::{ADMIN, TestApp, Val, WAIT, admin_user, exec, scalar, texts, wait_until},
};

impl From<i64> for Val {
    fn from(i: i64) -> Self {
        Self::I(i)
    }
}
impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Self::S(s.to_owned())
    }
}
impl From<String> for Val {
    fn from(s: String) -> Self {
        Self::S(s)
    }
}

/// A statements file with one set open from yesterday for a week (local dates).
fn statements_file(id: &str, texts: &[&str]) -> Vec<u8> {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Oral)
        .date_naive();
    let mut s = format!(
        "[[set]]\nid = \"{id}\"\ntheme = \"local_government\"\ntitle_ru = \"Местное самоуправление\"\ntitle_kk = \"Жергілікті өзін-өзі басқару\"\nopens = \"{}\"\ncloses = \"{}\"\n",
        today - chrono::Days::new(1),
        today + chrono::Days::new(7)
    );
    for t in texts {
        s.push_str(&format!("[[set.statement]]\nru = \"{t}\"\nkk = \"{t} (kk)\"\n"));
    }
    s.into_bytes()
}

async fn publish(app: &TestApp, id: &str, texts: &[&str]) {
    send_file(app, &admin_user(), "statements.toml", statements_file(id, texts));
    let done = app.expect_message(ADMIN).await;
    assert!(
        done.text().unwrap().contains("Утверждения опубликованы"),
        "{:?}",
        done.text()
    );
}

/// The receipts sent to `user` that offer to give their district.
async fn offers_district(app: &TestApp, user: i64) -> Vec<Call> {
    app.fake
        .calls()
        .into_iter()
        .filter(|c| {
            c.chat_id() == Some(user)
                && c.method == "sendmessage"
                && c.text()
                    .is_some_and(|t| t.contains("получен") && t.contains("укажите свой район"))
        })
        .collect()
}

fn hex_bytes(call: &Call) -> Vec<u8> {
    let hex = call.params["document"]["hex"].as_str().unwrap();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

async fn votes_of(app: &TestApp, user: i64) -> Vec<String> {
    texts(
        &app.db().await,
        "SELECT CAST(v.vote AS TEXT) FROM votes v JOIN statements s ON s.id = v.statement_id WHERE v.user_id = $1 ORDER BY s.position",
        &[user.into()],
    )
    .await
}

#[tokio::test]
async fn one_changeable_vote_per_resident_until_the_close_date_and_forget_removes_them() {
    let app = TestApp::spawn().await;
    let admin = app.onboard(ADMIN, "ru").await;

    // A broken file: every problem listed, nothing published.
    let broken = String::from_utf8(statements_file("local", &["Акимов сёл нужно выбирать"]))
        .unwrap()
        .replace("local_government", "weather");
    send_file(&app, &admin, "statements.toml", broken.into_bytes());
    let refused = app.expect_message(ADMIN).await;
    assert!(
        refused.text().unwrap().contains("weather"),
        "{:?}",
        refused.text()
    );
    assert_eq!(
        scalar(&app.db().await, "SELECT COUNT(*) FROM statement_sets", &[]).await,
        0
    );

    publish(
        &app,
        "local",
        &[
            "Акимов сёл нужно выбирать",
            "Маслихат должен отчитываться",
            "Бюджет района — онлайн",
        ],
    )
    .await;
    let r = app.onboard(6101, "ru").await;
    let card = app.say(&r, "/statements").await;
    let text = card.text().unwrap();
    assert!(
        text.contains("1 из 3") && text.contains("Акимов сёл нужно выбирать"),
        "{text}"
    );

    app.press(&r, &card, "Согласен");
    let second = app.expect_edit(r.id).await;
    assert!(second.text().unwrap().contains("2 из 3"), "{:?}", second.text());
    // A double tap of the first button: still one vote for that statement.
    app.press(&r, &card, "Согласен");
    app.press(&r, &second, "Не согласен");
    let third = app.expect_edit(r.id).await;
    assert!(third.text().unwrap().contains("3 из 3"), "{:?}", third.text());
    app.press(&r, &third, "Не знаю");
    let done = app.expect_edit(r.id).await;
    assert!(
        done.text().unwrap().contains("ответили на все 3"),
        "{:?}",
        done.text()
    );
    assert_eq!(votes_of(&app, r.id).await, ["1", "-1", "0"]);

    // A change of mind: from the first statement again, the current vote shown.
    app.press(&r, &done, "Изменить ответы");
    let again = app.expect_edit(r.id).await;
    assert!(
        again.text().unwrap().contains("Ваш ответ: 👍 Согласен"),
        "{:?}",
        again.text()
    );
    app.press(&r, &again, "Не согласен");
    let next = app.expect_edit(r.id).await;
    assert!(next.text().unwrap().contains("2 из 3"), "{:?}", next.text());
    assert_eq!(votes_of(&app, r.id).await, ["-1", "-1", "0"]);

    // Kazakh: the Kazakh texts; another resident's votes are theirs only.
    let k = app.onboard(6102, "kk").await;
    let card_kk = app.say(&k, "/statements").await;
    assert!(
        card_kk.text().unwrap().contains("Акимов сёл нужно выбирать (kk)"),
        "{:?}",
        card_kk.text()
    );
    app.press(&k, &card_kk, "Келісемін");
    app.expect_edit(k.id).await;

    // Results: small counts are never exact.
    app.press(&r, &next, "Итоги");
    let results = app.expect_message(r.id).await;
    let text = results.text().unwrap();
    assert!(
        text.contains("Участников: &lt;5") && text.contains("голосов: &lt;5"),
        "{text}"
    );
    assert!(text.contains("Группы мнений появятся"), "{text}");

    // /mydata lists one's own votes only.
    let mine = app.say(&r, "/mydata").await;
    let text = mine.text().unwrap();
    assert!(text.contains("Ваши ответы на утверждения (3)"), "{text}");
    assert!(
        text.contains("«Акимов сёл нужно выбирать» — 👎 Не согласен"),
        "{text}"
    );
    assert!(!text.contains("(kk)"), "{text}");

    // After the close date a vote changes nothing and the card says so.
    exec(
        &app.db().await,
        "UPDATE statement_sets SET opens_at = opens_at - 864000, closes_at = opens_at - 86400",
        &[],
    )
    .await;
    app.press(&r, &next, "Согласен");
    let closed = app.expect_edit(r.id).await;
    assert!(closed.text().unwrap().contains("закрыто"), "{:?}", closed.text());
    assert_eq!(votes_of(&app, r.id).await, ["-1", "-1", "0"]);
    assert!(
        app.say(&r, "/statements")
            .await
            .text()
            .unwrap()
            .contains("нет открытых")
    );

    // /forget: their votes are gone, the other resident's stay.
    let confirm = app.say(&r, "/forget").await;
    app.press(&r, &confirm, "Удалить");
    app.expect_message(r.id).await;
    assert!(votes_of(&app, r.id).await.is_empty());
    assert_eq!(votes_of(&app, k.id).await, ["1"]);
    let _ = admin;
}

#[tokio::test]
async fn proposals_wait_for_a_volunteer_and_the_resident_hears_the_outcome() {
    let app = TestApp::spawn().await;
    app.onboard(ADMIN, "ru").await;
    publish(&app, "land", &["Земля должна оставаться у народа"]).await;
    let r = app.onboard(6201, "ru").await;
    let card = app.say(&r, "/statements").await;
    app.press(&r, &card, "Предложить своё");
    assert!(
        app.expect_message(r.id)
            .await
            .text()
            .unwrap()
            .contains("до 140 символов")
    );
    app.fake.send_sticker(&r);
    assert!(app.expect_message(r.id).await.text().unwrap().contains("текстом"));
    let long = "🌾".repeat(141);
    assert!(
        app.say(&r, &long)
            .await
            .text()
            .unwrap()
            .contains("Получилось 141")
    );
    let received = app.say(&r, "Пастбища вокруг сёл — общие").await;
    assert!(
        received.text().unwrap().contains("отправлено волонтёрам"),
        "{:?}",
        received.text()
    );

    // Not shown to anyone before moderation.
    let other = app.onboard(6202, "ru").await;
    let seen = app.say(&other, "/statements").await;
    assert!(seen.text().unwrap().contains("1 из 1"), "{:?}", seen.text());

    let v = volunteer(&app, 6203).await;
    let queue = app.say(&v, "/queue").await;
    assert!(
        queue.text().unwrap().contains("на проверке: 1"),
        "{:?}",
        queue.text()
    );
    app.press(&v, &queue, "Проверить предложения");
    let mod_card = app.expect_message(v.id).await;
    assert!(mod_card.text().unwrap().contains("Пастбища вокруг сёл — общие"));
    app.press(&v, &mod_card, "Опубликовать");
    assert!(
        app.expect_message(v.id)
            .await
            .text()
            .unwrap()
            .contains("Опубликовано")
    );
    let told = app.expect_message(r.id).await;
    assert!(told.text().unwrap().contains("опубликовано"), "{:?}", told.text());
    // A second tap on the same card: already moderated, nothing changes.
    app.press(&v, &mod_card, "Опубликовать");
    assert!(
        app.expect_message(v.id)
            .await
            .text()
            .unwrap()
            .contains("уже проверил")
    );
    let seen = app.say(&other, "/statements").await;
    assert!(seen.text().unwrap().contains("1 из 2"), "{:?}", seen.text());

    // A rejection with a reason the resident reads; a volunteer whose role ends half-way.
    let card = app.say(&r, "/statements").await;
    app.press(&r, &card, "Предложить своё");
    app.expect_message(r.id).await;
    app.say(&r, "Все чиновники — воры").await;
    app.press(&v, &app.say(&v, "/queue").await, "Проверить предложения");
    let mod_card = app.expect_message(v.id).await;
    app.press(&v, &mod_card, "Отклонить");
    assert!(app.expect_message(v.id).await.text().unwrap().contains("причину"));
    app.db().await.set_volunteer(v.id, false).await.unwrap();
    let ended = app.say(&v, "Оскорбление").await;
    assert!(!ended.text().unwrap().contains("Отклонено"), "{:?}", ended.text());
    assert_eq!(
        scalar(
            &app.db().await,
            "SELECT COUNT(*) FROM statements WHERE status = 'proposed'",
            &[]
        )
        .await,
        1
    );
    app.db().await.set_volunteer(v.id, true).await.unwrap();
    app.press(&v, &app.say(&v, "/queue").await, "Проверить предложения");
    let mod_card = app.expect_message(v.id).await;
    app.press(&v, &mod_card, "Отклонить");
    app.expect_message(v.id).await;
    assert!(
        app.say(&v, "Обобщение и оскорбление, не утверждение о законе")
            .await
            .text()
            .unwrap()
            .contains("Отклонено")
    );
    let told = app.expect_message(r.id).await;
    let text = told.text().unwrap();
    assert!(
        text.contains("не опубликовано") && text.contains("Обобщение и оскорбление"),
        "{text}"
    );
    let seen = app.say(&other, "/statements").await;
    assert!(seen.text().unwrap().contains("из 2"), "{:?}", seen.text());
}

/// 120 voters in two planted groups over 8 statements: 0–69 agree with 0–2 and disagree with
/// 3–5, 70–119 the reverse; everyone agrees with 6 and 7. Every fifth voter skips statement 0,
/// and one vote in ten on 0–5 goes the other way (people are not blocs).
#[tokio::test]
async fn groups_of_opinion_recover_two_planted_groups_and_what_they_all_agree_on() {
    let app = TestApp::spawn().await;
    app.onboard(ADMIN, "ru").await;
    let texts: Vec<String> = (0..8).map(|i| format!("Утверждение номер {i}")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    publish(&app, "planted", &refs).await;
    let db = app.db().await;
    let ids: Vec<i64> = (0..8).collect();
    let statement_ids: Vec<i64> = {
        let mut v = Vec::new();
        for i in &ids {
            v.push(
                scalar(
                    &db,
                    "SELECT id FROM statements WHERE set_id = 'planted' AND position = $1",
                    &[(*i).into()],
                )
                .await,
            );
        }
        v
    };
    let now = chrono::Utc::now().timestamp();
    for voter in 0..120i64 {
        let user = 900_000 + voter;
        db.touch_user(user).await.unwrap();
        let first = voter < 70;
        for (i, s) in statement_ids.iter().enumerate() {
            if i == 0 && voter % 5 == 0 {
                continue;
            }
            use atazan::domain::Vote::{Agree, Disagree};
            let flip = i < 6 && (voter as usize * 7 + i * 3) % 10 == 0;
            let vote = match (i, first != flip) {
                (0..=2, true) | (3..=5, false) | (6.., _) => Agree,
                _ => Disagree,
            };
            db.vote(user, *s, vote, now).await.unwrap();
        }
    }
    let r = app.onboard(6301, "ru").await;
    app.fake.send_text(&r, "/start st_planted");
    let card = app
        .expect(r.id, "the card", |c| {
            c.text().is_some_and(|t| t.contains("1 из 8"))
        })
        .await;
    app.press(&r, &card, "Итоги");
    let results = app.expect_message(r.id).await;
    let text = results.text().unwrap();
    assert!(text.contains("Участников: 120"), "{text}");
    let sizes: Vec<i64> = text
        .split("Групп мнений: 2 (по числу людей: ")
        .nth(1)
        .unwrap_or_else(|| panic!("two groups: {text}"))
        .split(')')
        .next()
        .unwrap()
        .split(" · ")
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(
        (67..=73).contains(&sizes[0]) && (47..=53).contains(&sizes[1]),
        "{sizes:?}"
    );
    let consensus = text
        .split("согласны все группы")
        .nth(1)
        .unwrap()
        .split("группы расходятся")
        .next()
        .unwrap();
    assert!(
        consensus.contains("номер 6") && consensus.contains("номер 7") && !consensus.contains("номер 0"),
        "{consensus}"
    );
    let divisive = text.split("группы расходятся").nth(1).unwrap();
    for i in 0..6 {
        assert!(
            divisive.contains(&format!("номер {i}")) || i == 5,
            "statement {i} divides: {divisive}"
        );
    }
    assert!(
        !divisive.contains("номер 6") && !divisive.contains("номер 7"),
        "{divisive}"
    );
}

#[tokio::test]
async fn questions_carry_a_theme_and_a_district_and_the_volunteer_can_change_the_theme() {
    let app = TestApp::spawn().await;
    let r = app.onboard(6401, "ru").await;
    let number = ask(&app, &r, "Как будут избирать акимов сёл и районов?").await;
    // Asked once, under the first receipt, and optional.
    let receipt = offers_district(&app, r.id).await;
    assert_eq!(receipt.len(), 1, "the first receipt offers the district");
    app.press(&r, &receipt[0], "Указать район");
    let picker = app.expect_message(r.id).await;
    assert!(
        picker.text().unwrap().contains("Из какого вы района"),
        "{:?}",
        picker.text()
    );
    app.press(&r, &picker, "Бурлин");
    app.expect_edit(r.id).await;
    let db = app.db().await;
    let row = db.question(number).await.unwrap().unwrap();
    assert_eq!(row.district.map(|d| d.id()), Some("burlin"));
    let suggested = row.theme;
    // The second question: not asked again; the district comes from the setting.
    let second = ask(&app, &r, "Что изменится для малого бизнеса?").await;
    assert_eq!(
        db.question(second)
            .await
            .unwrap()
            .unwrap()
            .district
            .map(|d| d.id()),
        Some("burlin")
    );
    assert_eq!(offers_district(&app, r.id).await.len(), 1, "asked once");

    // Who ignores the offer is not asked again and their questions carry no district.
    let skipper = app.onboard(6402, "ru").await;
    ask(&app, &skipper, "Когда следующие выборы президента?").await;
    let q = ask(&app, &skipper, "А выборы в Курултай когда?").await;
    assert_eq!(offers_district(&app, skipper.id).await.len(), 1);
    assert_eq!(db.question(q).await.unwrap().unwrap().district, None);

    let v = volunteer(&app, 6403).await;
    let card = take(&app, &v).await;
    assert!(
        card.text().unwrap().contains("🏷") && card.text().unwrap().contains("Бурлин"),
        "{:?}",
        card.text()
    );
    app.press(&v, &card, "Сменить тему");
    let themes = app.expect_message(v.id).await;
    app.press(&v, &themes, "Трудовые права");
    assert!(
        app.expect_message(v.id)
            .await
            .text()
            .unwrap()
            .contains("Трудовые права")
    );
    let row = db.question(number).await.unwrap().unwrap();
    assert_eq!(row.theme, Some(atazan::domain::Theme::Labour));
    assert!(suggested.is_none() || suggested != Some(atazan::domain::Theme::Labour));

    // /mystats after answering.
    answer(&app, &v, &card, "Акимов сельских округов избирают жители.").await;
    let stats = app.say(&v, "/mystats").await;
    assert!(stats.text().unwrap().contains("Ответов: 1"), "{:?}", stats.text());
}

async fn insert_event(app: &TestApp, external: &str, district: &str, starts_ago_h: i64) -> i64 {
    let db = app.db().await;
    let now = chrono::Utc::now().timestamp();
    exec(
        &db,
        "INSERT INTO events (external_id, title_ru, kind, starts_at, ends_at, district, updated_at)
         VALUES ($1, $2, 'meeting', $3, $4, $5, $4)",
        &[
            external.into(),
            format!("Встреча {external}").into(),
            (now - starts_ago_h * 3600).into(),
            (now - starts_ago_h * 3600 + 7200).into(),
            district.into(),
        ],
    )
    .await;
    scalar(
        &db,
        "SELECT id FROM events WHERE external_id = $1",
        &[external.into()],
    )
    .await
}

#[tokio::test]
async fn an_organiser_records_attendance_for_their_own_district_only() {
    let app = TestApp::spawn().await;
    let admin = app.onboard(ADMIN, "ru").await;
    let burlin = insert_event(&app, "b-1", "burlin", 5).await;
    let uralsk = insert_event(&app, "u-1", "uralsk", 5).await;
    let link = app.say(&admin, "/addorganiser Бурлинский").await;
    let text = link.text().unwrap();
    let token = text
        .split("start=or_")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let o = app.onboard(6501, "ru").await;
    app.fake.send_text(&o, &format!("/start or_{token}"));
    let granted = app
        .expect(o.id, "the grant", |c| {
            c.text().is_some_and(|t| t.contains("организатор"))
        })
        .await;
    assert!(
        granted.text().unwrap().contains("организатор"),
        "{:?}",
        granted.text()
    );
    app.press(&o, &granted, "Итоги мероприятий");
    let list = app.expect_message(o.id).await;
    assert!(
        list.buttons().iter().any(|b| b.contains("Встреча b-1")),
        "{:?}",
        list.buttons()
    );
    assert!(
        !list.buttons().iter().any(|b| b.contains("u-1")),
        "{:?}",
        list.buttons()
    );
    app.press(&o, &list, "Встреча b-1");
    assert!(
        app.expect_message(o.id)
            .await
            .text()
            .unwrap()
            .contains("Сколько человек")
    );
    assert!(
        app.say(&o, "много")
            .await
            .text()
            .unwrap()
            .contains("Сколько человек")
    );
    assert!(app.say(&o, "35").await.text().unwrap().contains("Коротко"));
    assert!(
        app.say(&o, "Говорили о пастбищах")
            .await
            .text()
            .unwrap()
            .contains("Записано: 35")
    );
    let db = app.db().await;
    assert_eq!(
        scalar(
            &db,
            "SELECT attendance FROM events WHERE id = $1",
            &[burlin.into()]
        )
        .await,
        35
    );
    // Another district's event by forged data: refused, nothing stored.
    app.fake
        .press(&o, list.result_message_id().unwrap(), &format!("at:{uralsk}"));
    assert!(
        app.expect_message(o.id)
            .await
            .text()
            .unwrap()
            .contains("недоступно")
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM events WHERE attendance IS NOT NULL",
            &[]
        )
        .await,
        1
    );
    // Removed: the flow ends at the next step.
    app.press(&o, &list, "Встреча b-1");
    app.expect_message(o.id).await;
    let roster = app.say(&admin, "/organisers").await;
    app.press(&admin, &roster, "6501");
    app.expect_message(ADMIN).await;
    let ended = app.say(&o, "40").await;
    assert!(!ended.text().unwrap().contains("Коротко"), "{:?}", ended.text());
    assert_eq!(
        scalar(
            &db,
            "SELECT attendance FROM events WHERE id = $1",
            &[burlin.into()]
        )
        .await,
        35
    );
}

/// Rows the report counts, made by the test: (theme, district, answered after minutes).
const QUESTIONS: &[(Option<&str>, Option<&str>, Option<i64>)] = &[
    (Some("labour"), Some("burlin"), Some(30)),
    (Some("labour"), Some("burlin"), Some(90)),
    (Some("labour"), Some("uralsk"), Some(3000)),
    (Some("labour"), None, None),
    (Some("labour"), Some("uralsk"), Some(20)),
    (Some("labour"), Some("uralsk"), Some(45)),
    (Some("local_government"), Some("uralsk"), Some(600)),
    (Some("local_government"), Some("uralsk"), None),
    (None, Some("burlin"), Some(10)),
];

#[tokio::test]
async fn the_report_counts_what_the_test_made_and_hides_small_cells() {
    let app = TestApp::spawn().await;
    let admin = app.onboard(ADMIN, "ru").await;
    let db = app.db().await;
    let now = chrono::Utc::now().timestamp();
    for (i, (theme, district, answered)) in QUESTIONS.iter().enumerate() {
        let created = now - 3 * 86_400 - i as i64 * 60;
        exec(
            &db,
            "INSERT INTO questions (lang, body, status, theme, district, answered_at, created_at)
             VALUES ('ru', $1, $2, CAST(NULLIF($3, '') AS TEXT), CAST(NULLIF($4, '') AS TEXT), NULLIF($5, 0), $6)",
            &[
                format!("вопрос {i}").into(),
                if answered.is_some() { "answered" } else { "waiting" }.into(),
                theme.unwrap_or("").into(),
                district.unwrap_or("").into(),
                answered.map_or(0, |m| created + m * 60).into(),
                created.into(),
            ],
        )
        .await;
    }
    // Outside the period: not counted.
    exec(
        &db,
        "INSERT INTO questions (lang, body, status, theme, created_at) VALUES ('ru', 'старый', 'waiting', 'labour', $1)",
        &[(now - 60 * 86_400).into()],
    )
    .await;
    let e = insert_event(&app, "r-1", "burlin", 30).await;
    exec(
        &db,
        "UPDATE events SET attendance = 42 WHERE id = $1",
        &[e.into()],
    )
    .await;
    insert_event(&app, "r-2", "burlin", 50).await;

    // Ground truth, computed here: labour 6 received / 5 answered; local_government 2 / 1;
    // none 1 / 1; answered 7: minutes 10, 20, 30, 45, 90, 600, 3000 → median 45, p90 3000;
    // within 48 h: 6 of 7.
    app.fake.send_text(&admin, "/report month");
    let html = app
        .expect(ADMIN, "report.html", |c| c.method == "senddocument")
        .await;
    let html_text = String::from_utf8(hex_bytes(&html)).unwrap();
    assert!(html_text.contains("<html lang=\"ru\""), "{}", &html_text[..200]);
    let zip_call = app
        .expect(ADMIN, "report.zip", |c| c.method == "senddocument")
        .await;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(hex_bytes(&zip_call))).unwrap();
    let mut read = |name: &str| {
        let mut s = Vec::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the zip"))
            .read_to_end(&mut s)
            .unwrap();
        s
    };
    let rows = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        let text = String::from_utf8(bytes).unwrap();
        text.trim_start_matches('\u{feff}')
            .lines()
            .map(|l| l.split(';').map(|c| c.trim_matches('"').to_owned()).collect())
            .collect()
    };
    let by_theme = rows(read("questions-by-theme.csv"));
    let row = |label: &str| {
        by_theme
            .iter()
            .find(|r| r[0].contains(label))
            .unwrap_or_else(|| panic!("{label}: {by_theme:?}"))
            .clone()
    };
    assert_eq!(row("Трудовые")[1..3], ["6".to_owned(), "5".to_owned()]);
    // 2 received, 1 answered: both small, both hidden.
    assert_eq!(row("самоуправление")[1..3], ["<5".to_owned(), "<5".to_owned()]);
    let by_district = rows(read("questions-by-district.csv"));
    let uralsk = by_district
        .iter()
        .find(|r| r[0].contains("Уральск") || r[0].contains("Орал"))
        .unwrap();
    assert_eq!(uralsk[1..3], ["5".to_owned(), "<5".to_owned()]);
    let times = rows(read("answer-times.csv"));
    let flat = times.concat().join(" ");
    assert!(flat.contains("45 мин") || flat.contains("0 ч 45"), "{flat}");
    assert!(flat.contains("50 ч") || flat.contains("2 д"), "{flat}");
    let events = rows(read("events-by-district.csv"));
    let b = events.iter().find(|r| r[0].contains("Бурлин")).unwrap();
    assert!(
        b.contains(&"42".to_owned()) && b[1] == "2" && b[2] == "2",
        "{b:?}"
    );
    for chart in ["questions-by-theme.png", "events-by-district.png"] {
        let png = read(chart);
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        let title = reader
            .info()
            .utf8_text
            .iter()
            .find(|t| t.keyword == "Title")
            .unwrap();
        assert!(!title.get_text().unwrap().is_empty());
    }
    assert!(
        html_text.contains("&lt;5"),
        "small cells shown as <5 in the document"
    );

    // The command line writes the same tables.
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Oral)
        .date_naive();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .args([
            "report",
            "--from",
            &(today - chrono::Days::new(29)).to_string(),
            "--to",
            &today.to_string(),
            "--out",
        ])
        .arg(dir.path())
        .env("DATABASE_URL", &app.vars["DATABASE_URL"])
        .env_remove("TELOXIDE_TOKEN")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cli = rows(std::fs::read(dir.path().join("questions-by-theme.csv")).unwrap());
    assert_eq!(cli, by_theme);
    assert!(dir.path().join("report.html").exists());
}

/// Statements under the faults the bot must survive: a proposal's notice through a 429 and a
/// kill while it waits (sent once, after the restart); a proposer who blocked the bot; a
/// proposer gone by `/forget` before moderation (their proposal goes with them); a volunteer's
/// role removed between Reject and the reason; 40 statements of 135 characters, nearly all emoji (two UTF-16 units
/// each) in the card and the results, which still fit one message.
#[tokio::test]
async fn statements_survive_faults_limits_a_removed_role_and_forget() {
    use atazan::fakeapi::Failure;
    let mut app = TestApp::spawn().await;
    app.onboard(ADMIN, "ru").await;
    let longest: Vec<String> = (0..40).map(|i| format!("{i:02}{}", "🌾".repeat(133))).collect();
    let refs: Vec<&str> = longest.iter().map(String::as_str).collect();
    publish(&app, "long", &refs).await;
    let propose = |user: atazan::fakeapi::FakeUser, text: &'static str| {
        let app = &app;
        async move {
            let card = app.say(&user, "/statements").await;
            app.press(&user, &card, "Предложить своё");
            app.expect_message(user.id).await;
            assert!(
                app.say(&user, text)
                    .await
                    .text()
                    .unwrap()
                    .contains("отправлено волонтёрам")
            );
        }
    };
    let a = app.onboard(6601, "ru").await;
    let b = app.onboard(6602, "ru").await;
    let c = app.onboard(6603, "ru").await;
    propose(a.clone(), "Первое предложение жителя").await;
    propose(b.clone(), "Второе предложение жителя").await;
    propose(c.clone(), "Третье предложение жителя").await;
    let v = volunteer(&app, 6604).await;
    // A 429 at the notice, and the bot killed while it waits.
    app.fake
        .fail_chat("sendmessage", a.id, Failure::TooManyRequests(8), 1);
    approve(&app, &v).await;
    let refused = a.id;
    wait_until("the 429", WAIT, || {
        app.fake
            .calls()
            .iter()
            .any(|c| c.chat_id() == Some(refused) && !c.ok)
    })
    .await;
    app.kill().await;
    app.start().await;
    app.expect(a.id, "the notice after the restart", |c| {
        c.text()
            .is_some_and(|t| t.contains("Первое предложение жителя") && t.contains("опубликовано"))
    })
    .await;
    let sent = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.ok && c.chat_id() == Some(a.id) && c.text().is_some_and(|t| t.contains("опубликовано")))
        .count();
    assert_eq!(sent, 1, "told once");
    // A proposer who blocked the bot: published all the same, and marked.
    app.fake.fail_chat("sendmessage", b.id, Failure::Blocked, 1);
    approve(&app, &v).await;
    let db = app.db().await;
    let mut marked = false;
    for _ in 0..200 {
        if db.user(b.id).await.unwrap().is_some_and(|u| u.blocked) {
            marked = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(marked, "the blocked proposer is marked");
    // The volunteer loses the role between Reject and the reason: nothing is rejected.
    let queue = app.say(&v, "/queue").await;
    app.press(&v, &queue, "Проверить предложения");
    let card = app.expect_message(v.id).await;
    app.press(&v, &card, "Отклонить");
    app.expect_message(v.id).await;
    db.set_volunteer(v.id, false).await.unwrap();
    assert!(
        app.say(&v, "Не по теме")
            .await
            .text()
            .unwrap()
            .contains("роль снята")
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM statements WHERE status = 'proposed'",
            &[]
        )
        .await,
        1
    );
    // The third proposer forgets themselves: their proposal goes, nothing waits.
    app.fake.send_text(&c, "/forget");
    let confirm = app
        .expect(c.id, "the /forget question", |m| {
            m.callback_data("Удалить").is_some()
        })
        .await;
    app.press(&c, &confirm, "Удалить");
    app.expect(c.id, "erased", |m| {
        m.text().is_some_and(|t| t.contains("данные удалены"))
    })
    .await;
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM statements WHERE status = 'proposed'",
            &[]
        )
        .await,
        0
    );

    // At the limit: the card and the results of 42 long statements are accepted by Telegram.
    let r = app.onboard(6605, "ru").await;
    let card = app.say(&r, "/start st_long").await;
    let card = if card.text().is_some_and(|t| t.contains("из 42")) {
        card
    } else {
        app.expect(r.id, "the card", |m| {
            m.text().is_some_and(|t| t.contains("из 42"))
        })
        .await
    };
    assert!(card.ok && atazan::domain::utf16_len(card.text().unwrap()) <= 4096);
    app.press(&r, &card, "Итоги");
    let results = app.expect_message(r.id).await;
    assert!(results.ok, "Telegram accepted the results");
    assert!(atazan::domain::utf16_len(results.text().unwrap()) <= 4096);
}

/// The volunteer approves the next proposal.
async fn approve(app: &TestApp, v: &atazan::fakeapi::FakeUser) {
    let queue = app.say(v, "/queue").await;
    app.press(v, &queue, "Проверить предложения");
    let card = app.expect_message(v.id).await;
    app.press(v, &card, "Опубликовать");
    assert!(
        app.expect_message(v.id)
            .await
            .text()
            .unwrap()
            .contains("Опубликовано")
    );
}
