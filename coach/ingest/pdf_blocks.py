"""Lines of a PDF (from pdf_layout) as blocks: headings, bullets, paragraphs.

- Headings: a short line printed larger than the body text (levels by size), or a short
  line in CAPITALS. Weight alone does not make a heading: CV entry lines are bold.
- Bullets: a line starting with a bullet glyph (kept as structure: the glyph is not
  text). A bullet set further right than the bullet above it is nested (`level` 1).
- Wrapped lines: a line joins the block above when it is close below it and starts at
  the block's text edge (a bullet's hanging indent), in the same style, and the line
  above reached near the column's right edge. A line with parts set apart (an entry
  line with its dates) never joins and is never joined.
- Hyphens at a line end: see `join_hyphenated`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from coach.ingest.blocks import Block
from coach.ingest.lines import ends_sentence
from coach.ingest.pdf_layout import Line, Word

BULLET_GLYPHS = "•●▪■◦‣○□►▸✓✔·◆◇♦➢➤–—-*"
_HEADING_RATIO = 1.1  # a line this much larger than the body text is a heading
# Second halves that make a compound when a line breaks at its hyphen ("community-
# driven", "open-source"): the hyphen is the author's, not the typesetter's.
_COMPOUND_TAILS = frozenset(
    [
        "based",
        "driven",
        "time",
        "source",
        "native",
        "end",
        "scale",
        "facing",
        "level",
        "side",
        "oriented",
        "first",
        "aware",
        "free",
        "ready",
        "wide",
        "specific",
        "term",
        "party",
        "stack",
        "tier",
        "grade",
        "critical",
        "making",
        "owned",
        "like",
        "up",
        "out",
        "in",
        "on",
        "off",
        "over",
        "down",
        "to",
        "by",
        "of",
        "the",
        "and",
        "house",
        "world",
        "class",
        "known",
        "run",
        "made",
        "led",
        "focused",
        "heavy",
        "intensive",
        "centric",
        "friendly",
        "proof",
        "safe",
        "ready",
        "powered",
        "enabled",
        "managed",
        "hosted",
    ]
)


def join_hyphenated(first: str, second: str, vocabulary: set[str]) -> str:
    """Join a line ending in "-" with the next one.

    Typesetters (TeX, Typst, browsers with auto-hyphenation) break words between
    syllables with a plain hyphen, and every producer breaks compounds at their own
    hyphen: the same character, so the words decide. Keep the hyphen when the next part
    starts with a capital or digit, when the document writes the compound with a hyphen
    elsewhere, or when the next part is a word of its own (it occurs alone in the
    document, or is a common compound tail: "driven", "source", "time"). Drop it when the
    document has the joined word, or when the next part ends like the rest of a word
    cut between syllables ("submis-" + "sions", "mod-" + "eling", "require-" + "ments").
    Otherwise keep it: a stray hyphen is easier to read than two words run together."""
    head, tail = first[:-1], second.lstrip()
    left = re.findall(r"\w+$", head)
    right = re.findall(r"^\w+", tail)
    keep, drop = f"{first}{tail}", f"{head}{tail}"
    if not left or not right:
        return keep
    a, b = left[0].lower(), right[0].lower()
    last_word = head.split()[-1] if head.split() else ""
    if tail[0].isupper() or tail[0].isdigit() or f"{a}-{b}" in vocabulary or "-" in last_word:
        return keep  # "COVID-" + "19", "end-to-" + "end"
    if f"{a}{b}" in vocabulary:
        return drop
    if b in _COMPOUND_TAILS or (b in vocabulary and len(b) > 3):
        return keep
    return drop if _SYLLABLE_END.search(b) else keep


_SYLLABLE_END = re.compile(
    r"(?:ions?|ments?|ings?|ity|ities|ness|ances?|ences?|ous|ures?|ally|ized?|ised?|ation"
    r"|ers?|ed|ies|ly|ials?|ance|able|ible|ors?|ists?|isms?|ics?)$"
)


def vocabulary_of(lines: list[Line]) -> set[str]:
    """The document's words, without the halves of words broken at a line end (the
    word before a final hyphen, and the first word of the line after it)."""
    words: set[str] = set()
    after_break = False
    for line in lines:
        for index, word in enumerate(line.words):
            text = word.text.lower().strip(".,;:()[]")
            if text and not text.endswith("-") and not (index == 0 and after_break):
                words.add(text)
        after_break = line.words[-1].text.endswith("-")
    return words


@dataclass
class _Open:
    kind: str
    text: str
    page: int
    x: float  # where the text starts (after a bullet glyph)
    right: float  # the widest x1 so far in the block's column
    last: Line
    level: int = 0
    parts: tuple[str, ...] = ()
    side: tuple[str, ...] = ()
    links: list[str] = field(default_factory=list)


def _bullet_split(line: Line) -> tuple[bool, list[Word]]:
    """(is a bullet, the words without the glyph)."""
    first = line.words[0]
    if first.text in BULLET_GLYPHS or (
        len(first.text) == 1 and not first.text.isalnum() and first.text in BULLET_GLYPHS
    ):
        return len(line.words) > 1, line.words[1:]
    if first.text[0] in "•●▪■◦‣►▸◆◇♦➢➤✓✔" and len(first.text) > 1:
        head = Word(
            first.text[1:],
            first.x0 + first.size * 0.5,
            first.x1,
            first.top,
            first.bottom,
            first.size,
            first.bold,
            first.italic,
        )
        return True, [head, *line.words[1:]]
    return False, line.words


def body_size(lines: list[Line]) -> float:
    counts: Counter[float] = Counter()
    for line in lines:
        for word in line.words:
            counts[round(word.size, 1)] += len(word.text)
    return counts.most_common(1)[0][0] if counts else 0.0


def _heading_level(line: Line, body: float, sizes: list[float]) -> int:
    text = line.text
    words = text.split()
    if not words or len(words) > 8 or text.endswith((".", ",", ";")) or line.aside:
        return 0
    if len(line.parts) > 1 and not line.bold:
        return 0
    size = round(line.size, 1)
    if body and size >= body * _HEADING_RATIO:
        return sizes.index(size) + 1 if size in sizes else 1
    letters = [c for c in text if c.isalpha()]
    if (
        len(letters) >= 3
        and all(c.isupper() for c in letters)
        and not any(c.isdigit() for c in text)
        and len(words) <= 5
    ):
        return len(sizes) + 1
    return 0


def lines_to_blocks(lines: list[Line], links: dict[int, list[str]] | None = None) -> list[Block]:
    """Blocks from the document's lines (all pages, reading order)."""
    body = body_size(lines)
    sizes = sorted(
        {round(line.size, 1) for line in lines if body and line.size >= body * _HEADING_RATIO},
        reverse=True,
    )
    vocabulary = vocabulary_of(lines)
    blocks: list[Block] = []
    current: _Open | None = None
    bullet_x: list[float] = []  # glyph x of the open bullet levels

    def flush() -> None:
        nonlocal current
        if current is not None and current.text.strip():
            blocks.append(
                Block(
                    current.kind,  # type: ignore[arg-type]
                    current.text.strip(),
                    page=current.page,
                    level=current.level,
                    parts=current.parts if len(current.parts) > 1 else (),
                    side=current.side if len(current.parts) > 1 else (),
                    links=tuple(dict.fromkeys(current.links)),
                )
            )
        current = None

    for index, line in enumerate(lines):
        line_links = (links or {}).get(index, [])
        level = _heading_level(line, body, sizes)
        if level:
            flush()
            bullet_x.clear()
            blocks.append(
                Block(
                    "heading",
                    line.text.rstrip(":"),
                    page=line.page,
                    level=level,
                    links=tuple(line_links),
                )
            )
            continue
        is_bullet, words = _bullet_split(line)
        if is_bullet:
            flush()
            glyph = line.words[0].x0
            while bullet_x and glyph < bullet_x[-1] - 2:
                bullet_x.pop()
            if not bullet_x or glyph > bullet_x[-1] + 2:
                bullet_x.append(glyph)
            text_line = Line(words, line.page, list(line.aside))
            current = _Open(
                "bullet",
                text_line.text,
                line.page,
                words[0].x0,
                line.x1,
                line,
                level=len(bullet_x) - 1,
                links=list(line_links),
            )
            continue
        if current is not None and _continues(current, line):
            if current.text.endswith("-") and len(current.text) > 1 and current.text[-2].isalpha():
                current.text = join_hyphenated(current.text, line.text, vocabulary)
            else:
                current.text = f"{current.text} {line.text}"
            current.last = line
            current.right = max(current.right, line.x1)
            current.links += line_links
            current.parts = ()
            current.side = ()
            continue
        flush()
        if line.x0 < (bullet_x[0] - 2 if bullet_x else 0) or current is None:
            bullet_x.clear()
        current = _Open(
            "paragraph",
            line.text,
            line.page,
            line.x0,
            line.x1,
            line,
            parts=line.parts,
            side=line.side,
            links=list(line_links),
        )
    flush()
    return blocks


def _continues(current: _Open, line: Line) -> bool:
    last = current.last
    gap = line.top - last.bottom
    indent_ok = abs(line.x0 - current.x) <= 2.5 or (
        current.kind == "bullet" and line.x0 > current.x
    )
    close_below = line.page == last.page and -0.5 * last.size <= gap <= 0.9 * last.size
    same_style = line.bold == last.bold and abs(line.size - last.size) <= 0.6
    set_apart = (
        bool(line.aside or last.aside)
        or len(line.parts) > 1
        or (current.kind == "paragraph" and len(last.parts) > 1)
    )
    if set_apart or not (close_below and indent_ok and same_style):
        return False
    if current.kind == "bullet":
        return True
    # A paragraph line joins when the one above ran to near the column edge.
    width = max(current.right, line.x1) - current.x
    filled = (last.x1 - current.x) >= 0.75 * width
    return filled and not (ends_sentence(last.text) and not line.text[:1].islower())
