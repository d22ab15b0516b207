"""The monitor's charts as ReportLab drawings, readable in black-and-white print.

Series differ by fill pattern (solid dark, hatched, open), line style and marker shape, never by
colour alone; every bar carries its value and every line its name at its end (direct labels), so
nobody has to match shades to a legend. A hidden count (``<5``) is drawn as a dotted box up to 5
with its label, never as a bar of its true length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Hatching,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from expertteam.documents.styles import FONT, FONT_BOLD, register_fonts
from expertteam.domain.monitor import BarChart, LineChart
from expertteam.domain.tables import SUPPRESSED_SMALL, SUPPRESSION_THRESHOLD
from expertteam.formatting import month_label as _month_label

DARK = colors.Color(0.22, 0.22, 0.22)
GRID = colors.Color(0.78, 0.78, 0.78)
TEXT = colors.black
LABEL_SIZE = 7.5
TICK_SIZE = 7


def nice_maximum(value: int) -> tuple[int, int]:
    """An axis maximum at or above ``value`` and a whole-number tick step (about 4–6 ticks)."""
    top = max(value, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if math.ceil(top / step) <= 6:
            return max(step * math.ceil(top / step), step), step
    step = 10 ** (len(str(top)) - 1)
    return step * math.ceil(top / step), step


def _wrap(text: str, width: float, size: float, lines: int = 2) -> list[str]:
    words, result, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, FONT, size) <= width or not current:
            current = candidate
        else:
            result.append(current)
            current = word
    if current:
        result.append(current)
    if len(result) > lines:
        kept = result[:lines]
        last = kept[-1]
        while last and stringWidth(last + "…", FONT, size) > width:
            last = last[:-1]
        kept[-1] = last.rstrip() + "…"
        return kept
    return result


def _bar(x: float, y: float, width: float, height: float, series: int) -> Group:
    """One bar in the style of its series: 0 solid dark, 1 hatched, 2 open."""
    group = Group()
    if series == 0:
        group.add(Rect(x, y, width, height, fillColor=DARK, strokeColor=TEXT, strokeWidth=0.6))
    else:
        group.add(Rect(x, y, width, height, fillColor=colors.white, strokeColor=TEXT,
                       strokeWidth=0.8))
        if series == 1 and width > 0.5:
            group.add(Hatching(spacings=2.6, angles=45,
                               xyLists=[x, y, x + width, y, x + width, y + height, x,
                                        y + height],
                               strokeColor=TEXT, strokeWidth=0.5))
    return group


def _legend_bars(drawing: Drawing, names: Sequence[str], y: float, left: float) -> None:
    x = left
    for index, name in enumerate(names):
        drawing.add(_bar(x, y, 14, 8, index))
        drawing.add(String(x + 18, y + 1, name, fontName=FONT, fontSize=LABEL_SIZE,
                           fillColor=TEXT))
        x += 18 + stringWidth(name, FONT, LABEL_SIZE) + 16


def bar_chart(chart: BarChart, width: float) -> Drawing:
    """Horizontal grouped bars: one group per label, one bar per series, value at its end."""
    register_fonts()
    series = len(chart.names)
    bar_height, bar_gap, group_gap = 9.0, 1.5, 9.0
    label_width = min(160.0, width * 0.34)
    legend_height, axis_height = 20.0, 20.0
    group_height = series * bar_height + (series - 1) * bar_gap
    body = max(1, len(chart.labels)) * (group_height + group_gap)
    height = legend_height + body + axis_height
    drawing = Drawing(width, height)
    plot_left = label_width + 8
    plot_width = width - plot_left - 28
    numbers = [cell.number for row in chart.cells for cell in row if cell.number is not None]
    has_hidden = any(cell.text == SUPPRESSED_SMALL for row in chart.cells for cell in row)
    top, step = nice_maximum(math.ceil(max(
        numbers + ([SUPPRESSION_THRESHOLD] if has_hidden else []), default=1)))
    scale = plot_width / top
    _legend_bars(drawing, chart.names, height - 12, plot_left)
    axis_y = axis_height
    for tick in range(0, top + 1, step):
        x = plot_left + tick * scale
        drawing.add(Line(x, axis_y, x, axis_y + body, strokeColor=GRID, strokeWidth=0.5,
                         strokeDashArray=[1, 2] if tick else None))
        drawing.add(String(x, axis_y - 10, str(tick), fontName=FONT, fontSize=TICK_SIZE,
                           textAnchor="middle", fillColor=TEXT))
    drawing.add(Line(plot_left, axis_y, plot_left, axis_y + body, strokeColor=TEXT,
                     strokeWidth=0.8))
    if not chart.labels:
        return drawing
    for group_index, (label, cells) in enumerate(zip(chart.labels, chart.cells, strict=True)):
        group_top = axis_y + body - group_index * (group_height + group_gap) - group_gap / 2
        lines = _wrap(label, label_width, LABEL_SIZE)
        middle = group_top - group_height / 2
        first_line = middle + (len(lines) - 1) * (LABEL_SIZE + 1) / 2 - LABEL_SIZE / 3
        for line_index, text in enumerate(lines):
            drawing.add(String(plot_left - 6, first_line - line_index * (LABEL_SIZE + 1), text,
                               fontName=FONT, fontSize=LABEL_SIZE, textAnchor="end",
                               fillColor=TEXT))
        for index, cell in enumerate(cells):
            y = group_top - (index + 1) * bar_height - index * bar_gap
            if cell.number is not None:
                length = cell.number * scale
                if cell.number:
                    drawing.add(_bar(plot_left, y, length, bar_height, index))
            elif cell.text == SUPPRESSED_SMALL:
                # A dotted box up to 5, with a short stub in the series' own pattern.
                length = SUPPRESSION_THRESHOLD * scale
                drawing.add(Rect(plot_left, y, length, bar_height, fillColor=None,
                                 strokeColor=TEXT, strokeWidth=0.6, strokeDashArray=[1.2, 1.6]))
                drawing.add(_bar(plot_left, y, min(6.0, length), bar_height, index))
            else:
                length = 0
            drawing.add(String(plot_left + length + 3, y + 2, cell.text, fontName=FONT_BOLD,
                               fontSize=LABEL_SIZE, fillColor=TEXT))
    return drawing


_DASHES: tuple[list[float] | None, ...] = (None, [4, 2], [1, 1.6], [6, 2, 1, 2])
_WIDTHS = (2.0, 1.3, 1.3, 1.3)


def _marker(x: float, y: float, series: int, size: float = 3.2) -> Group:
    """0 filled circle, 1 open square, 2 open triangle, 3 open diamond."""
    group = Group()
    if series == 0:
        group.add(Circle(x, y, size * 0.9, fillColor=TEXT, strokeColor=TEXT, strokeWidth=0.6))
    elif series == 1:
        group.add(Rect(x - size * 0.8, y - size * 0.8, size * 1.6, size * 1.6,
                       fillColor=colors.white, strokeColor=TEXT, strokeWidth=0.9))
    elif series == 2:
        group.add(Polygon([x - size, y - size * 0.8, x + size, y - size * 0.8, x, y + size],
                          fillColor=colors.white, strokeColor=TEXT, strokeWidth=0.9))
    else:
        group.add(Polygon([x - size, y, x, y - size, x + size, y, x, y + size],
                          fillColor=colors.white, strokeColor=TEXT, strokeWidth=0.9))
    return group


def _style_index(names: Sequence[str], index: int) -> int:
    """The last series (the total) gets the strongest style when there are three."""
    if len(names) == 3:
        return (1, 2, 0)[index]
    return index


def _spread(positions: list[tuple[float, int]], gap: float, low: float) -> dict[int, float]:
    """Label heights moved apart so that direct labels never overlap."""
    placed: dict[int, float] = {}
    last = low - gap
    for y, key in sorted(positions):
        y = max(y, last + gap)
        placed[key] = y
        last = y
    return placed


def line_chart(chart: LineChart, width: float, height: float = 190.0) -> Drawing:
    """Lines over time with markers and the series' names written at their last point."""
    register_fonts()
    drawing = Drawing(width, height)
    label_room = max((stringWidth(f"{name} 000", FONT_BOLD, LABEL_SIZE)
                      for name in chart.names), default=60) + 20
    left, bottom = 28.0, 24.0
    rows = _legend_rows(chart.names, width - left)
    legend = 22.0 + 11.0 * (len(rows) - 1)
    plot_width = width - left - label_room
    plot_height = height - bottom - legend
    values = [v for line in chart.values for v in line if v is not None]
    top, step = nice_maximum(max(values, default=1))
    count = len(chart.days)

    def x_of(index: int) -> float:
        return left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return bottom + plot_height * value / top

    for tick in range(0, top + 1, step):
        y = y_of(tick)
        drawing.add(Line(left, y, left + plot_width, y, strokeColor=GRID, strokeWidth=0.5,
                         strokeDashArray=[1, 2] if tick else None))
        drawing.add(String(left - 4, y - 2.5, str(tick), fontName=FONT, fontSize=TICK_SIZE,
                           textAnchor="end", fillColor=TEXT))
    drawing.add(Line(left, bottom, left + plot_width, bottom, strokeColor=TEXT, strokeWidth=0.8))
    every = max(1, math.ceil(count / 8))
    for index, day in enumerate(chart.days):
        if (count - 1 - index) % every:
            continue
        x = x_of(index)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=TEXT, strokeWidth=0.6))
        drawing.add(String(x, bottom - 12, _month_label(day), fontName=FONT, fontSize=TICK_SIZE,
                           textAnchor="middle", fillColor=TEXT))
    ends: list[tuple[float, int]] = []
    # The strongest style (the total) is drawn first, so where lines coincide the others'
    # open markers still show on top of it.
    order = sorted(range(len(chart.values)), key=lambda i: _style_index(chart.names, i))
    for index in order:
        line = chart.values[index]
        style = _style_index(chart.names, index)
        run: list[float] = []
        for point, value in enumerate(line):
            if value is None:
                _flush(drawing, run, style)
                run = []
                continue
            run += [x_of(point), y_of(value)]
        _flush(drawing, run, style)
        for point, value in enumerate(line):
            if value is not None:
                drawing.add(_marker(x_of(point), y_of(value), style,
                                    size=3.2 if count <= 13 else 2.4))
        if line:
            # A hidden last value is labelled as hidden, low on the axis, not as an old value.
            last = line[-1]
            ends.append((y_of(last) if last is not None else bottom, index))
    placed = _spread(ends, LABEL_SIZE + 3, bottom)
    for index, y in placed.items():
        style = _style_index(chart.names, index)
        last = chart.values[index][-1]
        text = str(last) if last is not None else chart.last_texts[index]
        x = left + plot_width + 8
        drawing.add(_marker(x + 3, y, style, size=2.6))
        drawing.add(String(x + 9, y - 2.6, f"{chart.names[index]} {text}",
                           fontName=FONT_BOLD if style == 0 else FONT, fontSize=LABEL_SIZE,
                           fillColor=TEXT))
    for number, indexes in enumerate(rows):
        x, y = left, height - 10 - 11 * number
        for index in indexes:
            name = chart.names[index]
            style = _style_index(chart.names, index)
            drawing.add(Line(x, y, x + 22, y, strokeColor=TEXT, strokeWidth=_WIDTHS[style],
                             strokeDashArray=_DASHES[style]))
            drawing.add(_marker(x + 11, y, style, size=2.6))
            drawing.add(String(x + 27, y - 2.6, name, fontName=FONT, fontSize=LABEL_SIZE,
                               fillColor=TEXT))
            x += _legend_width(name)
    return drawing


def _legend_width(name: str) -> float:
    return 27 + float(stringWidth(name, FONT, LABEL_SIZE)) + 16


def _legend_rows(names: Sequence[str], room: float) -> list[list[int]]:
    """The legend's entries, on as many lines as the width needs."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, name in enumerate(names):
        if rows[-1] and used + _legend_width(name) > room:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += _legend_width(name)
    return rows


def _flush(drawing: Drawing, run: list[float], style: int) -> None:
    if len(run) >= 4:
        drawing.add(PolyLine(run, strokeColor=TEXT, strokeWidth=_WIDTHS[style],
                             strokeDashArray=_DASHES[style], strokeLineJoin=1))
