## One person's path and the funnel

menu-journey = 🧭 Мой путь
menu-funnel = 📊 Воронка
journey-card-button = 🧭 Путь

journey-title-mine = <b>Мой путь</b>
journey-title-person = <b>Путь: { $name }</b> (id { $id })
journey-empty-mine = Пока здесь пусто: подайте заявку, запишитесь на курс или вебинар — ваши шаги появятся здесь.
journey-empty = В вашей зоне ответственности у этого человека нет шагов.
journey-earlier = … и ещё { $count ->
    [one] { $count } шаг раньше
    [few] { $count } шага раньше
   *[other] { $count } шагов раньше
}
journey-stage = <b>{ $stage ->
    [applications] Заявки
    [training] Обучение
    [webinars] Вебинары
    [contest] Конкурс на финансирование
    [funding] Финансирование
   *[mentoring] Наставничество
}</b>
journey-application = { $number } · { $program } — { $status ->
    [submitted] подана
    [in_review] на рассмотрении
    [info_requested] ждёт ответа на вопрос
    [approved] одобрена
    [rejected] отклонена
   *[withdrawn] отозвана
} (подана { $on })
journey-course = { $course }: { $status ->
    [done] курс пройден
    [left] ушёл с курса
   *[learning] пройдено уроков: { $done } из { $total }
} (начало { $on })
journey-certificate = Сертификат № { $number } (выдан { $on })
journey-webinar = «{ $title }» — { $status ->
    [attended] был
    [waiting] в листе ожидания
    [cancelled] отменил регистрацию
   *[registered] зарегистрирован
} ({ $on })
journey-entry = «{ $contest }» — { $status ->
    [invited] приглашён
    [draft] бизнес-план в работе
    [submitted] бизнес-план подан
    [won] победитель
    [lost] не вошёл в число победителей
   *[withdrawn] отказался от участия
} ({ $on })
journey-loan = Заём { $contract }: { $principal }, погашено { $repaid } — { $status ->
    [repaid] погашен полностью
    [late] просрочка: { $overdue }
   *[active] платежи вовремя
} (выдан { $on })
journey-project = { $kind ->
    [grant] Грант
   *[loan] Проект
} «{ $title }»: { $amount }; принято отчётов: { $accepted } из { $reports } — { $status ->
    [late] просрочено отчётов: { $late }
    [closed] проект закрыт
   *[active] активен
} (финансирование { $on })
journey-mentorship = Наставник: { $mentor } — { $status ->
    [ended] завершено
   *[active] активно
}; встреч с ответом: { $answered }, пропущено: { $missed } (с { $on })

journey-search-button = 🔎 Найти человека
journey-funnel-button = 📊 Воронка
journey-search-prompt = Напишите номер заявки, часть имени, телефон или Telegram id.
journey-search-none = В вашей зоне ответственности такого человека нет.
journey-search-again = 🔎 Искать ещё
journey-search-found = Нашлось: { $count }. Выберите человека.
journey-not-found = Человек не найден или вне вашей зоны ответственности.

journey-funnel-title = <b>Воронка</b>: { $scope }
journey-funnel-step = { $step ->
    [applied] Подали заявку
    [approved] Одобрены
    [started] Начали курс
    [completed] Окончили курс
    [entered] Подали бизнес-план на конкурс
    [funded] Получили финансирование
    [on_time] Платят по займу вовремя
   *[repaid] Погасили заём
}
journey-funnel-first = { $n }. { $step }: <b>{ $count }</b>
journey-funnel-line = { $n }. { $step }: <b>{ $count }</b> · от предыдущего { $previous }, от начала { $start } · медиана { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    }
journey-funnel-skipped = { $n }. { $step }: — (к этой программе не относится)
journey-funnel-note = Шаг считает только тех, кто прошёл предыдущий. Период — по дате подачи заявки. Медиана — дни от предыдущего шага.
journey-all-programs = Все программы
journey-all-regions = Все регионы
journey-period = { $period ->
    [y] { $year } год
    [12] последние 12 месяцев
   *[a] всё время
}
journey-period-button = { $period ->
    [y] Этот год
    [12] 12 месяцев
   *[a] Всё время
}
journey-pick-program = Программа
journey-pick-region = Регион
journey-pick-program-title = По какой программе?
journey-pick-region-title = По какому региону?
journey-chart-button = 📈 График
journey-excel-button = 📥 Excel
journey-chart-wait = Рисую график…
journey-chart-title = Воронка: { $scope }
journey-excel-wait = Готовлю файл…
journey-excel-caption = Воронка: числа, конверсии и медианы; на втором листе — фильтры.
journey-xlsx-steps = Шаги
journey-xlsx-step = Шаг
journey-xlsx-count = Людей
journey-xlsx-of-previous = От предыдущего
journey-xlsx-of-start = От начала
journey-xlsx-median = Медиана, дней
journey-xlsx-median-note = Медиана дней от предыдущего шага
journey-xlsx-filters = Фильтры
journey-xlsx-filter = Фильтр
journey-xlsx-value = Значение
journey-xlsx-program = Программа
journey-xlsx-region = Регион
journey-xlsx-period = Период
journey-xlsx-since = С (дата подачи заявки)
journey-xlsx-until = По
journey-xlsx-made = Сформирован
