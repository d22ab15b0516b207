"""Drafting an escalation: a filled-in concept from what a signal shows, and the cases and
actions (with whether they failed) that an escalation may link."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import ActionStatus, AuditAction, BlockerKind, OrganisationKind
from expertteam.domain.errors import StateError
from expertteam.domain.escalation import EscalationLevel
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.signal_criteria import SignalKind
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.escalation_info import EscalationInput, LinkedAction, LinkedCase
from expertteam.services.signals import find_signal
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case, CaseBlocker
from expertteam.storage.models.organisations import Organisation

DEFAULT_FOLLOW_UP_WEEKS = 4


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
