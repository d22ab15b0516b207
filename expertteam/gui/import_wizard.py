"""The import wizard: choose a spreadsheet and what it holds, check the proposed column
mapping, read the dry-run report (confirm near matches), then import. Every step calls
``services.importing`` (the CLI ``expertteam import`` calls the same)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.gui import operations
from expertteam.gui.changes import Change
from expertteam.gui.operations import Job, JobControl
from expertteam.i18n import N_, _
from expertteam.services.importing.fields import FIELDS, ImportKind
from expertteam.services.importing.report import ImportReport
from expertteam.services.importing.run import Preview, open_file, run_import
from expertteam.services.store import Store


class ImportStoppedError(ExpertteamError):
    """The user stopped a run; its transaction is rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Gestopt: er is niets geïmporteerd."))

_KIND_LABELS = ((ImportKind.CASES, N_("Casussen")), (ImportKind.ACTIONS, N_("Acties")),
                (ImportKind.ORGANISATIONS, N_("Organisaties")))


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Bestand kiezen"))
        self.setSubTitle(_("Een Excel-werkmap (.xlsx) of CSV-bestand uit de regio. Titelregels "
                           "en lege rijen boven de kolomnamen worden overgeslagen."))
        self.path = QLineEdit()
        self.path.setAccessibleName(_("Bestand"))
        browse = QPushButton(_("B&laderen…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Inhoud"))
        for kind, label in _KIND_LABELS:
            self.kind.addItem(_(label), kind)
        self.error = _wrapped()
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout(self)
        path_label = QLabel(_("&Bestand:"))
        path_label.setBuddy(self.path)
        form.addRow(path_label, row)
        kind_label = QLabel(_("In&houd:"))
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, self.kind)
        form.addRow(self.error)
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(self.error.clear)
        self.kind.currentIndexChanged.connect(self.error.clear)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Spreadsheet kiezen"), "", _("Spreadsheets (*.xlsx *.csv)"))
        if chosen:
            self.path.setText(chosen)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        kind = self.kind.currentData()
        assert isinstance(kind, ImportKind)
        try:
            with operations.wait_cursor():
                preview = open_file(Path(self.path.text().strip()), kind)
        except ExpertteamError as error:
            self.error.setText(error.message)
            return False
        self.error.clear()
        self._wizard.kind, self._wizard.preview = kind, preview
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Kolommen koppelen"))
        self.setSubTitle(_("Per kolom uit het bestand: welk gegeven staat erin? Het voorstel "
                           "komt uit de kolomnamen; pas het aan waar nodig."))
        # A wide spreadsheet has many columns: the form scrolls.
        holder = QWidget()
        self.form = QFormLayout(holder)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        QVBoxLayout(self).addWidget(scroll)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        while self.form.rowCount():
            self.form.removeRow(0)
        preview = self._wizard.preview
        assert preview is not None
        self.combos = []
        specs = FIELDS[self._wizard.kind]
        for column, header in enumerate(preview.sheet.headers):
            if not header:
                continue
            combo = QComboBox()
            combo.setAccessibleName(header)
            combo.addItem(_("(niet gebruiken)"), None)
            for spec in specs:
                combo.addItem(_(spec.label), spec.key)
            proposed = preview.mapping.get(column)
            combo.setCurrentIndex(max(0, combo.findData(proposed)) if proposed else 0)
            combo.setProperty("column", column)
            self.combos.append(combo)
            self.form.addRow(header, combo)

    def mapping(self) -> dict[int, str]:
        result: dict[int, str] = {}
        for combo in self.combos:
            key = combo.currentData()
            if isinstance(key, str) and key not in result.values():
                result[int(combo.property("column"))] = key
        return result

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        self._wizard.mapping = self.mapping()
        return True


class ReportPage(QWizardPage):
    """The dry run: counts, near matches to confirm (each re-checks) and the rows that fail."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Proefimport"))
        self.setSubTitle(_("Zo zou de import uitpakken; er is nog niets opgeslagen. Rijen met "
                           "een fout worden overgeslagen."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Importeren"))
        self.summary = _wrapped()
        self.near_box = QGroupBox(_("Lijkt op een bestaande organisatie: bevestig wat klopt"))
        self.near_layout = QVBoxLayout(self.near_box)
        self.checks: list[QCheckBox] = []
        self.errors = QTableWidget(0, 2)
        self.errors.setAccessibleName(_("Rijen met een fout"))
        self.errors.setHorizontalHeaderLabels([_("Rij"), _("Probleem")])
        self.errors.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.errors.verticalHeader().setVisible(False)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.published = QCheckBox(_("Toch &importeren: de cijfers van het gepubliceerde "
                                     "meetmoment veranderen (de monitor toont de correctie)"))
        self.published.hide()
        self.published.toggled.connect(self._published_toggled)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Voortgang van de proefimport"))
        self.progress.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.published)
        layout.addWidget(self.near_box)
        layout.addWidget(self.errors, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        for check in self.checks:
            check.deleteLater()
        self.checks = []
        self._wizard.confirmed_near = set()
        self.refresh()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        report = self._wizard.report
        return report is not None and not self._wizard.running() and (
            report.published is None or self.published.isChecked())

    def _published_toggled(self, checked: bool) -> None:
        self._wizard.confirmed_published = checked
        self.completeChanged.emit()

    def refresh(self) -> None:
        """Run the dry run again in the background (a large file takes a while)."""
        self._wizard.report = None
        self.summary.setText(_("Proefimport loopt…"))
        self.near_box.setEnabled(False)
        self.errors.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.completeChanged.emit()
        self._wizard.start(dry_run=True, progress=self._progressed, done=self._show)

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _show(self, report: ImportReport | None, message: str) -> None:
        self.progress.hide()
        self.near_box.setEnabled(True)
        self.completeChanged.emit()
        if report is None:
            self.summary.setText(message)
            return
        self.summary.setText("<br>".join(report.summary()))
        self.published.setVisible(report.published is not None)
        known = {check.property("written") for check in self.checks}
        for near in report.near:
            if near.written in known:
                continue
            check = QCheckBox(_("‘{written}’ is ‘{candidate}’").format(
                written=near.written, candidate=near.candidate))
            check.setProperty("written", near.written)
            check.toggled.connect(self._confirm_changed)
            self.near_layout.addWidget(check)
            self.checks.append(check)
        self.near_box.setVisible(bool(self.checks))
        self.errors.setRowCount(len(report.errors))
        for row, error in enumerate(report.errors):
            number = QTableWidgetItem(str(error.row))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.errors.setItem(row, 0, number)
            self.errors.setItem(row, 1, QTableWidgetItem(error.message))
        self.errors.resizeColumnToContents(0)
        self.errors.setVisible(bool(report.errors))

    def _confirm_changed(self) -> None:
        self._wizard.confirmed_near = {str(c.property("written")) for c in self.checks
                                       if c.isChecked()}
        self.refresh()


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._done = False
        self.setTitle(_("Resultaat"))
        self.setSubTitle(_("De import is in één keer opgeslagen en in het logboek vastgelegd "
                           "(zonder namen)."))
        self.summary = _wrapped()
        QVBoxLayout(self).addWidget(self.summary)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        # Done (or refused): only closing is left.
        self._wizard.setButtonLayout([QWizard.WizardButton.Stretch,
                                      QWizard.WizardButton.FinishButton])
        self._done = False
        self.summary.setText(_("Bezig met importeren…"))
        self.completeChanged.emit()
        self._wizard.start(dry_run=False, done=self._show)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._done

    def _show(self, report: ImportReport | None, message: str) -> None:
        self._done = True
        self.completeChanged.emit()
        if report is None:
            self.summary.setText(" ".join(part for part in (
                message, _("Er is niets geïmporteerd.")) if part))
            return
        lines = report.summary()
        lines.append(_("Importeren nog een keer voegt niets dubbel toe."))
        self.summary.setText("<br>".join(lines))


class ImportWizard(QWizard):
    """``report`` is the last report (dry run or import)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Importeren"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Volgende >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< V&orige"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Sluiten"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Annuleren"))
        self.kind = ImportKind.CASES
        self.preview: Preview | None = None
        self.mapping: dict[int, str] = {}
        self.confirmed_near: set[str] = set()
        self.confirmed_published = False
        self.report: ImportReport | None = None
        self._job: JobControl | None = None
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = ReportPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.report_page, self.result_page):
            self.addPage(page)
        self.resize(720, 560)

    def running(self) -> bool:
        return self._job is not None

    def start(self, *, dry_run: bool, done: Callable[[ImportReport | None, str], None],
              progress: Callable[[int, int, str], None] | None = None) -> None:
        """Run the dry run (in the background, with ``progress``) or the import (behind a
        progress dialog that can stop it: then nothing is imported); ``done(report, message)``
        follows on the GUI thread."""
        preview = self.preview
        assert preview is not None
        store, kind, mapping = self.store, self.kind, dict(self.mapping)
        confirmed, published = set(self.confirmed_near), self.confirmed_published

        def work(control: JobControl) -> ImportReport:
            def step(count: int, total: int) -> None:
                if control.cancelled():
                    raise ImportStoppedError
                control.report(count, total, _("Rij {n} van {total}…").format(
                    n=count + 1, total=total))

            return run_import(store, kind, preview.sheet, mapping, confirmed_near=confirmed,
                              dry_run=dry_run, confirmed_published=published, progress=step)

        def finished(result: object) -> None:
            self._job = None
            self.report = result if isinstance(result, ImportReport) else None
            done(self.report, "")

        def failed(message: str) -> None:
            self._job = None
            self.report = None
            done(None, message)

        if dry_run:
            job = operations.read_in_background(self, work, finished, failed)
            if progress is not None:
                job.progressed.connect(progress)
            self._job = job.control
            return
        running = operations.change_in_background(
            self, store, work, Change.EVERYTHING, title=_("Importeren"),
            label=_("Importeren…"), cancellable=True)
        self._job = running.job.control
        running.finished.connect(
            lambda result: finished(result) if result is not None else failed(running.error))

    def done(self, result: int) -> None:
        """Closing while a run is busy stops it first (a stopped import imports nothing)."""
        if self._job is not None:
            self._job.cancel()
            for job in self.findChildren(Job):
                job.wait()
        super().done(result)
