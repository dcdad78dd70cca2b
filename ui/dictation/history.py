"""Your delivery over time: pace (words a minute) and fillers a minute of every dictated
answer, oldest first, against DOMAIN.md's yardsticks (130 to 160 wpm is easy to follow;
about 1 filler a minute reads fluent, around 5 hesitant), and the answers in a list."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.dictation.feedback import EASY_WPM, clock
from ui.pages.conversation import is_dark, text_label
from ui.pages.practice_scorecard import when_text
from ui.pages.practice_style import series_colour

if TYPE_CHECKING:
    from coach.delivery.records import DeliveryRecord

CONTEXTS = {"refresh": "Résumé", "drill": "Practice", "story": "Stories", "cli": "Command line"}
SHOWN = 50  # the newest answers plotted and listed


def averages(records: Sequence[DeliveryRecord]) -> tuple[float, float]:
    """Mean words a minute and fillers a minute, weighting each answer by its length."""
    seconds = sum(r.delivery.seconds for r in records)
    if seconds <= 0:
        return 0.0, 0.0
    words = sum(r.delivery.words for r in records)
    fillers = sum(r.delivery.filler_count for r in records)
    return words / (seconds / 60), fillers / (seconds / 60)


def summary_text(records: Sequence[DeliveryRecord]) -> str:
    if not records:
        return (
            "No dictated answers yet. Record an answer on the Résumé, Practice or Stories "
            "page: its pace and fillers show here, answer by answer."
        )
    wpm, per_min = averages(records)
    count = len(records)
    low, high = EASY_WPM
    return (
        f"{count} dictated answer{'s' if count != 1 else ''}: {wpm:.0f} words a minute and "
        f"{per_min:.1f} fillers a minute on average. {low} to {high} wpm is easy to follow; "
        "about 1 filler a minute reads fluent, around 5 hesitant."
    )


class DeliveryChart(QChartView):
    """Words a minute (left axis) and fillers a minute (right axis) per answer."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("deliveryChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.setFrameShape(QFrame.Shape.NoFrame)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(chart)
        self._chart = chart
        self.x_axis = QValueAxis()
        self.x_axis.setLabelFormat("%d")
        self.x_axis.setTitleText("answer, oldest first")
        self.wpm_axis = QValueAxis()
        self.wpm_axis.setTitleText("words a minute")
        self.wpm_axis.setLabelFormat("%d")
        self.filler_axis = QValueAxis()
        self.filler_axis.setTitleText("fillers a minute")
        self.filler_axis.setLabelFormat("%.0f")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.wpm_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.filler_axis, Qt.AlignmentFlag.AlignRight)
        self._low, self._high = QLineSeries(), QLineSeries()
        self.band = QAreaSeries(self._high, self._low)
        self.band.setName(f"easy to follow ({EASY_WPM[0]}–{EASY_WPM[1]} wpm)")
        self.wpm = QLineSeries()
        self.wpm.setName("words a minute")
        self.wpm.setPointsVisible(True)
        self.fillers = QLineSeries()
        self.fillers.setName("fillers a minute")
        self.fillers.setPointsVisible(True)
        for series, axis in ((self.band, self.wpm_axis), (self.wpm, self.wpm_axis)):
            chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(axis)
        chart.addSeries(self.fillers)
        self.fillers.attachAxis(self.x_axis)
        self.fillers.attachAxis(self.filler_axis)
        self.apply_palette(self.palette())

    def apply_palette(self, palette: QPalette) -> None:
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        self._chart.setBackgroundVisible(False)
        self._chart.setPlotAreaBackgroundVisible(False)
        self._chart.legend().setLabelColor(text)
        for axis in (self.x_axis, self.wpm_axis, self.filler_axis):
            axis.setLabelsColor(text)
            axis.setTitleBrush(QBrush(text))
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)
        green = QColor("#81c995" if is_dark(palette) else "#2e7d32")
        green.setAlphaF(0.16)
        self.band.setBrush(QBrush(green))
        self.band.setPen(QPen(Qt.PenStyle.NoPen))
        for index, series in ((0, self.wpm), (1, self.fillers)):
            pen = QPen(series_colour(palette, index))
            pen.setWidthF(2.2)
            series.setPen(pen)
            series.setColor(series_colour(palette, index))
        self.setBackgroundBrush(Qt.BrushStyle.NoBrush)

    def show_records(self, records: Sequence[DeliveryRecord]) -> None:
        """Plot `records`, oldest first."""
        for series in (self.wpm, self.fillers, self._low, self._high):
            series.clear()
        count = max(1, len(records))
        top_wpm = 200.0
        top_fillers = 6.0
        for number, record in enumerate(records, start=1):
            delivery = record.delivery
            self.wpm.append(number, delivery.wpm)
            self.fillers.append(number, delivery.fillers_per_min)
            top_wpm = max(top_wpm, delivery.wpm + 20)
            top_fillers = max(top_fillers, delivery.fillers_per_min + 1)
        start, end = 0.5, count + 0.5
        for x in (start, end):
            self._low.append(x, EASY_WPM[0])
            self._high.append(x, EASY_WPM[1])
        self.x_axis.setRange(start, end)
        self.x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.x_axis.setTickAnchor(1)
        self.x_axis.setTickInterval(max(1, math.ceil(count / 10)))
        self.wpm_axis.setRange(0, math.ceil(top_wpm / 50) * 50)
        self.wpm_axis.setTickCount(round(self.wpm_axis.max() / 50) + 1)
        step = 1 if top_fillers <= 8 else 2 if top_fillers <= 16 else 5
        self.filler_axis.setRange(0, math.ceil(top_fillers / step) * step)
        self.filler_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.filler_axis.setTickAnchor(0)
        self.filler_axis.setTickInterval(step)

    def point_count(self) -> int:
        return self.wpm.count()


class DeliveryHistory(QTreeWidget):
    COLUMNS = ("When", "Where", "Pace", "Fillers", "Long pauses", "Length")

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("deliveryHistory")
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(list(self.COLUMNS))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(True)
        for column in range(len(self.COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def set_records(self, records: Sequence[DeliveryRecord]) -> None:
        """List `records`, newest first."""
        self.clear()
        for record in reversed(records):
            delivery = record.delivery
            item = QTreeWidgetItem(
                [
                    when_text(record.created_at),
                    CONTEXTS.get(record.context, record.context),
                    f"{delivery.wpm:.0f} wpm",
                    f"{delivery.filler_count} ({delivery.fillers_per_min:.1f}/min)",
                    str(len(delivery.pauses)),
                    clock(delivery.seconds),
                ]
            )
            names = ", ".join(f"“{hit.text}”" for hit in delivery.fillers)
            if names:
                item.setToolTip(3, names)
            self.addTopLevelItem(item)

    def rows(self) -> list[list[str]]:
        return [
            [self.topLevelItem(row).text(column) for column in range(self.columnCount())]
            for row in range(self.topLevelItemCount())
        ]


class DeliveryHistoryDialog(QDialog):
    def __init__(self, records: Sequence[DeliveryRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your delivery")
        self.resize(720, 560)
        shown = sorted(records, key=lambda r: (r.created_at, r.id))[-SHOWN:]
        self.summary = text_label(summary_text(shown), "muted")
        self.chart = DeliveryChart()
        self.chart.show_records(shown)
        self.chart.setVisible(bool(shown))
        self.history = DeliveryHistory()
        self.history.set_records(shown)
        self.history.setVisible(bool(shown))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.history, 2)
        layout.addWidget(buttons)
