"""A trainee moved between cohorts of one course, and back (issue 20 items 1–3): what the old
cohort had queued is cancelled, lessons done or given stay open, releases in the new cohort
start from where the person is, and a reminder never names a lesson twice, whatever cohort
named it first. Through the fake Bot API, with a FakeClock."""

from __future__ import annotations

from datetime import date, time

from bot.dev.fake_telegram import SimUser
from bot.telegram.callbacks import TrainCb
from storage.cohorts import Cohort
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, deliver, onboard
from tests.training.test_training import at_local


async def cohort(app: BotUnderTest, name: str, starts_on: date) -> Cohort:
    course = app.s.training.courses.get("bastau")
    assert course is not None
    return await app.s.training.create_cohort(
        course=course,
        name=name,
        region="almaty",
        district=None,
        starts_on=starts_on,
        weekdays_only=False,
        release_time=time(9, 0),
        capacity=None,
        created_by=COORDINATOR_ID,
    )


def released(sergey: SimUser) -> list[str]:
    """The «lesson n/30 open» notices he got, in order: "3/30", …"""
    return [
        m.content.split("открыт урок ")[1][:4]
        for m in sergey.chat.bot_messages()
        if "открыт урок" in m.content
    ]


async def key_of(app: BotUnderTest, group: Cohort, user_id: int, what: str) -> str:
    member = await app.s.cohorts.member(group.id, user_id)
    assert member is not None
    return f"lesson:{group.id}:{user_id}:{int(member.joined_at.timestamp())}:{what}"


async def test_a_move_and_a_move_back(app: BotUnderTest, sergey: SimUser) -> None:
    ahead = await cohort(app, "Поток А", date(2026, 5, 12))  # lessons 1–3 open on 14 May
    later = await cohort(app, "Поток Б", date(2026, 5, 15))
    await onboard(sergey, "ru")
    await sergey.command("join", ahead.join_code)
    await sergey.press("✅ Присоединиться")
    await deliver(app)
    assert released(sergey) == ["3/30"]
    for number in (1, 2):
        await app.s.cohorts.mark_done(sergey.id, "bastau", number, app.clock.now())
    await at_local(app, date(2026, 5, 14), 11)  # A's lesson 4 (15 May 09:00) is queued
    queued = await key_of(app, ahead, sergey.id, "4")
    row = await app.s.outbox.get_by_key(queued)
    assert row is not None and row.status == "pending"

    await app.s.training.move(sergey.id, ahead, later)
    row = await app.s.outbox.get_by_key(queued)
    assert row is not None and row.status == "skipped", "the old cohort's release is cancelled"

    # Lesson 3 was given in A and is not done: it stays open in B, which has not started.
    await sergey.press("📚 Мои курсы")
    listing = (await sergey.press("📋 Уроки: Бастау Бизнес"))[-1]
    assert listing.buttons()[:3] == ["✅ 1", "✅ 2", "📖 3"]
    assert "🔒 4." in listing.content and "откроется 18 мая 2026" in listing.content
    lesson = (await sergey.press("📖 3"))[-1]
    assert lesson.content.startswith("3/30 · ")
    await sergey.press_data(TrainCb(action="lesson", course="bastau", n=4).pack())
    assert "18 мая 2026" in alert(sergey)

    # B's lessons 1–3 are his already: no «1/30 открыт» for a lesson done or given.
    for day in (15, 16, 17):
        await at_local(app, date(2026, 5, day))
    assert released(sergey) == ["3/30"]
    await at_local(app, date(2026, 5, 18))
    assert released(sergey) == ["3/30", "4/30"]
    [fourth] = [m for m in sergey.chat.bot_messages() if "открыт урок 4/30" in m.content]
    assert "Ещё не пройдены: 1 урок\n• 3." in fourth.content

    # Back to A: B's queue is cancelled, A's newest lesson comes at once (a new membership).
    await at_local(app, date(2026, 5, 18), 11)
    b_next = await key_of(app, later, sergey.id, "5")
    await app.s.training.move(sergey.id, later, ahead)
    row = await app.s.outbox.get_by_key(b_next)
    assert row is not None and row.status == "skipped"
    await deliver(app)
    assert released(sergey) == ["3/30", "4/30", "7/30"]
    [seventh] = [m for m in sergey.chat.bot_messages() if "открыт урок 7/30" in m.content]
    assert "Ещё не пройдены: 4 урока\n• 3." in seventh.content and "• 6." in seventh.content
    await at_local(app, date(2026, 5, 19))
    assert released(sergey) == ["3/30", "4/30", "7/30", "8/30"]
    state = await app.s.training.course_state(sergey.id, "bastau")
    assert state is not None and state.cohort.id == ahead.id and state.is_open(8)


async def test_a_reminder_names_a_lesson_once_whatever_the_cohort(
    app: BotUnderTest, sergey: SimUser
) -> None:
    first = await cohort(app, "Поток 1", date(2026, 5, 15))
    second = await cohort(app, "Поток 2", date(2026, 5, 15))
    first = await app.s.training.set_days_off(first, frozenset({date(2026, 5, 17)}))
    second = await app.s.training.set_days_off(second, frozenset({date(2026, 5, 18)}))
    await onboard(sergey, "ru")
    await app.s.training.enrol(sergey.id, first, check_capacity=False)

    def reminders() -> list[str]:
        return [m.content for m in sergey.chat.bot_messages() if m.content.startswith("⏰")]

    await at_local(app, date(2026, 5, 15))
    await at_local(app, date(2026, 5, 16))
    assert reminders() == []
    await at_local(app, date(2026, 5, 17))  # a day off in cohort 1: the day's reminder
    [reminder] = reminders()
    assert "Ещё не пройдены: 2 урока\n• 1." in reminder and "\n• 2." in reminder
    assert "Найдите сегодня 15 минут" in reminder

    await at_local(app, date(2026, 5, 17), 10)
    await app.s.training.move(sergey.id, first, second)
    await deliver(app)
    await app.s.cohorts.mark_done(sergey.id, "bastau", 3, app.clock.now())
    # 18 May is cohort 2's day off: lessons 1 and 2 were named on the 17th in cohort 1.
    await at_local(app, date(2026, 5, 18))
    assert len(reminders()) == 1
    await at_local(app, date(2026, 5, 19))
    assert released(sergey)[-1] == "4/30"
