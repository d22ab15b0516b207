"""Checks on a finished PDF: PDF/A-2b metadata and structure, and which characters its fonts
really draw (read from the embedded font programs, not from what ReportLab was told)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from io import BytesIO
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

_BFCHAR = re.compile(rb"^<([0-9A-F]{2})> <([0-9A-F]{4,})>$", re.MULTILINE)


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    seen: set[tuple[int, int]] = set()
    fonts: list[pikepdf.Object] = []
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                fonts.append(font)
    return fonts


def glyph_map(data: bytes) -> dict[str, bool]:
    """Every character the PDF's text uses (by the fonts' ToUnicode maps), and whether the
    embedded font program has a real glyph for it (False: it prints as .notdef, a box)."""
    result: dict[str, bool] = {}
    with pikepdf.open(BytesIO(data)) as pdf:
        for font in _fonts(pdf):
            program = font.FontDescriptor.FontFile2.read_bytes()
            cmap = TTFont(BytesIO(program))["cmap"].tables[0].cmap
            for code, target in _BFCHAR.findall(font.ToUnicode.read_bytes()):
                text = bytes.fromhex(target.decode()).decode("utf-16-be")
                if unicodedata.category(text[0]) == "Cc":  # ReportLab's fillers
                    continue
                drawn = cmap.get(int(code, 16), ".notdef") != ".notdef"
                result[text] = result.get(text, False) or drawn
    return result


def missing_glyphs(data: bytes) -> set[str]:
    """Characters the PDF prints as a box. ReportLab draws a character its font lacks as code
    0 (.notdef, mapped to U+0000): such boxes are counted as ``"\x00"``."""
    from pypdf import PdfReader

    missing = {text for text, drawn in glyph_map(data).items() if not drawn}
    if any("\x00" in page.extract_text() for page in PdfReader(BytesIO(data)).pages):
        missing.add("\x00")
    return missing


def qpdf_check(path: Path) -> str:
    """``qpdf --check`` output; raises when qpdf finds an error."""
    qpdf = shutil.which("qpdf")
    assert qpdf is not None
    done = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
