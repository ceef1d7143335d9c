# Отчёт коалиции (/report, atazan report): графики, таблицы и документ HTML.
# Тексты простые, без разметки Telegram: документ экранирует их сам.

report-title = Отчёт об общественном обсуждении Конституции — { $region }
report-period = Период: { $from } – { $to }
report-generated = Сформирован: { $at } ({ $local_time })
report-small-note = Чтобы по отчёту нельзя было узнать конкретного человека, число людей от 1 до 4 показано как «<5»; время ответа и доли показаны, только когда за ними стоят не меньше 5 человек.
report-no-data = Нет данных за период
report-not-shown = скрыто (меньше 5)

## Главные цифры
report-headline = Главное
report-fig-received = Вопросов получено
report-fig-answered = Вопросов с ответом
report-fig-median = Медианное время ответа
report-fig-p90 = 90 % вопросов получили ответ за
report-fig-within48 = Ответ в течение 48 часов
report-fig-events = Мероприятий проведено
report-events-of = { $held } из { $planned }
report-fig-attendance = Участников мероприятий
report-fig-subscribers = Подписчиков на конец периода
report-duration-hm = { $hours } ч { $minutes } мин
report-duration-m = { $minutes } мин

## Графики и таблицы
report-by-theme = Вопросы по темам: получено и с ответом
report-by-district = Вопросы по районам: получено и с ответом
report-answer-times = Время ответа на вопросы
report-events = Мероприятия по районам: запланировано и проведено
report-top-statements = Утверждения, набравшие больше всего голосов
report-consensus = Утверждения, с которыми согласны все группы мнений
report-subscribers = Подписчики по неделям

report-axis-questions = Число вопросов
report-axis-events = Число мероприятий
report-axis-share = Доля голосов, %
report-axis-subscribers = Подписчиков
report-axis-week = Неделя (с понедельника)

## Столбцы
report-col-theme = Тема
report-col-district = Район
report-col-received = Получено
report-col-answered = С ответом
report-col-indicator = Показатель
report-col-value = Значение
report-col-planned = Запланировано
report-col-held = Проведено
report-col-cancelled = Отменено
report-col-reported = С данными о посещаемости
report-col-attendance = Участников
report-col-set = Набор утверждений
report-col-statement = Утверждение
report-col-votes = Голосов
report-col-agree = Согласны
report-col-disagree = Не согласны
report-col-pass = Пропустили
report-col-agree-share = Согласны, %
report-col-disagree-share = Не согласны, %
report-col-pass-share = Пропустили, %
report-col-week = Неделя (понедельник)
report-col-subscribers = Подписчиков
report-row-within48-count = Ответов в течение 48 часов
