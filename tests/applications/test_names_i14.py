"""A person's name takes letters, not markup (issue 14.6): «<b>Нурланкызы</b> Алия» was accepted
as a full name and shown to reviewers. Through the fake Bot API, in Kazakh and Russian.

The check is `bot.core.validators.parse_person_name`; the form reaches it through the `name` field
type, which the full-name and contact-person fields of the programs use.
"""

from __future__ import annotations

from bot.dev.fake_telegram import SimUser
from tests.applications.test_applications_rules import begin
from tests.applications.test_apply import only_application, start_bastau_kk
from tests.conftest import BotUnderTest, onboard


async def test_aigul_cannot_give_markup_as_her_name(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    await start_bastau_kk(aigul)
    reply = (await aigul.send("<b>Нурланкызы</b> Алия"))[-1]
    assert "Аты-жөнді әріптермен жазыңыз" in reply.content and "1/8" in reply.content
    reply = (await aigul.send("Нурланкызы Aлия"))[-1]  # a Latin «A»
    assert "латын және кирилл әріптері араласып кеткен" in reply.content
    reply = (await aigul.send("Нұрланқызы   Әлия"))[-1]
    assert "2/8 · ЖСН" in reply.content
    application = await only_application(app, aigul)
    assert application.answers["full_name"] == "Нұрланқызы Әлия"


async def test_sergey_cannot_give_digits_as_his_name(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru")
    await begin(sergey, "Жарқыра")
    reply = (await sergey.send("Ким Сергей 2"))[-1]
    assert "Имя пишите буквами" in reply.content and "1/13" in reply.content
    reply = (await sergey.send("Ким-О'Нил Сергей"))[-1]
    assert "2/13" in reply.content
    application = await only_application(app, sergey)
    assert application.answers["full_name"] == "Ким-О'Нил Сергей"
