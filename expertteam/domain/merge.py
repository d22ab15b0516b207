"""The three-way merge at the heart of syncing a laptop with the region's server (issue 20).

Each copy holds a table as rows by key (a UUID, or a natural key), each row as its fields in a
canonical text form. The laptop keeps the ``base``: the rows as both copies held them after the
last sync. A field one side changed since the base is taken from that side; a field both sides
changed to different values is a real conflict: the server's value stays in place (so every
copy shows the same thing) and the conflict keeps both values for the coordinator to decide,
so nothing is lost. A row one side deleted is deleted on the other, unless the other side
changed it meanwhile: then the changed row is kept and that is a conflict too.

Append-only facts (events, history rows) are rows that are never changed: for them this is a
union by key. ``authority`` fields are assigned by the server (the readable numbers: an item
made offline carries a provisional number until its first sync): the server's value wins
without a conflict.

The merge is a pure function of (base, laptop, server), which makes a sync that was cut off
safe to repeat: a second run finds the server already holding the merged rows and completes
the laptop's side (``tests/domain/test_merge.py`` checks convergence over random
interleavings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Row = Mapping[str, str | None]
Rows = Mapping[str, Row]
DELETED = "*"  # the field name of a conflict between a deletion and a change


@dataclass(frozen=True, slots=True)
class Conflict:
    """Both sides changed ``field`` of row ``key`` since the last sync (or one deleted the row
    and the other changed it: ``field`` is ``DELETED`` and the deleting side's value None)."""

    table: str
    key: str
    field: str
    base: str | None
    laptop: str | None
    server: str | None


@dataclass(slots=True)
class Changes:
    """What one copy must do to hold the merged rows."""

    upserts: dict[str, dict[str, str | None]] = field(default_factory=dict)
    deletes: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.upserts or self.deletes)


@dataclass(slots=True)
class TableMerge:
    """The merged rows (the next base) and the changes each copy needs to hold them."""

    merged: dict[str, dict[str, str | None]]
    to_laptop: Changes
    to_server: Changes
    conflicts: list[Conflict]


def _merge_fields(table: str, key: str, base: Row | None, laptop: Row, server: Row,
                  authority: frozenset[str],
                  conflicts: list[Conflict]) -> dict[str, str | None]:
    merged: dict[str, str | None] = {}
    for name in sorted({*laptop, *server}):
        ours, theirs = laptop.get(name), server.get(name)
        if ours == theirs or name in authority:
            merged[name] = theirs
            continue
        before = base.get(name) if base is not None else None
        if base is not None and ours == before:
            merged[name] = theirs
        elif base is not None and theirs == before:
            merged[name] = ours
        else:
            merged[name] = theirs
            conflicts.append(Conflict(table, key, name, before, ours, theirs))
    return merged


def _one_side(table: str, key: str, base: Row | None, kept: Row, *, on_laptop: bool,
              conflicts: list[Conflict]) -> dict[str, str | None] | None:
    """The merged row when only one copy holds ``key`` (None: it stays deleted)."""
    if base is None:
        return dict(kept)  # new on that side
    if dict(kept) == dict(base):
        return None  # the other side deleted it, this side left it alone
    kept_mark, deleted_mark = "", None
    conflicts.append(Conflict(table, key, DELETED, None,
                              kept_mark if on_laptop else deleted_mark,
                              deleted_mark if on_laptop else kept_mark))
    return dict(kept)  # deleted on one side, changed on the other: keep it, nothing lost


def merge_table(table: str, base: Rows, laptop: Rows, server: Rows, *,
                authority: frozenset[str] = frozenset()) -> TableMerge:
    """Merge one table's rows (see the module text). Deterministic: the same inputs give the
    same result, conflicts in key and field order."""
    merged: dict[str, dict[str, str | None]] = {}
    conflicts: list[Conflict] = []
    for key in sorted({*base, *laptop, *server}):
        before, ours, theirs = base.get(key), laptop.get(key), server.get(key)
        row: dict[str, str | None] | None
        if ours is not None and theirs is not None:
            row = _merge_fields(table, key, before, ours, theirs, authority, conflicts)
        elif ours is not None:
            row = _one_side(table, key, before, ours, on_laptop=True, conflicts=conflicts)
        elif theirs is not None:
            row = _one_side(table, key, before, theirs, on_laptop=False, conflicts=conflicts)
        else:
            row = None  # deleted on both sides
        if row is not None:
            merged[key] = row
    return TableMerge(merged, _changes(laptop, merged), _changes(server, merged), conflicts)


def _changes(current: Rows, merged: Mapping[str, Mapping[str, str | None]]) -> Changes:
    changes = Changes()
    for key, row in merged.items():
        if current.get(key) is None or dict(current[key]) != row:
            changes.upserts[key] = dict(row)
    changes.deletes = {key for key in current if key not in merged}
    return changes
