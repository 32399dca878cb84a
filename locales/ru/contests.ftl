## Конкурс на финансирование: бизнес-план участника, жюри, координатор

menu-contest = 🏆 Конкурс
contest-everywhere = Все регионы
contest-stale = Эта кнопка устарела. Откройте «🏆 Конкурс» ещё раз.
contest-press-a-button = Выберите действие кнопкой под сообщением.


## Раздел «Конкурс»

contest-hub-title = 🏆 <b>Конкурсы на финансирование</b>
contest-hub-none = Сейчас для вас нет открытого конкурса. Приглашение придёт сюда, когда он откроется.
contest-hub-item = { $name } — { $status ->
    [invited] не начат
    [draft] черновик
    [submitted] подан
    [won] победитель
    [lost] не прошёл
   *[other] отозван
}
contest-jury-button = ⚖️ Планы на оценку ({ $count })
contest-admin-button = 🗂 Конкурсы программ

## Бизнес-план

contest-leave-button = ⏸ Продолжить позже
contest-left = Черновик сохранён. Продолжить можно в любой момент: «🏆 Конкурс» → ваш конкурс.
contest-ask-idea =
    <b>Шаг { $n } из { $of }. Идея</b>
    Опишите ваш бизнес: что будете делать, для кого и где. Можно текстом или голосовым сообщением.
contest-ask-budget =
    <b>Шаг { $n } из { $of }. Бюджет</b>
    Присылайте статьи расходов по одной, так: «Теплица — 2 500 000». Когда список готов, нажмите «✅ Бюджет готов».
contest-ask-contribution =
    <b>Шаг { $n } из { $of }. Собственный вклад</b>
    Бюджет: { $total }. Сколько вы вкладываете сами, в тенге? Если ничего — напишите 0.
contest-ask-jobs =
    <b>Шаг { $n } из { $of }. Рабочие места</b>
    Сколько рабочих мест создаст проект? Напишите целое число, например 3.
contest-ask-files =
    <b>Шаг { $n } из { $of }. Документы</b>
    Приложите файлы, если есть: PDF или фото (смета, эскиз, письма поддержки). Это необязательно.
contest-budget-line = { $n }. { $name } — { $amount }
contest-budget-total = <b>Итого: { $total }</b>
contest-budget-done = ✅ Бюджет готов
contest-budget-undo = ↩️ Убрать последнюю статью
contest-files-count = Приложено файлов: { $count }
contest-files-done = Готово ›
contest-summary-title = 📋 <b>Ваш бизнес-план — { $name }</b>
contest-plan-idea = 💡 <b>Идея:</b> { $idea }
contest-idea-voice = голосовое сообщение
contest-plan-budget = 💰 <b>Бюджет:</b>
contest-plan-money = Собственный вклад: { $own }. Запрашиваемая сумма: <b>{ $requested }</b>
contest-plan-jobs = 👥 Рабочих мест: { $jobs }
contest-plan-files = 📎 Файлов: { $count }
contest-submit-button = 📨 Подать план
contest-change-idea = ✏️ Идея
contest-change-budget = ✏️ Бюджет
contest-change-contribution = ✏️ Вклад
contest-change-jobs = ✏️ Рабочие места
contest-change-files = ✏️ Файлы
contest-submitted = ✅ План подан. Жюри оценит его после закрытия приёма; об итогах мы сообщим.
contest-entry-status = { $name }: { $status ->
    [invited] не начат
    [draft] черновик
    [submitted] подан
    [won] победитель
    [lost] не прошёл
   *[other] отозван
}

contest-error-idea = Опишите идею подробнее: от { $min } до { $max } { $max ->
        [one] символа
       *[other] символов
    }. Или пришлите голосовое сообщение.
contest-error-idea-kind = Здесь нужен текст или голосовое сообщение.
contest-error-item = Напишите статью так: «Название — сумма», например «Теплица — 2 500 000».
contest-error-money = Не получилось прочитать сумму. Напишите цифрами, например: 250 000
contest-error-money-words = Напишите сумму цифрами, без «млн» и «тыс.»: например, { $example }
contest-error-negative = Сумма не может быть отрицательной.
contest-error-zero = Сумма должна быть больше нуля.
contest-error-amount = Сумма должна быть больше нуля.
contest-error-jobs = Напишите целое число рабочих мест, например 3 (0, если новых мест нет).
contest-error-file-kind = Подойдёт PDF-файл или фото. Стикеры и другие файлы не принимаются.
contest-error-items = В бюджете может быть не больше { $max } { $max ->
        [one] статьи
       *[other] статей
    }.
contest-error-files = Можно приложить не больше { $max } { $max ->
        [one] файла
       *[other] файлов
    }.
contest-error-budget-empty = Добавьте хотя бы одну статью расходов.
contest-error-contribution-over = Собственный вклад не может быть больше бюджета ({ $total }).
contest-error-requested-over = Запрашиваемая сумма { $requested } больше предела программы — { $max }. Увеличьте собственный вклад или сократите бюджет.
contest-error-incomplete = Заполнены не все шаги плана.
contest-error-window-closed = Приём планов закрыт (последний день: { $closes }).
contest-error-not-eligible = Этот конкурс не для вас: участвуют только те, кого пригласила программа.
contest-error-submitted = План уже подан, изменить его нельзя.
contest-error-gone = Этот план больше недоступен.
contest-error-program-gone = Программы этого конкурса больше нет в каталоге.
contest-error-scope = Это вне вашей зоны ответственности.
contest-error-eligibility = Выберите, кто может участвовать.
contest-error-no-course = У этой программы нет курса: выберите другое условие участия.
contest-error-window = Даты не подходят: приём не может начаться в прошлом и закончиться раньше начала.
contest-error-not-open = Приём планов уже закрыт.
contest-error-not-closed = Сначала закройте приём планов.
contest-error-winners = Отметьте победителей среди поданных планов.
contest-error-points = Баллы — от 0 до { $max }.
contest-error-date = Не получилось прочитать дату. Напишите так: 14.06.2026 (не раньше сегодняшнего дня).

## Уведомления

contest-start-button = 📝 Заполнить бизнес-план
contest-notice-invited =
    🏆 <b>Конкурс на финансирование «{ $program }»</b>
    Вы можете подать бизнес-план: идею, бюджет, собственный вклад и рабочие места. Приём — с { $opens } по { $closes }.
contest-notice-won =
    🎉 <b>Поздравляем!</b> Ваш бизнес-план №{ $number } победил в конкурсе «{ $program }». Координатор свяжется с вами о финансировании.
contest-notice-lost =
    Спасибо за участие в конкурсе «{ $program }». В этот раз ваш план №{ $number } не прошёл. Не сдавайтесь: следующий конкурс объявим здесь же.

## Жюри

contest-jury-title = ⚖️ <b>Планы на оценку: { $count }</b>
contest-jury-back = ‹ К списку планов
contest-jury-plan-title = ⚖️ <b>План №{ $n }</b> — { $name }
contest-jury-independent = Оценивайте самостоятельно: оценки других членов жюри не показываются.
contest-score-button = ✍️ Оценить
contest-files-button = 📎 Файлы плана ({ $count })
contest-recuse-button = 🙅 Взять самоотвод
contest-score-ask =
    План №{ $plan } · критерий { $n } из { $of }
    <b>{ $criterion }</b>: от 0 до { $max } { $max ->
        [one] балла
       *[other] баллов
    }.
contest-score-cancel = ✖️ Отменить оценку
contest-score-ask-comment = Комментарий к оценке (необязательно): напишите его или нажмите «Без комментария».
contest-no-comment = Без комментария
contest-score-confirm = <b>Ваша оценка плана №{ $plan }</b>
contest-score-line = { $criterion }: { $points } из { $max }
contest-score-total = <b>Итого: { $total } из { $max }</b>
contest-score-comment = Комментарий: { $comment }
contest-score-submit = ✅ Отправить оценку
contest-score-saved = ✅ Оценка плана №{ $plan } сохранена: { $total } из { $max }. Изменить её уже нельзя.
contest-recuse-confirm = Взять самоотвод по плану №{ $plan }? Вы не сможете его оценить, и ваш голос не будет учитываться.
contest-recuse-yes = Да, самоотвод
contest-recused = Самоотвод по плану №{ $plan } принят.

## Координатор

contest-admin-title = 🗂 <b>Конкурсы: { $count }</b>
contest-admin-item = { $name } — { $status ->
    [open] приём планов
    [closed] приём закрыт
    [decided] итоги подведены
   *[other] отменён
}
contest-admin-back = ‹ К конкурсам
contest-new-button = ➕ Объявить конкурс
contest-new-cancel = ✖️ Отмена
contest-new-program = Новый конкурс. Для какой программы?
contest-new-region = Для какого региона?
contest-new-cohort = Только для одного потока курса?
contest-all-cohorts = Для всех потоков
contest-new-who = Кто может участвовать?
contest-who = { $who ->
    [completed] окончившие курс программы
    [approved] с одобренной заявкой
   *[other] все желающие
}
contest-new-opens = С какого дня принимать планы? Нажмите «Сегодня» или напишите дату: 14.06.2026
contest-today = Сегодня
contest-new-closes = Приём с { $opens }. До какого дня включительно? Выберите или напишите дату.
contest-days = { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    }
contest-new-summary =
    <b>Новый конкурс</b>
    Программа: { $program }
    Регион: { $region }
    Участвуют: { $who ->
    [completed] окончившие курс программы
    [approved] с одобренной заявкой
   *[other] все желающие
}
    Приём: с { $opens } по { $closes } (по времени Астаны)
    Будут приглашены: { $count }
    Победителю: { $funding ->
        [loan] беспроцентный заём на { $term } мес., льготный период { $grace } мес.
       *[other] грант
    }
contest-rubric-title = <b>Критерии оценки</b> (из условий программы):
contest-rubric-line = • { $label } — до { $max } { $max ->
        [one] балла
       *[other] баллов
    }
contest-tie-break = Место — по среднему баллу членов жюри (самоотводы не учитываются). При равенстве выше тот, у кого выше средний балл по первому критерию, затем тот, кто подал план раньше.
contest-new-open = ✅ Объявить и пригласить
contest-opened = ✅ Конкурс объявлен. Приглашений отправлено: { $count }.
contest-card-title = 🏆 <b>{ $name }</b> — { $status ->
    [open] приём планов
    [closed] приём закрыт
    [decided] итоги подведены
   *[other] отменён
}
contest-card-scope = Регион: { $region }. Участвуют: { $who ->
    [completed] окончившие курс программы
    [approved] с одобренной заявкой
   *[other] все желающие
}
contest-card-window = Приём: с { $opens } по { $closes }
contest-card-counts = Приглашены: { $invited } · черновиков: { $drafts } · подано: { $submitted } · оценено: { $scored }
contest-ranking-button = 📊 Рейтинг
contest-close-button = ⏹ Закрыть приём
contest-close-confirm = Закрыть приём планов в конкурсе { $name }? Незаконченные черновики подать будет нельзя.
contest-close-yes = Да, закрыть
contest-closed = Приём планов закрыт. Теперь можно отметить победителей в рейтинге.
contest-ranking-title = 📊 <b>Рейтинг — { $name }</b>
contest-ranking-line = { $place }. План №{ $n }, { $name }: <b>{ $average }</b> (жюри: { $jurors }; 1-й критерий: { $first }) — { $status ->
    [invited] не начат
    [draft] черновик
    [submitted] подан
    [won] победитель
    [lost] не прошёл
   *[other] отозван
}
contest-ranking-empty = Поданных планов пока нет.
contest-ranking-close-first = Отметить победителей можно после закрытия приёма.
contest-entry-button = План №{ $n }
contest-decide-button = 🏁 Утвердить победителей ({ $count })
contest-decide-confirm = Утвердить победителей: { $winners }? Все участники узнают итоги, изменить их будет нельзя.
contest-decide-yes = Да, утвердить
contest-decided = Итоги подведены, участникам отправлены уведомления.
contest-admin-entry = <b>План №{ $n }</b>, { $name } — { $status ->
    [invited] не начат
    [draft] черновик
    [submitted] подан
    [won] победитель
    [lost] не прошёл
   *[other] отозван
}
contest-fund-button = { $kind ->
    [loan] 💰 Создать заём по плану №{ $n }
   *[other] 🎁 Выдать грант по плану №{ $n }
}
contest-loan-open = 💼 Заём по плану №{ $n }
contest-funded = ✅ Профинансирован план №{ $n }
contest-loan-created = ✅ Создан заём по плану №{ $n }, заёмщик получил уведомление.
contest-grant-recorded = ✅ Записан грант по плану №{ $n }.
contest-loan-origin = 🏆 Из конкурса { $contest }, план №{ $n }
