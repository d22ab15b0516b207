"""Escalation screens: the signals page, the escalation register, the letter editor, the case's
escalation trail and the live meeting's signals panel. ``install(window)`` plugs the two pages
into the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from expertteam.i18n import _

if TYPE_CHECKING:
    from expertteam.gui.escalations.register_page import EscalationRegisterPage
    from expertteam.gui.escalations.signals_page import SignalsPage
    from expertteam.gui.main_window import MainWindow

SIGNALS_PAGE = "signals"
ESCALATIONS_PAGE = "escalations"


class EscalationPages(NamedTuple):
    signals: SignalsPage
    register: EscalationRegisterPage


def install(window: MainWindow) -> EscalationPages:
    """Add "Signalen" (Ctrl+4, with the number of open signals) and "Escalaties" (Ctrl+5)."""
    from PySide6.QtCore import Qt

    from expertteam.gui.escalations.register_page import EscalationRegisterPage
    from expertteam.gui.escalations.signals_page import SignalsPage

    signals_page = SignalsPage(window.store, window)
    register = EscalationRegisterPage(window.store, window)
    window.add_page(SIGNALS_PAGE, _("Signalen"), signals_page, "Ctrl+4")
    window.add_page(ESCALATIONS_PAGE, _("Escalaties"), register, "Ctrl+5")

    def show_count(count: int) -> None:
        for row in range(window.navigation.count()):
            item = window.navigation.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == SIGNALS_PAGE:
                item.setText(_("Signalen ({n})").format(n=count) if count else _("Signalen"))

    signals_page.count_changed.connect(show_count)
    signals_page.escalation_created.connect(lambda _id: register.reload())
    register.changed.connect(signals_page.reload)
    show_count(signals_page.open_count)  # the page computed its signals when it was built
    return EscalationPages(signals_page, register)
