"""`expertteam render …` writes the same PDFs as the export dialog, logged as exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from expertteam.cli import main
from expertteam.domain.enums import AuditAction
from expertteam.services import audit
from expertteam.services.store import Store
from tests.documents.world import World, build_world, pdf_text


@pytest.fixture
def world(demo_store: Store) -> World:
    return build_world(demo_store)


def _run(world: World, *args: str) -> int:
    return main(["--database", str(world.store.database.path), "render", *args])


def test_render_minutes_pseudonymised_and_with_names(world: World, tmp_path: Path) -> None:
    out = tmp_path / "verslag.pdf"
    assert _run(world, "minutes", "--meeting", str(world.meeting_id), "-o", str(out)) == 0
    assert "ET-2026-0001 · N.V." in pdf_text(out.read_bytes())
    named = tmp_path / "named.pdf"
    assert _run(world, "minutes", "--meeting", str(world.meeting_id), "-o", str(named),
                "--met-naam") == 0
    assert "Noël de Vries" in pdf_text(named.read_bytes())
    details = [e.detail for e in audit.list_entries(world.store)
               if e.action is AuditAction.EXPORT]
    assert details[:2] == ["verslag; met naam; v1", "verslag; gepseudonimiseerd; v1"]
    assert {e.origin for e in audit.list_entries(world.store)
            if e.action is AuditAction.EXPORT} == {"cli:render"}


def test_render_case_by_number_and_organisation(world: World, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(world, "case", "--case-number", "ET-2026-0002") == 0
    written = tmp_path / "afspraken-ET-2026-0002-2026-11-23.pdf"
    assert "Afsprakenoverzicht" in pdf_text(written.read_bytes())
    assert str(written.name) in capsys.readouterr().out
    out = tmp_path / "ggz.pdf"
    assert _run(world, "actions", "--organisation", str(world.ggz), "-o", str(out)) == 0
    assert "Intake plannen voor N." in pdf_text(out.read_bytes())


def test_render_all_actions_and_errors(world: World, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "lijsten"
    assert _run(world, "all-actions", "--out-dir", str(folder)) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "acties-ggz-jong-westfriesland-2026-11-23.pdf",
        "acties-jeugdbescherming-noord-2026-11-23.pdf"]
    assert _run(world, "case", "--case-number", "ET-1999-0042") == 2
    assert "Er is geen casus met nummer ET-1999-0042." in capsys.readouterr().err
    assert _run(world, "case", "--case", "1", "--case-number", "ET-2026-0001") == 2
    assert "kan niet samen met" in capsys.readouterr().err
