"""The playground through its HTTP API, without a browser: the page and its files, personas and
their client language, the whole apply → review → approve → notice story across two people,
files both ways, refused requests shown in the chat, the movable clock, the event stream, reset,
and `python -m bot playground` as a real process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram.exceptions import TelegramBadRequest
from openpyxl import load_workbook

from bot.dev.fake_telegram import TINY_PNG
from bot.dev.playground import MovableClock, personas
from bot.dev.playground.seed import DEMO_COHORT_CODE
from tests.playground_harness import (
    APPLICANT,
    COORDINATOR,
    NEWCOMER,
    TRAINEE,
    PlaygroundClient,
    buttons,
    content,
    running_playground,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def pg(tmp_path: Path) -> AsyncIterator[PlaygroundClient]:
    async with running_playground(tmp_path) as client:
        yield client


async def apply_to_bastau(pg: PlaygroundClient, persona: int) -> str:
    """Дина applies to «Бастау Бизнес» in Kazakh, the way a person does; the number."""
    dina = next(p for p in personas() if p.id == persona)
    replies = await pg.send(persona, "/start")
    assert "Қайта қош келдіңіз, Дина!" in content(replies[-1])
    programs = (await pg.press(persona, "📝 Өтінім беру"))[-1]
    assert "Бастау Бизнес" in buttons(programs)
    await pg.press(persona, "Бастау Бизнес")
    await pg.press(persona, "📝 Өтінім беру")
    await pg.press(persona, "Иә")
    await pg.press(persona, "Иә")
    await pg.send(persona, "Оспанова Дина Маратқызы")
    reply = (await pg.send(persona, dina.iin))[-1]
    assert "Байланыс телефоны" in content(reply)
    state = await pg.state()
    keyboard = state["chats"][str(persona)]["reply_keyboard"]
    assert any(b.get("request_contact") for row in keyboard["keyboard"] for b in row)
    result = await pg.post("/api/contact", persona=persona, wait=True)
    assert "Облысыңыз" in content(result["messages"][-1])
    await pg.press(persona, "Алматы облысы")
    await pg.press(persona, "Райымбек ауданы")
    await pg.press(persona, "Мал шаруашылығы, құс")
    await pg.send(persona, "Кегенде қой жүнінен киіз бұйымдар жасап, туристерге сатамын.")
    await pg.press(persona, "Тәжірибе жоқ")
    await pg.press(persona, "Қазақша")
    done = (await pg.press(persona, "✅ Тапсыру"))[-1]
    assert "Өтініміңіз жіберілді" in content(done)
    number = next(word for word in content(done).split() if word.startswith("BB-"))
    return number.strip(".,«»")


# -- the page -----------------------------------------------------------------------------------


async def test_the_page_and_its_files_are_served(pg: PlaygroundClient) -> None:
    async with pg.http.get("/") as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        page = await response.text()
    assert '<script src="/static/app.js"></script>' in page
    assert "http://" not in page.replace("http://www.w3.org", ""), "no external resources"
    for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css")):
        async with pg.http.get(f"/static/{name}") as response:
            assert response.status == 200 and response.content_type == kind
    for bad in ("/static/..%2Fplayground.py", "/static/.hidden", "/static/nope.js"):
        async with pg.http.get(bad) as response:
            assert response.status == 404


async def test_state_has_the_personas_their_chats_and_the_clock(pg: PlaygroundClient) -> None:
    state = await pg.state()
    kinds = [p["kind"] for p in state["personas"]]
    assert kinds[:4] == ["applicant", "trainee", "borrower", "coordinator"]
    assert "newcomer" in kinds and "trainer" in kinds
    assert kinds[5:9] == ["entrant", "juror", "mentor", "ngo"]  # the support cycle's people
    assert set(state["chats"]) == {str(p["id"]) for p in state["personas"]}
    assert state["bot"]["username"] == "qadam_playground_bot"
    assert state["bot"]["commands"]["kk"][0]["command"] == "start"
    clock = state["status"]["clock"]
    assert clock["zone"] == "Asia/Almaty" and clock["local"][11:16] == "11:00"
    assert clock["quiet"] is False
    assert state["client_languages"] == ["kk", "ru", None]


async def test_the_coordinator_persona_has_the_coordinator_menu(pg: PlaygroundClient) -> None:
    await pg.send(COORDINATOR, "/start")
    state = await pg.state()
    keyboard = state["chats"][str(COORDINATOR)]["reply_keyboard"]
    labels = [b["text"] if isinstance(b, dict) else b for row in keyboard["keyboard"] for b in row]
    assert "🗂 Өтінімдерді қарау" in labels and "👥 Рөлдер" in labels
    await pg.send(APPLICANT, "/start")
    state = await pg.state()
    keyboard = state["chats"][str(APPLICANT)]["reply_keyboard"]
    labels = [b["text"] if isinstance(b, dict) else b for row in keyboard["keyboard"] for b in row]
    assert "🗂 Өтінімдерді қарау" not in labels and "📝 Өтінім беру" in labels
    # The «/» list too: the coordinator's has her commands, the applicant's the public ones.
    theirs = (await pg.post("/api/commands", persona=COORDINATOR))["commands"]
    assert {"review": "Өтінімдерді қарау"}.items() <= {
        c["command"]: c["description"] for c in theirs
    }.items()
    mine = [c["command"] for c in (await pg.post("/api/commands", persona=APPLICANT))["commands"]]
    assert "review" not in mine and "apply" in mine


# -- one person plays both sides ----------------------------------------------------------------


async def test_apply_as_applicant_approve_as_coordinator_see_the_notice(
    pg: PlaygroundClient,
) -> None:
    number = await apply_to_bastau(pg, APPLICANT)

    await pg.send(COORDINATOR, "/start")
    queue = (await pg.press(COORDINATOR, "🗂 Өтінімдерді қарау"))[-1]
    [item] = [b for b in buttons(queue) if b.startswith(number)]
    assert "Оспанова Д." in item
    card = (await pg.press(COORDINATOR, item))[-1]
    assert "киіз бұйымдар" in content(card)
    confirm = (await pg.press(COORDINATOR, "✅ Мақұлдау"))[-1]
    assert number in content(confirm)
    assert any(e["type"] == "bold" for e in confirm["entities"]), "<b> became an entity"
    await pg.press(COORDINATOR, "✅ Иә, мақұлдау")

    notice = await pg.wait_for(APPLICANT, lambda m: "Құттықтаймыз" in content(m))
    assert number in content(notice)


async def test_files_both_ways_and_the_excel_export(pg: PlaygroundClient) -> None:
    await apply_to_bastau(pg, APPLICANT)
    await pg.send(COORDINATOR, "/start")
    await pg.press(COORDINATOR, "🗂 Өтінімдерді қарау")
    await pg.press(COORDINATOR, "⬇️ Excel")
    export = await pg.wait_for(COORDINATOR, lambda m: m["kind"] == "document")
    file = export["file"]
    assert file["name"].endswith(".xlsx")
    async with pg.http.get(file["url"]) as response:
        assert response.status == 200
        assert response.content_type == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert ".xlsx" in response.headers["Content-Disposition"]
        assert response.headers["Content-Disposition"].startswith("attachment")
        data = await response.read()
    sheet = load_workbook(BytesIO(data)).active
    assert sheet is not None and sheet.max_row >= 2

    # A person's upload: a document and a photo, then downloaded again.
    form = aiohttp.FormData()
    form.add_field("persona", str(APPLICANT))
    pdf = b"%PDF-1.4\n%orny\n"
    form.add_field("file", pdf, filename="orny.pdf", content_type="application/pdf")
    form.add_field("caption", "Цех орны")
    async with pg.http.post("/api/document", data=form) as response:
        assert response.status == 200, await response.text()
    form = aiohttp.FormData()
    form.add_field("persona", str(APPLICANT))
    form.add_field("file", TINY_PNG, filename="photo.png", content_type="image/png")
    async with pg.http.post("/api/photo", data=form) as response:
        assert response.status == 200, await response.text()
    await pg.playground.telegram.wait_idle()
    mine = [m for m in await pg.messages(APPLICANT) if not m["from_bot"]]
    document, photo = mine[-2], mine[-1]
    assert document["kind"] == "document" and document["caption"] == "Цех орны"
    async with pg.http.get(document["file"]["url"]) as response:
        assert await response.read() == b"%PDF-1.4\n%orny\n"
        assert response.content_type == "application/pdf"
        assert 'filename="orny.pdf"' in response.headers["Content-Disposition"]
    assert photo["kind"] == "photo"
    async with pg.http.get(photo["file"]["url"]) as response:
        assert response.content_type == "image/png"
        assert response.headers["Content-Disposition"].startswith("inline")
        assert await response.read() == TINY_PNG
    async with pg.http.get("/files/nope") as response:
        assert response.status == 404


async def test_voice_location_and_unknown_input_get_answers(pg: PlaygroundClient) -> None:
    await pg.send(APPLICANT, "/start")
    voice = await pg.post("/api/voice", persona=APPLICANT, duration=7, wait=True)
    assert voice["handled"] and voice["messages"], "the bot answers a voice note"
    location = await pg.post("/api/location", persona=APPLICANT, wait=True)
    assert location["handled"] and location["messages"]
    mine = [m for m in await pg.messages(APPLICANT) if not m["from_bot"]]
    assert mine[-2]["kind"] == "voice" and mine[-2]["file"]["duration"] == 7
    assert mine[-1]["location"]["latitude"] == pytest.approx(43.238949)
    await pg.post("/api/location", expect=400, persona=APPLICANT, latitude=95, longitude=0)
    await pg.post("/api/send", expect=400, persona=APPLICANT, text="   ")
    await pg.post("/api/send", expect=404, persona=12345, text="hi")
    await pg.post("/api/press", expect=404, persona=APPLICANT, label="No such button")
    await pg.post("/api/press", expect=409, persona=APPLICANT, message_id=1, data="forged")


# -- client language ------------------------------------------------------------------------


async def test_a_personas_telegram_language_can_be_switched(pg: PlaygroundClient) -> None:
    newcomer = pg.playground.sim(NEWCOMER)
    assert newcomer.language_code == "ru"
    result = await pg.post("/api/persona", persona=NEWCOMER, language_code="kk")
    assert result["persona"]["language_code"] == "kk"
    replies = await pg.send(NEWCOMER, "/start")
    assert "Тілді таңдаңыз" in content(replies[-1])
    updates = [c for c in pg.playground.telegram.requests if c.method == "getUpdates" and c.result]
    sent_from = [u["message"]["from"] for c in updates for u in c.result if "message" in u]
    assert sent_from[-1]["language_code"] == "kk"

    await pg.post("/api/persona", persona=NEWCOMER, language_code=None)
    await pg.send(NEWCOMER, "/start")
    updates = [c for c in pg.playground.telegram.requests if c.method == "getUpdates" and c.result]
    sent_from = [u["message"]["from"] for c in updates for u in c.result if "message" in u]
    assert "language_code" not in sent_from[-1], "none: Telegram reports no language"
    state = await pg.state()
    notes = state["chats"][str(NEWCOMER)]["notes"]
    assert [n["language_code"] for n in notes if n["kind"] == "language"] == ["kk", None]
    await pg.post("/api/persona", expect=400, persona=NEWCOMER, language_code="en")


async def test_a_newcomer_goes_through_the_first_contact(pg: PlaygroundClient) -> None:
    state = await pg.state()
    assert state["chats"][str(NEWCOMER)]["messages"] == []
    await pg.send(NEWCOMER, "/start")
    intro = (await pg.press(NEWCOMER, "Русский"))[-1]
    assert "✅ Даю согласие" in buttons(intro)
    replies = await pg.press(NEWCOMER, "✅ Даю согласие")
    assert "Главное меню" in content(replies[-1])


# -- refused requests -------------------------------------------------------------------------


async def test_a_refused_request_is_shown_in_the_chat_with_telegrams_reason(
    pg: PlaygroundClient,
) -> None:
    pg.expect_error("can't parse entities")
    events = pg.playground.subscribe()
    try:
        with pytest.raises(TelegramBadRequest):
            await pg.playground.world.bot.send_message(APPLICANT, "<b>unclosed")
        event = await asyncio.wait_for(_next(events, "note"), 5)
    finally:
        pg.playground.unsubscribe(events)
    note = event["note"]
    assert event["chat_id"] == APPLICANT
    assert note["kind"] == "error" and note["method"] == "sendMessage" and note["status"] == 400
    assert "can't parse entities" in note["description"]
    assert note["source"] == "<b>unclosed"
    state = await pg.state()
    assert state["chats"][str(APPLICANT)]["notes"][-1]["description"] == note["description"]
    # The page goes on working.
    assert await pg.send(APPLICANT, "/start")


async def _next(events: asyncio.Queue[dict[str, Any]], kind: str) -> dict[str, Any]:
    while True:
        event = await events.get()
        if event.get("type") == kind:
            return event


# -- the clock --------------------------------------------------------------------------------


def test_the_movable_clock_only_goes_forward(tmp_path: Path) -> None:
    real = [datetime(2026, 5, 14, 6, 0, tzinfo=UTC)]
    clock = MovableClock(system=lambda: real[0])
    assert clock.now() == real[0] and clock.offset == timedelta(0)
    clock.advance(timedelta(hours=1))
    real[0] += timedelta(minutes=5)  # real time passes too
    assert clock.now() == datetime(2026, 5, 14, 7, 5, tzinfo=UTC)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="backwards"):
        clock.move_to(datetime(2026, 5, 14, 7, 0, tzinfo=UTC))
    clock.move_to(datetime(2026, 5, 20, 5, 0, tzinfo=UTC))
    assert clock.now() == datetime(2026, 5, 20, 5, 0, tzinfo=UTC)
    path = tmp_path / "playground.clock"
    clock.save(path)
    again = MovableClock(system=lambda: real[0])
    again.restore(path)
    assert again.now() == datetime(2026, 5, 20, 5, 0, tzinfo=UTC), "the data's moment is kept"
    earlier = MovableClock(datetime(2020, 1, 1, tzinfo=UTC), system=lambda: real[0])
    assert earlier.now() == real[0], "never behind real time"


async def test_plus_a_day_brings_the_trainees_first_lesson(pg: PlaygroundClient) -> None:
    before = (await pg.state())["status"]
    assert before["waiting"]["by_chat"].get(str(TRAINEE)) == 1, "lesson 1 is queued"
    assert before["waiting"]["next_at"] is not None
    result = await pg.post("/api/clock", by="1d")
    after = result["status"]["clock"]
    moved = datetime.fromisoformat(after["now"]) - datetime.fromisoformat(before["clock"]["now"])
    assert timedelta(days=1) <= moved < timedelta(days=1, minutes=1)
    lesson = await pg.wait_for(TRAINEE, lambda m: "1/30" in content(m) or "Урок 1" in content(m))
    local = datetime.fromtimestamp(lesson["date"], UTC) + timedelta(hours=5)
    assert local.strftime("%H:%M") == "10:00", "sent when it was due, not when the move ended"
    state = await pg.state()
    notes = state["chats"][str(TRAINEE)]["notes"]
    assert notes[-1]["kind"] == "clock"
    assert pg.playground.clock_file.read_text().startswith(after["now"][:10])
    assert DEMO_COHORT_CODE


async def test_the_clock_moves_an_hour_to_a_moment_and_to_the_next_message(
    pg: PlaygroundClient,
) -> None:
    start = datetime.fromisoformat((await pg.state())["status"]["clock"]["now"])
    hour = await pg.post("/api/clock", by="1h")
    assert datetime.fromisoformat(hour["status"]["clock"]["now"]) - start >= timedelta(hours=1)
    waiting = hour["status"]["waiting"]
    nxt = await pg.post("/api/clock", next=True)
    now = datetime.fromisoformat(nxt["status"]["clock"]["now"])
    assert now >= datetime.fromisoformat(waiting["next_at"])
    assert now - datetime.fromisoformat(waiting["next_at"]) < timedelta(minutes=1)

    # To noon three days after the start, in Kazakhstan: the cohort's first three lessons.
    local = (start + timedelta(days=3, hours=5)).strftime("%Y-%m-%dT12:00")
    moved = await pg.post("/api/clock", to=local)
    assert moved["status"]["clock"]["local"].startswith(local)
    error = await pg.post("/api/clock", expect=400, to="2020-01-01T10:00")
    assert "backwards" in error["error"]
    await pg.post("/api/clock", expect=400, by="1y")
    await pg.post("/api/clock", expect=400, to="tomorrow")
    lessons = [t for t in await pg.bot_texts(TRAINEE) if "/30" in t]
    assert len(lessons) >= 3, "every day's lesson came while time moved"


# -- live events, reset, safety ---------------------------------------------------------------


async def test_the_event_stream_shows_messages_edits_and_answers(pg: PlaygroundClient) -> None:
    async with pg.http.ws_connect("/api/events") as ws:
        await pg.post("/api/send", persona=NEWCOMER, text="/start")
        seen: list[dict[str, Any]] = []  # her chat's events (other people get reminders too)
        while not any(e.get("type") == "message" and e["message"]["from_bot"] for e in seen):
            event = json.loads(await asyncio.wait_for(ws.receive_str(), 5))
            if event.get("chat_id") == NEWCOMER:
                seen.append(event)
        user, bot = [e["message"] for e in seen if e.get("type") == "message"][:2]
        assert user["text"] == "/start" and not user["from_bot"]
        assert bot["inline_keyboard"]
        await pg.press(NEWCOMER, "Қазақша")
        kinds: set[object] = set()
        while not {"answer", "message"} <= kinds:
            event = json.loads(await asyncio.wait_for(ws.receive_str(), 5))
            if event.get("chat_id") != NEWCOMER:
                continue
            kinds.add(event.get("type"))
            if event.get("type") == "message":
                assert event["message"]["edited"] is True, "the language question is edited"


async def test_reset_empties_the_chats_and_brings_the_clock_back(pg: PlaygroundClient) -> None:
    await pg.send(APPLICANT, "/start")
    await pg.post("/api/clock", by="1h")
    result = await pg.post("/api/reset")
    assert any("cohort" in line for line in result["seeded"])
    state = await pg.state()
    assert all(not chat["messages"] for chat in state["chats"].values())
    assert state["status"]["clock"]["ahead_s"] == 0
    assert await pg.send(APPLICANT, "/start"), "the bot answers after a reset"


async def test_requests_from_other_sites_are_refused(pg: PlaygroundClient) -> None:
    async with pg.http.post(
        "/api/send",
        json={"persona": APPLICANT, "text": "/start"},
        headers={"Origin": "http://evil.example"},
    ) as response:
        assert response.status == 403
    async with pg.http.post(
        "/api/send",
        json={"persona": APPLICANT, "text": "/start", "wait": True},
        headers={"Origin": pg.url},
    ) as response:
        assert response.status == 200


# -- the command line -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_python_m_bot_playground_prints_its_address_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "ADMIN_IDS"}}
    env.update(PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "playground",
        "--port",
        str(port),
        "--db",
        "pg.db",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = ""
        while "http://" not in line:
            line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
            assert line, "the playground exited before printing its address"
        assert f"Qadam playground: http://127.0.0.1:{port} " in line
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/api/state") as response,
        ):
            state = await response.json()
        assert len(state["personas"]) >= 5
        assert (tmp_path / "pg.db").exists()
        # A second playground on the same port says so in one line.
        second = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "playground",
            "--port",
            str(port),
            "--db",
            "other.db",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 2
        assert err.decode().strip().count("\n") == 0 and "--port" in err.decode()
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 15) == 0
        assert (tmp_path / "pg.clock").exists(), "the clock is kept next to the database"
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_the_first_mornings_bring_no_notice_about_a_paid_instalment(
    pg: PlaygroundClient,
) -> None:
    # Гүлнар's demo loan: four months old, the first three instalments paid (issue «Trust
    # first»: the seed's payments once left their reminders queued).
    await pg.post("/api/clock", by="1d")
    await pg.post("/api/clock", by="1d")
    services = pg.playground.world.services
    loan = await services.loans.repo.by_contract("ZH-DEMO-001")
    assert loan is not None
    covered = [i.n for i in await services.loans.repo.instalments(loan.id) if i.covered]
    assert covered == [1, 2, 3]
    sent = await services.db.fetchall(
        "SELECT idempotency_key FROM outbox WHERE status = 'sent' AND idempotency_key LIKE ?",
        (f"loan:{loan.id}:%",),
    )
    about = {int(key.split(":")[3]) for (key,) in sent if key.split(":")[2] == "inst"}
    assert about and not about & set(covered), f"notices about paid instalments: {sent}"
    coordinator = await pg.bot_texts(COORDINATOR)
    assert not [t for t in coordinator if t.startswith("🚨") and "ZH-DEMO-001" in t]
