"""How a dictated answer was spoken, in one compact line beside the answer:

    142 wpm · 2 fillers (1.4/min) · 1 long pause · fits 90 s

each part with a tooltip that says what it is based on (the fillers by name and where
they came). The yardsticks are DOMAIN.md's: about 130 to 160 words a minute is easy to
follow; a little over 1 filler word a minute reads fluent, around 5 reads hesitant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ui.pages.conversation import is_dark, repolish

if TYPE_CHECKING:
    from coach.delivery.records import Delivery

EASY_WPM = (130, 160)
FLUENT_PER_MIN = 2.0  # "a little over 1 a minute reads fluent"
HESITANT_PER_MIN = 4.0  # "around 5 reads hesitant"
SHORT_S = 10.0  # under this, pace and fillers a minute say little
SEPARATOR = " · "
TONES = {  # (light, dark)
    "good": ("#1b6e20", "#81c995"),
    "warn": ("#a15c00", "#fbbc04"),
}


def clock(seconds: float) -> str:
    """ "0:07", "1:32": where in the recording."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Part:
    name: str  # "pace", "fillers", "pauses", "cut"
    text: str
    tone: str  # "good", "warn" or "" (neutral)
    tip: str


def pace_part(delivery: Delivery) -> Part:
    wpm = round(delivery.wpm)
    low, high = EASY_WPM
    spoken = f"{plural(delivery.words, 'word')} in {clock(delivery.seconds)}"
    guide = f"About {low} to {high} words a minute is easy to follow"
    if delivery.seconds < SHORT_S:
        return Part("pace", f"{wpm} wpm", "", f"{spoken}: too short to judge the pace. {guide}.")
    if wpm < low:
        verdict, tone = "this is on the slow side", "warn"
    elif wpm > high:
        verdict, tone = "this is on the fast side: slow down a little", "warn"
    else:
        verdict, tone = "this is easy to follow", "good"
    return Part("pace", f"{wpm} wpm", tone, f"{spoken}. {guide}; {verdict}.")


def fillers_part(delivery: Delivery) -> Part:
    count = delivery.filler_count
    guide = "About 1 filler a minute reads fluent; around 5 reads hesitant"
    if count == 0:
        return Part("fillers", "no fillers", "good", f"No “um”, “uh” or “you know”. {guide}.")
    per_min = delivery.fillers_per_min
    where = ", ".join(f"“{hit.text}” at {clock(hit.start)}" for hit in delivery.fillers)
    if delivery.seconds < SHORT_S:
        tone = ""
    elif per_min <= FLUENT_PER_MIN:
        tone = "good"
    elif per_min >= HESITANT_PER_MIN:
        tone = "warn"
    else:
        tone = ""
    return Part(
        "fillers", f"{plural(count, 'filler')} ({per_min:.1f}/min)", tone, f"{where}. {guide}."
    )


def pauses_part(delivery: Delivery) -> Part:
    count = len(delivery.pauses)
    if count == 0:
        return Part("pauses", "no long pauses", "", "No long silences in the answer.")
    where = "; ".join(f"{pause.seconds:.1f} s at {clock(pause.start)}" for pause in delivery.pauses)
    return Part(
        "pauses",
        plural(count, "long pause"),
        "warn" if count >= 3 else "",
        f"Long silences: {where}. A pause to think is fine; many lose the listener.",
    )


def cut_part(delivery: Delivery) -> Part:
    cut = delivery.cut.strip()
    tip = (
        f"Spoken for {clock(delivery.seconds)}. Answers are practised in 45-second, "
        "90-second and 3-minute cuts"
    )
    if not cut or cut.startswith("over"):
        return Part("cut", cut or "over 3 min", "warn", f"{tip}: this one runs over them all.")
    return Part("cut", f"fits {cut}", "", f"{tip}: this one fits the {cut} cut.")


def delivery_parts(delivery: Delivery) -> list[Part]:
    return [pace_part(delivery), fillers_part(delivery), pauses_part(delivery), cut_part(delivery)]


def delivery_text(delivery: Delivery) -> str:
    """ "142 wpm · 2 fillers (1.4/min) · 1 long pause · fits 90 s"."""
    return SEPARATOR.join(part.text for part in delivery_parts(delivery))


def feedback_style(palette: QPalette) -> str:
    dark = 1 if is_dark(palette) else 0
    good, warn = TONES["good"][dark], TONES["warn"][dark]
    return f"""
QLabel[tone="good"] {{ color: {good}; font-weight: 600; }}
QLabel[tone="warn"] {{ color: {warn}; font-weight: 600; }}
QLabel#deliverySeparator, QLabel#deliveryCaption {{ color: palette(placeholder-text); }}
"""


class DeliveryFeedback(QFrame):
    """The line of delivery facts for the last dictated answer (hidden until there is one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryFeedback")
        self.delivery: Delivery | None = None
        self.labels: dict[str, QLabel] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        caption = QLabel("Delivery: ")
        caption.setObjectName("deliveryCaption")
        self._layout.addWidget(caption)
        for index, name in enumerate(("pace", "fillers", "pauses", "cut")):
            if index:
                separator = QLabel(SEPARATOR)
                separator.setObjectName("deliverySeparator")
                self._layout.addWidget(separator)
            label = QLabel()
            label.setObjectName(f"delivery-{name}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.labels[name] = label
            self._layout.addWidget(label)
        self._layout.addStretch(1)
        self._dark: bool | None = None
        self._apply_style()
        self.setVisible(False)

    def show_delivery(self, delivery: Delivery) -> None:
        self.delivery = delivery
        for part in delivery_parts(delivery):
            label = self.labels[part.name]
            label.setText(part.text)
            label.setToolTip(part.tip)
            label.setProperty("tone", part.tone)
            repolish(label)
        self.setToolTip("How your last dictated answer was spoken")
        self.setAccessibleDescription(delivery_text(delivery))
        self.setVisible(True)

    def clear(self) -> None:
        self.delivery = None
        self.setVisible(False)

    def text(self) -> str:
        return delivery_text(self.delivery) if self.delivery is not None else ""

    def _apply_style(self) -> None:
        dark = is_dark(self.palette())
        if dark != self._dark:
            self._dark = dark
            self.setStyleSheet(feedback_style(self.palette()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_style()
