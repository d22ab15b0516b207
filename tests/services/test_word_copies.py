"""Word copies read back with python-docx: the content of the PDF, pseudonymised by default,
from the shipped template or the region's own (checked to render before it is stored)."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest

from expertteam.domain.errors import ValidationError
from expertteam.services import letters, word_copies
from expertteam.services.store import Store
from tests.documents.world import MEETING_DAY, World, build_world
from tests.escalation_helpers import letter_world


@pytest.fixture
def world(demo_store: Store) -> World:
    return build_world(demo_store)


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx (body, then footers), whitespace collapsed."""
    document = docx.Document(BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return re.sub(r"\s+", " ", " ".join(parts))


def test_minutes_copy_has_the_minutes_pseudonymised(world: World) -> None:
    copy = word_copies.minutes_docx(world.store, world.meeting_id)
    assert copy.filename == f"verslag-{MEETING_DAY.isoformat()}.docx"
    text = docx_text(copy.docx)
    for expected in ("Verslag expertteamoverleg", "Stadhuis Hoorn, zaal 2", "Petra Zwart",
                     "Besluit 1: N. krijgt voorrang bij GGZ Jong.", "Intake plannen voor N.",
                     "Gezinshuis De Linde benaderen", "ET-2026-0001 · N.V.", "Aanwezig",
                     "Afgemeld", "VERTROUWELIJK", "Besluitenlijst", "Actielijst"):
        assert expected in text, expected
    for name in ("Noël", "Chloë", "de Vries"):
        assert not re.search(rf"(?<!\w){name}(?!\w)", text), name
    assert "{{" not in text
    assert "{%" not in text


def test_minutes_copy_with_names_on_request(world: World) -> None:
    text = docx_text(word_copies.minutes_docx(world.store, world.meeting_id,
                                              with_names=True).docx)
    assert "Noël de Vries · ET-2026-0001" in text
    assert "Noël krijgt voorrang bij GGZ Jong." in text


def test_action_list_copy(world: World) -> None:
    copy = word_copies.participant_actions_docx(world.store, world.ggz)
    text = docx_text(copy.docx)
    assert copy.filename.startswith("acties-ggz-jong-westfriesland-")
    assert "Openstaande acties" in text
    assert "Intake plannen voor N." in text
    assert "1 openstaande actie(s)" in text


def test_both_letter_kinds_as_word(demo_store: Store) -> None:
    case_escalation, continuity = letter_world(demo_store)
    case_letter = letters.open_letter(demo_store, case_escalation)
    copy = word_copies.letter_docx(demo_store, case_letter.id)
    text = docx_text(copy.docx)
    assert copy.filename.endswith("-v1-concept.docx")
    assert "CONCEPT — nog niet definitief" in text
    assert "Het kind" in text
    assert "ET-2026-0001" in text
    assert "Noël" not in text
    assert "Marleen de Boer" in text
    report = letters.open_letter(demo_store, continuity)
    final = letters.finalise_letter(demo_store, report.id)
    text = docx_text(word_copies.letter_docx(demo_store, final.id).docx)
    assert "Casusreferenties (gepseudonimiseerd)" in text
    assert "CONCEPT" not in text  # the final version, as frozen


def test_a_region_template_is_checked_stored_and_used(world: World) -> None:
    own = docx.Document()
    own.add_paragraph("HUISSTIJL {{ briefhoofd.regio }}: {{ titel }}")
    buffer = BytesIO()
    own.save(buffer)
    info = word_copies.save_template(world.store, "verslag", buffer.getvalue(), "huisstijl.docx")
    assert info.custom
    listed = {t.kind: t for t in word_copies.list_templates(world.store)}
    assert listed["verslag"].filename == "huisstijl.docx"
    assert not listed["actielijst"].custom
    text = docx_text(word_copies.minutes_docx(world.store, world.meeting_id).docx)
    assert text.startswith("HUISSTIJL Expertteam Westfriesland: Verslag expertteamoverleg")
    word_copies.reset_template(world.store, "verslag")
    assert "Aanwezigheid" in docx_text(word_copies.minutes_docx(world.store,
                                                                world.meeting_id).docx)


def test_a_broken_template_is_refused_with_a_dutch_reason(world: World) -> None:
    with pytest.raises(ValidationError) as not_docx:
        word_copies.save_template(world.store, "verslag", b"%PDF-1.7 no", "x.pdf")
    assert not_docx.value.field == "word_template.verslag"
    assert "geen Word-document" in not_docx.value.message
    broken = docx.Document()
    broken.add_paragraph("{% for a in acties %}{{ a.nummer }")
    buffer = BytesIO()
    broken.save(buffer)
    with pytest.raises(ValidationError) as syntax:
        word_copies.save_template(world.store, "verslag", buffer.getvalue(), "kapot.docx")
    assert "kan niet worden ingevuld" in syntax.value.message


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (Debian package libreoffice-writer) is not installed")
def test_libreoffice_renders_the_copy(world: World, tmp_path: Path) -> None:
    source = tmp_path / "verslag.docx"
    source.write_bytes(word_copies.minutes_docx(world.store, world.meeting_id).docx)
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=170, check=False)
    assert done.returncode == 0, done.stderr
    from tests.documents.world import pdf_text

    text = pdf_text((tmp_path / "verslag.pdf").read_bytes())
    assert "Verslag expertteamoverleg" in text
    assert "Intake plannen voor N." in text
