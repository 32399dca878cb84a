"""Users, their roles and the audit trail."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from storage.db import Database, Row, found, from_db, moment, record, to_db

Role = Literal["coordinator", "trainer", "juror", "mentor"]
ROLES: tuple[Role, ...] = ("coordinator", "trainer", "juror", "mentor")


@dataclass(frozen=True, slots=True)
class RoleGrant:
    id: int
    user_id: int
    role: Role
    program: str | None
    region: str | None
    granted_by: int | None
    granted_at: datetime

    def covers(self, *, program: str | None = None, region: str | None = None) -> bool:
        """Whether this grant reaches an object of that program and region."""
        return (self.program is None or self.program == program) and (
            self.region is None or self.region == region
        )


@dataclass(frozen=True, slots=True)
class User:
    id: int
    first_name: str | None
    last_name: str | None
    username: str | None
    language: str | None
    tg_language: str | None
    consent_at: datetime | None
    blocked_at: datetime | None
    deleted_at: datetime | None
    created_at: datetime
    last_seen_at: datetime
    commands: str | None = None  # the staff command list last published (bot.telegram.commands)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or f"id{self.id}"

    @property
    def onboarded(self) -> bool:
        return self.language is not None and self.deleted_at is None


@dataclass(frozen=True, slots=True)
class Profile:
    """What Telegram tells about a user on every update."""

    id: int
    first_name: str | None
    last_name: str | None
    username: str | None
    language_code: str | None


class UserNotFound(LookupError):
    pass


def _user(row: Row) -> User:
    return record(
        User,
        row,
        consent_at=from_db,
        blocked_at=from_db,
        deleted_at=from_db,
        created_at=moment,
        last_seen_at=moment,
    )


def _grant(row: Row) -> RoleGrant:
    return record(RoleGrant, row, granted_at=moment)


_USER_COLUMNS = (
    "id, first_name, last_name, username, language, tg_language, consent_at, blocked_at,"
    " deleted_at, created_at, last_seen_at, commands"
)


_SEEN_WITH_ROLES = (
    "SELECT "
    + ", ".join("u." + c.strip() for c in _USER_COLUMNS.split(","))
    + ", r.id AS role_id, r.role, r.program, r.region, r.granted_by, r.granted_at"
    " FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = ? ORDER BY r.id"
)


class UserRepo:
    def __init__(self, db: Database, last_seen_resolution: timedelta = timedelta(minutes=10)):
        self._db = db
        self._resolution = last_seen_resolution

    async def get(self, user_id: int) -> User | None:
        return await self._db.one(
            f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", (user_id,), _user
        )

    async def require(self, user_id: int) -> User:
        return found(await self.get(user_id), UserNotFound(user_id))

    async def set_commands(self, user_id: int, value: str) -> None:
        await self._db.execute("UPDATE users SET commands = ? WHERE id = ?", (value, user_id))

    async def seen(self, profile: Profile, now: datetime) -> User:
        """The per-update call: one SELECT, and a write only when something changed.

        A new user is inserted; a changed name, a cleared block or a `last_seen_at` older than
        the resolution is written; otherwise nothing is written.
        """
        return await self._refresh(await self.get(profile.id), profile, now)

    async def seen_with_roles(
        self, profile: Profile, now: datetime
    ) -> tuple[User, tuple[RoleGrant, ...]]:
        """`seen` and the user's roles in one round trip: the per-update path of the bot."""
        rows = await self._db.lookup(_SEEN_WITH_ROLES, (profile.id,))
        if not rows:
            return await self._refresh(None, profile, now), ()
        grants = tuple(
            RoleGrant(
                id=r["role_id"],
                user_id=profile.id,
                role=r["role"],
                program=r["program"],
                region=r["region"],
                granted_by=r["granted_by"],
                granted_at=from_db(r["granted_at"]) or now,
            )
            for r in rows
            if r["role_id"] is not None
        )
        return await self._refresh(_user(rows[0]), profile, now), grants

    async def _refresh(self, user: User | None, profile: Profile, now: datetime) -> User:
        if user is None:
            await self._db.execute(
                "INSERT INTO users (id, first_name, last_name, username, tg_language,"
                " created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO NOTHING",
                (
                    profile.id,
                    profile.first_name,
                    profile.last_name,
                    profile.username,
                    profile.language_code,
                    to_db(now),
                    to_db(now),
                ),
            )
            return await self.require(profile.id)
        changed = (
            user.blocked_at is not None
            or now - user.last_seen_at >= self._resolution
            or (
                user.deleted_at is None
                and (
                    user.first_name != profile.first_name
                    or user.last_name != profile.last_name
                    or user.username != profile.username
                )
            )
            or user.tg_language != profile.language_code
        )
        if not changed:
            return user
        keep_names = user.deleted_at is not None  # an erased user stays erased until /start
        await self._db.execute(
            "UPDATE users SET first_name = ?, last_name = ?, username = ?, tg_language = ?,"
            " blocked_at = NULL, last_seen_at = ? WHERE id = ?",
            (
                None if keep_names else profile.first_name,
                None if keep_names else profile.last_name,
                None if keep_names else profile.username,
                profile.language_code,
                to_db(now),
                profile.id,
            ),
        )
        return replace(
            user,
            first_name=None if keep_names else profile.first_name,
            last_name=None if keep_names else profile.last_name,
            username=None if keep_names else profile.username,
            tg_language=profile.language_code,
            blocked_at=None,
            last_seen_at=now,
        )

    async def restore(self, profile: Profile, now: datetime) -> None:
        """A user who erased their data starts again: names back, onboarding from scratch."""
        await self._db.execute(
            "UPDATE users SET first_name = ?, last_name = ?, username = ?, deleted_at = NULL,"
            " language = NULL, consent_at = NULL, last_seen_at = ? WHERE id = ?",
            (profile.first_name, profile.last_name, profile.username, to_db(now), profile.id),
        )

    async def set_language(self, user_id: int, language: str) -> None:
        await self._db.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def set_consent(self, user_id: int, at: datetime | None) -> None:
        await self._db.execute(
            "UPDATE users SET consent_at = ? WHERE id = ?", (to_db(at), user_id)
        )

    async def set_region_if_unset(self, user_id: int, region: str) -> None:
        """The region someone is known to live in (their loan's), unless they gave one."""
        await self._db.execute(
            "UPDATE users SET region = ? WHERE id = ? AND region IS NULL", (region, user_id)
        )

    async def mark_blocked(self, user_id: int, at: datetime) -> None:
        await self._db.execute(
            "UPDATE users SET blocked_at = ? WHERE id = ? AND blocked_at IS NULL",
            (to_db(at), user_id),
        )

    async def erase(self, user_id: int, at: datetime) -> None:
        """Remove personal data but keep the row, so records that refer to it stay whole."""
        await self._db.execute(
            "UPDATE users SET first_name = NULL, last_name = NULL, username = NULL,"
            " consent_at = NULL, language = NULL, deleted_at = ? WHERE id = ?",
            (to_db(at), user_id),
        )
        await self._db.execute("DELETE FROM user_roles WHERE user_id = ?", (user_id,))

    async def upsert_demo(self, profile: Profile, language: str, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO users (id, first_name, last_name, username, language, consent_at,"
            " created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,"
            " last_name = excluded.last_name, username = excluded.username,"
            " language = excluded.language",
            (
                profile.id,
                profile.first_name,
                profile.last_name,
                profile.username,
                language,
                to_db(now),
                to_db(now),
                to_db(now),
            ),
        )

    async def count(self) -> int:
        return int(await self._db.fetchval("SELECT COUNT(*) FROM users") or 0)

    # -- roles --------------------------------------------------------------------------------

    async def roles_of(self, user_id: int) -> tuple[RoleGrant, ...]:
        rows = await self._db.fetchall(
            "SELECT * FROM user_roles WHERE user_id = ? ORDER BY id", (user_id,)
        )
        return tuple(_grant(r) for r in rows)

    async def all_roles(self) -> list[tuple[RoleGrant, User]]:
        """Every grant with its holder, coordinators first."""
        grants = [
            _grant(r)
            for r in await self._db.fetchall("SELECT * FROM user_roles ORDER BY role, id")
        ]
        ids = sorted({g.user_id for g in grants})
        users: dict[int, User] = {}
        if ids:
            marks = ", ".join("?" for _ in ids)
            rows = await self._db.fetchall(
                f"SELECT {_USER_COLUMNS} FROM users WHERE id IN ({marks})", ids
            )
            users = {row["id"]: _user(row) for row in rows}
        return [(g, users[g.user_id]) for g in grants]

    async def grant(
        self,
        user_id: int,
        role: Role,
        *,
        program: str | None,
        region: str | None,
        granted_by: int | None,
        now: datetime,
    ) -> bool:
        """Grant a role; False when the very same grant already exists."""
        count = await self._db.execute(
            "INSERT INTO user_roles (user_id, role, program, region, granted_by, granted_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (user_id, role, program, region, granted_by, to_db(now)),
        )
        return count > 0

    async def get_grant(self, grant_id: int) -> RoleGrant | None:
        row = await self._db.fetchone("SELECT * FROM user_roles WHERE id = ?", (grant_id,))
        return None if row is None else _grant(row)

    async def revoke(self, grant_id: int) -> bool:
        return await self._db.execute("DELETE FROM user_roles WHERE id = ?", (grant_id,)) > 0


# Where a person's data lives, by category: the table and the condition that names them (one
# parameter, their id). /privacy counts these and exports their rows; the user row comes apart.
PERSONAL_TABLES: tuple[tuple[str, str, str], ...] = (
    ("roles", "user_roles", "user_id = ?"),
    ("applications", "applications", "user_id = ?"),
    (
        "files",
        "application_files",
        "application_id IN (SELECT id FROM applications WHERE user_id = ?)",
    ),
    ("courses", "cohort_members", "user_id = ?"),
    ("lessons", "lesson_progress", "user_id = ?"),
    ("certificates", "certificates", "user_id = ?"),
    ("webinars", "webinar_registrations", "user_id = ?"),
    ("loans", "loans", "user_id = ?"),
    ("payments", "loan_payments", "loan_id IN (SELECT id FROM loans WHERE user_id = ?)"),
    ("notification_settings", "notification_prefs", "user_id = ?"),
    # The support cycle (revision 0003): what the person entered, was funded for, reported,
    # and their mentoring; a juror's own scores and a mentor's own mentees are theirs too.
    ("contest_entries", "contest_entries", "user_id = ?"),
    (
        "contest_budget",
        "contest_budget_items",
        "entry_id IN (SELECT id FROM contest_entries WHERE user_id = ?)",
    ),
    (
        "contest_files",
        "contest_files",
        "entry_id IN (SELECT id FROM contest_entries WHERE user_id = ?)",
    ),
    ("contest_scores", "contest_scores", "juror_id = ?"),
    ("projects", "projects", "user_id = ?"),
    (
        "project_reports",
        "project_reports",
        "project_id IN (SELECT id FROM projects WHERE user_id = ?)",
    ),
    (
        "project_report_files",
        "project_report_files",
        "report_id IN (SELECT r.id FROM project_reports r JOIN projects p"
        " ON p.id = r.project_id WHERE p.user_id = ?)",
    ),
    ("mentorships", "mentorships", "mentee_id = ?"),
    (
        "mentor_checkins",
        "mentor_checkins",
        "mentorship_id IN (SELECT id FROM mentorships WHERE mentee_id = ?)",
    ),
    ("mentees", "mentorships", "mentor_id = ?"),
    ("program_alerts", "program_watchers", "user_id = ? AND notified_at IS NULL"),
)


class PersonalDataRepo:
    """What the database holds about one person, for /privacy: counts and a full copy."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def counts(self, user_id: int) -> dict[str, int]:
        """Rows per category (see PERSONAL_TABLES), only the categories that hold any."""
        found: dict[str, int] = {}
        for category, table, where in PERSONAL_TABLES:
            count = int(
                await self._db.fetchval(f"SELECT COUNT(*) FROM {table} WHERE {where}", (user_id,))
                or 0
            )
            if count:
                found[category] = count
        return found

    async def rows(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the person, by category; the user row as "profile"."""
        found: dict[str, list[dict[str, Any]]] = {}
        profile = await self._db.fetchall("SELECT * FROM users WHERE id = ?", (user_id,))
        found["profile"] = [dict(r) for r in profile]
        for category, table, where in PERSONAL_TABLES:
            rows = await self._db.fetchall(f"SELECT * FROM {table} WHERE {where}", (user_id,))
            if rows:
                found[category] = [dict(r) for r in rows]
        return found


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        *,
        actor_id: int | None,
        action: str,
        subject: str,
        now: datetime,
        details: dict[str, Any] | None = None,
    ) -> None:
        await self._db.execute(
            "INSERT INTO audit_log (actor_id, action, subject, details, at)"
            " VALUES (?, ?, ?, ?, ?)",
            (actor_id, action, subject, json.dumps(details or {}, ensure_ascii=False), to_db(now)),
        )

    async def for_subject(self, subject: str) -> Sequence[Row]:
        return await self._db.fetchall(
            "SELECT * FROM audit_log WHERE subject = ? ORDER BY id", (subject,)
        )
