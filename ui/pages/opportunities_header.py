"""The head of a posting's prep: its title and company, the level it hints at against the
candidate's target, how many must-haves the evidence shows, the keyword coverage, how
the matching was done, what the candidate should know about it, and the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from ui.pages.conversation import repolish, text_label
from ui.pages.library_documents import added_text

if TYPE_CHECKING:
    from coach.library.store import DocumentInfo
    from coach.prep.records import Prep
    from coach.profile import Level

MODE_TEXT = {
    "hybrid": "Matching: terms and meaning",
    "keyword": "Matching: terms only",
}
MODE_TIPS = {
    "hybrid": "Requirements are matched by their words and, with the embedding model, by "
    "meaning, so a paraphrase in your CV or a story still counts.",
    "keyword": "Requirements are matched by their words only (synonyms and acronyms "
    "included). Choose an embedding model on the Models page to match by meaning too.",
}


class PrepHeader(QFrame):
    prepare_clicked = Signal()
    cancel_clicked = Signal()
    export_clicked = Signal()
    model_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("oppHeader")
        self.title = text_label("", "postingTitle")
        self.meta = text_label("", "muted")
        self.must = text_label("", "stat")
        self.must.setToolTip(
            "Must-haves your stories or CV show at least partly (Strong or Partial)"
        )
        self.keywords = text_label("", "stat", selectable=False)
        self.keywords.setToolTip("The posting's skill terms that your CV names")
        self.mode = text_label("", "stat", selectable=False)
        for stat in (self.must, self.keywords, self.mode):
            stat.setWordWrap(False)
        self.state = text_label("", "prepState", selectable=False)
        self.notices = text_label("", "oppNotices")
        self.notices.setVisible(False)

        self.prepare_button = QPushButton("Prepare")
        self.prepare_button.setToolTip("Match the posting against your stories and CV again (F5)")
        self.prepare_button.clicked.connect(self.prepare_clicked)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop preparing")
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.cancel_button.setVisible(False)
        self.model_button = QPushButton("Ask the model")
        self.model_button.setToolTip(
            "With the loaded chat model: find requirements the rules missed (kept only when "
            "the posting says them) and explain each match (withheld when it claims what you "
            "never said)"
        )
        self.model_button.clicked.connect(self.model_clicked)
        self.export_button = QPushButton("Export brief…")
        self.export_button.setToolTip("Save the prep brief as Markdown or PDF (Ctrl+E)")
        self.export_button.clicked.connect(self.export_clicked)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        top.addWidget(self.title, 1)
        top.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.prepare_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.model_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        stats = QHBoxLayout()
        stats.setContentsMargins(0, 0, 0, 0)
        stats.setSpacing(6)
        stats.addWidget(self.must)
        stats.addWidget(self.keywords)
        stats.addWidget(self.mode)
        stats.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.meta)
        layout.addLayout(stats)
        layout.addWidget(self.notices)

    def show_posting(
        self, info: DocumentInfo | None, prep: Prep | None, level: Level | None
    ) -> None:
        """The posting's heading, and the prep's figures when there is one for it."""
        if prep is not None:
            posting = prep.posting
            heading = posting.label
        elif info is not None:
            heading = f"{info.title} — {info.company}" if info.company else info.title
        else:
            heading = ""
        self.title.setText(heading)
        meta = []
        if info is not None:
            meta.append(f"Added {added_text(info.created_at)}")
        if prep is not None and prep.posting.level_hints:
            meta.append("The posting hints: " + ", ".join(prep.posting.level_hints))
        if level is not None:
            meta.append(f"Your target: {level.label}")
        self.meta.setText(" · ".join(meta))
        for widget in (self.must, self.keywords, self.mode):
            widget.setVisible(prep is not None)
        if prep is None:
            self.show_notices(())
            return
        shown, total = prep.must_shown
        self.must.setText(f"Must-haves shown: {shown} of {total}")
        self._state(self.must, "good" if shown == total else "short")
        keywords = prep.keywords
        self.keywords.setText(
            f"Keywords in your CV: {len(keywords.covered)} of {len(keywords.terms)}"
        )
        self.mode.setText(MODE_TEXT.get(prep.mode, f"Matching: {prep.mode}"))
        self.mode.setToolTip(MODE_TIPS.get(prep.mode, ""))
        self.show_notices(prep.notices)

    def show_notices(self, notices: tuple[str, ...]) -> None:
        self.notices.setText("\n".join(notices))
        self.notices.setVisible(bool(notices))

    def busy(self, text: str) -> None:
        """Preparing (text says how far), or not (text empty)."""
        self.state.setText(text)
        self.cancel_button.setVisible(bool(text))

    @staticmethod
    def _state(widget: object, state: str) -> None:
        widget.setProperty("state", state)  # type: ignore[attr-defined]
        repolish(widget)  # type: ignore[arg-type]
