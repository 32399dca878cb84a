"""Financing contests through the fake Bot API, in Kazakh and Russian: the coordinator opens a
contest for those who completed «Жарқыра»'s course, the trainees are invited (each in their own
language), fill a business plan by chat (bad input answered, a draft that survives leaving and a
restart, a PDF), two jurors score on their own (none sees another's score), a third recuses, the
ranking breaks a tie as it says, forged buttons reach nothing, the coordinator confirms the
winner, everyone hears the result, and the winner's loan is created from the plan with the
program's terms and shows where it came from; a grant program's winner is funded without a loan;
an invitation to a contest closed before it went out is dropped."""

from __future__ import annotations

from datetime import date

import pytest

from bot.contests.service import Contest, Entry
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.loans.service import Loan
from bot.telegram.callbacks import ContestAction, ContestCb
from storage.cohorts import Certificate
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, deliver, onboard


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def said(user: SimUser) -> str:
    return plain(user.last.content)


async def tap(user: SimUser, label: str) -> None:
    """Press the newest button whose label reads `label` (money has no-break spaces)."""
    for message in reversed(user.chat.messages):
        if message.from_bot and not message.deleted:
            for shown in message.buttons():
                if plain(shown) == label:
                    await user.press(shown)
                    return
    raise AssertionError(f"no button {label!r} for {user.first_name}: {user.buttons()}")


def juror_of(telegram: FakeTelegramServer, user_id: int, name: str) -> SimUser:
    return telegram.user(user_id, name, None, None, language_code="ru")


@pytest.fixture
def dana(telegram: FakeTelegramServer) -> SimUser:
    return juror_of(telegram, 3001, "Дана")


@pytest.fixture
def timur(telegram: FakeTelegramServer) -> SimUser:
    return juror_of(telegram, 3002, "Тимур")


@pytest.fixture
def askar(telegram: FakeTelegramServer) -> SimUser:
    return telegram.user(3003, "Асқар", None, None, language_code="kk")


async def certify(app: BotUnderTest, user: SimUser, course: str = "zharkyra") -> None:
    await app.s.cohorts.issue_certificate(
        Certificate(
            f"C-{course}-{user.id}",
            user.id,
            course,
            None,
            user.first_name,
            date(2026, 5, 1),
            app.clock.now(),
        )
    )


async def juror(
    app: BotUnderTest, user: SimUser, language: str, program: str = "zharkyra"
) -> None:
    await onboard(user, language)
    await app.s.people.grant_role(
        user.id, "juror", program=program, region=None, by=COORDINATOR_ID
    )


def listen(
    app: BotUnderTest, funded: list[tuple[int, int | None]] | None = None
) -> list[tuple[int, int | None]]:
    """What the `on_funded` hooks hear: (plan, loan or None) each time a winner is funded."""
    heard: list[tuple[int, int | None]] = [] if funded is None else funded

    async def hook(entry: Entry, contest: Contest, loan: Loan | None, by: int) -> None:
        heard.append((entry.id, loan.id if loan else None))

    app.s.contests.on_funded("test", hook)
    return heard


async def open_contest(erlan: SimUser, program: str, who: str) -> str:
    """Through the coordinator's screens (in Russian); the summary's text."""
    await erlan.press("🏆 Конкурс")
    await tap(erlan, "🗂 Конкурсы программ")
    await tap(erlan, "➕ Объявить конкурс")
    await tap(erlan, program)
    await tap(erlan, "Все регионы")
    await tap(erlan, who)
    await tap(erlan, "Сегодня")
    await tap(erlan, "14 дней")
    return said(erlan)


async def the_contest(app: BotUnderTest) -> Contest:
    [contest] = await app.s.contests.repo.all(("open", "closed", "decided"))
    return contest


async def entry_of(app: BotUnderTest, contest: Contest, user: SimUser) -> Entry:
    found = await app.s.contests.repo.entry_of(contest.id, user.id)
    assert found is not None
    return found


async def score(user: SimUser, points: list[int], comment: str | None) -> None:
    await tap(user, "✍️ Оценить")
    for value in points:
        await tap(user, str(value))
    if comment is None:
        await tap(user, "Без комментария")
    else:
        await user.send(comment)
    await tap(user, "✅ Отправить оценку")


async def test_the_whole_contest(
    app: BotUnderTest,
    erlan: SimUser,
    aigul: SimUser,
    sergey: SimUser,
    dana: SimUser,
    timur: SimUser,
    askar: SimUser,
) -> None:
    funded = listen(app)
    for user, language in ((erlan, "ru"), (aigul, "kk"), (sergey, "ru")):
        await onboard(user, language)
    await certify(app, aigul)
    await certify(app, sergey)

    # The coordinator opens the contest: the rubric from the program's terms and the tie-break
    # are on the summary; both trainees are invited.
    summary = await open_contest(erlan, "Жарқыра", "окончившие курс программы")
    assert "Будут приглашены: 2" in summary
    assert "Социальный эффект — до 10 баллов" in summary and "Команда и опыт" in summary
    assert "беспроцентный заём на 60 мес., льготный период 6 мес." in summary
    assert "При равенстве выше тот, у кого выше средний балл по первому критерию" in summary
    await tap(erlan, "✅ Объявить и пригласить")
    assert "Приглашений отправлено: 2" in said(erlan)
    contest = await the_contest(app)
    await deliver(app)
    assert "«Жарқыра» қаржыландыру байқауы" in said(aigul)
    assert "Конкурс на финансирование «Жарқыра»" in said(sergey)

    # Айгүл (kk) fills her plan; bad answers are explained in Kazakh.
    await tap(aigul, "📝 Бизнес-жоспарды толтыру")
    assert "Идея" in said(aigul)
    await aigul.send_sticker()
    assert "мәтін немесе дауыстық хабар керек" in said(aigul)
    await aigul.send("Ауылда жылыжай ашып, жыл бойы көкөніс өсіремін.")
    assert "Бюджет" in said(aigul)
    await aigul.send("Жылыжай — 2 500 000")
    assert "1. Жылыжай — 2 500 000 ₸" in said(aigul)
    await aigul.send("Тұқым — -5")
    assert "теріс сан бола алмайды" in said(aigul)
    await aigul.send_sticker()
    assert "«Атауы — сомасы»" in said(aigul)
    await aigul.send("Көшет: 500 000")
    assert "Барлығы: 3 000 000 ₸" in said(aigul)
    await tap(aigul, "✅ Бюджет дайын")
    await aigul.send("4 000 000")
    assert "бюджеттен (3 000 000 ₸) көп бола алмайды" in said(aigul)
    await aigul.send("500 000")
    await aigul.send("үш")
    assert "бүтін санмен" in said(aigul)
    await aigul.send("3")
    await aigul.send_voice()
    assert "PDF файл немесе фото" in said(aigul)
    await aigul.send_document(file_name="smeta.pdf")
    assert "Тіркелген файлдар: 1" in said(aigul)
    await tap(aigul, "Дайын ›")
    text = said(aigul)
    assert "Сұралатын сома: 2 500 000 ₸" in text and "Жұмыс орны: 3" in text
    await tap(aigul, "📨 Жоспарды тапсыру")
    assert "Жоспар тапсырылды" in said(aigul)
    plan_a = await entry_of(app, contest, aigul)
    assert plan_a.status == "submitted" and plan_a.requested == 2_500_000

    # Сергей (ru) speaks his idea, starts the budget and leaves; after a restart his draft is
    # still there, at the step he left.
    await tap(sergey, "📝 Заполнить бизнес-план")
    await sergey.send_voice()
    await sergey.send("Теплица — 3 000 000")
    await tap(sergey, "⏸ Продолжить позже")
    assert "Черновик сохранён" in said(sergey)
    await app.restart()
    listen(app, funded)  # a new process: its hooks registered again
    await sergey.press("🏆 Конкурс")
    assert sergey.buttons()[0] == f"Жарқыра №{contest.id} — черновик"
    await sergey.press(sergey.buttons()[0])
    assert "Бюджет" in said(sergey) and "1. Теплица — 3 000 000 ₸" in said(sergey)
    await tap(sergey, "✅ Бюджет готов")
    await sergey.send("0")
    await sergey.send("2")
    await tap(sergey, "Готово ›")
    assert "Идея:</b> голосовое сообщение" in plain(sergey.last.html or "")
    await tap(sergey, "📨 Подать план")
    plan_s = await entry_of(app, contest, sergey)
    assert plan_s.status == "submitted" and plan_s.requested == 3_000_000

    # The jury: Дана and Тимур score both plans, Асқар recuses from Айгүл's.
    await juror(app, dana, "ru")
    await juror(app, timur, "ru")
    await juror(app, askar, "kk")
    await dana.press("🏆 Конкурс")
    await tap(dana, "⚖️ Планы на оценку (2)")
    await tap(dana, dana.buttons()[0])  # the first plan: Айгүл's
    assert f"План №{plan_a.id}" in said(dana)
    await tap(dana, "📎 Файлы плана (1)")
    assert [m.document.file_name for m in dana.chat.bot_messages() if m.document] == ["smeta.pdf"]
    await score(dana, [8, 7, 6, 5], "Хороший план")
    assert "сохранена: 26 из 40" in said(dana)
    await tap(dana, "‹ К списку планов")
    await tap(dana, dana.buttons()[0])
    await score(dana, [6, 7, 8, 5], None)

    await timur.press("🏆 Конкурс")
    await tap(timur, "⚖️ Планы на оценку (2)")
    await tap(timur, timur.buttons()[0])
    card = said(timur)
    assert "оценки других членов жюри не показываются" in card
    assert "26" not in card and "Хороший план" not in card and "Дана" not in card
    await tap(timur, "✍️ Оценить")
    step = said(timur)
    assert "критерий 1 из 4" in step and "26" not in step and "Хороший" not in step
    for value in (7, 7, 7):
        await tap(timur, str(value))
    await tap(timur, "7")
    await tap(timur, "Без комментария")
    confirm = said(timur)
    assert "Итого: 28 из 40" in confirm and "26" not in confirm and "Хороший" not in confirm
    await tap(timur, "✅ Отправить оценку")
    await tap(timur, "‹ К списку планов")
    await tap(timur, timur.buttons()[0])
    await score(timur, [10, 6, 7, 5], None)

    await askar.press("🏆 Байқау")
    await tap(askar, "⚖️ Бағаланатын жоспарлар (2)")
    await tap(askar, askar.buttons()[0])
    await tap(askar, "🙅 Өздігінен бас тарту")
    await tap(askar, "Иә, бас тартамын")
    assert "бас тартуыңыз қабылданды" in alert(askar)
    rows = await app.s.contests.repo.scores_of_contest(contest.id)
    assert [(r.juror_id, r.status) for r in rows if r.entry_id == plan_a.id] == [
        (dana.id, "submitted"),
        (timur.id, "submitted"),
        (askar.id, "recused"),
    ]

    # Forged buttons reach nothing: a plan scored already, a plan recused from, the trainee at
    # the coordinator's card, a juror of another program at the plan.
    for user, data in (
        (dana, ContestCb(action=ContestAction.score, e=plan_a.id)),
        (askar, ContestCb(action=ContestAction.points, e=plan_a.id, v="9")),
        (askar, ContestCb(action=ContestAction.plan, e=plan_a.id)),
        (aigul, ContestCb(action=ContestAction.ranking, c=contest.id)),
        (aigul, ContestCb(action=ContestAction.plan, e=plan_s.id)),
    ):
        await user.press_data(data.pack())
        assert alert(user) in (
            app.s.translations.get(user.language_code or "kk")("contest-stale"),
            app.s.translations.get(user.language_code or "kk")("access-denied"),
        ), alert(user)
    assert len(await app.s.contests.repo.scores_of_contest(contest.id)) == 5

    # The ranking: both average 27; Сергей leads on the first criterion (8 against 7.5).
    await erlan.press("🏆 Конкурс")
    await tap(erlan, "🗂 Конкурсы программ")
    await tap(erlan, erlan.buttons()[0])
    assert "Приглашены: 2 · черновиков: 0 · подано: 2 · оценено: 2" in said(erlan)
    await tap(erlan, "⏹ Закрыть приём")
    await tap(erlan, "Да, закрыть")
    await tap(erlan, "📊 Рейтинг")
    ranking = said(erlan)
    first, second = ranking.index(f"План №{plan_s.id}"), ranking.index(f"План №{plan_a.id}")
    assert first < second
    assert f"1. План №{plan_s.id}, Сергей Ким: 27 (жюри: 2; 1-й критерий: 8)" in ranking
    assert f"2. План №{plan_a.id}, Айгүл Серікова: 27 (жюри: 2; 1-й критерий: 7.5)" in ranking
    assert "затем тот, кто подал план раньше" in ranking

    # The coordinator picks Айгүл and confirms; each hears the result in their language.
    await tap(erlan, f"☐ #{plan_a.id}")
    await tap(erlan, "🏁 Утвердить победителей (1)")
    await tap(erlan, "Да, утвердить")
    await deliver(app)
    assert "Құттықтаймыз!" in said(aigul) and f"№{plan_a.id}" in said(aigul)
    assert "не прошёл" in said(sergey)

    # The loan from the plan, in one step, with the program's terms; pressing again changes
    # nothing.
    await tap(erlan, f"💰 Создать заём по плану №{plan_a.id}")
    assert f"Создан заём по плану №{plan_a.id}" in said(erlan)
    plan_a = await entry_of(app, contest, aigul)
    assert plan_a.loan_id is not None
    loan = await app.s.loans.repo.require(plan_a.loan_id)
    assert (loan.principal, loan.term_months, loan.grace_months, loan.rate_bp) == (
        2_500_000,
        60,
        6,
        0,
    )
    assert loan.user_id == aigul.id and loan.program == "zharkyra"
    await erlan.press_data(ContestCb(action=ContestAction.fund, c=contest.id, e=plan_a.id).pack())
    assert len(await app.s.loans.of_user(aigul.id)) == 1
    assert funded == [(plan_a.id, loan.id)]
    await tap(erlan, f"💼 Заём по плану №{plan_a.id}")
    assert f"🏆 Из конкурса Жарқыра №{contest.id}, план №{plan_a.id}" in said(erlan)
    await deliver(app)
    await aigul.press("💰 Менің заемым")
    assert f"🏆 Жарқыра №{contest.id} байқауынан, №{plan_a.id} жоспар" in said(aigul)


async def test_an_invitation_to_a_contest_closed_meanwhile_is_dropped(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    access = await app.s.people.access_of(COORDINATOR_ID, is_admin=True)
    today = app.s.contests.today()
    contest, invited = await app.s.contests.open(
        access,
        program="one_village",
        region=None,
        cohort_id=None,
        eligibility="anyone",
        opens_on=today,
        closes_on=today,
    )
    assert invited == 3  # everyone who has talked to the bot
    # Closed before the invitations went out: none is sent.
    await app.s.contests.close(access, contest)
    await deliver(app)
    assert not any("байқауы" in m.content for m in aigul.chat.bot_messages())
    # A plan cannot be started either.
    await aigul.press_data(ContestCb(action=ContestAction.start, c=contest.id).pack())
    assert "Жоспар қабылдау жабылды" in alert(aigul)


async def test_a_grant_winner_is_funded_without_a_loan(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    funded = listen(app)
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await app.s.people.grant_role(
        erlan.id, "juror", program="one_village", region=None, by=COORDINATOR_ID
    )
    access = await app.s.people.access_of(COORDINATOR_ID, is_admin=True)
    today = app.s.contests.today()
    contest, _ = await app.s.contests.open(
        access,
        program="one_village",
        region=None,
        cohort_id=None,
        eligibility="anyone",
        opens_on=today,
        closes_on=today,
    )
    s = app.s.contests
    plan = await s.start(aigul.id, contest.id)
    entry = plan.entry.id
    await s.set_idea(aigul.id, entry, "Киіз бұйымдарын жасап, көрмелерде сатамын.")
    await s.add_item(aigul.id, entry, "Жүн", 1_000_000)
    await s.budget_done(aigul.id, entry)
    await s.set_contribution(aigul.id, entry, 200_000)
    await s.set_jobs(aigul.id, entry, 2)
    await s.files_done(aigul.id, entry)
    await s.submit(aigul.id, entry)
    juror_access = await app.s.people.access_of(erlan.id, is_admin=False)
    await s.score(juror_access, entry, {"uniqueness": 9, "quality": 8, "growth": 7}, None)
    contest = await s.close(access, contest)
    contest = await s.decide(access, contest, [entry])
    funded_entry = await s.fund(access, contest, entry)
    again = await s.fund(access, contest, entry)
    assert funded_entry.loan_id is None and again.answers.get("funded_on")
    assert funded == [(entry, None)]
    assert await app.s.loans.of_user(aigul.id) == []


async def test_demo_seed_scope_and_the_invitation_text(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser, dana: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await onboard(dana, "ru")
    first = await app.s.contests.seed_demo(COORDINATOR_ID, aigul.id, dana.id)
    assert await app.s.contests.seed_demo(COORDINATOR_ID, aigul.id, dana.id) == first
    contest = await the_contest(app)
    plan = await entry_of(app, contest, aigul)
    assert plan.status == "submitted" and plan.requested == 2_500_000

    # The demo juror finds the demo plan in the queue; a juror of another program does not,
    # and a forged button for it reaches nothing.
    await dana.press("🏆 Конкурс")
    await tap(dana, "⚖️ Планы на оценку (1)")
    await app.s.people.grant_role(
        sergey.id, "juror", program="one_village", region=None, by=COORDINATOR_ID
    )
    await sergey.press("🏆 Конкурс")
    await tap(sergey, "⚖️ Планы на оценку (0)")
    await sergey.press_data(ContestCb(action=ContestAction.plan, e=plan.id).pack())
    assert alert(sergey) == "Эта кнопка устарела. Откройте «🏆 Конкурс» ещё раз."

    # A coordinator of another region: the contest's card is not theirs.
    await app.s.people.grant_role(
        sergey.id, "coordinator", program="zharkyra", region="atyrau", by=COORDINATOR_ID
    )
    access = await app.s.people.access_of(COORDINATOR_ID, is_admin=True)
    today = app.s.contests.today()
    almaty, _ = await app.s.contests.open(
        access,
        program="zharkyra",
        region="almaty",
        cohort_id=None,
        eligibility="anyone",
        opens_on=today,
        closes_on=today,
    )
    await sergey.press_data(ContestCb(action=ContestAction.card, c=almaty.id).pack())
    assert alert(sergey) == "У вас нет прав на это действие."
    await sergey.press_data(ContestCb(action=ContestAction.card, c=contest.id).pack())
    assert alert(sergey) == "У вас нет прав на это действие.", "a contest for every region"

    # The invitation, in Kazakh, with the window's dates.
    await app.s.contests.open(
        access,
        program="zharkyra",
        region=None,
        cohort_id=None,
        eligibility="anyone",
        opens_on=date(2026, 5, 20),
        closes_on=date(2026, 6, 3),
    )
    await deliver(app)
    assert not any("2026 жылғы 20 мамыр" in m.content for m in aigul.chat.bot_messages())
    app.clock.set(app.clock.now().replace(day=20, hour=5, minute=30))  # 10:30 in Astana
    await deliver(app)
    invite = plain(aigul.last.content)
    assert "Қабылдаудың басталуы: 2026 жылғы 20 мамыр" in invite
    assert "соңғы күні: 2026 жылғы 3 маусым" in invite
