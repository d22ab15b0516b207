"""The fast row reader gives exactly what SQLAlchemy's own result processing gives: enums as
members, dates as dates, booleans as booleans, None as None, on either back end."""

from __future__ import annotations

from sqlalchemy import select

from expertteam.domain.enums import CaseStatus
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseBlocker, Measure
from expertteam.storage.models.organisations import Organisation
from expertteam.storage.plain_rows import plain_rows


def test_plain_rows_equal_the_processed_rows(demo_store: Store) -> None:
    statements = [
        select(Case.id, Case.case_number, Case.status, Case.waiting_for, Case.waiting_since,
               Case.help_started_on, Case.closed_on).order_by(Case.id),
        select(Measure.id, Measure.kind, Measure.ruling_date, Measure.end_date,
               Measure.removed).order_by(Measure.id),
        select(CaseBlocker.id, CaseBlocker.kind, CaseBlocker.since, CaseBlocker.resolved_on,
               CaseBlocker.provider_id).order_by(CaseBlocker.id),
        select(Case.id, Case.referred_on).where(Case.id.in_([1, 2, 3])).order_by(Case.id),
        select(Organisation.id, Organisation.kind, Organisation.active).where(
            Organisation.kind.is_not(None)).order_by(Organisation.id),
        select(Case.id).where(Case.status != CaseStatus.CLOSED).order_by(Case.id),
    ]
    with demo_store.transaction() as session:
        for statement in statements:
            processed = [tuple(row) for row in session.execute(statement)]
            plain = plain_rows(session, statement)
            assert processed, statement
            assert plain == processed
            assert [[type(value) for value in row] for row in plain] == \
                [[type(value) for value in row] for row in processed]
