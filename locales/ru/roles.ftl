## Coordinators: roles

roles-title = <b>Роли</b>
roles-admins = Администраторы из настроек (ADMIN_IDS): { $ids }
roles-empty = Ролей пока никому не выдано.
roles-line = • { $name } (id { $id }) — { $role ->
    [coordinator] координатор
   *[trainer] бизнес-тренер
}, { $scope }
roles-revoke-button = ✖ { $name } — { $role ->
    [coordinator] координатор
   *[trainer] тренер
}
roles-grant-button = ➕ Выдать роль
roles-ask-person = Пришлите Telegram id человека, которому нужна роль, или перешлите сюда любое его сообщение. Он уже должен был запустить бота.
roles-person-invalid = Это не похоже на id. Пришлите только цифры (например, 123456789) или перешлите сообщение человека.
roles-person-hidden = Этот человек скрывает имя в пересланных сообщениях. Пришлите его id цифрами.
roles-person-unknown = Пользователь с id { $id } ещё не запускал бота. Попросите его сначала написать боту /start.
roles-ask-role = Выберите роль для { $name }:
roles-ask-program = По какой программе? Выберите все или одну:
roles-ask-region = В каком регионе? Выберите всю страну или один регион:
roles-use-buttons = Пользуйтесь кнопками под сообщением.
roles-confirm = Подтвердите: { $name } — { $role ->
    [coordinator] координатор
   *[trainer] бизнес-тренер
}, { $scope }.
roles-granted = Роль выдана.
roles-already = Такая роль уже есть.
roles-cancelled = Отменено.
roles-gone = Этой роли больше нет.
roles-revoke-confirm = Снять с { $name } роль «{ $role ->
    [coordinator] координатор
   *[trainer] бизнес-тренер
}» ({ $scope })?
roles-revoke-yes = Да, снять
roles-revoked = Роль снята.
roles-you-got = Вам выдана роль «{ $role ->
    [coordinator] координатор
   *[trainer] бизнес-тренер
}» ({ $scope }). Чтобы обновить меню, нажмите /menu.
