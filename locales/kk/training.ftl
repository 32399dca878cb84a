## Training: joining a cohort, my courses, lessons, check questions, certificates

menu-courses = 📚 Менің курстарым

training-join-card = <b>{ $course }</b>
    Лек: { $cohort }
    Басталуы: { $start }, сағат { $time }
    { $lessons } сабақ, { $weekdays ->
        [true] жұмыс күндері күніне бір сабақтан
       *[false] күн сайын бір сабақтан
    }.

    Лекке қосыласыз ба?
training-join-button = ✅ Қосылу
training-join-unknown = Мұндай код табылмады. Кодты бизнес-жаттықтырушыдан қайта сұраңыз немесе оның сілтемесін ашыңыз.
training-join-finished = «{ $cohort }» легінің оқуы аяқталған. Жаңа лекке жазылу үшін бизнес-жаттықтырушыға хабарласыңыз.
training-join-full = «{ $cohort }» легінде бос орын қалмады. { $others ->
    [0] Бизнес-жаттықтырушыдан басқа лек туралы сұраңыз.
   *[other] Осы курстың орны бар басқа лектері төменде — біреуін таңдаңыз.
}
training-join-other = ➡️ { $cohort } · басталуы: { $start }
training-join-other-cohort = Сіз бұл курсты басқа лекте оқып жатырсыз: «{ $cohort }». Бір курсты бір уақытта бір лекте ғана оқуға болады.
training-ask-code = Лектің кодын жіберіңіз (мысалы, K7M2QX). Оны бизнес-жаттықтырушы береді.
training-joined-short = Қосылдыңыз!
training-joined = ✅ Сіз «{ $cohort }» легіне қосылдыңыз — { $course }.
    { $waiting ->
        [true] Алғашқы сабақ { $start }, сағат { $time } келеді.
       *[false] Ашылған сабақтар «📚 Менің курстарым» бөлімінде.
    }{ $catchup ->
        [yes] {""}

            📅 Лекте { $open } сабақ ашылып қойған. Қуып жету жоспары: күніне { $pace } сабақ. Лекке жететін күні: { $level }
       *[no] {""}
    }
training-open-courses = 📚 Менің курстарым

training-my-courses = <b>📚 Менің курстарым</b>
training-no-courses = Сіз әлі ешбір курсқа жазылмағансыз. Бизнес-жаттықтырушы берген сілтемені ашыңыз немесе кодпен қосылыңыз: /join
training-course-line = <b>{ $heading }</b>
    { $bar }
    { $state ->
        [finished] 🎓 Курс аяқталды!
        [next] Келесі: { $number }. { $next }
        [first] Алғашқы сабақтың ашылатын уақыты: { $date }, сағат { $time }
       *[later] Келесі сабақтың ашылатын уақыты: { $date }, сағат { $time }
    }
training-next-button = 📖 { $number }-сабақ
training-all-lessons = 📋 Сабақтар: { $course }
training-back-to-courses = ‹ Менің курстарым
training-leave = Курстан шығу
training-leave-confirm = «{ $course }» курсынан шығасыз ба? Оқыған сабақтарыңыз сақталады.
training-leave-yes = Иә, шығу
training-left = Курстан шықтыңыз
training-not-enrolled = Сіз бұл курста жоқсыз.
training-lesson-locked = 🔒 { $number }. { $title } — { $date } күні ашылады
training-lesson-open = { $done ->
    [true] ✅
   *[false] 📖
} { $number }. { $title }
training-locked = Бұл сабақ әлі жабық. Ол { $date } күні ашылады.
training-lesson-header = <b>{ $number }/{ $total } · { $title }</b> · ⏱ { $minutes } мин
training-quiz-button = ❓ Сұрақтарға жауап беру ({ $count })
training-done-button = ✅ Сабақ оқылды
training-question = <b>Сұрақ { $index }/{ $count }</b>
    { $question }

    { $options }
training-right = Дұрыс!
training-wrong = Дұрыс емес
training-answer = { $right ->
    [true] ✅ Дұрыс!
   *[false] ❌ Дұрыс жауап: { $answer }
}
    { $explanation }
training-next-question = Келесі сұрақ ›
training-try-again = ❌ Дұрыс емес. Тағы бір рет байқап көріңіз.
training-answer-first = Алдымен сабақтың сұрақтарына жауап беріңіз.
training-use-buttons = Жауапты хабардың астындағы батырмалармен таңдаңыз.
training-done-short = Жарайсыз!
training-lesson-done = ✅ { $number }-сабақ оқылды!
    { $bar }
    { $next ->
        [open] Келесі ашық сабақ: { $following }. { $title }
        [later] Келесі сабақ { $date } күні ашылады.
       *[finished] 🎓 Барлық сабақ оқылды!
    }
training-congratulations = 🎓 Құттықтаймыз! Сіз «{ $course }» курсын толық аяқтадыңыз. Сертификатыңыздың нөмірі: <b>{ $number }</b>.
training-certificate-caption = Сертификат { $number }

## Notices (the delivery engine renders them in the trainee's language when they are sent)

training-lesson-released = 📘 <b>{ $course }</b>: { $number }/{ $total }-сабақ ашылды — «{ $title }» (⏱ { $minutes } мин).
training-read-button = 📖 Сабақты оқу
training-lesson-released-backlog =
    📘 <b>{ $course }</b>: { $number }/{ $total }-сабақ ашылды — «{ $title }» (⏱ { $minutes } мин).

    { training-open-list }
training-read-new = 🆕 Жаңа сабақ
training-open-oldest = 📖 Ең алғашқысынан бастау
training-reminder =
    ⏰ «{ $course }» курсы сізді күтіп тұр.
    { training-open-list }

    Бүгін 15 минут бөліп, жалғастырайық!

training-open-lesson = 📖 Сабақты ашу
training-nudge = 👋 Бизнес-жаттықтырушыңыз еске салады: «{ $course }» курсында { $behind } сабақ оқылмай қалды. Жалғастырайық!
training-cohort-soon = ✅ Сізді «{ $course }» курсына қабылдадық. Жақын арада лекке қосамыз — сабақ кестесі осында келеді.
training-enrolled = ✅ Сізді «{ $course }» курсына қабылдадық, лек: { $cohort }. Алғашқы сабақ { $start }, сағат { $time } келеді.

## The open lessons, oldest first, in the day's message and the reminder (their variables)
training-open-list =
    Әлі оқылмаған сабақтар: { $open }
    { $backlog }{ $more ->
        [0] {""}
       *[other] {""}
            …тағы { $more } сабақ
    }{ $catchup ->
        [yes] {""}

            📅 Қуып жету жоспары: күніне { $pace } сабақ. Лекке жететін күні: { $level }
       *[no] {""}
    }

## Certificates (the PDF is plain text)

certificate-title = СЕРТИФИКАТ
certificate-confirms = Осы сертификат мынаны растайды:
certificate-completed = төмендегі курсты толық аяқтады
certificate-date = Аяқталған күні: { $date }
certificate-number = № { $number }
certificate-verify = Тексеру: ботқа /verify { $number } жазыңыз немесе { $link } сілтемесін ашыңыз
certificate-verify-how = Сертификатты тексеру үшін оның нөмірін жазыңыз, мысалы: /verify BASTAU-K7M2QX9A
certificate-not-found = ❌ { $number } нөмірлі сертификат табылмады. Нөмірді тексеріңіз.
certificate-valid = ✅ Сертификат жарамды.
    Нөмірі: { $number }
    Иесі: { $holder }
    Курс: { $course }
    Лек: { $cohort }
    Аяқталған күні: { $date }
certificate-holder-erased = (иесі өз деректерін жойған)
