"""The app's traces on disk: a rotating log, crash reports, and the fault log of a hard crash.

Everything lives in ``logs/`` in the data folder (the database's folder). None of it may hold
personal data, and exceptions are where it would slip in: a message like ``ValueError: 'Noor
Jansen' ...`` or the ``repr`` of a local variable can carry a child's name, BSN or birth date.
So an exception is written as its type and its frames (file, line, function, and the source line
when the frame is in our own package: code, never values), and never with its message or locals.
Paths are shortened to the part below the package or library folder, so the user's name in a
home folder stays out too. Records from other libraries' loggers keep only their message
template, not the values filled into it. This module is a leaf (no Qt); the GUI adds its hooks
in ``expertteam.gui.crash``.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import platform
import re
import sys
import traceback
from collections.abc import Mapping
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO

from expertteam import APP_NAME, __version__, clock

LOGS_DIRNAME = "logs"
LOG_FILENAME = "expertteam.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUP_COUNT = 3
FAULT_FILENAME = "fault.log"
KEEP_CRASH_REPORTS = 20
KEEP_FAULT_LOGS = 5
LINE_LIMIT = 200
PACKAGE = "expertteam"
_PACKAGE_DIR = Path(__file__).resolve().parent

log = logging.getLogger(__name__)


def logs_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LOGS_DIRNAME


def _stamp() -> str:
    return clock.now().strftime("%Y%m%d-%H%M%S")


def _unused(folder: Path, stem: str, suffix: str) -> Path:
    candidate, counter = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        candidate, counter = folder / f"{stem}-{counter}{suffix}", counter + 1
    return candidate


def _prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` newest files matching ``pattern`` (names sort by date)."""
    for old in sorted(folder.glob(pattern), reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


# --- exceptions without their values -------------------------------------------------------

def _library_roots() -> list[Path]:
    roots = [_PACKAGE_DIR.parent]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen))
    roots += [Path(entry) for entry in sys.path if entry]
    return sorted({root.resolve() for root in roots}, key=lambda p: len(p.parts), reverse=True)


def shown_path(filename: str) -> tuple[str, bool]:
    """``filename`` as written in a report, and whether it is our own code: relative to the
    package's or a library's folder (``expertteam/gui/app.py``, ``sqlalchemy/orm/session.py``),
    else only the file's name."""
    if filename.startswith("<"):
        return filename, False
    normalised = filename.replace("\\", "/")
    path = Path(normalised)
    if not path.is_absolute():  # a frozen build records module-relative names
        return normalised, normalised.startswith(f"{PACKAGE}/")
    resolved = path.resolve()
    for root in _library_roots():
        with contextlib.suppress(ValueError):
            relative = resolved.relative_to(root).as_posix()
            return relative, relative.startswith(f"{PACKAGE}/") and root == \
                _PACKAGE_DIR.parent.resolve()
    return path.name, False


def type_name(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else \
        f"{kind.__module__}.{kind.__qualname__}"


def describe_exception(exc: BaseException) -> list[str]:
    """The exception and its chain as traceback lines: types and frames, no messages."""
    lines: list[str] = []
    seen: set[int] = set()

    def walk(current: BaseException, indent: str) -> None:
        if id(current) in seen:
            return
        seen.add(id(current))
        if current.__cause__ is not None:
            walk(current.__cause__, indent)
            lines.extend(["", f"{indent}The above exception was the direct cause of the "
                                 "following exception:", ""])
        elif current.__context__ is not None and not current.__suppress_context__:
            walk(current.__context__, indent)
            lines.extend(["", f"{indent}During handling of the above exception, another "
                                 "exception occurred:", ""])
        lines.append(f"{indent}Traceback (most recent call last):")
        for frame in traceback.extract_tb(current.__traceback__):
            shown, ours = shown_path(frame.filename)
            lines.append(f'{indent}  File "{shown}", line {frame.lineno}, in {frame.name}')
            if ours and frame.line:
                lines.append(f"{indent}    {frame.line.strip()[:LINE_LIMIT]}")
        lines.append(f"{indent}{type_name(current)} (message left out: it may hold personal "
                     "data)")
        if isinstance(current, BaseExceptionGroup):
            for number, inner in enumerate(current.exceptions, 1):
                lines.append(f"{indent}  sub-exception {number}:")
                walk(inner, indent + "    ")

    walk(exc, "")
    return lines


def environment() -> dict[str, str]:
    """What a report needs to know about the installation; no host or user names."""
    return {
        "app": f"{APP_NAME} {__version__}",
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "platform": platform.platform(),
        "frozen": "yes" if getattr(sys, "frozen", False) else "no",
    }


def write_crash_report(data_dir: Path, exc: BaseException, *, thread: str,
                       extra: Mapping[str, str] | None = None) -> Path:
    """Write a crash report for ``exc`` into ``logs/`` and return its path (the newest
    ``KEEP_CRASH_REPORTS`` are kept). Raises ``OSError`` when it cannot be written."""
    folder = logs_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = _unused(folder, f"crash-{_stamp()}", ".txt")
    facts = {**environment(), **(extra or {}), "thread": thread,
             "time": clock.now().isoformat(sep=" ", timespec="seconds")}
    text = "\n".join([
        f"{APP_NAME}: foutrapport / crash report",
        "Dit rapport bevat geen persoonsgegevens: alleen het soort fout en waar in het "
        "programma die optrad.",
        "",
        *(f"{key}: {value}" for key, value in facts.items()),
        "",
        *describe_exception(exc),
        "",
    ])
    path.write_text(text, encoding="utf-8")
    _prune(folder, "crash-*.txt", KEEP_CRASH_REPORTS)
    return path


# --- text from elsewhere (Qt) ----------------------------------------------------------------

_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'|“[^”]*”|‘[^’]*’|«[^»]*»")
_PATH = re.compile(r"(?:(?<=[\s(=:])|^)(?:[A-Za-z]:[\\/]|\\\\|~?/|file:|https?:).*$")
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
_NUMBER = re.compile(r"\d+")


def scrub(message: str, limit: int = 300) -> str:
    """A message written by a library, with the values it may carry masked: quoted text, paths
    and URLs (to the end of the line), e-mail addresses and every number (a BSN, a date)."""
    lines = []
    for line in message.splitlines() or [""]:
        line = _QUOTED.sub("'…'", line)
        line = _PATH.sub("<pad>", line)
        line = _MAIL.sub("<e-mail>", line)
        lines.append(_NUMBER.sub("#", line))
    return " / ".join(lines)[:limit]


# --- the rotating log ------------------------------------------------------------------------

def _is_ours(record: logging.LogRecord) -> bool:
    return record.name == PACKAGE or record.name.startswith(PACKAGE + ".")


class SafeFormatter(logging.Formatter):
    """One line per record, stamped by the app's clock; exceptions as ``describe_exception``
    (never ``record.exc_text``, which another handler may have filled with the message)."""

    def format(self, record: logging.LogRecord) -> str:
        if not isinstance(record.msg, str):
            text = f"<{type(record.msg).__name__}>"
        elif _is_ours(record):
            text = record.getMessage()
        else:
            text = record.msg + (" [values left out]" if record.args else "")
        stamp = clock.now().isoformat(sep=" ", timespec="milliseconds")
        line = f"{stamp} {record.levelname:<8} {record.name}: {text}"
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None:
            line += "\n" + "\n".join("    " + part for part in describe_exception(exc))
        return line


_handler: RotatingFileHandler | None = None


def configure_logging(data_dir: Path) -> Path:
    """Send the log to ``logs/expertteam.log`` (rotating: ``LOG_BACKUP_COUNT`` older files of
    ``LOG_MAX_BYTES``); our loggers from INFO, others from WARNING. Configured once: a repeated
    call for the same folder changes nothing. Returns the log file."""
    global _handler
    path = logs_dir(data_dir) / LOG_FILENAME
    if _handler is not None and Path(_handler.baseFilename) == path.resolve():
        return path
    stop_logging()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT,
                                  encoding="utf-8")
    handler.setFormatter(SafeFormatter())
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    logging.getLogger(PACKAGE).setLevel(logging.INFO)
    _handler = handler
    log.info("%s started (%s)", APP_NAME, ", ".join(f"{k} {v}" for k, v in environment().items()))
    return path


def stop_logging() -> None:
    """Detach and close the log file (for tests; the app keeps it until it exits)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


# --- the fault log ---------------------------------------------------------------------------

_fault_file: IO[str] | None = None
# faulthandler writes frames as  File "/full/path.py", line 12 in name  (no values, but a path
# may hold the user's name): shortened like a crash report's when the log is kept.
_FAULT_FRAME = re.compile(r'File "(?P<path>[^"]+)"')


def _short_frame(match: re.Match[str]) -> str:
    return f'File "{shown_path(match["path"])[0]}"'

_fault_was_enabled = False


def start_fault_log(data_dir: Path) -> Path | None:
    """Let ``faulthandler`` write the Python stacks of a hard crash (segmentation fault, abort)
    into ``logs/fault.log``, kept open for the life of the process. A non-empty fault log left by
    the previous run is first moved to ``logs/fault-<date>.log``, whose path is returned so that
    it can be shown once; None when the previous run ended normally. Raises ``OSError`` when the
    folder cannot be written."""
    global _fault_file, _fault_was_enabled
    folder = logs_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    current = folder / FAULT_FILENAME
    previous: Path | None = None
    if _fault_file is None and current.is_file() and current.stat().st_size > 0:
        previous = _unused(folder, f"fault-{_stamp()}", ".log")
        text = current.read_text(encoding="utf-8", errors="replace")
        previous.write_text(_FAULT_FRAME.sub(_short_frame, text), encoding="utf-8")
        current.unlink()
        _prune(folder, "fault-*.log", KEEP_FAULT_LOGS)
    stop_fault_log(clean=False)
    _fault_was_enabled = faulthandler.is_enabled()
    _fault_file = current.open("a", encoding="utf-8")
    faulthandler.enable(_fault_file, all_threads=True)
    return previous


def stop_fault_log(*, clean: bool) -> None:
    """Stop writing the fault log. After a ``clean`` end of the app, whatever the log holds was
    not fatal (on Windows ``faulthandler`` also reports exceptions a library handled), so it is
    emptied: only a run that did not end cleanly leaves a fault log for the next start."""
    global _fault_file
    if _fault_file is None:
        return
    if _fault_was_enabled and sys.__stderr__ is not None:
        faulthandler.enable(sys.__stderr__)
    else:
        faulthandler.disable()
    name = Path(_fault_file.name)
    _fault_file.close()
    _fault_file = None
    if clean:
        with contextlib.suppress(OSError):
            name.write_bytes(b"")
