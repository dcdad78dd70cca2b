"""First run: ask what the candidate is preparing for."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coach.profile import Level, Profile, Track
from ui.choices import EnumCombo

LEVEL_HINTS = {
    Level.SENIOR: "Senior: you lead work for one team or system.",
    Level.STAFF: "Staff: you find the problem and change several teams' roadmaps.",
    Level.SENIOR_STAFF: "Senior Staff: you set direction for a group of teams.",
    Level.PRINCIPAL: "Principal: you shape company strategy with executives.",
}


class WelcomeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Loopcoach")
        intro = QLabel(
            "<h2>Welcome to Loopcoach</h2>"
            "<p>Your CV, answers and notes stay on this computer. Tell the coach what you "
            "are preparing for; questions, checks and scores are calibrated to it. "
            "You can change this later in Settings.</p>"
        )
        intro.setWordWrap(True)
        self.level = EnumCombo(Level)
        self.level.set_value(Level.STAFF)
        self.track = EnumCombo(Track)
        self.name = QLineEdit()
        self.name.setPlaceholderText("optional")
        self.level_hint = QLabel()
        self.level_hint.setWordWrap(True)
        self.level.currentIndexChanged.connect(self._show_hint)
        self._show_hint()

        form = QFormLayout()
        form.addRow("Target &level", self.level)
        form.addRow("", self.level_hint)
        form.addRow("&Track", self.track)
        form.addRow("What should the coach call you?", self.name)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start preparing")
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _show_hint(self) -> None:
        self.level_hint.setText(LEVEL_HINTS[self.level.value()])

    def profile(self) -> Profile:
        return Profile(
            level=self.level.value(),
            track=self.track.value(),
            display_name=self.name.text().strip(),
        )
