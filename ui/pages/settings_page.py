"""Settings: profile, appearance, résumé defaults, model folders, your data.

Changes apply at once (no Save button to forget); each write is a single small
SQLite or JSON write, quick enough for the GUI thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coach.profile import Level, Profile, ProfileStore, Track
from coach.settings import THEMES, Settings
from ui.choices import EnumCombo
from ui.pages.settings_data import DataBox

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class SettingsPage(QWidget):
    profile_changed = Signal(object)  # Profile
    settings_changed = Signal(object)  # Settings

    def __init__(
        self,
        profiles: ProfileStore,
        settings: Settings,
        save_settings: Callable[[Settings], None],
        data_box: DataBox,
    ) -> None:
        super().__init__()
        self._profiles = profiles
        self._settings = settings
        self._save_settings = save_settings
        self.data_box = data_box

        heading = QLabel("Settings")
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(heading)
        for box in (
            self._profile_box(),
            self._preferences_box(),
            self._models_box(),
            self.data_box,
        ):
            box.setMaximumWidth(760)  # long lines of form are hard to scan
            layout.addWidget(box)
        layout.addStretch(1)

        self.load()
        self.level.currentIndexChanged.connect(self._profile_edited)
        self.track.currentIndexChanged.connect(self._profile_edited)
        self.name.editingFinished.connect(self._profile_edited)
        self.theme.currentIndexChanged.connect(self._settings_edited)
        self.recency.valueChanged.connect(self._settings_edited)

    def _profile_box(self) -> QGroupBox:
        self.level = EnumCombo(Level)
        self.track = EnumCombo(Track)
        self.name = QLineEdit()
        self.name.setPlaceholderText("optional")
        box = QGroupBox("What you are preparing for")
        form = QFormLayout(box)
        form.addRow("Target &level", self.level)
        form.addRow("&Track", self.track)
        form.addRow("&Name", self.name)
        return box

    def _preferences_box(self) -> QGroupBox:
        self.theme = QComboBox()
        for mode in THEMES:
            self.theme.addItem(THEME_LABELS[mode], mode)
        self.recency = QSpinBox()
        self.recency.setRange(1, 50)
        self.recency.setSuffix(" years")
        self.recency.setToolTip("Roles that ended longer ago are proposed for one line")
        box = QGroupBox("Preferences")
        form = QFormLayout(box)
        form.addRow("&Appearance", self.theme)
        form.addRow("Condense roles older than", self.recency)
        return box

    def _models_box(self) -> QGroupBox:
        self.folders = QListWidget()
        self.folders.setMaximumHeight(90)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._add_folder)
        remove_folder = QPushButton("Remove")
        remove_folder.clicked.connect(self._remove_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(add_folder)
        buttons.addWidget(remove_folder)
        buttons.addStretch(1)
        box = QGroupBox("Folders with GGUF models you already have")
        layout = QVBoxLayout(box)
        layout.addWidget(self.folders)
        layout.addLayout(buttons)
        return box

    def load(self) -> None:
        """Show what is stored (call after the profile changes elsewhere)."""
        profile = self._profiles.load()
        if profile is not None:
            for widget in (self.level, self.track, self.name):
                widget.blockSignals(True)
            self.level.set_value(profile.level)
            self.track.set_value(profile.track)
            self.name.setText(profile.display_name)
            for widget in (self.level, self.track, self.name):
                widget.blockSignals(False)
        self.theme.setCurrentIndex(self.theme.findData(self._settings.theme))
        self.recency.setValue(self._settings.recency_years)
        self.folders.clear()
        self.folders.addItems(self._settings.model_folders)

    def _profile_edited(self) -> None:
        profile = Profile(
            level=self.level.value(),
            track=self.track.value(),
            display_name=self.name.text().strip(),
        )
        if profile != self._profiles.load():
            self._profiles.save(profile)
            self.profile_changed.emit(profile)

    def _settings_edited(self) -> None:
        self._apply(
            dataclasses.replace(
                self._settings,
                theme=self.theme.currentData(),
                recency_years=self.recency.value(),
                model_folders=[self.folders.item(i).text() for i in range(self.folders.count())],
            )
        )

    def _apply(self, settings: Settings) -> None:
        self._save_settings(settings)
        self._settings = settings
        self.settings_changed.emit(settings)

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder with GGUF models")
        if folder and folder not in self._settings.model_folders:
            self.folders.addItem(folder)
            self._settings_edited()

    def _remove_folder(self) -> None:
        row = self.folders.currentRow()
        if row >= 0:
            self.folders.takeItem(row)
            self._settings_edited()
