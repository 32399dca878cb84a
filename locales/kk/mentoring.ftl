## Mentoring: coordinators assign mentors, mentors follow check-ins, mentees answer them

menu-mentoring = 🤝 Тәлімгерлік

# Refusals and hints
mentoring-gone = Табылмады немесе енді өзекті емес.
mentoring-checkin-closed = Бұл байланысқа жауап берілген немесе ол енді өзекті емес.
mentoring-out-of-scope = Бұл сіздің жауапкершілік аймағыңызға кірмейді.
mentoring-not-a-mentor = Бұл адам осы бағдарлама мен облыста тәлімгер емес.
mentoring-same-mentor = Бұл тәлімгер осы адамға қазірдің өзінде тәлімгер.
mentoring-not-answered = Алдымен байланысқа жауап келуін күтіңіз.
mentoring-note-hint = Істеріңіз қалай жүріп жатқаны туралы қысқаша жазыңыз: мәтінмен, дауыстық хабармен немесе жазуы бар фотомен.
mentoring-note-long = Тым ұзын: 1000 белгіден аспауы керек. Қысқартыңызшы.
mentoring-comment-invalid = Пікірді мәтінмен жазыңыз, 1000 белгіден аспасын.

# What a check-in looks like
mentoring-status = { $status ->
    [answered] жауап келді
    [missed] жауап берілмеді
   *[due] жауап күтілуде
}
mentoring-rating-1 = 🟢 Жоспар бойынша
mentoring-rating-2 = 🟡 Назар керек
mentoring-rating-3 = 🔴 Қауіп бар
mentoring-rating-name = { $rating ->
    [1] 🟢 жоспар бойынша
    [2] 🟡 назар керек
   *[3] 🔴 қауіп бар
}
mentoring-note-line = { $kind ->
    [voice] 🎤 дауыстық хабар { $note }
    [photo] 📷 фото: { $note }
   *[text] 💬 { $note }
}
mentoring-comment-line = 📝 Тәлімгер: { $comment }
mentoring-period-active = { $mentor } — басталғаны: { $since }
mentoring-period-ended = { $mentor } — { $since } – { $until }
mentoring-history-mentors = <b>Тәлімгерлер</b>
mentoring-history-checkins = <b>Байланыстар</b> ({ $count })
mentoring-history-more = …тағы { $count }
mentoring-my-mentor = 🤝 Тәлімгеріңіз: { $name }
mentoring-open-button = 📂 Ашу

# The coordinator
mentoring-funded-title = <b>🤝 Тәлімгерлік</b>
    Қаржыландырылғандар: тәлімгері жоғы — { $without }, тәлімгері барлары — { $taken }.
mentoring-funded-none = Жауапкершілік аймағыңызда әзірге қаржыландырылған жоба жоқ.
mentoring-funded-without = ⚪ { $name }
mentoring-funded-with = 🤝 { $name } → { $mentor }
mentoring-my-mentees-button = 👥 Тәлімгерлігімдегілер
mentoring-funded-button = 🤝 Қаржыландырылғандар
mentoring-person-title = <b>{ $name }</b> · { $kind ->
    [grant] грант
   *[loan] заем
}
mentoring-person-project = Жоба: { $title }
    { $program } · { $region }
    Сомасы: { $amount }, қаржыландырылған күні: { $date }
mentoring-person-no-mentor = ⚪ Әзірге тәлімгер жоқ.
mentoring-person-mentor = 🤝 Тәлімгер: <b>{ $mentor }</b>, байланыс { $every } айда бір рет, келесісі: { $date }
mentoring-assign-button = ➕ Тәлімгер тағайындау
mentoring-change-button = 🔄 Тәлімгерді ауыстыру
mentoring-end-button = ⏹ Тәлімгерлікті аяқтау
mentoring-pick-title = { $name } үшін тәлімгер: { $count ->
    [0] бұл бағдарлама мен облыста әзірге бірде-бір тәлімгер жоқ. Рөлді «👥 Рөлдер» бөлімінде беріңіз.
   *[other] таңдаңыз.
}
mentoring-assigned = Тәлімгер тағайындалды: { $mentor }
mentoring-end-confirm = { $name } үшін { $mentor } тәлімгерлігін аяқтаймыз ба? Байланыстар тарихы сақталады.
mentoring-end-yes = ⏹ Иә, аяқтау
mentoring-ended = Тәлімгерлік аяқталды.

# The mentor
mentoring-mentees-title = <b>👥 Тәлімгерлігімдегілер</b>: { $count }
mentoring-mentees-none = Әзірге ешкім жоқ: үйлестіруші сізді тәлімгер етіп тағайындағанда, хабарлама келеді.
mentoring-mentees-no-checkin = әлі байланыс болған жоқ, біріншісі: { $date }
mentoring-card-title = <b>{ $name }</b> · { $program }
    Тәлімгерлік басталған күн: { $since }, байланыс { $every } айда бір рет.
    Келесі байланыс: { $date }
mentoring-assess-button = ⭐ №{ $n } байланысты бағалау
mentoring-media-button = { $kind ->
    [voice] 🎤
   *[photo] 📷
} №{ $n }
mentoring-assess-title = №{ $n } байланыс · { $name }. Істері қалай жүріп жатыр?
mentoring-rated = №{ $n } байланыс: { $rating }. Пікір қосуға болады.
mentoring-saved = Сақталды
mentoring-comment-button = 💬 Пікір қосу
mentoring-comment-ask = №{ $n } байланысқа пікіріңізді бір хабармен жазыңыз.
mentoring-comment-saved = ✅ №{ $n } байланысқа пікір сақталды.

# The mentee
mentoring-answer-ask = Тәлімгеріңізбен <b>№{ $n } байланыс</b> ({ $mentor }).
    Жобаңыз қалай жүріп жатыр? Қысқаша жазыңыз, дауыстық хабар жіберіңіз немесе жазуы бар фото салыңыз.
mentoring-later-button = Кейінірек
mentoring-answer-later = Жарайды, кейінірек жауап берерсіз: байланыс ашық тұрғанда хабарламадағы батырма жұмыс істейді.
mentoring-answer-thanks = ✅ Рақмет! Жауабыңыз тәлімгеріңізге жетті: { $mentor }.

# Notices
mentoring-notice-assigned-mentee = { $changed ->
    [yes] 🤝 «{ $program }» бағдарламасы бойынша жаңа тәлімгеріңіз
   *[no] 🤝 «{ $program }» бағдарламасы бойынша тәлімгеріңіз
}: <b>{ $mentor }</b>.
    { $every } айда бір рет бот істеріңіздің жайын сұрап, жауабыңызды тәлімгерге жеткізеді.
mentoring-notice-assigned-mentor = 🤝 Сіз тәлімгерсіз: <b>{ $name }</b>, «{ $program }» бағдарламасы.
    Байланыс { $every } айда бір рет, біріншісі: { $date }. Жауаптар осында келеді.
mentoring-notice-ended-mentor = { $name } үшін тәлімгерлігіңіз аяқталды. Еңбегіңізге рақмет!
mentoring-notice-ended-mentee = Тәлімгерлік ({ $mentor }) аяқталды.
mentoring-notice-ask = 🔔 Тәлімгеріңізбен <b>№{ $n } байланыс</b> ({ $mentor }): жобаңыз қалай жүріп жатыр? Қысқаша жауап беріңіз — мәтінмен, дауыспен немесе фотомен.
mentoring-answer-button = ✍️ Жауап беру
mentoring-notice-remind = 🔔 Еске саламыз: { $date } күнгі №{ $n } байланыс жауабыңызды күтіп тұр. Тәлімгеріңіз ({ $mentor }) істеріңіз туралы бірер жол күтеді.
mentoring-notice-assess = 📝 { $name } №{ $n } байланысқа жауап берді:
    { $kind ->
        [voice] 🎤 дауыстық хабар { $note }
        [photo] 📷 фото: { $note }
       *[text] 💬 { $note }
    }
    Істері қалай жүріп жатыр?
mentoring-notice-missed = ⚠️ { $date } күнгі №{ $n } байланыс өткізіп алынды: { $name } еске салғаннан кейін де жауап бермеді.
    Тәлімгер: { $mentor } · { $program } · { $region }
