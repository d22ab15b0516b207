"""The escalation register: cases raised to an expertisenetwerk or the OZJ, and continuity
problems reported to the Jeugdautoriteit, with their status, response and follow-up.

An escalation links the cases it is about and the failed or overdue actions that show what was
tried. Its status moves along the ladder (concept → verzonden → ontvangen → beantwoord →
opgelost, or ingetrokken), each change dated and kept as an event: the case's escalation trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.escalation import EscalationStatus, can_change, next_statuses
from expertteam.i18n import _
from expertteam.services import audit, escalation_rules
from expertteam.services.escalation_info import (
    CHANGED,
    CREATED,
    FOLLOW_UP,
    RESPONSE,
    STATUS,
    EscalationInfo,
    EscalationInput,
    EscalationRow,
    is_follow_up_passed,
    stored_blocker_kinds,
    to_info,
)
from expertteam.services.store import Store
from expertteam.services.validation import clean_text, not_before, not_in_future, plausible_date
from expertteam.storage.models.cases import Case
from expertteam.storage.models.escalations import Escalation, EscalationCase, EscalationEvent


def load_escalation(session: Session, escalation_id: int) -> Escalation:
    escalation = session.get(Escalation, escalation_id)
    if escalation is None:
        raise NotFoundError(_("Deze escalatie bestaat niet (meer)."))
    return escalation


def _event(escalation: Escalation, store: Store, kind: str, on: date, *,
           old: EscalationStatus | None = None, new: EscalationStatus | None = None,
           note: str = "") -> EscalationEvent:
    return EscalationEvent(escalation=escalation, on=on, kind=kind,
                           old_status=old.value if old else None,
                           new_status=new.value if new else None, note=note,
                           recorded_by_id=store.actor_id)


# --------------------------------------------------------------------------- use cases


def create_escalation(store: Store, data: EscalationInput) -> EscalationInfo:
    """Register a new escalation as a concept, with its reference (ESC-jaar-nummer).

    Raises ``ValidationError`` naming the field: addressee of the wrong kind for the level, no
    case, more than one case for a case escalation, actions of other cases, no blocker kind,
    a date in the future or a follow-up date before the escalation."""
    with store.transaction() as session:
        clean = escalation_rules.validate(session, store, data)
        reference = escalation_rules.next_reference(session, clean.opened_on.year)
        escalation = Escalation(reference=reference,
                                status=EscalationStatus.CONCEPT, status_on=clean.opened_on,
                                level=clean.level, addressee_id=clean.addressee_id or 0,
                                opened_on=clean.opened_on)
        session.add(escalation)
        escalation_rules.apply_input(session, escalation, clean)
        session.add(_event(escalation, store, CREATED, clean.opened_on,
                           new=EscalationStatus.CONCEPT))
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "escalation", escalation.id)
        session.refresh(escalation)
        return to_info(escalation, store.today())


def update_escalation(store: Store, escalation_id: int, data: EscalationInput) -> EscalationInfo:
    """Change a concept escalation (everything, including its cases and actions).

    Raises ``NotFoundError``, ``StateError`` (no longer a concept: change the follow-up date or
    record the response instead) or ``ValidationError`` as for ``create_escalation``."""
    with store.transaction() as session:
        escalation = load_escalation(session, escalation_id)
        if escalation.status is not EscalationStatus.CONCEPT:
            raise StateError(_("Escalatie {ref} is al verzonden en kan niet meer worden "
                               "gewijzigd. Leg een antwoord of een nieuwe opvolgdatum vast.")
                             .format(ref=escalation.reference))
        clean = escalation_rules.validate(session, store, data)
        if clean.level is not escalation.level and \
                clean.level.is_continuity != escalation.level.is_continuity:
            raise ValidationError("level", _("Een casusescalatie kan geen melding aan de "
                                             "Jeugdautoriteit worden (of andersom); maak een "
                                             "nieuwe escalatie."))
        escalation_rules.apply_input(session, escalation, clean)
        session.add(_event(escalation, store, CHANGED, store.today()))
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "escalation", escalation.id)
        session.refresh(escalation)
        return to_info(escalation, store.today())


def change_status(store: Store, escalation_id: int, status: EscalationStatus,
                  on: date | None = None, note: str = "") -> EscalationInfo:
    """Move the escalation to ``status`` on date ``on`` (default today), kept as a dated event.
    "Beantwoord" goes through ``record_response`` (it needs the answer).

    Raises ``NotFoundError``, ``StateError`` (a change the ladder does not allow) or
    ``ValidationError`` (date in the future or before the previous status)."""
    if not isinstance(status, EscalationStatus):
        raise ValidationError("status", _("Kies een status."))
    if status is EscalationStatus.ANSWERED:
        raise ValidationError("response", _("Leg het antwoord vast om de escalatie op "
                                            "‘beantwoord’ te zetten."))
    with store.transaction() as session:
        escalation = load_escalation(session, escalation_id)
        day = _check_change(escalation, status, on, store.today())
        text = clean_text(note, "note", _("Toelichting"), max_length=2000, multiline=True)
        session.add(_event(escalation, store, STATUS, day, old=escalation.status, new=status,
                           note=text))
        escalation.status, escalation.status_on = status, day
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "escalation", escalation.id,
                     detail=f"status:{status.value}")
        session.refresh(escalation)
        return to_info(escalation, store.today())


def _check_change(escalation: Escalation, status: EscalationStatus, on: date | None,
                  today: date) -> date:
    if not can_change(escalation.status, status):
        allowed = ", ".join(s.label.lower() for s in next_statuses(escalation.status)) or \
            _("geen: de escalatie is afgerond")
        raise StateError(_("Van ‘{old}’ kan de escalatie niet naar ‘{new}’. Mogelijk: {allowed}.")
                         .format(old=escalation.status.label.lower(), new=status.label.lower(),
                                 allowed=allowed))
    day = on or today
    plausible_date(day, "on", _("Datum"))
    not_in_future(day, "on", _("De datum"), today)
    not_before(day, escalation.status_on, "on", _("De datum"),
               _("de vorige statuswijziging"))
    return day


def record_response(store: Store, escalation_id: int, response: str,
                    on: date | None = None, follow_up_on: date | None = None) -> EscalationInfo:
    """Record the addressee's answer and its date; the escalation becomes "beantwoord". A new
    follow-up date may be set with it.

    Raises ``NotFoundError``, ``ValidationError`` (empty answer, impossible date) or
    ``StateError`` (not sent yet, or already settled)."""
    text = clean_text(response, "response", _("Antwoord"), required=True, max_length=8000,
                      multiline=True)
    with store.transaction() as session:
        escalation = load_escalation(session, escalation_id)
        if escalation.status is EscalationStatus.ANSWERED:
            day = on or store.today()  # a further answer replaces the previous one
            not_in_future(day, "on", _("De datum"), store.today())
            not_before(day, escalation.status_on, "on", _("De datum"),
                       _("de vorige statuswijziging"))
        else:
            day = _check_change(escalation, EscalationStatus.ANSWERED, on, store.today())
            session.add(_event(escalation, store, STATUS, day, old=escalation.status,
                               new=EscalationStatus.ANSWERED))
            escalation.status, escalation.status_on = EscalationStatus.ANSWERED, day
        session.add(_event(escalation, store, RESPONSE, day, note=text))
        escalation.response, escalation.response_on = text, day
        if follow_up_on is not None:
            _set_follow_up(escalation, follow_up_on)
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "escalation", escalation.id,
                     detail="response")
        session.refresh(escalation)
        return to_info(escalation, store.today())


def _set_follow_up(escalation: Escalation, follow_up_on: date | None) -> None:
    plausible_date(follow_up_on, "follow_up_on", _("Opvolgdatum"))
    not_before(follow_up_on, escalation.opened_on, "follow_up_on", _("De opvolgdatum"),
               _("de datum van de escalatie"))
    escalation.follow_up_on = follow_up_on


def set_follow_up(store: Store, escalation_id: int, follow_up_on: date | None) -> EscalationInfo:
    """Set (or clear) the date to follow the escalation up; once passed while the escalation is
    under way, it shows as a signal.

    Raises ``NotFoundError``, ``StateError`` (settled) or ``ValidationError`` (before the
    escalation's date)."""
    with store.transaction() as session:
        escalation = load_escalation(session, escalation_id)
        if escalation.status.final:
            raise StateError(_("Escalatie {ref} is afgerond; er valt niets meer op te volgen.")
                             .format(ref=escalation.reference))
        _set_follow_up(escalation, follow_up_on)
        session.add(_event(escalation, store, FOLLOW_UP, store.today(),
                           note=follow_up_on.isoformat() if follow_up_on else ""))
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "escalation", escalation.id,
                     detail="follow_up")
        session.refresh(escalation)
        return to_info(escalation, store.today())


def get_escalation(store: Store, escalation_id: int) -> EscalationInfo:
    """One escalation with its cases, actions and dated events. Logged. Raises
    ``NotFoundError``."""
    with store.transaction() as session:
        escalation = load_escalation(session, escalation_id)
        audit.record(session, store, AuditAction.VIEW, "escalation", escalation.id)
        return to_info(escalation, store.today())


def list_escalations(store: Store, *, statuses: Sequence[EscalationStatus] = (),
                     case_id: int | None = None) -> list[EscalationRow]:
    """The register, newest first; only these statuses, or only those of one case."""
    today = store.today()
    with store.transaction() as session:
        query = select(Escalation).order_by(Escalation.opened_on.desc(), Escalation.id.desc())
        if statuses:
            query = query.where(Escalation.status.in_(list(statuses)))
        if case_id is not None:
            query = query.where(Escalation.id.in_(
                select(EscalationCase.escalation_id).where(EscalationCase.case_id == case_id)))
        rows = [
            EscalationRow(e.id, e.reference, e.level, e.addressee.name, e.opened_on, e.status,
                          e.status_on, tuple(link.case.case_number for link in e.cases),
                          stored_blocker_kinds(e.blocker_kinds), e.follow_up_on,
                          is_follow_up_passed(e, today))
            for e in session.scalars(query)]
        audit.record(session, store, AuditAction.VIEW, "escalation",
                     "*" if case_id is None else f"case:{case_id}", detail=f"{len(rows)} rows")
        return rows


def case_trail(store: Store, case_id: int) -> list[EscalationInfo]:
    """The escalation trail of one child: every escalation it is linked to, oldest first, each
    with its dated events. Logged. Raises ``NotFoundError`` for an unknown case."""
    with store.transaction() as session:
        case = session.get(Case, case_id)
        if case is None or case.purged_on is not None:
            raise NotFoundError(_("Deze casus bestaat niet (meer)."))
        escalations = session.scalars(
            select(Escalation).join(EscalationCase, EscalationCase.escalation_id == Escalation.id)
            .where(EscalationCase.case_id == case_id)
            .order_by(Escalation.opened_on, Escalation.id)).all()
        audit.record(session, store, AuditAction.VIEW, "escalation", f"case:{case_id}",
                     detail="trail")
        return [to_info(e, store.today()) for e in escalations]



def find_escalation_id(store: Store, reference_text: str) -> int:
    """The id of the escalation with this reference (ESC-2026-001). Raises ``NotFoundError``."""
    wanted = reference_text.strip().upper()
    with store.transaction() as session:
        found = session.scalars(select(Escalation.id).where(Escalation.reference == wanted)
                                ).first()
        if found is None:
            raise NotFoundError(_("Er is geen escalatie met kenmerk {ref}.").format(
                ref=wanted or "–"))
        return int(found)
