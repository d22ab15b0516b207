"""Meeting mode: the meetings page (plan, agenda, attendance, record), the chair's live screen
and the action overview. ``install(window)`` plugs the pages into the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from expertteam.i18n import _

if TYPE_CHECKING:
    from expertteam.gui.main_window import MainWindow
    from expertteam.gui.meetings.meetings_page import MeetingsPage
    from expertteam.gui.meetings.overview import ActionOverviewPage

MEETINGS_PAGE = "meetings"
ACTIONS_PAGE = "actions"


class MeetingPages(NamedTuple):
    meetings: MeetingsPage
    actions: ActionOverviewPage


def install(window: MainWindow) -> MeetingPages:
    """Add the meetings page and the action overview to ``window`` and follow its
    "Namen verbergen" switch."""
    from expertteam.gui.meetings.meetings_page import MeetingsPage
    from expertteam.gui.meetings.overview import ActionOverviewPage

    meetings_page = MeetingsPage(window.store, window)
    overview = ActionOverviewPage(window.store, window)
    window.add_page(MEETINGS_PAGE, _("Overleggen"), meetings_page, "Ctrl+2")
    window.add_page(ACTIONS_PAGE, _("Acties"), overview, "Ctrl+3")
    hide = window.hide_names_action
    meetings_page.set_hide_names(hide.isChecked())
    overview.set_hide_names(hide.isChecked())
    hide.toggled.connect(meetings_page.set_hide_names)
    hide.toggled.connect(overview.set_hide_names)
    meetings_page.actions_changed.connect(overview.reload)
    overview.actions_changed.connect(meetings_page.reload)
    return MeetingPages(meetings_page, overview)
