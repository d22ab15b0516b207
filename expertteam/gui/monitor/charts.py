"""The monitor's charts in QtCharts, built from the same published chart data as the PDF.

Series differ by colour from the Okabe–Ito palette (safe for colour-blind readers) *and* by line
style, marker shape and bar pattern, so they stay apart on a grey-scale print or a washed-out
projector. Each line ends in a label with its name and last value.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.i18n import _

# Okabe & Ito (2008): black, blue, vermillion, then orange and bluish green.
INK = QColor("#000000")
BLUE = QColor("#0072B2")
VERMILLION = QColor("#D55E00")
ORANGE = QColor("#E69F00")
LINE_STYLES = (  # (colour, pen style, width, marker shape) for PJ, VJB, total
    (BLUE, Qt.PenStyle.DashLine, 2.0, QScatterSeries.MarkerShape.MarkerShapeRectangle),
    (VERMILLION, Qt.PenStyle.DotLine, 2.0, QScatterSeries.MarkerShape.MarkerShapeTriangle),
    (INK, Qt.PenStyle.SolidLine, 3.0, QScatterSeries.MarkerShape.MarkerShapeCircle),
    # A fourth series (the GI's figures beside the own cases).
    (ORANGE, Qt.PenStyle.DashDotLine, 2.0,
     QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle),
)
BAR_STYLES = (  # (colour, brush pattern) per series
    (BLUE, Qt.BrushStyle.SolidPattern),
    (VERMILLION, Qt.BrushStyle.BDiagPattern),
)
MAX_LABEL = 42


def _nice_top(value: int) -> int:
    return _nice_axis(value)[0]


def _nice_axis(value: int) -> tuple[int, int]:
    """An axis maximum at or above ``value`` and a whole-number tick step (at most 6 steps)."""
    top = max(value, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if -(-top // step) <= 6:
            return step * -(-top // step), step
    return top, top


def _whole_ticks(axis: QValueAxis, value: int) -> None:
    """Ticks on whole numbers only: 0, 1, 2 … or 0, 5, 10 …, never 1.25 shown as '1'."""
    top, step = _nice_axis(value)
    axis.setRange(0, top)
    axis.setTickCount(top // step + 1)
    axis.setLabelFormat("%d")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1].rstrip() + "…"


def _view(chart: QChart, accessible: str) -> QChartView:
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(300)
    view.setAccessibleName(accessible)
    return view


def _spread(ends: list[tuple[float, int]], gap: float) -> dict[int, float]:
    """End-label heights (in axis units) moved apart so that no two labels overlap."""
    placed: dict[int, float] = {}
    last = -gap
    for value, index in sorted(ends):
        value = max(value, last + gap)
        placed[index] = value
        last = value
    return placed


def line_chart_view(data: m.LineChart) -> QChartView:
    """Waiting children per month: one line per series, markers, and right of each line's last
    point its name and last value."""
    chart = QChart()
    chart.setTitle(data.title)
    count = len(data.days)
    axis_x = QCategoryAxis()
    axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    every = max(1, -(-count // 8))
    for index, day in enumerate(data.days):
        if (count - 1 - index) % every == 0:
            axis_x.append(fmt.month_label(day), index)
    # Room right of the last month for the lines' names.
    axis_x.setRange(-0.3, max(count - 1, 0) + max(2.0, count * 0.22))
    axis_y = QValueAxis()
    values = [v for line in data.values for v in line if v is not None]
    top = _nice_top(max(values, default=1))
    _whole_ticks(axis_y, top)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    ends: list[tuple[float, int]] = []
    for index, name in enumerate(data.names):
        colour, style, width, shape = LINE_STYLES[index % len(LINE_STYLES)]
        line = QLineSeries()
        line.setName(name)
        line.setPen(QPen(colour, width, style))
        markers = QScatterSeries()
        markers.setMarkerShape(shape)
        markers.setMarkerSize(9.0)
        markers.setColor(colour if index == len(data.names) - 1 else QColor("white"))
        markers.setBorderColor(colour)
        for point, value in enumerate(data.values[index]):
            if value is None:
                continue
            line.append(point, value)
            markers.append(point, value)
        for series in (line, markers):
            chart.addSeries(series)
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        for marker in chart.legend().markers(markers):
            marker.setVisible(False)
        last = data.values[index][-1] if data.values[index] else None
        ends.append((float(last) if last is not None else 0.0, index))
    for index, height in _spread(ends, top * 0.09).items():
        colour = LINE_STYLES[index % len(LINE_STYLES)][0]
        last = data.values[index][-1] if data.values[index] else None
        text = str(last) if last is not None else (data.last_texts[index]
                                                     if data.last_texts else "")
        label = QScatterSeries()
        label.setMarkerSize(0.1)
        label.setPen(QPen(Qt.PenStyle.NoPen))
        # A point right of the last month; its label is drawn just above it.
        label.append(count - 1 + max(1.0, count * 0.11), height - top * 0.04)
        label.setPointLabelsVisible(True)
        label.setPointLabelsFormat(f"{data.names[index]} {text}")
        label.setPointLabelsColor(colour)
        label.setPointLabelsClipping(False)
        chart.addSeries(label)
        label.attachAxis(axis_x)
        label.attachAxis(axis_y)
        for marker in chart.legend().markers(label):
            marker.setVisible(False)
    return _view(chart, data.title)


def bar_chart_view(data: m.BarChart) -> QChartView:
    """Horizontal bars per label, one per series, with the value at each bar's end. Hidden
    counts are not drawn; the note below the chart says so."""
    chart = QChart()
    chart.setTitle(data.title)
    series = QHorizontalBarSeries()
    top: float = 1
    hidden = False
    for index, name in enumerate(data.names):
        colour, pattern = BAR_STYLES[index % len(BAR_STYLES)]
        bars = QBarSet(name)
        bars.setBrush(QBrush(colour, pattern))
        bars.setPen(QPen(colour.darker(130), 1.0))
        bars.setLabelColor(INK)
        for cells in reversed(data.cells):  # first label at the top
            cell = cells[index]
            bars.append(cell.number or 0)
            top = max(top, cell.number or 0)
            hidden = hidden or cell.number is None
        series.append(bars)
    series.setBarWidth(0.8)  # of the category's height: room for two readable value labels
    series.setLabelsVisible(not hidden)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append([_short(label) for label in reversed(data.labels)])
    axis_x = QValueAxis()
    # Headroom for the labels at the bars' ends.
    _whole_ticks(axis_x, math.ceil(top + max(1, top // 8)))
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_y)
    series.attachAxis(axis_x)
    view = _view(chart, data.title)
    view.setMinimumHeight(max(260, 70 + 34 * len(data.labels)))
    if hidden:
        view.setToolTip(_("Afgeschermde aantallen (<5) staan niet als staaf in de grafiek."))
    return view
