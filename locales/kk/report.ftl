# Коалиция есебі (/report, atazan report): диаграммалар, кестелер және HTML құжаты.
# Мәтіндер қарапайым, Telegram белгілеуінсіз: құжат оларды өзі экрандайды.

report-title = Конституцияны қоғамдық талқылау есебі — { $region }
report-period = Кезең: { $from } – { $to }
report-generated = Жасалған уақыты: { $at } ({ $local_time })
report-small-note = Есептен нақты адамды тануға болмас үшін 1-ден 4-ке дейінгі адам саны «<5» деп көрсетілген; жауап беру уақыты мен үлестер артында кемінде 5 адам болғанда ғана көрсетіледі.
report-no-data = Бұл кезеңде деректер жоқ
report-not-shown = жасырылған (5-тен аз)

## Негізгі көрсеткіштер
report-headline = Негізгі көрсеткіштер
report-fig-received = Түскен сұрақтар
report-fig-answered = Жауап берілген сұрақтар
report-fig-median = Жауап берудің медианалық уақыты
report-fig-p90 = Сұрақтардың 90 %-ына жауап берілген уақыт
report-fig-within48 = 48 сағат ішінде жауап берілді
report-fig-events = Өткізілген іс-шаралар
report-events-of = { $planned } ішінен { $held }
report-fig-attendance = Іс-шараларға қатысқандар
report-fig-subscribers = Кезең соңындағы жазылушылар
report-duration-hm = { $hours } сағ { $minutes } мин
report-duration-m = { $minutes } мин

## Диаграммалар мен кестелер
report-by-theme = Тақырыптар бойынша сұрақтар: түскені және жауап берілгені
report-by-district = Аудандар бойынша сұрақтар: түскені және жауап берілгені
report-answer-times = Сұрақтарға жауап беру уақыты
report-events = Аудандар бойынша іс-шаралар: жоспарланғаны және өткізілгені
report-top-statements = Ең көп дауыс жинаған тұжырымдар
report-consensus = Барлық пікір топтары келісетін тұжырымдар
report-subscribers = Апта бойынша жазылушылар

report-axis-questions = Сұрақтар саны
report-axis-events = Іс-шаралар саны
report-axis-share = Дауыстар үлесі, %
report-axis-subscribers = Жазылушылар
report-axis-week = Апта (дүйсенбіден бастап)

## Бағандар
report-col-theme = Тақырып
report-col-district = Аудан
report-col-received = Түсті
report-col-answered = Жауап берілді
report-col-indicator = Көрсеткіш
report-col-value = Мәні
report-col-planned = Жоспарланды
report-col-held = Өткізілді
report-col-cancelled = Болдырылмады
report-col-reported = Қатысу туралы дерек бар
report-col-attendance = Қатысушылар
report-col-set = Тұжырымдар жинағы
report-col-statement = Тұжырым
report-col-votes = Дауыстар
report-col-agree = Келіседі
report-col-disagree = Келіспейді
report-col-pass = Өткізіп жіберді
report-col-agree-share = Келіседі, %
report-col-disagree-share = Келіспейді, %
report-col-pass-share = Өткізіп жіберді, %
report-col-week = Апта (дүйсенбі)
report-col-subscribers = Жазылушылар
report-row-within48-count = 48 сағат ішіндегі жауаптар
