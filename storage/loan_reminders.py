"""The loan reminder planner's statement (issue #18): every notice of a planning run goes into
the outbox by one INSERT … SELECT, so 100,000 loans never pass through Python row by row.

The planner (`bot.loans.reminders`) builds each stage's notices once, as text with holes
(`Template`): the key and the JSON payload exactly as `Outbox` would store them. This module
turns them into SQL that fills the holes from each instalment's row — numbers as digits, texts
as JSON strings (SQLite's `json_quote`, PostgreSQL's `to_json`, both escaping as Python's
`json.dumps(..., ensure_ascii=False)` does) — and picks each reminder's moment by the hour the
borrower chose (`notification_prefs`). `LoanRepo.queue_reminders` runs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

# A notice the planner queues for each instalment of a due date, as text with holes the query
# fills per instalment: (literal, hole, literal, …, literal). Holes: "loan", "n" (its number),
# "left" (what is still owed) as digits; "contract", "name" (the borrower's name, or the contract,
# HTML-escaped) as JSON strings.
Template = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """One outbox row per instalment: its idempotency key and JSON payload as templates."""

    key: Template
    payload: Template
    kind: str
    urgent: bool
    priority: int


@dataclass(frozen=True, slots=True)
class Stage:
    """What the planner queues about the instalments owed on `due_on`: a reminder to the
    borrower (at the hour they chose), and an alert to the loan's coordinator if given (when
    the coordinator is a known user and not the borrower)."""

    due_on: date
    reminder: Notice
    alert: Notice | None = None


# html.escape as SQL REPLACEs, in its order (`&` first); `'` doubled inside an SQL literal.
_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("''", "&#x27;"))


def template_sql(template: Template, params: list[Any], postgres: bool) -> str:
    """SQL for a template over `loan_instalments i JOIN loans l`: its literals become
    parameters (appended to `params`), its holes the instalment's values."""
    json = "CAST(to_json(CAST({} AS TEXT)) AS TEXT)" if postgres else "json_quote({})"
    name = "COALESCE(NULLIF(l.borrower_name, ''), l.contract)"
    for plain, escaped in _HTML_ESCAPES:
        name = f"REPLACE({name}, '{plain}', '{escaped}')"
    holes = {
        "loan": "CAST(i.loan_id AS TEXT)",
        "n": "CAST(i.n AS TEXT)",
        "left": "CAST(i.amount - i.paid AS TEXT)",
        "contract": json.format("l.contract"),
        "name": json.format(name),
    }
    parts = []
    for index, piece in enumerate(template):
        if index % 2:
            parts.append(holes[piece])
        elif piece:
            parts.append("CAST(? AS TEXT)")
            params.append(piece)
    return " || ".join(parts) or "''"


def insert_sql(
    stages: Sequence[Stage],
    *,
    programs: Sequence[str] | None,
    except_programs: Sequence[str],
    loan_id: int | None,
    at_hour: Sequence[str],
    at_default: str,
    alert_at: str,
    created: str,
    postgres: bool,
) -> tuple[str, list[Any]]:
    """The INSERT … SELECT of `LoanRepo.queue_reminders` and its parameters: one SELECT per
    notice of each stage (the instalments due that day, through `loan_instalments_owed`), in
    the order of loan, instalment, reminder before alert; keys already queued are ignored."""
    where = "i.paid < i.amount AND l.user_id IS NOT NULL AND l.status = 'active'"
    filters: list[Any] = []
    if programs is not None:
        where += " AND l.program IN (" + ", ".join("?" for _ in programs) + ")"
        filters += programs
    elif except_programs:
        where += " AND l.program NOT IN (" + ", ".join("?" for _ in except_programs) + ")"
        filters += except_programs
    if loan_id is not None:
        where += " AND i.loan_id = ?"
        filters.append(loan_id)
    selects: list[str] = []
    params: list[Any] = []
    for stage in stages:
        for notice, alert in ((stage.reminder, False), (stage.alert, True)):
            if notice is None:
                continue
            select = (
                f"SELECT {'l.coordinator_id' if alert else 'l.user_id'} AS recipient,"
                f" {template_sql(notice.payload, params, postgres)} AS payload,"
                f" {template_sql(notice.key, params, postgres)} AS idem,"
                f" {'CAST(NULL AS INTEGER)' if alert else 'p.remind_hour'} AS hour,"
                " CAST(? AS TEXT) AS fixed, CAST(? AS TEXT) AS kind,"
                " CAST(? AS INTEGER) AS urgent, CAST(? AS INTEGER) AS priority,"
                f" i.loan_id AS loan_id, i.n AS n, {int(alert)} AS ord"
                " FROM loan_instalments i JOIN loans l ON l.id = i.loan_id"
            )
            params += [alert_at if alert else None, notice.kind, int(notice.urgent)]
            params.append(notice.priority)
            if not alert:
                select += " LEFT JOIN notification_prefs p ON p.user_id = l.user_id"
            select += f" WHERE i.due_on = ? AND {where}"
            params += [stage.due_on.isoformat(), *filters]
            if alert:
                select += (
                    " AND l.coordinator_id <> l.user_id"
                    " AND EXISTS (SELECT 1 FROM users c WHERE c.id = l.coordinator_id)"
                )
            selects.append(select)
    hours = " ".join(f"WHEN {h} THEN CAST(? AS TEXT)" for h in range(len(at_hour)))
    sql = (
        "INSERT INTO outbox (recipient, kind, payload, not_before, urgent, priority,"
        " idempotency_key, broadcast_id, created_at, updated_at)"
        " SELECT q.recipient, q.kind, q.payload,"
        f" COALESCE(q.fixed, CASE q.hour {hours} ELSE CAST(? AS TEXT) END),"
        " q.urgent, q.priority, q.idem, CAST(NULL AS BIGINT), CAST(? AS TEXT),"
        " CAST(? AS TEXT) FROM (" + " UNION ALL ".join(selects) + ") q"
        " WHERE 1 = 1 ORDER BY q.loan_id, q.n, q.ord ON CONFLICT DO NOTHING"
    )
    return sql, [*at_hour, at_default, created, created, *params]
