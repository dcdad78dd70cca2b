"""The refreshed résumé: the CV's roles with accepted drafts in place, old roles condensed.

Recency: a role that ended more than the setting's years ago is proposed for the
"Earlier experience" list; the candidate's own choice, once made, wins. The other
sections (skills, education, ...) and the contact line are read back from the CV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coach.ingest.cv import Role, parse_cv, years_since_end
from coach.ingest.dates import YearMonth
from coach.ingest.readers import read_stored
from coach.library.store import StoredRole
from coach.refresh.records import DraftLine, DraftStatus, RecencyChoice
from coach.refresh.resume_doc import (
    ResumeDocument,
    ResumeRole,
    ResumeSection,
    format_dates,
    one_line,
)

_KEPT = (DraftStatus.ACCEPTED, DraftStatus.EDITED)
_NOT_SECTIONS = ("experience", "volunteering", "summary")  # roles come from the store


@dataclass(frozen=True)
class RoleRecency:
    role_id: int
    years_ago: float
    proposed: RecencyChoice
    chosen: RecencyChoice | None

    @property
    def choice(self) -> RecencyChoice:
        return self.chosen or self.proposed


def recency(
    role: StoredRole,
    years: float,
    today: dt.date,
    chosen: RecencyChoice | None = None,
) -> RoleRecency:
    ago = years_since_end(_cv_role(role), today)
    proposed = RecencyChoice.EARLIER if ago > years else RecencyChoice.FULL
    return RoleRecency(role.id, ago, proposed, chosen)


def _cv_role(role: StoredRole) -> Role:
    def ym(value: tuple[int, int | None] | None) -> YearMonth | None:
        return YearMonth(*value) if value else None

    return Role(
        company=role.company,
        title=role.title,
        start=ym(role.start),
        end=ym(role.end),
        current=role.current,
        bullets=role.bullets,
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def refreshed_bullets(role: StoredRole, drafts: Sequence[DraftLine]) -> tuple[str, ...]:
    """The role's bullets with accepted rewrites in place and accepted additions first
    (they are the outcome-first lines). A rewrite whose original bullet was since edited
    in the library no longer replaces anything: it is added instead, never lost."""
    kept = [d for d in drafts if d.kind == "bullet" and d.status in _KEPT]
    bullets = list(role.bullets)
    added: list[str] = []
    for draft in kept:
        index = draft.replaces
        if (
            index is not None
            and index < len(bullets)
            and draft.original is not None
            and _same(bullets[index], draft.original)
        ):
            bullets[index] = draft.current
        else:
            added.append(draft.current)
    return tuple(added + bullets)


def build_resume(
    *,
    name: str,
    cv_text: str,
    roles: Sequence[StoredRole],
    drafts: Mapping[int, Sequence[DraftLine]],
    recencies: Mapping[int, RoleRecency],
) -> ResumeDocument:
    full: list[ResumeRole] = []
    earlier: list[str] = []
    for role in roles:
        bullets = refreshed_bullets(role, drafts.get(role.id, ()))
        entry = ResumeRole(
            title=role.title,
            company=role.company,
            location=role.location,
            dates=format_dates(role.start, role.end, role.current),
            bullets=bullets,
        )
        choice = recencies[role.id].choice if role.id in recencies else RecencyChoice.FULL
        if choice == RecencyChoice.FULL:
            full.append(entry)
        elif choice == RecencyChoice.ONE_LINE:
            full.append(ResumeRole(entry.title, entry.company, entry.location, entry.dates, ()))
        elif choice == RecencyChoice.EARLIER:
            earlier.append(one_line(entry))
    contact, summary, sections = _cv_extras(cv_text)
    return ResumeDocument(
        name=name,
        contact=contact,
        summary=summary,
        roles=tuple(full),
        earlier=tuple(earlier),
        sections=tuple(sections),
    )


def _cv_extras(cv_text: str) -> tuple[str, str, list[ResumeSection]]:
    """The contact line, the summary and the non-experience sections, read back from
    the CV's stored text."""
    extracted = read_stored(cv_text)  # one block per line, as the library keeps it
    structure = parse_cv(extracted, today=dt.date.today())
    blocks = extracted.blocks
    first = structure.sections[0].start_block if structure.sections else len(blocks)
    head = [b.text.strip() for b in blocks[:first] if b.text.strip()]
    if head and structure.name and head[0].startswith(structure.name):
        head = head[1:]
    contact = " · ".join(head[:3])
    summary, sections = "", []
    for section in structure.sections:
        lines = tuple(
            b.text.strip() for b in blocks[section.start_block + 1 : section.end_block]
            if b.text.strip()
        )
        if section.kind == "summary":
            summary = " ".join(lines)
        elif section.kind not in _NOT_SECTIONS and lines:
            sections.append(ResumeSection(section.name.strip(), lines))
    return contact, summary, sections
