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
   *[trainer] Бизнес-жаттықтырушы
} — { $scope }
privacy-delete = 🗑 Деректерімді жою
privacy-withdraw = Келісімді қайтарып алу
privacy-give = ✅ Келісім беру
privacy-withdrawn = Келісім қайтарылды.
privacy-delete-confirm =
    <b>Деректеріңізді жоямыз ба?</b>
    Аты-жөніңіз, username, тіл, келісім, рөлдер және толтырылмаған жауаптар жойылады. Үйлестірушілерге қажет жазбалар (мысалы, заем шарты) сақталады, бірақ олардан сіздің атыңыз алынып тасталады.
privacy-delete-yes = Иә, жою
privacy-delete-no = Жоқ, қалдыру
privacy-kept = Ештеңе жойылмады.
privacy-deleted = Деректеріңіз жойылды.
privacy-deleted-restart = Қайта бастау үшін /start деп жазыңыз.
