## Қаржыландыру байқауы: қатысушының бизнес-жоспары, қазылар алқасы, үйлестіруші

menu-contest = 🏆 Байқау
contest-everywhere = Барлық өңір
contest-stale = Бұл батырма ескірген. «🏆 Байқау» бөлімін қайта ашыңыз.
contest-press-a-button = Хабар астындағы батырманы басыңыз.


## «Байқау» бөлімі

contest-hub-title = 🏆 <b>Қаржыландыру байқаулары</b>
contest-hub-none = Қазір сізге ашық байқау жоқ. Байқау ашылғанда, шақыру осында келеді.
contest-hub-item = { $name } — { $status ->
    [invited] басталмаған
    [draft] жоба нұсқасы
    [submitted] тапсырылды
    [won] жеңімпаз
    [lost] өтпеді
   *[other] кері алынды
}
contest-jury-button = ⚖️ Бағаланатын жоспарлар ({ $count })
contest-admin-button = 🗂 Бағдарлама байқаулары

## Бизнес-жоспар

contest-leave-button = ⏸ Кейін жалғастыру
contest-left = Жоба нұсқасы сақталды. Кез келген уақытта жалғастыра аласыз: «🏆 Байқау» → байқауыңыз.
contest-ask-idea =
    <b>{ $of } қадамның { $n }-қадамы. Идея</b>
    Кәсібіңізді сипаттаңыз: не істейсіз, кімге және қай жерде. Мәтінмен немесе дауыстық хабармен жіберуге болады.
contest-ask-budget =
    <b>{ $of } қадамның { $n }-қадамы. Бюджет</b>
    Шығын баптарын бір-бірден жіберіңіз, былай: «Жылыжай — 2 500 000». Тізім дайын болғанда, «✅ Бюджет дайын» батырмасын басыңыз.
contest-ask-contribution =
    <b>{ $of } қадамның { $n }-қадамы. Өз үлесіңіз</b>
    Бюджет: { $total }. Өзіңіз қанша саласыз, теңгемен? Ештеңе салмасаңыз, 0 деп жазыңыз.
contest-ask-jobs =
    <b>{ $of } қадамның { $n }-қадамы. Жұмыс орындары</b>
    Жоба қанша жұмыс орнын ашады? Бүтін санмен жазыңыз, мысалы 3.
contest-ask-files =
    <b>{ $of } қадамның { $n }-қадамы. Құжаттар</b>
    Бар болса, файл тіркеңіз: PDF немесе фото (смета, сызба, қолдау хаттары). Бұл міндетті емес.
contest-budget-line = { $n }. { $name } — { $amount }
contest-budget-total = <b>Барлығы: { $total }</b>
contest-budget-done = ✅ Бюджет дайын
contest-budget-undo = ↩️ Соңғы бапты алып тастау
contest-files-count = Тіркелген файлдар: { $count }
contest-files-done = Дайын ›
contest-summary-title = 📋 <b>Бизнес-жоспарыңыз — { $name }</b>
contest-plan-idea = 💡 <b>Идея:</b> { $idea }
contest-idea-voice = дауыстық хабар
contest-plan-budget = 💰 <b>Бюджет:</b>
contest-plan-money = Өз үлесі: { $own }. Сұралатын сома: <b>{ $requested }</b>
contest-plan-jobs = 👥 Жұмыс орны: { $jobs }
contest-plan-files = 📎 Файл саны: { $count }
contest-submit-button = 📨 Жоспарды тапсыру
contest-change-idea = ✏️ Идея
contest-change-budget = ✏️ Бюджет
contest-change-contribution = ✏️ Үлес
contest-change-jobs = ✏️ Жұмыс орны
contest-change-files = ✏️ Файлдар
contest-submitted = ✅ Жоспар тапсырылды. Қабылдау жабылған соң қазылар алқасы бағалайды; қорытындысын хабарлаймыз.
contest-entry-status = { $name }: { $status ->
    [invited] басталмаған
    [draft] жоба нұсқасы
    [submitted] тапсырылды
    [won] жеңімпаз
    [lost] өтпеді
   *[other] кері алынды
}

contest-error-idea = Идеяны толығырақ сипаттаңыз: { $min }–{ $max } таңба. Немесе дауыстық хабар жіберіңіз.
contest-error-idea-kind = Мұнда мәтін немесе дауыстық хабар керек.
contest-error-item = Бапты былай жазыңыз: «Атауы — сомасы», мысалы «Жылыжай — 2 500 000».
contest-error-money = Соманы оқи алмадық. Цифрмен жазыңыз, мысалы: 250 000
contest-error-money-words = Соманы «млн», «мың» сөздерінсіз, цифрмен жазыңыз: мысалы, { $example }
contest-error-negative = Сома теріс сан бола алмайды.
contest-error-zero = Сома нөлден үлкен болуы керек.
contest-error-amount = Сома нөлден үлкен болуы керек.
contest-error-jobs = Жұмыс орнының санын бүтін санмен жазыңыз, мысалы 3 (жаңа орын болмаса, 0).
contest-error-file-kind = PDF файл немесе фото жіберіңіз. Стикер мен басқа файлдар қабылданбайды.
contest-error-items = Бюджетте ең көбі { $max } бап болады.
contest-error-files = Ең көбі { $max } файл тіркеуге болады.
contest-error-budget-empty = Кемінде бір шығын бабын қосыңыз.
contest-error-contribution-over = Өз үлесіңіз бюджеттен ({ $total }) көп бола алмайды.
contest-error-requested-over = Сұралатын сома ({ $requested }) бағдарлама шегінен асады, шегі — { $max }. Өз үлесіңізді көбейтіңіз немесе бюджетті қысқартыңыз.
contest-error-incomplete = Жоспардың барлық қадамы толтырылмаған.
contest-error-window-closed = Жоспар қабылдау жабылды (соңғы күні: { $closes }).
contest-error-not-eligible = Бұл байқау сізге арналмаған: бағдарлама шақырғандар ғана қатысады.
contest-error-submitted = Жоспар тапсырылған, оны енді өзгертуге болмайды.
contest-error-gone = Бұл жоспар енді қолжетімсіз.
contest-error-program-gone = Бұл байқаудың бағдарламасы каталогта жоқ.
contest-error-scope = Бұл сіздің жауапкершілік аймағыңызға кірмейді.
contest-error-eligibility = Кім қатыса алатынын таңдаңыз.
contest-error-no-course = Бұл бағдарламаның курсы жоқ: қатысудың басқа шартын таңдаңыз.
contest-error-window = Күндер жарамайды: қабылдау өткен күннен басталмайды және басталуынан ерте аяқталмайды.
contest-error-not-open = Жоспар қабылдау жабылып қойған.
contest-error-not-closed = Алдымен жоспар қабылдауды жабыңыз.
contest-error-winners = Тапсырылған жоспарлардың ішінен жеңімпаздарды белгілеңіз.
contest-error-points = Балл 0 мен { $max } аралығында болсын.
contest-error-date = Күнді оқи алмадық. Былай жазыңыз: 14.06.2026 (бүгіннен ерте емес).

## Хабарламалар

contest-start-button = 📝 Бизнес-жоспарды толтыру
contest-notice-invited =
    🏆 <b>«{ $program }» қаржыландыру байқауы</b>
    Бизнес-жоспар тапсыра аласыз: идея, бюджет, өз үлесіңіз және жұмыс орындары. Қабылдаудың басталуы: { $opens }, соңғы күні: { $closes }.
contest-notice-won =
    🎉 <b>Құттықтаймыз!</b> №{ $number } бизнес-жоспарыңыз «{ $program }» байқауында жеңді. Қаржыландыру туралы үйлестіруші сізбен хабарласады.
contest-notice-lost =
    «{ $program }» байқауына қатысқаныңызға рақмет. Бұл жолы №{ $number } жоспарыңыз өтпеді. Берілмеңіз: келесі байқауды осында жариялаймыз.

## Қазылар алқасы

contest-jury-title = ⚖️ <b>Бағаланатын жоспарлар: { $count }</b>
contest-jury-back = ‹ Жоспарлар тізіміне
contest-jury-plan-title = ⚖️ <b>№{ $n } жоспар</b> — { $name }
contest-jury-independent = Өз бетіңізше бағалаңыз: басқа қазылардың бағасы көрсетілмейді.
contest-score-button = ✍️ Бағалау
contest-files-button = 📎 Жоспар файлдары ({ $count })
contest-recuse-button = 🙅 Өздігінен бас тарту
contest-score-ask =
    №{ $plan } жоспар · { $of } өлшемнің { $n }-өлшемі
    <b>{ $criterion }</b>: 0-ден { $max } балға дейін.
contest-score-cancel = ✖️ Бағалауды тоқтату
contest-score-ask-comment = Бағаға түсініктеме (міндетті емес): жазыңыз немесе «Түсініктемесіз» батырмасын басыңыз.
contest-no-comment = Түсініктемесіз
contest-score-confirm = <b>№{ $plan } жоспарға қойған бағаңыз</b>
contest-score-line = { $criterion }: { $max } балдың { $points } балы
contest-score-total = <b>Барлығы: { $max } балдың { $total } балы</b>
contest-score-comment = Түсініктеме: { $comment }
contest-score-submit = ✅ Бағаны жіберу
contest-score-saved = ✅ №{ $plan } жоспардың бағасы сақталды: { $max } балдың { $total } балы. Енді оны өзгертуге болмайды.
contest-recuse-confirm = №{ $plan } жоспардан өздігінен бас тартасыз ба? Оны бағалай алмайсыз, дауысыңыз есептелмейді.
contest-recuse-yes = Иә, бас тартамын
contest-recused = №{ $plan } жоспар бойынша бас тартуыңыз қабылданды.

## Үйлестіруші

contest-admin-title = 🗂 <b>Байқаулар: { $count }</b>
contest-admin-item = { $name } — { $status ->
    [open] жоспарлар қабылдануда
    [closed] қабылдау жабылды
    [decided] қорытынды шықты
   *[other] болдырылмады
}
contest-admin-back = ‹ Байқауларға
contest-new-button = ➕ Байқау жариялау
contest-new-cancel = ✖️ Бас тарту
contest-new-program = Жаңа байқау. Қай бағдарлама бойынша?
contest-new-region = Қай өңір үшін?
contest-new-cohort = Курстың бір легі үшін ғана ма?
contest-all-cohorts = Барлық лек үшін
contest-new-who = Кім қатыса алады?
contest-who = { $who ->
    [completed] бағдарлама курсын аяқтағандар
    [approved] өтінімі мақұлданғандар
   *[other] қалаған кез келген адам
}
contest-new-opens = Жоспарларды қай күннен бастап қабылдаймыз? «Бүгін» батырмасын басыңыз немесе күнді жазыңыз: 14.06.2026
contest-today = Бүгін
contest-new-closes = Қабылдаудың басталуы: { $opens }. Соңғы күні қашан? Таңдаңыз немесе күнді жазыңыз.
contest-days = { $days } күн
contest-new-summary =
    <b>Жаңа байқау</b>
    Бағдарлама: { $program }
    Өңір: { $region }
    Қатысады: { $who ->
    [completed] бағдарлама курсын аяқтағандар
    [approved] өтінімі мақұлданғандар
   *[other] қалаған кез келген адам
}
    Қабылдау: { $opens } — { $closes } (Астана уақытымен)
    Шақырылады: { $count }
    Жеңімпазға: { $funding ->
        [loan] { $term } айға пайызсыз заем, жеңілдік кезеңі { $grace } ай
       *[other] грант
    }
contest-rubric-title = <b>Бағалау өлшемдері</b> (бағдарлама шарттарынан):
contest-rubric-line = • { $label } — ең көбі { $max } балл
contest-tie-break = Орын қазылардың орташа балымен анықталады (бас тартқан қазылар есептелмейді). Тең болса, бірінші өлшем бойынша орташа балы жоғарысы, одан кейін жоспарын ертерек тапсырғаны алда тұрады.
contest-new-open = ✅ Жариялау және шақыру
contest-opened = ✅ Байқау жарияланды. Жіберілген шақырулар: { $count }.
contest-card-title = 🏆 <b>{ $name }</b> — { $status ->
    [open] жоспарлар қабылдануда
    [closed] қабылдау жабылды
    [decided] қорытынды шықты
   *[other] болдырылмады
}
contest-card-scope = Өңір: { $region }. Қатысады: { $who ->
    [completed] бағдарлама курсын аяқтағандар
    [approved] өтінімі мақұлданғандар
   *[other] қалаған кез келген адам
}
contest-card-window = Қабылдау: { $opens } — { $closes }
contest-card-counts = Шақырылды: { $invited } · жоба нұсқалары: { $drafts } · тапсырылды: { $submitted } · бағаланды: { $scored }
contest-ranking-button = 📊 Рейтинг
contest-close-button = ⏹ Қабылдауды жабу
contest-close-confirm = { $name } байқауында жоспар қабылдауды жабасыз ба? Аяқталмаған жоба нұсқаларын енді тапсыруға болмайды.
contest-close-yes = Иә, жабу
contest-closed = Жоспар қабылдау жабылды. Енді рейтингтен жеңімпаздарды белгілей аласыз.
contest-ranking-title = 📊 <b>Рейтинг — { $name }</b>
contest-ranking-line = { $place }. №{ $n } жоспар, { $name }: <b>{ $average }</b> (қазылар: { $jurors }; 1-өлшем: { $first }) — { $status ->
    [invited] басталмаған
    [draft] жоба нұсқасы
    [submitted] тапсырылды
    [won] жеңімпаз
    [lost] өтпеді
   *[other] кері алынды
}
contest-ranking-empty = Тапсырылған жоспар әзірге жоқ.
contest-ranking-close-first = Жеңімпаздарды қабылдау жабылған соң белгілеуге болады.
contest-entry-button = №{ $n } жоспар
contest-decide-button = 🏁 Жеңімпаздарды бекіту ({ $count })
contest-decide-confirm = Жеңімпаздарды бекітесіз бе: { $winners }? Барлық қатысушы қорытындыны біледі, оны өзгертуге болмайды.
contest-decide-yes = Иә, бекіту
contest-decided = Қорытынды шықты, қатысушыларға хабарлама жіберілді.
contest-admin-entry = <b>№{ $n } жоспар</b>, { $name } — { $status ->
    [invited] басталмаған
    [draft] жоба нұсқасы
    [submitted] тапсырылды
    [won] жеңімпаз
    [lost] өтпеді
   *[other] кері алынды
}
contest-fund-button = { $kind ->
    [loan] 💰 №{ $n } жоспар бойынша заем ашу
   *[other] 🎁 №{ $n } жоспар бойынша грант беру
}
contest-loan-open = 💼 №{ $n } жоспар бойынша заем
contest-funded = ✅ №{ $n } жоспар қаржыландырылды
contest-loan-created = ✅ №{ $n } жоспар бойынша заем ашылды, қарыз алушыға хабарлама жіберілді.
contest-grant-recorded = ✅ №{ $n } жоспар бойынша грант жазылды.
contest-loan-origin = 🏆 { $contest } байқауынан, №{ $n } жоспар
