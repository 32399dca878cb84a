## Loans and repayments: borrowers

menu-loan = 💰 Мой заём
menu-loans-admin = 💼 Займы

loan-none =
    <b>💰 Мой заём</b>
    К вашему аккаунту пока не привязан ни один заём.
    Координатор программы даст вам код приглашения или ссылку. Нажмите кнопку ниже и отправьте код — или напишите /loan КОД.
loan-enter-code-button = 🔑 Ввести код
loan-ask-code = Отправьте код приглашения от координатора, например: <code>AB2CD3EF</code>
loan-invite-unknown = Такой код не найден. Проверьте его или спросите координатора.
loan-invite-used = Этот код уже использован. Код действует один раз: если заём ваш, попросите координатора выдать новый.
loan-invite-mine = Заём № { $contract } уже привязан к вам. Открыть: /loan
loan-linked = ✅ Заём № { $contract } привязан к вашему аккаунту. Напоминания о платежах будут приходить сюда.
loan-list-title = У вас { $count } { $count ->
    [one] заём
    [few] займа
   *[many] займов
}. Выберите:
loan-list-item = № { $contract } · { $program }
loan-all-button = ‹ Все мои займы

loan-card-title = 💰 <b>Заём № { $contract }</b> · { $program }
loan-card-next = 📅 Следующий платёж: <b>{ $amount }</b>, срок: { $due }
loan-card-repaid = 🎉 Заём погашен полностью.
loan-card-outstanding = Осталось выплатить: { $left } из { $total }
loan-card-paid =
    Выплачено: { $paid }
    { $bar }
loan-card-overdue = ⚠️ Просрочено: <b>{ $amount }</b>, { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}
loan-card-reported = ⏳ На проверке у координатора: { $count } { $count ->
    [one] платёж
    [few] платежа
   *[many] платежей
} на { $amount }
loan-card-coordinator = Координатор: { $name }
loan-paid-button = 💸 Я оплатил(а)
loan-schedule-button = 📅 График
loan-payments-button = 🧾 Платежи
loan-back-to-card = ‹ К займу
loan-open-button = 💰 Открыть заём

loan-schedule-title = <b>📅 График платежей · № { $contract }</b> ({ $count } { $count ->
    [one] платёж
    [few] платежа
   *[many] платежей
})
loan-schedule-line = { $mark ->
    [paid] ✅
    [late] ⚠️
    [late-part] ⚠️
    [part] ◐
   *[due] ▫️
} { $n }. { $due } — { $amount }{ $mark ->
    [part] , внесено { $paid }
    [late-part] , внесено { $paid }
   *[other] {""}
}
loan-schedule-total = Всего к возврату: { $total }

loan-payments-title = <b>🧾 Платежи · № { $contract }</b>
loan-payments-empty = Платежей пока нет.
loan-payment-line = { $status ->
    [confirmed] ✅
    [reported] ⏳
    [rejected] ❌
   *[reversed] ↩️
} { $date } — { $amount }{ $status ->
    [reported] {" "}(на проверке)
    [rejected] : не подтверждён. { $reason }
    [reversed] : отменён. { $reason }
   *[confirmed] {""}
}
loan-payments-more = …и ещё { $count }

## "I paid"

loan-pay-ask-amount =
    <b>💸 Сколько вы заплатили?</b>
    Следующий платёж: { $next }, срок: { $due }.
    Сообщить можно не больше { $left }.
    Напишите сумму цифрами, например: 83 333
loan-pay-amount-button = { $amount }
loan-pay-ask-date =
    <b>📅 Когда вы заплатили { $amount }?</b>
    Нажмите кнопку или напишите дату, например: { $example }
loan-pay-today = Сегодня
loan-pay-yesterday = Вчера
loan-pay-ask-receipt =
    <b>🧾 Пришлите квитанцию</b>: фото или PDF.
    Платёж: { $amount }, { $date }.
loan-pay-sent = ✅ Отправлено координатору: { $amount }, оплачено { $date }. Когда платёж проверят, придёт сообщение.
loan-pay-cancelled = Отменено.
loan-pay-nothing-due = По этому займу платить больше нечего (или все платежи уже на проверке).

loan-error-expects-amount = Напишите сумму цифрами, например: 83 333
loan-error-money-invalid = Не получилось прочитать сумму. Напишите цифрами, например: 83 333
loan-error-money-words = Напишите сумму цифрами, без «млн» и «тыс.»: например, { $example }
loan-error-money-fraction = Сумма пишется в целых тенге, без тиынов.
loan-error-negative = Сумма не может быть отрицательной.
loan-error-zero = Сумма должна быть больше нуля.
loan-error-amount-zero = Сумма должна быть больше нуля.
loan-error-amount-over = Это больше, чем осталось выплатить: не больше { $outstanding }.
loan-error-date-invalid = Не получилось прочитать дату. Напишите так: { $example }
loan-error-date-future = Эта дата ещё не наступила. Укажите день, когда вы заплатили.
loan-error-date-before = Заём выдан { $disbursed }: платёж не может быть раньше.
loan-error-receipt = Нужна квитанция: фото или PDF-файл. Стикеры, голосовые и другие файлы не подойдут.
loan-error-receipt-size = Файл больше { $max } МБ. Пришлите фото квитанции.
loan-error-not-yours = Это не ваш заём.
loan-error-decided = Этот платёж уже проверен.
loan-error-not-confirmed = Отменить можно только подтверждённый платёж.

## What borrowers are told

loan-notice-confirmed = ✅ Платёж { $amount } от { $date } по займу № { $contract } подтверждён. Спасибо! Эти деньги помогут следующему предпринимателю.
loan-notice-corrected = ✅ Платёж от { $date } по займу № { $contract } подтверждён на сумму { $amount } (вы указали { $reported }). Вопросы — к координатору.
loan-notice-rejected =
    ❌ Платёж { $amount } от { $date } по займу № { $contract } не подтверждён.
    Причина: { $reason }
loan-notice-recorded = ✅ Координатор внёс ваш платёж { $amount } от { $date } по займу № { $contract }. Спасибо!
loan-notice-reversed =
    ↩️ Платёж { $amount } от { $date } по займу № { $contract } отменён координатором.
    Причина: { $reason }
loan-notice-repaid = 🎉 Заём № { $contract } погашен полностью: { $amount }. Спасибо! Возвращённые деньги получат следующие предприниматели.

loan-remind-before =
    🔔 До платежа по займу № { $contract } { $days ->
        [one] остался { $days } день
        [few] осталось { $days } дня
       *[many] осталось { $days } дней
    }.
    Сумма: <b>{ $amount }</b>, срок: { $due }.
    Когда заплатите, нажмите «💸 Я оплатил(а)».
loan-remind-due =
    🔔 Сегодня день платежа по займу № { $contract }.
    Сумма: <b>{ $amount }</b>, срок: { $due }.
    Когда заплатите, нажмите «💸 Я оплатил(а)».
loan-remind-overdue =
    ⚠️ Платёж по займу № { $contract } просрочен на { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }.
    Сумма: <b>{ $amount }</b>, срок был: { $due }.
    Каждый вовремя возвращённый платёж — чей-то следующий заём. Если уже заплатили, нажмите «💸 Я оплатил(а)»; если платить трудно, напишите координатору.
loan-nudge = 📨 Напоминание координатора: по займу № { $contract } просрочено { $amount } ({ $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}). Если уже заплатили, нажмите «💸 Я оплатил(а)».

## Coordinators: the portfolio

loan-admin-title = <b>💼 Займы</b> · { $scope }
loan-admin-loans = Займов: { $count } (погашено: { $repaid })
loan-admin-disbursed = Выдано: { $amount }
loan-admin-repaid = Возвращено: { $amount } · возвратность { $rate }
loan-admin-outstanding = Остаток долга: { $amount }
loan-admin-overdue = ⚠️ Просрочено: { $amount } у { $count } { $count ->
    [one] заёмщика
   *[other] заёмщиков
}
loan-admin-par = PAR 1 / 30 / 90: { $par1 } / { $par30 } / { $par90 }
loan-admin-buckets = <b>Остаток по дням просрочки:</b>
loan-admin-bucket = { $bucket ->
    [current] • в срок
   *[other] • { $bucket } дн.
}: { $count } — { $amount }
loan-admin-available = 🔄 Можно снова выдать: <b>{ $amount }</b>
loan-admin-empty = Займов пока нет. Создайте заём или загрузите файл.
loan-admin-all = Все
loan-admin-pending-button = 📥 На проверке ({ $count })
loan-admin-late-button = ⚠️ Просрочка ({ $count })
loan-admin-list-button = 📋 Все займы
loan-admin-new-button = ➕ Новый заём
loan-admin-chart-button = 📊 Диаграмма
loan-admin-excel-button = ⬇️ Excel
loan-admin-import-button = 📤 Импорт
loan-admin-rules-button = ⚙️ Напоминания
loan-admin-filter-program = Программа: { $program }
loan-admin-filter-region = Регион: { $region }
loan-admin-home-button = ‹ К портфелю
loan-admin-pick-program = Займы какой программы показать?
loan-admin-pick-region = Займы какого региона показать?
loan-admin-chart-wait = Рисую диаграмму…
loan-admin-export-wait = Готовлю файл…
loan-admin-export-caption = Займы, графики и платежи: { $count } { $count ->
    [one] заём
    [few] займа
   *[many] займов
}.
loan-admin-export-too-big = Файл получился больше { $max } МБ — такие Telegram не передаёт: выберите программу или регион.

loan-admin-list-title = <b>📋 Займы</b>: { $count }
loan-admin-list-item = { $status ->
    [repaid] ✅
   *[other] 💰
} { $contract } · { $name }
loan-admin-late-title = <b>⚠️ Просрочка</b>: { $count } { $count ->
    [one] заём
    [few] займа
   *[many] займов
}
loan-admin-late-empty = Просроченных платежей нет 🎉
loan-admin-late-line = { $number }. { $name } (№ { $contract }) — { $amount }, { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}{ $linked ->
    [no] {" "}· не привязан к Telegram
   *[yes] {""}
}
loan-admin-late-item = { $number }. { $name }
loan-admin-nudge-all-button = 📨 Напомнить всем ({ $count })
loan-admin-nudged = Напоминаний отправлено: { $sent }. Каждому заёмщику — не больше одного в день.
loan-admin-pending-title = <b>📥 Платежи на проверке</b>: { $count }
loan-admin-pending-empty = Все платежи проверены.
loan-admin-pending-item = { $contract } · { $name } · { $amount }

## Coordinators: a loan

loan-admin-card-title = 💼 <b>№ { $contract }</b> · { $program } · { $region }
loan-admin-card-borrower = Заёмщик: { $name }
loan-admin-card-linked = Telegram: { $account } ✅
loan-admin-card-invite = Не привязан к Telegram. Код приглашения: <code>{ $code }</code>
loan-admin-card-link = Ссылка для заёмщика: { $link }
loan-admin-card-terms = { $principal }, { $rate } годовых, { $term } мес., льгота { $grace } мес., { $frequency ->
    [quarterly] раз в квартал
   *[monthly] раз в месяц
}
loan-admin-card-dates = Выдан: { $disbursed }; платежи: { $first } – { $last }
loan-admin-card-money =
    Возвращено { $repaid }, осталось { $left }
    { $bar }
loan-admin-check-button = 📥 Проверить платёж ({ $count })
loan-admin-record-button = 💵 Внести платёж
loan-admin-nudge-button = 📨 Напомнить
loan-admin-invite-button = 🔗 Новый код
loan-admin-invite-confirm = Выдать новый код приглашения для займа № { $contract }? Старый код перестанет работать.{ $linked ->
    [yes] {" "}Заём будет отвязан от текущего аккаунта Telegram.
   *[no] {""}
}
loan-admin-invite-yes = 🔗 Да, новый код
loan-admin-invite-new = 🔗 Новый код приглашения готов.
loan-admin-created = ✅ Заём создан.
loan-admin-already-opened = Заём по этой заявке уже открыт.

loan-admin-payment-item = { $status ->
    [reported] ⏳
   *[confirmed] ✅
} { $date } · { $amount }
loan-admin-payment =
    <b>🧾 Платёж по займу № { $contract }</b>
    Заёмщик: { $name }
    Сумма: <b>{ $amount }</b>, оплачено { $date }
    Статус: { $status ->
        [reported] ⏳ на проверке
        [confirmed] ✅ подтверждён
        [rejected] ❌ не подтверждён
       *[reversed] ↩️ отменён
    }
    { $source ->
        [borrower] Сообщил заёмщик
       *[coordinator] Внёс координатор
    }: { $by }
loan-admin-payment-reported = Заёмщик указал: { $amount }
loan-admin-payment-reason = Причина: { $reason }
loan-admin-payment-balance = Остаток по займу: { $left } из { $total }
loan-admin-receipt-button = 📎 Квитанция
loan-admin-confirm-button = ✅ Подтвердить
loan-admin-fix-button = ✏️ Исправить сумму
loan-admin-reject-button = ❌ Отклонить
loan-admin-reverse-button = ↩️ Отменить платёж
loan-admin-to-payments = ‹ Платежи
loan-admin-confirmed = ✅ Платёж { $amount } подтверждён, заёмщику отправлено сообщение.
loan-admin-rejected = ❌ Платёж не подтверждён, заёмщику отправлена причина.
loan-admin-reversed = ↩️ Платёж { $amount } отменён, остаток пересчитан.
loan-admin-fix-ask = Заёмщик указал { $amount } ({ $date }). Напишите сумму, которая пришла на счёт, — платёж будет подтверждён на неё.
loan-admin-reject-ask = Почему платёж { $amount } от { $date } не подтверждается? Заёмщик увидит этот текст.
loan-admin-reverse-ask = Почему отменяется платёж { $amount } от { $date }? Причина сохранится в истории и будет отправлена заёмщику.
loan-admin-reason-invalid = Напишите причину текстом, до { $max } { $max ->
    [one] знака
   *[other] знаков
}.
loan-admin-no-receipt = К этому платежу нет квитанции.
loan-admin-receipt-caption = Квитанция · № { $contract } · { $amount }, { $date }
loan-admin-record-ask = 💵 Платёж по займу № { $contract } из выписки банка. Осталось выплатить { $left }. Напишите сумму:
loan-admin-record-date = Когда пришли { $amount }? Нажмите кнопку или напишите дату, например: { $example }
loan-admin-recorded = ✅ Платёж { $amount } от { $date } внесён.

loan-admin-notice-reported = 📥 { $name } сообщает об оплате по займу № { $contract }: { $amount }, { $date }. Проверьте квитанцию и подтвердите.
loan-admin-open-payment-button = 🧾 Открыть платёж
loan-admin-notice-approved = ✅ Заявка { $number } ({ $program }) одобрена: { $name }. Откройте заём — бот сам заполнит заёмщика и программу.
loan-admin-open-wizard-button = ➕ Открыть заём
loan-admin-open-button = 💼 Открыть заём
loan-admin-escalation = 🚨 { $name } (заём № { $contract }): платёж { $amount } просрочен на { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
} (срок был { $due }). Свяжитесь с заёмщиком.

## Coordinators: the new-loan wizard

loan-admin-new-step = <b>➕ Новый заём</b> · шаг { $step } из { $steps }
loan-admin-ask-program = Программа:
loan-admin-ask-region = Регион заёмщика:
loan-admin-ask-name = ФИО заёмщика (как в договоре):
loan-admin-ask-contract = Номер договора, например: ZH-2026-014
loan-admin-ask-principal = Сумма займа в тенге, например: 3 000 000
loan-admin-ask-disbursed = Дата выдачи, например: { $example }
loan-admin-ask-frequency = Как часто платить?
loan-admin-ask-term = Срок займа в месяцах (обычно 60 — пять лет):
loan-admin-ask-grace = Льготный период в месяцах (основной долг не погашается):
loan-admin-ask-first-due = Дата первого платежа, например: { $example }
loan-admin-ask-rate = Годовая ставка, %. «Жарқыра» выдаёт беспроцентные займы.
loan-admin-ask-source = Откуда деньги на этот заём?
loan-admin-applied-button = { $amount } — как в заявке
loan-admin-frequency = { $frequency ->
    [quarterly] Раз в квартал
   *[monthly] Раз в месяц
}
loan-admin-months = { $count } мес.
loan-admin-first-due-button = { $date }
loan-admin-rate-zero = 0 % — беспроцентный
loan-admin-source = { $fund ->
    [yes] 🔄 Возвращённые деньги (револьверный фонд)
   *[no] Бюджет программы
}
loan-admin-current = Сейчас: { $value }
loan-admin-keep = Оставить ›
loan-admin-use-buttons = Выберите вариант кнопкой.
loan-admin-expects-text = Напишите ответ текстом.
loan-admin-months-invalid = Напишите число месяцев цифрами, например: 60
loan-admin-rate-invalid = Напишите ставку числом от 0 до 50, например: 0 или 2,5
loan-admin-disbursed-future = Дата выдачи — не позже { $max }.
loan-admin-disbursed-past = Дата выдачи слишком давняя: больше десяти лет назад.
loan-admin-contract-taken = Договор № { $contract } уже есть в боте.
loan-admin-summary-title = <b>➕ Новый заём: проверьте</b>
loan-admin-summary =
    Программа: { $program } · { $region }
    Заёмщик: { $name }
    Договор № { $contract }
    Сумма: { $principal }, { $rate } годовых
    Срок: { $term } мес., льгота { $grace } мес., { $frequency ->
        [quarterly] раз в квартал
       *[monthly] раз в месяц
    }
    Выдан: { $disbursed }
    Источник: { $fund ->
        [yes] возвращённые деньги
       *[no] бюджет программы
    }
loan-admin-summary-linked = Заёмщик из заявки: заём сразу появится у него в боте.
loan-admin-summary-schedule = График: { $count } { $count ->
    [one] платёж
    [few] платежа
   *[many] платежей
}; первый { $first } — { $first_amount }, последний { $last } — { $last_amount }. Всего к возврату: { $total }.
loan-admin-create-button = ✅ Создать заём
loan-admin-cancelled = Создание займа отменено.
loan-admin-no-programs = В вашей зоне ответственности нет программ с займами.
loan-admin-from-application = Новый заём по заявке { $number }.
loan-money = { $amount }

loan-terms-frequency = Выберите периодичность: раз в месяц или раз в квартал.
loan-terms-principal = Сумма займа — от 1 ₸ до { $max } ₸.
loan-terms-rate = Ставка — от 0 до { $max } % годовых.
loan-terms-term = Срок — до { $max } { $max ->
    [one] месяца
   *[other] месяцев
}{ $period ->
    [3] , кратный трём (платежи раз в квартал)
   *[other] {""}
}.
loan-terms-grace = Льготный период — до { $max } { $max ->
    [one] месяца
   *[other] месяцев
}{ $period ->
    [3] , кратный трём
   *[other] {""}
}.
loan-terms-grace-term = Льготный период должен быть короче срока займа.
loan-terms-principal-small = Сумма слишком мала: на каждый платёж (их { $count }) нужно хотя бы 1 ₸.
loan-terms-due-day = День платежа не совпадает с датой первого платежа.
loan-terms-first-due-early = Первый платёж — не раньше { $earliest } (после выдачи и льготного периода).
loan-terms-first-due-late = Первый платёж — не позже { $latest }.

## Coordinators: import

loan-import-help =
    <b>📤 Импорт займов</b>
    Пришлите файл .xlsx или .csv (UTF-8 или Windows-1251, до 5 МБ). Первая строка — названия столбцов:
    • <b>договор</b>, <b>заёмщик</b>, <b>программа</b>, <b>сумма</b>, <b>дата выдачи</b> — обязательно;
    • срок (мес., по умолчанию 60), льготный период (мес.), периодичность (ежемесячно / ежеквартально), первый платёж, ставка (%), источник (бюджет / фонд), регион — по желанию;
    • <b>погашено на дату</b> — что заёмщик уже вернул (для займов, выданных до бота); в .xlsx можно добавить второй лист с платежами: договор, дата, сумма.
    Программы: { $programs }
    Сначала я проверю каждую строку и покажу, что будет загружено, а что нет и почему. Загружаются только строки без ошибок; строки с ошибками можно исправить и прислать отдельным файлом.
loan-import-expects-file = Пришлите файл .xlsx или .csv как документ (скрепка → «Файл»).
loan-import-checked =
    <b>Проверено строк: { $rows }</b> (файл: { $encoding })
    ✅ Можно загрузить: { $good }
    ❌ С ошибками: { $refused }
loan-import-ignored = Эти столбцы не распознаны и будут пропущены: { $columns }
loan-import-refused-title = <b>Не будут загружены ({ $count }):</b>
loan-import-refused-line = строка { $row } · { $contract }: { $reason }
loan-import-refused-more = …и ещё { $count }.
loan-import-confirm-button = ✅ Загрузить { $count }
loan-import-wait = Загружаю…
loan-import-done =
    <b>Импорт завершён.</b> Создано займов: { $created }. Не загружено строк: { $refused }.
    В файле ниже — коды приглашений и ссылки для заёмщиков.
loan-import-report-caption = Отчёт об импорте: создано { $created }, не загружено: { $refused }.

loan-import-contract = нет номера договора или в нём недопустимые знаки (можно: буквы, цифры, «-», «/»; до 40)
loan-import-name = ФИО заёмщика — от { $min } до { $max } { $max ->
    [one] знака
   *[other] знаков
}
loan-import-program = программа «{ $program }» не найдена среди программ займов вашей зоны ответственности
loan-import-region = регион «{ $region }» не найден
loan-import-negative = отрицательная сумма: { $value }
loan-import-amount = не сумма: «{ $value }»
loan-import-zero = сумма равна нулю
loan-import-date = { $column ->
    [first_due] дата первого платежа
   *[disbursed] дата выдачи
}: «{ $value }» — не дата
loan-import-disbursed-future = дата выдачи в будущем: { $value }
loan-import-disbursed-past = дата выдачи слишком давняя, больше десяти лет назад: { $value }
loan-import-months = срок и льготный период — целые числа месяцев
loan-import-frequency = непонятная периодичность «{ $value }»
loan-import-rate = непонятная ставка «{ $value }»
loan-import-source = непонятный источник денег «{ $value }»
loan-import-duplicate = такой номер договора уже есть
loan-import-scope = программа и регион вне вашей зоны ответственности
loan-import-repaid = «погашено на дату» — не сумма: «{ $value }»
loan-import-payment = лист платежей, строка { $row }: нужны дата и сумма больше нуля
loan-import-payment-date = лист платежей, строка { $row }: дата { $value } раньше выдачи или в будущем
loan-import-repaid-mismatch = «погашено на дату» ({ $column }) не равно сумме платежей на втором листе ({ $payments })
loan-import-repaid-over = погашено больше, чем весь заём ({ $total })

loan-import-file-size = Файл больше { $max } МБ. Разбейте его на части.
loan-import-file-type = Нужен файл .xlsx (Excel) или .csv.
loan-import-file-encoding = Не получилось прочитать текст файла. Сохраните CSV в кодировке UTF-8 или Windows-1251 (в Excel: «Сохранить как» → «CSV UTF-8»).
loan-import-file-unreadable = Файл повреждён или это не таблица Excel. Откройте его в Excel и сохраните заново как .xlsx.
loan-import-file-empty = В файле нет строк.
loan-import-file-columns = В первой строке не найдены столбцы: { $missing }. Обязательны: договор, заёмщик, программа, сумма, дата выдачи. Если названия на месте, проверьте кодировку файла (UTF-8 или Windows-1251).
loan-import-file-rows = В файле больше { $max } { $max ->
    [one] строки
   *[other] строк
}. Разбейте его на части.

## Coordinators: reminder days

loan-rules-title = <b>⚙️ Напоминания о платежах</b>
loan-rules-line = <b>{ $program }</b>: за { $before } дн. до срока, в день платежа и через { $after } дн. после срока{ $escalate ->
    [0] {""}
   *[other] ; на { $escalate }-й день просрочки — ещё и координатору
}
loan-rules-edit-button = ✏️ { $program }
loan-rules-ask =
    Напоминания для «{ $program }». Сейчас: <code>{ $current }</code>
    Напишите дни до срока и после срока через «/», например: <code>7 3 1 / 1 7 14 30</code>. В последний день просрочки сообщение получит и координатор.
loan-rules-invalid = Не получилось прочитать. Пример: <code>7 3 1 / 1 7 14 30</code> (от 1 до 180 дней, не больше 8 чисел с каждой стороны).
loan-rules-saved = ✅ Сохранено. Новые дни действуют со следующего дня.

## Words shared by screens, files and the chart

loan-status = { $status ->
    [repaid] Погашен
   *[active] Действует
}
loan-payment-status = { $status ->
    [reported] На проверке
    [confirmed] Подтверждён
    [rejected] Не подтверждён
   *[reversed] Отменён
}
loan-source = { $source ->
    [borrower] Заёмщик
   *[coordinator] Координатор
}
loan-frequency = { $frequency ->
    [quarterly] Ежеквартально
   *[monthly] Ежемесячно
}
loan-fund = { $fund ->
    [yes] Возвращённые деньги
   *[no] Бюджет программы
}
loan-xlsx-yes-no = { $value ->
    [yes] Да
   *[no] Нет
}
loan-xlsx-sheet = { $sheet ->
    [loans] Займы
    [schedule] График
    [payments] Платежи
    [imported] Загружено
   *[refused] Не загружено
}
loan-xlsx-column = { $column ->
    [contract] № договора
    [borrower] Заёмщик
    [program] Программа
    [region] Регион
    [principal] Сумма займа
    [principal-part] Основной долг
    [rate] Ставка, %
    [term] Срок, мес.
    [grace] Льгота, мес.
    [frequency] Периодичность
    [disbursed] Дата выдачи
    [first-due] Первый платёж
    [total] К возврату
    [repaid] Погашено на дату
    [outstanding] Остаток
    [overdue] Просрочено
    [dpd] Дней просрочки
    [status] Статус
    [source-fund] Источник
    [linked] В Telegram
    [invite] Код приглашения
    [n] №
    [due] Срок платежа
    [interest] Проценты
    [amount] Сумма
    [paid] Оплачено
    [left] Осталось
    [paid-on] Дата оплаты
    [reported] Указал заёмщик
    [payment-status] Статус платежа
    [source] Кто внёс
    [reason] Причина
    [row] Строка
    [link] Ссылка
   *[other] { $column }
}

loan-audience-borrower = Заёмщики
loan-audience-overdue = Просрочка по займу
loan-audience-overdue-days = Просрочка от { $days } { $days ->
    [one] дня
   *[other] дней
}
loan-audience-overdue-program = От { $days } { $days ->
    [one] дня
   *[other] дней
} · { $program }

loan-chart-repayments = Возвраты по месяцам, ₸
loan-chart-buckets = Остаток долга по дням просрочки
loan-chart-months = янв фев мар апр май июн июл авг сен окт ноя дек
loan-chart-million = млн
loan-chart-thousand = тыс.
loan-chart-loans = {"{}"} шт.

## Notices checked when they are sent (a payment under review), the opening, the digest

loan-notice-opened =
    🎉 Заём № { $contract } открыт: { $principal }.
    График: { $count } { $count ->
        [one] платёж
        [few] платежа
       *[many] платежей
    }, первый — { $first }, срок: { $due }.
    Когда заплатите, нажмите «💸 Я оплатил(а)» в «💰 Мой заём» и приложите квитанцию — координатор подтвердит платёж.
loan-remind-review = 🕓 Ваш платёж { $reported } проверяет координатор. { $rest ->
    [0] После подтверждения этот платёж будет закрыт.
   *[other] После подтверждения по нему останется { $after }.
}
loan-remind-before-review =
    🔔 До платежа по займу № { $contract } { $days ->
        [one] остался { $days } день
        [few] осталось { $days } дня
       *[many] осталось { $days } дней
    }.
    Сумма: <b>{ $amount }</b>, срок: { $due }.
    { loan-remind-review }
loan-remind-due-review =
    🔔 Сегодня день платежа по займу № { $contract }.
    Сумма: <b>{ $amount }</b>, срок: { $due }.
    { loan-remind-review }
loan-remind-overdue-review =
    ⚠️ Платёж по займу № { $contract } просрочен на { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }.
    Сумма: <b>{ $amount }</b>, срок был: { $due }.
    { loan-remind-review }
loan-admin-escalation-review = 🚨 { $name } (заём № { $contract }): платёж { $amount } просрочен на { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
} (срок был { $due }). Заёмщик сообщил о платеже { $reported } — он ждёт вашего подтверждения.
loan-admin-digest = 🕓 Дольше рабочего дня ждут подтверждения { $count } { $count ->
    [one] платёж
    [few] платежа
   *[many] платежей
}, самый ранний — с { $oldest }. Заёмщики ждут ответа.
loan-admin-digest-button = 📥 Платежи на проверке

## Coordinators: the import preview (before anything is stored)

loan-import-preview-title = <b>Первое утро после загрузки, { $date }:</b>
loan-import-preview-line = { $contract } · { $name }: погашено { $repaid } из { $total }
loan-import-preview-overdue = ⚠️ просрочено { $amount }, { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}
loan-import-preview-current = ✅ без просрочки
loan-import-preview-notices = 🔔 { $count } { $count ->
    [one] напоминание
    [few] напоминания
   *[many] напоминаний
}{ $alert ->
    [yes] {" "}и сигнал координатору
   *[no] {""}
}
loan-import-preview-totals =
    Погашено по файлу: { $repaid }. С просрочкой: { $late } из { $count }.
    В первое утро: { $notices } { $notices ->
        [one] напоминание
        [few] напоминания
       *[many] напоминаний
    }, сигналов координатору: { $alerts }. Заёмщики получают напоминания после того, как войдут по приглашению.
loan-admin-export-caption-short = Займы и платежи: { $count } { $count ->
    [one] заём
    [few] займа
   *[many] займов
}. Графики платежей не вошли — с ними файл больше, чем передаёт Telegram; выберите программу или регион, чтобы получить и их.
