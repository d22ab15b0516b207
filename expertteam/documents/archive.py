"""PDF/A-2b: every PDF the app makes is archive-grade (the Archiefwet practice asks for it).

ReportLab writes a PDF 1.4 file with embedded TrueType subsets and an information dictionary.
``to_pdfa`` adds what PDF/A-2b (ISO 19005-2, level B) needs on top, with pikepdf:

* XMP metadata that repeats the information dictionary (``dc:title``, ``dc:creator``,
  ``dc:description``, ``dc:language``, ``pdf:Keywords``, ``pdf:Producer``,
  ``xmp:CreatorTool``, and the creation, modification and metadata dates, taken from the one
  clock through ReportLab's dates) and declares ``pdfaid:part`` 2, ``pdfaid:conformance`` B;
* an sRGB output intent (the ICC profile made by Pillow's LittleCMS, so no profile file is
  shipped), which also serves as the blending colour space of a logo's transparency;
* ToUnicode maps that PDF allows: ReportLab writes a character beyond U+FFFF (most emoji) as
  five hex digits instead of a UTF-16 surrogate pair, which readers reject;
* a PDF 1.7 header and a file identifier derived from the content, so the same document gives
  the same bytes.

The fonts are embedded already (``styles.register_fonts``); the documents use no JavaScript,
encryption, annotations or forms.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from typing import Any

from expertteam.documents.data import DocumentMeta
from expertteam.documents.render_lock import rendered

PDFA_PART = "2"
PDFA_CONFORMANCE = "B"
LANGUAGE = "nl-NL"
SRGB = "sRGB IEC61966-2.1"
_WIDE_TARGET = re.compile(rb"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.MULTILINE)


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The bytes of an sRGB ICC profile."""
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


@rendered
def to_pdfa(pdf: bytes, meta: DocumentMeta, moment: datetime) -> bytes:
    """``pdf`` (as ReportLab wrote it) made PDF/A-2b; ``moment`` is its creation time (local,
    naive, from the one clock)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    stamp = moment.astimezone().isoformat(timespec="seconds")
    with pikepdf.open(BytesIO(pdf)) as document:
        if "/Trapped" in document.docinfo:  # XMP has no place for ReportLab's /Trapped
            del document.docinfo["/Trapped"]
        with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp.load_from_docinfo(document.docinfo)
            xmp["pdfaid:part"] = PDFA_PART
            xmp["pdfaid:conformance"] = PDFA_CONFORMANCE
            xmp["dc:title"] = meta.title
            xmp["dc:creator"] = [meta.author]
            xmp["dc:description"] = meta.subject
            xmp["dc:language"] = {LANGUAGE}
            xmp["xmp:CreateDate"] = stamp
            xmp["xmp:ModifyDate"] = stamp
            xmp["xmp:MetadataDate"] = stamp
        profile = document.make_stream(srgb_profile())
        profile["/N"] = 3
        intent = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1,
                            OutputConditionIdentifier=SRGB, Info=SRGB,
                            RegistryName="http://www.color.org", DestOutputProfile=profile)
        document.Root.OutputIntents = Array([document.make_indirect(intent)])
        _fix_to_unicode(document)
        if "/ID" in document.trailer:  # ReportLab's holds the machine's time: qpdf makes one
            del document.trailer["/ID"]  # from the content instead
        out = BytesIO()
        document.save(out, min_version="1.7", deterministic_id=True)
    return out.getvalue()


def _utf16(match: re.Match[bytes]) -> bytes:
    char = chr(int(match.group(2), 16))
    return match.group(1) + b"<" + char.encode("utf-16-be").hex().upper().encode() + b">"


def _fix_to_unicode(document: Any) -> None:
    """Every font's ToUnicode map with code points beyond U+FFFF as UTF-16 surrogate pairs."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for page in document.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            stream = font.get("/ToUnicode")
            if not isinstance(stream, pikepdf.Stream) or stream.objgen in seen:
                continue
            seen.add(stream.objgen)
            text = stream.read_bytes()
            fixed = _WIDE_TARGET.sub(_utf16, text)
            if fixed != text:
                stream.write(fixed)
