## Mentoring: coordinators assign mentors, mentors follow check-ins, mentees answer them

menu-mentoring = 🤝 Наставничество

# Refusals and hints
mentoring-gone = Не найдено или уже неактуально.
mentoring-checkin-closed = На эту сверку уже ответили, или она больше не актуальна.
mentoring-out-of-scope = Это вне вашей зоны ответственности.
mentoring-not-a-mentor = Этот человек не наставник в этой программе и области.
mentoring-same-mentor = Этот наставник уже ведёт этого человека.
mentoring-not-answered = Сначала дождитесь ответа на сверку.
mentoring-note-hint = Пришлите короткую заметку о том, как идут дела: текстом, голосовым сообщением или фото с подписью.
mentoring-note-long = Слишком длинно: не больше 1000 знаков. Сократите, пожалуйста.
mentoring-comment-invalid = Напишите комментарий текстом, не больше 1000 знаков.

# What a check-in looks like
mentoring-status = { $status ->
    [answered] ответ получен
    [missed] пропущена
   *[due] ждёт ответа
}
mentoring-rating-1 = 🟢 По плану
mentoring-rating-2 = 🟡 Нужно внимание
mentoring-rating-3 = 🔴 Есть риск
mentoring-rating-name = { $rating ->
    [1] 🟢 по плану
    [2] 🟡 нужно внимание
   *[3] 🔴 есть риск
}
mentoring-note-line = { $kind ->
    [voice] 🎤 голосовое сообщение { $note }
    [photo] 📷 фото: { $note }
   *[text] 💬 { $note }
}
mentoring-comment-line = 📝 Наставник: { $comment }
mentoring-period-active = { $mentor } — с { $since }
mentoring-period-ended = { $mentor } — с { $since } по { $until }
mentoring-history-mentors = <b>Наставники</b>
mentoring-history-checkins = <b>Сверки</b> ({ $count })
mentoring-history-more = …и ещё { $count }
mentoring-my-mentor = 🤝 Ваш наставник: { $name }
mentoring-open-button = 📂 Открыть

# The coordinator
mentoring-funded-title = <b>🤝 Наставничество</b>
    Получили финансирование: без наставника — { $without }, с наставником — { $taken }.
mentoring-funded-none = В вашей зоне ответственности пока нет профинансированных проектов.
mentoring-funded-without = ⚪ { $name }
mentoring-funded-with = 🤝 { $name } → { $mentor }
mentoring-my-mentees-button = 👥 Мои подопечные
mentoring-funded-button = 🤝 Профинансированные
mentoring-person-title = <b>{ $name }</b> · { $kind ->
    [grant] грант
   *[loan] заём
}
mentoring-person-project = Проект: { $title }
    { $program } · { $region }
    Сумма: { $amount }, с { $date }
mentoring-person-no-mentor = ⚪ Наставника пока нет.
mentoring-person-mentor = 🤝 Наставник: <b>{ $mentor }</b>, сверка раз в { $every } мес., следующая { $date }
mentoring-assign-button = ➕ Назначить наставника
mentoring-change-button = 🔄 Сменить наставника
mentoring-end-button = ⏹ Завершить наставничество
mentoring-pick-title = Наставник для { $name }: { $count ->
    [0] в этой программе и области пока нет ни одного наставника. Выдайте роль в «👥 Роли».
   *[other] выберите.
}
mentoring-assigned = Наставник назначен: { $mentor }
mentoring-end-confirm = Завершить наставничество { $mentor } для { $name }? История сверок сохранится.
mentoring-end-yes = ⏹ Да, завершить
mentoring-ended = Наставничество завершено.

# The mentor
mentoring-mentees-title = <b>👥 Мои подопечные</b>: { $count }
mentoring-mentees-none = Пока никого: координатор назначит вас наставником, и вы получите уведомление.
mentoring-mentees-no-checkin = сверок ещё не было, первая { $date }
mentoring-card-title = <b>{ $name }</b> · { $program }
    Наставничество с { $since }, сверка раз в { $every } мес.
    Следующая сверка: { $date }
mentoring-assess-button = ⭐ Оценить сверку №{ $n }
mentoring-media-button = { $kind ->
    [voice] 🎤
   *[photo] 📷
} №{ $n }
mentoring-assess-title = Сверка №{ $n } · { $name }. Как идут дела у подопечного?
mentoring-rated = Сверка №{ $n }: { $rating }. Можно добавить комментарий.
mentoring-saved = Сохранено
mentoring-comment-button = 💬 Добавить комментарий
mentoring-comment-ask = Напишите одним сообщением комментарий к сверке №{ $n }.
mentoring-comment-saved = ✅ Сохранён комментарий к сверке №{ $n }.

# The mentee
mentoring-answer-ask = <b>Сверка №{ $n }</b> с наставником ({ $mentor }).
    Как идут дела с вашим проектом? Напишите коротко, запишите голосовое сообщение или пришлите фото с подписью.
mentoring-later-button = Позже
mentoring-answer-later = Хорошо, ответите позже: кнопка в уведомлении работает, пока сверка открыта.
mentoring-answer-thanks = ✅ Спасибо! Ваш ответ получил наставник: { $mentor }.

# Notices
mentoring-notice-assigned-mentee = { $changed ->
    [yes] 🤝 У вас новый наставник
   *[no] 🤝 У вас есть наставник
} по программе «{ $program }»: <b>{ $mentor }</b>.
    Раз в { $every } мес. бот спросит, как идут дела, и передаст ответ наставнику.
mentoring-notice-assigned-mentor = 🤝 Вы наставник: <b>{ $name }</b>, программа «{ $program }».
    Сверка раз в { $every } мес., первая { $date }. Ответы подопечного придут сюда.
mentoring-notice-ended-mentor = Ваше наставничество для { $name } завершено. Спасибо за работу!
mentoring-notice-ended-mentee = Наставничество ({ $mentor }) завершено.
mentoring-notice-ask = 🔔 <b>Сверка №{ $n }</b> с наставником ({ $mentor }): как идут дела с проектом? Ответьте коротко — текстом, голосом или фото.
mentoring-answer-button = ✍️ Ответить
mentoring-notice-remind = 🔔 Напоминаем: сверка №{ $n } от { $date } ждёт вашего ответа. Наставник ({ $mentor }) ждёт пару строк о делах.
mentoring-notice-assess = 📝 { $name } ответил(а) на сверку №{ $n }:
    { $kind ->
        [voice] 🎤 голосовое сообщение { $note }
        [photo] 📷 фото: { $note }
       *[text] 💬 { $note }
    }
    Как идут дела у подопечного?
mentoring-notice-missed = ⚠️ Пропущена сверка №{ $n } от { $date }: { $name } не ответил(а) и после напоминания.
    Наставник: { $mentor } · { $program } · { $region }
