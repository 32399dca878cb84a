"""Who may do what. Every coordinator-only handler asks this, on the server, every time."""

from __future__ import annotations

from dataclasses import dataclass

from storage.users import RoleGrant


@dataclass(frozen=True, slots=True)
class Access:
    user_id: int
    is_admin: bool  # listed in ADMIN_IDS: a coordinator of everything, not revocable in the bot
    grants: tuple[RoleGrant, ...]

    @property
    def is_coordinator(self) -> bool:
        return self.is_admin or any(g.role == "coordinator" for g in self.grants)

    @property
    def is_trainer(self) -> bool:
        return any(g.role == "trainer" for g in self.grants)

    @property
    def is_juror(self) -> bool:
        return any(g.role == "juror" for g in self.grants)

    @property
    def is_mentor(self) -> bool:
        return any(g.role == "mentor" for g in self.grants)

    @property
    def is_staff(self) -> bool:
        return self.is_coordinator or self.is_trainer

    @property
    def manages_roles(self) -> bool:
        """Only coordinators without a scope hand out roles."""
        return self.is_admin or any(
            g.role == "coordinator" and g.program is None and g.region is None for g in self.grants
        )

    def coordinates(self, *, program: str | None = None, region: str | None = None) -> bool:
        """A coordinator whose scope covers an object of this program and region."""
        return self.is_admin or any(
            g.role == "coordinator" and g.covers(program=program, region=region)
            for g in self.grants
        )

    def coordinates_program(self, program: str) -> bool:
        """A coordinator of this program somewhere (any region, or all of them)."""
        return self.is_admin or any(
            g.role == "coordinator" and g.program in (None, program) for g in self.grants
        )

    def judges(self, *, program: str, region: str | None) -> bool:
        """A juror whose scope covers a contest of this program and region."""
        return any(
            g.role == "juror" and g.covers(program=program, region=region) for g in self.grants
        )
