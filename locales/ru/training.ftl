## Training: joining a cohort, my courses, lessons, check questions, certificates

menu-courses = 📚 Мои курсы

training-join-card = <b>{ $course }</b>
    Поток: { $cohort }
    Начало: { $start }, в { $time }
    { $lessons ->
        [one] { $lessons } урок
        [few] { $lessons } урока
       *[many] { $lessons } уроков
    }, { $weekdays ->
        [true] по одному в рабочие дни
       *[false] по одному в день
    }.

    Присоединиться к потоку?
training-join-button = ✅ Присоединиться
training-join-unknown = Такой код не найден. Уточните код у бизнес-тренера или откройте его ссылку.
training-join-finished = Обучение в потоке «{ $cohort }» уже закончилось. Чтобы записаться в новый поток, напишите бизнес-тренеру.
training-join-full = В потоке «{ $cohort }» не осталось мест. { $others ->
    [0] Спросите бизнес-тренера о другом потоке.
   *[other] Ниже — другие потоки этого курса, где есть места: выберите один.
}
training-join-other = ➡️ { $cohort } · начало { $start }
training-join-other-cohort = Вы уже проходите этот курс в другом потоке: «{ $cohort }». Один курс можно проходить только в одном потоке.
training-ask-code = Пришлите код потока (например, K7M2QX). Его даёт бизнес-тренер.
training-joined-short = Вы в потоке!
training-joined = ✅ Вы в потоке «{ $cohort }» — { $course }.
    { $waiting ->
        [true] Первый урок придёт { $start } в { $time }.
       *[false] Открытые уроки — в разделе «📚 Мои курсы».
    }{ $catchup ->
        [yes] {""}

            📅 В потоке уже открыто уроков: { $open }. План, чтобы догнать поток: { $pace ->
                [one] { $pace } урок
                [few] { $pace } урока
               *[many] { $pace } уроков
            } в день. Догоните { $level }.
       *[no] {""}
    }
training-open-courses = 📚 Мои курсы

training-my-courses = <b>📚 Мои курсы</b>
training-no-courses = Вы пока не записаны ни на один курс. Откройте ссылку от бизнес-тренера или присоединитесь по коду: /join
training-course-line = <b>{ $heading }</b>
    { $bar }
    { $state ->
        [finished] 🎓 Курс пройден!
        [next] Дальше: { $number }. { $next }
        [first] Первый урок откроется { $date } в { $time }.
       *[later] Следующий урок откроется { $date } в { $time }.
    }
training-next-button = 📖 Урок { $number }
training-all-lessons = 📋 Уроки: { $course }
training-back-to-courses = ‹ Мои курсы
training-leave = Выйти из курса
training-leave-confirm = Выйти из курса «{ $course }»? Пройденные уроки сохранятся.
training-leave-yes = Да, выйти
training-left = Вы вышли из курса
training-not-enrolled = Вы не записаны на этот курс.
training-lesson-locked = 🔒 { $number }. { $title } — откроется { $date }
training-lesson-open = { $done ->
    [true] ✅
   *[false] 📖
} { $number }. { $title }
training-locked = Этот урок ещё закрыт. Он откроется { $date }.
training-lesson-header = <b>{ $number }/{ $total } · { $title }</b> · ⏱ { $minutes } мин
training-quiz-button = ❓ Ответить на вопросы ({ $count })
training-done-button = ✅ Урок пройден
training-question = <b>Вопрос { $index }/{ $count }</b>
    { $question }

    { $options }
training-right = Верно!
training-wrong = Неверно
training-answer = { $right ->
    [true] ✅ Верно!
   *[false] ❌ Правильный ответ: { $answer }
}
    { $explanation }
training-next-question = Следующий вопрос ›
training-try-again = ❌ Неверно. Попробуйте ещё раз.
training-answer-first = Сначала ответьте на вопросы урока.
training-use-buttons = Выберите ответ кнопками под сообщением.
training-done-short = Отлично!
training-lesson-done = ✅ Урок { $number } пройден!
    { $bar }
    { $next ->
        [open] Следующий открытый урок: { $following }. { $title }
        [later] Следующий урок откроется { $date }.
       *[finished] 🎓 Все уроки пройдены!
    }
training-congratulations = 🎓 Поздравляем! Вы полностью прошли курс «{ $course }». Номер вашего сертификата: <b>{ $number }</b>.
training-certificate-caption = Сертификат { $number }

## Notices (the delivery engine renders them in the trainee's language when they are sent)

training-lesson-released = 📘 <b>{ $course }</b>: открыт урок { $number }/{ $total } — «{ $title }» (⏱ { $minutes } мин).
training-read-button = 📖 Читать урок
training-lesson-released-backlog =
    📘 <b>{ $course }</b>: открыт урок { $number }/{ $total } — «{ $title }» (⏱ { $minutes } мин).

    { training-open-list }
training-read-new = 🆕 Новый урок
training-open-oldest = 📖 Начать с самого раннего
training-reminder =
    ⏰ Курс «{ $course }» ждёт вас.
    { training-open-list }

    Найдите сегодня 15 минут — продолжим!

training-open-lesson = 📖 Открыть урок
training-nudge = 👋 Ваш бизнес-тренер напоминает: в курсе «{ $course }» не пройдено уроков: { $behind }. Продолжим!
training-cohort-soon = ✅ Вы приняты на курс «{ $course }». Скоро добавим вас в поток — расписание придёт сюда.
training-enrolled = ✅ Вы приняты на курс «{ $course }», поток: { $cohort }. Первый урок придёт { $start } в { $time }.

## The open lessons, oldest first, in the day's message and the reminder (their variables)
training-open-list =
    Ещё не пройдены: { $open ->
        [one] { $open } урок
        [few] { $open } урока
       *[many] { $open } уроков
    }
    { $backlog }{ $more ->
        [0] {""}
       *[other] {""}
            …и ещё { $more ->
                [one] { $more } урок
                [few] { $more } урока
               *[many] { $more } уроков
            }
    }{ $catchup ->
        [yes] {""}

            📅 План, чтобы догнать поток: { $pace ->
                [one] { $pace } урок
                [few] { $pace } урока
               *[many] { $pace } уроков
            } в день. Догоните { $level }.
       *[no] {""}
    }

## Certificates (the PDF is plain text)

certificate-title = СЕРТИФИКАТ
certificate-confirms = Настоящий сертификат подтверждает, что
certificate-completed = полностью прошёл(а) курс
certificate-date = Дата окончания: { $date }
certificate-number = № { $number }
certificate-verify = Проверка: напишите боту /verify { $number } или откройте { $link }
certificate-verify-how = Чтобы проверить сертификат, напишите его номер, например: /verify BASTAU-K7M2QX9A
certificate-not-found = ❌ Сертификат с номером { $number } не найден. Проверьте номер.
certificate-valid = ✅ Сертификат действителен.
    Номер: { $number }
    Владелец: { $holder }
    Курс: { $course }
    Поток: { $cohort }
    Дата окончания: { $date }
certificate-holder-erased = (владелец удалил свои данные)
