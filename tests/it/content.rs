//! The shipped content pack: navigation, deep links, search, inline mode, `/reload`, and
//! `check-content` on broken packs.

use std::path::Path;

use atazan::{content::Pack, domain::Lang};

use crate::support::{ADMIN, TestApp, repo_path};

#[tokio::test]
async fn navigation_edits_in_place_with_pagination_and_back() {
    let app = TestApp::spawn().await;
    let user = app.onboard(1100, "ru").await;
    let toc = app.say(&user, "📜 Конституция").await;
    let text = toc.text().unwrap();
    assert!(
        text.contains("15.03.2026") && text.contains("01.07.2026"),
        "the phase is stated: {text}"
    );
    assert!(
        toc.buttons()
            .iter()
            .any(|b| b.contains("Основы конституционного строя"))
    );
    let toc_id = toc.result_message_id().unwrap();

    // Next page of sections: the same message is edited.
    app.press(&user, &toc, "▶");
    let page2 = app.expect_edit(1100).await;
    assert_eq!(page2.params["message_id"], toc_id);
    assert!(
        page2
            .buttons()
            .iter()
            .any(|b| b.contains("XI") || b.contains("переходные")),
        "{:?}",
        page2.buttons()
    );
    app.press(&user, &page2, "◀");
    let page1 = app.expect_edit(1100).await;

    // Section I → an article → Back to the section.
    app.press(&user, &page1, "Основы конституционного строя");
    let section = app.expect_edit(1100).await;
    assert!(
        section.text().unwrap().contains("объяснени"),
        "{:?}",
        section.text()
    );
    app.press(&user, &section, "Земля и природные ресурсы");
    let item = app.expect_edit(1100).await;
    let text = item.text().unwrap();
    assert!(
        text.contains("Источник") && text.contains("действует с 01.07.2026"),
        "{text}"
    );
    assert!(item.buttons().iter().any(|b| b.contains("Поделиться")));
    let share = item.params["reply_markup"].to_string();
    assert!(
        share.contains("start%3Dart_land"),
        "share link opens the item: {share}"
    );
    app.press(&user, &item, "← Назад");
    let back = app.expect_edit(1100).await;
    assert!(back.text().unwrap().contains("Основы конституционного строя"));
    assert_eq!(
        app.fake.message(1100, toc_id).unwrap().edits,
        5,
        "all in one message"
    );
}

#[tokio::test]
async fn deep_links_open_items_and_themes_even_on_first_start() {
    let app = TestApp::spawn().await;
    // A newcomer following a shared link chooses a language first, then lands on the item.
    let user = app.user(1200, Some("kk"));
    let choice = app.say(&user, "/start art_kurultai").await;
    app.press(&user, &choice, "Қазақша");
    app.expect_message(1200).await; // welcome
    let item = app.expect_message(1200).await;
    assert!(item.text().unwrap().contains("Құрылтай"), "{:?}", item.text());

    let theme = app.say(&user, "/start theme_labour").await; // welcome again
    assert!(theme.text().unwrap().contains("Ата Заң"));
    let list = app.expect_message(1200).await;
    assert!(list.text().unwrap().contains("Еңбек"), "{:?}", list.text());

    app.say(&user, "/start art_no_such_item").await;
    let unknown = app.expect_message(1200).await;
    assert!(unknown.text().unwrap().contains("Сілтеме"));
}

#[tokio::test]
async fn free_text_searches_in_both_languages_and_offers_volunteers_when_nothing_matches() {
    let app = TestApp::spawn().await;
    let user = app.onboard(1300, "ru").await;
    for (query, expect) in [
        ("маслихатов", "Маслихат"),
        ("халык кенеси", "Халық Кеңесі"),
        ("земли", "Земля"),
        ("курултаи", "Курултай"),
    ] {
        let hits = app.say(&user, query).await;
        assert!(
            hits.buttons().iter().take(3).any(|b| b.contains(expect)),
            "{query}: {:?}",
            hits.buttons()
        );
    }
    let none = app.say(&user, "квантовая хромодинамика").await;
    assert!(none.text().unwrap().contains("Ничего не нашлось"));
    assert!(none.buttons().iter().any(|b| b.contains("волонтёрам")));
}

#[tokio::test]
async fn article_command_and_glossary_and_themes() {
    let app = TestApp::spawn().await;
    let user = app.onboard(1400, "ru").await;
    let usage = app.say(&user, "/article abc").await;
    assert!(usage.text().unwrap().contains("/article 26"));
    let missing = app.say(&user, "/article 95").await;
    assert!(
        missing.text().unwrap().contains("95") && missing.text().unwrap().contains("adilet"),
        "{:?}",
        missing.text()
    );
    let glossary = app.say(&user, "/glossary").await;
    assert!(glossary.text().unwrap().contains("Словарь"));
    let themes = app.say(&user, "/themes").await;
    assert_eq!(themes.buttons().len(), 8, "seven themes and Back");
}

#[tokio::test]
async fn inline_mode_lists_matching_explanations() {
    let app = TestApp::spawn().await;
    let user = atazan::fakeapi::FakeUser::new(1500, Some("ru"));
    let before = app.fake.calls().len();
    app.fake.inline_query(&user, "земля");
    let i = app
        .fake
        .wait_call(before, crate::support::WAIT, |c| c.method == "answerinlinequery")
        .await
        .expect("inline answer");
    let results = app.fake.calls()[i].params["results"].clone();
    let first = &results[0];
    assert_eq!(first["type"], "article");
    assert!(first["title"].as_str().unwrap().contains("Земля"), "{first}");
    assert_eq!(first["input_message_content"]["parse_mode"], "HTML");
}

#[tokio::test]
async fn reload_replaces_the_pack_and_refuses_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("content"), dir.path());
    let content = dir.path().display().to_string();
    let app = TestApp::spawn_with(&[("CONTENT_DIR", &content)]).await;
    let admin = app.onboard(ADMIN, "ru").await;

    let land = dir.path().join("items/land.md");
    let text = std::fs::read_to_string(&land).unwrap();
    std::fs::write(
        &land,
        text.replacen("title = \"Земля", "title = \"Обновлено: Земля", 1),
    )
    .unwrap();
    let ok = app.say(&admin, "/reload").await;
    assert!(ok.text().unwrap().contains("✅"), "{:?}", ok.text());
    let hits = app.say(&admin, "земля").await;
    assert!(hits.buttons().iter().any(|b| b.starts_with("Обновлено")));

    std::fs::write(&land, "+++\nid = \"land\"\n+++\n").unwrap();
    let refused = app.say(&admin, "/reload").await;
    assert!(
        refused.text().unwrap().contains("land.md:"),
        "{:?}",
        refused.text()
    );
    let hits = app.say(&admin, "земля").await;
    assert!(
        hits.buttons().iter().any(|b| b.starts_with("Обновлено")),
        "the old pack stays"
    );

    let resident = app.onboard(1600, "ru").await;
    assert!(
        app.say(&resident, "/reload")
            .await
            .text()
            .unwrap()
            .contains("недоступно")
    );
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn broken_pack(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("content"), dir.path());
    edit(dir.path());
    let problems = Pack::load(dir.path()).expect_err("the pack is refused");
    (dir, problems.iter().map(ToString::to_string).collect())
}

#[test]
fn the_shipped_pack_is_valid_and_complete() {
    let pack = Pack::load(&repo_path("content")).unwrap_or_else(|p| panic!("{p:#?}"));
    let s = pack.summary();
    assert!(s.articles >= 30, "{s}");
    assert_eq!(s.sections, 11);
    for theme in atazan::domain::Theme::ALL {
        assert!(pack.on_theme(theme).count() >= 2, "theme {theme:?} is covered");
    }
    for item in &pack.items {
        for lang in Lang::ALL {
            for part in item.parts(lang) {
                assert!(
                    atazan::telegram_html::validate(part).unwrap() <= 4096,
                    "{}",
                    item.id
                );
            }
        }
    }
}

#[test]
fn check_content_reports_broken_html_missing_language_and_overlong_items() {
    let (_d, problems) = broken_pack(|dir| {
        let f = dir.join("items/land.md");
        let t = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, t.replacen("# kk\n", "# kk\nТекст <div>сырой HTML</div>\n", 1)).unwrap();
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("land.md:") && p.contains("raw HTML")),
        "{problems:?}"
    );

    let (_d, problems) = broken_pack(|dir| {
        let f = dir.join("items/speech.md");
        let t = std::fs::read_to_string(&f).unwrap();
        let cut = t.find("\n# kk\n").unwrap();
        std::fs::write(&f, &t[..cut + 1]).unwrap();
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("speech.md:") && p.contains("missing language")),
        "{problems:?}"
    );

    let (_d, problems) = broken_pack(|dir| {
        let f = dir.join("items/bar.md");
        let t = std::fs::read_to_string(&f).unwrap();
        let para = "Очень длинный абзац без перерыва. ".repeat(150);
        std::fs::write(&f, t.replacen("# ru\n", &format!("# ru\n{para}\n\n"), 1)).unwrap();
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("bar.md:") && p.contains("4096")),
        "{problems:?}"
    );

    let (_d, problems) = broken_pack(|dir| {
        let f = dir.join("items/kurultai.md");
        let t = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, t.replacen("related = [", "related = [\"no_such_item\", ", 1)).unwrap();
        let g = dir.join("glossary.toml");
        let t = std::fs::read_to_string(&g).unwrap();
        std::fs::write(&g, t.replacen("[[term]]", "[[term]]\nbroken = ", 1)).unwrap();
    });
    assert!(
        problems.iter().any(|p| p.contains("no_such_item")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("glossary.toml:")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn check_content_command_exit_status() {
    let ok = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("check-content")
        .arg(repo_path("content"))
        .output()
        .await
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        out.contains("drafts") && out.contains("Kazakh"),
        "review counts are shown: {out}"
    );

    let (dir, _) = broken_pack(|dir| std::fs::write(dir.join("items/land.md"), "no front matter").unwrap());
    let bad = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("check-content")
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("land.md:1: expected front matter"));
}

/// Recall@3 of the search-quality set (`tests/data/search_queries.tsv`).
#[test]
fn search_quality_recall_at_3() {
    let pack = Pack::load(&repo_path("content")).unwrap();
    let set = std::fs::read_to_string(repo_path("tests/data/search_queries.tsv")).unwrap();
    let cases: Vec<(&str, &str)> = set
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let mut misses = Vec::new();
    for (query, want) in &cases {
        let hits = pack.search.search(query, Lang::Ru, 3);
        let found = hits
            .iter()
            .any(|h| matches!(&h.target, atazan::content::search::Target::Item(id) if id == want));
        if !found {
            misses.push(format!(
                "{query} → {want}: got {:?}",
                hits.iter().map(|h| &h.target).collect::<Vec<_>>()
            ));
        }
    }
    let recall = 1.0 - misses.len() as f64 / cases.len() as f64;
    println!(
        "search recall@3 = {recall:.3} over {} queries; misses: {misses:#?}",
        cases.len()
    );
    assert!(cases.len() >= 50);
    assert!(recall >= 0.9, "recall@3 {recall:.3}; misses: {misses:#?}");
}
