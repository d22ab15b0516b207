"""Inzage (AVG art. 15): everything held about one child, as JSON and as a readable PDF.

The export is for the data subject, so it names the child in full; it also lists who viewed or
changed the case (NEN 7513 gives the client that right). Exporting is logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import (
    ActionStatus,
    AuditAction,
    AuditResult,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    LabelledEnum,
    MeasureKind,
    WaitingFor,
)
from expertteam.domain.errors import NotFoundError, StorageError, ValidationError
from expertteam.formatting import date_time, short_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.case_history import FIELD_LABELS
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case, CaseChange
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.models.system import AuditEntry, UserProfile

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class InzageExport:
    """What was written: paths and the number of sections."""

    json_path: Path | None
    pdf_path: Path | None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_time(value)
    if isinstance(value, date):
        return short_date(value)
    label = getattr(value, "label", None)
    return str(label) if label is not None else str(value)


def _plain(value: object) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, LabelledEnum):
        return value.value
    return value


_HISTORY_LABELS = FIELD_LABELS  # every dated fact (services/case_history.py)
_HISTORY_ENUMS: dict[str, type[LabelledEnum]] = {
    "status": CaseStatus, "waiting_for": WaitingFor, "closing_result": ClosingResult,
    "blocker.kind": BlockerKind, "measure.kind": MeasureKind,
}


def _history_label(field: str) -> str:
    return _(_HISTORY_LABELS[field]) if field in _HISTORY_LABELS else field


def _history_text(session: Session, field: str, value: str | None) -> str:
    """A tracked value as a reader understands it: a label, a name, a Dutch date."""
    if value is None:
        return ""
    if field in _HISTORY_ENUMS:
        try:
            return _HISTORY_ENUMS[field](value).label
        except ValueError:
            return value
    if field == "jeugdbeschermer_id" and value.isdigit():
        contact = session.get(Contact, int(value))
        return contact.name if contact is not None else value
    if field.endswith("_id") and value.isdigit():
        organisation = session.get(Organisation, int(value))
        return organisation.name if organisation is not None else value
    try:
        return _text(date.fromisoformat(value))
    except ValueError:
        return value


def _load(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id) if isinstance(case_id, int) else None
    if case is None or case.purged_on is not None:
        raise NotFoundError(_("Deze casus bestaat niet (meer)."))
    return case


def _collect(session: Session, case: Case) -> dict[str, Any]:
    """Every record about the case as plain, JSON-ready data (code names as keys)."""
    org = {"municipality": case.municipality, "gi": case.gi, "referred_by": case.referred_by}
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "case": {
            "id": case.id, "uuid": case.uuid, "case_number": case.case_number,
            "given_names": case.given_names, "surname": case.surname,
            "birth_date": _plain(case.birth_date), "bsn": case.bsn,
            "municipality": org["municipality"].name if org["municipality"] else None,
            "gi": org["gi"].name if org["gi"] else None,
            "jeugdbeschermer": case.jeugdbeschermer.name if case.jeugdbeschermer else None,
            "referred_on": _plain(case.referred_on),
            "referred_by": org["referred_by"].name if org["referred_by"] else
            (case.referred_by_name or None),
            "referral_question": case.referral_question, "goal": case.goal,
            "waiting_for": _plain(case.waiting_for),
            "waiting_since": _plain(case.waiting_since),
            "help_started_on": _plain(case.help_started_on), "status": _plain(case.status),
            "closed_on": _plain(case.closed_on), "closing_result": _plain(case.closing_result),
            "closing_note": case.closing_note,
            "created_at": _plain(case.created_at), "updated_at": _plain(case.updated_at),
        },
        "measures": [
            {"kind": _plain(m.kind), "ruling_date": _plain(m.ruling_date),
             "gi_charged_on": _plain(m.gi_charged_on),
             "first_contact_on": _plain(m.first_contact_on), "plan_on": _plain(m.plan_on),
             "carried_out_on": _plain(m.carried_out_on), "end_date": _plain(m.end_date),
             "end_reason": m.end_reason, "removed": m.removed}
            for m in case.measures],
        "blockers": [
            {"kind": _plain(b.kind), "provider": b.provider.name if b.provider else None,
             "note": b.note, "since": _plain(b.since), "resolved_on": _plain(b.resolved_on)}
            for b in case.blockers],
        "history": [
            {"field": c.field, "field_label": _history_label(c.field),
             "old_value": c.old_value, "new_value": c.new_value,
             "old_text": _history_text(session, c.field, c.old_value),
             "new_text": _history_text(session, c.field, c.new_value),
             "effective_on": _plain(c.effective_on), "recorded_at": _plain(c.recorded_at)}
            for c in session.scalars(select(CaseChange).where(CaseChange.case_id == case.id)
                                     .order_by(CaseChange.id))
            if c.old_value is not None or c.new_value is not None],
    }
    discussions = []
    for item, meeting in session.execute(
            select(AgendaItem, Meeting).join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(AgendaItem.case_id == case.id).order_by(Meeting.held_on, AgendaItem.id)):
        discussions.append({
            "meeting_date": _plain(meeting.held_on), "kind": _plain(item.kind),
            "title": item.title, "summary": item.summary, "discussed": item.discussed,
            "decisions": [d.text for d in item.decisions if not d.withdrawn]})
    data["discussions"] = discussions
    data["actions"] = [
        {"number": a.number, "description": a.description,
         "owner": a.owner_organisation.name,
         "owner_contact": a.owner_contact.name if a.owner_contact else None,
         "due_on": _plain(a.due_on), "status": _plain(a.status),
         "times_postponed": a.times_postponed,
         "events": [{"at": _plain(e.at), "kind": e.kind, "old_status": e.old_status,
                     "new_status": e.new_status, "old_due_on": _plain(e.old_due_on),
                     "new_due_on": _plain(e.new_due_on), "note": e.note} for e in a.events]}
        for a in session.scalars(select(Action).where(Action.case_id == case.id)
                                 .order_by(Action.number))]
    users = {u.id: u for u in session.scalars(select(UserProfile))}
    data["access_log"] = [
        {"at": _plain(e.at), "user": users[e.actor_id].name if e.actor_id in users else None,
         "role": _plain(users[e.actor_id].role) if e.actor_id in users else None,
         "action": _plain(e.action), "result": _plain(e.result), "origin": e.origin}
        for e in session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "case", AuditEntry.object_id == str(case.id))
            .order_by(AuditEntry.id))]
    return data


def collect(store: Store, case_id: int) -> dict[str, Any]:
    """Everything about one child as JSON-ready data; viewing it is logged. Raises
    ``NotFoundError``."""
    with store.transaction() as session:
        case = _load(session, case_id)
        data = _collect(session, case)
        audit.record(session, store, AuditAction.VIEW, "case", case.id, detail="inzage")
        return data


def _document_data(data: dict[str, Any], as_of: date) -> Any:
    from expertteam.documents.inzage import InzageData, InzageTable
    from expertteam.domain.enums import BlockerKind, MeasureKind, UserRole

    def label(enum: Any, value: str | None) -> str:
        return enum(value).label if value else ""

    def day(value: str | None) -> str:
        return _text(date.fromisoformat(value[:10])) if value else ""

    case = data["case"]
    facts = (
        (_("Naam"), f"{case['given_names']} {case['surname']}".strip()),
        (_("Geboortedatum"), day(case["birth_date"])),
        (_("BSN"), case["bsn"] or ""),
        (_("Casusnummer"), case["case_number"]),
        (_("Gemeente"), case["municipality"] or ""),
        (_("Gecertificeerde instelling"), case["gi"] or ""),
        (_("Jeugdbeschermer"), case["jeugdbeschermer"] or ""),
        (_("Aangemeld op"), day(case["referred_on"])),
        (_("Aangemeld door"), case["referred_by"] or ""),
        (_("Hulpvraag"), case["referral_question"]),
        (_("Doorbraakdoel"), case["goal"]),
        (_("Wacht op"), label(WaitingFor, case["waiting_for"])),
        (_("Wacht sinds"), day(case["waiting_since"])),
        (_("Hulp gestart op"), day(case["help_started_on"])),
        (_("Status"), label(CaseStatus, case["status"])),
        (_("Afgesloten op"), day(case["closed_on"])),
        (_("Resultaat"), label(ClosingResult, case["closing_result"])),
        (_("Toelichting afsluiting"), case["closing_note"]),
    )
    tables = (
        InzageTable(_("Maatregelen"),
                    (_("Maatregel"), _("Uitspraak"), _("GI belast"), _("Eerste contact"),
                     _("Plan van aanpak"), _("Einde")),
                    tuple((label(MeasureKind, m["kind"]), day(m["ruling_date"]),
                           day(m["gi_charged_on"]), day(m["first_contact_on"]),
                           day(m["plan_on"]), day(m["end_date"]))
                          for m in data["measures"] if not m["removed"]),
                    (0.3, 0.14, 0.14, 0.14, 0.14, 0.14)),
        InzageTable(_("Knelpunten"),
                    (_("Knelpunt"), _("Organisatie"), _("Sinds"), _("Opgelost"),
                     _("Toelichting")),
                    tuple((label(BlockerKind, b["kind"]), b["provider"] or "", day(b["since"]),
                           day(b["resolved_on"]), b["note"]) for b in data["blockers"]),
                    (0.24, 0.2, 0.12, 0.12, 0.32)),
        InzageTable(_("Besprekingen en besluiten"),
                    (_("Overleg"), _("Onderwerp"), _("Samenvatting"), _("Besluiten")),
                    tuple((day(d["meeting_date"]), d["title"], d["summary"],
                           "\n".join(d["decisions"])) for d in data["discussions"]),
                    (0.13, 0.22, 0.35, 0.3)),
        InzageTable(_("Afspraken"),
                    (_("Nr."), _("Afspraak"), _("Wie"), _("Uiterlijk"), _("Status")),
                    tuple((str(a["number"]), a["description"], a["owner"], day(a["due_on"]),
                           label(ActionStatus, a["status"])) for a in data["actions"]),
                    (0.07, 0.45, 0.22, 0.12, 0.14)),
        InzageTable(_("Geschiedenis van wijzigingen"),
                    (_("Datum"), _("Gegeven"), _("Was"), _("Werd")),
                    tuple((day(c["effective_on"]), c["field_label"], c["old_text"],
                           c["new_text"]) for c in data["history"]),
                    (0.15, 0.25, 0.3, 0.3)),
        InzageTable(_("Wie heeft het dossier ingezien of gewijzigd"),
                    (_("Moment"), _("Gebruiker"), _("Handeling"), _("Resultaat")),
                    tuple((_text(datetime.fromisoformat(e["at"]).replace(
                        tzinfo=UTC).astimezone()), " ".join(
                        filter(None, [e["user"] or _("onbekend"),
                                      f"({label(UserRole, e['role']).lower()})"
                                      if e["role"] else ""])),
                        label(AuditAction, e["action"]), label(AuditResult, e["result"]))
                          for e in data["access_log"]),
                    (0.2, 0.4, 0.25, 0.15)),
    )
    return InzageData(case["case_number"], f"{case['given_names']} {case['surname']}".strip(),
                      as_of, facts, tables)


def export_inzage(store: Store, case_id: int, folder: Path, *, json_file: bool = True,
                  pdf_file: bool = True) -> InzageExport:
    """Write ``inzage-<casusnummer>.json`` and/or ``.pdf`` into ``folder``; logged as an export.

    Raises ``NotFoundError``, ``ValidationError`` (``folder``) or ``StorageError`` (cannot
    write)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError("folder", _("Kies een bestaande map voor de inzage-export."))
    if not (json_file or pdf_file):
        raise ValidationError("format", _("Kies JSON, PDF of allebei."))
    data = collect(store, case_id)
    number = data["case"]["case_number"]
    json_path = folder / f"inzage-{number}.json" if json_file else None
    pdf_path = folder / f"inzage-{number}.pdf" if pdf_file else None
    from expertteam.services import files

    try:
        if json_path is not None:
            files.write_atomically(json_path, json.dumps(data, ensure_ascii=False, indent=2)
                                   .encode("utf-8"))
        if pdf_path is not None:
            from expertteam.documents.inzage import render_inzage
            from expertteam.services.letterhead import get_letterhead

            letterhead = get_letterhead(store).for_documents(audit.anchor_of(store).text)
            files.write_atomically(pdf_path, render_inzage(_document_data(data, store.today()),
                                                           letterhead))
    except (StorageError, ValidationError):
        if json_path is not None and pdf_path is not None and json_path.exists():
            json_path.unlink(missing_ok=True)  # both or neither
        audit.record_now(store, AuditAction.EXPORT, "case", case_id, result=AuditResult.FAILED,
                         detail="inzage")
        raise
    audit.record_now(store, AuditAction.EXPORT, "case", case_id,
                     detail="inzage " + "+".join(
                         kind for kind, path in (("json", json_path), ("pdf", pdf_path)) if path))
    return InzageExport(json_path, pdf_path)
