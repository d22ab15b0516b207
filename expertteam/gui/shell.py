"""The shell: ``build_main_window(store, settings)`` builds the window, its pages, its menus and
every connection between them, here and nowhere else. The app (``gui/app.py``), the start-up
probe, the self-test and the tests all build their window with it.

Feature packages (``gui/meetings``, ``gui/escalations``, ``gui/monitor``, ``gui/documents``,
``gui/security``) export page and dialog classes and know nothing of the window; what one page
asks of another (open a case, show cases in the register) is connected in ``_connect`` and, for
each page, in its builder: a page is built when it is first shown or asked for
(``MainWindow.page``), so that start-up reads only what the start page shows. Pages refresh from
the change notice (``gui/changes.py``), which the window hands on; the open signals are counted
in the background for the navigation until the signals page is built and counts them itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QMessageBox, QWidget

from expertteam.gui import shortcuts
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.documents.menu import DocumentActions
from expertteam.gui.main_window import MainWindow
from expertteam.gui.operations import Job, read_in_background
from expertteam.gui.pages import PAGES, PageKey
from expertteam.gui.security.menu import SecurityControls
from expertteam.gui.shell_pages import Pages, page_builders
from expertteam.gui.warm_up import RendererWarmUp
from expertteam.gui.window_commands import WindowCommands
from expertteam.i18n import _
from expertteam.services import signals
from expertteam.services.store import Stoppable, Store

if TYPE_CHECKING:
    from expertteam.gui.escalations.signals_page import SignalsPage
    from expertteam.gui.meetings.live import LiveWindow
    from expertteam.gui.meetings.meetings_page import MeetingsPage
    from expertteam.gui.meetings.overview import ActionOverviewPage
    from expertteam.gui.monitor.dashboard_page import DashboardPage
    from expertteam.gui.monitor.monitor_page import MonitorPage
    from expertteam.gui.register_view import RegisterPage

@dataclass(frozen=True)
class MenuActions:
    demo: QAction
    quit: QAction
    new_case: QAction
    open_case: QAction
    find: QAction
    organisations: QAction
    settings: QAction
    import_: QAction
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
    """The main window over ``store``, with every page, menu and connection; only the start
    page is built now, the others when they are first shown."""
    window = MainWindow(store, settings if settings is not None else QSettings())
    window.pages = pages = Pages(window)
    builders = page_builders(store)
    page_actions = [window.add_page(spec.key, _(spec.title), builders[spec.key], spec.shortcut)
                    for spec in PAGES]
    hide_names = _action(window, _("&Namen verbergen (presentatie)"), shortcuts.HIDE_NAMES,
                         _("Toon overal pseudoniemen in plaats van namen, bijvoorbeeld bij "
                           "gebruik van een beamer; de live-modus zet dit aan"))
    hide_names.setCheckable(True)
    window.commands = commands = WindowCommands(window, lambda: pages.register, hide_names)
    window.menu_actions = _build_menus(window, commands, hide_names, page_actions)
    _connect(window, pages, commands)
    window.update_title()
    window.restore_state()
    commands.restore_hide_names()
    window.show_start_page()
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
    store, pages = window.store, window.pages

    def current_case() -> int | None:  # no case is chosen in a register not yet shown
        register = pages.built_register()
        return register.current_case_id() if register is not None else None

    bar = window.menuBar()
    act = _action
    demo = act(window, _("&Demoregio laden…"), None,
               _("Vul een lege database met de fictieve demoregio Westfriesland"))
    documents = DocumentActions(window, store, current_case)
    import_ = act(window, _("&Importeren…"), None,
                  _("Casussen of organisaties uit een spreadsheet van de regio overnemen"))
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

    _menu(bar, _("&Bestand"), demo, import_, None, *documents.actions, None, quit_)
    _menu(bar, _("Be&werken"), new_case, open_case, find, None, new_meeting, None, organisations,
          None, settings)
    _menu(bar, _("Be&eld"), hide_names, live_mode, clear_filters, reload, None, *page_actions)
    security = SecurityControls(window, store, bar.addMenu(_("Be&veiliging")), current_case)
    _menu(bar, _("&Help"), how_it_works, shortcuts_, None, about)

    for action, slot in (
            (demo, commands.offer_demo), (quit_, window.close), (new_case, commands.new_case),
            (open_case, commands.open_current_case), (find, commands.focus_filter),
            (organisations, commands.edit_organisations), (settings, commands.open_settings),
            (import_, commands.open_import),
            (new_meeting, commands.new_meeting), (live_mode, commands.open_live_mode),
            (clear_filters, lambda: pages.register.clear_filters()),
            (reload, lambda: pages.register.reload()),
            (how_it_works, commands.show_how_it_works), (shortcuts_, commands.show_shortcuts),
            (about, commands.show_about)):
        action.triggered.connect(lambda _checked=False, call=slot: call())
    hide_names.toggled.connect(commands.set_hide_names)
    return MenuActions(demo, quit_, new_case, open_case, find, organisations, settings, import_,
                       hide_names, new_meeting, live_mode, clear_filters, reload, how_it_works,
                       shortcuts_, about, documents, security)


def _connect(window: MainWindow, pages: Pages, commands: WindowCommands) -> None:
    """Every connection between the pages, the window and the commands; a page's own are made
    when it is built."""
    notice_for(window.store).changed.connect(window.apply_changes)
    window.close_guards.append(commands.may_close)
    hide_names = window.menu_actions.hide_names
    connect_meetings = _connect_live_mode(window, pages, commands)

    # A figure on the dashboard or the monitor leads to the cases behind it.
    def show_in_register(title: str, case_ids: list[int]) -> None:
        pages.register.show_cases(str(title), [int(i) for i in case_ids])
        window.show_page(PageKey.REGISTER)

    # The number of open signals in the navigation.
    def show_signal_count(count: int) -> None:
        window.set_page_title(PageKey.SIGNALS,
                              _("Signalen ({n})").format(n=count) if count else _("Signalen"))

    def built(key: str, page: QWidget) -> None:
        # By key, not by class: the classes of pages not shown yet are not imported.
        if key == PageKey.REGISTER:
            # Open a case, a new case, the counts in the status bar, the saved columns.
            register = cast("RegisterPage", page)
            register.open_case.connect(commands.open_case)
            register.new_case_requested.connect(commands.new_case)
            register.counts_changed.connect(commands.show_counts)
            register.restore_state(window.settings)
            window.state_savers.append(register.save_state)
        if key in (PageKey.DASHBOARD, PageKey.MONITOR):
            cast("DashboardPage | MonitorPage", page).cases_requested.connect(show_in_register)
        if key in (PageKey.REGISTER, PageKey.MEETINGS, PageKey.ACTIONS):
            # "Namen verbergen" on every page that shows names.
            named = cast("RegisterPage | MeetingsPage | ActionOverviewPage", page)
            named.set_hide_names(hide_names.isChecked())
            hide_names.toggled.connect(named.set_hide_names)
        if key == PageKey.REGISTER:
            cast("RegisterPage", page).reload()
        if key == PageKey.MEETINGS:
            connect_meetings(cast("MeetingsPage", page))
        if key == PageKey.SIGNALS:
            signals_page = cast("SignalsPage", page)
            signals_page.count_changed.connect(show_signal_count)
            show_signal_count(signals_page.open_count)  # computed when the page was built

    window.page_built.connect(built)
    _SignalCount(window, show_signal_count)
    if not window.store.pages_checked:
        _PageCheck(window)
    RendererWarmUp(window)


def _connect_live_mode(window: MainWindow, pages: Pages,
                       commands: WindowCommands) -> Callable[[MeetingsPage], None]:
    """Live mode and the window: returns what connects a meetings page once it is built."""
    # Live mode: names stay hidden on every screen that follows it (until the chair shows them
    # again); the idle time does not lock during the meeting, Ctrl+L does, names hidden first.
    # A meetings page not yet built has no live screen open.
    auto_lock = window.menu_actions.security.auto_lock

    def live_in_progress() -> bool:
        meetings = pages.built_meetings()
        return meetings is not None and meetings.live_in_progress()

    def hide_live_names() -> None:
        meetings = pages.built_meetings()
        if meetings is not None:
            meetings.hide_live_names()

    auto_lock.keep_unlocked = live_in_progress
    auto_lock.about_to_lock.connect(hide_live_names)

    # The sending dialogs' module is imported when one is first asked for.
    def drafts(parent: QWidget, meeting_id: int) -> None:
        from expertteam.gui.documents.sending import open_drafts_dialog
        open_drafts_dialog(parent, window.store, int(meeting_id), settings=window.settings)

    def invitation(meeting_id: int) -> None:
        from expertteam.gui.documents.sending import open_invitation_dialog
        open_invitation_dialog(window, window.store, int(meeting_id), settings=window.settings)

    def live_opened(live: LiveWindow) -> None:
        commands.set_hide_names(True)
        live.addAction(window.menu_actions.security.lock_action)
        # From the Afronden screen, over the live window.
        live.drafts_requested.connect(lambda meeting_id: drafts(live, meeting_id))

    def connect_meetings(page: MeetingsPage) -> None:
        page.live_opened.connect(live_opened)
        # Sending a meeting's work: the invitation and the e-mail drafts.
        page.invitation_requested.connect(invitation)
        page.drafts_requested.connect(lambda meeting_id: drafts(window, meeting_id))

    return connect_meetings


class _PageCheck(QObject):
    """The whole-file ``quick_check`` the app leaves out of opening (it reads every page, so it
    would make start-up grow with the file): run in the background once the window is up; a
    damaged page is reported at once."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        self.stop = Stoppable()
        window.closing.append(self.wait)
        QTimer.singleShot(0, self.start)

    def start(self) -> None:
        store, stop = self.window.store, self.stop
        self.job = read_in_background(self, lambda _control: store.check_pages(stop),
                                      self._done, self._failed)

    def wait(self) -> None:
        """Closing: stop the check (the next start checks again) and let its thread end."""
        job, self.job = self.job, None
        self.stop.stop()
        if job is not None:
            job.wait()

    def _done(self, _result: object) -> None:
        self.job = None

    def _failed(self, message: str) -> None:
        self.job = None
        QMessageBox.critical(self.window, _("Database controleren"), message)


class _SignalCount(QObject):
    """Counts the open signals in the background for the navigation: once the window is up, and
    after each change that can change them, until the signals page is built (it counts them
    itself from then on)."""

    WATCHES = (Change.CASES | Change.MEETINGS | Change.ACTIONS | Change.ESCALATIONS
               | Change.SETTINGS)

    def __init__(self, window: MainWindow, show: Callable[[int], None]) -> None:
        super().__init__(window)
        self.window, self.show = window, show
        self.store = window.store.with_origin("gui:signals")
        self.job: Job | None = None
        self.again = False
        notice_for(window.store).changed.connect(self._changed)
        window.closing.append(self.wait)
        QTimer.singleShot(0, self.count)

    def _page_built(self) -> bool:
        return self.window.built_page(PageKey.SIGNALS) is not None

    def _changed(self, changes: Change, _source: object = None) -> None:
        if changes & self.WATCHES:
            self.count()

    def count(self) -> None:
        if self._page_built():
            return
        if self.job is not None:  # count once more when the running one is done
            self.again = True
            return
        store = self.store
        self.job = read_in_background(
            self, lambda _control: sum(1 for row in signals.current_signals(store)
                                       if not row.dismissed),
            self._counted, lambda _message: self._counted(None))

    def wait(self) -> None:
        """Let a running count finish (the store may be closed next)."""
        self.again = False
        job, self.job = self.job, None
        if job is not None:
            job.wait()

    def _counted(self, count: int | None) -> None:
        self.job = None
        if count is not None and not self._page_built():
            self.show(count)
        if self.again:
            self.again = False
            self.count()
