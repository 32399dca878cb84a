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
broadcast-list-edit = ✏️ #{ $id } өзгерту
broadcast-list-about = { $about } · { $audience }
broadcast-list-words = «{ $words }»
broadcast-list-file = { $type ->
    [photo] 🖼 фото
   *[document] 📎 құжат
}
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
broadcast-content-unsupported = Хабарландыруға тек мәтін, фото немесе құжат жарайды (стикер, дауыстық хабар, бейне жарамайды).
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
audience-program = Бағдарлама
audience-app = Өтінім
audience-app-status = { $status ->
    [sent] Өтінім бергендердің бәрі
    [draft] Өтінімін аяқтамағандар
    [review] Қаралып жатқандар
    [info] Толықтыру сұралғандар
    [approved] Мақұлданғандар
    [idle] Мақұлданған, курсты бастамағандар
   *[rejected] Қабылданбағандар
}
audience-role-applicant = Өтінім бергендер
audience-role-trainee = Курс қатысушылары
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
broadcast-now-quiet-warning = 🌙 Қазір түнгі тыныштық ({ $start }–{ $end }): «Қазір жіберу» басылса, тарату сағат { $until } кезінде басталады.
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

broadcast-ask-time = Уақытты батырмамен таңдаңыз немесе жазыңыз (Астана уақытымен), мысалы: <code>25.11 10:00</code>, <code>ертең 10:00</code>, ал бүгін үшін жай ғана <code>18:30</code>.
broadcast-tomorrow = Ертең 10:00
broadcast-at-button = { $day ->
    [today] Бүгін
   *[tomorrow] Ертең
} { $time }
broadcast-when-invalid = Уақытты түсінбедім. Күн мен уақытты былай жазыңыз: 25.11 10:00 (немесе ертең 10:00)
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
broadcast-edit-title = ✏️ <b>Хабарландыру #{ $id }</b> өзгертілуде.
broadcast-edit-current = Қазіргі нұсқасы: { $about }
broadcast-keep-version = { $language ->
    [kk] ✓ Қазақша нұсқасын қалдыру
   *[ru] ✓ Орысша нұсқасын қалдыру
}
broadcast-edit-cancelled = Өзгерістер сақталмады: хабарландыру бұрынғыдай қалды.
broadcast-edit-too-late = Хабарландыру жіберіле бастады немесе тоқтатылды: енді оны өзгертуге болмайды.
broadcast-edited = ✏️ Хабарландыру #{ $id } өзгертілді. Жіберу уақыты: { $when }. Тізім: /broadcasts

broadcast-progress-title = 📣 <b>Хабарландыру #{ $id }</b> — { $status ->
    [scheduled] жоспарланған
    [sending] жіберілуде
    [cancelled] тоқтатылды
   *[done] аяқталды
}
broadcast-progress-counts = ✅ Жеткізілді: { $sent } · ⚠️ Қате: { $failed } · 🚫 Ботты бұғаттаған: { $blocked }
broadcast-progress-cancelled = ✖ Жіберілмей қалды: { $count }
broadcast-progress-remaining = ⏳ Қалды: { $count } · шамамен { $minutes } мин
broadcast-progress-held = ⏳ Қалды: { $count } · сағат { $until } кезінен бастап шамамен { $minutes } мин
broadcast-progress-reasons = Жетпей қалу себептері:
broadcast-progress-reason = · { $reason }: { $count }
broadcast-progress-quiet = 🌙 Түнгі тыныштық: жіберу сағат { $until } кезінде жалғасады.
broadcast-progress-took = ⏱ Ұзақтығы: { $minutes } мин
broadcast-not-started = 📣 Хабарландыру #{ $id } жіберілмеді: енді бұл аудиторияға жазуға құқығыңыз жоқ (рөліңіз не легіңіз өзгерген). Тізім: /broadcasts
broadcast-finished = 📣 Хабарландыру #{ $id } аяқталды.
    ✅ Жеткізілді: { $sent } / { $total }
    🚫 Ботты бұғаттағандар: { $blocked }
    ⚠️ Жеткізілмеді: { $failed }{ $reason ->
        [none] {""}
       *[other] {" "}— { broadcast-reason }
    }
broadcast-reason = { $reason ->
    [blocked] ботты бұғаттаған
    [deactivated] Telegram аккаунты жойылған
    [not-found] Telegram чатты таппады
    [erased] өз деректерін өшірткен
    [network] Telegram жауап бермеді (5 рет тырыстық)
    [refused] Telegram хабарды қабылдамады
   *[other] басқа қате
}
broadcast-failed-button = 📥 Кімге жетпеді (Excel)
broadcast-failed-caption = 📥 Хабарландыру #{ $id }: кімге жетпеді және неге.
broadcast-xlsx-sheet = Жетпегендер
broadcast-xlsx-id = Telegram ID
broadcast-xlsx-name = Аты
broadcast-xlsx-username = Username
broadcast-xlsx-language = Тілі
broadcast-xlsx-reason = Себебі
broadcast-xlsx-error = Telegram жауабы
broadcast-xlsx-attempts = Әрекет саны
broadcast-xlsx-at = Уақыты
