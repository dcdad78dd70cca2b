"""Choosing a drill: one of the four rounds, a scenario for it (or "Surprise me"), and a
time limit. Scenarios are filtered by the candidate's track and level unless "show all"
is ticked. With a chat model loaded, a scenario can also be written from a posting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.drills.scenarios import Round
from ui.pages.conversation import repolish, text_label

if TYPE_CHECKING:
    from coach.drills.scenarios import Scenario
    from coach.library.store import DocumentInfo

ROUND_NOTES = {
    Round.SCREEN: "What systems you changed, and where you changed the model instead of "
    "following it.",
    Round.DIAGNOSIS: "A real artifact (logs, a bug report, a plan): where you would look "
    "first, and what you would want to learn before acting.",
    Round.BUILD: "Talk through code or a plan a tool produced: what you accept, reject, "
    "verify or rewrite, and why.",
    Round.JUDGMENT: "An ambiguous product or platform trade-off: real options, what you "
    "give up, and how you bring people along.",
}
DEFAULT_MINUTES = {Round.SCREEN: 10, Round.DIAGNOSIS: 15, Round.BUILD: 15, Round.JUDGMENT: 15}
ID_ROLE = Qt.ItemDataRole.UserRole


class RoundCard(QFrame):
    """A round to choose: its name (a radio button, so arrows and Space work) and one line
    about what it tests. Clicking anywhere on the card chooses it."""

    def __init__(self, round_: Round, number: int) -> None:
        super().__init__()
        self.round = round_
        self.setObjectName("roundCard")
        self.radio = QRadioButton(f"&{number}  {round_.label}")
        font = self.radio.font()
        font.setWeight(font.Weight.DemiBold)
        self.radio.setFont(font)
        self.note = text_label(ROUND_NOTES[round_], "muted", selectable=False)
        self.radio.setToolTip(ROUND_NOTES[round_])
        self.radio.toggled.connect(self._toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addWidget(self.radio)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.radio.setChecked(True)
        self.radio.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def _toggled(self, on: bool) -> None:
        self.setProperty("chosen", on)
        repolish(self)


def _words(values: Sequence[object]) -> str:
    return ", ".join(getattr(value, "label", str(value)) for value in values)


class ScenarioList(QTreeWidget):
    COLUMNS = ("Scenario", "Tracks", "Type")

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("scenarioList")
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(list(self.COLUMNS))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def set_scenarios(self, scenarios: Sequence[Scenario], keep: str | None = None) -> None:
        self.clear()
        for scenario in scenarios:
            kind = (
                scenario.scenario_type.value.replace("-", " ")
                if scenario.scenario_type is not None
                else scenario.round.label
            )
            item = QTreeWidgetItem([scenario.title, _words(scenario.tracks), kind])
            item.setData(0, ID_ROLE, scenario.id)
            item.setToolTip(0, f"{scenario.title}\nLevels: {_words(scenario.levels)}")
            self.addTopLevelItem(item)
        if (keep is None or not self.select(keep)) and self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))
        self._fit_rows()

    def _fit_rows(self) -> None:
        """As tall as its rows (4 to 9 of them), so the page does not fill with blank list."""
        rows = max(4, min(9, self.topLevelItemCount()))
        row = (
            self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height() + 6
        )
        frame = 2 * self.frameWidth() + self.header().sizeHint().height() + 4
        self.setFixedHeight(frame + rows * max(row, 18))

    def select(self, scenario_id: str) -> bool:
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            if item.data(0, ID_ROLE) == scenario_id:
                self.setCurrentItem(item)
                return True
        return False

    def selected_id(self) -> str | None:
        items = self.selectedItems()
        return items[0].data(0, ID_ROLE) if items else None

    def titles(self) -> list[str]:
        return [self.topLevelItem(row).text(0) for row in range(self.topLevelItemCount())]


class PickerPanel(QWidget):
    round_changed = Signal(object)  # Round
    show_all_changed = Signal(bool)
    start_clicked = Signal()
    surprise_clicked = Signal()
    generate_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._scenarios: dict[str, Scenario] = {}
        rounds = self._rounds()
        self.scenarios = ScenarioList()
        self.scenarios.itemSelectionChanged.connect(self._scenario_selected)
        self.scenarios.itemActivated.connect(lambda *_: self.start_clicked.emit())
        self.filter_note = text_label("", "muted", selectable=False)
        self.show_all = QCheckBox("Show every track and level")
        self.show_all.setToolTip("List the round's scenarios for every track and level")
        self.show_all.toggled.connect(self.show_all_changed)
        self.preview = text_label("", "muted")
        self.preview.setMinimumHeight(36)

        actions = self._actions()
        list_head = QHBoxLayout()
        list_head.addWidget(text_label("Scenario", "sectionTitle", selectable=False))
        list_head.addWidget(self.filter_note, 1)
        list_head.addWidget(self.show_all)
        pane = QFrame()
        pane.setObjectName("practicePane")
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(14, 12, 14, 12)
        pane_layout.setSpacing(8)
        pane_layout.addLayout(list_head)
        pane_layout.addWidget(self.scenarios, 1)
        pane_layout.addWidget(self.preview)
        pane_layout.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label("Round", "sectionTitle", selectable=False))
        layout.addLayout(rounds)
        layout.addWidget(pane, 1)

    def _rounds(self) -> QGridLayout:
        self.cards: dict[Round, RoundCard] = {}
        self.round_group = QButtonGroup(self)
        rounds = QGridLayout()
        rounds.setSpacing(8)
        for number, round_ in enumerate(Round, start=1):
            card = RoundCard(round_, number)
            self.cards[round_] = card
            self.round_group.addButton(card.radio)
            card.radio.toggled.connect(lambda on, r=round_: on and self._round_chosen(r))
            rounds.addWidget(card, 0, number - 1)
            rounds.setColumnStretch(number - 1, 1)
        return rounds

    def _actions(self) -> QHBoxLayout:
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 120)
        self.minutes.setSuffix(" min")
        self.minutes.setSpecialValueText("No limit")
        self.minutes.setAccessibleName("Time limit in minutes")
        self.minutes.setToolTip("The countdown for this drill; 0 means no limit")
        self.start_button = QPushButton("Start drill")
        self.start_button.setDefault(True)
        self.start_button.setToolTip("Start the chosen scenario (Enter on the list)")
        self.start_button.clicked.connect(self.start_clicked)
        self.surprise_button = QPushButton("Surprise me")
        self.surprise_button.setToolTip(
            "A scenario of this round picked for your target level and track, "
            "preferring ones you have not done"
        )
        self.surprise_button.clicked.connect(self.surprise_clicked)
        self.generate_button = QPushButton("Generate from a posting…")
        self.generate_button.setToolTip(
            "Have the chat model write a scenario of this round from a job posting in your library"
        )
        self.generate_button.clicked.connect(self.generate_clicked)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Time limit:", self.minutes)
        actions = QHBoxLayout()
        actions.addLayout(form)
        actions.addStretch(1)
        actions.addWidget(self.generate_button)
        actions.addWidget(self.surprise_button)
        actions.addWidget(self.start_button)
        return actions

    # ---- state ----------------------------------------------------------------------

    def choose_round(self, round_: Round) -> None:
        self.cards[round_].radio.setChecked(True)

    def chosen_round(self) -> Round:
        for round_, card in self.cards.items():
            if card.radio.isChecked():
                return round_
        return Round.SCREEN

    def _round_chosen(self, round_: Round) -> None:
        self.minutes.setValue(DEFAULT_MINUTES[round_])
        self.round_changed.emit(round_)

    def set_scenarios(
        self, scenarios: Sequence[Scenario], note: str, keep: str | None = None
    ) -> None:
        self._scenarios = {scenario.id: scenario for scenario in scenarios}
        self.scenarios.set_scenarios(scenarios, keep)
        self.scenarios.setColumnHidden(2, self.chosen_round() is not Round.JUDGMENT)
        self.filter_note.setText(note)
        self._scenario_selected()

    def chosen_scenario(self) -> Scenario | None:
        chosen = self.scenarios.selected_id()
        return self._scenarios.get(chosen) if chosen is not None else None

    def time_limit_s(self) -> int:
        return self.minutes.value() * 60

    def set_can_start(self, ok: bool) -> None:
        self.surprise_button.setEnabled(ok)
        self.start_button.setEnabled(ok and self.chosen_scenario() is not None)

    def _scenario_selected(self) -> None:
        scenario = self.chosen_scenario()
        self.start_button.setEnabled(scenario is not None and self.surprise_button.isEnabled())
        if scenario is None:
            self.preview.setText("No scenario fits this filter: show every track and level.")
            return
        prompt = " ".join(scenario.prompt.split())
        self.preview.setText(prompt if len(prompt) <= 260 else prompt[:257].rstrip() + "…")


class PostingDialog(QDialog):
    """Pick a posting from the library (and the round) to write a scenario from."""

    def __init__(
        self, postings: Sequence[DocumentInfo], round_: Round, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Generate a drill from a posting")
        self.resize(520, 420)
        intro = text_label(
            "The chat model writes a scenario of the chosen round from the posting: the "
            "kind of problem that team faces, with facts hidden until you ask. The posting "
            "is read as data, never as instructions.",
        )
        self.postings = QListWidget()
        for posting in postings:
            title = posting.title or posting.source_name
            text = f"{title} — {posting.company}" if posting.company else title
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, posting.id)
            self.postings.addItem(item)
        if postings:
            self.postings.setCurrentRow(len(postings) - 1)
        self.rounds = QButtonGroup(self)
        round_row = QHBoxLayout()
        self._round_buttons: dict[Round, QRadioButton] = {}
        for option in Round:
            button = QRadioButton(option.label)
            button.setChecked(option is round_)
            self.rounds.addButton(button)
            self._round_buttons[option] = button
            round_row.addWidget(button)
        round_row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Generate")
        self.ok_button.setEnabled(bool(postings))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(text_label("Posting", "sectionTitle", selectable=False))
        layout.addWidget(self.postings, 1)
        layout.addWidget(text_label("Round", "sectionTitle", selectable=False))
        layout.addLayout(round_row)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[int | None, Round]:
        item = self.postings.currentItem()
        round_ = next(r for r, b in self._round_buttons.items() if b.isChecked())
        return (item.data(ID_ROLE) if item is not None else None), round_
