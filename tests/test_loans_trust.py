"""Loan notices that cannot lie (issue «Trust first»): whatever path paid an instalment — the
coordinator's screens, the demo seed, a write that went around the service — nothing goes out
about it; a partly paid one says what is left; a payment under review is mentioned with what
would be left after it; coordinators get one morning digest of reports waiting longer than a
working day; a loan opened for a known borrower is announced. In Russian and Kazakh."""

from __future__ import annotations

from datetime import date

from bot.demo import seed_demo
from bot.fake_telegram import SimUser
from bot.loans import allocate
from storage.loans import Loan
from tests.conftest import COORDINATOR_ID, BotUnderTest, deliver, onboard
from tests.test_loans import a_day, at_local, open_loan, plain, reminders, said

RECEIPT = ("photo", "receipt-file-id", None)


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
