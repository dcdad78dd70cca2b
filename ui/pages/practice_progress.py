"""Progress over time: one line per reward (scores 1-4 by date) and the history of drills,
each of which opens read-only (or continues, when it is unfinished) or can be deleted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence, QPainter, QPalette, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coach.drills.rubric import MAX_SCORE, MIN_SCORE, Reward, Rubric
from ui.pages.conversation import is_dark, text_label
from ui.pages.practice_scorecard import average, when_text
from ui.pages.practice_style import series_colour

if TYPE_CHECKING:
    from coach.drills.service import DrillView

ID_ROLE = Qt.ItemDataRole.UserRole
# Scores are whole numbers, so the five lines would lie on top of each other; each is
# drawn a hair above or below its value (the axis and the tooltips keep the true score).
NUDGE = 0.045


def _moment(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is not None else moment


def _msecs(moment: datetime) -> float:
    return float(QDateTime(moment.replace(tzinfo=None)).toMSecsSinceEpoch())


class ProgressChart(QChartView):
    """Scores per reward over time (from DrillService.progress())."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("progressChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(300)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.series: dict[Reward, QLineSeries] = {}
        self._names = {spec.reward: spec.name for spec in Rubric.load().rewards}
        self._chart = QChart()
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(self._chart)
        self.x_axis = QDateTimeAxis()
        self.y_axis = QValueAxis()
        self.y_axis.setRange(MIN_SCORE - 0.25, MAX_SCORE + 0.25)
        self.y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.y_axis.setTickAnchor(MIN_SCORE)
        self.y_axis.setTickInterval(1)
        self.y_axis.setLabelFormat("%d")
        self.y_axis.setTitleText("score")
        self.y_axis.setMinorTickCount(0)
        self._chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self._chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for reward in Reward:
            series = QLineSeries()
            series.setName(self._names[reward])
            series.setPointsVisible(True)
            self._chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
            series.hovered.connect(
                lambda point, state, r=reward: self._hovered(r, point.x(), state)
            )
            self.series[reward] = series
        self._scores: dict[Reward, dict[float, int]] = {reward: {} for reward in Reward}
        self.apply_palette(self.palette())

    def apply_palette(self, palette: QPalette) -> None:
        dark = is_dark(palette)
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        self._chart.setBackgroundVisible(False)  # the pane behind shows through
        self._chart.setPlotAreaBackgroundVisible(False)
        self._chart.legend().setLabelColor(text)
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsColor(text)
            axis.setTitleBrush(QBrush(text))
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)
        for index, series in enumerate(self.series.values()):
            pen = QPen(series_colour(palette, index))
            pen.setWidthF(2.4 if dark else 2.2)
            series.setPen(pen)
            series.setColor(series_colour(palette, index))
        self.setBackgroundBrush(Qt.BrushStyle.NoBrush)

    def show_progress(self, progress: Mapping[Reward, Sequence[tuple[str, int]]]) -> int:
        """Plot the points; returns how many drills (dates) there are."""
        moments: list[datetime] = []
        for index, reward in enumerate(Reward):
            series = self.series[reward]
            series.clear()
            self._scores[reward] = {}
            offset = (index - 2) * NUDGE
            for stamp, score in progress.get(reward, ()):
                moment = _moment(stamp)
                if moment is None:
                    continue
                moments.append(moment)
                x = _msecs(moment)
                self._scores[reward][x] = int(score)
                series.append(x, score + offset)
        if not moments:
            now = datetime.now()
            self._set_range(now - timedelta(days=7), now)
            return 0
        first, last = min(moments), max(moments)
        span = last - first
        pad = max(span * 0.06, timedelta(minutes=30))
        self._set_range(first - pad, last + pad)
        return len(set(moments))

    def _set_range(self, start: datetime, end: datetime) -> None:
        span = end - start
        if span <= timedelta(days=1):
            fmt = "HH:mm"
        elif span <= timedelta(days=120):
            fmt = "d MMM"
        else:
            fmt = "MMM yyyy"
        self.x_axis.setFormat(fmt)
        self.x_axis.setTickCount(6)
        self.x_axis.setRange(QDateTime(start), QDateTime(end))

    def point_count(self, reward: Reward) -> int:
        return self.series[reward].count()

    def _hovered(self, reward: Reward, x: float, state: bool) -> None:
        if not state:
            self.setToolTip("")
            return
        nearest = min(self._scores[reward], key=lambda k: abs(k - x), default=None)
        if nearest is None:
            return
        when = QDateTime.fromMSecsSinceEpoch(int(nearest)).toString("d MMM yyyy, HH:mm")
        self.setToolTip(f"{self._names[reward]}: {self._scores[reward][nearest]} / 4 ({when})")


class HistoryList(QTreeWidget):
    COLUMNS = ("When", "Round", "Scenario", "Average", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("drillHistory")
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(list(self.COLUMNS))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)

    def set_drills(self, drills: Sequence[DrillView]) -> None:
        chosen = self.selected_id()
        self.clear()
        for view in drills:
            info = view.info
            card = view.scorecard
            status = "Scored" if card is not None else "Unfinished: continue it"
            item = QTreeWidgetItem(
                [
                    when_text(info.started_at),
                    info.round.label,
                    view.scenario.title,
                    f"{average(card):.1f}" if card is not None else "—",
                    status,
                ]
            )
            item.setData(0, ID_ROLE, info.id)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignCenter)
            item.setToolTip(2, view.scenario.prompt[:400])
            if card is None:
                font = item.font(4)
                font.setItalic(True)
                item.setFont(4, font)
            self.addTopLevelItem(item)
        if chosen is not None:
            self.select(chosen)
        rows = max(3, min(8, self.topLevelItemCount()))
        row = (
            self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height() + 6
        )
        frame = 2 * self.frameWidth() + self.header().sizeHint().height() + 4
        self.setFixedHeight(frame + rows * max(row, 18))

    def selected_id(self) -> int | None:
        items = self.selectedItems()
        return items[0].data(0, ID_ROLE) if items else None

    def select(self, drill_id: int) -> bool:
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            if item.data(0, ID_ROLE) == drill_id:
                self.setCurrentItem(item)
                return True
        return False

    def ids(self) -> list[int]:
        return [self.topLevelItem(row).data(0, ID_ROLE) for row in range(self.topLevelItemCount())]


class ProgressPanel(QWidget):
    open_requested = Signal(object)  # drill id
    delete_requested = Signal(object)  # drill id

    def __init__(self) -> None:
        super().__init__()
        self.chart = ProgressChart()
        self.chart_note = text_label("", "muted", selectable=False)
        self.history = HistoryList()
        self.history.itemSelectionChanged.connect(self._selected)
        self.history.itemActivated.connect(lambda *_: self._open())
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open the drill: its transcript and score card (Enter)")
        self.open_button.clicked.connect(self._open)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the selected drill and its scores (Delete)")
        self.delete_button.clicked.connect(self._delete)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.history)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete)
        self.empty = text_label(
            "No drills yet. Pick a round above and start one: your scores show here, drill "
            "by drill, so you can see which reward to work on.",
            "muted",
        )

        chart_pane = QFrame()
        chart_pane.setObjectName("practicePane")
        chart_layout = QVBoxLayout(chart_pane)
        chart_layout.setContentsMargins(12, 10, 12, 10)
        chart_layout.addWidget(text_label("Scores over time", "sectionTitle", selectable=False))
        chart_layout.addWidget(self.chart_note)
        chart_layout.addWidget(self.chart, 1)

        history_pane = QFrame()
        history_pane.setObjectName("practicePane")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        history_layout = QVBoxLayout(history_pane)
        history_layout.setContentsMargins(12, 10, 12, 10)
        history_layout.addWidget(text_label("History", "sectionTitle", selectable=False))
        history_layout.addWidget(self.empty)
        history_layout.addWidget(self.history, 1)
        history_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(chart_pane)
        layout.addWidget(history_pane)
        self._views: dict[int, DrillView] = {}
        self._selected()

    def show_progress(
        self,
        progress: Mapping[Reward, Sequence[tuple[str, int]]],
        drills: Sequence[DrillView],
    ) -> None:
        scored = self.chart.show_progress(progress)
        self.chart.setVisible(scored > 0)  # an empty grid says less than the note
        if scored == 0:
            self.chart_note.setText("Finish a drill to see your scores here.")
        elif scored == 1:
            self.chart_note.setText("One scored drill so far: the lines start with the next.")
        else:
            self.chart_note.setText(f"{scored} scored drills. Hover a point for its score.")
        self._views = {view.info.id: view for view in drills}
        self.history.set_drills(drills)
        self.history.setVisible(bool(drills))
        self.empty.setVisible(not drills)
        self._selected()

    def _selected(self) -> None:
        chosen = self.history.selected_id()
        self.open_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None)
        view = self._views.get(chosen) if chosen is not None else None
        self.open_button.setText(
            "Continue" if view is not None and view.scorecard is None else "Open"
        )

    def _open(self) -> None:
        chosen = self.history.selected_id()
        if chosen is not None:
            self.open_requested.emit(chosen)

    def _delete(self) -> None:
        chosen = self.history.selected_id()
        if chosen is not None:
            self.delete_requested.emit(chosen)
