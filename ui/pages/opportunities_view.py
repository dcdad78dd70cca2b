"""The right side of the Opportunities page: the selected posting's header and its prep
in tabs (matrix, gaps, keywords, values, round plan, questions to ask, notes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ui.pages.opportunities_gaps import GapsPanel
from ui.pages.opportunities_header import PrepHeader
from ui.pages.opportunities_matrix import MatchDetails, MatrixTable
from ui.pages.opportunities_plan import KeywordsPanel, QuestionsPanel, RoundsPanel, ValuesPanel

if TYPE_CHECKING:
    from coach.library.store import DocumentInfo
    from coach.prep.records import Prep
    from coach.profile import Level
    from ui.pages.opportunities_notes import NotesPanel

NO_MINING_TIP = "Résumé refresh is not available, so the question cannot be sent there."
GAPS_TAB = 1


class PrepView(QWidget):
    def __init__(self, notes: NotesPanel, *, can_mine: bool) -> None:
        super().__init__()
        self.can_mine = can_mine
        self.header = PrepHeader()
        self.matrix = MatrixTable()
        self.details = MatchDetails()
        self.matrix.requirement_selected.connect(self.details.show_requirement)
        matrix_tab = QSplitter(Qt.Orientation.Vertical)
        matrix_tab.setChildrenCollapsible(False)
        matrix_tab.addWidget(self.matrix)
        matrix_tab.addWidget(self.details)
        matrix_tab.setStretchFactor(0, 3)
        matrix_tab.setStretchFactor(1, 2)
        matrix_tab.setSizes([300, 260])
        self.gaps = GapsPanel()
        self.keywords = KeywordsPanel()
        self.values = ValuesPanel()
        self.rounds = RoundsPanel()
        self.questions = QuestionsPanel()
        self.notes = notes
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for widget, title in (
            (matrix_tab, "Matrix"),
            (self.gaps, "Gaps"),
            (self.keywords, "Keywords"),
            (self.values, "Values"),
            (self.rounds, "Round plan"),
            (self.questions, "Questions to ask"),
            (notes, "Notes"),
        ):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def show_tab(self, title: str) -> None:
        """Show the tab whose title starts with `title` ("Gaps" finds "Gaps (3)")."""
        for index, text in enumerate(self.tab_titles()):
            if text.startswith(title):
                self.tabs.setCurrentIndex(index)
                return

    def show_prep(
        self,
        info: DocumentInfo | None,
        prep: Prep | None,
        level: Level | None,
        *,
        busy: bool,
    ) -> None:
        """The posting (`info`) and its prep when there is one; `busy` while one is made."""
        header = self.header
        header.show_posting(info, prep, level)
        ready = info is not None and level is not None
        header.prepare_button.setEnabled(ready)
        header.prepare_button.setText("Refresh" if prep is not None else "Prepare")
        header.export_button.setEnabled(ready)
        header.model_button.setEnabled(ready and prep is not None and not busy)
        if not busy:
            header.busy("")
            header.state.setText("" if ready else "Choose a target level in Settings to prepare.")
        self.matrix.show_requirements(prep.requirements if prep else ())
        if prep is None:
            self.details.show_message(
                "Evidence", "The matrix fills in once the posting is prepared."
            )
        elif not prep.requirements:
            self.details.show_message(
                "No requirements",
                "No requirements were found in this posting, so there is nothing to match. "
                "The keyword coverage, the round plan and the questions still apply.",
            )
        self.gaps.show_gaps(
            prep.gaps if prep else None,
            can_mine=self.can_mine,
            why_not="" if self.can_mine else NO_MINING_TIP,
        )
        self.keywords.show_coverage(prep.keywords if prep else None)
        self.values.show_values(prep.values if prep else None)
        self.rounds.show_rounds(prep.rounds if prep else None)
        self.questions.show_questions(prep.questions if prep else None)
        gaps = len(prep.gaps) if prep else 0
        self.tabs.setTabText(GAPS_TAB, f"Gaps ({gaps})" if gaps else "Gaps")
