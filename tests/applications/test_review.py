"""Coordinators review applications through the fake Bot API, in Kazakh and Russian: the queue
with filters and pages, the card, take / ask / answer / approve / reject / note, scores from two
reviewers, files sent back, the Excel export; scoped and unauthorised people are refused.

Applications are made through the repository and the service (the applicant's chat flow has its
own tests in test_apply.py), except in the one end-to-end test at the bottom.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from bot.core.catalogue import Field
from bot.core.i18n import Translations
from bot.dev.fake_telegram import TINY_PNG, FakeTelegramServer, SimUser
from bot.documents.exports import ExportRow, build_workbook, summarise_scores
from bot.telegram.callbacks import ReviewCb
from storage.applications import Application, QueueFilter, Score
from storage.users import Profile
from tests.conftest import BotUnderTest, alert, deliver, onboard


def _sample(field: Field, region: str, district: str | None) -> Any:
    return {
        "text": "Киіз бұйымдар шеберханасы",
        "name": "Серікова Айгүл Болатқызы",
        "long_text": "Ауылда жылыжай салып, көкөніс өсіріп, аудан орталығына сатамын.",
        "number": 3,
        "money": 2_500_000,
        "choice": field.options[0].code if field.options else None,
        "multi_choice": [field.options[0].code] if field.options else None,
        "phone": "+77012345678",
        "iin": "850312400017",
        "bin": "050140000656",
        "region": {"region": region, "district": district},
        "date": "2026-06-01",
        "email": "aigul@mail.kz",
        "yes_no": True,
        "attachments": field.min_files,  # real files are added for them (see `submitted`)
    }[field.type]


async def applicant(
    app: BotUnderTest,
    telegram: FakeTelegramServer,
    user_id: int,
    first: str,
    last: str | None = None,
    *,
    language: str = "kk",
    username: str | None = None,
) -> SimUser:
    """Someone who has used the bot before (a user row in their language)."""
    person = telegram.user(user_id, first, last, username, language_code=language)
    await app.s.users.upsert_demo(
        Profile(user_id, first, last, username, language), language, app.clock.now()
    )
    return person


async def submitted(
    app: BotUnderTest,
    user_id: int,
    program_code: str = "bastau",
    *,
    region: str = "almaty",
    district: str | None = "raiymbek",
    name: str = "Серікова Айгүл Болатқызы",
    **answers: Any,
) -> Application:
    """A submitted application with an answer to every field (`answers` override them)."""
    program = app.s.catalogue.get(program_code)
    assert program is not None
    repo, now = app.s.applications.repo, app.clock.now()
    draft = await repo.create_draft(user_id, program_code, now)
    values = {f.code: _sample(f, region, district) for f in program.fields}
    values.update({"full_name": name, "org_name": name} | answers)
    for field in program.fields:
        value = values[field.code]
        where = (value["region"], value["district"]) if field.type == "region" else None
        await repo.save_answer(draft.id, field.code, value, step=None, now=now, region=where)
        for n in range(field.min_files if field.type == "attachments" else 0):
            # Submission counts the real files of a required attachments field.
            await repo.add_file(
                draft.id,
                field.code,
                "photo",
                f"sample-{draft.id}-{n}",
                file_name=None,
                mime_type="image/jpeg",
                size=None,
                now=now,
            )
    return await app.s.applications.submit(await repo.require(draft.id))


def item(application: Application, short_name: str, status: str = "📨") -> str:
    """The label of an application's button in the queue."""
    return f"{application.reference} · {short_name} · {status}"


# -- the queue --------------------------------------------------------------------------------


async def test_queue_filters_and_pages_in_russian(
    app: BotUnderTest, erlan: SimUser, telegram: FakeTelegramServer
) -> None:
    for n in range(10):
        await applicant(app, telegram, 5000 + n, f"Адам{n}")
        await submitted(app, 5000 + n, name=f"Ахметов{n} Нұрлан")
    for n in (10, 11):
        await applicant(app, telegram, 5000 + n, f"Адам{n}", language="ru")
        await submitted(
            app, 5000 + n, "zharkyra", region="atyrau", district=None, name=f"Ким{n} Олег"
        )
    await applicant(app, telegram, 5012, "Адам12")
    decided = await submitted(app, 5012, name="Омарова Дана")
    await app.s.applications.approve(decided, erlan.id)
    await onboard(erlan, "ru")
    assert "🗂 Заявки на рассмотрение" in erlan.reply_buttons()

    [queue] = await erlan.press("🗂 Заявки на рассмотрение")
    assert "Заявок: 12" in queue.content
    buttons = queue.buttons()
    assert buttons[:3] == ["Программа: Все", "Регион: Все", "Статус: ⏳ Ждут решения"]
    assert buttons[3] == "BB-2026-000001 · Ахметов0 Н. · 📨"
    assert len([b for b in buttons if b.startswith(("BB-", "ZH-"))]) == 8
    assert buttons[-2:] == ["1/2", "›"] or buttons[-1] == "⬇️ Excel"
    assert "⬇️ Excel" in buttons and "1/2" in buttons

    [page2] = await erlan.press("›")
    assert page2.message_id == queue.message_id, "the queue is edited in place"
    assert [b for b in page2.buttons() if b.startswith(("BB-", "ZH-"))] == [
        "BB-2026-000009 · Ахметов8 Н. · 📨",
        "BB-2026-000010 · Ахметов9 Н. · 📨",
        "ZH-2026-000001 · Ким10 О. · 📨",
        "ZH-2026-000002 · Ким11 О. · 📨",
    ]
    await erlan.press("2/2")  # the page already shown: nothing to edit, nothing refused

    [picker] = await erlan.press("Программа: Все")
    assert "какой программы" in picker.content
    assert picker.buttons()[:3] == ["Все", "Бастау Бизнес", "Жарқыра"]
    [queue] = await erlan.press("Жарқыра")
    assert "Заявок: 2" in queue.content and "Программа: Жарқыра" in queue.buttons()

    await erlan.press("Статус: ⏳ Ждут решения")
    [queue] = await erlan.press("✅ одобрена")
    assert "Заявок: 0" in queue.content and "заявок нет" in queue.content
    assert "⬇️ Excel" not in queue.buttons()
    await erlan.press("Программа: Жарқыра")
    [queue] = await erlan.press("Все")
    assert "Заявок: 1" in queue.content
    assert "BB-2026-000011 · Омарова Д. · ✅" in queue.buttons()

    [regions] = await erlan.press("Регион: Все")
    assert "1/3" in regions.buttons() and "Атырауская область" in regions.buttons()
    [regions] = await erlan.press("›")
    assert "2/3" in regions.buttons()
    await erlan.press("‹")
    await erlan.press("Атырауская область")
    await erlan.press("Статус: ✅ одобрена")
    [queue] = await erlan.press("⏳ Ждут решения")
    assert "Заявок: 2" in queue.content
    assert "Регион: Атырауская область" in queue.buttons()


async def test_regional_coordinator_sees_only_their_region(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    asel = telegram.user(3003, "Әсел", "Нұрланқызы", language_code="kk")
    await onboard(asel, "kk")
    await app.s.users.grant(
        asel.id, "coordinator", program=None, region="almaty", granted_by=None, now=app.clock.now()
    )
    for user_id in (5001, 5002, 5003):
        await applicant(app, telegram, user_id, "Адам")
    own = await submitted(app, 5001, name="Серікова Айгүл")
    other = await submitted(app, 5002, region="atyrau", district=None, name="Жанов Ерік")
    own_loan = await submitted(app, 5003, "zharkyra", name="Бекова Сая")

    [queue] = await asel.command("review")
    assert "Өтінімдер: 2" in queue.content
    assert item(own, "Серікова А.") in queue.buttons()
    assert item(own_loan, "Бекова С.") in queue.buttons()
    assert item(other, "Жанов Е.") not in queue.buttons()
    [regions] = await asel.press("Өңір: Барлығы")
    assert regions.buttons() == ["Барлығы", "Алматы облысы", "‹ Артқа"]

    # Forged buttons: another region's application, its filter, its export, a notice's button.
    forged = [
        ReviewCb(action="o", app=other.id),
        ReviewCb(action="open", app=other.id),
        ReviewCb(action="take", app=other.id),
        ReviewCb(action="oky", app=other.id),
        ReviewCb(action="rej", app=other.id),
        ReviewCb(action="fl", app=other.id),
        ReviewCb(action="q", value=",atyrau,w"),
        ReviewCb(action="xl", value=",atyrau,"),
        ReviewCb(action="f", value="r,atyrau,w"),
    ]
    for data in forged:
        await asel.press_data(data.pack())
        assert "рұқсатыңыз жоқ" in alert(asel), data
    assert (await app.s.applications.repo.require(other.id)).status == "submitted"

    # Her own region opens as usual.
    [queue] = await asel.press("Алматы облысы")
    assert "Өңір: Алматы облысы" in queue.buttons() and "Өтінімдер: 2" in queue.content
    [card] = await asel.press(item(own, "Серікова А."))
    assert "BB-2026-000001" in card.content and "Мәртебесі: 📨 тапсырылды" in card.content


async def test_program_and_region_grants_add_up(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    """Two grants (all of «Жарқыра»; everything in Almaty oblast) reach the union of both."""
    dana = telegram.user(3004, "Дана", language_code="ru")
    await onboard(dana, "ru")
    now = app.clock.now()
    await app.s.users.grant(
        dana.id, "coordinator", program="zharkyra", region=None, granted_by=None, now=now
    )
    await app.s.users.grant(
        dana.id, "coordinator", program=None, region="almaty", granted_by=None, now=now
    )
    for user_id in range(5001, 5005):
        await applicant(app, telegram, user_id, "Адам")
    await submitted(app, 5001, name="Алматы Бастау")
    await submitted(app, 5002, "zharkyra", region="atyrau", district=None, name="Атырау Жарқыра")
    await submitted(app, 5003, region="atyrau", district=None, name="Атырау Бастау")
    await submitted(app, 5004, "zharkyra", name="Алматы Жарқыра")
    [queue] = await dana.command("review")
    assert "Заявок: 3" in queue.content
    assert not any("Атырау Б." in b for b in queue.buttons())
    [programs] = await dana.press("Программа: Все")
    assert programs.buttons()[:3] == ["Все", "Бастау Бизнес", "Жарқыра"]
    [queue] = await dana.press("Бастау Бизнес")
    assert "Заявок: 1" in queue.content


async def test_a_program_scoped_coordinator_sees_her_program_in_the_filter(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    """Her «all programs» is one program: the filter names it instead of «Барлығы»."""
    gulnar = telegram.user(3006, "Гүлнар", "Әлиева", language_code="kk")
    await onboard(gulnar, "kk")
    await app.s.users.grant(
        gulnar.id,
        "coordinator",
        program="bastau",
        region=None,
        granted_by=None,
        now=app.clock.now(),
    )
    [queue] = await gulnar.command("review")
    assert queue.buttons()[0] == "Бағдарлама: Бастау Бизнес"
    [programs] = await gulnar.press("Бағдарлама: Бастау Бизнес")
    assert programs.buttons() == ["Барлығы", "Бастау Бизнес", "‹ Артқа"]


# -- who may review ---------------------------------------------------------------------------


async def test_people_without_the_role_are_refused(
    app: BotUnderTest, sergey: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    own = await submitted(app, aigul.id)
    [reply] = await sergey.command("review")
    assert "нет прав" in reply.content
    assert "🗂 Заявки на рассмотрение" not in sergey.reply_buttons()
    # Forged buttons, including ones for someone else's application.
    for data in (
        ReviewCb(action="q", value=",,w"),
        ReviewCb(action="xl", value=",,"),
        ReviewCb(action="o", app=own.id),
        ReviewCb(action="open", app=own.id),
        ReviewCb(action="take", app=own.id),
        ReviewCb(action="oky", app=own.id),
        ReviewCb(action="rej", app=own.id),
        ReviewCb(action="fl", app=own.id),
        ReviewCb(action="scv", app=own.id, value="idea.5"),
    ):
        await sergey.press_data(data.pack())
        assert "нет прав" in alert(sergey), data
    # The applicant herself may not review her own application either.
    await aigul.press_data(ReviewCb(action="oky", app=own.id).pack())
    assert "рұқсатыңыз жоқ" in alert(aigul)
    after = await app.s.applications.repo.require(own.id)
    assert after.status == "submitted"
    assert await app.s.applications.repo.scores(own.id) == []


async def test_a_revoked_coordinator_cannot_finish_a_rejection(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    marat = telegram.user(3005, "Марат", language_code="ru")
    await onboard(marat, "ru")
    await onboard(aigul, "kk")
    await app.s.users.grant(
        marat.id, "coordinator", program=None, region=None, granted_by=None, now=app.clock.now()
    )
    own = await submitted(app, aigul.id)
    await marat.command("review")
    await marat.press(item(own, "Серікова А."))
    [prompt] = await marat.press("✖ Отклонить")
    assert "причину отказа" in prompt.content
    [(grant, _)] = await app.s.users.all_roles()
    await app.s.users.revoke(grant.id)
    [reply] = await marat.send("Нет бизнес-плана")
    assert "нет прав" in reply.content
    assert (await app.s.applications.repo.require(own.id)).status == "submitted"
    # The flow is over: the next text is not taken for a reason.
    [reply] = await marat.send("Нет бизнес-плана")
    assert "Не понял" in reply.content


# -- the card and decisions -------------------------------------------------------------------


async def test_take_ask_and_the_applicant_answers_in_chat(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    own = await submitted(app, aigul.id)
    await erlan.press("🗂 Заявки на рассмотрение")
    [card] = await erlan.press(item(own, "Серікова А."))
    assert card.content.startswith("BB-2026-000001 · Бастау Бизнес")
    assert "Статус: 📨 подана" in card.content and "Подана: 14 мая 2026" in card.content
    assert "Заявитель: Серікова Айгүл Болатқызы" in card.content
    assert "Связь: Айгүл Серікова · @aigul_s · +7 701 234 56 78" in card.content
    assert '<a href="tg://user?id=1001">Айгүл Серікова</a>' in (card.html or "")
    assert "Облысыңыз бен ауданыңыз" not in card.content, "the reviewer reads Russian"
    assert "Ваша область и район: Алматинская область, Райымбекский район" in card.content
    assert "Кратко опишите вашу бизнес-идею: Ауылда жылыжай" in card.content
    assert "Оценки (оценщиков: 0)" in card.content and "Оценок пока нет" in card.content
    assert "14 мая 2026, 11:00 · Айгүл Серікова: 📨 заявка подана" in card.content
    assert card.buttons() == [
        "🔎 Взять на рассмотрение",
        "❓ Задать вопрос",
        "✅ Одобрить",
        "✖ Отклонить",
        "📝 Заметка",
        "⭐ Оценить",
        "🧭 Путь",
        "‹ К списку",
    ]

    [card] = await erlan.press("🔎 Взять на рассмотрение")
    assert "взята на рассмотрение" in alert(erlan)
    assert "Статус: 🔎 на рассмотрении" in card.content
    assert "Ерлан Жақсылықов: 🔎 взята на рассмотрение" in card.content
    assert "🔎 Взять на рассмотрение" not in card.buttons()
    await deliver(app)
    notice = await aigul.wait_for_message(lambda m: "қарай бастады" in m.content)
    assert "BB-2026-000001" in notice.content

    [prompt] = await erlan.press("❓ Задать вопрос")
    assert prompt.message_id == card.message_id and "вопрос заявителю" in prompt.content
    [reply] = await erlan.send("   ")
    assert "нужен текст" in reply.content
    [card] = await erlan.send("Қай ауылда? Жылыжай <қанша> шаршы метр?")
    assert card.content.startswith("❓ Вопрос отправлен заявителю.")
    assert "Статус: ❓ ждёт ответа заявителя" in card.content
    assert "❓ вопрос: Қай ауылда? Жылыжай <қанша> шаршы метр?" in card.content
    assert "❓ Задать вопрос" not in card.buttons()

    await deliver(app)
    asked = await aigul.wait_for_message(lambda m: "сұрағы бар" in m.content)
    assert "Жылыжай <қанша> шаршы метр?" in asked.content
    [mine] = await aigul.press("📄 Өтінімді ашу")
    assert "Үйлестірушінің сұрағы: Қай ауылда?" in mine.content
    [ask] = await aigul.press("✍️ Сұраққа жауап беру")
    assert "Жауабыңызды жазыңыз" in ask.content
    [thanks] = await aigul.send("Кеген ауданы, Жалаңаш ауылы. Жылыжай 200 шаршы метр.")
    assert "Жауабыңыз үйлестірушіге жіберілді" in thanks.content

    await deliver(app)
    told = await erlan.wait_for_message(lambda m: "ответил на ваш вопрос" in m.content)
    assert "BB-2026-000001" in told.content and told.buttons() == ["🔎 Открыть заявку"]
    [card] = await erlan.press("🔎 Открыть заявку")
    assert card.message_id > told.message_id, "a new message: the notice stays"
    assert "Статус: 🔎 на рассмотрении" in card.content
    assert (
        "Айгүл Серікова: ✍️ ответ: Кеген ауданы, Жалаңаш ауылы. Жылыжай 200 шаршы метр."
        in card.content
    )
    assert "❓ Задать вопрос" in card.buttons(), "another question may follow"


async def test_approve_and_reject_tell_each_applicant_in_their_language(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    hers = await submitted(app, aigul.id)
    his = await submitted(app, sergey.id, "zharkyra", region="atyrau", name="Ким Сергей")

    await erlan.command("review")
    await erlan.press(item(hers, "Серікова А."))
    [confirm] = await erlan.press("✅ Одобрить")
    assert "Одобрить заявку BB-2026-000001 (Бастау Бизнес)?" in confirm.content
    assert confirm.buttons() == ["✅ Да, одобрить", "‹ Назад"]
    [card] = await erlan.press("‹ Назад")
    assert "Статус: 📨 подана" in card.content
    await erlan.press("✅ Одобрить")
    [card] = await erlan.press("✅ Да, одобрить")
    assert "одобрена" in alert(erlan)
    assert "Статус: ✅ одобрена" in card.content
    assert card.buttons() == ["📝 Заметка", "🧭 Путь", "‹ К списку"], "no decision twice"
    await erlan.press_data(ReviewCb(action="oky", app=hers.id).pack(), card.message_id)
    assert "статус заявки — ✅ одобрена" in alert(erlan)

    [queue] = await erlan.press("‹ К списку")
    assert "Заявок: 1" in queue.content
    await erlan.press(item(his, "Ким С."))
    [prompt] = await erlan.press("✖ Отклонить")
    assert "причину отказа" in prompt.content
    [reply] = await erlan.send("ж" * 1003)
    assert "не больше 1\u00a0000 символов, у вас лишних 3" in reply.content
    reason = "Нет <b>сметы</b> & бизнес-плана"
    [card] = await erlan.send(reason)
    assert card.content.startswith("✖ Заявка отклонена.")
    assert "Статус: ✖ отклонена" in card.content
    assert f"✖ отклонена, причина: {reason}" in card.content

    await deliver(app)
    approved = await aigul.wait_for_message(lambda m: "мақұлданды" in m.content)
    assert "Құттықтаймыз" in approved.content and "BB-2026-000001" in approved.content
    rejected = await sergey.wait_for_message(lambda m: "не одобрена" in m.content)
    assert f"Причина: {reason}" in rejected.content, "the reason arrives as typed"
    assert "&lt;b&gt;" in (rejected.html or "")
    assert (await app.s.applications.repo.require(his.id)).decision_note == reason


async def test_a_note_is_seen_by_reviewers_only(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    own = await submitted(app, aigul.id)
    await erlan.command("review")
    await erlan.press(item(own, "Серікова А."))
    [prompt] = await erlan.press("📝 Заметка")
    assert "видят только координаторы" in prompt.content
    [card] = await erlan.send("Позвонил: жылыжай уже строится, фото пришлёт.")
    assert card.content.startswith("📝 Заметка сохранена.")
    assert "📝 заметка: Позвонил: жылыжай уже строится" in card.content
    assert "Статус: 📨 подана" in card.content, "a note changes no status"
    assert await deliver(app) == 0, "the applicant is not told"
    [listing] = await aigul.press("📋 Менің өтінімдерім")
    [mine] = await aigul.press(listing.buttons()[0])
    assert "Позвонил" not in mine.content


async def test_typing_elsewhere_leaves_the_text_step(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    own = await submitted(app, aigul.id)
    await erlan.command("review")
    await erlan.press(item(own, "Серікова А."))
    await erlan.press("✖ Отклонить")
    # A menu button in the middle: it opens what it says, and nothing is rejected.
    [mine] = await erlan.press("📋 Мои заявки")
    assert "нет заявок" in mine.content
    [reply] = await erlan.send("Нет бизнес-плана")
    assert "Не понял" in reply.content
    assert (await app.s.applications.repo.require(own.id)).status == "submitted"
    # «‹ Назад» from the prompt: back to the card, and the text step is over too.
    await erlan.command("review")
    await erlan.press(item(own, "Серікова А."))
    await erlan.press("✖ Отклонить")
    [card] = await erlan.press("‹ Назад")
    assert "Статус: 📨 подана" in card.content
    [reply] = await erlan.send("Нет бизнес-плана")
    assert "Не понял" in reply.content
    assert (await app.s.applications.repo.require(own.id)).status == "submitted"
    # A sticker where the question is expected gets a hint; the step goes on.
    await erlan.command("review")
    await erlan.press(item(own, "Серікова А."))
    await erlan.press("❓ Задать вопрос")
    [hint] = await erlan.send_sticker()
    assert "нужен текст" in hint.content
    [card] = await erlan.send("Есть ли у вас земля?")
    assert "Вопрос отправлен" in card.content


async def test_scores_from_two_reviewers_are_averaged(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    gulnar = telegram.user(3006, "Гүлнар", "Әлиева", language_code="kk")
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await onboard(gulnar, "kk")
    await app.s.users.grant(
        gulnar.id,
        "coordinator",
        program="bastau",
        region=None,
        granted_by=None,
        now=app.clock.now(),
    )
    own = await submitted(app, aigul.id)

    await erlan.command("review")
    await erlan.press(item(own, "Серікова А."))
    [criteria] = await erlan.press("⭐ Оценить")
    assert criteria.buttons() == [
        "Проработанность идеи: —",
        "Местный спрос: —",
        "Мотивация и готовность: —",
        "‹ Назад",
    ]
    [scale] = await erlan.press("Проработанность идеи: —")
    assert scale.buttons() == ["1", "2", "3", "4", "5", "‹ Назад"]
    [criteria] = await erlan.press("5")
    assert "Оценка сохранена: 5" in alert(erlan)
    assert "Проработанность идеи: 5" in criteria.buttons()
    await erlan.press("Местный спрос: —")
    await erlan.press("4")
    await erlan.press("Местный спрос: 4")
    await erlan.press("3")  # changed his mind: one score per reviewer and criterion
    [card] = await erlan.press("‹ Назад")
    assert "Оценки (оценщиков: 1)" in card.content
    assert "Проработанность идеи: 5,0" in card.content and "Местный спрос: 3,0" in card.content
    assert "Мотивация и готовность: —" in card.content
    assert "Средняя оценка: 4,0" in card.content

    await gulnar.command("review")
    await gulnar.press(item(own, "Серікова А."))
    await gulnar.press("⭐ Бағалау")
    await gulnar.press("Идеяның нақтылығы: —")
    await gulnar.press("4")
    await gulnar.press("Ынта мен дайындық: —")
    await gulnar.press("2")
    [card] = await gulnar.press("‹ Артқа")
    assert "Бағалар (бағалаушылар: 2)" in card.content
    assert "Идеяның нақтылығы: 4,5" in card.content
    assert "Жергілікті сұраныс: 3,0" in card.content
    assert "Ынта мен дайындық: 2,0" in card.content
    assert "Орташа баға: 3,2" in card.content  # (4.5 + 3 + 2) / 3

    # Forged scores: out of range, an unknown criterion.
    for value in ("idea.9", "idea.0", "nope.3", "idea"):
        await gulnar.press_data(ReviewCb(action="scv", app=own.id, value=value).pack())
        assert "ескірген" in alert(gulnar), value
    scores = await app.s.applications.repo.scores(own.id)
    assert sorted((s.reviewer_id, s.criterion, s.score) for s in scores) == [
        (erlan.id, "idea", 5),
        (erlan.id, "market", 3),
        (gulnar.id, "idea", 4),
        (gulnar.id, "motivation", 2),
    ]


async def test_files_are_sent_back(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    photo = telegram.store_file("photo", TINY_PNG)
    plan = telegram.store_file(
        "document", b"%PDF-1.4\n%plan\n", file_name="plan.pdf", mime_type="application/pdf"
    )
    voice = telegram.store_file("voice", b"OggS\x00voice", mime_type="audio/ogg", duration=42)
    own = await submitted(
        app,
        aigul.id,
        "zharkyra",
        problem={"voice": voice.file_id, "duration": 42},
        plan=2,
    )
    repo, now = app.s.applications.repo, app.clock.now()
    for stored, kind in ((plan, "document"), (photo, "photo")):
        await repo.add_file(
            own.id,
            "plan",
            kind,
            stored.file_id,
            file_name=stored.file_name,
            mime_type=stored.mime_type,
            size=len(stored.data),
            now=now,
        )
    await erlan.command("review")
    [card] = await erlan.press(item(own, "Серікова А."))
    assert "🎤 0:42" in card.content and "📎 2" in card.content
    replies = await erlan.press("📎 Файлы (3)")
    assert "Отправлено файлов: 3" in alert(erlan)
    sent = [m for m in replies if m.message_id > card.message_id]
    assert [m.kind for m in sent] == ["document", "photo", "voice"]
    assert sent[0].document is not None and sent[0].document.data == b"%PDF-1.4\n%plan\n"
    assert sent[1].photo == TINY_PNG
    assert sent[0].content.startswith("ZH-2026-000001 · ")
    # An application without files says so.
    await applicant(app, telegram, 5001, "Адам")
    bare = await submitted(app, 5001, name="Омаров Бек")
    await erlan.press_data(ReviewCb(action="fl", app=bare.id).pack())
    assert "нет файлов" in alert(erlan)


async def test_a_long_application_fits_in_one_message(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    own = await submitted(
        app,
        aigul.id,
        "zharkyra",
        name="Ә" * 100,
        project="П" * 150,
        problem="🌾" * 2000,  # two UTF-16 units each
        beneficiaries=["disability", "children", "elderly", "low_income", "women", "nature"],
    )
    for n in range(8):
        await app.s.applications.note(own, erlan.id, f"{n} " + "<&>" * 330)
    await erlan.command("review")
    [card] = await erlan.press(item(own, "Ә" * 24 + "…"))
    assert "…" in card.content and "7 <&>" in card.content, "the newest notes are shown"
    assert "0 <&>" not in card.content, "only the last five events"


# -- the Excel export -------------------------------------------------------------------------


async def test_export_in_russian_holds_the_filtered_rows(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    loan = await submitted(
        app, aigul.id, "zharkyra", amount=4_750_000, jobs=12, problem='=HYPERLINK("x")'
    )
    await app.s.applications.repo.set_score(loan.id, erlan.id, "impact", 5, app.clock.now())
    await app.s.applications.repo.set_score(loan.id, 2002, "impact", 4, app.clock.now())
    await applicant(app, telegram, 5001, "Бек", "Омаров", username="bek_o")
    await submitted(app, 5001, name="Омаров Бек")
    await applicant(app, telegram, 5002, "Дина")
    other = await submitted(app, 5002, name="Садық Дина", region="atyrau", district=None)
    await app.s.applications.reject(other, erlan.id, "Нет сметы")

    [queue] = await erlan.command("review")
    assert "Заявок: 2" in queue.content
    replies = await erlan.press("⬇️ Excel")
    assert "Готовлю файл" in alert(erlan)
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.content == "📊 Выгрузка заявок: 2"
    assert sent.document is not None and sent.document.file_name == "applications-2026-05-14.xlsx"
    book = load_workbook(BytesIO(sent.document.data))
    assert book.sheetnames == ["Бастау Бизнес", "Жарқыра"], "the rejected one is filtered out"

    sheet = book["Жарқыра"]
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == [
        "Номер заявки",
        "Статус",
        "Дата подачи",
        "Заявитель в Telegram",
        "Область",
        "Район",
    ]
    assert "Какая сумма займа нужна?" in headers and "Ваша область и район" not in headers
    assert "Оценка: Социальный эффект" in headers
    assert headers[-2:] == ["Средняя оценка", "Оценщиков"]
    assert sheet[1][0].font.b and sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}2"
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Номер заявки"].value == "ZH-2026-000001"
    assert row["Статус"].value == "подана"
    assert row["Дата подачи"].value == datetime(2026, 5, 14)
    assert row["Заявитель в Telegram"].value == "Айгүл Серікова (@aigul_s)"
    assert row["Область"].value == "Алматинская область"
    assert row["Район"].value == "Райымбекский район"
    money = row["Какая сумма займа нужна?"]
    assert money.value == 4_750_000 and "₸" in money.number_format
    assert row["Сколько рабочих мест создаст проект?"].value == 12
    problem = next(c for c in sheet[2] if c.value == '=HYPERLINK("x")')
    assert problem.data_type == "s", "an applicant's text never becomes a formula"
    assert row["Оценка: Социальный эффект"].value == 4.5
    assert row["Средняя оценка"].value == 4.5 and row["Оценщиков"].value == 2
    assert [c.value for c in book["Бастау Бизнес"]["A"]] == ["Номер заявки", "BB-2026-000001"]


async def test_export_in_kazakh_for_a_regional_coordinator(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    asel = telegram.user(3003, "Әсел", language_code="kk")
    await onboard(asel, "kk")
    await app.s.users.grant(
        asel.id, "coordinator", program=None, region="almaty", granted_by=None, now=app.clock.now()
    )
    await onboard(aigul, "kk")
    await submitted(app, aigul.id, grant=3_000_000, program_code="one_village")
    await applicant(app, telegram, 5001, "Ерік")
    await submitted(app, 5001, "one_village", region="atyrau", district=None, name="Жанов Ерік")
    await asel.command("review")
    replies = await asel.press("⬇️ Excel")
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.content == "📊 Жүктелген өтінімдер: 1"
    assert sent.document is not None
    book = load_workbook(BytesIO(sent.document.data))
    [sheet] = book.worksheets
    assert sheet.title == "Бір ауыл – бір өнім"
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == [
        "Өтінім нөмірі",
        "Мәртебесі",
        "Тапсырылған күні",
        "Telegram-дағы үміткер",
        "Облыс",
        "Аудан",
    ]
    assert sheet.max_row == 2, "only her region"
    row = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Мәртебесі"] == "тапсырылды" and row["Облыс"] == "Алматы облысы"
    assert 3_000_000 in row.values()
    assert "Иә" in row.values(), "yes/no in the reader's language"


async def test_export_refuses_an_empty_list_and_forged_filters(
    app: BotUnderTest, erlan: SimUser
) -> None:
    await onboard(erlan, "ru")
    [queue] = await erlan.command("review")
    assert "Заявок: 0" in queue.content and "⬇️ Excel" not in queue.buttons()
    await erlan.press_data(ReviewCb(action="xl", value=",,w").pack())
    assert "Выгружать нечего" in alert(erlan)
    for value in ("garbage", ",,draft", "nope,,w", ",mars,w", "a,b,c,d"):
        await erlan.press_data(ReviewCb(action="xl", value=value).pack())
        assert "устарела" in alert(erlan) or "нет прав" in alert(erlan), value
    await erlan.press_data(ReviewCb(action="f", value="z,,w").pack())
    assert "устарела" in alert(erlan)
    await erlan.press_data(ReviewCb(action="o", app=999).pack())
    assert "нет прав" in alert(erlan)
    assert [m.kind for m in erlan.chat.bot_messages()].count("document") == 0


def test_workbook_without_telegram() -> None:
    """The pure builder: a sheet per program, numbers as numbers, the averages."""
    from bot.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    l10n = Translations.from_dir().get("ru")
    now = datetime(2026, 5, 14, 6, 0).astimezone()
    app = Application(
        id=1,
        number="BA-2026-000007",
        program="one_village",
        user_id=1,
        status="in_review",
        answers={
            "product": "Құрт",
            "grant": 1_200_000,
            "trademark": False,
            "photos": 2,
            "region": {"region": "almaty", "district": None},
        },
        step=None,
        region="almaty",
        district=None,
        decision_note=None,
        created_at=now,
        updated_at=now,
        submitted_at=now,
        decided_at=None,
        reminded_at=None,
    )
    scores = [Score(10, "quality", 5), Score(11, "quality", 2), Score(10, "growth", 4)]
    program = catalogue.get("one_village")
    assert program is not None
    summary = summarise_scores(program, scores)
    assert dict((c.code, a) for c, a in summary.averages) == {
        "uniqueness": None,
        "quality": 3.5,
        "growth": 4.0,
    }
    assert summary.overall == 3.75 and summary.reviewers == 2

    from zoneinfo import ZoneInfo

    data = build_workbook(
        [ExportRow(app, "Test", scores)], catalogue, l10n, ZoneInfo("Asia/Almaty")
    )
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["Бір ауыл – бір өнім"]
    sheet = book.active
    values = {h.value: c.value for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert values["Статус"] == "на рассмотрении"
    assert values["Средняя оценка"] == 3.75
    assert 1_200_000 in values.values() and "Нет" in values.values() and 2 in values.values()
    empty = load_workbook(BytesIO(build_workbook([], catalogue, l10n, ZoneInfo("Asia/Almaty"))))
    assert empty.sheetnames == ["Заявки"] and empty.active.max_row == 1


# -- end to end -------------------------------------------------------------------------------


def valid_iin(prefix: str = "8503124") -> str:
    from bot.core.validators import check_digit

    for serial in range(3001, 3100):
        first11 = f"{prefix}{serial:04d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
    raise AssertionError("no valid ИИН")


async def test_from_the_applicants_chat_to_a_decision(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    """Айгүл applies by chat in Kazakh, answers the coordinator's question with a document,
    and Ерлан, working in Russian, reads it, gets the file back and approves."""
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await aigul.press("📝 Өтінім беру")
    await aigul.press("Бастау Бизнес")
    await aigul.press("📝 Өтінім беру")
    await aigul.press("Иә")
    await aigul.press("Иә")
    await aigul.send("Серікова Айгүл Болатқызы")
    await aigul.send(valid_iin())
    await aigul.share_contact("+77012345678")
    await aigul.press("Алматы облысы")
    await aigul.press("Райымбек ауданы")
    await aigul.press("Мал шаруашылығы, құс")
    await aigul.send("Кегенде қой жүнінен киіз бұйымдар жасап, туристерге сатқым келеді.")
    await aigul.press("Тәжірибе жоқ")
    await aigul.press("Қазақша")
    replies = await aigul.press("✅ Тапсыру")
    assert "BB-2026-000001" in replies[-1].content

    [queue] = await erlan.press("🗂 Заявки на рассмотрение")
    assert "Заявок: 1" in queue.content
    [card] = await erlan.press("BB-2026-000001 · Серікова А. · 📨")
    assert "киіз бұйымдар" in card.content and "Животноводство, птица" in card.content
    await erlan.press("❓ Задать вопрос")
    await erlan.send("Пришлите, пожалуйста, фото места для цеха.")
    await deliver(app)
    await aigul.wait_for_message(lambda m: "сұрағы бар" in m.content)

    await aigul.press("📋 Менің өтінімдерім")
    await aigul.press(aigul.buttons()[0])
    await aigul.press("✍️ Сұраққа жауап беру")
    await aigul.send_document(b"%PDF-1.4\n%place\n", "orny.pdf", caption="Цех орны, 3 бет")
    await deliver(app)
    await erlan.wait_for_message(lambda m: "ответил на ваш вопрос" in m.content)
    [card] = await erlan.press("🔎 Открыть заявку")
    assert "✍️ ответ: Цех орны, 3 бет" in card.content
    replies = await erlan.press("📎 Файлы (1)")
    [document] = [m for m in replies if m.kind == "document"]
    assert document.content == "BB-2026-000001 · Ответ на вопрос координатора"
    assert document.document is not None and document.document.data == b"%PDF-1.4\n%place\n"

    await erlan.press("✅ Одобрить")
    await erlan.press("✅ Да, одобрить")
    await deliver(app)
    approved = await aigul.wait_for_message(lambda m: "Құттықтаймыз" in m.content)
    assert "BB-2026-000001" in approved.content


async def test_a_long_list_is_cut_and_says_so(
    app: BotUnderTest, erlan: SimUser, telegram: FakeTelegramServer, monkeypatch: Any
) -> None:
    import handlers.applications.review.export

    monkeypatch.setattr(handlers.applications.review.export, "EXPORT_LIMIT", 2)
    for user_id in (5001, 5002, 5003):
        await applicant(app, telegram, user_id, "Адам")
        await submitted(app, user_id, name=f"Адамов{user_id} Адам")
    await onboard(erlan, "ru")
    await erlan.command("review")
    replies = await erlan.press("⬇️ Excel")
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.content == (
        "📊 Выгрузка заявок: 2\n"
        "Выгружены первые 2 из 3. Уточните фильтры, чтобы получить остальные."
    )
    assert sent.document is not None
    assert load_workbook(BytesIO(sent.document.data)).active.max_row == 3


def test_scopes_reach_the_union_of_grants() -> None:
    where, params = QueueFilter(scopes=[("zharkyra", None), (None, "almaty")]).where()
    assert where == "status <> 'draft' AND ((program = ?) OR (region = ?))"
    assert params == ["zharkyra", "almaty"]
    assert QueueFilter(scopes=[("bastau", "almaty"), (None, None)]).where()[1] == []
    assert QueueFilter(scopes=[]).where() == ("1 = 0", [])


async def test_a_question_reaches_each_applicant_framed_in_their_language(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    """The coordinator's own words come inside a frame in the applicant's language, escaped."""
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    hers = await submitted(app, aigul.id)
    his = await submitted(app, sergey.id, "zharkyra", region="atyrau", name="Ким Сергей")
    question = "Смета <b>где</b>? A & B"
    await app.s.applications.request_info(hers, erlan.id, question)
    await app.s.applications.request_info(his, erlan.id, question)
    await deliver(app)
    kk = await aigul.wait_for_message(lambda m: "сұрағы бар" in m.content)
    assert "BB-2026-000001 өтінімі (Бастау Бизнес) бойынша" in kk.content
    assert "Үйлестіруші сұрайды: «Смета <b>где</b>? A & B»" in kk.content
    assert "&lt;b&gt;где&lt;/b&gt;" in (kk.html or "") and "A &amp; B" in (kk.html or "")
    ru = await sergey.wait_for_message(lambda m: "у координатора вопрос" in m.content)
    assert "Координатор спрашивает: «Смета <b>где</b>? A & B»" in ru.content
    assert "&lt;b&gt;где&lt;/b&gt;" in (ru.html or "")


# -- the Excel export: decisions, and links to the card for voice answers and files ---------------


def _link_prefix(app: BotUnderTest) -> None:
    """The card link `rv_` as the dispatcher's setup registers it (handlers/__init__.py)."""
    from handlers.applications import review

    if not app.s.deep_links.has(review.DEEP_LINK_PREFIX):
        app.s.deep_links.register(review.DEEP_LINK_PREFIX, review.deep_link)


async def test_export_in_russian_has_the_decision_and_links_voice_to_the_card(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    _link_prefix(app)
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    voiced = await submitted(
        app, aigul.id, "zharkyra", problem={"voice": "voice-file-1", "duration": 75}
    )
    await applicant(app, telegram, 5002, "Дина")
    other = await submitted(app, 5002, "zharkyra", name="Садық Дина")
    await app.s.applications.reject(other, erlan.id, "Нет сметы")

    await erlan.command("review")
    replies = await erlan.press_data(ReviewCb(action="xl", value=",,").pack())  # every status
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.document is not None
    sheet = load_workbook(BytesIO(sent.document.data))["Жарқыра"]
    headers = [c.value for c in sheet[1]]
    assert headers[6:9] == ["Решение", "Дата решения", "Причина решения"]
    rows = {r[0].value: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    refused = rows[other.reference]
    assert refused["Решение"].value == "отклонена"
    assert refused["Дата решения"].value == datetime(2026, 5, 14)
    assert refused["Причина решения"].value == "Нет сметы"
    waiting = rows[voiced.reference]
    assert waiting["Решение"].value is None and waiting["Причина решения"].value is None
    link = waiting["Номер заявки"].hyperlink.target
    assert link.startswith("https://t.me/") and link.endswith(f"?start=rv_{voiced.id}")
    voice = waiting["Какую социальную проблему решает проект и кому помогает?"]
    assert voice.value == "🎤 1:15" and voice.hyperlink.target == link

    # The link opens the card for the coordinator; the applicant herself is refused.
    [card] = await erlan.command("start", f"rv_{voiced.id}")
    assert voiced.reference in card.content and "📎" in " ".join(card.buttons())
    [refusal] = await aigul.command("start", f"rv_{voiced.id}")
    assert "Бұл әрекетке рұқсатыңыз жоқ" in refusal.content
    [forged] = await erlan.command("start", "rv_999")
    assert "У вас нет прав" in forged.content


def test_workbook_in_kazakh_has_the_decision_and_links_files_to_the_card() -> None:
    """The pure builder with a card link: the file count stays a number, and is a link."""
    from zoneinfo import ZoneInfo

    from bot.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    l10n = Translations.from_dir().get("kk")
    now = datetime(2026, 5, 14, 6, 0).astimezone()
    app = Application(
        id=7,
        number="BA-2026-000007",
        program="one_village",
        user_id=1,
        status="approved",
        answers={"product": "Құрт", "photos": 3, "story": {"voice": "v1", "duration": 61}},
        step=None,
        region="almaty",
        district=None,
        decision_note="Жақсы жоба",
        created_at=now,
        updated_at=now,
        submitted_at=now,
        decided_at=datetime(2026, 5, 20, 20, 0).astimezone(ZoneInfo("UTC")),
        reminded_at=None,
    )
    data = build_workbook(
        [ExportRow(app, "Test", [])],
        catalogue,
        l10n,
        ZoneInfo("Asia/Almaty"),
        card_link=lambda a: f"https://t.me/qadam_bot?start=rv_{a.id}",
    )
    sheet = load_workbook(BytesIO(data)).active
    headers = [c.value for c in sheet[1]]
    assert headers[1] == "Мәртебесі"
    row = dict(zip(headers, sheet[2], strict=True))
    assert row["Шешім"].value == "мақұлданды"
    assert row["Шешім күні"].value == datetime(2026, 5, 21), "the day in Almaty"
    assert row["Шешімнің себебі"].value == "Жақсы жоба"
    linked = [c for c in sheet[2] if c.hyperlink is not None]
    assert {c.value for c in linked} == {"BA-2026-000007", 3, "🎤 1:01"}
    assert {c.hyperlink.target for c in linked} == {"https://t.me/qadam_bot?start=rv_7"}
