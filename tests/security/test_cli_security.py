"""The security sub-commands call the same services and read the passphrase from the
environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from expertteam.cli import main
from tests.security.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)


def test_backup_verify_restore_purge_review(encrypted_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = str(encrypted_path)
    target = tmp_path / "stick.db"
    assert main(["--database", db, "backup", str(target), "--gebruiker", "anna de boer"]) == 0
    assert target.exists()
    assert main(["--database", db, "backup"]) == 0
    assert list((encrypted_path.parent / "backups").glob("*-auto-*.db"))
    assert main(["--database", db, "verify-audit"]) == 0
    assert main(["--database", db, "purge-review"]) == 0
    assert main(["--database", db, "restore", str(target)]) == 1  # preview only
    assert main(["--database", db, "restore", str(target), "--bevestig"]) == 0
    out = capsys.readouterr().out
    assert "15 casussen" in out
    assert "ongeschonden" in out
    assert "Reservekopie teruggezet." in out
    assert list(encrypted_path.parent.glob("*-voor-herstel-*.db"))


def test_wrong_passphrase_is_a_message_not_a_traceback(
        encrypted_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", "niet het goede wachtwoord")
    assert main(["--database", str(encrypted_path), "verify-audit"]) == 2
    assert "wachtwoord klopt niet" in capsys.readouterr().err
    assert main(["--database", str(encrypted_path), "backup", "--gebruiker", "niemand"]) == 2
