"""User profiles and the NEN 7513 audit log: who did what to which record, tamper-evident."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from expertteam.domain.enums import AuditAction, AuditResult, CaseStatus, UserRole
from expertteam.domain.errors import StateError, ValidationError
from expertteam.services import (
    audit,
    audit_query,
    audit_verify,
    case_register,
    cases,
    inzage,
    users,
)
from expertteam.services.audit_query import AuditFilter
from expertteam.services.store import Store
from tests.conftest import TODAY


def test_profiles_one_person_each(store: Store) -> None:
    chair = users.create_user(store, "Anna de Boer", UserRole.CHAIR)
    member = users.create_user(store, "Chloë Bakker", UserRole.MEMBER)
    for shared in ("admin", "Beheerder", "iedereen", "Gebruiker1"):
        with pytest.raises(ValidationError) as refused:
            users.create_user(store, shared, UserRole.MEMBER)
        assert refused.value.field == "name"
    with pytest.raises(ValidationError, match="al een gebruiker"):
        users.create_user(store, "anna de boer", UserRole.MEMBER)
    with pytest.raises(ValidationError) as bad_role:
        users.create_user(store, "Bram", "boss")  # type: ignore[arg-type]
    assert bad_role.value.field == "role"
    renamed = users.update_user(store, member.id, "Chloë Bakker-Smit", UserRole.COORDINATOR)
    assert renamed.role is UserRole.COORDINATOR
    users.choose_user(store, chair.id)
    assert store.actor_id == chair.id
    with pytest.raises(StateError):
        users.set_active(store, chair.id, False)  # in use
    users.set_active(store, member.id, False)
    assert [u.name for u in users.list_users(store)] == ["Anna de Boer"]
    with pytest.raises(StateError):
        users.choose_user(store, member.id)
    with pytest.raises(StateError, match="minstens één actieve"):
        users.update_user(store, chair.id, "Anna de Boer", UserRole.MEMBER)
    # The log names the profile by id, never by name.
    entries = audit.list_entries(store)
    assert {e.actor_id for e in entries} >= {chair.id}
    assert not any("Anna" in e.detail or "Chlo" in e.detail for e in entries)


def test_audit_rows_for_view_change_export_print(demo_store: Store, tmp_path: Path) -> None:
    chair = users.create_user(demo_store, "Anna de Boer", UserRole.CHAIR)
    users.choose_user(demo_store, chair.id)
    row = next(r for r in case_register.list_register(demo_store)
               if r.status is not CaseStatus.CLOSED)
    detail = cases.get_case(demo_store, row.id)
    cases.update_case(demo_store, row.id, detail.to_input())
    inzage.export_inzage(demo_store, row.id, tmp_path, pdf_file=False)
    from expertteam.services import documents

    documents.agreement_sheet_pdf(demo_store, row.id, purpose=AuditAction.PRINT)
    about_case = audit_query.query(demo_store, AuditFilter(actor_id=chair.id,
                                                           object_type="case",
                                                           object_id=str(row.id)))
    actions = {e.action for e in about_case}
    assert {AuditAction.VIEW, AuditAction.CHANGE, AuditAction.EXPORT} <= actions
    everything = audit_query.query(demo_store, AuditFilter(actor_id=chair.id))
    assert any(e.action is AuditAction.PRINT for e in everything)
    assert all(e.actor_id == chair.id and e.origin == "test" for e in about_case)
    assert all(e.result is AuditResult.OK for e in about_case)
    # No personal data in any row of the log.
    child = cases.get_case(demo_store, row.id)
    for entry in audit_query.query(demo_store):
        blob = " ".join([entry.object_type, entry.object_id, entry.origin, entry.detail])
        assert child.surname not in blob
        assert child.given_names not in blob


def test_viewer_filters_and_csv_export(demo_store: Store, tmp_path: Path) -> None:
    rows = case_register.list_register(demo_store)
    cases.get_case(demo_store, rows[0].id)
    views = audit_query.query(demo_store, AuditFilter(action=AuditAction.VIEW))
    assert views
    assert all(e.action is AuditAction.VIEW for e in views)
    today = views[0].at.date()
    assert audit_query.query(demo_store, AuditFilter(date_from=today + timedelta(days=1))) == []
    assert audit_query.query(demo_store, AuditFilter(date_from=today, date_to=today))
    with pytest.raises(ValidationError):
        audit_query.query(demo_store, AuditFilter(date_from=today,
                                                  date_to=today - timedelta(days=1)))
    assert "case" in audit_query.object_types(demo_store)
    target = tmp_path / "log.csv"
    count = audit_query.export_csv(demo_store, target, AuditFilter(object_type="case"))
    with target.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert lines[0][0] == "id"
    assert len(lines) == count + 2
    assert {line[4] for line in lines[1:-1]} == {"case"}
    assert lines[-1][0].startswith("expertteam-logboek:v2:")  # the anchor, for --against
    last = audit.list_entries(demo_store, limit=1)[0]
    assert (last.action, last.object_type) == (AuditAction.EXPORT, "audit_log")


@pytest.mark.parametrize("tamper", ["change", "remove_middle", "remove_first", "remove_last",
                                    "change_last_and_rehash"])
def test_tampered_log_is_detected(demo_store: Store, tamper: str) -> None:
    for row in case_register.list_register(demo_store)[:3]:
        cases.get_case(demo_store, row.id)
    assert audit_verify.verify_chain(demo_store) == []
    with demo_store.database.engine.begin() as connection:
        ids = [r[0] for r in connection.execute(text("SELECT id FROM audit_entry ORDER BY id"))]
        middle = ids[len(ids) // 2]
        if tamper == "change":
            connection.execute(text("UPDATE audit_entry SET actor_id = 99 WHERE id = :i"),
                               {"i": middle})
        elif tamper == "remove_middle":
            connection.execute(text("DELETE FROM audit_entry WHERE id = :i"), {"i": middle})
        elif tamper == "remove_first":
            connection.execute(text("DELETE FROM audit_entry WHERE id = :i"), {"i": ids[0]})
        elif tamper == "remove_last":
            connection.execute(text("DELETE FROM audit_entry WHERE id >= :i"), {"i": ids[-2]})
        else:
            # A careful forger rewrites the last row and its hash: the stored head differs.
            connection.execute(text("UPDATE audit_entry SET detail = 'x', entry_hash = :h "
                                    "WHERE id = :i"), {"h": "f" * 64, "i": ids[-1]})
    assert audit_verify.verify_chain(demo_store) != []


def test_viewing_the_log_is_logged_and_dates_are_pinned_free(store: Store) -> None:
    audit_query.query(store)
    assert audit.list_entries(store, limit=1)[0].object_type == "audit_log"
    assert store.today() == TODAY
