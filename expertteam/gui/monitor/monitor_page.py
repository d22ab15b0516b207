"""The regional monitor at a chosen meetmoment: tables, charts, the GI's figures, the two views
of a past meetmoment (as known now, as reported then) with what changed since publication, and
the PDF and Excel exports.

The monitor is computed in a worker thread (it rebuilds the register from its history, about a
second for 20,000 cases), and so are the exports; the page shows that it is busy meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.gui import operations
from expertteam.gui.changes import Change, follow_changes
from expertteam.gui.monitor.blocks import TableBlock, summary
from expertteam.gui.monitor.charts import bar_chart_view, line_chart_view
from expertteam.gui.monitor.dashboard_page import scaled_font
from expertteam.gui.monitor.gi_figures_dialog import GiFiguresDialog
from expertteam.gui.monitor.period_bar import Dates, PeriodBar
from expertteam.gui.monitor.publication import PublicationBar
from expertteam.gui.operations import Job
from expertteam.i18n import _
from expertteam.services import monitor_export, monitor_publication
from expertteam.services.monitor_export import MonitorFiles
from expertteam.services.monitor_publication import CORRECTIONS_KEY, MonitorView
from expertteam.services.store import Store

# Tabs and the tables on them, by table key.
TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Per GI en gemeente", ("gi_gemeente",)),
    ("Per gemeente", ("gemeente",)),
    ("Per GI", (m.GI_KEY,)),
    ("GI-cijfers", (m.GI_REPORT_KEY, m.GI_CAPACITY_KEY, m.GI_TREND_KEY)),
    ("Wachttijd", ("wachttijd", "wachttijd_dagen")),
    ("Knelpunten en termijnen", (m.BLOCKER_KEY, m.TERMS_KEY)),
    ("Aangemeld en afgesloten", ("instroom_uitstroom", "afsluitresultaat", "doorlooptijd")),
    ("Verloop", (m.TREND_KEY,)),
    ("Correcties", (CORRECTIONS_KEY,)),
)
CHARTS_TAB = 1  # right after the main table


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
        self.view: MonitorView | None = None
        self._job: Job | None = None
        self._pending = False
        self._computed_once = False
        self.chart_views: tuple[QWidget, ...] = ()
        follow_changes(self, store, Change.EVERYTHING & ~Change.USERS)

        self.period_bar = PeriodBar(self._store.today())
        self.suppress_box = QCheckBox(_("Kleine aantallen afschermen (<5)"))
        self.suppress_box.setToolTip(_("Voor publicatie: aantallen van 1 tot en met 4 worden "
                                       "‘<5’, en getallen waaruit zo’n aantal is terug te "
                                       "rekenen worden ‘x’."))
        self.publication_bar = PublicationBar()
        self.gi_button = QPushButton(_("&GI-cijfers invoeren…"))
        self.gi_button.setToolTip(_("De cijfers die de GI's voor dit meetmoment opgeven, in "
                                    "een tabel of uit hun spreadsheet"))
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
        controls.addWidget(self.period_bar)
        controls.addStretch(1)
        controls.addWidget(self.gi_button)
        outputs = QHBoxLayout()
        outputs.addWidget(self.publication_bar)
        outputs.addSpacing(12)
        outputs.addWidget(self.suppress_box)
        outputs.addStretch(1)
        outputs.addWidget(self.busy)
        outputs.addWidget(self.pdf_button)
        outputs.addWidget(self.xlsx_button)

        self.tabs = QTabWidget()
        self.blocks: dict[str, TableBlock] = {}
        self._tab_of: dict[str, int] = {}
        for title, keys in TABS:
            holder = QWidget()
            column = QVBoxLayout(holder)
            for key in keys:
                block = TableBlock(holder)
                block.view.doubleClicked.connect(
                    lambda index, b=block: self._row_chosen(b, index))
                block.view.activated.connect(lambda index, b=block: self._row_chosen(b, index))
                column.addWidget(block)
                self.blocks[key] = block
            column.addStretch(1)
            index = self.tabs.addTab(self._scrolling(holder), _(title))
            for key in keys:
                self._tab_of[key] = index
        self.charts_holder = QWidget()
        self.charts_layout = QVBoxLayout(self.charts_holder)
        self.tabs.insertTab(CHARTS_TAB, self._scrolling(self.charts_holder), _("Grafieken"))
        self._tab_of = {key: index + (index >= CHARTS_TAB) for key, index in self._tab_of.items()}
        self.tabs.setTabVisible(self._tab_of[CORRECTIONS_KEY], False)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(outputs)
        layout.addWidget(self.status_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)

        self.period_bar.changed.connect(self.compute)
        self._say("")
        self.suppress_box.toggled.connect(self._show_report)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.xlsx_button.clicked.connect(self._ask_xlsx)
        self.gi_button.clicked.connect(self.open_gi_figures)
        self.publication_bar.view_chosen.connect(self.compute)
        self.publication_bar.publish_requested.connect(self.publish)

    def tab_index(self, key: str) -> int:
        """The tab that shows the table ``key``."""
        return self._tab_of[key]

    @staticmethod
    def _scrolling(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(widget)
        return area

    # --- input ------------------------------------------------------------------------
    def _dates(self) -> Dates | None:
        """The chosen dates, or None (with a message) when one is missing or unreadable."""
        chosen = self.period_bar.dates()
        if chosen is None:
            self._say(_("Vul een geldig meetmoment in (dd-mm-jjjj)."), error=True)
        return chosen

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        self.status_label.setStyleSheet("color: #8a0000; font-weight: bold;" if error else "")

    # --- computing --------------------------------------------------------------------
    def compute(self) -> None:
        """Compute the monitor for the chosen dates (or read the chosen publication) in a
        worker thread."""
        chosen = self._dates()
        if chosen is None:
            return
        if self._job is not None:  # one at a time; compute again when this one is done
            self._pending = True
            return
        meetmoment, previous, period = chosen
        store, publication = self._store, self.publication_bar.chosen_id()
        if self.report is not None and self.report.meetmoment != meetmoment:
            publication = None  # another meetmoment has other publications
        job = Job(lambda _control: monitor_publication.monitor_view(
            store, meetmoment, previous, period, publication_id=publication), self)
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

    def _computed(self, view: object) -> None:
        assert isinstance(view, MonitorView)
        self.view, self.report = view, view.report
        self.publication_bar.set_publications(view.publications)
        self._say("")
        self._show_report()

    def _show_report(self) -> None:
        report = self.report
        if report is None:
            return
        suppress = self.suppress_box.isChecked()
        for key, block in self.blocks.items():
            if key == CORRECTIONS_KEY:
                continue
            block.set_table(report.table(key), suppress)
        self._show_corrections()
        self.summary_label.setText(summary(report, suppress))
        while self.charts_layout.count():
            item = self.charts_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        charts = m.report_charts(report, suppress)
        views = [line_chart_view(charts.trend), bar_chart_view(charts.by_gi),
                 bar_chart_view(charts.by_blocker)]
        if charts.gi_trend is not None:
            views.append(line_chart_view(charts.gi_trend))
        self.chart_views = tuple(views)
        for view in self.chart_views:
            self.charts_layout.addWidget(view)
        if suppress:
            note = QLabel(t.suppression_legend())
            note.setWordWrap(True)
            self.charts_layout.addWidget(note)

    def _show_corrections(self) -> None:
        """The corrections since publication, on their own tab while there is a publication.
        They name cases (pseudonymised), so they are for the expertteam, never suppressed."""
        found = self.view.corrections if self.view is not None else None
        tab = self._tab_of[CORRECTIONS_KEY]
        self.tabs.setTabVisible(tab, found is not None)
        if found is None:
            return
        table = monitor_publication.corrections_table(found)
        self.blocks[CORRECTIONS_KEY].set_table(table, False)
        self.tabs.setTabText(tab, _("Correcties ({n})").format(n=len(table.rows)))

    def _row_chosen(self, block: TableBlock, index: QModelIndex) -> None:
        case_ids = block.model.case_ids(index.row())
        if case_ids:
            self.cases_requested.emit(block.model.row_title(index.row()), list(case_ids))

    # --- publishing, GI figures ---------------------------------------------------------
    def publish(self) -> None:
        """Freeze the figures of the chosen meetmoment as they are reported now."""
        chosen = self._dates()
        if chosen is None or self._job is not None:
            return
        meetmoment, previous, period = chosen
        store, suppress = self._store, self.suppress_box.isChecked()
        done = operations.change(
            self, store, lambda: monitor_publication.publish_monitor(
                store, meetmoment, previous, period, suppress=suppress),
            Change.MONITOR, title=_("Monitor publiceren"), report=self._failed, source=self)
        if done is not None:
            self.compute()

    def open_gi_figures(self) -> GiFiguresDialog | None:
        meetmoment = self.period_bar.meetmoment()
        if meetmoment is None:
            self._say(_("Vul een geldig meetmoment in (dd-mm-jjjj)."), error=True)
            return None
        dialog = GiFiguresDialog(self._store, meetmoment, self)
        dialog.setModal(True)
        dialog.finished.connect(dialog.deleteLater)
        dialog.show()
        return dialog

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
        """Write the PDF and/or workbook for the chosen dates (or the publication shown), in a
        worker thread."""
        chosen = self._dates()
        if chosen is None:
            return
        if self._job is not None:
            self._say(_("Even geduld: de monitor wordt nog berekend."), error=True)
            return
        meetmoment, previous, period = chosen
        store, suppress, shown = self._store, self.suppress_box.isChecked(), self.report
        if shown is not None and shown.known_at is not None:  # as reported then
            job = Job(lambda _control: monitor_export.write_report(
                store, shown, suppress=suppress, pdf_path=pdf_path, xlsx_path=xlsx_path), self)
        else:
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
