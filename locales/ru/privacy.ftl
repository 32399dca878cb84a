## /privacy: stored data, consent, deletion

privacy-summary =
    <b>Какие данные о вас хранятся</b>
    Имя: { $name }
    Username: { $username }
    Язык: { $language }
    Согласие: { $consent ->
        [no] не дано
       *[other] дано { $consent }
    }
    Впервые написали: { $created }
    Роли: { $roles ->
        [0] нет
       *[other] { $roles }
    }
privacy-role-line = • { $role ->
    [coordinator] Координатор
   *[trainer] Бизнес-тренер
} — { $scope }
privacy-delete = 🗑 Удалить мои данные
privacy-withdraw = Отозвать согласие
privacy-give = ✅ Дать согласие
privacy-withdrawn = Согласие отозвано.
privacy-delete-confirm =
    <b>Удалить ваши данные?</b>
    Будут удалены имя, username, язык, согласие, роли и незавершённые ответы. Записи, нужные координаторам (например, договор займа), сохранятся, но ваше имя из них будет убрано.
privacy-delete-yes = Да, удалить
privacy-delete-no = Нет, оставить
privacy-kept = Ничего не удалено.
privacy-deleted = Ваши данные удалены.
privacy-deleted-restart = Чтобы начать заново, напишите /start.
