"""An escalation shown as text: its facts and its dated trail (for the register and the case)."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services import escalations
from expertteam.services.escalation_info import EscalationInfo
from expertteam.services.store import Store


def _d(value: date | None) -> str:
    return short_date(value, "–")


def escalation_html(info: EscalationInfo, *, heading: bool = True) -> str:
    """Facts, linked cases and actions, response and the dated events of one escalation."""
    rows = [
        (_("Niveau"), info.level.label), (_("Aan"), info.addressee_name),
        (_("Datum"), _d(info.opened_on)),
        (_("Status"), f"{info.status.label} ({_d(info.status_on)})"),
        (_("Knelpunten"), ", ".join(kind.label for kind in info.blocker_kinds)),
    ]
    if info.level.is_continuity:
        rows += [(_("Bij"), info.subject_organisation_name or "–"),
                 (_("Welke zorg"), info.care_description or "–"),
                 (_("Sinds"), _d(info.problem_since))]
    follow = _d(info.follow_up_on)
    if info.follow_up_passed:
        follow = f'<span style="color:#b00020"><b>{follow} — ' + escape(_("verstreken")) + \
            "</b></span>"
    else:
        follow = escape(follow)
    table = "".join(f"<tr><td><b>{escape(label)}</b>&nbsp;&nbsp;</td><td>{escape(value)}</td>"
                    "</tr>" for label, value in rows)
    table += f"<tr><td><b>{escape(_('Opvolgen op'))}</b></td><td>{follow}</td></tr>"
    html = f"<h3>{escape(info.reference)}</h3>" if heading else ""
    html += f"<table>{table}</table>"
    html += f"<p><b>{escape(_('Casussen'))}</b>: " + escape(", ".join(
        c.pseudonym for c in info.cases)) + "</p>"
    if info.actions:
        items = "".join(
            "<li>" + escape(_("{n}. {owner}: {what} ({status})").format(
                n=a.number, owner=a.owner_name, what=a.description,
                status=a.status.label.lower())) + "</li>" for a in info.actions)
        html += f"<p><b>{escape(_('Wat is geprobeerd'))}</b></p><ul>{items}</ul>"
    for label, text in ((_("Toelichting"), info.reason), (_("Verzoek"), info.request)):
        if text.strip():
            html += f"<p><b>{escape(label)}</b><br/>{escape(text)}</p>"
    if info.response.strip():
        html += (f"<p><b>{escape(_('Antwoord ({date})').format(date=_d(info.response_on)))}"
                 f"</b><br/>{escape(info.response)}</p>")
    events = "".join(
        f"<tr><td>{_d(e.on)}&nbsp;&nbsp;</td><td>{escape(e.text)}"
        + (f" — {escape(e.note)}" if e.note and e.kind != "follow_up" else "") + "</td></tr>"
        for e in info.events)
    html += f"<p><b>{escape(_('Verloop'))}</b></p><table>{events}</table>"
    return html


class EscalationTrail(QWidget):
    """The escalation trail of one child, oldest first (the case view's tab)."""

    def __init__(self, store: Store, case_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:case_trail")
        self.view = QTextBrowser()
        self.view.setAccessibleName(_("Escalatiespoor"))
        self.view.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.count = 0
        self.set_case(case_id)

    def set_case(self, case_id: int | None) -> None:
        if case_id is None:
            self.count = 0
            self.view.setHtml(_("<p>Nog niet opgeslagen: er zijn geen escalaties.</p>"))
            return
        try:
            trail = escalations.case_trail(self.store, case_id)
        except ExpertteamError as error:
            self.view.setPlainText(error.message)
            return
        self.count = len(trail)
        if not trail:
            self.view.setHtml(_("<p>Deze casus is niet opgeschaald.</p>"))
            return
        self.view.setHtml("<hr/>".join(escalation_html(info) for info in trail))
