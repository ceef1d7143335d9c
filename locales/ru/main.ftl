# Русские тексты бота. Сообщения — Telegram HTML: экранируйте & < > как &amp; &lt; &gt;.

## Язык и приветствие
lang-name = Русский
lang-choose-first =
    Сәлеметсіз бе! Здравствуйте!
    Это бот «Ата Заң» о новой Конституции Казахстана.
    Бұл — Қазақстанның жаңа Конституциясы туралы «Ата Заң» боты.

    Выберите язык / Тілді таңдаңыз:
lang-choose = Выберите язык / Тілді таңдаңыз:
lang-set = ✓ Язык: русский. Сменить можно командой /lang.
welcome =
    <b>«Ата Заң»</b> — новая Конституция Казахстана простыми словами.
    📜 Объясняю, что в ней написано и что это значит для жителей области.
    📅 Подскажу встречи и обсуждения рядом с вами, ❓ передам ваш вопрос волонтёрам коалиции.
deep-link-unknown = Ссылка устарела или неверна. Воспользуйтесь меню ниже.

## Главное меню
menu-constitution = 📜 Конституция
menu-events = 📅 События
menu-ask = ❓ Задать вопрос
menu-settings = ⚙️ Настройки
button-back = ← Назад

## Помощь
help =
    <b>Что умеет бот</b>
    /constitution — разделы и статьи простыми словами
    /themes — семь тем обсуждения
    /article N — объяснение статьи по номеру
    /glossary — словарь терминов
    /events — встречи и обсуждения
    /ask — задать вопрос волонтёрам
    /myquestions — мои вопросы и ответы
    /settings — язык, район, рассылка
    /subscribe, /unsubscribe — объявления коалиции
    /privacy — какие данные хранятся
    /mydata — мои данные, /forget — удалить их
    /cancel — выйти из текущего действия

    Можно просто написать слово или вопрос — я поищу объяснение.
help-volunteer =
    <b>Для волонтёров</b>
    /queue — очередь вопросов жителей
help-admin =
    <b>Для администраторов</b>
    /addvolunteer — пригласить волонтёра, /volunteers — список
    /broadcast — объявление подписчикам, /stopbroadcast — остановить
    /stats — статистика, /audit — журнал действий
    /export — выгрузка вопросов, /reload — взять материалы из папки CONTENT_DIR
    /addeditor — пригласить редактора, /editors — список
    Редакторам: пришлите файл объяснения (.md), document.toml, glossary.toml или весь пакет (.zip) — проверю и покажу, что изменится, с кнопкой «Опубликовать»; /review — что проверить, /pack — пакет целиком, /rollback — вернуть версию.
    Мероприятия: пришлите CSV-файл документом — загружу его целиком или перечислю все ошибки (колонки — в README).
cancel-done = Действие отменено. Чем ещё помочь?
cancel-nothing = Сейчас нечего отменять. Выберите пункт меню.

## Настройки
settings-card =
    <b>⚙️ Настройки</b>
    Язык: { $language }
    Район: { $district }
    Объявления: { $subscription }
settings-district-none = не выбран
settings-sub-off = выключены
settings-sub-all = включены, по всей области
settings-sub-district = включены, только мой район
settings-button-lang = 🌐 Язык
settings-button-district = 📍 Район
settings-button-subscribe = 🔔 Получать объявления
settings-button-unsubscribe = 🔕 Отписаться от объявлений
settings-button-district-only = 📍 Только о моём районе
settings-button-all-districts = 🌍 Обо всей области
settings-need-district = Сначала выберите свой район — кнопка «📍 Район».
district-choose = Выберите свой район или город:
subscribe-done = 🔔 Вы подписаны на объявления коалиции. Отписаться: /unsubscribe.
unsubscribe-done = 🔕 Вы отписались от объявлений. Подписаться снова: /subscribe.

## Данные
privacy =
    <b>Какие данные хранит бот</b>
    • ваш ID в Telegram (номер телефона бот не получает), язык, район и подписку — чтобы отвечать на вашем языке и присылать нужное;
    • когда вы впервые и в последний раз писали боту;
    • мероприятия, на которые вы записались или просили напомнить, — чтобы напомнить и сообщить о переносе или отмене;
    • ваши вопросы и ответы на них — чтобы волонтёры коалиции могли ответить;
    • для волонтёров и редакторов — имя в Telegram, которое видят координаторы; редактор, отметивший объяснение как сверенное, указан в опубликованных материалах (это подпись под проверкой, /forget её не убирает из уже опубликованных версий).

    <b>Кто видит:</b> вопросы — волонтёры и координаторы коалиции; остальное — только координаторы, которые ведут бота. В частые вопросы попадает только формулировка, которую волонтёр пишет сам, без личных подробностей, — ваш текст не публикуется. Данные не передаются третьим лицам и хранятся на сервере в Казахстане.

    <b>Как удалить:</b> /mydata покажет всё, что хранится; /forget удалит ваши данные. Заданные вопросы при этом останутся, но без связи с вами, чтобы ответы помогали другим.

    Бот — общественная инициатива, а не государственный орган. Официальные обращения подавайте через e-Otinish (eotinish.kz).
mydata =
    <b>Ваши данные</b>
    ID в Telegram (не номер телефона): { $id }
    Язык: { $language }
    Район: { $district }
    Роль: { $role }
    Подписка на объявления: { $subscribed }
    Впервые: { $first_seen }
    Последний раз: { $last_seen }
mydata-activity = Вы задали { $questions } (список — /myquestions) · записей на встречи: { $rsvps }
word-yes = да
word-no = нет
role-resident = житель
role-volunteer = волонтёр
role-admin = администратор
forget-confirm = Удалить все ваши данные? Настройки сотрутся, а вопросы останутся без связи с вами. Вернуть данные будет нельзя.
forget-button-yes = 🗑 Удалить
forget-button-no = Оставить
forget-done = 🗑 Ваши данные удалены.
forget-kept = Хорошо, ничего не удалено.
forget-restart = Чтобы снова пользоваться ботом, отправьте /start.

## Подсказки
hint-unexpected = Я понимаю текст, команды и кнопки. Выберите пункт меню или напишите вопрос словами.
hint-unknown-command = Такой команды нет. Список команд — /help.
callback-outdated = Эта кнопка устарела. Откройте меню заново.
not-allowed = ⛔ Это действие вам недоступно. Ваши команды — /help.

## Счётчики
count-questions = { $count ->
    [one] { $count } вопрос
    [few] { $count } вопроса
   *[many] { $count } вопросов
}

## Мероприятия
events-title = 📅 <b>Встречи и обсуждения</b>
events-filter-line = { $district } · { $period } · { $theme }
events-all-districts = Вся область
events-all-themes = все темы
events-period-a = все даты
events-period-d = сегодня
events-period-w = эта неделя
events-period-m = этот месяц
events-empty = По вашему выбору встреч пока нет. Измените район, тему или период кнопками ниже.
events-button-prev = ◀ Раньше
events-button-next = Дальше ▶
events-button-district = 📍 Район
events-button-theme = 🗂 Тема
events-button-period = 🗓 Когда
events-button-near = 🧭 Рядом со мной
events-choose-district = Мероприятия какого района показать?
events-choose-theme = На какую тему?
events-choose-period = За какой период?
events-status-cancelled = ❌ Отменено
events-status-moved = 🔁 Перенесено
events-online = онлайн
event-kind-meeting = 🤝 Встреча с жителями
event-kind-round-table = 🪑 Круглый стол
event-kind-public-discussion = 🗣 Общественное обсуждение
event-kind-dialogue-platform = 💬 Диалоговая площадка
event-kind-online = 💻 Онлайн-встреча
event-card-cancelled = ❌ <b>Мероприятие отменено.</b>
event-card-moved = 🔁 <b>Мероприятие перенесено</b> — ниже новое время.
event-card-over = Мероприятие уже прошло.
event-card-when = 🕒 { $when } ({ $local_time })
event-card-where = 📍 { $place }
event-card-online = 🔗 Онлайн: { $link }
event-card-organizer = 👥 Организатор: { $organizer }
event-card-going = ✋ Собираются прийти: { $count }
event-card-capacity = ✋ Собираются прийти: { $count }, всего мест: { $capacity }
event-card-reminders-on = 🔔 Напомню за сутки и за 2 часа до начала.
event-button-going = ✋ Я приду ({ $count })
event-button-going-on = ✅ Я иду ({ $count })
event-button-remind = 🔔 Напомнить
event-button-remind-on = 🔕 Не напоминать
event-button-calendar = 📆 В календарь
event-button-map = 🗺 На карте
event-button-online = 🔗 Подключиться онлайн
event-button-open = Открыть мероприятие
event-not-found = Такое мероприятие не найдено — возможно, ссылка устарела. Все мероприятия: /events
event-ics-caption = 📆 Откройте файл, чтобы добавить «{ $title }» в календарь телефона.
event-organizer = Организатор
event-when-today = сегодня в { $time }
event-when-tomorrow = завтра в { $time }
event-reminder-day =
    🔔 <b>Напоминание</b>: { $title } — { $when }.
    📍 { $place }
event-reminder-soon =
    ⏰ <b>Скоро начало</b>: { $title } — { $when }.
    📍 { $place }
event-notice-moved =
    🔁 <b>Мероприятие перенесено</b>: { $title }
    Было: { $old }
    Теперь: { $when } ({ $local_time })
    📍 { $place }
event-notice-cancelled = ❌ <b>Мероприятие отменено</b>: { $title } ({ $when }). Другие встречи — /events
event-notice-restored =
    ✅ <b>Мероприятие всё-таки состоится</b>: { $title }
    🕒 { $when }
    📍 { $place }
events-near-ask = Нажмите кнопку «📍 Мероприятия рядом» внизу экрана — покажу 5 ближайших мероприятий. Геопозиция не сохраняется.
events-near-button = 📍 Мероприятия рядом
events-near-hint = Поделитесь геопозицией с телефона: кнопка «📍 Мероприятия рядом» или 📎 → «Геопозиция».
events-near-title = 📍 <b>Ближайшие к вам мероприятия</b>
events-near-none = Рядом пока нет предстоящих мероприятий, отмеченных на карте. Все мероприятия: /events
events-distance = { $km } км
events-import-done = ✅ Мероприятия загружены: добавлено { $added }, обновлено { $updated }, без изменений { $unchanged }. Уведомлений записавшимся о переносе или отмене: { $notices }.
events-import-failed = { $count ->
    [one] ⛔ Ничего не загружено: в файле { $count } ошибка. Исправьте её и отправьте файл снова.
    [few] ⛔ Ничего не загружено: в файле { $count } ошибки. Исправьте их и отправьте файл снова.
   *[many] ⛔ Ничего не загружено: в файле { $count } ошибок. Исправьте их и отправьте файл снова.
}
events-import-failed-more = …и ещё { $count }. Полный список — в файле ниже.
events-import-not-csv = Чтобы загрузить мероприятия, пришлите таблицу в формате CSV (файл .csv в кодировке UTF-8). Колонки описаны в README.
events-import-too-big = Файл больше 5 МБ — разделите его на части.

## Описания команд (меню Telegram)
cmd-start = Начать
cmd-help = Что умеет бот
cmd-settings = Язык, район, рассылка
cmd-lang = Сменить язык
cmd-privacy = Какие данные хранятся
cmd-mydata = Мои данные
cmd-forget = Удалить мои данные
cmd-cancel = Отменить текущее действие
cmd-constitution = Конституция простыми словами
cmd-article = Статья по номеру
cmd-themes = Темы обсуждения
cmd-glossary = Словарь терминов
cmd-events = Встречи и обсуждения
cmd-ask = Задать вопрос
cmd-myquestions = Мои вопросы
cmd-subscribe = Подписаться на объявления
cmd-unsubscribe = Отписаться от объявлений
cmd-queue = Очередь вопросов
cmd-addvolunteer = Пригласить волонтёра
cmd-volunteers = Волонтёры
cmd-broadcast = Объявление подписчикам
cmd-stopbroadcast = Остановить рассылку
cmd-stats = Статистика
cmd-audit = Журнал действий
cmd-export = Выгрузка вопросов
cmd-reload = Перечитать материалы

## Объяснения (content)
content-articles = { $count ->
    [one] Статья { $list }
   *[other] Статьи { $list }
}
content-changes = Что меняется по сравнению с Конституцией 1995 года
content-faq = Вопросы и ответы
content-source = Источник: <a href="{ $url }">публикация</a>
content-phase-draft = Проект Конституции, опубликован { $published }; ещё не принят.
content-phase-adopted = Конституция принята на референдуме { $adopted }, вступает в силу { $in_force }.
content-phase-in-force = Конституция принята на референдуме { $adopted } и действует с { $in_force }.
content-draft = ⚠️ Редакторы коалиции ещё не сверили это пояснение с официальным текстом.
# Показывается только в казахском интерфейсе (под объяснениями, казахский текст которых не проверен).
content-kk-unreviewed = ⚠️ Казахский перевод ещё не проверен редактором, возможны ошибки. Если что-то непонятно, посмотрите русскую версию (/lang) или задайте вопрос (/ask).
content-sections-intro = Выберите раздел — в каждом простые объяснения статей. Можно также просто написать слово, например «земля» или «маслихат».
content-button-themes = 🗂 Темы
content-button-glossary = 📖 Словарь
content-button-official = 📄 Официальный текст
content-button-about-section = ℹ️ О разделе
content-section-articles = { $count ->
    [0] Объяснений к этому разделу пока нет.
    [one] { $count } объяснение:
    [few] { $count } объяснения:
   *[many] { $count } объяснений:
}
content-button-ask = ❓ Спросить об этом
content-button-events = 📅 События на эту тему
content-button-share = 🔗 Поделиться
content-button-open-bot = Открыть в боте «Ата Заң»
content-themes-intro = <b>🗂 Темы обсуждения</b>
    Семь тем, которые коалиция обсуждает с жителями области:
content-theme-items = { $count ->
    [0] По этой теме объяснений пока нет.
    [one] { $count } объяснение:
    [few] { $count } объяснения:
   *[many] { $count } объяснений:
}
content-glossary-title = 📖 Словарь терминов
content-not-found = Это объяснение больше не доступно. Откройте /constitution.
content-article-usage = Напишите номер статьи, например: /article 26
search-found = Вот что нашлось. Если это не то — задайте вопрос волонтёрам.
search-nothing = Ничего не нашлось. Попробуйте другое слово или задайте вопрос волонтёрам коалиции.
search-button-ask = ❓ Задать вопрос волонтёрам
reload-done = ✅ Материалы перечитаны: { $summary }
reload-failed = ⛔ Материалы не обновлены, ошибок: { $count }. Бот продолжает показывать прежнюю версию.
    { $problems }

## Темы
theme-social-justice = ⚖️ Социальная справедливость
theme-regional-development = 🏘 Развитие регионов
theme-property-business = 🏪 Собственность и малый бизнес
theme-accountability = 🏛 Модернизация и подотчётность
theme-participation = 🗳 Участие граждан
theme-labour = 👷 Трудовые права и соцгарантии
theme-local-government = 🏙 Местное самоуправление

## Вопросы жителей
ask-consent =
    <b>Перед первым вопросом</b>
    Ваш вопрос сохранится, чтобы на него ответили. Его увидят волонтёры коалиции; ответ придёт сюда, в этот чат.
    Удалить свои данные можно в любой момент командой /forget.
    Бот — общественная инициатива: он не заменяет официальное обращение в госорган. Официальные обращения подавайте через e-Otinish (eotinish.kz).
    Согласны?
ask-consent-yes = ✅ Согласен(на)
ask-consent-no = ✖ Отмена
ask-consent-given = ✅ Спасибо, согласие сохранено.
ask-consent-refused = Хорошо. Без согласия задать вопрос нельзя, но объяснения и встречи доступны. Передумаете — /ask.
ask-prompt = ❓ Напишите ваш вопрос одним сообщением. Можно записать голосовое сообщение или прислать фото — вопрос тогда напишите в подписи к фото.
ask-prompt-about = ❓ Напишите ваш вопрос по теме «{ $title }» одним сообщением. Можно голосовое или фото.
ask-prompt-follow-up = ❓ Что уточнить по вопросу №{ $number }? Напишите одним сообщением.
ask-prompt-hint = Передумали — /cancel.
ask-not-text = Пришлите вопрос текстом, голосовым сообщением или фото (вопрос напишите в подписи к фото). Передумали — /cancel.
ask-too-long = Сообщение слишком длинное: можно не больше { $max } знаков, а у вас { $len }. Сократите, пожалуйста, и отправьте ещё раз.
ask-media-voice = 🎤 голосовое сообщение
ask-media-photo = 🖼 фото
ask-media-album = 🖼 { $count } фото
ask-confirm =
    <b>Ваш вопрос:</b>
    { $question } { $media }

    Отправить волонтёрам?
ask-similar = 💡 На похожие вопросы уже есть ответы — кнопки 💡 ниже. Если вашего среди них нет, нажмите «✅ Отправить».
ask-send = ✅ Отправить
ask-cancel = ✖ Отмена
ask-cancelled = Вопрос не отправлен.
ask-already-handled = Этот вопрос уже отправлен или отменён. Новый вопрос — /ask.
ask-receipt =
    ✅ Вопрос №{ $number } получен. Ответ волонтёров коалиции придёт сюда, в этот чат.
    Мои вопросы: /myquestions. Официальные обращения в госорганы — через e-Otinish (eotinish.kz).
ask-limit-open = Ваши вопросы ещё ждут ответа — их уже { $open }, это предел. Новый вопрос можно будет задать, когда придёт ответ. Мои вопросы — /myquestions.
ask-limit-day = { $day ->
    [one] Сегодня вы уже задали { $day } вопрос — это предел на сутки. Пожалуйста, напишите завтра.
    [few] Сегодня вы уже задали { $day } вопроса — это предел на сутки. Пожалуйста, напишите завтра.
   *[many] Сегодня вы уже задали { $day } вопросов — это предел на сутки. Пожалуйста, напишите завтра.
}
faq-entry =
    <b>❓ { $question }</b>

    { $answer }
myquestions-none = Вы ещё не задавали вопросов. Задать — /ask.
myquestions-title = <b>Мои вопросы</b>
question-status-waiting = ⏳ ждёт ответа
question-status-claimed = ✍️ волонтёр готовит ответ
question-status-answered = ✅ есть ответ
question-status-rejected = ✖ отклонён
question-status-escalated = ⬆ передан координаторам
answer-to-resident =
    <b>Ответ на ваш вопрос №{ $number }</b>
    <blockquote>{ $question }</blockquote>

    { $answer }
answer-helpful = 👍 Помогло
answer-not-helpful = 👎 Не помогло
answer-follow-up = ❓ Уточнить
rate-thanks-helpful = Спасибо! Рады, что ответ помог.
rate-thanks-not-helpful = Спасибо за отзыв. Можно задать уточняющий вопрос кнопкой «❓ Уточнить».
rejected =
    Вопрос №{ $number } не будет рассмотрен: { $reason }
    Если это ошибка — задайте вопрос ещё раз (/ask).
rejected-spam = он похож на рекламу или рассылку.
rejected-abuse = в нём есть оскорбительные слова. Пожалуйста, напишите вопрос без грубых выражений.
rejected-off_topic = он не касается Конституции и её обсуждения.
rejected-duplicate = такой же вопрос уже задан, ответ придёт на него.

## Волонтёры
queue-stats =
    <b>Очередь вопросов</b>
    Ждут ответа: { $waiting } (на русском: { $ru }, на казахском: { $kk })
    Самый давний: { $oldest }
queue-escalated = Передано координаторам: { $count }
queue-take = ✋ Взять следующий
queue-empty = 🎉 Очередь пуста: все вопросы разобраны.
ago-minutes = { $count ->
    [one] { $count } минуту назад
    [few] { $count } минуты назад
   *[many] { $count } минут назад
}
ago-hours = { $count ->
    [one] { $count } час назад
    [few] { $count } часа назад
   *[many] { $count } часов назад
}
ago-days = { $count ->
    [one] { $count } день назад
    [few] { $count } дня назад
   *[many] { $count } дней назад
}
card =
    <b>Вопрос №{ $number }</b> · { $lang } · { $ago }{ $extra }
    <blockquote>{ $body }</blockquote>
    Вопрос закреплён за вами на 30 минут.
card-about = О чём: { $title }
card-follow-up = Уточнение к вопросу №{ $number }
card-media-only = (голосовое сообщение или фото без подписи)
card-answer = ✍️ Ответить
card-release = ↩ Вернуть в очередь
card-reject = ⛔ Отклонить
card-escalate = ⬆ Координаторам
claim-lost = Вопрос №{ $number } уже не за вами: время закрепления истекло или его взял другой волонтёр. Следующий — /queue.
answer-prompt = ✍️ Напишите ответ на вопрос №{ $number } одним сообщением (до { $max } символов). Житель увидит его вместе со своим вопросом.
answer-not-text = Ответ нужно написать текстом, одним сообщением (голосовые и фото не подходят).
answer-preview = <b>Так житель увидит ответ:</b>
answer-send = ✅ Отправить
answer-edit = ✏️ Исправить
answer-delivered = ✅ Ответ на вопрос №{ $number } доставлен.
answer-undeliverable = ⚠️ Ответ на вопрос №{ $number } сохранён, но доставить его нельзя: житель заблокировал бота или удалил свои данные. Он виден координаторам в /stats.
answer-publish = 📢 В частые вопросы
released = ↩ Вопрос №{ $number } возвращён в очередь.
reject-choose = Почему отклонить вопрос №{ $number }? Житель получит вежливое объяснение.
reject-spam = Реклама, спам
reject-abuse = Оскорбления
reject-off_topic = Не по теме
reject-duplicate = Повтор
reject-done = Вопрос №{ $number } отклонён, житель уведомлён.
escalate-done = ⬆ Вопрос №{ $number } передан координаторам.
escalated-to-admins = ⬆ Волонтёр передал координаторам вопрос №{ $number }.
faq-prompt = 📢 Напишите вопрос №{ $number } своими словами так, как его увидят все: коротко, без имён и личных подробностей. Текст жителя не публикуется.
faq-published = 📢 Вопрос №{ $number } с ответом опубликован: теперь его увидят жители с похожими вопросами.
group-question =
    <b>Новый вопрос №{ $number }</b> ({ $lang })
    <blockquote>{ $body }</blockquote>
    Ответьте на это сообщение (reply), чтобы ответить жителю, или возьмите вопрос кнопкой.
group-batch =
    <b>Новые вопросы: { $count }</b>

    { $list }
group-claim = ✋ Взять №{ $number }

## Администраторы: волонтёры
invite-created = 🔗 Ссылка-приглашение для волонтёра (одноразовая, действует 48 часов):
    { $link }
invite-granted = 🙌 Вы — волонтёр коалиции! Очередь вопросов — /queue.
invite-expired = Срок приглашения истёк. Попросите координатора прислать новое.
invite-used = Это приглашение уже использовано. Попросите координатора прислать новое.
invite-unknown = Приглашение не найдено. Проверьте ссылку.
volunteers-none = Волонтёров пока нет. Пригласить — /addvolunteer.
volunteers-list = { $count ->
    [one] { $count } волонтёр. Нажмите, чтобы снять роль:
    [few] { $count } волонтёра. Нажмите, чтобы снять роль:
   *[many] { $count } волонтёров. Нажмите, чтобы снять роль:
}
volunteers-remove = ✖ { $name } · { $id }
volunteers-no-name = без имени
volunteers-removed = Пользователь { $id } больше не волонтёр.

## Рассылки, статистика, журнал
broadcast-compose = 📣 Напишите объявление одним сообщением. Можно использовать форматирование Telegram (жирный, курсив, ссылки) и приложить одно фото — тогда текст объявления напишите в подписи к фото. Передумали — /cancel.
broadcast-bad-input = Нужен текст (до { $max } символов) или фото с текстом в подписи к фото. Попробуйте ещё раз или /cancel.
broadcast-audience = Кому отправить?
broadcast-to-all = 👥 Всем подписчикам
broadcast-to-ru = 🌐 Русскоязычным
broadcast-to-kk = 🌐 Казахоязычным
broadcast-to-district = 📍 Подписчикам района…
broadcast-confirm =
    ⬆️ Так объявление увидят получатели.
    Кому: { $audience }
    { $count ->
        [one] Получит { $count } человек.
        [few] Получат { $count } человека.
       *[many] Получат { $count } человек.
    }
broadcast-to-event = 🎟 Записавшимся на событие…
broadcast-to-event-named = записавшимся на «{ $title }»
broadcast-no-events = Предстоящих событий нет.
broadcast-send-now = ✅ Отправить сейчас
broadcast-schedule = 🕒 Запланировать
broadcast-when = Когда отправить? Напишите дату и время по местному времени ({ $region_city }, { $utc }), например: 2026-12-05 10:00 или 05.12.2026 10:00
broadcast-when-bad = Не понял время или оно уже прошло. Пример: 2026-12-05 10:00. Передумали — /cancel.
broadcast-scheduled = 🕒 Рассылка №{ $id } запланирована на { $at } ({ $local_time }).
broadcast-scheduled-started = 📣 Запланированная рассылка №{ $id } началась, получателей: { $total }.
broadcast-cancelled = Рассылка отменена.
broadcast-progress =
    📣 Рассылка №{ $id }
    Отправлено: { $sent } · не доставлено: { $failed } · осталось: { $left }
    Осталось примерно { $eta } с.
broadcast-done =
    ✅ Рассылка №{ $id } завершена.
    Доставлено: { $sent } из { $total } · заблокировали бота: { $blocked } · ошибки: { $failed }
broadcast-stopped-report =
    ⏹ Рассылка №{ $id } остановлена.
    Доставлено: { $sent } из { $total } · заблокировали бота: { $blocked } · ошибки: { $failed }
broadcast-stop = ⏹ Остановить
broadcast-stopped = ⏹ Рассылка №{ $id } остановлена: оставшиеся сообщения не будут отправлены.
broadcast-nothing-to-stop = Сейчас нет активных или запланированных рассылок.
audit-title = <b>Журнал действий администраторов</b>
audit-empty = Журнал пока пуст.
stats =
    <b>📊 Статистика</b>
    Жителей: { $residents } (на русском: { $ru }, на казахском: { $kk })
    По районам: { $districts }
    Подписчиков: { $subscribers } · заблокировали бота: { $blocked }

    <b>Вопросы</b>: ждут { $waiting } · отвечено { $answered } · отклонено { $rejected }
    Медианное время ответа: { $median } мин · 👍 { $helpful } · 👎 { $not_helpful }

    <b>Рассылки</b>: { $broadcasts }, доставлено сообщений: { $sent }
stats-chart-title = Активность за 30 дней
stats-chart-users = Новые жители
stats-chart-questions = Вопросы
stats-chart-days = дней назад

## Доставка
answer-waiting = ⏳ Ответ на вопрос №{ $number } сохранён и ждёт доставки: Telegram сейчас не принимает сообщения. Бот будет пробовать ещё сутки и сообщит вам, чем кончилось.
claim-escalated = Вопрос №{ $number } передан координаторам: взять и ответить на него могут только они.
faq-unpublish = 🗑 Снять из частых вопросов
faq-unpublished = 🗑 Вопрос №{ $number } снят из частых вопросов.
group-question-escalated =
    <b>Вопрос №{ $number }</b> ({ $lang }) — ⬆ передан координаторам
    <blockquote>{ $body }</blockquote>
delivery-sent = ответ доставлен
delivery-waiting = ответ в пути
delivery-shown-here = ответ ниже
myquestions-entry =
    <b>№{ $number }</b> · { $status }
    { $question }
myquestions-answer = 💬 { $answer }
stats-undeliverable = Недоставленных сообщений: { $count }. Не отправлено вовремя (напоминания после начала события): { $expired }.
stats-undeliverable-retry = 🔁 Повторить
stats-undeliverable-discard = 🗑 Отбросить
undeliverable-retried = 🔁 Снова в очереди: { $count }.
undeliverable-discarded = 🗑 Отброшено: { $count }.
role-ended = Это действие вам больше недоступно: роль снята. Начатое отменено. Меню — /start.
volunteer-role-ended = Координатор снял с вас роль волонтёра. Спасибо за помощь! Вопросы, которые вы взяли, вернулись в очередь; начатый ответ отменён.
mydata-name = Имя, которое видят координаторы (для волонтёров и редакторов): { $name }

## Layouts of composed views: values are escaped by the code; the order and marks are here.
view-sections =
    <b>{ $title }</b>
    <i>{ $phase }</i>

    { $intro }
view-section =
    <b>{ $title }</b>

    <i>{ $summary }</i>

    { $articles }
view-theme =
    <b>{ $theme }</b>

    { $items }
view-glossary =
    <b>{ $title }</b>

    { $terms }
view-glossary-term = <b>{ $term }</b> — { $definition }
events-list-line =
    <b>{ $n }.</b> { $mark }{ $title }
    🕒 { $when } · 📍 { $place }
events-near-line =
    <b>{ $n }.</b> { $mark }{ $title } — <b>{ $distance }</b>
    🕒 { $when } · 📍 { $place }

## The Constitution's own text (/article N)
content-as-of = 🗓 <i>По состоянию на { $date }: эти сведения меняются, проверяйте по официальным источникам.</i>
law-article =
    📜 <b>Статья { $number }</b>
    <i>{ $section }</i>

    { $text }
law-other-language = <i>Текст на казахском языке пока не загружен; показан текст на русском.</i>
law-not-loaded = 📜 <b>Статья { $number }</b>
    Текст статьи ещё не загружен в бот. Официальный текст Конституции: <a href="{ $url }">официальная публикация</a>.
law-explanations = <b>Объяснения простыми словами</b> — кнопками ниже.
law-no-explanation = Простого объяснения этой статьи пока нет. Можно задать вопрос: /ask
law-changes =
    <b>Что изменилось по сравнению с 1995 годом</b> («{ $title }»):
    { $changes }
law-button-previous = ◀ Статья { $number }
law-button-next = Статья { $number } ▶
law-button-section = 📖 Раздел { $number }
law-button-article = 📜 Статья { $number }
law-section = 📖 <b>{ $section }</b>
    { $count ->
        [one] { $count } статья
        [few] { $count } статьи
       *[many] { $count } статей
    }. Выберите статью.
law-no-such-article = { $count ->
        [0] Статьи { $number } нет. Напишите номер статьи, например: /article 9
       *[other] Статьи { $number } нет: в Конституции { $count } статей. Напишите номер от 1 до { $count }, например: /article 9
    }

## Editors
cmd-addeditor = Пригласить редактора
cmd-editors = Редакторы
cmd-review = Что проверить
cmd-pack = Пакет материалов (.zip)
cmd-rollback = Вернуть прежнюю версию
content-reviewed = Сверено с официальным текстом: { $who }, { $date }
editor-invite-created = 🔗 Ссылка-приглашение для редактора (одноразовая, действует 48 часов):
    { $link }
editor-invite-granted = ✍️ Вы — редактор материалов. Пришлите файл объяснения (.md), document.toml, glossary.toml или весь пакет (.zip) — я проверю его и покажу, что изменится. Что проверить — /review, пакет целиком — /pack.
editors-none = Редакторов пока нет. Пригласить — /addeditor.
editors-list = { $count ->
    [one] { $count } редактор. Нажмите, чтобы снять роль:
    [few] { $count } редактора. Нажмите, чтобы снять роль:
   *[many] { $count } редакторов. Нажмите, чтобы снять роль:
    }
editors-removed = Пользователь { $id } больше не редактор.
pack-too-big = Файл больше 20 МБ — такой пакет я не приму.
pack-not-a-pack-file = Это не файл пакета. Пришлите .md, document.toml, glossary.toml, .zip или официальный текст Конституции (.txt, .html).
pack-checked =
    ✅ { $name }: ошибок нет. Если опубликовать:
    добавятся: { $added }
    изменятся: { $changed }
    удалятся: { $removed }
    другие файлы: { $other }
    <i>{ $summary }</i>
pack-unchanged = { $name }: ошибок нет, но ничего не меняется — публиковать нечего.
pack-button-publish = 📢 Опубликовать
pack-refused = ⛔ { $name }: ошибок — { $count }. Ничего не изменилось; исправьте и пришлите файл снова.
pack-refused-more = …и ещё { $count } — все ошибки в файле ниже.
pack-published = 📢 Опубликовано: версия { $version } уже видна всем.
pack-conflict = ⚠️ Пока вы смотрели, другой редактор опубликовал новую версию. Пришлите файл заново — я проверю его с учётом свежих изменений.
pack-draft-gone = Этой версии уже нет (её опубликовали или заменили более новым файлом).
pack-versions = Сейчас опубликована версия { $live }. Какую вернуть?
pack-button-version = Версия { $version } · { $date }
pack-button-version-folder = Версия { $version } · исходная, из CONTENT_DIR · { $date }
pack-no-versions = Других сохранённых версий нет.
pack-rolled-back = ↩️ Возвращена версия { $version } (теперь это версия { $now }).
pack-sent = Пакет материалов, версия { $version }.
pack-dir-changed = ⚠️ Папка CONTENT_DIR изменилась после публикации из Telegram. Бот показывает опубликованную версию { $version }. Чтобы взять материалы из папки, отправьте /reload.
review-none = Всё сверено и проверено недавно. 👍
review-list = На проверку: { $count } (не сверены с официальным текстом или не проверялись { $days } дней). Самые старые — сверху:
review-button = { $title } · { $date }
review-button-checked-ru = ✓ RU сверено
review-button-checked-kk = ✓ KK сверено
review-marked = ✓ Отмечено: { $item } [{ $lang }] сверено с официальным текстом. Опубликована версия { $version }.

## Mini App (events on a map and a calendar). Plain text: the page escapes it.
webapp-title = Встречи и обсуждения
webapp-tab-list = Список
webapp-tab-map = Карта
webapp-tab-calendar = Календарь
webapp-filter-district = Район
webapp-filter-theme = Тема
webapp-filter-from = С даты
webapp-filter-to = По дату
webapp-filter-reset = Сбросить фильтры
webapp-all-districts = Вся область
webapp-all-themes = Все темы
webapp-near-me = 🧭 Рядом со мной
webapp-near-on = Сначала ближайшие к вам. Геопозиция остаётся на телефоне.
webapp-near-denied = Геопозиция недоступна: разрешите её Telegram в настройках телефона или выберите район.
webapp-found = Найдено встреч:
webapp-empty = По выбранным фильтрам встреч нет. Измените район, тему или даты.
webapp-going = ✅ Я приду
webapp-not-going = Отменить запись
webapp-going-yes = Вы записаны. Напомним за день и за 2 часа до начала.
webapp-rsvp-sent = Подтверждение придёт в чат с ботом.
webapp-closed = Запись закрыта: встреча отменена или уже прошла.
webapp-calendar-add = 📅 Добавить в календарь
webapp-share = 🔗 Поделиться
webapp-share-copied = Ссылка скопирована:
webapp-back = ← К списку
webapp-online = Онлайн
webapp-when = Когда
webapp-place = Где
webapp-organizer = Организатор
webapp-themes = Темы
webapp-going-count = Записались:
webapp-cancelled = ❌ Отменено
webapp-moved = 🔁 Перенесено
webapp-error-auth = Откройте эту страницу из бота в Telegram: ссылка устарела или неверна. Ничего не изменено.
webapp-error-network = Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.
webapp-error-closed = На эту встречу больше не записывают: она отменена или уже прошла.
webapp-retry = Повторить
webapp-prev-month = Предыдущий месяц
webapp-next-month = Следующий месяц
webapp-weekdays = Пн,Вт,Ср,Чт,Пт,Сб,Вс
webapp-months = Январь,Февраль,Март,Апрель,Май,Июнь,Июль,Август,Сентябрь,Октябрь,Ноябрь,Декабрь
webapp-day-events = Встречи в этот день
webapp-time-note = Время — { $local_time } ({ $utc }).
webapp-map-label = Карта области: районы и места встреч
webapp-no-venue = Без места на карте (онлайн или адрес уточняется):
webapp-km = км
webapp-details = Подробнее
webapp-menu-button = Встречи
events-button-webapp = 🗺 Карта и календарь
webapp-rsvp-confirmed = ✅ Вы записались на встречу <b>{ $title }</b>
    🕒 { $when } ({ $local_time })
    📍 { $place }
    Напомним за день и за 2 часа до начала. Отменить запись — в приложении «Встречи» или в карточке встречи (/events).
webapp-rsvp-withdrawn = Запись на встречу <b>{ $title }</b> ({ $when }) отменена. Напоминаний не будет.

## Statements: what residents think
cmd-statements = Утверждения: согласны ли вы
cmd-report = Отчёт коалиции (неделя, месяц, всё)
cmd-mystats = Моя работа
cmd-addorganiser = Пригласить организатора района
cmd-organisers = Организаторы
statements-none = Сейчас нет открытых обсуждений с утверждениями. Загляните позже — или посмотрите /events.
statements-list = 🗳 <b>Что вы думаете?</b> Выберите тему: по одному утверждению, ответ — одной кнопкой.
statements-set-button = { $title } · { $voted }/{ $total }
statements-unknown = Это обсуждение не найдено или уже закрыто. Открытые — /statements.
statements-closed = Обсуждение «{ $set }» закрыто: голоса больше не принимаются. Итоги — ниже.
statements-done = ✅ Вы ответили на все { $total } утверждений темы «{ $set }». Спасибо! Ваши ответы видите только вы (/mydata); другим показываются только общие итоги.
statements-change = ✏️ Изменить ответы
statements-your-vote = Ваш ответ: { $vote } — можно изменить.
statements-card =
    🗳 <b>{ $set }</b> · { $number } из { $total }

    «{ $text }»

    Вы согласны?{ $current }
vote-agree = 👍 Согласен
vote-disagree = 👎 Не согласен
vote-pass = 🤷 Не знаю / пропустить
statements-results-button = 📊 Итоги
statements-propose-button = ✍️ Предложить своё
statements-few-votes = голосов: { $votes } — доли появятся от 5 голосов
statements-shares = 👍 { $agree }% · 👎 { $disagree }% · 🤷 { $pass }% ({ $votes } голос.)
statements-results = 📊 <b>Итоги: { $set }</b>
    Участников: { $voters }
statements-groups-later = Группы мнений появятся, когда проголосуют { $min } человек.
statements-groups = 👥 Групп мнений: { $count } (по числу людей: { $sizes }).
statements-consensus = 🤝 <b>С этим согласны все группы:</b>
statements-divisive = ⚖️ <b>Здесь группы расходятся:</b>
proposal-prompt = ✍️ Напишите своё утверждение одной фразой, до { $max } символов — так, чтобы с ним можно было согласиться или нет. Волонтёры проверят его, прежде чем показать другим. Передумали — /cancel.
proposal-not-text = Утверждение нужно написать текстом, одной фразой. Передумали — /cancel.
proposal-too-long = Получилось { $len } символов, а можно до { $max }. Сократите, пожалуйста, и отправьте ещё раз.
proposal-received = 🙏 Спасибо! Ваше утверждение отправлено волонтёрам на проверку. Когда его опубликуют (или нет — с объяснением), я напишу.
proposal-approved = ✅ Ваше утверждение «{ $text }» опубликовано в теме «{ $set }». Теперь за него голосуют другие жители.
proposal-rejected = Ваше утверждение «{ $text }» (тема «{ $set }») не опубликовано. Причина: { $reason }
queue-proposals = 🗳 Предложенных утверждений на проверке: { $count }
moderation-next = 🗳 Проверить предложения
moderation-empty = Предложений на проверке нет.
moderation-card =
    🗳 <b>Предложение №{ $number }</b> · тема «{ $set }» · { $lang }
    <blockquote>{ $text }</blockquote>
    Опубликовать? Ждут проверки: { $waiting }.
moderation-approve = ✅ Опубликовать
moderation-reject = ❌ Отклонить
moderation-reason-prompt = Напишите причину отказа одним сообщением (до { $max } символов) — житель её увидит. Передумали — /cancel.
moderation-approved = ✅ Опубликовано, автор получит уведомление. Ждут проверки: { $waiting }.
moderation-rejected = Отклонено, автор получит причину. Ждут проверки: { $waiting }.
moderation-already = Это предложение уже проверил другой волонтёр. Ждут проверки: { $waiting }.
statements-published = ✅ Утверждения опубликованы:
    { $sets }
statements-published-set = • { $id }: новых { $added }, снято { $withdrawn }
statements-file-problems =
    ⚠️ Файл не опубликован, ничего не изменилось. Исправьте и пришлите снова:
    { $problems }

## Organisers
organiser-usage = Укажите район: /addorganiser РАЙОН, например /addorganiser burlin. Районы: { $districts }
organiser-invite-created = Одноразовая ссылка для организатора ({ $district }), действует 48 часов:
    { $link }
organiser-invite-granted = ✅ Вы — организатор мероприятий своего района. После мероприятия отметьте, сколько человек пришло: /events → «📝 Итоги мероприятий».
organiser-events-button = 📝 Итоги мероприятий
organiser-offer = Вы организатор ({ $district }): отметьте, сколько людей пришло на прошедшие мероприятия.
organisers-none = Организаторов пока нет. Пригласить — /addorganiser РАЙОН.
organisers-list = { $count ->
    [one] { $count } организатор. Нажмите, чтобы снять роль:
    [few] { $count } организатора. Нажмите, чтобы снять роль:
   *[many] { $count } организаторов. Нажмите, чтобы снять роль:
}
organisers-removed = Роль организатора снята ({ $id }).
organiser-no-events = За последние { $days } дней в вашем районе не было прошедших мероприятий.
organiser-events = 📝 <b>Прошедшие мероприятия: { $district }</b>
    Нажмите, чтобы записать, сколько человек пришло (✅ — уже записано, можно исправить).
organiser-attendance-prompt = Сколько человек пришло? Напишите число (например, 35). Передумали — /cancel.
organiser-note-prompt = Коротко: как прошло, что волновало людей? До { $max } символов. Без заметки — отправьте «-».
organiser-recorded = ✅ Записано: { $count } чел. Спасибо! Это войдёт в отчёт коалиции.

## Questions: theme and district
card-theme = 🏷 { $theme } · 📍 { $district }
card-theme-none = тема не определена
card-theme-button = 🏷 Сменить тему
card-theme-choose = Выберите тему вопроса №{ $number }:
card-theme-set = 🏷 Тема вопроса №{ $number }: { $theme }
ask-district-once = 📍 Из какого вы района? Поменять можно в любой момент в /settings.
ask-district-offer = 📍 Необязательно: укажите свой район — так коалиция видит, о чём спрашивают в каждом районе. Я спрашиваю один раз; поменять можно в /settings.
ask-district-button = 📍 Указать район

## Report and volunteers' work
report-usage = Отчёт: /report week (7 дней), /report month (30 дней) или /report all (всё).
report-failed = Не удалось собрать отчёт. Попробуйте ещё раз; если повторится — сообщите разработчикам.
report-caption = 📊 Отчёт коалиции за { $from } – { $to }. Файл открывается в браузере; в архиве — графики и таблицы CSV.
report-label-none = не указано
mystats = 📈 <b>Ваша работа</b>
    Ответов: { $answered }
    Медиана времени до ответа: { $median }
    Оценки жителей: 👍 { $helpful } · 👎 { $not_helpful }
duration = { $hours ->
    [0] { $minutes } мин
   *[other] { $hours } ч { $minutes } мин
}
mydata-votes = 🗳 Ваши ответы на утверждения ({ $count }) — видите только вы:

## Drafts in discussion
cmd-drafts = Проекты законов: читать и комментировать
cmd-digest = Дайджест обсуждения проекта для разработчиков
drafts-none = Сейчас нет проектов законов в обсуждении. Конституция — /constitution.
drafts-title = 📜 <b>Проекты законов</b>, которые обсуждают сейчас и обсуждали раньше. Выберите документ: его можно читать по статьям и комментировать каждую статью.
drafts-unknown = Такого документа или статьи нет — возможно, документ обновили. Список — /drafts.
draft-text-not-loaded = <i>Текст пока не загружен в бот: читайте его по ссылке на источник.</i>
draft-status-soon = 🕓 Обсуждение откроется { $date }.
draft-status-open = 🟢 Идёт обсуждение до { $date } включительно — { $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[other] осталось { $days } дней
}.
draft-status-ended = ⏹ Обсуждение завершилось { $date }: комментарии больше не принимаются.
draft-status-unverified = ❔ Где проект сейчас, не проверено (известно только до 1 июля 2026 года) — смотрите источник и adilet.zan.kz.
draft-status-closed = ⏹ Обсуждение завершено.
draft-status-adopted = ✅ Принят. Официальный текст: { $link }
draft-source = Источник: { $url }
draft-summary = Статей: { $articles } · опубликованных комментариев: { $comments }.
draft-read = 📖 Читать по статьям
draft-article-comments = Ст. { $number } · 💬 { $count }
draft-article =
    📜 { $doc }
    <b>Статья { $number }</b>

    { $text }
draft-article-footer = 💬 Комментариев к статье: { $count }.
draft-comments-button = 💬 Комментарии ({ $count })
draft-comment-button = ✍️ Прокомментировать
draft-comments-title = 💬 <b>Комментарии к статье { $number }</b> — { $doc } ({ $count })
draft-comment-older = (к прежней редакции { $version })
draft-comment-responded = 🏛 Ответ разработчиков: { $response }
draft-agree-button = 👍 №{ $number }
draft-agree-already = Вы уже поддержали комментарий №{ $number }.
comment-closed = Обсуждение этого документа завершено: комментарии больше не принимаются.
comment-prompt = ✍️ Ваш комментарий к статье { $number } документа «{ $doc }» — одним сообщением, до { $max } символов. Волонтёр проверит его перед публикацией; под комментарием будет видно только ваш район, не имя. Передумали — /cancel.
comment-not-text = Пришлите комментарий текстом одним сообщением. Передумали — /cancel.
comment-too-long = В комментарии { $len } символов, а можно до { $max }. Сократите, пожалуйста, и пришлите снова.
comment-received = ✅ Комментарий №{ $number } получен. После проверки волонтёром он появится под статьёй — я сообщу.
comment-moderation-empty = Комментариев на проверке нет.
comment-moderation-card =
    💬 <b>Комментарий №{ $number }</b> к статье { $article } — «{ $doc }» ({ $lang })

    «{ $text }»

    Ждут проверки: { $waiting }. Публикуйте мнения, даже несогласные; отклоняйте оскорбления, рекламу и личные данные.
comment-moderation-approved = ✅ Опубликован под статьёй, автор узнает. Ждут проверки: { $waiting }.
comment-moderation-rejected = Отклонён, автор получит причину. Ждут проверки: { $waiting }.
comment-moderation-already = Этот комментарий уже проверил другой волонтёр. Ждут проверки: { $waiting }.
comment-moderation-next = 💬 Проверить комментарии к проектам
queue-comments = 💬 Комментариев к проектам законов на проверке: { $count }
comment-approved = ✅ Ваш комментарий №{ $number } к статье { $article } документа «{ $doc }» опубликован. Его видят и могут поддержать другие жители.
comment-rejected =
    Ваш комментарий №{ $number } к статье { $article } документа «{ $doc }» не опубликован.
    Причина: { $reason }
comment-response = 🏛 Разработчики ответили на ваш комментарий №{ $number } к статье { $article } документа «{ $doc }»: <b>{ $response }</b>{ $note }
comment-author = житель — { $district }
comment-author-region = житель области
response-accepted = принят
response-considered = учтён частично
response-rejected = отклонён
comment-status-pending = на проверке
comment-status-approved = опубликован
comment-status-rejected = не опубликован
comment-status-removed = удалён
mydata-comments = 💬 Ваши комментарии к проектам законов ({ $count }):
digest-usage = Укажите документ: /digest ID. Документы: { $ids }
digest-caption = 📑 Дайджест обсуждения «{ $doc }»: опубликовано { $approved }, на проверке { $pending }, отклонено { $rejected }, удалено авторами { $removed }. Для разработчиков — в браузере или Excel (CSV).
digest-respond-title = 🏛 Ответы разработчиков: нажмите, что стало с комментарием, затем добавьте пояснение. Автор узнает.
digest-article-short = ст. { $number }
digest-respond-button = №{ $number }: { $response }
respond-note-prompt = Комментарий №{ $number }: «{ $response }». Напишите пояснение разработчиков одним сообщением (до { $max } символов) или «-» без пояснения. Передумали — /cancel.
respond-recorded = ✅ Ответ на комментарий №{ $number } записан, автор узнает.
respond-gone = Комментария №{ $number } нет среди опубликованных: ответ не записан.
draft-closed-admin = ⏹ Обсуждение «{ $doc }» завершилось: опубликовано комментариев { $approved }, на проверке { $pending }, отклонено { $rejected }. Дайджест для разработчиков — /digest { $id }
digest-button = 📑 Дайджест (HTML и CSV)
digest-title = Дайджест обсуждения: { $doc }
digest-meta = Составлен { $at }. Текущая редакция: { $version }. Документ: { $id }. Авторы показаны только районом.
digest-figures = Комментариев опубликовано: { $approved }, на проверке: { $pending }, отклонено модераторами: { $rejected }, удалено авторами: { $removed }. С ответом разработчиков: { $responded }.
digest-empty = Опубликованных комментариев пока нет.
digest-article = Статья { $number } — комментариев: { $count }
digest-older-version = к редакции { $version }
digest-no-response = ответа пока нет
digest-col-article = Статья
digest-col-number = №
digest-col-version = Редакция
digest-col-author = Автор
digest-col-lang = Язык
digest-col-text = Комментарий
digest-col-agrees = Поддержали
digest-col-response = Ответ разработчиков
digest-col-note = Пояснение
