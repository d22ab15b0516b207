"""The pages of the main window, each defined once: key (saved as the page to reopen), title in
the navigation and shortcut. The shell (``gui/shell.py``) builds them in this order."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from expertteam.gui import shortcuts
from expertteam.i18n import N_


class PageKey(enum.StrEnum):
    DASHBOARD = "dashboard"
    REGISTER = "register"
    MEETINGS = "meetings"
    ACTIONS = "actions"
    MONITOR = "monitor"
    SIGNALS = "signals"
    ESCALATIONS = "escalations"


@dataclass(frozen=True)
class PageSpec:
    key: PageKey
    title: str  # marked with N_(), shown through _()
    shortcut: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec(PageKey.DASHBOARD, N_("Overzicht"), shortcuts.OVERVIEW),  # the start page
    PageSpec(PageKey.REGISTER, N_("Casusregister"), shortcuts.REGISTER),
    PageSpec(PageKey.MEETINGS, N_("Overleggen"), shortcuts.MEETINGS),
    PageSpec(PageKey.ACTIONS, N_("Acties"), shortcuts.ACTIONS),
    PageSpec(PageKey.MONITOR, N_("Monitor"), shortcuts.MONITOR),
    PageSpec(PageKey.SIGNALS, N_("Signalen"), shortcuts.SIGNALS),
    PageSpec(PageKey.ESCALATIONS, N_("Escalaties"), shortcuts.ESCALATIONS),
)
