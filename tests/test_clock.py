"""The one clock: nothing else reads the machine's date, and pinning works as the app does it."""

from __future__ import annotations

import io
import re
import tokenize
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from expertteam import clock
from expertteam.cli import main
from tests.conftest import TODAY, pin_day

ROOT = Path(__file__).resolve().parent.parent
MACHINE_CLOCK = re.compile(
    r"\b(date\.today|datetime\.(now|today|utcnow|utcfromtimestamp)|time\.(time|time_ns|"
    r"localtime|gmtime|ctime|strftime)|QDate\.currentDate|QDateTime\.current\w*|"
    r"QTime\.currentTime)\s*\(")


def _code_without_comments_and_strings(path: Path) -> str:
    """The code of ``path`` with comments and string literals blanked (docstrings may mention
    ``date.today()`` without reading the clock)."""
    kept: list[str] = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type in (tokenize.COMMENT, tokenize.STRING):
            continue
        kept.append(token.string)
    return " ".join(kept)


def test_nothing_but_the_clock_reads_the_machine_clock() -> None:
    offenders = []
    for folder in ("expertteam", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "expertteam" / "clock.py":
                continue
            found = MACHINE_CLOCK.findall(_code_without_comments_and_strings(path))
            if found:
                offenders.append(f"{path.relative_to(ROOT)}: {[f[0] for f in found]}")
    assert offenders == []


def test_the_pattern_would_find_a_direct_read() -> None:
    for snippet in ("x = date.today()", "datetime.now(UTC)", "QDate.currentDate()",
                    "time.time ()", "datetime.utcnow()"):
        assert MACHINE_CLOCK.search(snippet), snippet
    assert not MACHINE_CLOCK.search("clock.today()")


def test_tests_run_on_the_pinned_day() -> None:
    assert clock.today() == TODAY
    assert clock.now().date() == TODAY
    pin_day(date(2032, 2, 29))
    assert clock.today() == date(2032, 2, 29)


def test_pinned_clock_moves_within_its_day_and_agrees_with_utc() -> None:
    pinned = clock.PinnedClock(date(2030, 12, 24))
    first, second = pinned.now(), pinned.now()
    assert first.date() == date(2030, 12, 24)
    assert first <= second
    local = pinned.now()
    as_utc = pinned.utcnow()
    assert abs(local.astimezone(UTC).replace(tzinfo=None) - as_utc) < timedelta(seconds=1)
    late = clock.PinnedClock(date(2030, 12, 24), start=datetime.max.time())
    assert late.now().date() == date(2030, 12, 24)


def test_pinned_block_restores_the_previous_clock() -> None:
    before = clock.current()
    with clock.pinned(date(2001, 1, 1)):
        assert clock.today() == date(2001, 1, 1)
    assert clock.current() is before


def test_system_clock_reads_the_machine() -> None:
    system = clock.SystemClock()
    assert abs(system.now() - datetime.now()) < timedelta(seconds=5)
    assert abs(system.utcnow() - datetime.now(UTC).replace(tzinfo=None)) < timedelta(seconds=5)
    assert system.today() in {date.today(), date.today() - timedelta(days=1)}


def test_to_local_turns_a_stored_stamp_into_local_time() -> None:
    stamp = datetime(2026, 7, 1, 12, 0)
    assert clock.to_local(stamp) == stamp.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def test_environment_pins_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2031-02-28")
    database = tmp_path / "expertteam.db"
    assert main(["--database", str(database), "init", "--gebruiker", "Tester",
                 "--onversleuteld"]) == 0
    assert main(["--database", str(database), "demo"]) == 0
    assert clock.today() == date(2031, 2, 28)
    capsys.readouterr()
    assert main(["--database", str(database), "cases"]) == 0
    assert "ET-2031-0001" in capsys.readouterr().out


def test_a_bad_pinned_day_is_a_dutch_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "morgen")
    assert main(["--database", str(tmp_path / "x.db"), "cases"]) == 2
    err = capsys.readouterr().err
    assert "EXPERTTEAM_TODAY is geen datum" in err
    assert not (tmp_path / "x.db").exists()
