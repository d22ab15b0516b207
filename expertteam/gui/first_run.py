"""The welcome flow after the first unlock: explore the demo region, or start empty with the
region's name and letterhead basics (each step can be skipped). Ends on the dashboard with a hint
of the next step."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from expertteam.domain.errors import ExpertteamError, ValidationError
from expertteam.i18n import N_, _
from expertteam.services import case_register, letterhead, regions
from expertteam.services.store import Store

DEMO_HINT = N_("Volgende stap: open <b>Overleggen</b> (Ctrl+2) en start het geplande overleg, "
               "of bekijk het <b>Casusregister</b> (Ctrl+1). Uitleg: Help › Hoe werkt het.")
EMPTY_HINT = N_("Volgende stap: leg de eerste casus vast met <b>Nieuwe casus</b> (Ctrl+N) en "
                "plan daarna een overleg onder <b>Overleggen</b> (Ctrl+2). Uitleg: Help › Hoe "
                "werkt het.")
DEFAULT_REGION = "JZ05"


def needs_welcome(store: Store) -> bool:
    """A new database: no region chosen and no cases yet."""
    return regions.get_region(store) is None and case_register.count_cases(store) == 0


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Welkom bij Expertteam"))
        self.setSubTitle(_("Hiermee voert u het casusregister, de overleggen, de afspraken en de "
                           "escalaties van uw regionale expertteam."))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(_("Hoe wilt u beginnen?")))
        self.demo_choice = QRadioButton(_("De &demoregio Westfriesland verkennen (verzonnen "
                                          "kinderen, organisaties en overleggen)"))
        self.empty_choice = QRadioButton(_("&Leeg beginnen met de gegevens van mijn eigen regio"))
        self.demo_choice.setChecked(True)
        for choice in (self.demo_choice, self.empty_choice):
            choice.setAccessibleName(choice.text().replace("&", ""))
            choice.toggled.connect(self._choice_changed)
            layout.addWidget(choice)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802 - Qt override
        return -1 if self.demo_choice.isChecked() else WelcomeWizard.REGION_PAGE

    def _choice_changed(self, checked: bool) -> None:
        # QWizard re-reads nextId() (is "Volgende" possible?) only when it switches pages;
        # restarting on this, the first page, makes it do so without losing the choice.
        wizard = self.wizard()
        if checked and wizard is not None and wizard.currentPage() is self:
            wizard.restart()


class RegionPage(QWizardPage):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setTitle(_("Uw regio"))
        self.setSubTitle(_("De jeugdregio van het expertteam (CBS-indeling 2022). U kunt dit "
                           "later wijzigen."))
        form = QFormLayout(self)
        self.region = QComboBox()
        self.region.setAccessibleName(_("Jeugdregio"))
        for region in regions.jeugdregios():
            self.region.addItem(f"{region.name} ({region.code})", region.code)
        self.region.setCurrentIndex(max(0, self.region.findData(DEFAULT_REGION)))
        self.team_name = QLineEdit()
        self.team_name.setAccessibleName(_("Naam van het expertteam"))
        self.team_name.setPlaceholderText(_("bijvoorbeeld: Expertteam Westfriesland"))
        self.team_name.setToolTip(_("Zo staat het expertteam boven verslagen en brieven."))
        self.error = QLabel()
        self.error.setStyleSheet("color: #a00000;")
        self.error.setWordWrap(True)
        form.addRow(_("&Jeugdregio:"), self.region)
        form.addRow(_("&Naam expertteam:"), self.team_name)
        form.addRow(self.error)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        try:
            regions.set_region(self.store, str(self.region.currentData()), self.team_name.text())
        except ExpertteamError as error:
            self.error.setText(error.message)
            self.team_name.setFocus()
            return False
        return True


class LetterheadPage(QWizardPage):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setTitle(_("Briefpapier"))
        self.setSubTitle(_("Adres en ondertekening op verslagen, actielijsten en brieven. Laat "
                           "leeg om over te slaan; alles staat later onder Bestand › "
                           "Briefpapier."))
        form = QFormLayout(self)
        self.address = QPlainTextEdit()
        self.address.setAccessibleName(_("Adres"))
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.address.setPlaceholderText(_("Postbus 603\n1620 AR Hoorn"))
        self.signatory_name = QLineEdit()
        self.signatory_name.setAccessibleName(_("Naam ondertekenaar"))
        self.signatory_role = QLineEdit()
        self.signatory_role.setAccessibleName(_("Functie ondertekenaar"))
        self.signatory_role.setPlaceholderText(_("bijvoorbeeld: voorzitter expertteam"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #a00000;")
        self.error.setWordWrap(True)
        form.addRow(_("&Adres:"), self.address)
        form.addRow(_("&Ondertekenaar:"), self.signatory_name)
        form.addRow(_("&Functie:"), self.signatory_role)
        form.addRow(self.error)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        fields = (self.address.toPlainText(), self.signatory_name.text(),
                  self.signatory_role.text())
        if not any(text.strip() for text in fields):
            return True  # skipped
        current = letterhead.get_letterhead(self.store)
        try:
            letterhead.save_letterhead(self.store, replace(
                current, address=fields[0], signatory_name=fields[1], signatory_role=fields[2]))
        except ValidationError as error:
            self.error.setText(error.message)
            widget: QWidget = {"address": self.address, "signatory_name": self.signatory_name,
                               "signatory_role": self.signatory_role}.get(error.field,
                                                                          self.address)
            widget.setFocus()
            return False
        return True


class WelcomeWizard(QWizard):
    START_PAGE, REGION_PAGE, LETTERHEAD_PAGE = range(3)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Expertteam — eerste start"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        # Both buttons always in view: "Volgende" is only enabled where a step follows.
        self.setOption(QWizard.WizardOption.HaveNextButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Volgende >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Vorige"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Beginnen"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Overslaan"))
        self.start = StartPage()
        self.region = RegionPage(store)
        self.letterhead = LetterheadPage(store)
        self.setPage(self.START_PAGE, self.start)
        self.setPage(self.REGION_PAGE, self.region)
        self.setPage(self.LETTERHEAD_PAGE, self.letterhead)

    @property
    def wants_demo(self) -> bool:
        return self.start.demo_choice.isChecked()

def show_next_step_hint(window: QMainWindow, html: str) -> QToolBar:
    """A quiet bar at the top of the window with the next step; closed with its button."""
    bar = QToolBar(_("Volgende stap"), window)
    bar.setObjectName("next_step_hint")
    bar.setMovable(False)
    bar.setFloatable(False)
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setAccessibleName(_("Volgende stap"))
    label.setContentsMargins(8, 4, 8, 4)
    bar.addWidget(label)
    close = bar.addAction(_("Sluiten"))
    close.setToolTip(_("Deze aanwijzing sluiten"))
    close.triggered.connect(bar.deleteLater)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    bar.setVisible(window.isVisible())
    return bar
