## Broadcasts: coordinators' and trainers' announcements

menu-broadcasts = 📣 Хабарландырулар

broadcast-list-title = <b>📣 Хабарландырулар</b>
broadcast-list-empty = Әзірге хабарландыру жоқ.
broadcast-list-line = #{ $id } · { $when } · { $status ->
    [scheduled] 🕒 жоспарланған
    [sending] 📤 жіберілуде: { $sent }/{ $total }
    [cancelled] ✖ тоқтатылды: { $sent }/{ $total }
   *[done] ✅ жеткізілді: { $sent }/{ $total }
}
broadcast-list-cancel = ✖ #{ $id } тоқтату
broadcast-new-button = ➕ Жаңа хабарландыру

broadcast-ask-content = { $step }/{ $steps } · Хабарландырудың <b>{ $language ->
    [kk] қазақша
   *[ru] орысша
}</b> нұсқасын жіберіңіз: мәтін, не жазуы бар фото немесе құжат. Telegram-дағы безендіру (жуан, курсив, сілтеме) сақталады.
broadcast-skip-language = { $language ->
    [kk] Қазақша нұсқасыз ›
   *[ru] Орысша нұсқасыз ›
}
broadcast-content-empty = Хабар бос. Мәтін жазыңыз немесе фото не құжат жіберіңіз.
broadcast-text-too-long = Мәтін тым ұзын: Telegram { $limit } таңбадан артық өткізбейді, мұнда { $over } таңба артық. Қысқартып, қайта жіберіңіз.
broadcast-caption-too-long = Жазу тым ұзын: фото мен құжаттың жазуы ең көбі { $limit } таңба, мұнда { $over } таңба артық. Жазуды қысқартыңыз немесе мәтінді бөлек жіберіңіз.
broadcast-content-unsupported = Хабарландыруға тек мәтін, фото немесе құжат жарайды (стикер, дауыс хабар, бейне жарамайды).
broadcast-content-none = Кемінде бір нұсқа керек.

broadcast-audience-title = { $step }/{ $steps } · <b>Кімге жібереміз?</b>
broadcast-audience-everyone = Аудитория: барлығы
broadcast-audience-filters = Аудитория: { $filters }
broadcast-audience-count = Алушылар: { $total } (қазақша { $kk }, орысша { $ru })
broadcast-audience-all = Барлығы
broadcast-filter-button = { $name }: { $value }
broadcast-next = Келесі ›
broadcast-choose = { $name } — таңдаңыз:
broadcast-audience-refused = Бұл аудиторияға жазуға құқығыңыз жоқ.
broadcast-audience-empty = Бұл аудиторияда ешкім жоқ. Сүзгілерді өзгертіңіз.

audience-lang = Тіл
audience-role = Кімдер
audience-region = Өңір
audience-cohort = Лек
audience-role-trainee = Курс оқушылары
audience-role-trainer = Бизнес-жаттықтырушылар
audience-role-coordinator = Үйлестірушілер

broadcast-preview = { $step }/{ $steps } · Алдын ала қарау: { $language ->
    [kk] қазақша
   *[ru] орысша
} оқитындар мынаны алады ↓
broadcast-confirm-title = <b>Хабарландыру дайын.</b>
broadcast-missing-version = ⚠️ { $language ->
    [kk] Қазақша
   *[ru] Орысша
} нұсқа жоқ: { $count } адам басқа тілдегі нұсқаны алады.
broadcast-paid-on = ⭐ Ақылы жылдам тарату қосулы: секундына { $rate } хабарға дейін, әр хабар 0,1 Telegram Stars тұрады.
broadcast-confirm-when = Қашан жібереміз?
broadcast-send-now = 📤 Қазір жіберу
broadcast-schedule = 🕒 Уақытын белгілеу
broadcast-scheduled-for = Жіберу уақыты: { $when }
broadcast-quiet-warning = 🌙 { $start }–{ $end } аралығында хабарлар жіберілмейді: тарату таңертең, сағат { $end } кезінде басталады.
broadcast-change-time = 🕒 Уақытын өзгерту
broadcast-paid-toggle = { $on ->
    [true] ⭐ Ақылы жылдам тарату: қосулы
   *[false] ⭐ Ақылы жылдам тарату: өшірулі
}
broadcast-back-to-audience = ‹ Аудитория

broadcast-ask-time = Жіберу уақытын жазыңыз (Қазақстан уақытымен), мысалы: <code>25.11.2026 10:00</code>, ал бүгін үшін жай ғана <code>18:30</code>.
broadcast-tomorrow = Ертең 10:00
broadcast-when-invalid = Уақытты түсінбедім. Күн мен уақытты былай жазыңыз: 25.11.2026 10:00
broadcast-when-past = Бұл уақыт өтіп кетті. Алдағы уақытты жазыңыз.
broadcast-when-too-far = Бір жылдан әрі жоспарлауға болмайды. Жақынырақ күнді жазыңыз.

broadcast-no-cohorts = Сізде әлі лек жоқ. Бизнес-жаттықтырушы тек өз лектеріне жаза алады: үйлестірушіден сізді лекке қосуын сұраңыз.
broadcast-use-buttons = Хабардың астындағы батырмаларды пайдаланыңыз.
broadcast-cancelled = Хабарландыру жіберілмеді.
broadcast-scheduled-ok = Жоспарланды
broadcast-scheduled = 🕒 Хабарландыру #{ $id } жоспарланды: { $when }. Тізім: /broadcasts
broadcast-cancel-button = ✖ Тоқтату
broadcast-started = Тарату басталды
broadcast-already-ended = Бұл хабарландыру аяқталып қойған.
broadcast-stopped = #{ $id } тоқтатылды

broadcast-progress-title = 📣 <b>Хабарландыру #{ $id }</b> — { $status ->
    [scheduled] жоспарланған
    [sending] жіберілуде
    [cancelled] тоқтатылды
   *[done] аяқталды
}
broadcast-progress-counts = ✅ Жеткізілді: { $sent } · ⚠️ Қате: { $failed } · 🚫 Ботты бұғаттаған: { $blocked }
broadcast-progress-cancelled = ✖ Жіберілмей қалды: { $count }
broadcast-progress-remaining = ⏳ Қалды: { $count } · шамамен { $minutes } мин
broadcast-progress-quiet = 🌙 Түнгі тыныштық: жіберу сағат { $until } кезінде жалғасады.
broadcast-progress-took = ⏱ Ұзақтығы: { $minutes } мин
broadcast-not-started = 📣 Хабарландыру #{ $id } жіберілмеді: енді бұл аудиторияға жазуға құқығыңыз жоқ (рөліңіз не легіңіз өзгерген). Тізім: /broadcasts
broadcast-finished = 📣 Хабарландыру #{ $id } аяқталды. Жеткізілді: { $sent } / { $total }.
