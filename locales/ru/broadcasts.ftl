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
} версии: { $count } чел. получат версию на другом языке.
broadcast-paid-on = ⭐ Платная быстрая рассылка включена: до { $rate } сообщений в секунду, 0,1 Telegram Stars за каждое.
broadcast-confirm-when = Когда отправить?
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

broadcast-ask-time = Напишите время отправки (по времени Казахстана), например: <code>25.11.2026 10:00</code>, а на сегодня просто <code>18:30</code>.
broadcast-tomorrow = Завтра в 10:00
broadcast-when-invalid = Не понял время. Напишите дату и время так: 25.11.2026 10:00
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

broadcast-progress-title = 📣 <b>Рассылка #{ $id }</b> — { $status ->
    [scheduled] запланирована
    [sending] идёт отправка
    [cancelled] остановлена
   *[done] завершена
}
broadcast-progress-counts = ✅ Доставлено: { $sent } · ⚠️ Ошибки: { $failed } · 🚫 Заблокировали бота: { $blocked }
broadcast-progress-cancelled = ✖ Не отправлено: { $count }
broadcast-progress-remaining = ⏳ Осталось: { $count } · примерно { $minutes } мин
broadcast-progress-quiet = 🌙 Ночные часы тишины: отправка продолжится в { $until }.
broadcast-progress-took = ⏱ Заняло: { $minutes } мин
broadcast-not-started = 📣 Рассылка #{ $id } не отправлена: у вас больше нет права писать этой аудитории (изменилась роль или поток). Список: /broadcasts
broadcast-finished = 📣 Рассылка #{ $id } завершена. Доставлено: { $sent } из { $total }.
