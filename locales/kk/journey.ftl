## One person's path and the «stages» report (the funnel)

menu-journey = 🧭 Менің жолым
# «Воронка» has no native Kazakh word; «шұңқыр» reads as a pit. «Жол кезеңдері» (the stages of
# the path) says what the report shows: how many people pass each stage, from application to
# repayment.
menu-funnel = 📊 Жол кезеңдері
journey-card-button = 🧭 Жолы

journey-title-mine = <b>Менің жолым</b>
journey-title-person = <b>Жолы: { $name }</b> (ID нөмірі { $id })
journey-empty-mine = Әзірге мұнда ештеңе жоқ: өтінім беріңіз, курсқа немесе вебинарға жазылыңыз — қадамдарыңыз осы жерде көрінеді.
journey-empty = Сіздің жауапкершілік аймағыңызда бұл адамның қадамдары жоқ.
journey-earlier = … тағы { $count } ертерек қадам
journey-stage = <b>{ $stage ->
    [applications] Өтінімдер
    [training] Оқу
    [webinars] Вебинарлар
    [contest] Қаржыландыру байқауы
    [funding] Қаржыландыру
   *[mentoring] Тәлімгерлік
}</b>
journey-application = { $number } · { $program } — { $status ->
    [submitted] жіберілді
    [in_review] қаралуда
    [info_requested] сұраққа жауап күтілуде
    [approved] мақұлданды
    [rejected] қабылданбады
   *[withdrawn] кері қайтарылды
} (жіберілген күні: { $on })
journey-course = { $course }: { $status ->
    [done] курс аяқталды
    [left] курстан шықты
   *[learning] { $done }/{ $total } сабақ өтілді
} (басталған күні: { $on })
journey-certificate = Сертификат № { $number } (берілген күні: { $on })
journey-webinar = «{ $title }» — { $status ->
    [attended] қатысты
    [waiting] күту тізімінде
    [cancelled] тіркеуден бас тартты
   *[registered] тіркелді
} (өтетін күні: { $on })
journey-entry = «{ $contest }» — { $status ->
    [invited] шақырылды
    [draft] бизнес-жоспар дайындалуда
    [submitted] бизнес-жоспар жіберілді
    [won] жеңімпаз
    [lost] жеңімпаздар қатарына кірмеді
   *[withdrawn] қатысудан бас тартты
} (күні: { $on })
journey-loan = Заем { $contract }: { $principal }, өтелгені { $repaid } — { $status ->
    [repaid] толық өтелді
    [late] мерзімі өткен қарыз: { $overdue }
   *[active] төлемдер уақытында
} (берілген күні: { $on })
journey-project = { $kind ->
    [grant] Грант
   *[loan] Жоба
} «{ $title }»: { $amount }; қабылданған есеп: { $accepted }/{ $reports } — { $status ->
    [late] мерзімі өткен есеп: { $late }
    [closed] жоба жабылды
   *[active] белсенді
} (қаржыландырылған күні: { $on })
journey-mentorship = Тәлімгер: { $mentor } — { $status ->
    [ended] аяқталды
   *[active] белсенді
}; жауап берілген кездесу: { $answered }, өткізіп алынғаны: { $missed } (басталған күні: { $on })

journey-search-button = 🔎 Адамды табу
journey-funnel-button = 📊 Жол кезеңдері
journey-search-prompt = Өтінім нөмірін, аты-жөнінің бір бөлігін, телефон нөмірін немесе Telegram ID нөмірін жазыңыз.
journey-search-none = Жауапкершілік аймағыңызда ондай адам табылмады.
journey-search-again = 🔎 Қайта іздеу
journey-search-found = Табылған адамдар: { $count }. Біреуін таңдаңыз.
journey-not-found = Бұл адам табылмады немесе сіздің жауапкершілік аймағыңызда емес.

journey-funnel-title = <b>Жол кезеңдері</b>: { $scope }
journey-funnel-step = { $step ->
    [applied] Өтінім берді
    [approved] Мақұлданды
    [started] Курсты бастады
    [completed] Курсты аяқтады
    [entered] Байқауға бизнес-жоспар жіберді
    [funded] Қаржыландырылды
    [on_time] Заемды уақытында өтеп келеді
   *[repaid] Заемды толық өтеді
}
journey-funnel-first = { $n }. { $step }: <b>{ $count }</b>
journey-funnel-line = { $n }. { $step }: <b>{ $count }</b> · алдыңғы кезеңнен { $previous }, бастағыдан { $start } · медианасы { $days } күн
journey-funnel-skipped = { $n }. { $step }: — (бұл бағдарламаға қатысы жоқ)
journey-funnel-note = Кезең алдыңғы кезеңді өткендерді ғана санайды. Кезең — өтінім жіберілген күн бойынша. Медиана — алдыңғы кезеңнен бері өткен күндер.
journey-all-programs = Барлық бағдарлама
journey-all-regions = Барлық өңір
journey-period = { $period ->
    [y] { $year } жыл
    [12] соңғы 12 ай
   *[a] барлық уақыт
}
journey-period-button = { $period ->
    [y] Биылғы жыл
    [12] 12 ай
   *[a] Барлық уақыт
}
journey-pick-program = Бағдарлама
journey-pick-region = Өңір
journey-pick-program-title = Қай бағдарлама бойынша?
journey-pick-region-title = Қай өңір бойынша?
journey-chart-button = 📈 Диаграмма
journey-excel-button = 📥 Excel
journey-chart-wait = Диаграмманы салып жатырмын…
journey-chart-title = Жол кезеңдері: { $scope }
journey-excel-wait = Файлды дайындап жатырмын…
journey-excel-caption = Жол кезеңдері: сандар, үлестер мен медианалар; екінші парақта — сүзгілер.
journey-xlsx-steps = Кезеңдер
journey-xlsx-step = Кезең
journey-xlsx-count = Адам саны
journey-xlsx-of-previous = Алдыңғы кезеңнен
journey-xlsx-of-start = Бастағыдан
journey-xlsx-median = Медиана, күн
journey-xlsx-median-note = Алдыңғы кезеңнен бері өткен күндердің медианасы
journey-xlsx-filters = Сүзгілер
journey-xlsx-filter = Сүзгі
journey-xlsx-value = Мәні
journey-xlsx-program = Бағдарлама
journey-xlsx-region = Өңір
journey-xlsx-period = Кезең
journey-xlsx-since = Басы (өтінім жіберілген күн)
journey-xlsx-until = Соңы
journey-xlsx-made = Жасалған күні
