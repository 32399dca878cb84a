## Applications: programs, the form, the summary, "My applications"

menu-apply = 📝 Өтінім беру
menu-my-applications = 📋 Менің өтінімдерім

apply-choose-program = Қай бағдарламаға өтінім бересіз? Толығырақ білу үшін таңдаңыз:
apply-none-open = Қазір өтінім қабылдайтын бағдарлама жоқ. Жаңа бағдарлама ашылғанда осында хабарлаймыз.
apply-continue-label = ▶️ { $program } (жалғастыру)
apply-need-consent = Өтінімге ЖСН мен телефон нөмірі керек. Оларды тек сіздің келісіміңізбен жинаймыз.
apply-give-consent = ✅ Келісім беру
apply-card-audience = <b>Кімге арналған:</b> { $audience }
apply-card-max = <b>Ең көп сома:</b> { $amount }
apply-card-closes = <b>Өтінім қабылдаудың соңғы күні:</b> { $date }
apply-card-review = <b>Қарау мерзімі:</b> шамамен { $days } күн
apply-card-already = Сіздің өтініміңіз бар: { $number }.
apply-start = 📝 Өтінім беру
apply-closed = Өтінім қабылдау жабық
apply-all-programs = ‹ Барлық бағдарламалар
apply-continue-button = ▶️ Жалғастыру
apply-open-button = 📄 Өтінімді ашу
apply-already = Бұл бағдарламаға өтініміңіз бұрыннан бар: { $number }. Оның мәртебесін көріңіз.
apply-eligibility = Алдымен { $count } сұрақ ({ $index }/{ $count }):
    <b>{ $question }</b>
apply-not-eligible = Өкінішке қарай, бұл бағдарлама сізге сай келмейді.
    { $reason }
apply-skip = Өткізу ›
apply-keep = Өзгертпеу ›
apply-later = Кейінірек
apply-done = ✅ Дайын
apply-optional = <i>Міндетті емес.</i>
apply-current = Қазіргі жауап: { $answer }
apply-files-count = Жіберілген файлдар: { $count } / { $max }
apply-phone-saved = ✅ Телефон: { $phone }
apply-share-phone = 📱 Телефон нөмірімді жіберу
apply-choose-district = { $region }: ауданды таңдаңыз
apply-other-region = ‹ Басқа облыс
apply-lost = Бұл өтінім енді толтырылмайды. Басты мәзір төменде.
apply-saved-for-later = Жауаптарыңыз сақталды. Кез келген уақытта «📝 Өтінім беру» арқылы жалғастыра аласыз.
apply-use-buttons = Хабардың астындағы батырмаларды пайдаланыңыз.
apply-summary-title = <b>Өтініміңізді тексеріңіз: { $program }</b>
apply-summary-question = Бәрі дұрыс па? Тапсырғаннан кейін жауаптарды өзгерту мүмкін болмайды.
apply-submit = ✅ Тапсыру
apply-edit = ✏️ Жауапты өзгерту
apply-edit-which = Қай жауапты өзгертесіз?
apply-incomplete = Кейбір сұрақтарға жауап жоқ. Жалғастырайық.
apply-not-draft = { $number } өтінімі тапсырылған, оны енді өзгертуге болмайды.
apply-closed-label = 🔒 { $program } (қабылдау жабық)
apply-card-closed = <b>Өтінім қабылдау жабық.</b> Келесі іріктеудің күні әзірге белгісіз.
apply-card-closed-until = <b>Өтінім қабылдау жабық.</b> Келесі іріктеу басталатын күн: { $date }
apply-watch = 🔔 Ашылғанда хабарлау
apply-watch-saved = Жақсы! Бағдарлама өтінім қабылдай бастағанда осында жазамыз.
apply-watch-already-open = Бағдарлама өтінім қабылдап жатыр: оны бағдарламалар тізімінен ашыңыз.
apply-closed-at-submit = «{ $program }» бағдарламасына өтінім қабылдау аяқталды (соңғы күні: { $date }). Өтінімді енді тапсыру мүмкін емес; жауаптарыңыз сақталды.
apply-closed-now = «{ $program }» бағдарламасы қазір өтінім қабылдамайды. Өтінімді тапсыру мүмкін емес; жауаптарыңыз сақталды.
apply-files-replace = 🗑 Бұл файлдарды өшіріп, жаңасын жіберу
apply-files-removed = Файлдар өшірілді. Жаңаларын жіберіңіз.
apply-consent-needed = Келісіміңізсіз ЖСН-ді, телефон нөмірін, email мекенжайын, файлдар мен дауыстық хабарларды сақтамаймыз, өтінімді де тапсыру мүмкін емес. Жалғастыру үшін келісім беріңіз. Оны кез келген уақытта /privacy арқылы қайтарып алуға болады.
apply-iin-not-eligible = { $rule ->
    [age] ЖСН бойынша туған күніңіз: { $born }.
   *[sex] ЖСН бойынша бұл бағдарлама сізге сай келмейді.
} { $reason }
    ЖСН қате терілген болса, қайта жіберіңіз.
apply-submitted = ✅ Өтініміңіз жіберілді!
    Нөмірі: <b>{ $number }</b> ({ $program })

    Әрі қарай: үйлестіруші өтінімді шамамен { $days } күн ішінде қарайды. Шешім осы чатқа келеді. Мәртебесін «📋 Менің өтінімдерім» бөлімінен көре аласыз.

form-yes = Иә
form-no = Жоқ

## What is wrong with an answer, and how to fix it

form-error-iin-not-digits = ЖСН тек цифрлардан тұрады. 12 цифрды жазыңыз, мысалы: 850312300121
form-error-iin-length = ЖСН 12 цифрдан тұрады, ал сіз { $count } цифр жаздыңыз. Жеке куәлікті қарап, қайта жазыңыз.
form-error-iin-birth-date = ЖСН-нің алғашқы 6 цифры — туған күніңіз (ЖЖААКК). Бұл цифрлар дұрыс күнге ұқсамайды, тексеріңіз.
form-error-iin-century = ЖСН-нің 7-цифрында қате бар. Жеке куәлікпен салыстырып көріңіз.
form-error-iin-checksum = ЖСН-де қате бар: соңғы бақылау цифры сәйкес келмейді. Бір цифрын қате жазған шығарсыз, тексеріп, қайта жіберіңіз.
form-error-bin-not-digits = БСН тек цифрлардан тұрады. 12 цифрды жазыңыз.
form-error-bin-length = БСН 12 цифрдан тұрады, ал сіз { $count } цифр жаздыңыз.
form-error-bin-month = БСН-нің 3–4-цифрлары тіркелген ай (01–12) болуы керек. Тексеріп көріңіз.
form-error-bin-type = Бұл заңды тұлғаның БСН-і емес сияқты (5-цифр қате). Тіркеу куәлігімен салыстырыңыз.
form-error-bin-checksum = БСН-де қате бар: соңғы бақылау цифры сәйкес келмейді. Тексеріп, қайта жіберіңіз.
form-error-phone-invalid = Нөмірді түсінбедім. Былай жазыңыз: +7 701 234 56 78, немесе төмендегі батырманы басыңыз.
form-error-phone-foreign = Қазақстандық нөмір керек (+7 7XX …). Басқа елдің нөмірі жарамайды.
form-error-phone-not-own = Бұл басқа адамның контактісі. Өз нөміріңізді «📱 Телефон нөмірімді жіберу» батырмасымен жіберіңіз.
form-error-money-invalid = Соманы теңгемен, цифрмен жазыңыз, мысалы: 1 500 000
form-error-money-words = Соманы сөзбен емес, цифрмен жазыңыз, мысалы: { $example }
form-error-money-fraction = Соманы тиынсыз, бүтін теңгемен жазыңыз.
form-error-money-negative = Сома теріс болмайды.
form-error-money-min = Ең аз сома — { $min }.
form-error-money-max = Ең көп сома — { $max }. Азырақ соманы жазыңыз.
form-error-number-invalid = Санмен жазыңыз, мысалы: 5
form-error-number-min = Ең азы — { $min }.
form-error-number-max = Ең көбі — { $max }.
form-error-email-invalid = Бұл e-mail мекенжайына ұқсамайды. Мысалы: aigul@mail.kz
form-error-date-invalid = Күнді былай жазыңыз: 14.05.2026
form-error-date-too-early = Күн { $min } күнінен ерте болмауы керек.
form-error-date-too-late = Күн { $max } күнінен кеш болмауы керек.
form-error-text-too-short = Тым қысқа: кемінде { $min } таңба керек, сізде { $count }. Толығырақ жазыңыз.
form-error-text-too-long = Тым ұзын: ең көбі { $max } таңба, сізде { $over } таңба артық. Қысқартып жазыңыз.
form-error-expects-text = Мұнда мәтін күтемін. Жауабыңызды жазыңыз.
form-error-use-buttons = Хабардың астындағы батырмалардың бірін таңдаңыз.
form-error-voice-too-long = Дауыстық хабар { $max } минуттан аспауы керек.
form-error-file-type = Бұл файл түрі жарамайды. Сұрақтың астындағы түсіндірмені қараңыз.
form-error-expects-file = Мұнда фото немесе файл жіберіңіз, біткен соң «✅ Дайын» басыңыз.
form-error-file-too-big = Файл тым үлкен ({ $size } МБ). Ең көбі { $max } МБ болуы керек.
form-error-too-many-files = Ең көбі { $max } файл. Дайын болса, «✅ Дайын» басыңыз.
form-error-too-few-files = Кемінде { $min } файл жіберіңіз.
form-error-choose-one = Кемінде бір нұсқаны таңдаңыз.

## My applications

my-apps-title = <b>📋 Менің өтінімдерім</b>
    Толығырақ көру үшін таңдаңыз:
my-apps-empty = Сізде әлі өтінім жоқ. «📝 Өтінім беру» батырмасын басыңыз.
my-apps-line = { $number } · { $program } · { $status ->
    [draft] ✏️ толтырылуда
    [submitted] 📨 тапсырылды
    [in_review] 🔎 қаралуда
    [info_requested] ❓ сұрақ бар
    [approved] ✅ мақұлданды
    [rejected] ✖ қабылданбады
   *[withdrawn] ↩ кері алынды
}
my-apps-card-title = <b>{ $number }</b> · { $program }
my-apps-status = Мәртебесі: { $status ->
    [draft] ✏️ толтырылуда
    [submitted] 📨 тапсырылды, кезек күтуде
    [in_review] 🔎 үйлестіруші қарап жатыр
    [info_requested] ❓ үйлестірушінің сұрағы бар
    [approved] ✅ мақұлданды
    [rejected] ✖ қабылданбады
   *[withdrawn] ↩ кері алынды
}
my-apps-submitted = Тапсырылған күні: { $date }
my-apps-reason = <b>Себебі:</b> { $reason }
my-apps-question = <b>Үйлестірушінің сұрағы:</b> { $question }
my-apps-answer = ✍️ Сұраққа жауап беру
my-apps-withdraw = ↩ Өтінімді кері алу
my-apps-all = ‹ Барлық өтінімдерім
my-apps-withdraw-confirm = { $number } өтінімін кері аласыз ба? Кейін қайта өтінім беруге болады.
my-apps-withdraw-yes = Иә, кері алу
my-apps-withdrawn = Өтінім кері алынды
my-apps-cannot-withdraw = Шешім шығарылғаннан кейін өтінімді кері алуға болмайды.
my-apps-no-question = Бұл өтінім бойынша қазір сұрақ жоқ.
my-apps-answer-ask = Жауабыңызды жазыңыз. Қажет болса, құжатты немесе фотоны жіберуге болады.
my-apps-answer-file = (файл жіберілді)
my-apps-answer-sent = Рақмет! Жауабыңыз үйлестірушіге жіберілді.

## Notices to the applicant (sent by the delivery engine)

application-open-button = 📄 Өтінімді ашу
application-continue-button = ▶️ Толтыруды жалғастыру
application-notice-in-review = 🔎 { $number } өтініміңізді ({ $program }) үйлестіруші қарай бастады.
application-notice-info-requested = ❓ { $number } өтінімі ({ $program }) бойынша үйлестірушінің сұрағы бар.
    Үйлестіруші сұрайды: «{ $comment }»
    Жауап беру үшін өтінімді ашыңыз. Қазақша да, орысша да жауап беруге болады.
application-notice-approved = ✅ Құттықтаймыз! { $number } өтініміңіз ({ $program }) мақұлданды. Келесі қадамдар туралы жақында хабарлаймыз.
application-notice-rejected = { $number } өтініміңіз ({ $program }) бұл жолы қабылданбады.
    Себебі: { $comment }
    Басқа бағдарламаларға өтінім беруге болады.
application-notice-draft = { $program } бағдарламасына өтініміңіз толтырылмай қалды. Жауаптарыңыз сақталған — жалғастырайық па?
application-notice-draft-closing = { $program } бағдарламасына өтініміңіз толтырылмай қалды. { $days ->
    [0] Бүгін — өтінім қабылдаудың соңғы күні.
   *[other] Өтінім қабылдау аяқталуына { $days } күн қалды (соңғы күні: { $date }).
} Жауаптарыңыз сақталған — жалғастырайық па?
application-program-button = 📝 Бағдарламаны ашу
application-notice-program-opened = 🔔 «{ $program }» бағдарламасы өтінім қабылдауды бастады. Өзіңіз хабарлауды сұраған едіңіз.
application-notice-program-opened-until = 🔔 «{ $program }» бағдарламасы өтінім қабылдауды бастады (соңғы күні: { $date }). Өзіңіз хабарлауды сұраған едіңіз.
review-open-button = 🔎 Өтінімді ашу
review-notice-answered = ✍️ Үміткер { $number } өтінімі бойынша сұрағыңызға жауап берді.

## A person's name (the form's full name, a borrower's name): bot.validators.parse_person_name

form-error-name-invalid = Аты-жөнді әріптермен жазыңыз: қазақ, орыс не латын әріптері, бос орын, сызықша (-) және апостроф (') болуы мүмкін. Мысалы: Нұрланқызы Әлия, Ким-Оспанова Гүлнар. Цифрларды, жақшаларды және басқа белгілерді алып тастаңыз.
form-error-name-mixed-scripts = Бір сөзде латын және кирилл әріптері араласып кеткен. Пернетақта тілін тексеріп, қайта жазыңыз.
