"""The main window: a navigation list of pages (the register first), menus and the status bar.

Other parts of the app plug in with ``add_page(key, title, widget, shortcut)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QLocale, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from expertteam import APP_NAME, __version__
from expertteam.domain.errors import ExpertteamError
from expertteam.gui.case_editor import CaseEditor
from expertteam.gui.documents.menu import add_document_actions
from expertteam.gui.escalations import install as install_escalation_pages
from expertteam.gui.meetings import install as install_meeting_pages
from expertteam.gui.monitor import install_dashboard, install_monitor
from expertteam.gui.organisations_dialog import OrganisationsDialog
from expertteam.gui.register_view import RegisterPage
from expertteam.i18n import _, ngettext
from expertteam.services import cases, demo, regions
from expertteam.services.store import Store

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PAGE_KEY = "main_window/page"
HIDE_NAMES_KEY = "view/hide_names"
REGISTER_PAGE = "register"


def _as_bytes(value: object) -> QByteArray | None:
    return QByteArray(value) if isinstance(value, QByteArray | bytes) else None


def _as_bool(value: object) -> bool:
    # QSettings in INI format gives strings back for booleans.
    return value is True or (isinstance(value, str) and value.lower() == "true")


class MainWindow(QMainWindow):
    """Hosts the pages of the app; the register is the first page.

    ``data_changed`` is emitted after the window itself changed data (a case saved, the demo
    region loaded, organisations edited). A page with a ``refresh()`` method is refreshed then:
    at once when it is showing, otherwise the next time it is shown.
    """

    data_changed = Signal()

    def __init__(self, store: Store, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if settings is not None else QSettings()
        self._pages: dict[str, QWidget] = {}
        saved_page = self.settings.value(PAGE_KEY)
        self._wanted_page = saved_page if isinstance(saved_page, str) else None
        self._page_actions: dict[str, QAction] = {}
        self.case_editor: CaseEditor | None = None

        self.navigation = QListWidget()
        self.navigation.setAccessibleName(_("Onderdelen"))
        self.navigation.setFixedWidth(160)
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        # An explicit minimum keeps one wide page from making the window wider than a
        # 1366-pixel laptop screen (the layout would otherwise take the widest page's minimum).
        self.stack.setMinimumSize(QSize(480, 320))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self._on_page_changed)
        self._stale: set[str] = set()

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)

        self._build_menus()
        self.register_page = RegisterPage(store, self)
        self.register_page.open_case.connect(self.open_case)
        self.register_page.new_case_requested.connect(self.new_case)
        self.register_page.counts_changed.connect(self._show_counts)
        self.dashboard_page = install_dashboard(self)  # Overzicht (Ctrl+0): the start page
        self.add_page(REGISTER_PAGE, _("Casusregister"), self.register_page, "Ctrl+1")
        self.meeting_pages = install_meeting_pages(self)  # Overleggen (Ctrl+2), Acties (Ctrl+3)
        self.monitor_page = install_monitor(self)  # Monitor (Ctrl+6)
        self.escalation_pages = install_escalation_pages(self)  # Signalen, Escalaties (Ctrl+4/5)

        self._update_title()
        self.resize(QSize(1280, 720))
        self._restore_state()
        self.register_page.reload()

    # ------------------------------------------------------------------ pages
    def add_page(self, key: str, title: str, widget: QWidget,
                 shortcut: str | None = None) -> None:
        """Add a page to the navigation and the Beeld menu (with an optional shortcut)."""
        if key in self._pages:
            raise ValueError(f"page {key!r} exists")
        self._pages[key] = widget
        self.stack.addWidget(widget)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(0, self.fontMetrics().height() + 14))
        self.navigation.addItem(item)
        action = QAction(title, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, page=key: self.show_page(page))
        self.pages_menu.addAction(action)
        self._page_actions[key] = action
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)
        if key == self._wanted_page:  # the page that was open when the app was closed
            self.show_page(key)

    def show_page(self, key: str) -> QWidget:
        widget = self._pages[key]
        self.navigation.setCurrentRow(self.stack.indexOf(widget))
        return widget

    def _on_page_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        key = self.current_page_key()
        if key in self._stale:
            self._stale.discard(key)
            self._refresh_page(key)

    def _refresh_page(self, key: str) -> None:
        refresh = getattr(self._pages[key], "refresh", None)
        if callable(refresh):
            refresh()

    def notify_data_changed(self, *, except_page: str | None = None) -> None:
        """Tell the pages that data changed (see the class docstring)."""
        self._update_title()
        current = self.current_page_key()
        for key in self._pages:
            if key == except_page:
                continue
            if key == current:
                self._refresh_page(key)
            else:
                self._stale.add(key)
        self.data_changed.emit()

    def current_page_key(self) -> str | None:
        item = self.navigation.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    # ------------------------------------------------------------------ menus
    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: str | None = None, status_tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if status_tip:
            action.setStatusTip(status_tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&Bestand"))
        self.demo_action = self._action(
            file_menu, _("&Demoregio laden…"), self.offer_demo,
            status_tip=_("Vul een lege database met de fictieve demoregio Westfriesland"))
        file_menu.addSeparator()
        self.document_actions = add_document_actions(
            self, file_menu, self.store, lambda: self.register_page.current_case_id())
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, _("&Afsluiten"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        edit_menu = bar.addMenu(_("Be&werken"))
        self.new_case_action = self._action(edit_menu, _("&Nieuwe casus…"), self.new_case,
                                            "Ctrl+N", _("Een kind aanmelden bij het expertteam"))
        self.open_case_action = self._action(edit_menu, _("Casus &openen"),
                                             self.open_current_case, "Ctrl+O")
        self.find_action = self._action(edit_menu, _("&Zoeken in register"), self.focus_filter,
                                        "Ctrl+F")
        edit_menu.addSeparator()
        self.organisations_action = self._action(
            edit_menu, _("O&rganisaties en contactpersonen…"), self.edit_organisations,
            "Ctrl+Shift+O")
        edit_menu.addSeparator()
        self.settings_action = self._action(
            edit_menu, _("&Instellingen…"), self.open_settings, "Ctrl+,",
            _("Briefpapier, escalatiecriteria, vergrendelen, reservekopieën en termijnen"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)

        view_menu = bar.addMenu(_("Be&eld"))
        self.pages_menu = view_menu
        self.hide_names_action = QAction(_("&Namen verbergen"), self)
        self.hide_names_action.setCheckable(True)
        self.hide_names_action.setShortcut(QKeySequence("Ctrl+H"))
        self.hide_names_action.setStatusTip(
            _("Toon pseudoniemen in plaats van namen, bijvoorbeeld bij gebruik van een beamer"))
        self.hide_names_action.toggled.connect(self.set_hide_names)
        view_menu.addAction(self.hide_names_action)
        self.clear_filters_action = self._action(view_menu, _("&Filters wissen"),
                                                 self._clear_filters, "Ctrl+Shift+F")
        self.reload_action = self._action(view_menu, _("&Vernieuwen"), self._reload, "F5")
        view_menu.addSeparator()

        help_menu = bar.addMenu(_("&Help"))
        self.how_it_works_action = self._action(help_menu, _("&Hoe werkt het"),
                                                self.show_how_it_works)
        self.shortcuts_action = self._action(help_menu, _("&Sneltoetsen"), self.show_shortcuts,
                                             "F1")
        help_menu.addSeparator()
        self.about_action = self._action(help_menu, _("&Over Expertteam"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    # ------------------------------------------------------------------ actions
    def new_case(self) -> CaseEditor:
        return self._open_editor(None)

    def open_case(self, case_id: int) -> CaseEditor | None:
        try:
            return self._open_editor(case_id)
        except ExpertteamError as error:
            QMessageBox.warning(self, _("Casus openen"), error.message)
            self.register_page.reload()
            return None

    def open_current_case(self) -> CaseEditor | None:
        case_id = self.register_page.current_case_id()
        return self.open_case(case_id) if case_id is not None else None

    def _open_editor(self, case_id: int | None) -> CaseEditor:
        self.show_page(REGISTER_PAGE)
        editor = CaseEditor(self.store, case_id, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._case_saved)
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.case_editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: CaseEditor) -> None:
        if self.case_editor is editor:
            self.case_editor = None

    def _case_saved(self, case_id: int) -> None:
        self.register_page.reload(select_case_id=case_id)
        self.notify_data_changed(except_page=REGISTER_PAGE)
        self.statusBar().showMessage(_("Casus opgeslagen."), 4000)

    def focus_filter(self) -> None:
        self.show_page(REGISTER_PAGE)
        self.register_page.focus_filter()

    def _clear_filters(self) -> None:
        self.register_page.clear_filters()

    def _reload(self) -> None:
        self.register_page.reload()

    def set_hide_names(self, hide: bool) -> None:
        if self.hide_names_action.isChecked() != hide:
            self.hide_names_action.setChecked(hide)  # re-enters through toggled
            return
        self.register_page.set_hide_names(hide)
        self.settings.setValue(HIDE_NAMES_KEY, hide)

    def edit_organisations(self) -> OrganisationsDialog:
        dialog = OrganisationsDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._organisations_closed())
        dialog.open()
        return dialog

    def open_settings(self) -> QWidget:
        from expertteam.gui.settings_dialog import open_settings

        return open_settings(self, self.store, self.notify_data_changed)

    def _organisations_closed(self) -> None:
        self.register_page.reload()
        self.notify_data_changed(except_page=REGISTER_PAGE)

    def offer_demo(self) -> bool:
        """Ask to load the demo region into an empty database; True when it was loaded."""
        if cases.count_cases(self.store):
            QMessageBox.information(
                self, _("Demoregio"),
                _("De demoregio kan alleen in een lege database worden geladen."))
            return False
        answer = QMessageBox.question(
            self, _("Demoregio laden"),
            _("Wilt u de fictieve demoregio Westfriesland laden? Zo kunt u de app verkennen "
              "met verzonnen kinderen, gemeenten en organisaties."))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.load_demo()

    def load_demo(self) -> bool:
        try:
            count = demo.load_demo(self.store)
        except ExpertteamError as error:
            QMessageBox.warning(self, _("Demoregio"), error.message)
            return False
        self._update_title()
        self.register_page.reload()
        self.notify_data_changed(except_page=REGISTER_PAGE)
        self.statusBar().showMessage(ngettext("Demoregio geladen: {n} kind.",
                                              "Demoregio geladen: {n} kinderen.", count)
                                     .format(n=count), 6000)
        return True

    def show_how_it_works(self) -> None:
        from expertteam.gui.help import HowItWorksDialog

        HowItWorksDialog(self).exec()

    def show_shortcuts(self) -> None:
        from expertteam.gui.help import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, _("Over Expertteam"), _(
            "<h3>{app} {version}</h3>"
            "<p>Casusregie voor regionale expertteams jeugdbescherming: casusregister, "
            "casusoverleg, afspraken, verslagen en escalaties.</p>"
            "<p>Werkt volledig offline. Gegevens blijven op deze computer; documenten worden "
            "standaard gepseudonimiseerd.</p>"
            "<p>Een BSN wordt alleen op formaat gecontroleerd (elfproef): ‘formaat geldig’ "
            "betekent niet dat het nummer bij het kind hoort.</p>"
            "<p>Licentie: EUPL-1.2.</p>").format(app=APP_NAME, version=__version__))

    def _show_counts(self, shown: int, total: int) -> None:
        locale = QLocale()  # 20.000, not 20000
        if shown == total:
            text = ngettext("{total} casus", "{total} casussen", total).format(
                total=locale.toString(total))
        else:
            text = ngettext("{shown} van {total} casus getoond", "{shown} van {total} casussen "
                            "getoond", total).format(shown=locale.toString(shown),
                                                     total=locale.toString(total))
        self.count_label.setText(text)
        self.demo_action.setEnabled(total == 0)

    def _update_title(self) -> None:
        region = regions.get_region(self.store)
        team = region.team_name if region is not None and region.team_name else ""
        self.setWindowTitle(f"{team} — {APP_NAME}" if team else APP_NAME)

    # ------------------------------------------------------------------ state
    def _restore_state(self) -> None:
        geometry = _as_bytes(self.settings.value(GEOMETRY_KEY))
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = _as_bytes(self.settings.value(STATE_KEY))
        if state is not None:
            self.restoreState(state)
        self.register_page.restore_state(self.settings)
        self.hide_names_action.setChecked(_as_bool(self.settings.value(HIDE_NAMES_KEY, False)))

    def save_state(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState())
        self.settings.setValue(PAGE_KEY, self.current_page_key() or REGISTER_PAGE)
        self.register_page.save_state(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if self.case_editor is not None and self.case_editor.isVisible():
            self.case_editor.reject()
            if self.case_editor is not None and self.case_editor.isVisible():
                event.ignore()
                return
        self.save_state()
        super().closeEvent(event)

