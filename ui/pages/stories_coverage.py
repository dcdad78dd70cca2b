"""The Stories page's coverage panel: the eleven competency slots, each empty, thin (one
story), covered or optional at the target level, with its count; how big the bank is; and
how many stories read at the target level. Clicking a slot filters the list by it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from coach.stories.coverage import SlotState
from coach.stories.records import Competency
from ui.pages.conversation import repolish, text_label
from ui.pages.stories_style import LIGHT, Colours
from ui.pages.stories_text import NO_TARGET, SHORT_NAMES, at_level_text, slot_tip

if TYPE_CHECKING:
    from coach.stories.coverage import Coverage

COLUMNS = 2


class CoveragePanel(QWidget):
    slot_clicked = Signal(object)  # Competency

    def __init__(self) -> None:
        super().__init__()
        self.coverage: Coverage | None = None
        self.title = text_label("Coverage", "sectionTitle", selectable=False)
        self.advice = text_label("", "muted", selectable=False)
        self.at_level = text_label("", "muted", selectable=False)
        self.legend = text_label("", "hint", rich=True, selectable=False)
        self.legend.setToolTip(
            "Each slot's colour: two or more stories, only one, none yet, or optional at "
            "your target level. Click a slot to list its stories; click it again for all."
        )
        self.show_legend(LIGHT)
        self.chips: dict[Competency, QPushButton] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        for index, competency in enumerate(Competency):
            chip = QPushButton(SHORT_NAMES[competency])
            chip.setObjectName("slotChip")
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setAccessibleName(competency.label)
            chip.clicked.connect(lambda _=False, c=competency: self.slot_clicked.emit(c))
            self.chips[competency] = chip
            grid.addWidget(chip, index // COLUMNS, index % COLUMNS)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(5)
        layout.addWidget(self.title)
        layout.addWidget(self.advice)
        layout.addLayout(grid)
        layout.addWidget(self.at_level)
        layout.addWidget(self.legend)

    def show_legend(self, colours: Colours) -> None:
        """One line saying what the slot colours mean, in the theme's colours."""
        keys = (
            (colours.green, "■", "two or more"),
            (colours.amber, "■", "one"),
            (colours.red, "■", "none"),
            (colours.muted, "□", "optional"),
        )
        self.legend.setText(
            " &nbsp; ".join(
                f"<span style='color:{c}'>{mark}</span> {words}" for c, mark, words in keys
            )
            + " &nbsp;· click a slot to filter"
        )

    def show_coverage(self, coverage: Coverage, *, has_target: bool) -> None:
        self.coverage = coverage
        self.advice.setText(coverage.size_advice)
        self.at_level.setText(at_level_text(coverage) if has_target else NO_TARGET)
        self.setToolTip("\n".join(coverage.summary))
        for competency, chip in self.chips.items():
            state = self.slot_state(competency)
            ids = coverage.slots[competency]
            chip.setText(f"{SHORT_NAMES[competency]}  {len(ids)}")
            chip.setToolTip(
                slot_tip(
                    competency,
                    coverage.state(competency),
                    ids,
                    not ids and competency in coverage.optional,
                )
            )
            chip.setProperty("state", state)
            repolish(chip)

    def slot_state(self, competency: Competency) -> str:
        """'empty', 'thin', 'covered' or 'optional' (an optional slot with no story)."""
        assert self.coverage is not None
        state = self.coverage.state(competency)
        if state is SlotState.EMPTY and competency in self.coverage.optional:
            return "optional"
        return state.value

    def set_active(self, competency: Competency | None) -> None:
        """Outline the slot the list is filtered by."""
        for slot, chip in self.chips.items():
            active = slot is competency
            if bool(chip.property("active")) != active:
                chip.setProperty("active", active)
                repolish(chip)
