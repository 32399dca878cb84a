## Webinars: the list, the card, registration, the waiting list, reminders, feedback

menu-webinars = 📅 Вебинарлар
audience-webinar = Вебинар

webinar-list-title = 📅 <b>Жақындағы вебинарлар</b>
webinar-list-empty = Әзірге жақын арада вебинар жоқ. Кейінірек қарап көріңіз.
webinar-list-line = { $n }. <b>{ $title }</b>
    🗓 { $when } · { $seats }
webinar-seats-unlimited = орын жеткілікті
webinar-seats-full = орын жоқ, күту тізімі бар
webinar-seats-left = { $count } орын қалды
webinar-list-mine = { $status ->
    [registered] ✅ сіз тіркелгенсіз
   *[waiting] ⏳ сіз күту тізіміндесіз
}
webinar-mine-button = 📋 Менің вебинарларым
webinar-manage-button = 🛠 Вебинарларды басқару
webinar-back-to-list = ‹ Вебинарларға

webinar-card-when = 🗓 { $when } (Астана уақытымен) · { $minutes } мин
webinar-card-speaker = 🎤 Спикер: { $speaker }
webinar-card-language = 🌐 { $language ->
    [kk] Қазақ тілінде
    [ru] Орыс тілінде
   *[both] Қазақ және орыс тілдерінде
}
webinar-card-program = 🏷 Бағдарлама: { $program }
webinar-card-seats = 👥 { $seats }
webinar-card-cancelled = ✖ Вебинар болдырылмады.
webinar-card-closed = Тіркелу жабық: вебинар басталып кетті.
webinar-card-registered = ✅ Сіз тіркелдіңіз.
    🔗 Қосылу сілтемесі: { $link }
webinar-card-recording = 🎬 Жазбасы: { $link }
webinar-card-waiting = ⏳ Сіз күту тізіміндесіз: { $position }-орын. Орын босаса, сілтемені бірден жіберемін.
webinar-card-rate = Вебинар ұнады ма? 1-ден 5-ке дейін бағалаңыз:
webinar-card-rated = Сіздің бағаңыз: { $rating }⭐. Рақмет!

webinar-register-button = ✅ Тіркелу
webinar-waiting-button = ⏳ Күту тізіміне жазылу
webinar-ics-button = 📅 Күнтізбеге арналған файл
webinar-ics-caption = 📅 Вебинарды күнтізбеңізге қосу үшін файлды ашыңыз.
webinar-unregister-button = ✖ Тіркелуден бас тарту
webinar-leave-waiting-button = ✖ Күту тізімінен шығу
webinar-unregister-confirm = «{ $title }» вебинарына тіркелуден бас тартасыз ба? Орныңыз кезекте тұрған келесі адамға беріледі.
webinar-leave-waiting-confirm = «{ $title }» вебинарының күту тізімінен шығасыз ба?
webinar-unregister-yes = Иә, бас тартамын
webinar-unregistered = Дайын: тіркелуіңіз жойылды.

webinar-question = { $n }/{ $total } · «{ $title }»
    { $question ->
        [email] E-mail мекенжайыңызды жазыңыз:
        [org] Ұйымыңыздың атауын жазыңыз. Ұйымыңыз болмаса, бұл сұрақты өткізіп жіберіңіз:
       *[region] Облысыңызды немесе қалаңызды таңдаңыз:
    }
webinar-answer-use-buttons = Төмендегі батырмалардың бірін таңдаңыз.
webinar-answer-text = Мәтін жазыңыз.
webinar-email-invalid = Бұл e-mail мекенжайына ұқсамайды. Мысалы: aigul@mail.kz
webinar-text-too-long = Тым ұзын: { $max } таңбадан аспауы керек.

webinar-registered-notice = 🔔 { $before ->
    [both] Вебинардан бір күн және бір сағат бұрын, сондай-ақ ол басталғанда еске саламын.
    [day] Вебинардан бір күн бұрын және ол басталғанда еске саламын.
    [hour] Вебинардан бір сағат бұрын және ол басталғанда еске саламын.
   *[none] Вебинар басталғанда еске саламын.
} Күнтізбеге арналған файл — төменде.
webinar-registered-toast = Сіз тіркелдіңіз
webinar-waiting-notice = ⏳ Орын қалмады: сіз күту тізіміндесіз, { $position }-орын. Орын босаса, сілтемені бірден жіберемін.

webinar-here-button = ✅ Мен осындамын
webinar-here-thanks = Белгіленді: сіз вебинардасыз. Пайдалы болсын!
webinar-rate-1 = 1⭐
webinar-rate-2 = 2⭐
webinar-rate-3 = 3⭐
webinar-rate-4 = 4⭐
webinar-rate-5 = 5⭐
webinar-rated = Рақмет! «{ $title }» вебинарына бағаңыз: { $rating }⭐.
    Қаласаңыз, бір-екі сөз жазыңыз: не ұнады, не жетпеді.
webinar-no-comment-button = Пікірсіз
webinar-comment-thanks = Пікіріңізге рақмет!

webinar-mine-title = 📋 <b>Менің вебинарларым</b>
webinar-mine-empty = Сіз әзірге ешбір вебинарға тіркелмегенсіз.
webinar-mine-line = • { $title } — { $when } · { $status ->
    [registered] ✅ тіркелдіңіз
    [waiting] ⏳ күту тізімі
    [cancelled] ✖ болдырылмады
    [attended] 🎓 қатыстыңыз
    [live] ▶️ қазір өтіп жатыр
   *[past] өтіп кетті
}

webinar-error-not-found = Мұндай вебинар жоқ.
webinar-error-already = Сіз бұл вебинарға тіркеліп қойғансыз.
webinar-error-cancelled = Бұл вебинар болдырылмады.
webinar-error-started = Вебинар басталып кетті: тіркелу мен өзгерту жабық.
webinar-error-not-started = Вебинар әлі басталған жоқ.
webinar-error-not-registered = Сіз бұл вебинарға тіркелмегенсіз.
webinar-error-not-attended = Вебинарды оған қатысқандар ғана бағалай алады.
webinar-error-attendance-closed = Вебинар басталғаннан бастап, ол аяқталғаннан кейін екі сағатқа дейін белгілене аласыз.
webinar-error-rating = Баға — 1-ден 5-ке дейін.

## Reminders and notices (sent by the delivery engine)

webinar-reminder-24h = 📅 «{ $title }» вебинары туралы еске саламыз
    🗓 { $when } (Астана уақытымен)
    🔗 { $link }
webinar-reminder-1h = ⏰ «{ $title }» вебинары жақында басталады
    🗓 { $when }
    🔗 { $link }
webinar-reminder-start = ▶️ «{ $title }» вебинары басталды!
    🗓 { $when }
    🔗 Қосылыңыз: { $link }
    Белгілену үшін «✅ Мен осындамын» батырмасын басыңыз.
webinar-notice-promoted = 🎉 Орын босады — сіз «{ $title }» вебинарына тіркелдіңіз!
    🗓 { $when } (Астана уақытымен)
    🔗 Қосылу сілтемесі: { $link }
webinar-notice-moved = 🔄 «{ $title }» вебинарының уақыты ауысты.
    🗓 Жаңа уақыты: { $when } (Астана уақытымен)
    🔗 { $link }
    Еске салғыштар жаңа уақыт бойынша келеді.
webinar-notice-moved-waiting = 🔄 «{ $title }» вебинары { $when } уақытына ауыстырылды (Астана уақытымен). Сіз әлі де күту тізіміндесіз.
webinar-notice-link = 🔗 «{ $title }» вебинарының жаңа сілтемесі ({ $when }):
    { $link }
webinar-notice-cancelled = ✖ «{ $title }» ({ $when }) вебинары өтпейді. Кешірім сұраймыз. Басқа вебинарлар: /webinars
webinar-notice-feedback = 🙏 «{ $title }» вебинарына қатысқаныңызға рақмет! Оны 1-ден 5-ке дейін бағалаңыз:
webinar-notice-recording = 🎬 «{ $title }» вебинарына қатыса алмадыңыз ба? Міне, жазбасы:
    { $link }

## Coordinators

webinar-manage-title = 🛠 <b>Вебинарлар</b>: жақындағылары және соңғы бір айдағылары.
webinar-manage-empty = Әзірге вебинар жоқ.
webinar-new-button = ➕ Жаңа вебинар
webinar-back-to-manage = ‹ Басқаруға
webinar-no-program = Бағдарламасыз
webinar-admin-program = 🏷 Бағдарлама: { $program }
webinar-admin-counts = 👥 Тіркелгендер: { $registered } / { $capacity } · күтуде: { $waiting }
webinar-admin-attendance = ✅ Қатысқандар: { $attended } · ⭐ { $average } (бағалар: { $rated })
webinar-admin-questions = ❓ Тіркелу сұрақтары: { $questions }
webinar-admin-link = 🔗 Қосылу сілтемесі: { $link }
webinar-admin-share = 📣 Тіркелуге сілтеме: { $link }
webinar-questions-none = жоқ
webinar-question-name = { $question ->
    [email] e-mail
    [org] ұйым
   *[region] облыс
}
webinar-edit-button = ✏️ Өзгерту
webinar-people-button = 👥 Қатысушылар
webinar-excel-button = ⬇️ Excel
webinar-recording-button = 🎬 Жазба сілтемесі
webinar-cancel-button = ✖ Вебинарды болдырмау
webinar-cancel-confirm = «{ $title }» вебинарын тоқтатасыз ба? { $count ->
    [0] Әзірге ешкім тіркелмеген.
   *[other] Тіркелгендер мен күту тізіміндегілердің барлығына ({ $count }) хабарлаймыз.
}
webinar-cancel-yes = Иә, вебинарды болдырмау
webinar-cancelled-done = ✖ Вебинар болдырылмады, қатысушыларға хабарлаймыз.
webinar-people-title = 👥 <b>{ $title }</b>
    Тіркелгендер: { $registered } · күтуде: { $waiting }
webinar-people-empty = Әзірге ешкім тіркелмеген.
webinar-people-waiting = ⏳ <b>Күту тізімі</b>
webinar-people-mark-hint = Адамның вебинарға қатысқанын белгілеу үшін атын басыңыз.
webinar-export-empty = Жүктейтін ештеңе жоқ: тіркелгендер жоқ.
webinar-export-wait = Файлды дайындап жатырмын…
webinar-export-caption = 📊 «{ $title }»: файлдағы қатысушылар — { $count }

webinar-edit-choose = Нені өзгертесіз?
webinar-field-name = { $field ->
    [title_kk] Атауы (қаз.)
    [title_ru] Атауы (орыс.)
    [description_kk] Сипаттамасы (қаз.)
    [description_ru] Сипаттамасы (орыс.)
    [speaker] Спикер
    [starts_at] Күні мен уақыты
    [duration_min] Ұзақтығы
    [language] Тілі
    [capacity] Орын саны
    [join_url] Сілтеме
    [program] Бағдарлама
    [questions] Сұрақтар
   *[recording_url] Жазба
}
webinar-step = Жаңа вебинар · { $step }/{ $steps }-қадам
webinar-ask-edit = ✏️ Өзгерту
webinar-ask = { $field ->
    [title_kk] Вебинардың қазақша атауы:
    [title_ru] Вебинардың орысша атауы:
    [description_kk] Вебинар туралы қысқаша, қазақша (өткізіп жіберуге болады):
    [description_ru] Вебинар туралы қысқаша, орысша (өткізіп жіберуге болады):
    [speaker] Вебинарды кім жүргізеді? Аты-жөнін жазыңыз: екі тілде де жазылған күйінде көрсетіледі.
    [starts_at] Басталу күні мен уақыты (Астана уақытымен), мысалы: 25.11.2026 15:00
    [duration_min] Қанша уақытқа созылады? Таңдаңыз немесе минут санын жазыңыз (10–600):
    [language] Вебинар қай тілде өтеді?
    [capacity] Қанша орын бар? Санын жазыңыз немесе «Шектеусіз» батырмасын басыңыз.
    [join_url] Қосылу сілтемесі (http:// немесе https://). Оны тек тіркелгендер көреді:
    [program] Вебинар қай бағдарламаға жатады?
    [questions] Тіркелу кезінде не сұраймыз? Қажеттісін белгілеп, «Дайын» батырмасын басыңыз.
   *[recording_url] Жазба сілтемесі (http:// немесе https://). Оны вебинарға келе алмағандар алады:
}
webinar-skip-button = Өткізіп жіберу ›
webinar-minutes = { $minutes } мин
webinar-language-name = { $language ->
    [kk] Қазақша
    [ru] Орысша
   *[both] Екеуі де
}
webinar-capacity-none = Шектеусіз
webinar-done-button = Дайын ›
webinar-summary-title = 📝 <b>Вебинарды тексеріңіз</b>
webinar-summary-capacity = 👥 Орын саны: { $capacity }
webinar-create-button = ✅ Вебинарды құру
webinar-created = ✅ Вебинар құрылды.
webinar-saved = ✅ Сақталды.
webinar-wizard-cancelled = Вебинар құрылмады.
webinar-use-buttons = Төмендегі батырмалардың бірін таңдаңыз.
webinar-when-invalid = Уақытты түсінбедім. Күні мен уақытын былай жазыңыз: 25.11.2026 15:00
webinar-when-past = Бұл уақыт өтіп кетті. Болашақтағы уақытты көрсетіңіз.
webinar-when-too-far = Бір жылдан әрі жоспарлауға болмайды.
webinar-error-duration = Ұзақтығы — 10-нан 600-ге дейінгі минут саны.
webinar-error-capacity = Орын санын цифрмен жазыңыз, мысалы: 100.
webinar-error-capacity-positive = Орын саны нөлден көп болуы керек. Немесе «Шектеусіз» батырмасын басыңыз.
webinar-error-link = http:// немесе https:// деп басталатын сілтеме керек.

webinar-xlsx-sheet = Қатысушылар
webinar-xlsx-status = Мәртебесі
webinar-xlsx-name = Telegram-дағы аты
webinar-xlsx-username = Username
webinar-xlsx-registered = Тіркелген уақыты
webinar-xlsx-email = E-mail
webinar-xlsx-org = Ұйым
webinar-xlsx-region = Облыс
webinar-xlsx-attended = Қатысты
webinar-xlsx-rating = Бағасы
webinar-xlsx-comment = Пікір
webinar-xlsx-yes = Иә
webinar-xlsx-no = Жоқ
webinar-xlsx-status-value = { $status ->
    [registered] тіркелген
    [waiting] күтуде
   *[cancelled] бас тартқан
}
