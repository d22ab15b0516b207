"""Issue 13 point 8: arbitrary arguments, paths, dates and numbers into ``expertteam.cli.main``.
Every run ends in its output (exit 0 or 1) or in one Dutch ``Fout:`` line with exit code 2: never
a traceback, never the "unexpected" safety net, never an English argparse message."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from expertteam import cli
from expertteam.domain.enums import AuditAction, UserRole
from expertteam.services import audit, users
from expertteam.services.store import Store

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
ENGLISH = ("usage:", "error:", "invalid", "unrecognized", "required", "Traceback",
           "expected one argument")

odd_text = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters=
                                          "\x00"), max_size=40)
dates = st.one_of(st.dates().map(lambda d: d.isoformat()),
                  st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01",
                                   "morgen", "", "1-1-2026", "20261123"]))
numbers = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str),
                    st.sampled_from(["0", "-1", "1e9", "abc", "", "٣", "²"]))
commands = st.one_of(
    st.tuples(st.just("cases"), st.sampled_from(["--filter", "--names --filter"]), odd_text),
    st.tuples(st.just("monitor"), st.sampled_from(["--datum", "--vorige", "--van", "--tot"]),
              dates),
    st.tuples(st.just("render"), st.sampled_from(["minutes --meeting", "actions --organisation",
                                                  "case --case", "case --case-number"]),
              numbers),
    st.tuples(st.just("escalation"), st.sampled_from(["letter", "list", "signals"]), odd_text),
    st.tuples(st.just("purge-review"), st.just("--verwijder"), numbers),
    st.tuples(st.just("verify-audit"), st.just("--against"), odd_text),
    st.tuples(st.just("backup"), st.just("--force"), odd_text),
    st.tuples(st.just("restore"), st.just(""), odd_text),
    st.tuples(st.sampled_from(["init", "demo", "onzin", "--versie", "-x"]), st.just(""),
              odd_text),
)


def _argv(database: Path, command: tuple[str, str, str], out: Path) -> list[str]:
    name, option, value = command
    argv = ["--database", str(database), name, *option.split()]
    if name == "render":
        argv += [value, "-o", str(out / "doc.pdf")]
    elif name in ("backup", "restore", "verify-audit"):
        argv += [str(out / value.replace("/", "_"))] if name != "verify-audit" else \
            [str(out / (value.replace("/", "_") or "x"))]
    elif value or option:
        argv.append(value)
    return argv


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths among the fuzzed arguments land in the test's folder."""
    monkeypatch.chdir(tmp_path)


def _check(code: int, captured: pytest.CaptureFixture[str]) -> None:
    out, err = captured.readouterr()
    assert code in (0, 1, 2), code
    assert cli.UNEXPECTED.split("(")[0] not in err, err
    assert "Traceback" not in err + out
    if code == 2:
        assert err.startswith("Fout: "), err
        first = err.splitlines()[0]
        assert not any(word in first for word in ENGLISH), first


@FUZZ
@given(command=commands)
@example(command=("monitor", "--datum", "0001-01-01"))
@example(command=("monitor", "--vorige", "0001-01-01"))
@example(command=("render", "minutes --meeting", str(2**70)))
@example(command=("purge-review", "--verwijder", str(-(2**70))))
def test_cli_on_the_demo_database(demo_store: Store, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str],
                                  command: tuple[str, str, str]) -> None:
    database = demo_store.database.path
    _check(cli.main(_argv(database, command, tmp_path)), capsys)


@FUZZ
@given(name=odd_text, command=commands)
def test_cli_on_hostile_database_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       name: str, command: tuple[str, str, str]) -> None:
    folder = tmp_path / "leeg"
    folder.mkdir(exist_ok=True)
    name = name.replace("/", "_").replace("\\", "_") or "x"
    if name in (".", ".."):
        name = "x"
    database = folder / name
    if command[0] == "init":
        return  # creating is allowed; the paths test covers init
    _check(cli.main(_argv(database, command, tmp_path)), capsys)
    assert list(folder.iterdir()) == [], "nothing is created on a missing path"


SUBCOMMANDS = sorted(set(cli.build_parser()._subparsers._actions[-1].choices)  # type: ignore
                     - {"init"})


@FUZZ
@given(sub=st.sampled_from(SUBCOMMANDS), rest=st.lists(st.one_of(
    odd_text, st.sampled_from(["--force", "--bevestig", "--names", "--gebruiker", "--met-naam",
                               "--datum", "--pdf", "-o", "--", "--all", "--versie"])),
    max_size=6))
def test_cli_on_arbitrary_arguments(demo_store: Store, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str], sub: str,
                                    rest: list[str]) -> None:
    if any(a.startswith(("-h", "--h")) for a in rest):
        return  # help prints and exits 0; not for this test
    rest = [a if a.startswith("-") or "/" not in a else str(tmp_path / a.replace("/", "_"))
            for a in rest]
    _check(cli.main(["--database", str(demo_store.database.path), sub, *rest]), capsys)


def test_cli_actions_are_logged_under_the_profile(encrypted_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from tests.security.conftest import CHAIR, PASSPHRASE

    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)
    db = str(encrypted_path)
    assert cli.main(["--database", db, "cases"]) == 0  # the only profile
    store = Store.open(encrypted_path, PASSPHRASE)
    second = users.create_user(store, "Bram Jansen", UserRole.MEMBER)
    chair = next(u for u in users.list_users(store) if u.name == CHAIR)
    store.close()
    assert cli.main(["--database", db, "cases"]) == 2  # two profiles: say which
    assert "--gebruiker" in capsys.readouterr().err
    assert cli.main(["--database", db, "--gebruiker", "bram jansen", "cases"]) == 0
    monkeypatch.setenv("EXPERTTEAM_GEBRUIKER", CHAIR)
    assert cli.main(["--database", db, "render", "case", "--case-number", "ET-2026-0001",
                     "-o", str(encrypted_path.parent / "a.pdf")]) == 0
    store = Store.open(encrypted_path, PASSPHRASE)
    try:
        rows = [e for e in audit.list_entries(store, limit=200) if e.origin.startswith("cli:")]
    finally:
        store.close()
    assert rows
    assert all(e.actor_id is not None for e in rows)
    assert {e.actor_id for e in rows} == {second.id, chair.id}
    export = next(e for e in rows if e.action is AuditAction.EXPORT)
    assert (export.actor_id, export.origin) == (chair.id, "cli:render")
