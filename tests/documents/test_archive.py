"""Every PDF is PDF/A-2b: XMP metadata that matches the information dictionary, an sRGB
output intent, embedded fonts, valid structure (pikepdf and ``qpdf --check``)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from expertteam import clock
from expertteam.documents.action_list import render_participant_actions
from expertteam.documents.agreement_sheet import render_agreement_sheet
from expertteam.documents.minutes import render_minutes
from tests.conftest import TODAY
from tests.documents import factories
from tests.documents.pdf_checks import qpdf_check


def _logo() -> bytes:
    buffer = BytesIO()
    Image.new("RGBA", (240, 80), (20, 60, 120, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[], bytes]] = {
    "minutes": lambda: render_minutes(factories.minutes(cases=4, actions=10),
                                      factories.letterhead(logo=_logo())),
    "action list": lambda: render_participant_actions(factories.participant_list(),
                                                      factories.letterhead()),
    "agreement sheet": lambda: render_agreement_sheet(factories.agreement_sheet(),
                                                      factories.letterhead()),
}


@pytest.mark.parametrize("kind", sorted(RENDERERS))
def test_every_document_is_pdfa_2b(kind: str, tmp_path: Path) -> None:
    data = RENDERERS[kind]()
    assert data.startswith(b"%PDF-1.7")
    with pikepdf.open(BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert "/Encrypt" not in pdf.trailer
        assert len(pdf.trailer.ID) == 2
        meta = pdf.open_metadata()
        info = pdf.docinfo
        assert meta.pdfa_status == "2B"
        assert meta["dc:title"] == str(info.Title)
        assert meta["dc:creator"] == [str(info.Author)] == ["Expertteam Westfriesland"]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["dc:language"] == {"nl-NL"}
        assert str(pdf.Root.Lang) == "nl-NL"
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert meta["pdf:Producer"] == str(info.Producer)
        # One moment, from the one clock, in both places.
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            assert meta[key].startswith(TODAY.isoformat()), key
        assert str(info.CreationDate).startswith(f"D:{TODAY:%Y%m%d}")
        created = datetime.fromisoformat(meta["xmp:CreateDate"])
        assert str(info.CreationDate).startswith(f"D:{created:%Y%m%d%H%M%S}")
        # The output intent: an RGB ICC profile.
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        profile = intent.DestOutputProfile
        assert profile.N == 3
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp"
        assert icc[16:20] == b"RGB "
        # Every font embedded, as TrueType.
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor, font.BaseFont
        assert "/Metadata" in pdf.Root
        assert "/Filter" not in pdf.Root.Metadata.stream_dict
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf (Debian package qpdf) is not installed: structural check skipped")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    assert "No syntax or stream encoding errors" in qpdf_check(path)


def test_metadata_survives_a_round_trip() -> None:
    data = RENDERERS["action list"]()
    with pikepdf.open(BytesIO(data)) as pdf:
        out = BytesIO()
        pdf.save(out)
    with pikepdf.open(BytesIO(out.getvalue())) as again:
        meta = again.open_metadata()
        assert meta.pdfa_status == "2B"
        assert meta["dc:title"] == "Openstaande acties Jeugdbescherming Noord per 23-11-2026"


class _StoppedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def today(self) -> date:
        return self.moment.date()

    def now(self) -> datetime:
        return self.moment

    def utcnow(self) -> datetime:
        return self.moment


def test_the_same_document_at_the_same_moment_gives_the_same_bytes() -> None:
    previous = clock.install(_StoppedClock(datetime(2026, 11, 23, 14, 0)))
    try:
        first, second = RENDERERS["agreement sheet"](), RENDERERS["agreement sheet"]()
    finally:
        clock.install(previous)
    assert first == second
