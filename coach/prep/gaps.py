"""Requirements the candidate's evidence does not yet prove, each with a question that
sends them into the résumé-refresh loop to mine a story for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.library.store import StoredRole


def gap_question(requirement: str) -> str:
    # Quoted as written: rewording a requirement risks changing what it asks.
    return (
        f"The posting asks for “{requirement.strip().rstrip('.')}”. What from this role comes "
        "closest? Tell me the situation, what you decided yourself, and what changed "
        "measurably."
    )


@dataclass(frozen=True)
class Gap:
    requirement: str
    kind: str  # "must" or "nice"
    question: str
    role_id: int | None  # the role to ask about; None when the library has no CV roles
    role_label: str
    closest: str  # the nearest evidence found, weak; "" when none


def role_label(role: StoredRole) -> str:
    return ", ".join(part for part in (role.title, role.company) if part) or f"Role {role.id}"


def most_recent(roles: Sequence[StoredRole]) -> StoredRole | None:
    """The current role, else the one that ended last, else the first listed."""
    if not roles:
        return None

    def key(role: StoredRole) -> tuple[int, int, int, int]:
        end = role.end or role.start or (0, 0)
        return (int(role.current), end[0], end[1] or 0, -role.ordinal)

    return max(roles, key=key)


def make_gap(
    requirement: str,
    kind: str,
    *,
    roles: Sequence[StoredRole],
    closest_text: str = "",
    closest_role_id: int | None = None,
) -> Gap:
    by_id = {role.id: role for role in roles}
    role = by_id.get(closest_role_id) if closest_role_id is not None else None
    role = role or most_recent(roles)
    return Gap(
        requirement=requirement,
        kind=kind,
        question=gap_question(requirement),
        role_id=None if role is None else role.id,
        role_label="" if role is None else role_label(role),
        closest=closest_text,
    )
