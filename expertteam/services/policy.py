"""The gemeente's machine-wide policy file: defaults that IT presets for every user of a laptop.

One place per machine, ``expertteam-beleid.toml`` in the system-wide configuration folder
(``%ProgramData%\\Expertteam`` on Windows, ``/etc/xdg/Expertteam`` on Linux), read once at
start-up (``load_machine_policy``) into the settings service's presets. Every entry is a default:
a user's own setting wins, unless the entry's table says ``vast = true``. A file that cannot be
read, or an entry that is not valid, is logged in Dutch and left out: the app then starts with
its own defaults, never with a crash. The file holds no personal data and neither do the
messages (they name the file, the table and the key).
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expertteam import APP_NAME
from expertteam.i18n import N_, _
from expertteam.services import backup, security
from expertteam.services import settings as settings_service

POLICY_FILENAME = "expertteam-beleid.toml"
FIXED_KEY = "vast"

log = logging.getLogger(__name__)


def _folder(value: Any) -> str | None:
    """An absolute folder; ``%VAR%`` (Windows) and ``$VAR`` are filled in from the environment.
    Whether it exists is checked when a backup is made (a network drive may be offline now)."""
    if not isinstance(value, str) or not value.strip():
        return None
    path = Path(os.path.expandvars(value.strip())).expanduser()
    return str(path) if path.is_absolute() else None


def _minutes(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= security.MAX_AUTO_LOCK_MINUTES else None


@dataclass(frozen=True)
class _Entry:
    table: str
    name: str
    setting: str
    field: str
    parse: Callable[[Any], Any]
    expected: str


_ENTRIES = (
    _Entry("reservekopieen", "map", backup.FOLDER_KEY, "backup_folder", _folder,
           N_("de volledige plek van een map, bijvoorbeeld 'H:\\Expertteam\\Reservekopieen'")),
    _Entry("vergrendelen", "minuten", security.AUTO_LOCK_KEY, "auto_lock_minutes", _minutes,
           N_("een heel aantal minuten van 1 tot en met {n}")),
)


@dataclass(frozen=True)
class Policy:
    """What a policy file presets (settings key → preset) and what was wrong with it."""

    presets: dict[str, settings_service.Preset]
    problems: tuple[str, ...]


def machine_policy_path() -> Path:
    import platformdirs

    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / POLICY_FILENAME


def _unreadable(path: Path, reason: str) -> Policy:
    return Policy({}, (_("Het beleidsbestand {path} kon niet worden gelezen ({reason}). "
                         "Expertteam gebruikt zijn eigen standaardinstellingen.")
                       .format(path=path, reason=reason),))


def _syntax_reason(error: tomllib.TOMLDecodeError) -> str:
    where = re.search(r"line (\d+), column (\d+)", str(error))
    if where is None:
        return _("geen geldige TOML-opmaak")
    return _("geen geldige TOML-opmaak op regel {line}, kolom {column}").format(
        line=where.group(1), column=where.group(2))


def read_policy(path: Path) -> Policy:
    """The presets in the policy file at ``path`` (none when there is no file) and a Dutch
    message for everything in it that could not be used. Never raises for the file's content."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Policy({}, ())
    except UnicodeDecodeError:
        return _unreadable(path, _("het bestand is niet als UTF-8 opgeslagen"))
    except tomllib.TOMLDecodeError as error:
        return _unreadable(path, _syntax_reason(error))
    except OSError as error:
        return _unreadable(path, _("geen toegang of geen bestand: {kind}")
                           .format(kind=type(error).__name__))
    presets: dict[str, settings_service.Preset] = {}
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(_("Beleidsbestand {path}: {message}").format(path=path, message=message))

    known = {entry.table: [e for e in _ENTRIES if e.table == entry.table] for entry in _ENTRIES}
    for table, content in data.items():
        if table not in known:
            problem(_("onbekend onderdeel [{table}] overgeslagen.").format(table=table))
            continue
        if not isinstance(content, dict):
            problem(_("[{table}] moet een onderdeel met waarden zijn.").format(table=table))
            continue
        fixed = content.get(FIXED_KEY, False)
        if not isinstance(fixed, bool):
            problem(_("‘{key}’ in [{table}] moet true of false zijn; niet vastgezet.")
                    .format(key=FIXED_KEY, table=table))
            fixed = False
        names = {entry.name for entry in known[table]} | {FIXED_KEY}
        for name in sorted(set(content) - names):
            problem(_("onbekende instelling ‘{name}’ in [{table}] overgeslagen.")
                    .format(name=name, table=table))
        for entry in known[table]:
            if entry.name not in content:
                continue
            value = entry.parse(content[entry.name])
            if value is None:
                problem(_("‘{name}’ in [{table}] moet {expected} zijn; overgeslagen.")
                        .format(name=entry.name, table=table, expected=_(entry.expected).format(
                            n=security.MAX_AUTO_LOCK_MINUTES)))
                continue
            presets[entry.setting] = settings_service.Preset(value, fixed, entry.field)
    return Policy(presets, tuple(problems))


def load_machine_policy(path: Path | None = None) -> Policy:
    """Read the machine's policy file (``path``: another file, for tests) and make its presets
    the settings service's defaults; every problem is logged as a warning."""
    policy = read_policy(machine_policy_path() if path is None else path)
    for message in policy.problems:
        log.warning("%s", message)
    if policy.presets:
        log.info("Beleidsbestand gelezen: %d standaardinstelling(en), waarvan %d vastgezet.",
                 len(policy.presets), sum(p.fixed for p in policy.presets.values()))
    settings_service.use_presets(policy.presets)
    return policy
