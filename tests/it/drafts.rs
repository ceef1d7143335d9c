//! Draft laws in discussion, end to end: a draft's text imported by article (good and broken)
//! beside another document, reading and commenting by article, moderation, support, the
//! drafters' response with the commenter told, versions that keep comments on the text they
//! were made on, the close date, `/forget` and the digest against the test's own count.

use std::path::Path;

use atazan::fakeapi::{Call, FakeUser};

use crate::{
    content::copy_dir,
    editors::send_file,
    questions::volunteer,
    support::{ADMIN, TestApp, repo_path},
};

const DOC: &str = "kurultai-law";

fn day(offset: i64) -> String {
    (chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Oral)
        .date_naive()
        + chrono::Duration::days(offset))
    .format("%Y-%m-%d")
    .to_string()
}

/// A draft's text with chapters: `articles` articles, article 2 saying `two`.
fn draft_text(articles: u32, two: &str) -> String {
    let mut s = String::from(
        "ПРОЕКТ\nКОНСТИТУЦИОННЫЙ ЗАКОН О КУРУЛТАЕ (для проверки)\n\nГлава 1. Общие положения\n\n",
    );
    for n in 1..=articles {
        if n == 3 {
            s.push_str("Глава 2. Порядок работы\n\n");
        }
        s.push_str(&format!("Статья {n}. Заголовок статьи {n}\n"));
        if n == 2 {
            s.push_str(&format!("1. {two}\n"));
        } else {
            s.push_str(&format!(
                "1. Пункт первый статьи {n}.\n2. Пункт второй статьи {n}.\n"
            ));
        }
    }
    s
}

/// A copy of the shipped pack with two drafts of the test's own: `kurultai-law` in discussion
/// from `opens` to `closes` (days from today), its Russian text imported through the CLI, and
/// `capital-law`, adopted, without a text.
async fn pack(opens: i64, closes: i64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo_path("content"), &content);
    let _ = std::fs::remove_dir_all(content.join("drafts"));
    let draft = content.join("drafts").join(DOC);
    std::fs::create_dir_all(&draft).unwrap();
    std::fs::write(
        draft.join("draft.toml"),
        format!(
            "status = \"discussion\"\nopens = \"{}\"\ncloses = \"{}\"\nsource = \"https://legalacts.egov.kz/npa/view?id=1\"\n[ru]\ntitle = \"Проект закона о Курултае\"\n[kk]\ntitle = \"Құрылтай туралы заң жобасы\"\n",
            day(opens),
            day(closes)
        ),
    )
    .unwrap();
    let capital = content.join("drafts").join("capital-law");
    std::fs::create_dir_all(&capital).unwrap();
    std::fs::write(
        capital.join("draft.toml"),
        "status = \"adopted\"\nlink = \"https://adilet.zan.kz/rus/docs/Z000\"\n[ru]\ntitle = \"Закон о столице\"\n",
    )
    .unwrap();
    let file = dir.path().join("kurultai.txt");
    std::fs::write(&file, draft_text(4, "Курултай собирается на сессии.")).unwrap();
    let out = cli(&content, &["import-text", "--doc", DOC, "--lang", "ru"], &file).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("2 sections, 4 articles (1–4)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    dir
}

async fn cli(content: &Path, args: &[&str], file: &Path) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .args(args)
        .arg(file)
        .env("CONTENT_DIR", content)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap()
}

async fn spawn(dir: &tempfile::TempDir) -> TestApp {
    TestApp::spawn_with(&[("CONTENT_DIR", &dir.path().join("content").display().to_string())]).await
}

/// `user` opens the link `dr_<DOC>_<n>`: the welcome, then the article (returned).
async fn open(app: &TestApp, user: &FakeUser, n: u32) -> Call {
    app.fake.send_text(user, &format!("/start dr_{DOC}_{n}"));
    let (ru, kk) = (format!("Статья {n}</b>"), format!("{n}-бап</b>"));
    app.expect(user.id, "the article", |c| {
        c.method == "sendmessage"
            && c.text()
                .is_some_and(|t| t.contains(&ru) || t.contains(&kk) || t.contains("Такого документа"))
    })
    .await
}

/// `user` writes `text` as a comment on article `n`; returns the comment's number.
async fn comment(app: &TestApp, user: &FakeUser, n: u32, text: &str) -> i64 {
    let article = open(app, user, n).await;
    app.press(user, &article, "Прокомментировать");
    // Notices of earlier comments may arrive in between: wait for these messages by what they say.
    told(app, user.id, "до 1000 символов").await;
    app.fake.send_text(user, text);
    let received = told(app, user.id, "получен").await;
    let t = received.text().unwrap();
    t.split('№')
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// The volunteer approves (`reason` None) or rejects the next comment waiting.
async fn moderate(app: &TestApp, v: &FakeUser, reason: Option<&str>) -> Call {
    let queue = app.say(v, "/queue").await;
    app.press(v, &queue, "Проверить комментарии");
    let card = app.expect_message(v.id).await;
    match reason {
        None => {
            app.press(v, &card, "Опубликовать");
            let done = app.expect_message(v.id).await;
            assert!(done.text().unwrap().contains("Опубликован"), "{:?}", done.text());
        }
        Some(r) => {
            app.press(v, &card, "Отклонить");
            app.expect_message(v.id).await;
            app.say(v, r).await;
        }
    }
    card
}

/// A message to `user` whose text contains `needle` (waiting for it).
async fn told(app: &TestApp, user: i64, needle: &str) -> Call {
    app.expect(user, needle, |c| {
        c.method == "sendmessage" && c.text().is_some_and(|t| t.contains(needle))
    })
    .await
}

fn hex_bytes(call: &Call) -> Vec<u8> {
    let hex = call.params["document"]["hex"].as_str().unwrap();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn a_draft_is_imported_by_article_and_read_beside_another_document() {
    // Open from yesterday to the end of the day 10 days from now: 11 days left, today counted.
    let dir = pack(-1, 10).await;
    let content = dir.path().join("content");
    // A broken text is refused with its line, and the imported one stays.
    let before = std::fs::read_to_string(content.join("drafts").join(DOC).join("ru.toml")).unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, draft_text(4, "x").replace("Статья 3.", "Статья 5.")).unwrap();
    let out = cli(&content, &["import-text", "--doc", DOC, "--lang", "ru"], &broken).await;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.txt:") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(content.join("drafts").join(DOC).join("ru.toml")).unwrap(),
        before
    );
    let unknown = cli(
        &content,
        &["import-text", "--doc", "no-such-law", "--lang", "ru"],
        &broken,
    )
    .await;
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no draft `no-such-law`"));
    // check-content counts the documents.
    let checked = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("check-content")
        .arg(&content)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("none.db").display()),
        )
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(
        stdout.contains(
            "documents: 3 (the Constitution and 2 draft laws: 1 in discussion, 1 with their text loaded)"
        ),
        "{stdout}"
    );

    let app = spawn(&dir).await;
    let r = app.onboard(7001, "ru").await;
    let list = app.say(&r, "/drafts").await;
    let text = list.text().unwrap();
    assert!(
        text.contains("Проект закона о Курултае")
            && text.contains("осталось 11 дней")
            && text.contains("Закон о столице"),
        "{text}"
    );
    assert!(text.contains("Принят") && text.contains("не загружен"), "{text}");
    app.press(&r, &list, "Проект закона о Курултае");
    let card = app.expect_edit(r.id).await;
    assert!(card.text().unwrap().contains("Статей: 4"), "{:?}", card.text());
    app.press(&r, &card, "Читать по статьям");
    let one = app.expect_edit(r.id).await;
    assert!(
        one.text().unwrap().contains("Статья 1") && one.text().unwrap().contains("Пункт первый статьи 1")
    );
    app.press(&r, &one, "Статья 2 ▶");
    let two = app.expect_edit(r.id).await;
    assert!(
        two.text().unwrap().contains("Курултай собирается на сессии"),
        "{:?}",
        two.text()
    );
    assert!(two.callback_data("Прокомментировать").is_some());
    // The Kazakh reader gets the Russian text, said so.
    let k = app.onboard(7002, "kk").await;
    let kk = open(&app, &k, 2).await;
    assert!(
        kk.text().unwrap().contains("2-бап") && kk.text().unwrap().contains("орыс"),
        "{:?}",
        kk.text()
    );
}

#[tokio::test]
async fn a_comment_is_moderated_shown_supported_answered_and_its_author_told() {
    let dir = pack(-1, 10).await;
    let app = spawn(&dir).await;
    let db = app.db().await;
    let r = app.onboard(7101, "ru").await;
    db.set_district(r.id, "burlin".parse().unwrap()).await.unwrap();
    let article = open(&app, &r, 2).await;
    app.press(&r, &article, "Прокомментировать");
    app.expect_message(r.id).await;
    // A sticker, then 1,001 characters: a hint each, the flow goes on.
    app.fake.send_sticker(&r);
    assert!(app.expect_message(r.id).await.text().unwrap().contains("текстом"));
    assert!(
        app.say(&r, &"я".repeat(1001))
            .await
            .text()
            .unwrap()
            .contains("1001 символов")
    );
    let body = "Предлагаю, чтобы сессии Курултая транслировались онлайн — 🏛 ".repeat(3);
    let received = app.say(&r, &body).await;
    let number: i64 = received
        .text()
        .unwrap()
        .split('№')
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap();

    // Not shown before a volunteer approves it.
    let k = app.onboard(7102, "ru").await;
    let seen = open(&app, &k, 2).await;
    assert!(
        seen.text().unwrap().contains("Комментариев к статье: 0"),
        "{:?}",
        seen.text()
    );
    assert!(seen.callback_data("Комментарии (").is_none());

    let v = volunteer(&app, 7103).await;
    let queue = app.say(&v, "/queue").await;
    assert!(
        queue.text().unwrap().contains("на проверке: 1"),
        "{:?}",
        queue.text()
    );
    app.press(&v, &queue, "Проверить комментарии");
    let card = app.expect_message(v.id).await;
    assert!(card.text().unwrap().contains("транслировались онлайн"));
    app.press(&v, &card, "Опубликовать");
    app.expect_message(v.id).await;
    told(&app, r.id, &format!("комментарий №{number} к статье 2")).await;

    // Shown under the article with the district, never the name; supported once.
    let seen = open(&app, &k, 2).await;
    app.press(&k, &seen, "Комментарии (1)");
    let list = app.expect_edit(k.id).await;
    let text = list.text().unwrap();
    assert!(
        text.contains("житель — Бурлинский район") && text.contains("транслировались онлайн"),
        "{text}"
    );
    assert!(!text.contains(&r.first_name) && !text.contains("7101"), "{text}");
    app.press(&k, &list, &format!("👍 №{number}"));
    let supported = app.expect_edit(k.id).await;
    assert!(
        supported.text().unwrap().contains("👍 1"),
        "{:?}",
        supported.text()
    );
    app.press(&k, &supported, &format!("👍 №{number}"));
    assert!(
        app.expect_message(k.id)
            .await
            .text()
            .unwrap()
            .contains("уже поддержали")
    );
    // Forged data for a comment that does not exist changes nothing.
    app.fake.press(
        &k,
        supported.params["message_id"].as_i64().unwrap() as i32,
        "dg:999999",
    );
    app.expect_message(k.id).await;

    // A rejected comment: its author hears why.
    let second = comment(&app, &k, 3, "Реклама: лучшие окна в Уральске").await;
    moderate(&app, &v, Some("Это реклама, а не мнение о статье")).await;
    let why = told(&app, k.id, &format!("№{second}")).await;
    assert!(why.text().unwrap().contains("Это реклама"), "{:?}", why.text());

    // The drafters' response, recorded by an editor from the digest; the author is told.
    let admin = app.onboard(ADMIN, "ru").await;
    app.fake.send_text(&admin, &format!("/digest {DOC}"));
    let html = app
        .expect(ADMIN, "the digest", |c| {
            c.method == "senddocument"
                && c.params["document"]["file_name"]
                    .as_str()
                    .is_some_and(|n| n.ends_with(".html"))
        })
        .await;
    assert!(
        html.params["caption"]
            .as_str()
            .unwrap()
            .contains("опубликовано 1, на проверке 0, отклонено 1")
    );
    let page = String::from_utf8(hex_bytes(&html)).unwrap();
    assert!(
        page.contains("транслировались онлайн") && !page.contains("лучшие окна"),
        "rejected comments stay out"
    );
    let respond = told(&app, ADMIN, "Ответы разработчиков").await;
    app.press(&admin, &respond, &format!("№{number}: принят"));
    assert!(
        app.expect_message(ADMIN)
            .await
            .text()
            .unwrap()
            .contains("пояснение")
    );
    app.say(&admin, "Трансляции предусмотрены в статье 2 новой редакции")
        .await;
    let answer = told(&app, r.id, "Разработчики ответили").await;
    let t = answer.text().unwrap();
    assert!(
        t.contains("принят") && t.contains("статье 2 новой редакции"),
        "{t}"
    );
    // /mydata lists the author's comment with where it stands.
    let mine = app.say(&r, "/mydata").await;
    assert!(
        mine.text().unwrap().contains(&format!("№{number}")) && mine.text().unwrap().contains("опубликован")
    );
}

#[tokio::test]
async fn a_new_version_keeps_comments_on_the_text_they_were_made_on() {
    let dir = pack(-1, 10).await;
    let app = spawn(&dir).await;
    let r = app.onboard(7201, "ru").await;
    let v = volunteer(&app, 7202).await;
    let number = comment(&app, &r, 2, "Сессии реже раза в год — мало").await;
    moderate(&app, &v, None).await;

    // The editor sends a new text named after the draft and publishes it.
    let admin = app.onboard(ADMIN, "ru").await;
    send_file(
        &app,
        &admin,
        &format!("{DOC}.txt"),
        draft_text(4, "Курултай собирается на сессии не реже двух раз в год.").into_bytes(),
    );
    let checked = app.expect_message(ADMIN).await;
    assert!(
        checked.text().unwrap().contains(&format!("drafts/{DOC}/ru.toml")),
        "{:?}",
        checked.text()
    );
    app.press(&admin, &checked, "Опубликовать");
    app.expect_message(ADMIN).await;

    let k = app.onboard(7203, "ru").await;
    let article = open(&app, &k, 2).await;
    assert!(
        article.text().unwrap().contains("не реже двух раз"),
        "{:?}",
        article.text()
    );
    app.press(&k, &article, "Комментарии (1)");
    let list = app.expect_edit(k.id).await;
    let text = list.text().unwrap();
    assert!(
        text.contains(&format!("№{number}")) && text.contains("к прежней редакции 1"),
        "{text}"
    );
    let db = app.db().await;
    assert_eq!(
        crate::support::scalar(
            &db,
            "SELECT version FROM draft_comments WHERE id = $1",
            &[number.into()]
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_close_date_stops_comments_and_admins_are_told_once() {
    let dir = pack(-10, -1).await;
    let app = spawn(&dir).await;
    let r = app.onboard(7301, "ru").await;
    let article = open(&app, &r, 2).await;
    let text = article.text().unwrap();
    assert!(text.contains("завершилось"), "{text}");
    assert!(article.callback_data("Прокомментировать").is_none());
    // A forged "comment" button is refused.
    app.fake
        .press(&r, article.result_message_id().unwrap(), &format!("dw:{DOC}:2"));
    assert!(
        app.expect_message(r.id)
            .await
            .text()
            .unwrap()
            .contains("завершено")
    );
    // The worker ends the discussion by itself and tells the admins, once.
    let notice = told(&app, ADMIN, "завершилось").await;
    assert!(notice.text().unwrap().contains(&format!("/digest {DOC}")));
    // Its button sends the digest itself.
    let admin = app.user(ADMIN, Some("ru"));
    app.press(&admin, &notice, "Дайджест");
    let html = app
        .expect(ADMIN, "the digest", |c| {
            c.method == "senddocument"
                && c.params["document"]["file_name"]
                    .as_str()
                    .is_some_and(|n| n == format!("digest-{DOC}.html"))
        })
        .await;
    assert!(
        String::from_utf8(hex_bytes(&html))
            .unwrap()
            .contains("Опубликованных комментариев пока нет")
    );
    let db = app.db().await;
    assert_eq!(
        crate::support::scalar(&db, "SELECT COUNT(*) FROM draft_closings", &[]).await,
        1
    );
}

#[tokio::test]
async fn forget_removes_comments_and_the_digest_counts_what_the_test_made() {
    let dir = pack(-1, 10).await;
    let app = spawn(&dir).await;
    let db = app.db().await;
    let v = volunteer(&app, 7400).await;
    // Ground truth: four residents, five comments; approved 3, rejected 1, waiting 1; supports.
    let mut residents = Vec::new();
    for (i, district) in ["uralsk", "burlin", "akzhaik", "terekti"].iter().enumerate() {
        let u = app.onboard(7401 + i as i64, "ru").await;
        db.set_district(u.id, district.parse().unwrap()).await.unwrap();
        residents.push(u);
    }
    let a = comment(&app, &residents[0], 1, "Комментарий А к статье 1").await;
    moderate(&app, &v, None).await;
    let b = comment(&app, &residents[1], 1, "Комментарий Б к статье 1").await;
    moderate(&app, &v, None).await;
    let c = comment(&app, &residents[2], 3, "Комментарий В к статье 3").await;
    moderate(&app, &v, None).await;
    comment(&app, &residents[3], 3, "Комментарий Г — оскорбление").await;
    moderate(&app, &v, Some("Оскорбление")).await;
    comment(&app, &residents[3], 4, "Комментарий Д ждёт проверки").await;
    for (who, on) in [(1, a), (2, a), (3, a), (0, b), (3, c)] {
        assert!(db.agree_comment(on, residents[who].id).await.unwrap());
    }
    // The author of Б forgets themselves: Б is removed, their support of А goes too.
    app.fake.send_text(&residents[1], "/forget");
    let confirm = app
        .expect(residents[1].id, "the /forget question", |c| {
            c.callback_data("Удалить").is_some()
        })
        .await;
    app.press(&residents[1], &confirm, "Удалить");
    app.expect(residents[1].id, "erased", |c| {
        c.text().is_some_and(|t| t.contains("данные удалены"))
    })
    .await;

    let out_dir = tempfile::tempdir().unwrap();
    let config = app.config();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .args(["digest", "--doc", DOC, "--out"])
        .arg(out_dir.path())
        .env("DATABASE_URL", &config.database_url)
        .env("CONTENT_DIR", dir.path().join("content"))
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("2 approved comments on 2 articles, 1 waiting, 1 rejected, 1 removed"),
        "{stdout}"
    );
    let rows = csv_rows(&std::fs::read(out_dir.path().join("digest.csv")).unwrap());
    let by_number = |n: i64| rows.iter().find(|r| r[1] == n.to_string()).cloned();
    let ra = by_number(a).expect("А in the digest");
    assert_eq!(
        (ra[0].as_str(), ra[3].as_str(), ra[6].as_str()),
        ("1", "житель — Уральск", "2")
    );
    let rc = by_number(c).expect("В in the digest");
    assert_eq!((rc[0].as_str(), rc[6].as_str()), ("3", "1"));
    assert!(by_number(b).is_none(), "a removed comment is not shown");
    assert_eq!(rows.len(), 2);
    let html = std::fs::read_to_string(out_dir.path().join("digest.html")).unwrap();
    assert!(
        html.contains("удалено авторами: 1") && !html.contains("Комментарий Б"),
        "{html}"
    );
    assert!(
        !html.contains("User7401") && !html.contains("7401"),
        "no names or ids"
    );
    // check-content reports the same states from the bot's database.
    let checked = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("check-content")
        .arg(dir.path().join("content"))
        .env("DATABASE_URL", &config.database_url)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(
        stdout.contains(&format!(
            "comments on {DOC}: 2 approved, 1 waiting for a volunteer, 1 rejected, 1 removed by their authors"
        )),
        "{stdout}{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// Every message a comment causes, under the faults the bot must survive: its author's notice
/// through a 429, a 5xx and a kill while it waits; an author who blocked the bot; comments at
/// the length limit in emoji (two UTF-16 units each) in the moderation card and the list; a
/// volunteer's role removed half-way through a rejection; an author gone by `/forget` before
/// the volunteer got to their comment.
#[tokio::test]
async fn comment_messages_survive_faults_limits_a_removed_role_and_forget() {
    use atazan::fakeapi::Failure;
    let dir = pack(-1, 10).await;
    let mut app = spawn(&dir).await;
    let v = volunteer(&app, 7600).await;
    // 1,000 characters, 2,000 UTF-16 units each.
    let longest = |i: usize| format!("{i}{}", "🏛".repeat(999));
    let mut authors = Vec::new();
    for i in 0..5 {
        let u = app.onboard(7601 + i as i64, "ru").await;
        comment(&app, &u, 2, &longest(i)).await;
        authors.push(u);
    }
    // A 429 at the first author's notice, a 5xx at the second's: each arrives, once.
    app.fake
        .fail_chat("sendmessage", authors[0].id, Failure::TooManyRequests(1), 1);
    let card = moderate(&app, &v, None).await;
    assert!(card.ok && atazan::domain::utf16_len(card.text().unwrap()) <= 4096);
    app.fake
        .fail_chat("sendmessage", authors[1].id, Failure::ServerError, 1);
    moderate(&app, &v, None).await;
    for a in &authors[..2] {
        told(&app, a.id, "опубликован").await;
    }
    // A kill while the third author's notice waits out a 429: sent after the restart.
    app.fake
        .fail_chat("sendmessage", authors[2].id, Failure::TooManyRequests(8), 1);
    moderate(&app, &v, None).await;
    let waiting = authors[2].id;
    crate::support::wait_until("the 429", crate::support::WAIT, || {
        app.fake
            .calls()
            .iter()
            .any(|c| c.chat_id() == Some(waiting) && !c.ok)
    })
    .await;
    app.kill().await;
    app.start().await;
    told(&app, authors[2].id, "опубликован").await;
    for a in &authors[..3] {
        let sent = app
            .fake
            .calls()
            .iter()
            .filter(|c| {
                c.ok && c.chat_id() == Some(a.id) && c.text().is_some_and(|t| t.contains("опубликован"))
            })
            .count();
        assert_eq!(sent, 1, "told once");
    }
    // The fourth author blocked the bot: the comment is published all the same, they are marked.
    app.fake
        .fail_chat("sendmessage", authors[3].id, Failure::Blocked, 1);
    moderate(&app, &v, None).await;
    let db = app.db().await;
    let blocked = authors[3].id;
    let mut marked = false;
    for _ in 0..200 {
        if db.user(blocked).await.unwrap().is_some_and(|u| u.blocked) {
            marked = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(marked, "the blocked author is marked");
    // Four comments of 2,000 units each on one article: the list still fits one message.
    let k = app.onboard(7620, "ru").await;
    let article = open(&app, &k, 2).await;
    app.press(&k, &article, "Комментарии (4)");
    let list = app.expect_edit(k.id).await;
    assert!(list.ok, "Telegram accepted the list");
    assert!(atazan::domain::utf16_len(list.text().unwrap()) <= 4096);

    // The volunteer loses the role between Reject and the reason: nothing is rejected.
    let queue = app.say(&v, "/queue").await;
    app.press(&v, &queue, "Проверить комментарии");
    let card = app.expect_message(v.id).await;
    app.press(&v, &card, "Отклонить");
    app.expect_message(v.id).await;
    db.set_volunteer(v.id, false).await.unwrap();
    let ended = app.say(&v, "Не по теме").await;
    assert!(ended.text().unwrap().contains("роль снята"), "{:?}", ended.text());
    assert_eq!(
        crate::support::scalar(
            &db,
            "SELECT COUNT(*) FROM draft_comments WHERE status = 'pending'",
            &[]
        )
        .await,
        1
    );
    // The last author forgets themselves before anyone moderates: nothing waits, nobody is told.
    app.fake.send_text(&authors[4], "/forget");
    let confirm = app
        .expect(authors[4].id, "the /forget question", |c| {
            c.callback_data("Удалить").is_some()
        })
        .await;
    app.press(&authors[4], &confirm, "Удалить");
    app.expect(authors[4].id, "erased", |c| {
        c.text().is_some_and(|t| t.contains("данные удалены"))
    })
    .await;
    let v2 = volunteer(&app, 7630).await;
    let queue = app.say(&v2, "/queue").await;
    assert!(
        queue.callback_data("Проверить комментарии").is_none(),
        "{:?}",
        queue.text()
    );
    assert_eq!(
        crate::support::scalar(
            &db,
            "SELECT COUNT(*) FROM draft_comments WHERE status = 'removed' AND body = ''",
            &[]
        )
        .await,
        1
    );
}
