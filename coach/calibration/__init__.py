"""Level calibration with no model: deterministic text signals and the level lens.

`text_signals` reads what a bullet or an answer says (I or we, metric, baseline, scope, ...)
with evidence spans; `read_level` places it on the level matrix in resources/levels.json.
"""

from __future__ import annotations

from coach.calibration.lens import (
    DimensionReading,
    LevelReading,
    Marker,
    read_level,
    read_signals,
)
from coach.calibration.matrix import Dimension, LevelMatrix, MarkerKind
from coach.calibration.metrics import MetricHit, MetricKind
from coach.calibration.scope import HorizonHit, ScopeBand, ScopeHit
from coach.calibration.signals import LevelHit, TextSignals, Voice, text_signals
from coach.calibration.spans import Span

__all__ = [
    "Dimension",
    "DimensionReading",
    "HorizonHit",
    "LevelHit",
    "LevelMatrix",
    "LevelReading",
    "Marker",
    "MarkerKind",
    "MetricHit",
    "MetricKind",
    "ScopeBand",
    "ScopeHit",
    "Span",
    "TextSignals",
    "Voice",
    "read_level",
    "read_signals",
    "text_signals",
]
