## Coordinators review applications: the queue, the card, decisions, scores, the Excel export

menu-review = 🗂 Заявки на рассмотрение

review-status = { $status ->
    [submitted] 📨 подана
    [in_review] 🔎 на рассмотрении
    [info_requested] ❓ ждёт ответа заявителя
    [approved] ✅ одобрена
    [rejected] ✖ отклонена
    [withdrawn] ↩ отозвана
   *[draft] ✏️ черновик
}
review-status-waiting = ⏳ Ждут решения
review-all = Все

## The queue

review-queue-title = <b>🗂 Заявки на рассмотрение</b>
review-queue-count = Заявок: { $count }
review-queue-empty = По этим фильтрам заявок нет. Измените фильтры кнопками ниже.
review-queue-item = { $number } · { $name } · { $status ->
    [submitted] 📨
    [in_review] 🔎
    [info_requested] ❓
    [approved] ✅
    [rejected] ✖
   *[withdrawn] ↩
}
review-filter-program = Программа: { $value }
review-filter-region = Регион: { $value }
review-filter-status = Статус: { $value }
review-choose-program = Заявки какой программы показать?
review-choose-region = Заявки из какого региона показать?
review-choose-status = Заявки с каким статусом показать?
review-excel = ⬇️ Excel

## The card

review-card-title = <b>{ $number }</b> · { $program }
review-card-status = Статус: { $status }
review-card-submitted = Подана: { $date }
review-card-applicant = <b>Заявитель:</b> { $name }
review-card-contact = <b>Связь:</b> { $contact }
review-card-answers = <b>Ответы</b>
review-card-scores = <b>Оценки</b> (оценщиков: { $count })
review-card-no-scores = Оценок пока нет.
review-card-score = { $criterion }: { $average }
review-card-overall = <b>Средняя оценка:</b> { $average }
review-card-history = <b>История заявки</b>
review-event = { $when } · { $who }: { $kind ->
    [submitted] 📨 заявка подана
    [taken] 🔎 взята на рассмотрение
    [question] ❓ вопрос: { $text }
    [answer] ✍️ ответ: { $text }
    [approved] ✅ одобрена
    [rejected] ✖ отклонена, причина: { $text }
    [withdrawn] ↩ отозвана заявителем
   *[note] 📝 заметка: { $text }
}
review-answer-field = Ответ на вопрос координатора

## Buttons of the card

review-take = 🔎 Взять на рассмотрение
review-ask = ❓ Задать вопрос
review-approve = ✅ Одобрить
review-reject = ✖ Отклонить
review-note = 📝 Заметка
review-score = ⭐ Оценить
review-files = 📎 Файлы ({ $count })
review-back-to-queue = ‹ К списку

## Actions

review-prompt-question = ❓ Напишите вопрос заявителю по заявке { $number }. Он получит его в чате, а его ответ появится в карточке заявки.
review-prompt-reason = ✖ Напишите причину отказа по заявке { $number }. Заявитель увидит её в уведомлении, поэтому пишите вежливо и понятно.
review-prompt-note = 📝 Напишите заметку к заявке { $number }. Её видят только координаторы, заявитель — нет.
review-expects-text = Здесь нужен текст одним сообщением. Напишите его или нажмите «‹ Назад».
review-text-too-long = Слишком длинно: не больше { $max ->
    [one] { $max } символа
    [few] { $max } символов
   *[many] { $max } символов
}, у вас лишних { $over }. Сократите и пришлите снова.
review-question-sent = ❓ Вопрос отправлен заявителю.
review-rejected = ✖ Заявка отклонена. Заявитель получит уведомление с причиной.
review-note-saved = 📝 Заметка сохранена.
review-approve-confirm = Одобрить заявку <b>{ $number }</b> ({ $program })?
    Заявитель сразу получит уведомление, отменить решение будет нельзя.
review-approve-yes = ✅ Да, одобрить
review-approved = ✅ Заявка одобрена, заявитель получит уведомление
review-taken = 🔎 Заявка взята на рассмотрение
review-not-possible = Сейчас этого сделать нельзя: статус заявки — { $status }.
review-choose-criterion = ⭐ Оценка заявки <b>{ $number }</b>. Выберите критерий (ваша оценка — после двоеточия):
review-criterion-button = { $criterion }: { $score }
review-choose-score = ⭐ <b>{ $criterion }</b>
    Поставьте оценку от 1 (слабо) до 5 (отлично).
review-scored = Оценка сохранена: { $score }
review-no-criteria = У этой программы нет критериев оценки.
review-files-none = У этой заявки нет файлов.
review-files-sent = Отправлено файлов: { $count }
review-file-caption = { $number } · { $field }

## The Excel export

review-export-empty = Выгружать нечего: по этим фильтрам заявок нет.
review-export-wait = Готовлю файл…
review-export-caption = 📊 Выгрузка заявок: { $count }
review-export-cut = Выгружены первые { $limit } из { $total }. Уточните фильтры, чтобы получить остальные.
review-xlsx-sheet = Заявки
review-xlsx-number = Номер заявки
review-xlsx-status = Статус
review-xlsx-submitted = Дата подачи
review-xlsx-applicant = Заявитель в Telegram
review-xlsx-region = Область
review-xlsx-district = Район
review-xlsx-decision = Решение
review-xlsx-decided = Дата решения
review-xlsx-reason = Причина решения
review-xlsx-score = Оценка: { $criterion }
review-xlsx-overall = Средняя оценка
review-xlsx-reviewers = Оценщиков
review-xlsx-status-value = { $status ->
    [submitted] подана
    [in_review] на рассмотрении
    [info_requested] ждёт ответа заявителя
    [approved] одобрена
    [rejected] отклонена
    [withdrawn] отозвана
   *[draft] черновик
}
