"""Purge means gone: after a purge no text or blob column, no letter PDF, no free page of the
file and no backup made afterwards holds the purged child's identifiers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from expertteam.documents.letter_data import freeze, thaw
from expertteam.domain.enums import ClosingResult
from expertteam.domain.escalation import EscalationStatus
from expertteam.domain.identifying import ChildIdentity, Detector
from expertteam.services import (
    backup,
    cases,
    drafts,
    escalations,
    letter_output,
    letters,
    residue,
    retention,
)
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case
from expertteam.storage.models.escalations import Letter
from expertteam.storage.models.organisations import Organisation
from tests.escalation_helpers import pdf_text
from tests.privacy_helpers import (
    Child,
    case_escalation_about,
    closed_meeting_about,
    continuity_escalation_about,
    create_child,
)

CHILD = Child("IJsbrand", "van der Wiel", date(2014, 3, 2), "123456782",
              ("Xiomara van der Wiel", "Bartholomeus"))
TEXT = ("IJsbrand van der Wiel (BSN 123 456 782, geboren 2 maart 2014) en zijn zus Xiomara; "
        "vader Bartholomeus belde over Ĳsbrand's school.")
RAW = ("IJsbrand", "Xiomara", "Bartholomeus", "123456782", "123 456 782", "2 maart 2014")


def _everywhere(store: Store) -> tuple[int, str]:
    """A child whose identifiers are in the case, a draft, a closed meeting (notes, summary,
    decisions, actions), escalation texts and answers, and a finalised letter written before
    letters were checked. Returns (case id, old case number)."""
    case_id = create_child(store, CHILD, TEXT)
    number = cases.get_case(store, case_id).case_number
    drafts.save_case_draft(store, case_id, cases.get_case(store, case_id).to_input())
    closed_meeting_about(store, case_id, [TEXT])
    escalation = case_escalation_about(store, case_id, TEXT)
    escalations.change_status(store, escalation, EscalationStatus.SENT)
    escalations.record_response(store, escalation, TEXT)
    final = letters.finalise_letter(store, letters.open_letter(store, escalation).id)
    # A later answer replaces it; the first stays in the escalation's history.
    escalations.record_response(store, escalation, "Het netwerk bespreekt de casus.")
    continuity = continuity_escalation_about(store, [case_id])
    letters.finalise_letter(store, letters.open_letter(store, continuity).id)
    with store.transaction() as session:  # a letter from before the check: name in its PDF
        letter = session.get(Letter, final.id)
        assert letter is not None
        assert letter.content is not None
        legacy = json.loads(letter.content)
        legacy["letter"]["closing"] = TEXT
        letter.content = json.dumps(legacy, ensure_ascii=False, sort_keys=True)
        from expertteam.documents.escalation_letter import render_case_letter

        data = thaw(letter.content)
        letter.pdf = render_case_letter(data)  # type: ignore[arg-type]
        assert freeze(data)
        case = session.get(Case, case_id)
        assert case is not None
        case.referred_on = date(2023, 1, 1)
    assert "IJsbrand" in pdf_text(letter_output.letter_pdf(store, final.id).pdf)
    cases.close_case(store, case_id, ClosingResult.HELP_STARTED, closed_on=date(2024, 1, 1))
    retention.set_retention_years(store, 1)
    return case_id, number


def _detector() -> Detector:
    return Detector([ChildIdentity(CHILD.given_names, CHILD.surname, CHILD.birth_date,
                                   CHILD.bsn, CHILD.hidden)], generic=False)


def test_before_the_purge_the_scan_finds_the_child_in_many_places(demo_store: Store) -> None:
    _everywhere(demo_store)
    with demo_store.transaction() as session:
        places = {(r.table, r.column) for r in residue.scan(session, _detector())}
    assert {("case", "given_names"), ("setting", "value"), ("meeting", "notes"),
            ("decision", "text"), ("escalation", "reason"), ("escalation_event", "note"),
            ("letter", "pdf"), ("letter", "content")} <= places


def test_after_the_purge_no_column_holds_the_child(demo_store: Store, tmp_path: Path) -> None:
    case_id, number = _everywhere(demo_store)
    path = demo_store.database.path
    files = [path, path.with_name(path.name + "-wal")]
    assert b"Bartholomeus" in b"".join(f.read_bytes() for f in files if f.exists())
    retention.purge_cases(demo_store, [case_id])
    with demo_store.transaction() as session:
        assert residue.scan(session, _detector(), extra=(number,)) == []
        names = set(session.scalars(select(Organisation.name)))
    assert "Zorgboerderij Het Wiel" in names  # an organisation is not a child's surname
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    for value in (*RAW, number):
        assert value.encode() not in raw, value
    copy = tmp_path / "na-verwijderen.db"
    backup.backup_to(demo_store, copy)
    raw_backup = copy.read_bytes()
    for value in (*RAW, number):
        assert value.encode() not in raw_backup, value


def test_the_purge_redacts_the_letters_and_their_pdfs(demo_store: Store) -> None:
    case_id, number = _everywhere(demo_store)
    retention.purge_cases(demo_store, [case_id])
    with demo_store.transaction() as session:
        stored = [(letter.content, bytes(letter.pdf)) for letter in session.scalars(
            select(Letter).where(Letter.finalised.is_(True))) if letter.pdf]
    assert len(stored) >= 2
    for content, pdf in stored:
        assert content is not None
        assert "IJsbrand" not in content
        assert number not in content
        text = pdf_text(pdf)
        assert "IJsbrand" not in text
        assert number not in text
