"""A posting's skill terms, and which of them a CV names (keyword coverage).

Text is read as tokens with Snowball stems (as library search does), so "SLOs" finds "SLO"
and "Site Reliability Engineer" finds "site reliability engineering". Known terms and
their acronyms, expansions and synonyms come from resources/prep/terms.json; `Lexicon`
turns that file into a table of stemmed phrases, which the matcher reuses for its
content terms.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import Stemmer

RESOURCE = "prep/terms.json"

# Words, with dotted or C++/C#-style tails kept whole: "Node.js", "C++", "99.95".
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*[+#]*")
# An acronym plural ("SLOs", "APIs", "EC2s"): Snowball leaves "slos" as it is.
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}[0-9]*s")
# Punctuation between two tokens that starts a new sentence, clause or list item.
_SENTENCE_BREAK = re.compile(r"[.!?:;\n•·*]")


class LexiconError(ValueError):
    """terms.json is malformed: a packaging bug, not the candidate's doing."""


@dataclass(frozen=True)
class Token:
    surface: str  # as written
    key: str  # lower-case stem: what compares equal across inflections
    start: int  # character span in the text
    end: int


@dataclass(frozen=True)
class Term:
    name: str  # shown to the person: the first form in terms.json, or the word as written
    forms: tuple[str, ...]  # every spelling that counts as this term
    key: str  # identifies the term across spellings ("t:Kubernetes", "w:nomad")


@dataclass(frozen=True)
class TermHit:
    term: Term
    found: bool
    found_as: str  # the CV's own words for it; "" when not found


@dataclass(frozen=True)
class KeywordCoverage:
    terms: tuple[TermHit, ...]

    @property
    def covered(self) -> tuple[TermHit, ...]:
        return tuple(hit for hit in self.terms if hit.found)

    @property
    def missing(self) -> tuple[TermHit, ...]:
        return tuple(hit for hit in self.terms if not hit.found)

    @property
    def ratio(self) -> float:
        """Share of the posting's terms the CV names; 0.0 when the posting names none, so
        an empty or unreadable posting never reads as fully covered."""
        return len(self.covered) / len(self.terms) if self.terms else 0.0


@dataclass(frozen=True)
class _Entry:
    concept: str  # "t:<term name>" or "s:<first synonym>"
    cased: tuple[str, ...] | None  # surfaces that must match exactly, for cased forms
    is_form: bool  # a term's own spelling (counts for coverage), not just a synonym


@dataclass(frozen=True)
class Span:
    concept: str
    first: int  # token positions, end exclusive
    end: int


@dataclass(frozen=True)
class Lexicon:
    terms: Mapping[str, Term]  # by concept id
    names: Mapping[str, str]  # concept id -> name shown (terms and synonym groups)
    phrases: Mapping[tuple[str, ...], tuple[_Entry, ...]]  # stemmed phrase -> entries
    longest: int  # tokens in the longest phrase
    stop_words: frozenset[str]
    generic_words: frozenset[str]
    ordinary_capitalised: frozenset[str]  # lower case
    unstemmed: frozenset[str]  # words whose Snowball stem collides with another word

    @classmethod
    def from_json(cls, text: str) -> Lexicon:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{RESOURCE} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
            raise LexiconError(f"{RESOURCE} needs a 'terms' list")
        unstemmed = frozenset(w.lower() for w in _strings(data, "unstemmed"))
        cased = frozenset(_strings(data, "cased"))
        builder = _PhraseTable(unstemmed)
        terms: dict[str, Term] = {}
        names: dict[str, str] = {}
        for raw in data["terms"]:
            forms = tuple(raw.get("forms", ())) if isinstance(raw, dict) else ()
            if not forms or not all(isinstance(f, str) and f.strip() for f in forms):
                raise LexiconError(f"{RESOURCE}: a term needs non-empty 'forms': {raw!r}")
            concept = f"t:{forms[0]}"
            if concept in terms:
                raise LexiconError(f"{RESOURCE}: term {forms[0]!r} appears twice")
            terms[concept] = Term(forms[0], forms, concept)
            names[concept] = forms[0]
            for form in forms:
                builder.add(form, concept, cased=form in cased, is_form=True)
        for group in data.get("synonyms", []):
            if not isinstance(group, list) or len(group) < 2:
                raise LexiconError(f"{RESOURCE}: a synonym group needs 2+ phrases: {group!r}")
            # A group that shares a phrase with a term joins that term's concept.
            joined = [c for p in group if (c := builder.concept_of(p)) and c.startswith("t:")]
            concept = joined[0] if joined else f"s:{group[0]}"
            names.setdefault(concept, group[0])
            for phrase in group:
                known = builder.concept_of(phrase)
                if known is None:
                    builder.add(phrase, concept, cased=phrase in cased, is_form=False)
                elif known != concept:
                    raise LexiconError(f"{RESOURCE}: {phrase!r} is in two synonym groups")
        return cls(
            terms=terms,
            names=names,
            phrases=builder.table,
            longest=max((len(k) for k in builder.table), default=1),
            stop_words=frozenset(w.lower() for w in _strings(data, "stop_words")),
            generic_words=frozenset(w.lower() for w in _strings(data, "generic_words")),
            ordinary_capitalised=frozenset(
                w.lower() for w in _strings(data, "ordinary_capitalised")
            ),
            unstemmed=unstemmed,
        )

    def tokenize(self, text: str) -> list[Token]:
        return tokenize(text, self.unstemmed)

    def spans(self, tokens: Sequence[Token], *, forms_only: bool = False) -> list[Span]:
        """Known phrases in the tokens, longest first at each position, never overlapping.

        forms_only: only a term's own spellings (coverage), not its synonyms (matching)."""
        found: list[Span] = []
        position = 0
        while position < len(tokens):
            span = self._span_at(tokens, position, forms_only)
            if span is None:
                position += 1
            else:
                found.append(span)
                position = span.end
        return found

    def _span_at(self, tokens: Sequence[Token], position: int, forms_only: bool) -> Span | None:
        for length in range(min(self.longest, len(tokens) - position), 0, -1):
            window = tokens[position : position + length]
            for entry in self.phrases.get(tuple(t.key for t in window), ()):
                if forms_only and not entry.is_form:
                    continue
                if entry.cased is not None and tuple(t.surface for t in window) != entry.cased:
                    continue
                return Span(entry.concept, position, position + length)
        return None

    def is_filler(self, token: Token) -> bool:
        """A stop word, a posting boilerplate word ("experience", "strong") or a bare number."""
        lower = token.surface.lower()
        return (
            lower in self.stop_words
            or lower in self.generic_words
            or not any(c.isalpha() for c in lower)
        )


class _PhraseTable:
    def __init__(self, unstemmed: frozenset[str]) -> None:
        self._unstemmed = unstemmed
        self.table: dict[tuple[str, ...], tuple[_Entry, ...]] = {}

    def _tokens(self, phrase: str) -> list[Token]:
        tokens = tokenize(phrase, self._unstemmed)
        if not tokens:
            raise LexiconError(f"{RESOURCE}: {phrase!r} has no words")
        return tokens

    def concept_of(self, phrase: str) -> str | None:
        tokens = self._tokens(phrase)
        entries = self.table.get(tuple(t.key for t in tokens), ())
        return entries[0].concept if entries else None

    def add(self, phrase: str, concept: str, *, cased: bool, is_form: bool) -> None:
        tokens = self._tokens(phrase)
        key = tuple(t.key for t in tokens)
        surfaces = tuple(t.surface for t in tokens) if cased else None
        existing = self.table.get(key, ())
        if any(e.concept != concept and e.cased == surfaces for e in existing):
            raise LexiconError(f"{RESOURCE}: {phrase!r} belongs to two terms")
        self.table[key] = (*existing, _Entry(concept, surfaces, is_form))


def _strings(data: dict[str, Any], field: str) -> list[str]:
    values = data.get(field, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LexiconError(f"{RESOURCE}: '{field}' must be a list of strings")
    return values


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = importlib.resources.files("resources").joinpath(RESOURCE).read_text(encoding="utf-8")
    return Lexicon.from_json(text)


def tokenize(text: str, unstemmed: Iterable[str] = ()) -> list[Token]:
    # A stemmer per call: PyStemmer objects are not safe to share across threads.
    stemmer = Stemmer.Stemmer("english")
    keep = frozenset(unstemmed)
    tokens: list[Token] = []
    for found in _TOKEN.finditer(text):
        surface = found.group()
        if _ACRONYM_PLURAL.fullmatch(surface):
            key = surface[:-1].lower()
        elif surface.lower() in keep:
            key = surface.lower()
        else:
            key = stemmer.stemWord(surface.lower())
        tokens.append(Token(surface, key, found.start(), found.end()))
    return tokens


def posting_terms(text: str, lexicon: Lexicon | None = None) -> tuple[Term, ...]:
    """The posting's skill terms in order of first mention, one Term per skill however
    it is spelled: known terms from terms.json, plus technology-looking capitalised words.

    The capitalised-word heuristic, kept simple on purpose (a company or product name can
    still slip through): a word counts when it starts with a capital or has a capital
    inside ("PostgreSQL", "gRPC") and is not a stop word, a boilerplate word, an ordinary
    heading word, or used in lower case elsewhere in the posting. At the start of a
    sentence, line or list item (where every word is capitalised) only a word with a
    technology shape counts: a capital after the first letter, a digit, or + # . inside.
    Heading words ("Benefits", "Perks") are listed as ordinary in terms.json."""
    lexicon = lexicon or load_lexicon()
    tokens = lexicon.tokenize(text)
    found: dict[str, Term] = {}
    covered: set[int] = set()
    for span in lexicon.spans(tokens, forms_only=True):
        covered.update(range(span.first, span.end))
        found.setdefault(span.concept, lexicon.terms[span.concept])
    in_lower_case = {t.surface for t in tokens if t.surface.islower()}

    def named(index: int) -> bool:
        token = tokens[index]
        lower = token.surface.lower()
        return not (
            index in covered
            or lexicon.is_filler(token)
            or lower in lexicon.ordinary_capitalised
            or lower in in_lower_case
        )

    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not (
            named(index) and _looks_like_technology(token, _starts_sentence(text, tokens, index))
        ):
            index += 1
            continue
        # A name of several capitalised words is one term: "Hugging Face", "Triton
        # Inference Server"; the words must follow each other with one space between.
        end = index + 1
        while (
            end < len(tokens)
            and end - index < _MAX_NAME_WORDS
            and text[tokens[end - 1].end : tokens[end].start] == " "
            and tokens[end].surface[0].isupper()
            and named(end)
        ):
            end += 1
        words = tokens[index:end]
        surface = text[words[0].start : words[-1].end]
        key = "w:" + " ".join(t.key for t in words)
        found.setdefault(key, Term(surface, (surface,), key))
        index = end
    return tuple(found.values())


_MAX_NAME_WORDS = 4  # the longest unknown name read as one term


def _looks_like_technology(token: Token, sentence_start: bool) -> bool:
    surface = token.surface
    if len(surface) < 2 or not any(c.isalpha() for c in surface):
        return False
    shaped = (
        any(c.isupper() for c in surface[1:])
        or any(c.isdigit() for c in surface)
        or any(c in "+#." for c in surface)
    )
    if sentence_start:
        return shaped
    return surface[0].isupper() or shaped


def _starts_sentence(text: str, tokens: Sequence[Token], index: int) -> bool:
    if index == 0:
        return True
    return bool(_SENTENCE_BREAK.search(text, tokens[index - 1].end, tokens[index].start))


def keyword_coverage(
    cv_text: str, posting_text: str, lexicon: Lexicon | None = None
) -> KeywordCoverage:
    """Which of the posting's terms the CV names, in any spelling terms.json knows
    ("K8s" in the posting is covered by "Kubernetes" in the CV). Synonyms do not count:
    a screening system looks for the term itself."""
    lexicon = lexicon or load_lexicon()
    tokens = lexicon.tokenize(cv_text)
    named: dict[str, str] = {}
    for span in lexicon.spans(tokens, forms_only=True):
        words = cv_text[tokens[span.first].start : tokens[span.end - 1].end]
        named.setdefault(span.concept, words)
    for first in range(len(tokens)):  # unknown names of one to _MAX_NAME_WORDS words
        for end in range(first + 1, min(first + _MAX_NAME_WORDS, len(tokens)) + 1):
            run = tokens[first:end]
            key = "w:" + " ".join(t.key for t in run)
            named.setdefault(key, cv_text[run[0].start : run[-1].end])
    hits = tuple(
        TermHit(term, term.key in named, named.get(term.key, ""))
        for term in posting_terms(posting_text, lexicon)
    )
    return KeywordCoverage(hits)
