## Trainers' and coordinators' cohorts: the list, the new-cohort wizard, the card (dashboard),
## trainees, editing, the Excel export

menu-cohorts = 🎓 Потоки

## The list

cohort-list-title = <b>🎓 Потоки</b>
cohort-list-count = Потоков: { $count }
cohort-list-empty = За вами пока нет потоков. Когда координатор добавит вас бизнес-тренером потока, он появится здесь.
cohort-list-empty-coordinator = Потоков пока нет. Создайте первый кнопкой «➕ Новый поток».
cohort-list-line = { $number }. <b>{ $name }</b> · { $enrolled } { $enrolled ->
    [one] участник
    [few] участника
   *[many] участников
} · { $state ->
    [soon] начало { $start }
    [running] открыто уроков: { $released }/{ $total }
   *[finished] завершён
}
cohort-list-item = { $name } · { $seats }
cohort-new-button = ➕ Новый поток
cohort-back-to-list = ‹ Все потоки

## The new-cohort wizard

cohort-new-step = <b>➕ Новый поток</b> · { $step }/{ $steps }
cohort-ask-course = По какому курсу учится поток?
cohort-no-courses = В вашей зоне ответственности нет курсов, по которым можно открыть поток.
cohort-ask-name = Напишите название потока (3–120 символов). Например: «Бастау Бизнес — Райымбекский район — 3-й поток»
cohort-ask-region = В какой области учится поток?
cohort-ask-district = <b>{ $region }</b>: в каком районе учится поток?
cohort-whole-region = Вся область
cohort-ask-start = Когда открывается первый урок? Напишите дату так: { $example }. Подойдёт любой день начиная с сегодняшнего, но не дальше чем через год.
cohort-ask-schedule = Как открываются уроки?
cohort-schedule-daily = Каждый день
cohort-schedule-weekdays = Только по будням
cohort-ask-time = Во сколько открывается урок? Напишите время по Казахстану, например: 18:30. Или нажмите кнопку.
cohort-time-default = 🕘 09:00
cohort-ask-capacity = Сколько человек можно принять в поток? Напишите число, например: 25. Если ограничение не нужно, нажмите кнопку.
cohort-capacity-unlimited = Без ограничения
cohort-ask-trainer = Добавить бизнес-тренера? Напишите его Telegram ID или перешлите сюда любое его сообщение. Он должен был хотя бы раз запустить бота. Тренера можно добавить и позже.
cohort-skip-trainer = Позже ›
cohort-summary-title = <b>➕ Проверьте новый поток</b>
cohort-summary =
    <b>Курс:</b> { $course }
    <b>Название:</b> { $name }
    <b>Где:</b> { $place }
    <b>Первый урок:</b> { $start }
    <b>Расписание:</b> { $schedule }
    <b>Мест:</b> { $capacity }
    <b>Бизнес-тренер:</b> { $trainer }
cohort-create = ✅ Создать поток
cohort-created = ✅ Поток создан. Отправьте ссылку участникам: по ней они сразу попадут в поток.
cohort-cancelled = Новый поток не создан.
cohort-use-buttons = На этот вопрос ответьте кнопками ниже.
cohort-expects-text = Здесь нужен текст одним сообщением.

## How values read

cohort-schedule-value = { $weekdays ->
    [yes] по будням (пн–пт)
   *[no] каждый день
}, в { $time }
cohort-capacity-value = { $capacity ->
    [0] без ограничения
   *[other] { $capacity }
}
cohort-trainer-none = пока нет
cohort-trainer-no-role = ⚠️ У пользователя { $name } нет роли бизнес-тренера, поэтому он не увидит поток в боте. Выдайте роль через /roles.
cohort-time-quiet = ⚠️ { $time } — тихие часы: в это время бот не присылает сообщений. Участники получат урок в { $arrives }. Если нужно другое время, нажмите «‹ Назад».

## Bad input

cohort-error-name-short = Слишком короткое название: нужно хотя бы { $min } { $min ->
    [one] символ
    [few] символа
   *[many] символов
}.
cohort-error-name-long = Слишком длинное название: максимум { $max } { $max ->
    [one] символ
    [few] символа
   *[many] символов
}, у вас лишних { $over }.
cohort-error-date-invalid = Не понял дату. Напишите так: { $example }
cohort-error-date-past = Этот день уже прошёл. Напишите сегодняшнюю ({ $today }) или более позднюю дату.
cohort-error-date-far = Слишком далеко: не позже { $max }.
cohort-error-time = Не понял время. Напишите часы и минуты так: 18:30
cohort-error-capacity-invalid = Напишите число мест цифрами, например: 25
cohort-error-capacity-min = Мест должно быть не меньше 1. Если ограничение не нужно, нажмите «Без ограничения».
cohort-error-capacity-max = Слишком много: не больше { $max }.
cohort-error-capacity-below = Сейчас в потоке { $count } { $count ->
    [one] участник
    [few] участника
   *[many] участников
}: мест не может быть меньше.
cohort-error-person-invalid = Напишите Telegram ID человека (только цифры) или перешлите сюда его сообщение.
cohort-error-person-hidden = Этот человек скрыл своё имя в пересланных сообщениях. Попросите у него Telegram ID: его показывает @userinfobot.
cohort-error-person-unknown = Человек с ID { $id } ещё не запускал бота. Пусть сначала напишет боту /start.

## The card

cohort-card-title = <b>🎓 { $name }</b>
cohort-card-course = Курс: { $course }
cohort-card-place = Где: { $place }
cohort-card-schedule = Расписание: { $schedule }; { $start } – { $end }
cohort-card-days-off = Выходные дни: { $days }
cohort-card-trainers = Бизнес-тренер: { $names }
cohort-card-no-trainers = не назначен
cohort-card-code = Код для входа: <code>{ $code }</code>
cohort-card-link = Ссылка: { $link }
cohort-card-enrolled = 👥 Участники: { $count } / { $capacity }
cohort-card-enrolled-unlimited = 👥 Участники: { $count } (без ограничения)
cohort-card-active = Активны за 7 дней: { $count }
cohort-card-released = Открыто уроков: { $released }/{ $total }
cohort-card-not-started = Первый урок откроется { $start }.
cohort-card-lessons = <b>Прошли урок</b> (последние { $count }):
cohort-card-lesson = { $number }. { $title } — { $done }/{ $enrolled }
cohort-card-behind = <b>Отстают на { $lag } и больше уроков: { $count }</b>
cohort-card-behind-line = • { $name } — на { $lag } { $lag ->
    [one] урок
    [few] урока
   *[many] уроков
}
cohort-card-behind-more = …и ещё { $count }
cohort-card-nobody-behind = Никто не отстал на { $lag } { $lag ->
    [one] урок
    [few] урока
   *[many] уроков
} и больше 👍

cohort-nudge-button = 🔔 Напомнить ({ $count })
cohort-excel-button = ⬇️ Excel
cohort-write-button = 📣 Написать потоку
cohort-members-button = 👥 Участники ({ $count })
cohort-add-button = ➕ Добавить участника
cohort-edit-button = ✏️ Изменить
cohort-refresh-button = 🔄 Обновить
cohort-back-to-card = ‹ К потоку

## Nudge, export, writing to the cohort

cohort-nudged = { $sent ->
    [0] Им уже напоминали сегодня: каждому — не чаще раза в день.
   *[other] 🔔 Напоминание отправлено: { $sent } { $sent ->
        [one] участнику
       *[other] участникам
    }.
}
cohort-nobody-behind = Отстающих нет.
cohort-nudge-confirm = 🔔 Отправить напоминание { $count ->
    [one] { $count } участнику
   *[other] { $count } участникам
}? Кому сегодня ещё не напоминали: { $names }
cohort-nudge-yes = 🔔 Да, отправить
cohort-export-empty = В потоке пока нет участников.
cohort-export-wait = Готовлю файл…
cohort-export-caption = 📊 { $name }: { $count } { $count ->
    [one] участник
    [few] участника
   *[many] участников
}
cohort-xlsx-name = Участник
cohort-xlsx-joined = Дата входа
cohort-xlsx-done = Пройдено уроков
cohort-xlsx-last-activity = Последняя активность
cohort-write-refused = Вы не можете делать рассылку этому потоку.

## Trainees

cohort-members-title = <b>👥 { $name }</b>
    Участников: { $count }. Выберите участника.
cohort-members-empty = В потоке пока никого нет. Отправьте ссылку для входа или нажмите «➕ Добавить участника».
cohort-member-item = { $name } · { $done }/{ $released }
cohort-back-to-members = ‹ Участники
cohort-trainee =
    <b>👤 { $name }</b>
    Поток: { $cohort }
    Дата входа: { $joined }
    Пройдено: { $bar }
    Отстаёт на { $behind } { $behind ->
        [one] урок
        [few] урока
       *[many] уроков
    }
    Последняя активность: { $last }
cohort-trainee-never = пока нет
cohort-trainee-gone = Этого человека уже нет в потоке.
cohort-move-button = ↔ Перевести в другой поток
cohort-remove-button = ✖ Исключить из потока

cohort-move-title = В какой поток перевести <b>{ $name }</b>? Пройденные уроки сохранятся.
cohort-move-none = Других потоков этого курса, куда можно перевести, нет.
cohort-move-item = { $name } · { $seats }
cohort-moved = ↔ { $name } переведён(а) в поток «{ $cohort }». Пройденные уроки сохранились.

cohort-remove-confirm = Исключить <b>{ $name }</b> из потока «{ $cohort }»? Уроки больше приходить не будут. Пройденные уроки сохранятся: если человек вернётся, он продолжит с того же места.
cohort-remove-yes = ✖ Да, исключить
cohort-removed = ✖ { $name } исключён(а) из потока.

cohort-add-ask = ➕ Кого добавить в поток «{ $cohort }»? Напишите Telegram ID человека или перешлите сюда любое его сообщение. Он должен был хотя бы раз запустить бота.
cohort-added = ✅ { $name } в потоке (участники: { $seats }). Пришлите следующего или нажмите «‹ К потоку».
cohort-add-already = { $name } уже учится в этом потоке.
cohort-join-error = { $reason ->
    [full] В потоке нет свободных мест: занято { $capacity } из { $capacity }. Сначала увеличьте число мест (✏️ Изменить).
    [finished] Курс этого потока уже закончился: новых участников добавить нельзя.
   *[other-cohort] { $name } уже учится в другом потоке этого курса: «{ $other }». Переведите его оттуда через список участников того потока.
}

## Editing

cohort-edit-title = <b>✏️ { $name }</b>
    Что изменить? Новое расписание и время касаются только ещё не открытых уроков.
cohort-edit-name = Название
cohort-edit-start = Дата первого урока
cohort-edit-schedule = Расписание
cohort-edit-time = Время
cohort-edit-capacity = Число мест
cohort-edit-trainer = ➕ Бизнес-тренер
cohort-days-off-button = 📅 Выходные дни
cohort-edit-ask-days-off = Дни, когда урок не открывается (праздники в расписании по будням пропускаются сами). Сейчас: { $current }
    Напишите даты так: { $example }. Несколько дат — через запятую. Новый список заменит прежний.
cohort-days-off-clear = Убрать выходные дни
cohort-error-days-off = Не понял дату (с сегодняшнего дня, не дальше чем через год). Напишите так: { $example }
cohort-error-days-off-closes = Эти дни закрыли бы уже открытый урок: открытый урок остаётся открытым. Выберите другие дни.
cohort-edit-ask-name = Напишите новое название потока (3–120 символов).
cohort-edit-ask-schedule = Сейчас: { $schedule }. Как открывать уроки?
cohort-edit-start-late = Первый урок уже открыт: дату начала менять поздно.
cohort-edit-closes = Так нельзя: уже открыто уроков — { $released }, а по новому расписанию сейчас было бы открыто только { $after }. Выберите другое время или расписание.
cohort-saved = ✅ Сохранено.
cohort-trainer-added = ✅ { $name } добавлен(а) бизнес-тренером потока.
cohort-trainer-already = { $name } уже бизнес-тренер этого потока.

## Messages the people concerned get

cohort-notice-added = ✅ Вас добавили в поток «{ $cohort }» курса «{ $course }». Новые уроки будут приходить в { $time }, а уже открытые — в разделе «📚 Мои курсы».
cohort-notice-moved = ↔ Вас перевели в поток «{ $cohort }» курса «{ $course }». Пройденные уроки сохранились. Новые уроки будут приходить в { $time }.
cohort-notice-removed = Вас исключили из потока «{ $cohort }» курса «{ $course }». Если есть вопросы, напишите своему бизнес-тренеру или координатору.
cohort-notice-trainer = 🎓 Вы — бизнес-тренер потока «{ $cohort }». Открыть поток: /cohorts
