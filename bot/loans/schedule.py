"""Loans, the pure part: the repayment schedule, how confirmed money is allocated, days past due
and portfolio figures, reminder days, drafts of loans to open (files coordinators import are
read in `bot.loans.imports`).

No Telegram, no database: plain functions over dataclasses, tested with property tests
(tests/loans/test_loans_schedule.py).
Money is whole tenge (`int`), dates are Kazakhstan local dates.

**The schedule** (docs/loans.md). A loan of `principal` runs `term_months` from the disbursement;
payments are monthly or quarterly. The first `grace_months` carry no principal. The principal is
repaid in `(term - grace) / period` instalments, due on the day of the month of `first_due_on`
(clamped to the month's end: 31 January → 28/29 February → 31 March). With a non-zero rate,
interest is charged each period on the outstanding principal (annual rate × months / 12) and the
instalments are an **annuity**: equal payments of principal and interest, rounded down to whole
tenge, with the remainder in the last one; periods before the first principal payment carry
interest only. At 0% that is simply principal / count, the remainder in the last instalment. The
principal parts always add up to the principal.
"""

from __future__ import annotations

import calendar
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Literal, Protocol

Frequency = Literal["monthly", "quarterly"]
FREQUENCIES: tuple[Frequency, ...] = ("monthly", "quarterly")
PERIOD_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3}

DEFAULT_TERM = 60
MAX_TERM = 120
MAX_GRACE = 24
MAX_RATE_BP = 5000  # 50 % a year: anything above is a typo
MAX_PRINCIPAL = 1_000_000_000
FIRST_DUE_SLACK_MONTHS = 12  # the first principal payment may be this much after the grace
INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
INVITE_LENGTH = 8
DISBURSED_AHEAD = timedelta(days=31)  # a loan may be entered up to a month before the money goes
DISBURSED_BACK = timedelta(days=3660)  # and up to ten years after


# -- dates --------------------------------------------------------------------------------------


def add_months(day: date, months: int, anchor: int | None = None) -> date:
    """`day` moved by whole months, on the `anchor` day of the month (default: day's own),
    clamped to the month's end: add_months(31 Jan, 1) = 28 or 29 Feb."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(anchor or day.day, last))


def default_first_due(disbursed_on: date, grace_months: int, frequency: Frequency) -> date:
    """One period after the grace ends, on the disbursement's day of the month."""
    return add_months(disbursed_on, grace_months + PERIOD_MONTHS[frequency])


# -- terms and the schedule ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Terms:
    """What a loan contract says about repayment."""

    principal: int
    disbursed_on: date
    first_due_on: date
    term_months: int = DEFAULT_TERM
    grace_months: int = 0
    frequency: Frequency = "monthly"
    rate_bp: int = 0  # a year, in hundredths of a percent: 250 = 2.5 %
    # The day of the month payments fall on; 0: the first due date's. A loan disbursed on
    # 31 January pays on the 31st, clamped: 28/29 February, 31 March, 30 April …
    due_day: int = 0

    @property
    def anchor(self) -> int:
        return self.due_day or self.first_due_on.day

    @property
    def period(self) -> int:
        return PERIOD_MONTHS[self.frequency]

    @property
    def principal_count(self) -> int:
        return (self.term_months - self.grace_months) // self.period


@dataclass(frozen=True, slots=True)
class Scheduled:
    n: int
    due_on: date
    principal: int
    interest: int

    @property
    def amount(self) -> int:
        return self.principal + self.interest


class TermsError(ValueError):
    """Terms no schedule can be made of; `key` is a Fluent key suffix, `args` its arguments."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = args


def check_principal(principal: int) -> None:
    if not 0 < principal <= MAX_PRINCIPAL:
        raise TermsError("principal", max=MAX_PRINCIPAL)


def check_rate(rate_bp: int) -> None:
    if not 0 <= rate_bp <= MAX_RATE_BP:
        raise TermsError("rate", max=MAX_RATE_BP // 100)


def check_term(term_months: int, period: int) -> None:
    """Whole periods (months or quarters), at most MAX_TERM months."""
    if not 0 < term_months <= MAX_TERM or term_months % period:
        raise TermsError("term", max=MAX_TERM, period=period)


def check_grace(grace_months: int, period: int, term_months: int) -> None:
    """Whole periods, at most MAX_GRACE months, shorter than the term."""
    if not 0 <= grace_months <= MAX_GRACE or grace_months % period:
        raise TermsError("grace", max=MAX_GRACE, period=period)
    if grace_months >= term_months:
        raise TermsError("grace-term")


def disbursement_window(today: date) -> tuple[date, date]:
    """The disbursement dates a loan may be opened with: ten years back, a month ahead."""
    return today - DISBURSED_BACK, today + DISBURSED_AHEAD


def check_disbursed(disbursed_on: date, today: date) -> None:
    """`TermsError` "disbursed-future" (with the latest date) or "disbursed-past" for a date
    outside `disbursement_window`."""
    earliest, latest = disbursement_window(today)
    if disbursed_on > latest:
        raise TermsError("disbursed-future", max=latest)
    if disbursed_on < earliest:
        raise TermsError("disbursed-past")


def payment_date_error(paid_on: date, disbursed_on: date, today: date) -> str | None:
    """Why a payment cannot be dated so ("date-future", "date-before"), or None: money is
    paid between the disbursement and today."""
    if paid_on > today:
        return "date-future"
    if paid_on < disbursed_on:
        return "date-before"
    return None


def check_terms(terms: Terms) -> None:
    """Raise `TermsError` unless a schedule can be made of these terms."""
    if terms.frequency not in FREQUENCIES:
        raise TermsError("frequency")
    check_principal(terms.principal)
    check_rate(terms.rate_bp)
    period = terms.period
    check_term(terms.term_months, period)
    check_grace(terms.grace_months, period, terms.term_months)
    if terms.principal < terms.principal_count:
        raise TermsError("principal-small", count=terms.principal_count)
    if not 1 <= terms.anchor <= 31 or add_months(terms.first_due_on, 0, terms.anchor) != (
        terms.first_due_on
    ):
        raise TermsError("due-day")
    earliest = add_months(terms.disbursed_on, terms.grace_months)
    if terms.first_due_on <= terms.disbursed_on or terms.first_due_on < earliest:
        raise TermsError("first-due-early", earliest=max(earliest, terms.disbursed_on))
    latest = add_months(earliest, period + FIRST_DUE_SLACK_MONTHS)
    if terms.first_due_on > latest:
        raise TermsError("first-due-late", latest=latest)


def _whole(value: Decimal, rounding: str = ROUND_HALF_UP) -> int:
    return int(value.to_integral_value(rounding=rounding))


def build_schedule(terms: Terms) -> list[Scheduled]:
    """The instalments, in due order, numbered from 1 (see the module's docstring)."""
    check_terms(terms)
    period, anchor, count = terms.period, terms.anchor, terms.principal_count
    rate = Decimal(terms.rate_bp) / Decimal(10_000) * Decimal(period) / Decimal(12)
    rows: list[Scheduled] = []
    if rate:  # interest-only payments on the regular dates before the first principal payment
        grace_dates = []
        step = 1
        while (day := add_months(terms.first_due_on, -period * step, anchor)) > terms.disbursed_on:
            grace_dates.append(day)
            step += 1
        interest = _whole(terms.principal * rate)
        rows += [Scheduled(0, day, 0, interest) for day in reversed(grace_dates)]
    if rate:
        growth = (1 + rate) ** count
        payment = _whole(terms.principal * rate * growth / (growth - 1), ROUND_FLOOR)
    else:
        payment = terms.principal // count
    outstanding = terms.principal
    for k in range(count):
        interest = _whole(outstanding * rate)
        # The last instalment takes the rounding remainder.
        last = k == count - 1
        part = outstanding if last else min(max(payment - interest, 0), outstanding)
        due = add_months(terms.first_due_on, period * k, anchor)
        rows.append(Scheduled(0, due, part, interest))
        outstanding -= part
    return [Scheduled(n, r.due_on, r.principal, r.interest) for n, r in enumerate(rows, 1)]


# -- allocation and days past due ---------------------------------------------------------------


def allocate(amounts: Sequence[int], total: int) -> list[int]:
    """What `total` confirmed money covers of each instalment, oldest first: a partial payment
    leaves the rest of an instalment due, an overpayment covers the next ones."""
    paid, left = [], max(total, 0)
    for amount in amounts:
        take = min(amount, left)
        paid.append(take)
        left -= take
    return paid


class Owed(Protocol):
    """An instalment as far as days past due are concerned."""

    @property
    def due_on(self) -> date: ...

    @property
    def amount(self) -> int: ...

    @property
    def paid(self) -> int: ...


def days_past_due(instalments: Iterable[Owed], today: date) -> int:
    """Days since the oldest instalment not covered fell due; 0 if none is late."""
    late = [i.due_on for i in instalments if i.paid < i.amount and i.due_on < today]
    return (today - min(late)).days if late else 0


# Days-past-due buckets: current, 1–30, 31–60, 61–90, 91+ (PAR30 = 31+, PAR90 = 91+).
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91+", 91, None),
)
PAR_DAYS = (1, 31, 91)  # PAR1, PAR30, PAR90: at least this many days past due


def bucket_of(dpd: int) -> str:
    for label, low, high in BUCKETS:
        if dpd >= low and (high is None or dpd <= high):
            return label
    raise ValueError(dpd)


@dataclass(frozen=True, slots=True)
class Bucket:
    label: str
    loans: int
    outstanding: int


@dataclass(frozen=True, slots=True)
class Portfolio:
    """A portfolio's figures (every loan the filter selects)."""

    loans: int
    repaid_loans: int
    disbursed: int
    total_due: int
    repaid: int
    overdue: int  # instalments due before today, not covered
    late_loans: int
    par: tuple[int, int, int]  # outstanding of loans ≥ 1, 31, 91 days past due
    buckets: tuple[Bucket, ...]
    relent: int  # principal of loans lent from money that came back

    @property
    def outstanding(self) -> int:
        return self.total_due - self.repaid

    def par_share(self, index: int) -> float:
        return self.par[index] / self.outstanding if self.outstanding else 0.0

    @property
    def repayment_rate(self) -> float | None:
        """Collected ÷ (collected + overdue): the share of what fell due that came back
        (payments ahead of schedule count as collected)."""
        due = self.repaid + self.overdue
        return self.repaid / due if due else None

    @property
    def available(self) -> int:
        """Money that came back and was not lent again yet."""
        return max(self.repaid - self.relent, 0)


def percent(share: float) -> str:
    """0.0523 → `5,2 %` (both languages write a decimal comma)."""
    return f"{share * 100:.1f}".replace(".", ",") + "\u00a0%"


def progress_bar(done: int, total: int, width: int = 10) -> str:
    """▰▰▰▱▱▱▱▱▱▱ 31 %"""
    share = done / total if total else 0.0
    filled = min(width, int(width * share))
    return "▰" * filled + "▱" * (width - filled) + f" {int(share * 100)}\u00a0%"


# -- reminders ----------------------------------------------------------------------------------

DEFAULT_BEFORE = (7, 3, 1)
DEFAULT_AFTER = (1, 7, 14, 30)
MAX_REMINDER_DAY = 180
MAX_REMINDER_DAYS = 8


@dataclass(frozen=True, slots=True)
class ReminderRule:
    """Days before a due date and after it (overdue) when the borrower is reminded; on the due
    day always. The last overdue reminder (30 days by default) goes to the coordinator too."""

    before: tuple[int, ...] = DEFAULT_BEFORE
    after: tuple[int, ...] = DEFAULT_AFTER

    @property
    def escalate_after(self) -> int | None:
        return max(self.after) if self.after else None

    def stages(self, today: date) -> dict[date, tuple[str, int]]:
        """Due date → (stage, days) of the instalments to remind about today."""
        found: dict[date, tuple[str, int]] = {today: ("due", 0)}
        for days in self.before:
            found[today + timedelta(days=days)] = ("due", days)
        for days in self.after:
            found[today - timedelta(days=days)] = ("overdue", days)
        return found

    def missed(self, days: Iterable[date], today: date) -> dict[date, tuple[str, int]]:
        """Due date → ("overdue", stage) of the overdue reminders that fell on `days` (days the
        planner did not run: an outage) and are not among today's. Each instalment gets its
        latest missed stage only: one late message, not one per missed day. Reminders before a
        due date are not caught up: "due in 3 days" sent after the date would be wrong."""
        current = self.stages(today)
        found: dict[date, tuple[str, int]] = {}
        for day in sorted(days):
            for after in self.after:
                due = day - timedelta(days=after)
                if due not in current:
                    found[due] = ("overdue", after)
        return found

    def text(self) -> str:
        return f"{' '.join(map(str, self.before)) or '-'} / {' '.join(map(str, self.after))}"


def _days(text: str) -> tuple[int, ...] | None:
    text = text.strip()
    if text in ("", "-", "—"):
        return ()
    parts = re.split(r"[\s,;]+", text)
    if not all(p.isdigit() for p in parts):
        return None
    days = sorted({int(p) for p in parts}, reverse=True)
    if len(days) > MAX_REMINDER_DAYS or any(not 1 <= d <= MAX_REMINDER_DAY for d in days):
        return None
    return tuple(days)


def parse_rule(text: str) -> ReminderRule | None:
    """`7 3 1 / 1 7 14 30` (before / after); None if it cannot be read."""
    before, sep, after = text.partition("/")
    if not sep:
        return None
    parsed_before, parsed_after = _days(before), _days(after)
    if parsed_before is None or parsed_after is None:
        return None
    return ReminderRule(parsed_before, tuple(sorted(parsed_after)))


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))


# -- rates --------------------------------------------------------------------------------------

_RATE_RE = re.compile(r"([0-9]{1,2})(?:[.,]([0-9]{1,2}))?")


def parse_rate(text: str) -> int | None:
    """`0`, `2,5`, `2.5 %`, `12%` → basis points (250); None if it cannot be read."""
    compact = text.strip().replace(" ", "").replace("\u00a0", "").removesuffix("%")
    match = _RATE_RE.fullmatch(compact)
    if match is None:
        return None
    whole, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    value = int(whole) * 100 + int(fraction)
    return value if value <= MAX_RATE_BP else None


def format_rate(rate_bp: int) -> str:
    """250 → `2,5 %`; 0 → `0 %`."""
    whole, rest = divmod(rate_bp, 100)
    text = str(whole) if not rest else f"{whole},{rest:02d}".rstrip("0")
    return f"{text}\u00a0%"


# -- opening loans ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoanDraft:
    """A loan ready to create: from the wizard or an imported row."""

    contract: str
    borrower_name: str
    program: str
    region: str | None
    terms: Terms
    from_fund: bool = False
    user_id: int | None = None
    application_id: int | None = None
    # An imported loan's history: what was repaid before it came into the bot, as dated
    # payments (from the file's payment sheet, or the "repaid to date" column as of the import).
    history: tuple[tuple[date, int], ...] = ()

    @property
    def repaid(self) -> int:
        return sum(amount for _, amount in self.history)


def refusal_key(key: str) -> str:
    """The Fluent key of a refused row's reason: the terms' own messages, or the import's."""
    return f"loan-{key}" if key.startswith("terms-") else f"loan-import-{key}"


@dataclass(frozen=True, slots=True)
class Refused:
    """A row that was not imported: its row number, a Fluent key suffix and arguments."""

    number: int
    contract: str
    key: str
    args: dict[str, Any] = field(default_factory=dict)


CONTRACT_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі/._№#-]{1,40}")
NAME_MIN, NAME_MAX = 3, 120


def normalise_contract(text: str) -> str | None:
    """A contract number as stored: no spaces, upper case (`zh-2026-014` is `ZH-2026-014`)."""
    value = "".join(str(text).split()).upper()
    return value if CONTRACT_RE.fullmatch(value) else None


@dataclass(frozen=True, slots=True)
class Opening:
    """What an imported loan will look like on its first morning: paid, overdue, and the
    reminders due that day (once the borrower has joined with the invite)."""

    repaid: int
    total: int
    overdue: int
    days_late: int
    notices: tuple[tuple[str, int], ...]  # (stage, days): ("due", 3), ("overdue", 30)
    escalates: bool


def opening(draft: LoanDraft, morning: date, rule: ReminderRule) -> Opening:
    """The position of a loan about to be imported, on the morning of `morning`: its
    schedule with the history allocated oldest first, and what the planner will send."""
    schedule = build_schedule(draft.terms)
    paid = allocate([s.amount for s in schedule], draft.repaid)
    open_items = [(s, s.amount - p) for s, p in zip(schedule, paid, strict=True) if p < s.amount]
    late = [(s, left) for s, left in open_items if s.due_on < morning]
    stages = rule.stages(morning)
    notices = tuple(stages[s.due_on] for s, _ in open_items if s.due_on in stages)
    return Opening(
        repaid=draft.repaid,
        total=sum(s.amount for s in schedule),
        overdue=sum(left for _, left in late),
        days_late=(morning - late[0][0].due_on).days if late else 0,
        notices=notices,
        escalates=("overdue", rule.escalate_after) in notices,
    )
