## /privacy: stored data, consent, deletion

privacy-summary =
    <b>Сіз туралы сақталған деректер</b>
    Аты-жөні: { $name }
    Username: { $username }
    Тіл: { $language }
    Келісім: { $consent ->
        [no] берілмеген
       *[other] { $consent } берілген
    }
    Алғаш жазған күніңіз: { $created }
    Рөлдер: { $roles ->
        [0] жоқ
       *[other] { $roles }
    }
privacy-role-line = • { $role ->
    [coordinator] Үйлестіруші
    [juror] Қазылар алқасының мүшесі
    [mentor] Тәлімгер
   *[trainer] Бизнес-жаттықтырушы
} — { $scope }
privacy-delete = 🗑 Деректерімді жою
privacy-withdraw = Келісімді қайтарып алу
privacy-give = ✅ Келісім беру
privacy-withdrawn = Келісім қайтарылды.
privacy-delete-confirm =
    <b>Деректеріңізді жоямыз ба?</b>
    Аты-жөніңіз, username, тіл, келісім, рөлдер және аяқталмаған өтінімдегі жауаптар жойылады. Үйлестірушілерге қажет жазбалар (мысалы, заем шарты) сақталады, бірақ олардан сіздің атыңыз алынып тасталады.
privacy-delete-yes = Иә, жою
privacy-delete-no = Жоқ, қалдыру
privacy-kept = Ештеңе жойылмады.
privacy-deleted = Деректеріңіз жойылды.
privacy-deleted-restart = Қайта бастау үшін /start деп жазыңыз.
privacy-held-title = <b>Өтінімдер, курстар мен заемдар бойынша сақталғандар</b>
privacy-held-nothing = Сіз туралы өтінім, курс, заем немесе файл сақталмаған.
privacy-held-line = • { $category ->
    [iin] ЖСН — өтінімдерде: { $count }
    [phone] Телефон — өтінімдерде: { $count }
    [email] Email мекенжайы — өтінімдерде: { $count }
    [voice] Дауыстық хабармен берілген жауаптар — өтінімдерде: { $count }
    [other] Басқа жеке жауаптар — өтінімдерде: { $count }
    [applications] Өтінімдер: { $count }
    [files] Өтінімдерге тіркелген файлдар: { $count }
    [courses] Оқу лектері: { $count }
    [lessons] Өткен сабақтар: { $count }
    [certificates] Сертификаттар: { $count }
    [webinars] Вебинарларға тіркелу: { $count }
    [loans] Заемдар: { $count }
    [payments] Заем бойынша төлемдер: { $count }
    [contest_entries] Қаржыландыру байқауына қатысу: { $count }
    [contest_budget] Бизнес-жоспар бюджетінің жолдары: { $count }
    [contest_files] Бизнес-жоспарға тіркелген файлдар: { $count }
    [contest_scores] Қазылар алқасының мүшесі ретінде қойған бағаларыңыз: { $count }
    [projects] Қаржыландырылған жобалар: { $count }
    [project_reports] Жоба есептері: { $count }
    [project_report_files] Есептерге тіркелген файлдар: { $count }
    [mentorships] Тәлімгерлер: { $count }
    [mentor_checkins] Тәлімгермен кездесулер: { $count }
    [mentees] Тәлімгер ретінде жетекшілік еткен адамдар: { $count }
    [notification_settings] Хабарлама баптаулары
   *[program_alerts] Бағдарлама ашылғанда хабарлау туралы өтініштер: { $count }
}
privacy-export = 📦 Деректерімді жүктеп алу (файл)
privacy-export-wait = Файлды дайындап жатырмын…
privacy-export-caption = Бот сіз туралы сақтайтын барлық деректер, JSON форматында. Файл тек сізге жіберілді.
