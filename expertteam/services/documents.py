"""Documents from the register as PDF: minutes, per-participant action lists, agreement sheets.

Every document pseudonymises children by default (case number, initials, birth year; free text
through the privacy guard, which replaces names by initials and any other identifying item by a
placeholder); ``with_names=True`` prints names. Each document is logged as a print when made for
the printer, and as an export once written to a file (``files.export_file``; a failed write as a
failed export), with that choice ("met naam" / "gepseudonimiseerd"), never the names. Its PDF
keywords carry the audit log's anchor.

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
from sqlalchemy.orm import Session

from expertteam.documents.data import Letterhead, MinutesData, ParticipantActionList
from expertteam.domain.enums import ActionStatus, AuditAction, AuditResult, MeetingStatus
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services import audit, files
from expertteam.services.document_data import (
    ChildNames,
    minutes_data,
    participant_data,
    sheet_data,
)
from expertteam.services.letterhead import read_letterhead
from expertteam.services.meeting_record import meeting_record
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import Meeting
from expertteam.storage.models.organisations import Organisation

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
    # Logged when the document is written to a file (``files.export_file``); a print or a
    # refusal is logged when the document is made.
    export: files.ExportRecord | None = None


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


def _log_use(session: Session, store: Store, purpose: AuditAction, object_type: str,
             object_id: int, detail: str) -> files.ExportRecord:
    """A print is logged now; an export when the file is written (``files.export_file``), so
    that a write that fails is never logged as an export."""
    if purpose is not AuditAction.EXPORT:
        audit.record(session, store, purpose, object_type, object_id, detail=detail)
    return files.ExportRecord(object_type, str(object_id), detail)


def _check_purpose(purpose: AuditAction) -> None:
    if purpose not in (AuditAction.EXPORT, AuditAction.PRINT):
        raise ValidationError("purpose", _("Een document kan alleen worden geëxporteerd of "
                                           "afgedrukt."))


def slug(text: str) -> str:
    """``text`` as a file-name part: lower-case ASCII letters, digits and hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or "document"


# --------------------------------------------------------------------------- minutes


def minutes_source(store: Store, meeting_id: int, *, with_names: bool = False,
                   version: int | None = None, purpose: AuditAction = AuditAction.EXPORT,
                   word: bool = False) -> tuple[MinutesData, Letterhead, files.ExportRecord]:
    """The data and letterhead the minutes are rendered from (PDF or, with ``word``, a Word
    copy), and the record that logs the export once the file is written (a print is logged
    now). Raises as ``minutes_pdf``."""
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
        letterhead = read_letterhead(session).for_documents(audit.anchor(session).text)
        data = minutes_data(session, record, ChildNames(session, with_names),
                            letterhead.region_name)
        export = _log_use(session, store, purpose, "meeting", meeting_id,
                          _detail(MINUTES, with_names) + f"; v{record.version}"
                          + ("; word" if word else ""))
    return data, letterhead, export


def minutes_filename(data: MinutesData, extension: str = "pdf") -> str:
    suffix = f"-v{data.version}" if data.version > 1 else ""
    return f"verslag-{data.held_on.isoformat()}{suffix}.{extension}"


def minutes_pdf(store: Store, meeting_id: int, *, with_names: bool = False,
                version: int | None = None,
                purpose: AuditAction = AuditAction.EXPORT) -> RenderedDocument:
    """The minutes of a closed meeting as PDF: header, attendance, per case the summary,
    decisions and new actions, the besluitenlijst and the actielijst (as at closing). The
    latest version unless ``version`` asks for an earlier one.

    Raises ``NotFoundError`` (unknown meeting), ``ValidationError`` (a version the meeting does
    not have) or ``StateError`` (the meeting is not closed yet; logged as refused)."""
    from expertteam.documents.minutes import minutes_meta, render_minutes

    data, letterhead, export = minutes_source(store, meeting_id, with_names=with_names,
                                              version=version, purpose=purpose)
    pdf = render_minutes(data, letterhead)
    return RenderedDocument(MINUTES, minutes_meta(data, letterhead).title,
                            minutes_filename(data), pdf, with_names, export)


def list_closed_meetings(store: Store) -> list[MeetingChoice]:
    """Closed meetings, newest first: the meetings that have minutes."""
    with store.transaction() as session:
        rows = session.execute(
            select(Meeting.id, Meeting.held_on, Meeting.place, Meeting.version)
            .where(Meeting.status == MeetingStatus.CLOSED)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())).all()
        return [MeetingChoice(*row) for row in rows]


# --------------------------------------------------------------------------- action lists


def participant_source(store: Store, organisation_id: int, *, with_names: bool = False,
                       purpose: AuditAction = AuditAction.EXPORT, word: bool = False
                       ) -> tuple[ParticipantActionList, Letterhead, files.ExportRecord]:
    """The data and letterhead an organisation's action list is rendered from, and the record
    that logs its export (see ``minutes_source``). Raises ``NotFoundError`` for an unknown
    organisation."""
    _check_purpose(purpose)
    with store.transaction() as session:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise NotFoundError(_("Deze organisatie bestaat niet (meer)."))
        data = participant_data(session, organisation, ChildNames(session, with_names),
                                store.today())
        letterhead = read_letterhead(session).for_documents(audit.anchor(session).text)
        export = _log_use(session, store, purpose, "organisation", organisation.id,
                          _detail(ACTION_LIST, with_names) + ("; word" if word else ""))
    return data, letterhead, export


def participant_filename(data: ParticipantActionList, extension: str = "pdf") -> str:
    return f"acties-{slug(data.organisation)}-{data.as_of.isoformat()}.{extension}"


def participant_actions_pdf(store: Store, organisation_id: int, *, with_names: bool = False,
                            purpose: AuditAction = AuditAction.EXPORT) -> RenderedDocument:
    """The open actions of one organisation across all cases, as PDF for sending to it.

    Raises ``NotFoundError`` for an unknown organisation."""
    from expertteam.documents.action_list import participant_meta, render_participant_actions

    data, letterhead, export = participant_source(store, organisation_id,
                                                  with_names=with_names, purpose=purpose)
    pdf = render_participant_actions(data, letterhead)
    return RenderedDocument(ACTION_LIST, participant_meta(data, letterhead).title,
                            participant_filename(data), pdf, with_names, export)


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
    document is logged when it is written (``files.export_file``)."""
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
    each); returns the files written (atomically, each logged as an export). Raises a typed
    Dutch error when the folder or a file cannot be written."""
    written: list[Path] = []
    files.make_folder(folder)
    for done, total, document in all_participant_actions(store, with_names=with_names,
                                                         cancelled=cancelled):
        assert document.export is not None
        written.append(files.export_file(store, folder / document.filename, document.pdf,
                                         document.export))
        progress(done, total, document.filename)
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
        data = sheet_data(session, case, ChildNames(session, with_names), store.today())
        letterhead = read_letterhead(session).for_documents(audit.anchor(session).text)
        export = _log_use(session, store, purpose, "case", case.id,
                          _detail(AGREEMENT_SHEET, with_names))
    pdf = render_agreement_sheet(data, letterhead)
    return RenderedDocument(
        AGREEMENT_SHEET, sheet_meta(data, letterhead).title,
        f"afspraken-{data.case_number}-{data.as_of.isoformat()}.pdf", pdf, with_names,
        export)


def warm_up_renderer() -> None:
    """Load the PDF renderer (fonts, pikepdf, one tiny document of fixed text) so that the first
    real document is as fast as the next; the app calls it in the background after start."""
    from expertteam.documents.warm_up import warm_up

    warm_up()
