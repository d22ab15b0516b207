"""Alembic is the only thing that changes the schema: one head, up/down with data present."""

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from expertteam.storage.base import Base
from expertteam.storage.engine import (
    MIGRATIONS_DIR,
    current_revision,
    downgrade_to,
    head_revision,
    open_database,
)
from expertteam.storage.integrity import APPLICATION_ID


def test_single_head() -> None:
    assert len(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()) == 1


def test_fresh_database_matches_the_models(tmp_path: Path) -> None:
    opened = open_database(tmp_path / "fresh.db", create=True)
    tables = set(inspect(opened.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(opened.engine) == head_revision()
    opened.engine.dispose()


def test_every_revision_downgrades_and_upgrades_with_data(tmp_path: Path) -> None:
    path = tmp_path / "walk.db"
    opened = open_database(path, create=True)
    with opened.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisation (kind, name, active, uuid, created_at, updated_at) "
            "VALUES ('municipality', 'Hoorn', 1, 'u-1', '2026-01-01', '2026-01-01')"))
    revisions = list(ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())
    for revision in revisions[:-1]:  # newest first; step down to the first revision
        downgrade_to(opened.engine, revision.down_revision)  # type: ignore[arg-type]
    opened.engine.dispose()
    reopened = open_database(path, backup_dir=tmp_path / "backups")
    assert current_revision(reopened.engine) == head_revision()
    with reopened.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM organisation")).scalar_one() == "Hoorn"
    reopened.engine.dispose()


def test_upgrade_from_the_previous_revision_backs_up_first_and_keeps_the_data(
        tmp_path: Path) -> None:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(head_revision())
    previous = head.down_revision
    assert isinstance(previous, str)
    path = tmp_path / "old.db"
    opened = open_database(path, create=True)
    with opened.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisation (kind, name, active, uuid, created_at, updated_at) "
            "VALUES ('jeugdautoriteit', 'Jeugdautoriteit', 1, 'u-2', '2026-01-01', "
            "'2026-01-01')"))
    downgrade_to(opened.engine, previous)
    assert current_revision(opened.engine) == previous
    opened.engine.dispose()

    backups = tmp_path / "backups"
    reopened = open_database(path, backup_dir=backups)
    assert current_revision(reopened.engine) == head_revision()
    with reopened.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM organisation")).scalar_one() == \
            "Jeugdautoriteit"
    head_tables = set(inspect(reopened.engine).get_table_names())
    assert {"escalation", "letter", "signal_dismissal", "case_hidden_name"} <= head_tables
    with reopened.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA application_id").scalar_one() == \
            APPLICATION_ID
    assert "live_item_id" in {c["name"] for c in inspect(reopened.engine).get_columns("meeting")}
    # What the newest revision adds (0007: the monitor's two times, GI figures, publications).
    assert {"gi_figure", "monitor_publication"} <= head_tables
    # 0008: a version per editable row, the number counters.
    assert "number_counter" in head_tables
    for table in ("organisation", "case", "meeting", "action", "escalation"):
        assert "row_version" in {c["name"] for c in inspect(reopened.engine).get_columns(table)}
    with reopened.engine.connect() as connection:
        assert connection.execute(text("SELECT row_version FROM organisation")).scalar_one() == 1
    reopened.engine.dispose()

    copies = sorted(backups.glob("old-voor-migratie-*.db"))
    assert len(copies) == 1
    backup = open_database(copies[0], migrate=False)
    assert current_revision(backup.engine) == previous  # the copy was taken before upgrading
    with backup.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM organisation")).scalar_one() == \
            "Jeugdautoriteit"
    assert set(inspect(backup.engine).get_table_names()) <= head_tables
    assert "number_counter" not in inspect(backup.engine).get_table_names()
    backup.engine.dispose()


def test_schema_head_constant_matches_alembic() -> None:
    """Start-up skips Alembic when the database is stamped with SCHEMA_HEAD; it must be the
    real head."""
    from expertteam.storage.engine import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_alembic_autogenerate_finds_no_difference(tmp_path: Path) -> None:
    """The SQLAlchemy models and the migrations describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    opened = open_database(tmp_path / "fresh.db", create=True)
    with opened.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, Base.metadata)
    opened.engine.dispose()
    assert differences == []


_OLD_REGISTER = [
    "INSERT INTO organisation (id, kind, name, cbs_code, active, uuid, created_at, updated_at) "
    "VALUES (1, 'municipality', 'Hoorn', 'GM0405', 1, 'o-1', '2026-01-01', '2026-01-01'), "
    "(2, 'gi', 'Jeugdbescherming Noord', NULL, 1, 'o-2', '2026-01-01', '2026-01-01')",
    "INSERT INTO \"case\" (id, case_number, given_names, surname, municipality_id, gi_id, "
    "referred_on, referred_by_name, referral_question, goal, waiting_for, waiting_since, "
    "help_started_on, status, closing_note, uuid, created_at, updated_at) VALUES (1, "
    "'ET-2026-0001', 'Noël', 'Test', 1, 2, '2026-01-10', '', '', '', 'passende_jeugdhulp', "
    "'2026-01-10', '2026-03-01', 'active', '', 'c-1', '2026-01-10 10:00:00.000000', "
    "'2026-03-15 10:00:00.000000')",
    # As the old code wrote them: at creation from the referral, later changes from the day
    # they were typed (help started on 1 March, typed on 15 March).
    "INSERT INTO case_change (case_id, field, old_value, new_value, effective_on, recorded_at) "
    "VALUES (1, 'status', NULL, 'active', '2026-01-10', '2026-01-10 10:00:00.000000'), "
    "(1, 'waiting_for', NULL, 'passende_jeugdhulp', '2026-01-10', '2026-01-10 10:00:00.000000'),"
    " (1, 'waiting_since', NULL, '2026-01-10', '2026-01-10', '2026-01-10 10:00:00.000000'), "
    "(1, 'municipality_id', NULL, '1', '2026-01-10', '2026-01-10 10:00:00.000000'), "
    "(1, 'gi_id', NULL, '2', '2026-01-10', '2026-01-10 10:00:00.000000'), "
    "(1, 'help_started_on', NULL, '2026-03-01', '2026-03-15', '2026-03-15 10:00:00.000000')",
    "INSERT INTO case_blocker (id, case_id, kind, note, since, resolved_on, uuid, created_at, "
    "updated_at) VALUES (1, 1, 'waiting_list', '', '2026-01-10', '2026-02-20', 'b-1', "
    "'2026-01-10 10:00:00.000000', '2026-02-21 10:00:00.000000')",
    "INSERT INTO measure (id, case_id, kind, ruling_date, gi_charged_on, first_contact_on, "
    "end_reason, removed, uuid, created_at, updated_at) VALUES (1, 1, 'ots', '2026-01-02', "
    "'2026-01-03', '2026-01-05', '', 0, 'm-1', '2026-01-10 10:00:00.000000', "
    "'2026-01-10 10:00:00.000000'), (2, 1, 'voogdij', '2026-01-02', '2026-01-03', NULL, '', 1, "
    "'m-2', '2026-01-10 10:00:00.000000', '2026-02-01 10:00:00.000000')",
]


def test_history_is_converted_from_every_earlier_revision(tmp_path: Path) -> None:
    """Facts without history get rows; the counts of the past stay what they were."""
    from datetime import date

    from expertteam.domain import monitor as m
    from expertteam.domain.terms import TermKind
    from expertteam.services import monitor
    from expertteam.services.store import Store

    revisions = list(ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())
    converting = next(r for r in revisions if r.revision == "0007")
    earlier = [r.revision for r in revisions if r.revision < converting.revision]
    assert earlier
    for revision in earlier:
        path = tmp_path / f"from-{revision}.db"
        opened = open_database(path, create=True)
        downgrade_to(opened.engine, revision)
        with opened.engine.begin() as connection:
            for statement in _OLD_REGISTER:
                connection.execute(text(statement))
        opened.engine.dispose()
        store = Store.open(path, origin="test")
        with store.transaction() as session:
            fields = {row[0]: row[1:] for row in session.execute(text(
                "SELECT field, item_id, new_value, effective_on FROM case_change "
                "WHERE field LIKE 'blocker.%' OR field LIKE 'measure.%' OR field = "
                "'referred_on'")).all()}
        assert fields["referred_on"] == (None, "2026-01-10", "2026-01-10")
        assert fields["blocker.resolved_on"] == (1, "2026-02-20", "2026-02-20")
        assert fields["measure.first_contact_on"][1:] == ("2026-01-05", "2026-01-05")
        assert fields["measure.removed"] == (2, "1", "2026-02-01")
        # Help typed on 15 March still ends the wait from then on, as before the upgrade.
        assert monitor.monitor_at(store, date(2026, 3, 10)).total_now == 1, revision
        assert monitor.monitor_at(store, date(2026, 3, 20)).total_now == 0
        february = monitor.monitor_at(store, date(2026, 2, 1))
        blockers = february.table(m.BLOCKER_KEY).rows[1]
        assert blockers.values[0] == 1  # the waiting list
        assert blockers.case_ids == (1,)
        march = monitor.monitor_at(store, date(2026, 3, 1))
        assert march.table(m.BLOCKER_KEY).rows[1].values[0] == 0  # resolved on 20 February
        plans = march.table(m.TERMS_KEY).row(TermKind.PLAN_VAN_AANPAK.label)
        contact = march.table(m.TERMS_KEY).row(TermKind.FIRST_CONTACT.label)
        assert plans is not None
        assert contact is not None
        assert plans.values[0] == 1  # no plan van aanpak by 14 February
        assert contact.values[0] == 0  # the removed voogdij (no first contact) does not count
        store.close()
