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


def test_single_head() -> None:
    assert len(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()) == 1


def test_fresh_database_matches_the_models(tmp_path: Path) -> None:
    opened = open_database(tmp_path / "fresh.db")
    tables = set(inspect(opened.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(opened.engine) == head_revision()
    opened.engine.dispose()


def test_every_revision_downgrades_and_upgrades_with_data(tmp_path: Path) -> None:
    path = tmp_path / "walk.db"
    opened = open_database(path)
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
    opened = open_database(path)
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
    assert {"gi_figure", "monitor_publication"} <= \
        set(inspect(reopened.engine).get_table_names())
    reopened.engine.dispose()

    copies = sorted(backups.glob("old-voor-migratie-*.db"))
    assert len(copies) == 1
    backup = open_database(copies[0], migrate=False)
    assert current_revision(backup.engine) == previous  # the copy was taken before upgrading
    with backup.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM organisation")).scalar_one() == \
            "Jeugdautoriteit"
    assert "gi_figure" not in inspect(backup.engine).get_table_names()
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

    opened = open_database(tmp_path / "fresh.db")
    with opened.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, Base.metadata)
    opened.engine.dispose()
    assert differences == []
