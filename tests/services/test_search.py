"""One search folding for the GUI and the CLI: "noel" finds "Noël" everywhere."""

from __future__ import annotations

import pytest

from expertteam.cli import main
from expertteam.domain.search import fold, matches
from expertteam.services import action_rows, case_register
from expertteam.services.store import Store
from tests.conftest import database_args


def test_fold_and_matches_ignore_case_and_accents() -> None:
    assert fold("Noël Anaïs KOÇ") == "noel anais koc"
    assert matches("  NOEL ", "ET-2026-0001", "Noël de Vries")
    assert matches("", "anything")
    assert not matches("chloe", "Noël de Vries")


def test_cli_cases_filter_finds_accented_names_as_the_register_does(
        demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    wanted = [row for row in case_register.list_register(demo_store) if "ë" in row.child_name]
    assert wanted  # the demo region has accented names
    typed = fold(wanted[0].child_name.split()[0])  # "noel" for "Noël", as a user types it
    assert main([*database_args(demo_store), "cases", "--filter", typed,
                 "--names"]) == 0
    assert wanted[0].child_name in capsys.readouterr().out


def test_services_fold_the_search_text(demo_store: Store) -> None:
    rows = case_register.list_register(demo_store, case_register.RegisterFilter(text="NOEL"))
    assert rows
    assert all("noel" in fold(f"{r.case_number} {r.child_name} {r.municipality_name} "
                              f"{r.gi_name}") for r in rows)
    assert action_rows.action_overview(demo_store, action_rows.ActionFilter(text="zzz-niets")) == []
