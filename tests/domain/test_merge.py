"""The sync merge (``domain/merge.py``): the rules one by one, and convergence over 1,000 random
interleavings of edits on three laptops and the server."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from expertteam.domain.merge import DELETED, Changes, Conflict, merge_table

Table = dict[str, dict[str, str | None]]


def test_a_field_changed_on_one_side_is_taken_from_that_side() -> None:
    base = {"c1": {"status": "open", "gi": "A"}}
    laptop = {"c1": {"status": "closed", "gi": "A"}}
    server = {"c1": {"status": "open", "gi": "B"}}
    result = merge_table("case", base, laptop, server)
    assert result.merged == {"c1": {"status": "closed", "gi": "B"}}
    assert result.conflicts == []
    assert result.to_server.upserts == {"c1": {"status": "closed", "gi": "B"}}
    assert result.to_laptop.upserts == {"c1": {"status": "closed", "gi": "B"}}


def test_the_same_field_changed_on_both_sides_keeps_the_server_value_and_both_in_a_conflict(
) -> None:
    result = merge_table("case", {"c1": {"gi": "A"}}, {"c1": {"gi": "L"}}, {"c1": {"gi": "S"}})
    assert result.merged == {"c1": {"gi": "S"}}
    assert result.conflicts == [Conflict("case", "c1", "gi", "A", "L", "S")]
    assert not result.to_server


def test_rows_made_on_either_side_are_a_union() -> None:
    result = merge_table("action_event", {}, {"e1": {"kind": "note"}}, {"e2": {"kind": "done"}})
    assert set(result.merged) == {"e1", "e2"}
    assert result.to_server.upserts == {"e1": {"kind": "note"}}
    assert result.to_laptop.upserts == {"e2": {"kind": "done"}}


def test_a_deletion_is_carried_over_unless_the_other_side_changed_the_row() -> None:
    base = {"r1": {"x": "1"}, "r2": {"x": "1"}}
    laptop = {"r2": {"x": "1"}}              # r1 deleted on the laptop
    server = {"r1": {"x": "1"}, "r2": {"x": "2"}}
    deleted = merge_table("t", base, laptop, server)
    assert deleted.to_server.deletes == {"r1"}
    kept = merge_table("t", base, {"r1": {"x": "1"}}, {"r1": {"x": "9"}, "r2": {"x": "1"}})
    assert kept.merged["r1"] == {"x": "9"}  # r2 deleted on the laptop, unchanged on the server
    assert "r2" not in kept.merged
    lost = merge_table("t", base, {"r1": {"x": "7"}, "r2": {"x": "1"}}, {"r2": {"x": "1"}})
    assert lost.merged["r1"] == {"x": "7"}  # deleted on the server, changed on the laptop
    assert [c.field for c in lost.conflicts] == [DELETED]


def test_numbers_are_the_servers_without_a_conflict() -> None:
    result = merge_table("case", {}, {"c1": {"number": "ET-2026-0004", "gi": "A"}},
                         {"c1": {"number": "ET-2026-0009", "gi": "A"}},
                         authority=frozenset({"number"}))
    assert result.merged["c1"]["number"] == "ET-2026-0009"
    assert result.conflicts == []


def test_a_second_sync_after_a_cut_off_one_finishes_the_laptop_side() -> None:
    base = {"c1": {"gi": "A", "status": "open"}}
    laptop = {"c1": {"gi": "A", "status": "closed"}, "c2": {"gi": "B", "status": "open"}}
    server = {"c1": {"gi": "S", "status": "open"}}
    first = merge_table("case", base, laptop, server)
    # Cut off after the server took its changes, before the laptop stored anything:
    resumed = merge_table("case", base, laptop, first.merged)
    assert resumed.merged == first.merged
    assert not resumed.to_server
    assert resumed.to_laptop.upserts == first.to_laptop.upserts


# --------------------------------------------------------------------------- interleavings


def _apply(table: Table, changes: Changes) -> None:
    for key in changes.deletes:
        table.pop(key, None)
    for key, row in changes.upserts.items():
        table[key] = dict(row)


@dataclass
class Laptop:
    rows: Table = field(default_factory=dict)
    base: Table = field(default_factory=dict)
    unsynced: dict[tuple[str, str], str] = field(default_factory=dict)  # last own edits


FIELDS = ("status", "gi", "note")


def _sync(laptop: Laptop, server: Table, conflicts: list[Conflict], cut_off: bool) -> None:
    result = merge_table("case", laptop.base, laptop.rows, server)
    base_before, present = laptop.base, set(laptop.rows)
    _apply(server, result.to_server)
    conflicts.extend(result.conflicts)
    if cut_off:
        return  # killed after the server's commit: the laptop keeps its old base and rows
    _apply(laptop.rows, result.to_laptop)
    laptop.base = {key: dict(row) for key, row in result.merged.items()}
    for (key, name), value in laptop.unsynced.items():
        if key not in present or (key in base_before
                                      and base_before[key].get(name) == value):
            continue  # deleted again, or edited back to what it was: no change to keep
        held = result.merged.get(key, {}).get(name)
        kept = any(c.key == key and value in (c.laptop, c.server) for c in result.conflicts)
        # Nothing lost: each laptop's last value is in the merged rows or in a conflict
        # (now or in an earlier, cut-off run of the same sync).
        assert held == value or kept or any(
            c.key == key and c.laptop == value for c in conflicts), (key, name, value)
    laptop.unsynced.clear()


Edit = tuple[str, str, str]  # key, field, the value written


def _edit(rows: Table, rng: random.Random, facts: set[str], made: list[int]) -> Edit | None:
    choice = rng.random()
    if choice < 0.2 or not rows:
        made[0] += 1
        key = f"r{made[0]}"
        rows[key] = {name: f"{name}{rng.randint(0, 3)}" for name in FIELDS}
        if rng.random() < 0.5:
            facts.add(key)  # an append-only fact: made once, never changed
        return None
    changeable = sorted(key for key in rows if key not in facts)
    if not changeable:
        return None
    key = rng.choice(changeable)
    if choice < 0.25:
        del rows[key]
        return None
    name, value = rng.choice(FIELDS), f"v{rng.randint(0, 9)}"
    rows[key][name] = value
    return key, name, value


def _interleaving(seed: int) -> None:
    rng = random.Random(seed)
    server: Table = {}
    laptops = [Laptop() for _ in range(3)]
    facts: set[str] = set()
    made = [0]
    conflicts: list[Conflict] = []
    for _ in range(rng.randint(10, 40)):
        who = rng.randrange(4)
        if who == 3:
            _edit(server, rng, facts, made)  # someone working on the server directly
        elif rng.random() < 0.35:
            _sync(laptops[who], server, conflicts, cut_off=rng.random() < 0.15)
        else:
            edited = _edit(laptops[who].rows, rng, facts, made)
            if edited is not None:
                laptops[who].unsynced[edited[:2]] = edited[2]
    for _ in range(2):  # everyone syncs, twice round: all copies then hold the same rows
        for laptop in laptops:
            _sync(laptop, server, conflicts, cut_off=False)
    for laptop in laptops:
        assert laptop.rows == server, seed
        assert laptop.base == server, seed
    # Every append-only fact made on any copy is on every copy (once: rows are by key).
    assert facts <= set(server), seed


def test_random_interleavings_on_three_laptops_converge() -> None:
    for seed in range(1000):
        _interleaving(seed)
