"""The window's pages by name, and what builds each one. A page's module is imported when the
page is first built, not at start-up: the start page is the only one the window needs then
(``tests/gui/test_lazy_pages.py`` checks the modules too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

from expertteam.gui.pages import PageKey
from expertteam.services.store import Store

if TYPE_CHECKING:
    from expertteam.gui.escalations.register_page import EscalationRegisterPage
    from expertteam.gui.escalations.signals_page import SignalsPage
    from expertteam.gui.main_window import MainWindow
    from expertteam.gui.meetings.meetings_page import MeetingsPage
    from expertteam.gui.meetings.overview import ActionOverviewPage
    from expertteam.gui.monitor.dashboard_page import DashboardPage
    from expertteam.gui.monitor.monitor_page import MonitorPage
    from expertteam.gui.register_view import RegisterPage

P = TypeVar("P", bound=QWidget)


def page_builders(store: Store) -> dict[PageKey, Callable[[], QWidget]]:
    """A builder per page; each imports its page's module when it runs."""

    def dashboard() -> QWidget:
        from expertteam.gui.monitor.dashboard_page import DashboardPage
        return DashboardPage(store)

    def register() -> QWidget:
        from expertteam.gui.register_view import RegisterPage
        return RegisterPage(store)

    def meetings() -> QWidget:
        from expertteam.gui.escalations.signals_panel import SignalsPanel
        from expertteam.gui.meetings.meetings_page import MeetingsPage
        return MeetingsPage(store, case_panel=SignalsPanel)

    def actions() -> QWidget:
        from expertteam.gui.meetings.overview import ActionOverviewPage
        return ActionOverviewPage(store)

    def monitor() -> QWidget:
        from expertteam.gui.monitor.monitor_page import MonitorPage
        return MonitorPage(store)

    def signals() -> QWidget:
        from expertteam.gui.escalations.signals_page import SignalsPage
        return SignalsPage(store)

    def escalations() -> QWidget:
        from expertteam.gui.escalations.register_page import EscalationRegisterPage
        return EscalationRegisterPage(store)

    return {PageKey.DASHBOARD: dashboard, PageKey.REGISTER: register,
            PageKey.MEETINGS: meetings, PageKey.ACTIONS: actions, PageKey.MONITOR: monitor,
            PageKey.SIGNALS: signals, PageKey.ESCALATIONS: escalations}


class Pages:
    """The window's pages by name; asking for one builds it if it was not yet. The ``built_*``
    methods answer without building (None when the page was never shown)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def _get(self, key: PageKey, kind: type[P]) -> P:
        page = self._window.page(key)
        assert isinstance(page, kind)
        return page

    def _built(self, key: PageKey, kind: Callable[[], type[P]]) -> P | None:
        page = self._window.built_page(key)
        if page is None:
            return None  # and its module need not be imported to say so
        cls = kind()
        return page if isinstance(page, cls) else None

    def by_key(self, key: PageKey) -> QWidget:
        return self._window.page(key)

    @property
    def dashboard(self) -> DashboardPage:
        from expertteam.gui.monitor.dashboard_page import DashboardPage
        return self._get(PageKey.DASHBOARD, DashboardPage)

    @property
    def register(self) -> RegisterPage:
        from expertteam.gui.register_view import RegisterPage
        return self._get(PageKey.REGISTER, RegisterPage)

    def built_register(self) -> RegisterPage | None:
        def kind() -> type[RegisterPage]:
            from expertteam.gui.register_view import RegisterPage
            return RegisterPage
        return self._built(PageKey.REGISTER, kind)

    @property
    def meetings(self) -> MeetingsPage:
        from expertteam.gui.meetings.meetings_page import MeetingsPage
        return self._get(PageKey.MEETINGS, MeetingsPage)

    def built_meetings(self) -> MeetingsPage | None:
        def kind() -> type[MeetingsPage]:
            from expertteam.gui.meetings.meetings_page import MeetingsPage
            return MeetingsPage
        return self._built(PageKey.MEETINGS, kind)

    @property
    def actions(self) -> ActionOverviewPage:
        from expertteam.gui.meetings.overview import ActionOverviewPage
        return self._get(PageKey.ACTIONS, ActionOverviewPage)

    @property
    def monitor(self) -> MonitorPage:
        from expertteam.gui.monitor.monitor_page import MonitorPage
        return self._get(PageKey.MONITOR, MonitorPage)

    @property
    def signals(self) -> SignalsPage:
        from expertteam.gui.escalations.signals_page import SignalsPage
        return self._get(PageKey.SIGNALS, SignalsPage)

    @property
    def escalations(self) -> EscalationRegisterPage:
        from expertteam.gui.escalations.register_page import EscalationRegisterPage
        return self._get(PageKey.ESCALATIONS, EscalationRegisterPage)
