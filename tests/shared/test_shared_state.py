"""State shared between workers: with REDIS_URL set, any worker answers a person's next update
as well as the one that answered the last (FSM in Redis, one update of a chat at a time over
all workers, the staff menus' memory shared), and erasing a person clears their state there."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram.types import Message, Update
from redis.asyncio import Redis

from bot.core.access import Access
from bot.core.config import Settings, load_settings
from bot.core.redis_state import STATE_TTL, ChatLocks
from bot.core.state import ConversationState, bot_id_of, open_state
from bot.delivery.shared_rate import SharedRateLimiter
from bot.dev.fake_telegram import DEFAULT_TOKEN, FakeTelegramServer, SimUser
from storage.db import Database
from storage.fsm import SQLiteStorage
from storage.users import Profile
from tests.conftest import COORDINATOR_ID
from tests.shared.conftest import Worker

BOT_ID = int(DEFAULT_TOKEN.split(":")[0])


def key_of(user_id: int) -> StorageKey:
    return StorageKey(bot_id=BOT_ID, chat_id=user_id, user_id=user_id)


async def fsm_keys(url: str, user_id: int) -> list[str]:
    async with Redis.from_url(url, decode_responses=True) as redis:
        return sorted(str(key) for key in await redis.keys(f"fsm:{BOT_ID}:{user_id}:{user_id}:*"))


async def test_without_redis_the_state_stays_in_the_database(tmp_path: Path) -> None:
    settings = load_settings(
        _env_file=None, bot_token=DEFAULT_TOKEN, database_url=f"sqlite:///{tmp_path}/b.db"
    )
    db = await Database.open(settings.database_url)
    state = open_state(settings, db)
    assert isinstance(state.storage, SQLiteStorage)
    assert isinstance(state.isolation, SimpleEventIsolation)
    assert state.redis is None and not state.shared
    await state.close()
    await db.close()


@pytest.fixture
async def processes(
    shared_settings: Settings, tmp_path: Path
) -> AsyncIterator[Callable[[int], list[ConversationState]]]:
    """`processes(n)`: the conversation state of n processes (each its own connection)."""
    db = await Database.open(f"sqlite:///{tmp_path}/b.db")
    opened: list[ConversationState] = []

    def open_some(n: int) -> list[ConversationState]:
        opened.extend(open_state(shared_settings, db) for _ in range(n))
        return opened[-n:]

    yield open_some
    for state in opened:
        await state.close()
    await db.close()


async def test_with_redis_the_state_is_aiograms_redis_storage(
    shared_settings: Settings, processes: Callable[[int], list[ConversationState]]
) -> None:
    [state] = processes(1)
    assert isinstance(state.storage, RedisStorage)
    assert isinstance(state.isolation, RedisEventIsolation)
    assert state.shared and state.bot_id == BOT_ID == bot_id_of(shared_settings)
    keys = state.storage.key_builder
    assert isinstance(keys, DefaultKeyBuilder) and keys.with_bot_id and keys.with_destiny
    await state.storage.set_data(key_of(5), {"draft": "ИИН"})
    assert state.redis is not None
    ttl = await state.redis.ttl(f"fsm:{BOT_ID}:5:5:default:data")
    assert STATE_TTL.total_seconds() - 5 < ttl <= STATE_TTL.total_seconds()


async def test_a_worker_with_redis_runs_on_it(workers: Callable[[], Any]) -> None:
    """What `open_services` picks with REDIS_URL: the dispatcher's storage and isolation, and
    a send rate counted over all processes."""
    worker: Worker = await workers()
    state = worker.services.state
    dispatcher = worker.dispatcher()
    assert dispatcher.storage is worker.services.fsm is state.storage
    assert dispatcher.fsm.events_isolation is state.isolation
    assert isinstance(worker.services.limiter, SharedRateLimiter)


async def test_two_processes_read_each_others_state(
    processes: Callable[[int], list[ConversationState]],
) -> None:
    one, two = processes(2)
    await one.storage.set_state(key_of(7), "Form:iin")
    await one.storage.set_data(key_of(7), {"answers": ["a"]})
    assert await two.storage.get_state(key_of(7)) == "Form:iin"
    assert await two.storage.get_data(key_of(7)) == {"answers": ["a"]}
    await two.storage.set_state(key_of(7), None)
    assert await one.storage.get_state(key_of(7)) is None


def _message(update_id: int, chat_id: int, text: str) -> Update:
    user = {"id": chat_id, "is_bot": False, "first_name": "U"}
    chat = {"id": chat_id, "type": "private", "first_name": "U"}
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": chat,
                "from": user,
                "text": text,
            },
        }
    )


async def test_one_chats_updates_are_handled_one_at_a_time_across_processes(
    processes: Callable[[int], list[ConversationState]],
) -> None:
    """Two quick taps of one person reaching two workers: the second waits for the first (a
    flow never sees its state change under it); another person's update does not wait."""
    events: list[tuple[str, int, str]] = []

    def worker(state: ConversationState) -> Dispatcher:
        router = Router()

        @router.message()
        async def slow(message: Message) -> None:
            assert message.from_user is not None and message.text is not None
            events.append(("in", message.from_user.id, message.text))
            await asyncio.sleep(0.3)
            events.append(("out", message.from_user.id, message.text))

        dp = Dispatcher(storage=state.storage, events_isolation=state.isolation)
        dp.include_router(router)
        return dp

    one, two = (worker(state) for state in processes(2))
    bot = Bot(DEFAULT_TOKEN)
    started = asyncio.get_running_loop().time()
    await asyncio.gather(
        one.feed_update(bot, _message(1, 41, "first")),
        two.feed_update(bot, _message(2, 41, "second")),
        two.feed_update(bot, _message(3, 42, "other person")),
    )
    took = asyncio.get_running_loop().time() - started
    await bot.session.close()
    same_chat = [(kind, text) for kind, chat, text in events if chat == 41]
    first = same_chat[0][1]
    second = "second" if first == "first" else "first"
    assert same_chat == [("in", first), ("out", first), ("in", second), ("out", second)]
    assert took < 0.9, "the other person's update waited too"


async def test_a_long_update_keeps_its_chat_and_a_dead_workers_lock_lapses(
    empty_redis_url: str,
) -> None:
    """The lock of a chat is renewed while its update is handled (a handler longer than the
    lock's timeout keeps the chat to itself), and lapses after the timeout when its holder is
    gone (a killed worker shuts nobody out for long)."""
    keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
    clients = [Redis.from_url(empty_redis_url) for _ in range(2)]
    one, two = (ChatLocks(redis, keys, timeout=0.3) for redis in clients)
    loop = asyncio.get_running_loop()
    order: list[str] = []

    async def hold(locks: ChatLocks, name: str, seconds: float) -> None:
        async with locks.lock(key_of(51)):
            order.append(f"{name} in")
            await asyncio.sleep(seconds)
            order.append(f"{name} out")

    first = asyncio.create_task(hold(one, "long", 1.0))
    await asyncio.sleep(0.05)
    await hold(two, "next", 0)
    await first
    assert order == ["long in", "long out", "next in", "next out"]

    # A worker killed inside an update leaves its lock as it was last renewed.
    await clients[0].set(keys.build(key_of(52), "lock"), "dead worker", px=300)
    started = loop.time()
    async with two.lock(key_of(52)):
        waited = loop.time() - started
    assert 0.2 < waited < 1.0
    for redis in clients:
        await redis.aclose()


async def test_the_chat_lock_reads_the_state_for_the_updates_first_read(
    shared_settings: Settings, processes: Callable[[int], list[ConversationState]]
) -> None:
    """Taking a chat's lock reads its state in the same round trip; the update's first
    `get_state` takes that value, any later read or another chat's goes to Redis, and a state
    written during the update is what the next read sees."""
    [state] = processes(1)
    assert state.redis is not None
    storage, locks, redis = state.storage, state.isolation, state.redis
    await storage.set_state(key_of(61), "Apply:iin")
    await storage.set_state(key_of(62), "Apply:name")
    asked: list[object] = []
    real_get = redis.get

    async def counted_get(name: Any) -> Any:
        asked.append(name)
        return await real_get(name)

    redis.get = counted_get  # type: ignore[method-assign]
    async with locks.lock(key_of(61)):
        assert await storage.get_state(key_of(61)) == "Apply:iin"
        assert asked == []  # read with the lock
        assert await storage.get_state(key_of(62)) == "Apply:name"  # another chat: asked
        assert await storage.get_state(key_of(61)) == "Apply:iin"  # a second read: asked
        assert len(asked) == 2
        await storage.set_state(key_of(61), "Apply:phone")
        assert await storage.get_state(key_of(61)) == "Apply:phone"
    async with locks.lock(key_of(61)):
        await storage.set_state(key_of(61), None)  # written before the first read
        assert await storage.get_state(key_of(61)) is None
    async with locks.lock(key_of(63)):  # nobody's state yet
        assert await storage.get_state(key_of(63)) is None
    asked.clear()
    assert await storage.get_state(key_of(62)) == "Apply:name"  # no lock: Redis
    assert asked == [f"fsm:{BOT_ID}:62:62:default:state"]


async def test_a_wizard_goes_on_whichever_worker_takes_the_next_update(
    workers: Callable[[], Any], telegram: FakeTelegramServer, empty_redis_url: str
) -> None:
    """A coordinator creates a webinar while a load balancer hands each of her taps to one of
    two workers in turn: each step finds the previous one's state and answers, and the state
    lives in Redis, not in the database."""
    a: Worker = await workers()
    b: Worker = await workers()
    erlan = telegram.user(COORDINATOR_ID, "Ерлан", "Жақсылықов", "erlan", language_code="ru")

    def on(worker: Worker) -> SimUser:
        erlan.server = worker
        return erlan

    await on(a).command("start")
    await on(b).press("Қазақша")
    await on(a).press("✅ Келісемін")
    await on(b).press("📅 Вебинарлар")
    await on(a).press("🛠 Вебинарларды басқару")
    [ask] = await on(b).press("➕ Жаңа вебинар")
    assert "1/12-қадам" in ask.content
    [ask] = await on(a).send("Бірінші атау")
    assert "2/12-қадам" in ask.content
    [back] = await on(b).press("‹ Артқа")
    assert "1/12-қадам" in back.content
    [ask] = await on(a).send("БАҚ пен ҮЕҰ арасындағы коммуникация")
    assert "2/12-қадам" in ask.content

    draft = {"title_kk": "БАҚ пен ҮЕҰ арасындағы коммуникация"}
    for worker in (a, b):
        assert (await worker.services.fsm.get_data(key_of(erlan.id)))["wb_draft"] == draft
    assert await a.services.db.fetchval("SELECT COUNT(*) FROM fsm_states") == 0
    assert len(await fsm_keys(empty_redis_url, erlan.id)) == 2  # its state and its data


async def test_erasing_a_person_clears_their_state_in_redis(
    workers: Callable[[], Any], telegram: FakeTelegramServer, empty_redis_url: str
) -> None:
    a: Worker = await workers()
    b: Worker = await workers()
    aigul = telegram.user(1001, "Айгүл", "Серікова", "aigul_s", language_code="kk")
    aigul.server = a
    await aigul.command("start")  # the onboarding's state: the language question
    await a.services.fsm.set_data(key_of(aigul.id), {"draft": "840101300123"})
    assert len(await fsm_keys(empty_redis_url, aigul.id)) == 2

    await b.services.privacy.erase(aigul.id, datetime(2026, 5, 14, 6, 0, tzinfo=UTC))

    assert await fsm_keys(empty_redis_url, aigul.id) == []
    assert await a.services.fsm.get_data(key_of(aigul.id)) == {}


async def test_a_staff_menu_changed_by_one_worker_is_put_right_by_another(
    workers: Callable[[], Any], telegram: FakeTelegramServer
) -> None:
    """Worker A published Erlan's list in Kazakh; B then in Russian (his language changed).
    Back in Kazakh, A must publish again: a memory of its own publishing would say «done».
    What was published is in his users row, which every worker reads with him."""
    a: Worker = await workers()
    b: Worker = await workers()
    translations = a.services.translations
    one, two = a.services.command_menus, b.services.command_menus
    users = a.services.users
    await users.seen(Profile(COORDINATOR_ID, "Ерлан", None, None, "kk"), datetime.now(UTC))
    access = Access(COORDINATOR_ID, True, ())

    async def as_read() -> str | None:
        """What each worker reads with the user on an update."""
        return (await users.require(COORDINATOR_ID)).commands

    await one.ensure(a.bot, access, "kk", published=await as_read())
    await two.ensure(b.bot, access, "ru", published=await as_read())
    await one.ensure(a.bot, access, "kk", published=await as_read())
    shown = {c["command"]: c["description"] for c in telegram.commands_shown(COORDINATOR_ID, None)}
    in_kazakh = translations.get("kk")("command-review")
    assert shown["review"] == in_kazakh != translations.get("ru")("command-review")
    calls = len(telegram.calls("setMyCommands"))
    published = await as_read()
    await two.ensure(b.bot, access, "kk", published=published)  # already so: nothing sent
    assert len(telegram.calls("setMyCommands")) == calls
    assert published is not None and published.startswith("kk:review")
