"""Find every quantity in a text, in every form a résumé writes one.

"10K", "10,000", "ten thousand", "$1.2M", "€300k", "40%", "40 percent", "99.99%", "2x",
"2×", "3-fold", "twice", "doubled", "halved", "a dozen", "3–5", "200 ms", "15 services",
"four nines", "hundreds of", years and quarters. Each becomes a `Quantity` whose value
sits in the canonical unit of its dimension, with the written precision (so "10K" can
stand for 9,960 but "10,000" cannot) and any qualifier ("over", "about", "up to").

What is deliberately not a quantity:
- names with a number in them: p99, S3, EC2, k8s, IPv6, L7, SEV1, GPT-4, 5xx, HTTP 500s;
- labels: "phase 2", "tier 1", "sprint 3", "version 2"; ordinals ("3rd", "99th");
- fixed phrases: 24/7, 1:1s, one-on-ones, N+1, O(n);
- a version after a product name: "Java 17", "Python 3.11", "SOC 2", "ISO 27001".
Years and quarters ARE quantities: a year or quarter the model put into a draft is a
fact about the candidate's history, so it has to be in their material like any number.
They compare by label, never by value ("2019" is not supported by "2,019 users").
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from fractions import Fraction

from coach.provenance.direction import Direction, direction_at
from coach.provenance.spelled import find_spelled
from coach.provenance.text import normalise, word_set
from coach.provenance.topics import FUNCTION_WORDS, lemma
from coach.provenance.units import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DATA_WORDS,
    RATE_PERIODS,
    RATE_WORDS,
    SCALE_LETTERS,
    SCALE_WORDS,
    TIME_GLUED,
    TIME_WORDS,
    Dimension,
)


class Qualifier(enum.Enum):
    EXACT = "exact"
    APPROX = "approx"  # about, ~, roughly
    NEARLY = "nearly"  # nearly, almost: at most the value, a little under it
    OVER = "over"  # over, more than, 10K+
    AT_LEAST = "at least"
    UNDER = "under"  # under, less than, sub-200ms
    AT_MOST = "at most"  # up to, at most


@dataclass(frozen=True)
class Quantity:
    start: int  # claim span: qualifier and currency included ("over $1.2M")
    end: int  # after the number and its unit
    phrase_end: int  # after the counted noun too ("10,000 users"), for quoting evidence
    value_start: int  # the digits or number words
    value_end: int
    low: Fraction  # in the dimension's canonical unit; low == high unless a range
    high: Fraction
    precision: Fraction  # place value of the last written digit, canonical unit
    dimension: Dimension
    unit: str  # currency code, "%", "pp", "x"; "" when the dimension says it all
    nouns: frozenset[str]  # what is counted ("user", "service"), lemmatised
    qualifier: Qualifier = Qualifier.EXACT
    direction: Direction | None = None
    label: str = ""  # years and quarters: "2019", "q3"
    vague: bool = False  # "hundreds of", "dozens of"
    scale: Fraction = Fraction(1)  # the written K/M/thousand, to share across "3–5K"
    unit_factor: Fraction = Fraction(1)  # canonical units per written unit (ms -> 1/1000)


@dataclass(frozen=True)
class Change:
    """A before/after pair in one text: "from 800 ms to 200 ms"."""

    before: Quantity
    after: Quantity

    @property
    def start(self) -> int:
        return self.before.start

    @property
    def end(self) -> int:
        return self.after.end


@dataclass(frozen=True)
class NumberScan:
    quantities: tuple[Quantity, ...]
    changes: tuple[Change, ...]


# --- atoms: the number itself --------------------------------------------------------

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_THIN_GROUP = re.compile("[\u00a0\u202f\u2009]\\d{3}(?!\\d)")
_FOLD_WORD = re.compile(
    r"(?<![a-z])(two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)fold(?![a-z])"
)
_FOLD_VALUES = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "hundred": 100,
}
# Multiples written as words. Direction is part of the word: doubled is up, halved down.
_WORD_MULTIPLES: tuple[tuple[re.Pattern[str], int, Direction | None], ...] = (
    (re.compile(r"(?<![a-z])twice(?![a-z])"), 2, None),
    (re.compile(r"(?<![a-z])thrice(?![a-z])"), 3, None),
    (
        re.compile(r"(?<![a-z])(?:doubled|doubling|doubles|double(?= the\b| our\b))"),
        2,
        Direction.UP,
    ),
    (
        re.compile(r"(?<![a-z])(?:tripled|tripling|triples|triple(?= the\b| our\b))"),
        3,
        Direction.UP,
    ),
    (re.compile(r"(?<![a-z])(?:quadrupled|quadrupling)(?![a-z])"), 4, Direction.UP),
    (
        re.compile(
            r"(?<![a-z])(?:halved|halving|halves|(?:cut|cutting|reduced)[^.;,]{0,40}? in half)"
        ),
        2,
        Direction.DOWN,
    ),
)
_VAGUE = re.compile(
    r"(?<![a-z])(?:(tens|hundreds)\s+of\s+)?(dozens|hundreds|thousands|millions|billions)(?![a-z])"
)
_VAGUE_UNIT = {
    "dozens": 12,
    "hundreds": 100,
    "thousands": 10**3,
    "millions": 10**6,
    "billions": 10**9,
}
_VAGUE_OUTER = {"tens": 10, "hundreds": 100}
_QUARTER = re.compile(r"(?<![a-z0-9])(q[1-4]|h[12])(?![a-z0-9])")

_LABEL = (
    r"tier|level|phase|stage|step|round|version|gen|generation|sprint|milestone|priority"
    r"|severity|sev|chapter|section|layer|wave|iteration|series|season|part|pillar|option"
)
_SMALL_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten"
_MASKS = (
    re.compile(r"(?<![a-z0-9])p\d+(?:\.\d+)?"),
    re.compile(r"(?<![a-z0-9])24\s?[x/]\s?(?:7|365)(?![0-9])"),
    re.compile(r"(?<![a-z0-9])(?:1|one)[- ]?(?:on|:)[- ]?(?:1|one)s?(?![a-z0-9])"),
    re.compile(r"(?<![a-z0-9])n\s?\+\s?1(?![0-9])"),
    re.compile(r"(?<![a-z0-9])o\([^)]{0,12}\)"),
    re.compile(rf"(?<![a-z])(?:{_LABEL})[- ]?#?\s?(?:\d+(?:\.\d+)?|{_SMALL_WORDS})(?![a-z0-9])"),
    re.compile(r"(?<![a-z])day[- ](?:one|1|zero|0)(?![a-z0-9])"),
    re.compile(r"(?<![a-z])http\s?[1-5]\d\d(?![0-9])"),
    re.compile(r"(?<![a-z])(?:soc|iso|pci(?:[- ]dss)?|wcag|tls|ssl|sil)\s?v?\d+(?:\.\d+)*"),
    re.compile(r"(?<![a-z0-9])[1-5]\d\ds(?![a-z0-9])"),
)

# --- around the atom -----------------------------------------------------------------

_QUALIFIER_WORDS: tuple[tuple[str, Qualifier], ...] = (
    (
        r"approximately|approx\.?|about|around|roughly|circa|ca\.|some|~|on the order of",
        Qualifier.APPROX,
    ),
    (r"in the region of|give or take", Qualifier.APPROX),
    (r"nearly|almost|close to|just under|just shy of|shy of", Qualifier.NEARLY),
    (
        r"over|more than|greater than|upwards of|in excess of|north of|just over|well over",
        Qualifier.OVER,
    ),
    (r"above|>", Qualifier.OVER),
    (r"at least|no less than|no fewer than|a minimum of|>=|≥", Qualifier.AT_LEAST),
    (r"under|less than|fewer than|below|well under|lower than|<|sub-", Qualifier.UNDER),
    (
        r"up to|at most|as much as|as many as|as high as|no more than|a maximum of|<=|≤",
        Qualifier.AT_MOST,
    ),
)
_QUALIFIERS = tuple(
    (re.compile(rf"(?<![a-z])(?:{pattern})\s*$"), qualifier)
    for pattern, qualifier in _QUALIFIER_WORDS
)
_CURRENCY_BEFORE = re.compile(r"(us\$|\$|€|£|¥)\s?$|(?<![a-z])(usd|eur|gbp)\s$")
_CURRENCY_AFTER = re.compile(
    r"\s?(dollars?|usd|bucks|euros?|eur|pounds|gbp|quid|yen|jpy)(?![a-z])|([$€£])"
)
_SCALE_LETTER = re.compile(r"(mm|bn|k|m|b)(?![a-z0-9])")
_SCALE_WORD = re.compile(r"\s?(thousand|million|billion|trillion)(?![a-z])")
_PERCENT = re.compile(r"\s?(?:%|percent(?![a-z])|per\s?cent(?![a-z])|pct(?![a-z]))")
# "3 points" in a résumé is nearly always percentage points (accuracy, conversion, SLO).
_POINTS = re.compile(r"\s?(?:percentage points?|pp|points?|pts)(?![a-z])")
_MULTIPLE = re.compile(r"\s?x(?![a-z0-9])|-?fold(?![a-z])|\s+fold(?![a-z])")
_NINES = re.compile(r"\s+nines(?![a-z])")
_PLUS = re.compile(r"\s?\+")
_NOUN_LEAD = re.compile(r"(?:\s+|-)(?:of\s+(?:the\s+|our\s+|my\s+|their\s+|its\s+|all\s+)?)?")
_NOUN = re.compile(r"[a-z][a-z'&]*(?:-[a-z0-9]+)*")
_PERIOD = re.compile(
    r"\s+(?:per|a|an|each|every)\s+(second|sec|minute|min|hour|day|week|month|quarter|year)(?![a-z])"
    r"|\s?/\s?(second|sec|s|minute|min|hour|hr|day|week|month|year)(?![a-z])"
)
_PERIOD_ALIASES = {"s": "second", "hr": "hour"}
_NOT_NOUNS = FUNCTION_WORDS | word_set(
    """than about around roughly nearly almost faster slower quicker higher lower fewer less
    reduction increase drop improvement annually later earlier ago time times"""
)
_MAX_NOUN_WORDS = 3
_YEARS = (1950, 2099)


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    value: Fraction
    precision: Fraction
    has_commas: bool = False
    spelled: bool = False
    decimals: int = 0


def scan(text: str) -> NumberScan:
    """Every quantity in `text`, ranges merged, and the before/after pairs among them."""
    norm = normalise(text)
    masked = [m.span() for rx in _MASKS for m in rx.finditer(norm)]
    quantities = _special_quantities(norm, masked)
    taken = [(q.start, q.end) for q in quantities]
    previous_end = -1
    for atom in sorted(_atoms(text, norm), key=lambda a: a.start):
        if _overlaps((atom.start, atom.end), masked) or _overlaps((atom.start, atom.end), taken):
            continue
        quantity = _read_quantity(text, norm, atom, previous_end)
        if quantity is not None:
            quantities.append(quantity)
            previous_end = quantity.end
    quantities.sort(key=lambda q: q.start)
    merged, changes = _link(norm, quantities)
    merged = [_with_direction(norm, q) for q in merged]
    changes = [
        Change(_with_direction(norm, c.before), _with_direction(norm, c.after)) for c in changes
    ]
    return NumberScan(tuple(merged), tuple(changes))


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _atoms(text: str, norm: str) -> list[_Atom]:
    atoms = []
    for match in _DIGITS.finditer(norm):
        start, end = match.span()
        while _THIN_GROUP.match(text, end):
            end += 4  # "10 000" with a no-break or thin space between the groups
        before = norm[start - 1] if start else " "
        if before.isalnum() or before in "_.":
            continue  # glued to a name: p99, S3, v1.2
        if before in "/:" and start >= 2 and norm[start - 2].isalnum():
            continue  # 24/7, 1:1, 3/4, HTTP/2
        if (
            before == "-"
            and start >= 2
            and norm[start - 2].isalpha()
            and not norm[:start].endswith("sub-")
        ):
            continue  # SEV-1, GPT-4, JIRA-1234
        if re.match(r"[/:.]\d", norm[end : end + 2]):
            continue  # 24/7, 9:30, 1.2.3
        raw = norm[start:end].replace(" ", ",")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        atoms.append(
            _Atom(
                start,
                end,
                Fraction(raw.replace(",", "")),
                Fraction(1, 10**decimals),
                has_commas="," in raw,
                decimals=decimals,
            )
        )
    atoms.extend(
        _Atom(s.start, s.end, s.value, s.precision, spelled=True) for s in find_spelled(norm)
    )
    return atoms


def _special_quantities(norm: str, masked: list[tuple[int, int]]) -> list[Quantity]:
    """Multiples in words, vague plurals and quarters: read whole, no suffix parsing."""
    found: list[Quantity] = []

    def add(quantity: Quantity) -> None:
        span = (quantity.start, quantity.end)
        if not _overlaps(span, masked) and not _overlaps(span, [(q.start, q.end) for q in found]):
            found.append(quantity)

    for match in _FOLD_WORD.finditer(norm):
        fold = Fraction(_FOLD_VALUES[match.group(1)])
        add(_simple(match.span(), fold, Dimension.MULTIPLIER, "x"))
    for rx, value, direction in _WORD_MULTIPLES:
        for match in rx.finditer(norm):
            quantity = _simple(match.span(), Fraction(value), Dimension.MULTIPLIER, "x")
            add(replace(quantity, direction=direction))
    for match in _VAGUE.finditer(norm):
        size = Fraction(_VAGUE_UNIT[match.group(2)])
        if match.group(1):
            size *= _VAGUE_OUTER[match.group(1)]
        nouns, phrase_end, _ = _nouns(norm, match.end())
        found_q = _simple(match.span(), 2 * size, Dimension.COUNT, "")
        add(
            replace(
                found_q,
                nouns=nouns,
                phrase_end=phrase_end,
                qualifier=Qualifier.AT_LEAST,
                vague=True,
            )
        )
    for match in _QUARTER.finditer(norm):
        quantity = _simple(match.span(), Fraction(int(match.group(1)[1])), Dimension.QUARTER, "")
        add(replace(quantity, label=match.group(1)))
    return found


def _simple(
    span: tuple[int, int], value: Fraction, dimension: Dimension, unit: str, *, label: str = ""
) -> Quantity:
    start, end = span
    return Quantity(
        start, end, end, start, end, value, value, Fraction(1), dimension, unit, frozenset(),
        label=label,
    )  # fmt: skip


@dataclass(frozen=True)
class _Unit:
    dimension: Dimension
    unit: str
    factor: Fraction  # canonical units per written unit
    nouns: frozenset[str]
    end: int


_COUNT = _Unit(Dimension.COUNT, "", Fraction(1), frozenset(), 0)
_SIMPLE_UNITS = (
    (_PERCENT, Dimension.PERCENT, "%"),
    (_POINTS, Dimension.PERCENT, "pp"),
    (_MULTIPLE, Dimension.MULTIPLIER, "x"),
)
_UNIT_LEAD = re.compile(r"\s?-?")
_SPACE = re.compile(r"\s?")


def _read_quantity(text: str, norm: str, atom: _Atom, previous_end: int) -> Quantity | None:
    scale, pos = _read_scale(norm, atom)
    value, precision = atom.value * scale, atom.precision * scale
    qualifier = Qualifier.EXACT
    if plus := _PLUS.match(norm, pos):
        qualifier, pos = Qualifier.OVER, plus.end()
    currency, start = _currency_before(norm, atom.start)
    unit = _read_unit(norm, pos, atom) or replace(_COUNT, end=pos)
    pos = unit.end
    if unit.unit == "nines":  # "four nines" is 99.99%
        value, precision = 100 - Fraction(100, 10 ** int(value)), Fraction(100, 10 ** int(value))
        unit = replace(unit, unit="%")
    if not currency and unit.dimension is Dimension.COUNT:
        currency, pos = _currency_after(norm, pos)
    if currency:
        unit = replace(unit, dimension=Dimension.MONEY, unit=currency)
    if qualifier is Qualifier.EXACT and (plus := _PLUS.match(norm, pos)):
        qualifier, pos = Qualifier.OVER, plus.end()
    if pos < len(norm) and norm[pos].isalnum() and norm[pos - 1].isalnum():
        return None  # glued to letters: 5xx, 3rd, 2fa, 99th
    unit, phrase_end, plural = _read_counted(norm, pos, unit)

    # Years and versions are bare digits: no commas, scale, unit or currency.
    plain = unit.dimension is Dimension.COUNT and not (
        atom.spelled or atom.has_commas or scale != 1 or unit.unit
    )
    if plain and not atom.decimals and _is_year(atom, plural=plural):
        return _simple((atom.start, atom.end), value, Dimension.YEAR, "", label=str(int(value)))
    if plain and _is_version(text, norm, atom, unit.nouns):
        return None

    qual_start, qualifier = _qualifier(norm, start, previous_end, qualifier)
    if unit.dimension is Dimension.DURATION and norm.startswith("over ", qual_start):
        # "rolled out over 6 weeks" is a span of time, not "more than 6 weeks"
        qual_start, qualifier = start, Qualifier.EXACT
    return Quantity(
        start=qual_start,
        end=pos,
        phrase_end=phrase_end,
        value_start=atom.start,
        value_end=atom.end,
        low=value * unit.factor,
        high=value * unit.factor,
        precision=precision * unit.factor,
        dimension=unit.dimension,
        unit=unit.unit,
        nouns=unit.nouns,
        qualifier=qualifier,
        scale=Fraction(scale),
        unit_factor=unit.factor,
    )


def _read_scale(norm: str, atom: _Atom) -> tuple[int, int]:
    """ "10K", "1.2M", "2 million": the scale written after the digits."""
    if atom.spelled:
        return 1, atom.end  # "ten thousand" is read whole by spelled.py
    if letter := _SCALE_LETTER.match(norm, atom.end):
        return SCALE_LETTERS[letter.group(1)], letter.end()
    if word := _SCALE_WORD.match(norm, atom.end):
        return SCALE_WORDS[word.group(1)], word.end()
    return 1, atom.end


def _currency_before(norm: str, start: int) -> tuple[str, int]:
    before = _CURRENCY_BEFORE.search(norm, 0, start)
    if before is None:
        return "", start
    symbol = CURRENCY_SYMBOLS.get(before.group(1) or "")
    return symbol or CURRENCY_WORDS.get(before.group(2) or "", ""), before.start()


def _currency_after(norm: str, pos: int) -> tuple[str, int]:
    after = _CURRENCY_AFTER.match(norm, pos)
    if after is None:
        return "", pos
    word = CURRENCY_WORDS.get(after.group(1) or "")
    return word or CURRENCY_SYMBOLS[after.group(2)], after.end()


def _read_unit(norm: str, pos: int, atom: _Atom) -> _Unit | None:
    for rx, dimension, name in _SIMPLE_UNITS:
        if match := rx.match(norm, pos):
            return _Unit(dimension, name, Fraction(1), frozenset(), match.end())
    if (match := _NINES.match(norm, pos)) and atom.decimals == 0 and 1 <= atom.value <= 9:
        return _Unit(Dimension.PERCENT, "nines", Fraction(1), frozenset(), match.end())
    lead = _UNIT_LEAD.match(norm, pos)
    spaced = lead.end() if lead else pos
    glued = () if atom.spelled else TIME_GLUED  # "2s", "36h"; never "two s"
    tables = ((DATA_WORDS, Dimension.DATA, spaced), (TIME_WORDS, Dimension.DURATION, spaced))
    for table, dimension, at in (*tables, (glued, Dimension.DURATION, pos)):
        for rx, factor in table:
            if match := rx.match(norm, at):
                return _Unit(dimension, "", factor, frozenset(), match.end())
    space = _SPACE.match(norm, pos)
    at = space.end() if space else pos
    for rx, period, noun in RATE_WORDS:
        if match := rx.match(norm, at):
            return _Unit(Dimension.RATE, "", 1 / period, frozenset({noun} - {""}), match.end())
    return None


def _read_counted(norm: str, pos: int, unit: _Unit) -> tuple[_Unit, int, bool]:
    """What a count or an amount counts ("15 services"), and a rate's period ("a day")."""
    if unit.dimension not in (Dimension.COUNT, Dimension.MONEY, Dimension.RATE):
        return unit, pos, False
    nouns, phrase_end, plural = _nouns(norm, pos)
    unit = replace(unit, nouns=unit.nouns | nouns)
    if period := _PERIOD.match(norm, phrase_end):
        name = period.group(1) or _PERIOD_ALIASES.get(period.group(2), period.group(2))
        if unit.dimension is Dimension.COUNT:
            unit = replace(unit, dimension=Dimension.RATE, factor=unit.factor / RATE_PERIODS[name])
        phrase_end = period.end()
    return unit, phrase_end, plural


def _nouns(norm: str, pos: int) -> tuple[frozenset[str], int, bool]:
    """What is counted: up to three words after the number ("daily active users"), and
    whether the head noun is plural."""
    lead = _NOUN_LEAD.match(norm, pos)
    if lead is None or lead.end() == pos:
        return frozenset(), pos, False
    found: list[str] = []
    end, cursor, plural = pos, lead.end(), False
    while len(found) < _MAX_NOUN_WORDS:
        match = _NOUN.match(norm, cursor)
        if match is None:
            break
        word = match.group()
        if word in _NOT_NOUNS or (word.endswith("ed") and len(word) > 4):
            break
        found.append(word)
        end = match.end()
        if word.endswith("s") and not word.endswith("ss"):
            plural = True
            break  # the first plural is the head noun: "15 services migrated"
        gap = re.compile(r" (?=[a-z])").match(norm, end)
        if gap is None:
            break
        cursor = gap.end()
    return frozenset(lemma(w) for w in found), end, plural


def _is_year(atom: _Atom, *, plural: bool) -> bool:
    """1950-2099 written plainly, unless it counts plural things ("2000 users")."""
    return _YEARS[0] <= atom.value <= _YEARS[1] and not plural


def _is_version(text: str, norm: str, atom: _Atom, nouns: frozenset[str]) -> bool:
    """A number right after a capitalised name mid-sentence: "Java 17", "SOC 2"."""
    if nouns and not atom.decimals:
        return False
    name = re.search(r"([A-Za-z][\w+#.]*)\s$", text[: atom.start])
    if name is None or re.fullmatch(r"[QqHh][1-4]|I", name.group(1)):
        return False
    word = name.group(1)
    if len(word) >= 2 and word.isupper():
        return True  # "SOC 2", "ISO 27001", "HTTP 2"
    head = norm[: name.start()].rstrip()
    # A capitalised word mid-sentence is a name ("Java 17"); at the start it is a verb.
    return word[0].isupper() and bool(head) and head[-1] not in ".!?;:•\n-*\"'("


def _qualifier(norm: str, start: int, previous_end: int, found: Qualifier) -> tuple[int, Qualifier]:
    if found is not Qualifier.EXACT:
        # "10K+" already says "over"; an "about" before it would contradict, keep "+".
        return start, found
    best: tuple[int, Qualifier] | None = None
    for rx, qualifier in _QUALIFIERS:
        match = rx.search(norm, 0, start)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), qualifier)
    if best is None:
        return start, Qualifier.EXACT
    if previous_end >= 0 and not norm[previous_end : best[0]].strip():
        return start, Qualifier.EXACT  # "from 10 up to 40", "800 ms > 200 ms": a link
    return best


# --- ranges and before/after pairs ---------------------------------------------------

_CHANGE_SEP = re.compile(r"\s*(?:(?:all the way\s+)?(?:down|up)\s+to|to|->|=>|>)\s*")
_FROM = re.compile(r"(?<![a-z])from\s*$")
_BETWEEN = re.compile(r"(?<![a-z])between\s*$")


def _link(norm: str, quantities: list[Quantity]) -> tuple[list[Quantity], list[Change]]:
    out: list[Quantity] = []
    changes: list[Change] = []
    index = 0
    while index < len(quantities):
        first = quantities[index]
        second = quantities[index + 1] if index + 1 < len(quantities) else None
        linked = _link_pair(norm, first, second) if second else None
        if linked is None:
            out.append(first)
            index += 1
            continue
        kind, first, second = linked
        if kind == "range":
            out.append(_merge_range(first, second))
        else:
            out.extend((first, second))
            changes.append(Change(first, second))
        index += 2
    return out, changes


def _link_pair(
    norm: str, first: Quantity, second: Quantity
) -> tuple[str, Quantity, Quantity] | None:
    """A range ("3–5 teams", "between 3 and 5") or a change ("from 800 to 200 ms")."""
    if not _can_link(first, second):
        return None
    gap = norm[first.phrase_end : second.start]
    word = gap.strip()
    is_from = bool(_FROM.search(norm, 0, first.start))
    if (
        not is_from
        and not first.nouns
        and (word in ("-", "to") or (word == "and" and _BETWEEN.search(norm, 0, first.start)))
    ):
        low, high = _share_units(first, second, kind="range")
        if low.low <= high.low:
            return "range", low, high
        if word != "to":
            return None
    if _CHANGE_SEP.fullmatch(gap) and (is_from or word != "-"):
        low, high = _share_units(first, second, kind="change")
        return "change", low, high
    return None


def _can_link(first: Quantity, second: Quantity) -> bool:
    dated = (Dimension.YEAR, Dimension.QUARTER)
    if first.dimension in dated or second.dimension in dated or first.vague or second.vague:
        return False  # "2019–2021" is a period: both years are claims of their own
    if first.nouns and second.nouns and not first.nouns & second.nouns:
        return False  # "15 services to 3 teams" links nothing
    return first.dimension == second.dimension or _bare(first) or _bare(second)


def _bare(quantity: Quantity) -> bool:
    return quantity.dimension is Dimension.COUNT and not quantity.nouns


def _share_units(first: Quantity, second: Quantity, kind: str) -> tuple[Quantity, Quantity]:
    """Parts written once count for both: "from 800 to 200 ms", "$1–2M", "3–5K users"."""
    shared_scale = kind == "range" and first.scale == 1 and second.scale > 1
    if shared_scale and first.low * second.scale <= second.low:
        first = replace(
            first,
            low=first.low * second.scale,
            high=first.high * second.scale,
            precision=first.precision * second.scale,
            scale=second.scale,
        )
    if first.dimension is Dimension.MONEY and _bare(second):
        second = replace(second, dimension=Dimension.MONEY, unit=first.unit)
    if _bare(first) and not _bare(second):
        first = _adopt(first, second)
    elif _bare(second) and not _bare(first):
        second = _adopt(second, first)
    return first, second


def _adopt(bare: Quantity, model: Quantity) -> Quantity:
    factor = model.unit_factor
    return replace(
        bare,
        low=bare.low * factor,
        high=bare.high * factor,
        precision=bare.precision * factor,
        dimension=model.dimension,
        unit=model.unit,
        nouns=model.nouns,
        unit_factor=factor,
    )


def _merge_range(first: Quantity, second: Quantity) -> Quantity:
    qualifier = first.qualifier if first.qualifier is not Qualifier.EXACT else second.qualifier
    return replace(
        second,
        start=first.start,
        value_start=first.value_start,
        low=min(first.low, second.low),
        high=max(first.high, second.high),
        precision=max(first.precision, second.precision),
        qualifier=qualifier,
    )


def _with_direction(norm: str, quantity: Quantity) -> Quantity:
    if quantity.direction is not None:
        return quantity
    if quantity.dimension not in (Dimension.PERCENT, Dimension.MULTIPLIER):
        return quantity
    return replace(quantity, direction=direction_at(norm, quantity.start, quantity.end))
