"""The `loans` planner queues its reminders in one INSERT … SELECT (issue #18): the rows it
writes must be exactly those the per-instalment Python planner wrote before — the same keys,
payload texts, moments, order — for every stage, a program with its own rule, days caught up
after an outage, borrowers' chosen hours, coordinators' alerts, and names and contracts that
need escaping in HTML and JSON. `reference` below is that planner, kept as the check."""

from __future__ import annotations

import html
import json
import random
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from bot.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.config import load_settings
from bot.core.i18n import Money
from bot.delivery.engine import encode_args
from bot.delivery.links import To, link
from bot.delivery.preferences import NUDGE, REMINDER, Preferences
from bot.loans.reminders import REMIND_AT, _queued
from bot.loans.schedule import ReminderRule, parse_rule
from storage.db import to_db
from storage.outbox import NewMessage
from tests.outbox_rows import as_stored, stored

NOW = datetime(2026, 5, 19, 19, 15, tzinfo=UTC)  # 00:15 on 20 May in Kazakhstan
TODAY = date(2026, 5, 20)
COORDINATOR, STRANGER = 10, 11  # a known coordinator; one who is not a user
NAMES = ['Әлия "Гүл" & <Co>', "O'Brien", "back\\slash\ttab", "", None, "Айгүл\u2028line", "📈"]
CONTRACTS = ['ZH-"1"', "ZH\\2", "ЖҚ/№7", "A&B<3>", "tab\tnew\nline", "plain"]


@pytest.fixture
async def services(database_url: str, redis_url: str) -> AsyncIterator[Services]:
    settings = load_settings(
        _env_file=None, require_token=False, database_url=database_url, redis_url=redis_url
    )
    opened = await open_services(settings, clock=FakeClock(NOW))
    yield opened
    await opened.close()


async def a_book(services: Services, seed: int, *, loans: int = 160) -> None:
    """Borrowers with loans whose instalments fall on every stage's day (and between), some
    paid, some partly; a second program with its own rule; unlinked and repaid loans; chosen
    hours; coordinators known, unknown, and the borrower themself."""
    rng = random.Random(seed)
    db = services.db
    stamp = to_db(NOW)
    people = [(COORDINATOR, "Coordinator")] + [(100 + k, f"B{k}") for k in range(loans)]
    async with db.transaction():
        await db.executemany(
            "INSERT INTO users (id, first_name, language, created_at, last_seen_at)"
            " VALUES (?, ?, 'kk', ?, ?)",
            [(uid, name, stamp, stamp) for uid, name in people],
        )
        hours = [None, 0, 8, 9, 10, 12, 14, 17, 21, 23]
        await db.executemany(
            "INSERT INTO notification_prefs (user_id, remind_hour, mute_nudges, updated_at)"
            " VALUES (?, ?, ?, ?)",
            [
                (100 + k, rng.choice(hours), rng.randrange(2), stamp)
                for k in range(loans)
                if rng.random() < 0.5
            ],
        )
        for k in range(loans):
            user = 100 + k
            linked = rng.random() < 0.9
            coordinator = rng.choice([COORDINATOR, COORDINATOR, STRANGER, user, None])
            contract = f"{rng.choice(CONTRACTS)}-{k}"
            first = TODAY - timedelta(days=rng.randrange(-10, 45))
            await db.execute(
                "INSERT INTO loans (id, contract, program, region, borrower_name, user_id,"
                " principal, disbursed_on, first_due_on, due_day, total_due, repaid, status,"
                " coordinator_id, created_by, created_at, updated_at, term_months, frequency)"
                " VALUES (?, ?, ?, 'almaty', ?, ?, 1000000, ?, ?, 1, 1000000, 0, ?, ?, ?, ?,"
                " ?, 12, 'monthly')",
                (
                    k + 1,
                    contract,
                    rng.choice(["zharkyra", "zharkyra", "bastau"]),
                    rng.choice(NAMES),
                    user if linked else None,
                    (first - timedelta(days=30)).isoformat(),
                    first.isoformat(),
                    "active" if rng.random() < 0.95 else "repaid",
                    coordinator,
                    COORDINATOR,
                    stamp,
                    stamp,
                ),
            )
            # Instalments a few days apart, so that every stage (and the missed days) has some.
            rows = []
            for n in range(1, 13):
                due = first + timedelta(days=(n - 1) * rng.choice([1, 2, 3, 7]))
                amount = rng.randrange(50, 150) * 1000
                paid = rng.choice([0, 0, 0, amount, amount // 3])
                rows.append((k + 1, n, due.isoformat(), amount, amount, paid))
            await db.executemany(
                "INSERT INTO loan_instalments (loan_id, n, due_on, principal, amount, paid)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
    rule = parse_rule("5 2 / 3 10")
    assert rule is not None
    await services.loans.set_rule("bastau", rule, by=COORDINATOR)


async def owed(
    services: Services,
    days: Sequence[date],
    programs: Sequence[str] | None,
    except_programs: Sequence[str],
    loan_id: int | None,
) -> list[tuple[Any, ...]]:
    """The per-instalment planner's read (`LoanRepo.due_on` before issue #18)."""
    clauses = ["i.due_on IN (" + ", ".join("?" for _ in days) + ")", "i.paid < i.amount"]
    params: list[Any] = [d.isoformat() for d in days]
    if programs is not None:
        clauses.append("l.program IN (" + ", ".join("?" for _ in programs) + ")")
        params += programs
    elif except_programs:
        clauses.append("l.program NOT IN (" + ", ".join("?" for _ in except_programs) + ")")
        params += except_programs
    if loan_id is not None:
        clauses.append("i.loan_id = ?")
        params.append(loan_id)
    rows = await services.db.fetchall(
        "SELECT i.loan_id, i.n, i.due_on, i.amount - i.paid, l.user_id, l.contract,"
        " CASE WHEN EXISTS (SELECT 1 FROM users c WHERE c.id = l.coordinator_id)"
        " THEN l.coordinator_id END, l.borrower_name"
        " FROM loan_instalments i JOIN loans l ON l.id = i.loan_id"
        " WHERE " + " AND ".join(clauses) + " AND l.user_id IS NOT NULL"
        " AND l.status = 'active' ORDER BY i.loan_id, i.n",
        params,
    )
    return [tuple(r) for r in rows]


async def reference(
    services: Services,
    today: date,
    now: datetime,
    loan_id: int | None = None,
    missed: Sequence[date] = (),
) -> list[NewMessage]:
    """The planner as it was: one read, then each instalment's rows built in Python."""
    loans = services.loans
    custom = await loans.rules()
    groups: list[tuple[ReminderRule, list[str] | None, list[str]]] = [
        (ReminderRule(), None, list(custom))
    ]
    groups += [(rule, [program], []) for program, rule in custom.items()]
    start = datetime.combine(today, REMIND_AT, tzinfo=loans.zone)
    expires = datetime.combine(today + timedelta(days=1), time(0, 0), tzinfo=loans.zone)
    not_before = max(start, now)
    rows: list[NewMessage] = []
    for rule, programs, excluded in groups:
        stages = rule.stages(today) | rule.missed(missed, today)
        found = await owed(services, list(stages), programs, excluded, loan_id)
        moments = await loans._prefs.planned_at([r[4] for r in found], start, REMIND_AT)
        for loan, n, due_text, left, user, contract, coordinator, name in found:
            due_on = date.fromisoformat(due_text)
            stage, days = stages[due_on]
            key = f"loan:{loan}:inst:{n}"
            args = encode_args(
                {
                    "amount": Money(left),
                    "due": due_on,
                    "days": days if stage == "due" else (today - due_on).days,
                    "contract": contract,
                }
            )
            if stage == "due":
                message = "loan-remind-due" if days == 0 else "loan-remind-before"
                event = f"due-{days}d"
            else:
                message, event = "loan-remind-overdue", f"overdue-{days}d"
            rows.append(
                _queued(
                    user,
                    f"{key}:{event}",
                    max(moments[user], now),
                    message,
                    args,
                    ("loan-paid-button", link(To.loan_paid, loan=loan)),
                    kind=NUDGE if message == "loan-remind-before" else REMINDER,
                    expires=expires.isoformat(),
                )
            )
            if (
                stage == "overdue"
                and days == rule.escalate_after
                and coordinator is not None
                and coordinator != user
            ):
                rows.append(
                    _queued(
                        coordinator,
                        f"{key}:escalate-{days}d",
                        not_before,
                        "loan-admin-escalation",
                        {**args, "name": html.escape(name or contract)},
                        ("loan-admin-open-button", link(To.loan_admin_card, loan=loan)),
                    )
                )
    return rows


@pytest.mark.parametrize(
    ("now", "seed"),
    [
        (NOW, 1),  # 00:15: every chosen hour is still ahead
        (datetime(2026, 5, 20, 7, 30, tzinfo=UTC), 2),  # 12:30: some hours have passed
        (datetime(2026, 5, 20, 17, 30, tzinfo=UTC), 3),  # 22:30: all have
    ],
)
async def test_the_planner_queues_what_the_per_instalment_planner_queued(
    services: Services, now: datetime, seed: int
) -> None:
    await a_book(services, seed)
    today = now.astimezone(services.loans.zone).date()
    # The bot was down for four days: their overdue reminders are caught up.
    await services.loans.repo.mark_planned(today - timedelta(days=5), 0, now)
    missed = [today - timedelta(days=k) for k in range(4, 0, -1)]
    expected = await reference(services, today, now, missed=missed)
    expected += await services.loans._digest(today, now)

    assert await services.loans.plan(now) == len(expected)
    assert await stored(services.db) == as_stored(expected, now)
    kinds = {m.key.split(":")[-1].split("-")[0] for m in expected}
    assert {"due", "overdue", "escalate"} <= kinds, "every kind of notice was compared"
    assert any(m.payload.get("class") == NUDGE for m in expected)
    assert len({m.not_before for m in expected}) > 1 or now.hour > 16, "chosen hours compared"
    assert await services.loans.plan(now + timedelta(minutes=15)) == 0, "planned once a day"


async def test_one_loan_planned_during_the_day_gets_the_same_rows(services: Services) -> None:
    await a_book(services, 4, loans=40)
    now = datetime(2026, 5, 20, 6, 0, tzinfo=UTC)
    today = now.astimezone(services.loans.zone).date()
    counts = {}
    for loan_id in range(1, 41):
        counts[loan_id] = len(await reference(services, today, now, loan_id=loan_id))
    loan_id = max(counts, key=lambda k: counts[k])
    expected = await reference(services, today, now, loan_id=loan_id)
    assert expected, "a loan with something to remind about today"
    assert await services.loans.plan_loan(loan_id, now) == len(expected)
    assert await stored(services.db) == as_stored(expected, now)
    assert await services.loans.plan_loan(loan_id, now) == 0, "nothing queued twice"


async def test_a_chosen_hour_moves_the_reminder_and_not_the_alert(services: Services) -> None:
    await a_book(services, 5)
    prefs = services.loans._prefs
    start = datetime.combine(TODAY, REMIND_AT, tzinfo=services.loans.zone)
    for hour in range(24):
        moment = prefs.moment(Preferences(hour), start, REMIND_AT)
        assert moment.astimezone(services.loans.zone).hour == hour
    await services.loans.plan(NOW)
    rows = await stored(services.db)
    chosen: dict[int, int | None] = {
        r[0]: r[1]
        for r in await services.db.fetchall("SELECT user_id, remind_hour FROM notification_prefs")
    }
    for recipient, _kind, payload, not_before, *_rest in rows:
        key = json.loads(payload)["key"]
        local = (
            datetime.fromisoformat(not_before).replace(tzinfo=UTC).astimezone(services.loans.zone)
        )
        chosen_hour = chosen.get(recipient)
        if key in ("loan-admin-escalation", "loan-admin-digest") or chosen_hour is None:
            assert local.hour == 10
        else:
            assert local.hour == chosen_hour


async def test_a_month_long_outage_with_a_long_rule_is_caught_up_the_same(
    services: Services,
) -> None:
    # Eight overdue days and a 31-day outage: over a hundred due dates, planned in two
    # statements (the same rows; only their order across statements may differ).
    await a_book(services, 6)
    rule = parse_rule("7 3 1 / 1 2 4 7 14 30 60 90")
    assert rule is not None
    await services.loans.set_rule("zharkyra", rule, by=COORDINATOR)
    now = datetime(2026, 5, 20, 4, 0, tzinfo=UTC)
    today = now.astimezone(services.loans.zone).date()
    await services.loans.repo.mark_planned(today - timedelta(days=60), 0, now)
    missed = [today - timedelta(days=k) for k in range(31, 0, -1)]
    stages = rule.stages(today) | rule.missed(missed, today)
    assert len(stages) > 100
    expected = await reference(services, today, now, missed=missed)
    expected += await services.loans._digest(today, now)
    assert len({m.key.split(":")[-1] for m in expected}) > 10

    assert await services.loans.plan(now) == len(expected)
    assert sorted(await stored(services.db)) == sorted(as_stored(expected, now))
