# Боттың қазақша мәтіндері. Хабарламалар — Telegram HTML: & < > таңбаларын &amp; &lt; &gt; деп жазыңыз.

## Тіл және сәлемдесу
lang-name = Қазақша
lang-choose-first =
    Сәлеметсіз бе! Здравствуйте!
    Бұл — Қазақстанның жаңа Конституциясы туралы «Ата Заң» боты.
    Это бот «Ата Заң» о новой Конституции Казахстана.

    Тілді таңдаңыз / Выберите язык:
lang-choose = Тілді таңдаңыз / Выберите язык:
lang-set = ✓ Тіл: қазақша. Ауыстыру үшін /lang пәрменін жіберіңіз.
welcome =
    <b>«Ата Заң»</b> — Қазақстанның жаңа Конституциясы қарапайым тілмен.
    📜 Онда не жазылғанын және облыс тұрғындары үшін нені білдіретінін түсіндіремін.
    📅 Жақын маңдағы кездесулер мен талқылауларды ұсынамын, ❓ сұрағыңызды коалиция еріктілеріне жеткіземін.
deep-link-unknown = Сілтеме ескірген немесе қате. Төмендегі мәзірді пайдаланыңыз.

## Басты мәзір
menu-constitution = 📜 Конституция
menu-events = 📅 Іс-шаралар
menu-ask = ❓ Сұрақ қою
menu-settings = ⚙️ Баптаулар
button-back = ← Артқа

## Көмек
help =
    <b>Бот не істей алады</b>
    /constitution — бөлімдер мен баптар қарапайым тілмен
    /themes — талқылаудың жеті тақырыбы
    /article N — нөмірі бойынша бапты түсіндіру
    /glossary — терминдер сөздігі
    /events — кездесулер мен талқылаулар
    /ask — еріктілерге сұрақ қою
    /myquestions — менің сұрақтарым мен жауаптар
    /settings — тіл, аудан, хабарландырулар
    /subscribe, /unsubscribe — коалиция хабарландырулары
    /privacy — қандай деректер сақталады
    /mydata — менің деректерім, /forget — оларды өшіру
    /cancel — ағымдағы әрекеттен шығу

    Жай ғана сөз немесе сұрақ жазсаңыз болады — түсіндірме іздеп көремін.
help-volunteer =
    <b>Еріктілерге</b>
    /queue — тұрғындар сұрақтарының кезегі
help-admin =
    <b>Әкімшілерге</b>
    /addvolunteer — ерікті шақыру, /volunteers — тізім
    /broadcast — жазылушыларға хабарландыру, /stopbroadcast — тоқтату
    /stats — статистика, /audit — әрекеттер журналы
    /export — сұрақтарды жүктеп алу, /reload — материалдарды CONTENT_DIR қалтасынан алу
    /addeditor — редакторды шақыру, /editors — тізім
    Редакторларға: түсіндірме файлын (.md), document.toml, glossary.toml немесе бүкіл топтаманы (.zip) жіберіңіз — тексеріп, не өзгеретінін «Жариялау» түймесімен көрсетемін; /review — не тексеру керек, /pack — бүкіл топтама, /rollback — нұсқаны қайтару.
    Іс-шаралар: CSV файлын құжат ретінде жіберіңіз — толығымен жүктеймін немесе барлық қатені тізіп беремін (бағандар — README-де).
cancel-done = Әрекет тоқтатылды. Тағы немен көмектесейін?
cancel-nothing = Қазір тоқтататын әрекет жоқ. Мәзірден таңдаңыз.

## Баптаулар
settings-card =
    <b>⚙️ Баптаулар</b>
    Тіл: { $language }
    Аудан: { $district }
    Хабарландырулар: { $subscription }
settings-district-none = таңдалмаған
settings-sub-off = өшірулі
settings-sub-all = қосулы, бүкіл облыс бойынша
settings-sub-district = қосулы, тек менің ауданым бойынша
settings-button-lang = 🌐 Тіл
settings-button-district = 📍 Аудан
settings-button-subscribe = 🔔 Хабарландыруларды алу
settings-button-unsubscribe = 🔕 Жазылымнан шығу
settings-button-district-only = 📍 Тек менің ауданым туралы
settings-button-all-districts = 🌍 Бүкіл облыс туралы
settings-need-district = Алдымен ауданыңызды таңдаңыз — «📍 Аудан» түймесі.
district-choose = Ауданыңызды немесе қалаңызды таңдаңыз:
subscribe-done = 🔔 Коалиция хабарландыруларына жазылдыңыз. Бас тарту: /unsubscribe.
unsubscribe-done = 🔕 Хабарландырулардан бас тарттыңыз. Қайта жазылу: /subscribe.

## Деректер
privacy =
    <b>Бот қандай деректерді сақтайды</b>
    • Telegram ID (телефон нөміріңізді бот алмайды), тіліңіз, ауданыңыз және жазылымыңыз — сізге өз тіліңізде жауап беру және керегін жіберу үшін;
    • ботқа алғаш және соңғы рет жазған уақытыңыз;
    • сіз жазылған немесе еске салуды сұраған іс-шаралар — еске салу және ауыстыру не болдырмау туралы хабарлау үшін;
    • сұрақтарыңыз бен оларға берілген жауаптар — коалиция еріктілері жауап бере алуы үшін;
    • еріктілер мен редакторлар үшін — үйлестірушілер көретін Telegram-дағы аты; түсіндірмені салыстырылды деп белгілеген редактор жарияланған материалдарда көрсетіледі (бұл тексеру қолтаңбасы, /forget оны бұрын жарияланған нұсқалардан алып тастамайды).

    <b>Кім көреді:</b> сұрақтарды — коалиция еріктілері мен үйлестірушілері; қалғанын — тек ботты жүргізетін үйлестірушілер. Жиі қойылатын сұрақтарға тек ерікті өзі жазған, жеке мәліметсіз тұжырым шығады — сіздің мәтініңіз жарияланбайды. Деректер үшінші тұлғаларға берілмейді және Қазақстандағы серверде сақталады.

    <b>Қалай өшіруге болады:</b> /mydata сақталған барлық деректі көрсетеді; /forget деректеріңізді өшіреді. Қойылған сұрақтар иесіздендіріледі: жауаптар басқаларға пайдалы болуы үшін мәтін сізбен байланыссыз қалады.

    Бот — мемлекеттік орган емес, қоғамдық бастама. Ресми өтініштерді e-Otinish (eotinish.kz) арқылы жіберіңіз.
mydata =
    <b>Сіздің деректеріңіз</b>
    Telegram ID (телефон нөмірі емес): { $id }
    Тіл: { $language }
    Аудан: { $district }
    Рөл: { $role }
    Хабарландыруларға жазылым: { $subscribed }
    Алғаш рет: { $first_seen }
    Соңғы рет: { $last_seen }
mydata-activity = Сіз { $questions } қойдыңыз (тізімі — /myquestions) · жазылған іс-шаралар: { $rsvps }
word-yes = иә
word-no = жоқ
role-resident = тұрғын
role-volunteer = ерікті
role-admin = әкімші
forget-confirm = Барлық деректеріңізді өшірейін бе? Баптауларыңыз жойылады, ал сұрақтарыңыз сізбен байланыссыз сақталады. Өшірілгенді қалпына келтіру мүмкін болмайды.
forget-button-yes = 🗑 Өшіру
forget-button-no = Қалдыру
forget-done = 🗑 Деректеріңіз өшірілді.
forget-kept = Жақсы, ештеңе өшірілген жоқ.
forget-restart = Ботты қайта пайдалану үшін /start жіберіңіз.

## Кеңестер
hint-unexpected = Мен мәтінді, пәрмендерді және түймелерді түсінемін. Мәзірден таңдаңыз немесе сұрағыңызды сөзбен жазыңыз.
hint-unknown-command = Мұндай пәрмен жоқ. Пәрмендер тізімі — /help.
callback-outdated = Бұл түйме ескірген. Мәзірді қайта ашыңыз.
not-allowed = ⛔ Бұл әрекет сізге қолжетімсіз. Пәрмендеріңіз — /help.

## Санауыштар
count-questions = { $count } сұрақ

## Іс-шаралар
events-title = 📅 <b>Кездесулер мен талқылаулар</b>
events-filter-line = { $district } · { $period } · { $theme }
events-all-districts = Бүкіл облыс
events-all-themes = барлық тақырыптар
events-period-a = барлық күндер
events-period-d = бүгін
events-period-w = осы апта
events-period-m = осы ай
events-empty = Таңдағаныңыз бойынша іс-шара әзірге жоқ. Төмендегі түймелермен басқа аудан, тақырып немесе кезеңді таңдаңыз.
events-button-prev = ◀ Алдыңғы
events-button-next = Келесі ▶
events-button-district = 📍 Аудан
events-button-theme = 🗂 Тақырып
events-button-period = 🗓 Қашан
events-button-near = 🧭 Маған жақын
events-choose-district = Қай ауданның іс-шараларын көрсетейін?
events-choose-theme = Қай тақырып бойынша?
events-choose-period = Қай кезеңге?
events-status-cancelled = ❌ Болдырылмады
events-status-moved = 🔁 Уақыты өзгерді
events-online = онлайн
event-kind-meeting = 🤝 Тұрғындармен кездесу
event-kind-round-table = 🪑 Дөңгелек үстел
event-kind-public-discussion = 🗣 Қоғамдық талқылау
event-kind-dialogue-platform = 💬 Диалог алаңы
event-kind-online = 💻 Онлайн кездесу
event-card-cancelled = ❌ <b>Іс-шара болдырылмады.</b>
event-card-moved = 🔁 <b>Іс-шара басқа уақытқа ауыстырылды</b> — жаңа уақыты төменде.
event-card-over = Іс-шара өтіп кетті.
event-card-when = 🕒 { $when } ({ $local_time })
event-card-where = 📍 { $place }
event-card-online = 🔗 Онлайн: { $link }
event-card-organizer = 👥 Ұйымдастырушы: { $organizer }
event-card-going = ✋ Келмекші: { $count }
event-card-capacity = ✋ Келмекші: { $count }, барлығы { $capacity } орын
event-card-reminders-on = 🔔 Басталуына бір тәулік және 2 сағат қалғанда еске саламын.
event-button-going = ✋ Барамын ({ $count })
event-button-going-on = ↩ Бармаймын ({ $count })
event-button-remind = 🔔 Еске салу
event-button-remind-on = 🔕 Еске салмау
event-button-calendar = 📆 Күнтізбеге
event-button-map = 🗺 Картадан көру
event-button-online = 🔗 Онлайн қосылу
event-button-open = Іс-шараны ашу
event-not-found = Мұндай іс-шара табылмады — сілтеме ескірген болуы мүмкін. Барлық іс-шаралар: /events
event-ics-caption = 📆 «{ $title }» іс-шарасын телефон күнтізбесіне қосу үшін файлды ашыңыз.
event-organizer = Ұйымдастырушы
event-when-today = бүгін сағат { $time }
event-when-tomorrow = ертең сағат { $time }
event-reminder-day =
    🔔 <b>Еске салу</b>: { $title } — { $when }.
    📍 { $place }
event-reminder-soon =
    ⏰ <b>Жақында басталады</b>: { $title } — { $when }.
    📍 { $place }
event-notice-moved =
    🔁 <b>Іс-шара ауыстырылды</b>: { $title }
    Бұрын: { $old }
    Енді: { $when } ({ $local_time })
    📍 { $place }
event-notice-cancelled = ❌ <b>Іс-шара болдырылмады</b>: { $title } ({ $when }). Басқа кездесулер — /events
event-notice-restored =
    ✅ <b>Іс-шара бәрібір өтеді</b>: { $title }
    🕒 { $when }
    📍 { $place }
events-near-ask = Экранның төменгі жағындағы «📍 Жақын іс-шаралар» түймесін басыңыз — ең жақын 5 іс-шараны көрсетемін. Геолокация сақталмайды.
events-near-button = 📍 Жақын іс-шаралар
events-near-hint = Геолокацияңызды телефоннан жіберіңіз: «📍 Жақын іс-шаралар» түймесі немесе 📎 → «Геопозиция».
events-near-title = 📍 <b>Сізге ең жақын іс-шаралар</b>
events-near-none = Жақын маңда картада белгіленген алдағы іс-шаралар әзірге жоқ. Барлық іс-шаралар: /events
events-distance = { $km } км
events-import-done = ✅ Іс-шаралар жүктелді: қосылғаны { $added }, жаңартылғаны { $updated }, өзгеріссіз { $unchanged }. Жазылғандарға ауыстыру не болдырмау туралы хабарлама: { $notices }.
events-import-failed = ⛔ Ештеңе жүктелмеді: файлда { $count } қате бар. Түзетіп, файлды қайта жіберіңіз.
events-import-failed-more = …және тағы { $count }. Толық тізім — төмендегі файлда.
events-import-not-csv = Іс-шараларды жүктеу үшін кестені CSV пішімінде жіберіңіз (UTF-8 кодтауындағы .csv файлы). Бағандар README-де сипатталған.
events-import-too-big = Файл 5 МБ-тан үлкен — оны бөліктерге бөліңіз.

## Пәрмендер сипаттамасы (Telegram мәзірі)
cmd-start = Бастау
cmd-help = Бот не істей алады
cmd-settings = Тіл, аудан, хабарландырулар
cmd-lang = Тілді ауыстыру
cmd-privacy = Қандай деректер сақталады
cmd-mydata = Менің деректерім
cmd-forget = Деректерімді өшіру
cmd-cancel = Ағымдағы әрекетті тоқтату
cmd-constitution = Конституция қарапайым тілмен
cmd-article = Нөмірі бойынша бап
cmd-themes = Талқылау тақырыптары
cmd-glossary = Терминдер сөздігі
cmd-events = Кездесулер мен талқылаулар
cmd-ask = Сұрақ қою
cmd-myquestions = Менің сұрақтарым
cmd-subscribe = Хабарландыруларға жазылу
cmd-unsubscribe = Хабарландырулардан бас тарту
cmd-queue = Сұрақтар кезегі
cmd-addvolunteer = Ерікті шақыру
cmd-volunteers = Еріктілер
cmd-broadcast = Жазылушыларға хабарландыру
cmd-stopbroadcast = Таратуды тоқтату
cmd-stats = Статистика
cmd-audit = Әрекеттер журналы
cmd-export = Сұрақтарды жүктеп алу
cmd-reload = Материалдарды қайта оқу

## Түсіндірмелер (content)
content-articles = { $count ->
    [one] { $list }-бап
   *[other] { $list }-баптар
}
content-changes = 1995 жылғы Конституциямен салыстырғанда не өзгереді
content-faq = Сұрақтар мен жауаптар
content-source = Дереккөз: <a href="{ $url }">жарияланым</a>
content-phase-draft = Конституция жобасы, { $published } жарияланған; әлі қабылданған жоқ.
content-phase-adopted = Конституция { $adopted } өткен референдумда қабылданды, { $in_force } бастап күшіне енеді.
content-phase-in-force = Конституция { $adopted } өткен референдумда қабылданды және { $in_force } бастап күшінде.
content-draft = ⚠️ Бұл түсіндірмені коалиция редакторлары ресми мәтінмен әлі салыстырып тексерген жоқ.
content-kk-unreviewed = ⚠️ Қазақша аударманы редактор әлі тексерген жоқ, қате болуы мүмкін. Түсініксіз жері болса, орысша нұсқасын қараңыз (/lang) немесе сұрақ қойыңыз (/ask).
content-sections-intro = Бөлімді таңдаңыз — әрқайсысында баптардың қарапайым түсіндірмесі бар. Жай ғана сөз жазуға да болады, мысалы «жер» немесе «мәслихат».
content-button-themes = 🗂 Тақырыптар
content-button-glossary = 📖 Сөздік
content-button-official = 📄 Ресми мәтін
content-button-about-section = ℹ️ Бөлім туралы
content-section-articles = { $count ->
    [0] Бұл бөлімге әзірге түсіндірме жоқ.
   *[other] { $count } түсіндірме:
}
content-button-ask = ❓ Осы туралы сұрау
content-button-events = 📅 Осы тақырыптағы іс-шаралар
content-button-share = 🔗 Бөлісу
content-button-open-bot = «Ата Заң» ботында ашу
content-themes-intro = <b>🗂 Талқылау тақырыптары</b>
    Коалиция облыс тұрғындарымен талқылайтын жеті тақырып:
content-theme-items = { $count ->
    [0] Бұл тақырып бойынша әзірге түсіндірме жоқ.
   *[other] { $count } түсіндірме:
}
content-glossary-title = 📖 Терминдер сөздігі
content-not-found = Бұл түсіндірме енді қолжетімсіз. Барлық бөлімдер — /constitution.
content-article-usage = Баптың нөмірін жазыңыз, мысалы: /article 26
search-found = Міне, табылғаны. Керегі болмаса — еріктілерге сұрақ қойыңыз.
search-nothing = Ештеңе табылмады. Басқа сөзбен іздеп көріңіз немесе коалиция еріктілеріне сұрақ қойыңыз.
search-button-ask = ❓ Еріктілерге сұрақ қою
reload-done = ✅ Материалдар қайта оқылды: { $summary }
reload-failed = ⛔ Материалдар жаңартылмады: { $count } қате. Бот бұрынғы нұсқасын көрсетуді жалғастырады.
    { $problems }

## Тақырыптар
theme-social-justice = ⚖️ Әлеуметтік әділеттілік
theme-regional-development = 🏘 Өңірлерді дамыту
theme-property-business = 🏪 Меншік және шағын бизнес
theme-accountability = 🏛 Мемлекеттің жаңғыруы мен есептілігі
theme-participation = 🗳 Азаматтардың қатысуы
theme-labour = 👷 Еңбек құқығы мен әлеуметтік кепілдік
theme-local-government = 🏙 Жергілікті өзін-өзі басқару

## Тұрғындар сұрақтары
ask-consent =
    <b>Алғашқы сұрағыңызды қоймас бұрын</b>
    Сұрағыңыз жауап беру үшін сақталады. Оны коалиция еріктілері көреді; жауап осында, осы чатқа келеді.
    Деректеріңізді кез келген уақытта /forget пәрменімен өшіре аласыз.
    Бот — қоғамдық бастама: ол мемлекеттік органға ресми өтінішті алмастырмайды. Ресми өтініштерді e-Otinish (eotinish.kz) арқылы жіберіңіз.
    Келісесіз бе?
ask-consent-yes = ✅ Келісемін
ask-consent-no = ✖ Бас тарту
ask-consent-given = ✅ Рахмет, келісіміңіз сақталды.
ask-consent-refused = Жақсы. Келісімсіз сұрақ қою мүмкін емес, бірақ түсіндірмелер мен іс-шаралар қолжетімді. Ойыңыз өзгерсе — /ask.
ask-prompt = ❓ Сұрағыңызды бір хабарламамен жазыңыз. Дауыстық хабарлама жіберуге немесе фото жіберіп, сұрағыңызды оның астына жазуға болады.
ask-prompt-about = ❓ «{ $title }» тақырыбы бойынша сұрағыңызды бір хабарламамен жазыңыз. Дауыстық немесе фото да болады.
ask-prompt-follow-up = ❓ №{ $number } сұраққа нақтылау сұрағын жазыңыз.
ask-prompt-hint = Ойыңыздан қайтсаңыз — /cancel.
ask-not-text = Сұрақты мәтінмен немесе дауыстық хабарламамен жіберіңіз, не фото жіберіп, сұрақты оның астына жазыңыз. Ойыңыздан қайтсаңыз — /cancel.
ask-too-long = Тым ұзын: { $len } таңба, { $max } таңбаға дейін болады. Қысқартып, қайта жіберіңізші.
ask-media-voice = 🎤 дауыстық хабарлама
ask-media-photo = 🖼 фото
ask-media-album = 🖼 { $count } фото
ask-confirm =
    <b>Сіздің сұрағыңыз:</b>
    { $question } { $media }

    Еріктілерге жіберейін бе?
ask-similar = 💡 Ұқсас сұрақтарға жауап бар — төмендегі 💡 түймелерді қараңыз. Сіздікі болмаса, «✅ Жіберу» түймесін басыңыз.
ask-send = ✅ Жіберу
ask-cancel = ✖ Бас тарту
ask-cancelled = Сұрақ жіберілмеді.
ask-already-handled = Бұл сұрақ жіберілген немесе тоқтатылған. Жаңа сұрақ — /ask.
ask-receipt =
    ✅ №{ $number } сұрақ қабылданды. Коалиция еріктілерінің жауабы осында, осы чатқа келеді.
    Менің сұрақтарым: /myquestions. Мемлекеттік органдарға ресми өтініштер — e-Otinish (eotinish.kz) арқылы.
ask-limit-open = Сізде жауап күтіп тұрған { $open } сұрақ бар. Оларға жауап келгенше күте тұрыңызшы — /myquestions.
ask-limit-day = Бүгін { $day } сұрақ қойдыңыз — бұл бір тәуліктегі шек. Ертең жазыңызшы.
faq-entry =
    <b>❓ { $question }</b>

    { $answer }
myquestions-none = Сіз әлі сұрақ қоймадыңыз. Сұрақ қою — /ask.
myquestions-title = <b>Менің сұрақтарым</b>
question-status-waiting = ⏳ жауап күтуде
question-status-claimed = ✍️ ерікті жауап дайындап жатыр
question-status-answered = ✅ жауап бар
question-status-rejected = ✖ қабылданбады
question-status-escalated = ⬆ үйлестірушілерге берілді
answer-to-resident =
    <b>№{ $number } сұрағыңызға жауап</b>
    <blockquote>{ $question }</blockquote>

    { $answer }
answer-helpful = 👍 Көмектесті
answer-not-helpful = 👎 Көмектеспеді
answer-follow-up = ❓ Нақтылау
rate-thanks-helpful = Рахмет! Жауаптың көмектескеніне қуаныштымыз.
rate-thanks-not-helpful = Пікіріңізге рахмет. «❓ Нақтылау» түймесімен нақтылау сұрағын қоюға болады.
rejected =
    №{ $number } сұрақ қаралмайды: { $reason }
    Егер бұл қате болса — сұрақты қайта қойыңыз (/ask).
rejected-spam = ол жарнамаға немесе таратылымға ұқсайды.
rejected-abuse = онда қорлайтын сөздер бар. Сұрағыңызды сыпайы сөзбен қайта жазыңызшы.
rejected-off_topic = ол Конституцияға және оны талқылауға қатысты емес.
rejected-duplicate = дәл осындай сұрақ қойылған, жауап соған келеді.

## Еріктілер
queue-stats =
    <b>Сұрақтар кезегі</b>
    Жауап күтуде: { $waiting } (орысша: { $ru }, қазақша: { $kk })
    Ең ескісі: { $oldest }
queue-escalated = Үйлестірушілерге берілгені: { $count }
queue-take = ✋ Келесісін алу
queue-empty = 🎉 Кезек бос: барлық сұрақ қаралды.
ago-minutes = { $count } минут бұрын
ago-hours = { $count } сағат бұрын
ago-days = { $count } күн бұрын
card =
    <b>№{ $number } сұрақ</b> · { $lang } · { $ago }{ $extra }
    <blockquote>{ $body }</blockquote>
    Сұрақ сізге 30 минутқа бекітілді.
card-about = Тақырыбы: { $title }
card-follow-up = №{ $number } сұраққа нақтылау
card-media-only = (мәтінсіз дауыстық хабарлама немесе фото)
card-answer = ✍️ Жауап беру
card-release = ↩ Кезекке қайтару
card-reject = ⛔ Қабылдамау
card-escalate = ⬆ Үйлестірушілерге
claim-lost = №{ $number } сұрақ енді сізде емес: бекіту уақыты бітті немесе оны басқа ерікті алды. Келесісі — /queue.
answer-prompt = ✍️ №{ $number } сұраққа жауапты бір хабарламамен жазыңыз ({ $max } таңбаға дейін). Тұрғын оны өз сұрағымен бірге көреді.
answer-not-text = Жауапты мәтінмен, бір хабарламамен жазыңыз (дауыстық не фото болмайды).
answer-preview = <b>Тұрғын жауапты былай көреді:</b>
answer-send = ✅ Жіберу
answer-edit = ✏️ Түзету
answer-delivered = ✅ №{ $number } сұраққа жауап жеткізілді.
answer-undeliverable = ⚠️ №{ $number } сұраққа жауап сақталды, бірақ жеткізу мүмкін емес: тұрғын ботты бұғаттаған немесе деректерін өшірген. Үйлестірушілер оны /stats ішінде көреді.
answer-publish = 📢 Жиі сұрақтарға қосу
released = ↩ №{ $number } сұрақ кезекке қайтарылды.
reject-choose = №{ $number } сұрақты неге қабылдамайсыз? Тұрғын сыпайы түсініктеме алады.
reject-spam = Жарнама, спам
reject-abuse = Қорлау
reject-off_topic = Тақырыпқа қатысы жоқ
reject-duplicate = Қайталанған сұрақ
reject-done = №{ $number } сұрақ қабылданбады, тұрғынға хабарланды.
escalate-done = ⬆ №{ $number } сұрақ үйлестірушілерге берілді.
escalated-to-admins = ⬆ Ерікті №{ $number } сұрақты үйлестірушілерге берді.
faq-prompt = 📢 №{ $number } сұрақты барлығы көретіндей өз сөзіңізбен жазыңыз: қысқа, аты-жөнсіз және жеке мәліметсіз. Тұрғынның мәтіні жарияланбайды.
faq-published = 📢 №{ $number } сұрақ жауабымен жарияланды: енді оны ұқсас сұрағы бар тұрғындар көреді.
group-question =
    <b>Жаңа сұрақ №{ $number }</b> ({ $lang })
    <blockquote>{ $body }</blockquote>
    Тұрғынға жауап беру үшін осы хабарламаға жауап (reply) жазыңыз немесе сұрақты түймемен алыңыз.
group-batch =
    <b>Жаңа сұрақтар: { $count }</b>

    { $list }
group-claim = ✋ №{ $number } сұрақты алу

## Әкімшілер: еріктілер
invite-created = 🔗 Еріктіге шақыру сілтемесі (бір реттік, 48 сағат жарамды):
    { $link }
invite-granted = 🙌 Сіз коалиция еріктісісіз! Сұрақтар кезегі — /queue.
invite-expired = Шақырудың мерзімі өтіп кетті. Үйлестірушіден жаңасын сұраңыз.
invite-used = Бұл шақыру пайдаланылған. Үйлестірушіден жаңасын сұраңыз.
invite-unknown = Шақыру табылмады. Сілтемені тексеріңіз.
volunteers-none = Әзірге еріктілер жоқ. Шақыру — /addvolunteer.
volunteers-list = { $count } ерікті. Рөлді алып тастау үшін басыңыз:
volunteers-remove = ✖ { $name } · { $id }
volunteers-no-name = аты жоқ
volunteers-removed = { $id } пайдаланушысы енді ерікті емес.

## Таратылымдар, статистика, журнал
broadcast-compose = 📣 Хабарландыруды бір хабарламамен жазыңыз. Telegram пішімдеуін (қалың, көлбеу, сілтемелер) қолдануға болады. Бір фото тіркеп, мәтінді оның астына жазуға да болады. Ойыңыздан қайтсаңыз — /cancel.
broadcast-bad-input = Мәтін ({ $max } таңбаға дейін) немесе астына мәтін жазылған фото керек. Қайталап көріңіз немесе /cancel.
broadcast-audience = Кімге жіберейін?
broadcast-to-all = 👥 Барлық жазылушыларға
broadcast-to-ru = 🌐 Орыс тілділерге
broadcast-to-kk = 🌐 Қазақ тілділерге
broadcast-to-district = 📍 Аудан жазылушыларына…
broadcast-confirm =
    ⬆️ Алушылар хабарландыруды осылай көреді.
    Кімге: { $audience }
    Алушылар саны: { $count }.
broadcast-to-event = 🎟 Іс-шараға жазылғандарға…
broadcast-to-event-named = «{ $title }» іс-шарасына жазылғандарға
broadcast-no-events = Алдағы іс-шаралар жоқ.
broadcast-send-now = ✅ Қазір жіберу
broadcast-schedule = 🕒 Жоспарлау
broadcast-when = Қашан жіберу керек? Күні мен уақытын жергілікті уақыт бойынша ({ $region_city }, { $utc }) жазыңыз, мысалы: 2026-12-05 10:00 немесе 05.12.2026 10:00
broadcast-when-bad = Уақытты түсінбедім немесе ол өтіп кеткен. Мысал: 2026-12-05 10:00. Ойыңыздан қайтсаңыз — /cancel.
broadcast-scheduled = 🕒 №{ $id } таратылым { $at } уақытына жоспарланды ({ $local_time }).
broadcast-scheduled-started = 📣 Жоспарланған №{ $id } таратылым басталды: { $total } алушы.
broadcast-cancelled = Хабарландыру жіберілмеді.
broadcast-progress =
    📣 №{ $id } таратылым
    Жіберілді: { $sent } · жеткізілмеді: { $failed } · қалды: { $left }
    Шамамен { $eta } с қалды.
broadcast-done =
    ✅ №{ $id } таратылым аяқталды.
    Жеткізілді: { $total } ішінен { $sent } · ботты бұғаттағандар: { $blocked } · қателер: { $failed }
broadcast-stopped-report =
    ⏹ №{ $id } таратылым тоқтатылды.
    Жеткізілді: { $total } ішінен { $sent } · ботты бұғаттағандар: { $blocked } · қателер: { $failed }
broadcast-stop = ⏹ Тоқтату
broadcast-stopped = ⏹ №{ $id } таратылым тоқтатылды: қалған хабарламалар жіберілмейді.
broadcast-nothing-to-stop = Қазір белсенді немесе жоспарланған таратылым жоқ.
audit-title = <b>Әкімшілер әрекеттерінің журналы</b>
audit-empty = Журнал әзірге бос.
stats =
    <b>📊 Статистика</b>
    Тұрғындар: { $residents } (орысша: { $ru }, қазақша: { $kk })
    Аудандар бойынша: { $districts }
    Жазылушылар: { $subscribers } · ботты бұғаттағандар: { $blocked }

    <b>Сұрақтар</b>: күтуде { $waiting } · жауап берілді { $answered } · қабылданбады { $rejected }
    Жауаптың медианалық уақыты: { $median } мин · 👍 { $helpful } · 👎 { $not_helpful }

    <b>Таратылымдар</b>: { $broadcasts }, жеткізілген хабарламалар: { $sent }
stats-chart-title = 30 күндегі белсенділік
stats-chart-users = Жаңа тұрғындар
stats-chart-questions = Сұрақтар
stats-chart-days = күн бұрын

## Жеткізу
answer-waiting = ⏳ №{ $number } сұраққа жауап сақталды және жеткізуді күтіп тұр: Telegram қазір хабарламаларды қабылдамай тұр. Бот тағы бір тәулік бойы әрекет етіп, нәтижесін сізге хабарлайды.
claim-escalated = №{ $number } сұрақ үйлестірушілерге берілді: оны тек солар алып, жауап бере алады.
faq-unpublish = 🗑 Жиі сұрақтардан алып тастау
faq-unpublished = 🗑 №{ $number } сұрақ жиі сұрақтардан алынды.
group-question-escalated =
    <b>№{ $number } сұрақ</b> ({ $lang }) — ⬆ үйлестірушілерге берілді
    <blockquote>{ $body }</blockquote>
delivery-sent = жауап жеткізілді
delivery-waiting = жауап жолда
delivery-shown-here = жауабы төменде
myquestions-entry =
    <b>№{ $number }</b> · { $status }
    { $question }
myquestions-answer = 💬 { $answer }
stats-undeliverable = Жеткізілмеген хабарламалар: { $count }. Уақытында жіберілмеген (іс-шара басталғаннан кейінгі еске салғыштар): { $expired }.
stats-undeliverable-retry = 🔁 Қайталау
stats-undeliverable-discard = 🗑 Тастау
undeliverable-retried = 🔁 Қайта кезекте: { $count }.
undeliverable-discarded = 🗑 Тасталды: { $count }.
role-ended = Бұл әрекет сізге енді қолжетімсіз: рөліңіз алынды. Басталған іс тоқтатылды. Мәзір — /start.
volunteer-role-ended = Үйлестіруші сізден ерікті рөлін алды. Көмегіңізге рахмет! Сіз алған сұрақтар кезекке қайтарылды; басталған жауап тоқтатылды.
mydata-name = Үйлестірушілер көретін есім (еріктілер мен редакторлар үшін): { $name }

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
content-as-of = 🗓 <i>{ $date } жағдай бойынша: бұл мәліметтер өзгереді, ресми дереккөздерден тексеріңіз.</i>
law-article =
    📜 <b>{ $number }-бап</b>
    <i>{ $section }</i>

    { $text }
law-other-language = <i>Қазақ тіліндегі мәтін әлі жүктелмеген; орыс тіліндегі мәтін көрсетілді.</i>
law-not-loaded = 📜 <b>{ $number }-бап</b>
    Баптың мәтіні ботқа әлі жүктелмеген. Конституцияның ресми мәтіні: <a href="{ $url }">ресми жарияланым</a>.
law-explanations = <b>Қарапайым тілмен түсіндірме</b> — төмендегі түймелерде.
law-no-explanation = Бұл баптың қарапайым түсіндірмесі әзірге жоқ. Сұрақ қоюға болады: /ask
law-changes =
    <b>1995 жылмен салыстырғанда не өзгерді</b> («{ $title }»):
    { $changes }
law-button-previous = ◀ { $number }-бап
law-button-next = { $number }-бап ▶
law-button-section = 📖 { $number }-бөлім
law-button-article = 📜 { $number }-бап
law-section = 📖 <b>{ $section }</b>
    { $count } бап. Бапты таңдаңыз.
law-no-such-article = { $count ->
        [0] { $number }-бап жоқ. Баптың нөмірін жазыңыз, мысалы: /article 9
       *[other] { $number }-бап жоқ: Конституцияда { $count } бап бар. 1-ден { $count }-ге дейінгі нөмірді жазыңыз, мысалы: /article 9
    }

## Editors
cmd-addeditor = Редакторды шақыру
cmd-editors = Редакторлар
cmd-review = Не тексеру керек
cmd-pack = Материалдар топтамасы (.zip)
cmd-rollback = Бұрынғы нұсқаны қайтару
content-reviewed = Ресми мәтінмен салыстырылды: { $who }, { $date }
editor-invite-created = 🔗 Редакторға арналған шақыру сілтемесі (бір реттік, 48 сағат жарамды):
    { $link }
editor-invite-granted = ✍️ Сіз — материалдар редакторысыз. Түсіндірме файлын (.md), document.toml, glossary.toml немесе бүкіл топтаманы (.zip) жіберіңіз — тексеріп, не өзгеретінін көрсетемін. Не тексеру керек — /review, бүкіл топтама — /pack.
editors-none = Әзірге редактор жоқ. Шақыру — /addeditor.
editors-list = { $count } редактор. Рөлін алу үшін басыңыз:
editors-removed = { $id } пайдаланушысы енді редактор емес.
pack-too-big = Файл 20 МБ-тан үлкен — мұндай топтаманы қабылдамаймын.
pack-not-a-pack-file = Бұл топтаманың файлы емес. .md, document.toml, glossary.toml, .zip немесе Конституцияның ресми мәтінін (.txt, .html) жіберіңіз.
pack-checked =
    ✅ { $name }: қате жоқ. Жарияласаңыз:
    қосылады: { $added }
    өзгереді: { $changed }
    жойылады: { $removed }
    басқа файлдар: { $other }
    <i>{ $summary }</i>
pack-unchanged = { $name }: қате жоқ, бірақ ештеңе өзгермейді — жариялайтын ештеңе жоқ.
pack-button-publish = 📢 Жариялау
pack-refused = ⛔ { $name }: қателер саны — { $count }. Ештеңе өзгерген жоқ; түзетіп, файлды қайта жіберіңіз.
pack-refused-more = …тағы { $count } — барлық қате төмендегі файлда.
pack-published = 📢 Жарияланды: { $version }-нұсқаны бәрі көріп тұр.
pack-conflict = ⚠️ Сіз қарап отырғанда басқа редактор жаңа нұсқаны жариялады. Файлды қайта жіберіңіз — соңғы өзгерістерді ескеріп тексеремін.
pack-draft-gone = Бұл нұсқа енді жоқ (жарияланған немесе жаңа файлмен ауыстырылған).
pack-versions = Қазір { $live }-нұсқа жарияланған. Қайсысын қайтарамыз?
pack-button-version = { $version }-нұсқа · { $date }
pack-button-version-folder = { $version }-нұсқа · бастапқы, CONTENT_DIR қалтасынан · { $date }
pack-no-versions = Басқа сақталған нұсқа жоқ.
pack-rolled-back = ↩️ { $version }-нұсқа қайтарылды (енді бұл — { $now }-нұсқа).
pack-sent = Материалдар топтамасы, { $version }-нұсқа.
pack-dir-changed = ⚠️ Telegram-нан жариялағаннан кейін CONTENT_DIR қалтасы өзгерді. Бот жарияланған { $version }-нұсқаны көрсетіп тұр. Материалдарды қалтадан алу үшін /reload жіберіңіз.
review-none = Бәрі салыстырылған және жақында тексерілген. 👍
review-list = Тексеруге: { $count } (ресми мәтінмен салыстырылмаған немесе { $days } күн тексерілмеген). Ең ескілері — жоғарыда:
review-button = { $title } · { $date }
review-button-checked-ru = ✓ RU салыстырылды
review-button-checked-kk = ✓ KK салыстырылды
review-marked = ✓ Белгіленді: { $item } [{ $lang }] ресми мәтінмен салыстырылды. { $version }-нұсқа жарияланды.

## Mini App (events on a map and a calendar). Plain text: the page escapes it.
webapp-title = Кездесулер мен талқылаулар
webapp-tab-list = Тізім
webapp-tab-map = Карта
webapp-tab-calendar = Күнтізбе
webapp-filter-district = Аудан
webapp-filter-theme = Тақырып
webapp-filter-from = Басталу күні
webapp-filter-to = Аяқталу күні
webapp-filter-reset = Сүзгілерді тазалау
webapp-all-districts = Бүкіл облыс
webapp-all-themes = Барлық тақырып
webapp-near-me = 🧭 Маған жақын
webapp-near-on = Алдымен сізге жақындары. Геолокация телефонда қалады.
webapp-near-denied = Геолокация қолжетімсіз: телефон баптауларында Telegram-ға рұқсат беріңіз немесе ауданды таңдаңыз.
webapp-found = Табылған кездесулер:
webapp-empty = Таңдалған сүзгілер бойынша кездесу жоқ. Ауданды, тақырыпты немесе күнді өзгертіңіз.
webapp-going = ✅ Барамын
webapp-not-going = Жазылудан бас тарту
webapp-going-yes = Сіз жазылдыңыз. Басталарынан бір күн және 2 сағат бұрын еске саламыз.
webapp-rsvp-sent = Растау ботпен чатқа келеді.
webapp-closed = Жазылу жабық: кездесу тоқтатылды немесе өтіп кетті.
webapp-calendar-add = 📅 Күнтізбеге қосу
webapp-share = 🔗 Бөлісу
webapp-share-copied = Сілтеме көшірілді:
webapp-back = ← Тізімге
webapp-online = Онлайн
webapp-when = Қашан
webapp-place = Қайда
webapp-organizer = Ұйымдастырушы
webapp-themes = Тақырыптар
webapp-going-count = Жазылғандар:
webapp-cancelled = ❌ Тоқтатылды
webapp-moved = 🔁 Ауыстырылды
webapp-error-auth = Бұл бетті Telegram-дағы боттан ашыңыз: сілтеме ескірген немесе қате. Ештеңе өзгертілмеді.
webapp-error-network = Сервермен байланыс жоқ. Интернетті тексеріп, қайталап көріңіз.
webapp-error-closed = Бұл кездесуге енді жазылу жоқ: ол тоқтатылды немесе өтіп кетті.
webapp-retry = Қайталау
webapp-prev-month = Алдыңғы ай
webapp-next-month = Келесі ай
webapp-weekdays = Дс,Сс,Ср,Бс,Жм,Сб,Жс
webapp-months = Қаңтар,Ақпан,Наурыз,Сәуір,Мамыр,Маусым,Шілде,Тамыз,Қыркүйек,Қазан,Қараша,Желтоқсан
webapp-day-events = Осы күнгі кездесулер
webapp-time-note = Уақыт — { $local_time } ({ $utc }).
webapp-map-label = Облыс картасы: аудандар мен кездесу орындары
webapp-no-venue = Картада орны жоқ (онлайн немесе мекенжайы нақтыланады):
webapp-km = км
webapp-details = Толығырақ
webapp-menu-button = Кездесулер
events-button-webapp = 🗺 Карта және күнтізбе
webapp-rsvp-confirmed = ✅ Сіз <b>{ $title }</b> кездесуіне жазылдыңыз
    🕒 { $when } ({ $local_time })
    📍 { $place }
    Басталарынан бір күн және 2 сағат бұрын еске саламыз. Жазылудан бас тарту — «Кездесулер» қосымшасында немесе кездесу карточкасында (/events).
webapp-rsvp-withdrawn = <b>{ $title }</b> кездесуіне ({ $when }) жазылу тоқтатылды. Еске салу болмайды.

## Statements: what residents think
cmd-statements = Тұжырымдар: келісесіз бе
cmd-report = Коалиция есебі (апта, ай, барлығы)
cmd-mystats = Менің жұмысым
cmd-addorganiser = Аудан ұйымдастырушысын шақыру
cmd-organisers = Ұйымдастырушылар
statements-none = Қазір тұжырымдар бойынша ашық талқылау жоқ. Кейінірек қараңыз — немесе /events.
statements-list = 🗳 <b>Сіз не ойлайсыз?</b> Тақырыпты таңдаңыз: бір-бір тұжырымнан, жауап — бір батырмамен.
statements-set-button = { $title } · { $voted }/{ $total }
statements-unknown = Бұл талқылау табылмады немесе жабылған. Ашықтары — /statements.
statements-closed = «{ $set }» талқылауы жабылды: дауыстар енді қабылданбайды. Қорытынды — төменде.
statements-done = ✅ «{ $set }» тақырыбының барлық { $total } тұжырымына жауап бердіңіз. Рақмет! Жауаптарыңызды тек сіз көресіз (/mydata); басқаларға тек жалпы қорытынды көрсетіледі.
statements-change = ✏️ Жауаптарды өзгерту
statements-your-vote = Сіздің жауабыңыз: { $vote } — өзгертуге болады.
statements-card =
    🗳 <b>{ $set }</b> · { $total } ішінен { $number }

    «{ $text }»

    Келісесіз бе?{ $current }
vote-agree = 👍 Келісемін
vote-disagree = 👎 Келіспеймін
vote-pass = 🤷 Білмеймін / өткізу
statements-results-button = 📊 Қорытынды
statements-propose-button = ✍️ Өз ұсынысым
statements-few-votes = дауыс: { $votes } — үлестер 5 дауыстан бастап көрсетіледі
statements-shares = 👍 { $agree }% · 👎 { $disagree }% · 🤷 { $pass }% ({ $votes } дауыс)
statements-results = 📊 <b>Қорытынды: { $set }</b>
    Қатысушылар: { $voters }
statements-groups-later = Пікір топтары { $min } адам дауыс бергенде пайда болады.
statements-groups = 👥 Пікір топтары: { $count } (адам саны бойынша: { $sizes }).
statements-consensus = 🤝 <b>Мұнымен барлық топ келіседі:</b>
statements-divisive = ⚖️ <b>Мұнда топтардың пікірі екіге бөлінеді:</b>
proposal-prompt = ✍️ Өз тұжырымыңызды бір сөйлеммен, { $max } таңбаға дейін жазыңыз — онымен келісуге немесе келіспеуге болатындай. Басқаларға көрсетпес бұрын еріктілер тексереді. Ойыңыздан қайтсаңыз — /cancel.
proposal-not-text = Тұжырымды мәтінмен, бір сөйлеммен жазу керек. Ойыңыздан қайтсаңыз — /cancel.
proposal-too-long = { $len } таңба болды, ал { $max } таңбаға дейін болады. Қысқартып, қайта жіберіңіз.
proposal-received = 🙏 Рақмет! Тұжырымыңыз еріктілерге тексеруге жіберілді. Жарияланғанда (немесе жарияланбаса — түсіндірмемен) хабарлаймын.
proposal-approved = ✅ «{ $text }» тұжырымыңыз «{ $set }» тақырыбында жарияланды. Енді оған басқа тұрғындар дауыс береді.
proposal-rejected = «{ $text }» тұжырымыңыз («{ $set }» тақырыбы) жарияланбады. Себебі: { $reason }
queue-proposals = 🗳 Тексеруді күтіп тұрған ұсыныстар: { $count }
moderation-next = 🗳 Ұсыныстарды тексеру
moderation-empty = Тексеретін ұсыныс жоқ.
moderation-card =
    🗳 <b>№{ $number } ұсыныс</b> · «{ $set }» тақырыбы · { $lang }
    <blockquote>{ $text }</blockquote>
    Жариялау керек пе? Тексеруді күтуде: { $waiting }.
moderation-approve = ✅ Жариялау
moderation-reject = ❌ Қабылдамау
moderation-reason-prompt = Бас тарту себебін бір хабарламамен жазыңыз ({ $max } таңбаға дейін) — тұрғын оны көреді. Ойыңыздан қайтсаңыз — /cancel.
moderation-approved = ✅ Жарияланды, авторға хабар барады. Тексеруді күтуде: { $waiting }.
moderation-rejected = Қабылданбады, авторға себебі жіберіледі. Тексеруді күтуде: { $waiting }.
moderation-already = Бұл ұсынысты басқа ерікті тексеріп қойған. Тексеруді күтуде: { $waiting }.
statements-published = ✅ Тұжырымдар жарияланды:
    { $sets }
statements-published-set = • { $id }: жаңасы { $added }, алынғаны { $withdrawn }
statements-file-problems =
    ⚠️ Файл жарияланбады, ештеңе өзгерген жоқ. Түзетіп, қайта жіберіңіз:
    { $problems }

## Organisers
organiser-usage = Ауданды көрсетіңіз: /addorganiser АУДАН, мысалы /addorganiser burlin. Аудандар: { $districts }
organiser-invite-created = Ұйымдастырушыға бір реттік сілтеме ({ $district }), 48 сағат жарамды:
    { $link }
organiser-invite-granted = ✅ Сіз — ауданыңыздағы іс-шаралардың ұйымдастырушысысыз. Іс-шарадан кейін қанша адам келгенін белгілеңіз: /events → «📝 Іс-шаралар қорытындысы».
organiser-events-button = 📝 Іс-шаралар қорытындысы
organiser-offer = Сіз ұйымдастырушысыз ({ $district }): өткен іс-шараларға қанша адам келгенін белгілеңіз.
organisers-none = Әзірге ұйымдастырушы жоқ. Шақыру — /addorganiser АУДАН.
organisers-list = { $count } ұйымдастырушы. Рөлді алу үшін басыңыз:
organisers-removed = Ұйымдастырушы рөлі алынды ({ $id }).
organiser-no-events = Соңғы { $days } күнде ауданыңызда өткен іс-шара болған жоқ.
organiser-events = 📝 <b>Өткен іс-шаралар: { $district }</b>
    Қанша адам келгенін жазу үшін басыңыз (✅ — жазылған, түзетуге болады).
organiser-attendance-prompt = Қанша адам келді? Санды жазыңыз (мысалы, 35). Ойыңыздан қайтсаңыз — /cancel.
organiser-note-prompt = Қысқаша: қалай өтті, адамдарды не толғандырды? { $max } таңбаға дейін. Жазбасыз болса — «-» жіберіңіз.
organiser-recorded = ✅ Жазылды: { $count } адам. Рақмет! Бұл коалиция есебіне енеді.

## Questions: theme and district
card-theme = 🏷 { $theme } · 📍 { $district }
card-theme-none = тақырып анықталмаған
card-theme-button = 🏷 Тақырыпты өзгерту
card-theme-choose = №{ $number } сұрақтың тақырыбын таңдаңыз:
card-theme-set = 🏷 №{ $number } сұрақтың тақырыбы: { $theme }
ask-district-once = 📍 Қай аудансыз? Кез келген уақытта /settings арқылы өзгертуге болады.
ask-district-offer = 📍 Міндетті емес: ауданыңызды көрсетіңіз — осылайша коалиция әр ауданда не сұрайтынын көреді. Бір рет қана сұраймын; /settings арқылы өзгертуге болады.
ask-district-button = 📍 Ауданды көрсету

## Report and volunteers' work
report-usage = Есеп: /report week (7 күн), /report month (30 күн) немесе /report all (барлығы).
report-failed = Есепті жинау мүмкін болмады. Қайталап көріңіз; қайталанса — әзірлеушілерге хабарлаңыз.
report-caption = 📊 Коалицияның { $from } – { $to } аралығындағы есебі. Файл браузерде ашылады; мұрағатта — графиктер мен CSV кестелері.
report-label-none = көрсетілмеген
mystats = 📈 <b>Сіздің жұмысыңыз</b>
    Жауаптар: { $answered }
    Жауапқа дейінгі медиана уақыт: { $median }
    Тұрғындардың бағасы: 👍 { $helpful } · 👎 { $not_helpful }
duration = { $hours ->
    [0] { $minutes } мин
   *[other] { $hours } сағ { $minutes } мин
}
mydata-votes = 🗳 Тұжырымдарға жауаптарыңыз ({ $count }) — тек сіз көресіз:

## Drafts in discussion
cmd-drafts = Заң жобалары: оқу және пікір қалдыру
cmd-digest = Жоба талқылауының әзірлеушілерге арналған дайджесті
drafts-none = Қазір талқыланып жатқан заң жобалары жоқ. Конституция — /constitution.
drafts-title = 📜 <b>Заң жобалары</b> — қазір және бұрын талқыланғандары. Құжатты таңдаңыз: оны баптар бойынша оқып, әр бапқа пікір қалдыруға болады.
drafts-unknown = Мұндай құжат немесе бап жоқ — құжат жаңартылған болуы мүмкін. Тізім — /drafts.
draft-text-not-loaded = <i>Мәтін ботқа әлі жүктелмеген: оны дереккөз сілтемесі арқылы оқыңыз.</i>
draft-status-soon = 🕓 Талқылау { $date } ашылады.
draft-status-open = 🟢 Талқылау { $date } қоса алғанда жүріп жатыр — { $days } күн қалды.
draft-status-ended = ⏹ Талқылау { $date } аяқталды: пікірлер енді қабылданбайды.
draft-status-unverified = ❔ Жобаның қазір қай кезеңде екені тексерілмеген (тек 2026 жылғы 1 шілдеге дейінгісі белгілі) — дереккөзді және adilet.zan.kz сайтын қараңыз.
draft-status-closed = ⏹ Талқылау аяқталды.
draft-status-adopted = ✅ Қабылданды. Ресми мәтіні: { $link }
draft-source = Дереккөз: { $url }
draft-summary = Баптар: { $articles } · жарияланған пікірлер: { $comments }.
draft-read = 📖 Баптар бойынша оқу
draft-article-comments = { $number }-бап · 💬 { $count }
draft-article =
    📜 { $doc }
    <b>{ $number }-бап</b>

    { $text }
draft-article-footer = 💬 Бапқа пікірлер: { $count }.
draft-comments-button = 💬 Пікірлер ({ $count })
draft-comment-button = ✍️ Пікір қалдыру
draft-comments-title = 💬 <b>{ $number }-бапқа пікірлер</b> — { $doc } ({ $count })
draft-comment-older = (бұрынғы { $version }-редакцияға)
draft-comment-responded = 🏛 Әзірлеушілердің жауабы: { $response }
draft-agree-button = 👍 №{ $number }
draft-agree-already = Сіз №{ $number } пікірді қолдап қойғансыз.
comment-closed = Бұл құжатты талқылау аяқталды: пікірлер енді қабылданбайды.
comment-prompt = ✍️ «{ $doc }» құжатының { $number }-бабына пікіріңіз — бір хабарламамен, { $max } таңбаға дейін. Жарияланар алдында оны ерікті тексереді; пікірдің астында атыңыз емес, тек ауданыңыз көрсетіледі. Ойыңыздан айнысаңыз — /cancel.
comment-not-text = Пікірді бір хабарламамен мәтін түрінде жіберіңіз. Ойыңыздан айнысаңыз — /cancel.
comment-too-long = Пікірде { $len } таңба, ал { $max } таңбаға дейін болуы керек. Қысқартып, қайта жіберіңізші.
comment-received = ✅ №{ $number } пікір алынды. Ерікті тексергеннен кейін ол бап астында пайда болады — хабарлаймын.
comment-moderation-empty = Тексерілетін пікірлер жоқ.
comment-moderation-card =
    💬 <b>№{ $number } пікір</b> — «{ $doc }», { $article }-бап ({ $lang })

    «{ $text }»

    Тексеруді күтуде: { $waiting }. Пікірлерді, тіпті келіспейтіндерін де жариялаңыз; қорлауды, жарнаманы және жеке деректерді қабылдамаңыз.
comment-moderation-approved = ✅ Бап астында жарияланды, авторы біледі. Тексеруді күтуде: { $waiting }.
comment-moderation-rejected = Қабылданбады, авторы себебін алады. Тексеруді күтуде: { $waiting }.
comment-moderation-already = Бұл пікірді басқа ерікті тексеріп қойған. Тексеруді күтуде: { $waiting }.
comment-moderation-next = 💬 Жобаларға пікірлерді тексеру
queue-comments = 💬 Заң жобаларына тексерілетін пікірлер: { $count }
comment-approved = ✅ «{ $doc }» құжатының { $article }-бабына жазған №{ $number } пікіріңіз жарияланды. Оны басқа тұрғындар көріп, қолдай алады.
comment-rejected =
    «{ $doc }» құжатының { $article }-бабына жазған №{ $number } пікіріңіз жарияланбады.
    Себебі: { $reason }
comment-response = 🏛 Әзірлеушілер «{ $doc }» құжатының { $article }-бабына жазған №{ $number } пікіріңізге жауап берді: <b>{ $response }</b>{ $note }
comment-author = тұрғын — { $district }
comment-author-region = облыс тұрғыны
response-accepted = қабылданды
response-considered = ішінара ескерілді
response-rejected = қабылданбады
comment-status-pending = тексерілуде
comment-status-approved = жарияланды
comment-status-rejected = жарияланбады
comment-status-removed = жойылды
mydata-comments = 💬 Заң жобаларына пікірлеріңіз ({ $count }):
digest-usage = Құжатты көрсетіңіз: /digest ID. Құжаттар: { $ids }
digest-caption = 📑 «{ $doc }» талқылауының дайджесті: жарияланды { $approved }, тексерілуде { $pending }, қабылданбады { $rejected }, авторлар жойды { $removed }. Әзірлеушілерге — браузерде немесе Excel-де (CSV).
digest-respond-title = 🏛 Әзірлеушілердің жауаптары: пікірдің не болғанын басып, түсініктеме қосыңыз. Авторы біледі.
digest-article-short = { $number }-бап
digest-respond-button = №{ $number }: { $response }
respond-note-prompt = №{ $number } пікір: «{ $response }». Әзірлеушілердің түсініктемесін бір хабарламамен жазыңыз ({ $max } таңбаға дейін) немесе түсініктемесіз «-». Ойыңыздан айнысаңыз — /cancel.
respond-recorded = ✅ №{ $number } пікірге жауап жазылды, авторы біледі.
respond-gone = №{ $number } пікір жарияланғандар арасында жоқ: жауап жазылмады.
draft-closed-admin = ⏹ «{ $doc }» талқылауы аяқталды: жарияланған пікірлер { $approved }, тексерілуде { $pending }, қабылданбады { $rejected }. Әзірлеушілерге дайджест — /digest { $id }
digest-button = 📑 Дайджест (HTML және CSV)
digest-title = Талқылау дайджесті: { $doc }
digest-meta = Жасалған уақыты: { $at }. Қазіргі редакция: { $version }. Құжат: { $id }. Авторлар тек ауданымен көрсетілген.
digest-figures = Жарияланған пікірлер: { $approved }, тексерілуде: { $pending }, модераторлар қабылдамады: { $rejected }, авторлар жойды: { $removed }. Әзірлеушілер жауап бергені: { $responded }.
digest-empty = Жарияланған пікірлер әзірге жоқ.
digest-article = { $number }-бап — пікірлер: { $count }
digest-older-version = { $version }-редакцияға
digest-no-response = жауап әлі жоқ
digest-col-article = Бап
digest-col-number = №
digest-col-version = Редакция
digest-col-author = Авторы
digest-col-lang = Тілі
digest-col-text = Пікір
digest-col-agrees = Қолдағандар
digest-col-response = Әзірлеушілердің жауабы
digest-col-note = Түсініктеме
