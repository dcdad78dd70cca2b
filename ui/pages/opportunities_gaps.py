"""Gaps: requirements the candidate's evidence does not yet show, musts first, each with
the closest evidence found, a question that helps recall a story for it, the role it
would be asked about, and a button that sends the question to Résumé refresh."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.pages.conversation import clear_layout, pane_scroll, repolish, text_label
from ui.pages.opportunities_matrix import kind_word

if TYPE_CHECKING:
    from coach.prep.gaps import Gap

NO_ROLE_TIP = "Add your CV on the Library page first: the question is asked about one of its roles."


class GapCard(QFrame):
    mine_clicked = Signal(object)  # Gap

    def __init__(self, gap: Gap, *, can_mine: bool, why_not: str) -> None:
        super().__init__()
        self.gap = gap
        self.setObjectName("oppCard")
        self.setProperty("kind", gap.kind)
        kind = text_label(kind_word(gap.kind), "kindChip", selectable=False)
        kind.setToolTip("A must-have" if gap.kind == "must" else "A nice-to-have")
        self.requirement = text_label(gap.requirement, "sectionTitle")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(kind, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.requirement, 1)
        if gap.closest:
            closest = text_label(f"Closest evidence (weak): {gap.closest}", "muted")
        else:
            closest = text_label("No story or CV line comes close yet.", "muted")
        self.question = text_label(gap.question, "question")
        where = (
            f"It would be asked about your role {gap.role_label}."
            if gap.role_label
            else "There are no CV roles to ask it about yet."
        )
        self.where = text_label(where, "hint")
        self.mine_button = QPushButton("Mine a story")
        enabled = can_mine and gap.role_id is not None
        self.mine_button.setEnabled(enabled)
        if enabled:
            self.mine_button.setToolTip(
                f"Answer this question in Résumé refresh, for {gap.role_label}: your answer "
                "can become a story and a résumé line."
            )
        else:
            self.mine_button.setToolTip(why_not if not can_mine else NO_ROLE_TIP)
        self.mine_button.clicked.connect(lambda: self.mine_clicked.emit(self.gap))
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.where, 1)
        bottom.addWidget(self.mine_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addWidget(closest)
        layout.addWidget(self.question)
        layout.addLayout(bottom)
        repolish(self)


class GapsPanel(QWidget):
    mine_clicked = Signal(object)  # Gap

    def __init__(self) -> None:
        super().__init__()
        self.summary = text_label("", "muted")
        content = QWidget()
        content.setObjectName("paneContent")
        self._cards = QVBoxLayout(content)
        self._cards.setContentsMargins(0, 0, 6, 0)
        self._cards.setSpacing(8)
        self.cards: list[GapCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(pane_scroll(content), 1)

    @property
    def buttons(self) -> list[QPushButton]:
        return [card.mine_button for card in self.cards]

    def show_gaps(self, gaps: Sequence[Gap] | None, *, can_mine: bool, why_not: str) -> None:
        clear_layout(self._cards)
        self.cards = []
        if gaps is None:
            self.summary.setText("")
        elif not gaps:
            self.summary.setText(
                "No gaps: every requirement is shown at least partly by your stories or CV."
            )
        else:
            musts = sum(1 for gap in gaps if gap.kind == "must")
            self.summary.setText(
                f"{len(gaps)} requirement{'s' if len(gaps) != 1 else ''} not yet shown "
                f"({musts} must-have{'s' if musts != 1 else ''}). Answer a question in Résumé "
                "refresh to turn what you did into a story."
            )
        for gap in gaps or ():
            card = GapCard(gap, can_mine=can_mine, why_not=why_not)
            card.mine_clicked.connect(self.mine_clicked)
            self.cards.append(card)
            self._cards.addWidget(card)
        self._cards.addStretch(1)

    def requirements(self) -> list[str]:
        return [card.gap.requirement for card in self.cards]

    def card_for(self, requirement: str) -> GapCard | None:
        return next((card for card in self.cards if card.gap.requirement == requirement), None)
