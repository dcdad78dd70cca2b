"""The plain-reading tabs of a posting's prep: keyword coverage of the CV, the company's
values and the stories that show them, the round plan, and the questions to ask."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.pages.conversation import clear_layout, pane_scroll, text_label
from ui.pages.opportunities_matrix import strength_chip

if TYPE_CHECKING:
    from coach.prep.records import ValueLink
    from coach.prep.rounds import RoundPlan
    from coach.prep.terms import KeywordCoverage, TermHit


class _CardList(QWidget):
    """A summary line over a scrolling column of cards."""

    def __init__(self) -> None:
        super().__init__()
        self.summary = text_label("", "muted")
        content = QWidget()
        content.setObjectName("paneContent")
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(0, 0, 6, 0)
        self.column.setSpacing(8)
        self.cards: list[QFrame] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 8, 0, 0)
        self.layout_.setSpacing(6)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(pane_scroll(content), 1)

    def clear(self) -> None:
        clear_layout(self.column)

    def titles(self) -> list[str]:
        """The heading of each card, in order."""
        return [card.findChild(QLabel, "sectionTitle").text() for card in self.cards]


def _card() -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("oppCard")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.setSpacing(4)
    return card, layout


def term_text(hit: TermHit) -> str:
    """The posting's term, and the CV's own words for it when they differ."""
    if hit.found and hit.found_as and hit.found_as.lower() != hit.term.name.lower():
        return f"{hit.term.name} (your CV: “{hit.found_as}”)"
    return hit.term.name


class KeywordsPanel(_CardList):
    def __init__(self) -> None:
        super().__init__()
        self.covered = text_label("", "termList")
        self.missing = text_label("", "termList")
        self.covered_title = text_label("In your CV", "sectionTitle")
        self.missing_title = text_label("Missing from your CV", "sectionTitle")
        left, left_layout = _card()
        left_layout.addWidget(self.covered_title)
        left_layout.addWidget(self.covered)
        left_layout.addStretch(1)
        right, right_layout = _card()
        right_layout.addWidget(self.missing_title)
        right_layout.addWidget(self.missing)
        right_layout.addWidget(
            text_label(
                "Add a missing term to your résumé only where it is true of your work; "
                "otherwise be ready to say how you would learn it.",
                "hint",
            )
        )
        right_layout.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(left, 1)
        row.addWidget(right, 1)
        self.column.addLayout(row)
        self.column.addStretch(1)

    def show_coverage(self, coverage: KeywordCoverage | None) -> None:
        if coverage is None:
            self.summary.setText("")
            self.covered.setText("")
            self.missing.setText("")
            return
        covered, missing = coverage.covered, coverage.missing
        if not coverage.terms:
            self.summary.setText("The posting names no skill terms Loopcoach knows.")
        else:
            self.summary.setText(
                f"{len(covered)} of {len(coverage.terms)} of the posting's terms are in your CV "
                f"({coverage.ratio:.0%})."
            )
        self.covered_title.setText(f"In your CV ({len(covered)})")
        self.missing_title.setText(f"Missing from your CV ({len(missing)})")
        self.covered.setText("\n".join(f"✓  {term_text(hit)}" for hit in covered) or "None")
        self.missing.setText("\n".join(f"✗  {hit.term.name}" for hit in missing) or "None")


class ValuesPanel(_CardList):
    def show_values(self, values: Sequence[ValueLink] | None) -> None:
        self.clear()
        self.cards = []
        if values is None:
            self.summary.setText("")
        elif not values:
            self.summary.setText(
                "The posting states no values (no “Our values” or “How we work” section)."
            )
        else:
            shown = sum(1 for link in values if link.matches)
            self.summary.setText(
                f"{shown} of {len(values)} of the company's values have a story that shows them."
            )
        for link in values or ():
            card, layout = _card()
            layout.addWidget(text_label(link.value, "sectionTitle"))
            if not link.matches:
                layout.addWidget(
                    text_label("No story shows this yet: think of one before the loop.", "advice")
                )
            for match in link.matches:
                row = QHBoxLayout()
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(text_label(match.evidence.label.removeprefix("Story: ")), 1)
                row.addWidget(strength_chip(match.strength), 0, Qt.AlignmentFlag.AlignTop)
                layout.addLayout(row)
            self.cards.append(card)
            self.column.addWidget(card)
        self.column.addStretch(1)


class RoundsPanel(_CardList):
    def show_rounds(self, rounds: Sequence[RoundPlan] | None) -> None:
        self.clear()
        self.cards = []
        self.summary.setText(
            ""
            if rounds is None
            else "One story per round before any round gets a second, and no story told "
            "twice in the loop."
        )
        for plan in rounds or ():
            card, layout = _card()
            layout.addWidget(text_label(plan.round.label, "sectionTitle"))
            layout.addWidget(text_label(plan.round.focus, "muted"))
            if plan.stories:
                for story in plan.stories:
                    layout.addWidget(text_label(f"•  {story.title} — {story.reason}"))
            else:
                layout.addWidget(text_label(plan.advice, "advice"))
            self.cards.append(card)
            self.column.addWidget(card)
        self.column.addStretch(1)


class QuestionsPanel(_CardList):
    def __init__(self) -> None:
        super().__init__()
        self.copy_button = QPushButton("Copy all")
        self.copy_button.setToolTip("Copy the questions to the clipboard, one a line")
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.setEnabled(False)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        self.layout_.removeWidget(self.summary)
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button)
        self.layout_.insertLayout(0, top)
        self.questions: tuple[str, ...] = ()
        self.labels: list[QLabel] = []

    def show_questions(self, questions: Sequence[str] | None) -> None:
        self.clear()
        self.questions = tuple(questions or ())
        self.labels = []
        self.copy_button.setEnabled(bool(self.questions))
        self.summary.setText(
            ""
            if questions is None
            else "Questions for your interviewers, picked for this posting and your level. "
            "Select any text to copy it."
        )
        for number, question in enumerate(self.questions, start=1):
            label = text_label(f"{number}.  {question}")
            self.labels.append(label)
            self.column.addWidget(label)
        self.column.addStretch(1)

    def text(self) -> str:
        return "\n".join(self.questions)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text())
