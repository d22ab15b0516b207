"""The dashboard (the start page) and the regional monitor page.

``install_dashboard(window)`` adds the dashboard; call it before any other page so that it is the
first in the navigation and the page the app opens on. ``install_monitor(window)`` adds the
monitor page. Both lead to the register, filtered on the cases behind a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from expertteam.i18n import _

if TYPE_CHECKING:
    from expertteam.gui.main_window import MainWindow
    from expertteam.gui.monitor.dashboard_page import DashboardPage
    from expertteam.gui.monitor.monitor_page import MonitorPage

DASHBOARD_PAGE = "dashboard"
MONITOR_PAGE = "monitor"
REGISTER_PAGE = "register"


def show_in_register(window: MainWindow, title: str, case_ids: Sequence[int]) -> None:
    """Open the register showing only these cases, with ``title`` saying why."""
    window.register_page.show_cases(title, case_ids)
    window.show_page(REGISTER_PAGE)


def install_dashboard(window: MainWindow) -> DashboardPage:
    from expertteam.gui.monitor.dashboard_page import DashboardPage

    page = DashboardPage(window.store, window)
    page.cases_requested.connect(
        lambda title, ids: show_in_register(window, str(title), [int(i) for i in ids]))
    window.add_page(DASHBOARD_PAGE, _("Overzicht"), page, "Ctrl+0")
    return page


def install_monitor(window: MainWindow) -> MonitorPage:
    from expertteam.gui.monitor.monitor_page import MonitorPage

    page = MonitorPage(window.store, window)
    page.cases_requested.connect(
        lambda title, ids: show_in_register(window, str(title), [int(i) for i in ids]))
    window.add_page(MONITOR_PAGE, _("Monitor"), page, "Ctrl+6")
    return page
