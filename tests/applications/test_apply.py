"""Applying by chat, as applicants do it, in Kazakh and Russian, through the fake Bot API:
complete applications, bad input, drafts across a restart, a language switch mid-form, edits from
the summary, withdrawal, forged buttons and the forgotten-draft reminder."""

from __future__ import annotations

from datetime import timedelta

from bot.core.validators import check_digit
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import ApplyCb
from storage.applications import Application
from tests.conftest import BotUnderTest, alert, onboard


def iin(birth: str, century: int, serial: str = "3001") -> str:
    """A real-format ИИН: birth date YYMMDD, century/sex digit, serial, the check digit."""
    for tail in (serial, "3002", "3003", "3004"):
        first11 = f"{birth}{century}{tail}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
    raise AssertionError("no valid ИИН for this prefix")


AIGUL_IIN = iin("850312", 4)  # a woman born in 1985
SERGEY_IIN = iin("900101", 3)  # a man born in 1990


async def only_application(app: BotUnderTest, user: SimUser) -> Application:
    found = (await app.s.applications.repo.of_user(user.id))[-1]
    return found


async def start_bastau_kk(aigul: SimUser) -> None:
    """Айгүл opens the catalogue and passes the eligibility questions of «Бастау Бизнес»."""
    programs = (await aigul.press("📝 Өтінім беру"))[-1]
    assert "Қай бағдарламаға" in programs.content
    assert programs.buttons() == [
        "Бастау Бизнес",
        "Жарқыра",
        "Бір ауыл – бір өнім",
        "Әлеуметтік идеялар мен жобалар жәрмеңкесі",
    ]
    card = (await aigul.press("Бастау Бизнес"))[-1]
    assert "30 күндік оқыту" in card.content and "шамамен 10 күн" in card.content
    question = (await aigul.press("📝 Өтінім беру"))[-1]
    assert "Сізге 18 жас толды ма?" in question.content and "(1/2)" in question.content
    await aigul.press("Иә")
    replies = await aigul.press("Иә")
    assert "1/8 · Тегіңіз, атыңыз" in replies[-1].content


async def test_aigul_applies_to_bastau_in_kazakh(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    await start_bastau_kk(aigul)
    reply = (await aigul.send("Серікова Айгүл Болатқызы"))[-1]
    assert "2/8 · ЖСН" in reply.content

    bad = AIGUL_IIN[:-1] + str((int(AIGUL_IIN[-1]) + 1) % 10)
    reply = (await aigul.send(bad))[-1]
    assert "бақылау цифры сәйкес келмейді" in reply.content and "2/8" in reply.content
    reply = (await aigul.send(AIGUL_IIN[:11]))[-1]
    assert "11 цифр жаздыңыз" in reply.content
    reply = (await aigul.send("ЖСН-ім жоқ"))[-1]
    assert "тек цифрлардан" in reply.content
    reply = (await aigul.send(f"{AIGUL_IIN[:6]} {AIGUL_IIN[6:]}"))[-1]
    assert "3/8 · Байланыс телефоны" in reply.content
    assert "📱 Телефон нөмірімді жіберу" in aigul.reply_buttons()

    reply = (await aigul.share_contact("+77019998877", own=False))[-1]
    assert "басқа адамның контактісі" in reply.content
    reply = (await aigul.send("+49 30 1234567"))[-1]
    assert "Қазақстандық нөмір керек" in reply.content
    reply = (await aigul.share_contact("+77012345678"))[-1]
    assert "4/8 · Облысыңыз бен ауданыңыз" in reply.content
    districts = (await aigul.press("Алматы облысы"))[-1]
    assert "Алматы облысы: ауданды таңдаңыз" in districts.content
    assert "Райымбек ауданы" in districts.buttons()
    sector = (await aigul.press("Райымбек ауданы"))[-1]
    assert "5/8" in sector.content
    await aigul.press("Мал шаруашылығы, құс")
    reply = (await aigul.send_sticker())[-1]
    assert "мәтін күтемін" in reply.content and "6/8" in reply.content
    reply = (await aigul.send("Қой"))[-1]
    assert "Тым қысқа" in reply.content
    reply = (await aigul.send_voice(duration=45))[-1]
    assert "7/8" in reply.content
    await aigul.press("Тәжірибе жоқ")
    summary = (await aigul.press("Қазақша"))[-1]
    assert "Өтініміңізді тексеріңіз: Бастау Бизнес" in summary.content
    assert "+7 701 234 56 78" in summary.content
    assert "Алматы облысы, Райымбек ауданы" in summary.content
    assert "🎤 0:45" in summary.content

    # Edit one answer from the summary: the voice becomes text.
    which = (await aigul.press("✏️ Жауапты өзгерту"))[-1]
    assert "Қай жауапты өзгертесіз?" in which.content
    await aigul.press("Бизнес-идеяңызды қысқаша сипаттаңыз")
    idea = "Кегенде қой жүнінен киіз бұйымдар жасап, туристерге сатқым келеді. <b>Сұраныс бар</b>."
    summary = (await aigul.send(idea))[-1]
    assert "киіз бұйымдар" in summary.content and "&lt;b&gt;" in (summary.html or "")

    replies = await aigul.press("✅ Тапсыру")
    done = replies[-1]
    assert "Өтініміңіз жіберілді" in done.content and "BB-2026-000001" in done.content
    assert "шамамен 10 күн" in done.content
    application = await only_application(app, aigul)
    assert application.status == "submitted" and application.number == "BB-2026-000001"
    assert application.answers["iin"] == AIGUL_IIN
    assert application.answers["phone"] == "+77012345678"
    assert application.answers["region"] == {"region": "almaty", "district": "raiymbek"}
    assert application.region == "almaty" and application.district == "raiymbek"

    # The old summary's buttons do nothing twice.
    await aigul.press_data(ApplyCb(action="submit", app=application.id).pack(), summary.message_id)
    assert "тапсырылған" in alert(aigul)
    # A second attempt opens the existing application.
    await aigul.press("📝 Өтінім беру")
    card = (await aigul.press("Бастау Бизнес"))[-1]
    assert "Сіздің өтініміңіз бар: BB-2026-000001" in card.content
    assert "📄 Өтінімді ашу" in card.buttons()


async def test_sergey_applies_to_zharkyra_in_russian_with_bad_input(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await sergey.press("📝 Подать заявку")
    await sergey.press("Жарқыра")
    await sergey.press("📝 Подать заявку")
    await sergey.press("Да")
    await sergey.press("Да")
    await sergey.send("Ким Сергей Викторович")
    await sergey.send(SERGEY_IIN)
    reply = (await sergey.send("8 (701) 234-56-78"))[-1]
    assert "4/13" in reply.content
    districts = (await sergey.press("Атырауская область"))[-1]
    await sergey.press(districts.buttons()[0])
    bin_question = (await sergey.press("Ещё не зарегистрирован"))[-1]
    assert "БИН организации" in bin_question.content and "Необязательно" in bin_question.content
    reply = (await sergey.press("Пропустить ›"))[-1]
    assert "7/13 · Название проекта" in reply.content
    await sergey.send("Мастерская для людей с инвалидностью")
    reply = (await sergey.send("Ремонт обуви и одежды, где работают люди на колясках. " * 2))[-1]
    assert "Кому поможет проект?" in reply.content
    await sergey.press("▫️ Люди с инвалидностью")
    ticked = (await sergey.press("▫️ Женщины"))[-1]
    assert "✅ Люди с инвалидностью" in ticked.buttons() and "✅ Женщины" in ticked.buttons()
    reply = (await sergey.press("✅ Готово"))[-1]
    assert "Какая сумма займа нужна?" in reply.content

    reply = (await sergey.send("1,5 млн"))[-1]
    assert "цифрами, а не словами" in reply.content and "1 500 000" in reply.content.replace(
        "\u00a0", " "
    )
    reply = (await sergey.send("7 000 000"))[-1]
    assert "Максимальная сумма — 5\u00a0000\u00a0000\u00a0₸" in reply.content
    reply = (await sergey.send("-5000"))[-1]
    assert "отрицательной" in reply.content
    reply = (await sergey.send("1 500 000 тг"))[-1]
    assert "рабочих мест" in reply.content
    reply = (await sergey.send("три"))[-1]
    assert "Напишите числом" in reply.content
    files = (await sergey.send("4"))[-1]
    assert "Бизнес-план" in files.content and "Отправлено файлов: 0 из 3" in files.content
    reply = (await sergey.send_document(file_size=30 * 1024 * 1024, file_name="plan.pdf"))[-1]
    assert "Файл слишком большой (30 МБ). Максимум — 10 МБ" in reply.content
    reply = (await sergey.send_sticker())[-1]
    assert "пришлите фото или файл" in reply.content
    reply = (await sergey.send_document(file_name="plan.pdf"))[-1]
    assert "Отправлено файлов: 1 из 3" in reply.content
    email = (await sergey.press("✅ Готово"))[-1]
    assert "Электронная почта" in email.content
    reply = (await sergey.send("sergey@@mail"))[-1]
    assert "Не похоже на адрес" in reply.content
    summary = (await sergey.send("Sergey.Kim@Mail.KZ"))[-1]
    assert "Проверьте заявку: Жарқыра" in summary.content
    assert "1\u00a0500\u00a0000\u00a0₸" in summary.content
    assert "Люди с инвалидностью, Женщины" in summary.content
    await sergey.press("✅ Подать")
    application = await only_application(app, sergey)
    assert application.number == "ZH-2026-000001"
    assert application.answers["amount"] == 1_500_000 and application.answers["bin"] is None
    assert application.answers["email"] == "Sergey.Kim@mail.kz"
    files_stored = await app.s.applications.repo.files(application.id, "plan")
    assert [f.file_name for f in files_stored] == ["plan.pdf"]


async def test_a_draft_survives_a_restart_and_cancel(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    await start_bastau_kk(aigul)
    await aigul.send("Серікова Айгүл Болатқызы")
    await app.restart()
    reply = (await aigul.send(AIGUL_IIN))[-1]
    assert "3/8 · Байланыс телефоны" in reply.content
    menu = (await aigul.command("cancel"))[-1]
    assert "Әрекет тоқтатылды" in menu.content
    programs = (await aigul.press("📝 Өтінім беру"))[-1]
    assert "▶️ Бастау Бизнес (жалғастыру)" in programs.buttons()
    card = (await aigul.press("▶️ Бастау Бизнес (жалғастыру)"))[-1]
    assert card.buttons()[0] == "▶️ Жалғастыру"
    question = (await aigul.press("▶️ Жалғастыру"))[-1]
    assert "3/8 · Байланыс телефоны" in question.content
    draft = await only_application(app, aigul)
    assert draft.answers == {"full_name": "Серікова Айгүл Болатқызы", "iin": AIGUL_IIN}


async def test_going_back_keeps_answers(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    await start_bastau_kk(aigul)
    await aigul.send("Серікова Айгүл Болатқызы")
    await aigul.send(AIGUL_IIN)
    back = (await aigul.press("‹ Артқа"))[-1]  # on the phone question's keyboard
    assert "2/8 · ЖСН" in back.content and f"Қазіргі жауап: {AIGUL_IIN}" in back.content
    phone = (await aigul.press("Өзгертпеу ›"))[-1]
    assert "3/8" in phone.content


async def test_switching_language_mid_form_keeps_the_answers(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await start_bastau_kk(aigul)
    await aigul.send("Серікова Айгүл Болатқызы")
    await aigul.command("language")
    replies = await aigul.press("Русский")
    assert "2/8 · ИИН (12 цифр)" in replies[-1].content
    reply = (await aigul.send(AIGUL_IIN))[-1]
    assert "3/8 · Контактный телефон" in reply.content
    draft = await only_application(app, aigul)
    assert draft.answers["full_name"] == "Серікова Айгүл Болатқызы"


async def test_not_eligible_is_told_kindly(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru")
    await sergey.press("📝 Подать заявку")
    await sergey.press("Бастау Бизнес")
    await sergey.press("📝 Подать заявку")
    stop = (await sergey.press("Нет"))[-1]
    assert "эта программа вам не подходит" in stop.content
    assert "Возвращайтесь, когда вам исполнится 18" in stop.content
    assert "Жарқыра" in stop.buttons()
    assert await app.s.applications.repo.of_user(sergey.id) == []


async def test_consent_comes_first(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru", consent=False)
    reply = (await sergey.press("📝 Подать заявку"))[-1]
    assert "только с вашего согласия" in reply.content
    programs = (await sergey.press("✅ Дать согласие"))[-1]
    assert "Жарқыра" in programs.buttons()
    assert (await app.s.users.require(sergey.id)).consent_at is not None


async def test_withdraw_then_apply_again(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    await start_bastau_kk(aigul)
    await aigul.press("Кейінірек")
    listing = (await aigul.press("📋 Менің өтінімдерім"))[-1]
    [line] = listing.buttons()
    assert "толтырылуда" in line
    card = (await aigul.press(line))[-1]
    await aigul.press("↩ Өтінімді кері алу")
    card = (await aigul.press("Иә, кері алу"))[-1]
    assert "кері алынды" in card.content
    assert (await only_application(app, aigul)).status == "withdrawn"
    await aigul.press("📝 Өтінім беру")
    await aigul.press("Бастау Бизнес")
    await aigul.press("📝 Өтінім беру")
    assert len(await app.s.applications.repo.of_user(aigul.id)) == 1, "not before eligibility"


async def test_someone_elses_application_is_refused(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await start_bastau_kk(aigul)
    theirs = await only_application(app, aigul)
    for action in ("open", "cont", "wd", "wdy", "submit", "editf"):
        await sergey.press_data(ApplyCb(action=action, app=theirs.id, value="iin").pack())
        assert "нет прав" in alert(sergey)
    assert (await only_application(app, aigul)).status == "draft"


async def test_a_forgotten_draft_gets_one_reminder(
    app: BotUnderTest, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    await sergey.press("📝 Подать заявку")
    await sergey.press("Жарқыра")
    await sergey.press("📝 Подать заявку")
    await sergey.press("Да")
    await sergey.press("Да")
    await sergey.press("Позже")
    planners = app.s.planners
    planned = await planners.run(app.clock.now() + timedelta(days=6))
    assert planned["application-drafts"] == 0
    app.clock.advance(timedelta(days=7, hours=1))
    assert (await planners.run(app.clock.now()))["application-drafts"] == 1
    assert (await planners.run(app.clock.now()))["application-drafts"] == 0
    await app.engine.run_once()
    notice = await sergey.wait_for_message(lambda m: "заполнена не до конца" in m.content)
    assert "«Жарқыра»" in notice.content
    question = (await sergey.press("▶️ Продолжить заполнение"))[-1]
    assert "1/13 · Фамилия, имя и отчество" in question.content


async def test_approval_hooks_run_for_their_program_kind(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    called: list[tuple[str, str]] = []

    async def enrol(application: Application, program: object, reviewer: int) -> None:
        called.append((application.program, str(reviewer)))

    service = app.s.applications
    service.on_approved("training", enrol)
    repo = service.repo
    draft = await repo.create_draft(aigul.id, "bastau", app.clock.now())
    program = service.program_of(draft)
    for field in program.fields:
        await repo.save_answer(draft.id, field.code, "x", step=None, now=app.clock.now())
    submitted = await service.submit(await repo.require(draft.id))
    await service.approve(submitted, 2001)
    assert called == [("bastau", "2001")]
    events = await repo.events(draft.id)
    assert [(e.from_status, e.to_status, e.actor_id) for e in events] == [
        ("draft", "submitted", aigul.id),
        ("submitted", "approved", 2001),
    ]
    await app.engine.run_once()
    notice = await aigul.wait_for_message(lambda m: "мақұлданды" in m.content)
    assert "BB-2026-000001" in notice.content and "(Бастау Бизнес)" in notice.content
