"""All settings in one dialog (Bewerken › Instellingen…, Ctrl+,): letterhead, escalation
criteria, auto-lock, backup folder and retention, the region's working terms, and sending (the
e-mail drafts' text and the Word templates).

Each page reads its values through a service and stores them through one (validated and
logged); a page that was not changed is not written. "Toepassen" and "OK" store the pages in
order and stop at the first error: that page comes forward, the message shows at the field, and
everything typed stays. The letterhead and criteria pages are the same editors as the separate
dialogs (``LetterheadEditor``, ``CriteriaEditor``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.errors import ExpertteamError
from expertteam.domain.signal_criteria import SignalCriteria
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.documents.letterhead_dialog import LetterheadEditor
from expertteam.gui.documents.sending_settings import SendingSettingsPage
from expertteam.gui.escalations.criteria_dialog import CriteriaEditor, criteria_intro
from expertteam.gui.widgets import INVALID_STYLE, InlineErrors
from expertteam.i18n import N_, _
from expertteam.services import backup, retention, security, term_settings
from expertteam.services import settings as settings_service
from expertteam.services.store import Store

LETTERHEAD_PREVIEW_WIDTH = 330


def _spin(low: int, high: int, value: int, suffix: str, name: str, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    box.setToolTip(tip)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    box.setMinimumWidth(box.fontMetrics().averageCharWidth() * 16)
    return box


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


FIXED_BY_POLICY = N_("Vastgezet door uw organisatie (beleidsbestand); vraag uw beheerder om "
                     "een andere waarde.")


def _fixed_by_policy(*widgets: QWidget) -> QLabel:
    """``widgets`` read-only, with the note that says why."""
    for widget in widgets:
        widget.setEnabled(False)
        widget.setToolTip(_(FIXED_BY_POLICY))
    return _note(_(FIXED_BY_POLICY))


def name_form_fields(root: QWidget) -> None:
    """Give every field in a form without an accessible name the text of its row's label."""
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            field = field_item.widget() if field_item is not None else None
            if not isinstance(label, QLabel) or field is None or field.accessibleName():
                continue
            text = label.text().replace("&", "").rstrip(": ").strip()
            if text:
                field.setAccessibleName(text)


class _FormPage(QWidget):
    """A settings page of our own: a form, an error banner and inline errors."""

    def __init__(self, intro: str) -> None:
        super().__init__()
        self.form = QFormLayout()
        self.banner = QLabel()
        self.errors = InlineErrors(self.banner)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(_note(intro))
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.banner)


class SecurityPage(_FormPage):
    """The idle time after which the app locks itself."""

    def __init__(self, store: Store) -> None:
        super().__init__(_("Na een tijd zonder toetsenbord of muis verbergt Expertteam alles "
                           "wat open staat en vraagt het wachtwoord opnieuw. Wat u typte, blijft "
                           "bewaard."))
        self.store = store
        self.stored = security.auto_lock_minutes(store)
        self.minutes = _spin(1, security.MAX_AUTO_LOCK_MINUTES, self.stored, _(" minuten"),
                             _("Automatisch vergrendelen na"),
                             _("Zoveel minuten zonder toetsenbord of muis, dan vergrendelt de "
                               "app (1 tot en met {n}).").format(
                                 n=security.MAX_AUTO_LOCK_MINUTES))
        self.form.addRow(_("&Automatisch vergrendelen na:"), self.minutes)
        self.errors.add("auto_lock_minutes", self.minutes, self.form)
        if settings_service.is_fixed(security.AUTO_LOCK_KEY):
            self.form.addRow("", _fixed_by_policy(self.minutes))
        self.layout_.addStretch(1)

    def is_changed(self) -> bool:
        return self.minutes.value() != self.stored

    def save(self) -> None:
        self.stored = security.set_auto_lock_minutes(self.store, self.minutes.value())


class BackupPage(_FormPage):
    """Where the automatic backups go, and how long closed cases are kept (AVG)."""

    def __init__(self, store: Store) -> None:
        super().__init__(_("Bij het afsluiten maakt Expertteam een versleutelde reservekopie. "
                           "Kies bijvoorbeeld een map op een netwerkschijf die wordt "
                           "meegenomen in de back-up van uw organisatie."))
        self.store = store
        self.stored_folder = str(backup.backup_folder(store))
        self.folder = QLineEdit(self.stored_folder)
        self.folder.setAccessibleName(_("Map voor automatische reservekopieën"))
        self.folder.setToolTip(_("Een bestaande map waarin u mag opslaan. Leeg laten: de map "
                                 "‘backups’ naast de database."))
        self.folder.setPlaceholderText(_("leeg = map ‘backups’ naast de database"))
        self.browse = QPushButton(_("&Bladeren…"))
        self.browse.setAccessibleName(_("Map voor reservekopieën kiezen"))
        self.browse.clicked.connect(lambda: self.choose_folder())
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        self.form.addRow(_("&Map voor reservekopieën:"), folder_row)
        self.errors.add("backup_folder", self.folder, self.form)
        if settings_service.is_fixed(backup.FOLDER_KEY):
            self.form.addRow("", _fixed_by_policy(self.folder, self.browse))

        self.stored_years = retention.retention_years(store)
        self.years = _spin(retention.MIN_RETENTION_YEARS, retention.MAX_RETENTION_YEARS,
                           self.stored_years, _(" jaar"), _("Bewaartermijn na afsluiten"),
                           _("Zo lang na het afsluiten blijven de gegevens van een casus "
                             "bewaard (AVG). Daarna stelt de app voor ze op te schonen; dat "
                             "gebeurt nooit vanzelf."))
        self.form.addRow(_("Be&waartermijn na afsluiten:"), self.years)
        self.errors.add("retention_years", self.years, self.form)
        self.layout_.addWidget(_note(_("Opschonen doet u zelf, via Beveiliging › Bewaartermijn "
                                       "en opschonen.")))
        self.layout_.addStretch(1)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Map voor reservekopieën"), self.folder.text() or str(Path.home()))
        if chosen:
            self.folder.setText(chosen)

    def is_changed(self) -> bool:
        return self.folder.text().strip() != self.stored_folder or \
            self.years.value() != self.stored_years

    def save(self) -> None:
        if self.folder.text().strip() != self.stored_folder:
            chosen = backup.set_backup_folder(self.store, self.folder.text())
            self.stored_folder = str(chosen)
            self.folder.setText(self.stored_folder)
        if self.years.value() != self.stored_years:
            self.stored_years = retention.set_retention_years(self.store, self.years.value())


class TermsPage(_FormPage):
    """The region's own terms, and the legal terms shown read-only."""

    def __init__(self, store: Store) -> None:
        super().__init__(_("Termijnen die het expertteam zelf kiest."))
        self.store = store
        self.stored_days = term_settings.action_due_days(store)
        self.stored_weeks = term_settings.evaluation_weeks(store)
        self.stored_limit = term_settings.proposal_limit(store)
        self.action_days = _spin(
            term_settings.MIN_ACTION_DUE_DAYS, term_settings.MAX_ACTION_DUE_DAYS,
            self.stored_days, _(" werkdagen"), _("Standaardtermijn nieuwe actie"),
            _("De termijn die een nieuwe actie krijgt als er geen wordt ingevuld, ook in de "
              "vergadermodus."))
        self.evaluation = _spin(
            term_settings.MIN_EVALUATION_WEEKS, term_settings.MAX_EVALUATION_WEEKS,
            self.stored_weeks, _(" weken"), _("Evaluatie op de agenda na"),
            _("Een casus die zo lang niet is besproken, stelt de app voor als evaluatiepunt op "
              "de agenda."))
        self.proposal_limit = _spin(
            term_settings.MIN_PROPOSAL_LIMIT, term_settings.MAX_PROPOSAL_LIMIT,
            self.stored_limit, _(" casussen"), _("Casussen per agendavoorstel"),
            _("Zoveel casussen zet 'Voorstel bijwerken' per keer op de agenda, de belangrijkste "
              "eerst; de rest blijft voorgesteld voor een volgende keer."))
        self.form.addRow(_("Standaardtermijn nieuwe &actie:"), self.action_days)
        self.form.addRow(_("&Evaluatie op de agenda na:"), self.evaluation)
        self.form.addRow(_("Casussen per agenda&voorstel:"), self.proposal_limit)
        self.errors.add("action_due_days", self.action_days, self.form)
        self.errors.add("evaluation_weeks", self.evaluation, self.form)
        self.errors.add("proposal_limit", self.proposal_limit, self.form)

        legal = QGroupBox(_("Wettelijke termijnen"))
        legal_form = QFormLayout(legal)
        legal_form.addRow(_note(_("Deze termijnen staan in de wet en liggen daarom vast; de app "
                                  "bewaakt ze en geeft een signaal als er een verloopt.")))
        for term in term_settings.legal_terms():
            value = QLabel(_("{term} {explanation}").format(term=term.term,
                                                            explanation=term.explanation))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard |
                                          Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(term.label)
            legal_form.addRow(term.label + ":", value)
        self.layout_.addWidget(legal)
        self.layout_.addStretch(1)

    def is_changed(self) -> bool:
        return self.action_days.value() != self.stored_days or \
            self.evaluation.value() != self.stored_weeks or \
            self.proposal_limit.value() != self.stored_limit

    def save(self) -> None:
        if self.action_days.value() != self.stored_days:
            self.stored_days = term_settings.set_action_due_days(self.store,
                                                                 self.action_days.value())
        if self.evaluation.value() != self.stored_weeks:
            self.stored_weeks = term_settings.set_evaluation_weeks(self.store,
                                                                   self.evaluation.value())
        if self.proposal_limit.value() != self.stored_limit:
            self.stored_limit = term_settings.set_proposal_limit(self.store,
                                                                 self.proposal_limit.value())


class _Section:
    """How the dialog stores one page and shows its errors."""

    def __init__(self, page: QWidget, changed: Callable[[], bool], save: Callable[[], object],
                 show_error: Callable[[ExpertteamError], object],
                 clear: Callable[[], object]) -> None:
        self.page, self.changed, self.save = page, changed, save
        self.show_error, self.clear = show_error, clear


class SettingsDialog(QDialog):
    """The settings of Expertteam, a tab per group, with OK, Annuleren and Toepassen."""

    applied = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:settings")
        self.setWindowTitle(_("Instellingen"))
        self.setStyleSheet(INVALID_STYLE)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Groepen instellingen"))

        self.letterhead = LetterheadEditor(self.store, preview_width=LETTERHEAD_PREVIEW_WIDTH)
        letterhead_page = QWidget()
        letterhead_layout = QVBoxLayout(letterhead_page)
        letterhead_layout.addWidget(_note(_("Naam, adres, logo, ondertekenaar en voettekst van "
                                            "alle documenten. Rechts ziet u een voorbeeld.")))
        letterhead_layout.addWidget(self.letterhead, 1)

        self.criteria = CriteriaEditor(self.store)
        criteria_page = QWidget()
        criteria_layout = QVBoxLayout(criteria_page)
        criteria_layout.addWidget(_note(criteria_intro()))
        criteria_layout.addWidget(self.criteria)
        self.criteria_defaults = QPushButton(_("&Standaardwaarden"))
        self.criteria_defaults.setToolTip(_("Zet de drempels terug op de waarden waarmee de app "
                                            "begon (pas na Toepassen of OK opgeslagen)."))
        self.criteria_defaults.clicked.connect(
            lambda: self.criteria.show_criteria(SignalCriteria()))
        defaults_row = QHBoxLayout()
        defaults_row.addWidget(self.criteria_defaults)
        defaults_row.addStretch(1)
        criteria_layout.addLayout(defaults_row)
        criteria_layout.addStretch(1)

        self.security = SecurityPage(self.store)
        self.backups = BackupPage(self.store)
        self.terms = TermsPage(self.store)
        self.sending = SendingSettingsPage(self.store)

        self.tabs.addTab(letterhead_page, _("&Briefpapier"))
        self.tabs.addTab(criteria_page, _("&Escalatiecriteria"))
        self.tabs.addTab(self.security, _("Beve&iliging"))
        self.tabs.addTab(self.backups, _("Back-&ups en bewaren"))
        self.tabs.addTab(self.terms, _("&Termijnen"))
        self.tabs.addTab(self.sending, _("&Verzenden"))

        self.sections = [
            _Section(letterhead_page, self.letterhead.is_changed, self._save_letterhead,
                     lambda error: self.letterhead.error.setText(error.message),
                     lambda: self.letterhead.error.clear()),
            _Section(criteria_page, self.criteria.is_changed, self.criteria.save,
                     self.criteria.errors.show, self.criteria.errors.clear),
        ] + [_Section(page, page.is_changed, page.save, page.errors.show, page.errors.clear)
             for page in (self.security, self.backups, self.terms, self.sending)]

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel |
                                        QDialogButtonBox.StandardButton.Apply)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuleren"))
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText(_("Toe&passen"))
        self.buttons.accepted.connect(self.accept_settings)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(lambda: self.apply())

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        name_form_fields(self)

    def _save_letterhead(self) -> None:
        if not self.letterhead.save():
            message = self.letterhead.error.text()
            raise _ShownError(message)

    def apply(self) -> bool:
        """Store every changed page, in tab order; at the first error that page comes
        forward with the message at the field, and False is returned."""
        for section in self.sections:
            section.clear()
        stored_any = False
        try:
            for section in self.sections:
                if not section.changed():
                    continue
                try:
                    section.save()
                except _ShownError:
                    self.tabs.setCurrentWidget(section.page)
                    return False
                except ExpertteamError as error:
                    self.tabs.setCurrentWidget(section.page)
                    section.show_error(error)
                    return False
                stored_any = True
        finally:
            if stored_any:
                self._pick_up()
        return True

    def _pick_up(self) -> None:
        """Let what runs use the new values at once (the auto-lock timer, the pages): the
        change notice tells them."""
        notice_for(self.store).announce(Change.SETTINGS)
        self.applied.emit()

    def accept_settings(self) -> None:
        if self.apply():
            self.accept()


class _ShownError(Exception):
    """A page already showed its error itself (the letterhead editor)."""


def open_settings(window: QWidget, store: Store,
                  on_applied: Callable[[], object] | None = None) -> SettingsDialog:
    """Open the settings dialog (window-modal) over ``window``; ``on_applied`` runs after each
    successful Toepassen/OK."""
    dialog = SettingsDialog(store, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_applied is not None:
        dialog.applied.connect(lambda: on_applied())
    dialog.open()
    return dialog
