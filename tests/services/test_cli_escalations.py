"""`expertteam escalation …`: the signals, the register and a stored letter, from a script."""

from __future__ import annotations

from pathlib import Path

import pytest

from expertteam.cli import main
from expertteam.domain.enums import AuditAction
from expertteam.services import audit, letter_output, letters
from expertteam.services.store import Store
from tests.conftest import database_args
from tests.escalation_helpers import letter_world, pdf_text


def _run(store: Store, *args: str) -> int:
    return main([*database_args(store), "escalation", *args])


def test_a_final_letter_is_written_byte_for_byte(demo_store: Store, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    case_escalation, _continuity = letter_world(demo_store)
    final = letters.finalise_letter(demo_store, letters.open_letter(demo_store,
                                                                    case_escalation).id)
    out = tmp_path / "brief.pdf"
    assert _run(demo_store, "letter", "esc-2026-001", "-o", str(out)) == 0
    assert out.read_bytes() == letter_output.letter_pdf(demo_store, final.id).pdf
    assert "(definitief)" in capsys.readouterr().out
    exports = [e for e in audit.list_entries(demo_store) if e.action is AuditAction.EXPORT]
    # On a server the database role follows: "cli:escalation [db:anna]".
    assert exports[-1].origin.split(" [db:")[0] == "cli:escalation"


def test_a_concept_letter_and_unknown_references(demo_store: Store, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _case, continuity = letter_world(demo_store)
    letters.open_letter(demo_store, continuity)
    out = tmp_path / "concept.pdf"
    assert _run(demo_store, "letter", "ESC-2026-002", "-o", str(out)) == 0
    assert "CONCEPT" in pdf_text(out.read_bytes())
    assert _run(demo_store, "letter", "ESC-2026-009") == 2
    assert "Er is geen escalatie met kenmerk ESC-2026-009." in capsys.readouterr().err
    assert _run(demo_store, "letter", "ESC-2026-002", "--versie", "4") == 2
    assert "Versie 4 van deze brief bestaat niet." in capsys.readouterr().err


def test_signals_and_register_are_listed(demo_store: Store,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    letter_world(demo_store)
    assert _run(demo_store, "signals") == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("continuity:org=" in line for line in lines)
    assert all("Noël" not in line for line in lines)
    assert _run(demo_store, "list") == 0
    register = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in register] == ["ESC-2026-002", "ESC-2026-001"]
