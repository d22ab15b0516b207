"""The escalation register: cases raised to an expertisenetwerk or the OZJ, and continuity
problems reported to the Jeugdautoriteit, with their status, response and follow-up.

An escalation links the cases it is about and the failed or overdue actions that show what was
tried. Its status moves along the ladder (concept → verzonden → ontvangen → beantwoord →
opgelost, or ingetrokken), each change dated and kept as an event: the case's escalation trail.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import ActionStatus, AuditAction, BlockerKind, OrganisationKind
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.escalation import (
    EscalationLevel,
    EscalationStatus,
    can_change,
    next_statuses,
)
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.signal_criteria import SignalKind
from expertteam.i18n import _
from expertteam.services import audit, escalation_rules
from expertteam.services.signals import find_signal
from expertteam.services.store import Store
from expertteam.services.validation import clean_text, not_before, not_in_future, plausible_date
from expertteam.storage.models import (
    Action,
    Case,
    CaseBlocker,
    Escalation,
    EscalationCase,
    EscalationEvent,
    Organisation,
)

DEFAULT_FOLLOW_UP_WEEKS = 4
CREATED, STATUS, RESPONSE, CHANGED, FOLLOW_UP = "created", "status", "response", "changed", \
    "follow_up"


@dataclass
class EscalationInput:
    level: EscalationLevel
    addressee_id: int | None
    opened_on: date
    blocker_kinds: tuple[BlockerKind, ...] = ()
    case_ids: tuple[int, ...] = ()
    action_ids: tuple[int, ...] = ()
    reason: str = ""
    request: str = ""
    follow_up_on: date | None = None
    subject_organisation_id: int | None = None
    care_description: str = ""
    problem_since: date | None = None
    signal_key: str = ""


@dataclass(frozen=True, slots=True)
class LinkedCase:
    id: int
    case_number: str
    pseudonym: str


@dataclass(frozen=True, slots=True)
class LinkedAction:
    id: int
    number: int
    case_id: int
    case_number: str
    description: str
    owner_name: str
    due_on: date
    status: ActionStatus
    times_postponed: int


@dataclass(frozen=True, slots=True)
class EscalationEventInfo:
    id: int
    on: date
    kind: str
    old_status: EscalationStatus | None
    new_status: EscalationStatus | None
    note: str

    @property
    def text(self) -> str:
        if self.kind == CREATED:
            return _("Escalatie aangemaakt")
        if self.kind == RESPONSE:
            return _("Antwoord vastgelegd")
        if self.kind == FOLLOW_UP:
            return _("Opvolgdatum gewijzigd")
        if self.kind == CHANGED:
            return _("Concept gewijzigd")
        status = self.new_status.label.lower() if self.new_status else ""
        return _("Status: {status}").format(status=status)


@dataclass(frozen=True, slots=True)
class EscalationInfo:
    id: int
    reference: str
    level: EscalationLevel
    addressee_id: int
    addressee_name: str
    opened_on: date
    status: EscalationStatus
    status_on: date
    blocker_kinds: tuple[BlockerKind, ...]
    subject_organisation_id: int | None
    subject_organisation_name: str
    care_description: str
    problem_since: date | None
    reason: str
    request: str
    follow_up_on: date | None
    response: str
    response_on: date | None
    signal_key: str
    cases: tuple[LinkedCase, ...]
    actions: tuple[LinkedAction, ...]
    events: tuple[EscalationEventInfo, ...] = field(default=())
    follow_up_passed: bool = False

    @property
    def next_statuses(self) -> list[EscalationStatus]:
        return next_statuses(self.status)

    @property
    def sent_on(self) -> date | None:
        """The first date it was sent (None while a concept)."""
        return next((e.on for e in self.events if e.new_status is EscalationStatus.SENT), None)

    def to_input(self) -> EscalationInput:
        return EscalationInput(
            level=self.level, addressee_id=self.addressee_id, opened_on=self.opened_on,
            blocker_kinds=self.blocker_kinds, case_ids=tuple(c.id for c in self.cases),
            action_ids=tuple(a.id for a in self.actions), reason=self.reason,
            request=self.request, follow_up_on=self.follow_up_on,
            subject_organisation_id=self.subject_organisation_id,
            care_description=self.care_description, problem_since=self.problem_since,
            signal_key=self.signal_key)


@dataclass(frozen=True, slots=True)
class EscalationRow:
    id: int
    reference: str
    level: EscalationLevel
    addressee_name: str
    opened_on: date
    status: EscalationStatus
    status_on: date
    case_numbers: tuple[str, ...]
    blocker_kinds: tuple[BlockerKind, ...]
    follow_up_on: date | None
    follow_up_passed: bool


# --------------------------------------------------------------------------- mapping


def _kinds(raw: str) -> tuple[BlockerKind, ...]:
    try:
        return tuple(BlockerKind(value) for value in json.loads(raw or "[]"))
    except (ValueError, TypeError):
        return ()


def _status_or_none(value: str | None) -> EscalationStatus | None:
    return EscalationStatus(value) if value else None


def _follow_up_passed(escalation: Escalation, today: date) -> bool:
    return escalation.status.under_way and escalation.follow_up_on is not None and \
        today > escalation.follow_up_on


def _info(escalation: Escalation, today: date) -> EscalationInfo:
    cases = tuple(
        LinkedCase(link.case.id, link.case.case_number,
                   pseudonym(link.case.case_number, link.case.given_names, link.case.surname,
                             link.case.birth_date))
        for link in escalation.cases)
    numbers = {c.id: c.case_number for c in cases}
    actions = tuple(
        LinkedAction(a.id, a.number, a.case_id, numbers.get(a.case_id, ""), a.description,
                     a.owner_organisation.name, a.due_on, a.status, a.times_postponed)
        for a in sorted((link.action for link in escalation.actions), key=lambda a: a.number))
    events = tuple(
        EscalationEventInfo(e.id, e.on, e.kind, _status_or_none(e.old_status),
                            _status_or_none(e.new_status), e.note)
        for e in escalation.events)
    subject = escalation.subject_organisation
    return EscalationInfo(
        id=escalation.id, reference=escalation.reference, level=escalation.level,
        addressee_id=escalation.addressee_id, addressee_name=escalation.addressee.name,
        opened_on=escalation.opened_on, status=escalation.status,
        status_on=escalation.status_on, blocker_kinds=_kinds(escalation.blocker_kinds),
        subject_organisation_id=escalation.subject_organisation_id,
        subject_organisation_name=subject.name if subject else "",
        care_description=escalation.care_description, problem_since=escalation.problem_since,
        reason=escalation.reason, request=escalation.request,
        follow_up_on=escalation.follow_up_on, response=escalation.response,
        response_on=escalation.response_on, signal_key=escalation.signal_key, cases=cases,
        actions=actions, events=events,
        follow_up_passed=_follow_up_passed(escalation, today))


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
        return _info(escalation, store.today())


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
        return _info(escalation, store.today())


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
        return _info(escalation, store.today())


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
        return _info(escalation, store.today())


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
        return _info(escalation, store.today())


def get_escalation(store: Store, escalation_id: int) -> EscalationInfo:
    """One escalation with its cases, actions and dated events. Logged. Raises
    ``NotFoundError``."""
    with store.transaction() as session:
        escalation = load_escalation(session, escalation_id)
        audit.record(session, store, AuditAction.VIEW, "escalation", escalation.id)
        return _info(escalation, store.today())


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
                          _kinds(e.blocker_kinds), e.follow_up_on, _follow_up_passed(e, today))
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
        return [_info(e, store.today()) for e in escalations]


# --------------------------------------------------------------------------- from a signal


def _default_addressee(session: Session, kind: OrganisationKind) -> int | None:
    return session.scalars(select(Organisation.id).where(Organisation.kind == kind,
                                                         Organisation.active.is_(True))
                           .order_by(Organisation.id).limit(1)).first()


def failed_actions(session: Session, case_ids: Sequence[int], today: date) -> list[int]:
    """Ids of the actions of these cases that were not met: not done, postponed, or open past
    their due date (what the region tried)."""
    rows = session.execute(
        select(Action.id, Action.status, Action.due_on, Action.times_postponed)
        .where(Action.case_id.in_(list(case_ids))).order_by(Action.number)).all()
    return [action_id for action_id, status, due_on, postponed in rows
            if status is not ActionStatus.CANCELLED and (
                status is ActionStatus.NOT_DONE or postponed > 0 or
                (status is ActionStatus.OPEN and today > due_on))]


def _open_blocker_kinds(session: Session, case_ids: Sequence[int]) -> tuple[BlockerKind, ...]:
    kinds = session.scalars(select(CaseBlocker.kind)
                            .where(CaseBlocker.case_id.in_(list(case_ids)),
                                   CaseBlocker.resolved_on.is_(None))
                            .order_by(CaseBlocker.id)).all()
    return tuple(dict.fromkeys(kinds))


def draft_from_signal(store: Store, signal_key: str, *, case_id: int | None = None
                      ) -> EscalationInput:
    """A filled-in concept for escalating what a signal shows: a continuity signal becomes a
    report to the Jeugdautoriteit (its children as evidence, the organisation and the blocker
    kinds); any other signal a case escalation to the expertisenetwerk, for ``case_id`` or the
    signal's (first) case. The failed or overdue actions are linked. Nothing is stored yet.

    Raises ``NotFoundError`` (the signal no longer applies) or ``StateError`` (a follow-up
    signal: that escalation exists already)."""
    today = store.today()
    with store.transaction() as session:
        signal = find_signal(session, today, signal_key).signal
        if signal.kind is SignalKind.FOLLOW_UP_PASSED:
            raise StateError(_("Dit signaal gaat over een escalatie die al loopt; volg die op "
                               "in het escalatieregister."))
        if signal.kind.concerns_continuity:
            case_ids = signal.case_ids
            level = EscalationLevel.JEUGDAUTORITEIT
            kinds = signal.blocker_kinds
            since_rows = session.scalars(
                select(CaseBlocker.since).where(CaseBlocker.case_id.in_(list(case_ids)),
                                                CaseBlocker.kind.in_(list(kinds)))).all()
            since = min((d for d in since_rows if d is not None), default=None)
            subject = signal.organisation_ids[0] if signal.organisation_ids else None
        else:
            chosen = case_id if case_id in signal.case_ids else signal.case_ids[0]
            case_ids = (chosen,)
            level = EscalationLevel.EXPERTISE_NETWORK
            kinds = _open_blocker_kinds(session, case_ids) or (BlockerKind.OTHER,)
            since, subject = None, None
        if subject is not None:
            org = session.get(Organisation, subject)
            if org is None or org.kind not in (OrganisationKind.PROVIDER, OrganisationKind.GI,
                                               OrganisationKind.MUNICIPALITY):
                subject = None
        draft = EscalationInput(
            level=level, addressee_id=_default_addressee(session, level.addressee_kind),
            opened_on=today, blocker_kinds=tuple(kinds), case_ids=tuple(case_ids),
            action_ids=tuple(failed_actions(session, case_ids, today)),
            reason=signal.text, follow_up_on=today + timedelta(weeks=DEFAULT_FOLLOW_UP_WEEKS),
            subject_organisation_id=subject,
            problem_since=since, signal_key=signal.key)
        audit.record(session, store, AuditAction.VIEW, "signals", signal.key[:40],
                     detail="draft escalation")
        return draft


def candidate_actions(store: Store, case_ids: Sequence[int]) -> list[tuple[LinkedAction, bool]]:
    """The actions of these cases that an escalation may link, each with whether it failed
    (not done, postponed, or open past its due date), numbered order."""
    today = store.today()
    with store.transaction() as session:
        failed = set(failed_actions(session, case_ids, today))
        rows = session.scalars(select(Action).where(Action.case_id.in_(list(case_ids)),
                                                    Action.status != ActionStatus.CANCELLED)
                               .order_by(Action.number)).all()
        return [(LinkedAction(a.id, a.number, a.case_id, a.case.case_number, a.description,
                              a.owner_organisation.name, a.due_on, a.status, a.times_postponed),
                 a.id in failed) for a in rows]


def linkable_cases(store: Store, case_ids: Sequence[int]) -> list[LinkedCase]:
    """These cases as an escalation shows them (case number and pseudonym), in number order."""
    with store.transaction() as session:
        rows = session.scalars(select(Case).where(Case.id.in_(list(case_ids)),
                                                  Case.purged_on.is_(None))
                               .order_by(Case.case_number)).all()
        return [LinkedCase(c.id, c.case_number,
                           pseudonym(c.case_number, c.given_names, c.surname, c.birth_date))
                for c in rows]


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
