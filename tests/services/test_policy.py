"""The gemeente's policy file: real files, read into the real settings service's defaults."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from expertteam.cli import main
from expertteam.domain.errors import ValidationError
from expertteam.services import backup, policy, security, settings
from expertteam.services.store import Store
from expertteam.storage.engine import default_backup_dir


@pytest.fixture(autouse=True)
def _no_presets_after() -> Iterator[None]:
    yield
    settings.use_presets({})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / policy.POLICY_FILENAME
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.file_only  # the backup folder is a file database's
def test_defaults_from_the_policy_and_the_users_own_setting_wins(store: Store,
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "netwerkschijf" / "reservekopieen"
    path = write(tmp_path, f"[reservekopieen]\nmap = '{folder}'\n\n"
                           "[vergrendelen]\nminuten = 15\n")
    loaded = policy.load_machine_policy(path)
    assert loaded.problems == ()
    assert security.auto_lock_minutes(store) == 15
    assert backup.backup_folder(store) == folder
    made = backup.automatic_backup(store)  # the preset folder need not exist yet
    assert made.parent == folder

    assert security.set_auto_lock_minutes(store, 3) == 3
    assert security.auto_lock_minutes(store) == 3
    own = tmp_path / "eigen"
    own.mkdir()
    backup.set_backup_folder(store, own)
    assert backup.backup_folder(store) == own.resolve()


def test_a_fixed_entry_wins_over_what_the_user_stored_and_refuses_a_change(
        store: Store, tmp_path: Path) -> None:
    security.set_auto_lock_minutes(store, 30)  # stored before the policy arrived
    path = write(tmp_path, "[vergrendelen]\nminuten = 10\nvast = true\n")
    policy.load_machine_policy(path)
    assert security.auto_lock_minutes(store) == 10
    with pytest.raises(ValidationError) as raised:
        security.set_auto_lock_minutes(store, 20)
    assert raised.value.field == "auto_lock_minutes"
    assert "vastgezet" in raised.value.message
    assert security.auto_lock_minutes(store) == 10

    settings.use_presets({})  # the policy file removed: the user's own value is back
    assert security.auto_lock_minutes(store) == 30


def test_a_fixed_backup_folder_cannot_be_reset(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vast"
    policy.load_machine_policy(write(tmp_path, f"[reservekopieen]\nmap = '{folder}'\n"
                                               "vast = true\n"))
    with pytest.raises(ValidationError) as raised:
        backup.set_backup_folder(store, None)
    assert raised.value.field == "backup_folder"
    assert backup.backup_folder(store) == folder


def test_no_file_means_the_apps_own_defaults_without_a_message(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        loaded = policy.load_machine_policy(tmp_path / policy.POLICY_FILENAME)
    assert loaded.presets == {}
    assert loaded.problems == ()
    assert caplog.records == []
    assert security.auto_lock_minutes(store) == security.DEFAULT_AUTO_LOCK_MINUTES
    assert backup.backup_folder(store) == default_backup_dir(store.database.path)


@pytest.mark.parametrize(("content", "reason"), [
    (b"[vergrendelen\nminuten = 10\n", "geen geldige TOML-opmaak op regel 1"),
    (b"[vergrendelen]\nminuten = 10\nnaam = \"Caf\xe9\"\n", "niet als UTF-8"),
])
def test_an_unreadable_file_is_logged_in_dutch_and_the_app_keeps_its_defaults(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes,
        reason: str) -> None:
    security.set_auto_lock_minutes(store, 7)
    settings.use_presets(policy.read_policy(write(tmp_path, "[vergrendelen]\nminuten = 9\n"))
                         .presets)
    path = tmp_path / policy.POLICY_FILENAME
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        loaded = policy.load_machine_policy(path)
    assert loaded.presets == {}
    [record] = caplog.records
    assert "kon niet worden gelezen" in record.getMessage()
    assert reason in record.getMessage()
    assert "eigen standaardinstellingen" in record.getMessage()
    assert security.auto_lock_minutes(store) == 7  # the earlier presets are gone too


def test_a_folder_in_the_files_place_is_a_message_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / policy.POLICY_FILENAME
    path.mkdir()
    [message] = policy.read_policy(path).problems
    assert "kon niet worden gelezen" in message


def test_bad_and_unknown_entries_are_left_out_one_by_one(store: Store, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    path = write(tmp_path, "[vergrendelen]\nminuten = 500\n\n"
                           "[reservekopieen]\nmap = 'relatief\\pad'\n\n"
                           "[printer]\nnaam = 'x'\n")
    with caplog.at_level(logging.WARNING):
        loaded = policy.load_machine_policy(path)
    assert loaded.presets == {}
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 3
    assert any("‘minuten’ in [vergrendelen] moet een heel aantal minuten van 1 tot en met 120"
               in m for m in messages)
    assert any("‘map’ in [reservekopieen] moet de volledige plek van een map" in m
               for m in messages)
    assert any("onbekend onderdeel [printer]" in m for m in messages)
    assert security.auto_lock_minutes(store) == security.DEFAULT_AUTO_LOCK_MINUTES


def test_a_bad_fixed_flag_leaves_the_entry_as_a_default(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "[vergrendelen]\nminuten = 12\nvast = 'ja'\nkleur = 'rood'\n")
    loaded = policy.load_machine_policy(path)
    assert len(loaded.problems) == 2
    assert security.auto_lock_minutes(store) == 12
    assert security.set_auto_lock_minutes(store, 4) == 4


@pytest.mark.file_only  # runs "backup", a copy of the file
def test_the_cli_reads_the_machine_policy_at_start(store: Store, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "van-de-gemeente"
    path = write(tmp_path, f"[reservekopieen]\nmap = '{folder}'\nvast = true\n")
    monkeypatch.setattr(policy, "machine_policy_path", lambda: path)
    database = store.database.path
    store.close()
    assert main(["--database", str(database), "backup"]) == 0
    [made] = list(folder.iterdir())
    assert str(made) in capsys.readouterr().out
