"""Crash safety for the case editor: every change is kept as a draft in the encrypted database
shortly after it is made (``services/drafts.py``), so a crash loses at most the field being
typed; the next editor for that case offers the draft back in a bar, never a blocking question.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from expertteam.domain.errors import ExpertteamError
from expertteam.gui.widgets import InlineErrors
from expertteam.i18n import _
from expertteam.services import drafts
from expertteam.services.case_data import CaseInput
from expertteam.services.store import Store

DRAFT_DELAY_MS = 800


class DraftBar(QFrame):
    """"Er zijn wijzigingen die niet zijn opgeslagen…" with Terugzetten and Weggooien."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("draftBar")
        self.setStyleSheet("#draftBar { background: #fff4d6; border: 1px solid #b08800; }")
        row = QHBoxLayout(self)
        text = QLabel(_("Er zijn wijzigingen die niet zijn opgeslagen, bijvoorbeeld doordat de "
                        "app onverwacht stopte."), self)
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.restore_button = QPushButton(_("&Terugzetten"), self)
        self.discard_button = QPushButton(_("&Weggooien"), self)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)


class CaseDrafts(QObject):
    """Keeps the editor's form as a draft 0.8 s after the last change (``schedule``)."""

    def __init__(self, parent: QWidget, store: Store, errors: InlineErrors, *,
                 case_id: Callable[[], int | None],
                 form_input: Callable[[], CaseInput | None]) -> None:
        super().__init__(parent)
        self.store, self.errors = store, errors
        self.case_id, self.form_input = case_id, form_input
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_DELAY_MS)

    def schedule(self) -> None:
        self.timer.start()

    # A draft that cannot be written is shown like any refusal, but never clears a message the
    # user still needs (which ``operations.attempt`` would do on success).
    def save(self, data: CaseInput) -> None:
        """Keep ``data`` (no checks; a real save validates)."""
        self.timer.stop()
        try:
            drafts.save_case_draft(self.store, self.case_id(), data)
        except ExpertteamError as error:
            self.errors.show(error)

    def discard(self, case_id: int | None) -> None:
        """Throw away the draft of ``case_id`` (None: of a new case)."""
        self.timer.stop()
        try:
            drafts.discard_case_draft(self.store, case_id)
        except ExpertteamError as error:
            self.errors.show(error)

    def load(self) -> CaseInput | None:
        return drafts.load_case_draft(self.store, self.case_id())
