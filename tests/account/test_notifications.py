"""🔔 Notification preferences, in Russian and Kazakh: the hour of daily reminders and muting
nudges, chosen by buttons, obeyed by the loan planner and by the sender whatever planned the
message; what a person must hear (the due day, overdue) is never muted."""

from __future__ import annotations

from datetime import date

from bot.dev.fake_telegram import SimUser
from bot.telegram.callbacks import NotifyAction, NotifyCb
from tests.conftest import BotUnderTest, alert, deliver, onboard
from tests.loans.test_loans import a_day, at_local, open_loan, reminders, said


def loan_reminders(user: SimUser) -> list[str]:
    """The loan's reminders (the 🔔 settings screen starts with the same bell)."""
    return [r for r in reminders(user) if "№ ZH-" in r]


async def test_a_borrower_chooses_the_evening_and_mutes_the_nudges(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    assert "🔔 Уведомления" in sergey.reply_buttons()
    [screen] = await sergey.press("🔔 Уведомления")
    text = said(screen)
    assert "Напоминания о курсе и займе приходят в обычное время" in text
    assert "Подсказки и сводки: включены." in text
    assert "Всегда приходят: день платежа и просрочка по займу" in text
    assert "Ночью, с 21:00 до 09:00, бот не пишет." in text
    # Only hours outside quiet hours are offered.
    hours = [b for b in screen.buttons() if b.endswith(":00")]
    assert hours == ["09:00", "10:00", "12:00", "14:00", "17:00", "18:00", "19:00", "20:00"]
    assert "✓ Обычное время" in screen.buttons()
    [edited] = await sergey.press("18:00")
    assert edited.message_id == screen.message_id, "the screen is edited in place"
    assert "Время напоминаний о курсе и займе: 18:00 (по времени Астаны)." in said(edited)
    assert "✓ 18:00" in edited.buttons()
    [edited] = await sergey.press("🔕 Выключить подсказки")
    assert "Подсказки и сводки: выключены." in said(edited)
    assert "🔔 Включить подсказки" in edited.buttons()

    loan = await open_loan(app, sergey.id)  # 83 333 ₸ due 1 June
    # 25 May, seven days before: a nudge, muted.
    await a_day(app, date(2026, 5, 25))
    await at_local(app, date(2026, 5, 25), 18, 5)
    await deliver(app)
    assert loan_reminders(sergey) == []
    muted = await app.s.outbox.get_by_key(f"loan:{loan.id}:inst:1:due-7d")
    assert muted is not None and muted.status == "skipped" and muted.last_error == "muted"
    # 1 June, the due day: never muted, and it comes at 18:00, not at 10:00.
    await a_day(app, date(2026, 6, 1))
    assert loan_reminders(sergey) == []
    await at_local(app, date(2026, 6, 1), 18, 5)
    await deliver(app)
    [due] = loan_reminders(sergey)
    assert due.startswith("🔔 Сегодня день платежа по займу № ZH-2026-001.")


async def test_a_later_hour_chosen_after_planning_holds_the_reminder_in_kazakh(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await open_loan(app, aigul.id, contract="ZH-2026-002", name="Серікова Айгүл")
    await at_local(app, date(2026, 6, 1), 0, 15)
    await app.s.planners.run(app.clock.now())  # the due-day reminder, for 10:00
    await at_local(app, date(2026, 6, 1), 9, 30)
    [screen] = await aigul.press("🔔 Хабарламалар")
    assert "Курс пен заем туралы еске салулар әдеттегі уақытта келеді" in said(screen)
    assert "Түнде 21:00 – 09:00 аралығында бот жазбайды." in said(screen)
    [edited] = await aigul.press("19:00")
    assert "Курс пен заем туралы еске салу уақыты: 19:00 (Астана уақытымен)." in said(edited)
    await at_local(app, date(2026, 6, 1), 10, 5)
    await deliver(app)
    assert loan_reminders(aigul) == []
    await at_local(app, date(2026, 6, 1), 19, 5)
    await deliver(app)
    [due] = loan_reminders(aigul)
    assert due.startswith("🔔 Бүгін № ZH-2026-002 заем бойынша төлем күні.")
    # A forged hour inside quiet hours is refused, and the choice stays.
    await aigul.press_data(NotifyCb(action=NotifyAction.hour, hour=3).pack())
    assert alert(aigul) == "Бұл уақытты таңдауға болмайды. Батырмалардағы сағаттың бірін таңдаңыз."
    assert (await app.s.preferences.get(aigul.id)).remind_hour == 19
    # Back to the usual time.
    [edited] = await aigul.press("Әдеттегі уақыт")
    assert "✓ Әдеттегі уақыт" in edited.buttons()
    assert (await app.s.preferences.get(aigul.id)).remind_hour is None


async def test_a_trainee_gets_the_days_lesson_at_her_hour(
    app: BotUnderTest, aigul: SimUser
) -> None:
    """The course's daily message is a reminder: it comes at the trainee's hour when that is
    later than the release (never before the lesson opens)."""
    from tests.training.test_training import at_local as training_day
    from tests.training.test_training import make_cohort

    cohort = await make_cohort(app)  # lessons at 09:00 from 15 May
    await onboard(aigul, "kk")
    await aigul.command("join", cohort.join_code)
    await aigul.press("✅ Қосылу")
    await aigul.press("🔔 Хабарламалар")
    await aigul.press("19:00")

    def released() -> list[str]:
        return [m.content for m in aigul.chat.bot_messages() if "1/30" in m.content]

    await training_day(app, date(2026, 5, 15), 9, 5)
    assert released() == [], "held until her hour"
    await training_day(app, date(2026, 5, 15), 19, 5)
    assert len(released()) == 1
