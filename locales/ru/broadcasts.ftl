## Broadcasts: coordinators' and trainers' announcements

menu-broadcasts = 📣 Рассылки

broadcast-list-title = <b>📣 Рассылки</b>
broadcast-list-empty = Рассылок пока нет.
broadcast-list-line = #{ $id } · { $when } · { $status ->
    [scheduled] 🕒 запланирована
    [sending] 📤 идёт: { $sent }/{ $total }
    [cancelled] ✖ остановлена: { $sent }/{ $total }
   *[done] ✅ доставлено: { $sent }/{ $total }
}
broadcast-list-cancel = ✖ Остановить #{ $id }
broadcast-list-edit = ✏️ Изменить #{ $id }
broadcast-list-about = { $about } · { $audience }
broadcast-list-words = «{ $words }»
broadcast-list-file = { $type ->
    [photo] 🖼 фото
   *[document] 📎 документ
}
broadcast-new-button = ➕ Новая рассылка

broadcast-ask-content = { $step }/{ $steps } · Пришлите рассылку <b>на { $language ->
    [kk] казахском
   *[ru] русском
}</b>: текст либо фото или документ с подписью. Оформление Telegram (жирный, курсив, ссылки) сохранится.
broadcast-skip-language = { $language ->
    [kk] Без казахской версии ›
   *[ru] Без русской версии ›
}
broadcast-content-empty = Сообщение пустое. Напишите текст или пришлите фото или документ.
broadcast-text-too-long = Текст слишком длинный: Telegram пропускает не больше { $limit } символов, здесь { $over ->
    [one] лишний { $over } символ
    [few] лишних { $over } символа
   *[many] лишних { $over } символов
}. Сократите и пришлите снова.
broadcast-caption-too-long = Подпись слишком длинная: у фото и документа не больше { $limit } символов, здесь { $over ->
    [one] лишний { $over } символ
    [few] лишних { $over } символа
   *[many] лишних { $over } символов
}. Сократите подпись или пришлите текст отдельно.
broadcast-content-unsupported = В рассылку подходят только текст, фото или документ (не стикер, голосовое или видео).
broadcast-content-none = Нужна хотя бы одна версия.

broadcast-audience-title = { $step }/{ $steps } · <b>Кому отправить?</b>
broadcast-audience-everyone = Аудитория: все
broadcast-audience-filters = Аудитория: { $filters }
broadcast-audience-count = Получателей: { $total } (на казахском { $kk }, на русском { $ru })
broadcast-audience-all = Все
broadcast-filter-button = { $name }: { $value }
broadcast-next = Далее ›
broadcast-choose = { $name } — выберите:
broadcast-audience-refused = У вас нет права писать этой аудитории.
broadcast-audience-empty = В этой аудитории никого нет. Измените фильтры.

audience-lang = Язык
audience-role = Кто
audience-region = Регион
audience-cohort = Поток
audience-program = Программа
audience-app = Заявка
audience-app-status = { $status ->
    [sent] Все подавшие заявку
    [draft] Не дописали заявку
    [review] На рассмотрении
    [info] Запрошены уточнения
    [approved] Одобрены
    [idle] Одобрены, курс не начат
   *[rejected] Отклонены
}
audience-role-applicant = Подавшие заявку
audience-role-trainee = Слушатели курсов
audience-role-trainer = Бизнес-тренеры
audience-role-coordinator = Координаторы

broadcast-preview = { $step }/{ $steps } · Предпросмотр: так получат читающие на { $language ->
    [kk] казахском
   *[ru] русском
} ↓
broadcast-confirm-title = <b>Рассылка готова.</b>
broadcast-missing-version = ⚠️ Нет { $language ->
    [kk] казахской
   *[ru] русской
} версии: { $count } { $count ->
    [one] человек получит
    [few] человека получат
   *[many] человек получат
} версию на другом языке.
broadcast-paid-on = ⭐ Платная быстрая рассылка включена: до { $rate } сообщений в секунду, 0,1 Telegram Stars за каждое.
broadcast-confirm-when = Когда отправить?
broadcast-now-quiet-warning = 🌙 Сейчас часы тишины (с { $start } до { $end }): если нажать «Отправить сейчас», рассылка начнётся в { $until }.
broadcast-send-now = 📤 Отправить сейчас
broadcast-schedule = 🕒 Запланировать
broadcast-scheduled-for = Время отправки: { $when }
broadcast-quiet-warning = 🌙 С { $start } до { $end } сообщения не отправляются: рассылка начнётся утром в { $end }.
broadcast-change-time = 🕒 Изменить время
broadcast-paid-toggle = { $on ->
    [true] ⭐ Платная быстрая рассылка: вкл.
   *[false] ⭐ Платная быстрая рассылка: выкл.
}
broadcast-back-to-audience = ‹ Аудитория

broadcast-ask-time = Выберите время кнопкой или напишите его (по времени Казахстана), например: <code>25.11 10:00</code>, <code>завтра 10:00</code>, а на сегодня просто <code>18:30</code>.
broadcast-tomorrow = Завтра в 10:00
broadcast-at-button = { $day ->
    [today] Сегодня в
   *[tomorrow] Завтра в
} { $time }
broadcast-when-invalid = Не понял время. Напишите дату и время так: 25.11 10:00 (или завтра 10:00)
broadcast-when-past = Это время уже прошло. Укажите время в будущем.
broadcast-when-too-far = Нельзя планировать больше чем на год вперёд. Укажите дату ближе.

broadcast-no-cohorts = У вас пока нет потоков. Бизнес-тренер пишет только своим потокам: попросите координатора добавить вас в поток.
broadcast-use-buttons = Воспользуйтесь кнопками под сообщением.
broadcast-cancelled = Рассылка отменена.
broadcast-scheduled-ok = Запланировано
broadcast-scheduled = 🕒 Рассылка #{ $id } запланирована на { $when }. Список: /broadcasts
broadcast-cancel-button = ✖ Остановить
broadcast-started = Рассылка началась
broadcast-already-ended = Эта рассылка уже завершена.
broadcast-stopped = Рассылка #{ $id } остановлена
broadcast-edit-title = ✏️ <b>Рассылка #{ $id }</b>: изменение.
broadcast-edit-current = Сейчас: { $about }
broadcast-keep-version = { $language ->
    [kk] ✓ Оставить казахскую версию
   *[ru] ✓ Оставить русскую версию
}
broadcast-edit-cancelled = Изменения не сохранены: рассылка осталась прежней.
broadcast-edit-too-late = Рассылка уже началась или остановлена: изменить её нельзя.
broadcast-edited = ✏️ Рассылка #{ $id } изменена, отправка: { $when }. Список: /broadcasts

broadcast-progress-title = 📣 <b>Рассылка #{ $id }</b> — { $status ->
    [scheduled] запланирована
    [sending] идёт отправка
    [cancelled] остановлена
   *[done] завершена
}
broadcast-progress-counts = ✅ Доставлено: { $sent } · ⚠️ Ошибки: { $failed } · 🚫 Заблокировали бота: { $blocked }
broadcast-progress-cancelled = ✖ Не отправлено: { $count }
broadcast-progress-remaining = ⏳ Осталось: { $count } · примерно { $minutes } мин
broadcast-progress-held = ⏳ Осталось: { $count } · примерно { $minutes } мин, начиная с { $until }
broadcast-progress-reasons = Почему не дошло:
broadcast-progress-reason = · { $reason }: { $count }
broadcast-progress-quiet = 🌙 Ночные часы тишины: отправка продолжится в { $until }.
broadcast-progress-took = ⏱ Заняло: { $minutes } мин
broadcast-not-started = 📣 Рассылка #{ $id } не отправлена: у вас больше нет права писать этой аудитории (изменилась роль или поток). Список: /broadcasts
broadcast-finished = 📣 Рассылка #{ $id } завершена.
    ✅ Доставлено: { $sent } из { $total }
    🚫 Заблокировали бота: { $blocked }
    ⚠️ Не доставлено: { $failed }{ $reason ->
        [none] {""}
       *[other] {" "}— { broadcast-reason }
    }
broadcast-reason = { $reason ->
    [blocked] заблокировали бота
    [deactivated] аккаунт Telegram удалён
    [not-found] Telegram не нашёл чат
    [erased] удалили свои данные
    [network] Telegram не ответил (5 попыток)
    [refused] Telegram отклонил сообщение
   *[other] другая ошибка
}
broadcast-failed-button = 📥 Кому не дошло (Excel)
broadcast-failed-caption = 📥 Рассылка #{ $id }: кому не дошло и почему.
broadcast-xlsx-sheet = Не доставлено
broadcast-xlsx-id = Telegram ID
broadcast-xlsx-name = Имя
broadcast-xlsx-username = Username
broadcast-xlsx-language = Язык
broadcast-xlsx-reason = Причина
broadcast-xlsx-error = Ответ Telegram
broadcast-xlsx-attempts = Попыток
broadcast-xlsx-at = Время
