"""Buttons already in people's chats keep working after a change of the code: callback data
sent by earlier versions still parse (every action a factory ever sent is still a value of its
Enum), and pressing one either opens its screen or says «this button is out of date» with the
current menu — never silence, never the error apology.

`OLD_BUTTONS` is every callback string the release before «The house» could send, packed by
that release's own factories (one entry per prefix, each action with empty ids).
"""

from __future__ import annotations

import pytest
from aiogram.filters.callback_data import CallbackData

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from tests.conftest import COORDINATOR_ID, BotUnderTest, onboard

OLD_BUTTONS: dict[str, tuple[str, ...]] = {
    "ap": (
        "ap:ans:0:",
        "ap:apply:0:",
        "ap:back:0:",
        "ap:consent:0:",
        "ap:cont:0:",
        "ap:dist:0:",
        "ap:edit:0:",
        "ap:editf:0:",
        "ap:elig:0:",
        "ap:fdone:0:",
        "ap:keep:0:",
        "ap:later:0:",
        "ap:list:0:",
        "ap:mdone:0:",
        "ap:my:0:",
        "ap:open:0:",
        "ap:opt:0:",
        "ap:prog:0:",
        "ap:reg:0:",
        "ap:regs:0:",
        "ap:skip:0:",
        "ap:submit:0:",
        "ap:summary:0:",
        "ap:tog:0:",
        "ap:wd:0:",
        "ap:wdy:0:",
        "ap:yn:0:",
    ),
    "apx": (
        "apx:c:0:",
        "apx:fr:0:",
        "apx:w:0:",
    ),
    "bc": (
        "bc:back:",
        "bc:cancel:",
        "bc:confirm:",
        "bc:filter:",
        "bc:new:",
        "bc:next:",
        "bc:now:",
        "bc:paid:",
        "bc:pick:",
        "bc:skip:",
        "bc:stop:",
        "bc:tomorrow:",
        "bc:when:",
    ),
    "bcx": (
        "bcx:xl:0:",
        "bcx:ed:0:",
        "bcx:keep:0:",
        "bcx:at:0:",
    ),
    "co": (
        "co:add:0:",
        "co:bc:0:",
        "co:e:0:",
        "co:ef:0:",
        "co:ek:0:",
        "co:en:0:",
        "co:eo:0:",
        "co:es:0:",
        "co:et:0:",
        "co:l:0:",
        "co:m:0:",
        "co:mv:0:",
        "co:mvt:0:",
        "co:new:0:",
        "co:noop:0:",
        "co:nu:0:",
        "co:nuy:0:",
        "co:o:0:",
        "co:p:0:",
        "co:rm:0:",
        "co:rmy:0:",
        "co:wb:0:",
        "co:wc:0:",
        "co:wd:0:",
        "co:wk:0:",
        "co:wn:0:",
        "co:wok:0:",
        "co:wr:0:",
        "co:ws:0:",
        "co:wt:0:",
        "co:wx:0:",
        "co:xl:0:",
    ),
    "consent": (
        "consent:yes",
        "consent:no",
    ),
    "la": (
        "la:app:0:0:",
        "la:ch:0:0:",
        "la:fix:0:0:",
        "la:fp:0:0:",
        "la:fr:0:0:",
        "la:h:0:0:",
        "la:im:0:0:",
        "la:imok:0:0:",
        "la:imx:0:0:",
        "la:inv:0:0:",
        "la:invy:0:0:",
        "la:ls:0:0:",
        "la:new:0:0:",
        "la:noop:0:0:",
        "la:nu:0:0:",
        "la:nua:0:0:",
        "la:o:0:0:",
        "la:od:0:0:",
        "la:ok:0:0:",
        "la:pay:0:0:",
        "la:py:0:0:",
        "la:q:0:0:",
        "la:rcp:0:0:",
        "la:rd:0:0:",
        "la:rec:0:0:",
        "la:rej:0:0:",
        "la:rev:0:0:",
        "la:rl:0:0:",
        "la:rle:0:0:",
        "la:sc:0:0:",
        "la:sp:0:0:",
        "la:sr:0:0:",
        "la:wb:0:0:",
        "la:wd:0:0:",
        "la:wdt:0:0:",
        "la:wf:0:0:",
        "la:wg:0:0:",
        "la:wk:0:0:",
        "la:wok:0:0:",
        "la:wp:0:0:",
        "la:wpr:0:0:",
        "la:wr:0:0:",
        "la:wrt:0:0:",
        "la:ws:0:0:",
        "la:wt:0:0:",
        "la:wx:0:0:",
        "la:xl:0:0:",
    ),
    "lang": (
        "lang:kk",
        "lang:ru",
    ),
    "ln": (
        "ln:code:0:",
        "ln:ls:0:",
        "ln:noop:0:",
        "ln:o:0:",
        "ln:pa:0:",
        "ln:pay:0:",
        "ln:pd:0:",
        "ln:ph:0:",
        "ln:px:0:",
        "ln:sc:0:",
    ),
    "nf": (
        "nf:h:0",
        "nf:d:0",
        "nf:m:0",
        "nf:u:0",
    ),
    "priv": (
        "priv:delete",
        "priv:confirm",
        "priv:keep",
        "priv:give",
        "priv:withdraw",
    ),
    "prx": ("prx:x",),
    "role": (
        "role:cancel:",
        "role:confirm:",
        "role:grant:",
        "role:page:",
        "role:pick:",
        "role:program:",
        "role:region:",
        "role:revoke:",
        "role:revoke-yes:",
    ),
    "rv": (
        "rv:ask:0:",
        "rv:back:0:",
        "rv:f:0:",
        "rv:fl:0:",
        "rv:noop:0:",
        "rv:note:0:",
        "rv:o:0:",
        "rv:ok:0:",
        "rv:oky:0:",
        "rv:open:0:",
        "rv:q:0:",
        "rv:rej:0:",
        "rv:sc:0:",
        "rv:scc:0:",
        "rv:scv:0:",
        "rv:take:0:",
        "rv:xl:0:",
    ),
    "tr": (
        "tr:ans::0:",
        "tr:card::0:",
        "tr:course::0:",
        "tr:courses::0:",
        "tr:done::0:",
        "tr:join::0:",
        "tr:leave::0:",
        "tr:leave-yes::0:",
        "tr:lesson::0:",
        "tr:quiz::0:",
    ),
    "wb": (
        "wb:adm:0:0:",
        "wb:att:0:0:",
        "wb:c:0:0:",
        "wb:del:0:0:",
        "wb:dely:0:0:",
        "wb:edit:0:0:",
        "wb:ef:0:0:",
        "wb:here:0:0:",
        "wb:ics:0:0:",
        "wb:list:0:0:",
        "wb:mine:0:0:",
        "wb:mk:0:0:",
        "wb:new:0:0:",
        "wb:nocom:0:0:",
        "wb:open:0:0:",
        "wb:ppl:0:0:",
        "wb:prev:0:0:",
        "wb:q:0:0:",
        "wb:rate:0:0:",
        "wb:reg:0:0:",
        "wb:stop:0:0:",
        "wb:sum:0:0:",
        "wb:unreg:0:0:",
        "wb:unregy:0:0:",
        "wb:wz:0:0:",
        "wb:xl:0:0:",
    ),
}

# What a person may still press: one button per prefix, a screen the release before offered.
PRESSED = {
    "ap": "ap:list:0:",
    "apx": "apx:c:0:",
    "bc": "bc:new:",
    "bcx": "bcx:xl:0:",
    "co": "co:l:0:",
    "consent": "consent:yes",
    "la": "la:q:0:0:",
    "lang": "lang:ru",
    "ln": "ln:ls:0:",
    "nf": "nf:d:0",
    "priv": "priv:keep",
    "prx": "prx:x",
    "role": "role:cancel:",
    "rv": "rv:q:0:",
    "tr": "tr:courses::0:",
    "wb": "wb:list:0:0:",
}


def _factories() -> dict[str, type[CallbackData]]:
    import handlers

    handlers.routers()  # every handler module imported: every factory defined

    found: dict[str, type[CallbackData]] = {}
    todo = list(CallbackData.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        found[cls.__prefix__] = cls
    return found


def test_every_old_callback_still_parses() -> None:
    factories = _factories()
    refused = []
    for prefix, packed in OLD_BUTTONS.items():
        factory = factories.get(prefix)
        assert factory is not None, f"no factory for the prefix {prefix!r} any more"
        for data in packed:
            try:
                factory.unpack(data)
            except (TypeError, ValueError) as exc:
                refused.append(f"{data}: {exc}")
    assert refused == []


def test_pressed_buttons_cover_every_prefix() -> None:
    assert set(PRESSED) == set(OLD_BUTTONS)
    assert all(PRESSED[p] in OLD_BUTTONS[p] for p in PRESSED)


@pytest.fixture
async def coordinator(app: BotUnderTest, telegram: FakeTelegramServer) -> SimUser:
    user = telegram.user(COORDINATOR_ID, "Гүлнар", "Сейітова")
    await onboard(user, "kk")
    return user


async def test_an_old_button_of_every_prefix_gets_an_answer(
    app: BotUnderTest, coordinator: SimUser
) -> None:
    apology = "қате шықты"  # error-generic
    for prefix, data in PRESSED.items():
        answered = len(coordinator.chat.callback_answers)
        replies = await coordinator.press_data(data)
        assert len(coordinator.chat.callback_answers) == answered + 1, f"{prefix}: no answer"
        assert not any(apology in m.content.lower() for m in replies), (prefix, replies)


async def test_an_unknown_action_says_out_of_date_and_shows_the_menu(
    app: BotUnderTest, coordinator: SimUser
) -> None:
    for data in ("la:zz:0:0:", "ln:?:1:", "co:gone:0:", "xyz:1"):
        replies = await coordinator.press_data(data)
        answer = coordinator.chat.callback_answers[-1]
        assert "ескірген" in answer["text"] and answer.get("show_alert"), data
        assert any("Басты мәзір" in m.content for m in replies), data
