"""What both escalation letters share: the addressee and reference block, and the signature."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.paragraph import Paragraph

from expertteam.documents.blocks import cell, facts_table, gap, paragraph
from expertteam.documents.data import DocumentMeta
from expertteam.documents.letter_data import EarlierEscalation, LetterFrame
from expertteam.documents.styles import FONT_BOLD, FRAME_WIDTH, RULE, stylesheet
from expertteam.documents.text import markup
from expertteam.formatting import long_date, short_date
from expertteam.i18n import _


def letter_meta(frame: LetterFrame, title: str, subject: str) -> DocumentMeta:
    return DocumentMeta(title=title, subject=subject, author=frame.letterhead.region_name,
                        document_date=frame.letter_date, version=frame.version,
                        keywords=(_("escalatie"), frame.reference))


def concept_banner() -> Table:
    """A ruled box saying the letter is not final (previews of a concept)."""
    box = Table([[cell(_("CONCEPT — nog niet definitief; niet verzenden."), "CellBold")]],
                colWidths=[FRAME_WIDTH], hAlign="LEFT")
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, RULE),
                             ("FONTNAME", (0, 0), (-1, -1), FONT_BOLD),
                             ("TOPPADDING", (0, 0), (-1, -1), 4),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                             ("LEFTPADDING", (0, 0), (-1, -1), 5)]))
    return box


def opening(frame: LetterFrame) -> list[Flowable]:
    """Addressee, date, reference, subject and contact person, then the salutation."""
    story: list[Flowable] = []
    if frame.concept:
        story += [concept_banner(), gap(3)]
    story += [
        paragraph(frame.addressee, "Heading2"),
        gap(2),
        facts_table([
            (_("Datum"), long_date(frame.letter_date)),
            (_("Ons kenmerk"), _("{reference}, versie {version}").format(
                reference=frame.reference, version=frame.version)),
            (_("Betreft"), frame.subject),
            (_("Contactpersoon"), frame.contact),
        ], label_share=0.22),
        gap(5),
        paragraph(_("Geachte heer, mevrouw,")),
    ]
    return story


def text_block(text: str) -> list[Flowable]:
    """Free text as paragraphs: an empty line starts a new paragraph."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [paragraph(block) for block in blocks if block]


def closing(frame: LetterFrame, text: str) -> list[Flowable]:
    """The closing text, "Met vriendelijke groet" and the signatory from the letterhead."""
    letterhead = frame.letterhead
    story = text_block(text)
    lines = [letterhead.signatory_name, letterhead.signatory_role, letterhead.region_name]
    signature = "<br/>".join(markup(line) for line in lines if line.strip())
    story += [gap(6), paragraph(_("Met vriendelijke groet,")), gap(10),
              Paragraph(signature, stylesheet()["Body"])]
    return story


def earlier_table(earlier: tuple[EarlierEscalation, ...]) -> list[Flowable]:
    """Earlier escalations and what came of them."""
    from expertteam.documents.blocks import data_table

    rows = [[e.reference, e.addressee,
             short_date(e.sent_on) or _("niet verzonden"), e.status,
             short_date(e.response_on) or "–"] for e in earlier]
    story: list[Flowable] = [data_table(
        [_("Kenmerk"), _("Aan"), _("Verzonden"), _("Status"), _("Antwoord op")], rows,
        (0.16, 0.38, 0.15, 0.16, 0.15))]
    for item in earlier:
        if item.response.strip():
            story.append(paragraph(_("Antwoord op {reference} ({date}):").format(
                reference=item.reference, date=short_date(item.response_on)), "Label"))
            story += [paragraph(block, "BodySmall") for block in
                      item.response.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return story
