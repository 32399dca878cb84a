## Webinars: the list, the card, registration, the waiting list, reminders, feedback

menu-webinars = 📅 Вебинары
audience-webinar = Вебинар

webinar-list-title = 📅 <b>Ближайшие вебинары</b>
webinar-list-empty = Ближайших вебинаров пока нет. Загляните позже.
webinar-list-line = { $n }. <b>{ $title }</b>
    🗓 { $when } · { $seats }
webinar-seats-unlimited = мест достаточно
webinar-seats-full = мест нет, есть лист ожидания
webinar-seats-left = { $count ->
    [one] осталось { $count } место
    [few] осталось { $count } места
   *[many] осталось { $count } мест
}
webinar-list-mine = { $status ->
    [registered] ✅ вы зарегистрированы
   *[waiting] ⏳ вы в листе ожидания
}
webinar-mine-button = 📋 Мои вебинары
webinar-manage-button = 🛠 Управление вебинарами
webinar-back-to-list = ‹ К вебинарам

webinar-card-when = 🗓 { $when } (по времени Астаны) · { $minutes } мин
webinar-card-speaker = 🎤 Спикер: { $speaker }
webinar-card-language = 🌐 { $language ->
    [kk] На казахском языке
    [ru] На русском языке
   *[both] На казахском и русском языках
}
webinar-card-program = 🏷 Программа: { $program }
webinar-card-seats = 👥 { $seats }
webinar-card-cancelled = ✖ Вебинар отменён.
webinar-card-closed = Регистрация закрыта: вебинар уже начался.
webinar-card-registered = ✅ Вы зарегистрированы.
    🔗 Ссылка для входа: { $link }
webinar-card-recording = 🎬 Запись: { $link }
webinar-card-waiting = ⏳ Вы в листе ожидания: { $position }-й. Если место освободится, сразу пришлю ссылку.
webinar-card-rate = Как вам вебинар? Оцените от 1 до 5:
webinar-card-rated = Ваша оценка: { $rating }⭐. Спасибо!

webinar-register-button = ✅ Зарегистрироваться
webinar-waiting-button = ⏳ В лист ожидания
webinar-ics-button = 📅 Файл для календаря
webinar-ics-caption = 📅 Откройте файл, чтобы добавить вебинар в календарь.
webinar-unregister-button = ✖ Отменить регистрацию
webinar-leave-waiting-button = ✖ Выйти из листа ожидания
webinar-unregister-confirm = Отменить регистрацию на «{ $title }»? Ваше место получит следующий в очереди.
webinar-leave-waiting-confirm = Выйти из листа ожидания на «{ $title }»?
webinar-unregister-yes = Да, отменить
webinar-unregistered = Готово: регистрация отменена.

webinar-question = { $n }/{ $total } · «{ $title }»
    { $question ->
        [email] Напишите ваш e-mail:
        [org] Напишите название вашей организации. Если организации нет, пропустите вопрос:
       *[region] Выберите вашу область или город:
    }
webinar-answer-use-buttons = Выберите ответ кнопкой ниже.
webinar-answer-text = Нужен текст.
webinar-email-invalid = Не похоже на адрес электронной почты. Например: aigul@mail.kz
webinar-text-too-long = Слишком длинно: не больше { $max } { $max ->
    [one] символа
   *[other] символов
}.

webinar-registered-notice = 🔔 { $before ->
    [both] Напомню за день и за час до вебинара и в его начале.
    [day] Напомню за день до вебинара и в его начале.
    [hour] Напомню за час до вебинара и в его начале.
   *[none] Напомню, когда вебинар начнётся.
} Файл для календаря — ниже.
webinar-registered-toast = Вы зарегистрированы
webinar-waiting-notice = ⏳ Мест больше нет: вы в листе ожидания, { $position }-й. Если место освободится, сразу пришлю ссылку.

webinar-here-button = ✅ Я здесь
webinar-here-thanks = Отметили: вы на вебинаре. Хорошего эфира!
webinar-rate-1 = 1⭐
webinar-rate-2 = 2⭐
webinar-rate-3 = 3⭐
webinar-rate-4 = 4⭐
webinar-rate-5 = 5⭐
webinar-rated = Спасибо! Ваша оценка «{ $title }»: { $rating }⭐.
    Если хотите, напишите пару слов: что понравилось, чего не хватило.
webinar-no-comment-button = Без комментария
webinar-comment-thanks = Спасибо за отзыв!

webinar-mine-title = 📋 <b>Мои вебинары</b>
webinar-mine-empty = Вы пока ни на что не зарегистрированы.
webinar-mine-line = • { $title } — { $when } · { $status ->
    [registered] ✅ зарегистрированы
    [waiting] ⏳ лист ожидания
    [cancelled] ✖ отменён
    [attended] 🎓 вы были
    [live] ▶️ идёт сейчас
   *[past] прошёл
}

webinar-error-not-found = Такого вебинара нет.
webinar-error-already = Вы уже зарегистрированы на этот вебинар.
webinar-error-cancelled = Этот вебинар отменён.
webinar-error-started = Вебинар уже начался: регистрация и изменения закрыты.
webinar-error-not-started = Вебинар ещё не начался.
webinar-error-not-registered = Вы не зарегистрированы на этот вебинар.
webinar-error-not-attended = Оценить вебинар могут те, кто на нём был.
webinar-error-attendance-closed = Отметиться можно с начала вебинара и до двух часов после его окончания.
webinar-error-rating = Оценка — от 1 до 5.

## Reminders and notices (sent by the delivery engine)

webinar-reminder-24h = 📅 Напоминаем о вебинаре «{ $title }»
    🗓 { $when } (по времени Астаны)
    🔗 { $link }
webinar-reminder-1h = ⏰ Вебинар «{ $title }» скоро начнётся
    🗓 { $when }
    🔗 { $link }
webinar-reminder-start = ▶️ Вебинар «{ $title }» начинается!
    🗓 { $when }
    🔗 Заходите: { $link }
    Нажмите «✅ Я здесь», чтобы отметиться.
webinar-notice-promoted = 🎉 Освободилось место — вы зарегистрированы на «{ $title }»!
    🗓 { $when } (по времени Астаны)
    🔗 Ссылка для входа: { $link }
webinar-notice-moved = 🔄 Вебинар «{ $title }» перенесён.
    🗓 Новое время: { $when } (по времени Астаны)
    🔗 { $link }
    Напоминания придут по новому времени.
webinar-notice-moved-waiting = 🔄 Вебинар «{ $title }» перенесён на { $when } (по времени Астаны). Вы по-прежнему в листе ожидания.
webinar-notice-link = 🔗 Новая ссылка на вебинар «{ $title }» ({ $when }):
    { $link }
webinar-notice-cancelled = ✖ Вебинар «{ $title }» ({ $when }) отменён. Просим прощения. Другие вебинары: /webinars
webinar-notice-feedback = 🙏 Спасибо, что были на вебинаре «{ $title }»! Оцените его от 1 до 5:
webinar-notice-recording = 🎬 Вы пропустили вебинар «{ $title }»? Вот запись:
    { $link }

## Coordinators

webinar-manage-title = 🛠 <b>Вебинары</b>: ближайшие и за последний месяц.
webinar-manage-empty = Вебинаров пока нет.
webinar-new-button = ➕ Новый вебинар
webinar-back-to-manage = ‹ К управлению
webinar-no-program = Без программы
webinar-admin-program = 🏷 Программа: { $program }
webinar-admin-counts = 👥 Зарегистрировано: { $registered } из { $capacity } · в ожидании: { $waiting }
webinar-admin-attendance = ✅ Были: { $attended } · ⭐ { $average } (оценок: { $rated })
webinar-admin-questions = ❓ Вопросы при регистрации: { $questions }
webinar-admin-link = 🔗 Ссылка для входа: { $link }
webinar-admin-share = 📣 Ссылка на регистрацию: { $link }
webinar-questions-none = нет
webinar-question-name = { $question ->
    [email] e-mail
    [org] организация
   *[region] область
}
webinar-edit-button = ✏️ Изменить
webinar-people-button = 👥 Участники
webinar-excel-button = ⬇️ Excel
webinar-recording-button = 🎬 Ссылка на запись
webinar-cancel-button = ✖ Отменить вебинар
webinar-cancel-confirm = Отменить вебинар «{ $title }»? { $count ->
    [0] Зарегистрированных пока нет.
    [one] Мы сообщим { $count } человеку.
   *[other] Мы сообщим всем зарегистрированным и ожидающим ({ $count }).
}
webinar-cancel-yes = Да, отменить вебинар
webinar-cancelled-done = ✖ Вебинар отменён, участникам сообщим.
webinar-people-title = 👥 <b>{ $title }</b>
    Зарегистрировано: { $registered } · в ожидании: { $waiting }
webinar-people-empty = Пока никто не зарегистрировался.
webinar-people-waiting = ⏳ <b>Лист ожидания</b>
webinar-people-mark-hint = Нажмите на имя, чтобы отметить, был ли человек на вебинаре.
webinar-export-empty = Выгружать нечего: зарегистрированных нет.
webinar-export-wait = Готовлю файл…
webinar-export-caption = 📊 «{ $title }»: участников в файле — { $count }

webinar-edit-choose = Что изменить?
webinar-field-name = { $field ->
    [title_kk] Название (каз.)
    [title_ru] Название (рус.)
    [description_kk] Описание (каз.)
    [description_ru] Описание (рус.)
    [speaker] Спикер
    [starts_at] Дата и время
    [duration_min] Длительность
    [language] Язык
    [capacity] Места
    [join_url] Ссылка
    [program] Программа
    [questions] Вопросы
   *[recording_url] Запись
}
webinar-step = Новый вебинар · шаг { $step }/{ $steps }
webinar-ask-edit = ✏️ Изменение
webinar-ask = { $field ->
    [title_kk] Название вебинара на казахском:
    [title_ru] Название вебинара на русском:
    [description_kk] Коротко о вебинаре на казахском (можно пропустить):
    [description_ru] Коротко о вебинаре на русском (можно пропустить):
    [speaker] Кто ведёт вебинар? Напишите имя и фамилию: так их и покажем на обоих языках.
    [starts_at] Дата и время начала по времени Астаны, например: 25.11.2026 15:00
    [duration_min] Сколько длится? Выберите или напишите число минут (10–600):
    [language] На каком языке вебинар?
    [capacity] Сколько мест? Напишите число или выберите «Без ограничений».
    [join_url] Ссылка для входа (http:// или https://). Её увидят только зарегистрированные:
    [program] К какой программе относится вебинар?
    [questions] Что спросить при регистрации? Отметьте нужное и нажмите «Готово».
   *[recording_url] Ссылка на запись (http:// или https://). Её получат те, кто не смог прийти:
}
webinar-skip-button = Пропустить ›
webinar-minutes = { $minutes } мин
webinar-language-name = { $language ->
    [kk] Казахский
    [ru] Русский
   *[both] Оба
}
webinar-capacity-none = Без ограничений
webinar-done-button = Готово ›
webinar-summary-title = 📝 <b>Проверьте вебинар</b>
webinar-summary-capacity = 👥 Мест: { $capacity }
webinar-create-button = ✅ Создать вебинар
webinar-created = ✅ Вебинар создан.
webinar-saved = ✅ Сохранено.
webinar-wizard-cancelled = Вебинар не создан.
webinar-use-buttons = Выберите кнопкой ниже.
webinar-when-invalid = Не понял время. Напишите дату и время так: 25.11.2026 15:00
webinar-when-past = Это время уже прошло. Укажите время в будущем.
webinar-when-too-far = Нельзя назначать больше чем на год вперёд.
webinar-error-duration = Длительность — целое число минут от 10 до 600.
webinar-error-capacity = Напишите число мест цифрами, например 100.
webinar-error-capacity-positive = Мест должно быть больше нуля. Или выберите «Без ограничений».
webinar-error-link = Нужна ссылка, которая начинается с http:// или https://

webinar-xlsx-sheet = Участники
webinar-xlsx-status = Статус
webinar-xlsx-name = Имя в Telegram
webinar-xlsx-username = Username
webinar-xlsx-registered = Регистрация
webinar-xlsx-email = E-mail
webinar-xlsx-org = Организация
webinar-xlsx-region = Область
webinar-xlsx-attended = Был
webinar-xlsx-rating = Оценка
webinar-xlsx-comment = Комментарий
webinar-xlsx-yes = Да
webinar-xlsx-no = Нет
webinar-xlsx-status-value = { $status ->
    [registered] зарегистрирован
    [waiting] в ожидании
   *[cancelled] отменил
}
