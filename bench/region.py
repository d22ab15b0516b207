"""One realistic region at any size, shared by every benchmark.

``region_database(size)`` returns an encrypted Expertteam database holding the demo region
(Westfriesland: its organisations, fifteen children, two closed meetings and the next one
planned) plus ``size - 15`` fictional children with what two years of work leave behind:
measures and blockers, the dated case history the monitor reads, names to hide, a closed meeting
every two weeks with attendance, agenda items, decisions and actions (done, not done, postponed,
still open, overdue), escalations, and an audit log whose keyed chain verifies.

The demo goes through the services; the rest is bulk-inserted through the storage models (the
services would validate and audit each row and take many minutes for 20,000 children). The rows
have the shape the services write. The database is built once per size, schema revision and
generator version and kept in the temp folder (``$EXPERTTEAM_BENCH_CACHE`` to choose another);
benches that change data work on a copy (``region_copy``).

Run ``python bench/region.py 20000`` to build (or find) one and print its counts.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bench import report
from bench.report import Figure
from expertteam import clock
from expertteam.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    Attendance,
    AuditAction,
    AuditResult,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    MeetingStatus,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.escalation import EscalationLevel, EscalationStatus
from expertteam.domain.pseudonym import format_case_number
from expertteam.domain.workdays import add_working_days
from expertteam.services import demo
from expertteam.services.security import create_database
from expertteam.services.store import Store
from expertteam.storage import audit_chain
from expertteam.storage.engine import SCHEMA_HEAD
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case, CaseBlocker, CaseChange, CaseHiddenName, Measure
from expertteam.storage.models.escalations import Escalation, EscalationCase, EscalationEvent
from expertteam.storage.models.meetings import AgendaItem, Decision, Meeting, MeetingInvitee
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.models.system import AuditEntry, Setting, UserProfile

TODAY = date(2026, 11, 23)
PASSPHRASE = "benchmark-wachtwoord-voor-de-regio"
SIZES = (15, 5_000, 20_000)
GENERATOR_VERSION = 2  # 2: the referral and every blocker fact in the history
HISTORY_DAYS = 730
MEETING_EVERY_DAYS = 14
CHUNK = 5_000

GIVEN = ("Noor", "Daan", "Zoë", "Sem", "Liam", "Eva", "Mila", "Finn", "Yara", "Jesse", "Lotte",
         "Bram", "Fatima", "Mohamed", "Julia", "Luuk", "Sophie", "Milan", "Emma", "Noah", "Tess",
         "Lucas", "Sara", "Adam", "Nina", "Ruben", "Chloë", "Anaïs", "Ilias", "Lieke", "Jayden",
         "Amira", "Thijmen", "Saar", "Gijs", "Femke", "Ayoub", "Roos", "Mees", "Ivy")
SURNAMES = ("de Vries", "Jansen", "Visser", "Bos", "Meijer", "Mulder", "Smit", "van Dijk",
            "Hendriks", "Dekker", "Bakker", "Kok", "Koç", "Peters", "Willems", "van der Berg",
            "van den Broek", "El Amrani", "Yılmaz", "de Groot", "Vermeulen", "van Leeuwen",
            "Bouwman", "Kaya", "de Jong", "van der Meer", "Postma", "Hoekstra", "Brouwer",
            "Schouten", "Vos", "Kramer", "Huisman", "Maas", "Prins", "Sedney", "Bulut")
PARENTS = ("Ingrid", "Marco", "Samira", "Dennis", "Petra", "Youssef", "Monique", "Erik",
           "Hanneke", "Rachid", "Sandra", "Kevin")
SCHOOLS = ("De Regenboog", "Het Kompas", "De Zeehoeve", "Montessori Hoorn", "De Wilgen")
QUESTIONS = (
    "Lokale doorbraak is niet gelukt; afspraken tussen gemeente, GI en aanbieder komen niet "
    "tot uitvoering.",
    "Passende hulp blijft uit door een wachtlijst; de GI vraagt het expertteam om regie.",
    "Gemeenten zijn het oneens over het woonplaatsbeginsel; de hulp start daardoor niet.",
)
GOALS = ("Binnen 6 weken start passende jeugdhulp.", "Vaste jeugdbeschermer en plan van aanpak "
         "binnen 4 weken.", "Plaatsing in een gezinshuis in de regio, school behouden.",
         "Maatwerkarrangement met behandeling en ouderbegeleiding.")
SUMMARIES = ("De jeugdbeschermer licht toe dat passende hulp uitblijft; de aanbieder heeft een "
             "wachtlijst.", "Gemeente en GI zijn het eens over de indicatie; de plaatsing "
             "wordt voorbereid.", "De intake heeft plaatsgevonden; de behandeling start over "
             "twee weken.", "Geen vooruitgang sinds het vorige overleg; escalatie wordt "
             "overwogen.")
DECISIONS = ("Het expertteam vraagt de aanbieder om een voorstel binnen twee weken.",
             "De gemeente neemt de regie en financiert voor.", "De GI vraagt advies aan het "
             "bovenregionaal expertisenetwerk.", "Afschalen naar de GI zodra de hulp loopt.")
ACTIONS = ("Intake plannen en de startdatum melden aan de GI", "Voorfinanciering vastleggen "
           "en bevestigen", "Plaatsingsmogelijkheid toetsen", "Maatwerkvoorstel opstellen",
           "Adviesvraag expertisenetwerk indienen", "Overleg met ouders over de "
           "behandeling plannen")
BLOCKER_WEIGHTS = {BlockerKind.WAITING_LIST: 6, BlockerKind.NO_VASTE_JEUGDBESCHERMER: 2,
                   BlockerKind.ADMISSION_STOP: 1, BlockerKind.REFUSED_BY_PROVIDER: 1,
                   BlockerKind.NO_CONTRACTED_OFFER: 2, BlockerKind.INDICATION_RECONSIDERED: 1,
                   BlockerKind.FINANCING_DISPUTE: 1, BlockerKind.PARENT_CARE_UNAVAILABLE: 1,
                   BlockerKind.PLACEMENT_UNAVAILABLE: 2, BlockerKind.OTHER: 1}


@dataclass(frozen=True)
class Counts:
    cases: int
    open_cases: int
    actions: int
    open_actions: int
    meetings: int
    agenda_items: int
    case_changes: int
    audit_entries: int
    file_mb: float


def cache_folder() -> Path:
    folder = Path(os.environ.get("EXPERTTEAM_BENCH_CACHE") or
                  Path(tempfile.gettempdir()) / "expertteam-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def region_database(size: int) -> Path:
    """The cached region of ``size`` children (built when missing). Do not change it: benches
    that write work on ``region_copy``."""
    path = cache_folder() / f"region-{size}-schema{SCHEMA_HEAD}-v{GENERATOR_VERSION}.db"
    if not path.exists():
        partial = path.with_name(path.stem + ".building.db")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        build(partial, size)
        for suffix in ("-wal", "-shm"):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)
        partial.rename(path)
    return path


def region_copy(size: int, folder: Path) -> Path:
    """A copy of the region in ``folder`` to change freely."""
    target = folder / f"region-{size}.db"
    shutil.copyfile(region_database(size), target)
    return target


@contextmanager
def opened_region(size: int, folder: Path) -> Iterator[Store]:
    """A copy of the region in ``folder``, opened on the region's day with the first user
    profile chosen (every read writes an audit entry: the cached file is never opened)."""
    from expertteam.services import users

    path = region_copy(size, folder)
    clock.install(clock.PinnedClock(TODAY))
    store = Store.open(path, PASSPHRASE, origin="bench")
    try:
        users.choose_user(store, users.list_users(store)[0].id)
        yield store
    finally:
        store.close()


def build(path: Path, size: int, seed: int = 2026) -> None:
    """Make the region database at ``path``: the demo region, and for a larger size a copy of
    it with the generated children added."""
    clock.install(clock.PinnedClock(TODAY))
    if size <= len(demo.CHILDREN):
        store = create_database(path, PASSPHRASE, "Bench Voorzitter", origin="bench")
        demo.load_demo(store)
    else:
        shutil.copyfile(region_database(len(demo.CHILDREN)), path)
        store = Store.open(path, PASSPHRASE, origin="bench")
    try:
        if size > len(demo.CHILDREN):
            with store.transaction() as session:
                _Generator(session, random.Random(seed), size - len(demo.CHILDREN)).run()
            with store.transaction() as session:
                _chain_audit_log(session, store, random.Random(seed + 1), size)
        with store.database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def _stamps(at: datetime) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "created_at": at, "updated_at": at}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def _insert(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Core executemany on the model's table (the ORM's bulk path fetches keys row by row)."""
    connection = session.connection()
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(model.__table__), list(rows[start:start + CHUNK]))


def _valid_bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0]:
            return "".join(map(str, digits)) + str(last)


class _Generator:
    """The children beyond the demo and two years of meetings about them."""

    def __init__(self, session: Session, rng: random.Random, count: int) -> None:
        self.session, self.rng, self.count = session, rng, count
        self.start = TODAY - timedelta(days=HISTORY_DAYS)

        def ids(kind: OrganisationKind) -> list[int]:
            return list(session.scalars(select(Organisation.id).where(Organisation.kind == kind)
                                        .order_by(Organisation.id)))

        self.municipalities = ids(OrganisationKind.MUNICIPALITY)
        self.gis = ids(OrganisationKind.GI)
        self.providers = ids(OrganisationKind.PROVIDER)
        self.others = ids(OrganisationKind.LOCAL_TEAM) + ids(OrganisationKind.OZJ)
        self.addressees = {kind: ids(kind)[0] for kind in (OrganisationKind.EXPERTISE_NETWORK,
                                                           OrganisationKind.OZJ,
                                                           OrganisationKind.JEUGDAUTORITEIT)}
        self.user_id = session.scalars(select(UserProfile.id)).first()
        self.case_id = int(session.scalar(select(func.max(Case.id))) or 0)
        self.action_number = int(session.scalar(select(func.max(Action.number))) or 0)
        self.first_blocker_id = int(session.scalar(select(func.max(CaseBlocker.id))) or 0) + 1
        self.cases: list[dict[str, Any]] = []
        self.measures: list[dict[str, Any]] = []
        self.blockers: list[dict[str, Any]] = []
        self.changes: list[dict[str, Any]] = []
        self.hidden: list[dict[str, Any]] = []
        # (case id, referred, closed or None, status) for the meetings.
        self.lives: list[tuple[int, date, date | None, CaseStatus]] = []

    def run(self) -> None:
        self._contacts()
        for number in range(self.count):
            self._case(number)
        _insert(self.session, Case, self.cases)
        _insert(self.session, Measure, self.measures)
        _insert(self.session, CaseBlocker, self.blockers)
        _insert(self.session, CaseHiddenName, self.hidden)
        self.changes.sort(key=lambda row: row["effective_on"])  # recorded in date order
        _insert(self.session, CaseChange, self.changes)
        self._meetings()
        self._escalations()

    # ------------------------------------------------------------------ cases
    def _contacts(self) -> None:
        """A jeugdbeschermer per 40 children, spread over the GIs."""
        rows = []
        for index in range(max(4, self.count // 40)):
            gi = self.gis[index % len(self.gis)]
            rows.append({**_stamps(_at(self.start)), "organisation_id": gi,
                         "name": f"{self.rng.choice(PARENTS)} {self.rng.choice(SURNAMES)}",
                         "role": "Jeugdbeschermer", "email": f"jb{index}@gi.example.nl",
                         "phone": "", "active": True})
        _insert(self.session, Contact, rows)
        self.jeugdbeschermers: dict[int, list[int]] = {gi: [] for gi in self.gis}
        for contact_id, organisation_id in self.session.execute(
                select(Contact.id, Contact.organisation_id)
                .where(Contact.organisation_id.in_(self.gis))):
            self.jeugdbeschermers[organisation_id].append(contact_id)

    def _case(self, number: int) -> None:
        rng = self.rng
        self.case_id += 1
        case_id = self.case_id
        referred = self.start + timedelta(days=rng.randrange(HISTORY_DAYS - 3))
        activated = referred + timedelta(days=rng.randrange(1, 20))
        roll = rng.random()
        waiting_for = (WaitingFor.PASSENDE_JEUGDHULP if roll < 0.6 else WaitingFor.PLACEMENT
                       if roll < 0.72 else WaitingFor.VASTE_JEUGDBESCHERMER if roll < 0.88
                       else None)
        waiting_since = referred - timedelta(days=rng.randrange(30)) if waiting_for else None
        helped = referred + timedelta(days=rng.randrange(20, 320)) if rng.random() < 0.8 \
            else None
        closed = helped + timedelta(days=rng.randrange(10, 120)) if helped else None
        helped = helped if helped is not None and helped <= TODAY else None
        closed = closed if closed is not None and closed <= TODAY else None
        status = (CaseStatus.CLOSED if closed else CaseStatus.MONITORING if helped else
                  CaseStatus.ACTIVE if activated <= TODAY else CaseStatus.REFERRED)
        municipality = rng.choice(self.municipalities)
        gi = rng.choice(self.gis)
        staff = self.jeugdbeschermers[gi]
        result = rng.choice(list(ClosingResult)) if closed else None
        final_waiting = None if helped else waiting_for
        year = referred.year
        self.cases.append({
            **_stamps(_at(referred)), "id": case_id,
            "case_number": format_case_number(year, 100 + number),
            "given_names": rng.choice(GIVEN), "surname": rng.choice(SURNAMES),
            "birth_date": date(TODAY.year - rng.randrange(1, 18), rng.randrange(1, 13),
                               rng.randrange(1, 29)),
            "bsn": _valid_bsn(rng) if rng.random() < 0.3 else None,
            "municipality_id": municipality, "gi_id": gi,
            "jeugdbeschermer_id": rng.choice(staff) if staff and rng.random() < 0.85 else None,
            "referred_on": referred, "referred_by_id": rng.choice((gi, municipality)),
            "referred_by_name": "", "referral_question": rng.choice(QUESTIONS),
            "goal": rng.choice(GOALS), "waiting_for": final_waiting,
            "waiting_since": waiting_since if final_waiting else None,
            "help_started_on": helped, "status": status, "closed_on": closed,
            "closing_result": result,
            "closing_note": "Doel bereikt; afgeschaald." if closed else "", "purged_on": None})
        self.lives.append((case_id, referred, closed, status))
        self._history(case_id, referred, activated, waiting_for, waiting_since, helped, closed,
                      result, municipality, gi)
        self._measures(case_id, referred)
        for _ in range(rng.choice((1, 1, 1, 2))):
            kind = rng.choices(list(BLOCKER_WEIGHTS), weights=list(BLOCKER_WEIGHTS.values()))[0]
            provider = None if kind is BlockerKind.NO_VASTE_JEUGDBESCHERMER else \
                rng.choice(self.providers)
            blocker_id = self.first_blocker_id + len(self.blockers)
            since, resolved = waiting_since or referred, helped or closed
            self.blockers.append({**_stamps(_at(referred)), "id": blocker_id,
                                  "case_id": case_id, "kind": kind, "provider_id": provider,
                                  "note": "", "since": since, "resolved_on": resolved})
            # Every blocker fact takes effect on its own day (as services/history_recording.py).
            self._change(case_id, "blocker.kind", None, kind.value, since, blocker_id)
            self._change(case_id, "blocker.since", None, since.isoformat(), since, blocker_id)
            if resolved is not None:
                self._change(case_id, "blocker.resolved_on", None, resolved.isoformat(),
                             resolved, blocker_id)
        if rng.random() < 0.3:
            self.hidden.append({**_stamps(_at(referred)), "case_id": case_id,
                                "name": f"{rng.choice(PARENTS)} {rng.choice(SURNAMES)}"})
            if rng.random() < 0.3:
                self.hidden.append({**_stamps(_at(referred)), "case_id": case_id,
                                    "name": f"basisschool {rng.choice(SCHOOLS)}"})

    def _history(self, case_id: int, referred: date, activated: date,
                 waiting_for: WaitingFor | None, waiting_since: date | None,
                 helped: date | None, closed: date | None, result: ClosingResult | None,
                 municipality: int, gi: int) -> None:
        """The rows ``services.cases`` writes: the seven tracked fields at referral, then each
        change on its own day."""
        first: dict[str, str | None] = {
            "status": CaseStatus.REFERRED.value,
            "waiting_for": waiting_for.value if waiting_for else None,
            "waiting_since": waiting_since.isoformat() if waiting_since else None,
            "help_started_on": None, "municipality_id": str(municipality), "gi_id": str(gi),
            "closing_result": None}
        self._change(case_id, "referred_on", None, referred.isoformat(), referred)
        for name, value in first.items():
            self._change(case_id, name, None, value, referred)
        if activated <= TODAY:
            self._change(case_id, "status", "referred", "active", activated)
        if helped is not None:
            self._change(case_id, "waiting_for", first["waiting_for"], None, helped)
            self._change(case_id, "help_started_on", None, helped.isoformat(), helped)
            self._change(case_id, "status", "active", "monitoring", helped)
        if closed is not None and result is not None:
            self._change(case_id, "status", "monitoring", "closed", closed)
            self._change(case_id, "closing_result", None, result.value, closed)

    def _change(self, case_id: int, name: str, old: str | None, new: str | None,
                on: date, item_id: int | None = None) -> None:
        self.changes.append({"case_id": case_id, "item_id": item_id, "field": name,
                             "old_value": old,
                             "new_value": new, "effective_on": on, "recorded_at": _at(on),
                             "recorded_by_id": self.user_id})

    def _measures(self, case_id: int, referred: date) -> None:
        rng = self.rng
        ruling = referred - timedelta(days=rng.randrange(10, 90))
        charged = ruling + timedelta(days=rng.randrange(0, 3))
        late = rng.random() < 0.04
        kind = rng.choice((MeasureKind.OTS, MeasureKind.OTS, MeasureKind.OTS,
                           MeasureKind.VOORLOPIGE_OTS, MeasureKind.VOOGDIJ,
                           MeasureKind.JR_GEDWONGEN))
        contact = None if late else add_working_days(charged, rng.randrange(1, 6))
        plan = None if late else charged + timedelta(days=rng.randrange(14, 40))
        self.measures.append({**_stamps(_at(referred)), "case_id": case_id, "kind": kind,
                              "ruling_date": ruling, "gi_charged_on": charged,
                              "first_contact_on": contact if contact and contact <= TODAY
                              else None, "plan_on": plan if plan and plan <= TODAY else None,
                              "carried_out_on": None, "end_date": None, "end_reason": "",
                              "removed": False})
        if rng.random() < 0.15:
            self.measures.append({**_stamps(_at(referred)), "case_id": case_id,
                                  "kind": MeasureKind.MACHTIGING_UHP, "ruling_date": ruling,
                                  "gi_charged_on": None, "first_contact_on": None,
                                  "plan_on": None,
                                  "carried_out_on": ruling + timedelta(days=rng.randrange(5, 60)),
                                  "end_date": None, "end_reason": "", "removed": False})

    # ------------------------------------------------------------------ meetings
    def _meetings(self) -> None:
        """A closed meeting every two weeks until six weeks ago (the demo has the last two and
        the next one). Each discusses the open cases referred since the one before, and again
        those that were discussed four and eight weeks earlier and are still open."""
        session, rng = self.session, self.rng
        days = []
        day = self.start + timedelta(days=(3 - self.start.weekday()) % 7)  # Thursdays
        while day <= TODAY - timedelta(days=42):
            days.append(day)
            day += timedelta(days=MEETING_EVERY_DAYS)
        meetings = [{**_stamps(_at(d, 9)), "held_on": d, "starts_at": None,
                     "place": demo.PLACE, "chair_name": demo.CHAIR,
                     "minute_taker_name": demo.MINUTE_TAKER, "status": MeetingStatus.CLOSED,
                     "notes": "", "started_at": _at(d, 9), "closed_at": _at(d, 12),
                     "version": 1} for d in days]
        _insert(session, Meeting, meetings)
        meeting_ids = list(session.scalars(select(Meeting.id).where(Meeting.held_on.in_(days))
                                           .order_by(Meeting.held_on)))
        invited = self.municipalities[:4] + self.gis[:2] + self.providers[:2]
        invitees = [{**_stamps(_at(d, 9)), "meeting_id": m, "organisation_id": o,
                     "contact_id": None, "late_addition": False,
                     "attendance": Attendance.PRESENT if rng.random() < 0.85
                     else Attendance.EXCUSED}
                    for m, d in zip(meeting_ids, days, strict=True) for o in invited]
        _insert(session, MeetingInvitee, invitees)
        agenda: dict[int, list[tuple[int, AgendaItemKind]]] = {m: [] for m in meeting_ids}
        for case_id, referred, closed, _status in self.lives:
            first = next((i for i, d in enumerate(days) if d > referred), None)
            if first is None:
                continue
            for offset, kind in ((0, AgendaItemKind.NEW_REFERRAL),
                                 (2, AgendaItemKind.ACTION_REVIEW),
                                 (4, AgendaItemKind.EVALUATION)):
                index = first + offset
                if index < len(days) and (closed is None or days[index] < closed):
                    agenda[meeting_ids[index]].append((case_id, kind))
        items = []
        for meeting_id, day in zip(meeting_ids, days, strict=True):
            for position, (case_id, kind) in enumerate(agenda[meeting_id], start=1):
                items.append({**_stamps(_at(day, 9)), "meeting_id": meeting_id,
                              "case_id": case_id, "position": position, "kind": kind,
                              "title": "", "summary": rng.choice(SUMMARIES),
                              "discussed": rng.random() < 0.96, "dropped": False,
                              "carried_over_from_id": None})
        _insert(session, AgendaItem, items)
        self._decisions_and_actions(dict(zip(meeting_ids, days, strict=True)))

    def _decisions_and_actions(self, held: dict[int, date]) -> None:
        session, rng = self.session, self.rng
        closed_on = {case_id: closed for case_id, _r, closed, _s in self.lives}
        owners = self.municipalities + self.gis + self.providers + self.others
        decisions, actions, events = [], [], []
        rows = session.execute(select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.case_id)
                               .where(AgendaItem.meeting_id.in_(list(held)),
                                      AgendaItem.discussed.is_(True))
                               .order_by(AgendaItem.id)).all()
        action_id = int(session.scalar(select(func.max(Action.id))) or 0)
        for item_id, meeting_id, case_id in rows:
            day = held[meeting_id]
            if rng.random() < 0.75:
                decisions.append({**_stamps(_at(day, 11)), "agenda_item_id": item_id,
                                  "text": rng.choice(DECISIONS), "withdrawn": False})
            for _ in range(rng.choice((0, 1, 1, 2))):
                action_id += 1
                self.action_number += 1
                due = add_working_days(day, rng.choice((5, 10, 10, 15)))
                ends = closed_on.get(case_id)
                roll = rng.random()
                if ends is not None:
                    status = ActionStatus.DONE if roll < 0.85 else ActionStatus.CANCELLED
                elif due > TODAY:
                    status = ActionStatus.OPEN
                else:
                    status = (ActionStatus.DONE if roll < 0.75 else ActionStatus.NOT_DONE
                              if roll < 0.82 else ActionStatus.OPEN)
                postponed = 1 if status is ActionStatus.OPEN and rng.random() < 0.2 else 0
                changed = min(due + timedelta(days=rng.randrange(-3, 5)), TODAY)
                if status is not ActionStatus.OPEN and ends is not None:
                    changed = min(changed, ends)
                changed = max(changed, day)
                actions.append({
                    **_stamps(_at(day, 11)), "id": action_id, "number": self.action_number,
                    "case_id": case_id, "agenda_item_id": item_id,
                    "description": rng.choice(ACTIONS),
                    "owner_organisation_id": rng.choice(owners), "owner_contact_id": None,
                    "due_on": due + timedelta(days=14 * postponed), "status": status,
                    "times_postponed": postponed,
                    "status_changed_on": None if status is ActionStatus.OPEN else changed})
                events.append({"action_id": action_id, "at": _at(day, 11), "kind": "created",
                               "old_status": None, "new_status": "open", "old_due_on": None,
                               "new_due_on": due, "note": "", "meeting_id": meeting_id,
                               "recorded_by_id": self.user_id})
                if postponed:
                    events.append({"action_id": action_id, "at": _at(due, 15), "kind": "due",
                                   "old_status": None, "new_status": None, "old_due_on": due,
                                   "new_due_on": due + timedelta(days=14), "note": "",
                                   "meeting_id": None, "recorded_by_id": self.user_id})
                if status is not ActionStatus.OPEN:
                    events.append({"action_id": action_id, "at": _at(changed, 14),
                                   "kind": "status", "old_status": "open",
                                   "new_status": status.value, "old_due_on": None,
                                   "new_due_on": None,
                                   "note": "" if status is ActionStatus.DONE else
                                   "Niet gelukt binnen de termijn.", "meeting_id": None,
                                   "recorded_by_id": self.user_id})
        _insert(session, Decision, decisions)
        _insert(session, Action, actions)
        _insert(session, ActionEvent, events)

    # ------------------------------------------------------------------ escalations
    def _escalations(self) -> None:
        """One escalation per 100 children: to the expertisenetwerk or the OZJ about one child,
        or to the Jeugdautoriteit about several; most answered or resolved, a few still under
        way past their follow-up date."""
        session, rng = self.session, self.rng
        open_ids = [case_id for case_id, _r, closed, _s in self.lives if closed is None]
        existing = session.scalar(select(func.count(Escalation.id))) or 0
        rows, links, events = [], [], []
        for index in range(max(1, self.count // 100)):
            opened = TODAY - timedelta(days=rng.randrange(10, HISTORY_DAYS))
            level = rng.choice((EscalationLevel.EXPERTISE_NETWORK, EscalationLevel.OZJ,
                                EscalationLevel.JEUGDAUTORITEIT))
            addressee = self.addressees[{
                EscalationLevel.EXPERTISE_NETWORK: OrganisationKind.EXPERTISE_NETWORK,
                EscalationLevel.OZJ: OrganisationKind.OZJ,
                EscalationLevel.JEUGDAUTORITEIT: OrganisationKind.JEUGDAUTORITEIT}[level]]
            status = rng.choice((EscalationStatus.SENT, EscalationStatus.ANSWERED,
                                 EscalationStatus.RESOLVED, EscalationStatus.RESOLVED,
                                 EscalationStatus.WITHDRAWN))
            escalation_id = existing + index + 1
            rows.append({
                **_stamps(_at(opened)), "id": escalation_id,
                "reference": f"ESC-{opened.year}-{500 + index:03d}", "level": level,
                "addressee_id": addressee, "opened_on": opened, "status": status,
                "status_on": opened + timedelta(days=7),
                "blocker_kinds": '["waiting_list"]', "subject_organisation_id":
                rng.choice(self.providers) if level.is_continuity else None,
                "care_description": "Jeugd-GGZ" if level.is_continuity else "",
                "problem_since": opened - timedelta(days=60),
                "reason": "Passende hulp blijft uit ondanks afspraken.",
                "request": "Wij vragen u te bemiddelen.",
                "follow_up_on": opened + timedelta(days=28), "response": "",
                "response_on": None, "signal_key": ""})
            for case_id in rng.sample(open_ids, min(len(open_ids),
                                                    5 if level.is_continuity else 1)):
                links.append({"escalation_id": escalation_id, "case_id": case_id})
            events.append({"escalation_id": escalation_id, "at": _at(opened), "on": opened,
                           "kind": "created", "old_status": None, "new_status": "concept",
                           "note": "", "recorded_by_id": self.user_id})
        _insert(session, Escalation, rows)
        _insert(session, EscalationCase, links)
        _insert(session, EscalationEvent, events)


def _chain_audit_log(session: Session, store: Store, rng: random.Random, size: int) -> None:
    """About six audit entries per child (views, changes, prints), chained under the log key
    after the demo's own entries (their times spread over the two years before), with the head
    updated: ``verify-audit`` finds the chain intact."""
    key_row = session.get(Setting, audit_chain.KEY_SETTING)
    key = audit_chain.unwrap(key_row.value if key_row is not None else None, PASSPHRASE)
    previous = session.scalars(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc())
                               .limit(1)).first() or audit_chain.GENESIS_HASH
    count = int(session.scalar(select(func.count(AuditEntry.id))) or 0)
    actor = session.scalars(select(UserProfile.id)).first()
    start = datetime.combine(TODAY - timedelta(days=HISTORY_DAYS), datetime.min.time())
    span = HISTORY_DAYS * 86_400 - 86_400
    moments = sorted(rng.randrange(span) for _ in range(size * 6))
    choices = ((AuditAction.VIEW, "case"), (AuditAction.VIEW, "case"),
               (AuditAction.CHANGE, "case"), (AuditAction.CREATE, "action"),
               (AuditAction.CHANGE, "action"), (AuditAction.VIEW, "meeting"),
               (AuditAction.PRINT, "document"))
    rows = []
    for offset in moments:
        action, object_type = rng.choice(choices)
        fields = audit_chain.EntryFields(start + timedelta(seconds=offset), actor, action.value,
                                         object_type, str(rng.randrange(1, size + 1)),
                                         AuditResult.OK.value, "gui", "")
        entry_hash = audit_chain.entry_mac(key, previous, fields)
        rows.append({"at": fields.at, "actor_id": actor, "action": action,
                     "object_type": object_type, "object_id": fields.object_id,
                     "result": AuditResult.OK, "origin": "gui", "detail": "",
                     "previous_hash": previous, "entry_hash": entry_hash})
        previous = entry_hash
    _insert(session, AuditEntry, rows)
    count += len(rows)
    head = session.get(Setting, audit_chain.HEAD_SETTING)
    value = audit_chain.head_value(key, count, previous)
    if head is None:
        session.add(Setting(key=audit_chain.HEAD_SETTING, value=value))
    else:
        head.value = value


def counts(store: Store) -> Counts:
    with store.transaction() as session:
        def number(query: Any) -> int:
            return int(session.scalar(query) or 0)

        return Counts(
            cases=number(select(func.count(Case.id))),
            open_cases=number(select(func.count(Case.id))
                              .where(Case.status != CaseStatus.CLOSED)),
            actions=number(select(func.count(Action.id))),
            open_actions=number(select(func.count(Action.id))
                                .where(Action.status == ActionStatus.OPEN)),
            meetings=number(select(func.count(Meeting.id))),
            agenda_items=number(select(func.count(AgendaItem.id))),
            case_changes=number(select(func.count(CaseChange.id))),
            audit_entries=number(select(func.count(AuditEntry.id))),
            file_mb=store.database.path.stat().st_size / 1e6)


def main(argv: Sequence[str]) -> int:
    for size in [int(arg) for arg in argv] or list(SIZES):
        began = time.perf_counter()
        fresh = not any(cache_folder().glob(f"region-{size}-schema{SCHEMA_HEAD}-"
                                            f"v{GENERATOR_VERSION}.db"))
        path = region_database(size)
        built = time.perf_counter() - began
        with tempfile.TemporaryDirectory() as folder, opened_region(size, Path(folder)) as store:
            found = counts(store)
        print(f"{size:>6}: {'built in' if fresh else 'cached,'} {built:.1f} s  {path}")
        print(f"        {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def run_over_regions(measure: Callable[[Any, Store, int], Iterable[Figure]]) -> int:
    """The main of a bench of the GUI: ``measure(app, store, size)`` on the region of every size
    (each made or copied into a temporary folder, removed after), then the one table."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    figures = report.Collector()
    with tempfile.TemporaryDirectory() as name:
        for size in report.sizes():
            with opened_region(size, Path(name)) as store:
                for figure in measure(app, store, size):
                    figures.add(figure)
            (Path(name) / f"region-{size}.db").unlink()
    figures.emit()
    return 0
