"""The two things one does with a signal, shared by the signals page and the live meeting:
escalate it (form → escalation → letter editor) and set it aside with a reason."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QWidget

from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import short_date
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.escalations.dialogs import ReasonDialog
from expertteam.gui.escalations.escalation_dialog import EscalationDialog
from expertteam.gui.escalations.letter_editor import LetterEditor
from expertteam.i18n import _
from expertteam.services import escalation_drafts, signals
from expertteam.services.signals import SignalRow
from expertteam.services.store import Store

Report = Callable[[str], None]


def facts_html(row: SignalRow) -> str:
    """The signal's text and the facts that triggered it, as a small table."""
    signal = row.signal
    lines = "".join(f"<tr><td><b>{escape(fact.label)}</b>&nbsp;&nbsp;</td>"
                    f"<td>{escape(fact.value)}</td></tr>" for fact in signal.facts)
    html = (f"<p><b>{escape(signal.kind.label)}</b></p><p>{escape(signal.text)}</p>"
            f"<table>{lines}</table>")
    if row.dismissal is not None:
        html += "<p><i>" + escape(_("Weggezet op {date}: {reason}").format(
            date=short_date(row.dismissal.dismissed_on),
            reason=row.dismissal.reason)) + "</i></p>"
    return html


class EscalationFlow:
    """From a signal to a stored escalation and its letter. ``dialog`` and ``editor`` are kept
    for whoever wants to follow (tests, the page that started it)."""

    def __init__(self, parent: QWidget, store: Store, report: Report) -> None:
        self.parent, self.store, self.report = parent, store, report
        self.dialog: EscalationDialog | None = None
        self.editor: LetterEditor | None = None
        self.row: SignalRow | None = None

    def start(self, row: SignalRow, case_id: int | None = None) -> EscalationDialog | None:
        """Open the escalation form filled in from the signal (None when it no longer
        applies; the reason is reported)."""
        self.row = row
        try:
            draft = escalation_drafts.draft_from_signal(self.store, row.signal.key, case_id=case_id)
        except ExpertteamError as error:
            self.report(error.message)
            return None
        self.dialog = EscalationDialog(self.store, draft, parent=self.parent)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()
        return self.dialog

    def _saved(self) -> None:
        assert self.dialog is not None
        saved = self.dialog.saved
        if saved is None:
            return
        if self.row is not None and not self.row.dismissed:
            # The escalation answers the signal; it comes back when its facts change.
            # When the facts changed meanwhile, the signal simply stays.
            with contextlib.suppress(ExpertteamError):
                signals.dismiss_signal(self.store, self.row.signal.key,
                                       self.row.signal.fingerprint,
                                       _("Opgeschaald: {ref}").format(ref=saved.reference))
        self.report(_("Escalatie {ref} aangemaakt.").format(ref=saved.reference))
        notice_for(self.store).announce(Change.ESCALATIONS)
        self.editor = LetterEditor(self.store, saved.id, self.parent)
        self.editor.open()


def dismiss(parent: QWidget, store: Store, row: SignalRow) -> ReasonDialog:
    """Ask for the reason and set the signal aside (announced as a change of escalations)."""
    dialog = ReasonDialog(
        _("Signaal wegzetten"),
        _("Waarom is dit signaal nu geen reden om op te schalen? De reden wordt vastgelegd. "
          "Het signaal komt terug zodra de feiten veranderen."),
        lambda reason: signals.dismiss_signal(store, row.signal.key, row.signal.fingerprint,
                                              reason), parent)
    dialog.accepted.connect(lambda: notice_for(store).announce(Change.ESCALATIONS))
    dialog.open()
    return dialog
