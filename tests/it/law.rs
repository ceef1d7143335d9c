//! The Constitution's own text: `import-text` on texts shaped like the official publication
//! (plain text in Russian, the HTML page in Kazakh), what `check-content` refuses, and
//! `/article N`, `a_N`, «ст. 9» / «9-бап» and search in both languages.

use std::path::Path;

use crate::{
    content::copy_dir,
    support::{TestApp, repo_path},
};

const ARTICLES: u32 = 96;

fn roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn section_of(n: u32) -> u32 {
    (n - 1) / 9 + 1
}

/// What an article says in these tests: made up, marked as such, with a few points; article 1
/// is long (emoji included) so that it needs more than one message; article 50 has a rare word.
fn points(n: u32, lang: &str) -> Vec<String> {
    let count = if n == 1 { 60 } else { 3 };
    (1..=count)
        .map(|p| match (lang, n) {
            ("ru", 50) if p == 2 => format!("{p}. Пункт {p} статьи {n}: проверочный текст о дирижаблях."),
            ("ru", 1) => format!("{p}. Пункт {p} статьи {n}: проверочный текст 🇰🇿 о правах и свободах человека и гражданина, достаточно длинный."),
            ("ru", _) => format!("{p}. Пункт {p} статьи {n}: проверочный текст."),
            (_, _) => format!("{p}. {n}-баптың {p}-тармағы: тексеруге арналған мәтін."),
        })
        .collect()
}

/// The Russian text as adilet.zan.kz shows it, saved as plain text.
fn official_ru(articles: impl IntoIterator<Item = u32>) -> String {
    let mut s = String::from(
        "КОНСТИТУЦИЯ РЕСПУБЛИКИ КАЗАХСТАН\n\nМы, народ Казахстана (проверочная преамбула),\nпринимаем настоящую Конституцию.\n\n",
    );
    let mut section = 0;
    for n in articles {
        if section_of(n) != section {
            section = section_of(n);
            s.push_str(&format!(
                "РАЗДЕЛ {}\nПРОВЕРОЧНЫЙ РАЗДЕЛ {section}\n\n",
                roman(section)
            ));
        }
        s.push_str(&format!("Статья {n}\n\n"));
        for p in points(n, "ru") {
            s.push_str(&p);
            s.push_str("\n\n");
        }
    }
    s
}

/// The Kazakh text as the HTML page, with Cyrillic «І» in section numbers and entities.
fn official_kk_html(articles: impl IntoIterator<Item = u32>) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>p { margin: 0 }</style>\n<script>var x = '<p>Статья 1</p>';</script></head>\n<body>\n<p class=\"title\">ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ КОНСТИТУЦИЯСЫ</p>\n<p>Біз, Қазақстан халқы (тексеруге арналған кіріспе)&nbsp;...</p>\n",
    );
    let mut section = 0;
    for n in articles {
        if section_of(n) != section {
            section = section_of(n);
            s.push_str(&format!(
                "<p><b>{} бөлім</b></p>\n<p>ТЕКСЕРУ БӨЛІМІ {section}</p>\n",
                roman(section).replace('I', "І")
            ));
        }
        s.push_str(&format!("<p align=\"center\"><b>{n}-бап</b></p>\n"));
        for p in points(n, "kk") {
            s.push_str(&format!("<p>{}</p>\n", p.replace(':', "&#58;")));
        }
    }
    s.push_str("</body></html>\n");
    s
}

async fn import(content: &Path, lang: &str, file: &Path) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .args(["import-text", "--lang", lang])
        .arg(file)
        .args(["--source", "https://adilet.zan.kz/rus/docs/K2600000001"])
        .env("CONTENT_DIR", content)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap()
}

async fn check(content: &Path, extra: &[&str]) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("check-content")
        .arg(content)
        .args(extra)
        .output()
        .await
        .unwrap()
}

/// A copy of the shipped pack with both texts imported.
async fn pack_with_texts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo_path("content"), &content);
    let ru = dir.path().join("konstituciya.txt");
    std::fs::write(&ru, official_ru(1..=ARTICLES)).unwrap();
    let out = import(&content, "ru", &ru).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("preamble found, 11 sections, 96 articles (1–96)"),
        "{report}"
    );
    let kk = dir.path().join("konstitutsiya.html");
    std::fs::write(&kk, official_kk_html(1..=ARTICLES)).unwrap();
    let out = import(&content, "kk", &kk).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("11 sections, 96 articles"));
    dir
}

#[tokio::test]
async fn import_text_fills_every_article_and_article_opens_it_in_both_languages() {
    let dir = pack_with_texts().await;
    let content = dir.path().join("content");
    let checked = check(&content, &[]).await;
    assert_eq!(checked.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&checked.stdout).contains("96 articles in Russian, 96 in Kazakh"),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );

    let app = TestApp::spawn_with(&[("CONTENT_DIR", &content.display().to_string())]).await;
    let ru = app.onboard(4100, "ru").await;
    let nine = app.say(&ru, "/article 9").await;
    let text = nine.text().unwrap();
    assert!(
        text.contains("Статья 9")
            && text.contains("Пункт 3 статьи 9")
            && text.contains("ПРОВЕРОЧНЫЙ РАЗДЕЛ 1"),
        "{text}"
    );
    let buttons = nine.buttons();
    assert!(buttons.iter().any(|b| b == "◀ Статья 8"), "{buttons:?}");
    assert!(buttons.iter().any(|b| b == "Статья 10 ▶"), "{buttons:?}");
    // The explanation that cites article 9 is one tap away.
    assert!(buttons.iter().any(|b| b.contains("язык")), "{buttons:?}");

    app.press(&ru, &nine, "Статья 10 ▶");
    let ten = app.expect_edit(ru.id).await;
    assert!(ten.text().unwrap().contains("Пункт 1 статьи 10"));

    // Typed references and the deep link.
    assert!(
        app.say(&ru, "ст. 27")
            .await
            .text()
            .unwrap()
            .contains("Пункт 1 статьи 27")
    );
    assert!(
        app.say(&ru, "Статья 96")
            .await
            .text()
            .unwrap()
            .contains("Пункт 1 статьи 96")
    );
    app.say(&ru, "/start a_9").await; // the welcome, then the article
    assert!(
        app.expect_message(ru.id)
            .await
            .text()
            .unwrap()
            .contains("Пункт 1 статьи 9")
    );
    let beyond = app.say(&ru, "/article 97").await;
    assert!(
        beyond.text().unwrap().contains("96 статей"),
        "{:?}",
        beyond.text()
    );

    // A long article comes in pages, each within Telegram's limit.
    let one = app.say(&ru, "/article 1").await;
    assert!(atazan::domain::utf16_len(one.text().unwrap()) <= 4096);
    assert!(one.text().unwrap().contains("Пункт 1 статьи 1"));
    assert!(!one.text().unwrap().contains("Пункт 60 статьи 1"));
    // Following ▶ reaches the last point; nothing is lost or cut between pages.
    let mut page = one;
    let mut seen = page.text().unwrap().to_owned();
    for _ in 0..5 {
        let Some(next) = page
            .buttons()
            .into_iter()
            .find(|b| b.ends_with('▶') && b.contains('/'))
        else {
            break;
        };
        app.press(&ru, &page, &next);
        page = app.expect_edit(ru.id).await;
        assert!(atazan::domain::utf16_len(page.text().unwrap()) <= 4096);
        seen.push_str(page.text().unwrap());
    }
    for p in 1..=60 {
        assert!(
            seen.contains(&format!("Пункт {p} статьи 1:")),
            "point {p} is on some page"
        );
    }

    // The section of the text lists its articles.
    app.press(&ru, &nine, "Раздел 1");
    let section = app.expect_edit(ru.id).await;
    assert!(
        section.text().unwrap().contains("9 статей"),
        "{:?}",
        section.text()
    );

    // Kazakh, typed the Kazakh way.
    let kk = app.onboard(4101, "kk").await;
    let kk9 = app.say(&kk, "9-бап").await;
    let text = kk9.text().unwrap();
    assert!(
        text.contains("9-бап") && text.contains("9-баптың 1-тармағы"),
        "{text}"
    );
    assert!(
        !text.contains("&#58;") && !text.contains("&amp;#58;"),
        "entities decoded: {text}"
    );

    // Inline mode: the article itself, ready to post in any chat.
    let before = app.fake.call_count();
    app.fake.inline_query(&ru, "ст. 9");
    let i = app
        .fake
        .wait_call(before, crate::support::WAIT, |c| c.method == "answerinlinequery")
        .await
        .expect("inline answer");
    let first = app.fake.call(i).unwrap().params["results"][0].clone();
    assert_eq!(first["title"], "📜 Статья 9", "{first}");
    assert!(
        first["input_message_content"]["message_text"]
            .as_str()
            .unwrap()
            .contains("Пункт 1 статьи 9")
    );

    // Search finds words of the text itself.
    let hits = app.say(&ru, "дирижабли").await;
    assert!(
        hits.buttons().iter().any(|b| b.contains("Статья 50")),
        "{:?}",
        hits.buttons()
    );
}

#[tokio::test]
async fn import_text_reports_gaps_and_duplicates_with_lines_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo_path("content"), &content);
    let file = dir.path().join("ru.txt");
    let numbers: Vec<u32> = (1..=ARTICLES).filter(|n| *n != 5).chain([7]).collect();
    let mut numbers = numbers;
    numbers.sort();
    let text = official_ru(numbers);
    std::fs::write(&file, &text).unwrap();
    let line_of = |needle: &str, nth: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| *l == needle)
            .nth(nth)
            .map(|(i, _)| i + 1)
            .unwrap()
    };
    let out = import(&content, "ru", &file).await;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let gap = format!(
        "ru.txt:{}: article 6 where article 5 was expected",
        line_of("Статья 6", 0)
    );
    let twice = format!(
        "ru.txt:{}: article 7 again (first at line {})",
        line_of("Статья 7", 1),
        line_of("Статья 7", 0)
    );
    assert!(err.contains(&gap), "{gap} in {err}");
    assert!(err.contains(&twice), "{twice} in {err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!content.join("law/ru.toml").exists());

    // The Kazakh text, if it had a different set of articles, would break the pack: refused.
    let ok = dir.path().join("ru-ok.txt");
    std::fs::write(&ok, official_ru(1..=ARTICLES)).unwrap();
    assert_eq!(import(&content, "ru", &ok).await.status.code(), Some(0));
    let short = dir.path().join("kk.html");
    std::fs::write(&short, official_kk_html(1..=ARTICLES - 1)).unwrap();
    let out = import(&content, "kk", &short).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Russian and Kazakh texts disagree"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!content.join("law/kk.toml").exists());

    // An explanation citing an article the text does not have is a problem of the pack.
    let land = content.join("items/land.md");
    let item = std::fs::read_to_string(&land).unwrap();
    let cited = item
        .lines()
        .find(|l| l.starts_with("articles = "))
        .unwrap()
        .to_owned();
    std::fs::write(&land, item.replacen(&cited, "articles = [8, 120]", 1)).unwrap();
    let out = check(&content, &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("article 120 does not exist: the loaded text has articles 1–96"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn facts_that_age_show_their_date_and_stale_items_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("content"), dir.path());
    let file = dir.path().join("items/kurultai.md");
    let item = std::fs::read_to_string(&file).unwrap();
    let as_of = item
        .lines()
        .find(|l| l.starts_with("as_of = "))
        .unwrap()
        .to_owned();
    std::fs::write(&file, item.replacen(&as_of, "as_of = \"2020-01-15\"", 1)).unwrap();
    let out = check(dir.path(), &["--stale", "1500"]).await;
    assert_eq!(out.status.code(), Some(0));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("1 items not checked for 1500 days"), "{listed}");
    assert!(listed.contains("kurultai.md: as_of 2020-01-15"), "{listed}");

    let app = TestApp::spawn_with(&[("CONTENT_DIR", &dir.path().display().to_string())]).await;
    let ru = app.onboard(4200, "ru").await;
    app.say(&ru, "/start art_kurultai").await; // the welcome, then the item
    let shown = app.expect_message(ru.id).await;
    assert!(
        shown.text().unwrap().contains("По состоянию на 15.01.2020"),
        "{:?}",
        shown.text()
    );
    let kk = app.onboard(4201, "kk").await;
    app.say(&kk, "/start art_kurultai").await;
    let shown = app.expect_message(kk.id).await;
    assert!(shown.text().unwrap().contains("15.01.2020 жағдай бойынша"));

    // An item without the date is refused with its line.
    std::fs::write(&file, item.replacen(&(as_of + "\n"), "", 1)).unwrap();
    let out = check(dir.path(), &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kurultai.md:"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("as_of"));
}

#[tokio::test]
async fn an_editor_sends_the_official_text_to_the_bot_and_publishes_it() {
    let app = TestApp::spawn().await;
    let ed = crate::editors::editor(&app, 4300).await;
    let before = app.say(&ed, "/article 9").await;
    assert!(
        before.text().unwrap().contains("не загружен"),
        "{:?}",
        before.text()
    );

    crate::editors::send_file(
        &app,
        &ed,
        "constitution-kk.html",
        official_kk_html(1..=ARTICLES).into_bytes(),
    );
    let checked = app.expect_message(ed.id).await;
    assert!(
        checked.text().unwrap().contains("law/kk.toml"),
        "{:?}",
        checked.text()
    );
    app.press(&ed, &checked, "Опубликовать");
    app.expect_message(ed.id).await;
    let kk = app.onboard(4301, "kk").await;
    assert!(
        app.say(&kk, "/article 9")
            .await
            .text()
            .unwrap()
            .contains("9-баптың 1-тармағы")
    );

    // A text with a gap is refused with its line, and nothing changes.
    let broken = official_ru((1..=ARTICLES).filter(|n| *n != 40));
    crate::editors::send_file(&app, &ed, "constitution-ru.txt", broken.into_bytes());
    let refused = app.expect_message(ed.id).await;
    assert!(
        refused.text().unwrap().contains("constitution-ru.txt:")
            && refused.text().unwrap().contains("article 40 was expected"),
        "{:?}",
        refused.text()
    );
}
