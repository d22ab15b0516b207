"""The seam between the live meeting and what other screens show about the case on screen.

The live screen (``gui/meetings``) shows a ``CasePanel`` under the facts of the current case;
the shell hands it the escalations' signals panel. Neither package imports the other."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from expertteam.services.store import Store


class CasePanel(QWidget):
    """A panel about one case; hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_id: int | None = None
        self.title = QLabel()
        self.hide()

    def set_case(self, case_id: int | None) -> None:
        self.case_id = case_id


CasePanelFactory = Callable[[Store, QWidget], CasePanel]
