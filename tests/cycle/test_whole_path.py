"""The whole support cycle, walked by chat in Kazakh and in Russian (issue #17): a person applies
to «Жарқыра», is approved and enrolled, completes the course, submits a business plan to the
financing contest, is scored by two jurors, wins, gets a loan created from the plan, is assigned
a mentor, answers a check-in, misses the next (escalated), submits a project report that is
returned once and then accepted — and the coordinator's journey screen and funnel show it all.

Setup that is not the subject here (the cohort, the jurors' and mentor's roles) goes through the
same service methods the coordinators' screens call.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core.i18n import Translator
from bot.core.regions import region_by_code
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import TrainCb
from tests.conftest import COORDINATOR_ID, BotUnderTest, deliver, onboard

ZH = "zharkyra"


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


async def tap(user: SimUser, label: str) -> None:
    """Press the newest button whose label reads `label` (money has no-break spaces)."""
    for message in reversed(user.chat.messages):
        if message.from_bot and not message.deleted:
            for shown in message.buttons():
                if plain(shown) == label:
                    await user.press(shown)
                    return
    raise AssertionError(f"no button {label!r} for {user.first_name}: {user.buttons()}")


def iin_for(birth: str = "900514", century: int = 3) -> str:
    from bot.core.validators import check_digit

    for serial in range(3001, 3011):
        first11 = f"{birth}{century}{serial:04d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
    raise AssertionError("no ИИН")


async def at_local(app: BotUnderTest, day: date, hour: int = 10) -> None:
    """The clock to a Kazakhstan local time; the planners and the sender run."""
    app.clock.set(datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=5))
    await app.s.planners.run(app.clock.now())
    await deliver(app)


async def a_day(app: BotUnderTest, day: date) -> None:
    """A day of the bot's life: the planners just after midnight, and at 10:05 with the sender."""
    for hour, minute in ((0, 15), (10, 5)):
        app.clock.set(
            datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=5)
        )
        await app.s.planners.run(app.clock.now())
        await deliver(app)


async def apply_to_zharkyra(app: BotUnderTest, person: SimUser, t: Translator, lang: str) -> None:
    """The application form, by chat, as the person would fill it."""
    program = app.s.catalogue.get(ZH)
    assert program is not None
    await person.press(t("menu-apply"))
    await person.press(program.name(lang))
    await person.press(t("apply-start"))
    for _ in program.eligibility:
        await person.press(t("form-yes"))
    await person.send("Сейітова Мадина Ержанқызы" if lang == "kk" else "Ким Марина Викторовна")
    await person.send(iin_for())
    await person.send("+7 701 234 56 78")
    atyrau = region_by_code("atyrau")
    assert atyrau is not None
    districts = (await person.press(atyrau.name(lang)))[-1]
    await person.press(districts.buttons()[0])
    org = program.field("org_form")
    assert org is not None
    await person.press(org.options[0].label(lang))
    await person.press(t("apply-skip"))  # no БСН yet
    await person.send("Мүмкіндігі шектеулі жандарға арналған тігін цехы")
    await person.send(
        "Ауылда мүмкіндігі шектеулі әйелдерге жұмыс жоқ, біз тігін цехын ашамыз. " * 2
    )
    beneficiaries = program.field("beneficiaries")
    assert beneficiaries is not None
    await person.press("▫️ " + beneficiaries.options[0].label(lang))
    await person.press(t("apply-done"))
    await person.send("3 000 000")
    await person.send("4")
    await person.press(t("apply-done"))  # no files now
    summary = (await person.send("madina@mail.kz"))[-1]
    assert program.name(lang) in summary.content
    await person.press(t("apply-submit"))


@pytest.mark.parametrize("lang", ["kk", "ru"])
async def test_the_whole_path(
    app: BotUnderTest, telegram: FakeTelegramServer, erlan: SimUser, lang: str
) -> None:
    t = app.s.translations.get(lang)
    coordinator = app.s.translations.get("ru")  # Ерлан works in Russian
    person = telegram.user(4001, "Мадина", "Сейітова", None, language_code=lang)
    await onboard(person, lang)
    await onboard(erlan, "ru")
    course = app.s.training.courses.get(ZH)
    assert course is not None
    cohort = await app.s.training.create_cohort(
        course=course,
        name="Жарқыра — Атырау — 1",
        region="atyrau",
        district=None,
        starts_on=date(2026, 5, 20),
        weekdays_only=False,
        release_time=time(9, 0),
        capacity=30,
        created_by=COORDINATOR_ID,
    )

    # 1. Applies, and the coordinator approves: she is enrolled in the cohort.
    await apply_to_zharkyra(app, person, t, lang)
    [application] = await app.s.applications.repo.of_user(person.id)
    await erlan.command("review")
    await erlan.press(
        f"{application.reference} · Сейітова М. · 📨"
        if lang == "kk"
        else f"{application.reference} · Ким М. · 📨"
    )
    await erlan.press(coordinator("review-approve"))
    await erlan.press(coordinator("review-approve-yes"))
    await deliver(app)
    assert await app.s.cohorts.member(cohort.id, person.id) is not None

    # 2. Completes the course (six lessons; the last one through the chat): a certificate.
    await at_local(app, date(2026, 5, 25))
    for number in range(1, len(course.lessons)):
        await app.s.cohorts.mark_done(person.id, ZH, number, app.clock.now())
    last = course.lessons[-1]
    await person.press_data(TrainCb(action="lesson", course=ZH, n=len(course.lessons)).pack())
    await person.press(t("training-quiz-button", count=len(last.questions)))
    for index, question in enumerate(last.questions):
        await person.press(str(question.answer + 1))
        if index + 1 < len(last.questions):
            await person.press(t("training-next-question"))
    await person.press(t("training-done-button"))
    assert await app.s.cohorts.certificate_of(person.id, ZH) is not None

    # 3. The financing contest: the coordinator opens it for those who completed the course;
    # she is invited in her language and submits a business plan by chat.
    jurors = []
    for user_id, name, language in ((4101, "Дана", "ru"), (4102, "Асқар", "kk")):
        juror = telegram.user(user_id, name, None, None, language_code=language)
        await onboard(juror, language)
        await app.s.people.grant_role(juror.id, "juror", program=ZH, region=None, by=erlan.id)
        jurors.append((juror, app.s.translations.get(language)))
    await erlan.press(coordinator("menu-contest"))
    for label in (
        "🗂 Конкурсы программ",
        "➕ Объявить конкурс",
        "Жарқыра",
        "Все регионы",
        "Для всех потоков",
        "окончившие курс программы",
        "Сегодня",
        "14 дней",
    ):
        await tap(erlan, label)
    assert "Будут приглашены: 1" in plain(erlan.last.content)
    await tap(erlan, "✅ Объявить и пригласить")
    await deliver(app)
    await tap(person, t("contest-start-button"))
    await person.send("Ауылда тігін цехын ашып, мүмкіндігі шектеулі әйелдерді жұмысқа аламын.")
    await person.send("Тігін машиналары — 2 000 000")
    await person.send("Жалға алу: 1 000 000")
    await tap(person, t("contest-budget-done"))
    await person.send("500 000")
    await person.send("4")
    await person.send_document(file_name="smeta.pdf")
    await tap(person, t("contest-files-done"))
    await tap(person, t("contest-submit-button"))
    [contest] = await app.s.contests.repo.all(("open",))
    entry = await app.s.contests.repo.entry_of(contest.id, person.id)
    assert entry is not None and entry.status == "submitted"
    assert entry.requested == 2_500_000 and entry.jobs == 4

    # 4. Two jurors score it on their own, each in their language.
    for juror, jt in jurors:
        await juror.press(jt("menu-contest"))
        await tap(juror, jt("contest-jury-button", count=1))
        await juror.press(juror.last.buttons()[0])  # the plan
        await tap(juror, jt("contest-score-button"))
        for _ in contest.rubric:
            await tap(juror, "8")
        await tap(juror, jt("contest-no-comment"))
        await tap(juror, jt("contest-score-submit"))
        assert "32" in juror.last.content

    # 5. The coordinator closes the contest, confirms her as the winner, and creates the loan
    # from the plan in one step: the program's terms, the loan card says where it came from.
    await erlan.press(coordinator("menu-contest"))
    await tap(erlan, "🗂 Конкурсы программ")
    await erlan.press(erlan.last.buttons()[0])
    for label in (
        "⏹ Закрыть приём",
        "Да, закрыть",
        "📊 Рейтинг",
        f"☐ #{entry.id}",
        "🏁 Утвердить победителей (1)",
        "Да, утвердить",
    ):
        await tap(erlan, label)
    await deliver(app)
    won = await person.wait_for_message(
        lambda m: (
            t("contest-start-button") not in m.buttons()
            and ("Құттықтаймыз" in m.content or "Поздравляем" in m.content)
        )
    )
    assert contest.title in won.content or "Жарқыра" in won.content
    await tap(erlan, f"💰 Создать заём по плану №{entry.id}")
    entry = await app.s.contests.repo.entry_of(contest.id, person.id)
    assert entry is not None and entry.status == "won" and entry.loan_id is not None
    loan = await app.s.loans.repo.require(entry.loan_id)
    program = app.s.catalogue.get(ZH)
    assert program is not None
    assert (loan.principal, loan.term_months, loan.grace_months, loan.rate_bp) == (
        2_500_000,
        program.cycle.term_months,
        program.cycle.grace_months,
        0,
    )
    assert loan.user_id == person.id
    await deliver(app)
    card = (await person.press(t("menu-loan")))[-1]
    assert "🏆" in card.content

    # 6. A mentor for the winner. The first check-in is answered, the second missed: one
    # reminder, then the coordinator is told.
    mentor = telegram.user(4201, "Марат", "Ибраев", None, language_code="ru")
    await onboard(mentor, "ru")
    await app.s.people.grant_role(mentor.id, "mentor", program=None, region=None, by=erlan.id)
    await erlan.press(coordinator("menu-mentoring"))
    await tap(erlan, "⚪ Мадина Сейітова")
    await tap(erlan, coordinator("mentoring-assign-button"))
    await tap(erlan, "Марат Ибраев")
    await deliver(app)
    await a_day(app, date(2026, 6, 25))
    await tap(person, t("mentoring-answer-button"))
    await person.send("Екі машина сатып алдым, үш әйел жұмыс істей бастады.")
    await deliver(app)
    await mentor.wait_for_message(lambda m: "Екі машина" in m.content)
    await tap(mentor, "🟢 По плану")
    assert "🟢" in mentor.last.content
    for day in (date(2026, 7, 25), date(2026, 7, 28), date(2026, 7, 31)):
        await a_day(app, day)
    reminders = [m for m in person.chat.bot_messages() if "№2" in m.content]
    assert len(reminders) == 2, [m.content for m in reminders]  # the question and one reminder
    await erlan.wait_for_message(lambda m: "Пропущена сверка №2" in m.content)

    # 7. The project report: reminded three days before it is due, filled by chat, returned
    # once with a comment, corrected, accepted.
    await a_day(app, date(2026, 8, 22))
    await tap(person, t("project-fill-button"))
    await person.send("120")
    await person.send("1 250 000")
    await person.send("3")
    await person.send("Цех ашылды, үш әйел жұмыс істейді, алғашқы тапсырыстар орындалды.")
    await person.send_photo()
    await tap(person, t("project-photos-done"))
    await tap(person, t("project-submit-button"))
    await deliver(app)
    await erlan.wait_for_message(lambda m: "прислал(а) отчёт №1" in m.content)
    await tap(erlan, coordinator("project-review-button"))
    await tap(erlan, coordinator("project-return-button"))
    await erlan.send("Приложите чеки и уточните расходы на аренду.")
    await deliver(app)
    returned = await person.wait_for_message(lambda m: "↩️" in m.content)
    assert returned is not None
    await tap(person, t("project-open-button"))
    assert "Приложите чеки" in person.last.content
    await tap(person, t("project-change-spent"))
    await person.send("1 300 000")
    await tap(person, t("project-submit-button"))
    await erlan.press(coordinator("menu-projects"))
    await tap(erlan, coordinator("project-waiting-button", count=1))
    await erlan.press(erlan.last.buttons()[0])
    await tap(erlan, coordinator("project-accept-button"))
    await deliver(app)
    await person.wait_for_message(lambda m: "✅" in m.content and "№1" in m.content)

    # 8. One journey: she sees her own path; the coordinator finds her and sees every step,
    # and the funnel counts her at each one.
    mine = (await person.press(t("menu-journey")))[-1]
    for shown in (application.reference, loan.contract, "Марат Ибраев"):
        assert shown in plain(mine.content), shown
    await erlan.press(coordinator("menu-funnel"))
    await tap(erlan, coordinator("journey-search-button"))
    path = (await erlan.send("Сейітова"))[-1]
    text = plain(path.content)
    assert "Путь: Мадина Сейітова" in text
    for shown in (
        f"{application.reference} · Жарқыра — одобрена",
        "Сертификат №",
        "победитель",
        f"Заём {loan.contract}: 2 500 000 ₸",
        "принято отчётов: 1 из 8",
        "Наставник: Марат Ибраев — активно",
        "пропущено: 1",
    ):
        assert shown in text, shown
    # Each step opens its card: the plan, the loan, the project, the mentoring card.
    targets = {
        button["callback_data"].split(":")[0]
        for row in path.inline_keyboard
        for button in row
        if "callback_data" in button
    }
    assert {"ct", "pj", "mt"} <= targets, targets
    plan_button = next(
        button["text"]
        for row in path.inline_keyboard
        for button in row
        if button.get("callback_data", "").startswith("ct:")
    )
    plan_card = (await erlan.press(plan_button))[-1]
    assert f"План №{entry.id}" in plan_card.content and "победитель" in plan_card.content
    funnel = (await erlan.press(coordinator("menu-funnel")))[-1]
    text = plain(funnel.content)
    for line in (
        "1. Подали заявку: 1",
        "2. Одобрены: 1 · от предыдущего 100%",
        "3. Начали курс: 1",
        "4. Окончили курс: 1",
        "5. Подали бизнес-план на конкурс: 1",
        "6. Получили финансирование: 1",
        "7. Платят по займу вовремя: 1",
        "8. Погасили заём: 0",
    ):
        assert line in text, (line, text)
    await tap(erlan, coordinator("journey-chart-button"))
    assert erlan.last.kind == "photo"

    # 9. /privacy: her path is in the export, and erasing it keeps only what the fund must keep
    # (the loan's contract, the winning plan's figures, the project's figures), not her words.
    await person.command("privacy")
    replies = await person.press(t("privacy-export"))
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.document is not None
    exported = json.loads(sent.document.data)["data"]
    assert {"applications", "contest_entries", "loans", "projects", "mentorships"} <= set(exported)
    await person.press(t("privacy-delete"))
    await person.press(t("privacy-delete-yes"))
    kept = await app.s.contests.repo.entry_of(contest.id, person.id)
    assert kept is not None and kept.status == "won" and kept.answers == {}
    assert kept.requested == 2_500_000
    [project] = await app.s.projects.repo.of_user(person.id)
    assert (project.status, project.title) == ("closed", "—")
    assert (
        await app.s.db.fetchval(
            "SELECT COUNT(*) FROM mentorships WHERE mentee_id = ?", (person.id,)
        )
        == 0
    )
    erased_loan = await app.s.loans.repo.require(loan.id)
    assert erased_loan.user_id is None and erased_loan.principal == 2_500_000
