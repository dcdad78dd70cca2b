"""A CV's structure from its blocks: sections, roles (title, company, dates), bullets per role.

Deterministic rules, no model, no clock (`today` is a parameter). The readers turn every
format into `Block`s; this module never cares where they came from.

Heuristics and their limits
---------------------------
Sections. A heading block, or a short paragraph in ALL CAPS or Title Case (PDFs often lose
heading styles), whose words match a known section name ("Professional Experience",
"Work History", "Technical Skills", "Profile", ...; see `_SECTION_PHRASES`). Heading blocks
also match on keywords ("Experience & Leadership" -> experience). A heading with an unknown
name opens an "other" section only outside experience/volunteering sections; inside them it
is taken as a company or role line ("ACME CORP"). Blocks before the first section heading
(name, contact line) belong to no section. `end_block` is exclusive.

Role headers. A line is a role header when it holds a date range (or a lone year) at its
start or end, or set off by brackets or separators, and what is left is short (a few words,
not a sentence). Bullets only count as headers with a *range* and a title/company cue, so a
bullet like "Cut costs in 2019" stays a bullet; that is what makes "Earlier experience" lists
of one-liners ("Engineer, Foo Ltd (2004–2008)") work. The rest of the line is split into parts
on strong separators (| · — – and spaced hyphens, tabs, runs of spaces); if that gives one part,
on " at "/" @ " when the left side looks like a title; then on commas (re-joining "Inc.",
"Ltd", ... to the company). Headers spread over lines are joined: short non-sentence lines
waiting before a date line ("Staff Engineer" / "Acme Corp" / "Mar 2019 – Present"), a company
heading above a title-and-date line (kept as the company for the following roles until the next
heading), and a company line right after a title-and-date line.

Title vs company. Whole-word cues: title words (engineer, developer, architect, lead,
manager, SRE, scientist, principal, staff, director, head, consultant, intern, founder, CTO,
...) and company words (Inc, Ltd, GmbH, LLC, Corp, Labs, Technologies, .com, ...). "Engineering"
is not "engineer", so "Acme Engineering GmbH" is a company. With no cue either way the order
decides: "Title — Company" on one line, "Company" heading above a title line. Parts left over
after title and company become the location. Limits: a company named like a title ("Lead
Labs"), a title with no cue word ("Member of the Board"), or two headers on one line are
misread; the candidate corrects the role in the window.

Body. Bullets after a header belong to that role until the next header or section. A
non-bullet paragraph that reads as a sentence (ends with . ! ? or is long) is role
description and is kept as a bullet of the role: it carries evidence just like a bullet.
Short non-sentence lines that turn out not to be part of a header ("Stack: Go, Kafka") are
kept as bullets too; one with a title or company cue followed by bullets starts an undated
role (with a warning).

With no experience section, dated headers are still looked for in unsectioned and "other"
blocks (and the warning says so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from coach.ingest.blocks import Block, ExtractedText
from coach.ingest.dates import DateRange, YearMonth, find_date_range, sort_key

__all__ = [
    "CvStructure",
    "Role",
    "Section",
    "YearMonth",
    "company_score",
    "ended_more_than",
    "parse_cv",
    "split_header_parts",
    "title_score",
    "years_since_end",
]

SECTION_KINDS = (
    "summary",
    "experience",
    "education",
    "skills",
    "projects",
    "certifications",
    "publications",
    "awards",
    "volunteering",
    "other",
)
_ROLE_SECTIONS = ("experience", "volunteering")

_SECTION_PHRASES: dict[str, tuple[str, ...]] = {
    "summary": (
        "zusammenfassung",
        "profil",
        "kurzprofil",
        "uber mich",
        "a propos",
        "a propos de moi",
        "resumen",
        "perfil",
        "perfil profesional",
        "sobre mi",
        "resumo",
        "sommario",
        "profilo",
        "samenvatting",
        "profiel",
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
        "career summary",
        "executive summary",
        "introduction",
        "personal statement",
        "highlights",
        "career highlights",
        "personal profile",
    ),
    "experience": (
        "berufserfahrung",
        "erfahrung",
        "berufliche erfahrung",
        "berufspraxis",
        "werdegang",
        "beruflicher werdegang",
        "experience professionnelle",
        "experiences professionnelles",
        "experiences",
        "parcours professionnel",
        "experiencia",
        "experiencia laboral",
        "experiencia profesional",
        "experiencia professional",
        "experiencia profissional",
        "esperienza",
        "esperienze lavorative",
        "esperienza professionale",
        "werkervaring",
        "ervaring",
        "employment experience",
        "work",
        "professional history",
        "career experience",
        "experience",
        "professional experience",
        "work experience",
        "work history",
        "employment",
        "employment history",
        "career",
        "career history",
        "earlier experience",
        "previous experience",
        "other experience",
        "additional experience",
        "relevant experience",
        "professional background",
        "industry experience",
        "selected experience",
        "engineering experience",
        "experience and leadership",
        "positions held",
    ),
    "education": (
        "ausbildung",
        "bildung",
        "studium",
        "bildungsweg",
        "formation",
        "formations",
        "education et formation",
        "educacion",
        "formacion",
        "formacion academica",
        "educacao",
        "formacao",
        "istruzione",
        "formazione",
        "opleiding",
        "opleidingen",
        "education",
        "academic background",
        "education and training",
        "academic",
        "academics",
        "qualifications",
        "education and qualifications",
    ),
    "skills": (
        "kenntnisse",
        "fahigkeiten",
        "kompetenzen",
        "competences",
        "competences techniques",
        "habilidades",
        "competencias",
        "conocimientos",
        "competencias tecnicas",
        "competenze",
        "vaardigheden",
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "skills and tools",
        "technologies",
        "tech stack",
        "competencies",
        "core competencies",
        "expertise",
        "areas of expertise",
        "tools",
        "programming languages",
        "skills summary",
        "skills and technologies",
        "technical expertise",
        "tools and technologies",
    ),
    "projects": (
        "projekte",
        "projets",
        "proyectos",
        "projetos",
        "progetti",
        "projecten",
        "projects",
        "side projects",
        "selected projects",
        "open source",
        "personal projects",
        "open source contributions",
        "key projects",
    ),
    "certifications": (
        "zertifikate",
        "zertifizierungen",
        "certificaciones",
        "certificacoes",
        "certificazioni",
        "certificaten",
        "certifications",
        "certificates",
        "licenses and certifications",
        "certifications and training",
        "training",
        "courses",
        "certification",
    ),
    "publications": (
        "veroffentlichungen",
        "publikationen",
        "publicaciones",
        "publicacoes",
        "pubblicazioni",
        "publicaties",
        "publications",
        "papers",
        "talks",
        "talks and publications",
        "speaking",
        "publications and talks",
        "patents",
        "conference talks",
    ),
    "awards": (
        "auszeichnungen",
        "distinctions",
        "premios",
        "premi",
        "prijzen",
        "selected honors",
        "honors and awards",
        "awards",
        "honors",
        "honours",
        "achievements",
        "awards and honors",
        "awards and honours",
        "key achievements",
    ),
    "volunteering": (
        "ehrenamt",
        "ehrenamtliches engagement",
        "benevolat",
        "voluntariado",
        "volontariato",
        "vrijwilligerswerk",
        "volunteering",
        "volunteer experience",
        "volunteer work",
        "community",
        "community involvement",
        "volunteer",
    ),
    "other": (
        "sprachen",
        "langues",
        "idiomas",
        "lingue",
        "talen",
        "interessen",
        "centres d'interet",
        "intereses",
        "languages",
        "interests",
        "hobbies",
        "references",
        "contact",
        "personal",
        "additional information",
        "links",
        "contact information",
        "personal details",
    ),
}
_PHRASE_TO_KIND = {phrase: kind for kind, phrases in _SECTION_PHRASES.items() for phrase in phrases}
# Keyword fallback for heading blocks (not for plain paragraphs), in priority order.
_SECTION_KEYWORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"\bvolunteer", "volunteering"),
        (r"\b(experience|employment|work history|career)\b", "experience"),
        (r"(erfahrung|werdegang|experiencia|esperienz|ervaring)", "experience"),
        (r"\b(education|academic|degrees?)\b", "education"),
        (r"(ausbildung|educaci|formaci|istruzione|opleiding)", "education"),
        (r"\b(skills?|technolog\w*|competenc\w*|expertise)\b", "skills"),
        (r"\bprojects?\b", "projects"),
        (r"\b(certif\w*|licen[cs]\w*)\b", "certifications"),
        (r"\b(publications?|talks|patents?)\b", "publications"),
        (r"\b(awards?|honou?rs?)\b", "awards"),
        (r"\b(summary|profile|objective)\b", "summary"),
    )
)

_TITLE_WORDS = (
    r"engineers?|developers?|architects?|lead|leader|manager|sre|scientist|principal|staff"
    r"|director|head|consultant|intern|founder|co-founder|cofounder|cto|ceo|cio|vp"
    r"|vice president|programmer|analyst|administrator|specialist|officer|researcher"
    r"|designer|swe|sde|tech lead|member of technical staff|owner|fellow|contractor"
    r"|freelancer|freelance|apprentice|trainee|technician|devops|sde\d|swe\d|chief"
)
_TITLE_RE = re.compile(
    rf"(?<![\w-])(?:{_TITLE_WORDS})(?![\w-])"
    # Job words of other languages, also inside compounds ("Softwareentwicklerin").
    r"|\w*(?:entwickler|ingenieur|ingénieur|architekt|berater|leiter|informatiker"
    r"|développeu|developpeu|desarrollador|programador|ingenier[oa]|sviluppat|analista"
    r"|consultor|consulente|hilfskraft|werkstudent|praktikant|stagiaire|becari[oa]"
    r"|responsable|directeur|directrice|director[a]?|gerente|jefe|chef)\w*",
    re.IGNORECASE,
)
_COMPANY_WORDS = (
    r"inc|ltd|limited|gmbh|llc|llp|corp|corporation|co|company|labs?|technologies|technology"
    r"|systems|solutions|group|ag|plc|s\.?a|b\.?v|n\.?v|se|oy|ab|as|pty|srl|sarl|kk|holdings"
    r"|software|university|bank|studios?|ventures|partners|networks|consulting|institute"
    r"|foundation|agency|games|media|health|capital|cloud|ai"
)
_COMPANY_RE = re.compile(
    rf"(?<![\w-])(?:{_COMPANY_WORDS})\.?(?![\w-])|\.(?:com|io|ai|net|org|co|dev)\b",
    re.IGNORECASE,
)
_COMPANY_SUFFIX_RE = re.compile(
    r"^(?:inc|ltd|limited|gmbh|llc|llp|corp|co|ag|plc|s\.?a|b\.?v|n\.?v|se|oy|ab|pty)\.?$",
    re.IGNORECASE,
)
_LOCATION_RE = re.compile(r"\b(remote|hybrid|on-?site)\b", re.IGNORECASE)
# A place as CVs print it beside an entry: "San Francisco, CA", "London, UK",
# "Istanbul, Türkiye"; or "Remote". Only trusted on parts the layout set apart.
_PLACE_RE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3},\s*"
    r"(?:[A-Z]{2,3}|[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?)"
    r"|remote|hybrid|on-?site)$",
    re.IGNORECASE,
)
_DURATION_ONLY_RE = re.compile(
    r"^\(?\d+\s*(?:yrs?|years?|mos?|months?)(?:,?\s+\d+\s*(?:mos?|months?))?\)?$", re.IGNORECASE
)


# One to three capitalised words and nothing else ("Prague", "Round Rock"): read as a
# place only right under an entry's dates, where CV templates put it.
_LONE_PLACE = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?:\s+[A-ZÀ-Ý][\w'’.-]+){0,2}$")


def is_place(text: str) -> bool:
    """A short place name ("Berlin, Germany", "Remote") with no title or company cue."""
    return (
        bool(_PLACE_RE.match(text.strip()))
        and not title_score(text)
        and not (company_score(text.split(",", maxsplit=1)[0]))
    )


_STRONG_SEPARATORS = re.compile(r"\s+[-–—|·•]\s+|\s*[|·•–—]\s*|\t+|\s{3,}")
_DOUBLE_SPACE = re.compile(r"\s{2,}")
_AT_RE = re.compile(r"\s+(?:at|@)\s+", re.IGNORECASE)
_DURATION_RE = re.compile(
    r"\b\d+\s*(?:yrs?|years?|mos?|months?)(?:\s+\d+\s*(?:mos?|months?))?\b", re.IGNORECASE
)
_BULLET_GLYPHS = "•▪◦‣∙·*-–—► "
_EDGE_JUNK = " \t,;:|·•–—-()[]"
_MAX_HEADER_WORDS = 14
_MAX_BULLET_HEADER_WORDS = 10
_MAX_SECTION_WORDS = 5
_MAX_PENDING_WORDS = 10
_SENTENCE_MIN_WORDS = 4
_LONG_LINE_WORDS = 16


@dataclass(frozen=True)
class Section:
    name: str  # the heading as written
    kind: str  # one of SECTION_KINDS
    start_block: int  # index of the heading block
    end_block: int  # exclusive: the next section's heading, or len(blocks)


@dataclass(frozen=True)
class Role:
    company: str
    title: str
    start: YearMonth | None
    end: YearMonth | None  # None when current or undated
    current: bool
    bullets: tuple[str, ...]
    location: str = ""
    section: str = "experience"  # the kind of section the role sits in


@dataclass(frozen=True)
class CvStructure:
    sections: tuple[Section, ...]
    roles: tuple[Role, ...]
    name: str
    warnings: tuple[str, ...]


# ---------------------------------------------------------------- recency


def years_since_end(role: Role, today: date) -> float:
    """Years between the end of the role and `today`; 0 for current or undated roles.

    A year without a month counts as ending in December, a month as ending on its last day:
    the reading that keeps a role recent when in doubt. Future ends count as 0.
    """
    if role.current:
        return 0.0
    end = role.end or role.start
    if end is None:
        return 0.0
    return max(0.0, (today - end.last_day()).days / 365.25)


def ended_more_than(role: Role, years: float, today: date) -> bool:
    """True when the role ended more than `years` ago (the recency rule condenses it)."""
    return years_since_end(role, today) > years


# ---------------------------------------------------------------- cues and splitting


def title_score(text: str) -> int:
    return len(_TITLE_RE.findall(text))


def company_score(text: str) -> int:
    return len(_COMPANY_RE.findall(text))


def _words(text: str) -> int:
    return len(text.split())


_CLOSERS = {")": "(", "]": "["}
_OPENERS = {"(": ")", "[": "]"}


def _clean(text: str) -> str:
    """Trim separators, and brackets left unbalanced by removing a date ("Acme (" -> "Acme")."""
    separators = _EDGE_JUNK.replace("()[]", "")
    text = text.strip(separators)
    while text:
        first, last = text[0], text[-1]
        if last in _OPENERS or (last in _CLOSERS and text.count(last) > text.count(_CLOSERS[last])):
            text = text[:-1].strip(separators)
        elif first in _CLOSERS or (
            first in _OPENERS and text.count(first) > text.count(_OPENERS[first])
        ):
            text = text[1:].strip(separators)
        else:
            break
    return _DOUBLE_SPACE.sub(" ", text).strip()


def _strip_bullet(text: str) -> str:
    return text.strip().lstrip(_BULLET_GLYPHS).strip()


def _is_sentence(text: str) -> bool:
    words = _words(text)
    return words > _LONG_LINE_WORDS or (
        text.rstrip().endswith((".", "!", "?")) and words >= _SENTENCE_MIN_WORDS
    )


def _split_commas(text: str) -> list[str]:
    parts: list[str] = []
    for piece in (p.strip() for p in text.split(",")):
        if parts and _COMPANY_SUFFIX_RE.match(piece):
            parts[-1] = f"{parts[-1]}, {piece}"
        elif piece:
            parts.append(piece)
    return parts


def split_header_parts(text: str) -> list[str]:
    """Split what is left of a header line (dates removed) into title/company/location parts."""
    parts = [_clean(p) for p in _STRONG_SEPARATORS.split(text)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        # "Senior Data Engineer, Dell Technologies – Round Rock, TX": a piece that holds a
        # title and more is split at its commas; a place ("Round Rock, TX") is not.
        split: list[str] = []
        for part in parts:
            pieces = _split_commas(part)
            cued = len(pieces) > 1 and title_score(pieces[0]) and not is_place(part)
            split += pieces if cued else [part]
        return split
    if not parts:
        return []
    only = parts[0]
    for match in _AT_RE.finditer(only):
        left, right = only[: match.start()], only[match.end() :]
        if title_score(left) and right.strip():
            return [_clean(left), *(_clean(p) for p in _split_commas(right))]
    return _split_commas(only)


def _classify(
    candidates: list[str], *, company_first: bool, side: tuple[str, ...] = ()
) -> tuple[str, str, str]:
    """(title, company, location) from header parts, by cues, then by order.

    `side` holds the pieces the layout set at the line's far edge (right-aligned beside
    the entry): without a title or company cue such a piece is the place."""
    remaining = [c for c in candidates if c]
    places = [
        c
        for c in remaining
        if len(remaining) > 1
        and (is_place(c) or (c in side and not title_score(c) and not company_score(c)))
    ]
    remaining = [c for c in remaining if c not in places]
    # A title word outweighs a company word in one piece: "Software Engineer" is a title.
    title = _pick(
        remaining, lambda c: 2 * title_score(c) - company_score(c) if title_score(c) else 0
    )
    if title:
        remaining.remove(title)
    company = _pick(remaining, lambda c: company_score(c) - title_score(c))
    if company:
        remaining.remove(company)
    ordered = [c for c in remaining if not _LOCATION_RE.search(c)] or remaining
    if company_first and not company and ordered:
        company = ordered.pop(0)
        remaining.remove(company)
    if not title and ordered:
        title = ordered.pop(0)
        remaining.remove(title)
    if not company and ordered:
        company = ordered.pop(0)
        remaining.remove(company)
    if not company and title_score(title) and places and "," in places[0] and not company_first:
        # "Engineer — Northwind Payments, Berlin": the company, then its city.
        company, _, city = places.pop(0).partition(",")
        places.insert(0, city.strip())
    # "Principal Engineer, Developer Productivity": a cued piece right after the title,
    # once the company is known, is the title's specialisation.
    for extra in list(remaining):
        position = candidates.index(extra)
        if company and title_score(extra) and position and candidates[position - 1] == title:
            title = f"{title}, {extra}"
            remaining.remove(extra)
    return title, company, ", ".join(places + remaining)


def _pick(candidates: list[str], score: Callable[[str], int]) -> str:
    best, best_score = "", 0
    for candidate in candidates:
        value = score(candidate)
        if value > best_score:
            best, best_score = candidate, value
    return best


# ---------------------------------------------------------------- header lines


@dataclass(frozen=True)
class _Header:
    parts: tuple[str, ...]
    dates: DateRange
    side: tuple[str, ...] = ()


def _parse_header(text: str, *, bullet: bool) -> _Header | None:
    dates = find_date_range(text)
    if dates is None or (bullet and dates.single):
        return None
    start, end = dates.span
    left, right = text[:start], _DURATION_RE.sub(" ", text[end:])
    if not _date_is_set_off(left, right):
        return None
    remainder = f"{left} | {right}"
    if _words(remainder.replace("|", " ")) > (
        _MAX_BULLET_HEADER_WORDS if bullet else _MAX_HEADER_WORDS
    ):
        return None
    if _clean(right).endswith(".") or (not right.strip(_EDGE_JUNK) and _is_sentence(left)):
        return None
    parts = tuple(split_header_parts(remainder))
    if bullet and not any(title_score(p) or company_score(p) for p in parts):
        return None
    return _Header(parts, dates)


def _layout_candidates(parts: tuple[str, ...]) -> list[str]:
    """Field candidates from the layout's pieces of a line (dates already taken out)."""
    candidates: list[str] = []
    for part in parts:
        if is_place(part):
            candidates.append(part)
        elif len(parts) > 1:
            # The layout already set the fields apart: a comma inside one belongs to it
            # ("Principal Engineer, Developer Productivity"); only dashes and bars split.
            candidates += [_clean(p) for p in _STRONG_SEPARATORS.split(part) if _clean(p)]
        else:
            candidates += split_header_parts(part)
    return [c for c in candidates if c]


def _parse_parts(parts: tuple[str, ...]) -> _Header | None:
    """A header from the pieces the layout set apart: one piece is the date range (or a
    lone date), the others are title, company and place; durations are dropped."""
    dated = None
    for index, part in enumerate(parts):
        found = find_date_range(part)
        if found is None:
            continue
        start, end = found.span
        rest = _clean(part[:start] + " " + _DURATION_RE.sub(" ", part[end:]))
        if _words(rest) <= 1:
            dated = (index, found)
    if dated is None:
        return None
    others = [p for i, p in enumerate(parts) if i != dated[0] and not _DURATION_ONLY_RE.match(p)]
    if _words(" ".join(others)) > _MAX_HEADER_WORDS + 4 or any(_is_sentence(p) for p in others):
        return None
    return _Header(tuple(_layout_candidates(tuple(others))), dated[1])


def _date_is_set_off(left: str, right: str) -> bool:
    """The date sits at an edge of the line, or is bracketed or separated from the words."""
    left_bare, right_bare = left.strip(_EDGE_JUNK), right.strip(_EDGE_JUNK)
    if not left_bare or not right_bare:
        return True
    left_edge, right_edge = left.rstrip(), right.lstrip()
    return (
        left_edge.endswith(("(", "[", "|", "·", "•", "—", "–", "-", ",", ":"))
        or right_edge.startswith((")", "]", "|", "·", "•", "—", "–", "-", ",", ":"))
        or left.endswith(("\t", "  "))
    )


# ---------------------------------------------------------------- sections


def _normalise_heading(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in folded if not unicodedata.combining(c))
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z' ]+", " ", text)
    return " ".join(text.split())


def _section_kind(block: Block) -> str | None:
    text = block.text.strip()
    if not text or _words(text) > _MAX_SECTION_WORDS:
        return None
    name = _normalise_heading(text)
    if block.kind == "heading":
        if name in _PHRASE_TO_KIND:
            return _PHRASE_TO_KIND[name]
        for pattern, kind in _SECTION_KEYWORDS:
            if pattern.search(name):
                return kind
        return None
    if block.kind == "paragraph" and name in _PHRASE_TO_KIND and _looks_like_heading(text):
        return _PHRASE_TO_KIND[name]
    return None


def _looks_like_heading(text: str) -> bool:
    bare = text.strip().rstrip(":").strip()
    letters = [c for c in bare if c.isalpha()]
    if not letters:
        return False
    if all(c.isupper() for c in letters) or text.strip().endswith(":"):
        return True
    small = {"and", "of", "&", "the", "in", "for"}
    return all(w[0].isupper() for w in bare.split() if w.lower() not in small and w[0].isalpha())


def _find_sections(blocks: tuple[Block, ...]) -> list[Section]:
    marks: list[tuple[int, str, str, int]] = []  # index, name, kind, heading level
    for index, block in enumerate(blocks):
        kind = _section_kind(block)
        if kind is None and block.kind == "heading" and marks:
            kind = _unknown_heading_kind(block, marks[-1][2], marks[-1][3])
        if kind is not None:
            marks.append((index, block.text.strip().rstrip(":").strip(), kind, block.level))
    sections = []
    for position, (index, name, kind, _level) in enumerate(marks):
        end = marks[position + 1][0] if position + 1 < len(marks) else len(blocks)
        sections.append(Section(name=name, kind=kind, start_block=index, end_block=end))
    return sections


def _unknown_heading_kind(block: Block, current_kind: str, current_level: int) -> str | None:
    """A heading with no known section name: a new "other" section, or a line inside this one."""
    if _parse_header(block.text, bullet=False) is not None:
        return None  # a dated role or degree line styled as a heading
    if current_kind not in _ROLE_SECTIONS:
        return "other"
    shallower = bool(block.level and current_level and block.level < current_level)
    return "other" if shallower else None  # same depth inside experience: a company heading


def _find_name(blocks: tuple[Block, ...], first_section: int) -> str:
    for block in blocks[: min(first_section, 3)]:
        text = block.text.strip()
        if not text or block.kind == "bullet":
            continue
        pieces = split_header_parts(text) if _STRONG_SEPARATORS.search(text) else [text]
        candidate = pieces[0] if pieces else ""
        words = candidate.split()
        if (
            1 <= len(words) <= 5
            and not re.search(r"[\d@/:]", candidate)
            and all(w[0].isupper() for w in words if w[0].isalpha())
        ):
            return candidate
    return ""


# ---------------------------------------------------------------- roles


@dataclass
class _Draft:
    title: str
    company: str
    location: str
    dates: DateRange | None
    section: str
    bullets: list[str] = field(default_factory=list)
    needs_company: bool = False

    def freeze(self) -> Role:
        dates = self.dates
        return Role(
            company=self.company,
            title=self.title,
            start=dates.start if dates else None,
            end=dates.end if dates else None,
            current=dates.current if dates else False,
            bullets=tuple(self.bullets),
            location=self.location,
            section=self.section,
        )


@dataclass
class _Pending:
    text: str
    heading: bool
    parts: tuple[str, ...] = ()  # the layout's pieces of the line, when it gave them
    side: tuple[str, ...] = ()

    def candidates(self) -> list[str]:
        return (
            _layout_candidates(self.parts) if len(self.parts) > 1 else split_header_parts(self.text)
        )

    @property
    def cued(self) -> bool:
        return bool(
            title_score(self.text)
            or company_score(self.text)
            or any(is_place(p) for p in self.candidates()[1:])
        )


class _RoleParser:
    """Walks the blocks of one section and collects roles."""

    def __init__(self, section: str, *, strict: bool) -> None:
        self.section = section
        self.strict = strict  # only dated headers make roles (used outside experience)
        self.roles: list[_Draft] = []
        self.pending: list[_Pending] = []
        self.company_context = ""

    @property
    def current(self) -> _Draft | None:
        return self.roles[-1] if self.roles else None

    def feed(self, block: Block) -> None:
        text = _strip_bullet(block.text) if block.kind == "bullet" else block.text.strip()
        if not text:
            return
        current = self.current
        if (
            block.kind == "bullet"
            and block.level
            and current
            and current.bullets
            and not self.pending
        ):
            # A nested point stays with the bullet it belongs to.
            current.bullets[-1] = f"{current.bullets[-1]} - {text}"
            return
        if self._entry_detail(text, current):
            return
        header = None
        if block.parts and block.kind != "bullet":
            header = _parse_parts(block.parts)
            if header is not None:
                header = _Header(header.parts, header.dates, block.side)
        if header is None:
            header = _parse_header(text, bullet=block.kind == "bullet")
        if header is not None:
            self._start_role(header)
        elif block.kind == "bullet":
            self._add_body(text)
        elif block.kind == "heading":
            self.company_context = ""
            self.pending.append(_Pending(text, heading=True))
        elif not _is_sentence(text) and _words(text) <= _MAX_PENDING_WORDS:
            self._short_line(text, block.parts, block.side)
        else:
            self._add_body(text)

    def _entry_detail(self, text: str, current: _Draft | None) -> bool:
        """Dates or a place on a line of their own under an entry heading (Word and
        LibreOffice templates list them as the first bullets): fields, not bullets."""
        found = find_date_range(text)
        if found is not None and _words(_clean(text[: found.span[0]] + text[found.span[1] :])) == 0:
            if self.pending and self.pending[-1].heading:
                self._start_role(_Header((), found))
                return True
            if current is not None and current.dates is None and not current.bullets:
                current.dates = found
                return True
            return False
        fresh = current is not None and not current.bullets and not self.pending
        if (
            current is not None
            and fresh
            and not current.location
            and current.company
            and current.dates is not None
            and (is_place(text) or _LONE_PLACE.match(text))
            and not title_score(text)
            and not company_score(text)
        ):
            current.location = text
            return True
        return False

    def finish(self) -> list[Role]:
        self._flush_pending_to_body()
        return [draft.freeze() for draft in self.roles]

    def _short_line(
        self, text: str, layout_parts: tuple[str, ...] = (), side: tuple[str, ...] = ()
    ) -> None:
        current = self.current
        fresh = current is not None and not current.bullets and not self.pending
        if current and fresh and current.needs_company:
            parts = list(layout_parts) or split_header_parts(text)
            if (
                len(parts) == 1
                and title_score(parts[0])
                and current.title
                and not title_score(current.title)
            ):
                # "NVIDIA Research – Santa Clara" then "Research Intern": the dated line
                # held the company, this line is the title.
                current.company, current.title = current.title, parts[0]
            else:
                place = [p for p in parts[1:]]
                current.company = parts[0]
                current.location = current.location or ", ".join(place)
            current.needs_company = False
            return
        if current and fresh and not current.title and current.dates is not None:
            current.title = text  # the company's dated line, then the title beneath it
            return
        self.pending.append(_Pending(text, heading=False, parts=layout_parts, side=side))

    def _add_body(self, text: str) -> None:
        if self.pending:
            self._resolve_pending_without_dates()
        if self.current is not None:
            self.current.bullets.append(text)
            self.current.needs_company = False

    def _flush_pending_to_body(self) -> None:
        if self.current is not None:
            self.current.bullets.extend(p.text for p in self.pending if not p.heading)
        self.pending.clear()

    def _resolve_pending_without_dates(self) -> None:
        """Short lines then a bullet, with no date line: an undated role, or body text."""
        last = self.pending[-1]
        two = self.pending[-2:] if len(self.pending) > 1 else []
        # A title line with its place, then the company in italics on the next line
        # ("Data Engineer | Austin, TX" / "HomeAway"): either line's cue will do.
        two_cued = bool(two) and not two[0].heading and two[0].cued and not _is_sentence(last.text)
        if self.strict or not (last.cued or last.heading or two_cued):
            self._flush_pending_to_body()
            return
        lines = two if two and (_both_cued(self.pending) or two_cued) else [last]
        self.pending = self.pending[: len(self.pending) - len(lines)]
        self._flush_pending_to_body()
        candidates = [part for line in lines for part in line.candidates()]
        side = tuple(piece for line in lines for piece in line.side)
        title, company, location = _classify(candidates, company_first=False, side=side)
        if not title and not company_score(company) and last.heading:
            # A bare company heading with bullets straight under it.
            self.company_context = company
        self.roles.append(_Draft(title, company, location, None, self.section))

    def _start_role(self, header: _Header) -> None:
        parts = list(header.parts)
        used: list[_Pending] = []
        if len(parts) == 1 and self.pending:
            used = self.pending[-1:]
        elif not parts and self.pending:
            used = self.pending[-2:]
        self.pending = self.pending[: len(self.pending) - len(used)]
        self._flush_pending_to_body()
        candidates = [part for line in used for part in line.candidates()] + parts
        company_first = bool(used) and used[0].heading
        side = header.side + tuple(piece for line in used for piece in line.side)
        title, company, location = _classify(candidates, company_first=company_first, side=side)
        if used and used[0].heading and company and company in used[0].text:
            self.company_context = company
        if not company and self.company_context:
            company = self.company_context
        draft = _Draft(title, company, location, header.dates, self.section)
        draft.needs_company = not company
        self.roles.append(draft)


def _both_cued(pending: list[_Pending]) -> bool:
    return all(p.cued for p in pending[-2:])


def _role_warnings(roles: list[Role], today: date) -> list[str]:
    warnings: list[str] = []
    this_month = (today.year, today.month)
    for role in roles:
        label = " at ".join(p for p in (role.title, role.company) if p) or "a role"
        if role.start is None and not role.current:
            warnings.append(f"No dates found for {label}.")
            continue
        if role.start and sort_key(role.start) > this_month:
            warnings.append(f"The start date of {label} ({role.start}) is in the future.")
        if role.end and sort_key(role.end) > this_month:
            warnings.append(f"The end date of {label} ({role.end}) is in the future.")
        if role.start and role.end and _ends_before_start(role.start, role.end):
            warnings.append(f"{label}: the end ({role.end}) is before the start ({role.start}).")
    return warnings


def _ends_before_start(start: YearMonth, end: YearMonth) -> bool:
    if start.month is None or end.month is None:
        return end.year < start.year
    return sort_key(end) < sort_key(start)


# ---------------------------------------------------------------- entry point


def parse_cv(text: ExtractedText, *, today: date) -> CvStructure:
    """Sections, roles and the candidate's name from a CV's blocks."""
    blocks = text.blocks
    sections = _find_sections(blocks)
    first_section = sections[0].start_block if sections else len(blocks)
    warnings: list[str] = []
    roles: list[Role] = []
    role_sections = [s for s in sections if s.kind in _ROLE_SECTIONS]
    if not any(s.kind == "experience" for s in sections):
        warnings.append(
            "No experience section found: roles were looked for in the whole document; check them."
        )
        roles.extend(_roles_outside_sections(blocks, sections))
    for section in role_sections:
        parser = _RoleParser(section.kind, strict=False)
        for block in blocks[section.start_block + 1 : section.end_block]:
            parser.feed(block)
        roles.extend(parser.finish())
    warnings.extend(_role_warnings(roles, today))
    return CvStructure(
        sections=tuple(sections),
        roles=tuple(roles),
        name=_find_name(blocks, first_section),
        warnings=tuple(warnings),
    )


def _roles_outside_sections(blocks: tuple[Block, ...], sections: list[Section]) -> list[Role]:
    excluded = {
        index
        for section in sections
        if section.kind != "other"
        for index in range(section.start_block, section.end_block)
    }
    excluded.update(s.start_block for s in sections)
    parser = _RoleParser("experience", strict=True)
    for index, block in enumerate(blocks):
        if index not in excluded:
            parser.feed(block)
    return [role for role in parser.finish() if role.start is not None or role.current]
