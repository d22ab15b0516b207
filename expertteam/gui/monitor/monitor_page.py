"""The regional monitor at a chosen meetmoment: tables, charts, and the PDF and Excel exports.

The monitor is computed in a worker thread (it rebuilds the register from its history, about a
second for 20,000 cases), and so are the exports; the page shows that it is busy meanwhile.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain.workdays import add_months
from expertteam.gui.changes import Change, follow_changes
from expertteam.gui.monitor.charts import bar_chart_view, line_chart_view
from expertteam.gui.monitor.dashboard_page import MUTED_FOREGROUND, scaled_font
from expertteam.gui.monitor.table_model import ShownTableModel
from expertteam.gui.operations import Job
from expertteam.gui.widgets import OptionalDateEdit
from expertteam.i18n import _
from expertteam.services import monitor, monitor_export
from expertteam.services.monitor_export import MonitorFiles
from expertteam.services.store import Store

# Tabs and the tables on them, by table key.
TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Per GI en gemeente", ("gi_gemeente",)),
    ("Per gemeente", ("gemeente",)),
    ("Per GI", (m.GI_KEY,)),
    ("Wachttijd", ("wachttijd", "wachttijd_dagen")),
    ("Knelpunten", (m.BLOCKER_KEY,)),
    ("Aangemeld en afgesloten", ("instroom_uitstroom", "afsluitresultaat", "doorlooptijd")),
    ("Verloop", (m.TREND_KEY,)),
)
CHARTS_TAB = 1  # right after the main table


class _TableBlock(QWidget):
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


class MonitorPage(QWidget):
    """Choose a meetmoment; see the monitor; write it as PDF or Excel.

    ``cases_requested(title, case_ids)`` on a double-clicked table row; ``report_ready`` after
    each computation and ``export_finished(message)`` after each export (also for tests)."""

    cases_requested = Signal(str, list)
    report_ready = Signal()
    export_finished = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store.with_origin("gui:monitor")
        self.report: m.MonitorReport | None = None
        self._job: Job | None = None
        self._pending = False
        self._computed_once = False
        self.chart_views: tuple[QWidget, ...] = ()
        follow_changes(self, store, Change.EVERYTHING & ~Change.USERS)

        today = self._store.today()
        self.meetmoment_edit = OptionalDateEdit()
        self.meetmoment_edit.setDate(today)
        self.meetmoment_edit.setAccessibleName(_("Meetmoment"))
        self.previous_edit = OptionalDateEdit()
        self.previous_edit.setDate(add_months(today, -monitor.DEFAULT_PREVIOUS_MONTHS))
        self.previous_edit.setAccessibleName(_("Vergelijken met"))
        self.period_start_edit = OptionalDateEdit()
        self.period_start_edit.setAccessibleName(_("Periode vanaf"))
        self.period_end_edit = OptionalDateEdit()
        self.period_end_edit.setAccessibleName(_("Periode tot en met"))
        self.period_start_edit.setToolTip(_("Leeg: de dag na het vorige meetmoment"))
        self.period_end_edit.setToolTip(_("Leeg: het meetmoment"))
        self.suppress_box = QCheckBox(_("Kleine aantallen afschermen (<5)"))
        self.suppress_box.setToolTip(_("Voor publicatie: aantallen van 1 tot en met 4 worden "
                                       "‘<5’, en getallen waaruit zo’n aantal is terug te "
                                       "rekenen worden ‘x’."))
        self.pdf_button = QPushButton(_("PDF-rapport…"))
        self.xlsx_button = QPushButton(_("Excel-werkmap…"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setFont(scaled_font(self, 1.15))
        self.summary_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)

        controls = QHBoxLayout()
        for text, widget in ((_("&Meetmoment:"), self.meetmoment_edit),
                             (_("&Vergelijken met:"), self.previous_edit),
                             (_("&Periode:"), self.period_start_edit),
                             (_("t/m"), self.period_end_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addStretch(1)
        outputs = QHBoxLayout()
        outputs.addWidget(self.suppress_box)
        outputs.addStretch(1)
        outputs.addWidget(self.busy)
        outputs.addWidget(self.pdf_button)
        outputs.addWidget(self.xlsx_button)

        self.tabs = QTabWidget()
        self.blocks: dict[str, _TableBlock] = {}
        for title, keys in TABS:
            holder = QWidget()
            column = QVBoxLayout(holder)
            for key in keys:
                block = _TableBlock(holder)
                block.view.doubleClicked.connect(
                    lambda index, b=block: self._row_chosen(b, index))
                block.view.activated.connect(lambda index, b=block: self._row_chosen(b, index))
                column.addWidget(block)
                self.blocks[key] = block
            column.addStretch(1)
            self.tabs.addTab(self._scrolling(holder), _(title))
        self.charts_holder = QWidget()
        self.charts_layout = QVBoxLayout(self.charts_holder)
        self.tabs.insertTab(CHARTS_TAB, self._scrolling(self.charts_holder), _("Grafieken"))

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(outputs)
        layout.addWidget(self.status_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.compute)
        for edit in (self.meetmoment_edit, self.previous_edit, self.period_start_edit,
                     self.period_end_edit):
            edit.dateChanged.connect(self._debounce.start)
        for edit in (self.meetmoment_edit, self.previous_edit):
            edit.dateChanged.connect(self._show_period_defaults)
        self._show_period_defaults()
        self._say("")
        self.suppress_box.toggled.connect(self._show_report)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.xlsx_button.clicked.connect(self._ask_xlsx)

    @staticmethod
    def _scrolling(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(widget)
        return area

    # --- input ------------------------------------------------------------------------
    def _dates(self) -> tuple[date, date | None, tuple[date, date] | None] | None:
        """The chosen dates, or None (with a message) when one is missing or unreadable."""
        meetmoment = self.meetmoment_edit.date()
        edits = (self.meetmoment_edit, self.previous_edit, self.period_start_edit,
                 self.period_end_edit)
        if meetmoment is None or not all(edit.has_valid_text() for edit in edits):
            self._say(_("Vul een geldig meetmoment in (dd-mm-jjjj)."), error=True)
            return None
        start, end = self.period_start_edit.date(), self.period_end_edit.date()
        previous = self.previous_edit.date()
        period = None
        if start is not None or end is not None:
            first = previous + timedelta(days=1) if previous else add_months(
                meetmoment, -monitor.DEFAULT_PREVIOUS_MONTHS) + timedelta(days=1)
            period = (start or first, end or meetmoment)
        return meetmoment, previous, period

    def _show_period_defaults(self) -> None:
        """An empty period field shows the date it stands for (in grey, as placeholder)."""
        meetmoment = self.meetmoment_edit.date()
        if meetmoment is None:
            return
        previous = self.previous_edit.date() or add_months(
            meetmoment, -monitor.DEFAULT_PREVIOUS_MONTHS)
        self.period_start_edit.line_edit.setPlaceholderText(
            fmt.short_date(previous + timedelta(days=1)))
        self.period_end_edit.line_edit.setPlaceholderText(fmt.short_date(meetmoment))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        self.status_label.setStyleSheet("color: #8a0000; font-weight: bold;" if error else "")

    # --- computing --------------------------------------------------------------------
    def compute(self) -> None:
        """Compute the monitor for the chosen dates in a worker thread."""
        chosen = self._dates()
        if chosen is None:
            return
        if self._job is not None:  # one at a time; compute again when this one is done
            self._pending = True
            return
        meetmoment, previous, period = chosen
        store = self._store
        job = Job(lambda _control: monitor.monitor_at(store, meetmoment, previous, period), self)
        job.succeeded.connect(self._computed)
        job.setObjectName("compute")
        self._start(job, _("Monitor wordt berekend…"))

    def refresh(self) -> None:
        """Data changed elsewhere: compute again if the monitor was computed before."""
        if self._computed_once:
            self.compute()

    def _start(self, job: Job, message: str) -> None:
        self._job = job
        job.failed.connect(self._failed)
        job.finished.connect(self._job_done)
        self.busy.show()
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
        self._say(message)
        job.start()

    def _job_done(self) -> None:
        job, self._job = self._job, None
        kind = job.objectName() if job is not None else ""
        if job is not None:
            job.deleteLater()
        self.busy.hide()
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(self.report is not None)
        if self._pending:
            self._pending = False
            self.compute()
        elif kind == "compute":
            self.report_ready.emit()  # the page is idle again: ready for an export
        if kind == "export":
            self.export_finished.emit(self.status_label.text())

    def _failed(self, message: str) -> None:
        self._say(message, error=True)

    def _computed(self, report: object) -> None:
        assert isinstance(report, m.MonitorReport)
        self.report = report
        self._say("")
        self._show_report()

    def _show_report(self) -> None:
        report = self.report
        if report is None:
            return
        suppress = self.suppress_box.isChecked()
        for key, block in self.blocks.items():
            block.set_table(report.table(key), suppress)
        self.summary_label.setText(self._summary(report, suppress))
        while self.charts_layout.count():
            item = self.charts_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        charts = m.report_charts(report, suppress)
        self.chart_views = (line_chart_view(charts.trend), bar_chart_view(charts.by_gi),
                            bar_chart_view(charts.by_blocker))
        for view in self.chart_views:
            self.charts_layout.addWidget(view)
        if suppress:
            note = QLabel(t.suppression_legend())
            note.setWordWrap(True)
            self.charts_layout.addWidget(note)

    @staticmethod
    def _summary(report: m.MonitorReport, suppress: bool) -> str:
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
        if suppress:
            text += "\n" + t.suppression_legend()
        return text

    def _row_chosen(self, block: _TableBlock, index: QModelIndex) -> None:
        case_ids = block.model.case_ids(index.row())
        if case_ids:
            self.cases_requested.emit(block.model.row_title(index.row()), list(case_ids))

    # --- exports ----------------------------------------------------------------------
    def _default_name(self, suffix: str) -> str:
        day = self.report.meetmoment if self.report is not None else self._store.today()
        return str(Path.home() / f"monitor-{day.isoformat()}{suffix}")

    def _ask_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("PDF-rapport opslaan"), self._default_name(".pdf"), _("PDF (*.pdf)"))
        if path:
            self.export(pdf_path=Path(path))

    def _ask_xlsx(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Excel-werkmap opslaan"), self._default_name(".xlsx"),
            _("Excel-werkmap (*.xlsx)"))
        if path:
            self.export(xlsx_path=Path(path))

    def export(self, *, pdf_path: Path | None = None, xlsx_path: Path | None = None) -> None:
        """Write the PDF and/or workbook for the chosen dates, in a worker thread."""
        chosen = self._dates()
        if chosen is None:
            return
        if self._job is not None:
            self._say(_("Even geduld: de monitor wordt nog berekend."), error=True)
            return
        meetmoment, previous, period = chosen
        store, suppress = self._store, self.suppress_box.isChecked()
        job = Job(lambda _control: monitor_export.export_monitor(
            store, meetmoment, previous=previous, period=period, suppress=suppress,
            pdf_path=pdf_path, xlsx_path=xlsx_path), self)
        job.succeeded.connect(self._exported)
        job.setObjectName("export")
        self._start(job, _("Bestand wordt gemaakt…"))

    def _exported(self, result: object) -> None:
        assert isinstance(result, MonitorFiles)
        written = [str(path) for path in (result.pdf_path, result.xlsx_path) if path]
        message = _("Opgeslagen: {paths}").format(paths=", ".join(written))
        if result.suppressed:
            message += " " + _("(kleine aantallen afgeschermd)")
        else:
            message += " " + _("(niet afgeschermd: niet publiceren)")
        self._say(message)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if not self._computed_once:
            self._computed_once = True
            self.compute()
