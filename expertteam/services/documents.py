"""Documents from the register as PDF: minutes, per-participant action lists, agreement sheets.

Every document pseudonymises children by default (case number, initials, birth year, and names
replaced by initials in free text); ``with_names=True`` prints names. Each document is logged as
an export or a print with that choice ("met naam" / "gepseudonimiseerd"), never the names.

Minutes exist only for a closed meeting: while a meeting is open its record can still change, and
the minutes are the record as closed (later corrections are addenda that raise the version).
Asking for the minutes of an open meeting raises ``StateError`` and is logged as refused; there
is no "concept" print, so a document that leaves the room is always the closed record.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from expertteam.domain.enums import ActionStatus, AuditAction, AuditResult, MeetingStatus
from expertteam.domain.errors import ExpertteamError, NotFoundError, StateError, ValidationError
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.document_data import (
    ChildNames,
    minutes_data,
    participant_data,
    sheet_data,
)
from expertteam.services.letterhead import read_letterhead
from expertteam.services.meeting_record import meeting_record
from expertteam.services.store import Store
from expertteam.storage.models import Action, Case, Meeting, Organisation

MINUTES = "verslag"
ACTION_LIST = "actielijst"
AGREEMENT_SHEET = "afsprakenoverzicht"


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A finished PDF with a suggested file name (which never holds a child's name)."""

    kind: str
    title: str
    filename: str
    pdf: bytes
    with_names: bool


@dataclass(frozen=True, slots=True)
class MeetingChoice:
    id: int
    held_on: date
    place: str
    version: int

    @property
    def label(self) -> str:
        text = _("Overleg {date}").format(date=short_date(self.held_on))
        if self.version > 1:
            text += _(" (versie {n})").format(n=self.version)
        return f"{text} – {self.place}" if self.place else text


@dataclass(frozen=True, slots=True)
class ParticipantChoice:
    id: int
    name: str
    open_actions: int

    @property
    def label(self) -> str:
        return _("{name} ({n} open)").format(name=self.name, n=self.open_actions)


def _detail(kind: str, with_names: bool) -> str:
    return f"{kind}; {'met naam' if with_names else 'gepseudonimiseerd'}"


def _check_purpose(purpose: AuditAction) -> None:
    if purpose not in (AuditAction.EXPORT, AuditAction.PRINT):
        raise ValidationError("purpose", _("Een document kan alleen worden geëxporteerd of "
                                           "afgedrukt."))


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or "document"


# --------------------------------------------------------------------------- minutes


def minutes_pdf(store: Store, meeting_id: int, *, with_names: bool = False,
                version: int | None = None,
                purpose: AuditAction = AuditAction.EXPORT) -> RenderedDocument:
    """The minutes of a closed meeting as PDF: header, attendance, per case the summary,
    decisions and new actions, the besluitenlijst and the actielijst (as at closing). The
    latest version unless ``version`` asks for an earlier one.

    Raises ``NotFoundError`` (unknown meeting), ``ValidationError`` (a version the meeting does
    not have) or ``StateError`` (the meeting is not closed yet; logged as refused)."""
    from expertteam.documents.minutes import minutes_meta, render_minutes

    _check_purpose(purpose)
    with store.transaction() as session:
        status = session.scalars(select(Meeting.status).where(Meeting.id == meeting_id)).first()
    if status is None:
        raise NotFoundError(_("Dit overleg bestaat niet (meer)."))
    if status is not MeetingStatus.CLOSED:
        audit.record_now(store, purpose, "meeting", meeting_id, result=AuditResult.REFUSED,
                         detail=_detail(MINUTES, with_names))
        raise StateError(_("Het verslag kan pas worden gemaakt als het overleg is gesloten. "
                           "Sluit het overleg af; daarna zijn verslag, besluitenlijst en "
                           "actielijst definitief."))
    record = meeting_record(store, meeting_id, version)
    with store.transaction() as session:
        letterhead = read_letterhead(session).for_documents()
        data = minutes_data(session, record, ChildNames(with_names), letterhead.region_name)
        audit.record(session, store, purpose, "meeting", meeting_id,
                     detail=_detail(MINUTES, with_names) + f"; v{record.version}")
    pdf = render_minutes(data, letterhead)
    suffix = f"-v{record.version}" if record.version > 1 else ""
    return RenderedDocument(MINUTES, minutes_meta(data, letterhead).title,
                            f"verslag-{data.held_on.isoformat()}{suffix}.pdf", pdf, with_names)


def list_closed_meetings(store: Store) -> list[MeetingChoice]:
    """Closed meetings, newest first: the meetings that have minutes."""
    with store.transaction() as session:
        rows = session.execute(
            select(Meeting.id, Meeting.held_on, Meeting.place, Meeting.version)
            .where(Meeting.status == MeetingStatus.CLOSED)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())).all()
        return [MeetingChoice(*row) for row in rows]


# --------------------------------------------------------------------------- action lists


def participant_actions_pdf(store: Store, organisation_id: int, *, with_names: bool = False,
                            purpose: AuditAction = AuditAction.EXPORT) -> RenderedDocument:
    """The open actions of one organisation across all cases, as PDF for sending to it.

    Raises ``NotFoundError`` for an unknown organisation."""
    from expertteam.documents.action_list import participant_meta, render_participant_actions

    _check_purpose(purpose)
    with store.transaction() as session:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise NotFoundError(_("Deze organisatie bestaat niet (meer)."))
        data = participant_data(session, organisation, ChildNames(with_names), store.today())
        letterhead = read_letterhead(session).for_documents()
        audit.record(session, store, purpose, "organisation", organisation.id,
                     detail=_detail(ACTION_LIST, with_names))
    pdf = render_participant_actions(data, letterhead)
    return RenderedDocument(
        ACTION_LIST, participant_meta(data, letterhead).title,
        f"acties-{_slug(data.organisation)}-{data.as_of.isoformat()}.pdf", pdf, with_names)


def list_participants(store: Store, *, only_with_open_actions: bool = True
                      ) -> list[ParticipantChoice]:
    """Organisations by name with their number of open actions (by default only those that
    have open actions)."""
    with store.transaction() as session:
        counts = Counter(session.scalars(
            select(Action.owner_organisation_id).join(Action.case)
            .where(Action.status == ActionStatus.OPEN, Case.purged_on.is_(None))).all())
        rows = session.execute(select(Organisation.id, Organisation.name)
                               .order_by(Organisation.name)).all()
    return [ParticipantChoice(org_id, name, counts[org_id]) for org_id, name in rows
            if counts[org_id] or not only_with_open_actions]


def all_participant_actions(store: Store, *, with_names: bool = False,
                            cancelled: Callable[[], bool] = lambda: False
                            ) -> Iterator[tuple[int, int, RenderedDocument]]:
    """Every participant's action list, one at a time: yields ``(done, total, document)``.

    ``cancelled`` is asked before each document, so a long batch can stop between two; each
    document is logged as it is made."""
    participants = list_participants(store)
    for index, participant in enumerate(participants, start=1):
        if cancelled():
            return
        yield index, len(participants), participant_actions_pdf(
            store, participant.id, with_names=with_names)


def save_participant_actions(store: Store, folder: Path, *, with_names: bool = False,
                             cancelled: Callable[[], bool] = lambda: False,
                             progress: Callable[[int, int, str], None] = lambda *_args: None
                             ) -> list[Path]:
    """Every participant's action list as its own PDF in ``folder`` (made when missing), one
    at a time (``progress(done, total, filename)`` after each, ``cancelled`` asked before
    each); returns the files written. Raises ``ExpertteamError`` when the folder cannot be
    written."""
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for done, total, document in all_participant_actions(store, with_names=with_names,
                                                             cancelled=cancelled):
            target = folder / document.filename
            target.write_bytes(document.pdf)
            written.append(target)
            progress(done, total, document.filename)
    except OSError as error:
        raise ExpertteamError(_("De map kan niet worden beschreven: {reason}").format(
            reason=error.strerror or str(error))) from error
    return written


# --------------------------------------------------------------------------- agreement sheet


def find_case_id(store: Store, case_number: str) -> int:
    """The id of the case with this case number (ET-2026-0001). Raises ``NotFoundError``."""
    wanted = case_number.strip().upper()
    with store.transaction() as session:
        case_id = session.scalars(select(Case.id).where(
            Case.case_number == wanted, Case.purged_on.is_(None))).first()
    if case_id is None:
        raise NotFoundError(_("Er is geen casus met nummer {number}.").format(
            number=wanted[:20]))
    return case_id


def agreement_sheet_pdf(store: Store, case_id: int, *, with_names: bool = False,
                        purpose: AuditAction = AuditAction.EXPORT) -> RenderedDocument:
    """The agreement sheet (afsprakenoverzicht) of one child: the doorbraak goal, measures,
    blockers and every agreement with owner, due date and history.

    Raises ``NotFoundError`` for an unknown (or purged) case."""
    from expertteam.documents.agreement_sheet import render_agreement_sheet, sheet_meta

    _check_purpose(purpose)
    with store.transaction() as session:
        case = session.get(Case, case_id)
        if case is None or case.purged_on is not None:
            raise NotFoundError(_("Deze casus bestaat niet (meer)."))
        data = sheet_data(session, case, ChildNames(with_names), store.today())
        letterhead = read_letterhead(session).for_documents()
        audit.record(session, store, purpose, "case", case.id,
                     detail=_detail(AGREEMENT_SHEET, with_names))
    pdf = render_agreement_sheet(data, letterhead)
    return RenderedDocument(
        AGREEMENT_SHEET, sheet_meta(data, letterhead).title,
        f"afspraken-{data.case_number}-{data.as_of.isoformat()}.pdf", pdf, with_names)
