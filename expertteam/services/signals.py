"""Signals: what the app points out today, with the region's thresholds, and their dismissals.

The criteria themselves live in ``domain.signals``; this service reads the facts from the
database (cases, measures, blockers, actions, escalations), applies the thresholds stored in the
``signals.criteria`` setting, and marks the signals that were dismissed. A dismissal holds while
the signal's fingerprint (the facts that define it) is unchanged; when the facts change, the
signal shows again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from expertteam.domain.enums import AuditAction, BlockerKind, CaseStatus
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.escalation import EscalationStatus
from expertteam.domain.signal_criteria import SignalCriteria, SignalKind
from expertteam.domain.signal_facts import (
    ActionFacts,
    BlockerFacts,
    CaseFacts,
    CaseMeasure,
    EscalationFacts,
    Facts,
    Signal,
)
from expertteam.domain.signals import continuity, evaluate, sort_signals
from expertteam.domain.terms import MeasureFacts
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case, CaseBlocker, Measure
from expertteam.storage.models.escalations import Escalation, EscalationCase, SignalDismissal
from expertteam.storage.models.organisations import Organisation
from expertteam.storage.models.system import Setting, UserProfile
from expertteam.storage.plain_rows import plain_rows

CRITERIA_KEY = "signals.criteria"


@dataclass(frozen=True, slots=True)
class DismissalInfo:
    id: int
    signal_key: str
    kind: SignalKind
    fingerprint: str
    reason: str
    dismissed_on: date
    dismissed_by: str
    revoked_on: date | None


@dataclass(frozen=True, slots=True)
class SignalRow:
    """A current signal and, when it is set aside, the dismissal that holds for it."""

    signal: Signal
    dismissal: DismissalInfo | None = None

    @property
    def dismissed(self) -> bool:
        return self.dismissal is not None


# --------------------------------------------------------------------------- criteria


def read_criteria(session: Session) -> SignalCriteria:
    """The stored criteria inside a caller's transaction (defaults where nothing is stored)."""
    import json

    row = session.get(Setting, CRITERIA_KEY)
    if row is None:
        return SignalCriteria()
    try:
        raw = json.loads(row.value)
        return SignalCriteria.from_dict(raw if isinstance(raw, dict) else {})
    except (ValueError, ValidationError):
        return SignalCriteria()  # a damaged setting must not hide every signal


def get_criteria(store: Store) -> SignalCriteria:
    """The region's thresholds for the signals (defaults until changed)."""
    with store.transaction() as session:
        return read_criteria(session)


def save_criteria(store: Store, criteria: SignalCriteria) -> SignalCriteria:
    """Store the thresholds; the change is logged.

    Raises ``ValidationError`` naming the setting for a value out of range."""
    checked = SignalCriteria.from_dict(criteria.to_dict())
    settings_service.set_value(store, CRITERIA_KEY, checked.to_dict())
    return checked


# --------------------------------------------------------------------------- facts


def read_facts(session: Session, *, case_ids: Sequence[int] | None = None,
               light: bool = False) -> Facts:
    """The facts the criteria need, read as plain columns (fast on a large register).

    With ``case_ids`` only those cases are read (continuity then sees only them); ``light``
    reads only cases and blockers (what the continuity criterion needs). The queries run on
    driver (``storage/plain_rows.py``: rows as tuples, without SQLAlchemy's row processing),
    and only the actions of open cases are read."""
    municipality, gi = aliased(Organisation), aliased(Organisation)
    case_query = (
        select(Case.id, Case.case_number, Case.status, Case.municipality_id, municipality.name,
               Case.gi_id, gi.name, Case.waiting_for, Case.waiting_since, Case.help_started_on,
               Case.closed_on)
        .outerjoin(municipality, Case.municipality_id == municipality.id)
        .outerjoin(gi, Case.gi_id == gi.id)
        .where(Case.purged_on.is_(None)))
    if case_ids is not None:
        case_query = case_query.where(Case.id.in_(list(case_ids)))
    if light:  # continuity looks only at cases that have a blocker
        case_query = case_query.where(Case.id.in_(select(CaseBlocker.case_id)))
    case_rows = plain_rows(session, case_query)
    wanted = {row[0] for row in case_rows}
    measures: dict[int, list[CaseMeasure]] = defaultdict(list)
    measure_query = (
        select(Measure.id, Measure.case_id, Measure.kind, Measure.ruling_date,
               Measure.gi_charged_on, Measure.first_contact_on, Measure.plan_on,
               Measure.end_date, Measure.carried_out_on)
        .where(Measure.removed.is_(False)).order_by(Measure.id))
    if case_ids is not None:
        measure_query = measure_query.where(Measure.case_id.in_(list(case_ids)))
    measure_rows = () if light else plain_rows(session, measure_query)
    for (measure_id, case_id, kind, ruling, charged, contact, plan, end,
         carried_out) in measure_rows:
        if case_id in wanted:
            measures[case_id].append(CaseMeasure(measure_id, MeasureFacts(
                kind, ruling, charged, contact, plan, end, carried_out)))
    cases = tuple(
        CaseFacts(id=case_id, case_number=number, status=status, municipality_id=mun_id,
                  municipality_name=mun_name or "", gi_id=gi_id, gi_name=gi_name or "",
                  waiting_for=waiting_for, waiting_since=waiting_since,
                  help_started_on=help_started, closed_on=closed_on,
                  measures=tuple(measures.get(case_id, ())))
        for (case_id, number, status, mun_id, mun_name, gi_id, gi_name, waiting_for,
             waiting_since, help_started, closed_on) in case_rows)
    by_id = {case.id: case for case in cases}

    provider = aliased(Organisation)
    blocker_query = (
        select(CaseBlocker.id, CaseBlocker.case_id, CaseBlocker.kind, CaseBlocker.provider_id,
               provider.name, CaseBlocker.since, CaseBlocker.resolved_on)
        .outerjoin(provider, CaseBlocker.provider_id == provider.id).order_by(CaseBlocker.id))
    if case_ids is not None:
        blocker_query = blocker_query.where(CaseBlocker.case_id.in_(list(case_ids)))
    blockers: list[BlockerFacts] = []
    for (blocker_id, case_id, blocker_kind, provider_id, provider_name, since,
         resolved) in plain_rows(session, blocker_query):
        case = by_id.get(case_id)
        if case is None:
            continue
        organisation_id, organisation_name = provider_id, provider_name or ""
        if organisation_id is None and blocker_kind is BlockerKind.NO_VASTE_JEUGDBESCHERMER:
            organisation_id, organisation_name = case.gi_id, case.gi_name  # the GI cannot staff
        blockers.append(BlockerFacts(blocker_id, case_id, blocker_kind, organisation_id,
                                     organisation_name, since, resolved))

    if light:
        return Facts(cases, (), tuple(blockers), ())
    owner = aliased(Organisation)
    action_query = (
        select(Action.id, Action.number, Action.case_id, Action.owner_organisation_id,
               owner.name, Action.due_on, Action.status, Action.times_postponed)
        .join(owner, Action.owner_organisation_id == owner.id)
        .join(Case, Action.case_id == Case.id)
        .where(Case.status != CaseStatus.CLOSED, Case.purged_on.is_(None))
        .order_by(Action.number))
    if case_ids is not None:
        action_query = action_query.where(Action.case_id.in_(list(case_ids)))
    actions = tuple(
        ActionFacts(action_id, number, case_id, by_id[case_id].case_number, owner_id,
                    owner_name, due_on, status, postponed)
        for (action_id, number, case_id, owner_id, owner_name, due_on, status,
             postponed) in plain_rows(session, action_query)
        if case_id in by_id and by_id[case_id].open)

    linked: dict[int, list[int]] = defaultdict(list)
    for escalation_id, case_id in plain_rows(
            session, select(EscalationCase.escalation_id, EscalationCase.case_id)):
        linked[escalation_id].append(case_id)
    addressee = aliased(Organisation)
    escalations = tuple(
        EscalationFacts(escalation_id, reference, level.label, addressee_name, follow_up_on,
                        status.under_way, tuple(sorted(linked.get(escalation_id, ()))))
        for (escalation_id, reference, level, addressee_name, follow_up_on,
             status) in plain_rows(session,
            select(Escalation.id, Escalation.reference, Escalation.level, addressee.name,
                   Escalation.follow_up_on, Escalation.status)
            .join(addressee, Escalation.addressee_id == addressee.id)
            .where(Escalation.status.not_in((EscalationStatus.RESOLVED,
                                             EscalationStatus.WITHDRAWN))))
        if case_ids is None or wanted & set(linked.get(escalation_id, ())))
    return Facts(cases, actions, tuple(blockers), escalations)


# --------------------------------------------------------------------------- signals


def _sharing_blockers(session: Session, own: Facts) -> list[int]:
    """Cases with a blocker of the same kind or by the same organisation as one of ``own``'s
    blockers: every member of a continuity group that ``own``'s case belongs to."""
    kinds = {b.kind for b in own.blockers if b.kind is not BlockerKind.OTHER}
    organisations = {b.organisation_id for b in own.blockers if b.organisation_id is not None}
    if not kinds and not organisations:
        return [case.id for case in own.cases]
    staffing = (CaseBlocker.kind == BlockerKind.NO_VASTE_JEUGDBESCHERMER) & \
        CaseBlocker.provider_id.is_(None) & Case.gi_id.in_(organisations)
    rows = session.scalars(
        select(CaseBlocker.case_id).join(Case, Case.id == CaseBlocker.case_id)
        .where(or_(CaseBlocker.kind.in_(kinds), CaseBlocker.provider_id.in_(organisations),
                   staffing)).distinct())
    return [*rows, *(case.id for case in own.cases)]


def _dismissal_info(row: SignalDismissal, names: dict[int, str]) -> DismissalInfo:
    return DismissalInfo(row.id, row.signal_key, SignalKind(row.kind), row.fingerprint,
                         row.reason, row.dismissed_on,
                         names.get(row.dismissed_by_id or 0, ""), row.revoked_on)


def _user_names(session: Session) -> dict[int, str]:
    return {user_id: name for user_id, name in
            session.execute(select(UserProfile.id, UserProfile.name))}


def compute_signals(session: Session, today: date, *, case_id: int | None = None,
                    scope: Sequence[int] | None = None) -> list[SignalRow]:
    """Every current signal with its dismissal (if one holds), inside a caller's transaction.

    ``case_id`` keeps the signals that concern that case (continuity signals included, so all
    facts are read); ``scope`` reads only these cases' facts (for a signal about one case)."""
    criteria = read_criteria(session)
    if case_id is None:
        signals = evaluate(read_facts(session, case_ids=scope), today, criteria)
    else:
        # One case (the live screen): its own facts, and continuity over every case's
        # blockers, keeping the groups it belongs to. Same result, a fraction of the work.
        own_facts = read_facts(session, case_ids=[case_id])
        own = replace(criteria, enabled=criteria.enabled - {SignalKind.CONTINUITY})
        found = evaluate(own_facts, today, own)
        if SignalKind.CONTINUITY in criteria.enabled:
            related = read_facts(session, case_ids=_sharing_blockers(session, own_facts),
                                 light=True)
            found += [s for s in continuity(related.cases, related.blockers, today, criteria)
                      if case_id in s.case_ids]
        signals = sort_signals(s for s in found if case_id in s.case_ids)
    active = session.scalars(select(SignalDismissal)
                             .where(SignalDismissal.revoked_on.is_(None))
                             .order_by(SignalDismissal.id)).all()
    holding = {(row.signal_key, row.fingerprint): row for row in active}
    names = _user_names(session) if holding else {}
    rows: list[SignalRow] = []
    for signal in signals:
        dismissal = holding.get((signal.key, signal.fingerprint))
        rows.append(SignalRow(signal, _dismissal_info(dismissal, names) if dismissal else None))
    return rows


def current_signals(store: Store, *, case_id: int | None = None,
                    include_dismissed: bool = False) -> list[SignalRow]:
    """The signals of today, most pressing first; of one case when ``case_id`` is given (the
    live meeting). Dismissed signals are left out unless ``include_dismissed``. Logged as a
    view of the signal list."""
    with store.transaction() as session:
        rows = compute_signals(session, store.today(), case_id=case_id)
        audit.record(session, store, AuditAction.VIEW, "signals",
                     "*" if case_id is None else f"case:{case_id}",
                     detail=f"{len(rows)} signals")
    return rows if include_dismissed else [row for row in rows if not row.dismissed]


def find_signal(session: Session, today: date, key: str) -> SignalRow:
    """The current signal with this key. Raises ``NotFoundError`` when it no longer applies."""
    for row in compute_signals(session, today, scope=_case_scope(key)):
        if row.signal.key == key:
            return row
    raise NotFoundError(_("Dit signaal is er niet meer: de feiten zijn intussen veranderd. "
                          "Ververs de lijst."))


def _case_scope(key: str) -> list[int] | None:
    """Signals about one case can be recomputed for that case alone (faster)."""
    for part in key.split(":"):
        if part.startswith("case="):
            return [int(part.removeprefix("case="))]
    return None


def dismiss_signal(store: Store, key: str, fingerprint: str, reason: str) -> DismissalInfo:
    """Set a signal aside with a reason. It stays dismissed until its facts change (another
    missed agreement, a new due date, another child blocked). The dismissal is logged.

    Raises ``ValidationError`` (no reason), ``NotFoundError`` (the signal no longer applies) or
    ``StateError`` (its facts changed since it was shown, or it is already dismissed)."""
    text = clean_text(reason, "reason", _("Reden"), required=True, max_length=1000,
                      multiline=True)
    with store.transaction() as session:
        row = find_signal(session, store.today(), key)
        if row.signal.fingerprint != fingerprint:
            raise StateError(_("De feiten van dit signaal zijn veranderd sinds u het opende. "
                               "Bekijk het opnieuw voordat u het wegzet."))
        if row.dismissed:
            raise StateError(_("Dit signaal is al weggezet."))
        dismissal = SignalDismissal(signal_key=key, kind=row.signal.kind.value,
                                    fingerprint=fingerprint, reason=text,
                                    dismissed_on=store.today(), dismissed_by_id=store.actor_id)
        session.add(dismissal)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "signal_dismissal", dismissal.id,
                     detail=row.signal.kind.value)
        return _dismissal_info(dismissal, _user_names(session))


def revoke_dismissal(store: Store, dismissal_id: int) -> DismissalInfo:
    """Bring a dismissed signal back (the dismissal is kept, marked revoked). Logged.

    Raises ``NotFoundError`` or ``StateError`` (already revoked)."""
    with store.transaction() as session:
        row = session.get(SignalDismissal, dismissal_id)
        if row is None:
            raise NotFoundError(_("Deze afwijzing bestaat niet (meer)."))
        if row.revoked_on is not None:
            raise StateError(_("Dit signaal is al teruggezet."))
        row.revoked_on = store.today()
        audit.record(session, store, AuditAction.CHANGE, "signal_dismissal", row.id,
                     detail="revoke")
        return _dismissal_info(row, _user_names(session))


def list_dismissals(store: Store) -> list[DismissalInfo]:
    """Every dismissal, newest first (also those whose facts changed since, and revoked ones)."""
    with store.transaction() as session:
        rows = session.scalars(select(SignalDismissal).order_by(SignalDismissal.id.desc())).all()
        names = _user_names(session)
        audit.record(session, store, AuditAction.VIEW, "signal_dismissal", "*")
        return [_dismissal_info(row, names) for row in rows]


def count_open_signals(store: Store) -> int:
    """How many signals are shown (not dismissed): the badge on the main window."""
    return len(current_signals(store))
