## Coordinators: roles

roles-title = <b>Рөлдер</b>
roles-admins = Баптаулардағы әкімшілер (ADMIN_IDS): { $ids }
roles-empty = Әзірге ешкімге рөл берілмеген.
roles-line = • { $name } (id { $id }) — { $role ->
    [coordinator] үйлестіруші
   *[trainer] бизнес-жаттықтырушы
}, { $scope }
roles-revoke-button = ✖ { $name } — { $role ->
    [coordinator] үйлестіруші
   *[trainer] жаттықтырушы
}
roles-grant-button = ➕ Рөл беру
roles-ask-person = Рөл берілетін адамның Telegram id нөмірін жіберіңіз немесе оның кез келген хабарын осында қайта жіберіңіз (forward). Ол ботты бұрын іске қосқан болуы керек.
roles-person-invalid = Бұл id нөміріне ұқсамайды. Тек сандарды жіберіңіз (мысалы, 123456789) немесе адамның хабарын қайта жіберіңіз.
roles-person-hidden = Бұл адам хабарларын қайта жібергенде атын жасырады. Оның id нөмірін сандармен жіберіңіз.
roles-person-unknown = ID нөмірі { $id } пайдаланушы ботты әлі іске қоспаған. Алдымен ботқа /start жазуын сұраңыз.
roles-ask-role = { $name } үшін рөлді таңдаңыз:
roles-ask-program = Қай бағдарлама бойынша? Барлығын немесе біреуін таңдаңыз:
roles-ask-region = Қай өңірде? Бүкіл елді немесе бір өңірді таңдаңыз:
roles-use-buttons = Хабардың астындағы батырмаларды пайдаланыңыз.
roles-confirm = Растаңыз: { $name } — { $role ->
    [coordinator] үйлестіруші
   *[trainer] бизнес-жаттықтырушы
}, { $scope }.
roles-granted = Рөл берілді.
roles-already = Бұл рөл бұрыннан бар.
roles-cancelled = Тоқтатылды.
roles-gone = Бұл рөл енді жоқ.
roles-revoke-confirm = { $name }: «{ $role ->
    [coordinator] үйлестіруші
   *[trainer] бизнес-жаттықтырушы
}» рөлін ({ $scope }) алып тастаймыз ба?
roles-revoke-yes = Иә, алып тастау
roles-revoked = Рөл алынып тасталды.
roles-you-got = Сізге «{ $role ->
    [coordinator] үйлестіруші
   *[trainer] бизнес-жаттықтырушы
}» рөлі берілді ({ $scope }). Мәзірді жаңарту үшін /menu басыңыз.
