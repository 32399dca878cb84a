"""People: who someone is (their profile, language, consent) and the roles they hold.

The one home for those rules and writes: handlers ask this service, never the users table.
The record types handlers show (`User`, `RoleGrant`…) are re-exported here, so the Telegram
layer needs nothing from `storage`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.clock import Clock
from storage.users import ROLES as ROLES
from storage.users import AuditLog, UserRepo
from storage.users import Profile as Profile
from storage.users import Role as Role
from storage.users import RoleGrant as RoleGrant
from storage.users import User as User


class People:
    def __init__(self, users: UserRepo, audit: AuditLog, clock: Clock) -> None:
        self.repo = users
        self._audit = audit
        self._clock = clock

    async def get(self, user_id: int) -> User | None:
        return await self.repo.get(user_id)

    async def require(self, user_id: int) -> User:
        return await self.repo.require(user_id)

    async def set_language(self, user_id: int, language: str) -> None:
        await self.repo.set_language(user_id, language)

    async def set_consent(self, user_id: int, at: datetime | None) -> None:
        await self.repo.set_consent(user_id, at)

    async def restore(self, profile: Profile) -> None:
        """Someone who erased their data starts again: names back, onboarding from scratch."""
        await self.repo.restore(profile, self._clock.now())

    async def roles_of(self, user_id: int) -> tuple[RoleGrant, ...]:
        return await self.repo.roles_of(user_id)

    async def all_roles(self) -> list[tuple[RoleGrant, User]]:
        return await self.repo.all_roles()

    async def get_grant(self, grant_id: int) -> RoleGrant | None:
        return await self.repo.get_grant(grant_id)

    async def grant(
        self,
        user_id: int,
        role: Role,
        *,
        program: str | None,
        region: str | None,
        granted_by: int | None,
    ) -> bool:
        """Grant a role; False when the very same grant already exists."""
        return await self.repo.grant(
            user_id,
            role,
            program=program,
            region=region,
            granted_by=granted_by,
            now=self._clock.now(),
        )

    async def revoke(self, grant_id: int) -> bool:
        return await self.repo.revoke(grant_id)

    async def record(
        self, *, actor_id: int | None, action: str, subject: str, details: dict[str, Any] | None
    ) -> None:
        """An entry of the audit log (who did what to whom), stamped now."""
        await self._audit.record(
            actor_id=actor_id,
            action=action,
            subject=subject,
            now=self._clock.now(),
            details=details,
        )
