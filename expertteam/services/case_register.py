"""The register: every case as one plain row for the table, with its terms for today."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from expertteam.collector import collector_paused
from expertteam.domain.enums import AuditAction, BlockerKind, CaseStatus, WaitingFor
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.search import matches
from expertteam.domain.terms import MeasureFacts, Term, case_terms, next_open_term, passed_terms
from expertteam.domain.waiting import days_waiting, waiting_on
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseBlocker, Measure
from expertteam.storage.models.organisations import Organisation


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the register: plain data, ready for a table model."""

    id: int
    case_number: str
    child_name: str
    pseudonym: str
    municipality_id: int | None
    municipality_name: str
    gi_id: int | None
    gi_name: str
    waiting_for: WaitingFor | None
    days_waiting: int | None
    status: CaseStatus
    next_term: Term | None
    passed_terms: int
    blocker_kinds: tuple[BlockerKind, ...]
    overdue_terms: tuple[Term, ...] = ()  # the terms counted in ``passed_terms``

    @property
    def overdue(self) -> bool:
        return self.passed_terms > 0


@dataclass(frozen=True)
class RegisterFilter:
    statuses: tuple[CaseStatus, ...] = ()
    municipality_id: int | None = None
    gi_id: int | None = None
    text: str = ""


def list_register(store: Store, register_filter: RegisterFilter | None = None) -> list[CaseRow]:
    """The register, newest case first, as plain rows with terms computed for today."""
    # Building tens of thousands of small rows sets off cyclic-GC passes over the whole heap;
    # pausing the collector halves the time for 20,000 cases (bench/bench_register.py).
    with collector_paused():
        return _list_register(store, register_filter)


def _list_register(store: Store, register_filter: RegisterFilter | None) -> list[CaseRow]:
    today = store.today()
    wanted = register_filter or RegisterFilter()
    municipality, gi = aliased(Organisation), aliased(Organisation)
    with store.transaction() as session:
        query = (
            select(Case.id, Case.case_number, Case.given_names, Case.surname, Case.birth_date,
                   Case.municipality_id, municipality.name, Case.gi_id, gi.name,
                   Case.waiting_for, Case.waiting_since, Case.help_started_on, Case.status)
            .outerjoin(municipality, Case.municipality_id == municipality.id)
            .outerjoin(gi, Case.gi_id == gi.id)
            .where(Case.purged_on.is_(None))
            .order_by(Case.id.desc())
        )
        if wanted.statuses:
            query = query.where(Case.status.in_(wanted.statuses))
        if wanted.municipality_id is not None:
            query = query.where(Case.municipality_id == wanted.municipality_id)
        if wanted.gi_id is not None:
            query = query.where(Case.gi_id == wanted.gi_id)
        rows = session.execute(query).all()
        # Plain column tuples, not ORM entities: building 20,000 Measure objects took most of
        # the time of opening a large register.
        measures: dict[int, list[MeasureFacts]] = defaultdict(list)
        for (case_id, measure_kind, ruling, charged, contact, plan, end,
             carried_out) in session.execute(
                select(Measure.case_id, Measure.kind, Measure.ruling_date, Measure.gi_charged_on,
                       Measure.first_contact_on, Measure.plan_on, Measure.end_date,
                       Measure.carried_out_on).where(Measure.removed.is_(False))):
            measures[case_id].append(MeasureFacts(measure_kind, ruling, charged, contact, plan,
                                                  end, carried_out))
        blockers: dict[int, list[BlockerKind]] = defaultdict(list)
        for case_id, kind in session.execute(select(CaseBlocker.case_id, CaseBlocker.kind)
                                             .where(CaseBlocker.resolved_on.is_(None))):
            blockers[case_id].append(kind)
        audit.record(session, store, AuditAction.VIEW, "register", "*",
                     detail=f"{len(rows)} rows")
    result: list[CaseRow] = []
    for (case_id, number, given, surname, birth, mun_id, mun_name, gi_id, gi_name, waiting_for,
         waiting_since, help_started, status) in rows:
        name = f"{given} {surname}"
        if not matches(wanted.text, number, name, mun_name or "", gi_name or ""):
            continue
        closed = status is CaseStatus.CLOSED
        terms = [] if closed else case_terms(measures.get(case_id, ()), waiting_for,
                                             waiting_since, help_started)
        waiting = waiting_on(today, is_open=not closed, waiting_for=waiting_for,
                             waiting_since=waiting_since, help_started_on=help_started)
        days = days_waiting(today, is_open=not closed, waiting_for=waiting_for,
                            waiting_since=waiting_since, help_started_on=help_started)
        overdue = passed_terms(terms, today)
        result.append(CaseRow(
            id=case_id, case_number=number, child_name=name,
            pseudonym=pseudonym(number, given, surname, birth),
            municipality_id=mun_id, municipality_name=mun_name or "", gi_id=gi_id,
            gi_name=gi_name or "", waiting_for=waiting_for if waiting else None,
            days_waiting=days, status=status, next_term=next_open_term(terms),
            passed_terms=len(overdue), blocker_kinds=tuple(blockers.get(case_id, ())),
            overdue_terms=tuple(overdue)))
    return result


def count_cases(store: Store) -> int:
    with store.transaction() as session:
        return session.scalars(select(func.count(Case.id))).one()
