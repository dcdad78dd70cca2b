"""The Stories page's editor: a story's title, its STAR parts as plain text, its competency
tags (with suggestions from its words), the roles it happened in, and its versions.

The editor holds no story of its own: the page loads content into it, reads `content()`
back and decides what saving means. It says when anything changes (`changed`), keeps the
order of tags and roles as loaded so an unchanged story saves as unchanged, and shows an
older version read-only with a way to restore it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from coach.stories.records import Competency, StoryContent
from ui.pages.conversation import pane_scroll, repolish, text_label
from ui.pages.stories_tags import RolePicker, TagPicker
from ui.pages.stories_text import PART_HINTS, PART_LABELS, when_text

if TYPE_CHECKING:
    from coach.library.store import StoredRole
    from coach.stories.records import StoryVersion

PART_ROWS = {"situation": 3, "task": 2, "action": 6, "result": 3, "learning": 2}


class StoryEditor(QWidget):
    changed = Signal()  # the candidate edited something
    save_clicked = Signal()
    revert_clicked = Signal()
    version_chosen = Signal(int)  # a version number from the versions box
    restore_clicked = Signal()  # restore the older version in view
    current_clicked = Signal()  # leave the older version, back to the current one

    def __init__(self) -> None:
        super().__init__()
        self._loading = False
        self.read_only = False
        self.tags = TagPicker()
        self.tags.changed.connect(self.changed)
        self.tags.suggest_button.clicked.connect(self.suggest)
        self.roles = RolePicker()
        self.roles.changed.connect(self.changed)
        # Short names for the pickers' parts, for the page and the tests.
        self.tag_boxes = self.tags.boxes
        self.tag_advice = self.tags.tag_advice
        self.suggest_note = self.tags.suggest_note
        self.role_choices = self.roles.choices

        self.title = QLineEdit()
        self.title.setPlaceholderText("A short name you will recognise: “The checkout outage”")
        self.title.setAccessibleName("Story title")
        self.title.textChanged.connect(self._edited)
        self.parts: dict[str, QPlainTextEdit] = {}
        for name in StoryContent.PARTS:
            box = QPlainTextEdit()
            box.setObjectName(f"part-{name}")
            box.setPlaceholderText(PART_HINTS[name])
            box.setAccessibleName(PART_LABELS[name])
            box.setTabChangesFocus(True)
            lines = PART_ROWS[name]
            box.setFixedHeight(lines * box.fontMetrics().lineSpacing() + 16)
            box.textChanged.connect(self._edited)
            self.parts[name] = box
        self.situation = self.parts["situation"]
        self.task = self.parts["task"]
        self.action = self.parts["action"]
        self.result = self.parts["result"]
        self.learning = self.parts["learning"]

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self._header())
        layout.addWidget(self._banner())
        layout.addWidget(pane_scroll(self._form()), 1)
        self.layout_ = layout
        self.dictation_bar: QWidget | None = None

    def set_dictation(self, bar: QWidget) -> None:
        """Put the dictation bar above the form; it dictates into the focused STAR part."""
        self.dictation_bar = bar
        self.layout_.insertWidget(self.layout_.count() - 1, bar)

    # ---- building --------------------------------------------------------------------

    def _header(self) -> QVBoxLayout:
        self.heading = text_label("New story", "paneTitle", selectable=False)
        self.dirty_mark = text_label("", "dirtyMark", selectable=False)
        self.dirty_mark.setWordWrap(False)
        self.versions = QComboBox()
        self.versions.setAccessibleName("Versions of this story")
        self.versions.setToolTip("Every save keeps a version: choose one to read it")
        self.versions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.versions.activated.connect(self._version_activated)
        self.versions.setVisible(False)  # until a saved story is open
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Throw away the changes since the last save")
        self.revert_button.clicked.connect(self.revert_clicked)
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save this story as a new version (Ctrl+S)")
        self.save_button.clicked.connect(self.save_clicked)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading)
        top.addWidget(self.dirty_mark, 1)
        top.addWidget(self.revert_button)
        top.addWidget(self.save_button)
        under = QHBoxLayout()
        under.setContentsMargins(0, 0, 0, 0)
        under.addWidget(self.versions)
        under.addStretch(1)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(top)
        header.addLayout(under)
        return header

    def _banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("versionBanner")
        self.banner_text = text_label(selectable=False)
        self.restore_button = QPushButton("Restore this version")
        self.restore_button.setToolTip("Save this version's words again as the newest version")
        self.restore_button.clicked.connect(self.restore_clicked)
        self.current_button = QPushButton("Back to the current version")
        self.current_button.clicked.connect(self.current_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.current_button)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self.banner)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.banner_text)
        layout.addLayout(buttons)
        self.banner.setVisible(False)
        return self.banner

    def _form(self) -> QWidget:
        form = QWidget()
        form.setObjectName("paneContent")
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self._field_label("Title", self.title))
        layout.addWidget(self.title)
        for name, box in self.parts.items():
            layout.addSpacing(4)
            layout.addWidget(self._field_label(PART_LABELS[name], box))
            layout.addWidget(box)
        layout.addSpacing(10)
        layout.addWidget(self.tags)
        layout.addSpacing(10)
        layout.addWidget(self.roles)
        layout.addStretch(1)
        return form

    @staticmethod
    def _field_label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        label.setBuddy(buddy)
        return label

    # ---- content ---------------------------------------------------------------------

    def content(self) -> StoryContent:
        """What the editor says now (as typed: the bank tidies it when saving)."""
        return StoryContent(
            title=self.title.text(),
            **{name: box.toPlainText() for name, box in self.parts.items()},
            competencies=self.tags.tags(),
            role_ids=self.roles.role_ids(),
        )

    def set_content(self, content: StoryContent) -> None:
        """Show `content` without saying it changed."""
        abandon = getattr(self.dictation_bar, "abandon", None)
        if abandon is not None:  # words in flight belonged to the story shown before
            abandon("Dictation stopped: another story is in the editor.")
        self._loading = True
        try:
            self.title.setText(content.title)
            for name, box in self.parts.items():
                box.setPlainText(getattr(content, name))
        finally:
            self._loading = False
        self.tags.set_tags(content.competencies)
        self.roles.set_role_ids(content.role_ids)
        self.clear_highlights()

    def set_roles(self, roles: Sequence[StoredRole]) -> None:
        """The CV's roles to link to; links to roles not in the list are kept."""
        self.roles.set_roles(roles)

    def suggest(self) -> tuple[Competency, ...]:
        """Tick the competencies the story's words point to; say which."""
        content = self.content()
        return self.tags.suggest(f"{content.title}\n{content.body}")

    def check_role(self, role_id: int, on: bool = True) -> None:
        self.roles.check(role_id, on)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.title.setReadOnly(read_only)
        for box in self.parts.values():
            box.setReadOnly(read_only)
            repolish(box)  # the sheet greys a read-only box
        self.tags.set_editable(not read_only)
        self.roles.set_editable(not read_only)

    def set_state(self, heading: str, dirty: bool, *, can_save: bool) -> None:
        self.heading.setText(heading)
        if self.read_only:
            self.dirty_mark.setText("Read-only")
            self.dirty_mark.setToolTip("An older version: restore it to edit its words")
        else:
            self.dirty_mark.setText("● Unsaved" if dirty else "")
            self.dirty_mark.setToolTip("Changes not saved yet (Ctrl+S saves)" if dirty else "")
        self.save_button.setEnabled(can_save and not self.read_only)
        self.revert_button.setEnabled(dirty and not self.read_only)

    def set_versions(self, versions: Sequence[StoryVersion], shown: int | None) -> None:
        """The story's versions, newest first, with `shown` chosen; none for a new story."""
        self.versions.clear()
        newest = versions[-1].version if versions else None
        for version in reversed(versions):
            when = when_text(version.created_at)
            current = " (current)" if version.version == newest else ""
            self.versions.addItem(f"Version {version.version}{current} · {when}", version.version)
        self.versions.setVisible(bool(versions))  # a new story has none yet
        self.versions.setEnabled(len(versions) > 1)
        index = self.versions.findData(shown)
        self.versions.setCurrentIndex(max(0, index))

    def show_banner(self, text: str) -> None:
        self.banner_text.setText(text)
        self.banner.setVisible(bool(text))

    # ---- highlights -------------------------------------------------------------------

    def highlight(self, ranges: Mapping[str, Sequence[tuple[int, int]]], colour: QColor) -> None:
        """Mark `ranges` (start, end offsets per part) in the part boxes."""
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        first: QPlainTextEdit | None = None
        for name, box in self.parts.items():
            selections = []
            for start, end in ranges.get(name, ()):
                cursor = QTextCursor(box.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor  # type: ignore[attr-defined]
                selection.format = fmt  # type: ignore[attr-defined]
                selections.append(selection)
            box.setExtraSelections(selections)
            if selections and first is None:
                first = box
                at = QTextCursor(box.document())
                at.setPosition(ranges[name][0][0])
                box.setTextCursor(at)
                box.ensureCursorVisible()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_highlights(self) -> None:
        for box in self.parts.values():
            if box.extraSelections():
                box.setExtraSelections([])

    def highlighted(self, name: str) -> list[str]:
        box = self.parts[name]
        return [s.cursor.selectedText() for s in box.extraSelections()]  # type: ignore[attr-defined]

    def _edited(self) -> None:
        if self._loading:
            return
        self.clear_highlights()
        self.changed.emit()

    def _version_activated(self, index: int) -> None:
        version = self.versions.itemData(index)
        if version is not None:
            self.version_chosen.emit(int(version))
