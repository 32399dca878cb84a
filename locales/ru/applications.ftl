## Applications: programs, the form, the summary, "My applications"

menu-apply = 📝 Подать заявку
menu-my-applications = 📋 Мои заявки

apply-choose-program = В какую программу подаёте заявку? Выберите, чтобы узнать подробнее:
apply-none-open = Сейчас ни одна программа не принимает заявки. Сообщим здесь, когда откроется новая.
apply-continue-label = ▶️ { $program } (продолжить)
apply-need-consent = Для заявки нужны ИИН и номер телефона. Мы собираем их только с вашего согласия.
apply-give-consent = ✅ Дать согласие
apply-card-audience = <b>Для кого:</b> { $audience }
apply-card-max = <b>Максимальная сумма:</b> { $amount }
apply-card-closes = <b>Приём заявок:</b> до { $date }
apply-card-review = <b>Срок рассмотрения:</b> около { $days ->
    [one] { $days } дня
    [few] { $days } дней
   *[many] { $days } дней
}
apply-card-already = У вас уже есть заявка: { $number }.
apply-start = 📝 Подать заявку
apply-closed = Приём заявок закрыт
apply-all-programs = ‹ Все программы
apply-continue-button = ▶️ Продолжить
apply-open-button = 📄 Открыть заявку
apply-already = У вас уже есть заявка в эту программу: { $number }. Посмотрите её статус.
apply-eligibility = Сначала { $count ->
    [one] { $count } вопрос
    [few] { $count } вопроса
   *[many] { $count } вопросов
} ({ $index }/{ $count }):
    <b>{ $question }</b>
apply-not-eligible = К сожалению, эта программа вам не подходит.
    { $reason }
apply-skip = Пропустить ›
apply-keep = Оставить как есть ›
apply-later = Позже
apply-done = ✅ Готово
apply-optional = <i>Необязательно.</i>
apply-current = Сейчас: { $answer }
apply-files-count = Отправлено файлов: { $count } из { $max }
apply-phone-saved = ✅ Телефон: { $phone }
apply-share-phone = 📱 Отправить мой номер
apply-choose-district = { $region }: выберите район
apply-other-region = ‹ Другая область
apply-lost = Эта заявка больше не заполняется. Главное меню ниже.
apply-saved-for-later = Ответы сохранены. Продолжить можно в любой момент через «📝 Подать заявку».
apply-use-buttons = Воспользуйтесь кнопками под сообщением.
apply-summary-title = <b>Проверьте заявку: { $program }</b>
apply-summary-question = Всё верно? После подачи ответы изменить будет нельзя.
apply-submit = ✅ Подать
apply-edit = ✏️ Изменить ответ
apply-edit-which = Какой ответ изменить?
apply-incomplete = На некоторые вопросы нет ответа. Продолжим.
apply-not-draft = Заявка { $number } уже подана, изменить её нельзя.
apply-closed-label = 🔒 { $program } (приём закрыт)
apply-card-closed = <b>Приём заявок закрыт.</b> Дата следующего набора пока неизвестна.
apply-card-closed-until = <b>Приём заявок закрыт.</b> Следующий набор: { $date }
apply-watch = 🔔 Сообщить, когда откроется
apply-watch-saved = Хорошо! Напишем сюда, как только программа начнёт принимать заявки.
apply-watch-already-open = Программа уже принимает заявки: откройте её в списке программ.
apply-closed-at-submit = Приём заявок в программу «{ $program }» закончился { $date }. Подать заявку уже нельзя; ваши ответы сохранены.
apply-closed-now = Программа «{ $program }» сейчас не принимает заявки. Подать заявку нельзя; ваши ответы сохранены.
apply-files-replace = 🗑 Удалить эти файлы и отправить новые
apply-files-removed = Файлы удалены. Пришлите новые.
apply-consent-needed = Без вашего согласия мы не храним ИИН, телефон, электронную почту, файлы и голосовые сообщения, и заявку подать нельзя. Дайте согласие, чтобы продолжить. Отозвать его можно в любой момент в /privacy.
apply-iin-not-eligible = { $rule ->
    [age] По ИИН ваша дата рождения — { $born }.
   *[sex] По ИИН эта программа вам не подходит.
} { $reason }
    Если в ИИН опечатка, пришлите его снова.
apply-submitted = ✅ Заявка принята!
    Номер: <b>{ $number }</b> ({ $program })

    Что дальше: координатор рассмотрит заявку примерно за { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }. Решение придёт в этот чат. Статус — в разделе «📋 Мои заявки».

form-yes = Да
form-no = Нет

## What is wrong with an answer, and how to fix it

form-error-iin-not-digits = ИИН состоит только из цифр. Напишите 12 цифр, например: 850312300121
form-error-iin-length = В ИИН 12 цифр, а у вас { $count ->
    [one] { $count } цифра
    [few] { $count } цифры
   *[many] { $count } цифр
}. Сверьтесь с удостоверением и напишите снова.
form-error-iin-birth-date = Первые 6 цифр ИИН — дата рождения (ГГММДД). Эти цифры не похожи на дату, проверьте.
form-error-iin-century = Ошибка в 7-й цифре ИИН. Сверьтесь с удостоверением личности.
form-error-iin-checksum = В ИИН ошибка: не сходится последняя контрольная цифра. Наверное, одна цифра набрана неверно — проверьте и пришлите снова.
form-error-bin-not-digits = БИН состоит только из цифр. Напишите 12 цифр.
form-error-bin-length = В БИН 12 цифр, а у вас { $count ->
    [one] { $count } цифра
    [few] { $count } цифры
   *[many] { $count } цифр
}.
form-error-bin-month = 3–4-я цифры БИН — месяц регистрации (01–12). Проверьте.
form-error-bin-type = Не похоже на БИН организации (ошибка в 5-й цифре). Сверьтесь со справкой о регистрации.
form-error-bin-checksum = В БИН ошибка: не сходится последняя контрольная цифра. Проверьте и пришлите снова.
form-error-phone-invalid = Не понял номер. Напишите так: +7 701 234 56 78 или нажмите кнопку ниже.
form-error-phone-foreign = Нужен казахстанский номер (+7 7XX …). Номер другой страны не подойдёт.
form-error-phone-not-own = Это контакт другого человека. Отправьте свой номер кнопкой «📱 Отправить мой номер».
form-error-money-invalid = Напишите сумму в тенге цифрами, например: 1 500 000
form-error-money-words = Напишите сумму цифрами, а не словами, например: { $example }
form-error-money-fraction = Напишите сумму в целых тенге, без тиынов.
form-error-money-negative = Сумма не может быть отрицательной.
form-error-money-min = Минимальная сумма — { $min }.
form-error-money-max = Максимальная сумма — { $max }. Укажите сумму поменьше.
form-error-number-invalid = Напишите числом, например: 5
form-error-number-min = Не меньше { $min }.
form-error-number-max = Не больше { $max }.
form-error-email-invalid = Не похоже на адрес электронной почты. Например: aigul@mail.kz
form-error-date-invalid = Напишите дату так: 14.05.2026
form-error-date-too-early = Дата должна быть не раньше { $min }.
form-error-date-too-late = Дата должна быть не позже { $max }.
form-error-text-too-short = Слишком коротко: нужно хотя бы { $min ->
    [one] { $min } символ
    [few] { $min } символа
   *[many] { $min } символов
}, у вас { $count }. Напишите подробнее.
form-error-text-too-long = Слишком длинно: не больше { $max ->
    [one] { $max } символа
    [few] { $max } символов
   *[many] { $max } символов
}, у вас лишних { $over }. Сократите.
form-error-expects-text = Здесь нужен текст. Напишите ответ.
form-error-use-buttons = Выберите один из вариантов кнопками под сообщением.
form-error-voice-too-long = Голосовое сообщение должно быть не длиннее { $max ->
    [one] { $max } минуты
    [few] { $max } минут
   *[many] { $max } минут
}.
form-error-file-type = Такой тип файла не подходит. Посмотрите подсказку под вопросом.
form-error-expects-file = Здесь пришлите фото или файл, а в конце нажмите «✅ Готово».
form-error-file-too-big = Файл слишком большой ({ $size } МБ). Максимум — { $max } МБ.
form-error-too-many-files = Не больше { $max ->
    [one] { $max } файла
   *[other] { $max } файлов
}. Если всё, нажмите «✅ Готово».
form-error-too-few-files = Пришлите хотя бы { $min ->
    [one] { $min } файл
    [few] { $min } файла
   *[many] { $min } файлов
}.
form-error-choose-one = Выберите хотя бы один вариант.

## My applications

my-apps-title = <b>📋 Мои заявки</b>
    Выберите, чтобы посмотреть подробнее:
my-apps-empty = У вас пока нет заявок. Нажмите «📝 Подать заявку».
my-apps-line = { $number } · { $program } · { $status ->
    [draft] ✏️ черновик
    [submitted] 📨 подана
    [in_review] 🔎 на рассмотрении
    [info_requested] ❓ есть вопрос
    [approved] ✅ одобрена
    [rejected] ✖ отклонена
   *[withdrawn] ↩ отозвана
}
my-apps-card-title = <b>{ $number }</b> · { $program }
my-apps-status = Статус: { $status ->
    [draft] ✏️ черновик
    [submitted] 📨 подана, ждёт рассмотрения
    [in_review] 🔎 координатор рассматривает
    [info_requested] ❓ у координатора вопрос
    [approved] ✅ одобрена
    [rejected] ✖ отклонена
   *[withdrawn] ↩ отозвана
}
my-apps-submitted = Подана: { $date }
my-apps-reason = <b>Причина:</b> { $reason }
my-apps-question = <b>Вопрос координатора:</b> { $question }
my-apps-answer = ✍️ Ответить на вопрос
my-apps-withdraw = ↩ Отозвать заявку
my-apps-all = ‹ Все мои заявки
my-apps-withdraw-confirm = Отозвать заявку { $number }? Потом можно будет подать заново.
my-apps-withdraw-yes = Да, отозвать
my-apps-withdrawn = Заявка отозвана
my-apps-cannot-withdraw = После решения заявку отозвать нельзя.
my-apps-no-question = Сейчас по этой заявке вопросов нет.
my-apps-answer-ask = Напишите ответ. Если нужно, можно прислать документ или фото.
my-apps-answer-file = (прислан файл)
my-apps-answer-sent = Спасибо! Ответ отправлен координатору.

## Notices to the applicant (sent by the delivery engine)

application-open-button = 📄 Открыть заявку
application-continue-button = ▶️ Продолжить заполнение
application-notice-in-review = 🔎 Координатор начал рассматривать вашу заявку { $number } ({ $program }).
application-notice-info-requested = ❓ По заявке { $number } ({ $program }) у координатора вопрос.
    Координатор спрашивает: «{ $comment }»
    Чтобы ответить, откройте заявку. Ответить можно на казахском или русском.
application-notice-approved = ✅ Поздравляем! Ваша заявка { $number } ({ $program }) одобрена. О следующих шагах сообщим в ближайшее время.
application-notice-rejected = Заявка { $number } ({ $program }) в этот раз не одобрена.
    Причина: { $comment }
    Вы можете подать заявку в другие программы.
application-notice-draft = Ваша заявка в программу «{ $program }» заполнена не до конца. Ответы сохранены — продолжим?
application-notice-draft-closing = Ваша заявка в программу «{ $program }» заполнена не до конца. { $days ->
    [0] Сегодня последний день приёма заявок.
    [one] Приём заявок закрывается через { $days } день, { $date }.
    [few] Приём заявок закрывается через { $days } дня, { $date }.
   *[many] Приём заявок закрывается через { $days } дней, { $date }.
} Ответы сохранены — продолжим?
application-program-button = 📝 Открыть программу
application-notice-program-opened = 🔔 Программа «{ $program }» открыла приём заявок. Вы просили сообщить.
application-notice-program-opened-until = 🔔 Программа «{ $program }» открыла приём заявок, он продлится до { $date }. Вы просили сообщить.
review-open-button = 🔎 Открыть заявку
review-notice-answered = ✍️ Заявитель ответил на ваш вопрос по заявке { $number }.

## A person's name (the form's full name, a borrower's name): bot.validators.parse_person_name

form-error-name-invalid = Имя пишите буквами: казахскими, русскими или латинскими, можно пробел, дефис (-) и апостроф ('). Например: Нурланкызы Алия, Ким-Оспанова Гульнар. Уберите цифры, скобки и другие знаки.
form-error-name-mixed-scripts = В одном слове перемешаны латинские и кириллические буквы. Проверьте раскладку клавиатуры и напишите ещё раз.
