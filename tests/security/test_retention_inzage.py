"""Retention: purge removes personal data and keeps the statistics. Inzage: all about one child."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from expertteam.domain.enums import AuditAction, AuditResult, CaseStatus, ClosingResult
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.services import audit_query, case_register, cases, inzage, retention
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseBlocker, CaseChange, Measure
from tests.conftest import TODAY


def _closed_case(store: Store, closed_on: date) -> int:
    """An open demo case, closed on ``closed_on`` (its referral moved before that date)."""
    row = next(r for r in case_register.list_register(store) if r.status is not CaseStatus.CLOSED)
    with store.transaction() as session:
        case = session.get(Case, row.id)
        assert case is not None
        case.referred_on = min(case.referred_on, closed_on)
    cases.close_case(store, row.id, ClosingResult.HELP_STARTED, closed_on=closed_on)
    return row.id


def _statistics(store: Store, case_id: int) -> tuple[object, ...]:
    with store.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None
        blockers = sorted(b.kind.value for b in session.scalars(
            select(CaseBlocker).where(CaseBlocker.case_id == case_id)))
        measures = sorted(m.kind.value for m in session.scalars(
            select(Measure).where(Measure.case_id == case_id)))
        changes = session.scalars(select(CaseChange).where(CaseChange.case_id == case_id)).all()
        return (case.case_number[:7], case.municipality_id, case.gi_id, case.referred_on,
                case.closed_on, case.closing_result, case.waiting_for, case.waiting_since,
                case.help_started_on, tuple(blockers), tuple(measures),
                tuple((c.field, c.new_value, c.effective_on) for c in changes))


def test_purge_keeps_statistics_and_removes_personal_data(demo_store: Store) -> None:
    retention.set_retention_years(demo_store, 2)
    old = _closed_case(demo_store, date(2024, 6, 1))
    recent = _closed_case(demo_store, date(2025, 6, 1))
    due = retention.list_due_for_purge(demo_store)
    assert old in [c.id for c in due]
    assert recent not in [c.id for c in due]
    before = cases.get_case(demo_store, old)
    stats = _statistics(demo_store, old)
    retention.purge_cases(demo_store, [old])
    assert _statistics(demo_store, old) == stats
    with demo_store.transaction() as session:
        case = session.get(Case, old)
        assert case is not None
        assert (case.given_names, case.surname, case.birth_date, case.bsn) == ("", "", None,
                                                                              None)
        assert case.referral_question == case.goal == case.closing_note == ""
        assert case.purged_on == TODAY
        assert before.case_number not in case.case_number
    with pytest.raises(NotFoundError):
        cases.get_case(demo_store, old)
    assert old not in [r.id for r in case_register.list_register(demo_store)]
    assert case_register.count_cases(demo_store) >= 15  # the stub still counts
    entries = audit_query.query(demo_store, audit_query.AuditFilter(action=AuditAction.PURGE))
    assert [(e.object_id, e.result) for e in entries] == [(str(old), AuditResult.OK)]
    # The child is gone from the database: no row holds the name, BSN or free text.
    with demo_store.database.engine.connect() as connection:
        dump = "\n".join(connection.connection.driver_connection.iterdump())
    assert f"'{before.given_names}','{before.surname}'" not in dump
    if before.bsn:
        assert before.bsn not in dump
    if before.goal:
        assert before.goal.replace("'", "''") not in dump


def test_purge_is_refused_within_the_term_and_for_open_cases(demo_store: Store) -> None:
    recent = _closed_case(demo_store, date(2025, 6, 1))
    open_case = next(r.id for r in case_register.list_register(demo_store)
                     if r.status is not CaseStatus.CLOSED)
    for case_id in (recent, open_case):
        with pytest.raises(StateError):
            retention.purge_cases(demo_store, [case_id])
    with pytest.raises(ValidationError):
        retention.purge_cases(demo_store, [])
    with pytest.raises(ValidationError) as bad:
        retention.set_retention_years(demo_store, 0)
    assert bad.value.field == "retention_years"
    refused = audit_query.query(demo_store, audit_query.AuditFilter(result=AuditResult.REFUSED))
    assert len(refused) == 2
    assert cases.get_case(demo_store, recent).surname  # nothing purged


def test_inzage_exports_everything_about_one_child(demo_store: Store, tmp_path: Path) -> None:
    row = next(r for r in case_register.list_register(demo_store)
               if r.status is not CaseStatus.CLOSED)
    detail = cases.get_case(demo_store, row.id)
    result = inzage.export_inzage(demo_store, row.id, tmp_path)
    assert result.json_path is not None
    assert result.pdf_path is not None
    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert data["case"]["given_names"] == detail.given_names
    assert data["case"]["case_number"] == detail.case_number
    assert len(data["blockers"]) == len(detail.blockers)
    assert any(e["action"] == "view" for e in data["access_log"])
    assert detail.surname not in result.json_path.name
    text = "\n".join(page.extract_text() for page in PdfReader(result.pdf_path).pages)
    assert detail.given_names in text
    assert detail.case_number in text
    assert "Inzage persoonsgegevens" in text
    exports = audit_query.query(demo_store, audit_query.AuditFilter(action=AuditAction.EXPORT,
                                                                    object_id=str(row.id)))
    assert exports
    assert exports[0].detail == "inzage json+pdf"
    with pytest.raises(ValidationError):
        inzage.export_inzage(demo_store, row.id, tmp_path / "missing")
    with pytest.raises(NotFoundError):
        inzage.export_inzage(demo_store, 999_999, tmp_path)
