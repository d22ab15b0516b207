"""The shell: ``build_main_window(store, settings)`` builds the window, its pages, its menus and
every connection between them, here and nowhere else. The app (``gui/app.py``), the start-up
probe, the self-test and the tests all build their window with it.

Feature packages (``gui/meetings``, ``gui/escalations``, ``gui/monitor``, ``gui/documents``,
``gui/security``) export page and dialog classes and know nothing of the window; what one page
asks of another (open a case, show cases in the register) is connected in ``_connect``. Pages
refresh from the change notice (``gui/changes.py``), which the window hands on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from expertteam.gui import shortcuts
from expertteam.gui.changes import notice_for
from expertteam.gui.documents.menu import DocumentActions
from expertteam.gui.documents.sending import open_drafts_dialog, open_invitation_dialog
from expertteam.gui.escalations.register_page import EscalationRegisterPage
from expertteam.gui.escalations.signals_page import SignalsPage
from expertteam.gui.escalations.signals_panel import SignalsPanel
from expertteam.gui.main_window import MainWindow
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.meetings_page import MeetingsPage
from expertteam.gui.meetings.overview import ActionOverviewPage
from expertteam.gui.monitor.dashboard_page import DashboardPage
from expertteam.gui.monitor.monitor_page import MonitorPage
from expertteam.gui.pages import PAGES, PageKey
from expertteam.gui.register_view import RegisterPage
from expertteam.gui.security.menu import SecurityControls
from expertteam.gui.window_commands import WindowCommands
from expertteam.i18n import _
from expertteam.services.store import Store


@dataclass(frozen=True)
class Pages:
    dashboard: DashboardPage
    register: RegisterPage
    meetings: MeetingsPage
    actions: ActionOverviewPage
    monitor: MonitorPage
    signals: SignalsPage
    escalations: EscalationRegisterPage

    def by_key(self, key: PageKey) -> object:
        return getattr(self, key.value)


@dataclass(frozen=True)
class MenuActions:
    demo: QAction
    quit: QAction
    new_case: QAction
    open_case: QAction
    find: QAction
    organisations: QAction
    settings: QAction
    hide_names: QAction
    new_meeting: QAction
    live_mode: QAction
    clear_filters: QAction
    reload: QAction
    how_it_works: QAction
    shortcuts: QAction
    about: QAction
    documents: DocumentActions
    security: SecurityControls


def build_main_window(store: Store, settings: QSettings | None = None) -> MainWindow:
    """The main window over ``store``, with every page, menu and connection."""
    window = MainWindow(store, settings if settings is not None else QSettings())
    pages = Pages(
        dashboard=DashboardPage(store), register=RegisterPage(store),
        meetings=MeetingsPage(store, case_panel=SignalsPanel), actions=ActionOverviewPage(store),
        monitor=MonitorPage(store), signals=SignalsPage(store),
        escalations=EscalationRegisterPage(store))
    window.pages = pages
    page_actions = [window.add_page(spec.key, _(spec.title), pages.by_key(spec.key),  # type: ignore[arg-type]
                                    spec.shortcut) for spec in PAGES]
    hide_names = _action(window, _("&Namen verbergen (presentatie)"), shortcuts.HIDE_NAMES,
                         _("Toon overal pseudoniemen in plaats van namen, bijvoorbeeld bij "
                           "gebruik van een beamer; de live-modus zet dit aan"))
    hide_names.setCheckable(True)
    window.commands = commands = WindowCommands(window, pages.register, hide_names)
    window.menu_actions = _build_menus(window, commands, hide_names, page_actions)
    _connect(window, pages, commands)
    window.update_title()
    window.restore_state()
    pages.register.restore_state(window.settings)
    commands.restore_hide_names()
    pages.register.reload()
    return window


def _action(window: MainWindow, text: str, shortcut: str | None = None,
            status_tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if status_tip:
        action.setStatusTip(status_tip)
    return action


def _menu(bar: QMenuBar, title: str, *entries: QAction | None) -> QMenu:
    """A menu of ``entries``; None is a separator."""
    menu = bar.addMenu(title)
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        else:
            menu.addAction(entry)
    return menu


def _build_menus(window: MainWindow, commands: WindowCommands, hide_names: QAction,
                 page_actions: list[QAction]) -> MenuActions:
    store, register = window.store, window.pages.register
    bar = window.menuBar()
    act = _action
    demo = act(window, _("&Demoregio laden…"), None,
               _("Vul een lege database met de fictieve demoregio Westfriesland"))
    documents = DocumentActions(window, store, register.current_case_id)
    quit_ = act(window, _("&Afsluiten"), shortcuts.QUIT)
    quit_.setMenuRole(QAction.MenuRole.QuitRole)
    new_case = act(window, _("&Nieuwe casus…"), shortcuts.NEW_CASE,
                   _("Een kind aanmelden bij het expertteam"))
    open_case = act(window, _("Casus &openen"), shortcuts.OPEN_CASE)
    find = act(window, _("&Zoeken in register"), shortcuts.FIND)
    organisations = act(window, _("O&rganisaties en contactpersonen…"), shortcuts.ORGANISATIONS)
    settings = act(window, _("&Instellingen…"), shortcuts.SETTINGS,
                   _("Briefpapier, escalatiecriteria, vergrendelen, reservekopieën en termijnen"))
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    new_meeting = act(window, _("Nieuw o&verleg…"), shortcuts.NEW_MEETING,
                      _("Een overleg plannen; de app stelt de agenda voor"))
    live_mode = act(window, _("&Live-modus"), shortcuts.LIVE_MODE,
                    _("Het lopende overleg casus voor casus leiden, in grote letters"))
    clear_filters = act(window, _("&Filters wissen"), shortcuts.CLEAR_FILTERS)
    reload = act(window, _("&Vernieuwen"), shortcuts.RELOAD)
    how_it_works = act(window, _("&Hoe werkt het"))
    shortcuts_ = act(window, _("&Sneltoetsen"), shortcuts.SHORTCUTS)
    about = act(window, _("&Over Expertteam"))
    about.setMenuRole(QAction.MenuRole.AboutRole)

    _menu(bar, _("&Bestand"), demo, None, *documents.actions, None, quit_)
    _menu(bar, _("Be&werken"), new_case, open_case, find, None, new_meeting, None, organisations,
          None, settings)
    _menu(bar, _("Be&eld"), hide_names, live_mode, clear_filters, reload, None, *page_actions)
    security = SecurityControls(window, store, bar.addMenu(_("Be&veiliging")),
                                register.current_case_id)
    _menu(bar, _("&Help"), how_it_works, shortcuts_, None, about)

    for action, slot in (
            (demo, commands.offer_demo), (quit_, window.close), (new_case, commands.new_case),
            (open_case, commands.open_current_case), (find, commands.focus_filter),
            (organisations, commands.edit_organisations), (settings, commands.open_settings),
            (new_meeting, commands.new_meeting), (live_mode, commands.open_live_mode),
            (clear_filters, register.clear_filters), (reload, register.reload),
            (how_it_works, commands.show_how_it_works), (shortcuts_, commands.show_shortcuts),
            (about, commands.show_about)):
        action.triggered.connect(lambda _checked=False, call=slot: call())
    hide_names.toggled.connect(commands.set_hide_names)
    return MenuActions(demo, quit_, new_case, open_case, find, organisations, settings,
                       hide_names, new_meeting, live_mode, clear_filters, reload, how_it_works,
                       shortcuts_, about, documents, security)


def _connect(window: MainWindow, pages: Pages, commands: WindowCommands) -> None:
    """Every connection between the pages, the window and the commands."""
    notice_for(window.store).changed.connect(window.apply_changes)
    window.close_guards.append(commands.may_close)
    window.state_savers.append(pages.register.save_state)

    # The register: open a case, a new case, the counts in the status bar.
    pages.register.open_case.connect(commands.open_case)
    pages.register.new_case_requested.connect(commands.new_case)
    pages.register.counts_changed.connect(commands.show_counts)

    # A figure on the dashboard or the monitor leads to the cases behind it.
    def show_in_register(title: str, case_ids: list[int]) -> None:
        pages.register.show_cases(str(title), [int(i) for i in case_ids])
        window.show_page(PageKey.REGISTER)

    pages.dashboard.cases_requested.connect(show_in_register)
    pages.monitor.cases_requested.connect(show_in_register)

    # "Namen verbergen" on every page that shows names.
    for page in (pages.register, pages.meetings, pages.actions):
        page.set_hide_names(window.menu_actions.hide_names.isChecked())
        window.menu_actions.hide_names.toggled.connect(page.set_hide_names)

    # Live mode: names stay hidden on every screen that follows it (until the chair shows them
    # again); the idle time does not lock during the meeting, Ctrl+L does, names hidden first.
    auto_lock = window.menu_actions.security.auto_lock
    auto_lock.keep_unlocked = pages.meetings.live_in_progress
    auto_lock.about_to_lock.connect(pages.meetings.hide_live_names)

    def live_opened(live: LiveWindow) -> None:
        commands.set_hide_names(True)
        live.addAction(window.menu_actions.security.lock_action)
        live.drafts_requested.connect(  # from the Afronden screen, over the live window
            lambda meeting_id: open_drafts_dialog(live, window.store, int(meeting_id),
                                                  settings=window.settings))

    pages.meetings.live_opened.connect(live_opened)

    # The number of open signals in the navigation.
    def show_signal_count(count: int) -> None:
        window.set_page_title(PageKey.SIGNALS,
                              _("Signalen ({n})").format(n=count) if count else _("Signalen"))

    pages.signals.count_changed.connect(show_signal_count)
    show_signal_count(pages.signals.open_count)  # computed when the page was built

    # Sending a meeting's work: the invitation and the e-mail drafts.
    pages.meetings.invitation_requested.connect(
        lambda meeting_id: open_invitation_dialog(window, window.store, int(meeting_id),
                                                  settings=window.settings))
    pages.meetings.drafts_requested.connect(
        lambda meeting_id: open_drafts_dialog(window, window.store, int(meeting_id),
                                              settings=window.settings))
