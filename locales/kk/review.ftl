## Coordinators review applications: the queue, the card, decisions, scores, the Excel export

menu-review = 🗂 Өтінімдерді қарау

review-status = { $status ->
    [submitted] 📨 тапсырылды
    [in_review] 🔎 қаралуда
    [info_requested] ❓ үміткердің жауабын күтуде
    [approved] ✅ мақұлданды
    [rejected] ✖ қабылданбады
    [withdrawn] ↩ кері алынды
   *[draft] ✏️ толтырылуда
}
review-status-waiting = ⏳ Шешім күтуде
review-all = Барлығы

## The queue

review-queue-title = <b>🗂 Қаралатын өтінімдер</b>
review-queue-count = Өтінімдер: { $count }
review-queue-empty = Бұл сүзгілер бойынша өтінім жоқ. Төмендегі батырмалармен сүзгілерді өзгертіңіз.
review-queue-item = { $number } · { $name } · { $status ->
    [submitted] 📨
    [in_review] 🔎
    [info_requested] ❓
    [approved] ✅
    [rejected] ✖
   *[withdrawn] ↩
}
review-filter-program = Бағдарлама: { $value }
review-filter-region = Өңір: { $value }
review-filter-status = Мәртебесі: { $value }
review-choose-program = Қай бағдарламаның өтінімдерін көрсетейін?
review-choose-region = Қай өңірдің өтінімдерін көрсетейін?
review-choose-status = Қандай мәртебедегі өтінімдерді көрсетейін?
review-excel = ⬇️ Excel

## The card

review-card-title = <b>{ $number }</b> · { $program }
review-card-status = Мәртебесі: { $status }
review-card-submitted = Тапсырылған күні: { $date }
review-card-applicant = <b>Үміткер:</b> { $name }
review-card-contact = <b>Байланыс:</b> { $contact }
review-card-answers = <b>Жауаптар</b>
review-card-scores = <b>Бағалар</b> (бағалаушылар: { $count })
review-card-no-scores = Әлі баға қойылған жоқ.
review-card-score = { $criterion }: { $average }
review-card-overall = <b>Орташа баға:</b> { $average }
review-card-history = <b>Өтінім тарихы</b>
review-event = { $when } · { $who }: { $kind ->
    [submitted] 📨 өтінім тапсырылды
    [taken] 🔎 қарауға алынды
    [question] ❓ сұрақ: { $text }
    [answer] ✍️ жауап: { $text }
    [approved] ✅ мақұлданды
    [rejected] ✖ қабылданбады, себебі: { $text }
    [withdrawn] ↩ үміткер кері алды
   *[note] 📝 жазба: { $text }
}
review-answer-field = Үйлестірушінің сұрағына жауап

## Buttons of the card

review-take = 🔎 Қарауға алу
review-ask = ❓ Сұрақ қою
review-approve = ✅ Мақұлдау
review-reject = ✖ Қабылдамау
review-note = 📝 Жазба
review-score = ⭐ Бағалау
review-files = 📎 Файлдар ({ $count })
review-back-to-queue = ‹ Тізімге

## Actions

review-prompt-question = ❓ { $number } өтінімі бойынша үміткерге сұрағыңызды жазыңыз. Ол сұрақты чатта алады, ал жауабы өтінім карточкасында шығады.
review-prompt-reason = ✖ { $number } өтінімін қабылдамау себебін жазыңыз. Үміткер оны хабарламада көреді, сондықтан сыпайы әрі түсінікті жазыңыз.
review-prompt-note = 📝 { $number } өтініміне жазба қалдырыңыз. Оны тек үйлестірушілер көреді, үміткер көрмейді.
review-expects-text = Мұнда бір хабармен жазылған мәтін керек. Жазыңыз немесе «‹ Артқа» батырмасын басыңыз.
review-text-too-long = Тым ұзын: ең көбі { $max } таңба, сізде { $over } таңба артық. Қысқартып, қайта жіберіңіз.
review-question-sent = ❓ Сұрақ үміткерге жіберілді.
review-rejected = ✖ Өтінім қабылданбады. Үміткер себебі жазылған хабарлама алады.
review-note-saved = 📝 Жазба сақталды.
review-approve-confirm = <b>{ $number }</b> өтінімін ({ $program }) мақұлдайсыз ба?
    Үміткер бірден хабарлама алады, шешімді кейін өзгерту мүмкін емес.
review-approve-yes = ✅ Иә, мақұлдау
review-approved = ✅ Өтінім мақұлданды, үміткер хабарлама алады
review-taken = 🔎 Өтінім қарауға алынды
review-not-possible = Қазір мұны істеу мүмкін емес: өтінімнің мәртебесі — { $status }.
review-choose-criterion = ⭐ <b>{ $number }</b> өтінімін бағалау. Өлшемді таңдаңыз (сіздің бағаңыз қос нүктеден кейін):
review-criterion-button = { $criterion }: { $score }
review-choose-score = ⭐ <b>{ $criterion }</b>
    1-ден (әлсіз) 5-ке (өте жақсы) дейін баға қойыңыз.
review-scored = Баға сақталды: { $score }
review-no-criteria = Бұл бағдарламада бағалау өлшемдері жоқ.
review-files-none = Бұл өтінімде файл жоқ.
review-files-sent = Жіберілген файлдар: { $count }
review-file-caption = { $number } · { $field }

## The Excel export

review-export-empty = Жүктейтін ештеңе жоқ: бұл сүзгілер бойынша өтінім жоқ.
review-export-wait = Файлды дайындап жатырмын…
review-export-caption = 📊 Жүктелген өтінімдер: { $count }
review-export-cut = Барлығы { $total } өтінімнің алғашқы { $limit } өтінімі жүктелді. Қалғанын алу үшін сүзгілерді нақтылаңыз.
review-xlsx-sheet = Өтінімдер
review-xlsx-number = Өтінім нөмірі
review-xlsx-status = Мәртебесі
review-xlsx-submitted = Тапсырылған күні
review-xlsx-applicant = Telegram-дағы үміткер
review-xlsx-region = Облыс
review-xlsx-district = Аудан
review-xlsx-decision = Шешім
review-xlsx-decided = Шешім күні
review-xlsx-reason = Шешімнің себебі
review-xlsx-score = Баға: { $criterion }
review-xlsx-overall = Орташа баға
review-xlsx-reviewers = Бағалаушылар
review-xlsx-status-value = { $status ->
    [submitted] тапсырылды
    [in_review] қаралуда
    [info_requested] үміткердің жауабын күтуде
    [approved] мақұлданды
    [rejected] қабылданбады
    [withdrawn] кері алынды
   *[draft] толтырылуда
}
