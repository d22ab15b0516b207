"""Issue 13: hostile files and paths. Each case ends in a typed Dutch message (or does the right
thing), and every hostile file is byte for byte what it was (sha256) afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from expertteam.cli import main
from expertteam.domain.storage_errors import (
    DatabaseInUseError,
    DiskFullError,
    ForeignDatabaseError,
    MissingDatabaseError,
    NewerSchemaError,
)
from expertteam.services import backup, case_register, security
from expertteam.services.store import Store
from expertteam.storage import integrity
from expertteam.storage.engine import inspect_existing
from tests.security.conftest import PASSPHRASE
from tests.security.hostile import (
    fill,
    foreign_sqlite,
    make_newer,
    sha256,
    tiny_disk,
    tree,
    unstamped_sqlite,
)

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = (["cases"], ["demo"], ["backup"], ["verify-audit"], ["purge-review"],
            ["monitor"], ["escalation", "list"], ["render", "actions", "--organisation", "1"])


def _cli(database: Path, *args: str) -> int:
    return main(["--database", str(database), *args])


# --------------------------------------------------------------------------- ours or nothing


@pytest.mark.parametrize("kind", ["foreign", "foreign_with_our_tables", "unstamped"])
def test_another_programs_sqlite_file_is_never_written(
        tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "catalogus.db"
    if kind == "unstamped":
        unstamped_sqlite(path)
    else:
        foreign_sqlite(path, our_tables=kind == "foreign_with_our_tables")
    before = tree(tmp_path)
    for key in (None, PASSPHRASE):
        with pytest.raises(ForeignDatabaseError, match="geen database van Expertteam"):
            Store.open(path, key)
    with pytest.raises(ForeignDatabaseError):
        security.database_state(path)  # the GUI's first look: no "niet versleuteld" page
    with pytest.raises(ForeignDatabaseError):
        security.encrypt_database(path, PASSPHRASE)
    with pytest.raises(ForeignDatabaseError):
        backup.inspect_backup(path, None)
    for command in COMMANDS:
        assert _cli(path, *command) == 2, command
        assert "geen database van Expertteam" in capsys.readouterr().err
    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)
    assert _cli(path, "cases") == 2
    assert _cli(path, "init", "--gebruiker", "Anna de Boer") == 2  # a file is there
    assert tree(tmp_path) == before


def test_legacy_database_without_the_stamp_is_recognised_and_stamped(
        store: Store, tmp_path: Path) -> None:
    path = store.database.path
    store.close()
    connection = integrity.connect_raw(path, None)
    connection.execute("PRAGMA application_id = 0")  # as every database before revision 0003
    connection.commit()
    connection.close()
    info = inspect_existing(path, None)
    assert info.legacy_ours
    assert not info.stamped
    Store.open(path).close()
    assert inspect_existing(path, None).stamped


@pytest.mark.parametrize("name", ["a%20b.db", "met spatie.db", "vraag?.db", "hekje#1.db",
                                  "en&of.db", "Zoë-ĳs-Ærø.db", "x.db?kdf_iter=1",
                                  "y.db?mode=memory&cache=shared", "%41%42.db"])
def test_a_path_is_a_path(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)
    assert _cli(path, "init", "--gebruiker", "Anna de Boer") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no other file was created
    assert integrity.classify(path) is integrity.FileKind.ENCRYPTED
    connection = integrity.connect_raw(path, PASSPHRASE)
    try:  # a "?kdf_iter=1" in the name never reached SQLCipher as an option
        assert int(connection.execute("PRAGMA kdf_iter").fetchone()[0]) == 256000
    finally:
        connection.close()
    assert _cli(path, "cases") == 0
    # The name read as a URL (decoded, or cut at "?" / "#") is another, missing, file.
    for lookalike in {name.replace("%20", " "), name.split("?")[0], name.split("#")[0],
                      name.replace("%41%42", "AB")} - {name}:
        with pytest.raises(MissingDatabaseError):
            Store.open(tmp_path / lookalike, PASSPHRASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_question_mark_never_slips_a_foreign_file_past_the_check(tmp_path: Path) -> None:
    foreign = foreign_sqlite(tmp_path / "f.db")
    before = sha256(foreign)
    for trick in ("f.db?mode=ro", "f.db?immutable=1", "f.db#x"):
        with pytest.raises(MissingDatabaseError):
            Store.open(tmp_path / trick)
    assert sha256(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.db"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_mistyped_path_creates_nothing(tmp_path: Path, command: list[str],
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    for key in (None, "welkom01"):  # with a passphrase set the rules are not skipped either
        if key:
            monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", key)
        assert _cli(tmp_path / "typo" / "deeper" / "expertteam.db", *command) == 2
        assert "Er staat geen database" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_init_applies_the_strength_rules_to_the_environment_passphrase(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nieuw" / "expertteam.db"
    for weak in ("welkom01", "Enkhuizen2026", "Westfriesland1", "Stede Broec 2026"):
        monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", weak)
        assert _cli(path, "init", "--gebruiker", "Anna de Boer") == 2
        assert capsys.readouterr().err.startswith("Fout: ")
    assert not path.exists()
    assert not path.parent.exists()
    monkeypatch.delenv("EXPERTTEAM_PASSPHRASE")
    assert _cli(path, "init", "--gebruiker", "Anna de Boer") == 2  # no passphrase: asks one
    assert "EXPERTTEAM_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)
    assert _cli(path, "init", "--gebruiker", "Anna de Boer") == 0
    assert _cli(path, "demo") == 0
    assert "15 kinderen" in capsys.readouterr().out


# --------------------------------------------------------------------------- newer schema


@pytest.mark.parametrize("encrypted", [True, False])
def test_a_newer_schema_is_refused_with_nothing_written_and_no_backup(
        request: pytest.FixtureRequest, encrypted: bool, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    if encrypted:
        path, key = request.getfixturevalue("encrypted_path"), PASSPHRASE
    else:
        demo_store = request.getfixturevalue("demo_store")
        demo_store.close()
        path, key = demo_store.database.path, None
    make_newer(path, key)
    before = tree(path.parent)
    with pytest.raises(NewerSchemaError, match="nieuwere versie van Expertteam"):
        Store.open(path, key)
    if key:
        monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", key)
    else:
        with pytest.raises(NewerSchemaError):
            security.database_state(path)
    for command in (["cases"], ["backup"], ["verify-audit"]):
        assert _cli(path, *command) == 2
        err = capsys.readouterr().err
        assert err.startswith("Fout: ")
        assert "nieuwere versie" in err
        assert "Traceback" not in err
    assert tree(path.parent) == before  # nothing written, no backup folder, no lock left


# --------------------------------------------------------------------------- one writer


def _holder(path: Path) -> subprocess.Popen[str]:
    script = (
        "import sys, time\n"
        "from expertteam.services.store import Store\n"
        f"store = Store.open({str(path)!r}, {PASSPHRASE!r})\n"
        "print('open', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_one_writer_per_file_whatever_its_name(encrypted_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "andere-map"
    elsewhere.mkdir()
    hard = elsewhere / "koppeling.db"
    os.link(encrypted_path, hard)
    soft = elsewhere / "snelkoppeling.db"
    soft.symlink_to(encrypted_path)
    dotted = elsewhere / ".." / encrypted_path.name
    holder = _holder(encrypted_path)
    try:
        for name in (hard, soft, dotted, encrypted_path):
            with pytest.raises(DatabaseInUseError, match="al geopend"):
                Store.open(name, PASSPHRASE)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # The other way round: held through the hard link, refused under the real name.
    holder = _holder(hard)
    try:
        with pytest.raises(DatabaseInUseError):
            Store.open(encrypted_path, PASSPHRASE)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    store = Store.open(hard, PASSPHRASE)  # the holder is gone: open again
    assert case_register.count_cases(store) == 15
    store.close()


def test_a_full_disk_while_locking_is_a_disk_full_message(store: Store, tmp_path: Path) -> None:
    source = store.database.path
    store.close()
    size_kb = source.stat().st_size // 1024 + 160
    with tiny_disk(tmp_path / "usb", size_kb) as volume:
        path = volume / "expertteam.db"
        shutil.copy2(source, path)
        before = sha256(path)
        filler = fill(volume)
        for _attempt in range(2):  # the second try must not say "open elsewhere"
            with pytest.raises(DiskFullError, match="schijf is vol"):
                Store.open(path)
        assert sha256(path) == before
        assert sorted(p.name for p in volume.iterdir()) == ["expertteam.db", "vol.bin"]
        filler.unlink()
        reopened = Store.open(path)  # room again: nothing was left locked
        assert case_register.count_cases(reopened) == 0
        reopened.close()
