## Funded projects and their reports: recipients fill reports, coordinators accept or return them

menu-projects = 📁 Жобалар

project-stale = Табылмады немесе енді өзекті емес.
project-missing = —
project-status = { $status ->
    [submitted] тексерілуде
    [returned] пысықтауға қайтарылды
    [accepted] қабылданды
    [active] жүріп жатыр
    [closed] жабылды
   *[due] есеп күтілуде
}

# A project and a report, as every screen shows them
project-head = <b>{ $title }</b>
    { $kind ->
        [loan] Заем
       *[grant] Грант
    }: { $amount } · { $program } · { $region }
    Қаржыландырылған күні: { $date }
project-person = Алушы: { $name }
project-report-head = <b>№{ $n } есеп</b> · { $title }
    Тапсыру мерзімі: { $date } · { $status ->
        [submitted] тексерілуде
        [returned] пысықтауға қайтарылды
        [accepted] қабылданды
       *[due] есеп күтілуде
    }
project-report-line = №{ $n } · { $date } · { $status ->
        [submitted] тексерілуде
        [returned] пысықтауға қайтарылды
        [accepted] қабылданды
       *[due] есеп күтілуде
    }
project-line-people = 👥 Қамтылған адамдар: { $value }
project-line-spent = 💰 Жұмсалғаны: { $spent }, жоспар бойынша { $plan } ({ $share }%)
project-line-spent-missing = 💰 Жұмсалғаны: — (жоспар: { $plan })
project-line-jobs = 🧑‍🔧 Ашылған жұмыс орындары: { $value }
project-line-summary = 📝 Қорытынды: { $summary }
project-summary-voice = 🎤 дауыстық хабар
project-line-photos = 📷 Фото: { $count }
project-returned-comment = ↩️ <b>Үйлестірушінің ескертпесі</b>: { $comment }

# The recipient
project-mine-title = <b>📊 Менің жобаларым</b>
project-mine-count = { $count ->
    [0] Қаржыландырылған жоба әзірге жоқ.
   *[other] Жобалар саны: { $count }.
}
project-mine-item = { $owed ->
    [0] ✅
   *[other] 📝 { $owed }
} { $title }
project-admin-button = 🗂 Жауапкершілік аймағымдағы жобалар
project-ask-people = №{ $number } есеп · сұрақ { $n }/{ $of }
    <b>Осы кезеңде жоба қанша адамды қамтыды?</b> Санын жазыңыз, мысалы: 120
project-ask-spent = Сұрақ { $n }/{ $of }
    <b>Жоба басталғаннан бері қанша қаржы жұмсалды</b>, теңгемен? Жоспар бойынша — { $plan }. Мысалы: 1 250 000
project-ask-jobs = Сұрақ { $n }/{ $of }
    <b>Қанша жұмыс орны ашылды?</b> Санын жазыңыз (ашылмаса, 0).
project-ask-summary = Сұрақ { $n }/{ $of }
    <b>Қорытындыны қысқаша жазыңыз</b>: не істелді, не шықты, не кедергі болды. Мәтінмен немесе дауыстық хабармен.
project-ask-photos = 📷 Бар болса, жобадан фото жіберіңіз (бір немесе бірнеше). Жіберілгені: { $count }.
    Біткен соң «Дайын» батырмасын басыңыз.
project-photos-done = ✅ Дайын
project-photos-clear = 🗑 Жіберілген фотоларды алып тастау
project-confirm-hint = Тексеріп, есепті үйлестірушіге жіберіңіз.
project-submit-button = 📤 Есепті жіберу
project-change-people = ✏️ Адамдар
project-change-spent = ✏️ Шығыстар
project-change-jobs = ✏️ Жұмыс орындары
project-change-summary = ✏️ Қорытынды
project-add-photos = 📷 Фото қосу
project-leave-button = Кейінірек (жауаптар сақталады)
project-left = Жауаптарыңыз сақталды. Есепке /reports командасымен немесе еске салудағы батырмамен қайта оралуға болады.
project-submitted = ✅ Есеп үйлестірушіге жіберілді.

# Notices
project-fill-button = 📝 Есепті толтыру
project-open-button = 📂 Есепті ашу
project-review-button = 📂 Тексеру
project-notice-before = 🔔 «{ $title }» жобасы бойынша №{ $n } есептің тапсыру мерзімі 3 күннен кейін. Мерзімі: { $date }.
project-notice-due = 🔔 «{ $title }» жобасы бойынша №{ $n } есептің тапсыру мерзімі — бүгін, { $date }.
project-notice-returned = ↩️ «{ $title }» жобасы бойынша №{ $n } есеп пысықтауға қайтарылды.
    Үйлестірушінің ескертпесі: { $comment }
project-notice-accepted = ✅ «{ $title }» жобасы бойынша №{ $n } есеп қабылданды. Рақмет!
project-notice-submitted = 📥 { $name } «{ $title }» жобасы бойынша №{ $n } есепті жіберді.

# The coordinator
project-hub = <b>📁 Жобалар</b>
    Жауапкершілік аймағыңызда қаржыландырылғаны: { $projects }
    Тексерілуді күтетін есептер: { $waiting }
    Мерзімі өткен есептер: { $overdue }
project-list-button = 🗂 Барлық жобалар ({ $count })
project-waiting-button = 📥 Тексерілуде ({ $count })
project-overdue-button = ⏰ Мерзімі өткен ({ $count })
project-excel-button = 📊 Excel: мерзімі өткен және тексерілетін есептер
project-grant-button = ➕ Грантты тіркеу
project-mine-button = 📊 Менің жобаларым
project-list-title = <b>Жобалар</b>: { $count }
project-list-item = { $status ->
    [closed] ⚪
   *[active] 🟢
} { $title }
project-listed-item = { $name } · { $title } · №{ $n }
project-waiting-title = <b>Тексерілуді күтетін есептер</b>: { $count }
project-overdue-title = <b>Мерзімі өткен есептер</b>: { $count }
project-overdue-line = • { $name } — «{ $title }», №{ $n }, мерзімі: { $date } ({ $days } күн кешікті)
project-excel-caption = Файлдағы есептер саны: { $count }
project-close-button = 🔒 Жобаны жабу
project-close-confirm = «{ $title }» жобасын жабамыз ба? Есеп туралы еске салулар енді жіберілмейді.
project-close-yes = Иә, жабу
project-closed = Жоба жабылды
project-media-button = 📷 Фото және дауыстық хабарлар ({ $count })
project-accept-button = ✅ Қабылдау
project-return-button = ↩️ Қайтару
project-to-card = 📂 Жоба карточкасы
project-accepted = Есеп қабылданды
project-ask-comment = Нені түзету керегін жазыңыз ({ $max } таңбаға дейін). Алушы ескертпені көреді — қарапайым сөзбен жазыңыз.
project-returned = ↩️ Есеп қайтарылды, алушы ескертпеңізді көреді.

# Recording a grant
project-grant-program = <b>Грантты тіркеу</b>: бағдарламаны таңдаңыз.
project-grant-person = <b>{ $program }</b>: грант кімге берілді? Жауапкершілік аймағыңыздағы мақұлданған үміткерлер: { $count }.
project-grant-title = Алушы: { $name }
    Жобаның атауын жазыңыз ({ $max } таңбаға дейін).
project-grant-amount = Грант сомасы қанша, теңгемен? Мысалы: 4 500 000
project-grant-date = Қаржыландырылған күні? Жазыңыз, мысалы 14.05.2026, немесе «Бүгін» батырмасын басыңыз.
project-grant-today = 📅 Бүгін
project-grant-summary = <b>Грантты тексеріңіз</b>
    Алушы: { $name }
    Бағдарлама: { $program }
    Жоба: { $title }
    Сомасы: { $amount }
    Қаржыландырылған күні: { $date }
    Есеп мерзімдері бағдарлама ережесі бойынша белгіленеді.
project-grant-ok = ✅ Тіркеу
project-grant-cancel = Бас тарту
project-grant-done = Грант тіркелді, есеп мерзімдері белгіленді

# Refusals
project-error-program = Бағдарлама енді жұмыс істемейді.
project-error-amount = Соманы цифрмен жазыңыз, нөлден үлкен, мысалы: 4 500 000
project-error-title = Атаудың ұзындығы: 3–{ $max } таңба.
project-error-no-person = Заемның ботта алушысы жоқ.
project-error-scope = Бұл сіздің жауапкершілік аймағыңызға кірмейді.
project-error-future = Қаржыландырылған күні болашақта бола алмайды.
project-error-comment = Ескертпенің ұзындығы: 1–{ $max } таңба.
project-error-gone = Есеп табылмады.
project-error-decided = Бұл есеп бойынша шешім қабылданып қойған.
project-error-not-open = Бұл есеп жіберіліп қойған немесе жоба жабылған.
project-error-number = Нөлден кем емес бүтін сан керек.
project-error-summary = Қорытындының ұзындығы: { $min }–{ $max } таңба.
project-error-photos = Фото саны { $max } шегінен аспауы керек.
project-error-incomplete = Алдымен барлық сұраққа жауап беріңіз.
project-error-people = Адамдар санын цифрмен жазыңыз, мысалы: 120
project-error-spent = Соманы теңгемен, цифрмен жазыңыз, мысалы: 1 250 000
project-error-jobs = Жұмыс орындарының санын цифрмен жазыңыз, мысалы: 3
project-error-summary-kind = Қорытындыны мәтінмен немесе дауыстық хабармен жіберіңіз.
project-error-photo-kind = Мұнда фото керек. Немесе «Дайын» батырмасын басыңыз.
project-error-date = Күнді 14.05.2026 түрінде жазыңыз, бүгіннен кеш емес.
project-error-text = Мәтінмен жауап беріңіз.

# The workbook
project-xlsx-sheet = Есептер
project-xlsx-person = Алушы
project-xlsx-program = Бағдарлама
project-xlsx-region = Облыс
project-xlsx-title = Жоба
project-xlsx-amount = Сомасы
project-xlsx-n = Есеп №
project-xlsx-due = Мерзімі
project-xlsx-days-late = Кешіккен күн
project-xlsx-status = Мәртебе
project-xlsx-people = Қамтылған адамдар
project-xlsx-spent = Жұмсалғаны
project-xlsx-jobs = Жұмыс орындары
