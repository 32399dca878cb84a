## Funded projects and their reports: recipients fill reports, coordinators accept or return them

menu-projects = 📁 Проекты

project-stale = Не найдено или уже неактуально.
project-missing = —
project-status = { $status ->
    [submitted] на проверке
    [returned] возвращён на доработку
    [accepted] принят
    [active] идёт
    [closed] закрыт
   *[due] ждёт отчёта
}

# A project and a report, as every screen shows them
project-head = <b>{ $title }</b>
    { $kind ->
        [loan] Заём
       *[grant] Грант
    }: { $amount } · { $program } · { $region }
    Профинансирован: { $date }
project-person = Получатель: { $name }
project-report-head = <b>Отчёт №{ $n }</b> · { $title }
    Срок сдачи: { $date } · { $status ->
        [submitted] на проверке
        [returned] возвращён на доработку
        [accepted] принят
       *[due] ждёт отчёта
    }
project-report-line = №{ $n } · { $date } · { $status ->
        [submitted] на проверке
        [returned] возвращён на доработку
        [accepted] принят
       *[due] ждёт отчёта
    }
project-line-people = 👥 Охвачено людей: { $value }
project-line-spent = 💰 Потрачено: { $spent } из { $plan } ({ $share }%)
project-line-spent-missing = 💰 Потрачено: — (план: { $plan })
project-line-jobs = 🧑‍🔧 Создано рабочих мест: { $value }
project-line-summary = 📝 Итоги: { $summary }
project-summary-voice = 🎤 голосовое сообщение
project-line-photos = 📷 Фото: { $count }
project-returned-comment = ↩️ <b>Комментарий координатора</b>: { $comment }

# The recipient
project-mine-title = <b>📊 Мои проекты</b>
project-mine-count = { $count ->
    [0] Профинансированных проектов пока нет.
    [one] { $count } проект.
    [few] { $count } проекта.
   *[many] { $count } проектов.
}
project-mine-item = { $owed ->
    [0] ✅
   *[other] 📝 { $owed }
} { $title }
project-admin-button = 🗂 Проекты в моей зоне
project-ask-people = Отчёт №{ $number } · вопрос { $n } из { $of }
    <b>Сколько людей охватил проект</b> за этот период? Напишите число, например: 120
project-ask-spent = Вопрос { $n } из { $of }
    <b>Сколько денег потрачено</b> по проекту с начала, в тенге? По плану — { $plan }. Например: 1 250 000
project-ask-jobs = Вопрос { $n } из { $of }
    <b>Сколько рабочих мест создано?</b> Напишите число (0, если ни одного).
project-ask-summary = Вопрос { $n } из { $of }
    <b>Коротко об итогах</b>: что сделано, что получилось, что мешало. Текстом или голосовым сообщением.
project-ask-photos = 📷 Пришлите фото с мест (по одному или несколько), если есть. Прислано: { $count }.
    Когда закончите — «Готово».
project-photos-done = ✅ Готово
project-photos-clear = 🗑 Убрать присланные фото
project-confirm-hint = Проверьте и отправьте отчёт координатору.
project-submit-button = 📤 Отправить отчёт
project-change-people = ✏️ Люди
project-change-spent = ✏️ Расходы
project-change-jobs = ✏️ Рабочие места
project-change-summary = ✏️ Итоги
project-add-photos = 📷 Добавить фото
project-leave-button = Позже (ответы сохранятся)
project-left = Ответы сохранены. Вернуться к отчёту можно командой /reports или кнопкой в напоминании.
project-submitted = ✅ Отчёт отправлен координатору.

# Notices
project-fill-button = 📝 Заполнить отчёт
project-open-button = 📂 Открыть отчёт
project-review-button = 📂 Проверить
project-notice-before = 🔔 Через 3 дня, { $date }, срок отчёта №{ $n } по проекту «{ $title }».
project-notice-due = 🔔 Сегодня, { $date }, срок отчёта №{ $n } по проекту «{ $title }».
project-notice-returned = ↩️ Отчёт №{ $n } по проекту «{ $title }» возвращён на доработку.
    Комментарий координатора: { $comment }
project-notice-accepted = ✅ Отчёт №{ $n } по проекту «{ $title }» принят. Спасибо!
project-notice-submitted = 📥 { $name } прислал(а) отчёт №{ $n } по проекту «{ $title }».

# The coordinator
project-hub = <b>📁 Проекты</b>
    Профинансировано в вашей зоне ответственности: { $projects }
    Отчётов на проверке: { $waiting }
    Просроченных отчётов: { $overdue }
project-list-button = 🗂 Все проекты ({ $count })
project-waiting-button = 📥 На проверке ({ $count })
project-overdue-button = ⏰ Просроченные ({ $count })
project-excel-button = 📊 Excel: просроченные и на проверке
project-grant-button = ➕ Записать грант
project-mine-button = 📊 Мои проекты
project-list-title = <b>Проекты</b>: { $count }
project-list-item = { $status ->
    [closed] ⚪
   *[active] 🟢
} { $title }
project-listed-item = { $name } · { $title } · №{ $n }
project-waiting-title = <b>Отчёты на проверке</b>: { $count }
project-overdue-title = <b>Просроченные отчёты</b>: { $count }
project-overdue-line = • { $name } — «{ $title }», №{ $n }, срок { $date } (просрочка { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
})
project-excel-caption = Отчётов в файле: { $count }
project-close-button = 🔒 Закрыть проект
project-close-confirm = Закрыть проект «{ $title }»? Напоминаний об отчётах больше не будет.
project-close-yes = Да, закрыть
project-closed = Проект закрыт
project-media-button = 📷 Фото и голосовые ({ $count })
project-accept-button = ✅ Принять
project-return-button = ↩️ Вернуть
project-to-card = 📂 Карточка проекта
project-accepted = Отчёт принят
project-ask-comment = Напишите, что нужно исправить (до { $max } { $max ->
        [one] знака
       *[other] знаков
    }). Получатель увидит комментарий на своём языке — пишите просто.
project-returned = ↩️ Отчёт возвращён, получатель увидит ваш комментарий.

# Recording a grant
project-grant-program = <b>Записать грант</b>: выберите программу.
project-grant-person = <b>{ $program }</b>: кому выдан грант? Одобренные заявители в вашей зоне ответственности: { $count }.
project-grant-title = Получатель: { $name }
    Напишите название проекта (до { $max } { $max ->
        [one] знака
       *[other] знаков
    }).
project-grant-amount = Сумма гранта в тенге? Например: 4 500 000
project-grant-date = Дата финансирования? Напишите её, например 14.05.2026, или нажмите «Сегодня».
project-grant-today = 📅 Сегодня
project-grant-summary = <b>Проверьте грант</b>
    Получатель: { $name }
    Программа: { $program }
    Проект: { $title }
    Сумма: { $amount }
    Профинансирован: { $date }
    Сроки отчётов будут назначены по правилам программы.
project-grant-ok = ✅ Записать
project-grant-cancel = Отмена
project-grant-done = Грант записан, сроки отчётов назначены

# Refusals
project-error-program = Программа больше не действует.
project-error-amount = Напишите сумму цифрами, больше нуля, например: 4 500 000
project-error-title = Название — от 3 до { $max } { $max ->
        [one] знака
       *[other] знаков
    }.
project-error-no-person = У займа нет получателя в боте.
project-error-scope = Это вне вашей зоны ответственности.
project-error-future = Дата финансирования не может быть в будущем.
project-error-comment = Комментарий — от 1 до { $max } { $max ->
        [one] знака
       *[other] знаков
    }.
project-error-gone = Отчёт не найден.
project-error-decided = По этому отчёту уже принято решение.
project-error-not-open = Этот отчёт уже отправлен или проект закрыт.
project-error-number = Нужно целое число, не меньше нуля.
project-error-summary = Итоги — от { $min } до { $max } { $max ->
        [one] знака
       *[other] знаков
    }.
project-error-photos = Фото — не больше { $max }.
project-error-incomplete = Сначала ответьте на все вопросы.
project-error-people = Напишите число людей цифрами, например: 120
project-error-spent = Напишите сумму в тенге цифрами, например: 1 250 000
project-error-jobs = Напишите число рабочих мест цифрами, например: 3
project-error-summary-kind = Итоги — текстом или голосовым сообщением.
project-error-photo-kind = Здесь нужны фото. Или нажмите «Готово».
project-error-date = Напишите дату как 14.05.2026, не позже сегодняшней.
project-error-text = Ответьте текстом, пожалуйста.

# The workbook
project-xlsx-sheet = Отчёты
project-xlsx-person = Получатель
project-xlsx-program = Программа
project-xlsx-region = Область
project-xlsx-title = Проект
project-xlsx-amount = Сумма
project-xlsx-n = Отчёт №
project-xlsx-due = Срок
project-xlsx-days-late = Дней просрочки
project-xlsx-status = Статус
project-xlsx-people = Охвачено людей
project-xlsx-spent = Потрачено
project-xlsx-jobs = Рабочих мест
