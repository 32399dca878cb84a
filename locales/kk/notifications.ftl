## When reminders come (🔔), muting nudges and digests

menu-notifications = 🔔 Хабарламалар
notify-title = <b>🔔 Хабарламалар</b>
notify-hour = Курс пен заем туралы еске салу уақыты: { $hour } (Астана уақытымен).
notify-hour-default = Курс пен заем туралы еске салулар әдеттегі уақытта келеді: сабақтар — ағын кестесі бойынша, заем — сағат 10:00-де.
notify-nudges-on = Кеңестер мен жиынтықтар: қосулы.
notify-nudges-off = Кеңестер мен жиынтықтар: өшірулі.
notify-always = Әрқашан келетіндер: заем бойынша төлем күні мен мерзімі өткен төлем, өзіңіз тіркелген вебинарлар, өтінімдеріңізге жауаптар.
notify-quiet = Түнде { $start } – { $end } аралығында бот жазбайды.
notify-default-button = Әдеттегі уақыт
notify-mute-button = 🔕 Кеңестерді өшіру
notify-unmute-button = 🔔 Кеңестерді қосу
notify-saved = Сақталды
notify-hour-refused = Бұл уақытты таңдауға болмайды. Батырмалардағы сағаттың бірін таңдаңыз.
