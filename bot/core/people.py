"""People: who someone is (their profile, language, consent) and the roles they hold.

The one home for those rules and writes: handlers ask this service, never the users table.
The record types handlers show (`User`, `RoleGrant`…) are re-exported here, so the Telegram
layer needs nothing from `storage`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.access import Access
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

    async def consent(self, user_id: int, given: bool) -> User:
        """Personal-data consent given now (or withdrawn); the person as they are after it."""
        await self.repo.set_consent(user_id, self._clock.now() if given else None)
        return await self.repo.require(user_id)

    async def restore(self, profile: Profile) -> User:
        """Someone who erased their data starts again: names back, onboarding from scratch."""
        await self.repo.restore(profile, self._clock.now())
        return await self.repo.require(profile.id)

    async def access_of(self, user_id: int, *, is_admin: bool) -> Access:
        """What this person may do now, from the database (a role may have just changed)."""
        return Access(user_id, is_admin, await self.repo.roles_of(user_id))

    async def roles_of(self, user_id: int) -> tuple[RoleGrant, ...]:
        return await self.repo.roles_of(user_id)

    async def all_roles(self) -> list[tuple[RoleGrant, User]]:
        return await self.repo.all_roles()

    async def get_grant(self, grant_id: int) -> RoleGrant | None:
        return await self.repo.get_grant(grant_id)

    async def revoke(self, grant_id: int) -> bool:
        return await self.repo.revoke(grant_id)

    async def grant_role(
        self,
        user_id: int,
        role: Role,
        *,
        program: str | None,
        region: str | None,
        by: int,
    ) -> bool:
        """A role granted by `by`, with its audit entry; False (and no entry) when the very
        same grant already exists."""
        added = await self.repo.grant(
            user_id, role, program=program, region=region, granted_by=by, now=self._clock.now()
        )
        if added:
            await self.record(
                actor_id=by,
                action="role.grant",
                subject=f"user:{user_id}",
                details={"role": role, "program": program, "region": region},
            )
        return added

    async def revoke_role(self, grant_id: int, *, by: int) -> RoleGrant | None:
        """A grant revoked by `by`, with its audit entry; None when it was already gone."""
        grant = await self.repo.get_grant(grant_id)
        if grant is None or not await self.repo.revoke(grant.id):
            return None
        await self.record(
            actor_id=by,
            action="role.revoke",
            subject=f"user:{grant.user_id}",
            details={"role": grant.role, "region": grant.region},
        )
        return grant

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
