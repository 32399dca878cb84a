"""A closed program stays in /apply, marked closed with its next round when known, and people
may ask to be told when it opens: the planner tells them through the outbox, once (issue 20,
item 21). In Russian and Kazakh, through the fake Bot API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.clock import FakeClock
from bot.dev.fake_telegram import SimUser
from tests.conftest import BotUnderTest, alert, deliver, onboard


@pytest.fixture
def clock() -> FakeClock:
    """10 January 2026: before every program of the catalogue opens (time only goes on)."""
    return FakeClock(datetime(2026, 1, 10, 6, 0, tzinfo=UTC))


async def test_before_the_window_programs_are_listed_as_closed_in_russian(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    [programs] = await sergey.press("📝 Подать заявку")
    assert "ни одна программа не принимает заявки" in programs.content
    assert programs.buttons()[0] == "🔒 Бастау Бизнес (приём закрыт)"
    assert len(programs.buttons()) == 4
    [card] = await sergey.press("🔒 Бастау Бизнес (приём закрыт)")
    assert (
        "Приём заявок закрыт." in card.content
        and "Следующий набор: 15 января 2026" in card.content
    )
    assert card.buttons() == ["🔔 Сообщить, когда откроется", "‹ Все программы"]
    [card] = await sergey.press("🔔 Сообщить, когда откроется")
    assert "Напишем сюда" in alert(sergey)
    assert card.buttons() == ["‹ Все программы"]
    assert await app.s.applications.repo.watchers("bastau") == [sergey.id]

    # Not yet: nothing is sent while it is closed.
    await app.s.planners.run(app.clock.now())
    await deliver(app)
    assert not [m for m in sergey.chat.bot_messages() if "открыла приём" in m.content]

    app.clock.set(datetime(2026, 1, 15, 4, 0, tzinfo=UTC))  # 09:00 on the opening day
    await app.s.planners.run(app.clock.now())
    await app.s.planners.run(app.clock.now())
    await deliver(app)
    told = await sergey.wait_for_message(lambda m: "открыла приём заявок" in m.content)
    assert "«Бастау Бизнес»" in told.content and "20 декабря 2026" in told.content
    assert len([m for m in sergey.chat.bot_messages() if "открыла приём" in m.content]) == 1
    [card] = await sergey.press("📝 Открыть программу")
    assert "📝 Подать заявку" in card.buttons()
    assert await app.s.applications.repo.watchers("bastau") == []


async def test_after_the_close_the_card_says_so_in_kazakh(
    app: BotUnderTest, aigul: SimUser
) -> None:
    app.clock.set(datetime(2026, 12, 16, 6, 0, tzinfo=UTC))  # «Жарқыра» closed on the 15th
    await onboard(aigul, "kk")
    [programs] = await aigul.press("📝 Өтінім беру")
    assert "Қай бағдарламаға" in programs.content
    assert "Бастау Бизнес" in programs.buttons()
    assert "🔒 Жарқыра (қабылдау жабық)" in programs.buttons()
    [card] = await aigul.press("🔒 Жарқыра (қабылдау жабық)")
    assert "Өтінім қабылдау жабық." in card.content
    assert "Келесі іріктеудің күні әзірге белгісіз." in card.content
    await aigul.press("🔔 Ашылғанда хабарлау")
    assert "өтінім қабылдай бастағанда осында жазамыз" in alert(aigul)
    assert await app.s.applications.repo.watchers("zharkyra") == [aigul.id]
    [mine] = await aigul.command("privacy")
    assert "Бағдарлама ашылғанда хабарлау туралы өтініштер: 1" in mine.content


async def test_an_open_program_cannot_be_watched(app: BotUnderTest, aigul: SimUser) -> None:
    from bot.telegram.callbacks import ApplyActionCb
    from bot.telegram.callbacks import ApplyExtraAction as ApplyAction

    app.clock.set(datetime(2026, 5, 14, 6, 0, tzinfo=UTC))  # every program is open
    await onboard(aigul, "kk")
    await aigul.press("📝 Өтінім беру")
    await aigul.press_data(ApplyActionCb(action=ApplyAction.watch, value="bastau").pack())
    assert "өтінім қабылдап жатыр" in alert(aigul)
    await aigul.press_data(ApplyActionCb(action=ApplyAction.watch, value="nope").pack())
    assert "ескірген" in alert(aigul)
    assert await app.s.applications.repo.watchers("bastau") == []
