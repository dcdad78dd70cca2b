"""The story editor's two pickers: the competency tags (with suggestions from the story's
words and the coverage's advice on how many) and the CV roles the story happened in.

Both keep their choices in the order loaded, then ticked, so a story saved unchanged is
stored unchanged, and both stay quiet (`changed` is not emitted) while being loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coach.stories.competencies import suggest_competencies
from coach.stories.coverage import TAGS_MAX, TAGS_MIN
from coach.stories.records import Competency
from ui.pages.conversation import repolish, text_label
from ui.pages.stories_text import role_text, tag_advice

if TYPE_CHECKING:
    from coach.library.store import StoredRole

ID_ROLE = Qt.ItemDataRole.UserRole


class TagPicker(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._loading = False
        self._tags: list[Competency] = []
        self.suggest_button = QPushButton("Suggest")
        self.suggest_button.setToolTip("Tick the competencies your story's words point to")
        self.tag_advice = text_label("", "tagAdvice", selectable=False)
        self.suggest_note = text_label("", "hint", selectable=False)
        self.suggest_note.setVisible(False)
        self.boxes: dict[Competency, QCheckBox] = {}
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(text_label("Competencies", "sectionTitle", selectable=False), 1)
        head.addWidget(self.suggest_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(
            text_label(
                f"The questions this story answers: {TAGS_MIN} or {TAGS_MAX} work best.",
                "hint",
                selectable=False,
            )
        )
        boxes = QVBoxLayout()  # one column: the labels are long
        boxes.setSpacing(2)
        for competency in Competency:
            box = QCheckBox(competency.label)
            if competency.staff_plus:
                box.setToolTip("Expected in a bank from Staff up")
            box.toggled.connect(lambda on, c=competency: self._toggled(c, on))
            self.boxes[competency] = box
            boxes.addWidget(box)
        layout.addLayout(boxes)
        layout.addWidget(self.tag_advice)
        layout.addWidget(self.suggest_note)
        self._show_advice()

    def tags(self) -> tuple[Competency, ...]:
        return tuple(self._tags)

    def set_tags(self, tags: Sequence[Competency]) -> None:
        self._loading = True
        try:
            self._tags = list(dict.fromkeys(tags))
            for competency, box in self.boxes.items():
                box.setChecked(competency in self._tags)
        finally:
            self._loading = False
        self.suggest_note.setVisible(False)
        self._show_advice()

    def set_editable(self, editable: bool) -> None:
        for box in self.boxes.values():
            box.setEnabled(editable)
        self.suggest_button.setEnabled(editable)

    def suggest(self, text: str) -> tuple[Competency, ...]:
        """Tick the competencies `text` points to; say which."""
        found = suggest_competencies(text)
        if not found:
            self.suggest_note.setText(
                "No competency stands out in these words yet: write more of the story, or "
                "tick them yourself."
            )
        else:
            for competency in found:
                self.boxes[competency].setChecked(True)
            names = ", ".join(c.label.lower() for c in found)
            self.suggest_note.setText(f"Suggested from your words: {names}. Untick any that miss.")
        self.suggest_note.setVisible(True)
        return found

    def _toggled(self, competency: Competency, on: bool) -> None:
        if self._loading:
            return
        if on and competency not in self._tags:
            self._tags.append(competency)
        elif not on and competency in self._tags:
            self._tags.remove(competency)
        self._show_advice()
        self.changed.emit()

    def _show_advice(self) -> None:
        count = len(self._tags)
        self.tag_advice.setText(tag_advice(count))
        self.tag_advice.setProperty("state", "ok" if TAGS_MIN <= count <= TAGS_MAX else "off")
        repolish(self.tag_advice)


class RolePicker(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._loading = False
        self._roles: list[StoredRole] = []
        self._role_ids: list[int] = []
        self.editable = True
        self.choices = QListWidget()
        self.choices.setObjectName("roleChoices")
        self.choices.setAccessibleName("Roles this story happened in")
        self.choices.itemChanged.connect(self._item_changed)
        self.no_roles = text_label(
            "Add your CV on the Library page to link stories to its roles.",
            "muted",
            selectable=False,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(text_label("Linked roles", "sectionTitle", selectable=False))
        layout.addWidget(
            text_label("Where this story happened, from your CV.", "hint", selectable=False)
        )
        layout.addWidget(self.choices)
        layout.addWidget(self.no_roles)
        self._fill()

    def role_ids(self) -> tuple[int, ...]:
        return tuple(self._role_ids)

    def set_role_ids(self, role_ids: Sequence[int]) -> None:
        self._role_ids = list(dict.fromkeys(role_ids))
        self._fill()

    def set_roles(self, roles: Sequence[StoredRole]) -> None:
        """The CV's roles to link to; links to roles not in the list are kept."""
        self._roles = list(roles)
        self._fill()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.choices.setEnabled(editable)

    def check(self, role_id: int, on: bool = True) -> None:
        for index in range(self.choices.count()):
            item = self.choices.item(index)
            if item.data(ID_ROLE) == role_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(role_id)

    def _fill(self) -> None:
        self._loading = True
        try:
            self.choices.clear()
            known = {role.id for role in self._roles}
            items = [(role.id, role_text(role), "") for role in self._roles]
            items += [
                (role_id, f"A role no longer in your CV (#{role_id})", "Untick to unlink it")
                for role_id in self._role_ids
                if role_id not in known
            ]
            for role_id, text, tip in items:
                item = QListWidgetItem(text)
                item.setData(ID_ROLE, role_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = role_id in self._role_ids
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                item.setToolTip(tip)
                self.choices.addItem(item)
        finally:
            self._loading = False
        rows = max(1, min(5, len(items)))
        row = self.choices.sizeHintForRow(0) if items else 20
        self.choices.setFixedHeight(rows * row + 2 * self.choices.frameWidth() + 6)
        self.choices.setVisible(bool(items))
        self.no_roles.setVisible(not items)
        self.choices.setEnabled(self.editable)

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        role_id = int(item.data(ID_ROLE))
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and role_id not in self._role_ids:
            self._role_ids.append(role_id)
        elif not checked and role_id in self._role_ids:
            self._role_ids.remove(role_id)
        self.changed.emit()
