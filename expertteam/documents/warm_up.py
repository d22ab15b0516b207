"""Loading the renderer before the first document is asked for.

The first document in a process pays for importing ReportLab's layout code and pikepdf, reading
and registering the fonts, building the stylesheet and the sRGB profile, and lxml's first XMP
parse. ``warm_up`` does all of that once, with a tiny document of fixed text (no data of anyone),
under the render lock like every render. The app runs it in the background after its window
shows (``gui/warm_up.py``).
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Table

from expertteam.documents.archive import srgb_profile
from expertteam.documents.blocks import paragraph
from expertteam.documents.data import DocumentMeta, Letterhead
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import register_fonts, render_document, stylesheet

_DAY = date(2026, 1, 1)


@rendered
def warm_up() -> bytes:
    """Register the fonts, load the stylesheet, pikepdf and the sRGB profile, and make one tiny
    PDF/A document (returned, so a caller can check it)."""
    register_fonts()
    stylesheet()
    srgb_profile()
    story = [paragraph("Expertteam", "Title"), paragraph("<b>1</b> <i>2</i> 3"),
             Table([[paragraph("a", "Cell"), paragraph("b", "CellBold")]])]
    return render_document(story, DocumentMeta("Expertteam", "", "Expertteam", _DAY),
                           Letterhead("Expertteam"))
