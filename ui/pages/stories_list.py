"""The Stories page's list pane: the filters, New story and Delete, the stories (each with
its tags, the level it reads as, how long it takes to tell and its version), what to do
when there are none, and the coverage of the bank. The rows are built by the page from
the bank; the pane only shows them and says what the candidate picked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coach.profile import Level
from coach.stories.records import Competency, Origin
from ui.pages.conversation import text_label
from ui.pages.stories_coverage import CoveragePanel
from ui.pages.stories_text import plural, reads_as_text, short_length, tag_line

if TYPE_CHECKING:
    from coach.stories.records import StoredStory

ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class StoryRow:
    story: StoredStory
    reads_as: Level | None
    meets_target: bool | None  # None: no target level set
    spoken_seconds: int

    @property
    def id(self) -> int:
        return self.story.id

    @property
    def meta(self) -> str:
        """'Reads as Staff · 1:10 min · v2 · from Résumé'."""
        bits = [reads_as_text(self.reads_as), short_length(self.spoken_seconds)]
        bits.append(f"v{self.story.version}")
        if self.story.origin is Origin.REFRESH:
            bits.append("from Résumé")
        return " · ".join(bits)


class StoryEntry(QWidget):
    """One row: the title, the tag line and the reading."""

    def __init__(self, row: StoryRow) -> None:
        super().__init__()
        self.row = row
        self.title = QLabel(row.story.content.title)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the candidate's words
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.tags = QLabel(tag_line(row.story.content.competencies))
        self.tags.setObjectName("tagLine")
        self.tags.setWordWrap(True)
        self.meta = QLabel(row.meta)
        self.meta.setObjectName("storyMeta")
        self.meta.setWordWrap(True)
        self.meta.setProperty("level", "meets" if row.meets_target else "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 7, 10, 7)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.tags)
        layout.addWidget(self.meta)
        layout.addStretch(1)  # a row measured a little tall keeps its lines together
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)


class StoryList(QListWidget):
    """The stories, one `StoryEntry` per item; the story id is the item's data."""

    story_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("storyList")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Your stories")
        self.setMinimumHeight(120)
        self.currentItemChanged.connect(self._current_changed)
        self._rows: list[StoryRow] = []

    def set_rows(self, rows: Sequence[StoryRow], keep: int | None) -> None:
        """Show `rows`, with story `keep` selected when it is there (no signal either way)."""
        self.blockSignals(True)
        self.clear()
        self._rows = list(rows)
        for row in rows:
            item = QListWidgetItem()
            item.setData(ID_ROLE, row.id)
            item.setToolTip(f"#{row.id} · {row.story.content.title}")
            self.addItem(item)
            self.setItemWidget(item, StoryEntry(row))
        self.mark(keep)
        self.blockSignals(False)
        self._fit_items()

    def mark(self, story_id: int | None) -> None:
        """Select `story_id` quietly (none when it is not listed)."""
        blocked = self.blockSignals(True)
        ids = self.ids()
        if story_id in ids:
            self.setCurrentRow(ids.index(story_id))
        else:
            self.setCurrentRow(-1)
            self.clearSelection()
        self.blockSignals(blocked)

    def ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def rows(self) -> list[StoryRow]:
        return list(self._rows)

    def entry(self, story_id: int) -> StoryEntry:
        for index in range(self.count()):
            item = self.item(index)
            if item.data(ID_ROLE) == story_id:
                widget = self.itemWidget(item)
                assert isinstance(widget, StoryEntry)
                return widget
        raise KeyError(story_id)

    def selected_id(self) -> int | None:
        item = self.currentItem()
        return None if item is None or not item.isSelected() else int(item.data(ID_ROLE))

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.story_chosen.emit(int(current.data(ID_ROLE)))

    # Item widgets do not size their items: give each item the height its widget needs
    # at the list's width, again whenever the width changes.
    def _fit_items(self) -> None:
        width = self.viewport().width() - 2 * self.spacing()
        measured = width - 8
        for index in range(self.count()):
            item = self.item(index)
            widget = self.itemWidget(item)
            if widget is None:
                continue
            height = widget.heightForWidth(measured)
            if height < 0:
                height = widget.sizeHint().height()
            item.setSizeHint(QSize(width, height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_items()


EMPTY_TEXT = (
    "Stories come from two places. Keep a story the coach drafts in Résumé refresh and it "
    "appears here; or write one yourself with New story (Ctrl+N). Aim for 8 to 12, each "
    "tagged with the 2 or 3 competencies it shows."
)


class ListPane(QFrame):
    new_clicked = Signal()
    delete_clicked = Signal()
    filters_changed = Signal()
    story_chosen = Signal(int)
    slot_clicked = Signal(object)  # Competency

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("storiesPane")
        self.count = text_label("", "muted", selectable=False)
        self._filters()
        self.new_button = QPushButton("New story")
        self.new_button.setToolTip("Write a story yourself (Ctrl+N)")
        self.new_button.clicked.connect(self.new_clicked)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the chosen story and its versions (Delete)")
        self.delete_button.clicked.connect(self.delete_clicked)
        self.story_list = StoryList()
        self.story_list.story_chosen.connect(self.story_chosen)
        self.empty_state = self._empty_state()
        self.no_match = text_label("No story matches these filters.", "muted", selectable=False)
        self.clear_button = QPushButton("Show all stories")
        self.clear_button.clicked.connect(lambda: self.set_filters(None, None, emit=True))
        self.coverage = CoveragePanel()
        self.coverage.slot_clicked.connect(self.slot_clicked)

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(text_label("Your stories", "paneTitle", selectable=False))
        head.addWidget(self.count, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.new_button, 1)
        buttons.addWidget(self.delete_button)
        self.no_match_row = self._no_match_row()
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 12, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.competency_filter)
        layout.addWidget(self.level_filter)
        layout.addLayout(buttons)
        layout.addWidget(self.story_list, 1)
        layout.addWidget(self.no_match_row, 1)
        layout.addWidget(self.empty_state, 1)
        layout.addWidget(rule)
        layout.addWidget(self.coverage)

    def _filters(self) -> None:
        self.competency_filter = QComboBox()
        self.competency_filter.setAccessibleName("Filter by competency")
        self.competency_filter.addItem("All competencies", None)
        for competency in Competency:
            self.competency_filter.addItem(competency.label, competency.value)
        self.level_filter = QComboBox()
        self.level_filter.setAccessibleName("Filter by the level a story reads as")
        self.level_filter.setToolTip("Only the stories whose words read as this level")
        self.level_filter.addItem("Any level", None)
        for level in Level:
            self.level_filter.addItem(f"Reads as {level.label}", level.value)
        for combo in (self.competency_filter, self.level_filter):
            combo.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())

    def _no_match_row(self) -> QWidget:
        no_match = QHBoxLayout()
        no_match.setContentsMargins(0, 0, 0, 0)
        no_match.addWidget(self.no_match, 1)
        no_match.addWidget(self.clear_button)
        row = QWidget()
        no_match_box = QVBoxLayout(row)
        no_match_box.setContentsMargins(0, 6, 0, 0)
        no_match_box.addLayout(no_match)
        no_match_box.addStretch(1)
        return row

    def _empty_state(self) -> QFrame:
        box = QFrame()
        box.setObjectName("storiesEmpty")
        title = text_label("No stories yet", "emptyTitle", selectable=False)
        self.empty_text = text_label(EMPTY_TEXT, "pageNote", selectable=False)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.empty_text)
        layout.addStretch(1)
        return box

    def filters(self) -> tuple[Competency | None, Level | None]:
        # Qt hands enum data back as plain strings.
        competency = self.competency_filter.currentData()
        level = self.level_filter.currentData()
        return (
            Competency(competency) if competency else None,
            Level(level) if level else None,
        )

    def set_filters(
        self, competency: Competency | None, level: Level | None, *, emit: bool = False
    ) -> None:
        for combo, value in ((self.competency_filter, competency), (self.level_filter, level)):
            blocked = combo.blockSignals(True)
            combo.setCurrentIndex(0 if value is None else max(0, combo.findData(value.value)))
            combo.blockSignals(blocked)
        if emit:
            self.filters_changed.emit()

    def show_rows(self, rows: Sequence[StoryRow], total: int, keep: int | None) -> None:
        """`rows` (the stories the filters let through) of `total` in the bank."""
        self.story_list.set_rows(rows, keep)
        shown = len(rows)
        self.count.setText(
            plural(total, "story", "stories")
            if shown == total
            else f"{shown} of {plural(total, 'story', 'stories')}"
        )
        self.empty_state.setVisible(total == 0)
        self.story_list.setVisible(shown > 0)
        self.no_match_row.setVisible(total > 0 and shown == 0)
        self.count.setVisible(total > 0)
