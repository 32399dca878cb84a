"""Projects across scopes, in Kazakh (a coordinator of Aktobe) and Russian (the NGO, and a
coordinator of Mangystau): a report with a voice summary decided in scope; forged buttons of
another scope, of someone else's report, or without the role reach nothing; a contest winner's
grant and a loan become projects once; the demo seed is idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.contests.service import DEMO_TITLE
from bot.core.access import Access
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import ProjectAction, ProjectCb
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, deliver, onboard
from tests.projects.test_projects import approved, plain

STALE_RU = "Не найдено или уже неактуально."
STALE_KK = "Табылмады немесе енді өзекті емес."


async def coordinator(app: BotUnderTest, user: SimUser, language: str, region: str) -> None:
    await onboard(user, language)
    await app.s.people.grant_role(
        user.id, "coordinator", program="ngo_fair", region=region, by=COORDINATOR_ID
    )
    await user.command("menu")


async def test_scoped_review_voice_summary_and_forged_buttons(
    app: BotUnderTest, telegram: FakeTelegramServer, sergey: SimUser, aigul: SimUser
) -> None:
    aizhan = telegram.user(3101, "Айжан", "Нұрова", None, language_code="kk")
    dana = telegram.user(3102, "Дана", "Ахметова", None, language_code="ru")
    await coordinator(app, aizhan, "kk", "aktobe")
    await coordinator(app, dana, "ru", "mangystau")
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await approved(app, sergey.id, "ngo_fair", "aktobe", "NF-2026-000011")
    project = await app.s.projects.fund_grant(
        sergey.id,
        "ngo_fair",
        "aktobe",
        "Инклюзивная мастерская",
        2_000_000,
        date(2026, 2, 20),
        aizhan.id,
    )
    first = (await app.s.projects.repo.reports(project.id))[0]
    assert first.due_on == date(2026, 5, 20)

    # The NGO opens the report itself (/reports), answers, a voice note for the summary.
    [mine] = await sergey.command("reports")
    assert "1 проект." in mine.content
    [card] = await sergey.press("📝 4 Инклюзивная мастерская")
    assert "Грант: 2 000 000 ₸" in plain(card.content)
    assert card.buttons()[0] == "№1 · 20 мая 2026 · ждёт отчёта"
    assert "№2 · 20 августа 2026 · ждёт отчёта" not in card.buttons()
    [ask] = await sergey.press("№1 · 20 мая 2026 · ждёт отчёта")
    assert "Сколько людей охватил проект" in ask.content
    [bad] = await sergey.send("-5")
    assert "Напишите число людей цифрами" in bad.content
    await sergey.send("45")
    # A language switch mid-report asks the same question again, in the new language.
    await sergey.command("language")
    replies = await sergey.press("Қазақша")
    assert "Жоспар бойынша — 2 000 000 ₸" in plain(replies[-1].content)
    await sergey.command("language")
    replies = await sergey.press("Русский")
    assert "По плану — 2 000 000 ₸" in plain(replies[-1].content)
    [bad] = await sergey.send("миллион")
    assert "сумму в тенге цифрами" in bad.content
    await sergey.send("900 000")
    await sergey.send("2")
    [photos] = await sergey.send_voice(20)
    assert "Пришлите фото" in photos.content
    [bad] = await sergey.send("вот")
    assert "Здесь нужны фото" in bad.content
    [confirm] = await sergey.press("✅ Готово")
    assert "📝 Итоги: 🎤 голосовое сообщение" in confirm.content
    assert "Потрачено: 900 000 ₸ из 2 000 000 ₸ (45%)" in plain(confirm.content)
    await sergey.press("📤 Отправить отчёт")
    await deliver(app)
    assert "Сергей Ким" in aizhan.last.content and "№1 есепті жіберді" in aizhan.last.content

    # The coordinator of Mangystau sees nothing of it, and forged buttons reach nothing.
    [hub] = await dana.send("📁 Проекты")
    assert "Профинансировано в вашей зоне ответственности: 0" in hub.content
    assert "Отчётов на проверке: 0" in hub.content
    for forged in (
        ProjectCb(action=ProjectAction.review, r=first.id),
        ProjectCb(action=ProjectAction.accept, r=first.id),
        ProjectCb(action=ProjectAction.send_back, r=first.id),
        ProjectCb(action=ProjectAction.media, r=first.id),
        ProjectCb(action=ProjectAction.card, p=project.id),
        ProjectCb(action=ProjectAction.close_ok, p=project.id),
        ProjectCb(action=ProjectAction.grant_person, p=sergey.id),
    ):
        await dana.press_data(forged.pack())
        assert alert(dana) == STALE_RU, forged
    await dana.press("➕ Записать грант")
    [people] = await dana.press("Ярмарка социальных идей и проектов")
    assert "в вашей зоне ответственности: 0" in people.content
    # Someone without the role, and someone else's report.
    await sergey.press_data(ProjectCb(action=ProjectAction.review, r=first.id).pack())
    assert alert(sergey) == "У вас нет прав на это действие."
    await aigul.press_data(ProjectCb(action=ProjectAction.report, r=first.id).pack())
    assert alert(aigul) == STALE_KK
    await aigul.press_data(ProjectCb(action=ProjectAction.submit, r=first.id).pack())
    assert alert(aigul) == "Есеп табылмады."
    assert (await app.s.projects.repo.report(first.id)).status == "submitted"  # type: ignore[union-attr]

    # In scope, in Kazakh: the voice note again, then accepted; the NGO told in Russian.
    [hub] = await aizhan.send("📁 Жобалар")
    assert "Тексерілуді күтетін есептер: 1" in hub.content
    await aizhan.press("📥 Тексерілуде (1)")
    [review] = await aizhan.press("Сергей Ким · Инклюзивная мастерская · №1")
    assert "Қорытынды: 🎤 дауыстық хабар" in review.content
    await aizhan.press("📷 Фото және дауыстық хабарлар (1)")
    assert aizhan.chat.bot_messages()[-2].kind == "voice"
    await aizhan.press("✅ Қабылдау")
    assert alert(aizhan) == "Есеп қабылданды"
    await aizhan.press_data(ProjectCb(action=ProjectAction.accept, r=first.id).pack())
    assert alert(aizhan) == "Бұл есеп бойынша шешім қабылданып қойған."
    await deliver(app)
    assert "Отчёт №1 по проекту «Инклюзивная мастерская» принят" in sergey.last.content
    # An accepted report is read-only for its author.
    [read] = await sergey.press("📂 Открыть отчёт")
    assert "принят" in read.content and "📤 Отправить отчёт" not in read.buttons()
    await sergey.press_data(ProjectCb(action=ProjectAction.submit, r=first.id).pack())
    assert alert(sergey) == "Этот отчёт уже отправлен или проект закрыт."

    # Closing the project: no more reminders for it.
    await aizhan.press("📂 Жоба карточкасы")
    await aizhan.press("🔒 Жобаны жабу")
    [closed] = await aizhan.press("Иә, жабу")
    assert "🔒 Жобаны жабу" not in closed.buttons()
    app.clock.set(datetime(2026, 8, 20, 6, tzinfo=UTC))
    assert await app.s.planners.run(app.clock.now()) is not None
    assert await app.s.projects.plan(app.clock.now()) == 0


async def test_contest_winner_and_loan_become_projects_once_and_demo_seed(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    # A contest winner funded through the contests service: the loan from the plan, and the
    # hook makes it a project with the loan program's reports; funding again changes nothing.
    await app.s.contests.seed_demo(COORDINATOR_ID, aigul.id, sergey.id)
    contest = await app.s.contests.repo.by_title(DEMO_TITLE)
    assert contest is not None
    entry = await app.s.contests.repo.entry_of(contest.id, aigul.id)
    assert entry is not None
    await app.s.contests.repo.save(entry.id, app.clock.now(), status="won")
    admin = Access(COORDINATOR_ID, True, ())
    for _ in range(2):
        await app.s.contests.fund(admin, contest, entry.id)
    [project] = await app.s.projects.repo.of_user(aigul.id)
    assert (project.kind, project.amount, project.entry_id) == ("loan", 2_500_000, entry.id)
    assert project.title == "Жылыжай: қияр мен қызанақ" and project.loan_id is not None
    assert len(await app.s.projects.repo.reports(project.id)) == 8  # «Жарқыра»: 8 reports
    # A grant winner (the hook with no loan), twice: one project.
    for _ in range(2):
        await app.s.projects.contest_funded(entry, contest, None, COORDINATOR_ID)
    assert len(await app.s.projects.repo.of_user(aigul.id)) == 1
    # A loan followed as a project, once; its reports from the loan program's cycle.
    await app.s.loans.seed_demo(sergey.id, COORDINATOR_ID)
    [loan] = await app.s.loans.repo.of_user(sergey.id)
    for _ in range(2):
        followed = await app.s.projects.fund_loan(loan, "Тігін цехы", COORDINATOR_ID)
    assert followed.kind == "loan" and followed.loan_id == loan.id
    assert len(await app.s.projects.repo.reports(followed.id)) == 8
    # The demo: a funded NGO with its first report due in two days; idempotent.
    # The same line both times: seed-demo says what is there, not what it did.
    said = await app.s.projects.seed_demo(COORDINATOR_ID, sergey.id)
    assert said == await app.s.projects.seed_demo(COORDINATOR_ID, sergey.id)
    assert "4500000 ₸" in said[0] and f"recipient {sergey.id}" in said[0]
    demo = [p for p in await app.s.projects.repo.of_user(sergey.id) if p.kind == "grant"]
    [due] = [r for r in await app.s.projects.repo.reports(demo[0].id) if r.n == 1]
    assert due.due_on == date(2026, 5, 16)
