## Shared words, buttons and errors

button-back = ‹ Артқа
button-cancel = Бас тарту
button-confirm = Растау
button-stale = Бұл батырма ескірген. Мәзірді қайта ашыңыз: /menu
access-denied = Бұл әрекетке рұқсатыңыз жоқ.
error-generic = Қате шықты, қайталап көріңіз. Енгізген деректеріңіз сақталды.

role-name = { $role ->
    [coordinator] Үйлестіруші
    [juror] Қазылар алқасының мүшесі
    [mentor] Тәлімгер
   *[trainer] Бизнес-жаттықтырушы
}
scope-all-programs = Барлық бағдарламалар
scope-everywhere = Бүкіл ел

fallback-unknown = { $kind ->
    [text] Түсінбедім. Төмендегі мәзір батырмаларын пайдаланыңыз немесе /help деп жазыңыз.
    [command] Мұндай команда жоқ. Командалар тізімі: /help
    [sticker] Стикер үшін рақмет! Бірақ мен тек мәзір батырмаларын түсінемін 🙂
    [voice] Дауыстық хабарды мұнда өңдей алмаймын. Төмендегі мәзірді пайдаланыңыз.
   *[other] Мұндай хабарды мұнда өңдей алмаймын. Төмендегі мәзірді пайдаланыңыз.
}

## Bot commands (the list Telegram shows next to the text box)

command-start = Бастау
command-menu = Басты мәзір
command-help = Анықтама
command-language = Тілді өзгерту
command-notifications = Еске салу уақыты
command-privacy = Дербес деректерім
command-cancel = Ағымдағы әрекетті тоқтату
command-apply = Өтінім беру
command-my = Менің өтінімдерім
command-courses = Менің курстарым
command-webinars = Вебинарлар
command-loan = Менің заемым
command-contest = Қаржыландыру байқауы
command-reports = Жоба есептері
command-review = Өтінімдерді қарау
command-loans = Заемдар портфелі
command-cohorts = Оқу лектері
command-broadcasts = Хабарландырулар
command-roles = Рөлдер мен құқықтар
