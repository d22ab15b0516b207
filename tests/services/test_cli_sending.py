"""`expertteam drafts`, `expertteam invite` and `render --docx`: the same services as the GUI,
files a mail program, a calendar and Word read."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from expertteam.cli import main
from expertteam.services import letterhead
from expertteam.services.letterhead import LetterheadSettings
from expertteam.services.store import Store
from tests.conftest import database_args
from tests.documents.world import MEETING_DAY, World, build_world
from tests.meeting_helpers import plan
from tests.services.test_word_copies import docx_text


@pytest.fixture
def world(demo_store: Store) -> World:
    letterhead.save_letterhead(demo_store, LetterheadSettings(
        "Expertteam Westfriesland", "expertteam@westfriesland.nl"))
    return build_world(demo_store)


def _run(store: Store, *args: str) -> int:
    return main([*database_args(store), *args])


def test_drafts_for_a_closed_meeting(world: World, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "concepten"
    assert _run(world.store, "drafts", "--meeting", str(world.meeting_id),
                "--out-dir", str(folder)) == 0
    written = sorted(folder.glob("*.eml"))
    assert len(written) == 4
    out = capsys.readouterr().out
    assert "4/4\t" in out
    assert "4 e-mailconcepten opgeslagen" in out
    message = message_from_bytes(written[0].read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert any(part.get_filename() == f"verslag-{MEETING_DAY.isoformat()}.pdf"
               for part in message.iter_attachments())


def test_invite_and_cancel(demo_store: Store, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    letterhead.save_letterhead(demo_store, LetterheadSettings(
        "Expertteam Westfriesland", "expertteam@westfriesland.nl"))
    meeting = plan(demo_store)
    ics = tmp_path / "overleg.ics"
    assert _run(demo_store, "invite", "--meeting", str(meeting.id), "-o", str(ics)) == 0
    first = Calendar.from_ical(ics.read_bytes())
    assert first["METHOD"] == "REQUEST"
    cancel = tmp_path / "afzegging.ics"
    eml = tmp_path / "afzegging.eml"
    assert _run(demo_store, "invite", "--meeting", str(meeting.id), "-o", str(cancel),
                "--cancel", "--eml", str(eml)) == 0
    second = Calendar.from_ical(cancel.read_bytes())
    assert second["METHOD"] == "CANCEL"
    (one,), (two,) = first.walk("VEVENT"), second.walk("VEVENT")
    assert isinstance(one, Event)
    assert isinstance(two, Event)
    assert one.uid == two.uid
    assert two.sequence == one.sequence + 1
    attachment = next(message_from_bytes(eml.read_bytes(), policy=policy.default)
                      .iter_attachments())
    assert attachment.get_param("method") == "CANCEL"
    assert "volgnummer 1" in capsys.readouterr().out
    # A started meeting: a Dutch error and exit code 2.
    assert _run(demo_store, "invite", "--meeting", "999") == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_render_docx(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "verslag.docx"
    assert _run(world.store, "render", "minutes", "--meeting", str(world.meeting_id),
                "--docx", "-o", str(out)) == 0
    assert "Intake plannen voor N." in docx_text(out.read_bytes())
    folder = tmp_path / "lijsten"
    assert _run(world.store, "render", "all-actions", "--out-dir", str(folder), "--docx") == 0
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".docx"]
    assert _run(world.store, "render", "case", "--case-number", "ET-2026-0001",
                "--docx") == 2
    assert "geen Word-kopie" in capsys.readouterr().err
