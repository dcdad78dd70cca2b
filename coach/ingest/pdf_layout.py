"""A PDF page's words (with positions and fonts) as lines in reading order.

What the layout says that plain text loses, and how it is read here:

- Columns. A gutter is a vertical strip no word crosses, with words on both sides on
  many rows. Rows that cross it (a name, a wide heading) stay whole; each run of rows
  beside it is split in two. If one side holds mostly dates, durations and places (the
  right-aligned dates of RenderCV or Word templates, moderncv's date column on the left),
  it is an *aside*: its fragments are attached to the entry line beside or above them
  instead of being read as a column of their own. Otherwise the two sides are columns,
  read left first: a two-column CV keeps its second column.
- Running headers and footers. A line in the top or bottom band of the page that repeats
  on another page (digits ignored: "John Doe – 1/2", "John Doe – 2/2") or that is a page
  number ("Page 1 of 2", "3/4", "- 2 -") is dropped.
- Parts. A line is cut where a wide gap or a change of weight or slant sets text apart
  ("**Nexus AI**, Co-Founder & CTO"): the CV parser reads fields from the parts.
- Icon fonts (private-use characters: the phone and mail glyphs of contact lines) are
  dropped; their links are kept by the reader.

Everything here is pure: words in, lines out. Limits: more than one gutter per page is
not looked for (a three-column page reads its outer columns right, its inner two as
one); rotated text is dropped by the reader before it gets here.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from coach.ingest.dates import find_date_range

MIN_GUTTER = 6.0  # points: narrower blank strips are word spaces, not gutters
MIN_SIDE_BY_SIDE = 4  # rows with words on both sides before a strip counts as a gutter
BAND = 0.08  # top and bottom share of the page where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"(?:^|[\s–—|·-])(?:page\s*)?\d{1,3}\s*(?:/|of|von|de|sur)\s*\d{1,3}$|^[-–—\s]*\d{1,3}[-–—\s]*$"
    r"|^page\s+\d{1,3}$",
    re.IGNORECASE,
)
_DURATION = re.compile(r"^\(?\d+\s*(?:yrs?|years?|mos?|months?)\b", re.IGNORECASE)
# "San Francisco, CA", "Berlin, Germany", "Remote": a short place, no sentence.
_PLACE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3},\s*[A-ZÀ-Ý][\w.'’-]*(?:\s+[\w.'’-]+){0,2}"
    r"|remote|hybrid|on-?site)$",
    re.IGNORECASE,
)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_SPACE_SEPARATORS = " ,;|·•–—-"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False


@dataclass
class Line:
    """One printed line of one column, with what the layout tells about it."""

    words: list[Word]
    page: int
    aside: list[str] = field(default_factory=list)  # side-column fragments attached here

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return (
            max(w.size for w in self.words if not _PUNCT_ONLY.match(w.text))
            if any(not _PUNCT_ONLY.match(w.text) for w in self.words)
            else self.words[0].size
        )

    @property
    def bold(self) -> bool:
        letters = [w for w in self.words if not _PUNCT_ONLY.match(w.text)]
        return bool(letters) and all(w.bold for w in letters)

    @property
    def text(self) -> str:
        return " | ".join([*_gap_segments(self.words), *self.aside])

    @property
    def side(self) -> tuple[str, ...]:
        """Pieces beside the line: its side-column fragments, and the last piece when a
        wide gap sets it apart (a right-aligned place or date)."""
        segments = _gap_segments(self.words)
        edge = [segments[-1].strip(_SPACE_SEPARATORS)] if len(segments) > 1 else []
        return tuple(t for t in (*edge, *self.aside) if t)

    @property
    def parts(self) -> tuple[str, ...]:
        pieces: list[str] = []
        for segment in _split_words(self.words):
            text = _join(segment).strip(_SPACE_SEPARATORS)
            if text:
                pieces.append(text)
        pieces += [a for a in self.aside if a]
        return tuple(pieces)


# ------------------------------------------------------------------------------ words


def _join(words: list[Word]) -> str:
    """Words as text: no space where two pieces touch ("AI" + "," or "Bo" + "ğ")."""
    out = ""
    previous: Word | None = None
    for word in words:
        if previous is not None and word.x0 - previous.x1 > 0.12 * min(word.size, previous.size):
            out += " "
        out += word.text
        previous = word
    return out


def _wide(previous: Word, word: Word, normal: float) -> bool:
    return word.x0 - previous.x1 > max(0.8 * word.size, 2.5 * normal)


def _normal_gap(words: list[Word]) -> float:
    gaps = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(words) if b.x0 - a.x1 > 0.5)
    return gaps[len(gaps) // 2] if gaps else 0.0


def _gap_segments(words: list[Word]) -> list[str]:
    normal = _normal_gap(words)
    segments: list[list[Word]] = [[]]
    for index, word in enumerate(words):
        if index and _wide(words[index - 1], word, normal):
            segments.append([])
        segments[-1].append(word)
    return [_join(s) for s in segments if s]


def _split_words(words: list[Word]) -> list[list[Word]]:
    """Runs of words cut at wide gaps and where weight or slant changes; punctuation
    between runs takes no side."""
    normal = _normal_gap(words)
    runs: list[list[Word]] = []
    style: tuple[bool, bool] | None = None
    for index, word in enumerate(words):
        plain = _PUNCT_ONLY.match(word.text) is not None
        wide = bool(index) and _wide(words[index - 1], word, normal)
        if (
            not runs
            or wide
            or (not plain and style is not None and (word.bold, word.italic) != style)
        ):
            runs.append([])
        runs[-1].append(word)
        if not plain:
            style = (word.bold, word.italic)
    return runs


def cluster_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed rows by baseline, each row left to right, top down.
    A bullet glyph set in another font sits a point off its text's baseline: the
    tolerance is a third of the smaller size."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if rows:
            last = rows[-1]
            base = sum(w.bottom for w in last) / len(last)
            if abs(word.bottom - base) <= 0.35 * min(word.size, *(w.size for w in last)):
                last.append(word)
                continue
        rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


# ----------------------------------------------------------------- headers and footers


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def drop_running_lines(pages: list[list[Word]], heights: list[float]) -> list[list[Word]]:
    """The pages' words without running headers, footers and page numbers."""
    banded: list[list[tuple[str, list[Word]]]] = []
    for words, height in zip(pages, heights, strict=True):
        rows = cluster_rows(words)
        banded.append(
            [
                (_join(row), row)
                for row in rows
                if row[0].bottom < height * BAND or min(w.top for w in row) > height * (1 - BAND)
            ]
        )
    seen = Counter(sig for page in banded for sig in {_signature(text) for text, _ in page})
    kept: list[list[Word]] = []
    for words, page in zip(pages, banded, strict=True):
        drop: set[int] = set()
        for text, row in page:
            if _PAGE_NUMBER.search(text.strip()) or (len(pages) > 1 and seen[_signature(text)] > 1):
                drop.update(id(w) for w in row)
        kept.append([w for w in words if id(w) not in drop])
    return kept


# ------------------------------------------------------------------------------ columns


def _crosses(word: Word, x: float) -> bool:
    return word.x0 < x + MIN_GUTTER and word.x1 > x


MAX_GUTTER_WORDS = 4_000  # a dense CV page has about 800; beyond this no gutter is sought
GUTTER_STEPS = 300  # candidate positions tried across the text's width


def find_gutter(rows: list[list[Word]], width: float) -> float | None:
    """The left edge of the strip most rows have words on both sides of, with no word
    in it; None when fewer than MIN_SIDE_BY_SIDE rows do.

    Positions are tried across the printed text (not the page box, which a broken file
    can make any size), at most GUTTER_STEPS of them, and only on pages of a plausible
    number of words: the search is rows x positions."""
    if not rows or sum(len(row) for row in rows) > MAX_GUTTER_WORDS:
        return None
    left = min(row[0].x0 for row in rows)
    right = max(w.x1 for row in rows for w in row)
    span = min(right, width if width > 0 else right) - left
    if span <= 4 * MIN_GUTTER:
        return None
    best, best_rows = None, 0
    step = max(2.0, span / GUTTER_STEPS)
    x = left + span * 0.1
    while x < left + span * 0.9:
        count = 0
        for row in rows:
            if (
                row[0].x1 <= x
                and row[-1].x0 >= x + MIN_GUTTER
                and not any(_crosses(w, x) for w in row)
            ):
                count += 1
        if count > best_rows:
            best, best_rows = x, count
        x += step
    return best if best_rows >= MIN_SIDE_BY_SIDE else None


def _is_meta(text: str) -> bool:
    """A date, a duration or a place: what side columns of CV entries hold."""
    text = text.strip(" |·•()")
    return bool(
        text
        and len(text.split()) <= 6
        and (find_date_range(text) is not None or _DURATION.match(text) or _PLACE.match(text))
    )


def _aside_side(left: list[Word], right: list[Word]) -> str | None:
    """ "left" or "right" when that side is a column of dates and places, else None.

    Such a column holds only short rows, and many of them are dates (a place name
    without a comma, "Tel Aviv", cannot be told from a skill, so dates carry it)."""
    for name, words in (("right", right), ("left", left)):
        rows = [_join(r) for r in cluster_rows(words)]
        if not rows or any(len(r.split()) > 7 for r in rows):
            continue
        dated = sum(find_date_range(r) is not None or bool(_DURATION.match(r)) for r in rows)
        meta = sum(_is_meta(r) for r in rows)
        if dated >= 0.3 * len(rows) and meta >= 0.4 * len(rows):
            return name
    return None


def _attach(main: list[Word], aside: list[Word], page: int) -> list[Line]:
    """Lines of the main side, each aside group added to the line beside or above it."""
    lines = [Line(row, page) for row in cluster_rows(main)]
    groups: list[list[list[Word]]] = []
    for row in cluster_rows(aside):
        if groups:
            last = groups[-1][-1]
            # One entry's side column holds one date range (and its duration): the next
            # place or date after it belongs to the next entry, however close.
            dated = any(find_date_range(_join(r)) for r in groups[-1])
            duration = bool(_DURATION.match(_join(row)))
            near = min(w.top for w in row) - max(w.bottom for w in last) <= row[0].size * 1.2
            if near and (duration or not dated):
                groups[-1].append(row)
                continue
        groups.append([row])
    for group in groups:
        first = group[0]
        base = first[0].bottom
        target = None
        for line in lines:
            beside = line.top - 1 <= base <= line.bottom + 2
            just_below = line.bottom <= base <= line.bottom + 1.6 * first[0].size
            if beside or just_below:
                target = line
            if line.top > base:
                break
        texts = [_join(row).strip(" |") for row in group]
        if target is None:  # nothing beside it: a line of its own, in its place
            lines.extend(Line(row, page) for row in group)
            lines.sort(key=lambda line: line.top)
            continue
        target.aside.extend(t for t in texts if t)
    return lines


_GLYPHS = "•●▪■◦‣►▸◆◇♦➢➤✓✔–-*"


def _lift_side_dates(lines: list[Line]) -> list[Line]:
    """A date or place set far right on a bullet's row belongs to the entry line above
    (a right-aligned date one row below the title, when too few entries make a column)."""
    for index, line in enumerate(lines):
        if not line.words or line.words[0].text[:1] not in _GLYPHS:
            continue
        normal = _normal_gap(line.words)
        cut = next(
            (
                i
                for i in range(len(line.words) - 1, 0, -1)
                if _wide(line.words[i - 1], line.words[i], normal)
            ),
            None,
        )
        if cut is None or not _is_meta(_join(line.words[cut:])):
            continue
        owner = next(
            (
                other
                for other in reversed(lines[max(0, index - 3) : index])
                if other.words and other.words[0].text[:1] not in _GLYPHS
            ),
            None,
        )
        if owner is not None:
            owner.aside.append(_join(line.words[cut:]))
            del line.words[cut:]
    return lines


def page_lines(words: list[Word], width: float, page: int) -> list[Line]:
    """The page's lines in reading order."""
    return _lift_side_dates(_page_lines(words, width, page))


def _page_lines(words: list[Word], width: float, page: int) -> list[Line]:
    words = [w for w in words if w.text.strip()]
    if not words:
        return []
    rows = cluster_rows(words)
    gutter = find_gutter(rows, width)
    if gutter is None:
        return [Line(row, page) for row in rows]
    lines: list[Line] = []
    block: list[list[Word]] = []

    def close() -> None:
        left = [w for row in block for w in row if w.x1 <= gutter]
        right = [w for row in block for w in row if w.x1 > gutter]
        side_by_side = sum(
            1 for row in block if row[0].x1 <= gutter and row[-1].x0 >= gutter + MIN_GUTTER
        )
        if side_by_side < MIN_SIDE_BY_SIDE:
            lines.extend(Line(row, page) for row in block)
        else:
            side = _aside_side(left, right)
            if side == "right":
                lines.extend(_attach(left, right, page))
            elif side == "left":
                lines.extend(_attach(right, left, page))
            else:
                lines.extend(Line(row, page) for row in cluster_rows(left))
                lines.extend(Line(row, page) for row in cluster_rows(right))
        block.clear()

    for row in rows:
        if any(_crosses(w, gutter) for w in row):
            close()
            lines.append(Line(row, page))
        else:
            block.append(row)
    close()
    return lines
