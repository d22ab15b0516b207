"""Pieces of the monitor page: a table with its title and note, and the one-sentence summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expertteam import clock
from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.gui.monitor.dashboard_page import MUTED_FOREGROUND, scaled_font
from expertteam.gui.monitor.table_model import ShownTableModel
from expertteam.i18n import _


class TableBlock(QWidget):
    """A table's title, its note and the table itself (height fitted to its rows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 1.1, bold=True))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED_FOREGROUND.name()};")
        self.model = ShownTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.view)

    def set_table(self, table: t.Table, suppress: bool) -> None:
        self.title.setText(table.title)
        self.view.setAccessibleName(table.title)
        self.note.setText(table.note)
        self.note.setVisible(bool(table.note))
        self.model.set_table(table, suppress)
        self.view.setAccessibleName(table.title)
        rows = self.model.rowCount()
        height = self.view.horizontalHeader().height() + 4 + sum(
            self.view.rowHeight(row) or self.view.verticalHeader().defaultSectionSize()
            for row in range(rows))
        self.view.setFixedHeight(height)


def summary(report: m.MonitorReport, suppress: bool) -> str:
    """One sentence for the figures; hidden counts in words, never a bare 'x'."""

    def words(cell: t.Cell) -> str | None:
        if cell.number is not None:
            return cell.text
        return _("minder dan 5") if cell.text == t.SUPPRESSED_SMALL else None

    pj, vjb, now, before, change = t.show_table(report.table("gi_gemeente"),
                                                suppress).rows[-1].cells
    when = fmt.long_date(report.meetmoment)
    total, pj_text, vjb_text = words(now), words(pj), words(vjb)
    if pj_text is not None and vjb_text is not None:
        text = _("Op {date}: {now} kinderen wachten — {pj} op passende jeugdhulp, {vjb} op "
                 "een vaste jeugdbeschermer.").format(date=when, now=total, pj=pj_text,
                                                      vjb=vjb_text)
    else:
        text = _("Op {date}: {now} kinderen wachten (de verdeling is afgeschermd).").format(
            date=when, now=total or _("enkele"))
    earlier = words(before)
    if earlier is not None and change.number is not None:
        text += " " + _("Op {date}: {before} (verschil {change}).").format(
            date=fmt.long_date(report.previous), before=earlier, change=change.text)
    if report.known_at is not None:
        text = _("Zoals gerapporteerd op {moment}. ").format(
            moment=fmt.date_time(clock.to_local(report.known_at))) + text
    if suppress:
        text += "\n" + t.suppression_legend()
    return text
