## Trainers' and coordinators' cohorts: the list, the new-cohort wizard, the card (dashboard),
## trainees, editing, the Excel export

menu-cohorts = 🎓 Лектер

## The list

cohort-list-title = <b>🎓 Лектер</b>
cohort-list-count = Лектер саны: { $count }
cohort-list-empty = Сізге әлі лек бекітілмеген. Үйлестіруші сізді лекке бизнес-жаттықтырушы етіп қосқанда, ол осында шығады.
cohort-list-empty-coordinator = Әзірге лек жоқ. Алғашқысын «➕ Жаңа лек» батырмасымен құрыңыз.
cohort-list-line = { $number }. <b>{ $name }</b> · { $enrolled } қатысушы · { $state ->
    [soon] { $start } күні басталады
    [running] { $released }/{ $total } сабақ ашылды
   *[finished] аяқталды
}
cohort-list-item = { $name } · { $seats }
cohort-new-button = ➕ Жаңа лек
cohort-back-to-list = ‹ Барлық лектер

## The new-cohort wizard

cohort-new-step = <b>➕ Жаңа лек</b> · { $step }/{ $steps }
cohort-ask-course = Лек қай курс бойынша оқиды?
cohort-no-courses = Сіздің жауапкершілік аймағыңызда лек ашуға болатын курс жоқ.
cohort-ask-name = Лектің атауын жазыңыз (3–120 таңба). Мысалы: «Бастау Бизнес — Райымбек ауданы — 3-лек»
cohort-ask-region = Лек қай облыста оқиды?
cohort-ask-district = <b>{ $region }</b>: лек қай ауданда оқиды?
cohort-whole-region = Бүкіл облыс
cohort-ask-start = Бірінші сабақ қай күні ашылады? Күнді былай жазыңыз: { $example }. Бүгіннен бастап бір жыл ішіндегі кез келген күн болады.
cohort-ask-schedule = Сабақтар қалай ашылады?
cohort-schedule-daily = Күн сайын
cohort-schedule-weekdays = Тек жұмыс күндері
cohort-ask-time = Сабақ сағат нешеде ашылады? Астана уақытымен жазыңыз, мысалы: 18:30. Немесе батырманы басыңыз.
cohort-time-default = 🕘 09:00
cohort-ask-capacity = Лекке ең көбі қанша адам қабылданады? Санмен жазыңыз, мысалы: 25. Шектеу қажет болмаса, батырманы басыңыз.
cohort-capacity-unlimited = Шектеусіз
cohort-ask-trainer = Бизнес-жаттықтырушыны қосасыз ба? Оның Telegram ID нөмірін жазыңыз немесе оның кез келген хабарын осында қайта жіберіңіз. Ол ботты бұрын іске қосқан болуы керек. Жаттықтырушыны кейін де қосуға болады.
cohort-skip-trainer = Кейінірек ›
cohort-summary-title = <b>➕ Жаңа лекті тексеріңіз</b>
cohort-summary =
    <b>Курс:</b> { $course }
    <b>Атауы:</b> { $name }
    <b>Орны:</b> { $place }
    <b>Бірінші сабақ:</b> { $start }
    <b>Кестесі:</b> { $schedule }
    <b>Орын саны:</b> { $capacity }
    <b>Бизнес-жаттықтырушы:</b> { $trainer }
cohort-create = ✅ Лекті құру
cohort-created = ✅ Лек құрылды. Қосылу сілтемесін қатысушыларға жіберіңіз: сол арқылы лекке бірден қосылады.
cohort-cancelled = Жаңа лек құрылмады.
cohort-use-buttons = Бұл сұраққа төмендегі батырмалармен жауап беріңіз.
cohort-expects-text = Мұнда бір хабармен жазылған мәтін керек.

## How values read

cohort-schedule-value = { $weekdays ->
    [yes] жұмыс күндері (дүйсенбі–жұма)
   *[no] күн сайын
}, сағат { $time }
cohort-capacity-value = { $capacity ->
    [0] шектеусіз
   *[other] { $capacity } адам
}
cohort-trainer-none = әзірге жоқ
cohort-trainer-no-role = ⚠️ { $name }: бизнес-жаттықтырушы рөлі берілмеген, сондықтан ол лекті боттан көре алмайды. Рөлді /roles арқылы беріңіз.
cohort-time-quiet = ⚠️ Сағат { $time } — тыныштық уақыты: бот бұл кезде хабар жібермейді. Сабақ қатысушыларға сағат { $arrives } келеді. Басқа уақыт керек болса, «‹ Артқа» басыңыз.

## Bad input

cohort-error-name-short = Атауы тым қысқа: кемінде { $min } таңба керек.
cohort-error-name-long = Атауы тым ұзын: ең көбі { $max } таңба, сізде { $over } таңба артық.
cohort-error-date-invalid = Күнді түсінбедім. Былай жазыңыз: { $example }
cohort-error-date-past = Бұл күн өтіп кетті. Бүгінгі ({ $today }) немесе одан кейінгі күнді жазыңыз.
cohort-error-date-far = Тым алыс: ең кеші { $max }.
cohort-error-time = Уақытты түсінбедім. Сағат пен минутты былай жазыңыз: 18:30
cohort-error-capacity-invalid = Орын санын цифрмен жазыңыз, мысалы: 25
cohort-error-capacity-min = Орын саны кемінде 1 болуы керек. Шектеу қажет болмаса, «Шектеусіз» батырмасын басыңыз.
cohort-error-capacity-max = Тым көп: ең көбі { $max }.
cohort-error-capacity-below = Лекте қазір { $count } қатысушы бар: орын саны одан аз бола алмайды.
cohort-error-person-invalid = Адамның Telegram ID нөмірін (тек цифр) жазыңыз немесе оның хабарын осында қайта жіберіңіз.
cohort-error-person-hidden = Бұл адам қайта жіберілген хабарларда атын жасырған. Оның Telegram ID нөмірін сұраңыз: оны @userinfobot көрсетеді.
cohort-error-person-unknown = ID нөмірі { $id } пайдаланушы ботты әлі іске қоспаған. Алдымен ботқа /start деп жазсын.

## The card

cohort-card-title = <b>🎓 { $name }</b>
cohort-card-course = Курс: { $course }
cohort-card-place = Орны: { $place }
cohort-card-schedule = Кестесі: { $schedule }; { $start } – { $end }
cohort-card-days-off = Демалыс күндері: { $days }
cohort-card-trainers = Бизнес-жаттықтырушы: { $names }
cohort-card-no-trainers = әлі бекітілмеген
cohort-card-code = Қосылу коды: <code>{ $code }</code>
cohort-card-link = Сілтеме: { $link }
cohort-card-enrolled = 👥 Қатысушылар: { $count } / { $capacity }
cohort-card-enrolled-unlimited = 👥 Қатысушылар: { $count } (шектеусіз)
cohort-card-active = Соңғы 7 күнде белсенді: { $count }
cohort-card-released = Ашылған сабақ: { $released }/{ $total }
cohort-card-not-started = Бірінші сабақ { $start } күні ашылады.
cohort-card-lessons = <b>Сабақтарды орындағандар</b> (соңғы { $count } сабақ):
cohort-card-lesson = { $number }. { $title } — { $done }/{ $enrolled }
cohort-card-behind = <b>{ $lag } және одан көп сабақтан қалғандар: { $count }</b>
cohort-card-behind-line = • { $name } — { $lag } сабақ
cohort-card-behind-more = …тағы { $count } адам
cohort-card-nobody-behind = Ешкім { $lag } сабақтан артта қалған жоқ 👍

cohort-nudge-button = 🔔 Еске салу ({ $count })
cohort-excel-button = ⬇️ Excel
cohort-write-button = 📣 Лекке жазу
cohort-members-button = 👥 Қатысушылар ({ $count })
cohort-add-button = ➕ Қатысушы қосу
cohort-edit-button = ✏️ Өзгерту
cohort-refresh-button = 🔄 Жаңарту
cohort-back-to-card = ‹ Лекке

## Nudge, export, writing to the cohort

cohort-nudged = { $sent ->
    [0] Бүгін оларға еске салынып қойған: әр адамға күніне бір рет қана жіберіледі.
   *[other] 🔔 Еске салу жіберілді: { $sent } адамға.
}
cohort-nobody-behind = Артта қалған қатысушы жоқ.
cohort-nudge-confirm = 🔔 Еске салу { $count } қатысушыға жіберілсін бе? Бүгін әлі еске салынбағандар: { $names }
cohort-nudge-yes = 🔔 Иә, жіберу
cohort-export-empty = Лекте әлі қатысушы жоқ.
cohort-export-wait = Файлды дайындап жатырмын…
cohort-export-caption = 📊 { $name }: { $count } қатысушы
cohort-xlsx-name = Қатысушы
cohort-xlsx-joined = Қосылған күні
cohort-xlsx-done = Орындалған сабақ
cohort-xlsx-last-activity = Соңғы белсенділік
cohort-write-refused = Бұл лекке хабарландыру жібере алмайсыз.

## Trainees

cohort-members-title = <b>👥 { $name }</b>
    Қатысушылар: { $count }. Біреуін таңдаңыз.
cohort-members-empty = Лекте әлі ешкім жоқ. Қосылу сілтемесін жіберіңіз немесе «➕ Қатысушы қосу» батырмасын басыңыз.
cohort-member-item = { $name } · { $done }/{ $released }
cohort-back-to-members = ‹ Қатысушылар
cohort-trainee =
    <b>👤 { $name }</b>
    Лек: { $cohort }
    Қосылған күні: { $joined }
    Орындағаны: { $bar }
    Артта қалғаны: { $behind } сабақ
    Соңғы белсенділік: { $last }
cohort-trainee-never = әлі жоқ
cohort-trainee-gone = Бұл адам енді бұл лекте жоқ.
cohort-move-button = ↔ Басқа лекке ауыстыру
cohort-remove-button = ✖ Лектен шығару

cohort-move-title = <b>{ $name }</b> қай лекке ауысады? Орындаған сабақтары сақталады.
cohort-move-none = Бұл курстың ауыстыруға болатын басқа легі жоқ.
cohort-move-item = { $name } · { $seats }
cohort-moved = ↔ { $name } «{ $cohort }» легіне ауыстырылды. Орындаған сабақтары сақталды.

cohort-remove-confirm = <b>{ $name }</b> «{ $cohort }» легінен шығарылсын ба? Ол енді сабақ алмайды. Орындаған сабақтары сақталады: қайта қосылса, жалғастырады.
cohort-remove-yes = ✖ Иә, шығару
cohort-removed = ✖ { $name } лектен шығарылды.

cohort-add-ask = ➕ «{ $cohort }» легіне кімді қосамыз? Адамның Telegram ID нөмірін жазыңыз немесе оның кез келген хабарын осында қайта жіберіңіз. Ол ботты бұрын іске қосқан болуы керек.
cohort-added = ✅ { $name } лекке қосылды (қатысушылар: { $seats }). Келесі адамды жіберіңіз немесе «‹ Лекке» батырмасын басыңыз.
cohort-add-already = { $name } осы лекте оқып жүр.
cohort-join-error = { $reason ->
    [full] Лекте бос орын жоқ: { $capacity }/{ $capacity } орын толы. Алдымен орын санын көбейтіңіз (✏️ Өзгерту).
    [finished] Бұл лектің курсы аяқталған: жаңа қатысушы қосуға болмайды.
   *[other-cohort] { $name } осы курстың басқа легінде оқып жүр: «{ $other }». Оны сол лектің қатысушылар тізімінен осында ауыстырыңыз.
}

## Editing

cohort-edit-title = <b>✏️ { $name }</b>
    Не өзгертеміз? Кесте мен уақыттың өзгерісі әлі ашылмаған сабақтарға ғана әсер етеді.
cohort-edit-name = Атауы
cohort-edit-start = Бірінші сабақ күні
cohort-edit-schedule = Кестесі
cohort-edit-time = Уақыты
cohort-edit-capacity = Орын саны
cohort-edit-trainer = ➕ Бизнес-жаттықтырушы
cohort-days-off-button = 📅 Демалыс күндері
cohort-edit-ask-days-off = Лекке сабақ ашылмайтын күндер (мереке күндері жұмыс күндерінің кестесінде өздігінен өткізіледі). Қазір: { $current }
    Күндерді былай жазыңыз: { $example }. Бірнеше күнді үтір арқылы жазуға болады. Жаңа тізім бұрынғысының орнына сақталады.
cohort-days-off-clear = Демалыс күндерін алып тастау
cohort-error-days-off = Күнді түсінбедім (бүгіннен бастап, бір жылдан аспай). Былай жазыңыз: { $example }
cohort-error-days-off-closes = Бұл күндер ашылып қойған сабақты жабар еді: ашылған сабақ ашық қалады. Басқа күндерді таңдаңыз.
cohort-edit-ask-name = Лектің жаңа атауын жазыңыз (3–120 таңба).
cohort-edit-ask-schedule = Қазір: { $schedule }. Сабақтар қалай ашылсын?
cohort-edit-start-late = Бірінші сабақ ашылып қойды: басталу күнін енді өзгертуге болмайды.
cohort-edit-closes = Бұлай өзгертуге болмайды: { $released } сабақ ашылып қойған, ал жаңа кесте бойынша қазір { $after } сабақ қана ашық болар еді. Басқа уақыт не кесте таңдаңыз.
cohort-saved = ✅ Сақталды.
cohort-trainer-added = ✅ { $name } лекке бизнес-жаттықтырушы болып қосылды.
cohort-trainer-already = { $name } бұл лекте бизнес-жаттықтырушы болып тұр.

## Messages the people concerned get

cohort-notice-added = ✅ Сізді «{ $course }» курсының «{ $cohort }» легіне қосты. Жаңа сабақтар сағат { $time } келеді, ашылғандары «📚 Менің курстарым» бөлімінде.
cohort-notice-moved = ↔ Сізді «{ $course }» курсының «{ $cohort }» легіне ауыстырды. Орындаған сабақтарыңыз сақталды. Жаңа сабақтар сағат { $time } келеді.
cohort-notice-removed = Сіз «{ $course }» курсының «{ $cohort }» легінен шығарылдыңыз. Сұрағыңыз болса, бизнес-жаттықтырушыңызға не үйлестірушіге жазыңыз.
cohort-notice-trainer = 🎓 Сіз «{ $cohort }» легінің бизнес-жаттықтырушысы болдыңыз. Лекті /cohorts арқылы ашасыз.
