"""Loan notices that cannot lie (issue «Trust first»): whatever path paid an instalment — the
coordinator's screens, the demo seed, a write that went around the service — nothing goes out
about it; a partly paid one says what is left; a payment under review is mentioned with what
would be left after it; coordinators get one morning digest of reports waiting longer than a
working day; a loan opened for a known borrower is announced. In Russian and Kazakh."""

from __future__ import annotations

import io
from datetime import date, datetime

from bot.core.access import Access
from bot.core.regions import regions
from bot.dev.demo import DEMO_PEOPLE, seed_demo
from bot.dev.fake_telegram import SimUser
from bot.loans.imports import ProgramName, RegionName, read_import_file, validate_rows
from bot.loans.schedule import allocate
from storage.loans import Loan
from tests.conftest import COORDINATOR_ID, BotUnderTest, deliver, onboard
from tests.loans.test_loans import a_day, at_local, open_loan, plain, reminders, said

RECEIPT = ("photo", "receipt-file-id", None)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRAMS = [ProgramName("zharkyra", ("Жарқыра", "Жаркыра"))]
REGIONS = [RegionName(r.code, (r.kk, r.ru)) for r in regions()]


async def pay_around_the_service(app: BotUnderTest, loan: Loan, amount: int, on: date) -> None:
    """A payment written straight into storage, as a buggy import or seed would: no
    cancellation of what is queued. The send-time check must still hold."""
    repo = app.s.loans.repo
    await repo.add_payment(
        loan.id,
        amount=amount,
        paid_on=on,
        status="confirmed",
        source="coordinator",
        created_by=COORDINATOR_ID,
        now=app.clock.now(),
    )
    instalments = await repo.instalments(loan.id)
    total = await repo.confirmed_total(loan.id)
    paid = allocate([i.amount for i in instalments], total)
    await repo.store_allocation(
        loan.id, [(i.n, p) for i, p in zip(instalments, paid, strict=True)], total, app.clock.now()
    )


async def test_the_demo_borrower_hears_nothing_about_her_paid_instalments(
    app: BotUnderTest,
) -> None:
    # The playground's first morning: the demo loan is four months old, three instalments
    # paid; the third fell due 30 days ago, which is when the 30-day reminder and the
    # coordinator's alert would fire.
    await at_local(app, date(2026, 12, 4), 8, 0)
    await seed_demo(app.s)
    for person in DEMO_PEOPLE:  # the demo's other people hear the cycle's notices
        if person.profile.id not in (900001, 900005):
            app.telegram.user(person.profile.id, person.profile.first_name or "")
    gulnar = app.telegram.user(900005, "Гүлнар", language_code="kk")
    aigul = app.telegram.user(900001, "Айгүл", language_code="kk")
    await at_local(app, date(2026, 12, 4), 10, 5)
    await app.s.planners.run(app.clock.now())
    await deliver(app)
    loan = await app.s.loans.repo.by_contract("ZH-DEMO-001")
    assert loan is not None and loan.repaid == 150_000
    third = (await app.s.loans.repo.instalments(loan.id))[2]
    assert third.due_on == date(2026, 11, 4) and third.covered
    assert not [m for m in gulnar.chat.bot_messages() if "өтті" in m.content]
    assert not [m for m in aigul.chat.bot_messages() if m.content.startswith("🚨")]
    # The seed did not announce an old loan as just opened, nor its old payments.
    assert not [m for m in gulnar.chat.bot_messages() if "ашылды" in m.content]
    sent = await app.s.db.fetchall(
        "SELECT idempotency_key FROM outbox WHERE status = 'sent' AND idempotency_key LIKE ?",
        (f"loan:{loan.id}:inst:%",),
    )
    # Only the fourth instalment, due today and not paid, is reminded.
    assert [r[0] for r in sent] == [f"loan:{loan.id}:inst:4:due-0d"]


async def test_a_reminder_about_an_instalment_paid_by_any_path_is_not_sent(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, aigul: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    paid = await open_loan(app, sergey.id)  # 83 333 ₸ due 1 June
    partly = await open_loan(app, aigul.id, contract="ZH-2026-002", name="Серікова Айгүл")
    await at_local(app, date(2026, 6, 1), 0, 15)
    await app.s.planners.run(app.clock.now())  # both "due today" reminders wait for 10:00
    await at_local(app, date(2026, 6, 1), 9, 0)
    await pay_around_the_service(app, paid, 83_333, date(2026, 6, 1))
    await pay_around_the_service(app, partly, 50_000, date(2026, 6, 1))
    await at_local(app, date(2026, 6, 1), 10, 5)
    await deliver(app)
    assert not any(r.startswith("🔔 Сегодня") for r in reminders(sergey))
    row = await app.s.outbox.get_by_key(f"loan:{paid.id}:inst:1:due-0d")
    assert row is not None and row.status == "skipped" and row.last_error == "paid"
    # The partly paid instalment's reminder says what is left, not what was planned.
    [today] = [r for r in reminders(aigul) if r.startswith("🔔 Бүгін")]
    assert "Сомасы: 33 333 ₸" in today


async def test_a_payment_under_review_is_mentioned_and_waits_in_a_morning_digest(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, aigul: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    ru_loan = await open_loan(app, sergey.id)  # 83 333 ₸ due Monday 1 June
    kk_loan = await open_loan(app, aigul.id, contract="ZH-2026-002", name="Серікова Айгүл")
    await a_day(app, date(2026, 6, 1))
    await at_local(app, date(2026, 6, 1), 15, 0)
    s = app.s.loans
    ru_pay = await s.report(ru_loan, sergey.id, 30_000, date(2026, 6, 1), RECEIPT)
    await s.report(kk_loan, aigul.id, 83_333, date(2026, 6, 1), RECEIPT)
    await deliver(app)

    # Tuesday: the day-after reminders speak of the reports.
    await a_day(app, date(2026, 6, 2))
    ru_late = plain(reminders(sergey)[-1])
    assert ru_late.startswith("⚠️ Платёж по займу № ZH-2026-001 просрочен на 1 день.")
    assert "Сумма: 83 333 ₸" in ru_late
    assert (
        "🕓 Ваш платёж 30 000 ₸ проверяет координатор. После подтверждения по нему останется"
        " 53 333 ₸." in ru_late
    )
    kk_late = plain(reminders(aigul)[-1])
    assert "мерзімі 1 күнге өтті" in kk_late
    assert "Сіз хабарлаған 83 333 ₸ төлемді үйлестіруші тексеріп жатыр." in kk_late
    assert "Расталған соң бұл төлем толық жабылады." in kk_late
    # Reported on Monday 15:00: not yet a working day old on Tuesday morning.
    assert not [m for m in erlan.chat.bot_messages() if m.content.startswith("🕓")]

    # Wednesday: both have waited longer than a working day: one digest, with a button.
    await a_day(app, date(2026, 6, 3))
    [digest] = [m for m in erlan.chat.bot_messages() if m.content.startswith("🕓")]
    assert said(digest) == (
        "🕓 Дольше рабочего дня ждут подтверждения 2 платежа, самый ранний — с 1 июня 2026."
        " Заёмщики ждут ответа."
    )
    [queue] = await erlan.press("📥 Платежи на проверке")
    assert said(queue).startswith("📥 Платежи на проверке: 2")

    # Thursday: one is confirmed before the digest goes out at 10:00 — it counts one.
    await at_local(app, date(2026, 6, 4), 0, 15)
    await app.s.planners.run(app.clock.now())
    await at_local(app, date(2026, 6, 4), 9, 0)
    await s.confirm(ru_pay, COORDINATOR_ID)
    await at_local(app, date(2026, 6, 4), 10, 5)
    await deliver(app)
    [digest] = [m for m in erlan.chat.bot_messages() if m.content.startswith("🕓")]
    assert "ждут подтверждения 1 платёж, самый ранний — с 1 июня 2026." in said(digest)

    # Friday: the other is decided at 09:00; the planned digest is dropped, not sent empty.
    await at_local(app, date(2026, 6, 5), 0, 15)
    await app.s.planners.run(app.clock.now())
    [(waiting, _)] = (await s.repo.pending(None, None, None, limit=5))[0]
    await at_local(app, date(2026, 6, 5), 9, 0)
    await s.confirm(waiting, COORDINATOR_ID)
    await at_local(app, date(2026, 6, 5), 10, 5)
    await deliver(app)
    assert [said(m) for m in erlan.chat.bot_messages() if m.content.startswith("🕓")] == [
        said(digest)
    ]
    row = await app.s.outbox.get_by_key(f"loan:digest:{COORDINATOR_ID}:2026-06-05")
    assert row is not None and row.status == "skipped" and row.last_error == "nothing waiting"


async def test_a_loan_opened_for_a_known_borrower_is_announced(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, aigul: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await open_loan(app, sergey.id)
    await open_loan(app, aigul.id, contract="ZH-2026-002", name="Серікова Айгүл")
    await deliver(app)
    [ru] = [said(m) for m in sergey.chat.bot_messages() if m.content.startswith("🎉")]
    assert ru.startswith(
        "🎉 Заём № ZH-2026-001 открыт: 5 000 000 ₸.\n"
        "График: 60 платежей, первый — 83 333 ₸, срок: 1 июня 2026."
    )
    assert "«💸 Я оплатил(а)»" in ru
    [kk] = [said(m) for m in aigul.chat.bot_messages() if m.content.startswith("🎉")]
    assert kk.startswith("🎉 № ZH-2026-002 заем ашылды: 5 000 000 ₸.\nКесте: 60 төлем")
    assert "«💸 Төледім»" in kk
    [button] = [m for m in sergey.chat.bot_messages() if m.content.startswith("🎉")]
    assert "💰 Открыть заём" in button.buttons()


# -- an existing portfolio imported with its history ---------------------------------------------


def portfolio_book(loans: list[list[object]], payments: list[list[object]] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["Договор", "Заёмщик", "Программа", "Регион", "Сумма", "Дата выдачи", "Срок",
         "Погашено на дату"]
    )
    for row in loans:
        sheet.append(row)
    if payments is not None:
        second = book.create_sheet("Платежи")
        second.append(["Договор", "Дата", "Сумма", "Статус"])
        for row in payments:
            second.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_running_portfolio_comes_in_with_what_was_repaid(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    two_years_ago = datetime(2024, 5, 15)
    data = portfolio_book(
        [
            # 23 instalments of 33 333 ₸ fell due before 14 May 2026: all paid.
            ["ZH-24-001", "Бекова Сая", "zharkyra", "atyrau", 2_000_000, two_years_ago, 60,
             766_659],
            # 700 000 ₸ repaid: 66 659 ₸ overdue since 15 March.
            ["ZH-24-002", "Жанов Ерик", "zharkyra", "atyrau", 2_000_000, two_years_ago, 60,
             700_000],
            # Dated payments on the second sheet, the column left empty.
            ["ZH-24-003", "Омарова Дана", "zharkyra", "atyrau", 1_200_000, two_years_ago, 12,
             None],
            # The column and the payments disagree: refused, with both figures.
            ["ZH-24-004", "Ким Олег", "zharkyra", "atyrau", 1_200_000, two_years_ago, 12,
             500_000],
            # More than the whole loan.
            ["ZH-24-005", "Ахметов Нурлан", "zharkyra", "atyrau", 1_000_000, two_years_ago, 12,
             1_500_000],
        ],
        [
            ["ZH-24-003", datetime(2024, 6, 15), 100_000, "Подтверждён"],
            ["ZH-24-003", datetime(2025, 5, 20), 1_100_000, "Подтверждён"],
            ["ZH-24-003", datetime(2025, 6, 1), 50_000, "Отклонён"],  # not money received
            ["ZH-24-004", datetime(2024, 6, 15), 400_000, ""],
        ],
    )
    await erlan.press("💼 Займы")
    await erlan.press("📤 Импорт")
    [preview] = await erlan.send_document(data, "портфель.xlsx", XLSX)
    text = said(preview)
    assert "Можно загрузить: 3" in text and "С ошибками: 2" in text
    assert "Первое утро после загрузки, 15 мая 2026:" in text
    assert (
        "ZH-24-001 · Бекова Сая: погашено 766 659 ₸ из 2 000 000 ₸ · ✅ без просрочки"
        " · 🔔 1 напоминание" in text
    )
    assert (
        "ZH-24-002 · Жанов Ерик: погашено 700 000 ₸ из 2 000 000 ₸ · ⚠️ просрочено 66 659 ₸,"
        " 61 день · 🔔 2 напоминания и сигнал координатору" in text
    )
    assert "ZH-24-003 · Омарова Дана: погашено 1 200 000 ₸ из 1 200 000 ₸ · ✅ без просрочки" in (
        text
    )
    assert (
        "ZH-24-004: «погашено на дату» (500 000 ₸) не равно сумме платежей на втором листе"
        " (400 000 ₸)" in text
    )
    assert "ZH-24-005: погашено больше, чем весь заём (1 000 000 ₸)" in text
    assert "Погашено по файлу: 2 666 659 ₸. С просрочкой: 1 из 3." in text
    assert "В первое утро: 3 напоминания, сигналов координатору: 1." in text
    assert await app.s.loans.repo.by_contract("ZH-24-001") is None, "nothing stored yet"

    await erlan.press("✅ Загрузить 3")
    repo = app.s.loans.repo
    late = await repo.by_contract("ZH-24-002")
    done = await repo.by_contract("ZH-24-003")
    assert late is not None and late.repaid == 700_000 and late.status == "active"
    assert done is not None and done.repaid == 1_200_000 and done.status == "repaid"
    [opening_balance] = await repo.payments_of(late.id)
    assert opening_balance.imported and opening_balance.status == "confirmed"
    assert [(p.paid_on, p.amount) for p in await repo.payments_of(done.id)] == [
        (date(2025, 5, 20), 1_100_000),
        (date(2024, 6, 15), 100_000),
    ]
    state = await app.s.loans.state(late)
    assert state.overdue == 66_659 and state.dpd == 60  # on 14 May
    # The borrower joins; the first morning brings what the preview said, nothing about the
    # 21 instalments that were paid before the bot.
    assert late.invite_code is not None
    await app.s.loans.redeem(late.invite_code, sergey.id)
    await a_day(app, date(2026, 5, 15))
    got = sorted(r.split("\n")[0] for r in reminders(sergey))
    assert got == [
        "⚠️ Платёж по займу № ZH-24-002 просрочен на 30 дней.",
        "🔔 Сегодня день платежа по займу № ZH-24-002.",
    ]
    assert len([m for m in erlan.chat.bot_messages() if m.content.startswith("🚨")]) == 1

    # The coordinator's Excel export reads back: «Погашено на дату» and the «Платежи» sheet
    # give the same history (checked as a fresh fund would import it: nothing exists yet).
    await erlan.press("💼 Займы")
    replies = await erlan.press("⬇️ Excel")
    [export] = [m for m in replies if m.kind == "document"]
    assert export.document is not None
    parsed = read_import_file(export.document.data, "export.xlsx")
    good, refused = validate_rows(
        parsed, programs=PROGRAMS, regions=REGIONS, existing=set(), today=date(2026, 5, 14)
    )
    assert refused == []
    history = {draft.contract: draft.history for _, draft in good}
    assert history["ZH-24-003"] == ((date(2024, 6, 15), 100_000), (date(2025, 5, 20), 1_100_000))
    assert sum(a for _, a in history["ZH-24-002"]) == 700_000


async def test_the_import_preview_in_kazakh(app: BotUnderTest) -> None:
    from handlers.loans.admin.imports import _opening_lines

    data = portfolio_book(
        [["ZH-24-002", "Жанов Ерик", "zharkyra", "atyrau", 2_000_000, datetime(2024, 5, 15),
          60, 700_000]]
    )
    check = await app.s.loans.check_import(data, "p.xlsx", Access(COORDINATOR_ID, True, ()))
    text = plain("\n".join(_opening_lines(check, app.s.translations.get("kk"))))
    assert "Жүктеуден кейінгі алғашқы таң" in text
    assert (
        "ZH-24-002 · Жанов Ерик: 2 000 000 ₸ ішінен 700 000 ₸ өтелген · ⚠️ мерзімі өткені:"
        " 66 659 ₸, 61 күн · 🔔 2 еске салу және үйлестірушіге белгі" in text
    )
    assert "Алғашқы таңда: 2 еске салу, үйлестірушіге 1 белгі." in text


def test_a_program_typed_without_kazakh_letters_is_found() -> None:
    """With the ru name spelt «Жарқыра» (issue 19), a file saying «Жаркыра» or «ЖАРҚЫРА» still
    names it: imports fold Kazakh letters the way a Russian keyboard types them."""
    from bot.loans.imports import ParsedFile, RawRow

    programs = [ProgramName("zharkyra", ("Жарқыра", "Жарқыра"))]
    rows = tuple(
        RawRow(n, {"contract": f"Z-{n}", "borrower": "Бекова Сая", "program": name,
                   "principal": 1_000_000, "disbursed": date(2026, 1, 15)})
        for n, name in ((2, "Жаркыра"), (3, "ЖАРҚЫРА"), (4, "zharkyra"))
    )
    good, refused = validate_rows(
        ParsedFile(rows, None, ()), programs=programs, regions=REGIONS, existing=set(),
        today=date(2026, 5, 14),
    )
    assert refused == [] and [d.program for _, d in good] == ["zharkyra"] * 3
