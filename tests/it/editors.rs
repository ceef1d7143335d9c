//! Editors without server access: the role by invite, a pack sent as a file or a zip, checked as
//! `check-content` checks it, published for everyone (and after a restart), rolled back, marked
//! checked, and sent back as `/pack`.

use std::io::{Read, Write};

use atazan::fakeapi::FakeUser;
use serde_json::json;

use crate::{
    content::copy_dir,
    support::{ADMIN, TestApp, repo_path},
};

const EDITOR: i64 = 7001;

/// The shipped pack's files, by relative path.
fn pack_files() -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("content"), dir.path());
    let mut files = Vec::new();
    for name in ["document.toml", "glossary.toml", "README.md"] {
        files.push((name.to_owned(), std::fs::read(dir.path().join(name)).unwrap()));
    }
    let mut items: Vec<_> = std::fs::read_dir(dir.path().join("items"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    items.sort();
    for name in items {
        files.push((
            format!("items/{name}"),
            std::fs::read(dir.path().join("items").join(&name)).unwrap(),
        ));
    }
    files
}

/// A zip of `files`, each under `prefix` (`"content/"`: a zip of the folder).
fn zip_of(files: &[(String, Vec<u8>)], prefix: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        zip.start_file(format!("{prefix}{name}"), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn edit(files: &mut [(String, Vec<u8>)], name: &str, f: impl FnOnce(String) -> String) {
    let file = files.iter_mut().find(|(n, _)| n == name).unwrap();
    file.1 = f(String::from_utf8(file.1.clone()).unwrap()).into_bytes();
}

pub(crate) fn send_file(app: &TestApp, user: &FakeUser, name: &str, bytes: Vec<u8>) {
    let size = bytes.len();
    let file_id = app.fake.add_file(bytes);
    app.fake.send(
        user,
        json!({ "document": { "file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": size } }),
    );
}

/// An editor, made one through the admin's `/addeditor` and the link.
pub(crate) async fn editor(app: &TestApp, id: i64) -> FakeUser {
    let admin = app.user(ADMIN, Some("ru"));
    if app
        .db()
        .await
        .user(ADMIN)
        .await
        .unwrap()
        .is_none_or(|u| u.lang.is_none())
    {
        app.onboard(ADMIN, "ru").await;
    }
    let invite = app.say(&admin, "/addeditor").await;
    let text = invite.text().unwrap();
    let token = text
        .split("start=ed_")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .expect("an ed_ link")
        .trim_end_matches('"')
        .to_owned();
    let user = app.onboard(id, "ru").await;
    app.say(&user, &format!("/start ed_{token}")).await; // the welcome, then the role
    let granted = app.expect_message(id).await;
    assert!(
        granted.text().unwrap().contains("редактор"),
        "{:?}",
        granted.text()
    );
    user
}

async fn land_title(app: &TestApp, user: &FakeUser) -> String {
    let hits = app.say(user, "земля").await;
    hits.buttons()
        .into_iter()
        .find(|b| b.contains("Земля"))
        .unwrap_or_default()
}

#[tokio::test]
async fn a_broken_zip_is_refused_with_file_and_line_and_the_old_pack_stays() {
    let app = TestApp::spawn().await;
    let ed = editor(&app, EDITOR).await;
    let before = land_title(&app, &ed).await;

    let mut files = pack_files();
    edit(&mut files, "items/land.md", |t| {
        t.replacen("kind = \"article\"", "kind = \"essay\"", 1)
    });
    send_file(&app, &ed, "pack.zip", zip_of(&files, "content/"));
    let refused = app.expect_message(ed.id).await;
    let text = refused.text().unwrap();
    assert!(text.contains("items/land.md:"), "{text}");
    assert!(!refused.buttons().iter().any(|b| b.contains("Опубликовать")));
    assert_eq!(land_title(&app, &ed).await, before, "the old pack stays live");

    // Checked before anything is unpacked: paths outside the pack and links.
    let mut evil = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    evil.start_file("../../etc/cron.d/x", options).unwrap();
    evil.write_all(b"* * * * * root true").unwrap();
    evil.add_symlink("items/link.md", "/etc/passwd", options).unwrap();
    send_file(&app, &ed, "evil.zip", evil.finish().unwrap().into_inner());
    let refused = app.expect_message(ed.id).await;
    let text = refused.text().unwrap();
    assert!(text.contains("outside the pack"), "{text}");
    assert!(text.contains("a link"), "{text}");

    // More problems than a message holds: the whole list comes as a file.
    let mut files = pack_files();
    for (_, bytes) in files.iter_mut().filter(|(n, _)| n.starts_with("items/")) {
        *bytes = b"no front matter".to_vec();
    }
    let many: Vec<_> = (0..120)
        .map(|i| (format!("items/extra_{i:03}.md"), b"no front matter".to_vec()))
        .collect();
    files.extend(many);
    send_file(&app, &ed, "many.zip", zip_of(&files, ""));
    let refused = app.expect_message(ed.id).await;
    assert!(refused.text().unwrap().contains("ещё"), "{:?}", refused.text());
    let list = app
        .expect(ed.id, "problems.txt", |c| c.method == "senddocument")
        .await;
    let content = list.params["document"]["content"].as_str().unwrap();
    assert!(content.lines().count() >= 160, "every problem is in the file");
    assert!(content.contains("items/extra_119.md:1: expected front matter"));

    // Residents' files are not pack changes.
    let resident = app.onboard(7002, "ru").await;
    send_file(&app, &resident, "pack.zip", zip_of(&pack_files(), ""));
    let reply = app.expect_message(resident.id).await;
    assert!(!reply.buttons().iter().any(|b| b.contains("Опубликовать")));
}

#[tokio::test]
async fn a_good_zip_is_live_after_publish_and_a_restart_and_rolls_back() {
    let mut app = TestApp::spawn().await;
    let ed = editor(&app, EDITOR).await;
    let original = land_title(&app, &ed).await;
    assert!(!original.is_empty());

    let mut files = pack_files();
    edit(&mut files, "items/land.md", |t| {
        t.replacen("title = \"Земля", "title = \"Версия 1: Земля", 1)
    });
    send_file(&app, &ed, "content.zip", zip_of(&files, "content/"));
    let checked = app.expect_message(ed.id).await;
    let text = checked.text().unwrap();
    assert!(text.contains("изменятся: land"), "{text}");
    assert!(text.contains("добавятся: —"), "{text}");
    app.press(&ed, &checked, "Опубликовать");
    // Version 1 is the folder's pack, kept when the first version is published.
    let published = app.expect_message(ed.id).await;
    assert!(
        published.text().unwrap().contains("версия 2"),
        "{:?}",
        published.text()
    );
    assert!(land_title(&app, &ed).await.starts_with("Версия 1"));
    // A second press on the same Publish does nothing more.
    app.press(&ed, &checked, "Опубликовать");
    assert!(
        app.expect_message(ed.id)
            .await
            .text()
            .unwrap()
            .contains("уже нет")
    );

    // Survives a restart: the published pack, not content/, is what the bot starts from.
    app.restart().await;
    assert!(land_title(&app, &ed).await.starts_with("Версия 1"));

    // One item file on its own.
    let land = files
        .iter()
        .find(|(n, _)| n == "items/land.md")
        .unwrap()
        .1
        .clone();
    let land2 = String::from_utf8(land)
        .unwrap()
        .replacen("Версия 1:", "Версия 2:", 1);
    send_file(&app, &ed, "land.md", land2.into_bytes());
    let checked = app.expect_message(ed.id).await;
    assert!(checked.text().unwrap().contains("изменятся: land"));
    app.press(&ed, &checked, "Опубликовать");
    assert!(
        app.expect_message(ed.id)
            .await
            .text()
            .unwrap()
            .contains("версия 3")
    );
    assert!(land_title(&app, &ed).await.starts_with("Версия 2"));

    // Rollback to the first published version (2).
    let versions = app.say(&ed, "/rollback").await;
    assert!(
        versions.text().unwrap().contains("версия 3"),
        "{:?}",
        versions.text()
    );
    app.press(&ed, &versions, "Версия 2 ·");
    let back = app.expect_message(ed.id).await;
    assert!(
        back.text().unwrap().contains("Возвращена версия 2"),
        "{:?}",
        back.text()
    );
    assert!(land_title(&app, &ed).await.starts_with("Версия 1"));

    // Publish and rollback are in the audit log with who did them.
    let db = app.db().await;
    let audit = db.audit_latest(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "pack_publish" && a.actor == EDITOR)
    );
    assert!(
        audit
            .iter()
            .any(|a| a.action == "pack_rollback" && a.actor == EDITOR)
    );
}

#[tokio::test]
async fn the_first_publish_can_be_rolled_back_to_the_folder_pack() {
    let mut app = TestApp::spawn().await;
    let ed = editor(&app, EDITOR).await;
    let original = land_title(&app, &ed).await;
    assert!(original.starts_with("Земля"), "{original}");

    // Nothing published yet: nothing to return to.
    let none = app.say(&ed, "/rollback").await;
    assert!(none.text().unwrap().contains("нет"), "{:?}", none.text());

    let mut files = pack_files();
    edit(&mut files, "items/land.md", |t| {
        t.replacen("title = \"Земля", "title = \"Ошибка: Земля", 1)
    });
    send_file(&app, &ed, "content.zip", zip_of(&files, ""));
    let checked = app.expect_message(ed.id).await;
    app.press(&ed, &checked, "Опубликовать");
    let published = app.expect_message(ed.id).await;
    assert!(
        published.text().unwrap().contains("версия 2"),
        "{:?}",
        published.text()
    );
    assert!(land_title(&app, &ed).await.starts_with("Ошибка"));

    // The pack that was live before (the folder's) is offered, and restoring it undoes the
    // mistake for everyone, and after a restart.
    let versions = app.say(&ed, "/rollback").await;
    let buttons = versions.buttons();
    assert_eq!(buttons.len(), 1, "{buttons:?}");
    assert!(buttons[0].contains("Версия 1 · исходная"), "{buttons:?}");
    app.press(&ed, &versions, "исходная");
    let back = app.expect_message(ed.id).await;
    assert!(
        back.text()
            .unwrap()
            .contains("Возвращена версия 1 (теперь это версия 3)"),
        "{:?}",
        back.text()
    );
    assert_eq!(land_title(&app, &ed).await, original);
    let resident = app.onboard(7005, "ru").await;
    assert_eq!(land_title(&app, &resident).await, original);
    app.restart().await;
    assert_eq!(land_title(&app, &ed).await, original);

    // The mistake stays a version to return to; the folder's pack is recorded only once.
    let versions = app.say(&ed, "/rollback").await;
    let buttons = versions.buttons();
    assert_eq!(buttons.len(), 2, "{buttons:?}");
    assert!(buttons.iter().any(|b| b.starts_with("Версия 2 ·")), "{buttons:?}");
}

#[tokio::test]
async fn the_folder_version_is_recorded_once_and_pruned_like_the_others() {
    use atazan::storage::KEPT_VERSIONS;
    let app = TestApp::spawn().await;
    let db = app.db().await;
    let folder = Some((&b"folder"[..], "folder summary"));
    let first = db
        .publish_version(Some(0), b"v", EDITOR, "publish", "s", "h", "a", folder)
        .await
        .unwrap();
    assert_eq!(first, Some(2), "version 1 is the folder's pack");
    let versions = db.versions(KEPT_VERSIONS).await.unwrap();
    let whats: Vec<_> = versions.iter().map(|v| (v.id, v.what.as_str())).collect();
    assert_eq!(whats, [(2, "publish"), (1, "folder")]);
    assert_eq!(db.version_zip(1).await.unwrap().as_deref(), Some(&b"folder"[..]));

    // Once something is published, the folder is not recorded again.
    let mut live = 2;
    while live < KEPT_VERSIONS {
        live = db
            .publish_version(Some(live), b"v", EDITOR, "publish", "s", "h", "a", folder)
            .await
            .unwrap()
            .unwrap();
    }
    let versions = db.versions(KEPT_VERSIONS + 5).await.unwrap();
    assert_eq!(versions.len() as i64, KEPT_VERSIONS);
    assert_eq!(versions.iter().filter(|v| v.what == "folder").count(), 1);
    // One more, and the folder's pack is the oldest to go.
    db.publish_version(Some(live), b"v", EDITOR, "publish", "s", "h", "a", folder)
        .await
        .unwrap()
        .unwrap();
    let versions = db.versions(KEPT_VERSIONS + 5).await.unwrap();
    assert_eq!(versions.len() as i64, KEPT_VERSIONS);
    assert!(versions.iter().all(|v| v.what == "publish"), "{versions:?}");
}

#[tokio::test]
async fn stored_editors_get_their_menu_at_start() {
    let mut app = TestApp::spawn().await;
    editor(&app, EDITOR).await;
    let before = app.fake.call_count();
    app.restart().await;
    let calls = app.fake.calls().split_off(before);
    for lang in ["ru", "kk"] {
        // The last menu set (or removed) in the editor's chat for this language.
        let last = calls
            .iter()
            .rfind(|c| {
                (c.method == "setmycommands" || c.method == "deletemycommands")
                    && c.params["scope"]["type"] == "chat"
                    && c.params["scope"]["chat_id"] == EDITOR
                    && c.params["language_code"] == lang
            })
            .unwrap_or_else(|| panic!("no menu for the editor in {lang} at start"));
        assert_eq!(last.method, "setmycommands");
        let commands = last.params["commands"].to_string();
        assert!(commands.contains("\"rollback\""), "{commands}");
        assert!(
            commands.contains("\"ask\""),
            "their role's commands too: {commands}"
        );
        assert!(!commands.contains("\"broadcast\""), "{commands}");
    }
}

#[tokio::test]
async fn publish_refuses_when_another_editor_published_meanwhile() {
    let app = TestApp::spawn().await;
    let first = editor(&app, EDITOR).await;
    let second = editor(&app, EDITOR + 1).await;
    let mut a = pack_files();
    edit(&mut a, "items/land.md", |t| {
        t.replacen("title = \"Земля", "title = \"А: Земля", 1)
    });
    let mut b = pack_files();
    edit(&mut b, "items/property.md", |t| {
        t.replacen("title = \"", "title = \"Б: ", 1)
    });
    send_file(&app, &first, "a.zip", zip_of(&a, ""));
    let checked_a = app.expect_message(first.id).await;
    send_file(&app, &second, "b.zip", zip_of(&b, ""));
    let checked_b = app.expect_message(second.id).await;
    app.press(&first, &checked_a, "Опубликовать");
    assert!(
        app.expect_message(first.id)
            .await
            .text()
            .unwrap()
            .contains("версия 2")
    );
    app.press(&second, &checked_b, "Опубликовать");
    let conflict = app.expect_message(second.id).await;
    assert!(
        conflict.text().unwrap().contains("другой редактор"),
        "{:?}",
        conflict.text()
    );
    assert!(
        land_title(&app, &first).await.starts_with("А:"),
        "the first stays live"
    );

    // A removed editor can no longer publish.
    let admin = app.user(ADMIN, Some("ru"));
    let list = app.say(&admin, "/editors").await;
    app.press(&admin, &list, &(EDITOR + 1).to_string());
    app.expect_message(ADMIN).await;
    send_file(&app, &second, "b.zip", zip_of(&b, ""));
    let reply = app.expect_message(second.id).await;
    assert!(!reply.buttons().iter().any(|b| b.contains("Опубликовать")));
    let before = app.fake.call_count();
    app.press(&second, &checked_b, "Опубликовать");
    let i = app
        .fake
        .wait_call(before, crate::support::WAIT, |c| {
            c.method == "answercallbackquery" && c.params["show_alert"] == true
        })
        .await
        .expect("a refusal");
    let refused = app.fake.call(i).unwrap();
    assert!(refused.params["text"].as_str().unwrap().contains("недоступ"));
    assert!(
        land_title(&app, &first).await.starts_with("А:"),
        "nothing was published"
    );
}

#[tokio::test]
async fn an_editor_marks_an_item_checked_and_the_published_pack_says_so() {
    let app = TestApp::spawn().await;
    let ed = editor(&app, EDITOR).await;
    app.say(&ed, "/start art_land").await;
    let item = app.expect_message(ed.id).await;
    app.press(&ed, &item, "✓ RU");
    let marked = app.expect_message(ed.id).await;
    assert!(
        marked.text().unwrap().contains("land [ru]"),
        "{:?}",
        marked.text()
    );

    // /review no longer lists it for Russian, and the item shows who checked it.
    app.say(&ed, "/start art_land").await;
    let shown = app.expect_message(ed.id).await;
    let full: String = {
        // The footer is on the last part of the item.
        let mut page = shown.clone();
        let mut text = page.text().unwrap().to_owned();
        while let Some(next) = page.buttons().into_iter().find(|b| b.ends_with('▶')) {
            app.press(&ed, &page, &next);
            page = app.expect_edit(ed.id).await;
            text.push_str(page.text().unwrap());
        }
        text
    };
    assert!(full.contains("Сверено с официальным текстом: "), "{full}");

    // /pack sends the live pack; its land.md records who and when.
    app.fake.send_text(&ed, "/pack");
    let sent = app.expect(ed.id, "the zip", |c| c.method == "senddocument").await;
    let hex = sent.params["document"]["hex"].as_str().unwrap();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut land = String::new();
    zip.by_name("items/land.md")
        .unwrap()
        .read_to_string(&mut land)
        .unwrap();
    assert!(land.contains("status = \"reviewed\""), "{land}");
    assert!(land.contains("reviewed_on = \""), "{land}");
    assert!(
        land.contains("kk_status = \"unreviewed\""),
        "the Kazakh part is separate"
    );

    // Residents have no such buttons.
    let resident = app.onboard(7003, "ru").await;
    app.say(&resident, "/start art_land").await;
    let item = app.expect_message(resident.id).await;
    assert!(!item.buttons().iter().any(|b| b.contains("сверено")));
    assert!(
        app.say(&resident, "/review")
            .await
            .text()
            .unwrap()
            .contains("недоступ")
    );
}

#[tokio::test]
async fn a_changed_content_dir_after_a_publish_is_told_to_admins_and_reload_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("content"), dir.path());
    let content = dir.path().display().to_string();
    let mut app = TestApp::spawn_with(&[("CONTENT_DIR", &content)]).await;
    let ed = editor(&app, EDITOR).await;
    let mut files = pack_files();
    edit(&mut files, "items/land.md", |t| {
        t.replacen("title = \"Земля", "title = \"Опубликовано: Земля", 1)
    });
    send_file(&app, &ed, "p.zip", zip_of(&files, ""));
    let checked = app.expect_message(ed.id).await;
    app.press(&ed, &checked, "Опубликовать");
    app.expect_message(ed.id).await;

    // Someone edits the folder on the server and the bot restarts.
    let land = dir.path().join("items/land.md");
    let text = std::fs::read_to_string(&land).unwrap();
    std::fs::write(
        &land,
        text.replacen("title = \"Земля", "title = \"Из папки: Земля", 1),
    )
    .unwrap();
    app.restart().await;
    let note = app
        .expect(ADMIN, "the note", |c| {
            c.text().is_some_and(|t| t.contains("CONTENT_DIR"))
        })
        .await;
    assert!(note.text().unwrap().contains("/reload"));
    assert!(
        land_title(&app, &ed).await.starts_with("Опубликовано"),
        "the published pack stays"
    );
    let admin = app.user(ADMIN, Some("ru"));
    assert!(app.say(&admin, "/reload").await.text().unwrap().contains("✅"));
    assert!(land_title(&app, &ed).await.starts_with("Из папки"));
}
