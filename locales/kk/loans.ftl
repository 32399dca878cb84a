## Loans and repayments: borrowers

menu-loan = 💰 Менің заемым
menu-loans-admin = 💼 Заемдар

loan-none =
    <b>💰 Менің заемым</b>
    Аккаунтыңызға әлі бірде-бір заем байланыстырылмаған.
    Бағдарлама үйлестірушісі сізге шақыру кодын немесе сілтеме береді. Төмендегі батырманы басып, кодты жіберіңіз немесе /loan КОД деп жазыңыз.
loan-enter-code-button = 🔑 Кодты енгізу
loan-ask-code = Үйлестірушіден алған шақыру кодын жіберіңіз, мысалы: <code>AB2CD3EF</code>
loan-invite-unknown = Мұндай код табылмады. Кодты тексеріңіз немесе үйлестірушіден сұраңыз.
loan-invite-used = Бұл код бұрын пайдаланылған. Код бір-ақ рет жарамды: заем сіздікі болса, үйлестірушіден жаңа код сұраңыз.
loan-invite-mine = № { $contract } заем сізге байланыстырылған. Ашу: /loan
loan-linked = ✅ № { $contract } заем аккаунтыңызға байланыстырылды. Төлем туралы еске салғыштар осында келеді.
loan-list-title = Сізде { $count } заем бар. Таңдаңыз:
loan-list-item = № { $contract } · { $program }
loan-all-button = ‹ Барлық заемдарым

loan-card-title = 💰 <b>№ { $contract } заем</b> · { $program }
loan-card-next = 📅 Келесі төлем: <b>{ $amount }</b>, мерзімі: { $due }
loan-card-repaid = 🎉 Заем толық өтелді.
loan-card-outstanding = Қалған қарыз: { $left } (барлығы { $total })
loan-card-paid =
    Төленгені: { $paid }
    { $bar }
loan-card-overdue = ⚠️ Мерзімі өткен: <b>{ $amount }</b>, { $days } күн
loan-card-reported = ⏳ Үйлестіруші тексеріп жатыр: { $count } төлем, { $amount }
loan-card-coordinator = Үйлестіруші: { $name }
loan-paid-button = 💸 Төледім
loan-schedule-button = 📅 Кесте
loan-payments-button = 🧾 Төлемдер
loan-back-to-card = ‹ Заемға оралу
loan-open-button = 💰 Заемды ашу

loan-schedule-title = <b>📅 Төлем кестесі · № { $contract }</b> ({ $count } төлем)
loan-schedule-line = { $mark ->
    [paid] ✅
    [late] ⚠️
    [late-part] ⚠️
    [part] ◐
   *[due] ▫️
} { $n }. { $due } — { $amount }{ $mark ->
    [part] , төленгені { $paid }
    [late-part] , төленгені { $paid }
   *[other] {""}
}
loan-schedule-total = Барлығы қайтарылатын сома: { $total }

loan-payments-title = <b>🧾 Төлемдер · № { $contract }</b>
loan-payments-empty = Әзірге төлем жоқ.
loan-payment-line = { $status ->
    [confirmed] ✅
    [reported] ⏳
    [rejected] ❌
   *[reversed] ↩️
} { $date } — { $amount }{ $status ->
    [reported] {" "}(тексерілуде)
    [rejected] : расталмады. { $reason }
    [reversed] : жойылды. { $reason }
   *[confirmed] {""}
}
loan-payments-more = …тағы { $count }

## "I paid"

loan-pay-ask-amount =
    <b>💸 Қанша төледіңіз?</b>
    Келесі төлем: { $next }, мерзімі: { $due }.
    Ең көбі { $left } көрсетуге болады.
    Соманы цифрмен жазыңыз, мысалы: 83 333
loan-pay-amount-button = { $amount }
loan-pay-ask-date =
    <b>📅 { $amount } қашан төледіңіз?</b>
    Батырманы басыңыз немесе күнді жазыңыз, мысалы: { $example }
loan-pay-today = Бүгін
loan-pay-yesterday = Кеше
loan-pay-ask-receipt =
    <b>🧾 Түбіртекті жіберіңіз</b>: фото немесе PDF.
    Төлем: { $amount }, { $date }.
loan-pay-sent = ✅ Үйлестірушіге жіберілді: { $amount }, төленген күні: { $date }. Төлем тексерілгенде хабар келеді.
loan-pay-cancelled = Тоқтатылды.
loan-pay-nothing-due = Бұл заем бойынша төлейтін сома қалмады (немесе барлық төлем тексерілуде).

loan-error-expects-amount = Соманы цифрмен жазыңыз, мысалы: 83 333
loan-error-money-invalid = Соманы түсінбедім. Цифрмен жазыңыз, мысалы: 83 333
loan-error-money-words = Соманы «млн», «мың» сөздерінсіз, цифрмен жазыңыз: мысалы, { $example }
loan-error-money-fraction = Сома тиынсыз, бүтін теңгемен жазылады.
loan-error-negative = Сома теріс бола алмайды.
loan-error-zero = Сома нөлден үлкен болуы керек.
loan-error-amount-zero = Сома нөлден үлкен болуы керек.
loan-error-amount-over = Бұл қалған қарыздан көп: ең көбі { $outstanding }.
loan-error-date-invalid = Күнді түсінбедім. Былай жазыңыз: { $example }
loan-error-date-future = Бұл күн әлі келген жоқ. Төлеген күніңізді көрсетіңіз.
loan-error-date-before = Заем берілген күн: { $disbursed }. Төлем одан ерте бола алмайды.
loan-error-receipt = Түбіртек керек: фото немесе PDF файл. Стикер, дауыстық хабар және басқа файлдар жарамайды.
loan-error-receipt-size = Файл { $max } МБ-тан үлкен. Түбіртектің фотосын жіберіңіз.
loan-error-not-yours = Бұл сіздің заемыңыз емес.
loan-error-decided = Бұл төлем тексеріліп қойған.
loan-error-not-confirmed = Тек расталған төлемді жоюға болады.

## What borrowers are told

loan-notice-confirmed = ✅ № { $contract } заем бойынша { $date } күнгі { $amount } төлем расталды. Рақмет! Бұл қаражат келесі кәсіпкерге көмектеседі.
loan-notice-corrected = ✅ № { $contract } заем бойынша { $date } күнгі төлем { $amount } сомасына расталды (сіз { $reported } көрсеттіңіз). Сұрағыңыз болса, үйлестірушіге жазыңыз.
loan-notice-rejected =
    ❌ № { $contract } заем бойынша { $date } күнгі { $amount } төлем расталмады.
    Себебі: { $reason }
loan-notice-recorded = ✅ Үйлестіруші № { $contract } заем бойынша { $date } күнгі { $amount } төлеміңізді енгізді. Рақмет!
loan-notice-reversed =
    ↩️ № { $contract } заем бойынша { $date } күнгі { $amount } төлемді үйлестіруші жойды.
    Себебі: { $reason }
loan-notice-repaid = 🎉 № { $contract } заем толық өтелді: { $amount }. Рақмет! Қайтарылған қаражатты келесі кәсіпкерлер алады.

loan-remind-before =
    🔔 № { $contract } заем бойынша төлемге { $days } күн қалды.
    Сомасы: <b>{ $amount }</b>, мерзімі: { $due }.
    Төлегеннен кейін «💸 Төледім» батырмасын басыңыз.
loan-remind-due =
    🔔 Бүгін № { $contract } заем бойынша төлем күні.
    Сомасы: <b>{ $amount }</b>, мерзімі: { $due }.
    Төлегеннен кейін «💸 Төледім» батырмасын басыңыз.
loan-remind-overdue =
    ⚠️ № { $contract } заем бойынша төлемнің мерзімі { $days } күнге өтті.
    Сомасы: <b>{ $amount }</b>, мерзімі: { $due } болатын.
    Уақытында қайтарылған әр төлем — келесі кәсіпкердің заемы. Төлеп қойсаңыз, «💸 Төледім» батырмасын басыңыз; төлеу қиын болса, үйлестірушіге жазыңыз.
loan-nudge = 📨 Үйлестірушінің еске салуы: № { $contract } заем бойынша мерзімі өткен сома — { $amount } ({ $days } күн). Төлеп қойсаңыз, «💸 Төледім» батырмасын басыңыз.

## Coordinators: the portfolio

loan-admin-title = <b>💼 Заемдар</b> · { $scope }
loan-admin-loans = Заемдар: { $count } (өтелгені: { $repaid })
loan-admin-disbursed = Берілгені: { $amount }
loan-admin-repaid = Қайтарылғаны: { $amount } · қайтарым деңгейі { $rate }
loan-admin-outstanding = Қалған қарыз: { $amount }
loan-admin-overdue = ⚠️ Мерзімі өткені: { $amount }, { $count } қарыз алушыда
loan-admin-par = PAR 1 / 30 / 90: { $par1 } / { $par30 } / { $par90 }
loan-admin-buckets = <b>Мерзімі өткен күндер бойынша қалдық:</b>
loan-admin-bucket = { $bucket ->
    [current] • мерзімінде
   *[other] • { $bucket } күн
}: { $count } — { $amount }
loan-admin-available = 🔄 Қайта беруге болады: <b>{ $amount }</b>
loan-admin-empty = Әзірге заем жоқ. Жаңа заем ашыңыз немесе файл жүктеңіз.
loan-admin-all = Барлығы
loan-admin-pending-button = 📥 Тексеруге ({ $count })
loan-admin-late-button = ⚠️ Мерзімі өткен ({ $count })
loan-admin-list-button = 📋 Барлық заемдар
loan-admin-new-button = ➕ Жаңа заем
loan-admin-chart-button = 📊 Диаграмма
loan-admin-excel-button = ⬇️ Excel
loan-admin-import-button = 📤 Импорт
loan-admin-rules-button = ⚙️ Еске салғыштар
loan-admin-filter-program = Бағдарлама: { $program }
loan-admin-filter-region = Өңір: { $region }
loan-admin-home-button = ‹ Портфельге
loan-admin-pick-program = Қай бағдарламаның заемдарын көрсету керек?
loan-admin-pick-region = Қай өңірдің заемдарын көрсету керек?
loan-admin-chart-wait = Диаграмма салынып жатыр…
loan-admin-export-wait = Файл дайындалып жатыр…
loan-admin-export-caption = Заемдар, кестелер мен төлемдер: { $count } заем.
loan-admin-export-too-big = Файл { $max } МБ-тан үлкен шықты — Telegram мұндай файлды жібермейді: бағдарламаны немесе өңірді таңдаңыз.

loan-admin-list-title = <b>📋 Заемдар</b>: { $count }
loan-admin-list-item = { $status ->
    [repaid] ✅
   *[other] 💰
} { $contract } · { $name }
loan-admin-late-title = <b>⚠️ Мерзімі өткен заемдар</b>: { $count }
loan-admin-late-empty = Мерзімі өткен төлем жоқ 🎉
loan-admin-late-line = { $number }. { $name } (№ { $contract }) — { $amount }, { $days } күн{ $linked ->
    [no] {" "}· Telegram-ға байланыстырылмаған
   *[yes] {""}
}
loan-admin-late-item = { $number }. { $name }
loan-admin-nudge-all-button = 📨 Барлығына еске салу ({ $count })
loan-admin-nudged = Жіберілген еске салғыштар: { $sent }. Әр қарыз алушыға күніне біреуден артық емес.
loan-admin-pending-title = <b>📥 Тексерілетін төлемдер</b>: { $count }
loan-admin-pending-empty = Барлық төлем тексерілді.
loan-admin-pending-item = { $contract } · { $name } · { $amount }

## Coordinators: a loan

loan-admin-card-title = 💼 <b>№ { $contract }</b> · { $program } · { $region }
loan-admin-card-borrower = Қарыз алушы: { $name }
loan-admin-card-linked = Telegram: { $account } ✅
loan-admin-card-invite = Telegram-ға байланыстырылмаған. Шақыру коды: <code>{ $code }</code>
loan-admin-card-link = Қарыз алушыға сілтеме: { $link }
loan-admin-card-terms = { $principal }, жылдық { $rate }, { $term } ай, жеңілдік кезеңі { $grace } ай, { $frequency ->
    [quarterly] тоқсан сайын
   *[monthly] ай сайын
}
loan-admin-card-dates = Берілген күні: { $disbursed }; төлемдер: { $first } – { $last }
loan-admin-card-money =
    Қайтарылғаны { $repaid }, қалғаны { $left }
    { $bar }
loan-admin-check-button = 📥 Төлемді тексеру ({ $count })
loan-admin-record-button = 💵 Төлем енгізу
loan-admin-nudge-button = 📨 Еске салу
loan-admin-invite-button = 🔗 Жаңа код
loan-admin-invite-confirm = № { $contract } заемға жаңа шақыру коды берілсін бе? Ескі код жарамсыз болады.{ $linked ->
    [yes] {" "}Заем қазіргі Telegram аккаунтынан ажыратылады.
   *[no] {""}
}
loan-admin-invite-yes = 🔗 Иә, жаңа код
loan-admin-invite-new = 🔗 Жаңа шақыру коды дайын.
loan-admin-created = ✅ Заем ашылды.
loan-admin-already-opened = Бұл өтінім бойынша заем бұрын ашылған.

loan-admin-payment-item = { $status ->
    [reported] ⏳
   *[confirmed] ✅
} { $date } · { $amount }
loan-admin-payment =
    <b>🧾 № { $contract } заем бойынша төлем</b>
    Қарыз алушы: { $name }
    Сомасы: <b>{ $amount }</b>, төленген күні: { $date }
    Күйі: { $status ->
        [reported] ⏳ тексерілуде
        [confirmed] ✅ расталды
        [rejected] ❌ расталмады
       *[reversed] ↩️ жойылды
    }
    { $source ->
        [borrower] Хабарлаған қарыз алушы
       *[coordinator] Енгізген үйлестіруші
    }: { $by }
loan-admin-payment-reported = Қарыз алушы көрсеткен сома: { $amount }
loan-admin-payment-reason = Себебі: { $reason }
loan-admin-payment-balance = Заем бойынша қалдық: { $left } (барлығы { $total })
loan-admin-receipt-button = 📎 Түбіртек
loan-admin-confirm-button = ✅ Растау
loan-admin-fix-button = ✏️ Соманы түзету
loan-admin-reject-button = ❌ Қабылдамау
loan-admin-reverse-button = ↩️ Төлемді жою
loan-admin-to-payments = ‹ Төлемдер
loan-admin-confirmed = ✅ { $amount } төлем расталды, қарыз алушыға хабар жіберілді.
loan-admin-rejected = ❌ Төлем расталмады, себебі қарыз алушыға жіберілді.
loan-admin-reversed = ↩️ { $amount } төлем жойылды, қалдық қайта есептелді.
loan-admin-fix-ask = Қарыз алушы { $amount } көрсетті ({ $date }). Шотқа түскен соманы жазыңыз — төлем сол сомаға расталады.
loan-admin-reject-ask = { $date } күнгі { $amount } төлем неге расталмайды? Бұл мәтінді қарыз алушы көреді.
loan-admin-reverse-ask = { $date } күнгі { $amount } төлем неге жойылады? Себебі тарихта сақталып, қарыз алушыға жіберіледі.
loan-admin-reason-invalid = Себебін мәтінмен, { $max } таңбаға дейін жазыңыз.
loan-admin-no-receipt = Бұл төлемге түбіртек жоқ.
loan-admin-receipt-caption = Түбіртек · № { $contract } · { $amount }, { $date }
loan-admin-record-ask = 💵 № { $contract } заем бойынша банк үзінді көшірмесіндегі төлем. Қалған қарыз: { $left }. Соманы жазыңыз:
loan-admin-record-date = { $amount } қашан түсті? Батырманы басыңыз немесе күнді жазыңыз, мысалы: { $example }
loan-admin-recorded = ✅ { $date } күнгі { $amount } төлем енгізілді.

loan-admin-notice-reported = 📥 { $name } № { $contract } заем бойынша төлегенін хабарлады: { $amount }, { $date }. Түбіртекті тексеріп, растаңыз.
loan-admin-open-payment-button = 🧾 Төлемді ашу
loan-admin-notice-approved = ✅ { $number } өтінімі ({ $program }) мақұлданды: { $name }. Заем ашыңыз — бот қарыз алушы мен бағдарламаны өзі толтырады.
loan-admin-open-wizard-button = ➕ Заем ашу
loan-admin-open-button = 💼 Заемды ашу
loan-admin-escalation = 🚨 { $name } (№ { $contract } заем): { $amount } төлемнің мерзімі { $days } күнге өтті (мерзімі: { $due }). Қарыз алушымен хабарласыңыз.

## Coordinators: the new-loan wizard

loan-admin-new-step = <b>➕ Жаңа заем</b> · { $step }/{ $steps } қадам
loan-admin-ask-program = Бағдарлама:
loan-admin-ask-region = Қарыз алушының өңірі:
loan-admin-ask-name = Қарыз алушының аты-жөні (шарттағыдай):
loan-admin-ask-contract = Шарт нөмірі, мысалы: ZH-2026-014
loan-admin-ask-principal = Заем сомасы теңгемен, мысалы: 3 000 000
loan-admin-ask-disbursed = Берілген күні, мысалы: { $example }
loan-admin-ask-frequency = Қаншалықты жиі төлейді?
loan-admin-ask-term = Заем мерзімі, ай (әдетте 60, яғни бес жыл):
loan-admin-ask-grace = Жеңілдік кезеңі, ай (негізгі қарыз өтелмейді):
loan-admin-ask-first-due = Бірінші төлем күні, мысалы: { $example }
loan-admin-ask-rate = Жылдық мөлшерлеме, %. «Жарқыра» пайызсыз заем береді.
loan-admin-ask-source = Бұл заемның қаржысы қайдан?
loan-admin-applied-button = { $amount } — өтінімдегідей
loan-admin-frequency = { $frequency ->
    [quarterly] Тоқсан сайын
   *[monthly] Ай сайын
}
loan-admin-months = { $count } ай
loan-admin-first-due-button = { $date }
loan-admin-rate-zero = 0 % — пайызсыз
loan-admin-source = { $fund ->
    [yes] 🔄 Қайтарылған қаражат (айналым қоры)
   *[no] Бағдарлама бюджеті
}
loan-admin-current = Қазіргі мәні: { $value }
loan-admin-keep = Қалдыру ›
loan-admin-use-buttons = Батырманың бірін таңдаңыз.
loan-admin-expects-text = Жауапты мәтінмен жазыңыз.
loan-admin-months-invalid = Ай санын цифрмен жазыңыз, мысалы: 60
loan-admin-rate-invalid = Мөлшерлемені 0-ден 50-ге дейінгі санмен жазыңыз, мысалы: 0 немесе 2,5
loan-admin-disbursed-future = Берілген күні { $max } күнінен кеш болмауы керек.
loan-admin-disbursed-past = Берілген күні тым ерте: он жылдан бұрын.
loan-admin-contract-taken = № { $contract } шарт ботта бар.
loan-admin-summary-title = <b>➕ Жаңа заем: тексеріңіз</b>
loan-admin-summary =
    Бағдарлама: { $program } · { $region }
    Қарыз алушы: { $name }
    Шарт № { $contract }
    Сомасы: { $principal }, жылдық { $rate }
    Мерзімі: { $term } ай, жеңілдік кезеңі { $grace } ай, { $frequency ->
        [quarterly] тоқсан сайын
       *[monthly] ай сайын
    }
    Берілген күні: { $disbursed }
    Қаржы көзі: { $fund ->
        [yes] қайтарылған қаражат
       *[no] бағдарлама бюджеті
    }
loan-admin-summary-linked = Қарыз алушы өтінімнен алынды: заем оған ботта бірден көрінеді.
loan-admin-summary-schedule = Кесте: { $count } төлем; біріншісі { $first } — { $first_amount }, соңғысы { $last } — { $last_amount }. Барлығы қайтарылатын сома: { $total }.
loan-admin-create-button = ✅ Заем ашу
loan-admin-cancelled = Заем ашу тоқтатылды.
loan-admin-no-programs = Сіздің жауапкершілік аймағыңызда заем беретін бағдарлама жоқ.
loan-admin-from-application = { $number } өтінімі бойынша жаңа заем.
loan-money = { $amount }

loan-terms-frequency = Кезеңділікті таңдаңыз: ай сайын немесе тоқсан сайын.
loan-terms-principal = Заем сомасы 1 ₸ мен { $max } ₸ аралығында болуы керек.
loan-terms-rate = Мөлшерлеме жылына 0 мен { $max } % аралығында болуы керек.
loan-terms-term = Мерзімі { $max } айдан аспауы керек{ $period ->
    [3] , үшке еселі болсын (төлем тоқсан сайын)
   *[other] {""}
}.
loan-terms-grace = Жеңілдік кезеңі { $max } айдан аспауы керек{ $period ->
    [3] , үшке еселі болсын
   *[other] {""}
}.
loan-terms-grace-term = Жеңілдік кезеңі заем мерзімінен қысқа болуы керек.
loan-terms-principal-small = Сома тым аз: { $count } төлемнің әрқайсысына кемінде 1 ₸ керек.
loan-terms-due-day = Төлем күні бірінші төлем күнімен сәйкес келмейді.
loan-terms-first-due-early = Бірінші төлем { $earliest } күнінен ерте болмауы керек (заем берілгеннен және жеңілдік кезеңінен кейін).
loan-terms-first-due-late = Бірінші төлем { $latest } күнінен кеш болмауы керек.

## Coordinators: import

loan-import-help =
    <b>📤 Заемдарды импорттау</b>
    Файлды жіберіңіз: .xlsx немесе .csv (UTF-8 немесе Windows-1251, 5 МБ-қа дейін). Бірінші жол — бағандардың атаулары:
    • <b>шарт</b>, <b>қарыз алушы</b>, <b>бағдарлама</b>, <b>сома</b>, <b>берілген күні</b> — міндетті;
    • мерзімі (ай, әдепкі мәні 60), жеңілдік кезеңі (ай), кезеңділік (ай сайын / тоқсан сайын), бірінші төлем, мөлшерлеме (%), қаржы көзі (бюджет / қор), өңір — қалауыңызша;
    • <b>өтелген сома</b> — қарыз алушы бұрын қайтарған сома (ботқа дейін берілген заемдар үшін); .xlsx файлына төлемдердің екінші парағын қосуға болады: шарт, күні, сома.
    Бағдарламалар: { $programs }
    Алдымен әр жолды тексеріп, не жүктелетінін, не жүктелмейтінін және себебін көрсетемін. Қатесіз жолдар ғана жүктеледі; қате жолдарды түзетіп, бөлек файлмен жіберуге болады.
loan-import-expects-file = .xlsx немесе .csv файлын құжат ретінде жіберіңіз (қыстырғыш → «Файл»).
loan-import-checked =
    <b>Тексерілген жолдар: { $rows }</b> (файл: { $encoding })
    ✅ Жүктеуге болады: { $good }
    ❌ Қатесі бар: { $refused }
loan-import-ignored = Бұл бағандар танылмады, олар өткізіліп жіберіледі: { $columns }
loan-import-refused-title = <b>Жүктелмейді ({ $count }):</b>
loan-import-refused-line = { $row }-жол · { $contract }: { $reason }
loan-import-refused-more = …тағы { $count }.
loan-import-confirm-button = ✅ { $count } жолды жүктеу
loan-import-wait = Жүктеліп жатыр…
loan-import-done =
    <b>Импорт аяқталды.</b> Ашылған заемдар: { $created }. Жүктелмеген жолдар: { $refused }.
    Төмендегі файлда қарыз алушыларға арналған шақыру кодтары мен сілтемелер бар.
loan-import-report-caption = Импорт есебі: ашылғаны { $created }, жүктелмегені { $refused }.

loan-import-contract = шарт нөмірі жоқ немесе онда рұқсат етілмеген таңбалар бар (болады: әріптер, цифрлар, «-», «/»; ең көбі 40)
loan-import-name = қарыз алушының аты-жөні { $min }–{ $max } таңба болуы керек
loan-import-program = «{ $program }» бағдарламасы сіздің жауапкершілік аймағыңыздағы заем бағдарламаларының ішінде жоқ
loan-import-region = «{ $region }» өңірі табылмады
loan-import-negative = сома теріс: { $value }
loan-import-amount = сома емес: «{ $value }»
loan-import-zero = сома нөлге тең
loan-import-date = { $column ->
    [first_due] бірінші төлем күні
   *[disbursed] берілген күні
}: «{ $value }» күн емес
loan-import-disbursed-future = берілген күні болашақта: { $value }
loan-import-disbursed-past = берілген күні тым ерте, он жылдан бұрын: { $value }
loan-import-months = мерзімі мен жеңілдік кезеңі ай санымен, бүтін санмен жазылады
loan-import-frequency = кезеңділік түсініксіз: «{ $value }»
loan-import-rate = мөлшерлеме түсініксіз: «{ $value }»
loan-import-source = қаржы көзі түсініксіз: «{ $value }»
loan-import-duplicate = мұндай шарт нөмірі бар
loan-import-scope = бағдарлама мен өңір сіздің жауапкершілік аймағыңызда емес
loan-import-repaid = «өтелген сома» бағанында сома емес: «{ $value }»
loan-import-payment = төлемдер парағы, { $row }-жол: күні және нөлден үлкен сома керек
loan-import-payment-date = төлемдер парағы, { $row }-жол: төлем күні ({ $value }) заем берілгенге дейін немесе болашақта
loan-import-repaid-mismatch = «өтелген сома» ({ $column }) екінші парақтағы төлемдер сомасына ({ $payments }) тең емес
loan-import-repaid-over = өтелген сома бүкіл заемнан ({ $total }) көп

loan-import-file-size = Файл { $max } МБ-тан үлкен. Оны бөліктерге бөліңіз.
loan-import-file-type = .xlsx (Excel) немесе .csv файлы керек.
loan-import-file-encoding = Файлдың мәтінін оқи алмадым. CSV файлын UTF-8 немесе Windows-1251 кодтауымен сақтаңыз (Excel-де: «Басқаша сақтау» → «CSV UTF-8»).
loan-import-file-unreadable = Файл бүлінген немесе ол Excel кестесі емес. Оны Excel-де ашып, .xlsx ретінде қайта сақтаңыз.
loan-import-file-empty = Файлда жол жоқ.
loan-import-file-columns = Бірінші жолдан мына бағандар табылмады: { $missing }. Міндетті бағандар: шарт, қарыз алушы, бағдарлама, сома, берілген күні. Атаулары дұрыс болса, файлдың кодтауын тексеріңіз (UTF-8 немесе Windows-1251).
loan-import-file-rows = Файлда { $max } жолдан көп. Оны бөліктерге бөліңіз.

## Coordinators: reminder days

loan-rules-title = <b>⚙️ Төлем туралы еске салғыштар</b>
loan-rules-line = <b>{ $program }</b>: мерзімге { $before } күн қалғанда, төлем күні және мерзімнен кейін { $after } күн өткенде{ $escalate ->
    [0] {""}
   *[other] ; мерзімі өткеннің { $escalate }-күні үйлестірушіге де
}
loan-rules-edit-button = ✏️ { $program }
loan-rules-ask =
    «{ $program }» бағдарламасының еске салғыштары. Қазір: <code>{ $current }</code>
    Мерзімге дейінгі және мерзімнен кейінгі күндерді «/» арқылы жазыңыз, мысалы: <code>7 3 1 / 1 7 14 30</code>. Мерзімі өткен соңғы күні үйлестірушіге де хабар барады.
loan-rules-invalid = Түсінбедім. Мысал: <code>7 3 1 / 1 7 14 30</code> (1-ден 180 күнге дейін, әр жағында 8 саннан артық емес).
loan-rules-saved = ✅ Сақталды. Жаңа күндер ертеңнен бастап қолданылады.

## Words shared by screens, files and the chart

loan-status = { $status ->
    [repaid] Өтелді
   *[active] Белсенді
}
loan-payment-status = { $status ->
    [reported] Тексерілуде
    [confirmed] Расталды
    [rejected] Расталмады
   *[reversed] Жойылды
}
loan-source = { $source ->
    [borrower] Қарыз алушы
   *[coordinator] Үйлестіруші
}
loan-frequency = { $frequency ->
    [quarterly] Тоқсан сайын
   *[monthly] Ай сайын
}
loan-fund = { $fund ->
    [yes] Қайтарылған қаражат
   *[no] Бағдарлама бюджеті
}
loan-xlsx-yes-no = { $value ->
    [yes] Иә
   *[no] Жоқ
}
loan-xlsx-sheet = { $sheet ->
    [loans] Заемдар
    [schedule] Кесте
    [payments] Төлемдер
    [imported] Жүктелді
   *[refused] Жүктелмеді
}
loan-xlsx-column = { $column ->
    [contract] Шарт №
    [borrower] Қарыз алушы
    [program] Бағдарлама
    [region] Өңір
    [principal] Заем сомасы
    [principal-part] Негізгі қарыз
    [rate] Мөлшерлеме, %
    [term] Мерзімі, ай
    [grace] Жеңілдік кезеңі, ай
    [frequency] Кезеңділік
    [disbursed] Берілген күні
    [first-due] Бірінші төлем
    [total] Қайтарылатын сома
    [repaid] Өтелген сома
    [outstanding] Қалдық
    [overdue] Мерзімі өткені
    [dpd] Мерзімі өткен күн
    [status] Күйі
    [source-fund] Қаржы көзі
    [linked] Telegram-да
    [invite] Шақыру коды
    [n] №
    [due] Төлем мерзімі
    [interest] Пайыз
    [amount] Сома
    [paid] Төленгені
    [left] Қалғаны
    [paid-on] Төленген күні
    [reported] Қарыз алушы көрсеткен
    [payment-status] Төлем күйі
    [source] Кім енгізді
    [reason] Себебі
    [row] Жол
    [link] Сілтеме
   *[other] { $column }
}

loan-audience-borrower = Қарыз алушылар
loan-audience-overdue = Заем бойынша мерзімі өткен
loan-audience-overdue-days = Мерзімі { $days } күннен бастап өткен
loan-audience-overdue-program = { $days } күннен бастап · { $program }

loan-chart-repayments = Ай бойынша қайтарылған сома, ₸
loan-chart-buckets = Мерзімі өткен күндер бойынша қалдық
loan-chart-months = қаң ақп нау сәу мам мау шіл там қыр қаз қар жел
loan-chart-million = млн
loan-chart-thousand = мың
loan-chart-loans = {"{}"} заем

## Notices checked when they are sent (a payment under review), the opening, the digest

loan-notice-opened =
    🎉 № { $contract } заем ашылды: { $principal }.
    Кесте: { $count } төлем, біріншісі — { $first }, мерзімі: { $due }.
    Төлегеннен кейін «💰 Менің заемым» бөлімінде «💸 Төледім» батырмасын басып, түбіртекті жіберіңіз — үйлестіруші төлемді растайды.
loan-remind-review = 🕓 Сіз хабарлаған { $reported } төлемді үйлестіруші тексеріп жатыр. { $rest ->
    [0] Расталған соң бұл төлем толық жабылады.
   *[other] Расталған соң бұл төлем бойынша { $after } қалады.
}
loan-remind-before-review =
    🔔 № { $contract } заем бойынша төлемге { $days } күн қалды.
    Сомасы: <b>{ $amount }</b>, мерзімі: { $due }.
    { loan-remind-review }
loan-remind-due-review =
    🔔 Бүгін № { $contract } заем бойынша төлем күні.
    Сомасы: <b>{ $amount }</b>, мерзімі: { $due }.
    { loan-remind-review }
loan-remind-overdue-review =
    ⚠️ № { $contract } заем бойынша төлемнің мерзімі { $days } күнге өтті.
    Сомасы: <b>{ $amount }</b>, мерзімі: { $due } болатын.
    { loan-remind-review }
loan-admin-escalation-review = 🚨 { $name } (№ { $contract } заем): { $amount } төлемнің мерзімі { $days } күнге өтті (мерзімі: { $due }). Қарыз алушы { $reported } төлегенін хабарлады — ол сіздің растауыңызды күтіп тұр.
loan-admin-digest = 🕓 Бір жұмыс күнінен астам растау күтіп тұрған төлемдер: { $count }. Ең ертесі хабарланған күн: { $oldest }. Қарыз алушылар жауап күтіп отыр.
loan-admin-digest-button = 📥 Тексерудегі төлемдер

## Coordinators: the import preview (before anything is stored)

loan-import-preview-title = <b>Жүктеуден кейінгі алғашқы таң, { $date }:</b>
loan-import-preview-line = { $contract } · { $name }: { $total } ішінен { $repaid } өтелген
loan-import-preview-overdue = ⚠️ мерзімі өткені: { $amount }, { $days } күн
loan-import-preview-current = ✅ мерзімі өткен төлем жоқ
loan-import-preview-notices = 🔔 { $count } еске салу{ $alert ->
    [yes] {" "}және үйлестірушіге белгі
   *[no] {""}
}
loan-import-preview-totals =
    Файл бойынша өтелгені: { $repaid }. Мерзімі өткені барлар: { $count } ішінен { $late }.
    Алғашқы таңда: { $notices } еске салу, үйлестірушіге { $alerts } белгі. Қарыз алушылар шақыру арқылы кіргеннен кейін ғана еске салу алады.
loan-admin-export-caption-short = Заемдар мен төлемдер: { $count } заем. Төлем кестелері қосылмады — олармен файл Telegram жіберетін көлемнен асады; кестелерді алу үшін бағдарламаны немесе өңірді таңдаңыз.
