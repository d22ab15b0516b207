"""The case escalation letter to a bovenregionaal expertisenetwerk or the OZJ.

One child, pseudonymised (case number, initials, birth year): measure and date, the responsible
gemeente and GI, the blockers, a dated timeline of the agreements and which participant did not
meet which, earlier escalations, the request, the contact person and the signatory.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from expertteam.documents.blocks import cell, data_table, facts_table, heading, paragraph
from expertteam.documents.data import DocumentMeta
from expertteam.documents.letter_data import CaseLetter
from expertteam.documents.letter_parts import (
    closing,
    earlier_table,
    letter_meta,
    opening,
    text_block,
)
from expertteam.documents.render_lock import rendered
from expertteam.documents.styles import render_document
from expertteam.formatting import short_date
from expertteam.i18n import _


def case_letter_meta(data: CaseLetter) -> DocumentMeta:
    return letter_meta(data.frame, _("Escalatie casus {case} ({reference})").format(
        case=data.case_number, reference=data.frame.reference),
        _("Verzoek om ondersteuning bij een vastgelopen casus"))


def _measures(data: CaseLetter) -> str:
    if not data.measures:
        return _("geen maatregel vastgelegd")
    return "\n".join(_("{kind}, uitspraak {date}").format(kind=m.kind,
                                                         date=short_date(m.ruling_date) or "–")
                     if m.ruling_date else m.kind for m in data.measures)


def case_letter_story(data: CaseLetter) -> list[Flowable]:
    story = opening(data.frame)
    story += text_block(data.introduction)
    story += heading(_("Het kind"))
    story.append(facts_table([
        (_("Casus"), data.case_number),
        (_("Initialen"), data.initials),
        (_("Geboortejaar"), str(data.birth_year) if data.birth_year else "–"),
        (_("Maatregel"), _measures(data)),
        (_("Gemeente (regie)"), data.municipality),
        (_("Gecertificeerde instelling"), data.gi),
        (_("Wacht op"), data.waiting or _("nee")),
    ], label_share=0.3))
    story += heading(_("Knelpunten"))
    if data.blockers:
        story.append(data_table([_("Knelpunt"), _("Bij"), _("Sinds")],
                                [[b.kind, b.organisation or "–", short_date(b.since) or "–"]
                                 for b in data.blockers], (0.5, 0.34, 0.16)))
    else:
        story.append(paragraph(_("Er staan geen open knelpunten geregistreerd.")))
    if data.goal.strip():
        story += heading(_("Doorbraakdoel"))
        story += text_block(data.goal)
    story += heading(_("Niet nagekomen afspraken"))
    if data.missed:
        story.append(data_table(
            [_("Deelnemer"), _("Afspraak"), _("Termijn"), _("Wat er gebeurde")],
            [[m.participant, _("{n}. {text}").format(n=m.number, text=m.description),
              short_date(m.due_on), m.outcome] for m in data.missed],
            (0.22, 0.43, 0.12, 0.23)))
    else:
        story.append(paragraph(_("Er zijn geen afspraken als niet nagekomen geregistreerd.")))
    story += heading(_("Tijdlijn van de afspraken"))
    if data.timeline:
        story.append(data_table(
            [_("Datum"), _("Deelnemer"), _("Wat"), _("Nagekomen")],
            [[short_date(t.on), t.participant,
              cell(t.text, "CellBold") if t.missed else t.text,
              _("nee") if t.missed else _("ja") if t.met else ""]
             for t in data.timeline], (0.12, 0.2, 0.52, 0.16)))
    else:
        story.append(paragraph(_("Er zijn nog geen afspraken vastgelegd.")))
    if data.earlier:
        story += heading(_("Eerdere escalaties"))
        story += earlier_table(data.earlier)
    story += heading(_("Ons verzoek"))
    story += text_block(data.request)
    story += closing(data.frame, data.closing)
    return story


@rendered
def render_case_letter(data: CaseLetter) -> bytes:
    """The case escalation letter as PDF bytes."""
    return render_document(case_letter_story(data), case_letter_meta(data),
                           data.frame.letterhead)
