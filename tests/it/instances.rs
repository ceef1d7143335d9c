//! Two bot processes in webhook mode on one PostgreSQL database, the test playing Telegram and
//! the load balancer in front of them: a broadcast survives one instance killed half-way (everyone
//! gets it once, nobody more than twice, the two together within `BROADCAST_RATE`); a question
//! taken through one instance cannot be taken through the other; one chat's updates are handled
//! in Telegram's order even when they reach the instances out of order; stopping an instance
//! leaves the webhook to the other. Runs in the PostgreSQL pass of `.ci/run`.

use std::{
    collections::HashMap,
    process::Stdio,
    sync::Mutex,
    time::{Duration, Instant},
};

use atazan::{
    domain::{Audience, Lang},
    fakeapi::{self, Call, FakeApi, FakeUser},
    storage::Db,
};
use serde_json::Value;

use crate::support::{ADMIN, WAIT, database_url, expect_call, postgres_server, repo_path, scalar};

const SECRET: &str = "one-secret-for-all-instances";

/// One `atazan run` process.
struct Instance {
    child: tokio::process::Child,
    port: u16,
}

/// The instances, their fake Telegram and their database.
struct Cluster {
    fake: FakeApi,
    db_url: String,
    instances: Vec<Option<Instance>>,
    client: reqwest::Client,
    cursors: Mutex<HashMap<i64, usize>>,
    dir: tempfile::TempDir,
    /// The pack folder every instance reads (a copy tests may edit).
    content: std::path::PathBuf,
    /// More environment for every instance.
    env: Vec<(String, String)>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Cluster {
    /// `n` instances on a fresh database (migrated first), once each answers `/health`.
    async fn start(n: usize, rate: u32) -> Self {
        Self::start_with(n, rate, &[]).await
    }

    /// [`Cluster::start`] with more environment for every instance.
    async fn start_with(n: usize, rate: u32, env: &[(&str, &str)]) -> Self {
        let fake = FakeApi::start().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db_url = database_url(dir.path(), "unused").await;
        Db::open(&db_url).await.unwrap().close().await;
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        crate::content::copy_dir(&repo_path("content"), &content);
        let mut cluster = Self {
            fake,
            db_url,
            instances: Vec::new(),
            client: reqwest::Client::new(),
            cursors: Mutex::new(HashMap::new()),
            dir,
            content,
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        };
        for _ in 0..n {
            cluster.spawn(rate).await;
        }
        cluster
    }

    async fn spawn(&mut self, rate: u32) {
        let port = free_port();
        let log = std::fs::File::create(self.dir.path().join(format!("instance-{port}.log"))).unwrap();
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
            .arg("run")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TELOXIDE_TOKEN", fakeapi::TOKEN)
            .env("TELOXIDE_API_URL", self.fake.url().to_string())
            .env("DATABASE_URL", &self.db_url)
            .env("ADMIN_IDS", ADMIN.to_string())
            .env("CONTENT_DIR", &self.content)
            .env("BROADCAST_RATE", rate.to_string())
            .env("WEBHOOK_URL", "https://bot.example.kz/telegram")
            .env("WEBHOOK_LISTEN", format!("127.0.0.1:{port}"))
            .env("WEBHOOK_SECRET", SECRET)
            .env("RUST_LOG", "info")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self.dir.path())
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let health = format!("http://127.0.0.1:{port}/health");
        let deadline = Instant::now() + WAIT * 3;
        loop {
            if let Ok(r) = self.client.get(&health).send().await
                && r.status() == 200
            {
                break;
            }
            assert!(Instant::now() < deadline, "instance on port {port} did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.instances.push(Some(Instance { child, port }));
    }

    async fn db(&self) -> Db {
        Db::open(&self.db_url).await.unwrap()
    }

    /// Posts one update to instance `to`, as Telegram does; Telegram's answer.
    async fn post(&self, to: usize, update: &Value) -> reqwest::StatusCode {
        let port = self.instances[to].as_ref().expect("instance is running").port;
        self.client
            .post(format!("http://127.0.0.1:{port}/telegram"))
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .header("content-type", "application/json")
            .body(update.to_string())
            .send()
            .await
            .map(|r| r.status())
            .unwrap_or(reqwest::StatusCode::BAD_GATEWAY)
    }

    /// Delivers what users sent so far to instance `to`.
    async fn deliver(&self, to: usize) {
        for u in self.fake.take_updates() {
            assert_eq!(self.post(to, &u).await, 200, "instance {to} stores the update");
        }
    }

    async fn expect_message(&self, chat: i64) -> Call {
        expect_call(&self.fake, &self.cursors, chat, "sendMessage", |c| {
            c.method == "sendmessage"
        })
        .await
    }

    async fn say(&self, to: usize, user: &FakeUser, text: &str) -> Call {
        self.fake.send_text(user, text);
        self.deliver(to).await;
        self.expect_message(user.id).await
    }

    /// Queues the press of `label` under `message` (delivered by the next `deliver`).
    fn press(&self, user: &FakeUser, message: &Call, label: &str) {
        let data = message
            .callback_data(label)
            .unwrap_or_else(|| panic!("no button {label:?} in {:?}", message.buttons()));
        self.fake
            .press(user, message.result_message_id().expect("a sent message"), &data);
    }

    /// `kill -9`: nothing of instance `i` gets to finish.
    async fn kill(&mut self, i: usize) {
        let mut instance = self.instances[i].take().unwrap();
        instance.child.kill().await.unwrap();
    }

    /// SIGTERM, and the exit status.
    async fn stop(&mut self, i: usize) -> std::process::ExitStatus {
        let mut instance = self.instances[i].take().unwrap();
        let pid = instance.child.id().unwrap();
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
        tokio::time::timeout(WAIT, instance.child.wait())
            .await
            .expect("the instance stops")
            .unwrap()
    }

    /// Waits until `n` instances have announced themselves and had time to take their share.
    async fn wait_instances(&self, n: i64) {
        let db = self.db().await;
        let deadline = Instant::now() + WAIT;
        while scalar(&db, "SELECT COUNT(*) FROM instances", &[]).await != n {
            assert!(Instant::now() < deadline, "{n} instances announce themselves");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // One heartbeat (3 s) later every instance knows how many share the rate.
        tokio::time::sleep(Duration::from_millis(3500)).await;
        db.close().await;
    }
}

fn skipped() -> bool {
    if postgres_server().is_none() {
        eprintln!("skipped: ATAZAN_TEST_POSTGRES is not set (the PostgreSQL pass of .ci/run runs this)");
        return true;
    }
    false
}

#[tokio::test]
async fn a_broadcast_to_300_reaches_everyone_once_with_one_of_two_instances_killed_half_way() {
    if skipped() {
        return;
    }
    const RATE: u32 = 20;
    const FIRST: i64 = 50_000;
    let mut cluster = Cluster::start(2, RATE).await;
    let db = cluster.db().await;
    for id in FIRST..FIRST + 300 {
        db.touch_user(id).await.unwrap();
        db.set_lang(id, Lang::Ru).await.unwrap();
        db.set_subscription(id, true, false).await.unwrap();
    }
    cluster.wait_instances(2).await;
    let (_, total) = db
        .create_broadcast(
            ADMIN,
            "<b>Встреча</b> в Уральске",
            None,
            &Audience::All,
            None,
            ADMIN,
        )
        .await
        .unwrap();
    assert_eq!(total, 300);

    let received = |fake: &FakeApi| {
        let mut per_chat: HashMap<i64, usize> = HashMap::new();
        let mut times = Vec::new();
        for c in fake.calls() {
            if c.method == "sendmessage"
                && c.ok
                && let Some(chat) = c.chat_id()
                && (FIRST..FIRST + 300).contains(&chat)
            {
                *per_chat.entry(chat).or_default() += 1;
                times.push(c.at);
            }
        }
        (per_chat, times)
    };
    let deadline = Instant::now() + WAIT * 6;
    while received(&cluster.fake).0.len() < 150 {
        assert!(Instant::now() < deadline, "the broadcast goes out");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    cluster.kill(0).await;

    // The survivor sends the rest, and what the dead one had claimed once its lease ends.
    let deadline = Instant::now() + Duration::from_secs(240);
    while scalar(
        &db,
        "SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')",
        &[],
    )
    .await
        > 0
    {
        assert!(
            Instant::now() < deadline,
            "the broadcast finishes on the surviving instance"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (per_chat, mut times) = received(&cluster.fake);
    assert_eq!(per_chat.len(), 300, "everyone got the announcement");
    let twice = per_chat.values().filter(|n| **n == 2).count();
    assert!(per_chat.values().all(|n| *n <= 2), "nobody got it three times");
    assert_eq!(
        scalar(&db, "SELECT COUNT(*) FROM deliveries WHERE status = 'sent'", &[]).await,
        300
    );
    // Telegram's limit is per bot: in no second did the two together send more than the rate
    // (a little jitter allowed: the fake stamps calls as it serves them).
    times.sort();
    let busiest = fakeapi::busiest_second(&times);
    assert!(
        busiest <= RATE as usize + 2,
        "at most {RATE} a second together, got {busiest}"
    );
    eprintln!("two instances, one killed: 300 recipients, {twice} got it twice, busiest second {busiest}");
    db.close().await;
}

#[tokio::test]
async fn a_question_taken_through_one_instance_cannot_be_taken_through_the_other() {
    if skipped() {
        return;
    }
    let cluster = Cluster::start(2, 25).await;
    let resident = FakeUser::new(7301, Some("ru"));
    let choice = cluster.say(0, &resident, "/start").await;
    cluster.press(&resident, &choice, "Русский");
    cluster.deliver(1).await;
    cluster.expect_message(resident.id).await;
    let consent = cluster.say(1, &resident, "/ask").await;
    cluster.press(&resident, &consent, "Согласен");
    cluster.deliver(0).await;
    let prompt = cluster.expect_message(resident.id).await;
    assert!(prompt.text().is_some());
    let preview = cluster
        .say(1, &resident, "Кто теперь утверждает бюджет области?")
        .await;
    assert!(
        preview.text().unwrap().contains("Отправить волонтёрам?"),
        "{:?}",
        preview.text()
    );
    cluster.press(&resident, &preview, "✅ Отправить");
    cluster.deliver(0).await;
    let receipt = cluster.expect_message(resident.id).await;
    let number = crate::questions::receipt_number(receipt.text().unwrap());

    let db = cluster.db().await;
    let (a, b) = (FakeUser::new(7302, Some("ru")), FakeUser::new(7303, Some("ru")));
    for v in [&a, &b] {
        db.touch_user(v.id).await.unwrap();
        db.set_lang(v.id, Lang::Ru).await.unwrap();
        db.set_volunteer(v.id, true).await.unwrap();
    }
    let qa = cluster.say(0, &a, "/queue").await;
    let qb = cluster.say(1, &b, "/queue").await;
    assert!(qa.text().unwrap().contains("Ждут ответа: 1"), "{:?}", qa.text());
    // Both press at once, each through another instance.
    cluster.press(&a, &qa, "Взять следующий");
    let press_a = cluster.fake.take_updates();
    cluster.press(&b, &qb, "Взять следующий");
    let press_b = cluster.fake.take_updates();
    let (sa, sb) = tokio::join!(cluster.post(0, &press_a[0]), cluster.post(1, &press_b[0]));
    assert_eq!((sa, sb), (reqwest::StatusCode::OK, reqwest::StatusCode::OK));
    let ra = cluster.expect_message(a.id).await;
    let rb = cluster.expect_message(b.id).await;
    let texts = [ra.text().unwrap(), rb.text().unwrap()];
    let cards = texts
        .iter()
        .filter(|t| t.contains(&format!("Вопрос №{number}")))
        .count();
    let empty = texts.iter().filter(|t| t.contains("Очередь пуста")).count();
    assert_eq!((cards, empty), (1, 1), "{texts:?}");

    // The lease holds across instances: the other volunteer, through the first instance this
    // time, still finds nothing to take.
    let (winner, loser, loser_queue) = if texts[0].contains("Вопрос №") {
        (&a, &b, &qb)
    } else {
        (&b, &a, &qa)
    };
    let via = if loser.id == a.id { 1 } else { 0 };
    cluster.press(loser, loser_queue, "Взять следующий");
    cluster.deliver(via).await;
    assert!(
        cluster
            .expect_message(loser.id)
            .await
            .text()
            .unwrap()
            .contains("Очередь пуста")
    );
    let claimed_by = scalar(
        &db,
        "SELECT claimed_by FROM questions WHERE id = $1",
        &[crate::support::Val::I(number)],
    )
    .await;
    assert_eq!(claimed_by, winner.id);
    db.close().await;
}

#[tokio::test]
async fn one_chats_updates_are_handled_in_telegrams_order_across_instances() {
    if skipped() {
        return;
    }
    let mut cluster = Cluster::start(2, 25).await;
    let commands = [
        "/help",
        "/myquestions",
        "/privacy",
        "/themes",
        "/mydata",
        "/events",
    ];

    // What a resident sees sending them one at a time.
    let reference = FakeUser::new(7401, Some("ru"));
    let choice = cluster.say(0, &reference, "/start").await;
    cluster.press(&reference, &choice, "Русский");
    cluster.deliver(0).await;
    cluster.expect_message(reference.id).await;
    let mut expected = Vec::new();
    for c in commands {
        expected.push(
            cluster
                .say(0, &reference, c)
                .await
                .text()
                .unwrap()
                .replace(char::is_numeric, ""),
        );
    }

    // Another sends them in a burst; Telegram's posts reach the instances in the reverse order.
    let user = FakeUser::new(7402, Some("ru"));
    let choice = cluster.say(1, &user, "/start").await;
    cluster.press(&user, &choice, "Русский");
    cluster.deliver(1).await;
    cluster.expect_message(user.id).await;
    for c in commands {
        cluster.fake.send_text(&user, c);
    }
    let burst = cluster.fake.take_updates();
    for (i, u) in burst.iter().enumerate().rev() {
        assert_eq!(cluster.post(i % 2, u).await, 200);
    }
    let mut got = Vec::new();
    for _ in commands {
        got.push(
            cluster
                .expect_message(user.id)
                .await
                .text()
                .unwrap()
                .replace(char::is_numeric, ""),
        );
    }
    assert_eq!(got, expected, "replies in the order the resident sent");

    // Stopping one instance cleanly leaves the webhook to the other.
    let before = cluster.fake.calls().len();
    assert!(cluster.stop(0).await.success());
    assert!(
        !cluster.fake.calls()[before..]
            .iter()
            .any(|c| c.method == "deletewebhook"),
        "the webhook the other instance serves stays"
    );
    let reply = cluster.say(1, &user, "/help").await;
    assert_eq!(reply.text().unwrap().replace(char::is_numeric, ""), expected[0]);
}

#[tokio::test]
async fn a_pack_reloaded_through_one_instance_is_live_on_the_other() {
    if skipped() {
        return;
    }
    let cluster = Cluster::start(2, 25).await;
    let onboard = async |to: usize, user: &FakeUser| {
        let choice = cluster.say(to, user, "/start").await;
        cluster.press(user, &choice, "Русский");
        cluster.deliver(to).await;
        cluster.expect_message(user.id).await;
    };
    let admin = FakeUser::new(ADMIN, Some("ru"));
    let resident = FakeUser::new(7501, Some("ru"));
    onboard(0, &admin).await;
    onboard(1, &resident).await;
    let before = cluster.say(1, &resident, "земля").await;
    assert!(!before.buttons().iter().any(|b| b.starts_with("Обновлено")));

    let land = cluster.content.join("items/land.md");
    let text = std::fs::read_to_string(&land).unwrap();
    std::fs::write(
        &land,
        text.replacen("title = \"Земля", "title = \"Обновлено: Земля", 1),
    )
    .unwrap();
    let ok = cluster.say(0, &admin, "/reload").await;
    assert!(ok.text().unwrap().contains("✅"), "{:?}", ok.text());

    // The other instance serves it within a heartbeat or two.
    let deadline = Instant::now() + WAIT;
    loop {
        let hits = cluster.say(1, &resident, "земля").await;
        if hits.buttons().iter().any(|b| b.starts_with("Обновлено")) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "instance 1 still serves the old pack: {:?}",
            hits.buttons()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn two_instances_together_send_one_chat_at_most_one_message_a_second() {
    if skipped() {
        return;
    }
    let cluster = Cluster::start(2, 25).await;
    cluster.wait_instances(2).await;
    let db = cluster.db().await;
    let chat = 7601;
    // Notes in small batches a little apart, so that both instances (each looks every 0.5 s)
    // claim some of them and hold messages to the same chat at once.
    for n in 0..12 {
        let note = atazan::storage::NewMessage::new(
            atazan::storage::OutboxKind::StaffNote,
            chat,
            format!("Заметка {n}"),
        );
        db.enqueue(&note).await.unwrap();
        if n % 2 == 1 {
            tokio::time::sleep(Duration::from_millis(230)).await;
        }
    }
    let deadline = Instant::now() + WAIT * 2;
    let sent = |fake: &FakeApi| -> Vec<Instant> {
        fake.calls()
            .iter()
            .filter(|c| c.method == "sendmessage" && c.ok && c.chat_id() == Some(chat))
            .map(|c| c.at)
            .collect()
    };
    while sent(&cluster.fake).len() < 12 {
        assert!(Instant::now() < deadline, "the notes go out");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let times = sent(&cluster.fake);
    // Both instances claimed notes at once; the chat's turns are shared, so they take turns
    // (a little jitter allowed: the fake stamps calls as it serves them).
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(900),
            "two messages to one chat {:?} apart",
            pair[1] - pair[0]
        );
    }
    db.close().await;
}

#[tokio::test]
async fn with_two_instances_a_group_backlog_posts_each_question_once_and_holds_no_answer() {
    if skipped() {
        return;
    }
    const GROUP: i64 = -100_7700;
    let group = GROUP.to_string();
    let cluster = Cluster::start_with(2, 25, &[("VOLUNTEER_CHAT_ID", &group)]).await;
    cluster.wait_instances(2).await;
    let db = cluster.db().await;
    // 24 questions at once: their posts take the group's turns (3 s) from both instances, for
    // longer than a lease of 60 s.
    let numbers = crate::load::group_backlog(&db, GROUP, 7700, 24).await;
    // Meanwhile a note to one resident (as an answer is): it goes at once, not after the queue.
    let resident = 7750;
    db.enqueue(&atazan::storage::NewMessage::new(
        atazan::storage::OutboxKind::StaffNote,
        resident,
        "Ответ на ваш вопрос".to_owned(),
    ))
    .await
    .unwrap();
    let posts = |fake: &FakeApi| -> Vec<Call> {
        fake.calls()
            .into_iter()
            .filter(|c| c.method == "sendmessage" && c.ok && c.chat_id() == Some(GROUP))
            .collect()
    };
    let note = cluster.expect_message(resident).await;
    let before_note = posts(&cluster.fake).iter().filter(|c| c.at < note.at).count();
    assert!(before_note < 10, "the note waited for {before_note} group posts");
    let deadline = Instant::now() + WAIT * 8;
    while posts(&cluster.fake).len() < numbers.len() {
        assert!(Instant::now() < deadline, "every question is posted");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    cluster.fake.wait_quiet(Duration::from_secs(5), WAIT).await;
    let mut per_text: HashMap<String, usize> = HashMap::new();
    for c in posts(&cluster.fake) {
        *per_text
            .entry(c.text().unwrap_or_default().to_owned())
            .or_default() += 1;
    }
    for n in &numbers {
        assert_eq!(
            per_text.get(&format!("Новый вопрос №{n}")),
            Some(&1),
            "question {n} posted once"
        );
    }
    db.close().await;
}
