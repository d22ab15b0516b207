"""The log and the crash reports (no Qt): exceptions by type and frame only, short paths, masked
library text, one rotating log file."""

from __future__ import annotations

import logging
import sqlite3
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from expertteam import logs

NAME = "Jildou Zwartkruis"


def _failing() -> None:
    child = {"name": NAME, "bsn": "123456782"}
    raise RuntimeError(f"{child['name']} ({child['bsn']})")


def _caught() -> BaseException:
    try:
        _failing()
    except RuntimeError as exc:
        return exc
    raise AssertionError("did not raise")


def test_an_exception_is_described_by_type_and_frames_without_its_message() -> None:
    text = "\n".join(logs.describe_exception(_caught()))
    assert 'File "tests/test_logs.py"' in text
    assert "in _failing" in text
    assert "RuntimeError (message left out" in text
    assert NAME not in text
    assert "123456782" not in text


def test_our_frames_show_their_source_line_and_library_frames_a_short_path() -> None:
    try:
        sqlite3.connect(":memory:").execute("SELECT * FROM nergens")
    except sqlite3.OperationalError as exc:
        lines = logs.describe_exception(exc)
    assert lines[-1].startswith("sqlite3.OperationalError")
    from expertteam.storage import integrity

    shown, ours = logs.shown_path(integrity.__file__)
    assert (shown, ours) == ("expertteam/storage/integrity.py", True)
    assert logs.shown_path(logging.__file__) == ("logging/__init__.py", False)
    assert logs.shown_path("/home/jildou/elders/script.py") == ("script.py", False)
    assert logs.shown_path("expertteam\\gui\\app.py") == ("expertteam/gui/app.py", True)


def test_a_group_lists_the_types_of_its_exceptions() -> None:
    group = ExceptionGroup(NAME, [ValueError(NAME), KeyError(NAME)])
    text = "\n".join(logs.describe_exception(group))
    assert "ValueError" in text
    assert "KeyError" in text
    assert NAME not in text


@pytest.mark.parametrize(("message", "expected"), [
    ('QLayout: "Jildou" already has a parent', "QLayout: '…' already has a parent"),
    ("cannot open C:\\Users\\jildou\\Jildou Zwartkruis.pdf", "cannot open <pad>"),
    ("QFont::setPointSize: Point size <= 0 (-1.000000)", "QFont::setPointSize: Point size <= # "
                                                          "(-#.#)"),
    ("geboren 17-03-2012, bsn 123456782", "geboren #-#-#, bsn #"),
    ("mail jildou@example.org now", "mail <e-mail> now"),
])
def test_library_text_keeps_its_template_and_loses_its_values(message: str,
                                                              expected: str) -> None:
    assert logs.scrub(message) == expected


def test_the_log_is_configured_once_and_keeps_foreign_values_out(tmp_path: Path) -> None:
    try:
        path = logs.configure_logging(tmp_path)
        assert logs.configure_logging(tmp_path) == path
        root = logging.getLogger()
        ours = [h for h in root.handlers if isinstance(h, RotatingFileHandler)]
        assert len(ours) == 1
        assert ours[0].maxBytes == logs.LOG_MAX_BYTES
        logging.getLogger("expertteam.test").info("opened at revision %s", "0002")
        logging.getLogger("sqlalchemy.pool").warning("reset of %s", NAME)
        logging.getLogger("expertteam.test").warning(_caught())  # not a text: its type only
        logging.getLogger("expertteam.test").error("failed", exc_info=_caught())
    finally:
        logs.stop_logging()
    text = path.read_text(encoding="utf-8")
    assert "opened at revision 0002" in text
    assert "reset of %s [values left out]" in text
    assert "<RuntimeError>" in text
    assert "in _failing" in text
    assert NAME not in text
