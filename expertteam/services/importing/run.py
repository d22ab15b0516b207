"""The import use case: open a file, propose the mapping, and make the dry-run report or
import it all in one transaction with one audit entry.

The dry run runs exactly the import (the services validate every row the way they do for a
screen) in a transaction that is then rolled back, so the report says what the import will
do. A row that fails is reported with its spreadsheet row number and left out; nothing of it
was added (the services validate before they add)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import ExpertteamError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.importing.action_rows import ActionIndex, import_action
from expertteam.services.importing.case_rows import CaseIndex, import_case
from expertteam.services.importing.fields import ImportKind, field_for, propose
from expertteam.services.importing.matching import OrganisationIndex
from expertteam.services.importing.organisation_rows import import_organisation
from expertteam.services.importing.reading import Sheet, read_sheet
from expertteam.services.importing.report import ImportReport, RowError
from expertteam.services.store import Store
from expertteam.storage.models.cases import CaseChange
from expertteam.storage.models.monitor import MonitorPublication

PROGRESS_ROWS = 25


@dataclass(frozen=True, slots=True)
class Preview:
    sheet: Sheet
    mapping: dict[int, str]  # column index → field key, as proposed


class _RolledBackError(ExpertteamError):
    """Raised inside the dry run's transaction so that ``Store.transaction`` rolls it back."""

    def __init__(self) -> None:
        super().__init__(_("Proefimport teruggedraaid."))


def open_file(path: Path, kind: ImportKind) -> Preview:
    """Read the file and propose a mapping (``ValidationError`` for an unreadable file)."""
    sheet = read_sheet(path, lambda header: field_for(kind, header) is not None)
    return Preview(sheet, propose(kind, sheet.headers))


def _published_changed(session: Session, history_before: int, report: ImportReport) -> None:
    """Note the earliest day the imported facts take effect, and the first published
    meetmoment on or after it (its figures would change)."""
    report.earliest = session.scalar(select(func.min(CaseChange.effective_on))
                                     .where(CaseChange.id > history_before))
    if report.earliest is not None:
        report.published = session.scalars(
            select(MonitorPublication.meetmoment)
            .where(MonitorPublication.meetmoment >= report.earliest)
            .order_by(MonitorPublication.meetmoment).limit(1)).first()


def run_import(store: Store, kind: ImportKind, sheet: Sheet, mapping: Mapping[int, str], *,
               confirmed_near: Collection[str] = (), dry_run: bool = True,
               confirmed_published: bool = False,
               progress: Callable[[int, int], object] | None = None) -> ImportReport:
    """Import (or, with ``dry_run``, only report) the rows of ``sheet``; ``progress(done,
    total)`` every ``PROGRESS_ROWS`` rows (a large file takes a while). Facts that take effect
    before a published meetmoment are imported only when ``confirmed_published`` (the report
    names the meetmoment either way)."""
    report = ImportReport(kind, dry_run, rows=len(sheet.rows))
    try:
        with store.transaction() as session:
            orgs = OrganisationIndex(session, confirmed_near)
            cases = CaseIndex.load(session) if kind is not ImportKind.ORGANISATIONS else None
            actions = ActionIndex(session) if kind is ImportKind.ACTIONS else None
            added: set[int] = set()
            history_before = session.scalar(select(func.max(CaseChange.id))) or 0
            for done, (number, cells) in enumerate(sheet.rows):
                if progress is not None and done % PROGRESS_ROWS == 0:
                    progress(done, len(sheet.rows))
                values = {key: cells[column] if column < len(cells) else None
                          for column, key in mapping.items()}
                try:
                    if cases is not None and actions is not None:
                        import_action(session, store, values, cases, actions, orgs, report)
                    elif cases is not None:
                        import_case(session, store, values, cases, orgs, report)
                    else:
                        import_organisation(session, values, orgs, added, report)
                except ExpertteamError as error:
                    report.errors.append(RowError(number, error.message))
            _published_changed(session, history_before, report)
            if report.published is not None and not confirmed_published and not dry_run:
                report.refused_published = True
                raise _RolledBackError
            if dry_run:
                raise _RolledBackError
            if report.new:
                audit.record(session, store, AuditAction.CREATE, "import", kind.value,
                             detail=report.audit_detail())
    except _RolledBackError:
        pass
    return report
