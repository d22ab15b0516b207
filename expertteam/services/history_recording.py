"""A case's facts as history rows: which rows a new case, a change, a blocker or a measure
writes, and the day each takes effect (the rules below)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from expertteam.domain.enums import WaitingFor
from expertteam.domain.timeline import BLOCKER_PREFIX, MEASURE_FIELDS, MEASURE_PREFIX, TRACKED
from expertteam.domain.waiting import help_ends_wait
from expertteam.services.history_writer import HistoryWriter, value_text
from expertteam.storage.models.cases import Case, CaseBlocker, Measure

# Every dated fact gets a row with the day it took effect (valid time) and the moment it was
# recorded (transaction time); ``domain/timeline.py`` reads them back. Which day a change takes
# effect follows from what changed:
#
# - the referral, the start of help, a blocker's start and end, a measure's dates: their own
#   date (a date changed to another date corrects the earlier one: the new row supersedes it);
# - a wait: the day it began ("Wacht sinds"); a wait that ends, and a date that is cleared: the
#   day the change took effect (``effective_on``, entered by the user, default today);
# - status, gemeente, GI, jeugdbeschermer, a blocker's kind, "Wacht op" within the same wait,
#   a measure removed: ``effective_on``;
# - closing and reopening: the closing date, the reopening date.

CaseValues = Mapping[str, object]


def record_created(writer: HistoryWriter, values: CaseValues) -> None:
    """The rows of a new case: everything from the referral, a wait from its start, dates
    from their own day."""
    referred = values["referred_on"]
    assert isinstance(referred, date)
    writer.write("referred_on", referred, referred)
    for name in ("status", "municipality_id", "gi_id", "jeugdbeschermer_id"):
        if values.get(name) is not None or name == "status":
            writer.write(name, values.get(name), referred)
    since = values.get("waiting_since")
    if values.get("waiting_for") is not None:
        start = since if isinstance(since, date) else referred
        writer.write("waiting_for", values["waiting_for"], start)
        writer.write("waiting_since", since, start)
    help_on = values.get("help_started_on")
    if isinstance(help_on, date):
        writer.write("help_started_on", help_on, help_on)


def record_changed(writer: HistoryWriter, before: CaseValues, after: CaseValues,
                   effective_on: date) -> None:
    """The rows for what changed between ``before`` and ``after`` (see the rules above)."""
    old_ref, new_ref = before["referred_on"], after["referred_on"]
    assert isinstance(old_ref, date)
    assert isinstance(new_ref, date)
    if old_ref != new_ref:
        writer.date_fact("referred_on", old_ref, new_ref, effective_on)
        if new_ref < old_ref:  # what held at the old referral holds from the new one
            for name in ("status", "municipality_id", "gi_id", "jeugdbeschermer_id"):
                row = writer.in_force(name, old_ref)
                if row is not None and row.effective_on > new_ref:
                    writer.move(row, new_ref)
    for name in ("status", "municipality_id", "gi_id", "jeugdbeschermer_id", "closing_result"):
        if value_text(before.get(name)) != value_text(after.get(name)):
            writer.write(name, after.get(name), effective_on)
    _record_wait(writer, before, after, effective_on)
    old_help, new_help = before.get("help_started_on"), after.get("help_started_on")
    assert old_help is None or isinstance(old_help, date)
    assert new_help is None or isinstance(new_help, date)
    same_wait = value_text(before.get("waiting_for")) == value_text(after.get("waiting_for")) \
        and before.get("waiting_since") == after.get("waiting_since")
    if old_help is not None and new_help is None and same_wait:
        # Help cleared while the same wait goes on: it did not start after all.
        writer.retract("help_started_on", old_help)
    else:
        writer.date_fact("help_started_on", old_help, new_help, effective_on)


def _record_wait(writer: HistoryWriter, before: CaseValues, after: CaseValues,
                 effective_on: date) -> None:
    old_for, new_for = value_text(before.get("waiting_for")), value_text(after.get("waiting_for"))
    old_since, new_since = before.get("waiting_since"), after.get("waiting_since")
    assert old_since is None or isinstance(old_since, date)
    assert new_since is None or isinstance(new_since, date)
    if old_for == new_for and old_since == new_since:
        return
    if new_for is None:  # the wait ended
        writer.write("waiting_for", None, effective_on)
        writer.write("waiting_since", None, effective_on)
        return
    # A wait that help had ended is over: another start is a new wait (help broke down), not a
    # correction of the old one.
    ended = help_ends_wait(_waiting_for(before), old_since,
                           _day_or_none(before.get("help_started_on"))) is not None
    if old_for is None or (old_for != new_for and old_since != new_since) or new_since is None \
            or old_since is None or (ended and old_since != new_since):  # a new wait
        help_on = _day_or_none(before.get("help_started_on"))
        if ended and help_on is not None:
            # The old wait ended when help started, whatever happens to that help later.
            writer.write("waiting_for", None, help_on)
            writer.write("waiting_since", None, help_on)
        start = new_since or effective_on
        writer.write("waiting_for", after.get("waiting_for"), start)
        writer.write("waiting_since", new_since, start)
        return
    if old_since == new_since:  # the same wait, now for something else
        writer.write("waiting_for", after.get("waiting_for"), max(effective_on, new_since))
        return
    # The same wait, begun on another day: correct the rows that started it.
    since_row = writer.start_row("waiting_since", old_since)
    for_row = writer.start_row("waiting_for", old_since)
    if since_row is not None:
        writer.move(since_row, new_since, new_since, keep_value=False)
    else:
        writer.write("waiting_since", new_since, new_since)
    if for_row is not None:
        writer.move(for_row, new_since)
    elif new_since < old_since:
        writer.write("waiting_for", after.get("waiting_for"), new_since)


def _waiting_for(values: CaseValues) -> WaitingFor | None:
    value = values.get("waiting_for")
    return value if isinstance(value, WaitingFor) else None


def _day_or_none(value: object) -> date | None:
    return value if isinstance(value, date) else None


def case_values(case: Case) -> dict[str, object]:
    return {name: getattr(case, name) for name in TRACKED}


BlockerValues = tuple[object, date | None, date | None]  # kind, since, resolved_on


def blocker_values(blocker: CaseBlocker) -> BlockerValues:
    return blocker.kind, blocker.since, blocker.resolved_on


def record_blocker(writer: HistoryWriter, blocker_id: int, before: BlockerValues | None,
                   after: BlockerValues, effective_on: date) -> None:
    kind, since, resolved = after
    field = BLOCKER_PREFIX
    if before is None:
        start = since or effective_on
        writer.write(field + "kind", kind, start, item_id=blocker_id)
        writer.date_fact(field + "since", None, since, start, item_id=blocker_id)
        writer.date_fact(field + "resolved_on", None, resolved, effective_on, item_id=blocker_id)
        return
    old_kind, old_since, old_resolved = before
    if old_since != since and since is not None:
        writer.date_fact(field + "since", old_since, since, effective_on, item_id=blocker_id)
        if old_since is not None and since < old_since:
            row = writer.start_row(field + "kind", old_since, blocker_id)
            if row is not None:
                writer.move(row, since)
    if value_text(old_kind) != value_text(kind):
        writer.write(field + "kind", kind, max(effective_on, since or effective_on),
                     item_id=blocker_id)
    writer.date_fact(field + "resolved_on", old_resolved, resolved, effective_on,
                     item_id=blocker_id)


MEASURE_DATE_NAMES = tuple(name for name in MEASURE_FIELDS if name not in ("kind", "removed"))


def measure_values(measure: Measure) -> dict[str, object]:
    return {name: getattr(measure, name) for name in MEASURE_FIELDS}


def record_measure(writer: HistoryWriter, measure_id: int, before: Mapping[str, object] | None,
                   after: Mapping[str, object], effective_on: date) -> None:
    old = before or {}
    if value_text(old.get("kind")) != value_text(after.get("kind")):
        writer.write(MEASURE_PREFIX + "kind", after.get("kind"), effective_on, item_id=measure_id)
    for name in MEASURE_DATE_NAMES:
        old_day, new_day = old.get(name), after.get(name)
        assert old_day is None or isinstance(old_day, date)
        assert new_day is None or isinstance(new_day, date)
        writer.date_fact(MEASURE_PREFIX + name, old_day, new_day, effective_on,
                         item_id=measure_id)
    if bool(old.get("removed")) != bool(after.get("removed")):
        writer.write(MEASURE_PREFIX + "removed", bool(after.get("removed")), effective_on,
                     item_id=measure_id)
