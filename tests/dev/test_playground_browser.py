"""The playground's page in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven
by Playwright. A newcomer's first contact (/start, the language, consent) with the bot's HTML
rendered as Telegram renders it; every kind of formatting and a refused request; one tab where an
applicant applies (sharing her contact from the reply keyboard) and a coordinator approves; time
travel bringing a lesson; the phone-sized layout. Screenshots go to tests/artifacts/.

Skipped, with the reason, only where Chromium is not installed (.ci/run installs it).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.types import BufferedInputFile

pytest.importorskip(
    "playwright.async_api", reason="browser tests need playwright (pip install -e '.[dev]')"
)
from playwright.async_api import (
    Browser,
    FilePayload,
    Locator,
    Page,
    async_playwright,
    expect,
)

from bot.dev.fake_telegram import TINY_PNG
from bot.dev.playground import personas
from tests.playground_harness import (
    APPLICANT,
    COORDINATOR,
    NEWCOMER,
    TRAINEE,
    PlaygroundClient,
    running_playground,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason="browser tests need Chromium at /usr/bin/chromium (apt-get install chromium)",
)
expect.set_options(timeout=10_000)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def pg(tmp_path: Path) -> AsyncIterator[PlaygroundClient]:
    async with running_playground(tmp_path) as client:
        yield client


async def open_page(
    browser: Browser, pg: PlaygroundClient, *, width: int = 1200, height: int = 860
) -> tuple[Page, list[str]]:
    """The playground's page, loaded; the list collects the page's JavaScript errors."""
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    await page.goto(pg.url)
    await expect(page.locator("#personas .persona")).to_have_count(len(personas()))
    return page, errors


async def assert_clean(page: Page, errors: list[str]) -> None:
    """No JavaScript errors, and no "null" or "undefined" leaked into what the page shows."""
    assert errors == []
    shown = await page.locator("#app").inner_text()
    assert not re.search(r"\b(null|undefined|NaN)\b", shown), shown


async def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


async def be(page: Page, persona: int) -> None:
    """Switch to a persona in the sidebar (opening it first on a narrow screen)."""
    if await page.locator("#open-sidebar").is_visible():
        await page.click("#open-sidebar")
    await page.click(f'#personas [data-persona="{persona}"]')
    await expect(page.locator(f'#personas [data-persona="{persona}"]')).to_have_class(
        re.compile(r"\bcurrent\b")
    )


async def say(page: Page, text: str) -> None:
    await page.fill("#input", text)
    await page.press("#input", "Enter")


def last_bot(page: Page) -> Locator:
    return page.locator("#messages .row.bot").last


async def press(page: Page, label: str) -> None:
    """An inline button under the newest message that has it."""
    exact = re.compile(f"^{re.escape(label)}$")
    await page.locator(".inline-kb button", has_text=exact).last.click()


async def reply(page: Page, label: str) -> None:
    """A button of the reply keyboard."""
    await page.locator("#reply-keyboard button", has_text=label).click()


# -- first contact ------------------------------------------------------------------------------


async def test_a_newcomers_first_contact_renders_like_telegram(
    browser: Browser, pg: PlaygroundClient
) -> None:
    page, errors = await open_page(browser, pg)
    await be(page, NEWCOMER)
    await expect(page.locator("#start-bar")).to_be_visible()
    # Her Telegram app switches to Kazakh; the chat says so.
    await page.click(f'#personas [data-persona="{NEWCOMER}"] .langs [data-lang="kk"]')
    await expect(page.locator(".pill", has_text="Telegram app language: kk")).to_be_visible()
    assert pg.playground.sim(NEWCOMER).language_code == "kk"

    await say(page, "/start")
    await expect(page.locator("#messages .row.me").last).to_contain_text("/start")
    await expect(last_bot(page)).to_contain_text("Тілді таңдаңыз")
    await expect(page.locator("#start-bar")).to_be_hidden()
    await press(page, "Қазақша")
    # The same message is edited into the introduction: <b> from the bot is a bold element.
    await expect(last_bot(page).locator("b").first).to_have_text("Қош келдіңіз!")
    await expect(last_bot(page)).to_contain_text("edited")
    assert await page.locator("#messages .row.bot").count() == 1
    await press(page, "✅ Келісемін")
    await expect(page.locator("#reply-keyboard")).to_be_visible()
    await expect(page.locator("#reply-keyboard button", has_text="📝 Өтінім беру")).to_be_visible()
    await expect(last_bot(page)).to_contain_text("Басты мәзір")
    await screenshot(page, "playground-first-contact")
    await assert_clean(page, errors)


async def test_every_kind_of_formatting_and_a_refused_request(
    browser: Browser, pg: PlaygroundClient
) -> None:
    page, errors = await open_page(browser, pg)
    await be(page, APPLICANT)
    bot = pg.playground.world.bot
    await bot.send_message(
        APPLICANT,
        "<b>bold</b> <i>italic</i> <u>underline</u> <s>strike</s> "
        "<tg-spoiler>secret</tg-spoiler> <a href='https://example.kz/'>a link</a> "
        "<code>inline code</code>\n<pre><code class='language-python'>print('hi')</code></pre>"
        "<blockquote>a quote with <b>bold inside</b></blockquote>"
        "&lt;img src=x onerror=alert(1)&gt; stays text",
    )
    message = last_bot(page)
    await expect(message.locator("b").first).to_have_text("bold")
    await expect(message.locator("i")).to_have_text("italic")
    await expect(message.locator("u")).to_have_text("underline")
    await expect(message.locator("s")).to_have_text("strike")
    await expect(message.locator("code").first).to_have_text("inline code")
    await expect(message.locator("pre[data-language=python] code")).to_have_text("print('hi')")
    await expect(message.locator("blockquote b")).to_have_text("bold inside")
    link = message.locator("a", has_text="a link")
    await expect(link).to_have_attribute("href", "https://example.kz/")
    spoiler = message.locator(".spoiler")
    await expect(spoiler).not_to_have_class(re.compile("revealed"))
    await spoiler.click()
    await expect(spoiler).to_have_class(re.compile("revealed"))
    await expect(message).to_contain_text("<img src=x onerror=alert(1)> stays text")
    assert await message.locator("img").count() == 0, "text is never parsed as HTML"

    pg.expect_error("can't parse entities")
    with pytest.raises(Exception, match="can't parse entities"):
        await bot.send_message(APPLICANT, "<b>never closed")
    error = page.locator("#messages .error-note").last
    await expect(error).to_contain_text("Telegram refused sendMessage (400)")
    await expect(error).to_contain_text("can't parse entities")
    await expect(error.locator("pre")).to_have_text("<b>never closed")
    # The page keeps working after a refused request.
    await say(page, "/start")
    await expect(last_bot(page)).to_contain_text("Қайта қош келдіңіз, Дина!")
    await screenshot(page, "playground-formatting")
    await assert_clean(page, errors)


# -- the whole story in one tab -----------------------------------------------------------------


async def test_apply_then_approve_in_one_tab(browser: Browser, pg: PlaygroundClient) -> None:
    page, errors = await open_page(browser, pg)
    dina = next(p for p in personas() if p.id == APPLICANT)
    await be(page, APPLICANT)
    await say(page, "/start")
    await reply(page, "📝 Өтінім беру")
    await press(page, "Бастау Бизнес")
    await press(page, "📝 Өтінім беру")
    await expect(last_bot(page)).to_contain_text("18 жас")
    await press(page, "Иә")
    await expect(last_bot(page)).to_contain_text("(2/2)")
    await press(page, "Иә")
    await expect(last_bot(page)).to_contain_text("1/8")
    await say(page, "Оспанова Дина Маратқызы")
    await expect(last_bot(page)).to_contain_text("2/8")
    await say(page, dina.iin)
    await expect(last_bot(page)).to_contain_text("3/8")
    # The reply keyboard's request_contact button asks first, as Telegram does.
    await reply(page, "📱 Телефон нөмірімді жіберу")
    await expect(page.locator("#modal")).to_be_visible()
    await expect(page.locator("#modal-fields input")).to_have_value(dina.phone)
    await page.click("#modal .modal-ok")
    await expect(page.locator("#messages .row.me").last).to_contain_text(dina.phone)
    await expect(last_bot(page)).to_contain_text("4/8")
    await press(page, "Алматы облысы")
    await press(page, "Райымбек ауданы")
    await press(page, "Мал шаруашылығы, құс")
    await say(page, "Кегенде қой жүнінен киіз бұйымдар жасап, туристерге сатамын.")
    await press(page, "Тәжірибе жоқ")
    await press(page, "Қазақша")
    await expect(last_bot(page)).to_contain_text("Өтініміңізді тексеріңіз")
    await press(page, "✅ Тапсыру")
    await expect(last_bot(page)).to_contain_text("Өтініміңіз жіберілді")
    number = re.search(r"BB-\d{4}-\d{6}", await last_bot(page).inner_text())
    assert number is not None
    await screenshot(page, "playground-applied")

    await be(page, COORDINATOR)
    await say(page, "/start")
    await reply(page, "🗂 Өтінімдерді қарау")
    await page.locator(".inline-kb button", has_text=number.group()).last.click()
    await expect(last_bot(page)).to_contain_text("киіз бұйымдар")
    await press(page, "✅ Мақұлдау")
    await expect(last_bot(page).locator("b").first).to_have_text(number.group())
    await press(page, "✅ Иә, мақұлдау")
    await expect(page.locator("#toast")).to_contain_text("мақұлданды")
    # The decision reaches the applicant: her unread badge, then the message in her chat.
    await expect(page.locator(f'#personas [data-persona="{APPLICANT}"] .badge')).to_be_visible()
    await screenshot(page, "playground-approved")
    await be(page, APPLICANT)
    await expect(page.locator(f'#personas [data-persona="{APPLICANT}"] .badge')).to_have_count(0)
    await expect(last_bot(page)).to_contain_text("Құттықтаймыз")
    await expect(last_bot(page)).to_contain_text(number.group())
    await screenshot(page, "playground-decision-arrives")
    await assert_clean(page, errors)


# -- time travel, phones ------------------------------------------------------------------------


async def test_plus_a_day_brings_a_lesson(browser: Browser, pg: PlaygroundClient) -> None:
    page, errors = await open_page(browser, pg)
    await be(page, TRAINEE)
    await expect(page.locator("#waiting")).to_contain_text("message(s) queued")
    queued = page.locator(f'#personas [data-persona="{TRAINEE}"] .persona-wait')
    await expect(queued).to_contain_text("⏳1")
    before = await page.locator("#clock-now").inner_text()
    await page.click("#plus-day")
    await expect(page.locator(".pill", has_text="Time moves to")).to_be_visible()
    await expect(last_bot(page)).to_contain_text("урок 1/30")
    await expect(page.locator("#messages .row.day")).to_have_count(1)  # the day it came
    await expect(page.locator("#clock-now")).not_to_have_text(before)
    await press(page, "📖 Читать урок")
    await expect(last_bot(page)).to_contain_text("Задание на сегодня")
    await expect(last_bot(page).locator("a", has_text="Атамекен")).to_have_attribute(
        "href", "https://atameken.kz/"
    )
    await screenshot(page, "playground-time-travel")
    await assert_clean(page, errors)


async def test_a_phone_sized_screen(browser: Browser, pg: PlaygroundClient) -> None:
    page, errors = await open_page(browser, pg, width=390, height=844)
    await expect(page.locator("#sidebar")).not_to_be_in_viewport()
    await be(page, COORDINATOR)
    await expect(page.locator("#sidebar")).not_to_be_in_viewport()
    await expect(page.locator("#persona-chip")).to_contain_text("Айгүл")
    await page.click("#start-button")
    await expect(last_bot(page)).to_contain_text("Қайта қош келдіңіз, Айгүл!")
    await expect(page.locator("#reply-keyboard button", has_text="🗂")).to_be_visible()
    # «/» lists her commands, the coordinator's among them; tapping one sends it.
    await page.click("#commands-button")
    review = page.locator("#commands-menu button", has_text="/review")
    await expect(review).to_contain_text("Өтінімдерді қарау")
    await review.click()
    await expect(page.locator("#messages .row.me").last).to_contain_text("/review")
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing sticks out sideways"
    await screenshot(page, "playground-phone")
    await assert_clean(page, errors)


async def test_attachments_both_ways_and_a_deletion(
    browser: Browser, pg: PlaygroundClient
) -> None:
    page, errors = await open_page(browser, pg)
    await be(page, APPLICANT)
    await say(page, "/start")
    await expect(last_bot(page)).to_contain_text("Қайта қош келдіңіз")

    # 📎 → File and 📎 → Photo: what the person picks is uploaded and shown on their side.
    await page.click("#attach-button")
    async with page.expect_file_chooser() as chooser:
        await page.click('#attach-menu [data-attach="document"]')
    plan = FilePayload(name="biznes-jospar.pdf", mimeType="application/pdf", buffer=b"%PDF-1.4")
    await (await chooser.value).set_files(files=[plan])
    mine = page.locator("#messages .row.me")
    await expect(mine.last.locator(".file-name")).to_have_text("biznes-jospar.pdf")
    place = FilePayload(name="orny.png", mimeType="image/png", buffer=TINY_PNG)
    await page.set_input_files("#photo-input", files=[place])
    photo = mine.last.locator("img.photo")
    await expect(photo).to_be_visible()
    assert await photo.evaluate("img => img.complete && img.naturalWidth") == 1

    # 📎 → Voice note and 📎 → Location ask first, as Telegram does.
    await page.click("#attach-button")
    await page.click('#attach-menu [data-attach="voice"]')
    await page.fill("#modal-fields input", "12")
    await page.click("#modal .modal-ok")
    await expect(page.locator(".row.me .file-name", has_text="Voice message")).to_be_visible()
    await expect(page.locator(".row.me .file-size").last).to_contain_text("0:12")
    await page.click("#attach-button")
    await page.click('#attach-menu [data-attach="location"]')
    await page.click("#modal .modal-ok")
    await expect(mine.last).to_contain_text("Location 43.23895, 76.88971")

    # The bot sends a calendar file: a download link with the right type; then deletes it.
    sent = await pg.playground.world.bot.send_document(
        APPLICANT, BufferedInputFile(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "webinar.ics")
    )
    # Found by its name, not as the newest message: the bot's answer to the location may land
    # after it.
    card = page.locator("#messages .row.bot a.file", has_text="webinar.ics")
    await expect(card.locator(".file-name")).to_have_text("webinar.ics")
    href = await card.get_attribute("href")
    assert href is not None
    response = await page.request.get(pg.url + href)
    assert response.headers["content-type"] == "text/calendar"
    assert 'filename="webinar.ics"' in response.headers["content-disposition"]
    assert await response.body() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    count = await page.locator("#messages .row.bot").count()
    await pg.playground.world.bot.delete_message(APPLICANT, sent.message_id)
    await expect(page.locator("#messages .row.bot")).to_have_count(count - 1)
    await expect(page.locator("#messages a.file", has_text="webinar.ics")).to_have_count(0)
    await screenshot(page, "playground-attachments")
    await assert_clean(page, errors)
