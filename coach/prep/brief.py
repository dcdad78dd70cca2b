"""The prep brief for one opportunity, as Markdown or PDF.

One shape for both: the candidate's notes, the requirements with their evidence and
strength, gaps with the question to mine each, keyword coverage, values, the round plan,
the stories to have ready and the questions to ask. Built from a `Prep`, so the brief
says exactly what the window shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from coach.errors import UserError
from coach.files import write_atomically
from coach.prep.records import Prep

STRENGTH_WORDS = {"strong": "Strong", "partial": "Partial", "weak": "Weak"}


@dataclass(frozen=True)
class BriefSection:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header


@dataclass(frozen=True)
class Brief:
    title: str
    subtitle: str
    sections: tuple[BriefSection, ...]


def strength_word(strength: object) -> str:
    return STRENGTH_WORDS.get(str(strength), "None")


def build_brief(prep: Prep, today: dt.date | None = None) -> Brief:
    posting = prep.posting
    today = today or dt.date.today()
    shown, total = prep.must_shown
    sections = [
        BriefSection(
            "At a glance",
            bullets=(
                f"Target level: {prep.level.label}"
                + (
                    f"; the posting hints {', '.join(posting.level_hints)}"
                    if posting.level_hints
                    else ""
                ),
                f"Must-haves shown by your evidence: {shown} of {total}",
                f"Posting keywords in your CV: {len(prep.keywords.covered)} of "
                f"{len(prep.keywords.terms)}",
                f"Matching: {'keywords and meaning' if prep.mode == 'hybrid' else 'keywords only'}",
                *prep.notices,
            ),
        )
    ]
    if prep.notes.strip():
        sections.append(BriefSection("Your notes on the company", paragraphs=(prep.notes.strip(),)))
    if prep.requirements:
        rows = [("Requirement", "Kind", "Strength", "Best evidence")]
        for requirement in prep.requirements:
            best = requirement.best
            evidence = f"{best.evidence.label}: {best.evidence.text}" if best else "—"
            if requirement.explanation:
                evidence += f" ({requirement.explanation})"
            rows.append(
                (
                    requirement.text,
                    "Must" if requirement.kind == "must" else "Nice",
                    strength_word(requirement.strength),
                    evidence,
                )
            )
        sections.append(BriefSection("Requirements and your evidence", table=tuple(rows)))
    if prep.gaps:
        sections.append(
            BriefSection(
                "Gaps to work on",
                bullets=tuple(
                    f"{'Must' if gap.kind == 'must' else 'Nice'}: {gap.requirement} — mine it in "
                    f"{gap.role_label or 'a role'}: {gap.question}"
                    for gap in prep.gaps
                ),
            )
        )
    keywords = prep.keywords
    if keywords.terms:
        lines = [f"Covered: {', '.join(hit.term.name for hit in keywords.covered) or 'none'}"]
        lines.append(f"Missing: {', '.join(hit.term.name for hit in keywords.missing) or 'none'}")
        sections.append(BriefSection("Keyword coverage of your CV", bullets=tuple(lines)))
    if prep.values:
        sections.append(
            BriefSection(
                "Values and the stories that show them",
                bullets=tuple(
                    f"{link.value} — "
                    + (
                        "; ".join(m.evidence.label.removeprefix("Story: ") for m in link.matches)
                        or "no story yet"
                    )
                    for link in prep.values
                ),
            )
        )
    sections.append(
        BriefSection(
            "Round plan (no story told twice)",
            bullets=tuple(
                f"{plan.round.label}: "
                + (
                    "; ".join(f"{s.title} ({s.reason})" for s in plan.stories)
                    if plan.stories
                    else plan.advice
                )
                for plan in prep.rounds
            ),
        )
    )
    ready = _stories_to_have_ready(prep)
    if ready:
        sections.append(BriefSection("Stories to have ready", bullets=ready))
    if prep.questions:
        sections.append(BriefSection("Questions to ask", bullets=prep.questions))
    return Brief(
        title=f"Prep brief: {posting.label}",
        subtitle=f"Loopcoach, {today.isoformat()}",
        sections=tuple(sections),
    )


def _stories_to_have_ready(prep: Prep) -> tuple[str, ...]:
    titles: list[str] = []
    for plan in prep.rounds:
        titles += [story.title for story in plan.stories]
    for requirement in prep.requirements:
        titles += [
            m.evidence.label.removeprefix("Story: ")
            for m in requirement.matches
            if m.evidence.kind == "story" and requirement.shown
        ]
    return tuple(dict.fromkeys(titles))


# ---------------------------------------------------------------- Markdown


def to_markdown(brief: Brief) -> str:
    out = [f"# {_line(brief.title)}", "", f"_{_line(brief.subtitle)}_", ""]
    for section in brief.sections:
        out += [f"## {_line(section.heading)}", ""]
        for paragraph in section.paragraphs:
            out += [paragraph.strip(), ""]
        if section.bullets:
            out += [f"- {_line(b)}" for b in section.bullets] + [""]
        if section.table:
            header, *rows = section.table
            out.append("| " + " | ".join(_cell(c) for c in header) + " |")
            out.append("|" + "---|" * len(header))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _line(text).replace("|", "\\|")


# ---------------------------------------------------------------- files


def export_brief(prep: Prep, path: Path) -> Path:
    """Write the brief as Markdown (.md) or PDF (.pdf), chosen by the file name."""
    suffix = path.suffix.lower()
    brief = build_brief(prep)
    if suffix in (".md", ".markdown"):
        write_atomically(path, lambda out: out.write(to_markdown(brief).encode("utf-8")))
    elif suffix == ".pdf":
        from coach.prep.brief_pdf import render_brief_pdf  # noqa: PLC0415  (reportlab: slow)

        write_atomically(path, lambda out: render_brief_pdf(brief, out))
    else:
        raise UserError(
            f"Loopcoach cannot tell which format to save {path.name} in.",
            hint="End the file name with .md or .pdf.",
        )
    return path
