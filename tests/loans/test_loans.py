"""Loans through the fake Bot API, with a fake clock, in Kazakh and Russian: the coordinator's
wizard and the one-time invite, "My loan", "I paid" with bad input, confirmation, correction,
rejection, allocation (partial and over-payment), reversal with an audit trail, the reminder
timeline (before, on the day, overdue, the coordinator's alert, silence when paid in time),
importing a file with bad rows, the portfolio on a known data set, the chart and the Excel file,
scope checks against forged buttons, the approved-application hook, audiences and erasure."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook
from PIL import Image

from bot.core.access import Access
from bot.dev.demo import seed_demo
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.dev.fake_telegram.models import ChatMessage
from bot.documents.charts import PNG_SIGNATURE
from bot.loans.schedule import LoanDraft, Terms, allocate
from bot.telegram.callbacks import LoanAdminCb, LoanCb
from storage.loans import Loan
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, deliver, onboard


def plain(text: str) -> str:
    """Money and percentages carry no-break spaces; tests read them as plain ones."""
    return text.replace("\u00a0", " ")


def said(message: ChatMessage) -> str:
    return plain(message.content)


def labels(message: ChatMessage) -> list[str]:
    return [plain(b) for b in message.buttons()]


async def tap(user: SimUser, label: str) -> list[ChatMessage]:
    """Press the button whose label reads `label` (money in labels has no-break spaces)."""
    for message in reversed(user.chat.messages):
        if message.from_bot and not message.deleted:
            for button in message.buttons():
                if plain(button) == label:
                    return await user.press(button)
    return await user.press(label)


async def open_loan(
    app: BotUnderTest,
    user_id: int | None = None,
    *,
    contract: str = "ZH-2026-001",
    principal: int = 5_000_000,
    disbursed: date = date(2026, 5, 1),
    first_due: date = date(2026, 6, 1),
    term: int = 60,
    region: str = "atyrau",
    name: str = "Ким Сергей",
    from_fund: bool = False,
) -> Loan:
    terms = Terms(principal, disbursed, first_due, term_months=term)
    draft = LoanDraft(contract, name, "zharkyra", region, terms, from_fund, user_id)
    return await app.s.loans.create(draft, COORDINATOR_ID)


async def at_local(app: BotUnderTest, day: date, hour: int, minute: int = 0) -> None:
    """Move the clock to a Kazakhstan local time (UTC+5)."""
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    app.clock.set(moment - timedelta(hours=5))


async def a_day(app: BotUnderTest, day: date) -> None:
    """The planner's first run of the day (00:15), then the sender at 10:05."""
    await at_local(app, day, 0, 15)
    await app.s.planners.run(app.clock.now())
    assert await deliver(app) == 0, "reminders wait for the morning"
    await at_local(app, day, 10, 5)
    await app.s.planners.run(app.clock.now())  # again later that day: nothing new
    await deliver(app)


def reminders(user: SimUser) -> list[str]:
    return [said(m) for m in user.chat.bot_messages() if m.content.startswith(("🔔", "⚠️ "))]


async def paid_column(app: BotUnderTest, loan: Loan) -> list[int]:
    return [i.paid for i in await app.s.loans.repo.instalments(loan.id)]


async def oracle(app: BotUnderTest, loan: Loan) -> list[int]:
    """What the schedule should show: the confirmed total, oldest instalment first."""
    amounts = [i.amount for i in await app.s.loans.repo.instalments(loan.id)]
    return allocate(amounts, await app.s.loans.repo.confirmed_total(loan.id))


# -- the wizard and the invite ------------------------------------------------------------------


async def test_coordinator_opens_a_loan_and_the_invite_works_once(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    assert "💼 Займы" in erlan.reply_buttons()
    [home] = await erlan.press("💼 Займы")
    assert "Займов: 0" in said(home) and "Займов пока нет" in said(home)
    [step] = await erlan.press("➕ Новый заём")
    assert step.message_id == home.message_id, "the wizard edits the portfolio in place"
    assert "шаг 1 из 12" in said(step) and labels(step)[0] == "Жарқыра"
    await erlan.press("Жарқыра")
    [step] = await erlan.press("Атырауская область")
    assert "ФИО заёмщика" in said(step)
    await erlan.send("Серікова Айгүл Болатқызы")
    [step] = await erlan.send("zh-2026-014")
    assert "Сумма займа" in said(step)
    [refused] = await erlan.send("5млн")
    assert "без «млн»" in said(refused) and "5 000 000" in said(refused)
    [refused] = await erlan.send("-100")
    assert "отрицательной" in said(refused)
    [step] = await erlan.send("5 000 000")
    assert "Дата выдачи" in said(step)
    [refused] = await erlan.send("01.01.2030")
    assert "не позже" in said(refused)
    await erlan.press("Сегодня")
    await erlan.press("Раз в месяц")
    [step] = await erlan.press("60 мес.")
    assert "Льготный период" in said(step)
    [step] = await erlan.press("0 мес.")
    assert labels(step)[0] == "14 июня 2026"
    [step] = await erlan.press("‹ Назад")
    assert "Льготный период" in said(step) and "Сейчас: 0" in said(step)
    await erlan.press("Оставить ›")
    await erlan.press("14 июня 2026")
    await erlan.press("0 % — беспроцентный")
    [summary] = await erlan.press("Бюджет программы")
    text = said(summary)
    assert "Договор № ZH-2026-014" in text and "Сумма: 5 000 000 ₸, 0 % годовых" in text
    assert "График: 60 платежей; первый 14 июня 2026 — 83 333 ₸" in text
    assert "последний 14 мая 2031 — 83 353 ₸" in text
    [card] = await erlan.press("✅ Создать заём")
    loan = await app.s.loans.repo.by_contract("ZH-2026-014")
    assert loan is not None and loan.user_id is None and loan.invite_code
    assert "Заём создан" in said(card) and f"Код приглашения: {loan.invite_code}" in said(card)
    assert f"https://t.me/qadam_test_bot?start=l_{loan.invite_code}" in said(card)

    # Айгүл opens the link (in Kazakh): the loan is hers. Сергей tries the same code: refused.
    await onboard(aigul, "kk")
    [linked] = await aigul.command("start", f"l_{loan.invite_code}")
    assert "№ ZH-2026-014 заем аккаунтыңызға байланыстырылды" in said(linked)
    assert "Келесі төлем: 83 333 ₸, мерзімі: 2026 жылғы 14 маусым" in said(linked)
    assert "Үйлестіруші: Ерлан Жақсылықов" in said(linked)
    assert labels(linked)[0] == "💸 Төледім"
    await onboard(sergey, "ru")
    [used] = await sergey.command("loan", loan.invite_code or "")
    assert "уже использован" in said(used)
    [again] = await aigul.command("start", f"l_{loan.invite_code}")
    assert "сізге байланыстырылған" in said(again)
    [unknown] = await sergey.command("start", "l_NOSUCH22")
    assert "не найден" in said(unknown)
    assert (await app.s.loans.repo.require(loan.id)).user_id == aigul.id
    # A contract number already taken is refused in the wizard.
    await erlan.press("‹ К портфелю")
    await erlan.press("➕ Новый заём")
    await erlan.press("Жарқыра")
    await erlan.press("Атырауская область")
    await erlan.send("Ким Сергей")
    [taken] = await erlan.send("ZH-2026-014")
    assert "уже есть в боте" in said(taken)
    [cancelled] = await erlan.press("Отмена")
    assert "Займов: 1" in said(cancelled)


# -- "I paid", confirmation, allocation, reversal -----------------------------------------------


async def test_payment_reported_with_bad_input_then_confirmed_and_allocated(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    loan = await open_loan(app, sergey.id)
    [card] = await sergey.press("💰 Мой заём")
    assert "Заём № ZH-2026-001" in said(card) and "Осталось выплатить: 5 000 000 ₸" in said(card)
    [ask] = await sergey.press("💸 Я оплатил(а)")
    assert "Сколько вы заплатили?" in said(ask) and labels(ask)[0] == "83 333 ₸"
    for typed, expected in [
        ("1млн", "без «млн»"),
        ("-5", "отрицательной"),
        ("0", "больше нуля"),
        ("6 000 000", "не больше 5 000 000 ₸"),
        ("сто", "Не получилось прочитать сумму"),
    ]:
        reply = (await sergey.send(typed))[-1]
        assert expected in said(reply), typed
        assert "Сколько вы заплатили?" in said(reply)
    ask_date = (await sergey.send("1 000 000"))[-1]
    assert "Когда вы заплатили 1 000 000 ₸?" in said(ask_date)
    for typed, expected in [
        ("01.01.2027", "ещё не наступила"),
        ("30.04.2026", "Заём выдан 1 мая 2026"),
        ("завтра", "Не получилось прочитать дату"),
    ]:
        reply = (await sergey.send(typed))[-1]
        assert expected in said(reply), typed
    ask_receipt = (await sergey.press("Вчера"))[-1]
    assert "Пришлите квитанцию" in said(ask_receipt) and "13 мая 2026" in said(ask_receipt)
    refused = (await sergey.send_sticker())[-1]
    assert "Нужна квитанция" in said(refused)
    refused = (await sergey.send_document(b"PK\x03\x04", "receipt.zip", "application/zip"))[-1]
    assert "Нужна квитанция" in said(refused)
    sent = (await sergey.send_photo())[-1]
    assert "Отправлено координатору: 1 000 000 ₸, оплачено 13 мая 2026" in said(sent)
    assert "На проверке у координатора: 1 платёж на 1 000 000 ₸" in said(sent)

    await deliver(app)
    notice = await erlan.wait_for_message(lambda m: "сообщает об оплате" in m.content)
    assert "ZH-2026-001" in notice.content and labels(notice) == ["🧾 Открыть платёж"]
    [payment] = await erlan.press("🧾 Открыть платёж")
    assert "Сумма: 1 000 000 ₸, оплачено 13 мая 2026" in said(payment)
    assert "Сообщил заёмщик: Сергей Ким" in said(payment)
    replies = await erlan.press("📎 Квитанция")
    assert replies[-1].kind == "photo" and "Квитанция · № ZH-2026-001" in replies[-1].content
    [confirmed] = await erlan.press("✅ Подтвердить")
    assert "подтверждён" in said(confirmed) and "Остаток по займу: 4 000 000 ₸" in said(confirmed)
    # 1 000 000 covers twelve instalments of 83 333 and 4 ₸ of the thirteenth.
    paid = await paid_column(app, loan)
    assert paid[:14] == [83_333] * 12 + [4, 0] and paid == await oracle(app, loan)
    await deliver(app)
    told = await sergey.wait_for_message(lambda m: "подтверждён" in m.content)
    assert "Платёж 1 000 000 ₸ от 13 мая 2026 по займу № ZH-2026-001" in said(told)
    await erlan.press_data(LoanAdminCb(action="ok", loan=loan.id, p=1).pack())
    assert "уже проверен" in alert(erlan), "a second confirmation is refused"

    # A partial payment: reported 50 000, the coordinator corrects it to 40 000.
    await sergey.press("💸 Я оплатил(а)")
    await sergey.send("50000")
    await sergey.press("Сегодня")
    await sergey.send_document(b"%PDF-1.4\n%fake\n", "chek.pdf", "application/pdf")
    await deliver(app)
    await erlan.wait_for_message(lambda m: "50 000" in plain(m.content))
    await erlan.press("🧾 Открыть платёж")
    [ask] = await erlan.press("✏️ Исправить сумму")
    assert "Заёмщик указал 50 000 ₸" in said(ask)
    [fixed] = await erlan.send("40 000")
    assert "Заёмщик указал: 50 000 ₸" in said(fixed) and "Сумма: 40 000 ₸" in said(fixed)
    paid = await paid_column(app, loan)
    assert paid[12] == 40_004 and paid[13] == 0, "the rest of the 13th instalment stays due"
    await deliver(app)
    corrected = await sergey.wait_for_message(lambda m: "вы указали" in m.content)
    assert "на сумму 40 000 ₸ (вы указали 50 000 ₸)" in said(corrected)

    # An overpayment recorded from the bank statement covers the next instalments.
    await erlan.press("‹ К займу")
    [ask] = await erlan.press("💵 Внести платёж")
    assert "Осталось выплатить 3 960 000 ₸" in said(ask)
    [refused] = await erlan.send("4 000 000")
    assert "не больше 3 960 000 ₸" in said(refused)
    await erlan.send("200 000")
    [recorded] = await erlan.press("Сегодня")
    assert "Платёж 200 000 ₸ от 14 мая 2026 внесён" in said(recorded)
    paid = await paid_column(app, loan)
    assert paid[12:16] == [83_333, 83_333, 73_338, 0] and paid == await oracle(app, loan)

    # A report that does not match the statement is rejected with a reason.
    await sergey.press("💸 Я оплатил(а)")
    await sergey.send("10 000")
    await sergey.press("Сегодня")
    await sergey.send_photo()
    await deliver(app)
    await erlan.wait_for_message(lambda m: "10 000" in plain(m.content))
    await erlan.press("🧾 Открыть платёж")
    await erlan.press("❌ Отклонить")
    [rejected] = await erlan.send("Нет в выписке банка")
    assert "не подтверждён" in said(rejected)
    await deliver(app)
    told = await sergey.wait_for_message(lambda m: "Нет в выписке банка" in m.content)
    assert "Причина: Нет в выписке банка" in said(told)

    # A wrong confirmation is reversed with a reason: the money is allocated again without it.
    first = (await app.s.loans.repo.payments_of(loan.id))[-1]
    assert first.amount == 1_000_000 and first.status == "confirmed"
    await erlan.press_data(LoanAdminCb(action="pay", loan=loan.id, p=first.id).pack())
    [ask] = await erlan.press("↩️ Отменить платёж")
    assert "Почему отменяется платёж 1 000 000 ₸" in said(ask)
    [reversed_] = await erlan.send("Платёж другого заёмщика")
    assert "Платёж 1 000 000 ₸ отменён" in said(reversed_)
    fresh = await app.s.loans.repo.require(loan.id)
    assert fresh.repaid == 240_000 and await paid_column(app, loan) == await oracle(app, loan)
    assert (await paid_column(app, loan))[:4] == [83_333, 83_333, 73_334, 0]
    events = [r["action"] for r in await app.s.audit.for_subject(f"loan:{loan.id}")]
    assert events == [
        "loan.create",
        "loan.payment.report",
        "loan.payment.confirm",
        "loan.payment.report",
        "loan.payment.confirm",
        "loan.payment.record",
        "loan.payment.report",
        "loan.payment.reject",
        "loan.payment.reverse",
    ]
    await deliver(app)
    told = await sergey.wait_for_message(lambda m: "отменён координатором" in m.content)
    assert "Причина: Платёж другого заёмщика" in said(told)
    [history] = await sergey.press("🧾 Платежи")
    text = said(history)
    assert "↩️ 13 мая 2026 — 1 000 000 ₸: отменён. Платёж другого заёмщика" in text
    assert "❌ 14 мая 2026 — 10 000 ₸: не подтверждён. Нет в выписке банка" in text
    assert "✅ 14 мая 2026 — 40 000 ₸" in text


async def test_a_language_switch_in_the_middle_of_i_paid_keeps_the_amount(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await open_loan(app, sergey.id)
    await sergey.command("loan")
    await sergey.press("💸 Я оплатил(а)")
    await sergey.send("50 000")
    await sergey.command("language")
    asked = (await sergey.press("Қазақша"))[-1]
    assert "50 000 ₸ қашан төледіңіз?" in said(asked)
    assert labels(asked)[:2] == ["Бүгін", "Кеше"]
    receipt = (await sergey.press("Бүгін"))[-1]
    assert "Түбіртекті жіберіңіз" in said(receipt) and "50 000 ₸" in said(receipt)


async def test_my_loan_in_kazakh_schedule_pages_and_a_pdf_receipt(
    app: BotUnderTest, aigul: SimUser, erlan: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    [empty] = await aigul.press("💰 Менің заемым")
    assert "әлі бірде-бір заем байланыстырылмаған" in said(empty)
    loan = await open_loan(app, name="Серікова Айгүл", first_due=date(2026, 5, 20))
    await aigul.press("🔑 Кодты енгізу")
    [linked] = await aigul.send(loan.invite_code or "")
    assert "байланыстырылды" in said(linked)
    [schedule] = await aigul.press("📅 Кесте")
    assert schedule.message_id == linked.message_id, "edited in place"
    text = said(schedule)
    assert "Төлем кестесі · № ZH-2026-001" in text and "(60 төлем)" in text
    assert "▫️ 1. 2026 жылғы 20 мамыр — 83 333 ₸" in text and "12. " in text and "13. " not in text
    [page] = await aigul.press("›")
    assert "13. 2027 жылғы 20 мамыр" in said(page) and "2/5" in labels(page)
    await aigul.press("‹ Заемға оралу")
    await aigul.press("💸 Төледім")
    ask = (await aigul.send("83 333"))[-1]
    assert "қашан төледіңіз" in said(ask)
    await aigul.press("Бүгін")
    refused = (await aigul.send("түбіртек жоқ"))[-1]
    assert "Түбіртек керек" in said(refused)
    sent = (await aigul.send_document(b"%PDF-1.4\n%fake\n", "tolem.pdf", "application/pdf"))[-1]
    assert "Үйлестірушіге жіберілді: 83 333 ₸" in said(sent)
    [history] = await aigul.press("🧾 Төлемдер")
    assert "⏳ 2026 жылғы 14 мамыр — 83 333 ₸ (тексерілуде)" in said(history)
    # Someone else's loan, by a forged button: refused.
    other = await open_loan(app, contract="ZH-2026-002")
    await aigul.press_data(LoanCb(action="o", loan=other.id).pack())
    assert "рұқсатыңыз жоқ" in alert(aigul)
    await aigul.press_data(LoanCb(action="pay", loan=other.id).pack())
    assert "рұқсатыңыз жоқ" in alert(aigul)


# -- reminders ----------------------------------------------------------------------------------


async def test_reminder_timeline_escalation_and_silence_when_paid_in_time(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, aigul: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    late = await open_loan(app, sergey.id)  # first due 1 June; Сергей never pays
    punctual = await open_loan(app, aigul.id, contract="ZH-2026-002", name="Серікова Айгүл")

    for day in (date(2026, 5, 25), date(2026, 5, 26), date(2026, 5, 29)):
        await a_day(app, day)
    assert len(reminders(aigul)) == 2 and "төлемге 7 күн қалды" in reminders(aigul)[0]
    # Айгүл pays on 31 May before the morning reminder goes out: it is dropped.
    await at_local(app, date(2026, 5, 31), 0, 15)
    await app.s.planners.run(app.clock.now())
    pending = await app.s.outbox.get_by_key(f"loan:{punctual.id}:inst:1:due-1d")
    assert pending is not None and pending.status == "pending"
    await at_local(app, date(2026, 5, 31), 9, 0)
    await app.s.loans.record(punctual, COORDINATOR_ID, 83_333, date(2026, 5, 31))
    cancelled = await app.s.outbox.get_by_key(f"loan:{punctual.id}:inst:1:due-1d")
    assert cancelled is not None and cancelled.status == "skipped"
    await at_local(app, date(2026, 5, 31), 10, 5)
    await deliver(app)
    for day in (date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 8), date(2026, 6, 15)):
        await a_day(app, day)
    await a_day(app, date(2026, 7, 1))

    got = [r.split("\n")[0] for r in reminders(sergey)]
    assert got[:7] == [
        "🔔 До платежа по займу № ZH-2026-001 осталось 7 дней.",
        "🔔 До платежа по займу № ZH-2026-001 осталось 3 дня.",
        "🔔 До платежа по займу № ZH-2026-001 остался 1 день.",
        "🔔 Сегодня день платежа по займу № ZH-2026-001.",
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 1 день.",
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 7 дней.",
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 14 дней.",
    ]
    # 1 July: the first instalment 30 days late, and the second one due (in either order).
    assert sorted(got[7:]) == [
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 30 дней.",
        "🔔 Сегодня день платежа по займу № ZH-2026-001.",
    ]
    first = reminders(sergey)[0]
    assert "Сумма: 83 333 ₸, срок: 1 июня 2026." in first
    last_message = sergey.chat.bot_messages()[-1]
    assert labels(last_message) == ["💸 Я оплатил(а)"]
    # At 30 days overdue the coordinator is alerted too, with a button to the loan.
    [alerted] = [m for m in erlan.chat.bot_messages() if m.content.startswith("🚨")]
    assert "Ким Сергей (заём № ZH-2026-001): платёж 83 333 ₸ просрочен на 30 дней" in said(alerted)
    [card] = await erlan.press("💼 Открыть заём")
    assert "⚠️ Просрочено: 83 333 ₸, 30 дней" in said(card)
    # Айгүл, who paid the first instalment in time, heard nothing about it after paying; the
    # second instalment (1 July) is due today.
    kk = reminders(aigul)
    assert len(kk) == 3 and "Бүгін № ZH-2026-002 заем бойынша төлем күні" in kk[2]
    assert not any("мерзімі" in r and "өтті" in r for r in kk)
    # Telling the button of a reminder opens "I paid" for the right loan.
    [ask] = await sergey.press("💸 Я оплатил(а)")
    assert "Сколько вы заплатили?" in said(ask) and labels(ask)[0] == "83 333 ₸"
    assert late.id != punctual.id


async def test_a_reminder_planned_at_night_says_what_is_left_after_a_morning_payment(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    loan = await open_loan(app, sergey.id)  # 83 333 ₸ due 1 June
    await at_local(app, date(2026, 5, 31), 0, 15)
    await app.s.planners.run(app.clock.now())  # "1 day left", for 10:00
    await at_local(app, date(2026, 5, 31), 9, 0)
    payment = await app.s.loans.record(loan, COORDINATOR_ID, 50_000, date(2026, 5, 31))
    await at_local(app, date(2026, 5, 31), 10, 5)
    await deliver(app)
    assert "Сумма: 33 333 ₸, срок: 1 июня 2026." in reminders(sergey)[-1]
    # A reversal puts the whole instalment back into tomorrow's (already planned) reminder.
    await at_local(app, date(2026, 6, 1), 0, 15)
    await app.s.planners.run(app.clock.now())
    await at_local(app, date(2026, 6, 1), 9, 0)
    await app.s.loans.reverse(payment, COORDINATOR_ID, "ошибка в выписке")
    await at_local(app, date(2026, 6, 1), 10, 5)
    await deliver(app)
    due_day = [r for r in reminders(sergey) if r.startswith("🔔 Сегодня")]
    assert len(due_day) == 1 and "Сумма: 83 333 ₸" in due_day[0]


async def test_an_outage_catches_up_the_overdue_reminders_it_missed_once(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await open_loan(app, sergey.id)  # first due 1 June, 83 333 ₸ a month; Сергей never pays
    await a_day(app, date(2026, 6, 5))
    # The bot is down from 6 June to 2 July: the 7-, 14- and 30-day reminders of the first
    # instalment and the day-after one of the second fall in the gap.
    await a_day(app, date(2026, 7, 3))
    await a_day(app, date(2026, 7, 4))
    got = sorted(r.split("\n")[0] for r in reminders(sergey))
    assert got == [
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 2 дня.",  # 1 July's, due-1d
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 32 дня.",  # 1 June's, once
    ]
    # The 30-day escalation was in the gap too: the coordinator is alerted, once.
    [alerted] = [m for m in erlan.chat.bot_messages() if m.content.startswith("🚨")]
    assert "просрочен на 32 дня" in said(alerted)
    # Down again until 25 July: 1 July's 14-day reminder is caught up, and 1 August's
    # "7 days left" goes out on its day; its 3- and 1-day ones, had they fallen in the gap,
    # would not be sent late ("due in 3 days" after the date would be wrong).
    await a_day(app, date(2026, 7, 25))
    assert sorted(r.split("\n")[0] for r in reminders(sergey)[2:]) == [
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 24 дня.",
        "🔔 До платежа по займу № ZH-2026-001 осталось 7 дней.",
    ]
    # Down until 3 August: 1 August's 3- and 1-day reminders and its due day are not sent
    # late; its day-after one and 1 July's 30-day one (with the coordinator's alert) are.
    await a_day(app, date(2026, 8, 3))
    assert sorted(r.split("\n")[0] for r in reminders(sergey)[4:]) == [
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 2 дня.",
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 33 дня.",
    ]
    assert len([m for m in erlan.chat.bot_messages() if m.content.startswith("🚨")]) == 2


async def test_reminder_days_per_program(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await open_loan(app, sergey.id)
    [home] = await erlan.press("💼 Займы")
    [rules] = await erlan.press("⚙️ Напоминания")
    assert "за 7, 3, 1 дн. до срока" in said(rules) and "через 1, 7, 14, 30 дн." in said(rules)
    await erlan.press("✏️ Жарқыра")
    [refused] = await erlan.send("каждый день")
    assert "Не получилось прочитать" in said(refused)
    [saved] = await erlan.send("5 / 2 10")
    assert "Сохранено" in said(saved) and "за 5 дн. до срока" in said(saved)
    assert "на 10-й день просрочки" in said(saved)
    for day in (date(2026, 5, 25), date(2026, 5, 27), date(2026, 6, 3), date(2026, 6, 11)):
        await a_day(app, day)
    assert [r.split("\n")[0] for r in reminders(sergey)] == [
        "🔔 До платежа по займу № ZH-2026-001 осталось 5 дней.",
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 2 дня.",
        "⚠️ Платёж по займу № ZH-2026-001 просрочен на 10 дней.",
    ]
    assert any(m.content.startswith("🚨") for m in erlan.chat.bot_messages())
    assert home.message_id


# -- import -------------------------------------------------------------------------------------


def csv_file(rows: list[list[str]], encoding: str = "cp1251") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode(encoding)


async def test_import_a_file_with_bad_rows(app: BotUnderTest, erlan: SimUser) -> None:
    await onboard(erlan, "ru")
    await open_loan(app, contract="ZH-OLD-1")
    rows = [
        ["№ договора", "ФИО заёмщика", "Программа", "Регион", "Сумма", "Дата выдачи", "Срок"],
        [
            "ZH-2026-201",
            "Бекова Сая",
            "Жаркыра",
            "Атырауская область",
            "2 000 000",
            "15.01.2026",
            "60",
        ],
        [
            "ZH-2026-202",
            "Жанов Ерик",
            "Жаркыра",
            "Атырауская область",
            "-300 000",
            "15.01.2026",
            "60",
        ],
        [
            "ZH-2026-203",
            "Омарова Дана",
            "Жаркыра",
            "Атырауская область",
            "1 500 000",
            "32.01.2026",
            "60",
        ],
        [
            "ZH-OLD-1",
            "Ахметов Нурлан",
            "Жаркыра",
            "Атырауская область",
            "1 000 000",
            "15.01.2026",
            "60",
        ],
        [
            "ZH-2026-205",
            "Ким Олег",
            "Бастау Бизнес",
            "Атырауская область",
            "1 000 000",
            "15.01.2026",
            "60",
        ],
        ["ZH-2026-206", "Серикова Айгуль", "zharkyra", "", "3 000 000", "01.03.2026", "36"],
    ]
    [home] = await erlan.press("💼 Займы")
    [help_] = await erlan.press("📤 Импорт")
    assert help_.message_id == home.message_id and "Импорт займов" in said(help_)
    [expects] = await erlan.send_photo()
    assert "как документ" in said(expects)
    [bad] = await erlan.send_document(
        csv_file([["Заемщик", "Сумма"], ["x", "1"]]), "loans.csv", "text/csv"
    )
    assert "не найдены столбцы: № договора, Программа, Дата выдачи" in said(bad)
    [bad] = await erlan.send_document("Договор;ФИО\n".encode("utf-16"), "loans.csv", "text/csv")
    assert "UTF-8 или Windows-1251" in said(bad)
    [preview] = await erlan.send_document(csv_file(rows), "Займы январь.csv", "text/csv")
    text = said(preview)
    assert "Проверено строк: 6" in text and "(файл: Windows-1251)" in text
    assert "Можно загрузить: 2" in text and "С ошибками: 4" in text
    assert "строка 3 · ZH-2026-202: отрицательная сумма: -300 000" in text
    assert "строка 4 · ZH-2026-203: дата выдачи: «32.01.2026» — не дата" in text
    assert "строка 5 · ZH-OLD-1: такой номер договора уже есть" in text
    assert "строка 6 · ZH-2026-205: программа «Бастау Бизнес» не найдена" in text
    assert labels(preview) == ["✅ Загрузить 2", "Отмена"]
    assert await app.s.loans.repo.by_contract("ZH-2026-201") is None, "nothing stored yet"
    replies = await erlan.press("✅ Загрузить 2")
    done = next(m for m in replies if "Импорт завершён" in m.content)
    assert "Создано займов: 2. Не загружено строк: 4" in said(done)
    [report] = [m for m in replies if m.kind == "document"]
    assert report.document is not None
    book = load_workbook(io.BytesIO(report.document.data))
    imported = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in imported] == [(2, "ZH-2026-201"), (7, "ZH-2026-206")]
    loan = await app.s.loans.repo.by_contract("ZH-2026-201")
    assert loan is not None and loan.region == "atyrau" and loan.principal == 2_000_000
    assert imported[0][5] == f"https://t.me/qadam_test_bot?start=l_{loan.invite_code}"
    refused = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in refused] == [3, 4, 5, 6]
    # The same file again: every row is a duplicate now, and nothing can be imported.
    await erlan.press("‹ К портфелю")
    await erlan.press("📤 Импорт")
    [again] = await erlan.send_document(csv_file(rows, "utf-8-sig"), "loans.csv", "text/csv")
    assert "Можно загрузить: 0" in said(again) and labels(again) == ["Отмена"]


# -- the portfolio ------------------------------------------------------------------------------


async def known_portfolio(app: BotUnderTest, sergey_id: int) -> dict[str, Loan]:
    """Five loans on 14 May 2026 (see the figures in test_portfolio_on_a_known_data_set)."""
    loans = app.s.loans
    on_time = await open_loan(
        app,
        contract="K-1",
        principal=1_200_000,
        term=12,
        disbursed=date(2026, 1, 14),
        first_due=date(2026, 2, 14),
    )
    late_65 = await open_loan(
        app,
        sergey_id,
        contract="K-2",
        principal=600_000,
        term=6,
        disbursed=date(2026, 1, 10),
        first_due=date(2026, 2, 10),
    )
    late_13 = await open_loan(
        app,
        contract="K-3",
        principal=500_000,
        term=5,
        from_fund=True,
        disbursed=date(2026, 4, 1),
        first_due=date(2026, 5, 1),
    )
    repaid = await open_loan(
        app,
        contract="K-4",
        principal=300_000,
        term=3,
        disbursed=date(2025, 6, 1),
        first_due=date(2025, 7, 1),
    )
    far = await open_loan(
        app,
        contract="K-5",
        principal=500_000,
        term=5,
        region="almaty",
        disbursed=date(2025, 1, 1),
        first_due=date(2025, 2, 1),
    )
    for day in (date(2026, 2, 14), date(2026, 3, 14), date(2026, 4, 14)):
        await loans.record(on_time, COORDINATOR_ID, 100_000, day)
    await loans.record(late_65, COORDINATOR_ID, 150_000, date(2026, 3, 10))
    for month in (7, 8, 9):
        await loans.record(repaid, COORDINATOR_ID, 100_000, date(2025, month, 1))
    return {"on_time": on_time, "late_65": late_65, "late_13": late_13, "far": far}


async def test_portfolio_on_a_known_data_set(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    made = await known_portfolio(app, sergey.id)
    p = await app.s.loans.portfolio(None)
    assert (p.loans, p.repaid_loans, p.disbursed, p.repaid) == (5, 1, 3_100_000, 750_000)
    assert (p.outstanding, p.overdue, p.late_loans) == (2_350_000, 850_000, 3)
    assert p.par == (1_450_000, 950_000, 500_000)
    assert [(b.label, b.loans, b.outstanding) for b in p.buckets] == [
        ("0", 1, 900_000),
        ("1-30", 1, 500_000),
        ("31-60", 0, 0),
        ("61-90", 1, 450_000),
        ("91+", 1, 500_000),
    ]
    assert p.repayment_rate == 750_000 / 1_600_000 and p.available == 250_000
    atyrau = await app.s.loans.portfolio((("zharkyra", "atyrau"),))
    assert (atyrau.loans, atyrau.overdue, atyrau.par[2]) == (4, 350_000, 0)
    months = dict(await app.s.loans.repayments_by_month(None, None, None))
    assert months[date(2026, 3, 1)] == 250_000 and months[date(2025, 8, 1)] == 100_000
    assert len(months) == 12 and date(2025, 6, 1) in months

    [home] = await erlan.press("💼 Займы")
    text = said(home)
    for line in (
        "Займы · Все программы · Вся страна",
        "Займов: 5 (погашено: 1)",
        "Выдано: 3 100 000 ₸",
        "Возвращено: 750 000 ₸ · возвратность 46,9 %",
        "Остаток долга: 2 350 000 ₸",
        "Просрочено: 850 000 ₸ у 3 заёмщиков",
        "PAR 1 / 30 / 90: 61,7 % / 40,4 % / 21,3 %",
        "• в срок: 1 — 900 000 ₸",
        "• 61-90 дн.: 1 — 450 000 ₸",
        "Можно снова выдать: 250 000 ₸",
    ):
        assert line in text, line
    replies = await erlan.press("📊 Диаграмма")
    [photo] = [m for m in replies if m.kind == "photo"]
    assert photo.photo is not None and photo.photo.startswith(PNG_SIGNATURE)
    assert len(photo.photo) < 100_000
    assert Image.open(io.BytesIO(photo.photo)).size == (800, 450)
    assert "Займов: 5" in said(photo)
    replies = await erlan.press("⬇️ Excel")
    [document] = [m for m in replies if m.kind == "document"]
    assert document.document is not None
    book = load_workbook(io.BytesIO(document.document.data))
    assert book.sheetnames == ["Займы", "График", "Платежи"]
    loans_sheet = list(book["Займы"].iter_rows(values_only=True))
    assert loans_sheet[0][0] == "№ договора" and len(loans_sheet) == 6
    k2 = next(r for r in loans_sheet if r[0] == "K-2")
    assert k2[14] == 250_000 and k2[15] == 65  # overdue, days past due
    assert len(list(book["График"].iter_rows())) == 1 + 12 + 6 + 5 + 3 + 5
    assert len(list(book["Платежи"].iter_rows())) == 1 + 7

    [late] = await erlan.press("⚠️ Просрочка (3)")
    text = said(late)
    assert "Просрочка: 3 займа" in text
    assert "1. Ким Сергей (№ K-5) — 500 000 ₸, 467 дней · не привязан к Telegram" in text
    assert "(№ K-2) — 250 000 ₸, 65 дней" in text
    await erlan.press("📨 Напомнить всем (3)")
    assert "Напоминаний отправлено: 1" in alert(erlan)
    await erlan.press("📨 Напомнить всем (3)")
    assert "Напоминаний отправлено: 0" in alert(erlan), "one a day"
    await deliver(app)
    nudge = await sergey.wait_for_message(lambda m: "Напоминание координатора" in m.content)
    assert "по займу № K-2 просрочено 250 000 ₸ (65 дней)" in said(nudge)
    [card] = await sergey.press("💰 Мой заём")  # late: what falls due next, and what is late
    assert "Следующий платёж: 100 000 ₸, срок: 10 июня 2026" in said(card)
    assert "⚠️ Просрочено: 250 000 ₸, 65 дней" in said(card)

    # Filters: a program and a region, from the pickers.
    await erlan.press("‹ К портфелю")
    await erlan.press("Регион: Все")
    [filtered] = await erlan.press("Алматинская область")
    assert "Займов: 1" in said(filtered) and "Регион: Алматинская область" in labels(filtered)
    assert made["far"].region == "almaty"


async def test_scope_and_forged_buttons(
    app: BotUnderTest,
    erlan: SimUser,
    sergey: SimUser,
    aigul: SimUser,
    telegram: FakeTelegramServer,
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    made = await known_portfolio(app, sergey.id)
    asel = telegram.user(3003, "Әсел", "Нұрланқызы", language_code="kk")
    await onboard(asel, "kk")
    await app.s.users.grant(
        asel.id, "coordinator", program=None, region="almaty", granted_by=None, now=app.clock.now()
    )
    [home] = await asel.command("loans")  # the role came after her menu was drawn
    assert "Заемдар · Барлық бағдарламалар · Алматы облысы" in said(home)
    assert "Заемдар: 1 (өтелгені: 0)" in said(home)
    late = made["late_65"]
    payment = (await app.s.loans.repo.payments_of(late.id))[0]
    forged = [
        LoanAdminCb(action="o", loan=late.id),
        LoanAdminCb(action="rec", loan=late.id),
        LoanAdminCb(action="nu", loan=late.id),
        LoanAdminCb(action="inv", loan=late.id),
        LoanAdminCb(action="pay", loan=late.id, p=payment.id),
        LoanAdminCb(action="rev", loan=late.id, p=payment.id),
        LoanAdminCb(action="pay", loan=made["far"].id, p=payment.id),  # payment of another
        LoanAdminCb(action="sr", v="atyrau"),
        LoanAdminCb(action="sp", v="bastau"),
    ]
    for data in forged:
        await asel.press_data(data.pack())
        assert "рұқсатыңыз жоқ" in alert(asel), data
    assert (await app.s.loans.repo.payment(payment.id)).status == "confirmed"  # type: ignore[union-attr]
    [card] = await asel.press_data(LoanAdminCb(action="o", loan=made["far"].id).pack())
    assert "№ K-5" in said(card)
    # Not a coordinator at all: the portfolio and its buttons are refused.
    await onboard(aigul, "kk")
    [denied] = await aigul.command("loans")
    assert "рұқсатыңыз жоқ" in said(denied)
    await aigul.press_data(LoanAdminCb(action="h").pack())
    assert "рұқсатыңыз жоқ" in alert(aigul)
    await sergey.press_data(LoanAdminCb(action="ok", loan=late.id, p=payment.id).pack())
    assert "нет прав" in alert(sergey)


# -- hooks, audiences, privacy, demo ------------------------------------------------------------


async def test_an_approved_loan_application_lets_the_coordinator_open_the_loan(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    from tests.applications.test_review import submitted

    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    application = await submitted(
        app, aigul.id, "zharkyra", region="atyrau", district=None, name="Серікова Айгүл Болатқызы"
    )
    await app.s.applications.approve(application, erlan.id)
    await deliver(app)
    notice = await erlan.wait_for_message(lambda m: "одобрена" in m.content)
    assert "Серікова Айгүл Болатқызы" in notice.content
    replies = await erlan.press("➕ Открыть заём")
    step = replies[-1]
    assert "шаг 4 из 12" in said(step) and "Номер договора" in said(step)
    [step] = await erlan.send("ZH-2026-300")
    assert labels(step)[0] == "2 500 000 ₸ — как в заявке"
    await tap(erlan, "2 500 000 ₸ — как в заявке")
    await erlan.press("Сегодня")
    await erlan.press("Раз в квартал")
    [term] = await erlan.press("60 мес.")
    assert "Льготный период" in said(term) and labels(term)[:2] == ["0 мес.", "3 мес."]
    await erlan.press("3 мес.")
    await erlan.press("14 ноября 2026")
    await erlan.press("0 % — беспроцентный")
    [summary] = await erlan.press("🔄 Возвращённые деньги (револьверный фонд)")
    assert "Заёмщик из заявки" in said(summary) and "раз в квартал" in said(summary)
    assert "19 платежей" in said(summary)
    [card] = await erlan.press("✅ Создать заём")
    assert "Telegram: Айгүл Серікова ✅" in said(card)
    loan = await app.s.loans.repo.by_application(application.id)
    assert loan is not None and loan.user_id == aigul.id and loan.from_fund
    [mine] = await aigul.press("💰 Менің заемым")
    assert "№ ZH-2026-300 заем" in said(mine)
    replies = await erlan.press_data(LoanAdminCb(action="app", p=application.id).pack())
    assert "уже открыт" in said(replies[-1])


async def test_borrowers_as_an_audience_erasure_and_demo(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, aigul: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await known_portfolio(app, sergey.id)  # Сергей's K-2 is 65 days late
    await open_loan(app, aigul.id, contract="A-1", first_due=date(2026, 6, 1))  # on time
    audience = app.s.audience
    assert sum((await audience.count_by_language([("role", "borrower")])).values()) == 2
    assert await audience.count_by_language([("overdue", "1")]) == {"kk": 0, "ru": 1}
    assert await audience.count_by_language([("overdue", "31.zharkyra")]) == {"kk": 0, "ru": 1}
    assert await audience.count_by_language([("overdue", "91")]) == {"kk": 0, "ru": 0}
    overdue = audience.filter("overdue")
    assert overdue is not None and overdue.condition("30") is None
    admin = Access(COORDINATOR_ID, True, ())
    access_choices = await overdue.choices(admin, app.s.translations.get("ru"))
    assert [c.value for c in access_choices][:2] == ["1", "1.zharkyra"]
    assert access_choices[0].label == "Просрочка от 1 дня"
    region = await app.s.db.fetchval("SELECT region FROM users WHERE id = ?", (sergey.id,))
    assert region == "atyrau", "a linked loan tells the region filter where the borrower is"

    # Сергей erases his data: the fund keeps the contract, not the person.
    await app.s.privacy.erase(sergey.id, app.clock.now())
    k2 = await app.s.loans.repo.by_contract("K-2")
    assert k2 is not None and k2.user_id is None and k2.borrower_name is None
    assert k2.repaid == 150_000 and k2.name == "K-2"

    # seed-demo twice: one demo loan, the same lines.
    first = await seed_demo(app.s)
    assert first == await seed_demo(app.s)
    demo = await app.s.loans.repo.by_contract("ZH-DEMO-001")
    assert demo is not None and demo.repaid == 150_000 and demo.user_id == 900005
    assert any(line.startswith("loan ZH-DEMO-001") for line in first)
