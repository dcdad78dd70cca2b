"""The requirement matrix: each requirement of the posting, must or nice, how strongly the
candidate's evidence shows it (a coloured cell that also says the word), and the best
evidence; and, below it, every match of the selected requirement with its text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.prep.brief import strength_word
from ui.pages.conversation import clear_layout, pane_scroll, repolish, text_label
from ui.pages.opportunities_style import strength_colours, strength_key

if TYPE_CHECKING:
    from coach.prep.matcher import Match
    from coach.prep.records import RequirementPrep

KIND_WORDS = {"must": "Must", "nice": "Nice"}
EVIDENCE_CHARS = 130  # of the best evidence in its cell; the whole text is below the table
STRENGTH_TIPS = {
    "strong": "Your evidence shows this clearly.",
    "partial": "Your evidence shows part of it: say the rest in the interview.",
    "weak": "Only a weak match: this counts as a gap.",
    "none": "Nothing in your stories or CV matches this yet: a gap.",
}


def kind_word(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.capitalize())


def short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def evidence_text(match: Match) -> str:
    """The evidence's words without a story's title, which its label already gives."""
    text = match.evidence.text
    title = match.evidence.label.removeprefix("Story: ")
    if match.evidence.kind == "story" and text.startswith(f"{title}. "):
        return text[len(title) + 2 :]
    return text


def match_line(match: Match) -> str:
    """How one match was judged, in words: strength, score, shared terms, similarity."""
    parts = [f"{strength_word(match.strength)} ({match.score:.2f})"]
    if match.shared_terms:
        parts.append("shares " + ", ".join(match.shared_terms))
    else:
        parts.append("no shared terms")
    if match.similarity is not None:
        parts.append(f"meaning {match.similarity:.2f}")
    return " · ".join(parts)


def matches_tooltip(requirement: RequirementPrep) -> str:
    """Every match of the requirement, as rich text with the candidate's words escaped."""
    if not requirement.matches:
        return "No story or CV line matches this requirement yet."
    rows = [
        f"<p><b>{html.escape(m.evidence.label)}</b><br>{html.escape(match_line(m))}<br>"
        f"<i>{html.escape(short(evidence_text(m), 240))}</i></p>"
        for m in requirement.matches
    ]
    return "<qt>" + "".join(rows) + "</qt>"


class MatrixTable(QTableWidget):
    """One row per requirement, in the posting's order."""

    COLUMNS = ("Requirement", "Kind", "Strength", "Best evidence")
    requirement_selected = Signal(object)  # RequirementPrep, or None

    def __init__(self) -> None:
        super().__init__(0, len(self.COLUMNS))
        self.setObjectName("matrix")
        self.setAccessibleName("Requirement matrix")
        self.setHorizontalHeaderLabels(self.COLUMNS)
        self.horizontalHeaderItem(2).setToolTip(
            "How strongly your best evidence shows the requirement: Strong, Partial, Weak, "
            "or None when nothing matches"
        )
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setShowGrid(False)
        self.setMinimumHeight(160)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.resizeRowsToContents())
        self.requirements: tuple[RequirementPrep, ...] = ()
        self.itemSelectionChanged.connect(self._selection_changed)

    def show_requirements(self, requirements: Sequence[RequirementPrep]) -> None:
        chosen = self.selected_row()
        self.requirements = tuple(requirements)
        self.blockSignals(True)
        try:
            self.clearContents()
            self.setRowCount(len(self.requirements))
            for row, requirement in enumerate(self.requirements):
                self._fill_row(row, requirement)
        finally:
            self.blockSignals(False)
        self.resizeRowsToContents()
        if self.requirements:
            self.selectRow(chosen if chosen is not None and chosen < self.rowCount() else 0)
        self._selection_changed()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.recolour()  # the theme changed: the strength colours follow

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()  # wrapped text needs new heights at a new width

    def _fill_row(self, row: int, requirement: RequirementPrep) -> None:
        text = QTableWidgetItem(requirement.text)
        text.setToolTip(
            requirement.text + (f"\n(from “{requirement.section}”)" if requirement.section else "")
        )
        kind = QTableWidgetItem(kind_word(requirement.kind))
        if requirement.kind == "must":
            font = kind.font()
            font.setWeight(font.Weight.DemiBold)
            kind.setFont(font)
        key = strength_key(requirement.strength)
        strength = QTableWidgetItem(strength_word(requirement.strength))
        strength.setData(Qt.ItemDataRole.UserRole, key)
        strength.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        strength.setToolTip(STRENGTH_TIPS[key])
        font = strength.font()
        font.setWeight(font.Weight.DemiBold)
        strength.setFont(font)
        best = requirement.best
        evidence = QTableWidgetItem(
            "—"
            if best is None
            else f"{best.evidence.label}: {short(evidence_text(best), EVIDENCE_CHARS)}"
        )
        evidence.setToolTip(matches_tooltip(requirement))
        for column, item in enumerate((text, kind, strength, evidence)):
            item.setData(Qt.ItemDataRole.UserRole + 1, row)
            self.setItem(row, column, item)
        self._colour(strength)

    def _colour(self, item: QTableWidgetItem) -> None:
        back, fore = strength_colours(self.palette(), item.data(Qt.ItemDataRole.UserRole))
        item.setBackground(back)
        item.setForeground(fore)

    def recolour(self) -> None:
        """Pick the strength colours for the palette in use."""
        for row in range(self.rowCount()):
            item = self.item(row, 2)
            if item is not None:
                self._colour(item)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(requirement, kind, strength word, best evidence) as shown."""
        return [
            tuple(self.item(row, column).text() for column in range(len(self.COLUMNS)))  # type: ignore[misc]
            for row in range(self.rowCount())
        ]

    def strength_cell(self, row: int) -> QTableWidgetItem:
        return self.item(row, 2)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selection_changed(self) -> None:
        row = self.selected_row()
        self.requirement_selected.emit(
            None if row is None or row >= len(self.requirements) else self.requirements[row]
        )


def strength_chip(strength: object) -> QWidget:
    chip = text_label(strength_word(strength), "strengthChip", selectable=False)
    chip.setProperty("strength", strength_key(strength))
    chip.setToolTip(STRENGTH_TIPS[strength_key(strength)])
    repolish(chip)
    return chip


class MatchCard(QFrame):
    """One story or CV line that matches: where it is from, how it was judged, its text."""

    def __init__(self, match: Match) -> None:
        super().__init__()
        self.setObjectName("oppCard")
        self.match = match
        title = text_label(match.evidence.label, "sectionTitle")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(title, 1)
        top.addWidget(strength_chip(match.strength), 0, Qt.AlignmentFlag.AlignTop)
        self.judged = text_label(match_line(match), "hint")
        self.text = text_label(evidence_text(match), "quote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.judged)
        layout.addWidget(self.text)


class MatchDetails(QWidget):
    """Every match of the requirement selected in the table."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = text_label("", "sectionTitle")
        self.note = text_label("", "muted")
        content = QWidget()
        content.setObjectName("paneContent")
        self._cards = QVBoxLayout(content)
        self._cards.setContentsMargins(0, 0, 6, 0)
        self._cards.setSpacing(6)
        self.cards: list[MatchCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(pane_scroll(content), 1)
        self.show_requirement(None)

    def show_requirement(self, requirement: RequirementPrep | None) -> None:
        clear_layout(self._cards)
        self.cards = []
        if requirement is None:
            self.heading.setText("Evidence")
            self.note.setText(
                "Select a requirement above to see every story and CV line that matches it."
            )
            self.note.setVisible(True)
            self._cards.addStretch(1)
            return
        self.heading.setText(f"Evidence for “{requirement.text}”")
        notes = []
        if requirement.explanation:
            notes.append(requirement.explanation)
        elif requirement.explanation_note:
            notes.append(requirement.explanation_note)
        if not requirement.matches:
            notes.append(
                "Nothing in your stories or CV matches this yet. See the Gaps tab for a "
                "question that helps you find a story for it."
            )
        elif not requirement.shown:
            notes.append("The closest evidence is weak: this counts as a gap.")
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        for match in requirement.matches:
            card = MatchCard(match)
            self.cards.append(card)
            self._cards.addWidget(card)
        self._cards.addStretch(1)

    def show_message(self, heading: str, text: str) -> None:
        """No requirement to show: say why."""
        self.show_requirement(None)
        self.heading.setText(heading)
        self.note.setText(text)

    def texts(self) -> list[str]:
        """The matching texts shown, best first."""
        return [card.match.evidence.text for card in self.cards]
