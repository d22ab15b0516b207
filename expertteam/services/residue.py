"""What a purged child may leave behind, found in every text and blob column of the database.

The tables and columns are read from the database itself (not from the models), so a table
added later is covered without anyone remembering it. A text is searched as it is stored and,
when it is JSON (settings, drafts, frozen letters), as the strings it holds; a PDF blob is
searched as the text pypdf reads from it; another blob as UTF-8 text.

``redact_everywhere`` replaces what it finds (not in the append-only audit log, which holds no
personal data by design) and ``scan`` reports what is left: a purge that leaves anything
behind is rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from sqlalchemy import Connection, LargeBinary, String, column, inspect, select, table, update
from sqlalchemy.orm import Session

from expertteam.domain.identifying import Detector, IdentifyingKind, kinds_found

APPEND_ONLY = frozenset({"audit_entry", "alembic_version"})


@dataclass(frozen=True, slots=True)
class Residue:
    """Where something of the purged child was found: table, column, row key and kinds."""

    table: str
    column: str
    key: str
    kinds: tuple[IdentifyingKind, ...]


@dataclass(frozen=True, slots=True)
class _Column:
    table: str
    name: str
    binary: bool
    keys: tuple[str, ...]


def _columns(connection: Connection) -> Iterator[_Column]:
    inspector = inspect(connection)
    for name in inspector.get_table_names():
        keys = tuple(inspector.get_pk_constraint(name).get("constrained_columns") or ())
        for info in inspector.get_columns(name):
            kind = info["type"]
            if isinstance(kind, LargeBinary):
                yield _Column(name, info["name"], True, keys)
            elif isinstance(kind, String):
                yield _Column(name, info["name"], False, keys)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _as_json(text: str) -> Any:
    if not text.lstrip().startswith(("{", "[", '"')):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _texts(value: object) -> Iterator[str]:
    """The texts a stored value holds, as a reader would see them."""
    if isinstance(value, str):
        yield value
        loaded = _as_json(value)
        if loaded is not None:
            yield from _json_strings(loaded)
    elif isinstance(value, (bytes, memoryview)):
        data = bytes(value)
        if data.startswith(b"%PDF"):
            from pypdf import PdfReader

            reader = PdfReader(BytesIO(data))
            yield "\n".join(page.extract_text() or "" for page in reader.pages)
        else:
            yield data.decode("utf-8", errors="ignore")


def _rows(connection: Connection, spec: _Column) -> Iterator[tuple[tuple[Any, ...], Any]]:
    keys: list[Any] = [column(k) for k in spec.keys]
    query = select(*keys, column(spec.name)).select_from(table(spec.table)).where(
        column(spec.name).is_not(None))
    for row in connection.execute(query):
        yield tuple(row[:-1]), row[-1]


def scan(session: Session, detector: Detector, extra: tuple[str, ...] = ()
         ) -> list[Residue]:
    """Every place in the database where ``detector`` finds something, or where one of the
    ``extra`` strings (an old case number) occurs."""
    connection = session.connection()
    found: list[Residue] = []
    for spec in _columns(connection):
        for key, value in _rows(connection, spec):
            findings = [f for text in _texts(value) for f in detector.find(text)]
            kinds = tuple(kinds_found(findings))
            if not kinds and any(e in text for text in _texts(value) for e in extra):
                kinds = (IdentifyingKind.OTHER_NAME,)
            if kinds:
                found.append(Residue(spec.table, spec.name, ",".join(map(str, key)), kinds))
    return found


def _redact_json(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redact_json(item, redact) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_json(item, redact) for item in value]
    return value


def redact_everywhere(session: Session, redact: Callable[[str], str]
                      ) -> list[tuple[str, str, tuple[Any, ...]]]:
    """Apply ``redact`` to every text column of every table but the append-only ones; JSON
    texts are redacted string by string and stay valid JSON. Returns (table, column, key) of
    every value that changed."""
    connection = session.connection()
    changed: list[tuple[str, str, tuple[Any, ...]]] = []
    for spec in _columns(connection):
        if spec.binary or spec.table in APPEND_ONLY or not spec.keys:
            continue
        for key, value in list(_rows(connection, spec)):
            if not isinstance(value, str):
                continue
            loaded = _as_json(value)
            new = json.dumps(_redact_json(loaded, redact), ensure_ascii=False,
                             sort_keys=True) if loaded is not None else redact(value)
            if new == value or (loaded is not None and json.loads(new) == loaded):
                continue
            condition = [column(k) == v for k, v in zip(spec.keys, key, strict=True)]
            connection.execute(update(table(spec.table, column(spec.name)))
                               .where(*condition).values({spec.name: new}))
            changed.append((spec.table, spec.name, key))
    return changed
