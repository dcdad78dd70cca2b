"""HTML reader for saved job-posting pages (BeautifulSoup with the stdlib html.parser).

Keeps what carries the posting: headings, list items (one bullet each) and paragraphs.
Drops the page around it: scripts, styles, forms, SVG, navigation, site headers and
footers, cookie and consent banners, and anything hidden.
"""

from __future__ import annotations

import re
from typing import Any

from coach.ingest.blocks import Block, ExtractedText
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


def read_html(data: bytes) -> ExtractedText:
    from bs4 import BeautifulSoup  # noqa: PLC0415 - only HTML pages need it

    soup = BeautifulSoup(data, "html.parser")
    _drop_noise(soup)
    walker = _Walker()
    walker.walk(soup)
    walker.flush()
    return ExtractedText(blocks=tuple(walker.blocks), source_format="html")


def _drop_noise(soup: Any) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in _KEEP:
            continue
        if _is_noise(tag):
            tag.decompose()


def _is_noise(tag: Any) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", str(attrs.get("style", ""))):
        return True
    if str(attrs.get("role", "")).lower() in _NOISE_ROLES:
        return True
    if tag.name in {"header", "footer"} and not tag.find_parent(["main", "article"]):
        # The site's header and footer; a header holding the posting's title is kept.
        return tag.name == "footer" or tag.find("h1") is None
    classes = attrs.get("class") or []
    names = " ".join([*classes, str(attrs.get("id", ""))])
    if _NOISE_ANYWHERE.search(names):
        return True
    tokens = {token.lower() for token in re.split(r"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])", names)}
    return bool(tokens & _NOISE_TOKENS)


class _Walker:
    """Turns the tree into blocks: inline text gathers until a block element ends it."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.in_item = 0  # depth of <li> around the text being gathered
        self.bold: list[bool] = []  # per gathered piece: inside <b>/<strong>

    def walk(self, node: Any, *, bold: bool = False) -> None:
        from bs4 import NavigableString, Tag  # noqa: PLC0415

        for child in node.children:
            if isinstance(child, Tag):
                self._tag(child, bold=bold)
            elif type(child) is NavigableString:  # not comments, doctypes or CDATA
                self.buffer.append(str(child))
                self.bold.append(bold or not str(child).strip())

    def _tag(self, tag: Any, *, bold: bool) -> None:
        name = tag.name
        if name in _HEADINGS:
            self.flush()
            text = collapse(tag.get_text(" "))
            if text:
                self.blocks.append(Block("heading", text, level=_HEADINGS[name]))
        elif name == "li":
            self.flush()
            self.in_item += 1
            self.walk(tag)
            self.flush()
            self.in_item -= 1
        elif name == "br":
            self.flush()  # line breaks separate items in hand-made lists
        elif name in _BLOCK_TAGS:
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag, bold=bold or name in {"b", "strong"})

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
