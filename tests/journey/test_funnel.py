"""The funnel on a small crafted data set: exact counts, shares and medians (the service and the
screen, in Russian and Kazakh), the chart sent as a PNG photo, the workbook's cells, filters
checked against the coordinator's scope."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from PIL import Image

from bot.core.access import Access
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.documents.charts import PNG_SIGNATURE
from bot.journey.service import Period
from bot.loans.schedule import LoanDraft, Terms
from bot.telegram.callbacks import JourneyAction, JourneyCb
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, onboard
from tests.journey import data


async def crafted(app: BotUnderTest) -> None:
    """Ten people applied to «Бастау Бизнес» in Almaty in 2026 (one more in Atyrau, one in
    2025): 6 approved, 5 started the course, 4 completed it, 3 submitted a plan, 2 were funded
    (a loan each, disbursed on 5 May; one unpaid since 10 May), 1 repays on time: repaid on
    10 May."""
    db = app.s.db
    for n in range(10):
        await data.user(db, 5000 + n, f"P{n}", "Test")
    await data.user(db, 5100, "Atyrau", "Test")
    await data.user(db, 5101, "Old", "Test")
    approved_after = [2, 4, 6, 8, 10, 12]  # days from application to approval
    for n in range(10):
        decided = f"2026-02-{1 + approved_after[n]:02d}T06:00:00" if n < 6 else None
        await data.application(
            db,
            5000 + n,
            "bastau",
            "approved" if n < 6 else "rejected",
            "2026-02-01T06:00:00",
            decided,
        )
    await data.application(db, 5100, "bastau", "submitted", "2026-03-01T06:00:00", region="atyrau")
    await data.application(db, 5101, "bastau", "submitted", "2025-03-01T06:00:00")
    # Started: 5 of the approved, 10 days after their approval; completed: 4, 30 days on.
    for n in range(5):
        approved = date(2026, 2, 1 + approved_after[n])
        start = date.fromordinal(approved.toordinal() + 10)
        await data.lessons(db, 5000 + n, "bastau", f"{start.isoformat()}T06:00:00", 2)
        if n < 4:
            done = date.fromordinal(start.toordinal() + 30)
            await data.certificate(db, 5000 + n, "bastau", done.isoformat(), f"C{n}")
    contest = await data.contest(db, "bastau", "Байқау")
    for n in range(3):  # plans submitted on 2026-04-20
        await data.entry(
            db,
            contest,
            5000 + n,
            "won" if n < 2 else "lost",
            "2026-04-20T06:00:00",
            "2026-04-30T06:00:00" if n < 2 else None,
        )
    for n, first_due in ((0, date(2026, 5, 10)), (1, date(2026, 6, 5))):
        terms = Terms(300_000, date(2026, 5, 5), first_due, term_months=3)
        draft = LoanDraft(f"BB-L-{n}", f"P{n}", "bastau", "almaty", terms, False, 5000 + n)
        loan = await app.s.loans.create(draft, COORDINATOR_ID)
        if n == 1:  # repaid in one payment on 2026-05-10
            await app.s.loans.record(loan, COORDINATOR_ID, 300_000, date(2026, 5, 10))


async def test_funnel_counts_shares_and_medians(app: BotUnderTest) -> None:
    await crafted(app)
    admin = Access(COORDINATOR_ID, True, ())
    funnel = await app.s.journey.funnel(admin, "bastau", "almaty", Period.year)
    counts = [s.count for s in funnel.steps]
    assert counts == [10, 6, 5, 4, 3, 2, 1, 1]
    assert [round(s.of_previous or 0, 4) for s in funnel.steps[1:]] == [
        0.6,
        round(5 / 6, 4),
        0.8,
        0.75,
        round(2 / 3, 4),
        0.5,
        1.0,
    ]
    assert [s.of_start for s in funnel.steps] == [1.0, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1]
    medians = [s.median_days for s in funnel.steps]
    # approval: 2,4,6,8,10,12 → 7; start: 10; course: 30; completion (Mar 15, 17, 19, 21 …)
    # → plan on Apr 20: 36, 34, 32 → 34; plan → win on Apr 30: 10; loan paid May 10 after
    # funding on Apr 30 (the win, the earliest): 10; repaid the same day: 0.
    assert medians == [None, 7.0, 10.0, 30.0, 34.0, 10.0, 10.0, 0.0]
    everywhere = await app.s.journey.funnel(admin, None, None, Period.all)
    assert everywhere.steps[0].count == 12
    assert [s.count for s in (await app.s.journey.funnel(admin, None, None, Period.year)).steps][
        :2
    ] == [11, 6]


async def test_funnel_screen_chart_and_workbook(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await crafted(app)
    await onboard(erlan, "ru")
    [screen] = await erlan.press("📊 Воронка")
    text = screen.content.replace("\u00a0", " ")
    assert "Воронка: Все программы · Все регионы · 2026 год" in text
    assert "1. Подали заявку: 11" in text
    await erlan.press("Программа")
    await erlan.press("Бастау Бизнес")
    await erlan.press("Регион")
    [screen] = await erlan.press("Алматинская область")
    text = screen.content.replace("\u00a0", " ")
    assert "Бастау Бизнес · Алматинская область · 2026 год" in text
    assert "2. Одобрены: 6 · от предыдущего 60%, от начала 60% · медиана 7 дней" in text
    assert "5. Подали бизнес-план на конкурс: 3 · от предыдущего 75%, от начала 30%" in text
    assert "8. Погасили заём: 1 · от предыдущего 100%, от начала 10% · медиана 0 дней" in text
    [photo] = await erlan.press("📈 График")
    assert photo.kind == "photo" and photo.photo is not None
    assert photo.photo.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(photo.photo)).size == (800, 450)
    assert "1. Подали заявку: 10" in photo.content
    [document] = await erlan.press("📥 Excel")
    assert document.document is not None
    book = load_workbook(io.BytesIO(document.document.data))
    steps, filters = book.worksheets
    rows = [[c.value for c in row] for row in steps.iter_rows()]
    assert rows[0] == ["Шаг", "Людей", "От предыдущего", "От начала", "Медиана, дней"]
    assert rows[1] == ["Подали заявку", 10, None, 1, None]
    assert rows[2] == ["Одобрены", 6, 0.6, 0.6, 7]
    assert rows[8] == ["Погасили заём", 1, 1, 0.1, 0]
    used = {row[0].value: row[1].value for row in filters.iter_rows(min_row=2)}
    assert used["Программа"] == "Бастау Бизнес" and used["Регион"] == "Алматинская область"
    assert used["С (дата подачи заявки)"] == "2026-01-01"

    # Kazakh, and a regional coordinator: only their region, a forged filter refused.
    await onboard(aigul, "kk")
    await app.s.users.grant(
        aigul.id,
        "coordinator",
        program="bastau",
        region="atyrau",
        granted_by=None,
        now=app.clock.now(),
    )
    [screen] = await aigul.send("📊 Жол кезеңдері")
    text = screen.content.replace("\u00a0", " ")
    assert "Жол кезеңдері" in text and "1. Өтінім берді: 1" in text
    assert "2. Мақұлданды: 0 · алдыңғы кезеңнен 0%" in text
    await aigul.press_data(JourneyCb(action=JourneyAction.funnel, v="bastau,almaty,y").pack())
    assert alert(aigul)
    await aigul.press_data(JourneyCb(action=JourneyAction.excel, v="zharkyra,,a").pack())
    assert alert(aigul)
    assert [m for m in aigul.chat.messages if m.kind == "document"] == []
