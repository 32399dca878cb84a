"""The rules of an application hold whatever path leads to them (issue 20, «Applications and
privacy»): files stay until the applicant replaces them and submission counts the real files; the
window is checked on submission and the draft reminder knows the close; the ИИН is held against
the eligibility rules it can prove; without consent nothing personal is kept or submitted.

Conversations go through the real dispatcher and the fake Bot API, in Kazakh and Russian."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.applications.service import ApplicationClosed, FilesMissing, NotEligible
from bot.dev.fake_telegram import SimUser
from tests.applications.test_apply import AIGUL_IIN, SERGEY_IIN, iin, only_application
from tests.conftest import BotUnderTest, alert, deliver, onboard

CHILD_IIN = iin("150310", 6, "1000")  # a girl born on 10 March 2015


async def begin(person: SimUser, program: str, yes: int = 2) -> None:
    """Open a program from the catalogue and answer «yes» to its eligibility questions."""
    ru = person.language_code == "ru"
    apply = "📝 Подать заявку" if ru else "📝 Өтінім беру"
    await person.press(apply)
    await person.press(program)
    await person.press(apply)
    for _ in range(yes):
        await person.press("Да" if ru else "Иә")


async def zharkyra_to_files_ru(sergey: SimUser) -> None:
    """Сергей answers «Жарқыра» up to its files question (the business plan)."""
    await begin(sergey, "Жарқыра")
    await sergey.send("Ким Сергей Викторович")
    await sergey.send(SERGEY_IIN)
    await sergey.send("8 (701) 234-56-78")
    districts = (await sergey.press("Атырауская область"))[-1]
    await sergey.press(districts.buttons()[0])
    await sergey.press("Ещё не зарегистрирован")
    await sergey.press("Пропустить ›")
    await sergey.send("Мастерская для людей с инвалидностью")
    await sergey.send("Ремонт обуви и одежды, где работают люди на колясках. " * 2)
    await sergey.press("▫️ Люди с инвалидностью")
    await sergey.press("✅ Готово")
    await sergey.send("1 500 000")
    files = (await sergey.send("4"))[-1]
    assert "Бизнес-план" in files.content


async def one_village_to_photos_kk(aigul: SimUser) -> None:
    """Айгүл answers «Бір ауыл – бір өнім» up to its photos question (at least one photo)."""
    await begin(aigul, "Бір ауыл – бір өнім", 1)
    await aigul.send("Серікова Айгүл Болатқызы")
    await aigul.send(AIGUL_IIN)
    await aigul.share_contact("+77012345678")
    await aigul.press("Алматы облысы")
    await aigul.press("Кеген ауданы")
    await aigul.send("Кеген қымызы")
    await aigul.send("Қымызды биенің сүтінен жасаймыз, тері саба мен ағаш күбіде ашытамыз.")
    await aigul.send("300 литр")
    await aigul.press("Иә")
    await aigul.press("Жоқ")
    photos = (await aigul.send("2 000 000"))[-1]
    assert "Өнімнің фотосуреттері" in photos.content


# -- 15: editing a files field keeps the files ------------------------------------------------


async def test_editing_the_files_field_keeps_the_files_in_russian(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await zharkyra_to_files_ru(sergey)
    await sergey.send_photo()
    reply = (await sergey.send_document(file_name="plan.pdf"))[-1]
    assert "Отправлено файлов: 2 из 3" in reply.content
    await sergey.press("✅ Готово")
    summary = (await sergey.send("sergey@mail.kz"))[-1]
    assert "📎 2" in summary.content
    draft = await only_application(app, sergey)

    await sergey.press("✏️ Изменить ответ")
    field = (await sergey.press("Бизнес-план или описание проекта (необязательно)"))[-1]
    assert "Отправлено файлов: 2 из 3" in field.content, "the files are still there"
    assert len(await app.s.applications.repo.files(draft.id, "plan")) == 2
    await sergey.press("Оставить как есть ›")
    await sergey.press("✅ Подать")
    submitted = await only_application(app, sergey)
    assert submitted.status == "submitted" and submitted.answers["plan"] == 2
    assert len(await app.s.applications.repo.files(draft.id, "plan")) == 2


async def test_files_go_only_when_she_replaces_them_in_kazakh(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await one_village_to_photos_kk(aigul)
    await aigul.send_photo()
    summary = (await aigul.press("✅ Дайын"))[-1]
    assert "Өтініміңізді тексеріңіз" in summary.content
    draft = await only_application(app, aigul)

    await aigul.press("✏️ Жауапты өзгерту")
    field = (await aigul.press("Өнімнің фотосуреттері"))[-1]
    assert "Жіберілген файлдар: 1 / 5" in field.content
    assert "🗑 Бұл файлдарды өшіріп, жаңасын жіберу" in field.buttons()
    assert len(await app.s.applications.repo.files(draft.id, "photos")) == 1
    emptied = (await aigul.press("🗑 Бұл файлдарды өшіріп, жаңасын жіберу"))[-1]
    assert "Файлдар өшірілді" in alert(aigul)
    assert "Жіберілген файлдар: 0 / 5" in emptied.content
    assert await app.s.applications.repo.files(draft.id, "photos") == []
    await aigul.press("✅ Дайын")
    assert "кемінде 1" in alert(aigul) or "1 файл" in alert(aigul)
    await aigul.send_photo()
    await aigul.send_photo()
    summary = (await aigul.press("✅ Дайын"))[-1]
    assert "📎 2" in summary.content
    await aigul.press("✅ Тапсыру")
    assert (await only_application(app, aigul)).status == "submitted"


async def test_submission_counts_the_real_files(app: BotUnderTest, aigul: SimUser) -> None:
    """Whatever path left the answer saying 2, a required files field with no file rows is not
    submitted."""
    await onboard(aigul, "kk")
    service = app.s.applications
    repo, now = service.repo, app.clock.now()
    draft = await repo.create_draft(aigul.id, "one_village", now)
    for field in service.program_of(draft).fields:
        value = 2 if field.type == "attachments" else "x"
        await repo.save_answer(draft.id, field.code, value, step=None, now=now)
    with pytest.raises(FilesMissing):
        await service.submit(await repo.require(draft.id))
    assert (await repo.require(draft.id)).status == "draft"


# -- 16: the window is checked on submission ----------------------------------------------------


async def test_an_old_summary_cannot_submit_after_the_close_in_russian(
    app: BotUnderTest, sergey: SimUser
) -> None:
    app.clock.set(datetime(2026, 12, 13, 6, 0, tzinfo=UTC))
    await onboard(sergey, "ru")
    await zharkyra_to_files_ru(sergey)
    await sergey.press("✅ Готово")
    summary = (await sergey.send("sergey@mail.kz"))[-1]
    assert "Проверьте заявку" in summary.content
    app.clock.set(datetime(2026, 12, 16, 6, 0, tzinfo=UTC))  # «Жарқыра» closed on the 15th
    closed = (await sergey.press("✅ Подать"))[-1]
    assert "Приём заявок в программу «Жарқыра» закончился 15 декабря 2026" in closed.content
    application = await only_application(app, sergey)
    assert application.status == "draft" and application.number is None
    # The service says the same whatever button leads there.
    with pytest.raises(ApplicationClosed):
        await app.s.applications.submit(application)


async def test_an_old_summary_cannot_submit_after_the_close_in_kazakh(
    app: BotUnderTest, aigul: SimUser
) -> None:
    app.clock.set(datetime(2026, 11, 30, 6, 0, tzinfo=UTC))
    await onboard(aigul, "kk")
    await one_village_to_photos_kk(aigul)
    await aigul.send_photo()
    summary = (await aigul.press("✅ Дайын"))[-1]
    assert "Өтініміңізді тексеріңіз" in summary.content
    app.clock.set(datetime(2026, 12, 2, 6, 0, tzinfo=UTC))  # closed on 1 December
    closed = (await aigul.press("✅ Тапсыру"))[-1]
    assert "өтінім қабылдау аяқталды (соңғы күні: " in closed.content
    assert "1 желтоқсан" in closed.content
    assert (await only_application(app, aigul)).status == "draft"


async def test_the_draft_reminder_says_the_days_left_and_none_after_the_close(
    app: BotUnderTest, sergey: SimUser, aigul: SimUser
) -> None:
    app.clock.set(datetime(2026, 12, 5, 6, 0, tzinfo=UTC))
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await begin(sergey, "Жарқыра")
    await begin(aigul, "Жарқыра")
    app.clock.set(datetime(2026, 12, 12, 7, 0, tzinfo=UTC))
    assert (await app.s.planners.run(app.clock.now()))["application-drafts"] == 2
    await deliver(app)
    ru = await sergey.wait_for_message(lambda m: "заполнена не до конца" in m.content)
    assert "закрывается через 3 дня, 15 декабря 2026" in ru.content
    kk = await aigul.wait_for_message(lambda m: "толтырылмай қалды" in m.content)
    assert "аяқталуына 3 күн қалды (соңғы күні: " in kk.content
    assert "15 желтоқсан" in kk.content


async def test_no_draft_reminder_after_the_close(app: BotUnderTest, sergey: SimUser) -> None:
    app.clock.set(datetime(2026, 12, 10, 6, 0, tzinfo=UTC))
    await onboard(sergey, "ru")
    await begin(sergey, "Жарқыра")
    app.clock.set(datetime(2026, 12, 18, 6, 0, tzinfo=UTC))
    assert (await app.s.planners.run(app.clock.now()))["application-drafts"] == 0
    await deliver(app)
    assert not [m for m in sergey.chat.bot_messages() if "заполнена не до конца" in m.content]


async def test_a_reminder_planned_before_the_close_is_not_sent_after_it(
    app: BotUnderTest, sergey: SimUser
) -> None:
    app.clock.set(datetime(2026, 12, 5, 6, 0, tzinfo=UTC))
    await onboard(sergey, "ru")
    await begin(sergey, "Жарқыра")
    app.clock.set(datetime(2026, 12, 15, 18, 0, tzinfo=UTC))  # 23:00 on the last day
    assert (await app.s.planners.run(app.clock.now()))["application-drafts"] == 1
    app.clock.advance(timedelta(hours=10))  # sent only after the close (an outage, quiet hours)
    await deliver(app)
    assert not [m for m in sergey.chat.bot_messages() if "заполнена не до конца" in m.content]


# -- 17: the ИИН against the eligibility answers ------------------------------------------------


async def test_a_child_iin_is_refused_after_yes_to_18_in_russian(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await sergey.press("📝 Подать заявку")
    await sergey.press("Бастау Бизнес")
    question = (await sergey.press("📝 Подать заявку"))[-1]
    assert "Вам уже исполнилось 18 лет?" in question.content
    await sergey.press("Да")
    await sergey.press("Да")
    await sergey.send("Ким Сергей Викторович")
    refused = (await sergey.send(CHILD_IIN))[-1]
    assert "По ИИН ваша дата рождения — 10 марта 2015" in refused.content
    assert "от 18 лет" in refused.content and "2/8" in refused.content
    assert "iin" not in (await only_application(app, sergey)).answers
    reply = (await sergey.send(SERGEY_IIN))[-1]
    assert "3/8" in reply.content


async def test_a_child_iin_is_refused_after_yes_to_18_in_kazakh(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await begin(aigul, "Бастау Бизнес")
    await aigul.send("Серікова Айгүл Болатқызы")
    refused = (await aigul.send(CHILD_IIN))[-1]
    assert "ЖСН бойынша туған күніңіз: " in refused.content
    assert "10 наурыз" in refused.content
    assert "18 жасқа толған" in refused.content and "2/8" in refused.content
    assert "iin" not in (await only_application(app, aigul)).answers


async def test_the_service_refuses_a_child_iin_on_every_path(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    service = app.s.applications
    repo, now = service.repo, app.clock.now()
    draft = await repo.create_draft(aigul.id, "bastau", now)
    program = service.program_of(draft)
    iin_field = program.field("iin")
    assert iin_field is not None
    with pytest.raises(NotEligible):
        await service.save_answer(draft, iin_field, CHILD_IIN, step=None)
    for field in program.fields:  # a draft written around the form
        value = CHILD_IIN if field.type == "iin" else "x"
        await repo.save_answer(draft.id, field.code, value, step=None, now=now)
    with pytest.raises(NotEligible):
        await service.submit(await repo.require(draft.id))
    # What the ИИН cannot prove stays a declared answer: «Жарқыра» has no age rule.
    other = await repo.create_draft(aigul.id, "zharkyra", now)
    await service.save_answer(other, iin_field, CHILD_IIN, step=None)


# -- 18: consent withdrawn mid-form ---------------------------------------------------------------


async def test_withdrawn_consent_stops_collection_in_russian(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await begin(sergey, "Бастау Бизнес")
    await sergey.send("Ким Сергей Викторович")
    await sergey.send(SERGEY_IIN)
    await sergey.command("privacy")
    await sergey.press("Отозвать согласие")
    assert (await app.s.users.require(sergey.id)).consent_at is None
    refused = (await sergey.share_contact("+77012345678"))[-1]
    assert "Без вашего согласия мы не храним" in refused.content
    assert refused.buttons() == ["✅ Дать согласие", "Позже"]
    assert "phone" not in (await only_application(app, sergey)).answers
    question = (await sergey.press("✅ Дать согласие"))[-1]
    assert "3/8 · Контактный телефон" in question.content
    await sergey.share_contact("+77012345678")
    assert (await only_application(app, sergey)).answers["phone"] == "+77012345678"


async def test_no_submission_without_consent_in_kazakh(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    await begin(aigul, "Бастау Бизнес")
    await aigul.send("Серікова Айгүл Болатқызы")
    await aigul.send(AIGUL_IIN)
    await aigul.share_contact("+77012345678")
    await aigul.press("Алматы облысы")
    await aigul.press("Райымбек ауданы")
    await aigul.press("Мал шаруашылығы, құс")
    await aigul.send("Кегенде қой жүнінен киіз бұйымдар жасап, туристерге сатқым келеді.")
    await aigul.press("Тәжірибе жоқ")
    summary = (await aigul.press("Қазақша"))[-1]
    await aigul.command("privacy")
    await aigul.press("Келісімді қайтарып алу")
    assert "✅ Тапсыру" in summary.buttons()
    refused = (await aigul.press("✅ Тапсыру"))[-1]
    assert "Келісіміңізсіз" in refused.content
    assert refused.buttons()[0] == "✅ Келісім беру"
    assert (await only_application(app, aigul)).status == "draft"
    again = (await aigul.press("✅ Келісім беру"))[-1]
    assert "Өтініміңізді тексеріңіз" in again.content
    await aigul.press("✅ Тапсыру")
    assert (await only_application(app, aigul)).status == "submitted"


def test_the_native_review_wording_of_the_application_texts() -> None:
    """l10n-review.md #2, #6, #8, #16, #39: kk dates as a label or with «күнінен»; ru counts
    with their forms, not «дн.», «симв.», «мин.»."""
    from bot.core.i18n import Translations

    translations = Translations.from_dir()
    kk, ru = translations.get("kk"), translations.get("ru")
    assert "соңғы күні:</b> 31" in kk("apply-card-closes", date="31 желтоқсан")
    assert kk("form-error-date-too-early", min="X") == "Күн X күнінен ерте болмауы керек."
    assert kk("form-error-date-too-late", max="X") == "Күн X күнінен кеш болмауы керек."
    assert "заңды тұлғаның БСН-і емес" in kk("form-error-bin-type")
    assert kk("form-error-voice-too-long", max=5).startswith("Дауыстық хабар")
    assert [ru("apply-card-review", days=n).split()[-2:] for n in (1, 3, 30)] == [
        ["1", "дня"],
        ["3", "дней"],
        ["30", "дней"],
    ]
    assert "хотя бы 1 символ," in ru("form-error-text-too-short", min=1, count=0)
    assert "хотя бы 3 символа," in ru("form-error-text-too-short", min=3, count=0)
    assert "не больше 21 символа," in ru("form-error-text-too-long", max=21, over=2)
    assert "не длиннее 5 минут." in ru("form-error-voice-too-long", max=5)
    assert "за 21 день." in ru("apply-submitted", number="N", program="P", days=21)
