"""Combo boxes for the profile's level and track, shared by the welcome and settings."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtWidgets import QComboBox

from coach.profile import Level, Track


class EnumCombo(QComboBox):
    """Items are the members' labels; the members themselves stay on the Python side
    (a StrEnum stored as item data would come back as a plain str)."""

    def __init__(self, members: type[Level] | type[Track]) -> None:
        super().__init__()
        self._members: list[enum.Enum] = list(members)
        for member in self._members:
            self.addItem(member.label)  # type: ignore[attr-defined]

    def value(self) -> Any:
        return self._members[self.currentIndex()]

    def set_value(self, member: enum.Enum) -> None:
        self.setCurrentIndex(self._members.index(member))
