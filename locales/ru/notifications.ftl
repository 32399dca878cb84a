## When reminders come (🔔), muting nudges and digests

menu-notifications = 🔔 Уведомления
notify-title = <b>🔔 Уведомления</b>
notify-hour = Время напоминаний о курсе и займе: { $hour } (по времени Астаны).
notify-hour-default = Напоминания о курсе и займе приходят в обычное время: уроки — по расписанию потока, заём — в 10:00.
notify-nudges-on = Подсказки и сводки: включены.
notify-nudges-off = Подсказки и сводки: выключены.
notify-always = Всегда приходят: день платежа и просрочка по займу, вебинары, на которые вы записались, ответы на ваши заявки.
notify-quiet = Ночью, с { $start } до { $end }, бот не пишет.
notify-default-button = Обычное время
notify-mute-button = 🔕 Выключить подсказки
notify-unmute-button = 🔔 Включить подсказки
notify-saved = Сохранено
notify-hour-refused = Это время выбрать нельзя. Выберите час на кнопках.
