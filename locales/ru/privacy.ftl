## /privacy: stored data, consent, deletion

privacy-summary =
    <b>Какие данные о вас хранятся</b>
    Имя: { $name }
    Username: { $username }
    Язык: { $language }
    Согласие: { $consent ->
        [no] не дано
       *[other] дано { $consent }
    }
    Впервые написали: { $created }
    Роли: { $roles ->
        [0] нет
       *[other] { $roles }
    }
privacy-role-line = • { $role ->
    [coordinator] Координатор
    [juror] Член жюри
    [mentor] Наставник
   *[trainer] Бизнес-тренер
} — { $scope }
privacy-delete = 🗑 Удалить мои данные
privacy-withdraw = Отозвать согласие
privacy-give = ✅ Дать согласие
privacy-withdrawn = Согласие отозвано.
privacy-delete-confirm =
    <b>Удалить ваши данные?</b>
    Будут удалены имя, username, язык, согласие, роли и незавершённые ответы. Записи, нужные координаторам (например, договор займа), сохранятся, но ваше имя из них будет убрано.
privacy-delete-yes = Да, удалить
privacy-delete-no = Нет, оставить
privacy-kept = Ничего не удалено.
privacy-deleted = Ваши данные удалены.
privacy-deleted-restart = Чтобы начать заново, напишите /start.
privacy-held-title = <b>Что хранится по заявкам, курсам и займам</b>
privacy-held-nothing = Заявок, курсов, займов и файлов у нас нет.
privacy-held-line = • { $category ->
    [iin] ИИН — в заявках: { $count }
    [phone] Телефон — в заявках: { $count }
    [email] Электронная почта — в заявках: { $count }
    [voice] Голосовые ответы — в заявках: { $count }
    [other] Другие личные ответы — в заявках: { $count }
    [applications] Заявки: { $count }
    [files] Файлы к заявкам: { $count }
    [courses] Учебные потоки: { $count }
    [lessons] Пройденные уроки: { $count }
    [certificates] Сертификаты: { $count }
    [webinars] Регистрации на вебинары: { $count }
    [loans] Займы: { $count }
    [payments] Платежи по займам: { $count }
    [contest_entries] Участие в конкурсах на финансирование: { $count }
    [contest_budget] Строки бюджета бизнес-планов: { $count }
    [contest_files] Файлы к бизнес-планам: { $count }
    [contest_scores] Ваши оценки как члена жюри: { $count }
    [projects] Профинансированные проекты: { $count }
    [project_reports] Отчёты по проектам: { $count }
    [project_report_files] Файлы к отчётам: { $count }
    [mentorships] Наставники: { $count }
    [mentor_checkins] Встречи с наставником: { $count }
    [mentees] Ваши подопечные как наставника: { $count }
    [notification_settings] Настройки уведомлений
   *[program_alerts] Просьбы сообщить об открытии программы: { $count }
}
privacy-export = 📦 Скачать мои данные (файл)
privacy-export-wait = Готовлю файл…
privacy-export-caption = Всё, что бот хранит о вас, в формате JSON. Файл отправлен только вам.
