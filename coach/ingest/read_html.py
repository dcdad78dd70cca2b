"""HTML reader for saved job-posting pages (BeautifulSoup with the stdlib html.parser, and
trafilatura for the main content).

Keeps what carries the posting: headings, list items (one bullet each) and paragraphs.
Drops the page around it: scripts, styles, forms, SVG, navigation, site headers and
footers, cookie and consent banners, and anything hidden; then keeps only the blocks
trafilatura also finds in the page's main content (so "Similar jobs", "Apply for this job"
and job-board furniture without telling class names go too), unless trafilatura finds
little of the page, when the walker's reading stands.

Hostile pages: the tree is walked with an explicit stack (a recursive walk hit Python's
recursion limit at about 600 nested tags), and nothing is searched once per tag (bs4's
`find_parent`, `find` and even `Tag.decomposed`, which falls back to a subtree search,
made noise removal quadratic: 3,000 nested divs took 6 s). Comments, scripts, styles
and SVG are cut out before parsing, and a page with more than MAX_TAGS tags left is
refused: bs4 builds about 10,000 tags a second on a 2-core laptop.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from coach.errors import UserError
from coach.ingest.blocks import Block, ExtractedText, bounded
from coach.ingest.lines import collapse, is_bullet, looks_like_heading, strip_bullet

_DROP_TAGS = (
    "script", "style", "noscript", "template", "form", "svg", "nav", "iframe", "button",
    "select", "textarea", "input", "head", "dialog", "canvas", "object", "embed",
)  # fmt: skip
# Words in an id or class that mark page furniture rather than the posting.
_NOISE_TOKENS = {
    "nav", "navbar", "navigation", "menu", "banner", "footer", "breadcrumb", "breadcrumbs",
    "cookie", "cookies", "consent", "gdpr", "skip", "share", "social",
}  # fmt: skip
_NOISE_ANYWHERE = re.compile(r"cookie|consent|gdpr", re.IGNORECASE)
_NOISE_ROLES = {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "menu"}
_KEEP = {"html", "body", "main", "article"}  # never dropped for their class names
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "aside", "ul", "ol", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "td", "th", "blockquote", "pre", "hr", "figure",
    "figcaption", "address", "details", "summary", "header", "footer", "body", "html",
}  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
MAX_TAGS = 40_000  # start tags left after scripts, styles and SVG are cut out
# A real page's busiest tag has a few dozen attributes; tens of thousands on one tag make
# the main-content extractor take minutes.
MAX_ATTRIBUTES = 1_000
# What html.parser skips anyway, cut out before parsing: saved pages carry most of their
# markup in scripts, styles and inline SVG, and bs4 spends about 0.1 ms on every tag.
_SKIPPED_START = re.compile(r"<!--|<(script|style|svg|template)\b", re.IGNORECASE)
_START_TAG = re.compile(r"<[A-Za-z]")
_NOT_DECODED = (
    "Some characters on this page could not be decoded and show as \ufffd; check the text "
    "against the page."
)
_SAVE_AS_TEXT = "Copy the posting's text and paste it instead, or print the page to PDF."


def read_html(data: bytes) -> ExtractedText:
    from bs4 import BeautifulSoup, UnusualUsageWarning  # noqa: PLC0415 - only HTML needs it
    from bs4.dammit import UnicodeDammit  # noqa: PLC0415
    from bs4.exceptions import ParserRejectedMarkup  # noqa: PLC0415

    # bs4's "unusual usage" warnings are advice for programmers (this page looks like XML,
    # like a file name...), and its decoder logs a line when it had to replace characters:
    # the candidate gets a note instead, and neither reaches the log or the error handler.
    with warnings.catch_warnings(), _quiet_logger("bs4.dammit"):
        warnings.simplefilter("ignore", UnusualUsageWarning)
        dammit = UnicodeDammit(data, is_html=True)
        if dammit.unicode_markup is None:
            raise UserError(
                "The text of this page could not be decoded: it may be damaged.",
                hint=_SAVE_AS_TEXT,
            )
        markup = _cut_skipped(dammit.unicode_markup)
        tags = len(_START_TAG.findall(markup))
        if tags > MAX_TAGS:
            raise UserError(
                f"This page has too much markup to read: {tags:,} tags, where a job "
                f"posting has a few thousand (Loopcoach reads up to {MAX_TAGS:,}).",
                hint=_SAVE_AS_TEXT,
            )
        try:
            soup = BeautifulSoup(markup, "html.parser")
        except ParserRejectedMarkup as exc:
            raise UserError("This page's HTML is too damaged to read.", hint=_SAVE_AS_TEXT) from exc
    busiest = max((len(tag.attrs) for tag in soup.find_all(True)), default=0)
    if busiest > MAX_ATTRIBUTES:
        raise UserError(
            f"This page has a tag with {busiest:,} attributes, where a job posting's tags "
            f"have a few (Loopcoach reads up to {MAX_ATTRIBUTES:,}): it may be damaged.",
            hint=_SAVE_AS_TEXT,
        )
    walker = _Walker(_h1_holders(soup))
    walker.walk(soup)
    blocks = _main_content(walker.blocks, markup)
    notes = (_NOT_DECODED,) if dammit.contains_replacement_characters else ()
    return ExtractedText(blocks=bounded(blocks), source_format="html", warnings=notes)


# A cookie or consent notice with no class or id to tell it by: short, and asking.
_COOKIE_TEXT = re.compile(
    r"\bcookies?\b.*\b(?:accept|consent|agree|settings|preferences|got it|reject)\b"
    r"|\b(?:accept|reject)\b.*\bcookies?\b",
    re.IGNORECASE | re.DOTALL,
)
_COOKIE_WORDS = 60
# trafilatura's main content must hold this share of the walker's text to be trusted: on
# a page it cannot read (too short, unusual markup) it returns little or nothing.
_MAIN_SHARE = 0.5


def _words_of(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _main_content(blocks: list[Block], markup: str) -> list[Block]:
    """The blocks that are the posting: those trafilatura (a main-content extractor) also
    keeps, so menus, related jobs, apply buttons and banners drop out. Headings stay (the
    title is metadata to trafilatura, and a heading is where a section ends)."""
    blocks = [
        b for b in blocks
        if not (len(b.text.split()) <= _COOKIE_WORDS and _COOKIE_TEXT.search(b.text))
    ]  # fmt: skip
    main = _trafilatura_text(markup)
    if not main:
        return blocks
    # Headings always stay: trafilatura drops many, and they are where sections end.
    keep = [b.kind == "heading" or f" {_words_of(b.text)} " in main for b in blocks]
    # trafilatura drops lists of one-word items ("HTML", "CSS"): a list stays whole when
    # any item of it, or the line that introduces it, is main content.
    start = 0
    while start < len(blocks):
        end = start
        while end < len(blocks) and blocks[end].kind == "bullet":
            end += 1
        lead_in = start > 0 and keep[start - 1] and blocks[start - 1].kind != "heading"
        if end > start and (any(keep[start:end]) or lead_in):
            keep[start:end] = [True] * (end - start)
        start = end + 1 if end == start else end
    kept = [b for b, k in zip(blocks, keep, strict=True) if k]
    total = sum(len(b.text) for b in blocks)
    if total and sum(len(b.text) for b in kept) < _MAIN_SHARE * total:
        return blocks  # trafilatura missed the posting itself: the walker's reading stands
    return kept


def _trafilatura_text(markup: str) -> str:
    """trafilatura's main text as space-separated lower-case words, "" when it finds none."""
    import trafilatura  # noqa: PLC0415 - only saved pages need it

    with _quiet_logger("trafilatura"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            text = trafilatura.extract(
                markup, favor_recall=True, include_tables=True, deduplicate=False
            )
        except Exception:
            return ""
    return f" {_words_of(text)} " if text else ""


def _cut_skipped(markup: str) -> str:
    """The page without comments, scripts, styles, SVG and templates. One scan from left to
    right, like the tokenizer (a comment that mentions <script> is just a comment); an
    unclosed one runs to the end of the page, as it does for html.parser."""
    kept: list[str] = []
    position = 0
    while found := _SKIPPED_START.search(markup, position):
        kept.append(markup[position : found.start()])
        if found.group(1) is None:
            end = markup.find("-->", found.end())
            position = -1 if end < 0 else end + 3
        else:
            closing = re.compile(rf"</{found.group(1)}\s*>", re.IGNORECASE)
            close = closing.search(markup, found.end())
            position = -1 if close is None else close.end()
        kept.append(" ")
        if position < 0:
            return "".join(kept)
    kept.append(markup[position:])
    return "".join(kept)


@contextmanager
def _quiet_logger(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    disabled = logger.disabled
    logger.disabled = True  # ingestion runs one document at a time (its own lane)
    try:
        yield
    finally:
        logger.disabled = disabled


def _h1_holders(soup: Any) -> set[int]:
    """ids of the tags with an <h1> somewhere inside: one pass up from each <h1>, so a
    page of thousands of nested headers is not searched once per header."""
    holders: set[int] = set()
    for heading in soup.find_all("h1"):
        for parent in heading.parents:
            if id(parent) in holders:
                break
            holders.add(id(parent))
    return holders


def _is_noise(tag: Any, *, in_main: bool, holds_h1: bool) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", str(attrs.get("style", ""))):
        return True
    if str(attrs.get("role", "")).lower() in _NOISE_ROLES:
        return True
    if tag.name in {"header", "footer"} and not in_main:
        # The site's header and footer; a header holding the posting's title is kept.
        return tag.name == "footer" or not holds_h1
    classes = attrs.get("class") or []
    names = " ".join([*classes, str(attrs.get("id", ""))])
    if _NOISE_ANYWHERE.search(names):
        return True
    tokens = {token.lower() for token in re.split(r"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])", names)}
    return bool(tokens & _NOISE_TOKENS)


# What the walker does after a tag's children: end the heading, the list item, the block.
_END_HEADING, _END_ITEM, _END_BLOCK = "heading", "item", "block"


class _Walker:
    """Turns the tree into blocks: inline text gathers until a block element ends it.

    Page furniture (see _DROP_TAGS and _is_noise) is skipped with everything inside it.
    The walk keeps its own stack instead of recursing: a page of tags nested thousands
    deep is read like any other."""

    def __init__(self, h1_holders: set[int]) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.in_item = 0  # depth of <li> around the text being gathered
        self.bold: list[bool] = []  # per gathered piece: inside <b>/<strong>
        self.heading: list[str] | None = None  # the words of the heading being read
        self.h1_holders = h1_holders

    def walk(self, root: Any) -> None:
        from bs4 import NavigableString, Tag  # noqa: PLC0415

        # (node or end marker, bold, inside <main>/<article>), popped in document order
        stack: list[tuple[Any, bool, bool]] = [(child, False, False) for child in root.contents]
        stack.reverse()
        while stack:
            node, bold, in_main = stack.pop()
            if isinstance(node, tuple):
                self._end(*node)
            elif type(node) is NavigableString:  # not comments, doctypes or CDATA
                self._text(str(node), bold)
            elif isinstance(node, Tag):
                stack += reversed(self._enter(node, bold, in_main))
        self.flush()

    def _text(self, text: str, bold: bool) -> None:
        if self.heading is not None:
            self.heading.append(text)
        else:
            self.buffer.append(text)
            self.bold.append(bold or not text.strip())

    def _enter(self, tag: Any, bold: bool, in_main: bool) -> list[tuple[Any, bool, bool]]:
        """What to visit for `tag`: its children, then an end marker where one applies."""
        name = tag.name
        if name in _DROP_TAGS:
            return []
        if name not in _KEEP and _is_noise(
            tag, in_main=in_main, holds_h1=id(tag) in self.h1_holders
        ):
            return []
        in_main = in_main or name in {"main", "article"}
        end: tuple[str, int] | None = None
        if self.heading is not None:
            if name == "br":
                self.heading.append(" ")
        elif name in _HEADINGS:
            self.flush()
            self.heading = []
            end = (_END_HEADING, _HEADINGS[name])
        elif name == "li":
            self.flush()
            self.in_item += 1
            end = (_END_ITEM, 0)
        elif name == "br":
            self.flush()  # line breaks separate items in hand-made lists
        elif name in _BLOCK_TAGS:
            self.flush()
            end = (_END_BLOCK, 0)
        # Bold carries through inline tags only: a list item or block starts plain.
        bold = (bold or name in {"b", "strong"}) if end is None else False
        children = [(child, bold, in_main) for child in tag.contents]
        if end is not None:
            children.append((end, bold, in_main))
        return children

    def _end(self, what: str, level: int) -> None:
        if what == _END_HEADING:
            text = collapse(" ".join(self.heading or ()))
            self.heading = None
            if text:
                self.blocks.append(Block("heading", text, level=level))
        elif what == _END_ITEM:
            self.flush()
            self.in_item -= 1
        else:
            self.flush()

    def flush(self) -> None:
        text = collapse("".join(self.buffer))
        all_bold = bool(self.bold) and all(self.bold)
        self.buffer.clear()
        self.bold.clear()
        if not text:
            return
        if self.in_item or is_bullet(text):
            self.blocks.append(Block("bullet", strip_bullet(text) if is_bullet(text) else text))
        elif all_bold and (looks_like_heading(text) or (text.endswith(":") and len(text) <= 60)):
            # "<p><strong>Requirements</strong></p>" is how many posting pages head a list.
            self.blocks.append(Block("heading", text.rstrip(":"), level=3))
        else:
            self.blocks.append(Block("paragraph", text))
