"""What the main window's own menu entries do: open the case editor, load the demo region, open
organisations and settings, the welcome flow, help and about. The shell connects the menu
actions to these methods; pages learn of what changed through the change notice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from expertteam import APP_NAME, __version__
from expertteam.domain.enums import MeetingStatus
from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import counted, number, short_date
from expertteam.gui import operations
from expertteam.gui.case_editor import CaseEditor
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.main_window import MainWindow
from expertteam.gui.organisations_dialog import OrganisationsDialog
from expertteam.gui.pages import PageKey
from expertteam.gui.register_view import RegisterPage
from expertteam.i18n import _, ngettext
from expertteam.services import case_register, demo, meetings
from expertteam.services.meeting_data import MeetingRow
from expertteam.services.store import Store

HIDE_NAMES_KEY = "view/hide_names"


def as_bool(value: object) -> bool:
    # QSettings in INI format gives strings back for booleans.
    return value is True or (isinstance(value, str) and value.lower() == "true")


class WindowCommands(QObject):
    """The main window's commands; ``case_editor`` is the case editor opened last, if any, and
    ``editors`` every open one by case id (None: a new case), so a case opens only once."""

    def __init__(self, window: MainWindow, register: Callable[[], RegisterPage],
                 hide_names: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.store: Store = window.store
        self.settings: QSettings = window.settings
        self._register = register  # built when first asked for
        self.hide_names_action = hide_names
        self.case_editor: CaseEditor | None = None
        self.editors: dict[int | None, CaseEditor] = {}

    @property
    def register(self) -> RegisterPage:
        return self._register()

    # ------------------------------------------------------------------ cases
    def new_case(self) -> CaseEditor:
        return self._open_editor(None)

    def open_case(self, case_id: int) -> CaseEditor | None:
        try:
            return self._open_editor(case_id)
        except ExpertteamError as error:
            QMessageBox.warning(self.window, _("Casus openen"), error.message)
            self.register.reload()
            return None

    def open_current_case(self) -> CaseEditor | None:
        case_id = self.register.current_case_id()
        return self.open_case(case_id) if case_id is not None else None

    def _open_editor(self, case_id: int | None) -> CaseEditor:
        self.window.show_page(PageKey.REGISTER)
        open_already = self.editors.get(case_id) if case_id is not None else None
        if open_already is not None:  # a double-click (or Enter) on a case that is open
            open_already.raise_()
            open_already.activateWindow()
            self.case_editor = open_already
            return open_already
        editor = CaseEditor(self.store, case_id, self.window)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda saved_id: self._case_saved(editor, saved_id))
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.case_editor = editor
        self.editors[case_id] = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: CaseEditor) -> None:
        self.editors = {key: value for key, value in self.editors.items() if value is not editor}
        if self.case_editor is editor:
            self.case_editor = None

    def _case_saved(self, editor: CaseEditor, case_id: int) -> None:
        # A new case has its id now: opening it again raises this editor.
        self.editors = {key: value for key, value in self.editors.items() if value is not editor}
        self.editors[case_id] = editor
        self.register.select_case(case_id)
        self.window.statusBar().showMessage(_("Casus opgeslagen."), 4000)

    def may_close(self) -> bool:
        """Close guard: each open editor with unsaved changes asks first (and may refuse)."""
        for editor in list(self.editors.values()):
            if editor.isVisible():
                editor.reject()
                if editor.isVisible():
                    return False
        return True

    # ------------------------------------------------------------------ register view
    def focus_filter(self) -> None:
        self.window.show_page(PageKey.REGISTER)
        self.register.focus_filter()

    def set_hide_names(self, hide: bool) -> None:
        """Switch "Namen verbergen" (every page follows the action's ``toggled``)."""
        if self.hide_names_action.isChecked() != hide:
            self.hide_names_action.setChecked(hide)
        self.settings.setValue(HIDE_NAMES_KEY, hide)

    def restore_hide_names(self) -> None:
        self.hide_names_action.setChecked(as_bool(self.settings.value(HIDE_NAMES_KEY, False)))

    def show_counts(self, shown: int, total: int) -> None:
        if shown == total:
            text = counted(total, "{n} casus", "{n} casussen")
        else:
            text = ngettext("{shown} van {total} casus getoond", "{shown} van {total} casussen "
                            "getoond", total).format(shown=number(shown), total=number(total))
        self.window.count_label.setText(text)
        self.window.menu_actions.demo.setEnabled(total == 0)

    # ------------------------------------------------------------------ meetings
    def new_meeting(self) -> QWidget:
        """Plan a meeting, from anywhere in the window (on the meetings page)."""
        self.window.show_page(PageKey.MEETINGS)
        return self.window.pages.meetings.plan_meeting()

    def _running_meeting(self) -> MeetingRow | None:
        running = operations.attempt(
            self.window, lambda: meetings.list_meetings(self.store, [MeetingStatus.IN_PROGRESS]),
            title=_("Overleg"))
        return running.value[0] if running is not None and running.value else None

    def open_live_mode(self) -> QWidget | None:
        """The live screen of the meeting in progress, from anywhere in the window; says why
        when there is none to lead."""
        running = self._running_meeting()
        if running is None:
            self.window.statusBar().showMessage(_(
                "Er is geen overleg bezig. Kies een overleg en start het met ‘Overleg "
                "starten’."), 8000)
            return None
        page = self.window.pages.meetings
        self.window.show_page(PageKey.MEETINGS)
        page.reload(select_id=running.id)
        return page.open_live()

    def offer_running_meeting(self) -> QMessageBox | None:
        """After a start (perhaps after a crash) with a meeting still in progress: "Overleg
        loopt nog — verder?"; yes reopens live mode where the chair was."""
        running = self._running_meeting()
        if running is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, _("Overleg loopt nog"), _(
            "Overleg loopt nog — verder? Het overleg van {date} is niet gesloten. De live-modus "
            "opent bij de casus waar u was.").format(date=short_date(running.held_on)),
            QMessageBox.StandardButton.NoButton, self.window)
        resume = box.addButton(_("Verder in de live-modus"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(resume)
        box.buttonClicked.connect(
            lambda button: self.open_live_mode() if button is resume else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # ------------------------------------------------------------------ dialogs
    def edit_organisations(self) -> OrganisationsDialog:
        dialog = OrganisationsDialog(self.store, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_import(self) -> QWidget:
        """The import wizard (cases or organisations from a region's spreadsheet)."""
        from expertteam.gui.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, self.window)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def open_settings(self) -> QWidget:
        from expertteam.gui.settings_dialog import open_settings

        return open_settings(self.window, self.store)

    # ------------------------------------------------------------------ demo and welcome
    def offer_demo(self) -> bool:
        """Ask to load the demo region into an empty database; True when it was loaded."""
        if case_register.count_cases(self.store):
            QMessageBox.information(
                self.window, _("Demoregio"),
                _("De demoregio kan alleen in een lege database worden geladen."))
            return False
        answer = QMessageBox.question(
            self.window, _("Demoregio laden"),
            _("Wilt u de fictieve demoregio Westfriesland laden? Zo kunt u de app verkennen "
              "met verzonnen kinderen, gemeenten en organisaties."))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.load_demo()

    def load_demo(self) -> bool:
        done = operations.change(self.window, self.store, lambda: demo.load_demo(self.store),
                                 Change.EVERYTHING, title=_("Demoregio"))
        if done is None:
            return False
        self.window.statusBar().showMessage(ngettext(
            "Demoregio geladen: {n} kind.", "Demoregio geladen: {n} kinderen.", done.value)
            .format(n=done.value), 6000)
        return True

    def welcome(self) -> bool:
        """Walk a new user through the welcome flow; lands on the dashboard with the next-step
        hint. False when the user skipped it (the app then simply starts empty)."""
        from expertteam.gui.first_run import (
            DEMO_HINT,
            EMPTY_HINT,
            WelcomeWizard,
            show_next_step_hint,
        )

        wizard = WelcomeWizard(self.store, self.window)
        if wizard.exec() != WelcomeWizard.DialogCode.Accepted:
            return False
        if wizard.wants_demo:
            if not self.load_demo():
                return False
            hint = _(DEMO_HINT)
        else:
            notice_for(self.store).announce(Change.REGION | Change.SETTINGS)
            hint = _(EMPTY_HINT)
        self.window.show_page(PageKey.DASHBOARD)
        show_next_step_hint(self.window, hint)
        return True

    # ------------------------------------------------------------------ help
    def show_how_it_works(self) -> None:
        from expertteam.gui.help import HowItWorksDialog

        HowItWorksDialog(self.window).exec()

    def show_shortcuts(self) -> None:
        from expertteam.gui.help import ShortcutsDialog

        ShortcutsDialog(self.window).exec()

    def show_about(self) -> None:
        QMessageBox.about(self.window, _("Over Expertteam"), _(
            "<h3>{app} {version}</h3>"
            "<p>Casusregie voor regionale expertteams jeugdbescherming: casusregister, "
            "casusoverleg, afspraken, verslagen en escalaties.</p>"
            "<p>Werkt volledig offline. Gegevens blijven op deze computer; documenten worden "
            "standaard gepseudonimiseerd.</p>"
            "<p>Een BSN wordt alleen op formaat gecontroleerd (elfproef): ‘formaat geldig’ "
            "betekent niet dat het nummer bij het kind hoort.</p>"
            "<p>Licentie: EUPL-1.2.</p>").format(app=APP_NAME, version=__version__))
