## Shared words, buttons and errors

button-back = ‹ Назад
button-cancel = Отмена
button-confirm = Подтвердить
button-stale = Эта кнопка устарела. Откройте меню заново: /menu
access-denied = У вас нет прав на это действие.
error-generic = Что-то пошло не так, попробуйте ещё раз. Введённые данные сохранены.

role-name = { $role ->
    [coordinator] Координатор
    [juror] Член жюри
    [mentor] Наставник
   *[trainer] Бизнес-тренер
}
scope-all-programs = Все программы
scope-everywhere = Вся страна

fallback-unknown = { $kind ->
    [text] Не понял вас. Воспользуйтесь кнопками меню ниже или напишите /help.
    [command] Такой команды нет. Список команд: /help
    [sticker] Спасибо за стикер! Но я понимаю только кнопки меню 🙂
    [voice] Голосовые сообщения здесь не обрабатываются. Воспользуйтесь меню ниже.
   *[other] Такое сообщение здесь не обрабатывается. Воспользуйтесь меню ниже.
}

## Bot commands (the list Telegram shows next to the text box)

command-start = Начать
command-menu = Главное меню
command-help = Помощь
command-language = Сменить язык
command-notifications = Когда напоминать
command-privacy = Мои персональные данные
command-cancel = Отменить текущее действие
command-apply = Подать заявку
command-my = Мои заявки
command-courses = Мои курсы
command-webinars = Вебинары
command-loan = Мой заём
command-contest = Конкурс на финансирование
command-reports = Отчёты по проекту
command-review = Рассмотрение заявок
command-loans = Портфель займов
command-cohorts = Учебные потоки
command-broadcasts = Рассылки
command-roles = Роли и права
