"""/privacy deletion, and coordinators' roles with server-side checks against forged callbacks."""

from __future__ import annotations

import json

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from tests.conftest import BotUnderTest, onboard

# -- /privacy --------------------------------------------------------------------------------


async def test_privacy_shows_what_is_stored(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    [screen] = await aigul.press("🔒 Деректерім")
    assert "Айгүл Серікова" in screen.content and "@aigul_s" in screen.content
    assert "Келісім: 2026 жылғы 14 мамыр берілген" in screen.content
    assert screen.buttons() == [
        "📦 Деректерімді жүктеп алу (файл)",
        "🗑 Деректерімді жою",
        "Келісімді қайтарып алу",
    ]
    assert "Сіз туралы өтінім, курс, заем немесе файл сақталмаған." in screen.content


async def test_privacy_counts_every_category_and_exports_it_in_russian(
    app: BotUnderTest, sergey: SimUser
) -> None:
    from tests.applications.test_review import submitted

    await onboard(sergey, "ru")
    own = await submitted(app, sergey.id, "one_village", name="Ким Сергей")  # and one photo
    await app.s.applications.repo.watch(sergey.id, "bastau", app.clock.now())
    [screen] = await sergey.command("privacy")
    for line in (
        "• ИИН — в заявках: 1",
        "• Телефон — в заявках: 1",
        "• Заявки: 1",
        "• Файлы к заявкам: 1",
        "• Просьбы сообщить об открытии программы: 1",
    ):
        assert line in screen.content
    iin = own.answers["iin"]
    assert iin not in screen.content and "+7" not in screen.content, "counts, not the data"

    replies = await sergey.press("📦 Скачать мои данные (файл)")
    assert "Готовлю файл" in app.telegram.chat(sergey.id).callback_answers[-1]["text"]
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.document is not None and sent.document.file_name == "my-data-2026-05-14.json"
    assert "JSON" in sent.content
    export = json.loads(sent.document.data)
    data = export["data"]
    assert data["profile"][0]["first_name"] == "Сергей"
    [application] = data["applications"]
    assert application["answers"]["iin"] == iin and application["number"] == own.number
    assert len(data["files"]) == 1 and data["program_alerts"][0]["program"] == "bastau"
    assert await app.s.audit.for_subject(f"user:{sergey.id}")


async def test_privacy_counts_in_kazakh(app: BotUnderTest, aigul: SimUser) -> None:
    from tests.applications.test_review import submitted

    await onboard(aigul, "kk")
    await submitted(app, aigul.id)
    [screen] = await aigul.command("privacy")
    assert "<b>Өтінімдер, курстар мен заемдар бойынша сақталғандар</b>" in (screen.html or "")
    assert "• ЖСН — өтінімдерде: 1" in screen.content
    assert "• Өтінімдер: 1" in screen.content


async def test_delete_my_data_after_confirmation(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru")
    await sergey.command("privacy")
    [confirm] = await sergey.press("🗑 Удалить мои данные")
    assert "Удалить ваши данные?" in confirm.content
    [kept] = await sergey.press("Нет, оставить")
    assert "Какие данные о вас хранятся" in kept.content
    assert (await app.s.users.require(sergey.id)).first_name == "Сергей"

    await sergey.press("🗑 Удалить мои данные")
    replies = await sergey.press("Да, удалить")
    assert any("Ваши данные удалены" in m.content for m in replies)
    assert sergey.reply_buttons() == [], "the menu keyboard is removed"
    user = await app.s.users.require(sergey.id)
    assert (user.first_name, user.last_name, user.username) == (None, None, None)
    assert user.consent_at is None and user.language is None and user.deleted_at is not None
    assert await app.s.audit.for_subject(f"user:{sergey.id}")

    # Writing again does not bring the name back by itself: onboarding begins anew.
    [picker] = await sergey.send("привет")
    assert picker.buttons() == ["Қазақша", "Русский"]
    assert (await app.s.users.require(sergey.id)).first_name is None
    [picker] = await sergey.command("start")
    assert picker.buttons() == ["Қазақша", "Русский"]
    assert (await app.s.users.require(sergey.id)).first_name == "Сергей"


async def test_deletion_removes_roles_and_flow_state(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await app.s.users.grant(
        aigul.id, "trainer", program=None, region=None, granted_by=None, now=app.clock.now()
    )
    await aigul.command("privacy")
    await aigul.press("🗑 Деректерімді жою")
    await aigul.press("Иә, жою")
    assert await app.s.users.roles_of(aigul.id) == ()
    assert (
        await app.s.db.fetchval("SELECT COUNT(*) FROM fsm_states WHERE user_id = ?", (aigul.id,))
        == 0
    )


# -- roles -----------------------------------------------------------------------------------


async def test_coordinator_grants_a_region_scoped_trainer_role(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    assert "👥 Роли" in erlan.reply_buttons()
    [roles] = await erlan.press("👥 Роли")
    assert "Ролей пока никому не выдано" in roles.content and "ADMIN_IDS" in roles.content
    await erlan.press("➕ Выдать роль")
    [bad] = await erlan.send("Айгүл")
    assert "не похоже на id" in bad.content
    [unknown] = await erlan.send("5555")
    assert "ещё не запускал бота" in unknown.content
    [ask_role] = await erlan.send(str(aigul.id))
    assert "Айгүл Серікова" in ask_role.content
    [typed] = await erlan.send("тренер")
    assert "кнопками" in typed.content
    await erlan.press("Бизнес-тренер")
    await erlan.press("Все программы")
    await erlan.press("Алматинская область")
    [done] = await erlan.press("Подтвердить")
    assert "Айгүл Серікова (id 1001) — бизнес-тренер, Алматинская область" in done.content

    told = await aigul.wait_for_message(lambda m: "рөлі берілді" in m.content)
    assert "бизнес-жаттықтырушы" in told.content and "Алматы облысы" in told.content
    [grant] = await app.s.users.roles_of(aigul.id)
    assert (grant.role, grant.region, grant.granted_by) == ("trainer", "almaty", erlan.id)
    [help_] = await aigul.command("help")
    assert "Қызметкерлерге" in help_.content


async def test_a_coordinator_for_one_program_in_one_region(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await erlan.command("roles")
    await erlan.press("➕ Выдать роль")
    await erlan.send(str(aigul.id))
    await erlan.press("Координатор")
    [regions] = await erlan.press("Бастау Бизнес")
    assert "В каком регионе?" in regions.content
    await erlan.press("Атырауская область")
    [done] = await erlan.press("Подтвердить")
    assert "координатор, Бастау Бизнес · Атырауская область" in done.content
    told = await aigul.wait_for_message(lambda m: "рөлі берілді" in m.content)
    assert "Бастау Бизнес · Атырау облысы" in told.content
    [grant] = await app.s.users.roles_of(aigul.id)
    assert (grant.program, grant.region) == ("bastau", "atyrau")
    [mine] = await aigul.command("privacy")
    assert "Бастау Бизнес · Атырау облысы" in mine.content


async def test_grant_by_forwarded_message_and_revoke(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await erlan.command("roles")
    await erlan.press("➕ Выдать роль")
    await erlan.forward_from(sergey)
    await erlan.press("Координатор")
    await erlan.press("Все программы")
    await erlan.press("Вся страна")
    await erlan.press("Подтвердить")
    [grant] = await app.s.users.roles_of(sergey.id)
    assert grant.role == "coordinator" and grant.region is None
    # His «/» list has the coordinator's commands at once, in the language he chose.
    shown = {c["command"]: c["description"] for c in telegram.commands_shown(sergey.id, "ru")}
    assert shown["review"] == "Рассмотрение заявок" and shown["loans"] == "Портфель займов"
    assert {"roles", "cohorts", "broadcasts", "apply", "start"} <= shown.keys()
    # Sergey now manages roles himself.
    [roles] = await sergey.command("roles")
    assert "Сергей Ким" in roles.content

    await erlan.command("roles")
    [confirm] = await erlan.press("✖ Сергей Ким — координатор")
    assert "Снять с Сергей Ким роль" in confirm.content
    await erlan.press("Да, снять")
    assert await app.s.users.roles_of(sergey.id) == ()
    left = {c["command"] for c in telegram.commands_shown(sergey.id, "ru")}
    assert "review" not in left and "roles" not in left and "apply" in left
    [denied] = await sergey.command("roles")
    assert "нет прав" in denied.content


async def test_staff_see_their_commands_in_their_language(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    # Erlan is in ADMIN_IDS: his first message brings him the whole staff list.
    await onboard(erlan, "ru")
    shown = [c["command"] for c in telegram.commands_shown(erlan.id, erlan.language_code)]
    assert shown[-5:] == ["review", "loans", "cohorts", "broadcasts", "roles"]
    calls = len(telegram.calls("setMyCommands"))
    await erlan.command("menu")
    assert len(telegram.calls("setMyCommands")) == calls, "published once, not per message"
    # A trainer sees the trainer's commands only, and a switch of language follows.
    await onboard(aigul, "kk")
    await app.s.users.grant(
        aigul.id, "trainer", program=None, region=None, granted_by=erlan.id, now=app.clock.now()
    )
    await aigul.command("menu")
    shown_kk = {c["command"]: c["description"] for c in telegram.commands_shown(aigul.id, "kk")}
    assert shown_kk["cohorts"] == "Оқу лектері" and shown_kk["apply"] == "Өтінім беру"
    assert "review" not in shown_kk and "loans" not in shown_kk
    await aigul.command("language")
    await aigul.press("Русский")
    await aigul.command("menu")
    shown_ru = {c["command"]: c["description"] for c in telegram.commands_shown(aigul.id, "kk")}
    assert shown_ru["cohorts"] == "Учебные потоки"


async def test_hidden_forward_asks_for_the_id(app: BotUnderTest, erlan: SimUser) -> None:
    await onboard(erlan, "ru")
    await erlan.command("roles")
    await erlan.press("➕ Выдать роль")
    [reply] = await erlan.forward_from(hidden_name="Скрытый Человек")
    assert "скрывает имя" in reply.content


async def test_roles_are_checked_on_the_server(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await app.s.users.grant(
        aigul.id, "trainer", program=None, region=None, granted_by=None, now=app.clock.now()
    )
    [grant] = await app.s.users.roles_of(aigul.id)
    [denied] = await aigul.command("roles")
    assert "рұқсатыңыз жоқ" in denied.content
    # A modified client forges the coordinator's buttons.
    for data in (
        f"role:revoke-yes:{grant.id}",
        "role:grant:",
        f"role:revoke:{grant.id}",
        "role:confirm:",
    ):
        await aigul.press_data(data)
        answer = telegram.chat(aigul.id).callback_answers[-1]
        assert "рұқсатыңыз жоқ" in answer.get("text", "")
    assert await app.s.users.roles_of(aigul.id) == (grant,)

    # A scoped coordinator is a coordinator, but does not hand out roles.
    await app.s.users.grant(
        aigul.id,
        "coordinator",
        program=None,
        region="almaty",
        granted_by=None,
        now=app.clock.now(),
    )
    await aigul.press_data(f"role:revoke-yes:{grant.id}")
    assert "рұқсатыңыз жоқ" in telegram.chat(aigul.id).callback_answers[-1].get("text", "")
    assert len(await app.s.users.roles_of(aigul.id)) == 2


async def test_wizard_buttons_out_of_order_are_stale(app: BotUnderTest, erlan: SimUser) -> None:
    await onboard(erlan, "ru")
    await erlan.command("roles")
    await erlan.press_data("role:confirm:")
    await erlan.press_data("role:region:almaty")
    answers = app.telegram.chat(erlan.id).callback_answers
    assert all("устарела" in a.get("text", "") for a in answers[-2:])
    await erlan.press_data("role:revoke:99999")
    assert "больше нет" in answers[-1].get("text", "")


async def test_grant_wizard_survives_a_restart(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await erlan.command("roles")
    await erlan.press("➕ Выдать роль")
    await erlan.send(str(sergey.id))
    await app.restart()
    await erlan.press("Бизнес-тренер")
    await erlan.press("Все программы")
    await erlan.press("Вся страна")
    await erlan.press("Подтвердить")
    [grant] = await app.s.users.roles_of(sergey.id)
    assert grant.role == "trainer"


async def test_cancel_leaves_the_wizard(app: BotUnderTest, erlan: SimUser) -> None:
    await onboard(erlan, "ru")
    await erlan.command("roles")
    await erlan.press("➕ Выдать роль")
    [cancelled] = await erlan.command("cancel")
    assert "Отменено" in cancelled.content
    [reply] = await erlan.send("12345")
    assert "Не понял" in reply.content
