"""Two people on one server at once: numbers never collide, a stale save is refused."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from expertteam.domain.enums import MeasureKind, OrganisationKind, WaitingFor
from expertteam.domain.storage_errors import ChangedMeanwhileError
from expertteam.services import audit, audit_verify, cases, organisations
from expertteam.services.case_data import CaseInput, MeasureInput
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from expertteam.storage.models.organisations import Organisation
from expertteam.storage.numbers import CASE, allocate_number
from tests.pg import PgServer


def _second(store: Store) -> Store:
    """Another person's app on the same server database: its own engine and connections."""
    assert store.database.on_server
    url = store.database.engine.url.render_as_string(hide_password=False)
    return Store.open_server(url, origin="test")


def test_two_connections_numbering_at_once_get_no_duplicates(pg_store: Store) -> None:
    other = _second(pg_store)
    hoorn = organisations.create_organisation(
        pg_store, OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405")).id
    gi = organisations.create_organisation(
        pg_store, OrganisationInput(OrganisationKind.GI, "Jeugdbescherming Noord")).id
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def register(store: Store) -> None:
        start.wait()
        try:
            for index in range(8):
                data = CaseInput(given_names=f"Kind{index}", surname="Test",
                                 referred_on=date(2026, 10, 1), birth_date=date(2014, 3, 2),
                                 municipality_id=hoorn, gi_id=gi,
                                 waiting_for=WaitingFor.PASSENDE_JEUGDHULP,
                                 waiting_since=date(2026, 8, 1),
                                 measures=[MeasureInput(MeasureKind.OTS, date(2026, 7, 1),
                                                        date(2026, 7, 3), date(2026, 7, 8))])
                numbers.append(cases.create_case(store, data, confirmed=True).case_number)
        except BaseException as exc:  # reported below, with the thread's traceback
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(s,)) for s in (pg_store, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    assert errors == []
    assert len(numbers) == 16
    assert sorted(numbers) == [f"ET-2026-{n:04d}" for n in range(1, 17)]
    # Both wrote audit entries at the same time: still one unbroken chain.
    check = audit_verify.verify(pg_store)
    assert check.broken_ids == ()
    assert check.problems == ()
    assert check.rows >= 16


def test_the_audit_log_names_the_database_role_of_the_person(
        pg_store: Store, pg_server: PgServer) -> None:
    database = pg_store.database.engine.url.database
    pg_server.psql("CREATE ROLE anna_de_vries LOGIN")
    pg_server.psql('GRANT ALL ON ALL TABLES IN SCHEMA public TO anna_de_vries; '
                   'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO anna_de_vries',
                   database=str(database))
    url = pg_server.url(str(database), user="anna_de_vries")
    anna = Store.open_server(url.render_as_string(hide_password=False), origin="cli:test")
    organisations.create_organisation(
        anna, OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405"))
    entries = audit.list_entries(anna)
    anna.close()
    assert any(e.origin == "cli:test [db:anna_de_vries]" for e in entries)
    assert pg_store.database.role == "expertteam_admin"


def test_a_waiting_allocation_counts_on_from_the_committed_one(pg_store: Store) -> None:
    first = pg_store.database.sessions()
    second = pg_store.database.sessions()
    assert allocate_number(first, CASE, 2026) == 1
    got: list[int] = []
    waiting = threading.Thread(target=lambda: got.append(allocate_number(second, CASE, 2026)))
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive()  # the counter row is locked until the first commits
    first.commit()
    waiting.join(10)
    second.commit()
    assert got == [2]
    first.close()
    second.close()


def _rename_while(store: Store, org_id: int, meanwhile: Callable[[], object]) -> None:
    """Read the organisation, let ``meanwhile`` save it elsewhere, then save a new name."""
    with store.transaction() as session:
        mine = session.get(Organisation, org_id)
        assert mine is not None
        meanwhile()
        mine.name = "Gemeente Hoorn"


def test_a_stale_save_from_a_second_session_gets_the_dutch_error(pg_store: Store) -> None:
    org_id = organisations.create_organisation(
        pg_store, OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405")).id
    other = _second(pg_store)
    renamed = OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn (gemeente)", "GM0405")
    with pytest.raises(ChangedMeanwhileError) as raised:
        _rename_while(pg_store, org_id,
                      lambda: organisations.update_organisation(other, org_id, renamed))
    other.close()
    assert "intussen gewijzigd" in str(raised.value)
    assert "opnieuw" in str(raised.value)
    with pg_store.transaction() as session:
        saved = session.scalars(select(Organisation).where(Organisation.id == org_id)).one()
        assert saved.name == "Hoorn (gemeente)"  # the other's save stands, nothing overwritten
        assert saved.row_version == 2


def test_a_stale_save_on_sqlite_is_refused_the_same_way(store: Store) -> None:
    org_id = organisations.create_organisation(
        store, OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405")).id
    renamed = OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn (gemeente)", "GM0405")
    with pytest.raises(ChangedMeanwhileError):
        _rename_while(store, org_id,
                      lambda: organisations.update_organisation(store, org_id, renamed))
    assert organisations.get_organisation(store, org_id).name == "Hoorn (gemeente)"
